//! The per-input JSON against the JSON Schema that ships with pira
//! (`schema/report.schema.json`, draft 2020-12): the sample's JSON validates,
//! and copies broken in one place each do not.

mod common;

use std::sync::OnceLock;

use pira::{Input, Options};
use serde_json::{json, Value};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn schema_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join("report.schema.json")
}

fn validator() -> Result<jsonschema::Validator, Box<dyn std::error::Error>> {
    let schema: Value = serde_json::from_slice(&std::fs::read(schema_path())?)?;
    Ok(jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)?)
}

/// The JSON pira writes for the sample, extracted once.
fn sample_json() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        let bytes = match std::fs::read(common::sample_path()) {
            Ok(b) => b,
            Err(e) => panic!("cannot read the sample: {e}"),
        };
        let report = match pira::extract(
            &Input::from_bytes(common::SAMPLE_NAME, bytes),
            &Options::default(),
        ) {
            Ok(r) => r,
            Err(e) => panic!("the sample did not extract: {e}"),
        };
        let written = pira::write::json::report_json(&report);
        match serde_json::from_slice(&written) {
            Ok(v) => v,
            Err(e) => panic!("pira wrote JSON that does not parse: {e}"),
        }
    })
}

/// Every validation error as "instance path: message".
fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

#[test]
fn sample_json_validates() -> TestResult {
    let validator = validator()?;
    assert_eq!(errors(&validator, sample_json()), Vec::<String>::new());
    Ok(())
}

#[test]
fn sample_json_has_the_parts_mutations_need() {
    // The mutations below address these; check them so that a change of the
    // sample's output fails here, by name, rather than in a mutation.
    let doc = sample_json();
    for pointer in [
        "/objectives/0/code",
        "/objectives/0/resources_total",
        "/objectives/0/resources/0/amount",
        "/objectives/0/indicators/0/target_value",
        "/objectives/0/indicators/0/target_date",
        "/objectives/0/indicators/0/achieved",
        "/warnings/0/code",
        "/corrections/0/rule",
    ] {
        let value = doc.pointer(pointer);
        assert!(
            value.is_some_and(|v| !v.is_null()),
            "{pointer} is missing or null: {value:?}"
        );
    }
}

/// A change to the sample's JSON that the schema must refuse.
enum Mutation {
    /// Replace the value at a JSON pointer.
    Set(&'static str, Value),
    /// Remove a key: (pointer of the object, key).
    Remove(&'static str, &'static str),
    /// Add a key: (pointer of the object, key, value).
    Add(&'static str, &'static str, Value),
}

impl Mutation {
    /// Applies the mutation; false when its target does not exist.
    fn apply(&self, doc: &mut Value) -> bool {
        match self {
            Mutation::Set(pointer, value) => match doc.pointer_mut(pointer) {
                Some(slot) => {
                    *slot = value.clone();
                    true
                }
                None => false,
            },
            Mutation::Remove(pointer, key) => doc
                .pointer_mut(pointer)
                .and_then(Value::as_object_mut)
                .and_then(|o| o.remove(*key))
                .is_some(),
            Mutation::Add(pointer, key, value) => doc
                .pointer_mut(pointer)
                .and_then(Value::as_object_mut)
                .map(|o| o.insert(key.to_string(), value.clone()))
                .is_some(),
        }
    }

    /// Where the schema should report the error.
    fn path(&self) -> &'static str {
        match self {
            Mutation::Set(pointer, _) => pointer,
            Mutation::Remove(pointer, _) | Mutation::Add(pointer, _, _) => pointer,
        }
    }
}

#[test]
fn mutated_copies_fail_validation() -> TestResult {
    let validator = validator()?;
    let cases: Vec<(&str, Mutation)> = vec![
        (
            "objective code without its zeros",
            Mutation::Set("/objectives/0/code", json!("11-5-1")),
        ),
        (
            "decimal as a JSON number",
            Mutation::Set("/objectives/0/resources_total", json!(15390178.31)),
        ),
        (
            "amount as a JSON number",
            Mutation::Set("/objectives/0/resources/0/amount", json!(24390.75)),
        ),
        (
            "decimal with Italian separators",
            Mutation::Set(
                "/objectives/0/indicators/0/target_value",
                json!("6.900.000,00"),
            ),
        ),
        (
            "target date not ISO",
            Mutation::Set(
                "/objectives/0/indicators/0/target_date",
                json!("31/12/2020"),
            ),
        ),
        (
            "achieved as text",
            Mutation::Set("/objectives/0/indicators/0/achieved", json!("true")),
        ),
        (
            "unknown value kind",
            Mutation::Set("/objectives/0/indicators/0/value_kind", json!("money")),
        ),
        (
            "indicator number 0",
            Mutation::Set("/objectives/0/indicators/0/number", json!(0)),
        ),
        (
            "unknown warning code",
            Mutation::Set("/warnings/0/code", json!("looks-odd")),
        ),
        (
            "unknown correction rule",
            Mutation::Set("/corrections/0/rule", json!("guess")),
        ),
        (
            "another schema version",
            Mutation::Set("/schema_version", json!(1)),
        ),
        (
            "unknown template",
            Mutation::Set("/template", json!("wide-table")),
        ),
        (
            "targets not a list",
            Mutation::Set("/objectives/0/indicators/0/targets", json!({})),
        ),
        (
            "stated achievement as a number",
            Mutation::Set(
                "/objectives/0/indicators/0/achievement_stated",
                json!(93.33),
            ),
        ),
        ("year as text", Mutation::Set("/year", json!("2020"))),
        (
            "sha256 not hex",
            Mutation::Set("/source/sha256", json!("not-a-hash")),
        ),
        (
            "page 0",
            Mutation::Set("/objectives/0/resources/0/page", json!(0)),
        ),
        (
            "required key missing",
            Mutation::Remove("/objectives/0", "pages"),
        ),
        (
            "null omitted instead of written",
            Mutation::Remove("/objectives/0/indicators/0", "last_observed"),
        ),
        (
            "unknown key",
            Mutation::Add("/objectives/0", "comment", json!("x")),
        ),
    ];
    let good = sample_json();
    for (name, mutation) in cases {
        let mut doc = good.clone();
        assert!(mutation.apply(&mut doc), "{name}: target not found");
        assert_ne!(&doc, good, "{name}: the mutation changed nothing");
        let found = errors(&validator, &doc);
        assert!(!found.is_empty(), "{name}: the schema accepted it");
        assert!(
            found
                .iter()
                .any(|e| e.starts_with(&format!("{}:", mutation.path()))),
            "{name}: no error at {}: {found:?}",
            mutation.path()
        );
    }
    Ok(())
}

#[test]
fn golden_json_validates() -> TestResult {
    // The golden file `tests/cli.rs` compares the binary's output with.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join("000_b2d698d42f0df24e.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(&path)?)?;
    assert_eq!(errors(&validator()?, &doc), Vec::<String>::new());
    Ok(())
}
