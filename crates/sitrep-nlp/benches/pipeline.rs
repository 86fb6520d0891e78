//! Tokens per second for the whole language pipeline (tokenize + tag + parse
//! + entities) on one core, over the news samples shipped in `data/samples/news`.
//!
//! `cargo bench -p sitrep-nlp --bench pipeline`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitrep_nlp::Nlp;

mod common;

fn texts() -> Vec<String> {
    common::texts(&sitrep_core::data_dir().join("samples/news"))
}

fn pipeline(c: &mut Criterion) {
    let nlp = match Nlp::load_default() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("cannot load models: {e}");
            return;
        }
    };
    let texts = texts();
    let tokens: usize = texts
        .iter()
        .map(|t| sitrep_nlp::tokenize::tokenize(t).0.len())
        .sum();
    eprintln!(
        "{} documents, {tokens} tokens; layers loaded {:?}",
        texts.len(),
        nlp.layers()
    );
    let mut g = c.benchmark_group("nlp");
    g.throughput(Throughput::Elements(tokens as u64));
    g.sample_size(10);
    g.bench_function("tokenize+tag+parse+ner", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| nlp.annotate(t).sentences.len())
                .sum::<usize>()
        })
    });
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| sitrep_nlp::tokenize::tokenize(t).0.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
