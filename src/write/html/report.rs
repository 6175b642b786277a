//! One report's section of the review page: its source, table of contents,
//! the lists of its warnings and corrections, then its objectives.

use maud::{html, Markup};

use super::format::{euro, format_label, kind_label, report_heading};
use super::place::{self, Placed, Spot};
use super::{objective, opt_text, outcomes, Flags};
use crate::model::{Correction, Report, ReportKind};

/// The section of report number `no` (from 1); `keys` are its objectives'
/// ids.
pub(super) fn section(no: usize, report: &Report, keys: &[String]) -> Markup {
    let placed = place::place(no, report);
    let year = report.year.map(|y| y.to_string());
    let pages = report.source.pages.to_string();
    let meta = [
        ("Source file", Some(report.source.file.as_str()), "mono"),
        ("Entity", report.entity.as_deref(), ""),
        ("Year", year.as_deref(), ""),
        ("Kind", Some(report.kind.map_or("unknown", kind_label)), ""),
        ("Pages", Some(pages.as_str()), ""),
        ("Input format", Some(format_label(report)), "mono"),
    ];
    let report_level = Flags(place::flags_at(&placed, &Spot::Report));
    html! {
        section.report id={ "report-" (no) } data-source-file=(report.source.file) {
            "\n" h2 { (report_heading(report)) }
            "\n" dl.meta {
                "\n"
                @for (label, value, class) in meta {
                    div { dt { (label) } dd class=[(!class.is_empty()).then_some(class)] { (opt_text(value)) } } "\n"
                }
            }
            "\n"
            (toc(report, keys, &placed))
            (warnings_list(no, report, keys, &placed))
            (corrections_list(no, report, keys))
            @if !report_level.0.is_empty() {
                div.flag.flag-block { "\n" (report_level.messages()) } "\n"
            }
            @if report.objectives.is_empty() {
                p.empty { "No objectives found in this report." } "\n"
            }
            @for (o, (objective, key)) in report.objectives.iter().zip(keys).enumerate() {
                (objective::section(report, o, objective, key, &placed))
            }
        }
        "\n"
    }
}

/// The table of the report's objectives: indicators found and declared,
/// outcomes, resources, warnings.
fn toc(report: &Report, keys: &[String], placed: &[Placed]) -> Markup {
    if report.objectives.is_empty() {
        return html! {};
    }
    let final_account = report.kind != Some(ReportKind::BudgetPlan);
    html! {
        nav.toc aria-label="Objectives" {
            "\n" h3 { "Objectives" }
            "\n" table {
                "\n"
                thead { tr {
                    th { "Code" } th { "Title" }
                    th.num { "Indicators" div.sub { "found / declared" } }
                    @if final_account { th { "Outcome" } }
                    th.num { "Resources" } th.num { "Warnings" }
                } }
                "\n"
                tbody {
                    "\n"
                    @for (o, (objective, key)) in report.objectives.iter().zip(keys).enumerate() {
                        @let found = objective.indicators.len();
                        @let mismatch = objective.declared_indicators.is_some_and(|d| d as usize != found);
                        @let warnings = place::count_in(placed, o);
                        tr {
                            td.mono.nowrap { a href={ "#obj-" (key) } { (objective.code) } }
                            td { (opt_text(objective.title.as_deref())) }
                            td.num.mismatch[mismatch] {
                                (found) " / "
                                @match objective.declared_indicators {
                                    Some(d) => (d),
                                    None => "\u{2014}",
                                }
                            }
                            @if final_account {
                                td.nowrap { (outcome_counts(outcomes(objective.indicators.iter()))) }
                            }
                            td.num.nowrap {
                                @match objective.resources_total {
                                    Some(total) => (euro(total)),
                                    None => "\u{2014}",
                                }
                            }
                            td.num.has-warnings[warnings > 0] { (warnings) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
        "\n"
    }
}

/// An objective's outcomes as small badges, those with none left out.
fn outcome_counts([yes, no, unknown]: [usize; 3]) -> Markup {
    let badges = [
        (yes, "ok", "\u{2713}", "achieved"),
        (no, "ko", "\u{2717}", "not achieved"),
        (unknown, "unk", "?", "unknown"),
    ];
    html! {
        @for (n, class, sign, label) in badges {
            @if n > 0 {
                span class={ "badge " (class) } title={ (n) " " (label) } { (sign) " " (n) } " "
            }
        }
    }
}

/// A link to objective `code` where the report has it, else the code.
fn objective_link(report: &Report, keys: &[String], code: &str) -> Markup {
    let found = report.objectives.iter().position(|o| o.code == code);
    html! {
        @match found {
            Some(o) => a href={ "#obj-" (keys[o]) } { (code) },
            None => (code),
        }
    }
}

fn warnings_list(no: usize, report: &Report, keys: &[String], placed: &[Placed]) -> Markup {
    html! {
        details.warnings id={ "r" (no) "-warnings" } {
            "\n" summary { "Warnings (" (report.warnings.len()) ")" } "\n"
            @if report.warnings.is_empty() {
                p.empty { "No warnings." } "\n"
            } @else {
                table {
                    "\n"
                    thead { tr {
                        th { "Code" } th.num { "Page" } th { "Objective" }
                        th.num { "Indicator" } th { "Field" } th { "Message" }
                    } }
                    "\n"
                    tbody {
                        "\n"
                        @for p in placed {
                            @let w = p.warning;
                            tr {
                                td.mono.nowrap { (w.code.as_str()) }
                                td.num { @if let Some(page) = w.page { (page) } }
                                td.mono.nowrap {
                                    @match (p.spot.objective(), &w.objective_code) {
                                        (Some(o), Some(code)) => a href={ "#obj-" (keys[o]) } { (code) },
                                        (None, Some(code)) => (code),
                                        (_, None) => {},
                                    }
                                }
                                td.num { @if let Some(n) = w.indicator_number { (n) } }
                                td.mono { (opt_text(w.field.map(|f| f.name()).as_deref())) }
                                td { a href={ "#" (p.id) } { (w.message) } }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
                "\n"
            }
        }
        "\n"
    }
}

fn corrections_list(no: usize, report: &Report, keys: &[String]) -> Markup {
    html! {
        details.corrections id={ "r" (no) "-corrections" } {
            "\n" summary { "Corrections (" (report.corrections.len()) ")" } "\n"
            @if report.corrections.is_empty() {
                p.empty { "No corrections." } "\n"
            } @else {
                table {
                    "\n"
                    thead { tr {
                        th { "Objective" } th.num { "Indicator" } th { "Field" }
                        th { "Raw \u{2192} corrected" } th { "Rule" } th.num { "Page" }
                    } }
                    "\n"
                    tbody {
                        "\n"
                        @for c in &report.corrections {
                            (correction_row(report, keys, c)) "\n"
                        }
                    }
                    "\n"
                }
                "\n"
            }
        }
        "\n"
    }
}

fn correction_row(report: &Report, keys: &[String], c: &Correction) -> Markup {
    html! {
        tr {
            td.mono.nowrap {
                @if let Some(code) = &c.objective_code { (objective_link(report, keys, code)) }
            }
            td.num { @if let Some(n) = c.indicator_number { (n) } }
            td.mono { (c.field.name()) }
            td { del { (c.raw) } " \u{2192} " ins { (c.corrected) } }
            td.mono.nowrap { (c.rule.as_str()) }
            td.num { @if let Some(page) = c.page { (page) } }
        }
    }
}
