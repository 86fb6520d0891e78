//! `sitrep bench <stage>`: throughput on one thread, measured here rather
//! than in timed tests (which would be flaky on shared CI machines).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use sitrep_extract::{extract, ExtractOptions};

use crate::cmd::eval::extraction::{load_gold, read_page};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Main-text extraction over the pages of an article-body gold folder
    /// (`DIR/html/*.html.gz`), pages already decompressed and decoded in memory.
    Extraction(ExtractionArgs),
}

#[derive(clap::Args)]
struct ExtractionArgs {
    /// Folder with `html/<id>.html.gz` and `ground-truth.json`.
    #[arg(long)]
    gold: PathBuf,
    /// Timed passes over all pages; the median pass is reported.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Extraction(a) => extraction(a),
    }
}

fn extraction(args: ExtractionArgs) -> anyhow::Result<ExitCode> {
    let gold = load_gold(&args.gold)?;
    let mut pages = Vec::with_capacity(gold.len());
    for (id, (_, path)) in &gold {
        pages.push(read_page(path, id)?);
    }
    let bytes: usize = pages.iter().map(|p| p.body.as_str().len()).sum();
    let opts = ExtractOptions::default();
    // One untimed pass warms caches and the allocator.
    let mut chars = 0usize;
    for p in &pages {
        chars += extract(p, &opts).map(|d| d.text.len()).unwrap_or(0);
    }
    let mut secs = Vec::with_capacity(args.rounds.max(1));
    for _ in 0..args.rounds.max(1) {
        let t = Instant::now();
        for p in &pages {
            chars += extract(p, &opts).map(|d| d.text.len()).unwrap_or(0);
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    secs.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2].max(1e-9);
    std::hint::black_box(chars);
    println!(
        "extraction: {} pages ({:.1} MB), {} rounds, one thread",
        pages.len(),
        bytes as f64 / 1e6,
        secs.len()
    );
    println!(
        "pages/s: {:.1}  MB/s: {:.1}  (median round {:.3} s)",
        pages.len() as f64 / median,
        bytes as f64 / median / 1e6,
        median
    );
    Ok(ExitCode::SUCCESS)
}
