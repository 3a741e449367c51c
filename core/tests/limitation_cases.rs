//! The limitation calculator against a table of hand-worked cases (民法典 Art. 188–199, 201–203; 劳动争议调解仲裁法
//! Art. 27; 民法典 Art. 594; 民事诉讼法 Art. 250), with the real 2024–2026 holiday calendars from kiosk-config/.
//! Each expected date was worked out by hand from the rule named in the case's name.

use chrono::NaiveDate;
use court_core::calendar::RestDayCalendar;
use court_core::limitation::{
    compute, ClaimKind, Field, LimitationError, LimitationInput, Status, Suspension, BASIS_188_2,
    BASIS_189, BASIS_194, BASIS_195, BASIS_196, BASIS_203, BASIS_LABOR_27_3,
};

const CALENDARS: [&str; 3] = [
    include_str!("../../kiosk-config/calendars/2024.toml"),
    include_str!("../../kiosk-config/calendars/2025.toml"),
    include_str!("../../kiosk-config/calendars/2026.toml"),
];

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn calendar() -> RestDayCalendar {
    RestDayCalendar::from_texts(CALENDARS).unwrap()
}

struct Case {
    name: &'static str,
    input: LimitationInput,
    status: Status,
    expires: Option<&'static str>,
    days_left: Option<i64>,
    basis_has: Vec<&'static str>,
    warns: bool,
}

fn case(name: &'static str, claim: ClaimKind, known: &str, as_of: &str) -> Case {
    Case {
        name,
        input: LimitationInput::new(claim, d(known), d(as_of)),
        status: Status::Running,
        expires: None,
        days_left: None,
        basis_has: Vec::new(),
        warns: false,
    }
}

impl Case {
    fn harm(mut self, h: &str) -> Self {
        self.input.harm = Some(d(h));
        self
    }
    fn interrupted(mut self, i: &str) -> Self {
        self.input.interruptions.push(d(i));
        self
    }
    fn suspended(mut self, from: &str, to: &str) -> Self {
        self.input.suspension = Some(Suspension {
            from: d(from),
            to: d(to),
        });
        self
    }
    fn instalment(mut self) -> Self {
        self.input.instalment = true;
        self
    }
    fn running(mut self, expires: &'static str, days_left: i64) -> Self {
        self.status = Status::Running;
        self.expires = Some(expires);
        self.days_left = Some(days_left);
        self
    }
    fn expired(mut self, expires: &'static str) -> Self {
        self.status = Status::Expired;
        self.expires = Some(expires);
        self.days_left = None;
        self
    }
    fn not_applicable(mut self) -> Self {
        self.status = Status::NotApplicable;
        self
    }
    fn cites(mut self, basis: &'static str) -> Self {
        self.basis_has.push(basis);
        self
    }
    fn warns(mut self) -> Self {
        self.warns = true;
        self
    }
}

fn check(cal: &RestDayCalendar, c: &Case) {
    let r = compute(&c.input, cal).unwrap_or_else(|e| panic!("{}: unexpected error {e}", c.name));
    assert_eq!(r.status, c.status, "{}: status ({:?})", c.name, r.steps);
    assert_eq!(
        r.expires,
        c.expires.map(d),
        "{}: expires ({:?})",
        c.name,
        r.steps
    );
    assert_eq!(r.days_left, c.days_left, "{}: days_left", c.name);
    for b in &c.basis_has {
        assert!(
            r.basis.iter().any(|x| x == b),
            "{}: basis should cite {b}, has {:?}",
            c.name,
            r.basis
        );
    }
    assert_eq!(
        !r.warnings.is_empty(),
        c.warns,
        "{}: warnings {:?}",
        c.name,
        r.warnings
    );
    assert!(
        !r.steps.is_empty() && !r.basis.is_empty(),
        "{}: a result always explains itself",
        c.name
    );
}

use ClaimKind::{Enforcement, General, InternationalSale, LaborArbitration, NoLimitation};

fn cases() -> Vec<Case> {
    vec![
        // Art. 188 + 201/202: three years, first day not counted, the corresponding day is the last day.
        case(
            "public example: 2021-03-15 → 2024-03-15, a Friday",
            General,
            "2021-03-15",
            "2024-03-15",
        )
        .running("2024-03-15", 0),
        case(
            "the day after the last day is expired",
            General,
            "2021-03-15",
            "2024-03-16",
        )
        .expired("2024-03-15"),
        case(
            "corresponding day, Thursday",
            General,
            "2021-03-14",
            "2024-03-01",
        )
        .running("2024-03-14", 13),
        case(
            "leap day start: no 29 Feb in 2023 → month end 2023-02-28",
            General,
            "2020-02-29",
            "2023-01-01",
        )
        .running("2023-02-28", 58)
        .warns(),
        case(
            "28 Feb start ends on 28 Feb even in a leap year",
            General,
            "2021-02-28",
            "2024-01-01",
        )
        .running("2024-02-28", 58),
        case(
            "leap day to leap day, four years (Art. 594)",
            InternationalSale,
            "2020-02-29",
            "2024-02-01",
        )
        .running("2024-02-29", 28),
        // Art. 203: a last day on a rest day moves to the next working day.
        case(
            "ordinary Sunday rolls to Monday",
            General,
            "2021-03-17",
            "2024-03-01",
        )
        .running("2024-03-18", 17)
        .cites(BASIS_203),
        case(
            "ordinary Saturday rolls to Monday",
            General,
            "2021-03-16",
            "2024-03-01",
        )
        .running("2024-03-18", 17),
        case(
            "2024 National Day rolls to 10-08",
            General,
            "2021-10-01",
            "2024-06-01",
        )
        .running("2024-10-08", 129)
        .cites(BASIS_203),
        case(
            "2024 Spring Festival rolls onto the make-up Sunday 02-18",
            General,
            "2021-02-10",
            "2024-02-01",
        )
        .running("2024-02-18", 17),
        case(
            "ends on the make-up working Sunday 2024-02-04: no roll",
            General,
            "2021-02-04",
            "2024-02-01",
        )
        .running("2024-02-04", 3),
        case(
            "ends on the make-up working Saturday 2024-05-11: no roll",
            General,
            "2021-05-11",
            "2024-05-01",
        )
        .running("2024-05-11", 10),
        case(
            "2024 Qingming rolls onto the make-up Sunday 04-07",
            General,
            "2021-04-04",
            "2024-04-01",
        )
        .running("2024-04-07", 6),
        case(
            "2024 May Day rolls to 05-06",
            General,
            "2021-05-01",
            "2024-04-01",
        )
        .running("2024-05-06", 35),
        case(
            "2024 New Year's Day rolls to 01-02",
            General,
            "2021-01-01",
            "2023-12-01",
        )
        .running("2024-01-02", 32),
        case(
            "2024 Dragon Boat (Monday) rolls to 06-11",
            General,
            "2021-06-10",
            "2024-06-01",
        )
        .running("2024-06-11", 10),
        case(
            "2024 Mid-Autumn rolls to 09-18",
            General,
            "2021-09-15",
            "2024-09-01",
        )
        .running("2024-09-18", 17),
        case(
            "2025 Spring Festival rolls to 02-05",
            General,
            "2022-01-28",
            "2025-01-01",
        )
        .running("2025-02-05", 35),
        case(
            "2025 National Day (8 days) rolls to 10-09",
            General,
            "2022-10-01",
            "2025-09-01",
        )
        .running("2025-10-09", 38),
        case(
            "2025 Dragon Boat from a Saturday rolls to 06-03",
            General,
            "2022-05-31",
            "2025-05-01",
        )
        .running("2025-06-03", 33),
        case(
            "ends on the make-up working Sunday 2025-09-28: no roll",
            General,
            "2022-09-28",
            "2025-09-01",
        )
        .running("2025-09-28", 27),
        case(
            "2026 New Year rolls onto the make-up Sunday 01-04",
            General,
            "2023-01-01",
            "2025-12-01",
        )
        .running("2026-01-04", 34),
        case(
            "2026 Spring Festival (9 days) rolls to 02-24",
            General,
            "2023-02-15",
            "2026-02-01",
        )
        .running("2026-02-24", 23),
        case(
            "ends on the make-up working Saturday 2026-02-14: no roll",
            General,
            "2023-02-14",
            "2026-02-01",
        )
        .running("2026-02-14", 13),
        case(
            "2026 National Day rolls to 10-08",
            General,
            "2023-10-03",
            "2026-09-01",
        )
        .running("2026-10-08", 37),
        case(
            "2026 May Day rolls to 05-06",
            General,
            "2023-05-02",
            "2026-04-01",
        )
        .running("2026-05-06", 35),
        case(
            "2027 has no calendar: weekends only, with a warning",
            General,
            "2024-01-02",
            "2026-12-01",
        )
        .running("2027-01-04", 34)
        .warns(),
        // Art. 195: interruption restarts the full period from the interruption.
        case(
            "interruption restarts: 2022-06-01 → 2025-06-01 (Sunday, Dragon Boat) → 06-03",
            General,
            "2020-01-10",
            "2024-06-01",
        )
        .interrupted("2022-06-01")
        .running("2025-06-03", 367)
        .cites(BASIS_195),
        case(
            "a demand after expiry does not interrupt",
            General,
            "2019-01-10",
            "2024-06-01",
        )
        .interrupted("2022-05-01")
        .expired("2022-01-10")
        .warns(),
        case(
            "two interruptions in turn",
            General,
            "2018-03-01",
            "2024-06-01",
        )
        .interrupted("2020-03-01")
        .interrupted("2023-02-01")
        .running("2026-02-02", 611),
        case(
            "a demand before the start does not interrupt",
            General,
            "2022-03-01",
            "2024-06-01",
        )
        .interrupted("2021-12-01")
        .running("2025-03-03", 275),
        case(
            "a demand on the rolled last day still interrupts",
            General,
            "2021-03-16",
            "2024-06-01",
        )
        .interrupted("2024-03-18")
        .running("2027-03-18", 1020)
        .warns(),
        // Art. 194: suspension only for an obstacle in the last six months; ends six months after it ends.
        case(
            "obstacle inside the last six months",
            General,
            "2021-03-15",
            "2024-06-01",
        )
        .suspended("2024-01-01", "2024-02-01")
        .running("2024-08-01", 61)
        .cites(BASIS_194),
        case(
            "obstacle gone before the last six months: no suspension",
            General,
            "2021-03-15",
            "2024-06-01",
        )
        .suspended("2023-01-01", "2023-06-30")
        .expired("2024-03-15"),
        case(
            "obstacle starting earlier and lasting into the last six months",
            General,
            "2021-03-15",
            "2024-04-01",
        )
        .suspended("2023-06-01", "2023-10-31")
        .running("2024-04-30", 29),
        case(
            "obstacle after expiry: no suspension",
            General,
            "2020-01-10",
            "2024-06-01",
        )
        .suspended("2023-03-01", "2023-04-01")
        .expired("2023-01-10")
        .warns(),
        case(
            "six months after 2023-08-31 is month end 2024-02-29",
            General,
            "2021-01-15",
            "2024-02-01",
        )
        .suspended("2023-08-01", "2023-08-31")
        .running("2024-02-29", 28),
        // 劳动争议调解仲裁法 Art. 27: one year; suspension continues the period afterwards.
        case(
            "labour arbitration one year, Saturday after Dragon Boat week → Monday",
            LaborArbitration,
            "2023-06-15",
            "2024-06-01",
        )
        .running("2024-06-17", 16),
        case(
            "labour interruption restarts one year",
            LaborArbitration,
            "2023-01-10",
            "2024-06-01",
        )
        .interrupted("2023-12-01")
        .running("2024-12-02", 184),
        case(
            "labour suspension: 10 days added",
            LaborArbitration,
            "2023-03-01",
            "2024-03-01",
        )
        .suspended("2023-05-01", "2023-05-10")
        .running("2024-03-11", 10)
        .cites(BASIS_LABOR_27_3),
        case(
            "labour arbitration expired",
            LaborArbitration,
            "2022-11-10",
            "2024-06-01",
        )
        .expired("2023-11-10")
        .warns(),
        case(
            "no 20-year cap for labour arbitration",
            LaborArbitration,
            "2023-06-15",
            "2024-06-01",
        )
        .harm("2000-01-01")
        .running("2024-06-17", 16),
        // 民法典 Art. 594: four years.
        case(
            "international sale rolls over 2024 National Day",
            InternationalSale,
            "2020-10-01",
            "2024-06-01",
        )
        .running("2024-10-08", 129),
        // 民事诉讼法 Art. 250: two years from the last day of performance.
        case(
            "enforcement, month end on a Saturday → Monday",
            Enforcement,
            "2022-08-31",
            "2024-06-01",
        )
        .running("2024-09-02", 93),
        case(
            "enforcement interrupted",
            Enforcement,
            "2022-01-05",
            "2024-06-01",
        )
        .interrupted("2023-07-01")
        .running("2025-07-01", 395),
        // 民法典 Art. 196.
        case("no limitation", NoLimitation, "2001-01-01", "2024-06-01")
            .not_applicable()
            .cites(BASIS_196),
        // Art. 188 para. 2: the 20-year cap.
        case("20-year cap binds", General, "2022-01-04", "2024-05-01")
            .harm("2004-05-10")
            .running("2024-05-10", 9)
            .cites(BASIS_188_2)
            .warns(),
        case(
            "20-year cap on Dragon Boat Saturday rolls to 06-11",
            General,
            "2023-01-01",
            "2024-06-01",
        )
        .harm("2004-06-08")
        .running("2024-06-11", 10)
        .warns(),
        case(
            "20-year cap not reached; 2025-01-01 rolls to 01-02",
            General,
            "2022-01-01",
            "2024-06-01",
        )
        .harm("2010-01-01")
        .running("2025-01-02", 215),
        // 2023-01-01 is a Sunday; no 2023 calendar is loaded, so only the weekend counts (and a warning says so).
        case(
            "20-year cap already passed",
            General,
            "2023-01-01",
            "2024-06-01",
        )
        .harm("2003-01-01")
        .expired("2023-01-02")
        .warns(),
        // Art. 189: instalments run from the last instalment.
        case(
            "instalment debt from the last due date",
            General,
            "2021-12-31",
            "2024-06-01",
        )
        .instalment()
        .running("2024-12-31", 213)
        .cites(BASIS_189),
    ]
}

#[test]
fn limitation_table() {
    let cal = calendar();
    let cases = cases();
    assert!(cases.len() >= 40, "the table holds {} cases", cases.len());
    for c in &cases {
        check(&cal, c);
    }
}

#[test]
fn inconsistent_dates_name_their_field() {
    let cal = calendar();
    let base = || LimitationInput::new(General, d("2022-01-01"), d("2024-06-01"));
    let mut harm_late = base();
    harm_late.harm = Some(d("2022-02-01"));
    let mut future = base();
    future.interruptions.push(d("2024-07-01"));
    let mut reversed = base();
    reversed.suspension = Some(Suspension {
        from: d("2024-03-01"),
        to: d("2024-02-01"),
    });
    let mut ongoing = base();
    ongoing.suspension = Some(Suspension {
        from: d("2024-03-01"),
        to: d("2024-08-01"),
    });
    let table: [(LimitationInput, Field); 4] = [
        (harm_late, Field::Harm),
        (future, Field::Interrupted),
        (reversed, Field::SuspendedTo),
        (ongoing, Field::SuspendedTo),
    ];
    for (input, field) in table {
        match compute(&input, &cal) {
            Err(e) => assert_eq!(e.field(), field, "{e}"),
            Ok(r) => panic!("expected an error on {field}, got {r:?}"),
        }
    }
    assert!(matches!(
        compute(&harm_late_input(), &cal),
        Err(LimitationError::HarmAfterKnown { .. })
    ));
}

fn harm_late_input() -> LimitationInput {
    let mut i = LimitationInput::new(General, d("2022-01-01"), d("2024-06-01"));
    i.harm = Some(d("2023-01-01"));
    i
}

#[test]
fn every_claim_kind_round_trips_its_code() {
    for k in ClaimKind::ALL {
        assert_eq!(ClaimKind::from_code(k.code()), Some(k));
    }
    assert_eq!(ClaimKind::from_code("civil"), None);
}
