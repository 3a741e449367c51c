//! The outbox: rows written in the same transaction as the business row they announce, drained later by the sync
//! client. Generic: `kind` names what the payload is (`ticket`: the ticket JSON), and the receiver dedupes on
//! `(kind, idempotency_key)` — for a ticket, the ticket id.

use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};
use serde::Serialize;

use super::tickets::timestamp;
use super::{Store, StoreError};

/// `kind` of the rows written by [`Store::issue`]; the payload is the ticket as JSON.
pub const KIND_TICKET: &str = "ticket";

/// One outbox row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub payload: serde_json::Value,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// Adds a row inside the caller's transaction. A second row with the same `(kind, key)` is ignored: the first
/// one stands.
pub fn enqueue(
    tx: &Transaction<'_>,
    kind: &str,
    key: &str,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let text = serde_json::to_string(payload)?;
    tx.prepare_cached(
        "INSERT INTO outbox (kind, idempotency_key, payload, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, idempotency_key) DO NOTHING",
    )?
    .execute(params![kind, key, text, timestamp(now)])?;
    Ok(())
}

impl Store {
    /// Adds an outbox row in a transaction of its own (for kinds other than tickets, which [`Store::issue`]
    /// writes itself).
    pub fn outbox_push(
        &mut self,
        kind: &str,
        key: &str,
        payload: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        enqueue(&tx, kind, key, payload, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` rows not yet confirmed by the receiver, oldest first.
    pub fn outbox_pending(&self, limit: u32) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, idempotency_key, payload, created_at, sent_at, attempts, last_error
             FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, u32>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (id, kind, idempotency_key, payload, created_at, sent_at, attempts, last_error) =
                row?;
            let payload = serde_json::from_str(&payload).map_err(|e| {
                StoreError::BadRow(format!("outbox row {id}: payload is not JSON: {e}"))
            })?;
            items.push(OutboxItem {
                id,
                kind,
                idempotency_key,
                payload,
                created_at,
                sent_at,
                attempts,
                last_error,
            });
        }
        Ok(items)
    }

    /// How many rows wait to be sent.
    pub fn outbox_pending_count(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// The receiver confirmed row `id` (counts one more attempt, clears the error).
    pub fn outbox_mark_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL
                 WHERE id = ?1 AND sent_at IS NULL",
            )?
            .execute(params![id, timestamp(now)])?;
        Ok(())
    }

    /// Sending row `id` failed; it stays pending. `error` must hold no personal data.
    pub fn outbox_mark_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1 AND sent_at IS NULL")?
            .execute(params![id, error])?;
        Ok(())
    }

    /// Deletes rows confirmed before `before` (local copies are purged once synced and confirmed).
    pub fn outbox_purge_sent(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?1",
            [timestamp(before)],
        )?)
    }
}
