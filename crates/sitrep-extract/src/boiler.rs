//! Phrases that mark a line or block as page furniture rather than story.
//! Shared by the HTML and the plain-text readers so both remove the same things.

/// What kind of furniture a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Furniture {
    /// "See also  <other headline>", "Read more: …", "Related: …".
    Related,
    /// The comment form or section: "Leave a Reply", "Your email address …".
    Comments,
    /// Share bars, ads, newsletter and cookie prompts, copyright lines.
    Other,
}

const RELATED_PREFIXES: &[&str] = &[
    "see also",
    "read also",
    "also read",
    "read more",
    "related:",
    "related articles",
    "related stories",
    "related coverage",
    "related content",
    "related news",
    "related posts",
    "more on this",
    "more from",
    "recommended:",
    "recommended for you",
    "you may also like",
    "you might also like",
    "you may be interested",
    "don't miss",
    "most read",
    "most popular",
    "trending now",
    "top stories",
    "latest news",
    "more stories",
    "further reading",
];

const COMMENT_PHRASES: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "required fields are marked",
    "post a comment",
    "cancel reply",
    "must be logged in to post a comment",
    "comments are closed",
    "join the conversation",
    "add a comment",
    "show comments",
    "view comments",
    "comment policy",
];

const OTHER_PREFIXES: &[&str] = &[
    "advertisement",
    "sponsored",
    "share this",
    "share on",
    "share:",
    "share article",
    "click here to",
    "sign up for",
    "sign up to",
    "subscribe to",
    "subscribe now",
    "follow us",
    "all rights reserved",
    "copyright ©",
    "© copyright",
    "we use cookies",
    "this website uses cookies",
    "this site uses cookies",
    "accept cookies",
    "skip to content",
    "skip to main content",
    "back to top",
    "print this",
    "email this",
    "get the latest",
    "download our app",
    "newsletter",
    "have a tip",
    "follow him on",
    "follow her on",
    "follow them on",
    "contact the author",
];

/// The label an ad slot carries, as a line of its own, in the languages of
/// the pages we read: "Advertisement", "Anzeige", "Publicidade", "Реклама",
/// "広告", "광고", "Iklan". Whole lines only (punctuation around aside): the
/// words occur in stories.
const AD_LABELS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "advertising",
    "anzeige",
    "werbung",
    "publicidade",
    "publicidad",
    "pubblicità",
    "publicité",
    "реклама",
    "广告",
    "廣告",
    "広告",
    "광고",
    "iklan",
    "reklam",
    "reklama",
    "advertentie",
    "annonse",
    "إعلان",
];

/// Author-contact tails anywhere in a short line: "… may be reached at …".
const CONTACT_PHRASES: &[&str] = &[
    "may be reached at",
    "can be reached at",
    "is reachable at",
    "follow him on twitter",
    "follow her on twitter",
];

/// Classifies a short line of text; long lines are never furniture (a story
/// paragraph may well start with "Read more about…").
pub(crate) fn classify(line: &str) -> Option<Furniture> {
    let words = line.split_whitespace().count();
    if words == 0 || words > 40 {
        return None;
    }
    let lower = line.trim().to_lowercase();
    let label = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if AD_LABELS.contains(&label) || is_position(&lower) {
        return Some(Furniture::Other);
    }
    if COMMENT_PHRASES.iter().any(|p| lower.contains(p)) && words <= 25 {
        return Some(Furniture::Comments);
    }
    if RELATED_PREFIXES.iter().any(|p| starts_word(&lower, p)) {
        return Some(Furniture::Related);
    }
    if words <= 30 && CONTACT_PHRASES.iter().any(|p| lower.contains(p)) {
        return Some(Furniture::Other);
    }
    let copyright = (lower.contains('©') || lower.contains("(c) 20")) && words <= 30;
    if copyright || (words <= 12 && OTHER_PREFIXES.iter().any(|p| starts_word(&lower, p))) {
        return Some(Furniture::Other);
    }
    None
}

/// A gallery or pager position: "1 of 6", "3 / 12", "2 из 10", "1 de 6".
/// Two numbers, at most one short word between them, nothing else.
fn is_position(line: &str) -> bool {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    match words.as_slice() {
        [a, b] => number(a) && number(b) && line.contains('/'),
        [a, of, b] => number(a) && number(b) && of.chars().count() <= 3 && !number(of),
        _ => false,
    }
}

/// `s` starts with `prefix` followed by a non-letter (so "see also" does not
/// match "see alsop").
fn starts_word(s: &str, prefix: &str) -> bool {
    match s.strip_prefix(prefix) {
        Some(rest) => !rest.chars().next().is_some_and(char::is_alphanumeric),
        None => false,
    }
}

/// A photo caption ending in a credit in parentheses: "… last week (US Air
/// Force website)", "… on Friday (AFP).". The credit is short and starts with
/// a capital; the line before it is one sentence without quotes.
pub(crate) fn is_credit_caption(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.').trim_end();
    let Some(inner_end) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner_end.rfind('(') else {
        return false;
    };
    let credit = &inner_end[open + 1..];
    let before = inner_end[..open].trim();
    let credit_words = credit.split_whitespace().count();
    let before_words = before.split_whitespace().count();
    let capital = credit.chars().next().is_some_and(char::is_uppercase);
    let quoted = before.contains(['"', '“', '”', '«', '»']);
    let several_sentences = before.contains(". ");
    capital
        && (1..=6).contains(&credit_words)
        && (2..=35).contains(&before_words)
        && !quoted
        && !several_sentences
}

/// "Photo: …", "Image credit: …", "(Photo by …)".
pub(crate) fn is_labelled_caption(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let words = lower.split_whitespace().count();
    words <= 40
        && [
            "photo:",
            "image:",
            "picture:",
            "photograph:",
            "image credit",
            "photo credit",
            "(photo",
            "credit:",
            "file photo",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_with_credits() {
        assert!(is_credit_caption(
            "B-1 (Lancer) bombers participated in strikes on Syria and Iraq last week (US Air Force website)"
        ));
        assert!(is_credit_caption(
            "Iraqi Foreign Minister Fuad Hussein (Archives – Government Media)"
        ));
        assert!(is_credit_caption("A picture of Abu Bakr al-Saadi was carried by a member of the Hezbollah militia during the funeral on Friday (AFP)."));
        assert!(!is_credit_caption(
            "Parliament, through its (acting) Speaker Mohsen Al-Mandalavi, passed it"
        ));
        assert!(!is_credit_caption(
            "He said the army (IDF) had withdrawn. Then it came back (Reuters)."
        ));
    }

    #[test]
    fn furniture() {
        assert_eq!(
            classify("See also  Gold climbs above $2000...but falls again!"),
            Some(Furniture::Related)
        );
        assert_eq!(classify("Leave a Reply"), Some(Furniture::Comments));
        assert_eq!(
            classify("Your email address will not be published. Required fields are marked *"),
            Some(Furniture::Comments)
        );
        assert_eq!(classify("Advertisement"), Some(Furniture::Other));
        assert_eq!(classify("- Advert -"), Some(Furniture::Other));
        assert_eq!(classify("Реклама"), Some(Furniture::Other));
        assert_eq!(classify("광고"), Some(Furniture::Other));
        assert_eq!(classify("Ad campaigns drew protests."), None);
        assert_eq!(classify("1 of 6"), Some(Furniture::Other));
        assert_eq!(classify("3 / 12"), Some(Furniture::Other));
        assert_eq!(classify("2 из 10"), Some(Furniture::Other));
        assert_eq!(classify("Seeing also the damage, residents fled."), None);
    }
}
