//! The knowledge base of places and actors, and resolution of names against it.
//!
//! The events stage calls [`Kb`]: `resolve_place` and `resolve_actor` turn a
//! name as written into a `sitrep_core::Place` / `Actor` with a confidence,
//! `find_places` / `find_actors` spot known names in raw text when the
//! tagger missed them, and `document_context` counts the countries a story is
//! about so namesakes ("Tripoli") follow the story. `sitrep kb build` compiles
//! the files this loads (see `data/kb/README.md`).

pub mod actors;
pub mod build;
pub mod context;
pub mod error;
pub mod eval;
pub mod matcher;
pub mod normalize;
pub mod places;
pub mod resolution;

use std::path::Path;

use sitrep_core::{Actor, Place};

pub use actors::ActorTable;
pub use context::{ActorContext, DocContext, EventFamily, PlaceContext, PlaceModifier};
pub use error::KbError;
pub use matcher::{Mention, MentionKind};
pub use places::Gazetteer;
pub use resolution::Resolution;

/// The loaded knowledge base. Immutable after loading, so one instance can be
/// shared by every worker thread (`Kb: Send + Sync`).
pub struct Kb {
    pub places: Gazetteer,
    pub actors: ActorTable,
}

impl Kb {
    /// Loads `data/kb/` (or `$SITREP_DATA/kb`).
    pub fn load_default() -> Result<Kb, KbError> {
        Kb::load(&sitrep_core::data_dir().join("kb"))
    }

    /// Loads a knowledge base compiled by `sitrep kb build` into `dir`.
    pub fn load(dir: &Path) -> Result<Kb, KbError> {
        let places = Gazetteer::load(dir)?;
        let actors = ActorTable::load(dir, &places)?;
        Ok(Kb { places, actors })
    }

    /// Resolves a place name as written ("al-Qaim", "near Kharkiv",
    /// "Al Qaim, Anbar").
    pub fn resolve_place(&self, text: &str, ctx: &PlaceContext) -> Resolution<Place> {
        self.places.resolve(text, ctx)
    }

    /// Resolves an actor name as written ("Kattayib Hezbollah", "Iraqi
    /// Foreign Minister Fuad Hussein", "Washington").
    pub fn resolve_actor(&self, text: &str, ctx: &ActorContext) -> Resolution<Actor> {
        self.actors.resolve(text, ctx, &self.places)
    }

    /// Counts the countries a document mentions: country names, demonyms,
    /// capitals and other large places.
    pub fn document_context(&self, text: &str) -> DocContext {
        matcher::document_context(self, text)
    }

    /// Known place names in raw text, with byte offsets.
    pub fn find_places(&self, text: &str) -> Vec<Mention> {
        matcher::find_places(self, text)
    }

    /// Known actor names in raw text, with byte offsets.
    pub fn find_actors(&self, text: &str) -> Vec<Mention> {
        matcher::find_actors(self, text)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kb_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Kb>();
    }
}
