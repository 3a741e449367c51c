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
