//! Where the review page shows each warning, and the ids its elements
//! take: no markup here, only which record and field a warning belongs to.

use crate::model::{Report, Warning};

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
    let field = w.field.as_deref();
    if let Some(number) = w.indicator_number {
        let Some(i) = objective.indicators.iter().position(|x| x.number == number) else {
            return Spot::Objective(o);
        };
        return match field.and_then(indicator_column) {
            Some(col) => Spot::IndicatorCell(o, i, col),
            None => Spot::IndicatorRow(o, i),
        };
    }
    let Some(field) = field else {
        return Spot::Objective(o);
    };
    if let Some(r) = resource_index(field) {
        return if r < objective.resources.len() {
            Spot::Resource(o, r)
        } else {
            Spot::Objective(o)
        };
    }
    let f = match field {
        "title" | "code" => ObjField::Title,
        "mission_code" | "mission_name" => ObjField::Mission,
        "programme_code" | "programme_name" => ObjField::Programme,
        "time_frame" => ObjField::TimeFrame,
        "responsibility_centre" => ObjField::Centre,
        "declared_indicators" | "indicators" => ObjField::Indicators,
        "description" => ObjField::Description,
        "pages" => ObjField::Pages,
        "resources_total" | "resources" => return Spot::ResourcesTotal(o),
        _ => return Spot::Objective(o),
    };
    Spot::ObjectiveField(o, f)
}

/// The column an indicator field is shown in; `None` for a field the table
/// has no cell for (its row is flagged).
fn indicator_column(field: &str) -> Option<Col> {
    Some(match field {
        "title" | "measures" | "number" => Col::Title,
        "type" => Col::Type,
        "unit" => Col::Unit,
        "last_observed" | "last_observed_value" => Col::LastObserved,
        "target" | "target_value" | "target_date" => Col::Target,
        "actual" | "actual_value" => Col::Actual,
        "achieved" | "value_kind" => Col::Achieved,
        "page" => Col::Page,
        _ => return None,
    })
}

/// `resources[2].amount` (or any `resources[2]...`) -> 2.
fn resource_index(field: &str) -> Option<usize> {
    let rest = field.strip_prefix("resources[")?;
    let end = rest.find(']')?;
    rest[..end].parse().ok()
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
