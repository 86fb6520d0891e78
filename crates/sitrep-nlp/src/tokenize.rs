//! Tokenizer and sentence splitter for news English, following the UD English
//! EWT conventions the models are trained on: clitics split (`do|n't`,
//! `Bush|'s`), hyphens between words split except after common prefixes
//! (`e-mail`, `pre-war`) and Arabic name articles (`al-Saadi`, kept whole so
//! names stay one token), abbreviations and initials keep their period.
//!
//! Written by hand: no maintained crate implements UD-style English
//! tokenization with byte offsets (`unicode-segmentation` splits words but
//! knows nothing of clitics, abbreviations or sentence ends). Every step is a
//! single left-to-right pass, so any input (10,000 words without punctuation,
//! other scripts) costs linear time.

/// A token's byte span in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A sentence as a range of token indexes into the token list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub first: usize,
    pub last: usize,
}

/// Titles and other abbreviations that keep their final period. Lowercase,
/// without the period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "drs", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt",
    "adm", "cmdr", "cdr", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "st", "jr", "sr",
    "inc", "ltd", "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "vs", "etc", "approx", "dept", "est", "fig", "ave", "blvd", "mt", "ft", "vol", "pp",
    "ed", "eds", "cf", "al", "gens", "sgts", "msgt", "ssgt", "spc", "pfc",
];

/// Abbreviations that are titles: a sentence never ends after them.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm",
    "cmdr", "cdr", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "st", "gens", "vs", "msgt",
    "ssgt", "spc", "pfc",
];

/// Words before a hyphen that UD EWT keeps attached (`e-mail`, `pre-war`).
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "re", "anti", "pro", "multi", "ex", "mid", "semi", "sub",
    "un", "mis", "over", "vice", "socio", "psycho", "inter", "intra", "counter",
];

/// Common first words of English sentences: after an abbreviation such as
/// "U.S." a sentence is taken to end only when one of these follows.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "however",
    "meanwhile",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "for",
    "some",
    "many",
    "one",
    "two",
    "three",
    "no",
    "on",
    "what",
    "who",
    "why",
    "how",
    "officials",
];

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '\''
            | '`'
            | '('
            | '['
            | '{'
            | '<'
            | '«'
            | '„'
            | '$'
            | '£'
            | '€'
            | '#'
            | '*'
            | '¿'
            | '¡'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '}'
            | '>'
            | '»'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
            | '*'
            | '،'
            | '؛'
            | '؟'
            | '。'
    )
}

/// Characters that always stand as tokens of their own inside a word.
fn is_splitting(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | ';'
            | '!'
            | '?'
            | '—'
            | '–'
            | '…'
            | '«'
            | '»'
            | '،'
            | '؛'
            | '؟'
    )
}

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P", ":p", "^^", "^_^", "<3",
];

/// Whether a chunk is a web address or an e-mail address. The prefixes
/// are compared case-blind in place: a lower-cased copy of each chunk's
/// opening was most of the test's cost (every chunk of every sentence).
fn is_url(chunk: &str) -> bool {
    let b = chunk.as_bytes();
    let opens = |p: &[u8]| b.get(..p.len()).is_some_and(|o| o.eq_ignore_ascii_case(p));
    opens(b"http://")
        || opens(b"https://")
        || opens(b"www.")
        || (chunk.contains('@') && chunk.contains('.') && !chunk.starts_with('@'))
}

fn in_list(list: &[&str], word: &str) -> bool {
    word.len() <= 8 && list.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Whether `core` (a word without its final period) keeps the period:
/// listed abbreviations, initials (`J`), dotted acronyms (`U.S`, `a.m`).
fn keeps_period(core: &str) -> bool {
    if core.is_empty() {
        return false;
    }
    if in_list(ABBREVIATIONS, core) {
        return true;
    }
    let mut chars = core.chars();
    let first = chars.next();
    if core.chars().count() == 1 {
        return first.is_some_and(|c| c.is_alphabetic());
    }
    // Dotted acronym: letters separated by single dots.
    core.contains('.')
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

/// The longest sentence, in tokens, that [`tokenize`] returns; a longer run
/// is cut (see [`tokenize_capped`]).
///
/// Why 200: the models never saw anything near it (UD English EWT's longest
/// training sentence is 159 tokens, the news, CASE 2021 and ACLED texts
/// sitrep is measured on stay under 110), so a 200-token stretch without a
/// full stop is a list, a table or a page of navigation, not prose. The
/// event rules compare each trigger with its whole sentence, and an event's
/// evidence is its sentence, so an uncut 10,000-token "sentence" made a run
/// quadratic in time and output (10^4 tokens: 4.9 s, 72 MB of JSON; see
/// `bench/linear-time.sh`). With the cut every stage after the splitter is
/// linear in the length of the page. spaCy guards the same way at a coarser
/// grain (`nlp.max_length`, a limit on the document).
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Tokenizes `text`; returns token spans and sentences over them, no
/// sentence longer than [`MAX_SENTENCE_TOKENS`].
pub fn tokenize(text: &str) -> (Vec<Span>, Vec<SentenceSpan>) {
    tokenize_capped(text, MAX_SENTENCE_TOKENS)
}

/// Like [`tokenize`], with sentences of at most `max_tokens` tokens (0 is
/// taken as 1). A sentence the splitter found longer is cut into pieces:
/// each at the last line break in the second half of its window, else the
/// last `;`, else the last `,` `:` or dash there, else after `max_tokens`
/// tokens. Sentences within the limit are exactly as the splitter made them.
pub fn tokenize_capped(text: &str, max_tokens: usize) -> (Vec<Span>, Vec<SentenceSpan>) {
    let mut tokens = Vec::new();
    // Token index before which a paragraph break (blank line) occurs.
    let mut breaks = Vec::new();
    let mut newlines = 0usize;
    let mut chunk_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, &mut tokens);
                newlines = 0;
            }
            if c == '\n' {
                newlines += 1;
                if newlines == 2 {
                    breaks.push(tokens.len());
                }
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), &mut tokens);
    }
    let sentences = split_sentences(text, &tokens, &breaks);
    let sentences = cap_sentences(text, &tokens, sentences, max_tokens.max(1));
    (tokens, sentences)
}

/// Cuts every sentence longer than `max` tokens (see [`tokenize_capped`]).
///
/// Each cut looks back over at most half a window and every piece but the
/// last is at least half a window long, so the pass is linear in the
/// number of tokens.
fn cap_sentences(
    text: &str,
    tokens: &[Span],
    sentences: Vec<SentenceSpan>,
    max: usize,
) -> Vec<SentenceSpan> {
    if sentences.iter().all(|s| s.last - s.first < max) {
        return sentences;
    }
    // How good a place to end a piece token `j` is: 3 a line break after
    // it, 2 a semicolon, 1 a comma, colon or dash, 0 none.
    let rank = |j: usize| -> u8 {
        let gap_end = tokens.get(j + 1).map_or(text.len(), |n| n.start);
        if text[tokens[j].end..gap_end].contains('\n') {
            return 3;
        }
        match &text[tokens[j].start..tokens[j].end] {
            ";" => 2,
            "," | ":" | "-" | "--" | "–" | "—" => 1,
            _ => 0,
        }
    };
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut first = s.first;
        while s.last - first >= max {
            let hard = first + max - 1;
            let mut cut = hard;
            let mut best = 0;
            for j in (first + max / 2..=hard).rev() {
                let r = rank(j);
                if r > best {
                    best = r;
                    cut = j;
                    if r == 3 {
                        break;
                    }
                }
            }
            out.push(SentenceSpan { first, last: cut });
            first = cut + 1;
        }
        out.push(SentenceSpan {
            first,
            last: s.last,
        });
    }
    out
}

/// Splits one whitespace-free chunk into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let chunk = &text[start..end];
    if EMOTICONS.contains(&chunk) {
        out.push(Span { start, end });
        return;
    }
    if is_url(chunk) {
        let trimmed = chunk.trim_end_matches(|c: char| ".,;:!?)\"'”’".contains(c));
        let cut = start + trimmed.len();
        out.push(Span { start, end: cut });
        push_each_char(text, cut, end, out);
        return;
    }
    // Leading openers, one token each.
    let mut s = start;
    while s < end {
        let c = text[s..end].chars().next().unwrap_or(' ');
        if is_opener(c) && s + c.len_utf8() < end {
            let run = text[s..end].len() - text[s..end].trim_start_matches(c).len();
            // A word made only of the run ("***") stays whole.
            let stop = if s + run == end { end } else { s + run };
            out.push(Span {
                start: s,
                end: stop,
            });
            s = stop;
        } else {
            break;
        }
    }
    // Trailing closers, collected from the right.
    let mut tail: Vec<Span> = Vec::new();
    let mut e = end;
    while e > s {
        let word = &text[s..e];
        if word.ends_with("...") && word.len() > 3 {
            let from = e - word.len() + word.trim_end_matches('.').len();
            tail.push(Span {
                start: from,
                end: e,
            });
            e = from;
            continue;
        }
        let Some(c) = word.chars().next_back() else {
            break;
        };
        let cl = c.len_utf8();
        if e - cl == s {
            break;
        }
        if c == '.' && word.ends_with("..") {
            let from = e - (word.len() - word.trim_end_matches('.').len());
            tail.push(Span {
                start: from,
                end: e,
            });
            e = from;
            continue;
        }
        if c == '.' {
            let core = &text[s..e - 1];
            if !keeps_period(core) {
                tail.push(Span {
                    start: e - 1,
                    end: e,
                });
                e -= 1;
                continue;
            }
            break;
        }
        if c == '!' || c == '?' {
            // A run like "?!" or "!!!" is one token.
            let run = word.trim_end_matches(['!', '?']);
            let from = s + run.len();
            if from == s {
                break;
            }
            tail.push(Span {
                start: from,
                end: e,
            });
            e = from;
            continue;
        }
        if c == '\'' || c == '’' {
            // "soldiers'" → soldiers + '; but keep "'s" clitics for below.
            let before = &text[s..e - cl];
            if before.ends_with(['s', 'S', '.', '!', '?']) || before.ends_with(is_closer) {
                tail.push(Span {
                    start: e - cl,
                    end: e,
                });
                e -= cl;
                continue;
            }
            break;
        }
        if is_closer(c) {
            let run = word.len() - word.trim_end_matches(c).len();
            if e - run == s {
                break;
            }
            tail.push(Span {
                start: e - run,
                end: e,
            });
            e -= run;
            continue;
        }
        break;
    }
    if s < e {
        if is_url(&text[s..e]) {
            out.push(Span { start: s, end: e });
        } else {
            split_core(text, s, e, out);
        }
    }
    out.extend(tail.into_iter().rev());
}

fn push_each_char(text: &str, from: usize, to: usize, out: &mut Vec<Span>) {
    for (i, c) in text[from..to].char_indices() {
        out.push(Span {
            start: from + i,
            end: from + i + c.len_utf8(),
        });
    }
}

/// Splits the inside of a word at internal punctuation and hyphens, then
/// splits clitics off each piece.
fn split_core(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let word = &text[start..end];
    let bytes = word.as_bytes();
    let hyphens = bytes.iter().filter(|&&b| b == b'-').count();
    let mut piece = start;
    let mut iter = word.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let at = start + i;
        let next = iter.peek().map(|&(_, n)| n);
        let prev = word[..i].chars().next_back();
        let split_here = if is_splitting(c) || (c == '.' && word[i..].starts_with("...")) {
            true
        } else if c == '/' {
            // "and/or" splits; dates ("03/15/01") and "w/" do not.
            prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic)
        } else if c == ',' {
            !(prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()))
        } else if c == '-' {
            if next == Some('-') || prev == Some('-') {
                true
            } else {
                hyphen_splits(
                    &text[piece..at],
                    prev,
                    next,
                    word[i + 1..].bytes().take_while(u8::is_ascii_digit).count(),
                    hyphens,
                )
            }
        } else {
            false
        };
        if !split_here {
            continue;
        }
        if piece < at {
            split_clitics(text, piece, at, out);
        }
        // Runs of the same character ("--", "...") form one token.
        let mut stop = at + c.len_utf8();
        if c == '-' || c == '.' {
            while let Some(&(j, n)) = iter.peek() {
                if n != c {
                    break;
                }
                stop = start + j + n.len_utf8();
                iter.next();
            }
        }
        out.push(Span {
            start: at,
            end: stop,
        });
        piece = stop;
    }
    if piece < end {
        split_clitics(text, piece, end, out);
    }
}

/// Whether a single hyphen inside a word separates two tokens (EWT splits
/// `Iraq-US`, keeps `e-mail` and phone numbers).
fn hyphen_splits(
    left: &str,
    prev: Option<char>,
    next: Option<char>,
    next_digits: usize,
    hyphens: usize,
) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    if p.is_ascii_digit() && n.is_ascii_digit() {
        // Ranges ("2003-2004", "10-20") split; phone numbers ("853-3242") and codes do not.
        let right_digits = next_digits;
        return hyphens == 1 && left.len() <= 4 && !(right_digits == 4 && left.len() != 4);
    }
    if !(p.is_alphanumeric() && n.is_alphanumeric())
        || (hyphens >= 2 && left.bytes().any(|b| b.is_ascii_digit()))
    {
        // Dates and codes such as "01-Feb-02" stay whole.
        return false;
    }
    !in_list(HYPHEN_PREFIXES, left)
}

const CLITICS: &[&str] = &[
    "'s", "'m", "'d", "'ll", "'re", "'ve", "’s", "’m", "’d", "’ll", "’re", "’ve",
];

/// Splits English clitics the way UD EWT does: `don't` → `do` `n't`,
/// `Bush's` → `Bush` `'s`, `cannot` → `can` `not`, `gonna` → `gon` `na`.
fn split_clitics(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let word = &text[start..end];
    let lower_ends = |suffix: &str| {
        word.len() > suffix.len()
            && word.is_char_boundary(word.len() - suffix.len())
            && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let mut cut = None;
    for suffix in ["n't", "n’t"] {
        if lower_ends(suffix) {
            cut = Some(word.len() - suffix.len());
        }
    }
    // "80's", "78's" are plurals, not clitics.
    let stem_end = word.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    let digit_stem = word[..stem_end].ends_with(|c: char| c.is_ascii_digit());
    if cut.is_none() && !digit_stem {
        for suffix in CLITICS {
            if lower_ends(suffix) {
                cut = Some(word.len() - suffix.len());
                break;
            }
        }
    }
    if cut.is_none() {
        let lower = word.to_ascii_lowercase();
        cut = match lower.as_str() {
            "cannot" => Some(3),
            "gonna" | "wanna" => Some(3),
            "gotta" => Some(3),
            "dont" | "didnt" | "doesnt" | "isnt" | "wasnt" | "cant" | "wont" | "couldnt"
            | "wouldnt" | "shouldnt" | "arent" | "havent" | "hasnt" | "werent" => {
                Some(word.len() - 2)
            }
            _ => None,
        };
    }
    match cut {
        Some(c) if c > 0 && word.is_char_boundary(c) => {
            out.push(Span {
                start,
                end: start + c,
            });
            out.push(Span {
                start: start + c,
                end,
            });
        }
        _ => out.push(Span { start, end }),
    }
}

fn first_char(text: &str, span: Span) -> char {
    text[span.start..span.end].chars().next().unwrap_or(' ')
}

/// Groups tokens into sentences: after `.`, `!`, `?`, `…` when the next word
/// looks like a sentence start, and always at a blank line.
fn split_sentences(text: &str, tokens: &[Span], breaks: &[usize]) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let mut first = 0;
    let mut next_break = breaks.iter().copied().peekable();
    let mut i = 0;
    while i < tokens.len() {
        // A blank line before token i ends the current sentence.
        while next_break.peek().is_some_and(|&b| b <= i) {
            let b = next_break.next().unwrap_or(0);
            if b == i && first < i {
                out.push(SentenceSpan { first, last: i - 1 });
                first = i;
            }
        }
        let tok = &text[tokens[i].start..tokens[i].end];
        let mut end_here = false;
        let mut last = i;
        let terminal = matches!(tok, "." | "…" | "...")
            || tok.starts_with(['!', '?'])
            || tok == "。"
            || tok == "؟";
        let abbreviation = !terminal && tok.len() > 1 && tok.ends_with('.');
        if terminal || abbreviation {
            // Closing quotes and brackets stuck to the terminal belong to this sentence.
            while last + 1 < tokens.len() {
                let n = tokens[last + 1];
                let c = first_char(text, n);
                let attached = n.start == tokens[last].end;
                if matches!(c, '”' | '’' | ')' | ']' | '»') || (attached && matches!(c, '"' | '\''))
                {
                    last += 1;
                } else {
                    break;
                }
            }
            if let Some(n) = tokens.get(last + 1) {
                let next_word = &text[n.start..n.end];
                let c = first_char(text, *n);
                let starts = c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, '"' | '“' | '‘' | '(' | '[' | '\'')
                    || !c.is_alphabetic() && !c.is_ascii_punctuation();
                let punct_next = c.is_ascii_punctuation()
                    && !matches!(c, '"' | '\'' | '(' | '[' | '*' | '#' | '$');
                if terminal {
                    end_here = n.start > tokens[last].end && (starts || !punct_next);
                } else {
                    let core = &tok[..tok.len() - 1];
                    let title = in_list(TITLES, core) || core.chars().count() == 1;
                    end_here = !title && c.is_uppercase() && in_list(SENTENCE_STARTERS, next_word);
                }
            } else {
                end_here = true;
            }
        }
        if end_here {
            out.push(SentenceSpan { first, last });
            first = last + 1;
            i = last + 1;
        } else {
            i += 1;
        }
    }
    if first < tokens.len() {
        out.push(SentenceSpan {
            first,
            last: tokens.len() - 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The in-place prefix test answers as lower-casing the chunk's first
    /// eight bytes (or all of it, when shorter or cut inside a character).
    #[test]
    fn url_prefixes_as_lower_cased() {
        let copied = |chunk: &str| {
            let lower = chunk.get(..8).unwrap_or(chunk).to_ascii_lowercase();
            lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("www.")
                || (chunk.contains('@') && chunk.contains('.') && !chunk.starts_with('@'))
        };
        for chunk in [
            "http://x",
            "HTTPS://a.b",
            "Www.example.com",
            "www",
            "http:/",
            "https:/é",
            "httpé://",
            "wwwé.x",
            "WWW.",
            "a@b.c",
            "@a.b",
            "",
            "h",
            "éééé",
            "http://é",
            "HtTp://",
        ] {
            assert_eq!(is_url(chunk), copied(chunk), "{chunk:?}");
        }
    }

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text)
            .0
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    fn sents(text: &str) -> Vec<String> {
        let (t, s) = tokenize(text);
        s.iter()
            .map(|s| text[t[s.first].start..t[s.last].end].to_string())
            .collect()
    }

    #[test]
    fn splits_clitics_like_ewt() {
        assert_eq!(
            toks("Iraq's PM said they don't, can't and won't."),
            [
                "Iraq", "'s", "PM", "said", "they", "do", "n't", ",", "ca", "n't", "and", "wo",
                "n't", "."
            ]
        );
        assert_eq!(
            toks("It’s the soldiers' camp"),
            ["It", "’s", "the", "soldiers", "'", "camp"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_names() {
        assert_eq!(
            toks("Maj. Gen. Yahya Rasool met U.S. envoys on Jan. 5 in al-Qaim."),
            [
                "Maj.", "Gen.", "Yahya", "Rasool", "met", "U.S.", "envoys", "on", "Jan.", "5",
                "in", "al", "-", "Qaim", "."
            ]
        );
    }

    #[test]
    fn quotes_numbers_and_ellipses() {
        assert_eq!(
            toks("against the “Kattayib Hezbollah” faction, killing 1,200…no (AFP) 10-20%"),
            [
                "against",
                "the",
                "“",
                "Kattayib",
                "Hezbollah",
                "”",
                "faction",
                ",",
                "killing",
                "1,200",
                "…",
                "no",
                "(",
                "AFP",
                ")",
                "10",
                "-",
                "20",
                "%"
            ]
        );
        assert_eq!(
            toks("See http://example.com/a-b."),
            ["See", "http://example.com/a-b", "."]
        );
        assert_eq!(
            toks("the Iraq-US committee"),
            ["the", "Iraq", "-", "US", "committee"]
        );
    }

    #[test]
    fn splits_sentences_in_news() {
        let text = "Gen. Smith arrived in the U.S. on Monday. He said “no.” Then he left!\n\nNew paragraph";
        assert_eq!(
            sents(text),
            [
                "Gen. Smith arrived in the U.S. on Monday.",
                "He said “no.”",
                "Then he left!",
                "New paragraph"
            ]
        );
    }

    #[test]
    fn offsets_point_into_text() {
        let text = "Багдад — столица Ирака. بغداد عاصمة العراق.";
        let (t, _) = tokenize(text);
        for s in &t {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(s.start < s.end);
        }
        assert_eq!(toks(text)[0], "Багдад");
    }

    #[test]
    fn never_splits_inside_a_character() {
        // Every pair of tricky characters, so each rule meets multibyte neighbours.
        let parts = [
            "a",
            "1",
            ".",
            "'",
            "’",
            "´",
            "-",
            "—",
            "…",
            "s",
            "n’t",
            "\"",
            "“",
            "/",
            ",",
            ":",
            ")",
            "(",
            "é",
            "ب",
            "Ж",
            "http://x.y",
            "U.S.",
            "!",
            "?",
            "*",
            " ",
            "\n\n",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let text = format!("{a}{b}{c}{a}");
                    let (t, s) = tokenize(&text);
                    for sp in &t {
                        assert!(
                            text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
                            "{text:?}"
                        );
                        assert!(sp.start < sp.end, "{text:?}");
                    }
                    assert!(t.windows(2).all(|w| w[0].end <= w[1].start), "{text:?}");
                    assert_eq!(
                        s.iter().map(|s| s.last + 1 - s.first).sum::<usize>(),
                        t.len(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    /// A page of `n` words with no full stop (a list or table flattened
    /// to text, or a hostile input).
    fn run_on(n: usize) -> String {
        let words = [
            "militants",
            "attacked",
            "a",
            "checkpoint",
            "near",
            "the",
            "town",
        ];
        (0..n)
            .map(|i| words[i % words.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_run_on_sentence_is_cut_at_the_limit() {
        let text = run_on(10_000);
        let (t, s) = tokenize(&text);
        assert_eq!(t.len(), 10_000);
        assert_eq!(s.len(), 10_000usize.div_ceil(MAX_SENTENCE_TOKENS));
        assert!(s
            .iter()
            .all(|s| s.last + 1 - s.first <= MAX_SENTENCE_TOKENS));
        assert_eq!(
            s.iter().map(|s| s.last + 1 - s.first).sum::<usize>(),
            t.len()
        );
        for max in [1, 2, 7, 50] {
            let (_, s) = tokenize_capped(&text[..2_000], max);
            assert!(s.iter().all(|s| s.last + 1 - s.first <= max), "{max}");
        }
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_line_break_then_a_semicolon_then_a_comma() {
        // 30 words, a comma after the 20th, a semicolon after the 22nd and a
        // line break after the 24th (32 tokens): all three lie in the second
        // half of a 30-token window, and the line break wins.
        let mut words: Vec<String> = (0..30).map(|i| format!("w{i}")).collect();
        words[19].push_str(" ,");
        words[21].push_str(" ;");
        words[23].push('\n');
        let text = words.join(" ");
        let first_len = |text: &str, max| {
            let (t, s) = tokenize_capped(text, max);
            let s0 = s[0];
            text[t[s0.first].start..t[s0.last].end].to_string()
        };
        assert!(
            first_len(&text, 30).ends_with("w23"),
            "{}",
            first_len(&text, 30)
        );
        let text = text.replace('\n', "");
        assert!(first_len(&text, 30).ends_with(';'));
        let text = text.replace(" ;", "");
        assert!(first_len(&text, 30).ends_with(','));
        // No soft break in the second half of the window: a hard cut.
        assert_eq!(first_len(&run_on(100), 30).split(' ').count(), 30);
    }

    #[test]
    fn sentences_within_the_limit_are_as_the_splitter_made_them() {
        let text = "Militants attacked a checkpoint, officials said; three died.\n\
                    Police said on Friday that the attack began at dawn.";
        let (_, capped) = tokenize_capped(text, MAX_SENTENCE_TOKENS);
        let (_, uncapped) = tokenize_capped(text, usize::MAX);
        assert_eq!(capped, uncapped);
        assert_eq!(capped.len(), 2);
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(tokenize("").0.is_empty());
        assert!(tokenize(" \n\n ").1.is_empty());
    }
}
