//! Resolution speed and knowledge-base load time:
//! `cargo bench -p sitrep-resolve --bench resolve`.
//!
//! Names are the dev-list spellings and the seed's actors, so the mix has
//! exact names, alternate names, skeleton matches and composites.

use criterion::{criterion_group, criterion_main, Criterion};
use sitrep_resolve::{ActorContext, EventFamily, Kb, PlaceContext};

const PLACES: &[(&str, &str)] = &[
    ("Deir al-Zour", ""),
    ("Dayr az Zawr", "SYR"),
    ("al-Qaim", "IRQ"),
    ("Baghdad", ""),
    ("Tripoli", "LBN"),
    ("Kharkov", ""),
    ("Sana'a", "YEM"),
    ("Khan Younis", ""),
    ("near Mosul", "IRQ"),
    ("Al Qaim, Anbar", ""),
    ("Albukamal", "SYR"),
    ("Xyzzyqwerty", ""),
];

const ACTORS: &[&str] = &[
    "Kattayib Hezbollah",
    "Popular Mobilization Forces",
    "Iranian Revolutionary Guards",
    "Iraqi parliament",
    "Iraqi Foreign Minister Fuad Hussein",
    "Washington",
    "US forces",
    "Hezbollah fighters",
    "Qwertyuiop Front",
];

fn bench(c: &mut Criterion) {
    let kb = match Kb::load_default() {
        Ok(kb) => kb,
        Err(e) => {
            eprintln!("no knowledge base to benchmark ({e}); run `sitrep kb build`");
            return;
        }
    };
    let ctxs: Vec<PlaceContext> = PLACES
        .iter()
        .map(|(_, c)| {
            if c.is_empty() {
                PlaceContext::default()
            } else {
                PlaceContext::with_country(c)
            }
        })
        .collect();
    c.bench_function("resolve_place (mix of 12)", |b| {
        b.iter(|| {
            for ((name, _), ctx) in PLACES.iter().zip(&ctxs) {
                std::hint::black_box(kb.resolve_place(name, ctx));
            }
        })
    });
    let actx = ActorContext::new(EventFamily::Military);
    c.bench_function("resolve_actor (mix of 9)", |b| {
        b.iter(|| {
            for name in ACTORS {
                std::hint::black_box(kb.resolve_actor(name, &actx));
            }
        })
    });
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("Kb::load_default", |b| {
        b.iter(|| std::hint::black_box(Kb::load_default().is_ok()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
