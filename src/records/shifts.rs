//! Misses by shift: records read one off their place. A report whose
//! schede mostly carry a code their mission and programme disagree with
//! was read one scheda off throughout; an objective read as two (two
//! neighbours under one mission and programme, one title inside the
//! other, where OCR read them) moves every later `#N` code; an objective short of its
//! declared indicators after one that has too many lent them its first
//! ones, and its indicators are numbered one off. Each such record's
//! fields are flagged where they stand.

use std::cell::LazyCell;

use super::absent;
use super::plausible::{misplaced_scheda, on_objective, whole_indicator, whole_scheda, Varying};
use crate::model::{Objective, ObjectiveField, Template, Warning, WarningCode};
use crate::vocab::fold;

/// The scheda's code and fields that name its mission and programme:
/// their code first, then their name.
const PAIRS: [(ObjectiveField, ObjectiveField); 2] = [
    (ObjectiveField::MissionCode, ObjectiveField::MissionName),
    (ObjectiveField::ProgrammeCode, ObjectiveField::ProgrammeName),
];

/// Adds to `found` the warnings of every record read out of its place;
/// `by_ocr` says whether OCR read an objective (a page of it).
pub(super) fn check(
    varying: &Varying,
    template: Template,
    by_ocr: &dyn Fn(&Objective) -> bool,
    found: &mut Vec<Warning>,
) {
    let objectives = varying.all;
    // The fields the indicators past an objective's own would hold: the
    // report's, worked out once for every objective read one off.
    let filled = LazyCell::new(|| absent::filled_fields(objectives));
    if let Some(why) = schede_one_off(objectives) {
        for o in objectives {
            whole_scheda(varying, o, &why, found);
        }
    }
    if template != Template::Scheda {
        if let Some((first, why)) = objective_read_as_two(objectives, by_ocr) {
            // The first of the two keeps its own fields but the title.
            let title = ObjectiveField::Title;
            let o = &objectives[first];
            found.push(on_objective(
                o,
                title,
                WarningCode::CodeMismatch,
                why.clone(),
            ));
            // Its indicators past its own may be the second's.
            let both = o.indicators.len() + objectives[first + 1].indicators.len();
            absent::beyond(&filled, o, both, &why, found);
            for (k, o) in objectives.iter().enumerate().skip(first + 1) {
                whole_scheda(varying, o, &why, found);
                if let Some(next) = objectives.get(k + 1) {
                    absent::beyond(&filled, o, next.indicators.len(), &why, found);
                }
            }
        }
        if let Some((ghost, why)) = objective_read_from_nothing(objectives) {
            for (k, o) in objectives.iter().enumerate().skip(ghost) {
                whole_scheda(varying, o, &why, found);
                // Read one off, the objective holds the next one's
                // indicators: those it lacks are missing.
                if let Some(next) = objectives.get(k + 1) {
                    absent::beyond(&filled, o, next.indicators.len(), &why, found);
                }
            }
        }
        lent_indicators(varying, found);
    }
    lost_pairs(objectives, found);
}

/// Why every scheda may carry its neighbour's code: most of them carry a
/// code that disagrees with their mission and programme.
fn schede_one_off(objectives: &[Objective]) -> Option<String> {
    let codes: Vec<&str> = objectives.iter().map(|o| o.code.as_str()).collect();
    let coded = codes.iter().filter(|c| !c.starts_with('#')).count();
    let misplaced = objectives
        .iter()
        .filter(|o| misplaced_scheda(o, &codes).is_some())
        .count();
    (misplaced >= 2 && 2 * misplaced > coded).then(|| {
        format!(
            "{misplaced} of {coded} schede carry a code their mission and programme disagree with: the report's codes and schede may be paired one off"
        )
    })
}

/// The first of two neighbours read from one objective, and why: two
/// neighbours under one mission and programme whose titles are one
/// inside the other, but not the same (an objective cell read as two,
/// OCR reading it differently in two rows). A text layer gives one
/// cell's text alike in every row, and the same title twice is read as
/// two objectives only where the layout saw two cells: titles nested on
/// a text layer ("X", then "X - seconda fase") or equal are two
/// objectives.
fn objective_read_as_two(
    objectives: &[Objective],
    by_ocr: &dyn Fn(&Objective) -> bool,
) -> Option<(usize, String)> {
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let nested = |a: &Objective, b: &Objective| match (a.title.as_deref(), b.title.as_deref()) {
        (Some(x), Some(y)) if by_ocr(a) || by_ocr(b) => {
            let (x, y) = (fold(x), fold(y));
            x != y && (x.contains(&y) || y.contains(&x))
        }
        _ => false,
    };
    objectives.windows(2).enumerate().find_map(|(i, pair)| {
        let (a, b) = (&pair[0], &pair[1]);
        // A programme named by its full name alone has no code.
        let programme = same(&a.programme_code, &b.programme_code)
            || (a.programme_code.is_none()
                && b.programme_code.is_none()
                && same(&a.programme_name, &b.programme_name));
        (same(&a.mission_code, &b.mission_code) && programme && nested(a, b))
        .then(|| {
            (
                i,
                format!(
                    "objectives {} and {} share mission, programme and title: one objective may be read as two, and every later objective's number be one off",
                    a.code, b.code
                ),
            )
        })
    })
}

/// The first objective read from nothing, and why: no title, no
/// resources and no indicator that names or targets anything, among
/// objectives that have them. Its `#N` code moves every later
/// objective's one on, so each may be scored against its neighbour's.
fn objective_read_from_nothing(objectives: &[Objective]) -> Option<(usize, String)> {
    let empty = |o: &Objective| {
        o.title.is_none()
            && o.resources.is_empty()
            && o.indicators
                .iter()
                .all(|i| i.title.is_none() && i.target.is_none() && i.kpi_code.is_none())
    };
    let ghost = objectives.iter().position(empty)?;
    let others = objectives.len() - objectives.iter().filter(|o| empty(o)).count();
    (others >= 1).then(|| {
        (
            ghost,
            format!(
                "objective {} holds no title, resource or indicator: it may be read from a page's debris, and every later objective's number be one off",
                objectives[ghost].code
            ),
        )
    })
}

/// Objectives with fewer indicators than they declare right after one
/// with more: the earlier took the later's first indicators, and the
/// later's are numbered one off.
fn lent_indicators(varying: &Varying, found: &mut Vec<Warning>) {
    let objectives = varying.all;
    let surplus = |o: &Objective| {
        o.declared_indicators
            .map_or(0, |d| o.indicators.len() as i64 - i64::from(d))
    };
    for pair in objectives.windows(2) {
        let (before, o) = (&pair[0], &pair[1]);
        if surplus(before) > 0 && surplus(o) < 0 {
            let why = format!(
                "{} has more indicators than it declares and {} fewer: its indicators may be numbered one off",
                before.code, o.code
            );
            for ind in &o.indicators {
                whole_indicator(varying, o, ind, &why, found);
            }
        }
    }
}

/// A mission's or programme's code and name both empty where most of the
/// report's objectives give them: both are lost together.
fn lost_pairs(objectives: &[Objective], found: &mut Vec<Warning>) {
    let filled =
        |o: &Objective, f: ObjectiveField| super::plausible::objective_text(o, f).is_some();
    for (code, name) in PAIRS {
        let giving = objectives
            .iter()
            .filter(|o| filled(o, code) && filled(o, name))
            .count();
        if 2 * giving <= objectives.len() {
            continue;
        }
        for o in objectives
            .iter()
            .filter(|o| !filled(o, code) && !filled(o, name))
        {
            for f in [code, name] {
                let message = format!(
                    "no {f} found, though most of the report's objectives give their {code} and {name}"
                );
                found.push(on_objective(o, f, WarningCode::MissingField, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};
    use crate::model::Indicator;

    fn objective(code: &str, mission: &str, programme: &str, title: &str) -> Objective {
        Objective {
            mission_code: (!mission.is_empty()).then(|| mission.into()),
            mission_name: (!mission.is_empty()).then(|| format!("Missione {mission}")),
            programme_code: (!programme.is_empty()).then(|| programme.into()),
            programme_name: (!programme.is_empty()).then(|| format!("Programma {programme}")),
            title: Some(title.into()),
            ..an_objective(code)
        }
    }

    fn flagged(found: &[Warning]) -> Vec<&str> {
        let mut codes: Vec<&str> = found
            .iter()
            .filter_map(|w| w.objective_code.as_deref())
            .collect();
        codes.dedup();
        codes
    }

    #[test]
    fn schede_paired_one_off_flag_every_scheda() {
        // Each scheda carries the next one's code.
        let shifted = [
            objective("012-004-001", "011", "005", "A"),
            objective("016-005-001", "012", "004", "B"),
            objective("016-005-002", "016", "005", "C"),
            objective("032-002-001", "016", "005", "D"),
        ];
        assert!(schede_one_off(&shifted).is_some());
        // One slip among agreeing schede is no shift.
        let mut one = shifted.clone();
        one[0].code = "011-005-001".into();
        one[1].code = "012-004-001".into();
        one[3].code = "016-005-003".into();
        assert!(schede_one_off(&one).is_none());
    }

    #[test]
    fn an_objective_read_as_two_flags_it_and_every_later_one() {
        let objectives = [
            objective("#1", "011", "005", "ACCESSO AL CREDITO"),
            objective("#2", "016", "005", "ALL'EXPORT DELLE PMI"),
            objective("#3", "016", "005", "SOSTEGNO ALL'EXPORT DELLE PMI"),
            objective("#4", "032", "002", "PERFORMANCE"),
        ];
        let mut found = Vec::new();
        check(
            &Varying::new(&objectives),
            Template::KpiTable,
            &|_| true,
            &mut found,
        );
        assert_eq!(flagged(&found), ["#2", "#3", "#4"]);
        // The first of the two lacks what the second holds of its indicators.
        let mut held = objectives.clone();
        held[1].indicators = vec![an_indicator()];
        held[2].indicators = vec![an_indicator(), an_indicator()];
        let mut found = Vec::new();
        check(
            &Varying::new(&held),
            Template::KpiTable,
            &|_| true,
            &mut found,
        );
        let lost: std::collections::BTreeSet<_> = found
            .iter()
            .filter(|w| w.objective_code.as_deref() == Some("#2"))
            .filter_map(|w| w.indicator_number)
            .collect();
        assert_eq!(lost.into_iter().collect::<Vec<_>>(), [2, 3]);
        // Two objectives under one programme with their own titles are two.
        let mut apart = objectives.clone();
        apart[1].title = Some("FIERE INTERNAZIONALI".into());
        let mut found = Vec::new();
        check(
            &Varying::new(&apart),
            Template::KpiTable,
            &|_| true,
            &mut found,
        );
        assert!(found.is_empty(), "{found:?}");
        // A text layer reads a cell alike in every row: nested titles
        // there are two objectives ("X", then "X - seconda fase").
        let mut found = Vec::new();
        check(
            &Varying::new(&objectives),
            Template::KpiTable,
            &|_| false,
            &mut found,
        );
        assert!(found.is_empty(), "{found:?}");
        // So are two equal titles, read from two cells.
        let mut twice = objectives.clone();
        twice[1].title = twice[2].title.clone();
        let mut found = Vec::new();
        check(
            &Varying::new(&twice),
            Template::KpiTable,
            &|_| true,
            &mut found,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn indicators_lent_to_the_objective_before_flag_the_later_ones() {
        let with = |code: &str, declared: u32, found: u32| Objective {
            declared_indicators: Some(declared),
            indicators: (1..=found)
                .map(|number| Indicator {
                    number,
                    title: Some(format!("{code} {number}")),
                    ..an_indicator()
                })
                .collect(),
            ..objective(code, "032", "002", code)
        };
        let objectives = [
            with("#1", 2, 2),
            with("#2", 2, 3),
            with("#3", 4, 3),
            with("#4", 1, 0),
        ];
        let mut found = Vec::new();
        lent_indicators(&Varying::new(&objectives), &mut found);
        assert_eq!(flagged(&found), ["#3"]);
        let numbers: std::collections::BTreeSet<_> =
            found.iter().filter_map(|w| w.indicator_number).collect();
        assert_eq!(numbers.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn a_mission_lost_with_its_code_flags_both() {
        let objectives = [
            objective("#1", "011", "005", "A"),
            objective("#2", "", "004", "B"),
            objective("#3", "016", "005", "C"),
        ];
        let mut found = Vec::new();
        lost_pairs(&objectives, &mut found);
        let fields: Vec<String> = found
            .iter()
            .filter_map(|w| w.field.as_ref())
            .map(|f| f.name().to_string())
            .collect();
        assert_eq!(fields, ["mission_code", "mission_name"]);
        assert!(found
            .iter()
            .all(|w| w.objective_code.as_deref() == Some("#2")));
    }
}
