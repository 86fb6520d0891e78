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

const NUM: &str = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|fewer than|less than|approximately|roughly)\s+)?(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|dozens|scores|a dozen|several|a few|a number of|many)(?:\s+(?:and|or|to)\s+(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred))?";

static KILLED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let kill_verbs = r"(?:killing|killed|kills|kill|leaving|left)";
    let dead = r"(?:dead|killed|died|deaths?|fatalities|casualties|lives|people|persons|civilians|soldiers|troops|fighters|militants|policemen|police officers|officers|members|children|women|men|protesters|worshippers|passengers|others)";
    [
        // "killing 3 US soldiers", "killed at least 12 people", "leaving 5 dead"
        format!(r"(?i)\b{kill_verbs}\s+({NUM})\b(?:\s+\w+){{0,3}}"),
        // "12 people were killed", "three soldiers died", "at least 12 dead"
        format!(r"(?i)\b({NUM})\s+(?:\w+\s+){{0,3}}?(?:(?:were|was|have been|had been|are|been)\s+)?(?:killed|dead|died|slain|shot dead|lost their lives)\b"),
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
        format!(r"(?i)\b({NUM})\s+(?:\w+\s+){{0,3}}?(?:(?:were|was|have been|had been|are|been)\s+)?(?:injured|wounded|hurt)\b"),
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

static NO_CASUALTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:no (?:casualties|deaths|fatalities|injuries|one was (?:killed|hurt|injured))|without casualties)\b").expect("static pattern")
});

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

pub fn fatalities(sentence: &str) -> Option<CountMention> {
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
    if let Some(c) = first_count(&KILLED, sentence) {
        return Some(c);
    }
    KILLED_ONE.find(sentence).map(|m| CountMention {
        start: m.start(),
        end: m.end(),
        count: Count {
            text: m.as_str().to_string(),
            min: Some(1),
            max: None,
        },
    })
}

pub fn injured(sentence: &str) -> Option<CountMention> {
    if !may_count(sentence, INJURY_STEMS) {
        return None;
    }
    first_count(&INJURED, sentence)
}

/// The first of `patterns` that matches, with its quantity (group 1) read
/// as a range.
fn first_count(patterns: &[Regex], sentence: &str) -> Option<CountMention> {
    for re in patterns {
        if let Some(c) = re.captures(sentence) {
            let whole = c.get(0)?;
            let (min, max) = parse_quantity(c.get(1)?.as_str())?;
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

/// Counts of incidents over a period: "more than 165 attacks since …",
/// "dozens of strikes in recent weeks". Never single events.
static AGGREGATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({NUM})\s+(?:\w+\s+)?(attacks|strikes|airstrikes|air strikes|incidents|raids|bombings|explosions|clashes|protests|demonstrations|rallies|arrests|assaults|rocket attacks|drone attacks)\b"
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
    let c = AGGREGATE.captures(sentence)?;
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
