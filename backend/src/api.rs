//! The HTTP API (`/api/v1`, JSON). Every route is declared once, in [`routes!`], which both builds the router and
//! lists the routes in [`ROUTES`] (the OpenAPI test compares that list with `backend/openapi.yaml`).
//!
//! Errors are always JSON `{code, message}`: malformed JSON, a wrong content type, a missing field → 400/415/422;
//! a body over [`MAX_BODY_BYTES`] → 413; no, unknown or revoked token → 401; an unknown route → 404.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use court_core::sync_api::{
    ApiError, Health, IssueRequest, IssueResponse, Lease, LeaseRequest, Published, RecordBody,
    SyncBatch, SyncBatchResponse, WaitingCounts, WhoAmI, MAX_BATCH_RECORDS, MAX_BODY_BYTES,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::store::{AnyStore, DbError, Device, DocKind, PreparedRecord, Store};
use crate::token::hash_token;

/// What every handler shares.
pub struct AppState {
    pub store: AnyStore,
    /// The court's time zone: "today" for day checks and the time stamps the server writes.
    pub time_zone: chrono_tz::Tz,
}

impl AppState {
    pub fn now(&self) -> DateTime<FixedOffset> {
        Utc::now().with_timezone(&self.time_zone).fixed_offset()
    }

    fn today(&self) -> NaiveDate {
        Utc::now().with_timezone(&self.time_zone).date_naive()
    }

    /// Online issuance and leases serve the server's court-local day and one day either side (a kiosk clock a few
    /// minutes off around midnight must not fail).
    fn check_day(&self, day: NaiveDate) -> Result<(), AppError> {
        let today = self.today();
        if (day - today).num_days().abs() > 1 {
            return Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_day",
                format!("day {day} is not accepted; accepted: the court-local day {today} or one day either side"),
            ));
        }
        Ok(())
    }
}

type Shared = Arc<AppState>;

/// An error answer: status plus `{code, message}`.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiError,
}

impl AppError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            body: ApiError {
                code: code.to_string(),
                message: message.into(),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> AppError {
        match e {
            DbError::Conflict { code, message } => {
                AppError::new(StatusCode::CONFLICT, code, message)
            }
            DbError::Invalid { code, message } => {
                AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
            }
            DbError::NotFound(m) => AppError::new(StatusCode::NOT_FOUND, "not_found", m),
            DbError::Unavailable(m) => {
                tracing::error!(error = %m, "database unavailable");
                AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "the database cannot be reached; retry later",
                )
            }
            e @ (DbError::Internal(_) | DbError::BadUrl(_)) => {
                tracing::error!(error = %e, "database error");
                AppError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the server could not complete the request",
                )
            }
        }
    }
}

impl From<court_core::sync_api::WireError> for AppError {
    fn from(e: court_core::sync_api::WireError) -> AppError {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            e.to_string(),
        )
    }
}

/// `Json<T>` whose rejections are JSON errors.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

fn json_rejection(rej: JsonRejection) -> AppError {
    let status = rej.status();
    let code = match &rej {
        JsonRejection::JsonDataError(_) => "invalid_body",
        JsonRejection::JsonSyntaxError(_) => "malformed_json",
        JsonRejection::MissingJsonContentType(_) => "wrong_content_type",
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        _ => "bad_body",
    };
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!("the request body is larger than {MAX_BODY_BYTES} bytes")
    } else {
        rej.body_text()
    };
    AppError::new(status, code, message)
}

/// `Query<T>` whose rejections are JSON errors.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(rej @ QueryRejection::FailedToDeserializeQueryString(_)) => Err(AppError::new(
                StatusCode::BAD_REQUEST,
                "bad_query",
                rej.body_text(),
            )),
            Err(rej) => Err(AppError::new(rej.status(), "bad_query", rej.body_text())),
        }
    }
}

/// The authenticated device of a request (bearer token). Unknown or revoked tokens get 401.
pub struct Authed(pub Device);

impl FromRequestParts<Shared> for Authed {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = |m: &str| AppError::new(StatusCode::UNAUTHORIZED, "unauthorized", m);
        let header = parts.headers.get(header::AUTHORIZATION).ok_or_else(|| {
            unauthorized("missing Authorization header; accepted: Authorization: Bearer TOKEN")
        })?;
        let text = header
            .to_str()
            .map_err(|_| unauthorized("the Authorization header is not ASCII"))?;
        let token = text
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                unauthorized("the Authorization header is not accepted; accepted: Bearer TOKEN")
            })?;
        match state.store.authenticate(hash_token(token)).await? {
            Some(d) if !d.revoked => Ok(Authed(d)),
            Some(d) => {
                tracing::warn!(device = %d.id, "revoked device refused");
                Err(unauthorized("this device's token has been revoked"))
            }
            None => Err(unauthorized("unknown device token")),
        }
    }
}

async fn health(State(st): State<Shared>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        engine: st.store.engine().into(),
    })
}

async fn whoami(Authed(d): Authed) -> Json<WhoAmI> {
    Json(WhoAmI {
        device_id: d.id,
        slot: d.slot,
    })
}

/// The SHA-256 of a value's canonical JSON (serde's field order is the struct's): what "the same payload" means.
pub fn payload_hash<T: serde::Serialize>(v: &T) -> String {
    crate::token::sha256_hex(&serde_json::to_vec(v).unwrap_or_default())
}

async fn issue(
    State(st): State<Shared>,
    Authed(d): Authed,
    ApiJson(req): ApiJson<IssueRequest>,
) -> Result<Json<IssueResponse>, AppError> {
    req.check()?;
    st.check_day(req.day)?;
    // The lease size is not part of "the same request": a retry may ask for a lease or not.
    let hash = payload_hash(&IssueRequest {
        lease_size: None,
        ..req.clone()
    });
    let now = st.now();
    Ok(Json(st.store.issue(d, req, hash, now).await?))
}

async fn lease(
    State(st): State<Shared>,
    Authed(d): Authed,
    ApiJson(req): ApiJson<LeaseRequest>,
) -> Result<Json<Lease>, AppError> {
    req.check()?;
    st.check_day(req.day)?;
    let now = st.now();
    Ok(Json(st.store.grant_lease(d, req, now).await?))
}

async fn sync_batch(
    State(st): State<Shared>,
    Authed(d): Authed,
    ApiJson(batch): ApiJson<SyncBatch>,
) -> Result<Json<SyncBatchResponse>, AppError> {
    if batch.records.len() > MAX_BATCH_RECORDS {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "batch_too_large",
            format!(
                "{} records in one batch; accepted: at most {MAX_BATCH_RECORDS}",
                batch.records.len()
            ),
        ));
    }
    let mut prepared = Vec::with_capacity(batch.records.len());
    for r in batch.records {
        let RecordBody::Ticket(t) = &r.body;
        let ticket = court_core::sync_api::check_ident("idempotency_key", &r.idempotency_key)
            .and_then(|()| t.check(d.slot))
            .map(|()| t.clone())
            .map_err(|e| ("invalid_field", e.to_string()));
        prepared.push(PreparedRecord {
            idempotency_key: r.idempotency_key.clone(),
            payload_hash: payload_hash(&r.body),
            ticket,
        });
    }
    let now = st.now();
    let results = st.store.accept_batch(d, prepared, now).await?;
    Ok(Json(SyncBatchResponse { results }))
}

async fn config_doc(
    State(st): State<Shared>,
    Authed(_): Authed,
) -> Result<Json<Published>, AppError> {
    Ok(Json(st.store.published(DocKind::Config).await?))
}

async fn calendar_doc(
    State(st): State<Shared>,
    Authed(_): Authed,
) -> Result<Json<Published>, AppError> {
    Ok(Json(st.store.published(DocKind::Calendar).await?))
}

#[derive(Deserialize)]
struct DayQuery {
    day: Option<NaiveDate>,
}

async fn waiting(
    State(st): State<Shared>,
    Authed(_): Authed,
    ApiQuery(q): ApiQuery<DayQuery>,
) -> Result<Json<WaitingCounts>, AppError> {
    let day = q.day.unwrap_or_else(|| st.today());
    Ok(Json(st.store.waiting(day).await?))
}

async fn not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; the API lives under /api/v1 (see openapi.yaml)",
    )
}

async fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method",
    )
}

macro_rules! routes {
    ($( $method:ident $path:literal => $handler:ident ),* $(,)?) => {
        /// Every route of the API: (method, path). Built by the same macro as the router.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn api_routes() -> Router<Shared> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

routes! {
    get "/api/v1/health" => health,
    get "/api/v1/whoami" => whoami,
    post "/api/v1/tickets/issue" => issue,
    post "/api/v1/leases" => lease,
    post "/api/v1/sync/batch" => sync_batch,
    get "/api/v1/config" => config_doc,
    get "/api/v1/calendar" => calendar_doc,
    get "/api/v1/waiting" => waiting,
}

/// The whole application: routes, JSON fallbacks, the body limit.
pub fn router(state: AppState) -> Router {
    api_routes()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(Arc::new(state))
}
