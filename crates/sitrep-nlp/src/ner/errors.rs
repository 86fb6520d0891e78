//! Where entity F1 is lost. `sitrep eval ner` gives precision and recall;
//! this sorts the errors behind them, as in the error analyses of the NER
//! literature: each gold mention is right, has the right span but the wrong
//! type, overlaps a prediction of its type with other boundaries, overlaps
//! only predictions of other types, or is missed; each prediction that
//! overlaps no gold mention is spurious.

use std::collections::BTreeMap;

use crate::conllu::GoldSentence;
use crate::Nlp;

/// Error counts for one entity type (gold type; spurious by predicted type).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Breakdown {
    pub right: usize,
    /// Same span, other type.
    pub wrong_type: usize,
    /// Overlaps a prediction of the same type, other boundaries.
    pub wrong_span: usize,
    /// Overlaps only predictions of other types, other boundaries.
    pub wrong_span_and_type: usize,
    /// Overlaps no prediction.
    pub missed: usize,
    /// Predictions of this type overlapping no gold mention.
    pub spurious: usize,
}

impl std::fmt::Display for Breakdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "right {}  wrong type {}  wrong span {}  wrong span+type {}  missed {}  spurious {}",
            self.right,
            self.wrong_type,
            self.wrong_span,
            self.wrong_span_and_type,
            self.missed,
            self.spurious
        )
    }
}

/// Mentions `(first, last + 1, type)` of one sentence's IOB2 tags; an
/// `I-` tag that continues nothing starts a mention, as conlleval reads it.
pub fn mentions<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, label) = t.as_ref().split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && open.is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((from, l)) = open.take() {
                out.push((from, i, l.to_string()));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, label));
            }
        }
    }
    if let Some((from, l)) = open {
        out.push((from, tags.len(), l.to_string()));
    }
    out
}

/// Adds one sentence's errors to `out` (keyed by entity type).
pub fn add_sentence<S: AsRef<str>>(
    gold: &[S],
    predicted: &[S],
    out: &mut BTreeMap<String, Breakdown>,
) {
    let (g, p) = (mentions(gold), mentions(predicted));
    let overlaps = |a: &(usize, usize, String), b: &(usize, usize, String)| a.0 < b.1 && b.0 < a.1;
    for m in &g {
        let slot = out.entry(m.2.clone()).or_default();
        let over: Vec<&(usize, usize, String)> = p.iter().filter(|q| overlaps(m, q)).collect();
        if over.contains(&m) {
            slot.right += 1;
        } else if over.iter().any(|q| q.0 == m.0 && q.1 == m.1) {
            slot.wrong_type += 1;
        } else if over.iter().any(|q| q.2 == m.2) {
            slot.wrong_span += 1;
        } else if !over.is_empty() {
            slot.wrong_span_and_type += 1;
        } else {
            slot.missed += 1;
        }
    }
    for q in &p {
        if !g.iter().any(|m| overlaps(m, q)) {
            out.entry(q.2.clone()).or_default().spurious += 1;
        }
    }
}

/// Tags every gold sentence (gold tokenization) and sorts the errors.
pub fn breakdown(nlp: &Nlp, gold: &[GoldSentence]) -> BTreeMap<String, Breakdown> {
    let mut out = BTreeMap::new();
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let predicted: Vec<String> = nlp
            .annotate_words(&words)
            .into_iter()
            .map(|t| t.ner)
            .collect();
        let gold: Vec<&str> = s.words.iter().map(|w| w.ner.as_str()).collect();
        let predicted: Vec<&str> = predicted.iter().map(String::as_str).collect();
        add_sentence(&gold, &predicted, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_each_kind_of_error() {
        // Gold: [Fuad Hussain]PER met [Google]ORG in [New York]LOC ; [Iraq]LOC
        let gold = [
            "B-PER", "I-PER", "O", "B-ORG", "O", "B-LOC", "I-LOC", "O", "B-LOC",
        ];
        // Predicted: right PER, Google as LOC, [New]LOC only, Iraq missed, "met" spurious ORG.
        let pred = [
            "B-PER", "I-PER", "B-ORG", "B-LOC", "O", "B-LOC", "O", "O", "O",
        ];
        let mut out = BTreeMap::new();
        add_sentence(&gold, &pred, &mut out);
        assert_eq!(out["PER"].right, 1);
        assert_eq!(out["ORG"].wrong_type, 1);
        assert_eq!(out["ORG"].spurious, 1);
        assert_eq!(out["LOC"].wrong_span, 1);
        assert_eq!(out["LOC"].missed, 1);
        assert_eq!(out["LOC"].spurious, 0);
    }

    #[test]
    fn a_stray_inside_tag_starts_a_mention() {
        assert_eq!(
            mentions(&["O", "I-ORG", "I-ORG", "B-LOC"]),
            vec![(1, 3, "ORG".to_string()), (3, 4, "LOC".to_string())]
        );
    }
}
