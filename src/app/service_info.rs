//! The information screen of a counter service without its own self-service flow: what it does, the
//! average handling time, and 取号 for exactly that service (never a dead button).

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppWindow, Lang, ServiceInfoAdapter, Shell};

pub fn install(shell: &Rc<Shell>, ui: &AppWindow) {
    let s = Rc::downgrade(shell);
    let w = ui.as_weak();
    ui.global::<ServiceInfoAdapter>()
        .on_take_ticket(move |code| {
            if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
                s.take_ticket(&ui, Some(code.as_str()));
            }
        });
    let s = Rc::downgrade(shell);
    shell.on_refresh(move |ui| {
        if let Some(s) = s.upgrade() {
            let code = ui.global::<ServiceInfoAdapter>().get_code();
            fill(&s, ui, &code);
        }
    });
}

fn fill(shell: &Shell, ui: &AppWindow, code: &str) {
    let lang = shell.lang(ui);
    let a = ui.global::<ServiceInfoAdapter>();
    a.set_code(code.into());
    a.set_ticket_enabled(shell.config().features.ticket);
    match shell.config().service(code) {
        Some(svc) => {
            a.set_title(lang.pick(&svc.name, &svc.name_en).into());
            a.set_summary(lang.pick(&svc.summary, &svc.summary_en).into());
            a.set_avg_minutes(svc.avg_minutes as i32);
        }
        None => {
            // A self-service tool whose screen is not built: it is served at the guidance desk meanwhile.
            let (title, summary) = match (code, lang) {
                ("risk", Lang::Zh) => ("诉讼风险评估", "起诉前评估诉讼风险、诉讼时效和诉讼成本。"),
                ("risk", Lang::En) => (
                    "Litigation risk check",
                    "Assess risks, time limits and costs before suing.",
                ),
                ("fee-calc", Lang::Zh) => (
                    "诉讼费计算",
                    "按《诉讼费用交纳办法》计算案件受理费和申请费。",
                ),
                ("fee-calc", Lang::En) => (
                    "Court fee calculator",
                    "Court fees under the Measures on Litigation Costs.",
                ),
                (_, Lang::Zh) => ("导诉导访", "请到导诉台咨询。"),
                (_, Lang::En) => ("Guidance", "Please ask at the guidance desk."),
            };
            a.set_code("guidance".into());
            a.set_title(title.into());
            a.set_summary(summary.into());
            a.set_avg_minutes(0);
        }
    }
}

/// Shows the information screen of `code`.
pub fn show(shell: &Shell, ui: &AppWindow, code: &str) {
    fill(shell, ui, code);
    shell.navigate(ui, "service-info");
}
