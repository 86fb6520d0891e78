//! What `nlp` produces: sentences of tagged, parsed tokens with entity tags,
//! every token anchored by byte offsets in `Document::text`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotated {
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte offsets of the sentence in the document text.
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Token>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub text: String,
    /// Byte offsets in the document text.
    pub start: usize,
    pub end: usize,
    pub upos: String,
    pub xpos: String,
    /// 1-based index of the head within the sentence; 0 is the root.
    pub head: usize,
    pub deprel: String,
    /// IOB2 entity tag: `O`, `B-PER`, `I-ORG`, …
    pub ner: String,
}

impl Token {
    /// A token the tagger, parser and entity tagger did not see: empty
    /// tags, relation and entity tag, head 0. Empty, not `_`: most tokens of
    /// a page are never analysed, and an empty string costs no allocation.
    pub fn unanalysed(text: &str, start: usize, end: usize) -> Token {
        Token {
            text: text.to_string(),
            start,
            end,
            ..Token::default()
        }
    }
}

/// A contiguous entity mention, derived from the IOB tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub label: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Index of the sentence and the token range `[tok_start, tok_end)` in it.
    pub sentence: usize,
    pub tok_start: usize,
    pub tok_end: usize,
}

impl Sentence {
    /// Entity mentions of this sentence, read off the IOB2 tags. An `I-` tag
    /// without its `B-` starts a mention, as conlleval does.
    pub fn entities(&self, sentence: usize, text: &str) -> Vec<Entity> {
        let mut out = Vec::new();
        let mut open: Option<(String, usize)> = None;
        let close = |out: &mut Vec<Entity>, label: String, from: usize, to: usize| {
            let (s, e) = (self.tokens[from].start, self.tokens[to - 1].end);
            out.push(Entity {
                label,
                text: text.get(s..e).unwrap_or_default().to_string(),
                start: s,
                end: e,
                sentence,
                tok_start: from,
                tok_end: to,
            });
        };
        for (i, t) in self.tokens.iter().enumerate() {
            let (prefix, label) = t.ner.split_once('-').unwrap_or(("O", ""));
            let continues = prefix == "I" && open.as_ref().is_some_and(|(l, _)| l == label);
            if !continues {
                if let Some((l, from)) = open.take() {
                    close(&mut out, l, from, i);
                }
                if prefix == "B" || prefix == "I" {
                    open = Some((label.to_string(), i));
                }
            }
        }
        if let Some((l, from)) = open {
            close(&mut out, l, from, self.tokens.len());
        }
        out
    }
}

impl Annotated {
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        self.sentences
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.entities(i, text))
            .collect()
    }
}
