//! The report's cost section over the fee calculator ([`crate::fees`]): the case acceptance fee on the claimed
//! amount (诉讼费用交纳办法 Art. 13) and, where the litigant means to apply, the preservation fee (Art. 14(二)).

use crate::fees::{self, FeeKind, FeeRequest, FeeSchedule, Input, Need};
use crate::money::Fen;

use super::assess::{CostEstimate, CostEstimator, CostLine, CostRequest};
use super::model::FeeCategory;

/// Estimates costs with a court's fee schedule (national ranges unless the court fixed a figure).
#[derive(Debug, Clone, Copy)]
pub struct FeeScheduleEstimator<'a> {
    pub schedule: &'a FeeSchedule,
}

fn kind_of(c: FeeCategory) -> FeeKind {
    match c {
        FeeCategory::Property => FeeKind::Property,
        FeeCategory::Divorce => FeeKind::Divorce,
        FeeCategory::Labor => FeeKind::Labor,
        FeeCategory::NonProperty => FeeKind::NonProperty,
    }
}

fn money(min: Fen, max: Fen) -> String {
    if min == max {
        format!("{}元", min.grouped())
    } else {
        format!("{}元至{}元", min.grouped(), max.grouped())
    }
}

impl CostEstimator for FeeScheduleEstimator<'_> {
    fn estimate(&self, request: &CostRequest) -> CostEstimate {
        let kind = kind_of(request.category);
        let mut out = CostEstimate::default();
        let mut case = FeeRequest::new(kind);
        for (input, value) in [
            (Input::Amount, request.amount),
            (Input::Property, request.property),
        ] {
            if kind.needs(input) != Need::No {
                case.set_input(input, value);
            }
        }
        if kind.needs(Input::Amount) == Need::Required && request.amount.is_none() {
            out.notes.push(
                "未填写请求金额，无法估算案件受理费（《诉讼费用交纳办法》第十三条）。".into(),
            );
            return out;
        }
        let mut req = fees::CostRequest::new(case);
        if request.preservation {
            req.preservation = Some(request.amount.unwrap_or(Fen::ZERO));
        }
        match fees::estimate(&req, self.schedule) {
            Ok(est) => {
                for (part, result) in &est.parts {
                    let basis = result
                        .lines
                        .first()
                        .map(|l| l.basis.clone())
                        .unwrap_or_default();
                    out.lines.push(CostLine {
                        label: part.label_zh().to_string(),
                        amount: money(result.min, result.max),
                        basis,
                    });
                    for n in &result.notes {
                        if !out.notes.contains(n) {
                            out.notes.push(n.clone());
                        }
                    }
                }
                if est.parts.len() > 1 {
                    out.lines.push(CostLine {
                        label: "合计".into(),
                        amount: money(est.min, est.max),
                        basis: String::new(),
                    });
                }
                out.notes.push(
                    "诉讼费用由败诉方负担，胜诉方自愿承担的除外；调解结案或撤诉的，案件受理费减半交纳（《诉讼费用交纳办法》第二十九条、第十五条）。"
                        .into(),
                );
                if kind.national_range().is_some() && self.schedule.fixed(kind).is_none() {
                    out.notes
                        .push("本院未确定具体标准的，按全国标准的最低额和最高额显示。".into());
                }
            }
            Err(e) => out.notes.push(format!("诉讼费用无法估算：{e}")),
        }
        out
    }
}
