//! The matrix (`matrix`): columns Missioni, Programmi, Obiettivi,
//! Indicatori, Target; one row per indicator, a plan over three years.
//!
//! What the gold reads from it: a budget plan whose `year` is the plan's
//! first year. The objective is named, not coded (`#N`); its cells
//! (mission, programme, objective) span its indicators' rows or repeat in
//! each. The mission cell gives `mission_code` and `mission_name`; the
//! programme is given by its full ministry name only (`programme_name`,
//! `programme_code` null). The objective cell holds the `title` and "N.
//! indicatori: 3" (`declared_indicators`, null where the cell omits it).
//! The indicator cell is the indicator's `title`; the Target cell holds one
//! line per plan year, "Anno 2015: >= 90%": `targets`, and `target` and
//! `target_value` from the first year's line. A line with an operator alone
//! ("Anno 2017: >=") is a null target. No other field is printed.

use crate::blocks::Align;
use crate::pdf::Flow;
use crate::records::{Report, Rng};
use crate::style::Style;
use crate::templates::{
    coded, cover, first_target, fit_table, group_blocks, header_block, page_style, place_table,
    plan_targets, sentence_case, Column, Gold, GoldIndicator, GoldObjective, Measure,
};

/// The matrix's own choices.
struct Look {
    heads: [&'static str; 5],
    weights: [f32; 5],
    /// The objective's cells span its rows (else they repeat in each).
    span: bool,
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
        dash: rng.chance(70),
        sentence: rng.chance(35),
        spaced: rng.chance(75),
        count,
        counted: *rng.pick(&[85, 100, 100]),
    }
}

/// The gold, the pages and the style of a matrix report.
pub fn report(base: &Report, rng: Rng) -> (Gold, Flow, Style) {
    let mut st = page_style(&mut rng.fork(1), 70);
    let look = look(&mut rng.fork(2));
    let mut values = rng.fork(3);
    let years = 3;
    let mut objectives = Vec::new();
    // Per objective: its shared cells and its rows (indicator, targets).
    let mut groups = Vec::new();
    for (i, o) in base.objectives.iter().enumerate() {
        let case = |s: &str| {
            if look.sentence {
                sentence_case(s)
            } else {
                s.to_string()
            }
        };
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
        let mut rows = Vec::new();
        for ind in &o.indicators {
            let m = Measure::of(ind, &mut values);
            let empty_last = values.chance(12);
            let (targets, printed) =
                plan_targets(m, base.year, years, look.spaced, empty_last, &mut values);
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
            rows.push([title, lines.join("\n")]);
        }
        let shared = [
            coded(&o.mission_code, &o.mission_name, look.dash),
            o.programme_name.clone(),
            objective_cell,
        ];
        groups.push((shared, rows));
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

    let cols: Vec<Column> = (0..5)
        .map(|c| Column {
            head: look.heads[c].to_string(),
            weight: look.weights[c],
            align: Align::Left,
            nowrap: c == 4,
        })
        .collect();
    let full = |shared: &[String; 3], row: &[String; 2]| -> Vec<String> {
        vec![
            shared[0].clone(),
            shared[1].clone(),
            shared[2].clone(),
            row[0].clone(),
            row[1].clone(),
        ]
    };
    let body: Vec<Vec<String>> = groups
        .iter()
        .flat_map(|(s, rows)| rows.iter().map(|r| full(s, r)).collect::<Vec<_>>())
        .collect();
    let widths = fit_table(&mut st, &cols, &body);
    let header = header_block(&st, &cols, &widths);
    let room = st.bottom - st.top - header.height;
    let blocks = groups
        .iter()
        .map(|(s, rows)| {
            let rows: Vec<Vec<String>> = rows.iter().map(|r| full(s, r)).collect();
            let shared = vec![
                Some(s[0].clone()),
                Some(s[1].clone()),
                Some(s[2].clone()),
                None,
                None,
            ];
            let spanned = group_blocks(&st, &cols, &widths, &shared, &rows, look.span);
            if spanned.iter().all(|b| b.height <= room) {
                spanned
            } else {
                group_blocks(&st, &cols, &widths, &shared, &rows, false)
            }
        })
        .collect();
    let mut flow = Flow::new(&st);
    if st.cover {
        flow.place(cover(&st, &gold.entity, gold.year, gold.kind), 12.0);
    }
    place_table(&mut flow, &header, blocks);
    (gold, flow, st)
}
