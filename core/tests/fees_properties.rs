//! Property-based tests of the fee rules: a fee never decreases as the amount grows; halving never applies twice;
//! the cumulative bands agree with the quick-calc formula (amount × rate ± deduction, with the right signs);
//! amounts survive formatting and parsing.

use court_core::fees::{
    calculate, FeeKind, FeeRequest, FeeResult, FeeSchedule, Input, Reduction, Reductions,
};
use court_core::money::{parse_amount, Fen, RoundingUnit, MAX_AMOUNT};
use proptest::prelude::*;

/// Every kind with an amount, and the input that carries it.
const AMOUNT_KINDS: &[(FeeKind, Input)] = &[
    (FeeKind::Property, Input::Amount),
    (FeeKind::Ip, Input::Amount),
    (FeeKind::Execution, Input::Amount),
    (FeeKind::Preservation, Input::Amount),
    (FeeKind::PaymentOrder, Input::Amount),
    (FeeKind::Bankruptcy, Input::Amount),
    (FeeKind::Divorce, Input::Property),
    (FeeKind::Personality, Input::Damages),
];

fn fee(
    kind: FeeKind,
    input: Input,
    amount: Fen,
    reductions: Reductions,
    unit: RoundingUnit,
) -> FeeResult {
    let mut req = FeeRequest::new(kind);
    req.set_input(input, Some(amount));
    if kind.is_acceptance_fee() {
        req.reductions = reductions;
    }
    calculate(&req, &FeeSchedule::national(unit)).expect("valid request")
}

fn amount() -> impl Strategy<Value = Fen> {
    // Mostly claims a court sees (up to 10^9 yuan), sometimes up to the largest accepted amount.
    prop_oneof![
        4 => (0i64..100_000_000_000).prop_map(Fen::from_fen),
        1 => (0i64..=MAX_AMOUNT.fen()).prop_map(Fen::from_fen),
    ]
}

fn reductions() -> impl Strategy<Value = Reductions> {
    prop::collection::vec(any::<bool>(), 5).prop_map(|b| Reductions {
        settled: b[0],
        withdrawn: b[1],
        simple: b[2],
        counterclaim: b[3],
        third_party: b[4],
    })
}

fn unit() -> impl Strategy<Value = RoundingUnit> {
    prop_oneof![
        Just(RoundingUnit::Fen),
        Just(RoundingUnit::Jiao),
        Just(RoundingUnit::Yuan)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fee_never_decreases_as_the_amount_grows(
        k in 0..AMOUNT_KINDS.len(), a in amount(), b in amount(), r in reductions(), u in unit()
    ) {
        let (kind, input) = AMOUNT_KINDS[k];
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let f_lo = fee(kind, input, lo, r, u);
        let f_hi = fee(kind, input, hi, r, u);
        prop_assert!(f_lo.min <= f_hi.min && f_lo.max <= f_hi.max, "{kind}: {lo} → {:?}, {hi} → {:?}", (f_lo.min, f_lo.max), (f_hi.min, f_hi.max));
    }

    #[test]
    fn fee_never_decreases_by_one_fen_steps(k in 0..AMOUNT_KINDS.len(), a in amount(), u in unit()) {
        let (kind, input) = AMOUNT_KINDS[k];
        let next = Fen::from_fen((a.fen() + 1).min(MAX_AMOUNT.fen()));
        let f_a = fee(kind, input, a, Reductions::NONE, u);
        let f_b = fee(kind, input, next, Reductions::NONE, u);
        prop_assert!(f_a.min <= f_b.min && f_a.max <= f_b.max);
    }

    #[test]
    fn halving_never_applies_twice(k in 0..AMOUNT_KINDS.len(), a in amount(), r in reductions()) {
        let (kind, input) = AMOUNT_KINDS[k];
        prop_assume!(kind.is_acceptance_fee() && !r.list().is_empty());
        let full = fee(kind, input, a, Reductions::NONE, RoundingUnit::Fen);
        let once = fee(kind, input, a, Reductions::NONE.with(Reduction::Simple), RoundingUnit::Fen);
        let any = fee(kind, input, a, r, RoundingUnit::Fen);
        prop_assert!(any.halved);
        // Any combination gives the figure of a single reason …
        prop_assert_eq!((any.min, any.max), (once.min, once.max));
        // … which is half the full fee (within the one rounding), never a quarter.
        for (half, whole) in [(any.min, full.min), (any.max, full.max)] {
            let twice = half.fen() * 2;
            prop_assert!((twice - whole.fen()).abs() <= 1, "half {half} of {whole}");
        }
        let halving_lines = any.lines.iter().filter(|l| l.basis.contains("第二百零六条")).count();
        prop_assert_eq!(halving_lines, 1);
    }

    /// Regression (the public calculator's bug): the quick-calc formula amount × rate + deduction, with the
    /// deduction's sign as worked from the bands, gives the cumulative figure in every band.
    #[test]
    fn quick_calc_agrees_with_cumulative_bands(yuan in 0i64..1_000_000_000) {
        // (upper edge in yuan, rate in ‰, quick-calc addend in yuan) — derived by hand from Art. 13(一):
        // e.g. 100,000–200,000: 2,300 at 100,000 − 100,000 × 2 % = +300.
        const QUICK: &[(i64, i64, i64)] = &[
            (100_000, 25, -200),
            (200_000, 20, 300),
            (500_000, 15, 1_300),
            (1_000_000, 10, 3_800),
            (2_000_000, 9, 4_800),
            (5_000_000, 8, 6_800),
            (10_000_000, 7, 11_800),
            (20_000_000, 6, 21_800),
            (i64::MAX, 5, 41_800),
        ];
        let want_fen = if yuan <= 10_000 {
            5_000
        } else {
            let &(_, permille, addend) = QUICK.iter().find(|(upto, ..)| yuan <= *upto).expect("a band");
            // yuan × permille / 1000 yuan = yuan × permille / 10 fen; round half-up at the fen.
            (yuan * permille + 5) / 10 + addend * 100
        };
        let got = fee(FeeKind::Property, Input::Amount, Fen::from_yuan(yuan), Reductions::NONE, RoundingUnit::Fen);
        prop_assert_eq!(got.min.fen(), want_fen, "{} yuan", yuan);
    }

    #[test]
    fn amounts_survive_formatting(fen in 0i64..=MAX_AMOUNT.fen()) {
        let f = Fen::from_fen(fen);
        prop_assert_eq!(parse_amount(&f.to_string()), Ok(f));
        prop_assert_eq!(parse_amount(&f.grouped()), Ok(f));
        prop_assert_eq!(parse_amount(&format!("{}元", f.grouped())), Ok(f));
        // The same amount written in 万: fen / 10^6 万.
        let wan = format!("{}.{:06}万", fen / 1_000_000, fen % 1_000_000);
        prop_assert_eq!(parse_amount(&wan), Ok(f));
    }
}
