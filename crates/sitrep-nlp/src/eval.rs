//! Scoring against gold files: tag accuracy, attachment scores, entity
//! P/R/F1 (exact span and type, as conlleval), token and sentence F1 from raw
//! text (as the CoNLL 2018 shared task scores them, by character spans).

use std::collections::HashSet;

use crate::conllu::GoldSentence;
use crate::tokenize;
use crate::Nlp;

#[derive(Debug, Default, Clone, Copy)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.2}%  R {:.2}%  F1 {:.2}%  (gold {}, predicted {}, correct {})",
            100.0 * self.precision(),
            100.0 * self.recall(),
            100.0 * self.f1(),
            self.gold,
            self.predicted,
            self.correct
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn words(s: &GoldSentence) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

/// (UPOS accuracy, XPOS accuracy, words).
pub fn pos(nlp: &Nlp, gold: &[GoldSentence]) -> (f64, f64, usize) {
    let (mut u, mut x, mut n) = (0, 0, 0);
    for s in gold {
        let toks = nlp.annotate_words(&words(s));
        for (t, g) in toks.iter().zip(&s.words) {
            u += usize::from(t.upos == g.upos);
            x += usize::from(t.xpos == g.xpos);
            n += 1;
        }
    }
    (ratio(u, n), ratio(x, n), n)
}

/// (UAS, LAS, words) over all words including punctuation, with predicted
/// tags; LAS compares full relation names (`obl:tmod`).
pub fn parse(nlp: &Nlp, gold: &[GoldSentence]) -> (f64, f64, usize) {
    let (mut ua, mut la, mut n) = (0, 0, 0);
    for s in gold {
        let toks = nlp.annotate_words(&words(s));
        for (t, g) in toks.iter().zip(&s.words) {
            if t.head == g.head {
                ua += 1;
                la += usize::from(t.deprel == g.deprel);
            }
            n += 1;
        }
    }
    (ratio(ua, n), ratio(la, n), n)
}

/// Entity mentions as (sentence, first, last+1, type) from IOB2 tags.
fn mentions<'a>(
    k: usize,
    tags: impl Iterator<Item = &'a str>,
) -> Vec<(usize, usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut n = 0;
    for (i, t) in tags.enumerate() {
        n = i + 1;
        let (prefix, label) = t.split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((from, l)) = open.take() {
                out.push((k, from, i, l));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, label.to_string()));
            }
        }
    }
    if let Some((from, l)) = open {
        out.push((k, from, n, l));
    }
    out
}

/// Sentences in a file without document marks are read in blocks of this
/// many, each as one document.
pub const BLOCK_SENTENCES: usize = 20;

/// The documents of a gold file (a document starts at a sentence marked
/// `newdoc`), or blocks of [`BLOCK_SENTENCES`] if it marks none: the
/// entity tagger chooses its register per document.
pub fn documents(gold: &[GoldSentence]) -> Vec<&[GoldSentence]> {
    if !gold.iter().any(|s| s.newdoc) {
        return gold.chunks(BLOCK_SENTENCES).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=gold.len() {
        if i == gold.len() || gold[i].newdoc {
            out.push(&gold[start..i]);
            start = i;
        }
    }
    out
}

/// Entity P/R/F1, exact span and type; also per type.
pub fn ner(nlp: &Nlp, gold: &[GoldSentence]) -> (Prf, Vec<(String, Prf)>) {
    let (mut g_all, mut p_all) = (Vec::new(), Vec::new());
    let mut k = 0;
    for doc in documents(gold) {
        let sents: Vec<Vec<&str>> = doc.iter().map(|s| words(s)).collect();
        for (s, toks) in doc.iter().zip(nlp.annotate_document(&sents)) {
            g_all.extend(mentions(k, s.words.iter().map(|w| w.ner.as_str())));
            p_all.extend(mentions(k, toks.iter().map(|t| t.ner.as_str())));
            k += 1;
        }
    }
    let per_type = |label: Option<&str>| {
        let keep = |m: &&(usize, usize, usize, String)| label.is_none_or(|l| m.3 == l);
        let g: HashSet<_> = g_all.iter().filter(keep).collect();
        let p: HashSet<_> = p_all.iter().filter(keep).collect();
        Prf {
            gold: g.len(),
            predicted: p.len(),
            correct: g.intersection(&p).count(),
        }
    };
    let all = per_type(None);
    let types = ["PER", "ORG", "LOC"]
        .iter()
        .map(|t| (t.to_string(), per_type(Some(t))))
        .collect();
    (all, types)
}

/// Token and sentence F1 from raw text. Each gold document's sentences are
/// joined by spaces, paragraphs by blank lines; tokens and sentences are
/// compared as character spans.
pub fn tokenization(gold: &[GoldSentence]) -> (Prf, Prf) {
    let (mut tok, mut sent) = (Prf::default(), Prf::default());
    let mut doc = String::new();
    let mut g_tokens: Vec<(usize, usize)> = Vec::new();
    let mut g_sents: Vec<(usize, usize)> = Vec::new();
    let mut flush =
        |doc: &mut String, gt: &mut Vec<(usize, usize)>, gs: &mut Vec<(usize, usize)>| {
            if doc.is_empty() {
                return;
            }
            let (spans, sents) = tokenize::tokenize(doc);
            let pt: HashSet<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
            let ps: HashSet<(usize, usize)> = sents
                .iter()
                .map(|s| (spans[s.first].start, spans[s.last].end))
                .collect();
            let gtset: HashSet<(usize, usize)> = gt.iter().copied().collect();
            let gsset: HashSet<(usize, usize)> = gs.iter().copied().collect();
            tok.gold += gtset.len();
            tok.predicted += pt.len();
            tok.correct += gtset.intersection(&pt).count();
            sent.gold += gsset.len();
            sent.predicted += ps.len();
            sent.correct += gsset.intersection(&ps).count();
            doc.clear();
            gt.clear();
            gs.clear();
        };
    for s in gold {
        if s.newdoc {
            flush(&mut doc, &mut g_tokens, &mut g_sents);
        }
        let Some(text) = &s.text else { continue };
        if !doc.is_empty() {
            doc.push_str(if s.newpar { "\n\n" } else { " " });
        }
        let base = doc.len();
        doc.push_str(text);
        g_sents.push((base, base + text.len()));
        g_tokens.extend(
            word_spans(s, text)
                .into_iter()
                .map(|(a, b)| (base + a, base + b)),
        );
    }
    flush(&mut doc, &mut g_tokens, &mut g_sents);
    (tok, sent)
}

/// Byte spans of a gold sentence's words in its text. Words of a multiword
/// token (`don't` = `do` + `n't`) get their share of the surface form when
/// they spell it, else the whole surface span.
fn word_spans(s: &GoldSentence, text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(s.words.len());
    let mut at = 0;
    let mut i = 0;
    let find = |at: usize, form: &str| -> Option<usize> {
        let rest = text.get(at..)?;
        let skip = rest.len() - rest.trim_start().len();
        rest[skip..].starts_with(form).then_some(at + skip)
    };
    while i < s.words.len() {
        if let Some(m) = s.multiwords.iter().find(|m| m.first == i + 1) {
            let n = m.last + 1 - m.first;
            let Some(start) = find(at, &m.form) else {
                return out;
            };
            let end = start + m.form.len();
            let joined: String = s.words[i..i + n].iter().map(|w| w.form.as_str()).collect();
            let mut p = start;
            for w in &s.words[i..i + n] {
                if joined == m.form {
                    out.push((p, p + w.form.len()));
                    p += w.form.len();
                } else {
                    out.push((start, end));
                }
            }
            at = end;
            i += n;
        } else {
            let form = &s.words[i].form;
            let Some(start) = find(at, form) else {
                return out;
            };
            out.push((start, start + form.len()));
            at = start + form.len();
            i += 1;
        }
    }
    out
}
