//! Tokens per second for the whole language pipeline (tokenize + tag + parse
//! + entities) on one core, over the news samples shipped in `data/samples/news`.
//!
//! `cargo bench -p sitrep-nlp --bench pipeline`
//!
//! The `worst_case` group feeds inputs the issue names as hazards (one
//! sentence with no punctuation, text in other scripts) at growing sizes:
//! tokens per second that stay flat as the size quadruples show the whole
//! pipeline runs in linear time on them (a test cannot time this fairly).

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

/// `n` words cycling through `words`, joined by spaces: no sentence ends.
fn unpunctuated(words: &[&str], n: usize) -> String {
    (0..n)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn worst_case(c: &mut Criterion) {
    let Ok(nlp) = Nlp::load_default() else {
        return;
    };
    // A run-on report: clauses chained with "and", never a full stop.
    let english = "gunmen shelled a checkpoint outside Kherson and police said \
                   three soldiers were wounded and the army returned fire"
        .split(' ')
        .collect::<Vec<_>>();
    // Arabic and Cyrillic words the models have never seen, in no sentence.
    let scripts = [
        "قصفت",
        "القوات",
        "مواقع",
        "في",
        "بغداد",
        "Вооружённые",
        "силы",
        "заявили",
        "об",
        "ударе",
    ];
    let mut g = c.benchmark_group("worst_case");
    g.sample_size(10);
    for n in [2_500usize, 10_000, 40_000] {
        for (name, words) in [
            ("no_punctuation", english.as_slice()),
            ("other_scripts", &scripts[..]),
        ] {
            let text = unpunctuated(words, n);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_function(format!("{name}/{n}"), |b| {
                b.iter(|| nlp.annotate(&text).sentences.len())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, pipeline, worst_case);
criterion_main!(benches);
