//! Which existing cluster, if any, a new report joins.

use crate::compat::{compare, Verdict};
use crate::report::Report;

/// An existing cluster near the new report, with all its members.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub cluster: String,
    pub members: Vec<Report>,
}

/// The cluster `report` joins: one where no member rules it out and at least
/// one member is judged the same event; among several, the best-matching.
/// `None` means the report founds a new cluster.
///
/// Requiring no conflict with *any* member (rather than a match with one)
/// stops chains: a country-level report must not glue together strikes in
/// two cities of that country.
pub fn choose_cluster<'a>(report: &Report, candidates: &'a [Candidate]) -> Option<(&'a str, f64)> {
    let mut best: Option<(&str, f64)> = None;
    'clusters: for c in candidates {
        let mut top: Option<f64> = None;
        for m in &c.members {
            match compare(report, m) {
                Verdict::Different(_) => continue 'clusters,
                Verdict::Unsure(_) => {}
                Verdict::Same(s) => top = Some(top.map_or(s, |t: f64| t.max(s))),
            }
        }
        if let Some(s) = top {
            // Ties go to the older cluster (first in candidate order), so
            // assignment does not depend on hash order.
            if !matches!(best, Some((_, b)) if b >= s) {
                best = Some((c.cluster.as_str(), s));
            }
        }
    }
    best
}
