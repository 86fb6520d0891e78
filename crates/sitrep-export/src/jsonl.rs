//! JSONL: sitrep/1 records, one per line; with `--clusters`, one line per
//! cluster: `{"schema":"sitrep/1","cluster":…,"n_events":…,"sources":[…],"event":…}`.

use std::io::Write;

use serde_json::json;
use sitrep_store::ReadStore;

use crate::{ExportError, Options};

pub(crate) fn write<S, W>(store: &mut S, options: &Options, out: W) -> Result<u64, ExportError>
where
    S: ReadStore,
    ExportError: From<S::Error>,
    W: Write,
{
    let mut out = std::io::BufWriter::new(out);
    let mut n = 0u64;
    if options.clusters {
        store.read_clusters(&options.filter, false, |c| -> Result<(), ExportError> {
            let sources: Vec<_> = c
                .sources
                .iter()
                .map(|d| {
                    json!({"id": d.id, "source": d.source, "url": d.url,
                           "title": d.title, "published": d.published})
                })
                .collect();
            let line = json!({
                "schema": sitrep_core::SCHEMA,
                "cluster": c.event.id,
                "n_events": c.n_events,
                "n_sources": c.sources.len(),
                "sources": sources,
                "event": c.event,
            });
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
            n += 1;
            Ok(())
        })?;
    } else {
        store.read_records(&options.filter, |r| -> Result<(), ExportError> {
            serde_json::to_writer(&mut out, &r)?;
            out.write_all(b"\n")?;
            n += 1;
            Ok(())
        })?;
    }
    out.flush()?;
    Ok(n)
}
