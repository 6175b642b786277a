//! Targets by year and the report's own "% raggiungimento", for the
//! templates that state them (output contract version 2).
//!
//! Pure readings of cell text, for the template readers to call:
//! - [`year_lines`]: a Target cell with one line per year
//!   ("Anno 2015: >= 90%", "Anno 2017: >=").
//! - [`year_columns`]: a row of year cells and the row of targets under it
//!   (`2017 2018 2019` over `>=80% >=82% >=85%`), split by [`years_in`] and
//!   [`split_targets`] when a row comes as one line of text.
//! - [`own_target`]: the year whose target is the indicator's `target`.
//! - [`stated_achievement`] and [`achievement_mismatch`]: the report's own
//!   achievement and whether it agrees with actual against target.
//!
//! A target whose number cannot be read keeps its text and has a null
//! `target_value`: the caller raises `unparsed-value` for it.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::number;
use crate::model::{ReportKind, YearTarget};

/// "Anno 2015:" (or "Anno 2015 - ", "anno 2015"), capturing the year. A
/// dash is a separator only with a space after it: "Anno 2015 -5%" is a
/// negative target.
static YEAR_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\banno\s+((?:19|20)\d{2})(?:\s*[:.]|\s+[-–](?:\s|$))?").expect("valid regex")
});

/// A year standing alone in a row of year cells.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b").expect("valid regex"));

/// The comparison a target opens with: ">=", "≥", "<", "=" ...
static OPERATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[<>]\s*=?|[≥≤=])").expect("valid regex"));

/// Which way a target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// ">=", ">", "≥": the actual should reach the target.
    AtLeast,
    /// "<=", "<", "≤": the actual should stay within the target.
    AtMost,
}

/// The direction a target's opening operator states; `None` for "=" or
/// no operator.
#[must_use]
pub fn direction(target: &str) -> Option<Direction> {
    match target.trim_start().chars().next()? {
        '>' | '≥' => Some(Direction::AtLeast),
        '<' | '≤' => Some(Direction::AtMost),
        _ => None,
    }
}

/// One year's target from its text: the text trimmed (null when empty) and
/// the number it states (null when none, as for a bare ">=").
fn year_target(year: i32, text: &str) -> YearTarget {
    let text = text.trim();
    YearTarget {
        year,
        target: (!text.is_empty()).then(|| text.to_string()),
        target_value: number::cell_value(text).map(|n| n.value),
    }
}

/// The targets of a cell holding "Anno YYYY: <op> value" per year, in the
/// order written. The lines may also run together on one line ("Anno 2015:
/// >= 90% Anno 2016: >= 95%"): each year's target runs to the next label.
#[must_use]
pub fn year_lines(cell: &str) -> Vec<YearTarget> {
    let labels: Vec<(i32, usize, usize)> = YEAR_LABEL
        .captures_iter(cell)
        .filter_map(|c| {
            let whole = c.get(0)?;
            Some((c[1].parse().ok()?, whole.start(), whole.end()))
        })
        .collect();
    labels
        .iter()
        .enumerate()
        .map(|(i, &(year, _, end))| {
            let next = labels.get(i + 1).map_or(cell.len(), |l| l.1);
            year_target(year, &cell[end..next])
        })
        .collect()
}

/// The years of a row of year cells given as one line ("2017 2018 2019").
#[must_use]
pub fn years_in(row: &str) -> Vec<i32> {
    YEAR.find_iter(row)
        .filter_map(|m| m.as_str().parse().ok())
        .collect()
}

/// A row of targets given as one line, split where each target's operator
/// starts: ">=80% >=82% >=85%" -> [">=80%", ">=82%", ">=85%"]. A row with no
/// operator is one target.
#[must_use]
pub fn split_targets(row: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = OPERATOR.find_iter(row).map(|m| m.start()).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut cells: Vec<&str> = starts
        .iter()
        .enumerate()
        .map(|(i, &start)| row[start..starts.get(i + 1).copied().unwrap_or(row.len())].trim())
        .collect();
    cells.retain(|c| !c.is_empty());
    cells
}

/// The targets of a row of years and the row of target cells under it,
/// paired by position. `None` when the rows do not have one target per
/// year: which year a target belongs to is then a question of geometry the
/// caller must answer (or flag as `ambiguous-cells`).
#[must_use]
pub fn year_columns(years: &[i32], targets: &[&str]) -> Option<Vec<YearTarget>> {
    if years.is_empty() || years.len() != targets.len() {
        return None;
    }
    Some(
        years
            .iter()
            .zip(targets)
            .map(|(&year, text)| year_target(year, text))
            .collect(),
    )
}

/// The target that is the indicator's own `target` and `target_value`: the
/// report's year's; for a budget plan (or a report of unknown kind) whose
/// year is not among them, the plan's first year's. A final account only
/// takes its own year's target.
#[must_use]
pub fn own_target(
    targets: &[YearTarget],
    report_year: Option<i32>,
    kind: Option<ReportKind>,
) -> Option<&YearTarget> {
    if let Some(own) = report_year.and_then(|y| targets.iter().find(|t| t.year == y)) {
        return Some(own);
    }
    match kind {
        Some(ReportKind::FinalAccount) => None,
        _ => targets.iter().min_by_key(|t| t.year),
    }
}

/// The report's own "% raggiungimento" as the number of percent:
/// "93,33%" -> 93.33, "100,00 %" -> 100.00; null where the cell states no
/// number ("n.d.", "").
#[must_use]
pub fn stated_achievement(cell: &str) -> Option<Decimal> {
    number::cell_value(cell).map(|n| n.value)
}

/// Actual against target as the number of percent, capped at 100: 56
/// against at least 60 is 93.33...; against at most 10, an actual of 8 is
/// 100 and of 12 is 83.33.... `None` where it cannot be worked out (a zero
/// or negative target or actual in the way of the division).
#[must_use]
pub fn computed_achievement(
    actual: Decimal,
    target: Decimal,
    direction: Direction,
) -> Option<Decimal> {
    let hundred = Decimal::ONE_HUNDRED;
    let ratio = match direction {
        Direction::AtLeast if target > Decimal::ZERO && actual >= Decimal::ZERO => {
            actual.checked_div(target)?
        }
        Direction::AtMost if actual <= target && target >= Decimal::ZERO => Decimal::ONE,
        Direction::AtMost if actual > Decimal::ZERO && target > Decimal::ZERO => {
            target.checked_div(actual)?
        }
        _ => return None,
    };
    Some(ratio.checked_mul(hundred)?.min(hundred))
}

/// What actual and target would give a stated achievement with the other
/// as read; `None` where the stated figure does not tell (100%, the cap,
/// says only that the target was reached) or the division fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub actual: Option<Decimal>,
    pub target: Option<Decimal>,
}

/// The actual and the target a stated achievement asks for, each against
/// the other as read (see [`computed_achievement`]).
#[must_use]
pub fn values_for_achievement(
    stated: Decimal,
    actual: Decimal,
    target: Decimal,
    direction: Direction,
) -> Asked {
    let hundred = Decimal::ONE_HUNDRED;
    if stated >= hundred || stated <= Decimal::ZERO {
        return Asked {
            actual: None,
            target: None,
        };
    }
    let ratio = stated.checked_div(hundred);
    let (actual, target) = match direction {
        Direction::AtLeast => (
            ratio.and_then(|r| target.checked_mul(r)),
            ratio.and_then(|r| actual.checked_div(r)),
        ),
        Direction::AtMost => (
            ratio.and_then(|r| target.checked_div(r)),
            ratio.and_then(|r| actual.checked_mul(r)),
        ),
    };
    Asked { actual, target }
}

/// Whether the stated achievement disagrees with actual against target by
/// more than the stated figure's rounding: one unit of its last decimal
/// (so "93,33%" allows 93.32 to 93.34, "93%" allows 92 to 94, covering
/// truncation as well as rounding). Returns the computed achievement when
/// they disagree; `None` when they agree or it cannot be worked out.
#[must_use]
pub fn achievement_mismatch(
    stated: Decimal,
    actual: Decimal,
    target: Decimal,
    direction: Direction,
) -> Option<Decimal> {
    let computed = computed_achievement(actual, target, direction)?;
    let tolerance = Decimal::new(1, stated.scale());
    ((stated - computed).abs() > tolerance).then(|| computed.round_dp(stated.scale().max(2)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn target(year: i32, text: Option<&str>, value: Option<&str>) -> YearTarget {
        YearTarget {
            year,
            target: text.map(str::to_string),
            target_value: value.map(dec),
        }
    }

    #[test]
    fn year_lines_give_one_target_per_year() {
        /// A year, its target text and the value it states.
        type Expected<'a> = (i32, Option<&'a str>, Option<&'a str>);
        let cases: &[(&str, &[Expected<'_>])] = &[
            (
                "Anno 2015: >= 90%\nAnno 2016: >= 95%\nAnno 2017: >= 100%",
                &[
                    (2015, Some(">= 90%"), Some("90")),
                    (2016, Some(">= 95%"), Some("95")),
                    (2017, Some(">= 100%"), Some("100")),
                ],
            ),
            (
                "Anno 2016: >= 2.355",
                &[(2016, Some(">= 2.355"), Some("2355"))],
            ),
            (
                "Anno 2016: >= 82,5%",
                &[(2016, Some(">= 82,5%"), Some("82.5"))],
            ),
            (
                "Anno 2015: <= 10 gg.",
                &[(2015, Some("<= 10 gg."), Some("10"))],
            ),
            ("Anno 2015: > 3", &[(2015, Some("> 3"), Some("3"))]),
            ("Anno 2015: < 4,5", &[(2015, Some("< 4,5"), Some("4.5"))]),
            ("Anno 2015: = 100%", &[(2015, Some("= 100%"), Some("100"))]),
            (
                "Anno 2016: >= 50 Anno 2017: >=",
                &[(2016, Some(">= 50"), Some("50")), (2017, Some(">="), None)],
            ),
            ("Anno 2017:", &[(2017, None, None)]),
            ("ANNO 2018 - <= 5", &[(2018, Some("<= 5"), Some("5"))]),
            ("Anno 2018: -5%", &[(2018, Some("-5%"), Some("-5"))]),
            ("Anno 2018 -5%", &[(2018, Some("-5%"), Some("-5"))]),
            ("nessun target", &[]),
            ("", &[]),
        ];
        for (cell, expected) in cases {
            let expected: Vec<YearTarget> =
                expected.iter().map(|&(y, t, v)| target(y, t, v)).collect();
            assert_eq!(year_lines(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn year_rows_split_into_cells() {
        assert_eq!(years_in("2017 2018 2019"), [2017, 2018, 2019]);
        assert_eq!(years_in("Anni 2017 | 2018"), [2017, 2018]);
        assert_eq!(years_in("Unità di misura"), Vec::<i32>::new());
        let cases: &[(&str, &[&str])] = &[
            (">=80% >=82% >=85%", &[">=80%", ">=82%", ">=85%"]),
            (">= 80% > = 82%", &[">= 80%", "> = 82%"]),
            ("<= 280", &["<= 280"]),
            ("≥ 5 ≤ 7", &["≥ 5", "≤ 7"]),
            ("almeno 3", &["almeno 3"]),
            ("", &[]),
        ];
        for (row, expected) in cases {
            assert_eq!(split_targets(row), *expected, "{row:?}");
        }
    }

    #[test]
    fn year_columns_pair_years_with_targets() {
        let years = years_in("2017 2018 2019");
        let got = year_columns(&years, &split_targets(">=80% >=82% >=85%"));
        assert_eq!(
            got,
            Some(vec![
                target(2017, Some(">=80%"), Some("80")),
                target(2018, Some(">=82%"), Some("82")),
                target(2019, Some(">=85%"), Some("85")),
            ])
        );
        // One target under three years: which year is for the geometry to say.
        assert_eq!(year_columns(&years, &split_targets("<= 280")), None);
        assert_eq!(year_columns(&[], &[]), None);
        assert_eq!(
            year_columns(&[2020], &[">="]),
            Some(vec![target(2020, Some(">="), None)])
        );
    }

    #[test]
    fn own_target_is_the_reports_year_or_the_plans_first() {
        let targets = year_lines("Anno 2016: >= 95%\nAnno 2015: >= 90%\nAnno 2017: >= 100%");
        let year = |t: Option<&YearTarget>| t.map(|t| t.year);
        use ReportKind::{BudgetPlan, FinalAccount};
        let cases = [
            (Some(2016), Some(FinalAccount), Some(2016)),
            (Some(2016), Some(BudgetPlan), Some(2016)),
            (Some(2014), Some(BudgetPlan), Some(2015)),
            (None, None, Some(2015)),
            (Some(2014), None, Some(2015)),
            (Some(2018), Some(FinalAccount), None),
            (None, Some(FinalAccount), None),
        ];
        for (report_year, kind, expected) in cases {
            assert_eq!(
                year(own_target(&targets, report_year, kind)),
                expected,
                "{report_year:?} {kind:?}"
            );
        }
        assert_eq!(own_target(&[], Some(2016), Some(BudgetPlan)), None);
    }

    #[test]
    fn stated_achievement_is_the_number_of_percent() {
        let cases = [
            ("93,33%", Some("93.33")),
            ("100,00%", Some("100.00")),
            ("100,00 %", Some("100.00")),
            ("0%", Some("0")),
            ("n.d.", None),
            ("", None),
        ];
        for (cell, expected) in cases {
            assert_eq!(stated_achievement(cell), expected.map(dec), "{cell:?}");
        }
    }

    #[test]
    fn directions_come_from_the_operator() {
        let cases = [
            (">= 90%", Some(Direction::AtLeast)),
            ("> 3", Some(Direction::AtLeast)),
            ("≥ 3", Some(Direction::AtLeast)),
            ("<= 10 gg.", Some(Direction::AtMost)),
            (" < 4", Some(Direction::AtMost)),
            ("= 100%", None),
            ("90%", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(direction(text), expected, "{text:?}");
        }
    }

    #[test]
    fn computed_achievement_is_capped_at_100() {
        use Direction::{AtLeast, AtMost};
        let cases = [
            ("56", "60", AtLeast, Some("93.33")),
            ("60", "60", AtLeast, Some("100")),
            ("75", "60", AtLeast, Some("100")),
            ("0", "60", AtLeast, Some("0")),
            ("8", "10", AtMost, Some("100")),
            ("12", "10", AtMost, Some("83.33")),
            ("5", "0", AtLeast, None),
            ("-1", "10", AtLeast, None),
            ("0", "0", AtMost, Some("100")),
            ("3", "0", AtMost, None),
        ];
        for (actual, target, direction, expected) in cases {
            let got = computed_achievement(dec(actual), dec(target), direction);
            assert_eq!(
                got.map(|d| d.round_dp(2)),
                expected.map(dec),
                "{actual} vs {target} {direction:?}"
            );
        }
    }

    #[test]
    fn mismatch_allows_for_rounding_only() {
        use Direction::{AtLeast, AtMost};
        let cases = [
            // The issue's example: 56,00 against >= 60,00 stated as 93,33%.
            ("93.33", "56.00", "60.00", AtLeast, None),
            // Truncated rather than rounded: 2/3 = 66.666...
            ("66.66", "2", "3", AtLeast, None),
            ("66.67", "2", "3", AtLeast, None),
            ("67", "2", "3", AtLeast, None),
            // Capped: over-achievement is stated as 100%.
            ("100.00", "75", "60", AtLeast, None),
            // Disagreements beyond rounding.
            ("95.00", "56.00", "60.00", AtLeast, Some("93.33")),
            ("93.30", "56.00", "60.00", AtLeast, Some("93.33")),
            ("125.00", "75", "60", AtLeast, Some("100.00")),
            ("100", "12", "10", AtMost, Some("83.33")),
            // Cannot be judged: no mismatch claimed.
            ("50", "5", "0", AtLeast, None),
        ];
        for (stated, actual, target, direction, expected) in cases {
            let got = achievement_mismatch(dec(stated), dec(actual), dec(target), direction);
            assert_eq!(
                got,
                expected.map(dec),
                "{stated} for {actual} vs {target} {direction:?}"
            );
        }
    }
}
