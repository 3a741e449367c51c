//! Tickets and their day counters. Issuing is one IMMEDIATE transaction: look up the idempotency key, bump the
//! counter, insert the ticket and its outbox row, commit. Either all of it is on disk or none of it.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use court_core::queue::{self, QueueEntry};
use rusqlite::{params, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::Serialize;

use super::{outbox, Store, StoreError};

/// What the shell knows when a ticket is asked for. The local date comes from the one place that computes it
/// (`ticketing::local_today`).
#[derive(Debug, Clone)]
pub struct IssueSpec<'a> {
    pub service: &'a str,
    pub prefix: char,
    /// 绿色通道 class code and its weight; `None` for the ordinary queue.
    pub priority: Option<(&'a str, u32)>,
    pub appointment_code: Option<&'a str>,
    /// A double tap or a retry carries the same key and gets the same ticket. `None`: the ticket id is used.
    pub idempotency_key: Option<&'a str>,
    pub local_date: NaiveDate,
    pub now: DateTime<Utc>,
    pub kiosk_id: &'a str,
    pub windows_open: u32,
    /// How many recent handling times feed the average.
    pub history_window: u32,
    /// The service's configured average handling minutes (used until there is history).
    pub avg_minutes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TicketStatus {
    Waiting,
    Called,
    Served,
    NoShow,
    Cancelled,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Served => "served",
            TicketStatus::NoShow => "no-show",
            TicketStatus::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Option<TicketStatus> {
        Some(match s {
            "waiting" => TicketStatus::Waiting,
            "called" => TicketStatus::Called,
            "served" => TicketStatus::Served,
            "no-show" => TicketStatus::NoShow,
            "cancelled" => TicketStatus::Cancelled,
            _ => return None,
        })
    }
}

/// One stored ticket. Carries no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: String,
    pub number: String,
    pub sequence: u32,
    pub service: String,
    pub priority: Option<String>,
    pub priority_weight: u32,
    pub appointment_code: Option<String>,
    pub local_date: String,
    pub issued_at: String,
    pub idempotency_key: String,
    pub ahead: u32,
    pub estimated_wait_min: u32,
    pub printed: bool,
    pub print_error: Option<String>,
    pub status: TicketStatus,
}

/// The result of [`Store::issue`]: the ticket, and whether it already existed (same idempotency key).
#[derive(Debug, Clone)]
pub struct Issued {
    pub ticket: Ticket,
    pub replayed: bool,
}

const COLUMNS: &str =
    "id, number, sequence, service, priority, priority_weight, appointment_code, local_date, \
     issued_at, idempotency_key, ahead, estimated_wait_min, printed, print_error, status";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Ticket> {
    let status: String = r.get(14)?;
    let status = TicketStatus::parse(&status).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            14,
            rusqlite::types::Type::Text,
            format!("unknown status {status:?}").into(),
        )
    })?;
    Ok(Ticket {
        id: r.get(0)?,
        number: r.get(1)?,
        sequence: r.get(2)?,
        service: r.get(3)?,
        priority: r.get(4)?,
        priority_weight: r.get(5)?,
        appointment_code: r.get(6)?,
        local_date: r.get(7)?,
        issued_at: r.get(8)?,
        idempotency_key: r.get(9)?,
        ahead: r.get(10)?,
        estimated_wait_min: r.get(11)?,
        printed: r.get(12)?,
        print_error: r.get(13)?,
        status,
    })
}

/// RFC 3339 in UTC, to the second: the one timestamp format of the store.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// Issues a ticket, or returns the one already issued under the same idempotency key.
    pub fn issue(&mut self, spec: &IssueSpec<'_>) -> Result<Issued, StoreError> {
        self.issue_with(spec, None)
    }

    /// [`Store::issue`], where in remote mode (issue 6) `remote` carries the number the court backend or a lease
    /// gave (see `store/lease.rs`): it replaces the local counter, and the outbox row is the wire record.
    pub fn issue_with(
        &mut self,
        spec: &IssueSpec<'_>,
        remote: Option<&super::lease::RemoteNumber>,
    ) -> Result<Issued, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = remote.map_or_else(|| uuid::Uuid::new_v4().to_string(), |r| r.ticket_id.clone());
        let key = spec.idempotency_key.unwrap_or(&id).to_string();
        if let Some(existing) = by_key(&tx, &key)? {
            let same_request = existing.service == spec.service
                && existing.priority.as_deref() == spec.priority.map(|(code, _)| code);
            if !same_request {
                return Err(StoreError::IdempotencyConflict {
                    key,
                    service: existing.service,
                });
            }
            return Ok(Issued {
                ticket: existing,
                replayed: true,
            });
        }
        let date = spec.local_date.format("%Y-%m-%d").to_string();
        // Issue 6 (remote mode): the number comes from the backend or a lease, not the local counter.
        let (sequence, number) = if let Some(r) = remote {
            (r.local_sequence(), r.number.clone())
        } else {
            let last: u32 = tx
                .prepare_cached(
                    "SELECT last_number FROM counters WHERE service = ?1 AND local_date = ?2",
                )?
                .query_row(params![spec.service, date], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            let sequence = queue::next_sequence(last)?;
            let number = queue::format_number(spec.prefix, sequence)?;
            tx.prepare_cached(
                "INSERT INTO counters (service, local_date, last_number) VALUES (?1, ?2, ?3)
             ON CONFLICT (service, local_date) DO UPDATE SET last_number = excluded.last_number",
            )?
            .execute(params![spec.service, date, sequence])?;
            (sequence, number)
        };

        let weight = spec.priority.map_or(0, |(_, w)| w);
        let waiting: Vec<QueueEntry> = tx
            .prepare_cached(
                "SELECT priority_weight, sequence FROM tickets
                 WHERE local_date = ?1 AND service = ?2 AND status = 'waiting'",
            )?
            .query_map(params![date, spec.service], |r| {
                Ok(QueueEntry {
                    weight: r.get(0)?,
                    sequence: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let ahead = queue::people_ahead(&waiting, QueueEntry { weight, sequence });
        let history: Vec<u32> = tx
            .prepare_cached(
                "SELECT CAST(ROUND((julianday(finished_at) - julianday(called_at)) * 86400) AS INTEGER) FROM tickets
                 WHERE service = ?1 AND status = 'served' AND called_at IS NOT NULL AND finished_at IS NOT NULL
                 ORDER BY finished_at DESC LIMIT ?2",
            )?
            .query_map(params![spec.service, spec.history_window], |r| r.get::<_, i64>(0))?
            .map(|s| s.map(|s| u32::try_from(s.max(0)).unwrap_or(u32::MAX)))
            .collect::<Result<_, _>>()?;
        let wait = queue::estimated_wait_min(ahead, spec.windows_open, &history, spec.avg_minutes)?;

        let ticket = Ticket {
            id,
            number,
            sequence,
            service: spec.service.to_string(),
            priority: spec.priority.map(|(code, _)| code.to_string()),
            priority_weight: weight,
            appointment_code: spec.appointment_code.map(str::to_string),
            local_date: date,
            issued_at: timestamp(spec.now),
            idempotency_key: key,
            ahead,
            estimated_wait_min: wait,
            printed: false,
            print_error: None,
            status: TicketStatus::Waiting,
        };
        tx.prepare_cached(
            "INSERT INTO tickets (id, number, sequence, service, priority, priority_weight, appointment_code,
                local_date, issued_at, idempotency_key, ahead, estimated_wait_min)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            ticket.id,
            ticket.number,
            ticket.sequence,
            ticket.service,
            ticket.priority,
            ticket.priority_weight,
            ticket.appointment_code,
            ticket.local_date,
            ticket.issued_at,
            ticket.idempotency_key,
            ticket.ahead,
            ticket.estimated_wait_min,
        ])?;
        let payload = serde_json::json!({
            "id": ticket.id,
            "kiosk_id": spec.kiosk_id,
            "number": ticket.number,
            "sequence": ticket.sequence,
            "service": ticket.service,
            "prefix": spec.prefix.to_string(),
            "priority": ticket.priority,
            "priority_weight": ticket.priority_weight,
            "appointment_code": ticket.appointment_code,
            "local_date": ticket.local_date,
            "issued_at": ticket.issued_at,
            "idempotency_key": ticket.idempotency_key,
            "ahead": ticket.ahead,
            "estimated_wait_min": ticket.estimated_wait_min,
        });
        match remote {
            // Issue 6: remote mode's outbox row is the wire record (already sent for online tickets).
            Some(r) => super::lease::enqueue_remote(
                &tx,
                r,
                &ticket,
                spec.prefix,
                spec.local_date,
                spec.now,
            )?,
            None => outbox::enqueue(&tx, outbox::KIND_TICKET, &ticket.id, &payload, spec.now)?,
        }
        tx.commit()?;
        Ok(Issued {
            ticket,
            replayed: false,
        })
    }

    /// Records what became of a ticket's print job: `printed`, and why not when printing failed. (A job written
    /// where nothing can confirm it printed is `printed = false` with no error.)
    pub fn record_print(
        &self,
        id: &str,
        printed: bool,
        print_error: Option<&str>,
    ) -> Result<(), StoreError> {
        let n = self
            .conn
            .prepare_cached("UPDATE tickets SET printed = ?2, print_error = ?3 WHERE id = ?1")?
            .execute(params![id, printed, print_error])?;
        if n == 0 {
            return Err(StoreError::BadRow(format!("no ticket with id {id}")));
        }
        Ok(())
    }

    /// One ticket by id.
    pub fn ticket(&self, id: &str) -> Result<Option<Ticket>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], from_row)
            .optional()?)
    }

    /// The tickets of one local day, in issue order (issue time, then service, then sequence).
    pub fn tickets_on(&self, local_date: NaiveDate) -> Result<Vec<Ticket>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM tickets WHERE local_date = ?1 ORDER BY issued_at, service, sequence"
        );
        let date = local_date.format("%Y-%m-%d").to_string();
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([date], from_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// How many tickets wait, per service, on `local_date` (services with none are absent).
    pub fn waiting_counts(&self, local_date: NaiveDate) -> Result<Vec<(String, u32)>, StoreError> {
        let date = local_date.format("%Y-%m-%d").to_string();
        let rows = self
            .conn
            .prepare_cached(
                "SELECT service, COUNT(*) FROM tickets WHERE local_date = ?1 AND status = 'waiting' GROUP BY service",
            )?
            .query_map([date], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The last sequence number issued for `service` on `local_date` (0 if none).
    pub fn last_sequence(&self, service: &str, local_date: NaiveDate) -> Result<u32, StoreError> {
        let date = local_date.format("%Y-%m-%d").to_string();
        Ok(self
            .conn
            .prepare_cached(
                "SELECT last_number FROM counters WHERE service = ?1 AND local_date = ?2",
            )?
            .query_row(params![service, date], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Moves a ticket to `status` at `now` (called → sets called_at; served/no-show/cancelled → finished_at).
    /// Served tickets with both times feed the estimated wait of later tickets.
    pub fn set_status(
        &self,
        id: &str,
        status: TicketStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = timestamp(now);
        let sql = match status {
            TicketStatus::Waiting => {
                "UPDATE tickets SET status = ?2, called_at = NULL, finished_at = NULL WHERE id = ?1"
            }
            TicketStatus::Called => "UPDATE tickets SET status = ?2, called_at = ?3 WHERE id = ?1",
            _ => "UPDATE tickets SET status = ?2, finished_at = ?3 WHERE id = ?1",
        };
        let n = if status == TicketStatus::Waiting {
            self.conn.execute(sql, params![id, status.as_str()])?
        } else {
            self.conn.execute(sql, params![id, status.as_str(), at])?
        };
        if n == 0 {
            return Err(StoreError::BadRow(format!("no ticket with id {id}")));
        }
        Ok(())
    }
}

fn by_key(tx: &Transaction<'_>, key: &str) -> Result<Option<Ticket>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE idempotency_key = ?1");
    Ok(tx
        .prepare_cached(&sql)?
        .query_row([key], from_row)
        .optional()?)
}
