//! Benchmark: tap-to-ticket — durable commit (one SQLite transaction, WAL, synchronous=FULL) plus the ESC/POS
//! bytes of the printed ticket ready, printer excluded — over N issuances (default 1,000) in a fresh store.
//!
//! `cargo run --release --bin bench-ticket [-- N [DIR]]` prints p50, p90, p99 and max in milliseconds.
//! Target: p99 ≤ 15 ms on a 2-core machine. DIR (default: a new directory under the system temp dir) must be on
//! the disk the kiosk uses for the figure to mean anything.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::Utc;
use court_kiosk::ticketing::{TicketRequest, Ticketing};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn run() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = match args.next() {
        Some(s) => s
            .parse()
            .map_err(|_| anyhow::anyhow!("N: {s:?} is not a whole number of issuances"))?,
        None => 1000,
    };
    anyhow::ensure!(n > 0, "N must be at least 1");
    let dir = match args.next() {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("bench-ticket-{}", uuid::Uuid::new_v4())),
    };
    let mut cfg = court_kiosk::config::from_texts(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    cfg.storage.data_dir = dir.clone();
    let services: Vec<String> = cfg
        .services
        .iter()
        .filter(|s| s.enabled)
        .map(|s| s.code.clone())
        .collect();
    let mut ticketing = Ticketing::open(&cfg)?;
    let mut times = Vec::with_capacity(n);
    let mut bytes = 0usize;
    for i in 0..n {
        let req = TicketRequest {
            service: services[i % services.len()].clone(),
            idempotency_key: Some(format!("bench-{i}")),
            ..TicketRequest::default()
        };
        let start = Instant::now();
        let outcome = ticketing.commit(&req, Utc::now())?;
        let job = ticketing.render(&outcome)?;
        times.push(start.elapsed());
        bytes += job.len();
    }
    times.sort();
    println!(
        "bench-ticket: {n} issuances (commit + ESC/POS, profile {}), store {}",
        ticketing.profile().name,
        ticketing.store().path().display()
    );
    println!(
        "tap-to-ticket p50 {}  p90 {}  p99 {}  max {}  (avg job {} bytes; target p99 <= 15 ms)",
        ms(percentile(&times, 50.0)),
        ms(percentile(&times, 90.0)),
        ms(percentile(&times, 99.0)),
        ms(times[n - 1]),
        bytes / n
    );
    drop(ticketing);
    if std::env::args().nth(2).is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
