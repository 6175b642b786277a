//! Plausibility checks over a built report: a field whose value does not
//! look like what the field holds gets a warning on that very field, so a
//! reviewer finds every doubtful value in place. The checks judge a value
//! against the rest of the report (what its other schede and indicators
//! always fill, what they call the same mission or programme) and against
//! the vocabulary (units, "no history" phrases); none keys on one
//! report's text.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::indicator::warn;
use super::{absent, misread, rows, shifts, texts, unknown_words};
use crate::model::{
    Column, FieldPath, Indicator, IndicatorField, Objective, ObjectiveField, Report, ReportKind,
    Template, ValueField, ValueKind, Warning, WarningCode,
};
use crate::normalize::number;
use crate::vocab::{fold, Label, Vocabulary};
use crate::{FastMap, FastSet};

/// An objective code inside a value: a neighbouring row's text.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9]{3}\s?-\s?[0-9]{3}\s?-\s?[0-9]{3}\b").expect("valid regex")
});
/// A mission's or programme's code opening a name ("003 - Servizi
/// generali", "003 Servizi"), inside another name.
static NAMED_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([0-9]{3})\s+(?:-\s+)?\p{Lu}").expect("valid regex"));
/// Characters no printed field holds: what OCR makes of rules and specks.
const DEBRIS: &[char] = &[
    '|', '°', '©', '®', '¢', '§', '¬', '¦', '{', '}', '[', ']', '\\', '~', '^', '«', '»',
];
/// A field a report leaves empty in at most one record in this many (and
/// in one record at least) is one the report always fills ...
const USUAL_GAPS: usize = 10;
/// ... judged only over at least this many records.
const USUAL_MIN: usize = 4;
/// A title of more words than this is running prose.
const TITLE_WORDS: usize = 30;
/// A unit of more words than this holds a neighbour's text.
const UNIT_WORDS: usize = 3;

/// An objective's fields that hold a short text.
pub(super) const OBJECTIVE_TEXT: [ObjectiveField; 7] = [
    ObjectiveField::MissionCode,
    ObjectiveField::MissionName,
    ObjectiveField::ProgrammeCode,
    ObjectiveField::ProgrammeName,
    ObjectiveField::Title,
    ObjectiveField::TimeFrame,
    ObjectiveField::ResponsibilityCentre,
];
/// An objective's fields a scheda in doubt as a whole warns on besides
/// its short texts ([`OBJECTIVE_TEXT`]): the declared count, the
/// resources and the indicators as a whole.
const OBJECTIVE_WHOLE_MORE: [ObjectiveField; 3] = [
    ObjectiveField::DeclaredIndicators,
    ObjectiveField::Resources,
    ObjectiveField::Indicators,
];
/// An indicator's text fields, the table's cells in their column order.
pub(super) const INDICATOR_TEXT: [IndicatorField; 9] = [
    IndicatorField::Title,
    IndicatorField::Measures,
    IndicatorField::Cell(Column::Type),
    IndicatorField::Cell(Column::Unit),
    IndicatorField::Cell(Column::Algorithm),
    IndicatorField::Cell(Column::DataSource),
    IndicatorField::Cell(Column::LastObserved),
    IndicatorField::Cell(Column::Target),
    IndicatorField::Cell(Column::Actual),
];

/// An indicator's fields an indicator in doubt as a whole warns on besides
/// its text fields ([`INDICATOR_TEXT`]): those of the other templates.
pub(super) const INDICATOR_WHOLE_MORE: [IndicatorField; 3] = [
    IndicatorField::KpiCode,
    IndicatorField::Targets,
    IndicatorField::AchievementStated,
];

/// The indicator fields a report's table fills wherever the row was read
/// right: unit, algorithm, source and "Cosa misura" are now and then left
/// blank on purpose, so an empty one is no sign.
const ALWAYS_FILLED: [IndicatorField; 4] = [
    IndicatorField::Title,
    IndicatorField::Cell(Column::Type),
    IndicatorField::Cell(Column::Target),
    IndicatorField::Cell(Column::Actual),
];

/// A card prints a labelled unit line ("Unità di misura") for every
/// indicator, and its unit is short ("N.", "%"): small enough for OCR to
/// lose. In a card report the unit is judged as the fields a report
/// always fills are, an empty one where the others fill theirs being
/// lost, not moved (its neighbours are not flagged).
const CARD_FILLED: IndicatorField = IndicatorField::Cell(Column::Unit);

/// The indicators (objective code, number) whose KPI cell says they
/// define none ("Kpi non definito"): their code and title are empty on
/// purpose, no sign of a lost cell.
pub(super) type NoKpi = FastSet<(String, u32)>;

/// Adds a warning on each field of the report whose value is in doubt and
/// carries none yet.
pub fn check(report: &mut Report, vocab: &Vocabulary, no_kpi: &NoKpi) {
    let has_actual = report.kind == Some(ReportKind::FinalAccount);
    let card = report.template == Template::Card;
    let usual = Usual::of(&report.objectives, has_actual, card, no_kpi);
    let mut found = Vec::new();
    let codes: Vec<&str> = report.objectives.iter().map(|o| o.code.as_str()).collect();
    let varying = Varying::new(&report.objectives);
    // A table repeats its texts row after row: each is judged once.
    let mut doubts = TextDoubts::default();
    for o in &report.objectives {
        objective_doubts(o, &usual, &mut doubts, &mut found);
        if let Some(why) = misplaced_scheda(o, &codes) {
            whole_scheda(&varying, o, &why, &mut found);
        }
        for ind in &o.indicators {
            let untitled = no_kpi.contains(&(o.code.clone(), ind.number));
            indicator_doubts(o, ind, &usual, untitled, vocab, &mut doubts, &mut found);
        }
    }
    if has_actual {
        lost_achievements(&report.objectives, &mut found);
    }
    lost_years(&report.objectives, &mut found);
    name_doubts(&report.objectives, &mut found);
    carried_programmes(&report.objectives, &mut found);
    for o in &report.objectives {
        code_doubts(o, &mut found);
    }
    {
        let ocr_page = unknown_words::ocr_pages(report);
        let by_ocr = |o: &Objective| {
            o.pages.iter().any(|&p| ocr_page(p)) || o.indicators.iter().any(|i| ocr_page(i.page))
        };
        shifts::check(&varying, report.template, &by_ocr, &mut found);
    }
    rows::check(&varying, &mut found);
    absent::check(&report.objectives, &mut found);
    misread::check(report, vocab, &mut found);
    unknown_words::check(report, vocab, &mut found);
    texts::check(report, vocab, &mut found);
    add_new(&mut report.warnings, found);
}

/// The fewest indicators stating their "% raggiungimento" that make the
/// report's column one every indicator fills.
const ACHIEVEMENTS_MIN: usize = 2;

/// In a final account whose indicators state their own "% raggiungimento"
/// (a report's column fills every row), an indicator stating none: the
/// column may be lost on its page, or read into the actual value beside
/// it ("160,50 100,00%").
fn lost_achievements(objectives: &[Objective], found: &mut Vec<Warning>) {
    let indicators = || {
        objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
    };
    let stated = indicators()
        .filter(|(_, i)| i.achievement_stated.is_some())
        .count();
    if stated < ACHIEVEMENTS_MIN {
        return;
    }
    for (o, ind) in indicators().filter(|(_, i)| i.achievement_stated.is_none()) {
        let message = format!(
            "its stated achievement is empty, though {stated} of the report's indicators state one: the column may be lost on its page, or read into a value beside it"
        );
        let f = Some(IndicatorField::AchievementStated);
        found.push(warn(ind, &o.code, WarningCode::MissingField, message, f));
    }
}

/// The fewest indicators giving targets by year that make the report's
/// years ones every indicator gives.
const YEARS_MIN: usize = 3;

/// Indicators that give a year of targets at least: a year one indicator
/// alone gives may be a misread one.
const YEAR_GIVEN_MIN: usize = 2;

/// In a report whose indicators give their targets by year, the years
/// two of them or more give (a report sets every indicator's targets for
/// the same years); an indicator lacking one of those years (or all of
/// them) lost it: a year's row or column misread, its targets maybe
/// shifted (DEV card scan 300: "Anno 2023" lost, its target read into
/// 2024's). Flagged on `targets`, and on `target` where the target cell
/// holds several numbers (the years' targets read as one).
fn lost_years(objectives: &[Objective], found: &mut Vec<Warning>) {
    let indicators = || {
        objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
    };
    let by_year = indicators().filter(|(_, i)| !i.targets.is_empty()).count();
    if by_year < YEARS_MIN {
        return;
    }
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, i) in indicators() {
        for t in &i.targets {
            *counts.entry(t.year).or_default() += 1;
        }
    }
    let usual: Vec<i32> = counts
        .into_iter()
        .filter(|&(_, n)| n >= YEAR_GIVEN_MIN)
        .map(|(year, _)| year)
        .collect();
    for (o, ind) in indicators() {
        let lost: Vec<String> = usual
            .iter()
            .filter(|&&y| !ind.targets.iter().any(|t| t.year == y))
            .map(i32::to_string)
            .collect();
        if lost.is_empty() {
            continue;
        }
        let message = format!(
            "its targets lack the year(s) {}, which the report's other indicators give: a year's row misread?",
            lost.join(", ")
        );
        let f = Some(IndicatorField::Targets);
        found.push(warn(
            ind,
            &o.code,
            WarningCode::MissingField,
            message.clone(),
            f,
        ));
        let several = ind
            .target
            .as_deref()
            .is_some_and(|t| number::find_numbers(t).len() >= 2);
        if several {
            let f = Some(IndicatorField::Cell(Column::Target));
            found.push(warn(ind, &o.code, WarningCode::AmbiguousCells, message, f));
        }
    }
}

/// The fields a report fills in (nearly) every objective and indicator.
struct Usual {
    has_actual: bool,
    objective: Vec<ObjectiveField>,
    indicator: Vec<IndicatorField>,
    /// Whether (nearly) every indicator carries a KPI code, in a card
    /// report: a card prints each indicator's code and title on one
    /// labelled line ("Codice e descrizione"). (A kpi-table's "Kpi non
    /// definito" leaves both empty.)
    coded: bool,
}

impl Usual {
    fn of(objectives: &[Objective], has_actual: bool, card: bool, no_kpi: &NoKpi) -> Usual {
        let usual = |filled: usize, total: usize| {
            total >= USUAL_MIN && total - filled <= (total / USUAL_GAPS).max(1)
        };
        // A scheda may leave its count blank and fund nothing ("€ 0,00"):
        // an empty count or resource list is no sign.
        let objective = OBJECTIVE_TEXT
            .into_iter()
            .filter(|&f| {
                let filled = objectives.iter().filter(|o| is_filled(o, f)).count();
                usual(filled, objectives.len())
            })
            .collect();
        let indicators: Vec<&Indicator> = objectives.iter().flat_map(|o| &o.indicators).collect();
        // A row that defines no KPI has no title to count.
        let titled: Vec<&Indicator> = objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
            .filter(|(o, i)| !no_kpi.contains(&(o.code.clone(), i.number)))
            .map(|(_, i)| i)
            .collect();
        let indicator = ALWAYS_FILLED
            .into_iter()
            .chain(card.then_some(CARD_FILLED))
            .filter(|&f| has_actual || f != IndicatorField::Cell(Column::Actual))
            .filter(|&f| {
                let among = if f == IndicatorField::Title {
                    &titled
                } else {
                    &indicators
                };
                let filled = among
                    .iter()
                    .filter(|i| indicator_text(i, f).is_some())
                    .count();
                usual(filled, among.len())
            })
            .collect();
        let coded = indicators.iter().filter(|i| i.kpi_code.is_some()).count();
        Usual {
            has_actual,
            objective,
            indicator,
            coded: card && usual(coded, indicators.len()),
        }
    }
}

pub(super) fn objective_text(o: &Objective, f: ObjectiveField) -> Option<&str> {
    match f {
        ObjectiveField::MissionCode => o.mission_code.as_deref(),
        ObjectiveField::MissionName => o.mission_name.as_deref(),
        ObjectiveField::ProgrammeCode => o.programme_code.as_deref(),
        ObjectiveField::ProgrammeName => o.programme_name.as_deref(),
        ObjectiveField::Title => o.title.as_deref(),
        ObjectiveField::TimeFrame => o.time_frame.as_deref(),
        ObjectiveField::ResponsibilityCentre => o.responsibility_centre.as_deref(),
        _ => None,
    }
}

pub(super) fn is_filled(o: &Objective, f: ObjectiveField) -> bool {
    match f {
        ObjectiveField::DeclaredIndicators => o.declared_indicators.is_some(),
        ObjectiveField::Resources => !o.resources.is_empty(),
        _ => objective_text(o, f).is_some(),
    }
}

/// Whether the field warning `w` names is empty in `objectives`: a value
/// the page image shows and no reading gave stays a doubt only where no
/// later stage filled the field. A unit is as good as given where the
/// values carry theirs ("%", "€"): a lone "%" OCR reads as nothing, on
/// the page and alone (DEV scans 172, 200), loses nothing.
pub fn left_empty(objectives: &[Objective], w: &Warning) -> bool {
    let Some(o) = objectives
        .iter()
        .find(|o| w.objective_code.as_deref() == Some(o.code.as_str()))
    else {
        return false;
    };
    match w.field {
        Some(FieldPath::Objective(f)) => !is_filled(o, f),
        Some(FieldPath::Indicator { number, field }) => o
            .indicators
            .iter()
            .find(|i| i.number == number)
            .is_some_and(|i| indicator_text(i, field).is_none() && !unit_in_values(i, field)),
        _ => false,
    }
}

/// Whether `field` is the unit of an indicator whose values carry theirs.
fn unit_in_values(i: &Indicator, field: IndicatorField) -> bool {
    field == IndicatorField::Cell(Column::Unit)
        && matches!(i.value_kind, ValueKind::Percent | ValueKind::Euro)
}

pub(super) fn indicator_text(ind: &Indicator, f: IndicatorField) -> Option<&str> {
    match f {
        IndicatorField::Title => ind.title.as_deref(),
        IndicatorField::Measures => ind.measures.as_deref(),
        IndicatorField::Cell(column) => ind.cell(column).as_deref(),
        _ => None,
    }
}

pub(super) fn on_objective(
    o: &Objective,
    f: ObjectiveField,
    code: WarningCode,
    message: String,
) -> Warning {
    Warning {
        code,
        message,
        page: o.pages.first().copied(),
        objective_code: Some(o.code.clone()),
        indicator_number: None,
        field: Some(f.into()),
    }
}

/// Fields the report always fills but this objective lacks, and short
/// texts that do not read as their field.
fn objective_doubts<'r>(
    o: &'r Objective,
    usual: &Usual,
    doubts: &mut TextDoubts<'r>,
    found: &mut Vec<Warning>,
) {
    for &f in usual.objective.iter().filter(|&&f| !is_filled(o, f)) {
        let message = format!("no {f} found, though the report's other schede give one");
        found.push(on_objective(o, f, WarningCode::MissingField, message));
    }
    for f in OBJECTIVE_TEXT {
        let Some(text) = objective_text(o, f) else {
            continue;
        };
        if let Some(why) = doubts.of(text, f == ObjectiveField::Title) {
            let message = format!("its {f} {text:?} {why}");
            found.push(on_objective(o, f, WarningCode::ImplausibleValue, message));
        }
    }
}

/// [`text_doubt`] of each distinct text (and whether it is a title),
/// remembered.
#[derive(Default)]
struct TextDoubts<'r>(FastMap<(&'r str, bool), Option<String>>);

impl<'r> TextDoubts<'r> {
    fn of(&mut self, text: &'r str, is_title: bool) -> Option<String> {
        self.0
            .entry((text, is_title))
            .or_insert_with(|| text_doubt(text, is_title))
            .clone()
    }
}

/// Why a short text does not read as a field's value, if it does not.
fn text_doubt(text: &str, is_title: bool) -> Option<String> {
    // A code has nine digits: most texts are told apart without the
    // pattern.
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    if let Some(m) = (digits >= 9).then(|| CODE.find(text)).flatten() {
        return Some(format!(
            "holds an objective code ({}): a neighbouring row's text?",
            m.as_str()
        ));
    }
    // Letters and digits are never debris: most characters are told
    // apart without the list.
    let debris = |c: char| !c.is_ascii_alphanumeric() && DEBRIS.contains(&c);
    // One pass over the words: debris anywhere comes before a garbled
    // word.
    let mut garbled = None;
    for word in text.split_whitespace() {
        if word.contains(debris) {
            return Some(format!("holds OCR debris ({word:?})"));
        }
        if garbled.is_none() && is_garbled(word) {
            garbled = Some(word);
        }
    }
    if let Some(word) = garbled {
        return Some(format!("holds a garbled word ({word:?})"));
    }
    let opens_lower = text
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    if is_title && (opens_lower || text.split_whitespace().count() > TITLE_WORDS) {
        return Some("reads as running prose, not a title".to_string());
    }
    None
}

/// A word in capitals with a small letter between capitals ("ISTRUIlL"):
/// OCR's reading of a capital, no spelling.
fn is_garbled(word: &str) -> bool {
    let mut capitals = 0;
    let mut small_between = false;
    // The two letters before the current one.
    let mut before: (Option<char>, Option<char>) = (None, None);
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        capitals += usize::from(c.is_uppercase());
        if let (Some(a), Some(b)) = before {
            small_between |= a.is_uppercase() && b.is_lowercase() && c.is_uppercase();
        }
        before = (before.1, Some(c));
    }
    capitals >= 3 && small_between
}

/// Why an objective's scheda may be another objective's: its code
/// disagrees with both its mission and its programme code, or with one
/// of them while the two name another objective's code (`codes`: the
/// report's objective codes).
pub(super) fn misplaced_scheda(o: &Objective, codes: &[&str]) -> Option<String> {
    if o.code.starts_with('#') {
        return None;
    }
    let mut parts = o.code.split('-');
    let (mission, programme) = (parts.next()?, parts.next()?);
    let disagree = |v: &Option<String>, part: &str| v.as_deref().is_some_and(|v| v != part);
    let (m, p) = (
        disagree(&o.mission_code, mission),
        disagree(&o.programme_code, programme),
    );
    let printed = format!(
        "{}-{}-",
        o.mission_code.as_deref()?,
        o.programme_code.as_deref()?
    );
    let anothers = codes
        .iter()
        .any(|c| *c != o.code && c.starts_with(&printed));
    ((m && p) || ((m || p) && anothers)).then(|| {
        format!(
            "the code {} disagrees with its mission and programme codes ({}): this may be another objective's scheda",
            o.code,
            printed.trim_end_matches('-')
        )
    })
}

/// The fields that can be in doubt when a whole scheda or indicator is:
/// those that do not hold a single value across the report's objectives
/// (or indicators), which cannot be a neighbour's. Worked out once, the
/// first time a record is in doubt.
pub(super) struct Varying<'a> {
    pub(super) all: &'a [Objective],
    fields: OnceCell<(Vec<ObjectiveField>, Vec<IndicatorField>)>,
}

impl<'a> Varying<'a> {
    pub(super) fn new(all: &'a [Objective]) -> Varying<'a> {
        Varying {
            all,
            fields: OnceCell::new(),
        }
    }

    fn fields(&self) -> &(Vec<ObjectiveField>, Vec<IndicatorField>) {
        self.fields.get_or_init(|| {
            let all = self.all;
            let objective = OBJECTIVE_TEXT
                .into_iter()
                .chain(OBJECTIVE_WHOLE_MORE)
                .filter(|&f| varies(all.iter().map(|x| objective_value(x, f))))
                .collect();
            let indicators = || all.iter().flat_map(|x| &x.indicators);
            let indicator = INDICATOR_TEXT
                .into_iter()
                .chain(INDICATOR_WHOLE_MORE)
                .filter(|&f| varies(indicators().map(|i| indicator_value(i, f))))
                .collect();
            (objective, indicator)
        })
    }
}

/// Every field of an objective and its indicators, as the whole scheda
/// is in doubt, that can be (see [`Varying`]).
pub(super) fn whole_scheda(varying: &Varying, o: &Objective, why: &str, found: &mut Vec<Warning>) {
    for &f in &varying.fields().0 {
        let message = why.to_string();
        found.push(on_objective(o, f, WarningCode::CodeMismatch, message));
    }
    for ind in &o.indicators {
        whole_indicator(varying, o, ind, why, found);
    }
}

/// Every field of an indicator that can be in doubt (see [`Varying`]),
/// as the whole indicator is.
pub(super) fn whole_indicator(
    varying: &Varying,
    o: &Objective,
    ind: &Indicator,
    why: &str,
    found: &mut Vec<Warning>,
) {
    for &f in &varying.fields().1 {
        let message = why.to_string();
        found.push(warn(
            ind,
            &o.code,
            WarningCode::CodeMismatch,
            message,
            Some(f),
        ));
    }
}

/// Whether the values differ.
fn varies(mut values: impl Iterator<Item = String>) -> bool {
    let first = values.next();
    values.any(|v| Some(&v) != first.as_ref())
}

/// An objective field's value, written out to be compared.
fn objective_value(o: &Objective, f: ObjectiveField) -> String {
    match f {
        ObjectiveField::DeclaredIndicators => format!("{:?}", o.declared_indicators),
        ObjectiveField::Indicators => o.indicators.len().to_string(),
        ObjectiveField::Resources => {
            format!(
                "{:?}",
                o.resources.iter().map(|r| r.amount).collect::<Vec<_>>()
            )
        }
        _ => format!("{:?}", objective_text(o, f)),
    }
}

/// Whether an indicator's field holds a value.
pub(super) fn indicator_value_is_set(ind: &Indicator, f: IndicatorField) -> bool {
    match f {
        IndicatorField::KpiCode => ind.kpi_code.is_some(),
        IndicatorField::Targets => !ind.targets.is_empty(),
        IndicatorField::AchievementStated => ind.achievement_stated.is_some(),
        _ => indicator_text(ind, f).is_some(),
    }
}

/// An indicator field's value, written out to be compared.
fn indicator_value(ind: &Indicator, f: IndicatorField) -> String {
    match f {
        IndicatorField::KpiCode => format!("{:?}", ind.kpi_code),
        IndicatorField::Targets => format!("{:?}", ind.targets),
        IndicatorField::AchievementStated => format!("{:?}", ind.achievement_stated),
        _ => format!("{:?}", indicator_text(ind, f)),
    }
}

/// An indicator's empty usual fields and the cells beside them, texts
/// that do not read as their field, a unit outside the vocabulary, and
/// value cells that swallowed a neighbour.
fn indicator_doubts<'r>(
    o: &Objective,
    ind: &'r Indicator,
    usual: &Usual,
    untitled: bool,
    vocab: &Vocabulary,
    doubts: &mut TextDoubts<'r>,
    found: &mut Vec<Warning>,
) {
    let code = &o.code;
    for &f in usual
        .indicator
        .iter()
        .filter(|&&f| indicator_text(ind, f).is_none())
        .filter(|&&f| !(untitled && f == IndicatorField::Title))
    {
        let message = format!("its {f} is empty, though the report's other indicators fill it");
        found.push(warn(ind, code, WarningCode::MissingField, message, Some(f)));
        // The code prints with the title ("KPI156 - TITOLO"): a line lost
        // takes both.
        if f == IndicatorField::Title && ind.kpi_code.is_none() && usual.coded {
            let message = "its KPI code is empty with its title, though the report's other indicators give one".to_string();
            let f = Some(IndicatorField::KpiCode);
            found.push(warn(ind, code, WarningCode::MissingField, message, f));
        }
        for n in neighbours(ind, f).into_iter().filter(|_| f != CARD_FILLED) {
            let message = format!("its {f} is empty: its {n} may hold the {f}'s text");
            found.push(warn(
                ind,
                code,
                WarningCode::AmbiguousCells,
                message,
                Some(n),
            ));
        }
    }
    for f in INDICATOR_TEXT {
        let Some(text) = indicator_text(ind, f) else {
            continue;
        };
        // An indicator's title may be a phrase ("numero imprese ..."):
        // only an objective's is judged as a title.
        if let Some(why) = doubts.of(text, false) {
            let message = format!("its {f} {text:?} {why}");
            found.push(warn(
                ind,
                code,
                WarningCode::ImplausibleValue,
                message,
                Some(f),
            ));
        }
    }
    if let Some(unit) = ind.unit.as_deref() {
        if let Some(why) = unit_doubt(unit, vocab) {
            let field = Some(IndicatorField::Cell(Column::Unit));
            found.push(warn(ind, code, WarningCode::ImplausibleValue, why, field));
            if let Some(column) = label_inside(unit, vocab).filter(|c| ind.cell(*c).is_none()) {
                let message = format!(
                    "its unit {unit:?} holds the label of its {column}, which is empty: the unit may hold the {column}'s text"
                );
                let field = Some(IndicatorField::Cell(column));
                found.push(warn(ind, code, WarningCode::AmbiguousCells, message, field));
            }
        }
    }
    swallowed_values(o, ind, usual.has_actual, vocab, found);
}

/// The filled cells beside an empty one that may hold its text: for a
/// value column, the value cells before it (a row's values move left
/// together); else the cells on either side.
fn neighbours(ind: &Indicator, empty: IndicatorField) -> Vec<IndicatorField> {
    let IndicatorField::Cell(column) = empty else {
        return Vec::new();
    };
    let values = [Column::LastObserved, Column::Target, Column::Actual];
    let beside: Vec<Column> = if values.contains(&column) {
        values.into_iter().take_while(|&c| c != column).collect()
    } else {
        let i = column.index();
        Column::ALL
            .iter()
            .copied()
            .filter(|c| c.index() + 1 == i || c.index() == i + 1)
            .collect()
    };
    beside
        .into_iter()
        .filter(|&c| ind.cell(c).is_some())
        .map(IndicatorField::Cell)
        .collect()
}

/// Why a unit is not one: digits, too many words, or more than one word
/// that is no unit of the vocabulary.
/// The column whose label a text holds after its first word, in two
/// words or more ("Percentuale Metodo di calcolo verifica ...": a card's
/// label line OCR read into the line before).
fn label_inside(text: &str, vocab: &Vocabulary) -> Option<Column> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..words.len()).find_map(|k| {
        let m = vocab.template_label_at_start(&words[k..])?;
        match m.label {
            Label::Column(column) if m.words >= 2 => Some(column),
            _ => None,
        }
    })
}

fn unit_doubt(unit: &str, vocab: &Vocabulary) -> Option<String> {
    let words: Vec<&str> = unit.split_whitespace().collect();
    let foreign = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .filter(|w| vocab.unit_word(w).is_none())
        .count();
    let why = if unit.contains(|c: char| c.is_ascii_digit()) {
        "holds digits"
    } else if words.len() > UNIT_WORDS || foreign > 1 {
        "is no unit of the vocabulary: it may hold a neighbouring cell's text"
    } else {
        return None;
    };
    Some(format!("its unit {unit:?} {why}"))
}

/// Whether each of a cell's `numbers` follows a comparison of its own
/// (">= 95,00% >= 97,00% >=100,00%"): several years' targets in one cell,
/// as a card sets them. A last observed value or an actual states no
/// comparison: none of them is among the numbers.
fn each_compared(text: &str, numbers: &[number::ReadNumber]) -> bool {
    let mut from = 0;
    numbers.iter().all(|n| {
        let before = text.get(from..n.start).unwrap_or("");
        from = n.end;
        before.contains(['<', '>', '≤', '≥'])
    })
}

/// Value cells that hold what an empty neighbour should: several numbers,
/// or the words of a "no history" phrase whose cell is empty. Only a
/// final account (`has_actual`) has an actual to lose.
fn swallowed_values(
    o: &Objective,
    ind: &Indicator,
    has_actual: bool,
    vocab: &Vocabulary,
    found: &mut Vec<Warning>,
) {
    let values = [
        ValueField::LastObserved,
        ValueField::Target,
        ValueField::Actual,
    ];
    for (i, &field) in values.iter().enumerate() {
        let Some(text) = ind.cell(field.column()).as_deref() else {
            continue;
        };
        let numbers = number::find_numbers(text);
        if numbers.len() < 2 || each_compared(text, &numbers) {
            continue;
        }
        let beside = [i.checked_sub(1), Some(i + 1)];
        for &n in beside.iter().flatten().filter_map(|&j| values.get(j)) {
            if ind.cell(n.column()).is_none() && (n != ValueField::Actual || has_actual) {
                let message = format!(
                    "its {} {text:?} holds several numbers and its {} is empty: one may be the other's",
                    field.column(),
                    n.column()
                );
                let f = Some(IndicatorField::Value(n));
                found.push(warn(ind, &o.code, WarningCode::AmbiguousCells, message, f));
            }
        }
    }
    if ind.last_observed.is_some() {
        return;
    }
    for column in [Column::Target, Column::Actual] {
        let Some(text) = ind.cell(column).as_deref() else {
            continue;
        };
        if let Some(phrase) = vocab.no_history_words_in(text) {
            let message = format!(
                "its {column} {text:?} holds the words of {phrase:?}, which belong to an empty last_observed"
            );
            for f in [Column::LastObserved, column] {
                let f = Some(IndicatorField::Cell(f));
                found.push(warn(
                    ind,
                    &o.code,
                    WarningCode::AmbiguousCells,
                    message.clone(),
                    f,
                ));
            }
        }
    }
}

/// Missions and programmes that schede name differently under one code:
/// those that differ from the name most schede give (all of them where
/// no name prevails).
fn name_doubts(objectives: &[Objective], found: &mut Vec<Warning>) {
    let keyed: [(ObjectiveField, NameKey); 2] = [
        (ObjectiveField::MissionName, mission_key),
        (ObjectiveField::ProgrammeName, programme_key),
    ];
    for (field, key) in keyed {
        let mut names: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for o in objectives {
            if let (Some(k), Some(name)) = (key(o), objective_text(o, field)) {
                *names.entry(k).or_default().entry(fold(name)).or_default() += 1;
            }
        }
        for o in objectives {
            let (Some(k), Some(name)) = (key(o), objective_text(o, field)) else {
                continue;
            };
            let Some(counts) = names.get(&k).filter(|c| c.len() > 1) else {
                continue;
            };
            let top = counts.values().copied().max().unwrap_or(0);
            let prevails = counts.values().filter(|&&n| n == top).count() == 1;
            if prevails && counts.get(&fold(name)) == Some(&top) {
                continue;
            }
            let message = format!(
                "its {field} {name:?} differs from what other schede call code {k}: one of them may be misread"
            );
            found.push(on_objective(
                o,
                field,
                WarningCode::ImplausibleValue,
                message,
            ));
        }
    }
}

/// Programmes read from the row above: an objective filed under another
/// mission than the objective before it, with that one's programme, code
/// and name. A programme belongs to one mission (its name is its
/// mission's own), so a table's programme cell read into the next
/// objective's row is the likelier reading (DEV kpi-table scan 253:
/// "005 Sostegno all'internazionalizzazione" under mission 032 after
/// mission 016's).
fn carried_programmes(objectives: &[Objective], found: &mut Vec<Warning>) {
    for pair in objectives.windows(2) {
        let (before, o) = (&pair[0], &pair[1]);
        let other_mission = matches!(
            (&before.mission_code, &o.mission_code),
            (Some(a), Some(b)) if a != b
        );
        let name = |o: &Objective| o.programme_name.as_deref().map(fold);
        let same_programme = o.programme_code.is_some()
            && o.programme_code == before.programme_code
            && name(o).is_some()
            && name(o) == name(before);
        if !(other_mission && same_programme) {
            continue;
        }
        let message = format!(
            "its programme is the one objective {} files under mission {}, though it stands under mission {}: its programme may be read from the row above",
            before.code,
            before.mission_code.as_deref().unwrap_or_default(),
            o.mission_code.as_deref().unwrap_or_default()
        );
        for field in [ObjectiveField::ProgrammeCode, ObjectiveField::ProgrammeName] {
            found.push(on_objective(
                o,
                field,
                WarningCode::ImplausibleValue,
                message.clone(),
            ));
        }
    }
}

/// A programme's code that its name doubts: the name holds another code
/// with its name ("Indirizzo politico 002 - Indirizzo politico 003 -
/// Servizi generali"), the cells of several programmes read into one,
/// and the code taken is the first one's. (A mission's name that holds
/// a code holds its programme's, run into it: its own code stands.)
fn code_doubts(o: &Objective, found: &mut Vec<Warning>) {
    let (Some(code), Some(name)) = (o.programme_code.as_deref(), o.programme_name.as_deref())
    else {
        return;
    };
    let other = NAMED_CODE
        .captures_iter(name)
        .filter_map(|c| c.get(1))
        .find(|m| m.as_str() != code);
    if let Some(other) = other {
        let message = format!(
            "its programme_name names programme {} too: the cells of several may be read into one, and programme_code {code:?} be another's",
            other.as_str()
        );
        found.push(on_objective(
            o,
            ObjectiveField::ProgrammeCode,
            WarningCode::ImplausibleValue,
            message,
        ));
    }
}

/// The code a mission's or programme's name goes with.
type NameKey = fn(&Objective) -> Option<String>;

fn mission_key(o: &Objective) -> Option<String> {
    o.mission_code.clone()
}

fn programme_key(o: &Objective) -> Option<String> {
    Some(format!(
        "{}-{}",
        o.mission_code.as_deref()?,
        o.programme_code.as_deref()?
    ))
}

/// The warning's place: objective, indicator and field, a cell's text and
/// its number counting as one field.
fn place(w: &Warning) -> (Option<String>, Option<u32>, Option<String>) {
    let field = w.field.as_ref().map(|f| {
        let name = f.name();
        name.strip_suffix("_value")
            .map_or(name.to_string(), str::to_string)
    });
    (w.objective_code.clone(), w.indicator_number, field)
}

/// Adds the warnings found on places that carry none yet, one per place.
pub(super) fn add_new(warnings: &mut Vec<Warning>, found: Vec<Warning>) {
    let mut taken: FastSet<_> =
        FastSet::with_capacity_and_hasher(warnings.len() + found.len(), Default::default());
    taken.extend(warnings.iter().map(place));
    for w in found {
        if taken.insert(place(&w)) {
            warnings.push(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{an_indicator, an_objective};
    use crate::model::YearTarget;
    use rust_decimal::Decimal;

    fn objective(code: &str, mission: &str, name: &str, indicators: Vec<Indicator>) -> Objective {
        Objective {
            mission_code: Some(mission.into()),
            mission_name: Some(name.into()),
            title: Some("TITOLO".into()),
            indicators,
            ..an_objective(code)
        }
    }

    /// The fields of one indicator's warnings, by name.
    fn fields(found: &[Warning], number: u32) -> Vec<String> {
        found
            .iter()
            .filter(|w| w.indicator_number == Some(number))
            .filter_map(|w| w.field.as_ref().map(|f| f.name().to_string()))
            .collect()
    }

    /// A value the reread found ink for and no reading (DEV scans 215,
    /// 220) is a doubt where the records leave its field empty; a unit
    /// the values carry (percent) is given.
    #[test]
    fn a_lost_value_is_a_doubt_only_where_its_field_stayed_empty() {
        let empty = Indicator {
            unit: None,
            last_observed: None,
            ..an_indicator()
        };
        let unit_less = Indicator {
            value_kind: ValueKind::Percent,
            ..empty.clone()
        };
        let mut counted = an_objective("011-005-001");
        counted.declared_indicators = Some(1);
        let objectives = [
            objective("032-002-002", "032", "Servizi", vec![empty]),
            Objective {
                indicators: vec![unit_less],
                ..counted
            },
        ];
        let lost = |code: &str, field: FieldPath| Warning {
            code: WarningCode::MissingField,
            message: String::new(),
            page: None,
            objective_code: Some(code.into()),
            indicator_number: field.indicator_number(),
            field: Some(field),
        };
        let declared = FieldPath::from(ObjectiveField::DeclaredIndicators);
        let last = FieldPath::cell(1, Column::LastObserved);
        let unit = FieldPath::cell(1, Column::Unit);
        assert!(left_empty(&objectives, &lost("032-002-002", declared)));
        assert!(!left_empty(&objectives, &lost("011-005-001", declared)));
        assert!(left_empty(&objectives, &lost("011-005-001", last)));
        assert!(left_empty(&objectives, &lost("032-002-002", unit)));
        assert!(!left_empty(&objectives, &lost("011-005-001", unit)));
        assert!(!left_empty(&objectives, &lost("999-999-999", last)));
    }

    #[test]
    fn texts_that_do_not_read_as_their_field_are_flagged() {
        let cases = [
            ("numerica 012-004-001", false, true),
            ("obiettivo 012 - 004 - 001 bis", false, true),
            ("codice 012-004-00", false, false),
            ("12345678 e 9", false, false),
            ("SERVIZI ABcD", false, true),
            ("SERVIZI AbC", false, false),
            ("Segretario |°°9 Generale", false, true),
            ("DOMANDE ISTRUIlL ED EROGATE", false, true),
            ("si inserisce nel quadro della programmazione", true, true),
            ("RETE S.U.A.P. A SOSTEGNO DELL'IMPRENDITORIA", true, false),
            ("Cancellazione d'ufficio delle imprese", true, false),
            ("servizi InfoCamere e PagoPA", false, false),
            ("il numero di ispezioni svolte", false, false),
        ];
        for (text, is_title, flagged) in cases {
            assert_eq!(text_doubt(text, is_title).is_some(), flagged, "{text}");
        }
    }

    #[test]
    fn units_outside_the_vocabulary_are_flagged() {
        let vocab = Vocabulary::builtin();
        let cases = [
            ("NUMERICA", false),
            ("%", false),
            ("N.", false),
            ("giorni lavorativi", false),
            ("Percentuale", false),
            ("NUMERICA conteggio eventi ELENCO WEBINAR", true),
            ("numerica 12", true),
        ];
        for (unit, flagged) in cases {
            assert_eq!(unit_doubt(unit, &vocab).is_some(), flagged, "{unit}");
        }
    }

    #[test]
    fn a_programme_name_that_holds_another_programme_doubts_its_code() {
        // DEV kpi-table scan 195: a programme cell repeated on each row of
        // an objective, read twice with the next programme's.
        let run = "Indirizzo politico 002 - Indirizzo politico 003 - Servizi generali, formativi ed approvvigionamenti per le amministrazioni pubbliche";
        let own = "Indirizzo politico 002 - Indirizzo politico";
        // Scan 204: the dashes gone.
        let bare = "Indirizzo politico 002 Indirizzo politico 003 Servizi e affari generali";
        let mut found = Vec::new();
        for name in [run, own, "Indirizzo politico", bare] {
            let o = Objective {
                programme_code: Some("002".into()),
                programme_name: Some(name.into()),
                ..an_objective("#6")
            };
            code_doubts(&o, &mut found);
        }
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].field, Some(ObjectiveField::ProgrammeCode.into()));
    }

    #[test]
    fn a_programme_carried_into_another_mission_is_flagged() {
        // DEV kpi-table scan 253: #4 under mission 032 with #3's programme.
        let sostegno =
            "Sostegno all'internazionalizzazione delle imprese e promozione del made in Italy";
        let filed = |code: &str, mission: &str, programme: &str, name: &str| Objective {
            programme_code: Some(programme.into()),
            programme_name: Some(name.into()),
            ..objective(code, mission, "Missione", Vec::new())
        };
        let objectives = [
            filed("#1", "016", "005", sostegno),
            filed("#2", "016", "005", sostegno),
            filed("#3", "032", "005", sostegno),
            filed("#4", "032", "002", "Indirizzo politico"),
            filed("#5", "032", "002", "Indirizzo politico"),
            filed("#6", "011", "005", "Promozione e attuazione di politiche"),
        ];
        let mut found = Vec::new();
        carried_programmes(&objectives, &mut found);
        let flagged: Vec<(Option<&str>, String)> = found
            .iter()
            .map(|w| {
                let field = w.field.as_ref().map(|f| f.name().to_string());
                (w.objective_code.as_deref(), field.unwrap_or_default())
            })
            .collect();
        assert_eq!(
            flagged,
            [
                (Some("#3"), "programme_code".to_string()),
                (Some("#3"), "programme_name".to_string())
            ]
        );
    }

    #[test]
    fn a_name_that_differs_under_one_code_is_flagged() {
        let odd = "Regolazione dei mercati 004 Vigilanza sui mercati";
        let objectives = [
            objective("012-004-001", "012", "Regolazione dei mercati", Vec::new()),
            objective("012-004-002", "012", "Regolazione dei mercati", Vec::new()),
            objective("012-004-003", "012", odd, Vec::new()),
            objective("011-005-001", "011", "Competitività", Vec::new()),
        ];
        let mut found = Vec::new();
        name_doubts(&objectives, &mut found);
        let flagged: Vec<_> = found.iter().map(|w| w.objective_code.as_deref()).collect();
        assert_eq!(flagged, [Some("012-004-003")]);
    }

    #[test]
    fn a_scheda_under_another_objectives_code_is_flagged() {
        let with = |code: &str, mission: &str, programme: &str| Objective {
            programme_code: Some(programme.into()),
            ..objective(code, mission, "Missione", Vec::new())
        };
        let objectives = [
            with("012-004-001", "011", "005"),
            with("032-002-001", "032", "002"),
            with("032-003-001", "032", "002"),
            with("016-005-001", "016", "004"),
        ];
        let codes: Vec<&str> = objectives.iter().map(|o| o.code.as_str()).collect();
        let flagged: Vec<bool> = objectives
            .iter()
            .map(|o| misplaced_scheda(o, &codes).is_some())
            .collect();
        // Both parts differ; all agree; one differs and names 032-002-001;
        // one differs (an OCR slip?) and names no other objective.
        assert_eq!(flagged, [true, false, true, false]);
    }

    #[test]
    fn values_moved_left_or_merged_flag_the_cells_they_left() {
        let vocab = Vocabulary::builtin();
        let numbered = |number: u32| Indicator {
            number,
            ..an_indicator()
        };
        // Indicator 2's row lost its actual: its values moved one column left.
        let mut shifted = numbered(2);
        shifted.actual = None;
        shifted.actual_value = None;
        // Indicator 3's target swallowed its empty "Ultimo valore osservato".
        let mut merged = numbered(3);
        merged.last_observed = None;
        merged.target = Some("nuova 1.600 attività".into());
        let o = objective(
            "011-005-001",
            "011",
            "Competitività",
            vec![numbered(1), shifted, merged, numbered(4)],
        );
        let usual = Usual::of(std::slice::from_ref(&o), true, false, &NoKpi::default());
        let mut found = Vec::new();
        for ind in &o.indicators {
            indicator_doubts(
                &o,
                ind,
                &usual,
                false,
                &vocab,
                &mut TextDoubts::default(),
                &mut found,
            );
        }
        assert!(fields(&found, 1).is_empty(), "{found:?}");
        assert_eq!(fields(&found, 2), ["actual", "last_observed", "target"]);
        assert_eq!(fields(&found, 3), ["last_observed", "target"]);
    }
    /// A target cell holding several numbers flags its empty last
    /// observed, unless each number states a comparison of its own: the
    /// years' targets of a card (DEV card scan 300), where no last
    /// observed value (which states none) can be among them.
    #[test]
    fn a_target_of_several_numbers_flags_an_empty_last_observed_unless_each_is_compared() {
        let vocab = Vocabulary::builtin();
        let cases = [
            ("2.417 >= 2.500", true),
            (">= 12.000 13.000", true),
            ("nuova 1.600 attività", false),
            (">= 95,00% >= 97,00% >=100,00%", false),
            ("<=10 gg. <=10", false),
            ("≥ 80% ≥ 85%", false),
        ];
        for (target, flagged) in cases {
            let ind = Indicator {
                last_observed: None,
                last_observed_value: None,
                target: Some(target.into()),
                ..an_indicator()
            };
            let o = objective("#1", "011", "Competitività", vec![ind.clone()]);
            let mut found = Vec::new();
            swallowed_values(&o, &ind, true, &vocab, &mut found);
            let on_last = found.iter().any(|w| {
                w.field.as_ref().map(|f| f.name().into_owned()).as_deref()
                    == Some("last_observed_value")
            });
            assert_eq!(on_last, flagged, "{target}: {found:?}");
        }
    }

    /// An objective of five coded, titled indicators but the second,
    /// which has neither code nor title.
    fn second_without_code_or_title() -> Objective {
        let coded = |number: u32| Indicator {
            number,
            kpi_code: (number != 2).then(|| format!("KPI{number}")),
            title: (number != 2).then(|| "TITOLO".to_string()),
            ..an_indicator()
        };
        objective(
            "011-005-001",
            "011",
            "Competitività",
            (1..=5).map(coded).collect(),
        )
    }

    /// DEV card scan 234: the line "KPIM364 - TITOLO" lost, title and
    /// code with it. Outside a card an indicator with neither may be a
    /// kpi-table's "Kpi non definito": its code is not judged there.
    #[test]
    fn a_cards_kpi_code_lost_with_its_title_is_flagged() {
        let vocab = Vocabulary::builtin();
        let o = second_without_code_or_title();
        for (card, want) in [(true, vec!["title", "kpi_code"]), (false, vec!["title"])] {
            let usual = Usual::of(std::slice::from_ref(&o), true, card, &NoKpi::default());
            let mut found = Vec::new();
            let mut doubts = TextDoubts::default();
            for ind in &o.indicators {
                indicator_doubts(&o, ind, &usual, false, &vocab, &mut doubts, &mut found);
            }
            assert_eq!(fields(&found, 2), want, "card {card}: {found:?}");
        }
    }

    /// DEV born-digital kpi-table 424 and 427: a report's one "Kpi non
    /// definito" row was flagged for the title it has none of.
    #[test]
    fn a_row_that_defines_no_kpi_lacks_no_title() {
        let vocab = Vocabulary::builtin();
        let o = second_without_code_or_title();
        let no_kpi: NoKpi = [(o.code.clone(), 2)].into_iter().collect();
        // (the rows that define no KPI, fields of indicator 2 flagged)
        for (set, want) in [(NoKpi::default(), vec!["title"]), (no_kpi, vec![])] {
            let usual = Usual::of(std::slice::from_ref(&o), true, false, &set);
            let mut found = Vec::new();
            let mut doubts = TextDoubts::default();
            for ind in &o.indicators {
                let untitled = set.contains(&(o.code.clone(), ind.number));
                indicator_doubts(&o, ind, &usual, untitled, &vocab, &mut doubts, &mut found);
            }
            assert_eq!(fields(&found, 2), want, "{found:?}");
        }
    }

    /// DEV kpi-table scan 309: the "% raggiungimento" column read into
    /// the actual value on the second page.
    #[test]
    fn an_achievement_the_reports_others_state_is_flagged_where_lost() {
        let stating = |number: u32, stated: Option<i64>| Indicator {
            number,
            achievement_stated: stated.map(Decimal::from),
            ..an_indicator()
        };
        // (the indicators' stated achievements, indicators flagged)
        let cases = [
            (vec![Some(93), Some(100), None, None], vec![3, 4]),
            (vec![Some(93), Some(100), Some(80)], vec![]),
            // One stated achievement alone may be debris.
            (vec![Some(93), None, None], vec![]),
            (vec![None, None], vec![]),
        ];
        for (stated, want) in cases {
            let indicators = (1..).zip(stated).map(|(n, s)| stating(n, s)).collect();
            let o = objective("#1", "011", "Competitività", indicators);
            let mut found = Vec::new();
            lost_achievements(std::slice::from_ref(&o), &mut found);
            let flagged: Vec<u32> = found.iter().filter_map(|w| w.indicator_number).collect();
            assert_eq!(flagged, want, "{found:?}");
            assert!(found
                .iter()
                .all(|w| w.field.is_some_and(|f| f.name() == "achievement_stated")));
        }
    }

    /// DEV card scan 300: the year 2023 lost, or every year with the
    /// targets read as one cell.
    #[test]
    fn a_year_the_reports_others_give_is_flagged_where_lost() {
        let with_years = |number: u32, years: &[i32], target: &str| Indicator {
            number,
            target: Some(target.to_string()),
            targets: years
                .iter()
                .map(|&year| YearTarget {
                    year,
                    target: Some(">= 1".into()),
                    target_value: Some(Decimal::ONE),
                })
                .collect(),
            ..an_indicator()
        };
        let all = [2022, 2023, 2024];
        let indicators = vec![
            with_years(1, &all, ">= 1"),
            with_years(2, &all, ">= 1"),
            with_years(3, &[2022, 2024], ">= 1"),
            with_years(4, &[], ">= 95% >= 97% >= 100%"),
            with_years(5, &all, ">= 1"),
        ];
        let o = objective("#1", "011", "Competitività", indicators);
        let mut found = Vec::new();
        lost_years(std::slice::from_ref(&o), &mut found);
        let got: Vec<(u32, String)> = found
            .iter()
            .filter_map(|w| Some((w.indicator_number?, w.field?.name().to_string())))
            .collect();
        let want = [(3, "targets"), (4, "targets"), (4, "target")];
        let want: Vec<(u32, String)> = want.iter().map(|&(n, f)| (n, f.to_string())).collect();
        assert_eq!(got, want);
        // A report that gives no years, or few, is not judged.
        let few = objective("#1", "011", "Competitività", vec![with_years(1, &all, "1")]);
        let mut found = Vec::new();
        lost_years(std::slice::from_ref(&few), &mut found);
        assert!(found.is_empty());
    }

    /// DEV card scan 235: the label line "Metodo di calcolo" read into
    /// the unit's line, the algorithm left empty.
    #[test]
    fn a_unit_holding_an_empty_columns_label_flags_that_column() {
        let vocab = Vocabulary::builtin();
        let unit = "Percentuale Metodo di calcolo verifica dell'attivazione";
        assert_eq!(label_inside(unit, &vocab), Some(Column::Algorithm));
        assert_eq!(label_inside("Percentuale", &vocab), None);
        let ind = Indicator {
            unit: Some(unit.into()),
            algorithm: None,
            ..an_indicator()
        };
        let o = objective("011-005-001", "011", "Competitività", vec![ind]);
        let usual = Usual::of(std::slice::from_ref(&o), true, true, &NoKpi::default());
        let mut found = Vec::new();
        let mut doubts = TextDoubts::default();
        indicator_doubts(
            &o,
            &o.indicators[0],
            &usual,
            false,
            &vocab,
            &mut doubts,
            &mut found,
        );
        let number = o.indicators[0].number;
        assert_eq!(fields(&found, number), ["unit", "algorithm"], "{found:?}");
    }

    #[test]
    fn a_cards_unit_only_one_indicator_lacks_is_flagged_alone() {
        let vocab = Vocabulary::builtin();
        let with_unit = |number: u32, unit: Option<&str>| Indicator {
            number,
            unit: unit.map(str::to_string),
            ..an_indicator()
        };
        let units = [Some("N."), Some("%"), None, Some("Numero"), Some("%")];
        let indicators = (1..).zip(units).map(|(n, u)| with_unit(n, u)).collect();
        let o = objective("011-005-001", "011", "Competitività", indicators);
        // (a card report, indicators flagged)
        for (card, want) in [(true, vec![3]), (false, vec![])] {
            let usual = Usual::of(std::slice::from_ref(&o), true, card, &NoKpi::default());
            let mut found = Vec::new();
            let mut doubts = TextDoubts::default();
            for ind in &o.indicators {
                indicator_doubts(&o, ind, &usual, false, &vocab, &mut doubts, &mut found);
            }
            let flagged: Vec<u32> = found
                .iter()
                .filter(|w| w.field.is_some_and(|f| f.name() == "unit"))
                .filter_map(|w| w.indicator_number)
                .collect();
            assert_eq!(flagged, want, "card {card}: {found:?}");
            // A unit lost is no neighbour's: nothing else is flagged.
            assert_eq!(found.len(), want.len(), "{found:?}");
        }
    }
}
