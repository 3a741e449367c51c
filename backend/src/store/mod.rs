//! The data layer: one trait ([`Store`]) over two engines — SQLite (`sqlite:PATH`, the embedded default, WAL) and
//! PostgreSQL (`postgres://…`). Both keep the same tables (see `SCHEMA_*` in each engine) and the same rules:
//!
//! - **Counters**: one row per service and court-local day; a number is taken by an atomic
//!   `UPDATE counters SET next_seq = next_seq + n … RETURNING` inside the issuing transaction (the row lock makes the
//!   read-modify-write a compare-and-set: no two transactions can see the same `next_seq`).
//! - **Leases**: a lease moves the same counter forward by its size, so leased numbers are never issued online.
//! - **Dedupe**: every ticket row carries `(device_id, idempotency_key)` (unique) and the SHA-256 of its canonical
//!   payload; the same key with the same payload is a duplicate (nothing changes), with another payload a conflict
//!   (409, logged and kept in `rejections`).
//! - **Numbers**: `(service, day, number)` is unique, so no number can be stored twice whatever a client claims.

pub mod postgres;
pub mod sqlite;

use std::future::Future;

use chrono::{DateTime, FixedOffset, NaiveDate};
use court_core::sync_api::{
    IssueRequest, IssueResponse, Lease, LeaseRequest, Published, RecordResult, ServerTicket,
    TicketRecord, WaitingCounts,
};

/// What the data layer can fail with. The API maps each to an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbError {
    /// The request contradicts what is stored (HTTP 409).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// The request is well-formed but not acceptable (HTTP 422).
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    /// Nothing by that name (HTTP 404).
    #[error("{0}")]
    NotFound(String),
    /// The database cannot be reached or is not usable (HTTP 503).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database answered with an error we did not expect (HTTP 500).
    #[error("database error: {0}")]
    Internal(String),
    /// The database URL is not one we know.
    #[error(
        "database URL {0:?} is not accepted; accepted: sqlite:PATH or postgres://USER@HOST:PORT/DB"
    )]
    BadUrl(String),
}

/// A registered kiosk, as authentication finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub slot: u32,
    pub revoked: bool,
}

/// Which published document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A configuration layer (TOML) for the kiosks.
    Config,
    /// The holiday calendar (TOML) for the court.
    Calendar,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Config => "config",
            DocKind::Calendar => "calendar",
        }
    }
}

/// One offline record, checked by the API, with the SHA-256 of its canonical payload.
#[derive(Debug, Clone)]
pub struct PreparedRecord {
    pub idempotency_key: String,
    pub payload_hash: String,
    /// The record, or why the API refused it before storage (`code`, `message`).
    pub ticket: Result<TicketRecord, (&'static str, String)>,
}

/// The data layer. Every method is one transaction.
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;
    /// The device whose token hashes to `token_hash`, revoked or not.
    fn authenticate(
        &self,
        token_hash: String,
    ) -> impl Future<Output = Result<Option<Device>, DbError>> + Send;
    /// Registers `id` with a token hash (or gives a revoked device a new token); fails if `id` is active.
    fn add_device(
        &self,
        id: String,
        token_hash: String,
        now: DateTime<FixedOffset>,
    ) -> impl Future<Output = Result<Device, DbError>> + Send;
    /// Revokes `id`; false when there is no such device.
    fn revoke_device(
        &self,
        id: String,
        now: DateTime<FixedOffset>,
    ) -> impl Future<Output = Result<bool, DbError>> + Send;
    /// Online issuance: the next number of the service and day, recorded in `device`'s name.
    fn issue(
        &self,
        device: Device,
        req: IssueRequest,
        payload_hash: String,
        now: DateTime<FixedOffset>,
    ) -> impl Future<Output = Result<IssueResponse, DbError>> + Send;
    /// Reserves a block of numbers for `device`.
    fn grant_lease(
        &self,
        device: Device,
        req: LeaseRequest,
        now: DateTime<FixedOffset>,
    ) -> impl Future<Output = Result<Lease, DbError>> + Send;
    /// Stores offline records, each on its own (a refused record does not stop the others).
    fn accept_batch(
        &self,
        device: Device,
        records: Vec<PreparedRecord>,
        now: DateTime<FixedOffset>,
    ) -> impl Future<Output = Result<Vec<RecordResult>, DbError>> + Send;
    /// Every ticket of a court-local day, by service then number.
    fn tickets_on(
        &self,
        day: NaiveDate,
    ) -> impl Future<Output = Result<Vec<ServerTicket>, DbError>> + Send;
    /// Tickets per service of a day.
    fn waiting(
        &self,
        day: NaiveDate,
    ) -> impl Future<Output = Result<WaitingCounts, DbError>> + Send;
    /// The latest published document of a kind.
    fn published(&self, kind: DocKind) -> impl Future<Output = Result<Published, DbError>> + Send;
    /// Publishes a new revision of a document.
    fn publish(
        &self,
        kind: DocKind,
        content: String,
        now: DateTime<FixedOffset>,
    ) -> impl Future<Output = Result<Published, DbError>> + Send;
}

/// Either engine, chosen by the database URL.
pub enum AnyStore {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

impl AnyStore {
    /// Opens (and migrates) the database at `url`: `sqlite:PATH` or `postgres://…` / `postgresql://…`.
    pub async fn open(url: &str) -> Result<AnyStore, DbError> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(DbError::BadUrl(url.to_string()));
            }
            Ok(AnyStore::Sqlite(
                sqlite::SqliteStore::open(std::path::Path::new(path)).await?,
            ))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(AnyStore::Postgres(postgres::PgStore::open(url).await?))
        } else {
            Err(DbError::BadUrl(url.to_string()))
        }
    }
}

macro_rules! dispatch {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Sqlite($s) => $e,
            AnyStore::Postgres($s) => $e,
        }
    };
}

impl Store for AnyStore {
    fn engine(&self) -> &'static str {
        dispatch!(self, s => s.engine())
    }
    async fn authenticate(&self, token_hash: String) -> Result<Option<Device>, DbError> {
        dispatch!(self, s => s.authenticate(token_hash).await)
    }
    async fn add_device(
        &self,
        id: String,
        token_hash: String,
        now: DateTime<FixedOffset>,
    ) -> Result<Device, DbError> {
        dispatch!(self, s => s.add_device(id, token_hash, now).await)
    }
    async fn revoke_device(&self, id: String, now: DateTime<FixedOffset>) -> Result<bool, DbError> {
        dispatch!(self, s => s.revoke_device(id, now).await)
    }
    async fn issue(
        &self,
        device: Device,
        req: IssueRequest,
        payload_hash: String,
        now: DateTime<FixedOffset>,
    ) -> Result<IssueResponse, DbError> {
        dispatch!(self, s => s.issue(device, req, payload_hash, now).await)
    }
    async fn grant_lease(
        &self,
        device: Device,
        req: LeaseRequest,
        now: DateTime<FixedOffset>,
    ) -> Result<Lease, DbError> {
        dispatch!(self, s => s.grant_lease(device, req, now).await)
    }
    async fn accept_batch(
        &self,
        device: Device,
        records: Vec<PreparedRecord>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<RecordResult>, DbError> {
        dispatch!(self, s => s.accept_batch(device, records, now).await)
    }
    async fn tickets_on(&self, day: NaiveDate) -> Result<Vec<ServerTicket>, DbError> {
        dispatch!(self, s => s.tickets_on(day).await)
    }
    async fn waiting(&self, day: NaiveDate) -> Result<WaitingCounts, DbError> {
        dispatch!(self, s => s.waiting(day).await)
    }
    async fn published(&self, kind: DocKind) -> Result<Published, DbError> {
        dispatch!(self, s => s.published(kind).await)
    }
    async fn publish(
        &self,
        kind: DocKind,
        content: String,
        now: DateTime<FixedOffset>,
    ) -> Result<Published, DbError> {
        dispatch!(self, s => s.publish(kind, content, now).await)
    }
}

/// RFC 3339 text of a time, as both engines store it.
pub(crate) fn ts(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

pub(crate) fn parse_ts(s: &str) -> Result<DateTime<FixedOffset>, DbError> {
    DateTime::parse_from_rfc3339(s)
        .map_err(|e| DbError::Internal(format!("stored time {s:?} is not RFC 3339: {e}")))
}

pub(crate) fn parse_day(s: &str) -> Result<NaiveDate, DbError> {
    s.parse::<NaiveDate>()
        .map_err(|e| DbError::Internal(format!("stored day {s:?} is not a date: {e}")))
}

pub(crate) fn seq_u32(v: i64) -> Result<u32, DbError> {
    u32::try_from(v).map_err(|_| DbError::Internal(format!("stored sequence {v} is out of range")))
}

/// The row a ticket becomes, before it is written.
pub(crate) struct NewTicket<'a> {
    pub id: &'a str,
    pub device_id: &'a str,
    pub idempotency_key: &'a str,
    pub payload_hash: &'a str,
    pub service: &'a str,
    pub day: String,
    pub seq: i64,
    pub number: String,
    pub origin: &'static str,
    pub priority: Option<&'a str>,
    pub issued_at: String,
    pub received_at: String,
}

pub(crate) fn conflict_key(key: &str) -> DbError {
    DbError::Conflict {
        code: "idempotency_conflict",
        message: format!(
            "idempotency key {key:?} was used before with a different request; a retry must repeat the request exactly"
        ),
    }
}
