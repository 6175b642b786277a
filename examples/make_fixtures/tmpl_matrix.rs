//! The matrix (`matrix`): columns Missioni, Programmi, Obiettivi,
//! Indicatori, Target; one row per indicator, a plan over three years.
//!
//! What the gold reads from it: a budget plan whose `year` is the plan's
//! first year. The objective is named, not coded (`#N`); its cells
//! (mission, programme, objective) span its indicators' rows or repeat in
//! each, and the mission's and programme's cells may span every
//! consecutive objective they hold. The mission cell gives `mission_code` and `mission_name`; the
//! programme is given by its full ministry name only (`programme_name`,
//! `programme_code` null). The objective cell holds the `title` and "N.
//! indicatori: 3" (`declared_indicators`, null where the cell omits it).
//! The indicator cell is the indicator's `title`; the Target cell holds one
//! line per plan year, "Anno 2015: >= 90%": `targets`, and `target` and
//! `target_value` from the first year's line. A line with an operator alone
//! ("Anno 2017: >=") is a null target. No other field is printed.

use crate::blocks::{sentence_case, Align};
use crate::records::{Report, Rng};
use crate::table::{lay_table, Column, Group, Span};
use crate::templates::{
    coded, first_target, page_style, plan_targets, Gold, GoldIndicator, GoldObjective, Laid,
    Measure,
};

/// The matrix's own choices.
struct Look {
    heads: [&'static str; 5],
    weights: [f32; 5],
    /// The objective's cells span its rows (else they repeat in each).
    span: bool,
    /// Besides, mission and programme cells span every consecutive
    /// objective they hold.
    span_wide: bool,
    dash: bool,
    sentence: bool,
    spaced: bool,
    /// "N. indicatori" or "Numero indicatori".
    count: &'static str,
    /// Share of objectives whose cell states the count, in percent.
    counted: u64,
}

fn look(rng: &mut Rng) -> Look {
    let mut pick = |items: &[&'static str]| *rng.pick(items);
    let heads = [
        pick(&["Missioni", "Missione", "MISSIONI"]),
        pick(&["Programmi", "Programma", "PROGRAMMI"]),
        pick(&["Obiettivi", "Obiettivo", "OBIETTIVI"]),
        pick(&["Indicatori", "Indicatore", "INDICATORI"]),
        pick(&["Target", "TARGET", "Target triennale"]),
    ];
    let count = pick(&["N. indicatori", "N. indicatori", "Numero indicatori"]);
    let mut weights = [0.0; 5];
    for w in &mut weights {
        *w = rng.range(60, 160) as f32;
    }
    Look {
        heads,
        weights,
        span: rng.chance(60),
        span_wide: rng.fork(0x5A).chance(50),
        dash: rng.chance(70),
        sentence: rng.chance(35),
        spaced: rng.chance(75),
        count,
        counted: *rng.pick(&[85, 100, 100]),
    }
}

/// The gold, the pages and the style of a matrix report.
pub fn report(base: &Report, rng: Rng) -> Laid {
    let mut st = page_style(&mut rng.fork(1), 70);
    let look = look(&mut rng.fork(2));
    let (gold, groups) = records(base, &look, &mut rng.fork(3));
    let cols: Vec<Column> = (0..5)
        .map(|c| Column {
            head: look.heads[c].to_string(),
            weight: look.weights[c],
            align: Align::Left,
            nowrap: c == 4,
        })
        .collect();
    let span = match (look.span, look.span_wide) {
        (false, _) => Span::None,
        (true, false) => Span::Objective,
        (true, true) => Span::Wide,
    };
    // Mission and programme cells may span several objectives.
    let wide = [true, true, false, false, false];
    let (flow, objective_pages) = lay_table(&mut st, &cols, &groups, span, &wide, &gold);
    Laid {
        gold,
        flow,
        style: st,
        objective_pages,
        choices: vec![
            (
                "objective cell",
                if look.span { "spans" } else { "repeats" }.into(),
            ),
            (
                "mission cell",
                if look.span && look.span_wide {
                    "spans objectives"
                } else {
                    "per objective"
                }
                .into(),
            ),
            ("headers", look.heads.join(" | ")),
            ("count label", look.count.to_string()),
            ("sentence case", look.sentence.to_string()),
            ("spaced operator", look.spaced.to_string()),
        ],
    }
}

/// The gold and, per objective, its rows: mission, programme, objective
/// (shared), indicator, targets.
fn records(base: &Report, look: &Look, values: &mut Rng) -> (Gold, Vec<Group>) {
    let years = 3;
    let case = |s: &str| {
        if look.sentence {
            sentence_case(s)
        } else {
            s.to_string()
        }
    };
    let mut objectives = Vec::new();
    let mut groups = Vec::new();
    for (i, o) in base.objectives.iter().enumerate() {
        let n = o.indicators.len() as u32;
        let declared = values.chance(look.counted).then_some(n);
        let mut objective_cell = case(&o.title);
        if let Some(n) = declared {
            objective_cell.push_str(&format!("\n{}: {n}", look.count));
        }
        let mut gold = GoldObjective {
            code: format!("#{}", i + 1),
            mission_code: Some(o.mission_code.clone()),
            mission_name: Some(o.mission_name.clone()),
            programme_name: Some(o.programme_name.clone()),
            title: case(&o.title),
            declared_indicators: declared,
            ..GoldObjective::default()
        };
        let shared = [
            coded(&o.mission_code, &o.mission_name, look.dash),
            o.programme_name.clone(),
            objective_cell,
        ];
        let mut rows = Vec::new();
        for ind in &o.indicators {
            let m = Measure::of(ind, values);
            let empty_last = values.chance(12);
            let (targets, printed) =
                plan_targets(m, base.year, years, look.spaced, empty_last, values);
            let lines: Vec<String> = targets
                .iter()
                .zip(&printed)
                .map(|(t, p)| format!("Anno {}: {p}", t.year))
                .collect();
            let (target, target_value) = first_target(&targets);
            let title = case(&ind.title);
            gold.indicators.push(GoldIndicator {
                number: ind.number,
                title: Some(title.clone()),
                target,
                target_value,
                targets,
                ..GoldIndicator::default()
            });
            let mut row = shared.to_vec();
            row.extend([title, lines.join("\n")]);
            rows.push(row);
        }
        groups.push(Group {
            rows,
            shared: vec![true, true, true, false, false],
        });
        objectives.push(gold);
    }
    let gold = Gold {
        source: String::new(),
        template: "matrix",
        entity: base.entity.clone(),
        year: base.year,
        kind: "budget-plan",
        objectives,
    };
    (gold, groups)
}
