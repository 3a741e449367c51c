//! 诉讼费计算 tapped through on Slint's testing backend: home → kind tiles → keypad with 万 → 简易程序 → 计算 →
//! the breakdown (the same figures as `court-kiosk fee … --json`) → 打印 into a preview printer → 首页 clears
//! everything typed. One #[test]: Slint's platform is set once per process.

use std::process::Command;
use std::time::Duration;

use court_kiosk::app::FeesAdapter;
use court_kiosk::config;
use slint::{ComponentHandle, Model};

mod common;
use common::{open_kiosk, screen, tap, wait_secs};

fn cli_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_court-kiosk"))
        .arg("fee")
        .args(args)
        .arg("--json")
        .output()
        .expect("run");
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn tap_through_the_fee_calculator() {
    i_slint_backend_testing::init_no_event_loop();
    let preview = tempfile::tempdir().expect("temp dir");
    let machine = format!(
        "[printer]\nuri = \"preview:{}\"\n",
        preview.path().display()
    );
    let cfg = config::from_texts(Some(("test.toml", &machine))).expect("config");
    let (idle_timeout, idle_warning) = (cfg.kiosk.idle_timeout_s, cfg.kiosk.idle_warning_s);
    let (ui, _shell) = open_kiosk(&cfg, (2026, 11, 30, 1, 30));
    let fees = ui.global::<FeesAdapter>();

    tap(&ui, "诉讼费计算");
    assert_eq!(screen(&ui), "fees");
    assert_eq!(
        fees.get_tiles().row_count(),
        10,
        "nine common kinds and 更多类型"
    );
    tap(&ui, "更多类型");
    assert_eq!(
        fees.get_tiles().row_count(),
        20,
        "every kind of Art. 13 and 14"
    );

    // A claim of 100万 under simple procedure, typed on the keypad.
    tap(&ui, "要钱要物（借款、合同、赔偿等）");
    assert_eq!(screen(&ui), "fees-amount");
    tap(&ui, "计算");
    assert_eq!(
        fees.get_error(),
        "请输入金额",
        "the amount is required for a property case"
    );
    for key in ["1", "0", "0", "万（乘以一万）"] {
        tap(&ui, key);
    }
    assert_eq!(fees.get_amount_text(), "100万");
    assert_eq!(fees.get_amount_preview(), "= 1,000,000.00 元");
    tap(&ui, "适用简易程序");
    tap(&ui, "调解结案"); // a second reason: still halved once (民诉法解释 Art. 206)
    tap(&ui, "计算");
    assert_eq!(screen(&ui), "fees-result");

    // The screen and the CLI give the same figures for the same input.
    let j = cli_json(&["property", "--amount", "100万", "--simple", "--settled"]);
    assert_eq!(j["min"], "6900.00");
    assert_eq!(fees.get_total(), "6,900.00元");
    let lines = fees.get_lines();
    let cli_lines = j["lines"].as_array().expect("lines");
    assert_eq!(lines.row_count(), cli_lines.len());
    for (i, l) in cli_lines.iter().enumerate() {
        let row = lines.row_data(i).expect("row");
        assert_eq!(row.text.as_str(), l["text"].as_str().expect("text"));
        assert_eq!(row.basis.as_str(), l["basis"].as_str().expect("basis"));
    }
    assert!(fees.get_total_note().contains("只减半一次"));

    // 打印: one sheet into the preview printer; the button is off until a new calculation (no double print).
    tap(&ui, "打印计算单");
    assert!(!fees.get_print_enabled());
    let mut printed = Vec::new();
    for _ in 0..100 {
        printed = std::fs::read_dir(preview.path())
            .map(|d| d.flatten().collect::<Vec<_>>())
            .unwrap_or_default();
        if !printed.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!printed.is_empty(), "nothing reached the preview printer");

    // 首页 clears everything typed and computed (a shared kiosk never shows the previous person's figures).
    tap(&ui, "首页");
    assert_eq!(screen(&ui), "home");
    assert_eq!(fees.get_amount_text(), "");
    assert_eq!(fees.get_total(), "");
    assert_eq!(fees.get_lines().row_count(), 0);
    assert_eq!(fees.get_tiles().row_count(), 10);

    // Divorce needs no amount: 计算 straight away gives the national range.
    tap(&ui, "诉讼费计算");
    tap(&ui, "离婚");
    assert_eq!(screen(&ui), "fees-amount");
    tap(&ui, "计算");
    assert_eq!(fees.get_total(), "50.00元 至 300.00元");
    tap(&ui, "重新计算");
    assert_eq!(screen(&ui), "fees");

    // A kind without amount or options shows its result at once.
    tap(&ui, "更多类型");
    tap(&ui, "票据公示催告");
    assert_eq!(screen(&ui), "fees-result");
    assert_eq!(fees.get_total(), "100.00元");

    // Walking away mid-entry: the idle timeout (warning included) clears the typed amount and returns home.
    tap(&ui, "首页");
    tap(&ui, "诉讼费计算");
    tap(&ui, "要钱要物（借款、合同、赔偿等）");
    tap(&ui, "5");
    assert_eq!(fees.get_amount_text(), "5");
    wait_secs(idle_timeout + idle_warning + 2);
    assert_eq!(screen(&ui), "home");
    assert_eq!(fees.get_amount_text(), "");
}
