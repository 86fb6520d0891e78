//! Named-entity tagger: greedy left-to-right averaged perceptron over IOB2
//! tags (PER, ORG, LOC), using word, affix, shape, capitalisation context,
//! gazetteer and POS features ([`context`]), then a few rules (titles,
//! Arabic articles, listed names, and those of [`rules`]). Invalid
//! sequences (`I-ORG` after `O`) are never predicted.
//!
//! BILOU classes instead of IOB2 were tried and measured worse with this
//! greedy decoder (UNER dev 63.4 vs 64.2 %, re3d held-out 63.8 vs 67.1 %).

use std::io::Write;
use std::sync::Arc;

use sitrep_core::FileBytes;

use crate::features::{hash_str, Lex};
use crate::gazetteer::Gazetteer;
use crate::perceptron::{self, argmax, Trainer, Weights};
use crate::tagger::PAD;

pub mod context;
pub mod dense;
pub mod document;
pub mod errors;
pub mod jackknife;
pub mod register;
pub mod rules;
pub mod words;

use dense::{Block, DenseTrainer, Projected, SentenceVectors};
use register::{Chooser, Register};
use words::WordStats;

use crate::vectors::Vectors;

/// Version 5: the gazetteer, the word statistics, the weights of the
/// features of [`context::features`], then the dense layer ([`dense`]).
const MAGIC: &[u8; 8] = b"SRNER05\n";
/// Version 6: version 5 followed by the registers ([`register`]): the
/// chooser's word table, then the web register's weight table. Written
/// only by a model with registers, so that one without stays version 5.
const MAGIC_V6: &[u8; 8] = b"SRNER06\n";
/// Version 4, the same without the dense layer: still read.
const MAGIC_V4: &[u8; 8] = b"SRNER04\n";

/// The entity tags, in class order.
pub const LABELS: [&str; 7] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];

#[derive(Debug, Clone)]
pub struct Ner {
    gazetteer: Gazetteer,
    words: WordStats,
    weights: Weights,
    /// The word vectors' layer (empty in a model trained without them).
    dense: Projected,
    /// With registers, `weights` are the news register's and these say
    /// how the web register differs and which register a document is in.
    registers: Option<Registers>,
}

/// See [`register`].
#[derive(Debug, Clone, Default)]
pub struct Registers {
    pub chooser: Chooser,
    /// Added to the main weights' scores in the web register.
    pub web: Weights,
}

/// The entity type of a class (0 for `O`, then PER, ORG, LOC): `B-X` and
/// `I-X` are the classes `2t - 1` and `2t`.
fn entity_type(class: usize) -> usize {
    class.div_ceil(2)
}

/// Whether a class is an `I-` tag.
fn is_inside(class: usize) -> bool {
    class != 0 && class & 1 == 0
}

/// Whether tag `class` may follow `prev` in IOB2.
fn allowed(prev: Option<usize>, class: usize) -> bool {
    if !is_inside(class) {
        return true;
    }
    // I-X needs B-X or I-X before it.
    prev.is_some_and(|p| p != 0 && entity_type(p) == entity_type(class))
}

/// Where a word sits in a run of capitalised words ("Popular Mobilization
/// Forces", "Islamic Resistance in Iraq"): the run's first and last word and
/// the word's place in it. The last word of a name ("Forces", "Province")
/// often tells its type, and a greedy tagger would otherwise only see it
/// after deciding the first word.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    first: u64,
    last: u64,
    /// 0 outside a run, 1 single word, 2 first, 3 inside, 4 last.
    place: u64,
    len: u64,
    /// Padded index of the run's last word.
    end: usize,
}

fn connector(lower: u64) -> bool {
    thread_local! {
        static WORDS: [u64; 9] = ["of", "in", "the", "for", "and", "on", "al", "de", "bin"].map(|w| hash_str(w, true));
    }
    WORDS.with(|w| w.contains(&lower))
}

/// Computes the run of every padded position.
pub fn runs(lex: &[Lex], out: &mut Vec<Run>) {
    out.clear();
    out.resize(lex.len(), Run::default());
    let capital = |i: usize| lex[i].flags & 1 != 0 && lex[i].flags & 32 == 0;
    let n = lex.len();
    let mut i = PAD;
    while i + PAD < n {
        if !capital(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 + PAD < n
            && (capital(j + 1)
                || (connector(lex[j + 1].lower) && j + 2 + PAD < n && capital(j + 2)))
        {
            j += if capital(j + 1) { 1 } else { 2 };
        }
        let len = (j - i + 1).min(6) as u64;
        for (k, slot) in out.iter_mut().enumerate().take(j + 1).skip(i) {
            let place = if i == j {
                1
            } else if k == i {
                2
            } else if k == j {
                4
            } else {
                3
            };
            *slot = Run {
                first: lex[i].lower,
                last: lex[j].lower,
                place,
                len,
                end: j,
            };
        }
        i = j + 1;
    }
}

/// Words of offices and ranks, lowercased. UNER leaves titles out of
/// names ("President [Obama]").
pub const TITLE_WORDS: &[&str] = &[
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "commander",
    "secretary",
    "ambassador",
    "envoy",
    "chief",
    "leader",
    "governor",
    "mayor",
    "senator",
    "king",
    "prince",
    "sheikh",
    "colonel",
    "major",
    "lieutenant",
    "captain",
    "sergeant",
    "admiral",
    "brigadier",
    "gen.",
    "maj.",
    "col.",
    "lt.",
    "capt.",
    "sgt.",
    "adm.",
    "brig.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
];

/// Titles are not part of names (UNER marks "Foreign Minister [Fuad
/// Hussain]"): a mention that runs through a title word is cut after it,
/// and what follows the title becomes a person.
fn split_titles(lex: &[Lex], tags: &mut [usize]) {
    thread_local! {
        static TITLES: Vec<u64> = TITLE_WORDS.iter().map(|w| hash_str(w, true)).collect();
    }
    let is_title = |i: usize| TITLES.with(|t| t.contains(&lex[PAD + i].lower));
    let mut i = 0;
    while i < tags.len() {
        if tags[i] == 0 {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tags.len()
            && is_inside(tags[end])
            && entity_type(tags[end]) == entity_type(tags[i])
        {
            end += 1;
        }
        if let Some(last_title) = (i..end).rev().find(|&k| is_title(k)) {
            if last_title + 1 < end {
                for t in &mut tags[i..=last_title] {
                    *t = 0;
                }
                tags[last_title + 1] = 1;
                for t in &mut tags[last_title + 2..end] {
                    *t = 2;
                }
            }
        }
        i = end;
    }
}

/// Takes a hyphenated Arabic article into the name it is joined to: EWT
/// tokenization splits "al-Qaim" into `al` `-` `Qaim`, and the article is
/// part of the name ("Abu Bakr al-Saadi", "al-Qaim").
fn attach_articles(lex: &[Lex], tags: &mut [usize]) {
    thread_local! {
        static ARTICLES: [u64; 8] = ["al", "el", "ad", "as", "ash", "an", "ar", "az"].map(|w| hash_str(w, true));
        static HYPHEN: u64 = hash_str("-", false);
    }
    let hyphen = HYPHEN.with(|h| *h);
    for i in 2..tags.len() {
        let (article, dash) = (&lex[PAD + i - 2], &lex[PAD + i - 1]);
        let starts = tags[i] & 1 == 1;
        if !starts
            || dash.word != hyphen
            || !ARTICLES.with(|a| a.contains(&article.lower))
            || tags[i - 2] != 0
        {
            continue;
        }
        let begin = tags[i];
        let inside = begin + 1;
        // Continue a name of the same type just before the article.
        let before = i.checked_sub(3).map(|k| tags[k]);
        tags[i - 2] = if before.is_some_and(|b| b != 0 && entity_type(b) == entity_type(begin)) {
            inside
        } else {
            begin
        };
        tags[i - 1] = inside;
        tags[i] = inside;
    }
}

impl Ner {
    /// Tags one padded sentence: `lex` and `tags` padded by [`PAD`] on
    /// each side, in the news register (see [`Ner::tag_in`]).
    pub fn tag(&self, lex: &[Lex], tags: &[u64], out: &mut Vec<usize>) {
        self.tag_in(Register::News, lex, tags, out);
    }

    /// The register a document is in, from its words (news for a model
    /// without registers, whose one set of weights serves both).
    pub fn register_of<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Register {
        self.registers
            .as_ref()
            .map_or(Register::News, |r| r.chooser.choose(words))
    }

    /// Whether the model has registers (see [`register`]).
    pub fn registers(&self) -> Option<&Registers> {
        self.registers.as_ref()
    }

    /// Gives a model with registers its chooser.
    pub fn set_chooser(&mut self, chooser: Chooser) {
        if let Some(r) = self.registers.as_mut() {
            r.chooser = chooser;
        }
    }

    /// [`Ner::tag`] in `register`.
    pub fn tag_in(&self, register: Register, lex: &[Lex], tags: &[u64], out: &mut Vec<usize>) {
        out.clear();
        let web = self
            .registers
            .as_ref()
            .filter(|_| register == Register::Web)
            .map(|r| &r.web);
        let mut extra = vec![0f32; LABELS.len()];
        let use_dense = !self.dense.is_empty();
        let mut rows = Vec::new();
        if use_dense {
            self.dense.rows(lex, &mut rows);
        }
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0f32; LABELS.len()];
        let mut run = Vec::with_capacity(lex.len());
        runs(lex, &mut run);
        let mut gaz = Vec::with_capacity(lex.len());
        self.gazetteer.marks(lex, &mut gaz);
        let mut words = Vec::with_capacity(lex.len());
        words.extend(lex.iter().map(|l| self.words.code(l)));
        let cx = context::Context {
            lex,
            tags,
            runs: &run,
            gaz: &gaz,
            words: &words,
            profile: context::case_profile(lex),
        };
        for i in PAD..lex.len() - PAD {
            let n = out.len();
            let (p1, p2) = (
                n.checked_sub(1).map(|k| out[k]),
                n.checked_sub(2).map(|k| out[k]),
            );
            context::features(&cx, i, p1, p2, false, &mut feats);
            self.weights.score(&feats, &mut scores);
            if let Some(web) = web {
                web.score(&feats, &mut extra);
                scores.iter_mut().zip(&extra).for_each(|(s, e)| *s += e);
            }
            if use_dense {
                self.dense.score(lex, &run, &rows, i, &mut scores);
            }
            out.push(argmax(&scores, |c| allowed(p1, c)).unwrap_or(0));
        }
        attach_articles(lex, out);
        self.apply_names(lex, out);
        rules::listed_organisations(&self.gazetteer, lex, tags, out);
        split_titles(lex, out);
        rules::possessive_ends(lex, out);
        rules::bracketed_acronyms(lex, out);
    }

    /// Multi-word names from the lists override the model, as a dictionary
    /// overrides a statistical tagger in most production NER: a listed
    /// armed group ("Kataib Hezbollah") is more reliable than what a tagger
    /// trained on web text guesses for words it never saw. Only names of
    /// one kind, two words or more, first and last word capitalised.
    fn apply_names(&self, lex: &[Lex], tags: &mut [usize]) {
        for (start, len, kind) in self.gazetteer.longest_matches(lex) {
            let capital = |i: usize| lex[i].flags & 1 != 0;
            // Place names stay a hint: many are parts of longer names ("New York Times").
            let listed = kind == crate::gazetteer::ORG || kind == crate::gazetteer::PER;
            if len < 2 || !listed || !capital(start) || !capital(start + len - 1) {
                continue;
            }
            // Leave names the model sees running past the listed one ("Kataib Hezbollah Brigade 45").
            let (from, to) = (start - PAD, start - PAD + len);
            if tags.get(to).is_some_and(|&t| is_inside(t)) || (from > 0 && is_inside(tags[from])) {
                continue;
            }
            let class = match kind {
                crate::gazetteer::PER => 1,
                crate::gazetteer::ORG => 3,
                _ => 5,
            };
            for (k, t) in tags[from..to].iter_mut().enumerate() {
                *t = if k == 0 { class } else { class + 1 };
            }
            // A name the model had running on past the listed one ends here.
            for t in tags[to..].iter_mut() {
                if !is_inside(*t) {
                    break;
                }
                *t = 0;
            }
        }
    }

    /// Whether the weight tables are read in place from a mapped file.
    pub fn is_mapped(&self) -> bool {
        self.weights.is_mapped()
            && (self.dense.is_empty() || self.dense.is_mapped())
            && self.registers.as_ref().is_none_or(|r| r.web.is_mapped())
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let w = &mut perceptron::Counted::new(w);
        w.write_all(if self.registers.is_some() {
            MAGIC_V6
        } else {
            MAGIC
        })?;
        self.gazetteer.write(w)?;
        self.words.write(w)?;
        self.weights.write(w)?;
        self.dense.write(w)?;
        if let Some(r) = &self.registers {
            r.chooser.write(w)?;
            r.web.write(w)?;
        }
        Ok(())
    }

    pub fn read(r: &mut &[u8]) -> std::io::Result<Ner> {
        Ner::read_mapped(r, None)
    }

    /// [`Ner::read`] from a mapped model file, whose weight tables are then
    /// used in place.
    pub fn read_mapped(r: &mut &[u8], map: Option<&Arc<FileBytes>>) -> std::io::Result<Ner> {
        let magic: [u8; 8] = perceptron::read_arr(r)?;
        if &magic != MAGIC && &magic != MAGIC_V4 && &magic != MAGIC_V6 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "wrong model header",
            ));
        }
        let gazetteer = Gazetteer::read(r)?;
        let words = WordStats::read(r)?;
        let weights = Weights::read(r, map)?;
        let dense = if &magic != MAGIC_V4 {
            Projected::read(r, map)?
        } else {
            Projected::default()
        };
        let registers = if &magic == MAGIC_V6 {
            let chooser = Chooser::read(r)?;
            let web = Weights::read(r, map)?;
            if web.n_classes != LABELS.len() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "wrong number of entity classes in the web register",
                ));
            }
            Some(Registers { chooser, web })
        } else {
            None
        };
        if weights.n_classes != LABELS.len() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "wrong number of entity classes",
            ));
        }
        Ok(Ner {
            gazetteer,
            words,
            weights,
            dense,
            registers,
        })
    }

    /// Words with a vector in the dense layer (0 without one).
    pub fn n_vectors(&self) -> usize {
        self.dense.len()
    }

    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// See [`Weights::prune`].
    pub fn prune(&mut self, min: f32) {
        self.weights.prune(min);
    }

    /// Prunes the web register's table alone (see [`Weights::prune`]).
    pub fn prune_web(&mut self, min: f32) {
        if let Some(r) = self.registers.as_mut() {
            r.web.prune(min);
        }
    }
}

/// One training sentence: padded lex and tag hashes, gold classes per word,
/// and the corpus it comes from.
pub struct NerExample {
    pub lex: Vec<Lex>,
    pub tags: Vec<u64>,
    pub gold: Vec<usize>,
    pub corpus: Corpus,
}

/// The annotated corpora the entity tagger can learn from. Each marks
/// names its own way (UNER leaves titles and most nationalities out, GUM
/// and Wikigold take more as ORG), so [`Adaptation`] can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Corpus {
    /// UNER English EWT (train, and dev with `--with-dev`): the target.
    #[default]
    Uner,
    Re3d,
    Gum,
    Wikigold,
}

impl Corpus {
    pub const ALL: [Corpus; 4] = [Corpus::Uner, Corpus::Re3d, Corpus::Gum, Corpus::Wikigold];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Corpus::Uner => "uner",
            Corpus::Re3d => "re3d",
            Corpus::Gum => "gum",
            Corpus::Wikigold => "wikigold",
        }
    }

    pub fn parse(name: &str) -> Option<Corpus> {
        Corpus::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// How training treats the corpora that are not UNER (all off by default:
/// every sentence teaches every feature alike).
#[derive(Debug, Clone)]
pub struct Adaptation {
    /// Feature augmentation (Daumé III 2007, "Frustratingly easy domain
    /// adaptation"): in training every sparse feature fires twice, once
    /// shared and once marked with the sentence's corpus, so the shared
    /// weights learn what the corpora agree on and each corpus's copies its
    /// own style. The saved model keeps the shared weights plus those of
    /// `target`'s copies (folded into one weight per feature, so the model
    /// is no larger and tagging no slower); the other corpora's copies are
    /// dropped.
    pub augment: bool,
    /// With `augment`: whose copies are folded in (`None`: shared weights only).
    pub target: Option<Corpus>,
    /// With `augment`: the corpora with copies of their own; the others
    /// share UNER's (so that re3d, whose style the events need, can count
    /// as the target with UNER).
    pub apart: Vec<Corpus>,
    /// With `augment`: the dense layer's blocks get corpus copies too.
    pub augment_dense: bool,
    /// With `augment`: save two registers instead of one fold (see
    /// [`register`]): the re3d fold as the main weights and UNER's copies
    /// minus re3d's as the web table, its weights under this value dropped.
    pub registers: Option<f32>,
    /// Corpora whose `O` tokens teach nothing (no update where the gold
    /// class is `O`): only their named spans count, as for partially
    /// annotated text.
    pub mask_o: Vec<Corpus>,
    /// The step of an update from each corpus's sentences, by
    /// [`Corpus::index`] (1 for all: the plain perceptron).
    pub step: [f32; 4],
}

impl Default for Adaptation {
    fn default() -> Adaptation {
        Adaptation {
            augment: false,
            target: Some(Corpus::Uner),
            apart: vec![Corpus::Re3d, Corpus::Gum, Corpus::Wikigold],
            augment_dense: false,
            registers: None,
            mask_o: Vec::new(),
            step: [1.0; 4],
        }
    }
}

impl Adaptation {
    /// Whose copies of the features a sentence of `corpus` fires.
    fn domain(&self, corpus: Corpus) -> Corpus {
        if self.apart.contains(&corpus) {
            corpus
        } else {
            Corpus::Uner
        }
    }
}

/// The corpus copy of sparse feature `f` (see [`Adaptation::augment`]).
fn corpus_feature(f: u32, corpus: Corpus) -> u32 {
    crate::features::feat(299, u64::from(f), corpus.index() as u64 + 1, 0)
}

/// A training sentence from its words, their (unpadded) POS tag hashes and
/// gold IOB2 classes.
pub fn example(
    words: &[&str],
    clusters: &crate::clusters::Clusters,
    tags: &[u64],
    gold: Vec<usize>,
) -> NerExample {
    let mut lex = Vec::new();
    crate::tagger::padded_lex(words, clusters, &mut lex);
    let mut padded = vec![0u64; PAD];
    padded.extend_from_slice(tags);
    padded.extend([1u64; PAD]);
    NerExample {
        lex,
        tags: padded,
        gold,
        corpus: Corpus::Uner,
    }
}

pub fn label_id(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// Share (in percent) of rare training words whose identity is hidden
/// (see [`context::features`]). Entity F1 on UNER dev, mean of 3 seeds:
/// 0 % 64.97, 25 % 64.82, 50 % 66.14, 75 % 65.55.
pub const HIDE_PERCENT: usize = 50;

/// How the dense layer is trained: which vectors feed it, from which
/// table, and how strongly (see [`DenseTrainer`]).
pub struct DenseSetup<'a> {
    pub vectors: &'a Vectors,
    /// No blocks: no dense layer.
    pub blocks: Vec<Block>,
    pub scale: f32,
}

/// Trains the entity tagger on IOB2 examples.
pub fn train(
    data: &[NerExample],
    gazetteer: Gazetteer,
    dense_setup: DenseSetup,
    adapt: &Adaptation,
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Ner {
    let vectors = dense_setup.vectors;
    let blocks = if vectors.is_empty() {
        Vec::new()
    } else {
        dense_setup.blocks
    };
    let n_blocks = blocks.len();
    let mut dense = DenseTrainer::new(blocks, vectors, LABELS.len(), dense_setup.scale);
    let use_dense = n_blocks > 0;
    let augment_dense = adapt.augment && adapt.augment_dense && use_dense;
    if augment_dense {
        dense.add_copies(Corpus::ALL.len());
    }
    let mut sv = SentenceVectors::default();
    let mut clock = 0u32;
    let words = WordStats::count(data.iter().map(|e| e.lex.as_slice()));
    log(format!("ner: {} frequent words counted", words.len()));
    let mut trainer = Trainer::new(LABELS.len());
    let mut rng = perceptron::Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let (mut feats, mut scores) = (Vec::new(), vec![0f32; LABELS.len()]);
    let (mut run, mut gaz, mut codes) = (Vec::new(), Vec::new(), Vec::new());
    // The corpus copies of features (to drop them from the saved model).
    let mut copies: perceptron::IdMap<()> = perceptron::IdMap::default();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let ex = &data[k];
            let corpus = ex.corpus;
            let domain = adapt.domain(corpus);
            let mask_o = adapt.mask_o.contains(&corpus);
            let step = adapt.step[corpus.index()];
            let mut prev: Vec<usize> = Vec::with_capacity(ex.gold.len());
            runs(&ex.lex, &mut run);
            gazetteer.marks(&ex.lex, &mut gaz);
            codes.clear();
            codes.extend(ex.lex.iter().map(|l| words.code(l)));
            let cx = context::Context {
                lex: &ex.lex,
                tags: &ex.tags,
                runs: &run,
                gaz: &gaz,
                words: &codes,
                profile: context::case_profile(&ex.lex),
            };
            if use_dense {
                sv.fill(dense::rows(&ex.lex, vectors), vectors);
            }
            let mut inputs = Vec::with_capacity(Block::ALL.len() * 2);
            for (j, &gold) in ex.gold.iter().enumerate() {
                let n = prev.len();
                let (p1, p2) = (
                    n.checked_sub(1).map(|k| prev[k]),
                    n.checked_sub(2).map(|k| prev[k]),
                );
                let hide = codes[j + PAD] == 0 && rng.below(100) < HIDE_PERCENT;
                context::features(&cx, j + PAD, p1, p2, hide, &mut feats);
                if adapt.augment {
                    let shared = feats.len();
                    for f in 0..shared {
                        feats.push(corpus_feature(feats[f], domain));
                    }
                }
                trainer.score(&feats, &mut scores);
                if use_dense {
                    dense::inputs(
                        &dense.blocks()[..n_blocks],
                        &sv,
                        &ex.lex,
                        &run,
                        j + PAD,
                        &mut inputs,
                    );
                    if augment_dense {
                        let shared = inputs.len();
                        for f in 0..shared {
                            let (b, x) = inputs[f];
                            inputs.push((b + n_blocks * (1 + domain.index()), x));
                        }
                    }
                    dense.score(&inputs, &mut scores);
                }
                let guess = argmax(&scores, |c| allowed(p1, c)).unwrap_or(0);
                trainer.tick();
                clock += 1;
                // Learn the gold tag even where IOB2 would forbid it after a wrong guess.
                if !(mask_o && gold == 0) {
                    trainer.update_by(&feats, gold, guess, step);
                    dense.update_by(&inputs, gold, guess, clock, step);
                    if adapt.augment && gold != guess {
                        let shared = feats.len() / 2;
                        copies.extend(feats[shared..].iter().map(|&f| (f, ())));
                    }
                }
                right += usize::from(guess == gold);
                total += 1;
                prev.push(guess);
            }
        }
        log(format!(
            "ner epoch {}: train token accuracy {:.2}%",
            epoch + 1,
            100.0 * right as f64 / total.max(1) as f64
        ));
    }
    if augment_dense {
        dense.fold_copies(n_blocks, adapt.target.map(|t| 1 + t.index()));
    }
    let (weights, registers) = match (adapt.augment, adapt.registers) {
        (true, Some(web_prune)) => {
            let rows = trainer.averaged_rows(0.0);
            let web = register_difference(&rows, &copies, web_prune, log);
            let main = fold_corpus_copies(rows, &copies, Some(Corpus::Re3d), 0.05, log);
            let chooser = Chooser::default();
            (main, Some(Registers { chooser, web }))
        }
        (true, None) => (
            fold_corpus_copies(trainer.averaged_rows(0.0), &copies, adapt.target, 0.05, log),
            None,
        ),
        _ => (trainer.finish(0.05), None),
    };
    Ner {
        gazetteer,
        words,
        weights,
        dense: dense.finish(clock, vectors),
        registers,
    }
}

/// The shared features among a model's weight rows (not the corpus
/// copies feature augmentation adds), in order.
fn shared_keys<'k>(
    keys: impl Iterator<Item = &'k u32>,
    copies: &perceptron::IdMap<()>,
) -> Vec<u32> {
    let mut shared: Vec<u32> = keys.copied().filter(|k| !copies.contains_key(k)).collect();
    shared.sort_unstable();
    shared
}

/// The web register's table of a model trained with feature augmentation:
/// for each shared feature, its UNER copy's row minus its re3d copy's
/// (what turns the re3d fold into the UNER fold), weights smaller than
/// `prune` dropped.
fn register_difference(
    rows: &[(u32, Vec<(u16, f32)>)],
    copies: &perceptron::IdMap<()>,
    prune: f32,
    log: &mut dyn FnMut(String),
) -> Weights {
    let by_key: perceptron::IdMap<&Vec<(u16, f32)>> = rows.iter().map(|(k, r)| (*k, r)).collect();
    let keys = shared_keys(by_key.keys(), copies);
    let mut out = Vec::new();
    let mut entries = 0usize;
    for k in keys {
        let mut d = [0f32; LABELS.len()];
        let mut seen = false;
        for (corpus, sign) in [(Corpus::Uner, 1f32), (Corpus::Re3d, -1f32)] {
            if let Some(row) = by_key.get(&corpus_feature(k, corpus)) {
                seen = true;
                for &(c, w) in row.iter() {
                    if let Some(x) = d.get_mut(usize::from(c)) {
                        *x += sign * w;
                    }
                }
            }
        }
        if !seen {
            continue;
        }
        let row: Vec<(u16, f32)> = d
            .iter()
            .enumerate()
            .filter(|(_, w)| w.abs() >= prune)
            .map(|(c, &w)| (c as u16, w))
            .collect();
        if !row.is_empty() {
            entries += row.len();
            out.push((k, row));
        }
    }
    log(format!(
        "ner: web register table of {} rows, {} weights (pruned under {prune})",
        out.len(),
        entries
    ));
    Weights::from_rows(LABELS.len(), &out)
}

/// The weights of a model trained with feature augmentation: each shared
/// feature's row plus that of its `target` copy, without the corpus copies,
/// weights smaller than `prune` dropped (as [`Trainer::finish`] does).
fn fold_corpus_copies(
    rows: Vec<(u32, Vec<(u16, f32)>)>,
    copies: &perceptron::IdMap<()>,
    target: Option<Corpus>,
    prune: f32,
    log: &mut dyn FnMut(String),
) -> Weights {
    let all = rows.len();
    let mut by_key: perceptron::IdMap<Vec<(u16, f32)>> = rows.into_iter().collect();
    let keys = shared_keys(by_key.keys(), copies);
    let mut folded = Vec::with_capacity(keys.len());
    for k in keys {
        let mut row = by_key.remove(&k).unwrap_or_default();
        if let Some(extra) = target.and_then(|t| by_key.get(&corpus_feature(k, t))) {
            for &(c, w) in extra {
                match row.iter_mut().find(|e| e.0 == c) {
                    Some(e) => e.1 += w,
                    None => row.push((c, w)),
                }
            }
            row.sort_by_key(|e| e.0);
        }
        row.retain(|e| e.1.abs() >= prune);
        folded.push((k, row));
    }
    log(format!(
        "ner: {} of {} weight rows kept after folding the corpus copies",
        folded.len(),
        all
    ));
    Weights::from_rows(LABELS.len(), &folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_web_table_turns_the_re3d_fold_into_the_uner_fold() {
        let a = 21u32;
        let (a_uner, a_re3d) = (
            corpus_feature(a, Corpus::Uner),
            corpus_feature(a, Corpus::Re3d),
        );
        let rows = vec![
            (a, vec![(1u16, 1.0f32)]),
            (a_uner, vec![(1, 0.5), (3, 0.01)]),
            (a_re3d, vec![(3, 2.0)]),
        ];
        let copies: perceptron::IdMap<()> = [a_uner, a_re3d].into_iter().map(|k| (k, ())).collect();
        let web = register_difference(&rows, &copies, 0.05, &mut |_| {});
        let news = fold_corpus_copies(rows.clone(), &copies, Some(Corpus::Re3d), 0.05, &mut |_| {});
        let uner = fold_corpus_copies(rows, &copies, Some(Corpus::Uner), 0.05, &mut |_| {});
        let (mut n, mut w, mut u) = (vec![0f32; 7], vec![0f32; 7], vec![0f32; 7]);
        news.score(&[a], &mut n);
        web.score(&[a], &mut w);
        uner.score(&[a], &mut u);
        for c in [1, 3] {
            assert!(
                (n[c] + w[c] - u[c]).abs() < 0.02,
                "class {c}: {n:?} + {w:?} vs {u:?}"
            );
        }
        assert!((n[3] - 2.0).abs() < 1e-3, "news keeps re3d's copy: {n:?}");
    }

    #[test]
    fn folding_keeps_shared_plus_target_copies_only() {
        let (a, b) = (11u32, 12u32);
        let (a_uner, a_gum, b_gum) = (
            corpus_feature(a, Corpus::Uner),
            corpus_feature(a, Corpus::Gum),
            corpus_feature(b, Corpus::Gum),
        );
        let rows = vec![
            (a, vec![(1u16, 1.0f32), (3, -1.0)]),
            (b, vec![(3, 0.5)]),
            (a_uner, vec![(1, 0.5), (5, 2.0)]),
            (a_gum, vec![(3, 4.0)]),
            (b_gum, vec![(3, -0.5)]),
        ];
        let copies: perceptron::IdMap<()> = [a_uner, a_gum, b_gum]
            .into_iter()
            .map(|k| (k, ()))
            .collect();
        let w = fold_corpus_copies(rows, &copies, Some(Corpus::Uner), 0.05, &mut |_| {});
        assert_eq!(w.len(), 2, "the corpus copies are dropped");
        let mut s = vec![0f32; LABELS.len()];
        w.score(&[a], &mut s);
        let near = |x: f32, y: f32| (x - y).abs() < 1e-3;
        assert!(
            near(s[1], 1.5) && near(s[3], -1.0) && near(s[5], 2.0),
            "{s:?}"
        );
        w.score(&[b], &mut s);
        assert!(near(s[3], 0.5), "gum's copy is not kept: {s:?}");
        let shared = fold_corpus_copies(
            vec![(a, vec![(1, 1.0)]), (a_uner, vec![(1, 0.5)])],
            &[(a_uner, ())].into_iter().collect(),
            None,
            0.05,
            &mut |_| {},
        );
        shared.score(&[a], &mut s);
        assert!(near(s[1], 1.0), "{s:?}");
    }
}
