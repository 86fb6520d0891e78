//! Reading gold CoNLL-U and IOB2 files, writing CoNLL-U.

use std::path::Path;

use crate::NlpError;

/// One syntactic word of a gold sentence; absent columns are `_` / `O`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldWord {
    pub form: String,
    pub upos: String,
    pub xpos: String,
    pub head: usize,
    pub deprel: String,
    pub ner: String,
}

/// A multiword token (`1-2 don't`) over words `first..=last` (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Multiword {
    pub first: usize,
    pub last: usize,
    pub form: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldSentence {
    /// The `# text =` line.
    pub text: Option<String>,
    pub newdoc: bool,
    pub newpar: bool,
    pub words: Vec<GoldWord>,
    pub multiwords: Vec<Multiword>,
}

fn bad(path: &Path, line: usize, reason: impl Into<String>) -> NlpError {
    NlpError::BadInput {
        path: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

pub fn read_file(path: &Path) -> Result<Vec<GoldSentence>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Parses CoNLL-U (10 columns) or IOB2 (index, form, tag[, …]) text; the
/// format is told apart per line by its column count. `path` names the input
/// in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<GoldSentence>, NlpError> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(bad(path, n + 1, "expected tab-separated columns"));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse(), b.parse()) else {
                return Err(bad(path, n + 1, format!("bad token range {id:?}")));
            };
            cur.multiwords.push(Multiword {
                first,
                last,
                form: cols[1].to_string(),
            });
            continue;
        }
        if id.parse::<usize>().is_err() {
            return Err(bad(path, n + 1, format!("bad token id {id:?}")));
        }
        let mut w = GoldWord {
            form: cols[1].to_string(),
            upos: "_".into(),
            xpos: "_".into(),
            deprel: "_".into(),
            ner: "O".into(),
            head: 0,
        };
        if cols.len() >= 8 {
            w.upos = cols[3].to_string();
            w.xpos = cols[4].to_string();
            w.head = cols[6]
                .parse()
                .map_err(|_| bad(path, n + 1, format!("bad head {:?}", cols[6])))?;
            w.deprel = cols[7].to_string();
            if let Some(tag) = cols
                .get(9)
                .and_then(|m| m.split('|').find_map(|x| x.strip_prefix("NER=")))
            {
                w.ner = tag.to_string();
            }
        } else if cols.len() >= 3 {
            w.ner = normalise_ner(cols[2]).to_string();
        }
        cur.words.push(w);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Maps the preliminary UNER file's `B-OTH`, `I-OTH` and stray `B-O` to `O`,
/// as its README says.
pub fn normalise_ner(tag: &str) -> &str {
    match tag {
        "B-PER" | "I-PER" | "B-ORG" | "I-ORG" | "B-LOC" | "I-LOC" => tag,
        _ => "O",
    }
}

/// Writes one sentence as CoNLL-U; `space_after[i]` false adds `SpaceAfter=No`.
pub fn write_sentence(
    out: &mut String,
    sent_id: &str,
    text: &str,
    tokens: &[sitrep_core::Token],
    space_after: &[bool],
) {
    use std::fmt::Write;
    let _ = writeln!(out, "# sent_id = {sent_id}");
    let _ = writeln!(out, "# text = {}", text.replace('\n', " "));
    for (i, t) in tokens.iter().enumerate() {
        let mut misc = format!("NER={}", if t.ner.is_empty() { "O" } else { &t.ner });
        if !space_after.get(i).copied().unwrap_or(true) {
            misc.push_str("|SpaceAfter=No");
        }
        let form = t.text.replace(['\t', '\n'], " ");
        let _ = writeln!(
            out,
            "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t{}",
            i + 1,
            form,
            or_blank(&t.upos),
            or_blank(&t.xpos),
            t.head,
            or_blank(&t.deprel),
            misc
        );
    }
    out.push('\n');
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}
