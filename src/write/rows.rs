//! The rows of the run-wide tables, as typed cells: the one definition of
//! each table's cell values, shared by the CSV writer (which renders every
//! cell as text, as the JSON writes it) and the xlsx writer (which writes
//! numbers, percentages, euro amounts and booleans as typed cells).
//!
//! The columns are [`Table::columns`]; every row has one cell per column.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::Table;
use crate::model::{
    Correction, FieldPath, Indicator, Objective, Report, ResourceLine, ValueKind, Warning,
};

/// One cell of a run-wide table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Null: an empty cell.
    Empty,
    /// Text, written as it is (codes such as "011" stay text).
    Text(Cow<'a, str>),
    /// A number with no unit.
    Decimal(Decimal),
    /// A number of percent (`97.40` for 97,40%).
    Percent(Decimal),
    /// A euro amount.
    Euro(Decimal),
    /// A whole number: a year, a page, a count.
    Integer(i64),
    Bool(bool),
}

impl Cell<'_> {
    /// The cell as the CSV writes it, which is as the JSON writes the value:
    /// null is empty, decimals keep the scale the document wrote (percent as
    /// the number of percent), booleans are `true`/`false`.
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Decimal(d) | Cell::Percent(d) | Cell::Euro(d) => Cow::Owned(d.to_string()),
            Cell::Integer(n) => Cow::Owned(n.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }
}

/// The reports in table order: by `source.file`, stably, so reports with
/// the same name keep the order they came in.
pub fn sorted(reports: &[Report]) -> Vec<&Report> {
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    sorted
}

/// The rows of one table for all reports (without the header row), ordered
/// by `source.file` then document order. Each row starts with
/// `source_file`, `year` and has one cell per [`Table::columns`] entry.
pub fn rows(table: Table, reports: &[Report]) -> Vec<Vec<Cell<'_>>> {
    let mut out = Vec::new();
    for report in sorted(reports) {
        let lead = [text(&report.source.file), int(report.year)];
        let body: Vec<Vec<Cell<'_>>> = match table {
            Table::Objectives => report.objectives.iter().map(objective_row).collect(),
            Table::Indicators => report
                .objectives
                .iter()
                .flat_map(|o| o.indicators.iter().map(move |i| indicator_row(&o.code, i)))
                .collect(),
            Table::Resources => report
                .objectives
                .iter()
                .flat_map(|o| o.resources.iter().map(move |r| resource_row(&o.code, r)))
                .collect(),
            Table::Warnings => report.warnings.iter().map(warning_row).collect(),
            Table::Corrections => report.corrections.iter().map(correction_row).collect(),
            Table::Targets => report
                .objectives
                .iter()
                .flat_map(|o| {
                    o.indicators
                        .iter()
                        .flat_map(move |i| target_rows(&o.code, i))
                })
                .collect(),
        };
        out.extend(body.into_iter().map(|row| {
            let mut full = Vec::with_capacity(lead.len() + row.len());
            full.extend(lead.iter().cloned());
            full.extend(row);
            full
        }));
    }
    out
}

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

fn opt_text(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Empty, text)
}

/// A field as the JSON names it ([`FieldPath::name`]).
fn field(path: FieldPath) -> Cell<'static> {
    Cell::Text(path.name())
}

fn int<T: Into<i64>>(n: Option<T>) -> Cell<'static> {
    n.map_or(Cell::Empty, |n| Cell::Integer(n.into()))
}

/// An indicator value, typed by the indicator's value kind.
fn value(kind: ValueKind, d: Option<Decimal>) -> Cell<'static> {
    match (kind, d) {
        (_, None) => Cell::Empty,
        (ValueKind::Percent, Some(d)) => Cell::Percent(d),
        (ValueKind::Euro, Some(d)) => Cell::Euro(d),
        (_, Some(d)) => Cell::Decimal(d),
    }
}

fn objective_row(o: &Objective) -> Vec<Cell<'_>> {
    let pages: Vec<String> = o.pages.iter().map(u32::to_string).collect();
    vec![
        text(&o.code),
        opt_text(&o.mission_code),
        opt_text(&o.mission_name),
        opt_text(&o.programme_code),
        opt_text(&o.programme_name),
        opt_text(&o.title),
        opt_text(&o.description),
        opt_text(&o.time_frame),
        opt_text(&o.responsibility_centre),
        int(o.declared_indicators),
        o.resources_total.map_or(Cell::Empty, Cell::Euro),
        Cell::Text(Cow::Owned(pages.join(";"))),
        Cell::Integer(i64::try_from(o.indicators.len()).unwrap_or(i64::MAX)),
    ]
}

fn indicator_row<'a>(objective_code: &'a str, i: &'a Indicator) -> Vec<Cell<'a>> {
    vec![
        text(objective_code),
        Cell::Integer(i.number.into()),
        opt_text(&i.title),
        opt_text(&i.measures),
        opt_text(&i.kind),
        opt_text(&i.unit),
        opt_text(&i.algorithm),
        opt_text(&i.data_source),
        opt_text(&i.last_observed),
        opt_text(&i.target),
        opt_text(&i.actual),
        value(i.value_kind, i.last_observed_value),
        value(i.value_kind, i.target_value),
        value(i.value_kind, i.actual_value),
        text(i.value_kind.as_str()),
        opt_text(&i.target_date),
        i.achieved.map_or(Cell::Empty, Cell::Bool),
        Cell::Integer(i.page.into()),
        opt_text(&i.kpi_code),
        i.achievement_stated.map_or(Cell::Empty, Cell::Percent),
    ]
}

/// One row per year of an indicator's targets by year.
fn target_rows<'a>(
    objective_code: &'a str,
    i: &'a Indicator,
) -> impl Iterator<Item = Vec<Cell<'a>>> + 'a {
    i.targets.iter().map(move |t| {
        vec![
            text(objective_code),
            Cell::Integer(i.number.into()),
            Cell::Integer(t.year.into()),
            opt_text(&t.target),
            value(i.value_kind, t.target_value),
        ]
    })
}

fn resource_row<'a>(objective_code: &'a str, r: &'a ResourceLine) -> Vec<Cell<'a>> {
    vec![
        text(objective_code),
        Cell::Euro(r.amount),
        text(&r.amount_raw),
        Cell::Bool(r.uncertain),
        opt_text(&r.account),
        opt_text(&r.budget),
        opt_text(&r.line),
        opt_text(&r.project),
        text(&r.description),
        Cell::Integer(r.page.into()),
        int(r.year),
        opt_text(&r.budget_item),
    ]
}

fn warning_row(w: &Warning) -> Vec<Cell<'_>> {
    vec![
        text(w.code.as_str()),
        text(&w.message),
        int(w.page),
        opt_text(&w.objective_code),
        int(w.indicator_number),
        w.field.map_or(Cell::Empty, field),
    ]
}

fn correction_row(c: &Correction) -> Vec<Cell<'_>> {
    vec![
        opt_text(&c.objective_code),
        int(c.indicator_number),
        field(c.field),
        text(&c.raw),
        text(&c.corrected),
        text(c.rule.as_str()),
        int(c.page),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::fixture::{dec, empty_report, sample_report};

    #[test]
    fn every_row_has_one_cell_per_column() {
        let reports = [sample_report(), empty_report("a.txt", None)];
        for table in Table::ALL {
            let rows = rows(table, &reports);
            assert!(!rows.is_empty(), "{table:?}");
            for row in rows {
                assert_eq!(row.len(), table.columns().len(), "{table:?}");
                assert_eq!(row[0], text("2020/brescia.txt"), "{table:?}");
                assert_eq!(row[1], Cell::Integer(2020), "{table:?}");
            }
        }
    }

    #[test]
    fn cells_are_typed_by_value_kind() {
        let report = sample_report();
        let rows = rows(Table::Indicators, std::slice::from_ref(&report));
        // last_observed_value, target_value, actual_value, value_kind, target_date, achieved.
        let values: Vec<&[Cell<'_>]> = rows.iter().map(|r| &r[13..19]).collect();
        assert_eq!(
            values[0],
            [
                Cell::Empty,
                Cell::Euro(dec("6900000.00")),
                Cell::Euro(dec("8825715.66")),
                text("euro"),
                text("2020-12-31"),
                Cell::Bool(true),
            ]
        );
        assert_eq!(
            values[1][..3],
            [
                Cell::Percent(dec("95.00")),
                Cell::Percent(dec("98")),
                Cell::Percent(dec("97.40")),
            ]
        );
        assert_eq!(values[1][5], Cell::Bool(false));
        assert_eq!(values[2][..3], [Cell::Empty, Cell::Empty, Cell::Empty]);

        let mut number = report.objectives[0].indicators[0].clone();
        number.value_kind = ValueKind::Number;
        assert_eq!(
            indicator_row("x", &number)[13],
            Cell::Decimal(dec("8825715.66"))
        );
    }

    #[test]
    fn text_rendering_is_the_json_rendering() {
        let cases = [
            (Cell::Empty, ""),
            (text("011"), "011"),
            (Cell::Decimal(dec("1.50")), "1.50"),
            (Cell::Percent(dec("97.40")), "97.40"),
            (Cell::Euro(dec("1260786")), "1260786"),
            (Cell::Euro(dec("-3.1")), "-3.1"),
            (Cell::Integer(-7), "-7"),
            (Cell::Bool(true), "true"),
            (Cell::Bool(false), "false"),
        ];
        for (cell, expected) in cases {
            assert_eq!(cell.to_text(), expected, "{cell:?}");
        }
    }
}
