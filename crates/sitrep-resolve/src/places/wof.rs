//! Reading the Who's On First extracts (`../shared/data/wof/CC.tsv.gz`).
//!
//! Why WOF beside GeoNames: GeoNames' `cities500` stops at towns of 500
//! people, and its admin2 table has names but no coordinates. Conflict
//! reporting names villages and districts ("Chimtal district, Balkh"); WOF
//! holds every locality GeoNames knows for its countries plus districts and
//! provinces with a point inside each. The merge itself is in
//! [`super::build`]; this module only turns the files into rows.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::error::KbError;

/// What a WOF row stands for in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WofKind {
    /// A town or village (`locality`).
    Locality,
    /// A part of a town (`neighbourhood`, `macrohood`, `borough`).
    Section,
    /// A district (`county`) or a municipality below it (`localadmin`).
    District,
    /// A province (`region`).
    Region,
}

/// One WOF place as the build needs it.
#[derive(Debug, Clone)]
pub struct WofRow {
    pub kind: WofKind,
    pub name: String,
    /// English and romanised names and variants, the WOF name first.
    pub names: Vec<String>,
    /// Preferred names in local scripts and languages.
    pub local_names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// Names of the province and district the place lies in.
    pub region: String,
    pub county: String,
    pub population: u32,
    pub geonameid: Option<u32>,
}

/// The extracts in `dir`, in file-name order so that the build is
/// deterministic.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>, KbError> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| KbError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".tsv.gz"))
        .collect();
    out.sort();
    Ok(out)
}

/// Reads one extract. Countries, macroregions and campuses are skipped:
/// countries come from GeoNames' country table, and the others are not
/// places events are reported at.
pub fn read(path: &Path) -> Result<Vec<WofRow>, KbError> {
    let f = std::fs::File::open(path).map_err(|e| KbError::io(path, e))?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(f));
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| KbError::io(path, e))?;
        if i == 0 {
            if !line.starts_with("wof_id\tplacetype") {
                return Err(KbError::bad_line(
                    path,
                    1,
                    "expected the WOF extract header",
                ));
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 13 {
            return Err(KbError::bad_line(path, i + 1, "expected 13 columns"));
        }
        let kind = match f[1] {
            "locality" => WofKind::Locality,
            "neighbourhood" | "macrohood" | "borough" => WofKind::Section,
            "county" | "localadmin" => WofKind::District,
            "region" => WofKind::Region,
            _ => continue,
        };
        let (Ok(lat), Ok(lon)) = (f[5].parse::<f64>(), f[6].parse::<f64>()) else {
            return Err(KbError::bad_line(path, i + 1, "bad coordinates"));
        };
        if f[2].trim().is_empty()
            || !lat.is_finite()
            || !lon.is_finite()
            || (lat == 0.0 && lon == 0.0)
        {
            continue;
        }
        let list = |s: &str| -> Vec<String> {
            s.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut names = list(f[3]);
        if !names.iter().any(|n| n == f[2]) {
            names.insert(0, f[2].to_string());
        }
        out.push(WofRow {
            kind,
            name: f[2].to_string(),
            names,
            local_names: list(f[4]),
            lat,
            lon,
            country: f[7].to_ascii_uppercase(),
            region: f[8].to_string(),
            county: f[9].to_string(),
            population: f[10].parse::<u64>().unwrap_or(0).min(u32::MAX as u64) as u32,
            geonameid: f[11].parse().ok().filter(|&g: &u32| g != 0),
        });
    }
    Ok(out)
}
