//! The content packs compiled into the binary: the risk questionnaires (`kiosk-config/risk/*.toml`) and the
//! rest-day calendars (`kiosk-config/calendars/YYYY.toml`). The shell hands their text to `court_core`, which parses
//! and validates it; `config check` reports every problem with its file and key path.

use std::sync::OnceLock;

use court_core::calendar::RestDayCalendar;
use court_core::risk::Questionnaire;

/// One embedded file: its path in the repository (named in every error) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Pack {
    pub file: &'static str,
    pub text: &'static str,
}

macro_rules! pack {
    ($path:literal) => {
        Pack {
            file: $path,
            text: include_str!(concat!("../", $path)),
        }
    };
}

/// The risk questionnaires, one per case type (add a line here when adding a file).
pub const RISK_PACKS: &[Pack] = &[
    pack!("kiosk-config/risk/private-lending.toml"),
    pack!("kiosk-config/risk/sale-contract.toml"),
    pack!("kiosk-config/risk/divorce.toml"),
    pack!("kiosk-config/risk/traffic-accident.toml"),
    pack!("kiosk-config/risk/labor-dispute.toml"),
    pack!("kiosk-config/risk/property-service.toml"),
];

/// The State Council holiday arrangements, one file per year (民法典 Art. 203 rest-day roll).
pub const CALENDARS: &[Pack] = &[
    pack!("kiosk-config/calendars/2024.toml"),
    pack!("kiosk-config/calendars/2025.toml"),
    pack!("kiosk-config/calendars/2026.toml"),
];

/// A problem in embedded content: where (file and key path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

struct Parsed {
    questionnaires: Vec<Questionnaire>,
    calendar: RestDayCalendar,
    problems: Vec<ContentProblem>,
}

fn parse_all() -> Parsed {
    let mut problems = Vec::new();
    let mut questionnaires: Vec<Questionnaire> = Vec::new();
    for p in RISK_PACKS {
        match Questionnaire::parse(p.file, p.text) {
            Ok(q) => {
                if questionnaires.iter().any(|o| o.code == q.code) {
                    problems.push(ContentProblem {
                        location: format!("{}: code", p.file),
                        message: format!("case type {:?} is defined twice", q.code),
                    });
                } else {
                    questionnaires.push(q);
                }
            }
            Err(errors) => problems.extend(errors.0.into_iter().map(|e| ContentProblem {
                location: e.location,
                message: e.message,
            })),
        }
    }
    let mut calendar = RestDayCalendar::new();
    for p in CALENDARS {
        let result =
            court_core::calendar::YearCalendar::parse(p.text).and_then(|y| calendar.add(y));
        if let Err(e) = result {
            problems.push(ContentProblem {
                location: p.file.to_string(),
                message: e.to_string(),
            });
        }
    }
    Parsed {
        questionnaires,
        calendar,
        problems,
    }
}

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(parse_all)
}

/// Every problem of the embedded content (empty when all of it validates).
pub fn problems() -> &'static [ContentProblem] {
    &parsed().problems
}

/// The questionnaires that validated, in file order.
pub fn questionnaires() -> &'static [Questionnaire] {
    &parsed().questionnaires
}

/// One case type's questionnaire.
pub fn questionnaire(code: &str) -> Option<&'static Questionnaire> {
    questionnaires().iter().find(|q| q.code == code)
}

/// The rest-day calendar over every embedded year that validated.
pub fn calendar() -> &'static RestDayCalendar {
    &parsed().calendar
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_embedded_content_validates() {
        assert!(super::problems().is_empty(), "{:?}", super::problems());
        assert_eq!(super::questionnaires().len(), super::RISK_PACKS.len());
        for y in [2024, 2025, 2026] {
            assert!(super::calendar().covers(y), "{y}");
        }
    }
}
