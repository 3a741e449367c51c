//! Court fees under 《诉讼费用交纳办法》 (State Council Order No. 481, in force 2007-04-01): every fee of Art. 13
//! (case acceptance) and Art. 14 (applications), the reductions of Art. 15/16/18 (halving at most once, 民诉法解释
//! Art. 206), the exemptions of Art. 8, appeals and retrials on the contested amount (Art. 17/19), and the
//! litigation-cost estimate (诉讼成本: acceptance + preservation + enforcement + appeal).
//!
//! Exact arithmetic throughout ([`Exact`]); each result is rounded half-up once, at the end, to the court's unit.
//! Every result lists its lines (article, item, band or rule, amount) so a litigant or a judge can check it by hand:
//! the `Item` and `Adjustment` lines of a result add up to its total, for the minimum and the maximum alike.

pub mod kind;
pub mod scale;
pub mod schedule;

use serde::{Deserialize, Serialize};

pub use kind::{FeeKind, Input, Need};
pub use schedule::{FeeSchedule, ScheduleError};

use crate::money::{Exact, Fen, MAX_AMOUNT};
use scale::{Scale, BANKRUPTCY_CAP, PRESERVATION_CAP};

/// The regulation, as cited in every line.
pub const REGULATION: &str = "《诉讼费用交纳办法》";
/// The Supreme People's Court's interpretation of the Civil Procedure Law, as usually abbreviated.
pub const SPC_INTERPRETATION: &str = "民诉法解释";

/// A reason to halve the acceptance fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reduction {
    /// Art. 15: the case ends in mediation (调解结案).
    Settled,
    /// Art. 15: the plaintiff withdraws (撤诉).
    Withdrawn,
    /// Art. 16: simple procedure (简易程序).
    Simple,
    /// Art. 18: a counterclaim tried together with the claim (反诉).
    Counterclaim,
    /// Art. 18: an independent-claim third party's claim tried together (有独立请求权的第三人).
    ThirdParty,
}

impl Reduction {
    pub const ALL: [Reduction; 5] = [
        Reduction::Settled,
        Reduction::Withdrawn,
        Reduction::Simple,
        Reduction::Counterclaim,
        Reduction::ThirdParty,
    ];

    pub const fn article(self) -> &'static str {
        match self {
            Reduction::Settled | Reduction::Withdrawn => "第十五条",
            Reduction::Simple => "第十六条",
            Reduction::Counterclaim | Reduction::ThirdParty => "第十八条",
        }
    }

    pub const fn text_zh(self) -> &'static str {
        match self {
            Reduction::Settled => "以调解方式结案",
            Reduction::Withdrawn => "当事人申请撤诉",
            Reduction::Simple => "适用简易程序审理",
            Reduction::Counterclaim => "被告提起反诉并合并审理",
            Reduction::ThirdParty => "有独立请求权的第三人提出请求并合并审理",
        }
    }
}

/// The reasons to halve that apply; any combination halves once (民诉法解释 Art. 206).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reductions {
    pub settled: bool,
    pub withdrawn: bool,
    pub simple: bool,
    pub counterclaim: bool,
    pub third_party: bool,
}

impl Reductions {
    pub const NONE: Reductions = Reductions {
        settled: false,
        withdrawn: false,
        simple: false,
        counterclaim: false,
        third_party: false,
    };

    /// The reasons set, in article order.
    pub fn list(&self) -> Vec<Reduction> {
        let flags = [
            self.settled,
            self.withdrawn,
            self.simple,
            self.counterclaim,
            self.third_party,
        ];
        Reduction::ALL
            .into_iter()
            .zip(flags)
            .filter(|(_, on)| *on)
            .map(|(r, _)| r)
            .collect()
    }

    pub fn with(mut self, r: Reduction) -> Reductions {
        match r {
            Reduction::Settled => self.settled = true,
            Reduction::Withdrawn => self.withdrawn = true,
            Reduction::Simple => self.simple = true,
            Reduction::Counterclaim => self.counterclaim = true,
            Reduction::ThirdParty => self.third_party = true,
        }
        self
    }
}

/// The instance the acceptance fee is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    #[default]
    FirstInstance,
    /// Art. 17: the amount is the part of the first-instance judgment appealed.
    Appeal,
    /// Art. 19: the amount is the part of the original judgment contested (where Art. 9 applies).
    Retrial,
}

/// Art. 8: cases that owe no acceptance fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Art8Ground {
    /// Art. 8(一): special procedure (特别程序) cases.
    SpecialProcedure,
    /// Art. 8(二): rulings not to accept, dismissing the action or the appeal.
    Dismissal,
    /// Art. 8(三): appeals against a ruling not to accept, dismissing the action or on a jurisdiction objection.
    RulingAppeal,
    /// Art. 8(四): administrative compensation cases.
    AdminCompensation,
}

impl Art8Ground {
    pub const ALL: [Art8Ground; 4] = [
        Art8Ground::SpecialProcedure,
        Art8Ground::Dismissal,
        Art8Ground::RulingAppeal,
        Art8Ground::AdminCompensation,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Art8Ground::SpecialProcedure => "special-procedure",
            Art8Ground::Dismissal => "dismissal",
            Art8Ground::RulingAppeal => "ruling-appeal",
            Art8Ground::AdminCompensation => "admin-compensation",
        }
    }

    pub fn from_code(code: &str) -> Option<Art8Ground> {
        Art8Ground::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn codes() -> String {
        Art8Ground::ALL
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    const fn clause(self) -> (&'static str, &'static str) {
        match self {
            Art8Ground::SpecialProcedure => {
                ("第八条第（一）项", "依照民事诉讼法规定的特别程序审理的案件")
            }
            Art8Ground::Dismissal => ("第八条第（二）项", "裁定不予受理、驳回起诉、驳回上诉的案件"),
            Art8Ground::RulingAppeal => (
                "第八条第（三）项",
                "对不予受理、驳回起诉和管辖权异议裁定不服，提起上诉的案件",
            ),
            Art8Ground::AdminCompensation => ("第八条第（四）项", "行政赔偿案件"),
        }
    }
}

/// What to compute. Amounts are yuan amounts already parsed into fen (see `money::parse_amount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRequest {
    pub kind: FeeKind,
    /// The claim / enforced / preserved / estate amount (appeal, retrial: the contested amount).
    pub amount: Option<Fen>,
    /// Divorce: the total of the property to divide.
    pub property: Option<Fen>,
    /// Personality rights: the damages claimed.
    pub damages: Option<Fen>,
    pub reductions: Reductions,
    pub stage: Stage,
    pub exempt: Option<Art8Ground>,
}

impl FeeRequest {
    /// A first-instance request with no input, no reduction and no exemption.
    pub fn new(kind: FeeKind) -> FeeRequest {
        FeeRequest {
            kind,
            amount: None,
            property: None,
            damages: None,
            reductions: Reductions::NONE,
            stage: Stage::FirstInstance,
            exempt: None,
        }
    }

    pub fn with_amount(mut self, a: Fen) -> FeeRequest {
        self.amount = Some(a);
        self
    }

    pub fn input(&self, input: Input) -> Option<Fen> {
        match input {
            Input::Amount => self.amount,
            Input::Property => self.property,
            Input::Damages => self.damages,
        }
    }

    pub fn set_input(&mut self, input: Input, value: Option<Fen>) {
        match input {
            Input::Amount => self.amount = value,
            Input::Property => self.property = value,
            Input::Damages => self.damages = value,
        }
    }
}

/// How a line takes part in the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineRole {
    /// A fee item or band; counts towards the total.
    Item,
    /// A deduction or correction (halving, cap, rounding); counts towards the total, usually negative.
    Adjustment,
    /// A working figure shown for checking (e.g. the property scale a payment-order fee is a third of); not counted.
    Info,
}

/// One line of a breakdown: where it comes from, what it says, and its amount (min and max; equal when fixed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    /// The provision, e.g. `《诉讼费用交纳办法》第十三条第（一）项`.
    pub basis: String,
    /// The item and band or rule, in words a litigant reads.
    pub text: String,
    pub min: Fen,
    pub max: Fen,
    pub role: LineRole,
}

/// A computed fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeResult {
    pub kind: FeeKind,
    pub min: Fen,
    pub max: Fen,
    /// The acceptance fee was halved (once, whatever the number of reasons).
    pub halved: bool,
    /// Art. 8: no acceptance fee is owed.
    pub exempt: bool,
    pub lines: Vec<FeeLine>,
    /// Reminders from the rules that do not change the figure (when and how to pay), each with its article.
    pub notes: Vec<String>,
}

impl FeeResult {
    /// One figure (no range left open).
    pub fn is_fixed(&self) -> bool {
        self.min == self.max
    }
}

/// Why a fee could not be computed. The CLI maps each `Input` / `Reduction` to its flag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    #[error("{kind} needs this amount")]
    InputRequired { kind: FeeKind, input: Input },
    #[error("is not used by {kind}")]
    InputNotUsed { kind: FeeKind, input: Input },
    #[error("is negative")]
    Negative { input: Input },
    #[error("is above the largest accepted amount, 10^13 yuan")]
    TooLarge { input: Input },
    #[error("{kind} is not a case acceptance fee of Art. 13(一)–(五); the halving of Art. 15/16/18 does not apply")]
    ReductionNotApplicable { kind: FeeKind, reduction: Reduction },
    #[error("{kind} is not a case acceptance fee of Art. 13(一)–(五); appeal and retrial fees (Art. 17/19) do not apply")]
    StageNotApplicable { kind: FeeKind, stage: Stage },
    #[error("{kind} is not a case acceptance fee of Art. 13(一)–(五); the exemptions of Art. 8 do not apply")]
    ExemptNotApplicable { kind: FeeKind },
}

/// "13,800.00元" or "50.00元至300.00元" (an exact figure shown to the fen).
fn range_text(min: Exact, max: Exact) -> String {
    let (min, max) = (min.round_fen(), max.round_fen());
    if min == max {
        format!("{}元", min.grouped())
    } else {
        format!("{}元至{}元", min.grouped(), max.grouped())
    }
}

/// A line before rounding.
struct Draft {
    basis: String,
    text: String,
    min: Exact,
    max: Exact,
    role: LineRole,
}

fn cite(article: &str) -> String {
    format!("{REGULATION}{article}")
}

fn same(basis: String, text: String, amount: Exact, role: LineRole) -> Draft {
    Draft {
        basis,
        text,
        min: amount,
        max: amount,
        role,
    }
}

/// The lines of a scale for `amount`, each with the item's basis.
fn scale_drafts(scale: &Scale, amount: Fen, basis: &str, lead: &str, role: LineRole) -> Vec<Draft> {
    scale
        .parts(amount)
        .into_iter()
        .map(|p| {
            same(
                basis.to_string(),
                format!("{lead}{}", p.text),
                p.amount,
                role,
            )
        })
        .collect()
}

/// The per-case line of a ranged item: national range, or the court's fixed figure inside it.
fn per_case_draft(kind: FeeKind, schedule: &FeeSchedule, basis: &str, lead: &str) -> Vec<Draft> {
    let Some((nat_min, nat_max)) = kind.national_range() else {
        return Vec::new();
    };
    let (min, max) = schedule.per_case(kind).unwrap_or((nat_min, nat_max));
    let range = format!("每件交纳{}元至{}元", nat_min.grouped(), nat_max.grouped());
    let text = match schedule.fixed(kind) {
        Some(f) => format!("{lead}{range}，本院按{}元收取", f.grouped()),
        None => format!("{lead}{range}（本院未确定具体数额，显示全国标准的最低和最高额）"),
    };
    vec![Draft {
        basis: basis.to_string(),
        text,
        min: min.exact(),
        max: max.exact(),
        role: LineRole::Item,
    }]
}

fn flat(basis: &str, text: &str, yuan: i64) -> Vec<Draft> {
    vec![same(
        basis.to_string(),
        text.to_string(),
        Fen::from_yuan(yuan).exact(),
        LineRole::Item,
    )]
}

/// The lines of the fee before any halving.
fn base_drafts(req: &FeeRequest, schedule: &FeeSchedule) -> Vec<Draft> {
    let kind = req.kind;
    let stage_cite = match req.stage {
        Stage::FirstInstance => String::new(),
        Stage::Appeal => "第十七条、".to_string(),
        Stage::Retrial => "第十九条、".to_string(),
    };
    let basis = cite(&format!("{stage_cite}{}", kind.article()));
    let lead = match (req.stage, kind.main_input()) {
        (Stage::FirstInstance, _) => "",
        (Stage::Appeal, Some(_)) => "上诉请求数额：",
        (Stage::Retrial, Some(_)) => "再审请求数额：",
        (Stage::Appeal, None) => "上诉案件：",
        (Stage::Retrial, None) => "再审案件：",
    };
    match kind {
        FeeKind::Property => scale_drafts(
            &scale::PROPERTY,
            req.amount.unwrap_or_default(),
            &basis,
            lead,
            LineRole::Item,
        ),
        FeeKind::Divorce => {
            let mut d = per_case_draft(kind, schedule, &basis, lead);
            if let Some(p) = req.property {
                d.extend(scale_drafts(
                    &scale::DIVORCE_PROPERTY,
                    p,
                    &basis,
                    "涉及财产分割，财产总额",
                    LineRole::Item,
                ));
            }
            d
        }
        FeeKind::Personality => {
            let mut d = per_case_draft(kind, schedule, &basis, lead);
            if let Some(p) = req.damages {
                d.extend(scale_drafts(
                    &scale::PERSONALITY_DAMAGES,
                    p,
                    &basis,
                    "涉及损害赔偿，赔偿金额",
                    LineRole::Item,
                ));
            }
            d
        }
        FeeKind::NonProperty | FeeKind::JurisdictionObjection | FeeKind::MaritimeFund => {
            per_case_draft(kind, schedule, &basis, lead)
        }
        FeeKind::MaritimeInjunction | FeeKind::MaritimeLienNotice => {
            per_case_draft(kind, schedule, &basis, lead)
        }
        FeeKind::Ip => match req.amount {
            None => per_case_draft(
                kind,
                schedule,
                &basis,
                &format!("{lead}没有争议金额或者价额的，"),
            ),
            Some(a) => {
                let basis = cite(&format!("{stage_cite}第十三条第（三）项、第（一）项"));
                scale_drafts(
                    &scale::PROPERTY,
                    a,
                    &basis,
                    &format!("{lead}有争议金额，按财产案件标准："),
                    LineRole::Item,
                )
            }
        },
        FeeKind::Labor => flat(&basis, &format!("{lead}劳动争议案件每件交纳10元"), 10),
        FeeKind::Admin => flat(&basis, &format!("{lead}其他行政案件每件交纳50元"), 50),
        FeeKind::AdminSpecial => flat(
            &basis,
            &format!("{lead}商标、专利、海事行政案件每件交纳100元"),
            100,
        ),
        FeeKind::Execution => match req.amount {
            None => per_case_draft(kind, schedule, &basis, "没有执行金额或者价额的，"),
            Some(a) => scale_drafts(&scale::EXECUTION, a, &basis, "执行金额", LineRole::Item),
        },
        FeeKind::Preservation => {
            let a = req.amount.unwrap_or_default();
            let mut d = scale_drafts(&scale::PRESERVATION, a, &basis, "财产数额", LineRole::Item);
            if req.amount.is_none() {
                d[0].text = "不涉及财产数额的，每件交纳30元".into();
            }
            let total = scale::PRESERVATION.total(a);
            if total > PRESERVATION_CAP.exact() {
                d.push(same(
                    basis.clone(),
                    format!(
                        "保全费用最多不超过{}元，超出部分不收",
                        PRESERVATION_CAP.grouped()
                    ),
                    PRESERVATION_CAP.exact() - total,
                    LineRole::Adjustment,
                ));
            }
            d
        }
        FeeKind::PaymentOrder => {
            let a = req.amount.unwrap_or_default();
            let property_basis = cite(scale::PROPERTY_ARTICLE);
            let mut d = scale_drafts(
                &scale::PROPERTY,
                a,
                &property_basis,
                "（计算基数）财产案件标准：",
                LineRole::Info,
            );
            let full = scale::PROPERTY.total(a);
            d.push(same(
                property_basis,
                format!(
                    "（计算基数）财产案件受理费标准合计{}元",
                    full.round_fen().grouped()
                ),
                full,
                LineRole::Info,
            ));
            d.push(same(
                basis,
                "申请支付令，比照财产案件受理费标准的1/3交纳".into(),
                full.mul_ratio(1, 3),
                LineRole::Item,
            ));
            d
        }
        FeeKind::PublicNotice => flat(&basis, "申请公示催告，每件交纳100元", 100),
        FeeKind::Arbitration => flat(
            &basis,
            "申请撤销仲裁裁决或者认定仲裁协议效力，每件交纳400元",
            400,
        ),
        FeeKind::Bankruptcy => {
            let a = req.amount.unwrap_or_default();
            let property_basis = cite(scale::PROPERTY_ARTICLE);
            let mut d = scale_drafts(
                &scale::PROPERTY,
                a,
                &property_basis,
                "（计算基数）破产财产总额按财产案件标准：",
                LineRole::Info,
            );
            let full = scale::PROPERTY.total(a);
            d.push(same(
                property_basis,
                format!(
                    "（计算基数）财产案件受理费标准合计{}元",
                    full.round_fen().grouped()
                ),
                full,
                LineRole::Info,
            ));
            let half = full.mul_ratio(1, 2);
            d.push(same(
                basis.clone(),
                "破产案件依据破产财产总额，按财产案件受理费标准减半交纳".into(),
                half,
                LineRole::Item,
            ));
            if half > BANKRUPTCY_CAP.exact() {
                d.push(same(
                    basis,
                    format!("最高不超过{}元，超出部分不收", BANKRUPTCY_CAP.grouped()),
                    BANKRUPTCY_CAP.exact() - half,
                    LineRole::Adjustment,
                ));
            }
            d
        }
        FeeKind::MaritimeClaimRegistration => {
            flat(&basis, "申请海事债权登记，每件交纳1,000元", 1_000)
        }
        FeeKind::GeneralAverage => flat(&basis, "申请共同海损理算，每件交纳1,000元", 1_000),
    }
}

fn check_inputs(req: &FeeRequest) -> Result<(), FeeError> {
    let kind = req.kind;
    for input in Input::ALL {
        let value = req.input(input);
        match (kind.needs(input), value) {
            (Need::No, Some(_)) => return Err(FeeError::InputNotUsed { kind, input }),
            (Need::Required, None) => return Err(FeeError::InputRequired { kind, input }),
            (_, Some(v)) if v.is_negative() => return Err(FeeError::Negative { input }),
            (_, Some(v)) if v > MAX_AMOUNT => return Err(FeeError::TooLarge { input }),
            _ => {}
        }
    }
    if !kind.is_acceptance_fee() {
        if let Some(&reduction) = req.reductions.list().first() {
            return Err(FeeError::ReductionNotApplicable { kind, reduction });
        }
        if req.stage != Stage::FirstInstance {
            return Err(FeeError::StageNotApplicable {
                kind,
                stage: req.stage,
            });
        }
        if req.exempt.is_some() {
            return Err(FeeError::ExemptNotApplicable { kind });
        }
    }
    Ok(())
}

/// Computes one fee: the lines, the total (min and max) rounded half-up once to the schedule's unit, and whether
/// it was halved.
pub fn calculate(req: &FeeRequest, schedule: &FeeSchedule) -> Result<FeeResult, FeeError> {
    check_inputs(req)?;
    let kind = req.kind;
    if let Some(ground) = req.exempt {
        let (article, text) = ground.clause();
        return Ok(FeeResult {
            kind,
            min: Fen::ZERO,
            max: Fen::ZERO,
            halved: false,
            exempt: true,
            lines: vec![FeeLine {
                basis: cite(article),
                text: format!("{text}，不交纳案件受理费"),
                min: Fen::ZERO,
                max: Fen::ZERO,
                role: LineRole::Item,
            }],
            notes: Vec::new(),
        });
    }
    let mut drafts = base_drafts(req, schedule);
    let counted = |ds: &[Draft], pick: fn(&Draft) -> Exact| -> Exact {
        ds.iter()
            .filter(|d| d.role != LineRole::Info)
            .map(pick)
            .sum()
    };
    let full_min = counted(&drafts, |d| d.min);
    let full_max = counted(&drafts, |d| d.max);
    let reasons = req.reductions.list();
    let halved = !reasons.is_empty();
    if halved {
        let mut articles: Vec<&str> = reasons.iter().map(|r| r.article()).collect();
        articles.dedup();
        let why: Vec<&str> = reasons.iter().map(|r| r.text_zh()).collect();
        let once = if reasons.len() > 1 {
            "；同时有多项减半事由，只减半一次"
        } else {
            ""
        };
        drafts.push(Draft {
            basis: format!(
                "{}{}；{SPC_INTERPRETATION}第二百零六条",
                REGULATION,
                articles.join("、")
            ),
            text: format!(
                "{}，案件受理费{}减半交纳{once}",
                why.join("、"),
                range_text(full_min, full_max)
            ),
            min: -full_min.mul_ratio(1, 2),
            max: -full_max.mul_ratio(1, 2),
            role: LineRole::Adjustment,
        });
    }
    // Lines to fen: an item shows its own rounded amount; an adjustment brings the running shown total to the
    // rounded running exact total, so the shown lines always add up.
    let mut lines = Vec::with_capacity(drafts.len() + 1);
    let (mut run_exact_min, mut run_exact_max) = (Exact::ZERO, Exact::ZERO);
    let (mut shown_min, mut shown_max) = (Fen::ZERO, Fen::ZERO);
    for d in drafts {
        let (min, max) = match d.role {
            LineRole::Info => (d.min.round_fen(), d.max.round_fen()),
            LineRole::Item => {
                run_exact_min = run_exact_min + d.min;
                run_exact_max = run_exact_max + d.max;
                (d.min.round_fen(), d.max.round_fen())
            }
            LineRole::Adjustment => {
                run_exact_min = run_exact_min + d.min;
                run_exact_max = run_exact_max + d.max;
                (
                    run_exact_min.round_fen() - shown_min,
                    run_exact_max.round_fen() - shown_max,
                )
            }
        };
        if d.role != LineRole::Info {
            shown_min += min;
            shown_max += max;
        }
        lines.push(FeeLine {
            basis: d.basis,
            text: d.text,
            min,
            max,
            role: d.role,
        });
    }
    let unit = schedule.rounding();
    let (min, max) = (run_exact_min.round(unit), run_exact_max.round(unit));
    if min != shown_min || max != shown_max {
        lines.push(FeeLine {
            basis: format!(
                "本院收费规则：四舍五入至{}（配置 fees.rounding_unit_fen）",
                unit.name_zh()
            ),
            text: format!("尾数处理：合计四舍五入至{}", unit.name_zh()),
            min: min - shown_min,
            max: max - shown_max,
            role: LineRole::Adjustment,
        });
    }
    Ok(FeeResult {
        kind,
        min,
        max,
        halved,
        exempt: false,
        lines,
        notes: notes(req),
    })
}

fn notes(req: &FeeRequest) -> Vec<String> {
    let mut out = Vec::new();
    if req.kind.is_acceptance_fee() {
        out.push(format!(
            "{REGULATION}第二十二条：接到人民法院交纳诉讼费用通知后7日内交纳。"
        ));
    }
    if req.reductions.simple {
        out.push(format!("{SPC_INTERPRETATION}第一百九十九条：简易程序转为普通程序的，原告应当在七日内补交案件受理费。"));
    }
    if req.kind == FeeKind::Execution {
        out.push(format!(
            "{REGULATION}第二十条：申请执行费不由申请人预交，执行后交纳。"
        ));
    }
    if req.kind == FeeKind::Labor {
        out.push(format!(
            "{REGULATION}第二十条：追索劳动报酬的案件可以不预交案件受理费。"
        ));
    }
    out
}

/// The parts of a litigation-cost estimate (诉讼成本).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostPart {
    Acceptance,
    Preservation,
    Enforcement,
    Appeal,
}

impl CostPart {
    pub const fn label_zh(self) -> &'static str {
        match self {
            CostPart::Acceptance => "案件受理费",
            CostPart::Preservation => "申请保全费",
            CostPart::Enforcement => "申请执行费",
            CostPart::Appeal => "二审案件受理费",
        }
    }
}

/// A litigation-cost estimate request: the case's own fee plus optional further fees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRequest {
    pub case: FeeRequest,
    /// Preservation of property of this amount (zero: no amount).
    pub preservation: Option<Fen>,
    /// Enforcement afterwards: `Some(None)` without an amount (a range), `Some(Some(a))` of amount `a`.
    pub enforcement: Option<Option<Fen>>,
    /// An appeal: `Some(None)` on the same amount as the first instance, `Some(Some(a))` on the contested `a`.
    pub appeal: Option<Option<Fen>>,
}

impl CostRequest {
    pub fn new(case: FeeRequest) -> CostRequest {
        CostRequest {
            case,
            preservation: None,
            enforcement: None,
            appeal: None,
        }
    }
}

/// A computed estimate: each part with its own breakdown; the totals add the parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEstimate {
    pub parts: Vec<(CostPart, FeeResult)>,
    pub min: Fen,
    pub max: Fen,
}

/// Why an estimate could not be computed: which part, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{part:?}: {error}")]
pub struct CostError {
    pub part: CostPart,
    pub error: FeeError,
}

impl CostEstimate {
    /// Every line of every part; lines of the parts after the first carry the part's name.
    pub fn lines(&self) -> Vec<FeeLine> {
        let mut out = Vec::new();
        for (i, (part, result)) in self.parts.iter().enumerate() {
            for line in &result.lines {
                let mut line = line.clone();
                if i > 0 {
                    line.text = format!("【{}】{}", part.label_zh(), line.text);
                }
                out.push(line);
            }
        }
        out
    }

    /// Whether the case's own acceptance fee was halved.
    pub fn halved(&self) -> bool {
        self.parts.first().is_some_and(|(_, r)| r.halved)
    }
}

/// The litigation-cost estimate: acceptance fee + optional preservation + optional enforcement + optional appeal,
/// each computed by [`calculate`] with its own basis.
pub fn estimate(req: &CostRequest, schedule: &FeeSchedule) -> Result<CostEstimate, CostError> {
    let at = |part: CostPart| move |error: FeeError| CostError { part, error };
    let mut parts = vec![(
        CostPart::Acceptance,
        calculate(&req.case, schedule).map_err(at(CostPart::Acceptance))?,
    )];
    if let Some(amount) = req.preservation {
        let mut r = FeeRequest::new(FeeKind::Preservation);
        r.amount = (amount > Fen::ZERO).then_some(amount);
        parts.push((
            CostPart::Preservation,
            calculate(&r, schedule).map_err(at(CostPart::Preservation))?,
        ));
    }
    if let Some(amount) = req.enforcement {
        let mut r = FeeRequest::new(FeeKind::Execution);
        r.amount = amount;
        parts.push((
            CostPart::Enforcement,
            calculate(&r, schedule).map_err(at(CostPart::Enforcement))?,
        ));
    }
    if let Some(contested) = req.appeal {
        let mut r = req.case.clone();
        r.stage = Stage::Appeal;
        r.reductions = Reductions::NONE;
        r.exempt = None;
        if let Some(a) = contested {
            match r.kind.main_input() {
                Some(input) => r.set_input(input, Some(a)),
                None => {
                    return Err(CostError {
                        part: CostPart::Appeal,
                        error: FeeError::InputNotUsed {
                            kind: r.kind,
                            input: Input::Amount,
                        },
                    })
                }
            }
        }
        parts.push((
            CostPart::Appeal,
            calculate(&r, schedule).map_err(at(CostPart::Appeal))?,
        ));
    }
    let min = parts.iter().map(|(_, r)| r.min).sum();
    let max = parts.iter().map(|(_, r)| r.max).sum();
    Ok(CostEstimate { parts, min, max })
}
