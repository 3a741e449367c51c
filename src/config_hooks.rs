//! Checks of configuration sections whose rules live with their feature (fees, risk). Called by
//! `config::validate`; each reports problems through `bad(key_path, message)`.

use crate::config::raw_types::{RawFees, RawRisk};

/// `[fees]`: court-fixed figures must name a ranged fee item and lie inside its national range.
pub fn check_fees(_fees: &RawFees, _bad: &mut dyn FnMut(String, String)) {}

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
