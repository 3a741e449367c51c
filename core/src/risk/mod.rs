//! Litigation-risk assessment (诉讼风险评估): a questionnaire engine over content packs, rules that turn answers
//! into findings, a rule-based outcome tendency, and the report.
//!
//! Every finding belongs to one of the 17 standard risks of the SPC's 《人民法院民事诉讼风险提示书》 (2003-12-23),
//! carries a level (高/中/低), a plain-language explanation, a suggested action and its legal basis. The content
//! (questions, rules, next steps) is data in `kiosk-config/risk/*.toml`, parsed and validated here from text the
//! shell hands in ([`Questionnaire::parse`]); every content problem is reported with its precise location.
//!
//! Flow: [`Questionnaire::parse`] → [`Answers::from_raw`] (or built one answer at a time by the UI) →
//! [`assess`] → [`Report`].

mod answers;
mod assess;
mod costs;
mod model;
mod validate;

pub use answers::{Answer, AnswerError, Answers, RawAnswer};
pub use assess::{
    assess, CostEstimate, CostEstimator, CostLine, CostRequest, Finding, LimitationOutcome,
    NextSteps, NoCostEstimator, Report, SpcGroup, Tendency, TendencyResult, ADVISORY,
};
pub use costs::FeeScheduleEstimator;
pub use model::{
    Alternative, Choice, Condition, CostSpec, Effect, FeeCategory, LimitationSpec, Question,
    QuestionKind, Questionnaire, Rule, Test,
};
pub use validate::{is_kebab, ContentError, ContentErrors};

use serde::{Deserialize, Serialize};

/// The 17 standard risks of 《人民法院民事诉讼风险提示书》 (最高人民法院, 2003-12-23), in order. Item 4's two years is
/// now three (民法典 Art. 188); item 15's two years still holds (民事诉讼法 Art. 250).
pub const SPC_ITEMS: [&str; 17] = [
    "起诉不符合条件",
    "诉讼请求不适当",
    "逾期改变诉讼请求",
    "超过诉讼时效",
    "授权不明",
    "不按时交纳诉讼费用",
    "申请财产保全不符合规定",
    "不提供或者不充分提供证据",
    "超过举证时限提供证据",
    "不提供原始证据",
    "证人不出庭作证",
    "不按规定申请审计、评估、鉴定",
    "不按时出庭或者中途退出法庭",
    "不准确提供送达地址",
    "超过期限申请强制执行",
    "无财产或者无足够财产可供执行",
    "不履行生效法律文书确定义务",
];

/// The title of SPC risk item `n` (1–17).
pub fn spc_title(n: u8) -> Option<&'static str> {
    SPC_ITEMS.get(usize::from(n).checked_sub(1)?).copied()
}

/// A finding's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    #[serde(rename = "低")]
    Low,
    #[serde(rename = "中")]
    Medium,
    #[serde(rename = "高")]
    High,
}

impl Level {
    pub fn from_text(s: &str) -> Option<Level> {
        match s {
            "高" => Some(Self::High),
            "中" => Some(Self::Medium),
            "低" => Some(Self::Low),
            _ => None,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Self::High => "高",
            Self::Medium => "中",
            Self::Low => "低",
        }
    }

    /// As shown to a litigant: "风险较高" etc.
    pub fn label(self) -> &'static str {
        match self {
            Self::High => "风险较高",
            Self::Medium => "存在一定风险",
            Self::Low => "风险较低",
        }
    }
}
