//! `sitrep events`: articles in, one `sitrep/1` record with its events per
//! article out (JSONL), the story's main event first.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use sitrep_ingest::read_inputs;
use sitrep_pipeline::{Config, Pipeline};

use super::extract::LimitArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Files, folders (read recursively) or `-` for stdin; any format `extract` reads.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Publication date to assume when a page gives none (YYYY-MM-DD); relative
    /// dates ("on Sunday") are resolved against it.
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Add, per event, the trigger, the parse path of each argument and the
    /// knowledge-base match.
    #[arg(long)]
    explain: bool,
    /// Pretty-print each record (not JSONL).
    #[arg(long)]
    pretty: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    analysis: super::nlp::AnalysisArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::load(Config {
        date: args.date,
        explain: args.explain,
        extract: Some(args.limits.extract_options(args.date)),
        max_sentence_tokens: Some(args.analysis.max_sentence_tokens),
    })?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for raw in read_inputs(&args.inputs, &args.limits.limits()) {
        let record = raw
            .map_err(anyhow::Error::from)
            .and_then(|raw| pipeline.process(raw).map_err(anyhow::Error::from));
        match record {
            Ok(record) => {
                let line = if args.pretty {
                    serde_json::to_string_pretty(&record)?
                } else {
                    serde_json::to_string(&record)?
                };
                writeln!(out, "{line}").context("writing to stdout")?;
            }
            Err(e) => {
                failed = true;
                out.flush().ok();
                eprintln!("sitrep: {e:#}");
            }
        }
    }
    out.flush().context("writing to stdout")?;
    // The process ends here, and the OS takes its memory back at once:
    // freeing the knowledge base's hundreds of thousands of small
    // allocations one by one cost more than reading a short document.
    std::mem::forget(pipeline);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
