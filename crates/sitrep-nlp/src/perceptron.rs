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
#[derive(Debug, Default, Clone)]
pub struct Weights {
    index: IdMap<(u32, u32)>,
    classes: Vec<u16>,
    values: Vec<f32>,
    pub n_classes: usize,
}

impl Weights {
    /// Adds the weights of `features` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, features: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(&(from, to)) = self.index.get(f) {
                let (from, to) = (from as usize, to as usize);
                for (c, w) in self.classes[from..to].iter().zip(&self.values[from..to]) {
                    if let Some(s) = scores.get_mut(*c as usize) {
                        *s += *w;
                    }
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Drops weights smaller than `min` in magnitude: most of a perceptron's
    /// features are seen a handful of times and never change a decision.
    pub fn prune(&mut self, min: f32) {
        let mut out = Weights {
            n_classes: self.n_classes,
            ..Default::default()
        };
        let mut keys: Vec<u32> = self.index.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let (from, to) = self.index[&k];
            let start = out.classes.len() as u32;
            for i in from as usize..to as usize {
                if self.values[i].abs() >= min {
                    out.classes.push(self.classes[i]);
                    out.values.push(self.values[i]);
                }
            }
            if out.classes.len() as u32 > start {
                out.index.insert(k, (start, out.classes.len() as u32));
            }
        }
        *self = out;
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Writes the weights: weights are quantised to 16 bits against the
    /// largest magnitude, which costs no measurable accuracy and halves the
    /// file.
    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let max = self
            .values
            .iter()
            .fold(0f32, |m, v| m.max(v.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        w.write_all(&(self.n_classes as u32).to_le_bytes())?;
        w.write_all(&scale.to_le_bytes())?;
        w.write_all(&(self.index.len() as u32).to_le_bytes())?;
        let mut keys: Vec<u32> = self.index.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let (from, to) = self.index[&k];
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&[(to - from) as u8])?;
            for i in from as usize..to as usize {
                w.write_all(&self.classes[i].to_le_bytes())?;
                let q = (self.values[i] / scale).round().clamp(-32767.0, 32767.0) as i16;
                w.write_all(&q.to_le_bytes())?;
            }
        }
        Ok(())
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<Weights> {
        let n_classes = read_u32(r)? as usize;
        let scale = f32::from_le_bytes(read_arr(r)?);
        let n = read_u32(r)? as usize;
        let mut out = Weights {
            n_classes,
            index: IdMap::with_capacity_and_hasher(n, Default::default()),
            ..Default::default()
        };
        for _ in 0..n {
            let key = read_u32(r)?;
            let [len] = read_arr::<1>(r)?;
            let from = out.classes.len() as u32;
            for _ in 0..len {
                let c = u16::from_le_bytes(read_arr(r)?);
                let q = i16::from_le_bytes(read_arr(r)?);
                if c as usize >= n_classes {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "class id out of range",
                    ));
                }
                out.classes.push(c);
                out.values.push(f32::from(q) * scale);
            }
            out.index.insert(key, (from, out.classes.len() as u32));
        }
        Ok(out)
    }
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
        let clock = self.clock.max(1);
        let mut out = Weights {
            n_classes: self.n_classes,
            ..Default::default()
        };
        let mut keys: Vec<u32> = self.params.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let from = out.classes.len() as u32;
            let mut ps = self.params[&k].clone();
            ps.sort_by_key(|p| p.class);
            for p in ps {
                let total = p.total + f64::from(clock - p.stamp) * f64::from(p.weight);
                let avg = (total / f64::from(clock)) as f32;
                if avg.abs() >= prune {
                    out.classes.push(p.class);
                    out.values.push(avg);
                }
            }
            let to = out.classes.len() as u32;
            // At most 255 entries per feature fit the file format; keep the largest.
            if to > from {
                if to - from > 255 {
                    let mut pairs: Vec<(u16, f32)> = out.classes[from as usize..]
                        .iter()
                        .copied()
                        .zip(out.values[from as usize..].iter().copied())
                        .collect();
                    pairs.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
                    pairs.truncate(255);
                    out.classes.truncate(from as usize);
                    out.values.truncate(from as usize);
                    for (c, v) in pairs {
                        out.classes.push(c);
                        out.values.push(v);
                    }
                }
                out.index.insert(k, (from, out.classes.len() as u32));
            }
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

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
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D | 1)
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
