//! Wire types of the court backend's HTTP API (`/api/v1`), shared by the server (`court-backend`) and the
//! kiosk's sync client. Pure serde data plus the few pure rules both sides must agree on (how a ticket number is
//! spelled, what an overflow number looks like, what a valid idempotency key is). No I/O, no clock.
//!
//! Numbers in remote mode. The server keeps one counter per service and court-local day. A kiosk gets numbers
//! three ways ([`TicketOrigin`]):
//! - `online`: the server takes the next number from the counter at issue time;
//! - `lease`: the kiosk was offline and took a number from a block the server had reserved for it (a [`Lease`]);
//! - `overflow`: the kiosk was offline *and* its lease for that service was used up; it numbers the ticket in its own
//!   series `{prefix}{slot}-{n:03}` ([`overflow_number`]), where `slot` is unique to the device, so no other kiosk
//!   can produce the same number.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Every route lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";
/// The largest request body the server accepts (bytes); larger bodies get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most records one sync batch may carry; more gets 422.
pub const MAX_BATCH_RECORDS: usize = 500;
/// The largest lease a kiosk may ask for.
pub const MAX_LEASE_SIZE: u32 = 100;

/// The body of every error response: a stable machine code and a human sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// `GET /api/v1/health` (no authentication).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub engine: String,
}

/// `GET /api/v1/whoami`: the device the bearer token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    pub device_id: String,
    /// A small number unique to the device (1, 2, …), used in overflow ticket numbers.
    pub slot: u32,
}

/// How a ticket's number was obtained (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketOrigin {
    Online,
    Lease,
    Overflow,
}

impl TicketOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketOrigin::Online => "online",
            TicketOrigin::Lease => "lease",
            TicketOrigin::Overflow => "overflow",
        }
    }

    pub fn parse(s: &str) -> Option<TicketOrigin> {
        match s {
            "online" => Some(TicketOrigin::Online),
            "lease" => Some(TicketOrigin::Lease),
            "overflow" => Some(TicketOrigin::Overflow),
            _ => None,
        }
    }
}

/// `POST /api/v1/tickets/issue`: ask the server for the next number of a service (online issuance). The server
/// records the ticket in the authenticated device's name at once. Replaying the same idempotency key with the same
/// request returns the same ticket; with a different request, 409 `idempotency_conflict`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueRequest {
    pub idempotency_key: String,
    /// The kiosk's id for the ticket (a UUID); it is the ticket's id on the server too.
    pub ticket_id: String,
    pub service: String,
    /// The service's ticket prefix letter (A–Z) from the kiosk's configuration.
    pub prefix: char,
    /// The court-local day the kiosk issues for; the server accepts its own day ± 1.
    pub day: NaiveDate,
    #[serde(default)]
    pub priority: Option<String>,
    pub issued_at: DateTime<FixedOffset>,
    /// When set, the server also reserves a fresh lease of this many numbers for this service and day.
    #[serde(default)]
    pub lease_size: Option<u32>,
}

/// The answer to an [`IssueRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueResponse {
    pub ticket: ServerTicket,
    /// A fresh lease, when the request asked for one.
    #[serde(default)]
    pub lease: Option<Lease>,
    /// True when this is the replay of an earlier request with the same idempotency key.
    #[serde(default)]
    pub replayed: bool,
}

/// `POST /api/v1/leases`: reserve a block of numbers for offline issuance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaseRequest {
    pub service: String,
    pub day: NaiveDate,
    pub size: u32,
}

/// A block of sequence numbers `start..=end` of one service and day, reserved for one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub service: String,
    pub day: NaiveDate,
    pub start: u32,
    pub end: u32,
}

/// A ticket the kiosk issued while offline, sent later through the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketRecord {
    pub ticket_id: String,
    pub service: String,
    pub prefix: char,
    pub day: NaiveDate,
    /// `lease` or `overflow` (an `online` ticket is already on the server).
    pub origin: TicketOrigin,
    /// The sequence number: inside one of the device's leases (`lease`), or the device's own overflow counter.
    pub seq: u32,
    /// The number printed on the ticket; the server checks it against prefix, origin and seq.
    pub number: String,
    #[serde(default)]
    pub priority: Option<String>,
    pub issued_at: DateTime<FixedOffset>,
}

/// One record of a sync batch: its idempotency key and what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRecord {
    pub idempotency_key: String,
    #[serde(flatten)]
    pub body: RecordBody,
}

/// What a sync record carries, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum RecordBody {
    Ticket(TicketRecord),
}

/// `POST /api/v1/sync/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncBatch {
    pub records: Vec<SyncRecord>,
}

/// The fate of one record of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Stored now.
    Accepted,
    /// The same key with the same payload was stored before; nothing changed.
    Duplicate,
    /// Refused for good (e.g. `idempotency_conflict`, the HTTP 409 case; `not_in_lease`): do not resend.
    Rejected,
}

/// The answer for one record, in the order of the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordResult {
    pub idempotency_key: String,
    pub status: RecordStatus,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// The answer to a [`SyncBatch`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncBatchResponse {
    pub results: Vec<RecordResult>,
}

/// A ticket as the server holds it (`court-backend tickets --json` prints an array of these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTicket {
    pub id: String,
    pub number: String,
    pub service: String,
    pub kiosk_id: String,
    pub day: NaiveDate,
    pub seq: u32,
    pub origin: TicketOrigin,
    #[serde(default)]
    pub priority: Option<String>,
    pub issued_at: DateTime<FixedOffset>,
    pub received_at: DateTime<FixedOffset>,
}

/// `GET /api/v1/config` and `GET /api/v1/calendar`: the latest document the court published (revision 0 and no
/// content when none was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub revision: u64,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub published_at: Option<DateTime<FixedOffset>>,
}

/// `GET /api/v1/waiting?day=YYYY-MM-DD`: tickets per service on the server for that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingCounts {
    pub day: NaiveDate,
    pub services: Vec<ServiceWaiting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceWaiting {
    pub service: String,
    /// Tickets issued for the service that day, all kiosks together.
    pub issued: u32,
    /// Tickets not yet called. The backend has no calling API yet, so this equals `issued` for now.
    pub waiting: u32,
}

/// A problem with a field of a request, before any storage is touched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("{field} is not accepted: {reason}")]
    BadField { field: &'static str, reason: String },
}

fn bad(field: &'static str, reason: impl Into<String>) -> WireError {
    WireError::BadField {
        field,
        reason: reason.into(),
    }
}

/// An identifier field (idempotency key, ticket id, device id, service code): 1–100 characters from
/// `A–Z a–z 0–9 - _ . :`.
pub fn check_ident(field: &'static str, value: &str) -> Result<(), WireError> {
    if value.is_empty() || value.len() > 100 {
        return Err(bad(
            field,
            format!("length {}; accepted: 1 to 100 characters", value.len()),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
    {
        return Err(bad(
            field,
            format!("character {c:?}; accepted: A-Z a-z 0-9 - _ . :"),
        ));
    }
    Ok(())
}

/// A priority class code, when given: same alphabet as identifiers.
pub fn check_priority(value: &Option<String>) -> Result<(), WireError> {
    match value {
        Some(p) => check_ident("priority", p),
        None => Ok(()),
    }
}

/// A ticket prefix: one capital letter.
pub fn check_prefix(prefix: char) -> Result<(), WireError> {
    if prefix.is_ascii_uppercase() {
        Ok(())
    } else {
        Err(bad(
            "prefix",
            format!("{prefix:?}; accepted: one capital letter A-Z"),
        ))
    }
}

/// The number of a `lease` or `online` ticket: the prefix and the sequence number, at least three digits.
pub fn sequence_number(prefix: char, seq: u32) -> String {
    format!("{prefix}{seq:03}")
}

/// The number of an `overflow` ticket: prefix, the device's slot, a dash, the device's own overflow counter
/// (`B2-001`). Numbers of the ordinary series never contain a dash, and no two devices share a slot.
pub fn overflow_number(prefix: char, slot: u32, n: u32) -> String {
    format!("{prefix}{slot}-{n:03}")
}

impl IssueRequest {
    /// Field checks that need no storage.
    pub fn check(&self) -> Result<(), WireError> {
        check_ident("idempotency_key", &self.idempotency_key)?;
        check_ident("ticket_id", &self.ticket_id)?;
        check_ident("service", &self.service)?;
        check_prefix(self.prefix)?;
        check_priority(&self.priority)?;
        if let Some(n) = self.lease_size {
            check_lease_size(n)?;
        }
        Ok(())
    }
}

/// A lease size: 1 to [`MAX_LEASE_SIZE`].
pub fn check_lease_size(n: u32) -> Result<(), WireError> {
    if n == 0 || n > MAX_LEASE_SIZE {
        return Err(bad(
            "lease_size",
            format!("{n}; accepted: 1 to {MAX_LEASE_SIZE}"),
        ));
    }
    Ok(())
}

impl LeaseRequest {
    pub fn check(&self) -> Result<(), WireError> {
        check_ident("service", &self.service)?;
        check_lease_size(self.size)
    }
}

impl TicketRecord {
    /// Field checks that need no storage; `slot` is the sending device's slot (for overflow numbers).
    pub fn check(&self, slot: u32) -> Result<(), WireError> {
        check_ident("ticket_id", &self.ticket_id)?;
        check_ident("service", &self.service)?;
        check_prefix(self.prefix)?;
        check_priority(&self.priority)?;
        if self.seq == 0 {
            return Err(bad("seq", "0; accepted: 1 or more"));
        }
        let want = match self.origin {
            TicketOrigin::Online => {
                return Err(bad(
                    "origin",
                    "online tickets are recorded at issue time; accepted here: lease, overflow",
                ))
            }
            TicketOrigin::Lease => sequence_number(self.prefix, self.seq),
            TicketOrigin::Overflow => overflow_number(self.prefix, slot, self.seq),
        };
        if self.number != want {
            return Err(bad(
                "number",
                format!(
                    "{:?} does not match origin, prefix and seq; expected {want:?}",
                    self.number
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(origin: TicketOrigin, seq: u32, number: &str) -> TicketRecord {
        TicketRecord {
            ticket_id: "0b7e1c6e-1111-4a4a-9a9a-000000000001".into(),
            service: "filing".into(),
            prefix: 'B',
            day: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            origin,
            seq,
            number: number.into(),
            priority: None,
            issued_at: DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00").unwrap(),
        }
    }

    #[test]
    fn record_numbers_must_match_origin_and_slot() {
        let cases: &[(TicketOrigin, u32, &str, u32, bool)] = &[
            (TicketOrigin::Lease, 7, "B007", 1, true),
            (TicketOrigin::Lease, 1000, "B1000", 1, true),
            (TicketOrigin::Lease, 7, "B7", 1, false),
            (TicketOrigin::Lease, 0, "B000", 1, false),
            (TicketOrigin::Overflow, 3, "B2-003", 2, true),
            (TicketOrigin::Overflow, 3, "B2-003", 1, false),
            (TicketOrigin::Overflow, 3, "B003", 2, false),
            (TicketOrigin::Online, 3, "B003", 2, false),
        ];
        for &(origin, seq, number, slot, ok) in cases {
            assert_eq!(
                record(origin, seq, number).check(slot).is_ok(),
                ok,
                "{origin:?} {seq} {number} slot {slot}"
            );
        }
    }

    #[test]
    fn identifiers_accept_only_the_safe_alphabet() {
        let long = "x".repeat(101);
        for (v, ok) in [
            ("abc-DEF_1.2:3", true),
            ("", false),
            ("has space", false),
            ("semi;colon", false),
            (long.as_str(), false),
        ] {
            assert_eq!(check_ident("f", v).is_ok(), ok, "{v:?}");
        }
    }

    #[test]
    fn sync_records_round_trip_with_kind_and_payload() {
        let r = SyncRecord {
            idempotency_key: "k1".into(),
            body: RecordBody::Ticket(record(TicketOrigin::Lease, 7, "B007")),
        };
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains("\"kind\":\"ticket\""), "{text}");
        assert!(text.contains("\"payload\":{"), "{text}");
        let back: SyncRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn lease_sizes_are_bounded() {
        for (n, ok) in [
            (0, false),
            (1, true),
            (MAX_LEASE_SIZE, true),
            (MAX_LEASE_SIZE + 1, false),
        ] {
            assert_eq!(check_lease_size(n).is_ok(), ok, "{n}");
        }
    }
}
