//! `sitrep eval pos|parse|ner|tokenize --gold FILE`: the language core
//! against gold CoNLL-U / IOB2 files.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_nlp::{conllu, eval, Nlp};

pub enum Task {
    Pos,
    Parse,
    Ner,
    Tokenize,
}

#[derive(clap::Args)]
pub struct Args {
    /// Gold file: CoNLL-U (pos, parse, tokenize) or IOB2 (ner).
    #[arg(long)]
    gold: PathBuf,
    /// Model folder (default: data/models).
    #[arg(long)]
    models: Option<PathBuf>,
}

pub fn run(task: Task, args: Args) -> anyhow::Result<ExitCode> {
    let gold = conllu::read_file(&args.gold)
        .with_context(|| format!("reading gold file {}", args.gold.display()))?;
    anyhow::ensure!(
        !gold.is_empty(),
        "{} holds no sentences",
        args.gold.display()
    );
    let load = || -> anyhow::Result<Nlp> {
        let nlp = match &args.models {
            Some(dir) => Nlp::load(dir),
            None => Nlp::load_default(),
        }?;
        Ok(nlp)
    };
    let started = Instant::now();
    match task {
        Task::Pos => {
            let nlp = load()?;
            anyhow::ensure!(nlp.layers().0, "no tagger model (pos.bin) found");
            let (u, x, n) = eval::pos(&nlp, &gold);
            println!("{}: {n} words", args.gold.display());
            println!("UPOS accuracy {:.2}%", 100.0 * u);
            println!("XPOS accuracy {:.2}%", 100.0 * x);
        }
        Task::Parse => {
            let nlp = load()?;
            anyhow::ensure!(nlp.layers().1, "no parser model (parse.bin) found");
            let (uas, las, n) = eval::parse(&nlp, &gold);
            println!(
                "{}: {n} words, predicted tags, punctuation included",
                args.gold.display()
            );
            println!("UAS {:.2}%", 100.0 * uas);
            println!("LAS {:.2}%", 100.0 * las);
        }
        Task::Ner => {
            let nlp = load()?;
            anyhow::ensure!(nlp.layers().2, "no entity model (ner.bin) found");
            let (all, per_type) = eval::ner(&nlp, &gold);
            println!(
                "{}: {} sentences, exact span and type",
                args.gold.display(),
                gold.len()
            );
            println!("all  {all}");
            if nlp.has_registers() {
                let docs = eval::documents(&gold);
                let web = docs
                    .iter()
                    .filter(|d| {
                        let words = d
                            .iter()
                            .flat_map(|s| s.words.iter().map(|w| w.form.as_str()));
                        nlp.register_of(words) == sitrep_nlp::ner::register::Register::Web
                    })
                    .count();
                println!(
                    "registers: web {web}, news {} of {} documents",
                    docs.len() - web,
                    docs.len()
                );
            }
            for (t, prf) in per_type {
                println!("{t}  {prf}");
            }
            // Where the F1 is lost, per gold type: boundaries, types,
            // misses or spurious names.
            println!("errors by kind:");
            for (t, b) in sitrep_nlp::ner::errors::breakdown(&nlp, &gold) {
                println!("{t}  {b}");
            }
        }
        Task::Tokenize => {
            let (tok, sent) = eval::tokenization(&gold);
            println!(
                "{}: raw text from the `# text =` lines",
                args.gold.display()
            );
            println!("tokens     {tok}");
            println!("sentences  {sent}");
        }
    }
    eprintln!("({:.1} s)", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
