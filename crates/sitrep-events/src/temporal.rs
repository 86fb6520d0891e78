//! Temporal expressions resolved against the publication date.
//!
//! Written by hand: no maintained Rust crate resolves news-style relative
//! expressions ("about a week ago", "late January", "since mid-October") into
//! ranges with a precision. Each pattern returns an inclusive range and the
//! precision a coder would record; without a publication date a relative
//! expression keeps its text and stays unresolved.

use std::sync::{LazyLock, OnceLock};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use sitrep_core::{DatePrecision, DateRange};

use crate::lowercase::fold_like_ignore_case;

/// A temporal expression found in a sentence, with its byte range there.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeMention {
    pub start: usize,
    pub end: usize,
    pub range: DateRange,
    /// Relative to the publication date (vs. an absolute date in the text).
    pub relative: bool,
}

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/// One temporal pattern, compiled twice over, each copy at its first use:
/// as written, and with ASCII word boundaries.
///
/// Why: the regex crate's fast engine (a lazy DFA) handles a Unicode `\b`
/// only in ASCII text, and gives up at the first other character; in a
/// sentence with a curly quote or a dash the pattern then ran on the
/// backtracker, a third as fast, and that was ~4% of a run. In a sentence
/// whose characters beyond ASCII are none of them word characters (`’`,
/// `—`, `“` are not), `\b` and `(?-u:\b)` hold at the same places, so the
/// ASCII one is used there; the pattern as written everywhere else. A copy
/// no sentence needs is never compiled (compiling one costs about as much
/// as running all 23 over a page).
struct Pattern {
    kind: Kind,
    source: String,
    ascii: OnceLock<Regex>,
    unicode: OnceLock<Regex>,
}

impl Pattern {
    fn new(kind: Kind, p: &str) -> Pattern {
        Pattern {
            kind,
            source: format!("(?i){p}"),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The pattern for `sentence` (see [`Pattern`]).
    fn regex(&self, ascii_words: bool) -> &Regex {
        if ascii_words {
            return self.ascii.get_or_init(|| {
                Regex::new(&self.source.replace(r"\b", r"(?-u:\b)")).expect("static pattern")
            });
        }
        self.unicode
            .get_or_init(|| Regex::new(&self.source).expect("static pattern"))
    }
}

/// Whether every word character of `s` is ASCII, where a word boundary
/// reads the same in ASCII as in Unicode.
fn ascii_words(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() || regex_syntax::try_is_word_character(c).is_ok_and(|word| !word))
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let m = MONTHS;
    let w = WEEKDAYS;
    let num = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)";
    let table: Vec<(Kind, String)> = vec![
        (Kind::DayMonthYear, format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\.?,?\s+(\d{{4}})\b")),
        (Kind::MonthDayYear, format!(r"\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
        (Kind::DayMonth, format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\b\.?")),
        (Kind::MonthDay, format!(r"\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")),
        (Kind::IsoDate, r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string()),
        (Kind::SincePartMonth, format!(r"\bsince\s+(?:the\s+)?(early|mid|middle of|late|end of|beginning of|start of)[\s-]+({m})\b")),
        (Kind::PartMonth, format!(r"\b(early|mid|middle of|late|end of|beginning of|start of)[\s-]+({m})\b(?:\s+(\d{{4}}))?")),
        (Kind::MonthYear, format!(r"\b({m})\s+(\d{{4}})\b")),
        (Kind::InMonth, format!(r"\b(?:in|since|during|throughout)\s+({m})\b")),
        (Kind::InYear, r"\b(?:in|since|during)\s+((?:19|20)\d{2})\b".to_string()),
        (Kind::WeekdayPart, format!(r"\b(?:on\s+|last\s+|this\s+)?({w})(?:\s+(?:morning|afternoon|evening|night))?\b")),
        (Kind::Yesterday, r"\b(?:yesterday|last night|overnight)\b".to_string()),
        (Kind::Today, r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier today)\b".to_string()),
        (Kind::AgoDays, format!(r"\b(?:about|around|some|nearly|almost|roughly|more than|over|just over|less than)?\s*({num})\s+days?\s+ago\b")),
        (Kind::AgoWeeks, format!(r"\b(?:about|around|some|nearly|almost|roughly|more than|over|just over|less than)?\s*({num})\s+weeks?\s+ago\b")),
        (Kind::AgoMonths, format!(r"\b(?:about|around|some|nearly|almost|roughly|more than|over|less than)?\s*({num})\s+months?\s+ago\b")),
        (Kind::Weekend, r"\b(?:(?:over|during|on|at|last|this|the past)\s+)?(?:the\s+)?weekend\b".to_string()),
        (Kind::LastWeek, r"\b(?:last|past|previous)\s+week\b".to_string()),
        (Kind::ThisWeek, r"\b(?:this|earlier this)\s+week\b".to_string()),
        (Kind::LastMonth, r"\blast\s+month\b".to_string()),
        (Kind::ThisMonth, r"\b(?:this|earlier this)\s+month\b".to_string()),
        (Kind::LastYear, r"\blast\s+year\b".to_string()),
        (Kind::RecentWeeks, r"\b(?:in\s+)?(?:recent|the past few|the past|the last few|the last)\s+(?:weeks|days)\b".to_string()),
    ];
    table
        .into_iter()
        .map(|(k, p)| Pattern::new(k, &p))
        .collect()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DayMonthYear,
    MonthDayYear,
    DayMonth,
    MonthDay,
    IsoDate,
    SincePartMonth,
    PartMonth,
    MonthYear,
    InMonth,
    InYear,
    WeekdayPart,
    Yesterday,
    Today,
    AgoDays,
    AgoWeeks,
    AgoMonths,
    Weekend,
    LastWeek,
    ThisWeek,
    LastMonth,
    ThisMonth,
    LastYear,
    RecentWeeks,
}

/// Which of the words the patterns require a sentence holds, so that a
/// pattern that cannot match is not run: a sentence with a digit ran all
/// 22 patterns, a tenth of the events stage's regex time.
///
/// Read in the case folding `(?i)` sees ([`fold_like_ignore_case`]: "ſ"
/// is "s" to it, the Kelvin sign "k"), so it holds for any text. Until
/// 2026-12-08 it held for ASCII text only, and a sentence with a curly
/// quote or an accented name ran every pattern, which compiled the
/// Unicode copy of each ([`Pattern`]).
struct Words {
    /// A character `\d` may match: an ASCII digit, or in other text any
    /// numeric character (Unicode's `\d`, the decimal digits, is a part).
    digit: bool,
    month: bool,
    has: [bool; 11],
}

/// The words of [`Words::has`], in its order.
const REQUIRED: [&str; 11] = [
    "since",
    "day",
    "yesterday",
    "night",
    "today",
    "this",
    "ago",
    "week",
    "month",
    "year",
    "weeks",
];

impl Words {
    /// `folded` is `sentence` as [`fold_like_ignore_case`] gives it.
    fn of(sentence: &str, folded: &str) -> Words {
        let month = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .any(|m| folded.contains(m));
        let digit = if sentence.is_ascii() {
            sentence.bytes().any(|b| b.is_ascii_digit())
        } else {
            sentence.chars().any(char::is_numeric)
        };
        Words {
            digit,
            month,
            has: REQUIRED.map(|w| folded.contains(w)),
        }
    }

    fn has(&self, word: &str) -> bool {
        match REQUIRED.iter().position(|w| *w == word) {
            Some(i) => self.has[i],
            None => true,
        }
    }

    /// False only when the pattern of `kind` cannot match: every pattern
    /// needs at least one of the words checked for it (a month name starts
    /// with one of the twelve abbreviations, a weekday ends in "day").
    fn may_match(&self, kind: Kind) -> bool {
        match kind {
            Kind::DayMonthYear
            | Kind::MonthDayYear
            | Kind::DayMonth
            | Kind::MonthDay
            | Kind::MonthYear => self.digit && self.month,
            Kind::IsoDate | Kind::InYear => self.digit,
            Kind::SincePartMonth => self.has("since") && self.month,
            Kind::PartMonth | Kind::InMonth => self.month,
            Kind::WeekdayPart => self.has("day"),
            Kind::Yesterday => self.has("yesterday") || self.has("night"),
            Kind::Today => self.has("today") || self.has("this") || self.has("night"),
            Kind::AgoDays => self.has("ago") && self.has("day"),
            Kind::AgoWeeks => self.has("ago") && self.has("week"),
            Kind::AgoMonths => self.has("ago") && self.has("month"),
            Kind::Weekend | Kind::LastWeek | Kind::ThisWeek => self.has("week"),
            Kind::LastMonth | Kind::ThisMonth => self.has("month"),
            Kind::LastYear => self.has("year"),
            Kind::RecentWeeks => self.has("weeks") || self.has("day"),
        }
    }
}

/// Finds the temporal expressions of `sentence`, earlier patterns winning
/// over overlapping later ones (full dates before bare weekdays).
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Vec<TimeMention> {
    find_in(sentence, published, true)
}

/// [`find`], with the patterns that cannot match skipped when `skip`
/// (always, but for the test that holds the skipping to running them all).
fn find_in(sentence: &str, published: Option<NaiveDate>, skip: bool) -> Vec<TimeMention> {
    let mut out: Vec<TimeMention> = Vec::new();
    // Most sentences hold no temporal word at all; skip the patterns then.
    let lower = sentence.to_ascii_lowercase();
    let cue = sentence.bytes().any(|b| b.is_ascii_digit())
        || [
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
            "day",
            "week",
            "month",
            "year",
            "ago",
            "yesterday",
            "today",
            "tonight",
            "overnight",
            "night",
            "morning",
            "recent",
        ]
        .iter()
        .any(|w| lower.contains(w));
    if !cue {
        return out;
    }
    let words = if sentence.is_ascii() {
        Words::of(sentence, &lower)
    } else {
        Words::of(sentence, &fold_like_ignore_case(sentence))
    };
    let ascii = ascii_words(sentence);
    for pattern in PATTERNS.iter() {
        let kind = &pattern.kind;
        if skip && !words.may_match(*kind) {
            continue;
        }
        for caps in pattern.regex(ascii).captures_iter(sentence) {
            let whole = caps.get(0).expect("group 0");
            let (s, e) = trim_span(sentence, whole.start(), whole.end());
            if s >= e || out.iter().any(|m| s < m.end && m.start < e) {
                continue;
            }
            let groups: Vec<&str> = (1..caps.len())
                .map(|i| caps.get(i).map_or("", |g| g.as_str()))
                .collect();
            let text = &sentence[s..e];
            if let Some(mention) = resolve(*kind, &groups, text, published) {
                out.push(TimeMention {
                    start: s,
                    end: e,
                    ..mention
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && text[s..].starts_with(char::is_whitespace) {
        s += text[s..].chars().next().map_or(1, char::len_utf8);
    }
    while e > s && text[..e].ends_with(char::is_whitespace) {
        e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
    }
    (s, e)
}

/// `n` days before `d` (after it when `n` is negative); `None` past the
/// calendar's ends.
fn days_before(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_sub_signed(Duration::try_days(n)?)
}

fn range(text: &str, start: NaiveDate, end: NaiveDate, precision: DatePrecision) -> DateRange {
    DateRange {
        text: text.to_string(),
        start: Some(start.to_string()),
        end: Some(end.to_string()),
        precision,
    }
}

fn unresolved(text: &str, precision: DatePrecision) -> DateRange {
    DateRange {
        text: text.to_string(),
        start: None,
        end: None,
        precision,
    }
}

fn resolve(
    kind: Kind,
    g: &[&str],
    text: &str,
    published: Option<NaiveDate>,
) -> Option<TimeMention> {
    use DatePrecision::*;
    let mention = |range: DateRange, relative: bool| TimeMention {
        start: 0,
        end: 0,
        range,
        relative,
    };
    // Absolute dates first: they need no anchor but for a missing year.
    match kind {
        Kind::DayMonthYear => {
            let d = NaiveDate::from_ymd_opt(g[2].parse().ok()?, month(g[1])?, g[0].parse().ok()?)?;
            return Some(mention(range(text, d, d, Day), false));
        }
        Kind::MonthDayYear => {
            let d = NaiveDate::from_ymd_opt(g[2].parse().ok()?, month(g[0])?, g[1].parse().ok()?)?;
            return Some(mention(range(text, d, d, Day), false));
        }
        Kind::IsoDate => {
            let d = NaiveDate::from_ymd_opt(
                g[0].parse().ok()?,
                g[1].parse().ok()?,
                g[2].parse().ok()?,
            )?;
            return Some(mention(range(text, d, d, Day), false));
        }
        Kind::MonthYear => {
            let (y, m) = (g[1].parse().ok()?, month(g[0])?);
            let (s, e) = month_bounds(y, m)?;
            return Some(mention(range(text, s, e, Month), false));
        }
        Kind::InYear => {
            let y: i32 = g[0].parse().ok()?;
            let s = NaiveDate::from_ymd_opt(y, 1, 1)?;
            let e = NaiveDate::from_ymd_opt(y, 12, 31)?;
            // "since 2024" runs to publication, unless the story is dated
            // before 2024 (a wrong date): then it is the year itself.
            let e = if text.to_lowercase().starts_with("since") {
                published.filter(|p| *p >= s).unwrap_or(e)
            } else {
                e
            };
            return Some(mention(range(text, s, e, Year), false));
        }
        _ => {}
    }
    let precision = match kind {
        Kind::DayMonth
        | Kind::MonthDay
        | Kind::WeekdayPart
        | Kind::Yesterday
        | Kind::Today
        | Kind::AgoDays => Day,
        Kind::AgoWeeks | Kind::LastWeek | Kind::ThisWeek | Kind::RecentWeeks => Week,
        Kind::PartMonth | Kind::SincePartMonth => PartOfMonth,
        Kind::AgoMonths | Kind::LastMonth | Kind::ThisMonth | Kind::InMonth => Month,
        Kind::LastYear => Year,
        _ => Unknown,
    };
    let Some(p) = published else {
        return Some(mention(unresolved(text, precision), true));
    };
    let r = match kind {
        Kind::DayMonth | Kind::MonthDay => {
            let (m, d) = if kind == Kind::DayMonth {
                (month(g[1])?, g[0].parse().ok()?)
            } else {
                (month(g[0])?, g[1].parse().ok()?)
            };
            let date = latest_on_or_before(p, m, d)?;
            range(text, date, date, Day)
        }
        Kind::PartMonth | Kind::SincePartMonth => {
            let part = g[0].to_lowercase();
            let m = month(g[1])?;
            let y = match g.get(2).filter(|y| !y.is_empty()) {
                Some(y) => y.parse().ok()?,
                None => year_of_latest(p, m),
            };
            let (ms, me) = month_bounds(y, m)?;
            let (s, e) =
                if part == "early" || part.starts_with("beginning") || part.starts_with("start") {
                    (ms, ms + Duration::days(9))
                } else if part.starts_with("mid") {
                    (ms + Duration::days(10), ms + Duration::days(19))
                } else {
                    (ms + Duration::days(20), me)
                };
            if kind == Kind::SincePartMonth && p >= s {
                range(text, s, p, PartOfMonth)
            } else {
                range(text, s, e, PartOfMonth)
            }
        }
        Kind::InMonth => {
            let m = month(g[0])?;
            let (s, e) = month_bounds(year_of_latest(p, m), m)?;
            let e = if text.to_lowercase().starts_with("since") {
                p
            } else {
                e
            };
            range(text, s, e.min(p), Month)
        }
        Kind::WeekdayPart => {
            // "On Sunday" in a story dated Sunday is that day; otherwise the
            // most recent such day before publication.
            let d = last_on_or_before(p, weekday(g[0])?);
            range(text, d, d, Day)
        }
        Kind::Yesterday => {
            let d = p - Duration::days(1);
            if text.to_lowercase().contains("overnight") || text.to_lowercase().contains("night") {
                range(text, d, p, Day)
            } else {
                range(text, d, d, Day)
            }
        }
        Kind::Today => range(text, p, p, Day),
        // The text chooses the offset ("99999999999 days ago"): checked
        // arithmetic, so one past the calendar is no date, not a panic.
        Kind::AgoDays => {
            let d = days_before(p, number(g[0])?)?;
            if approximate(text) {
                range(text, days_before(d, 1)?, days_before(d, -1)?, Day)
            } else {
                range(text, d, d, Day)
            }
        }
        Kind::AgoWeeks => {
            let c = days_before(p, number(g[0])?.checked_mul(7)?)?;
            range(text, days_before(c, 3)?, days_before(c, -3)?.min(p), Week)
        }
        Kind::AgoMonths => {
            let c = days_before(p, number(g[0])?.checked_mul(30)?)?;
            range(
                text,
                days_before(c, 15)?,
                days_before(c, -15)?.min(p),
                Month,
            )
        }
        // News tells the weekend just gone, or the one under way on a
        // Saturday or Sunday: from its Saturday to its Sunday, or to the
        // day of publication if that comes first.
        Kind::Weekend => {
            let saturday = last_on_or_before(p, Weekday::Sat);
            range(text, saturday, (saturday + Duration::days(1)).min(p), Week)
        }
        Kind::LastWeek => {
            let monday = p - Duration::days(p.weekday().num_days_from_monday() as i64);
            range(
                text,
                monday - Duration::days(7),
                monday - Duration::days(1),
                Week,
            )
        }
        Kind::ThisWeek => {
            let monday = p - Duration::days(p.weekday().num_days_from_monday() as i64);
            range(text, monday, p, Week)
        }
        Kind::LastMonth => {
            let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
            let prev_end = first - Duration::days(1);
            let (s, e) = month_bounds(prev_end.year(), prev_end.month())?;
            range(text, s, e, Month)
        }
        Kind::ThisMonth => {
            let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
            range(text, first, p, Month)
        }
        Kind::LastYear => {
            let y = p.year() - 1;
            range(
                text,
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
                Year,
            )
        }
        Kind::RecentWeeks => range(text, p - Duration::days(28), p, Week),
        _ => return None,
    };
    Some(mention(r, true))
}

fn approximate(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "roughly",
        "more than",
        "over",
        "less than",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

fn number(word: &str) -> Option<i64> {
    let w = word.trim().to_lowercase();
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    Some(match w.as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" | "a few" | "few" | "several" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    })
}

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| w.starts_with(n))
        .map(|i| i as u32 + 1)
}

/// The last `day` on or before `p`.
fn last_on_or_before(p: NaiveDate, day: Weekday) -> NaiveDate {
    let back = (p.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    p - Duration::days(back as i64)
}

fn weekday(word: &str) -> Option<Weekday> {
    word.to_lowercase().parse().ok()
}

fn month_bounds(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let s = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((s, next - Duration::days(1)))
}

/// The year in which `month` most recently began on or before `p`.
fn year_of_latest(p: NaiveDate, month: u32) -> i32 {
    if month <= p.month() {
        p.year()
    } else {
        p.year() - 1
    }
}

fn latest_on_or_before(p: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(p.year(), month, day)?;
    if this <= p {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(p.year() - 1, month, day)
    }
}

/// The day a document was published, from its ISO date or date-time
/// (`Document::published`: "2024-03-10" or "2024-03-10T08:15:00Z").
pub fn published_day(published: Option<&str>) -> Option<NaiveDate> {
    published.and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
}

/// The range a coder assumes for a past event the text does not date: the
/// week before publication (news reports recent events).
pub fn default_recent(published: NaiveDate) -> DateRange {
    range(
        "",
        published - Duration::days(7),
        published,
        DatePrecision::Week,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Skipping the patterns that cannot match finds what running them
        /// all finds, in ASCII text and in text where Unicode case folding
        /// matches other forms ("ſeptember", a Kelvin sign in "weeK"), and
        /// where `\d` matches digits beyond ASCII ("٢٠٢٤", "١٢").
        #[test]
        fn skipping_patterns_changes_nothing(words in proptest::collection::vec(
            prop::sample::select(vec![
                "On", "on", "12", "3rd", "2024", "2024-02-03", "of", "March", "SEPT.", "sept",
                "may", "Monday", "sunday", "morning", "night", "last", "this", "Earlier", "today",
                "Tonight", "yesterday", "overnight", "about", "two", "days", "weeks", "week",
                "month", "months", "year", "ago", "since", "mid", "early", "late", "end", "in",
                "during", "recent", "past", "few", "the", ",", "-", "ſeptember", "weeK", "ſince",
                "Ｍay", "killed", "five", "٢٠٢٤", "١٢", "٢٠٢٤-٠٢-٠٣", "São", "’", "—", "Ⅻ",
            ]),
            0..12,
        )) {
            let sentence = words.join(" ");
            prop_assert_eq!(
                find_in(&sentence, pubdate(), true),
                find_in(&sentence, pubdate(), false)
            );
        }
    }

    fn pubdate() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 2, 11) // a Sunday
    }

    fn one(text: &str) -> DateRange {
        let found = find(text, pubdate());
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found[0].range.clone()
    }

    fn check(text: &str, start: &str, end: &str, precision: DatePrecision) {
        let r = one(text);
        assert_eq!(r.start.as_deref(), Some(start), "{text}");
        assert_eq!(r.end.as_deref(), Some(end), "{text}");
        assert_eq!(r.precision, precision, "{text}");
    }

    /// Found by tests/properties.rs: "since 2024" in a story dated before
    /// 2024 gave the range 2024-01-01..(publication date), end before start.
    /// The expression's own bounds stand when the anchor precedes them.
    #[test]
    fn since_a_time_after_publication_keeps_its_own_bounds() {
        let early = NaiveDate::from_ymd_opt(1970, 1, 1);
        let r = &find("fighting since 2024", early)[0].range;
        assert_eq!(r.start.as_deref(), Some("2024-01-01"));
        assert_eq!(r.end.as_deref(), Some("2024-12-31"));
    }

    /// A count of days, weeks or months too large for the calendar is no
    /// date (it panicked on overflow).
    #[test]
    fn absurd_offsets_are_not_dates_and_do_not_panic() {
        for text in [
            "it began 99999999999 days ago",
            "it began 999999999999999999999 days ago",
            "it began 9999999999999999 weeks ago",
            "it began 99999999999999 months ago",
        ] {
            assert!(find(text, pubdate()).is_empty(), "{text}");
        }
    }

    #[test]
    fn seed_expressions() {
        use DatePrecision::*;
        check(
            "On Sunday, the Iraqi government continued its talks",
            "2024-02-11",
            "2024-02-11",
            Day,
        );
        check(
            "On Saturday, the Iraqi parliament held a formal session",
            "2024-02-10",
            "2024-02-10",
            Day,
        );
        check(
            "an attack in Jordan on the Syrian border in late January that killed 3",
            "2024-01-21",
            "2024-01-31",
            PartOfMonth,
        );
        check(
            "In response to the attack, about a week ago, Washington launched strikes",
            "2024-02-01",
            "2024-02-07",
            Week,
        );
        check(
            "by Prime Minister Muhammad Shia al-Sudani on January 5.",
            "2024-01-05",
            "2024-01-05",
            Day,
        );
        check(
            "bombers participated in strikes on Syria and Iraq last week",
            "2024-01-29",
            "2024-02-04",
            Week,
        );
        // Published on a Sunday: the weekend under way.
        check(
            "Over the weekend, gunmen killed nine villagers",
            "2024-02-10",
            "2024-02-11",
            Week,
        );
    }

    #[test]
    fn absolute_and_other_relative_forms() {
        use DatePrecision::*;
        check(
            "On 21 March 2020, gunmen attacked a checkpoint",
            "2020-03-21",
            "2020-03-21",
            Day,
        );
        check(
            "on March 21, 2020 gunmen attacked",
            "2020-03-21",
            "2020-03-21",
            Day,
        );
        check(
            "fighting since mid-October",
            "2023-10-11",
            "2024-02-11",
            PartOfMonth,
        );
        check(
            "the town was shelled yesterday",
            "2024-02-10",
            "2024-02-10",
            Day,
        );
        check(
            "has targeted the group in recent weeks",
            "2024-01-14",
            "2024-02-11",
            Week,
        );
        check(
            "clashes erupted three days ago",
            "2024-02-08",
            "2024-02-08",
            Day,
        );
        check("protests in December", "2023-12-01", "2023-12-31", Month);
    }

    #[test]
    fn unresolved_without_publication_date() {
        let found = find("On Sunday, talks resumed", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.text, "On Sunday");
        assert_eq!(found[0].range.start, None);
        // Absolute dates still resolve.
        let found = find("On 21 March 2020, talks resumed", None);
        assert_eq!(found[0].range.start.as_deref(), Some("2020-03-21"));
    }

    #[test]
    fn ordinary_words_are_not_dates() {
        assert!(find("The strike may have been a mistake", pubdate()).is_empty());
        assert!(find("They will march on the capital", pubdate()).is_empty());
    }
}
