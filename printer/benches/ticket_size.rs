//! Queue-ticket job size: ours (ESC/POS via court-printer, native QR) against python-escpos 3.x with its
//! defaults (QR as a raster image). Run: `cargo bench -p court-printer --bench ticket_size`
//! (needs `pip install python-escpos`). Targets: ours ≤ 600 bytes and ≥ 20× smaller.
//!
//! The content comes from benches/ticket_content.py, which the python script imports too.

use std::path::PathBuf;
use std::process::Command;

use court_printer::receipt::{Align, Receipt};
use court_printer::{render, Profile};

fn content() -> Result<std::collections::HashMap<String, String>, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/ticket_content.py");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect())
}

fn python_size(out: &PathBuf, qr_size: u32) -> Result<usize, String> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/python_escpos_ticket.py");
    let st = Command::new("python3")
        .arg(&script)
        .arg(out)
        .args(["--qr-size", &qr_size.to_string()])
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !st.success() {
        return Err(format!(
            "{} failed ({st}); is python-escpos installed? pip install python-escpos",
            script.display()
        ));
    }
    std::fs::metadata(out)
        .map(|m| m.len() as usize)
        .map_err(|e| e.to_string())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("ticket_size: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let c = content()?;
    let get = |k: &str| {
        c.get(k)
            .cloned()
            .ok_or_else(|| format!("ticket_content.py has no {k}"))
    };
    let ticket = Receipt::new()
        .title(get("COURT")?)
        .text(get("SERVICE")?)
        .styled(get("NUMBER")?, Align::Center, true, 4, 4)
        .text(get("WAITING")?)
        .text(get("TIME")?)
        .qr(get("URL")?)
        .cut();
    let dir = std::env::temp_dir().join(format!("court-printer-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    println!("queue ticket job size (bytes)");
    let mut ours_80 = 0;
    for name in court_printer::profile::embedded_names() {
        let profile = Profile::load_embedded(name).map_err(|e| e.to_string())?;
        let bytes = render(&ticket, &profile).map_err(|e| e.to_string())?;
        let qr = if profile.native_qr {
            "native QR"
        } else {
            "raster QR"
        };
        let text = if profile.chinese_font {
            "resident font"
        } else {
            "raster Chinese"
        };
        println!(
            "  court-printer {name:<14} {:>6}  ({qr}, {text})",
            bytes.len()
        );
        if name == "generic-80" {
            ours_80 = bytes.len();
            std::fs::write(dir.join("ours-generic-80.bin"), &bytes).map_err(|e| e.to_string())?;
        }
    }
    let py3 = python_size(&dir.join("python-escpos-qr3.bin"), 3)?;
    let py6 = python_size(&dir.join("python-escpos-qr6.bin"), 6)?;
    println!("  python-escpos defaults (raster QR, 3 dots/module)   {py3:>6}");
    println!("  python-escpos, QR module 6 dots as ours (raster)   {py6:>6}");
    let r3 = py3 as f64 / ours_80 as f64;
    let r6 = py6 as f64 / ours_80 as f64;
    println!("ratio python-escpos defaults / ours (generic-80): {r3:.1}x");
    println!("ratio python-escpos same QR size / ours (generic-80): {r6:.1}x");
    println!(
        "targets: ours <= 600 bytes: {} ({ours_80}); >= 20x smaller than defaults: {} ({r3:.1}x)",
        if ours_80 <= 600 { "met" } else { "NOT met" },
        if r3 >= 20.0 { "met" } else { "NOT met" }
    );
    println!("jobs written to {}", dir.display());
    Ok(())
}
