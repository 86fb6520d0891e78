//! What the events stage needs from the knowledge base, as one trait.
//!
//! Events ask "who is this phrase?" and "where is this place?" without
//! knowing how the knowledge base is stored; the pipeline supplies the real
//! implementation (`sitrep-resolve`), tests can supply a table. Keeping the
//! seam narrow lets the KB change its index without touching event rules.

use sitrep_core::{Actor, Place};

/// Broad kind of event an actor takes part in: decides whether a capital
/// used as a metonym ("Washington launched strikes") names the military or
/// the government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Military,
    Political,
}

/// What a whole document says about where it is set.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// ISO3 countries mentioned (names and demonyms), by weight, heaviest first.
    pub countries: Vec<(String, f32)>,
    /// Places already resolved in the document, for proximity.
    pub places: Vec<Place>,
}

impl DocContext {
    pub fn main_country(&self) -> Option<&str> {
        self.countries.first().map(|(c, _)| c.as_str())
    }
}

/// A resolution with how sure it is and what it matched, for `--explain`.
#[derive(Debug, Clone)]
pub struct Resolved<T> {
    pub value: T,
    pub confidence: f32,
    /// The knowledge-base name or alias that matched.
    pub matched: String,
}

pub trait Resolver: Send + Sync {
    /// Countries the text mentions, for context.
    fn document_context(&self, text: &str) -> DocContext;
    /// A place name as written; `None` when the name is unknown.
    fn place(&self, text: &str, ctx: &DocContext) -> Option<Resolved<Place>>;
    /// An actor phrase as written; `None` when nothing in it is known.
    fn actor(&self, text: &str, family: Family, ctx: &DocContext) -> Option<Resolved<Actor>>;
    /// A country as a place, at country precision, by ISO3 code.
    fn country(&self, iso3: &str, ctx: &DocContext) -> Option<Place>;
    /// The PLOVER sector of the agent noun an unnamed phrase ends in
    /// ("three suspected kidnappers" → CRM): whether it names people.
    fn agent_sector(&self, _text: &str) -> Option<String> {
        None
    }
    /// Whether a place phrase names a body of water ("the Red Sea", "Gulf
    /// of Aden"), which the gazetteer holds no place for.
    fn names_water(&self, _text: &str) -> bool {
        false
    }
}

/// A resolver that knows nothing: events keep their text unresolved.
pub struct NoResolver;

impl Resolver for NoResolver {
    fn document_context(&self, _text: &str) -> DocContext {
        DocContext::default()
    }
    fn place(&self, _text: &str, _ctx: &DocContext) -> Option<Resolved<Place>> {
        None
    }
    fn actor(&self, _text: &str, _family: Family, _ctx: &DocContext) -> Option<Resolved<Actor>> {
        None
    }
    fn country(&self, _iso3: &str, _ctx: &DocContext) -> Option<Place> {
        None
    }
}
