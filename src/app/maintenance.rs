//! The staff-only status view: every feature contributes rows (printer, sync backlog, last success, …) through
//! `Shell::add_status_source`; the shell adds its own (kiosk id, version, staff calls since start).
//! Staff open it by holding the court emblem on home for three seconds (see HomeView) — litigants never see it.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, VecModel};

use super::{AppWindow, MaintenanceAdapter, Shell, StatusRow};

/// One status line: label, value, and whether it is healthy (unhealthy rows are drawn in red).
pub struct Status {
    pub label: String,
    pub value: String,
    pub ok: bool,
}

pub fn install(shell: &Rc<Shell>, ui: &AppWindow) {
    let s = Rc::downgrade(shell);
    let w = ui.as_weak();
    ui.global::<MaintenanceAdapter>().on_refresh(move || {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            fill(&s, &ui);
        }
    });
}

pub fn fill(shell: &Shell, ui: &AppWindow) {
    let cfg = shell.config();
    let mut rows = vec![
        Status {
            label: "设备编号 Kiosk".into(),
            value: cfg.kiosk.id.clone(),
            ok: true,
        },
        Status {
            label: "软件版本 Version".into(),
            value: env!("CARGO_PKG_VERSION").into(),
            ok: true,
        },
        Status {
            label: "协助请求 Staff calls".into(),
            value: shell.staff_calls().to_string(),
            ok: true,
        },
    ];
    rows.extend(shell.status_rows());
    let rows: Vec<StatusRow> = rows
        .into_iter()
        .map(|r| StatusRow {
            label: r.label.into(),
            value: r.value.into(),
            ok: r.ok,
        })
        .collect();
    ui.global::<MaintenanceAdapter>()
        .set_rows(ModelRc::new(VecModel::from(rows)));
}

/// Opens the maintenance view.
pub fn show(shell: &Shell, ui: &AppWindow) {
    fill(shell, ui);
    shell.navigate(ui, "maintenance");
}
