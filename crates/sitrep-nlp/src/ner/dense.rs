//! Dense features of the entity tagger: the word vectors
//! ([`crate::vectors`]) of the word and its neighbours, each weighed per
//! class by a linear layer beside the sparse features' hashed weights.
//!
//! The perceptron learns these weights like the sparse ones (add the input
//! to the gold class, subtract it from the guessed one) and averages them
//! the same way, so the two kinds of feature are trained as one model.

use std::io::{Read, Write};
use std::sync::Arc;

use sitrep_core::{FileBytes, Table};

use crate::clusters::dot;
use crate::features::Lex;
use crate::perceptron::{read_arr, read_u32, skip_padding, Counted};
pub use crate::vectors::SentenceVectors;
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

    pub(crate) fn code(self) -> u8 {
        match self {
            Block::Word => 0,
            Block::Left => 1,
            Block::Right => 2,
            Block::Capital => 3,
            Block::RunEnd => 4,
        }
    }

    pub(crate) fn from_code(c: u8) -> Option<Block> {
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
    pub(crate) fn source(self, lex: &[Lex], runs: &[Run], i: usize) -> Option<usize> {
        match self {
            Block::Word => Some(i),
            Block::Left => Some(i - 1),
            Block::Right => Some(i + 1),
            Block::Capital => (lex[i].flags & 1 != 0).then_some(i),
            Block::RunEnd => (runs[i].place != 0).then_some(runs[i].end),
        }
    }
}

/// The rows of a padded sentence's words in `vectors` (padding has none),
/// for [`SentenceVectors::fill`].
pub fn rows<'a>(
    lex: &'a [Lex],
    vectors: &'a Vectors,
) -> impl ExactSizeIterator<Item = Option<usize>> + 'a {
    lex.iter().map(move |l| {
        if l.flags & 32 == 0 {
            vectors.index(l.lower)
        } else {
            None
        }
    })
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

/// The dense layer as the tagger runs it: for every word of the vector
/// table, what its vector adds to each class's score in each block (the
/// trained weights applied to the vector once, at training time), 16-bit
/// with one scale per block and class.
///
/// The weights are linear in the vector, so this is the same layer; but
/// tagging then adds 7 stored numbers per block instead of 700
/// multiplications, and `ner.bin` carries what it needs of the vectors in
/// 5.6 bytes a word per block instead of the 100-byte vectors.
#[derive(Debug, Clone, Default)]
pub struct Projected {
    pub blocks: Vec<Block>,
    n_classes: usize,
    /// The words the layer has values for.
    words: WordRows,
    /// Per word, per block, per class: 11 MB, used in place from the
    /// mapped model file (see [`sitrep_core::Table`]).
    values: Table<i16>,
    /// Per block and class, the value of one step.
    scales: Vec<f32>,
}

/// Marks a layer whose values are aligned in the file (the first word of
/// an older layer is its word count, at most 2^24).
const VALUES_ALIGNED: u32 = 0x5052_0002;

/// Reads `n` little-endian numbers of `N` bytes through a 64 KB buffer.
fn read_chunked<T, const N: usize>(
    r: &mut impl Read,
    n: usize,
    decode: fn([u8; N]) -> T,
) -> std::io::Result<Vec<T>> {
    let mut out = Vec::with_capacity(n);
    let mut buf = [0u8; 1 << 16];
    let per = buf.len() / N;
    while out.len() < n {
        let take = (n - out.len()).min(per);
        let chunk = &mut buf[..take * N];
        r.read_exact(chunk)?;
        out.extend(chunk.chunks_exact(N).map(|c| {
            let mut a = [0u8; N];
            a.copy_from_slice(c);
            decode(a)
        }));
    }
    Ok(out)
}

/// Writes a projected layer's scales, word keys and (after padding to 2
/// bytes, so a mapped file can be read in place) its 16-bit values: the
/// part of the file the entity tagger's and the parser's layers share.
pub(crate) fn write_rows(
    w: &mut Counted<impl Write>,
    scales: &[f32],
    words: &WordRows,
    values: &Table<i16>,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(4 * scales.len() + 4 * words.len());
    for s in scales {
        buf.extend_from_slice(&s.to_le_bytes());
    }
    for k in words.keys() {
        buf.extend_from_slice(&k.to_le_bytes());
    }
    w.write_all(&buf)?;
    w.pad_to(2)?;
    let mut buf = Vec::with_capacity(2 * values.len());
    for v in values.iter() {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(&buf)
}

/// The words a dense layer stores values for, found by their lowercased
/// hash: the entity tagger's and the part-of-speech tagger's layers both
/// keep one row per word in this order.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordRows {
    /// Sorted 32-bit hashes of the lowercased words.
    keys: Vec<u32>,
    /// Per top 16 bits of a key, where its keys start in `keys` (65,537
    /// entries): a lookup reads one bucket of ~3 keys.
    buckets: Vec<u32>,
}

impl WordRows {
    /// The rows of `keys`, which must be sorted.
    pub(crate) fn new(keys: Vec<u32>) -> WordRows {
        let mut buckets = Vec::with_capacity((1 << 16) + 1);
        let mut at = 0usize;
        for h in 0..=(1u32 << 16) {
            while at < keys.len() && (keys[at] >> 16) < h {
                at += 1;
            }
            buckets.push(at as u32);
        }
        WordRows { keys, buckets }
    }

    pub(crate) fn keys(&self) -> &[u32] {
        &self.keys
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The row of a word by its lowercased hash, or `u32::MAX`.
    #[inline]
    pub(crate) fn row(&self, lower: u64) -> u32 {
        let k = lower as u32;
        let h = (k >> 16) as usize;
        let (from, to) = (self.buckets[h] as usize, self.buckets[h + 1] as usize);
        self.keys[from..to]
            .iter()
            .position(|&x| x == k)
            .map_or(u32::MAX, |p| (from + p) as u32)
    }

    /// The rows of a padded sentence's words (`u32::MAX` for padding and
    /// words without a vector).
    pub(crate) fn rows(&self, lex: &[Lex], out: &mut Vec<u32>) {
        out.clear();
        out.extend(lex.iter().map(|l| {
            if l.flags & 32 == 0 {
                self.row(l.lower)
            } else {
                u32::MAX
            }
        }));
    }
}

impl Projected {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() || self.words.is_empty()
    }

    /// Whether the values are read in place from a mapped model file.
    pub fn is_mapped(&self) -> bool {
        self.values.is_mapped()
    }

    /// Words in the table.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The rows of a padded sentence's words (`u32::MAX` for padding and
    /// words without a vector).
    pub fn rows(&self, lex: &[Lex], out: &mut Vec<u32>) {
        self.words.rows(lex, out)
    }

    /// Adds the dense scores of the word at padded index `i` to `scores`.
    #[inline]
    pub fn score(&self, lex: &[Lex], runs: &[Run], rows: &[u32], i: usize, scores: &mut [f32]) {
        let (nb, nc) = (self.blocks.len(), self.n_classes);
        for (b, block) in self.blocks.iter().enumerate() {
            let Some(row) = block.source(lex, runs, i).map(|k| rows[k]) else {
                continue;
            };
            if row == u32::MAX {
                continue;
            }
            let at = (row as usize * nb + b) * nc;
            for ((s, &q), &scale) in scores
                .iter_mut()
                .zip(&self.values[at..at + nc])
                .zip(&self.scales[b * nc..(b + 1) * nc])
            {
                *s += f32::from(q) * scale;
            }
        }
    }

    /// Writes the layer; the values start on an even byte of the file (a
    /// padding length byte and the padding before them), so that a mapped
    /// file can be used in place.
    pub fn write(&self, w: &mut Counted<impl Write>) -> std::io::Result<()> {
        if self.is_empty() {
            return w.write_all(&0u32.to_le_bytes());
        }
        w.write_all(&VALUES_ALIGNED.to_le_bytes())?;
        w.write_all(&(self.words.len() as u32).to_le_bytes())?;
        w.write_all(&[self.blocks.len() as u8])?;
        w.write_all(&self.blocks.iter().map(|b| b.code()).collect::<Vec<u8>>())?;
        w.write_all(&(self.n_classes as u32).to_le_bytes())?;
        write_rows(w, &self.scales, &self.words, &self.values)
    }

    /// Reads what [`Projected::write`] wrote, the values in place when
    /// `map` is the mapped file the bytes come from. Files written before
    /// 2026-12-06 (no padding before the values) read too, into memory.
    pub fn read(r: &mut &[u8], map: Option<&Arc<FileBytes>>) -> std::io::Result<Projected> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let first = read_u32(r)?;
        let aligned = first == VALUES_ALIGNED;
        let n = if aligned { read_u32(r)? } else { first } as usize;
        if n == 0 {
            return Ok(Projected::default());
        }
        let [nb] = read_arr::<1>(r)?;
        let mut codes = vec![0u8; usize::from(nb)];
        r.read_exact(&mut codes)?;
        let blocks = codes
            .into_iter()
            .map(|c| Block::from_code(c).ok_or_else(|| bad("unknown dense block")))
            .collect::<std::io::Result<Vec<Block>>>()?;
        let n_classes = read_u32(r)? as usize;
        if n > 1 << 24 || n_classes > 256 {
            return Err(bad("dense layer too large"));
        }
        let cells = blocks.len() * n_classes;
        // Read through a small buffer straight into the tables: the values
        // are 11 MB, and a second copy of them was a tenth of the loading time.
        let scales = read_chunked(r, cells, f32::from_le_bytes)?;
        let keys: Vec<u32> = read_chunked(r, n, u32::from_le_bytes)?;
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("dense layer keys are not sorted"));
        }
        if aligned {
            skip_padding(r, 2, "the dense values")?;
        }
        let values = Table::read(r, n * cells, map, i16::from_le_bytes)?;
        Ok(Projected {
            blocks,
            n_classes,
            words: WordRows::new(keys),
            values,
            scales,
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
        self.update_by(inputs, right, wrong, clock, 1.0);
    }

    /// [`DenseTrainer::update`] with a step of `step` instead of 1 (the
    /// entity tagger's per-corpus weighting).
    pub fn update_by(
        &mut self,
        inputs: &[(usize, &[f32])],
        right: usize,
        wrong: usize,
        clock: u32,
        step: f32,
    ) {
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
                    let d = sign * step * self.scale * v;
                    *w += d;
                    *u += f64::from(clock) * f64::from(d);
                }
            }
        }
    }

    /// Gives every block `copies` more copies (block `b`'s copy `k` is
    /// block `b + k * n`, `n` the blocks before): the corpus copies of
    /// feature augmentation ([`super::Adaptation::augment_dense`]).
    pub fn add_copies(&mut self, copies: usize) {
        let base = self.blocks.clone();
        for _ in 0..copies {
            self.blocks.extend_from_slice(&base);
        }
        let size = self.blocks.len() * self.n_classes * self.dim;
        self.w.resize(size, 0.0);
        self.u.resize(size, 0.0);
    }

    /// Undoes [`DenseTrainer::add_copies`] for a layer of `n` blocks: adds
    /// copy `keep`'s weights (if any) to the shared blocks' and drops every
    /// copy. The layer is linear, so the folded layer scores as the shared
    /// and kept copies together.
    pub fn fold_copies(&mut self, n: usize, keep: Option<usize>) {
        let cells = n * self.n_classes * self.dim;
        if let Some(k) = keep {
            let at = k * cells;
            for i in 0..cells {
                self.w[i] += self.w[at + i];
                self.u[i] += self.u[at + i];
            }
        }
        self.blocks.truncate(n);
        self.w.truncate(cells);
        self.u.truncate(cells);
    }

    /// The classes and the averaged weights, per block and class `dim`
    /// values (the training scale folded in).
    pub fn averaged(&self, clock: u32) -> (usize, Vec<f32>) {
        let clock = f64::from(clock.max(1));
        let weights = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| ((f64::from(w) - u / clock) * f64::from(self.scale)) as f32)
            .collect();
        (self.n_classes, weights)
    }

    /// The averaged weights applied to every vector of `vectors` (the
    /// table trained with): the layer as [`Projected`].
    pub fn finish(self, clock: u32, vectors: &Vectors) -> Projected {
        let weights = crate::vectors::averaged(&self.w, &self.u, clock, self.scale);
        let (nb, nc, dim) = (self.blocks.len(), self.n_classes, self.dim);
        if nb == 0 || dim == 0 || vectors.is_empty() {
            return Projected::default();
        }
        let (values, scales) = crate::vectors::project(vectors, &weights, dim);
        let keys = vectors.keys().to_vec();
        Projected {
            blocks: self.blocks,
            n_classes: nc,
            words: WordRows::new(keys),
            values: Table::Owned(values),
            scales,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_matches_the_mean_of_the_weights_and_round_trips() {
        let vectors = Vectors::build(
            &["a".to_string(), "b".to_string()],
            &[1.0, 0.0, 0.6, 0.8],
            2,
        );
        let mut t = DenseTrainer::new(vec![Block::Word], &vectors, 2, 1.0);
        let x = [1.0f32, 0.0];
        // An update at clock 1 counts for the examples after it, here one
        // of two: the averaged weights are x / 2 (as the sparse trainer's).
        t.update(&[(0, &x)], 0, 1, 1);
        let p = t.finish(2, &vectors);
        assert_eq!(p.len(), 2);
        let mut lex = Vec::new();
        crate::tagger::padded_lex(&["B", "zzqx"], &Default::default(), &mut lex);
        let mut runs_ = Vec::new();
        super::super::runs(&lex, &mut runs_);
        let mut rows = Vec::new();
        p.rows(&lex, &mut rows);
        let mut s = [0f32; 2];
        p.score(&lex, &runs_, &rows, crate::tagger::PAD, &mut s);
        // "b" is (0.6, 0.8): 0.6 * 1/2 for class 0, -0.3 for class 1.
        assert!(
            (s[0] - 0.3).abs() < 1e-3 && (s[1] + 0.3).abs() < 1e-3,
            "{s:?}"
        );
        let mut s2 = [0f32; 2];
        p.score(&lex, &runs_, &rows, crate::tagger::PAD + 1, &mut s2);
        assert_eq!(s2, [0.0, 0.0], "no vector, no score");
        let mut buf = Vec::new();
        p.write(&mut Counted::new(&mut buf)).unwrap();
        let back = Projected::read(&mut buf.as_slice(), None).unwrap();
        let mut s3 = [0f32; 2];
        back.score(&lex, &runs_, &rows, crate::tagger::PAD, &mut s3);
        assert_eq!(s, s3);
        let mut buf = Vec::new();
        Projected::default()
            .write(&mut Counted::new(&mut buf))
            .unwrap();
        assert!(Projected::read(&mut buf.as_slice(), None)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn folding_a_copy_scores_as_shared_and_copy_together() {
        let vectors = Vectors::build(&["a".to_string()], &[1.0, 0.0], 2);
        let mut t = DenseTrainer::new(vec![Block::Word], &vectors, 2, 1.0);
        t.add_copies(2);
        assert_eq!(t.blocks().len(), 3);
        let x = [1.0f32, 0.0];
        // Shared block and the copy of corpus 1 (block 2) learn together,
        // corpus 0's copy (block 1) against them.
        t.update(&[(0, &x), (2, &x)], 0, 1, 1);
        t.update(&[(1, &x)], 1, 0, 1);
        let mut kept = DenseTrainer::new(vec![Block::Word], &vectors, 2, 1.0);
        kept.update(&[(0, &x)], 0, 1, 1);
        kept.update(&[(0, &x)], 0, 1, 1);
        t.fold_copies(1, Some(2));
        assert_eq!(t.blocks().len(), 1);
        assert_eq!(t.averaged(2), kept.averaged(2));
    }
}
