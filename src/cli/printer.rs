//! `court-kiosk printer …`: preview an ESC/POS job, run the virtual printer, query a printer's status, print
//! the test page.
//!
//! `--printer` defaults to the configured `printer.uri` (relative `file:`/`preview:` paths then resolve against
//! the data directory); `--profile` defaults to the configured `printer.profile`.
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use court_printer::{preview, status::Fault, testpage, transport, JobResult, Profile};

#[derive(clap::Subcommand, Debug)]
pub enum Args {
    /// Turn an ESC/POS job into a PNG of the paper (and, with --text, its text lines on stdout).
    Preview(PreviewArgs),
    /// Run a virtual TCP printer that stores each job (N.bin, N.png, N.txt) and answers DLE EOT.
    Emulate(EmulateArgs),
    /// Query a printer's real-time status (DLE EOT 1–4).
    Status(StatusArgs),
    /// Print the test page: court name, every text style, a QR, rare characters, the profile.
    Test(TestArgs),
}

#[derive(clap::Args, Debug)]
pub struct PreviewArgs {
    /// The job (raw ESC/POS bytes).
    #[arg(value_name = "FILE.bin")]
    file: PathBuf,
    /// Where to write the PNG.
    #[arg(short = 'o', long = "output", value_name = "OUT.png")]
    output: PathBuf,
    /// Also print the text lines (then `[QR] data` and `[warning] …` lines) on stdout.
    #[arg(long)]
    text: bool,
    /// Paper width in mm (58 or 80); guessed from the job when absent.
    #[arg(long, value_name = "MM", value_parser = parse_width)]
    width: Option<u32>,
}

#[derive(clap::Args, Debug)]
pub struct EmulateArgs {
    /// Address to listen on, e.g. 127.0.0.1:9100.
    #[arg(long, value_name = "ADDR")]
    listen: String,
    /// Directory for the jobs and the `fault` file.
    #[arg(long = "out", value_name = "DIR", default_value = "virtual-printer")]
    out: PathBuf,
    /// Starting state; change it while running by writing a name to DIR/fault.
    #[arg(long, value_name = "STATE", default_value = "none", value_parser = parse_fault)]
    fault: Fault,
    /// Paper width in mm for the previews (58 or 80); guessed per job when absent.
    #[arg(long, value_name = "MM", value_parser = parse_width)]
    width: Option<u32>,
}

#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// Printer URI (tcp://HOST:PORT, serial:DEV?baud=N, dev:PATH, usb://VID:PID, file:PATH, preview:DIR).
    #[arg(long, value_name = "URI")]
    printer: Option<String>,
    /// Print {"online":…,"paper":"ok"|"near-end"|"out","cover_open":…,"error":…,"virtual":…}.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Printer URI; defaults to the configured printer.uri.
    #[arg(long, value_name = "URI")]
    printer: Option<String>,
    /// Printer profile (kiosk-config/printers/NAME.toml); defaults to the configured printer.profile.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
}

fn parse_width(s: &str) -> Result<u32, String> {
    match s {
        "58" => Ok(384),
        "80" => Ok(576),
        other => Err(format!("{other:?} is not a paper width; accepted: 58, 80")),
    }
}

fn parse_fault(s: &str) -> Result<Fault, String> {
    Fault::parse(s)
        .ok_or_else(|| format!("{s:?} is not a printer state; accepted: {}", Fault::NAMES))
}

pub fn run(args: Args, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    match args {
        Args::Preview(a) => run_preview(a),
        Args::Emulate(a) => run_emulate(a),
        Args::Status(a) => run_status(a, ctx),
        Args::Test(a) => run_test(a, ctx),
    }
}

fn run_preview(a: PreviewArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&a.file)
        .with_context(|| format!("cannot read the job {}", a.file.display()))?;
    let p = preview::decode_with_width(&bytes, a.width);
    let png = p.png().context("cannot encode the PNG")?;
    std::fs::write(&a.output, png)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    if a.text {
        print!("{}", transport::preview_text(&p));
    } else {
        for w in &p.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_emulate(a: EmulateArgs) -> anyhow::Result<ExitCode> {
    let emu = court_printer::emulator::Emulator::start(&a.listen, &a.out, a.fault, a.width)
        .with_context(|| {
            format!(
                "cannot start the virtual printer on {} with jobs in {}",
                a.listen,
                a.out.display()
            )
        })?;
    eprintln!(
        "virtual printer listening on {} — jobs in {}, state {} (write a state to {}/fault to change it)",
        emu.addr(),
        a.out.display(),
        a.fault.name(),
        a.out.display()
    );
    emu.wait();
    Ok(ExitCode::SUCCESS)
}

/// The printer URI and the base directory for relative paths: the flag as given (relative to the working
/// directory), or the configured URI (relative to the data directory).
fn printer_uri(
    flag: Option<String>,
    ctx: &super::Context,
) -> anyhow::Result<(String, Option<PathBuf>)> {
    match flag {
        Some(uri) => Ok((uri, None)),
        None => {
            let cfg = ctx
                .config()
                .context("--printer not given, so the configured printer.uri is needed")?;
            Ok((cfg.printer.uri.clone(), Some(cfg.storage.data_dir.clone())))
        }
    }
}

fn run_status(a: StatusArgs, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let (uri, base) = printer_uri(a.printer, ctx)?;
    let st = transport::query_status(&uri, base.as_deref())
        .with_context(|| format!("no status from {uri}"))?;
    if a.json {
        println!("{}", st.to_json());
    } else {
        let paper = match st.paper {
            court_printer::Paper::Ok => "ok",
            court_printer::Paper::NearEnd => "near end",
            court_printer::Paper::Out => "out",
        };
        println!(
            "{uri}: {}, paper {paper}, cover {}, error {}{}",
            if st.online { "online" } else { "offline" },
            if st.cover_open { "open" } else { "closed" },
            st.error.as_deref().unwrap_or("none"),
            if st.is_virtual {
                " (virtual printer: no sensors)"
            } else {
                ""
            }
        );
    }
    Ok(if st.ready() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn run_test(a: TestArgs, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let (uri, base) = printer_uri(a.printer, ctx)?;
    // The configuration gives the court name and the profile; without a usable one the defaults are printed.
    let cfg = ctx.config();
    let profile_name = match (&a.profile, &cfg) {
        (Some(p), _) => p.clone(),
        (None, Ok(c)) => c.printer.profile.clone(),
        (None, Err(_)) => "generic-80".to_string(),
    };
    let court = match &cfg {
        Ok(c) => c.court.name.clone(),
        Err(e) => {
            eprintln!("warning: {e:#}; printing the default court name");
            testpage::DEFAULT_COURT.to_string()
        }
    };
    let profile = Profile::load_embedded(&profile_name)?;
    let job = court_printer::render(&testpage::test_page(&court, &profile), &profile)?;
    let result = transport::print_job(&uri, base.as_deref(), &profile, &job);
    match &result {
        JobResult::Printed => println!("printed: test page ({} bytes) on {uri}", job.len()),
        JobResult::Previewed { png, .. } => println!(
            "previewed: test page ({} bytes) → {}",
            job.len(),
            png.display()
        ),
        JobResult::Unconfirmed { reason } => {
            println!("unconfirmed: test page ({} bytes) — {reason}", job.len())
        }
        JobResult::Failed { reason } => bail!("failed: test page not printed — {reason}"),
    }
    Ok(ExitCode::SUCCESS)
}
