//! Every screen of the kiosk by name: which controllers to install, and how to bring each screen up with
//! representative content for `court-kiosk screenshot --screen NAME` (docs, reviews, tests).

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppAdapter, AppWindow, Shell};

/// A screen that can be shown and screenshotted.
pub struct ScreenDef {
    pub name: &'static str,
    /// Brings the screen up from a fresh shell, with sample content where it needs some.
    pub prepare: fn(&Rc<Shell>, &AppWindow),
}

/// Installs every screen controller. Each feature adds its `install` here.
pub fn install_controllers(shell: &Rc<Shell>, ui: &AppWindow) {
    super::home::install(shell, ui);
    super::service_info::install(shell, ui);
    super::maintenance::install(shell, ui);
    super::fees::install(shell, ui);
    super::risk::install(shell, ui);
    super::ticket::install(shell, ui);
    // CONTROLLERS (keep this marker: one `super::xxx::install(shell, ui);` line per feature above it)
}

/// Every screenshot-able screen, in the order `screenshot --list` prints them.
pub const SCREENS: &[ScreenDef] = &[
    ScreenDef {
        name: "home",
        prepare: |_, _| {},
    },
    ScreenDef {
        name: "service-info",
        prepare: |s, ui| super::service_info::show(s, ui, "filing"),
    },
    ScreenDef {
        name: "idle-warning",
        prepare: prepare_idle_warning,
    },
    ScreenDef {
        name: "staff-help",
        prepare: |_, ui| ui.global::<AppAdapter>().invoke_call_staff(),
    },
    ScreenDef {
        name: "maintenance",
        prepare: |s, ui| super::maintenance::show(s, ui),
    },
    ScreenDef {
        name: "fees",
        prepare: |s, ui| s.navigate(ui, "fees"),
    },
    ScreenDef {
        name: "fees-amount",
        prepare: super::fees::prepare_amount,
    },
    ScreenDef {
        name: "fees-result",
        prepare: super::fees::prepare_result,
    },
    ScreenDef {
        name: "risk-types",
        prepare: super::risk::prepare_types,
    },
    ScreenDef {
        name: "risk-question",
        prepare: super::risk::prepare_question,
    },
    ScreenDef {
        name: "risk-report",
        prepare: super::risk::prepare_report,
    },
    ScreenDef {
        name: "ticket-services",
        prepare: super::ticket::prepare_services,
    },
    ScreenDef {
        name: "ticket-options",
        prepare: super::ticket::prepare_options,
    },
    ScreenDef {
        name: "ticket-issued",
        prepare: super::ticket::prepare_issued,
    },
    ScreenDef {
        name: "ticket-print-failed",
        prepare: super::ticket::prepare_print_failed,
    },
    // SCREENS (keep this marker: one ScreenDef line per screen above it)
];

/// The names of the views that exist in `ui/index.slint` (used by home to decide where a tile goes).
pub fn has_view(name: &str) -> bool {
    SCREENS.iter().any(|s| s.name == name)
}

pub fn find(name: &str) -> Option<&'static ScreenDef> {
    SCREENS.iter().find(|s| s.name == name)
}

fn prepare_idle_warning(shell: &Rc<Shell>, ui: &AppWindow) {
    super::service_info::show(shell, ui, "judicial-aid");
    let app = ui.global::<AppAdapter>();
    app.set_idle_countdown(shell.config().kiosk.idle_warning_s as i32);
    app.set_idle_warning_visible(true);
}
