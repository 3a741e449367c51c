//! Local durability: one SQLite file (`kiosk.db` in the data directory) in WAL mode with `synchronous=FULL`, so a
//! committed transaction survives a power cut. The schema is migrated on open (`PRAGMA user_version`, see
//! [`schema::MIGRATIONS`]). Tables: `counters`, `tickets`, `outbox`, `maintenance` — described in
//! ARCHITECTURE.md, "Local store".
//!
//! Every write that must be seen by the court backend goes into `outbox` in the same transaction as the business
//! row ([`Store::issue`]); the sync client drains it with [`Store::outbox_pending`], [`Store::outbox_mark_sent`]
//! and [`Store::outbox_mark_failed`].

pub mod lease; // issue 6: remote mode (leases, sync state)
mod maintenance;
mod outbox;
pub mod schema;
mod tickets;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

pub use maintenance::MaintenanceFlag;
pub use outbox::OutboxItem;
pub use tickets::{IssueSpec, Issued, Ticket, TicketStatus};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "kiosk.db";
/// How long a writer waits for another process's transaction (the kiosk and a CLI may share the file).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the local database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the local database {path} has schema version {found}, newer than this program knows ({known}); update the program")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("migrating the local database to schema version {version} failed: {source}")]
    Migrate {
        version: usize,
        source: rusqlite::Error,
    },
    #[error("local database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("idempotency key {key:?} was already used for a different request (service {service}); a retried request must repeat the original")]
    IdempotencyConflict { key: String, service: String },
    #[error(transparent)]
    Queue(#[from] court_core::queue::QueueError),
    #[error("cannot encode the outbox payload: {0}")]
    Payload(#[from] serde_json::Error),
    #[error("a stored row is not valid: {0}")]
    BadRow(String),
}

/// The open local store. One per process; not shared between threads (open another for a worker thread).
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) `kiosk.db` in `data_dir`, creating the directory if it is missing.
    pub fn open_in(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::CreateDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Store::open(&data_dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "the local database did not switch to WAL mode");
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = schema::MIGRATIONS.len();
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if found < 0 || found as usize > known {
                return Err(StoreError::TooNew {
                    path: self.path.clone(),
                    found,
                    known,
                });
            }
            let version = found as usize;
            if version == known {
                return Ok(());
            }
            let step = |tx: &rusqlite::Transaction<'_>| -> rusqlite::Result<()> {
                tx.execute_batch(schema::MIGRATIONS[version])?;
                tx.pragma_update(None, "user_version", (version + 1) as i64)
            };
            step(&tx).map_err(|source| StoreError::Migrate {
                version: version + 1,
                source,
            })?;
            tx.commit().map_err(|source| StoreError::Migrate {
                version: version + 1,
                source,
            })?;
            tracing::info!(version = version + 1, "local database migrated");
        }
    }
}

#[cfg(test)]
mod tests;
