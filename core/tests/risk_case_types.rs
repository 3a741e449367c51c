//! The six shipped questionnaires (kiosk-config/risk/*.toml): they validate, and for each case type sets of answers
//! produce the findings they must and never the findings they must not. The report's limitation result is the one
//! `limitation::compute` gives for the same dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use court_core::calendar::RestDayCalendar;
use court_core::fees::FeeSchedule;
use court_core::limitation::{compute, ClaimKind, LimitationInput, Status};
use court_core::money::RoundingUnit;
use court_core::risk::{
    assess, Answers, FeeScheduleEstimator, Level, LimitationOutcome, Questionnaire, RawAnswer,
    Report, Tendency,
};

const PACKS: [(&str, &str); 6] = [
    (
        "private-lending",
        include_str!("../../kiosk-config/risk/private-lending.toml"),
    ),
    (
        "sale-contract",
        include_str!("../../kiosk-config/risk/sale-contract.toml"),
    ),
    (
        "divorce",
        include_str!("../../kiosk-config/risk/divorce.toml"),
    ),
    (
        "traffic-accident",
        include_str!("../../kiosk-config/risk/traffic-accident.toml"),
    ),
    (
        "labor-dispute",
        include_str!("../../kiosk-config/risk/labor-dispute.toml"),
    ),
    (
        "property-service",
        include_str!("../../kiosk-config/risk/property-service.toml"),
    ),
];

const CALENDARS: [&str; 3] = [
    include_str!("../../kiosk-config/calendars/2024.toml"),
    include_str!("../../kiosk-config/calendars/2025.toml"),
    include_str!("../../kiosk-config/calendars/2026.toml"),
];

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
}

fn pack(code: &str) -> Questionnaire {
    let (_, text) = PACKS.iter().find(|(c, _)| *c == code).unwrap();
    Questionnaire::parse(&format!("{code}.toml"), text).unwrap_or_else(|e| panic!("{code}: {e}"))
}

fn yes() -> Option<RawAnswer> {
    Some(RawAnswer::Bool(true))
}
fn no() -> Option<RawAnswer> {
    Some(RawAnswer::Bool(false))
}
fn opt(s: &str) -> Option<RawAnswer> {
    Some(RawAnswer::Text(s.to_string()))
}
fn many(v: &[&str]) -> Option<RawAnswer> {
    Some(RawAnswer::List(v.iter().map(|s| s.to_string()).collect()))
}
fn yuan(n: i64) -> Option<RawAnswer> {
    Some(RawAnswer::Int(n))
}

fn report(code: &str, answers: &[(&str, Option<RawAnswer>)]) -> Report {
    let q = pack(code);
    let raw: BTreeMap<String, Option<RawAnswer>> = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let a = Answers::from_raw(&q, &raw).unwrap_or_else(|e| panic!("{code}: bad answers {e:?}"));
    let cal = RestDayCalendar::from_texts(CALENDARS).unwrap();
    let schedule = FeeSchedule::national(RoundingUnit::from_fen(1).unwrap());
    assess(
        &q,
        &a,
        as_of(),
        &cal,
        &FeeScheduleEstimator {
            schedule: &schedule,
        },
    )
}

struct Expect {
    name: &'static str,
    code: &'static str,
    answers: Vec<(&'static str, Option<RawAnswer>)>,
    must: &'static [&'static str],
    must_not: &'static [&'static str],
    tendency: Option<Tendency>,
    level: Option<Level>,
}

fn check(e: &Expect) {
    let r = report(e.code, &e.answers);
    let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
    for m in e.must {
        assert!(
            ids.contains(m),
            "{}: must produce {m}; produced {ids:?}",
            e.name
        );
    }
    for m in e.must_not {
        assert!(
            !ids.contains(m),
            "{}: must not produce {m}; produced {ids:?}",
            e.name
        );
    }
    if let Some(t) = e.tendency {
        assert_eq!(
            r.tendency.tendency, t,
            "{}: tendency, reasons {:?}",
            e.name, r.tendency.reasons
        );
        assert!(
            !r.tendency.reasons.is_empty(),
            "{}: a tendency always gives its reasons",
            e.name
        );
    }
    if let Some(l) = e.level {
        assert_eq!(r.level, l, "{}: overall level", e.name);
    }
    for f in &r.findings {
        assert!(
            (1..=17).contains(&f.spc_item) && !f.basis.is_empty(),
            "{}: {} lacks an item or a basis",
            e.name,
            f.id
        );
    }
    // Groups follow the 17 items in order and hold every finding once.
    let grouped: usize = r.groups.iter().map(|g| g.findings.len()).sum();
    assert_eq!(grouped, r.findings.len(), "{}", e.name);
    assert!(
        r.groups.windows(2).all(|w| w[0].spc_item < w[1].spc_item),
        "{}",
        e.name
    );
}

fn cases() -> Vec<Expect> {
    vec![
        Expect {
            name: "lending: IOU original and transfer records",
            code: "private-lending",
            answers: vec![
                ("role", opt("lender")),
                ("claim-amount", yuan(50_000)),
                ("paid-how", many(&["bank"])),
                ("evidence", many(&["iou", "transfer-records"])),
                ("originals", yes()),
                ("interest", opt("none")),
                ("instalments", no()),
                ("due-date", opt("2023-01-01")),
                ("guarantor", no()),
                ("defendant-identity", yes()),
                ("defendant-address", opt("current")),
                ("assets", opt("has")),
                ("preservation", no()),
                ("hardship", no()),
            ],
            must: &["strong-evidence", "interest-unclear", "fee-deadline", "limitation-running"],
            must_not: &["no-written-evidence", "transfer-records-only", "no-original", "cash-only", "limitation-expired"],
            tendency: Some(Tendency::Favourable),
            level: Some(Level::Low),
        },
        Expect {
            name: "lending: large cash loan, no papers, time-barred; a hidden answer does not count",
            code: "private-lending",
            answers: vec![
                ("role", opt("lender")),
                ("claim-amount", yuan(200_000)),
                ("paid-how", many(&["cash"])),
                ("evidence", many(&["none"])),
                ("originals", no()),
                ("due-date", opt("2020-01-01")),
                ("assets", opt("none")),
                ("preservation", yes()),
            ],
            must: &["no-written-evidence", "cash-only", "large-cash", "limitation-expired", "no-assets"],
            must_not: &["strong-evidence", "no-original", "preservation-rules"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "lending: transfer records only; a demand interrupted the period; guarantor not asked in time",
            code: "private-lending",
            answers: vec![
                ("role", opt("lender")),
                ("claim-amount", yuan(80_000)),
                ("paid-how", many(&["wechat-alipay"])),
                ("evidence", many(&["transfer-records"])),
                ("due-date", opt("2020-01-01")),
                ("last-demand", opt("2022-06-01")),
                ("guarantor", yes()),
                ("guarantor-asked", no()),
                ("defendant-address", opt("unknown")),
                ("hardship", yes()),
            ],
            must: &["transfer-records-only", "limitation-running", "guarantee-period", "address-unknown", "fee-hardship"],
            must_not: &["limitation-expired", "no-written-evidence", "fee-deadline"],
            tendency: Some(Tendency::Uncertain),
            level: Some(Level::Medium),
        },
        Expect {
            name: "sale: arbitration clause; international sale runs four years",
            code: "sale-contract",
            answers: vec![
                ("role", opt("seller")),
                ("claim-amount", yuan(300_000)),
                ("arbitration-clause", yes()),
                ("international", yes()),
                ("evidence", many(&["contract", "delivery", "statement"])),
                ("originals", yes()),
                ("due-date", opt("2021-01-10")),
            ],
            must: &["arbitration-agreed", "international-period", "statement-confirmed", "limitation-running"],
            must_not: &["limitation-expired", "seller-no-delivery-proof", "no-original"],
            tendency: Some(Tendency::Favourable),
            level: Some(Level::High),
        },
        Expect {
            name: "sale: buyer who did not notify a quality defect; copies only",
            code: "sale-contract",
            answers: vec![
                ("role", opt("buyer")),
                ("claim-amount", yuan(20_000)),
                ("arbitration-clause", no()),
                ("international", no()),
                ("evidence", many(&["contract", "payment"])),
                ("originals", no()),
                ("quality-dispute", yes()),
                ("quality-notified", no()),
                ("due-date", opt("2021-01-10")),
            ],
            must: &["quality-not-notified", "quality-appraisal", "no-original", "limitation-expired"],
            must_not: &["arbitration-agreed", "seller-no-delivery-proof", "international-period"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "sale: seller without proof of delivery",
            code: "sale-contract",
            answers: vec![
                ("role", opt("seller")),
                ("claim-amount", yuan(60_000)),
                ("evidence", many(&["contract", "invoice"])),
                ("quality-dispute", no()),
                ("quality-notified", no()),
            ],
            must: &["seller-no-delivery-proof", "limitation-unknown"],
            must_not: &["statement-confirmed", "quality-not-notified", "quality-appraisal"],
            tendency: Some(Tendency::Uncertain),
            level: None,
        },
        Expect {
            name: "divorce: husband while the wife is pregnant",
            code: "divorce",
            answers: vec![
                ("marriage-registered", yes()),
                ("who-files", opt("husband")),
                ("wife-pregnant", yes()),
                ("previous-judgment", opt("never")),
                ("breakdown-evidence", many(&["separation"])),
                ("children", opt("none")),
                ("property", many(&["none"])),
            ],
            must: &["husband-restricted", "statutory-breakdown", "limitation-not-applicable"],
            must_not: &["not-registered", "refiled-too-soon", "custody-dispute", "no-breakdown-grounds"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "divorce: refiled within six months and will not attend",
            code: "divorce",
            answers: vec![
                ("marriage-registered", yes()),
                ("who-files", opt("wife")),
                ("wife-pregnant", yes()),
                ("previous-judgment", opt("within-6-months")),
                ("breakdown-evidence", many(&["none"])),
                ("attend-in-person", no()),
            ],
            must: &["refiled-too-soon", "must-attend"],
            must_not: &["husband-restricted", "no-breakdown-grounds"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "divorce: not registered",
            code: "divorce",
            answers: vec![("marriage-registered", no()), ("who-files", opt("wife"))],
            must: &["not-registered"],
            must_not: &["husband-restricted"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "divorce: violence, a toddler, hidden property",
            code: "divorce",
            answers: vec![
                ("marriage-registered", yes()),
                ("who-files", opt("wife")),
                ("previous-judgment", opt("never")),
                ("breakdown-evidence", many(&["violence"])),
                ("children", opt("under-2")),
                ("custody-agreed", no()),
                ("property", many(&["house", "deposits"])),
                ("property-value", yuan(1_000_000)),
                ("property-evidence", no()),
                ("hiding-assets", yes()),
                ("preservation", yes()),
                ("ability-to-pay", opt("none")),
                ("attend-in-person", yes()),
            ],
            must: &[
                "statutory-breakdown",
                "domestic-violence",
                "child-under-2",
                "custody-dispute",
                "property-proof-missing",
                "assets-hidden",
                "preservation-rules",
                "payer-no-means",
            ],
            must_not: &["child-8-plus", "no-breakdown-grounds", "must-attend"],
            tendency: Some(Tendency::Favourable),
            level: Some(Level::Medium),
        },
        Expect {
            name: "traffic: insured driver found at fault; disability not yet assessed",
            code: "traffic-accident",
            answers: vec![
                ("role", opt("victim")),
                ("accident-date", opt("2023-05-01")),
                ("known-date", opt("2023-05-01")),
                ("claim-amount", yuan(150_000)),
                ("liability-finding", opt("yes-other-at-fault")),
                ("insurance", opt("both")),
                ("injury", opt("disability")),
                ("appraisal-done", no()),
                ("receipts", yes()),
                ("defendant-address", opt("known")),
            ],
            must: &["finding-favourable", "insured", "appraisal-needed", "serious-injury-heads", "limitation-running"],
            must_not: &["receipts-missing", "no-liability-finding", "hit-and-run", "limitation-expired"],
            tendency: Some(Tendency::Favourable),
            level: Some(Level::Medium),
        },
        Expect {
            name: "traffic: hit and run without a police finding",
            code: "traffic-accident",
            answers: vec![
                ("role", opt("victim")),
                ("liability-finding", opt("none")),
                ("insurance", opt("unknown")),
                ("injury", opt("minor")),
                ("receipts", no()),
                ("defendant-address", opt("hit-and-run")),
            ],
            must: &["hit-and-run", "insurance-unknown", "no-liability-finding", "receipts-missing"],
            must_not: &["insured", "finding-favourable"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "traffic: the 20-year cap from the accident ends the period",
            code: "traffic-accident",
            answers: vec![
                ("role", opt("victim")),
                ("accident-date", opt("2004-05-10")),
                ("known-date", opt("2022-01-04")),
                ("liability-finding", opt("yes-other-at-fault")),
            ],
            must: &["limitation-expired"],
            must_not: &["limitation-running"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "labour: not yet arbitrated; wages while still employed",
            code: "labor-dispute",
            answers: vec![
                ("role", opt("worker")),
                ("stage", opt("not-yet")),
                ("claims", many(&["wages"])),
                ("still-employed", yes()),
                ("written-contract", yes()),
                ("evidence", many(&["pay-records"])),
                ("employer-status", opt("operating")),
            ],
            must: &["arbitration-first", "limitation-not-applicable", "good-evidence", "small-claim-final"],
            must_not: &["award-deadline-missed", "no-contract", "limitation-expired"],
            tendency: Some(Tendency::Favourable),
            level: Some(Level::High),
        },
        Expect {
            name: "labour: award received more than 15 days ago",
            code: "labor-dispute",
            answers: vec![
                ("role", opt("worker")),
                ("stage", opt("award")),
                ("award-over-15-days", yes()),
                ("claims", many(&["overtime"])),
                ("still-employed", no()),
                ("known-date", opt("2024-01-10")),
            ],
            must: &["award-deadline-missed", "limitation-running"],
            must_not: &["award-in-time", "arbitration-first", "small-claim-final"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "labour: dismissed without a contract or evidence, over a year ago",
            code: "labor-dispute",
            answers: vec![
                ("role", opt("worker")),
                ("stage", opt("refused")),
                ("claims", many(&["compensation"])),
                ("still-employed", no()),
                ("known-date", opt("2023-01-10")),
                ("written-contract", no()),
                ("evidence", many(&["none"])),
                ("dismissal-notice", yes()),
                ("employer-status", opt("closed")),
            ],
            must: &["refused-may-sue", "no-contract", "no-evidence", "dismissal-burden", "limitation-expired", "employer-closed"],
            must_not: &["good-evidence", "limitation-not-applicable", "dismissal-unproven"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "labour: social insurance and an unrecognised injury",
            code: "labor-dispute",
            answers: vec![
                ("role", opt("worker")),
                ("stage", opt("arbitrating")),
                ("claims", many(&["social-insurance", "injury"])),
                ("injury-recognised", no()),
                ("still-employed", yes()),
            ],
            must: &["social-insurance-admin", "injury-recognition", "still-arbitrating", "limitation-unknown"],
            must_not: &["dismissal-burden", "limitation-not-applicable"],
            tendency: Some(Tendency::Insufficient),
            level: Some(Level::High),
        },
        Expect {
            name: "property: company that cut the water and did not demand first",
            code: "property-service",
            answers: vec![
                ("role", opt("company")),
                ("claim-amount", yuan(6_000)),
                ("contract-basis", opt("early-stage")),
                ("owner-identity", yes()),
                ("service-evidence", many(&["records", "fee-basis"])),
                ("demanded-first", no()),
                ("cut-utilities", yes()),
                ("owner-evidence", no()),
                ("arrears-start", opt("2022-01-01")),
            ],
            must: &["contract-binds-owners", "no-prior-demand", "utilities-cut", "periodic-fees-limitation", "limitation-running"],
            must_not: &["owner-no-evidence", "no-contract", "service-unproven"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "property: owner without evidence, public income",
            code: "property-service",
            answers: vec![
                ("role", opt("owner")),
                ("claim-amount", yuan(10_000)),
                ("contract-basis", opt("committee")),
                ("owner-problem", many(&["security", "public-income"])),
                ("owner-evidence", no()),
                ("defendant-address", opt("reachable")),
            ],
            must: &["owner-no-evidence", "owner-security-loss", "owner-public-income", "contract-binds-owners"],
            must_not: &["periodic-fees-limitation", "utilities-cut", "owner-unproven"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
        Expect {
            name: "property: old arrears with no demand are time-barred",
            code: "property-service",
            answers: vec![
                ("role", opt("company")),
                ("claim-amount", yuan(9_000)),
                ("contract-basis", opt("none")),
                ("arrears-start", opt("2020-01-01")),
                ("assets", opt("has")),
            ],
            must: &["no-contract", "periodic-fees-limitation", "limitation-expired"],
            must_not: &["limitation-running", "contract-binds-owners", "no-assets"],
            tendency: Some(Tendency::Unfavourable),
            level: Some(Level::High),
        },
    ]
}

#[test]
fn every_pack_validates_and_covers_the_required_topics() {
    for (code, text) in PACKS {
        let q = Questionnaire::parse(&format!("{code}.toml"), text)
            .unwrap_or_else(|e| panic!("{code}:\n{e}"));
        assert_eq!(q.code, code);
        assert!(
            q.questions.len() >= 8,
            "{code} has {} questions",
            q.questions.len()
        );
        assert!(!q.alternatives.is_empty(), "{code}: no alternative route");
        assert!(
            q.costs.is_some() && q.limitation.is_some(),
            "{code}: costs and limitation sections"
        );
        // Address for service (SPC item 14), ability to pay (16) and preservation (7) are asked in every pack.
        for item in [7u8, 14, 16] {
            assert!(
                q.rules.iter().any(|r| r.spc_item == item),
                "{code}: no rule on SPC item {item}"
            );
        }
    }
}

#[test]
fn answer_sets_produce_the_findings_they_must() {
    let cases = cases();
    for code in PACKS.map(|(c, _)| c) {
        assert!(
            cases.iter().filter(|c| c.code == code).count() >= 2,
            "{code}: at least two answer sets"
        );
    }
    for c in &cases {
        check(c);
    }
}

#[test]
fn the_report_limitation_is_the_calculator_result() {
    let r = report(
        "private-lending",
        &[
            ("role", opt("lender")),
            ("due-date", opt("2020-01-01")),
            ("last-demand", opt("2022-06-01")),
        ],
    );
    let LimitationOutcome::Computed { result, .. } = &r.limitation else {
        panic!("{:?}", r.limitation)
    };
    let cal = RestDayCalendar::from_texts(CALENDARS).unwrap();
    let mut input = LimitationInput::new(
        ClaimKind::General,
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        as_of(),
    );
    input
        .interruptions
        .push(NaiveDate::from_ymd_opt(2022, 6, 1).unwrap());
    let direct = compute(&input, &cal).unwrap();
    assert_eq!(result, &direct);
    assert_eq!(direct.status, Status::Running);
    assert_eq!(direct.expires, NaiveDate::from_ymd_opt(2025, 6, 3));
}

#[test]
fn the_report_carries_costs_next_steps_and_the_advisory() {
    let r = report(
        "private-lending",
        &[
            ("role", opt("lender")),
            ("claim-amount", yuan(1_000_000)),
            ("assets", opt("has")),
            ("preservation", yes()),
            ("hardship", yes()),
        ],
    );
    let costs = r.costs.as_ref().unwrap();
    // 诉讼费用交纳办法 Art. 13(一): 1,000,000 → 13,800; Art. 14(二): preservation capped at 5,000.
    assert_eq!(costs.lines[0].amount, "13,800.00元", "{costs:?}");
    assert_eq!(costs.lines[1].amount, "5,000.00元", "{costs:?}");
    assert_eq!(r.next_steps.counters, ["filing", "judicial-aid"]);
    assert!(r
        .next_steps
        .documents
        .iter()
        .any(|d| d.contains("财产保全申请书")));
    assert!(r.advisory.contains("第一百九十二条"));
    // Without an amount the fee is not guessed.
    let r = report("private-lending", &[("role", opt("lender"))]);
    assert!(r.costs.unwrap().lines.is_empty());
}
