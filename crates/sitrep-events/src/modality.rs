//! Modality (asserted, claimed, denied, hypothetical, planned, requested,
//! historical) and attribution ("local media quoted diplomatic sources").
//!
//! Decided from the words that govern the trigger within its clause: a
//! modal or conditional before it, a wish or appeal verb that embeds it, a
//! reporting verb and its subject. Hand-written: these cue lists are what
//! event coders use and no crate provides them.

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::{Attribution, Modality};

/// Words between the clause start and the trigger that change what the
/// sentence says about the event.
pub fn modality_before(prefix_lower: &str) -> Option<Modality> {
    // A hyphenated compound is a modifier, not a modal: "its long-threatened
    // invasion" reports the invasion, "a much-feared offensive" one that came.
    let words: Vec<&str> = prefix_lower
        .split_whitespace()
        .filter(|w| !is_compound_modifier(w))
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty())
        .collect();
    // "16 May 2024", "May 3": the month, not the modal.
    let digits = |w: Option<&&str>| w.is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let words: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            *w != "may" || !(i > 0 && digits(words.get(i - 1)) || digits(words.get(i + 1)))
        })
        .map(|(_, w)| *w)
        .collect();
    // Look only at the nearest words: a cue far back belongs to another clause.
    let near = &words[words.len().saturating_sub(8)..];
    let has = |list: &[&str]| near.iter().any(|w| list.contains(w));
    if has(&[
        "hope", "hopes", "hoped", "wish", "wishes", "urge", "urged", "urging", "urges", "called",
        "calls", "demand", "demanded", "demands", "appealed", "asked",
    ]) {
        return Some(Modality::Requested);
    }
    if has(&[
        "could",
        "might",
        "may",
        "if",
        "unless",
        "risk",
        "risks",
        "possible",
        "possibility",
        "feared",
        "fears",
    ]) {
        return Some(Modality::Hypothetical);
    }
    if has(&[
        "threatened",
        "threatens",
        "threaten",
        "vowed",
        "vows",
        "warned",
        "warns",
        "plans",
        "planned",
        "planning",
        "intends",
        "will",
        "would",
        "going",
        "willing",
        "ready",
        "prepared",
        "offered",
        "committed",
        "promised",
        "pledged",
    ]) {
        return Some(Modality::Planned);
    }
    if has(&[
        "denied", "denies", "deny", "not", "never", "didn't", "did'nt", "no",
    ]) {
        return Some(Modality::Denied);
    }
    if has(&[
        "claimed",
        "claims",
        "claim",
        "alleged",
        "allegedly",
        "reportedly",
    ]) {
        return Some(Modality::Claimed);
    }
    None
}

/// "long-threatened", "much-feared": letters on both sides of a hyphen.
fn is_compound_modifier(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    w.split_once('-').is_some_and(|(a, b)| {
        a.chars().last().is_some_and(char::is_alphabetic)
            && b.chars().next().is_some_and(char::is_alphabetic)
    })
}

/// The verbs of "X said", "X told", …: the pattern's alternatives and the
/// words [`may_say_verb`] looks for, from one list.
const SAYING_VERBS: [&str; 9] = [
    "quoted",
    "told",
    "said",
    "reported",
    "claimed",
    "stated",
    "announced",
    "confirmed",
    "added",
];

/// "according to X"
/// (The name's 2 to 60 characters are checked by `according_to`: written
/// `{2,60}?` here, the pattern took 20 ms to compile at every start, nearly
/// a fiftieth of a 91-page run.)
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\baccording to ((?:the |a |an )?[\w'’ -]+?)(?:[,.;]|$)")
        .expect("static pattern")
});

/// "X quoted Y as saying", "X told Z", "X said", "X reported", "X claimed",
/// ending at a word boundary after the verb: `ascii_end` is that boundary
/// as ASCII reads it (see [`said_by`]).
fn said_pattern(ascii_end: bool) -> String {
    format!(
        r"((?:[A-Z][\w'’-]*\s+){{0,5}}(?:[Ll]ocal |[Ss]tate |[Oo]fficial |[Dd]iplomatic |[Ss]ecurity |[Mm]ilitary |[Cc]redible |[Rr]eliable |[Ii]nformed )?(?:media|[Ss]ources?|[Oo]fficials?|[Ss]pokesm[ae]n|[Ww]itnesses|[Rr]esidents|[Aa]ctivists|[Mm]inistry|[Pp]olice|[Aa]rmy|[Mm]ilitary|[Aa]gency|[Gg]roup|[Ss]tatement|[Rr]eport|[A-Z][\w'’-]+)) (?:{}){}",
        SAYING_VERBS.join("|"),
        if ascii_end { r"(?-u:\b)" } else { r"\b" }
    )
}

/// The "X said" pattern as written, with Unicode's word boundary.
static SAID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&said_pattern(false)).expect("static pattern"));

/// The same with ASCII's word boundary after the verb, which the regex
/// crate's lazy DFA runs over any text (Unicode's made it give up at the
/// first non-ASCII byte, a curly quote or a dash, and leave the sentence
/// to the far slower backtracker: 0.5 M instructions a sentence, 1.1 % of
/// a 91-page run).
static SAID_ASCII_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&said_pattern(true)).expect("static pattern"));

/// Who reports the event in this sentence, when the sentence says so.
pub fn attribution(sentence: &str) -> Option<Attribution> {
    attribution_in(sentence, true)
}

/// [`attribution`], with the patterns that cannot match skipped when
/// `skip` (always, but for the test that holds the skipping to running
/// them all).
fn attribution_in(sentence: &str, skip: bool) -> Option<Attribution> {
    // Per pattern: whether it may match, and how its match is found.
    let may: [fn(&str) -> bool; 2] = [may_say_according, may_say_verb];
    let find: [Finder; 2] = [according_to, said_by];
    for (may, find) in may.into_iter().zip(find) {
        if skip && !may(sentence) {
            continue;
        }
        if let Some(c) = find(sentence) {
            let m = c.get(0)?;
            // The connective opens the whole match ("But officials said");
            // the name is cut by it only where the name opens there too,
            // and a name that is all connective ("But said …") is none.
            let lead = leading_connective(m.as_str());
            let g = c.get(1)?;
            let who = if g.start() == m.start() {
                g.as_str().get(lead..).unwrap_or_default()
            } else {
                g.as_str()
            }
            .trim();
            let whole = m
                .as_str()
                .get(lead..)
                .unwrap_or_default()
                .trim_end_matches([',', '.', ';'])
                .trim();
            if who.is_empty() {
                continue;
            }
            return Some(Attribution {
                text: whole.to_string(),
                name: Some(who.trim_start_matches("the ").to_string()),
            });
        }
    }
    None
}

/// How an attribution pattern's match is found in a sentence.
type Finder = for<'s> fn(&'s str) -> Option<regex::Captures<'s>>;

/// [`SAID`]'s first match, found with [`SAID_ASCII_END`]. The two differ
/// only in the boundary after the verb, whose last letter is ASCII: ASCII
/// reads a boundary wherever Unicode does, and also before a non-ASCII
/// letter ("saidé"). So the ASCII pattern matches wherever the other does;
/// its first match, when no letter follows it, is the other's first match
/// too (every match it preferred failed the other as well), with the same
/// groups. Only a match a letter follows needs the pattern as written.
fn said_by(sentence: &str) -> Option<regex::Captures<'_>> {
    let c = SAID_ASCII_END.captures(sentence)?;
    let end = c.get(0)?.end();
    let word_follows = sentence[end..]
        .chars()
        .next()
        .is_some_and(|c| regex_syntax::try_is_word_character(c).unwrap_or(false));
    if word_follows {
        SAID.captures(sentence)
    } else {
        Some(c)
    }
}

/// The first "according to" whose name runs 2 to 60 characters (an article
/// before it counted or not, as `(?:the |a |an )?[…]{2,60}?` would take it).
fn according_to(sentence: &str) -> Option<regex::Captures<'_>> {
    let re = &*ACCORDING;
    const NAME: std::ops::RangeInclusive<usize> = 2..=60;
    let mut at = 0;
    while let Some(c) = re.captures_at(sentence, at) {
        let group = c.get(1)?.as_str();
        let lower = group.to_lowercase();
        let article = ["the ", "a ", "an "]
            .iter()
            .find(|a| lower.starts_with(*a))
            .map_or(0, |a| a.len());
        let rest = group.get(article..).unwrap_or(group).chars().count();
        if (article > 0 && NAME.contains(&rest)) || NAME.contains(&group.chars().count()) {
            return Some(c);
        }
        let start = c.get(0)?.start();
        at = start + sentence[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// False only when the "according to" pattern cannot match: in ASCII text
/// `(?i)` matches only the phrase's ASCII case forms. (Other text always
/// runs the pattern.) Skipping the patterns that cannot match was most of
/// this function's time: the second has no literal prefix to look for.
fn may_say_according(sentence: &str) -> bool {
    !sentence.is_ascii()
        || sentence
            .as_bytes()
            .windows(13)
            .any(|w| w.eq_ignore_ascii_case(b"according to "))
}

/// False only when the "X said" pattern cannot match: it is case-sensitive
/// and needs one of its verbs after a space, byte for byte, in any text.
fn may_say_verb(sentence: &str) -> bool {
    SAYING_VERBS.iter().any(|v| {
        sentence
            .match_indices(v)
            .any(|(i, _)| sentence[..i].ends_with(' '))
    })
}

/// Length of a sentence-initial connective ("But ", "However, ") that is
/// not part of the source's name.
fn leading_connective(s: &str) -> usize {
    for w in [
        "But ",
        "And ",
        "However, ",
        "However ",
        "Meanwhile, ",
        "Also, ",
        "Yet ",
    ] {
        if s.starts_with(w) {
            return w.len();
        }
    }
    0
}

/// A claim of responsibility or an unverified report marks the event as
/// claimed rather than asserted.
pub fn claimed(sentence_lower: &str) -> bool {
    [
        "claimed responsibility",
        "claimed the attack",
        "claimed that",
        "claims that",
        "allegedly",
        "reportedly",
        "said it had",
        "the group claimed",
    ]
    .iter()
    .any(|w| sentence_lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Skipping the patterns that cannot match gives what running them
        /// all gives, in ASCII text and in text where Unicode case folding
        /// matches other forms.
        #[test]
        fn skipping_patterns_changes_nothing(words in proptest::collection::vec(
            prop::sample::select(vec![
                "According", "according", "ACCORDING", "to", "To", "the", "a", "an", "police",
                "Police", "officials", "Officials", "local", "Reuters", "Ministry", "said", "told",
                "reporters", "quoted", "Said", "reported", "added", "confirmed", ",", ".", ";",
                "Ahmed", "Ṣaid", "accordinġ", "’s", "Kyiv", "witnesses",
                "state", "media", "group", "claimed", "that", "two", "were", "killed",
            ]),
            0..14,
        )) {
            let sentence = words.join(" ");
            prop_assert_eq!(attribution_in(&sentence, true), attribution_in(&sentence, false));
        }

        /// [`said_by`] finds what the pattern as written finds, groups and
        /// all, with letters of every kind after the verbs.
        #[test]
        fn said_by_finds_the_first_match(words in proptest::collection::vec(
            prop::sample::select(vec![
                "Police", "officials", "Local", "media", "Reuters", "Ahmed", "Ṣaid", "Kyiv’s",
                "said", "saidé", "toldñ", "told", "reported", "added’", "said—", "claimed2",
                "Ministry", "state", "The", "group", "’s", ",", ".", "é", "ü", "a", "that",
            ]),
            0..14,
        ), glue in prop::sample::select(vec![" ", "", "’", "é"])) {
            let sentence = words.join(glue);
            let spans = |c: Option<regex::Captures>| {
                c.map(|c| (c.get(0).map(|m| m.range()), c.get(1).map(|m| m.range())))
            };
            prop_assert_eq!(spans(said_by(&sentence)), spans(SAID.captures(&sentence)));
        }
    }

    #[test]
    fn cues() {
        assert_eq!(
            modality_before("he said: “i hope both sides will stop their"),
            Some(Modality::Requested)
        );
        assert_eq!(
            modality_before("iraq could go into conflict due to retaliatory"),
            Some(Modality::Hypothetical)
        );
        assert_eq!(
            modality_before("the group threatened to"),
            Some(Modality::Planned)
        );
        assert_eq!(modality_before("washington launched a lightning"), None);
    }

    #[test]
    fn the_month_may_is_not_a_modal() {
        assert_eq!(modality_before("on 16 may 2024, rebels"), None);
        assert_eq!(modality_before("on may 3, soldiers"), None);
        assert_eq!(
            modality_before("the rebels may"),
            Some(Modality::Hypothetical)
        );
    }

    #[test]
    fn compound_modifiers_are_not_cues() {
        // "Israel today mounted its long-threatened invasion of South Lebanon"
        assert_eq!(
            modality_before("israel today mounted its long-threatened"),
            None
        );
        // …while a free-standing cue still counts.
        assert_eq!(
            modality_before("israel has long threatened an"),
            Some(Modality::Planned)
        );
    }

    #[test]
    fn attributions() {
        let a = attribution("But local media quoted diplomatic sources as saying Washington had set “tough” conditions").unwrap();
        assert!(a.text.starts_with("local media quoted"), "{a:?}");
        let a = attribution(
            "Two soldiers were killed, according to the Syrian Observatory for Human Rights.",
        )
        .unwrap();
        assert_eq!(
            a.name.as_deref(),
            Some("Syrian Observatory for Human Rights")
        );
    }

    #[test]
    fn a_connective_alone_names_no_source() {
        // Found by a proptest: the connective's length was cut from a
        // name shorter than it, and the whole run aborted.
        for s in [
            "But said gunmen killed two soldiers in Kabul on Monday.",
            "However, said the report, the talks went on.",
        ] {
            assert!(attribution(s).is_none_or(|a| a.name.as_deref() != Some("")));
        }
    }

    /// The bound checked in code takes what the bounded pattern took.
    #[test]
    fn the_name_bound_in_code_matches_the_bounded_pattern() {
        let bounded =
            Regex::new(r"(?i)\baccording to ((?:the |a |an )?[\w'’ -]{2,60}?)(?:[,.;]|$)")
                .expect("pattern");
        let long = "x".repeat(70);
        let near = "y".repeat(58);
        let sentences = [
            "Five people died, according to the health ministry.".to_string(),
            "According to the X, the road was closed.".to_string(),
            "according to a B; later".to_string(),
            "according to Q, and according to local officials.".to_string(),
            format!("according to {long}, and according to the police."),
            format!("according to the {near}, said one."),
            format!("according to An {near}"),
            "According to Médecins Sans Frontières, 40 were hurt.".to_string(),
            "According to officials in Kharkiv’s region the toll rose".to_string(),
        ];
        for s in &sentences {
            let want = bounded.captures(s).map(|c| c[1].to_string());
            let got = according_to(s).map(|c| c[1].to_string());
            assert_eq!(got, want, "{s}");
        }
    }
}
