//! A learned ACLED sub-event classifier over an event's sentences.
//!
//! The rules find events and their arguments; which of ACLED's 25
//! sub-event types a report belongs to turns on many small cues (a
//! "grenade", "tear gas", "recaptured", "set up a base") that a linear model
//! weighs better than a hand-ordered list. Its features are the words of the
//! text plus what the rules concluded (the rule's sub-event, the PLOVER
//! types and modes found), so the model refines the rules rather than
//! replacing them, and `--explain` can list the features that decided.
//!
//! Hand-written multiclass averaged perceptron: a few dozen lines, no crate
//! needed, deterministic for a fixed seed.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use sitrep_core::Event;

/// The model: per feature hash, a weight for each label.
#[derive(Debug, Clone, Default)]
pub struct SubEventModel {
    pub labels: Vec<String>,
    weights: HashMap<u64, Vec<(u8, f32)>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a sitrep sub-event model ({reason})")]
    Format { path: String, reason: String },
}

const MAGIC: &[u8; 8] = b"SRSUBEV1";

/// FNV-1a: stable across runs and platforms, unlike the std hasher's keys.
fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Features of a text and the events the rules found in it.
pub fn features(text: &str, events: &[Event], rule_label: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty() && w.len() < 30)
        .collect();
    let mut f = Vec::with_capacity(words.len() * 2 + 16);
    f.push("bias".to_string());
    for w in &words {
        f.push(format!("w={w}"));
        if w.len() > 5 {
            f.push(format!("p5={}", w.chars().take(5).collect::<String>()));
        }
    }
    for pair in words.windows(2) {
        f.push(format!("b={} {}", pair[0], pair[1]));
    }
    f.push(format!("rule={rule_label}"));
    if let Some(kw) = crate::acled::keyword_label(text) {
        f.push(format!("kw={kw}"));
        f.push(format!("kwrule={kw}|{rule_label}"));
    }
    for kw in crate::acled::keyword_labels(text) {
        f.push(format!("kwall={kw}"));
    }
    for w in &words {
        if w.len() > 4 {
            f.push(format!("p4={}", w.chars().take(4).collect::<String>()));
        }
    }
    for (i, e) in events.iter().enumerate().take(3) {
        let tag = if i == 0 { "main" } else { "ev" };
        f.push(format!("{tag}={}", e.plover.event));
        for m in &e.plover.mode {
            f.push(format!("{tag}mode={m}"));
        }
        if let Some(a) = &e.acled {
            f.push(format!("{tag}sub={}", a.sub_event_type));
        }
        if e.fatalities.as_ref().and_then(|c| c.min).unwrap_or(0) > 0 {
            f.push("fatal".into());
        }
        for a in &e.actors {
            for s in &a.sector {
                f.push(format!("{tag}actor={s}"));
            }
        }
        for a in &e.recipients {
            for s in &a.sector {
                f.push(format!("{tag}recip={s}"));
            }
        }
    }
    if events.is_empty() {
        f.push("noevent".into());
    }
    f
}

/// A story's label from the rules' frame and the model: the model may
/// overrule only the fallbacks — a bare keyword or the out-of-scope
/// default. A frame, a decisive weapon or the main event's sub-type
/// stands: on 510 snippets the model's lexical weights generalise worse
/// than those codebook cues (cross-validated).
pub fn story_label<'a>(
    model: Option<&'a SubEventModel>,
    feats: &[String],
    rule: &'a crate::frames::Frame,
) -> &'a str {
    match model {
        Some(m) if rule.is_fallback() => m.predict(feats).unwrap_or(rule.label),
        _ => rule.label,
    }
}

impl SubEventModel {
    /// Scores of each label, highest first.
    pub fn scores(&self, feats: &[String]) -> Vec<(usize, f32)> {
        let mut s = vec![0.0f32; self.labels.len()];
        for f in feats {
            if let Some(ws) = self.weights.get(&hash(f)) {
                for &(l, w) in ws {
                    if let Some(x) = s.get_mut(l as usize) {
                        *x += w;
                    }
                }
            }
        }
        let mut out: Vec<(usize, f32)> = s.into_iter().enumerate().collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    pub fn predict(&self, feats: &[String]) -> Option<&str> {
        self.scores(feats)
            .first()
            .map(|&(l, _)| self.labels[l].as_str())
    }

    /// The features that pushed `label` up most, for `--explain`.
    pub fn top_features(&self, feats: &[String], label: &str, n: usize) -> Vec<(String, f32)> {
        let Some(li) = self.labels.iter().position(|l| l == label) else {
            return Vec::new();
        };
        let mut out: Vec<(String, f32)> = feats
            .iter()
            .filter_map(|f| {
                let w = self
                    .weights
                    .get(&hash(f))?
                    .iter()
                    .find(|(l, _)| *l as usize == li)?
                    .1;
                (w > 0.0).then(|| (f.clone(), w))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out.dedup_by(|a, b| a.0 == b.0);
        out.truncate(n);
        out
    }

    /// Trains on (features, label) pairs: `epochs` passes in a shuffled
    /// order fixed by `seed`, weights averaged over all updates.
    pub fn train(examples: &[(Vec<String>, String)], epochs: usize, seed: u64) -> SubEventModel {
        let mut labels: Vec<String> = examples.iter().map(|(_, l)| l.clone()).collect();
        labels.sort();
        labels.dedup();
        let idx: HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let hashed: Vec<(Vec<u64>, usize)> = examples
            .iter()
            .map(|(f, l)| (f.iter().map(|x| hash(x)).collect(), idx[l.as_str()]))
            .collect();
        let k = labels.len();
        // weights, accumulated totals and last-update step, per feature
        let mut w: HashMap<u64, Vec<f32>> = HashMap::new();
        let mut total: HashMap<u64, Vec<f32>> = HashMap::new();
        let mut stamp: HashMap<u64, Vec<u64>> = HashMap::new();
        let mut step: u64 = 0;
        let mut order: Vec<usize> = (0..hashed.len()).collect();
        let mut rng = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                rng = rng
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                order.swap(i, (rng >> 33) as usize % (i + 1));
            }
            for &i in &order {
                step += 1;
                let (feats, gold) = &hashed[i];
                let mut s = vec![0.0f32; k];
                for f in feats {
                    if let Some(ws) = w.get(f) {
                        for (x, y) in s.iter_mut().zip(ws) {
                            *x += y;
                        }
                    }
                }
                let guess = (0..k)
                    .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
                    .unwrap_or(0);
                if guess == *gold {
                    continue;
                }
                for f in feats {
                    let ws = w.entry(*f).or_insert_with(|| vec![0.0; k]);
                    let ts = total.entry(*f).or_insert_with(|| vec![0.0; k]);
                    let st = stamp.entry(*f).or_insert_with(|| vec![0; k]);
                    for (l, delta) in [(*gold, 1.0f32), (guess, -1.0)] {
                        ts[l] += (step - st[l]) as f32 * ws[l];
                        st[l] = step;
                        ws[l] += delta;
                    }
                }
            }
        }
        let mut weights = HashMap::new();
        for (f, ws) in &w {
            let ts = &total[f];
            let st = &stamp[f];
            let mut sparse = Vec::new();
            for l in 0..k {
                let avg = (ts[l] + (step - st[l]) as f32 * ws[l]) / step.max(1) as f32;
                if avg.abs() > 1e-4 {
                    sparse.push((l as u8, avg));
                }
            }
            if !sparse.is_empty() {
                weights.insert(*f, sparse);
            }
        }
        SubEventModel { labels, weights }
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |source| ModelError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        for l in &self.labels {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
        }
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in keys {
            let ws = &self.weights[k];
            out.extend_from_slice(&k.to_le_bytes());
            out.push(ws.len() as u8);
            for (l, w) in ws {
                out.push(*l);
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let mut f = std::fs::File::create(path).map_err(io)?;
        f.write_all(&out).map_err(io)
    }

    pub fn load(path: &Path) -> Result<SubEventModel, ModelError> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| ModelError::Io {
                path: path.display().to_string(),
                source,
            })?;
        let bad = |reason: &str| ModelError::Format {
            path: path.display().to_string(),
            reason: reason.to_string(),
        };
        let mut r = Reader { b: &bytes, at: 0 };
        if r.take(8).ok_or_else(|| bad("truncated"))? != MAGIC {
            return Err(bad("wrong header"));
        }
        let n_labels = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        let mut labels = Vec::with_capacity(n_labels.min(256));
        for _ in 0..n_labels {
            let len = r.u8().ok_or_else(|| bad("truncated"))? as usize;
            let s = r.take(len).ok_or_else(|| bad("truncated"))?;
            labels.push(String::from_utf8(s.to_vec()).map_err(|_| bad("label not UTF-8"))?);
        }
        let n = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        let mut weights = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = u64::from_le_bytes(
                r.take(8)
                    .ok_or_else(|| bad("truncated"))?
                    .try_into()
                    .map_err(|_| bad("truncated"))?,
            );
            let m = r.u8().ok_or_else(|| bad("truncated"))? as usize;
            let mut ws = Vec::with_capacity(m);
            for _ in 0..m {
                let l = r.u8().ok_or_else(|| bad("truncated"))?;
                if l as usize >= n_labels {
                    return Err(bad("label index out of range"));
                }
                let w = f32::from_le_bytes(
                    r.take(4)
                        .ok_or_else(|| bad("truncated"))?
                        .try_into()
                        .map_err(|_| bad("truncated"))?,
                );
                ws.push((l, w));
            }
            weights.insert(k, ws);
        }
        Ok(SubEventModel { labels, weights })
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .and_then(|s| s.try_into().ok())
            .map(u32::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_round_trips() {
        let ex: Vec<(Vec<String>, String)> = vec![
            (
                features("police fired tear gas at protesters", &[], "PEACE_PROTEST"),
                "PROTEST_WITH_INTER".into(),
            ),
            (
                features(
                    "protesters marched peacefully through the capital",
                    &[],
                    "PEACE_PROTEST",
                ),
                "PEACE_PROTEST".into(),
            ),
            (
                features("a grenade was hurled at the market", &[], "ATTACK"),
                "GRENADE".into(),
            ),
        ];
        let m = SubEventModel::train(&ex, 10, 7);
        for (f, l) in &ex {
            assert_eq!(m.predict(f), Some(l.as_str()));
        }
        let dir = std::env::temp_dir().join(format!("sitrep-subevent-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("m.bin");
        m.save(&p).unwrap();
        let back = SubEventModel::load(&p).unwrap();
        assert_eq!(back.predict(&ex[2].0), Some("GRENADE"));
        std::fs::write(&p, b"junk").unwrap();
        assert!(SubEventModel::load(&p).is_err());
    }
}
