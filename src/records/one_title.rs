//! An objective of a wide table that may hold two of one title: where the
//! table repeats the objective's cell on each row, nothing on the page
//! parts two neighbours of one title, and the layout reads them as one
//! ([`crate::layout::OneTitle`] says why it doubts it). The objective is
//! flagged on its indicators: some may be the second objective's, and the
//! later objectives' `#N` codes would then be one off.

use crate::layout::OneTitle;
use crate::model::{Objective, ObjectiveField, Warning, WarningCode};

/// The warning on an objective the layout doubts is one.
pub(super) fn warning(o: &Objective, doubt: OneTitle) -> Warning {
    let why = match doubt {
        OneTitle::SameIndicator(a, b) => {
            format!("indicators {a} and {b} are the same indicator")
        }
        OneTitle::MoreThan(most) => format!(
            "it holds {} indicators, more than any objective whose title is its own ({most}), and another objective has its title",
            o.indicators.len()
        ),
    };
    Warning {
        code: WarningCode::CodeMismatch,
        message: format!(
            "may be two objectives of one title read as one ({why}): the table repeats the objective's cell on each row, and nothing parts two neighbours of one title; the later #N codes would be one off"
        ),
        page: o.pages.first().copied(),
        objective_code: Some(o.code.clone()),
        indicator_number: None,
        field: Some(ObjectiveField::Indicators.into()),
    }
}
