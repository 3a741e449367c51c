use chrono::{DateTime, Utc};
use court_printer::{receipt::display_width, Item, Profile};

use super::*;
use crate::config::Config;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn config(dir: &Path) -> Config {
    let mut cfg = crate::config::from_texts(None).unwrap();
    cfg.storage.data_dir = dir.join("data");
    cfg
}

/// A printer that fails while `broken` holds a reason, and counts the jobs it was given.
#[derive(Default)]
struct FakePrinter {
    broken: Option<String>,
    jobs: Vec<Vec<u8>>,
    status_asked: usize,
}

impl TicketPrinter for FakePrinter {
    fn print(&mut self, job: &[u8], _profile: &Profile) -> JobResult {
        match &self.broken {
            Some(why) => JobResult::Failed {
                reason: why.clone(),
            },
            None => {
                self.jobs.push(job.to_vec());
                JobResult::Printed
            }
        }
    }
    fn ready(&mut self) -> Result<(), String> {
        self.status_asked += 1;
        self.broken.clone().map_or(Ok(()), Err)
    }
}

fn req(service: &str) -> TicketRequest {
    TicketRequest {
        service: service.into(),
        ..TicketRequest::default()
    }
}

#[test]
fn local_today_is_the_court_day() {
    for (now, want) in [
        ("2026-03-01T15:59:59Z", "2026-03-01"),
        ("2026-03-01T16:00:00Z", "2026-03-02"),
        ("2026-03-01T00:00:00Z", "2026-03-01"),
    ] {
        assert_eq!(
            local_today(at(now), chrono_tz::Asia::Shanghai).to_string(),
            want,
            "{now}"
        );
    }
}

#[test]
fn tickets_across_the_local_midnight_restart_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let mut printer = FakePrinter::default();
    let mut numbers = Vec::new();
    for now in [
        "2026-03-01T15:59:58Z",
        "2026-03-01T15:59:59Z",
        "2026-03-01T16:00:00Z",
        "2026-03-01T16:00:01Z",
    ] {
        let o = t.issue(&req("filing"), &mut printer, at(now)).unwrap();
        numbers.push((o.ticket.local_date.clone(), o.ticket.number.clone()));
    }
    let want = [
        ("2026-03-01", "B001"),
        ("2026-03-01", "B002"),
        ("2026-03-02", "B001"),
        ("2026-03-02", "B002"),
    ];
    assert_eq!(numbers, want.map(|(d, n)| (d.to_string(), n.to_string())));
    assert_eq!(t.list(None, at("2026-03-01T15:00:00Z")).unwrap().len(), 2);
    assert_eq!(t.list(None, at("2026-03-01T17:00:00Z")).unwrap().len(), 2);
}

#[test]
fn bad_codes_name_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let now = at("2026-03-01T02:00:00Z");
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("nope", None, "unknown service \"nope\"; accepted service codes: guidance, filing, judicial-aid"),
        ("filing", Some("vip"), "unknown priority class \"vip\"; accepted priority classes: senior, disabled, military, pregnant"),
    ];
    for (service, priority, want) in cases {
        let r = TicketRequest {
            service: service.to_string(),
            priority: priority.map(str::to_string),
            ..Default::default()
        };
        let err = t.commit(&r, now).err().unwrap();
        assert!(err.is_usage(), "{err}");
        assert!(err.to_string().starts_with(want), "{err}");
    }
    assert!(
        t.list(None, now).unwrap().is_empty(),
        "nothing issued by a bad request"
    );
}

#[test]
fn print_failure_keeps_the_ticket_and_suspends_printing_until_ready() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let now = at("2026-03-01T02:00:00Z");
    let mut printer = FakePrinter {
        broken: Some("paper out".into()),
        ..Default::default()
    };

    let first = t.issue(&req("filing"), &mut printer, now).unwrap();
    assert_eq!(
        (first.ticket.printed, first.ticket.print_error.as_deref()),
        (false, Some("paper out"))
    );
    assert_eq!(
        t.store().flag(PRINTER_FLAG).unwrap().map(|f| f.message),
        Some("paper out".into())
    );

    // Still broken: the next ticket is issued without trying to print.
    let second = t.issue(&req("filing"), &mut printer, now).unwrap();
    assert_eq!(second.ticket.number, "B002");
    assert!(!second.ticket.printed);
    assert!(
        second
            .ticket
            .print_error
            .as_deref()
            .unwrap_or("")
            .contains("printing suspended"),
        "{:?}",
        second.ticket.print_error
    );
    assert!(printer.jobs.is_empty());

    // Fixed: the status check clears the flag and the ticket prints.
    printer.broken = None;
    let third = t.issue(&req("filing"), &mut printer, now).unwrap();
    assert_eq!(
        (third.ticket.printed, third.ticket.print_error.clone()),
        (true, None)
    );
    assert_eq!(printer.jobs.len(), 1);
    assert_eq!(t.store().flag(PRINTER_FLAG).unwrap(), None);
    // The stored rows agree with what was returned.
    let stored: Vec<(bool, bool)> = t
        .list(None, now)
        .unwrap()
        .iter()
        .map(|x| (x.printed, x.print_error.is_some()))
        .collect();
    assert_eq!(stored, [(false, true), (false, true), (true, false)]);
}

#[test]
fn a_double_tap_prints_one_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let now = at("2026-03-01T02:00:00Z");
    let mut printer = FakePrinter::default();
    let r = TicketRequest {
        idempotency_key: Some("tap-42".into()),
        ..req("consultation")
    };
    let a = t.issue(&r, &mut printer, now).unwrap();
    let b = t.issue(&r, &mut printer, now).unwrap();
    assert_eq!(a.row(), b.row());
    assert!(b.replayed);
    assert_eq!(printer.jobs.len(), 1);
}

fn text_items(r: &Receipt) -> Vec<(String, u8)> {
    r.items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                text, width_mul, ..
            } => Some((text.clone(), *width_mul)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_printed_ticket_has_what_the_issue_asks_and_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let r = TicketRequest {
        priority: Some("senior".into()),
        ..req("judicial-aid")
    };
    let o = t.commit(&r, at("2026-03-01T02:03:00Z")).unwrap();
    let receipt = ticket_receipt(&cfg, &o.ticket, &o.qr_url);
    let texts = text_items(&receipt);
    let all: String = receipt
        .items
        .iter()
        .map(|i| match i {
            Item::Text { text, .. } => text.clone(),
            Item::KeyValue { key, value } => format!("{key} {value}"),
            Item::Qr { data, .. } => data.clone(),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    for want in [
        cfg.court.name.as_str(),
        "司法救助",
        "C001",
        "前面等候",
        "0 人",
        "预计等候",
        "2026-03-01 10:03",
        PRIVACY_LINE,
        "请留意叫号",
        "60周岁以上老年人",
    ] {
        assert!(
            all.contains(want),
            "{want:?} missing from the ticket:\n{all}"
        );
    }
    assert!(receipt.items.contains(&Item::Qr {
        data: format!("https://court.example/q/{}", o.ticket.id),
        module_size: court_printer::receipt::DEFAULT_QR_MODULE,
        align: Align::Center
    }));
    // The number is the largest text on the ticket.
    let biggest = texts.iter().max_by_key(|(_, w)| *w).unwrap();
    assert_eq!(biggest.0, "C001");
    assert!(texts.iter().filter(|(_, w)| *w == biggest.1).count() == 1);
}

#[test]
fn the_ticket_fits_58_and_80_mm() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let now = at("2026-03-01T02:00:00Z");
    // A four-digit number is the widest the big line gets.
    let mut o = t.commit(&req("post-judgment"), now).unwrap();
    o.ticket.number = "E1000".into();
    let receipt = ticket_receipt(&cfg, &o.ticket, &o.qr_url);
    for name in ["generic-58", "generic-80", "no-qr-58", "no-chinese-80"] {
        let profile = Profile::load_embedded(name).unwrap();
        let cols = profile.columns();
        for (text, w) in text_items(&receipt) {
            if w > 1 {
                assert!(
                    display_width(&text) * usize::from(w) <= cols,
                    "{text:?} ×{w} wider than {cols} columns on {name}"
                );
            }
        }
        let bytes = court_printer::render(&receipt, &profile).unwrap();
        assert!(bytes.len() > 100, "{name}: {} bytes", bytes.len());
    }
}

#[test]
fn the_default_preview_printer_prints_and_a_file_is_unconfirmed() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let mut t = Ticketing::open(&cfg).unwrap();
    let now = at("2026-03-01T02:00:00Z");
    // (printer URI, printed, has error) through the real transports; relative paths land in the data dir.
    let cases = [
        ("preview:pv", true, false),
        ("file:t.bin", false, false),
        ("tcp://127.0.0.1:9", false, true),
    ];
    for (uri, printed, has_error) in cases {
        let mut p = UriPrinter::new(uri, &cfg.storage.data_dir);
        let o = t.issue(&req("guidance"), &mut p, now).unwrap();
        assert_eq!(
            (o.ticket.printed, o.ticket.print_error.is_some()),
            (printed, has_error),
            "{uri}: {:?}",
            o.print
        );
        let _ = t.store().clear_flag(PRINTER_FLAG);
    }
    assert!(cfg.storage.data_dir.join("t.bin").is_file());
    assert!(cfg.storage.data_dir.join("pv").is_dir());
}
