//! The command-line contract of queue ticketing (issue 5, requirement 6): `services --json`,
//! `ticket issue … --json`, `ticket list --json`, idempotency keys, usage errors, and the court-local day.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const KIOSK: &str = env!("CARGO_BIN_EXE_court-kiosk");

fn kiosk(data: &Path, args: &[&str]) -> Output {
    Command::new(KIOSK)
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn issue(data: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["ticket", "issue", "--json", "--printer", "file:ticket.bin"];
    args.extend_from_slice(extra);
    json(&kiosk(data, &args))
}

#[test]
fn services_lists_the_stable_codes() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&kiosk(dir.path(), &["services", "--json"]));
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "guidance",
            "filing",
            "judicial-aid",
            "consultation",
            "post-judgment",
            "enforcement",
            "fees",
            "complaint"
        ]
    );
    assert_eq!(v[1]["prefix"], "B");
}

#[test]
fn issue_prints_exactly_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let t = issue(dir.path(), &["--service", "filing"]);
    let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "ahead",
            "estimated_wait_min",
            "id",
            "issued_at",
            "number",
            "print_error",
            "printed",
            "service"
        ]
    );
    assert_eq!(t["service"], "filing");
    assert_eq!(t["ahead"], 0);
    // A file: printer cannot confirm that anything printed: not shown as printed, but not a fault either.
    assert_eq!(t["printed"], false);
    assert_eq!(t["print_error"], Value::Null);
    assert!(
        chrono::DateTime::parse_from_rfc3339(t["issued_at"].as_str().unwrap()).is_ok(),
        "{t}"
    );
    assert!(
        uuid::Uuid::parse_str(t["id"].as_str().unwrap()).is_ok(),
        "{t}"
    );
    // The relative file: printer path went into the data directory.
    let job = std::fs::read(dir.path().join("ticket.bin")).unwrap();
    assert!(
        job.starts_with(&[0x1B, 0x40]),
        "an ESC/POS job starts with ESC @"
    );
}

/// One request and what it must get: service, priority, idempotency key, expected number, expected ahead.
type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str, u64);

/// Issues the rows of `cases` in order and checks each against its expectation.
fn check_sequence(cases: &[Case<'_>]) {
    let dir = tempfile::tempdir().unwrap();
    let mut ids = std::collections::HashMap::new();
    for (service, priority, key, want_number, want_ahead) in cases {
        let mut extra = vec!["--service", *service];
        if let Some(p) = priority {
            extra.extend(["--priority", *p]);
        }
        if let Some(k) = key {
            extra.extend(["--idempotency-key", *k]);
        }
        let t = issue(dir.path(), &extra);
        assert_eq!(
            (t["number"].as_str().unwrap(), t["ahead"].as_u64().unwrap()),
            (*want_number, *want_ahead),
            "{extra:?}"
        );
        if let Some(k) = key {
            let id = t["id"].as_str().unwrap().to_string();
            if let Some(prev) = ids.insert(k.to_string(), id.clone()) {
                assert_eq!(prev, id, "key {k} gave two tickets");
            }
        }
    }
    let list = json(&kiosk(dir.path(), &["ticket", "list", "--json"]));
    let distinct: std::collections::HashSet<&str> = cases.iter().map(|c| c.3).collect();
    assert_eq!(list.as_array().unwrap().len(), distinct.len(), "{list}");
}

#[test]
fn numbers_priorities_and_idempotency_keys() {
    check_sequence(&[
        ("filing", None, None, "B001", 0),
        ("filing", None, None, "B002", 1),
        ("filing", None, Some("tap-1"), "B003", 2),
        ("filing", None, Some("tap-1"), "B003", 2),
        ("filing", Some("senior"), None, "B004", 0),
        ("guidance", None, None, "A001", 0),
        ("filing", Some("disabled"), Some("tap-2"), "B005", 1),
        ("filing", Some("disabled"), Some("tap-2"), "B005", 1),
        ("filing", None, None, "B006", 5),
    ]);
}

#[test]
fn bad_requests_exit_2_and_name_the_accepted_codes() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["ticket", "issue", "--service", "parking", "--json"],
            "accepted service codes: guidance, filing, judicial-aid",
        ),
        (
            &[
                "ticket",
                "issue",
                "--service",
                "filing",
                "--priority",
                "vip",
                "--json",
            ],
            "accepted priority classes: senior, disabled, military, pregnant",
        ),
        (
            &["ticket", "list", "--date", "2026-13-01", "--json"],
            "YYYY-MM-DD",
        ),
    ];
    for (args, want) in cases {
        let out = kiosk(dir.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
    // The same idempotency key for a different service is refused.
    issue(
        dir.path(),
        &["--service", "filing", "--idempotency-key", "k"],
    );
    let out = kiosk(
        dir.path(),
        &[
            "ticket",
            "issue",
            "--service",
            "fees",
            "--idempotency-key",
            "k",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_day_is_the_court_day_in_asia_shanghai() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let before = issue(d, &["--service", "filing", "--now", "2026-03-01T15:59:59Z"]);
    let after = issue(d, &["--service", "filing", "--now", "2026-03-01T16:00:00Z"]);
    let after2 = issue(d, &["--service", "filing", "--now", "2026-03-02T15:59:59Z"]);
    assert_eq!(
        [&before["number"], &after["number"], &after2["number"]],
        ["B001", "B001", "B002"]
    );
    let day1 = json(&kiosk(
        d,
        &["ticket", "list", "--date", "2026-03-01", "--json"],
    ));
    let day2 = json(&kiosk(
        d,
        &["ticket", "list", "--date", "2026-03-02", "--json"],
    ));
    assert_eq!(day1.as_array().unwrap().len(), 1);
    assert_eq!(day2.as_array().unwrap().len(), 2);
    let today = json(&kiosk(
        d,
        &["ticket", "list", "--json", "--now", "2026-03-01T16:30:00Z"],
    ));
    assert_eq!(today, day2);
}

#[test]
fn a_failed_print_keeps_the_ticket() {
    let dir = tempfile::tempdir().unwrap();
    // A file printer under a regular file cannot write its job.
    std::fs::write(dir.path().join("plain"), b"").unwrap();
    let uri = format!("file:{}/plain/x.bin", dir.path().display());
    let t = json(&kiosk(
        dir.path(),
        &[
            "ticket",
            "issue",
            "--service",
            "fees",
            "--printer",
            &uri,
            "--json",
        ],
    ));
    assert_eq!(t["printed"], false);
    assert!(t["print_error"].is_string(), "{t}");
    let list = json(&kiosk(dir.path(), &["ticket", "list", "--json"]));
    assert_eq!(list[0]["id"], t["id"]);
    assert_eq!(list[0]["printed"], false);
    assert_eq!(list[0]["print_error"], t["print_error"]);
    // The preview printer works again: printing resumes and the ticket counts as printed.
    let t2 = json(&kiosk(
        dir.path(),
        &[
            "ticket",
            "issue",
            "--service",
            "fees",
            "--printer",
            "preview:pv",
            "--json",
        ],
    ));
    assert_eq!(
        (t2["number"].as_str(), t2["printed"].as_bool()),
        (Some("G002"), Some(true)),
        "{t2}"
    );
}

#[test]
fn an_uncreatable_data_dir_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, b"").unwrap();
    let out = kiosk(
        &file.join("data"),
        &["ticket", "issue", "--service", "filing", "--json"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("cannot create the data directory"), "{err}");
}
