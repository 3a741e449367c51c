//! Home: 取号, the one-window counter services from configuration, and the self-service tools.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, VecModel};

use super::{AppWindow, HomeAdapter, HomeTile, Lang, Shell};
use crate::config::Config;

/// The home tiles for a configuration and language: enabled services in catalogue order, then the tools.
pub fn tiles(cfg: &Config, lang: Lang) -> (Vec<HomeTile>, Vec<HomeTile>) {
    let services = cfg
        .services
        .iter()
        .filter(|s| s.enabled)
        .map(|s| HomeTile {
            code: s.code.as_str().into(),
            title: lang.pick(&s.name, &s.name_en).into(),
            subtitle: lang.pick(&s.tagline, &s.tagline_en).into(),
        })
        .collect();
    let mut tools = Vec::new();
    if cfg.features.risk {
        tools.push(HomeTile {
            code: "risk".into(),
            title: lang.pick("诉讼风险评估", "Litigation risk check").into(),
            subtitle: lang
                .pick(
                    "起诉前看看风险和时效",
                    "Risks and time limits before you sue",
                )
                .into(),
        });
    }
    if cfg.features.fees {
        tools.push(HomeTile {
            code: "fee-calc".into(),
            title: lang.pick("诉讼费计算", "Court fee calculator").into(),
            subtitle: lang
                .pick(
                    "依《诉讼费用交纳办法》",
                    "Under the Measures on Litigation Costs",
                )
                .into(),
        });
    }
    (services, tools)
}

fn fill(shell: &Shell, ui: &AppWindow) {
    let (services, tools) = tiles(shell.config(), shell.lang(ui));
    let home = ui.global::<HomeAdapter>();
    home.set_services(ModelRc::new(VecModel::from(services)));
    home.set_tools(ModelRc::new(VecModel::from(tools)));
    home.set_ticket_enabled(shell.config().features.ticket);
}

pub fn install(shell: &Rc<Shell>, ui: &AppWindow) {
    fill(shell, ui);
    let s = Rc::downgrade(shell);
    shell.on_refresh(move |ui| {
        if let Some(s) = s.upgrade() {
            fill(&s, ui);
        }
    });
    let home = ui.global::<HomeAdapter>();
    let s = Rc::downgrade(shell);
    let w = ui.as_weak();
    home.on_take_ticket(move || {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            s.take_ticket(&ui, None);
        }
    });
    let s = Rc::downgrade(shell);
    let w = ui.as_weak();
    home.on_open_maintenance(move || {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            tracing::info!("maintenance view opened");
            super::maintenance::show(&s, &ui);
        }
    });
    let s = Rc::downgrade(shell);
    let w = ui.as_weak();
    home.on_open(move |code| {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            open(&s, &ui, &code);
        }
    });
}

/// Opens a home tile: a tool's own screen when it is built, otherwise the service's information screen.
pub fn open(shell: &Shell, ui: &AppWindow, code: &str) {
    let target = match code {
        "risk" => "risk-types",
        "fee-calc" => "fees",
        _ => "",
    };
    if !target.is_empty() && super::screens::has_view(target) {
        shell.navigate(ui, target);
    } else {
        super::service_info::show(shell, ui, code);
    }
}
