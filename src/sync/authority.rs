//! Remote mode's queue authority (issue 6): where a ticket's number comes from when `backend.mode = "remote"`.
//!
//! 1. The same idempotency key already gave a ticket here → nothing to ask (the store returns that ticket).
//! 2. Online: ask the backend (`POST /api/v1/tickets/issue`, [`ONLINE_TIMEOUT`]). The server takes the next number
//!    of the court-wide counter and records the ticket at once; when this kiosk's lease for the service runs low the
//!    same request asks for a fresh lease ([`LEASE_SIZE`]), so leases are refreshed as they are used, by every
//!    online issue, with no daemon needed.
//! 3. Offline (unreachable, timeout, 5xx): the next number of this kiosk's lease for the service and day.
//! 4. Offline and the lease is used up: the kiosk's overflow series `{prefix}{slot}-{n:03}` (e.g. `B2-001`): still
//!    unique court-wide (the slot is this device's), sent to the backend by the next sync.
//!
//! A 401 (token unknown or revoked) refuses the ticket: a revoked kiosk must not keep issuing in the court's name.
//! A kiosk that has never reached the backend has neither a lease nor a slot, so it cannot number offline and
//! refuses too (staff see why).

use std::time::Duration;

use chrono::{DateTime, Utc};
use court_core::sync_api::{overflow_number, sequence_number, IssueRequest, TicketOrigin};

use super::client::{BackendClient, ClientError};
use crate::config::{BackendMode, Config};
use crate::store::lease::{BackendIdentity, RemoteNumber};
use crate::store::{IssueSpec, Store, StoreError};

/// How long a ticket waits for the backend before it is issued from the lease.
pub const ONLINE_TIMEOUT: Duration = Duration::from_millis(1500);
/// Numbers asked for in one lease.
pub const LEASE_SIZE: u32 = 20;
/// A fresh lease is asked for when fewer than this many numbers are left.
pub const LEASE_LOW_WATER: u32 = 10;

#[derive(Debug, thiserror::Error)]
pub enum AuthorityError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Refused(String),
    #[error("the court backend is unreachable and this kiosk has never reached it, so it holds no lease of numbers and no overflow slot; a ticket cannot be numbered safely. Check backend.url and the network, then retry")]
    NeverOnline,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot run the backend client: {0}")]
    Runtime(String),
}

/// Runs an async backend call to completion from synchronous code, on a scoped thread with its own runtime (so
/// it works whether or not the caller is inside a tokio runtime).
pub fn block_on<T: Send>(
    f: impl std::future::Future<Output = T> + Send,
) -> Result<T, AuthorityError> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| AuthorityError::Runtime(e.to_string()))?;
            Ok(rt.block_on(f))
        })
        .join()
        .unwrap_or_else(|_| {
            Err(AuthorityError::Runtime(
                "the backend client thread panicked".into(),
            ))
        })
    })
}

/// The number for a ticket about to be issued, or `None` when the local store decides (standalone mode, or a
/// replayed idempotency key).
pub fn remote_number(
    cfg: &Config,
    store: &mut Store,
    spec: &IssueSpec<'_>,
) -> Result<Option<RemoteNumber>, AuthorityError> {
    if cfg.backend.mode != BackendMode::Remote {
        return Ok(None);
    }
    let Some(url) = cfg.backend.url.as_ref() else {
        return Ok(None);
    };
    if let Some(key) = spec.idempotency_key {
        if store.ticket_by_idempotency_key(key)?.is_some() {
            return Ok(None);
        }
    }
    let ticket_id = uuid::Uuid::new_v4().to_string();
    let client = BackendClient::new(url, &cfg.backend.token, ONLINE_TIMEOUT)
        .map_err(|e| AuthorityError::Runtime(e.to_string()))?;
    let low = store.lease_remaining(spec.service, spec.local_date)? < LEASE_LOW_WATER;
    let need_identity = store.backend_identity(url.as_str())?.is_none();
    let req = IssueRequest {
        idempotency_key: spec
            .idempotency_key
            .map_or_else(|| ticket_id.clone(), str::to_string),
        ticket_id: ticket_id.clone(),
        service: spec.service.to_string(),
        prefix: spec.prefix,
        day: spec.local_date,
        priority: spec.priority.map(|(code, _)| code.to_string()),
        issued_at: spec.now.fixed_offset(),
        lease_size: low.then_some(LEASE_SIZE),
    };
    let answer = block_on(async {
        let identity = if need_identity {
            Some(client.whoami().await)
        } else {
            None
        };
        (identity, client.issue(&req).await)
    })?;
    let (identity, issued) = answer;
    if let Some(Ok(me)) = identity {
        store.set_backend_identity(
            &BackendIdentity {
                device_id: me.device_id,
                slot: me.slot,
            },
            url.as_str(),
            spec.now,
        )?;
    }
    match issued {
        Ok(resp) => {
            if let Some(lease) = &resp.lease {
                store.add_lease(lease, spec.now)?;
            }
            tracing::info!(event = "ticket_numbered", origin = "online", number = %resp.ticket.number);
            Ok(Some(RemoteNumber {
                ticket_id: resp.ticket.id,
                seq: resp.ticket.seq,
                number: resp.ticket.number,
                origin: TicketOrigin::Online,
            }))
        }
        Err(e @ ClientError::Unauthorized { .. }) => {
            Err(AuthorityError::Unauthorized(e.to_string()))
        }
        Err(e @ (ClientError::Refused { .. } | ClientError::BadResponse(_))) => {
            Err(AuthorityError::Refused(e.to_string()))
        }
        Err(e) => {
            tracing::warn!(event = "backend_unreachable", error = %e, "issuing from the local lease");
            offline_number(store, url.as_str(), spec, ticket_id, spec.now)
        }
    }
}

/// Offline: the next lease number, else the overflow series.
pub fn offline_number(
    store: &mut Store,
    backend_url: &str,
    spec: &IssueSpec<'_>,
    ticket_id: String,
    now: DateTime<Utc>,
) -> Result<Option<RemoteNumber>, AuthorityError> {
    let _ = now;
    if let Some(seq) = store.take_lease_number(spec.service, spec.local_date)? {
        tracing::info!(event = "ticket_numbered", origin = "lease", seq);
        return Ok(Some(RemoteNumber {
            ticket_id,
            seq,
            number: sequence_number(spec.prefix, seq),
            origin: TicketOrigin::Lease,
        }));
    }
    let Some(me) = store.backend_identity(backend_url)? else {
        return Err(AuthorityError::NeverOnline);
    };
    let n = store.take_overflow_number(spec.service, spec.local_date)?;
    tracing::warn!(
        event = "lease_exhausted",
        service = spec.service,
        n,
        "offline and the lease is used up: overflow number"
    );
    Ok(Some(RemoteNumber {
        ticket_id,
        seq: n,
        number: overflow_number(spec.prefix, me.slot, n),
        origin: TicketOrigin::Overflow,
    }))
}
