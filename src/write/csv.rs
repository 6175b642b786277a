//! The run-wide CSV tables: one file per [`Table`], one row per record of
//! every report in the run, in one of two [`Dialect`]s.
//!
//! The standard dialect is UTF-8 without BOM, comma-separated, a header row,
//! RFC 4180 quoting (only where a field holds a comma, a quote or a line
//! break; quotes doubled) and RFC 4180 `\r\n` record terminators. Every row
//! starts with `source_file,year`; then come the record's fields in JSON
//! order (see [`Table::columns`]). Null is an empty cell, booleans are
//! `true`/`false`, decimals and enums are written as in the JSON.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::write_atomic;
use super::rows::{rows, Cell};
use super::Table;
use crate::model::Report;

/// How the CSV tables are written.
///
/// The Excel dialect takes all three Excel-friendly changes, not the BOM
/// alone, because the people who open these tables in Excel have it set to
/// Italian. Excel opening a `.csv` by double-click reads it as UTF-8 only
/// when it starts with a BOM (otherwise "€" and the accents garble); it
/// splits fields at the locale's list separator, which in Italian is `;`
/// (the comma is the decimal separator), so a comma-separated file opens
/// with each row in one cell; and it reads numbers with the locale's
/// separators, so a dot decimal such as `97.40` would not come in as
/// 97,40. Programs (pandas, DuckDB, R, databases) read the standard
/// dialect, which stays the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// For programs: RFC 4180, UTF-8 without BOM, `,` between fields, a
    /// dot in decimals (pandas, DuckDB, databases, R).
    #[default]
    Standard,
    /// For Excel set to Italian, opened by double-click: a UTF-8 BOM, `;`
    /// between fields, a decimal comma in the number columns (amounts,
    /// values, totals). Everything else is written as in [`Standard`].
    ///
    /// [`Standard`]: Dialect::Standard
    Excel,
}

/// The byte-order mark that tells Excel a CSV file is UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Dialect {
    fn delimiter(self) -> u8 {
        match self {
            Dialect::Standard => b',',
            Dialect::Excel => b';',
        }
    }

    /// A cell as this dialect writes it.
    fn cell_text<'a>(self, cell: &'a Cell<'_>) -> Cow<'a, str> {
        match (self, cell) {
            (Dialect::Excel, Cell::Decimal(d) | Cell::Percent(d) | Cell::Euro(d)) => {
                Cow::Owned(d.to_string().replace('.', ","))
            }
            _ => cell.to_text(),
        }
    }
}

/// One run-wide table for all reports, rows ordered by source.file then document order.
///
/// Reports are sorted by `source.file` (stably, so reports with the same
/// name keep their order); within a report, rows follow the document. The
/// cells are [`rows`], each written as [`Cell::to_text`], or with a decimal
/// comma in the [`Dialect::Excel`].
pub fn table_csv(
    table: Table,
    reports: &[Report],
    dialect: Dialect,
) -> Result<Vec<u8>, ::csv::Error> {
    let start = match dialect {
        Dialect::Standard => Vec::new(),
        Dialect::Excel => UTF8_BOM.to_vec(),
    };
    let mut out = ::csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .terminator(::csv::Terminator::CRLF)
        .from_writer(start);
    out.write_record(table.columns())?;
    for row in rows(table, reports) {
        let cells: Vec<_> = row.iter().map(|c| dialect.cell_text(c)).collect();
        out.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    out.into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))
}

/// Writes the six tables atomically into `dir`, returning the paths written.
///
/// All tables are built before the first is written, so a table that cannot
/// be built writes nothing. `dir` must exist.
pub fn write_tables(dir: &Path, reports: &[Report], dialect: Dialect) -> io::Result<Vec<PathBuf>> {
    let mut built = Vec::with_capacity(Table::ALL.len());
    for table in Table::ALL {
        built.push((
            dir.join(table.file_name()),
            table_csv(table, reports, dialect)?,
        ));
    }
    let mut written = Vec::with_capacity(built.len());
    for (path, bytes) in built {
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CorrectionRule, ValueKind, Warning, WarningCode};
    use crate::write::fixture::{empty_report, sample_report};
    use serde_json::Value;
    use std::fs;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn text(table: Table, reports: &[Report]) -> Result<String, Box<dyn std::error::Error>> {
        Ok(String::from_utf8(table_csv(
            table,
            reports,
            Dialect::Standard,
        )?)?)
    }

    /// Test-only shorthand: `\n` in the expected text stands for the
    /// record terminator `\r\n`; a line break inside a quoted field is
    /// written `\u{1}` and stands for a bare `\n`.
    fn crlf(expected: &str) -> String {
        expected.replace('\n', "\r\n").replace('\u{1}', "\n")
    }

    #[test]
    fn tables_are_exactly_as_expected() -> TestResult {
        let report = sample_report();
        let cases = [
            (
                Table::Objectives,
                "source_file,year,code,mission_code,mission_name,programme_code,programme_name,title,description,time_frame,responsibility_centre,declared_indicators,resources_total,pages,indicator_count
2020/brescia.txt,2020,011-005-001,011,Competitività e sviluppo delle imprese,005,\"Promozione, competitività e innovazione\",\"SOSTEGNO ALLE IMPRESE \"\"COVID 19\"\"\",\"Contributi, bandi e voucher.\u{1}Secondo paragrafo\",2020,DIRIGENTE AREA PROMOZIONE,2,24390.75,3;4,2
2020/brescia.txt,2020,032-004-002,032,Servizi istituzionali e generali,004,,DIGITALIZZAZIONE,,2020-2022,,2,,5,1
",
            ),
            (
                Table::Indicators,
                "source_file,year,objective_code,number,title,measures,type,unit,algorithm,data_source,last_observed,target,actual,last_observed_value,target_value,actual_value,value_kind,target_date,achieved,page,kpi_code,achievement_stated
2020/brescia.txt,2020,011-005-001,1,CONTRIBUTI ALLE IMPRESE,IMPORTO STANZIATO,EFFICACIA ESTERNA,NUMERICO,,BANDI PUBBLICATI,,\"€ 6.900.000,00\",\"€ 8.825.715,66\",,6900000.00,8825715.66,euro,2020-12-31,true,3,,
2020/brescia.txt,2020,011-005-001,2,PRATICHE EVASE,,EFFICIENZA,%,evase / ricevute * 100,,\"95,00%\",>= 98%,\"97,40%\",95.00,98,97.40,percent,2020-12-31,false,4,KPI156,99.39
2020/brescia.txt,2020,032-004-002,1,SPORTELLO ONLINE,,,SI/NO,,,,SI,SI,,,,yes_no,,true,5,,
",
            ),
            (
                Table::Resources,
                "source_file,year,objective_code,amount,amount_raw,uncertain,account,budget,line,project,description,page,resource_year,budget_item
2020/brescia.txt,2020,011-005-001,24390.75,\"€ 24.39O,75\",true,330001,D002,\"linea 1 \"\"azioni, interventi\"\"\",,\"linea 1 \"\"azioni, interventi\"\" punto 5\",3,2020,Interventi
",
            ),
            (
                Table::Warnings,
                "source_file,year,code,message,page,objective_code,indicator_number,field
2020/brescia.txt,2020,indicator-count-mismatch,\"declared 2 indicators, found 1\",5,032-004-002,,declared_indicators
",
            ),
            (
                Table::Corrections,
                "source_file,year,objective_code,indicator_number,field,raw,corrected,rule,page
2020/brescia.txt,2020,011-005-001,1,unit,MUMERICO,NUMERICO,letter-confusion,3
",
            ),
            (
                Table::Targets,
                "source_file,year,objective_code,indicator_number,target_year,target,target_value
2020/brescia.txt,2020,011-005-001,2,2020,>= 98%,98
2020/brescia.txt,2020,011-005-001,2,2021,>=,
",
            ),
        ];
        for (table, expected) in cases {
            assert_eq!(
                text(table, std::slice::from_ref(&report))?,
                crlf(expected),
                "{}",
                table.file_name()
            );
        }
        Ok(())
    }

    #[test]
    fn quoted_fields_read_back_unchanged() -> TestResult {
        let report = sample_report();
        let bytes = table_csv(
            Table::Resources,
            std::slice::from_ref(&report),
            Dialect::Standard,
        )?;
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<::csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
        assert_eq!(rows.len(), 1);
        let resource = &report.objectives[0].resources[0];
        assert_eq!(&rows[0][4], resource.amount_raw);
        assert_eq!(Some(&rows[0][8]), resource.line.as_deref());
        assert_eq!(&rows[0][10], resource.description);

        let bytes = table_csv(
            Table::Objectives,
            std::slice::from_ref(&report),
            Dialect::Standard,
        )?;
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<::csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
        assert_eq!(Some(&rows[0][7]), report.objectives[0].title.as_deref());
        assert_eq!(
            Some(&rows[0][8]),
            report.objectives[0].description.as_deref()
        );
        Ok(())
    }

    /// The Excel dialect starts with the BOM, and read back with `;` it
    /// gives every cell of the standard dialect, decimals with a comma.
    #[test]
    fn excel_dialect_has_bom_semicolons_and_decimal_commas() -> TestResult {
        let reports = [sample_report()];
        let decimal = regex::Regex::new(r"^-?[0-9]+\.[0-9]+$")?;
        for table in Table::ALL {
            let excel = table_csv(table, &reports, Dialect::Excel)?;
            let body = excel
                .strip_prefix(UTF8_BOM)
                .ok_or("the Excel dialect must start with the UTF-8 BOM")?;
            let standard = table_csv(table, &reports, Dialect::Standard)?;
            let read = |bytes: &[u8], delimiter: u8| {
                ::csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .has_headers(false)
                    .from_reader(bytes)
                    .records()
                    .collect::<Result<Vec<::csv::StringRecord>, _>>()
            };
            let excel_rows = read(body, b';')?;
            let standard_rows = read(&standard, b',')?;
            assert_eq!(excel_rows.len(), standard_rows.len(), "{table:?}");
            for (e, s) in excel_rows.iter().zip(&standard_rows) {
                assert_eq!(e.len(), s.len(), "{table:?}");
                for (e, s) in e.iter().zip(s.iter()) {
                    let expected = if decimal.is_match(s) {
                        s.replace('.', ",")
                    } else {
                        s.to_string()
                    };
                    assert_eq!(e, expected, "{table:?}");
                }
            }
        }
        let resources = String::from_utf8(table_csv(Table::Resources, &reports, Dialect::Excel)?)?;
        assert!(
            resources.contains(";24390,75;€ 24.39O,75;true;330001;"),
            "{resources}"
        );
        Ok(())
    }

    #[test]
    fn empty_run_gives_header_only() -> TestResult {
        for table in Table::ALL {
            let expected = format!("{}\r\n", table.columns().join(","));
            assert_eq!(text(table, &[])?, expected);
            assert_eq!(text(table, &[empty_report("x.txt", None)])?, expected);
        }
        Ok(())
    }

    #[test]
    fn null_year_is_an_empty_cell() -> TestResult {
        let mut report = empty_report("x.txt", None);
        report.warnings.push(Warning {
            code: WarningCode::MissingCode,
            message: "scheda without code".to_string(),
            page: None,
            objective_code: None,
            indicator_number: None,
            field: None,
        });
        assert_eq!(
            text(Table::Warnings, &[report])?,
            crlf(
                "source_file,year,code,message,page,objective_code,indicator_number,field
x.txt,,missing-code,scheda without code,,,,
"
            )
        );
        Ok(())
    }

    #[test]
    fn rows_sorted_by_source_file() -> TestResult {
        let named = |file: &str, rule: CorrectionRule| {
            let mut r = sample_report();
            r.source.file = file.to_string();
            r.corrections[0].rule = rule;
            r
        };
        let b = named("b/z.txt", CorrectionRule::Reviewer);
        let a = named("a.txt", CorrectionRule::Vocabulary);
        let a2 = named("a/z.txt", CorrectionRule::Apostrophe);
        let forward = [a.clone(), a2.clone(), b.clone()];
        let reverse = [b, a2, a];
        for table in Table::ALL {
            let out = text(table, &reverse)?;
            assert_eq!(out, text(table, &forward)?, "{}", table.file_name());
            let files: Vec<&str> = out
                .split("\r\n")
                .skip(1)
                .filter(|line| !line.is_empty())
                .filter_map(|line| line.split(',').next())
                .filter(|f| f.ends_with(".txt"))
                .collect();
            let mut sorted = files.clone();
            sorted.sort();
            assert_eq!(files, sorted, "{}", table.file_name());
            assert!(files.contains(&"a.txt") && files.contains(&"b/z.txt"));
        }
        let corrections = text(Table::Corrections, &reverse)?;
        let rules: Vec<&str> = corrections
            .split("\r\n")
            .skip(1)
            .filter_map(|line| line.split(',').nth(7))
            .collect();
        assert_eq!(rules, ["vocabulary", "apostrophe", "reviewer"]);
        Ok(())
    }

    #[test]
    fn document_order_within_a_report() -> TestResult {
        let out = text(Table::Indicators, &[sample_report()])?;
        let keys: Vec<(String, String)> = out
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                (cells[2].to_string(), cells[3].to_string())
            })
            .collect();
        let expected = [
            ("011-005-001", "1"),
            ("011-005-001", "2"),
            ("032-004-002", "1"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(keys, expected);
        Ok(())
    }

    /// The columns after the lead ones are the record's JSON keys, in JSON
    /// order: guards against a model change the CSV does not follow.
    #[test]
    fn columns_follow_json_field_order() -> TestResult {
        let report = sample_report();
        let keys = |v: Value| -> Vec<String> {
            v.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        let objective = &report.objectives[0];
        let mut objective_keys = keys(serde_json::to_value(objective)?);
        objective_keys.retain(|k| k != "resources" && k != "indicators");
        objective_keys.push("indicator_count".to_string());
        let mut indicator_keys = keys(serde_json::to_value(&objective.indicators[0])?);
        indicator_keys.retain(|k| k != "targets");
        let mut resource_keys = keys(serde_json::to_value(&objective.resources[0])?);
        for key in resource_keys.iter_mut().filter(|k| *k == "year") {
            *key = "resource_year".to_string();
        }
        let mut target_keys = keys(serde_json::to_value(&objective.indicators[1].targets[0])?);
        target_keys[0] = "target_year".to_string();
        target_keys.insert(0, "indicator_number".to_string());
        let with_code = |mut k: Vec<String>| {
            k.insert(0, "objective_code".to_string());
            k
        };
        let cases = [
            (Table::Objectives, objective_keys),
            (Table::Indicators, with_code(indicator_keys)),
            (Table::Resources, with_code(resource_keys)),
            (
                Table::Warnings,
                keys(serde_json::to_value(&report.warnings[0])?),
            ),
            (
                Table::Corrections,
                keys(serde_json::to_value(&report.corrections[0])?),
            ),
            (Table::Targets, with_code(target_keys)),
        ];
        for (table, expected) in cases {
            let columns = table.columns();
            assert_eq!(columns[..2], ["source_file", "year"], "{table:?}");
            assert_eq!(columns[2..], expected[..], "{table:?}");
        }
        Ok(())
    }

    /// Every cell that holds a JSON scalar holds it as the JSON writes it.
    #[test]
    fn cells_match_json_values() -> TestResult {
        let kinds = [
            ValueKind::Percent,
            ValueKind::Euro,
            ValueKind::Number,
            ValueKind::YesNo,
            ValueKind::Text,
        ];
        for kind in kinds {
            assert_eq!(
                serde_json::to_value(kind)?,
                Value::String(kind.as_str().to_string())
            );
        }
        let report = sample_report();
        let json: Value = serde_json::to_value(&report)?;
        let csv = text(Table::Indicators, std::slice::from_ref(&report))?;
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let header = reader.headers()?.clone();
        let mut n = 0;
        for (row, (o, i)) in reader.records().zip([(0, 0), (0, 1), (1, 0)]) {
            let row = row?;
            let indicator = &json["objectives"][o]["indicators"][i];
            for (column, cell) in header.iter().zip(row.iter()).skip(3) {
                let expected = match &indicator[column] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(cell, expected, "{column}");
                n += 1;
            }
        }
        assert_eq!(n, 3 * 19);
        Ok(())
    }

    #[test]
    fn write_tables_writes_six_files() -> TestResult {
        let dir = tempfile::tempdir()?;
        let reports = [sample_report()];
        let written = write_tables(dir.path(), &reports, Dialect::Standard)?;
        let expected: Vec<PathBuf> = Table::ALL
            .iter()
            .map(|t| dir.path().join(t.file_name()))
            .collect();
        assert_eq!(written, expected);
        for table in Table::ALL {
            assert_eq!(
                fs::read(dir.path().join(table.file_name()))?,
                table_csv(table, &reports, Dialect::Standard)?
            );
        }
        let mut names: Vec<String> = fs::read_dir(dir.path())?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        names.sort();
        assert_eq!(
            names,
            [
                "corrections.csv",
                "indicators.csv",
                "objectives.csv",
                "resources.csv",
                "targets.csv",
                "warnings.csv"
            ]
        );
        // A second run replaces the files with identical bytes.
        let before = fs::read(dir.path().join("objectives.csv"))?;
        write_tables(dir.path(), &reports, Dialect::Standard)?;
        assert_eq!(fs::read(dir.path().join("objectives.csv"))?, before);
        Ok(())
    }

    #[test]
    fn write_tables_into_missing_dir_fails_and_leaves_nothing() -> TestResult {
        let dir = tempfile::tempdir()?;
        let missing = dir.path().join("out");
        assert!(write_tables(&missing, &[sample_report()], Dialect::Standard).is_err());
        assert!(!missing.exists());
        assert_eq!(fs::read_dir(dir.path())?.count(), 0);
        Ok(())
    }
}
