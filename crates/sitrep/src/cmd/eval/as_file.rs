//! Gold texts through the path a user's file takes: written to a text file,
//! read by ingest (content sniffing), extracted, then the pipeline. What is
//! scored is then exactly what `sitrep events FILE` would write, with no
//! label that exists only in the evaluator.

use std::path::PathBuf;

use anyhow::Context;
use sitrep_core::Record;
use sitrep_ingest::{read_inputs, Limits};
use sitrep_pipeline::Pipeline;

/// A scratch folder the texts are written into, removed when dropped.
pub struct AsFile {
    dir: tempfile::TempDir,
    limits: Limits,
}

impl AsFile {
    pub fn new() -> anyhow::Result<Self> {
        Ok(AsFile {
            dir: tempfile::tempdir().context("creating a scratch folder")?,
            limits: Limits::default(),
        })
    }

    /// The record `sitrep events` writes for `text` saved as a file named
    /// after `id`; an error is what the user would see on stderr.
    pub fn record(&self, pipeline: &Pipeline, id: &str, text: &str) -> anyhow::Result<Record> {
        let name: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let path: PathBuf = self.dir.path().join(format!("{name}.txt"));
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        let mut inputs = read_inputs(&[path.display().to_string()], &self.limits);
        let raw = inputs
            .next()
            .context("the file gave no document")?
            .map_err(anyhow::Error::from)?;
        let record = pipeline.process(raw)?;
        std::fs::remove_file(&path).ok();
        Ok(record)
    }
}
