//! `court-kiosk screenshot --screen NAME [--size WxH] [--lang zh|en] [--large-text] -o FILE.png` and
//! `court-kiosk screenshot --list`: renders a screen with the software renderer, without any display.

use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;

use anyhow::{bail, Context as _};
use slint::ComponentHandle;

use crate::app::{screens, AppAdapter, AppEnv, AppWindow, Lang, Shell};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print every screen name, one per line.
    #[arg(long, conflicts_with_all = ["screen", "output"])]
    list: bool,
    /// The screen to render (see --list).
    #[arg(long, required_unless_present = "list")]
    screen: Option<String>,
    /// Size in pixels, WIDTHxHEIGHT (default: the configured orientation, 1080x1920 portrait).
    #[arg(long)]
    size: Option<String>,
    /// Language: zh (default) or en.
    #[arg(long, value_parser = ["zh", "en"])]
    lang: Option<String>,
    /// Render in 长辈模式 (large text).
    #[arg(long = "large-text")]
    large_text: bool,
    /// Where to write the PNG.
    #[arg(short = 'o', long = "output", required_unless_present = "list")]
    output: Option<PathBuf>,
}

fn parse_size(s: &str) -> anyhow::Result<(u32, u32)> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .with_context(|| format!("--size: {s:?} is not WIDTHxHEIGHT (e.g. 1080x1920)"))?;
    let w: u32 = w
        .trim()
        .parse()
        .with_context(|| format!("--size: width {w:?} is not a whole number"))?;
    let h: u32 = h
        .trim()
        .parse()
        .with_context(|| format!("--size: height {h:?} is not a whole number"))?;
    if !(320..=7680).contains(&w) || !(320..=7680).contains(&h) {
        bail!("--size: {w}x{h} is out of range; accepted: 320 to 7680 pixels each way");
    }
    Ok((w, h))
}

pub fn run(a: Args, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    if a.list {
        for s in screens::SCREENS {
            println!("{}", s.name);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = a.screen.unwrap_or_default();
    let Some(def) = screens::find(&name) else {
        let names: Vec<&str> = screens::SCREENS.iter().map(|s| s.name).collect();
        bail!(
            "--screen: no screen named {name:?}; accepted: {}",
            names.join(", ")
        );
    };
    let out = a.output.unwrap_or_default();
    let config = Arc::new(ctx.config()?);
    let (w, h) = match a.size.as_deref() {
        Some(s) => parse_size(s)?,
        None => config.kiosk.orientation.size(),
    };
    let window = crate::headless::install(w, h)?;
    let ui = AppWindow::new().context("cannot create the kiosk window")?;
    ui.set_screen_width(w as f32);
    ui.set_screen_height(h as f32);
    let env = AppEnv {
        config,
        clock: Rc::new(chrono::Utc::now),
    };
    let shell = Shell::install(&ui, env);
    if let Some(l) = a.lang.as_deref() {
        shell.set_language(&ui, Lang::parse(l));
    }
    if a.large_text {
        ui.global::<AppAdapter>().set_large_text(true);
    }
    ui.show().context("cannot show the kiosk window")?;
    (def.prepare)(&shell, &ui);
    crate::headless::save_png(&window, w, h, &out)?;
    println!("{}", out.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        let cases: &[(&str, Option<(u32, u32)>)] = &[
            ("1080x1920", Some((1080, 1920))),
            ("1920X1080", Some((1920, 1080))),
            ("800×1280", Some((800, 1280))),
            ("1080", None),
            ("axb", None),
            ("10x10", None),
            ("-5x100", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_size(input).ok(), *want, "{input}");
        }
    }
}
