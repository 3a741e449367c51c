//! Requests the fee calculator refuses, with the typed reason; court-fixed figures the schedule refuses.

use std::collections::BTreeMap;

use court_core::fees::{
    calculate, Art8Ground, FeeError, FeeKind, FeeRequest, FeeSchedule, Input, Reduction,
    ScheduleError, Stage,
};
use court_core::money::{Fen, RoundingUnit};

fn yuan(y: i64) -> Option<Fen> {
    Some(Fen::from_yuan(y))
}

#[test]
fn refused_requests() {
    use FeeKind::*;
    let base = FeeRequest::new;
    let cases: Vec<(FeeRequest, FeeError)> = vec![
        (
            base(Property),
            FeeError::InputRequired {
                kind: Property,
                input: Input::Amount,
            },
        ),
        (
            base(PaymentOrder),
            FeeError::InputRequired {
                kind: PaymentOrder,
                input: Input::Amount,
            },
        ),
        (
            base(Bankruptcy),
            FeeError::InputRequired {
                kind: Bankruptcy,
                input: Input::Amount,
            },
        ),
        (
            FeeRequest {
                amount: yuan(100),
                ..base(Divorce)
            },
            FeeError::InputNotUsed {
                kind: Divorce,
                input: Input::Amount,
            },
        ),
        (
            FeeRequest {
                amount: yuan(100),
                property: yuan(100),
                ..base(Property)
            },
            FeeError::InputNotUsed {
                kind: Property,
                input: Input::Property,
            },
        ),
        (
            FeeRequest {
                damages: yuan(100),
                ..base(Divorce)
            },
            FeeError::InputNotUsed {
                kind: Divorce,
                input: Input::Damages,
            },
        ),
        (
            FeeRequest {
                amount: yuan(100),
                ..base(Labor)
            },
            FeeError::InputNotUsed {
                kind: Labor,
                input: Input::Amount,
            },
        ),
        (
            FeeRequest {
                amount: yuan(-1),
                ..base(Property)
            },
            FeeError::Negative {
                input: Input::Amount,
            },
        ),
        (
            FeeRequest {
                amount: Some(Fen::from_fen(1_000_000_000_000_001)),
                ..base(Property)
            },
            FeeError::TooLarge {
                input: Input::Amount,
            },
        ),
        (
            FeeRequest {
                reductions: court_core::fees::Reductions::NONE.with(Reduction::Simple),
                ..base(Preservation)
            },
            FeeError::ReductionNotApplicable {
                kind: Preservation,
                reduction: Reduction::Simple,
            },
        ),
        (
            FeeRequest {
                reductions: court_core::fees::Reductions::NONE.with(Reduction::Settled),
                ..base(JurisdictionObjection)
            },
            FeeError::ReductionNotApplicable {
                kind: JurisdictionObjection,
                reduction: Reduction::Settled,
            },
        ),
        (
            FeeRequest {
                stage: Stage::Appeal,
                amount: yuan(1000),
                ..base(Execution)
            },
            FeeError::StageNotApplicable {
                kind: Execution,
                stage: Stage::Appeal,
            },
        ),
        (
            FeeRequest {
                exempt: Some(Art8Ground::SpecialProcedure),
                ..base(PublicNotice)
            },
            FeeError::ExemptNotApplicable { kind: PublicNotice },
        ),
    ];
    let schedule = FeeSchedule::national(RoundingUnit::Fen);
    for (req, want) in cases {
        assert_eq!(calculate(&req, &schedule), Err(want), "{req:?}");
    }
}

#[test]
fn refused_court_figures() {
    /// (`[fees.fixed]` entries, `rounding_unit_fen`, the keys reported)
    type Case<'a> = (&'a [(&'a str, &'a str)], i64, &'a [&'a str]);
    let cases: &[Case] = &[
        (&[("divorce", "200"), ("ip", "1000")], 1, &[]),
        (&[("divorce", "301")], 1, &["fixed.divorce"]),
        (&[("divorce", "49.99")], 1, &["fixed.divorce"]),
        (&[("labor", "10")], 1, &["fixed.labor"]), // not a ranged item
        (&[("property", "50")], 1, &["fixed.property"]),
        (&[("no-such-item", "50")], 1, &["fixed.no-such-item"]),
        (&[("divorce", "two hundred")], 1, &["fixed.divorce"]),
        (&[("divorce", "")], 1, &["fixed.divorce"]),
        (
            &[("maritime-fund", "1万"), ("execution", "500.001")],
            1,
            &["fixed.execution"],
        ),
        (&[], 5, &["rounding_unit_fen"]),
        (
            &[("divorce", "400")],
            3,
            &["fixed.divorce", "rounding_unit_fen"],
        ),
    ];
    for &(fixed, unit, want) in cases {
        let map: BTreeMap<String, String> = fixed
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let got: Vec<String> = match FeeSchedule::from_config(unit, &map) {
            Ok(_) => Vec::new(),
            Err(problems) => {
                let mut keys: Vec<String> = problems.into_iter().map(|(k, _)| k).collect();
                keys.sort();
                keys
            }
        };
        assert_eq!(got, want, "{fixed:?} unit {unit}");
    }
}

#[test]
fn out_of_range_figure_names_the_range_and_article() {
    let err =
        FeeSchedule::national(RoundingUnit::Fen).with_fixed(FeeKind::Divorce, Fen::from_yuan(301));
    let Err(e @ ScheduleError::OutsideRange { .. }) = err else {
        panic!("want OutsideRange, got {err:?}")
    };
    let text = e.to_string();
    for part in ["301.00", "50.00", "300.00", "第十三条第（二）项第1目"] {
        assert!(text.contains(part), "{text:?} lacks {part}");
    }
}
