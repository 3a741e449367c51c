//! `court-kiosk fee` — placeholder until the fee calculator lands (issue 4).
use std::process::ExitCode;
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}
pub fn run(_a: Args, _c: &super::Context) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the fee calculator is not built yet")
}
