//! Objectives of a wide table that may hold two of one title: where the
//! table repeats the objective's cell on each row, nothing on the page
//! parts two neighbours of one title, and the layout reads them as one
//! ([`crate::layout::OneTitle`] says why it doubts it). An objective in
//! doubt is flagged on its indicators: some may be the second
//! objective's, and the later objectives' `#N` codes would then be one
//! off. The objectives whose title is given more than once, with nothing
//! more to tell, are named together in one warning on the report.

use crate::layout::OneTitle;
use crate::model::{Objective, ObjectiveField, Warning, WarningCode};

/// Why nothing parts two neighbours of one title, for the messages.
const NOTHING_PARTS: &str = "the table repeats the objective's cell on each row, and nothing parts two neighbours of one title";

/// The warning on an objective the layout doubts is one; None where it
/// has nothing against it but its title given twice.
pub(super) fn on_objective(o: &Objective, doubt: OneTitle) -> Option<Warning> {
    let why = match doubt {
        OneTitle::SameIndicator(a, b) => {
            format!("indicators {a} and {b} are the same indicator")
        }
        OneTitle::MoreThan(most) => format!(
            "it holds {} indicators, more than any objective whose title is its own ({most}), and another objective has its title",
            o.indicators.len()
        ),
        OneTitle::Shared => return None,
    };
    Some(Warning {
        code: WarningCode::CodeMismatch,
        message: format!(
            "may be two objectives of one title read as one ({why}): {NOTHING_PARTS}; the later #N codes would be one off"
        ),
        page: o.pages.first().copied(),
        objective_code: Some(o.code.clone()),
        indicator_number: None,
        field: Some(ObjectiveField::Indicators.into()),
    })
}

/// The warning on the report naming its objectives whose title is given
/// more than once and that nothing else marks (`codes`), where any.
pub(super) fn on_report(codes: &[String]) -> Option<Warning> {
    if codes.is_empty() {
        return None;
    }
    Some(Warning {
        code: WarningCode::CodeMismatch,
        message: format!(
            "{} objectives of several indicators ({}) have a title another objective has too: any of them may be two objectives of one title read as one, since {NOTHING_PARTS}",
            codes.len(),
            codes.join(", ")
        ),
        page: None,
        objective_code: None,
        indicator_number: None,
        field: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};

    fn objective(code: &str, indicators: usize) -> Objective {
        Objective {
            indicators: vec![an_indicator(); indicators],
            ..an_objective(code)
        }
    }

    #[test]
    fn a_doubted_objective_is_warned_on_its_indicators_a_shared_title_on_the_report() {
        let o = objective("#7", 6);
        let w = on_objective(&o, OneTitle::MoreThan(4)).map(|w| (w.objective_code, w.field));
        assert_eq!(
            w,
            Some((Some("#7".into()), Some(ObjectiveField::Indicators.into())))
        );
        assert!(on_objective(&o, OneTitle::Shared).is_none());
        let report = on_report(&["#3".into(), "#7".into()]).map(|w| (w.objective_code, w.message));
        assert!(report.is_some_and(|(code, m)| code.is_none() && m.contains("#3, #7")));
        assert!(on_report(&[]).is_none());
    }
}
