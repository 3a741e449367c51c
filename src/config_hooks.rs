//! Checks of configuration sections whose rules live with their feature (fees, risk). Called by
//! `config::validate`; each reports problems through `bad(key_path, message)`.

use crate::config::raw_types::{RawFees, RawRisk};

/// `[fees]`: court-fixed figures (`[fees.fixed]`, yuan as written) must name a ranged fee item, parse as an amount
/// and lie inside its national range (诉讼费用交纳办法 Art. 13(二)(三)(六), Art. 14(一)(七)). Each problem is reported
/// as `fees.fixed.KEY`. `rounding_unit_fen` is judged by `config::validate` itself.
pub fn check_fees(fees: &RawFees, bad: &mut dyn FnMut(String, String)) {
    let unit =
        court_core::money::RoundingUnit::from_fen(fees.rounding_unit_fen).map_or(1, |u| u.fen());
    if let Err(problems) = court_core::fees::FeeSchedule::from_config(unit, &fees.fixed) {
        for (key, error) in problems {
            bad(format!("fees.{key}"), error.to_string());
        }
    }
}

/// `[risk]`: every enabled case type must exist in the embedded questionnaires, which must themselves be valid
/// (reported as `risk.content: FILE: KEY.PATH: message`), and every counter a questionnaire sends the litigant to
/// must be a `[[services]]` code. `service_codes` are the configured services' codes.
pub fn check_risk(risk: &RawRisk, service_codes: &[&str], bad: &mut dyn FnMut(String, String)) {
    for p in crate::content::problems() {
        bad("risk.content".into(), p.to_string());
    }
    let known: Vec<&str> = crate::content::questionnaires()
        .iter()
        .map(|q| q.code.as_str())
        .collect();
    for (i, code) in risk.enabled_case_types.iter().enumerate() {
        if !known.contains(&code.as_str()) {
            bad(
                format!("risk.enabled_case_types[{i}]"),
                format!(
                    "{code:?} is not an embedded questionnaire; accepted: {}",
                    known.join(", ")
                ),
            );
        } else if risk.enabled_case_types[..i].contains(code) {
            bad(
                format!("risk.enabled_case_types[{i}]"),
                format!("{code:?} is listed twice"),
            );
        }
    }
    for q in crate::content::questionnaires() {
        if !risk.enabled_case_types.contains(&q.code) {
            continue;
        }
        for counter in q.counters() {
            if !service_codes.contains(&counter) {
                bad(
                    "risk.enabled_case_types".into(),
                    format!(
                        "case type {:?} sends litigants to counter {counter:?}, which is not a [[services]] code; \
                         accepted: {}",
                        q.code,
                        service_codes.join(", ")
                    ),
                );
            }
        }
    }
}
