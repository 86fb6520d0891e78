//! `sitrep eval places --gold FILE`: toponym resolution against a gold list
//! (text, country hint, gold name, gold country, lat, lon): share resolved
//! within 25 km and share resolved to the right country.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Gold TSV, e.g. ../shared/eval/places/dev.tsv.
    #[arg(long)]
    gold: PathBuf,
    /// List every row, not only the misses.
    #[arg(long)]
    verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let kb = sitrep_resolve::Kb::load_default().context("loading the knowledge base")?;
    let report = sitrep_resolve::eval::places(&kb, &args.gold)
        .with_context(|| format!("evaluating against {}", args.gold.display()))?;
    for r in &report.rows {
        let ok = r.km.is_some_and(|k| k <= sitrep_resolve::eval::WITHIN_KM);
        if ok && !args.verbose {
            continue;
        }
        println!(
            "{}\t{}\t{}\tgold {} ({})\tgot {} ({})\t{}",
            if ok { "ok" } else { "MISS" },
            r.text,
            r.hint.as_deref().unwrap_or("-"),
            r.gold_name,
            r.gold_country,
            r.resolved.as_deref().unwrap_or("unresolved"),
            r.country.as_deref().unwrap_or("-"),
            r.km.map(|k| format!("{k:.0} km")).unwrap_or_default()
        );
    }
    println!(
        "{} rows: within {:.0} km {:.1}% ({}), right country {:.1}% ({}), unresolved {}",
        report.rows.len(),
        sitrep_resolve::eval::WITHIN_KM,
        100.0 * report.share_within(),
        report.within,
        100.0 * report.share_country(),
        report.right_country,
        report.unresolved
    );
    Ok(ExitCode::SUCCESS)
}
