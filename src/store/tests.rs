use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn spec<'a>(service: &'a str, prefix: char, date: &str, key: Option<&'a str>) -> IssueSpec<'a> {
    IssueSpec {
        service,
        prefix,
        priority: None,
        appointment_code: None,
        idempotency_key: key,
        local_date: day(date),
        now: at("2026-03-01T01:00:00Z"),
        kiosk_id: "kiosk-01",
        windows_open: 2,
        history_window: 20,
        avg_minutes: 10,
    }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(&dir.path().join("data")).unwrap();
    (dir, store)
}

#[test]
fn open_sets_wal_full_and_latest_schema() {
    let (dir, store) = open();
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = store
        .conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(
        store.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
    drop(store);
    // Reopening is a no-op migration and keeps data.
    let again = Store::open_in(&dir.path().join("data")).unwrap();
    assert_eq!(
        again.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let (dir, store) = open();
    store.conn.pragma_update(None, "user_version", 999).unwrap();
    drop(store);
    match Store::open_in(&dir.path().join("data")) {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        other => panic!("want TooNew, got {:?}", other.err()),
    }
}

#[test]
fn unwritable_data_dir_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = Store::open_in(&file.join("data")).err().unwrap();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err}");
    assert!(
        err.to_string().contains("cannot create the data directory"),
        "{err}"
    );
}

/// Issues one ticket per `(service, prefix, date)` row and checks the number each gets.
fn check_numbers(cases: &[(&str, char, &str, &str)]) {
    let (_dir, mut store) = open();
    for (service, prefix, date, want) in cases {
        let got = store.issue(&spec(service, *prefix, date, None)).unwrap();
        assert_eq!(&got.ticket.number, want, "{service} on {date}");
        assert!(!got.replayed);
    }
}

#[test]
fn numbers_are_per_service_and_restart_each_day() {
    check_numbers(&[
        ("filing", 'B', "2026-03-01", "B001"),
        ("filing", 'B', "2026-03-01", "B002"),
        ("guidance", 'A', "2026-03-01", "A001"),
        ("filing", 'B', "2026-03-01", "B003"),
        ("filing", 'B', "2026-03-02", "B001"),
        ("guidance", 'A', "2026-03-02", "A001"),
        ("filing", 'B', "2026-03-01", "B004"),
    ]);
}

#[test]
fn after_999_the_number_grows_to_four_digits() {
    let (_dir, mut store) = open();
    store
        .conn
        .execute("INSERT INTO counters (service, local_date, last_number) VALUES ('filing', '2026-03-01', 998)", [])
        .unwrap();
    let numbers: Vec<String> = (0..3)
        .map(|_| {
            store
                .issue(&spec("filing", 'B', "2026-03-01", None))
                .unwrap()
                .ticket
                .number
        })
        .collect();
    assert_eq!(numbers, ["B999", "B1000", "B1001"]);
    assert_eq!(
        store.last_sequence("filing", day("2026-03-01")).unwrap(),
        1001
    );
}

#[test]
fn same_idempotency_key_gives_the_same_ticket() {
    let (_dir, mut store) = open();
    let first = store
        .issue(&spec("filing", 'B', "2026-03-01", Some("tap-1")))
        .unwrap();
    let again = store
        .issue(&spec("filing", 'B', "2026-03-01", Some("tap-1")))
        .unwrap();
    let other = store
        .issue(&spec("filing", 'B', "2026-03-01", Some("tap-2")))
        .unwrap();
    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(first.ticket, again.ticket);
    assert_eq!(other.ticket.number, "B002");
    assert_eq!(store.tickets_on(day("2026-03-01")).unwrap().len(), 2);
    assert_eq!(
        store.outbox_pending_count().unwrap(),
        2,
        "one outbox row per ticket, not per request"
    );
    // The same key for a different request is refused, not silently answered with the wrong ticket.
    match store.issue(&spec("guidance", 'A', "2026-03-01", Some("tap-1"))) {
        Err(StoreError::IdempotencyConflict { key, service }) => {
            assert_eq!((key.as_str(), service.as_str()), ("tap-1", "filing"))
        }
        other => panic!("want IdempotencyConflict, got {other:?}"),
    }
}

#[test]
fn people_ahead_follow_priority_then_arrival() {
    let (_dir, mut store) = open();
    let mut ahead = Vec::new();
    for priority in [
        None,
        None,
        Some(("senior", 10)),
        None,
        Some(("pregnant", 10)),
    ] {
        let mut s = spec("filing", 'B', "2026-03-01", None);
        s.priority = priority;
        ahead.push(store.issue(&s).unwrap().ticket.ahead);
    }
    assert_eq!(ahead, [0, 1, 0, 3, 1]);
}

#[test]
fn estimated_wait_uses_configured_average_then_history() {
    let (_dir, mut store) = open();
    // Configured: 10 min, 2 windows.
    let waits: Vec<u32> = (0..3)
        .map(|_| {
            store
                .issue(&spec("filing", 'B', "2026-03-01", None))
                .unwrap()
                .ticket
                .estimated_wait_min
        })
        .collect();
    assert_eq!(waits, [0, 5, 10]);
    // Serve the first ticket in 4 minutes: history now says 4 min per person.
    let first = &store.tickets_on(day("2026-03-01")).unwrap()[0];
    let t0 = at("2026-03-01T02:00:00Z");
    store
        .set_status(&first.id, TicketStatus::Called, t0)
        .unwrap();
    store
        .set_status(&first.id, TicketStatus::Served, t0 + Duration::minutes(4))
        .unwrap();
    let next = store
        .issue(&spec("filing", 'B', "2026-03-01", None))
        .unwrap()
        .ticket;
    // Waiting: B002, B003 → 2 ahead × 4 min ÷ 2 windows = 4 min.
    assert_eq!((next.ahead, next.estimated_wait_min), (2, 4));
}

#[test]
fn outbox_rows_carry_the_ticket_and_drain() {
    let (_dir, mut store) = open();
    let t = store
        .issue(&spec("filing", 'B', "2026-03-01", Some("k")))
        .unwrap()
        .ticket;
    let pending = store.outbox_pending(10).unwrap();
    assert_eq!(pending.len(), 1);
    let row = &pending[0];
    assert_eq!(
        (row.kind.as_str(), row.idempotency_key.as_str()),
        ("ticket", t.id.as_str())
    );
    assert_eq!(row.payload["number"], "B001");
    assert_eq!(row.payload["service"], "filing");
    assert_eq!(row.payload["prefix"], "B");
    assert_eq!(row.payload["local_date"], "2026-03-01");
    assert_eq!(row.payload["kiosk_id"], "kiosk-01");
    store
        .outbox_mark_failed(row.id, "connection refused")
        .unwrap();
    let retry = &store.outbox_pending(10).unwrap()[0];
    assert_eq!(
        (retry.attempts, retry.last_error.as_deref()),
        (1, Some("connection refused"))
    );
    store
        .outbox_mark_sent(row.id, at("2026-03-01T03:00:00Z"))
        .unwrap();
    assert!(store.outbox_pending(10).unwrap().is_empty());
    assert_eq!(
        store.outbox_purge_sent(at("2026-03-02T00:00:00Z")).unwrap(),
        1
    );
    // A generic kind goes through outbox_push; a repeated key is ignored.
    let payload = serde_json::json!({"x": 1});
    store
        .outbox_push("rating", "r-1", &payload, at("2026-03-01T04:00:00Z"))
        .unwrap();
    store
        .outbox_push(
            "rating",
            "r-1",
            &serde_json::json!({"x": 2}),
            at("2026-03-01T04:00:01Z"),
        )
        .unwrap();
    let pending = store.outbox_pending(10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].payload, payload);
}

#[test]
fn print_outcome_and_maintenance_flag_are_recorded() {
    let (_dir, mut store) = open();
    let t = store
        .issue(&spec("filing", 'B', "2026-03-01", None))
        .unwrap()
        .ticket;
    assert!(!t.printed);
    store.record_print(&t.id, false, Some("paper out")).unwrap();
    let stored = store.ticket(&t.id).unwrap().unwrap();
    assert_eq!(
        (stored.printed, stored.print_error.as_deref()),
        (false, Some("paper out"))
    );
    store.record_print(&t.id, true, None).unwrap();
    let stored = store.ticket(&t.id).unwrap().unwrap();
    assert_eq!((stored.printed, stored.print_error), (true, None));
    assert!(store.record_print("no-such-id", true, None).is_err());

    let now = at("2026-03-01T05:00:00Z");
    assert_eq!(store.flag("printer").unwrap(), None);
    store.raise_flag("printer", "paper out", now).unwrap();
    store
        .raise_flag("printer", "cover open", now + Duration::minutes(1))
        .unwrap();
    let flag = store.flag("printer").unwrap().unwrap();
    assert_eq!(
        (flag.message.as_str(), flag.raised_at.as_str()),
        ("cover open", "2026-03-01T05:00:00Z")
    );
    assert_eq!(store.flags().unwrap().len(), 1);
    assert!(store.clear_flag("printer").unwrap());
    assert!(!store.clear_flag("printer").unwrap());
}
