//! Groups reports of the same real-world event into clusters.
