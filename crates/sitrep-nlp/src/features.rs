//! Feature hashing: every feature is a 32-bit id mixed from a template number
//! and precomputed word/tag ids, so extracting features at run time formats
//! no strings and allocates nothing.

/// FNV-1a over bytes, lowercased when asked; the id of a word.
#[inline]
pub fn hash_str(s: &str, lower: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        let b = if lower { b.to_ascii_lowercase() } else { b };
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Mixes a template number with up to three values into a feature id.
#[inline]
pub fn feat(template: u32, a: u64, b: u64, c: u64) -> u32 {
    let mut h = u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for v in [a, b, c] {
        h ^= v
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(h << 6)
            .wrapping_add(h >> 2);
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    (h ^ (h >> 32)) as u32
}

/// The word's shape, compressed: `Xxxx` → `Xx`, `1,200` → `d,d`, `U.S.` → `X.X.`.
/// Returned as a hash so nothing is allocated.
pub fn shape(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = 0u8;
    let mut n = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_alphabetic() {
            b'a'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if k == last {
            n += 1;
            if n > 1 {
                continue;
            }
        } else {
            n = 0;
        }
        last = k;
        h ^= u64::from(k);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Hash of the last `n` characters (lowercased ASCII).
pub fn suffix(word: &str, n: usize) -> u64 {
    let start = word
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    hash_str(&word[start..], true) ^ (n as u64)
}

/// Hash of the first `n` characters.
pub fn prefix(word: &str, n: usize) -> u64 {
    let end = word.char_indices().nth(n).map_or(word.len(), |(i, _)| i);
    hash_str(&word[..end], false) ^ ((n as u64) << 8)
}

/// Per-token values computed once per sentence and shared by all models.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lex {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub suf: [u64; 4],
    pub pre: [u64; 3],
    /// Bit flags: 1 capitalised, 2 all caps, 4 has digit, 8 has hyphen, 16 has period.
    pub flags: u64,
    /// Leaf word cluster ([`crate::clusters`]), set by [`crate::clusters::Clusters::fill`];
    /// [`crate::clusters::UNKNOWN`] until then or when the word has none.
    pub clus: u32,
}

impl Lex {
    pub fn new(word: &str) -> Lex {
        let mut flags = 0;
        if word.chars().next().is_some_and(char::is_uppercase) {
            flags |= 1;
        }
        if word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase) {
            flags |= 2;
        }
        if word.chars().any(|c| c.is_ascii_digit()) {
            flags |= 4;
        }
        if word.contains('-') {
            flags |= 8;
        }
        if word.contains('.') {
            flags |= 16;
        }
        Lex {
            word: hash_str(word, false),
            lower: hash_str(word, true),
            shape: shape(word),
            suf: [
                suffix(word, 1),
                suffix(word, 2),
                suffix(word, 3),
                suffix(word, 4),
            ],
            pre: [prefix(word, 1), prefix(word, 2), prefix(word, 3)],
            flags,
            clus: crate::clusters::UNKNOWN,
        }
    }

    /// The padding value before and after a sentence.
    pub fn pad(which: u64) -> Lex {
        let v = 0x5a5a_0000 + which;
        Lex {
            word: v,
            lower: v,
            shape: v,
            suf: [v; 4],
            pre: [v; 3],
            flags: 32 + which,
            // Above every cluster id and UNKNOWN at each granularity.
            clus: 0x1_0000 + which as u32,
        }
    }
}
