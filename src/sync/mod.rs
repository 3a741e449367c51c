//! The kiosk's sync client (issue 6): remote mode's queue authority ([`authority`]), the backend API client
//! ([`client`]), and the outbox drain / pull rounds ([`drain`]). See ARCHITECTURE.md, "Backend and sync".
//!
//! For the maintenance view: [`state`] (backlog size, last success, last error) and [`status_lines`].

pub mod authority;
pub mod client;
pub mod drain;

pub use crate::store::lease::SyncState;
pub use drain::{backoff_delay, run_forever, sync_once, sync_once_report, SyncError, SyncReport};

use crate::config::{BackendMode, Config};
use crate::store::{Store, StoreError};

/// The sync state of the kiosk whose data directory `cfg` names.
pub fn state(cfg: &Config) -> Result<SyncState, StoreError> {
    Store::open_in(&cfg.storage.data_dir)?.sync_state()
}

/// Lines for the staff maintenance view: (label, value, healthy).
pub fn status_lines(cfg: &Config) -> Vec<(String, String, bool)> {
    if cfg.backend.mode != BackendMode::Remote {
        return vec![(
            "同步 Sync".into(),
            "单机模式 standalone (no backend)".into(),
            true,
        )];
    }
    match state(cfg) {
        Ok(s) => vec![
            (
                "待同步 Sync backlog".into(),
                s.backlog.to_string(),
                s.backlog < 100,
            ),
            (
                "上次同步成功 Last sync".into(),
                s.last_success
                    .clone()
                    .unwrap_or_else(|| "从未 never".into()),
                s.consecutive_failures == 0 && s.last_success.is_some(),
            ),
            (
                "同步错误 Sync error".into(),
                s.last_error.clone().unwrap_or_else(|| "无 none".into()),
                s.last_error.is_none(),
            ),
            (
                "被拒记录 Rejected records".into(),
                s.rejected.to_string(),
                s.rejected == 0,
            ),
        ],
        Err(e) => vec![(
            "同步 Sync".into(),
            format!("cannot read the local store: {e}"),
            false,
        )],
    }
}

/// Starts the background sync loop ([`run_forever`]) on its own thread when the kiosk is in remote mode.
pub fn spawn_background(cfg: std::sync::Arc<Config>) -> Option<std::thread::JoinHandle<()>> {
    if cfg.backend.mode != BackendMode::Remote {
        return None;
    }
    let spawned = std::thread::Builder::new().name("court-sync".into()).spawn(move || {
        match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt.block_on(run_forever(&cfg)),
            Err(e) => tracing::error!(error = %e, "cannot start the sync runtime; the outbox is kept for later"),
        }
    });
    match spawned {
        Ok(h) => Some(h),
        Err(e) => {
            tracing::error!(error = %e, "cannot start the sync thread; the outbox is kept for later");
            None
        }
    }
}
