//! The writers: the per-input JSON ([`json`]), the run-wide tables as CSV
//! files ([`csv`]) or as one spreadsheet ([`xlsx`]), both built from the
//! same typed rows ([`rows`]), the review page ([`html`]), and the atomic
//! file writing they all use ([`atomic`]).
//!
//! Everything here is deterministic: the same reports give byte-identical
//! output, whatever order they arrive in.

pub mod atomic;
pub mod csv;
pub mod html;
pub mod json;
pub mod rows;
pub mod xlsx;

use crate::model::{IndicatorField, ObjectiveField, ResourceField};

/// The columns `lead`, then the names `$name` (a `const fn`, by default the
/// JSON name) gives `fields` (a `&[Field]` of a field enum), as one
/// `&'static [&'static str]`.
macro_rules! columns {
    ([$($lead:literal),*], $fields:expr) => {
        columns!([$($lead),*], $fields, |f| f.as_str())
    };
    ([$($lead:literal),*], $fields:expr, |$f:ident| $name:expr) => {{
        const LEAD: &[&str] = &[$($lead),*];
        const N: usize = LEAD.len() + $fields.len();
        const NAMES: [&str; N] = {
            let mut names = [""; N];
            let mut i = 0;
            while i < N {
                names[i] = if i < LEAD.len() {
                    LEAD[i]
                } else {
                    let $f = $fields[i - LEAD.len()];
                    $name
                };
                i += 1;
            }
            names
        };
        &NAMES
    }};
}

/// The objectives table: the objective's fields but its resource lines and
/// indicators (tables of their own), and how many indicators it has.
const OBJECTIVE_COLUMNS: [&str; 15] = {
    use ObjectiveField as F;
    [
        "source_file",
        "year",
        F::Code.as_str(),
        F::MissionCode.as_str(),
        F::MissionName.as_str(),
        F::ProgrammeCode.as_str(),
        F::ProgrammeName.as_str(),
        F::Title.as_str(),
        F::Description.as_str(),
        F::TimeFrame.as_str(),
        F::ResponsibilityCentre.as_str(),
        F::DeclaredIndicators.as_str(),
        F::ResourcesTotal.as_str(),
        F::Pages.as_str(),
        "indicator_count",
    ]
};

/// The indicator fields the indicators table has a column for: all but the
/// list of targets by year (a table of its own).
const INDICATOR_FIELDS: [IndicatorField; IndicatorField::ALL.len() - 1] = {
    let mut fields = [IndicatorField::Number; IndicatorField::ALL.len() - 1];
    let (mut i, mut n) = (0, 0);
    while i < IndicatorField::ALL.len() {
        if !matches!(IndicatorField::ALL[i], IndicatorField::Targets) {
            fields[n] = IndicatorField::ALL[i];
            n += 1;
        }
        i += 1;
    }
    fields
};

/// A resource field's column in the resources table: its JSON name, but
/// `resource_year` for its `year`, which would otherwise share its name
/// with the report's `year` column that every table starts with.
const fn resource_column(field: ResourceField) -> &'static str {
    match field {
        ResourceField::Year => "resource_year",
        field => field.as_str(),
    }
}

/// One of the run-wide tables (`--format csv` writes one file each; an xlsx
/// writer uses one sheet each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per objective: `objectives.csv`.
    Objectives,
    /// One row per indicator: `indicators.csv`.
    Indicators,
    /// One row per resource line: `resources.csv`.
    Resources,
    /// One row per warning: `warnings.csv`.
    Warnings,
    /// One row per correction: `corrections.csv`.
    Corrections,
    /// One row per year of an indicator's targets by year: `targets.csv`.
    Targets,
}

impl Table {
    /// Every table, in the order they are written.
    pub const ALL: [Table; 6] = [
        Table::Objectives,
        Table::Indicators,
        Table::Resources,
        Table::Warnings,
        Table::Corrections,
        Table::Targets,
    ];

    /// The table's file name in the output folder (`"objectives.csv"`, ...).
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Objectives => "objectives.csv",
            Table::Indicators => "indicators.csv",
            Table::Resources => "resources.csv",
            Table::Warnings => "warnings.csv",
            Table::Corrections => "corrections.csv",
            Table::Targets => "targets.csv",
        }
    }

    /// The table's sheet name in `pira.xlsx` (`"objectives"`, ...): the
    /// file name without `.csv`.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Table::Objectives => "objectives",
            Table::Indicators => "indicators",
            Table::Resources => "resources",
            Table::Warnings => "warnings",
            Table::Corrections => "corrections",
            Table::Targets => "targets",
        }
    }

    /// The table's header row: `source_file,year`, then (for indicators,
    /// resources and targets) `objective_code`, then the record's fields in
    /// JSON order (a target's after its `indicator_number`, its `year` as
    /// `target_year`).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Objectives => &OBJECTIVE_COLUMNS,
            Table::Indicators => {
                columns!(["source_file", "year", "objective_code"], INDICATOR_FIELDS)
            }
            Table::Resources => {
                columns!(
                    ["source_file", "year", "objective_code"],
                    ResourceField::ALL,
                    |f| resource_column(f)
                )
            }
            Table::Warnings => &[
                "source_file",
                "year",
                "code",
                "message",
                "page",
                "objective_code",
                "indicator_number",
                "field",
            ],
            Table::Corrections => &[
                "source_file",
                "year",
                "objective_code",
                "indicator_number",
                "field",
                "raw",
                "corrected",
                "rule",
                "page",
            ],
            Table::Targets => &[
                "source_file",
                "year",
                "objective_code",
                "indicator_number",
                "target_year",
                "target",
                "target_value",
            ],
        }
    }
}

/// A hand-built report shared by the writers' tests.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::model::{
        Column, Correction, CorrectionRule, FieldPath, Indicator, InputFormat, Objective,
        ObjectiveField, PageRoute, Report, ReportKind, ResourceLine, Route, Source, Template,
        ValueKind, Warning, WarningCode, YearTarget, SCHEMA_VERSION,
    };
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// A decimal from test text; a typo in a literal is a test bug.
    pub(crate) fn dec(s: &str) -> Decimal {
        match Decimal::from_str(s) {
            Ok(d) => d,
            Err(e) => panic!("bad decimal literal {s:?} in test: {e}"),
        }
    }

    /// A report with nothing in it but its source, named `file`.
    pub(crate) fn empty_report(file: &str, year: Option<i32>) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            source: Source {
                file: file.to_string(),
                sha256: "ab".repeat(32),
                pira_version: "0.1.0".to_string(),
                options: serde_json::json!({"ocr": "auto", "lang": "ita"}),
                format: InputFormat::OcrText,
                pages: 1,
                page_routes: vec![PageRoute {
                    page: 1,
                    route: Route::Text,
                    reason: "plain text input".to_string(),
                }],
            },
            entity: None,
            year,
            kind: None,
            template: Template::Scheda,
            objectives: vec![],
            warnings: vec![],
            corrections: vec![],
        }
    }

    /// A realistic final account: two objectives, euro, percent and yes/no
    /// indicators, an uncertain resource, a warning and a correction, and
    /// text with commas, quotes and a line break to exercise CSV quoting.
    pub(crate) fn sample_report() -> Report {
        let mut report = empty_report("2020/brescia.txt", Some(2020));
        report.source.pages = 6;
        report.source.page_routes = (3..=5)
            .map(|page| PageRoute {
                page,
                route: Route::Text,
                reason: "plain text input".to_string(),
            })
            .collect();
        report.entity = Some("Camera di Commercio di Brescia".to_string());
        report.kind = Some(ReportKind::FinalAccount);
        report.objectives = vec![
            Objective {
                code: "011-005-001".to_string(),
                mission_code: Some("011".to_string()),
                mission_name: Some("Competitività e sviluppo delle imprese".to_string()),
                programme_code: Some("005".to_string()),
                programme_name: Some("Promozione, competitività e innovazione".to_string()),
                title: Some("SOSTEGNO ALLE IMPRESE \"COVID 19\"".to_string()),
                description: Some("Contributi, bandi e voucher.\nSecondo paragrafo".to_string()),
                time_frame: Some("2020".to_string()),
                responsibility_centre: Some("DIRIGENTE AREA PROMOZIONE".to_string()),
                declared_indicators: Some(2),
                resources_total: Some(dec("24390.75")),
                resources: vec![ResourceLine {
                    amount: dec("24390.75"),
                    amount_raw: "€ 24.39O,75".to_string(),
                    uncertain: true,
                    account: Some("330001".to_string()),
                    budget: Some("D002".to_string()),
                    line: Some("linea 1 \"azioni, interventi\"".to_string()),
                    project: None,
                    description: "linea 1 \"azioni, interventi\" punto 5".to_string(),
                    page: 3,
                    year: Some(2020),
                    budget_item: Some("Interventi".to_string()),
                }],
                indicators: vec![
                    Indicator {
                        number: 1,
                        title: Some("CONTRIBUTI ALLE IMPRESE".to_string()),
                        measures: Some("IMPORTO STANZIATO".to_string()),
                        kind: Some("EFFICACIA ESTERNA".to_string()),
                        unit: Some("NUMERICO".to_string()),
                        algorithm: None,
                        data_source: Some("BANDI PUBBLICATI".to_string()),
                        last_observed: None,
                        target: Some("€ 6.900.000,00".to_string()),
                        actual: Some("€ 8.825.715,66".to_string()),
                        last_observed_value: None,
                        target_value: Some(dec("6900000.00")),
                        actual_value: Some(dec("8825715.66")),
                        value_kind: ValueKind::Euro,
                        target_date: Some("2020-12-31".to_string()),
                        achieved: Some(true),
                        page: 3,
                        kpi_code: None,
                        targets: vec![],
                        achievement_stated: None,
                    },
                    Indicator {
                        number: 2,
                        title: Some("PRATICHE EVASE".to_string()),
                        measures: None,
                        kind: Some("EFFICIENZA".to_string()),
                        unit: Some("%".to_string()),
                        algorithm: Some("evase / ricevute * 100".to_string()),
                        data_source: None,
                        last_observed: Some("95,00%".to_string()),
                        target: Some(">= 98%".to_string()),
                        actual: Some("97,40%".to_string()),
                        last_observed_value: Some(dec("95.00")),
                        target_value: Some(dec("98")),
                        actual_value: Some(dec("97.40")),
                        value_kind: ValueKind::Percent,
                        target_date: Some("2020-12-31".to_string()),
                        achieved: Some(false),
                        page: 4,
                        kpi_code: Some("KPI156".to_string()),
                        targets: vec![
                            YearTarget {
                                year: 2020,
                                target: Some(">= 98%".to_string()),
                                target_value: Some(dec("98")),
                            },
                            YearTarget {
                                year: 2021,
                                target: Some(">=".to_string()),
                                target_value: None,
                            },
                        ],
                        achievement_stated: Some(dec("99.39")),
                    },
                ],
                pages: vec![3, 4],
            },
            Objective {
                code: "032-004-002".to_string(),
                mission_code: Some("032".to_string()),
                mission_name: Some("Servizi istituzionali e generali".to_string()),
                programme_code: Some("004".to_string()),
                programme_name: None,
                title: Some("DIGITALIZZAZIONE".to_string()),
                description: None,
                time_frame: Some("2020-2022".to_string()),
                responsibility_centre: None,
                declared_indicators: Some(2),
                resources_total: None,
                resources: vec![],
                indicators: vec![Indicator {
                    number: 1,
                    title: Some("SPORTELLO ONLINE".to_string()),
                    measures: None,
                    kind: None,
                    unit: Some("SI/NO".to_string()),
                    algorithm: None,
                    data_source: None,
                    last_observed: None,
                    target: Some("SI".to_string()),
                    actual: Some("SI".to_string()),
                    last_observed_value: None,
                    target_value: None,
                    actual_value: None,
                    value_kind: ValueKind::YesNo,
                    target_date: None,
                    achieved: Some(true),
                    page: 5,
                    kpi_code: None,
                    targets: vec![],
                    achievement_stated: None,
                }],
                pages: vec![5],
            },
        ];
        report.warnings = vec![Warning {
            code: WarningCode::IndicatorCountMismatch,
            message: "declared 2 indicators, found 1".to_string(),
            page: Some(5),
            objective_code: Some("032-004-002".to_string()),
            indicator_number: None,
            field: Some(ObjectiveField::DeclaredIndicators.into()),
        }];
        report.corrections = vec![Correction {
            objective_code: Some("011-005-001".to_string()),
            indicator_number: Some(1),
            field: FieldPath::cell(1, Column::Unit),
            raw: "MUMERICO".to_string(),
            corrected: "NUMERICO".to_string(),
            rule: CorrectionRule::LetterConfusion,
            page: Some(3),
        }];
        report
    }
}
