//! Crash test (issue 5, requirement 7): tickets are issued in a loop by a child process that is killed with
//! SIGKILL at random moments, until at least 1,000 issuances were confirmed. Then: no number was given twice, every
//! ticket whose commit was confirmed (the child prints its id only after the commit returned) is in the store,
//! the day's sequence has no hole, and the counter continues after the highest committed number.

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use court_kiosk::store::Store;
use rand::Rng;

const KIOSK: &str = env!("CARGO_BIN_EXE_court-kiosk");
/// A fixed instant (10:00 in Asia/Shanghai) so that every run falls on the same court day.
const NOW: &str = "2026-03-02T02:00:00Z";
const WANT_CONFIRMED: usize = 1000;

/// `committed <id> <number>` lines of a child's output; a torn last line (no newline) is not a confirmation.
fn confirmed(out: &str) -> Vec<(String, String)> {
    let complete = match out.rfind('\n') {
        Some(i) => &out[..=i],
        None => "",
    };
    complete
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            match (w.next(), w.next(), w.next()) {
                (Some("committed"), Some(id), Some(number)) => {
                    Some((id.to_string(), number.to_string()))
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn sigkill_storm_loses_no_committed_ticket_and_reuses_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut rng = rand::thread_rng();
    let mut committed: HashMap<String, String> = HashMap::new();
    let (mut runs, mut killed) = (0u32, 0u32);
    let started = Instant::now();
    while committed.len() < WANT_CONFIRMED {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "too slow: {} confirmed after {runs} runs",
            committed.len()
        );
        let mut child = Command::new(KIOSK)
            .args([
                "ticket",
                "issue-loop",
                "--service",
                "filing",
                "--count",
                "400",
                "--now",
                NOW,
            ])
            .arg("--printer")
            .arg("file:storm.bin")
            .arg("--data-dir")
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..250)));
        if child.kill().is_ok() {
            killed += 1;
        }
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        let _ = child.wait().unwrap();
        runs += 1;
        for (id, number) in confirmed(&out) {
            assert!(
                committed.insert(id.clone(), number).is_none(),
                "id {id} confirmed twice"
            );
        }
    }
    eprintln!(
        "crash test: {} confirmed issuances in {runs} runs, {killed} killed by SIGKILL, {:.1} s",
        committed.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        killed >= 5,
        "the storm killed too few processes ({killed}) to mean anything"
    );

    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let store = Store::open_in(&data).unwrap();
    let tickets = store.tickets_on(day).unwrap();
    // Every confirmed ticket is there, with the number the child was told.
    let by_id: HashMap<&str, &str> = tickets
        .iter()
        .map(|t| (t.id.as_str(), t.number.as_str()))
        .collect();
    for (id, number) in &committed {
        assert_eq!(
            by_id.get(id.as_str()),
            Some(&number.as_str()),
            "confirmed ticket {id} ({number}) missing or changed"
        );
    }
    // No number twice; the sequence is 1..=N without a hole.
    let mut seqs: Vec<u32> = tickets.iter().map(|t| t.sequence).collect();
    seqs.sort_unstable();
    let n = seqs.len() as u32;
    assert_eq!(
        seqs,
        (1..=n).collect::<Vec<_>>(),
        "numbers must be 1..={n}, each once"
    );
    let mut numbers: Vec<&str> = tickets.iter().map(|t| t.number.as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), tickets.len(), "a number was given twice");
    // The counter stands at the highest committed number, and the next ticket continues after it.
    assert_eq!(store.last_sequence("filing", day).unwrap(), n);
    drop(store);
    let out = Command::new(KIOSK)
        .args([
            "ticket",
            "issue",
            "--service",
            "filing",
            "--json",
            "--now",
            NOW,
        ])
        .arg("--printer")
        .arg("file:last.bin")
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(last["number"], format!("B{:03}", n + 1));
}
