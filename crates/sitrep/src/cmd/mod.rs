//! One module per subcommand. Each exposes `Args` (clap) and
//! `run(Args) -> anyhow::Result<ExitCode>`: `Ok(SUCCESS)`, `Ok(1)` when some
//! input was bad but the run went on, `Err` when nothing could be done.

pub mod bench;
pub mod demo;
pub mod enqueue;
pub mod eval;
pub mod events;
pub mod export;
pub mod extract;
pub mod kb;
pub mod nlp;
pub mod resolve;
pub mod run;
pub mod serve;
pub mod status;
pub mod train;
