//! `sitrep kb build`: every compiled file under `data/kb/` from the raw
//! sources in `../shared/data/` and the curated files beside the output.

use std::path::Path;

use crate::actors::build::{self as actors_build, ActorsSummary};
use crate::error::KbError;
use crate::places::build::{self as places_build, PlacesSummary};
use crate::places::Gazetteer;

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub places: PlacesSummary,
    pub actors: ActorsSummary,
}

/// Builds the gazetteer, then the actor table (which needs the countries),
/// into `kb_dir`. `kb_dir` must hold the curated inputs
/// `places-supplement.tsv` and `actors-curated.tsv`.
pub fn build(shared_data: &Path, kb_dir: &Path) -> Result<Summary, KbError> {
    let places = places_build::build(
        &places_build::Inputs::from_shared(shared_data, kb_dir),
        kb_dir,
    )?;
    let gazetteer = Gazetteer::load(kb_dir)?;
    let actors = actors_build::build(
        &actors_build::Inputs::from_shared(shared_data, kb_dir),
        &gazetteer,
        kb_dir,
    )?;
    Ok(Summary { places, actors })
}
