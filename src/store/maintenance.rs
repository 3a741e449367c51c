//! Maintenance flags: a row per problem staff must see to (`printer`: the last ticket did not print). While the
//! printer flag is raised the kiosk does not offer printed tickets; it is cleared when the printer reports good
//! status again.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::tickets::timestamp;
use super::{Store, StoreError};

/// One raised flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaintenanceFlag {
    pub key: String,
    pub message: String,
    pub raised_at: String,
}

impl Store {
    /// Raises (or refreshes the message of) the flag `key`; the first raise time is kept.
    pub fn raise_flag(
        &self,
        key: &str,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO maintenance (key, message, raised_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET message = excluded.message",
            )?
            .execute(params![key, message, timestamp(now)])?;
        Ok(())
    }

    /// Clears the flag `key`; returns whether it was raised.
    pub fn clear_flag(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM maintenance WHERE key = ?1")?
            .execute([key])?
            > 0)
    }

    /// The flag `key`, if raised.
    pub fn flag(&self, key: &str) -> Result<Option<MaintenanceFlag>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT key, message, raised_at FROM maintenance WHERE key = ?1")?
            .query_row([key], |r| {
                Ok(MaintenanceFlag {
                    key: r.get(0)?,
                    message: r.get(1)?,
                    raised_at: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// Every raised flag, oldest first.
    pub fn flags(&self) -> Result<Vec<MaintenanceFlag>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, message, raised_at FROM maintenance ORDER BY raised_at")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(MaintenanceFlag {
                    key: r.get(0)?,
                    message: r.get(1)?,
                    raised_at: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
