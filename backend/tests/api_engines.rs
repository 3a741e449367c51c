//! The API against a real server on 127.0.0.1:0, on every engine (SQLite always; PostgreSQL when
//! `COURT_TEST_POSTGRES_URL` is set). Each test loops over the engines and names the engine in its failures.

mod common;

use std::collections::HashSet;

use common::{add_device, client, engines, now, revoke, today, Server};
use court_core::sync_api::{
    ApiError, IssueRequest, IssueResponse, Lease, Published, RecordBody, RecordStatus,
    ServerTicket, SyncBatch, SyncBatchResponse, SyncRecord, TicketOrigin, TicketRecord,
    WaitingCounts, WhoAmI,
};
use reqwest::StatusCode;
use serde_json::json;

fn issue_req(key: &str, ticket_id: &str) -> IssueRequest {
    IssueRequest {
        idempotency_key: key.into(),
        ticket_id: ticket_id.into(),
        service: "filing".into(),
        prefix: 'B',
        day: today(),
        priority: None,
        issued_at: now(),
        lease_size: None,
    }
}

async fn issue(s: &Server, token: &str, req: &IssueRequest) -> (StatusCode, serde_json::Value) {
    let r = client()
        .post(s.url("/api/v1/tickets/issue"))
        .bearer_auth(token)
        .json(req)
        .send()
        .await
        .expect("send");
    let status = r.status();
    (status, r.json().await.expect("json body"))
}

async fn batch(
    s: &Server,
    token: &str,
    records: Vec<SyncRecord>,
) -> (StatusCode, serde_json::Value) {
    let r = client()
        .post(s.url("/api/v1/sync/batch"))
        .bearer_auth(token)
        .json(&SyncBatch { records })
        .send()
        .await
        .expect("send");
    let status = r.status();
    (status, r.json().await.expect("json body"))
}

fn lease_record(key: &str, seq: u32) -> SyncRecord {
    SyncRecord {
        idempotency_key: key.into(),
        body: RecordBody::Ticket(TicketRecord {
            ticket_id: format!("t-{key}"),
            service: "filing".into(),
            prefix: 'B',
            day: today(),
            origin: TicketOrigin::Lease,
            seq,
            number: format!("B{seq:03}"),
            priority: None,
            issued_at: now(),
        }),
    }
}

fn overflow_record(key: &str, slot: u32, n: u32) -> SyncRecord {
    let mut r = lease_record(key, n);
    let RecordBody::Ticket(t) = &mut r.body;
    t.origin = TicketOrigin::Overflow;
    t.number = format!("B{slot}-{n:03}");
    r
}

async fn tickets(url: &str) -> Vec<ServerTicket> {
    use court_backend::Store;
    let store = court_backend::AnyStore::open(url).await.expect("open");
    store.tickets_on(today()).await.expect("tickets")
}

async fn lease(s: &Server, token: &str, size: u32) -> Lease {
    let r = client()
        .post(s.url("/api/v1/leases"))
        .bearer_auth(token)
        .json(&json!({"service": "filing", "day": today(), "size": size}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("lease")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_online_issues_from_two_devices_get_unique_consecutive_numbers() {
    for e in engines().await {
        let (k1, k2) = (
            add_device(&e.url, "K1").await,
            add_device(&e.url, "K2").await,
        );
        let s = Server::start(&e.url).await;
        let mut tasks = Vec::new();
        for i in 0..60 {
            let token = if i % 2 == 0 { k1.clone() } else { k2.clone() };
            let url = s.url("/api/v1/tickets/issue");
            tasks.push(tokio::spawn(async move {
                let req = issue_req(&format!("key-{i}"), &format!("ticket-{i}"));
                let r = client()
                    .post(url)
                    .bearer_auth(token)
                    .json(&req)
                    .send()
                    .await
                    .expect("send");
                assert_eq!(r.status(), StatusCode::OK);
                r.json::<IssueResponse>().await.expect("body").ticket
            }));
        }
        let mut seqs = Vec::new();
        for t in tasks {
            seqs.push(t.await.expect("task").seq);
        }
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=60).collect::<Vec<u32>>(), "{}", e.name);
        let all = tickets(&e.url).await;
        assert_eq!(all.len(), 60, "{}", e.name);
        let by_kiosk: HashSet<&str> = all.iter().map(|t| t.kiosk_id.as_str()).collect();
        assert_eq!(
            by_kiosk,
            HashSet::from(["K1", "K2"]),
            "{}: tickets are in the token's name",
            e.name
        );
        s.stop().await;
    }
}

#[tokio::test]
async fn replaying_an_issue_returns_the_same_ticket_and_a_changed_payload_is_409() {
    for e in engines().await {
        let k1 = add_device(&e.url, "K1").await;
        let s = Server::start(&e.url).await;
        let req = issue_req("tap-1", "ticket-a");
        let (st1, first) = issue(&s, &k1, &req).await;
        // A retry may add a lease request: still the same ticket.
        let (st2, second) = issue(
            &s,
            &k1,
            &IssueRequest {
                lease_size: Some(5),
                ..req.clone()
            },
        )
        .await;
        assert_eq!((st1, st2), (StatusCode::OK, StatusCode::OK), "{}", e.name);
        assert_eq!(first["ticket"], second["ticket"], "{}", e.name);
        assert_eq!(second["replayed"], json!(true), "{}", e.name);
        let other = IssueRequest {
            service: "fees".into(),
            prefix: 'G',
            ..req.clone()
        };
        let (st3, body) = issue(&s, &k1, &other).await;
        assert_eq!(st3, StatusCode::CONFLICT, "{}", e.name);
        assert_eq!(body["code"], json!("idempotency_conflict"), "{}", e.name);
        assert_eq!(tickets(&e.url).await.len(), 1, "{}", e.name);
        s.stop().await;
    }
}

#[tokio::test]
async fn leased_numbers_are_never_issued_online_and_an_issue_can_refresh_the_lease() {
    for e in engines().await {
        let (k1, k2) = (
            add_device(&e.url, "K1").await,
            add_device(&e.url, "K2").await,
        );
        let s = Server::start(&e.url).await;
        let l = lease(&s, &k1, 10).await;
        assert_eq!((l.start, l.end), (1, 10), "{}", e.name);
        let (_, r) = issue(
            &s,
            &k2,
            &IssueRequest {
                lease_size: Some(4),
                ..issue_req("k2-1", "t-k2-1")
            },
        )
        .await;
        let r: IssueResponse = serde_json::from_value(r).expect("issue response");
        assert_eq!(r.ticket.number, "B011", "{}", e.name);
        let l2 = r.lease.expect("lease asked for");
        assert_eq!((l2.start, l2.end), (12, 15), "{}", e.name);
        s.stop().await;
    }
}

#[tokio::test]
async fn a_batch_replayed_twice_is_stored_once() {
    for e in engines().await {
        let k1 = add_device(&e.url, "K1").await;
        let s = Server::start(&e.url).await;
        let l = lease(&s, &k1, 20).await;
        let records: Vec<SyncRecord> = (l.start..l.start + 15)
            .map(|n| lease_record(&format!("off-{n}"), n))
            .collect();
        let (st, first) = batch(&s, &k1, records.clone()).await;
        assert_eq!(st, StatusCode::OK, "{}", e.name);
        let first: SyncBatchResponse = serde_json::from_value(first).expect("batch response");
        assert!(
            first
                .results
                .iter()
                .all(|r| r.status == RecordStatus::Accepted),
            "{}: {first:?}",
            e.name
        );
        let (_, second) = batch(&s, &k1, records).await;
        let second: SyncBatchResponse = serde_json::from_value(second).expect("batch response");
        assert!(
            second
                .results
                .iter()
                .all(|r| r.status == RecordStatus::Duplicate),
            "{}: {second:?}",
            e.name
        );
        assert_eq!(tickets(&e.url).await.len(), 15, "{}", e.name);
        s.stop().await;
    }
}

/// One record per case, judged on its own in a single batch: (record, expected status, expected code).
#[tokio::test]
async fn batch_records_are_judged_one_by_one() {
    for e in engines().await {
        let (k1, k2) = (
            add_device(&e.url, "K1").await,
            add_device(&e.url, "K2").await,
        );
        let s = Server::start(&e.url).await;
        let l1 = lease(&s, &k1, 5).await; // 1..=5 for K1
        let _l2 = lease(&s, &k2, 5).await; // 6..=10 for K2
        let mut changed = lease_record("first", l1.start);
        let RecordBody::Ticket(t) = &mut changed.body;
        t.priority = Some("senior".into());
        let cases: Vec<(SyncRecord, RecordStatus, Option<&str>)> = vec![
            (
                lease_record("first", l1.start),
                RecordStatus::Accepted,
                None,
            ),
            (
                changed,
                RecordStatus::Rejected,
                Some("idempotency_conflict"),
            ),
            (
                lease_record("k2-number", 7),
                RecordStatus::Rejected,
                Some("not_in_lease"),
            ),
            (
                lease_record("beyond", 99),
                RecordStatus::Rejected,
                Some("not_in_lease"),
            ),
            (
                overflow_record("ovf-own", 1, 1),
                RecordStatus::Accepted,
                None,
            ),
            (
                overflow_record("ovf-other-slot", 2, 2),
                RecordStatus::Rejected,
                Some("invalid_field"),
            ),
            (
                lease_record("same-number", l1.start),
                RecordStatus::Rejected,
                Some("already_taken"),
            ),
        ];
        let (st, body) = batch(&s, &k1, cases.iter().map(|c| c.0.clone()).collect()).await;
        assert_eq!(st, StatusCode::OK, "{}", e.name);
        let got: SyncBatchResponse = serde_json::from_value(body).expect("batch response");
        assert_eq!(got.results.len(), cases.len(), "{}", e.name);
        for (r, (rec, status, code)) in got.results.iter().zip(&cases) {
            assert_eq!(r.idempotency_key, rec.idempotency_key, "{}", e.name);
            assert_eq!(
                (r.status, r.code.as_deref()),
                (*status, *code),
                "{}: record {}",
                e.name,
                rec.idempotency_key
            );
        }
        let stored = tickets(&e.url).await;
        assert_eq!(stored.len(), 2, "{}", e.name);
        assert!(stored.iter().all(|t| t.kiosk_id == "K1"), "{}", e.name);
        s.stop().await;
    }
}

#[tokio::test]
async fn unknown_missing_and_revoked_tokens_get_401_on_every_authenticated_route() {
    for e in engines().await {
        let k1 = add_device(&e.url, "K1").await;
        let k2 = add_device(&e.url, "K2").await;
        let s = Server::start(&e.url).await;
        let (st, _) = issue(&s, &k2, &issue_req("before", "t-before")).await;
        assert_eq!(st, StatusCode::OK, "{}", e.name);
        revoke(&e.url, "K2").await;
        let bad_tokens: [Option<&str>; 3] = [None, Some("not-a-token-at-all"), Some(&k2)];
        for (method, path) in court_backend::ROUTES {
            if *path == "/api/v1/health" {
                continue;
            }
            for token in bad_tokens {
                let mut rb = if *method == "get" {
                    client().get(s.url(path))
                } else {
                    client().post(s.url(path))
                };
                if let Some(t) = token {
                    rb = rb.bearer_auth(t);
                }
                let r = rb.json(&json!({})).send().await.expect("send");
                assert_eq!(
                    r.status(),
                    StatusCode::UNAUTHORIZED,
                    "{}: {method} {path} with {token:?}",
                    e.name
                );
                let body: ApiError = r.json().await.expect("JSON error body");
                assert_eq!(body.code, "unauthorized", "{}", e.name);
            }
        }
        let r = client()
            .get(s.url("/api/v1/whoami"))
            .bearer_auth(&k1)
            .send()
            .await
            .expect("send");
        let me: WhoAmI = r.json().await.expect("whoami");
        assert_eq!((me.device_id.as_str(), me.slot), ("K1", 1), "{}", e.name);
        assert_eq!(tickets(&e.url).await.len(), 1, "{}", e.name);
        s.stop().await;
    }
}

#[tokio::test]
async fn device_add_twice_conflicts_and_re_adding_a_revoked_device_gives_a_new_token() {
    use court_backend::Store;
    for e in engines().await {
        let old = add_device(&e.url, "K1").await;
        let store = court_backend::AnyStore::open(&e.url).await.expect("open");
        let again = store
            .add_device("K1".into(), court_backend::token::hash_token("x"), now())
            .await;
        assert!(
            matches!(
                again,
                Err(court_backend::DbError::Conflict {
                    code: "device_exists",
                    ..
                })
            ),
            "{}: {again:?}",
            e.name
        );
        revoke(&e.url, "K1").await;
        let new = add_device(&e.url, "K1").await;
        let s = Server::start(&e.url).await;
        for (token, want) in [(&old, StatusCode::UNAUTHORIZED), (&new, StatusCode::OK)] {
            let r = client()
                .get(s.url("/api/v1/whoami"))
                .bearer_auth(token)
                .send()
                .await
                .expect("send");
            assert_eq!(r.status(), want, "{}", e.name);
        }
        s.stop().await;
    }
}

/// Malformed, ill-typed and oversized bodies: (content type, body, expected status, expected code). Never a 500.
#[tokio::test]
async fn bad_bodies_get_json_4xx_never_500() {
    let big = format!(
        "{{\"records\": [{}]}}",
        vec!["{\"idempotency_key\":\"x\"}"; 60_000].join(",")
    );
    let cases: Vec<(&str, &str, String, u16, &str)> = vec![
        ("/api/v1/tickets/issue", "application/json", "{not json".into(), 400, "malformed_json"),
        ("/api/v1/tickets/issue", "application/json", "".into(), 400, "malformed_json"),
        ("/api/v1/tickets/issue", "text/plain", "{}".into(), 415, "wrong_content_type"),
        ("/api/v1/tickets/issue", "application/json", "{}".into(), 422, "invalid_body"),
        ("/api/v1/tickets/issue", "application/json", "[1,2,3]".into(), 422, "invalid_body"),
        (
            "/api/v1/tickets/issue",
            "application/json",
            json!({"idempotency_key": "k", "ticket_id": "t", "service": "filing", "prefix": "BB", "day": "2026-01-01",
                   "issued_at": "2026-01-01T09:00:00+08:00"})
            .to_string(),
            422,
            "invalid_body",
        ),
        (
            "/api/v1/tickets/issue",
            "application/json",
            json!({"idempotency_key": "bad key!", "ticket_id": "t", "service": "filing", "prefix": "B",
                   "day": today(), "issued_at": now()})
            .to_string(),
            422,
            "invalid_field",
        ),
        (
            "/api/v1/tickets/issue",
            "application/json",
            json!({"idempotency_key": "k", "ticket_id": "t", "service": "filing", "prefix": "B",
                   "day": "2001-01-01", "issued_at": now()})
            .to_string(),
            422,
            "bad_day",
        ),
        ("/api/v1/leases", "application/json", json!({"service": "filing", "day": today(), "size": 0}).to_string(), 422, "invalid_field"),
        ("/api/v1/leases", "application/json", json!({"service": "filing", "day": today(), "size": -3}).to_string(), 422, "invalid_body"),
        ("/api/v1/sync/batch", "application/json", "{\"records\": 5}".into(), 422, "invalid_body"),
        ("/api/v1/sync/batch", "application/json", big, 413, "body_too_large"),
    ];
    for e in engines().await {
        let k1 = add_device(&e.url, "K1").await;
        let s = Server::start(&e.url).await;
        for (path, ctype, body, status, code) in &cases {
            let r = client()
                .post(s.url(path))
                .bearer_auth(&k1)
                .header("content-type", *ctype)
                .body(body.clone())
                .send()
                .await
                .expect("send");
            let got = r.status().as_u16();
            let text = r.text().await.expect("body");
            assert_eq!(
                got, *status,
                "{}: {path} {ctype} {:.80} -> {text:.200}",
                e.name, body
            );
            let err: ApiError = serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("{}: not a JSON error: {text:.200}", e.name));
            assert_eq!(err.code, *code, "{}: {path} {:.80}", e.name, body);
        }
        for (method, path, status) in [
            ("get", "/api/v1/nothing-here", 404),
            ("get", "/api/v1/tickets/issue", 405),
            ("post", "/", 404),
        ] {
            let rb = if method == "get" {
                client().get(s.url(path))
            } else {
                client().post(s.url(path))
            };
            let r = rb.bearer_auth(&k1).send().await.expect("send");
            assert_eq!(r.status().as_u16(), status, "{}: {method} {path}", e.name);
            let _: ApiError = r.json().await.expect("JSON error body");
        }
        assert!(tickets(&e.url).await.is_empty(), "{}", e.name);
        s.stop().await;
    }
}

#[tokio::test]
async fn published_documents_and_waiting_counts_are_served() {
    use court_backend::store::DocKind;
    use court_backend::Store;
    for e in engines().await {
        let k1 = add_device(&e.url, "K1").await;
        let store = court_backend::AnyStore::open(&e.url).await.expect("open");
        store
            .publish(
                DocKind::Calendar,
                "[holidays]\n\"2026-10-01\" = \"国庆节\"\n".into(),
                now(),
            )
            .await
            .expect("publish");
        store
            .publish(
                DocKind::Calendar,
                "[holidays]\n\"2026-10-02\" = \"国庆节\"\n".into(),
                now(),
            )
            .await
            .expect("publish");
        let s = Server::start(&e.url).await;
        let get = |p: &'static str| client().get(s.url(p)).bearer_auth(&k1).send();
        let cal: Published = get("/api/v1/calendar")
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        assert_eq!(cal.revision, 2, "{}", e.name);
        assert!(
            cal.content.unwrap_or_default().contains("2026-10-02"),
            "{}",
            e.name
        );
        let cfg: Published = get("/api/v1/config")
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        assert_eq!((cfg.revision, cfg.content), (0, None), "{}", e.name);
        for i in 0..3 {
            issue(&s, &k1, &issue_req(&format!("w{i}"), &format!("tw{i}"))).await;
        }
        let w: WaitingCounts = get("/api/v1/waiting")
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
        assert_eq!(w.day, today(), "{}", e.name);
        assert_eq!(w.services.len(), 1, "{}", e.name);
        assert_eq!(
            (w.services[0].service.as_str(), w.services[0].issued),
            ("filing", 3),
            "{}",
            e.name
        );
        let r = client()
            .get(s.url("/api/v1/waiting?day=yesterday"))
            .bearer_auth(&k1)
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{}", e.name);
        s.stop().await;
    }
}
