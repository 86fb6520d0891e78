//! The knowledge base of places and actors, and resolution of names against it.
