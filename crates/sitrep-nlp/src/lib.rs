//! Sentences, tokens, POS tags, dependency parses and named entities, with
//! models trained by sitrep itself (`sitrep train pos|parse|ner`).
//!
//! The one entry point for other stages is [`Nlp`]: load it once
//! ([`Nlp::load_default`]), share it across threads, call [`Nlp::annotate`].

pub mod clusters;
pub mod conllu;
pub mod corpora;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod re3d;
pub mod tagger;
pub mod tokenize;
pub mod train;
pub mod vectors;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clusters::Clusters;
use features::Lex;
use ner::register::Register;
use ner::Ner;
use parser::{ParseInput, Parser};
use sitrep_core::{Annotated, FileBytes, Sentence, Token};
use tagger::Tagger;

/// Why a model could not be loaded or trained.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a valid sitrep model: {reason}")]
    BadModel { path: PathBuf, reason: String },
    #[error("{path}:{line}: {reason}")]
    BadInput {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// The language pipeline: tokenizer, tagger, parser and entity tagger.
///
/// Any model missing from the model folder is simply absent: its layer is
/// then filled with `_` (tags, relations, head 0) or `O` (entities) so the
/// stages after it still run on a fresh checkout. `Nlp` holds only immutable
/// tables, so it is `Send + Sync` and one instance serves every thread.
#[derive(Debug)]
pub struct Nlp {
    /// Word clusters the models read as features (empty without `clusters.bin`).
    clusters: Clusters,
    tagger: Option<Tagger>,
    parser: Option<Parser>,
    ner: Option<Ner>,
    /// The entity tagger's register forced for every document (see [`Nlp::set_register`]).
    register: Option<Register>,
    /// Longest sentence in tokens; longer runs are cut by the splitter
    /// ([`tokenize::tokenize_capped`]) so analysis stays linear in the text.
    max_sentence_tokens: usize,
}

impl Default for Nlp {
    fn default() -> Self {
        Nlp {
            clusters: Clusters::default(),
            tagger: None,
            parser: None,
            ner: None,
            register: None,
            max_sentence_tokens: tokenize::MAX_SENTENCE_TOKENS,
        }
    }
}

/// The model files inside a model folder.
pub const POS_FILE: &str = "pos.bin";
pub const PARSE_FILE: &str = "parse.bin";
pub const NER_FILE: &str = "ner.bin";

/// Reads a model file; `Ok(None)` when it does not exist.
fn read_model<T>(
    dir: &Path,
    name: &str,
    read: impl Fn(&mut &[u8], Option<&Arc<FileBytes>>) -> std::io::Result<T>,
) -> Result<Option<T>, NlpError> {
    let path = dir.join(name);
    // Read whole into huge pages (a mapped file's 4 KiB pages cost an
    // address translation miss per weight lookup, see
    // `FileBytes::read_to_huge_pages`): the weight tables are used in place
    // there, and the rest is parsed into its own tables (see
    // `sitrep_core::Table`).
    let bytes = match FileBytes::read_to_huge_pages(&path) {
        Ok(b) => Arc::new(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(NlpError::Io { path, source }),
    };
    read(&mut &bytes[..], Some(&bytes))
        .map(Some)
        .map_err(|e| NlpError::BadModel {
            path,
            reason: e.to_string(),
        })
}

/// How far [`Nlp::annotate_selected`] analyses one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Tokens only.
    Tokens,
    /// Tags only, the parse left for [`Nlp::parse_deferred`] to add if the
    /// caller finds it needs it after all.
    Tags,
    /// Tags and dependency parse, no entities.
    Syntax,
    /// Tags, parse and entities.
    Full,
}

/// One sentence as the tokenizer split it, for [`Nlp::annotate_selected`]
/// to choose from.
#[derive(Debug, Clone)]
pub struct SentenceWords<'a> {
    /// The sentence's text, from its first token to its last.
    pub text: &'a str,
    /// Its tokens' texts.
    pub words: Vec<&'a str>,
}

/// Per-sentence analysis before it is turned into `Token`s.
#[derive(Debug, Default)]
struct Analysis {
    lex: Vec<Lex>,
    tags: Vec<usize>,
    tag_hashes: Vec<u64>,
    arcs: Vec<(usize, usize)>,
    ner: Vec<usize>,
    /// The document's register, for the entity tagger.
    register: Register,
}

impl Nlp {
    /// Loads the models shipped in `data/models/`.
    pub fn load_default() -> Result<Nlp, NlpError> {
        Nlp::load(&sitrep_core::data_dir().join("models"))
    }

    /// Loads the models found in `dir`; missing files leave their layer
    /// empty, unreadable or corrupt ones are an error.
    ///
    /// `SITREP_NER_REGISTER=news|web` makes an entity model with registers
    /// tag every document in that register instead of the one its words
    /// choose (to measure each register alone; see [`ner::register`]).
    pub fn load(dir: &Path) -> Result<Nlp, NlpError> {
        Ok(Nlp {
            clusters: Clusters::load(dir)?,
            tagger: read_model(dir, POS_FILE, Tagger::read_mapped)?,
            parser: read_model(dir, PARSE_FILE, Parser::read_mapped)?,
            ner: read_model(dir, NER_FILE, Ner::read_mapped)?,
            register: std::env::var("SITREP_NER_REGISTER")
                .ok()
                .and_then(|r| Register::parse(&r)),
            ..Nlp::default()
        })
    }

    /// Tags every document in `register` (None: the register each
    /// document's words choose).
    pub fn set_register(&mut self, register: Option<Register>) {
        self.register = register;
    }

    /// Whether the entity model has registers (see [`ner::register`]).
    pub fn has_registers(&self) -> bool {
        self.ner.as_ref().is_some_and(|n| n.registers().is_some())
    }

    /// The register chooser's score of a document of these words
    /// (positive: web; see [`ner::register::Chooser::score`]), 0 without registers.
    pub fn register_score<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> f32 {
        self.ner
            .as_ref()
            .and_then(|n| n.registers())
            .map_or(0.0, |r| r.chooser.score(words))
    }

    /// The entity tagger's register for a document of these words.
    pub fn register_of<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Register {
        match (&self.ner, self.register) {
            (_, Some(r)) => r,
            (Some(n), None) => n.register_of(words),
            (None, None) => Register::News,
        }
    }

    /// Builds a pipeline from models in memory (training and tests).
    pub fn from_models(tagger: Option<Tagger>, parser: Option<Parser>, ner: Option<Ner>) -> Nlp {
        Nlp {
            tagger,
            parser,
            ner,
            ..Nlp::default()
        }
    }

    /// Sets the longest sentence, in tokens, that [`Nlp::annotate`] analyses
    /// whole (default [`tokenize::MAX_SENTENCE_TOKENS`]); a longer one is cut
    /// into pieces analysed one by one. 0 is taken as 1.
    pub fn set_max_sentence_tokens(&mut self, max: usize) {
        self.max_sentence_tokens = max.max(1);
    }

    /// The sentence length limit in force (see [`Nlp::set_max_sentence_tokens`]).
    pub fn max_sentence_tokens(&self) -> usize {
        self.max_sentence_tokens
    }

    /// Whether every loaded layer's weight tables are read in place from
    /// its mapped model file (see [`sitrep_core::Table`]): false for a
    /// model file of an older format, which is read into memory.
    pub fn tables_in_place(&self) -> bool {
        self.tagger.as_ref().is_none_or(Tagger::is_mapped)
            && self.parser.as_ref().is_none_or(Parser::is_mapped)
            && self.ner.as_ref().is_none_or(Ner::is_mapped)
    }

    /// Which layers are loaded: (tagger, parser, entity tagger).
    pub fn layers(&self) -> (bool, bool, bool) {
        (
            self.tagger.is_some(),
            self.parser.is_some(),
            self.ner.is_some(),
        )
    }

    /// Keeps only the layers asked for (benchmarks time each layer this way).
    pub fn keep_layers(mut self, tag: bool, parse: bool, ner: bool) -> Nlp {
        if !tag {
            self.tagger = None;
        }
        if !parse {
            self.parser = None;
        }
        if !ner {
            self.ner = None;
        }
        self
    }

    pub fn tagger(&self) -> Option<&Tagger> {
        self.tagger.as_ref()
    }

    /// Tokenizes, splits, tags, parses and finds entities in `text`.
    pub fn annotate(&self, text: &str) -> Annotated {
        self.annotate_selected(text, |sentences| vec![Depth::Full; sentences.len()])
    }

    /// Like [`Nlp::annotate`], but analyses each sentence only as deep as
    /// `select` asks; tokens left unanalysed keep empty tags and relation
    /// (see [`Token::unanalysed`]).
    ///
    /// Why: a news page has ~50 sentences and the event rules read a
    /// handful in depth. The parser is most of the cost, so the caller that
    /// knows what it will read decides, and the rest is only tokenized.
    pub fn annotate_selected(
        &self,
        text: &str,
        select: impl FnOnce(&[SentenceWords<'_>]) -> Vec<Depth>,
    ) -> Annotated {
        let (spans, sentences) = tokenize::tokenize_capped(text, self.max_sentence_tokens);
        let split: Vec<SentenceWords<'_>> = sentences
            .iter()
            .map(|s| {
                let spans = &spans[s.first..=s.last];
                SentenceWords {
                    text: &text[spans[0].start..spans[spans.len() - 1].end],
                    words: spans.iter().map(|sp| &text[sp.start..sp.end]).collect(),
                }
            })
            .collect();
        let wanted = select(&split);
        let mut a = Analysis {
            register: self.register_of(split.iter().flat_map(|s| s.words.iter().copied())),
            ..Analysis::default()
        };
        let mut sentences = sentences
            .iter()
            .zip(&split)
            .enumerate()
            .map(|(k, (s, sw))| {
                let spans = &spans[s.first..=s.last];
                let words = &sw.words;
                let depth = wanted.get(k).copied().unwrap_or(Depth::Tokens);
                let tokens = if depth != Depth::Tokens {
                    self.analyse(words, depth != Depth::Tags, depth == Depth::Full, &mut a);
                    spans
                        .iter()
                        .enumerate()
                        .map(|(i, sp)| self.token(&a, i, words[i], sp.start, sp.end))
                        .collect()
                } else {
                    spans
                        .iter()
                        .zip(words)
                        .map(|(sp, w)| Token::unanalysed(w, sp.start, sp.end))
                        .collect()
                };
                Sentence {
                    start: spans[0].start,
                    end: spans[spans.len() - 1].end,
                    tokens,
                }
            })
            .collect::<Vec<_>>();
        ner::document::surnames_stand_for_their_person(&mut sentences);
        Annotated { sentences }
    }

    /// A sentence [`Nlp::annotate_selected`] left at [`Depth::Tags`], with
    /// the heads and relations [`Depth::Syntax`] would have given it (its
    /// tags, entities and offsets kept: the tagger gives the same tags
    /// again, and the parse reads nothing else of the document).
    ///
    /// Why: the events stage parses a sentence it reads for nothing but
    /// its subject (what "it" or "they" may stand for further on) only
    /// when such a pronoun asks for it; most never do.
    pub fn parse_deferred(&self, s: &Sentence) -> Sentence {
        let mut out = s.clone();
        if self.parser.is_none() {
            return out;
        }
        let words: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        let mut a = Analysis::default();
        self.analyse(&words, true, false, &mut a);
        for (i, t) in out.tokens.iter_mut().enumerate() {
            let parsed = self.token(&a, i, &t.text, t.start, t.end);
            t.head = parsed.head;
            t.deprel = parsed.deprel;
        }
        out
    }

    /// Analyses one already-tokenized sentence (`--conllu` input, gold
    /// evaluation). Offsets point into the words joined by single spaces.
    pub fn annotate_words(&self, words: &[&str]) -> Vec<Token> {
        let register = self.register_of(words.iter().copied());
        self.annotate_words_in(register, words)
    }

    /// Analyses the already-tokenized sentences of one document, in the
    /// register the document's words choose.
    pub fn annotate_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Token>> {
        let register = self.register_of(sentences.iter().flat_map(|s| s.iter().copied()));
        sentences
            .iter()
            .map(|s| self.annotate_words_in(register, s))
            .collect()
    }

    fn annotate_words_in(&self, register: Register, words: &[&str]) -> Vec<Token> {
        let mut a = Analysis {
            register,
            ..Analysis::default()
        };
        self.analyse(words, true, true, &mut a);
        let mut at = 0;
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let t = self.token(&a, i, w, at, at + w.len());
                at += w.len() + 1;
                t
            })
            .collect()
    }

    fn token(&self, a: &Analysis, i: usize, word: &str, start: usize, end: usize) -> Token {
        let (upos, xpos) = match (&self.tagger, a.tags.get(i)) {
            (Some(t), Some(&c)) => (t.upos[c].clone(), t.xpos[c].clone()),
            _ => ("_".to_string(), "_".to_string()),
        };
        let (head, deprel) = match (&self.parser, a.arcs.get(i)) {
            (Some(p), Some(&(h, l))) => {
                (h, p.labels.get(l).cloned().unwrap_or_else(|| "dep".into()))
            }
            _ => (0, "_".to_string()),
        };
        let ner = a.ner.get(i).map_or("O", |&c| ner::LABELS[c]).to_string();
        Token {
            text: word.to_string(),
            start,
            end,
            upos,
            xpos,
            head,
            deprel,
            ner,
        }
    }

    fn analyse(&self, words: &[&str], parse: bool, entities: bool, a: &mut Analysis) {
        tagger::padded_lex(words, &self.clusters, &mut a.lex);
        a.tags.clear();
        a.tag_hashes.clear();
        a.arcs.clear();
        a.ner.clear();
        a.tag_hashes.extend([0u64; tagger::PAD]);
        if let Some(t) = &self.tagger {
            t.tag(&a.lex, &mut a.tags);
            a.tag_hashes.extend(a.tags.iter().map(|&c| t.hashes[c]));
        } else {
            a.tag_hashes.resize(tagger::PAD + words.len(), 0);
        }
        a.tag_hashes.extend([1u64; tagger::PAD]);
        if let Some(p) = self.parser.as_ref().filter(|_| parse) {
            // The parser wants ROOT at index 0 and no right padding.
            let mut w: Vec<u64> = Vec::with_capacity(words.len() + 1);
            w.push(0);
            w.extend(
                a.lex[tagger::PAD..tagger::PAD + words.len()]
                    .iter()
                    .map(|l| l.lower),
            );
            let t = &a.tag_hashes[tagger::PAD - 1..tagger::PAD + words.len()];
            // Index 0 (ROOT) is the left padding's, unused.
            let c: Vec<u32> = a.lex[tagger::PAD - 1..tagger::PAD + words.len()]
                .iter()
                .map(|l| l.clus)
                .collect();
            p.parse(
                &ParseInput {
                    words: &w,
                    tags: t,
                    clus: &c,
                },
                &mut a.arcs,
            );
        }
        if let Some(n) = self.ner.as_ref().filter(|_| entities) {
            n.tag_in(a.register, &a.lex, &a.tag_hashes, &mut a.ner);
        }
    }
}
