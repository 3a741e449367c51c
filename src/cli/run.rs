//! `court-kiosk` / `court-kiosk run`: the kiosk window on the configured display backend.

use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;

use anyhow::Context as _;
use slint::ComponentHandle;

use crate::app::{AppEnv, AppWindow, Shell};

#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Run in a normal window instead of full screen (for development).
    #[arg(long)]
    windowed: bool,
}

pub fn run(a: Args, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let config = Arc::new(ctx.config()?);
    let (w, h) = config.kiosk.orientation.size();
    let ui = AppWindow::new()
        .context("cannot open the kiosk window (is a display available? see README)")?;
    ui.set_screen_width(w as f32);
    ui.set_screen_height(h as f32);
    if !a.windowed {
        ui.window().set_fullscreen(true);
    }
    let env = AppEnv {
        config,
        clock: Rc::new(chrono::Utc::now),
    };
    let _shell = Shell::install(&ui, env);
    // Issue 6: in remote mode the sync client runs in the background; its state shows on the maintenance view.
    let _sync = crate::sync::spawn_background(Arc::new(_shell.config().clone()));
    let sync_cfg = _shell.config().clone();
    _shell.add_status_source(move || {
        let rows = crate::sync::status_lines(&sync_cfg);
        rows.into_iter()
            .map(|(label, value, ok)| crate::app::maintenance::Status { label, value, ok })
            .collect()
    });
    tracing::info!("kiosk started");
    ui.run().context("the kiosk window stopped with an error")?;
    Ok(ExitCode::SUCCESS)
}
