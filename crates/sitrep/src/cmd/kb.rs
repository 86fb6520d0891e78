//! `sitrep kb build`: compiles the knowledge base under `data/kb/` from
//! `../shared/data/` and the curated files; `sitrep kb stats`: what it holds
//! and how long it takes to load.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Compile GeoNames, the actor dictionaries and the curated files into data/kb/.
    Build {
        /// The shared raw data (holds geonames/ and actors/).
        #[arg(long, default_value = "../shared/data")]
        shared: PathBuf,
        /// Where the compiled files go; must hold places-supplement.tsv and actors-curated.tsv.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load the knowledge base and print its size and load time.
    Stats {
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

fn kb_dir(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| sitrep_core::data_dir().join("kb"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Build { shared, out } => {
            let out = kb_dir(out);
            let t = Instant::now();
            let s = sitrep_resolve::build::build(&shared, &out).with_context(|| {
                format!("building the knowledge base from {}", shared.display())
            })?;
            let p = &s.places;
            println!(
                "places: {} populated places, {} districts, {} regions, {} countries, {} curated; {} names, {} skeletons; {:.1} MB",
                p.places, p.districts, p.regions, p.countries, p.supplement, p.keys, p.skeleton_keys,
                p.bytes as f64 / 1e6
            );
            let a = &s.actors;
            println!(
                "actors: {} curated, {} state, {} from Phoenix/PETRARCH; {} aliases; {} agent nouns",
                a.curated, a.state, a.phoenix, a.aliases, a.agents
            );
            println!(
                "built {} in {:.1} s",
                out.display(),
                t.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        What::Stats { dir } => {
            let dir = kb_dir(dir);
            let t = Instant::now();
            let kb = sitrep_resolve::Kb::load(&dir)
                .with_context(|| format!("loading the knowledge base from {}", dir.display()))?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "{}: {} gazetteer records, {} countries, {} actors; loaded in {ms:.0} ms",
                dir.display(),
                kb.places.len(),
                kb.places.countries().len(),
                kb.actors.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
