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
use std::sync::Arc;

use sitrep_core::{FileBytes, Table};

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
/// table of `(feature, row)` slots (8 bytes each, linear probing) pointing
/// into one array of packed `class << 16 | weight` words. Weights are
/// 16-bit, scaled by one factor per model. A model file stores the three
/// arrays as they are used, so a mapped file is used in place
/// (see [`sitrep_core::Table`]).
#[derive(Debug, Default, Clone)]
pub struct Weights {
    /// `feature << 32 | row`, 0 for an empty slot (feature 0 is stored as
    /// 1); `row` is [`DENSE`] and a place in `dense`, [`SINGLE`] and the
    /// row's one entry, or a sparse row's length and start in `entries`
    /// (see [`sparse_row`]).
    slots: Table<u64>,
    /// The sparse rows' packed entries, one run after another.
    entries: Table<u32>,
    /// `stride(n_classes)` weights per dense row (zeros after `n_classes`).
    dense: Table<i16>,
    scale: f32,
    rows: usize,
    /// The farthest any stored feature sits from its home slot: a lookup
    /// need look no farther, whatever the table holds.
    max_probe: usize,
    pub n_classes: usize,
}

/// Marks a slot whose row is dense.
const DENSE: u32 = 0x8000_0000;
/// Marks a slot holding its row's one entry (`class << 16 | weight`, class
/// below 256) instead of a place: a third of the rows have one entry, and
/// their lookups then touch no second cache line.
const SINGLE: u32 = 0x4000_0000;
/// A sparse row's slot holds its length above this bit and its start
/// below: a lookup reads the row without first reading its length.
const LEN_SHIFT: u32 = 25;
/// The longest sparse row; longer rows are stored dense.
const MAX_SPARSE: usize = 31;
/// Sparse rows start below this place in `entries`; a row that would start
/// beyond it (a model of over 33 M entries) is stored dense instead.
const MAX_START: usize = 1 << LEN_SHIFT;

/// Marks a weight table in the layout it is used in (format 2). The first
/// word of a format 1 table is its class count, at most 256.
const LAYOUT_IN_PLACE: u32 = 0x5754_0002;

/// A sparse row's `(start, len)` in `entries`, from its slot.
#[inline]
fn sparse_row(row: u32) -> (usize, usize) {
    (
        (row as usize) & (MAX_START - 1),
        ((row >> LEN_SHIFT) as usize) & MAX_SPARSE,
    )
}

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
    len > 4 && (len * 8 >= n_classes || len > MAX_SPARSE)
}

/// The slot table's length for `n_rows` rows: load factor one half, so
/// that linear probing stays short (a lookup for a feature the model does
/// not have, the common case, probes 2.5 slots on average), rounded to
/// whole cache lines. Any length works: slots are found by multiplying,
/// not masking (see [`home_in`]), so the table is no larger than the rows
/// need, which matters now that it is stored in the model file.
fn table_size(n_rows: usize) -> usize {
    (n_rows * 2).div_ceil(8).max(2) * 8
}

/// The slot where `key`'s probe starts in a table of `size`: the top bits
/// of a multiplicative hash scaled to the table ("fast range").
#[inline]
fn home_in(key: u32, size: usize) -> usize {
    let hash = u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    ((hash * size as u64) >> 32) as usize
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
        Weights {
            slots: Table::Owned(vec![0; table_size(n_rows)]),
            entries: Table::default(),
            dense: Table::default(),
            scale,
            rows: 0,
            max_probe: 0,
            n_classes,
        }
    }

    /// Adds feature `k`'s non-empty row of `(class, weight)`.
    fn insert(&mut self, k: u32, r: &[(u16, i16)]) {
        self.insert_entries(k, r.iter().copied());
    }

    /// [`Weights::insert`] for a row as a format 1 model file stores it:
    /// `len` entries of class (u16 LE) and weight (i16 LE), classes checked.
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
        let start = self.entries.len();
        let slot = if is_dense(len, n_classes) || (len > 1 && start + len > MAX_START) {
            let dense = self.dense.to_mut();
            let at = dense.len();
            dense.resize(at + stride(n_classes), 0);
            for (c, q) in row {
                if let Some(d) = dense.get_mut(at + usize::from(c)) {
                    *d = q;
                }
            }
            DENSE | at as u32
        } else if let (1, Some((c, q))) = (len, row.clone().next()) {
            SINGLE | (u32::from(c & 0xFF) << 16) | u32::from(q as u16)
        } else {
            self.entries
                .to_mut()
                .extend(row.map(|(c, q)| (u32::from(c) << 16) | u32::from(q as u16)));
            ((len as u32) << LEN_SHIFT) | start as u32
        };
        self.put(k, slot);
    }

    /// Points feature `k`'s slot at `row`.
    fn put(&mut self, k: u32, row: u32) {
        let key = slot_key(k);
        let home = home_in(key, self.slots.len());
        let slots = self.slots.to_mut();
        let (mut i, mut probe) = (home, 0);
        loop {
            let slot = slots[i];
            if slot == 0 || (slot >> 32) as u32 == key {
                if slot == 0 {
                    self.rows += 1;
                }
                slots[i] = (u64::from(key) << 32) | u64::from(row);
                self.max_probe = self.max_probe.max(probe);
                break;
            }
            i += 1;
            if i == slots.len() {
                i = 0;
            }
            probe += 1;
        }
    }

    /// The row stored for `key` (a slot key), if any: probes from its home
    /// slot to an empty one, never farther than any stored key sits.
    #[inline]
    fn find(slots: &[u64], home: usize, key: u32, max_probe: usize) -> Option<u32> {
        let mut at = home;
        for _ in 0..=max_probe {
            let s = *slots.get(at)?;
            if s == 0 {
                return None;
            }
            if (s >> 32) as u32 == key {
                return Some(s as u32);
            }
            at += 1;
            if at == slots.len() {
                at = 0;
            }
        }
        None
    }

    /// Computes `scores` (length `n_classes`) for `features`.
    ///
    /// Lookups are memory-bound, so they are done in passes of independent
    /// loads (home slots, then rows) that the CPU can overlap, instead of one
    /// dependent chain per feature. Every place a slot gives is checked
    /// against its array, so a damaged model file scores wrongly rather
    /// than crashing (a mapped file is not read through before use).
    #[inline]
    pub fn score(&self, features: &[u32], scores: &mut [f32]) {
        const MAX: usize = 128;
        let mut acc = [0i32; 256];
        let slots: &[u64] = &self.slots;
        if !slots.is_empty() {
            let entries: &[u32] = &self.entries;
            let dense_rows: &[i16] = &self.dense;
            let features = &features[..features.len().min(MAX)];
            let mut home = [0usize; MAX];
            for (i, f) in features.iter().enumerate() {
                home[i] = home_in(slot_key(*f), slots.len());
                if let Some(s) = slots.get(home[i]) {
                    prefetch(s);
                }
            }
            let mut rows = [(0usize, 0usize); MAX];
            let mut n = 0;
            let mut dense = [0usize; MAX];
            let mut nd = 0;
            let width = stride(self.n_classes);
            for (i, f) in features.iter().enumerate() {
                let Some(row) = Self::find(slots, home[i], slot_key(*f), self.max_probe) else {
                    continue;
                };
                if row & SINGLE != 0 {
                    acc[(row >> 16) as usize & 0xFF] += i32::from(row as u16 as i16);
                } else if row & DENSE != 0 {
                    let at = (row & !DENSE) as usize;
                    if let Some(r) = dense_rows.get(at..at + width) {
                        // One prefetch per 64-byte line.
                        for k in (0..width).step_by(32) {
                            prefetch(&r[k]);
                        }
                        dense[nd] = at;
                        nd += 1;
                    }
                } else {
                    let (start, len) = sparse_row(row);
                    if let Some(first) = entries.get(start).filter(|_| start + len <= entries.len())
                    {
                        prefetch(first);
                        rows[n] = (start, len);
                        n += 1;
                    }
                }
            }
            for &(start, len) in &rows[..n] {
                for &e in &entries[start..start + len] {
                    acc[(e >> 16) as usize & 0xFF] += i32::from(e as u16 as i16);
                }
            }
            add_dense(dense_rows, &dense[..nd], width, &mut acc);
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

    /// Whether the tables are read in place from a mapped model file.
    pub fn is_mapped(&self) -> bool {
        self.slots.is_mapped()
    }

    /// The rows, decoded, sorted by feature.
    fn rows(&self) -> Vec<(u32, Vec<(u16, i16)>)> {
        let width = self.n_classes.min(256);
        let mut out: Vec<(u32, Vec<(u16, i16)>)> = self
            .slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| {
                let row = s as u32;
                let decoded = if row & SINGLE != 0 {
                    vec![(((row >> 16) & 0xFF) as u16, row as u16 as i16)]
                } else if row & DENSE != 0 {
                    let at = (row & !DENSE) as usize;
                    self.dense
                        .get(at..at + width)
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                        .filter(|(_, &q)| q != 0)
                        .map(|(c, &q)| (c as u16, q))
                        .collect()
                } else {
                    let (start, len) = sparse_row(row);
                    self.entries
                        .get(start..start + len)
                        .unwrap_or_default()
                        .iter()
                        .map(|&e| ((e >> 16) as u16, e as u16 as i16))
                        .collect()
                };
                ((s >> 32) as u32, decoded)
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

    /// Writes the weights in the layout they are used in (format 2): a
    /// header, padding to the next multiple of 8 bytes of the file (its
    /// length in one byte first), then the slots, the entries and the dense
    /// rows, little-endian. The table is rebuilt from the rows in feature
    /// order first, so the same weights always give the same file.
    pub fn write(&self, w: &mut Counted<impl Write>) -> std::io::Result<()> {
        let t = Weights::from_quantised(self.n_classes, self.scale, self.rows());
        for word in [
            LAYOUT_IN_PLACE,
            t.n_classes as u32,
            t.scale.to_bits(),
            t.rows as u32,
            t.max_probe as u32,
            t.slots.len() as u32,
            t.entries.len() as u32,
            t.dense.len() as u32,
        ] {
            w.write_all(&word.to_le_bytes())?;
        }
        w.pad_to(8)?;
        let mut buf =
            Vec::with_capacity(8 * t.slots.len() + 4 * t.entries.len() + 2 * t.dense.len());
        t.slots
            .iter()
            .for_each(|s| buf.extend_from_slice(&s.to_le_bytes()));
        t.entries
            .iter()
            .for_each(|e| buf.extend_from_slice(&e.to_le_bytes()));
        t.dense
            .iter()
            .for_each(|d| buf.extend_from_slice(&d.to_le_bytes()));
        w.write_all(&buf)
    }

    /// Reads what [`Weights::write`] wrote, from a model file in memory:
    /// in place when `map` is the mapped file the bytes come from (see
    /// [`sitrep_core::Table`]), else copied. Format 1 files (rows, written
    /// before 2026-12-06) are still read, into memory.
    pub fn read(r: &mut &[u8], map: Option<&Arc<FileBytes>>) -> std::io::Result<Weights> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let first = read_u32(r)?;
        if first != LAYOUT_IN_PLACE {
            return Weights::read_rows(first as usize, r);
        }
        let mut head = [0u32; 7];
        for h in &mut head {
            *h = read_u32(r)?;
        }
        let [n_classes, scale, rows, max_probe, n_slots, n_entries, n_dense] =
            head.map(|h| h as usize);
        if n_classes > 256 {
            return Err(bad("more than 256 classes"));
        }
        if rows > n_slots || max_probe >= n_slots.max(1) {
            return Err(bad("weight table header is inconsistent"));
        }
        skip_padding(r, 8, "the weight table")?;
        let slots = Table::read(r, n_slots, map, u64::from_le_bytes)?;
        let entries = Table::read(r, n_entries, map, u32::from_le_bytes)?;
        let dense = Table::read(r, n_dense, map, i16::from_le_bytes)?;
        Ok(Weights {
            slots,
            entries,
            dense,
            scale: f32::from_bits(scale as u32),
            rows,
            max_probe,
            n_classes,
        })
    }

    /// Reads a format 1 table (rows of key, length and entries), the class
    /// count already read.
    ///
    /// A first pass over the rows sizes every array exactly, and the second
    /// inserts them while prefetching the table slots of the rows a few
    /// ahead: the slots are scattered over tens of megabytes.
    fn read_rows(n_classes: usize, r: &mut &[u8]) -> std::io::Result<Weights> {
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
                sparse += len;
            }
        }
        let mut w = Weights::with_rows(n_classes, scale, n.min(1 << 26));
        w.entries.to_mut().reserve_exact(sparse);
        w.dense
            .to_mut()
            .reserve_exact(dense_rows * stride(n_classes));
        const AHEAD: usize = 16;
        let key_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let next = |at: usize| at + 5 + 4 * usize::from(bytes[at + 4]);
        let size = w.slots.len();
        let mut look = 0;
        for _ in 0..n.min(AHEAD) {
            prefetch(&w.slots[home_in(slot_key(key_at(look)), size)]);
            look = next(look);
        }
        let mut at = 0;
        for i in 0..n {
            if i + AHEAD < n {
                prefetch(&w.slots[home_in(slot_key(key_at(look)), size)]);
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

/// A writer that counts the bytes written through it: a model file's
/// weight tables are aligned to their offset in the file (so that a mapped
/// file can be used in place), which a writer of any kind cannot tell.
pub struct Counted<W> {
    inner: W,
    written: usize,
}

impl<W: Write> Counted<W> {
    /// Counts from 0: wrap the writer at the start of the file.
    pub fn new(inner: W) -> Counted<W> {
        Counted { inner, written: 0 }
    }

    pub fn written(&self) -> usize {
        self.written
    }

    /// Writes a length byte, then zeros up to the next multiple of `align`
    /// (at most 256) bytes of the file: what follows starts aligned. Read
    /// back by [`skip_padding`].
    pub fn pad_to(&mut self, align: usize) -> std::io::Result<()> {
        let pad = (align - (self.written + 1) % align) % align;
        self.write_all(&[pad as u8])?;
        self.write_all(&vec![0u8; pad])
    }
}

/// Skips what [`Counted::pad_to`] wrote before `what`, checking its length.
pub fn skip_padding(r: &mut &[u8], align: usize, what: &str) -> std::io::Result<()> {
    let [pad] = read_arr::<1>(r)?;
    let skip = usize::from(pad);
    if skip >= align || r.len() < skip {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("bad padding before {what}"),
        ));
    }
    *r = &r[skip..];
    Ok(())
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
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

    /// Examples counted so far (the time of the next update, for dense
    /// layers averaged alongside).
    pub fn clock(&self) -> u32 {
        self.clock
    }

    /// Moves weight from `wrong` to `right` for `features`.
    pub fn update(&mut self, features: &[u32], right: usize, wrong: usize) {
        self.update_by(features, right, wrong, 1.0);
    }

    /// [`Trainer::update`] with a step of `step` instead of 1 (to weigh
    /// training examples unequally).
    pub fn update_by(&mut self, features: &[u32], right: usize, wrong: usize, step: f32) {
        if right == wrong {
            return;
        }
        let clock = self.clock;
        for f in features {
            let ps = self.params.entry(*f).or_default();
            for (class, delta) in [(right as u16, step), (wrong as u16, -step)] {
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
        w.write(&mut Counted::new(&mut buf)).unwrap();
        let back = Weights::read(&mut buf.as_slice(), None).unwrap();
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
        w.write(&mut Counted::new(&mut buf)).unwrap();
        let back = Weights::read(&mut buf.as_slice(), None).unwrap();
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

    /// A format 1 table: class count, scale, then rows of key, length and
    /// (class, weight) entries, as files were written before 2026-12-06.
    fn format_1(n_classes: u32, scale: f32, rows: &[(u32, Vec<(u16, i16)>)]) -> Vec<u8> {
        let mut buf = Vec::new();
        buf.extend_from_slice(&n_classes.to_le_bytes());
        buf.extend_from_slice(&scale.to_le_bytes());
        buf.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, row) in rows {
            buf.extend_from_slice(&k.to_le_bytes());
            buf.push(row.len() as u8);
            for (c, q) in row {
                buf.extend_from_slice(&c.to_le_bytes());
                buf.extend_from_slice(&q.to_le_bytes());
            }
        }
        buf
    }

    fn some_rows() -> Vec<(u32, Vec<(u16, f32)>)> {
        (0..500u32)
            .map(|k| {
                let row = (0..(k % 7) as u16).map(|c| (c * 3, k as f32 - 250.0 + f32::from(c)));
                (k.wrapping_mul(2_654_435_761), row.collect())
            })
            .collect()
    }

    #[test]
    fn format_1_files_read_the_same_weights() {
        let w = Weights::from_rows(21, &some_rows());
        let old = format_1(21, w.scale, &w.rows());
        let back = Weights::read(&mut old.as_slice(), None).unwrap();
        assert_eq!(back.rows(), w.rows());
        assert!(!back.is_mapped());
    }

    #[test]
    fn a_written_table_is_the_same_file_whatever_the_insertion_order() {
        let rows = some_rows();
        let mut reversed = rows.clone();
        reversed.reverse();
        let bytes = |w: &Weights| {
            let mut buf = Vec::new();
            w.write(&mut Counted::new(&mut buf)).unwrap();
            buf
        };
        let a = Weights::from_rows(21, &rows);
        let b = Weights::from_rows(21, &reversed);
        assert_eq!(bytes(&a), bytes(&b));
    }

    #[test]
    fn a_mapped_file_is_used_in_place_and_scores_as_in_memory() {
        let w = Weights::from_rows(21, &some_rows());
        let dir = std::env::temp_dir().join(format!("sitrep-weights-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.bin");
        // Three bytes before the table, as a model's header would put it
        // anywhere: the writer pads to the file's 8-byte boundaries.
        let mut buf = b"abc".to_vec();
        {
            let mut out = Counted::new(&mut buf);
            out.write_all(b"").unwrap();
            out.written = 3;
            w.write(&mut out).unwrap();
        }
        std::fs::write(&path, &buf).unwrap();
        let map = Arc::new(FileBytes::open(&path).unwrap());
        let mut rest = &map[3..];
        let mapped = Weights::read(&mut rest, Some(&map)).unwrap();
        assert!(rest.is_empty());
        assert_eq!(mapped.is_mapped(), cfg!(target_endian = "little"));
        let copied = Weights::read(&mut &buf[3..], None).unwrap();
        assert!(!copied.is_mapped());
        let features: Vec<u32> = some_rows().iter().map(|r| r.0).chain([1, 2, 3]).collect();
        for chunk in features.chunks(100) {
            let (mut a, mut b, mut c) = (vec![0f32; 21], vec![0f32; 21], vec![0f32; 21]);
            w.score(chunk, &mut a);
            mapped.score(chunk, &mut b);
            copied.score(chunk, &mut c);
            assert_eq!(a, b);
            assert_eq!(a, c);
        }
        assert_eq!(mapped.rows(), w.rows());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_table_scores_without_crashing() {
        let w = Weights::from_rows(21, &some_rows());
        let mut buf = Vec::new();
        w.write(&mut Counted::new(&mut buf)).unwrap();
        // Every slot pointing far outside the entries and dense rows, and
        // a table with no empty slot.
        let head = 8 * 4 + 1 + usize::from(buf[32]);
        let n_slots = u32::from_le_bytes([buf[20], buf[21], buf[22], buf[23]]) as usize;
        for (i, slot) in buf[head..head + 8 * n_slots]
            .chunks_exact_mut(8)
            .enumerate()
        {
            let row = if i % 2 == 0 {
                0x01FF_FFF0u32
            } else {
                DENSE | 0x0FFF_FFFF
            };
            slot[..4].copy_from_slice(&row.to_le_bytes());
            slot[4..].copy_from_slice(&(i as u32 + 1).to_le_bytes());
        }
        let damaged = Weights::read(&mut buf.as_slice(), None).unwrap();
        let mut s = vec![0f32; 21];
        damaged.score(&(0..300).collect::<Vec<u32>>(), &mut s);
        // Truncated: an error.
        assert!(Weights::read(&mut &buf[..buf.len() - 1], None).is_err());
    }
}
