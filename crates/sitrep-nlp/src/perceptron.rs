//! A sparse multi-class averaged perceptron, the learner behind the tagger,
//! the parser and the entity tagger.
//!
//! Features are 32-bit hashes (see [`crate::features`]), never strings, so
//! scoring allocates nothing. Each feature holds a short list of
//! `(class, weight)` pairs: a perceptron only ever touches the gold and the
//! predicted class, so the lists stay short even with ~100 classes, and the
//! model stays small. Written by hand: the few perceptron crates on crates.io
//! are dense, unaveraged or unmaintained.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

/// Keys are already hashes: hashing them again would only cost time.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, i: u32) {
        // Spread the bits: hashbrown uses the top 7 bits as a tag.
        self.0 = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdentityHasher>>;

/// Frozen weights, as loaded from a model file.
///
/// Laid out for lookup speed, which is memory-bound: an open-addressing
/// table of `(feature, start)` slots (8 bytes each, linear probing) pointing
/// into one array of packed `class << 16 | weight` words, the row's length
/// first. Weights are 16-bit, scaled by one factor per model.
#[derive(Debug, Default, Clone)]
pub struct Weights {
    /// `feature << 32 | start` into `entries`, or `feature << 32 | DENSE |
    /// start` into `dense`; 0 is an empty slot (feature 0 is stored as 1).
    slots: Vec<u64>,
    /// Per sparse row: its length, then packed entries.
    entries: Vec<u32>,
    /// `stride(n_classes)` weights per dense row (zeros after `n_classes`).
    dense: Vec<i16>,
    scale: f32,
    rows: usize,
    pub n_classes: usize,
}

/// Marks a slot whose row is dense.
const DENSE: u32 = 0x8000_0000;
/// Marks a slot holding its row's one entry (`class << 16 | weight`, class
/// below 256) instead of a place: a third of the rows have one entry, and
/// their lookups then touch no second cache line.
const SINGLE: u32 = 0x4000_0000;

/// Dense rows are added [`LANES`] classes at a time.
const LANES: usize = 16;

/// A dense row's length: `n_classes` rounded up to whole [`LANES`], so the
/// vector loop that adds rows has no scalar tail (at most 256).
fn stride(n_classes: usize) -> usize {
    n_classes.min(256).div_ceil(LANES) * LANES
}

/// Whether a row of `len` entries is stored dense: the few rows with
/// weights for many classes (the bias, tag-only features, hit at every
/// step) are added with vector instructions instead of one scattered add
/// per entry.
fn is_dense(len: usize, n_classes: usize) -> bool {
    len > 4 && len * 8 >= n_classes
}

/// The slot table's length for `n_rows` rows: a power of two, so that a
/// home slot is a mask away, and at most 0.6 full.
fn table_size(n_rows: usize) -> usize {
    let mut size = (n_rows * 5 / 4).next_power_of_two().max(16);
    if n_rows * 5 > size * 3 {
        size *= 2;
    }
    size
}

/// The slot where `key`'s probe starts in a table of `size` (a power of two).
#[inline]
fn home_in(key: u32, size: usize) -> usize {
    (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (size - 1)
}

#[inline]
fn slot_key(feature: u32) -> u32 {
    feature.max(1)
}

impl Weights {
    /// Builds the table from rows of `(class, weight)`.
    pub fn from_rows(n_classes: usize, rows: &[(u32, Vec<(u16, f32)>)]) -> Weights {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|(_, w)| w.abs()))
            .fold(0f32, f32::max)
            .max(1e-9);
        let scale = max / 32767.0;
        let quantised: Vec<(u32, Vec<(u16, i16)>)> = rows
            .iter()
            .map(|(k, r)| {
                let q = r
                    .iter()
                    .map(|&(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16));
                (*k, q.filter(|&(_, q)| q != 0).collect())
            })
            .collect();
        Weights::from_quantised(n_classes, scale, quantised)
    }

    fn from_quantised(n_classes: usize, scale: f32, rows: Vec<(u32, Vec<(u16, i16)>)>) -> Weights {
        let rows: Vec<(u32, Vec<(u16, i16)>)> =
            rows.into_iter().filter(|(_, r)| !r.is_empty()).collect();
        let mut w = Weights::with_rows(n_classes, scale, rows.len());
        for (k, r) in &rows {
            w.insert(*k, r);
        }
        w
    }

    /// An empty table sized for `n_rows` rows.
    fn with_rows(n_classes: usize, scale: f32, n_rows: usize) -> Weights {
        // Load factor 0.3-0.6: a small table misses the cache less often than
        // a sparse one, and linear probing stays short. (Up to 0.8 before
        // 2026-12-06: at the tagger's 0.72 a lookup probed 2.9 slots on
        // average, most of them for features the model does not have.)
        Weights {
            slots: vec![0; table_size(n_rows)],
            entries: Vec::new(),
            dense: Vec::new(),
            scale,
            rows: 0,
            n_classes,
        }
    }

    /// Adds feature `k`'s non-empty row of `(class, weight)`.
    fn insert(&mut self, k: u32, r: &[(u16, i16)]) {
        self.insert_entries(k, r.iter().copied());
    }

    /// [`Weights::insert`] for a row as a model file stores it: `len`
    /// entries of class (u16 LE) and weight (i16 LE), classes checked.
    fn insert_file_row(&mut self, k: u32, body: &[u8]) -> std::io::Result<()> {
        let n_classes = self.n_classes;
        if body
            .chunks_exact(4)
            .any(|e| usize::from(u16::from_le_bytes([e[0], e[1]])) >= n_classes)
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "class id out of range",
            ));
        }
        if body.len() < 4 {
            return Ok(());
        }
        self.insert_entries(
            k,
            body.chunks_exact(4).map(|e| {
                (
                    u16::from_le_bytes([e[0], e[1]]),
                    i16::from_le_bytes([e[2], e[3]]),
                )
            }),
        );
        Ok(())
    }

    /// Stores feature `k`'s non-empty row of `(class, weight)` entries: a
    /// dense row, one entry in the slot itself, or a sparse run.
    fn insert_entries(&mut self, k: u32, row: impl ExactSizeIterator<Item = (u16, i16)> + Clone) {
        let n_classes = self.n_classes;
        let len = row.len();
        let mut start = self.entries.len() as u32;
        if is_dense(len, n_classes) {
            let at = self.dense.len();
            start = DENSE | at as u32;
            self.dense.resize(at + stride(n_classes), 0);
            for (c, q) in row {
                if let Some(d) = self.dense.get_mut(at + usize::from(c)) {
                    *d = q;
                }
            }
        } else if let (1, Some((c, q))) = (len, row.clone().next()) {
            start = SINGLE | (u32::from(c & 0xFF) << 16) | u32::from(q as u16);
        } else {
            self.entries.push(len as u32);
            self.entries
                .extend(row.map(|(c, q)| (u32::from(c) << 16) | u32::from(q as u16)));
        }
        self.put(k, start);
    }

    /// Points feature `k`'s slot at `start`.
    fn put(&mut self, k: u32, start: u32) {
        let key = slot_key(k);
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot == 0 || (slot >> 32) as u32 == key {
                if slot == 0 {
                    self.rows += 1;
                }
                self.slots[i] = (u64::from(key) << 32) | u64::from(start);
                break;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }

    #[inline]
    fn home(&self, key: u32) -> usize {
        home_in(key, self.slots.len())
    }

    /// Computes `scores` (length `n_classes`) for `features`.
    ///
    /// Lookups are memory-bound, so they are done in passes of independent
    /// loads (home slots, then row heads, then rows) that the CPU can overlap,
    /// instead of one dependent chain per feature.
    #[inline]
    pub fn score(&self, features: &[u32], scores: &mut [f32]) {
        const MAX: usize = 128;
        let mut acc = [0i32; 256];
        if !self.slots.is_empty() {
            let features = &features[..features.len().min(MAX)];
            let mask = self.slots.len() - 1;
            let mut home = [0usize; MAX];
            for (i, f) in features.iter().enumerate() {
                home[i] = self.home(slot_key(*f));
                prefetch(&self.slots[home[i]]);
            }
            let mut rows = [0usize; MAX];
            let mut n = 0;
            let mut dense = [0usize; MAX];
            let mut nd = 0;
            let width = stride(self.n_classes);
            for (i, f) in features.iter().enumerate() {
                let key = slot_key(*f);
                let mut at = home[i];
                let mut s = self.slots[at];
                while s != 0 && (s >> 32) as u32 != key {
                    at = (at + 1) & mask;
                    s = self.slots[at];
                }
                if s != 0 {
                    let start = (s & 0xFFFF_FFFF) as usize;
                    if start as u32 & SINGLE != 0 {
                        let e = start as u32;
                        acc[(e >> 16) as usize & 0xFF] += i32::from(e as u16 as i16);
                        continue;
                    }
                    if start as u32 & DENSE != 0 {
                        let at = start & !(DENSE as usize);
                        let row = &self.dense[at..at + width];
                        // One prefetch per 64-byte line.
                        for k in (0..width).step_by(32) {
                            prefetch(&row[k]);
                        }
                        dense[nd] = at;
                        nd += 1;
                    } else {
                        prefetch(&self.entries[start]);
                        rows[n] = start;
                        n += 1;
                    }
                }
            }
            for &start in &rows[..n] {
                let len = self.entries[start] as usize;
                for &e in &self.entries[start + 1..start + 1 + len] {
                    acc[(e >> 16) as usize & 0xFF] += i32::from(e as u16 as i16);
                }
            }
            add_dense(&self.dense, &dense[..nd], width, &mut acc);
        }
        for (s, a) in scores.iter_mut().zip(acc.iter()) {
            *s = *a as f32 * self.scale;
        }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The rows, decoded, sorted by feature.
    fn rows(&self) -> Vec<(u32, Vec<(u16, i16)>)> {
        let mut out: Vec<(u32, Vec<(u16, i16)>)> = self
            .slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| {
                let start = (s & 0xFFFF_FFFF) as usize;
                let row = if start as u32 & SINGLE != 0 {
                    vec![(((start >> 16) & 0xFF) as u16, start as u16 as i16)]
                } else if start as u32 & DENSE != 0 {
                    let at = start & !(DENSE as usize);
                    self.dense[at..at + self.n_classes]
                        .iter()
                        .enumerate()
                        .filter(|(_, &q)| q != 0)
                        .map(|(c, &q)| (c as u16, q))
                        .collect()
                } else {
                    let len = self.entries[start] as usize;
                    self.entries[start + 1..start + 1 + len]
                        .iter()
                        .map(|&e| ((e >> 16) as u16, e as u16 as i16))
                        .collect()
                };
                ((s >> 32) as u32, row)
            })
            .collect();
        out.sort_unstable_by_key(|r| r.0);
        out
    }

    /// Drops weights smaller than `min` in magnitude: most of a perceptron's
    /// features are seen a handful of times and never change a decision.
    pub fn prune(&mut self, min: f32) {
        let limit = (min / self.scale).round() as i32;
        let rows = self
            .rows()
            .into_iter()
            .map(|(k, r)| {
                (
                    k,
                    r.into_iter()
                        .filter(|&(_, q)| i32::from(q).abs() >= limit)
                        .collect(),
                )
            })
            .collect();
        *self = Weights::from_quantised(self.n_classes, self.scale, rows);
    }

    /// Writes the weights (16-bit, one scale per model).
    ///
    /// Rows go in the order of their home slots in the table that
    /// [`Weights::read`] will build for this many rows, so that loading
    /// fills the table front to back instead of at a million scattered
    /// places (any order reads the same weights; this one reads faster).
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let mut rows = self.rows();
        let size = table_size(rows.len());
        rows.sort_by_key(|(k, _)| (home_in(slot_key(*k), size), *k));
        w.write_all(&(self.n_classes as u32).to_le_bytes())?;
        w.write_all(&self.scale.to_le_bytes())?;
        w.write_all(&(rows.len() as u32).to_le_bytes())?;
        for (k, row) in rows {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&[row.len().min(255) as u8])?;
            for (c, q) in row.into_iter().take(255) {
                w.write_all(&c.to_le_bytes())?;
                w.write_all(&q.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Reads what [`Weights::write`] wrote, from a model file in memory.
    ///
    /// A first pass over the rows sizes every array exactly (no buffer grown
    /// by doubling, copied and freshly zeroed by the kernel on the way), and
    /// the second inserts them while prefetching the table slots of the rows
    /// a few ahead: the slots are scattered over tens of megabytes, and
    /// waiting for each one in turn was most of the loading time.
    pub fn read(r: &mut &[u8]) -> std::io::Result<Weights> {
        let n_classes = read_u32(r)? as usize;
        let scale = f32::from_le_bytes(read_arr(r)?);
        let n = read_u32(r)? as usize;
        if n_classes > 256 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "more than 256 classes",
            ));
        }
        let bytes: &[u8] = r;
        let truncated = || {
            std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "failed to fill whole buffer",
            )
        };
        let (mut end, mut sparse, mut dense_rows) = (0usize, 0usize, 0usize);
        for _ in 0..n {
            let len = usize::from(*bytes.get(end + 4).ok_or_else(truncated)?);
            end += 5 + 4 * len;
            if end > bytes.len() {
                return Err(truncated());
            }
            if is_dense(len, n_classes) {
                dense_rows += 1;
            } else if len > 1 {
                sparse += 1 + len;
            }
        }
        let mut w = Weights::with_rows(n_classes, scale, n.min(1 << 26));
        w.entries.reserve_exact(sparse);
        w.dense.reserve_exact(dense_rows * stride(n_classes));
        // Rows go straight from the file into the table: a model has a
        // million rows, and a vector each was most of the loading time.
        const AHEAD: usize = 16;
        let key_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let next = |at: usize| at + 5 + 4 * usize::from(bytes[at + 4]);
        let mut look = 0;
        for _ in 0..n.min(AHEAD) {
            prefetch(&w.slots[w.home(slot_key(key_at(look)))]);
            look = next(look);
        }
        let mut at = 0;
        for i in 0..n {
            if i + AHEAD < n {
                prefetch(&w.slots[w.home(slot_key(key_at(look)))]);
                look = next(look);
            }
            let key = key_at(at);
            let len = usize::from(bytes[at + 4]);
            w.insert_file_row(key, &bytes[at + 5..at + 5 + 4 * len])?;
            at = next(at);
        }
        *r = &bytes[end..];
        Ok(w)
    }
}

/// Adds the dense rows starting at `rows` (each `width` long, a multiple of
/// [`LANES`]) to `acc`: [`LANES`] classes at a time over all the rows, so
/// the sums stay in vector registers. Integer sums, so the order changes
/// nothing. With AVX2 (checked at run time: no CPU is assumed at build
/// time) twice as many lanes per instruction as the SSE2 baseline.
#[inline]
fn add_dense(dense: &[i16], rows: &[usize], width: usize, acc: &mut [i32; 256]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { add_dense_avx2(dense, rows, width, acc) };
        return;
    }
    add_dense_lanes(dense, rows, width, acc);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_dense_avx2(dense: &[i16], rows: &[usize], width: usize, acc: &mut [i32; 256]) {
    add_dense_lanes(dense, rows, width, acc);
}

#[inline(always)]
fn add_dense_lanes(dense: &[i16], rows: &[usize], width: usize, acc: &mut [i32; 256]) {
    let width = width.min(256);
    // Each row's slice checked once, not at every lane group.
    let mut slices: [&[i16]; 128] = [&[]; 128];
    let n = rows.len().min(128);
    for (s, &at) in slices.iter_mut().zip(&rows[..n]) {
        *s = &dense[at..at + width];
    }
    for (c, out) in acc[..width].chunks_exact_mut(LANES).enumerate() {
        let mut sum = [0i32; LANES];
        sum.copy_from_slice(out);
        let c = c * LANES;
        for row in &slices[..n] {
            if let Some(lanes) = row.get(c..c + LANES) {
                for (s, &q) in sum.iter_mut().zip(lanes) {
                    *s += i32::from(q);
                }
            }
        }
        out.copy_from_slice(&sum);
    }
}

/// Asks the CPU to start loading `value`'s cache line. Unlike a load, a
/// prefetch does not hold up the instructions after it while the line comes
/// from memory, so all of a step's misses are in flight at once.
#[inline(always)]
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of the x86_64 baseline, and a prefetch is only a
    // hint: it never faults, and `value` is a valid reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Writes a word-hash → byte table (the entity tagger's word statistics,
/// the gazetteer's names) sorted by key, so the file is deterministic.
pub fn write_byte_map(map: &IdMap<u8>, w: &mut impl Write) -> std::io::Result<()> {
    let mut entries: Vec<(u32, u8)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    entries.sort_unstable();
    w.write_all(&(entries.len() as u32).to_le_bytes())?;
    for (k, v) in entries {
        w.write_all(&k.to_le_bytes())?;
        w.write_all(&[v])?;
    }
    Ok(())
}

/// Reads what [`write_byte_map`] wrote. The count is only a capacity hint
/// up to 4 M entries, so a corrupt count cannot allocate without bound.
pub fn read_byte_map(r: &mut impl Read) -> std::io::Result<IdMap<u8>> {
    let n = read_u32(r)? as usize;
    let mut map = IdMap::with_capacity_and_hasher(n.min(1 << 22), Default::default());
    for _ in 0..n {
        let k = read_u32(r)?;
        let [v] = read_arr::<1>(r)?;
        map.insert(k, v);
    }
    Ok(map)
}

pub fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    Ok(u32::from_le_bytes(read_arr(r)?))
}

pub fn read_arr<const N: usize>(r: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b)?;
    Ok(b)
}

#[derive(Clone, Copy)]
struct Param {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// The learner: weights plus the running sums for averaging.
pub struct Trainer {
    params: IdMap<Vec<Param>>,
    n_classes: usize,
    /// Number of updates seen, the clock for lazy averaging.
    clock: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            params: IdMap::default(),
            n_classes,
            clock: 0,
        }
    }

    /// Scores with the current (not averaged) weights.
    pub fn score(&self, features: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(ps) = self.params.get(f) {
                for p in ps {
                    scores[p.class as usize] += p.weight;
                }
            }
        }
    }

    /// Counts one training example; call before `update`, even when the
    /// prediction was right, so averaging weighs every example.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Moves weight from `wrong` to `right` for `features`.
    pub fn update(&mut self, features: &[u32], right: usize, wrong: usize) {
        if right == wrong {
            return;
        }
        let clock = self.clock;
        for f in features {
            let ps = self.params.entry(*f).or_default();
            for (class, delta) in [(right as u16, 1.0f32), (wrong as u16, -1.0)] {
                let p = match ps.iter_mut().position(|p| p.class == class) {
                    Some(i) => &mut ps[i],
                    None => {
                        ps.push(Param {
                            class,
                            weight: 0.0,
                            total: 0.0,
                            stamp: clock,
                        });
                        let last = ps.len() - 1;
                        &mut ps[last]
                    }
                };
                p.total += f64::from(clock - p.stamp) * f64::from(p.weight);
                p.stamp = clock;
                p.weight += delta;
            }
        }
    }

    /// The averaged weights, dropping those smaller than `prune` in
    /// magnitude (they change no decision and bloat the model).
    pub fn finish(self, prune: f32) -> Weights {
        let n_classes = self.n_classes;
        Weights::from_rows(n_classes, &self.averaged_rows(prune))
    }

    /// The averaged weights as `(feature, [(class, weight)])` rows sorted by
    /// feature, before quantisation (to combine several trainers).
    pub fn averaged_rows(self, prune: f32) -> Vec<(u32, Vec<(u16, f32)>)> {
        let clock = self.clock.max(1);
        let mut keys: Vec<u32> = self.params.keys().copied().collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|k| {
                let mut row: Vec<(u16, f32)> = self.params[&k]
                    .iter()
                    .map(|p| {
                        let total = p.total + f64::from(clock - p.stamp) * f64::from(p.weight);
                        (p.class, (total / f64::from(clock)) as f32)
                    })
                    .filter(|(_, w)| w.abs() >= prune)
                    .collect();
                // At most 255 entries per feature fit the file format; keep the largest.
                row.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
                row.truncate(255);
                row.sort_by_key(|e| e.0);
                (k, row)
            })
            .collect()
    }
}

/// The index of the best-scoring class among those `allowed`.
#[inline]
pub fn argmax(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

/// Writes a label table: count, then each label as length + UTF-8.
pub fn write_labels(w: &mut impl Write, labels: &[String]) -> std::io::Result<()> {
    w.write_all(&(labels.len() as u32).to_le_bytes())?;
    for l in labels {
        w.write_all(&(l.len() as u16).to_le_bytes())?;
        w.write_all(l.as_bytes())?;
    }
    Ok(())
}

pub fn read_labels(r: &mut impl Read) -> std::io::Result<Vec<String>> {
    let n = read_u32(r)? as usize;
    if n > 65_535 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "too many labels",
        ));
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let len = u16::from_le_bytes(read_arr(r)?) as usize;
        let mut b = vec![0u8; len];
        r.read_exact(&mut b)?;
        out.push(String::from_utf8(b).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, "label is not UTF-8")
        })?);
    }
    Ok(out)
}

/// Checks a model file's magic header.
pub fn expect_magic(r: &mut impl Read, magic: &[u8; 8]) -> std::io::Result<()> {
    let got: [u8; 8] = read_arr(r)?;
    if &got != magic {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "wrong model header",
        ));
    }
    Ok(())
}

/// A small deterministic generator for shuffling and exploration, so a
/// fixed seed gives the same model on every machine.
pub struct Rng(u64);

impl Rng {
    /// xorshift needs a non-zero state; this one is always odd.
    /// Seeds 2 and 3 used to give the same state (the low bit was forced
    /// on after mixing); now every seed from 1 up gives its own, and seed 1
    /// — every shipped model's — keeps the state it always had, so the
    /// models still rebuild byte for byte.
    pub fn new(seed: u64) -> Rng {
        Rng(0x2545_F491_4F6C_DD1D ^ (seed.wrapping_sub(1) << 1))
    }
    pub fn next_u64(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_gives_its_own_sequence_and_seed_one_is_unchanged() {
        let first = |seed| Rng::new(seed).next_u64();
        let firsts: std::collections::HashSet<u64> = (1..200).map(first).collect();
        assert_eq!(firsts.len(), 199);
        // The state the shipped models were trained from.
        assert_eq!(Rng::new(1).0, 0x2545_F491_4F6C_DD1D);
    }

    #[test]
    fn learns_and_round_trips() {
        let mut t = Trainer::new(2);
        for _ in 0..5 {
            for (f, gold) in [(1u32, 0usize), (2, 1)] {
                t.tick();
                let mut s = [0.0; 2];
                t.score(&[f, 99], &mut s);
                let guess = argmax(&s, |_| true).unwrap_or(0);
                t.update(&[f, 99], gold, guess);
            }
        }
        let w = t.finish(0.0);
        let mut buf = Vec::new();
        w.write(&mut buf).unwrap();
        let back = Weights::read(&mut buf.as_slice()).unwrap();
        let mut s = [0.0; 2];
        back.score(&[2, 99], &mut s);
        assert!(s[1] > s[0]);
        back.score(&[1, 99], &mut s);
        assert!(s[0] > s[1]);
    }

    #[test]
    fn single_sparse_and_dense_rows_score_and_round_trip() {
        // Row 1: one entry (kept in its slot); row 2: three entries (sparse);
        // row 3: every class (dense); feature 0 is a valid feature too.
        let n = 16;
        let rows: Vec<(u32, Vec<(u16, f32)>)> = vec![
            (0, vec![(3, 2.0)]),
            (7, vec![(5, -1.5)]),
            (8, vec![(1, 1.0), (2, -2.0), (15, 4.0)]),
            (9, (0..n as u16).map(|c| (c, f32::from(c) - 8.0)).collect()),
        ];
        let w = Weights::from_rows(n, &rows);
        let mut expected = vec![0f32; n];
        for (_, row) in &rows {
            for &(c, v) in row {
                expected[c as usize] += v;
            }
        }
        let mut buf = Vec::new();
        w.write(&mut buf).unwrap();
        let back = Weights::read(&mut buf.as_slice()).unwrap();
        for model in [&w, &back] {
            let mut s = vec![0f32; n];
            // 12345 is in no row.
            model.score(&[0, 7, 8, 9, 12345], &mut s);
            for (got, want) in s.iter().zip(&expected) {
                assert!((got - want).abs() < 1e-3, "{got} != {want}");
            }
        }
        assert_eq!(back.len(), 4);
        assert_eq!(back.rows(), w.rows());
    }

    #[test]
    fn rows_are_written_in_table_order_and_any_order_reads_the_same() {
        let rows: Vec<(u32, Vec<(u16, f32)>)> = (0..500u32)
            .map(|k| (k * 7919, vec![((k % 5) as u16, k as f32 - 250.0)]))
            .collect();
        let w = Weights::from_rows(5, &rows);
        let mut buf = Vec::new();
        w.write(&mut buf).unwrap();
        // The keys as written: 12 bytes of header, then 5 + 4 bytes a row.
        let keys: Vec<u32> = buf[12..]
            .chunks_exact(9)
            .map(|r| u32::from_le_bytes([r[0], r[1], r[2], r[3]]))
            .collect();
        let size = table_size(keys.len());
        assert!(keys
            .windows(2)
            .all(|p| home_in(slot_key(p[0]), size) <= home_in(slot_key(p[1]), size)));
        // The same rows by feature, as files were written before.
        let mut by_key = buf[..12].to_vec();
        let mut chunks: Vec<&[u8]> = buf[12..].chunks_exact(9).collect();
        chunks.sort_by_key(|r| u32::from_le_bytes([r[0], r[1], r[2], r[3]]));
        chunks.iter().for_each(|r| by_key.extend_from_slice(r));
        let old = Weights::read(&mut by_key.as_slice()).unwrap();
        let new = Weights::read(&mut buf.as_slice()).unwrap();
        assert_eq!(old.rows(), new.rows());
        assert_eq!(new.rows(), w.rows());
    }
}
