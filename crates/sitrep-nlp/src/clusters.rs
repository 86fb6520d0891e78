//! Word clusters from pretrained word vectors, as discrete features.
//!
//! The tagger, parser and entity tagger learn from treebanks of ~200k
//! words; most words they meet in news are rare or unseen there. GloVe
//! vectors (Wikipedia + Gigaword newswire, six billion words) place words
//! that occur in similar contexts near one another, so a cluster of
//! vectors groups "Baghdad" with "Mosul", "Hezbollah" with "Hamas". The
//! models read the cluster of each word at several granularities as
//! hashed features, like Brown-cluster prefixes (Koo et al. 2008, Turian et
//! al. 2010), which fit the averaged perceptron's sparse features and cost
//! one table lookup per token at run time.
//!
//! The clusters are built by hierarchical spherical k-means
//! ([`build`]): the vectors are normalised, split into 64 clusters, each of
//! those into 4, and so on down to 4,096 leaves. A leaf id is 12 bits; its
//! top 6, 8 and 10 bits are the 64-, 256- and 1,024-cluster ids
//! ([`coarse`]), so one stored number gives every granularity.

use std::io::{BufRead, Read, Write};
use std::path::Path;

use crate::features::{hash_str, Lex};
use crate::perceptron::{self, IdMap, Rng};
use crate::NlpError;

const MAGIC: &[u8; 8] = b"SRCLU01\n";
/// The file in the model folder.
pub const CLUSTERS_FILE: &str = "clusters.bin";
/// Clusters per level: 64, then each split in 4 three times (4,096 leaves).
pub const LEVELS: [usize; 4] = [64, 4, 4, 4];
/// Bits of the leaf id below each level's prefix: the 64-cluster id is
/// `leaf >> 6`, the 256 one `leaf >> 4`, the 1,024 one `leaf >> 2`.
pub const SHIFTS: [u32; 4] = [6, 4, 2, 0];
/// The cluster value of a word not in the table.
pub const UNKNOWN: u32 = 0xFFFF;

/// The cluster of each word of a vocabulary, keyed by the word's lowercased
/// hash (the [`Lex::lower`] of any casing of it).
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    map: IdMap<u16>,
}

/// The cluster id of `leaf` at level `level` (0: 64 clusters … 3: 4,096).
/// Unknown words and padding keep values distinct from every real cluster.
#[inline]
pub fn coarse(leaf: u32, level: usize) -> u64 {
    u64::from(leaf >> SHIFTS[level])
}

impl Clusters {
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The leaf cluster of a word by its lowercased hash, or [`UNKNOWN`].
    #[inline]
    pub fn leaf(&self, lower: u64) -> u32 {
        self.map
            .get(&(lower as u32))
            .map_or(UNKNOWN, |&c| u32::from(c))
    }

    /// Sets the cluster of every word of a padded sentence (padding keeps its own).
    pub fn fill(&self, lex: &mut [Lex]) {
        for l in lex.iter_mut().filter(|l| l.flags & 32 == 0) {
            l.clus = self.leaf(l.lower);
        }
    }

    /// Reads the table from the model folder; an empty table when the file is absent.
    pub fn load(dir: &Path) -> Result<Clusters, NlpError> {
        let path = dir.join(CLUSTERS_FILE);
        let bytes = match sitrep_core::FileBytes::open(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Clusters::default()),
            Err(source) => return Err(NlpError::Io { path, source }),
        };
        Clusters::read(&mut &bytes[..]).map_err(|e| NlpError::BadModel {
            path,
            reason: e.to_string(),
        })
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(MAGIC)?;
        let mut entries: Vec<(u32, u16)> = self.map.iter().map(|(&k, &v)| (k, v)).collect();
        entries.sort_unstable();
        w.write_all(&(entries.len() as u32).to_le_bytes())?;
        // Keys as deltas would compress, but 6 bytes a word keep the file
        // ~1.2 MB for 200k words, and loading stays a plain loop.
        for (k, v) in entries {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&v.to_le_bytes())?;
        }
        Ok(())
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<Clusters> {
        perceptron::expect_magic(r, MAGIC)?;
        let n = perceptron::read_u32(r)? as usize;
        let mut map = IdMap::with_capacity_and_hasher(n.min(1 << 22), Default::default());
        for _ in 0..n {
            let k = perceptron::read_u32(r)?;
            let v = u16::from_le_bytes(perceptron::read_arr(r)?);
            if u32::from(v) >= UNKNOWN {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "cluster id out of range",
                ));
            }
            map.insert(k, v);
        }
        Ok(Clusters { map })
    }
}

/// Vectors of the `top` most frequent words of a GloVe text file (gzipped
/// or not): the words and their vectors, unit length, row after row.
pub fn read_glove(path: &Path, top: usize) -> Result<(Vec<String>, Vec<f32>, usize), NlpError> {
    let io = |source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(std::io::BufReader::new(file))
    };
    let (mut words, mut data, mut dim) = (Vec::new(), Vec::new(), 0usize);
    for (n, line) in reader.lines().enumerate() {
        if words.len() >= top {
            break;
        }
        let line = line.map_err(io)?;
        let mut parts = line.split(' ');
        let Some(word) = parts.next().filter(|w| !w.is_empty()) else {
            continue;
        };
        let start = data.len();
        for p in parts {
            let v: f32 = p.parse().map_err(|_| NlpError::BadInput {
                path: path.to_path_buf(),
                line: n + 1,
                reason: format!("not a number: {p:?}"),
            })?;
            data.push(v);
        }
        let d = data.len() - start;
        if dim == 0 {
            dim = d;
        }
        if d != dim || d == 0 {
            return Err(NlpError::BadInput {
                path: path.to_path_buf(),
                line: n + 1,
                reason: format!("{d} values where the first line had {dim}"),
            });
        }
        normalise(&mut data[start..]);
        words.push(word.to_string());
    }
    // Subtracting the mean vector first ("all-but-the-top") gave topical
    // clusters for rare words ("attacked" with "police") and a worse tagger
    // (EWT dev UPOS 95.14 against 95.23 %), so the vectors stay as they are.
    Ok((words, data, dim))
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Dot product of two vectors (shared with the entity tagger's dense
/// layer).
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
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

/// Spherical k-means of the rows `members` of `data` into `k` clusters:
/// the cluster (0..k) of each member. Centres start from k-means++ seeding.
fn kmeans(
    data: &[f32],
    dim: usize,
    members: &[usize],
    k: usize,
    iterations: usize,
    rng: &mut Rng,
) -> Vec<usize> {
    let n = members.len();
    if n <= k {
        return (0..n).collect();
    }
    let row = |i: usize| &data[members[i] * dim..(members[i] + 1) * dim];
    // k-means++: each new centre drawn with probability growing with its
    // distance to the nearest centre so far.
    let mut centres: Vec<f32> = Vec::with_capacity(k * dim);
    centres.extend_from_slice(row(rng.below(n)));
    let mut best = vec![f32::MAX; n];
    while centres.len() < k * dim {
        let last = &centres[centres.len() - dim..];
        let mut total = 0f64;
        for (i, b) in best.iter_mut().enumerate() {
            let d = (1.0 - dot(row(i), last)).max(0.0);
            if d < *b {
                *b = d;
            }
            total += f64::from(*b);
        }
        let mut target = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let mut pick = n - 1;
        for (i, b) in best.iter().enumerate() {
            target -= f64::from(*b);
            if target <= 0.0 {
                pick = i;
                break;
            }
        }
        centres.extend_from_slice(row(pick));
    }
    let mut assign = vec![0usize; n];
    for _ in 0..iterations {
        let mut changed = 0usize;
        for (i, a) in assign.iter_mut().enumerate() {
            let r = row(i);
            let mut top = (f32::MIN, 0usize);
            for (c, centre) in centres.chunks_exact(dim).enumerate() {
                let s = dot(r, centre);
                if s > top.0 {
                    top = (s, c);
                }
            }
            if *a != top.1 {
                changed += 1;
            }
            *a = top.1;
        }
        let mut sums = vec![0f32; k * dim];
        let mut counts = vec![0usize; k];
        for (i, &a) in assign.iter().enumerate() {
            counts[a] += 1;
            for (s, x) in sums[a * dim..(a + 1) * dim].iter_mut().zip(row(i)) {
                *s += x;
            }
        }
        for c in 0..k {
            let centre = &mut sums[c * dim..(c + 1) * dim];
            if counts[c] == 0 {
                // An empty cluster restarts from a random member.
                centre.copy_from_slice(row(rng.below(n)));
            }
            normalise(centre);
        }
        centres = sums;
        if changed * 1000 < n {
            break;
        }
    }
    assign
}

/// Hierarchical spherical k-means of the vectors into [`LEVELS`]; the leaf
/// id of each word. Deterministic for a seed.
pub fn cluster(data: &[f32], dim: usize, seed: u64, log: &mut dyn FnMut(String)) -> Vec<u16> {
    let n = data.len() / dim.max(1);
    let mut rng = Rng::new(seed);
    let mut leaf = vec![0u32; n];
    // Groups of words sharing a prefix, refined level by level.
    let mut groups: Vec<Vec<usize>> = vec![(0..n).collect()];
    for (level, &k) in LEVELS.iter().enumerate() {
        let iterations = if level == 0 { 25 } else { 15 };
        let mut next = Vec::with_capacity(groups.len() * k);
        for members in &groups {
            let assign = kmeans(data, dim, members, k, iterations, &mut rng);
            let mut parts: Vec<Vec<usize>> = vec![Vec::new(); k];
            for (i, &a) in assign.iter().enumerate() {
                parts[a].push(members[i]);
            }
            for (c, part) in parts.into_iter().enumerate() {
                for &m in &part {
                    leaf[m] = (leaf[m] << k.trailing_zeros()) | c as u32;
                }
                next.push(part);
            }
        }
        log(format!(
            "clusters: level {} done ({} clusters)",
            level + 1,
            next.len()
        ));
        groups = next;
    }
    leaf.into_iter().map(|l| l as u16).collect()
}

/// Builds the table for the `top` most frequent words of a GloVe file.
/// Words whose lowercased hashes collide keep the more frequent word's cluster.
pub fn build(
    glove: &Path,
    top: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<Clusters, NlpError> {
    let (words, data, dim) = read_glove(glove, top)?;
    log(format!(
        "clusters: {} vectors of {dim} values read",
        words.len()
    ));
    let leaves = cluster(&data, dim, seed, log);
    let mut map = IdMap::with_capacity_and_hasher(words.len(), Default::default());
    for (w, &c) in words.iter().zip(&leaves) {
        map.entry(hash_str(w, true) as u32).or_insert(c);
    }
    Ok(Clusters { map })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_prefixes_nest_and_unknown_stays_apart() {
        // Leaf 0b000011_01_10_11: 64-cluster 3, 256-cluster 13, 1,024-cluster 54.
        let leaf = (3 << 6) | (1 << 4) | (2 << 2) | 3;
        assert_eq!(coarse(leaf, 0), 3);
        assert_eq!(coarse(leaf, 1), 13);
        assert_eq!(coarse(leaf, 2), 54);
        assert_eq!(coarse(leaf, 3), u64::from(leaf));
        for (level, shift) in SHIFTS.iter().enumerate() {
            assert!(coarse(UNKNOWN, level) >= (4096 >> shift));
        }
    }

    #[test]
    fn similar_vectors_share_clusters_and_the_table_round_trips() {
        // Two tight groups of 200 unit vectors in 8 dimensions.
        let mut rng = Rng::new(7);
        let dim = 8;
        let mut data = Vec::new();
        for i in 0..400 {
            let mut v: Vec<f32> = (0..dim)
                .map(|_| (rng.below(1000) as f32 / 1000.0 - 0.5) * 0.1)
                .collect();
            v[if i % 2 == 0 { 0 } else { 5 }] += 1.0;
            normalise(&mut v);
            data.extend(v);
        }
        let leaves = cluster(&data, dim, 1, &mut |_| {});
        let top = |i: usize| coarse(u32::from(leaves[i]), 0);
        // 64 top clusters for two groups: each cluster holds one group only.
        let mut group = std::collections::HashMap::new();
        for i in 0..400 {
            assert_eq!(*group.entry(top(i)).or_insert(i % 2), i % 2);
        }
        assert_eq!(cluster(&data, dim, 1, &mut |_| {}), leaves);

        let mut map = IdMap::default();
        map.insert(hash_str("mosul", true) as u32, 77u16);
        let table = Clusters { map };
        let mut bytes = Vec::new();
        table.write(&mut bytes).unwrap();
        let back = Clusters::read(&mut bytes.as_slice()).unwrap();
        let mut lex = Vec::new();
        crate::tagger::padded_lex(&["Mosul", "zzqx"], &back, &mut lex);
        assert_eq!(lex[crate::tagger::PAD].clus, 77);
        assert_eq!(lex[crate::tagger::PAD + 1].clus, UNKNOWN);
    }
}
