//! Publication stamps in any language: "sexta-feira, 22 de outubro de 2010
//! às 20:13", "Last Updated : Nov 20, 2019 01:41 PM IST | Source: …",
//! "2019年11月20日 13:05". Month names differ by language; a year and a
//! clock time in a short line that is not a sentence do not.

/// Most words a stamp line has.
const MAX_WORDS: usize = 12;

/// Whether `line` is a date-and-time stamp rather than story: short, with a
/// plausible year and an `hh:mm` clock time, not ending as a sentence does.
pub(crate) fn is_stamp(line: &str) -> bool {
    let t = line.trim();
    if t.split_whitespace().count() > MAX_WORDS {
        return false;
    }
    let sentence_end = t.ends_with(['.', '!', '?', '。', '！', '？', '"', '”', '»']);
    !sentence_end && has_year(t) && has_clock(t)
}

/// Byte ranges of the ASCII digit runs in `s`, in order.
fn digit_runs(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Two runs joined by exactly one byte `sep`: "20:13", "2019.5".
fn joined(s: &str, a: (usize, usize), b: (usize, usize), sep: &[u8]) -> bool {
    b.0 == a.1 + 1 && sep.contains(&s.as_bytes()[a.1])
}

/// A four-digit run from 1990 to 2039 standing alone: not a price
/// ("$2019") nor the tail or head of a decimal or grouped number
/// ("2019.5", "12,2019"); a short day and month before it ("20.11.2019")
/// are a date's.
fn has_year(s: &str) -> bool {
    let runs = digit_runs(s);
    let b = s.as_bytes();
    runs.iter().enumerate().any(|(k, &(start, end))| {
        let value = s[start..end].parse::<u32>().unwrap_or(0);
        let price = start > 0 && matches!(b[start - 1], b'$');
        let head_of_number = runs
            .get(k + 1)
            .is_some_and(|&next| joined(s, (start, end), next, b".,"));
        let tail_of_number = k > 0
            && joined(s, runs[k - 1], (start, end), b".,")
            && runs[k - 1].1 - runs[k - 1].0 > 2;
        end - start == 4
            && (1990..=2039).contains(&value)
            && !price
            && !head_of_number
            && !tail_of_number
    })
}

/// `h:mm` or `hh:mm` with hours up to 23 and minutes up to 59.
fn has_clock(s: &str) -> bool {
    let runs = digit_runs(s);
    runs.windows(2).any(|w| {
        let (h, m) = (&s[w[0].0..w[0].1], &s[w[1].0..w[1].1]);
        joined(s, w[0], w[1], b":")
            && (1..=2).contains(&h.len())
            && m.len() == 2
            && h.parse::<u32>().is_ok_and(|h| h <= 23)
            && m.parse::<u32>().is_ok_and(|m| m <= 59)
    })
}

#[cfg(test)]
mod tests {
    use super::is_stamp;

    #[test]
    fn stamps_in_several_languages() {
        assert!(is_stamp("sexta-feira, 22 de outubro de 2010 às 20:13"));
        assert!(is_stamp(
            "Last Updated : Nov 20, 2019 01:41 PM IST | Source: Moneycontrol.com"
        ));
        assert!(is_stamp("2019年11月20日 13:05"));
        assert!(is_stamp("20.11.2019, 13:05"));
        assert!(is_stamp("Опубликовано 20 ноября 2019 в 13:05"));
    }

    #[test]
    fn sentences_and_scores_are_not_stamps() {
        assert!(!is_stamp("At 10:30 on 5 May 2019 troops entered the town."));
        assert!(!is_stamp("The final ended 2:1 after extra time"));
        assert!(!is_stamp("Revenue rose to 2019.5 million at 10:30"));
        assert!(!is_stamp("Tickets cost $2019 from 10:30"));
        assert!(!is_stamp(
            "Troops entered the town at 10:30 on Sunday, 5 May 2019, after a long night of shelling by artillery"
        ));
    }
}
