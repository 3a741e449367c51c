//! The PostgreSQL engine: a small pool of `tokio-postgres` connections; each method is one transaction at READ
//! COMMITTED. Counter rows are taken with `UPDATE … RETURNING` (row-locked, so concurrent issuers queue on the row and
//! each sees the value the previous one committed). Each record of a batch runs in its own savepoint, so one refused
//! record does not abort the others.

use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDate};
use court_core::sync_api::{
    sequence_number, IssueRequest, IssueResponse, Lease, LeaseRequest, Published, RecordResult,
    RecordStatus, ServerTicket, ServiceWaiting, TicketOrigin, WaitingCounts,
};
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, GenericClient, NoTls, Row};

use super::{
    conflict_key, parse_day, parse_ts, seq_u32, ts, DbError, Device, DocKind, NewTicket,
    PreparedRecord, Store,
};

/// Connections kept open at most.
const POOL_MAX: usize = 16;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    slot BIGINT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS counters (
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    next_seq BIGINT NOT NULL,
    PRIMARY KEY (service, day)
);
CREATE TABLE IF NOT EXISTS leases (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    start_seq BIGINT NOT NULL,
    end_seq BIGINT NOT NULL,
    granted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS leases_by_device ON leases (device_id, service, day);
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    idempotency_key TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    seq BIGINT NOT NULL,
    number TEXT NOT NULL,
    origin TEXT NOT NULL,
    priority TEXT,
    issued_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (device_id, idempotency_key),
    UNIQUE (service, day, number)
);
CREATE INDEX IF NOT EXISTS tickets_by_day ON tickets (day);
CREATE TABLE IF NOT EXISTS rejections (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    code TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL,
    revision BIGINT NOT NULL,
    content TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (kind, revision)
);
";

/// The PostgreSQL engine (see the module documentation).
pub struct PgStore {
    url: String,
    idle: Mutex<Vec<Client>>,
    permits: Semaphore,
}

struct Conn<'a> {
    client: Option<Client>,
    store: &'a PgStore,
    _permit: SemaphorePermit<'a>,
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.client.take() {
            if !c.is_closed() {
                if let Ok(mut idle) = self.store.idle.lock() {
                    idle.push(c);
                }
            }
        }
    }
}

impl Conn<'_> {
    fn client(&mut self) -> Result<&mut Client, DbError> {
        self.client
            .as_mut()
            .ok_or_else(|| DbError::Internal("pooled connection already released".into()))
    }
}

fn db(e: tokio_postgres::Error) -> DbError {
    if e.is_closed() || e.as_db_error().is_none() {
        DbError::Unavailable(e.to_string())
    } else {
        DbError::Internal(e.to_string())
    }
}

fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

async fn connect(url: &str) -> Result<Client, DbError> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(|e| DbError::Unavailable(format!("cannot connect to PostgreSQL: {e}")))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "PostgreSQL connection ended");
        }
    });
    Ok(client)
}

impl PgStore {
    /// Connects to `url` and creates the tables that are missing.
    pub async fn open(url: &str) -> Result<PgStore, DbError> {
        let store = PgStore {
            url: url.to_string(),
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(POOL_MAX),
        };
        {
            let mut conn = store.conn().await?;
            conn.client()?.batch_execute(SCHEMA).await.map_err(db)?;
        }
        Ok(store)
    }

    async fn conn(&self) -> Result<Conn<'_>, DbError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Unavailable("the connection pool is closed".into()))?;
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let client = match pooled {
            Some(c) => c,
            None => connect(&self.url).await?,
        };
        Ok(Conn {
            client: Some(client),
            store: self,
            _permit: permit,
        })
    }
}

fn device_from(row: &Row) -> Device {
    Device {
        id: row.get(0),
        slot: row.get::<_, i64>(1) as u32,
        revoked: row.get::<_, Option<String>>(2).is_some(),
    }
}

async fn take_numbers<C: GenericClient>(
    c: &C,
    service: &str,
    day: &str,
    n: i64,
) -> Result<i64, DbError> {
    c.execute(
        "INSERT INTO counters (service, day, next_seq) VALUES ($1, $2, 1) ON CONFLICT (service, day) DO NOTHING",
        &[&service, &day],
    )
    .await
    .map_err(db)?;
    let row = c
        .query_one(
            "UPDATE counters SET next_seq = next_seq + $3 WHERE service = $1 AND day = $2 RETURNING next_seq - $3",
            &[&service, &day, &n],
        )
        .await
        .map_err(db)?;
    Ok(row.get(0))
}

async fn insert_ticket<C: GenericClient>(
    c: &C,
    t: &NewTicket<'_>,
) -> Result<(), tokio_postgres::Error> {
    c.execute(
        "INSERT INTO tickets (id, device_id, idempotency_key, payload_hash, service, day, seq, number, origin, priority,
                              issued_at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &[
            &t.id,
            &t.device_id,
            &t.idempotency_key,
            &t.payload_hash,
            &t.service,
            &t.day,
            &t.seq,
            &t.number,
            &t.origin,
            &t.priority,
            &t.issued_at,
            &t.received_at,
        ],
    )
    .await?;
    Ok(())
}

const TICKET_COLS: &str =
    "t.id, t.number, t.service, t.device_id, t.day, t.seq, t.origin, t.priority, t.issued_at, t.received_at";

fn to_ticket(r: &Row) -> Result<ServerTicket, DbError> {
    let origin: String = r.get(6);
    Ok(ServerTicket {
        id: r.get(0),
        number: r.get(1),
        service: r.get(2),
        kiosk_id: r.get(3),
        day: parse_day(r.get(4))?,
        seq: seq_u32(r.get(5))?,
        origin: TicketOrigin::parse(&origin)
            .ok_or_else(|| DbError::Internal(format!("stored origin {origin:?} is unknown")))?,
        priority: r.get(7),
        issued_at: parse_ts(r.get(8))?,
        received_at: parse_ts(r.get(9))?,
    })
}

async fn ticket_by_key<C: GenericClient>(
    c: &C,
    device: &str,
    key: &str,
) -> Result<Option<(String, ServerTicket)>, DbError> {
    let sql =
        format!("SELECT {TICKET_COLS}, t.payload_hash FROM tickets t WHERE t.device_id = $1 AND t.idempotency_key = $2");
    match c.query_opt(&sql, &[&device, &key]).await.map_err(db)? {
        None => Ok(None),
        Some(r) => Ok(Some((r.get(10), to_ticket(&r)?))),
    }
}

async fn log_rejection<C: GenericClient>(
    c: &C,
    device: &str,
    key: &str,
    code: &str,
    now: &str,
) -> Result<(), DbError> {
    tracing::warn!(
        device = device,
        idempotency_key = key,
        code = code,
        "record rejected"
    );
    c.execute(
        "INSERT INTO rejections (device_id, idempotency_key, code, at) VALUES ($1, $2, $3, $4)",
        &[&device, &key, &code, &now],
    )
    .await
    .map_err(db)?;
    Ok(())
}

async fn grant<C: GenericClient>(
    c: &C,
    device: &str,
    service: &str,
    day: NaiveDate,
    size: u32,
    now: &str,
) -> Result<Lease, DbError> {
    let d = day.to_string();
    let start = take_numbers(c, service, &d, i64::from(size)).await?;
    let end = start + i64::from(size) - 1;
    c.execute(
        "INSERT INTO leases (device_id, service, day, start_seq, end_seq, granted_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&device, &service, &d, &start, &end, &now],
    )
    .await
    .map_err(db)?;
    Ok(Lease {
        service: service.to_string(),
        day,
        start: seq_u32(start)?,
        end: seq_u32(end)?,
    })
}

fn reject(key: &str, code: &str, message: String) -> RecordResult {
    RecordResult {
        idempotency_key: key.to_string(),
        status: RecordStatus::Rejected,
        code: Some(code.into()),
        message: Some(message),
    }
}

/// One record inside its own savepoint of `tx`.
async fn accept_one(
    tx: &mut tokio_postgres::Transaction<'_>,
    device: &Device,
    rec: PreparedRecord,
    now: &str,
) -> Result<RecordResult, DbError> {
    let key = rec.idempotency_key.as_str();
    if let Some((hash, _)) = ticket_by_key(tx, &device.id, key).await? {
        if hash == rec.payload_hash {
            return Ok(RecordResult {
                idempotency_key: key.into(),
                status: RecordStatus::Duplicate,
                code: None,
                message: None,
            });
        }
        log_rejection(tx, &device.id, key, "idempotency_conflict", now).await?;
        return Ok(reject(
            key,
            "idempotency_conflict",
            conflict_key(key).to_string(),
        ));
    }
    let t = match rec.ticket {
        Ok(t) => t,
        Err((code, message)) => {
            log_rejection(tx, &device.id, key, code, now).await?;
            return Ok(reject(key, code, message));
        }
    };
    let day = t.day.to_string();
    if t.origin == TicketOrigin::Lease {
        let inside = tx
            .query_opt(
                "SELECT id FROM leases WHERE device_id = $1 AND service = $2 AND day = $3 AND start_seq <= $4 AND end_seq >= $4",
                &[&device.id, &t.service, &day, &i64::from(t.seq)],
            )
            .await
            .map_err(db)?;
        if inside.is_none() {
            log_rejection(tx, &device.id, key, "not_in_lease", now).await?;
            return Ok(reject(
                key,
                "not_in_lease",
                format!(
                    "number {} of {} on {day} is in no lease granted to this device",
                    t.number, t.service
                ),
            ));
        }
    }
    let row = NewTicket {
        id: &t.ticket_id,
        device_id: &device.id,
        idempotency_key: key,
        payload_hash: &rec.payload_hash,
        service: &t.service,
        day,
        seq: i64::from(t.seq),
        number: t.number.clone(),
        origin: t.origin.as_str(),
        priority: t.priority.as_deref(),
        issued_at: ts(&t.issued_at),
        received_at: now.to_string(),
    };
    let sp = tx.savepoint("rec").await.map_err(db)?;
    match insert_ticket(&sp, &row).await {
        Ok(()) => {
            sp.commit().await.map_err(db)?;
            Ok(RecordResult {
                idempotency_key: key.into(),
                status: RecordStatus::Accepted,
                code: None,
                message: None,
            })
        }
        Err(e) if is_unique_violation(&e) => {
            sp.rollback().await.map_err(db)?;
            log_rejection(tx, &device.id, key, "already_taken", now).await?;
            Ok(reject(
                key,
                "already_taken",
                format!(
                    "ticket id {} or number {} is already on the server",
                    t.ticket_id, t.number
                ),
            ))
        }
        Err(e) => Err(db(e)),
    }
}

impl Store for PgStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    async fn authenticate(&self, token_hash: String) -> Result<Option<Device>, DbError> {
        let mut conn = self.conn().await?;
        let row = conn
            .client()?
            .query_opt(
                "SELECT id, slot, revoked_at FROM devices WHERE token_hash = $1",
                &[&token_hash],
            )
            .await
            .map_err(db)?;
        Ok(row.as_ref().map(device_from))
    }

    async fn add_device(
        &self,
        id: String,
        token_hash: String,
        now: DateTime<FixedOffset>,
    ) -> Result<Device, DbError> {
        let mut conn = self.conn().await?;
        let tx = conn.client()?.transaction().await.map_err(db)?;
        let now = ts(&now);
        let existing = tx
            .query_opt(
                "SELECT id, slot, revoked_at FROM devices WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .await
            .map_err(db)?
            .map(|r| device_from(&r));
        let device = match existing {
            Some(d) if !d.revoked => {
                return Err(DbError::Conflict {
                    code: "device_exists",
                    message: format!("device {id} already exists and is active; revoke it first to issue a new token"),
                })
            }
            Some(d) => {
                tx.execute(
                    "UPDATE devices SET token_hash = $2, revoked_at = NULL, created_at = $3 WHERE id = $1",
                    &[&id, &token_hash, &now],
                )
                .await
                .map_err(db)?;
                Device { revoked: false, ..d }
            }
            None => {
                tx.execute("LOCK TABLE devices IN SHARE ROW EXCLUSIVE MODE", &[]).await.map_err(db)?;
                let slot: i64 =
                    tx.query_one("SELECT COALESCE(MAX(slot), 0) + 1 FROM devices", &[]).await.map_err(db)?.get(0);
                tx.execute(
                    "INSERT INTO devices (id, token_hash, slot, created_at) VALUES ($1, $2, $3, $4)",
                    &[&id, &token_hash, &slot, &now],
                )
                .await
                .map_err(db)?;
                Device { id, slot: seq_u32(slot)?, revoked: false }
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(device)
    }

    async fn revoke_device(&self, id: String, now: DateTime<FixedOffset>) -> Result<bool, DbError> {
        let mut conn = self.conn().await?;
        let n = conn
            .client()?
            .execute(
                "UPDATE devices SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
                &[&id, &ts(&now)],
            )
            .await
            .map_err(db)?;
        Ok(n > 0)
    }

    async fn issue(
        &self,
        device: Device,
        req: IssueRequest,
        payload_hash: String,
        now: DateTime<FixedOffset>,
    ) -> Result<IssueResponse, DbError> {
        // A concurrent request with the same key can win the insert race; the retry then finds its ticket.
        for attempt in 0..2 {
            let mut conn = self.conn().await?;
            let tx = conn.client()?.transaction().await.map_err(db)?;
            let now_s = ts(&now);
            if let Some((hash, ticket)) =
                ticket_by_key(&tx, &device.id, &req.idempotency_key).await?
            {
                if hash != payload_hash {
                    log_rejection(
                        &tx,
                        &device.id,
                        &req.idempotency_key,
                        "idempotency_conflict",
                        &now_s,
                    )
                    .await?;
                    tx.commit().await.map_err(db)?;
                    return Err(conflict_key(&req.idempotency_key));
                }
                let lease = match req.lease_size {
                    Some(n) => {
                        Some(grant(&tx, &device.id, &req.service, req.day, n, &now_s).await?)
                    }
                    None => None,
                };
                tx.commit().await.map_err(db)?;
                return Ok(IssueResponse {
                    ticket,
                    lease,
                    replayed: true,
                });
            }
            let day = req.day.to_string();
            let seq = take_numbers(&tx, &req.service, &day, 1).await?;
            let row = NewTicket {
                id: &req.ticket_id,
                device_id: &device.id,
                idempotency_key: &req.idempotency_key,
                payload_hash: &payload_hash,
                service: &req.service,
                day,
                seq,
                number: sequence_number(req.prefix, seq_u32(seq)?),
                origin: TicketOrigin::Online.as_str(),
                priority: req.priority.as_deref(),
                issued_at: ts(&req.issued_at),
                received_at: now_s.clone(),
            };
            match insert_ticket(&tx, &row).await {
                Ok(()) => {}
                Err(e) if is_unique_violation(&e) && attempt == 0 => continue,
                Err(e) if is_unique_violation(&e) => {
                    return Err(DbError::Conflict {
                        code: "already_taken",
                        message: format!("ticket id {} is already on the server", req.ticket_id),
                    })
                }
                Err(e) => return Err(db(e)),
            }
            let lease = match req.lease_size {
                Some(n) => Some(grant(&tx, &device.id, &req.service, req.day, n, &now_s).await?),
                None => None,
            };
            tx.commit().await.map_err(db)?;
            let ticket = ServerTicket {
                id: req.ticket_id.clone(),
                number: row.number.clone(),
                service: req.service.clone(),
                kiosk_id: device.id.clone(),
                day: req.day,
                seq: seq_u32(seq)?,
                origin: TicketOrigin::Online,
                priority: req.priority.clone(),
                issued_at: parse_ts(&ts(&req.issued_at))?,
                received_at: parse_ts(&now_s)?,
            };
            return Ok(IssueResponse {
                ticket,
                lease,
                replayed: false,
            });
        }
        Err(DbError::Internal("issuance retried without success".into()))
    }

    async fn grant_lease(
        &self,
        device: Device,
        req: LeaseRequest,
        now: DateTime<FixedOffset>,
    ) -> Result<Lease, DbError> {
        let mut conn = self.conn().await?;
        let tx = conn.client()?.transaction().await.map_err(db)?;
        let lease = grant(&tx, &device.id, &req.service, req.day, req.size, &ts(&now)).await?;
        tx.commit().await.map_err(db)?;
        Ok(lease)
    }

    async fn accept_batch(
        &self,
        device: Device,
        records: Vec<PreparedRecord>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<RecordResult>, DbError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.client()?.transaction().await.map_err(db)?;
        let now = ts(&now);
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            out.push(accept_one(&mut tx, &device, r, &now).await?);
        }
        tx.commit().await.map_err(db)?;
        Ok(out)
    }

    async fn tickets_on(&self, day: NaiveDate) -> Result<Vec<ServerTicket>, DbError> {
        let mut conn = self.conn().await?;
        let sql = format!("SELECT {TICKET_COLS} FROM tickets t WHERE t.day = $1 ORDER BY t.service, t.issued_at, t.number");
        let rows = conn
            .client()?
            .query(&sql, &[&day.to_string()])
            .await
            .map_err(db)?;
        rows.iter().map(to_ticket).collect()
    }

    async fn waiting(&self, day: NaiveDate) -> Result<WaitingCounts, DbError> {
        let mut conn = self.conn().await?;
        let rows = conn
            .client()?
            .query(
                "SELECT service, COUNT(*) FROM tickets WHERE day = $1 GROUP BY service ORDER BY service",
                &[&day.to_string()],
            )
            .await
            .map_err(db)?;
        let mut services = Vec::new();
        for r in rows {
            let n = seq_u32(r.get(1))?;
            services.push(ServiceWaiting {
                service: r.get(0),
                issued: n,
                waiting: n,
            });
        }
        Ok(WaitingCounts { day, services })
    }

    async fn published(&self, kind: DocKind) -> Result<Published, DbError> {
        let mut conn = self.conn().await?;
        let row = conn
            .client()?
            .query_opt(
                "SELECT revision, content, published_at FROM documents WHERE kind = $1 ORDER BY revision DESC LIMIT 1",
                &[&kind.as_str()],
            )
            .await
            .map_err(db)?;
        match row {
            None => Ok(Published {
                revision: 0,
                content: None,
                published_at: None,
            }),
            Some(r) => Ok(Published {
                revision: r.get::<_, i64>(0) as u64,
                content: Some(r.get(1)),
                published_at: Some(parse_ts(r.get(2))?),
            }),
        }
    }

    async fn publish(
        &self,
        kind: DocKind,
        content: String,
        now: DateTime<FixedOffset>,
    ) -> Result<Published, DbError> {
        let mut conn = self.conn().await?;
        let tx = conn.client()?.transaction().await.map_err(db)?;
        tx.execute("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE", &[])
            .await
            .map_err(db)?;
        let rev: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(revision), 0) + 1 FROM documents WHERE kind = $1",
                &[&kind.as_str()],
            )
            .await
            .map_err(db)?
            .get(0);
        tx.execute(
            "INSERT INTO documents (kind, revision, content, published_at) VALUES ($1, $2, $3, $4)",
            &[&kind.as_str(), &rev, &content, &ts(&now)],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Published {
            revision: rev as u64,
            content: Some(content),
            published_at: Some(now),
        })
    }
}
