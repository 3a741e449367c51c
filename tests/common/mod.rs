//! What every UI test does as a person would: find a button by its accessible label, tap it, let mock time pass.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::time::Duration;

use court_kiosk::app::{AppAdapter, AppWindow};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

/// Lets 20 ms of mock time pass: conditionals instantiate, timers due now fire.
pub fn settle() {
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(20));
}

/// The buttons labelled `label` on the screen now.
pub fn buttons(ui: &AppWindow, label: &str) -> Vec<ElementHandle> {
    ElementHandle::find_by_accessible_label(ui, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
        .collect()
}

/// Taps the first button labelled `label`, failing the test with the screen's name when there is none.
pub fn tap(ui: &AppWindow, label: &str) {
    let found = buttons(ui, label);
    let screen = ui.global::<AppAdapter>().get_screen();
    assert!(
        !found.is_empty(),
        "no button labelled {label:?} on screen {screen:?}"
    );
    found[0].invoke_accessible_default_action();
    settle();
}

/// The name of the screen shown now.
pub fn screen(ui: &AppWindow) -> String {
    ui.global::<AppAdapter>().get_screen().to_string()
}

/// Opens the kiosk on `cfg` with the clock stopped at `utc` (year, month, day, hour, minute, UTC), shown and settled.
pub fn open_kiosk(
    cfg: &court_kiosk::config::Config,
    utc: (i32, u32, u32, u32, u32),
) -> (AppWindow, std::rc::Rc<court_kiosk::app::Shell>) {
    use chrono::TimeZone;
    let ui = AppWindow::new().expect("window");
    let (y, mo, d, h, mi) = utc;
    let now = chrono::Utc
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("a valid test time");
    let env = court_kiosk::app::AppEnv {
        config: std::sync::Arc::new(cfg.clone()),
        clock: std::rc::Rc::new(move || now),
    };
    let shell = court_kiosk::app::Shell::install(&ui, env);
    ui.show().expect("show");
    settle();
    (ui, shell)
}

/// Lets `secs` seconds of mock time pass, one second at a time (the idle timer ticks each second).
pub fn wait_secs(secs: u32) {
    for _ in 0..secs {
        i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(1));
    }
}
