//! The compiled gazetteer on disk and in memory.
//!
//! Why this layout: the knowledge base must load in well under 300 ms and
//! answer in microseconds. Names live in two `fst` maps (folded key and
//! consonant skeleton → a run of postings); places are fixed-width 32-byte
//! records read in place; strings sit in one blob. Loading maps the files
//! and reads the frame indexes of the three zstd tables, with no parsing of
//! the 1.2 million places; a table's frame is unpacked when first read (see
//! [`super::blocks`]).
//!
//! Files under `data/kb/`: `places.fold.fst`, `places.skel.fst`,
//! `places.postings.zst` (u32 LE: bit 31 = the place's own name, else an
//! alternate name), `places.records.zst`, `places.strings.zst` (u8 length +
//! UTF-8), `countries.tsv`.

use std::path::Path;

use sitrep_core::FileBytes;

use super::blocks::Blocks;
use super::one_edit::{OneEdit, ONE_EDIT_MAX_LEN};
use crate::error::KbError;

pub const RECORD_LEN: usize = 32;
pub const NONE: u32 = u32::MAX;
/// Set in a posting when the key came from the place's main or ASCII name.
pub const PRIMARY: u32 = 1 << 31;
/// A posting's low bits: the index of its record.
const RECORD_BITS: u32 = 21;
/// Records a posting can point to.
pub const MAX_RECORDS: usize = 1 << RECORD_BITS;
const RECORD_MASK: u32 = (1 << RECORD_BITS) - 1;
/// Where a posting keeps the [`Facts`] of its record (bits 21-30).
const FACTS_SHIFT: u32 = RECORD_BITS;

/// The record a posting points to.
pub fn record_of(p: u32) -> u32 {
    p & RECORD_MASK
}

/// The bits of a posting that keep its record's [`Facts`].
fn facts_bits(p: u32) -> u32 {
    (p & !PRIMARY) >> FACTS_SHIFT
}

/// Population floors the matcher and the resolver test a place against,
/// in ascending order (see [`Facts::at_least`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Floor {
    K1 = 1,
    K15 = 2,
    K100 = 3,
    K500 = 4,
}

const FLOORS: [u32; 4] = [1_000, 15_000, 100_000, 500_000];

/// What deciding whether a name in text is a place mention reads of a
/// place: its kind, its population against fixed floors, whether it is
/// curated or a national capital. Why kept with each posting (bits 21-30,
/// written by `sitrep kb build` since 2026-12-07): the place context of a
/// document tests every capitalised n-gram the gazetteer knows, nearly all
/// of them rejected, and reading a record meant unpacking its zstd frame,
/// a twentieth of a 91-page run's instructions. Postings without them
/// (files built before) read the record instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub kind: Kind,
    /// How many of [`FLOORS`] the population reaches.
    floors: u8,
    /// [`Rec::curated`].
    pub curated: bool,
    /// A town with the feature code of a national capital.
    pub capital: bool,
}

impl Facts {
    pub fn of(r: &Rec) -> Facts {
        Facts {
            kind: r.kind,
            floors: FLOORS.iter().filter(|&&f| r.population >= f).count() as u8,
            curated: r.curated(),
            capital: r.feature == Feature::Capital,
        }
    }

    /// Whether the population is at least the floor.
    pub fn at_least(&self, floor: Floor) -> bool {
        self.floors >= floor as u8
    }

    /// The 10 bits a posting keeps (0 is "none kept").
    fn encode(&self) -> u32 {
        (self.kind as u32 + 1)
            | (self.floors as u32) << 3
            | (self.curated as u32) << 6
            | (self.capital as u32) << 7
    }

    fn decode(bits: u32) -> Option<Facts> {
        let kind = match bits & 7 {
            0 => return None,
            k => Kind::from_u8((k - 1) as u8),
        };
        Some(Facts {
            kind,
            floors: ((bits >> 3) & 7) as u8,
            curated: bits & (1 << 6) != 0,
            capital: bits & (1 << 7) != 0,
        })
    }

    /// Whether 10 bits are ones [`Facts::encode`] writes.
    fn valid(bits: u32) -> bool {
        bits & 7 <= 4 && (bits >> 3) & 7 <= FLOORS.len() as u32 && bits >> 8 == 0
    }
}

/// A posting as `sitrep kb build` writes it: `p` (the record index and
/// [`PRIMARY`]) with the record's [`Facts`].
pub fn with_facts(p: u32, r: &Rec) -> u32 {
    p | Facts::of(r).encode() << FACTS_SHIFT
}

/// What kind of place a record is; decides the precision it resolves at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    Town = 0,
    District = 1,
    Region = 2,
    Country = 3,
}

impl Kind {
    fn from_u8(b: u8) -> Kind {
        match b {
            1 => Kind::District,
            2 => Kind::Region,
            3 => Kind::Country,
            _ => Kind::Town,
        }
    }
}

/// GeoNames feature codes that matter for choosing among namesakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Feature {
    Other = 0,
    Capital = 1,
    Admin1Seat = 2,
    Admin2Seat = 3,
    MinorSeat = 4,
    Section = 5,
    Unknown = 6,
    /// A curated site rather than a settlement (a base, a border post).
    Point = 7,
}

impl Feature {
    pub fn from_code(code: &str) -> Feature {
        match code {
            "PPLC" | "PPLG" => Feature::Capital,
            "PPLA" => Feature::Admin1Seat,
            "PPLA2" => Feature::Admin2Seat,
            "PPLA3" | "PPLA4" | "PPLA5" => Feature::MinorSeat,
            "PPLX" => Feature::Section,
            "" => Feature::Unknown,
            _ => Feature::Other,
        }
    }

    fn from_u8(b: u8) -> Feature {
        match b {
            1 => Feature::Capital,
            2 => Feature::Admin1Seat,
            3 => Feature::Admin2Seat,
            4 => Feature::MinorSeat,
            5 => Feature::Section,
            6 => Feature::Unknown,
            7 => Feature::Point,
            _ => Feature::Other,
        }
    }
}

/// One gazetteer entry as stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rec {
    /// 0 for curated places and WOF places GeoNames lacks.
    pub geonameid: u32,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    /// Offsets into the string blob; [`NONE`] when absent.
    pub name: u32,
    pub admin1: u32,
    pub admin2: u32,
    /// Index into the country table.
    pub country: u16,
    pub feature: Feature,
    pub kind: Kind,
}

impl Rec {
    /// A place of the curated supplement: added because conflict
    /// reporting names it, so it wins a tie with a namesake hamlet. WOF
    /// places without a GeoNames id carry no feature code and are not.
    pub fn curated(&self) -> bool {
        self.geonameid == 0 && matches!(self.feature, Feature::Other | Feature::Point)
    }

    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.geonameid.to_le_bytes());
        out.extend_from_slice(&self.lat.to_le_bytes());
        out.extend_from_slice(&self.lon.to_le_bytes());
        out.extend_from_slice(&self.population.to_le_bytes());
        out.extend_from_slice(&self.name.to_le_bytes());
        out.extend_from_slice(&self.admin1.to_le_bytes());
        out.extend_from_slice(&self.admin2.to_le_bytes());
        out.extend_from_slice(&self.country.to_le_bytes());
        out.push(self.feature as u8);
        out.push(self.kind as u8);
    }

    fn decode(b: &[u8]) -> Rec {
        let u = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Rec {
            geonameid: u(0),
            lat: f32::from_bits(u(4)),
            lon: f32::from_bits(u(8)),
            population: u(12),
            name: u(16),
            admin1: u(20),
            admin2: u(24),
            country: u16::from_le_bytes([b[28], b[29]]),
            feature: Feature::from_u8(b[30]),
            kind: Kind::from_u8(b[31]),
        }
    }
}

/// A country as the gazetteer and the actor table both need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    /// GeoNames' short name ("Iraq", "United States").
    pub name: String,
    /// The country's own gazetteer record (centroid, geonameid).
    pub record: u32,
    /// Nationality adjectives and nouns ("Iraqi", "Iraqis").
    pub demonyms: Vec<String>,
    /// Other names of the country ("Syrian Arab Republic", "DRC").
    pub aliases: Vec<String>,
}

/// The loaded gazetteer.
pub struct Gazetteer {
    pub(crate) fold: fst::Map<FileBytes>,
    pub(crate) skel: fst::Map<FileBytes>,
    postings: Blocks<u32>,
    records: Blocks<u8>,
    strings: Blocks<u8>,
    pub(crate) countries: Vec<Country>,
    /// Folded country names and demonyms → country index.
    pub(crate) country_names: std::collections::HashMap<String, u16>,
}

/// Packs a run of postings into one fst value.
pub fn pack_run(offset: usize, len: usize) -> u64 {
    ((offset as u64) << 24) | (len.min(0xFF_FFFF) as u64)
}

fn unpack_run(v: u64) -> (usize, usize) {
    ((v >> 24) as usize, (v & 0xFF_FFFF) as usize)
}

/// Maps a file of the knowledge base (see [`FileBytes`] for why mapped).
fn map_file(path: &Path) -> Result<FileBytes, KbError> {
    FileBytes::open(path).map_err(|e| KbError::io(path, e))
}

impl Gazetteer {
    pub fn load(dir: &Path) -> Result<Gazetteer, KbError> {
        let map = |name: &str| -> Result<fst::Map<FileBytes>, KbError> {
            let path = dir.join(name);
            fst::Map::new(map_file(&path)?).map_err(|e| KbError::corrupt(&path, e.to_string()))
        };
        let fold = map("places.fold.fst")?;
        let skel = map("places.skel.fst")?;
        let countries = load_countries(&dir.join("countries.tsv"))?;
        // The three large tables are unpacked a frame at a time when first
        // read (see `blocks`); what the whole-table check did at load is
        // done frame by frame then.
        let strings: Blocks<u8> =
            Blocks::open(&dir.join("places.strings.zst"), Box::new(|_| Ok(())))?;
        let (n_strings, n_countries) = (strings.len() as u32, countries.len());
        let records = Blocks::open(
            &dir.join("places.records.zst"),
            Box::new(move |bytes: &[u8]| {
                for (i, b) in bytes.chunks_exact(RECORD_LEN).enumerate() {
                    let r = Rec::decode(b);
                    let inside = |o: u32| o == NONE || o < n_strings;
                    if r.country as usize >= n_countries
                        || r.name >= n_strings
                        || !inside(r.admin1)
                        || !inside(r.admin2)
                    {
                        return Err(format!("record {i} of the frame points outside the tables"));
                    }
                }
                Ok(())
            }),
        )?;
        let rpath = dir.join("places.records.zst");
        if records.len() % RECORD_LEN != 0 {
            return Err(KbError::corrupt(&rpath, "length is not a multiple of 32"));
        }
        let n = (records.len() / RECORD_LEN) as u32;
        let postings = Blocks::open(
            &dir.join("places.postings.zst"),
            Box::new(move |ps: &[u32]| {
                match ps
                    .iter()
                    .find(|&&p| record_of(p) >= n || !Facts::valid(facts_bits(p)))
                {
                    Some(bad) => Err(format!("posting {bad} beyond {n} records or malformed")),
                    None => Ok(()),
                }
            }),
        )?;
        let mut country_names = std::collections::HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            for n in std::iter::once(&c.name)
                .chain(&c.demonyms)
                .chain(&c.aliases)
            {
                country_names
                    .entry(crate::normalize::fold(n))
                    .or_insert(i as u16);
            }
        }
        let g = Gazetteer {
            fold,
            skel,
            postings,
            records,
            strings,
            countries,
            country_names,
        };
        g.check(dir)?;
        Ok(g)
    }

    /// Cheap consistency checks so a truncated file fails at load, not with a
    /// panic in the middle of a run.
    fn check(&self, dir: &Path) -> Result<(), KbError> {
        let n = self.len() as u32;
        for c in &self.countries {
            if c.record >= n {
                return Err(KbError::corrupt(
                    dir.join("countries.tsv"),
                    format!("{} points beyond the records", c.iso3),
                ));
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.records.len() / RECORD_LEN
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn rec(&self, i: u32) -> Rec {
        let at = i as usize * RECORD_LEN;
        match self.records.get(at..at + RECORD_LEN) {
            Some(b) => Rec::decode(b),
            None => panic!("place record {i} beyond the {} records", self.len()),
        }
    }

    /// The [`Facts`] of a posting's record: kept with the posting, or
    /// read from the record.
    pub fn facts(&self, p: u32) -> Facts {
        match Facts::decode(facts_bits(p)) {
            Some(f) => f,
            None => Facts::of(&self.rec(record_of(p))),
        }
    }

    pub fn string(&self, off: u32) -> Option<&str> {
        if off == NONE {
            return None;
        }
        let at = off as usize;
        let len = *self.strings.get(at..at + 1)?.first()? as usize;
        std::str::from_utf8(self.strings.get(at + 1..at + 1 + len)?).ok()
    }

    pub fn country(&self, idx: u16) -> &Country {
        &self.countries[idx as usize]
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    pub fn country_by_iso3(&self, iso3: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.iso3.eq_ignore_ascii_case(iso3))
    }

    /// Folded keys one edit from `key` (not `key` itself), each with its
    /// postings, at most `limit` of them in key order.
    pub fn lookup_one_edit(&self, key: &str, limit: usize) -> Vec<(String, &[u32])> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        if key.len() > ONE_EDIT_MAX_LEN {
            return out;
        }
        let mut stream = self
            .fold
            .search(OneEdit {
                key: key.as_bytes(),
            })
            .into_stream();
        while let Some((k, v)) = stream.next() {
            if k == key.as_bytes() {
                continue;
            }
            if out.len() == limit {
                break;
            }
            let (off, len) = unpack_run(v);
            let postings = self.postings.get(off..off + len).unwrap_or(&[]);
            out.push((String::from_utf8_lossy(k).into_owned(), postings));
        }
        out
    }

    /// Postings of a folded key, or of a skeleton key.
    pub fn lookup(&self, key: &str, skeleton: bool) -> &[u32] {
        let map = if skeleton { &self.skel } else { &self.fold };
        match map.get(key) {
            Some(v) => {
                let (off, len) = unpack_run(v);
                match len {
                    0 => &[],
                    _ => self.postings.get(off..off + len).unwrap_or(&[]),
                }
            }
            None => &[],
        }
    }
}

fn load_countries(path: &Path) -> Result<Vec<Country>, KbError> {
    let text = std::fs::read_to_string(path).map_err(|e| KbError::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            return Err(KbError::bad_line(
                path,
                i + 1,
                "expected 5 tab-separated fields",
            ));
        }
        let record = f[3]
            .parse()
            .map_err(|_| KbError::bad_line(path, i + 1, "record is not a number"))?;
        out.push(Country {
            iso2: f[0].to_string(),
            iso3: f[1].to_string(),
            name: f[2].to_string(),
            record,
            demonyms: split_list(f[4]),
            aliases: f.get(5).map(|s| split_list(s)).unwrap_or_default(),
        });
    }
    if out.len() > u16::MAX as usize {
        return Err(KbError::corrupt(path, "too many countries"));
    }
    Ok(out)
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: Kind, population: u32, geonameid: u32, feature: Feature) -> Rec {
        Rec {
            geonameid,
            lat: 0.0,
            lon: 0.0,
            population,
            name: 0,
            admin1: NONE,
            admin2: NONE,
            country: 7,
            feature,
            kind,
        }
    }

    /// The facts a posting keeps are the ones its record gives, at every
    /// floor's edge, and the record index and primary flag survive them.
    #[test]
    fn posting_facts_are_the_records() {
        let kinds = [Kind::Town, Kind::District, Kind::Region, Kind::Country];
        let features = [
            Feature::Other,
            Feature::Capital,
            Feature::Point,
            Feature::Unknown,
        ];
        let pops = [
            0,
            999,
            1_000,
            14_999,
            15_000,
            99_999,
            100_000,
            499_999,
            500_000,
            u32::MAX,
        ];
        for kind in kinds {
            for feature in features {
                for pop in pops {
                    for id in [0, 42] {
                        let r = rec(kind, pop, id, feature);
                        for p in [0, 12_345 | PRIMARY, (MAX_RECORDS - 1) as u32] {
                            let q = with_facts(p, &r);
                            assert_eq!(record_of(q), record_of(p));
                            assert_eq!(q & PRIMARY, p & PRIMARY);
                            assert!(Facts::valid(facts_bits(q)));
                            let f = Facts::decode(facts_bits(q)).unwrap();
                            assert_eq!(f, Facts::of(&r));
                            for (floor, at) in [
                                (Floor::K1, 1_000),
                                (Floor::K15, 15_000),
                                (Floor::K100, 100_000),
                                (Floor::K500, 500_000),
                            ] {
                                assert_eq!(f.at_least(floor), pop >= at);
                            }
                            assert_eq!(f.curated, r.curated());
                            assert_eq!(f.capital, feature == Feature::Capital);
                        }
                    }
                }
            }
        }
        // A posting written before facts were kept has none.
        assert_eq!(Facts::decode(0), None);
    }
}
