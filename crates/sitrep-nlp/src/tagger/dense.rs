//! Dense features of the part-of-speech tagger: the word vectors
//! ([`crate::vectors`]) of the word and of its neighbours, weighed per
//! class by a linear layer beside the sparse perceptron's weights.
//!
//! Trained like the entity tagger's layer ([`crate::ner::dense`]), jointly
//! with the sparse weights (the perceptron update moves both). But the
//! tagger has ~100 joint `UPOS/XPOS` classes, so the entity tagger's way of
//! shipping the layer (every word's product with every class's weights,
//! stored) would take 40 MB a block. Instead the trained layer is cut to
//! `rank` dimensions: with `M` the weights (100 × blocks · classes) and `X`
//! the table's vectors, the leading eigenvectors `V` of `Mᵀ XᵀX M` (the
//! Gram matrix of every word's scores) span the `rank`-dimensional space
//! that keeps the table's scores best. The model keeps each word's
//! `z = Vᵀ Mᵀ x` (`rank` signed bytes: 3.2 MB for 200,000 words at rank 16)
//! and `V` per block, and a word's dense score is `rank` short vector
//! additions per block. EWT dev UPOS at rank 8 / 16 / 32 / 100 (the full
//! layer): 95.55 / 95.72 / 95.78 / 95.80 (seed 1).
//!
//! A word's own vector overrules the context on frequent ambiguous words
//! ("was shot and killed": `shot` NOUN), so by default the layer feeds it
//! only for words unseen in training ([`PosDense::unseen_only`]); the
//! neighbours' vectors count for every word. Not shipped: EWT dev +0.18
//! UPOS, test +0.11, but topical neighbourhoods mislead it on unseen
//! conflict words ("Militiamen beat ...": VBN); see data/models/README.md.

use std::io::Write;

use crate::clusters::dot;
use crate::features::Lex;
use crate::ner::dense::{Block, DenseTrainer, SentenceVectors, WordRows};
use crate::perceptron::{read_arr, read_u32};
use crate::vectors::Vectors;

/// The tagger's dense layer as the tagger runs it.
#[derive(Debug, Clone, Default)]
pub struct PosDense {
    pub blocks: Vec<Block>,
    n_classes: usize,
    rank: usize,
    /// Whether a word's own vector (the `Word` and `Capital` blocks) counts
    /// only for words the tagger's dictionary lacks (unseen in training);
    /// the neighbours' blocks count for every word.
    pub unseen_only: bool,
    /// The words the layer has a projected vector for.
    words: WordRows,
    /// Per word, its projected vector, `rank` signed bytes.
    z: Vec<i8>,
    /// Per block, per projected dimension, per class (the step of `z`
    /// folded in); in memory each row is padded to [`stride`] classes.
    m: Vec<f32>,
}

/// Classes summed at a time (in vector registers).
const LANES: usize = 16;
/// Most (block, dimension) rows one word adds.
const MAX_ROWS: usize = 128;
/// Most classes.
const MAX_CLASSES: usize = 256;

/// A row of `m` in memory: `n_classes` rounded up to whole [`LANES`].
fn stride(n_classes: usize) -> usize {
    n_classes.div_ceil(LANES) * LANES
}

/// `m` (rows of `n_classes`) padded to rows of [`stride`].
fn padded(m: &[f32], n_classes: usize) -> Vec<f32> {
    let w = stride(n_classes);
    let mut out = vec![0f32; m.len() / n_classes.max(1) * w];
    for (o, row) in out.chunks_exact_mut(w).zip(m.chunks_exact(n_classes)) {
        o[..n_classes].copy_from_slice(row);
    }
    out
}

/// Σ q · row over the given rows of `m` (each `width` long), [`LANES`]
/// classes at a time so the sums stay in registers; each class sums its
/// rows in the same order whatever the lane width, so the result is the
/// same with and without AVX2 (no fused multiply-add is enabled).
#[inline(always)]
fn add_rows_lanes(m: &[f32], rows: &[(f32, u32)], width: usize, acc: &mut [f32]) {
    for (c, out) in acc[..width].chunks_exact_mut(LANES).enumerate() {
        let mut sum = [0f32; LANES];
        let c = c * LANES;
        for &(q, at) in rows {
            let at = at as usize + c;
            let Some(lanes) = m.get(at..at + LANES) else {
                continue;
            };
            for (s, &w) in sum.iter_mut().zip(lanes) {
                *s += q * w;
            }
        }
        out.copy_from_slice(&sum);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_rows_avx2(m: &[f32], rows: &[(f32, u32)], width: usize, acc: &mut [f32]) {
    add_rows_lanes(m, rows, width, acc);
}

#[inline]
fn add_rows(m: &[f32], rows: &[(f32, u32)], width: usize, acc: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { add_rows_avx2(m, rows, width, acc) };
        return;
    }
    add_rows_lanes(m, rows, width, acc);
}

impl PosDense {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() || self.words.is_empty()
    }

    /// Words in the table.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The rows of a padded sentence's words (`u32::MAX` for padding and
    /// words without a vector).
    pub fn rows(&self, lex: &[Lex], out: &mut Vec<u32>) {
        self.words.rows(lex, out)
    }

    /// Adds the dense scores of the word at padded index `i` to `scores`.
    #[inline]
    /// `unseen`: the word has no ambiguity class (see `unseen_only`).
    pub fn score(&self, lex: &[Lex], rows: &[u32], i: usize, unseen: bool, scores: &mut [f32]) {
        let own = unseen || !self.unseen_only;
        let (r, nc) = (self.rank, self.n_classes);
        let width = stride(nc);
        let mut picked = [(0f32, 0u32); MAX_ROWS];
        let mut n = 0;
        for (b, block) in self.blocks.iter().enumerate() {
            if !own && matches!(block, Block::Word | Block::Capital) {
                continue;
            }
            let Some(row) = block.source(lex, &[], i).map(|k| rows[k]) else {
                continue;
            };
            if row == u32::MAX {
                continue;
            }
            let z = &self.z[row as usize * r..(row as usize + 1) * r];
            for (d, &q) in z.iter().enumerate() {
                if q != 0 && n < MAX_ROWS {
                    picked[n] = (f32::from(q), ((b * r + d) * width) as u32);
                    n += 1;
                }
            }
        }
        if n == 0 {
            return;
        }
        let mut acc = [0f32; MAX_CLASSES];
        add_rows(&self.m, &picked[..n], width, &mut acc[..width]);
        for (s, a) in scores[..nc].iter_mut().zip(&acc) {
            *s += a;
        }
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        if self.is_empty() {
            return w.write_all(&0u32.to_le_bytes());
        }
        w.write_all(&(self.words.len() as u32).to_le_bytes())?;
        w.write_all(&[self.blocks.len() as u8])?;
        w.write_all(&self.blocks.iter().map(|b| b.code()).collect::<Vec<u8>>())?;
        w.write_all(&(self.n_classes as u32).to_le_bytes())?;
        w.write_all(&(self.rank as u32).to_le_bytes())?;
        w.write_all(&[u8::from(self.unseen_only)])?;
        let mut buf = Vec::with_capacity(4 * self.m.len() + 4 * self.words.len() + self.z.len());
        let width = stride(self.n_classes);
        for row in self.m.chunks_exact(width) {
            for v in &row[..self.n_classes] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
        }
        for k in self.words.keys() {
            buf.extend_from_slice(&k.to_le_bytes());
        }
        buf.extend(self.z.iter().map(|&q| q as u8));
        w.write_all(&buf)
    }

    pub fn read(r: &mut &[u8]) -> std::io::Result<PosDense> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let n = read_u32(r)? as usize;
        if n == 0 {
            return Ok(PosDense::default());
        }
        let [nb] = read_arr::<1>(r)?;
        let mut blocks = Vec::with_capacity(usize::from(nb));
        for _ in 0..nb {
            let [c] = read_arr::<1>(r)?;
            blocks.push(Block::from_code(c).ok_or_else(|| bad("unknown dense block"))?);
        }
        if blocks.contains(&Block::RunEnd) {
            return Err(bad("the tagger has no run-end block"));
        }
        let n_classes = read_u32(r)? as usize;
        let rank = read_u32(r)? as usize;
        let [unseen_only] = read_arr::<1>(r)?;
        if n > 1 << 24
            || n_classes == 0
            || stride(n_classes) > MAX_CLASSES
            || blocks.len() * rank > MAX_ROWS
        {
            return Err(bad("dense layer too large"));
        }
        let cells = blocks.len() * rank * n_classes;
        let need = 4 * cells + 4 * n + rank * n;
        if r.len() < need {
            return Err(bad("dense layer truncated"));
        }
        let (head, rest) = r.split_at(need);
        *r = rest;
        let f32s = |b: &[u8]| -> Vec<f32> {
            b.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        };
        let m = padded(&f32s(&head[..4 * cells]), n_classes);
        let keys: Vec<u32> = head[4 * cells..4 * cells + 4 * n]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("dense layer keys are not sorted"));
        }
        let z = head[4 * cells + 4 * n..].iter().map(|&b| b as i8).collect();
        Ok(PosDense {
            blocks,
            n_classes,
            rank,
            unseen_only: unseen_only != 0,
            words: WordRows::new(keys),
            z,
            m,
        })
    }
}

/// The dense layer being learnt: the entity tagger's trainer, over the
/// blocks `Word`, `Left`, `Right` and `Capital`.
pub struct PosDenseTrainer<'a> {
    inner: DenseTrainer,
    vectors: &'a Vectors,
    sv: SentenceVectors,
    clock: u32,
}

impl<'a> PosDenseTrainer<'a> {
    pub fn new(
        blocks: Vec<Block>,
        vectors: &'a Vectors,
        n_classes: usize,
        scale: f32,
    ) -> PosDenseTrainer<'a> {
        PosDenseTrainer {
            inner: DenseTrainer::new(blocks, vectors, n_classes, scale),
            vectors,
            sv: SentenceVectors::default(),
            clock: 0,
        }
    }

    /// Looks up a padded sentence's vectors.
    pub fn sentence(&mut self, lex: &[Lex]) {
        self.sv
            .fill(crate::ner::dense::rows(lex, self.vectors), self.vectors);
    }

    /// Adds the word at `i`'s dense scores (current weights); counts one example.
    pub fn score_and_update(
        &mut self,
        lex: &[Lex],
        i: usize,
        own: bool,
        scores: &mut [f32],
        decide: impl FnOnce(&[f32]) -> (usize, usize),
    ) {
        let mut inputs = Vec::with_capacity(4);
        crate::ner::dense::inputs(self.inner.blocks(), &self.sv, lex, &[], i, &mut inputs);
        if !own {
            let blocks = self.inner.blocks();
            inputs.retain(|(b, _)| !matches!(blocks[*b], Block::Word | Block::Capital));
        }
        self.inner.score(&inputs, scores);
        self.clock += 1;
        let (gold, guess) = decide(scores);
        self.inner.update(&inputs, gold, guess, self.clock);
    }

    /// The averaged layer cut to `rank` dimensions (see the module notes).
    pub fn finish(self, rank: usize, unseen_only: bool) -> PosDense {
        let blocks = self.inner.blocks().to_vec();
        let vectors = self.vectors;
        let (nc, w) = self.inner.averaged(self.clock);
        let dim = vectors.dim();
        if blocks.is_empty() || dim == 0 || vectors.is_empty() {
            return PosDense::default();
        }
        let cols = w.len() / dim;
        let rank = rank.clamp(1, cols.min(dim)).min(MAX_ROWS / blocks.len());
        // C = Σ x xᵀ over the table's words (dim × dim).
        let n = vectors.len();
        let mut x = vec![0f32; dim];
        let mut c = vec![0f64; dim * dim];
        for row in 0..n {
            vectors.fill(row, &mut x);
            for a in 0..dim {
                let xa = f64::from(x[a]);
                for (cab, &xb) in c[a * dim..(a + 1) * dim].iter_mut().zip(&x) {
                    *cab += xa * f64::from(xb);
                }
            }
        }
        // G = Mᵀ C M (cols × cols): the Gram matrix of every word's scores,
        // whose leading eigenvectors V best keep those scores in `rank`
        // dimensions (z = Vᵀ Mᵀ x, score ≈ V z).
        let mut cm = vec![0f64; dim * cols];
        for (k, col) in w.chunks_exact(dim).enumerate() {
            for a in 0..dim {
                cm[a * cols + k] = (0..dim).map(|b| c[a * dim + b] * f64::from(col[b])).sum();
            }
        }
        let mut g = vec![0f64; cols * cols];
        for (k, col) in w.chunks_exact(dim).enumerate() {
            for l in 0..cols {
                g[k * cols + l] = (0..dim).map(|a| f64::from(col[a]) * cm[a * cols + l]).sum();
            }
        }
        let v = top_eigenvectors(&mut g, cols, rank);
        // u (rank × dim): the projection of a vector, Vᵀ Mᵀ.
        let mut u = vec![0f32; rank * dim];
        for d in 0..rank {
            let vd = &v[d * cols..(d + 1) * cols];
            for (k, col) in w.chunks_exact(dim).enumerate() {
                for (o, &wa) in u[d * dim..(d + 1) * dim].iter_mut().zip(col) {
                    *o += vd[k] * wa;
                }
            }
        }
        // Per block, per projected dimension, per class: V.
        let mut m = vec![0f32; blocks.len() * rank * nc];
        for k in 0..cols {
            let (b, c) = (k / nc, k % nc);
            for d in 0..rank {
                m[(b * rank + d) * nc + c] = v[d * cols + k];
            }
        }
        // Every word's projection, then one step per projected dimension.
        let mut proj = vec![0f32; n * rank];
        for (row, out) in proj.chunks_exact_mut(rank).enumerate() {
            vectors.fill(row, &mut x);
            for (d, o) in out.iter_mut().enumerate() {
                *o = dot(&x, &u[d * dim..(d + 1) * dim]);
            }
        }
        let mut steps = vec![0f32; rank];
        for out in proj.chunks_exact(rank) {
            for (s, &v) in steps.iter_mut().zip(out) {
                *s = s.max(v.abs());
            }
        }
        steps.iter_mut().for_each(|s| *s = (*s / 127.0).max(1e-12));
        let z = proj
            .chunks_exact(rank)
            .flat_map(|out| {
                out.iter()
                    .zip(&steps)
                    .map(|(&v, &s)| (v / s).round().clamp(-127.0, 127.0) as i8)
            })
            .collect();
        for b in 0..blocks.len() {
            for (d, &s) in steps.iter().enumerate() {
                let at = (b * rank + d) * nc;
                m[at..at + nc].iter_mut().for_each(|v| *v *= s);
            }
        }
        let keys = vectors.keys().to_vec();
        PosDense {
            blocks,
            n_classes: nc,
            rank,
            unseen_only,
            words: WordRows::new(keys),
            z,
            m: padded(&m, nc),
        }
    }
}

/// The `k` eigenvectors of largest eigenvalue of the symmetric `n × n`
/// matrix `a` (destroyed), row after row, by cyclic Jacobi rotations
/// (deterministic; `n` is the vectors' 100 dimensions).
fn top_eigenvectors(a: &mut [f64], n: usize, k: usize) -> Vec<f32> {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-22 * diag.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..n {
                    let (arp, arq) = (a[r * n + p], a[r * n + q]);
                    a[r * n + p] = c * arp - s * arq;
                    a[r * n + q] = s * arp + c * arq;
                }
                for r in 0..n {
                    let (apr, aqr) = (a[p * n + r], a[q * n + r]);
                    a[p * n + r] = c * apr - s * aqr;
                    a[q * n + r] = s * apr + c * aqr;
                }
                for r in 0..n {
                    let (vrp, vrq) = (v[r * n + p], v[r * n + q]);
                    v[r * n + p] = c * vrp - s * vrq;
                    v[r * n + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| a[y * n + y].total_cmp(&a[x * n + x]).then(x.cmp(&y)));
    let mut out = Vec::with_capacity(k * n);
    for &col in order.iter().take(k) {
        out.extend((0..n).map(|r| v[r * n + col] as f32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenvectors_of_a_small_symmetric_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 (1, 1)/√2 and 1 (1, -1)/√2.
        let mut a = vec![2.0, 1.0, 1.0, 2.0];
        let u = top_eigenvectors(&mut a, 2, 1);
        let h = std::f32::consts::FRAC_1_SQRT_2;
        assert!((u[0].abs() - h).abs() < 1e-5 && (u[1].abs() - h).abs() < 1e-5);
        assert!(u[0] * u[1] > 0.0, "{u:?}");
    }

    #[test]
    fn full_rank_layer_scores_like_the_weights_and_round_trips() {
        let words: Vec<String> = ["a", "b"].map(String::from).to_vec();
        let vectors = Vectors::build(&words, &[1.0, 0.0, 0.6, 0.8], 2);
        let mut t = PosDenseTrainer::new(vec![Block::Word], &vectors, 2, 1.0);
        let mut lex = Vec::new();
        crate::tagger::padded_lex(&["A", "zzqx"], &Default::default(), &mut lex);
        t.sentence(&lex);
        let mut s = [0f32; 2];
        // Gold 0, guessed 1: the layer learns x for class 0, -x for class 1.
        t.score_and_update(&lex, crate::tagger::PAD, true, &mut s, |_| (0, 1));
        let mut s = [0f32; 2];
        t.score_and_update(&lex, crate::tagger::PAD + 1, true, &mut s, |_| (0, 0));
        let p = t.finish(2, false);
        let mut buf = Vec::new();
        p.write(&mut buf).unwrap();
        let back = PosDense::read(&mut buf.as_slice()).unwrap();
        crate::tagger::padded_lex(&["B", "zzqx"], &Default::default(), &mut lex);
        let mut rows = Vec::new();
        back.rows(&lex, &mut rows);
        let mut s = [0f32; 2];
        back.score(&lex, &rows, crate::tagger::PAD, true, &mut s);
        // Averaged over 2 examples, the weights are x / 2 = (0.5, 0):
        // "b" = (0.6, 0.8) scores 0.3 and -0.3.
        assert!(
            (s[0] - 0.3).abs() < 0.01 && (s[1] + 0.3).abs() < 0.01,
            "{s:?}"
        );
        let mut s2 = [0f32; 2];
        back.score(&lex, &rows, crate::tagger::PAD + 1, true, &mut s2);
        assert_eq!(s2, [0.0, 0.0]);
    }
}
