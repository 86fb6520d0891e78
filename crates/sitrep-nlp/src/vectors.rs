//! Pretrained word vectors, quantised, as dense features.
//!
//! The word clusters ([`crate::clusters`]) give the models a word's
//! neighbourhood in GloVe space as a few discrete ids; the vectors
//! themselves say more (how close "Hezbollah" is to the organisations and
//! how close to the places), and a linear model can weigh each of their
//! dimensions. The entity tagger learns weights for them beside its sparse
//! features ([`crate::ner::dense`]).
//!
//! The table holds the `top` most frequent GloVe words, keyed by the
//! lowercased word's 32-bit hash like the clusters (GloVe 6B is lowercased),
//! each vector normalised to unit length and quantised to one signed byte
//! per dimension with one scale per dimension: 200,000 words × 100
//! dimensions is 20.8 MB. It is a training input, rebuilt in two seconds
//! by `sitrep train vectors`: the entity tagger stores what the vectors add
//! to its scores per word ([`crate::ner::dense::Projected`]), so nothing
//! reads this file at run time. Loading keeps the file as one byte buffer
//! (rows are never split into vectors of their own), and a lookup is a
//! binary search in the sorted keys.

use std::io::Write;
use std::path::Path;

use crate::features::hash_str;
use crate::NlpError;

const MAGIC: &[u8; 8] = b"SRVEC01\n";
/// The file in the model folder.
pub const VECTORS_FILE: &str = "vectors.bin";
/// Bytes before the per-dimension scales: magic, count, dimension, fingerprint.
const HEADER: usize = 8 + 4 + 4 + 8;

/// The vectors of a vocabulary, keyed by the lowercased word's hash.
#[derive(Clone, Default)]
pub struct Vectors {
    /// Sorted 32-bit keys.
    keys: Vec<u32>,
    /// Per dimension, the value of a quantised step.
    scales: Vec<f32>,
    /// The whole file; rows of `dim` signed bytes start at `rows`.
    bytes: Vec<u8>,
    rows: usize,
    dim: usize,
    /// A hash of the table's contents, written when it was built (logged by
    /// training, to tell tables apart).
    fingerprint: u64,
}

/// Not the 20 MB of rows: `Nlp`'s debug output stays readable.
impl std::fmt::Debug for Vectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vectors")
            .field("words", &self.keys.len())
            .field("dim", &self.dim)
            .field("fingerprint", &format_args!("{:016x}", self.fingerprint))
            .finish()
    }
}

impl Vectors {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The sorted keys, one per row.
    pub fn keys(&self) -> &[u32] {
        &self.keys
    }

    /// Dimensions per vector (0 for an empty table).
    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The row index of a word by its lowercased hash.
    #[inline]
    pub fn index(&self, lower: u64) -> Option<usize> {
        self.keys.binary_search(&(lower as u32)).ok()
    }

    /// Writes the vector of row `row` into `out` (length [`Vectors::dim`]).
    #[inline]
    pub fn fill(&self, row: usize, out: &mut [f32]) {
        let at = self.rows + row * self.dim;
        for ((o, &q), &s) in out
            .iter_mut()
            .zip(&self.bytes[at..at + self.dim])
            .zip(&self.scales)
        {
            *o = f32::from(q as i8) * s;
        }
    }

    /// The vector of a word by its lowercased hash, if the table has it.
    pub fn get(&self, lower: u64, out: &mut [f32]) -> bool {
        match self.index(lower) {
            Some(row) => {
                self.fill(row, out);
                true
            }
            None => false,
        }
    }

    /// Reads the table from the model folder; an empty table when the file is absent.
    pub fn load(dir: &Path) -> Result<Vectors, NlpError> {
        let path = dir.join(VECTORS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vectors::default()),
            Err(source) => return Err(NlpError::Io { path, source }),
        };
        Vectors::from_bytes(bytes).map_err(|reason| NlpError::BadModel {
            path,
            reason: reason.to_string(),
        })
    }

    /// Takes a file's bytes as the table; only the keys are decoded.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Vectors, &'static str> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err("wrong model header");
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let n = u32_at(8) as usize;
        let dim = u32_at(12) as usize;
        let fingerprint = u64::from(u32_at(16)) | (u64::from(u32_at(20)) << 32);
        let keys_at = HEADER + 4 * dim;
        let rows = keys_at + 4 * n;
        if dim == 0 || dim > 4096 || bytes.len() as u64 != rows as u64 + n as u64 * dim as u64 {
            return Err("file size does not match its header");
        }
        let scales = (0..dim)
            .map(|d| f32::from_bits(u32_at(HEADER + 4 * d)))
            .collect();
        let keys: Vec<u32> = bytes[keys_at..rows]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err("keys are not sorted");
        }
        Ok(Vectors {
            keys,
            scales,
            bytes,
            rows,
            dim,
            fingerprint,
        })
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(&self.bytes)
    }

    /// Quantises unit vectors (`words.len()` rows of `dim`) into a table.
    /// Words whose lowercased hashes collide keep the first (more frequent) one.
    pub fn build(words: &[String], data: &[f32], dim: usize) -> Vectors {
        let mut rows: Vec<(u32, usize)> = Vec::with_capacity(words.len());
        let mut seen = std::collections::HashSet::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            let k = hash_str(w, true) as u32;
            if seen.insert(k) {
                rows.push((k, i));
            }
        }
        rows.sort_unstable();
        // One scale per dimension, from its largest magnitude.
        let mut scales = vec![0f32; dim];
        for &(_, i) in &rows {
            for (s, &v) in scales.iter_mut().zip(&data[i * dim..(i + 1) * dim]) {
                *s = s.max(v.abs());
            }
        }
        scales.iter_mut().for_each(|s| *s = (*s / 127.0).max(1e-12));
        let mut bytes = Vec::with_capacity(HEADER + 4 * dim + rows.len() * (4 + dim));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&(dim as u32).to_le_bytes());
        bytes.extend_from_slice(&0u64.to_le_bytes());
        for s in &scales {
            bytes.extend_from_slice(&s.to_bits().to_le_bytes());
        }
        for &(k, _) in &rows {
            bytes.extend_from_slice(&k.to_le_bytes());
        }
        for &(_, i) in &rows {
            for (&v, &s) in data[i * dim..(i + 1) * dim].iter().zip(&scales) {
                bytes.push((v / s).round().clamp(-127.0, 127.0) as i8 as u8);
            }
        }
        // The fingerprint: FNV-1a of everything after the header.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in &bytes[HEADER..] {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        bytes[16..24].copy_from_slice(&h.to_le_bytes());
        Vectors::from_bytes(bytes).unwrap_or_default()
    }
}

/// The vectors of one sentence's positions, looked up once per sentence in
/// training (the entity tagger's padded words, the parser's nodes).
#[derive(Debug, Default)]
pub struct SentenceVectors {
    /// `dim` values per position.
    values: Vec<f32>,
    /// Whether each position has a vector.
    has: Vec<bool>,
    dim: usize,
}

impl SentenceVectors {
    /// Fills the positions from their rows in `vectors` (`None`: the
    /// position has no vector — padding, ROOT, an unknown word).
    pub fn fill(&mut self, rows: impl ExactSizeIterator<Item = Option<usize>>, vectors: &Vectors) {
        let dim = vectors.dim();
        self.dim = dim;
        self.values.clear();
        self.values.resize(rows.len() * dim, 0.0);
        self.has.clear();
        for (k, row) in rows.enumerate() {
            if let Some(row) = row {
                vectors.fill(row, &mut self.values[k * dim..(k + 1) * dim]);
            }
            self.has.push(row.is_some());
        }
    }

    /// Position `k`'s vector, if it has one (none past the sentence's end).
    #[inline]
    pub fn get(&self, k: usize) -> Option<&[f32]> {
        self.has
            .get(k)
            .copied()
            .unwrap_or(false)
            .then(|| &self.values[k * self.dim..(k + 1) * self.dim])
    }
}

/// The averaged perceptron weights of a dense layer (`w` the weights, `u`
/// their running sums at `clock` updates), times `scale`.
pub(crate) fn averaged(w: &[f32], u: &[f64], clock: u32, scale: f32) -> Vec<f32> {
    let clock = f64::from(clock.max(1));
    w.iter()
        .zip(u)
        .map(|(&w, &u)| ((f64::from(w) - u / clock) * f64::from(scale)) as f32)
        .collect()
}

/// Every word's vector through a linear layer (`weights`: rows of `dim`
/// inputs, one per output cell), quantised to 16 bits with one scale per
/// cell: word-major values and the scales. The entity tagger and the
/// parser store their dense layers so, and add a word's row at run time
/// instead of doing dot products.
pub(crate) fn project(vectors: &Vectors, weights: &[f32], dim: usize) -> (Vec<i16>, Vec<f32>) {
    let cells = weights.len() / dim.max(1);
    let n = vectors.len();
    let mut raw = vec![0f32; n * cells];
    let mut x = vec![0f32; dim];
    for (row, out) in raw.chunks_exact_mut(cells.max(1)).enumerate() {
        vectors.fill(row, &mut x);
        for (o, w) in out.iter_mut().zip(weights.chunks_exact(dim)) {
            *o = crate::clusters::dot(&x, w);
        }
    }
    let mut scales = vec![0f32; cells];
    for out in raw.chunks_exact(cells.max(1)) {
        for (s, &v) in scales.iter_mut().zip(out) {
            *s = s.max(v.abs());
        }
    }
    scales
        .iter_mut()
        .for_each(|s| *s = (*s / 32767.0).max(1e-12));
    let values = raw
        .chunks_exact(cells.max(1))
        .flat_map(|out| {
            out.iter()
                .zip(&scales)
                .map(|(&v, &s)| (v / s).round().clamp(-32767.0, 32767.0) as i16)
        })
        .collect();
    (values, scales)
}

/// Builds the table for the `top` most frequent words of a GloVe file.
pub fn build(glove: &Path, top: usize, log: &mut dyn FnMut(String)) -> Result<Vectors, NlpError> {
    let (words, data, dim) = crate::clusters::read_glove(glove, top)?;
    log(format!(
        "vectors: {} vectors of {dim} values read",
        words.len()
    ));
    Ok(Vectors::build(&words, &data, dim))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantised_table_round_trips_and_finds_any_casing() {
        let words: Vec<String> = ["mosul", "baghdad", "the"].map(String::from).to_vec();
        let data = vec![
            0.6, -0.8, 0.0, //
            0.0, 1.0, 0.0, //
            -0.5, 0.5, 0.7,
        ];
        let table = Vectors::build(&words, &data, 3);
        assert_eq!(table.len(), 3);
        assert_ne!(table.fingerprint(), 0);
        let mut bytes = Vec::new();
        table.write(&mut bytes).unwrap();
        assert_eq!(bytes.len(), HEADER + 3 * 4 + 3 * 4 + 3 * 3);
        let back = Vectors::from_bytes(bytes).unwrap();
        let mut v = [0f32; 3];
        assert!(back.get(hash_str("Mosul", true), &mut v));
        for (got, want) in v.iter().zip(&data[..3]) {
            assert!((got - want).abs() < 0.01, "{got} vs {want}");
        }
        assert!(!back.get(hash_str("zzqx", true), &mut v));
        assert!(Vectors::from_bytes(b"SRVEC01\nxx".to_vec()).is_err());
    }
}
