//! The Slint shell: navigation, language, 长辈模式, idle reset, call-staff, and one controller per screen.
//!
//! Controllers never touch widgets: they fill their view's `XxxAdapter` global and handle its callbacks. A
//! controller registers a `reset` (clear everything the user entered: called on idle reset and on 首页) and a
//! `refresh` (re-fill language-dependent data after a language switch) with the shell.

pub mod fees;
pub mod home;
pub mod idle;
pub mod maintenance;
pub mod risk;
pub mod screens;
pub mod service_info;
pub mod ticket;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Timelike, Utc};
use slint::{ComponentHandle, SharedString};

use crate::config::Config;
use idle::{IdleEvent, IdleState};

#[allow(clippy::all)]
mod generated {
    slint::include_modules!();
}
pub use generated::*;

/// The language of the session's screens and of data strings filled from Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    /// Picks the string of this language, falling back to Chinese when no English is configured.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.is_empty() => en,
            _ => zh,
        }
    }
}

/// What the shell needs from the outside world. The clock is injected so that screenshots and tests are
/// deterministic.
#[derive(Clone)]
pub struct AppEnv {
    pub config: Arc<Config>,
    pub clock: Rc<dyn Fn() -> DateTime<Utc>>,
}

type UiFn = Box<dyn Fn(&AppWindow)>;
type TicketFn = Box<dyn Fn(&AppWindow, Option<&str>)>;
type StatusFn = Box<dyn Fn() -> Vec<maintenance::Status>>;

pub struct Shell {
    ui: slint::Weak<AppWindow>,
    pub env: AppEnv,
    stack: RefCell<Vec<SharedString>>,
    idle: RefCell<IdleState>,
    resets: RefCell<Vec<UiFn>>,
    refreshes: RefCell<Vec<UiFn>>,
    take_ticket: RefCell<Option<TicketFn>>,
    status_sources: RefCell<Vec<StatusFn>>,
    staff_calls: Cell<u32>,
    timer: slint::Timer,
}

impl Shell {
    /// Wires the shell and every screen controller to `ui`. Keep the returned handle alive (it owns the timer).
    pub fn install(ui: &AppWindow, env: AppEnv) -> Rc<Shell> {
        let cfg = env.config.clone();
        let shell = Rc::new(Shell {
            ui: ui.as_weak(),
            env,
            stack: RefCell::new(Vec::new()),
            idle: RefCell::new(IdleState::new(
                cfg.kiosk.idle_timeout_s,
                cfg.kiosk.idle_warning_s,
            )),
            resets: RefCell::new(Vec::new()),
            refreshes: RefCell::new(Vec::new()),
            take_ticket: RefCell::new(None),
            status_sources: RefCell::new(Vec::new()),
            staff_calls: Cell::new(0),
            timer: slint::Timer::default(),
        });
        let app = ui.global::<AppAdapter>();
        app.set_court_name(cfg.court.name.as_str().into());
        app.set_help_desk(cfg.court.help_desk.as_str().into());
        app.set_english_available(cfg.kiosk.languages.iter().any(|l| l == "en"));
        app.set_idle_countdown(cfg.kiosk.idle_warning_s as i32);

        let s = Rc::downgrade(&shell);
        app.on_touched(move || {
            if let Some(s) = s.upgrade() {
                s.idle.borrow_mut().touch();
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_navigate(move |screen| {
            if let Some((s, ui)) = upgrade(&s) {
                s.navigate(&ui, &screen);
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_back(move || {
            if let Some((s, ui)) = upgrade(&s) {
                s.back(&ui);
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_home(move || {
            if let Some((s, ui)) = upgrade(&s) {
                s.go_home(&ui);
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_call_staff(move || {
            if let Some((s, ui)) = upgrade(&s) {
                s.call_staff(&ui);
            }
        });
        app.on_dismiss_staff_help({
            let ui = ui.as_weak();
            move || {
                if let Some(ui) = ui.upgrade() {
                    ui.global::<AppAdapter>().set_staff_help_visible(false);
                }
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_keep_using(move || {
            if let Some((s, ui)) = upgrade(&s) {
                s.idle.borrow_mut().touch();
                ui.global::<AppAdapter>().set_idle_warning_visible(false);
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_end_session(move || {
            if let Some((s, ui)) = upgrade(&s) {
                s.reset_session(&ui);
            }
        });
        let s = Rc::downgrade(&shell);
        app.on_set_language(move |lang| {
            if let Some((s, ui)) = upgrade(&s) {
                s.set_language(&ui, Lang::parse(&lang));
            }
        });
        app.on_toggle_large_text({
            let ui = ui.as_weak();
            move || {
                if let Some(ui) = ui.upgrade() {
                    let app = ui.global::<AppAdapter>();
                    app.set_large_text(!app.get_large_text());
                }
            }
        });

        screens::install_controllers(&shell, ui);
        shell.apply_defaults(ui);

        let s = Rc::downgrade(&shell);
        shell.timer.start(
            slint::TimerMode::Repeated,
            std::time::Duration::from_secs(1),
            move || {
                if let Some((s, ui)) = upgrade(&s) {
                    s.tick(&ui);
                }
            },
        );
        shell
    }

    pub fn config(&self) -> &Config {
        &self.env.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.env.clock)()
    }

    pub fn lang(&self, ui: &AppWindow) -> Lang {
        Lang::parse(&ui.global::<AppAdapter>().get_language())
    }

    /// Registers what a screen clears on idle reset / 首页.
    pub fn on_reset(&self, f: impl Fn(&AppWindow) + 'static) {
        self.resets.borrow_mut().push(Box::new(f));
    }

    /// Registers what a screen re-fills after a language switch.
    pub fn on_refresh(&self, f: impl Fn(&AppWindow) + 'static) {
        self.refreshes.borrow_mut().push(Box::new(f));
    }

    /// A feature adds its lines to the staff maintenance view (printer state, sync backlog, …).
    pub fn add_status_source(&self, f: impl Fn() -> Vec<maintenance::Status> + 'static) {
        self.status_sources.borrow_mut().push(Box::new(f));
    }

    pub fn status_rows(&self) -> Vec<maintenance::Status> {
        self.status_sources
            .borrow()
            .iter()
            .flat_map(|f| f())
            .collect()
    }

    /// The ticket flow registers how to start taking a number (optionally for one service).
    pub fn set_take_ticket(&self, f: impl Fn(&AppWindow, Option<&str>) + 'static) {
        *self.take_ticket.borrow_mut() = Some(Box::new(f));
    }

    pub fn take_ticket(&self, ui: &AppWindow, service: Option<&str>) {
        let hook = self.take_ticket.borrow();
        match hook.as_ref() {
            Some(f) => f(ui, service),
            None => tracing::warn!("take-ticket pressed but no ticket flow is installed"),
        }
    }

    /// Shows `screen`, remembering the current one for 返回.
    pub fn navigate(&self, ui: &AppWindow, screen: &str) {
        let app = ui.global::<AppAdapter>();
        let current = app.get_screen();
        if current.as_str() != screen {
            self.stack.borrow_mut().push(current);
        }
        app.set_screen(screen.into());
    }

    /// Shows `screen` in place of the current one (no new 返回 step), e.g. a result replacing a spinner.
    pub fn replace(&self, ui: &AppWindow, screen: &str) {
        ui.global::<AppAdapter>().set_screen(screen.into());
    }

    pub fn back(&self, ui: &AppWindow) {
        let prev = self.stack.borrow_mut().pop();
        match prev {
            Some(p) => ui.global::<AppAdapter>().set_screen(p),
            None => ui.global::<AppAdapter>().set_screen("home".into()),
        }
    }

    /// 首页: back to home; what was entered is cleared (a shared kiosk must not show it to the next person).
    pub fn go_home(&self, ui: &AppWindow) {
        self.stack.borrow_mut().clear();
        ui.global::<AppAdapter>().set_screen("home".into());
        for f in self.resets.borrow().iter() {
            f(ui);
        }
    }

    /// Clears the whole session: every screen's entries, language, 长辈模式, overlays.
    pub fn reset_session(&self, ui: &AppWindow) {
        tracing::info!(screen = %ui.global::<AppAdapter>().get_screen(), "session cleared");
        let app = ui.global::<AppAdapter>();
        app.set_idle_warning_visible(false);
        app.set_staff_help_visible(false);
        self.idle.borrow_mut().touch();
        self.go_home(ui);
        self.apply_defaults(ui);
    }

    fn apply_defaults(&self, ui: &AppWindow) {
        let cfg = self.config();
        let app = ui.global::<AppAdapter>();
        app.set_large_text(cfg.kiosk.large_text);
        self.set_language(ui, Lang::parse(&cfg.kiosk.default_language));
    }

    pub fn set_language(&self, ui: &AppWindow, lang: Lang) {
        let app = ui.global::<AppAdapter>();
        let code = match lang {
            Lang::Zh => "",
            Lang::En => "en",
        };
        if let Err(e) = slint::select_bundled_translation(code) {
            tracing::warn!(error = %e, "cannot switch the UI language");
        }
        app.set_language(lang.code().into());
        let court = &self.config().court;
        app.set_court_name(lang.pick(&court.name, &court.name_en).into());
        self.update_clock(ui);
        for f in self.refreshes.borrow().iter() {
            f(ui);
        }
    }

    fn call_staff(&self, ui: &AppWindow) {
        let app = ui.global::<AppAdapter>();
        self.staff_calls.set(self.staff_calls.get() + 1);
        // The event names the kiosk and the screen only — never the person.
        tracing::warn!(kiosk = %self.config().kiosk.id, screen = %app.get_screen(), "staff help requested");
        app.set_staff_help_visible(true);
    }

    /// How many times 请工作人员协助 was pressed since start (shown to staff on the maintenance view).
    pub fn staff_calls(&self) -> u32 {
        self.staff_calls.get()
    }

    fn at_home_untouched(&self, ui: &AppWindow) -> bool {
        let app = ui.global::<AppAdapter>();
        let cfg = self.config();
        app.get_screen().as_str() == "home"
            && !app.get_staff_help_visible()
            && app.get_language().as_str() == cfg.kiosk.default_language
            && app.get_large_text() == cfg.kiosk.large_text
    }

    fn tick(&self, ui: &AppWindow) {
        self.update_clock(ui);
        let home = self.at_home_untouched(ui);
        let event = self.idle.borrow_mut().tick(home);
        let app = ui.global::<AppAdapter>();
        match event {
            IdleEvent::None => {}
            IdleEvent::Warn(left) => {
                app.set_idle_countdown(left as i32);
                app.set_idle_warning_visible(true);
            }
            IdleEvent::Reset => self.reset_session(ui),
        }
    }

    fn update_clock(&self, ui: &AppWindow) {
        let local = self.now().with_timezone(&self.config().court.time_zone);
        let text = clock_text(self.lang(ui), &local);
        ui.global::<AppAdapter>().set_clock_text(text.into());
    }
}

/// Prints a rendered sheet (fee sheet, risk report) on a worker thread so the screen never waits on the printer,
/// then hands `printed` (false only when the job failed) back to `done` on the UI thread.
pub fn print_in_background(
    ui: &AppWindow,
    config: &Config,
    profile: court_printer::Profile,
    job: Vec<u8>,
    what: &'static str,
    done: impl FnOnce(&AppWindow, bool) + Send + 'static,
) {
    let uri = config.printer.uri.clone();
    let data_dir = config.storage.data_dir.clone();
    let weak = ui.as_weak();
    std::thread::spawn(move || {
        let result = court_printer::print_job(&uri, Some(&data_dir), &profile, &job);
        tracing::info!(result = result.word(), what, "print job");
        let printed = !matches!(result, court_printer::JobResult::Failed { .. });
        let _ = weak.upgrade_in_event_loop(move |ui| done(&ui, printed));
    });
}

fn upgrade(s: &std::rc::Weak<Shell>) -> Option<(Rc<Shell>, AppWindow)> {
    let s = s.upgrade()?;
    let ui = s.ui.upgrade()?;
    Some((s, ui))
}

/// "2026年11月28日 星期六 09:30" / "Sat 28 Nov 2026 09:30".
pub fn clock_text<Tz: chrono::TimeZone>(lang: Lang, t: &DateTime<Tz>) -> String {
    const WEEK_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    const WEEK_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTH_EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = t.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => format!(
            "{}年{}月{}日 星期{} {:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            WEEK_ZH[wd],
            t.hour(),
            t.minute()
        ),
        Lang::En => format!(
            "{} {} {} {} {:02}:{:02}",
            WEEK_EN[wd],
            t.day(),
            MONTH_EN[t.month0() as usize],
            t.year(),
            t.hour(),
            t.minute()
        ),
    }
}
