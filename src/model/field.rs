//! The names of the records' fields, each declared once: which field a
//! warning, a correction, a reviewer's override or a table cell is about.
//!
//! A field is named the way the JSON names it (`title`, `target_value`,
//! `resources[2].amount`). [`FieldPath`] adds the record it belongs to
//! (the objective itself, one of its resource lines, one of its
//! indicators) and has one text form, used by `pira inspect`; warnings,
//! corrections and overrides write the field's [`FieldPath::name`] beside
//! their `indicator_number` column.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A field name that names no field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown field {:?}", self.0)
    }
}

impl std::error::Error for UnknownField {}

/// `ALL` in JSON order, `as_str` (the JSON name) and the text and serde
/// forms from it: the names are written once, in `as_str`.
macro_rules! named_fields {
    ($name:ident, [$($variant:expr),+ $(,)?]) => {
        impl $name {
            /// Every value, in JSON order.
            pub const ALL: &'static [$name] = &[$($variant),+];
        }

        impl FromStr for $name {
            type Err = UnknownField;

            fn from_str(s: &str) -> Result<Self, UnknownField> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|f| f.as_str() == s)
                    .ok_or_else(|| UnknownField(s.to_string()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = Cow::<str>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A field of the [`Report`](super::Report) itself, which no objective
/// holds: the entity and year read from the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportField {
    Entity,
    Year,
}

impl ReportField {
    /// The field's JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Entity => "entity",
            Self::Year => "year",
        }
    }
}

named_fields!(ReportField, [ReportField::Entity, ReportField::Year]);

/// A field of an [`Objective`](super::Objective).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectiveField {
    Code,
    MissionCode,
    MissionName,
    ProgrammeCode,
    ProgrammeName,
    Title,
    Description,
    TimeFrame,
    ResponsibilityCentre,
    DeclaredIndicators,
    ResourcesTotal,
    /// The resource lines as a whole.
    Resources,
    /// The indicators as a whole.
    Indicators,
    Pages,
}

impl ObjectiveField {
    /// The field's JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::MissionCode => "mission_code",
            Self::MissionName => "mission_name",
            Self::ProgrammeCode => "programme_code",
            Self::ProgrammeName => "programme_name",
            Self::Title => "title",
            Self::Description => "description",
            Self::TimeFrame => "time_frame",
            Self::ResponsibilityCentre => "responsibility_centre",
            Self::DeclaredIndicators => "declared_indicators",
            Self::ResourcesTotal => "resources_total",
            Self::Resources => "resources",
            Self::Indicators => "indicators",
            Self::Pages => "pages",
        }
    }
}

named_fields!(
    ObjectiveField,
    [
        ObjectiveField::Code,
        ObjectiveField::MissionCode,
        ObjectiveField::MissionName,
        ObjectiveField::ProgrammeCode,
        ObjectiveField::ProgrammeName,
        ObjectiveField::Title,
        ObjectiveField::Description,
        ObjectiveField::TimeFrame,
        ObjectiveField::ResponsibilityCentre,
        ObjectiveField::DeclaredIndicators,
        ObjectiveField::ResourcesTotal,
        ObjectiveField::Resources,
        ObjectiveField::Indicators,
        ObjectiveField::Pages,
    ]
);

/// A field of a [`ResourceLine`](super::ResourceLine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceField {
    Amount,
    AmountRaw,
    Uncertain,
    Account,
    Budget,
    Line,
    Project,
    Description,
    Page,
    Year,
    BudgetItem,
}

impl ResourceField {
    /// The field's JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Amount => "amount",
            Self::AmountRaw => "amount_raw",
            Self::Uncertain => "uncertain",
            Self::Account => "account",
            Self::Budget => "budget",
            Self::Line => "line",
            Self::Project => "project",
            Self::Description => "description",
            Self::Page => "page",
            Self::Year => "year",
            Self::BudgetItem => "budget_item",
        }
    }
}

named_fields!(
    ResourceField,
    [
        ResourceField::Amount,
        ResourceField::AmountRaw,
        ResourceField::Uncertain,
        ResourceField::Account,
        ResourceField::Budget,
        ResourceField::Line,
        ResourceField::Project,
        ResourceField::Description,
        ResourceField::Page,
        ResourceField::Year,
        ResourceField::BudgetItem,
    ]
);

/// A column of the indicator table, in the order reports print them:
/// Tipologia, Unità di misura, Algoritmo di calcolo, Fonte dei dati,
/// Ultimo valore osservato, Risultato atteso, Valore a consuntivo. This is
/// the one list of the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Type,
    Unit,
    Algorithm,
    DataSource,
    LastObserved,
    Target,
    Actual,
}

impl Column {
    /// How many columns the table has.
    pub const COUNT: usize = Self::ALL.len();

    /// The JSON name of the indicator field the column's cell goes into.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Type => "type",
            Self::Unit => "unit",
            Self::Algorithm => "algorithm",
            Self::DataSource => "data_source",
            Self::LastObserved => "last_observed",
            Self::Target => "target",
            Self::Actual => "actual",
        }
    }

    /// The column's place in [`Column::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The number the cell states, for the value columns.
    pub fn value(self) -> Option<ValueField> {
        ValueField::ALL.iter().copied().find(|v| v.column() == self)
    }
}

named_fields!(
    Column,
    [
        Column::Type,
        Column::Unit,
        Column::Algorithm,
        Column::DataSource,
        Column::LastObserved,
        Column::Target,
        Column::Actual,
    ]
);

/// The number a value cell states (`target_value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueField {
    LastObserved,
    Target,
    Actual,
}

impl ValueField {
    /// The field's JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::LastObserved => "last_observed_value",
            Self::Target => "target_value",
            Self::Actual => "actual_value",
        }
    }

    /// The cell the number is read from.
    pub const fn column(self) -> Column {
        match self {
            Self::LastObserved => Column::LastObserved,
            Self::Target => Column::Target,
            Self::Actual => Column::Actual,
        }
    }
}

named_fields!(
    ValueField,
    [
        ValueField::LastObserved,
        ValueField::Target,
        ValueField::Actual
    ]
);

/// A field of an [`Indicator`](super::Indicator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorField {
    Number,
    Title,
    /// "Cosa misura".
    Measures,
    /// The text of a table cell (`target`).
    Cell(Column),
    /// The number a value cell states (`target_value`).
    Value(ValueField),
    ValueKind,
    TargetDate,
    Achieved,
    Page,
    /// The indicator's code ("KPI156").
    KpiCode,
    /// The targets by year, as a whole.
    Targets,
    /// The report's own "% raggiungimento".
    AchievementStated,
}

impl IndicatorField {
    /// The field's JSON name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Title => "title",
            Self::Measures => "measures",
            Self::Cell(column) => column.as_str(),
            Self::Value(value) => value.as_str(),
            Self::ValueKind => "value_kind",
            Self::TargetDate => "target_date",
            Self::Achieved => "achieved",
            Self::Page => "page",
            Self::KpiCode => "kpi_code",
            Self::Targets => "targets",
            Self::AchievementStated => "achievement_stated",
        }
    }
}

named_fields!(
    IndicatorField,
    [
        IndicatorField::Number,
        IndicatorField::Title,
        IndicatorField::Measures,
        IndicatorField::Cell(Column::ALL[0]),
        IndicatorField::Cell(Column::ALL[1]),
        IndicatorField::Cell(Column::ALL[2]),
        IndicatorField::Cell(Column::ALL[3]),
        IndicatorField::Cell(Column::ALL[4]),
        IndicatorField::Cell(Column::ALL[5]),
        IndicatorField::Cell(Column::ALL[6]),
        IndicatorField::Value(ValueField::ALL[0]),
        IndicatorField::Value(ValueField::ALL[1]),
        IndicatorField::Value(ValueField::ALL[2]),
        IndicatorField::ValueKind,
        IndicatorField::TargetDate,
        IndicatorField::Achieved,
        IndicatorField::Page,
        IndicatorField::KpiCode,
        IndicatorField::Targets,
        IndicatorField::AchievementStated,
    ]
);

/// A field of a report's records: of an objective, of its resource line
/// `index` (0-based), or of its indicator `number` ("Indicatore N").
///
/// Its text form is the field's JSON name, after `resources[I].` or
/// `indicator[N].` for a resource line's or an indicator's:
///
/// ```
/// use pira::model::{Column, FieldPath, IndicatorField, ObjectiveField, ResourceField};
///
/// let target = FieldPath::Indicator { number: 3, field: IndicatorField::Cell(Column::Target) };
/// assert_eq!(target.to_string(), "indicator[3].target");
/// assert_eq!("indicator[3].target".parse(), Ok(target));
/// let amount = FieldPath::Resource { index: 2, field: ResourceField::Amount };
/// assert_eq!(amount.to_string(), "resources[2].amount");
/// assert_eq!("title".parse(), Ok(FieldPath::Objective(ObjectiveField::Title)));
/// // Warnings name an indicator's field beside its number.
/// assert_eq!(target.name(), "target");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldPath {
    /// A field of the report, outside every objective (`entity`).
    Report(ReportField),
    Objective(ObjectiveField),
    Resource {
        index: usize,
        field: ResourceField,
    },
    Indicator {
        number: u32,
        field: IndicatorField,
    },
}

impl From<ObjectiveField> for FieldPath {
    fn from(field: ObjectiveField) -> FieldPath {
        FieldPath::Objective(field)
    }
}

impl FieldPath {
    /// The amount of resource line `index`.
    pub fn amount(index: usize) -> FieldPath {
        FieldPath::Resource {
            index,
            field: ResourceField::Amount,
        }
    }

    /// A field of indicator `number`.
    pub fn indicator(number: u32, field: IndicatorField) -> FieldPath {
        FieldPath::Indicator { number, field }
    }

    /// A table cell of indicator `number`.
    pub fn cell(number: u32, column: Column) -> FieldPath {
        FieldPath::indicator(number, IndicatorField::Cell(column))
    }

    /// The number of the indicator the field belongs to.
    pub fn indicator_number(&self) -> Option<u32> {
        match self {
            FieldPath::Indicator { number, .. } => Some(*number),
            _ => None,
        }
    }

    /// The field's name within its objective or indicator, as warnings,
    /// corrections and overrides write it beside `indicator_number`:
    /// `title`, `resources[2].amount`, `target`.
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            FieldPath::Report(field) => Cow::Borrowed(field.as_str()),
            FieldPath::Objective(field) => Cow::Borrowed(field.as_str()),
            FieldPath::Resource { index, field } => {
                Cow::Owned(format!("resources[{index}].{field}"))
            }
            FieldPath::Indicator { field, .. } => Cow::Borrowed(field.as_str()),
        }
    }

    /// The field [`FieldPath::name`] names, in indicator `indicator` (or
    /// its objective when there is none).
    pub fn from_name(indicator: Option<u32>, name: &str) -> Result<FieldPath, UnknownField> {
        match indicator {
            Some(number) => Ok(FieldPath::indicator(number, name.parse()?)),
            None => match resource_field(name) {
                Some(path) => path,
                None => name.parse().map(FieldPath::Objective).or_else(|e| {
                    name.parse()
                        .map(FieldPath::Report)
                        .map_err(|_: UnknownField| e)
                }),
            },
        }
    }
}

/// `resources[I].field`, when `text` opens with `resources[`.
fn resource_field(text: &str) -> Option<Result<FieldPath, UnknownField>> {
    let rest = text.strip_prefix("resources[")?;
    let unknown = || UnknownField(text.to_string());
    let parsed = rest
        .split_once("].")
        .ok_or_else(unknown)
        .and_then(|(i, f)| {
            Ok(FieldPath::Resource {
                index: i.parse().map_err(|_| unknown())?,
                field: f.parse().map_err(|_| unknown())?,
            })
        });
    Some(parsed)
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Indicator { number, field } => write!(f, "indicator[{number}].{field}"),
            _ => f.write_str(&self.name()),
        }
    }
}

impl FromStr for FieldPath {
    type Err = UnknownField;

    fn from_str(s: &str) -> Result<Self, UnknownField> {
        let Some(rest) = s.strip_prefix("indicator[") else {
            return FieldPath::from_name(None, s);
        };
        let unknown = || UnknownField(s.to_string());
        let (number, name) = rest.split_once("].").ok_or_else(unknown)?;
        let number = number.parse().map_err(|_| unknown())?;
        FieldPath::from_name(Some(number), name).map_err(|_| unknown())
    }
}

/// Serde for a record's `field` column: the path's [`FieldPath::name`].
pub(crate) mod by_name {
    use super::FieldPath;

    pub fn serialize<S: serde::Serializer>(path: &FieldPath, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&path.name())
    }

    pub fn serialize_opt<S: serde::Serializer>(
        path: &Option<FieldPath>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match path {
            Some(path) => serialize(path, s),
            None => s.serialize_none(),
        }
    }

    /// The path `name` names in indicator `indicator`, as a serde error.
    pub fn parse<E: serde::de::Error>(indicator: Option<u32>, name: &str) -> Result<FieldPath, E> {
        FieldPath::from_name(indicator, name).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    #[test]
    fn names_round_trip_through_text_and_serde() {
        fn check<T>(all: &[T])
        where
            T: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr + serde::Serialize,
            T: serde::de::DeserializeOwned,
        {
            for &field in all {
                let text = field.to_string();
                assert!(text.parse::<T>().ok() == Some(field), "{text}");
                assert_eq!(json(&field), format!("\"{text}\""));
                let back: Option<T> = serde_json::from_str(&json(&field)).ok();
                assert!(back == Some(field), "{text}");
            }
        }
        check(ObjectiveField::ALL);
        check(ReportField::ALL);
        check(ResourceField::ALL);
        check(IndicatorField::ALL);
        check(Column::ALL);
        check(ValueField::ALL);
        assert!("colour".parse::<IndicatorField>().is_err());
    }

    #[test]
    fn indicator_fields_follow_the_json_order() {
        let names: Vec<&str> = IndicatorField::ALL.iter().map(|f| f.as_str()).collect();
        let record = super::super::tests::an_indicator();
        let keys: Vec<String> = match serde_json::to_value(&record) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        assert_eq!(names, keys);
        for (i, column) in Column::ALL.iter().enumerate() {
            assert_eq!(column.index(), i);
        }
    }

    #[test]
    fn paths_read_back_what_they_write() {
        let paths = [
            FieldPath::Objective(ObjectiveField::ResponsibilityCentre),
            FieldPath::Resource {
                index: 12,
                field: ResourceField::Description,
            },
            FieldPath::cell(4, Column::DataSource),
            FieldPath::indicator(1, IndicatorField::Value(ValueField::Actual)),
            FieldPath::indicator(2, IndicatorField::Title),
            FieldPath::Report(ReportField::Entity),
        ];
        for path in paths {
            assert_eq!(path.to_string().parse(), Ok(path));
            assert_eq!(
                FieldPath::from_name(path.indicator_number(), &path.name()),
                Ok(path)
            );
        }
        assert_eq!(
            FieldPath::cell(4, Column::DataSource).to_string(),
            "indicator[4].data_source"
        );
        for bad in [
            "",
            "colour",
            "resources[x].amount",
            "resources[1].colour",
            "indicator[2]",
            "indicator[a].title",
            "indicator[2].code",
        ] {
            assert!(bad.parse::<FieldPath>().is_err(), "{bad}");
        }
    }
}
