//! What the other templates add to an indicator and an objective (output
//! contract version 2): the KPI code, the targets by year and the one the
//! report's own year sets, the report's own "% raggiungimento", and a
//! card's resources by budget item and year.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::indicator::warn;
use crate::layout::RawAllocation;
use crate::model::{
    FieldPath, Indicator, IndicatorField, ReportKind, ResourceLine, ValueField, Warning,
    WarningCode, YearTarget,
};
use crate::normalize::targets::{self, direction, Direction};
use crate::normalize::{number, CleanIndicator};

/// "KPI156", "KPIM216": an indicator's code, before or beside its name
/// (after a dash, its spaces on a scan sometimes lost: "KPI125-N.").
static KPI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bKPI[A-Z]{0,3}[0-9]+\b\s*(?:[-–:]\s*)?").expect("valid regex"));
/// "1306 - Tempo medio ...": a code cell opening with a word of digits
/// that is no KPI code (OCR lost or misread its "KPI"), then a dash and
/// the name.
static MISREAD_KPI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\S*[0-9]\S*)\s+[-–]\s+(\S.*)$").expect("valid regex"));
/// "Kpi non definito" (OCR may garble its letters: "Kpi non defmito"):
/// a kpi-table row that defines no indicator code, nor a title.
static NO_KPI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnon\s*de\S*\s*$").expect("valid regex"));
/// "6) Personale": the budget item's number before its name.
static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[0-9]{1,2}\s*[).]\s*").expect("valid regex"));

/// "Interventi 9) Ammortamenti": another item's number inside an item's
/// name, two budget lines read as one.
static INNER_ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\S\s+[0-9]{1,2}\s*\)").expect("valid regex"));

/// What the report says about itself that a template's records need.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub year: Option<i32>,
    pub kind: Option<ReportKind>,
}

/// A clean indicator whose target cell states a target per year ("Anno
/// 2015: >= 90% ..."), or which has a row of years: its targets, and its
/// target cell set to the own year's target (None when that year is not
/// among them). The indicator is left alone otherwise.
pub fn own_year_target(c: &mut CleanIndicator, ctx: Context) -> Vec<YearTarget> {
    let cell = c.cells[crate::model::Column::Target].clone();
    let targets: Vec<YearTarget> = if c.year_targets.is_empty() {
        cell.as_deref().map(targets::year_lines).unwrap_or_default()
    } else {
        c.year_targets
            .iter()
            .map(|(year, text)| {
                targets::year_lines(&format!("Anno {year}: {text}"))
                    .pop()
                    .unwrap_or(YearTarget {
                        year: *year,
                        target: None,
                        target_value: None,
                    })
            })
            .collect()
    };
    if targets.is_empty() {
        return targets;
    }
    c.cells[crate::model::Column::Target] =
        targets::own_target(&targets, ctx.year, ctx.kind).and_then(|t| t.target.clone());
    targets
}

/// Whether the indicator's KPI cell says it defines no KPI ("Kpi non
/// definito"): its code and title are empty on purpose.
pub fn defines_no_kpi(c: &CleanIndicator) -> bool {
    c.kpi
        .as_deref()
        .is_some_and(|kpi| !KPI.is_match(kpi) && NO_KPI.is_match(kpi))
}

/// Fills the indicator's version-2 fields from its clean cells: the KPI
/// code (the name after it is the title where the row has none), the
/// targets by year, the stated achievement; and warns of a target that
/// states no number and of a stated achievement that disagrees.
pub fn complete(
    ind: &mut Indicator,
    c: &CleanIndicator,
    targets: Vec<YearTarget>,
    code: &str,
    w: &mut Vec<Warning>,
) {
    if let Some(kpi) = c.kpi.as_deref() {
        // "Kpi non definito": no code, and no name either.
        if let Some(m) = KPI.find(kpi) {
            ind.kpi_code = Some(
                m.as_str()
                    .trim_end_matches([' ', '-', '–', ':'])
                    .to_string(),
            );
            let read = m.as_str().trim_end_matches([' ', '-', '–', ':']);
            let glued = run_on(kpi.get(m.start() + read.len()..).unwrap_or_default());
            // The code's run-on digits are not the name's: it starts
            // after them and their dash.
            let after = match glued {
                Some(g) => after_dash(kpi[m.start() + read.len()..].trim_start_matches(g)),
                None => &kpi[m.end()..],
            };
            let name = format!("{} {}", &kpi[..m.start()], after);
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if ind.title.is_none() && !name.is_empty() {
                ind.title = Some(name);
            }
            if let Some(glued) = glued {
                let message = format!(
                    "its code {read:?} is followed by {glued:?}: the code's digits may run on"
                );
                let field = Some(IndicatorField::KpiCode);
                w.push(warn(
                    ind,
                    code,
                    WarningCode::ImplausibleValue,
                    message,
                    field,
                ));
            }
        } else if let Some(c) = MISREAD_KPI.captures(kpi) {
            misread_kpi(ind, &c[1], &c[2], code, w);
        }
    }
    for t in targets.iter().filter(|t| t.target_value.is_none()) {
        // A text that states no number may be misread: it is one of the
        // targets, and the own year's the target field too. An operator
        // alone is how a report leaves a year without a target.
        let own = ind.target.is_some() && ind.target == t.target;
        let misread = t
            .target
            .as_deref()
            .is_some_and(|text| text.chars().any(char::is_alphanumeric));
        let message = match t.target.as_deref() {
            Some(text) => format!("its target for {} {text:?} states no number", t.year),
            None => format!("its target for {} is empty (an operator alone?)", t.year),
        };
        let mut fields: Vec<Option<IndicatorField>> = [
            misread.then_some(IndicatorField::Targets),
            own.then_some(IndicatorField::Value(ValueField::Target)),
        ]
        .into_iter()
        .filter(Option::is_some)
        .collect();
        if fields.is_empty() {
            fields.push(None);
        }
        for field in fields {
            let m = message.clone();
            w.push(warn(ind, code, WarningCode::UnparsedValue, m, field));
        }
    }
    ind.targets = targets;
    broken_signs(ind, code, w);
    target_jumps(ind, code, w);
    ind.achievement_stated = c
        .achievement
        .as_deref()
        .and_then(targets::stated_achievement);
    if let Some(stated) = ind.achievement_stated {
        check_achievement(ind, stated, code, w);
    }
}

/// The word glued to a code's end that holds a digit ("KPIM19]1": OCR
/// read a digit of the code as a mark and cut the code there).
fn run_on(after: &str) -> Option<&str> {
    let word = after.split_whitespace().next()?;
    let glued = !after.starts_with(char::is_whitespace);
    (glued && word.chars().any(|c| c.is_ascii_digit())).then_some(word)
}

/// `text` after the dash (or colon) it opens with, if it does.
fn after_dash(text: &str) -> &str {
    let text = text.trim_start();
    text.strip_prefix(['-', '–', ':']).unwrap_or(text)
}

/// A code cell whose code OCR misread (`word`, no KPI code): the name
/// after the dash is still the title where the row has none, and the code
/// is warned of on its field.
fn misread_kpi(ind: &mut Indicator, word: &str, name: &str, code: &str, w: &mut Vec<Warning>) {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if ind.title.is_none() {
        ind.title = Some(name);
    }
    let message = format!("its code cell opens with {word:?}, no KPI code: the code misread?");
    let field = Some(IndicatorField::KpiCode);
    w.push(warn(ind, code, WarningCode::UnparsedValue, message, field));
}

/// A comparison sign after a digit ("<2=3" for "<=3"): OCR read a stroke
/// of the sign as a digit, or a digit into the sign, and the number taken
/// from the text may be either.
static SIGN_AFTER_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]\s*[<>=≤≥]").expect("valid regex"));

/// Warns of each target (by year, or the target cell of an indicator
/// without years) whose comparison sign stands after a digit, on the
/// targets and on the target where it is the own year's.
fn broken_signs(ind: &Indicator, code: &str, w: &mut Vec<Warning>) {
    let cell = ind
        .targets
        .is_empty()
        .then_some(ind.target.as_deref())
        .flatten();
    let by_year = ind
        .targets
        .iter()
        .filter_map(|t| Some((Some(t), t.target.as_deref()?)));
    for (year, text) in by_year.chain(cell.map(|c| (None, c))) {
        if !SIGN_AFTER_DIGIT.is_match(text) {
            continue;
        }
        let own = ind.target.as_deref() == Some(text);
        let (message, fields) = match year {
            Some(t) => (
                format!(
                    "its target for {} {text:?} holds a sign after a digit: misread?",
                    t.year
                ),
                [
                    Some(IndicatorField::Targets),
                    own.then_some(IndicatorField::Value(ValueField::Target)),
                ],
            ),
            None => (
                format!("its target {text:?} holds a sign after a digit: misread?"),
                [Some(IndicatorField::Value(ValueField::Target)), None],
            ),
        };
        for field in fields.into_iter().flatten() {
            let kind = WarningCode::ImplausibleValue;
            w.push(warn(ind, code, kind, message.clone(), Some(field)));
        }
    }
}

/// How many times a year's target may differ from every other year's of
/// the plan before it reads as misread: a plan steps its targets by a
/// fraction, OCR by a digit read twice or lost ("<=3 gg." read "<33").
const TARGET_JUMP: i64 = 6;

/// Warns of a year's target more than [`TARGET_JUMP`] times above or below
/// all of at least two other years' targets of the indicator, on the
/// targets (and the target, where it is the own year's).
fn target_jumps(ind: &Indicator, code: &str, w: &mut Vec<Warning>) {
    let values: Vec<(i32, Decimal)> = ind
        .targets
        .iter()
        .filter_map(|t| Some((t.year, t.target_value?)))
        .filter(|(_, v)| *v > Decimal::ZERO)
        .collect();
    let jump = Decimal::from(TARGET_JUMP);
    for &(year, v) in &values {
        let others: Vec<Decimal> = values
            .iter()
            .filter(|(y, _)| *y != year)
            .map(|(_, o)| *o)
            .collect();
        if others.len() < 2 {
            continue;
        }
        let above = others.iter().all(|o| v > *o * jump);
        let below = others.iter().all(|o| v * jump < *o);
        if !(above || below) {
            continue;
        }
        let message = format!(
            "its target for {year} ({v}) is over {TARGET_JUMP} times {} the plan's other years': a digit read twice or lost?",
            if above { "above" } else { "below" }
        );
        let own = ind.target_value == Some(v)
            && ind
                .targets
                .iter()
                .filter(|t| t.target_value == Some(v))
                .count()
                == 1;
        let fields = [
            Some(IndicatorField::Targets),
            own.then_some(IndicatorField::Value(ValueField::Target)),
        ];
        for field in fields.into_iter().flatten() {
            let kind = WarningCode::ImplausibleValue;
            w.push(warn(ind, code, kind, message.clone(), Some(field)));
        }
    }
}

/// Warns where the stated "% raggiungimento" disagrees with actual
/// against target by more than its rounding.
fn check_achievement(ind: &Indicator, stated: Decimal, code: &str, w: &mut Vec<Warning>) {
    let (Some(actual), Some(target)) = (ind.actual_value, ind.target_value) else {
        return;
    };
    let way = ind
        .target
        .as_deref()
        .and_then(direction)
        .unwrap_or(Direction::AtLeast);
    let Some(computed) = targets::achievement_mismatch(stated, actual, target, way) else {
        return;
    };
    let message = format!("states {stated}% achieved; actual against target gives {computed}%");
    w.push(warn(
        ind,
        code,
        WarningCode::AchievementMismatch,
        message.clone(),
        Some(IndicatorField::AchievementStated),
    ));
    // Which of the three was misread: the value one digit away from what
    // the stated achievement asks of it; both actual and target where
    // neither (or both) is.
    let asked = targets::values_for_achievement(stated, actual, target, way);
    let near = |read: Decimal, want: Option<Decimal>| want.is_some_and(|v| one_digit_off(read, v));
    let (a, t) = (near(actual, asked.actual), near(target, asked.target));
    for (field, flagged) in [(ValueField::Actual, a || !t), (ValueField::Target, t || !a)] {
        if flagged {
            let message = format!("{message}: its {} may be misread", field.column());
            let kind = WarningCode::AchievementMismatch;
            w.push(warn(
                ind,
                code,
                kind,
                message,
                Some(IndicatorField::Value(field)),
            ));
        }
    }
}

/// Whether `read` is `want` (rounded to `read`'s decimals) with one digit
/// lost, added or changed: "15" for 115, "1250" for 125.
fn one_digit_off(read: Decimal, want: Decimal) -> bool {
    let digits = |d: Decimal| -> Vec<char> {
        d.abs()
            .to_string()
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    let (a, b) = (digits(read), digits(want.round_dp(read.scale())));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1,
        1 => (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, c)| c)
                .eq(short.iter())
        }),
        _ => false,
    }
}

/// A card's resources: one line per amount that is not zero ("€ -"), with
/// its budget item and year.
pub fn allocations(items: &[RawAllocation], code: &str, w: &mut Vec<Warning>) -> Vec<ResourceLine> {
    let mut out = Vec::new();
    for a in items {
        let Some(n) = number::cell_value(&a.amount) else {
            continue;
        };
        if n.value.is_zero() {
            continue;
        }
        let item = ITEM_NUMBER.replace(&a.item, "").trim().to_string();
        let why = if n.uncertain {
            Some("lost digits or separators")
        } else if !alone(&a.amount, &n) {
            Some("is no well-formed amount alone in its cell")
        } else if !a.amount.contains(['€', ',']) {
            // DEV card scan 302: "6." read beside "8) Interventi".
            Some("states no euro sign and no cents: a stray number, not the item's amount?")
        } else {
            None
        };
        if let Some(why) = why {
            let mut x = super::warning(
                WarningCode::UncertainAmount,
                format!("amount {:?} {why}: read as {}", a.amount, n.value),
                Some(a.page),
                Some(code),
            );
            x.field = Some(FieldPath::Resource {
                index: out.len(),
                field: crate::model::ResourceField::Amount,
            });
            w.push(x);
        }
        if INNER_ITEM_NUMBER.is_match(&item) {
            joined_items(&item, out.len(), a.page, code, w);
        }
        if item.is_empty() {
            // DEV card scan 301: "9)" with its name lost over a page break.
            let mut x = super::warning(
                WarningCode::MissingField,
                format!("budget item {:?} gives no name: lost?", a.item),
                Some(a.page),
                Some(code),
            );
            x.field = Some(FieldPath::Resource {
                index: out.len(),
                field: crate::model::ResourceField::BudgetItem,
            });
            w.push(x);
        }
        out.push(ResourceLine {
            amount: n.value,
            amount_raw: a.amount.clone(),
            uncertain: n.uncertain,
            account: None,
            budget: None,
            line: None,
            project: None,
            description: a.item.clone(),
            page: a.page,
            year: a.year,
            budget_item: (!item.is_empty()).then_some(item),
        });
    }
    out
}

/// Whether an amount cell holds the number read and nothing else but its
/// euro sign (and a speck beside it, "€.545.225,51"): what is left
/// ("€ 1.121:518;72" read as 1.121, "(9") is a part of the amount OCR
/// misread.
fn alone(cell: &str, n: &number::ReadNumber) -> bool {
    let rest = format!(
        "{}{}",
        cell.get(..n.start).unwrap_or_default(),
        cell.get(n.end..).unwrap_or_default()
    );
    rest.chars()
        .all(|c| c.is_whitespace() || matches!(c, '€' | '.' | ','))
}

/// Warns of a budget item whose name holds another item's number: its
/// name and its amount may be a neighbouring line's.
fn joined_items(item: &str, index: usize, page: u32, code: &str, w: &mut Vec<Warning>) {
    let fields = [
        (crate::model::ResourceField::BudgetItem, "its name"),
        (crate::model::ResourceField::Amount, "its amount"),
    ];
    for (field, what) in fields {
        let mut x = super::warning(
            WarningCode::ImplausibleValue,
            format!(
                "budget item {item:?} holds another item's number: two budget lines may be read as one, and {what} be the other's"
            ),
            Some(page),
            Some(code),
        );
        x.field = Some(FieldPath::Resource { index, field });
        w.push(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, ReportKind, ValueKind};
    use crate::vocab::Vocabulary;

    fn clean(
        kpi: Option<&str>,
        target: &str,
        actual: &str,
        stated: Option<&str>,
    ) -> CleanIndicator {
        let mut c = CleanIndicator {
            number: 1,
            page: 1,
            kpi: kpi.map(str::to_string),
            achievement: stated.map(str::to_string),
            ..CleanIndicator::default()
        };
        c.cells[Column::Target] = Some(target.to_string());
        c.cells[Column::Actual] = Some(actual.to_string());
        c
    }

    /// Builds the indicator as the record builder does.
    fn built(mut c: CleanIndicator, ctx: Context) -> (Indicator, Vec<Warning>) {
        let mut w = Vec::new();
        let targets = own_year_target(&mut c, ctx);
        let mut ind =
            super::super::indicator::build(&c, true, "#1", &Vocabulary::builtin(), &mut w);
        complete(&mut ind, &c, targets, "#1", &mut w);
        (ind, w)
    }

    const ACCOUNT_2016: Context = Context {
        year: Some(2016),
        kind: Some(ReportKind::FinalAccount),
    };

    #[test]
    fn kpi_cells_give_the_code_and_the_name() {
        let cases = [
            (
                Some("KPI156 Tasso di soddisfazione"),
                Some("KPI156"),
                Some("Tasso di soddisfazione"),
            ),
            (
                Some("KPIM216 - Pratiche evase"),
                Some("KPIM216"),
                Some("Pratiche evase"),
            ),
            (
                Some("Pratiche KPI12 evase"),
                Some("KPI12"),
                Some("Pratiche evase"),
            ),
            (Some("Kpi non definito"), None, None),
            (None, None, None),
            // A digit of the code read as a mark: the code is cut there.
            (
                Some("KPIM19]1 - Imprese assistite"),
                Some("KPIM19"),
                Some("Imprese assistite"),
            ),
            // The spaces around the dash lost.
            (
                Some("KPI125-N. PARTECIPANTI"),
                Some("KPI125"),
                Some("N. PARTECIPANTI"),
            ),
            // OCR lost the code's "KPI": the name is still the title.
            (
                Some("1306 - Tempo medio di evasione"),
                None,
                Some("Tempo medio di evasione"),
            ),
        ];
        for (cell, code, title) in cases {
            let (ind, w) = built(clean(cell, ">= 60", "56", None), ACCOUNT_2016);
            assert_eq!(ind.kpi_code.as_deref(), code, "{cell:?}");
            assert_eq!(ind.title.as_deref(), title, "{cell:?}");
            let misread = cell.is_some_and(|c| c.starts_with('1') || c.contains(']'));
            let on_code = w
                .iter()
                .any(|x| x.field.is_some_and(|f| f.name() == "kpi_code"));
            assert_eq!(on_code, misread, "{cell:?}: {w:?}");
        }
    }

    #[test]
    fn a_kpi_cell_that_defines_no_kpi_is_told_apart() {
        let cases = [
            (Some("Kpi non definito"), true),
            (Some("KPI non defmito"), true),
            (Some("Kpi nondefinito"), true),
            (Some("KPI156 Tasso di soddisfazione"), false),
            // A code lost, a title kept: not "no KPI".
            (Some("1306 - Tempo medio di evasione"), false),
            (Some("Pratiche evase"), false),
            (None, false),
        ];
        for (cell, want) in cases {
            let c = clean(cell, ">= 60", "56", None);
            assert_eq!(defines_no_kpi(&c), want, "{cell:?}");
        }
    }

    #[test]
    fn the_reports_year_sets_the_target_and_achieved() {
        let cell = "Anno 2015: >= 90% Anno 2016: <= 10 Anno 2017: >=";
        // (context, target, target_value, achieved with an actual of 8)
        let cases = [
            (ACCOUNT_2016, Some("<= 10"), Some(10), Some(true)),
            (
                Context {
                    year: Some(2015),
                    kind: Some(ReportKind::BudgetPlan),
                },
                Some(">= 90%"),
                Some(90),
                Some(false),
            ),
            (
                Context {
                    year: Some(2014),
                    kind: Some(ReportKind::BudgetPlan),
                },
                Some(">= 90%"),
                Some(90),
                Some(false),
            ),
            (
                Context {
                    year: Some(2019),
                    kind: Some(ReportKind::FinalAccount),
                },
                None,
                None,
                None,
            ),
        ];
        for (ctx, target, value, achieved) in cases {
            let (ind, w) = built(clean(None, cell, "8", None), ctx);
            assert_eq!(ind.targets.len(), 3, "{ctx:?}");
            assert_eq!(ind.target.as_deref(), target, "{ctx:?}");
            assert_eq!(
                ind.target_value,
                value.map(rust_decimal::Decimal::from),
                "{ctx:?}"
            );
            assert_eq!(ind.achieved, achieved, "{ctx:?}");
            let empty = w
                .iter()
                .filter(|x| x.code == WarningCode::UnparsedValue && x.message.contains("2017"))
                .count();
            assert_eq!(empty, 1, "the bare \">=\" of 2017 is flagged: {w:?}");
        }
    }

    #[test]
    fn a_years_target_that_states_no_number_is_flagged_on_the_targets() {
        // 2016 misread (">el2"), 2017 left without a value by the report.
        let cell = "Anno 2015: >= 90% Anno 2016: >el2 Anno 2017: >=";
        let (_, w) = built(clean(None, cell, "8", None), ACCOUNT_2016);
        let unparsed: Vec<(bool, Option<String>)> = w
            .iter()
            .filter(|x| x.code == WarningCode::UnparsedValue)
            .map(|x| {
                let field = x.field.as_ref().map(|f| f.name().to_string());
                (x.message.contains("2016"), field)
            })
            .collect();
        let on = |f: &str| Some(f.to_string());
        assert_eq!(
            unparsed,
            [
                (true, on("targets")),
                (true, on("target_value")),
                (false, None)
            ]
        );
    }

    #[test]
    fn a_stated_achievement_that_disagrees_is_flagged() {
        // (target, actual, stated, mismatch expected)
        let cases = [
            (">= 60,00", "56,00", "93,33%", false),
            (">= 60,00", "56,00", "95,00%", true),
            (">= 60,00", "75,00", "100,00%", false),
            ("<= 10 gg.", "12 gg.", "83,33%", false),
            ("<= 10 gg.", "12 gg.", "100%", true),
            (">= 60,00", "n.d.", "90%", false),
        ];
        for (target, actual, stated, flagged) in cases {
            let (ind, w) = built(clean(None, target, actual, Some(stated)), ACCOUNT_2016);
            assert!(ind.achievement_stated.is_some(), "{stated}");
            let found = w.iter().any(|x| x.code == WarningCode::AchievementMismatch);
            assert_eq!(found, flagged, "{target} {actual} {stated}: {w:?}");
        }
        let (ind, _) = built(clean(None, ">= 8,00%", "9,00%", None), ACCOUNT_2016);
        assert_eq!(ind.value_kind, ValueKind::Percent);
        assert!(ind.targets.is_empty());
    }

    #[test]
    fn a_years_target_far_from_the_plans_others_is_flagged() {
        // (targets by year, flagged)
        let cases: [(&str, bool); 4] = [
            (
                "Anno 2022: <=5 gg. Anno 2023: <=5 gg. Anno 2024: <33 gg.",
                true,
            ),
            ("Anno 2022: >= 120 Anno 2023: >= 12 Anno 2024: >= 130", true),
            (
                "Anno 2022: >= 120 Anno 2023: >= 125 Anno 2024: >= 130",
                false,
            ),
            // Two years only: which one slipped is not told.
            ("Anno 2022: <=5 gg. Anno 2023: <33 gg.", false),
        ];
        for (cell, flagged) in cases {
            let (ind, w) = built(clean(None, cell, "8", None), ACCOUNT_2016);
            assert!(ind.targets.len() >= 2, "{cell}");
            let found = w.iter().any(|x| {
                x.code == WarningCode::ImplausibleValue
                    && x.field.is_some_and(|f| f.name() == "targets")
            });
            assert_eq!(found, flagged, "{cell}: {w:?}");
        }
    }

    #[test]
    fn a_target_whose_sign_stands_after_a_digit_is_flagged() {
        // (target cell, flagged on the targets, flagged on the target)
        let cases = [
            // DEV matrix scan 132: "<=3" read "<2=3", taken for 2.
            ("Anno 2015: <=5 Anno 2016: <2=3 Anno 2017: <=2", true, true),
            ("Anno 2015: <2=3 Anno 2016: <=3 Anno 2017: <=2", true, false),
            ("Anno 2015: <=5 Anno 2016: <=3 Anno 2017: <=2", false, false),
            // No years: the target cell itself.
            (">1= 60,00", false, true),
            (">= 60,00", false, false),
        ];
        for (cell, on_targets, on_target) in cases {
            let (_, w) = built(clean(None, cell, "8", None), ACCOUNT_2016);
            let on = |name: &str| {
                w.iter().any(|x| {
                    x.code == WarningCode::ImplausibleValue
                        && x.message.contains("sign after a digit")
                        && x.field.is_some_and(|f| f.name() == name)
                })
            };
            assert_eq!(on("targets"), on_targets, "{cell}: {w:?}");
            assert_eq!(on("target_value"), on_target, "{cell}: {w:?}");
        }
    }

    #[test]
    fn a_disagreeing_achievement_flags_the_value_one_digit_off() {
        // (target, actual, stated, fields flagged besides the stated figure)
        let cases: [(&str, &str, &str, &[&str]); 4] = [
            // 95,83% of 120 is 115: the actual lost a digit.
            (">= 120", "15", "95,83%", &["actual_value"]),
            // 1.312 is 82% of 1.600: the target's 6 was read as a 7.
            (">= 1.700", "1.312", "82,00%", &["target_value"]),
            // Nothing one digit away: either may be misread.
            (
                ">= 60,00",
                "56,00",
                "50,00%",
                &["actual_value", "target_value"],
            ),
            // Agreeing: nothing.
            (">= 60,00", "56,00", "93,33%", &[]),
        ];
        for (target, actual, stated, want) in cases {
            let (_, w) = built(clean(None, target, actual, Some(stated)), ACCOUNT_2016);
            let got: Vec<String> = w
                .iter()
                .filter(|x| x.code == WarningCode::AchievementMismatch)
                .filter_map(|x| x.field.map(|f| f.name().to_string()))
                .filter(|f| f != "achievement_stated")
                .collect();
            assert_eq!(got, want, "{target} {actual} {stated}");
        }
        assert!(one_digit_off(Decimal::from(15), Decimal::new(114_996, 3)));
        assert!(!one_digit_off(Decimal::from(15), Decimal::from(150_000)));
        assert!(one_digit_off(Decimal::from(1250), Decimal::from(125)));
        assert!(!one_digit_off(Decimal::from(125), Decimal::from(125)));
    }

    #[test]
    fn allocations_keep_item_and_year_and_skip_none() {
        let raw = |item: &str, year: i32, amount: &str| RawAllocation {
            item: item.to_string(),
            year: Some(year),
            amount: amount.to_string(),
            page: 2,
        };
        let items = [
            raw("6) Personale", 2017, "€ 1.088.574,57"),
            raw("7) Funzionamento", 2018, "€ -"),
            raw("8) Interventi", 2019, "20.000,00 €"),
        ];
        let mut w = Vec::new();
        let lines = allocations(&items, "#1", &mut w);
        let got: Vec<(String, Option<i32>, Option<&str>)> = lines
            .iter()
            .map(|l| (l.amount.to_string(), l.year, l.budget_item.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("1088574.57".to_string(), Some(2017), Some("Personale")),
                ("20000.00".to_string(), Some(2019), Some("Interventi")),
            ]
        );
        assert!(w.is_empty());
    }

    #[test]
    fn an_amount_not_alone_in_its_cell_is_flagged_on_its_field() {
        let raw = |amount: &str| RawAllocation {
            item: "6) Personale".to_string(),
            year: Some(2021),
            amount: amount.to_string(),
            page: 2,
        };
        // (cell, flagged)
        let cases = [
            ("€ 1.121:518;72", true),
            ("(9", true),
            ("€ 1.121.518,72", false),
            ("450.954,32 €", false),
            ("€.545.225,51", false),
            // DEV card scan 302: a stray "6." beside an item.
            ("6.", true),
            ("6", true),
        ];
        for (cell, flagged) in cases {
            let mut w = Vec::new();
            let lines = allocations(&[raw(cell)], "#1", &mut w);
            assert_eq!(lines.len(), 1, "{cell}");
            let on_amount = w.iter().any(|x| {
                x.field
                    .is_some_and(|f| f.to_string() == "resources[0].amount")
            });
            assert_eq!(on_amount, flagged, "{cell}: {w:?}");
        }
    }

    /// DEV card scan 301: "9) Ammortamenti" cut over a page break, its
    /// name lost.
    #[test]
    fn a_budget_item_without_its_name_is_flagged() {
        let raw = |item: &str| RawAllocation {
            item: item.to_string(),
            year: Some(2021),
            amount: "€ 98.558,39".to_string(),
            page: 5,
        };
        for (item, flagged) in [("9)", true), ("9) Ammortamenti", false)] {
            let mut w = Vec::new();
            allocations(&[raw(item)], "#5", &mut w);
            let on_item = w.iter().any(|x| {
                x.field
                    .is_some_and(|f| f.to_string() == "resources[0].budget_item")
            });
            assert_eq!(on_item, flagged, "{item}: {w:?}");
        }
    }

    #[test]
    fn budget_items_joined_with_a_neighbour_are_flagged() {
        let raw = |item: &str| RawAllocation {
            item: item.to_string(),
            year: Some(2020),
            amount: "€ 1.000,00".to_string(),
            page: 2,
        };
        let items = [
            raw("6) Personale"),
            raw("c/competenza 6) Personale"),
            raw("Interventi 9) Ammortamenti"),
            raw("8) Interventi"),
        ];
        let mut w = Vec::new();
        allocations(&items, "#1", &mut w);
        let flagged: Vec<String> = w
            .iter()
            .filter_map(|x| x.field.as_ref().map(|f| f.name().to_string()))
            .collect();
        assert_eq!(
            flagged,
            [
                "resources[1].budget_item",
                "resources[1].amount",
                "resources[2].budget_item",
                "resources[2].amount"
            ]
        );
    }
}
