//! The wide indicator table (`kpi-table`): one row per indicator, columns
//! Obiettivo, KPI, Descrizione, Algoritmo, Target, then for a final account
//! Consuntivo and "% raggiungimento", then Missione and Programma.
//!
//! What the gold reads from it: the objective is named, not coded (`#N`);
//! its cell spans its indicators' rows or repeats in each. Missione and
//! Programma cells give `mission_code`/`mission_name` and
//! `programme_code`/`programme_name` ("011 - Competitività ..."). The KPI
//! cell gives `kpi_code` and the indicator's `title` ("KPI156 Grado di
//! ..."), or "Kpi non definito": `kpi_code` and `title` null. Descrizione
//! is the indicator's `measures`, Algoritmo its `algorithm`; Target
//! (">= 8,00%") its `target` and `target_value`; Consuntivo its `actual`;
//! "% raggiungimento" its `achievement_stated`, capped at 100,00%. No
//! other field is printed: they are null, `targets` is empty.

use crate::blocks::Align;
use crate::pdf::Flow;
use crate::records::{dec_cents, it_cents, Report, Rng};
use crate::style::Style;
use crate::templates::{
    achievement, coded, cover, fit_table, group_blocks, header_block, kpi_codes, page_style,
    place_table, sentence_case, Column, Gold, GoldIndicator, GoldObjective, Measure,
};

/// The table's own choices.
struct Look {
    heads: [&'static str; 9],
    weights: [f32; 9],
    /// The objective cell spans its rows (else it repeats in each).
    span: bool,
    /// "011 - Competitività" (else "011 Competitività").
    dash: bool,
    /// "KPI156 - Grado ..." (else "KPI156 Grado ...").
    kpi_dash: bool,
    /// Titles in sentence case (else as the records have them).
    sentence: bool,
    /// ">= 8,00%" (else ">=8,00%").
    spaced: bool,
    /// Share of indicators with a KPI code, in percent.
    coded: u64,
}

fn look(rng: &mut Rng) -> Look {
    let mut pick = |items: &[&'static str]| *rng.pick(items);
    let heads = [
        pick(&["Obiettivo", "Obiettivo", "Obiettivi", "OBIETTIVO"]),
        pick(&["KPI", "Kpi", "KPI", "Indicatore (KPI)"]),
        pick(&["Descrizione", "Descrizione KPI", "Descrizione indicatore"]),
        pick(&["Algoritmo", "Algoritmo di calcolo", "Metodo di calcolo"]),
        pick(&["Target", "Target", "Target {year}", "Valore target"]),
        pick(&["Consuntivo", "Consuntivo {year}", "Valore a consuntivo"]),
        pick(&[
            "% raggiungimento",
            "% di raggiungimento",
            "% raggiungimento target",
        ]),
        "Missione",
        "Programma",
    ];
    let mut weights = [0.0; 9];
    for w in &mut weights {
        *w = rng.range(50, 150) as f32;
    }
    weights[2] += 40.0;
    Look {
        heads,
        weights,
        span: rng.chance(55),
        dash: rng.chance(70),
        kpi_dash: rng.chance(40),
        sentence: rng.chance(40),
        spaced: rng.chance(70),
        coded: *rng.pick(&[60, 80, 90, 100]),
    }
}

/// The gold, the pages and the style of a wide-table report.
pub fn report(base: &Report, rng: Rng) -> (Gold, Flow, Style) {
    let mut st = page_style(&mut rng.fork(1), 85);
    let look = look(&mut rng.fork(2));
    let mut values = rng.fork(3);
    let final_account = base.is_final_account();
    let total: usize = base.objectives.iter().map(|o| o.indicators.len()).sum();
    let mut codes = kpi_codes(&mut values, total).into_iter();
    let mut objectives = Vec::new();
    // Per objective: (objective cell, mission cell, programme cell, rows).
    let mut groups = Vec::new();
    for (i, o) in base.objectives.iter().enumerate() {
        let title = if look.sentence {
            sentence_case(&o.title)
        } else {
            o.title.clone()
        };
        let mut gold = GoldObjective {
            code: format!("#{}", i + 1),
            mission_code: Some(o.mission_code.clone()),
            mission_name: Some(o.mission_name.clone()),
            programme_code: Some(o.programme_code.clone()),
            programme_name: Some(o.programme_name.clone()),
            title: title.clone(),
            ..GoldObjective::default()
        };
        let mut rows = Vec::new();
        for ind in &o.indicators {
            let code = codes.next().filter(|_| values.chance(look.coded));
            let (g, row) = indicator(&look, ind, code, final_account, &mut values);
            gold.indicators.push(g);
            rows.push(row);
        }
        let mission = coded(&o.mission_code, &o.mission_name, look.dash);
        let programme = coded(&o.programme_code, &o.programme_name, look.dash);
        groups.push((title, mission, programme, rows));
        objectives.push(gold);
    }
    let gold = Gold {
        source: String::new(),
        template: "kpi-table",
        entity: base.entity.clone(),
        year: base.year,
        kind: base.kind,
        objectives,
    };

    let shown: Vec<usize> = if final_account {
        (0..9).collect()
    } else {
        vec![0, 1, 2, 3, 4, 7, 8]
    };
    let cols: Vec<Column> = shown
        .iter()
        .map(|&c| Column {
            head: look.heads[c].replace("{year}", &base.year.to_string()),
            weight: look.weights[c],
            align: if (4..=6).contains(&c) && st.table_center {
                Align::Center
            } else {
                Align::Left
            },
            nowrap: (4..=6).contains(&c),
        })
        .collect();
    // Full rows (all nine columns) cut down to the shown ones.
    let full = |obj: &str, m: &str, p: &str, row: &[String; 6]| -> Vec<String> {
        let all = [
            obj, &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], m, p,
        ];
        shown.iter().map(|&c| all[c].to_string()).collect()
    };
    let body: Vec<Vec<String>> = groups
        .iter()
        .flat_map(|(t, m, p, rows)| rows.iter().map(|r| full(t, m, p, r)).collect::<Vec<_>>())
        .collect();
    let widths = fit_table(&mut st, &cols, &body);
    let header = header_block(&st, &cols, &widths);
    let room = st.bottom - st.top - header.height;
    let blocks = groups
        .iter()
        .map(|(t, m, p, rows)| {
            let rows: Vec<Vec<String>> = rows.iter().map(|r| full(t, m, p, r)).collect();
            let mut shared = vec![None; cols.len()];
            shared[0] = Some(t.clone());
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

/// An indicator's gold and its row's cells KPI, Descrizione, Algoritmo,
/// Target, Consuntivo, % raggiungimento.
fn indicator(
    look: &Look,
    ind: &crate::records::Indicator,
    code: Option<String>,
    final_account: bool,
    rng: &mut Rng,
) -> (GoldIndicator, [String; 6]) {
    let measure = Measure::of(ind, rng);
    let level = measure.level(rng);
    let (target, target_value) = measure.target(level, look.spaced);
    let title = if look.sentence {
        sentence_case(&ind.title)
    } else {
        ind.title.clone()
    };
    let kpi_cell = match &code {
        Some(c) if look.kpi_dash => format!("{c} - {title}"),
        Some(c) => format!("{c} {title}"),
        None => "Kpi non definito".to_string(),
    };
    let mut g = GoldIndicator {
        number: ind.number,
        title: code.as_ref().map(|_| title.clone()),
        measures: ind.measures.clone(),
        algorithm: ind.algorithm.clone(),
        target: Some(target.clone()),
        target_value: Some(target_value),
        kpi_code: code,
        ..GoldIndicator::default()
    };
    let (mut actual_cell, mut stated_cell) = (String::new(), String::new());
    if final_account {
        let actual = measure.actual(level, rng);
        let (text, value) = measure.show(actual);
        let stated = achievement(measure.ceiling(), level, actual);
        stated_cell = format!("{}%", it_cents(stated));
        actual_cell = text.clone();
        g.actual = Some(text);
        g.actual_value = Some(value);
        g.achievement_stated = Some(dec_cents(stated));
    }
    let cells = [
        kpi_cell,
        ind.measures.clone().unwrap_or_default(),
        ind.algorithm.clone().unwrap_or_default(),
        target,
        actual_cell,
        stated_cell,
    ];
    (g, cells)
}
