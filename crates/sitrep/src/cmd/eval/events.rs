//! `sitrep eval events --set seed|case2021|plover|acled --gold PATH`: events
//! against hand-made references.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::ValueEnum;
use serde_json::Value;
use sitrep_core::{Document, PloverType, RawBody, RawDoc, Record};
use sitrep_events::acled;
use sitrep_events::frames::Frame;
use sitrep_events::subevent;
use sitrep_pipeline::{Config, Pipeline};

use super::as_file::AsFile;

#[derive(clap::Args)]
pub struct Args {
    /// Which reference: the seed's gold JSON, CASE 2021 sub-event snippets
    /// (TSV), PLOVER gold-standard records (JSON), or an ACLED export (CSV)
    /// whose notes are the texts.
    #[arg(long, value_enum)]
    set: Set,
    /// The gold file (`…gold.json`, `dev.tsv`, `dev.json`, `dev.csv`).
    #[arg(long)]
    gold: PathBuf,
    /// Print each item's prediction beside its gold label.
    #[arg(long)]
    verbose: bool,
    /// CASE 2021 only: also estimate the learned sub-event classifier by
    /// K-fold cross-validation on the gold file itself (retrained per fold).
    #[arg(long)]
    cv: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Set {
    Seed,
    Case2021,
    Plover,
    Acled,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.set {
        Set::Seed => seed(&args.gold),
        Set::Case2021 => case2021(&args.gold, args.verbose, args.cv),
        Set::Plover => plover(&args.gold, args.verbose),
        Set::Acled => super::acled::run(&args.gold, args.verbose),
    }
}

fn read_json(path: &Path) -> anyhow::Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))
}

/// A bare text as a document: the snippets of the sets are already clean.
fn document(id: &str, text: &str, published: Option<&str>) -> Document {
    Document {
        id: id.to_string(),
        source: id.to_string(),
        published: published.map(str::to_string),
        text: text.to_string(),
        ..Default::default()
    }
}

fn seed(gold_path: &Path) -> anyhow::Result<ExitCode> {
    let gold = read_json(gold_path)?;
    let doc_name = gold
        .get("doc")
        .and_then(Value::as_str)
        .context("gold has no \"doc\"")?;
    let doc_path = gold_path.with_file_name(doc_name);
    let published = gold.get("published").and_then(Value::as_str);
    let date = published
        .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        .transpose()?;
    let pipeline = Pipeline::load(Config {
        date,
        ..Default::default()
    })?;
    let text = std::fs::read_to_string(&doc_path)
        .with_context(|| format!("reading {}", doc_path.display()))?;
    let record = pipeline.process(RawDoc {
        source: doc_path.display().to_string(),
        id: None,
        url: None,
        date,
        body: RawBody::Text(text),
    })?;
    let score = sitrep_events::gold::score_seed(&record, &gold);
    let mut required_found = 0;
    let mut required = 0;
    for m in &score.matches {
        let mark = if m.found() { "found" } else { "MISSED" };
        let fields: Vec<String> = m
            .checks
            .iter()
            .map(|(k, ok)| format!("{k}:{}", if *ok { "ok" } else { "no" }))
            .collect();
        println!(
            "{:4} {:8} {:6} {:24} {}",
            m.gold_id,
            if m.required { "required" } else { "optional" },
            mark,
            m.event
                .as_deref()
                .map(|e| e.rsplit(':').next().unwrap_or(e))
                .unwrap_or("-"),
            fields.join(" ")
        );
        if m.required {
            required += 1;
            required_found += usize::from(m.found());
        }
    }
    let optional_found = score
        .matches
        .iter()
        .filter(|m| !m.required && m.found())
        .count();
    println!(
        "required events found: {required_found}/{required}; optional: {optional_found}/{}",
        score.matches.len() - required
    );
    println!("events predicted: {}", record.events.len());
    println!(
        "aggregates found: {}/{}",
        score.aggregates_found, score.aggregates_total
    );
    println!(
        "ASSAULTs drawn from not-event texts: {}",
        score.violations.len()
    );
    for v in &score.violations {
        println!("  from: {v}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The CASE 2021 label a record gives its text: a claim of responsibility
/// when it carries one, the ACLED sub-event type of its main event (the
/// event listed first), or the kind of story outside ACLED's scope;
/// `NO_EVENT` when it says none of these.
pub fn output_label(record: &Record) -> &'static str {
    if record.responsibility_claim.is_some() {
        return "ATTRIB";
    }
    if let Some(kind) = record.outside_acled {
        return acled::outside_label(kind);
    }
    record
        .events
        .first()
        .and_then(|e| e.acled.as_ref())
        .and_then(|a| acled::case_label(&a.sub_event_type))
        .unwrap_or("NO_EVENT")
}

/// Reads a CASE 2021 TSV (id, snippet, label).
pub fn read_case2021(gold: &Path) -> anyhow::Result<Vec<(String, String, String)>> {
    let text =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split('\t');
        let (Some(id), Some(snippet), Some(label)) = (f.next(), f.next(), f.next()) else {
            bail!("{}:{}: expected id, snippet, label", gold.display(), n + 1);
        };
        rows.push((
            id.to_string(),
            snippet.to_string(),
            label.trim().to_string(),
        ));
    }
    Ok(rows)
}

/// Training examples for the sub-event classifier: each snippet through
/// the rules (no classifier, no story-level decision), its features, its
/// gold label and the rules' frame.
pub fn subevent_examples(
    pipeline: &Pipeline,
    rows: &[(String, String, String)],
) -> Vec<(Vec<String>, String, Frame)> {
    rows.iter()
        .map(|(id, snippet, label)| {
            let (record, rule) = pipeline.rules(document(id, snippet, None));
            (
                subevent::features(snippet, &record.events, rule.label),
                label.clone(),
                rule,
            )
        })
        .collect()
}

struct Tally {
    confusion: BTreeMap<(String, String), usize>,
}

impl Tally {
    fn new() -> Self {
        Tally {
            confusion: BTreeMap::new(),
        }
    }
    fn add(&mut self, gold: &str, predicted: &str) {
        *self
            .confusion
            .entry((gold.to_string(), predicted.to_string()))
            .or_default() += 1;
    }
    fn micro(&self) -> f64 {
        let n: usize = self.confusion.values().sum();
        let ok: usize = self
            .confusion
            .iter()
            .filter(|((g, p), _)| g == p)
            .map(|(_, c)| c)
            .sum();
        ok as f64 / n.max(1) as f64
    }
    /// Prints per-label P/R/F1 and the commonest confusions; returns macro-F1.
    fn report(&self) -> f64 {
        let mut labels: Vec<String> = self
            .confusion
            .keys()
            .flat_map(|(a, b)| [a.clone(), b.clone()])
            .collect();
        labels.sort();
        labels.dedup();
        println!(
            "{:32} {:>5} {:>5} {:>5} {:>4}",
            "label", "P", "R", "F1", "n"
        );
        let mut macro_f1 = 0.0;
        for l in &labels {
            let tp = *self.confusion.get(&(l.clone(), l.clone())).unwrap_or(&0) as f64;
            let gold_n: usize = self
                .confusion
                .iter()
                .filter(|((g, _), _)| g == l)
                .map(|(_, c)| c)
                .sum();
            let pred_n: usize = self
                .confusion
                .iter()
                .filter(|((_, p), _)| p == l)
                .map(|(_, c)| c)
                .sum();
            let p = if pred_n > 0 { tp / pred_n as f64 } else { 0.0 };
            let r = if gold_n > 0 { tp / gold_n as f64 } else { 0.0 };
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            macro_f1 += f;
            println!("{l:32} {p:5.2} {r:5.2} {f:5.2} {gold_n:4}");
        }
        println!("\nconfusion (gold → predicted, off-diagonal, most frequent first):");
        let mut off: Vec<_> = self.confusion.iter().filter(|((g, p), _)| g != p).collect();
        off.sort_by(|a, b| b.1.cmp(a.1));
        for ((g, p), c) in off.iter().take(20) {
            println!("  {c:3}  {g} → {p}");
        }
        macro_f1 / labels.len().max(1) as f64
    }
}

fn case2021(gold: &Path, verbose: bool, cv: Option<usize>) -> anyhow::Result<ExitCode> {
    let rows = read_case2021(gold)?;
    let pipeline = Pipeline::load(Config::default())?;
    let files = AsFile::new()?;
    let started = std::time::Instant::now();
    let mut output = Tally::new();
    let mut refused = 0;
    for (id, snippet, label) in &rows {
        let predicted = match files.record(&pipeline, id, snippet) {
            Ok(record) => output_label(&record),
            Err(e) => {
                refused += 1;
                eprintln!("sitrep: {id}: {e:#}");
                "REFUSED"
            }
        };
        output.add(label, predicted);
        if verbose {
            println!(
                "{}\t{id}\t{label}\t{predicted}\t{}",
                if predicted == label { "ok" } else { "XX" },
                snippet.chars().take(140).collect::<String>()
            );
        }
    }
    let per_second = rows.len() as f64 / started.elapsed().as_secs_f64();
    let macro_f1 = output.report();
    println!(
        "\ncase2021: {} snippets, each as a text file through `sitrep events` ({per_second:.0}/s; {refused} refused)",
        rows.len()
    );
    println!(
        "  main event's ACLED type (or the story's kind outside ACLED): micro-F1 {:.3}, macro-F1 {macro_f1:.3}",
        output.micro()
    );
    if let Some(k) = cv.filter(|&k| k >= 2) {
        let examples = subevent_examples(&pipeline, &rows);
        let mut folded = Tally::new();
        for fold in 0..k {
            let train: Vec<(Vec<String>, String)> = examples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, (f, l, _))| (f.clone(), l.clone()))
                .collect();
            let m = subevent::SubEventModel::train(&train, SUBEVENT_EPOCHS, SUBEVENT_SEED);
            for (i, (f, l, rule)) in examples.iter().enumerate() {
                if i % k == fold {
                    folded.add(l, subevent::story_label(Some(&m), f, rule));
                }
            }
        }
        println!(
            "  rules + classifier, {k}-fold cross-validation: micro-F1 {:.3}",
            folded.micro()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Training settings shared by `sitrep train subevent` and the
/// cross-validation here, so the estimate is of the shipped recipe.
pub const SUBEVENT_EPOCHS: usize = 12;
pub const SUBEVENT_SEED: u64 = 2021;

/// PLOVER 0.5b1 names → the current 16 types (the set's README).
fn plover_type(old: &str) -> Option<PloverType> {
    match old {
        "DEMAND" => Some(PloverType::Request),
        "DISAPPROVE" | "INVESTIGATE" => Some(PloverType::Accuse),
        "FIGHT" => Some(PloverType::Assault),
        t => PloverType::parse(t),
    }
}

fn codes(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("code").and_then(Value::as_str))
        .map(|c| c.chars().take(3).collect())
        .collect()
}

fn plover(gold: &Path, verbose: bool) -> anyhow::Result<ExitCode> {
    let records = read_json(gold)?;
    let records = records.as_array().context("expected a JSON array")?;
    let pipeline = Pipeline::load(Config::default())?;
    let files = AsFile::new()?;
    let (mut n, mut type_ok, mut refused) = (0, 0, 0);
    let (mut n_src, mut src_ok, mut n_tgt, mut tgt_ok) = (0, 0, 0, 0);
    let mut per_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in records {
        let Some(gold_type) = r.get("event").and_then(Value::as_str).and_then(plover_type) else {
            continue;
        };
        let text = r.get("text").and_then(Value::as_str).unwrap_or_default();
        let id = r.get("id").and_then(Value::as_str).unwrap_or_default();
        let record = match files.record(&pipeline, id, text) {
            Ok(r) => Some(r),
            Err(e) => {
                refused += 1;
                eprintln!("sitrep: {id}: {e:#}");
                None
            }
        };
        let main = record.as_ref().and_then(|r| r.events.first());
        n += 1;
        let ok = main.is_some_and(|e| e.plover.event == gold_type);
        type_ok += usize::from(ok);
        let entry = per_type.entry(gold_type.to_string()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(ok);
        let src = codes(r.get("source"));
        if !src.is_empty() {
            n_src += 1;
            src_ok += usize::from(main.is_some_and(|e| {
                e.actors.iter().any(|a| {
                    a.country.as_ref().is_some_and(|c| {
                        src.contains(c)
                            || (c.len() == 3
                                && src.contains(&"IGO".to_string())
                                && a.sector.iter().any(|s| s == "IGO"))
                    })
                })
            }));
        }
        let tgt = codes(r.get("target"));
        if !tgt.is_empty() {
            n_tgt += 1;
            tgt_ok += usize::from(main.is_some_and(|e| {
                e.recipients
                    .iter()
                    .any(|a| a.country.as_ref().is_some_and(|c| tgt.contains(c)))
            }));
        }
        if verbose {
            println!(
                "{}\t{gold_type}\t{}\t{:?}→{:?}\t{:?}→{:?}\t{}",
                if ok { "ok" } else { "XX" },
                main.map_or("-".to_string(), |e| e.plover.event.to_string()),
                main.map(|e| e
                    .actors
                    .iter()
                    .filter_map(|a| a.country.clone())
                    .collect::<Vec<_>>()),
                src,
                main.map(|e| e
                    .recipients
                    .iter()
                    .map(|a| format!("{}:{}", a.text, a.country.as_deref().unwrap_or("?")))
                    .collect::<Vec<_>>()),
                tgt,
                text.chars().take(120).collect::<String>()
            );
        }
    }
    for (t, (total, ok)) in &per_type {
        println!("{t:10} {ok:3}/{total:3}");
    }
    let pct = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    println!(
        "plover: {n} records ({refused} refused), event-type accuracy {:.3}, actor country accuracy {:.3} ({n_src}), recipient country accuracy {:.3} ({n_tgt})",
        pct(type_ok, n),
        pct(src_ok, n_src),
        pct(tgt_ok, n_tgt)
    );
    Ok(ExitCode::SUCCESS)
}
