//! One objective's section of the review page: its fields, its resources
//! and its indicators, each with the warnings placed on it.

use maud::{html, Markup};
use rust_decimal::Decimal;

use super::format::{code_name, euro, it_date, it_number, page_list};
use super::place::{self, Col, ObjField, Placed, Spot};
use super::{opt_text, Flags};
use crate::model::{Indicator, Objective, Report, ReportKind, ResourceLine, ValueKind};

/// The section of objective `o` of `report`, whose id is `obj-{key}`.
pub(super) fn section(
    report: &Report,
    o: usize,
    objective: &Objective,
    key: &str,
    placed: &[Placed],
) -> Markup {
    let at = |f: ObjField| Flags(place::flags_at(placed, &Spot::ObjectiveField(o, f)));
    let title = at(ObjField::Title);
    let top = Flags(place::flags_at(placed, &Spot::Objective(o)));
    let description = at(ObjField::Description);
    html! {
        section.objective.has-warnings[place::count_in(placed, o) > 0] id={ "obj-" (key) } data-code=(objective.code) {
            "\n"
            h3 class=[title.class("")] data-field=[title.fields()] data-warning=[title.code()] {
                span.code { (objective.code) } " "
                span.title { (opt_text(objective.title.as_deref())) }
                (title.messages())
            }
            "\n"
            @if !top.0.is_empty() {
                div.flag.flag-block { (top.messages()) } "\n"
            }
            (fields(o, objective, placed))
            @if objective.description.is_some() || !description.0.is_empty() {
                details class=[description.class("description")] data-field=[description.fields()] data-warning=[description.code()] {
                    summary { "Description" }
                    (description.messages())
                    p.prose { (opt_text(objective.description.as_deref())) }
                }
                "\n"
            }
            (resources_table(o, objective, key, placed))
            (indicators_table(report, o, objective, key, placed))
        }
        "\n"
    }
}

/// The objective's head fields, each with its warnings.
fn fields(o: usize, objective: &Objective, placed: &[Placed]) -> Markup {
    let found = objective.indicators.len();
    let mismatch = objective
        .declared_indicators
        .is_some_and(|d| d as usize != found);
    let declared = match objective.declared_indicators {
        Some(d) => format!("{d} declared / {found} found"),
        None => format!("{found} found"),
    };
    let indicators_class = if mismatch {
        "indicators mismatch"
    } else {
        "indicators"
    };
    let rows = [
        (
            "Mission",
            ObjField::Mission,
            code_name(&objective.mission_code, &objective.mission_name),
            "",
        ),
        (
            "Programme",
            ObjField::Programme,
            code_name(&objective.programme_code, &objective.programme_name),
            "",
        ),
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
            indicators_class,
        ),
        (
            "Pages",
            ObjField::Pages,
            Some(page_list(&objective.pages)),
            "",
        ),
    ];
    html! {
        dl.fields {
            "\n"
            @for (label, field, value, class) in rows {
                @let flags = Flags(place::flags_at(placed, &Spot::ObjectiveField(o, field)));
                div class=[flags.class(class)] data-field=[flags.fields()] data-warning=[flags.code()] {
                    dt { (label) }
                    dd {
                        (opt_text(value.as_deref()))
                        @if field == ObjField::Indicators && mismatch && flags.0.is_empty() {
                            " " span.badge.ko { "mismatch" }
                        }
                        (flags.messages())
                    }
                }
                "\n"
            }
        }
        "\n"
    }
}

fn resources_table(o: usize, objective: &Objective, key: &str, placed: &[Placed]) -> Markup {
    let total = Flags(place::flags_at(placed, &Spot::ResourcesTotal(o)));
    let lines = objective.resources.len();
    html! {
        h4 { "Resources" } "\n"
        @if objective.resources.is_empty() && objective.resources_total.is_none() {
            p.empty { "No resource lines found." } "\n"
            @for p in &total.0 {
                div.flag.flag-block { (super::flag_msg(p)) } "\n"
            }
        } @else {
            table.resources id={ "res-" (key) } {
                "\n"
                thead { tr {
                    th.num { "#" } th.num { "Amount" } th { "Account" } th { "Budget" }
                    th { "Description" } th.num { "Page" }
                } }
                "\n"
                tbody {
                    "\n"
                    @for (r, line) in objective.resources.iter().enumerate() {
                        (resource_row(o, r, line, key, placed)) "\n"
                    }
                }
                "\n"
                tfoot { tr {
                    th colspan="2" class=[total.class("num resources-total")] data-field=[total.fields()] data-warning=[total.code()] {
                        span.label { "Total (" (lines) " " (if lines == 1 { "line" } else { "lines" }) ")" }
                        " "
                        span.amount {
                            @match objective.resources_total {
                                Some(t) => (euro(t)),
                                None => "\u{2014}",
                            }
                        }
                        (total.messages())
                    }
                    td colspan="4" {}
                } }
                "\n"
            }
            "\n"
        }
    }
}

fn resource_row(o: usize, r: usize, line: &ResourceLine, key: &str, placed: &[Placed]) -> Markup {
    let flags = Flags(place::flags_at(placed, &Spot::Resource(o, r)));
    let base = if line.uncertain {
        "num amount uncertain"
    } else {
        "num amount"
    };
    html! {
        tr.resource id={ "res-" (key) "-" (r) } {
            td.num { (r + 1) }
            td class=[flags.class(base)] data-field=[flags.fields()] data-warning=[flags.code()] {
                span.value { (euro(line.amount)) }
                @if line.uncertain {
                    div.raw { span.badge.warn { "uncertain" } " read as " q { (line.amount_raw) } }
                }
                (flags.messages())
            }
            td.mono { (opt_text(line.account.as_deref())) }
            td.mono { (opt_text(line.budget.as_deref())) }
            td.small { (line.description) }
            td.num { (line.page) }
        }
    }
}

fn indicators_table(
    report: &Report,
    o: usize,
    objective: &Objective,
    key: &str,
    placed: &[Placed],
) -> Markup {
    let budget_plan = report.kind == Some(ReportKind::BudgetPlan);
    html! {
        h4 { "Indicators" } "\n"
        @if objective.indicators.is_empty() {
            p.empty { "No indicators found." } "\n"
        } @else {
            table.indicators id={ "ind-" (key) } {
                "\n"
                thead { tr {
                    th.num { "#" } th { "Indicator" } th { "Type" } th { "Unit" }
                    @if budget_plan {
                        th { "Last observed" } th { "Target" }
                    } @else {
                        th { "Target" } th { "Actual" } th { "Achieved" }
                    }
                    th.num { "Page" }
                } }
                "\n"
                tbody {
                    "\n"
                    @for (i, indicator) in objective.indicators.iter().enumerate() {
                        (indicator_row(Row { o, i, key, budget_plan }, indicator, placed)) "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
    }
}

/// Where an indicator's row is: objective `o`, indicator `i` (indexes),
/// the objective's key, and whether the report is a budget plan (no
/// actual value, no outcome).
#[derive(Clone, Copy)]
struct Row<'k> {
    o: usize,
    i: usize,
    key: &'k str,
    budget_plan: bool,
}

fn indicator_row(row: Row, ind: &Indicator, placed: &[Placed]) -> Markup {
    let Row { o, i, key, .. } = row;
    let flags = Flags(place::flags_at(placed, &Spot::IndicatorRow(o, i)));
    let cell = |c: Col| Flags(place::flags_at(placed, &Spot::IndicatorCell(o, i, c)));
    let achieved = match ind.achieved {
        Some(true) => "true",
        Some(false) => "false",
        None => "unknown",
    };
    let title = cell(Col::Title);
    let page = cell(Col::Page);
    html! {
        tr class=[flags.class("indicator")] data-field=[flags.fields()] data-warning=[flags.code()]
            id={ "ind-" (key) "-" (ind.number) } data-number=(ind.number)
            data-achieved=[(!row.budget_plan).then_some(achieved)] {
            td.num { (ind.number) }
            // Title, with what it measures; row-level messages go here.
            td class=[title.class("")] data-field=[title.fields()] data-warning=[title.code()] {
                div.ind-title { (opt_text(ind.title.as_deref())) }
                @if let Some(measures) = &ind.measures {
                    div.small.muted { (measures) }
                }
                (title.messages())
                (flags.messages())
            }
            @for (c, text) in [(Col::Type, &ind.kind), (Col::Unit, &ind.unit)] {
                @let flags = cell(c);
                td class=[flags.class("small")] data-field=[flags.fields()] data-warning=[flags.code()] {
                    (opt_text(text.as_deref()))
                    (flags.messages())
                }
            }
            @if row.budget_plan {
                (value_cell(cell(Col::LastObserved), "value last-observed", ind, &ind.last_observed, ind.last_observed_value))
                (value_cell(cell(Col::Target), "value target", ind, &ind.target, ind.target_value))
            } @else {
                (value_cell(cell(Col::Target), "value target", ind, &ind.target, ind.target_value))
                (value_cell(cell(Col::Actual), "value actual", ind, &ind.actual, ind.actual_value))
                (achieved_cell(cell(Col::Achieved), ind.achieved))
            }
            td class=[page.class("num")] data-field=[page.fields()] data-warning=[page.code()] {
                (ind.page)
                (page.messages())
            }
        }
    }
}

/// A value cell: the text as in the document, the value read from it, and
/// for the target its date.
fn value_cell(
    flags: Flags,
    class: &str,
    ind: &Indicator,
    text: &Option<String>,
    value: Option<Decimal>,
) -> Markup {
    let is_target = class == "value target";
    html! {
        td class=[flags.class(class)] data-field=[flags.fields()] data-warning=[flags.code()] {
            (value_html(text.as_deref(), value, ind.value_kind))
            @if let (true, Some(date)) = (is_target, &ind.target_date) {
                div.small.muted.by { "by " (it_date(date)) }
            }
            (flags.messages())
        }
    }
}

fn achieved_cell(flags: Flags, achieved: Option<bool>) -> Markup {
    let (class, label, name) = match achieved {
        Some(true) => ("ok", "\u{2713} Achieved", "true"),
        Some(false) => ("ko", "\u{2717} Not achieved", "false"),
        None => ("unk", "? Unknown", "unknown"),
    };
    let base = format!("achieved achieved-{name}");
    html! {
        td class=[flags.class(&base)] data-field=[flags.fields()] data-warning=[flags.code()] {
            span class={ "badge " (class) } { (label) }
            (flags.messages())
        }
    }
}

/// A value cell's content: the text as in the document, then the value read
/// from it (formatted the Italian way) where the kind is numeric.
fn value_html(text: Option<&str>, value: Option<Decimal>, kind: ValueKind) -> Markup {
    let numeric = matches!(
        kind,
        ValueKind::Percent | ValueKind::Euro | ValueKind::Number
    );
    let shown = value.map(|v| match kind {
        ValueKind::Percent => format!("{}%", it_number(v)),
        ValueKind::Euro => euro(v),
        _ => it_number(v),
    });
    html! {
        div.text { (opt_text(text)) }
        @match shown {
            Some(shown) => div.parsed { "= " (shown) },
            None if numeric && text.is_some() => div.parsed.none { "no number read" },
            None => {},
        }
    }
}
