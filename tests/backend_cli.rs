//! The remote-mode CLI contracts (issue 6) through the real `court-kiosk` binary against a court-backend on
//! 127.0.0.1: `ticket issue` online then from the lease, `sync --once` printing `{"sent": N, "pending": N}` with its
//! exit codes (0 done, 2 not in remote mode, 3 token refused, 4 backend unreachable), and `sync --status`.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use chrono::Utc;
use court_backend::store::Store as _;
use court_backend::{AnyStore, AppState};
use serde_json::Value;

const KIOSK: &str = env!("CARGO_BIN_EXE_court-kiosk");

struct Backend {
    rt: Option<tokio::runtime::Runtime>,
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

impl Backend {
    fn start(db: &str, port: u16) -> (Backend, SocketAddr) {
        let rt = rt();
        let addr = rt.block_on(async {
            let store = AnyStore::open(db).await.expect("open");
            let mut tries = 0;
            let listener = loop {
                let sock = tokio::net::TcpSocket::new_v4().expect("socket");
                sock.set_reuseaddr(true).expect("reuseaddr");
                match sock
                    .bind(SocketAddr::from(([127, 0, 0, 1], port)))
                    .and_then(|()| sock.listen(64))
                {
                    Ok(l) => break l,
                    Err(_) if tries < 100 => {
                        tries += 1;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Err(e) => panic!("bind: {e}"),
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
        (Backend { rt: Some(rt) }, addr)
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

fn store_call<T>(
    db: &str,
    f: impl FnOnce(AnyStore) -> std::pin::Pin<Box<dyn std::future::Future<Output = T>>>,
) -> T {
    let rt = rt();
    rt.block_on(async { f(AnyStore::open(db).await.expect("open")).await })
}

/// Runs court-kiosk; returns (exit code, stdout JSON of the last line if any, stderr).
fn kiosk(dir: &Path, args: &[&str]) -> (i32, Option<Value>, String) {
    let out = Command::new(KIOSK)
        .args(args)
        .args(["--config", &dir.join("kiosk.toml").display().to_string()])
        .args(["--data-dir", &dir.join("data").display().to_string()])
        .output()
        .expect("run court-kiosk");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok());
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn issue(dir: &Path) -> Value {
    let printer = format!("file:{}", dir.join("ticket.bin").display());
    let (code, json, err) = kiosk(
        dir,
        &[
            "ticket",
            "issue",
            "--service",
            "filing",
            "--printer",
            &printer,
            "--json",
        ],
    );
    assert_eq!(code, 0, "ticket issue failed: {err}");
    json.expect("ticket JSON")
}

fn sync_once(dir: &Path) -> (i32, Value, String) {
    let (code, json, err) = kiosk(dir, &["sync", "--once"]);
    (code, json.unwrap_or(Value::Null), err)
}

#[test]
fn remote_mode_cli_issues_online_then_from_the_lease_and_sync_once_keeps_its_contract() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = format!("sqlite:{}", dir.path().join("court.db").display());
    let token = court_backend::token::new_token();
    let hash = court_backend::token::hash_token(&token);
    store_call(&db, |s| {
        Box::pin(async move {
            s.add_device("K1".into(), hash, Utc::now().fixed_offset())
                .await
                .expect("add");
        })
    });
    let (server, addr) = Backend::start(&db, 0);
    std::fs::write(
        dir.path().join("kiosk.toml"),
        format!("[backend]\nmode = \"remote\"\nurl = \"http://{addr}\"\ntoken = \"{token}\"\n"),
    )
    .expect("config");

    assert_eq!(
        issue(dir.path())["number"],
        "B001",
        "online: the server's first number"
    );
    drop(server);
    assert_eq!(
        issue(dir.path())["number"],
        "B002",
        "offline: the first number of the lease granted with B001"
    );

    let (code, json, err) = sync_once(dir.path());
    assert_eq!(code, 4, "unreachable backend: exit 4 ({err})");
    assert_eq!(json, serde_json::json!({"sent": 0, "pending": 1}));

    let (server, _) = Backend::start(&db, addr.port());
    let (code, json, err) = sync_once(dir.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(json, serde_json::json!({"sent": 1, "pending": 0}));
    let (code, status, _) = kiosk(dir.path(), &["sync", "--status"]);
    assert_eq!(code, 0);
    let status = status.expect("status JSON");
    assert_eq!(
        (status["backlog"].as_u64(), status["last_error"].is_null()),
        (Some(0), true),
        "{status}"
    );

    store_call(&db, |s| {
        Box::pin(async move {
            s.revoke_device("K1".into(), Utc::now().fixed_offset())
                .await
                .expect("revoke");
        })
    });
    let (code, json, err) = sync_once(dir.path());
    assert_eq!(code, 3, "revoked: exit 3");
    assert_eq!(json, serde_json::json!({"sent": 0, "pending": 0}));
    assert!(err.contains("401") && err.contains("revoked"), "{err}");
    let printer = format!("file:{}", dir.path().join("t.bin").display());
    let (code, _, err) = kiosk(
        dir.path(),
        &[
            "ticket",
            "issue",
            "--service",
            "filing",
            "--printer",
            &printer,
            "--json",
        ],
    );
    assert_ne!(code, 0, "a revoked kiosk is refused a ticket");
    assert!(err.contains("401"), "{err}");
    drop(server);

    std::fs::write(
        dir.path().join("kiosk.toml"),
        "[backend]\nmode = \"standalone\"\n",
    )
    .expect("config");
    let (code, _, err) = sync_once(dir.path());
    assert_eq!(code, 2, "standalone: exit 2 ({err})");
}
