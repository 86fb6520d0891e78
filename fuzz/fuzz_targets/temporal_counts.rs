//! Temporal expressions and counts of the killed and injured, over one
//! sentence: spans must be valid byte ranges, date ranges start ≤ end.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sitrep_events::{counts, temporal};

fn span_ok(text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "{start}..{end} of {}",
        text.len()
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    // Two bytes choose the publication date (or none).
    let days = u16::from_le_bytes([data[0], data[1]]);
    let published = (days % 7 != 0)
        .then(|| NaiveDate::from_ymd_opt(1990, 1, 1))
        .flatten()
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days as i64)));
    let s = String::from_utf8_lossy(&data[2..]);
    for m in temporal::find(&s, published) {
        span_ok(&s, m.start, m.end);
        if let (Some(a), Some(b)) = (&m.range.start, &m.range.end) {
            assert!(a <= b, "date range {a}..{b} from {:?}", &s[m.start..m.end]);
        }
    }
    if let Some(m) = counts::fatalities(&s) {
        span_ok(&s, m.start, m.end);
    }
    if let Some(m) = counts::injured(&s) {
        span_ok(&s, m.start, m.end);
    }
    if let Some(m) = counts::aggregate(&s) {
        span_ok(&s, m.start, m.end);
    }
    let _ = counts::parse_quantity(&s);
    let _ = counts::coded_fatalities(&s);
    if let Some(i) = s.find(|c: char| c.is_ascii_digit()) {
        let j = s[i..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(s.len(), |k| i + k);
        let _ = counts::not_a_count(&s, i, j);
    }
});
