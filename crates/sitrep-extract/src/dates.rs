//! Dates as pages write them: ISO timestamps in metadata, `/2019/11/19/` in
//! URLs, "November 19, 2019" in bylines.

use chrono::NaiveDate;

/// The date at the start of an ISO-8601 value (`2019-11-19T10:00:00Z`,
/// `2019-11-19`), also accepting `/` separators.
pub(crate) fn parse_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(head, "%Y/%m/%d"))
        .ok()
        .filter(plausible)
}

/// A `/YYYY/MM/DD/` or `/YYYY-MM-DD` date in a URL path.
pub(crate) fn from_url(url: &str) -> Option<NaiveDate> {
    let b = url.as_bytes();
    let digits = |i: usize, n: usize| {
        b.get(i..i + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    for i in 0..b.len() {
        if b[i] != b'/' || !digits(i + 1, 4) {
            continue;
        }
        let y = i + 1;
        let sep = b.get(y + 4).copied();
        if !matches!(sep, Some(b'/') | Some(b'-') | Some(b'_')) || !digits(y + 5, 2) {
            continue;
        }
        let sep2 = b.get(y + 7).copied();
        if sep2 == sep && digits(y + 8, 2) {
            let s = std::str::from_utf8(&b[y..y + 10]).ok()?;
            let norm: String = s
                .chars()
                .map(|c| if c.is_ascii_digit() { c } else { '-' })
                .collect();
            if let Some(d) = NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
                .ok()
                .filter(plausible)
            {
                return Some(d);
            }
        }
    }
    None
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// "November 19, 2019", "19 November 2019", "Nov. 19, 2019" in a short text
/// such as a byline. Hand-written: chrono parses one fixed format at a time.
pub(crate) fn from_prose(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let month = |w: &str| {
        let l = w.to_lowercase();
        MONTHS
            .iter()
            .position(|m| l.len() >= 3 && l.starts_with(m) && m.starts_with(&l[..3]))
            .map(|i| i as u32 + 1)
    };
    let num = |w: &str| {
        w.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<u32>()
            .ok()
    };
    for i in 0..words.len() {
        let Some(m) = month(words[i]) else { continue };
        // Month Day Year
        if let (Some(d), Some(y)) = (
            words.get(i + 1).and_then(|w| num(w)),
            words.get(i + 2).and_then(|w| num(w)),
        ) {
            if let Some(date) = ymd(y, m, d) {
                return Some(date);
            }
        }
        // Day Month Year
        if i > 0 {
            if let (Some(d), Some(y)) = (num(words[i - 1]), words.get(i + 1).and_then(|w| num(w))) {
                if let Some(date) = ymd(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A line that is a date and little else ("Thursday, January 12, 2006",
/// "Published 19 Nov 2019, 10:00"): the dateline a page saved as text keeps
/// under its headline. A line with more words is a headline or a sentence
/// that names a date, which is not when the story was published.
pub(crate) fn dateline(s: &str) -> Option<NaiveDate> {
    let date = from_prose(s)?;
    let dateish = |w: &str| {
        let l = w.to_lowercase();
        w.chars().any(|c| c.is_ascii_digit())
            || MONTHS.iter().chain(&WEEKDAYS).any(|m| l.starts_with(m))
    };
    let other = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '|' | '-' | '–' | '—'))
        .filter(|w| !w.is_empty() && !dateish(w))
        .count();
    (other <= 2).then_some(date)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y as i32, m, d).filter(plausible)
}

fn plausible(d: &NaiveDate) -> bool {
    use chrono::Datelike;
    (1990..=2100).contains(&d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = NaiveDate::from_ymd_opt(2019, 11, 19);
        assert_eq!(parse_iso("2019-11-19T10:00:00Z"), d);
        assert_eq!(from_url("https://x.com/news/2019/11/19/story.html"), d);
        assert_eq!(from_url("https://x.com/2019-11-19/story"), d);
        assert_eq!(from_url("https://x.com/story-11574168580"), None);
        assert_eq!(from_prose("By Jane Doe | November 19, 2019"), d);
        assert_eq!(from_prose("Published 19 Nov 2019, 10:00"), d);
        assert_eq!(from_prose("Updated: Nov. 19, 2019 4:51 p.m."), d);
        assert_eq!(dateline("Tuesday, November 19, 2019"), d);
        assert_eq!(dateline("Published 19 Nov 2019, 10:00 GMT"), d);
        assert_eq!(dateline("Le 19 novembre 2019"), d);
        // A headline that names a date is not a dateline.
        assert_eq!(
            dateline("Talks resume on November 19, 2019 in Geneva after months"),
            None
        );
    }
}
