//! The last named subject of the story so far, which "it", "they" or "its"
//! in a later sentence may stand for, with the parse of the sentences read
//! only for their subject put off until such a pronoun asks for it.
//!
//! Why: a third of the sentences the parser read (a quarter of the parsed
//! words on the benchmark pages) were parsed only in case a pronoun two
//! sentences on needed their subject, and most pronouns are resolved
//! before that (the subject of their own clause, a named group), or never
//! asked about. The answer is the same as parsing them at once: a
//! subject's actor depends on the sentence and the story's countries,
//! which do not change while the story is read, and the actor memo gives
//! the same answer whenever it is first asked.

use sitrep_core::{Actor, Document, Sentence};

use super::EventExtractor;
use crate::resolver::DocContext;
use crate::sentence::SentView;

/// Parses a sentence left tagged but unparsed (the language pipeline's
/// `Nlp::parse_deferred`).
pub type ParseLater<'a> = &'a dyn Fn(&Sentence) -> Sentence;

/// The sentences of a document the language pipeline left unparsed
/// because they are read only for their subject (`select::Reading::Subject`,
/// never one the rules read whole), and how to parse one of them.
#[derive(Clone, Copy)]
pub struct Deferred<'a> {
    /// Per sentence of the annotation, whether it was left unparsed.
    pub sentences: &'a [bool],
    pub parse: ParseLater<'a>,
}

impl Deferred<'_> {
    pub(super) fn has(&self, index: usize) -> bool {
        self.sentences.get(index).copied().unwrap_or(false)
    }
}

/// What the next pronoun reads as the last named subject.
#[derive(Default)]
pub(super) struct LastSubject<'a> {
    /// The subject last set.
    value: Option<Actor>,
    /// Sentences after it whose subject, once parsed, may replace it; in
    /// story order, each with its index.
    pending: Vec<(usize, &'a Sentence)>,
    parse: Option<ParseLater<'a>>,
}

impl<'a> LastSubject<'a> {
    /// None yet; sentences given to [`LastSubject::defer`] are parsed by
    /// `parse` when asked for.
    pub(super) fn new(parse: Option<ParseLater<'a>>) -> LastSubject<'a> {
        LastSubject {
            parse,
            ..LastSubject::default()
        }
    }

    /// The subject named now: it replaces every earlier one.
    pub(super) fn set(&mut self, actor: Actor) {
        self.value = Some(actor);
        self.pending.clear();
    }

    /// A sentence whose subject counts from here on, to be parsed only when
    /// a pronoun asks.
    pub(super) fn defer(&mut self, index: usize, sentence: &'a Sentence) {
        self.pending.push((index, sentence));
    }

    /// The last named subject: as if the put-off sentences had been read
    /// when they came, the last of them with a named subject gives it. So
    /// they are parsed from the last back, up to the first that names one.
    pub(super) fn get(
        &mut self,
        ex: &EventExtractor<'_>,
        doc: &Document,
        ctx: &DocContext,
    ) -> Option<&Actor> {
        let pending = std::mem::take(&mut self.pending);
        if let Some(parse) = self.parse {
            for (index, sentence) in pending.into_iter().rev() {
                let parsed = parse(sentence);
                let repaired = crate::reroot::repair(&parsed);
                let v = SentView::new(index, repaired.as_ref().unwrap_or(&parsed));
                if let Some(actor) = ex.subject(doc, &v, ctx) {
                    self.value = Some(actor);
                    break;
                }
            }
        }
        self.value.as_ref()
    }
}
