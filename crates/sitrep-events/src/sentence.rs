//! A sentence as the event rules read it: tokens with their dependency
//! tree, lowercased forms, and phrase and clause spans.

use sitrep_core::{Sentence, Token};

pub struct SentView<'a> {
    pub index: usize,
    pub toks: &'a [Token],
    pub lower: Vec<String>,
    /// Dependents of each token (0-based), in order.
    pub children: Vec<Vec<usize>>,
    /// Whether the parser filled heads and relations.
    pub parsed: bool,
    /// Whether the tagger filled UPOS tags.
    pub tagged: bool,
    pub start: usize,
    pub end: usize,
}

impl<'a> SentView<'a> {
    pub fn new(index: usize, s: &'a Sentence) -> SentView<'a> {
        let toks = &s.tokens[..];
        let parsed = toks.iter().any(|t| t.deprel != "_" && !t.deprel.is_empty())
            && toks.iter().all(|t| t.head <= toks.len());
        let tagged = toks.iter().any(|t| t.upos != "_" && !t.upos.is_empty());
        let mut children = vec![Vec::new(); toks.len()];
        if parsed {
            for (i, t) in toks.iter().enumerate() {
                if t.head > 0 && t.head - 1 != i {
                    children[t.head - 1].push(i);
                }
            }
        }
        SentView {
            index,
            toks,
            lower: toks.iter().map(|t| lower(&t.text)).collect(),
            children,
            parsed,
            tagged,
            start: s.start,
            end: s.end,
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        if !self.parsed {
            return None;
        }
        let h = self.toks[i].head;
        (h > 0 && h - 1 != i).then(|| h - 1)
    }

    pub fn deprel(&self, i: usize) -> &str {
        &self.toks[i].deprel
    }

    pub fn upos(&self, i: usize) -> &str {
        &self.toks[i].upos
    }

    /// Whether token `i` is written with a capital first letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.toks[i]
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// Dependents of `i` with relation `rel` (or a subtype of it: "obl"
    /// matches "obl:tmod").
    pub fn deps<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i].iter().copied().filter(move |&c| {
            let r = self.deprel(c);
            r == rel || r.split(':').next() == Some(rel)
        })
    }

    /// The case marker (preposition) of a nominal: "in" for "in Baghdad".
    pub fn case_of(&self, i: usize) -> Option<String> {
        let mut words: Vec<&str> = self
            .deps(i, "case")
            .map(|c| self.lower[c].as_str())
            .collect();
        if words.is_empty() {
            // Parsers often hang the preposition on a word inside the
            // phrase ("against the “Kattayib Hezbollah” faction"): take the
            // phrase's first word when it is one. A verb heads a clause,
            // whose first word is its adjuncts' ("Over the weekend,
            // militants attacked"), never its own.
            let (from, _) = self.subtree(i);
            let clause = matches!(self.upos(i), "VERB" | "AUX");
            if from < i && !clause && (self.upos(from) == "ADP" || self.deprel(from) == "case") {
                words.push(self.lower[from].as_str());
            }
        }
        if words.is_empty() {
            return None;
        }
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Some(words.join(" "))
    }

    /// Token range `[from, to)` of the subtree rooted at `i`.
    pub fn subtree(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        let mut seen = 0usize;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > self.len() {
                break; // a cycle in a malformed parse
            }
            lo = lo.min(n);
            hi = hi.max(n);
            stack.extend(self.children[n].iter().copied());
        }
        (lo, hi + 1)
    }

    /// The noun phrase headed by `i` without its clauses and prepositional
    /// dependents: "the “Kattayib Hezbollah” faction", "its foreign
    /// operations officer".
    pub fn core_phrase(&self, i: usize) -> (usize, usize) {
        if !self.parsed {
            return self.linear_phrase(i);
        }
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        let mut guard = 0;
        while let Some(n) = stack.pop() {
            guard += 1;
            if guard > self.len() {
                break;
            }
            for &c in &self.children[n] {
                let rel = self.deprel(c).split(':').next().unwrap_or("");
                if matches!(
                    rel,
                    "det" | "amod" | "compound" | "flat" | "nummod" | "nmod" | "punct" | "case"
                ) && (rel != "nmod"
                    || matches!(self.deprel(c), "nmod:poss" | "nmod:desc")
                    || (n == i && self.counts_what(n, c)))
                    && (rel != "punct" || (c > lo.saturating_sub(2) && c < hi + 2))
                    && rel != "case"
                    // No adjective comes before its noun's determiner or
                    // numeral: "shot dead a councillor", "shot dead two
                    // men" hang "dead" on the verb, whatever the parse says.
                    && !(rel == "amod"
                        && (self.deps(n, "det").any(|d| c < d && self.upos(d) == "DET")
                            || self.deps(n, "nummod").any(|d| c < d)))
                    // An adjective after its noun heads a phrase of its own
                    // ("militias loyal to the government"), not a word of
                    // the name; taking it would take whatever lies between.
                    // (A capitalised one is a name's: "Motor Cycle Monthly".)
                    && !(rel == "amod" && c > n && self.upos(c) == "ADJ" && !self.capitalised(c))
                {
                    lo = lo.min(c);
                    hi = hi.max(c);
                    stack.push(c);
                }
            }
        }
        // Trim punctuation at the edges.
        while lo < hi && is_punct(&self.toks[lo].text) {
            lo += 1;
        }
        while hi > lo && is_punct(&self.toks[hi].text) {
            hi -= 1;
        }
        (lo, hi + 1)
    }

    /// Whether `c` is the "of" complement that says what the noun `head`
    /// counts or gathers ("dozens of soldiers", "a group of fighters"): the
    /// phrase is about the soldiers, so it keeps them.
    fn counts_what(&self, head: usize, c: usize) -> bool {
        matches!(
            self.lower[head].as_str(),
            "dozens"
                | "scores"
                | "hundreds"
                | "thousands"
                | "tens"
                | "number"
                | "group"
                | "band"
                | "batch"
                | "handful"
        ) && self.deprel(c) == "nmod"
            && self.children[c]
                .iter()
                .any(|&k| self.deprel(k) == "case" && self.lower[k] == "of")
    }

    /// Without a parse: the run of adjectives, nouns, names and determiners
    /// around `i`.
    fn linear_phrase(&self, i: usize) -> (usize, usize) {
        let inside = |j: usize| {
            let t = &self.toks[j].text;
            let w = &self.lower[j];
            !is_punct(t) && !STOP_EDGE.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "the" | "its" | "a" | "an" | "his" | "their" | "“" | "”"
                )
        };
        let mut lo = i;
        while lo > 0 && inside(lo - 1) && !VERBISH.contains(&self.lower[lo - 1].as_str()) {
            lo -= 1;
        }
        let mut hi = i + 1;
        while hi < self.len()
            && inside(hi)
            && self.toks[hi]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            hi += 1;
        }
        (lo, hi)
    }

    /// Byte range in the document of tokens `[from, to)`.
    pub fn byte_span(&self, from: usize, to: usize) -> (usize, usize) {
        (self.toks[from].start, self.toks[to.max(from + 1) - 1].end)
    }

    /// Token index where the clause holding `i` starts: just after the
    /// nearest clause break (`,` `;` `:` or a quote mark) before it.
    pub fn clause_start(&self, i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&j| {
                matches!(
                    self.lower[j].as_str(),
                    ";" | ":" | "," | "\"" | "“" | "”" | "—" | "–" | "(" | ")"
                )
            })
            .map_or(0, |j| j + 1)
    }

    pub fn clause_end(&self, i: usize) -> usize {
        (i + 1..self.len())
            .find(|&j| {
                matches!(
                    self.lower[j].as_str(),
                    ";" | ":" | "," | "\"" | "“" | "”" | "—" | "(" | ")"
                )
            })
            .unwrap_or(self.len())
    }
}

const STOP_EDGE: &[&str] = &[
    "in", "on", "at", "of", "to", "by", "for", "with", "from", "and", "or", "that", "which", "who",
    "after", "before", "during", "since", "against", "as", "is", "was", "were", "are", "be",
    "been", "has", "have", "had", "said", "says",
];
const VERBISH: &[&str] = &[
    "launched", "killed", "carried", "said", "attacked", "targeted",
];

pub fn is_punct(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| !c.is_alphanumeric())
}

/// Whether token `i` closes a hyphenated word: a hyphen before it with no
/// space on either side ("led" in "Saudi-led", "strike" in "drone-strike").
pub(crate) fn after_glued_hyphen(toks: &[Token], i: usize) -> bool {
    i >= 2
        && toks[i - 1].text == "-"
        && toks[i - 2].end == toks[i - 1].start
        && toks[i - 1].end == toks[i].start
}

/// A token as the trigger lexicon reads it: lowercased, curly apostrophes
/// straightened ("they’re" and "they're" alike).
pub(crate) fn lower(text: &str) -> String {
    // Nearly every token is ASCII: one pass and one allocation, where
    // Unicode lowercasing and the quote replacement made two of each.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    normalize_quotes(&text.to_lowercase())
}

/// Whether [`lower`] of `text` is one of `words` (written in lower case),
/// without building it for an ASCII token. Why: the parse repairs ask this
/// of every token of every parsed sentence, and a string each was most of
/// their cost.
pub(crate) fn lower_is_any(text: &str, words: &[&str]) -> bool {
    if text.is_ascii() {
        return words.iter().any(|w| text.eq_ignore_ascii_case(w));
    }
    words.contains(&lower(text).as_str())
}

fn normalize_quotes(s: &str) -> String {
    s.replace(['‘', '’'], "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answer as building [`lower`] and comparing, on ASCII tokens
    /// in any case and on tokens whose lower case is ASCII only beyond it
    /// (the Kelvin sign lower-cases to "k").
    #[test]
    fn lower_is_any_as_lower() {
        let words = ["has", "shot", "today", "k"];
        for text in [
            "has", "HAS", "Has", "hasn't", "shot", "SHOT", "shot’", "Today", "today's", "K",
            "\u{212A}", "İ", "", "hás", "tODAY",
        ] {
            let built = words.contains(&lower(text).as_str());
            assert_eq!(lower_is_any(text, &words), built, "{text:?}");
        }
    }
}
