//! The content model of one case type's questionnaire, as parsed and validated from `kiosk-config/risk/*.toml`.
//!
//! A content file, in short (see `kiosk-config/risk/README.md` for the full format):
//!
//! ```toml
//! code = "private-lending"          # stable kebab-case code
//! name = "民间借贷纠纷"
//! counter = "filing"                # the counter service to go to next (default.toml [[services]] code)
//! documents = ["身份证件原件及复印件"]
//! [[alternatives]]                  # mediation, arbitration… with their basis
//! [limitation]                      # which answers feed the limitation calculator
//! [costs]                           # which answers feed the fee estimate
//! [[questions]]                     # id, kind (yes-no | single | multiple | date | amount), text, options, show_if
//! [[rules]]                         # id, when, level, spc_item, text, action, basis, effect
//! ```

use serde::{Deserialize, Serialize};

use crate::limitation::ClaimKind;
use crate::money::Fen;

use super::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    YesNo,
    Single,
    Multiple,
    Date,
    Amount,
}

impl QuestionKind {
    pub const CODES: &'static str = "yes-no, single, multiple, date, amount";

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "yes-no" => Some(Self::YesNo),
            "single" => Some(Self::Single),
            "multiple" => Some(Self::Multiple),
            "date" => Some(Self::Date),
            "amount" => Some(Self::Amount),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::YesNo => "yes-no",
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::Date => "date",
            Self::Amount => "amount",
        }
    }
}

/// One option of a single- or multiple-choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    /// A longer explanation shown under the question.
    pub help: Option<String>,
    pub options: Vec<Choice>,
    /// Shown only when every condition holds (conditions refer to earlier questions).
    pub show_if: Vec<Condition>,
    /// The litigant may answer "不清楚 / 跳过".
    pub optional: bool,
}

impl Question {
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|c| c.id == id)
    }
}

/// A test on one question's answer. An unanswered (or skipped) question fails every test except
/// `Answered(false)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Test {
    /// yes-no: "yes" / "no"; single: an option id.
    Equals(String),
    /// yes-no or single: answered, and not this value.
    Not(String),
    /// multiple: this option is chosen.
    Includes(String),
    /// multiple: answered, and this option is not chosen.
    Excludes(String),
    /// single or multiple: one of these options is chosen.
    AnyOf(Vec<String>),
    /// Whether the question has an answer at all.
    Answered(bool),
    /// amount: at least this much.
    AtLeast(Fen),
    /// amount: less than this.
    Below(Fen),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    pub test: Test,
}

/// How a rule's finding bears on the outcome tendency (案件结果预判).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    Neutral,
    /// A reason the claim is well supported (e.g. an IOU and the transfer records).
    For,
    /// A reason the claim may fail.
    Against,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    /// Every condition must hold (at least one).
    pub when: Vec<Condition>,
    pub level: Level,
    /// 《人民法院民事诉讼风险提示书》 item, 1–17.
    pub spc_item: u8,
    pub text: String,
    pub action: String,
    pub basis: Vec<String>,
    pub effect: Effect,
    /// A counter service this finding sends the litigant to (e.g. "judicial-aid").
    pub counter: Option<String>,
    /// Documents this finding asks the litigant to bring.
    pub documents: Vec<String>,
}

/// An alternative route (mediation, arbitration…) with its basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub text: String,
    pub basis: Vec<String>,
}

/// Which answers feed the limitation calculator ([`crate::limitation::compute`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitationSpec {
    pub claim: ClaimKind,
    /// The first entry whose conditions all hold replaces `claim`.
    pub claim_if: Vec<(Vec<Condition>, ClaimKind)>,
    /// Date question: the start (known harm / last instalment / end of employment…). Absent only when the claim
    /// is `no-limitation`.
    pub known: Option<String>,
    /// When these conditions hold, `known` is the last instalment's due date (民法典 Art. 189).
    pub instalment_if: Vec<Condition>,
    /// Date question: the harm itself (20-year cap).
    pub harm: Option<String>,
    /// Date questions: the latest demand, acknowledgement, part payment… (Art. 195).
    pub interrupted: Vec<String>,
    /// Date questions: an obstacle's first and last day (Art. 194).
    pub suspension: Option<(String, String)>,
    /// When these conditions hold (non-empty), or when the claim is `no-limitation`, no limitation runs:
    /// `no_limitation_reason` with its basis.
    pub no_limitation_if: Vec<Condition>,
    pub no_limitation_reason: String,
    pub no_limitation_basis: Vec<String>,
}

/// The kind of acceptance fee the case pays (诉讼费用交纳办法 Art. 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeeCategory {
    /// Art. 13(一): by the amount claimed.
    Property,
    /// Art. 13(二)1: per case, plus on property above 200,000 yuan.
    Divorce,
    /// Art. 13(四): 10 yuan per case.
    Labor,
    /// Art. 13(二)3: other non-property cases.
    NonProperty,
}

impl FeeCategory {
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "property" => Some(Self::Property),
            "divorce" => Some(Self::Divorce),
            "labor" => Some(Self::Labor),
            "non-property" => Some(Self::NonProperty),
            _ => None,
        }
    }
}

/// Which answers feed the cost estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSpec {
    pub fee: FeeCategory,
    /// Amount question: the amount claimed.
    pub amount: Option<String>,
    /// Amount question: the property to divide (divorce).
    pub property: Option<String>,
    /// When these conditions hold, a preservation fee is estimated on the claimed amount (Art. 14(二)).
    pub preservation_if: Vec<Condition>,
}

/// One case type's questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub summary: String,
    /// The counter service to go to next (a `[[services]]` code of the configuration).
    pub counter: String,
    pub documents: Vec<String>,
    pub alternatives: Vec<Alternative>,
    pub limitation: Option<LimitationSpec>,
    pub costs: Option<CostSpec>,
    pub questions: Vec<Question>,
    pub rules: Vec<Rule>,
}

impl Questionnaire {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every counter service code the content refers to (for the configuration check).
    pub fn counters(&self) -> Vec<&str> {
        let mut v = vec![self.counter.as_str()];
        for r in &self.rules {
            if let Some(c) = &r.counter {
                if !v.contains(&c.as_str()) {
                    v.push(c);
                }
            }
        }
        v
    }
}
