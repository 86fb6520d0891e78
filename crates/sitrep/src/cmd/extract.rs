//! `sitrep extract`: pages in, one `sitrep/1` document record per article out.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;
use sitrep_core::{Document, Record};
use sitrep_extract::{extract_with_warnings, ExtractOptions};
use sitrep_ingest::{read_inputs, Limits};

#[derive(clap::Args)]
pub struct Args {
    /// Files, folders (read recursively) or `-` for stdin. HTML, text, JSONL,
    /// WARC, RSS/Atom, any of them gzipped; recognised by content.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Publication date to assume when a page gives none (YYYY-MM-DD).
    #[arg(long)]
    date: Option<NaiveDate>,
    /// `jsonl`: one sitrep/1 record per line; `text`: title, date and body for reading.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Text,
}

/// Resource limits, shared with other commands that read raw inputs.
#[derive(clap::Args, Clone)]
pub struct LimitArgs {
    /// Largest document (page, JSONL line, WARC record) in bytes, after decompression.
    #[arg(long, default_value_t = Limits::default().max_doc_bytes)]
    pub max_doc_bytes: u64,
    /// Largest decompressed/compressed ratio of a gzip stream (gzip-bomb guard).
    #[arg(long, default_value_t = Limits::default().max_ratio)]
    pub max_ratio: u64,
    /// Deepest HTML element nesting walked; deeper content is skipped.
    #[arg(long, default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_doc_bytes: self.max_doc_bytes,
            max_ratio: self.max_ratio,
            max_depth: self.max_depth,
        }
    }

    pub fn extract_options(&self, date: Option<NaiveDate>) -> ExtractOptions {
        ExtractOptions {
            default_date: date,
            max_depth: self.max_depth,
            max_bytes: usize::try_from(self.max_doc_bytes).unwrap_or(usize::MAX),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let limits = args.limits.limits();
    let opts = args.limits.extract_options(args.date);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for raw in read_inputs(&args.inputs, &limits) {
        let doc = match raw {
            Ok(raw) => extract_with_warnings(&raw, &opts)
                .map(|(doc, warnings)| {
                    for w in warnings {
                        eprintln!("sitrep: warning: {w}");
                    }
                    doc
                })
                .map_err(anyhow::Error::from),
            Err(e) => Err(anyhow::Error::from(e)),
        };
        match doc {
            Ok(doc) => write(&mut out, doc, args.format).context("writing to stdout")?,
            Err(e) => {
                failed = true;
                out.flush().ok();
                eprintln!("sitrep: {e}");
            }
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write(out: &mut impl Write, doc: Document, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, &Record::new(doc))?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(out, "# {}", doc.title.as_deref().unwrap_or("(no title)"))?;
            writeln!(out, "source: {}", doc.source)?;
            if let Some(d) = &doc.published {
                writeln!(out, "published: {d}")?;
            }
            writeln!(out, "\n{}\n", doc.text)?;
        }
    }
    Ok(())
}
