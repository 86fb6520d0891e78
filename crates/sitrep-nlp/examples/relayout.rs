//! Rewrites the model files of a folder in the current layout, weights
//! unchanged: `cargo run --release -p sitrep-nlp --example relayout -- data/models`.
//!
//! Why: the layout of a model file can change without the model changing
//! (since 2026-12-06 the weight tables are stored as they are used, so that
//! a mapped file is used in place). Retraining would give the same weights
//! at the cost of an hour; reading and writing a file again gives them in
//! seconds. Each file is read back after writing and must write the same
//! bytes again.

use std::path::{Path, PathBuf};

use sitrep_nlp::{ner::Ner, parser::Parser, tagger::Tagger};

fn relayout<T>(
    dir: &Path,
    name: &str,
    read: impl Fn(&mut &[u8]) -> std::io::Result<T>,
    write: impl Fn(&T, &mut Vec<u8>) -> std::io::Result<()>,
) -> Result<(), String> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let model = read(&mut bytes.as_slice()).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::with_capacity(bytes.len());
    write(&model, &mut out).map_err(|e| format!("{}: {e}", path.display()))?;
    // The new file reads, and writes itself again byte for byte.
    let back = read(&mut out.as_slice())
        .map_err(|e| format!("{}: rewritten file: {e}", path.display()))?;
    let mut again = Vec::with_capacity(out.len());
    write(&back, &mut again).map_err(|e| format!("{}: {e}", path.display()))?;
    if again != out {
        return Err(format!(
            "{}: the rewritten file does not write itself again; not replaced",
            path.display()
        ));
    }
    let changed = out != bytes;
    std::fs::write(&path, &out).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "{}: {}",
        path.display(),
        if changed {
            "rewritten"
        } else {
            "already in the current layout"
        }
    );
    Ok(())
}

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data/models"));
    let results = [
        relayout(&dir, sitrep_nlp::POS_FILE, Tagger::read, |m, w| m.write(w)),
        relayout(&dir, sitrep_nlp::PARSE_FILE, Parser::read, |m, w| {
            m.write(w)
        }),
        relayout(&dir, sitrep_nlp::NER_FILE, Ner::read, |m, w| m.write(w)),
    ];
    let mut failed = false;
    for e in results.into_iter().filter_map(Result::err) {
        eprintln!("relayout: {e}");
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}
