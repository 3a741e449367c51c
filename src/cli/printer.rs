//! `court-kiosk printer …` — placeholder until the printer subsystem lands (issue 3).
use std::process::ExitCode;
#[derive(clap::Subcommand, Debug)]
pub enum Args {
    Test,
}
pub fn run(_a: Args, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the printer tools are not built yet")
}
