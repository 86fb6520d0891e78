//! Where sitrep finds its shipped data (models, knowledge base, samples).

use std::path::PathBuf;

/// The `data/` folder: `$SITREP_DATA` if set, else the repository's own
/// `data/` as seen at build time.
///
/// Why not embed everything in the binary: models and the knowledge base are
/// rebuilt by sitrep's own `train` and `kb build` commands, which must run
/// before the files exist; reading them at run time keeps that loop simple,
/// and `SITREP_DATA` lets an installed binary point at a copy.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("SITREP_DATA") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")),
    }
}
