//! The review stage: a reviewer's [`Override`]s are applied after the
//! records are built, each logged as a correction with rule `reviewer`, so
//! that manual fixes survive reprocessing.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::model::{
    Correction, CorrectionRule, FieldPath, Indicator, IndicatorField, Objective, ObjectiveField,
    Report, ResourceField, UnknownField, Warning, WarningCode,
};
use crate::normalize::number;
use crate::overrides::Override;

/// Applies the overrides that name this report's input.
pub fn apply(report: &mut Report, overrides: &[Override]) {
    for o in overrides
        .iter()
        .filter(|o| o.source_file == report.source.file)
    {
        let field = FieldPath::from_name(o.indicator_number, &o.field);
        let result = match report
            .objectives
            .iter_mut()
            .find(|x| x.code == o.objective_code)
        {
            Some(objective) => field
                .clone()
                .map_err(|e| e.to_string())
                .and_then(|field| apply_one(objective, field, &o.value)),
            None => Err(format!("no objective {}", o.objective_code)),
        };
        match (result, field) {
            (Ok((raw, page)), Ok(field)) => report.corrections.push(Correction {
                objective_code: Some(o.objective_code.clone()),
                indicator_number: o.indicator_number,
                field,
                raw,
                corrected: o.value.clone(),
                rule: CorrectionRule::Reviewer,
                page,
            }),
            (result, field) => report.warnings.push(Warning {
                code: WarningCode::OverrideUnmatched,
                message: format!(
                    "override of {} not applied: {}",
                    o.field,
                    result.err().unwrap_or_default()
                ),
                page: None,
                objective_code: Some(o.objective_code.clone()),
                indicator_number: o.indicator_number,
                field: field.ok(),
            }),
        }
    }
}

/// The old value (as text) and the page, or why the override does not fit.
fn apply_one(
    objective: &mut Objective,
    field: FieldPath,
    value: &str,
) -> std::result::Result<(String, Option<u32>), String> {
    let page = objective.pages.first().copied();
    match field {
        FieldPath::Indicator { number, field } => {
            let ind = objective
                .indicators
                .iter_mut()
                .find(|i| i.number == number)
                .ok_or_else(|| format!("no indicator {number}"))?;
            let raw = set_indicator(ind, field, value)?;
            Ok((raw, Some(ind.page)))
        }
        FieldPath::Resource { index, field } => {
            set_resource(objective, index, field, value).map(|raw| (raw, page))
        }
        FieldPath::Objective(field) => {
            set_objective(objective, field, value).map(|raw| (raw, page))
        }
        // An override names an objective: a report's own field is none of its.
        FieldPath::Report(_) => Err(not_settable(field)),
    }
}

/// Why a field that exists cannot be overridden.
fn not_settable(field: FieldPath) -> String {
    UnknownField(field.name().into_owned()).to_string()
}

fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn decimal(value: &str) -> std::result::Result<Option<Decimal>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    Decimal::from_str(value)
        .map(Some)
        .map_err(|_| format!("{value:?} is not a decimal like 1234.56"))
}

fn replace<T: Clone>(slot: &mut T, new: T, show: impl Fn(&T) -> String) -> String {
    let old = show(slot);
    *slot = new;
    old
}

fn show_text(t: &Option<String>) -> String {
    t.clone().unwrap_or_default()
}

fn show_decimal(d: &Option<Decimal>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn set_objective(
    o: &mut Objective,
    field: ObjectiveField,
    value: &str,
) -> std::result::Result<String, String> {
    use ObjectiveField as F;
    let slot = match field {
        F::MissionCode => &mut o.mission_code,
        F::MissionName => &mut o.mission_name,
        F::ProgrammeCode => &mut o.programme_code,
        F::ProgrammeName => &mut o.programme_name,
        F::Title => &mut o.title,
        F::Description => &mut o.description,
        F::TimeFrame => &mut o.time_frame,
        F::ResponsibilityCentre => &mut o.responsibility_centre,
        F::DeclaredIndicators => {
            let n = if value.is_empty() {
                None
            } else {
                Some(
                    value
                        .parse()
                        .map_err(|_| format!("{value:?} is not a whole number"))?,
                )
            };
            return Ok(replace(&mut o.declared_indicators, n, |d| {
                d.map(|d| d.to_string()).unwrap_or_default()
            }));
        }
        F::Code | F::ResourcesTotal | F::Resources | F::Indicators | F::Pages => {
            return Err(not_settable(field.into()))
        }
    };
    Ok(replace(slot, text(value), show_text))
}

/// A resource line's `amount`, `account`, `budget` or `description`.
fn set_resource(
    o: &mut Objective,
    index: usize,
    field: ResourceField,
    value: &str,
) -> std::result::Result<String, String> {
    use ResourceField as F;
    let r = o
        .resources
        .get_mut(index)
        .ok_or_else(|| format!("no resource {index}"))?;
    let old = match field {
        F::Amount => {
            let amount = decimal(value)?.ok_or("an amount cannot be empty")?;
            r.uncertain = false;
            replace(&mut r.amount, amount, |a| a.to_string())
        }
        F::Account => replace(&mut r.account, text(value), show_text),
        F::Budget => replace(&mut r.budget, text(value), show_text),
        F::Description => replace(&mut r.description, value.to_string(), String::clone),
        F::BudgetItem => replace(&mut r.budget_item, text(value), show_text),
        F::AmountRaw | F::Uncertain | F::Line | F::Project | F::Page | F::Year => {
            return Err(not_settable(FieldPath::Resource { index, field }))
        }
    };
    o.resources_total =
        (!o.resources.is_empty()).then(|| o.resources.iter().map(|r| r.amount).sum());
    Ok(old)
}

fn set_indicator(
    ind: &mut Indicator,
    field: IndicatorField,
    value: &str,
) -> std::result::Result<String, String> {
    use IndicatorField as F;
    let old = match field {
        F::Title => replace(&mut ind.title, text(value), show_text),
        F::Measures => replace(&mut ind.measures, text(value), show_text),
        F::Cell(column) => {
            if let Some(number) = column.value() {
                *ind.value_mut(number) = number::cell_value(value).map(|n| n.value);
            }
            replace(ind.cell_mut(column), text(value), show_text)
        }
        F::Value(number) => replace(ind.value_mut(number), decimal(value)?, show_decimal),
        F::TargetDate => replace(&mut ind.target_date, text(value), show_text),
        F::KpiCode => replace(&mut ind.kpi_code, text(value), show_text),
        F::AchievementStated => replace(&mut ind.achievement_stated, decimal(value)?, show_decimal),
        F::Achieved => {
            let achieved = match value {
                "" => None,
                "true" => Some(true),
                "false" => Some(false),
                _ => return Err(format!("{value:?} is not true, false or empty")),
            };
            return Ok(replace(&mut ind.achieved, achieved, |a| {
                a.map(|a| a.to_string()).unwrap_or_default()
            }));
        }
        F::Number | F::ValueKind | F::Page | F::Targets => {
            return Err(not_settable(FieldPath::indicator(ind.number, field)))
        }
    };
    ind.achieved = crate::records::judge(ind).0;
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overrides::read_overrides;
    use crate::{extract, Input, Options};

    fn sample() -> Report {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/000_b2d698d42f0df24e.txt"
        ))
        .unwrap_or_default();
        extract(&Input::from_bytes("s.txt", bytes), &Options::default())
            .expect("the sample converts")
    }

    #[test]
    fn overrides_apply_and_are_logged() {
        let csv = "source_file,objective_code,indicator_number,field,value\n\
                   s.txt,011-005-001,1,actual,\"€ 8.825.715,66\"\n\
                   s.txt,011-005-001,,title,RIORGANIZZAZIONE\n\
                   s.txt,011-005-006,,resources[0].amount,27669.60\n\
                   s.txt,011-005-001,2,target,almeno 3.000\n\
                   s.txt,011-005-001,9,title,x\n\
                   s.txt,011-005-001,1,colour,x\n\
                   other.txt,011-005-001,1,title,x\n";
        let overrides = read_overrides(csv).expect("valid overrides");
        let mut report = sample();
        apply(&mut report, &overrides);
        let o = &report.objectives[0];
        assert_eq!(o.title.as_deref(), Some("RIORGANIZZAZIONE"));
        assert_eq!(
            o.indicators[1]
                .target_value
                .map(|d| d.to_string())
                .as_deref(),
            Some("3000")
        );
        assert_eq!(
            o.indicators[1].achieved,
            Some(false),
            "2698 is short of 3000"
        );
        let r = &report.objectives[5].resources[0];
        assert_eq!(
            (r.amount.to_string().as_str(), r.uncertain),
            ("27669.60", false)
        );
        let reviewer: Vec<_> = report
            .corrections
            .iter()
            .filter(|c| c.rule == CorrectionRule::Reviewer)
            .collect();
        assert_eq!(reviewer.len(), 4);
        assert_eq!(
            reviewer[1].raw,
            "RIORGANIZZAZIONE DELL'ENTE PER FRONTEGGIARE L'EMERGENZA DA COVID 19"
        );
        let unmatched = report
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::OverrideUnmatched)
            .count();
        assert_eq!(
            unmatched, 2,
            "indicator 9 and field colour; other.txt is another input's"
        );
    }
}
