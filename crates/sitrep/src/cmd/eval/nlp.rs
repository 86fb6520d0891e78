use std::process::ExitCode;

pub enum Task {
    Pos,
    Parse,
    Ner,
    Tokenize,
}

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_task: Task, _args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}
