//! The entity tagger's features (model version 4): word, affix, shape, POS
//! and neighbour features; the capitalised run a word sits in; gazetteer
//! marks; how the word is usually written ([`super::words`]); and how the
//! sentence as a whole is capitalised, since a capital means little in a
//! title-cased heading or an all-lowercase chat line.

use crate::clusters::coarse;
use crate::features::{feat, Lex};
use crate::tagger::PAD;

use super::Run;

/// What the entity tagger sees of a sentence, all padded by [`PAD`].
pub struct Context<'a> {
    pub lex: &'a [Lex],
    /// POS tag hashes.
    pub tags: &'a [u64],
    pub runs: &'a [Run],
    /// Gazetteer marks per position.
    pub gaz: &'a [u64],
    /// Word-statistics codes per position.
    pub words: &'a [u64],
    /// The sentence's capitalisation profile, see [`case_profile`].
    pub profile: u64,
}

/// How the sentence is capitalised, away from its first word: 0 no capital
/// at all, 1 few capitals, 2 many (a third or more), 3 mostly (two thirds),
/// 4 all caps, 5 no words after the first.
pub fn case_profile(lex: &[Lex]) -> u64 {
    let words = &lex[PAD..lex.len() - PAD];
    let (mut alpha, mut caps, mut upper) = (0u32, 0u32, 0u32);
    for w in words.iter().skip(1) {
        // `Lex` does not tell punctuation from lowercase words; both count
        // as uncapitalised, numbers are left out.
        if w.flags & 4 != 0 {
            continue;
        }
        alpha += 1;
        caps += u32::from(w.flags & 1 != 0);
        upper += u32::from(w.flags & 3 == 3);
    }
    if alpha == 0 {
        return 5;
    }
    if upper * 10 >= alpha * 9 && alpha >= 3 {
        4
    } else if caps == 0 {
        0
    } else if caps * 3 >= alpha * 2 {
        3
    } else if caps * 3 >= alpha {
        2
    } else {
        1
    }
}

fn value(t: Option<usize>) -> u64 {
    t.map_or(0xFFFF, |t| t as u64)
}

/// Stands in for a hidden word's identity (see [`features`]).
const HIDDEN: u64 = 0x4849_4444_454e;

/// Features of the word at padded index `i`, given the two previous classes.
/// `hide` replaces the word itself by an unknown one: training hides some
/// rare words so that the tagger learns to find names from their shape and
/// context, as it must for the names it never saw.
pub fn features(
    cx: &Context,
    i: usize,
    p1: Option<usize>,
    p2: Option<usize>,
    hide: bool,
    out: &mut Vec<u32>,
) {
    out.clear();
    let (lex, tags) = (cx.lex, cx.tags);
    let run = cx.runs[i];
    let (g, gl, gr) = (cx.gaz[i], cx.gaz[i - 1], cx.gaz[i + 1]);
    let ws = if hide { 0 } else { cx.words[i] };
    let mut w = lex[i];
    if hide {
        w.lower = HIDDEN;
        w.word = HIDDEN;
    }
    let w = &w;
    let (l1, l2, r1, r2) = (&lex[i - 1], &lex[i - 2], &lex[i + 1], &lex[i + 2]);
    let (t1, t2) = (value(p1), value(p2));
    let first = (i == PAD) as u64;
    let cap = w.flags & 3;
    let prof = cx.profile;
    out.extend_from_slice(&[
        feat(200, 0, 0, 0),
        feat(201, w.lower, 0, 0),
        feat(202, w.word, 0, 0),
        feat(203, w.suf[1], 0, 0),
        feat(204, w.suf[2], 0, 0),
        feat(205, w.suf[3], 0, 0),
        feat(206, w.pre[1], 0, 0),
        feat(207, w.pre[2], 0, 0),
        feat(208, w.shape, 0, 0),
        feat(209, w.flags, first, 0),
        feat(210, tags[i], 0, 0),
        feat(211, tags[i - 1], tags[i], 0),
        feat(212, tags[i], tags[i + 1], 0),
        feat(213, l1.lower, 0, 0),
        feat(214, r1.lower, 0, 0),
        feat(215, l2.lower, 0, 0),
        feat(216, r2.lower, 0, 0),
        feat(217, l1.shape, w.shape, 0),
        feat(218, w.shape, r1.shape, 0),
        feat(219, t1, 0, 0),
        feat(220, t1, t2, 0),
        feat(221, t1, w.lower, 0),
        feat(222, t1, w.shape, 0),
        feat(223, l1.lower, w.lower, 0),
        feat(224, w.lower, r1.lower, 0),
        feat(225, l1.flags, w.flags, r1.flags),
        feat(226, tags[i], w.shape, 0),
        feat(227, first, w.lower, 0),
        feat(228, r1.word, 0, 0),
        feat(229, l1.word, 0, 0),
        feat(230, t1, tags[i], 0),
        feat(231, r1.suf[2], 0, 0),
        feat(232, l1.suf[2], 0, 0),
        feat(233, l2.flags, l1.flags, 0),
        feat(234, r1.flags, r2.flags, 0),
        feat(235, w.word, r1.word, 0),
        feat(236, l1.word, w.word, 0),
        feat(237, run.last, run.place, 0),
        feat(238, run.first, run.place, 0),
        feat(239, run.len, run.place, 0),
        feat(240, run.last, 0, 0),
        feat(241, run.place, t1, 0),
        feat(242, run.last, w.lower, 0),
        feat(243, g, 0, 0),
        feat(244, g, w.shape, 0),
        feat(245, gl, g, gr),
        feat(246, g, t1, 0),
        feat(247, g, run.place, 0),
        feat(248, gl, w.flags, 0),
        feat(
            249,
            if run.place == 0 { 99 } else { cx.gaz[run.end] },
            run.place,
            0,
        ),
        // How the word is usually written, against how it is written here.
        feat(250, ws, 0, 0),
        feat(251, ws, cap, first),
        feat(252, prof, cap, first),
        feat(253, prof, ws, cap),
        feat(254, g, ws, cap),
        feat(255, cx.words[i - 1], ws, cx.words[i + 1]),
        feat(256, prof, run.place, 0),
        feat(257, l1.shape, w.shape, r1.shape),
        feat(258, l2.shape, 0, 0),
        feat(259, r2.shape, 0, 0),
        feat(260, run.first, run.last, 0),
        feat(
            261,
            if run.place == 0 {
                99
            } else {
                cx.words[run.end]
            },
            run.place,
            0,
        ),
        feat(262, prof, tags[i], cap),
        // Word clusters (crate::clusters), kept for hidden words: the
        // cluster is what the tagger has of a name it never saw.
        feat(263, coarse(w.clus, 3), 0, 0),
        feat(264, coarse(w.clus, 2), cap, 0),
        feat(265, coarse(w.clus, 1), cap, first),
        feat(266, coarse(l1.clus, 2), 0, 0),
        feat(267, coarse(r1.clus, 2), 0, 0),
        feat(268, coarse(w.clus, 1), t1, 0),
        feat(
            269,
            if run.place == 0 {
                99
            } else {
                coarse(lex[run.end].clus, 2)
            },
            run.place,
            0,
        ),
        feat(270, coarse(w.clus, 0), tags[i], cap),
    ]);
}
