//! Shared by the backend's integration tests: the engines to run against (SQLite always; PostgreSQL when
//! `COURT_TEST_POSTGRES_URL` is set, one fresh database per test) and a real server on 127.0.0.1:0.
#![allow(dead_code)]

use std::net::SocketAddr;

use chrono::{FixedOffset, NaiveDate, Utc};
use court_backend::store::{AnyStore, Store};
use court_backend::token::{hash_token, new_token};
use court_backend::AppState;
use tokio::sync::oneshot;

pub struct Engine {
    pub name: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// SQLite in a temp dir, and PostgreSQL when `COURT_TEST_POSTGRES_URL` names a server (a fresh database each time).
pub async fn engines() -> Vec<Engine> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut out = vec![Engine {
        name: "sqlite",
        url: format!("sqlite:{}", dir.path().join("court.db").display()),
        _dir: Some(dir),
    }];
    if let Ok(admin) = std::env::var("COURT_TEST_POSTGRES_URL") {
        if !admin.trim().is_empty() {
            out.push(Engine {
                name: "postgres",
                url: fresh_pg_database(admin.trim()).await,
                _dir: None,
            });
        }
    }
    out
}

async fn fresh_pg_database(admin: &str) -> String {
    let (client, conn) = tokio_postgres::connect(admin, tokio_postgres::NoTls)
        .await
        .expect("connect to COURT_TEST_POSTGRES_URL");
    tokio::spawn(conn);
    let name = format!("court_test_{}", uuid::Uuid::new_v4().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    // Replace the database name (the URL's path), keeping any query string.
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..host_end])
}

pub fn now() -> chrono::DateTime<FixedOffset> {
    Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .fixed_offset()
}

pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
}

/// Registers a device through the data layer (as `court-backend device add` does) and returns its token.
pub async fn add_device(url: &str, id: &str) -> String {
    let store = AnyStore::open(url).await.expect("open store");
    let token = new_token();
    store
        .add_device(id.into(), hash_token(&token), now())
        .await
        .expect("add device");
    token
}

pub async fn revoke(url: &str, id: &str) {
    let store = AnyStore::open(url).await.expect("open store");
    assert!(store.revoke_device(id.into(), now()).await.expect("revoke"));
}

/// A real server on 127.0.0.1:0 until dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    pub async fn start(url: &str) -> Server {
        let store = AnyStore::open(url).await.expect("open store");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        let state = AppState {
            store,
            time_zone: chrono_tz::Asia::Shanghai,
        };
        let task = tokio::spawn(async move {
            let _ = court_backend::serve(listener, state, async move {
                let _ = rx.await;
            })
            .await;
        });
        Server {
            addr,
            stop: Some(tx),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}
