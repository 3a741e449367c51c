//! The HTTP client of the court backend's API (`/api/v1`, see `backend/openapi.yaml`). Async (reqwest); the wire
//! types are `court_core::sync_api`. Errors say whether a retry can help ([`ClientError::is_transient`]).

use std::time::Duration;

use chrono::NaiveDate;
use court_core::sync_api::{
    ApiError, IssueRequest, IssueResponse, Lease, LeaseRequest, Published, SyncBatch,
    SyncBatchResponse, SyncRecord, WaitingCounts, WhoAmI,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// No answer: connection refused, timed out, reset.
    #[error("the court backend is unreachable: {0}")]
    Unreachable(String),
    /// 401: the device token is unknown or revoked.
    #[error("the court backend refused this kiosk's device token (401 {code}: {message}); ask staff to check `court-backend device add`/`revoke`")]
    Unauthorized { code: String, message: String },
    /// Another 4xx: the request itself is refused; repeating it will not help.
    #[error("the court backend refused the request ({status} {code}: {message})")]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    /// 5xx: the server is in trouble; a retry later may work.
    #[error("the court backend failed ({status} {code}: {message})")]
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// An answer we cannot read.
    #[error("the court backend's answer is not readable: {0}")]
    BadResponse(String),
}

impl ClientError {
    /// Whether a later retry can succeed (unreachable, timeouts, 5xx).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable(_) | ClientError::Server { .. }
        )
    }
}

/// One backend: base URL and the device token.
#[derive(Clone)]
pub struct BackendClient {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl BackendClient {
    /// `timeout` bounds each whole request (connect included).
    pub fn new(
        base: &url::Url,
        token: &str,
        timeout: Duration,
    ) -> Result<BackendClient, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(1)))
            .build()
            .map_err(|e| ClientError::Unreachable(format!("cannot build the HTTP client: {e}")))?;
        Ok(BackendClient {
            base: base.as_str().trim_end_matches('/').to_string(),
            token: token.to_string(),
            http,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    async fn answer<T: DeserializeOwned>(
        r: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<T, ClientError> {
        let r = r.map_err(|e| ClientError::Unreachable(without_url(&e)))?;
        let status = r.status();
        if status.is_success() {
            return r.json::<T>().await.map_err(|e| {
                if e.is_timeout() || e.is_body() {
                    ClientError::Unreachable(without_url(&e))
                } else {
                    ClientError::BadResponse(without_url(&e))
                }
            });
        }
        let text = r.text().await.unwrap_or_default();
        let err = serde_json::from_str::<ApiError>(&text).unwrap_or_else(|_| ApiError {
            code: "http_error".into(),
            message: text.chars().take(200).collect(),
        });
        let s = status.as_u16();
        Err(match s {
            401 => ClientError::Unauthorized {
                code: err.code,
                message: err.message,
            },
            500..=599 => ClientError::Server {
                status: s,
                code: err.code,
                message: err.message,
            },
            _ => ClientError::Refused {
                status: s,
                code: err.code,
                message: err.message,
            },
        })
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        Self::answer(
            self.http
                .get(self.url(path))
                .bearer_auth(&self.token)
                .send()
                .await,
        )
        .await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        Self::answer(
            self.http
                .post(self.url(path))
                .bearer_auth(&self.token)
                .json(body)
                .send()
                .await,
        )
        .await
    }

    pub async fn whoami(&self) -> Result<WhoAmI, ClientError> {
        self.get("/whoami").await
    }

    pub async fn issue(&self, req: &IssueRequest) -> Result<IssueResponse, ClientError> {
        self.post("/tickets/issue", req).await
    }

    pub async fn lease(
        &self,
        service: &str,
        day: NaiveDate,
        size: u32,
    ) -> Result<Lease, ClientError> {
        self.post(
            "/leases",
            &LeaseRequest {
                service: service.to_string(),
                day,
                size,
            },
        )
        .await
    }

    pub async fn send_batch(
        &self,
        records: Vec<SyncRecord>,
    ) -> Result<SyncBatchResponse, ClientError> {
        self.post("/sync/batch", &SyncBatch { records }).await
    }

    /// `config` or `calendar`.
    pub async fn published(&self, kind: &str) -> Result<Published, ClientError> {
        self.get(&format!("/{kind}")).await
    }

    pub async fn waiting(&self, day: NaiveDate) -> Result<WaitingCounts, ClientError> {
        self.get(&format!("/waiting?day={day}")).await
    }
}

/// reqwest's message without the URL (which could carry a path the court considers internal).
fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else if e.is_body() || e.is_decode() {
        "bad or cut response body"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}
