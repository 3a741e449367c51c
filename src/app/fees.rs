//! 诉讼费计算 on the touch screen: choose the kind of case from plain-language tiles ("fees"), type the amount on
//! the keypad with its 万 key and tick what applies ("fees-amount"), see the breakdown and print it as a fee sheet
//! ("fees-result"). The figures come from `court_core::fees::estimate` with the court's schedule — the same
//! function and schedule as `court-kiosk fee` — so screen and CLI always agree.
//!
//! The form logic (keypad editing, which options a kind offers, form → request) is plain functions, unit-tested
//! below; `install` only wires them to the `FeesAdapter` global.

use std::cell::RefCell;
use std::rc::Rc;

use court_core::fees::{
    self, CostEstimate, CostRequest, FeeKind, FeeRequest, FeeSchedule, Input, LineRole, Need,
    Reductions,
};
use court_core::money::{parse_amount, AmountError, Fen};
use slint::{ComponentHandle, ModelRc, VecModel};

use super::{AppWindow, FeeLineRow, FeeOption, FeeTile, FeesAdapter, Lang, Shell};
use crate::fee_sheet;

/// The tiles shown first: the kinds most people in a court lobby ask about. "更多类型" shows every kind.
pub const COMMON: [FeeKind; 9] = [
    FeeKind::Property,
    FeeKind::Divorce,
    FeeKind::Labor,
    FeeKind::Personality,
    FeeKind::NonProperty,
    FeeKind::Ip,
    FeeKind::Admin,
    FeeKind::Execution,
    FeeKind::Preservation,
];

/// The longest amount the keypad takes (characters): enough for 10^13 yuan with fen.
const MAX_TYPED: usize = 18;

/// English tile labels (the Chinese ones are `FeeKind::plain_zh`).
fn plain_en(kind: FeeKind) -> &'static str {
    match kind {
        FeeKind::Property => "Money or property (loans, contracts, damages)",
        FeeKind::Divorce => "Divorce",
        FeeKind::Personality => "Reputation, image, name (personality rights)",
        FeeKind::NonProperty => "Other case without money claimed",
        FeeKind::Ip => "Intellectual property",
        FeeKind::Labor => "Labour dispute",
        FeeKind::Admin => "Suing a government body",
        FeeKind::AdminSpecial => "Trademark, patent, maritime administrative case",
        FeeKind::JurisdictionObjection => "Jurisdiction objection",
        FeeKind::Execution => "Enforcement of a judgment",
        FeeKind::Preservation => "Freezing property (preservation)",
        FeeKind::PaymentOrder => "Payment order",
        FeeKind::PublicNotice => "Public summons (lost bill)",
        FeeKind::Arbitration => "Setting aside an arbitral award",
        FeeKind::Bankruptcy => "Bankruptcy",
        FeeKind::MaritimeFund => "Maritime limitation fund",
        FeeKind::MaritimeInjunction => "Maritime injunction",
        FeeKind::MaritimeLienNotice => "Ship lien summons",
        FeeKind::MaritimeClaimRegistration => "Maritime claim registration",
        FeeKind::GeneralAverage => "General average adjustment",
    }
}

/// The tiles: the common kinds and "更多类型", or every kind.
pub fn tiles(all: bool, lang: Lang) -> Vec<FeeTile> {
    let kinds: Vec<FeeKind> = if all {
        FeeKind::ALL.to_vec()
    } else {
        COMMON.to_vec()
    };
    let mut out: Vec<FeeTile> = kinds
        .into_iter()
        .map(|k| FeeTile {
            code: k.code().into(),
            title: lang.pick(k.plain_zh(), plain_en(k)).into(),
            subtitle: k.name_zh().into(),
        })
        .collect();
    if !all {
        out.push(FeeTile {
            code: "more".into(),
            title: lang.pick("更多类型", "More kinds").into(),
            subtitle: lang
                .pick(
                    "海事、破产、支付令等",
                    "Maritime, bankruptcy, payment order…",
                )
                .into(),
        });
    }
    out
}

/// The amount field a kind asks for: which input, whether it is required, and its label.
pub fn field(kind: FeeKind) -> Option<(Input, Need, &'static str, &'static str)> {
    let input = Input::ALL
        .into_iter()
        .find(|i| kind.needs(*i) != Need::No)?;
    let need = kind.needs(input);
    let (zh, en) = match (kind, input) {
        (FeeKind::Execution, _) => ("执行金额（元）", "Amount to enforce (yuan)"),
        (FeeKind::Preservation, _) => ("保全财产数额（元）", "Property to preserve (yuan)"),
        (FeeKind::Bankruptcy, _) => ("破产财产总额（元）", "Bankruptcy estate (yuan)"),
        (_, Input::Property) => ("要分割的财产总额（元）", "Property to divide (yuan)"),
        (_, Input::Damages) => ("要求赔偿的金额（元）", "Damages claimed (yuan)"),
        (_, Input::Amount) => ("请求金额（元）", "Amount claimed (yuan)"),
    };
    Some((input, need, zh, en))
}

/// The situations a kind offers as toggles: (code, Chinese, English).
pub fn options(kind: FeeKind) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = Vec::new();
    if kind.is_acceptance_fee() {
        out.extend([
            ("simple", "适用简易程序", "Simple procedure"),
            ("settled", "调解结案", "Settled by mediation"),
            ("withdrawn", "撤诉", "Claim withdrawn"),
            ("counterclaim", "反诉", "Counterclaim"),
        ]);
        if kind.main_input() == Some(Input::Amount) {
            out.extend([
                (
                    "plus-preservation",
                    "另算：财产保全费",
                    "Add: preservation fee",
                ),
                (
                    "plus-enforcement",
                    "另算：申请执行费",
                    "Add: enforcement fee",
                ),
            ]);
        }
        out.push(("plus-appeal", "另算：上诉费", "Add: appeal fee"));
    }
    out
}

/// One keypad press on the typed text. Digits, one decimal point, 万 at the end; "del" and "clear" edit. Presses
/// that cannot lead to an amount (a second point, a digit after 万, a third decimal) are ignored.
pub fn press(typed: &str, key: &str) -> String {
    let mut t = typed.to_string();
    match key {
        "del" => {
            t.pop();
        }
        "clear" => t.clear(),
        "万" if !t.is_empty() && !t.ends_with('万') && !t.ends_with('.') => t.push('万'),
        "." if !t.contains('.') && !t.ends_with('万') => {
            if t.is_empty() {
                t.push('0');
            }
            t.push('.');
        }
        d if d.len() == 1 && d.bytes().all(|b| b.is_ascii_digit()) => {
            let decimals = t.split_once('.').map(|(_, f)| f.len());
            let fits = t.chars().count() < MAX_TYPED && !t.ends_with('万');
            // 万 comes last, so up to six decimals can still be whole fen (12.345678万 = 123,456.78 yuan).
            if fits && decimals.is_none_or(|n| n < 6) {
                if t == "0" {
                    t.clear();
                }
                t.push_str(d);
            }
        }
        _ => {} // "万" or "." where they cannot go, or an unknown key: ignored
    }
    t
}

/// Why the typed amount is refused, in the person's language.
pub fn amount_message(e: &AmountError, lang: Lang) -> &'static str {
    match e {
        AmountError::Empty => lang.pick("请输入金额", "Please type the amount"),
        AmountError::Negative => lang.pick("金额不能是负数", "The amount cannot be negative"),
        AmountError::TooManyDecimals => lang.pick(
            "金额最多精确到分（0.01元）",
            "The amount can have at most two decimals (fen)",
        ),
        AmountError::TooLarge => lang.pick(
            "金额过大（最多10万亿元）",
            "The amount is too large (at most 10^13 yuan)",
        ),
        AmountError::InvalidChar { .. } | AmountError::Malformed { .. } => lang.pick(
            "金额格式不对，请清空后重新输入",
            "This is not an amount; please clear and type again",
        ),
    }
}

/// What the person entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub kind: Option<FeeKind>,
    pub typed: String,
    pub on: Vec<&'static str>,
    pub all_tiles: bool,
}

/// The form as a cost request: the typed amount in the kind's field, the reductions, the added fees (on the same
/// amount). The error is for the screen.
pub fn request(form: &Form, lang: Lang) -> Result<CostRequest, String> {
    let kind = form.kind.ok_or_else(|| {
        lang.pick("请先选择案件类型", "Please choose the kind of case first")
            .to_string()
    })?;
    let mut case = FeeRequest::new(kind);
    let mut amount = None;
    if let Some((input, need, ..)) = field(kind) {
        if form.typed.is_empty() {
            if need == Need::Required {
                return Err(amount_message(&AmountError::Empty, lang).to_string());
            }
        } else {
            let v = parse_amount(&form.typed).map_err(|e| amount_message(&e, lang).to_string())?;
            case.set_input(input, Some(v));
            amount = Some(v);
        }
    }
    let on = |code: &str| form.on.contains(&code);
    case.reductions = Reductions {
        settled: on("settled"),
        withdrawn: on("withdrawn"),
        simple: on("simple"),
        counterclaim: on("counterclaim"),
        third_party: false,
    };
    let mut req = CostRequest::new(case);
    if on("plus-preservation") {
        req.preservation = Some(amount.unwrap_or(Fen::ZERO));
    }
    if on("plus-enforcement") {
        req.enforcement = Some(amount);
    }
    if on("plus-appeal") {
        req.appeal = Some(None);
    }
    Ok(req)
}

/// The adapter rows of an estimate (the parts after the first are named in each line, as in the CLI's JSON).
pub fn rows(est: &CostEstimate) -> Vec<FeeLineRow> {
    est.lines()
        .iter()
        .map(|l| FeeLineRow {
            basis: l.basis.as_str().into(),
            text: l.text.as_str().into(),
            amount: if l.min == l.max {
                l.min.grouped().into()
            } else {
                format!("{} – {}", l.min.grouped(), l.max.grouped()).into()
            },
            info: l.role == LineRole::Info,
        })
        .collect()
}

struct State {
    form: Form,
    last: Option<(CostRequest, CostEstimate)>,
}

fn schedule(shell: &Shell) -> FeeSchedule {
    crate::cli::fee::schedule(shell.config()).unwrap_or_else(|e| {
        // The configuration was validated at start-up (config_hooks::check_fees), so this is not expected.
        tracing::error!(error = %e, "fee schedule not usable; using the national schedule");
        FeeSchedule::national(court_core::money::RoundingUnit::Fen)
    })
}

fn fill_tiles(ui: &AppWindow, form: &Form, lang: Lang) {
    ui.global::<FeesAdapter>()
        .set_tiles(ModelRc::new(VecModel::from(tiles(form.all_tiles, lang))));
}

fn fill_form(ui: &AppWindow, form: &Form, lang: Lang) {
    let a = ui.global::<FeesAdapter>();
    let Some(kind) = form.kind else { return };
    a.set_kind_title(lang.pick(kind.plain_zh(), plain_en(kind)).into());
    match field(kind) {
        Some((_, need, zh, en)) => {
            a.set_has_field(true);
            a.set_field_label(lang.pick(zh, en).into());
            a.set_field_hint(match need {
                Need::Required => lang.pick("必填", "required").into(),
                _ => lang.pick("没有可不填", "leave empty if none").into(),
            });
        }
        None => a.set_has_field(false),
    }
    a.set_amount_text(form.typed.as_str().into());
    let preview = match parse_amount(&form.typed) {
        Ok(v) if form.typed.contains('万') => format!("= {} 元", v.grouped()),
        _ => String::new(),
    };
    a.set_amount_preview(preview.into());
    let opts: Vec<FeeOption> = options(kind)
        .into_iter()
        .map(|(code, zh, en)| FeeOption {
            code: code.into(),
            label: lang.pick(zh, en).into(),
            on: form.on.contains(&code),
        })
        .collect();
    a.set_options(ModelRc::new(VecModel::from(opts)));
}

fn fill_result(ui: &AppWindow, req: &CostRequest, est: &CostEstimate, lang: Lang) {
    let a = ui.global::<FeesAdapter>();
    let kind = req.case.kind;
    a.set_result_title(
        format!(
            "{}（{}{}）",
            kind.name_zh(),
            fees::REGULATION,
            kind.article()
        )
        .into(),
    );
    a.set_result_inputs(fee_sheet::describe_inputs(req).join("；").into());
    a.set_total(fee_sheet::money(est.min, est.max).into());
    let mut note = Vec::new();
    if est.halved() {
        note.push(lang.pick(
            "案件受理费减半收取（民诉法解释第二百零六条：只减半一次）",
            "Acceptance fee halved (once only)",
        ));
    }
    if est.min != est.max {
        note.push(lang.pick(
            "本院未确定具体数额的项目显示全国标准的最低额和最高额，以法院通知为准",
            "Where the court has not fixed a figure, the national minimum and maximum are shown",
        ));
    }
    a.set_total_note(note.join("；").into());
    a.set_lines(ModelRc::new(VecModel::from(rows(est))));
    let mut notes: Vec<&String> = Vec::new();
    for n in est.parts.iter().flat_map(|(_, p)| p.notes.iter()) {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    let mut text: Vec<String> = notes.into_iter().cloned().collect();
    text.push(fee_sheet::DISCLAIMER.to_string());
    a.set_notes(text.join("\n").into());
    a.set_print_enabled(true);
    a.set_print_status("".into());
}

fn clear(ui: &AppWindow) {
    let a = ui.global::<FeesAdapter>();
    a.set_amount_text("".into());
    a.set_amount_preview("".into());
    a.set_error("".into());
    a.set_options(ModelRc::new(VecModel::from(Vec::<FeeOption>::new())));
    a.set_lines(ModelRc::new(VecModel::from(Vec::<FeeLineRow>::new())));
    a.set_result_inputs("".into());
    a.set_total("".into());
    a.set_total_note("".into());
    a.set_notes("".into());
    a.set_print_status("".into());
    a.set_print_enabled(false);
}

/// Computes and shows the result; an input problem stays on the amount screen with its message.
fn calculate(shell: &Shell, ui: &AppWindow, state: &RefCell<State>) {
    let lang = shell.lang(ui);
    let a = ui.global::<FeesAdapter>();
    let form = state.borrow().form.clone();
    let req = match request(&form, lang) {
        Ok(r) => r,
        Err(msg) => {
            a.set_error(msg.into());
            return;
        }
    };
    match fees::estimate(&req, &schedule(shell)) {
        Ok(est) => {
            a.set_error("".into());
            fill_result(ui, &req, &est, lang);
            state.borrow_mut().last = Some((req, est));
            shell.navigate(ui, "fees-result");
        }
        Err(e) => {
            tracing::warn!(error = %e, "fee request refused");
            a.set_error(
                lang.pick(
                    "这些情形不能同时适用于该类案件，请调整后再算",
                    "These options do not apply to this kind",
                )
                .into(),
            );
        }
    }
}

fn print(shell: &Shell, ui: &AppWindow, state: &RefCell<State>) {
    let lang = shell.lang(ui);
    let a = ui.global::<FeesAdapter>();
    let Some((req, est)) = state.borrow().last.clone() else {
        return;
    };
    let cfg = shell.config();
    let printed_at = shell
        .now()
        .with_timezone(&cfg.court.time_zone)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let sheet = fee_sheet::fee_sheet(&cfg.court.name, &req, &est, &printed_at);
    let profile = match court_printer::Profile::load_embedded(&cfg.printer.profile) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "printer profile not usable");
            a.set_print_status(
                lang.pick(
                    "打印机暂不可用，请到服务台咨询",
                    "The printer is not available; please ask at the desk",
                )
                .into(),
            );
            return;
        }
    };
    let job = match court_printer::render(&sheet, &profile) {
        Ok(j) => j,
        Err(e) => {
            tracing::error!(error = %e, "fee sheet not rendered");
            a.set_print_status(
                lang.pick(
                    "计算单无法打印，请到服务台咨询",
                    "The sheet cannot be printed; please ask at the desk",
                )
                .into(),
            );
            return;
        }
    };
    // One sheet per calculation: the button stays off until a new calculation (a double tap prints once).
    a.set_print_enabled(false);
    a.set_print_status(lang.pick("正在打印…", "Printing…").into());
    super::print_in_background(ui, cfg, profile, job, "fee sheet", move |ui, ok| {
        let a = ui.global::<FeesAdapter>();
        if ok {
            a.set_print_status(
                lang.pick(
                    "已打印，请在出纸口取走计算单",
                    "Printed: please take the sheet",
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

pub fn install(shell: &Rc<Shell>, ui: &AppWindow) {
    let state = Rc::new(RefCell::new(State {
        form: Form::default(),
        last: None,
    }));
    fill_tiles(ui, &state.borrow().form, shell.lang(ui));
    clear(ui);
    let a = ui.global::<FeesAdapter>();

    let (s, w, st) = (Rc::downgrade(shell), ui.as_weak(), state.clone());
    a.on_choose(move |code| {
        let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) else {
            return;
        };
        let lang = s.lang(&ui);
        if code == "more" {
            st.borrow_mut().form.all_tiles = true;
            fill_tiles(&ui, &st.borrow().form, lang);
            return;
        }
        let Some(kind) = FeeKind::from_code(&code) else {
            return;
        };
        {
            let mut f = st.borrow_mut();
            f.form.kind = Some(kind);
            f.form.typed.clear();
            f.form.on.clear();
        }
        ui.global::<FeesAdapter>().set_error("".into());
        fill_form(&ui, &st.borrow().form, lang);
        if field(kind).is_none() && options(kind).is_empty() {
            calculate(&s, &ui, &st);
        } else {
            s.navigate(&ui, "fees-amount");
        }
    });

    let (s, w, st) = (Rc::downgrade(shell), ui.as_weak(), state.clone());
    a.on_key(move |key| {
        let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) else {
            return;
        };
        let typed = press(&st.borrow().form.typed, &key);
        st.borrow_mut().form.typed = typed;
        ui.global::<FeesAdapter>().set_error("".into());
        fill_form(&ui, &st.borrow().form, s.lang(&ui));
    });

    let (s, w, st) = (Rc::downgrade(shell), ui.as_weak(), state.clone());
    a.on_toggle(move |code| {
        let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) else {
            return;
        };
        let Some(kind) = st.borrow().form.kind else {
            return;
        };
        let Some((code, ..)) = options(kind)
            .into_iter()
            .find(|(c, ..)| *c == code.as_str())
        else {
            return;
        };
        {
            let mut f = st.borrow_mut();
            match f.form.on.iter().position(|c| *c == code) {
                Some(i) => {
                    f.form.on.remove(i);
                }
                None => f.form.on.push(code),
            }
        }
        fill_form(&ui, &st.borrow().form, s.lang(&ui));
    });

    let (s, w, st) = (Rc::downgrade(shell), ui.as_weak(), state.clone());
    a.on_calculate(move || {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            calculate(&s, &ui, &st);
        }
    });

    let (s, w, st) = (Rc::downgrade(shell), ui.as_weak(), state.clone());
    a.on_print(move || {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            print(&s, &ui, &st);
        }
    });

    let (s, w, st) = (Rc::downgrade(shell), ui.as_weak(), state.clone());
    a.on_again(move || {
        if let (Some(s), Some(ui)) = (s.upgrade(), w.upgrade()) {
            st.borrow_mut().form = Form::default();
            st.borrow_mut().last = None;
            clear(&ui);
            fill_tiles(&ui, &st.borrow().form, s.lang(&ui));
            s.replace(&ui, "fees");
        }
    });

    // Idle reset and 首页: nothing the person typed or chose survives.
    let st = state.clone();
    let s = Rc::downgrade(shell);
    shell.on_reset(move |ui| {
        {
            let mut f = st.borrow_mut();
            f.form = Form::default();
            f.last = None;
        }
        clear(ui);
        if let Some(s) = s.upgrade() {
            fill_tiles(ui, &st.borrow().form, s.lang(ui));
        }
    });

    let (s, st) = (Rc::downgrade(shell), state);
    shell.on_refresh(move |ui| {
        let Some(s) = s.upgrade() else { return };
        let lang = s.lang(ui);
        fill_tiles(ui, &st.borrow().form, lang);
        fill_form(ui, &st.borrow().form, lang);
        if let Some((req, est)) = st.borrow().last.clone() {
            fill_result(ui, &req, &est, lang);
        }
    });
}

/// Screenshot preparation through the same callbacks a person's taps invoke: a 12.5万 claim, simple procedure.
pub fn prepare_amount(shell: &Rc<Shell>, ui: &AppWindow) {
    let _ = shell;
    let a = ui.global::<FeesAdapter>();
    a.invoke_choose("property".into());
    for key in ["1", "2", ".", "5", "万"] {
        a.invoke_key(key.into());
    }
    a.invoke_toggle("simple".into());
}

pub fn prepare_result(shell: &Rc<Shell>, ui: &AppWindow) {
    prepare_amount(shell, ui);
    ui.global::<FeesAdapter>().invoke_calculate();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keypad_presses() {
        // (typed before, key, typed after)
        let cases: &[(&str, &str, &str)] = &[
            ("", "1", "1"),
            ("1", "2", "12"),
            ("12", ".", "12."),
            ("12.", ".", "12."),
            ("12.5", "万", "12.5万"),
            ("12.5万", "3", "12.5万"),
            ("12.5万", "万", "12.5万"),
            ("12.5万", "del", "12.5"),
            ("12.5", "clear", ""),
            ("", ".", "0."),
            ("", "万", ""),
            ("0", "7", "7"),
            ("1.", "万", "1."),
            ("1.123456", "7", "1.123456"),
            ("1.12", "3", "1.123"), // still whole fen if 万 follows; parse_amount judges
            ("123456789012345678", "9", "123456789012345678"),
            ("5", "x", "5"),
        ];
        for &(before, key, after) in cases {
            assert_eq!(press(before, key), after, "{before:?} + {key:?}");
        }
    }

    #[test]
    fn form_to_request() {
        let form = |kind: FeeKind, typed: &str, on: &[&'static str]| Form {
            kind: Some(kind),
            typed: typed.into(),
            on: on.to_vec(),
            all_tiles: false,
        };
        let req = request(
            &form(FeeKind::Property, "12.5万", &["simple", "plus-appeal"]),
            Lang::Zh,
        )
        .expect("ok");
        assert_eq!(req.case.amount, Some(Fen::from_yuan(125_000)));
        assert!(req.case.reductions.simple && req.appeal == Some(None));
        let req =
            request(&form(FeeKind::Divorce, "", &[]), Lang::Zh).expect("divorce without property");
        assert_eq!(req.case.property, None);
        let req = request(&form(FeeKind::Divorce, "100万", &[]), Lang::Zh)
            .expect("divorce with property");
        assert_eq!(req.case.property, Some(Fen::from_yuan(1_000_000)));
        assert_eq!(
            request(&form(FeeKind::Property, "", &[]), Lang::Zh),
            Err("请输入金额".to_string())
        );
        assert_eq!(
            request(&form(FeeKind::Property, "1.12", &[]), Lang::Zh).map(|r| r.case.amount),
            Ok(Some(Fen::from_fen(112)))
        );
        assert_eq!(
            request(&form(FeeKind::Property, "1.123", &[]), Lang::Zh),
            Err("金额最多精确到分（0.01元）".to_string())
        );
        assert!(request(&Form::default(), Lang::Zh).is_err());
    }

    #[test]
    fn every_kind_has_a_tile_and_options_only_where_they_apply() {
        assert_eq!(tiles(true, Lang::Zh).len(), FeeKind::ALL.len());
        assert_eq!(
            tiles(false, Lang::Zh).last().map(|t| t.code.to_string()),
            Some("more".into())
        );
        for kind in FeeKind::ALL {
            let opts = options(kind);
            assert_eq!(!opts.is_empty(), kind.is_acceptance_fee(), "{kind}");
        }
    }
}
