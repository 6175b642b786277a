//! The records pira produces: one [`Report`] per input, in the shape fixed
//! by the output contract (`schema_version` 2).
//!
//! These types are the end of the chain and the input of the writers. Field
//! order here is the column order of the CSV tables and the key order of the
//! JSON, so do not reorder fields without raising [`SCHEMA_VERSION`].

pub mod field;

pub use field::{
    Column, FieldPath, IndicatorField, ObjectiveField, ReportField, ResourceField, UnknownField,
    ValueField,
};

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// Version of the JSON and CSV shape. Raised only on purpose.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything extracted from one input report.
///
/// It is written as the per-input JSON of the output contract, and read
/// back the same:
///
/// ```
/// let text = std::fs::read("fixtures/000_b2d698d42f0df24e.txt")?;
/// let input = pira::Input::from_bytes("sample.txt", text);
/// let report = pira::extract(&input, &pira::Options::default())?;
/// assert_eq!(report.kind, Some(pira::model::ReportKind::FinalAccount));
/// let json = serde_json::to_string(&report)?;
/// let back: pira::Report = serde_json::from_str(&json)?;
/// assert_eq!(back, report);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub source: Source,
    /// The public body that wrote the report ("Camera di Commercio di Brescia").
    pub entity: Option<String>,
    /// The budget year the report is about.
    pub year: Option<i32>,
    pub kind: Option<ReportKind>,
    /// How the report was read: the template it is printed in.
    pub template: Template,
    pub objectives: Vec<Objective>,
    pub warnings: Vec<Warning>,
    pub corrections: Vec<Correction>,
}

/// Where a report came from and how it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The input's name: its path relative to the INPUT argument, `/`-separated.
    pub file: String,
    /// sha256 of the input bytes, lower-case hex.
    pub sha256: String,
    pub pira_version: String,
    /// The options that influence the output, as given.
    pub options: serde_json::Value,
    pub format: InputFormat,
    pub pages: u32,
    pub page_routes: Vec<PageRoute>,
}

/// The kind of input, as detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InputFormat {
    OcrText,
    OcrTsv,
    Hocr,
    PdfText,
    PdfOcr,
    PdfMixed,
}

/// How one page was read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRoute {
    pub page: u32,
    pub route: Route,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// A plain text file: the text is taken as it is.
    Text,
    /// The PDF's own text layer.
    TextLayer,
    /// The page image, read by Tesseract.
    Ocr,
}

/// Final account ("consuntivo", with actual values) or budget plan (targets only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    FinalAccount,
    BudgetPlan,
}

/// The layout a report is printed in, which decides how it is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Template {
    /// The Brescia "scheda": one page block per objective, coded
    /// `NNN-NNN-NNN`, with an indicator table.
    #[default]
    Scheda,
    /// One wide table, one indicator per row (Obiettivo, KPI, Target,
    /// Consuntivo, % raggiungimento ...).
    KpiTable,
    /// A matrix of Missioni, Programmi, Obiettivi, Indicatori and a Target
    /// cell with one line per year.
    Matrix,
    /// Cards per objective with KPI codes and targets in year columns.
    Card,
}

impl Template {
    /// The template as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheda => "scheda",
            Self::KpiTable => "kpi-table",
            Self::Matrix => "matrix",
            Self::Card => "card",
        }
    }

    /// The code of the objective at `position` (from 1) in a template
    /// that prints none: `#N`. `None` in the scheda, whose objectives
    /// carry their `NNN-NNN-NNN` code.
    pub fn positional_code(self, position: usize) -> Option<String> {
        (self != Self::Scheda).then(|| format!("#{position}"))
    }
}

/// One objective "scheda".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// mission-programme-objective, `NNN-NNN-NNN`; `#N` (N the objective's
    /// position in the report, from 1) where the template gives no code.
    pub code: String,
    pub mission_code: Option<String>,
    pub mission_name: Option<String>,
    pub programme_code: Option<String>,
    pub programme_name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub time_frame: Option<String>,
    pub responsibility_centre: Option<String>,
    pub declared_indicators: Option<u32>,
    pub resources_total: Option<Decimal>,
    pub resources: Vec<ResourceLine>,
    pub indicators: Vec<Indicator>,
    pub pages: Vec<u32>,
}

/// One euro amount of an objective's "Risorse finanziarie".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceLine {
    pub amount: Decimal,
    /// The amount as read, before normalisation.
    pub amount_raw: String,
    /// Digits or separators were lost: `amount` is a best reading.
    pub uncertain: bool,
    /// The "conto" number.
    pub account: Option<String>,
    /// Budget code such as "D002".
    pub budget: Option<String>,
    /// "linea 1 ..." up to the next part.
    pub line: Option<String>,
    /// "progetto 6 ..." up to the end.
    pub project: Option<String>,
    pub description: String,
    pub page: u32,
    /// The budget year of the amount, where the report gives several.
    pub year: Option<i32>,
    /// The budget line's name ("Personale", "Funzionamento", ...).
    pub budget_item: Option<String>,
}

/// One indicator and its table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub number: u32,
    pub title: Option<String>,
    /// "Cosa misura".
    pub measures: Option<String>,
    /// "Tipologia".
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// "Unità di misura".
    pub unit: Option<String>,
    /// "Algoritmo di calcolo".
    pub algorithm: Option<String>,
    /// "Fonte dei dati".
    pub data_source: Option<String>,
    /// "Ultimo valore osservato", as in the cell (corrected).
    pub last_observed: Option<String>,
    /// "Risultato atteso al ...", as in the cell (corrected).
    pub target: Option<String>,
    /// "Valore a consuntivo"; a budget plan has none.
    pub actual: Option<String>,
    pub last_observed_value: Option<Decimal>,
    pub target_value: Option<Decimal>,
    pub actual_value: Option<Decimal>,
    pub value_kind: ValueKind,
    /// ISO date of "Risultato atteso al ...".
    pub target_date: Option<String>,
    /// Actual against target in the direction the target states.
    pub achieved: Option<bool>,
    pub page: u32,
    /// The indicator's code where the template gives one ("KPI156").
    pub kpi_code: Option<String>,
    /// The target of each year, where the report states one per year;
    /// `target` and `target_value` are the report's own year's.
    pub targets: Vec<YearTarget>,
    /// The report's own "% raggiungimento", as the number of percent.
    pub achievement_stated: Option<Decimal>,
}

/// The target an indicator sets for one year of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearTarget {
    pub year: i32,
    /// The target as in the cell (corrected): ">= 82,5%"; null where empty.
    pub target: Option<String>,
    /// The number the target states; null where it states none.
    pub target_value: Option<Decimal>,
}

/// What kind of quantity an indicator's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Percent,
    Euro,
    Number,
    YesNo,
    Text,
}

impl ValueKind {
    /// The kind as written in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Percent => "percent",
            Self::Euro => "euro",
            Self::Number => "number",
            Self::YesNo => "yes_no",
            Self::Text => "text",
        }
    }
}

impl Indicator {
    /// The text of the table cell in `column`.
    pub fn cell(&self, column: Column) -> &Option<String> {
        match column {
            Column::Type => &self.kind,
            Column::Unit => &self.unit,
            Column::Algorithm => &self.algorithm,
            Column::DataSource => &self.data_source,
            Column::LastObserved => &self.last_observed,
            Column::Target => &self.target,
            Column::Actual => &self.actual,
        }
    }

    /// The text of the table cell in `column`, to change it.
    pub fn cell_mut(&mut self, column: Column) -> &mut Option<String> {
        match column {
            Column::Type => &mut self.kind,
            Column::Unit => &mut self.unit,
            Column::Algorithm => &mut self.algorithm,
            Column::DataSource => &mut self.data_source,
            Column::LastObserved => &mut self.last_observed,
            Column::Target => &mut self.target,
            Column::Actual => &mut self.actual,
        }
    }

    /// The number a value cell states.
    pub fn value(&self, value: ValueField) -> Option<Decimal> {
        match value {
            ValueField::LastObserved => self.last_observed_value,
            ValueField::Target => self.target_value,
            ValueField::Actual => self.actual_value,
        }
    }

    /// The number a value cell states, to change it.
    pub fn value_mut(&mut self, value: ValueField) -> &mut Option<Decimal> {
        match value {
            ValueField::LastObserved => &mut self.last_observed_value,
            ValueField::Target => &mut self.target_value,
            ValueField::Actual => &mut self.actual_value,
        }
    }
}

/// Something a reviewer should look at. Codes are listed in docs/reference.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub page: Option<u32>,
    pub objective_code: Option<String>,
    /// The indicator the warning is about; the same as the field's, when
    /// the field is an indicator's.
    pub indicator_number: Option<u32>,
    /// Written as the field's [`FieldPath::name`]: `target_value`,
    /// `resources[2].amount`.
    #[serde(serialize_with = "field::by_name::serialize_opt")]
    pub field: Option<FieldPath>,
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Row {
            code: WarningCode,
            message: String,
            page: Option<u32>,
            objective_code: Option<String>,
            indicator_number: Option<u32>,
            field: Option<String>,
        }
        let row = Row::deserialize(d)?;
        let field = row
            .field
            .map(|name| field::by_name::parse(row.indicator_number, &name))
            .transpose()?;
        Ok(Warning {
            code: row.code,
            message: row.message,
            page: row.page,
            objective_code: row.objective_code,
            indicator_number: row.indicator_number,
            field,
        })
    }
}

/// The fixed list of warning codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WarningCode {
    /// "Nr indicatori associati" differs from the indicators found.
    IndicatorCountMismatch,
    /// An amount whose digits or separators were lost.
    UncertainAmount,
    /// A value that should be a number could not be read as one.
    UnparsedValue,
    /// `achieved` could not be judged.
    AchievedUnknown,
    /// No direction ("almeno", "entro") stated for a duration unit.
    DirectionAssumed,
    /// The objective code disagrees with its mission or programme code.
    CodeMismatch,
    /// A field of the scheda was not found.
    MissingField,
    /// A scheda without an objective code.
    MissingCode,
    /// Two schede carry the same objective code.
    DuplicateCode,
    /// An indicator table whose cells could not all be placed.
    AmbiguousCells,
    /// The resource lines do not add up to the total the report states.
    ResourceTotalMismatch,
    /// An indicator whose "Indicatore N" label was lost: its number follows the previous one.
    InferredNumber,
    /// An objective listed in the summary matrix has no scheda.
    MatrixMissing,
    /// A scheda whose objective the summary matrix does not list.
    MatrixUnlisted,
    /// The summary matrix and the scheda give different titles.
    MatrixTitleMismatch,
    /// The same resource (account and project) appears under several objectives with different amounts.
    ResourceConflict,
    /// OCR read a field's words with low confidence.
    LowConfidence,
    /// A searchable scan's text layer and pira's own OCR of the page image
    /// read a field differently.
    ReadingsDiffer,
    /// A searchable scan whose text layer could not be checked against
    /// pira's own OCR (Tesseract missing, a page over its time limit).
    TextLayerUnchecked,
    /// Cells pira meant to read again from the page image could not be
    /// (OCR failed or ran past `--ocr-timeout`): they keep their first
    /// reading.
    RereadFailed,
    /// A reviewer's override names no record or field of the report.
    OverrideUnmatched,
    /// The report's own "% raggiungimento" disagrees with actual against
    /// target by more than rounding.
    AchievementMismatch,
    /// A value that does not look like what its field holds: words of
    /// another field, a code, OCR debris, a name that disagrees with
    /// another scheda's for the same code.
    ImplausibleValue,
    /// A page past the first record's, holding as much text as a page of
    /// records, that gave no record: what it holds may be missing.
    PageUnread,
}

impl WarningCode {
    /// The code as written in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IndicatorCountMismatch => "indicator-count-mismatch",
            Self::UncertainAmount => "uncertain-amount",
            Self::UnparsedValue => "unparsed-value",
            Self::AchievedUnknown => "achieved-unknown",
            Self::DirectionAssumed => "direction-assumed",
            Self::CodeMismatch => "code-mismatch",
            Self::MissingField => "missing-field",
            Self::MissingCode => "missing-code",
            Self::DuplicateCode => "duplicate-code",
            Self::AmbiguousCells => "ambiguous-cells",
            Self::ResourceTotalMismatch => "resource-total-mismatch",
            Self::InferredNumber => "inferred-number",
            Self::MatrixMissing => "matrix-missing",
            Self::MatrixUnlisted => "matrix-unlisted",
            Self::MatrixTitleMismatch => "matrix-title-mismatch",
            Self::ResourceConflict => "resource-conflict",
            Self::LowConfidence => "low-confidence",
            Self::ReadingsDiffer => "readings-differ",
            Self::TextLayerUnchecked => "text-layer-unchecked",
            Self::RereadFailed => "reread-failed",
            Self::OverrideUnmatched => "override-unmatched",
            Self::AchievementMismatch => "achievement-mismatch",
            Self::ImplausibleValue => "implausible-value",
            Self::PageUnread => "page-unread",
        }
    }
}

/// One change pira made to the text as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub objective_code: Option<String>,
    /// The same as the field's, when the field is an indicator's.
    pub indicator_number: Option<u32>,
    /// Written as the field's [`FieldPath::name`].
    #[serde(serialize_with = "field::by_name::serialize")]
    pub field: FieldPath,
    pub raw: String,
    pub corrected: String,
    pub rule: CorrectionRule,
    pub page: Option<u32>,
}

impl<'de> Deserialize<'de> for Correction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Row {
            objective_code: Option<String>,
            indicator_number: Option<u32>,
            field: String,
            raw: String,
            corrected: String,
            rule: CorrectionRule,
            page: Option<u32>,
        }
        let row = Row::deserialize(d)?;
        Ok(Correction {
            field: field::by_name::parse(row.indicator_number, &row.field)?,
            objective_code: row.objective_code,
            indicator_number: row.indicator_number,
            raw: row.raw,
            corrected: row.corrected,
            rule: row.rule,
            page: row.page,
        })
    }
}

/// The fixed list of correction rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CorrectionRule {
    /// A categorical value matched to its canonical spelling in the vocabulary.
    Vocabulary,
    /// A letter confusion (rn/m, w/vv, n/m, |/l) that turned a word into a known one.
    LetterConfusion,
    /// A lost apostrophe restored ("dellemergenza" -> "dell'emergenza").
    Apostrophe,
    /// A lost space restored between two known words ("SITOCAMERALE" ->
    /// "SITO CAMERALE").
    LostSpace,
    /// A space OCR put inside a word removed, the two parts joining into a
    /// known word ("INTERNAZIONALIZZA ZIONE" -> "INTERNAZIONALIZZAZIONE").
    SplitWord,
    /// A misread currency sign or separator in a number.
    NumberFormat,
    /// A reviewer's override.
    Reviewer,
    /// A field whose text held no usable value, read again by OCR from the
    /// page image (a boxed count).
    Reread,
}

impl CorrectionRule {
    /// The rule as written in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vocabulary => "vocabulary",
            Self::LetterConfusion => "letter-confusion",
            Self::Apostrophe => "apostrophe",
            Self::LostSpace => "lost-space",
            Self::SplitWord => "split-word",
            Self::NumberFormat => "number-format",
            Self::Reviewer => "reviewer",
            Self::Reread => "reread",
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An objective with only its code and page 1: tests set the fields
    /// they need with `..an_objective(code)`.
    pub(crate) fn an_objective(code: &str) -> Objective {
        Objective {
            code: code.into(),
            mission_code: None,
            mission_name: None,
            programme_code: None,
            programme_name: None,
            title: None,
            description: None,
            time_frame: None,
            responsibility_centre: None,
            declared_indicators: None,
            resources_total: None,
            resources: Vec::new(),
            indicators: Vec::new(),
            pages: vec![1],
        }
    }

    /// An indicator with every field set.
    pub(crate) fn an_indicator() -> Indicator {
        let text = |t: &str| Some(t.to_string());
        Indicator {
            number: 1,
            title: text("Bandi"),
            measures: text("quanti"),
            kind: text("EFFICACIA"),
            unit: text("NUMERO"),
            algorithm: text("conteggio"),
            data_source: text("REPORT"),
            last_observed: text("10"),
            target: text("almeno 12"),
            actual: text("13"),
            last_observed_value: Some(Decimal::from(10)),
            target_value: Some(Decimal::from(12)),
            actual_value: Some(Decimal::from(13)),
            value_kind: ValueKind::Number,
            target_date: text("2021-12-31"),
            achieved: Some(true),
            page: 4,
            kpi_code: text("KPI156"),
            targets: vec![YearTarget {
                year: 2021,
                target: text("almeno 12"),
                target_value: Some(Decimal::from(12)),
            }],
            achievement_stated: Some(Decimal::from(100)),
        }
    }

    #[test]
    fn cells_are_the_columns_fields() {
        let mut ind = an_indicator();
        for &column in Column::ALL {
            let json = serde_json::to_value(&ind).unwrap_or_default();
            assert_eq!(json[column.as_str()].as_str(), ind.cell(column).as_deref());
            *ind.cell_mut(column) = None;
            assert_eq!(*ind.cell(column), None);
        }
        for &value in ValueField::ALL {
            assert!(ind.value(value).is_some());
            *ind.value_mut(value) = None;
            let json = serde_json::to_value(&ind).unwrap_or_default();
            assert!(json[value.as_str()].is_null());
        }
    }

    #[test]
    fn warnings_and_corrections_read_back_their_field() {
        let warning = Warning {
            code: WarningCode::UnparsedValue,
            message: "m".into(),
            page: Some(2),
            objective_code: Some("011-005-001".into()),
            indicator_number: Some(3),
            field: Some(FieldPath::indicator(
                3,
                IndicatorField::Value(ValueField::Target),
            )),
        };
        let json = serde_json::to_string(&warning).unwrap_or_default();
        assert!(json.contains("\"field\":\"target_value\""), "{json}");
        assert_eq!(serde_json::from_str::<Warning>(&json).ok(), Some(warning));
        let correction = Correction {
            objective_code: None,
            indicator_number: None,
            field: FieldPath::Resource {
                index: 2,
                field: ResourceField::Amount,
            },
            raw: "a".into(),
            corrected: "b".into(),
            rule: CorrectionRule::Reviewer,
            page: None,
        };
        let json = serde_json::to_string(&correction).unwrap_or_default();
        assert!(json.contains("\"field\":\"resources[2].amount\""), "{json}");
        assert_eq!(
            serde_json::from_str::<Correction>(&json).ok(),
            Some(correction)
        );
    }
}
