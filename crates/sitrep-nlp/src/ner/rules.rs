//! Rules applied after the statistical tagger, each for a pattern the
//! greedy perceptron gets wrong often enough to measure and a reader never
//! would. Tags are the unpadded IOB2 classes of [`super::LABELS`]; `lex`
//! and `pos` are padded by [`PAD`].

use crate::features::{hash_str, Lex};
use crate::gazetteer::{self, Gazetteer};
use crate::tagger::PAD;

use super::{entity_type, is_inside};

/// The class of `B-ORG`.
const B_ORG: usize = 3;

/// Whether a POS tag hash is a proper noun's (`PROPN` with `NNP` or `NNPS`).
fn proper_noun(tag: u64) -> bool {
    thread_local! {
        static PROPER: [u64; 2] = ["PROPN\tNNP", "PROPN\tNNPS"].map(crate::parser::tag_hash);
    }
    PROPER.with(|p| p.contains(&tag))
}

/// A capitalised proper noun that the lists know only as an organisation
/// ("Hezbollah", "Hamas", "Interpol") is one, whatever the tagger guessed
/// from its shape: the lists carry no place or person of that name, so the
/// word's other readings are the tagger's, not the world's. Only a word
/// standing alone (outside or a one-word name) changes: inside a longer
/// name ("Hamas Street") it is that name's.
pub fn listed_organisations(gaz: &Gazetteer, lex: &[Lex], pos: &[u64], tags: &mut [usize]) {
    for i in 0..tags.len() {
        let (l, t) = (&lex[PAD + i], tags[i]);
        let alone = !is_inside(t) && !tags.get(i + 1).is_some_and(|&n| is_inside(n));
        if !alone
            || entity_type(t) == entity_type(B_ORG)
            || l.flags & 1 == 0
            || !proper_noun(pos[PAD + i])
            || gaz.word_kinds(l) != gazetteer::ORG
        {
            continue;
        }
        tags[i] = B_ORG;
    }
}

/// Whether a token is the possessive clitic ("'s", "’s").
fn possessive(l: &Lex) -> bool {
    thread_local! {
        static CLITICS: [u64; 2] = ["'s", "’s"].map(|w| hash_str(w, true));
    }
    CLITICS.with(|c| c.contains(&l.lower))
}

/// Whether a token is a word rather than punctuation or padding.
fn is_word(l: &Lex) -> bool {
    thread_local! {
        static PUNCT: Vec<u64> = [
            ".", ",", "!", "?", ";", ":", "(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "-",
            "--", "–", "—", "...", "…", "/",
        ]
        .iter()
        .map(|w| hash_str(w, true))
        .collect();
    }
    l.flags & 32 == 0 && !PUNCT.with(|p| p.contains(&l.lower))
}

/// An organisation's name ends before a possessive: "Acme 's new
/// plant", where the tagger, reading left to right, ran the name on
/// through the clitic (and sometimes on over what the owner has, up to a
/// later clitic). A clitic that only ends the text or a clause is part of
/// the name ("a table at Luigi 's ."): a possessive needs something owned
/// after it. Names with a possessive inside ("Luigi 's Pizza") are left
/// as the tagger read them.
pub fn possessive_ends(lex: &[Lex], tags: &mut [usize]) {
    let mut i = 0;
    while i < tags.len() {
        if tags[i] != B_ORG {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tags.len() && tags[end] == B_ORG + 1 {
            end += 1;
        }
        let owned_after = is_word(&lex[PAD + end]);
        if end - i >= 2 && possessive(&lex[PAD + end - 1]) && owned_after {
            if let Some(p) = (i + 1..end).find(|&k| possessive(&lex[PAD + k])) {
                for t in &mut tags[p..end] {
                    *t = 0;
                }
            }
        }
        i = end;
    }
}

/// An acronym in brackets right after a name of two words or more is
/// that name's short form, of its type: "the Rapid Support Forces
/// (RSF)", "Médecins Sans Frontières (MSF)". The tagger sees the acronym
/// alone between brackets and often calls it nothing or another kind. A
/// one-word name is no long form: "TEHRAN (AFP)" is a dateline and its
/// agency, "Portland (ENA)" an office and its firm.
pub fn bracketed_acronyms(lex: &[Lex], tags: &mut [usize]) {
    thread_local! {
        static BRACKETS: [u64; 2] = ["(", ")"].map(|w| hash_str(w, false));
    }
    let [open, close] = BRACKETS.with(|b| *b);
    for k in 2..tags.len().saturating_sub(2) {
        let acronym = &lex[PAD + k + 1];
        if lex[PAD + k].word != open
            || lex[PAD + k + 2].word != close
            || !is_inside(tags[k - 1])
            || tags[k] != 0
            || tags[k + 2] != 0
            || acronym.flags & 2 == 0
            || acronym.flags & 4 != 0
        {
            continue;
        }
        tags[k + 1] = 2 * entity_type(tags[k - 1]) - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Padded lex and POS hashes of words given as `word/UPOS/XPOS`.
    fn sentence(tokens: &str) -> (Vec<Lex>, Vec<u64>) {
        let mut lex = vec![Lex::pad(0), Lex::pad(1)];
        let mut pos = vec![0; PAD];
        for t in tokens.split(' ') {
            let mut parts = t.split('/');
            let word = parts.next().unwrap_or_default();
            let tag = format!(
                "{}\t{}",
                parts.next().unwrap_or("X"),
                parts.next().unwrap_or("X")
            );
            lex.push(Lex::new(word));
            pos.push(crate::parser::tag_hash(&tag));
        }
        lex.extend([Lex::pad(2), Lex::pad(3)]);
        pos.extend([1; PAD]);
        (lex, pos)
    }

    fn lists() -> Gazetteer {
        let mut g = Gazetteer::default();
        g.add("Hezbollah", gazetteer::ORG);
        g.add("Jordan", gazetteer::LOC);
        g.add("Jordan", gazetteer::ORG);
        g
    }

    #[test]
    fn a_listed_organisation_standing_alone_becomes_one() {
        let (lex, pos) = sentence(
            "Officials/NOUN/NNS blamed/VERB/VBD Hezbollah/PROPN/NNP for/ADP/IN the/DET/DT raid/NOUN/NN",
        );
        let mut tags = vec![0, 0, 5, 0, 0, 0];
        listed_organisations(&lists(), &lex, &pos, &mut tags);
        assert_eq!(tags, vec![0, 0, 3, 0, 0, 0]);
    }

    #[test]
    fn names_listed_as_more_than_organisations_or_inside_longer_names_stay() {
        // "Jordan" is listed as a place too.
        let (lex, pos) = sentence("Jordan/PROPN/NNP closed/VERB/VBD its/PRON/PRP$ border/NOUN/NN");
        let mut tags = vec![5, 0, 0, 0];
        listed_organisations(&lists(), &lex, &pos, &mut tags);
        assert_eq!(tags, vec![5, 0, 0, 0]);
        // Part of a street's name.
        let (lex, pos) =
            sentence("They/PRON/PRP met/VERB/VBD on/ADP/IN Hezbollah/PROPN/NNP Street/PROPN/NNP");
        let mut tags = vec![0, 0, 0, 5, 6];
        listed_organisations(&lists(), &lex, &pos, &mut tags);
        assert_eq!(tags, vec![0, 0, 0, 5, 6]);
        // Not written as a name.
        let (lex, pos) = sentence("a/DET/DT hezbollah/NOUN/NN flag/NOUN/NN");
        let mut tags = vec![0, 0, 0];
        listed_organisations(&lists(), &lex, &pos, &mut tags);
        assert_eq!(tags, vec![0, 0, 0]);
    }

    #[test]
    fn an_organisation_ends_before_its_possessive() {
        let (lex, _) = sentence("the Acme Group 's new plant opened");
        let mut tags = vec![0, 3, 4, 4, 0, 0, 0];
        possessive_ends(&lex, &mut tags);
        assert_eq!(tags, vec![0, 3, 4, 0, 0, 0, 0]);
        // Run on over what it owns, up to a later clitic.
        let (lex, _) = sentence("the Daily Herald 's Man 's Guide to trains");
        let mut tags = vec![0, 3, 4, 4, 4, 4, 0, 0, 0];
        possessive_ends(&lex, &mut tags);
        assert_eq!(tags, vec![0, 3, 4, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn a_clitic_owning_nothing_or_inside_a_name_stays() {
        // Nothing owned after it: the restaurant's own name.
        let (lex, _) = sentence("we ate at Luigi 's .");
        let mut tags = vec![0, 0, 0, 3, 4, 0];
        possessive_ends(&lex, &mut tags);
        assert_eq!(tags, vec![0, 0, 0, 3, 4, 0]);
        // A name with the clitic inside.
        let (lex, _) = sentence("Luigi 's Pizza closed early");
        let mut tags = vec![3, 4, 4, 0, 0];
        possessive_ends(&lex, &mut tags);
        assert_eq!(tags, vec![3, 4, 4, 0, 0]);
        // People and places are not touched.
        let (lex, _) = sentence("Anna Berg 's car was stolen");
        let mut tags = vec![1, 2, 2, 0, 0, 0];
        possessive_ends(&lex, &mut tags);
        assert_eq!(tags, vec![1, 2, 2, 0, 0, 0]);
    }

    #[test]
    fn a_bracketed_acronym_takes_the_type_of_the_name_before_it() {
        let (lex, _) = sentence("the Northern Hills Front ( NHF ) took the pass");
        let mut tags = vec![0, 3, 4, 4, 0, 5, 0, 0, 0, 0];
        bracketed_acronyms(&lex, &mut tags);
        assert_eq!(tags, vec![0, 3, 4, 4, 0, 3, 0, 0, 0, 0]);
        let (lex, _) = sentence("officials of the Lake District Council ( LDC ) said");
        let mut tags = vec![0, 0, 0, 3, 4, 4, 0, 0, 0, 0];
        bracketed_acronyms(&lex, &mut tags);
        assert_eq!(tags, vec![0, 0, 0, 3, 4, 4, 0, 3, 0, 0]);
    }

    #[test]
    fn a_dateline_agency_or_a_lowercase_aside_is_no_short_form() {
        // One word before the bracket: a dateline and its agency.
        let (lex, _) = sentence("OSLO ( ANP ) - talks resumed");
        let mut tags = vec![5, 0, 3, 0, 0, 0, 0];
        bracketed_acronyms(&lex, &mut tags);
        assert_eq!(tags, vec![5, 0, 3, 0, 0, 0, 0]);
        // Not an acronym.
        let (lex, _) = sentence("the Northern Hills Front ( again ) took the pass");
        let mut tags = vec![0, 3, 4, 4, 0, 0, 0, 0, 0, 0];
        bracketed_acronyms(&lex, &mut tags);
        assert_eq!(tags, vec![0, 3, 4, 4, 0, 0, 0, 0, 0, 0]);
    }
}
