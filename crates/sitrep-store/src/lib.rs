//! The embedded SQLite event store, with versioned migrations.
