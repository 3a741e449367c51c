//! One module per subcommand family. Each exposes its clap `Args` and a `run(args, &Context)`.

pub mod config;
pub mod fee;
pub mod printer;
pub mod risk;
pub mod run;
pub mod screenshot;
pub mod sync;
pub mod ticket;

use std::path::PathBuf;

use anyhow::Context as _;

/// What every subcommand gets: the global `--config` and `--data-dir` flags.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub config_path: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
}

impl Context {
    /// The effective, validated configuration (embedded default + machine file + --data-dir).
    pub fn config(&self) -> anyhow::Result<crate::config::Config> {
        crate::config::load(self.config_path.as_deref(), self.data_dir.as_deref())
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("the configuration is not usable (run `court-kiosk config check` for every problem)")
    }
}

/// Logs go to stderr; `RUST_LOG` filters them. Log lines never carry a name, ID number or phone number.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
