//! Learns the entity tagger's register chooser again and puts it into an
//! existing model with registers, weights unchanged:
//! `cargo run --release -p sitrep-nlp --example register_chooser -- ../shared/data DIR [--with-dev] [--web-prune X]`
//! (`--web-prune`: also drop the web table's weights under X, as
//! `sitrep train ner --register-prune X` would).
//!
//! Why: the chooser reads only the training corpora's documents and takes
//! a second to learn; retraining the tagger to try a change of it would
//! take minutes. `sitrep train ner --registers` learns the same chooser.

use std::path::PathBuf;

use sitrep_nlp::ner::Ner;
use sitrep_nlp::train::{register_chooser, Extra, TrainPaths};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(data), Some(dir)) = (args.first(), args.get(1)) else {
        return Err("usage: register_chooser DATA MODEL_DIR [--with-dev]".into());
    };
    let with_dev = args.iter().any(|a| a == "--with-dev");
    let paths = TrainPaths {
        data: PathBuf::from(data),
        models: PathBuf::from(dir),
        extra: Extra::default(),
    };
    let path = paths.models.join(sitrep_nlp::NER_FILE);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut model =
        Ner::read(&mut bytes.as_slice()).map_err(|e| format!("{}: {e}", path.display()))?;
    if model.registers().is_none() {
        return Err(format!("{}: the model has no registers", path.display()));
    }
    let chooser =
        register_chooser(&paths, with_dev, &mut |m| eprintln!("{m}")).map_err(|e| e.to_string())?;
    model.set_chooser(chooser);
    if let Some(x) = args
        .iter()
        .position(|a| a == "--web-prune")
        .and_then(|i| args.get(i + 1))
    {
        let min: f32 = x.parse().map_err(|_| format!("--web-prune: {x:?}"))?;
        model.prune_web(min);
    }
    let mut out = Vec::with_capacity(bytes.len());
    model
        .write(&mut out)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(&path, &out).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{}: chooser replaced", path.display());
    Ok(())
}
