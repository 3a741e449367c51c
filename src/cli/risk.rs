//! `court-kiosk risk …` (诉讼风险评估) and `court-kiosk limitation` (诉讼时效计算).
//!
//! Contracts (other tools depend on them):
//! - `risk list [--json]` → an array of `{"case_type", "name", "questions"}` over the enabled case types.
//! - `risk assess --case-type CODE --answers FILE.json [--as-of YYYY-MM-DD] [--json] [--print]` → the report as JSON: `level`,
//!   `findings` (each with `spc_item` 1–17, `level`, `text`, `basis`, `action`), `groups`, `limitation`, `tendency`,
//!   `costs`, `next_steps`, `unanswered`, `advisory`. The answers file is one JSON object: question id → answer
//!   (`true`/`false`, an option id, a list of option ids, `"YYYY-MM-DD"`, an amount in yuan, or `null` = skipped).
//! - `risk questions --case-type CODE [--json]` → the questionnaire (to write an answers file).
//! - `limitation --claim general|labor-arbitration|international-sale|enforcement|no-limitation --known YYYY-MM-DD
//!   [--harm D] [--interrupted D]… [--suspended-from D --suspended-to D] [--instalment] [--as-of D] [--json]` →
//!   `{"status": "running"|"expired"|"not-applicable", "expires": "YYYY-MM-DD"|null, "days_left": N|null,
//!   "basis": [...], "steps": [...], "warnings": [...], "advisory": "..."}`.
//!
//! `--as-of` defaults to today in the court's time zone (`court.time_zone`); the clock is read only here. Bad input:
//! exit code 2 and one line on stderr naming the flag. Both commands call the same core functions as the touch
//! screen (`court_core::limitation::compute`, `court_core::risk::assess`), so they agree.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use court_core::limitation::{
    self, ClaimKind, LimitationInput, LimitationResult, Status, Suspension,
};
use court_core::risk::{
    self, Answers, FeeScheduleEstimator, LimitationOutcome, QuestionKind, RawAnswer, Report,
};
use serde::Serialize;

use crate::config::Config;

#[derive(clap::Subcommand, Debug)]
pub enum Args {
    /// List the case types that have a risk questionnaire.
    List(ListArgs),
    /// Show one case type's questions (ids, kinds, options), to write an answers file.
    Questions(QuestionsArgs),
    /// Assess a set of answers and print the report.
    Assess(AssessArgs),
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Print JSON: [{"case_type","name","questions"}].
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct QuestionsArgs {
    /// The case type's code (see `risk list`).
    #[arg(long = "case-type", value_name = "CODE")]
    pub case_type: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct AssessArgs {
    /// The case type's code (see `risk list`).
    #[arg(long = "case-type", value_name = "CODE")]
    pub case_type: String,
    /// A JSON object mapping question ids to answers.
    #[arg(long, value_name = "FILE.json")]
    pub answers: PathBuf,
    /// The day of the assessment (default: today in the court's time zone).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    #[arg(long)]
    pub json: bool,
    /// Also print the report (诉讼风险评估报告) on the configured printer (`printer.uri`, e.g. a preview: dir).
    #[arg(long)]
    pub print: bool,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Dates are YYYY-MM-DD. The result is advisory: limitation is a defence the court does not \
apply of its own motion (民法典 Art. 192–193)."
)]
pub struct LimitationArgs {
    /// general (3 years, 民法典 Art. 188) | labor-arbitration (1 year) | international-sale (4 years) |
    /// enforcement (2 years) | no-limitation (Art. 196).
    #[arg(long, value_name = "KIND")]
    pub claim: String,
    /// The day the harm and the obligor became known (instalments: the last due date; enforcement: the last day of
    /// performance fixed by the judgment).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub known: String,
    /// The day of the harm itself (20-year cap, Art. 188 para. 2).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub harm: Option<String>,
    /// A demand, acknowledgement, part payment, suit… (Art. 195); repeat for several.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub interrupted: Vec<String>,
    /// First day of an obstacle to exercising the right (Art. 194).
    #[arg(
        long = "suspended-from",
        value_name = "YYYY-MM-DD",
        requires = "suspended_to"
    )]
    pub suspended_from: Option<String>,
    /// Last day of that obstacle.
    #[arg(
        long = "suspended-to",
        value_name = "YYYY-MM-DD",
        requires = "suspended_from"
    )]
    pub suspended_to: Option<String>,
    /// --known is the last instalment's due date (Art. 189).
    #[arg(long)]
    pub instalment: bool,
    /// The day of the question (default: today in the court's time zone).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// A refusal of the input: the flag and what was wrong (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput {
    pub flag: String,
    pub message: String,
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.flag, self.message)
    }
}

fn bad(flag: &str, message: impl Into<String>) -> BadInput {
    BadInput {
        flag: flag.to_string(),
        message: message.into(),
    }
}

fn refuse(b: &BadInput) -> ExitCode {
    eprintln!("error: {b}");
    ExitCode::from(2)
}

/// Parses a `YYYY-MM-DD` flag value.
pub fn parse_date(flag: &str, s: &str) -> Result<NaiveDate, BadInput> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        bad(
            flag,
            format!("{s:?} is not a date; accepted: YYYY-MM-DD (e.g. 2024-03-15)"),
        )
    })
}

/// Today in the court's time zone — the only place these commands read the clock.
fn today(cfg: &Config) -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&cfg.court.time_zone)
        .date_naive()
}

fn as_of(cfg: &Config, flag: Option<&str>) -> Result<NaiveDate, BadInput> {
    match flag {
        Some(s) => parse_date("--as-of", s),
        None => Ok(today(cfg)),
    }
}

// ---------------------------------------------------------------- limitation

/// The core input from the flags (dates checked, claim kind known).
pub fn limitation_input(a: &LimitationArgs, as_of: NaiveDate) -> Result<LimitationInput, BadInput> {
    let claim = ClaimKind::from_code(&a.claim).ok_or_else(|| {
        let accepted: Vec<&str> = ClaimKind::ALL.iter().map(|k| k.code()).collect();
        bad(
            "--claim",
            format!(
                "{:?} is not a claim kind; accepted: {}",
                a.claim,
                accepted.join(", ")
            ),
        )
    })?;
    let mut input = LimitationInput::new(claim, parse_date("--known", &a.known)?, as_of);
    input.instalment = a.instalment;
    input.harm = a
        .harm
        .as_deref()
        .map(|s| parse_date("--harm", s))
        .transpose()?;
    input.interruptions = a
        .interrupted
        .iter()
        .map(|s| parse_date("--interrupted", s))
        .collect::<Result<_, _>>()?;
    input.suspension = match (&a.suspended_from, &a.suspended_to) {
        (Some(f), Some(t)) => Some(Suspension {
            from: parse_date("--suspended-from", f)?,
            to: parse_date("--suspended-to", t)?,
        }),
        (None, None) => None,
        (Some(_), None) => return Err(bad("--suspended-to", "required with --suspended-from")),
        (None, Some(_)) => return Err(bad("--suspended-from", "required with --suspended-to")),
    };
    Ok(input)
}

#[derive(Serialize)]
struct LimitationJson<'a> {
    status: Status,
    claim: ClaimKind,
    expires: Option<String>,
    days_left: Option<i64>,
    as_of: String,
    basis: &'a [String],
    steps: &'a [String],
    warnings: &'a [String],
    advisory: &'a str,
}

/// The contract's JSON form of a limitation result.
pub fn limitation_json(r: &LimitationResult) -> serde_json::Value {
    let j = LimitationJson {
        status: r.status,
        claim: r.claim,
        expires: r.expires.map(|d| d.format("%Y-%m-%d").to_string()),
        days_left: r.days_left,
        as_of: r.as_of.format("%Y-%m-%d").to_string(),
        basis: &r.basis,
        steps: &r.steps,
        warnings: &r.warnings,
        advisory: &r.advisory,
    };
    serde_json::to_value(j).unwrap_or(serde_json::Value::Null)
}

/// Readable Chinese.
pub fn limitation_text(r: &LimitationResult) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "诉讼时效计算（{}）", r.claim.name());
    let _ = writeln!(s, "结论：{}", r.status.label());
    if let Some(e) = r.expires {
        let _ = writeln!(s, "期间最后一日：{}", e.format("%Y年%m月%d日"));
    }
    if let Some(d) = r.days_left {
        let _ = writeln!(s, "距{}还有：{d}天", r.as_of.format("%Y年%m月%d日"));
    }
    let _ = writeln!(s, "计算过程：");
    for (i, step) in r.steps.iter().enumerate() {
        let _ = writeln!(s, "  {}. {step}", i + 1);
    }
    for w in &r.warnings {
        let _ = writeln!(s, "注意：{w}");
    }
    let _ = writeln!(s, "依据：");
    for b in &r.basis {
        let _ = writeln!(s, "  · {b}");
    }
    let _ = writeln!(s, "{}", r.advisory);
    s
}

pub fn run_limitation(a: LimitationArgs, c: &super::Context) -> anyhow::Result<ExitCode> {
    let cfg = c.config()?;
    let input = match as_of(&cfg, a.as_of.as_deref()).and_then(|d| limitation_input(&a, d)) {
        Ok(i) => i,
        Err(b) => return Ok(refuse(&b)),
    };
    let result = match limitation::compute(&input, crate::content::calendar()) {
        Ok(r) => r,
        Err(e) => return Ok(refuse(&bad(&format!("--{}", e.field()), e.to_string()))),
    };
    tracing::debug!(claim = result.claim.code(), status = ?result.status, "limitation computed");
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&limitation_json(&result))?
        );
    } else {
        print!("{}", limitation_text(&result));
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- risk

#[derive(Serialize)]
struct ListRow<'a> {
    case_type: &'a str,
    name: &'a str,
    questions: usize,
}

/// The enabled questionnaires, in the configured order.
pub fn enabled(cfg: &Config) -> Vec<&'static risk::Questionnaire> {
    cfg.risk
        .enabled_case_types
        .iter()
        .filter_map(|code| crate::content::questionnaire(code))
        .collect()
}

fn case_type(cfg: &Config, code: &str) -> Result<&'static risk::Questionnaire, BadInput> {
    enabled(cfg)
        .into_iter()
        .find(|q| q.code == code)
        .ok_or_else(|| {
            let codes: Vec<&str> = enabled(cfg).iter().map(|q| q.code.as_str()).collect();
            bad(
                "--case-type",
                format!(
                    "{code:?} is not an enabled case type; accepted: {}",
                    codes.join(", ")
                ),
            )
        })
}

/// Reads and checks an answers file.
pub fn read_answers(q: &risk::Questionnaire, path: &std::path::Path) -> Result<Answers, BadInput> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad("--answers", format!("cannot read {}: {e}", path.display())))?;
    let raw: BTreeMap<String, Option<RawAnswer>> = serde_json::from_str(&text).map_err(|e| {
        bad(
            "--answers",
            format!(
                "{} is not a JSON object of question id → answer: {e}",
                path.display()
            ),
        )
    })?;
    Answers::from_raw(q, &raw).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        bad("--answers", list.join("; "))
    })
}

/// Assesses with the configured fee schedule and the embedded calendar (the touch screen calls this too).
pub fn assess(
    cfg: &Config,
    q: &risk::Questionnaire,
    answers: &Answers,
    as_of: NaiveDate,
) -> anyhow::Result<Report> {
    let schedule = super::fee::schedule(cfg)?;
    let estimator = FeeScheduleEstimator {
        schedule: &schedule,
    };
    Ok(risk::assess(
        q,
        answers,
        as_of,
        crate::content::calendar(),
        &estimator,
    ))
}

fn counter_name(cfg: &Config, code: &str) -> String {
    match cfg.services.iter().find(|s| s.code == code) {
        Some(s) => format!("{}（{}窗口）", s.name, s.prefix),
        None => code.to_string(),
    }
}

/// The report as readable Chinese (the command line; the printed receipt uses the same order).
pub fn report_text(cfg: &Config, r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "诉讼风险评估报告 · {}", r.name);
    let _ = writeln!(s, "评估日期：{}", r.as_of.format("%Y年%m月%d日"));
    let _ = writeln!(s, "总体风险：{}（{}）", r.level.text(), r.level_label);
    let _ = writeln!(s, "\n案件结果预判：{}", r.tendency.label);
    for reason in &r.tendency.reasons {
        let _ = writeln!(s, "  · {reason}");
    }
    let _ = writeln!(s, "  （{}）", r.tendency.method);
    let _ = writeln!(s, "\n风险提示（按《人民法院民事诉讼风险提示书》分项）");
    for g in &r.groups {
        let _ = writeln!(
            s,
            "\n【{}】{}  风险：{}",
            g.spc_item,
            g.title,
            g.level.text()
        );
        for f in r.findings.iter().filter(|f| g.findings.contains(&f.id)) {
            let _ = writeln!(s, "  [{}] {}", f.level.text(), f.text);
            let _ = writeln!(s, "      建议：{}", f.action);
            for b in &f.basis {
                let _ = writeln!(s, "      依据：{b}");
            }
        }
    }
    let _ = writeln!(s, "\n诉讼时效");
    match &r.limitation {
        LimitationOutcome::Computed { result, .. } => {
            for line in limitation_text(result).lines().skip(1) {
                let _ = writeln!(s, "  {line}");
            }
        }
        LimitationOutcome::NotApplicable { reason, basis } => {
            let _ = writeln!(s, "  {reason}");
            for b in basis {
                let _ = writeln!(s, "  依据：{b}");
            }
        }
        LimitationOutcome::Unknown { reason } => {
            let _ = writeln!(s, "  {reason}");
        }
        LimitationOutcome::NotAsked => {
            let _ = writeln!(s, "  本类案件未评估诉讼时效。");
        }
    }
    if let Some(costs) = &r.costs {
        let _ = writeln!(s, "\n预计费用");
        for l in &costs.lines {
            let _ = writeln!(s, "  {}：{}  {}", l.label, l.amount, l.basis);
        }
        for n in &costs.notes {
            let _ = writeln!(s, "  注：{n}");
        }
    }
    let _ = writeln!(s, "\n下一步");
    let counters: Vec<String> = r
        .next_steps
        .counters
        .iter()
        .map(|c| counter_name(cfg, c))
        .collect();
    let _ = writeln!(s, "  请到：{}", counters.join("、"));
    let _ = writeln!(s, "  请携带：");
    for d in &r.next_steps.documents {
        let _ = writeln!(s, "    · {d}");
    }
    if !r.next_steps.alternatives.is_empty() {
        let _ = writeln!(s, "  其他解决途径：");
        for a in &r.next_steps.alternatives {
            let _ = writeln!(s, "    · {}（{}）", a.text, a.basis.join("；"));
        }
    }
    if !r.unanswered.is_empty() {
        let _ = writeln!(s, "\n未回答的问题：{}", r.unanswered.join(", "));
    }
    let _ = writeln!(s, "\n{}", r.advisory);
    s
}

/// Prints the report on the configured printer (the same receipt as the touch screen's 打印).
fn print_report(cfg: &Config, report: &Report) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now()
        .with_timezone(&cfg.court.time_zone)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let sheet = crate::risk_sheet::risk_sheet(cfg, report, &now);
    let profile = court_printer::Profile::load_embedded(&cfg.printer.profile)?;
    let job = court_printer::render(&sheet, &profile)?;
    match court_printer::print_job(
        &cfg.printer.uri,
        Some(&cfg.storage.data_dir),
        &profile,
        &job,
    ) {
        court_printer::JobResult::Printed => eprintln!("risk report: printed"),
        court_printer::JobResult::Previewed { png, .. } => {
            eprintln!("risk report: previewed {}", png.display())
        }
        court_printer::JobResult::Unconfirmed { reason } => {
            eprintln!("risk report: unconfirmed ({reason})")
        }
        court_printer::JobResult::Failed { reason } => {
            eprintln!("error: risk report not printed: {reason}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct QuestionRow<'a> {
    id: &'a str,
    kind: QuestionKind,
    text: &'a str,
    options: Vec<(&'a str, &'a str)>,
    conditional: bool,
    optional: bool,
}

pub fn run(a: Args, c: &super::Context) -> anyhow::Result<ExitCode> {
    let cfg = c.config()?;
    match a {
        Args::List(l) => {
            let rows: Vec<ListRow> = enabled(&cfg)
                .into_iter()
                .map(|q| ListRow {
                    case_type: &q.code,
                    name: &q.name,
                    questions: q.questions.len(),
                })
                .collect();
            if l.json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in rows {
                    println!("{:<18} {}（{}个问题）", r.case_type, r.name, r.questions);
                }
            }
        }
        Args::Questions(qa) => {
            let q = match case_type(&cfg, &qa.case_type) {
                Ok(q) => q,
                Err(b) => return Ok(refuse(&b)),
            };
            let rows: Vec<QuestionRow> = q
                .questions
                .iter()
                .map(|x| QuestionRow {
                    id: &x.id,
                    kind: x.kind,
                    text: &x.text,
                    options: x
                        .options
                        .iter()
                        .map(|o| (o.id.as_str(), o.label.as_str()))
                        .collect(),
                    conditional: !x.show_if.is_empty(),
                    optional: x.optional,
                })
                .collect();
            if qa.json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!("{}（{}）", q.name, q.code);
                for r in rows {
                    let opts: Vec<String> = r
                        .options
                        .iter()
                        .map(|(id, l)| format!("{id}={l}"))
                        .collect();
                    println!(
                        "  {:<22} {:<8} {}{}{}",
                        r.id,
                        r.kind.code(),
                        r.text,
                        if r.conditional {
                            " [视前面的回答显示]"
                        } else {
                            ""
                        },
                        if opts.is_empty() {
                            String::new()
                        } else {
                            format!("\n{:33}{}", "", opts.join("  "))
                        }
                    );
                }
            }
        }
        Args::Assess(aa) => {
            let q = match case_type(&cfg, &aa.case_type) {
                Ok(q) => q,
                Err(b) => return Ok(refuse(&b)),
            };
            let prepared = as_of(&cfg, aa.as_of.as_deref())
                .and_then(|d| Ok((d, read_answers(q, &aa.answers)?)));
            let (day, answers) = match prepared {
                Ok(p) => p,
                Err(b) => return Ok(refuse(&b)),
            };
            let report = assess(&cfg, q, &answers, day)?;
            tracing::debug!(case_type = %q.code, level = report.level.text(), findings = report.findings.len(), "risk assessed");
            if aa.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report_text(&cfg, &report));
            }
            if aa.print {
                return print_report(&cfg, &report);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
