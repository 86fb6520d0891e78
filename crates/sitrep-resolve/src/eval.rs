//! Toponym resolution against a gold list (`sitrep eval places`): share of
//! rows resolved within 25 km of the gold point, and to the gold country.

use std::path::Path;

use serde::Serialize;

use crate::context::PlaceContext;
use crate::error::KbError;
use crate::places::resolve::haversine_km;
use crate::Kb;

/// Distance within which a resolution counts as right.
pub const WITHIN_KM: f64 = 25.0;

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub text: String,
    pub hint: Option<String>,
    pub gold_name: String,
    pub gold_country: String,
    pub resolved: Option<String>,
    pub country: Option<String>,
    pub km: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub rows: Vec<Row>,
    pub within: usize,
    pub right_country: usize,
    pub unresolved: usize,
}

impl Report {
    pub fn share_within(&self) -> f64 {
        self.within as f64 / self.rows.len().max(1) as f64
    }

    pub fn share_country(&self) -> f64 {
        self.right_country as f64 / self.rows.len().max(1) as f64
    }
}

/// Reads a gold TSV with columns text, country_hint, gold_name,
/// gold_country, lat, lon (header line first) and resolves every row with
/// its hint as the only context.
pub fn places(kb: &Kb, gold: &Path) -> Result<Report, KbError> {
    let text = std::fs::read_to_string(gold).map_err(|e| KbError::io(gold, e))?;
    let mut rows = Vec::new();
    let (mut within, mut right_country, mut unresolved) = (0, 0, 0);
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            return Err(KbError::bad_line(
                gold,
                i + 1,
                "expected text, country_hint, gold_name, gold_country, lat, lon",
            ));
        }
        let coord = |s: &str, what: &str| -> Result<f64, KbError> {
            s.trim().parse().map_err(|_| {
                KbError::bad_line(gold, i + 1, format!("{what} {s:?} is not a number"))
            })
        };
        let gold_point = (coord(f[4], "lat")?, coord(f[5], "lon")?);
        let hint = (!f[1].trim().is_empty()).then(|| f[1].trim().to_string());
        let ctx = match &hint {
            Some(h) => PlaceContext::with_country(h),
            None => PlaceContext::default(),
        };
        let r = kb.resolve_place(f[0], &ctx);
        let (resolved, country, km) = match &r.best {
            Some(p) => {
                let km = match (p.lat, p.lon) {
                    (Some(lat), Some(lon)) => Some(haversine_km((lat, lon), gold_point)),
                    _ => None,
                };
                (p.name.clone(), p.country.clone(), km)
            }
            None => {
                unresolved += 1;
                (None, None, None)
            }
        };
        if km.is_some_and(|k| k <= WITHIN_KM) {
            within += 1;
        }
        if country.as_deref() == Some(f[3].trim()) {
            right_country += 1;
        }
        rows.push(Row {
            text: f[0].to_string(),
            hint,
            gold_name: f[2].to_string(),
            gold_country: f[3].trim().to_string(),
            resolved,
            country,
            km,
        });
    }
    Ok(Report {
        rows,
        within,
        right_country,
        unresolved,
    })
}
