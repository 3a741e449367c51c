//! `court-kiosk ticket …` and `services` — placeholder until queue ticketing lands (issue 5).
use std::process::ExitCode;
#[derive(clap::Subcommand, Debug)]
pub enum Args {
    List,
}
#[derive(clap::Args, Debug)]
pub struct ServicesArgs {
    #[arg(long)]
    json: bool,
}
pub fn run(_a: Args, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("queue ticketing is not built yet")
}
pub fn run_services(_a: ServicesArgs, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("queue ticketing is not built yet")
}
