//! `sitrep eval <set>`: each gold set has its own module and measure.

use std::process::ExitCode;

use clap::Subcommand;

pub mod acled;
mod as_file;
pub mod events;
pub mod extraction;
pub mod nlp;
pub mod places;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Main-text extraction against the article-body benchmark (4-word shingles).
    Extraction(extraction::Args),
    /// UPOS/XPOS accuracy on a CoNLL-U file.
    Pos(nlp::Args),
    /// UAS/LAS with predicted tags on a CoNLL-U file.
    Parse(nlp::Args),
    /// Entity precision/recall/F1 (exact span and type) on an IOB2 file.
    Ner(nlp::Args),
    /// Token and sentence F1 from the raw `# text =` lines of a CoNLL-U file.
    Tokenize(nlp::Args),
    /// Toponym resolution: share within 25 km and right country.
    Places(places::Args),
    /// Events against the seed, CASE 2021 sub-events, PLOVER GSR or ACLED notes.
    Events(events::Args),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Extraction(a) => extraction::run(a),
        What::Pos(a) => nlp::run(nlp::Task::Pos, a),
        What::Parse(a) => nlp::run(nlp::Task::Parse, a),
        What::Ner(a) => nlp::run(nlp::Task::Ner, a),
        What::Tokenize(a) => nlp::run(nlp::Task::Tokenize, a),
        What::Places(a) => places::run(a),
        What::Events(a) => events::run(a),
    }
}
