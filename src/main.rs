//! `court-kiosk`: the kiosk app and its command-line tools. With no subcommand it starts the kiosk window.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use court_kiosk::cli;

#[derive(Parser, Debug)]
#[command(
    name = "court-kiosk",
    version,
    about = "Self-service kiosk of a people's court litigation-service centre"
)]
struct Cli {
    /// A machine configuration file, layered over the embedded default (only the keys that differ).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// The data directory (overrides storage.data_dir).
    #[arg(long = "data-dir", global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the kiosk window (the default).
    Run(cli::run::Args),
    /// Check or show the configuration.
    #[command(subcommand)]
    Config(cli::config::Args),
    /// Render a screen to PNG without a display.
    Screenshot(cli::screenshot::Args),
    /// Receipt printer tools: preview, emulate, status, test.
    #[command(subcommand)]
    Printer(cli::printer::Args),
    /// Court fee calculator (诉讼费用交纳办法).
    Fee(cli::fee::Args),
    /// List the counter services.
    Services(cli::ticket::ServicesArgs),
    /// Queue tickets: issue, list.
    #[command(subcommand)]
    Ticket(cli::ticket::Args),
    /// Litigation-risk questionnaires: list, assess.
    #[command(subcommand)]
    Risk(cli::risk::Args),
    /// Limitation-period calculator (民法典 Art. 188–199, 201–203).
    Limitation(cli::risk::LimitationArgs),
    /// Synchronise with the court backend.
    Sync(cli::sync::Args),
}

fn main() -> ExitCode {
    cli::init_logging();
    let cli = Cli::parse();
    let ctx = cli::Context {
        config_path: cli.config,
        data_dir: cli.data_dir,
    };
    let result = match cli.command {
        None => cli::run::run(cli::run::Args::default(), &ctx),
        Some(Command::Run(a)) => cli::run::run(a, &ctx),
        Some(Command::Config(a)) => cli::config::run(a, &ctx),
        Some(Command::Screenshot(a)) => cli::screenshot::run(a, &ctx),
        Some(Command::Printer(a)) => cli::printer::run(a, &ctx),
        Some(Command::Fee(a)) => cli::fee::run(a, &ctx),
        Some(Command::Services(a)) => cli::ticket::run_services(a, &ctx),
        Some(Command::Ticket(a)) => cli::ticket::run(a, &ctx),
        Some(Command::Risk(a)) => cli::risk::run(a, &ctx),
        Some(Command::Limitation(a)) => cli::risk::run_limitation(a, &ctx),
        Some(Command::Sync(a)) => cli::sync::run(a, &ctx),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
