//! Fatality and injury counts, and counts of incidents (aggregates).
//!
//! Written by hand over the sentence text: the phrases are few and regular
//! ("killing 3", "three soldiers were killed", "at least 12 dead",
//! "dozens", "killing its commander") and need the number's own words.

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::Count;

#[derive(Debug, Clone, PartialEq)]
pub struct CountMention {
    pub start: usize,
    pub end: usize,
    pub count: Count,
}

const NUM: &str = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|fewer than|less than|approximately|roughly)\s+)?(?:\d{1,3}(?:,\d{3})+|\d+(?:[-–]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|dozens|scores|a dozen|several|a few|a number of|many)(?:\s+(?:and|or|to)\s+(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred))?";

/// What may stand between a count and its verb: up to four words
/// ("Taliban and IS militants", "policemen/soldiers"), then a subset
/// ("including 2 commanders"), an aside in brackets ("(assumed police)")
/// or an apposition ("1 child, a shepherd, was killed").
const BETWEEN: &str = r"(?:\s+[\w/'-]+){0,4}?(?:,?\s+including(?:\s+[\w/'-]+){1,4}?,?|\s*\([^)]{0,60}\)|,(?:\s+[\w'-]+){1,4},)?";

static KILLED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    // The verbs whose object is the dead: "kill" and the verbs that say
    // how ("shot dead six protesters", "gunned down two officers").
    let kill_verbs = r"(?:killing|killed|kills|kill|leaving|left|shot dead|shooting dead|gunned down|gunning down|murdered|murdering|massacred|massacring|slaughtered|beheaded|lynched|(?:stabbed|hacked|beat|beaten|clubbed|bludgeoned|burned|burnt) to death)";
    let dead = r"(?:dead|killed|died|deaths?|fatalities|casualties|lives|people|persons|civilians|soldiers|troops|fighters|militants|policemen|police officers|officers|members|children|women|men|protesters|worshippers|passengers|others)";
    [
        // "killing 3 US soldiers", "killed at least 12 people", "leaving 5 dead"
        format!(r"(?i)\b{kill_verbs}\s+({NUM})\b(?:\s+\w+){{0,3}}"),
        // "12 people were killed", "three soldiers died", "at least 12 dead"
        format!(r"(?i)\b({NUM}){BETWEEN}\s+(?:(?:were|was|have been|had been|are|been)\s+)?(?:also\s+)?(?:killed|dead|died|slain|shot dead|lost their lives)\b"),
        // "death toll rose to 15"
        format!(r"(?i)\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+({NUM})\b"),
        format!(r"(?i)\b({NUM})\s+{dead}\b(?:\s+\w+){{0,2}}\s+(?:were\s+)?killed"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static pattern"))
    .collect()
});

static INJURED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)\b(?:injuring|wounding|injured|wounded|hurting)\s+(?:at least\s+|more than\s+)?({NUM})\b"),
        format!(r"(?i)\b({NUM}){BETWEEN}\s+(?:(?:were|was|have been|had been|are|been)\s+)?(?:also\s+)?(?:injured|wounded|hurt)\b"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static pattern"))
    .collect()
});

/// A killing with one named or singular victim: "killing its commander",
/// "killed a police officer", "assassination of X".
static KILLED_ONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:killing|killed|kills|assassinat\w*|gunned down|shot dead|murder\w*|beheaded|executed)\s+(?:of\s+)?(?:its|his|her|their|the|a|an|one)\s+[\w-]+").expect("static pattern")
});

/// One victim named as the subject of a passive killing: "a 16-year-old
/// was shot dead", "a police officer has been killed".
static KILLED_ONE_PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:a|an)\s+(?:[\w'-]+\s+){1,3}?(?:was|has been|had been)\s+(?:killed|shot dead|gunned down|murdered|beheaded|executed|slain|stabbed to death|beaten to death)\b").expect("static pattern")
});

static NO_CASUALTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:no (?:casualties|deaths|fatalities|injuries|loss of life|one (?:was|were) (?:killed|hurt|injured)|one died)|nobody (?:was|were) (?:killed|hurt|injured)|nobody died|without casualties)\b").expect("static pattern")
});

/// A coder's note that the deaths recorded differ from those reported:
/// "Fatalities coded as 0 (Radio X reported 3)", "Total fatalities coded
/// as 13".
static CODED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfatalities\s+(?:were\s+|are\s+)?coded\s+as\s+(\d+)").expect("static pattern")
});

/// A coder's note that a total was split across events, with this
/// event's share in brackets: "Fatalities are split across 3 events (4)",
/// "Fatalities split over 2 locations (4)".
static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfatalities\s+(?:are\s+|were\s+)?split\s+(?:over|across|between)\s+\d+\s+\w+\s*\((\d+)\)")
        .expect("static pattern")
});

/// The number the source reported, given beside the coded one: "Fatalities
/// coded as 0 (VoJ reported 3 fatalities)", "(Pajhwok also reported 2)".
/// "(… reported unknown fatalities)" gives none.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcoded\s+as\s+\d+\s*\([^()]*?\breported\s+(?:also\s+)?(\d+)\b[^()]*\)")
        .expect("static pattern")
});

/// The deaths the report states for the whole event, when a coder's note
/// gives them apart from the coded number: the report's total, which the
/// sentences may tell piecemeal ("2 soldiers were killed … 2 more were
/// killed in a second attack").
pub fn reported_fatalities(text: &str) -> Option<Count> {
    exact_count(&REPORTED.captures(text)?)
}

/// A coder's number (group 1) as an exact count, the whole match as its text.
fn exact_count(c: &regex::Captures<'_>) -> Option<Count> {
    let n = c.get(1)?.as_str().parse().ok()?;
    Some(Count {
        text: c.get(0)?.as_str().to_string(),
        min: Some(n),
        max: Some(n),
    })
}

/// The number of deaths a coder recorded, when the text says so apart
/// from the number the report states.
pub fn coded_fatalities(text: &str) -> Option<Count> {
    if let Some(c) = SPLIT.captures(text) {
        return exact_count(&c);
    }
    exact_count(&CODED.captures(text)?)
}

/// The number an ACLED coder records for a stated count that gives no
/// exact figure, by the codebook's rule of the most conservative reading:
/// "more than 100" and "at least 100" are 100, "dozens" 12, "hundreds"
/// 100, "tens" 10 (ACLED's FAQ on fatalities). `None` when the stated
/// count is exact or the words give no such reading, so the stated count
/// is also the coded one.
pub fn conservative_fatalities(stated: &Count) -> Option<Count> {
    static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:(?:more than|over|at least)\s+(\d{1,3}(?:,\d{3})+|\d+)|(dozens|hundreds|tens))\b")
            .expect("valid regex")
    });
    let c = VAGUE.captures(&stated.text)?;
    let n = match (c.get(1), c.get(2)) {
        (Some(d), _) => d.as_str().replace(',', "").parse().ok()?,
        (_, Some(w)) => match w.as_str().to_ascii_lowercase().as_str() {
            "dozens" => 12,
            "hundreds" => 100,
            _ => 10,
        },
        _ => return None,
    };
    (stated.min != Some(n)).then(|| Count {
        text: c[0].to_string(),
        min: Some(n),
        max: Some(n),
    })
}

/// Cheap test before the count patterns: they are costly, and most
/// sentences have none of these stems.
fn may_count(sentence: &str, stems: &[&str]) -> bool {
    let lower = sentence.to_ascii_lowercase();
    stems.iter().any(|s| lower.contains(s))
}

const DEATH_STEMS: &[&str] = &[
    "kill", "dead", "died", "death", "slain", "lives", "casualt", "fatalit", "assassin", "gunned",
    "murder", "behead", "execut", "toll",
];
const INJURY_STEMS: &[&str] = &["injur", "wound", "hurt"];

/// The dead a sentence states by a number next to its verb ("killing 3",
/// "12 people were killed", "no casualties").
pub fn numbered_fatalities(sentence: &str) -> Option<CountMention> {
    if !may_count(sentence, DEATH_STEMS) {
        return None;
    }
    if let Some(m) = NO_CASUALTIES.find(sentence) {
        return Some(CountMention {
            start: m.start(),
            end: m.end(),
            count: Count {
                text: m.as_str().to_string(),
                min: Some(0),
                max: Some(0),
            },
        });
    }
    first_count(&KILLED, sentence)
}

/// The dead a sentence states, by its phrases: a number of them
/// ([`numbered_fatalities`]), else one victim ("killing its commander").
pub fn fatalities(sentence: &str) -> Option<CountMention> {
    numbered_fatalities(sentence).or_else(|| one_fatality(sentence))
}

/// One victim, by the phrases that name a single one: "killing its
/// commander", "a 16-year-old was shot dead".
pub fn one_fatality(sentence: &str) -> Option<CountMention> {
    if !may_count(sentence, DEATH_STEMS) {
        return None;
    }
    KILLED_ONE
        .find(sentence)
        .or_else(|| KILLED_ONE_PASSIVE.find(sentence))
        .map(|m| CountMention {
            start: m.start(),
            end: m.end(),
            count: Count {
                text: m.as_str().to_string(),
                min: Some(1),
                max: None,
            },
        })
}

/// Whether the sentence names one victim as the subject of a passive
/// killing ("a 16-year-old was shot dead", "a suspected thief was beaten
/// to death"): someone died, whoever the count is of.
pub fn one_killed_passive(sentence: &str) -> bool {
    may_count(sentence, DEATH_STEMS) && KILLED_ONE_PASSIVE.is_match(sentence)
}

pub fn injured(sentence: &str) -> Option<CountMention> {
    if !may_count(sentence, INJURY_STEMS) {
        return None;
    }
    first_count(&INJURED, sentence)
}

/// The first of `patterns` that matches with a quantity (group 1) that is
/// a count of people, read as a range. A match whose number is a date, a
/// year, an age, a time, money or an address is passed over and the
/// search goes on after that number ("On 2 March 2020, 1 soldier was
/// killed" counts 1).
fn first_count(patterns: &[Regex], sentence: &str) -> Option<CountMention> {
    for re in patterns {
        let mut from = 0;
        while let Some(c) = re.captures_at(sentence, from) {
            let whole = c.get(0)?;
            let q = c.get(1)?;
            if not_a_count(sentence, q.start(), q.end()) {
                from = next_char(sentence, q.start());
                continue;
            }
            let Some((min, max)) = parse_quantity(q.as_str()) else {
                from = next_char(sentence, q.start());
                continue;
            };
            return Some(CountMention {
                start: whole.start(),
                end: whole.end(),
                count: Count {
                    text: whole.as_str().trim().to_string(),
                    min: Some(min),
                    max,
                },
            });
        }
    }
    None
}

fn next_char(s: &str, at: usize) -> usize {
    s[at..]
        .chars()
        .next()
        .map_or(s.len(), |c| at + c.len_utf8())
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Whether the number at `start..end` names something other than a number
/// of people: a date ("2 March", "March 2"), a year ("2020"), an age ("a
/// 25-year-old", "aged 25"), a time ("10:30", "9 pm"), money ("$5",
/// "5 million dollars"), an address ("12 Jinnah Road", "No. 4"), a share
/// ("30%"). These are never counts of the killed or injured.
pub fn not_a_count(sentence: &str, start: usize, end: usize) -> bool {
    let quantity = &sentence[start..end];
    let digits: String = quantity
        .split_whitespace()
        .last()
        .unwrap_or("")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.len() == 4
        && quantity.trim().len() == 4
        && digits
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2100).contains(&y))
    {
        return true;
    }
    let before = sentence[..start].to_lowercase();
    let after = sentence[end..].to_lowercase();
    let prev = before
        .split(|c: char| c.is_whitespace() || c == '(')
        .rfind(|w| !w.is_empty())
        .unwrap_or("")
        .trim_end_matches([',', '.']);
    let next = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '.', ';', ')']);
    let month = |w: &str| MONTHS.contains(&w);
    if month(prev) || month(next) {
        return true;
    }
    if matches!(
        prev,
        "aged"
            | "age"
            | "no"
            | "number"
            | "no."
            | "house"
            | "plot"
            | "room"
            | "flat"
            | "km"
            | "kilometres"
            | "kilometers"
            | "miles"
    ) || prev.ends_with(['$', '€', '£', '¥', '₹'])
        || matches!(
            prev,
            "rs" | "rs." | "usd" | "eur" | "ksh" | "inr" | "pkr" | "afn"
        )
        || before.trim_end().ends_with(['$', '€', '£', '¥', '₹', '#'])
    {
        return true;
    }
    let rest = after.trim_start();
    if after.starts_with([':', '%', '/'])
        || after.starts_with("-year")
        || after.starts_with("-month")
        || rest.starts_with("year-old")
        || rest.starts_with("years old")
        || rest.starts_with("year old")
        || rest.starts_with("percent")
        || rest.starts_with("per cent")
    {
        return true;
    }
    matches!(
        next,
        "am" | "pm"
            | "a.m"
            | "p.m"
            | "gmt"
            | "utc"
            | "hrs"
            | "hours"
            | "o'clock"
            | "h"
            | "dollars"
            | "euros"
            | "pounds"
            | "rupees"
            | "naira"
            | "shillings"
            | "afghanis"
            | "yuan"
            | "dinars"
            | "million"
            | "billion"
            | "km"
            | "kilometres"
            | "kilometers"
            | "miles"
            | "metres"
            | "meters"
            | "street"
            | "st"
            | "road"
            | "rd"
            | "avenue"
            | "ave"
            | "boulevard"
            | "lane"
            | "years"
            | "months"
            | "days"
            | "weeks"
            | "minutes"
    )
}

/// A count with its bounds: "3" → (3, Some(3)); "at least 12" → (12, None);
/// "more than 165" → (166, None); "dozens" → (24, None).
pub fn parse_quantity(text: &str) -> Option<(u32, Option<u32>)> {
    let t = text.to_lowercase();
    let mut words: Vec<&str> = t.split_whitespace().collect();
    let mut open = false;
    let mut plus_one = false;
    let mut approx = false;
    let qualifiers: &[(&str, u8)] = &[
        ("at least", 0),
        ("more than", 1),
        ("over", 1),
        ("nearly", 2),
        ("almost", 2),
        ("about", 2),
        ("around", 2),
        ("some", 2),
        ("approximately", 2),
        ("roughly", 2),
        ("up to", 3),
        ("as many as", 3),
        ("fewer than", 3),
        ("less than", 3),
    ];
    let joined = words.join(" ");
    let mut upper_only = false;
    for (q, kind) in qualifiers {
        if joined.starts_with(q) {
            let n = q.split(' ').count();
            words.drain(..n);
            match kind {
                0 => open = true,
                1 => {
                    open = true;
                    plus_one = true
                }
                2 => approx = true,
                _ => upper_only = true,
            }
            break;
        }
    }
    let first = *words.first()?;
    // "7-15": a range written with a dash.
    if let Some((lo, hi)) = first.split_once(['-', '–']) {
        let (lo, hi) = (lo.parse::<u32>().ok()?, hi.parse::<u32>().ok()?);
        return Some((lo.min(hi), Some(lo.max(hi))));
    }
    let base = word_number(first)?;
    let (mut min, mut max) = match base {
        Quantity::Exact(n) => (n, Some(n)),
        Quantity::AtLeast(n) => (n, None),
    };
    // "two or three", "10 to 15"
    if let (Some(conj), Some(second)) = (words.get(1), words.get(2)) {
        if matches!(*conj, "or" | "to" | "and") {
            if let Some(Quantity::Exact(n)) = word_number(second) {
                if n > min {
                    max = Some(n);
                }
            }
        }
    }
    if open {
        max = None;
    }
    if plus_one {
        min += 1;
    }
    if approx {
        max = None;
    }
    if upper_only {
        max = Some(min);
        min = 1;
    }
    Some((min, max))
}

enum Quantity {
    Exact(u32),
    AtLeast(u32),
}

fn word_number(w: &str) -> Option<Quantity> {
    if let Ok(n) = w.replace(',', "").parse::<u32>() {
        return Some(Quantity::Exact(n));
    }
    let small = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(n) = small.iter().position(|s| *s == w) {
        return Some(Quantity::Exact(n as u32));
    }
    Some(match w {
        "thirty" => Quantity::Exact(30),
        "forty" => Quantity::Exact(40),
        "fifty" => Quantity::Exact(50),
        "sixty" => Quantity::Exact(60),
        "seventy" => Quantity::Exact(70),
        "eighty" => Quantity::Exact(80),
        "ninety" => Quantity::Exact(90),
        "a" => Quantity::Exact(1), // "a dozen", "a hundred" handled below
        "dozens" | "scores" => Quantity::AtLeast(24),
        "hundreds" => Quantity::AtLeast(200),
        "several" | "a few" | "many" | "a number of" => Quantity::AtLeast(2),
        _ => return None,
    })
}

/// False only when [`AGGREGATE`] cannot match: it needs one of its nouns,
/// in a case form `(?i)` matches
/// ([`fold_like_ignore_case`](crate::lowercase::fold_like_ignore_case)). Most
/// sentences with a number name none.
fn may_name_incidents(sentence: &str) -> bool {
    let folded = crate::lowercase::fold_like_ignore_case(sentence);
    INCIDENT_NOUNS.iter().any(|n| folded.contains(n))
}

/// The nouns of incidents that [`AGGREGATE`] counts, in the pattern's
/// order of alternatives; [`may_name_incidents`] looks for the same list.
const INCIDENT_NOUNS: [&str; 16] = [
    "attacks",
    "strikes",
    "airstrikes",
    "air strikes",
    "incidents",
    "raids",
    "bombings",
    "explosions",
    "clashes",
    "protests",
    "demonstrations",
    "rallies",
    "arrests",
    "assaults",
    "rocket attacks",
    "drone attacks",
];

/// Counts of incidents over a period: "more than 165 attacks since …",
/// "dozens of strikes in recent weeks". Never single events.
static AGGREGATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({NUM})\s+(?:\w+\s+)?({})\b",
        INCIDENT_NOUNS.join("|")
    ))
    .expect("static pattern")
});

#[derive(Debug, Clone, PartialEq)]
pub struct AggregateMention {
    pub start: usize,
    pub end: usize,
    pub noun: String,
    pub count: Count,
    /// Token-level start of the noun ("attacks") inside the sentence.
    pub noun_start: usize,
}

pub fn aggregate(sentence: &str) -> Option<AggregateMention> {
    if !sentence.bytes().any(|b| b.is_ascii_digit())
        && !may_count(
            sentence,
            &[
                "dozens",
                "hundreds",
                "scores",
                "several",
                "many",
                "few",
                "number of",
                "twenty",
                "thirty",
                "forty",
                "fifty",
                "ten ",
                "eleven",
                "twelve",
            ],
        )
    {
        return None;
    }
    if !may_name_incidents(sentence) {
        return None;
    }
    aggregate_from(sentence, AGGREGATE.captures(sentence)?)
}

/// [`aggregate`] from the pattern's match.
fn aggregate_from(sentence: &str, c: regex::Captures<'_>) -> Option<AggregateMention> {
    let whole = c.get(0)?;
    let q = c.get(1)?;
    let (min, max) = parse_quantity(q.as_str())?;
    // A plural count above a handful, or any plural with a period phrase.
    let lower = sentence.to_lowercase();
    let over_period = [
        "since",
        "over the past",
        "in recent",
        "so far",
        "this year",
        "during",
        "in the past",
    ]
    .iter()
    .any(|w| lower.contains(w));
    // "three raids" overnight are three events; "more than 165 attacks
    // since October" is a count.
    if (over_period && min < 5) || (!over_period && min < 20) {
        return None;
    }
    Some(AggregateMention {
        start: whole.start(),
        end: whole.end(),
        noun: c.get(2)?.as_str().to_string(),
        count: Count {
            text: whole.as_str().to_string(),
            min: Some(min),
            max,
        },
        noun_start: c.get(2)?.start(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Skipping the pattern when no incident noun is there gives what
        /// running it gives, in ASCII text, in text with other characters
        /// (quotes, dashes, accented letters) and in text where Unicode
        /// case folding matches other forms ("ſtrikes", a Kelvin sign).
        #[test]
        fn skipping_aggregate_changes_nothing(words in proptest::collection::vec(
            prop::sample::select(vec![
                "more", "than", "165", "dozens", "of", "air", "Strikes", "airstrikes", "ATTACKS",
                "rocket", "attack", "raids", "clashes", "arrests", "since", "in", "recent",
                "weeks", "ſtrikes", "attacKs", "protests", "the", "12", "several", "drone",
                "—", "“165", "raids”", "café",
            ]),
            0..10,
        )) {
            let sentence = words.join(" ");
            let all = AGGREGATE
                .captures(&sentence)
                .and_then(|c| aggregate_from(&sentence, c));
            let gated = match may_name_incidents(&sentence) {
                true => all.clone(),
                false => None,
            };
            prop_assert_eq!(gated, all);
        }
    }

    fn fat(s: &str) -> (Option<u32>, Option<u32>) {
        let c = fatalities(s)
            .unwrap_or_else(|| panic!("no count in {s}"))
            .count;
        (c.min, c.max)
    }

    #[test]
    fn fatality_phrases() {
        assert_eq!(
            fat("an attack in Jordan in late January that killed 3 US soldiers."),
            (Some(3), Some(3))
        );
        assert_eq!(
            fat("Two soldiers were killed and ten others were wounded"),
            (Some(2), Some(2))
        );
        assert_eq!(fat("the blast left at least 12 dead"), (Some(12), None));
        assert_eq!(
            fat("Washington launched a strike in Baghdad, killing its foreign operations officer"),
            (Some(1), None)
        );
        assert_eq!(fat("killing more than 40 people"), (Some(41), None));
        assert_eq!(fat("The attack caused no casualties"), (Some(0), Some(0)));
        assert!(fatalities("Protesters gathered outside parliament").is_none());
    }

    #[test]
    fn injury_phrases() {
        let c = injured("Two soldiers were killed and ten others were wounded")
            .unwrap()
            .count;
        assert_eq!((c.min, c.max), (Some(10), Some(10)));
        let c = injured("with two innocent people injured").unwrap().count;
        assert_eq!(c.min, Some(2));
    }

    #[test]
    fn aggregates_are_counts_over_periods() {
        let s = "Since the middle of the three-month period, US forces and the international coalition in Iraq and Syria have been subject to more than 165 attacks";
        let a = aggregate(s).unwrap();
        assert_eq!(a.count.min, Some(166));
        assert_eq!(a.noun, "attacks");
        assert!(aggregate("Two attacks hit the city").is_none());
    }
}

/// Sentences written for these tests, in the registers the pipeline reads
/// (wire copy, coders' summaries, local press), from many countries.
#[cfg(test)]
mod numbers_that_are_not_counts {
    use super::*;

    fn killed(s: &str) -> Option<u32> {
        fatalities(s).and_then(|c| c.count.min)
    }

    fn hurt(s: &str) -> Option<u32> {
        injured(s).and_then(|c| c.count.min)
    }

    #[test]
    fn dates_and_years_are_never_counts() {
        let s = "On 2 March 2020, 1 commando was killed and 1 was wounded by a Taliban sniper in Murghab district, Badghis.";
        assert_eq!((killed(s), hurt(s)), (Some(1), Some(1)));
        let s = "On 14 November 2021, 3 soldiers were killed when their convoy hit a mine near Ménaka, Mali.";
        assert_eq!(killed(s), Some(3));
        let s = "As reported on 5 June 2019, 2 fishermen were killed and 4 were injured in a shelling near Hodeidah.";
        assert_eq!((killed(s), hurt(s)), (Some(2), Some(4)));
        let s = "On March 3, 2022, gunmen killed 7 villagers in Zamfara state, Nigeria.";
        assert_eq!(killed(s), Some(7));
        let s = "Since 2015, the conflict in Yemen has killed more than 150,000 people.";
        assert_eq!(killed(s), Some(150_001));
        let s = "In 1994, 800,000 people were killed in Rwanda.";
        assert_eq!(killed(s), Some(800_000));
    }

    #[test]
    fn verbs_that_say_how_count_their_object() {
        let s = "Soldiers shot dead two farmers near Ségou on Monday, relatives said.";
        assert_eq!(killed(s), Some(2));
        let s = "Gunmen gunned down three traders on the Kaduna-Abuja highway.";
        assert_eq!(killed(s), Some(3));
        let s = "A mob beat to death 2 suspected thieves in Kampala.";
        assert_eq!(killed(s), Some(2));
        // "executed" is left out: plans and operations are executed too.
        let s = "The army executed 3 operations in the Sahel last month.";
        assert_eq!(killed(s), None);
    }

    #[test]
    fn ages_times_money_and_addresses_are_never_counts() {
        let s = "A 17-year-old was shot dead by police in Nanterre, France, on Tuesday.";
        assert_eq!(killed(s), Some(1));
        let s = "The man, aged 45, was killed when gunmen opened fire in Culiacán, Sinaloa.";
        assert_ne!(killed(s), Some(45));
        let s = "At 10:30 pm, 2 guards were killed at a checkpoint outside Kirkuk.";
        assert_eq!(killed(s), Some(2));
        let s = "Around 9 pm on Friday 4 people were killed in a blast in Quetta, Balochistan.";
        assert_eq!(killed(s), Some(4));
        let s = "Robbers who stole $250 killed 1 shopkeeper in Soweto, police said.";
        assert_eq!(killed(s), Some(1));
        let s = "Residents of 12 Jinnah Road said 5 people were killed when the building collapsed in Karachi.";
        assert_eq!(killed(s), Some(5));
    }

    #[test]
    fn one_killed_and_one_wounded_is_one_of_each() {
        let s =
            "1 policeman was killed and 1 was wounded in an ambush in Cabo Delgado, Mozambique.";
        assert_eq!((killed(s), hurt(s)), (Some(1), Some(1)));
        let s =
            "Two rangers were killed and three were wounded by poachers in Garamba park, DR Congo.";
        assert_eq!((killed(s), hurt(s)), (Some(2), Some(3)));
    }

    #[test]
    fn counts_with_a_subset_an_aside_or_an_apposition() {
        let s = "On 9 May 2021, 12 Shabaab fighters including 2 commanders were killed in an army raid near Jilib, Somalia.";
        assert_eq!(killed(s), Some(12));
        let s = "15, including 4 children, were wounded in the attack on the market in Kidal.";
        assert_eq!(hurt(s), Some(15));
        let s = "1 officer (a traffic policeman) was killed in a drive-by shooting in Peshawar.";
        assert_eq!(killed(s), Some(1));
        let s = "1 child, a herder, was killed by a landmine near Kunduz.";
        assert_eq!(killed(s), Some(1));
        let s = "7-15 policemen were killed in the assault on the post near Diffa, Niger.";
        assert_eq!(
            fatalities(s).map(|c| (c.count.min, c.count.max)),
            Some((Some(7), Some(15)))
        );
    }

    #[test]
    fn no_casualties_is_zero_killed() {
        for s in [
            "A rocket hit an empty field near Sderot; there were no casualties.",
            "The bomb was defused in Mandalay and nobody was killed.",
            "Police said no one was killed when the grenade went off in Bujumbura.",
        ] {
            assert_eq!(killed(s), Some(0), "{s}");
        }
    }

    #[test]
    fn a_coded_count_is_kept_apart_from_the_stated_one() {
        let t = "On 8 May 2022, 3 soldiers were killed in an ambush near Djibo, Burkina Faso. Fatalities coded as 0 (local radio reported 3).";
        assert_eq!(coded_fatalities(t).and_then(|c| c.min), Some(0));
        assert_eq!(killed(t), Some(3));
        let t = "Herders and farmers clashed in Benue. Total fatalities coded as 13.";
        assert_eq!(coded_fatalities(t).and_then(|c| c.min), Some(13));
        assert!(coded_fatalities("Nine people were killed in Tigray.").is_none());
        let t = "Gunmen raided two villages in Zamfara, killing 9. Fatalities split across 2 events (5).";
        assert_eq!(coded_fatalities(t).and_then(|c| c.min), Some(5));
    }

    #[test]
    fn the_source_total_beside_a_coded_count_is_the_stated_one() {
        let t = "On 8 May 2022, 2 soldiers were killed near Djibo. 3 more died in a second ambush nearby. Fatalities coded as 0 (local radio reported 5 fatalities).";
        assert_eq!(reported_fatalities(t).and_then(|c| c.min), Some(5));
        let t = "A policeman was shot dead in Kaduna. Fatalities coded as 1 (Daily Trust also reported 1).";
        assert_eq!(reported_fatalities(t).and_then(|c| c.min), Some(1));
        let t = "Troops shelled positions in Idlib. Fatalities coded as 0 (SOHR reported unknown fatalities).";
        assert!(reported_fatalities(t).is_none());
        assert!(
            reported_fatalities("Nine people were killed in Tigray, police reported 9.").is_none()
        );
    }
}
