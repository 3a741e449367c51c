//! Fault tests of remote mode (issue 6): kiosks (the real ticketing path and sync client, each with its own data
//! directory) against a real court-backend on 127.0.0.1 — an outage while 500 tickets are issued by 3 kiosks, the
//! same batch replayed, a revoked kiosk, the server killed in the middle of a batch. Every test runs on SQLite, and
//! on PostgreSQL too when `COURT_TEST_POSTGRES_URL` is set.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use court_backend::store::Store as _;
use court_backend::{AnyStore, AppState};
use court_core::sync_api::{ServerTicket, TicketOrigin};
use court_kiosk::config::Config;
use court_kiosk::sync::{SyncError, SyncReport};
use court_kiosk::ticketing::{TicketRequest, Ticketing, TicketingError};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// SQLite always; PostgreSQL (a fresh database) when `COURT_TEST_POSTGRES_URL` is set.
fn engines(dir: &Path) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        "sqlite",
        format!("sqlite:{}", dir.join("court.db").display()),
    )];
    if let Ok(admin) = std::env::var("COURT_TEST_POSTGRES_URL") {
        if !admin.trim().is_empty() {
            let name = format!("court_fault_{}", uuid::Uuid::new_v4().simple());
            rt().block_on(async {
                let (c, conn) = tokio_postgres::connect(admin.trim(), tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                tokio::spawn(conn);
                c.batch_execute(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create database");
            });
            let base = admin.trim().split('?').next().unwrap_or_default();
            let cut = base
                .rfind('/')
                .filter(|&i| i > "postgres://".len())
                .unwrap_or(base.len());
            out.push(("postgres", format!("{}/{name}", &base[..cut])));
        }
    }
    out
}

/// The backend in its own runtime on a fixed port; `kill` drops every task and connection at once.
struct Backend {
    db: String,
    addr: SocketAddr,
    rt: Option<tokio::runtime::Runtime>,
}

impl Backend {
    fn start(db: &str, port: u16) -> Backend {
        let rt = rt();
        let addr = rt.block_on(async {
            let store = AnyStore::open(db).await.expect("open backend store");
            // A killed server's socket may take a moment to close: retry the bind for up to 10 s.
            let mut tries = 0;
            let listener = loop {
                let sock = tokio::net::TcpSocket::new_v4().expect("socket");
                sock.set_reuseaddr(true).expect("reuseaddr");
                match sock
                    .bind(SocketAddr::from(([127, 0, 0, 1], port)))
                    .and_then(|()| sock.listen(128))
                {
                    Ok(l) => break l,
                    Err(e) if tries < 100 => {
                        tries += 1;
                        let _ = e;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Err(e) => panic!("cannot bind 127.0.0.1:{port}: {e}"),
                }
            };
            let addr = listener.local_addr().expect("addr");
            let state = AppState {
                store,
                time_zone: chrono_tz::Asia::Shanghai,
            };
            tokio::spawn(court_backend::serve(
                listener,
                state,
                std::future::pending(),
            ));
            addr
        });
        Backend {
            db: db.to_string(),
            addr,
            rt: Some(rt),
        }
    }

    fn kill(&mut self) {
        if let Some(rt) = self.rt.take() {
            // Drops every task (connections, requests in flight) without waiting; callable from async code too.
            rt.shutdown_background();
        }
    }

    fn restart(&mut self) {
        self.kill();
        *self = Backend::start(&self.db.clone(), self.addr.port());
    }

    fn tickets(&self) -> Vec<ServerTicket> {
        let today = Utc::now()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive();
        rt().block_on(async {
            AnyStore::open(&self.db)
                .await
                .expect("open")
                .tickets_on(today)
                .await
                .expect("tickets")
        })
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.kill();
    }
}

fn add_device(db: &str, id: &str) -> String {
    rt().block_on(async {
        let store = AnyStore::open(db).await.expect("open");
        let token = court_backend::token::new_token();
        let now = Utc::now().fixed_offset();
        store
            .add_device(id.into(), court_backend::token::hash_token(&token), now)
            .await
            .expect("add device");
        token
    })
}

fn revoke(db: &str, id: &str) {
    rt().block_on(async {
        let store = AnyStore::open(db).await.expect("open");
        assert!(store
            .revoke_device(id.into(), Utc::now().fixed_offset())
            .await
            .expect("revoke"));
    });
}

/// A kiosk: its configuration (remote mode, its own data directory).
fn kiosk(dir: &Path, name: &str, backend: SocketAddr, token: &str) -> Config {
    let data: PathBuf = dir.join(name);
    let text = format!(
        "[kiosk]\nid = \"{name}\"\n[backend]\nmode = \"remote\"\nurl = \"http://{backend}\"\ntoken = \"{token}\"\n"
    );
    court_kiosk::config::from_texts(Some((name, &text)))
        .map(|mut c| {
            c.storage.data_dir = data;
            c
        })
        .expect("kiosk config")
}

fn issue(cfg: &Config, n: usize) -> Result<Vec<String>, TicketingError> {
    let mut t = Ticketing::open(cfg)?;
    let mut numbers = Vec::new();
    for _ in 0..n {
        let req = TicketRequest {
            service: "filing".into(),
            ..TicketRequest::default()
        };
        // The durable step of the one issuing path (printing is not what these tests are about).
        numbers.push(t.commit(&req, Utc::now())?.ticket.number);
    }
    Ok(numbers)
}

fn sync(cfg: &Config) -> Result<SyncReport, SyncError> {
    rt().block_on(court_kiosk::sync::sync_once(cfg))
}

fn assert_unique(tickets: &[ServerTicket], what: &str) {
    let numbers: HashSet<(&str, &str)> = tickets
        .iter()
        .map(|t| (t.service.as_str(), t.number.as_str()))
        .collect();
    let ids: HashSet<&str> = tickets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        numbers.len(),
        tickets.len(),
        "{what}: a number was stored twice"
    );
    assert_eq!(
        ids.len(),
        tickets.len(),
        "{what}: a ticket id was stored twice"
    );
}

#[test]
fn outage_while_three_kiosks_issue_500_tickets_then_exact_catch_up() {
    let dir = tempfile::tempdir().expect("tmp");
    for (engine, db) in engines(dir.path()) {
        let tokens: Vec<String> = (1..=3).map(|i| add_device(&db, &format!("K{i}"))).collect();
        let mut server = Backend::start(&db, 0);
        let kiosks: Vec<Config> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                kiosk(
                    &dir.path().join(engine),
                    &format!("K{}", i + 1),
                    server.addr,
                    t,
                )
            })
            .collect();
        for k in &kiosks {
            issue(k, 2).expect("online issue");
        }
        assert_eq!(
            server.tickets().len(),
            6,
            "{engine}: online tickets are recorded at issue time"
        );
        server.kill();
        // 500 tickets during the outage, the three kiosks at once: leases first, then each kiosk's overflow series.
        let per = [167, 167, 166];
        let offline: Vec<Vec<String>> = std::thread::scope(|s| {
            let handles: Vec<_> = kiosks
                .iter()
                .zip(per)
                .map(|(k, n)| s.spawn(move || issue(k, n).expect("offline issue")))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("kiosk thread"))
                .collect()
        });
        let all_offline: Vec<&String> = offline.iter().flatten().collect();
        assert_eq!(all_offline.len(), 500);
        assert_eq!(
            all_offline.iter().collect::<HashSet<_>>().len(),
            500,
            "{engine}: offline numbers collide"
        );
        assert!(
            all_offline.iter().any(|n| n.contains('-')),
            "{engine}: the lease should run out into overflow"
        );
        // While the server is down a sync keeps everything.
        assert!(
            matches!(sync(&kiosks[0]), Err(SyncError::Backend(_))),
            "{engine}"
        );
        server.restart();
        let mut sent = 0;
        for k in &kiosks {
            let r = sync(k).expect("sync after restart");
            assert_eq!(r.pending, 0, "{engine}");
            sent += r.sent;
        }
        assert_eq!(sent, 500, "{engine}: every offline ticket sent once");
        let stored = server.tickets();
        assert_eq!(stored.len(), 506, "{engine}");
        assert_unique(&stored, engine);
        let origins: HashSet<TicketOrigin> = stored.iter().map(|t| t.origin).collect();
        assert_eq!(
            origins.len(),
            3,
            "{engine}: online, lease and overflow tickets all present"
        );
        // A second round sends nothing and changes nothing.
        for k in &kiosks {
            assert_eq!(sync(k).expect("second sync").sent, 0, "{engine}");
        }
        assert_eq!(server.tickets().len(), 506, "{engine}");
    }
}

#[test]
fn the_same_batch_replayed_is_stored_once() {
    let dir = tempfile::tempdir().expect("tmp");
    for (engine, db) in engines(dir.path()) {
        let token = add_device(&db, "K1");
        let mut server = Backend::start(&db, 0);
        let k = kiosk(&dir.path().join(engine), "K1", server.addr, &token);
        issue(&k, 1).expect("online issue");
        server.kill();
        issue(&k, 30).expect("offline issue");
        server.restart();
        assert_eq!(sync(&k).expect("sync").sent, 30, "{engine}");
        // The acknowledgement "was lost": the kiosk believes nothing was sent and sends the whole batch again.
        let conn =
            rusqlite::Connection::open(k.storage.data_dir.join("kiosk.db")).expect("kiosk db");
        let n = conn
            .execute(
                "UPDATE outbox SET sent_at = NULL WHERE payload NOT LIKE '%\"origin\":\"online\"%'",
                [],
            )
            .expect("reset");
        assert_eq!(n, 30, "{engine}");
        let again = sync(&k).expect("replayed sync");
        assert_eq!(
            (again.sent, again.pending),
            (30, 0),
            "{engine}: duplicates are confirmed, not stored"
        );
        let stored = server.tickets();
        assert_eq!(stored.len(), 31, "{engine}");
        assert_unique(&stored, engine);
    }
}

#[test]
fn a_revoked_kiosk_gets_nothing_accepted() {
    let dir = tempfile::tempdir().expect("tmp");
    for (engine, db) in engines(dir.path()) {
        let (t1, t2) = (add_device(&db, "K1"), add_device(&db, "K2"));
        let mut server = Backend::start(&db, 0);
        let (k1, k2) = (
            kiosk(&dir.path().join(engine), "K1", server.addr, &t1),
            kiosk(&dir.path().join(engine), "K2", server.addr, &t2),
        );
        issue(&k1, 1).expect("K1 online");
        issue(&k2, 1).expect("K2 online");
        server.kill();
        issue(&k2, 3).expect("K2 offline");
        server.restart();
        revoke(&db, "K2");
        match issue(&k2, 1) {
            Err(TicketingError::Remote(
                court_kiosk::sync::authority::AuthorityError::Unauthorized(m),
            )) => {
                assert!(m.contains("401"), "{engine}: {m}")
            }
            other => panic!("{engine}: a revoked kiosk must be refused, got {other:?}"),
        }
        match sync(&k2) {
            Err(SyncError::Unauthorized(m)) => assert!(m.contains("revoked"), "{engine}: {m}"),
            other => panic!("{engine}: sync of a revoked kiosk must get 401, got {other:?}"),
        }
        let state = court_kiosk::sync::state(&k2).expect("state");
        assert_eq!(
            state.backlog, 3,
            "{engine}: the revoked kiosk's tickets stay in its outbox"
        );
        assert!(
            state.last_error.unwrap_or_default().contains("401"),
            "{engine}"
        );
        let stored = server.tickets();
        assert_eq!(
            stored.len(),
            2,
            "{engine}: only the tickets from before the revocation"
        );
        assert_eq!(sync(&k1).expect("K1 still syncs").pending, 0, "{engine}");
    }
}

/// A proxy in front of the backend that kills the server in the middle of a batch: either as soon as the batch
/// request has gone through (`on_request`: the server dies while working on it) or when the answer starts to come
/// back (the batch is committed but the kiosk never hears so).
struct KillingProxy {
    addr: SocketAddr,
    fired: Arc<AtomicBool>,
    _rt: tokio::runtime::Runtime,
}

impl KillingProxy {
    fn start(
        upstream: SocketAddr,
        on_request: bool,
        kill: Arc<dyn Fn() + Send + Sync>,
    ) -> KillingProxy {
        let rt = rt();
        let fired = Arc::new(AtomicBool::new(false));
        let f2 = fired.clone();
        let addr = rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
            let addr = listener.local_addr().expect("addr");
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                while let Ok((mut client, _)) = listener.accept().await {
                    let (fired, kill) = (f2.clone(), kill.clone());
                    tokio::spawn(async move {
                        let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else { return };
                        let mut seen = Vec::new();
                        let mut buf = vec![0u8; 64 * 1024];
                        let mut back = vec![0u8; 64 * 1024];
                        loop {
                            tokio::select! {
                                n = client.read(&mut buf) => {
                                    let Ok(n) = n else { return };
                                    if n == 0 { return; }
                                    seen.extend_from_slice(&buf[..n]);
                                    if server.write_all(&buf[..n]).await.is_err() { return; }
                                    let batch = String::from_utf8_lossy(&seen).contains("POST /api/v1/sync/batch");
                                    if on_request && batch && !fired.swap(true, Ordering::SeqCst) {
                                        kill();
                                        return;
                                    }
                                }
                                n = server.read(&mut back) => {
                                    let Ok(n) = n else { return };
                                    if n == 0 { return; }
                                    let batch = String::from_utf8_lossy(&seen).contains("POST /api/v1/sync/batch");
                                    if !on_request && batch && !fired.swap(true, Ordering::SeqCst) {
                                        kill();
                                        return;
                                    }
                                    seen.clear();
                                    if client.write_all(&back[..n]).await.is_err() { return; }
                                }
                            }
                        }
                    });
                }
            });
            addr
        });
        KillingProxy {
            addr,
            fired,
            _rt: rt,
        }
    }
}

#[test]
fn the_server_killed_mid_batch_loses_nothing_and_stores_nothing_twice() {
    let dir = tempfile::tempdir().expect("tmp");
    for (engine, db) in engines(dir.path()) {
        for on_request in [true, false] {
            let case = format!(
                "{engine}, killed {}",
                if on_request {
                    "while receiving"
                } else {
                    "before answering"
                }
            );
            let id = if on_request { "KR" } else { "KA" };
            let token = add_device(&db, id);
            let server = Arc::new(std::sync::Mutex::new(Backend::start(&db, 0)));
            let upstream = server.lock().expect("lock").addr;
            let before = server.lock().expect("lock").tickets().len();
            let k_direct = kiosk(&dir.path().join(engine), id, upstream, &token);
            issue(&k_direct, 1).expect("online issue");
            server.lock().expect("lock").kill();
            issue(&k_direct, 60).expect("offline issue");
            server.lock().expect("lock").restart();
            let killer = {
                let s = server.clone();
                Arc::new(move || {
                    if let Ok(mut b) = s.try_lock() {
                        b.kill();
                    }
                }) as Arc<dyn Fn() + Send + Sync>
            };
            let proxy = KillingProxy::start(upstream, on_request, killer);
            let via_proxy = kiosk(&dir.path().join(engine), id, proxy.addr, &token);
            let r = sync(&via_proxy);
            assert!(
                proxy.fired.load(Ordering::SeqCst),
                "{case}: the proxy did not see the batch"
            );
            assert!(matches!(r, Err(SyncError::Backend(_))), "{case}: got {r:?}");
            assert_eq!(
                court_kiosk::sync::state(&k_direct).expect("state").backlog,
                60,
                "{case}: nothing confirmed"
            );
            server.lock().expect("lock").restart();
            let r = sync(&k_direct).expect("sync after restart");
            assert_eq!((r.sent, r.pending), (60, 0), "{case}");
            let stored = server.lock().expect("lock").tickets();
            assert_eq!(stored.len(), before + 61, "{case}");
            assert_unique(&stored, &case);
        }
    }
}
