//! 诉讼风险评估 tapped through on Slint's testing backend: home → 诉讼风险评估 → a case type → one question per
//! screen (progress shown, 返回 keeps the answers, keypad for a date, 跳过 on optional questions) → the report whose
//! every finding cites its basis → 打印 → 首页 clears everything. One #[test]: Slint's platform is per process.

use court_kiosk::app::{AppWindow, RiskAdapter};
use court_kiosk::config;
use slint::{ComponentHandle, Model};

mod common;
use common::{open_kiosk, screen, tap};

fn risk(ui: &AppWindow) -> RiskAdapter<'_> {
    ui.global::<RiskAdapter>()
}

fn chosen(ui: &AppWindow) -> Vec<String> {
    let opts = risk(ui).get_options();
    (0..opts.row_count())
        .filter_map(|i| opts.row_data(i))
        .filter(|o| o.on)
        .map(|o| o.label.to_string())
        .collect()
}

/// Answers whatever question is showing with its first choice, "否", a date, or 跳过.
fn answer_something(ui: &AppWindow) {
    let a = risk(ui);
    let first = a
        .get_options()
        .row_data(0)
        .map(|o| o.label.to_string())
        .unwrap_or_default();
    match a.get_kind().as_str() {
        "yes-no" => tap(ui, "否"),
        "single" => tap(ui, &first),
        "multiple" => {
            tap(ui, &first);
            tap(ui, "下一题");
        }
        _ if a.get_optional() => tap(ui, "不清楚，跳过"),
        "date" => {
            for k in "20230110".chars() {
                tap(ui, &k.to_string());
            }
            tap(ui, "下一题");
        }
        other => panic!("unexpected question kind {other}"),
    }
}

#[test]
fn tap_through_a_risk_assessment() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().expect("temp dir");
    let machine = format!(
        "[printer]\nuri = \"preview:{0}/preview\"\n[storage]\ndata_dir = \"{0}\"\n",
        dir.path().display()
    );
    let cfg = config::from_texts(Some(("test.toml", &machine))).expect("test config");
    let (ui, _shell) = open_kiosk(&cfg, (2024, 6, 1, 1, 30));

    tap(&ui, "诉讼风险评估");
    assert_eq!(screen(&ui), "risk-types");
    tap(&ui, "劳动争议");
    assert_eq!(screen(&ui), "risk-question");
    assert!(
        risk(&ui).get_progress().starts_with("第 1 题"),
        "{}",
        risk(&ui).get_progress()
    );
    assert_eq!(risk(&ui).get_question(), "您是哪一方？");

    tap(&ui, "劳动者");
    assert!(risk(&ui).get_progress().starts_with("第 2 题"));
    tap(&ui, "还没有申请劳动仲裁");
    assert!(risk(&ui).get_progress().starts_with("第 3 题"));

    // 返回 shows the previous question with its answer still chosen; answering again moves on.
    tap(&ui, "返回");
    assert_eq!(screen(&ui), "risk-question");
    assert_eq!(risk(&ui).get_question(), "这个争议现在处于哪个阶段？");
    assert_eq!(chosen(&ui), ["还没有申请劳动仲裁"]);
    tap(&ui, "还没有申请劳动仲裁");

    // A multiple-choice question needs at least one choice.
    assert_eq!(risk(&ui).get_kind(), "multiple");
    tap(&ui, "下一题");
    assert_ne!(risk(&ui).get_error(), "");
    tap(&ui, "拖欠的工资");
    assert_eq!(chosen(&ui), ["拖欠的工资"]);
    tap(&ui, "下一题");

    // An optional amount can be skipped; then yes / no.
    assert_eq!(risk(&ui).get_kind(), "amount");
    tap(&ui, "不清楚，跳过");
    assert_eq!(risk(&ui).get_kind(), "yes-no");
    tap(&ui, "否");

    // A date on the keypad: an impossible day is refused, a real one accepted.
    assert_eq!(risk(&ui).get_kind(), "date");
    for k in "20230231".chars() {
        tap(&ui, &k.to_string());
    }
    assert_eq!(risk(&ui).get_entry(), "2023-02-31");
    tap(&ui, "下一题");
    assert_ne!(risk(&ui).get_error(), "");
    tap(&ui, "删除");
    tap(&ui, "删除");
    for k in "10".chars() {
        tap(&ui, &k.to_string());
    }
    tap(&ui, "下一题");
    assert_eq!(risk(&ui).get_error(), "");
    assert!(
        risk(&ui).get_question().contains("最近一次"),
        "{}",
        risk(&ui).get_question()
    );

    for _ in 0..30 {
        if screen(&ui) == "risk-report" {
            break;
        }
        answer_something(&ui);
    }
    assert_eq!(screen(&ui), "risk-report");
    let a = risk(&ui);
    assert!(a.get_level_text().contains("高"), "{}", a.get_level_text());
    assert_ne!(a.get_tendency(), "");
    let findings = a.get_findings();
    let rows: Vec<_> = (0..findings.row_count())
        .filter_map(|i| findings.row_data(i))
        .collect();
    assert!(rows
        .iter()
        .any(|f| f.text.contains("劳动争议必须先申请劳动人事争议仲裁")));
    assert!(
        rows.iter().all(|f| !f.basis.is_empty()),
        "every finding cites its basis"
    );
    // Known 2023-02-10, wages after leaving: one year of labour arbitration ends on 2024-02-10, a Saturday in the
    // Spring Festival holiday, so on the make-up working Sunday 2024-02-18 — expired by 2024-06-01.
    assert!(
        a.get_limitation().contains("2024-02-18"),
        "{}",
        a.get_limitation()
    );
    assert!(
        a.get_next_steps().contains("导诉导访"),
        "{}",
        a.get_next_steps()
    );
    assert!(a.get_advisory().contains("仅供参考"));

    // Printing starts once; the button is off until a new assessment.
    assert!(a.get_print_enabled());
    tap(&ui, "打印评估报告");
    assert!(!risk(&ui).get_print_enabled());

    // 首页 clears everything entered; the same case type starts again from question 1.
    tap(&ui, "首页");
    assert_eq!(screen(&ui), "home");
    assert_eq!(risk(&ui).get_findings().row_count(), 0);
    assert_eq!(risk(&ui).get_question(), "");
    tap(&ui, "诉讼风险评估");
    tap(&ui, "劳动争议");
    assert!(risk(&ui).get_progress().starts_with("第 1 题"));
    assert!(chosen(&ui).is_empty());
}
