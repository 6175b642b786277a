//! One indicator record: cells, parsed values, value kind, `achieved`.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{
    Column, FieldPath, Indicator, IndicatorField, ValueField, ValueKind, Warning, WarningCode,
};
use crate::normalize::date;
use crate::normalize::number::{self, NumberKind, ReadNumber};
use crate::normalize::CleanIndicator;
use crate::vocab::Vocabulary;

use super::stated;

static YES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)\s*(si|sì|yes)\b").expect("valid regex"));
static NO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?i)\s*no\b").expect("valid regex"));
static AT_LEAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\balmeno\b|non\s+inferiore|>=|≥|\bminimo\b|\boltre\b|superiore\s+a")
        .expect("valid regex")
});
static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bentro\b|non\s+superiore|<=|≤|\bmassimo\b|inferiore\s+a|\bmax\b")
        .expect("valid regex")
});
/// A unit whose values are numbers: a value cell under it that states none
/// was misread or mis-split, or holds words a reviewer must turn into one.
static NUMERIC_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)numer|percent|%|euro|€|giorn|\bore\b|\bquota\b|\bn\.?\s*$")
        .expect("valid regex")
});
/// A value cell longer than this many words is an account of what was
/// done (dates, orders, counts of many things): it states no one value.
const NARRATIVE_WORDS: usize = 40;
/// A cell opening with a yes or no answer, alone or before a separator.
static ANSWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)\s*(si|sì|no)\s*($|[-–—,:;.(])").expect("valid regex"));
static DURATION_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)giorn|\bore\b|mes[ei]|tempo|settiman").expect("valid regex"));

/// Which way a target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    AtLeast,
    AtMost,
}

/// Builds an indicator; a budget plan (no actual column) has no actual.
pub fn build(
    c: &CleanIndicator,
    has_actual: bool,
    code: &str,
    vocab: &Vocabulary,
    w: &mut Vec<Warning>,
) -> Indicator {
    let cell = |column: Column| c.cells[column].clone();
    let (last_observed, target) = (cell(Column::LastObserved), cell(Column::Target));
    let actual = cell(Column::Actual).filter(|_| has_actual);
    let values = [
        (ValueField::LastObserved, &last_observed),
        (ValueField::Target, &target),
        (ValueField::Actual, &actual),
    ];
    let unit = c.cells[Column::Unit].as_deref();
    // The words the indicator counts in, as its other value cells and its
    // unit say them: what tells one number of a prose cell from the rest.
    let wording = |own: ValueField| {
        let others: Vec<&str> = values
            .iter()
            .filter(|(field, _)| *field != own)
            .filter_map(|(_, text)| text.as_deref())
            .collect();
        stated::wording(&others, unit, vocab)
    };
    let mut several = Vec::new();
    let mut guessed: Vec<(ValueField, String, ReadNumber)> = c
        .rewritten_malformed
        .iter()
        .filter_map(|(field, raw)| Some((*field, raw.clone(), number::cell_value(raw)?)))
        .collect();
    let mut read = |t: &Option<String>, field: ValueField| {
        let (n, count) = cell_number(t.as_deref()?, || wording(field), vocab);
        if count > 1 {
            several.push((field, t.clone().unwrap_or_default(), n.clone()));
        } else if let Some(n) = n.as_ref().filter(|n| n.is_best_reading()) {
            guessed.push((field, t.clone().unwrap_or_default(), n.clone()));
        }
        n
    };
    let last_n = read(&last_observed, ValueField::LastObserved);
    let target_n = read(&target, ValueField::Target);
    let actual_n = read(&actual, ValueField::Actual);
    let value_kind = value_kind(
        &[&target_n, &actual_n, &last_n],
        &[&target, &actual],
        c.cells[Column::Unit].as_deref(),
    );
    let mut ind = Indicator {
        number: c.number,
        title: c.title.clone(),
        measures: c.measures.clone(),
        kind: cell(Column::Type),
        unit: cell(Column::Unit),
        algorithm: cell(Column::Algorithm),
        data_source: cell(Column::DataSource),
        last_observed,
        target,
        actual,
        last_observed_value: last_n.as_ref().map(|n| n.value),
        target_value: target_n.as_ref().map(|n| n.value),
        actual_value: actual_n.as_ref().map(|n| n.value),
        value_kind,
        target_date: date::find_date(&c.header).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        achieved: None,
        page: c.page,
        kpi_code: None,
        targets: Vec::new(),
        achievement_stated: None,
    };
    ind.achieved = achieved(&ind, code, w);
    for (field, text, n) in several {
        let read_as = n.map_or("nothing".to_string(), |n| n.value.to_string());
        let cell = field.column();
        w.push(warn(
            &ind,
            code,
            WarningCode::UnparsedValue,
            format!("its {cell} {text:?} holds several numbers (OCR debris?): read as {read_as}"),
            Some(IndicatorField::Value(field)),
        ));
    }
    for (field, text, n) in guessed {
        let why = if n.uncertain {
            "lost digits or separators"
        } else {
            "is no well-formed Italian number"
        };
        let cell = field.column();
        w.push(warn(
            &ind,
            code,
            WarningCode::UnparsedValue,
            format!("its {cell} {text:?} {why}: read as {}", n.value),
            Some(IndicatorField::Value(field)),
        ));
    }
    if c.ambiguous {
        w.push(warn(
            &ind,
            code,
            WarningCode::AmbiguousCells,
            "some table text could not be placed in a column with confidence".into(),
            None,
        ));
    }
    for &column in &c.unsure {
        w.push(warn(
            &ind,
            code,
            WarningCode::AmbiguousCells,
            format!(
                "a value under no header cell lies between two columns: its {column} may hold a neighbour's text"
            ),
            Some(IndicatorField::Cell(column)),
        ));
    }
    low_confidence(&ind, c, code, w);
    missing_values(&ind, has_actual, code, w);
    unit_alone(&ind, code, w);
    if c.inferred_number {
        w.push(warn(
            &ind,
            code,
            WarningCode::InferredNumber,
            "its \"Indicatore N\" label was not found: numbered after the previous indicator"
                .into(),
            Some(IndicatorField::Number),
        ));
    }
    ind
}

/// Warnings on the cells plain text's wrapped lines were shared out to by
/// guess ([`CleanIndicator::guessed`]). They are added after the report's
/// plausibility checks, only where those found nothing more telling.
pub fn guessed_cells(c: &CleanIndicator, ind: &Indicator, code: &str) -> Vec<Warning> {
    c.guessed
        .iter()
        .map(|&column| {
            warn(
                ind,
                code,
                WarningCode::AmbiguousCells,
                format!(
                    "plain text gave no border between the wrapped cells: its {column} may hold a neighbour's text"
                ),
                Some(IndicatorField::Cell(column)),
            )
        })
        .collect()
}

/// A value cell of a few letters or digits and letters ("di", "4l") where
/// the row's other value states a number: OCR's reading of a number. A
/// comparison (">el2") is judged as a target elsewhere.
fn reads_as_debris(text: &str) -> bool {
    if text.contains(['<', '>', '≤', '≥', '=']) {
        return false;
    }
    let kept: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let answers = ["nd", "na", "no", "si", "sì"];
    let count = kept.chars().count();
    (1..=3).contains(&count)
        && kept.chars().any(char::is_alphabetic)
        && !answers.contains(&kept.to_lowercase().as_str())
}

/// Flags a target (or a final account's actual) that came out with no value
/// where one was due: its cell is empty, or holds no number though the unit
/// counts something, or a few characters where the row's other value
/// states a number ("di" beside ">= 40"). Either the table was misread or
/// the words need a person ("almeno una convenzione"); an empty value is
/// never silent.
fn missing_values(ind: &Indicator, has_actual: bool, code: &str, w: &mut Vec<Warning>) {
    let numeric = ind
        .unit
        .as_deref()
        .is_some_and(|u| NUMERIC_UNIT.is_match(u));
    let mut due = vec![(ValueField::Target, &ind.target, ind.target_value)];
    if has_actual {
        due.push((ValueField::Actual, &ind.actual, ind.actual_value));
    }
    let other_counts = |field: ValueField| match field {
        ValueField::Target => ind.actual_value.is_some(),
        _ => ind.target_value.is_some(),
    };
    for (field, text, value) in due {
        let column = field.column();
        let (kind, message, on) = match (text, value) {
            // Every indicator states a target: with none, the row's text
            // most likely went into other columns, so the whole row is in doubt.
            (None, _) if field == ValueField::Target => (
                WarningCode::MissingField,
                format!("its {column} cell is empty: the row's cells may be misplaced"),
                Some(IndicatorField::Value(field)),
            ),
            (None, _) => (
                WarningCode::MissingField,
                format!("its {column} cell is empty"),
                Some(IndicatorField::Value(field)),
            ),
            (Some(t), None) if numeric && yes_no(t).is_none() => (
                WarningCode::UnparsedValue,
                format!("its {column} {t:?} states no number though its unit counts one"),
                Some(IndicatorField::Value(field)),
            ),
            (Some(t), None) if other_counts(field) && reads_as_debris(t) => (
                WarningCode::UnparsedValue,
                format!("its {column} {t:?} states no number though the row's other value does: a number misread?"),
                Some(IndicatorField::Value(field)),
            ),
            _ => continue,
        };
        w.push(warn(ind, code, kind, message, on));
    }
}

/// Flags a last observed value that holds its unit alone ("giorni" where
/// "47 giorni" was printed, DEV scan 227): OCR lost the number before it.
/// A target so read is flagged by [`missing_values`]; a last observed
/// value may state none ("nuova attività"), so only the unit's own words
/// mark a number lost.
fn unit_alone(ind: &Indicator, code: &str, w: &mut Vec<Warning>) {
    let (Some(text), None, Some(unit)) = (&ind.last_observed, ind.last_observed_value, &ind.unit)
    else {
        return;
    };
    let unit = unit.to_lowercase();
    let unit_words: Vec<&str> = unit.split(|c: char| !c.is_alphanumeric()).collect();
    let of_unit = |word: &str| {
        let core: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        match core.as_str() {
            "" => word.chars().all(|c| unit.contains(c)),
            core => unit_words.contains(&core.to_lowercase().as_str()),
        }
    };
    let words = text.split_whitespace();
    if NUMERIC_UNIT.is_match(&unit) && !text.trim().is_empty() && words.clone().all(of_unit) {
        let column = ValueField::LastObserved.column();
        w.push(warn(
            ind,
            code,
            WarningCode::UnparsedValue,
            format!("its {column} {text:?} holds its unit and no number: a number lost?"),
            Some(IndicatorField::Value(ValueField::LastObserved)),
        ));
    }
}

/// The number a value cell states, and how many numbers it holds that
/// still leave it in doubt (0 or 1: none). With several (OCR debris
/// beside the value: "6; 90%"), the only percentage or euro amount among
/// them; else the one the indicator's `wording` or a closing phrase
/// singles out ([`stated`], no longer in doubt); else the first.
///
/// A cell that answers yes or no first ("SI - Protocollo + 6 ordini di
/// servizio") states no value, nor does a paragraph; numbers that name rather than count (in
/// quotes, "Restart 4.0"; joined by a slash, "ODS 13/SG", "det
/// 58/AMM/2020") are not values; a cell without digits may state its
/// count in words ("almeno due accordi").
fn cell_number(
    text: &str,
    wording: impl FnOnce() -> Vec<String>,
    vocab: &Vocabulary,
) -> (Option<ReadNumber>, usize) {
    if ANSWER.is_match(text) {
        return (None, 0);
    }
    let numbers: Vec<ReadNumber> = number::find_numbers(text)
        .into_iter()
        .filter(|n| !is_name_part(text, n))
        .collect();
    if numbers.is_empty() && !text.contains(|c: char| c.is_ascii_digit()) {
        return (number::count_in_words(text), 0);
    }
    if text.split_whitespace().count() > NARRATIVE_WORDS {
        return (None, numbers.len());
    }
    let mut typed = numbers.iter().filter(|n| n.kind != NumberKind::Plain);
    if let (Some(only), None) = (typed.next(), typed.next()) {
        return (Some(only.clone()), numbers.len());
    }
    if numbers.len() > 1 {
        if let Some(i) = stated::stated(text, &numbers, &wording(), vocab) {
            return (Some(numbers[i].clone()), 1);
        }
    }
    (numbers.first().cloned(), numbers.len())
}

/// Whether the number `n` of `text` is part of a name or reference: in
/// quotes, or joined to a slash.
fn is_name_part(text: &str, n: &ReadNumber) -> bool {
    let (before, after) = (&text[..n.start], &text[n.end..]);
    let slash = before.ends_with('/') || after.starts_with('/');
    let straight_open = before.matches('"').count() % 2 == 1;
    let curly_open = before.matches('“').count() > before.matches('”').count();
    slash || straight_open || curly_open
}

fn value_kind(
    numbers: &[&Option<ReadNumber>],
    texts: &[&Option<String>],
    unit: Option<&str>,
) -> ValueKind {
    let kinds: Vec<NumberKind> = numbers
        .iter()
        .filter_map(|n| n.as_ref().map(|n| n.kind))
        .collect();
    let unit = unit.unwrap_or("").to_lowercase();
    if kinds.contains(&NumberKind::Percent) || unit.contains("percent") {
        ValueKind::Percent
    } else if kinds.contains(&NumberKind::Euro) || unit.contains("euro") {
        ValueKind::Euro
    } else if texts
        .iter()
        .any(|t| t.as_deref().is_some_and(|t| yes_no(t).is_some()))
        && kinds.is_empty()
    {
        ValueKind::YesNo
    } else if !kinds.is_empty() {
        ValueKind::Number
    } else {
        ValueKind::Text
    }
}

fn yes_no(text: &str) -> Option<bool> {
    if YES.is_match(text) {
        Some(true)
    } else if NO.is_match(text) {
        Some(false)
    } else {
        None
    }
}

/// Actual against target, in the direction the target states.
pub(crate) fn achieved(ind: &Indicator, code: &str, w: &mut Vec<Warning>) -> Option<bool> {
    let (result, note) = judge(ind);
    if let Some((kind, message)) = note {
        w.push(warn(
            ind,
            code,
            kind,
            message,
            Some(IndicatorField::Achieved),
        ));
    }
    result
}

/// Actual against target, and what a reviewer should know about the
/// judgement (it could not be made, or a direction was assumed).
pub(crate) fn judge(ind: &Indicator) -> (Option<bool>, Option<(WarningCode, String)>) {
    let (Some(target), Some(actual)) = (ind.target.as_deref(), ind.actual.as_deref()) else {
        return (None, None);
    };
    if ind.value_kind == ValueKind::YesNo {
        let result = yes_no(target).zip(yes_no(actual)).map(|(t, a)| t == a);
        let note = result.is_none().then(|| {
            (
                WarningCode::AchievedUnknown,
                "target or actual is not a yes/no answer".to_string(),
            )
        });
        return (result, note);
    }
    let (Some(t), Some(a)) = (ind.target_value, ind.actual_value) else {
        let message = format!("cannot compare target {target:?} with actual {actual:?}");
        return (None, Some((WarningCode::AchievedUnknown, message)));
    };
    // A negative target ("-5,00%") states a reduction: reaching it means
    // going at least as low.
    let stated_at_least = AT_LEAST.is_match(target);
    if AT_MOST.is_match(target) || (t.is_sign_negative() && !stated_at_least) {
        return (Some(compare(Direction::AtMost, t, a)), None);
    }
    let duration = ind
        .unit
        .as_deref()
        .is_some_and(|u| DURATION_UNIT.is_match(u));
    let note = (!stated_at_least && duration).then(|| {
        (
            WarningCode::DirectionAssumed,
            "no direction stated for a duration target: judged as \"at least\"".to_string(),
        )
    });
    (Some(compare(Direction::AtLeast, t, a)), note)
}

fn compare(direction: Direction, target: Decimal, actual: Decimal) -> bool {
    match direction {
        Direction::AtLeast => actual >= target,
        Direction::AtMost => actual <= target,
    }
}

/// One warning per field that holds words OCR read with low confidence:
/// the table's cells, and a card's code and targets.
fn low_confidence(ind: &Indicator, c: &CleanIndicator, code: &str, w: &mut Vec<Warning>) {
    let mut fields: Vec<IndicatorField> = Vec::new();
    for d in &c.doubtful_values {
        if !fields.contains(&d.field) {
            fields.push(d.field);
        }
    }
    for field in fields {
        let words: Vec<String> = c
            .doubtful_values
            .iter()
            .filter(|d| d.field == field)
            .map(|d| format!("{:?} ({:.0}%)", d.text, d.confidence))
            .collect();
        let message = format!(
            "OCR read {} with low confidence in its {field}",
            words.join(", ")
        );
        w.push(warn(
            ind,
            code,
            WarningCode::LowConfidence,
            message,
            Some(field),
        ));
    }
    low_confidence_cells(ind, c, code, w);
}

/// One warning per table cell that holds words OCR read with low
/// confidence.
fn low_confidence_cells(ind: &Indicator, c: &CleanIndicator, code: &str, w: &mut Vec<Warning>) {
    let mut columns: Vec<Column> = c.doubtful.iter().map(|d| d.column).collect();
    columns.dedup();
    for field in columns {
        let words: Vec<String> = c
            .doubtful
            .iter()
            .filter(|d| d.column == field)
            .map(|d| format!("{:?} ({:.0}%)", d.text, d.confidence))
            .collect();
        w.push(warn(
            ind,
            code,
            WarningCode::LowConfidence,
            format!(
                "OCR read {} with low confidence in its {field}",
                words.join(", ")
            ),
            Some(IndicatorField::Cell(field)),
        ));
    }
}

pub(crate) fn warn(
    ind: &Indicator,
    code: &str,
    kind: WarningCode,
    message: String,
    field: Option<IndicatorField>,
) -> Warning {
    Warning {
        code: kind,
        message: format!("indicator {}: {message}", ind.number),
        page: Some(ind.page),
        objective_code: Some(code.to_string()),
        indicator_number: Some(ind.number),
        field: field.map(|f| FieldPath::indicator(ind.number, f)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_states_the_value_it_counts_not_names_or_answers() {
        let vocab = Vocabulary::builtin();
        let read = |t: &str| cell_number(t, Vec::new, &vocab);
        let value = |t: &str| read(t).0.map(|n| n.value.to_string());
        assert_eq!(value("almeno 12.000 posizioni").as_deref(), Some("12000"));
        assert_eq!(value("SI - Protocollo + 6 ordini di servizio"), None);
        assert_eq!(value("Si sono svolti 12 incontri").as_deref(), Some("12"));
        assert_eq!(value("webinar \"Restart 4.0\" e altri"), None);
        assert_eq!(value("ODS 13/SG e det 58/AMM/2020"), None);
        assert_eq!(
            value("Formalizzazione di almeno due accordi").as_deref(),
            Some("2")
        );
        assert_eq!(value("due aree di FAQ e tre pagine"), None, "two counts");
        assert_eq!(value("nuova attività"), None);
        let account = "Molte misure sono state prese: det 58/AMM/2020: n. 2 sistemi di \
                       rilevazione, spesa 41: trapano, ordini 42 e 60: pulizia e \
                       igienizzazione supplementare, presidio con vigilante per il controllo \
                       della temperatura, consegna di materiale ai colleghi in lavoro agile, \
                       test e tamponi al personale, ordini 44, 106, 102, 145 e 114";
        assert_eq!(read(account), (None, 9), "a paragraph states no one value");
    }

    struct Case {
        target: &'static str,
        actual: &'static str,
        unit: &'static str,
        achieved: Option<bool>,
        kind: ValueKind,
    }

    #[test]
    fn judges_achievement() {
        let cases = [
            Case {
                target: "80%",
                actual: "97.40%",
                unit: "PERCENTUALE",
                achieved: Some(true),
                kind: ValueKind::Percent,
            },
            Case {
                target: "€ 6.900.000,00",
                actual: "€ 8825 715,66",
                unit: "NUMERICO",
                achieved: Some(true),
                kind: ValueKind::Euro,
            },
            Case {
                target: "almeno 12.000 posizioni",
                actual: "13.375",
                unit: "numerico",
                achieved: Some(true),
                kind: ValueKind::Number,
            },
            Case {
                target: "entro 30 giorni",
                actual: "45",
                unit: "giorni",
                achieved: Some(false),
                kind: ValueKind::Number,
            },
            Case {
                target: "SI",
                actual: "SI",
                unit: "SI/NO",
                achieved: Some(true),
                kind: ValueKind::YesNo,
            },
            Case {
                target: "SI",
                actual: "NO",
                unit: "SI/NO",
                achieved: Some(false),
                kind: ValueKind::YesNo,
            },
            Case {
                target: "avvio del servizio",
                actual: "fatto",
                unit: "",
                achieved: None,
                kind: ValueKind::Text,
            },
        ];
        for case in cases {
            let c = CleanIndicator {
                number: 1,
                page: 3,
                cells: [
                    (Column::Unit, case.unit),
                    (Column::Target, case.target),
                    (Column::Actual, case.actual),
                ]
                .into(),
                header: "Risultato atteso al 31/12/2020".into(),
                ..Default::default()
            };
            let mut w = Vec::new();
            let ind = build(&c, true, "011-005-001", &Vocabulary::builtin(), &mut w);
            assert_eq!(
                ind.achieved, case.achieved,
                "{} vs {}",
                case.target, case.actual
            );
            assert_eq!(ind.value_kind, case.kind, "{}", case.target);
            assert_eq!(ind.target_date.as_deref(), Some("2020-12-31"));
            // "97.40%" and "€ 8825 715,66" are malformed: flagged as such.
            let judged = w.iter().all(|w| w.code == WarningCode::UnparsedValue);
            assert_eq!(judged, case.achieved.is_some(), "warnings {w:?}");
        }
    }

    #[test]
    fn a_value_due_but_missing_is_flagged() {
        use WarningCode::{MissingField, UnparsedValue};
        struct Case {
            unit: &'static str,
            target: &'static str,
            actual: &'static str,
            plan: bool,
            /// The warnings expected, each with its field.
            expected: &'static [(WarningCode, Option<ValueField>)],
        }
        let cases = [
            Case {
                unit: "NUMERICO",
                target: "",
                actual: "12",
                plan: false,
                expected: &[(MissingField, Some(ValueField::Target))],
            },
            Case {
                unit: "numerico",
                target: "almeno una convenzione",
                actual: "",
                plan: false,
                expected: &[
                    (UnparsedValue, Some(ValueField::Target)),
                    (MissingField, Some(ValueField::Actual)),
                ],
            },
            Case {
                unit: "percentuale",
                target: "90%",
                actual: "dati non disponibili",
                plan: false,
                expected: &[(UnparsedValue, Some(ValueField::Actual))],
            },
            Case {
                unit: "SI/NO",
                target: "SI",
                actual: "SI",
                plan: false,
                expected: &[],
            },
            Case {
                unit: "",
                target: "avvio del servizio",
                actual: "fatto",
                plan: false,
                expected: &[],
            },
            Case {
                unit: "numerico",
                target: "10",
                actual: "",
                plan: true,
                expected: &[],
            },
            // No unit, but the row's target counts: a number misread.
            Case {
                unit: "",
                target: ">= 40",
                actual: "di",
                plan: false,
                expected: &[(UnparsedValue, Some(ValueField::Actual))],
            },
            Case {
                unit: "",
                target: ">= 40",
                actual: "4l",
                plan: false,
                expected: &[(UnparsedValue, Some(ValueField::Actual))],
            },
            // An answer, "not available" or words are no misread number.
            Case {
                unit: "",
                target: ">= 40",
                actual: "n.d.",
                plan: false,
                expected: &[],
            },
            Case {
                unit: "",
                target: ">= 40",
                actual: "non rilevato",
                plan: false,
                expected: &[],
            },
        ];
        for case in cases {
            let mut c = CleanIndicator {
                number: 1,
                ..Default::default()
            };
            let texts = [
                (Column::Unit, case.unit),
                (Column::Target, case.target),
                (Column::Actual, case.actual),
            ];
            for (column, text) in texts {
                c.cells[column] = Some(text.to_string()).filter(|t| !t.is_empty());
            }
            let mut w = Vec::new();
            build(
                &c,
                !case.plan,
                "011-005-001",
                &Vocabulary::builtin(),
                &mut w,
            );
            let got: Vec<_> = w
                .iter()
                .filter(|w| matches!(w.code, MissingField | UnparsedValue))
                .map(|w| (w.code, w.field))
                .collect();
            let want: Vec<_> = case
                .expected
                .iter()
                .map(|(code, field)| {
                    let path = field.map(|f| FieldPath::indicator(1, IndicatorField::Value(f)));
                    (*code, path)
                })
                .collect();
            let (unit, target, actual) = (case.unit, case.target, case.actual);
            assert_eq!(got, want, "{unit:?} {target:?} {actual:?}");
        }
    }

    #[test]
    fn a_cards_code_and_targets_ocr_doubted_are_flagged_on_their_fields() {
        let doubted = |field, text: &str| crate::layout::DoubtfulValue {
            field,
            text: text.to_string(),
            confidence: 17.0,
        };
        let c = CleanIndicator {
            number: 2,
            kpi: Some("KPI196 TEMPI MEDI".into()),
            doubtful_values: vec![
                doubted(IndicatorField::KpiCode, "KPI196"),
                doubted(IndicatorField::Targets, ">=3Z27"),
                doubted(IndicatorField::Targets, "32"),
            ],
            ..Default::default()
        };
        let mut w = Vec::new();
        build(&c, false, "#5", &Vocabulary::builtin(), &mut w);
        let got: Vec<_> = w
            .iter()
            .filter(|w| w.code == WarningCode::LowConfidence)
            .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
            .collect();
        assert_eq!(got, ["kpi_code", "targets"]);
    }

    #[test]
    fn budget_plan_has_no_actual() {
        let c = CleanIndicator {
            number: 2,
            cells: [(Column::LastObserved, "70"), (Column::Target, "90")].into(),
            ..Default::default()
        };
        let ind = build(
            &c,
            false,
            "011-005-001",
            &Vocabulary::builtin(),
            &mut Vec::new(),
        );
        assert_eq!(ind.last_observed.as_deref(), Some("70"));
        assert_eq!(ind.target.as_deref(), Some("90"));
        assert_eq!(ind.actual, None);
        assert_eq!(ind.achieved, None);
    }

    /// A last observed value of its unit alone lost its number (DEV scan
    /// 227: "47 giorni" read "giorni"); one in words, or a number with
    /// its unit, is a value.
    #[test]
    fn a_last_observed_value_of_its_unit_alone_is_flagged() {
        let last = FieldPath::indicator(4, IndicatorField::Value(ValueField::LastObserved));
        for (observed, unit, flagged) in [
            ("giorni", "giorni", true),
            ("%", "percentuale (%)", true),
            ("47 giorni", "giorni", false),
            ("nuova attività", "giorni", false),
            ("giorni", "numero di giorni", true),
            ("pratiche", "numero", false),
        ] {
            let c = CleanIndicator {
                number: 4,
                cells: [
                    (Column::Unit, unit),
                    (Column::LastObserved, observed),
                    (Column::Target, "30 giorni"),
                ]
                .into(),
                ..Default::default()
            };
            let mut w = Vec::new();
            build(&c, false, "016-005-001", &Vocabulary::builtin(), &mut w);
            let warned = w
                .iter()
                .any(|w| w.code == WarningCode::UnparsedValue && w.field.as_ref() == Some(&last));
            assert_eq!(warned, flagged, "{observed} ({unit}): {w:?}");
        }
    }

    #[test]
    fn a_value_read_from_a_malformed_number_is_flagged() {
        let actual_value = FieldPath::indicator(3, IndicatorField::Value(ValueField::Actual));
        for (actual, value, flagged) in [
            ("Sono state esaminate tutte le 7.8639", "78639", true),
            ("1.85", "1.85", true),
            ("€ 2. 754 24", "2754.24", true),
            ("7.863", "7863", false),
            ("1,85", "1.85", false),
        ] {
            let c = CleanIndicator {
                number: 3,
                cells: [(Column::Actual, actual)].into(),
                ..Default::default()
            };
            let mut w = Vec::new();
            let ind = build(&c, true, "012-004-002", &Vocabulary::builtin(), &mut w);
            let got = ind.actual_value.map(|v| v.to_string());
            assert_eq!(got.as_deref(), Some(value), "{actual}");
            let warned = w.iter().any(|w| {
                w.code == WarningCode::UnparsedValue && w.field.as_ref() == Some(&actual_value)
            });
            assert_eq!(warned, flagged, "{actual}: {w:?}");
        }
        // A malformed number the normalizer rewrote still warns.
        let c = CleanIndicator {
            number: 3,
            cells: [(Column::Actual, "€ 8.825.715,66")].into(),
            rewritten_malformed: vec![(ValueField::Actual, "€ 8825 715,66".into())],
            ..Default::default()
        };
        let mut w = Vec::new();
        build(&c, true, "011-005-001", &Vocabulary::builtin(), &mut w);
        assert!(
            w.iter().any(|w| w.code == WarningCode::UnparsedValue
                && w.field.as_ref() == Some(&actual_value)
                && w.message.contains("8825 715,66")),
            "{w:?}"
        );
    }

    #[test]
    fn a_prose_actual_states_the_number_counted_in_the_targets_words() {
        let actual = "Delle 18 agenzie storiche 15 hanno rinnovato, 3 no. Le nuove agenzie sono 24";
        let c = CleanIndicator {
            number: 2,
            cells: [
                (Column::Unit, "numero"),
                (Column::Target, "almeno 20 nuove agenzie"),
                (Column::Actual, actual),
            ]
            .into(),
            ..Default::default()
        };
        let mut w = Vec::new();
        let ind = build(&c, true, "012-004-005", &Vocabulary::builtin(), &mut w);
        assert_eq!(
            ind.actual_value.map(|v| v.to_string()).as_deref(),
            Some("24")
        );
        assert_eq!(ind.achieved, Some(true));
        assert!(
            !w.iter().any(|w| w.code == WarningCode::UnparsedValue),
            "{w:?}"
        );
    }

    #[test]
    fn a_value_cell_with_several_numbers_is_flagged() {
        struct Case {
            target: &'static str,
            value: Option<&'static str>,
            flagged: bool,
        }
        let cases = [
            Case {
                target: "90%",
                value: Some("90"),
                flagged: false,
            },
            Case {
                target: "almeno 12.000 posizioni",
                value: Some("12000"),
                flagged: false,
            },
            // A speck read as "6;" beside the percentage: the percentage.
            Case {
                target: "6; 90%",
                value: Some("90"),
                flagged: true,
            },
            // No way to tell: the first, flagged.
            Case {
                target: "5 su 8.888 dispositivi",
                value: Some("5"),
                flagged: true,
            },
            // The clause closes on the number it states: no doubt left.
            Case {
                target: "Avviate 4 attività, le imprese coinvolte sono 25",
                value: Some("25"),
                flagged: false,
            },
        ];
        for case in cases {
            let c = CleanIndicator {
                number: 1,
                cells: [(Column::Target, case.target)].into(),
                ..Default::default()
            };
            let mut w = Vec::new();
            let ind = build(&c, false, "011-005-001", &Vocabulary::builtin(), &mut w);
            let value = ind.target_value.map(|v| v.to_string());
            assert_eq!(value.as_deref(), case.value, "{}", case.target);
            let flagged = w.iter().any(|w| {
                let target = FieldPath::indicator(1, IndicatorField::Value(ValueField::Target));
                w.code == WarningCode::UnparsedValue && w.field == Some(target)
            });
            assert_eq!(flagged, case.flagged, "{}: {w:?}", case.target);
        }
    }
}
