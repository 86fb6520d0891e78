//! The text of an argument phrase, and the strings to look it up by.

use sitrep_core::Document;

use crate::lexicon::LEXICON;
use crate::sentence::SentView;

/// The words around `[from, to)` that can belong to one noun phrase
/// (nouns, names, adjectives, determiners, numbers; "and" only before it:
/// "Israeli helicopters and tanks"), or `None` when they are the phrase's
/// own. Across "and" only what the conjuncts share comes along: the
/// modifiers before the earlier conjunct's first noun or name of two words
/// ("Israeli" of "Israeli helicopters and tanks", "US" of "US diplomats and
/// military officials"); that conjunct's nouns are another participant
/// ("Libyan National Army forces and militias": the militias are no army).
pub(super) fn noun_run_words(v: &SentView, text: &str, from: usize, to: usize) -> Option<String> {
    let (f, t) = noun_run(v, from, to);
    if (f, t) == (from, to) {
        return None;
    }
    let slice = |a: usize, b: usize| {
        if a >= b {
            return "";
        }
        let (s, e) = v.byte_span(a, b);
        text.get(s..e).unwrap_or("")
    };
    let Some(and) = (f..from).find(|&j| v.lower[j] == "and") else {
        return Some(slice(f, t).to_string());
    };
    // "Paris and the two leaders": a conjunct with its own determiner
    // shares no modifier.
    let shared_end = if and + 1 < v.len() && v.upos(and + 1) == "DET" {
        f
    } else {
        (f..and)
            .find(|&j| {
                let name = |k: usize| v.upos(k) == "PROPN" || v.toks[k].xpos.starts_with("NNP");
                v.upos(j) == "NOUN" || (name(j) && j + 1 < and && name(j + 1))
            })
            .unwrap_or(and)
    };
    if (shared_end, t) == (f, to) {
        return None;
    }
    Some(
        format!("{} {}", slice(f, shared_end), slice(from, t))
            .trim()
            .to_string(),
    )
}

fn noun_run(v: &SentView, from: usize, to: usize) -> (usize, usize) {
    if !v.tagged {
        return (from, to);
    }
    // A trigger word ("wounded" tagged an adjective) ends the phrase.
    let np = |j: usize| {
        (matches!(v.upos(j), "NOUN" | "PROPN" | "ADJ" | "DET" | "NUM")
            || matches!(v.lower[j].as_str(), "and" | "-"))
            && LEXICON.at(&v.lower, j).is_empty()
    };
    let mut f = from;
    while f > 0 && np(f - 1) {
        f -= 1;
    }
    // An adjective after a noun heads a phrase of its own ("militias loyal
    // to the government").
    let postposed = |j: usize| v.upos(j) == "ADJ" && matches!(v.upos(j - 1), "NOUN" | "PROPN");
    let mut t = to;
    while t < v.len() && np(t) && v.lower[t] != "and" && !postposed(t) {
        t += 1;
    }
    (f, t)
}

/// The owner a possessive opens the phrase `[from, to)` with ("the Zionist
/// enemy" of "the Zionist enemy's drones"), and where the owned words start.
pub(super) fn possessive_owner(
    v: &SentView,
    text: &str,
    from: usize,
    to: usize,
) -> Option<(String, usize)> {
    let p = (from + 1..to).find(|&i| matches!(v.lower[i].as_str(), "'s" | "’s"))?;
    let (s, e) = v.byte_span(from, p);
    Some((clean_phrase(text.get(s..e)?), p + 1))
}

pub(super) fn clean_phrase(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '“' | '”' | '"' | ',' | '.' | ':' | ';' | '(' | ')' | '\'' | '‘' | '’'
            )
    })
    .replace(['“', '”', '"'], "")
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

pub(super) fn strip_article(s: &str) -> &str {
    for a in ["the ", "The "] {
        if let Some(r) = s.strip_prefix(a) {
            return r;
        }
    }
    s
}

/// Strings to try resolving for one argument, most specific first: the
/// phrase, the phrase without its article, runs of capitalised words in the
/// whole subtree (names inside "targets loyal to the Iranian Revolutionary
/// Guards").
pub(super) fn phrase_candidates(
    doc: &Document,
    v: &SentView,
    from: usize,
    to: usize,
    sub_from: usize,
    sub_to: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let (s, e) = v.byte_span(from, to);
    let phrase = clean_phrase(&doc.text[s..e]);
    // "Iranian-backed Houthi fighters" are Houthis: the backer named in a
    // compound modifier is not the actor. (A leader is: "the Saudi-led
    // coalition" is Saudi Arabia's, as ACLED codes it.)
    let sponsor = |w: &str| {
        let l = w.to_lowercase();
        [
            "-backed",
            "-linked",
            "-supported",
            "-allied",
            "-aligned",
            "-affiliated",
            "-sponsored",
            "-funded",
            "-armed",
        ]
        .iter()
        .any(|s| l.ends_with(s))
    };
    let sponsored = phrase.split_whitespace().any(sponsor);
    // Tokens naming a sponsor ("Iranian" in "Iranian - backed"): never a
    // candidate on their own.
    let backer = |i: usize| {
        v.lower.get(i + 1).is_some_and(|w| w == "-")
            && v.lower.get(i + 2).is_some_and(|w| {
                [
                    "backed",
                    "led",
                    "linked",
                    "supported",
                    "allied",
                    "aligned",
                    "affiliated",
                    "sponsored",
                    "funded",
                    "armed",
                ]
                .contains(&w.as_str())
            })
    };
    // "The Zionist enemy's warplanes", "the junta's jets", "the enemy's
    // drones": whoever owns the hardware or the weapons acts through them,
    // and is named before their own words are read with the story's
    // country.
    if let Some((owner, owned)) = possessive_owner(v, &doc.text, from, to) {
        let (hs, he) = v.byte_span(owned, to);
        if crate::roles::names_hardware(&doc.text[hs..he].to_lowercase())
            || (owned..to).any(|i| crate::instruments::is_means(&v.lower[i]))
        {
            let bare = strip_article(&owner).to_string();
            if bare != owner {
                out.push(bare);
            }
            out.push(owner);
        }
    }
    if sponsored {
        let without: Vec<&str> = phrase.split_whitespace().filter(|w| !sponsor(w)).collect();
        if !without.is_empty() {
            out.push(without.join(" "));
        }
    }
    out.push(phrase.clone());
    let stripped = strip_article(&phrase).to_string();
    if stripped != phrase {
        out.push(stripped.clone());
    }
    // "3 US soldiers", "dozens of civilians": the count is not the name.
    let words: Vec<&str> = stripped.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| {
            w.chars().all(|c| c.is_ascii_digit() || c == ',')
                || matches!(
                    w.to_lowercase().as_str(),
                    "dozens"
                        | "hundreds"
                        | "several"
                        | "some"
                        | "one"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                        | "of"
                        | "at"
                        | "least"
                        | "many"
                )
        })
        .count();
    if skip > 0 && skip < words.len() {
        out.push(words[skip..].join(" "));
    }
    // Capitalised runs and entity mentions inside the subtree.
    let mut run: Vec<usize> = Vec::new();
    let lo = sub_from.min(from);
    let hi = sub_to.max(to).min(v.len());
    let flush = |run: &mut Vec<usize>, out: &mut Vec<String>| {
        if let (Some(&a), Some(&b)) = (run.first(), run.last()) {
            let (s, e) = v.byte_span(a, b + 1);
            let t = clean_phrase(&doc.text[s..e]);
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
        run.clear();
    };
    // A name written with hyphens and no spaces, from a capital to a
    // capital, is one name: "Port-au-Prince" is not a port and a prince (a
    // title, which read alone made gang members in the capital Haiti's
    // government). "Taliban-planted" ends in a participle and stays apart.
    let glued = |i: usize| i > 0 && v.toks[i].start == v.toks[i - 1].end;
    let compound = |i: usize| {
        let (mut a, mut b) = (i, i + 1);
        while a > 0 && glued(a) {
            a -= 1;
        }
        while b < v.len() && glued(b) {
            b += 1;
        }
        let hyphenated = (a..b).any(|k| v.toks[k].text == "-");
        (hyphenated && v.capitalised(a) && v.capitalised(b - 1)).then_some((a, b))
    };
    let hyphen_joined = |i: usize| compound(i).is_some_and(|(a, _)| a < i);
    for i in lo..hi {
        let starts_upper = v.capitalised(i);
        let connector = (matches!(
            v.lower[i].as_str(),
            "al" | "al-" | "of" | "ahl" | "bin" | "abu" | "el"
        ) || hyphen_joined(i))
            && !run.is_empty();
        if (starts_upper || connector || (v.toks[i].ner != "O" && !v.toks[i].ner.is_empty()))
            && !backer(i)
        {
            run.push(i);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    // Single capitalised words: a demonym or country inside a longer
    // description ("Senior Hungarian and Romanian officials").
    for i in lo..hi {
        let t = clean_phrase(&v.toks[i].text);
        let in_hyphenated = compound(i).is_some();
        if t.chars().next().is_some_and(char::is_uppercase)
            && !backer(i)
            && !in_hyphenated
            && t.len() > 2
            && !out.contains(&t)
            && !matches!(
                t.as_str(),
                "The" | "A" | "An" | "President" | "Minister" | "Senior" | "Prime" | "General"
            )
        {
            out.push(t);
        }
    }
    // Whole subtree last ("US soldiers", "the Iraqi government" are in the
    // phrase already; this catches longer descriptions).
    let (s, e) = v.byte_span(lo, hi);
    let whole = clean_phrase(&doc.text[s..e]);
    if !out.contains(&whole) && whole.split_whitespace().count() <= 8 {
        out.push(whole);
    }
    if sponsored {
        out.retain(|c| {
            !c.split_whitespace().any(sponsor) && !c.contains("- backed") && !c.contains("-backed")
        });
    }
    out
}
