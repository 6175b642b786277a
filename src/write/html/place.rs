//! Where the review page shows each warning, and the ids its elements
//! take: no markup here, only which record and field a warning belongs to.

use crate::model::{
    Column, FieldPath, IndicatorField, ObjectiveField, Report, ValueField, Warning,
};

/// One warning as the page places it: its anchor id and where it goes.
pub(super) struct Placed<'a> {
    /// `r1-w3`: report 1, warning 3.
    pub id: String,
    pub warning: &'a Warning,
    pub spot: Spot,
}

/// Where a warning is shown in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Spot {
    /// Only in the report's list: no objective of the report matches.
    Report,
    /// At the top of objective `o` (by index).
    Objective(usize),
    /// Beside one of the objective's fields.
    ObjectiveField(usize, ObjField),
    /// The amount of resource line `r` of objective `o`.
    Resource(usize, usize),
    /// The resources total of objective `o`.
    ResourcesTotal(usize),
    /// A cell of indicator `i` (by index) of objective `o`.
    IndicatorCell(usize, usize, Col),
    /// The whole row of indicator `i`: the message goes in its title cell.
    IndicatorRow(usize, usize),
}

impl Spot {
    /// The objective the spot belongs to, if any.
    pub fn objective(&self) -> Option<usize> {
        match *self {
            Spot::Report => None,
            Spot::Objective(o)
            | Spot::ObjectiveField(o, _)
            | Spot::Resource(o, _)
            | Spot::ResourcesTotal(o)
            | Spot::IndicatorCell(o, _, _)
            | Spot::IndicatorRow(o, _) => Some(o),
        }
    }
}

/// The objective fields the page shows, each a place for warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ObjField {
    Title,
    Mission,
    Programme,
    TimeFrame,
    Centre,
    Indicators,
    Description,
    Pages,
}

/// The columns of the indicators table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Title,
    Type,
    Unit,
    LastObserved,
    Target,
    Actual,
    Achieved,
    Page,
}

/// The warnings of report number `report_no` (from 1), each placed.
pub(super) fn place(report_no: usize, report: &Report) -> Vec<Placed<'_>> {
    report
        .warnings
        .iter()
        .enumerate()
        .map(|(n, warning)| Placed {
            id: format!("r{report_no}-w{}", n + 1),
            warning,
            spot: spot(report, warning),
        })
        .collect()
}

/// The warnings placed at `spot`.
pub(super) fn flags_at<'a, 'b>(placed: &'b [Placed<'a>], spot: &Spot) -> Vec<&'b Placed<'a>> {
    placed.iter().filter(|p| &p.spot == spot).collect()
}

/// How many warnings are placed in objective `o`.
pub(super) fn count_in(placed: &[Placed], o: usize) -> usize {
    placed
        .iter()
        .filter(|p| p.spot.objective() == Some(o))
        .count()
}

fn spot(report: &Report, w: &Warning) -> Spot {
    let Some(o) = w
        .objective_code
        .as_deref()
        .and_then(|code| report.objectives.iter().position(|o| o.code == code))
    else {
        return Spot::Report;
    };
    let objective = &report.objectives[o];
    if let Some(number) = w.indicator_number {
        let Some(i) = objective.indicators.iter().position(|x| x.number == number) else {
            return Spot::Objective(o);
        };
        let col = match w.field {
            Some(FieldPath::Indicator { field, .. }) => indicator_col(field),
            _ => None,
        };
        return col.map_or(Spot::IndicatorRow(o, i), |c| Spot::IndicatorCell(o, i, c));
    }
    match w.field {
        None => Spot::Objective(o),
        Some(FieldPath::Resource { index, .. }) if index < objective.resources.len() => {
            Spot::Resource(o, index)
        }
        Some(FieldPath::Objective(field)) => objective_spot(o, field),
        Some(_) => Spot::Objective(o),
    }
}

/// The column of an indicator's row that shows `field`, if one does.
fn indicator_col(field: IndicatorField) -> Option<Col> {
    use IndicatorField as F;
    Some(match field {
        F::Title | F::Measures | F::Number => Col::Title,
        F::Cell(Column::Type) => Col::Type,
        F::Cell(Column::Unit) => Col::Unit,
        F::Cell(Column::LastObserved) | F::Value(ValueField::LastObserved) => Col::LastObserved,
        F::Cell(Column::Target) | F::Value(ValueField::Target) | F::TargetDate => Col::Target,
        F::Cell(Column::Actual) | F::Value(ValueField::Actual) => Col::Actual,
        F::Achieved | F::ValueKind => Col::Achieved,
        F::Page => Col::Page,
        F::KpiCode => Col::Title,
        F::Targets => Col::Target,
        F::AchievementStated => Col::Achieved,
        F::Cell(Column::Algorithm | Column::DataSource) => return None,
    })
}

/// Where an objective's `field` is shown.
fn objective_spot(o: usize, field: ObjectiveField) -> Spot {
    use ObjectiveField as F;
    let f = match field {
        F::Title | F::Code => ObjField::Title,
        F::MissionCode | F::MissionName => ObjField::Mission,
        F::ProgrammeCode | F::ProgrammeName => ObjField::Programme,
        F::TimeFrame => ObjField::TimeFrame,
        F::ResponsibilityCentre => ObjField::Centre,
        F::DeclaredIndicators | F::Indicators => ObjField::Indicators,
        F::Description => ObjField::Description,
        F::Pages => ObjField::Pages,
        F::ResourcesTotal | F::Resources => return Spot::ResourcesTotal(o),
    };
    Spot::ObjectiveField(o, f)
}

/// Hands out the objective keys of the page's ids: the code (made safe for
/// an id), with `_2`, `_3`, ... for a code seen before in the run.
#[derive(Default)]
pub(super) struct IdSet {
    seen: Vec<(String, usize)>,
}

impl IdSet {
    pub fn key(&mut self, code: &str) -> String {
        let mut base: String = code
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if base.is_empty() {
            base.push('_');
        }
        match self.seen.iter_mut().find(|(b, _)| *b == base) {
            Some((_, n)) => {
                *n += 1;
                format!("{base}_{n}")
            }
            None => {
                self.seen.push((base.clone(), 1));
                base
            }
        }
    }
}
