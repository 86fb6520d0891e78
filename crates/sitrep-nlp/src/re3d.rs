//! re3d (Syria/Iraq conflict documents with expert entity annotations) as
//! IOB2 sentences for the entity tagger.
//!
//! re3d marks generic mentions too ("the Army", "U.S. service members",
//! "the northern part of the country"); UNER marks names only. So each
//! Person/Organisation/Location span is trimmed to its capitalised core
//! (leading and trailing lowercase words dropped) and skipped when no name
//! is left, which keeps the two training sets telling the same story.
//! For the same reason pronouns are dropped and people lose their titles
//! ("Foreign Secretary [Philip Hammond]").

use std::path::{Path, PathBuf};

use crate::conllu::{GoldSentence, GoldWord};
use crate::tokenize;
use crate::NlpError;

/// The re3d folders whose licences allow redistribution (see its README).
pub const FOLDERS: [&str; 5] = [
    "australian-department-of-foreign-affairs",
    "centcom",
    "uk-government",
    "us-state-department",
    "wikipedia",
];

/// Words re3d sometimes marks as people or groups that are no names.
const PRONOUNS: &[&str] = &[
    "he", "she", "i", "we", "they", "it", "you", "his", "her", "their", "him", "them", "its", "our",
];

/// Every `held_out_every`-th document (by id order, per folder) is kept out
/// of training to measure the domain gain.
pub const HELD_OUT_EVERY: usize = 5;

pub struct Re3d {
    pub train: Vec<GoldSentence>,
    pub held_out: Vec<GoldSentence>,
    /// Raw texts of all documents (for the speed comparison with spaCy).
    pub texts: Vec<String>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> NlpError + '_ {
    move |source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read_json_lines(path: &Path) -> Result<Vec<serde_json::Value>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| NlpError::BadInput {
                path: path.to_path_buf(),
                line: n + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

fn label_of(kind: &str) -> Option<&'static str> {
    match kind {
        "Person" => Some("PER"),
        "Organisation" => Some("ORG"),
        "Location" => Some("LOC"),
        _ => None,
    }
}

/// Reads all re3d folders under `dir`.
pub fn read(dir: &Path) -> Result<Re3d, NlpError> {
    let mut out = Re3d {
        train: Vec::new(),
        held_out: Vec::new(),
        texts: Vec::new(),
    };
    for folder in FOLDERS {
        let base: PathBuf = dir.join(folder);
        let docs = read_json_lines(&base.join("documents.json"))?;
        let ents = read_json_lines(&base.join("entities.json"))?;
        let mut docs: Vec<(String, String)> = docs
            .iter()
            .filter_map(|d| {
                Some((
                    d["_id"].as_str()?.to_string(),
                    d["text"].as_str()?.to_string(),
                ))
            })
            .collect();
        docs.sort();
        for (k, (id, text)) in docs.into_iter().enumerate() {
            let spans: Vec<(usize, usize, &'static str)> = ents
                .iter()
                .filter(|e| e["documentId"].as_str() == Some(id.as_str()))
                .filter_map(|e| {
                    let label = label_of(e["type"].as_str()?)?;
                    Some((
                        e["begin"].as_u64()? as usize,
                        e["end"].as_u64()? as usize,
                        label,
                    ))
                })
                .collect();
            let sentences = label_document(&text, &spans);
            if k % HELD_OUT_EVERY == 0 {
                out.held_out.extend(sentences);
            } else {
                out.train.extend(sentences);
            }
            out.texts.push(text);
        }
    }
    Ok(out)
}

/// Tokenizes a document and turns its entity spans (character offsets) into
/// IOB2 tags on the tokens.
fn label_document(text: &str, spans: &[(usize, usize, &'static str)]) -> Vec<GoldSentence> {
    // Character offsets → byte offsets.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    byte_at.push(text.len());
    let to_byte = |c: usize| byte_at.get(c).copied().unwrap_or(text.len());
    let (tokens, sentences) = tokenize::tokenize(text);
    let mut tags: Vec<&str> = vec!["O"; tokens.len()];
    let mut kinds: Vec<&str> = vec![""; tokens.len()];
    let mut spans: Vec<(usize, usize, &str)> = spans
        .iter()
        .map(|&(b, e, l)| (to_byte(b), to_byte(e), l))
        .collect();
    // Longer spans first, so a name inside a longer name does not split it.
    spans.sort_by_key(|&(b, e, _)| (std::cmp::Reverse(e - b), b));
    for (b, e, label) in spans {
        let inside: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].start >= b && tokens[i].end <= e)
            .collect();
        let capital = |i: &usize| {
            let w = &text[tokens[*i].start..tokens[*i].end];
            w.chars().next().is_some_and(|c| c.is_uppercase()) && !matches!(w, "The" | "A" | "An")
        };
        let Some(from) = inside.iter().position(capital) else {
            continue;
        };
        let Some(to) = inside.iter().rposition(capital) else {
            continue;
        };
        let mut core = &inside[from..=to];
        let lower = |i: usize| text[tokens[i].start..tokens[i].end].to_lowercase();
        // A capitalised pronoun at the start of a sentence is no name.
        if core.len() == 1 && PRONOUNS.contains(&lower(core[0]).as_str()) {
            continue;
        }
        // re3d's people include their offices ("Iraqi Foreign Minister",
        // "Foreign Secretary Philip Hammond"); UNER's do not: keep what
        // follows the last title, if it is a name.
        if label == "PER" {
            if let Some(t) = core
                .iter()
                .rposition(|&i| crate::ner::TITLE_WORDS.contains(&lower(i).as_str()))
            {
                core = &core[t + 1..];
                if !core.first().is_some_and(capital) {
                    continue;
                }
            }
        }
        if core.iter().any(|&i| tags[i] != "O") {
            continue;
        }
        for (j, &i) in core.iter().enumerate() {
            tags[i] = if j == 0 { "B" } else { "I" };
            kinds[i] = label;
        }
    }
    sentences
        .iter()
        .enumerate()
        .map(|(k, s)| GoldSentence {
            text: Some(text[tokens[s.first].start..tokens[s.last].end].replace('\n', " ")),
            // Documents stay apart for what reads them whole (the entity
            // tagger's register chooser, `sitrep eval ner`).
            newdoc: k == 0,
            words: (s.first..=s.last)
                .map(|i| GoldWord {
                    form: text[tokens[i].start..tokens[i].end].to_string(),
                    ner: if tags[i] == "O" {
                        "O".into()
                    } else {
                        format!("{}-{}", tags[i], kinds[i])
                    },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect()
}

/// Writes sentences as an IOB2 file (index, form, tag), the format of UNER.
pub fn to_iob2(sentences: &[GoldSentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        if s.newdoc {
            out.push_str("# newdoc\n");
        }
        if let Some(t) = &s.text {
            out.push_str(&format!("# text = {t}\n"));
        }
        for (i, w) in s.words.iter().enumerate() {
            out.push_str(&format!(
                "{}\t{}\t{}\n",
                i + 1,
                w.form.replace(['\t', '\n'], " "),
                w.ner
            ));
        }
        out.push('\n');
    }
    out
}
