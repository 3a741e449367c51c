//! `court-kiosk config check [--config PATH]` prints every problem and exits non-zero on any;
//! `court-kiosk config show` prints the effective configuration with secrets masked.

use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum Args {
    /// Validate the configuration (the embedded default, with --config layered over it).
    Check,
    /// Print the effective configuration (device token masked).
    Show,
}

pub fn run(a: Args, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let loaded = crate::config::load(ctx.config_path.as_deref(), ctx.data_dir.as_deref());
    match (a, loaded) {
        (Args::Check, Ok(cfg)) => {
            let source = ctx.config_path.as_ref().map(|p| p.display().to_string());
            println!(
                "configuration OK ({}): court {}, kiosk {}, {} services, backend {:?}",
                source.unwrap_or_else(|| "embedded default".into()),
                cfg.court.code,
                cfg.kiosk.id,
                cfg.services.len(),
                cfg.backend.mode
            );
            Ok(ExitCode::SUCCESS)
        }
        (Args::Show, Ok(cfg)) => {
            print!("{}", crate::config::show(&cfg));
            Ok(ExitCode::SUCCESS)
        }
        (_, Err(errors)) => {
            eprint!("{errors}");
            Ok(ExitCode::from(1))
        }
    }
}
