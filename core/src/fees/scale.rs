//! The cumulative band scales (分段累计) of 《诉讼费用交纳办法》, as data: each band charges a per-mille rate on the
//! part of the amount inside it. Every figure here is the regulation's own.

use crate::money::{Exact, Fen};

/// One band above the scale's base: the part of the amount up to `upto_yuan` (None = no upper edge) is charged
/// `permille` ‰.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub upto_yuan: Option<i64>,
    pub permille: i64,
}

/// A cumulative scale: a flat `base_fee_yuan` for amounts up to `base_upto_yuan`, then the bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub base_upto_yuan: i64,
    pub base_fee_yuan: i64,
    pub bands: &'static [Band],
}

const fn band(upto_yuan: i64, permille: i64) -> Band {
    Band {
        upto_yuan: Some(upto_yuan),
        permille,
    }
}

const fn top(permille: i64) -> Band {
    Band {
        upto_yuan: None,
        permille,
    }
}

/// The provision of the property scale (cited by the items that are computed on it).
pub const PROPERTY_ARTICLE: &str = "第十三条第（一）项";

/// Art. 13(一): property cases. ≤ 10,000 → 50 per case; then 2.5 %, 2 %, 1.5 %, 1 %, 0.9 %, 0.8 %, 0.7 %, 0.6 %, 0.5 %.
pub const PROPERTY: Scale = Scale {
    base_upto_yuan: 10_000,
    base_fee_yuan: 50,
    bands: &[
        band(100_000, 25),
        band(200_000, 20),
        band(500_000, 15),
        band(1_000_000, 10),
        band(2_000_000, 9),
        band(5_000_000, 8),
        band(10_000_000, 7),
        band(20_000_000, 6),
        top(5),
    ],
};

/// Art. 13(二)1: divorce property division — nothing more up to 200,000; 0.5 % above.
pub const DIVORCE_PROPERTY: Scale = Scale {
    base_upto_yuan: 200_000,
    base_fee_yuan: 0,
    bands: &[top(5)],
};

/// Art. 13(二)2: personality-rights damages — nothing more up to 50,000; 1 % to 100,000; 0.5 % above.
pub const PERSONALITY_DAMAGES: Scale = Scale {
    base_upto_yuan: 50_000,
    base_fee_yuan: 0,
    bands: &[band(100_000, 10), top(5)],
};

/// Art. 14(一): enforcement with an amount. ≤ 10,000 → 50; then 1.5 %, 1 %, 0.5 %, 0.1 %.
pub const EXECUTION: Scale = Scale {
    base_upto_yuan: 10_000,
    base_fee_yuan: 50,
    bands: &[
        band(500_000, 15),
        band(5_000_000, 10),
        band(10_000_000, 5),
        top(1),
    ],
};

/// Art. 14(二): preservation. ≤ 1,000 (or no amount) → 30; then 1 %, 0.5 %; capped by [`PRESERVATION_CAP`].
pub const PRESERVATION: Scale = Scale {
    base_upto_yuan: 1_000,
    base_fee_yuan: 30,
    bands: &[band(100_000, 10), top(5)],
};

/// Art. 14(二): a preservation fee never exceeds 5,000 yuan in total.
pub const PRESERVATION_CAP: Fen = Fen::from_yuan(5_000);

/// Art. 14(六): a bankruptcy fee never exceeds 300,000 yuan.
pub const BANKRUPTCY_CAP: Fen = Fen::from_yuan(300_000);

/// One computed part of a scale: the band's words and its exact amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandPart {
    pub text: String,
    pub amount: Exact,
}

/// "1万元", "20万元", "1000万元", "1000元": an edge as people read it.
pub fn edge_text(yuan: i64) -> String {
    if yuan >= 10_000 && yuan % 10_000 == 0 {
        format!("{}万元", yuan / 10_000)
    } else {
        format!("{yuan}元")
    }
}

/// "2.5%", "0.9%", "1%".
pub fn rate_text(permille: i64) -> String {
    if permille % 10 == 0 {
        format!("{}%", permille / 10)
    } else {
        format!("{}.{}%", permille / 10, permille % 10)
    }
}

impl Scale {
    /// The bands of `amount`, cumulative (分段累计): the base, then the part inside each band the amount reaches.
    /// The base line is included even when its fee is zero ("不另行交纳"), so the reader sees the rule.
    pub fn parts(&self, amount: Fen) -> Vec<BandPart> {
        let mut out = Vec::new();
        let base_edge = Fen::from_yuan(self.base_upto_yuan);
        let base_text = if self.base_fee_yuan > 0 {
            format!(
                "不超过{}的部分，每件交纳{}元",
                edge_text(self.base_upto_yuan),
                self.base_fee_yuan
            )
        } else {
            format!("不超过{}的部分，不另行交纳", edge_text(self.base_upto_yuan))
        };
        out.push(BandPart {
            text: base_text,
            amount: Fen::from_yuan(self.base_fee_yuan).exact(),
        });
        let mut lower = base_edge;
        let mut lower_yuan = self.base_upto_yuan;
        for b in self.bands {
            if amount <= lower {
                break;
            }
            let upper = b.upto_yuan.map(Fen::from_yuan);
            let top_of_part = match upper {
                Some(u) if amount > u => u,
                _ => amount,
            };
            let part = top_of_part - lower;
            let range = match b.upto_yuan {
                Some(u) => format!("超过{}至{}的部分", edge_text(lower_yuan), edge_text(u)),
                None => format!("超过{}的部分", edge_text(lower_yuan)),
            };
            out.push(BandPart {
                text: format!(
                    "{range}（{}元）按{}交纳",
                    part.grouped(),
                    rate_text(b.permille)
                ),
                amount: part.exact().mul_ratio(b.permille, 1000),
            });
            match (upper, b.upto_yuan) {
                (Some(u), Some(uy)) => {
                    lower = u;
                    lower_yuan = uy;
                }
                _ => break,
            }
        }
        out
    }

    /// The exact total of the scale for `amount`.
    pub fn total(&self, amount: Fen) -> Exact {
        self.parts(amount).into_iter().map(|p| p.amount).sum()
    }
}
