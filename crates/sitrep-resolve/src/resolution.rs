//! The answer to "what does this name refer to", with how sure it is.

use serde::Serialize;

/// A resolution of one name. `best` is `None` when the knowledge base does
/// not know the name or cannot choose with any confidence: the caller keeps
/// the text as written rather than a wrong guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution<T> {
    pub best: Option<T>,
    /// 0..1: how much of the evidence points at `best`.
    pub confidence: f32,
    /// Every candidate considered with its score, best first (for `--explain`).
    pub candidates: Vec<(T, f32)>,
    /// The knowledge-base key that matched, e.g. `fold:kaim` or
    /// `skeleton:dr zr`, or an alias.
    pub matched: Option<String>,
}

impl<T> Resolution<T> {
    pub fn unresolved() -> Resolution<T> {
        Resolution {
            best: None,
            confidence: 0.0,
            candidates: Vec::new(),
            matched: None,
        }
    }

    pub fn is_resolved(&self) -> bool {
        self.best.is_some()
    }
}
