//! Dense features of the entity tagger: the word vectors
//! ([`crate::vectors`]) of the word and its neighbours, each weighed per
//! class by a linear layer beside the sparse features' hashed weights.
//!
//! The perceptron learns these weights like the sparse ones (add the input
//! to the gold class, subtract it from the guessed one) and averages them
//! the same way, so the two kinds of feature are trained as one model.

use std::io::{Read, Write};

use crate::features::Lex;
use crate::perceptron::{read_arr, read_u32};
use crate::vectors::Vectors;

use super::Run;

/// Where a block's vector comes from, relative to the word being tagged.
/// A block's code is its byte in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The word itself.
    Word,
    /// The word before.
    Left,
    /// The word after.
    Right,
    /// The word itself when it is capitalised (zero otherwise): the vectors
    /// are lowercased, so "may" and "May" share one; capitalised words get
    /// weights of their own.
    Capital,
    /// The last word of the capitalised run the word sits in ("Forces",
    /// "Province"), which a greedy tagger meets only after the run's start.
    RunEnd,
}

impl Block {
    pub const ALL: [Block; 5] = [
        Block::Word,
        Block::Left,
        Block::Right,
        Block::Capital,
        Block::RunEnd,
    ];

    fn code(self) -> u8 {
        match self {
            Block::Word => 0,
            Block::Left => 1,
            Block::Right => 2,
            Block::Capital => 3,
            Block::RunEnd => 4,
        }
    }

    fn from_code(c: u8) -> Option<Block> {
        Block::ALL.into_iter().find(|b| b.code() == c)
    }

    /// The name used on the command line (`--ner-vectors word,left,...`).
    pub fn name(self) -> &'static str {
        match self {
            Block::Word => "word",
            Block::Left => "left",
            Block::Right => "right",
            Block::Capital => "capital",
            Block::RunEnd => "run-end",
        }
    }

    pub fn parse(name: &str) -> Option<Block> {
        Block::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The padded position whose vector feeds this block for the word at
    /// `i`, or `None` when the block is off for it.
    #[inline]
    fn source(self, lex: &[Lex], runs: &[Run], i: usize) -> Option<usize> {
        match self {
            Block::Word => Some(i),
            Block::Left => Some(i - 1),
            Block::Right => Some(i + 1),
            Block::Capital => (lex[i].flags & 1 != 0).then_some(i),
            Block::RunEnd => (runs[i].place != 0).then_some(runs[i].end),
        }
    }
}

/// The vectors of a padded sentence's words, looked up once per sentence.
#[derive(Debug, Default)]
pub struct SentenceVectors {
    /// `dim` values per padded position.
    values: Vec<f32>,
    /// Whether each position has a vector (padding and unknown words have none).
    has: Vec<bool>,
    dim: usize,
}

impl SentenceVectors {
    pub fn fill(&mut self, lex: &[Lex], vectors: &Vectors) {
        let dim = vectors.dim();
        self.dim = dim;
        self.values.clear();
        self.values.resize(lex.len() * dim, 0.0);
        self.has.clear();
        for (k, l) in lex.iter().enumerate() {
            let row = if l.flags & 32 == 0 {
                vectors.index(l.lower)
            } else {
                None
            };
            if let Some(row) = row {
                vectors.fill(row, &mut self.values[k * dim..(k + 1) * dim]);
            }
            self.has.push(row.is_some());
        }
    }

    #[inline]
    fn get(&self, k: usize) -> Option<&[f32]> {
        self.has
            .get(k)
            .copied()
            .unwrap_or(false)
            .then(|| &self.values[k * self.dim..(k + 1) * self.dim])
    }
}

/// The inputs of one word: per block, the vector feeding it.
pub fn inputs<'a>(
    blocks: &[Block],
    sv: &'a SentenceVectors,
    lex: &[Lex],
    runs: &[Run],
    i: usize,
    out: &mut Vec<(usize, &'a [f32])>,
) {
    out.clear();
    for (b, block) in blocks.iter().enumerate() {
        if let Some(v) = block.source(lex, runs, i).and_then(|k| sv.get(k)) {
            out.push((b, v));
        }
    }
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight running sums so the compiler vectorises the loop.
    let mut s = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            s[k] += x[k] * y[k];
        }
    }
    s.iter().sum::<f32>() + tail
}

/// Frozen dense weights, as stored in `ner.bin`.
#[derive(Debug, Clone, Default)]
pub struct Dense {
    pub blocks: Vec<Block>,
    pub dim: usize,
    /// The [`Vectors::fingerprint`] of the table the weights were trained on.
    pub fingerprint: u64,
    /// Per block, per class, `dim` weights.
    weights: Vec<f32>,
    n_classes: usize,
}

impl Dense {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() || self.dim == 0
    }

    /// Whether these weights can read `vectors`.
    pub fn fits(&self, vectors: &Vectors) -> bool {
        !self.is_empty() && vectors.dim() == self.dim && vectors.fingerprint() == self.fingerprint
    }

    /// Adds the dense scores of `inputs` to `scores`.
    #[inline]
    pub fn score(&self, inputs: &[(usize, &[f32])], scores: &mut [f32]) {
        let (nc, dim) = (self.n_classes, self.dim);
        for &(b, x) in inputs {
            let block = &self.weights[b * nc * dim..(b + 1) * nc * dim];
            for (s, w) in scores.iter_mut().zip(block.chunks_exact(dim)) {
                *s += dot(x, w);
            }
        }
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        if self.is_empty() {
            return w.write_all(&0u32.to_le_bytes());
        }
        w.write_all(&(self.dim as u32).to_le_bytes())?;
        w.write_all(&[self.blocks.len() as u8])?;
        w.write_all(&self.blocks.iter().map(|b| b.code()).collect::<Vec<u8>>())?;
        w.write_all(&(self.n_classes as u32).to_le_bytes())?;
        w.write_all(&self.fingerprint.to_le_bytes())?;
        for x in &self.weights {
            w.write_all(&x.to_le_bytes())?;
        }
        Ok(())
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<Dense> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let dim = read_u32(r)? as usize;
        if dim == 0 {
            return Ok(Dense::default());
        }
        let [n] = read_arr::<1>(r)?;
        let mut codes = vec![0u8; usize::from(n)];
        r.read_exact(&mut codes)?;
        let blocks = codes
            .into_iter()
            .map(|c| Block::from_code(c).ok_or_else(|| bad("unknown dense block")))
            .collect::<std::io::Result<Vec<Block>>>()?;
        let n_classes = read_u32(r)? as usize;
        if dim > 4096 || n_classes > 256 {
            return Err(bad("dense layer too large"));
        }
        let fingerprint = u64::from_le_bytes(read_arr(r)?);
        let mut bytes = vec![0u8; blocks.len() * n_classes * dim * 4];
        r.read_exact(&mut bytes)?;
        let weights = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Dense {
            blocks,
            dim,
            fingerprint,
            weights,
            n_classes,
        })
    }
}

/// Dense weights being learnt, averaged like [`crate::perceptron::Trainer`]'s:
/// the average of the weights after every example is `w - u / clock`,
/// where `u` sums each update times the clock at which it was made.
pub struct DenseTrainer {
    blocks: Vec<Block>,
    dim: usize,
    n_classes: usize,
    /// Inputs are multiplied by this in training (the dense features'
    /// learning rate against the sparse ones' steps of 1).
    scale: f32,
    fingerprint: u64,
    w: Vec<f32>,
    u: Vec<f64>,
}

impl DenseTrainer {
    pub fn new(
        blocks: Vec<Block>,
        vectors: &Vectors,
        n_classes: usize,
        scale: f32,
    ) -> DenseTrainer {
        let dim = if blocks.is_empty() { 0 } else { vectors.dim() };
        let size = blocks.len() * n_classes * dim;
        DenseTrainer {
            blocks,
            dim,
            n_classes,
            scale,
            fingerprint: vectors.fingerprint(),
            w: vec![0.0; size],
            u: vec![0.0; size],
        }
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Adds the current (not averaged) dense scores to `scores`.
    pub fn score(&self, inputs: &[(usize, &[f32])], scores: &mut [f32]) {
        let (nc, dim) = (self.n_classes, self.dim);
        for &(b, x) in inputs {
            for (c, s) in scores.iter_mut().enumerate().take(nc) {
                let at = (b * nc + c) * dim;
                *s += self.scale * dot(x, &self.w[at..at + dim]);
            }
        }
    }

    /// Moves weight from `wrong` to `right` at time `clock`.
    pub fn update(&mut self, inputs: &[(usize, &[f32])], right: usize, wrong: usize, clock: u32) {
        if right == wrong {
            return;
        }
        let (nc, dim) = (self.n_classes, self.dim);
        for &(b, x) in inputs {
            for (class, sign) in [(right, 1f32), (wrong, -1f32)] {
                let at = (b * nc + class) * dim;
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

    /// The averaged weights, applying to unscaled inputs.
    pub fn finish(self, clock: u32) -> Dense {
        let clock = f64::from(clock.max(1));
        let weights = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| ((f64::from(w) - u / clock) * f64::from(self.scale)) as f32)
            .collect();
        Dense {
            blocks: self.blocks,
            dim: self.dim,
            fingerprint: self.fingerprint,
            weights,
            n_classes: self.n_classes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_matches_the_mean_of_the_weights_and_round_trips() {
        let vectors = Vectors::build(&["a".to_string(), "b".to_string()], &[1.0, 0.0, 0.0, 1.0], 2);
        let mut t = DenseTrainer::new(vec![Block::Word], &vectors, 2, 1.0);
        let x = [1.0f32, 0.5];
        // An update at clock 1 counts for the examples after it, here one
        // of two: the averaged weights are x / 2 (as the sparse trainer's).
        t.update(&[(0, &x)], 0, 1, 1);
        let d = t.finish(2);
        let mut s = [0f32; 2];
        d.score(&[(0, &x)], &mut s);
        let xx = 1.0 + 0.25;
        assert!((s[0] - xx / 2.0).abs() < 1e-5 && (s[1] + xx / 2.0).abs() < 1e-5, "{s:?}");
        let mut buf = Vec::new();
        d.write(&mut buf).unwrap();
        let back = Dense::read(&mut buf.as_slice()).unwrap();
        assert!(back.fits(&vectors));
        let mut s2 = [0f32; 2];
        back.score(&[(0, &x)], &mut s2);
        assert_eq!(s, s2);
        let mut buf = Vec::new();
        Dense::default().write(&mut buf).unwrap();
        assert!(Dense::read(&mut buf.as_slice()).unwrap().is_empty());
    }
}
