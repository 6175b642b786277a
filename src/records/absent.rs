//! Records a report declares but that were not read: an objective that
//! counts more indicators ("N. indicatori: 4") than were found lost the
//! others, so each field of each lost indicator is wrong. Each such field
//! is flagged on the indicator number it should have had, for the fields
//! the report's other indicators fill, so a reviewer (and a script
//! reading `warnings.csv`) finds the gap where the value should stand.
//! The same holds of a year's target: a year most of the report's
//! indicators give a target for, missing from one indicator's targets, was
//! lost with its cell.

use std::collections::{BTreeMap, BTreeSet};

use super::plausible::{indicator_value_is_set, INDICATOR_TEXT, INDICATOR_WHOLE_MORE};
use crate::model::{FieldPath, IndicatorField, Objective, Warning, WarningCode};

/// Adds to `found` a `missing-field` warning on each field of each
/// indicator an objective declares but does not have.
pub fn check(objectives: &[Objective], found: &mut Vec<Warning>) {
    lost_years(objectives, found);
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

/// Adds to `found` a `missing-field` warning on the targets of each
/// indicator that lacks a year most of the report's indicators with
/// targets by year give one for.
fn lost_years(objectives: &[Objective], found: &mut Vec<Warning>) {
    let with_years: Vec<_> = objectives
        .iter()
        .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
        .filter(|(_, i)| !i.targets.is_empty())
        .collect();
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, i) in &with_years {
        for t in &i.targets {
            *counts.entry(t.year).or_default() += 1;
        }
    }
    let usual: Vec<i32> = counts
        .into_iter()
        .filter(|&(_, n)| 2 * n > with_years.len())
        .map(|(year, _)| year)
        .collect();
    for (o, ind) in with_years {
        let lost: Vec<String> = usual
            .iter()
            .filter(|&&y| ind.targets.iter().all(|t| t.year != y))
            .map(i32::to_string)
            .collect();
        if lost.is_empty() {
            continue;
        }
        let message = format!(
            "indicator {}: no target for {}, a year the report's other indicators give one for: its cell may be lost",
            ind.number,
            lost.join(", ")
        );
        found.push(Warning {
            code: WarningCode::MissingField,
            message,
            page: Some(ind.page),
            objective_code: Some(o.code.clone()),
            indicator_number: Some(ind.number),
            field: Some(FieldPath::indicator(ind.number, IndicatorField::Targets)),
        });
    }
}

/// Adds to `found` a warning on each field of the indicators numbered
/// past the objective's own up to `upto`: those it would hold were its
/// records one off (`why`), as the objective after it holds that many.
/// `filled` are the report's [`filled_fields`] (worked out once).
pub fn beyond(
    filled: &[IndicatorField],
    o: &Objective,
    upto: usize,
    why: &str,
    found: &mut Vec<Warning>,
) {
    for number in o.indicators.len() + 1..=upto {
        for &f in filled {
            let n = u32::try_from(number).unwrap_or(u32::MAX);
            found.push(absent(o, n, f, WarningCode::CodeMismatch, why));
        }
    }
}

/// The indicator fields some indicator of the report fills: those the
/// report's template prints.
pub fn filled_fields(objectives: &[Objective]) -> Vec<IndicatorField> {
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
    use crate::model::{Column, Indicator, YearTarget};

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
    #[test]
    fn a_year_the_others_give_a_target_for_missing_from_one_is_flagged() {
        let years = |number: u32, years: &[i32]| Indicator {
            number,
            targets: years
                .iter()
                .map(|&year| YearTarget {
                    year,
                    target: Some(">=90%".into()),
                    target_value: None,
                })
                .collect(),
            ..an_indicator()
        };
        let o = Objective {
            indicators: vec![
                years(1, &[2021, 2022, 2023]),
                years(2, &[2021, 2023]),
                years(3, &[2021, 2022, 2023]),
                years(4, &[]),
            ],
            ..an_objective("#1")
        };
        let mut found = Vec::new();
        lost_years(std::slice::from_ref(&o), &mut found);
        let flagged: Vec<Option<u32>> = found.iter().map(|w| w.indicator_number).collect();
        assert_eq!(flagged, [Some(2)], "{found:?}");
    }
}
