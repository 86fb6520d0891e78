//! Dependency parser: arc-hybrid transitions scored by an averaged
//! perceptron, trained with a dynamic oracle (Goldberg & Nivre 2013) so it
//! learns to recover from its own mistakes, with Zhang & Nivre (2011) style
//! feature templates (words, tags, distance, valency, child labels).
//!
//! ROOT sits at the bottom of the stack and may only take a dependent when
//! the buffer is empty and one word is left, so every parse has exactly one
//! root.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use sitrep_core::FileBytes;

use crate::clusters::coarse;
use crate::features::{feat, hash_str};
use crate::perceptron::{self, argmax, Rng, Trainer, Weights};
use crate::vectors::Vectors;

pub mod dense;

use dense::{move_of, Dense, DenseTrainer, SentenceVectors, Slot};

/// Version 2 adds the word-cluster templates; version 1 files (no cluster
/// weights) still load and are scored without them, at the old speed.
/// Version 3 adds the word-vector layer ([`dense`]) after the weights.
const MAGIC: &[u8; 8] = b"SRDEP02\n";
const MAGIC_V1: &[u8; 8] = b"SRDEP01\n";
const MAGIC_V3: &[u8; 8] = b"SRDEP03\n";
/// Class 0 is SHIFT; LEFT(l) is `1 + 2l`, RIGHT(l) is `2 + 2l`.
const SHIFT: usize = 0;
const NONE: u64 = 0xDEAD;
const ROOT_VALUE: u64 = 0xB00F;

#[derive(Debug, Clone)]
pub struct Parser {
    pub labels: Vec<String>,
    weights: Weights,
    /// Whether the model has the word-cluster templates (version 2).
    clusters: bool,
    /// The word-vector layer scoring the moves (empty before version 3).
    dense: Dense,
}

/// The parser's input for one sentence: per-word lowercase-word and tag
/// hashes (index 0 is ROOT).
pub struct ParseInput<'a> {
    pub words: &'a [u64],
    pub tags: &'a [u64],
    /// Leaf word clusters ([`crate::clusters`]).
    pub clus: &'a [u32],
}

/// Parser configuration with the bookkeeping features need.
struct State {
    stack: Vec<usize>,
    /// Front of the buffer; the buffer is empty when `b > n`.
    b: usize,
    n: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    /// Per node: leftmost, second leftmost, rightmost, second rightmost child.
    l1: Vec<usize>,
    l2: Vec<usize>,
    r1: Vec<usize>,
    r2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    /// Bit sets of the labels of left and right children.
    lset: Vec<u64>,
    rset: Vec<u64>,
}

const NO_NODE: usize = usize::MAX;

impl State {
    fn new(n: usize) -> State {
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        State {
            stack,
            b: 1,
            n,
            heads: vec![0; n + 1],
            labels: vec![usize::MAX; n + 1],
            l1: vec![NO_NODE; n + 1],
            l2: vec![NO_NODE; n + 1],
            r1: vec![NO_NODE; n + 1],
            r2: vec![NO_NODE; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
        }
    }

    fn terminal(&self) -> bool {
        self.stack.len() == 1 && self.b > self.n
    }

    fn can_shift(&self) -> bool {
        self.b <= self.n
    }
    fn can_left(&self) -> bool {
        self.stack.len() >= 2 && self.b <= self.n
    }
    fn can_right(&self) -> bool {
        self.stack.len() >= 3 || (self.stack.len() == 2 && self.b > self.n)
    }

    fn attach(&mut self, head: usize, dep: usize, label: usize) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        let bit = 1u64 << (label % 64);
        if dep < head {
            self.l2[head] = self.l1[head];
            self.l1[head] = dep;
            self.nl[head] = self.nl[head].saturating_add(1);
            self.lset[head] |= bit;
        } else {
            self.r2[head] = self.r1[head];
            self.r1[head] = dep;
            self.nr[head] = self.nr[head].saturating_add(1);
            self.rset[head] |= bit;
        }
    }

    fn apply(&mut self, class: usize) {
        if class == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
        } else {
            let label = (class - 1) / 2;
            let s0 = self.stack.pop().unwrap_or(0);
            let head = if class % 2 == 1 {
                self.b
            } else {
                *self.stack.last().unwrap_or(&0)
            };
            self.attach(head, s0, label);
        }
    }

    fn s(&self, k: usize) -> usize {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NO_NODE
        }
    }
    fn buf(&self, k: usize) -> usize {
        if self.b + k <= self.n {
            self.b + k
        } else {
            NO_NODE
        }
    }

    /// Unlabelled costs of LEFT, RIGHT and SHIFT against gold heads, and
    /// whether the arc each would build is gold (so a wrong label costs one).
    fn costs(&self, gold: &[usize]) -> [usize; 3] {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let in_buffer = |k: usize| k >= self.b && k <= self.n && k != NO_NODE;
        let deps_in_buffer = |h: usize| (self.b..=self.n).filter(|&k| gold[k] == h).count();
        let mut c = [usize::MAX; 3];
        if self.can_left() {
            let g = gold[s0];
            let head_lost = usize::from(g != self.b && (g == s1 || in_buffer(g)));
            c[0] = head_lost + deps_in_buffer(s0);
        }
        if self.can_right() {
            c[1] = usize::from(in_buffer(gold[s0])) + deps_in_buffer(s0);
        }
        if self.can_shift() {
            let b = self.b;
            let head_lost = usize::from(gold[b] != s0 && self.stack.contains(&gold[b]));
            let deps_lost = self
                .stack
                .iter()
                .filter(|&&k| k != 0 && gold[k] == b)
                .count();
            c[2] = head_lost + deps_lost;
        }
        c
    }

    fn features(&self, input: &ParseInput, clusters: bool, out: &mut Vec<u32>) {
        out.clear();
        let w = |i: usize| -> u64 {
            match i {
                NO_NODE => NONE,
                0 => ROOT_VALUE,
                _ => input.words[i],
            }
        };
        let p = |i: usize| -> u64 {
            match i {
                NO_NODE => NONE,
                0 => ROOT_VALUE,
                _ => input.tags[i],
            }
        };
        let at = |v: &Vec<usize>, i: usize| if i == NO_NODE { NO_NODE } else { v[i] };
        let lab = |i: usize| -> u64 {
            if i == NO_NODE {
                NONE
            } else {
                self.labels[i] as u64
            }
        };
        let (s0, s1, s2) = (self.s(0), self.s(1), self.s(2));
        let (b0, b1, b2) = (self.buf(0), self.buf(1), self.buf(2));
        let (s0l1, s0l2, s0r1, s0r2) = (
            at(&self.l1, s0),
            at(&self.l2, s0),
            at(&self.r1, s0),
            at(&self.r2, s0),
        );
        let (b0l1, b0l2) = (at(&self.l1, b0), at(&self.l2, b0));
        let (s1r1, s1l1) = (at(&self.r1, s1), at(&self.l1, s1));
        let dist = |a: usize, b: usize| -> u64 {
            if a == NO_NODE || b == NO_NODE {
                0
            } else {
                (b.abs_diff(a)).min(6) as u64
            }
        };
        let d0 = dist(s0, b0);
        let d1 = dist(s1, s0);
        let val = |v: &Vec<u8>, i: usize| if i == NO_NODE { 99 } else { u64::from(v[i]) };
        let set = |v: &Vec<u64>, i: usize| if i == NO_NODE { 0 } else { v[i] };
        let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
        let c = |i: usize, level: usize| -> u64 {
            match i {
                NO_NODE => NONE,
                0 => ROOT_VALUE,
                _ => coarse(input.clus[i], level),
            }
        };
        let (s0c, s1c, b0c) = (c(s0, 1), c(s1, 1), c(b0, 1));
        out.extend_from_slice(&[
            feat(0, 0, 0, 0),
            // Single positions.
            feat(1, s0w, s0p, 0),
            feat(2, s0w, 0, 0),
            feat(3, s0p, 0, 0),
            feat(4, b0w, b0p, 0),
            feat(5, b0w, 0, 0),
            feat(6, b0p, 0, 0),
            feat(7, w(b1), p(b1), 0),
            feat(8, w(b1), 0, 0),
            feat(9, p(b1), 0, 0),
            feat(10, w(b2), 0, 0),
            feat(11, p(b2), 0, 0),
            feat(12, s1w, s1p, 0),
            feat(13, s1w, 0, 0),
            feat(14, s1p, 0, 0),
            feat(15, p(s2), 0, 0),
            // Pairs: (s0, b0) decides LEFT, (s1, s0) decides RIGHT.
            feat(16, s0w ^ s0p.rotate_left(17), b0w, b0p),
            feat(17, s0w, s0p, b0w),
            feat(18, s0w, b0w, b0p),
            feat(19, s0w, s0p, b0p),
            feat(20, s0p, b0w, b0p),
            feat(21, s0w, b0w, 0),
            feat(22, s0p, b0p, 0),
            feat(23, b0p, p(b1), 0),
            feat(24, s1w ^ s1p.rotate_left(17), s0w, s0p),
            feat(25, s1w, s0w, 0),
            feat(26, s1p, s0p, 0),
            feat(27, s1w, s1p, s0p),
            feat(28, s1p, s0w, s0p),
            // Tag triples.
            feat(29, b0p, p(b1), p(b2)),
            feat(30, s0p, b0p, p(b1)),
            feat(31, s1p, s0p, b0p),
            feat(32, s0p, p(s0l1), b0p),
            feat(33, s0p, p(s0r1), b0p),
            feat(34, s0p, b0p, p(b0l1)),
            feat(35, s1p, s0p, p(s0l1)),
            feat(36, s1p, s0p, p(s0r1)),
            feat(37, s1p, p(s1r1), s0p),
            feat(38, p(s2), s1p, s0p),
            feat(39, s0p, p(s0l1), p(s0l2)),
            feat(40, s0p, p(s0r1), p(s0r2)),
            feat(41, b0p, p(b0l1), p(b0l2)),
            // Distance.
            feat(42, s0w, d0, 0),
            feat(43, s0p, d0, 0),
            feat(44, b0w, d0, 0),
            feat(45, b0p, d0, 0),
            feat(46, s0w, b0w, d0),
            feat(47, s0p, b0p, d0),
            feat(48, s1p, s0p, d1),
            feat(49, s1w, s0w, d1),
            // Valency.
            feat(50, s0w, val(&self.nr, s0), 0),
            feat(51, s0p, val(&self.nr, s0), 0),
            feat(52, s0w, val(&self.nl, s0), 0),
            feat(53, s0p, val(&self.nl, s0), 0),
            feat(54, b0w, val(&self.nl, b0), 0),
            feat(55, b0p, val(&self.nl, b0), 0),
            feat(56, s1p, val(&self.nr, s1), val(&self.nl, s1)),
            // Children.
            feat(57, w(s0l1), p(s0l1), lab(s0l1)),
            feat(58, w(s0r1), p(s0r1), lab(s0r1)),
            feat(59, w(b0l1), p(b0l1), lab(b0l1)),
            feat(60, lab(s0l1), s0p, 0),
            feat(61, lab(s0r1), s0p, 0),
            feat(62, lab(b0l1), b0p, 0),
            feat(63, lab(s1r1), s1p, 0),
            feat(64, lab(s1l1), s1p, 0),
            feat(65, lab(s0l2), lab(s0l1), s0p),
            feat(66, lab(s0r2), lab(s0r1), s0p),
            // Label sets.
            feat(67, s0w, set(&self.lset, s0), 0),
            feat(68, s0p, set(&self.lset, s0), 0),
            feat(69, s0p, set(&self.rset, s0), 0),
            feat(70, b0p, set(&self.lset, b0), 0),
            feat(71, s1p, set(&self.rset, s1), 0),
            feat(72, w(s2), s1p, s0p),
            feat(73, s0p, b0p, w(b1)),
        ]);
        if !clusters {
            return;
        }
        out.extend_from_slice(&[
            // Word clusters (Koo, Carreras & Collins 2008): 1,024 clusters
            // alone, 256 in pairs, where the words themselves are too sparse.
            feat(74, c(s0, 2), 0, 0),
            feat(75, c(b0, 2), 0, 0),
            feat(76, c(b1, 2), 0, 0),
            feat(77, c(s1, 2), 0, 0),
            feat(78, s0c, b0c, 0),
            feat(79, s0c, b0p, 0),
            feat(80, s0p, b0c, 0),
            feat(81, s1c, s0c, 0),
            feat(82, s1c, s0p, 0),
            feat(83, s1p, s0c, 0),
        ]);
    }
}

impl Parser {
    /// Parses one sentence; returns (head, label index) per word (1-based
    /// words at index 1..=n of the input; output index 0 is word 1).
    pub fn parse(&self, input: &ParseInput, out: &mut Vec<(usize, usize)>) {
        let n = input.words.len() - 1;
        let mut state = State::new(n);
        let mut feats = Vec::with_capacity(80);
        let mut scores = vec![0f32; self.weights.n_classes];
        let mut rows = Vec::new();
        let dense = (!self.dense.is_empty()).then_some(&self.dense);
        if let Some(d) = dense {
            d.rows(input.words, &mut rows);
        }
        while !state.terminal() {
            // With only ROOT on the stack, SHIFT is the one move: no need to score.
            if state.stack.len() == 1 {
                state.apply(SHIFT);
                continue;
            }
            state.features(input, self.clusters, &mut feats);
            self.weights.score(&feats, &mut scores);
            if let Some(d) = dense {
                add_moves(&mut scores, d.moves(&state, &rows));
            }
            // The three moves' validity, once per step rather than per class.
            let (shift, left, right) = (state.can_shift(), state.can_left(), state.can_right());
            let class = argmax(&scores, |c| {
                if c == SHIFT {
                    shift
                } else if c % 2 == 1 {
                    left
                } else {
                    right
                }
            })
            .unwrap_or(SHIFT);
            state.apply(class);
        }
        out.clear();
        out.extend((1..=n).map(|i| {
            (
                state.heads[i],
                state.labels[i].min(self.labels.len().saturating_sub(1)),
            )
        }));
    }

    /// Whether the weight tables are read in place from a mapped file.
    pub fn is_mapped(&self) -> bool {
        self.weights.is_mapped() && (self.dense.is_empty() || self.dense.is_mapped())
    }

    /// Words of the word-vector layer (0 without one).
    pub fn dense_words(&self) -> usize {
        self.dense.len()
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let w = &mut perceptron::Counted::new(w);
        let magic = if !self.dense.is_empty() {
            MAGIC_V3
        } else if self.clusters {
            MAGIC
        } else {
            MAGIC_V1
        };
        w.write_all(magic)?;
        perceptron::write_labels(w, &self.labels)?;
        self.weights.write(w)?;
        if !self.dense.is_empty() {
            self.dense.write(w)?;
        }
        Ok(())
    }

    pub fn read(r: &mut &[u8]) -> std::io::Result<Parser> {
        Parser::read_mapped(r, None)
    }

    /// [`Parser::read`] from a mapped model file, whose weight tables are
    /// then used in place.
    pub fn read_mapped(r: &mut &[u8], map: Option<&Arc<FileBytes>>) -> std::io::Result<Parser> {
        let magic: [u8; 8] = perceptron::read_arr(r)?;
        let v3 = &magic == MAGIC_V3;
        let clusters = &magic == MAGIC || v3;
        if !clusters && &magic != MAGIC_V1 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "wrong model header",
            ));
        }
        let labels = perceptron::read_labels(r)?;
        let weights = Weights::read(r, map)?;
        let dense = if v3 {
            Dense::read(r, map)?
        } else {
            Dense::default()
        };
        if weights.n_classes != 1 + 2 * labels.len() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "class count does not match labels",
            ));
        }
        Ok(Parser {
            labels,
            weights,
            clusters,
            dense,
        })
    }

    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// See [`Weights::prune`].
    pub fn prune(&mut self, min: f32) {
        self.weights.prune(min);
    }
}

/// One training sentence: word and tag hashes with ROOT at index 0, and gold
/// heads and relation names for words 1..=n (index 0 unused).
pub struct ParseExample {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
    pub clus: Vec<u32>,
    pub heads: Vec<usize>,
    pub deprels: Vec<String>,
}

/// Adds the word-vector layer's move scores to every class of each move.
#[inline]
fn add_moves(scores: &mut [f32], m: [f32; dense::MOVES]) {
    if let Some((first, rest)) = scores.split_first_mut() {
        *first += m[0];
        for pair in rest.chunks_mut(2) {
            pair[0] += m[1];
            if let Some(r) = pair.get_mut(1) {
                *r += m[2];
            }
        }
    }
}

/// The word-vector layer to learn beside the sparse features.
pub struct DenseOptions<'a> {
    /// The vectors (the layer stores its products for each of their words).
    pub vectors: &'a Vectors,
    /// The positions whose words' vectors feed the layer.
    pub slots: Vec<Slot>,
    /// The vectors' scale in training (their step against the sparse
    /// features' steps of 1).
    pub scale: f32,
}

/// Trains the parser with a dynamic oracle: after the first epoch it follows
/// its own predictions (90 % of the time) and learns the best move from
/// wherever it ends up.
pub fn train(
    data: &[ParseExample],
    epochs: usize,
    seed: u64,
    dense: Option<DenseOptions>,
    log: &mut dyn FnMut(String),
) -> Parser {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    for ex in data {
        for l in ex.deprels.iter().skip(1) {
            if !ids.contains_key(l.as_str()) {
                ids.insert(l, labels.len());
                labels.push(l.clone());
            }
        }
    }
    let n_classes = 1 + 2 * labels.len();
    let mut trainer = Trainer::new(n_classes);
    let mut dense_trainer = dense
        .as_ref()
        .filter(|d| !d.slots.is_empty() && !d.vectors.is_empty())
        .map(|d| DenseTrainer::new(d.slots.clone(), d.vectors, d.scale));
    let mut sv = SentenceVectors::default();
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let (mut feats, mut scores, mut cost) = (
        Vec::new(),
        vec![0f32; n_classes],
        vec![usize::MAX; n_classes],
    );
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right_heads, mut total) = (0usize, 0usize);
        for &k in &order {
            let ex = &data[k];
            let gold_labels: Vec<usize> = ex
                .deprels
                .iter()
                .map(|l| ids.get(l.as_str()).copied().unwrap_or(0))
                .collect();
            let input = ParseInput {
                words: &ex.words,
                tags: &ex.tags,
                clus: &ex.clus,
            };
            if let (Some(_), Some(d)) = (&dense_trainer, &dense) {
                sv.fill(dense::rows(&ex.words, d.vectors), d.vectors);
            }
            let mut inputs = Vec::new();
            let mut state = State::new(ex.words.len() - 1);
            while !state.terminal() {
                state.features(&input, true, &mut feats);
                trainer.score(&feats, &mut scores);
                if let Some(dt) = &dense_trainer {
                    dt.inputs(&state, &sv, &mut inputs);
                    add_moves(&mut scores, dt.moves(&inputs));
                }
                let [cl, cr, cs] = state.costs(&ex.heads);
                let (s0, s1, b) = (state.s(0), state.s(1), state.b);
                for (c, slot) in cost.iter_mut().enumerate() {
                    *slot = if c == SHIFT {
                        cs
                    } else if c % 2 == 1 {
                        let l = (c - 1) / 2;
                        cl.saturating_add(usize::from(
                            cl != usize::MAX && ex.heads[s0] == b && gold_labels[s0] != l,
                        ))
                    } else {
                        let l = (c - 1) / 2;
                        cr.saturating_add(usize::from(
                            cr != usize::MAX && ex.heads[s0] == s1 && gold_labels[s0] != l,
                        ))
                    };
                }
                let min = cost.iter().copied().min().unwrap_or(0);
                let guess = argmax(&scores, |c| cost[c] != usize::MAX).unwrap_or(SHIFT);
                let best = argmax(&scores, |c| cost[c] == min).unwrap_or(SHIFT);
                trainer.tick();
                if cost[guess] > min {
                    trainer.update(&feats, best, guess);
                    if let Some(dt) = &mut dense_trainer {
                        dt.update(&inputs, move_of(best), move_of(guess), trainer.clock());
                    }
                }
                let explore = epoch > 0 && rng.below(10) < 9;
                state.apply(if explore { guess } else { best });
            }
            for i in 1..ex.words.len() {
                right_heads += usize::from(state.heads[i] == ex.heads[i]);
                total += 1;
            }
        }
        log(format!(
            "parse epoch {}: train UAS (with exploration) {:.2}%",
            epoch + 1,
            100.0 * right_heads as f64 / total.max(1) as f64
        ));
    }
    let clock = trainer.clock();
    Parser {
        labels,
        weights: trainer.finish(0.05),
        clusters: true,
        dense: match (dense_trainer, &dense) {
            (Some(dt), Some(d)) => dt.finish(clock, d.vectors),
            _ => Dense::default(),
        },
    }
}

/// The hash used for a tag label (`UPOS\tXPOS`) as a parser and entity-tagger feature.
pub fn tag_hash(label: &str) -> u64 {
    hash_str(label, false)
}
