//! `sitrep`: the binary edge. Each subcommand lives in its own module under
//! `cmd/`, parses its own arguments and calls the library crates; errors
//! become one line on stderr here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// mimalloc rather than the system allocator: a page's tokens, tags and
/// argument phrases are thousands of small short-lived strings, and glibc's
/// malloc/free were a tenth of the pipeline's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ABOUT: &str = "sitrep turns raw news into conflict-event data, offline.";

const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nCode: Apache-2.0.",
    "\nPlace data: GeoNames (https://www.geonames.org/), CC BY 4.0.",
    "\nLanguage models: trained on UD English EWT and Universal NER (CC BY-SA 4.0) and re3d.",
    "\nActor dictionaries: Phoenix/PETRARCH2 (MIT), CountryInfo (CC BY-SA 3.0), PLOVER (CC BY-SA 4.0).",
    "\nSee data/README.md for every source and licence."
);

#[derive(Parser)]
#[command(name = "sitrep", version, long_version = LONG_VERSION, about = ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a database from the bundled sample corpus and show what it found.
    Demo(cmd::demo::Args),
    /// Extract the story (title, date, blocks) from pages; one document record per line.
    Extract(cmd::extract::Args),
    /// Sentences, tokens, tags, parses and entities as CoNLL-U.
    Nlp(cmd::nlp::Args),
    /// Events as sitrep/1 JSONL.
    Events(cmd::events::Args),
    /// The whole pipeline into a database.
    Run(cmd::run::Args),
    /// Put inputs on a PostgreSQL work queue for `run --worker`.
    Enqueue(cmd::enqueue::Args),
    /// Progress of a PostgreSQL work queue, per worker.
    Status(cmd::status::Args),
    /// Export events from a database.
    Export(cmd::export::Args),
    /// Serve the HTTP API and dashboard.
    Serve(cmd::serve::Args),
    /// Resolve a place or an actor name against the knowledge base.
    Resolve(cmd::resolve::Args),
    /// Build the knowledge base from raw sources.
    Kb(cmd::kb::Args),
    /// Train a language model from treebanks.
    Train(cmd::train::Args),
    /// Measure quality against gold data.
    Eval(cmd::eval::Args),
    /// Measure throughput.
    Bench(cmd::bench::Args),
}

// mimalloc's C options (`mimalloc.h`); the `mimalloc` crate exports
// the allocator only, and the symbol is in the library it links.
extern "C" {
    fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
}
/// `mi_option_purge_delay` in mimalloc 3's option enum.
const MI_OPTION_PURGE_DELAY: std::os::raw::c_int = 15;

/// Keeps memory mimalloc has freed for reuse instead of handing it back to
/// the OS a second after it was freed. Why: a batch run frees a page's
/// trees and buffers and allocates the next page's moments later; memory
/// given back and taken again is zeroed again by the kernel, which was 5 %
/// of a 91-page `sitrep events` run (2,300 page faults against 3,100-4,600).
/// Not for `serve`, which may sit idle after a burst.
fn keep_freed_memory() {
    // SAFETY: sets one integer option; mimalloc reads options atomically
    // and accepts -1 ("never purge") for this one.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        keep_freed_memory();
    }
    let result = match cli.command {
        Command::Demo(a) => cmd::demo::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Nlp(a) => cmd::nlp::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::Enqueue(a) => cmd::enqueue::run(a),
        Command::Status(a) => cmd::status::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Resolve(a) => cmd::resolve::run(a),
        Command::Kb(a) => cmd::kb::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Bench(a) => cmd::bench::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: {e:#}");
            ExitCode::from(1)
        }
    }
}
