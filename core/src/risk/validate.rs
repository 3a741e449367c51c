//! Parsing and validating a content file. Every problem is collected with its precise location, e.g.
//! `private-lending.toml: rules[3](no-iou).when[0].question: unknown question id "has-iuo"`.
//!
//! Checked: the TOML shape (unknown keys are errors), stable kebab-case codes and ids, duplicate ids, question
//! kinds and their options, conditions (known question, earlier in the order, a test that fits the question's
//! kind, existing option ids), unreachable questions (a condition that can never hold, or one on an unreachable
//! question), rules that can never fire, levels, SPC items 1–17, a missing basis, the limitation and cost
//! sections' question ids and kinds.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;

use crate::limitation::ClaimKind;
use crate::money::Fen;

use super::model::{
    Alternative, Choice, Condition, CostSpec, Effect, FeeCategory, LimitationSpec, Question,
    QuestionKind, Questionnaire, Rule, Test,
};
use super::Level;

/// One problem in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// `file: key.path` — e.g. `divorce.toml: questions[4](children).show_if[0].equals`.
    pub location: String,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem of one content file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestionnaire {
    code: String,
    name: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    counter: String,
    #[serde(default)]
    documents: Vec<String>,
    #[serde(default)]
    alternatives: Vec<RawAlternative>,
    limitation: Option<RawLimitation>,
    costs: Option<RawCosts>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlternative {
    text: String,
    #[serde(default)]
    basis: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: String,
    label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: String,
    text: String,
    help: Option<String>,
    #[serde(default)]
    options: Vec<RawChoice>,
    #[serde(default)]
    show_if: Vec<RawCondition>,
    #[serde(default)]
    optional: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    question: String,
    equals: Option<String>,
    not: Option<String>,
    includes: Option<String>,
    excludes: Option<String>,
    any_of: Option<Vec<String>>,
    answered: Option<bool>,
    /// Yuan.
    at_least: Option<i64>,
    /// Yuan.
    below: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    #[serde(default)]
    when: Vec<RawCondition>,
    level: String,
    spc_item: i64,
    text: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    basis: Vec<String>,
    effect: Option<String>,
    counter: Option<String>,
    #[serde(default)]
    documents: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaimIf {
    when: Vec<RawCondition>,
    claim: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimitation {
    claim: String,
    #[serde(default)]
    claim_if: Vec<RawClaimIf>,
    known: Option<String>,
    #[serde(default)]
    instalment_if: Vec<RawCondition>,
    harm: Option<String>,
    #[serde(default)]
    interrupted: Vec<String>,
    suspended_from: Option<String>,
    suspended_to: Option<String>,
    #[serde(default)]
    no_limitation_if: Vec<RawCondition>,
    #[serde(default)]
    no_limitation_reason: String,
    #[serde(default)]
    no_limitation_basis: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCosts {
    fee: String,
    amount: Option<String>,
    property: Option<String>,
    #[serde(default)]
    preservation_if: Vec<RawCondition>,
}

/// A stable code or id: lowercase ASCII letters and digits in words joined by single hyphens.
pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

struct Checker<'a> {
    file: &'a str,
    errors: Vec<ContentError>,
}

impl Checker<'_> {
    fn bad(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ContentError {
            location: format!("{}: {}", self.file, path.into()),
            message: message.into(),
        });
    }

    fn non_empty(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.bad(path, "must not be empty");
        }
    }

    fn basis(&mut self, path: &str, basis: &[String]) {
        if basis.is_empty() {
            self.bad(
                path,
                "missing basis: cite the article of law (or the SPC notice item) this rests on",
            );
        }
        for (i, b) in basis.iter().enumerate() {
            if b.trim().is_empty() {
                self.bad(format!("{path}[{i}]"), "an empty citation");
            }
        }
    }

    /// Converts and checks one condition. `before` is the index the referenced question must precede (a
    /// question's own index for show_if; `usize::MAX` for rules and sections).
    fn condition(
        &mut self,
        path: &str,
        raw: &RawCondition,
        questions: &[Question],
        index: &BTreeMap<&str, usize>,
        before: usize,
    ) -> Option<Condition> {
        let Some(&qi) = index.get(raw.question.as_str()) else {
            self.bad(
                format!("{path}.question"),
                format!("unknown question id {:?}", raw.question),
            );
            return None;
        };
        if qi >= before {
            self.bad(
                format!("{path}.question"),
                format!(
                    "{:?} is not asked before this question; a condition may only refer to an earlier question",
                    raw.question
                ),
            );
            return None;
        }
        let q = &questions[qi];
        let mut tests: Vec<(&str, Test)> = Vec::new();
        if let Some(v) = &raw.equals {
            tests.push(("equals", Test::Equals(v.clone())));
        }
        if let Some(v) = &raw.not {
            tests.push(("not", Test::Not(v.clone())));
        }
        if let Some(v) = &raw.includes {
            tests.push(("includes", Test::Includes(v.clone())));
        }
        if let Some(v) = &raw.excludes {
            tests.push(("excludes", Test::Excludes(v.clone())));
        }
        if let Some(v) = &raw.any_of {
            tests.push(("any_of", Test::AnyOf(v.clone())));
        }
        if let Some(v) = raw.answered {
            tests.push(("answered", Test::Answered(v)));
        }
        if let Some(v) = raw.at_least {
            tests.push(("at_least", Test::AtLeast(Fen::from_yuan(v))));
        }
        if let Some(v) = raw.below {
            tests.push(("below", Test::Below(Fen::from_yuan(v))));
        }
        if tests.len() != 1 {
            self.bad(
                path,
                format!(
                    "a condition needs exactly one test (equals, not, includes, excludes, any_of, answered, at_least, below); found {}",
                    tests.len()
                ),
            );
            return None;
        }
        let (key, test) = tests.remove(0);
        let kind = q.kind;
        let fits = matches!(
            (&test, kind),
            (Test::Answered(_), _)
                | (
                    Test::Equals(_) | Test::Not(_),
                    QuestionKind::YesNo | QuestionKind::Single
                )
                | (
                    Test::Includes(_) | Test::Excludes(_),
                    QuestionKind::Multiple
                )
                | (
                    Test::AnyOf(_),
                    QuestionKind::Single | QuestionKind::Multiple
                )
                | (Test::AtLeast(_) | Test::Below(_), QuestionKind::Amount)
        );
        if !fits {
            self.bad(
                format!("{path}.{key}"),
                format!(
                    "`{key}` does not apply to {:?}, a {} question",
                    q.id,
                    kind.code()
                ),
            );
            return None;
        }
        let values: Vec<&String> = match &test {
            Test::Equals(v) | Test::Not(v) | Test::Includes(v) | Test::Excludes(v) => vec![v],
            Test::AnyOf(v) => v.iter().collect(),
            _ => vec![],
        };
        if matches!(test, Test::AnyOf(ref v) if v.is_empty()) {
            self.bad(format!("{path}.any_of"), "lists no option");
            return None;
        }
        let mut ok = true;
        for v in values {
            let known = match kind {
                QuestionKind::YesNo => v == "yes" || v == "no",
                _ => q.option(v).is_some(),
            };
            if !known {
                let accepted = match kind {
                    QuestionKind::YesNo => "yes, no".to_string(),
                    _ => q
                        .options
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                self.bad(
                    format!("{path}.{key}"),
                    format!("{v:?} is not an answer of {:?}; accepted: {accepted}", q.id),
                );
                ok = false;
            }
        }
        ok.then(|| Condition {
            question: raw.question.clone(),
            test,
        })
    }

    fn conditions(
        &mut self,
        path: &str,
        raw: &[RawCondition],
        questions: &[Question],
        index: &BTreeMap<&str, usize>,
        before: usize,
    ) -> Option<Vec<Condition>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (i, c) in raw.iter().enumerate() {
            match self.condition(&format!("{path}[{i}]"), c, questions, index, before) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn question_ref(
        &mut self,
        path: &str,
        id: &str,
        questions: &[Question],
        index: &BTreeMap<&str, usize>,
        kind: QuestionKind,
    ) -> Option<String> {
        match index.get(id) {
            None => {
                self.bad(path, format!("unknown question id {id:?}"));
                None
            }
            Some(&i) if questions[i].kind != kind => {
                self.bad(
                    path,
                    format!(
                        "{id:?} is a {} question; a {} question is needed here",
                        questions[i].kind.code(),
                        kind.code()
                    ),
                );
                None
            }
            Some(_) => Some(id.to_string()),
        }
    }
}

/// Whether all the conditions can hold together for some answers, given which questions can be reached.
fn satisfiable(
    conds: &[Condition],
    questions: &[Question],
    reachable: &BTreeMap<&str, bool>,
) -> Result<(), String> {
    let mut by_q: BTreeMap<&str, Vec<&Test>> = BTreeMap::new();
    for c in conds {
        if !reachable.get(c.question.as_str()).copied().unwrap_or(false) {
            if !matches!(c.test, Test::Answered(false)) {
                return Err(format!(
                    "it depends on {:?}, which is never asked",
                    c.question
                ));
            }
            continue;
        }
        by_q.entry(c.question.as_str()).or_default().push(&c.test);
    }
    for (qid, tests) in by_q {
        let Some(q) = questions.iter().find(|q| q.id == qid) else {
            continue;
        };
        let unanswered = tests.iter().any(|t| matches!(t, Test::Answered(false)));
        if unanswered && tests.iter().any(|t| !matches!(t, Test::Answered(false))) {
            return Err(format!("it requires {qid:?} both unanswered and answered"));
        }
        let all: BTreeSet<String> = match q.kind {
            QuestionKind::YesNo => ["yes".to_string(), "no".to_string()].into(),
            _ => q.options.iter().map(|c| c.id.clone()).collect(),
        };
        match q.kind {
            QuestionKind::YesNo | QuestionKind::Single => {
                let mut allowed = all.clone();
                for t in &tests {
                    match t {
                        Test::Equals(v) => allowed.retain(|x| x == v),
                        Test::Not(v) => allowed.retain(|x| x != v),
                        Test::AnyOf(vs) => allowed.retain(|x| vs.contains(x)),
                        _ => {}
                    }
                }
                if allowed.is_empty() && !unanswered {
                    return Err(format!("its conditions on {qid:?} exclude every answer"));
                }
            }
            QuestionKind::Multiple => {
                let inc: BTreeSet<&String> = tests
                    .iter()
                    .filter_map(|t| {
                        if let Test::Includes(v) = t {
                            Some(v)
                        } else {
                            None
                        }
                    })
                    .collect();
                let exc: BTreeSet<&String> = tests
                    .iter()
                    .filter_map(|t| {
                        if let Test::Excludes(v) = t {
                            Some(v)
                        } else {
                            None
                        }
                    })
                    .collect();
                if let Some(v) = inc.intersection(&exc).next() {
                    return Err(format!(
                        "it requires option {v:?} of {qid:?} both chosen and not chosen"
                    ));
                }
                for t in &tests {
                    if let Test::AnyOf(vs) = t {
                        if vs.iter().all(|v| exc.contains(v)) {
                            return Err(format!(
                                "its conditions on {qid:?} exclude every option of any_of"
                            ));
                        }
                    }
                }
            }
            QuestionKind::Amount => {
                let lo = tests
                    .iter()
                    .filter_map(|t| {
                        if let Test::AtLeast(v) = t {
                            Some(*v)
                        } else {
                            None
                        }
                    })
                    .max();
                let hi = tests
                    .iter()
                    .filter_map(|t| {
                        if let Test::Below(v) = t {
                            Some(*v)
                        } else {
                            None
                        }
                    })
                    .min();
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    if lo >= hi {
                        return Err(format!(
                            "its amount conditions on {qid:?} exclude every amount"
                        ));
                    }
                }
            }
            QuestionKind::Date => {}
        }
    }
    Ok(())
}

/// Parses and validates one content file. `file` names it in every error.
pub(super) fn parse(file: &str, text: &str) -> Result<Questionnaire, ContentErrors> {
    let raw: RawQuestionnaire = toml::from_str(text).map_err(|e| {
        let message = e.to_string().replace('\n', " ");
        ContentErrors(vec![ContentError {
            location: file.to_string(),
            message: format!("not a valid content file: {message}"),
        }])
    })?;
    let mut c = Checker {
        file,
        errors: Vec::new(),
    };
    if !is_kebab(&raw.code) {
        c.bad(
            "code",
            format!(
                "{:?} is not a stable kebab-case code (e.g. \"private-lending\")",
                raw.code
            ),
        );
    }
    c.non_empty("name", &raw.name);
    c.non_empty("counter", &raw.counter);
    if raw.documents.is_empty() {
        c.bad("documents", "list the documents the litigant should bring");
    }
    let mut alternatives = Vec::new();
    for (i, a) in raw.alternatives.iter().enumerate() {
        c.non_empty(&format!("alternatives[{i}].text"), &a.text);
        c.basis(&format!("alternatives[{i}].basis"), &a.basis);
        alternatives.push(Alternative {
            text: a.text.clone(),
            basis: a.basis.clone(),
        });
    }

    // Questions: ids, kinds, options first (so conditions can refer to them), then conditions in order.
    let mut questions: Vec<Question> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, rq) in raw.questions.iter().enumerate() {
        let path = format!("questions[{i}]({})", rq.id);
        if !is_kebab(&rq.id) {
            c.bad(
                format!("{path}.id"),
                format!("{:?} is not a kebab-case id", rq.id),
            );
        }
        if index.insert(rq.id.as_str(), i).is_some() {
            c.bad(
                format!("{path}.id"),
                format!("duplicate question id {:?}", rq.id),
            );
        }
        c.non_empty(&format!("{path}.text"), &rq.text);
        let kind = match QuestionKind::from_code(&rq.kind) {
            Some(k) => k,
            None => {
                c.bad(
                    format!("{path}.kind"),
                    format!(
                        "{:?} is not a question kind; accepted: {}",
                        rq.kind,
                        QuestionKind::CODES
                    ),
                );
                QuestionKind::YesNo
            }
        };
        let choice = matches!(kind, QuestionKind::Single | QuestionKind::Multiple);
        if choice && rq.options.len() < 2 {
            c.bad(
                format!("{path}.options"),
                "a choice question needs at least two options",
            );
        }
        if !choice && !rq.options.is_empty() {
            c.bad(
                format!("{path}.options"),
                format!("a {} question has no options", kind.code()),
            );
        }
        let mut seen = BTreeSet::new();
        for (j, o) in rq.options.iter().enumerate() {
            if !is_kebab(&o.id) {
                c.bad(
                    format!("{path}.options[{j}].id"),
                    format!("{:?} is not a kebab-case id", o.id),
                );
            }
            if !seen.insert(o.id.as_str()) {
                c.bad(
                    format!("{path}.options[{j}].id"),
                    format!("duplicate option id {:?}", o.id),
                );
            }
            c.non_empty(&format!("{path}.options[{j}].label"), &o.label);
        }
        questions.push(Question {
            id: rq.id.clone(),
            kind,
            text: rq.text.clone(),
            help: rq.help.clone(),
            options: rq
                .options
                .iter()
                .map(|o| Choice {
                    id: o.id.clone(),
                    label: o.label.clone(),
                })
                .collect(),
            show_if: Vec::new(),
            optional: rq.optional,
        });
    }
    let mut reachable: BTreeMap<&str, bool> = BTreeMap::new();
    for (i, rq) in raw.questions.iter().enumerate() {
        let path = format!("questions[{i}]({}).show_if", rq.id);
        let conds = c.conditions(&path, &rq.show_if, &questions, &index, i);
        let reach = match &conds {
            Some(conds) => match satisfiable(conds, &questions, &reachable) {
                Ok(()) => true,
                Err(why) => {
                    c.bad(path.clone(), format!("unreachable question: {why}"));
                    false
                }
            },
            None => false,
        };
        reachable.insert(rq.id.as_str(), reach);
        if let Some(conds) = conds {
            questions[i].show_if = conds;
        }
    }

    let mut rules = Vec::new();
    let mut rule_ids = BTreeSet::new();
    for (i, rr) in raw.rules.iter().enumerate() {
        let path = format!("rules[{i}]({})", rr.id);
        if !is_kebab(&rr.id) {
            c.bad(
                format!("{path}.id"),
                format!("{:?} is not a kebab-case id", rr.id),
            );
        }
        if !rule_ids.insert(rr.id.as_str()) {
            c.bad(
                format!("{path}.id"),
                format!("duplicate rule id {:?}", rr.id),
            );
        }
        if rr.when.is_empty() {
            c.bad(
                format!("{path}.when"),
                "a rule needs at least one condition",
            );
        }
        let when = c.conditions(
            &format!("{path}.when"),
            &rr.when,
            &questions,
            &index,
            usize::MAX,
        );
        if let Some(when) = &when {
            if let Err(why) = satisfiable(when, &questions, &reachable) {
                c.bad(
                    format!("{path}.when"),
                    format!("the rule can never fire: {why}"),
                );
            }
        }
        let level = Level::from_text(&rr.level);
        if level.is_none() {
            c.bad(
                format!("{path}.level"),
                format!("{:?} is not a level; accepted: 高, 中, 低", rr.level),
            );
        }
        let spc = u8::try_from(rr.spc_item)
            .ok()
            .filter(|n| (1..=17).contains(n));
        if spc.is_none() {
            c.bad(
                format!("{path}.spc_item"),
                format!(
                    "{} is not an item of 《人民法院民事诉讼风险提示书》; accepted: 1–17",
                    rr.spc_item
                ),
            );
        }
        c.non_empty(&format!("{path}.text"), &rr.text);
        c.non_empty(&format!("{path}.action"), &rr.action);
        c.basis(&format!("{path}.basis"), &rr.basis);
        let effect = match rr.effect.as_deref() {
            None | Some("neutral") => Effect::Neutral,
            Some("for") => Effect::For,
            Some("against") => Effect::Against,
            Some(other) => {
                c.bad(
                    format!("{path}.effect"),
                    format!("{other:?} is not an effect; accepted: for, against, neutral"),
                );
                Effect::Neutral
            }
        };
        if let (Some(when), Some(level), Some(spc_item)) = (when, level, spc) {
            rules.push(Rule {
                id: rr.id.clone(),
                when,
                level,
                spc_item,
                text: rr.text.clone(),
                action: rr.action.clone(),
                basis: rr.basis.clone(),
                effect,
                counter: rr.counter.clone(),
                documents: rr.documents.clone(),
            });
        }
    }

    let limitation = raw
        .limitation
        .as_ref()
        .and_then(|l| limitation(&mut c, l, &questions, &index));
    let costs = raw
        .costs
        .as_ref()
        .and_then(|k| costs(&mut c, k, &questions, &index));

    if c.errors.is_empty() {
        Ok(Questionnaire {
            code: raw.code,
            name: raw.name,
            name_en: raw.name_en,
            summary: raw.summary,
            counter: raw.counter,
            documents: raw.documents,
            alternatives,
            limitation,
            costs,
            questions,
            rules,
        })
    } else {
        Err(ContentErrors(c.errors))
    }
}

fn limitation(
    c: &mut Checker<'_>,
    l: &RawLimitation,
    questions: &[Question],
    index: &BTreeMap<&str, usize>,
) -> Option<LimitationSpec> {
    let claim_of = |c: &mut Checker<'_>, path: &str, code: &str| {
        let k = ClaimKind::from_code(code);
        if k.is_none() {
            let accepted: Vec<&str> = ClaimKind::ALL.iter().map(|k| k.code()).collect();
            c.bad(
                path,
                format!(
                    "{code:?} is not a claim kind; accepted: {}",
                    accepted.join(", ")
                ),
            );
        }
        k
    };
    let claim = claim_of(c, "limitation.claim", &l.claim);
    let mut claim_if = Vec::new();
    for (i, ci) in l.claim_if.iter().enumerate() {
        let when = c.conditions(
            &format!("limitation.claim_if[{i}].when"),
            &ci.when,
            questions,
            index,
            usize::MAX,
        );
        let k = claim_of(c, &format!("limitation.claim_if[{i}].claim"), &ci.claim);
        if let (Some(w), Some(k)) = (when, k) {
            claim_if.push((w, k));
        }
    }
    let always_none = claim == Some(ClaimKind::NoLimitation) && l.claim_if.is_empty();
    let known = match &l.known {
        Some(k) => c
            .question_ref("limitation.known", k, questions, index, QuestionKind::Date)
            .map(Some),
        None if always_none => Some(None),
        None => {
            c.bad(
                "limitation.known",
                "name the date question the period starts from",
            );
            None
        }
    };
    let instalment_if = c.conditions(
        "limitation.instalment_if",
        &l.instalment_if,
        questions,
        index,
        usize::MAX,
    );
    let harm = l
        .harm
        .as_ref()
        .map(|h| c.question_ref("limitation.harm", h, questions, index, QuestionKind::Date));
    let mut interrupted = Vec::new();
    for (i, q) in l.interrupted.iter().enumerate() {
        if let Some(id) = c.question_ref(
            &format!("limitation.interrupted[{i}]"),
            q,
            questions,
            index,
            QuestionKind::Date,
        ) {
            interrupted.push(id);
        }
    }
    let suspension = match (&l.suspended_from, &l.suspended_to) {
        (None, None) => Some(None),
        (Some(f), Some(t)) => {
            let f = c.question_ref(
                "limitation.suspended_from",
                f,
                questions,
                index,
                QuestionKind::Date,
            );
            let t = c.question_ref(
                "limitation.suspended_to",
                t,
                questions,
                index,
                QuestionKind::Date,
            );
            f.zip(t).map(Some)
        }
        _ => {
            c.bad(
                "limitation",
                "give both suspended_from and suspended_to, or neither",
            );
            None
        }
    };
    let no_limitation_if = c.conditions(
        "limitation.no_limitation_if",
        &l.no_limitation_if,
        questions,
        index,
        usize::MAX,
    );
    if !l.no_limitation_if.is_empty() || claim == Some(ClaimKind::NoLimitation) {
        c.non_empty("limitation.no_limitation_reason", &l.no_limitation_reason);
        c.basis("limitation.no_limitation_basis", &l.no_limitation_basis);
    }
    Some(LimitationSpec {
        claim: claim?,
        claim_if,
        known: known?,
        instalment_if: instalment_if?,
        harm: match harm {
            None => None,
            Some(h) => Some(h?),
        },
        interrupted,
        suspension: suspension?,
        no_limitation_if: no_limitation_if?,
        no_limitation_reason: l.no_limitation_reason.clone(),
        no_limitation_basis: l.no_limitation_basis.clone(),
    })
}

fn costs(
    c: &mut Checker<'_>,
    k: &RawCosts,
    questions: &[Question],
    index: &BTreeMap<&str, usize>,
) -> Option<CostSpec> {
    let fee = FeeCategory::from_code(&k.fee);
    if fee.is_none() {
        c.bad(
            "costs.fee",
            format!(
                "{:?} is not a fee category; accepted: property, divorce, labor, non-property",
                k.fee
            ),
        );
    }
    let amount = match &k.amount {
        None => Some(None),
        Some(a) => c
            .question_ref("costs.amount", a, questions, index, QuestionKind::Amount)
            .map(Some),
    };
    let property = match &k.property {
        None => Some(None),
        Some(a) => c
            .question_ref("costs.property", a, questions, index, QuestionKind::Amount)
            .map(Some),
    };
    if fee == Some(FeeCategory::Property) && k.amount.is_none() {
        c.bad(
            "costs.amount",
            "a property case needs the amount question the fee is computed on",
        );
    }
    let preservation_if = c.conditions(
        "costs.preservation_if",
        &k.preservation_if,
        questions,
        index,
        usize::MAX,
    );
    Some(CostSpec {
        fee: fee?,
        amount: amount?,
        property: property?,
        preservation_if: preservation_if?,
    })
}

impl Questionnaire {
    /// Parses and validates one content file; `file` names it in every error location.
    pub fn parse(file: &str, text: &str) -> Result<Questionnaire, ContentErrors> {
        parse(file, text)
    }
}
