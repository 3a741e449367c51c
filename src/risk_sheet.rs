//! The printed risk report (诉讼风险评估报告) as a receipt for the printer subsystem (`court_printer::Receipt`):
//! the same report the screen shows and `risk assess` prints, in short lines that wrap cleanly on 58 mm paper
//! (32 columns). Pure: the caller renders and prints it.

use court_core::risk::{LimitationOutcome, Report};
use court_printer::{Align, Receipt};

use crate::config::Config;

/// Nothing about the person is asked, kept or printed.
pub const PRIVACY_LINE: &str = "本报告不记载任何个人信息";

/// A citation without its paraphrase, for paper: "《民法典》第一百八十八条第一款（诉讼时效期间为三年…）" →
/// "《民法典》第一百八十八条第一款". Citations that name no article (a notice) are kept whole.
pub fn short_citation(b: &str) -> &str {
    for (i, _) in b.match_indices('（') {
        let head = &b[..i];
        if head.ends_with('条') || head.ends_with('款') || head.ends_with('项') {
            return head;
        }
    }
    b
}

/// All the citations of one item on one line, short, without repeats.
fn basis_line(basis: &[String]) -> String {
    let mut short: Vec<&str> = Vec::new();
    for b in basis {
        let c = short_citation(b);
        if !short.contains(&c) {
            short.push(c);
        }
    }
    format!("依据：{}", short.join("；"))
}

fn counter_name(cfg: &Config, code: &str) -> String {
    match cfg.services.iter().find(|s| s.code == code) {
        Some(s) => format!("{}（{}窗口）", s.name, s.prefix),
        None => code.to_string(),
    }
}

/// The report as a receipt. `printed_at` is court local time, formatted by the caller.
pub fn risk_sheet(cfg: &Config, report: &Report, printed_at: &str) -> Receipt {
    let mut r = Receipt::new()
        .styled(cfg.court.name.clone(), Align::Center, true, 1, 2)
        .title("诉讼风险评估报告")
        .separator()
        .kv("案件类型", report.name.clone())
        .kv("评估日期", report.as_of.format("%Y-%m-%d").to_string())
        .kv(
            "总体风险",
            format!("{}（{}）", report.level.text(), report.level_label),
        )
        .separator()
        .styled(
            format!("案件结果预判：{}", report.tendency.label),
            Align::Left,
            true,
            1,
            1,
        );
    for reason in &report.tendency.reasons {
        r = r.text(format!("· {reason}"));
    }
    r = r.text("（依上列风险提示判断，不计算分数）");
    r = r.separator().styled("风险提示", Align::Left, true, 1, 1);
    for g in &report.groups {
        r = r.styled(
            format!("【{}】{}", g.spc_item, g.title),
            Align::Left,
            true,
            1,
            1,
        );
        for f in report
            .findings
            .iter()
            .filter(|f| g.findings.contains(&f.id))
        {
            r = r
                .text(format!("[{}] {}", f.level.text(), f.text))
                .text(format!("建议：{}", f.action))
                .text(basis_line(&f.basis))
                .feed(1);
        }
    }
    r = r.separator().styled("诉讼时效", Align::Left, true, 1, 1);
    match &report.limitation {
        LimitationOutcome::Computed { result, .. } => {
            r = r.text(format!(
                "{}：{}",
                result.claim.name(),
                result.status.label()
            ));
            if let Some(e) = result.expires {
                r = r.kv("最后一日", e.format("%Y-%m-%d").to_string());
            }
            if let Some(d) = result.days_left {
                r = r.kv("剩余天数", format!("{d}天"));
            }
            for s in &result.steps {
                r = r.text(format!("· {s}"));
            }
            for w in &result.warnings {
                r = r.text(format!("注意：{w}"));
            }
            r = r.text(basis_line(&result.basis));
        }
        LimitationOutcome::NotApplicable { reason, basis } => {
            r = r.text(reason.clone()).text(basis_line(basis));
        }
        LimitationOutcome::Unknown { reason } => r = r.text(reason.clone()),
        LimitationOutcome::NotAsked => r = r.text("本类案件未评估诉讼时效。"),
    }
    if let Some(costs) = &report.costs {
        r = r.separator().styled("预计费用", Align::Left, true, 1, 1);
        for l in &costs.lines {
            r = r.kv(l.label.clone(), l.amount.clone());
            if !l.basis.is_empty() {
                r = r.text(format!("依据：{}", l.basis));
            }
        }
        for n in &costs.notes {
            r = r.text(format!("注：{n}"));
        }
    }
    r = r.separator().styled("下一步", Align::Left, true, 1, 1);
    let counters: Vec<String> = report
        .next_steps
        .counters
        .iter()
        .map(|c| counter_name(cfg, c))
        .collect();
    r = r
        .text(format!("请到：{}", counters.join("、")))
        .text("请携带：");
    for d in &report.next_steps.documents {
        r = r.text(format!("· {d}"));
    }
    if !report.next_steps.alternatives.is_empty() {
        r = r.text("其他解决途径：");
        for a in &report.next_steps.alternatives {
            r = r.text(format!("· {}", a.text)).text(basis_line(&a.basis));
        }
    }
    r.separator()
        .text(report.advisory.clone())
        .text_centered(PRIVACY_LINE)
        .text_centered(format!("打印时间 {printed_at}"))
        .feed(2)
        .cut()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use court_core::risk::{Answers, RawAnswer};
    use court_printer::{Item, Profile};

    use super::*;

    #[test]
    fn the_sheet_prints_every_finding_with_its_basis_and_fits_58mm() {
        let cfg = crate::config::from_texts(None).unwrap();
        let q = crate::content::questionnaire("private-lending").unwrap();
        let raw: BTreeMap<String, Option<RawAnswer>> = [
            ("role", RawAnswer::Text("lender".into())),
            ("claim-amount", RawAnswer::Int(50_000)),
            ("evidence", RawAnswer::List(vec!["none".into()])),
            ("due-date", RawAnswer::Text("2020-01-01".into())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Some(v)))
        .collect();
        let answers = Answers::from_raw(q, &raw).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        let report = crate::cli::risk::assess(&cfg, q, &answers, day).unwrap();
        let sheet = risk_sheet(&cfg, &report, "2024-06-01 10:00");
        let texts: Vec<&str> = sheet
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for f in &report.findings {
            assert!(
                texts.iter().any(|t| t.contains(&f.text)),
                "{} missing",
                f.id
            );
            for b in &f.basis {
                let short = short_citation(b);
                assert!(
                    texts.iter().any(|t| t.contains(short)),
                    "basis {short} missing"
                );
            }
        }
        assert!(texts.iter().any(|t| t.contains("第一百九十二条")));
        assert_eq!(
            short_citation("《民法典》第一百八十八条第一款（三年）"),
            "《民法典》第一百八十八条第一款"
        );
        assert_eq!(
            short_citation("通知（国办发明电〔2023〕7号）"),
            "通知（国办发明电〔2023〕7号）"
        );
        // It renders for the 58 mm profile (wrapping by display width is the printer's job).
        let profile = Profile::load_embedded("generic-58").unwrap();
        assert!(court_printer::render(&sheet, &profile).is_ok());
    }
}
