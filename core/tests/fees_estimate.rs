//! The litigation-cost estimate (诉讼成本): acceptance + preservation + enforcement + appeal, each with its basis.

use court_core::fees::{
    estimate, CostPart, CostRequest, FeeError, FeeKind, FeeRequest, FeeSchedule, Input, LineRole,
    Reduction,
};
use court_core::money::{parse_amount, Fen, RoundingUnit};

fn y(s: &str) -> Fen {
    parse_amount(s).expect("amount")
}

/// (request, parts in order with their (min, max), total (min, max))
fn check(req: CostRequest, parts: &[(CostPart, &str, &str)], total: (&str, &str)) {
    let est = estimate(&req, &FeeSchedule::national(RoundingUnit::Fen)).expect("estimate");
    let got: Vec<(CostPart, String, String)> = est
        .parts
        .iter()
        .map(|(p, r)| (*p, r.min.to_string(), r.max.to_string()))
        .collect();
    let want: Vec<(CostPart, String, String)> = parts
        .iter()
        .map(|(p, a, b)| (*p, a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want, "{req:?}");
    assert_eq!(
        (est.min.to_string(), est.max.to_string()),
        (total.0.to_string(), total.1.to_string())
    );
    let counted = est.lines().into_iter().filter(|l| l.role != LineRole::Info);
    let (a, b) = counted.fold((Fen::ZERO, Fen::ZERO), |(a, b), l| (a + l.min, b + l.max));
    assert_eq!((a, b), (est.min, est.max), "lines add up to the estimate");
}

#[test]
fn estimates() {
    let claim = FeeRequest::new(FeeKind::Property).with_amount(y("100万"));
    check(
        CostRequest::new(claim.clone()),
        &[(CostPart::Acceptance, "13800.00", "13800.00")],
        ("13800.00", "13800.00"),
    );
    check(
        CostRequest {
            preservation: Some(y("100万")),
            enforcement: Some(Some(y("100万"))),
            appeal: Some(None),
            ..CostRequest::new(claim.clone())
        },
        &[
            (CostPart::Acceptance, "13800.00", "13800.00"),
            (CostPart::Preservation, "5000.00", "5000.00"),
            // 50 + 490,000 × 1.5 % + 500,000 × 1 %
            (CostPart::Enforcement, "12400.00", "12400.00"),
            (CostPart::Appeal, "13800.00", "13800.00"),
        ],
        ("45000.00", "45000.00"),
    );
    // Simple procedure halves the first instance only; the appeal is on the contested 500,000.
    let mut simple = claim.clone();
    simple.reductions = simple.reductions.with(Reduction::Simple);
    check(
        CostRequest {
            appeal: Some(Some(y("50万"))),
            ..CostRequest::new(simple)
        },
        &[
            (CostPart::Acceptance, "6900.00", "6900.00"),
            (CostPart::Appeal, "8800.00", "8800.00"),
        ],
        ("15700.00", "15700.00"),
    );
    // Ranges add up: divorce 50–300, enforcement without amount 50–500, preservation without amount 30.
    check(
        CostRequest {
            preservation: Some(Fen::ZERO),
            enforcement: Some(None),
            ..CostRequest::new(FeeRequest::new(FeeKind::Divorce))
        },
        &[
            (CostPart::Acceptance, "50.00", "300.00"),
            (CostPart::Preservation, "30.00", "30.00"),
            (CostPart::Enforcement, "50.00", "500.00"),
        ],
        ("130.00", "830.00"),
    );
}

#[test]
fn an_appeal_amount_needs_an_item_with_an_amount() {
    let req = CostRequest {
        appeal: Some(Some(y("1000"))),
        ..CostRequest::new(FeeRequest::new(FeeKind::Labor))
    };
    let err =
        estimate(&req, &FeeSchedule::national(RoundingUnit::Fen)).expect_err("labor has no amount");
    assert_eq!(err.part, CostPart::Appeal);
    assert_eq!(
        err.error,
        FeeError::InputNotUsed {
            kind: FeeKind::Labor,
            input: Input::Amount
        }
    );
}
