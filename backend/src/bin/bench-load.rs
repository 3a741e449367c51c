//! Load benchmark: N concurrent simulated kiosks issue tickets online over loopback HTTP against a real server
//! (in-process, 127.0.0.1:0) on SQLite or PostgreSQL, then the day's tickets are read back and checked.
//! Prints throughput, p50/p99/max latency and duplicates (must be 0). Bounded: it stops after
//! `--kiosks × --per-kiosk` requests.
//!
//!   cargo run --release -p court-backend --bin bench-load -- [--db sqlite:/tmp/x.db | --db postgres://…]
//!       [--kiosks 50] [--per-kiosk 400] [--services 8]

use std::collections::HashSet;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use chrono::Utc;
use court_backend::store::Store;
use court_backend::token::{hash_token, new_token};
use court_backend::{AnyStore, AppState};
use court_core::sync_api::{IssueRequest, IssueResponse};

const SERVICES: &[(&str, char)] = &[
    ("guidance", 'A'),
    ("filing", 'B'),
    ("judicial-aid", 'C'),
    ("consultation", 'D'),
    ("post-judgment", 'E'),
    ("enforcement", 'F'),
    ("fees", 'G'),
    ("complaint", 'H'),
];

struct Opts {
    db: Option<String>,
    kiosks: usize,
    per_kiosk: usize,
    services: usize,
}

fn parse_args() -> anyhow::Result<Opts> {
    let mut o = Opts {
        db: None,
        kiosks: 50,
        per_kiosk: 400,
        services: 8,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--db" => o.db = Some(val()?),
            "--kiosks" => o.kiosks = val()?.parse().context("--kiosks: accepted: a whole number")?,
            "--per-kiosk" => o.per_kiosk = val()?.parse().context("--per-kiosk: accepted: a whole number")?,
            "--services" => o.services = val()?.parse().context("--services: accepted: 1 to 8")?,
            other => bail!("unknown argument {other:?}; accepted: --db URL, --kiosks N, --per-kiosk N, --services N"),
        }
    }
    if o.services == 0 || o.services > SERVICES.len() || o.kiosks == 0 || o.per_kiosk == 0 {
        bail!("--kiosks and --per-kiosk must be at least 1, --services 1 to 8");
    }
    Ok(o)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn main() -> anyhow::Result<()> {
    let o = parse_args()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(o))
}

async fn run(o: Opts) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let url =
        o.db.clone()
            .unwrap_or_else(|| format!("sqlite:{}", dir.join("bench.db").display()));
    let zone = chrono_tz::Asia::Shanghai;
    let now = || Utc::now().with_timezone(&zone).fixed_offset();
    let today = Utc::now().with_timezone(&zone).date_naive();
    let run_id = uuid::Uuid::new_v4().simple().to_string();
    let admin = AnyStore::open(&url).await.context("open the database")?;
    let engine = admin.engine();
    let mut tokens = Vec::new();
    for k in 0..o.kiosks {
        let t = new_token();
        admin
            .add_device(format!("bench-{}-{k}", &run_id[..8]), hash_token(&t), now())
            .await?;
        tokens.push(t);
    }
    let before: HashSet<String> = admin
        .tickets_on(today)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();

    let store = AnyStore::open(&url).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(court_backend::serve(
        listener,
        AppState {
            store,
            time_zone: zone,
        },
        async move {
            let _ = stop_rx.await;
        },
    ));

    let endpoint = format!("http://{addr}/api/v1/tickets/issue");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (k, token) in tokens.into_iter().enumerate() {
        let endpoint = endpoint.clone();
        let run_id = run_id.clone();
        let (service, prefix) = SERVICES[k % o.services];
        let per = o.per_kiosk;
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()?;
            let mut lat = Vec::with_capacity(per);
            let mut errors = 0usize;
            for i in 0..per {
                let id = format!("{run_id}-{k}-{i}");
                let req = IssueRequest {
                    idempotency_key: id.clone(),
                    ticket_id: id,
                    service: service.into(),
                    prefix,
                    day: today,
                    priority: None,
                    issued_at: Utc::now().with_timezone(&zone).fixed_offset(),
                    lease_size: None,
                };
                let t0 = Instant::now();
                let r = client
                    .post(&endpoint)
                    .bearer_auth(&token)
                    .json(&req)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        let _: IssueResponse = r.json().await?;
                        lat.push(t0.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            anyhow::Ok((lat, errors))
        }));
    }
    let mut lat = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await??;
        lat.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    let _ = stop_tx.send(());
    let _ = server.await;

    let after = admin.tickets_on(today).await?;
    let mine: Vec<_> = after.iter().filter(|t| !before.contains(&t.id)).collect();
    let mut seen = HashSet::new();
    let mut duplicates = 0usize;
    for t in after.iter() {
        if !seen.insert((t.service.clone(), t.number.clone())) {
            duplicates += 1;
        }
    }
    lat.sort_unstable();
    let ok = lat.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "bench-load: engine={engine} kiosks={} requests={} services={}",
        o.kiosks,
        o.kiosks * o.per_kiosk,
        o.services
    );
    println!(
        "  ok={ok} errors={errors} stored={} duplicates={duplicates}",
        mine.len()
    );
    println!(
        "  elapsed={:.2}s throughput={:.0} tickets/s",
        elapsed.as_secs_f64(),
        ok as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  latency p50={:.2}ms p99={:.2}ms max={:.2}ms",
        ms(percentile(&lat, 0.50)),
        ms(percentile(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or_default())
    );
    if duplicates > 0 || mine.len() != ok || errors > 0 {
        bail!(
            "FAILED: duplicates={duplicates} stored={} ok={ok} errors={errors}",
            mine.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let d = std::env::temp_dir().join(format!("court-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}
