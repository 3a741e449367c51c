//! `court-backend`: serve the kiosk API, manage device tokens, list the day's tickets, publish documents.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use court_backend::store::DocKind;
use court_backend::{AnyStore, AppState, Store};

#[derive(Parser, Debug)]
#[command(
    name = "court-backend",
    version,
    about = "Court backend the kiosks sync to"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the kiosk API (/api/v1) until SIGINT or SIGTERM.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080 or 0.0.0.0:8080.
        #[arg(long, value_name = "ADDR")]
        listen: SocketAddr,
        #[command(flatten)]
        db: DbArg,
        /// The court's time zone (IANA name): decides "today" for the day's counters.
        #[arg(
            long = "time-zone",
            default_value = "Asia/Shanghai",
            value_name = "ZONE"
        )]
        time_zone: String,
    },
    /// Register or revoke kiosks.
    #[command(subcommand)]
    Device(DeviceCmd),
    /// The tickets of one court-local day.
    Tickets {
        #[command(flatten)]
        db: DbArg,
        /// The day, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Print a JSON array (id, number, service, kiosk_id, issued_at, …).
        #[arg(long)]
        json: bool,
    },
    /// Publish a document the kiosks pull: a configuration layer or the holiday calendar (TOML).
    Publish {
        /// config | calendar
        kind: String,
        /// The file to publish.
        #[arg(long, value_name = "PATH")]
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(clap::Args, Debug)]
struct DbArg {
    /// The database: sqlite:PATH (one lobby) or postgres://USER@HOST:PORT/DB.
    #[arg(long, value_name = "URL")]
    db: String,
}

#[derive(Subcommand, Debug)]
enum DeviceCmd {
    /// Register a kiosk and print its new bearer token (shown once; only its hash is stored).
    Add {
        kiosk_id: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Revoke a kiosk's token: every further call with it gets 401.
    Revoke {
        kiosk_id: String,
        #[command(flatten)]
        db: DbArg,
    },
}

fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn open(db: &DbArg) -> anyhow::Result<AnyStore> {
    AnyStore::open(&db.db)
        .await
        .with_context(|| "cannot open the database given by --db")
}

fn now(zone: chrono_tz::Tz) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Utc::now().with_timezone(&zone).fixed_offset()
}

async fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    let shanghai = chrono_tz::Asia::Shanghai;
    match cmd {
        Command::Serve {
            listen,
            db,
            time_zone,
        } => {
            let zone: chrono_tz::Tz = time_zone
                .parse()
                .map_err(|_| anyhow!("--time-zone {time_zone:?} is not accepted; accepted: an IANA zone such as Asia/Shanghai"))?;
            let store = open(&db).await?;
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            tracing::info!(address = %listen, engine = store.engine(), "court-backend serving /api/v1");
            court_backend::serve(
                listener,
                AppState {
                    store,
                    time_zone: zone,
                },
                shutdown_signal(),
            )
            .await
            .context("the server stopped with an error")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Device(DeviceCmd::Add { kiosk_id, db }) => {
            court_core::sync_api::check_ident("KIOSK_ID", &kiosk_id)?;
            let store = open(&db).await?;
            let token = court_backend::token::new_token();
            let device = store
                .add_device(
                    kiosk_id,
                    court_backend::token::hash_token(&token),
                    now(shanghai),
                )
                .await?;
            println!(
                "device {} registered (slot {}); its bearer token follows, shown only this once:",
                device.id, device.slot
            );
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Device(DeviceCmd::Revoke { kiosk_id, db }) => {
            let store = open(&db).await?;
            if store.revoke_device(kiosk_id.clone(), now(shanghai)).await? {
                println!("device {kiosk_id} revoked");
                Ok(ExitCode::SUCCESS)
            } else {
                bail!("no device {kiosk_id:?} in this database")
            }
        }
        Command::Tickets { db, date, json } => {
            let day: NaiveDate = date.parse().map_err(|_| {
                anyhow!("--date {date:?} is not accepted; accepted: a date as YYYY-MM-DD")
            })?;
            let store = open(&db).await?;
            let tickets = store.tickets_on(day).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&tickets)?);
            } else {
                for t in &tickets {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        t.number,
                        t.service,
                        t.kiosk_id,
                        t.origin.as_str(),
                        t.issued_at
                    );
                }
                println!("{} ticket(s) on {day}", tickets.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Publish { kind, file, db } => {
            let kind = match kind.as_str() {
                "config" => DocKind::Config,
                "calendar" => DocKind::Calendar,
                other => bail!("{other:?} is not a document kind; accepted: config, calendar"),
            };
            let content = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            content
                .parse::<toml::Table>()
                .map_err(|e| anyhow!("{} is not valid TOML: {}", file.display(), e.message()))?;
            let store = open(&db).await?;
            let p = store.publish(kind, content, now(shanghai)).await?;
            println!("published {} revision {}", kind.as_str(), p.revision);
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
