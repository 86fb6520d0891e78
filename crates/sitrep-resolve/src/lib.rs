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
use std::sync::Mutex;

use sitrep_core::{Actor, Place};

pub use actors::ActorTable;
pub use context::{ActorContext, DocContext, EventFamily, PlaceContext, PlaceModifier};
pub use error::KbError;
pub use matcher::{Mention, MentionKind};
pub use places::Gazetteer;
pub use resolution::Resolution;

/// The loaded knowledge base. Immutable after loading, so one instance can be
/// shared by every worker thread (`Kb: Send + Sync`); only a memo of the
/// latest document contexts changes.
pub struct Kb {
    pub places: Gazetteer,
    pub actors: ActorTable,
    recent_contexts: Mutex<Vec<(String, DocContext)>>,
}

/// Texts at least this long have their [`DocContext`] remembered: the
/// stages ask for a whole story's context three times (its events, where
/// the story is, who the crowds are), and reading every place name of a
/// story was a tenth of the pipeline's time. Short phrases are cheap to
/// read again and would only push stories out of the memo.
const MEMO_MIN_BYTES: usize = 512;
/// How many stories' contexts are remembered (one per worker at a time
/// is the usual case; two leave room for a second thread).
const MEMO_LEN: usize = 2;

impl Kb {
    /// Loads `data/kb/` (or `$SITREP_DATA/kb`).
    pub fn load_default() -> Result<Kb, KbError> {
        Kb::load(&sitrep_core::data_dir().join("kb"))
    }

    /// Loads a knowledge base compiled by `sitrep kb build` into `dir`.
    pub fn load(dir: &Path) -> Result<Kb, KbError> {
        let places = Gazetteer::load(dir)?;
        let actors = ActorTable::load(dir, &places)?;
        Ok(Kb {
            places,
            actors,
            recent_contexts: Mutex::new(Vec::new()),
        })
    }

    /// Resolves a place name as written ("al-Qaim", "near Kharkiv",
    /// "Al Qaim, Anbar").
    ///
    /// A bare word for a state's institution ("Congress", "Police") is a
    /// place only inside a country the story is about: "outside Congress"
    /// in a story from Lima is no town in Arizona (nor "Police" one in
    /// Poland), whatever the gazetteer's exact match.
    pub fn resolve_place(&self, text: &str, ctx: &PlaceContext) -> Resolution<Place> {
        let r = self.places.resolve(text, ctx);
        let outside_story = |p: &Place| {
            p.country
                .as_deref()
                .is_none_or(|c| ctx.country_weight(c) <= 0.0)
        };
        if !ctx.countries.is_empty()
            && r.best.as_ref().is_some_and(outside_story)
            && self.actors.names_institution(text)
        {
            return Resolution::unresolved();
        }
        r
    }

    /// Resolves an actor name as written ("Kattayib Hezbollah", "Iraqi
    /// Foreign Minister Fuad Hussein", "Washington").
    pub fn resolve_actor(&self, text: &str, ctx: &ActorContext) -> Resolution<Actor> {
        self.actors.resolve(text, ctx, &self.places)
    }

    /// The PLOVER sector of the agent noun a phrase ends in ("two
    /// journalists" → MED), whatever country it is of.
    pub fn agent_sector(&self, text: &str) -> Option<&str> {
        self.actors.agent_sector(text)
    }

    /// Counts the countries a document mentions: country names, demonyms,
    /// capitals and other large places.
    pub fn document_context(&self, text: &str) -> DocContext {
        if text.len() < MEMO_MIN_BYTES {
            return matcher::document_context(self, text);
        }
        // A poisoned memo (a panic elsewhere while it was held) is only a
        // cache: read the text again.
        if let Ok(memo) = self.recent_contexts.lock() {
            if let Some((_, ctx)) = memo.iter().find(|(t, _)| t == text) {
                return ctx.clone();
            }
        }
        let ctx = matcher::document_context(self, text);
        if let Ok(mut memo) = self.recent_contexts.lock() {
            if memo.len() >= MEMO_LEN {
                memo.remove(0);
            }
            memo.push((text.to_string(), ctx.clone()));
        }
        ctx
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
