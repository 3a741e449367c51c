//! `court-kiosk sync` — placeholder until the backend issue lands (issue 6).
use std::process::ExitCode;
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    once: bool,
}
pub fn run(_a: Args, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("sync is not built yet")
}
