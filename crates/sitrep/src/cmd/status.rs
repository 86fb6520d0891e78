//! `sitrep status --db postgres://…`: how far the work queue has got, and
//! what each worker has done.

use std::process::ExitCode;

use sitrep_store_pg::PgStore;

#[derive(clap::Args)]
pub struct Args {
    /// The PostgreSQL database, `postgres://user@host[:port]/dbname`
    /// (default: $SITREP_DB).
    #[arg(long)]
    db: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let url = super::enqueue::postgres_url(args.db.as_deref())?;
    let mut store = PgStore::connect(&url)?;
    let s = store.status()?;
    let c = store.counts()?;
    println!("database  {}", store.name());
    println!(
        "queue     {} queued, {} claimed, {} claimed with lapsed lease, {} done, {} failed",
        s.queued, s.claimed, s.expired, s.done, s.failed
    );
    if s.ranges > 0 {
        println!(
            "ranges    {} of the items are WARC byte ranges ({} records)",
            s.ranges, s.range_records
        );
    }
    println!(
        "store     {} documents, {} events in {} clusters ({} reported by several documents)",
        c.documents, c.events, c.clusters, c.multi_source_clusters
    );
    if !s.workers.is_empty() {
        println!(
            "\n{:<32} {:>8} {:>8} {:>10}",
            "worker", "done", "failed", "items/s"
        );
        for w in &s.workers {
            println!(
                "{:<32} {:>8} {:>8} {:>10.2}",
                w.worker, w.done, w.failed, w.per_sec
            );
        }
    }
    if !s.recent_failures.is_empty() {
        println!("\nlatest failures:");
        for (source, error) in &s.recent_failures {
            println!("  {}", super::enqueue::with_source(source, error));
        }
    }
    Ok(ExitCode::SUCCESS)
}
