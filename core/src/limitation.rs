//! Limitation periods (诉讼时效): 民法典 Art. 188–199 and 201–203, with the special periods of
//! 劳动争议调解仲裁法 Art. 27 (labour arbitration, 1 year), 民法典 Art. 594 (international sale of goods and
//! technology import/export, 4 years) and 民事诉讼法 Art. 250 (applying for enforcement, 2 years).
//!
//! One pure function, [`compute`], used by both `court-kiosk limitation` and the risk report, so the two agree.
//! The result is advisory: limitation is a defence the obligor must raise; the court does not apply it of its own
//! motion (民法典 Art. 192–193).
//!
//! Date arithmetic (民法典 Art. 201–203): the first day is not counted; a period in years ends on the corresponding
//! day of the last month, or that month's last day where there is none (2020-02-29 + 3 years → 2023-02-28);
//! a last day on a legal rest day moves to the next working day ([`RestDayCalendar`]).

use std::fmt;

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::RestDayCalendar;

/// What kind of claim the period is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// 民法典 Art. 188: three years.
    General,
    /// 劳动争议调解仲裁法 Art. 27: one year.
    LaborArbitration,
    /// 民法典 Art. 594: four years.
    InternationalSale,
    /// 民事诉讼法 Art. 250: two years from the last day of performance fixed by the judgment.
    Enforcement,
    /// 民法典 Art. 196: no limitation (stop infringement, return of registered property, support payments…).
    NoLimitation,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 5] = [
        Self::General,
        Self::LaborArbitration,
        Self::InternationalSale,
        Self::Enforcement,
        Self::NoLimitation,
    ];

    /// The stable code used on the command line and in content files.
    pub fn code(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::LaborArbitration => "labor-arbitration",
            Self::InternationalSale => "international-sale",
            Self::Enforcement => "enforcement",
            Self::NoLimitation => "no-limitation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Plain-language name.
    pub fn name(self) -> &'static str {
        match self {
            Self::General => "普通诉讼时效（三年）",
            Self::LaborArbitration => "劳动争议仲裁时效（一年）",
            Self::InternationalSale => "国际货物买卖、技术进出口合同时效（四年）",
            Self::Enforcement => "申请执行期间（二年）",
            Self::NoLimitation => "不适用诉讼时效的请求",
        }
    }

    /// Length of the period in years (`None`: no limitation).
    pub fn years(self) -> Option<u32> {
        match self {
            Self::General => Some(3),
            Self::LaborArbitration => Some(1),
            Self::InternationalSale => Some(4),
            Self::Enforcement => Some(2),
            Self::NoLimitation => None,
        }
    }

    fn period_basis(self) -> &'static str {
        match self {
            Self::General => BASIS_188_1,
            Self::LaborArbitration => BASIS_LABOR_27_1,
            Self::InternationalSale => BASIS_594,
            Self::Enforcement => BASIS_CPL_250,
            Self::NoLimitation => BASIS_196,
        }
    }

    /// Whether 民法典's suspension rule (last six months, then six months after the obstacle) applies; labour
    /// arbitration has its own (the period continues after the obstacle, 劳动争议调解仲裁法 Art. 27 para. 3).
    fn civil_code_suspension(self) -> bool {
        !matches!(self, Self::LaborArbitration)
    }

    /// The 20-year cap of 民法典 Art. 188 para. 2 applies to limitation under the Civil Code.
    fn has_twenty_year_cap(self) -> bool {
        matches!(self, Self::General | Self::InternationalSale)
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

pub const BASIS_188_1: &str = "《民法典》第一百八十八条第一款（诉讼时效期间为三年，自权利人知道或者应当知道权利受到损害以及义务人之日起计算）";
pub const BASIS_188_2: &str = "《民法典》第一百八十八条第二款（自权利受到损害之日起超过二十年的，人民法院不予保护；有特殊情况的，可以根据权利人的申请决定延长）";
pub const BASIS_189: &str = "《民法典》第一百八十九条（当事人约定同一债务分期履行的，诉讼时效期间自最后一期履行期限届满之日起计算）";
pub const BASIS_192: &str = "《民法典》第一百九十二条（诉讼时效期间届满的，义务人可以提出不履行义务的抗辩；届满后义务人同意履行的，不得以诉讼时效期间届满为由抗辩）";
pub const BASIS_193: &str = "《民法典》第一百九十三条（人民法院不得主动适用诉讼时效的规定）";
pub const BASIS_194: &str = "《民法典》第一百九十四条（在诉讼时效期间的最后六个月内因障碍不能行使请求权的，诉讼时效中止；自中止时效的原因消除之日起满六个月，诉讼时效期间届满）";
pub const BASIS_195: &str = "《民法典》第一百九十五条（权利人向义务人提出履行请求、义务人同意履行、提起诉讼或者申请仲裁等，诉讼时效中断，从中断时起重新计算）";
pub const BASIS_196: &str = "《民法典》第一百九十六条（请求停止侵害、排除妨碍、消除危险，不动产物权和登记的动产物权的权利人请求返还财产，请求支付抚养费、赡养费或者扶养费等，不适用诉讼时效）";
pub const BASIS_201: &str =
    "《民法典》第二百零一条（按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算）";
pub const BASIS_202: &str = "《民法典》第二百零二条（按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日）";
pub const BASIS_203: &str = "《民法典》第二百零三条（期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日）";
pub const BASIS_594: &str = "《民法典》第五百九十四条（因国际货物买卖合同和技术进出口合同争议提起诉讼或者申请仲裁的时效期间为四年）";
pub const BASIS_LABOR_27_1: &str = "《劳动争议调解仲裁法》第二十七条第一款（劳动争议申请仲裁的时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算）";
pub const BASIS_LABOR_27_2: &str = "《劳动争议调解仲裁法》第二十七条第二款（因一方主张权利、请求权利救济或者对方同意履行义务而中断，从中断时起重新计算）";
pub const BASIS_LABOR_27_3: &str = "《劳动争议调解仲裁法》第二十七条第三款（因不可抗力或者有其他正当理由不能申请仲裁的，仲裁时效中止；原因消除之日起继续计算）";
pub const BASIS_CPL_250: &str = "《民事诉讼法》第二百五十条（申请执行的期间为二年，从法律文书规定履行期间的最后一日起计算；中止、中断适用诉讼时效的规定）";
pub const BASIS_CPL_85: &str = "《民事诉讼法》第八十五条（期间开始的日不计算在期间内；期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期）";

/// The statement printed with every limitation result (民法典 Art. 192–193).
pub const ADVISORY: &str = "诉讼时效是义务人的抗辩事由，人民法院不主动适用（《民法典》第一百九十二条、第一百九十三条）。本结果仅根据您提供的日期推算，供参考，不代表法院的认定。";

/// Which input a problem is about; its `Display` is the command-line flag's name without dashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Known,
    Harm,
    Interrupted,
    SuspendedFrom,
    SuspendedTo,
    AsOf,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Known => "known",
            Self::Harm => "harm",
            Self::Interrupted => "interrupted",
            Self::SuspendedFrom => "suspended-from",
            Self::SuspendedTo => "suspended-to",
            Self::AsOf => "as-of",
        })
    }
}

/// Inconsistent dates. Each names the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitationError {
    #[error("{field}: {date} is after the date the right-holder knew of the harm ({known}); the harm cannot come after it became known")]
    HarmAfterKnown {
        field: Field,
        date: NaiveDate,
        known: NaiveDate,
    },
    #[error("{field}: {date} is after the as-of date {as_of}; only events that already happened can be counted")]
    InFuture {
        field: Field,
        date: NaiveDate,
        as_of: NaiveDate,
    },
    #[error("{field}: the obstacle ends ({to}) before it starts ({from})")]
    SuspensionReversed {
        field: Field,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("{field}: {date} is outside the dates this calculator handles")]
    OutOfRange { field: Field, date: NaiveDate },
}

impl LimitationError {
    pub fn field(&self) -> Field {
        match self {
            Self::HarmAfterKnown { field, .. }
            | Self::InFuture { field, .. }
            | Self::SuspensionReversed { field, .. }
            | Self::OutOfRange { field, .. } => *field,
        }
    }
}

/// An obstacle to exercising the right (民法典 Art. 194 / 劳动争议调解仲裁法 Art. 27 para. 3), both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What the period is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitationInput {
    pub claim: ClaimKind,
    /// The day the right-holder knew or should have known of the harm and the obligor (Art. 188); for an
    /// instalment debt the last instalment's due date (Art. 189); for enforcement the last day of performance
    /// fixed by the judgment (民诉法 Art. 250); for wage arrears the end of employment (劳动争议调解仲裁法 Art. 27(4)).
    pub known: NaiveDate,
    /// `known` is the last instalment's due date (adds 民法典 Art. 189 to the basis).
    pub instalment: bool,
    /// The day of the harm itself, for the 20-year cap (Art. 188 para. 2).
    pub harm: Option<NaiveDate>,
    /// Demands, acknowledgements, part payments, suits, mediation applications (Art. 195).
    pub interruptions: Vec<NaiveDate>,
    pub suspension: Option<Suspension>,
    /// The day the question is asked (the shell passes today in the court's time zone).
    pub as_of: NaiveDate,
}

impl LimitationInput {
    pub fn new(claim: ClaimKind, known: NaiveDate, as_of: NaiveDate) -> Self {
        Self {
            claim,
            known,
            instalment: false,
            harm: None,
            interruptions: Vec::new(),
            suspension: None,
            as_of,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Running,
    Expired,
    NotApplicable,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Self::Running => "时效期间尚未届满",
            Self::Expired => "时效期间可能已经届满",
            Self::NotApplicable => "不适用诉讼时效",
        }
    }
}

/// The result, with the reasoning that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitationResult {
    pub status: Status,
    pub claim: ClaimKind,
    /// The last day (after the rest-day roll); `None` when no limitation applies.
    pub expires: Option<NaiveDate>,
    /// Days from `as_of` to `expires` (0 on the last day); `None` when expired or not applicable.
    pub days_left: Option<i64>,
    pub as_of: NaiveDate,
    /// Every rule applied, as a citation with a short paraphrase.
    pub basis: Vec<String>,
    /// How the date was reached, step by step, in plain Chinese.
    pub steps: Vec<String>,
    /// What the result cannot know (missing calendar year, the court's power to extend the 20-year cap…).
    pub warnings: Vec<String>,
    pub advisory: String,
}

fn add_months(d: NaiveDate, months: u32, field: Field) -> Result<NaiveDate, LimitationError> {
    // chrono clamps to the month's last day where the corresponding day is missing — 民法典 Art. 202.
    d.checked_add_months(Months::new(months))
        .ok_or(LimitationError::OutOfRange { field, date: d })
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

enum Event {
    Interruption(NaiveDate),
    Suspension(Suspension),
}

impl Event {
    fn date(&self) -> NaiveDate {
        match self {
            Self::Interruption(d) => *d,
            Self::Suspension(s) => s.from,
        }
    }
}

/// Computes the limitation period. Pure: `as_of` and the calendar are arguments.
pub fn compute(
    input: &LimitationInput,
    calendar: &RestDayCalendar,
) -> Result<LimitationResult, LimitationError> {
    check(input)?;
    let claim = input.claim;
    let mut basis = Vec::new();
    let mut steps = Vec::new();
    let mut warnings = Vec::new();
    let Some(years) = claim.years() else {
        basis.push(BASIS_196.to_string());
        steps.push("所述请求不适用诉讼时效的规定，不受三年期间限制。".to_string());
        return Ok(LimitationResult {
            status: Status::NotApplicable,
            claim,
            expires: None,
            days_left: None,
            as_of: input.as_of,
            basis,
            steps,
            warnings,
            advisory: ADVISORY.to_string(),
        });
    };
    basis.push(claim.period_basis().to_string());
    if input.instalment {
        basis.push(BASIS_189.to_string());
    }
    basis.push(BASIS_201.to_string());
    basis.push(BASIS_202.to_string());
    if claim == ClaimKind::Enforcement {
        basis.push(BASIS_CPL_85.to_string());
    }
    let months = years * 12;
    let mut end = add_months(input.known, months, Field::Known)?;
    let start_text = match (claim, input.instalment) {
        (ClaimKind::Enforcement, _) => "法律文书规定的履行期间最后一日",
        (_, true) => "最后一期履行期限届满之日",
        (ClaimKind::LaborArbitration, _) => "知道或者应当知道权利被侵害之日",
        _ => "知道或者应当知道权利受到损害以及义务人之日",
    };
    steps.push(format!(
        "自{}（{}）起算，当日不计入，{}年期间的对应日为{}。",
        input.known, start_text, years, end
    ));
    if input.known > input.as_of {
        warnings.push(format!(
            "起算日{}在查询日{}之后：期间尚未开始计算。",
            input.known, input.as_of
        ));
    }

    let mut events: Vec<Event> = input
        .interruptions
        .iter()
        .copied()
        .map(Event::Interruption)
        .collect();
    if let Some(s) = input.suspension {
        events.push(Event::Suspension(s));
    }
    events.sort_by_key(Event::date);
    for ev in events {
        let last = calendar.roll_to_working_day(end).day;
        match ev {
            Event::Interruption(d) if d < input.known => {
                steps.push(format!(
                    "{d}的主张或承诺早于起算日{}，不引起中断。",
                    input.known
                ));
            }
            Event::Interruption(d) if d > last => {
                steps.push(format!(
                    "{d}时期间已于{last}届满，此后的催告不再引起中断；但义务人在届满后同意履行的，不得再以时效届满抗辩。"
                ));
                push_unique(&mut basis, BASIS_192);
            }
            Event::Interruption(d) => {
                end = add_months(d, months, Field::Interrupted)?;
                steps.push(format!(
                    "{d}时效中断，从中断时起重新计算{years}年，对应日为{end}。"
                ));
                let b = if claim == ClaimKind::LaborArbitration {
                    BASIS_LABOR_27_2
                } else {
                    BASIS_195
                };
                push_unique(&mut basis, b);
            }
            Event::Suspension(s) if claim.civil_code_suspension() => {
                // Art. 194: only an obstacle within the last six months suspends; the period then ends six
                // months after the obstacle ends.
                let six_before =
                    last.checked_sub_months(Months::new(6))
                        .ok_or(LimitationError::OutOfRange {
                            field: Field::SuspendedFrom,
                            date: last,
                        })?;
                if s.from > last {
                    steps.push(format!(
                        "障碍（{}至{}）发生在期间届满（{last}）之后，不引起中止。",
                        s.from, s.to
                    ));
                } else if s.to <= six_before {
                    steps.push(format!(
                        "障碍（{}至{}）在期间最后六个月（{six_before}之后）开始前已经消除，不引起中止。",
                        s.from, s.to
                    ));
                } else {
                    end = add_months(s.to, 6, Field::SuspendedTo)?;
                    steps.push(format!(
                        "期间最后六个月内存在障碍（至{}消除），时效中止；自障碍消除之日起满六个月，即{end}届满。",
                        s.to
                    ));
                    push_unique(&mut basis, BASIS_194);
                }
            }
            Event::Suspension(s) => {
                // 劳动争议调解仲裁法 Art. 27 para. 3: the days of the obstacle inside the period do not count.
                let from = s.from.max(input.known.succ_opt().unwrap_or(input.known));
                let to = s.to.min(last);
                if from > to {
                    steps.push(format!(
                        "障碍（{}至{}）不在仲裁时效期间内，不引起中止。",
                        s.from, s.to
                    ));
                } else {
                    let days = (to - from).num_days() + 1;
                    end = end.checked_add_days(Days::new(days.unsigned_abs())).ok_or(
                        LimitationError::OutOfRange {
                            field: Field::SuspendedTo,
                            date: end,
                        },
                    )?;
                    steps.push(format!(
                        "{from}至{to}共{days}日仲裁时效中止，原因消除后继续计算，期间顺延至{end}。"
                    ));
                    push_unique(&mut basis, BASIS_LABOR_27_3);
                }
            }
        }
    }

    if let Some(harm) = input.harm {
        if claim.has_twenty_year_cap() {
            let cap = add_months(harm, 20 * 12, Field::Harm)?;
            if cap < end {
                steps.push(format!(
                    "权利受到损害之日{harm}起满二十年为{cap}，早于{end}，以{cap}为限。"
                ));
                end = cap;
                push_unique(&mut basis, BASIS_188_2);
                warnings.push("有特殊情况的，人民法院可以根据权利人的申请决定延长二十年期间（《民法典》第一百八十八条第二款）。".into());
            }
        } else {
            steps.push(format!("二十年最长保护期间不适用于{}。", claim.name()));
        }
    }

    let roll = calendar.roll_to_working_day(end);
    if roll.moved {
        let names = if roll.holidays.is_empty() {
            "休息日".to_string()
        } else {
            roll.holidays.join("、")
        };
        steps.push(format!(
            "{end}是法定休假日（{names}），期间顺延至休假日结束的次日{}。",
            roll.day
        ));
        push_unique(&mut basis, BASIS_203);
        for y in [end, roll.day].iter().map(chrono::Datelike::year) {
            if let Some(yc) = calendar.year(y) {
                let src = format!("{}（调休安排）", yc.source);
                push_unique(&mut basis, &src);
            }
        }
    }
    for y in &roll.calendar_missing {
        warnings.push(format!(
            "未载入{y}年的节假日安排，只按周六、周日判断是否顺延；请以国务院办公厅公布的{y}年放假安排为准。"
        ));
    }
    let expires = roll.day;
    let (status, days_left) = if input.as_of <= expires {
        (Status::Running, Some((expires - input.as_of).num_days()))
    } else {
        steps.push(format!(
            "查询日{}已超过期间最后一日{expires}。",
            input.as_of
        ));
        push_unique(&mut basis, BASIS_192);
        (Status::Expired, None)
    };
    Ok(LimitationResult {
        status,
        claim,
        expires: Some(expires),
        days_left,
        as_of: input.as_of,
        basis,
        steps,
        warnings,
        advisory: ADVISORY.to_string(),
    })
}

fn check(input: &LimitationInput) -> Result<(), LimitationError> {
    if let Some(h) = input.harm {
        if h > input.known {
            return Err(LimitationError::HarmAfterKnown {
                field: Field::Harm,
                date: h,
                known: input.known,
            });
        }
    }
    for &d in &input.interruptions {
        if d > input.as_of {
            return Err(LimitationError::InFuture {
                field: Field::Interrupted,
                date: d,
                as_of: input.as_of,
            });
        }
    }
    if let Some(s) = input.suspension {
        if s.to < s.from {
            return Err(LimitationError::SuspensionReversed {
                field: Field::SuspendedTo,
                from: s.from,
                to: s.to,
            });
        }
        if s.from > input.as_of {
            return Err(LimitationError::InFuture {
                field: Field::SuspendedFrom,
                date: s.from,
                as_of: input.as_of,
            });
        }
        if s.to > input.as_of {
            return Err(LimitationError::InFuture {
                field: Field::SuspendedTo,
                date: s.to,
                as_of: input.as_of,
            });
        }
    }
    Ok(())
}
