//! What a report says it is: a final account or a budget plan, as its
//! heading or running line names it ("P.I.R.A. 2021 - Rendicontazione",
//! "Allegato al Bilancio preventivo 2020"; the phrases are the
//! vocabulary's `[report_kinds]`).
//!
//! The table headers say it too, by the actual value's column, but OCR
//! garbles them: "Valori consuntivi" read "OTORIVI", a header cell wrapped
//! over three lines, debris from a cell's edge read as "a", the one short
//! word of "Valore a consuntivo". Where the report names its own kind,
//! that decides what such headers leave open. Prose is not looked at: a
//! final account's preamble may name the budget plan it accounts for.

use super::Line;
use crate::model::ReportKind;
use crate::vocab::Vocabulary;

/// The most words a heading holds: more is a line of prose.
const HEADING_WORDS: usize = 10;

/// The kind the report's running lines and the headings of its first
/// page name; None when they name none, or both.
pub(super) fn named(running: &[Line], preamble: &[Line], vocab: &Vocabulary) -> Option<ReportKind> {
    let first_page = preamble.first().map(|l| l.page);
    let headings = preamble
        .iter()
        .filter(|l| Some(l.page) == first_page && is_heading(l));
    let mut kinds = running.iter().chain(headings).filter_map(|l| {
        let words: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
        vocab.kind_named(&words)
    });
    let first = kinds.next()?;
    kinds.all(|k| k == first).then_some(first)
}

/// Whether a line reads as a heading, not as a line of prose: a few
/// words, opening with no small letter, ending with no stop or comma.
fn is_heading(line: &Line) -> bool {
    let opens_small = line
        .text
        .chars()
        .find(|c| c.is_alphabetic())
        .is_none_or(char::is_lowercase);
    let ends_clause = line.text.trim_end().ends_with(['.', ',', ';', ':']);
    line.words.len() <= HEADING_WORDS && !opens_small && !ends_clause
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::test_lines::from_text as lines;

    #[test]
    fn a_heading_names_the_kind_and_prose_does_not() {
        let vocab = Vocabulary::builtin();
        for (preamble, kind) in [
            (
                "Camera di Commercio di Bari\n\nRendicontazione al 31/12/2023 - Allegato al Bilancio d'esercizio 2023\n",
                Some(ReportKind::FinalAccount),
            ),
            (
                "Camera di Commercio di Lecce\nAllegato al Bilancio preventivo 2020\n",
                Some(ReportKind::BudgetPlan),
            ),
            // The sample's preamble: prose naming the budget plan.
            (
                "IL PIANO DEGLI INDICATORI E DEI RISULTATI ATTESI DEL BILANCIO 2020\n\nCome indicato nella Relazione della Giunta al Bilancio preventivo 2020 gli obiettivi\nsinteticamente illustrati nel P.I.R.A. sono stati impostati\n",
                None,
            ),
            ("gli indicatori con il valore a consuntivo.\n", None),
            (
                "Relazione sui risultati - Bilancio preventivo 2020\n",
                None,
            ),
        ] {
            assert_eq!(named(&[], &lines(preamble), &vocab), kind, "{preamble}");
        }
    }

    #[test]
    fn a_running_line_names_the_kind_whatever_its_length() {
        let vocab = Vocabulary::builtin();
        let running = lines(
            "Camera di Commercio di Livorno - Piano degli indicatori e dei risultati attesi - P.I.R.A. 2021 - Rendicontazione\n",
        );
        assert_eq!(named(&running, &[], &vocab), Some(ReportKind::FinalAccount));
    }
}
