//! Checking a searchable scan's records against a second reading: the same
//! pages OCR'd afresh by pira. The text layer's records are kept; each
//! field the two readings give differently gets a `readings-differ`
//! warning naming both, so that a reviewer sees every field where the
//! scan's own OCR may have gone wrong (its text layer has no confidences
//! to say so).
//!
//! Descriptions are left out: long prose hardly ever comes out the same
//! from two OCR runs, and a warning on every one would drown the rest.

use crate::model::{Indicator, Objective, Report, Warning, WarningCode};

/// Adds a warning to `report` for each field `second` reads differently.
/// Objectives are matched by code, indicators by number; those only one
/// reading found are left alone.
pub fn compare(report: &mut Report, second: &Report) {
    let mut warnings = Vec::new();
    for objective in &report.objectives {
        let Some(other) = second.objectives.iter().find(|o| o.code == objective.code) else {
            continue;
        };
        compare_objectives(objective, other, &mut warnings);
        for indicator in &objective.indicators {
            if let Some(o) = other
                .indicators
                .iter()
                .find(|i| i.number == indicator.number)
            {
                compare_indicators(&objective.code, indicator, o, &mut warnings);
            }
        }
    }
    report.warnings.extend(warnings);
}

fn compare_objectives(a: &Objective, b: &Objective, warnings: &mut Vec<Warning>) {
    let count = |o: &Objective| o.declared_indicators.map(|n| n.to_string());
    let amounts = |o: &Objective| {
        let list: Vec<String> = o
            .resources
            .iter()
            .map(|r| match &r.account {
                Some(account) => format!("€ {} (conto {account})", r.amount),
                None => format!("€ {}", r.amount),
            })
            .collect();
        (!list.is_empty()).then(|| list.join(", "))
    };
    let fields = [
        ("title", a.title.clone(), b.title.clone()),
        (
            "mission_name",
            a.mission_name.clone(),
            b.mission_name.clone(),
        ),
        (
            "programme_name",
            a.programme_name.clone(),
            b.programme_name.clone(),
        ),
        ("time_frame", a.time_frame.clone(), b.time_frame.clone()),
        (
            "responsibility_centre",
            a.responsibility_centre.clone(),
            b.responsibility_centre.clone(),
        ),
        ("declared_indicators", count(a), count(b)),
        ("resources", amounts(a), amounts(b)),
    ];
    for (field, first, second) in fields {
        if differ(first.as_deref(), second.as_deref()) {
            warnings.push(Warning {
                code: WarningCode::ReadingsDiffer,
                message: message("", field, first.as_deref(), second.as_deref()),
                page: a.pages.first().copied(),
                objective_code: Some(a.code.clone()),
                indicator_number: None,
                field: Some(field.to_string()),
            });
        }
    }
}

fn compare_indicators(code: &str, a: &Indicator, b: &Indicator, warnings: &mut Vec<Warning>) {
    let fields = [
        ("title", &a.title, &b.title),
        ("measures", &a.measures, &b.measures),
        ("type", &a.kind, &b.kind),
        ("unit", &a.unit, &b.unit),
        ("algorithm", &a.algorithm, &b.algorithm),
        ("data_source", &a.data_source, &b.data_source),
        ("last_observed", &a.last_observed, &b.last_observed),
        ("target", &a.target, &b.target),
        ("actual", &a.actual, &b.actual),
    ];
    for (field, first, second) in fields {
        if differ(first.as_deref(), second.as_deref()) {
            let who = format!("indicator {}: ", a.number);
            warnings.push(Warning {
                code: WarningCode::ReadingsDiffer,
                message: message(&who, field, first.as_deref(), second.as_deref()),
                page: Some(a.page),
                objective_code: Some(code.to_string()),
                indicator_number: Some(a.number),
                field: Some(field.to_string()),
            });
        }
    }
}

fn message(who: &str, field: &str, first: Option<&str>, second: Option<&str>) -> String {
    let show = |t: Option<&str>| t.map_or("nothing".to_string(), |t| format!("\"{t}\""));
    format!(
        "{who}the text layer gives {} for {field}, pira's OCR of the page image {}",
        show(first),
        show(second)
    )
}

/// Whether two readings differ in more than case, spacing and punctuation.
fn differ(a: Option<&str>, b: Option<&str>) -> bool {
    a.map(comparable) != b.map(comparable)
}

fn comparable(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_differ_beyond_case_spacing_and_punctuation() {
        struct Case {
            a: Option<&'static str>,
            b: Option<&'static str>,
            differ: bool,
        }
        let cases = [
            Case {
                a: Some("EFFICACIA"),
                b: Some("efficacia"),
                differ: false,
            },
            Case {
                a: Some("1.430 ispezioni"),
                b: Some("1430  ispezioni."),
                differ: false,
            },
            Case {
                a: Some("PIGRI conteggio"),
                b: Some("conteggio"),
                differ: true,
            },
            Case {
                a: Some("1.843"),
                b: Some("1.999"),
                differ: true,
            },
            Case {
                a: None,
                b: Some("90%"),
                differ: true,
            },
            Case {
                a: None,
                b: None,
                differ: false,
            },
        ];
        for case in cases {
            assert_eq!(
                differ(case.a, case.b),
                case.differ,
                "{:?} {:?}",
                case.a,
                case.b
            );
        }
    }
}
