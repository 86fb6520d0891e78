//! Clustering in memory, for tests and evaluations over hand-made sets; the
//! store does the same against SQLite.

use crate::assign::{choose_cluster, Candidate};
use crate::report::Report;

/// All reports seen so far with their cluster ids, in arrival order.
#[derive(Debug, Default)]
pub struct MemoryIndex {
    clusters: Vec<Candidate>,
}

impl MemoryIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a report and returns the id of the cluster it joined or founded
    /// (a new cluster takes the founding event's id).
    pub fn add(&mut self, report: Report) -> String {
        let chosen = choose_cluster(&report, &self.clusters).map(|(id, _)| id.to_string());
        match chosen {
            Some(id) => {
                if let Some(c) = self.clusters.iter_mut().find(|c| c.cluster == id) {
                    c.members.push(report);
                }
                id
            }
            None => {
                let id = report.event_id.clone();
                self.clusters.push(Candidate {
                    cluster: id.clone(),
                    members: vec![report],
                });
                id
            }
        }
    }

    /// Clusters with their members' event ids.
    pub fn clusters(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        self.clusters.iter().map(|c| {
            (
                c.cluster.as_str(),
                c.members.iter().map(|m| m.event_id.as_str()).collect(),
            )
        })
    }
}
