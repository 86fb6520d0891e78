//! Part-of-speech tagger: greedy left-to-right averaged perceptron over
//! joint `UPOS/XPOS` classes (predicting the pair keeps the two consistent),
//! with word, affix, shape, neighbour and previous-tag features.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use sitrep_core::FileBytes;

use crate::clusters::{coarse, Clusters};
use crate::features::{feat, Lex};
use crate::perceptron::{self, argmax, IdMap, Trainer, Weights};

pub mod dense;

use dense::{PosDense, PosDenseTrainer};

/// Version 4: version 3 and the dense layer ([`dense`]).
const MAGIC: &[u8; 8] = b"SRPOS04\n";
/// Version 3, without the dense layer: still read.
const MAGIC_V3: &[u8; 8] = b"SRPOS03\n";
/// Lex padding on each side of a sentence.
pub const PAD: usize = 2;
/// Folds for the ambiguity classes seen in training (see [`train_with`]).
const AMB_FOLDS: usize = 5;

#[derive(Debug, Clone)]
pub struct Tagger {
    /// `UPOS\tXPOS` per class.
    pub labels: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// Feature value of each class for the parser and entity tagger.
    pub hashes: Vec<u64>,
    /// Whether each class's UPOS is a closed class (see [`Tagger::tag`]).
    closed: Vec<bool>,
    /// The class of a verb in the simple past (`VERB`, `VBD`), if the
    /// model has one.
    past: Option<usize>,
    /// Ambiguity classes: for words seen at least twice in training, a hash
    /// of the set of tags they took. For the words to the right, not yet
    /// tagged, this stands in for their tags.
    dictionary: IdMap<u32>,
    /// Frequent words that took one tag at least 99.5 % of the time in
    /// training ("the", ",", "of"): tagged without scoring, which halves
    /// the tagger's work on news text.
    sure: IdMap<u16>,
    weights: Weights,
    /// Word vectors of the word and its neighbours (empty: none).
    dense: PosDense,
}

/// Tag id used as a feature value for positions before the sentence.
fn tag_value(t: Option<usize>) -> u64 {
    t.map_or(0xFFFF, |t| t as u64)
}

/// Features of the token at `i` (an index into the padded `lex`).
pub fn features(
    lex: &[Lex],
    amb: &[u64],
    i: usize,
    p1: Option<usize>,
    p2: Option<usize>,
    out: &mut Vec<u32>,
) {
    out.clear();
    let (a0, a1, a2, am1) = (amb[i], amb[i + 1], amb[i + 2], amb[i - 1]);
    let w = &lex[i];
    let (t1, t2) = (tag_value(p1), tag_value(p2));
    let (l1, l2, r1, r2) = (&lex[i - 1], &lex[i - 2], &lex[i + 1], &lex[i + 2]);
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        feat(1, w.lower, 0, 0),
        feat(2, w.word, 0, 0),
        feat(3, w.suf[0], 0, 0),
        feat(4, w.suf[1], 0, 0),
        feat(5, w.suf[2], 0, 0),
        feat(6, w.suf[3], 0, 0),
        feat(7, w.pre[0], 0, 0),
        feat(8, w.pre[1], 0, 0),
        feat(9, w.pre[2], 0, 0),
        feat(10, w.shape, 0, 0),
        feat(11, w.flags, 0, 0),
        feat(12, t1, 0, 0),
        feat(13, t1, t2, 0),
        feat(14, t1, w.lower, 0),
        feat(15, l1.lower, 0, 0),
        feat(16, l1.suf[2], 0, 0),
        feat(17, l2.lower, 0, 0),
        feat(18, r1.lower, 0, 0),
        feat(19, r1.suf[2], 0, 0),
        feat(20, r2.lower, 0, 0),
        feat(21, l1.shape, w.shape, 0),
        feat(22, r1.shape, 0, 0),
        feat(23, l1.lower, w.lower, 0),
        feat(24, w.lower, r1.lower, 0),
        feat(25, t1, w.suf[2], 0),
        feat(26, w.shape, (i == PAD) as u64, 0),
        feat(27, r1.suf[1], 0, 0),
        feat(28, l1.suf[1], 0, 0),
        feat(29, t1, r1.lower, 0),
        feat(30, w.flags, r1.flags, l1.flags),
        feat(31, r1.lower, r2.lower, 0),
        feat(32, t2, l2.lower, 0),
        feat(33, w.suf[1], r1.suf[1], 0),
        feat(34, a0, 0, 0),
        feat(35, a0, a1, 0),
        feat(36, a1, 0, 0),
        feat(37, a1, a2, 0),
        feat(38, t1, a0, 0),
        feat(39, t1, a0, a1),
        feat(40, am1, a0, 0),
        feat(41, w.lower, a1, 0),
        feat(42, a0, w.suf[2], 0),
        // Word clusters (see crate::clusters): what six billion words of
        // news say about words the treebank has seldom or never seen.
        feat(43, coarse(w.clus, 3), 0, 0),
        feat(44, coarse(w.clus, 2), 0, 0),
        feat(45, coarse(w.clus, 1), 0, 0),
        feat(46, coarse(l1.clus, 2), 0, 0),
        feat(47, coarse(r1.clus, 2), 0, 0),
        feat(48, t1, coarse(w.clus, 1), 0),
        feat(49, coarse(w.clus, 1), coarse(r1.clus, 1), 0),
        feat(50, a0, coarse(w.clus, 2), 0),
    ]);
}

/// Pads a sentence's lexical values for feature windows, with each word's cluster.
pub fn padded_lex(words: &[&str], clusters: &Clusters, out: &mut Vec<Lex>) {
    out.clear();
    out.extend([Lex::pad(0), Lex::pad(1)]);
    out.extend(words.iter().map(|w| Lex::new(w)));
    out.extend([Lex::pad(2), Lex::pad(3)]);
    clusters.fill(out);
}

/// Ambiguity-class value of each padded position (0 for unknown words and padding).
fn ambiguity(dictionary: &IdMap<u32>, lex: &[Lex], out: &mut Vec<u64>) {
    out.clear();
    out.extend(lex.iter().map(|l| {
        dictionary
            .get(&(l.lower as u32))
            .map_or(0, |&a| u64::from(a))
    }));
}

impl Tagger {
    /// Tags a padded sentence; writes one class index per word to `tags`.
    pub fn tag(&self, lex: &[Lex], tags: &mut Vec<usize>) {
        tags.clear();
        let mut amb = Vec::with_capacity(lex.len());
        ambiguity(&self.dictionary, lex, &mut amb);
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; self.labels.len()];
        // Per word read as a participle, how far the simple past scored
        // below it (see `past_in_a_statement`).
        let mut participles: Vec<(usize, f32)> = Vec::new();
        let use_dense = !self.dense.is_empty();
        let mut rows = Vec::new();
        if use_dense {
            self.dense.rows(lex, &mut rows);
        }
        for i in PAD..lex.len() - PAD {
            if let Some(&t) = self.sure.get(&(lex[i].word as u32)) {
                tags.push(usize::from(t));
                continue;
            }
            let n = tags.len();
            features(
                lex,
                &amb,
                i,
                n.checked_sub(1).map(|k| tags[k]),
                n.checked_sub(2).map(|k| tags[k]),
                &mut feats,
            );
            self.weights.score(&feats, &mut scores);
            if use_dense {
                self.dense.score(lex, &rows, i, amb[i] == 0, &mut scores);
            }
            // A word training never saw is not a new preposition,
            // determiner, pronoun, conjunction, auxiliary or particle:
            // those classes are closed ("overran" is not ADP).
            let unseen = amb[i] == 0;
            let tag = argmax(&scores, |k| !(unseen && self.closed[k])).unwrap_or(0);
            if let Some(past) = self.past.filter(|_| self.xpos[tag] == "VBN") {
                participles.push((tags.len(), scores[past] - scores[tag]));
            }
            tags.push(tag);
        }
        self.past_in_a_statement(tags, &participles);
    }

    /// A statement has a finite verb. Read word by word, "Israeli jets
    /// struck Hamas positions." comes out with "struck" a participle and no
    /// verb at all (a past participle after a noun is the commoner reading
    /// in the treebank), and the parse then has no clause to hang the jets
    /// and the positions on. When a sentence of five words or more that
    /// ends in a full stop has no finite verb and no auxiliary, the
    /// participle right after a noun or pronoun (adverbs between) and not
    /// followed by a preposition that the model scored nearest the simple
    /// past becomes the simple past. A
    /// headline's passive has no full stop ("Protesters killed in Lagos"),
    /// and a fragment with a participle and no subject ("Highly
    /// recommended.") has no noun before it.
    fn past_in_a_statement(&self, tags: &mut [usize], participles: &[(usize, f32)]) {
        let (Some(past), Some(&last)) = (self.past, tags.last()) else {
            return;
        };
        if participles.is_empty() || tags.len() < 5 || self.xpos[last] != "." {
            return;
        }
        let finite = |t: usize| {
            matches!(self.xpos[t].as_str(), "VBD" | "VBZ" | "VBP" | "MD") || self.upos[t] == "AUX"
        };
        if tags.iter().any(|&t| finite(t)) {
            return;
        }
        let after_subject = |i: usize| {
            let before = tags[..i].iter().rev().find(|&&t| self.upos[t] != "ADV");
            before.is_some_and(|&t| {
                matches!(self.upos[t].as_str(), "NOUN" | "PROPN" | "PRON") || self.xpos[t] == ","
            })
        };
        // "… in an attack claimed by Al Shabaab": a participle followed by
        // a preposition is a passive, whatever else the sentence lacks.
        let object_next = |i: usize| tags.get(i + 1).is_some_and(|&t| self.upos[t] != "ADP");
        let best = participles
            .iter()
            .filter(|&&(i, _)| after_subject(i) && object_next(i))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some(&(i, _)) = best {
            tags[i] = past;
        }
    }

    /// Whether the weight tables are read in place from a mapped file.
    pub fn is_mapped(&self) -> bool {
        self.weights.is_mapped()
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let w = &mut perceptron::Counted::new(w);
        w.write_all(MAGIC)?;
        perceptron::write_labels(w, &self.labels)?;
        let mut entries: Vec<(u32, u32)> = self.dictionary.iter().map(|(&k, &v)| (k, v)).collect();
        entries.sort_unstable();
        w.write_all(&(entries.len() as u32).to_le_bytes())?;
        for (k, v) in entries {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&v.to_le_bytes())?;
        }
        let mut sure: Vec<(u32, u16)> = self.sure.iter().map(|(&k, &v)| (k, v)).collect();
        sure.sort_unstable();
        w.write_all(&(sure.len() as u32).to_le_bytes())?;
        for (k, v) in sure {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&v.to_le_bytes())?;
        }
        self.weights.write(w)?;
        self.dense.write(w)
    }

    pub fn read(r: &mut &[u8]) -> std::io::Result<Tagger> {
        Tagger::read_mapped(r, None)
    }

    /// [`Tagger::read`] from a mapped model file, whose weight tables are
    /// then used in place.
    pub fn read_mapped(r: &mut &[u8], map: Option<&Arc<FileBytes>>) -> std::io::Result<Tagger> {
        let magic: [u8; 8] = perceptron::read_arr(r)?;
        if &magic != MAGIC && &magic != MAGIC_V3 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "wrong model header",
            ));
        }
        let labels = perceptron::read_labels(r)?;
        let n = perceptron::read_u32(r)? as usize;
        let mut dictionary = IdMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = perceptron::read_u32(r)?;
            dictionary.insert(k, perceptron::read_u32(r)?);
        }
        let n = perceptron::read_u32(r)? as usize;
        let mut sure = IdMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = perceptron::read_u32(r)?;
            let v = u16::from_le_bytes(perceptron::read_arr(r)?);
            if usize::from(v) >= labels.len() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "tag id out of range",
                ));
            }
            sure.insert(k, v);
        }
        let weights = Weights::read(r, map)?;
        let dense = if &magic == MAGIC {
            PosDense::read(r)?
        } else {
            PosDense::default()
        };
        Ok(Tagger::from_parts(labels, dictionary, sure, weights, dense))
    }

    fn from_parts(
        labels: Vec<String>,
        dictionary: IdMap<u32>,
        sure: IdMap<u16>,
        weights: Weights,
        dense: PosDense,
    ) -> Tagger {
        let split = |l: &String, i: usize| l.split('\t').nth(i).unwrap_or("_").to_string();
        let upos: Vec<String> = labels.iter().map(|l| split(l, 0)).collect();
        let xpos: Vec<String> = labels.iter().map(|l| split(l, 1)).collect();
        Tagger {
            past: (0..labels.len()).find(|&k| upos[k] == "VERB" && xpos[k] == "VBD"),
            closed: upos
                .iter()
                .map(|u| {
                    matches!(
                        u.as_str(),
                        "ADP" | "DET" | "PRON" | "CCONJ" | "SCONJ" | "AUX" | "PART"
                    )
                })
                .collect(),
            upos,
            xpos,
            hashes: labels.iter().map(|l| crate::parser::tag_hash(l)).collect(),
            dictionary,
            sure,
            labels,
            weights,
            dense,
        }
    }

    /// The dense layer's words and rank (0, 0 without one).
    pub fn dense_size(&self) -> (usize, usize) {
        (self.dense.len(), self.dense.rank())
    }

    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// See [`Weights::prune`].
    pub fn prune(&mut self, min: f32) {
        self.weights.prune(min);
    }
}

/// One training sentence: forms and joint gold labels.
pub struct TagExample {
    pub words: Vec<String>,
    pub labels: Vec<String>,
}

/// A tagger trained on every example outside fold `fold` of `folds`
/// (by index modulo `folds`), with seed `seed + fold`: it tags that fold as
/// unseen text, for jackknifed training tags (parser, entity tagger).
pub fn train_without_fold(
    data: &[TagExample],
    clusters: &Clusters,
    folds: usize,
    fold: usize,
    epochs: usize,
    seed: u64,
) -> Tagger {
    let part: Vec<TagExample> = data
        .iter()
        .enumerate()
        .filter(|(i, _)| i % folds != fold)
        .map(|(_, e)| TagExample {
            words: e.words.clone(),
            labels: e.labels.clone(),
        })
        .collect();
    train(&part, clusters, epochs, seed + fold as u64, &mut |_| {})
}

/// Trains a tagger; `log` receives one line per epoch.
pub fn train(
    data: &[TagExample],
    clusters: &Clusters,
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Tagger {
    train_with(data, clusters, epochs, seed, false, None, log)
}

/// Trains a tagger; with `fold_ambiguity`, each training sentence sees the
/// ambiguity classes of the other folds only, and words seen once get a
/// class too. Built from all of train, every word's class holds its own
/// gold tag, and the tagger learns to trust classes more than they deserve
/// on new text (EWT dev UPOS/XPOS 94.86/94.17 % without, 95.08/94.54 % with).
pub fn train_with(
    data: &[TagExample],
    clusters: &Clusters,
    epochs: usize,
    seed: u64,
    fold_ambiguity: bool,
    dense: Option<&DenseSetup>,
    log: &mut dyn FnMut(String),
) -> Tagger {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    for ex in data {
        for l in &ex.labels {
            if !ids.contains_key(l.as_str()) {
                ids.insert(l, labels.len());
                labels.push(l.clone());
            }
        }
    }
    let all: Vec<&TagExample> = data.iter().collect();
    let min_count = if fold_ambiguity { 1 } else { 2 };
    let dictionary = build_dictionary(&all, &ids, min_count);
    let sure = sure_words(data, &ids);
    let folds: Vec<IdMap<u32>> = if fold_ambiguity {
        (0..AMB_FOLDS)
            .map(|f| {
                let part: Vec<&TagExample> = (0..data.len())
                    .filter(|i| i % AMB_FOLDS != f)
                    .map(|i| &data[i])
                    .collect();
                build_dictionary(&part, &ids, min_count)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut trainer = Trainer::new(labels.len());
    let mut dense_trainer = dense
        .filter(|d| !d.layer.blocks.is_empty() && !d.vectors.is_empty())
        .map(|d| {
            PosDenseTrainer::new(
                d.layer.blocks.clone(),
                d.vectors,
                labels.len(),
                d.layer.scale,
            )
        });
    let mut amb = Vec::new();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = perceptron::Rng::new(seed);
    let (mut lex, mut feats, mut scores) = (Vec::new(), Vec::new(), vec![0f32; labels.len()]);
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let ex = &data[k];
            let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
            padded_lex(&words, clusters, &mut lex);
            let dict = folds.get(k % AMB_FOLDS).unwrap_or(&dictionary);
            ambiguity(dict, &lex, &mut amb);
            if let Some(d) = dense_trainer.as_mut() {
                d.sentence(&lex);
            }
            let mut prev: Vec<usize> = Vec::with_capacity(words.len());
            for (j, gold) in ex.labels.iter().enumerate() {
                let gold = ids[gold.as_str()];
                if let Some(&t) = sure.get(&(lex[j + PAD].word as u32)) {
                    // Tagged by the dictionary at run time: nothing to learn.
                    right += usize::from(usize::from(t) == gold);
                    total += 1;
                    prev.push(usize::from(t));
                    continue;
                }
                let n = prev.len();
                features(
                    &lex,
                    &amb,
                    j + PAD,
                    n.checked_sub(1).map(|k| prev[k]),
                    n.checked_sub(2).map(|k| prev[k]),
                    &mut feats,
                );
                trainer.score(&feats, &mut scores);
                let own = !dense.is_some_and(|d| d.layer.unseen_only) || amb[j + PAD] == 0;
                let guess = match dense_trainer.as_mut() {
                    Some(d) => {
                        let mut guess = 0;
                        d.score_and_update(&lex, j + PAD, own, &mut scores, |s| {
                            guess = argmax(s, |_| true).unwrap_or(0);
                            (gold, guess)
                        });
                        guess
                    }
                    None => argmax(&scores, |_| true).unwrap_or(0),
                };
                trainer.tick();
                trainer.update(&feats, gold, guess);
                right += usize::from(guess == gold);
                total += 1;
                prev.push(guess);
            }
        }
        log(format!(
            "pos epoch {}: train accuracy {:.2}%",
            epoch + 1,
            100.0 * right as f64 / total.max(1) as f64
        ));
    }
    let dense = match (dense_trainer, dense) {
        (Some(d), Some(setup)) => d.finish(setup.layer.rank, setup.layer.unseen_only),
        _ => PosDense::default(),
    };
    Tagger::from_parts(labels, dictionary, sure, trainer.finish(0.05), dense)
}

/// How the tagger's dense layer is trained: the vectors that feed it
/// (none: no layer) and the layer's settings.
pub struct DenseSetup<'a> {
    pub vectors: &'a crate::vectors::Vectors,
    pub layer: &'a crate::train::PosVectors,
}

/// Words (case kept) seen at least 20 times with one tag at least 99.5 % of the time.
fn sure_words(data: &[TagExample], ids: &HashMap<&str, usize>) -> IdMap<u16> {
    let mut counts: HashMap<u32, HashMap<usize, usize>> = HashMap::new();
    for ex in data {
        for (w, l) in ex.words.iter().zip(&ex.labels) {
            *counts
                .entry(crate::features::hash_str(w, false) as u32)
                .or_default()
                .entry(ids[l.as_str()])
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, tags)| {
            let total: usize = tags.values().sum();
            let (&best, &n) = tags
                .iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))?;
            (total >= 20 && n * 1000 >= total * 995).then_some((k, best as u16))
        })
        .collect()
}

/// Ambiguity classes of the words seen at least `min_count` times in `data`.
fn build_dictionary(
    data: &[&TagExample],
    ids: &HashMap<&str, usize>,
    min_count: usize,
) -> IdMap<u32> {
    let mut seen: HashMap<u32, (usize, Vec<usize>)> = HashMap::new();
    for ex in data {
        for (w, l) in ex.words.iter().zip(&ex.labels) {
            let e = seen
                .entry(crate::features::hash_str(w, true) as u32)
                .or_default();
            e.0 += 1;
            let id = ids[l.as_str()];
            if !e.1.contains(&id) {
                e.1.push(id);
            }
        }
    }
    seen.into_iter()
        .filter(|(_, (n, _))| *n >= min_count)
        .map(|(k, (_, mut tags))| {
            tags.sort_unstable();
            let mut h = 0x1234_5678u64;
            for t in tags {
                h = crate::features::feat(999, h, t as u64, 0) as u64;
            }
            (k, (h as u32) | 1)
        })
        .collect()
}
