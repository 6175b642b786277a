//! The per-input JSON: one [`Report`] per input, in the shape of the output
//! contract and of `schema/report.schema.json`.

use crate::model::{Report, SCHEMA_VERSION};
use serde::Deserialize;

/// The per-input JSON: pretty-printed, 2-space indent, keys in struct order, trailing newline. Deterministic.
///
/// Decimals are JSON strings with the scale the document wrote
/// (`"6900000.00"`); nulls are written, never omitted.
///
/// Serializing a [`Report`] cannot fail: every map key is a string and the
/// only free-form value (`source.options`) is a `serde_json::Value`, which
/// holds no NaN. Were it ever to fail, the result is empty, which
/// [`read_report`] rejects, so a rerun redoes the input rather than trusting it.
pub fn report_json(report: &Report) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    match serde_json::to_writer_pretty(&mut out, report) {
        Ok(()) => {
            out.push(b'\n');
            out
        }
        Err(_) => Vec::new(),
    }
}

/// Only `schema_version`, read before the rest so that a file of another
/// version is refused by its version, not by whichever field moved.
#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

/// Reads a per-input JSON back (for reruns and `pira merge`).
///
/// A document whose `schema_version` is not [`SCHEMA_VERSION`] is an error:
/// its shape cannot be trusted to mean what this version means. A rerun
/// therefore converts an input whose JSON is of version 1 again, and
/// `pira merge` reports such a file as a failed input.
pub fn read_report(bytes: &[u8]) -> Result<Report, serde_json::Error> {
    let probe: VersionProbe = serde_json::from_slice(bytes)?;
    if probe.schema_version != SCHEMA_VERSION {
        return Err(serde::de::Error::custom(format!(
            "schema_version {} is not supported (this pira reads {}): convert the input again",
            probe.schema_version, SCHEMA_VERSION
        )));
    }
    serde_json::from_slice(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        CorrectionRule, InputFormat, ReportKind, Route, Template, ValueKind, WarningCode,
    };
    use crate::write::fixture::{empty_report, sample_report};
    use serde_json::{json, Value};

    const SCHEMA: &str = include_str!("../../schema/report.schema.json");

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn validator() -> Result<jsonschema::Validator, Box<dyn std::error::Error>> {
        let schema: Value = serde_json::from_str(SCHEMA)?;
        Ok(jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)?)
    }

    fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
        validator
            .iter_errors(doc)
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect()
    }

    #[test]
    fn round_trips_through_read_report() -> TestResult {
        for report in [sample_report(), empty_report("a.txt", None)] {
            let bytes = report_json(&report);
            assert_eq!(read_report(&bytes)?, report);
            // Writing what was read gives the same bytes.
            assert_eq!(report_json(&read_report(&bytes)?), bytes);
        }
        Ok(())
    }

    #[test]
    fn decimals_keep_their_scale() -> TestResult {
        let text = String::from_utf8(report_json(&sample_report()))?;
        for needle in [
            "\"target_value\": \"6900000.00\"",
            "\"actual_value\": \"97.40\"",
            "\"target_value\": \"98\"",
            "\"resources_total\": \"24390.75\"",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
        Ok(())
    }

    #[test]
    fn exact_text_of_a_small_report() -> TestResult {
        let mut report = empty_report("a/b.txt", Some(2021));
        report.kind = Some(ReportKind::BudgetPlan);
        let expected = r#"{
  "schema_version": 2,
  "source": {
    "file": "a/b.txt",
    "sha256": "abababababababababababababababababababababababababababababababab",
    "pira_version": "0.1.0",
    "options": {
      "ocr": "auto",
      "lang": "ita"
    },
    "format": "ocr-text",
    "pages": 1,
    "page_routes": [
      {
        "page": 1,
        "route": "text",
        "reason": "plain text input"
      }
    ]
  },
  "entity": null,
  "year": 2021,
  "kind": "budget-plan",
  "template": "scheda",
  "objectives": [],
  "warnings": [],
  "corrections": []
}
"#;
        assert_eq!(String::from_utf8(report_json(&report))?, expected);
        Ok(())
    }

    #[test]
    fn keys_follow_struct_order() -> TestResult {
        let value: Value = serde_json::from_slice(&report_json(&sample_report()))?;
        let keys = |v: &Value| -> Vec<String> {
            v.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(
            keys(&value),
            [
                "schema_version",
                "source",
                "entity",
                "year",
                "kind",
                "template",
                "objectives",
                "warnings",
                "corrections"
            ]
        );
        assert_eq!(
            keys(&value["objectives"][0]["indicators"][0])[..4],
            ["number", "title", "measures", "type"]
        );
        Ok(())
    }

    #[test]
    fn read_report_refusals() {
        let good: Value = match serde_json::from_slice(&report_json(&sample_report())) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        let mut other_version = good.clone();
        other_version["schema_version"] = json!(1);
        let mut missing_key = good.clone();
        if let Some(o) = missing_key.as_object_mut() {
            o.remove("objectives");
        }
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "EOF"),
            ("not json", b"hello".to_vec(), "expected"),
            (
                "other version",
                other_version.to_string().into_bytes(),
                "schema_version 1 is not supported",
            ),
            (
                "missing key",
                missing_key.to_string().into_bytes(),
                "objectives",
            ),
        ];
        for (name, bytes, needle) in cases {
            match read_report(&bytes) {
                Ok(_) => panic!("{name}: accepted"),
                Err(e) => assert!(e.to_string().contains(needle), "{name}: {e}"),
            }
        }
    }

    #[test]
    fn schema_is_a_valid_draft_2020_12_schema() -> TestResult {
        let schema: Value = serde_json::from_str(SCHEMA)?;
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        validator()?;
        Ok(())
    }

    #[test]
    fn output_validates_against_schema() -> TestResult {
        let validator = validator()?;
        let mut budget = empty_report("b.txt", None);
        budget.kind = None;
        // A card report: objectives coded by position, warnings naming them.
        let mut card = sample_report();
        card.template = Template::Card;
        card.objectives[0].code = "#1".to_string();
        card.objectives[1].code = "#12".to_string();
        card.warnings[0].objective_code = Some("#12".to_string());
        for report in [sample_report(), budget, card] {
            let doc: Value = serde_json::from_slice(&report_json(&report))?;
            assert_eq!(errors(&validator, &doc), Vec::<String>::new());
        }
        Ok(())
    }

    /// A change to a valid document, at a JSON pointer.
    enum Mutation {
        Remove(&'static str, &'static str),
        Set(String, Value),
        Insert(&'static str, &'static str, Value),
    }

    impl Mutation {
        /// Applies the change; false when its target does not exist.
        fn apply(&self, doc: &mut Value) -> bool {
            match self {
                Mutation::Remove(pointer, key) => doc
                    .pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .and_then(|o| o.remove(*key))
                    .is_some(),
                Mutation::Set(pointer, value) => match doc.pointer_mut(pointer) {
                    Some(slot) => {
                        *slot = value.clone();
                        true
                    }
                    None => false,
                },
                Mutation::Insert(pointer, key, value) => doc
                    .pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .map(|o| o.insert(key.to_string(), value.clone()).is_none())
                    .unwrap_or(false),
            }
        }
    }

    #[test]
    fn invalid_documents_fail_validation() -> TestResult {
        use Mutation::{Insert, Remove, Set};
        let validator = validator()?;
        let good: Value = serde_json::from_slice(&report_json(&sample_report()))?;
        let obj = |field: &str| format!("/objectives/0/{field}");
        let ind = |field: &str| format!("/objectives/0/indicators/0/{field}");
        let res = |field: &str| format!("/objectives/0/resources/0/{field}");
        let set = |pointer: &str, value: Value| Set(pointer.to_string(), value);
        let cases: Vec<(&str, Mutation)> = vec![
            ("missing year", Remove("", "year")),
            ("missing source.sha256", Remove("/source", "sha256")),
            ("missing objective code", Remove("/objectives/0", "code")),
            (
                "missing indicator achieved",
                Remove("/objectives/0/indicators/0", "achieved"),
            ),
            ("missing warning field", Remove("/warnings/0", "field")),
            ("bad code", Set(obj("code"), json!("11-5-1"))),
            ("bad code letters", Set(obj("code"), json!("011-OO5-001"))),
            (
                "bad warning objective",
                set("/warnings/0/objective_code", json!("x")),
            ),
            ("schema version 1", set("/schema_version", json!(1))),
            ("bad template", set("/template", json!("wide"))),
            ("missing template", Remove("", "template")),
            ("position code from 0", Set(obj("code"), json!("#0"))),
            ("position code text", Set(obj("code"), json!("#a"))),
            (
                "missing targets",
                Remove("/objectives/0/indicators/1", "targets"),
            ),
            (
                "target year as text",
                set("/objectives/0/indicators/1/targets/0/year", json!("2020")),
            ),
            (
                "target value with comma",
                set(
                    "/objectives/0/indicators/1/targets/0/target_value",
                    json!("98,0"),
                ),
            ),
            (
                "stated achievement with percent sign",
                set(
                    "/objectives/0/indicators/1/achievement_stated",
                    json!("99.39%"),
                ),
            ),
            ("resource year as text", Set(res("year"), json!("2020"))),
            (
                "missing budget item",
                Remove("/objectives/0/resources/0", "budget_item"),
            ),
            ("bad format", set("/source/format", json!("pdf"))),
            (
                "bad route",
                set("/source/page_routes/0/route", json!("scan")),
            ),
            ("bad kind", set("/kind", json!("consuntivo"))),
            (
                "bad value kind",
                Set(ind("value_kind"), json!("percentage")),
            ),
            ("bad warning code", set("/warnings/0/code", json!("oops"))),
            ("bad rule", set("/corrections/0/rule", json!("guess"))),
            (
                "decimal with comma",
                Set(ind("target_value"), json!("6.900.000,00")),
            ),
            ("decimal as number", Set(ind("actual_value"), json!(97.4))),
            ("null amount", Set(res("amount"), Value::Null)),
            ("uncertain as text", Set(res("uncertain"), json!("true"))),
            ("null description", Set(res("description"), Value::Null)),
            ("negative page", Set(ind("page"), json!(-1))),
            ("page zero", Set(obj("pages/0"), json!(0))),
            (
                "fractional count",
                Set(obj("declared_indicators"), json!(1.5)),
            ),
            ("bad date", Set(ind("target_date"), json!("31/12/2020"))),
            (
                "upper-case sha",
                set("/source/sha256", json!("AB".repeat(32))),
            ),
            ("options not object", set("/source/options", json!([]))),
            ("extra key on report", Insert("", "extra", json!(1))),
            (
                "extra key on objective",
                Insert("/objectives/0", "extra", json!(1)),
            ),
            (
                "extra key on warning",
                Insert("/warnings/0", "extra", json!(1)),
            ),
            (
                "extra key on route",
                Insert("/source/page_routes/0", "extra", json!(1)),
            ),
        ];
        for (name, mutation) in cases {
            let mut doc = good.clone();
            assert!(mutation.apply(&mut doc), "{name}: target not found");
            assert_ne!(doc, good, "{name}: mutation changed nothing");
            assert!(!validator.is_valid(&doc), "{name}: accepted");
        }
        Ok(())
    }

    fn schema_enum(schema: &Value, def: &str) -> Vec<String> {
        schema["$defs"][def]["enum"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn serde_names<T: serde::Serialize>(values: &[T]) -> Vec<String> {
        values
            .iter()
            .map(|v| match serde_json::to_value(v) {
                Ok(Value::String(s)) => s,
                other => panic!("enum did not serialize to a string: {other:?}"),
            })
            .collect()
    }

    /// The schema's enums list exactly the model's variants. The matches make
    /// this test stop compiling when a variant is added, so it is not forgotten.
    #[test]
    fn schema_enums_match_model() -> TestResult {
        let schema: Value = serde_json::from_str(SCHEMA)?;
        let formats = [
            InputFormat::OcrText,
            InputFormat::OcrTsv,
            InputFormat::Hocr,
            InputFormat::PdfText,
            InputFormat::PdfOcr,
            InputFormat::PdfMixed,
        ];
        formats.iter().for_each(|f| match f {
            InputFormat::OcrText
            | InputFormat::OcrTsv
            | InputFormat::Hocr
            | InputFormat::PdfText
            | InputFormat::PdfOcr
            | InputFormat::PdfMixed => {}
        });
        let routes = [Route::Text, Route::TextLayer, Route::Ocr];
        let templates = [
            Template::Scheda,
            Template::KpiTable,
            Template::Matrix,
            Template::Card,
        ];
        templates.iter().for_each(|t| match t {
            Template::Scheda | Template::KpiTable | Template::Matrix | Template::Card => {}
        });
        let kinds = [ReportKind::FinalAccount, ReportKind::BudgetPlan];
        let value_kinds = [
            ValueKind::Percent,
            ValueKind::Euro,
            ValueKind::Number,
            ValueKind::YesNo,
            ValueKind::Text,
        ];
        let codes = [
            WarningCode::IndicatorCountMismatch,
            WarningCode::UncertainAmount,
            WarningCode::UnparsedValue,
            WarningCode::AchievedUnknown,
            WarningCode::DirectionAssumed,
            WarningCode::CodeMismatch,
            WarningCode::MissingField,
            WarningCode::MissingCode,
            WarningCode::DuplicateCode,
            WarningCode::AmbiguousCells,
            WarningCode::ResourceTotalMismatch,
            WarningCode::InferredNumber,
            WarningCode::MatrixMissing,
            WarningCode::MatrixUnlisted,
            WarningCode::MatrixTitleMismatch,
            WarningCode::ResourceConflict,
            WarningCode::LowConfidence,
            WarningCode::ReadingsDiffer,
            WarningCode::TextLayerUnchecked,
            WarningCode::RereadFailed,
            WarningCode::OverrideUnmatched,
            WarningCode::AchievementMismatch,
            WarningCode::ImplausibleValue,
            WarningCode::PageUnread,
        ];
        codes.iter().for_each(|c| match c {
            WarningCode::IndicatorCountMismatch
            | WarningCode::UncertainAmount
            | WarningCode::UnparsedValue
            | WarningCode::AchievedUnknown
            | WarningCode::DirectionAssumed
            | WarningCode::CodeMismatch
            | WarningCode::MissingField
            | WarningCode::MissingCode
            | WarningCode::DuplicateCode
            | WarningCode::AmbiguousCells
            | WarningCode::ResourceTotalMismatch
            | WarningCode::InferredNumber
            | WarningCode::MatrixMissing
            | WarningCode::MatrixUnlisted
            | WarningCode::MatrixTitleMismatch
            | WarningCode::ResourceConflict
            | WarningCode::LowConfidence
            | WarningCode::ReadingsDiffer
            | WarningCode::TextLayerUnchecked
            | WarningCode::RereadFailed
            | WarningCode::OverrideUnmatched
            | WarningCode::AchievementMismatch
            | WarningCode::ImplausibleValue
            | WarningCode::PageUnread => {}
        });
        let rules = [
            CorrectionRule::Vocabulary,
            CorrectionRule::LetterConfusion,
            CorrectionRule::Apostrophe,
            CorrectionRule::LostSpace,
            CorrectionRule::SplitWord,
            CorrectionRule::NumberFormat,
            CorrectionRule::Reviewer,
            CorrectionRule::Reread,
        ];
        rules.iter().for_each(|r| match r {
            CorrectionRule::Vocabulary
            | CorrectionRule::LetterConfusion
            | CorrectionRule::Apostrophe
            | CorrectionRule::LostSpace
            | CorrectionRule::SplitWord
            | CorrectionRule::NumberFormat
            | CorrectionRule::Reviewer
            | CorrectionRule::Reread => {}
        });
        let cases = [
            ("input_format", serde_names(&formats)),
            ("route", serde_names(&routes)),
            ("report_kind", serde_names(&kinds)),
            ("template", serde_names(&templates)),
            ("value_kind", serde_names(&value_kinds)),
            ("warning_code", serde_names(&codes)),
            ("correction_rule", serde_names(&rules)),
        ];
        for (def, names) in cases {
            assert_eq!(schema_enum(&schema, def), names, "$defs/{def}");
        }
        // as_str agrees with serde for the enums that have it.
        for c in codes {
            assert_eq!(serde_names(&[c]), [c.as_str()]);
        }
        for r in rules {
            assert_eq!(serde_names(&[r]), [r.as_str()]);
        }
        for t in templates {
            assert_eq!(serde_names(&[t]), [t.as_str()]);
        }
        Ok(())
    }
}
