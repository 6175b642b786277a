//! The review page (`--html`): one self-contained HTML file for the run, so a
//! person can check a year's report in minutes.
//!
//! The page is written with [maud](https://maud.lambda.xyz) templates: HTML
//! as Rust expressions, checked when pira is compiled (an unclosed element
//! or a misspelt field does not build), every piece of text escaped unless
//! marked otherwise, and nothing to ship or find at run time: the binary
//! stays one file. askama would check its templates at compile time too,
//! but keeps them in separate files in its own syntax, where a page built
//! from many small conditional parts (a flag on any cell) reads worse. The
//! style sheet is an asset, `review.css`, built in with `include_str!`.
//! Where each warning goes is decided apart from the markup
//! (`place.rs`); the overrides export is written by the `csv` crate.
//!
//! The page has inline CSS and no external resource. It works with
//! JavaScript off: the only script opens every `<details>` before printing.
//! The output is deterministic: the same reports give the same bytes
//! (reports ordered by `source.file`, then document order; no timestamps).
//!
//! What a reader finds, and the hooks tests use:
//!
//! - run totals in `<header id="run">` (`id="total-objectives"`, ...) and a
//!   link (`id="export-overrides"`) whose `data:text/csv` href is a
//!   ready-to-fill overrides file, one row per flagged field;
//! - per report a `<section class="report" id="report-N">` (N from 1) with
//!   its source, a table of contents, and collapsible lists of warnings and
//!   corrections;
//! - per objective a `<section class="objective" id="obj-011-005-001">`
//!   (a code seen again in the run gets `_2`, `_3`, ...), its fields, the
//!   resources table (`tr.resource`, total in `tfoot .resources-total`) and
//!   the indicators table (`tr.indicator` with `data-number` and
//!   `data-achieved="true|false|unknown"`);
//! - every warning that names a field is shown in place: the element gets
//!   `class="flag"` and `data-field`, and holds the message in a
//!   `.flag-msg` whose id (`r1-w3`: report 1, warning 3) the warnings list
//!   links to. Warnings about an indicator without a field flag its row;
//!   anything else is listed at the top of its objective.

mod format;
mod objective;
mod overrides;
mod place;
mod report;

use std::io;
use std::path::{Path, PathBuf};

use maud::{html, Markup, PreEscaped, DOCTYPE};
use rust_decimal::Decimal;

use super::atomic::write_atomic;
use crate::model::{Indicator, Report};
use format::{it_number, kind_label, percent_encode, report_heading, with_year};
pub use overrides::{overrides_csv, OVERRIDES_HEADER};
use place::{IdSet, Placed};

/// The review page's file name in the output folder.
pub const FILE_NAME: &str = "review.html";

/// The page's style sheet.
const CSS: &str = include_str!("review.css");

/// The page's only script: every `<details>` opens for printing.
const SCRIPT: &str = "addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});";

/// The whole review page for a run.
pub fn review_page(reports: &[Report]) -> String {
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    let mut ids = IdSet::default();
    let keys: Vec<Vec<String>> = sorted
        .iter()
        .map(|r| r.objectives.iter().map(|o| ids.key(&o.code)).collect())
        .collect();
    let page = html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n" meta charset="utf-8";
                "\n" meta name="viewport" content="width=device-width, initial-scale=1";
                "\n" meta name="generator" content={ "pira " (env!("CARGO_PKG_VERSION")) };
                "\n" title { (page_title(&sorted)) }
                "\n" style { "\n" (PreEscaped(CSS)) }
                "\n"
            }
            "\n"
            body {
                "\n" (run_header(&sorted))
                main {
                    "\n"
                    @if sorted.is_empty() {
                        p.empty { "No reports in this run." } "\n"
                    }
                    @for (i, (report, keys)) in sorted.iter().zip(&keys).enumerate() {
                        (report::section(i + 1, report, keys))
                    }
                }
                "\n" script { (PreEscaped(SCRIPT)) } "\n"
            }
            "\n"
        }
        "\n"
    };
    page.into_string()
}

/// Writes the review page atomically to `dir/review.html`, returning its path.
///
/// `dir` must exist.
pub fn write_review(dir: &Path, reports: &[Report]) -> io::Result<PathBuf> {
    let path = dir.join(FILE_NAME);
    write_atomic(&path, review_page(reports).as_bytes())?;
    Ok(path)
}

fn page_title(reports: &[&Report]) -> String {
    match reports {
        [one] => {
            let name = one.entity.as_deref().unwrap_or(&one.source.file);
            match one.year {
                Some(year) => format!("Review: {name} {year}"),
                None => format!("Review: {name}"),
            }
        }
        _ => format!("Review: {} reports", reports.len()),
    }
}

/// Counts of indicators by outcome: achieved, not achieved, unknown.
fn outcomes<'a>(indicators: impl Iterator<Item = &'a Indicator>) -> [usize; 3] {
    let mut n = [0; 3];
    for i in indicators {
        n[match i.achieved {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        }] += 1;
    }
    n
}

/// The run's heading: what it holds, its totals, the overrides export and,
/// for several reports, their list.
fn run_header(reports: &[&Report]) -> Markup {
    let all_indicators = || {
        reports
            .iter()
            .flat_map(|r| &r.objectives)
            .flat_map(|o| &o.indicators)
    };
    let totals = [
        ("total-reports", "Reports", reports.len()),
        (
            "total-objectives",
            "Objectives",
            reports.iter().map(|r| r.objectives.len()).sum(),
        ),
        ("total-indicators", "Indicators", all_indicators().count()),
        (
            "total-warnings",
            "Warnings",
            reports.iter().map(|r| r.warnings.len()).sum(),
        ),
        (
            "total-corrections",
            "Corrections",
            reports.iter().map(|r| r.corrections.len()).sum(),
        ),
    ];
    let subtitle = match reports {
        [one] => {
            let name = one.entity.as_deref().unwrap_or(&one.source.file);
            let mut s = with_year(name, one.year);
            if let Some(kind) = one.kind {
                s = format!("{s} \u{b7} {}", kind_label(kind));
            }
            s
        }
        _ => format!("{} reports in this run", reports.len()),
    };
    let csv = overrides::overrides_csv_sorted(reports);
    let rows = csv.lines().count().saturating_sub(1);
    html! {
        header #run {
            div.wrap {
                "\n" h1 { "PIRA review" }
                "\n" p.subtitle { (subtitle) }
                "\n" dl.totals {
                    "\n"
                    @for (id, label, n) in totals {
                        div id=(id) { dt { (label) } dd { (it_number(Decimal::from(n as u64))) } } "\n"
                    }
                }
                "\n" p.outcomes { "Indicators: " (outcome_badges(outcomes(all_indicators()))) }
                "\n" p.export {
                    a #export-overrides download="overrides.csv"
                        href={ "data:text/csv;charset=utf-8," (percent_encode(&csv)) } {
                        "Export flagged fields as overrides CSV"
                    }
                    " "
                    span.muted {
                        (rows) " " (if rows == 1 { "field" } else { "fields" })
                        " to fill in, for " code { "--overrides" }
                    }
                }
                "\n"
                @if reports.len() > 1 {
                    nav.run-toc aria-label="Reports" {
                        h2 { "Reports" }
                        ol {
                            "\n"
                            @for (i, r) in reports.iter().enumerate() {
                                li {
                                    a href={ "#report-" (i + 1) } { (r.source.file) }
                                    " "
                                    span.muted {
                                        (report_heading(r)) " \u{b7} " (r.objectives.len())
                                        " objectives \u{b7} " (r.warnings.len()) " warnings"
                                    }
                                }
                                "\n"
                            }
                        }
                    }
                    "\n"
                }
            }
        }
        "\n"
    }
}

fn outcome_badges([yes, no, unknown]: [usize; 3]) -> Markup {
    html! {
        span.badge.ok { (yes) " achieved" } " "
        span.badge.ko { (no) " not achieved" } " "
        span.badge.unk { (unknown) " unknown" }
    }
}

/// Text, or a dash for none.
fn opt_text(text: Option<&str>) -> Markup {
    html! {
        @match text {
            Some(text) => (text),
            None => span.none { "\u{2014}" },
        }
    }
}

/// A warning's message where it is shown in place, with the id the
/// warnings list links to.
fn flag_msg(p: &Placed) -> Markup {
    html! {
        div.flag-msg id=(p.id) { span.flag-code { (p.warning.code.as_str()) } " " (p.warning.message) }
    }
}

/// The attributes an element takes from the warnings placed on it: its
/// `class` (`base`, plus `flag` when there is any), the fields they name
/// (`data-field`), the first one's code (`data-warning`).
struct Flags<'p, 'a>(Vec<&'p Placed<'a>>);

impl Flags<'_, '_> {
    fn class(&self, base: &str) -> Option<String> {
        match (base.is_empty(), self.0.is_empty()) {
            (true, true) => None,
            (false, true) => Some(base.to_string()),
            (true, false) => Some("flag".to_string()),
            (false, false) => Some(format!("{base} flag")),
        }
    }

    fn fields(&self) -> Option<String> {
        let fields: Vec<_> = self
            .0
            .iter()
            .filter_map(|p| p.warning.field.map(|f| f.name()))
            .collect();
        (!fields.is_empty()).then(|| fields.join(" "))
    }

    fn code(&self) -> Option<&'static str> {
        self.0.first().map(|p| p.warning.code.as_str())
    }

    /// The messages, one after the other.
    fn messages(&self) -> Markup {
        html! { @for p in &self.0 { (flag_msg(p)) } }
    }
}

#[cfg(test)]
mod tests;
