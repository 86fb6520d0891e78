//! `sitrep resolve place|actor TEXT`: one name against the knowledge base,
//! printed as the `sitrep/1` Place or Actor record; `-` reads TSV lines
//! (text, optional ISO3 hint) from stdin and writes one JSON line each,
//! loading the knowledge base once.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use serde_json::json;
use sitrep_resolve::{ActorContext, EventFamily, Kb, PlaceContext, Resolution};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Args)]
struct Common {
    /// The name as written, or `-` for TSV lines (text, optional ISO3) on stdin.
    text: String,
    /// ISO 3166-1 alpha-3 of a country the story is about.
    #[arg(long)]
    country: Option<String>,
    /// Text of the story around the name; its countries and demonyms guide the choice.
    #[arg(long)]
    context: Option<String>,
    /// Also print every candidate with its score and the key that matched.
    #[arg(long)]
    explain: bool,
}

#[derive(Subcommand)]
enum What {
    /// Resolve a place name: "al-Qaim", "Al Qaim, Anbar", "near Kharkiv".
    Place(Common),
    /// Resolve an actor name: "Kattayib Hezbollah", "Iraqi parliament", "Washington".
    Actor {
        #[command(flatten)]
        common: Common,
        /// What the actor does: military, political or protest (decides what
        /// "Washington" or "Iranian" stands for).
        #[arg(long, default_value = "political", value_parser = parse_family)]
        family: EventFamily,
    },
}

fn parse_family(s: &str) -> Result<EventFamily, String> {
    EventFamily::parse(s).ok_or_else(|| format!("{s:?} is not one of military, political, protest"))
}

fn valid_iso3(kb: &Kb, iso3: &str) -> anyhow::Result<String> {
    let iso3 = iso3.trim().to_ascii_uppercase();
    if kb.places.country_by_iso3(&iso3).is_none() {
        anyhow::bail!("country {iso3:?} is not an ISO 3166-1 alpha-3 code the gazetteer knows");
    }
    Ok(iso3)
}

fn record<T: serde::Serialize>(text: &str, r: &Resolution<T>, explain: bool) -> serde_json::Value {
    let mut v = match &r.best {
        Some(b) => serde_json::to_value(b).unwrap_or_default(),
        None => json!({ "text": text, "unresolved": true }),
    };
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "confidence".into(),
            json!((f64::from(r.confidence) * 1000.0).round() / 1000.0),
        );
        if explain {
            o.insert("matched".into(), json!(r.matched));
            let cands: Vec<_> = r
                .candidates
                .iter()
                .map(|(c, s)| json!({ "candidate": c, "score": (f64::from(*s) * 1000.0).round() / 1000.0 }))
                .collect();
            o.insert("candidates".into(), json!(cands));
        }
    }
    v
}

/// Resolves one name; `hint` is a country the caller names for it.
fn resolve_one(
    kb: &Kb,
    what: &What,
    text: &str,
    hint: Option<&str>,
    doc: &sitrep_resolve::DocContext,
) -> serde_json::Value {
    match what {
        What::Place(c) => {
            let mut ctx: PlaceContext = doc.place_context();
            if let Some(h) = hint {
                ctx.add_country(h, 10.0);
            }
            record(text, &kb.resolve_place(text, &ctx), c.explain)
        }
        What::Actor { common, family } => {
            let mut ctx: ActorContext = doc.actor_context(*family);
            if let Some(h) = hint {
                *ctx.countries.entry(h.to_string()).or_insert(0.0) += 10.0;
            }
            record(text, &kb.resolve_actor(text, &ctx), common.explain)
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let common = match &args.what {
        What::Place(c) => c,
        What::Actor { common, .. } => common,
    };
    let kb = Kb::load_default()
        .context("loading the knowledge base (build it with `sitrep kb build`)")?;
    let doc = match &common.context {
        Some(t) => kb.document_context(t),
        None => Default::default(),
    };
    let hint = common
        .country
        .as_deref()
        .map(|c| valid_iso3(&kb, c))
        .transpose()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if common.text != "-" {
        let v = resolve_one(&kb, &args.what, &common.text, hint.as_deref(), &doc);
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut bad = false;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let text = fields.next().unwrap_or("").trim();
        let row_hint = match fields.next().map(str::trim).filter(|s| !s.is_empty()) {
            Some(h) => match valid_iso3(&kb, h) {
                Ok(h) => Some(h),
                Err(e) => {
                    eprintln!("sitrep: stdin line {}: {e:#}", n + 1);
                    bad = true;
                    continue;
                }
            },
            None => hint.clone(),
        };
        let v = resolve_one(&kb, &args.what, text, row_hint.as_deref(), &doc);
        writeln!(out, "{}", serde_json::to_string(&v)?)?;
    }
    Ok(if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
