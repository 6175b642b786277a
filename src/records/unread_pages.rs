//! Pages that gave no record. A report's table or schede run on from page
//! to page: a page past the first record's that holds about as much text
//! as a page of records, numbers among it, yet gave no record, is one the
//! layout could not read (a header band that gave no columns, rows that
//! gave no cells). Its objectives and indicators are missing, and no
//! other check sees it: nothing read is wrong.
//!
//! The warnings name what may be missing, as far as the records tell:
//! the indicators of the objective read last before the page (it may run
//! on there); where the template numbers its objectives by place (`#N`),
//! the objectives read after the page (their places would be off by the
//! page's) and the places past the last objective read that the page's
//! indicators may fill, as many as its words would make indicators at
//! the rate of the pages read.

use std::collections::BTreeSet;

use crate::layout::PageText;
use crate::model::{Objective, ObjectiveField, Template, Warning, WarningCode};

/// A page with fewer words than this share of a read page's (the
/// median's) is a report's tail (a signature, a note), not a lost page.
const LEAST_SHARE: f32 = 0.5;
/// A page with fewer words holding a digit holds no table of values.
const LEAST_NUMBERS: usize = 5;

/// The warnings on the pages of `pages` that gave none of `objectives`'
/// records.
pub(super) fn warnings(
    pages: &[PageText],
    objectives: &[Objective],
    template: Template,
) -> Vec<Warning> {
    let read: BTreeSet<u32> = objectives
        .iter()
        .flat_map(|o| {
            o.pages
                .iter()
                .copied()
                .chain(o.indicators.iter().map(|i| i.page))
        })
        .collect();
    let Some(&first) = read.first() else {
        return Vec::new();
    };
    let read_pages: Vec<&PageText> = pages.iter().filter(|p| read.contains(&p.page)).collect();
    let mut words: Vec<usize> = read_pages.iter().map(|p| p.words).collect();
    words.sort_unstable();
    let Some(&typical) = words.get(words.len() / 2) else {
        return Vec::new();
    };
    let indicators = objectives.iter().map(|o| o.indicators.len()).sum::<usize>();
    let per_indicator = words.iter().sum::<usize>() as f32 / indicators.max(1) as f32;
    let mut out = Vec::new();
    for page in pages.iter().filter(|p| {
        p.page > first
            && !read.contains(&p.page)
            && p.words as f32 >= LEAST_SHARE * typical as f32
            && p.numbers >= LEAST_NUMBERS
    }) {
        let lost = (page.words as f32 / per_indicator.max(1.0)).ceil() as usize;
        out.extend(on_page(page, objectives, template, lost.max(1)));
    }
    out
}

/// The warnings for one `page` that gave no record, whose text would make
/// about `lost` indicators.
fn on_page(
    page: &PageText,
    objectives: &[Objective],
    template: Template,
    lost: usize,
) -> Vec<Warning> {
    let what = format!(
        "page {} holds {} words ({} with digits) but gave no record",
        page.page, page.words, page.numbers
    );
    let starts_after = |o: &Objective| o.pages.first().is_some_and(|&p| p > page.page);
    let mut out = Vec::new();
    if let Some(before) = objectives.iter().rev().find(|o| !starts_after(o)) {
        out.push(Warning {
            field: Some(ObjectiveField::Indicators.into()),
            ..on(
                before,
                page,
                format!("{what}: indicators of this objective that run on there may be missing"),
            )
        });
    }
    if template.positional_code(1).is_none() {
        return out;
    }
    for after in objectives.iter().filter(|o| starts_after(o)) {
        out.push(on(
            after,
            page,
            format!("{what}: objectives read there would come before this one, whose place-given code may be off"),
        ));
    }
    let places = (objectives.len() + 1..=objectives.len() + lost)
        .filter_map(|place| template.positional_code(place));
    for code in places {
        out.push(Warning {
            objective_code: Some(code),
            ..on_report(
                page,
                format!("{what}: an objective in this place may stand there unread"),
            )
        });
    }
    out
}

/// A warning on objective `o` about `page`.
fn on(o: &Objective, page: &PageText, message: String) -> Warning {
    Warning {
        objective_code: Some(o.code.clone()),
        ..on_report(page, message)
    }
}

/// A warning on the report about `page`.
fn on_report(page: &PageText, message: String) -> Warning {
    Warning {
        code: WarningCode::PageUnread,
        message,
        page: Some(page.page),
        objective_code: None,
        indicator_number: None,
        field: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};
    use crate::model::Indicator;

    /// An objective on `pages`, its indicators on the pages given.
    fn objective(code: &str, pages: &[u32], indicators: &[u32]) -> Objective {
        Objective {
            pages: pages.to_vec(),
            indicators: indicators
                .iter()
                .enumerate()
                .map(|(i, &page)| Indicator {
                    number: i as u32 + 1,
                    page,
                    ..an_indicator()
                })
                .collect(),
            ..an_objective(code)
        }
    }

    fn page(page: u32, words: usize, numbers: usize) -> PageText {
        PageText {
            page,
            words,
            numbers,
        }
    }

    struct Case {
        what: &'static str,
        pages: Vec<PageText>,
        /// The pages of #2 and its indicators (#1 stands on page 1).
        second_on: u32,
        template: Template,
        /// The warnings' (objective, field) places.
        flagged: Vec<(&'static str, Option<&'static str>)>,
    }

    #[test]
    fn a_page_of_text_that_gave_no_record_is_flagged_where_its_records_would_be() {
        // Two objectives of two indicators each, 200 words a page.
        let full = |n| page(n, 200, 30);
        let kpi = Template::KpiTable;
        let cases = [
            Case {
                what: "every page gave a record",
                pages: vec![full(1), full(2)],
                second_on: 2,
                template: kpi,
                flagged: vec![],
            },
            Case {
                what: "a last page nearly as full, read as nothing: 150 words, 2 indicators",
                pages: vec![full(1), full(2), page(3, 150, 20)],
                second_on: 2,
                template: kpi,
                flagged: vec![("#2", Some("indicators")), ("#3", None), ("#4", None)],
            },
            Case {
                what: "a page between two read, read as nothing",
                pages: vec![full(1), page(2, 100, 10), full(3)],
                second_on: 3,
                template: kpi,
                flagged: vec![("#1", Some("indicators")), ("#2", None), ("#3", None)],
            },
            Case {
                what: "a short tail (a signature)",
                pages: vec![full(1), full(2), page(3, 60, 3)],
                second_on: 2,
                template: kpi,
                flagged: vec![],
            },
            Case {
                what: "a page of prose with few numbers",
                pages: vec![full(1), full(2), page(3, 200, 4)],
                second_on: 2,
                template: kpi,
                flagged: vec![],
            },
            Case {
                what: "a cover before the first record",
                pages: vec![page(1, 300, 40), full(2), full(3)],
                second_on: 3,
                template: kpi,
                flagged: vec![],
            },
            Case {
                what: "schede carry their codes: no place to name",
                pages: vec![full(1), full(2), page(3, 150, 20)],
                second_on: 2,
                template: Template::Scheda,
                flagged: vec![("#2", Some("indicators"))],
            },
        ];
        for case in cases {
            let first_on = if case.what.contains("cover") { 2 } else { 1 };
            let objectives = [
                objective("#1", &[first_on], &[first_on, first_on]),
                objective("#2", &[case.second_on], &[case.second_on, case.second_on]),
            ];
            let found = warnings(&case.pages, &objectives, case.template);
            let places: Vec<(&str, Option<String>)> = found
                .iter()
                .map(|w| {
                    (
                        w.objective_code.as_deref().unwrap_or("report"),
                        w.field.as_ref().map(|f| f.name().into_owned()),
                    )
                })
                .collect();
            let expected: Vec<(&str, Option<String>)> = case
                .flagged
                .iter()
                .map(|(code, field)| (*code, field.map(str::to_string)))
                .collect();
            assert_eq!(places, expected, "{}", case.what);
            assert!(found.iter().all(|w| w.code == WarningCode::PageUnread));
        }
    }
}
