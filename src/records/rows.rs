//! Indicator rows read out of shape: a row with no target, where the
//! report's other rows state one, had its cells moved or lost (each of
//! its values is in doubt), or is a piece split off another row; a row whose texts hold another row's
//! indicator code ("... DIGITALE KPI20 TEMPI MEDI ...") took in its
//! neighbour. Each is flagged on the fields it may have wrong, and the
//! objective's indicators as a whole, as a row split or merged changes
//! their count. An objective's text holding an indicator code took in
//! its first indicator's code cell: its indicators without a code are
//! flagged on the code and the title the cell gives.

use std::sync::LazyLock;

use regex::Regex;

use super::indicator::warn;
use super::plausible::{
    indicator_text, indicator_value_is_set, objective_text, on_objective, whole_indicator, Varying,
    INDICATOR_TEXT, INDICATOR_WHOLE_MORE, OBJECTIVE_TEXT,
};
use crate::model::{
    Column, Indicator, IndicatorField, Objective, ObjectiveField, ValueField, Warning, WarningCode,
};

/// An indicator's code as it stands in a text: "KPI20", "KPIM216".
static KPI_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bKPI[A-Z]{0,3}\s?[0-9]+\b").expect("valid regex"));
/// What a code cell says of an indicator without a code.
static NO_KPI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bKpi\s+non\s+definit").expect("valid regex"));

/// The texts a row wraps over several lines, which a page break may cut.
const WRAPPING: [IndicatorField; 4] = [
    IndicatorField::Title,
    IndicatorField::Measures,
    IndicatorField::Cell(Column::Algorithm),
    IndicatorField::Cell(Column::DataSource),
];

/// Adds to `found` the warnings of rows read out of shape.
pub(super) fn check(varying: &Varying, found: &mut Vec<Warning>) {
    let objectives = varying.all;
    let indicators = || objectives.iter().flat_map(|o| &o.indicators);
    let with_target = indicators().filter(|i| i.target.is_some()).count();
    // A report that states no targets (or few) has no rows to judge by.
    let targets_usual = 2 * with_target > indicators().count();
    let usual = usual_fields(objectives);
    // The value columns the report's table has.
    let filled: Vec<ValueField> = [ValueField::LastObserved, ValueField::Actual]
        .into_iter()
        .filter(|&v| indicators().any(|i| i.cell(v.column()).is_some()))
        .collect();
    for o in objectives {
        objective_holds_code(o, found);
        beyond_declared(varying, o, found);
        for ind in &o.indicators {
            if targets_usual && ind.target.is_none() {
                row_without_target(o, ind, &usual, &filled, found);
            }
            if is_empty_row(ind) {
                empty_row(varying, o, ind, found);
            }
            if let Some(why) = neighbours_code(ind) {
                lost_rows(o, ind, &usual, &why, found);
                whole_indicator(varying, o, ind, &why, found);
                let message = format!("indicator {}: {why}", ind.number);
                found.push(on_objective(
                    o,
                    ObjectiveField::Indicators,
                    WarningCode::AmbiguousCells,
                    message,
                ));
            }
        }
    }
}

/// The indicator fields at least half of the report's indicators fill.
fn usual_fields(objectives: &[Objective]) -> Vec<IndicatorField> {
    let all: Vec<&Indicator> = objectives.iter().flat_map(|o| &o.indicators).collect();
    INDICATOR_TEXT
        .into_iter()
        .chain(INDICATOR_WHOLE_MORE)
        .filter(|&f| 2 * all.iter().filter(|i| indicator_value_is_set(i, f)).count() >= all.len())
        .collect()
}

/// A row with no target: its other value cells may hold the target's
/// text, or have lost theirs where the report's table has them (`filled`);
/// the fields the report usually fills and it lacks may be lost with it;
/// and it may be a piece of another row.
fn row_without_target(
    o: &Objective,
    ind: &Indicator,
    usual: &[IndicatorField],
    filled: &[ValueField],
    found: &mut Vec<Warning>,
) {
    let code = &o.code;
    for value in [ValueField::LastObserved, ValueField::Actual] {
        let column = value.column();
        let field = Some(IndicatorField::Value(value));
        let (kind, message) = match ind.cell(column).as_deref() {
            Some(text) => (
                WarningCode::AmbiguousCells,
                format!("its target is empty and its {column} {text:?} may hold the target's text"),
            ),
            None if filled.contains(&value) => (
                WarningCode::MissingField,
                format!("its target and its {column} are empty: the row's values may be lost"),
            ),
            None => continue,
        };
        found.push(warn(ind, code, kind, message, field));
    }
    for &f in usual.iter().filter(|&&f| !indicator_value_is_set(ind, f)) {
        let message = format!("its target and its {f} are empty: the row's cells may be lost");
        found.push(warn(ind, code, WarningCode::MissingField, message, Some(f)));
    }
    let message = format!(
        "indicator {} has no target: its row may be misread, or a piece of another row",
        ind.number
    );
    found.push(on_objective(
        o,
        ObjectiveField::Indicators,
        WarningCode::MissingField,
        message,
    ));
}

/// Whether an indicator holds nothing at all: no target, no text, no
/// value. A report prints no such row: it is a rule or a page break read
/// as a row, or a row whose cells went elsewhere.
fn is_empty_row(ind: &Indicator) -> bool {
    ind.target.is_none()
        && INDICATOR_TEXT
            .into_iter()
            .chain(INDICATOR_WHOLE_MORE)
            .all(|f| !indicator_value_is_set(ind, f))
}

/// An empty row (see [`is_empty_row`]) took a number: the objective's
/// indicators after it are numbered one after their own, each of their
/// fields in doubt. Where it opens a page after the indicator before
/// it, that row went on over the page break and its texts may lack the
/// end the empty row lost.
fn empty_row(varying: &Varying, o: &Objective, empty: &Indicator, found: &mut Vec<Warning>) {
    let why = format!(
        "indicator {} is an empty row: the indicators after it may be numbered one off",
        empty.number
    );
    for later in o.indicators.iter().filter(|i| i.number > empty.number) {
        whole_indicator(varying, o, later, &why, found);
    }
    let before = o
        .indicators
        .iter()
        .filter(|i| i.number < empty.number)
        .max_by_key(|i| i.number)
        .filter(|i| i.page < empty.page);
    let Some(before) = before else {
        return;
    };
    for f in WRAPPING {
        if indicator_text(before, f).is_some() {
            let message = format!(
                "its row goes on over the page break, where indicator {} is an empty row: its {f} may lack its end",
                empty.number
            );
            found.push(warn(
                before,
                &o.code,
                WarningCode::MissingField,
                message,
                Some(f),
            ));
        }
    }
}

/// More indicators found than the objective declares: those past the
/// declared count may be another objective's, whose scheda was not
/// found (its code or head lost), read on under this one. Each of their
/// fields is in doubt.
fn beyond_declared(varying: &Varying, o: &Objective, found: &mut Vec<Warning>) {
    let Some(declared) = o.declared_indicators else {
        return;
    };
    if o.indicators.len() <= declared as usize {
        return;
    }
    let why = format!(
        "{} indicators found where {declared} are declared: those past the {declared} may be another objective's",
        o.indicators.len()
    );
    for ind in o.indicators.iter().skip(declared as usize) {
        whole_indicator(varying, o, ind, &why, found);
    }
}

/// An objective text holding an indicator code ("EFFICIENTAMEN]|KPI103
/// TO DEI PROCESSI"): the text is flagged, and so are the code and title
/// of each of its indicators without a code, the cell it came from.
fn objective_holds_code(o: &Objective, found: &mut Vec<Warning>) {
    for f in OBJECTIVE_TEXT {
        let Some(text) = objective_text(o, f) else {
            continue;
        };
        let Some(m) = KPI_CODE.find(text) else {
            continue;
        };
        let why = format!(
            "its {f} {text:?} holds {:?}, an indicator's code cell: a row's cells may be read into it",
            m.as_str()
        );
        found.push(on_objective(o, f, WarningCode::AmbiguousCells, why.clone()));
        for ind in o.indicators.iter().filter(|i| i.kpi_code.is_none()) {
            for field in [IndicatorField::KpiCode, IndicatorField::Title] {
                let kind = WarningCode::MissingField;
                found.push(warn(ind, &o.code, kind, why.clone(), Some(field)));
            }
        }
    }
}

/// The indicators whose cells `holder` took in: where the code it holds
/// is none of its objective's indicators', each indicator of the
/// objective without a code lost its row's cells to it (DEV card scan
/// 170: a card's label lines and its "KPIM235 - Cancellazioni ..." read
/// into the card before's algorithm). Their empty code, title and usual
/// fields are flagged.
fn lost_rows(
    o: &Objective,
    holder: &Indicator,
    usual: &[IndicatorField],
    why: &str,
    found: &mut Vec<Warning>,
) {
    let squeeze = |code: &str| code.split_whitespace().collect::<String>().to_uppercase();
    let held = INDICATOR_TEXT
        .into_iter()
        .filter_map(|f| indicator_text(holder, f))
        .find_map(|text| KPI_CODE.find(text).map(|m| squeeze(m.as_str())));
    let Some(held) = held else {
        return;
    };
    let owned = o
        .indicators
        .iter()
        .any(|i| i.kpi_code.as_deref().is_some_and(|c| squeeze(c) == held));
    if owned {
        return;
    }
    let lost = o
        .indicators
        .iter()
        .filter(|i| i.number != holder.number && i.kpi_code.is_none());
    for ind in lost {
        let fields = [IndicatorField::KpiCode, IndicatorField::Title]
            .into_iter()
            .chain(usual.iter().copied())
            .filter(|&f| f == IndicatorField::KpiCode || !indicator_value_is_set(ind, f));
        let mut seen = Vec::new();
        for f in fields {
            if seen.contains(&f) {
                continue;
            }
            seen.push(f);
            let message = format!("its {f} is empty: indicator {} {why}", holder.number);
            found.push(warn(
                ind,
                &o.code,
                WarningCode::MissingField,
                message,
                Some(f),
            ));
        }
    }
}

/// Why an indicator may hold its neighbour's row: a text other than its
/// code holds an indicator code, or the words a code cell gives an
/// indicator without one.
fn neighbours_code(ind: &Indicator) -> Option<String> {
    INDICATOR_TEXT.into_iter().find_map(|f| {
        let text = indicator_text(ind, f)?;
        let m = KPI_CODE.find(text).or_else(|| NO_KPI.find(text))?;
        Some(format!(
            "its {f} {text:?} holds {:?}, another row's code cell: rows may be read as one",
            m.as_str()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};

    fn numbered(number: u32) -> Indicator {
        Indicator {
            number,
            ..an_indicator()
        }
    }

    fn fields(found: &[Warning], number: Option<u32>) -> Vec<String> {
        let mut names: Vec<String> = found
            .iter()
            .filter(|w| w.indicator_number == number)
            .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_row_without_target_flags_its_values_its_gaps_and_the_count() {
        let mut moved = numbered(2);
        moved.target = None;
        moved.target_value = None;
        moved.algorithm = None;
        let o = Objective {
            indicators: vec![numbered(1), moved, numbered(3)],
            ..an_objective("#1")
        };
        let all = [o];
        let mut found = Vec::new();
        check(&Varying::new(&all), &mut found);
        assert!(fields(&found, Some(1)).is_empty(), "{found:?}");
        assert_eq!(
            fields(&found, Some(2)),
            ["actual_value", "algorithm", "last_observed_value", "target"]
        );
        assert_eq!(fields(&found, None), ["indicators"]);
    }

    #[test]
    fn an_empty_row_flags_the_indicators_after_it_and_a_row_it_cut() {
        // DEV browser-printed kpi-table 119 and 125: a row read with no
        // cell at all took a number.
        let empty = |number: u32, page: u32| Indicator {
            number,
            page,
            title: None,
            measures: None,
            kind: None,
            unit: None,
            algorithm: None,
            data_source: None,
            last_observed: None,
            target: None,
            actual: None,
            last_observed_value: None,
            target_value: None,
            actual_value: None,
            kpi_code: None,
            targets: Vec::new(),
            achievement_stated: None,
            ..an_indicator()
        };
        let paged = |number: u32, page: u32, title: &str| Indicator {
            page,
            title: Some(title.into()),
            ..numbered(number)
        };
        struct Case {
            indicators: Vec<Indicator>,
            /// The indicators with warnings, and whether each is on a title.
            flagged: Vec<(u32, bool)>,
        }
        for case in [
            // Between two rows of its page: the row after it is one off.
            Case {
                indicators: vec![paged(1, 2, "A"), empty(2, 2), paged(3, 2, "B")],
                flagged: vec![(3, true)],
            },
            // Opening a page after the last row: that row was cut.
            Case {
                indicators: vec![paged(1, 2, "A"), paged(2, 2, "B"), empty(3, 3)],
                flagged: vec![(2, true)],
            },
            Case {
                indicators: vec![paged(1, 2, "A"), paged(2, 3, "B")],
                flagged: vec![],
            },
        ] {
            let o = Objective {
                indicators: case.indicators,
                ..an_objective("#1")
            };
            let all = [o];
            let mut found = Vec::new();
            for ind in all[0].indicators.iter().filter(|i| is_empty_row(i)) {
                empty_row(&Varying::new(&all), &all[0], ind, &mut found);
            }
            let mut flagged: Vec<(u32, bool)> = found
                .iter()
                .filter_map(|w| w.indicator_number)
                .map(|n| (n, fields(&found, Some(n)).contains(&"title".to_string())))
                .collect();
            flagged.dedup();
            assert_eq!(flagged, case.flagged, "{found:?}");
        }
    }

    /// DEV image-only scan of scheda 303: a scheda whose head was lost
    /// read its indicators on under the objective before it (1 declared,
    /// 4 found): the indicators past the declared count are flagged on
    /// each field, the declared one not; with no count declared, or
    /// found as declared, nothing is.
    #[test]
    fn indicators_past_the_declared_count_are_flagged() {
        struct Case {
            declared: Option<u32>,
            found: u32,
            flagged: &'static [u32],
        }
        let cases = [
            Case {
                declared: Some(1),
                found: 4,
                flagged: &[2, 3, 4],
            },
            Case {
                declared: Some(2),
                found: 2,
                flagged: &[],
            },
            Case {
                declared: Some(3),
                found: 2,
                flagged: &[],
            },
            Case {
                declared: None,
                found: 3,
                flagged: &[],
            },
        ];
        for case in cases {
            let o = Objective {
                declared_indicators: case.declared,
                indicators: (1..=case.found)
                    .map(|n| Indicator {
                        title: Some(format!("TITOLO {n}")),
                        ..numbered(n)
                    })
                    .collect(),
                ..an_objective("#1")
            };
            let all = [o];
            let mut found = Vec::new();
            check(&Varying::new(&all), &mut found);
            let flagged: Vec<u32> = (1..=case.found)
                .filter(|&n| !fields(&found, Some(n)).is_empty())
                .collect();
            assert_eq!(
                flagged, case.flagged,
                "{:?} of {}",
                case.declared, case.found
            );
            for &n in case.flagged {
                assert!(fields(&found, Some(n)).contains(&"title".to_string()));
            }
        }
    }

    #[test]
    fn a_text_holding_another_rows_code_flags_the_row() {
        let mut merged = numbered(1);
        merged.title = Some("ASSESSMENT DIGITALE KPI20 TEMPI MEDI DI PAGAMENTO".into());
        let mut undefined = numbered(2);
        undefined.title = Some("VOUCHER ALLE PMI Kpi non definito".into());
        let mut other = numbered(3);
        other.title = Some("VOUCHER DIGITALI".into());
        other.kpi_code = Some("KPI3".into());
        assert!(neighbours_code(&merged).is_some());
        assert!(neighbours_code(&undefined).is_some());
        assert!(neighbours_code(&other).is_none());
    }
    #[test]
    fn an_indicator_holding_a_lost_rows_code_flags_that_rows_empty_fields() {
        // DEV card scan 170: the second card's code, title and data
        // source read into the first card's algorithm.
        let mut holder = numbered(1);
        holder.kpi_code = Some("KPI352".into());
        holder.algorithm = Some(
            "SOMMA DEI VOUCHER LIQUIDATI Codice e descrizione indicatore | Tipologia indicatore Fonte dei dati KPIM235 - Cancellazioni d'ufficio".into(),
        );
        let mut lost = numbered(2);
        lost.kpi_code = None;
        lost.title = None;
        lost.data_source = None;
        let mut kept = numbered(3);
        kept.kpi_code = Some("KPI7".into());
        let o = Objective {
            indicators: vec![holder.clone(), lost, kept],
            ..an_objective("#6")
        };
        let all = [o];
        let usual = usual_fields(&all);
        let why = neighbours_code(&holder).unwrap_or_default();
        let mut found = Vec::new();
        lost_rows(&all[0], &holder, &usual, &why, &mut found);
        assert_eq!(
            fields(&found, Some(2)),
            ["data_source", "kpi_code", "title"]
        );
        assert!(fields(&found, Some(3)).is_empty());
        // The code held is another indicator's own: no row lost.
        let mut found = Vec::new();
        let mut twin = all[0].clone();
        twin.indicators[2].kpi_code = Some("KPIM 235".into());
        lost_rows(&twin, &holder, &usual, &why, &mut found);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_objective_text_holding_a_code_flags_its_indicators_without_one() {
        let mut lost = numbered(1);
        lost.kpi_code = None;
        lost.title = None;
        let o = Objective {
            title: Some("EFFICIENTAMEN]|KPI103 TO DEI PROCESSI".into()),
            indicators: vec![lost, numbered(2)],
            ..an_objective("#4")
        };
        let mut found = Vec::new();
        objective_holds_code(&o, &mut found);
        assert_eq!(fields(&found, None), ["title"]);
        assert_eq!(fields(&found, Some(1)), ["kpi_code", "title"]);
        assert!(fields(&found, Some(2)).is_empty());
        let plain = Objective {
            title: Some("EFFICIENTAMENTO DEI PROCESSI".into()),
            ..o
        };
        let mut found = Vec::new();
        objective_holds_code(&plain, &mut found);
        assert!(found.is_empty());
    }
}
