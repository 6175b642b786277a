//! The wide indicator table (`kpi-table`): one row per indicator, columns
//! Obiettivo, KPI, Descrizione, Algoritmo, Target, then for a final account
//! Consuntivo and "% raggiungimento", then Missione and Programma.
//!
//! What the gold reads from it: the objective is named, not coded (`#N`);
//! its cell spans its indicators' rows or repeats in each (and with it,
//! where the style says so, the Missione and Programma cells span the
//! objective's rows and consecutive objectives of one programme). Missione and
//! Programma cells give `mission_code`/`mission_name` and
//! `programme_code`/`programme_name` ("011 - Competitività ..."). The KPI
//! cell gives `kpi_code` and the indicator's `title` ("KPI156 Grado di
//! ..."), or "Kpi non definito": `kpi_code` and `title` null. Descrizione
//! is the indicator's `measures`, Algoritmo its `algorithm`; Target
//! (">= 8,00%") its `target` and `target_value`; Consuntivo its `actual`;
//! "% raggiungimento" its `achievement_stated`, capped at 100,00%. No
//! other field is printed: they are null, `targets` is empty.

use crate::blocks::{sentence_case, Align};
use crate::records::{dec_cents, it_cents, Report, Rng};
use crate::table::{lay_table, Column, Group, Span};
use crate::templates::{
    achievement, coded, kpi_codes, page_style, Gold, GoldIndicator, GoldObjective, Laid, Measure,
};

/// The table's own choices.
struct Look {
    heads: [&'static str; 9],
    weights: [f32; 9],
    /// The objective cell spans its rows (else it repeats in each).
    span: bool,
    /// With it, the Missione and Programma cells span the objective's
    /// rows, and consecutive objectives of one programme.
    mission_spans: bool,
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
        mission_spans: rng.fork(0x5B).chance(40),
        dash: rng.chance(70),
        kpi_dash: rng.chance(40),
        sentence: rng.chance(40),
        spaced: rng.chance(70),
        coded: *rng.pick(&[60, 80, 90, 100]),
    }
}

/// The gold, the pages and the style of a wide-table report.
pub fn report(base: &Report, rng: Rng) -> Laid {
    let mut st = page_style(&mut rng.fork(1), 85);
    let look = look(&mut rng.fork(2));
    let (gold, groups) = records(base, &look, &mut rng.fork(3));
    let shown: Vec<usize> = if gold.is_final_account() {
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
    // The rows cut down to the columns shown.
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|g| Group {
            rows: g
                .rows
                .iter()
                .map(|r| shown.iter().map(|&c| r[c].clone()).collect())
                .collect(),
            shared: shown.iter().map(|&c| g.shared[c]).collect(),
        })
        .collect();
    let span = match (look.span, look.mission_spans) {
        (false, _) => Span::None,
        (true, false) => Span::Objective,
        (true, true) => Span::Wide,
    };
    // The last two columns, Missione and Programma.
    let wide: Vec<bool> = (0..cols.len()).map(|c| c + 2 >= cols.len()).collect();
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
                if look.span && look.mission_spans {
                    "spans objectives"
                } else {
                    "per row"
                }
                .into(),
            ),
            ("headers", look.heads.join(" | ")),
            ("coded share", look.coded.to_string()),
            ("sentence case", look.sentence.to_string()),
            ("spaced operator", look.spaced.to_string()),
        ],
    }
}

/// The gold and, per objective, the rows of all nine columns.
fn records(base: &Report, look: &Look, values: &mut Rng) -> (Gold, Vec<Group>) {
    let final_account = base.is_final_account();
    let total: usize = base.objectives.iter().map(|o| o.indicators.len()).sum();
    let mut codes = kpi_codes(values, total).into_iter();
    let mut objectives = Vec::new();
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
        let mission = coded(&o.mission_code, &o.mission_name, look.dash);
        let programme = coded(&o.programme_code, &o.programme_name, look.dash);
        let mut rows = Vec::new();
        for ind in &o.indicators {
            let code = codes.next().filter(|_| values.chance(look.coded));
            let (g, cells) = indicator(look, ind, code, final_account, values);
            gold.indicators.push(g);
            let mut row = vec![title.clone()];
            row.extend(cells);
            row.extend([mission.clone(), programme.clone()]);
            rows.push(row);
        }
        let mut shared = vec![false; 9];
        shared[0] = true;
        shared[7] = look.mission_spans;
        shared[8] = look.mission_spans;
        groups.push(Group { rows, shared });
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
    (gold, groups)
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
