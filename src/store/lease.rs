//! Remote mode's local tables (issue 6, the court backend): the number leases this kiosk holds, its overflow
//! counters, the device identity the backend gave it, the sync state shown on the maintenance view, and what the
//! sync client pulled (published documents, waiting counts). The migration is [`MIGRATION`], appended to
//! `schema::MIGRATIONS`.
//!
//! A lease is a block `start..=end` of one service's numbers for one court-local day that the backend reserved for
//! this kiosk; `next` is the next unused one. Taking a number is its own IMMEDIATE transaction, so two processes on
//! the same data directory never take the same number; a number taken by a process that then dies is a gap, never a
//! duplicate. When every lease of the service is used up, offline tickets are numbered in the kiosk's overflow
//! series `{prefix}{slot}-{n:03}` (see `court_core::sync_api::overflow_number`), which no other kiosk can produce.

use chrono::{DateTime, NaiveDate, Utc};
use court_core::sync_api::{Lease, TicketOrigin, TicketRecord};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use super::tickets::timestamp;
use super::{Store, StoreError, Ticket};

/// Appended to `schema::MIGRATIONS`.
pub const MIGRATION: &str = r#"
    CREATE TABLE leases (
        service     TEXT    NOT NULL,
        local_date  TEXT    NOT NULL,
        start_seq   INTEGER NOT NULL,
        end_seq     INTEGER NOT NULL,
        next_seq    INTEGER NOT NULL,             -- end_seq + 1 when used up
        granted_at  TEXT    NOT NULL,
        PRIMARY KEY (service, local_date, start_seq)
    ) WITHOUT ROWID;

    CREATE TABLE overflow_counters (
        service     TEXT    NOT NULL,
        local_date  TEXT    NOT NULL,
        last_n      INTEGER NOT NULL,
        PRIMARY KEY (service, local_date)
    ) WITHOUT ROWID;

    CREATE TABLE backend_identity (
        one         INTEGER PRIMARY KEY CHECK (one = 1),
        device_id   TEXT    NOT NULL,
        slot        INTEGER NOT NULL,
        backend_url TEXT    NOT NULL,
        seen_at     TEXT    NOT NULL
    );

    CREATE TABLE sync_state (
        one                  INTEGER PRIMARY KEY CHECK (one = 1),
        last_success         TEXT,
        last_attempt         TEXT,
        last_error           TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE remote_documents (
        kind        TEXT    PRIMARY KEY,           -- config | calendar
        revision    INTEGER NOT NULL,
        content     TEXT,
        fetched_at  TEXT    NOT NULL
    );

    CREATE TABLE remote_waiting (
        service     TEXT    NOT NULL,
        local_date  TEXT    NOT NULL,
        issued      INTEGER NOT NULL,
        waiting     INTEGER NOT NULL,
        fetched_at  TEXT    NOT NULL,
        PRIMARY KEY (service, local_date)
    ) WITHOUT ROWID;
"#;

/// Local sequence numbers of overflow tickets start here, so they can never meet a number of the day's ordinary
/// series in the local `UNIQUE (service, local_date, sequence)` (a service does not issue 100,000 tickets a day).
pub const OVERFLOW_SEQUENCE_BASE: u32 = 100_000;

/// Where a remote-mode ticket's number came from, decided before the local issuing transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteNumber {
    /// The ticket id (also the id on the server).
    pub ticket_id: String,
    /// The number's sequence: server/lease sequence, or the overflow counter.
    pub seq: u32,
    /// The printed number.
    pub number: String,
    pub origin: TicketOrigin,
}

impl RemoteNumber {
    /// The value of the local `tickets.sequence` column.
    pub fn local_sequence(&self) -> u32 {
        match self.origin {
            TicketOrigin::Overflow => OVERFLOW_SEQUENCE_BASE.saturating_add(self.seq),
            _ => self.seq,
        }
    }
}

/// The kiosk's identity at the backend (from `GET /api/v1/whoami`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendIdentity {
    pub device_id: String,
    pub slot: u32,
}

/// What the maintenance view shows about sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct SyncState {
    /// Outbox rows waiting to be sent.
    pub backlog: u64,
    /// Outbox rows the backend refused for good (kept, not resent).
    pub rejected: u64,
    pub last_success: Option<String>,
    pub last_attempt: Option<String>,
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Writes the outbox row of a remote-mode ticket inside the issuing transaction: the wire record for `lease` and
/// `overflow` tickets (pending), and for `online` ones a row already marked sent (the server recorded the ticket
/// at issue time; the row is kept for the record and never sent).
pub(crate) fn enqueue_remote(
    tx: &Transaction<'_>,
    remote: &RemoteNumber,
    ticket: &Ticket,
    prefix: char,
    local_date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let record = TicketRecord {
        ticket_id: ticket.id.clone(),
        service: ticket.service.clone(),
        prefix,
        day: local_date,
        origin: remote.origin,
        seq: remote.seq,
        number: remote.number.clone(),
        priority: ticket.priority.clone(),
        issued_at: now.fixed_offset(),
    };
    let payload = serde_json::to_string(&record)?;
    let sent_at = (remote.origin == TicketOrigin::Online).then(|| timestamp(now));
    tx.prepare_cached(
        "INSERT INTO outbox (kind, idempotency_key, payload, created_at, sent_at) VALUES ('ticket', ?1, ?2, ?3, ?4)
         ON CONFLICT (kind, idempotency_key) DO NOTHING",
    )?
    .execute(params![ticket.id, payload, timestamp(now), sent_at])?;
    Ok(())
}

impl Store {
    /// The ticket issued under `key`, if any (remote mode checks before asking the server, so a double tap does
    /// not cost a number).
    pub fn ticket_by_idempotency_key(&self, key: &str) -> Result<Option<Ticket>, StoreError> {
        let id: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM tickets WHERE idempotency_key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => self.ticket(&id),
            None => Ok(None),
        }
    }

    /// Keeps a lease the backend granted (a lease seen twice is kept once).
    pub fn add_lease(&self, lease: &Lease, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO leases (service, local_date, start_seq, end_seq, next_seq, granted_at)
                 VALUES (?1, ?2, ?3, ?4, ?3, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                lease.service,
                day(lease.day),
                lease.start,
                lease.end,
                timestamp(now)
            ])?;
        Ok(())
    }

    /// Numbers still unused in this service's leases for `local_date`.
    pub fn lease_remaining(&self, service: &str, local_date: NaiveDate) -> Result<u32, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(end_seq - next_seq + 1), 0) FROM leases
             WHERE service = ?1 AND local_date = ?2 AND next_seq <= end_seq",
            params![service, day(local_date)],
            |r| r.get(0),
        )?;
        Ok(u32::try_from(n.max(0)).unwrap_or(u32::MAX))
    }

    /// The services that hold a lease for `local_date` (sync tops these up).
    pub fn leased_services(&self, local_date: NaiveDate) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT service FROM leases WHERE local_date = ?1 ORDER BY service",
        )?;
        let rows = st
            .query_map([day(local_date)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Takes the lowest unused number of this service's leases for `local_date`, or `None` when they are used up.
    pub fn take_lease_number(
        &mut self,
        service: &str,
        local_date: NaiveDate,
    ) -> Result<Option<u32>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: Option<u32> = tx
            .prepare_cached(
                "UPDATE leases SET next_seq = next_seq + 1
                 WHERE (service, local_date, start_seq) = (
                     SELECT service, local_date, start_seq FROM leases
                     WHERE service = ?1 AND local_date = ?2 AND next_seq <= end_seq
                     ORDER BY start_seq LIMIT 1)
                 RETURNING next_seq - 1",
            )?
            .query_row(params![service, day(local_date)], |r| r.get(0))
            .optional()?;
        tx.commit()?;
        Ok(taken)
    }

    /// Takes the next number of this kiosk's overflow series for the service and day (1, 2, …).
    pub fn take_overflow_number(
        &mut self,
        service: &str,
        local_date: NaiveDate,
    ) -> Result<u32, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n: u32 = tx
            .prepare_cached(
                "INSERT INTO overflow_counters (service, local_date, last_n) VALUES (?1, ?2, 1)
                 ON CONFLICT (service, local_date) DO UPDATE SET last_n = last_n + 1
                 RETURNING last_n",
            )?
            .query_row(params![service, day(local_date)], |r| r.get(0))?;
        tx.commit()?;
        Ok(n)
    }

    /// Remembers the identity the backend at `url` gave this kiosk.
    pub fn set_backend_identity(
        &self,
        id: &BackendIdentity,
        url: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO backend_identity (one, device_id, slot, backend_url, seen_at) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (one) DO UPDATE SET device_id = excluded.device_id, slot = excluded.slot,
                 backend_url = excluded.backend_url, seen_at = excluded.seen_at",
            params![id.device_id, id.slot, url, timestamp(now)],
        )?;
        Ok(())
    }

    /// The identity remembered for the backend at `url`.
    pub fn backend_identity(&self, url: &str) -> Result<Option<BackendIdentity>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT device_id, slot FROM backend_identity WHERE one = 1 AND backend_url = ?1",
                [url],
                |r| {
                    Ok(BackendIdentity {
                        device_id: r.get(0)?,
                        slot: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the end of a sync round: success (`error` None) resets the failure count.
    pub fn record_sync(&self, now: DateTime<Utc>, error: Option<&str>) -> Result<(), StoreError> {
        let at = timestamp(now);
        match error {
            None => self.conn.execute(
                "INSERT INTO sync_state (one, last_success, last_attempt, last_error, consecutive_failures)
                 VALUES (1, ?1, ?1, NULL, 0)
                 ON CONFLICT (one) DO UPDATE SET last_success = ?1, last_attempt = ?1, last_error = NULL,
                     consecutive_failures = 0",
                [at],
            )?,
            Some(e) => self.conn.execute(
                "INSERT INTO sync_state (one, last_attempt, last_error, consecutive_failures) VALUES (1, ?1, ?2, 1)
                 ON CONFLICT (one) DO UPDATE SET last_attempt = ?1, last_error = ?2,
                     consecutive_failures = consecutive_failures + 1",
                params![at, e],
            )?,
        };
        Ok(())
    }

    /// Backlog, rejections and the last sync round, for the maintenance view.
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        let (backlog, rejected): (i64, i64) = self.conn.query_row(
            "SELECT COALESCE(SUM(sent_at IS NULL), 0),
                    COALESCE(SUM(sent_at IS NOT NULL AND last_error LIKE 'rejected%'), 0) FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut state = self
            .conn
            .query_row(
                "SELECT last_success, last_attempt, last_error, consecutive_failures FROM sync_state WHERE one = 1",
                [],
                |r| {
                    Ok(SyncState {
                        last_success: r.get(0)?,
                        last_attempt: r.get(1)?,
                        last_error: r.get(2)?,
                        consecutive_failures: r.get(3)?,
                        ..SyncState::default()
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        state.backlog = backlog.max(0) as u64;
        state.rejected = rejected.max(0) as u64;
        Ok(state)
    }

    /// The backend refused outbox row `id` for good: settle it (not resent) and keep why.
    pub fn outbox_mark_rejected(
        &self,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = ?3 WHERE id = ?1 AND sent_at IS NULL",
            )?
            .execute(params![id, timestamp(now), format!("rejected: {reason}")])?;
        Ok(())
    }

    /// Keeps the latest published document of a kind (only when its revision is newer).
    pub fn store_remote_document(
        &self,
        kind: &str,
        revision: u64,
        content: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "INSERT INTO remote_documents (kind, revision, content, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kind) DO UPDATE SET revision = excluded.revision, content = excluded.content,
                 fetched_at = excluded.fetched_at
             WHERE excluded.revision > remote_documents.revision",
            params![kind, revision as i64, content, timestamp(now)],
        )?;
        Ok(n > 0)
    }

    /// The stored document of a kind: (revision, content).
    pub fn remote_document(&self, kind: &str) -> Result<Option<(u64, Option<String>)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT revision, content FROM remote_documents WHERE kind = ?1",
                [kind],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .optional()?)
    }

    /// Replaces the waiting counts of a day with what the backend reported.
    pub fn store_waiting(
        &mut self,
        local_date: NaiveDate,
        counts: &[(String, u32, u32)],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM remote_waiting WHERE local_date = ?1",
            [day(local_date)],
        )?;
        for (service, issued, waiting) in counts {
            tx.execute(
                "INSERT INTO remote_waiting (service, local_date, issued, waiting, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![service, day(local_date), issued, waiting, timestamp(now)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The backend's waiting count of a service on a day, as last pulled.
    pub fn remote_waiting(
        &self,
        service: &str,
        local_date: NaiveDate,
    ) -> Result<Option<u32>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT waiting FROM remote_waiting WHERE service = ?1 AND local_date = ?2",
                params![service, day(local_date)],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open_in(dir.path()).unwrap();
        (dir, s)
    }

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn lease_numbers_are_taken_in_order_across_blocks_then_run_out() {
        let (_dir, mut s) = store();
        let now = Utc::now();
        s.add_lease(
            &Lease {
                service: "filing".into(),
                day: d(),
                start: 11,
                end: 12,
            },
            now,
        )
        .unwrap();
        s.add_lease(
            &Lease {
                service: "filing".into(),
                day: d(),
                start: 3,
                end: 4,
            },
            now,
        )
        .unwrap();
        s.add_lease(
            &Lease {
                service: "filing".into(),
                day: d(),
                start: 3,
                end: 4,
            },
            now,
        )
        .unwrap();
        assert_eq!(s.lease_remaining("filing", d()).unwrap(), 4);
        let taken: Vec<Option<u32>> = (0..5)
            .map(|_| s.take_lease_number("filing", d()).unwrap())
            .collect();
        assert_eq!(taken, vec![Some(3), Some(4), Some(11), Some(12), None]);
        assert_eq!(s.lease_remaining("filing", d()).unwrap(), 0);
        assert_eq!(
            s.take_lease_number("fees", d()).unwrap(),
            None,
            "no lease for another service"
        );
    }

    #[test]
    fn overflow_numbers_count_per_service_and_day() {
        let (_dir, mut s) = store();
        let next = d().succ_opt().unwrap();
        let got: Vec<u32> = [
            ("filing", d()),
            ("filing", d()),
            ("fees", d()),
            ("filing", next),
            ("filing", d()),
        ]
        .iter()
        .map(|(svc, day)| s.take_overflow_number(svc, *day).unwrap())
        .collect();
        assert_eq!(got, vec![1, 2, 1, 1, 3]);
    }

    #[test]
    fn sync_state_counts_backlog_and_failures() {
        let (_dir, s) = store();
        let now = Utc::now();
        assert_eq!(s.sync_state().unwrap(), SyncState::default());
        s.record_sync(now, Some("connection refused")).unwrap();
        s.record_sync(now, Some("connection refused")).unwrap();
        let st = s.sync_state().unwrap();
        assert_eq!(
            (st.consecutive_failures, st.last_success.is_none()),
            (2, true)
        );
        s.record_sync(now, None).unwrap();
        let st = s.sync_state().unwrap();
        assert_eq!(
            (
                st.consecutive_failures,
                st.last_error,
                st.last_success.is_some()
            ),
            (0, None, true)
        );
    }

    #[test]
    fn newer_documents_replace_older_ones_only() {
        let (_dir, s) = store();
        let now = Utc::now();
        for (rev, content, stored) in [
            (2, "b", true),
            (1, "a", false),
            (2, "b2", false),
            (3, "c", true),
        ] {
            assert_eq!(
                s.store_remote_document("calendar", rev, Some(content), now)
                    .unwrap(),
                stored,
                "rev {rev}"
            );
        }
        assert_eq!(
            s.remote_document("calendar").unwrap(),
            Some((3, Some("c".into())))
        );
    }
}
