//! `sitrep eval extraction --gold DIR`: main-text extraction against the
//! article-body benchmark layout (`DIR/html/<id>.html.gz`,
//! `DIR/ground-truth.json`), scored as `../shared/tools/eval_extraction.py`
//! scores it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use sitrep_core::RawDoc;
use sitrep_extract::score::{aggregate, page_counts, tokens, Counts};
use sitrep_extract::{extract, ExtractOptions};
use sitrep_ingest::{read_inputs, Limits};

#[derive(clap::Args)]
pub struct Args {
    /// Folder with `html/<id>.html.gz` and `ground-truth.json`.
    #[arg(long)]
    gold: PathBuf,
    /// Shingle length: 4 is the benchmark's metric, 1 a bag of tokens.
    #[arg(long, default_value_t = 4)]
    ngram: usize,
    /// Also write the predictions as JSONL (`id`, `articleBody`) here, for
    /// scoring with the reference Python script.
    #[arg(long)]
    write_predictions: Option<PathBuf>,
    /// Print per-page precision, recall and F1, worst first.
    #[arg(long)]
    per_page: bool,
}

/// The gold pages: id → (gold text, path of the page).
pub fn load_gold(dir: &Path) -> anyhow::Result<BTreeMap<String, (String, PathBuf)>> {
    let gt_path = dir.join("ground-truth.json");
    let raw = std::fs::read_to_string(&gt_path)
        .with_context(|| format!("{}: cannot read", gt_path.display()))?;
    let gt: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&raw)
        .with_context(|| format!("{}: not a JSON object", gt_path.display()))?;
    let mut out = BTreeMap::new();
    for (id, v) in gt {
        let body = v
            .get("articleBody")
            .and_then(|b| b.as_str())
            .unwrap_or_default()
            .to_string();
        out.insert(
            id.clone(),
            (body, dir.join("html").join(format!("{id}.html.gz"))),
        );
    }
    if out.is_empty() {
        bail!("{}: no pages", gt_path.display());
    }
    Ok(out)
}

/// Reads one gold page through ingest (gzip, charset) as a user's input would be.
pub fn read_page(path: &Path, id: &str) -> anyhow::Result<RawDoc> {
    let name = path.display().to_string();
    let mut docs = read_inputs(std::slice::from_ref(&name), &Limits::default());
    let mut raw = docs
        .next()
        .with_context(|| format!("{name}: no document"))??;
    raw.id = Some(id.to_string());
    Ok(raw)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gold = load_gold(&args.gold)?;
    let opts = ExtractOptions::default();
    let mut pages: Vec<(String, Counts)> = Vec::new();
    let mut preds = Vec::new();
    let mut spent = Duration::ZERO;
    let mut bytes = 0usize;
    let mut failed = false;
    for (id, (gold_text, path)) in &gold {
        let raw = match read_page(path, id) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("sitrep: {e:#}");
                failed = true;
                pages.push((id.clone(), page_counts(gold_text, "", args.ngram)));
                continue;
            }
        };
        bytes += raw.body.as_str().len();
        let t = Instant::now();
        let text = match extract(&raw, &opts) {
            Ok(doc) => doc.text,
            Err(e) => {
                eprintln!("sitrep: {e}");
                String::new()
            }
        };
        spent += t.elapsed();
        pages.push((id.clone(), page_counts(gold_text, &text, args.ngram)));
        preds.push((id.clone(), text));
    }
    if let Some(out) = &args.write_predictions {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(out)
                .with_context(|| format!("{}: cannot create", out.display()))?,
        );
        for (id, text) in &preds {
            serde_json::to_writer(&mut f, &serde_json::json!({"id": id, "articleBody": text}))?;
            writeln!(f)?;
        }
        f.flush()?;
    }
    let counts: Vec<Counts> = pages.iter().map(|(_, c)| *c).collect();
    let (p, r, f1) = aggregate(&counts);
    let exact = gold
        .iter()
        .zip(&preds)
        .filter(|((_, (g, _)), (_, t))| tokens(g) == tokens(t))
        .count();
    if args.per_page {
        let mut rows: Vec<_> = pages
            .iter()
            .map(|(id, c)| {
                let pf = 2.0 * c.tp as f64 / (2 * c.tp + c.fp + c.fn_).max(1) as f64;
                (pf, id, c)
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        println!("page_id\tprecision\trecall\tf1");
        for (pf, id, c) in rows {
            println!(
                "{id}\t{:.4}\t{:.4}\t{pf:.4}",
                c.precision().unwrap_or(f64::NAN),
                c.recall().unwrap_or(f64::NAN)
            );
        }
    }
    let secs = spent.as_secs_f64().max(1e-9);
    println!("pages: {}  ngram: {}", gold.len(), args.ngram);
    println!("precision {p:.4}  recall {r:.4}  F1 {f1:.4}  exact {exact}");
    println!(
        "speed: {:.0} pages/s, {:.1} MB/s (extraction only, one thread)",
        gold.len() as f64 / secs,
        bytes as f64 / secs / 1e6
    );
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
