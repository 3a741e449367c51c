//! From answers to the report: rules → findings, the limitation result (the same [`limitation::compute`] the
//! `limitation` command uses), the outcome tendency with its reasons, the cost estimate, next steps.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::RestDayCalendar;
use crate::limitation::{self, ClaimKind, LimitationInput, LimitationResult, Status, Suspension};
use crate::money::Fen;

use super::answers::{all_hold, Answer, Answers};
use super::model::{Alternative, Effect, FeeCategory, Questionnaire};
use super::{spc_title, Level};

/// The statement every report carries.
pub const ADVISORY: &str = "本评估根据您的回答和《人民法院民事诉讼风险提示书》自动生成，仅供参考，不是人民法院对案件的认定，\
也不影响您依法行使诉讼权利。诉讼时效是义务人的抗辩事由，人民法院不主动适用（《民法典》第一百九十二条、第一百九十三条）。";

/// A limitation period ending within this many days is flagged as urgent.
pub const URGENT_DAYS: i64 = 180;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id (or `limitation-*` for the limitation findings).
    pub id: String,
    pub spc_item: u8,
    pub spc_title: String,
    pub level: Level,
    pub text: String,
    pub action: String,
    pub basis: Vec<String>,
    pub effect: Effect,
}

/// Findings of one SPC item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpcGroup {
    pub spc_item: u8,
    pub title: String,
    /// The highest level among its findings.
    pub level: Level,
    /// Ids of its findings, in report order.
    pub findings: Vec<String>,
}

/// The limitation part of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LimitationOutcome {
    /// Computed by [`limitation::compute`] from the answers.
    Computed {
        input_claim: ClaimKind,
        result: LimitationResult,
    },
    /// The content says no limitation runs for these answers.
    NotApplicable { reason: String, basis: Vec<String> },
    /// The start date is missing or the dates contradict each other.
    Unknown { reason: String },
    /// This case type has no limitation section.
    NotAsked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tendency {
    /// No reason against, at least one for.
    Favourable,
    /// Reasons against, none of them high.
    Uncertain,
    /// At least one high reason against.
    Unfavourable,
    /// Neither.
    Insufficient,
}

impl Tendency {
    pub fn label(self) -> &'static str {
        match self {
            Self::Favourable => "证据较充分",
            Self::Uncertain => "存在一定风险，需要补强",
            Self::Unfavourable => "存在较大败诉风险",
            Self::Insufficient => "信息不足，难以预判",
        }
    }
}

/// 案件结果预判: a tendency and the findings that produced it — never a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TendencyResult {
    pub tendency: Tendency,
    pub label: String,
    /// The texts of the findings that decided it.
    pub reasons: Vec<String>,
    /// Findings in the litigant's favour (shown also when the tendency is against).
    pub favourable: Vec<String>,
    /// How the tendency is decided.
    pub method: String,
}

/// What the fee calculator is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRequest {
    pub category: FeeCategory,
    /// The amount claimed.
    pub amount: Option<Fen>,
    /// Property to divide (divorce).
    pub property: Option<Fen>,
    /// The litigant means to apply for preservation.
    pub preservation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    pub label: String,
    /// The figure as shown, e.g. "1,050.00元" or "50.00元至300.00元".
    pub amount: String,
    pub basis: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEstimate {
    pub lines: Vec<CostLine>,
    pub notes: Vec<String>,
}

/// The seam to the fee calculator (`court_core::fees`), so that the report does not fix how fees are computed.
pub trait CostEstimator {
    fn estimate(&self, request: &CostRequest) -> CostEstimate;
}

/// Used where no fee schedule is available: says so instead of inventing a figure.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCostEstimator;

impl CostEstimator for NoCostEstimator {
    fn estimate(&self, _request: &CostRequest) -> CostEstimate {
        CostEstimate {
            lines: Vec::new(),
            notes: vec!["诉讼费用估算暂不可用，请到诉讼费收退窗口咨询。".into()],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextSteps {
    /// Counter service codes (`[[services]]` of the configuration), the main one first.
    pub counters: Vec<String>,
    pub documents: Vec<String>,
    pub alternatives: Vec<Alternative>,
    /// The suggested actions of the high and medium findings, in report order.
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub case_type: String,
    pub name: String,
    pub as_of: NaiveDate,
    /// The highest level among the findings.
    pub level: Level,
    pub level_label: String,
    pub findings: Vec<Finding>,
    pub groups: Vec<SpcGroup>,
    pub limitation: LimitationOutcome,
    pub tendency: TendencyResult,
    pub costs: Option<CostEstimate>,
    pub next_steps: NextSteps,
    /// Visible questions left unanswered.
    pub unanswered: Vec<String>,
    pub advisory: String,
}

fn date_of(eff: &BTreeMap<&str, &Answer>, id: &str) -> Option<NaiveDate> {
    match eff.get(id) {
        Some(Answer::Date(d)) => Some(*d),
        _ => None,
    }
}

fn amount_of(eff: &BTreeMap<&str, &Answer>, id: Option<&String>) -> Option<Fen> {
    match id.and_then(|id| eff.get(id.as_str())) {
        Some(Answer::Amount(a)) => Some(*a),
        _ => None,
    }
}

fn limitation_outcome(
    q: &Questionnaire,
    eff: &BTreeMap<&str, &Answer>,
    as_of: NaiveDate,
    calendar: &RestDayCalendar,
) -> LimitationOutcome {
    let Some(spec) = &q.limitation else {
        return LimitationOutcome::NotAsked;
    };
    if !spec.no_limitation_if.is_empty() && all_hold(&spec.no_limitation_if, eff) {
        return LimitationOutcome::NotApplicable {
            reason: spec.no_limitation_reason.clone(),
            basis: spec.no_limitation_basis.clone(),
        };
    }
    let claim = spec
        .claim_if
        .iter()
        .find(|(w, _)| all_hold(w, eff))
        .map(|(_, k)| *k)
        .unwrap_or(spec.claim);
    if claim == ClaimKind::NoLimitation {
        let reason = if spec.no_limitation_reason.is_empty() {
            ClaimKind::NoLimitation.name().to_string()
        } else {
            spec.no_limitation_reason.clone()
        };
        let mut basis = spec.no_limitation_basis.clone();
        if basis.is_empty() {
            basis.push(limitation::BASIS_196.to_string());
        }
        return LimitationOutcome::NotApplicable { reason, basis };
    }
    let known_id = spec.known.as_deref().unwrap_or_default();
    let Some(known) = date_of(eff, known_id) else {
        let text = q
            .question(known_id)
            .map(|x| x.text.as_str())
            .unwrap_or(known_id);
        return LimitationOutcome::Unknown {
            reason: format!("未回答“{text}”，无法推算时效。"),
        };
    };
    let mut input = LimitationInput::new(claim, known, as_of);
    input.instalment = !spec.instalment_if.is_empty() && all_hold(&spec.instalment_if, eff);
    input.harm = spec.harm.as_deref().and_then(|h| date_of(eff, h));
    input.interruptions = spec
        .interrupted
        .iter()
        .filter_map(|i| date_of(eff, i))
        .collect();
    if let Some((f, t)) = &spec.suspension {
        if let (Some(from), Some(to)) = (date_of(eff, f), date_of(eff, t)) {
            input.suspension = Some(Suspension { from, to });
        }
    }
    match limitation::compute(&input, calendar) {
        Ok(result) => LimitationOutcome::Computed {
            input_claim: claim,
            result,
        },
        Err(e) => LimitationOutcome::Unknown {
            reason: format!(
                "您填写的日期前后矛盾（{}），无法推算时效，请核对后重新评估。",
                e.field()
            ),
        },
    }
}

fn limitation_finding(outcome: &LimitationOutcome) -> Option<Finding> {
    let f =
        |id: &str, level: Level, text: String, action: &str, basis: Vec<String>, effect: Effect| {
            Finding {
                id: id.to_string(),
                spc_item: 4,
                spc_title: spc_title(4).unwrap_or_default().to_string(),
                level,
                text,
                action: action.to_string(),
                basis,
                effect,
            }
        };
    match outcome {
        LimitationOutcome::NotAsked => None,
        LimitationOutcome::NotApplicable { reason, basis } => Some(f(
            "limitation-not-applicable",
            Level::Low,
            reason.clone(),
            "无需担心时效问题，但仍应及时主张权利。",
            basis.clone(),
            Effect::Neutral,
        )),
        LimitationOutcome::Unknown { reason } => Some(f(
            "limitation-unknown",
            Level::Medium,
            reason.clone(),
            "请找出知道权利受损的日期以及催收、对方承认债务的记录，到窗口请工作人员帮助计算。",
            vec![limitation::BASIS_188_1.to_string()],
            Effect::Neutral,
        )),
        LimitationOutcome::Computed { result, .. } => {
            let expires = result.expires.map(|d| d.to_string()).unwrap_or_default();
            Some(match (result.status, result.days_left) {
                (Status::Expired, _) => f(
                    "limitation-expired",
                    Level::High,
                    format!("按您提供的日期推算，{}可能已于{expires}届满。对方提出时效抗辩的，您的请求可能得不到支持。", result.claim.name()),
                    "查找届满前催收、对方承认欠款、部分还款、申请调解等记录（可能构成时效中断）；对方在届满后同意还款的，保存好书面证据。",
                    result.basis.clone(),
                    Effect::Against,
                ),
                (_, Some(days)) if days <= URGENT_DAYS => f(
                    "limitation-urgent",
                    Level::Medium,
                    format!("{}将于{expires}届满，只剩{days}天。", result.claim.name()),
                    "尽快起诉（或申请仲裁），或以能留存证据的方式向对方催告，使时效中断。",
                    result.basis.clone(),
                    Effect::Neutral,
                ),
                _ => f(
                    "limitation-running",
                    Level::Low,
                    format!("{}尚未届满，按您提供的日期推算最后一日为{expires}。", result.claim.name()),
                    "在届满前起诉或以可留存证据的方式催告对方。",
                    result.basis.clone(),
                    Effect::Neutral,
                ),
            })
        }
    }
}

const TENDENCY_METHOD: &str =
    "判断规则：存在高风险的不利因素 → 存在较大败诉风险；只有中、低风险的不利因素 → 存在一定风险；\
没有不利因素且有有利因素 → 证据较充分；都没有 → 信息不足。只依据上列风险提示，不计算分数。";

fn tendency(findings: &[Finding]) -> TendencyResult {
    let texts = |pred: &dyn Fn(&Finding) -> bool| {
        findings
            .iter()
            .filter(|f| pred(f))
            .map(|f| f.text.clone())
            .collect::<Vec<_>>()
    };
    let high_against = texts(&|f| f.effect == Effect::Against && f.level == Level::High);
    let other_against = texts(&|f| f.effect == Effect::Against && f.level != Level::High);
    let favourable = texts(&|f| f.effect == Effect::For);
    let (tendency, reasons) = if !high_against.is_empty() {
        (Tendency::Unfavourable, high_against)
    } else if !other_against.is_empty() {
        (Tendency::Uncertain, other_against)
    } else if !favourable.is_empty() {
        (Tendency::Favourable, favourable.clone())
    } else {
        (
            Tendency::Insufficient,
            vec!["您的回答中没有足以判断证据强弱的信息。".to_string()],
        )
    };
    TendencyResult {
        tendency,
        label: tendency.label().to_string(),
        reasons,
        favourable,
        method: TENDENCY_METHOD.into(),
    }
}

/// Assesses one set of answers. Pure: `as_of` (today in the court's time zone), the calendar and the fee
/// calculator are passed in.
pub fn assess(
    q: &Questionnaire,
    answers: &Answers,
    as_of: NaiveDate,
    calendar: &RestDayCalendar,
    costs: &dyn CostEstimator,
) -> Report {
    let eff = answers.effective(q);
    let mut findings: Vec<Finding> = q
        .rules
        .iter()
        .filter(|r| all_hold(&r.when, &eff))
        .map(|r| Finding {
            id: r.id.clone(),
            spc_item: r.spc_item,
            spc_title: spc_title(r.spc_item).unwrap_or_default().to_string(),
            level: r.level,
            text: r.text.clone(),
            action: r.action.clone(),
            basis: r.basis.clone(),
            effect: r.effect,
        })
        .collect();
    let limitation = limitation_outcome(q, &eff, as_of, calendar);
    findings.extend(limitation_finding(&limitation));
    // By SPC item, the higher level first; stable otherwise (content order).
    findings.sort_by(|a, b| a.spc_item.cmp(&b.spc_item).then(b.level.cmp(&a.level)));

    let mut groups: Vec<SpcGroup> = Vec::new();
    for f in &findings {
        match groups.last_mut() {
            Some(g) if g.spc_item == f.spc_item => {
                g.level = g.level.max(f.level);
                g.findings.push(f.id.clone());
            }
            _ => groups.push(SpcGroup {
                spc_item: f.spc_item,
                title: f.spc_title.clone(),
                level: f.level,
                findings: vec![f.id.clone()],
            }),
        }
    }
    let level = findings.iter().map(|f| f.level).max().unwrap_or(Level::Low);

    let costs = q.costs.as_ref().map(|spec| {
        let request = CostRequest {
            category: spec.fee,
            amount: amount_of(&eff, spec.amount.as_ref()),
            property: amount_of(&eff, spec.property.as_ref()),
            preservation: !spec.preservation_if.is_empty() && all_hold(&spec.preservation_if, &eff),
        };
        costs.estimate(&request)
    });

    let fired: Vec<&super::model::Rule> =
        q.rules.iter().filter(|r| all_hold(&r.when, &eff)).collect();
    let mut counters = vec![q.counter.clone()];
    let mut documents = q.documents.clone();
    for r in &fired {
        if let Some(c) = &r.counter {
            if !counters.contains(c) {
                counters.push(c.clone());
            }
        }
        for d in &r.documents {
            if !documents.contains(d) {
                documents.push(d.clone());
            }
        }
    }
    let mut actions: Vec<String> = Vec::new();
    for f in findings.iter().filter(|f| f.level >= Level::Medium) {
        if !actions.contains(&f.action) {
            actions.push(f.action.clone());
        }
    }
    let tendency = tendency(&findings);
    Report {
        case_type: q.code.clone(),
        name: q.name.clone(),
        as_of,
        level,
        level_label: level.label().to_string(),
        findings,
        groups,
        limitation,
        tendency,
        costs,
        next_steps: NextSteps {
            counters,
            documents,
            alternatives: q.alternatives.clone(),
            actions,
        },
        unanswered: answers
            .unanswered(q)
            .into_iter()
            .map(|x| x.id.clone())
            .collect(),
        advisory: ADVISORY.to_string(),
    }
}
