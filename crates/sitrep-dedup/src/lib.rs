//! Groups reports of the same real-world event into clusters.
//!
//! When Reuters, Al Jazeera, a local outlet and a translated repost all report
//! one air strike, an analyst wants one event with four sources. This crate
//! decides, for a pair of events, whether they can be the same event
//! ([`compat`]; within one document only on ACLED's terms: same type, day,
//! town and participants), picks the cluster a new event joins
//! ([`assign`]), and builds each cluster's canonical record ([`canonical`]).
//!
//! It holds no storage of its own: clustering is incremental, and the caller
//! (the SQLite store, or [`MemoryIndex`] in tests and evaluations) supplies
//! the candidate clusters near a new event in time and space, so adding a
//! document never recomputes the world.

pub mod assign;
pub mod canonical;
pub mod compat;
pub mod memory;
pub mod names;
pub mod report;

pub use assign::{choose_cluster, Candidate};
pub use canonical::canonical;
pub use compat::{compare, Verdict};
pub use memory::MemoryIndex;
pub use report::{family, Report};
