//! `sitrep train pos|parse|ner`: trains a language model from the shared
//! treebanks and writes it under `data/models/`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_nlp::train::{self, TrainPaths};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Model {
    /// UPOS/XPOS tagger from UD English EWT.
    Pos,
    /// Dependency parser from UD English EWT (needs the tagger for jackknifing only).
    Parse,
    /// Entity tagger from UNER English EWT and re3d (needs the tagger).
    Ner,
    /// Word clusters from the GloVe vectors (clusters.bin), read by the three models
    /// as features: train it first.
    Clusters,
    /// Quantised word vectors from GloVe (vectors.bin), read by the entity tagger
    /// as dense features: train it before ner.
    Vectors,
    /// ACLED sub-event classifier from the CASE 2021 snippets (needs all of the above and the KB).
    Subevent,
}

#[derive(clap::Args)]
pub struct Args {
    /// Which model to train.
    #[arg(value_enum)]
    model: Model,
    /// The shared data folder holding ud-english-ewt/, uner-english-ewt/ and re3d/.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the model (default: the data/models folder sitrep reads).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Seed for shuffling and exploration; a fixed seed gives the same model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Training epochs (default: 10 for pos, 15 for parse, 12 for ner).
    #[arg(long)]
    epochs: Option<usize>,
    /// parse: jackknife folds for predicted training tags (1 = use the saved tagger).
    #[arg(long, default_value_t = 4)]
    folds: usize,
    /// pos: ambiguity classes in training from the other folds only, and for
    /// words seen once (more accurate on EWT dev and test; the shipped
    /// pos.bin is trained with it: see data/models/README.md).
    #[arg(long)]
    fold_ambiguity: bool,
    /// ner: train on UNER only, without the re3d documents (to measure the domain gain).
    #[arg(long)]
    no_re3d: bool,
    /// ner: how many times the re3d training documents are repeated.
    #[arg(long, default_value_t = 1)]
    re3d_copies: usize,
    /// ner: also write the held-out re3d documents as an IOB2 file, for `sitrep eval ner`.
    #[arg(long)]
    held_out: Option<PathBuf>,
    /// ner: also train on the UNER dev file (for the shipped model, after tuning on dev).
    #[arg(long)]
    with_dev: bool,
    /// pos, parse, ner: add GUM's training documents to EWT train (the
    /// tagger's and parser's treebank; the entity tagger's jackknifed tags).
    #[arg(long)]
    gum: bool,
    /// ner: also train on GUM's named person/place/organization mentions.
    #[arg(long)]
    gum_entities: bool,
    /// ner: also train on Wikigold (MISC dropped).
    #[arg(long)]
    wikigold: bool,
    /// clusters, vectors: how many of the most frequent GloVe words get a cluster / a vector.
    #[arg(long, default_value_t = 200_000)]
    top: usize,
    /// ner: which word vectors feed the dense layer, comma-separated, from
    /// word, left, right, capital, run-end.
    #[arg(long, default_value = "word,left,right,capital")]
    ner_vectors: String,
    /// ner: train without the word vectors (no dense layer).
    #[arg(long)]
    no_vectors: bool,
    /// ner: scale of the (unit-length) word vectors in training, the dense
    /// features' step against the sparse features' steps of 1.
    #[arg(long, default_value_t = 1.0)]
    vector_scale: f32,
    /// ner: feature augmentation (Daumé III 2007): in training every sparse
    /// feature also fires marked with its sentence's corpus (uner, re3d,
    /// gum, wikigold); the saved model folds in the copies of
    /// `--adapt-target` only.
    #[arg(long)]
    adapt: bool,
    /// ner, with --adapt: the corpus whose feature copies the saved model
    /// keeps (uner, re3d, gum, wikigold, or shared: none).
    #[arg(long, default_value = "uner")]
    adapt_target: String,
    /// ner, with --adapt: the corpora with feature copies of their own,
    /// comma-separated; the others share UNER's copies.
    #[arg(long, default_value = "re3d,gum,wikigold")]
    adapt_apart: String,
    /// ner, with --adapt: the dense layer's blocks get corpus copies too.
    #[arg(long)]
    adapt_dense: bool,
    /// ner, with --adapt: save two registers (news: the re3d fold; web:
    /// what the UNER fold differs by) and a chooser that reads a
    /// document's register from its words, instead of one fold.
    #[arg(long)]
    registers: bool,
    /// ner, with --registers: the web table's weights smaller than this
    /// are dropped (UNER test in the web register 73.26 % at 0.5, 73.32 at
    /// 1.2, 72.88 at 2; the table 3.5, 1.7, 1.0 MB).
    #[arg(long, default_value_t = 1.2)]
    register_prune: f32,
    /// ner: corpora whose O tokens teach nothing, comma-separated (e.g.
    /// gum,wikigold: only their named spans count).
    #[arg(long, default_value = "")]
    mask_o: String,
    /// ner: the update step of each corpus's sentences, comma-separated
    /// corpus=step (e.g. gum=0.5,wikigold=0.5; the others 1).
    #[arg(long, default_value = "")]
    corpus_step: String,
    /// pos: which word vectors feed a dense layer, comma-separated, from
    /// word, left, right, capital (default none: no dense layer; measured
    /// with word,left,right, not shipped: see data/models/README.md). Read
    /// from vectors.bin in the output folder (`sitrep train vectors`).
    #[arg(long, default_value = "none")]
    pos_vectors: String,
    /// pos: the dense layer's rank (dimensions kept of the 100).
    #[arg(long, default_value_t = 16)]
    pos_rank: usize,
    /// pos: scale of the word vectors in training.
    #[arg(long, default_value_t = 1.0)]
    pos_vector_scale: f32,
    /// pos: a word's own vector feeds the dense layer only for words
    /// without an ambiguity class (unseen in training); the neighbours'
    /// vectors count for every word (`--pos-dense-unseen false`: a word's
    /// own vector counts for every word).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pos_dense_unseen: bool,
    /// parse: which positions' word vectors feed a layer scoring the moves,
    /// comma-separated, from s0, s1, s2, b0, b1, b2, s0l1, s0r1, b0l1
    /// (none: no layer). Built from the GloVe file under --data. Not in the
    /// shipped parse.bin: s0,s1,b0,b1 gives EWT dev UAS/LAS +0.29/+0.33
    /// (seeds 1, 2, 4), test +0.12/+0.08, but moves event tests as any
    /// retrained parser does (data/models/README.md).
    #[arg(long, default_value = "none")]
    parse_vectors: String,
    /// parse: how many of the most frequent GloVe words the layer covers.
    #[arg(long, default_value_t = 50_000)]
    parse_vector_top: usize,
    /// parse: scale of the word vectors in training.
    #[arg(long, default_value_t = 1.0)]
    parse_vector_scale: f32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Model::Subevent = args.model {
        return subevent(&args);
    }
    anyhow::ensure!(
        args.data.join("ud-english-ewt").is_dir(),
        "{} has no ud-english-ewt/ folder; pass --data <shared data folder>",
        args.data.display()
    );
    let models = args
        .out
        .clone()
        .unwrap_or_else(|| sitrep_core::data_dir().join("models"));
    let paths = TrainPaths {
        data: args.data.clone(),
        models: models.clone(),
        extra: train::Extra {
            gum: args.gum,
            gum_entities: args.gum_entities,
            wikigold: args.wikigold,
        },
    };
    let started = Instant::now();
    let mut log = |line: String| eprintln!("[{:>6.1}s] {line}", started.elapsed().as_secs_f64());
    let (name, bytes) = match args.model {
        Model::Pos => ("pos", train::pos(
                &paths,
                args.epochs.unwrap_or(10),
                args.seed,
                args.fold_ambiguity,
                &train::PosVectors {
                    blocks: pos_blocks(&args.pos_vectors)?,
                    scale: args.pos_vector_scale,
                    rank: args.pos_rank,
                    unseen_only: args.pos_dense_unseen,
                },
                &mut log,
            )?),
        Model::Clusters => (
            "clusters",
            train::clusters(&paths, args.top, args.seed, &mut log)?,
        ),
        Model::Vectors => ("vectors", train::vectors(&paths, args.top, &mut log)?),
        Model::Parse => (
            "parse",
            train::parse(
                &paths,
                args.epochs.unwrap_or(15),
                args.folds,
                args.seed,
                &train::ParseVectors {
                    slots: parse_slots(&args.parse_vectors)?,
                    top: args.parse_vector_top,
                    scale: args.parse_vector_scale,
                },
                &mut log,
            )?,
        ),
                Model::Subevent => unreachable!("handled above"),
        Model::Ner => (
            "ner",
            train::ner(
                &paths,
                &train::NerOptions {
                    epochs: args.epochs.unwrap_or(12),
                    re3d_copies: if args.no_re3d { 0 } else { args.re3d_copies },
                    seed: args.seed,
                    held_out_iob2: args.held_out.as_deref(),
                    with_dev: args.with_dev,
                    vectors: ner_vectors(&args)?,
                    adapt: ner_adaptation(&args)?,
                },
                &mut log,
            )
            .context("training the entity tagger (it needs data/models/pos.bin: run `sitrep train pos` first)")?,
        ),
    };
    println!(
        "{name}: wrote {} ({:.1} MB) in {:.1} s",
        models.display(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// How the entity tagger learns from the corpora other than UNER, as the
/// options ask.
fn ner_adaptation(args: &Args) -> anyhow::Result<sitrep_nlp::ner::Adaptation> {
    use sitrep_nlp::ner::{Adaptation, Corpus};
    let corpus = |name: &str| {
        Corpus::parse(name)
            .with_context(|| format!("unknown corpus {name:?} (uner, re3d, gum, wikigold)"))
    };
    let target = match args.adapt_target.as_str() {
        "shared" => None,
        name => Some(corpus(name).context("--adapt-target")?),
    };
    // A comma-separated list of corpus names, as an option gives it.
    let corpora = |list: &str, option: &'static str| {
        list.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| corpus(c).context(option))
            .collect::<anyhow::Result<Vec<_>>>()
    };
    let mask_o = corpora(&args.mask_o, "--mask-o")?;
    let apart = corpora(&args.adapt_apart, "--adapt-apart")?;
    let mut step = [1.0f32; 4];
    for item in args
        .corpus_step
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let (name, value) = item
            .split_once('=')
            .with_context(|| format!("--corpus-step: {item:?} is not corpus=step"))?;
        let value: f32 = value
            .parse()
            .with_context(|| format!("--corpus-step: {value:?} is not a number"))?;
        step[corpus(name).context("--corpus-step")?.index()] = value;
    }
    Ok(Adaptation {
        augment: args.adapt || args.registers,
        target,
        apart,
        augment_dense: args.adapt_dense,
        registers: args.registers.then_some(args.register_prune),
        mask_o,
        step,
    })
}

/// The entity tagger's dense layer as the options ask.
fn ner_vectors(args: &Args) -> anyhow::Result<train::NerVectors> {
    use sitrep_nlp::ner::dense::Block;
    let blocks = if args.no_vectors {
        Vec::new()
    } else {
        args.ner_vectors
            .split(',')
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| {
                Block::parse(b).with_context(|| {
                    format!(
                        "--ner-vectors: unknown block {b:?} (word, left, right, capital, run-end)"
                    )
                })
            })
            .collect::<anyhow::Result<Vec<Block>>>()?
    };
    anyhow::ensure!(
        args.vector_scale.is_finite() && args.vector_scale > 0.0,
        "--vector-scale must be a positive number"
    );
    Ok(train::NerVectors {
        blocks,
        scale: args.vector_scale,
    })
}

/// Trains the ACLED sub-event classifier on the CASE 2021 snippets under
/// `--data` (`../shared/eval/case2021-subevents/dev.tsv` beside the data
/// folder), with the same recipe `sitrep eval events --cv` estimates.
fn subevent(args: &Args) -> anyhow::Result<ExitCode> {
    use super::eval::events::{read_case2021, subevent_examples, SUBEVENT_EPOCHS, SUBEVENT_SEED};
    let gold = args.data.join("../eval/case2021-subevents/dev.tsv");
    let rows = read_case2021(&gold)?;
    let started = Instant::now();
    let mut pipeline = sitrep_pipeline::Pipeline::load(sitrep_pipeline::Config::default())?;
    // The classifier refines the rules' output; train it on what the rules
    // alone say, never on a previous classifier's choices.
    pipeline.set_subevent_model(None);
    let examples: Vec<(Vec<String>, String)> = subevent_examples(&pipeline, &rows)
        .into_iter()
        .map(|(f, l, _)| (f, l))
        .collect();
    let model = sitrep_events::subevent::SubEventModel::train(
        &examples,
        args.epochs.unwrap_or(SUBEVENT_EPOCHS),
        if args.seed == 1 {
            SUBEVENT_SEED
        } else {
            args.seed
        },
    );
    let models = args
        .out
        .clone()
        .unwrap_or_else(|| sitrep_core::data_dir().join("models"));
    let path = models.join(sitrep_pipeline::SUBEVENT_MODEL);
    model.save(&path)?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "subevent: wrote {} ({:.1} MB, {} examples, {} labels) in {:.1} s",
        path.display(),
        bytes as f64 / 1e6,
        examples.len(),
        model.labels.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `--pos-vectors`: the tagger's dense blocks ("" or "none": no layer).
fn parse_slots(list: &str) -> anyhow::Result<Vec<sitrep_nlp::parser::dense::Slot>> {
    use sitrep_nlp::parser::dense::Slot;
    list.split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty() && *b != "none")
        .map(|b| {
            Slot::parse(b).with_context(|| {
                format!("--parse-vectors: unknown position {b:?} (s0, s1, s2, b0, b1, b2, s0l1, s0r1, b0l1)")
            })
        })
        .collect()
}

fn pos_blocks(list: &str) -> anyhow::Result<Vec<sitrep_nlp::ner::dense::Block>> {
    use sitrep_nlp::ner::dense::Block;
    list.split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty() && *b != "none")
        .map(|b| {
            Block::parse(b)
                .filter(|b| *b != Block::RunEnd)
                .with_context(|| {
                    format!("--pos-vectors: unknown block {b:?} (word, left, right, capital)")
                })
        })
        .collect()
}
