//! Configuration: the embedded default is valid; machine files are layered; every problem is named.

use super::*;

#[test]
fn the_embedded_default_is_valid() {
    let cfg = from_texts(None).expect("default must validate");
    assert_eq!(cfg.court.name, "焦作市中级人民法院 诉讼服务中心");
    assert_eq!(cfg.court.time_zone, chrono_tz::Asia::Shanghai);
    assert_eq!(cfg.kiosk.orientation.size(), (1080, 1920));
    assert!(cfg.service("filing").is_some());
}

#[test]
fn a_machine_file_holds_only_what_differs() {
    let cfg = from_texts(Some((
        "m.toml",
        "[kiosk]\nid = \"lobby-3\"\norientation = \"landscape\"\n",
    )))
    .expect("valid");
    assert_eq!(cfg.kiosk.id, "lobby-3");
    assert_eq!(cfg.kiosk.orientation.size(), (1920, 1080));
    assert_eq!(
        cfg.kiosk.idle_timeout_s, 90,
        "untouched keys keep the default"
    );
    assert_eq!(cfg.services.len(), 8, "arrays not given keep the default");
}

/// Each bad file must be rejected with a problem at each listed key path (and the message must say what is
/// accepted, checked by `accepted`).
#[test]
fn bad_files_name_every_problem() {
    let cases: &[(&str, &[&str])] = &[
        ("[nonsense]\nx = 1\n[backend]\nurl = \"not a url\"\n", &["nonsense", "backend.url"]),
        ("[kiosk]\nrole = \"robot\"\nidle_timeout_s = 1\n", &["kiosk.role", "kiosk.idle_timeout_s"]),
        ("[kiosk]\ncolour = \"red\"\n", &["kiosk.colour"]),
        ("[printer]\npaper_mm = 70\nuri = \"lpt1\"\n", &["printer.paper_mm", "printer.uri"]),
        ("[court]\ntime_zone = \"Mars/Olympus\"\n", &["court.time_zone"]),
        ("[backend]\nmode = \"remote\"\n", &["backend.url", "backend.token"]),
        ("[kiosk]\nidle_timeout_s = \"soon\"\n", &["kiosk.idle_timeout_s"]),
        ("[[services]]\ncode = \"Filing\"\nname = \"立案\"\nname_en = \"F\"\nprefix = \"AB\"\navg_minutes = 5\n", &["services[0].code", "services[0].prefix"]),
        ("[queue]\nticket_url_base = \"ftp://x\"\n", &["queue.ticket_url_base"]),
        ("[fees]\nrounding_unit_fen = 3\n", &["fees.rounding_unit_fen"]),
    ];
    for (text, paths) in cases {
        let errs = from_texts(Some(("bad.toml", text))).expect_err(text);
        for path in *paths {
            assert!(
                errs.problems.iter().any(|p| p.path == *path),
                "{text:?}: no problem named {path}; got {:?}",
                errs.problems
            );
        }
    }
}

#[test]
fn invalid_toml_is_reported_with_the_file_name() {
    let errs = from_texts(Some(("broken.toml", "[kiosk\n"))).expect_err("broken");
    assert_eq!(errs.problems[0].path, "broken.toml");
}

#[test]
fn show_masks_the_token() {
    let cfg = from_texts(Some((
        "m.toml",
        "[backend]\nmode = \"remote\"\nurl = \"http://127.0.0.1:8080\"\ntoken = \"secret-token-abcd\"\n",
    )))
    .expect("valid");
    let shown = show(&cfg);
    assert!(!shown.contains("secret-token"), "{shown}");
    assert!(shown.contains("****abcd"));
}

#[test]
fn every_example_file_validates() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk-config/examples");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("examples dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        if let Err(e) = from_texts(Some((&path.display().to_string(), &text))) {
            panic!("{e}");
        }
        n += 1;
    }
    assert!(n >= 4, "only {n} examples");
}
