//! Stage 4: the record builder. Clean schede become
//! [`Objective`]s with their
//! [`ResourceLine`](crate::model::ResourceLine)s and
//! [`Indicator`](crate::model::Indicator)s; values are parsed, `achieved`
//! is judged, and cross-checks (declared vs found indicators, codes vs
//! mission and programme, duplicate codes) become warnings.

mod absent;
mod checks;
mod document;
mod indicator;
mod misread;

pub(crate) use indicator::judge;
mod plausible;
pub use plausible::left_empty;
mod resources;
mod rows;
pub mod scan_check;
mod shifts;
mod stated;
mod template;
mod texts;
mod unknown_words;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    FieldPath, Objective, ObjectiveField, Report, ReportField, ReportKind, Source, Template,
    Warning, WarningCode, SCHEMA_VERSION,
};
use crate::normalize::{CleanReport, CleanScheda, Text};
use crate::vocab::Vocabulary;

/// Builds the report of one input from its clean text; `source` says
/// where the input came from and how it was read.
pub fn build(source: Source, clean: CleanReport, vocab: &Vocabulary) -> Result<Report> {
    let Some(template) = clean.template else {
        return Err(Error::new(ErrorKind::UnknownTemplate {
            seen: clean.seen.clone(),
        }));
    };
    if clean.schede.is_empty() {
        return Err(Error::new(ErrorKind::NoReport));
    }
    let year = document::year(&clean.title_block).or_else(|| document::year(&clean.all_text));
    let kind = if clean.has_actual_column {
        Some(ReportKind::FinalAccount)
    } else if clean.schede.iter().any(|s| !s.indicators.is_empty()) {
        Some(ReportKind::BudgetPlan)
    } else {
        None
    };
    let mut warnings = Vec::new();
    if year.is_none() {
        // Targets and plans are read against the report's own year.
        let mut x = warning(
            WarningCode::MissingField,
            "no year found (no \"31/12/YYYY\" date nor \"Bilancio YYYY\")".to_string(),
            None,
            None,
        );
        x.field = Some(FieldPath::Report(ReportField::Year));
        warnings.push(x);
    }
    let mut objectives: Vec<Objective> = Vec::new();
    let mut stated_totals = Vec::new();
    let ctx = Context {
        template,
        has_actual: clean.has_actual_column,
        own: template::Context { year, kind },
    };
    // Warnings that give way to the plausibility checks' on their field.
    let mut late = Vec::new();
    for scheda in &clean.schede {
        let position = objectives.len() + 1;
        let Some((objective, stated_total)) =
            objective(scheda, ctx, position, vocab, &mut warnings, &mut late)
        else {
            continue;
        };
        if objectives.iter().any(|o| o.code == objective.code) {
            warnings.push(warning(
                WarningCode::DuplicateCode,
                format!(
                    "objective code {} appears in more than one scheda",
                    objective.code
                ),
                objective.pages.first().copied(),
                Some(&objective.code),
            ));
        }
        stated_totals.push(stated_total);
        objectives.push(objective);
    }
    if objectives.is_empty() {
        return Err(Error::new(ErrorKind::NoObjective {
            schede: clean.schede.len(),
        }));
    }
    fill_target_dates(&mut objectives);
    if template == Template::Scheda {
        let matrix = checks::matrix_entries(&clean.preamble);
        checks::check_matrix(&matrix, &objectives, &mut warnings);
        checks::check_named_codes(&clean.all_text, &matrix, &objectives, &mut warnings);
        checks::check_matrix_titles(&matrix, &objectives, &mut warnings);
        checks::check_shared_resources(&mut objectives, &mut warnings);
    }
    for (o, stated) in objectives.iter_mut().zip(&stated_totals) {
        o.resources_total =
            (!o.resources.is_empty()).then(|| o.resources.iter().map(|r| r.amount).sum());
        if let Some(stated) = stated {
            checks::check_stated_total(o, stated, &mut warnings);
        }
    }
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        source,
        entity: clean.entity,
        year,
        kind,
        template,
        objectives,
        warnings,
        corrections: clean.corrections,
    };
    plausible::check(&mut report, vocab);
    plausible::add_new(&mut report.warnings, late);
    Ok(report)
}

/// How the report's objectives are read.
#[derive(Debug, Clone, Copy)]
struct Context {
    template: Template,
    /// Whether the indicators have an actual column (a final account).
    has_actual: bool,
    own: template::Context,
}

/// One scheda's objective, with the resource total the scheda states.
/// `position` is the objective's place in the report, from 1: a template
/// that gives no codes codes it `#N`.
fn objective(
    s: &CleanScheda,
    ctx: Context,
    position: usize,
    vocab: &Vocabulary,
    warnings: &mut Vec<Warning>,
    late: &mut Vec<Warning>,
) -> Option<(Objective, Option<resources::StatedTotal>)> {
    let first_page = s.pages.first().copied();
    let positional = ctx.template.positional_code(position).map(|value| Text {
        value,
        page: first_page.unwrap_or(0),
    });
    let Some(code) = s.code.as_ref().or(positional.as_ref()) else {
        let title = s.title.as_ref().map_or("(no title)", |t| t.value.as_str());
        warnings.push(warning(
            WarningCode::MissingCode,
            format!("scheda \"{title}\" has no objective code NNN-NNN-NNN: skipped"),
            first_page,
            None,
        ));
        return None;
    };
    let code = code.value.clone();
    let mut w = Vec::new();
    let resources::Resources {
        lines: resources,
        stated_total,
    } = resources::split(s.resources.as_ref(), &code, &mut w);
    let mut resources = resources;
    resources.extend(template::allocations(&s.allocations, &code, &mut w));
    let indicators: Vec<_> = s
        .indicators
        .iter()
        .map(|i| {
            let mut i = i.clone();
            let targets = template::own_year_target(&mut i, ctx.own);
            let mut ind = indicator::build(&i, ctx.has_actual, &code, vocab, &mut w);
            late.extend(indicator::guessed_cells(&i, &ind, &code));
            template::complete(&mut ind, &i, targets, &code, &mut w);
            ind
        })
        .collect();
    let declared_text = s.declared_indicators.as_deref();
    let declared = declared_text.and_then(document::first_integer);
    if let (Some(text), None) = (declared_text, declared) {
        let mut x = warning(
            WarningCode::UnparsedValue,
            format!("no count of indicators in {text:?}"),
            first_page,
            Some(&code),
        );
        x.field = Some(ObjectiveField::DeclaredIndicators.into());
        w.push(x);
    }
    let objective = Objective {
        mission_code: s.mission_code.clone(),
        mission_name: s.mission_name.clone(),
        programme_code: s.programme_code.clone(),
        programme_name: s.programme_name.clone(),
        title: s.title.as_ref().map(|t| t.value.clone()),
        description: s.description.as_ref().map(|t| t.value.clone()),
        time_frame: s.time_frame.as_ref().map(|t| t.value.clone()),
        responsibility_centre: s.responsibility_centre.as_ref().map(|t| t.value.clone()),
        declared_indicators: declared,
        resources_total: (!resources.is_empty()).then(|| resources.iter().map(|r| r.amount).sum()),
        resources,
        indicators,
        pages: s.pages.clone(),
        code,
    };
    cross_check(&objective, ctx.template, &mut w);
    warnings.append(&mut w);
    Some((objective, stated_total))
}

/// The "Risultato atteso al" date is one column of one report: where OCR
/// garbled it in a table's header, the report's most frequent date holds.
fn fill_target_dates(objectives: &mut [Objective]) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for date in objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter_map(|i| i.target_date.clone())
    {
        match counts.iter_mut().find(|(d, _)| *d == date) {
            Some((_, n)) => *n += 1,
            None => counts.push((date, 1)),
        }
    }
    let Some((common, _)) = counts.into_iter().max_by_key(|(_, n)| *n) else {
        return;
    };
    for ind in objectives.iter_mut().flat_map(|o| o.indicators.iter_mut()) {
        if ind.target_date.is_none() {
            ind.target_date = Some(common.clone());
        }
    }
}

/// Checks an objective against itself; `template` says which fields it
/// should have (a card has no mission).
fn cross_check(o: &Objective, template: Template, w: &mut Vec<Warning>) {
    let page = o.pages.first().copied();
    if let Some(n) = o.declared_indicators {
        if n as usize != o.indicators.len() {
            let mut x = warning(
                WarningCode::IndicatorCountMismatch,
                format!("{n} indicators declared, {} found", o.indicators.len()),
                page,
                Some(&o.code),
            );
            x.field = Some(ObjectiveField::DeclaredIndicators.into());
            w.push(x);
        }
    }
    let parts: Vec<&str> = o
        .code
        .split('-')
        .filter(|_| !o.code.starts_with('#'))
        .collect();
    for (field, value, part) in [
        (ObjectiveField::MissionCode, &o.mission_code, parts.first()),
        (
            ObjectiveField::ProgrammeCode,
            &o.programme_code,
            parts.get(1),
        ),
    ] {
        if let (Some(v), Some(p)) = (value, part) {
            if v != p {
                let mut x = warning(
                    WarningCode::CodeMismatch,
                    format!("objective code {} does not match {field} {v}", o.code),
                    page,
                    Some(&o.code),
                );
                x.field = Some(field.into());
                w.push(x);
            }
        }
    }
    for (field, value) in [
        (ObjectiveField::MissionName, &o.mission_name),
        (ObjectiveField::Title, &o.title),
    ] {
        let printed = field != ObjectiveField::MissionName || template != Template::Card;
        if value.is_none() && printed {
            let mut x = warning(
                WarningCode::MissingField,
                format!("no {field} found"),
                page,
                Some(&o.code),
            );
            x.field = Some(field.into());
            w.push(x);
        }
    }
}

/// A warning about an objective.
pub(crate) fn warning(
    code: WarningCode,
    message: String,
    page: Option<u32>,
    objective: Option<&str>,
) -> Warning {
    Warning {
        code,
        message,
        page,
        objective_code: objective.map(str::to_string),
        indicator_number: None,
        field: None,
    }
}
