//! Resolution speed and knowledge-base load time (`cargo bench -p sitrep-resolve`).
fn main() {}
