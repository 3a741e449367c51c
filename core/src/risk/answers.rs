//! Answers to one questionnaire, checked against it, and which questions they make visible.
//!
//! Answers are kept for every question ever answered, visible or not, so that going back and changing an answer
//! loses nothing; only the answers of questions that are visible now count ([`Answers::effective`]).

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{parse_amount, Fen};

use super::model::{Condition, Question, QuestionKind, Questionnaire, Test};

/// An answer as written in an answers file (JSON): `true`/`false` or `"yes"`/`"no"`, an option id, a list of
/// option ids, `"YYYY-MM-DD"`, an amount in yuan (an integer, or a string such as `"150000.50"` or `"15万"`),
/// or `null` for "不清楚 / skipped" (optional questions only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawAnswer {
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    YesNo(bool),
    Single(String),
    Multiple(Vec<String>),
    Date(NaiveDate),
    Amount(Fen),
    /// "不清楚" — the litigant skipped an optional question.
    Skipped,
}

/// A problem with one answer; `question` is its id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct AnswerError {
    pub question: String,
    pub message: String,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "answer to {:?}: {}", self.question, self.message)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    values: BTreeMap<String, Answer>,
}

fn err(q: &Question, message: String) -> AnswerError {
    AnswerError {
        question: q.id.clone(),
        message,
    }
}

fn options_text(q: &Question) -> String {
    q.options
        .iter()
        .map(|c| format!("{} ({})", c.id, c.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a written answer against its question.
pub fn check(q: &Question, raw: Option<&RawAnswer>) -> Result<Answer, AnswerError> {
    let Some(raw) = raw else {
        return if q.optional {
            Ok(Answer::Skipped)
        } else {
            Err(err(
                q,
                "this question cannot be skipped; give an answer".into(),
            ))
        };
    };
    match (q.kind, raw) {
        (QuestionKind::YesNo, RawAnswer::Bool(b)) => Ok(Answer::YesNo(*b)),
        (QuestionKind::YesNo, RawAnswer::Text(t)) => match t.as_str() {
            "yes" | "是" => Ok(Answer::YesNo(true)),
            "no" | "否" => Ok(Answer::YesNo(false)),
            _ => Err(err(
                q,
                format!("{t:?} is not a yes/no answer; accepted: true, false, \"yes\", \"no\""),
            )),
        },
        (QuestionKind::Single, RawAnswer::Text(t)) => match q.option(t) {
            Some(_) => Ok(Answer::Single(t.clone())),
            None => Err(err(
                q,
                format!("{t:?} is not an option; accepted: {}", options_text(q)),
            )),
        },
        (QuestionKind::Multiple, RawAnswer::List(list)) => {
            let mut out: Vec<String> = Vec::new();
            for t in list {
                if q.option(t).is_none() {
                    return Err(err(
                        q,
                        format!("{t:?} is not an option; accepted: {}", options_text(q)),
                    ));
                }
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
            Ok(Answer::Multiple(out))
        }
        (QuestionKind::Date, RawAnswer::Text(t)) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Answer::Date)
            .map_err(|_| err(q, format!("{t:?} is not a date; accepted: YYYY-MM-DD"))),
        (QuestionKind::Amount, RawAnswer::Int(n)) if *n >= 0 => {
            Ok(Answer::Amount(Fen::from_yuan(*n)))
        }
        (QuestionKind::Amount, RawAnswer::Text(t)) => parse_amount(t)
            .map(Answer::Amount)
            .map_err(|e| err(q, format!("{t:?}: {e}"))),
        (kind, _) => {
            let accepted = match kind {
                QuestionKind::YesNo => "true or false".to_string(),
                QuestionKind::Single => format!("one option id as a string: {}", options_text(q)),
                QuestionKind::Multiple => format!("a list of option ids: {}", options_text(q)),
                QuestionKind::Date => "a date string YYYY-MM-DD".to_string(),
                QuestionKind::Amount => {
                    "a yuan amount (a whole number, or a string such as \"150000.50\")".to_string()
                }
            };
            Err(err(
                q,
                format!(
                    "wrong kind of answer for a {} question; accepted: {accepted}",
                    kind.code()
                ),
            ))
        }
    }
}

/// Whether a condition holds over the effective answers.
pub(super) fn holds(c: &Condition, effective: &BTreeMap<&str, &Answer>) -> bool {
    let a = effective
        .get(c.question.as_str())
        .copied()
        .filter(|a| !matches!(a, Answer::Skipped));
    match (&c.test, a) {
        (Test::Answered(want), a) => a.is_some() == *want,
        (_, None) => false,
        (Test::Equals(v), Some(Answer::YesNo(b))) => (v == "yes") == *b,
        (Test::Not(v), Some(Answer::YesNo(b))) => (v == "yes") != *b,
        (Test::Equals(v), Some(Answer::Single(s))) => v == s,
        (Test::Not(v), Some(Answer::Single(s))) => v != s,
        (Test::AnyOf(vs), Some(Answer::Single(s))) => vs.contains(s),
        (Test::Includes(v), Some(Answer::Multiple(m))) => m.contains(v),
        (Test::Excludes(v), Some(Answer::Multiple(m))) => !m.contains(v),
        (Test::AnyOf(vs), Some(Answer::Multiple(m))) => vs.iter().any(|v| m.contains(v)),
        (Test::AtLeast(x), Some(Answer::Amount(n))) => n >= x,
        (Test::Below(x), Some(Answer::Amount(n))) => n < x,
        _ => false,
    }
}

pub(super) fn all_hold(conds: &[Condition], effective: &BTreeMap<&str, &Answer>) -> bool {
    conds.iter().all(|c| holds(c, effective))
}

impl Answers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks every written answer. Unknown question ids and wrong answers are all reported.
    pub fn from_raw(
        q: &Questionnaire,
        raw: &BTreeMap<String, Option<RawAnswer>>,
    ) -> Result<Answers, Vec<AnswerError>> {
        let mut values = BTreeMap::new();
        let mut errors = Vec::new();
        for (id, value) in raw {
            match q.question(id) {
                None => errors.push(AnswerError {
                    question: id.clone(),
                    message: format!("{} has no such question", q.code),
                }),
                Some(question) => match check(question, value.as_ref()) {
                    Ok(a) => {
                        values.insert(id.clone(), a);
                    }
                    Err(e) => errors.push(e),
                },
            }
        }
        if errors.is_empty() {
            Ok(Answers { values })
        } else {
            Err(errors)
        }
    }

    /// Sets one answer after checking it against its question.
    pub fn set(
        &mut self,
        q: &Questionnaire,
        id: &str,
        raw: Option<&RawAnswer>,
    ) -> Result<(), AnswerError> {
        let question = q.question(id).ok_or_else(|| AnswerError {
            question: id.to_string(),
            message: format!("{} has no such question", q.code),
        })?;
        let a = check(question, raw)?;
        self.values.insert(id.to_string(), a);
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.values.get(id)
    }

    pub fn remove(&mut self, id: &str) -> Option<Answer> {
        self.values.remove(id)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The answers that count: those of the questions visible given the earlier answers, in question order.
    pub fn effective<'a>(&'a self, q: &'a Questionnaire) -> BTreeMap<&'a str, &'a Answer> {
        let mut eff: BTreeMap<&str, &Answer> = BTreeMap::new();
        for question in &q.questions {
            if all_hold(&question.show_if, &eff) {
                if let Some(a) = self.values.get(&question.id) {
                    eff.insert(question.id.as_str(), a);
                }
            }
        }
        eff
    }

    /// The questions to show now, in order.
    pub fn visible<'a>(&self, q: &'a Questionnaire) -> Vec<&'a Question> {
        let mut eff: BTreeMap<&str, &Answer> = BTreeMap::new();
        let mut out = Vec::new();
        for question in &q.questions {
            if all_hold(&question.show_if, &eff) {
                out.push(question);
                if let Some(a) = self.values.get(&question.id) {
                    eff.insert(question.id.as_str(), a);
                }
            }
        }
        out
    }

    /// The visible questions not yet answered (a skip counts as answered).
    pub fn unanswered<'a>(&self, q: &'a Questionnaire) -> Vec<&'a Question> {
        self.visible(q)
            .into_iter()
            .filter(|x| !self.values.contains_key(&x.id))
            .collect()
    }
}
