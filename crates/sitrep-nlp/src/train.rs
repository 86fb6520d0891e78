//! Training drivers behind `sitrep train pos|parse|ner`: read the treebanks,
//! train, write the model file.

use std::path::{Path, PathBuf};

use crate::clusters::{self, Clusters};
use crate::conllu::{self, GoldSentence};
use crate::corpora;
use crate::ner::{self, Ner, NerExample};
use crate::parser::{self, ParseExample, Parser};
use crate::tagger::{self, TagExample, Tagger};
use crate::{re3d, NlpError};

/// Where the training data lives and where the model goes.
pub struct TrainPaths {
    /// `../shared/data`
    pub data: PathBuf,
    /// `data/models`
    pub models: PathBuf,
    /// Which corpora beside EWT and UNER to train on.
    pub extra: Extra,
}

/// Training text beside EWT and UNER ([`crate::corpora`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra {
    /// GUM's training documents in the tagger's and parser's treebank (and
    /// so in the entity tagger's jackknifed tags).
    pub gum: bool,
    /// GUM's named person/place/organization mentions for the entity tagger.
    pub gum_entities: bool,
    /// Wikigold (MISC dropped) for the entity tagger.
    pub wikigold: bool,
}

impl TrainPaths {
    pub fn ewt(&self, split: &str) -> PathBuf {
        self.data
            .join("ud-english-ewt")
            .join(format!("en_ewt-ud-{split}.conllu"))
    }
    pub fn uner_train(&self) -> PathBuf {
        self.data
            .join("uner-english-ewt/preliminary/en_ewt-ud-train.PRELIMINARY-2022-12-02.iob2")
    }
    pub fn uner_dev(&self) -> PathBuf {
        self.data.join("uner-english-ewt/en_ewt-ud-dev.iob2")
    }
    pub fn gum(&self) -> PathBuf {
        self.data.join("ud-english-gum")
    }
    pub fn wikigold(&self) -> PathBuf {
        self.data.join("wikigold/wikigold.conll.txt")
    }
    /// EWT train, and GUM's training documents when asked for.
    pub fn treebank(&self, log: Log) -> Result<Vec<GoldSentence>, NlpError> {
        let mut train = conllu::read_file(&self.ewt("train"))?;
        if self.extra.gum {
            let gum = corpora::read_gum(&self.gum(), "train")?;
            log(format!(
                "treebank: {} EWT + {} GUM training sentences",
                train.len(),
                gum.len()
            ));
            train.extend(gum);
        }
        Ok(train)
    }
    pub fn glove(&self) -> PathBuf {
        self.data.join("glove-6b-100d/glove.6B.100d.txt.gz")
    }
    pub fn re3d(&self) -> PathBuf {
        self.data.join("re3d")
    }
}

pub type Log<'a> = &'a mut dyn FnMut(String);

/// Smallest parser weight kept.
pub const PARSE_PRUNE: f32 = 1.0;

fn write_model(
    path: &Path,
    write: impl Fn(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<u64, NlpError> {
    let mut buf = Vec::new();
    let io = |source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    };
    write(&mut buf).map_err(io)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, &buf).map_err(io)?;
    Ok(buf.len() as u64)
}

/// The word clusters in the model folder (`clusters.bin`; `sitrep train
/// clusters` writes it), which the models trained here read as features;
/// without the file they train without them.
fn read_clusters(models: &Path, log: Log) -> Result<Clusters, NlpError> {
    let c = Clusters::load(models)?;
    log(format!(
        "clusters: {} words from {}",
        c.len(),
        models.join(clusters::CLUSTERS_FILE).display()
    ));
    Ok(c)
}

/// Builds the word-cluster table from the GloVe vectors under the data
/// folder and writes it to the model folder; returns its size in bytes.
pub fn clusters(paths: &TrainPaths, top: usize, seed: u64, log: Log) -> Result<u64, NlpError> {
    let table = clusters::build(&paths.glove(), top, seed, log)?;
    log(format!("clusters: {} words in the table", table.len()));
    write_model(&paths.models.join(clusters::CLUSTERS_FILE), |w| {
        table.write(w)
    })
}

/// Builds the quantised word-vector table from the GloVe vectors under the
/// data folder and writes it to the model folder; returns its size in bytes.
pub fn vectors(paths: &TrainPaths, top: usize, log: Log) -> Result<u64, NlpError> {
    let table = crate::vectors::build(&paths.glove(), top, log)?;
    log(format!(
        "vectors: {} words in the table, fingerprint {:016x}",
        table.len(),
        table.fingerprint()
    ));
    write_model(&paths.models.join(crate::vectors::VECTORS_FILE), |w| {
        table.write(w)
    })
}

/// The entity tagger's dense layer: which word vectors feed it
/// ([`ner::dense::Block`]; none: no dense layer) and their scale in training.
#[derive(Debug, Clone)]
pub struct NerVectors {
    pub blocks: Vec<ner::dense::Block>,
    pub scale: f32,
}

fn read_tagger(models: &Path) -> Result<Tagger, NlpError> {
    let path = models.join(crate::POS_FILE);
    let bytes = std::fs::read(&path).map_err(|source| NlpError::Io {
        path: path.clone(),
        source,
    })?;
    Tagger::read(&mut bytes.as_slice()).map_err(|e| NlpError::BadModel {
        path,
        reason: e.to_string(),
    })
}

pub(crate) fn tag_examples(sents: &[GoldSentence]) -> Vec<TagExample> {
    sents
        .iter()
        .map(|s| TagExample {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            labels: s
                .words
                .iter()
                .map(|w| format!("{}\t{}", w.upos, w.xpos))
                .collect(),
        })
        .collect()
}

/// The tagger's dense layer: which word vectors feed it
/// ([`ner::dense::Block`]; none: no dense layer), their scale in training
/// and the rank the layer is cut to ([`tagger::dense`]).
#[derive(Debug, Clone)]
pub struct PosVectors {
    pub blocks: Vec<ner::dense::Block>,
    pub scale: f32,
    pub rank: usize,
    /// A word's own vector counts only for words without an ambiguity class.
    pub unseen_only: bool,
}

/// Trains the tagger on EWT train; returns the model size in bytes.
/// `fold_ambiguity`: see [`tagger::train_with`].
pub fn pos(
    paths: &TrainPaths,
    epochs: usize,
    seed: u64,
    fold_ambiguity: bool,
    dense: &PosVectors,
    log: Log,
) -> Result<u64, NlpError> {
    let train = paths.treebank(log)?;
    let clusters = read_clusters(&paths.models, log)?;
    let vectors = if dense.blocks.is_empty() {
        crate::vectors::Vectors::default()
    } else {
        let v = crate::vectors::Vectors::load(&paths.models)?;
        log(format!(
            "vectors: {} words from {}{}",
            v.len(),
            paths.models.join(crate::vectors::VECTORS_FILE).display(),
            if v.is_empty() {
                " (absent: no dense layer)"
            } else {
                ""
            }
        ));
        v
    };
    let setup = tagger::DenseSetup {
        vectors: &vectors,
        layer: dense,
    };
    let tagger = tagger::train_with(
        &tag_examples(&train),
        &clusters,
        epochs,
        seed,
        fold_ambiguity,
        Some(&setup),
        log,
    );
    let (words, rank) = tagger.dense_size();
    log(format!(
        "pos: {} features; dense layer: {words} words, rank {rank}",
        tagger.n_features()
    ));
    write_model(&paths.models.join(crate::POS_FILE), |w| tagger.write(w))
}

/// Predicted tag hashes for a sentence's words.
fn predicted_tags(tagger: &Tagger, clusters: &Clusters, words: &[&str]) -> Vec<u64> {
    let mut lex = Vec::new();
    let mut tags = Vec::new();
    tagger::padded_lex(words, clusters, &mut lex);
    tagger.tag(&lex, &mut tags);
    tags.iter().map(|&c| tagger.hashes[c]).collect()
}

/// Trains the parser on EWT train with tags predicted by jackknifing
/// (`folds` taggers, each tagging the part it did not see), so the parser
/// sees tagging errors like those it meets at run time. `folds < 2` uses
/// the saved tagger instead.
pub fn parse(
    paths: &TrainPaths,
    epochs: usize,
    folds: usize,
    seed: u64,
    vectors: &ParseVectors,
    log: Log,
) -> Result<u64, NlpError> {
    let train = paths.treebank(log)?;
    let clusters = read_clusters(&paths.models, log)?;
    let mut tags: Vec<Vec<u64>> = vec![Vec::new(); train.len()];
    let cache = parse_tags_cache(&train, folds, seed);
    if let Some(cached) = cache.as_ref().and_then(|p| read_tags_cache(p, train.len())) {
        log(format!(
            "parse: jackknifed tags read from {}",
            cache
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string())
        ));
        tags = cached;
    } else if folds >= 2 {
        let all = tag_examples(&train);
        for fold in 0..folds {
            let tagger = tagger::train_without_fold(&all, &clusters, folds, fold, 8, seed);
            for (i, s) in train.iter().enumerate().filter(|(i, _)| i % folds == fold) {
                let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                tags[i] = predicted_tags(&tagger, &clusters, &words);
            }
            log(format!(
                "parse: jackknife fold {} of {folds} tagged",
                fold + 1
            ));
        }
    } else {
        let tagger = read_tagger(&paths.models)?;
        for (i, s) in train.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tags[i] = predicted_tags(&tagger, &clusters, &words);
        }
    }
    if let Some(p) = &cache {
        write_tags_cache(p, &tags);
    }
    let examples: Vec<ParseExample> = train
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let mut words = vec![0u64];
            words.extend(
                s.words
                    .iter()
                    .map(|w| crate::features::hash_str(&w.form, true)),
            );
            let mut tags = vec![0u64];
            tags.extend(t);
            let mut clus = vec![clusters::UNKNOWN];
            clus.extend(
                s.words
                    .iter()
                    .map(|w| clusters.leaf(crate::features::hash_str(&w.form, true))),
            );
            let mut heads = vec![0usize];
            heads.extend(s.words.iter().map(|w| w.head));
            let mut deprels = vec!["_".to_string()];
            deprels.extend(s.words.iter().map(|w| w.deprel.clone()));
            ParseExample {
                words,
                tags,
                clus,
                heads,
                deprels,
            }
        })
        .collect();
    let table = if vectors.slots.is_empty() {
        None
    } else {
        let table = crate::vectors::build(&paths.glove(), vectors.top, log)?;
        log(format!(
            "parse: word-vector layer over {} ({} words, scale {})",
            vectors
                .slots
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(","),
            table.len(),
            vectors.scale
        ));
        Some(table)
    };
    let dense = table.as_ref().map(|t| parser::DenseOptions {
        vectors: t,
        slots: vectors.slots.clone(),
        scale: vectors.scale,
    });
    let mut parser: Parser = parser::train(&examples, epochs, seed, dense, log);
    // Weights under 1.0 (after averaging) are over half of the features and
    // cost no measured accuracy (EWT test UAS 85.22 % with them, 85.27 %
    // without); dropping them makes the model a third the size.
    parser.prune(PARSE_PRUNE);
    log(format!("parse: {} features", parser.n_features()));
    write_model(&paths.models.join(crate::PARSE_FILE), |w| parser.write(w))
}

/// The parser's word-vector layer ([`crate::parser::dense`]): which
/// positions' vectors feed it (none: no layer), how many of the most
/// frequent GloVe words it covers, and their scale in training.
#[derive(Debug, Clone)]
pub struct ParseVectors {
    pub slots: Vec<parser::dense::Slot>,
    pub top: usize,
    pub scale: f32,
}

/// Where the jackknifed training tags of this treebank, fold count and
/// seed are kept between runs, when `SITREP_PARSE_TAGS_CACHE` names a
/// folder (experiments then skip the four taggers; delete the folder when
/// `pos.bin`'s recipe, the clusters or the tagger code change).
fn parse_tags_cache(train: &[GoldSentence], folds: usize, seed: u64) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("SITREP_PARSE_TAGS_CACHE")?);
    let words: usize = train.iter().map(|s| s.words.len()).sum();
    Some(dir.join(format!(
        "parse-tags-{}-{words}-f{folds}-s{seed}.bin",
        train.len()
    )))
}

fn read_tags_cache(path: &Path, n: usize) -> Option<Vec<Vec<u64>>> {
    let bytes = std::fs::read(path).ok()?;
    let mut r = bytes.chunks_exact(8).map(|c| {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        u64::from_le_bytes(a)
    });
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.next()? as usize;
        out.push(r.by_ref().take(len).collect::<Vec<u64>>());
        if out.last().map(Vec::len) != Some(len) {
            return None;
        }
    }
    r.next().is_none().then_some(out)
}

fn write_tags_cache(path: &Path, tags: &[Vec<u64>]) {
    let mut buf = Vec::new();
    for t in tags {
        buf.extend_from_slice(&(t.len() as u64).to_le_bytes());
        for v in t {
            buf.extend_from_slice(&v.to_le_bytes());
        }
    }
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // A cache only: a failed write costs the next run the jackknifing.
    let _ = std::fs::write(path, buf);
}

/// How the entity tagger is trained (`sitrep train ner`'s options).
#[derive(Debug, Clone)]
pub struct NerOptions<'a> {
    pub epochs: usize,
    /// How many times the re3d training documents are repeated (0: none).
    pub re3d_copies: usize,
    pub seed: u64,
    /// Where to write the held-out re3d documents as IOB2.
    pub held_out_iob2: Option<&'a Path>,
    /// Also train on the UNER dev file.
    pub with_dev: bool,
    pub vectors: NerVectors,
    /// How the corpora other than UNER are learnt from.
    pub adapt: ner::Adaptation,
}

/// Entity-tagger training data: UNER EWT train (preliminary, normalised),
/// `re3d_copies` times the re3d training documents, and with `with_dev`
/// the UNER dev file.
pub fn ner(paths: &TrainPaths, opts: &NerOptions, log: Log) -> Result<u64, NlpError> {
    let NerOptions {
        epochs,
        re3d_copies,
        seed,
        held_out_iob2,
        with_dev,
        vectors: ref dense,
        ref adapt,
    } = *opts;
    let tagger = read_tagger(&paths.models)?;
    let clusters = read_clusters(&paths.models, log)?;
    let vectors = if dense.blocks.is_empty() {
        crate::vectors::Vectors::default()
    } else {
        crate::vectors::Vectors::load(&paths.models)?
    };
    log(format!(
        "vectors: {} words from {}{}",
        vectors.len(),
        paths.models.join(crate::vectors::VECTORS_FILE).display(),
        if vectors.is_empty() && !dense.blocks.is_empty() {
            " (absent: no dense layer)"
        } else {
            ""
        }
    ));
    let mut sents = conllu::read_file(&paths.uner_train())?;
    // Which corpus each sentence of `sents` comes from.
    let mut corpus = vec![ner::Corpus::Uner; sents.len()];
    let r = re3d::read(&paths.re3d())?;
    log(format!(
        "ner: {} UNER sentences, {} re3d training sentences, {} re3d held out",
        sents.len(),
        r.train.len(),
        r.held_out.len()
    ));
    if let Some(p) = held_out_iob2 {
        std::fs::write(p, re3d::to_iob2(&r.held_out)).map_err(|source| NlpError::Io {
            path: p.to_path_buf(),
            source,
        })?;
    }
    // The conflict documents are few next to the web treebank: repeating
    // them moves the tagger towards this domain, at some cost on web text.
    for _ in 0..re3d_copies {
        sents.extend(r.train.iter().cloned());
    }
    corpus.resize(sents.len(), ner::Corpus::Re3d);
    if with_dev {
        // After tuning on it: the final annotations, which the preliminary train file lacks.
        sents.extend(conllu::read_file(&paths.uner_dev())?);
    }
    corpus.resize(sents.len(), ner::Corpus::Uner);
    if paths.extra.gum_entities {
        let gum = corpora::read_gum(&paths.gum(), "train")?;
        log(format!("ner: {} GUM training sentences", gum.len()));
        sents.extend(gum);
    }
    corpus.resize(sents.len(), ner::Corpus::Gum);
    if paths.extra.wikigold {
        let wg = corpora::read_wikigold(&paths.wikigold())?;
        log(format!("ner: {} Wikigold sentences", wg.len()));
        sents.extend(wg);
    }
    corpus.resize(sents.len(), ner::Corpus::Wikigold);
    // UNER's sentences are EWT's: tag them as unseen text (see ner::jackknife).
    let ewt = paths.treebank(log)?;
    let jackknifed = match std::env::var_os("SITREP_NER_TAGS_CACHE") {
        Some(dir) => {
            let file = PathBuf::from(dir).join(format!("jackknife-s{seed}-n{}.bin", ewt.len()));
            match ner::jackknife::read(&file) {
                Ok(t) => {
                    log(format!("ner: jackknifed tags from {}", file.display()));
                    t
                }
                Err(_) => {
                    let t = ner::jackknife::tags(&ewt, &clusters, 4, 8, seed, log);
                    ner::jackknife::write(&t, &file).map_err(|source| NlpError::Io {
                        path: file.clone(),
                        source,
                    })?;
                    t
                }
            }
        }
        None => ner::jackknife::tags(&ewt, &clusters, 4, 8, seed, log),
    };
    let examples: Vec<NerExample> = sents
        .iter()
        .zip(&corpus)
        .map(|(s, &corpus)| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let gold = s.words.iter().map(|w| ner::label_id(&w.ner)).collect();
            let ex = match ner::jackknife::lookup(&jackknifed, &words) {
                Some(t) => ner::example(&words, &clusters, t, gold),
                None => ner_example(&tagger, &clusters, &words, gold),
            };
            NerExample { corpus, ..ex }
        })
        .collect();
    let kb = sitrep_core::data_dir().join("kb");
    let gazetteer = crate::gazetteer::Gazetteer::build(&paths.data, Some(&kb))?;
    log(format!("ner: gazetteer of {} names", gazetteer.len()));
    let setup = ner::DenseSetup {
        vectors: &vectors,
        blocks: dense.blocks.clone(),
        scale: dense.scale,
    };
    let mut model: Ner = ner::train(&examples, gazetteer, setup, adapt, epochs, seed, log);
    if model.registers().is_some() {
        model.set_chooser(register_chooser(paths, with_dev, log)?);
    }
    log(format!("ner: {} features", model.n_features()));
    write_model(&paths.models.join(crate::NER_FILE), |w| model.write(w))
}

/// The entity tagger's register chooser (see [`ner::register`]), learnt
/// from the training corpora's own documents: UNER's (EWT train, and dev
/// with `with_dev`) as web, re3d's training documents and GUM's training
/// news documents as news.
pub fn register_chooser(
    paths: &TrainPaths,
    with_dev: bool,
    log: Log,
) -> Result<ner::register::Chooser, NlpError> {
    use ner::register::{Chooser, Register};
    let mut uner = conllu::read_file(&paths.uner_train())?;
    if with_dev {
        uner.extend(conllu::read_file(&paths.uner_dev())?);
    }
    let web_docs = documents(&uner);
    let r = re3d::read(&paths.re3d())?;
    // re3d is 68 documents of reports, press releases and encyclopaedia
    // text; GUM's news documents (Wikinews, training split only) add
    // reporting of other topics.
    let gum_news = gum_genre_documents(&paths.gum(), "news")?;
    let mut news_docs = documents(&r.train);
    news_docs.extend(gum_news.iter().flat_map(|d| documents(d)));
    let chooser = Chooser::train(web_docs.clone(), news_docs.clone());
    let right = |docs: &[Vec<&str>], register| {
        docs.iter()
            .filter(|d| chooser.choose(d.iter().copied()) == register)
            .count()
    };
    log(format!(
        "ner: register chooser of {} words; training documents read right: web {} of {}, news {} of {}",
        chooser.len(),
        right(&web_docs, Register::Web),
        web_docs.len(),
        right(&news_docs, Register::News),
        news_docs.len()
    ));
    Ok(chooser)
}

/// The sentences of each of GUM's training documents of `genre`
/// (`files.train` names `GUM_<genre>_...`).
fn gum_genre_documents(dir: &Path, genre: &str) -> Result<Vec<Vec<GoldSentence>>, NlpError> {
    let list = dir.join("files.train");
    let names = std::fs::read_to_string(&list).map_err(|source| NlpError::Io {
        path: list.clone(),
        source,
    })?;
    let prefix = format!("GUM_{genre}_");
    let mut out = Vec::new();
    for name in names
        .lines()
        .map(str::trim)
        .filter(|n| n.starts_with(&prefix))
    {
        let path = dir.join("docs").join(format!("{name}.conllu"));
        if path.exists() {
            out.push(conllu::read_file(&path)?);
        }
    }
    Ok(out)
}

/// The words of each document of `sents` (a document starts at a
/// sentence marked `newdoc`).
fn documents(sents: &[GoldSentence]) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for s in sents {
        if s.newdoc || out.is_empty() {
            out.push(Vec::new());
        }
        if let Some(d) = out.last_mut() {
            d.extend(s.words.iter().map(|w| w.form.as_str()));
        }
    }
    out
}

fn ner_example(
    tagger: &Tagger,
    clusters: &Clusters,
    words: &[&str],
    gold: Vec<usize>,
) -> NerExample {
    let mut lex = Vec::new();
    tagger::padded_lex(words, clusters, &mut lex);
    let mut tags = vec![0u64; tagger::PAD];
    tags.extend(predicted_tags(tagger, clusters, words));
    tags.extend([1u64; tagger::PAD]);
    NerExample {
        lex,
        tags,
        gold,
        corpus: ner::Corpus::Uner,
    }
}
