//! `court-kiosk sync [--once]`: synchronise with the court backend (`backend.mode = "remote"`).
//!
//! `--once` drains the outbox, pulls leases, documents and waiting counts once, and prints
//! `{"sent": N, "pending": N}`. Exit 0 on success; 3 when the backend refuses the device token (401: revoked or
//! unknown — nothing was accepted); 4 when the backend cannot be reached; 2 when the kiosk is not in remote mode.
//! Without `--once` it runs the background loop in the foreground until interrupted.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::sync::{self, SyncError};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// One round, then print {"sent": N, "pending": N} and exit.
    #[arg(long)]
    once: bool,
    /// Print the sync state (backlog, last success, last error) as JSON and exit.
    #[arg(long, conflicts_with = "once")]
    status: bool,
}

pub fn run(a: Args, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let cfg = ctx.config()?;
    if a.status {
        let st = sync::state(&cfg).context("cannot read the sync state")?;
        println!("{}", serde_json::to_string(&st)?);
        return Ok(ExitCode::SUCCESS);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    if !a.once {
        if cfg.backend.mode != crate::config::BackendMode::Remote {
            eprintln!("error: {}", SyncError::NotRemote);
            return Ok(ExitCode::from(2));
        }
        rt.block_on(sync::run_forever(&cfg));
        return Ok(ExitCode::SUCCESS);
    }
    let (report, result) = rt.block_on(sync::sync_once_report(&cfg));
    let print = || {
        println!(
            "{}",
            serde_json::json!({"sent": report.sent, "pending": report.pending})
        )
    };
    match result {
        Ok(()) => {
            print();
            if report.rejected > 0 {
                eprintln!(
                    "warning: the court backend refused {} record(s) for good; see `court-kiosk sync --status`",
                    report.rejected
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ SyncError::NotRemote) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
        Err(e @ SyncError::Unauthorized(_)) => {
            print();
            eprintln!("error: {e}; nothing was sent");
            Ok(ExitCode::from(3))
        }
        Err(e @ SyncError::Backend(_)) => {
            print();
            eprintln!("error: {e}; the outbox is kept and will be sent by the next sync");
            Ok(ExitCode::from(4))
        }
        Err(e @ SyncError::Store(_)) => Err(e).context("the local store failed during sync"),
    }
}
