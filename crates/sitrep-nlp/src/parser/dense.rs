//! Dense features of the parser: the GloVe vectors ([`crate::vectors`]) of
//! the words at a few positions of the configuration (the stack's top
//! words, the buffer's front, children), each weighed by a linear layer
//! learnt with the perceptron beside the sparse features.
//!
//! The layer scores only the *move* (SHIFT, LEFT, RIGHT), and its score is
//! added to every labelled class of that move: the labels stay with the
//! sparse features, and the stored table is three numbers per word and
//! position instead of one per class (~100). As in the entity tagger
//! ([`crate::ner::dense`]), the layer is linear in the vector, so training
//! applies it to every word of the vector table once and the model stores
//! the products: parsing adds stored numbers and does no dot products, and
//! `parse.bin` carries no vectors.

use std::io::Write;
use std::sync::Arc;

use sitrep_core::{FileBytes, Table};

use crate::clusters::dot;
use crate::ner::dense::WordRows;
use crate::perceptron::{read_arr, read_u32, skip_padding, Counted};
pub use crate::vectors::SentenceVectors;
use crate::vectors::Vectors;

use super::{State, NO_NODE, SHIFT};

/// The moves the layer scores: SHIFT, LEFT, RIGHT.
pub const MOVES: usize = 3;

/// The move of a parser class (class 0 is SHIFT, LEFT(l) is `1 + 2l`,
/// RIGHT(l) is `2 + 2l`).
#[inline]
pub fn move_of(class: usize) -> usize {
    if class == SHIFT {
        0
    } else {
        2 - class % 2
    }
}

/// A configuration position whose word's vector feeds one block of the
/// layer. A slot's code is its byte in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    S0,
    S1,
    S2,
    B0,
    B1,
    B2,
    /// Leftmost and rightmost children of s0, leftmost child of b0.
    S0L1,
    S0R1,
    B0L1,
}

impl Slot {
    pub const ALL: [Slot; 9] = [
        Slot::S0,
        Slot::S1,
        Slot::S2,
        Slot::B0,
        Slot::B1,
        Slot::B2,
        Slot::S0L1,
        Slot::S0R1,
        Slot::B0L1,
    ];

    fn code(self) -> u8 {
        Slot::ALL.iter().position(|&s| s == self).unwrap_or(0) as u8
    }

    fn from_code(c: u8) -> Option<Slot> {
        Slot::ALL.get(usize::from(c)).copied()
    }

    /// The name used on the command line (`--parse-vectors s0,s1,b0,b1`).
    pub fn name(self) -> &'static str {
        match self {
            Slot::S0 => "s0",
            Slot::S1 => "s1",
            Slot::S2 => "s2",
            Slot::B0 => "b0",
            Slot::B1 => "b1",
            Slot::B2 => "b2",
            Slot::S0L1 => "s0l1",
            Slot::S0R1 => "s0r1",
            Slot::B0L1 => "b0l1",
        }
    }

    pub fn parse(name: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The word at this position (`NO_NODE` when there is none; 0 is ROOT).
    #[inline]
    fn node(self, st: &State) -> usize {
        let child = |v: &Vec<usize>, i: usize| if i == NO_NODE { NO_NODE } else { v[i] };
        match self {
            Slot::S0 => st.s(0),
            Slot::S1 => st.s(1),
            Slot::S2 => st.s(2),
            Slot::B0 => st.buf(0),
            Slot::B1 => st.buf(1),
            Slot::B2 => st.buf(2),
            Slot::S0L1 => child(&st.l1, st.s(0)),
            Slot::S0R1 => child(&st.r1, st.s(0)),
            Slot::B0L1 => child(&st.l1, st.buf(0)),
        }
    }
}

/// The layer as the parser runs it: per word of the vector table, per
/// slot, what its vector adds to each move's score, 16-bit with one scale
/// per slot and move.
#[derive(Debug, Clone, Default)]
pub struct Dense {
    pub slots: Vec<Slot>,
    words: WordRows,
    /// Per word, per slot, per move; used in place from the model file.
    values: Table<i16>,
    scales: Vec<f32>,
}

impl Dense {
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty() || self.words.is_empty()
    }

    /// Words in the table.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_mapped(&self) -> bool {
        self.values.is_mapped()
    }

    /// The table row of each word of a sentence (`u32::MAX` for ROOT and
    /// words without a vector), looked up once per sentence.
    pub fn rows(&self, words: &[u64], out: &mut Vec<u32>) {
        out.clear();
        out.extend(
            words
                .iter()
                .enumerate()
                .map(|(i, &w)| if i == 0 { u32::MAX } else { self.words.row(w) }),
        );
    }

    /// The layer's scores of the three moves in configuration `st`.
    #[inline]
    pub(super) fn moves(&self, st: &State, rows: &[u32]) -> [f32; MOVES] {
        let nb = self.slots.len();
        // One borrow of the table: a mapped table's slice is checked
        // (bounds, alignment) at each dereference.
        let values: &[i16] = &self.values;
        let mut m = [0f32; MOVES];
        for (b, slot) in self.slots.iter().enumerate() {
            let node = slot.node(st);
            let Some(&row) = rows.get(node) else {
                continue;
            };
            if row == u32::MAX {
                continue;
            }
            let at = (row as usize * nb + b) * MOVES;
            let (Some(v), Some(sc)) = (
                values.get(at..at + MOVES),
                self.scales.get(b * MOVES..(b + 1) * MOVES),
            ) else {
                continue;
            };
            for ((s, &q), &scale) in m.iter_mut().zip(v).zip(sc) {
                *s += f32::from(q) * scale;
            }
        }
        m
    }

    pub fn write(&self, w: &mut Counted<impl Write>) -> std::io::Result<()> {
        w.write_all(&(self.words.len() as u32).to_le_bytes())?;
        if self.is_empty() {
            return Ok(());
        }
        w.write_all(&[self.slots.len() as u8])?;
        w.write_all(&self.slots.iter().map(|s| s.code()).collect::<Vec<u8>>())?;
        crate::ner::dense::write_rows(w, &self.scales, &self.words, &self.values)
    }

    /// Reads what [`Dense::write`] wrote, the values in place when `map`
    /// is the file the bytes come from.
    pub fn read(r: &mut &[u8], map: Option<&Arc<FileBytes>>) -> std::io::Result<Dense> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let n = read_u32(r)? as usize;
        if n == 0 {
            return Ok(Dense::default());
        }
        if n > 1 << 24 {
            return Err(bad("parser dense layer too large"));
        }
        let [nb] = read_arr::<1>(r)?;
        let mut slots = Vec::with_capacity(usize::from(nb));
        for _ in 0..nb {
            let [c] = read_arr::<1>(r)?;
            slots.push(Slot::from_code(c).ok_or_else(|| bad("unknown parser dense slot"))?);
        }
        let cells = slots.len() * MOVES;
        let scales = Table::read(r, cells, None, f32::from_le_bytes)?.to_vec();
        let keys = Table::read(r, n, None, u32::from_le_bytes)?.to_vec();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("parser dense keys are not sorted"));
        }
        skip_padding(r, 2, "the parser's dense values")?;
        let values = Table::read(r, n * cells, map, i16::from_le_bytes)?;
        Ok(Dense {
            slots,
            words: WordRows::new(keys),
            values,
            scales,
        })
    }
}

/// The rows of a sentence's words in `vectors` (index 0, ROOT, has none),
/// for [`SentenceVectors::fill`].
pub fn rows<'a>(
    words: &'a [u64],
    vectors: &'a Vectors,
) -> impl ExactSizeIterator<Item = Option<usize>> + 'a {
    words
        .iter()
        .enumerate()
        .map(move |(i, &w)| if i == 0 { None } else { vectors.index(w) })
}

/// The layer being learnt, averaged like [`crate::perceptron::Trainer`]'s
/// weights: the average is `w - u / clock`, `u` summing each update times
/// the clock at which it was made.
pub struct DenseTrainer {
    slots: Vec<Slot>,
    dim: usize,
    /// Inputs are multiplied by this in training: the dense features' step
    /// against the sparse features' steps of 1.
    scale: f32,
    /// Per slot, per move, `dim` weights.
    w: Vec<f32>,
    u: Vec<f64>,
}

impl DenseTrainer {
    pub fn new(slots: Vec<Slot>, vectors: &Vectors, scale: f32) -> DenseTrainer {
        let dim = vectors.dim();
        let size = slots.len() * MOVES * dim;
        DenseTrainer {
            slots,
            dim,
            scale,
            w: vec![0.0; size],
            u: vec![0.0; size],
        }
    }

    /// The vectors feeding each slot in configuration `st`.
    pub(super) fn inputs<'a>(
        &self,
        st: &State,
        sv: &'a SentenceVectors,
        out: &mut Vec<(usize, &'a [f32])>,
    ) {
        out.clear();
        for (b, slot) in self.slots.iter().enumerate() {
            if let Some(x) = sv.get(slot.node(st)) {
                out.push((b, x));
            }
        }
    }

    /// The current (not averaged) scores of the three moves.
    pub fn moves(&self, inputs: &[(usize, &[f32])]) -> [f32; MOVES] {
        let dim = self.dim;
        let mut m = [0f32; MOVES];
        for &(b, x) in inputs {
            for (k, s) in m.iter_mut().enumerate() {
                let at = (b * MOVES + k) * dim;
                *s += self.scale * dot(x, &self.w[at..at + dim]);
            }
        }
        m
    }

    /// Moves weight from move `right` to move `wrong` at time `clock`.
    pub fn update(&mut self, inputs: &[(usize, &[f32])], right: usize, wrong: usize, clock: u32) {
        if right == wrong {
            return;
        }
        let dim = self.dim;
        for &(b, x) in inputs {
            for (k, sign) in [(right, 1f32), (wrong, -1f32)] {
                let at = (b * MOVES + k) * dim;
                for ((w, u), &v) in self.w[at..at + dim]
                    .iter_mut()
                    .zip(&mut self.u[at..at + dim])
                    .zip(x)
                {
                    let d = sign * self.scale * v;
                    *w += d;
                    *u += f64::from(clock) * f64::from(d);
                }
            }
        }
    }

    /// The averaged layer applied to every vector of `vectors` (the table
    /// trained with), quantised per slot and move.
    pub fn finish(self, clock: u32, vectors: &Vectors) -> Dense {
        let weights = crate::vectors::averaged(&self.w, &self.u, clock, self.scale);
        let (nb, dim) = (self.slots.len(), self.dim);
        if nb == 0 || dim == 0 || vectors.is_empty() {
            return Dense::default();
        }
        let (values, scales) = crate::vectors::project(vectors, &weights, dim);
        Dense {
            slots: self.slots,
            words: WordRows::new(vectors.keys().to_vec()),
            values: Table::Owned(values),
            scales,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::hash_str;

    #[test]
    fn projected_layer_scores_as_trained_and_round_trips() {
        let vectors = Vectors::build(
            &["fired".to_string(), "at".to_string()],
            &[1.0, 0.0, 0.6, 0.8],
            2,
        );
        let mut t = DenseTrainer::new(vec![Slot::S0, Slot::B0], &vectors, 1.0);
        // Sentence "fired at": ROOT, fired, at; s0 = fired, b0 = at.
        let words = [0, hash_str("fired", true), hash_str("at", true)];
        let mut st = State::new(2);
        st.apply(SHIFT);
        let mut sv = SentenceVectors::default();
        sv.fill(rows(&words, &vectors), &vectors);
        let mut inputs = Vec::new();
        t.inputs(&st, &sv, &mut inputs);
        assert_eq!(inputs.len(), 2);
        // One update at clock 1 of 2: the averaged weights are half of it.
        t.update(&inputs, 0, 2, 1);
        let trained = t.moves(&inputs);
        let d = t.finish(2, &vectors);
        let mut rows = Vec::new();
        d.rows(&words, &mut rows);
        assert_eq!(rows[0], u32::MAX, "ROOT has no vector");
        let m = d.moves(&st, &rows);
        for k in 0..MOVES {
            assert!((m[k] - trained[k] / 2.0).abs() < 1e-3, "{m:?} {trained:?}");
        }
        assert!(m[0] > 0.0 && m[2] < 0.0 && m[1] == 0.0);
        let mut buf = Vec::new();
        d.write(&mut Counted::new(&mut buf)).unwrap();
        let back = Dense::read(&mut buf.as_slice(), None).unwrap();
        assert_eq!(back.moves(&st, &rows), m);
        assert_eq!(move_of(0), 0);
        assert_eq!(move_of(1), 1);
        assert_eq!(move_of(4), 2);
    }
}
