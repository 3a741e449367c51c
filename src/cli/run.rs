//! `court-kiosk` / `court-kiosk run`: the kiosk window on the configured display backend.

use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;

use anyhow::Context as _;

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
    let ui = AppWindow::new().context("cannot open the kiosk window (is a display available? see README)")?;
    ui.set_screen_width(w as f32);
    ui.set_screen_height(h as f32);
    if !a.windowed {
        ui.window().set_fullscreen(true);
    }
    let env = AppEnv { config, clock: Rc::new(chrono::Utc::now) };
    let _shell = Shell::install(&ui, env);
    tracing::info!("kiosk started");
    ui.run().context("the kiosk window stopped with an error")?;
    Ok(ExitCode::SUCCESS)
}
