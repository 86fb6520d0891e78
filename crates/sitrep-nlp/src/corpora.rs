//! Training text beside UD English EWT: the GUM treebank's openly licensed
//! documents (tags, trees, and its entity layer read as PER/ORG/LOC) and
//! Wikigold (hand-tagged Wikipedia entities).

use std::path::Path;

use crate::conllu::{self, GoldSentence, GoldWord};
use crate::NlpError;

fn io(path: &Path) -> impl Fn(std::io::Error) -> NlpError + '_ {
    move |source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The sentences of GUM's documents of one official split (`train`, `dev`,
/// `test`) present under `dir` (only the openly licensed genres are), in
/// the split file's order, with their entity layer as IOB2 `ner` tags.
pub fn read_gum(dir: &Path, split: &str) -> Result<Vec<GoldSentence>, NlpError> {
    let list = dir.join(format!("files.{split}"));
    let names = std::fs::read_to_string(&list).map_err(io(&list))?;
    let mut out = Vec::new();
    for name in names.lines().map(str::trim).filter(|n| !n.is_empty()) {
        let path = dir.join("docs").join(format!("{name}.conllu"));
        if !path.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        let mut sents = conllu::parse(&text, &path)?;
        let entities = gum_entities(&text);
        if entities.len() != sents.len() {
            return Err(NlpError::BadInput {
                path,
                line: 0,
                reason: format!(
                    "{} sentences but {} read for entities",
                    sents.len(),
                    entities.len()
                ),
            });
        }
        for (s, tags) in sents.iter_mut().zip(entities) {
            if tags.len() == s.words.len() {
                for (w, t) in s.words.iter_mut().zip(tags) {
                    w.ner = t;
                }
            }
        }
        out.extend(sents);
    }
    Ok(out)
}

/// One mention of GUM's entity layer within a sentence (word indices).
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    kind: String,
}

/// Words that join proper nouns into one name ("Bank of America").
const JOINERS: &[&str] = &["of", "and", "&", "de", "del", "la", "the", "-", "for", "on"];

/// Words that open a name without being part of it in Universal NER.
const TITLES: &[&str] = &[
    "professor",
    "prof.",
    "sir",
    "dame",
    "lord",
    "lady",
    "saint",
    "st.",
];

/// GUM's entity layer as IOB2 tags per sentence, Universal NER style: the
/// proper nouns of person, place and organization mentions become PER, LOC
/// and ORG. A run of proper nouns (joined by "of", "and" …) takes the type
/// of the smallest mention holding all of it, so "University of Chicago"
/// is one ORG although "Chicago" is a place mention inside it. Titles are
/// left out, as Universal NER does.
pub fn gum_entities(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // Per word of the current sentence: form, UPOS, MISC.
    let mut words: Vec<(String, String, String)> = Vec::new();
    let flush = |words: &mut Vec<(String, String, String)>, out: &mut Vec<Vec<String>>| {
        if !words.is_empty() {
            out.push(sentence_tags(words));
            words.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut words, &mut out);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains(['.', '-']) {
            continue;
        }
        words.push((
            cols[1].to_string(),
            cols[3].to_string(),
            cols[9].to_string(),
        ));
    }
    flush(&mut words, &mut out);
    out
}

fn sentence_tags(words: &[(String, String, String)]) -> Vec<String> {
    // Mentions from the brackets of `Entity=`: `(3-place-…` opens 3, `3)` closes it.
    let mut open: Vec<(String, usize, String)> = Vec::new();
    let mut mentions: Vec<Mention> = Vec::new();
    for (i, (_, _, misc)) in words.iter().enumerate() {
        let Some(e) = misc.split('|').find_map(|m| m.strip_prefix("Entity=")) else {
            continue;
        };
        let b = e.as_bytes();
        let mut k = 0;
        while k < b.len() {
            if b[k] == b'(' {
                let end = e[k + 1..].find(['(', ')']).map_or(e.len(), |j| k + 1 + j);
                let spec = &e[k + 1..end];
                let mut fields = spec.split('-');
                let id = fields.next().unwrap_or("").to_string();
                let kind = fields.next().unwrap_or("").to_string();
                if end < e.len() && b[end] == b')' {
                    mentions.push(Mention {
                        start: i,
                        end: i,
                        kind,
                    });
                    k = end + 1;
                } else {
                    open.push((id, i, kind));
                    k = end;
                }
            } else if b[k].is_ascii_digit() {
                let end = e[k..].find(')').map_or(e.len(), |j| k + j);
                let id = &e[k..end];
                if let Some(pos) = open.iter().rposition(|(o, _, _)| o == id) {
                    let (_, start, kind) = open.remove(pos);
                    mentions.push(Mention {
                        start,
                        end: i,
                        kind,
                    });
                }
                k = end + 1;
            } else {
                k += 1;
            }
        }
    }
    // Mentions left open run to the end of the sentence.
    for (_, start, kind) in open {
        mentions.push(Mention {
            start,
            end: words.len().saturating_sub(1),
            kind,
        });
    }
    let propn = |i: usize| words[i].1 == "PROPN";
    let lower = |i: usize| words[i].0.to_lowercase();
    let mut tags = vec!["O".to_string(); words.len()];
    let mut i = 0;
    while i < words.len() {
        if !propn(i)
            || TITLES.contains(&lower(i).as_str())
            || crate::ner::TITLE_WORDS.contains(&lower(i).as_str())
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() {
            if propn(j + 1) {
                j += 1;
            } else if j + 2 < words.len()
                && JOINERS.contains(&lower(j + 1).as_str())
                && propn(j + 2)
            {
                j += 2;
            } else {
                break;
            }
        }
        tag_run(&mentions, i, j, &mut tags);
        i = j + 1;
    }
    tags
}

/// Tags words `i..=j` with the type of the smallest mention holding them
/// all; when none does, each part inside one mention is tagged alone.
fn tag_run(mentions: &[Mention], i: usize, j: usize, tags: &mut [String]) {
    let holding = mentions
        .iter()
        .filter(|m| m.start <= i && m.end >= j)
        .min_by_key(|m| m.end - m.start);
    if let Some(m) = holding {
        let ty = match m.kind.as_str() {
            "person" => "PER",
            "place" => "LOC",
            "organization" => "ORG",
            _ => return,
        };
        for (k, t) in tags.iter_mut().enumerate().take(j + 1).skip(i) {
            *t = format!("{}-{ty}", if k == i { "B" } else { "I" });
        }
        return;
    }
    if i == j {
        return;
    }
    // Split where the innermost mention changes ("Sydney Australia").
    let inner = |k: usize| {
        mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.start <= k && m.end >= k)
            .min_by_key(|(_, m)| m.end - m.start)
            .map(|(n, _)| n)
    };
    let mut a = i;
    for k in i + 1..=j + 1 {
        if k > j || inner(k) != inner(a) {
            // A piece inside one mention is held by it: no endless recursion.
            if inner(a).is_some() {
                tag_run(mentions, a, k - 1, tags);
            }
            a = k;
        }
    }
}

/// Wikigold's sentences (`token TAG` lines, IOB1), as IOB2 with MISC dropped.
pub fn read_wikigold(path: &Path) -> Result<Vec<GoldSentence>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    let mut prev = String::from("O");
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = "O".into();
            continue;
        }
        let Some((form, tag)) = line.rsplit_once(' ') else {
            continue;
        };
        let ty = tag.split_once('-').map_or("", |(_, t)| t);
        let ner = match ty {
            "PER" | "ORG" | "LOC" => {
                let inside = tag.starts_with("I-") && prev == ty;
                format!("{}-{ty}", if inside { "I" } else { "B" })
            }
            _ => "O".to_string(),
        };
        prev = ty.to_string();
        cur.words.push(GoldWord {
            form: form.to_string(),
            upos: "_".into(),
            xpos: "_".into(),
            head: 0,
            deprel: "_".into(),
            ner,
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: usize, form: &str, upos: &str, misc: &str) -> String {
        format!("{id}\t{form}\t_\t{upos}\t_\t_\t0\tdep\t_\t{misc}\n")
    }

    #[test]
    fn gum_mentions_become_universal_ner_spans() {
        let mut s = String::new();
        s += &row(
            1,
            "Professor",
            "PROPN",
            "Entity=(1-person-new-x-x-3-coref-Jane_Roe",
        );
        s += &row(2, "Jane", "PROPN", "_");
        s += &row(3, "Roe", "PROPN", "Entity=1)");
        s += &row(4, "of", "ADP", "_");
        s += &row(5, "the", "DET", "Entity=(2-organization-new-x-x-3-coref");
        s += &row(6, "University", "PROPN", "_");
        s += &row(7, "of", "ADP", "_");
        s += &row(
            8,
            "Chicago",
            "PROPN",
            "Entity=(3-place-new-x-x-1-coref-Chicago)2)",
        );
        s += &row(9, "visited", "VERB", "_");
        s += &row(10, "the", "DET", "Entity=(4-event-new-x-x-2-coref");
        s += &row(11, "Olympics", "PROPN", "Entity=4)");
        let tags = gum_entities(&s);
        assert_eq!(
            tags[0],
            ["O", "B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O"]
        );
    }

    #[test]
    fn wikigold_iob1_becomes_iob2_without_misc() {
        let dir = std::env::temp_dir().join(format!("sitrep-wikigold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("w.txt");
        std::fs::write(
            &p,
            "-DOCSTART- O\n\nThe I-ORG\nMad I-ORG\nCapsule I-ORG\nplayed O\nin O\nOsaka I-LOC\nJapanese I-MISC\n\n",
        )
        .unwrap();
        let s = read_wikigold(&p).unwrap();
        let tags: Vec<&str> = s[0].words.iter().map(|w| w.ner.as_str()).collect();
        assert_eq!(tags, ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-LOC", "O"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
