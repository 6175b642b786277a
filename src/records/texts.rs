//! Texts that hold more, or less, than their field: a phrase read twice
//! (a cell spanning rows, read once per row), a mission's or programme's
//! code inside a name (the next row's code and name run on), the start of
//! a label at a text's end (the next block's label read into the value),
//! a text cut off after an article or a preposition, a lone "I" or "l"
//! where an algorithm's "/" stood, an indicator code with more digits
//! than any other of the report's, and one whose first digit OCR read as
//! a stroke ("KP1I92" read back as "KPI192": the prefix's I may have been
//! read twice). Each is flagged on its field, and where
//! the text says which other field lost its part, on that one too.

use std::sync::LazyLock;

use regex::Regex;

use super::indicator::warn;
use super::plausible::{indicator_text, is_filled, objective_text, on_objective, OBJECTIVE_TEXT};
use crate::model::{
    Column, CorrectionRule, FieldPath, Indicator, IndicatorField, Objective, ObjectiveField,
    Report, Warning, WarningCode,
};
use crate::vocab::{fold, fold_into, Label, Vocabulary};
use crate::{FastMap, FastSet};

/// A mission's or programme's code standing alone: "016", "005".
static BUDGET_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(0[0-9]{2})(?:\s|$)").expect("valid regex"));
/// An indicator code's digits.
static KPI_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z]+\s?([0-9]+)$").expect("valid regex"));
/// The fewest words a run must have to count as a phrase read twice.
const REPEAT_MIN: usize = 3;
/// How many of a text's last words a label's start is looked for in.
const LABEL_TAIL: usize = 2;
/// The fewest codes a report must have for one to be judged by the others.
const CODES_MIN: usize = 5;
/// Words that never end an Italian phrase: articles, prepositions (simple
/// and joined with an article) and conjunctions.
pub(super) const OPEN_ENDS: &[&str] = &[
    "di", "del", "della", "dello", "dei", "degli", "delle", "a", "al", "alla", "allo", "ai",
    "agli", "alle", "da", "dal", "dalla", "dai", "dagli", "dalle", "in", "nel", "nella", "nei",
    "negli", "nelle", "con", "su", "sul", "sulla", "sui", "sugli", "sulle", "per", "tra", "fra",
    "e", "ed", "il", "lo", "la", "gli", "le", "un", "uno", "una",
];
/// The indicator texts judged for a phrase cut off or read twice.
const INDICATOR_PHRASES: [IndicatorField; 4] = [
    IndicatorField::Title,
    IndicatorField::Measures,
    IndicatorField::Cell(Column::Algorithm),
    IndicatorField::Cell(Column::DataSource),
];

/// Adds to `found` the warnings of texts that hold more or less than
/// their field.
pub(super) fn check(report: &Report, vocab: &Vocabulary, found: &mut Vec<Warning>) {
    let mut judged = Judged::default();
    for (i, o) in report.objectives.iter().enumerate() {
        objective_texts(o, vocab, &mut judged, found);
        let next = report.objectives.get(i + 1);
        for ind in &o.indicators {
            indicator_texts(o, ind, &mut judged, found);
            indicator_labels(o, next, ind, vocab, &mut judged, found);
            header_in_values(o, ind, vocab, found);
        }
    }
    kpi_codes(&report.objectives, found);
    kpi_strokes(report, found);
}

/// What each distinct text was found to be: a table repeats its texts
/// row after row (a cell spanning rows, an indicator set under several
/// objectives), and each is judged once.
#[derive(Default)]
struct Judged<'r> {
    phrases: FastMap<&'r str, Option<String>>,
    labels: FastMap<&'r str, Option<Label>>,
}

impl<'r> Judged<'r> {
    /// [`phrase_doubt`], remembered.
    fn phrase_doubt(&mut self, text: &'r str) -> Option<String> {
        self.phrases
            .entry(text)
            .or_insert_with(|| phrase_doubt(text))
            .clone()
    }

    /// [`label_around`], remembered.
    fn label_around(&mut self, text: &'r str, vocab: &Vocabulary) -> Option<Label> {
        *self
            .labels
            .entry(text)
            .or_insert_with(|| label_around(text, vocab))
    }
}

fn objective_texts<'r>(
    o: &'r Objective,
    vocab: &Vocabulary,
    judged: &mut Judged<'r>,
    found: &mut Vec<Warning>,
) {
    for f in OBJECTIVE_TEXT.into_iter().filter(|f| !is_code(*f)) {
        let Some(text) = objective_text(o, f) else {
            continue;
        };
        if let Some(why) = judged.phrase_doubt(text) {
            let message = format!("its {f} {text:?} {why}");
            found.push(on_objective(o, f, WarningCode::ImplausibleValue, message));
        }
        if let Some(inner) = BUDGET_CODE.captures(text).and_then(|c| c.get(1)) {
            budget_code_inside(o, f, text, inner.as_str(), found);
        }
        if let Some(label) = label_at_end(text, vocab) {
            label_inside(o, f, text, label, found);
        }
    }
    resources_label(o, vocab, found);
}

/// The last resource line's description ending with a label ("... progetto
/// 10 I N. INDICATORI"): the next block's label was read into the
/// resources, and the field it opens, where empty, lost its value with it.
/// The field is flagged; the description alone (no amount in doubt) is not.
fn resources_label(o: &Objective, vocab: &Vocabulary, found: &mut Vec<Warning>) {
    let Some(text) = o.resources.last().map(|r| r.description.as_str()) else {
        return;
    };
    let Some(opened) = label_at_end(text, vocab)
        .and_then(label_field)
        .filter(|&x| x != ObjectiveField::Resources && !is_filled(o, x))
    else {
        return;
    };
    let message = format!(
        "no {opened} found, and the resources' last description {text:?} ends with its label: its value lost?"
    );
    found.push(on_objective(o, opened, WarningCode::MissingField, message));
}

fn indicator_texts<'r>(
    o: &Objective,
    ind: &'r Indicator,
    judged: &mut Judged<'r>,
    found: &mut Vec<Warning>,
) {
    for f in INDICATOR_PHRASES {
        let Some(text) = indicator_text(ind, f) else {
            continue;
        };
        let why = judged.phrase_doubt(text).or_else(|| {
            (f == IndicatorField::Cell(Column::Algorithm))
                .then(|| operator_slip(text))
                .flatten()
        });
        if let Some(why) = why {
            let message = format!("its {f} {text:?} {why}");
            found.push(warn(
                ind,
                &o.code,
                WarningCode::ImplausibleValue,
                message,
                Some(f),
            ));
        }
    }
}

/// An indicator text holding a label wrapped around its value ("...
/// Centro di DIRIGENTE AREA ... responsabilità"): the next block's label
/// and value read into the text. The text is flagged, and the field the
/// label opens where it is empty in the objective or the next one (the
/// block may open the next card).
fn indicator_labels<'r>(
    o: &Objective,
    next: Option<&Objective>,
    ind: &'r Indicator,
    vocab: &Vocabulary,
    judged: &mut Judged<'r>,
    found: &mut Vec<Warning>,
) {
    for f in INDICATOR_PHRASES {
        let Some(text) = indicator_text(ind, f) else {
            continue;
        };
        let Some(label) = judged.label_around(text, vocab) else {
            continue;
        };
        let message = format!(
            "its {f} {text:?} holds a label's words around a value: the next block's label and value read into it?"
        );
        found.push(warn(
            ind,
            &o.code,
            WarningCode::ImplausibleValue,
            message.clone(),
            Some(f),
        ));
        let Some(opened) = label_field(label) else {
            continue;
        };
        for x in std::iter::once(o).chain(next) {
            if !is_filled(x, opened) {
                let m = format!("indicator {} of {}: {message}", ind.number, o.code);
                found.push(on_objective(x, opened, WarningCode::MissingField, m));
            }
        }
    }
}

/// A value cell that opens with its column's header word ("OSSERVATo
/// 2.417" under "Ultimo valore osservato"): the header's wrapped last
/// line read into the table's first row. Flagged on the cell.
fn header_in_values(o: &Objective, ind: &Indicator, vocab: &Vocabulary, found: &mut Vec<Warning>) {
    for column in [Column::LastObserved, Column::Target, Column::Actual] {
        let f = IndicatorField::Cell(column);
        let Some(text) = indicator_text(ind, f) else {
            continue;
        };
        let first = text.split_whitespace().next().unwrap_or_default();
        let bare = first.trim_matches(|c: char| !c.is_alphanumeric());
        if vocab.opens_column_word(bare, column) {
            let message = format!(
                "its {f} {text:?} opens with {bare:?}, a word of its column's header: the header read into the value?"
            );
            found.push(warn(
                ind,
                &o.code,
                WarningCode::ImplausibleValue,
                message,
                Some(f),
            ));
        }
    }
}

/// The label whose words stand around a value at a text's end: its first
/// words at a word opening with a capital, its last ones ending the text
/// ("Centro di DIRIGENTE AREA ... responsabilità"), as OCR reads a label
/// wrapped beside its value.
fn label_around(text: &str, vocab: &Vocabulary) -> Option<Label> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.len();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // Where a label may open, asked once for every tail tried.
    let opens: Vec<usize> = (0..n.saturating_sub(1))
        .filter(|&i| capital(words[i]) && vocab.may_open_label(words[i]))
        .collect();
    (1..=LABEL_TAIL.min(n)).find_map(|tail| {
        let end = n - tail;
        opens
            .iter()
            .copied()
            .take_while(|&i| i < end)
            .find_map(|i| {
                // At least one word of value between the label's parts; at
                // least three words in the label.
                (1..=LABEL_TAIL)
                    .take_while(|head| i + head < end)
                    .filter(|head| head + tail >= 3)
                    .find_map(|head| {
                        let joined: Vec<&str> = words[i..i + head]
                            .iter()
                            .chain(&words[end..])
                            .copied()
                            .collect();
                        let m = vocab.template_label_at_start(&joined)?;
                        (m.words == joined.len()).then_some(m.label)
                    })
            })
    })
}

/// The objective field a label opens, where it is one a text can lose.
fn label_field(label: Label) -> Option<ObjectiveField> {
    match label {
        Label::Resources | Label::Allocations => Some(ObjectiveField::Resources),
        Label::ResponsibilityCentre | Label::Responsible => {
            Some(ObjectiveField::ResponsibilityCentre)
        }
        Label::Title | Label::Objective => Some(ObjectiveField::Title),
        Label::TimeFrame => Some(ObjectiveField::TimeFrame),
        Label::DeclaredIndicators => Some(ObjectiveField::DeclaredIndicators),
        _ => None,
    }
}

fn is_code(f: ObjectiveField) -> bool {
    matches!(
        f,
        ObjectiveField::MissionCode | ObjectiveField::ProgrammeCode
    )
}

/// Why a phrase is not whole: part of it read twice, or cut off after a
/// word no phrase ends with.
fn phrase_doubt(text: &str) -> Option<String> {
    // The words folded into one buffer, each its end there.
    let mut folded = String::with_capacity(text.len());
    let ends: Vec<usize> = text
        .split_whitespace()
        .map(|w| {
            fold_into(w, &mut folded);
            folded.len()
        })
        .collect();
    let starts = std::iter::once(0).chain(ends.iter().copied());
    let words: Vec<&str> = starts.zip(&ends).map(|(a, &b)| &folded[a..b]).collect();
    if let Some(run) = repeated_run(&words) {
        return Some(format!(
            "holds {run:?} twice: a cell read once per row it spans?"
        ));
    }
    let last = words.last()?;
    (words.len() > 1 && OPEN_ENDS.contains(last))
        .then(|| format!("ends with {last:?}: its end may be cut off"))
}

/// The first run of at least [`REPEAT_MIN`] words, two of them more
/// than articles and prepositions, that the text holds twice.
fn repeated_run(words: &[&str]) -> Option<String> {
    // A run held twice opens with a word held twice: most texts hold
    // none, and are told apart without comparing every two places.
    let mut seen = FastSet::default();
    if words.iter().all(|w| seen.insert(*w)) {
        return None;
    }
    let n = words.len();
    (0..n).find_map(|start| {
        (start + REPEAT_MIN..=n).find_map(|again| {
            let len = words[again..]
                .iter()
                .zip(&words[start..again])
                .take_while(|(a, b)| a == b)
                .count();
            let run = &words[again..again + len];
            let content = run.iter().filter(|w| !OPEN_ENDS.contains(w)).count();
            (len >= REPEAT_MIN && content >= 2).then(|| run.join(" "))
        })
    })
}

/// A mission's or programme's code inside a text: the next row's code and
/// name read into it. The text is flagged; where the code inside is not
/// the objective's own, so is the code of the text's pair (a name's code),
/// which may be the neighbour's.
fn budget_code_inside(
    o: &Objective,
    f: ObjectiveField,
    text: &str,
    inner: &str,
    found: &mut Vec<Warning>,
) {
    let message =
        format!("its {f} {text:?} holds the code {inner:?}: a neighbouring row's code and name?");
    let pair = match f {
        ObjectiveField::MissionName => Some(ObjectiveField::MissionCode),
        ObjectiveField::ProgrammeName => Some(ObjectiveField::ProgrammeCode),
        _ => None,
    };
    let pair = pair.filter(|&p| objective_text(o, p).is_some_and(|own| own != inner));
    flag_text_and(
        o,
        f,
        message,
        pair.map(|p| (p, WarningCode::ImplausibleValue)),
        found,
    );
}

/// A text flagged for holding a neighbour's words, and `also` the field
/// those words belong to, which may have lost or changed its own text.
fn flag_text_and(
    o: &Objective,
    f: ObjectiveField,
    message: String,
    also: Option<(ObjectiveField, WarningCode)>,
    found: &mut Vec<Warning>,
) {
    let warning = on_objective(o, f, WarningCode::ImplausibleValue, message);
    let other = also.map(|(other, code)| on_objective(o, other, code, warning.message.clone()));
    found.push(warning);
    found.extend(other);
}

/// The label whose start a text's last words spell, printed as a label
/// ("Segretario Generale Stanziamenti in"): the next block's label read
/// into the value. A text in capitals is a title, not a label's row.
fn label_at_end(text: &str, vocab: &Vocabulary) -> Option<Label> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || !text.chars().any(char::is_lowercase) {
        return None;
    }
    let from = words.len().saturating_sub(LABEL_TAIL).max(1);
    (from..words.len()).find_map(|i| {
        let opens_label = words[i].chars().next().is_some_and(char::is_uppercase);
        let m = vocab.template_label_at_start(&words[i..])?;
        let rest = &words[i + m.words..];
        let whole = rest.iter().all(|w| OPEN_ENDS.contains(&fold(w).as_str()));
        (opens_label && whole && m.words + rest.len() == words.len() - i).then_some(m.label)
    })
}

/// A label read into a text: the text is flagged, and the field the label
/// opens, where it is one of the objective's, may have lost its text.
fn label_inside(
    o: &Objective,
    f: ObjectiveField,
    text: &str,
    label: Label,
    found: &mut Vec<Warning>,
) {
    let message =
        format!("its {f} {text:?} ends with a label's words: the next block's label read into it?");
    let opened = label_field(label).filter(|&opened| opened != f);
    flag_text_and(
        o,
        f,
        message,
        opened.map(|x| (x, WarningCode::AmbiguousCells)),
        found,
    );
}

/// A lone "I" or "l" between an algorithm's words in small letters ("a I
/// b"): OCR's reading of the "/" of a ratio.
fn operator_slip(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let small = |w: &&str| !w.chars().any(char::is_uppercase);
    words.windows(3).find_map(|w| {
        (matches!(w[1], "I" | "l") && small(&w[0]) && small(&w[2]))
            .then(|| format!("holds a lone {:?} between words: a \"/\" misread?", w[1]))
    })
}

/// Indicator codes with more digits than any other of the report's
/// ("KPI1261" among "KPI9" to "KPI308"): a mark read as a digit.
fn kpi_codes(objectives: &[Objective], found: &mut Vec<Warning>) {
    let digits = |ind: &Indicator| {
        let code = ind.kpi_code.as_deref()?;
        KPI_DIGITS
            .captures(code)
            .and_then(|c| c.get(1))
            .map(|d| d.as_str().len())
    };
    let all: Vec<(&Objective, &Indicator, usize)> = objectives
        .iter()
        .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
        .filter_map(|(o, i)| Some((o, i, digits(i)?)))
        .collect();
    if all.len() < CODES_MIN {
        return;
    }
    for (o, ind, n) in &all {
        let others = all
            .iter()
            .filter(|(_, i, _)| !std::ptr::eq(*i, *ind))
            .map(|(_, _, m)| *m)
            .max()
            .unwrap_or(0);
        if *n > others {
            let code = ind.kpi_code.as_deref().unwrap_or_default();
            let message = format!(
                "its code {code:?} has more digits than any other code of the report: a mark read as a digit?"
            );
            found.push(warn(
                ind,
                &o.code,
                WarningCode::ImplausibleValue,
                message,
                Some(IndicatorField::KpiCode),
            ));
        }
    }
}

/// Indicator codes read back from OCR's letters whose first digit was a
/// stroke ("KP1I92", "KPII92" -> "KPI192"): the stroke may be the
/// prefix's I read twice, the code one digit short ("KPI92").
fn kpi_strokes(report: &Report, found: &mut Vec<Warning>) {
    for c in report
        .corrections
        .iter()
        .filter(|c| c.rule == CorrectionRule::LetterConfusion)
    {
        let FieldPath::Indicator {
            number,
            field: IndicatorField::KpiCode,
        } = c.field
        else {
            continue;
        };
        if !first_digit_a_stroke(&c.raw, &c.corrected) {
            continue;
        }
        // The correction names no objective where the template gives no
        // codes: its indicator is the one of that number holding the code.
        let Some((o, ind)) = report
            .objectives
            .iter()
            .filter(|o| c.objective_code.as_ref().is_none_or(|code| *code == o.code))
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
            .find(|(_, i)| i.number == number && i.kpi_code.as_deref() == Some(&c.corrected))
        else {
            continue;
        };
        let message = format!(
            "its code {:?} was read as {:?}: its first digit may be a stroke of the prefix's I read twice",
            c.corrected, c.raw
        );
        found.push(warn(
            ind,
            &o.code,
            WarningCode::ImplausibleValue,
            message,
            Some(IndicatorField::KpiCode),
        ));
    }
}

/// Whether a code's first digit (after its prefix of letters) was read
/// as a stroke: an I, l, | or ! where the code has a 1.
fn first_digit_a_stroke(raw: &str, code: &str) -> bool {
    let at = code.chars().take_while(char::is_ascii_alphabetic).count();
    let read = raw.chars().nth(at);
    code.chars().nth(at) == Some('1')
        && read.is_some_and(|c| matches!(c, 'I' | 'i' | 'l' | '|' | '!'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};
    use crate::model::ResourceLine;

    #[test]
    fn phrases_read_twice_or_cut_off_are_flagged() {
        let cases = [
            ("Regolazione dei mercati 012 Regolazione dei mercati", true),
            ("FORMAZIONE DEL PERSONALE FORMAZIONE DEL PERSONALE", true),
            ("Ispezioni di vigilanza sulla sicurezza dei", true),
            ("Ispezioni di vigilanza sulla sicurezza dei prodotti", false),
            ("giudizi positivi / questionari compilati", false),
            ("numero pratiche / numero pratiche evase", false),
            ("e-commerce", false),
            (
                "Dirigenti e responsabili di Servizio e Responsabili di ufficio",
                false,
            ),
        ];
        for (text, flagged) in cases {
            assert_eq!(phrase_doubt(text).is_some(), flagged, "{text}");
        }
    }

    #[test]
    fn a_code_inside_a_name_flags_it_and_a_code_it_contradicts() {
        let o = Objective {
            programme_code: Some("005".into()),
            programme_name: Some("Promozione e attuazione 004 Vigilanza sui mercati".into()),
            mission_code: Some("012".into()),
            mission_name: Some("Regolazione dei mercati".into()),
            ..an_objective("#2")
        };
        let mut found = Vec::new();
        objective_texts(
            &o,
            &Vocabulary::builtin(),
            &mut Judged::default(),
            &mut found,
        );
        let fields: Vec<String> = found
            .iter()
            .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
            .collect();
        assert_eq!(fields, ["programme_name", "programme_code"]);
    }

    #[test]
    fn a_label_at_a_texts_end_flags_it_and_the_labels_field() {
        let vocab = Vocabulary::builtin();
        assert_eq!(
            label_at_end("Segretario Generale Stanziamenti in", &vocab),
            Some(Label::Allocations)
        );
        assert_eq!(label_at_end("Segretario Generale", &vocab), None);
        assert_eq!(label_at_end("RAGGIUNGIMENTO DEL TARGET", &vocab), None);
        assert_eq!(label_at_end("Dirigente area promozione", &vocab), None);
    }

    /// DEV scheda scan 308: the header's wrapped "OSSERVATO" read into
    /// the first row's last observed value.
    #[test]
    fn a_value_opening_with_its_headers_word_is_flagged() {
        let vocab = Vocabulary::builtin();
        // (last observed, target, actual; fields flagged)
        let cases = [
            (Some("OSSERVATo 2.417"), None, None, vec!["last_observed"]),
            (
                Some("OSSERVAT nuova attività"),
                None,
                None,
                vec!["last_observed"],
            ),
            (None, None, Some("CONSUNTIVO 91,73%"), vec!["actual"]),
            (Some("2.417"), Some(">= 2.500"), Some("2.600"), vec![]),
            (
                Some("nuova attività"),
                Some("Realizzazione"),
                Some("SI"),
                vec![],
            ),
            // Another column's header word is no sign.
            (None, Some("CONSUNTIVO 5"), None, vec![]),
        ];
        for (last, target, actual, want) in cases {
            let ind = Indicator {
                last_observed: last.map(str::to_string),
                target: target.map(str::to_string),
                actual: actual.map(str::to_string),
                ..an_indicator()
            };
            let o = an_objective("#1");
            let mut found = Vec::new();
            header_in_values(&o, &ind, &vocab, &mut found);
            let fields: Vec<String> = found
                .iter()
                .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
                .collect();
            assert_eq!(fields, want, "{last:?} {target:?} {actual:?}");
        }
    }

    #[test]
    fn a_lone_letter_between_an_algorithms_words_is_flagged() {
        assert!(operator_slip("pratiche critiche 2021 I pratiche critiche 2020").is_some());
        assert!(operator_slip("giudizi positivi l questionari").is_some());
        assert!(operator_slip("giudizi positivi / questionari").is_none());
        assert!(operator_slip("NUMERO DI PRATICHE I TEMPI").is_none());
    }

    #[test]
    fn a_code_longer_than_all_others_is_flagged() {
        let coded = |number: u32, code: &str| Indicator {
            number,
            kpi_code: Some(code.into()),
            ..an_indicator()
        };
        let o = Objective {
            indicators: vec![
                coded(1, "KPI9"),
                coded(2, "KPI213"),
                coded(3, "KPIM308"),
                coded(4, "KPI1261"),
                coded(5, "KPI45"),
            ],
            ..an_objective("#1")
        };
        let mut found = Vec::new();
        kpi_codes(std::slice::from_ref(&o), &mut found);
        let numbers: Vec<u32> = found.iter().filter_map(|w| w.indicator_number).collect();
        assert_eq!(numbers, [4]);
    }
    #[test]
    fn a_codes_first_digit_read_as_a_stroke_is_flagged() {
        assert!(first_digit_a_stroke("KP1I92", "KPI192"));
        assert!(first_digit_a_stroke("KPIl92", "KPI192"));
        assert!(first_digit_a_stroke("KPIMI01", "KPIM101"));
        // The stroke read is the prefix's, or a later digit's.
        assert!(!first_digit_a_stroke("KP1192", "KPI192"));
        assert!(!first_digit_a_stroke("KPI2l6", "KPI216"));
        assert!(!first_digit_a_stroke("KPI3O7", "KPI307"));
    }

    #[test]
    fn a_label_wrapped_around_a_value_in_a_text_is_found() {
        let vocab = Vocabulary::builtin();
        let around = |t: &str| label_around(t, &vocab);
        assert_eq!(
            around("media dei giorni Centro di DIRIGENTE AREA AMMINISTRATIVA responsabilità"),
            Some(Label::ResponsibilityCentre)
        );
        assert_eq!(
            around("importo Centro di Segretario Generale responsabilità"),
            Some(Label::ResponsibilityCentre)
        );
        assert_eq!(around("media ponderata dei giorni di pagamento"), None);
        assert_eq!(around("Centro di responsabilità"), None, "no value between");
        assert_eq!(around("pratiche del Centro servizi camerali evase"), None);
    }

    #[test]
    fn a_count_label_read_into_the_resources_flags_the_count_it_left_empty() {
        let vocab = Vocabulary::builtin();
        // DEV scan 121: the boxed count lost, its label's line read on
        // into the last resource's description ("I N. INDICATORI").
        let line = ResourceLine {
            amount: "49845.00".parse().unwrap_or_default(),
            amount_raw: "€ 49.845,00".into(),
            uncertain: false,
            account: Some("330001".into()),
            budget: None,
            line: None,
            project: None,
            description: "conto 330001 - linea 1, punto 2, progetto 10 “Fondo di \
                          perequazione” I N. INDICATORI"
                .into(),
            page: 5,
            year: None,
            budget_item: None,
        };
        let mut o = Objective {
            resources: vec![line],
            ..an_objective("016-005-001")
        };
        let fields = |o: &Objective| {
            let mut found = Vec::new();
            resources_label(o, &vocab, &mut found);
            found
                .iter()
                .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(&o), ["declared_indicators"]);
        o.declared_indicators = Some(2);
        assert!(fields(&o).is_empty(), "the count was read: nothing lost");
    }

    #[test]
    fn a_label_read_into_an_indicator_text_flags_the_field_it_left_empty() {
        let vocab = Vocabulary::builtin();
        let mut swallowed = an_indicator();
        swallowed.algorithm =
            Some("importo stanziato Centro di Segretario Generale responsabilità".into());
        let o = Objective {
            responsibility_centre: Some("Segretario Generale".into()),
            indicators: vec![swallowed],
            ..an_objective("#4")
        };
        let next = an_objective("#5");
        let mut found = Vec::new();
        indicator_labels(
            &o,
            Some(&next),
            &o.indicators[0],
            &vocab,
            &mut Judged::default(),
            &mut found,
        );
        let places: Vec<(Option<&str>, String)> = found
            .iter()
            .map(|w| {
                let field = w.field.as_ref().map(|f| f.name().to_string());
                (w.objective_code.as_deref(), field.unwrap_or_default())
            })
            .collect();
        assert_eq!(
            places,
            [
                (Some("#4"), "algorithm".to_string()),
                (Some("#5"), "responsibility_centre".to_string())
            ]
        );
    }
}
