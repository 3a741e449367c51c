//! The invariants of ARCHITECTURE.md, checked on the source tree so that a change which breaks one fails CI.

use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().and_then(|x| x.to_str()) == Some(ext) {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (what, forbidden text) pairs for court-core's sources: no I/O, no clock, no async runtime, no UI, no floats
/// for money (f64 is allowed nowhere in core).
const CORE_FORBIDDEN: &[(&str, &str)] = &[
    ("file I/O", "std::fs"),
    ("networking", "std::net"),
    ("the system clock", "SystemTime::now"),
    ("the system clock", "Utc::now"),
    ("the system clock", "Local::now"),
    ("the system clock", "Instant::now"),
    ("environment", "std::env"),
    ("an async runtime", "tokio"),
    ("the UI", "slint"),
    ("floating point", "f64"),
    ("floating point", "f32"),
];

#[test]
fn core_does_no_io_and_reads_no_clock() {
    let mut srcs = Vec::new();
    files(&root().join("core/src"), "rs", &mut srcs);
    assert!(!srcs.is_empty());
    let mut problems = Vec::new();
    for f in &srcs {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (what, needle) in CORE_FORBIDDEN {
                if code.contains(needle) {
                    problems.push(format!("{}:{}: uses {what} ({needle})", f.display(), i + 1));
                }
            }
        }
    }
    let manifest = std::fs::read_to_string(root().join("core/Cargo.toml")).unwrap_or_default();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap_or("")
        .split("\n[")
        .next()
        .unwrap_or("");
    for banned in ["tokio", "rusqlite", "reqwest", "slint", "axum", "image"] {
        if deps.lines().any(|l| l.trim_start().starts_with(banned)) {
            problems.push(format!("core/Cargo.toml depends on {banned}"));
        }
    }
    assert!(
        problems.is_empty(),
        "core must stay pure:\n{}",
        problems.join("\n")
    );
}

#[test]
fn slint_files_use_theme_colours_and_tr() {
    let mut srcs = Vec::new();
    files(&root().join("ui"), "slint", &mut srcs);
    let mut problems = Vec::new();
    for f in &srcs {
        if f.ends_with("theme.slint") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            // A literal colour outside the theme.
            if let Some(pos) = code.find('#') {
                let hex: String = code[pos + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .collect();
                if hex.len() >= 3 && !code.contains("\"#") {
                    problems.push(format!(
                        "{}:{}: literal colour #{hex}; use a Theme colour",
                        f.display(),
                        i + 1
                    ));
                }
            }
            // A Chinese text literal that does not go through @tr(). Sample data of adapters (property defaults,
            // model literals) is allowed, and so is a line marked `// no-tr: <reason>` (e.g. a language's own name).
            let has_cjk = code.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let is_default = code.contains("property") || code.trim_start().starts_with('{');
            if has_cjk
                && !code.contains("@tr(")
                && code.contains("text:")
                && !is_default
                && !line.contains("no-tr:")
            {
                problems.push(format!(
                    "{}:{}: Chinese text without @tr(): {}",
                    f.display(),
                    i + 1,
                    code.trim()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
