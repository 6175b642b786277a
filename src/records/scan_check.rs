//! Checking a searchable scan's records against a second reading: the same
//! pages OCR'd afresh by pira. Each field the two readings give
//! differently gets a `readings-differ` warning naming both, so that a
//! reviewer sees every field where either OCR may have gone wrong (a text
//! layer has no confidences to say so).
//!
//! Which reading a field keeps: pira's, unless its OCR doubted the field
//! (`low-confidence`). pira reads the page at 300 dpi, reads doubtful and
//! empty cells again from their crops and knows its confidences; the text
//! layer is someone else's OCR, often of a poorer image. On the generated
//! scans pira's reading is right in most fields where the two differ.
//! Declared counts keep the text layer's reading and are only flagged.
//! Resources take pira's only where it keeps every amount the text layer
//! has: account codes when the two agree on every amount, all the lines
//! (with their warnings) when pira's has the text layer's amounts and
//! more: a line the text layer lost.
//!
//! Descriptions are left out: long prose hardly ever comes out the same
//! from two OCR runs, and a warning on every one would drown the rest.

use crate::model::{
    Column, Correction, FieldPath, Indicator, IndicatorField, Objective, ObjectiveField, Report,
    ResourceLine, Warning, WarningCode,
};

/// A field of a record: its objective's code and the field.
type FieldKey = (String, FieldPath);

/// What comparing the readings decided.
#[derive(Default)]
struct Outcome {
    /// `readings-differ` and re-judged `achieved` warnings.
    warnings: Vec<Warning>,
    /// Fields that took the second reading: their old warnings and
    /// corrections go, the second reading's come in.
    adopted: Vec<FieldKey>,
    /// Objectives whose resource lines all took the second reading: the
    /// same, for every `resources…` field.
    adopted_resources: Vec<String>,
}

/// Compares `report` with `second`, field by field: objectives matched by
/// code, indicators by number (those only one reading found are left
/// alone).
pub fn compare(report: &mut Report, second: &Report) {
    let doubted: Vec<FieldKey> = second
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::LowConfidence)
        .filter_map(key)
        .collect();
    let mut out = Outcome::default();
    for objective in &mut report.objectives {
        let Some(other) = second.objectives.iter().find(|o| o.code == objective.code) else {
            continue;
        };
        compare_objectives(objective, other, &doubted, &mut out);
        let code = objective.code.clone();
        for indicator in &mut objective.indicators {
            if let Some(o) = other
                .indicators
                .iter()
                .find(|i| i.number == indicator.number)
            {
                compare_indicators(&code, indicator, o, &doubted, &mut out);
            }
        }
    }
    let adopted = |k: Option<FieldKey>| {
        k.is_some_and(|(code, field)| {
            let resources = is_resources(field) && out.adopted_resources.contains(&code);
            resources || out.adopted.contains(&(code, field))
        })
    };
    report.warnings.retain(|w| !adopted(key(w)));
    // `achieved` was judged again on the merged indicator: the second
    // reading's own judgement does not come along.
    let judged_again = |w: &Warning| {
        w.field.is_some_and(|f| {
            matches!(
                f,
                FieldPath::Indicator {
                    field: IndicatorField::Achieved,
                    ..
                }
            )
        })
    };
    report.warnings.extend(
        second
            .warnings
            .iter()
            .filter(|w| adopted(key(w)) && !judged_again(w))
            .cloned(),
    );
    report.warnings.extend(out.warnings);
    let correction_key = |c: &Correction| c.objective_code.clone().map(|code| (code, c.field));
    report.corrections.retain(|c| !adopted(correction_key(c)));
    report.corrections.extend(
        second
            .corrections
            .iter()
            .filter(|c| adopted(correction_key(c)))
            .cloned(),
    );
}

fn key(w: &Warning) -> Option<FieldKey> {
    Some((w.objective_code.clone()?, w.field?))
}

/// The resource lines, or a field of one of them.
fn is_resources(field: FieldPath) -> bool {
    matches!(
        field,
        FieldPath::Resource { .. } | FieldPath::Objective(ObjectiveField::Resources)
    )
}

fn compare_objectives(a: &mut Objective, b: &Objective, doubted: &[FieldKey], out: &mut Outcome) {
    use ObjectiveField as F;
    let page = a.pages.first().copied();
    let texts = [
        (F::Title, &mut a.title, &b.title),
        (F::MissionName, &mut a.mission_name, &b.mission_name),
        (F::ProgrammeName, &mut a.programme_name, &b.programme_name),
        (F::TimeFrame, &mut a.time_frame, &b.time_frame),
        (
            F::ResponsibilityCentre,
            &mut a.responsibility_centre,
            &b.responsibility_centre,
        ),
    ];
    for (field, first, second) in texts {
        if !differ(first.as_deref(), second.as_deref()) {
            continue;
        }
        let k = (a.code.clone(), field.into());
        let adopt = !doubted.contains(&k);
        let message = message("", k.1, first.as_deref(), second.as_deref(), adopt);
        out.warnings.push(differs(&a.code, k.1, page, message));
        if adopt {
            *first = second.clone();
            out.adopted.push(k);
        }
    }
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
    // Resources may take pira's reading where it keeps every amount the
    // text layer has: account codes when both agree on every amount (the
    // cross-checks hold for either), all lines when pira's holds the text
    // layer's amounts and more (a line the text layer lost).
    let undoubted = !doubted.contains(&(a.code.clone(), F::Resources.into()));
    let same_amounts = a.resources.len() == b.resources.len()
        && a.resources
            .iter()
            .zip(&b.resources)
            .all(|(x, y)| x.amount == y.amount);
    let lines_adoptable =
        undoubted && amounts_beyond(&a.resources, &b.resources).is_some_and(|n| n > 0);
    let flagged = [
        (F::DeclaredIndicators, count(a), count(b), false),
        (
            F::Resources,
            amounts(a),
            amounts(b),
            undoubted && (same_amounts || lines_adoptable),
        ),
    ];
    for (field, first, second, adopt) in flagged {
        if differ(first.as_deref(), second.as_deref()) {
            let field = field.into();
            let message = message("", field, first.as_deref(), second.as_deref(), adopt);
            out.warnings.push(differs(&a.code, field, page, message));
            if adopt && lines_adoptable {
                a.resources.clone_from(&b.resources);
                a.resources_total = b.resources_total;
                out.adopted_resources.push(a.code.clone());
            } else if adopt {
                for (x, y) in a.resources.iter_mut().zip(&b.resources) {
                    x.account.clone_from(&y.account);
                }
            }
        }
    }
}

/// How many more amounts `second` has than `first`, when it has every
/// amount of `first` (as many times); `None` when it lacks one.
fn amounts_beyond(first: &[ResourceLine], second: &[ResourceLine]) -> Option<usize> {
    let mut unmatched: Vec<_> = second.iter().map(|r| r.amount).collect();
    for line in first {
        let at = unmatched.iter().position(|a| *a == line.amount)?;
        unmatched.remove(at);
    }
    Some(unmatched.len())
}

fn compare_indicators(
    code: &str,
    a: &mut Indicator,
    b: &Indicator,
    doubted: &[FieldKey],
    out: &mut Outcome,
) {
    let who = format!("indicator {}: ", a.number);
    let (number, page) = (a.number, Some(a.page));
    let key = |field| (code.to_string(), FieldPath::indicator(number, field));
    let mut values_changed = false;
    let texts = [
        (IndicatorField::Title, &mut a.title, &b.title),
        (IndicatorField::Measures, &mut a.measures, &b.measures),
    ];
    for (field, first, second) in texts {
        let k = key(field);
        if compare_field(&who, &k, first, second, doubted, page, out) {
            out.adopted.push(k);
        }
    }
    for &column in Column::ALL {
        let k = key(IndicatorField::Cell(column));
        if !compare_field(
            &who,
            &k,
            a.cell_mut(column),
            b.cell(column),
            doubted,
            page,
            out,
        ) {
            continue;
        }
        out.adopted.push(k);
        if let Some(value) = column.value() {
            *a.value_mut(value) = b.value(value);
            values_changed = true;
            out.adopted.push(key(IndicatorField::Value(value)));
        }
    }
    if values_changed {
        a.value_kind = b.value_kind;
        out.adopted.push(key(IndicatorField::Achieved));
        a.achieved = super::indicator::achieved(a, code, &mut out.warnings);
    }
}

/// Flags a text field the readings give differently; whether the second
/// reading was adopted into `first`.
fn compare_field(
    who: &str,
    (code, field): &FieldKey,
    first: &mut Option<String>,
    second: &Option<String>,
    doubted: &[FieldKey],
    page: Option<u32>,
    out: &mut Outcome,
) -> bool {
    if !differ(first.as_deref(), second.as_deref()) {
        return false;
    }
    let adopt = !doubted.contains(&(code.clone(), *field));
    let message = message(who, *field, first.as_deref(), second.as_deref(), adopt);
    out.warnings.push(differs(code, *field, page, message));
    if adopt {
        first.clone_from(second);
    }
    adopt
}

fn differs(code: &str, field: FieldPath, page: Option<u32>, message: String) -> Warning {
    Warning {
        code: WarningCode::ReadingsDiffer,
        message,
        page,
        objective_code: Some(code.to_string()),
        indicator_number: field.indicator_number(),
        field: Some(field),
    }
}

fn message(
    who: &str,
    field: FieldPath,
    first: Option<&str>,
    second: Option<&str>,
    adopted: bool,
) -> String {
    let show = |t: Option<&str>| t.map_or("nothing".to_string(), |t| format!("\"{t}\""));
    let kept = if adopted {
        "pira's is kept"
    } else {
        "the text layer's is kept"
    };
    format!(
        "{who}the text layer gives {} for {}, pira's OCR of the page image {}; {kept}",
        show(first),
        field.name(),
        show(second)
    )
}

/// Whether two readings differ in more than case, spacing and punctuation
/// (a minus sign before a digit is no punctuation: "-5,00%").
fn differ(a: Option<&str>, b: Option<&str>) -> bool {
    a.map(comparable) != b.map(comparable)
}

fn comparable(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let minus = |i: usize| {
        matches!(chars[i], '-' | '−' | '–') && chars.get(i + 1).is_some_and(char::is_ascii_digit)
    };
    (0..chars.len())
        .filter(|&i| chars[i].is_alphanumeric() || minus(i))
        .map(|i| if minus(i) { '-' } else { chars[i] })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{extract, Input, Options};

    fn sample() -> Report {
        let text = include_bytes!("../../fixtures/000_b2d698d42f0df24e.txt").to_vec();
        extract(&Input::from_bytes("sample.txt", text), &Options::default()).expect("sample")
    }

    #[test]
    fn a_resource_line_the_text_layer_lost_comes_back() {
        let second = sample();
        let mut first = second.clone();
        let i = first
            .objectives
            .iter()
            .position(|o| o.resources.len() >= 2)
            .expect("an objective with two resource lines");
        first.objectives[i].resources.remove(0);
        first.objectives[i].resources_total = None;
        // Another objective's text layer read an amount pira did not: kept.
        let j = (0..first.objectives.len())
            .find(|&j| j != i && !first.objectives[j].resources.is_empty())
            .expect("a second objective with resources");
        first.objectives[j].resources[0].amount += rust_decimal::Decimal::ONE;
        let other_lines = first.objectives[j].resources.clone();

        compare(&mut first, &second);
        assert_eq!(
            first.objectives[i].resources,
            second.objectives[i].resources
        );
        assert_eq!(
            first.objectives[i].resources_total,
            second.objectives[i].resources_total
        );
        assert_eq!(first.objectives[j].resources, other_lines);
        let flagged = |k: usize| {
            first.warnings.iter().any(|w| {
                w.code == WarningCode::ReadingsDiffer
                    && w.objective_code.as_deref() == Some(first.objectives[k].code.as_str())
            })
        };
        assert!(flagged(i) && flagged(j));
    }

    #[test]
    fn accounts_take_the_second_reading_when_the_amounts_agree() {
        let second = sample();
        let mut first = second.clone();
        let with_accounts = |r: &Report| {
            r.objectives
                .iter()
                .position(|o| o.resources.iter().any(|l| l.account.is_some()))
                .expect("an objective with an account")
        };
        let i = with_accounts(&first);
        let line = first.objectives[i]
            .resources
            .iter()
            .position(|l| l.account.is_some())
            .expect("a line with an account");
        first.objectives[i].resources[line].account = Some("999999".into());
        let j = (0..first.objectives.len())
            .find(|&j| j != i && !first.objectives[j].resources.is_empty())
            .expect("a second objective with resources");
        first.objectives[j].resources[0].amount += rust_decimal::Decimal::ONE;
        let kept_amount = first.objectives[j].resources[0].amount;

        compare(&mut first, &second);
        assert_eq!(
            first.objectives[i].resources[line].account,
            second.objectives[i].resources[line].account,
            "the account is pira's"
        );
        assert_eq!(
            first.objectives[j].resources[0].amount, kept_amount,
            "an amount keeps the text layer's reading"
        );
        let mut differ: Vec<&str> = first
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::ReadingsDiffer)
            .filter_map(|w| w.objective_code.as_deref())
            .collect();
        differ.sort_unstable();
        let mut want = [
            first.objectives[i].code.as_str(),
            first.objectives[j].code.as_str(),
        ];
        want.sort_unstable();
        assert_eq!(differ, want);
    }

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
                a: Some("5,00%"),
                b: Some("-5,00%"),
                differ: true,
            },
            Case {
                a: Some("e-mail"),
                b: Some("email"),
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
