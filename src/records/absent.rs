//! Records a report declares but that were not read: an objective that
//! counts more indicators ("N. indicatori: 4") than were found lost the
//! others, so each field of each lost indicator is wrong. Each such field
//! is flagged on the indicator number it should have had, for the fields
//! the report's other indicators fill, so a reviewer (and a script
//! reading `warnings.csv`) finds the gap where the value should stand.

use std::collections::BTreeSet;

use super::plausible::{indicator_value_is_set, INDICATOR_TEXT, INDICATOR_WHOLE_MORE};
use crate::model::{FieldPath, IndicatorField, Objective, Warning, WarningCode};

/// Adds to `found` a `missing-field` warning on each field of each
/// indicator an objective declares but does not have.
pub fn check(objectives: &[Objective], found: &mut Vec<Warning>) {
    let filled = filled_fields(objectives);
    for o in objectives {
        let declared = o.declared_indicators.unwrap_or(0);
        let why = format!(
            "not found ({declared} declared, {} found)",
            o.indicators.len()
        );
        for number in absent_numbers(o) {
            for &f in &filled {
                found.push(absent(o, number, f, WarningCode::MissingField, &why));
            }
        }
    }
}

/// Adds to `found` a warning on each field of the indicators numbered
/// past the objective's own up to `upto`: those it would hold were its
/// records one off (`why`), as the objective after it holds that many.
pub fn beyond(all: &[Objective], o: &Objective, upto: usize, why: &str, found: &mut Vec<Warning>) {
    let filled = filled_fields(all);
    for number in o.indicators.len() + 1..=upto {
        for &f in &filled {
            let n = u32::try_from(number).unwrap_or(u32::MAX);
            found.push(absent(o, n, f, WarningCode::CodeMismatch, why));
        }
    }
}

/// The indicator fields some indicator of the report fills: those the
/// report's template prints.
fn filled_fields(objectives: &[Objective]) -> Vec<IndicatorField> {
    let indicators = || objectives.iter().flat_map(|o| &o.indicators);
    INDICATOR_TEXT
        .into_iter()
        .chain(INDICATOR_WHOLE_MORE)
        .filter(|&f| indicators().any(|i| indicator_value_is_set(i, f)))
        .collect()
}

/// The numbers 1..=declared that no indicator of the objective has.
fn absent_numbers(o: &Objective) -> Vec<u32> {
    let Some(declared) = o.declared_indicators else {
        return Vec::new();
    };
    if declared as usize <= o.indicators.len() {
        return Vec::new();
    }
    let have: BTreeSet<u32> = o.indicators.iter().map(|i| i.number).collect();
    (1..=declared).filter(|n| !have.contains(n)).collect()
}

fn absent(
    o: &Objective,
    number: u32,
    field: IndicatorField,
    code: WarningCode,
    why: &str,
) -> Warning {
    Warning {
        code,
        message: format!("indicator {number}: {why}: its {field} is missing"),
        page: o.pages.first().copied(),
        objective_code: Some(o.code.clone()),
        indicator_number: Some(number),
        field: Some(FieldPath::indicator(number, field)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};
    use crate::model::{Column, Indicator};

    fn objective(code: &str, declared: Option<u32>, numbers: &[u32]) -> Objective {
        Objective {
            title: Some("TITOLO".into()),
            declared_indicators: declared,
            indicators: numbers
                .iter()
                .map(|&number| Indicator {
                    number,
                    kpi_code: None,
                    ..an_indicator()
                })
                .collect(),
            pages: vec![3],
            ..an_objective(code)
        }
    }

    #[test]
    fn each_filled_field_of_each_lost_indicator_is_flagged() {
        let objectives = [
            objective("#1", Some(2), &[1, 2]),
            objective("#2", Some(4), &[1, 3]),
            objective("#3", None, &[1]),
        ];
        let mut found = Vec::new();
        check(&objectives, &mut found);
        let places: BTreeSet<(&str, u32)> = found
            .iter()
            .map(|w| {
                (
                    w.objective_code.as_deref().unwrap(),
                    w.indicator_number.unwrap(),
                )
            })
            .collect();
        assert_eq!(places, BTreeSet::from([("#2", 2), ("#2", 4)]));
        let target = FieldPath::cell(4, Column::Target);
        assert!(found.iter().any(|w| w.field.as_ref() == Some(&target)));
        // The fields no indicator of the report fills are not flagged.
        let kpi = FieldPath::indicator(4, IndicatorField::KpiCode);
        assert!(found.iter().all(|w| w.field.as_ref() != Some(&kpi)));
    }
}
