//! `court-kiosk fee KIND …`: the court fee calculator (《诉讼费用交纳办法》) on the command line.
//!
//! Contract (other tools depend on it; never change these): `court-kiosk fee KIND [--amount YUAN]
//! [--property YUAN] [--damages YUAN] [--simple] [--settled] [--counterclaim] [--json]`. With `--json` one object
//! `{"kind","min","max","halved","lines":[{"basis","text","min","max"}]}`, amounts as yuan strings with exactly two
//! decimals. Bad input: exit code 2 and one line on stderr naming the flag.
//!
//! Further optional flags for a court's real cases: `--withdrawn`, `--third-party` (Art. 15/18), `--appeal` /
//! `--retrial` (Art. 17/19: the amount is the contested amount), `--exempt GROUND` (Art. 8), and the litigation-cost
//! estimate `--plus-preservation [YUAN]`, `--plus-enforcement [YUAN]`, `--plus-appeal [YUAN]` (totals add the parts).
//!
//! Amounts are taken as strings and parsed by `court_core::money::parse_amount`, so messages name the flag. The
//! figures come from `court_core::fees::estimate`, the same function the touch screen calls.

use std::process::ExitCode;

use court_core::fees::{
    self, Art8Ground, CostError, CostPart, CostRequest, FeeError, FeeKind, FeeLine, FeeRequest,
    FeeSchedule, Input, LineRole, Reduction, Reductions, Stage,
};
use court_core::money::{parse_amount, Fen, ACCEPTED_AMOUNT_FORMS};
use serde::Serialize;

use crate::fee_sheet::{describe_inputs, money};

#[derive(clap::Args, Debug, Default)]
#[command(
    after_help = "KIND: property, divorce, personality, non-property, ip, labor, admin, admin-special, \
jurisdiction-objection, execution, preservation, payment-order, public-notice, arbitration, bankruptcy, maritime-fund, \
maritime-injunction, maritime-lien-notice, maritime-claim-registration, general-average.\n\
Amounts (YUAN) as people type them: 150000, 150,000.50, 15万, 12.5万元, １５００００."
)]
pub struct Args {
    /// The fee item (see the list below).
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// Claim / enforced / preserved / bankruptcy-estate amount in yuan (appeal, retrial: the contested amount).
    #[arg(long, value_name = "YUAN", allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// Divorce: the total of the property to divide, in yuan.
    #[arg(long, value_name = "YUAN", allow_hyphen_values = true)]
    pub property: Option<String>,
    /// Personality rights: the damages claimed, in yuan.
    #[arg(long, value_name = "YUAN", allow_hyphen_values = true)]
    pub damages: Option<String>,
    /// Simple procedure (简易程序): half the acceptance fee (Art. 16).
    #[arg(long)]
    pub simple: bool,
    /// Settled by mediation (调解结案): half the acceptance fee (Art. 15).
    #[arg(long)]
    pub settled: bool,
    /// A counterclaim tried together (反诉): half the acceptance fee (Art. 18).
    #[arg(long)]
    pub counterclaim: bool,
    /// The plaintiff withdraws (撤诉): half the acceptance fee (Art. 15).
    #[arg(long)]
    pub withdrawn: bool,
    /// An independent-claim third party's claim tried together: half the acceptance fee (Art. 18).
    #[arg(long = "third-party")]
    pub third_party: bool,
    /// An appeal (Art. 17): --amount / --property / --damages is the part of the judgment appealed.
    #[arg(long, conflicts_with = "retrial")]
    pub appeal: bool,
    /// A retrial (Art. 19): --amount / --property / --damages is the part of the judgment contested.
    #[arg(long)]
    pub retrial: bool,
    /// Art. 8 case owing no acceptance fee: special-procedure, dismissal, ruling-appeal, admin-compensation.
    #[arg(long, value_name = "GROUND")]
    pub exempt: Option<String>,
    /// Cost estimate: add the preservation fee (Art. 14(二)) on this amount (no value: no amount).
    #[arg(long = "plus-preservation", value_name = "YUAN", num_args = 0..=1)]
    pub plus_preservation: Option<Option<String>>,
    /// Cost estimate: add the enforcement fee (Art. 14(一)) on this amount (no value: no amount, a range).
    #[arg(long = "plus-enforcement", value_name = "YUAN", num_args = 0..=1)]
    pub plus_enforcement: Option<Option<String>>,
    /// Cost estimate: add the appeal fee (Art. 17) on this contested amount (no value: the same amount).
    #[arg(long = "plus-appeal", value_name = "YUAN", num_args = 0..=1)]
    pub plus_appeal: Option<Option<String>>,
    /// Print one JSON object instead of the Chinese breakdown.
    #[arg(long)]
    pub json: bool,
    /// Also print the fee sheet (诉讼费用计算单) on the configured printer (`printer.uri`, e.g. a preview: dir).
    #[arg(long)]
    pub print: bool,
}

/// A refusal of the input: the flag it concerns and the message (one line on stderr, exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput {
    pub flag: &'static str,
    pub message: String,
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.flag, self.message)
    }
}

fn amount(flag: &'static str, text: Option<&str>) -> Result<Option<Fen>, BadInput> {
    match text {
        None => Ok(None),
        Some(t) => parse_amount(t).map(Some).map_err(|e| BadInput {
            flag,
            message: format!("{t:?} {e}; accepted: {ACCEPTED_AMOUNT_FORMS}"),
        }),
    }
}

const fn input_flag(input: Input) -> &'static str {
    match input {
        Input::Amount => "--amount",
        Input::Property => "--property",
        Input::Damages => "--damages",
    }
}

const fn reduction_flag(r: Reduction) -> &'static str {
    match r {
        Reduction::Settled => "--settled",
        Reduction::Withdrawn => "--withdrawn",
        Reduction::Simple => "--simple",
        Reduction::Counterclaim => "--counterclaim",
        Reduction::ThirdParty => "--third-party",
    }
}

fn kinds_taking(input: Input) -> String {
    FeeKind::ALL
        .iter()
        .filter(|k| k.needs(input) != fees::Need::No)
        .map(|k| k.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps a core refusal to the flag it concerns.
fn fee_error(e: &FeeError, part: CostPart) -> BadInput {
    let part_flag = match part {
        CostPart::Acceptance => None,
        CostPart::Preservation => Some("--plus-preservation"),
        CostPart::Enforcement => Some("--plus-enforcement"),
        CostPart::Appeal => Some("--plus-appeal"),
    };
    let (flag, message) = match *e {
        FeeError::InputRequired { kind, input } => (
            input_flag(input),
            format!("required for {kind}; accepted: {ACCEPTED_AMOUNT_FORMS}"),
        ),
        FeeError::InputNotUsed { kind, input } => match part_flag {
            Some(f) => (
                f,
                format!("{kind} has no amount to contest; give the flag without a value"),
            ),
            None => {
                let hint = match kind.main_input().or(Input::ALL
                    .into_iter()
                    .find(|i| kind.needs(*i) != fees::Need::No))
                {
                    Some(i) if i != input => format!("; {kind} takes {}", input_flag(i)),
                    _ => String::new(),
                };
                (
                    input_flag(input),
                    format!(
                        "not used by {kind}{hint}; accepted for: {}",
                        kinds_taking(input)
                    ),
                )
            }
        },
        FeeError::Negative { input } => (
            input_flag(input),
            format!("is negative; accepted: {ACCEPTED_AMOUNT_FORMS}"),
        ),
        FeeError::TooLarge { input } => (
            input_flag(input),
            format!("{e}; accepted: {ACCEPTED_AMOUNT_FORMS}"),
        ),
        FeeError::ReductionNotApplicable { reduction, .. } => {
            (reduction_flag(reduction), e.to_string())
        }
        FeeError::StageNotApplicable { stage, .. } => (
            if stage == Stage::Retrial {
                "--retrial"
            } else {
                "--appeal"
            },
            e.to_string(),
        ),
        FeeError::ExemptNotApplicable { .. } => ("--exempt", e.to_string()),
    };
    BadInput {
        flag: part_flag.unwrap_or(flag),
        message,
    }
}

/// The flags as a cost request (no I/O): every refusal names its flag.
pub fn request(a: &Args) -> Result<CostRequest, BadInput> {
    let kind = FeeKind::from_code(&a.kind).ok_or_else(|| BadInput {
        flag: "KIND",
        message: format!(
            "{:?} is not a fee kind; accepted: {}",
            a.kind,
            FeeKind::codes()
        ),
    })?;
    let mut case = FeeRequest::new(kind);
    case.amount = amount("--amount", a.amount.as_deref())?;
    case.property = amount("--property", a.property.as_deref())?;
    case.damages = amount("--damages", a.damages.as_deref())?;
    case.reductions = Reductions {
        settled: a.settled,
        withdrawn: a.withdrawn,
        simple: a.simple,
        counterclaim: a.counterclaim,
        third_party: a.third_party,
    };
    case.stage = match (a.appeal, a.retrial) {
        (true, _) => Stage::Appeal,
        (_, true) => Stage::Retrial,
        _ => Stage::FirstInstance,
    };
    case.exempt = match &a.exempt {
        None => None,
        Some(g) => Some(Art8Ground::from_code(g).ok_or_else(|| BadInput {
            flag: "--exempt",
            message: format!(
                "{g:?} is not a ground of Art. 8; accepted: {}",
                Art8Ground::codes()
            ),
        })?),
    };
    let optional = |flag, v: &Option<Option<String>>| -> Result<Option<Option<Fen>>, BadInput> {
        match v {
            None => Ok(None),
            Some(None) => Ok(Some(None)),
            Some(Some(t)) => amount(flag, Some(t)).map(Some),
        }
    };
    Ok(CostRequest {
        case,
        preservation: optional("--plus-preservation", &a.plus_preservation)?
            .map(|o| o.unwrap_or(Fen::ZERO)),
        enforcement: optional("--plus-enforcement", &a.plus_enforcement)?,
        appeal: optional("--plus-appeal", &a.plus_appeal)?,
    })
}

/// The court's schedule from the validated configuration.
pub fn schedule(cfg: &crate::config::Config) -> anyhow::Result<FeeSchedule> {
    FeeSchedule::from_config(i64::from(cfg.fees.rounding_unit_fen), &cfg.fees.fixed).map_err(
        |problems| {
            let list: Vec<String> = problems
                .iter()
                .map(|(k, e)| format!("fees.{k}: {e}"))
                .collect();
            anyhow::anyhow!("the fee configuration is not usable: {}", list.join("; "))
        },
    )
}

#[derive(Serialize)]
struct JsonLine<'a> {
    basis: &'a str,
    text: &'a str,
    min: String,
    max: String,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    kind: &'a str,
    min: String,
    max: String,
    halved: bool,
    lines: Vec<JsonLine<'a>>,
}

/// The contract's JSON object.
pub fn to_json(kind: FeeKind, est: &fees::CostEstimate) -> String {
    let lines = est.lines();
    let out = JsonResult {
        kind: kind.code(),
        min: est.min.to_string(),
        max: est.max.to_string(),
        halved: est.halved(),
        lines: lines
            .iter()
            .map(|l| JsonLine {
                basis: &l.basis,
                text: &l.text,
                min: l.min.to_string(),
                max: l.max.to_string(),
            })
            .collect(),
    };
    serde_json::to_string(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn line_text(l: &FeeLine) -> String {
    let mark = match l.role {
        LineRole::Info => "  （参考）",
        LineRole::Item | LineRole::Adjustment => "  ",
    };
    format!(
        "{mark}{} — {}：{}",
        crate::fee_sheet::short_basis(l),
        l.text,
        money(l.min, l.max)
    )
}

/// The readable Chinese breakdown (what the fee sheet prints too).
pub fn to_text(req: &CostRequest, est: &fees::CostEstimate) -> String {
    let mut out = String::new();
    let kind = req.case.kind;
    out.push_str(&format!("诉讼费用计算（依据{}）\n", fees::REGULATION));
    out.push_str(&format!("项目：{}（{}）\n", kind.name_zh(), kind.article()));
    for line in describe_inputs(req) {
        out.push_str(&line);
        out.push('\n');
    }
    for (part, result) in &est.parts {
        out.push_str(&format!("\n【{}】\n", part.label_zh()));
        for l in &result.lines {
            out.push_str(&line_text(l));
            out.push('\n');
        }
        out.push_str(&format!("  小计：{}\n", money(result.min, result.max)));
    }
    out.push_str(&format!("\n合计：{}\n", money(est.min, est.max)));
    if est.min != est.max {
        out.push_str(
            "（本院未确定具体数额的项目显示全国标准的最低额和最高额，以立案时法院通知为准。）\n",
        );
    }
    let notes: Vec<&String> = est.parts.iter().flat_map(|(_, r)| r.notes.iter()).collect();
    if !notes.is_empty() {
        out.push_str("\n说明：\n");
        let mut seen = Vec::new();
        for n in notes {
            if !seen.contains(&n) {
                out.push_str(&format!("  {n}\n"));
                seen.push(n);
            }
        }
    }
    out
}

/// Prints the fee sheet on the configured printer; the outcome goes to stderr (stdout stays the result).
fn print_sheet(
    cfg: &crate::config::Config,
    req: &CostRequest,
    est: &fees::CostEstimate,
) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now()
        .with_timezone(&cfg.court.time_zone)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let sheet = crate::fee_sheet::fee_sheet(&cfg.court.name, req, est, &now);
    let profile = court_printer::Profile::load_embedded(&cfg.printer.profile)?;
    let job = court_printer::render(&sheet, &profile)?;
    let result = court_printer::print_job(
        &cfg.printer.uri,
        Some(&cfg.storage.data_dir),
        &profile,
        &job,
    );
    match &result {
        court_printer::JobResult::Printed => eprintln!("fee sheet: printed"),
        court_printer::JobResult::Previewed { png, .. } => {
            eprintln!("fee sheet: previewed {}", png.display())
        }
        court_printer::JobResult::Unconfirmed { reason } => {
            eprintln!("fee sheet: unconfirmed ({reason})")
        }
        court_printer::JobResult::Failed { reason } => {
            eprintln!("error: fee sheet not printed: {reason}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses the flags, computes with the configured schedule and prints; bad input → exit code 2, one line on stderr.
pub fn run(a: Args, c: &super::Context) -> anyhow::Result<ExitCode> {
    let req = match request(&a) {
        Ok(r) => r,
        Err(bad) => {
            eprintln!("error: {bad}");
            return Ok(ExitCode::from(2));
        }
    };
    let cfg = c.config()?;
    let schedule = schedule(&cfg)?;
    let est = match fees::estimate(&req, &schedule) {
        Ok(e) => e,
        Err(CostError { part, error }) => {
            eprintln!("error: {}", fee_error(&error, part));
            return Ok(ExitCode::from(2));
        }
    };
    tracing::debug!(
        kind = req.case.kind.code(),
        halved = est.halved(),
        "fee computed"
    );
    if a.json {
        println!("{}", to_json(req.case.kind, &est));
    } else {
        print!("{}", to_text(&req, &est));
    }
    if a.print {
        return print_sheet(&cfg, &req, &est);
    }
    Ok(ExitCode::SUCCESS)
}
