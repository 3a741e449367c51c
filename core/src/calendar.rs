//! Rest-day calendar: which days are legal rest days (法定休假日) for the roll of a period's last day
//! (民法典 Art. 203).
//!
//! A day is a rest day when it is a Saturday or Sunday, or inside an official holiday block, unless the State
//! Council's notice for that year makes it a make-up working day (调休上班). The notices change every year, so each
//! year is data (`kiosk-config/calendars/YYYY.toml`), parsed here from text the shell hands in.
//!
//! For a year with no calendar loaded only weekends count, and every answer that depends on such a year says so
//! (`covers` / [`Roll::calendar_missing`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

/// A problem in one year's calendar text. `path` names the key (e.g. `holidays[2].to`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("not valid TOML: {0}")]
    Toml(String),
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("the calendar for {0} is loaded twice")]
    DuplicateYear(i32),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    source: String,
    #[serde(default)]
    make_up_workdays: Vec<String>,
    #[serde(default)]
    holidays: Vec<RawHoliday>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    name: String,
    from: String,
    to: String,
}

/// One official holiday block as the notice states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One year's State Council holiday arrangement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCalendar {
    pub year: i32,
    /// The notice the dates come from (cited in the limitation result).
    pub source: String,
    pub holidays: Vec<Holiday>,
    pub make_up_workdays: BTreeSet<NaiveDate>,
}

impl YearCalendar {
    /// Parses and checks one year's calendar: every date belongs to `year`, `from <= to`, every make-up working
    /// day is a Saturday or Sunday and lies outside the holiday blocks.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let raw: RawYear =
            toml::from_str(text).map_err(|e| CalendarError::Toml(e.message().to_string()))?;
        let bad = |path: String, message: String| CalendarError::Invalid { path, message };
        if raw.source.trim().is_empty() {
            return Err(bad(
                "source".into(),
                "name the State Council notice the dates come from".into(),
            ));
        }
        let date = |path: String, s: &str| -> Result<NaiveDate, CalendarError> {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                bad(
                    path.clone(),
                    format!("{s:?} is not a date; accepted: YYYY-MM-DD"),
                )
            })?;
            if d.year() != raw.year {
                return Err(bad(
                    path,
                    format!("{s} is not in the calendar's year {}", raw.year),
                ));
            }
            Ok(d)
        };
        let mut holidays = Vec::new();
        for (i, h) in raw.holidays.iter().enumerate() {
            let from = date(format!("holidays[{i}].from"), &h.from)?;
            let to = date(format!("holidays[{i}].to"), &h.to)?;
            if to < from {
                return Err(bad(
                    format!("holidays[{i}].to"),
                    format!("{to} is before `from` {from}"),
                ));
            }
            if h.name.trim().is_empty() {
                return Err(bad(
                    format!("holidays[{i}].name"),
                    "a holiday needs its name".into(),
                ));
            }
            holidays.push(Holiday {
                name: h.name.clone(),
                from,
                to,
            });
        }
        let mut make_up_workdays = BTreeSet::new();
        for (i, s) in raw.make_up_workdays.iter().enumerate() {
            let path = format!("make_up_workdays[{i}]");
            let d = date(path.clone(), s)?;
            if !is_weekend(d) {
                return Err(bad(path, format!("{d} is a {:?}; a make-up working day (调休上班) is always a Saturday or Sunday", d.weekday())));
            }
            if holidays.iter().any(|h| h.from <= d && d <= h.to) {
                return Err(bad(path, format!("{d} is inside a holiday block")));
            }
            if !make_up_workdays.insert(d) {
                return Err(bad(path, format!("{d} is listed twice")));
            }
        }
        Ok(Self {
            year: raw.year,
            source: raw.source,
            holidays,
            make_up_workdays,
        })
    }

    fn holiday_on(&self, d: NaiveDate) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.from <= d && d <= h.to)
    }
}

/// Saturdays and Sundays.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The rest-day calendar over every loaded year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestDayCalendar {
    years: BTreeMap<i32, YearCalendar>,
}

/// The outcome of moving a last day off rest days (民法典 Art. 203).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roll {
    /// The first working day on or after the given day.
    pub day: NaiveDate,
    /// Whether it moved.
    pub moved: bool,
    /// Names of the holidays passed over (e.g. "春节"), in order, without repeats.
    pub holidays: Vec<String>,
    /// Years looked at for which no calendar is loaded (only weekends were counted there).
    pub calendar_missing: Vec<i32>,
}

impl RestDayCalendar {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses each text as one year and adds it; a year given twice is an error.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Self, CalendarError> {
        let mut cal = Self::new();
        for t in texts {
            cal.add(YearCalendar::parse(t)?)?;
        }
        Ok(cal)
    }

    pub fn add(&mut self, year: YearCalendar) -> Result<(), CalendarError> {
        if self.years.contains_key(&year.year) {
            return Err(CalendarError::DuplicateYear(year.year));
        }
        self.years.insert(year.year, year);
        Ok(())
    }

    /// Whether the year's holiday arrangement is loaded.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = &YearCalendar> {
        self.years.values()
    }

    pub fn year(&self, year: i32) -> Option<&YearCalendar> {
        self.years.get(&year)
    }

    /// Weekend or official holiday, and not a make-up working day.
    pub fn is_rest_day(&self, d: NaiveDate) -> bool {
        match self.years.get(&d.year()) {
            Some(y) => {
                !y.make_up_workdays.contains(&d) && (is_weekend(d) || y.holiday_on(d).is_some())
            }
            None => is_weekend(d),
        }
    }

    /// 民法典 Art. 203: a last day on a legal rest day moves to the day after the rest ends.
    pub fn roll_to_working_day(&self, d: NaiveDate) -> Roll {
        let mut day = d;
        let mut holidays: Vec<String> = Vec::new();
        let mut missing: Vec<i32> = Vec::new();
        let note_year = |y: i32, missing: &mut Vec<i32>| {
            if !self.covers(y) && !missing.contains(&y) {
                missing.push(y);
            }
        };
        note_year(day.year(), &mut missing);
        // A rest-day run is at most a few weeks long; the bound only guards against a malformed calendar.
        for _ in 0..400 {
            if !self.is_rest_day(day) {
                break;
            }
            if let Some(h) = self.years.get(&day.year()).and_then(|y| y.holiday_on(day)) {
                if !holidays.contains(&h.name) {
                    holidays.push(h.name.clone());
                }
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
            note_year(day.year(), &mut missing);
        }
        Roll {
            day,
            moved: day != d,
            holidays,
            calendar_missing: missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const Y: &str = r#"
year = 2024
source = "test"
make_up_workdays = ["2024-02-18"]
[[holidays]]
name = "春节"
from = "2024-02-10"
to = "2024-02-17"
"#;

    #[test]
    fn rest_days_follow_weekends_holidays_and_make_up_days() {
        let cal = RestDayCalendar::from_texts([Y]).unwrap();
        for (day, rest) in [
            ("2024-02-09", false),
            ("2024-02-12", true),
            ("2024-02-18", false),
            ("2024-02-24", true),
        ] {
            assert_eq!(cal.is_rest_day(d(day)), rest, "{day}");
        }
        let r = cal.roll_to_working_day(d("2024-02-10"));
        assert_eq!(
            (r.day, r.moved, r.holidays.clone()),
            (d("2024-02-18"), true, vec!["春节".to_string()])
        );
        assert!(r.calendar_missing.is_empty());
    }

    #[test]
    fn bad_calendars_name_the_key() {
        let cases = [
            (
                Y.replace("2024-02-18\"]", "2024-02-19\"]"),
                "make_up_workdays[0]",
            ),
            (
                Y.replace("to = \"2024-02-17\"", "to = \"2024-02-01\""),
                "holidays[0].to",
            ),
            (
                Y.replace("from = \"2024-02-10\"", "from = \"2023-02-10\""),
                "holidays[0].from",
            ),
            (
                Y.replace("from = \"2024-02-10\"", "from = \"2024-2-1x\""),
                "holidays[0].from",
            ),
        ];
        for (text, path) in cases {
            match YearCalendar::parse(&text) {
                Err(CalendarError::Invalid { path: p, .. }) => assert_eq!(p, path),
                other => panic!("expected an error at {path}, got {other:?}"),
            }
        }
        assert!(matches!(
            RestDayCalendar::from_texts([Y, Y]),
            Err(CalendarError::DuplicateYear(2024))
        ));
    }
}
