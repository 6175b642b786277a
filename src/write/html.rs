//! The review page (`--html`): one self-contained HTML file for the run, so a
//! person can check a year's report in minutes.
//!
//! The page is hand-written HTML with inline CSS and no external resource. It
//! works with JavaScript off: the only script opens every `<details>` before
//! printing. The output is deterministic: the same reports give the same
//! bytes (reports ordered by `source.file`, then document order; no
//! timestamps).
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

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::atomic::write_atomic;
use crate::model::{
    Column, Correction, FieldPath, Indicator, IndicatorField, InputFormat, Objective,
    ObjectiveField, Report, ReportKind, ResourceLine, ValueField, ValueKind, Warning,
};

/// The review page's file name in the output folder.
pub const FILE_NAME: &str = "review.html";

/// The header of the overrides file the export link holds.
pub const OVERRIDES_HEADER: &str = "source_file,objective_code,indicator_number,field,value";

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

/// The whole review page for a run.
pub fn review_page(reports: &[Report]) -> String {
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.source.file.cmp(&b.source.file));

    let mut ids = IdSet::default();
    let keys: Vec<Vec<String>> = sorted
        .iter()
        .map(|r| r.objectives.iter().map(|o| ids.key(&o.code)).collect())
        .collect();

    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    put!(
        out,
        "<meta name=\"generator\" content=\"pira {}\">\n",
        env!("CARGO_PKG_VERSION")
    );
    put!(out, "<title>{}</title>\n", esc(&page_title(&sorted)));
    put!(out, "<style>{CSS}</style>\n");
    out.push_str("</head>\n<body>\n");
    run_header(&mut out, &sorted);
    out.push_str("<main>\n");
    if sorted.is_empty() {
        out.push_str("<p class=\"empty\">No reports in this run.</p>\n");
    }
    for (i, (report, keys)) in sorted.iter().zip(&keys).enumerate() {
        report_section(&mut out, i + 1, report, keys);
    }
    out.push_str("</main>\n");
    put!(out, "<script>{SCRIPT}</script>\n");
    out.push_str("</body>\n</html>\n");
    out
}

/// Writes the review page atomically to `dir/review.html`, returning its path.
///
/// `dir` must exist.
pub fn write_review(dir: &Path, reports: &[Report]) -> io::Result<PathBuf> {
    let path = dir.join(FILE_NAME);
    write_atomic(&path, review_page(reports).as_bytes())?;
    Ok(path)
}

/// The overrides file for the run's flagged fields: the header, then one row
/// per distinct (source, objective, indicator, field) that a warning names,
/// value left empty for the reviewer. Rows follow the page's order.
pub fn overrides_csv(reports: &[Report]) -> String {
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    overrides_csv_sorted(&sorted)
}

/// [`overrides_csv`] for reports already in page order.
fn overrides_csv_sorted(sorted: &[&Report]) -> String {
    let mut out = String::new();
    out.push_str(OVERRIDES_HEADER);
    out.push_str("\r\n");
    let mut seen: Vec<[String; 4]> = Vec::new();
    for report in sorted {
        for w in &report.warnings {
            let Some(field) = &w.field else { continue };
            let row = [
                report.source.file.clone(),
                w.objective_code.clone().unwrap_or_default(),
                w.indicator_number
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                field.name().into_owned(),
            ];
            if seen.contains(&row) {
                continue;
            }
            for cell in &row {
                out.push_str(&csv_cell(cell));
                out.push(',');
            }
            out.push_str("\r\n");
            seen.push(row);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Page parts
// ---------------------------------------------------------------------------

fn page_title(reports: &[&Report]) -> String {
    match reports {
        [one] => {
            let mut t = String::from("Review: ");
            t.push_str(one.entity.as_deref().unwrap_or(&one.source.file));
            if let Some(year) = one.year {
                put!(t, " {year}");
            }
            t
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

fn run_header(out: &mut String, reports: &[&Report]) {
    let objectives: usize = reports.iter().map(|r| r.objectives.len()).sum();
    let all_indicators = || {
        reports
            .iter()
            .flat_map(|r| &r.objectives)
            .flat_map(|o| &o.indicators)
    };
    let indicators = all_indicators().count();
    let warnings: usize = reports.iter().map(|r| r.warnings.len()).sum();
    let corrections: usize = reports.iter().map(|r| r.corrections.len()).sum();
    let [yes, no, unknown] = outcomes(all_indicators());

    out.push_str("<header id=\"run\"><div class=\"wrap\">\n<h1>PIRA review</h1>\n");
    let sub = match reports {
        [one] => {
            let mut s = one
                .entity
                .clone()
                .unwrap_or_else(|| one.source.file.clone());
            if let Some(year) = one.year {
                put!(s, " \u{b7} {year}");
            }
            if let Some(kind) = one.kind {
                put!(s, " \u{b7} {}", kind_label(kind));
            }
            s
        }
        _ => format!("{} reports in this run", reports.len()),
    };
    put!(out, "<p class=\"subtitle\">{}</p>\n", esc(&sub));
    out.push_str("<dl class=\"totals\">\n");
    for (id, label, n) in [
        ("total-reports", "Reports", reports.len()),
        ("total-objectives", "Objectives", objectives),
        ("total-indicators", "Indicators", indicators),
        ("total-warnings", "Warnings", warnings),
        ("total-corrections", "Corrections", corrections),
    ] {
        put!(
            out,
            "<div id=\"{id}\"><dt>{label}</dt><dd>{}</dd></div>\n",
            it_number(Decimal::from(n as u64))
        );
    }
    out.push_str("</dl>\n<p class=\"outcomes\">Indicators: ");
    outcome_badges(out, [yes, no, unknown]);
    out.push_str("</p>\n");

    let csv = overrides_csv_sorted(reports);
    let rows = csv.lines().count().saturating_sub(1);
    put!(
        out,
        "<p class=\"export\"><a id=\"export-overrides\" download=\"overrides.csv\" \
         href=\"data:text/csv;charset=utf-8,{}\">Export flagged fields as overrides CSV</a> \
         <span class=\"muted\">{rows} {} to fill in, for <code>--overrides</code></span></p>\n",
        esc(&percent_encode(&csv)),
        if rows == 1 { "field" } else { "fields" },
    );
    if reports.len() > 1 {
        out.push_str("<nav class=\"run-toc\" aria-label=\"Reports\"><h2>Reports</h2><ol>\n");
        for (i, r) in reports.iter().enumerate() {
            put!(
                out,
                "<li><a href=\"#report-{}\">{}</a> <span class=\"muted\">{} \u{b7} {} objectives \u{b7} {} warnings</span></li>\n",
                i + 1,
                esc(&r.source.file),
                esc(&report_heading(r)),
                r.objectives.len(),
                r.warnings.len()
            );
        }
        out.push_str("</ol></nav>\n");
    }
    out.push_str("</div></header>\n");
}

fn outcome_badges(out: &mut String, [yes, no, unknown]: [usize; 3]) {
    put!(
        out,
        "<span class=\"badge ok\">{yes} achieved</span> \
         <span class=\"badge ko\">{no} not achieved</span> \
         <span class=\"badge unk\">{unknown} unknown</span>"
    );
}

fn kind_label(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::FinalAccount => "Final account (consuntivo)",
        ReportKind::BudgetPlan => "Budget plan (preventivo)",
    }
}

fn report_heading(r: &Report) -> String {
    let mut h = r.entity.clone().unwrap_or_else(|| "Unknown entity".into());
    if let Some(year) = r.year {
        put!(h, " \u{b7} {year}");
    }
    h
}

/// One warning as the page places it: its anchor id and where it goes.
struct Placed<'a> {
    id: String,
    warning: &'a Warning,
    spot: Spot,
}

/// Where a warning is shown in place.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spot {
    /// Only in the report's list: no objective of the report matches.
    Report,
    /// At the top of objective `o` (by index).
    Objective(usize),
    /// Beside one of the objective's fields (a key of [`ObjField`]).
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjField {
    Title,
    Mission,
    Programme,
    TimeFrame,
    Centre,
    Indicators,
    Description,
    Pages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Title,
    Type,
    Unit,
    LastObserved,
    Target,
    Actual,
    Achieved,
    Page,
}

fn place<'a>(report_no: usize, report: &'a Report) -> Vec<Placed<'a>> {
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

fn spot(report: &Report, w: &Warning) -> Spot {
    let Some(o) = w
        .objective_code
        .as_deref()
        .and_then(|code| report.objectives.iter().position(|o| o.code == code))
    else {
        return Spot::Report;
    };
    let objective = &report.objectives[o];
    if let Some(number) = w.indicator_number {
        let Some(i) = objective.indicators.iter().position(|x| x.number == number) else {
            return Spot::Objective(o);
        };
        let col = match w.field {
            Some(FieldPath::Indicator { field, .. }) => indicator_col(field),
            _ => None,
        };
        return col.map_or(Spot::IndicatorRow(o, i), |c| Spot::IndicatorCell(o, i, c));
    }
    match w.field {
        None => Spot::Objective(o),
        Some(FieldPath::Resource { index, .. }) if index < objective.resources.len() => {
            Spot::Resource(o, index)
        }
        Some(FieldPath::Objective(field)) => objective_spot(o, field),
        Some(_) => Spot::Objective(o),
    }
}

/// The column of an indicator's row that shows `field`, if one does.
fn indicator_col(field: IndicatorField) -> Option<Col> {
    use IndicatorField as F;
    Some(match field {
        F::Title | F::Measures | F::Number => Col::Title,
        F::Cell(Column::Type) => Col::Type,
        F::Cell(Column::Unit) => Col::Unit,
        F::Cell(Column::LastObserved) | F::Value(ValueField::LastObserved) => Col::LastObserved,
        F::Cell(Column::Target) | F::Value(ValueField::Target) | F::TargetDate => Col::Target,
        F::Cell(Column::Actual) | F::Value(ValueField::Actual) => Col::Actual,
        F::Achieved | F::ValueKind => Col::Achieved,
        F::Page => Col::Page,
        F::KpiCode => Col::Title,
        F::Targets => Col::Target,
        F::AchievementStated => Col::Achieved,
        F::Cell(Column::Algorithm | Column::DataSource) => return None,
    })
}

/// Where an objective's `field` is shown.
fn objective_spot(o: usize, field: ObjectiveField) -> Spot {
    use ObjectiveField as F;
    let f = match field {
        F::Title | F::Code => ObjField::Title,
        F::MissionCode | F::MissionName => ObjField::Mission,
        F::ProgrammeCode | F::ProgrammeName => ObjField::Programme,
        F::TimeFrame => ObjField::TimeFrame,
        F::ResponsibilityCentre => ObjField::Centre,
        F::DeclaredIndicators | F::Indicators => ObjField::Indicators,
        F::Description => ObjField::Description,
        F::Pages => ObjField::Pages,
        F::ResourcesTotal | F::Resources => return Spot::ResourcesTotal(o),
    };
    Spot::ObjectiveField(o, f)
}

fn report_section(out: &mut String, no: usize, report: &Report, keys: &[String]) {
    let placed = place(no, report);
    put!(
        out,
        "<section class=\"report\" id=\"report-{no}\" data-source-file=\"{}\">\n",
        esc(&report.source.file)
    );
    put!(out, "<h2>{}</h2>\n", esc(&report_heading(report)));
    out.push_str("<dl class=\"meta\">\n");
    let kind = report.kind.map_or("unknown", kind_label);
    let year = report.year.map(|y| y.to_string());
    for (label, value, class) in [
        ("Source file", Some(report.source.file.as_str()), "mono"),
        ("Entity", report.entity.as_deref(), ""),
        ("Year", year.as_deref(), ""),
        ("Kind", Some(kind), ""),
        ("Pages", Some(&*report.source.pages.to_string()), ""),
        ("Input format", Some(format_label(report)), "mono"),
    ] {
        put!(out, "<div><dt>{label}</dt><dd");
        if !class.is_empty() {
            put!(out, " class=\"{class}\"");
        }
        put!(out, ">{}</dd></div>\n", opt_text(value));
    }
    out.push_str("</dl>\n");

    toc(out, report, keys, &placed);
    warnings_list(out, no, report, keys, &placed);
    corrections_list(out, no, report, keys);

    let report_level: Vec<&Placed> = placed.iter().filter(|p| p.spot == Spot::Report).collect();
    if !report_level.is_empty() {
        out.push_str("<div class=\"flag flag-block\">\n");
        for p in report_level {
            flag_msg(out, p);
        }
        out.push_str("</div>\n");
    }
    if report.objectives.is_empty() {
        out.push_str("<p class=\"empty\">No objectives found in this report.</p>\n");
    }
    for (o, (objective, key)) in report.objectives.iter().zip(keys).enumerate() {
        objective_section(out, report, o, objective, key, &placed);
    }
    out.push_str("</section>\n");
}

/// The input format as the JSON spells it.
fn format_label(report: &Report) -> &'static str {
    match report.source.format {
        InputFormat::OcrText => "ocr-text",
        InputFormat::OcrTsv => "ocr-tsv",
        InputFormat::Hocr => "hocr",
        InputFormat::PdfText => "pdf-text",
        InputFormat::PdfOcr => "pdf-ocr",
        InputFormat::PdfMixed => "pdf-mixed",
    }
}

fn toc(out: &mut String, report: &Report, keys: &[String], placed: &[Placed]) {
    if report.objectives.is_empty() {
        return;
    }
    let final_account = report.kind != Some(ReportKind::BudgetPlan);
    out.push_str("<nav class=\"toc\" aria-label=\"Objectives\">\n<h3>Objectives</h3>\n");
    out.push_str("<table>\n<thead><tr><th>Code</th><th>Title</th><th class=\"num\" >Indicators<div class=\"sub\">found / declared</div></th>");
    if final_account {
        out.push_str("<th>Outcome</th>");
    }
    out.push_str(
        "<th class=\"num\">Resources</th><th class=\"num\">Warnings</th></tr></thead>\n<tbody>\n",
    );
    for (o, (objective, key)) in report.objectives.iter().zip(keys).enumerate() {
        let warnings = placed
            .iter()
            .filter(|p| spot_objective(&p.spot) == Some(o))
            .count();
        let found = objective.indicators.len();
        let mismatch = objective
            .declared_indicators
            .is_some_and(|d| d as usize != found);
        put!(
            out,
            "<tr><td class=\"mono nowrap\"><a href=\"#obj-{key}\">{}</a></td><td>{}</td><td class=\"num{}\">{}</td>",
            esc(&objective.code),
            opt_text(objective.title.as_deref()),
            if mismatch { " mismatch" } else { "" },
            match objective.declared_indicators {
                Some(d) => format!("{found} / {d}"),
                None => format!("{found} / \u{2014}"),
            },
        );
        if final_account {
            out.push_str("<td class=\"nowrap\">");
            let [yes, no, unknown] = outcomes(objective.indicators.iter());
            for (n, class, sign, label) in [
                (yes, "ok", "\u{2713}", "achieved"),
                (no, "ko", "\u{2717}", "not achieved"),
                (unknown, "unk", "?", "unknown"),
            ] {
                if n > 0 {
                    put!(
                        out,
                        "<span class=\"badge {class}\" title=\"{n} {label}\">{sign} {n}</span> "
                    );
                }
            }
            out.push_str("</td>");
        }
        put!(
            out,
            "<td class=\"num nowrap\">{}</td><td class=\"num{}\">{}</td></tr>\n",
            objective
                .resources_total
                .map_or_else(|| "\u{2014}".to_string(), |t| esc(&euro(t))),
            if warnings > 0 { " has-warnings" } else { "" },
            warnings
        );
    }
    out.push_str("</tbody>\n</table>\n</nav>\n");
}

/// The objective a spot belongs to, if any.
fn spot_objective(spot: &Spot) -> Option<usize> {
    match *spot {
        Spot::Report => None,
        Spot::Objective(o)
        | Spot::ObjectiveField(o, _)
        | Spot::Resource(o, _)
        | Spot::ResourcesTotal(o)
        | Spot::IndicatorCell(o, _, _)
        | Spot::IndicatorRow(o, _) => Some(o),
    }
}

fn declared_found(o: &Objective) -> String {
    match o.declared_indicators {
        Some(d) => format!("{d} declared / {} found", o.indicators.len()),
        None => format!("{} found", o.indicators.len()),
    }
}

fn warnings_list(out: &mut String, no: usize, report: &Report, keys: &[String], placed: &[Placed]) {
    put!(
        out,
        "<details class=\"warnings\" id=\"r{no}-warnings\">\n<summary>Warnings ({})</summary>\n",
        report.warnings.len()
    );
    if report.warnings.is_empty() {
        out.push_str("<p class=\"empty\">No warnings.</p>\n</details>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>Code</th><th class=\"num\">Page</th><th>Objective</th>\
         <th class=\"num\">Indicator</th><th>Field</th><th>Message</th></tr></thead>\n<tbody>\n",
    );
    for p in placed {
        let w = p.warning;
        let objective = match (spot_objective(&p.spot), &w.objective_code) {
            (Some(o), Some(code)) => {
                format!("<a href=\"#obj-{}\">{}</a>", keys[o], esc(code))
            }
            (None, Some(code)) => esc(code),
            (_, None) => String::new(),
        };
        put!(
            out,
            "<tr><td class=\"mono nowrap\">{}</td><td class=\"num\">{}</td><td class=\"mono nowrap\">{objective}</td>\
             <td class=\"num\">{}</td><td class=\"mono\">{}</td><td><a href=\"#{}\">{}</a></td></tr>\n",
            esc(w.code.as_str()),
            opt_num(w.page),
            opt_num(w.indicator_number),
            opt_text(w.field.map(|f| f.name()).as_deref()),
            p.id,
            esc(&w.message),
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
}

fn corrections_list(out: &mut String, no: usize, report: &Report, keys: &[String]) {
    put!(
        out,
        "<details class=\"corrections\" id=\"r{no}-corrections\">\n<summary>Corrections ({})</summary>\n",
        report.corrections.len()
    );
    if report.corrections.is_empty() {
        out.push_str("<p class=\"empty\">No corrections.</p>\n</details>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>Objective</th><th class=\"num\">Indicator</th><th>Field</th>\
         <th>Raw \u{2192} corrected</th><th>Rule</th><th class=\"num\">Page</th></tr></thead>\n<tbody>\n",
    );
    for c in &report.corrections {
        correction_row(out, report, keys, c);
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
}

fn correction_row(out: &mut String, report: &Report, keys: &[String], c: &Correction) {
    let objective = match &c.objective_code {
        Some(code) => match report.objectives.iter().position(|o| &o.code == code) {
            Some(o) => format!("<a href=\"#obj-{}\">{}</a>", keys[o], esc(code)),
            None => esc(code),
        },
        None => String::new(),
    };
    put!(
        out,
        "<tr><td class=\"mono nowrap\">{objective}</td><td class=\"num\">{}</td><td class=\"mono\">{}</td>\
         <td><del>{}</del> \u{2192} <ins>{}</ins></td><td class=\"mono nowrap\">{}</td><td class=\"num\">{}</td></tr>\n",
        opt_num(c.indicator_number),
        esc(&c.field.name()),
        esc(&c.raw),
        esc(&c.corrected),
        esc(c.rule.as_str()),
        opt_num(c.page),
    );
}

fn flag_msg(out: &mut String, p: &Placed) {
    put!(
        out,
        "<div class=\"flag-msg\" id=\"{}\"><span class=\"flag-code\">{}</span> {}</div>",
        p.id,
        esc(p.warning.code.as_str()),
        esc(&p.warning.message)
    );
}

/// The `class` and `data-*` attributes of an element flagged by `flags`
/// (nothing when there is none), with `class` holding `base` too.
fn flag_attrs(base: &str, flags: &[&Placed]) -> String {
    let mut class = base.to_string();
    if !flags.is_empty() {
        if !class.is_empty() {
            class.push(' ');
        }
        class.push_str("flag");
    }
    let mut attrs = String::new();
    if !class.is_empty() {
        put!(attrs, " class=\"{class}\"");
    }
    if let Some(first) = flags.first() {
        let fields: Vec<_> = flags
            .iter()
            .filter_map(|p| p.warning.field.map(|f| f.name()))
            .collect();
        if !fields.is_empty() {
            put!(attrs, " data-field=\"{}\"", esc(&fields.join(" ")));
        }
        put!(
            attrs,
            " data-warning=\"{}\"",
            esc(first.warning.code.as_str())
        );
    }
    attrs
}

fn flags_at<'a, 'b>(placed: &'b [Placed<'a>], spot: &Spot) -> Vec<&'b Placed<'a>> {
    placed.iter().filter(|p| &p.spot == spot).collect()
}

fn objective_section(
    out: &mut String,
    report: &Report,
    o: usize,
    objective: &Objective,
    key: &str,
    placed: &[Placed],
) {
    let at = |f: ObjField| flags_at(placed, &Spot::ObjectiveField(o, f));
    let count = placed
        .iter()
        .filter(|p| spot_objective(&p.spot) == Some(o))
        .count();
    put!(
        out,
        "<section class=\"objective{}\" id=\"obj-{key}\" data-code=\"{}\">\n",
        if count > 0 { " has-warnings" } else { "" },
        esc(&objective.code)
    );

    let title_flags = at(ObjField::Title);
    put!(
        out,
        "<h3{}><span class=\"code\">{}</span> <span class=\"title\">{}</span>",
        flag_attrs("", &title_flags),
        esc(&objective.code),
        opt_text(objective.title.as_deref())
    );
    for p in &title_flags {
        flag_msg(out, p);
    }
    out.push_str("</h3>\n");

    let top = flags_at(placed, &Spot::Objective(o));
    if !top.is_empty() {
        out.push_str("<div class=\"flag flag-block\">");
        for p in &top {
            flag_msg(out, p);
        }
        out.push_str("</div>\n");
    }

    out.push_str("<dl class=\"fields\">\n");
    let mission = code_name(&objective.mission_code, &objective.mission_name);
    let programme = code_name(&objective.programme_code, &objective.programme_name);
    let pages = page_list(&objective.pages);
    let mismatch = objective
        .declared_indicators
        .is_some_and(|d| d as usize != objective.indicators.len());
    let declared = declared_found(objective);
    for (label, f, value, extra) in [
        ("Mission", ObjField::Mission, mission, ""),
        ("Programme", ObjField::Programme, programme, ""),
        (
            "Time frame",
            ObjField::TimeFrame,
            objective.time_frame.clone(),
            "",
        ),
        (
            "Responsibility centre",
            ObjField::Centre,
            objective.responsibility_centre.clone(),
            "",
        ),
        (
            "Indicators",
            ObjField::Indicators,
            Some(declared),
            if mismatch {
                "indicators mismatch"
            } else {
                "indicators"
            },
        ),
        ("Pages", ObjField::Pages, Some(pages), ""),
    ] {
        let flags = at(f);
        put!(
            out,
            "<div{}><dt>{label}</dt><dd>{}",
            flag_attrs(extra, &flags),
            opt_text(value.as_deref())
        );
        if f == ObjField::Indicators && mismatch && flags.is_empty() {
            out.push_str(" <span class=\"badge ko\">mismatch</span>");
        }
        for p in &flags {
            flag_msg(out, p);
        }
        out.push_str("</dd></div>\n");
    }
    out.push_str("</dl>\n");

    let desc_flags = at(ObjField::Description);
    if objective.description.is_some() || !desc_flags.is_empty() {
        put!(
            out,
            "<details{}><summary>Description</summary>",
            flag_attrs("description", &desc_flags)
        );
        for p in &desc_flags {
            flag_msg(out, p);
        }
        put!(
            out,
            "<p class=\"prose\">{}</p></details>\n",
            opt_text(objective.description.as_deref())
        );
    }

    resources_table(out, o, objective, key, placed);
    indicators_table(out, report, o, objective, key, placed);
    out.push_str("</section>\n");
}

fn code_name(code: &Option<String>, name: &Option<String>) -> Option<String> {
    match (code, name) {
        (Some(c), Some(n)) => Some(format!("{c} \u{2014} {n}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

/// "3", "3\u{2013}4", "22\u{2013}24", or "3, 5" for pages that do not follow each other.
fn page_list(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let start = pages[i];
        let mut end = start;
        while i + 1 < pages.len() && pages[i + 1] == end + 1 {
            i += 1;
            end = pages[i];
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}\u{2013}{end}")
        });
        i += 1;
    }
    parts.join(", ")
}

fn resources_table(
    out: &mut String,
    o: usize,
    objective: &Objective,
    key: &str,
    placed: &[Placed],
) {
    out.push_str("<h4>Resources</h4>\n");
    let total_flags = flags_at(placed, &Spot::ResourcesTotal(o));
    if objective.resources.is_empty() && objective.resources_total.is_none() {
        out.push_str("<p class=\"empty\">No resource lines found.</p>\n");
        for p in &total_flags {
            out.push_str("<div class=\"flag flag-block\">");
            flag_msg(out, p);
            out.push_str("</div>\n");
        }
        return;
    }
    put!(
        out,
        "<table class=\"resources\" id=\"res-{key}\">\n<thead><tr><th class=\"num\">#</th>\
         <th class=\"num\">Amount</th><th>Account</th><th>Budget</th><th>Description</th>\
         <th class=\"num\">Page</th></tr></thead>\n<tbody>\n"
    );
    for (r, line) in objective.resources.iter().enumerate() {
        resource_row(out, o, r, line, key, placed);
    }
    out.push_str("</tbody>\n");
    put!(
        out,
        "<tfoot><tr><th colspan=\"2\"{}><span class=\"label\">Total ({} {})</span> \
         <span class=\"amount\">{}</span>",
        flag_attrs("num resources-total", &total_flags),
        objective.resources.len(),
        if objective.resources.len() == 1 {
            "line"
        } else {
            "lines"
        },
        objective
            .resources_total
            .map_or_else(|| "\u{2014}".to_string(), |t| esc(&euro(t)))
    );
    for p in &total_flags {
        flag_msg(out, p);
    }
    out.push_str("</th><td colspan=\"4\"></td></tr></tfoot>\n</table>\n");
}

fn resource_row(
    out: &mut String,
    o: usize,
    r: usize,
    line: &ResourceLine,
    key: &str,
    placed: &[Placed],
) {
    let flags = flags_at(placed, &Spot::Resource(o, r));
    let base = if line.uncertain {
        "num amount uncertain"
    } else {
        "num amount"
    };
    put!(
        out,
        "<tr class=\"resource\" id=\"res-{key}-{r}\"><td class=\"num\">{}</td><td{}>\
         <span class=\"value\">{}</span>",
        r + 1,
        flag_attrs(base, &flags),
        esc(&euro(line.amount))
    );
    if line.uncertain {
        put!(
            out,
            "<div class=\"raw\"><span class=\"badge warn\">uncertain</span> read as <q>{}</q></div>",
            esc(&line.amount_raw)
        );
    }
    for p in &flags {
        flag_msg(out, p);
    }
    put!(
        out,
        "</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"small\">{}</td><td class=\"num\">{}</td></tr>\n",
        opt_text(line.account.as_deref()),
        opt_text(line.budget.as_deref()),
        esc(&line.description),
        line.page
    );
}

fn indicators_table(
    out: &mut String,
    report: &Report,
    o: usize,
    objective: &Objective,
    key: &str,
    placed: &[Placed],
) {
    out.push_str("<h4>Indicators</h4>\n");
    if objective.indicators.is_empty() {
        out.push_str("<p class=\"empty\">No indicators found.</p>\n");
        return;
    }
    let budget_plan = report.kind == Some(ReportKind::BudgetPlan);
    put!(
        out,
        "<table class=\"indicators\" id=\"ind-{key}\">\n<thead><tr><th class=\"num\">#</th>\
         <th>Indicator</th><th>Type</th><th>Unit</th>"
    );
    if budget_plan {
        out.push_str("<th>Last observed</th><th>Target</th>");
    } else {
        out.push_str("<th>Target</th><th>Actual</th><th>Achieved</th>");
    }
    out.push_str("<th class=\"num\">Page</th></tr></thead>\n<tbody>\n");
    for (i, ind) in objective.indicators.iter().enumerate() {
        indicator_row(out, o, i, ind, key, placed, budget_plan);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn indicator_row(
    out: &mut String,
    o: usize,
    i: usize,
    ind: &Indicator,
    key: &str,
    placed: &[Placed],
    budget_plan: bool,
) {
    let row_flags = flags_at(placed, &Spot::IndicatorRow(o, i));
    let cell = |c: Col| flags_at(placed, &Spot::IndicatorCell(o, i, c));
    let achieved = match ind.achieved {
        Some(true) => "true",
        Some(false) => "false",
        None => "unknown",
    };
    put!(
        out,
        "<tr{} id=\"ind-{key}-{}\" data-number=\"{}\"",
        flag_attrs("indicator", &row_flags),
        ind.number,
        ind.number
    );
    if !budget_plan {
        put!(out, " data-achieved=\"{achieved}\"");
    }
    put!(out, "><td class=\"num\">{}</td>", ind.number);

    // Title, with what it measures; row-level messages go here.
    let flags = cell(Col::Title);
    put!(
        out,
        "<td{}><div class=\"ind-title\">{}</div>",
        flag_attrs("", &flags),
        opt_text(ind.title.as_deref())
    );
    if let Some(m) = &ind.measures {
        put!(out, "<div class=\"small muted\">{}</div>", esc(m));
    }
    for p in flags.iter().chain(&row_flags) {
        flag_msg(out, p);
    }
    out.push_str("</td>");

    for (c, text) in [(Col::Type, &ind.kind), (Col::Unit, &ind.unit)] {
        let flags = cell(c);
        put!(
            out,
            "<td{}>{}",
            flag_attrs("small", &flags),
            opt_text(text.as_deref())
        );
        for p in &flags {
            flag_msg(out, p);
        }
        out.push_str("</td>");
    }

    let mut value_cell = |c: Col, class: &str, text: &Option<String>, value: Option<Decimal>| {
        let flags = cell(c);
        put!(out, "<td{}>", flag_attrs(class, &flags));
        value_html(out, text.as_deref(), value, ind.value_kind);
        if c == Col::Target {
            if let Some(date) = &ind.target_date {
                put!(
                    out,
                    "<div class=\"small muted by\">by {}</div>",
                    esc(&it_date(date))
                );
            }
        }
        for p in &flags {
            flag_msg(out, p);
        }
        out.push_str("</td>");
    };
    if budget_plan {
        value_cell(
            Col::LastObserved,
            "value last-observed",
            &ind.last_observed,
            ind.last_observed_value,
        );
        value_cell(Col::Target, "value target", &ind.target, ind.target_value);
    } else {
        value_cell(Col::Target, "value target", &ind.target, ind.target_value);
        value_cell(Col::Actual, "value actual", &ind.actual, ind.actual_value);
        let flags = cell(Col::Achieved);
        let (class, label) = match ind.achieved {
            Some(true) => ("ok", "\u{2713} Achieved"),
            Some(false) => ("ko", "\u{2717} Not achieved"),
            None => ("unk", "? Unknown"),
        };
        put!(
            out,
            "<td{}><span class=\"badge {class}\">{label}</span>",
            flag_attrs(&format!("achieved achieved-{achieved}"), &flags)
        );
        for p in &flags {
            flag_msg(out, p);
        }
        out.push_str("</td>");
    }
    let flags = cell(Col::Page);
    put!(out, "<td{}>{}", flag_attrs("num", &flags), ind.page);
    for p in &flags {
        flag_msg(out, p);
    }
    out.push_str("</td></tr>\n");
}

/// A value cell's content: the text as in the document, then the value read
/// from it (formatted the Italian way) where the kind is numeric.
fn value_html(out: &mut String, text: Option<&str>, value: Option<Decimal>, kind: ValueKind) {
    put!(out, "<div class=\"text\">{}</div>", opt_text(text));
    let numeric = matches!(
        kind,
        ValueKind::Percent | ValueKind::Euro | ValueKind::Number
    );
    match value {
        Some(v) => {
            let shown = match kind {
                ValueKind::Percent => format!("{}%", it_number(v)),
                ValueKind::Euro => euro(v),
                _ => it_number(v),
            };
            put!(out, "<div class=\"parsed\">= {}</div>", esc(&shown));
        }
        None if numeric && text.is_some() => {
            out.push_str("<div class=\"parsed none\">no number read</div>");
        }
        None => {}
    }
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

/// `Some(text)` escaped, or a dash for none.
fn opt_text(text: Option<&str>) -> String {
    match text {
        Some(t) => esc(t),
        None => "<span class=\"none\">\u{2014}</span>".to_string(),
    }
}

fn opt_num(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Escapes text for HTML content and attribute values: `& < > " '`.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A decimal the Italian way, with the decimals it has: "8825715.66" ->
/// "8.825.715,66", "-5.00" -> "-5,00", "1600" -> "1.600".
pub fn it_number(value: Decimal) -> String {
    crate::normalize::number::format_italian(value)
}

/// An amount in euro the Italian way: "€ 15.390.178,31" (no-break space).
pub fn euro(value: Decimal) -> String {
    format!("\u{20ac}\u{a0}{}", it_number(value))
}

/// "2020-12-31" -> "31/12/2020"; anything else as it is.
fn it_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// One CSV cell, RFC 4180: quoted only where it holds a comma, a quote or a
/// line break, quotes doubled.
fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), so the
/// text can sit in a `data:` URL and in an attribute as it is.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            put!(out, "%{b:02X}");
        }
    }
    out
}

/// Hands out the objective keys of the page's ids: the code (made safe for
/// an id), with `_2`, `_3`, ... for a code seen before in the run.
#[derive(Default)]
struct IdSet {
    seen: Vec<(String, usize)>,
}

impl IdSet {
    fn key(&mut self, code: &str) -> String {
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

// ---------------------------------------------------------------------------
// Style and script
// ---------------------------------------------------------------------------

const SCRIPT: &str = "addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});";

const CSS: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0b5cad;
--ok:#1a7f37;--ok-bg:#dafbe1;--ko:#cf222e;--ko-bg:#ffebe9;--unk:#59636e;--unk-bg:#eaeef2;
--flag:#9a6700;--flag-bg:#fff8c5;--flag-line:#d4a72c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI","Liberation Sans","DejaVu Sans",Arial,sans-serif}
header#run .wrap,main{max-width:1240px;margin:0 auto;padding:0 24px}
header#run{background:var(--soft);border-bottom:1px solid var(--line)}
header#run .wrap{padding-top:20px;padding-bottom:12px}
thead th .sub{font-weight:400;font-size:11px}
h1{font-size:22px;margin:0}
h2{font-size:20px;margin:28px 0 8px}
h3{font-size:16px;margin:0 0 10px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:16px 0 6px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code,.mono{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:12.5px}
.muted{color:var(--muted)}
.small{font-size:12.5px}
.nowrap{white-space:nowrap}
.none{color:#8c959f}
.empty{color:var(--muted);font-style:italic}
.subtitle{margin:2px 0 12px;color:var(--muted);font-size:15px}
dl{margin:0}
.totals{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 10px}
.totals>div{border:1px solid var(--line);border-radius:8px;padding:6px 14px;min-width:120px;background:#fff}
.totals dt{font-size:12px;color:var(--muted)}
.totals dd{margin:0;font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.outcomes,.export{margin:6px 0}
.export a{font-weight:600}
.warnings td a{color:inherit}
.warnings td a:hover{color:var(--accent)}
.export a::before{content:"\2913\00a0"}
.meta{display:flex;flex-wrap:wrap;gap:6px 40px;margin:0 0 14px;padding:10px 14px;border:1px solid var(--line);border-radius:8px;background:var(--soft)}
.meta dt,.fields dt{font-size:12px;color:var(--muted)}
.meta dd,.fields dd{margin:0}
.report{padding-bottom:12px}
.toc h3{margin-top:8px}
table{border-collapse:collapse;width:100%;margin:0 0 8px;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:baseline}
thead th{background:var(--soft);font-size:12px;font-weight:600;color:var(--muted);border-top:1px solid var(--line)}
tfoot th,tfoot td{border-bottom:none;border-top:2px solid var(--fg)}
.num{text-align:right}
td.mismatch{color:var(--ko);font-weight:600}
td.has-warnings{color:var(--flag);font-weight:600}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600;padding:4px 0}
details.warnings>summary,details.corrections>summary{font-size:15px}
del{color:var(--ko);text-decoration:line-through}
ins{color:var(--ok);text-decoration:none;font-weight:600}
.objective{margin:22px 0 0;padding:16px 18px;border:1px solid var(--line);border-radius:10px;break-inside:auto}
.objective h3 .code{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:13px;background:var(--fg);color:#fff;border-radius:5px;padding:2px 7px;margin-right:6px;vertical-align:1px}
.fields{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:8px 18px;margin:0 0 6px}
.fields>div{min-width:0}
.fields>div.indicators.mismatch dd{color:var(--ko);font-weight:600}
.prose{white-space:pre-line;margin:6px 0;font-size:13px;color:#30363d}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.badge.ok{color:var(--ok);background:var(--ok-bg);border-color:#aceebb}
.badge.ko{color:var(--ko);background:var(--ko-bg);border-color:#ffcecb}
.badge.unk{color:var(--unk);background:var(--unk-bg);border-color:#d1d9e0}
.badge.warn{color:var(--flag);background:var(--flag-bg);border-color:var(--flag-line)}
.amount .value,.resources-total .amount{white-space:nowrap}
.resources-total{white-space:nowrap}
.resources-total .label{font-weight:400;color:var(--muted);margin-right:8px}
.resources-total .amount{font-size:15px}
.raw{font-size:12px;color:var(--muted);white-space:nowrap}
td.value{min-width:96px}
td.achieved{min-width:150px}
.value .text{white-space:pre-line}
.value .by{white-space:nowrap}
.parsed{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:12px;color:var(--muted);white-space:nowrap}
.parsed.none{font-family:inherit;font-style:italic}
.ind-title{font-weight:600}
table.indicators td:nth-child(2){min-width:260px}
.flag{background:var(--flag-bg);box-shadow:inset 3px 0 0 var(--flag-line)}
.flag-block{padding:6px 10px;margin:0 0 10px;border-radius:6px}
.flag-msg{font-size:12px;font-weight:400;color:var(--flag);margin-top:3px;white-space:normal}
.flag-msg::before{content:"\26A0\00a0"}
.flag-code{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-weight:600}
h3.flag{padding:4px 8px;border-radius:6px}
.fields>div.flag{padding:2px 6px;border-radius:4px}
.flag-msg:target{outline:2px solid var(--flag-line);outline-offset:2px}
@media screen and (max-width:800px){.fields{grid-template-columns:1fr}}
@media print{
body{font-size:10.5pt}
header#run{background:none}
header#run .wrap,main{max-width:none;padding:0}
.export,.run-toc{display:none}
a{color:inherit}
.objective{border:none;border-top:2px solid #000;border-radius:0;padding:10px 0;break-inside:auto}
h3,h4{break-after:avoid}
tr{break-inside:avoid}
thead{display:table-header-group}
.totals>div,.meta,thead th{background:none}
.badge{border-color:currentColor}
.flag{box-shadow:none;border-left:3px solid #000;background:none}
details::details-content{content-visibility:visible;display:contents}
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Warning, WarningCode};
    use crate::write::fixture::{dec, empty_report, sample_report};

    /// The sample report with a title that needs escaping and a warning on
    /// an indicator's target and on a resource amount.
    fn report() -> Report {
        let mut r = sample_report();
        r.objectives[0].title = Some("<script>alert('x')</script> R&D \"bandi\"".into());
        r.warnings.push(Warning {
            code: WarningCode::UnparsedValue,
            message: "target \"<6,9 mln>\" is not a number".into(),
            page: Some(3),
            objective_code: Some("011-005-001".into()),
            indicator_number: Some(1),
            field: Some(FieldPath::indicator(
                1,
                IndicatorField::Value(ValueField::Target),
            )),
        });
        r.warnings.push(Warning {
            code: WarningCode::UncertainAmount,
            message: "amount \"€ 24.39O,75\" lost digits or separators: read as 24390.75".into(),
            page: Some(3),
            objective_code: Some("011-005-001".into()),
            indicator_number: None,
            field: Some(FieldPath::amount(0)),
        });
        r.warnings.push(Warning {
            code: WarningCode::AmbiguousCells,
            message: "indicator 2: some table text could not be placed".into(),
            page: Some(4),
            objective_code: Some("011-005-001".into()),
            indicator_number: Some(2),
            field: None,
        });
        r
    }

    /// The text of the element that starts at the first match of `start`,
    /// up to the matching close of its tag (no nesting of the same tag).
    fn element<'a>(page: &'a str, start: &str, tag: &str) -> &'a str {
        let Some(from) = page.find(start) else {
            panic!("{start:?} not in the page");
        };
        let close = format!("</{tag}>");
        let Some(len) = page[from..].find(&close) else {
            panic!("{start:?} is not closed");
        };
        &page[from..from + len + close.len()]
    }

    #[test]
    fn text_is_escaped() {
        let page = review_page(&[report()]);
        assert!(!page.contains("<script>alert"), "unescaped script tag");
        assert!(page
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; R&amp;D &quot;bandi&quot;"));
        assert!(page.contains("target &quot;&lt;6,9 mln&gt;&quot; is not a number"));
        // The only script is the page's own.
        assert_eq!(page.matches("<script>").count(), 1);
        assert_eq!(esc("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    }

    #[test]
    fn achieved_has_colour_and_label() {
        let page = review_page(&[report()]);
        let yes = element(&page, "id=\"ind-011-005-001-1\"", "tr");
        assert!(yes.contains("data-achieved=\"true\""), "{yes}");
        assert!(
            yes.contains("<span class=\"badge ok\">\u{2713} Achieved</span>"),
            "{yes}"
        );
        let no = element(&page, "id=\"ind-011-005-001-2\"", "tr");
        assert!(no.contains("data-achieved=\"false\""), "{no}");
        assert!(
            no.contains("<span class=\"badge ko\">\u{2717} Not achieved</span>"),
            "{no}"
        );

        let mut unknown = report();
        unknown.objectives[1].indicators[0].achieved = None;
        let page = review_page(&[unknown]);
        let row = element(&page, "id=\"ind-032-004-002-1\"", "tr");
        assert!(row.contains("data-achieved=\"unknown\""), "{row}");
        assert!(
            row.contains("<span class=\"badge unk\">? Unknown</span>"),
            "{row}"
        );
        // The colours behind the classes.
        assert!(CSS.contains(".badge.ok{color:var(--ok)"));
        assert!(CSS.contains("--ok:#1a7f37") && CSS.contains("--ko:#cf222e"));
    }

    #[test]
    fn warnings_are_shown_beside_their_field() {
        let page = review_page(&[report()]);
        // The target cell of indicator 1 holds the message.
        let row = element(&page, "id=\"ind-011-005-001-1\"", "tr");
        let target = element(row, "<td class=\"value target flag\"", "td");
        assert!(target.contains("data-field=\"target_value\""), "{target}");
        assert!(target.contains("is not a number"), "{target}");
        assert!(target.contains("= \u{20ac}\u{a0}6.900.000,00"), "{target}");
        // The uncertain amount, with what was read and the message.
        let res = element(&page, "id=\"res-011-005-001-0\"", "tr");
        assert!(res.contains("class=\"num amount uncertain flag\""), "{res}");
        assert!(res.contains("data-field=\"resources[0].amount\""), "{res}");
        assert!(res.contains("\u{20ac}\u{a0}24.390,75"), "{res}");
        assert!(res.contains("read as <q>\u{20ac} 24.39O,75</q>"), "{res}");
        assert!(res.contains("lost digits or separators"), "{res}");
        // A warning on an indicator without a field flags its row.
        let row2 = element(&page, "<tr class=\"indicator flag\" data-warning=\"ambiguous-cells\" id=\"ind-011-005-001-2\"", "tr");
        assert!(
            row2.contains("some table text could not be placed"),
            "{row2}"
        );
        // The count mismatch beside "Indicators" of the second objective.
        let obj = element(&page, "id=\"obj-032-004-002\"", "section");
        assert!(
            obj.contains(
                "<div class=\"indicators mismatch flag\" data-field=\"declared_indicators\""
            ),
            "{obj}"
        );
        assert!(obj.contains("2 declared / 1 found"), "{obj}");
        assert!(obj.contains("declared 2 indicators, found 1"), "{obj}");
        // The list links to the message in place.
        assert!(page.contains("<a href=\"#r1-w1\">declared 2 indicators, found 1</a>"));
        assert!(page.contains("id=\"r1-w1\""));
        // Resources total, the Italian way.
        let total = element(obj_section(&page, "011-005-001"), "<tfoot>", "tfoot");
        assert!(total.contains("\u{20ac}\u{a0}24.390,75"), "{total}");
    }

    fn obj_section<'a>(page: &'a str, code: &str) -> &'a str {
        element(page, &format!("id=\"obj-{code}\""), "section")
    }

    #[test]
    fn overrides_link_holds_the_flagged_fields() {
        let reports = [report()];
        let csv = overrides_csv(&reports);
        assert_eq!(
            csv,
            "source_file,objective_code,indicator_number,field,value\r\n\
             2020/brescia.txt,032-004-002,,declared_indicators,\r\n\
             2020/brescia.txt,011-005-001,1,target_value,\r\n\
             2020/brescia.txt,011-005-001,,resources[0].amount,\r\n"
        );
        let page = review_page(&reports);
        let link = element(&page, "<a id=\"export-overrides\"", "a");
        let href = format!(
            "href=\"data:text/csv;charset=utf-8,{}\"",
            percent_encode(&csv)
        );
        assert!(link.contains(&href), "{link}");
        assert!(link.contains("download=\"overrides.csv\""));
        assert!(
            href.contains("source_file%2Cobjective_code%2Cindicator_number%2Cfield%2Cvalue%0D%0A")
        );
        assert!(href.contains("2020%2Fbrescia.txt%2C011-005-001%2C1%2Ctarget_value%2C%0D%0A"));
        assert!(page.contains("3 fields to fill in"));
        // A source name with a comma is quoted; the same field twice is one row.
        let mut other = empty_report("a,b.txt", None);
        let w = Warning {
            code: WarningCode::MissingField,
            message: "no title found".into(),
            page: None,
            objective_code: Some("001-001-001".into()),
            indicator_number: None,
            field: Some(ObjectiveField::Title.into()),
        };
        other.warnings = vec![w.clone(), w];
        assert_eq!(
            overrides_csv(&[other]),
            "source_file,objective_code,indicator_number,field,value\r\n\"a,b.txt\",001-001-001,,title,\r\n"
        );
    }

    #[test]
    fn page_is_deterministic_and_self_contained() {
        let a = review_page(&[report(), empty_report("0.txt", None)]);
        let b = review_page(&[empty_report("0.txt", None), report()]);
        assert_eq!(a, b);
        assert!(!a.contains("http://") && !a.contains("https://"));
        assert!(!a.contains(" src="));
        // Sorted by source file: the empty report comes first.
        assert!(a
            .find("id=\"report-1\" data-source-file=\"0.txt\"")
            .is_some());
        assert!(a.contains("id=\"report-2\" data-source-file=\"2020/brescia.txt\""));
        assert_eq!(
            review_page(&[]).matches("No reports in this run").count(),
            1
        );
    }

    #[test]
    fn run_totals_and_ids() {
        let mut second = report();
        second.source.file = "2021/brescia.txt".into();
        let page = review_page(&[report(), second]);
        assert!(page.contains("<div id=\"total-reports\"><dt>Reports</dt><dd>2</dd></div>"));
        assert!(page.contains("<div id=\"total-objectives\"><dt>Objectives</dt><dd>4</dd></div>"));
        assert!(page.contains("<div id=\"total-indicators\"><dt>Indicators</dt><dd>6</dd></div>"));
        assert!(page.contains("<div id=\"total-warnings\"><dt>Warnings</dt><dd>8</dd></div>"));
        assert!(page.contains("<div id=\"total-corrections\"><dt>Corrections</dt><dd>2</dd></div>"));
        // The same code in two reports gets two ids.
        assert!(page.contains("id=\"obj-011-005-001\""));
        assert!(page.contains("id=\"obj-011-005-001_2\""));
        assert!(page.contains("id=\"r2-w1\""));
    }

    #[test]
    fn italian_numbers() {
        assert_eq!(it_number(dec("8825715.66")), "8.825.715,66");
        assert_eq!(it_number(dec("1260786")), "1.260.786");
        assert_eq!(it_number(dec("-5.00")), "-5,00");
        assert_eq!(it_number(dec("330.00")), "330,00");
        assert_eq!(it_number(dec("0.5")), "0,5");
        assert_eq!(euro(dec("15390178.31")), "\u{20ac}\u{a0}15.390.178,31");
        assert_eq!(page_list(&[3, 4]), "3\u{2013}4");
        assert_eq!(page_list(&[22, 23, 24, 30]), "22\u{2013}24, 30");
        assert_eq!(it_date("2020-12-31"), "31/12/2020");
    }

    #[test]
    fn written_atomically() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = write_review(dir.path(), &[report()])?;
        assert_eq!(path, dir.path().join("review.html"));
        assert_eq!(std::fs::read_to_string(&path)?, review_page(&[report()]));
        let names: Vec<_> = std::fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["review.html"]);
        Ok(())
    }
}
