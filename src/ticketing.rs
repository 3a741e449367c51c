//! Queue ticketing: the ONE code path shared by `court-kiosk ticket issue` and the touch flow.
//!
//! issue (one durable SQLite transaction) → build the ticket receipt → render ESC/POS → print → record
//! printed/print_error. A ticket whose printing failed stays valid: the failure is logged, the `printer`
//! maintenance flag is raised, and until the printer reports good status again no printing is attempted
//! (the screen shows the number and QR large instead).

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use court_printer::{Align, JobResult, Profile, Receipt, TransportError};
use serde::Serialize;

use crate::config::Config;
use crate::store::{IssueSpec, Store, StoreError, Ticket};

/// The maintenance flag raised when a ticket did not print.
pub const PRINTER_FLAG: &str = "printer";
/// The one privacy line of every ticket.
pub const PRIVACY_LINE: &str = "本票不记载任何个人信息 No personal data on this ticket";

/// The court's local date of `now_utc`: THE place where "today" is decided for the queue (numbering restarts
/// each local day in the court's configured zone, never the machine's).
pub fn local_today(now_utc: DateTime<Utc>, zone: chrono_tz::Tz) -> NaiveDate {
    court_core::queue::local_date(now_utc, &zone)
}

#[derive(Debug, thiserror::Error)]
pub enum TicketingError {
    #[error("unknown service {given:?}; accepted service codes: {accepted}")]
    UnknownService { given: String, accepted: String },
    #[error("service {given:?} is not offered at the moment (disabled in configuration); accepted service codes: {accepted}")]
    ServiceDisabled { given: String, accepted: String },
    #[error("unknown priority class {given:?}; accepted priority classes: {accepted}")]
    UnknownPriority { given: String, accepted: String },
    #[error("--appointment: {0}")]
    BadAppointment(court_core::queue::QueueError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Remote mode (issue 6): the backend refused the kiosk or the ticket could not be numbered safely.
    #[error(transparent)]
    Remote(#[from] crate::sync::authority::AuthorityError),
    #[error("printer profile: {0}")]
    Profile(#[from] court_printer::ProfileError),
    #[error("cannot render the ticket: {0}")]
    Render(#[from] court_printer::RenderError),
}

impl TicketingError {
    /// Whether the request itself was wrong (bad service or priority code): the CLI exits 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            TicketingError::UnknownService { .. }
                | TicketingError::ServiceDisabled { .. }
                | TicketingError::UnknownPriority { .. }
                | TicketingError::BadAppointment(_)
                | TicketingError::Store(StoreError::IdempotencyConflict { .. })
        )
    }
}

/// What the person asked for.
#[derive(Debug, Clone, Default)]
pub struct TicketRequest {
    pub service: String,
    /// 绿色通道 class code (asked by the kiosk, verified by staff at the window).
    pub priority: Option<String>,
    /// 预约 code the person checked in with.
    pub appointment_code: Option<String>,
    /// Same key → same ticket (a double tap, a retried request).
    pub idempotency_key: Option<String>,
}

/// Where printed bytes go: the printer subsystem's transports ([`UriPrinter`]); tests use fakes.
pub trait TicketPrinter {
    /// Sends one job and says what became of it.
    fn print(&mut self, job: &[u8], profile: &Profile) -> JobResult;
    /// `Ok` when the printer reports it can print now (paper, cover, online), else why not. Used to clear the
    /// maintenance flag.
    fn ready(&mut self) -> Result<(), String>;
}

/// The result of one issuance, as the CLI and the ticket screen show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedTicket {
    pub id: String,
    pub number: String,
    pub service: String,
    pub ahead: u32,
    pub estimated_wait_min: u32,
    pub issued_at: String,
    pub printed: bool,
    pub print_error: Option<String>,
}

impl From<&Ticket> for IssuedTicket {
    fn from(t: &Ticket) -> Self {
        IssuedTicket {
            id: t.id.clone(),
            number: t.number.clone(),
            service: t.service.clone(),
            ahead: t.ahead,
            estimated_wait_min: t.estimated_wait_min,
            issued_at: t.issued_at.clone(),
            printed: t.printed,
            print_error: t.print_error.clone(),
        }
    }
}

/// One issuance in full: what the screen needs beyond the JSON row.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ticket: Ticket,
    /// The status page address encoded in the QR.
    pub qr_url: String,
    /// True when the idempotency key had already produced this ticket.
    pub replayed: bool,
    /// What became of the print job (`None`: not sent — committed only, or a replay of a printed ticket).
    pub print: Option<JobResult>,
}

impl Outcome {
    pub fn row(&self) -> IssuedTicket {
        IssuedTicket::from(&self.ticket)
    }
}

/// The ticketing service over an open store.
pub struct Ticketing<'c> {
    cfg: &'c Config,
    store: Store,
    profile: Profile,
}

impl<'c> Ticketing<'c> {
    /// Opens the local store in the configured data directory (creating it) and the configured printer profile.
    pub fn open(cfg: &'c Config) -> Result<Self, TicketingError> {
        let store = Store::open_in(&cfg.storage.data_dir)?;
        Self::with_store(cfg, store)
    }

    pub fn with_store(cfg: &'c Config, store: Store) -> Result<Self, TicketingError> {
        let profile = Profile::load_embedded(&cfg.printer.profile)?;
        Ok(Ticketing {
            cfg,
            store,
            profile,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Durable step only: commits the ticket (or finds the one with the same key). No printing.
    pub fn commit(
        &mut self,
        req: &TicketRequest,
        now: DateTime<Utc>,
    ) -> Result<Outcome, TicketingError> {
        let spec = spec(self.cfg, req, now)?;
        // Issue 6 (remote mode): the court backend or this kiosk's lease numbers the ticket (src/sync/authority.rs).
        let remote = crate::sync::authority::remote_number(self.cfg, &mut self.store, &spec)?;
        let issued = self.store.issue_with(&spec, remote.as_ref())?;
        let qr_url = self.qr_url(&issued.ticket.id);
        Ok(Outcome {
            ticket: issued.ticket,
            qr_url,
            replayed: issued.replayed,
            print: None,
        })
    }

    /// The QR address of a ticket: the configured base plus the ticket id.
    pub fn qr_url(&self, id: &str) -> String {
        format!("{}{}", self.cfg.queue.ticket_url_base, id)
    }

    /// The ESC/POS job of a ticket for the configured printer profile.
    pub fn render(&self, outcome: &Outcome) -> Result<Vec<u8>, TicketingError> {
        let receipt = ticket_receipt(self.cfg, &outcome.ticket, &outcome.qr_url);
        Ok(court_printer::render(&receipt, &self.profile)?)
    }

    /// Whether printed tickets are offered now: true unless the printer flag is raised and the printer still is
    /// not ready. A ready printer clears the flag.
    pub fn printing_available(
        &mut self,
        printer: &mut dyn TicketPrinter,
        now: DateTime<Utc>,
    ) -> bool {
        match self.store.flag(PRINTER_FLAG) {
            Ok(None) => true,
            Ok(Some(_)) => match printer.ready() {
                Ok(()) => {
                    if let Err(e) = self.store.clear_flag(PRINTER_FLAG) {
                        tracing::error!(error = %e, "cannot clear the printer maintenance flag");
                    }
                    tracing::info!(
                        event = "printer_recovered",
                        "printer reports good status; printed tickets offered again"
                    );
                    true
                }
                Err(why) => {
                    let _ = self.store.raise_flag(PRINTER_FLAG, &why, now);
                    false
                }
            },
            Err(e) => {
                tracing::error!(error = %e, "cannot read the maintenance flags");
                true
            }
        }
    }

    /// The whole path: commit, then print (unless printing is suspended, or this is a replay of a ticket that
    /// already printed — a double tap gives one paper), then record the outcome.
    pub fn issue(
        &mut self,
        req: &TicketRequest,
        printer: &mut dyn TicketPrinter,
        now: DateTime<Utc>,
    ) -> Result<Outcome, TicketingError> {
        let mut outcome = self.commit(req, now)?;
        if outcome.replayed && outcome.ticket.printed {
            return Ok(outcome);
        }
        let result = if self.printing_available(printer, now) {
            match self.render(&outcome) {
                Ok(job) => printer.print(&job, &self.profile),
                Err(e) => JobResult::Failed {
                    reason: e.to_string(),
                },
            }
        } else {
            let why = self
                .store
                .flag(PRINTER_FLAG)
                .ok()
                .flatten()
                .map(|f| f.message)
                .unwrap_or_default();
            JobResult::Failed {
                reason: format!("printing suspended until the printer reports good status ({why})"),
            }
        };
        let (printed, error) = match &result {
            JobResult::Printed | JobResult::Previewed { .. } => (true, None),
            // Written where nothing can tell whether it printed (file:, dev:): not shown as printed, not a fault.
            JobResult::Unconfirmed { .. } => (false, None),
            JobResult::Failed { reason } => (false, Some(reason.clone())),
        };
        let (number, service) = (&outcome.ticket.number, &outcome.ticket.service);
        match &error {
            None => {
                tracing::info!(event = "ticket_print", %number, %service, result = result.word())
            }
            Some(why) => {
                tracing::warn!(
                    event = "ticket_print_failed",
                    %number,
                    %service,
                    error = %why,
                    "the ticket is valid but did not print; staff alerted (maintenance flag 'printer')"
                );
                self.store.raise_flag(PRINTER_FLAG, why, now)?;
            }
        }
        self.store
            .record_print(&outcome.ticket.id, printed, error.as_deref())?;
        outcome.ticket.printed = printed;
        outcome.ticket.print_error = error;
        outcome.print = Some(result);
        Ok(outcome)
    }

    /// How many wait for each service today (court-local day of `now`).
    pub fn waiting_counts(&self, now: DateTime<Utc>) -> Result<Vec<(String, u32)>, TicketingError> {
        Ok(self
            .store
            .waiting_counts(local_today(now, self.cfg.court.time_zone))?)
    }

    /// The tickets of a local day (today in the court's zone when `date` is `None`).
    pub fn list(
        &self,
        date: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Ticket>, TicketingError> {
        let date = date.unwrap_or_else(|| local_today(now, self.cfg.court.time_zone));
        Ok(self.store.tickets_on(date)?)
    }
}

/// Checks the request against the configuration; the resulting spec borrows from both.
fn spec<'a>(
    cfg: &'a Config,
    req: &'a TicketRequest,
    now: DateTime<Utc>,
) -> Result<IssueSpec<'a>, TicketingError> {
    let accepted_services = || {
        cfg.services
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let service = cfg
        .service(&req.service)
        .ok_or_else(|| TicketingError::UnknownService {
            given: req.service.clone(),
            accepted: accepted_services(),
        })?;
    if !service.enabled {
        return Err(TicketingError::ServiceDisabled {
            given: req.service.clone(),
            accepted: accepted_services(),
        });
    }
    let priority = match &req.priority {
        None => None,
        Some(code) => {
            let class = cfg
                .queue
                .priority
                .iter()
                .find(|p| &p.code == code)
                .ok_or_else(|| TicketingError::UnknownPriority {
                    given: code.clone(),
                    accepted: cfg
                        .queue
                        .priority
                        .iter()
                        .map(|p| p.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            Some((class.code.as_str(), class.weight))
        }
    };
    if let Some(code) = &req.appointment_code {
        court_core::queue::check_appointment_code(code).map_err(TicketingError::BadAppointment)?;
    }
    Ok(IssueSpec {
        service: &service.code,
        prefix: service.prefix,
        priority,
        appointment_code: req.appointment_code.as_deref(),
        idempotency_key: req.idempotency_key.as_deref(),
        local_date: local_today(now, cfg.court.time_zone),
        now,
        kiosk_id: &cfg.kiosk.id,
        windows_open: cfg.queue.windows_open,
        history_window: cfg.queue.history_window,
        avg_minutes: service.avg_minutes,
    })
}

/// The printed ticket. Court name, service, the number (largest), people ahead, estimated wait, issue time (court
/// local time), QR to the status page, and one privacy line. Nothing about the person is printed.
pub fn ticket_receipt(cfg: &Config, ticket: &Ticket, qr_url: &str) -> Receipt {
    let service = cfg.service(&ticket.service);
    let service_name = service.map_or(ticket.service.clone(), |s| s.name.clone());
    let service_en = service.map_or(String::new(), |s| s.name_en.clone());
    let issued = DateTime::parse_from_rfc3339(&ticket.issued_at)
        .map(|t| {
            t.with_timezone(&cfg.court.time_zone)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| ticket.issued_at.clone());
    let mut r = Receipt::new()
        .styled(cfg.court.name.clone(), Align::Center, true, 1, 2)
        .text_centered("排队凭条 Queue ticket")
        .separator()
        .styled(service_name, Align::Center, true, 2, 2);
    if !service_en.is_empty() {
        r = r.text_centered(service_en);
    }
    r = r.styled(ticket.number.clone(), Align::Center, true, 4, 4);
    if let Some(code) = &ticket.priority {
        let name = cfg
            .queue
            .priority
            .iter()
            .find(|p| &p.code == code)
            .map_or(code.as_str(), |p| p.name.as_str());
        r = r.text_centered(format!("绿色通道：{name}（请向窗口出示证明）"));
    }
    r.separator()
        .kv("前面等候 Ahead", format!("{} 人", ticket.ahead))
        .kv(
            "预计等候 Est. wait",
            format!("约 {} 分钟", ticket.estimated_wait_min),
        )
        .kv("取号时间 Issued", issued)
        .qr(qr_url.to_string())
        .text_centered("扫码查看排队进度 Scan to follow the queue")
        .styled("请留意叫号", Align::Center, true, 1, 1)
        .text_centered("过号请到服务台重新取号")
        .separator()
        .text_centered(PRIVACY_LINE)
        .feed(2)
        .cut()
}

/// The printer named by a URI (`--printer` or `printer.uri`) through the printer subsystem; relative
/// `file:`/`preview:` paths are resolved against the data directory.
pub struct UriPrinter {
    uri: String,
    base_dir: PathBuf,
}

impl UriPrinter {
    pub fn new(uri: &str, data_dir: &Path) -> Self {
        UriPrinter {
            uri: uri.to_string(),
            base_dir: data_dir.to_path_buf(),
        }
    }

    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl TicketPrinter for UriPrinter {
    fn print(&mut self, job: &[u8], profile: &Profile) -> JobResult {
        court_printer::print_job(&self.uri, Some(&self.base_dir), profile, job)
    }

    fn ready(&mut self) -> Result<(), String> {
        match court_printer::query_status(&self.uri, Some(&self.base_dir)) {
            Ok(status) => status.problem().map_or(Ok(()), Err),
            // A printer without read-back (dev:) cannot say; the next job will tell.
            Err(TransportError::NoReadBack { .. }) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
