//! Content validation of risk questionnaires: each kind of error is caught, with its precise location; and answer
//! checking names the question and what is accepted.

use std::collections::BTreeMap;

use court_core::risk::{Answers, Questionnaire, RawAnswer};

const BASE: &str = r#"
code = "test-pack"
name = "测试"
counter = "filing"
documents = ["身份证件"]

[limitation]
claim = "general"
known = "due"

[costs]
fee = "property"
amount = "amount"

[[questions]]
id = "a"
kind = "yes-no"
text = "A?"

[[questions]]
id = "b"
kind = "single"
text = "B?"
options = [{ id = "x", label = "X" }, { id = "y", label = "Y" }]
show_if = [{ question = "a", equals = "yes" }]

[[questions]]
id = "due"
kind = "date"
text = "Due?"

[[questions]]
id = "amount"
kind = "amount"
text = "Amount?"

[[rules]]
id = "r1"
when = [{ question = "b", equals = "x" }]
level = "高"
spc_item = 8
text = "T"
action = "A"
basis = ["《民法典》第一条"]
"#;

/// Replaces `from` (which must occur in BASE) by `to`.
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "the base pack has no {from:?}");
    BASE.replacen(from, to, 1)
}

fn append(extra: &str) -> String {
    format!("{BASE}\n{extra}")
}

/// The pack must fail with an error whose location ends with `location` and whose message contains `message`.
fn check(name: &str, text: &str, location: &str, message: &str) {
    match Questionnaire::parse("test.toml", text) {
        Ok(_) => panic!("{name}: expected an error at {location}"),
        Err(errors) => {
            let hit = errors.0.iter().any(|e| {
                e.location == format!("test.toml: {location}") && e.message.contains(message)
            });
            assert!(
                hit,
                "{name}: no error at {location:?} containing {message:?}; got:\n{errors}"
            );
        }
    }
}

#[test]
fn the_base_pack_is_valid() {
    let q = Questionnaire::parse("test.toml", BASE).unwrap();
    assert_eq!(q.questions.len(), 4);
    assert_eq!(q.rules.len(), 1);
}

#[test]
fn each_kind_of_content_error_is_located() {
    let q_extra = |id: &str, show_if: &str| {
        format!(
            "[[questions]]\nid = \"{id}\"\nkind = \"yes-no\"\ntext = \"?\"\nshow_if = {show_if}\n"
        )
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "unknown question in a rule",
            edit(
                r#"when = [{ question = "b", equals = "x" }]"#,
                r#"when = [{ question = "bb", equals = "x" }]"#,
            ),
            "rules[0](r1).when[0].question",
            "unknown question id \"bb\"",
        ),
        (
            "unknown question in a condition",
            edit(
                r#"show_if = [{ question = "a", equals = "yes" }]"#,
                r#"show_if = [{ question = "zz", equals = "yes" }]"#,
            ),
            "questions[1](b).show_if[0].question",
            "unknown question id",
        ),
        (
            "a condition on a later question",
            edit(
                r#"show_if = [{ question = "a", equals = "yes" }]"#,
                r#"show_if = [{ question = "due", answered = true }]"#,
            ),
            "questions[1](b).show_if[0].question",
            "earlier question",
        ),
        (
            "unreachable: contradictory conditions",
            append(&q_extra(
                "c",
                r#"[{ question = "a", equals = "yes" }, { question = "a", equals = "no" }]"#,
            )),
            "questions[4](c).show_if",
            "unreachable question",
        ),
        (
            "unreachable: depends on an unreachable question",
            append(&format!(
                "{}{}",
                q_extra(
                    "c",
                    r#"[{ question = "b", equals = "x" }, { question = "b", not = "x" }]"#
                ),
                q_extra("d", r#"[{ question = "c", equals = "yes" }]"#)
            )),
            "questions[5](d).show_if",
            "never asked",
        ),
        (
            "missing basis",
            edit(r#"basis = ["《民法典》第一条"]"#, "basis = []"),
            "rules[0](r1).basis",
            "missing basis",
        ),
        (
            "an empty citation",
            edit(r#"basis = ["《民法典》第一条"]"#, r#"basis = [" "]"#),
            "rules[0](r1).basis[0]",
            "empty",
        ),
        (
            "spc item 18",
            edit("spc_item = 8", "spc_item = 18"),
            "rules[0](r1).spc_item",
            "1–17",
        ),
        (
            "spc item 0",
            edit("spc_item = 8", "spc_item = 0"),
            "rules[0](r1).spc_item",
            "1–17",
        ),
        (
            "a bad level",
            edit(r#"level = "高""#, r#"level = "严重""#),
            "rules[0](r1).level",
            "高, 中, 低",
        ),
        (
            "an option that does not exist",
            edit(
                r#"when = [{ question = "b", equals = "x" }]"#,
                r#"when = [{ question = "b", equals = "w" }]"#,
            ),
            "rules[0](r1).when[0].equals",
            "accepted: x, y",
        ),
        (
            "a test that does not fit the kind",
            edit(
                r#"when = [{ question = "b", equals = "x" }]"#,
                r#"when = [{ question = "a", includes = "yes" }]"#,
            ),
            "rules[0](r1).when[0].includes",
            "does not apply",
        ),
        (
            "two tests in one condition",
            edit(
                r#"when = [{ question = "b", equals = "x" }]"#,
                r#"when = [{ question = "b", equals = "x", not = "y" }]"#,
            ),
            "rules[0](r1).when[0]",
            "exactly one test",
        ),
        (
            "a rule that can never fire",
            edit(
                r#"when = [{ question = "b", equals = "x" }]"#,
                r#"when = [{ question = "b", equals = "x" }, { question = "b", equals = "y" }]"#,
            ),
            "rules[0](r1).when",
            "never fire",
        ),
        (
            "a rule without conditions",
            edit(r#"when = [{ question = "b", equals = "x" }]"#, "when = []"),
            "rules[0](r1).when",
            "at least one",
        ),
        (
            "duplicate question id",
            edit(r#"id = "b""#, r#"id = "a""#),
            "questions[1](a).id",
            "duplicate question id",
        ),
        (
            "a non-kebab id",
            edit(r#"id = "b""#, r#"id = "B_1""#),
            "questions[1](B_1).id",
            "kebab-case",
        ),
        (
            "a bad case-type code",
            edit(r#"code = "test-pack""#, r#"code = "Test Pack""#),
            "code",
            "kebab-case",
        ),
        (
            "an unknown question kind",
            edit(r#"kind = "yes-no""#, r#"kind = "boolean""#),
            "questions[0](a).kind",
            "accepted: yes-no",
        ),
        (
            "a choice question with one option",
            edit(
                r#"options = [{ id = "x", label = "X" }, { id = "y", label = "Y" }]"#,
                r#"options = [{ id = "x", label = "X" }]"#,
            ),
            "questions[1](b).options",
            "at least two",
        ),
        (
            "limitation start not a question",
            edit(r#"known = "due""#, r#"known = "start""#),
            "limitation.known",
            "unknown question id",
        ),
        (
            "limitation start not a date",
            edit(r#"known = "due""#, r#"known = "amount""#),
            "limitation.known",
            "date question",
        ),
        (
            "a bad claim kind",
            edit(r#"claim = "general""#, r#"claim = "civil""#),
            "limitation.claim",
            "accepted: general",
        ),
        (
            "a property fee without an amount",
            edit(r#"amount = "amount""#, ""),
            "costs.amount",
            "amount question",
        ),
        (
            "cost amount not an amount",
            edit(r#"amount = "amount""#, r#"amount = "due""#),
            "costs.amount",
            "amount question",
        ),
        (
            "no documents",
            edit(r#"documents = ["身份证件"]"#, "documents = []"),
            "documents",
            "documents",
        ),
    ];
    for (name, text, location, message) in &cases {
        check(name, text, location, message);
    }
}

#[test]
fn unknown_keys_and_bad_toml_name_the_file() {
    for text in [
        append("colour = \"red\""),
        edit("[[rules]]", "[[rule]]"),
        "code = ".to_string(),
    ] {
        let errors = Questionnaire::parse("test.toml", &text).unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].location, "test.toml");
        assert!(
            errors.0[0].message.contains("not a valid content file"),
            "{}",
            errors.0[0]
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = edit("spc_item = 8", "spc_item = 30").replace(r#"level = "高""#, r#"level = "x""#);
    let errors = Questionnaire::parse("test.toml", &text).unwrap_err();
    assert_eq!(errors.0.len(), 2, "{errors}");
}

fn answers(pairs: &[(&str, Option<RawAnswer>)]) -> BTreeMap<String, Option<RawAnswer>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn answers_are_checked_against_their_questions() {
    let q = Questionnaire::parse("test.toml", BASE).unwrap();
    let text = |s: &str| Some(RawAnswer::Text(s.into()));
    let cases: Vec<(&str, Option<RawAnswer>, &str)> = vec![
        ("a", text("maybe"), "not a yes/no answer"),
        ("b", text("w"), "accepted: x (X), y (Y)"),
        ("b", Some(RawAnswer::Bool(true)), "wrong kind of answer"),
        ("due", text("2024-02-30"), "YYYY-MM-DD"),
        ("amount", text("lots"), "\"lots\""),
        ("amount", Some(RawAnswer::Int(-5)), "wrong kind of answer"),
        ("a", None, "cannot be skipped"),
        ("nope", Some(RawAnswer::Bool(true)), "no such question"),
    ];
    for (id, value, message) in cases {
        let errs = Answers::from_raw(&q, &answers(&[(id, value.clone())])).unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.question == id && e.to_string().contains(message)),
            "{id} {value:?}: {errs:?}"
        );
    }
    let ok = Answers::from_raw(
        &q,
        &answers(&[
            ("a", text("yes")),
            ("b", text("x")),
            ("due", text("2024-02-29")),
            ("amount", text("15万")),
        ]),
    )
    .unwrap();
    assert_eq!(ok.len(), 4);
}

#[test]
fn hidden_answers_are_kept_but_do_not_count() {
    let q = Questionnaire::parse("test.toml", BASE).unwrap();
    let mut a = Answers::new();
    a.set(&q, "a", Some(&RawAnswer::Bool(true))).unwrap();
    a.set(&q, "b", Some(&RawAnswer::Text("x".into()))).unwrap();
    assert!(a.effective(&q).contains_key("b"));
    // Going back and changing "a" hides "b" but keeps its answer for when "a" changes back.
    a.set(&q, "a", Some(&RawAnswer::Bool(false))).unwrap();
    assert!(!a.effective(&q).contains_key("b"));
    assert_eq!(
        a.visible(&q)
            .iter()
            .map(|x| x.id.as_str())
            .collect::<Vec<_>>(),
        ["a", "due", "amount"]
    );
    a.set(&q, "a", Some(&RawAnswer::Bool(true))).unwrap();
    assert!(a.effective(&q).contains_key("b"));
}
