//! Queue rules: ticket numbers, queue order and the estimated wait. Pure functions; the shell passes in the
//! court's local date, the waiting tickets and the recent handling times.
//!
//! **Numbering.** A ticket number is the service's prefix letter plus a sequence number, zero-padded to three
//! digits (`A001` … `A999`). Each service has its own sequence, and every sequence restarts at 1 on each local day
//! in the court's time zone (the day is computed once, by [`local_date`], from a UTC instant and the configured
//! zone — never from the machine's zone, never by counting rows). A busy day does not wrap after 999: the 1000th
//! ticket is `A1000` (four digits), so no number is ever given twice in one day.
//!
//! **Order.** Waiting tickets are served by priority weight (绿色通道 classes carry a weight from configuration;
//! the ordinary class weighs 0), then by arrival.
//!
//! **Estimated wait.** People ahead × average handling time ÷ open windows, rounded up to whole minutes. The
//! average is taken from recent handling times once there are any, and is the service's configured average until
//! then.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// What can go wrong in the queue rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    #[error("ticket prefix {0:?} is not accepted; accepted: one capital letter A–Z")]
    BadPrefix(char),
    #[error("the day's sequence for this service is exhausted (last number {0})")]
    SequenceExhausted(u32),
    #[error("no window is open; accepted: at least 1 open window")]
    NoWindowOpen,
    #[error("appointment code {0:?} is not accepted; accepted: {min} to {max} digits", min = APPOINTMENT_CODE_LEN.start(), max = APPOINTMENT_CODE_LEN.end())]
    BadAppointmentCode(String),
}

/// Length of a 预约 appointment code the kiosk accepts (a local choice: the court's booking system sends
/// numeric codes; staff verify the code at the window, the kiosk only records it on the ticket).
pub const APPOINTMENT_CODE_LEN: std::ops::RangeInclusive<usize> = 4..=12;

/// Checks a typed appointment code: digits only, [`APPOINTMENT_CODE_LEN`] long.
pub fn check_appointment_code(typed: &str) -> Result<(), QueueError> {
    if APPOINTMENT_CODE_LEN.contains(&typed.len()) && typed.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(QueueError::BadAppointmentCode(typed.to_string()))
    }
}

/// The court's local calendar date of a UTC instant. The one function that decides what "today" is for the
/// queue: a ticket issued at 2026-03-01T15:59:59Z belongs to 2026-03-01 in Asia/Shanghai (23:59:59 local),
/// one issued a second later to 2026-03-02.
pub fn local_date<Tz: TimeZone>(now_utc: DateTime<Utc>, zone: &Tz) -> NaiveDate {
    now_utc.with_timezone(zone).date_naive()
}

/// The sequence number after `last` (0 = none issued yet today).
pub fn next_sequence(last: u32) -> Result<u32, QueueError> {
    last.checked_add(1)
        .ok_or(QueueError::SequenceExhausted(last))
}

/// The displayed ticket number: prefix + at least three digits (`A001`, `A999`, `A1000`).
pub fn format_number(prefix: char, sequence: u32) -> Result<String, QueueError> {
    if !prefix.is_ascii_uppercase() {
        return Err(QueueError::BadPrefix(prefix));
    }
    Ok(format!("{prefix}{sequence:03}"))
}

/// One ticket as the queue order sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueEntry {
    /// Priority weight: 0 for the ordinary queue, the class's configured weight for 绿色通道.
    pub weight: u32,
    /// Arrival order within the service and day (the ticket's sequence number).
    pub sequence: u32,
}

/// Sorts waiting tickets into serving order: higher weight first, then earlier arrival.
pub fn serving_order(entries: &mut [QueueEntry]) {
    entries.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.sequence.cmp(&b.sequence)));
}

/// How many of `waiting` will be served before `me` (entries equal to `me` are not counted).
pub fn people_ahead(waiting: &[QueueEntry], me: QueueEntry) -> u32 {
    let before = |o: &QueueEntry| {
        o.weight > me.weight || (o.weight == me.weight && o.sequence < me.sequence)
    };
    waiting.iter().filter(|o| before(o)).count() as u32
}

/// Estimated wait in whole minutes (rounded up): `ahead` × average handling time ÷ `windows_open`.
/// The average is the mean of `recent_handling_secs` when it holds any, else `configured_avg_min`.
pub fn estimated_wait_min(
    ahead: u32,
    windows_open: u32,
    recent_handling_secs: &[u32],
    configured_avg_min: u32,
) -> Result<u32, QueueError> {
    if windows_open == 0 {
        return Err(QueueError::NoWindowOpen);
    }
    let avg_secs: u64 = if recent_handling_secs.is_empty() {
        u64::from(configured_avg_min) * 60
    } else {
        let total: u64 = recent_handling_secs.iter().map(|&s| u64::from(s)).sum();
        total.div_ceil(recent_handling_secs.len() as u64)
    };
    let wait_secs = u64::from(ahead) * avg_secs;
    let per_window = wait_secs.div_ceil(u64::from(windows_open));
    Ok(u32::try_from(per_window.div_ceil(60)).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap()
    }

    fn check_date(now: &str, offset_hours: i32, want: &str) {
        let zone = FixedOffset::east_opt(offset_hours * 3600).unwrap();
        let got = local_date(utc(now), &zone);
        assert_eq!(got.to_string(), want, "{now} at UTC{offset_hours:+}");
    }

    #[test]
    fn local_date_follows_the_court_zone() {
        for (now, off, want) in [
            ("2026-03-01T15:59:59Z", 8, "2026-03-01"),
            ("2026-03-01T16:00:00Z", 8, "2026-03-02"),
            ("2026-03-01T16:00:00Z", 0, "2026-03-01"),
            ("2026-03-01T23:59:59Z", 0, "2026-03-01"),
            ("2026-03-02T00:00:00Z", 0, "2026-03-02"),
            ("2026-12-31T16:00:00Z", 8, "2027-01-01"),
            ("2026-03-01T04:00:00Z", -5, "2026-02-28"),
        ] {
            check_date(now, off, want);
        }
    }

    #[test]
    fn numbers_are_prefix_and_at_least_three_digits() {
        for (prefix, seq, want) in [
            ('A', 1, "A001"),
            ('B', 42, "B042"),
            ('H', 999, "H999"),
            ('A', 1000, "A1000"),
            ('Z', 12345, "Z12345"),
        ] {
            assert_eq!(
                format_number(prefix, seq).as_deref(),
                Ok(want),
                "{prefix}{seq}"
            );
        }
        for bad in ['a', '1', '甲', ' '] {
            assert_eq!(format_number(bad, 1), Err(QueueError::BadPrefix(bad)));
        }
    }

    #[test]
    fn sequence_goes_past_999_and_never_wraps() {
        for (last, want) in [
            (0, Ok(1)),
            (1, Ok(2)),
            (998, Ok(999)),
            (999, Ok(1000)),
            (u32::MAX, Err(QueueError::SequenceExhausted(u32::MAX))),
        ] {
            assert_eq!(next_sequence(last), want, "after {last}");
        }
    }

    fn e(weight: u32, sequence: u32) -> QueueEntry {
        QueueEntry { weight, sequence }
    }

    #[test]
    fn appointment_codes() {
        for (typed, want) in [
            ("1234", true),
            ("123456789012", true),
            ("12 34 56", false),
            ("123", false),
            ("1234567890123", false),
            ("12a4", false),
            ("１２３４", false),
            ("", false),
        ] {
            assert_eq!(check_appointment_code(typed).is_ok(), want, "{typed:?}");
        }
    }

    #[test]
    fn serving_order_is_weight_then_arrival() {
        let mut q = vec![e(0, 1), e(10, 4), e(0, 2), e(10, 3), e(5, 5)];
        serving_order(&mut q);
        assert_eq!(q, vec![e(10, 3), e(10, 4), e(5, 5), e(0, 1), e(0, 2)]);
    }

    fn check_ahead(waiting: &[QueueEntry], me: QueueEntry, want: u32) {
        assert_eq!(people_ahead(waiting, me), want, "{me:?} in {waiting:?}");
    }

    #[test]
    fn people_ahead_counts_heavier_and_earlier() {
        let w = [e(0, 1), e(0, 2), e(10, 3)];
        check_ahead(&[], e(0, 1), 0);
        check_ahead(&w, e(0, 4), 3);
        check_ahead(&w, e(10, 4), 1);
        check_ahead(&w, e(20, 4), 0);
        check_ahead(&w, e(0, 2), 2);
        check_ahead(&w, e(5, 4), 1);
    }

    #[test]
    fn estimated_wait_table() {
        // (ahead, windows, history secs, configured avg min, want)
        let cases: &[(u32, u32, &[u32], u32, u32)] = &[
            (0, 2, &[], 12, 0),
            (1, 1, &[], 12, 12),
            (3, 2, &[], 12, 18),
            (1, 2, &[], 5, 3),         // 2.5 min rounds up
            (2, 1, &[60, 120], 12, 3), // history wins: avg 90 s × 2 = 3 min
            (1, 1, &[61], 12, 2),
            (10, 3, &[300; 20], 1, 17), // 10 × 5 min ÷ 3 = 16.7 → 17
        ];
        for &(ahead, windows, hist, avg, want) in cases {
            assert_eq!(
                estimated_wait_min(ahead, windows, hist, avg),
                Ok(want),
                "{ahead} ahead, {windows} windows, {hist:?}"
            );
        }
        assert_eq!(
            estimated_wait_min(1, 0, &[], 5),
            Err(QueueError::NoWindowOpen)
        );
    }
}

#[cfg(test)]
mod zone_tests {
    use super::*;

    fn check(now: &str, zone: chrono_tz::Tz, want: &str) {
        let now = DateTime::parse_from_rfc3339(now)
            .map(|d| d.with_timezone(&Utc))
            .unwrap();
        assert_eq!(local_date(now, &zone).to_string(), want, "{now} in {zone}");
    }

    #[test]
    fn day_boundary_in_iana_zones() {
        use chrono_tz::{America, Asia, Europe};
        for (now, zone, want) in [
            ("2026-03-01T15:59:59Z", Asia::Shanghai, "2026-03-01"),
            ("2026-03-01T16:00:00Z", Asia::Shanghai, "2026-03-02"),
            ("2026-03-01T16:00:00Z", Asia::Urumqi, "2026-03-01"),
            ("2026-03-01T18:00:00Z", Asia::Urumqi, "2026-03-02"),
            // DST: New York is UTC−5 in winter, UTC−4 in summer.
            ("2026-01-15T04:59:59Z", America::New_York, "2026-01-14"),
            ("2026-01-15T05:00:00Z", America::New_York, "2026-01-15"),
            ("2026-07-15T03:59:59Z", America::New_York, "2026-07-14"),
            ("2026-07-15T04:00:00Z", America::New_York, "2026-07-15"),
            ("2026-03-29T23:00:00Z", Europe::Berlin, "2026-03-30"),
        ] {
            check(now, zone, want);
        }
    }
}
