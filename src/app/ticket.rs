//! 取号 on the touch screen: choose the service → optional 绿色通道 (asked here, verified by staff) → optional 预约
//! code → 确认取号 → the ticket screen. Issuing goes through `crate::ticketing::Ticketing::issue`, the same path as
//! `court-kiosk ticket issue`: durable commit, then print; a failed print leaves the ticket valid and the screen
//! shows the number and QR large with 请拍照保存或联系工作人员.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::{Rc, Weak};

use chrono::DateTime;
use slint::{ComponentHandle, Image, ModelRc, Rgb8Pixel, SharedPixelBuffer, VecModel};

use super::{AppWindow, Lang, PriorityChoice, Shell, TicketAdapter, TicketServiceTile};
use crate::config::Config;
use crate::ticketing::{Outcome, TicketRequest, Ticketing, TicketingError, UriPrinter};

/// The longest appointment code the keypad takes.
const CODE_MAX: usize = 12;

/// What the person has chosen so far. Cleared on 首页, on idle reset and after each ticket.
#[derive(Default)]
struct Choice {
    service: Option<String>,
    priority: Option<String>,
    code: String,
    entering_code: bool,
    /// One key per confirmed request: a double tap on 确认取号 gets the same ticket, printed once.
    key: Option<String>,
}

/// The flow's state. `sandbox` (screenshots) issues into a scratch data directory instead of the kiosk's own.
#[derive(Default)]
pub struct TicketFlow {
    choice: RefCell<Choice>,
    sandbox: RefCell<Option<Sandbox>>,
}

struct Sandbox {
    data_dir: PathBuf,
    printer_uri: String,
}

thread_local! {
    static FLOW: RefCell<Weak<TicketFlow>> = const { RefCell::new(Weak::new()) };
}

pub fn install(shell: &Rc<Shell>, ui: &AppWindow) {
    let flow = Rc::new(TicketFlow::default());
    FLOW.with(|f| *f.borrow_mut() = Rc::downgrade(&flow));
    let a = ui.global::<TicketAdapter>();

    let on = |f: fn(&TicketFlow, &Shell, &AppWindow, &str)| {
        let (s, w, fl) = (Rc::downgrade(shell), ui.as_weak(), flow.clone());
        move |arg: slint::SharedString| {
            if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
                f(&fl, &s, &ui, arg.as_str());
            }
        }
    };
    a.on_choose(on(|fl, s, ui, code| fl.choose(s, ui, code)));
    a.on_choose_priority(on(|fl, _, ui, code| fl.choose_priority(ui, code)));
    a.on_key(on(|fl, _, ui, k| fl.key(ui, k)));
    let on0 = |f: fn(&TicketFlow, &Shell, &AppWindow)| {
        let (s, w, fl) = (Rc::downgrade(shell), ui.as_weak(), flow.clone());
        move || {
            if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
                f(&fl, &s, &ui);
            }
        }
    };
    a.on_start_appointment(on0(|fl, _, ui| fl.start_appointment(ui)));
    a.on_confirm(on0(|fl, s, ui| fl.confirm(s, ui)));
    a.on_done(on0(|_, s, ui| s.go_home(ui)));

    let (s, fl) = (Rc::downgrade(shell), flow.clone());
    shell.set_take_ticket(move |ui, service| {
        if let Some(s) = s.upgrade() {
            fl.start(&s, ui, service);
        }
    });
    // Staff see the printer flag on the maintenance view (raised when a ticket did not print).
    let cfg = shell.config().clone();
    shell.add_status_source(move || vec![printer_status(&cfg)]);
    let fl = flow.clone();
    shell.on_reset(move |ui| fl.reset(ui));
    let (s, fl) = (Rc::downgrade(shell), flow);
    shell.on_refresh(move |ui| {
        if let Some(s) = s.upgrade() {
            fl.refresh(&s, ui);
        }
    });
}

impl TicketFlow {
    /// The configuration the flow issues with (the kiosk's own, or the screenshot sandbox).
    fn config(&self, shell: &Shell) -> Config {
        let mut cfg = shell.config().clone();
        if let Some(sb) = self.sandbox.borrow().as_ref() {
            cfg.storage.data_dir = sb.data_dir.clone();
            cfg.printer.uri = sb.printer_uri.clone();
        }
        cfg
    }

    /// 取号 pressed (home, or a service screen with its service): fresh choice, then the service list or, for a
    /// given service, its options.
    pub fn start(&self, shell: &Shell, ui: &AppWindow, service: Option<&str>) {
        *self.choice.borrow_mut() = Choice::default();
        self.fill_services(shell, ui);
        shell.navigate(ui, "ticket-services");
        if let Some(code) = service.filter(|c| shell.config().service(c).is_some_and(|s| s.enabled))
        {
            self.choose(shell, ui, code);
        }
    }

    fn fill_services(&self, shell: &Shell, ui: &AppWindow) {
        let cfg = self.config(shell);
        let lang = shell.lang(ui);
        let now = shell.now();
        let (counts, printing) = match Ticketing::open(&cfg) {
            Ok(mut t) => {
                let counts = t.waiting_counts(now).unwrap_or_default();
                let mut printer = UriPrinter::new(&cfg.printer.uri, &cfg.storage.data_dir);
                (counts, t.printing_available(&mut printer, now))
            }
            Err(e) => {
                tracing::error!(error = %e, "the ticket store cannot be opened");
                (Vec::new(), true)
            }
        };
        let tiles: Vec<TicketServiceTile> = cfg
            .services
            .iter()
            .filter(|s| s.enabled)
            .map(|s| {
                let waiting = counts
                    .iter()
                    .find(|(c, _)| c == &s.code)
                    .map_or(0, |(_, n)| *n);
                TicketServiceTile {
                    code: s.code.as_str().into(),
                    title: lang.pick(&s.name, &s.name_en).into(),
                    subtitle: match lang {
                        Lang::Zh => format!("等候 {waiting} 人"),
                        Lang::En => format!("{waiting} waiting"),
                    }
                    .into(),
                }
            })
            .collect();
        let a = ui.global::<TicketAdapter>();
        a.set_services(ModelRc::new(VecModel::from(tiles)));
        a.set_printer_notice(if printing {
            "".into()
        } else {
            lang.pick(
                "打印机暂停服务：取号后号码显示在屏幕上，请拍照保存。",
                "The printer is out of service: your number will be shown on screen — please take a photo of it.",
            )
            .into()
        });
    }

    fn choose(&self, shell: &Shell, ui: &AppWindow, code: &str) {
        let Some(service) = shell.config().service(code).filter(|s| s.enabled) else {
            tracing::warn!(service = code, "a service that is not offered was chosen");
            return;
        };
        {
            let mut c = self.choice.borrow_mut();
            *c = Choice {
                service: Some(service.code.clone()),
                key: Some(uuid::Uuid::new_v4().to_string()),
                ..Choice::default()
            };
        }
        self.fill_options(shell, ui);
        shell.navigate(ui, "ticket-options");
    }

    fn fill_options(&self, shell: &Shell, ui: &AppWindow) {
        let lang = shell.lang(ui);
        let cfg = shell.config();
        let c = self.choice.borrow();
        let a = ui.global::<TicketAdapter>();
        if let Some(svc) = c.service.as_deref().and_then(|code| cfg.service(code)) {
            a.set_service_title(lang.pick(&svc.name, &svc.name_en).into());
        }
        let priorities: Vec<PriorityChoice> = cfg
            .queue
            .priority
            .iter()
            .map(|p| PriorityChoice {
                code: p.code.as_str().into(),
                label: lang.pick(&p.name, &p.name_en).into(),
            })
            .collect();
        a.set_priorities(ModelRc::new(VecModel::from(priorities)));
        a.set_chosen_priority(c.priority.clone().unwrap_or_default().into());
        a.set_entering_code(c.entering_code);
        a.set_appointment_code(c.code.as_str().into());
        a.set_error("".into());
    }

    fn choose_priority(&self, ui: &AppWindow, code: &str) {
        let mut c = self.choice.borrow_mut();
        c.priority = (!code.is_empty()).then(|| code.to_string());
        ui.global::<TicketAdapter>()
            .set_chosen_priority(code.into());
    }

    fn start_appointment(&self, ui: &AppWindow) {
        self.choice.borrow_mut().entering_code = true;
        ui.global::<TicketAdapter>().set_entering_code(true);
    }

    fn key(&self, ui: &AppWindow, k: &str) {
        let mut c = self.choice.borrow_mut();
        match k {
            "del" => {
                c.code.pop();
            }
            "clear" => c.code.clear(),
            d if d.len() == 1
                && d.chars().all(|ch| ch.is_ascii_digit())
                && c.code.len() < CODE_MAX =>
            {
                c.code.push_str(d)
            }
            _ => {}
        }
        let a = ui.global::<TicketAdapter>();
        a.set_appointment_code(c.code.as_str().into());
        a.set_error("".into());
    }

    /// 确认取号: issue through the shared path, then show the ticket.
    fn confirm(&self, shell: &Shell, ui: &AppWindow) {
        let lang = shell.lang(ui);
        let req = {
            let c = self.choice.borrow();
            let Some(service) = c.service.clone() else {
                return;
            };
            TicketRequest {
                service,
                priority: c.priority.clone(),
                appointment_code: (!c.code.is_empty()).then(|| c.code.clone()),
                idempotency_key: c.key.clone(),
            }
        };
        let cfg = self.config(shell);
        let now = shell.now();
        let result = Ticketing::open(&cfg).and_then(|mut t| {
            let mut printer = UriPrinter::new(&cfg.printer.uri, &cfg.storage.data_dir);
            t.issue(&req, &mut printer, now)
        });
        match result {
            Ok(outcome) => {
                self.show_issued(&cfg, ui, lang, &outcome);
                *self.choice.borrow_mut() = Choice::default();
                shell.navigate(ui, "ticket-issued");
            }
            Err(TicketingError::BadAppointment(_)) => {
                let (min, max) = (
                    court_core::queue::APPOINTMENT_CODE_LEN.start(),
                    court_core::queue::APPOINTMENT_CODE_LEN.end(),
                );
                let msg = match lang {
                    Lang::Zh => format!("预约码应为 {min} 至 {max} 位数字，请核对后重新输入；没有预约码可点“清空”后直接取号。"),
                    Lang::En => format!("An appointment code has {min} to {max} digits. Please check it, or clear it to take a number without one."),
                };
                ui.global::<TicketAdapter>().set_error(msg.into());
            }
            Err(e) => {
                tracing::error!(error = %e, "a ticket could not be issued");
                let msg = lang.pick(
                    "暂时无法取号，请联系工作人员。",
                    "A number cannot be issued at the moment. Please ask the staff.",
                );
                ui.global::<TicketAdapter>().set_error(msg.into());
            }
        }
    }

    fn show_issued(&self, cfg: &Config, ui: &AppWindow, lang: Lang, o: &Outcome) {
        let t = &o.ticket;
        let a = ui.global::<TicketAdapter>();
        a.set_number(t.number.as_str().into());
        let svc = cfg.service(&t.service);
        a.set_issued_service(
            svc.map_or(t.service.as_str(), |s| lang.pick(&s.name, &s.name_en))
                .into(),
        );
        a.set_ahead(t.ahead as i32);
        a.set_wait_minutes(t.estimated_wait_min as i32);
        let time = DateTime::parse_from_rfc3339(&t.issued_at)
            .map(|d| {
                d.with_timezone(&cfg.court.time_zone)
                    .format("%H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        a.set_issued_time(time.into());
        let prio = t
            .priority
            .as_deref()
            .and_then(|code| cfg.queue.priority.iter().find(|p| p.code == code));
        a.set_priority_label(prio.map_or("", |p| lang.pick(&p.name, &p.name_en)).into());
        a.set_qr(qr_image(&o.qr_url));
        // "Unconfirmed" jobs (file:/dev: printers) are not shown as a failure: paper may well have come out.
        let failed = t.print_error.is_some();
        a.set_printed(!failed);
        a.set_print_problem(t.print_error.clone().unwrap_or_default().into());
    }

    fn reset(&self, ui: &AppWindow) {
        *self.choice.borrow_mut() = Choice::default();
        let a = ui.global::<TicketAdapter>();
        a.set_chosen_priority("".into());
        a.set_entering_code(false);
        a.set_appointment_code("".into());
        a.set_error("".into());
        a.set_number("".into());
        a.set_issued_service("".into());
        a.set_ahead(0);
        a.set_wait_minutes(0);
        a.set_issued_time("".into());
        a.set_priority_label("".into());
        a.set_qr(Image::default());
        a.set_printed(true);
        a.set_print_problem("".into());
    }

    fn refresh(&self, shell: &Shell, ui: &AppWindow) {
        let screen = ui.global::<super::AppAdapter>().get_screen();
        match screen.as_str() {
            "ticket-services" => self.fill_services(shell, ui),
            "ticket-options" => self.fill_options(shell, ui),
            _ => {}
        }
    }
}

/// The maintenance view's printer line: the raised `printer` flag, or that tickets print.
fn printer_status(cfg: &Config) -> super::maintenance::Status {
    let label = "凭条打印 Ticket printer".to_string();
    match crate::store::Store::open_in(&cfg.storage.data_dir)
        .and_then(|s| s.flag(crate::ticketing::PRINTER_FLAG))
    {
        Ok(None) => super::maintenance::Status {
            label,
            value: "正常 OK".into(),
            ok: true,
        },
        Ok(Some(f)) => super::maintenance::Status {
            label,
            value: {
                // The reason is in the log (event ticket_print_failed); the row only says since when.
                let since = DateTime::parse_from_rfc3339(&f.raised_at)
                    .map(|t| {
                        t.with_timezone(&cfg.court.time_zone)
                            .format("%H:%M")
                            .to_string()
                    })
                    .unwrap_or_default();
                format!("暂停 suspended {since}")
            },
            ok: false,
        },
        Err(e) => {
            tracing::error!(error = %e, "cannot read the printer maintenance flag");
            super::maintenance::Status {
                label,
                value: "? store error".into(),
                ok: false,
            }
        }
    }
}

/// The QR of the ticket's status page as a picture (black on white, 4-module quiet zone).
fn qr_image(url: &str) -> Image {
    let Ok(bmp) = court_printer::raster::qr(url, 8) else {
        return Image::default();
    };
    let mut buf = SharedPixelBuffer::<Rgb8Pixel>::new(bmp.width, bmp.height);
    let width = bmp.width;
    for (i, px) in buf.make_mut_slice().iter_mut().enumerate() {
        let (x, y) = ((i as u32) % width, (i as u32) / width);
        let v = if bmp.get(x, y) { 0 } else { 255 };
        *px = Rgb8Pixel { r: v, g: v, b: v };
    }
    Image::from_rgb8(buf)
}

/// Screenshots issue into a scratch data directory (never the kiosk's own queue), with a `preview:` printer —
/// or, for `failing_printer`, one that cannot print.
fn sandbox(failing_printer: bool) {
    let dir = std::env::temp_dir().join(format!("court-kiosk-screenshot-{}", uuid::Uuid::new_v4()));
    let printer_uri = if failing_printer {
        "tcp://127.0.0.1:9".to_string()
    } else {
        "preview:preview".to_string()
    };
    FLOW.with(|f| {
        if let Some(flow) = f.borrow().upgrade() {
            *flow.sandbox.borrow_mut() = Some(Sandbox {
                data_dir: dir,
                printer_uri,
            });
        }
    });
}

/// `screenshot --screen ticket-services`.
pub fn prepare_services(shell: &Rc<Shell>, ui: &AppWindow) {
    sandbox(false);
    shell.take_ticket(ui, None);
}

/// `screenshot --screen ticket-options`: filing, 绿色通道 chosen.
pub fn prepare_options(shell: &Rc<Shell>, ui: &AppWindow) {
    sandbox(false);
    shell.take_ticket(ui, None);
    let a = ui.global::<TicketAdapter>();
    a.invoke_choose("filing".into());
    a.invoke_choose_priority("senior".into());
}

/// `screenshot --screen ticket-issued`: a filing ticket, printed to the preview printer.
pub fn prepare_issued(shell: &Rc<Shell>, ui: &AppWindow) {
    prepare_issued_with(shell, ui, false);
}

/// `screenshot --screen ticket-print-failed`: the same when the printer fails.
pub fn prepare_print_failed(shell: &Rc<Shell>, ui: &AppWindow) {
    prepare_issued_with(shell, ui, true);
}

fn prepare_issued_with(shell: &Rc<Shell>, ui: &AppWindow, failing: bool) {
    sandbox(failing);
    shell.take_ticket(ui, None);
    let a = ui.global::<TicketAdapter>();
    a.invoke_choose("filing".into());
    a.invoke_confirm();
}
