//! `sitrep nlp [INPUT ...] [--conllu]`: sentences, tokens, tags, parses and
//! entities as CoNLL-U (entity tags in MISC as `NER=B-PER`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_nlp::{conllu, Nlp};

#[derive(clap::Args)]
pub struct Args {
    /// Files, folders or `-` for stdin: pages, text, JSONL, WARC, feeds
    /// (extracted first), or CoNLL-U with --conllu.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Inputs are CoNLL-U: keep their tokens and sentences, fill in the analysis.
    #[arg(long)]
    conllu: bool,
    /// Model folder (default: data/models).
    #[arg(long)]
    models: Option<PathBuf>,
    /// Print to stderr how many tokens the analysis took per second (model
    /// loading, reading and writing excluded).
    #[arg(long)]
    timing: bool,
    #[command(flatten)]
    analysis: AnalysisArgs,
}

/// Limits of the language analysis, shared by the commands that run it.
#[derive(clap::Args, Clone)]
pub struct AnalysisArgs {
    /// Longest sentence, in tokens, analysed whole: a longer run without a
    /// full stop (a list, a table) is cut into pieces of at most this many,
    /// so time and output stay linear in the page's length.
    #[arg(long, default_value_t = sitrep_nlp::tokenize::MAX_SENTENCE_TOKENS)]
    pub max_sentence_tokens: usize,
}

/// Time spent in the language pipeline and tokens produced.
#[derive(Default)]
struct Timing {
    measure: bool,
    tokens: usize,
    seconds: f64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match analyse(args) {
        // The reader went away (`sitrep nlp … | head`): nothing left to do.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

fn analyse(args: Args) -> anyhow::Result<ExitCode> {
    let nlp = match &args.models {
        Some(dir) => Nlp::load(dir),
        None => Nlp::load_default(),
    }
    .context("loading the language models")?;
    let mut nlp = nlp;
    nlp.set_max_sentence_tokens(args.analysis.max_sentence_tokens);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut timing = Timing {
        measure: args.timing,
        ..Timing::default()
    };
    if args.conllu {
        for input in &args.inputs {
            match conllu_input(&nlp, input, &mut timing) {
                Ok(text) => out.write_all(text.as_bytes())?,
                Err(e) => {
                    eprintln!("sitrep nlp: {e:#}");
                    failed = true;
                }
            }
        }
    } else {
        let opts = sitrep_extract::ExtractOptions::default();
        for raw in sitrep_ingest::read_inputs(&args.inputs, &sitrep_ingest::Limits::default()) {
            let doc = match raw {
                Ok(raw) => sitrep_extract::extract(&raw, &opts).map_err(anyhow::Error::from),
                Err(e) => Err(anyhow::Error::from(e)),
            };
            match doc {
                Ok(doc) => {
                    out.write_all(document(&nlp, &doc.id, &doc.text, &mut timing).as_bytes())?
                }
                Err(e) => {
                    eprintln!("sitrep nlp: {e:#}");
                    failed = true;
                }
            }
        }
    }
    out.flush()?;
    if args.timing {
        eprintln!(
            "{} tokens in {:.3} s: {:.0} tokens/s",
            timing.tokens,
            timing.seconds,
            timing.tokens as f64 / timing.seconds.max(1e-9)
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One extracted document as CoNLL-U.
fn document(nlp: &Nlp, id: &str, text: &str, timing: &mut Timing) -> String {
    if timing.measure && timing.tokens == 0 {
        // Warm up once, untimed, as spaCy's benchmark does: the first pass
        // pages the model tables in.
        nlp.annotate(text);
    }
    let started = Instant::now();
    let annotated = nlp.annotate(text);
    timing.seconds += started.elapsed().as_secs_f64();
    timing.tokens += annotated
        .sentences
        .iter()
        .map(|s| s.tokens.len())
        .sum::<usize>();
    let mut out = format!("# newdoc id = {id}\n");
    if nlp.has_registers() {
        let words = || {
            annotated
                .sentences
                .iter()
                .flat_map(|s| s.tokens.iter().map(|t| t.text.as_str()))
        };
        out.push_str(&format!(
            "# register = {} ({:.3})\n",
            nlp.register_of(words()).name(),
            nlp.register_score(words())
        ));
    }
    for (k, s) in annotated.sentences.iter().enumerate() {
        let space_after: Vec<bool> = s
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| s.tokens.get(i + 1).is_none_or(|n| n.start > t.end))
            .collect();
        conllu::write_sentence(
            &mut out,
            &format!("{id}-{}", k + 1),
            &text[s.start..s.end],
            &s.tokens,
            &space_after,
        );
    }
    out
}

/// A CoNLL-U input, re-analysed on its own tokens.
fn conllu_input(nlp: &Nlp, input: &str, timing: &mut Timing) -> anyhow::Result<String> {
    let sentences = if input == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).context("reading stdin")?;
        conllu::parse(&text, std::path::Path::new("<stdin>"))?
    } else {
        conllu::read_file(std::path::Path::new(input))?
    };
    let mut out = String::new();
    let mut k = 0;
    // Document by document (blocks of sentences if the file marks none):
    // the entity tagger reads a document's register from all its words.
    for doc in sitrep_nlp::eval::documents(&sentences) {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
            .collect();
        let started = Instant::now();
        let tokens = nlp.annotate_document(&words);
        timing.seconds += started.elapsed().as_secs_f64();
        for ((s, words), tokens) in doc.iter().zip(&words).zip(tokens) {
            k += 1;
            timing.tokens += tokens.len();
            let text = s.text.clone().unwrap_or_else(|| words.join(" "));
            conllu::write_sentence(&mut out, &format!("{input}-{k}"), &text, &tokens, &[]);
        }
    }
    Ok(out)
}
