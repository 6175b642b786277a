//! `pira inspect`: a page as pira sees it. Every line with the role the
//! layout gave it, then the fields the page's records got and the
//! corrections made there, so a user can see why a field came out as it
//! did. With `--png`, the same drawn over the page's image ([`png`]), from
//! the geometry the chain itself found ([`overlay`]).

pub mod overlay;
pub mod png;

use std::fmt::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind};
use crate::layout::{LineRole, ReportLayout};
use crate::model::{
    Column, Indicator, IndicatorField, Objective, ObjectiveField, Report, Template,
};
use crate::{read, Input, Options, Result};
pub use overlay::PageOverlay;

/// The chain's intermediate results, kept to be looked at.
type Seen = crate::Stages;

/// Runs the chain as [`crate::extract`] does, keeping what each stage made.
fn see(input: &Input, options: &Options) -> Result<Seen> {
    crate::run_stages(input, options)
}

/// The annotated view of one page (or of every page when `page` is None),
/// for any readable input, recognised as a report or not. A page the
/// document does not have is an error, found before any conversion.
pub fn inspect(input: &Input, options: &Options, page: Option<u32>) -> Result<String> {
    let run = || -> Result<String> {
        if let Some(page) = page {
            check_page(input, page)?;
        }
        let seen = see(input, options)?;
        let pages: Vec<u32> = match page {
            Some(p) => vec![p],
            None => (1..=seen.document.pages.len() as u32).collect(),
        };
        Ok(text_view(&seen, &pages))
    };
    run().map_err(|e| e.in_file(&input.name))
}

/// One page as text and as the overlay `--png` draws.
#[derive(Debug, Clone, PartialEq)]
pub struct PageView {
    pub text: String,
    pub overlay: PageOverlay,
}

/// The annotated view of one page and its overlay.
pub fn view_page(input: &Input, options: &Options, page: u32) -> Result<PageView> {
    let run = || -> Result<PageView> {
        check_page(input, page)?;
        let seen = see(input, options)?;
        let report = seen.report.as_ref().ok();
        Ok(PageView {
            text: text_view(&seen, &[page]),
            overlay: overlay::build(&seen.document, &seen.layout, report, page),
        })
    };
    run().map_err(|e| e.in_file(&input.name))
}

/// What `pira inspect --png` did: the page's annotated text, and whether
/// the image was written (a text, TSV or hOCR input has no page image).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub text: String,
    pub image_written: bool,
}

/// `pira inspect --png OUT`: for a PDF, draws `page` with what pira saw on
/// it into the PNG `out` (written atomically); for any input, gives the
/// page's annotated text.
pub fn draw(input: &Input, options: &Options, page: u32, out: &Path) -> Result<Drawn> {
    let view = view_page(input, options, page)?;
    if !read::is_pdf(&input.bytes) {
        return Ok(Drawn {
            text: view.text,
            image_written: false,
        });
    }
    png::write(&view.overlay, &input.bytes, out).map_err(|e| e.in_file(&input.name))?;
    Ok(Drawn {
        text: view.text,
        image_written: true,
    })
}

/// Refuses a page the input does not have, counting its pages without
/// any OCR (a PDF's page tree, a text's page breaks).
fn check_page(input: &Input, page: u32) -> Result<()> {
    let pages = read::page_count(&input.bytes)?;
    if page == 0 || page > pages {
        return Err(Error::new(ErrorKind::NoSuchPage { page, pages }));
    }
    Ok(())
}

fn text_view(seen: &Seen, pages: &[u32]) -> String {
    let roles = line_roles(&seen.layout);
    let document = &seen.document;
    let mut out = String::new();
    for &p in pages {
        let route = document.routes.iter().find(|r| r.page == p);
        let how = route.map_or("not in the document".to_string(), |r| r.reason.clone());
        let _ = writeln!(out, "== page {p} of {} ({how})", document.pages.len());
        write_lines(&mut out, &roles, p);
        if let Ok(report) = &seen.report {
            write_fields(&mut out, report, p);
            write_corrections(&mut out, report, p);
        }
    }
    let template = seen
        .layout
        .template
        .map_or("none recognised", |t| t.as_str());
    let _ = writeln!(out, "== template: {template}");
    if let Err(why) = &seen.report {
        let _ = writeln!(out, "== not found: {why}");
    }
    out
}

/// Every laid-out line with its role, in page order.
fn line_roles(layout: &ReportLayout) -> Vec<LineRole> {
    let mut roles: Vec<LineRole> = layout
        .preamble
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| LineRole::of(l, "preamble"))
        .collect();
    let positional = layout.template.is_some_and(|t| t != Template::Scheda);
    for (i, s) in layout.schede.iter().enumerate() {
        // A template without codes gives its objectives their place, `#N`,
        // as the records do.
        let code = match &s.code {
            Some(c) => c.0.clone(),
            None if positional => format!("#{}", i + 1),
            None => "?".to_string(),
        };
        for r in s
            .roles
            .iter()
            .chain(s.indicators.iter().flat_map(|i| &i.roles))
        {
            let mut r = r.clone();
            r.role = format!("{code} {}", r.role);
            roles.push(r);
        }
    }
    roles.sort_by(|a, b| a.page.cmp(&b.page).then(a.bbox.y0.total_cmp(&b.bbox.y0)));
    roles
}

fn write_lines(out: &mut String, roles: &[LineRole], page: u32) {
    let _ = writeln!(out, "-- lines");
    for r in roles.iter().filter(|r| r.page == page) {
        let _ = writeln!(out, "{:<40} | {}", r.role, r.text);
    }
}

fn write_fields(out: &mut String, report: &Report, page: u32) {
    let _ = writeln!(out, "-- fields");
    for o in report.objectives.iter().filter(|o| o.pages.contains(&page)) {
        write_objective(out, o, page);
        for ind in o.indicators.iter().filter(|i| i.page == page) {
            write_indicator(out, &o.code, ind);
        }
    }
}

fn write_objective(out: &mut String, o: &Objective, page: u32) {
    let fields = [
        ("mission", code_and_name(&o.mission_code, &o.mission_name)),
        (
            "programme",
            code_and_name(&o.programme_code, &o.programme_name),
        ),
        (ObjectiveField::Title.as_str(), o.title.clone()),
        (ObjectiveField::Description.as_str(), o.description.clone()),
        (ObjectiveField::TimeFrame.as_str(), o.time_frame.clone()),
        (
            ObjectiveField::ResponsibilityCentre.as_str(),
            o.responsibility_centre.clone(),
        ),
        (
            ObjectiveField::DeclaredIndicators.as_str(),
            o.declared_indicators.map(|n| n.to_string()),
        ),
    ];
    if o.pages.first() == Some(&page) {
        for (name, value) in fields {
            let _ = writeln!(out, "{} {name} = {}", o.code, shown(value.as_deref()));
        }
    }
    for (i, r) in o
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.page == page)
    {
        let flag = if r.uncertain { " (uncertain)" } else { "" };
        let _ = write!(
            out,
            "{} resources[{i}] = {} from {}{flag}, conto {}",
            o.code,
            r.amount,
            quoted(&r.amount_raw),
            shown(r.account.as_deref())
        );
        // Contract version 2: a card's budget item and year.
        if let Some(item) = &r.budget_item {
            let _ = write!(out, ", budget item {}", quoted(item));
        }
        if let Some(year) = r.year {
            let _ = write!(out, ", year {year}");
        }
        out.push('\n');
    }
}

fn write_indicator(out: &mut String, code: &str, ind: &Indicator) {
    let n = ind.number;
    let texts = [
        (IndicatorField::Title, &ind.title),
        (IndicatorField::Measures, &ind.measures),
    ];
    let cells = Column::ALL
        .iter()
        .map(|&c| (IndicatorField::Cell(c), ind.cell(c)));
    for (name, value) in texts.into_iter().chain(cells) {
        let _ = writeln!(
            out,
            "{code} indicator {n} {name} = {}",
            shown(value.as_deref())
        );
    }
    let value = |v: Option<rust_decimal::Decimal>| v.map_or("null".to_string(), |v| v.to_string());
    let achieved = ind
        .achieved
        .map_or("null", |a| if a { "true" } else { "false" });
    let _ = writeln!(
        out,
        "{code} indicator {n} values = {} / {} / {} ({}), achieved {achieved}",
        value(ind.last_observed_value),
        value(ind.target_value),
        value(ind.actual_value),
        ind.value_kind.as_str(),
    );
    write_template_fields(out, code, ind);
}

/// The indicator fields of contract version 2's templates, where set: its
/// KPI code, its targets by year and the achievement the report states.
fn write_template_fields(out: &mut String, code: &str, ind: &Indicator) {
    let n = ind.number;
    if let Some(kpi) = &ind.kpi_code {
        let _ = writeln!(out, "{code} indicator {n} kpi_code = {}", quoted(kpi));
    }
    for t in &ind.targets {
        let value = t.target_value.map_or("null".to_string(), |v| v.to_string());
        let _ = writeln!(
            out,
            "{code} indicator {n} targets[{}] = {} ({value})",
            t.year,
            shown(t.target.as_deref())
        );
    }
    if let Some(stated) = ind.achievement_stated {
        let _ = writeln!(out, "{code} indicator {n} achievement_stated = {stated}");
    }
}

fn write_corrections(out: &mut String, report: &Report, page: u32) {
    let _ = writeln!(out, "-- corrections");
    for c in report.corrections.iter().filter(|c| c.page == Some(page)) {
        let _ = writeln!(
            out,
            "{} {}: {} -> {} ({})",
            c.objective_code.as_deref().unwrap_or("-"),
            c.field,
            quoted(&c.raw),
            quoted(&c.corrected),
            c.rule.as_str()
        );
    }
    let _ = writeln!(out, "-- warnings");
    for w in report.warnings.iter().filter(|w| w.page == Some(page)) {
        let _ = writeln!(
            out,
            "{} {}: {}",
            w.objective_code.as_deref().unwrap_or("-"),
            w.code.as_str(),
            w.message
        );
    }
}

/// "011 Competitività e sviluppo delle imprese", or either part alone (a
/// template may name a programme without its code).
fn code_and_name(code: &Option<String>, name: &Option<String>) -> Option<String> {
    match (code, name) {
        (Some(c), Some(n)) => Some(format!("{c} {n}")),
        (one, other) => one.clone().or_else(|| other.clone()),
    }
}

/// A field's text in quotes, or `null` (as in the JSON).
fn shown(value: Option<&str>) -> String {
    value.map_or("null".to_string(), quoted)
}

/// Text in double quotes, on one line.
fn quoted(text: &str) -> String {
    let one_line: Vec<&str> = text.lines().collect();
    format!("\"{}\"", one_line.join(" / "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_a_template_reports_cells_and_yearly_targets() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/templates/matrix.txt"
        ))
        .unwrap_or_default();
        let view = inspect(
            &Input::from_bytes("m.txt", bytes),
            &Options::default(),
            Some(1),
        )
        .expect("page 1 shows");
        for line in [
            "#1 objective programme_name",
            "#1 indicator 2 target",
            "#1 programme = \"Promozione e attuazione di politiche di sviluppo\"",
            "#1 indicator 1 targets[2016] = \">= 95%\" (95)",
            "#1 indicator 2 targets[2017] = null (null)",
            "== template: matrix",
        ] {
            assert!(view.contains(line), "{line} missing in\n{view}");
        }
        assert!(
            !view.contains("? "),
            "objectives without code are #N: {view}"
        );
    }

    #[test]
    fn shows_roles_fields_and_corrections_of_a_page() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/000_b2d698d42f0df24e.txt"
        ))
        .unwrap_or_default();
        let view = inspect(
            &Input::from_bytes("s.txt", bytes),
            &Options::default(),
            Some(4),
        )
        .expect("page 4 shows");
        assert!(view.starts_with("== page 4 of 32"), "{view}");
        assert!(
            view.contains("011-005-001 indicator 1 table header"),
            "{view}"
        );
        assert!(
            view.contains("011-005-001 indicator 1 target = \"€ 6.900.000,00\""),
            "{view}"
        );
        assert!(view.contains("(number-format)"), "{view}");
        assert!(view.contains("011-005-001 objective code"), "{view}");
    }
}
