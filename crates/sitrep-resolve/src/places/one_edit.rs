//! The `fst` automaton that finds keys one edit from a key.
//!
//! Keys one edit (a letter added, dropped or changed, not the first) from
//! a key are the keys whose edit distance to it is at most one. The
//! distance is the last cell of the edit-distance table's row after the
//! key's bytes; cells are capped at 2, and a branch is pruned once every
//! cell exceeds one.
//!
//! Why a band of three cells and not the whole row: after `d` bytes a
//! cell `i` is at least `|i - d|`, so every cell more than one from the
//! diagonal is 2 (the cap), and only cells `d - 1`, `d` and `d + 1` carry
//! anything. Until 2026-12-07 the state was the whole row, recomputed and
//! scanned at every node the search visited: a document naming a place
//! the gazetteer knows only one edit away spent ~1.2 M instructions per
//! search on it (1.3 % of a 91-page run). The test below holds the band to
//! the whole row's answers.

/// Longest key searched one edit away (a longer key yields nothing).
pub const ONE_EDIT_MAX_LEN: usize = 31;

/// The search for keys one edit from `key`.
pub struct OneEdit<'a> {
    pub key: &'a [u8],
}

/// The table's row after `depth` bytes, as its three cells around the
/// diagonal: `cells[j]` is cell `depth + j - 1` (2 where that is outside
/// the row); every other cell is 2.
#[derive(Clone, Copy, Debug)]
pub struct Band {
    depth: u8,
    cells: [u8; 3],
}

impl Band {
    /// Cell `i` of the row (2 off the band).
    fn cell(&self, i: usize) -> u8 {
        let d = usize::from(self.depth);
        if i + 1 >= d && i <= d + 1 {
            self.cells[i + 1 - d]
        } else {
            2
        }
    }
}

impl fst::Automaton for OneEdit<'_> {
    type State = Band;

    fn start(&self) -> Band {
        let len = self.key.len();
        Band {
            depth: 0,
            cells: [2, 0, if len >= 1 { 1 } else { 2 }],
        }
    }

    fn is_match(&self, band: &Band) -> bool {
        band.cell(self.key.len()) <= 1
    }

    fn can_match(&self, band: &Band) -> bool {
        let (d, len) = (usize::from(band.depth), self.key.len());
        // The band's cells that lie in the row (0..=len).
        band.cells
            .iter()
            .enumerate()
            .any(|(j, &c)| j + d >= 1 && j + d - 1 <= len && c <= 1)
    }

    fn accept(&self, band: &Band, byte: u8) -> Band {
        let d = usize::from(band.depth);
        let next_depth = band.depth.saturating_add(1);
        let dead = Band {
            depth: next_depth,
            cells: [2; 3],
        };
        // The first letter is kept, as the skeleton keeps it: romanisations
        // rarely disagree on it, and the root's many branches were nearly
        // all of the search's time.
        if band.cell(0) == 0 && self.key.first() != Some(&byte) {
            return dead;
        }
        let len = self.key.len();
        let differs = |i: usize| u8::from(self.key.get(i) != Some(&byte));
        // Cell d of the next row (d - 1 of it is 2, so it adds nothing).
        let at = if d == 0 {
            (band.cell(0) + 1).min(2)
        } else if d <= len {
            (band.cell(d - 1) + differs(d - 1))
                .min(band.cell(d) + 1)
                .min(2)
        } else {
            2
        };
        // Cell d + 1 (d + 2 of this row is 2).
        let after = if d < len {
            (band.cell(d) + differs(d))
                .min(band.cell(d + 1) + 1)
                .min(at + 1)
                .min(2)
        } else {
            2
        };
        // Cell d + 2 (d + 2 of this row is 2).
        let beyond = if d + 1 < len {
            (band.cell(d + 1) + differs(d + 1)).min(after + 1).min(2)
        } else {
            2
        };
        Band {
            depth: next_depth,
            cells: [at, after, beyond],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::Automaton;

    type Row = [u8; ONE_EDIT_MAX_LEN + 1];

    /// The whole-row automaton the band replaced (sitrep until 2026-12-07).
    struct WholeRow<'a> {
        key: &'a [u8],
    }

    impl Automaton for WholeRow<'_> {
        type State = Row;

        fn start(&self) -> Row {
            let mut row = [2; ONE_EDIT_MAX_LEN + 1];
            for (i, d) in row.iter_mut().enumerate().take(self.key.len() + 1) {
                *d = i.min(2) as u8;
            }
            row
        }

        fn is_match(&self, row: &Row) -> bool {
            row[self.key.len()] <= 1
        }

        fn can_match(&self, row: &Row) -> bool {
            row[..=self.key.len()].iter().any(|&d| d <= 1)
        }

        fn accept(&self, row: &Row, byte: u8) -> Row {
            let mut next = [2; ONE_EDIT_MAX_LEN + 1];
            if row[0] == 0 && self.key.first() != Some(&byte) {
                return next;
            }
            next[0] = (row[0] + 1).min(2);
            for (i, &k) in self.key.iter().enumerate() {
                let sub = row[i] + u8::from(k != byte);
                next[i + 1] = sub.min(row[i + 1] + 1).min(next[i] + 1).min(2);
            }
            next
        }
    }

    /// Every prefix of `text` gets the same answers from both automata.
    fn agree(key: &[u8], text: &[u8]) {
        let (band, whole) = (OneEdit { key }, WholeRow { key });
        let (mut b, mut w) = (band.start(), whole.start());
        for (n, &byte) in std::iter::once(&0).chain(text).enumerate() {
            if n > 0 {
                b = band.accept(&b, byte);
                w = whole.accept(&w, byte);
            }
            let at = (key, &text[..n]);
            assert_eq!(band.is_match(&b), whole.is_match(&w), "{at:?}");
            assert_eq!(band.can_match(&b), whole.can_match(&w), "{at:?}");
            for (i, &cell) in w.iter().enumerate().take(key.len() + 1) {
                assert_eq!(b.cell(i), cell, "cell {i} of {at:?}");
            }
        }
    }

    #[test]
    fn the_band_reads_as_the_whole_row() {
        // Keys and texts over a small alphabet, so that edits of every
        // kind occur; every text up to 8 letters against each key.
        let keys: &[&[u8]] = &[b"", b"a", b"ab", b"aba", b"kabul", b"abcab", b"bbbbbb"];
        let alphabet = b"abck";
        for key in keys {
            let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
            for _ in 0..8 {
                let longer: Vec<Vec<u8>> = texts
                    .iter()
                    .filter(|t| t.len() == texts.last().map_or(0, Vec::len))
                    .flat_map(|t| {
                        alphabet.iter().map(move |&c| {
                            let mut u = t.clone();
                            u.push(c);
                            u
                        })
                    })
                    .collect();
                texts.extend(longer);
            }
            for t in &texts {
                agree(key, t);
            }
        }
        // A key of the longest length searched.
        let long = [b'a'; ONE_EDIT_MAX_LEN];
        agree(&long, &[b'a'; ONE_EDIT_MAX_LEN + 3]);
        agree(&long, &[b'a'; ONE_EDIT_MAX_LEN - 1]);
    }
}
