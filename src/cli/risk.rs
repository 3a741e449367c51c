//! `court-kiosk risk …` and `limitation` — placeholder until issue 7 lands.
use std::process::ExitCode;
#[derive(clap::Subcommand, Debug)]
pub enum Args {
    List,
}
#[derive(clap::Args, Debug)]
pub struct LimitationArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}
pub fn run(_a: Args, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("risk assessment is not built yet")
}
pub fn run_limitation(_a: LimitationArgs, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the limitation calculator is not built yet")
}
