//! A rule over the whole document, after every sentence is tagged: a
//! person's surname standing alone is that person.
//!
//! News names a person in full once ("Valeska Paris, an Australian woman")
//! and by surname after ("Paris was born in Switzerland"). Read sentence by
//! sentence, the lone surname looks like whatever else carries that name —
//! a city, a country, a company — and the tagger, which sees one sentence,
//! follows the word. A reader follows the story. This is the one-sense-per-
//! document heuristic of coreference, kept narrow: only the last word of a
//! person named with two words or more, only where it stands alone as a
//! capitalised one-word mention or outside any mention.

use std::collections::HashSet;

use sitrep_core::Sentence;

/// Relabels one-word mentions (and untagged capitalised words) that repeat
/// the surname of a person named in full elsewhere in the document.
pub fn surnames_stand_for_their_person(sentences: &mut [Sentence]) {
    let surnames = surnames(sentences);
    if surnames.is_empty() {
        return;
    }
    for s in sentences.iter_mut() {
        let n = s.tokens.len();
        for i in 0..n {
            let t = &s.tokens[i];
            let alone = !t.ner.starts_with("I-")
                && s.tokens
                    .get(i + 1)
                    .is_none_or(|next| !next.ner.starts_with("I-"));
            let tagged = t.ner.starts_with("B-") || t.ner == "O";
            if alone
                && tagged
                && t.ner != "B-PER"
                && starts_upper(&t.text)
                && surnames.contains(t.text.as_str())
            {
                s.tokens[i].ner = "B-PER".to_string();
            }
        }
    }
}

/// The last words of person mentions of two words or more.
fn surnames(sentences: &[Sentence]) -> HashSet<String> {
    let mut out = HashSet::new();
    for s in sentences {
        let mut run = 0;
        for (i, t) in s.tokens.iter().enumerate() {
            run = match t.ner.as_str() {
                "B-PER" => 1,
                "I-PER" if run > 0 => run + 1,
                _ => 0,
            };
            let ends = s.tokens.get(i + 1).is_none_or(|n| n.ner != "I-PER");
            if run >= 2 && ends && starts_upper(&t.text) && t.text.chars().count() > 2 {
                out.insert(t.text.clone());
            }
        }
    }
    out
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::Token;

    fn sentence(tagged: &[(&str, &str)]) -> Sentence {
        Sentence {
            start: 0,
            end: 0,
            tokens: tagged
                .iter()
                .map(|(w, t)| Token {
                    text: w.to_string(),
                    ner: t.to_string(),
                    ..Token::default()
                })
                .collect(),
        }
    }

    fn tags(s: &Sentence) -> Vec<&str> {
        s.tokens.iter().map(|t| t.ner.as_str()).collect()
    }

    #[test]
    fn a_surname_alone_is_the_person_named_before() {
        let mut doc = vec![
            sentence(&[("Valeska", "B-PER"), ("Paris", "I-PER"), ("spoke", "O")]),
            sentence(&[
                ("Paris", "B-LOC"),
                ("was", "O"),
                ("born", "O"),
                ("in", "O"),
                ("Bern", "B-LOC"),
            ]),
            sentence(&[
                ("She", "O"),
                ("left", "O"),
                ("Paris", "B-LOC"),
                ("Airport", "I-LOC"),
            ]),
        ];
        surnames_stand_for_their_person(&mut doc);
        assert_eq!(tags(&doc[1]), ["B-PER", "O", "O", "O", "B-LOC"]);
        // Inside a longer name it stays that name's.
        assert_eq!(tags(&doc[2]), ["O", "O", "B-LOC", "I-LOC"]);
    }

    #[test]
    fn one_word_persons_and_other_words_name_no_one() {
        let mut doc = vec![
            sentence(&[("Obama", "B-PER"), ("visited", "O"), ("Kenya", "B-LOC")]),
            sentence(&[("Kenya", "B-LOC"), ("welcomed", "O"), ("him", "O")]),
        ];
        surnames_stand_for_their_person(&mut doc);
        assert_eq!(tags(&doc[1]), ["B-LOC", "O", "O"]);
    }
}
