//! One sync round and the background loop.
//!
//! A round: learn who we are (`whoami`), drain the outbox in batches of [`BATCH`] (each row carries its own
//! idempotency key — the ticket id — so a batch resent after a lost answer is stored once), then pull: lease
//! top-ups for the services this kiosk holds leases for, the published configuration layer and holiday calendar,
//! and today's waiting counts, all kept in the local store. Everything a round needs to resume is on disk (the
//! outbox rows and `sync_state`), so a restarted kiosk simply carries on.

use std::time::Duration;

use chrono::Utc;
use court_core::sync_api::{RecordBody, RecordStatus, SyncRecord, TicketRecord};
use serde::Serialize;

use super::authority::{LEASE_LOW_WATER, LEASE_SIZE};
use super::client::{BackendClient, ClientError};
use crate::config::{BackendMode, Config};
use crate::store::lease::BackendIdentity;
use crate::store::{OutboxItem, Store, StoreError};

/// Outbox rows per batch.
pub const BATCH: u32 = 100;
/// Per-request timeout of sync calls (longer than an online issue: a batch is bigger and nobody is waiting).
pub const SYNC_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts per batch inside one round before the round gives up (transient errors only).
const BATCH_ATTEMPTS: u32 = 3;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("backend.mode is not \"remote\": this kiosk has no court backend to sync with")]
    NotRemote,
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Backend(ClientError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ClientError> for SyncError {
    fn from(e: ClientError) -> SyncError {
        match e {
            e @ ClientError::Unauthorized { .. } => SyncError::Unauthorized(e.to_string()),
            e => SyncError::Backend(e),
        }
    }
}

/// What a round did: `sent` rows confirmed now (stored or already there), `pending` rows left, `rejected` rows the
/// backend refused for good in this round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct SyncReport {
    pub sent: u64,
    pub pending: u64,
    #[serde(skip)]
    pub rejected: u64,
}

/// The delay before retry number `failures` (1, 2, …): exponential from `base`, capped at `cap`, with "equal
/// jitter" — half fixed, half random (`jitter` in 0..=1) — so kiosks that lost the server together do not all come
/// back in the same second.
pub fn backoff_delay(failures: u32, base: Duration, cap: Duration, jitter: f64) -> Duration {
    let exp = base.saturating_mul(
        1u32.checked_shl(failures.saturating_sub(1).min(30))
            .unwrap_or(u32::MAX),
    );
    let d = exp.min(cap);
    d.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

fn record_of(item: &OutboxItem) -> Result<SyncRecord, String> {
    if item.kind != "ticket" {
        return Err(format!("kind {:?} is not sent by this version", item.kind));
    }
    let t: TicketRecord = serde_json::from_value(item.payload.clone()).map_err(|_| {
        "issued in standalone mode: its number is not from the court backend".to_string()
    })?;
    Ok(SyncRecord {
        idempotency_key: item.idempotency_key.clone(),
        body: RecordBody::Ticket(t),
    })
}

/// One round against the configured backend, on the store in the configured data directory.
pub async fn sync_once(cfg: &Config) -> Result<SyncReport, SyncError> {
    let (report, result) = sync_once_report(cfg).await;
    result.map(|()| report)
}

/// [`sync_once`], also when it fails part-way: what was confirmed before the failure, and the failure.
pub async fn sync_once_report(cfg: &Config) -> (SyncReport, Result<(), SyncError>) {
    let mut report = SyncReport::default();
    let mut store = match Store::open_in(&cfg.storage.data_dir) {
        Ok(s) => s,
        Err(e) => return (report, Err(e.into())),
    };
    let result = round(cfg, &mut store, &mut report).await;
    let now = Utc::now();
    let recorded = match &result {
        Ok(()) => store.record_sync(now, None),
        Err(e) => store.record_sync(now, Some(&e.to_string())),
    };
    match store.outbox_pending_count() {
        Ok(n) => report.pending = n,
        Err(e) => return (report, Err(e.into())),
    }
    match recorded {
        Err(e) if result.is_ok() => (report, Err(e.into())),
        _ => (report, result),
    }
}

async fn round(cfg: &Config, store: &mut Store, report: &mut SyncReport) -> Result<(), SyncError> {
    if cfg.backend.mode != BackendMode::Remote {
        return Err(SyncError::NotRemote);
    }
    let url = cfg.backend.url.as_ref().ok_or(SyncError::NotRemote)?;
    let client = BackendClient::new(url, &cfg.backend.token, SYNC_TIMEOUT)?;
    let me = client.whoami().await?;
    store.set_backend_identity(
        &BackendIdentity {
            device_id: me.device_id,
            slot: me.slot,
        },
        url.as_str(),
        Utc::now(),
    )?;

    let mut skipped: std::collections::HashSet<i64> = std::collections::HashSet::new();
    loop {
        let page = store.outbox_pending(BATCH + skipped.len() as u32)?;
        let mut rows = Vec::new();
        let mut records = Vec::new();
        let fresh: Vec<OutboxItem> = page
            .into_iter()
            .filter(|i| !skipped.contains(&i.id))
            .collect();
        for item in fresh {
            match record_of(&item) {
                Ok(r) => {
                    rows.push(item.id);
                    records.push(r);
                }
                Err(why) if item.kind == "ticket" => {
                    store.outbox_mark_rejected(item.id, &why, Utc::now())?;
                    report.rejected += 1;
                }
                Err(_) => {
                    skipped.insert(item.id);
                }
            }
            if records.len() as u32 >= BATCH {
                break;
            }
        }
        if records.is_empty() {
            if store.outbox_pending_count()? > skipped.len() as u64 {
                continue;
            }
            break;
        }
        let answer = send_with_retry(&client, records).await?;
        if answer.results.len() != rows.len() {
            return Err(SyncError::Backend(ClientError::BadResponse(format!(
                "{} results for {} records",
                answer.results.len(),
                rows.len()
            ))));
        }
        let now = Utc::now();
        for (id, r) in rows.iter().zip(answer.results) {
            match r.status {
                RecordStatus::Accepted | RecordStatus::Duplicate => {
                    store.outbox_mark_sent(*id, now)?;
                    report.sent += 1;
                }
                RecordStatus::Rejected => {
                    let code = r.code.unwrap_or_default();
                    tracing::warn!(event = "sync_record_rejected", outbox_id = id, code = %code);
                    store.outbox_mark_rejected(
                        *id,
                        &format!("{code}: {}", r.message.unwrap_or_default()),
                        now,
                    )?;
                    report.rejected += 1;
                }
            }
        }
    }
    pull(cfg, store, &client).await?;
    Ok(())
}

async fn send_with_retry(
    client: &BackendClient,
    records: Vec<SyncRecord>,
) -> Result<court_core::sync_api::SyncBatchResponse, SyncError> {
    let mut failures = 0;
    loop {
        match client.send_batch(records.clone()).await {
            Ok(a) => return Ok(a),
            Err(e) if e.is_transient() && failures + 1 < BATCH_ATTEMPTS => {
                failures += 1;
                let d = backoff_delay(
                    failures,
                    Duration::from_millis(200),
                    Duration::from_secs(2),
                    rand::random(),
                );
                tracing::info!(event = "sync_retry", error = %e, delay_ms = d.as_millis() as u64);
                tokio::time::sleep(d).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Lease top-ups, published documents, waiting counts.
async fn pull(cfg: &Config, store: &mut Store, client: &BackendClient) -> Result<(), SyncError> {
    let now = Utc::now();
    let today = crate::ticketing::local_today(now, cfg.court.time_zone);
    for service in store.leased_services(today)? {
        if store.lease_remaining(&service, today)? < LEASE_LOW_WATER {
            let lease = client.lease(&service, today, LEASE_SIZE).await?;
            store.add_lease(&lease, now)?;
        }
    }
    for kind in ["config", "calendar"] {
        let doc = client.published(kind).await?;
        if store.store_remote_document(kind, doc.revision, doc.content.as_deref(), now)? {
            tracing::info!(event = "document_pulled", kind, revision = doc.revision);
        }
    }
    let waiting = client.waiting(today).await?;
    let counts: Vec<(String, u32, u32)> = waiting
        .services
        .into_iter()
        .map(|s| (s.service, s.issued, s.waiting))
        .collect();
    store.store_waiting(today, &counts, now)?;
    Ok(())
}

/// The background loop of a running kiosk: a round every `backend.sync_interval_s`; after a failure, the next
/// round waits [`backoff_delay`] (1 s doubling up to 5 min, jittered; the failure count is kept in the store, so a
/// restart resumes the backoff). Runs until the process ends; a 401 keeps retrying slowly (staff may re-register
/// the kiosk) and shows on the maintenance view.
pub async fn run_forever(cfg: &Config) {
    loop {
        let delay = match sync_once(cfg).await {
            Ok(r) => {
                tracing::info!(
                    event = "sync_round",
                    sent = r.sent,
                    pending = r.pending,
                    rejected = r.rejected
                );
                Duration::from_secs(u64::from(cfg.backend.sync_interval_s))
            }
            Err(SyncError::NotRemote) => return,
            Err(e) => {
                let failures = Store::open_in(&cfg.storage.data_dir)
                    .and_then(|s| s.sync_state())
                    .map(|s| s.consecutive_failures)
                    .unwrap_or(1);
                let d = backoff_delay(
                    failures,
                    Duration::from_secs(1),
                    Duration::from_secs(300),
                    rand::random(),
                );
                tracing::warn!(event = "sync_failed", error = %e, retry_in_s = d.as_secs());
                d
            }
        };
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_jittered_within_half_to_full() {
        let (base, cap) = (Duration::from_secs(1), Duration::from_secs(300));
        let cases: &[(u32, f64, u64)] = &[
            (1, 1.0, 1000),
            (1, 0.0, 500),
            (2, 1.0, 2000),
            (3, 0.5, 3000),
            (9, 1.0, 256_000),
            (10, 1.0, 300_000),
            (10, 0.0, 150_000),
            (60, 1.0, 300_000),
            (u32::MAX, 1.0, 300_000),
        ];
        for &(failures, jitter, want_ms) in cases {
            assert_eq!(
                backoff_delay(failures, base, cap, jitter).as_millis() as u64,
                want_ms,
                "failures {failures} jitter {jitter}"
            );
        }
    }

    #[test]
    fn outbox_rows_become_records_or_say_why_not() {
        let ticket = serde_json::json!({
            "ticket_id": "t1", "service": "filing", "prefix": "B", "day": "2026-03-02", "origin": "lease",
            "seq": 7, "number": "B007", "priority": null, "issued_at": "2026-03-02T09:00:00+08:00"
        });
        let standalone =
            serde_json::json!({"id": "t2", "number": "B001", "sequence": 1, "service": "filing"});
        let item = |kind: &str, payload: serde_json::Value| OutboxItem {
            id: 1,
            kind: kind.into(),
            idempotency_key: "t1".into(),
            payload,
            created_at: String::new(),
            sent_at: None,
            attempts: 0,
            last_error: None,
        };
        assert!(record_of(&item("ticket", ticket.clone())).is_ok());
        assert!(record_of(&item("ticket", standalone))
            .unwrap_err()
            .contains("standalone"));
        assert!(record_of(&item("filing", ticket))
            .unwrap_err()
            .contains("not sent"));
    }
}
