//! Stories whose verbs of violence are not violence: sports reports.
//!
//! "Australia beat Colombia", "Russia beat Croatia on Monday", "Herbert and
//! Mahut rallied to defeat …" read, word for word, like an assault between
//! two states and a protest. Keyword coders are known for turning match
//! reports into battles; ACLED's coders simply do not read the sports pages.
//! So a story is first asked whether it is a sports report, and in one only
//! sentences with plain evidence of real violence (deaths, injuries,
//! police, riots, weapons) are read for events: fans fighting police after a
//! match stay events, a straight-sets win does not.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

// The word lists here are read as whole words ("police" is not in
// "policeman's"): `acled::has_word` checks only the start, so that "bomb"
// finds "bombers"; these lists spell out the forms they mean.
use crate::acled::{has_whole_word, is_whole_word};

/// Words that, in news, almost only sports reports use. Ambiguous ones
/// ("goal", "match", "set", "final", "defender", "striker") are left out:
/// conflict reporting uses them too.
const SPORTS_WORDS: &[&str] = &[
    "tournament",
    "championship",
    "championships",
    "semifinal",
    "semifinals",
    "semi-final",
    "semi-finals",
    "quarterfinal",
    "quarterfinals",
    "quarter-final",
    "quarter-finals",
    "playoff",
    "playoffs",
    "tennis",
    "football",
    "soccer",
    "basketball",
    "baseball",
    "cricket",
    "rugby",
    "hockey",
    "golf",
    "olympic",
    "olympics",
    "innings",
    "touchdown",
    "goalkeeper",
    "midfielder",
    "teammate",
    "teammates",
    "doubles",
    "singles",
    "seeded",
    "top-ranked",
    "davis",
    "fifa",
    "uefa",
    "nba",
    "nfl",
    "nhl",
    "atp",
    "wta",
    "grand slam",
    "world cup",
    "premier league",
    "champions league",
    "coach",
    "goaltender",
    "goalie",
    "defenseman",
    "quarterback",
    "linebacker",
    "pitcher",
    "inning",
    "hat trick",
    "power play",
    "shootout",
    "wicket",
    "wickets",
    "batsman",
    "transfer window",
    "transfer fee",
    "grand prix",
    "formula one",
    "home run",
    "all-star",
    "standings",
];

/// All of [`SPORTS_WORDS`] found in one pass over a story, where searching
/// the story once per word was ~1% of a run.
static SPORTS: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(SPORTS_WORDS).expect("static word list"));

/// A score: "6-4", "7-6 (4)", "2–1". Dates and ranges ("2019-20") have
/// more digits.
static SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])\d{1,2}[-–]\d{1,2}(?:[\s,.;)]|$)").expect("static pattern")
});

/// Words that mean real violence, whatever the story.
const VIOLENCE_WORDS: &[&str] = &[
    "killed",
    "dead",
    "died",
    "wounded",
    "injured",
    "hurt",
    "arrested",
    "police",
    "riot",
    "riots",
    "rioting",
    "tear gas",
    "bomb",
    "explosion",
    "gunfire",
    "gunmen",
    "gunman",
    "stabbed",
    "hooligans",
    "militants",
    "troops",
    "soldiers",
];

/// How many of [`SPORTS_WORDS`] stand in `lower` as whole words: the
/// number of words `has_whole_word` finds, in one pass. The pass sees
/// overlapping occurrences too, which `has_whole_word` skips; none of those
/// can be a whole word, as a word of the list starts again inside itself
/// only right after a letter or digit of its own (checked in the tests).
fn sports_words(lower: &str) -> usize {
    let mut seen = [false; SPORTS_WORDS.len()];
    let mut n = 0;
    for m in SPORTS.find_overlapping_iter(lower) {
        let p = m.pattern().as_usize();
        if !seen[p] && is_whole_word(lower, m.start(), m.end()) {
            seen[p] = true;
            n += 1;
        }
    }
    n
}

/// Whether `text` (a whole story) reads as a sports report: at least three
/// distinct sports words, or two and at least two scores.
pub fn is_sports_story(text: &str) -> bool {
    let lower = crate::lowercase::to_lowercase(text);
    let words = sports_words(&lower);
    if words >= 3 {
        return true;
    }
    words >= 2 && SCORE.find_iter(&lower).nth(1).is_some()
}

/// Whether a sentence (lower-cased) carries plain evidence of real violence.
pub fn violence_evident(lower_sentence: &str) -> bool {
    VIOLENCE_WORDS
        .iter()
        .any(|w| has_whole_word(lower_sentence, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_counts_what_each_word_search_counts() {
        // A word starts again inside itself only right after a letter or
        // digit of its own ("tournament" at its last "t"), so the
        // overlapping matches of the one pass add no whole word.
        for w in SPORTS_WORDS {
            let b = w.as_bytes();
            for k in 1..b.len() {
                if b[k..] == b[..b.len() - k] {
                    assert!(b[k - 1].is_ascii_alphanumeric(), "{w}");
                }
            }
        }
        for text in [
            "the coach and his teammates won the world cup semi-finals, semi-finals again",
            "golfing is not golf; soccerball, nba-finals, grand slams and the grand slam",
            "tennis tennis hat tricks hat trick — all-star all-stars (wta) fifa’s uefa",
            "coaches coach coaching; playoffs playoff-bound quarter-final quarterfinals",
            "",
        ] {
            let slow = SPORTS_WORDS
                .iter()
                .filter(|w| has_whole_word(text, w))
                .count();
            assert_eq!(sports_words(text), slow, "{text}");
        }
    }

    #[test]
    fn match_reports_are_sports_stories() {
        let davis = "MADRID — Rafael Nadal kept Spain's hopes alive at the Davis Cup Finals. \
                     Russia beat Croatia on Monday. Australia beat Colombia behind Nick \
                     Kyrgios' 6-4, 6-4 win over Alejandro Gonzalez in the singles.";
        assert!(is_sports_story(davis));
        let football = "The coach said his teammates were ready for the Champions League \
                        semifinal after a 2-1 win.";
        assert!(is_sports_story(football));
    }

    #[test]
    fn conflict_reports_are_not() {
        let seed = include_str!("../../../data/samples/seed/000_9cbdce729a7c3478.txt");
        assert!(!is_sports_story(seed));
        let clash = "Government troops beat back an attack on the base near Mosul; \
                     the final toll was 6-4 dead and wounded, officials said in the capital.";
        assert!(!is_sports_story(clash));
    }

    #[test]
    fn violence_words_are_whole_words() {
        assert!(violence_evident("fans clashed with police after the match"));
        assert!(!violence_evident("the policeman's son scored twice")); // "police" inside a word
        assert!(!violence_evident("he beat the top seed"));
    }
}
