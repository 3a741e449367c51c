//! `court-kiosk fee …` run as a process: the contract's JSON shape and figures, the readable breakdown, the
//! court-fixed figure from `--config`, and bad input (exit code 2, one line on stderr naming the flag).

use std::process::Command;

fn kiosk(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_court-kiosk"))
        .args(args)
        .output()
        .expect("run court-kiosk")
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["fee"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = kiosk(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {:?}", out.stdout))
}

fn two_decimals(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| {
        let (int, frac) = s
            .trim_start_matches('-')
            .split_once('.')
            .unwrap_or(("", ""));
        !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() == 2
            && frac.bytes().all(|b| b.is_ascii_digit())
    })
}

#[test]
fn contract_figures_and_shape() {
    // (args, kind, min, max, halved)
    let cases: &[(&[&str], &str, &str, &str, bool)] = &[
        (
            &["property", "--amount", "1000000"],
            "property",
            "13800.00",
            "13800.00",
            false,
        ),
        (
            &["property", "--amount", "3000000"],
            "property",
            "30800.00",
            "30800.00",
            false,
        ),
        (
            &["property", "--amount", "10000000"],
            "property",
            "81800.00",
            "81800.00",
            false,
        ),
        (
            &[
                "property",
                "--amount",
                "100万",
                "--simple",
                "--settled",
                "--counterclaim",
            ],
            "property",
            "6900.00",
            "6900.00",
            true,
        ),
        (
            &["property", "--amount", "12.5万元"],
            "property",
            "2800.00",
            "2800.00",
            false,
        ),
        (
            &["property", "--amount", "１５００００"],
            "property",
            "3300.00",
            "3300.00",
            false,
        ),
        (
            &["property", "--amount", "150,000.50"],
            "property",
            "3300.01",
            "3300.01",
            false,
        ),
        (&["divorce"], "divorce", "50.00", "300.00", false),
        (
            &["divorce", "--property", "100万", "--simple"],
            "divorce",
            "2025.00",
            "2150.00",
            true,
        ),
        (
            &["personality", "--damages", "200000"],
            "personality",
            "1100.00",
            "1500.00",
            false,
        ),
        (&["non-property"], "non-property", "50.00", "100.00", false),
        (&["ip"], "ip", "500.00", "1000.00", false),
        (&["labor", "--simple"], "labor", "5.00", "5.00", true),
        (&["admin"], "admin", "50.00", "50.00", false),
        (
            &["admin-special"],
            "admin-special",
            "100.00",
            "100.00",
            false,
        ),
        (
            &["jurisdiction-objection"],
            "jurisdiction-objection",
            "50.00",
            "100.00",
            false,
        ),
        (
            &["execution", "--amount", "500000"],
            "execution",
            "7400.00",
            "7400.00",
            false,
        ),
        (
            &["preservation", "--amount", "896000"],
            "preservation",
            "5000.00",
            "5000.00",
            false,
        ),
        (
            &["payment-order", "--amount", "1000000"],
            "payment-order",
            "4600.00",
            "4600.00",
            false,
        ),
        (
            &["public-notice"],
            "public-notice",
            "100.00",
            "100.00",
            false,
        ),
        (&["arbitration"], "arbitration", "400.00", "400.00", false),
        (
            &["bankruptcy", "--amount", "10亿"],
            "bankruptcy",
            "300000.00",
            "300000.00",
            false,
        ),
        (
            &["maritime-fund"],
            "maritime-fund",
            "1000.00",
            "10000.00",
            false,
        ),
        (
            &["maritime-injunction"],
            "maritime-injunction",
            "1000.00",
            "5000.00",
            false,
        ),
        (
            &["maritime-lien-notice"],
            "maritime-lien-notice",
            "1000.00",
            "5000.00",
            false,
        ),
        (
            &["maritime-claim-registration"],
            "maritime-claim-registration",
            "1000.00",
            "1000.00",
            false,
        ),
        (
            &["general-average"],
            "general-average",
            "1000.00",
            "1000.00",
            false,
        ),
        // Extra flags of this kiosk (not part of the contract, never changing it).
        (
            &["property", "--amount", "50万", "--appeal"],
            "property",
            "8800.00",
            "8800.00",
            false,
        ),
        (
            &[
                "property",
                "--amount",
                "100万",
                "--exempt",
                "special-procedure",
            ],
            "property",
            "0.00",
            "0.00",
            false,
        ),
        (
            &[
                "property",
                "--amount",
                "100万",
                "--plus-preservation",
                "100万",
                "--plus-enforcement",
                "100万",
                "--plus-appeal",
            ],
            "property",
            "45000.00",
            "45000.00",
            false,
        ),
    ];
    for &(args, kind, min, max, halved) in cases {
        let j = json(args);
        assert_eq!(j["kind"], kind, "{args:?}");
        assert_eq!(
            (j["min"].as_str(), j["max"].as_str()),
            (Some(min), Some(max)),
            "{args:?}"
        );
        assert_eq!(j["halved"].as_bool(), Some(halved), "{args:?}");
        let lines = j["lines"].as_array().expect("lines");
        assert!(!lines.is_empty(), "{args:?}: no lines");
        for l in lines {
            let keys: Vec<&str> = l
                .as_object()
                .expect("line object")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys.len(), 4, "{args:?}: line keys {keys:?}");
            assert!(
                l["basis"].as_str().is_some_and(|b| b.contains('第')),
                "{args:?}: basis {l}"
            );
            assert!(
                l["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{args:?}"
            );
            assert!(
                two_decimals(&l["min"]) && two_decimals(&l["max"]),
                "{args:?}: line amounts {l}"
            );
        }
        assert!(two_decimals(&j["min"]) && two_decimals(&j["max"]));
    }
}

#[test]
fn bad_input_exits_2_naming_the_flag() {
    // (args, the flag the one stderr line must name, a word it must contain)
    let cases: &[(&[&str], &str, &str)] = &[
        (&["property", "--amount", "-1"], "--amount", "negative"),
        (
            &["property", "--amount", "1.005"],
            "--amount",
            "two decimals",
        ),
        (&["property", "--amount", ""], "--amount", "empty"),
        (
            &["property", "--amount", "10000000000001"],
            "--amount",
            "10^13",
        ),
        (
            &["property", "--amount", "abc"],
            "--amount",
            "not part of an amount",
        ),
        (&["property"], "--amount", "required"),
        (&["divorce", "--amount", "100"], "--amount", "--property"),
        (&["divorce", "--property", "-5"], "--property", "negative"),
        (
            &["personality", "--damages", "1.2.3"],
            "--damages",
            "decimal point",
        ),
        (&["labor", "--damages", "100"], "--damages", "not used"),
        (&["preservation", "--simple"], "--simple", "Art. 13"),
        (&["execution", "--settled"], "--settled", "Art. 13"),
        (
            &["public-notice", "--counterclaim"],
            "--counterclaim",
            "Art. 13",
        ),
        (
            &["bankruptcy", "--amount", "1", "--appeal"],
            "--appeal",
            "Art. 17",
        ),
        (
            &["property", "--amount", "1", "--exempt", "whatever"],
            "--exempt",
            "special-procedure",
        ),
        (&["labor", "--plus-appeal", "100"], "--plus-appeal", "labor"),
        (
            &["property", "--amount", "1", "--plus-preservation", "x"],
            "--plus-preservation",
            "not part of an amount",
        ),
        (&["no-such-kind"], "KIND", "property"),
    ];
    for &(args, flag, word) in cases {
        let mut all = vec!["fee"];
        all.extend_from_slice(args);
        all.push("--json");
        let out = kiosk(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "{args:?}: printed {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{args:?}: not one line: {stderr}"
        );
        assert!(
            stderr.starts_with(&format!("error: {flag}: ")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(word), "{args:?}: {stderr} lacks {word:?}");
    }
}

#[test]
fn readable_breakdown_cites_articles() {
    let out = kiosk(&["fee", "property", "--amount", "1000000", "--simple"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "第十三条第（一）项",
        "第十六条",
        "第二百零六条",
        "13,800.00",
        "合计：6,900.00元",
        "超过50万元至100万元的部分",
    ] {
        assert!(text.contains(part), "breakdown lacks {part:?}:\n{text}");
    }
}

#[test]
fn court_fixed_figure_from_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "[fees]\nrounding_unit_fen = 100\n[fees.fixed]\ndivorce = \"200\"\n",
    )
    .expect("write");
    let out = kiosk(&[
        "--config",
        good.to_str().expect("utf-8"),
        "fee",
        "divorce",
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (j["min"].as_str(), j["max"].as_str()),
        (Some("200.00"), Some("200.00"))
    );
    // Rounded to the yuan: 10,001 → 50.025 → 50.00.
    let out = kiosk(&[
        "--config",
        good.to_str().expect("utf-8"),
        "fee",
        "property",
        "--amount",
        "10001",
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["min"].as_str(), Some("50.00"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[fees.fixed]\ndivorce = \"301\"\nlabor = \"10\"\n").expect("write");
    let out = kiosk(&["--config", bad.to_str().expect("utf-8"), "config", "check"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains("fees.fixed.divorce") && all.contains("fees.fixed.labor"),
        "{all}"
    );
}
