//! The fee items of 《诉讼费用交纳办法》 Art. 13 (case acceptance fees) and Art. 14 (application fees), with their
//! stable codes (the CLI's KIND), plain-language names and the inputs each one takes.

use serde::{Deserialize, Serialize};

use crate::money::Fen;

/// One fee item. The code (`property`, `divorce`, …) is a stable contract: the CLI and other tools use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeeKind {
    /// Art. 13(一) property cases.
    Property,
    /// Art. 13(二)1 divorce.
    Divorce,
    /// Art. 13(二)2 personality rights.
    Personality,
    /// Art. 13(二)3 other non-property cases.
    NonProperty,
    /// Art. 13(三) civil intellectual-property cases.
    Ip,
    /// Art. 13(四) labour disputes.
    Labor,
    /// Art. 13(五)2 other administrative cases.
    Admin,
    /// Art. 13(五)1 trademark, patent and maritime administrative cases.
    AdminSpecial,
    /// Art. 13(六) a jurisdiction objection that fails.
    JurisdictionObjection,
    /// Art. 14(一) enforcement.
    Execution,
    /// Art. 14(二) preservation.
    Preservation,
    /// Art. 14(三) payment order.
    PaymentOrder,
    /// Art. 14(四) public summons.
    PublicNotice,
    /// Art. 14(五) setting aside an arbitral award / ruling on an arbitration agreement.
    Arbitration,
    /// Art. 14(六) bankruptcy.
    Bankruptcy,
    /// Art. 14(七)1 maritime limitation fund.
    MaritimeFund,
    /// Art. 14(七)2 maritime injunction.
    MaritimeInjunction,
    /// Art. 14(七)3 summons on a ship lien.
    MaritimeLienNotice,
    /// Art. 14(七)4 maritime claim registration.
    MaritimeClaimRegistration,
    /// Art. 14(七)5 general average adjustment.
    GeneralAverage,
}

/// Whether an input is taken by a fee item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    No,
    Optional,
    Required,
}

/// The inputs a fee request can carry (the CLI's `--amount`, `--property`, `--damages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// The claim / enforced / preserved / estate amount.
    Amount,
    /// The divorce property total.
    Property,
    /// The personality-rights damages claimed.
    Damages,
}

impl Input {
    pub const ALL: [Input; 3] = [Input::Amount, Input::Property, Input::Damages];
}

impl FeeKind {
    pub const ALL: [FeeKind; 20] = [
        FeeKind::Property,
        FeeKind::Divorce,
        FeeKind::Personality,
        FeeKind::NonProperty,
        FeeKind::Ip,
        FeeKind::Labor,
        FeeKind::Admin,
        FeeKind::AdminSpecial,
        FeeKind::JurisdictionObjection,
        FeeKind::Execution,
        FeeKind::Preservation,
        FeeKind::PaymentOrder,
        FeeKind::PublicNotice,
        FeeKind::Arbitration,
        FeeKind::Bankruptcy,
        FeeKind::MaritimeFund,
        FeeKind::MaritimeInjunction,
        FeeKind::MaritimeLienNotice,
        FeeKind::MaritimeClaimRegistration,
        FeeKind::GeneralAverage,
    ];

    /// The stable code (CLI KIND, configuration key of `[fees.fixed]`).
    pub const fn code(self) -> &'static str {
        match self {
            FeeKind::Property => "property",
            FeeKind::Divorce => "divorce",
            FeeKind::Personality => "personality",
            FeeKind::NonProperty => "non-property",
            FeeKind::Ip => "ip",
            FeeKind::Labor => "labor",
            FeeKind::Admin => "admin",
            FeeKind::AdminSpecial => "admin-special",
            FeeKind::JurisdictionObjection => "jurisdiction-objection",
            FeeKind::Execution => "execution",
            FeeKind::Preservation => "preservation",
            FeeKind::PaymentOrder => "payment-order",
            FeeKind::PublicNotice => "public-notice",
            FeeKind::Arbitration => "arbitration",
            FeeKind::Bankruptcy => "bankruptcy",
            FeeKind::MaritimeFund => "maritime-fund",
            FeeKind::MaritimeInjunction => "maritime-injunction",
            FeeKind::MaritimeLienNotice => "maritime-lien-notice",
            FeeKind::MaritimeClaimRegistration => "maritime-claim-registration",
            FeeKind::GeneralAverage => "general-average",
        }
    }

    pub fn from_code(code: &str) -> Option<FeeKind> {
        FeeKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Every code, comma-separated (for "accepted: …" messages).
    pub fn codes() -> String {
        FeeKind::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The item's name as the regulation puts it.
    pub const fn name_zh(self) -> &'static str {
        match self {
            FeeKind::Property => "财产案件受理费",
            FeeKind::Divorce => "离婚案件受理费",
            FeeKind::Personality => "侵害人格权案件受理费",
            FeeKind::NonProperty => "其他非财产案件受理费",
            FeeKind::Ip => "知识产权民事案件受理费",
            FeeKind::Labor => "劳动争议案件受理费",
            FeeKind::Admin => "行政案件受理费",
            FeeKind::AdminSpecial => "商标、专利、海事行政案件受理费",
            FeeKind::JurisdictionObjection => "管辖权异议费",
            FeeKind::Execution => "申请执行费",
            FeeKind::Preservation => "申请保全费",
            FeeKind::PaymentOrder => "申请支付令费",
            FeeKind::PublicNotice => "申请公示催告费",
            FeeKind::Arbitration => "申请撤销仲裁裁决或认定仲裁协议效力费",
            FeeKind::Bankruptcy => "破产案件申请费",
            FeeKind::MaritimeFund => "申请设立海事赔偿责任限制基金费",
            FeeKind::MaritimeInjunction => "申请海事强制令费",
            FeeKind::MaritimeLienNotice => "申请船舶优先权催告费",
            FeeKind::MaritimeClaimRegistration => "申请海事债权登记费",
            FeeKind::GeneralAverage => "申请共同海损理算费",
        }
    }

    /// A plain-language label for a touch tile (what the litigant's matter is about).
    pub const fn plain_zh(self) -> &'static str {
        match self {
            FeeKind::Property => "要钱要物（借款、合同、赔偿等）",
            FeeKind::Divorce => "离婚",
            FeeKind::Personality => "名誉、肖像、姓名等人格权",
            FeeKind::NonProperty => "其他不涉及金钱的纠纷",
            FeeKind::Ip => "知识产权（商标、专利、著作权）",
            FeeKind::Labor => "劳动争议",
            FeeKind::Admin => "告政府机关（行政诉讼）",
            FeeKind::AdminSpecial => "商标、专利、海事行政诉讼",
            FeeKind::JurisdictionObjection => "管辖权异议",
            FeeKind::Execution => "申请强制执行",
            FeeKind::Preservation => "申请财产保全",
            FeeKind::PaymentOrder => "申请支付令",
            FeeKind::PublicNotice => "票据公示催告",
            FeeKind::Arbitration => "撤销仲裁裁决 / 仲裁协议效力",
            FeeKind::Bankruptcy => "破产",
            FeeKind::MaritimeFund => "海事赔偿责任限制基金",
            FeeKind::MaritimeInjunction => "海事强制令",
            FeeKind::MaritimeLienNotice => "船舶优先权催告",
            FeeKind::MaritimeClaimRegistration => "海事债权登记",
            FeeKind::GeneralAverage => "共同海损理算",
        }
    }

    /// The provision of 《诉讼费用交纳办法》 the item comes from.
    pub const fn article(self) -> &'static str {
        match self {
            FeeKind::Property => "第十三条第（一）项",
            FeeKind::Divorce => "第十三条第（二）项第1目",
            FeeKind::Personality => "第十三条第（二）项第2目",
            FeeKind::NonProperty => "第十三条第（二）项第3目",
            FeeKind::Ip => "第十三条第（三）项",
            FeeKind::Labor => "第十三条第（四）项",
            FeeKind::Admin => "第十三条第（五）项第2目",
            FeeKind::AdminSpecial => "第十三条第（五）项第1目",
            FeeKind::JurisdictionObjection => "第十三条第（六）项",
            FeeKind::Execution => "第十四条第（一）项",
            FeeKind::Preservation => "第十四条第（二）项",
            FeeKind::PaymentOrder => "第十四条第（三）项",
            FeeKind::PublicNotice => "第十四条第（四）项",
            FeeKind::Arbitration => "第十四条第（五）项",
            FeeKind::Bankruptcy => "第十四条第（六）项",
            FeeKind::MaritimeFund => "第十四条第（七）项第1目",
            FeeKind::MaritimeInjunction => "第十四条第（七）项第2目",
            FeeKind::MaritimeLienNotice => "第十四条第（七）项第3目",
            FeeKind::MaritimeClaimRegistration => "第十四条第（七）项第4目",
            FeeKind::GeneralAverage => "第十四条第（七）项第5目",
        }
    }

    /// A case acceptance fee of Art. 13 (一)–(五): the reductions of Art. 15/16/18, the exemptions of Art. 8 and the
    /// appeal / retrial rules of Art. 17/19 apply. A failed jurisdiction objection (Art. 13(六)) and the application
    /// fees of Art. 14 are not reduced.
    pub const fn is_acceptance_fee(self) -> bool {
        matches!(
            self,
            FeeKind::Property
                | FeeKind::Divorce
                | FeeKind::Personality
                | FeeKind::NonProperty
                | FeeKind::Ip
                | FeeKind::Labor
                | FeeKind::Admin
                | FeeKind::AdminSpecial
        )
    }

    /// The national per-case range of a ranged item, in yuan (a province fixes a figure inside it). For `ip` and
    /// `execution` the range applies only when there is no amount.
    pub const fn national_range(self) -> Option<(Fen, Fen)> {
        const fn r(lo: i64, hi: i64) -> Option<(Fen, Fen)> {
            Some((Fen::from_yuan(lo), Fen::from_yuan(hi)))
        }
        match self {
            FeeKind::Divorce => r(50, 300),                 // Art. 13(二)1
            FeeKind::Personality => r(100, 500),            // Art. 13(二)2
            FeeKind::NonProperty => r(50, 100),             // Art. 13(二)3
            FeeKind::Ip => r(500, 1_000),                   // Art. 13(三)
            FeeKind::JurisdictionObjection => r(50, 100),   // Art. 13(六)
            FeeKind::Execution => r(50, 500),               // Art. 14(一)
            FeeKind::MaritimeFund => r(1_000, 10_000),      // Art. 14(七)1
            FeeKind::MaritimeInjunction => r(1_000, 5_000), // Art. 14(七)2
            FeeKind::MaritimeLienNotice => r(1_000, 5_000), // Art. 14(七)3
            _ => None,
        }
    }

    /// Whether the item takes `input`.
    pub const fn needs(self, input: Input) -> Need {
        match (self, input) {
            (FeeKind::Property | FeeKind::PaymentOrder | FeeKind::Bankruptcy, Input::Amount) => {
                Need::Required
            }
            (FeeKind::Ip | FeeKind::Execution | FeeKind::Preservation, Input::Amount) => {
                Need::Optional
            }
            (FeeKind::Divorce, Input::Property) => Need::Optional,
            (FeeKind::Personality, Input::Damages) => Need::Optional,
            _ => Need::No,
        }
    }

    /// The input an appeal / retrial amount (Art. 17/19) stands in for, if the item has one.
    pub const fn main_input(self) -> Option<Input> {
        match self {
            FeeKind::Property | FeeKind::Ip => Some(Input::Amount),
            FeeKind::Divorce => Some(Input::Property),
            FeeKind::Personality => Some(Input::Damages),
            _ => None,
        }
    }
}

impl std::fmt::Display for FeeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
