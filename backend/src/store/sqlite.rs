//! The SQLite engine: one connection owned by a dedicated writer thread. Requests are closures sent over a channel;
//! the thread takes every request waiting in the queue (up to [`GROUP_MAX`]), runs each in its own savepoint inside
//! one `BEGIN IMMEDIATE` transaction and commits once (group commit), then answers them. So durability is full
//! (`synchronous=FULL`, one fsync per group) and throughput grows with concurrency instead of collapsing under it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate};
use court_core::sync_api::{
    sequence_number, IssueRequest, IssueResponse, Lease, LeaseRequest, Published, RecordResult,
    RecordStatus, ServerTicket, ServiceWaiting, TicketOrigin, WaitingCounts,
};
use rusqlite::{params, Connection, OptionalExtension};
use tokio::sync::oneshot;

use super::{
    conflict_key, parse_day, parse_ts, seq_u32, ts, DbError, Device, DocKind, NewTicket,
    PreparedRecord, Store,
};

/// The most requests committed together.
const GROUP_MAX: usize = 256;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    slot INTEGER NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS counters (
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    next_seq INTEGER NOT NULL,
    PRIMARY KEY (service, day)
);
CREATE TABLE IF NOT EXISTS leases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL REFERENCES devices(id),
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    start_seq INTEGER NOT NULL,
    end_seq INTEGER NOT NULL,
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
    seq INTEGER NOT NULL,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    code TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (kind, revision)
);
";

type Finisher = Box<dyn FnOnce(Result<(), DbError>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> Finisher + Send>;

/// The SQLite engine (see the module documentation).
pub struct SqliteStore {
    jobs: mpsc::Sender<Job>,
    /// Read-only connections for lookups that need no transaction of their own (authentication, listings), so
    /// they do not wait for the writer's group commit. WAL lets them read while the writer writes.
    readers: Arc<Mutex<Vec<Connection>>>,
    path: PathBuf,
}

fn db(e: rusqlite::Error) -> DbError {
    DbError::Internal(e.to_string())
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

impl SqliteStore {
    /// Opens or creates the database file, sets WAL + `synchronous=FULL`, migrates, and starts the writer thread.
    pub async fn open(path: &Path) -> Result<SqliteStore, DbError> {
        let path = path.to_path_buf();
        let opened = path.clone();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, DbError> {
            let path = opened;
            let conn = Connection::open(&path).map_err(|e| {
                DbError::Unavailable(format!(
                    "cannot open SQLite database {}: {e}",
                    path.display()
                ))
            })?;
            conn.busy_timeout(std::time::Duration::from_secs(10))
                .map_err(db)?;
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(db)?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(db)?;
            conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
            conn.execute_batch(SCHEMA).map_err(db)?;
            Ok(conn)
        })
        .await
        .map_err(|e| DbError::Internal(format!("opening task failed: {e}")))??;
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(conn, rx))
            .map_err(|e| {
                DbError::Unavailable(format!("cannot start the SQLite writer thread: {e}"))
            })?;
        Ok(SqliteStore {
            jobs: tx,
            readers: Arc::new(Mutex::new(Vec::new())),
            path,
        })
    }

    /// Runs `f` in its own savepoint on the writer thread; the answer comes once the group has committed.
    async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, DbError> + Send + 'static,
    ) -> Result<R, DbError> {
        let (tx, rx) = oneshot::channel::<Result<R, DbError>>();
        let job: Job = Box::new(move |conn: &Connection| -> Finisher {
            let result = match exec_cached(conn, "SAVEPOINT job") {
                Err(e) => Err(db(e)),
                Ok(()) => {
                    let r = f(conn);
                    let end = if r.is_ok() {
                        exec_cached(conn, "RELEASE job")
                    } else {
                        exec_cached(conn, "ROLLBACK TO job")
                            .and_then(|()| exec_cached(conn, "RELEASE job"))
                    };
                    match end {
                        Ok(()) => r,
                        Err(e) => Err(db(e)),
                    }
                }
            };
            Box::new(move |commit: Result<(), DbError>| {
                let _ = tx.send(commit.and(result));
            })
        });
        self.jobs
            .send(job)
            .map_err(|_| DbError::Unavailable("the SQLite writer thread has stopped".into()))?;
        rx.await.map_err(|_| {
            DbError::Unavailable("the SQLite writer thread dropped a request".into())
        })?
    }
}

fn open_reader(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| {
        DbError::Unavailable(format!(
            "cannot open SQLite database {}: {e}",
            path.display()
        ))
    })?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(db)?;
    Ok(conn)
}

impl SqliteStore {
    /// Runs a read on a pooled read-only connection, off the async threads.
    async fn read<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, DbError> + Send + 'static,
    ) -> Result<R, DbError> {
        let (readers, path) = (self.readers.clone(), self.path.clone());
        tokio::task::spawn_blocking(move || {
            let pooled = readers.lock().ok().and_then(|mut r| r.pop());
            let conn = match pooled {
                Some(c) => c,
                None => open_reader(&path)?,
            };
            let r = f(&conn);
            if let Ok(mut pool) = readers.lock() {
                pool.push(conn);
            }
            r
        })
        .await
        .map_err(|e| DbError::Internal(format!("read task failed: {e}")))?
    }
}

fn writer_loop(conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < GROUP_MAX {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            let err = db(e);
            tracing::error!(error = %err, "cannot begin a transaction");
            for job in jobs {
                // Run nothing: answer every request of the group with the error.
                drop(job);
            }
            continue;
        }
        let finishers: Vec<Finisher> = jobs.into_iter().map(|job| job(&conn)).collect();
        let commit = conn.execute_batch("COMMIT").map_err(db);
        if let Err(e) = &commit {
            tracing::error!(error = %e, "group commit failed");
            let _ = conn.execute_batch("ROLLBACK");
        }
        for f in finishers {
            f(commit.clone());
        }
    }
}

/// Runs a parameterless statement through the statement cache (the hot path re-runs the same few statements).
fn exec_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

fn load_device(conn: &Connection, sql: &str, key: &str) -> Result<Option<Device>, DbError> {
    conn.prepare_cached(sql)
        .map_err(db)?
        .query_row(params![key], |r| {
            Ok(Device {
                id: r.get(0)?,
                slot: r.get::<_, i64>(1)? as u32,
                revoked: r.get::<_, Option<String>>(2)?.is_some(),
            })
        })
        .optional()
        .map_err(db)
}

fn take_numbers(conn: &Connection, service: &str, day: &str, n: i64) -> Result<i64, DbError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO counters (service, day, next_seq) VALUES (?1, ?2, 1)",
    )
    .and_then(|mut st| st.execute(params![service, day]))
    .map_err(db)?;
    conn.prepare_cached(
        "UPDATE counters SET next_seq = next_seq + ?3 WHERE service = ?1 AND day = ?2 RETURNING next_seq - ?3",
    )
    .and_then(|mut st| st.query_row(params![service, day, n], |r| r.get(0)))
    .map_err(db)
}

fn insert_ticket(conn: &Connection, t: &NewTicket<'_>) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(
        "INSERT INTO tickets (id, device_id, idempotency_key, payload_hash, service, day, seq, number, origin, priority,
                              issued_at, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
            t.id,
            t.device_id,
            t.idempotency_key,
            t.payload_hash,
            t.service,
            t.day,
            t.seq,
            t.number,
            t.origin,
            t.priority,
            t.issued_at,
            t.received_at
        ])?;
    Ok(())
}

const TICKET_COLS: &str =
    "t.id, t.number, t.service, t.device_id, t.day, t.seq, t.origin, t.priority, t.issued_at, t.received_at";

fn ticket_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<[Option<String>; 10]> {
    Ok([
        Some(r.get(0)?),
        Some(r.get(1)?),
        Some(r.get(2)?),
        Some(r.get(3)?),
        Some(r.get(4)?),
        Some(r.get::<_, i64>(5)?.to_string()),
        Some(r.get(6)?),
        r.get(7)?,
        Some(r.get(8)?),
        Some(r.get(9)?),
    ])
}

fn to_ticket(row: [Option<String>; 10]) -> Result<ServerTicket, DbError> {
    let [id, number, service, kiosk, day, seq, origin, priority, issued, received] = row;
    let s = |v: Option<String>| v.unwrap_or_default();
    let origin_text = s(origin);
    Ok(ServerTicket {
        id: s(id),
        number: s(number),
        service: s(service),
        kiosk_id: s(kiosk),
        day: parse_day(&s(day))?,
        seq: seq_u32(
            s(seq)
                .parse::<i64>()
                .map_err(|e| DbError::Internal(e.to_string()))?,
        )?,
        origin: TicketOrigin::parse(&origin_text).ok_or_else(|| {
            DbError::Internal(format!("stored origin {origin_text:?} is unknown"))
        })?,
        priority,
        issued_at: parse_ts(&s(issued))?,
        received_at: parse_ts(&s(received))?,
    })
}

fn ticket_by_key(
    conn: &Connection,
    device: &str,
    key: &str,
) -> Result<Option<(String, ServerTicket)>, DbError> {
    let sql = format!("SELECT {TICKET_COLS}, t.payload_hash FROM tickets t WHERE t.device_id = ?1 AND t.idempotency_key = ?2");
    let row = conn
        .prepare_cached(&sql)
        .and_then(|mut st| {
            st.query_row(params![device, key], |r| {
                Ok((ticket_row(r)?, r.get::<_, String>(10)?))
            })
            .optional()
        })
        .map_err(db)?;
    match row {
        None => Ok(None),
        Some((row, hash)) => Ok(Some((hash, to_ticket(row)?))),
    }
}

fn log_rejection(
    conn: &Connection,
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
    conn.execute(
        "INSERT INTO rejections (device_id, idempotency_key, code, at) VALUES (?1, ?2, ?3, ?4)",
        params![device, key, code, now],
    )
    .map_err(db)?;
    Ok(())
}

fn grant(
    conn: &Connection,
    device: &str,
    service: &str,
    day: NaiveDate,
    size: u32,
    now: &str,
) -> Result<Lease, DbError> {
    let d = day.to_string();
    let start = take_numbers(conn, service, &d, i64::from(size))?;
    let end = start + i64::from(size) - 1;
    conn.execute(
        "INSERT INTO leases (device_id, service, day, start_seq, end_seq, granted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![device, service, d, start, end, now],
    )
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

fn accept_one(
    conn: &Connection,
    device: &Device,
    rec: PreparedRecord,
    now: &str,
) -> Result<RecordResult, DbError> {
    let key = rec.idempotency_key.as_str();
    if let Some((hash, _)) = ticket_by_key(conn, &device.id, key)? {
        if hash == rec.payload_hash {
            return Ok(RecordResult {
                idempotency_key: key.into(),
                status: RecordStatus::Duplicate,
                code: None,
                message: None,
            });
        }
        log_rejection(conn, &device.id, key, "idempotency_conflict", now)?;
        return Ok(reject(
            key,
            "idempotency_conflict",
            conflict_key(key).to_string(),
        ));
    }
    let t = match rec.ticket {
        Ok(t) => t,
        Err((code, message)) => {
            log_rejection(conn, &device.id, key, code, now)?;
            return Ok(reject(key, code, message));
        }
    };
    let day = t.day.to_string();
    if t.origin == TicketOrigin::Lease {
        let inside: Option<i64> = conn
            .query_row(
                "SELECT id FROM leases WHERE device_id = ?1 AND service = ?2 AND day = ?3 AND start_seq <= ?4 AND end_seq >= ?4",
                params![device.id, t.service, day, i64::from(t.seq)],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?;
        if inside.is_none() {
            log_rejection(conn, &device.id, key, "not_in_lease", now)?;
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
    match insert_ticket(conn, &row) {
        Ok(()) => Ok(RecordResult {
            idempotency_key: key.into(),
            status: RecordStatus::Accepted,
            code: None,
            message: None,
        }),
        Err(e) if is_unique_violation(&e) => {
            log_rejection(conn, &device.id, key, "already_taken", now)?;
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

impl Store for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    async fn authenticate(&self, token_hash: String) -> Result<Option<Device>, DbError> {
        self.read(move |c| {
            load_device(
                c,
                "SELECT id, slot, revoked_at FROM devices WHERE token_hash = ?1",
                &token_hash,
            )
        })
        .await
    }

    async fn add_device(
        &self,
        id: String,
        token_hash: String,
        now: DateTime<FixedOffset>,
    ) -> Result<Device, DbError> {
        self.run(move |c| {
            let now = ts(&now);
            match load_device(c, "SELECT id, slot, revoked_at FROM devices WHERE id = ?1", &id)? {
                Some(d) if !d.revoked => Err(DbError::Conflict {
                    code: "device_exists",
                    message: format!("device {id} already exists and is active; revoke it first to issue a new token"),
                }),
                Some(d) => {
                    c.execute(
                        "UPDATE devices SET token_hash = ?2, revoked_at = NULL, created_at = ?3 WHERE id = ?1",
                        params![id, token_hash, now],
                    )
                    .map_err(db)?;
                    Ok(Device { revoked: false, ..d })
                }
                None => {
                    let slot: i64 =
                        c.query_row("SELECT COALESCE(MAX(slot), 0) + 1 FROM devices", [], |r| r.get(0)).map_err(db)?;
                    c.execute(
                        "INSERT INTO devices (id, token_hash, slot, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![id, token_hash, slot, now],
                    )
                    .map_err(db)?;
                    Ok(Device { id, slot: seq_u32(slot)?, revoked: false })
                }
            }
        })
        .await
    }

    async fn revoke_device(&self, id: String, now: DateTime<FixedOffset>) -> Result<bool, DbError> {
        self.run(move |c| {
            let n = c
                .execute(
                    "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
                    params![id, ts(&now)],
                )
                .map_err(db)?;
            Ok(n > 0)
        })
        .await
    }

    async fn issue(
        &self,
        device: Device,
        req: IssueRequest,
        payload_hash: String,
        now: DateTime<FixedOffset>,
    ) -> Result<IssueResponse, DbError> {
        self.run(move |c| {
            let now = ts(&now);
            let lease = |c: &Connection| -> Result<Option<Lease>, DbError> {
                match req.lease_size {
                    Some(n) => Ok(Some(grant(c, &device.id, &req.service, req.day, n, &now)?)),
                    None => Ok(None),
                }
            };
            if let Some((hash, ticket)) = ticket_by_key(c, &device.id, &req.idempotency_key)? {
                if hash != payload_hash {
                    log_rejection(
                        c,
                        &device.id,
                        &req.idempotency_key,
                        "idempotency_conflict",
                        &now,
                    )?;
                    return Err(conflict_key(&req.idempotency_key));
                }
                return Ok(IssueResponse {
                    ticket,
                    lease: lease(c)?,
                    replayed: true,
                });
            }
            let day = req.day.to_string();
            let seq = take_numbers(c, &req.service, &day, 1)?;
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
                received_at: now.clone(),
            };
            match insert_ticket(c, &row) {
                Ok(()) => {}
                Err(e) if is_unique_violation(&e) => {
                    return Err(DbError::Conflict {
                        code: "already_taken",
                        message: format!("ticket id {} is already on the server", req.ticket_id),
                    })
                }
                Err(e) => return Err(db(e)),
            }
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
                received_at: parse_ts(&now)?,
            };
            Ok(IssueResponse {
                ticket,
                lease: lease(c)?,
                replayed: false,
            })
        })
        .await
    }

    async fn grant_lease(
        &self,
        device: Device,
        req: LeaseRequest,
        now: DateTime<FixedOffset>,
    ) -> Result<Lease, DbError> {
        self.run(move |c| grant(c, &device.id, &req.service, req.day, req.size, &ts(&now)))
            .await
    }

    async fn accept_batch(
        &self,
        device: Device,
        records: Vec<PreparedRecord>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<RecordResult>, DbError> {
        self.run(move |c| {
            let now = ts(&now);
            records
                .into_iter()
                .map(|r| accept_one(c, &device, r, &now))
                .collect()
        })
        .await
    }

    async fn tickets_on(&self, day: NaiveDate) -> Result<Vec<ServerTicket>, DbError> {
        self.read(move |c| {
            let sql = format!("SELECT {TICKET_COLS} FROM tickets t WHERE t.day = ?1 ORDER BY t.service, t.issued_at, t.number");
            let mut st = c.prepare(&sql).map_err(db)?;
            let rows = st.query_map(params![day.to_string()], ticket_row).map_err(db)?;
            let mut out = Vec::new();
            for r in rows {
                out.push(to_ticket(r.map_err(db)?)?);
            }
            Ok(out)
        })
        .await
    }

    async fn waiting(&self, day: NaiveDate) -> Result<WaitingCounts, DbError> {
        self.read(move |c| {
            let mut st = c
                .prepare("SELECT service, COUNT(*) FROM tickets WHERE day = ?1 GROUP BY service ORDER BY service")
                .map_err(db)?;
            let rows = st
                .query_map(params![day.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .map_err(db)?;
            let mut services = Vec::new();
            for r in rows {
                let (service, n) = r.map_err(db)?;
                let n = seq_u32(n)?;
                services.push(ServiceWaiting { service, issued: n, waiting: n });
            }
            Ok(WaitingCounts { day, services })
        })
        .await
    }

    async fn published(&self, kind: DocKind) -> Result<Published, DbError> {
        self.read(move |c| {
            let row = c
                .query_row(
                    "SELECT revision, content, published_at FROM documents WHERE kind = ?1 ORDER BY revision DESC LIMIT 1",
                    params![kind.as_str()],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
                )
                .optional()
                .map_err(db)?;
            match row {
                None => Ok(Published { revision: 0, content: None, published_at: None }),
                Some((rev, content, at)) => {
                    Ok(Published { revision: rev as u64, content: Some(content), published_at: Some(parse_ts(&at)?) })
                }
            }
        })
        .await
    }

    async fn publish(
        &self,
        kind: DocKind,
        content: String,
        now: DateTime<FixedOffset>,
    ) -> Result<Published, DbError> {
        self.run(move |c| {
            let rev: i64 = c
                .query_row("SELECT COALESCE(MAX(revision), 0) + 1 FROM documents WHERE kind = ?1", params![kind.as_str()], |r| {
                    r.get(0)
                })
                .map_err(db)?;
            c.execute(
                "INSERT INTO documents (kind, revision, content, published_at) VALUES (?1, ?2, ?3, ?4)",
                params![kind.as_str(), rev, content, ts(&now)],
            )
            .map_err(db)?;
            Ok(Published { revision: rev as u64, content: Some(content), published_at: Some(now) })
        })
        .await
    }
}
