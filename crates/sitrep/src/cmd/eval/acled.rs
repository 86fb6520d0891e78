//! `sitrep eval events --set acled`: ACLED export rows, the analyst's note
//! as the input text and the row as its gold record, scored the way the
//! set's owners score it (the set's README): actor names match at Dice ≥
//! 0.5 on words, the place within 25 km, fatalities both as coded and as
//! the note states them, the date, the event and sub-event type, actor2.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use serde::Deserialize;
use sitrep_core::geo::haversine_km;
use sitrep_core::{Actor, Event};
use sitrep_pipeline::{Config, Pipeline};

use super::as_file::AsFile;

/// The columns of ACLED's 2019–2022 export that are scored.
#[derive(Debug, Deserialize)]
struct Row {
    event_id_cnty: String,
    event_date: String,
    event_type: String,
    sub_event_type: String,
    actor1: String,
    actor2: String,
    location: String,
    latitude: f64,
    longitude: f64,
    notes: String,
    fatalities: u32,
}

/// Distance within which a place counts as right (the owners' measure).
const PLACE_KM: f64 = 25.0;
/// Share of words two actor names must have in common.
const ACTOR_DICE: f64 = 0.5;

fn words(name: &str) -> BTreeSet<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Dice coefficient over the two names' word sets.
fn dice(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(&b).count() as f64 / (a.len() + b.len()) as f64
}

/// The number the note itself gives when ACLED coded another: "Fatalities
/// coded as 0 (VoJ reported 3 fatalities)" states 3. `None` when the
/// report's number is unknown ("VoJ reported unknown fatalities"): the
/// stated count is then not scored. Otherwise the coded number is the one
/// the note states.
fn stated(row: &Row) -> Option<u32> {
    let lower = row.notes.to_lowercase();
    let Some(at) = lower.find("coded as") else {
        return Some(row.fatalities);
    };
    let rest = &lower[at..];
    let Some(open) = rest.find('(') else {
        return Some(row.fatalities);
    };
    let inside = &rest[open + 1..];
    let inside = &inside[..inside.find(')').unwrap_or(inside.len())];
    let Some(rep) = inside.find("reported") else {
        return Some(row.fatalities);
    };
    let after = inside[rep + "reported".len()..].trim_start();
    let after = after.strip_prefix("also").unwrap_or(after).trim_start();
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn name(a: &Actor) -> &str {
    a.name.as_deref().unwrap_or(&a.text)
}

/// ACLED's second actor: the side acted upon, or the other side of a
/// two-sided event when the output lists both as actors.
fn actor2(e: &Event) -> Option<&str> {
    e.recipients.first().or_else(|| e.actors.get(1)).map(name)
}

/// The number killed the event states (0 when it gives none).
fn fatalities(e: &Event) -> u32 {
    e.fatalities.as_ref().and_then(|c| c.min).unwrap_or(0)
}

/// The number a coder would record: the coded count when the record
/// keeps one apart, else the stated one.
fn fatalities_coded(e: &Event) -> u32 {
    e.fatalities_coded
        .as_ref()
        .and_then(|c| c.min)
        .unwrap_or_else(|| fatalities(e))
}

#[derive(Default)]
struct Field {
    ok: usize,
    n: usize,
}

impl Field {
    fn add(&mut self, ok: bool) -> bool {
        self.n += 1;
        self.ok += usize::from(ok);
        ok
    }
    fn show(&self, label: &str) {
        println!(
            "  {label:22} {:.3}  ({}/{})",
            self.ok as f64 / self.n.max(1) as f64,
            self.ok,
            self.n
        );
    }
}

#[derive(Default)]
struct Fields {
    event_type: Field,
    sub_event_type: Field,
    actor1: Field,
    actor2: Field,
    place: Field,
    fatalities_coded: Field,
    fatalities_stated: Field,
    date: Field,
}

pub fn run(gold: &Path, verbose: bool) -> anyhow::Result<ExitCode> {
    let mut reader =
        csv::Reader::from_path(gold).with_context(|| format!("reading {}", gold.display()))?;
    let rows: Vec<Row> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: not an ACLED export CSV", gold.display()))?;
    let pipeline = Pipeline::load(Config::default())?;
    let files = AsFile::new()?;
    let mut f = Fields::default();
    let (mut refused, mut no_event) = (0, 0);
    for row in &rows {
        let record = match files.record(&pipeline, &row.event_id_cnty, &row.notes) {
            Ok(r) => r,
            Err(e) => {
                refused += 1;
                eprintln!("sitrep: {}: {e:#}", row.event_id_cnty);
                score_missing(&mut f, row);
                continue;
            }
        };
        let Some(e) = record.events.first() else {
            no_event += 1;
            score_missing(&mut f, row);
            if verbose {
                println!("{}\tNO EVENT\t{}", row.event_id_cnty, row.notes);
            }
            continue;
        };
        let acled = e.acled.as_ref();
        let ty = f
            .event_type
            .add(acled.is_some_and(|a| a.event_type == row.event_type));
        let sub = f
            .sub_event_type
            .add(acled.is_some_and(|a| a.sub_event_type == row.sub_event_type));
        let a1 = e.actors.first().map(name);
        let a1_ok = f
            .actor1
            .add(a1.is_some_and(|a| dice(a, &row.actor1) >= ACTOR_DICE));
        let a2 = actor2(e);
        let a2_ok = (!row.actor2.is_empty()).then(|| {
            f.actor2
                .add(a2.is_some_and(|a| dice(a, &row.actor2) >= ACTOR_DICE))
        });
        let place = e.location.as_ref();
        let at = place.and_then(|p| Some((p.lat?, p.lon?)));
        let place_ok = f.place.add(at.is_some_and(|(lat, lon)| {
            haversine_km((lat, lon), (row.latitude, row.longitude)) <= PLACE_KM
        }));
        let killed = fatalities(e);
        let coded = fatalities_coded(e);
        let coded_ok = f.fatalities_coded.add(coded == row.fatalities);
        let stated_gold = stated(row);
        let stated_ok = stated_gold.map(|s| f.fatalities_stated.add(killed == s));
        let gold_date = NaiveDate::parse_from_str(&row.event_date, "%d %B %Y")
            .ok()
            .map(|d| d.to_string());
        let date = e.date.as_ref().and_then(|d| d.start.as_deref());
        let date_ok = f.date.add(date.is_some() && date == gold_date.as_deref());
        if verbose {
            let mark = |ok: bool| if ok { "ok" } else { "XX" };
            println!(
                "{}\ttype {} {} / {}\tsub {} {} / {}\ta1 {} {} / {}\ta2 {} {} / {}\tplace {} {} / {}\tkilled {} {} coded {} / coded {} stated {}\tdate {} {} / {}\t{}",
                row.event_id_cnty,
                mark(ty),
                acled.map_or("-", |a| a.event_type.as_str()),
                row.event_type,
                mark(sub),
                acled.map_or("-", |a| a.sub_event_type.as_str()),
                row.sub_event_type,
                mark(a1_ok),
                a1.unwrap_or("-"),
                row.actor1,
                a2_ok.map_or("--", mark),
                a2.unwrap_or("-"),
                row.actor2,
                mark(place_ok),
                place.map_or("-", |p| p.name.as_deref().unwrap_or(&p.text)),
                row.location,
                if coded_ok && stated_ok != Some(false) {
                    "ok"
                } else {
                    "XX"
                },
                killed,
                coded,
                row.fatalities,
                stated_gold.map_or("?".to_string(), |s| s.to_string()),
                mark(date_ok),
                date.unwrap_or("-"),
                gold_date.as_deref().unwrap_or("?"),
                row.notes.chars().take(160).collect::<String>()
            );
        }
    }
    println!(
        "acled: {} notes ({} refused by ingest/extraction, {} with no event); the record's first event against the row",
        rows.len(),
        refused,
        no_event
    );
    f.event_type.show("event type");
    f.sub_event_type.show("sub-event type");
    f.actor1.show("actor1 (Dice>=0.5)");
    f.actor2.show("actor2 (rows with one)");
    f.place.show("place (<=25 km)");
    f.fatalities_coded.show("fatalities as coded");
    f.fatalities_stated.show("fatalities as stated");
    f.date.show("date");
    Ok(ExitCode::SUCCESS)
}

/// A row whose text gave no event (or no record) scores wrong on every
/// field, except the fatalities when ACLED coded none.
fn score_missing(f: &mut Fields, row: &Row) {
    f.event_type.add(false);
    f.sub_event_type.add(false);
    f.actor1.add(false);
    if !row.actor2.is_empty() {
        f.actor2.add(false);
    }
    f.place.add(false);
    f.fatalities_coded.add(row.fatalities == 0);
    if let Some(s) = stated(row) {
        f.fatalities_stated.add(s == 0);
    }
    f.date.add(false);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(notes: &str, fatalities: u32) -> Row {
        Row {
            event_id_cnty: "X1".into(),
            event_date: "2 March 2020".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            actor1: String::new(),
            actor2: String::new(),
            location: String::new(),
            latitude: 0.0,
            longitude: 0.0,
            notes: notes.into(),
            fatalities,
        }
    }

    #[test]
    fn stated_count_is_the_reported_one() {
        let r = row(
            "2 guards died. Fatalities coded as 0 (Radio X reported 2 fatalities).",
            0,
        );
        assert_eq!(stated(&r), Some(2));
        let r = row("Fatalities coded as 4 (Radio X also reported 4).", 4);
        assert_eq!(stated(&r), Some(4));
        let r = row(
            "Fatalities coded as 0 (Radio X reported unknown fatalities).",
            0,
        );
        assert_eq!(stated(&r), None);
        assert_eq!(stated(&row("3 people died in the raid.", 3)), Some(3));
    }

    #[test]
    fn names_match_on_half_their_words() {
        assert!(dice("Military Forces of Chad", "Military Forces of Chad (2021-)") >= ACTOR_DICE);
        assert!(dice("Police Forces of Chad", "Military Forces of Chad (2021-)") < 0.8);
        assert_eq!(dice("", "Boko Haram"), 0.0);
    }
}
