//! `court-kiosk ticket issue|list` and `court-kiosk services`: queue tickets from the command line, through the
//! same code path as the touch flow (`crate::ticketing`).
//!
//! Contracts (`--json`):
//! - `ticket issue --service CODE [--priority CLASS] [--idempotency-key KEY] [--printer URI] --json` →
//!   `{"id","number","service","ahead","estimated_wait_min","issued_at","printed","print_error"}`
//! - `ticket list [--date YYYY-MM-DD] --json` → an array of those objects for the court-local day
//! - `services --json` → the configured services with their codes
//!
//! An unknown service or priority class is a usage error: exit 2 with the accepted codes.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::ticketing::{self, IssuedTicket, TicketRequest, Ticketing, TicketingError};

#[derive(clap::Subcommand, Debug)]
pub enum Args {
    /// Issue a queue ticket and print it.
    Issue(IssueArgs),
    /// List the tickets of a day (today in the court's time zone by default).
    List(ListArgs),
    /// Test aid for the crash test: issue COUNT tickets in one process, one line per committed ticket.
    #[command(hide = true)]
    IssueLoop(LoopArgs),
}

#[derive(clap::Args, Debug)]
pub struct IssueArgs {
    /// The service code (see `court-kiosk services`), e.g. filing.
    #[arg(long, value_name = "CODE")]
    service: String,
    /// A 绿色通道 priority class code (senior, disabled, military, pregnant in the default configuration).
    #[arg(long, value_name = "CLASS")]
    priority: Option<String>,
    /// Repeating a request with the same key returns the same ticket instead of a new one.
    #[arg(long = "idempotency-key", value_name = "KEY")]
    idempotency_key: Option<String>,
    /// A 预约 appointment code the person checked in with.
    #[arg(long, value_name = "CODE")]
    appointment: Option<String>,
    /// Printer URI (overrides printer.uri); relative file:/preview: paths are inside the data directory.
    #[arg(long, value_name = "URI")]
    printer: Option<String>,
    /// Print the ticket as JSON.
    #[arg(long)]
    json: bool,
    /// Test aid: issue as if the time were this RFC 3339 instant.
    #[arg(long, hide = true, value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// The court-local day, YYYY-MM-DD (default: today in court.time_zone).
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Print the tickets as a JSON array.
    #[arg(long)]
    json: bool,
    /// Test aid: "today" as of this RFC 3339 instant.
    #[arg(long, hide = true, value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,
}

#[derive(clap::Args, Debug)]
pub struct LoopArgs {
    #[arg(long)]
    service: String,
    #[arg(long)]
    count: u32,
    /// Print each ticket to this URI too (default: render only, no printer).
    #[arg(long)]
    printer: Option<String>,
    #[arg(long, value_parser = parse_instant)]
    now: Option<DateTime<Utc>>,
}

#[derive(clap::Args, Debug)]
pub struct ServicesArgs {
    /// Print the services as a JSON array.
    #[arg(long)]
    json: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date; accepted: YYYY-MM-DD"))
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!("{s:?} is not an RFC 3339 instant; accepted e.g. 2026-03-01T08:30:00Z")
        })
}

pub fn run(a: Args, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let cfg = ctx.config()?;
    match a {
        Args::Issue(a) => issue(a, &cfg),
        Args::List(a) => list(a, &cfg),
        Args::IssueLoop(a) => issue_loop(a, &cfg),
    }
}

/// A usage error (bad code): the message on stderr, exit 2.
fn usage(e: &TicketingError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

fn issue(a: IssueArgs, cfg: &crate::config::Config) -> anyhow::Result<ExitCode> {
    let mut service = Ticketing::open(cfg).context("cannot open the ticket store")?;
    let uri = a.printer.as_deref().unwrap_or(&cfg.printer.uri);
    let mut printer = ticketing::UriPrinter::new(uri, &cfg.storage.data_dir);
    let req = TicketRequest {
        service: a.service,
        priority: a.priority,
        appointment_code: a.appointment,
        idempotency_key: a.idempotency_key,
    };
    let now = a.now.unwrap_or_else(Utc::now);
    let outcome = match service.issue(&req, &mut printer, now) {
        Ok(o) => o,
        Err(e) if e.is_usage() => return Ok(usage(&e)),
        Err(e) => return Err(e).context("cannot issue the ticket"),
    };
    let row = outcome.row();
    if a.json {
        println!("{}", serde_json::to_string(&row)?);
    } else {
        println!("{}", human(&row));
        if outcome.replayed {
            println!("(the same request was made before: this is the ticket it gave)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn human(t: &IssuedTicket) -> String {
    let print = match &t.print_error {
        None if t.printed => "printed".to_string(),
        None => "not printed".to_string(),
        Some(e) => format!("NOT PRINTED: {e}"),
    };
    format!(
        "{}  {}  ahead {}  ~{} min  issued {}  {}  id {}",
        t.number, t.service, t.ahead, t.estimated_wait_min, t.issued_at, print, t.id
    )
}

fn list(a: ListArgs, cfg: &crate::config::Config) -> anyhow::Result<ExitCode> {
    let service = Ticketing::open(cfg).context("cannot open the ticket store")?;
    let now = a.now.unwrap_or_else(Utc::now);
    let rows: Vec<IssuedTicket> = service
        .list(a.date, now)?
        .iter()
        .map(IssuedTicket::from)
        .collect();
    if a.json {
        println!("{}", serde_json::to_string(&rows)?);
    } else if rows.is_empty() {
        println!("no tickets");
    } else {
        for r in &rows {
            println!("{}", human(r));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Issues `count` tickets; after each commit prints `committed <id> <number>` and flushes, so a parent that
/// kills this process knows exactly which tickets were durably committed.
fn issue_loop(a: LoopArgs, cfg: &crate::config::Config) -> anyhow::Result<ExitCode> {
    let mut service = Ticketing::open(cfg).context("cannot open the ticket store")?;
    let mut printer = a
        .printer
        .as_deref()
        .map(|uri| ticketing::UriPrinter::new(uri, &cfg.storage.data_dir));
    let stdout = std::io::stdout();
    for _ in 0..a.count {
        let req = TicketRequest {
            service: a.service.clone(),
            ..TicketRequest::default()
        };
        let now = a.now.unwrap_or_else(Utc::now);
        let outcome = match printer.as_mut() {
            Some(p) => service.issue(&req, p, now),
            None => service
                .commit(&req, now)
                .and_then(|o| service.render(&o).map(|_| o)),
        };
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) if e.is_usage() => return Ok(usage(&e)),
            Err(e) => return Err(e).context("cannot issue the ticket"),
        };
        let mut out = stdout.lock();
        writeln!(
            out,
            "committed {} {}",
            outcome.ticket.id, outcome.ticket.number
        )?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ServiceRow<'a> {
    code: &'a str,
    name: &'a str,
    name_en: &'a str,
    prefix: String,
    enabled: bool,
    avg_minutes: u32,
}

pub fn run_services(a: ServicesArgs, ctx: &super::Context) -> anyhow::Result<ExitCode> {
    let cfg = ctx.config()?;
    let rows: Vec<ServiceRow<'_>> = cfg
        .services
        .iter()
        .map(|s| ServiceRow {
            code: &s.code,
            name: &s.name,
            name_en: &s.name_en,
            prefix: s.prefix.to_string(),
            enabled: s.enabled,
            avg_minutes: s.avg_minutes,
        })
        .collect();
    if a.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        for r in &rows {
            let off = if r.enabled { "" } else { "  (disabled)" };
            println!(
                "{:<14} {}  {}  {}{off}",
                r.code, r.prefix, r.name, r.name_en
            );
        }
        let classes: Vec<&str> = cfg.queue.priority.iter().map(|p| p.code.as_str()).collect();
        println!("priority classes (--priority): {}", classes.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
