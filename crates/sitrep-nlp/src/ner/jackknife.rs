//! POS tags for the entity tagger's training sentences as the tagger would
//! give them on unseen text. UNER's sentences are UD EWT's training
//! sentences, which the shipped tagger has learnt almost by heart; trained
//! on those near-perfect tags, the entity tagger trusts `PROPN` more than it
//! should at run time. So each sentence is tagged by a tagger trained on
//! the other folds (jackknifing, as for the parser).

use std::collections::HashMap;

use crate::clusters::Clusters;
use crate::conllu::GoldSentence;
use crate::tagger;

/// Tag hashes (unpadded) per sentence, keyed by its words joined with spaces.
pub type Tags = HashMap<String, Vec<u64>>;

fn key<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words.collect::<Vec<_>>().join(" ")
}

/// Tags every sentence of `treebank` (gold UPOS/XPOS) with a tagger trained
/// on the other `folds - 1` folds.
pub fn tags(
    treebank: &[GoldSentence],
    clusters: &Clusters,
    folds: usize,
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Tags {
    let examples = crate::train::tag_examples(treebank);
    let mut out = Tags::with_capacity(treebank.len());
    let (mut lex, mut classes) = (Vec::new(), Vec::new());
    for fold in 0..folds {
        let tagger = tagger::train_without_fold(&examples, clusters, folds, fold, epochs, seed);
        for (_, e) in examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds == fold)
        {
            let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
            tagger::padded_lex(&words, clusters, &mut lex);
            tagger.tag(&lex, &mut classes);
            let hashes = classes.iter().map(|&c| tagger.hashes[c]).collect();
            out.insert(key(words.iter().copied()), hashes);
        }
        log(format!(
            "ner: jackknife tagger {} of {folds} done",
            fold + 1
        ));
    }
    out
}

/// The jackknifed tags of a sentence, if the treebank had it.
pub fn lookup<'a>(tags: &'a Tags, words: &[&str]) -> Option<&'a Vec<u64>> {
    tags.get(&key(words.iter().copied()))
        .filter(|t| t.len() == words.len())
}
