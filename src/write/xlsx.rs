//! The run-wide tables as one spreadsheet, `pira.xlsx`: one sheet per
//! [`Table`], named as the CSV file without `.csv`, with the CSV's columns
//! and rows (the cells come from the same [`rows`]).
//!
//! Cells are typed: euro amounts (`amount`, `resources_total`, values of a
//! euro indicator) are numbers under a euro format, percent values are the
//! number divided by 100 under `0.00%`, other decimals and whole numbers
//! (years, pages, counts) are plain numbers, booleans are booleans, null is
//! an empty cell and everything else is text (codes such as "011" stay
//! text). Decimals become the nearest `f64`: the spreadsheet is for reading
//! and sorting; the exact decimal the document wrote is in the JSON and CSV.
//!
//! Each sheet has a bold header row, frozen, with an autofilter, and
//! column widths fitted to the content. The file is deterministic: the
//! document's creation date is fixed ([`CREATION_DATE`]) and the zip
//! entries carry no timestamp, so the same reports give the same bytes.

use std::io;
use std::path::{Path, PathBuf};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ColNum, DocProperties, ExcelDateTime, Format, RowNum, Workbook, Worksheet};

use super::atomic::write_atomic;
use super::rows::{rows, Cell};
use super::Table;
use crate::model::Report;

/// The spreadsheet's file name in the output folder.
pub const FILE_NAME: &str = "pira.xlsx";

/// The creation date written in the document properties (year, month, day,
/// midnight UTC): fixed, so that no timestamp leaks into the file.
pub const CREATION_DATE: (u16, u8, u8) = (2000, 1, 1);

/// Number format of euro amounts ("€ 8.825.715,66" in an Italian Excel).
pub const EURO_FORMAT: &str = "[$€-410] #,##0.00";

/// Number format of percent values (the cell holds 0.974 for 97,40%).
pub const PERCENT_FORMAT: &str = "0.00%";

/// Excel's limit on the characters of one cell; longer text is cut there.
const MAX_CELL_CHARS: usize = 32_767;

/// Column widths, in characters, are fitted to the content within these bounds.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// The spreadsheet could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the spreadsheet: {0}")]
pub struct XlsxError(#[from] rust_xlsxwriter::XlsxError);

impl From<XlsxError> for io::Error {
    fn from(e: XlsxError) -> Self {
        io::Error::other(e)
    }
}

/// The spreadsheet of all reports: one sheet per [`Table`], in
/// [`Table::ALL`] order, rows ordered by `source.file` then document order.
/// Deterministic: the same reports give the same bytes, whatever order
/// they come in.
pub fn workbook(reports: &[Report]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let (year, month, day) = CREATION_DATE;
    let created = ExcelDateTime::from_ymd(year, month, day)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = Formats {
        header: Format::new().set_bold(),
        euro: Format::new().set_num_format(EURO_FORMAT),
        percent: Format::new().set_num_format(PERCENT_FORMAT),
    };
    for table in Table::ALL {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.sheet_name())?;
        write_sheet(sheet, table, reports, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Writes `pira.xlsx` atomically into `dir`, returning its path.
///
/// The workbook is built before anything is written, so a workbook that
/// cannot be built writes nothing. `dir` must exist.
pub fn write_workbook(dir: &Path, reports: &[Report]) -> io::Result<PathBuf> {
    let bytes = workbook(reports)?;
    let path = dir.join(FILE_NAME);
    write_atomic(&path, &bytes)?;
    Ok(path)
}

struct Formats {
    header: Format,
    euro: Format,
    percent: Format,
}

fn write_sheet(
    sheet: &mut Worksheet,
    table: Table,
    reports: &[Report],
    formats: &Formats,
) -> Result<(), XlsxError> {
    let columns = table.columns();
    // The header's filter button takes about two characters.
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count() + 2).collect();
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(col)?, *name, &formats.header)?;
    }
    let rows = rows(table, reports);
    for (r, row) in rows.iter().enumerate() {
        let row_num = row_num(r + 1)?;
        for (col, cell) in row.iter().enumerate() {
            write_cell(sheet, row_num, col_num(col)?, cell, formats)?;
            if let Some(width) = widths.get_mut(col) {
                *width = (*width).max(display_width(cell));
            }
        }
    }
    for (col, width) in widths.into_iter().enumerate() {
        let width = width.clamp(MIN_WIDTH, MAX_WIDTH) + 1;
        sheet.set_column_width(col_num(col)?, width as f64)?;
    }
    let last_col = col_num(columns.len().saturating_sub(1))?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row_num(rows.len())?, last_col)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    cell: &Cell<'_>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string(row, col, cell_text(text))?;
        }
        Cell::Decimal(d) => {
            sheet.write_number(row, col, to_f64(*d))?;
        }
        Cell::Percent(d) => {
            sheet.write_number_with_format(row, col, percent_fraction(*d), &formats.percent)?;
        }
        Cell::Euro(d) => {
            sheet.write_number_with_format(row, col, to_f64(*d), &formats.euro)?;
        }
        Cell::Integer(n) => {
            // Every integer of the tables (years, pages, counts) is far below 2^53.
            sheet.write_number(row, col, *n as f64)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// The nearest `f64` to a decimal.
fn to_f64(d: Decimal) -> f64 {
    // Every `Decimal` is within f64's range, so this does not fail.
    d.to_f64().unwrap_or(f64::NAN)
}

/// A number of percent as the fraction a percent format shows: 97.40 -> 0.974.
/// Divided as a decimal, so the cell is the nearest `f64` to the fraction.
fn percent_fraction(d: Decimal) -> f64 {
    match d.checked_div(Decimal::ONE_HUNDRED) {
        Some(fraction) => to_f64(fraction),
        None => to_f64(d) / 100.0,
    }
}

/// Text cut at Excel's cell limit (on a character boundary).
fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// About how many characters wide a cell shows.
fn display_width(cell: &Cell<'_>) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(text) => text.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        // General format: as written.
        Cell::Decimal(d) => d.to_string().len(),
        Cell::Integer(n) => n.to_string().len(),
        // "97,40%"
        Cell::Percent(d) => integer_digits(*d) + 4,
        // "€ 8.825.715,66"
        Cell::Euro(d) => {
            let digits = integer_digits(*d);
            2 + digits + (digits - 1) / 3 + 3 + usize::from(d.is_sign_negative())
        }
        Cell::Bool(_) => "FALSE".len(),
    }
}

/// The digits of a decimal's integer part, at least one.
fn integer_digits(d: Decimal) -> usize {
    d.abs().trunc().normalize().to_string().len().max(1)
}

fn row_num(n: usize) -> Result<RowNum, XlsxError> {
    RowNum::try_from(n).map_err(|_| XlsxError(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

fn col_num(n: usize) -> Result<ColNum, XlsxError> {
    ColNum::try_from(n).map_err(|_| XlsxError(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Column, Correction, CorrectionRule, ObjectiveField, ResourceLine, ValueKind, Warning,
        WarningCode,
    };
    use crate::write::fixture::{dec, empty_report, sample_report};
    use calamine::{Data, Reader, Style, Xlsx};
    use serde_json::Value;
    use std::fs;
    use std::io::{Cursor, Read};
    use std::sync::OnceLock;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const SAMPLE: &str = "000_b2d698d42f0df24e.txt";

    /// The sample report, extracted once for all tests.
    fn extracted() -> &'static Report {
        static REPORT: OnceLock<Report> = OnceLock::new();
        REPORT.get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(SAMPLE);
            let bytes = match fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => panic!("cannot read {}: {e}", path.display()),
            };
            let input = crate::Input::from_bytes(SAMPLE, bytes);
            match crate::extract(&input, &crate::Options::default()) {
                Ok(report) => report,
                Err(e) => panic!("cannot extract the sample: {e}"),
            }
        })
    }

    /// The writers' sample report under another name, with a text and a
    /// plain-number indicator added to its euro, percent and yes/no ones, a
    /// percent with more digits than an f64 holds, a second (certain)
    /// resource next to its uncertain one, and a negative target.
    fn hand_made() -> Report {
        let mut report = sample_report();
        report.source.file = "hand/made.txt".to_string();
        report.objectives[0].indicators[1].actual_value = Some(dec("33.333333333333333333"));
        let objective = &mut report.objectives[1];
        let mut text = objective.indicators[0].clone();
        text.number = 2;
        text.title = Some("CONVEGNI".to_string());
        text.unit = Some("TESTO".to_string());
        text.target = Some("organizzazione di convegni".to_string());
        text.actual = Some("tre convegni e un seminario".to_string());
        text.value_kind = ValueKind::Text;
        text.achieved = None;
        let mut number = text.clone();
        number.number = 3;
        number.title = Some("TEMPI MEDI".to_string());
        number.unit = Some("GIORNI".to_string());
        number.last_observed = Some("12,5".to_string());
        number.target = Some("riduzione di 3".to_string());
        number.actual = Some("0,000001".to_string());
        number.last_observed_value = Some(dec("12.5"));
        number.target_value = Some(dec("-3"));
        number.actual_value = Some(dec("0.000001"));
        number.value_kind = ValueKind::Number;
        number.achieved = Some(false);
        objective.indicators.extend([text, number]);
        objective.resources.push(ResourceLine {
            amount: dec("1260786"),
            amount_raw: "€ 1.260.786".to_string(),
            uncertain: false,
            account: None,
            budget: None,
            line: None,
            project: Some("progetto 6 \"digitale\"".to_string()),
            description: "progetto 6 \"digitale\"".to_string(),
            page: 5,
            year: None,
            budget_item: None,
        });
        objective.resources_total = Some(dec("1260786"));
        report
    }

    /// A report without a year, a warning and a correction full of nulls:
    /// its rows sort first.
    fn yearless() -> Report {
        let mut report = empty_report("a first.txt", None);
        report.warnings.push(Warning {
            code: WarningCode::MissingCode,
            message: "scheda without code".to_string(),
            page: None,
            objective_code: None,
            indicator_number: None,
            field: None,
        });
        report.corrections.push(Correction {
            objective_code: None,
            indicator_number: None,
            field: ObjectiveField::Title.into(),
            raw: "Carnera".to_string(),
            corrected: "Camera".to_string(),
            rule: CorrectionRule::LetterConfusion,
            page: None,
        });
        report
    }

    /// All test reports, deliberately not in table order.
    fn reports() -> Vec<Report> {
        vec![hand_made(), extracted().clone(), yearless()]
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Fmt {
        General,
        Euro,
        Percent,
    }

    /// What a cell should hold, worked out from the JSON.
    #[derive(Debug, Clone, PartialEq)]
    enum Want {
        Empty,
        Text(String),
        Number(f64, Fmt),
        Bool(bool),
    }

    fn scalar(v: &Value) -> Want {
        match v {
            Value::Null => Want::Empty,
            Value::Bool(b) => Want::Bool(*b),
            Value::Number(n) => Want::Number(n.as_f64().unwrap_or(f64::NAN), Fmt::General),
            Value::String(s) => Want::Text(s.clone()),
            other => panic!("not a scalar: {other}"),
        }
    }

    /// A JSON decimal string as a number, divided by `divisor`.
    fn number(v: &Value, divisor: f64, fmt: Fmt) -> Want {
        match v {
            Value::Null => Want::Empty,
            Value::String(s) => match s.parse::<f64>() {
                Ok(x) => Want::Number(x / divisor, fmt),
                Err(e) => panic!("bad decimal {s:?}: {e}"),
            },
            other => panic!("a decimal is a JSON string, not {other}"),
        }
    }

    fn want(report: &Value, objective: Option<&Value>, record: &Value, column: &str) -> Want {
        match (column, objective) {
            ("source_file", _) => scalar(&report["source"]["file"]),
            ("year", _) => scalar(&report["year"]),
            ("objective_code", Some(objective)) => scalar(&objective["code"]),
            ("pages", _) => {
                let pages: Vec<String> = record["pages"]
                    .as_array()
                    .map(|p| p.iter().map(Value::to_string).collect())
                    .unwrap_or_default();
                Want::Text(pages.join(";"))
            }
            ("indicator_count", _) => {
                let n = record["indicators"].as_array().map_or(0, Vec::len);
                Want::Number(n as f64, Fmt::General)
            }
            ("amount" | "resources_total", _) => number(&record[column], 1.0, Fmt::Euro),
            ("resource_year", _) => scalar(&record["year"]),
            ("achievement_stated", _) => number(&record[column], 100.0, Fmt::Percent),
            ("last_observed_value" | "target_value" | "actual_value", _) => {
                match record["value_kind"].as_str() {
                    Some("percent") => number(&record[column], 100.0, Fmt::Percent),
                    Some("euro") => number(&record[column], 1.0, Fmt::Euro),
                    _ => number(&record[column], 1.0, Fmt::General),
                }
            }
            _ => {
                let object = record.as_object();
                assert!(
                    object.is_some_and(|o| o.contains_key(column)),
                    "no {column} in {record}"
                );
                scalar(&record[column])
            }
        }
    }

    /// An indicator's targets by year as records of the targets table: each
    /// target with its indicator's number and value kind, its year as
    /// `target_year`.
    fn year_targets<'a>(
        objective: &'a Value,
        indicator: &Value,
    ) -> Vec<(Option<&'a Value>, Value)> {
        let mut out = Vec::new();
        for target in indicator["targets"].as_array().cloned().unwrap_or_default() {
            let mut record = target.clone();
            record["indicator_number"] = indicator["number"].clone();
            record["value_kind"] = indicator["value_kind"].clone();
            record["target_year"] = target["year"].clone();
            out.push((Some(objective), record));
        }
        out
    }

    /// The rows a table should have, worked out from the reports' JSON
    /// (independently of [`rows`]): sorted by source file, then document order.
    fn expected_rows(table: Table, reports: &[Report]) -> Vec<Vec<Want>> {
        let mut json: Vec<Value> = reports
            .iter()
            .map(|r| match serde_json::to_value(r) {
                Ok(v) => v,
                Err(e) => panic!("{e}"),
            })
            .collect();
        json.sort_by(|a, b| {
            a["source"]["file"]
                .as_str()
                .cmp(&b["source"]["file"].as_str())
        });
        let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
        let mut out = Vec::new();
        for report in &json {
            let objectives = list(&report["objectives"]);
            let records: Vec<(Option<&Value>, Value)> = match table {
                Table::Objectives => objectives.iter().map(|o| (None, o.clone())).collect(),
                Table::Indicators => objectives
                    .iter()
                    .flat_map(|o| {
                        list(&o["indicators"])
                            .into_iter()
                            .map(move |i| (Some(o), i))
                    })
                    .collect(),
                Table::Resources => objectives
                    .iter()
                    .flat_map(|o| list(&o["resources"]).into_iter().map(move |r| (Some(o), r)))
                    .collect(),
                Table::Warnings => list(&report["warnings"])
                    .into_iter()
                    .map(|w| (None, w))
                    .collect(),
                Table::Corrections => list(&report["corrections"])
                    .into_iter()
                    .map(|c| (None, c))
                    .collect(),
                Table::Targets => objectives
                    .iter()
                    .flat_map(|o| {
                        list(&o["indicators"])
                            .into_iter()
                            .flat_map(move |i| year_targets(o, &i))
                    })
                    .collect(),
            };
            for (objective, record) in records {
                out.push(
                    table
                        .columns()
                        .iter()
                        .map(|column| want(report, objective, &record, column))
                        .collect(),
                );
            }
        }
        out
    }

    fn open(bytes: &[u8]) -> Result<Xlsx<Cursor<Vec<u8>>>, Box<dyn std::error::Error>> {
        Ok(Xlsx::new(Cursor::new(bytes.to_vec()))?)
    }

    fn format_code(style: Option<&Style>) -> Option<&str> {
        style
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.as_str())
    }

    fn close(expected: f64, got: f64) -> bool {
        expected == got || (expected - got).abs() <= 1e-9 * expected.abs().max(got.abs())
    }

    /// Cells of each kind checked, so that the comparison is not vacuous.
    #[derive(Debug, Default)]
    struct Seen {
        text: usize,
        plain: usize,
        euro: usize,
        percent: usize,
        bool: usize,
        empty: usize,
    }

    fn check_cell(
        got: Option<&Data>,
        style: Option<&Style>,
        want: &Want,
        at: &str,
        seen: &mut Seen,
    ) {
        match want {
            Want::Empty => {
                assert!(matches!(got, None | Some(Data::Empty)), "{at}: {got:?}");
                seen.empty += 1;
            }
            Want::Text(s) => {
                assert_eq!(got, Some(&Data::String(s.clone())), "{at}");
                seen.text += 1;
            }
            Want::Bool(b) => {
                assert_eq!(got, Some(&Data::Bool(*b)), "{at}");
                seen.bool += 1;
            }
            Want::Number(x, fmt) => {
                let y = match got {
                    Some(Data::Float(f)) => *f,
                    Some(Data::Int(i)) => *i as f64,
                    other => panic!("{at}: {other:?} is not a number"),
                };
                assert!(close(*x, y), "{at}: {y} is not {x}");
                let code = format_code(style);
                match fmt {
                    Fmt::General => {
                        assert!(matches!(code, None | Some("General")), "{at}: {code:?}");
                        seen.plain += 1;
                    }
                    Fmt::Euro => {
                        assert_eq!(code, Some(EURO_FORMAT), "{at}");
                        seen.euro += 1;
                    }
                    Fmt::Percent => {
                        assert_eq!(code, Some(PERCENT_FORMAT), "{at}");
                        seen.percent += 1;
                    }
                }
            }
        }
    }

    /// Reads the workbook back and compares every cell of every sheet with
    /// what the JSON says it should be.
    fn check_workbook(
        bytes: &[u8],
        reports: &[Report],
    ) -> Result<Seen, Box<dyn std::error::Error>> {
        let mut book = open(bytes)?;
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.sheet_name()).collect();
        assert_eq!(book.sheet_names(), names);
        let mut seen = Seen::default();
        for table in Table::ALL {
            let name = table.sheet_name();
            let range = book.worksheet_range(name)?;
            let styles = book.worksheet_style(name)?;
            let expected = expected_rows(table, reports);
            assert_eq!(range.start(), Some((0, 0)), "{name}");
            assert_eq!(range.height(), expected.len() + 1, "{name}");
            assert_eq!(range.width(), table.columns().len(), "{name}");
            for (c, column) in table.columns().iter().enumerate() {
                let at = (0, c as u32);
                let header = range.get_value(at);
                assert_eq!(header, Some(&Data::String(column.to_string())), "{name}");
                let bold = styles
                    .get(at)
                    .and_then(|s| s.font.as_ref())
                    .is_some_and(|f| f.is_bold());
                assert!(bold, "{name}!{column} header is not bold");
            }
            for (r, row) in expected.iter().enumerate() {
                for (c, want) in row.iter().enumerate() {
                    let at = (r as u32 + 1, c as u32);
                    let label = format!("{name} row {} {}", r + 1, table.columns()[c]);
                    check_cell(range.get_value(at), styles.get(at), want, &label, &mut seen);
                }
            }
        }
        Ok(seen)
    }

    #[test]
    fn cells_match_the_json() -> TestResult {
        let reports = reports();
        let seen = check_workbook(&workbook(&reports)?, &reports)?;
        // The sample alone has dozens of euro amounts and percentages.
        assert!(seen.euro > 20 && seen.percent > 10, "{seen:?}");
        assert!(seen.text > 100 && seen.plain > 100, "{seen:?}");
        assert!(seen.bool > 10 && seen.empty > 10, "{seen:?}");
        Ok(())
    }

    /// Each report alone, and none: the comparison holds for every run shape.
    #[test]
    fn cells_match_the_json_for_each_run() -> TestResult {
        let cases: [(&str, Vec<Report>); 5] = [
            ("no report", vec![]),
            ("empty report", vec![empty_report("x.txt", None)]),
            ("sample", vec![extracted().clone()]),
            ("hand-made", vec![hand_made()]),
            ("yearless", vec![yearless()]),
        ];
        for (label, reports) in cases {
            let bytes = workbook(&reports)?;
            if let Err(e) = check_workbook(&bytes, &reports) {
                panic!("{label}: {e}");
            }
        }
        Ok(())
    }

    /// Spot checks of the hand-made report, written out literally.
    #[test]
    fn typed_cells_of_the_hand_made_report() -> TestResult {
        let bytes = workbook(&[hand_made()])?;
        let mut book = open(&bytes)?;
        let mut sheets = Vec::new();
        for table in Table::ALL {
            sheets.push((table, book.worksheet_range(table.sheet_name())?));
        }
        let float = |x: f64| Some(Data::Float(x));
        let string = |s: &str| Some(Data::String(s.to_string()));
        use Table::{Indicators, Objectives, Resources, Warnings};
        // (sheet, row, column, expected); row 0 is the header.
        let cases = [
            (Indicators, 1, "actual_value", float(8825715.66)),
            (Indicators, 1, "last_observed_value", None),
            (Indicators, 2, "actual_value", float(0.3333333333333333)),
            (Indicators, 2, "target_value", float(0.98)),
            (Indicators, 2, "last_observed_value", float(0.95)),
            (Indicators, 2, "achieved", Some(Data::Bool(false))),
            (Indicators, 3, "value_kind", string("yes_no")),
            (Indicators, 3, "target_value", None),
            (Indicators, 4, "value_kind", string("text")),
            (
                Indicators,
                4,
                Column::Actual.as_str(),
                string("tre convegni e un seminario"),
            ),
            (Indicators, 4, "achieved", None),
            (Indicators, 5, "target_value", float(-3.0)),
            (Indicators, 5, "actual_value", float(0.000001)),
            (Indicators, 5, "number", float(3.0)),
            (Resources, 1, "amount", float(24390.75)),
            (Resources, 1, "uncertain", Some(Data::Bool(true))),
            (Resources, 1, "amount_raw", string("€ 24.39O,75")),
            (Resources, 2, "uncertain", Some(Data::Bool(false))),
            (Resources, 2, "account", None),
            (Objectives, 1, "mission_code", string("011")),
            (Objectives, 1, "pages", string("3;4")),
            (Objectives, 1, "year", float(2020.0)),
            (Objectives, 2, "resources_total", float(1260786.0)),
            (Objectives, 2, "indicator_count", float(3.0)),
            (Objectives, 2, "responsibility_centre", None),
            (Warnings, 1, "indicator_number", None),
            (Warnings, 1, "page", float(5.0)),
        ];
        for (table, row, column, expected) in cases {
            let Some(c) = table.columns().iter().position(|x| *x == column) else {
                panic!("no column {column} in {table:?}");
            };
            let Some((_, sheet)) = sheets.iter().find(|(t, _)| *t == table) else {
                panic!("no sheet {table:?}");
            };
            let got = sheet
                .get_value((row, c as u32))
                .filter(|d| **d != Data::Empty);
            assert_eq!(got, expected.as_ref(), "{table:?} row {row} {column}");
        }
        Ok(())
    }

    fn zip_entry(bytes: &[u8], name: &str) -> Result<String, Box<dyn std::error::Error>> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
        let mut text = String::new();
        archive.by_name(name)?.read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn header_frozen_filtered_and_columns_sized() -> TestResult {
        let reports = reports();
        let bytes = workbook(&reports)?;
        for (n, table) in Table::ALL.into_iter().enumerate() {
            let xml = zip_entry(&bytes, &format!("xl/worksheets/sheet{}.xml", n + 1))?;
            let name = table.sheet_name();
            assert!(
                xml.contains(
                    r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
                ),
                "{name}: {xml:.600}"
            );
            let columns = table.columns().len();
            assert!(columns <= 26);
            let last_col = char::from(b'A' + columns as u8 - 1);
            let last_row = expected_rows(table, &reports).len() + 1;
            let filter = format!(r#"<autoFilter ref="A1:{last_col}{last_row}"/>"#);
            assert!(xml.contains(&filter), "{name}: no {filter}");
            // Every column has a width, within bounds.
            let widths: Vec<f64> = xml
                .split("<col ")
                .skip(1)
                .filter_map(|c| c.split("width=\"").nth(1))
                .filter_map(|w| w.split('"').next())
                .filter_map(|w| w.parse().ok())
                .collect();
            let spans: usize = xml
                .split("<col ")
                .skip(1)
                .map(|c| {
                    let attr = |a: &str| -> usize {
                        c.split(&format!("{a}=\""))
                            .nth(1)
                            .and_then(|v| v.split('"').next())
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0)
                    };
                    attr("max") + 1 - attr("min")
                })
                .sum();
            assert_eq!(spans, columns, "{name}");
            for w in widths {
                assert!(
                    w >= MIN_WIDTH as f64 && w <= MAX_WIDTH as f64 + 2.0,
                    "{name}: {w}"
                );
            }
        }
        Ok(())
    }

    #[test]
    fn no_timestamp_leaks_in() -> TestResult {
        let bytes = workbook(&reports())?;
        let core = zip_entry(&bytes, "docProps/core.xml")?;
        let (y, m, d) = CREATION_DATE;
        let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
        assert_eq!(core.matches(&date).count(), 2, "{core}");
        assert_eq!(core.matches("<dcterms:").count(), 2, "{core}");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice()))?;
        for i in 0..archive.len() {
            let entry = archive.by_index(i)?;
            let stamp = entry.last_modified().unwrap_or_default();
            assert_eq!(stamp, zip::DateTime::default(), "{:?}", entry.name());
        }
        Ok(())
    }

    #[test]
    fn same_reports_give_identical_bytes() -> TestResult {
        let reports = reports();
        let first = workbook(&reports)?;
        let mut reversed = reports.clone();
        reversed.reverse();
        assert_eq!(workbook(&reports)?, first);
        assert_eq!(workbook(&reversed)?, first);
        Ok(())
    }

    #[test]
    fn write_workbook_writes_pira_xlsx_only() -> TestResult {
        let dir = tempfile::tempdir()?;
        let reports = reports();
        let path = write_workbook(dir.path(), &reports)?;
        assert_eq!(path, dir.path().join("pira.xlsx"));
        let first = fs::read(&path)?;
        assert_eq!(first, workbook(&reports)?);
        // A rerun replaces the file with identical bytes and leaves no temp file.
        write_workbook(dir.path(), &reports)?;
        assert_eq!(fs::read(&path)?, first);
        let names: Vec<String> = fs::read_dir(dir.path())?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, ["pira.xlsx"]);
        Ok(())
    }

    #[test]
    fn write_workbook_into_missing_dir_fails_and_leaves_nothing() -> TestResult {
        let dir = tempfile::tempdir()?;
        let missing = dir.path().join("out");
        let err = match write_workbook(&missing, &[sample_report()]) {
            Ok(path) => panic!("wrote {}", path.display()),
            Err(e) => e,
        };
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().contains("pira.xlsx"), "{err}");
        assert!(!missing.exists());
        assert_eq!(fs::read_dir(dir.path())?.count(), 0);
        Ok(())
    }

    #[test]
    fn percent_fractions() {
        let cases = [
            ("97.40", 0.974),
            ("98", 0.98),
            ("100", 1.0),
            ("0", 0.0),
            ("-5", -0.05),
            ("0.5", 0.005),
            ("150.25", 1.5025),
        ];
        for (percent, fraction) in cases {
            assert_eq!(percent_fraction(dec(percent)), fraction, "{percent}");
        }
        let max = percent_fraction(Decimal::MAX);
        assert!(close(to_f64(Decimal::MAX) / 100.0, max), "{max}");
    }

    #[test]
    fn display_widths() {
        let cases = [
            (Cell::Empty, 0),
            (Cell::Text("abc".into()), 3),
            (Cell::Text("àè\nlonger line".into()), 11),
            (Cell::Decimal(dec("12.50")), 5),
            (Cell::Integer(2020), 4),
            (Cell::Percent(dec("97.40")), "97,40%".len()),
            (Cell::Percent(dec("0.5")), "0,50%".len()),
            (
                Cell::Euro(dec("8825715.66")),
                "€ 8.825.715,66".chars().count(),
            ),
            (Cell::Euro(dec("999")), "€ 999,00".chars().count()),
            (Cell::Euro(dec("1000")), "€ 1.000,00".chars().count()),
            (Cell::Euro(dec("-0.5")), "-€ 0,50".chars().count()),
            (Cell::Bool(true), 5),
        ];
        for (cell, width) in cases {
            assert_eq!(display_width(&cell), width, "{cell:?}");
        }
    }

    #[test]
    fn overlong_text_is_cut_at_the_cell_limit() -> TestResult {
        let short = "è".repeat(10);
        assert_eq!(cell_text(&short), short);
        let exact = "è".repeat(MAX_CELL_CHARS);
        assert_eq!(cell_text(&exact), exact);
        let long = "è".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);

        let mut report = sample_report();
        report.objectives[0].description = Some(long);
        let bytes = workbook(&[report])?;
        let mut book = open(&bytes)?;
        let range = book.worksheet_range("objectives")?;
        match range.get_value((1, 8)) {
            Some(Data::String(s)) => assert_eq!(s.chars().count(), MAX_CELL_CHARS),
            other => panic!("{other:?}"),
        }
        Ok(())
    }

    #[test]
    fn sheet_names_and_headers_for_an_empty_run() -> TestResult {
        let bytes = workbook(&[])?;
        let mut book = open(&bytes)?;
        for table in Table::ALL {
            let range = book.worksheet_range(table.sheet_name())?;
            let header: Vec<Data> = table
                .columns()
                .iter()
                .map(|c| Data::String(c.to_string()))
                .collect();
            let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
            assert_eq!(rows, [header], "{}", table.sheet_name());
        }
        Ok(())
    }
}
