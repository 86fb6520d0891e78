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

/// Writes jackknifed tags to `path`, for `SITREP_NER_TAGS_CACHE`: with it
/// set to a folder, `sitrep train ner` reads the tags of a seed and
/// treebank from there instead of training the four taggers again (most
/// of an experiment's training time). The tags are the same either way.
pub fn write(tags: &Tags, path: &std::path::Path) -> std::io::Result<()> {
    let mut keys: Vec<&String> = tags.keys().collect();
    keys.sort();
    let mut out = Vec::new();
    out.extend((keys.len() as u32).to_le_bytes());
    for k in keys {
        out.extend((k.len() as u32).to_le_bytes());
        out.extend(k.as_bytes());
        out.extend((tags[k].len() as u32).to_le_bytes());
        for t in &tags[k] {
            out.extend(t.to_le_bytes());
        }
    }
    std::fs::write(path, out)
}

/// Reads what [`write`] wrote.
pub fn read(path: &std::path::Path) -> std::io::Result<Tags> {
    let bytes = std::fs::read(path)?;
    let mut r = bytes.as_slice();
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "truncated tag cache");
    let mut take = |n: usize| -> std::io::Result<&[u8]> {
        if r.len() < n {
            return Err(bad());
        }
        let (head, rest) = r.split_at(n);
        r = rest;
        Ok(head)
    };
    let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let n = u32_at(take(4)?);
    let mut tags = Tags::with_capacity(n);
    for _ in 0..n {
        let len = u32_at(take(4)?);
        let key = String::from_utf8(take(len)?.to_vec()).map_err(|_| bad())?;
        let count = u32_at(take(4)?);
        let body = take(count * 8)?;
        let row = body
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        tags.insert(key, row);
    }
    Ok(tags)
}
