//! Reviewer's overrides: a person who checked a field writes the right
//! value once in a CSV (`source_file,objective_code,indicator_number,
//! field,value`); every run applies it after the records are built and
//! logs it as a correction with rule `reviewer`, so manual fixes survive
//! reprocessing.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    Correction, CorrectionRule, Indicator, Objective, Report, Warning, WarningCode,
};
use crate::normalize::number;

/// One reviewer's fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Override {
    pub source_file: String,
    pub objective_code: String,
    pub indicator_number: Option<u32>,
    /// A JSON field name: `title`, `target_value`, `resources[2].amount`.
    pub field: String,
    /// The right value; empty means null.
    pub value: String,
}

/// Reads an overrides CSV. A malformed row is an error naming its line.
pub fn read_overrides(text: &str) -> Result<Vec<Override>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<Override>().enumerate() {
        let row = row.map_err(|e| {
            Error::new(ErrorKind::Overrides {
                detail: e.to_string(),
            })
            .at_line(i as u32 + 2)
        })?;
        out.push(row);
    }
    Ok(out)
}

/// Applies the overrides that name this report's input.
pub fn apply(report: &mut Report, overrides: &[Override]) {
    for o in overrides
        .iter()
        .filter(|o| o.source_file == report.source.file)
    {
        let result = match report
            .objectives
            .iter_mut()
            .find(|x| x.code == o.objective_code)
        {
            Some(objective) => apply_one(objective, o),
            None => Err(format!("no objective {}", o.objective_code)),
        };
        match result {
            Ok((raw, page)) => report.corrections.push(Correction {
                objective_code: Some(o.objective_code.clone()),
                indicator_number: o.indicator_number,
                field: o.field.clone(),
                raw,
                corrected: o.value.clone(),
                rule: CorrectionRule::Reviewer,
                page,
            }),
            Err(reason) => report.warnings.push(Warning {
                code: WarningCode::OverrideUnmatched,
                message: format!("override of {} not applied: {reason}", o.field),
                page: None,
                objective_code: Some(o.objective_code.clone()),
                indicator_number: o.indicator_number,
                field: Some(o.field.clone()),
            }),
        }
    }
}

/// The old value (as text) and the page, or why the override does not fit.
fn apply_one(
    objective: &mut Objective,
    o: &Override,
) -> std::result::Result<(String, Option<u32>), String> {
    match o.indicator_number {
        Some(n) => {
            let ind = objective
                .indicators
                .iter_mut()
                .find(|i| i.number == n)
                .ok_or_else(|| format!("no indicator {n}"))?;
            let raw = set_indicator(ind, &o.field, &o.value)?;
            Ok((raw, Some(ind.page)))
        }
        None => {
            let page = objective.pages.first().copied();
            set_objective(objective, &o.field, &o.value).map(|raw| (raw, page))
        }
    }
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
    field: &str,
    value: &str,
) -> std::result::Result<String, String> {
    let slot = match field {
        "mission_code" => &mut o.mission_code,
        "mission_name" => &mut o.mission_name,
        "programme_code" => &mut o.programme_code,
        "programme_name" => &mut o.programme_name,
        "title" => &mut o.title,
        "description" => &mut o.description,
        "time_frame" => &mut o.time_frame,
        "responsibility_centre" => &mut o.responsibility_centre,
        "declared_indicators" => {
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
        _ => return set_resource(o, field, value),
    };
    Ok(replace(slot, text(value), show_text))
}

/// `resources[2].amount`, `.account`, `.budget`, `.description`.
fn set_resource(
    o: &mut Objective,
    field: &str,
    value: &str,
) -> std::result::Result<String, String> {
    let unknown = || format!("unknown field {field:?}");
    let rest = field.strip_prefix("resources[").ok_or_else(unknown)?;
    let (index, name) = rest.split_once("].").ok_or_else(unknown)?;
    let index: usize = index.parse().map_err(|_| unknown())?;
    let r = o
        .resources
        .get_mut(index)
        .ok_or_else(|| format!("no resource {index}"))?;
    let old = match name {
        "amount" => {
            let amount = decimal(value)?.ok_or("an amount cannot be empty")?;
            r.uncertain = false;
            replace(&mut r.amount, amount, |a| a.to_string())
        }
        "account" => replace(&mut r.account, text(value), show_text),
        "budget" => replace(&mut r.budget, text(value), show_text),
        "description" => replace(&mut r.description, value.to_string(), String::clone),
        _ => return Err(unknown()),
    };
    o.resources_total =
        (!o.resources.is_empty()).then(|| o.resources.iter().map(|r| r.amount).sum());
    Ok(old)
}

fn set_indicator(
    ind: &mut Indicator,
    field: &str,
    value: &str,
) -> std::result::Result<String, String> {
    let old = match field {
        "title" => replace(&mut ind.title, text(value), show_text),
        "measures" => replace(&mut ind.measures, text(value), show_text),
        "type" => replace(&mut ind.kind, text(value), show_text),
        "unit" => replace(&mut ind.unit, text(value), show_text),
        "algorithm" => replace(&mut ind.algorithm, text(value), show_text),
        "data_source" => replace(&mut ind.data_source, text(value), show_text),
        "last_observed" => {
            ind.last_observed_value = number::cell_value(value).map(|n| n.value);
            replace(&mut ind.last_observed, text(value), show_text)
        }
        "target" => {
            ind.target_value = number::cell_value(value).map(|n| n.value);
            replace(&mut ind.target, text(value), show_text)
        }
        "actual" => {
            ind.actual_value = number::cell_value(value).map(|n| n.value);
            replace(&mut ind.actual, text(value), show_text)
        }
        "last_observed_value" => {
            replace(&mut ind.last_observed_value, decimal(value)?, show_decimal)
        }
        "target_value" => replace(&mut ind.target_value, decimal(value)?, show_decimal),
        "actual_value" => replace(&mut ind.actual_value, decimal(value)?, show_decimal),
        "target_date" => replace(&mut ind.target_date, text(value), show_text),
        "achieved" => {
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
        _ => return Err(format!("unknown field {field:?}")),
    };
    ind.achieved = crate::records::judge(ind).0;
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn malformed_overrides_name_their_line() {
        let err = read_overrides(
            "source_file,objective_code,indicator_number,field,value\na,b,notanumber,c,d\n",
        )
        .expect_err("bad indicator number");
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
