//! A court's fee schedule: its rounding unit and the figures it fixes inside the national ranges (a province fixes
//! the exact per-case figure for the items of Art. 13(二)(三)(六) and the ranged items of Art. 14). With nothing
//! fixed, the kiosk shows the national minimum and maximum.

use std::collections::BTreeMap;

use super::kind::FeeKind;
use crate::money::{parse_amount, AmountError, Fen, RoundingUnit};

/// The validated local choices a fee computation needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeeSchedule {
    rounding: RoundingUnit,
    fixed: BTreeMap<FeeKind, Fen>,
}

/// Why a court's local choice was refused. The configuration shell prefixes the key path (`fees.fixed.KEY`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("\"{key}\" is not a ranged fee item; accepted keys: {accepted}")]
    NotRanged { key: String, accepted: String },
    #[error("\"{value}\" {error}")]
    BadAmount { value: String, error: AmountError },
    #[error("{value} yuan is outside the national range for {kind} ({min}–{max} yuan, 诉讼费用交纳办法 {article})")]
    OutsideRange {
        kind: FeeKind,
        value: Fen,
        min: Fen,
        max: Fen,
        article: &'static str,
    },
    #[error("{unit} is not a rounding unit; accepted: 1 (fen), 10 (jiao), 100 (yuan)")]
    BadRoundingUnit { unit: i64 },
}

impl FeeSchedule {
    /// The national schedule: no figure fixed, rounded to `rounding`.
    pub fn national(rounding: RoundingUnit) -> FeeSchedule {
        FeeSchedule {
            rounding,
            fixed: BTreeMap::new(),
        }
    }

    /// The codes that may be fixed: every ranged item.
    pub fn fixable_codes() -> String {
        FeeKind::ALL
            .iter()
            .filter(|k| k.national_range().is_some())
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Fixes the per-case figure of a ranged item; it must lie inside the national range.
    pub fn with_fixed(mut self, kind: FeeKind, value: Fen) -> Result<FeeSchedule, ScheduleError> {
        let Some((min, max)) = kind.national_range() else {
            return Err(ScheduleError::NotRanged {
                key: kind.code().into(),
                accepted: Self::fixable_codes(),
            });
        };
        if value < min || value > max {
            return Err(ScheduleError::OutsideRange {
                kind,
                value,
                min,
                max,
                article: kind.article(),
            });
        }
        self.fixed.insert(kind, value);
        Ok(self)
    }

    /// From the configuration as written (`fees.rounding_unit_fen`, `[fees.fixed]` yuan strings). Every problem is
    /// returned with the key it concerns (`rounding_unit_fen` or `fixed.KEY`), so the shell can name the key path.
    pub fn from_config(
        rounding_unit_fen: i64,
        fixed: &BTreeMap<String, String>,
    ) -> Result<FeeSchedule, Vec<(String, ScheduleError)>> {
        let mut problems = Vec::new();
        let rounding = RoundingUnit::from_fen(rounding_unit_fen).unwrap_or_else(|| {
            problems.push((
                "rounding_unit_fen".to_string(),
                ScheduleError::BadRoundingUnit {
                    unit: rounding_unit_fen,
                },
            ));
            RoundingUnit::Fen
        });
        let mut schedule = FeeSchedule::national(rounding);
        for (key, text) in fixed {
            let path = format!("fixed.{key}");
            let Some(kind) = FeeKind::from_code(key).filter(|k| k.national_range().is_some())
            else {
                problems.push((
                    path,
                    ScheduleError::NotRanged {
                        key: key.clone(),
                        accepted: Self::fixable_codes(),
                    },
                ));
                continue;
            };
            let value = match parse_amount(text) {
                Ok(v) => v,
                Err(error) => {
                    problems.push((
                        path,
                        ScheduleError::BadAmount {
                            value: text.clone(),
                            error,
                        },
                    ));
                    continue;
                }
            };
            match schedule.clone().with_fixed(kind, value) {
                Ok(s) => schedule = s,
                Err(e) => problems.push((path, e)),
            }
        }
        if problems.is_empty() {
            Ok(schedule)
        } else {
            Err(problems)
        }
    }

    pub fn rounding(&self) -> RoundingUnit {
        self.rounding
    }

    /// The court's fixed figure for a ranged item, if any.
    pub fn fixed(&self, kind: FeeKind) -> Option<Fen> {
        self.fixed.get(&kind).copied()
    }

    /// The per-case range that applies: the fixed figure (min = max) or the national range.
    pub fn per_case(&self, kind: FeeKind) -> Option<(Fen, Fen)> {
        match (self.fixed(kind), kind.national_range()) {
            (Some(f), _) => Some((f, f)),
            (None, r) => r,
        }
    }
}
