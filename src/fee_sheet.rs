//! The fee sheet (诉讼费用计算单): the same breakdown the CLI prints and the screen shows, as a receipt for the
//! printer subsystem (`court_printer::Receipt`). Pure: the caller renders and prints it.

use court_core::fees::{CostEstimate, CostRequest, FeeLine, Input, LineRole, Stage, REGULATION};
use court_core::money::Fen;
use court_printer::{Align, Receipt};

/// The one privacy line of the sheet: nothing about the person is asked or printed.
pub const PRIVACY_LINE: &str = "本单不记载任何个人信息";
/// The sheet is an estimate; the court's notice decides.
pub const DISCLAIMER: &str =
    "本计算单依据《诉讼费用交纳办法》自动计算，仅供参考，以人民法院交纳诉讼费用通知为准。";

/// "13,800.00元" or "50.00元 至 300.00元".
pub fn money(min: Fen, max: Fen) -> String {
    if min == max {
        format!("{}元", min.grouped())
    } else {
        format!("{}元 至 {}元", min.grouped(), max.grouped())
    }
}

/// The inputs of a request in words ("请求金额：1,000,000.00元"), one entry per input given.
pub fn describe_inputs(req: &CostRequest) -> Vec<String> {
    let case = &req.case;
    let mut out = Vec::new();
    for input in Input::ALL {
        if let Some(v) = case.input(input) {
            let label = match (case.stage, input) {
                (Stage::Appeal, _) => "上诉请求数额",
                (Stage::Retrial, _) => "再审请求数额",
                (_, Input::Amount) => match case.kind {
                    court_core::fees::FeeKind::Execution => "执行金额",
                    court_core::fees::FeeKind::Preservation => "保全财产数额",
                    court_core::fees::FeeKind::Bankruptcy => "破产财产总额",
                    _ => "请求金额",
                },
                (_, Input::Property) => "财产总额",
                (_, Input::Damages) => "赔偿金额",
            };
            out.push(format!("{label}：{}元", v.grouped()));
        }
    }
    let reasons: Vec<&str> = case.reductions.list().iter().map(|r| r.text_zh()).collect();
    if !reasons.is_empty() {
        out.push(format!("情形：{}", reasons.join("、")));
    }
    out
}

/// A line's provision without the regulation's name when it is the regulation (the sheet's heading names it).
pub fn short_basis(line: &FeeLine) -> &str {
    line.basis.strip_prefix(REGULATION).unwrap_or(&line.basis)
}

/// The fee sheet: court, title, inputs, each part with its lines (text, provision, amount), the total, the notes,
/// the time it was printed (court local time, formatted by the caller), the disclaimer and the privacy line.
pub fn fee_sheet(
    court_name: &str,
    req: &CostRequest,
    est: &CostEstimate,
    printed_at: &str,
) -> Receipt {
    let mut r = Receipt::new()
        .styled(court_name.to_string(), Align::Center, true, 1, 2)
        .title("诉讼费用计算单")
        .text_centered(format!("依据{REGULATION}"))
        .separator()
        .kv("项目", req.case.kind.name_zh());
    for line in describe_inputs(req) {
        r = r.text(line);
    }
    for (part, result) in &est.parts {
        r = r
            .separator()
            .styled(format!("【{}】", part.label_zh()), Align::Left, true, 1, 1);
        for line in &result.lines {
            let mark = if line.role == LineRole::Info {
                "（参考）"
            } else {
                ""
            };
            r = r.text(format!("{mark}{}", line.text)).kv(
                format!("  {}", short_basis(line)),
                money(line.min, line.max),
            );
        }
        r = r.kv("小计", money(result.min, result.max));
    }
    r = r.separator().styled(
        format!("合计：{}", money(est.min, est.max)),
        Align::Left,
        true,
        1,
        2,
    );
    if est.halved() {
        r = r.text("案件受理费已减半（民诉法解释第二百零六条：只减半一次）");
    }
    if est.min != est.max {
        r = r.text("本院未确定具体数额的项目，显示全国标准的最低额和最高额。");
    }
    let mut seen: Vec<&String> = Vec::new();
    for note in est.parts.iter().flat_map(|(_, p)| p.notes.iter()) {
        if !seen.contains(&note) {
            seen.push(note);
            r = r.text(note.clone());
        }
    }
    r.separator()
        .text(DISCLAIMER)
        .kv("打印时间", printed_at)
        .text_centered(PRIVACY_LINE)
        .feed(2)
        .cut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use court_core::fees::{estimate, FeeKind, FeeRequest, FeeSchedule, Reduction};
    use court_core::money::{parse_amount, RoundingUnit};
    use court_printer::Item;

    fn texts(r: &Receipt) -> String {
        r.items
            .iter()
            .map(|i| match i {
                Item::Text { text, .. } => text.clone(),
                Item::KeyValue { key, value } => format!("{key} {value}"),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn sheet_lists_every_line_with_its_article_and_the_total() {
        let mut case =
            FeeRequest::new(FeeKind::Property).with_amount(parse_amount("100万").expect("amount"));
        case.reductions = case.reductions.with(Reduction::Simple);
        let req = CostRequest {
            preservation: Some(Fen::from_yuan(1_000_000)),
            ..CostRequest::new(case)
        };
        let est = estimate(&req, &FeeSchedule::national(RoundingUnit::Fen)).expect("estimate");
        let sheet = fee_sheet("某某人民法院", &req, &est, "2026-11-28 09:30");
        let text = texts(&sheet);
        for want in [
            "诉讼费用计算单",
            "请求金额：1,000,000.00元",
            "情形：适用简易程序审理",
            "【案件受理费】",
            "第十三条第（一）项",
            "超过50万元至100万元的部分（500,000.00元）按1%交纳",
            "第十六条；民诉法解释第二百零六条",
            "-6,900.00元",
            "【申请保全费】",
            "保全费用最多不超过5,000.00元",
            "合计：11,900.00元",
            "打印时间 2026-11-28 09:30",
            PRIVACY_LINE,
        ] {
            assert!(text.contains(want), "sheet lacks {want:?}:\n{text}");
        }
        assert_eq!(sheet.items.last(), Some(&Item::Cut));
    }
}
