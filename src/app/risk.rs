//! 诉讼风险评估 on the touch screen: choose a case type ("risk-types"), answer one question per screen
//! ("risk-question": large answer buttons, progress, back without losing answers), read the report ("risk-report")
//! and print it. The questions, rules and report come from `court_core::risk` over the embedded content; the report
//! is the one `court-kiosk risk assess` prints (same `cli::risk::assess`), so screen, paper and CLI agree.
//!
//! Nothing the litigant enters is personal (no names, no ID numbers); all of it is cleared on idle reset and 首页.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use court_core::money::parse_amount;
use court_core::risk::{
    Answer, Answers, LimitationOutcome, Question, QuestionKind, Questionnaire, RawAnswer, Report,
};
use slint::{ComponentHandle, ModelRc, VecModel};

use super::{
    AppAdapter, AppWindow, Lang, RiskAdapter, RiskFindingRow, RiskOptionRow, RiskTypeRow, Shell,
};
use crate::risk_sheet;

/// One litigant's session.
#[derive(Default)]
struct State {
    questionnaire: Option<&'static Questionnaire>,
    answers: Answers,
    /// Position in the list of visible questions.
    index: usize,
    /// Typed digits of a date / amount question.
    entry: String,
    report: Option<Report>,
}

type Shared = Rc<RefCell<State>>;

fn lang_pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

fn fill_types(shell: &Shell, ui: &AppWindow) {
    let lang = shell.lang(ui);
    let rows: Vec<RiskTypeRow> = crate::cli::risk::enabled(shell.config())
        .into_iter()
        .map(|q| RiskTypeRow {
            code: q.code.as_str().into(),
            name: lang
                .pick(
                    &q.name,
                    if q.name_en.is_empty() {
                        &q.name
                    } else {
                        &q.name_en
                    },
                )
                .into(),
            subtitle: match lang {
                Lang::Zh => format!("{}个问题", q.questions.len()),
                Lang::En => format!("{} questions", q.questions.len()),
            }
            .into(),
        })
        .collect();
    ui.global::<RiskAdapter>()
        .set_types(ModelRc::new(VecModel::from(rows)));
}

fn current<'q>(st: &State, q: &'q Questionnaire) -> Option<&'q Question> {
    st.answers.visible(q).get(st.index).copied()
}

/// The typed entry for a question from its stored answer (going back shows what was given).
fn entry_of(answer: Option<&Answer>) -> String {
    match answer {
        Some(Answer::Date(d)) => d.format("%Y%m%d").to_string(),
        Some(Answer::Amount(f)) => {
            let s = f.to_string();
            s.strip_suffix(".00").map(str::to_string).unwrap_or(s)
        }
        _ => String::new(),
    }
}

/// "2024-03-1_" while typing a date.
fn date_display(entry: &str) -> String {
    let mut chars: Vec<char> = "____-__-__".chars().collect();
    let slots = [0, 1, 2, 3, 5, 6, 8, 9];
    for (slot, c) in slots.iter().zip(entry.chars()) {
        chars[*slot] = c;
    }
    chars.into_iter().collect()
}

fn show_question(shell: &Shell, ui: &AppWindow, st: &State) {
    let Some(q) = st.questionnaire else { return };
    let lang = shell.lang(ui);
    let a = ui.global::<RiskAdapter>();
    let visible = st.answers.visible(q);
    let Some(question) = visible.get(st.index).copied() else {
        return;
    };
    a.set_case_name(q.name.as_str().into());
    let (n, total) = (st.index + 1, visible.len());
    a.set_progress(
        match lang {
            Lang::Zh => format!("第 {n} 题 / 共 {total} 题"),
            Lang::En => format!("Question {n} of {total}"),
        }
        .into(),
    );
    a.set_progress_fraction(n as f32 / total.max(1) as f32);
    a.set_question(question.text.as_str().into());
    a.set_help(question.help.as_deref().unwrap_or("").into());
    a.set_kind(question.kind.code().into());
    a.set_optional(question.optional);
    a.set_error("".into());
    let given = st.answers.get(&question.id);
    let options: Vec<RiskOptionRow> = match question.kind {
        QuestionKind::YesNo => [("yes", "是", "Yes", true), ("no", "否", "No", false)]
            .into_iter()
            .map(|(id, zh, en, v)| RiskOptionRow {
                id: id.into(),
                label: lang.pick(zh, en).into(),
                on: matches!(given, Some(Answer::YesNo(b)) if *b == v),
            })
            .collect(),
        QuestionKind::Single | QuestionKind::Multiple => question
            .options
            .iter()
            .map(|o| RiskOptionRow {
                id: o.id.as_str().into(),
                label: o.label.as_str().into(),
                on: match given {
                    Some(Answer::Single(s)) => s == &o.id,
                    Some(Answer::Multiple(m)) => m.contains(&o.id),
                    _ => false,
                },
            })
            .collect(),
        QuestionKind::Date | QuestionKind::Amount => Vec::new(),
    };
    a.set_options(ModelRc::new(VecModel::from(options)));
    show_entry(ui, lang, question.kind, &st.entry);
}

fn show_entry(ui: &AppWindow, lang: Lang, kind: QuestionKind, entry: &str) {
    let a = ui.global::<RiskAdapter>();
    match kind {
        QuestionKind::Date => {
            a.set_entry(date_display(entry).into());
            a.set_entry_hint(
                lang_pick(
                    lang,
                    "按 年年年年月月日日 输入，如 20240315",
                    "Type YYYYMMDD, e.g. 20240315",
                )
                .into(),
            );
        }
        QuestionKind::Amount => {
            a.set_entry(if entry.is_empty() {
                "0".into()
            } else {
                format!("{entry} 元").into()
            });
            let hint = match parse_amount(entry) {
                Ok(f) if !entry.is_empty() => format!("= {} 元", f.grouped()),
                _ => {
                    lang_pick(lang, "用数字键输入金额（元）", "Type the amount in yuan").to_string()
                }
            };
            a.set_entry_hint(hint.into());
        }
        _ => {
            a.set_entry("".into());
            a.set_entry_hint("".into());
        }
    }
}

/// Stores the answer to the current question and moves on (or to the report after the last one).
fn store(shell: &Shell, ui: &AppWindow, state: &Shared, raw: Option<RawAnswer>) {
    let lang = shell.lang(ui);
    let mut st = state.borrow_mut();
    let Some(q) = st.questionnaire else { return };
    let Some(question) = current(&st, q) else {
        return;
    };
    if let Err(e) = st.answers.set(q, &question.id, raw.as_ref()) {
        tracing::debug!(question = %question.id, "answer refused");
        let message = match lang {
            Lang::Zh => "请检查输入：".to_string() + &e.message,
            Lang::En => e.message.clone(),
        };
        ui.global::<RiskAdapter>().set_error(message.into());
        return;
    }
    st.index += 1;
    let visible = st.answers.visible(q);
    match visible.get(st.index) {
        Some(next) => {
            st.entry = entry_of(st.answers.get(&next.id));
            show_question(shell, ui, &st);
        }
        None => {
            // The report; going back from it shows the last question with its answer.
            st.index = visible.len().saturating_sub(1);
            if let Some(last) = visible.last() {
                st.entry = entry_of(st.answers.get(&last.id));
            }
            show_question(shell, ui, &st);
            let today = shell
                .now()
                .with_timezone(&shell.config().court.time_zone)
                .date_naive();
            match crate::cli::risk::assess(shell.config(), q, &st.answers, today) {
                Ok(report) => {
                    tracing::info!(case_type = %q.code, level = report.level.text(), findings = report.findings.len(), "risk assessed");
                    fill_report(shell, ui, &report);
                    st.report = Some(report);
                    drop(st);
                    shell.navigate(ui, "risk-report");
                }
                Err(e) => {
                    tracing::error!(error = %e, "risk assessment failed");
                    ui.global::<RiskAdapter>().set_error(
                        lang_pick(
                            lang,
                            "暂时无法生成报告，请到服务台咨询",
                            "The report cannot be made; please ask at the desk",
                        )
                        .into(),
                    );
                }
            }
        }
    }
}

fn fill_report(shell: &Shell, ui: &AppWindow, r: &Report) {
    let cfg = shell.config();
    let a = ui.global::<RiskAdapter>();
    a.set_report_title(
        format!(
            "{} · 诉讼风险评估（{}）",
            r.name,
            r.as_of.format("%Y-%m-%d")
        )
        .into(),
    );
    a.set_level_text(format!("总体风险：{}（{}）", r.level.text(), r.level_label).into());
    a.set_level_high(r.level == court_core::risk::Level::High);
    a.set_tendency(r.tendency.label.as_str().into());
    let reasons: Vec<String> = r
        .tendency
        .reasons
        .iter()
        .map(|x| format!("· {x}"))
        .collect();
    a.set_tendency_reasons(reasons.join("\n").into());
    let mut rows = Vec::new();
    for g in &r.groups {
        for (i, f) in r
            .findings
            .iter()
            .filter(|f| g.findings.contains(&f.id))
            .enumerate()
        {
            rows.push(RiskFindingRow {
                heading: if i == 0 {
                    format!("【{}】{}", g.spc_item, g.title).into()
                } else {
                    "".into()
                },
                level: f.level.text().into(),
                high: f.level == court_core::risk::Level::High,
                text: f.text.as_str().into(),
                action: f.action.as_str().into(),
                basis: f.basis.join("；").into(),
            });
        }
    }
    a.set_findings(ModelRc::new(VecModel::from(rows)));
    let limitation = match &r.limitation {
        LimitationOutcome::Computed { result, .. } => {
            let mut s = format!("{}：{}", result.claim.name(), result.status.label());
            if let Some(e) = result.expires {
                s += &format!("，最后一日 {}", e.format("%Y-%m-%d"));
            }
            if let Some(d) = result.days_left {
                s += &format!("（还有{d}天）");
            }
            for w in &result.warnings {
                s += &format!("\n注意：{w}");
            }
            s + &format!("\n依据：{}\n{}", result.basis.join("；"), result.advisory)
        }
        LimitationOutcome::NotApplicable { reason, basis } => {
            format!("{reason}\n依据：{}", basis.join("；"))
        }
        LimitationOutcome::Unknown { reason } => reason.clone(),
        LimitationOutcome::NotAsked => "本类案件未评估诉讼时效。".into(),
    };
    a.set_limitation(limitation.into());
    let costs = r.costs.as_ref().map_or(String::new(), |c| {
        let mut lines: Vec<String> = c
            .lines
            .iter()
            .map(|l| format!("{}：{}（{}）", l.label, l.amount, l.basis))
            .collect();
        lines.extend(c.notes.iter().map(|n| format!("注：{n}")));
        lines.join("\n")
    });
    a.set_costs(costs.into());
    let counters: Vec<String> = r
        .next_steps
        .counters
        .iter()
        .map(|c| match cfg.services.iter().find(|s| &s.code == c) {
            Some(s) => format!("{}（{}窗口）", s.name, s.prefix),
            None => c.clone(),
        })
        .collect();
    let mut steps = format!("请到：{}\n请携带：", counters.join("、"));
    for d in &r.next_steps.documents {
        steps += &format!("\n· {d}");
    }
    if !r.next_steps.alternatives.is_empty() {
        steps += "\n其他解决途径：";
        for alt in &r.next_steps.alternatives {
            steps += &format!("\n· {}（{}）", alt.text, alt.basis.join("；"));
        }
    }
    a.set_next_steps(steps.into());
    a.set_advisory(r.advisory.as_str().into());
    a.set_print_enabled(true);
    a.set_print_status("".into());
}

fn print(shell: &Shell, ui: &AppWindow, state: &Shared) {
    let lang = shell.lang(ui);
    let a = ui.global::<RiskAdapter>();
    let Some(report) = state.borrow().report.clone() else {
        return;
    };
    let cfg = shell.config();
    let printed_at = shell
        .now()
        .with_timezone(&cfg.court.time_zone)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let sheet = risk_sheet::risk_sheet(cfg, &report, &printed_at);
    let fail = |zh: &'static str, en: &'static str| a.set_print_status(lang.pick(zh, en).into());
    let profile = match court_printer::Profile::load_embedded(&cfg.printer.profile) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "printer profile not usable");
            return fail(
                "打印机暂不可用，请到服务台咨询",
                "The printer is not available; please ask at the desk",
            );
        }
    };
    let job = match court_printer::render(&sheet, &profile) {
        Ok(j) => j,
        Err(e) => {
            tracing::error!(error = %e, "risk report not rendered");
            return fail(
                "报告无法打印，请到服务台咨询",
                "The report cannot be printed; please ask at the desk",
            );
        }
    };
    // One print per report: the button stays off until a new assessment (a double tap prints once).
    a.set_print_enabled(false);
    a.set_print_status(lang.pick("正在打印…", "Printing…").into());
    super::print_in_background(ui, cfg, profile, job, "risk report", move |ui, ok| {
        let a = ui.global::<RiskAdapter>();
        if ok {
            a.set_print_status(
                lang.pick(
                    "已打印，请在出纸口取走报告",
                    "Printed: please take the report",
                )
                .into(),
            );
        } else {
            a.set_print_enabled(true);
            a.set_print_status(
                lang.pick(
                    "打印失败，请到服务台咨询",
                    "Printing failed; please ask at the desk",
                )
                .into(),
            );
        }
    });
}

fn clear(ui: &AppWindow) {
    let a = ui.global::<RiskAdapter>();
    a.set_case_name("".into());
    a.set_progress("".into());
    a.set_question("".into());
    a.set_help("".into());
    a.set_kind("".into());
    a.set_entry("".into());
    a.set_entry_hint("".into());
    a.set_error("".into());
    a.set_optional(false);
    a.set_report_title("".into());
    a.set_level_text("".into());
    a.set_tendency("".into());
    a.set_tendency_reasons("".into());
    a.set_limitation("".into());
    a.set_costs("".into());
    a.set_next_steps("".into());
    a.set_advisory("".into());
    a.set_print_status("".into());
    a.set_options(ModelRc::new(VecModel::from(Vec::<RiskOptionRow>::new())));
    a.set_findings(ModelRc::new(VecModel::from(Vec::<RiskFindingRow>::new())));
    a.set_progress_fraction(0.0);
    a.set_level_high(false);
    a.set_print_enabled(false);
}

/// Handles a keypad key on a date / amount question.
fn key(shell: &Shell, ui: &AppWindow, state: &Shared, k: &str) {
    let lang = shell.lang(ui);
    let mut st = state.borrow_mut();
    let Some(q) = st.questionnaire else { return };
    let Some(question) = current(&st, q) else {
        return;
    };
    let kind = question.kind;
    let max = if kind == QuestionKind::Date { 8 } else { 20 };
    match k {
        "del" => {
            st.entry.pop();
        }
        "clear" => st.entry.clear(),
        "万" if kind == QuestionKind::Amount
            && !st.entry.is_empty()
            && !st.entry.contains('万') =>
        {
            st.entry.push('万')
        }
        "." if kind == QuestionKind::Amount
            && !st.entry.contains('.')
            && !st.entry.contains('万') =>
        {
            if st.entry.is_empty() {
                st.entry.push('0');
            }
            st.entry.push('.');
        }
        d if d.len() == 1
            && d.chars().all(|c| c.is_ascii_digit())
            && st.entry.chars().count() < max
            && !st.entry.contains('万') =>
        {
            st.entry.push_str(d)
        }
        _ => {}
    }
    ui.global::<RiskAdapter>().set_error("".into());
    show_entry(ui, lang, kind, &st.entry);
}

/// 下一题 on a multiple / date / amount question.
fn next(shell: &Shell, ui: &AppWindow, state: &Shared) {
    let lang = shell.lang(ui);
    let (kind, raw) = {
        let st = state.borrow();
        let Some(q) = st.questionnaire else { return };
        let Some(question) = current(&st, q) else {
            return;
        };
        let a = ui.global::<RiskAdapter>();
        match question.kind {
            QuestionKind::Multiple => {
                let chosen: Vec<String> = (0..slint::Model::row_count(&a.get_options()))
                    .filter_map(|i| slint::Model::row_data(&a.get_options(), i))
                    .filter(|o| o.on)
                    .map(|o| o.id.to_string())
                    .collect();
                if chosen.is_empty() {
                    a.set_error(lang_pick(lang, "请至少选择一项", "Choose at least one").into());
                    return;
                }
                (question.kind, RawAnswer::List(chosen))
            }
            QuestionKind::Date => {
                if st.entry.len() != 8 {
                    a.set_error(
                        lang_pick(
                            lang,
                            "请输入完整的日期（8位数字）",
                            "Type the full date (8 digits)",
                        )
                        .into(),
                    );
                    return;
                }
                let text = format!(
                    "{}-{}-{}",
                    &st.entry[0..4],
                    &st.entry[4..6],
                    &st.entry[6..8]
                );
                match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                    Ok(_) => (question.kind, RawAnswer::Text(text)),
                    Err(_) => {
                        a.set_error(
                            lang_pick(lang, "没有这一天，请检查", "There is no such day").into(),
                        );
                        return;
                    }
                }
            }
            QuestionKind::Amount => (question.kind, RawAnswer::Text(st.entry.clone())),
            QuestionKind::YesNo | QuestionKind::Single => return,
        }
    };
    tracing::debug!(kind = kind.code(), "answer confirmed");
    store(shell, ui, state, Some(raw));
}

fn toggle(ui: &AppWindow, id: &str) {
    let a = ui.global::<RiskAdapter>();
    let model = a.get_options();
    let mut rows: Vec<RiskOptionRow> = (0..slint::Model::row_count(&model))
        .filter_map(|i| slint::Model::row_data(&model, i))
        .collect();
    // "以上都没有"-style options (id "none") exclude the others.
    let is_none = id == "none";
    for r in rows.iter_mut() {
        if r.id == id {
            r.on = !r.on;
        } else if is_none || r.id == "none" {
            r.on = false;
        }
    }
    a.set_options(ModelRc::new(VecModel::from(rows)));
}

fn back(shell: &Shell, ui: &AppWindow, state: &Shared) {
    let mut st = state.borrow_mut();
    let Some(q) = st.questionnaire else {
        drop(st);
        return shell.back(ui);
    };
    if st.index == 0 {
        drop(st);
        return shell.back(ui);
    }
    st.index -= 1;
    let visible = st.answers.visible(q);
    if let Some(prev) = visible.get(st.index) {
        st.entry = entry_of(st.answers.get(&prev.id));
    }
    show_question(shell, ui, &st);
}

/// Starts a questionnaire (also used by the screenshots).
fn start(shell: &Shell, ui: &AppWindow, state: &Shared, code: &str) {
    let Some(q) = crate::cli::risk::enabled(shell.config())
        .into_iter()
        .find(|q| q.code == code)
    else {
        return;
    };
    {
        let mut st = state.borrow_mut();
        // Back to the case types and the same one again: the answers given so far are kept.
        let same = st.questionnaire.is_some_and(|o| o.code == q.code);
        if !same {
            *st = State {
                questionnaire: Some(q),
                ..State::default()
            };
        }
        st.index = 0;
        st.report = None;
        if let Some(first) = q.questions.first() {
            st.entry = entry_of(st.answers.get(&first.id));
        }
        show_question(shell, ui, &st);
    }
    shell.navigate(ui, "risk-question");
}

pub fn install(shell: &Rc<Shell>, ui: &AppWindow) {
    let state: Shared = Rc::new(RefCell::new(State::default()));
    fill_types(shell, ui);
    clear(ui);
    let a = ui.global::<RiskAdapter>();

    macro_rules! wire {
        ($on:ident, |$s:ident, $ui:ident, $st:ident $(, $arg:ident)?| $body:expr) => {{
            let s = Rc::downgrade(shell);
            let w = ui.as_weak();
            let st = state.clone();
            a.$on(move |$($arg)?| {
                if let (Some($s), Some($ui)) = (s.upgrade(), w.upgrade()) {
                    let $st = &st;
                    $body;
                }
            });
        }};
    }
    wire!(on_choose_type, |s, ui, st, code| start(&s, &ui, st, &code));
    wire!(on_answer, |s, ui, st, id| {
        let kind = {
            let b = st.borrow();
            b.questionnaire.and_then(|q| current(&b, q)).map(|x| x.kind)
        };
        let raw = match kind {
            Some(QuestionKind::YesNo) => RawAnswer::Bool(id.as_str() == "yes"),
            _ => RawAnswer::Text(id.to_string()),
        };
        store(&s, &ui, st, Some(raw))
    });
    wire!(on_toggle, |_s, ui, _st, id| toggle(&ui, &id));
    wire!(on_key, |s, ui, st, k| key(&s, &ui, st, &k));
    wire!(on_next, |s, ui, st| next(&s, &ui, st));
    wire!(on_skip, |s, ui, st| store(&s, &ui, st, None));
    wire!(on_back, |s, ui, st| back(&s, &ui, st));
    wire!(on_print, |s, ui, st| print(&s, &ui, st));
    // 重新评估: everything entered is cleared (the same reset as 首页), then the case types again.
    wire!(on_again, |s, ui, _st| {
        s.go_home(&ui);
        s.navigate(&ui, "risk-types")
    });

    let st = state.clone();
    shell.on_reset(move |ui| {
        *st.borrow_mut() = State::default();
        clear(ui);
    });
    let s = Rc::downgrade(shell);
    let st = state.clone();
    shell.on_refresh(move |ui| {
        if let Some(s) = s.upgrade() {
            fill_types(&s, ui);
            let b = st.borrow();
            if b.questionnaire.is_some() {
                show_question(&s, ui, &b);
            }
            if let Some(r) = &b.report {
                fill_report(&s, ui, r);
            }
        }
    });
}

/// "risk-types" for the screenshots.
pub fn prepare_types(shell: &Rc<Shell>, ui: &AppWindow) {
    fill_types(shell, ui);
    shell.navigate(ui, "risk-types");
}

/// "risk-question": a case type chosen through the adapter, two questions answered, the third showing.
pub fn prepare_question(_shell: &Rc<Shell>, ui: &AppWindow) {
    let a = ui.global::<RiskAdapter>();
    a.invoke_choose_type("private-lending".into());
    a.invoke_answer("lender".into());
    for k in ["5", "万"] {
        a.invoke_key(k.into());
    }
    a.invoke_next();
    a.invoke_toggle("bank".into());
}

/// "risk-report": the whole questionnaire answered through the adapter.
pub fn prepare_report(_shell: &Rc<Shell>, ui: &AppWindow) {
    let a = ui.global::<RiskAdapter>();
    a.invoke_choose_type("private-lending".into());
    for _ in 0..60 {
        if ui.global::<AppAdapter>().get_screen() == "risk-report" {
            break;
        }
        match a.get_kind().as_str() {
            "yes-no" => a.invoke_answer("no".into()),
            "single" => {
                let first = slint::Model::row_data(&a.get_options(), 0).map(|o| o.id);
                a.invoke_answer(first.unwrap_or_default());
            }
            "multiple" => {
                let first = slint::Model::row_data(&a.get_options(), 0).map(|o| o.id);
                a.invoke_toggle(first.unwrap_or_default());
                a.invoke_next();
            }
            "date" => {
                for k in "20220115".chars() {
                    a.invoke_key(k.to_string().into());
                }
                a.invoke_next();
            }
            _ => {
                for k in ["8", "万"] {
                    a.invoke_key(k.into());
                }
                a.invoke_next();
            }
        }
    }
}
