//! `court-backend`: the court-side server the kiosks sync to. Devices and their tokens, the queue authority
//! (numbers for every kiosk of the court), leases for offline work, and the store of every ticket.
//!
//! The binary (`src/main.rs`) is a thin CLI over [`serve`] and the [`store::Store`] trait.

pub mod api;
pub mod store;
pub mod token;

use std::future::Future;

use tokio::net::TcpListener;

pub use api::{router, AppState, ROUTES};
pub use store::{AnyStore, DbError, Store};

/// Serves the API on `listener` until `shutdown` resolves (then finishes the requests in flight).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
