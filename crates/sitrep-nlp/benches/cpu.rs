//! Tokens per CPU-second of the whole language pipeline, per layer, on one
//! thread. Criterion's wall-clock figures swing by ±30 % on this shared
//! 2-core machine when other builds run; the thread's CPU time does not
//! count the time other processes hold the core, so it is the steadier
//! figure to compare two versions of the code by (cache contention still
//! shows).
//!
//! `cargo bench -p sitrep-nlp --bench cpu [-- DIR]` (default: data/samples/news;
//! set `SITREP_BENCH_ROUNDS` for more rounds).

use std::path::PathBuf;
use std::time::Duration;

use sitrep_nlp::Nlp;

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

mod common;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| sitrep_core::data_dir().join("samples/news"));
    let rounds: usize = std::env::var("SITREP_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let texts = common::texts(&dir);
    let tokens: usize = texts
        .iter()
        .map(|t| sitrep_nlp::tokenize::tokenize(t).0.len())
        .sum();
    let configs: [(&str, bool, bool, bool); 4] = [
        ("tokenize", false, false, false),
        ("+tag", true, false, false),
        ("+tag+parse", true, true, false),
        ("+tag+parse+ner", true, true, true),
    ];
    if let Err(e) = Nlp::load_default() {
        eprintln!("cannot load models: {e}");
        return;
    }
    println!(
        "{}: {} documents, {tokens} tokens, best of {rounds} rounds",
        dir.display(),
        texts.len()
    );
    for (name, tag, parse, ner) in configs {
        let Ok(nlp) = Nlp::load_default() else { return };
        let nlp = nlp.keep_layers(tag, parse, ner);
        let mut best = Duration::MAX;
        for _ in 0..rounds {
            let start = thread_cpu();
            let n: usize = texts.iter().map(|t| nlp.annotate(t).sentences.len()).sum();
            std::hint::black_box(n);
            best = best.min(thread_cpu() - start);
        }
        println!(
            "{name:<16} {:>9.0} tokens per CPU-second ({:.1} ms)",
            tokens as f64 / best.as_secs_f64(),
            best.as_secs_f64() * 1e3
        );
    }
}
