//! Values that read as something else than their field: a short text
//! holding a euro amount (a resource line read into it), the words of a
//! label the report repeats in most schede ("Responsabilità ...", a
//! wrapped label's end read as the value's start), a target whose
//! operator is no operator (">e 12") or that lost the operator most of
//! the report's targets state. Each is flagged on its field; an amount
//! in a text flags the objective's resources too, as they may lack it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::indicator::warn;
use super::plausible::{objective_text, on_objective};
use crate::model::{
    Column, IndicatorField, Objective, ObjectiveField, Report, ValueField, Warning, WarningCode,
};
use crate::vocab::{fold, Vocabulary};

/// A euro amount: "€ 824,00", "82.742 €".
static EURO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"€\s*[0-9]|[0-9][0-9.,]*\s*€|\bEuro\s+[0-9]").expect("valid regex")
});
/// An operator followed by a letter (">e 12"): OCR's reading of ">=".
static BAD_OPERATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[<>≤≥]=?\s*\p{L}").expect("valid regex"));
/// A target that opens with an operator, marks OCR read before it aside
/// ("; >= 300").
static OPERATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\p{L}\p{N}]*[<>≤≥=]").expect("valid regex"));
/// A digit.
static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]").expect("valid regex"));

/// The short texts an amount or a label's words do not belong in.
const SHORT_TEXTS: [ObjectiveField; 5] = [
    ObjectiveField::MissionName,
    ObjectiveField::ProgrammeName,
    ObjectiveField::Title,
    ObjectiveField::TimeFrame,
    ObjectiveField::ResponsibilityCentre,
];
/// A report whose other targets state an operator at least this share of
/// the time (in percent) states it always ...
const OPERATOR_SHARE: usize = 90;
/// ... judged over at least this many other targets.
const OPERATOR_MIN: usize = 6;

/// Adds to `found` the warnings of values that read as another field's.
pub fn check(report: &Report, vocab: &Vocabulary, found: &mut Vec<Warning>) {
    let objectives = &report.objectives;
    for o in objectives {
        amounts_in_texts(o, found);
    }
    repeated_label_words(objectives, vocab, found);
    operators(objectives, found);
}

/// Short texts that hold a euro amount: a resource line's text read into
/// them, so the resources may lack it.
fn amounts_in_texts(o: &Objective, found: &mut Vec<Warning>) {
    for f in SHORT_TEXTS {
        let Some(text) = objective_text(o, f).filter(|t| EURO.is_match(t)) else {
            continue;
        };
        let message =
            format!("its {f} {text:?} holds a euro amount: a resource line read into it?");
        found.push(on_objective(
            o,
            f,
            WarningCode::ImplausibleValue,
            message.clone(),
        ));
        found.push(on_objective(
            o,
            ObjectiveField::Resources,
            WarningCode::AmbiguousCells,
            message,
        ));
    }
}

/// A label's word ("Responsabilità", "finanziarie") in the same field of
/// most of the report's objectives: a label's text read into the values.
fn repeated_label_words(objectives: &[Objective], vocab: &Vocabulary, found: &mut Vec<Warning>) {
    for f in SHORT_TEXTS {
        let values: Vec<(&Objective, &str)> = objectives
            .iter()
            .filter_map(|o| objective_text(o, f).map(|t| (o, t)))
            .collect();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (_, text) in &values {
            let mut words: Vec<String> = label_words(text, vocab).collect();
            words.dedup();
            for w in words {
                *counts.entry(w).or_default() += 1;
            }
        }
        let repeated: Vec<&String> = counts
            .iter()
            .filter(|&(_, &n)| n >= 2 && 2 * n > values.len())
            .map(|(w, _)| w)
            .collect();
        for (o, text) in &values {
            let Some(word) = label_words(text, vocab).find(|w| repeated.contains(&w)) else {
                continue;
            };
            let message = format!(
                "its {f} {text:?} holds {word:?}, a label's word most schede's {f} hold: a label read into the value?"
            );
            found.push(on_objective(o, f, WarningCode::ImplausibleValue, message));
        }
    }
}

/// The folded label words of a text.
fn label_words<'a>(text: &'a str, vocab: &'a Vocabulary) -> impl Iterator<Item = String> + 'a {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| vocab.is_label_word(w))
        .map(fold)
}

/// Targets whose operator is garbled, and targets that state none where
/// (nearly) all of the report's targets do.
fn operators(objectives: &[Objective], found: &mut Vec<Warning>) {
    let targets: Vec<&str> = objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter_map(|i| i.target.as_deref())
        .filter(|t| DIGIT.is_match(t))
        .collect();
    let with_operator = targets.iter().filter(|t| OPERATOR.is_match(t)).count();
    // Judged against the others: one target in eight that lost its
    // operator leaves the other seven all stating one.
    let others = targets.len().saturating_sub(1);
    let always = others >= OPERATOR_MIN && 100 * with_operator >= OPERATOR_SHARE * others;
    let target = Some(IndicatorField::Value(ValueField::Target));
    for o in objectives {
        for ind in &o.indicators {
            let by_year = ind
                .targets
                .iter()
                .filter_map(|t| t.target.as_deref())
                .find(|t| BAD_OPERATOR.is_match(t));
            if let Some(text) = by_year {
                let message =
                    format!("a target {text:?} has an operator followed by a letter: misread?");
                found.push(warn(
                    ind,
                    &o.code,
                    WarningCode::ImplausibleValue,
                    message,
                    Some(IndicatorField::Targets),
                ));
            }
            let Some(text) = ind.cell(Column::Target).as_deref() else {
                continue;
            };
            let why = if BAD_OPERATOR.is_match(text) {
                "has an operator followed by a letter: misread?"
            } else if always && DIGIT.is_match(text) && !OPERATOR.is_match(text) {
                "states no operator, though the report's other targets do: lost?"
            } else {
                continue;
            };
            let message = format!("its target {text:?} {why}");
            found.push(warn(
                ind,
                &o.code,
                WarningCode::ImplausibleValue,
                message,
                target,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};
    use crate::model::Indicator;

    fn objective(centre: &str, targets: &[&str]) -> Objective {
        Objective {
            responsibility_centre: Some(centre.into()),
            indicators: targets
                .iter()
                .zip(1..)
                .map(|(t, number)| Indicator {
                    number,
                    target: Some(t.to_string()),
                    targets: Vec::new(),
                    ..an_indicator()
                })
                .collect(),
            ..an_objective("#1")
        }
    }

    fn fields(found: &[Warning]) -> Vec<String> {
        found
            .iter()
            .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
            .collect()
    }

    #[test]
    fn an_amount_in_a_text_flags_it_and_the_resources() {
        let mut found = Vec::new();
        amounts_in_texts(
            &objective("Segretario Generale finanziarie € 824,00", &[]),
            &mut found,
        );
        assert_eq!(fields(&found), ["responsibility_centre", "resources"]);
        let mut found = Vec::new();
        amounts_in_texts(&objective("Segretario Generale", &[]), &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn a_label_word_most_schede_repeat_is_flagged() {
        let vocab = Vocabulary::builtin();
        let centres = [
            "Responsabilità Segretario Generale",
            "Responsabilità DIRIGENTE AREA PROMOZIONE",
            "Responsabilità Dirigente area anagrafica",
        ];
        let objectives: Vec<Objective> = centres.iter().map(|c| objective(c, &[])).collect();
        let mut found = Vec::new();
        repeated_label_words(&objectives, &vocab, &mut found);
        assert_eq!(found.len(), 3);
        // One centre naming a label word is no label read into the values.
        let mut one = objectives.clone();
        one[1].responsibility_centre = Some("Segretario Generale".into());
        one[2].responsibility_centre = Some("DIRIGENTE AREA".into());
        let mut found = Vec::new();
        repeated_label_words(&one, &vocab, &mut found);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn garbled_and_lost_operators_are_flagged() {
        let targets = [
            ">= 12",
            ">e 12",
            ">= 60%",
            "<= 10 gg.",
            ">= € 4.610.000,00",
            "85%",
            "SI",
        ];
        let objectives = [objective("Segretario Generale", &targets)];
        let mut found = Vec::new();
        operators(&objectives, &mut found);
        let numbers: Vec<u32> = found.iter().filter_map(|w| w.indicator_number).collect();
        // ">e 12" garbled; "85%" alone without an operator beside five
        // that state one is not enough to judge (under six others).
        assert_eq!(numbers, [2]);
        // One in eight (DEV kpi-table scan 230: ">= 12" read "se 12"),
        // the seven others all stating one.
        let eight = [
            "se 12",
            ">= 20,00",
            ">= 50,00%",
            ">= 95%",
            ">= 95,00%",
            ">= 95,50%",
            ">= 20,00",
            "<= 280 gg.",
        ];
        let mut found = Vec::new();
        operators(&[objective("Segretario Generale", &eight)], &mut found);
        let numbers: Vec<u32> = found.iter().filter_map(|w| w.indicator_number).collect();
        assert_eq!(numbers, [1]);
        // A mark before the operator is no lost operator (DEV matrix
        // scan 230).
        let mut marked = eight;
        marked[0] = "; >= 300";
        let mut found = Vec::new();
        operators(&[objective("Segretario Generale", &marked)], &mut found);
        assert!(found.is_empty(), "{found:?}");
        // Two in eight: the report may state none where it likes.
        let mut two = eight;
        two[1] = "20,00";
        let mut found = Vec::new();
        operators(&[objective("Segretario Generale", &two)], &mut found);
        assert!(found.is_empty(), "{found:?}");
        let many: Vec<&str> = [">= 1"; 12].into_iter().chain(["85%"]).collect();
        let mut found = Vec::new();
        operators(&[objective("Segretario Generale", &many)], &mut found);
        let numbers: Vec<u32> = found.iter().filter_map(|w| w.indicator_number).collect();
        assert_eq!(numbers, [13]);
    }
}
