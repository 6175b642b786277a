//! The "card" template: per objective a card of labels and values
//! (Centro di Responsabilità, the resources by budget item and year,
//! Obiettivo, Descrizione, Responsabile), then per indicator a card
//! (Codice e descrizione, Tipologia, Fonte del dato, Unità di misura, a
//! row of years with the targets under them, Metodo di calcolo).
//!
//! Labels and values interleave in reading order: a line opening with a
//! label starts that field, the lines after it continue it. A label the
//! current card already has opens the next card; an objective's label
//! after indicators opens the next objective.

use std::sync::LazyLock;

use regex::Regex;

use super::wide::Read;
use super::{IndicatorLayout, Line, RawAllocation, RawField, SchedaLayout};
use crate::read::Word;
use crate::vocab::{Label, Vocabulary};

/// Similarity a label needs to open a field.
const LABEL_SCORE: f64 = 0.8;

static KPI_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^KPI[A-Z]{0,3}[0-9]+\b").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:19|20)[0-9]{2}$").expect("valid regex"));
/// "€ 1.088.574,57", "€ -": an amount of the resources block.
static AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"€\s*(?:-|[0-9][0-9.,]*)").expect("valid regex"));

/// Where the lines being read go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    Objective(Label),
    Indicator(Label),
    Allocations,
    Nowhere,
}

/// A row of years and where each stands across the page.
type Years = Vec<(i32, f32)>;

/// Reads a report of cards.
pub(super) fn read(lines: &[&Line], vocab: &Vocabulary) -> Read {
    let mut read = Read {
        first: lines.len(),
        ..Read::default()
    };
    let mut into = Dest::Nowhere;
    let mut seen: Vec<Label> = Vec::new();
    let mut years: Years = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let words = line.content_words();
        let label = vocab
            .template_label_at_start(&words)
            .filter(|m| m.score >= LABEL_SCORE);
        if let Some(m) = label {
            let level = level_of(m.label);
            let Some(level) = level else {
                continue;
            };
            read.first = read.first.min(i);
            into = open(&mut read.objectives, &mut seen, m.label, level, line.page);
            let rest = &line.words[line.words.len() - words.len() + m.words..];
            years = years_of(rest).unwrap_or_default();
            if years.is_empty() {
                push(&mut read.objectives, into, rest, line.page);
            }
            continue;
        }
        if let Some(found) = years_of(&line.words) {
            years = found;
            continue;
        }
        if read.objectives.is_empty() {
            continue;
        }
        if let Some(code) = KPI_CODE.find(&line.text) {
            if let Some(ind) = current_indicator(&mut read.objectives) {
                if ind.kpi.is_blank() {
                    ind.kpi.push(code.as_str().to_string(), line.page);
                    continue;
                }
            }
        }
        if into == Dest::Allocations {
            allocations(&mut read.objectives, &line.words, &years, line.page);
            continue;
        }
        if !years.is_empty() && into != Dest::Nowhere && matches!(into, Dest::Indicator(_)) {
            if let Some(ind) = current_indicator(&mut read.objectives) {
                ind.year_targets.extend(under_years(&line.words, &years));
                years.clear();
                continue;
            }
        }
        push(&mut read.objectives, into, &line.words, line.page);
    }
    read.has_actual = false;
    read
}

/// Whether a label belongs to the objective's card or an indicator's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Objective,
    Indicator,
}

fn level_of(label: Label) -> Option<Level> {
    match label {
        Label::Mission
        | Label::Programme
        | Label::Objective
        | Label::Title
        | Label::Description
        | Label::TimeFrame
        | Label::ResponsibilityCentre
        | Label::Responsible
        | Label::Allocations
        | Label::Resources => Some(Level::Objective),
        Label::Kpi | Label::Indicator | Label::Measures | Label::Achievement | Label::Column(_) => {
            Some(Level::Indicator)
        }
        Label::DeclaredIndicators | Label::Other => None,
    }
}

/// Opens the field a label names, and the card it belongs to when the
/// current one already has that label (or an objective's label comes
/// after its indicators).
fn open(
    objectives: &mut Vec<SchedaLayout>,
    seen: &mut Vec<Label>,
    label: Label,
    level: Level,
    page: u32,
) -> Dest {
    let has_indicators = objectives.last().is_some_and(|o| !o.indicators.is_empty());
    match level {
        Level::Objective => {
            if objectives.is_empty() || has_indicators || seen.contains(&label) {
                objectives.push(SchedaLayout {
                    pages: vec![page],
                    ..SchedaLayout::default()
                });
                seen.clear();
            }
        }
        Level::Indicator => {
            if objectives.is_empty() {
                objectives.push(SchedaLayout::default());
            }
            let in_indicator = seen.iter().any(|l| level_of(*l) == Some(Level::Indicator));
            if !in_indicator || seen.contains(&label) {
                if let Some(o) = objectives.last_mut() {
                    let number = o.indicators.len() as u32 + 1;
                    o.indicators.push(IndicatorLayout {
                        number,
                        page,
                        ..IndicatorLayout::default()
                    });
                }
                seen.retain(|l| level_of(*l) == Some(Level::Objective));
            }
        }
    }
    seen.push(label);
    if let Some(o) = objectives.last_mut() {
        if !o.pages.contains(&page) {
            o.pages.push(page);
        }
    }
    match (level, label) {
        (_, Label::Allocations) => Dest::Allocations,
        (Level::Objective, l) => Dest::Objective(l),
        (Level::Indicator, l) => Dest::Indicator(l),
    }
}

fn current_indicator(objectives: &mut [SchedaLayout]) -> Option<&mut IndicatorLayout> {
    objectives.last_mut()?.indicators.last_mut()
}

/// Adds a value's words to the field being read.
fn push(objectives: &mut [SchedaLayout], into: Dest, words: &[Word], page: u32) {
    let text = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if text.trim().is_empty() {
        return;
    }
    let Some(o) = objectives.last_mut() else {
        return;
    };
    let field: Option<&mut RawField> = match into {
        Dest::Objective(label) => match label {
            Label::Mission => Some(&mut o.mission),
            Label::Programme => Some(&mut o.programme),
            Label::Objective | Label::Title => Some(&mut o.title),
            Label::Description => Some(&mut o.description),
            Label::TimeFrame => Some(&mut o.time_frame),
            Label::ResponsibilityCentre => Some(&mut o.responsibility_centre),
            Label::Resources => Some(&mut o.resources),
            _ => None,
        },
        Dest::Indicator(label) => {
            let Some(ind) = o.indicators.last_mut() else {
                return;
            };
            match label {
                Label::Kpi => Some(&mut ind.kpi),
                Label::Measures => Some(&mut ind.measures),
                Label::Achievement => Some(&mut ind.achievement),
                Label::Column(column) => {
                    let cell = ind.cells[column].get_or_insert_with(String::new);
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(&text);
                    None
                }
                _ => None,
            }
        }
        Dest::Allocations | Dest::Nowhere => None,
    };
    if let Some(field) = field {
        field.push(text, page);
    }
}

/// A row of two or more years and nothing else, with where each stands.
fn years_of(words: &[Word]) -> Option<Years> {
    let years: Years = words
        .iter()
        .map(|w| {
            let year = YEAR
                .is_match(&w.text)
                .then(|| w.text.parse().ok())
                .flatten()?;
            Some((year, (w.bbox.x0 + w.bbox.x1) / 2.0))
        })
        .collect::<Option<_>>()?;
    (years.len() >= 2).then_some(years)
}

/// The targets of a row under a row of years: each word goes to the year
/// nearest it across the page.
fn under_years(words: &[Word], years: &Years) -> Vec<(i32, String)> {
    let mut out: Vec<(i32, String)> = years.iter().map(|(y, _)| (*y, String::new())).collect();
    for w in words {
        let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
        let nearest = years
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 .1 - x).abs().total_cmp(&(b.1 .1 - x).abs()))
            .map(|(i, _)| i);
        if let Some(i) = nearest {
            let text = &mut out[i].1;
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&w.text);
        }
    }
    out
}

/// One budget item's line of the resources block: its name, then an
/// amount per year ("6) Personale € 1.088.574,57 € 1.100.000,00 € -").
/// Amounts go to the year standing nearest them; with no row of years,
/// they have none.
fn allocations(objectives: &mut [SchedaLayout], words: &[Word], years: &Years, page: u32) {
    let Some(o) = objectives.last_mut() else {
        return;
    };
    let text = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let Some(first) = AMOUNT.find(&text) else {
        return;
    };
    let item = text[..first.start()].trim().to_string();
    let amounts: Vec<(String, f32)> = amount_positions(words);
    for (amount, x) in amounts {
        let year = years
            .iter()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map(|(y, _)| *y);
        o.allocations.push(RawAllocation {
            item: item.clone(),
            year,
            amount,
            page,
        });
    }
}

/// The amounts of a line ("€" and the number after it, as one or two
/// words) and where each stands across the page.
fn amount_positions(words: &[Word]) -> Vec<(String, f32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w.text.starts_with('€') {
            let mut text = w.text.clone();
            let (x0, mut x1) = (w.bbox.x0, w.bbox.x1);
            if w.text == "€" {
                if let Some(next) = words.get(i + 1) {
                    text = format!("€ {}", next.text);
                    x1 = next.bbox.x1;
                    i += 1;
                }
            }
            out.push((text, (x0 + x1) / 2.0));
        }
        i += 1;
    }
    out
}
