//! The `risk` and `limitation` command-line contracts, run as the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn kiosk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_court-kiosk"))
        .args(args)
        .output()
        .expect("run court-kiosk")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// (args after `limitation`, status, expires, days_left)
type LimitationCase = (
    &'static [&'static str],
    &'static str,
    Option<&'static str>,
    Option<i64>,
);

#[test]
fn limitation_contract() {
    let cases: &[LimitationCase] = &[
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--as-of",
                "2024-03-15",
            ],
            "running",
            Some("2024-03-15"),
            Some(0),
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--as-of",
                "2024-03-16",
            ],
            "expired",
            Some("2024-03-15"),
            None,
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-10-01",
                "--as-of",
                "2024-10-01",
            ],
            "running",
            Some("2024-10-08"),
            Some(7),
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2020-01-10",
                "--interrupted",
                "2021-01-01",
                "--interrupted",
                "2022-06-01",
                "--as-of",
                "2024-06-01",
            ],
            "running",
            Some("2025-06-03"),
            Some(367),
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--suspended-from",
                "2024-01-01",
                "--suspended-to",
                "2024-02-01",
                "--as-of",
                "2024-06-01",
            ],
            "running",
            Some("2024-08-01"),
            Some(61),
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2022-01-04",
                "--harm",
                "2004-05-10",
                "--as-of",
                "2024-05-01",
            ],
            "running",
            Some("2024-05-10"),
            Some(9),
        ),
        (
            &[
                "--claim",
                "labor-arbitration",
                "--known",
                "2023-06-15",
                "--as-of",
                "2024-06-01",
            ],
            "running",
            Some("2024-06-17"),
            Some(16),
        ),
        (
            &[
                "--claim",
                "international-sale",
                "--known",
                "2020-02-29",
                "--as-of",
                "2024-02-01",
            ],
            "running",
            Some("2024-02-29"),
            Some(28),
        ),
        (
            &[
                "--claim",
                "enforcement",
                "--known",
                "2022-08-31",
                "--as-of",
                "2024-06-01",
            ],
            "running",
            Some("2024-09-02"),
            Some(93),
        ),
        (
            &[
                "--claim",
                "no-limitation",
                "--known",
                "2001-01-01",
                "--as-of",
                "2024-06-01",
            ],
            "not-applicable",
            None,
            None,
        ),
    ];
    for (args, status, expires, days) in cases {
        let mut full = vec!["limitation"];
        full.extend_from_slice(args);
        full.push("--json");
        let j = json(&kiosk(&full));
        assert_eq!(j["status"], *status, "{args:?}: {j}");
        assert_eq!(
            j["expires"],
            expires.map_or(serde_json::Value::Null, |e| e.into()),
            "{args:?}"
        );
        assert_eq!(
            j["days_left"],
            days.map_or(serde_json::Value::Null, |d| d.into()),
            "{args:?}"
        );
        assert!(
            j["basis"].as_array().is_some_and(|b| !b.is_empty()),
            "{args:?}"
        );
    }
    // Without --as-of the court's today is used: still a valid result.
    let j = json(&kiosk(&[
        "limitation",
        "--claim",
        "general",
        "--known",
        "2001-01-01",
        "--json",
    ]));
    assert_eq!(j["status"], "expired");
    // Without --json: readable Chinese.
    let out = kiosk(&[
        "limitation",
        "--claim",
        "general",
        "--known",
        "2021-03-15",
        "--as-of",
        "2024-03-15",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("2024年03月15日") && text.contains("第一百八十八条"),
        "{text}"
    );
}

#[test]
fn bad_limitation_input_names_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--claim", "general", "--known", "2021-02-30"], "--known"),
        (&["--claim", "general", "--known", "15/03/2021"], "--known"),
        (&["--claim", "civil", "--known", "2021-03-15"], "--claim"),
        (
            &["--claim", "general", "--known", "2021-03-15", "--harm", "x"],
            "--harm",
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--interrupted",
                "2021-13-01",
            ],
            "--interrupted",
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--as-of",
                "today",
            ],
            "--as-of",
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--harm",
                "2022-01-01",
                "--as-of",
                "2024-01-01",
            ],
            "--harm",
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--interrupted",
                "2025-01-01",
                "--as-of",
                "2024-01-01",
            ],
            "--interrupted",
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--suspended-from",
                "2024-01-02",
                "--suspended-to",
                "2024-01-01",
                "--as-of",
                "2024-06-01",
            ],
            "--suspended-to",
        ),
        (
            &[
                "--claim",
                "general",
                "--known",
                "2021-03-15",
                "--suspended-from",
                "2024-01-02",
            ],
            "--suspended-to",
        ),
    ];
    for (args, flag) in cases {
        let mut full = vec!["limitation"];
        full.extend_from_slice(args);
        full.push("--json");
        let out = kiosk(&full);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(flag),
            "{args:?}: stderr should name {flag}: {err}"
        );
    }
}

#[test]
fn risk_list_and_assess_contract() {
    let list = json(&kiosk(&["risk", "list", "--json"]));
    let rows = list.as_array().unwrap();
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r["case_type"].as_str().unwrap())
        .collect();
    for code in [
        "private-lending",
        "sale-contract",
        "divorce",
        "traffic-accident",
        "labor-dispute",
        "property-service",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(rows
        .iter()
        .all(|r| r["questions"].as_u64().unwrap() >= 8 && r["name"].is_string()));

    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.json");
    std::fs::write(
        &answers,
        r#"{"role": "lender", "claim-amount": "15万", "paid-how": ["cash"], "evidence": ["none"],
            "due-date": "2020-01-01", "last-demand": null, "assets": "unsure", "hardship": true}"#,
    )
    .unwrap();
    let r = json(&assess(&answers, &["--as-of", "2024-06-01"], true));
    assert_eq!(r["level"], "高");
    let findings = r["findings"].as_array().unwrap();
    for f in findings {
        let item = f["spc_item"].as_u64().unwrap();
        assert!(
            (1..=17).contains(&item) && f["level"].is_string() && f["text"].is_string(),
            "{f}"
        );
        assert!(f["basis"].as_array().is_some_and(|b| !b.is_empty()), "{f}");
    }
    let ids: Vec<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    for id in [
        "no-written-evidence",
        "large-cash",
        "limitation-expired",
        "assets-unknown",
        "fee-hardship",
    ] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    assert_eq!(r["tendency"]["tendency"], "unfavourable");
    assert!(!r["tendency"]["reasons"].as_array().unwrap().is_empty());
    assert_eq!(
        r["next_steps"]["counters"],
        serde_json::json!(["filing", "judicial-aid"])
    );
    // 150,000 yuan → 诉讼费用交纳办法 Art. 13(一): 50 + 2,250 + 1,000 = 3,300.
    assert_eq!(r["costs"]["lines"][0]["amount"], "3,300.00元");

    // The report and the limitation command agree.
    let LimitationArgs(expected) = limitation_for("2020-01-01", "2024-06-01");
    assert_eq!(r["limitation"]["result"]["expires"], expected["expires"]);
    assert_eq!(r["limitation"]["result"]["status"], expected["status"]);

    // Readable Chinese without --json.
    let out = assess(&answers, &["--as-of", "2024-06-01"], false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("诉讼风险评估报告") && text.contains("【8】"),
        "{text}"
    );
}

struct LimitationArgs(serde_json::Value);

fn limitation_for(known: &str, as_of: &str) -> LimitationArgs {
    LimitationArgs(json(&kiosk(&[
        "limitation",
        "--claim",
        "general",
        "--known",
        known,
        "--as-of",
        as_of,
        "--json",
    ])))
}

fn assess(answers: &Path, extra: &[&str], as_json: bool) -> Output {
    let path = answers.to_str().unwrap();
    let mut args = vec![
        "risk",
        "assess",
        "--case-type",
        "private-lending",
        "--answers",
        path,
    ];
    args.extend_from_slice(extra);
    if as_json {
        args.push("--json");
    }
    kiosk(&args)
}

#[test]
fn bad_risk_input_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let bad_kind = dir.path().join("bad-kind.json");
    std::fs::write(&bad_kind, r#"{"role": "neighbour"}"#).unwrap();
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "role = lender").unwrap();
    let missing = dir.path().join("missing.json");
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec![
                "--case-type",
                "piracy",
                "--answers",
                bad_kind.to_str().unwrap(),
            ],
            "--case-type",
            "accepted",
        ),
        (
            vec![
                "--case-type",
                "private-lending",
                "--answers",
                bad_kind.to_str().unwrap(),
            ],
            "--answers",
            "neighbour",
        ),
        (
            vec![
                "--case-type",
                "private-lending",
                "--answers",
                not_json.to_str().unwrap(),
            ],
            "--answers",
            "JSON",
        ),
        (
            vec![
                "--case-type",
                "private-lending",
                "--answers",
                missing.to_str().unwrap(),
            ],
            "--answers",
            "cannot read",
        ),
    ];
    for (args, flag, what) in cases {
        let mut full = vec!["risk", "assess"];
        full.extend(args.iter().copied());
        full.push("--json");
        let out = kiosk(&full);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag) && err.contains(what), "{args:?}: {err}");
    }
}

#[test]
fn config_check_reports_unknown_case_types_with_their_key_path() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("machine.toml");
    std::fs::write(
        &cfg,
        "[risk]\nenabled_case_types = [\"private-lending\", \"piracy\", \"private-lending\"]\n",
    )
    .unwrap();
    let out = kiosk(&["--config", cfg.to_str().unwrap(), "config", "check"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("risk.enabled_case_types[1]") && all.contains("piracy"),
        "{all}"
    );
    assert!(
        all.contains("risk.enabled_case_types[2]") && all.contains("listed twice"),
        "{all}"
    );
    // A subset is fine, and `risk list` follows it.
    std::fs::write(&cfg, "[risk]\nenabled_case_types = [\"divorce\"]\n").unwrap();
    let list = json(&kiosk(&[
        "--config",
        cfg.to_str().unwrap(),
        "risk",
        "list",
        "--json",
    ]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["case_type"], "divorce");
}
