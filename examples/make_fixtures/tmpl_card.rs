//! Cards with KPI codes (`card`): per objective a card of label/value rows,
//! per indicator a card of its fields, a plan over three years.
//!
//! What the gold reads from it: a budget plan whose `year` is the plan's
//! first year; objectives have no code (`#N`) and no mission or programme.
//! The objective card: "Centro di Responsabilità" (`responsibility_centre`);
//! "Stanziamenti in c/competenza", a row per budget item ("6) Personale",
//! "7) Funzionamento", "8) Interventi", "9) Ammortamenti") with an amount
//! per plan year, "€ -" for none: one `resources` entry per amount that is
//! not "€ -", with its `year` and `budget_item` ("Personale"), `account`,
//! `budget` and `description` null; "Obiettivo" (`title`), "Descrizione"
//! (`description`), "Responsabile" (a person, in no gold field). The
//! indicator card: "Codice e descrizione" (`kpi_code` and `title`),
//! "Tipologia" (`type`), "Fonte del dato" (`data_source`), "Unità di
//! misura" (`unit`), a row of plan years with a target under each
//! (`targets`; `target` and `target_value` from the first year), "Metodo di
//! calcolo" (`algorithm`). No other field is printed.

use crate::blocks::{sentence_case, Align, Block};
use crate::pdf::Flow;
use crate::records::{dec_cents, it_cents, Indicator, Objective, Report, Rng};
use crate::style::Style;
use crate::templates::{
    cover, first_target, kpi_codes, page_style, plan_targets, Gold, GoldIndicator, GoldObjective,
    GoldResource, Laid, Measure,
};

const BUDGET_ITEMS: [(&str, &str); 4] = [
    ("6)", "Personale"),
    ("7)", "Funzionamento"),
    ("8)", "Interventi"),
    ("9)", "Ammortamenti"),
];

const KINDS: &[&str] = &[
    "Indicatore di risultato",
    "Indicatore di risultato",
    "Indicatore di risultato",
    "Indicatore di realizzazione fisica",
    "Indicatore di realizzazione finanziaria",
    "Indicatore di impatto",
];

const PEOPLE: &[&str] = &[
    "Dott. Marco Bianchi",
    "Dott.ssa Laura Colombo",
    "Dott.ssa Elena Ferrari",
    "Dott. Giuseppe Romano",
    "Il Segretario Generale",
    "Dott. Andrea Ricci",
    "Dott.ssa Paola Marino",
];

/// The cards' own choices.
struct Look {
    centre: &'static str,
    resources: &'static str,
    objective: &'static str,
    description: &'static str,
    manager: &'static str,
    code: &'static str,
    kind: &'static str,
    source: &'static str,
    unit: &'static str,
    method: &'static str,
    /// The resources after "Responsabile" (else right after the centre).
    resources_last: bool,
    /// The indicator fields as header rows over value rows (else as
    /// label/value rows).
    headed: bool,
    /// The KPI code in a cell of its own (else "KPI156 - Title").
    code_apart: bool,
    sentence: bool,
    spaced: bool,
    /// "€ 1.088.574,57" (else "1.088.574,57 €"; "€ -" either way).
    euro_first: bool,
}

fn look(rng: &mut Rng) -> Look {
    let mut pick = |items: &[&'static str]| *rng.pick(items);
    Look {
        centre: pick(&["Centro di Responsabilità", "Centro di responsabilità"]),
        resources: pick(&[
            "Stanziamenti in c/competenza",
            "Stanziamenti in c/competenza",
        ]),
        objective: "Obiettivo",
        description: "Descrizione",
        manager: "Responsabile",
        code: pick(&["Codice e descrizione", "Codice e descrizione indicatore"]),
        kind: pick(&["Tipologia", "Tipologia", "Tipologia indicatore"]),
        source: pick(&["Fonte del dato", "Fonte del dato", "Fonte dei dati"]),
        unit: "Unità di misura",
        method: pick(&[
            "Metodo di calcolo",
            "Metodo di calcolo",
            "Algoritmo di calcolo",
        ]),
        resources_last: rng.chance(30),
        headed: rng.chance(50),
        code_apart: rng.chance(50),
        sentence: rng.chance(40),
        spaced: rng.chance(40),
        euro_first: rng.chance(80),
    }
}

/// The gold, the pages and the style of a card report.
pub fn report(base: &Report, rng: Rng) -> Laid {
    let mut st = page_style(&mut rng.fork(1), 30);
    let look = look(&mut rng.fork(2));
    let mut values = rng.fork(3);
    let years: Vec<i32> = (0..3).map(|k| base.year + k).collect();
    let total: usize = base.objectives.iter().map(|o| o.indicators.len()).sum();
    let mut codes = kpi_codes(&mut values, total).into_iter();
    let widest = [
        look.centre,
        look.resources,
        look.objective,
        look.manager,
        look.code,
        look.kind,
        look.source,
        look.unit,
        look.method,
    ]
    .iter()
    .flat_map(|l| l.split_whitespace())
    .map(|w| crate::metrics::width(w, st.bold, st.body))
    .fold(0.0, f32::max);
    st.label_w = st.label_w.max(widest + 2.0 * st.pad_x + 1.0);

    let mut flow = Flow::new(&st);
    if st.cover {
        flow.place(cover(&st, &base.entity, base.year, "budget-plan"), 0.0);
    }
    let mut objectives = Vec::new();
    let mut objective_pages = Vec::new();
    for (i, o) in base.objectives.iter().enumerate() {
        let mut gold = objective_gold(&look, o, i, &years, &mut values);
        let manager = *values.pick(PEOPLE);
        let mut cards = vec![objective_card(&st, &look, &gold, &years, manager)];
        for ind in &o.indicators {
            let code = codes.next().expect("a code per indicator");
            let (g, shown) = indicator_gold(&look, ind, code, &years, &mut values);
            cards.push(indicator_card(&st, &look, &g, &shown, &years));
            gold.indicators.push(g);
        }
        if st.objective_new_page && !flow.page_empty() {
            flow.new_page();
        } else if !flow.page_empty() {
            flow.y += 14.0;
        }
        let mut pages = Vec::new();
        for card in cards {
            // A card taller than a page is cut between its rows.
            flow.split |= card.height > flow.bottom - flow.top;
            pages.extend(flow.place(card, 10.0));
        }
        pages.dedup();
        objective_pages.push(pages);
        objectives.push(gold);
    }
    let gold = Gold {
        source: String::new(),
        template: "card",
        entity: base.entity.clone(),
        year: base.year,
        kind: "budget-plan",
        objectives,
    };
    Laid {
        gold,
        flow,
        style: st,
        objective_pages,
        choices: vec![
            (
                "indicator fields",
                if look.headed { "headed" } else { "label/value" }.into(),
            ),
            (
                "code cell",
                if look.code_apart {
                    "apart"
                } else {
                    "with title"
                }
                .into(),
            ),
            (
                "resources",
                if look.resources_last {
                    "last"
                } else {
                    "after centre"
                }
                .into(),
            ),
            (
                "labels",
                format!(
                    "{} | {} | {} | {} | {}",
                    look.centre, look.code, look.kind, look.source, look.method
                ),
            ),
            ("sentence case", look.sentence.to_string()),
            ("spaced operator", look.spaced.to_string()),
        ],
    }
}

/// An objective's gold without its indicators: centre, title, description
/// and the resources by budget item and year.
fn objective_gold(
    look: &Look,
    o: &Objective,
    i: usize,
    years: &[i32],
    rng: &mut Rng,
) -> GoldObjective {
    let mut resources = Vec::new();
    for (k, (_, item)) in BUDGET_ITEMS.iter().enumerate() {
        let none = [5, 10, 40, 55][k];
        if rng.chance(none) {
            continue;
        }
        let scale = [150_000_000u64, 60_000_000, 150_000_000, 15_000_000][k];
        let mut cents = rng.range(scale / 20, scale);
        for &year in years {
            if rng.chance(8) {
                continue;
            }
            resources.push(GoldResource {
                amount: dec_cents(cents),
                amount_uncertain: false,
                account: None,
                budget: None,
                description: None,
                year,
                budget_item: item.to_string(),
            });
            cents = cents * rng.range(94, 106) / 100 + rng.range(0, 99);
        }
    }
    GoldObjective {
        code: format!("#{}", i + 1),
        title: if look.sentence {
            sentence_case(&o.title)
        } else {
            o.title.clone()
        },
        description: Some(o.description.clone()),
        responsibility_centre: Some(o.responsibility_centre.clone()),
        resources,
        ..GoldObjective::default()
    }
}

/// An amount as the card prints it, or "€ -".
fn money(look: &Look, amount: Option<&str>) -> String {
    let Some(a) = amount else {
        return "€ -".to_string();
    };
    let (euros, cents) = a.split_once('.').expect("two decimals");
    let c = euros.parse::<u64>().expect("euros") * 100 + cents.parse::<u64>().expect("cents");
    if look.euro_first {
        format!("€ {}", it_cents(c))
    } else {
        format!("{} €", it_cents(c))
    }
}

/// Cells of equal width from `x` to the content's right edge.
fn spread(st: &Style, x: f32, n: usize) -> Vec<(f32, f32)> {
    let w = (st.content_w - x) / n as f32;
    (0..n).map(|k| (x + k as f32 * w, w)).collect()
}

/// A row: a label cell, then `texts` in equal cells.
fn label_row(st: &Style, b: &mut Block, y: f32, label: &str, texts: &[String], bold: bool) -> f32 {
    let font = if bold { st.bold } else { st.regular };
    let mut cells = vec![(0.0, st.label_w, label, st.bold, st.body, Align::Left)];
    for ((x, w), t) in spread(st, st.label_w, texts.len()).into_iter().zip(texts) {
        cells.push((x, w, t.as_str(), font, st.body, Align::Center));
    }
    let first = b.cells.len();
    let h = b.row(st, y, &cells);
    b.cells[first].shade = st.shade_labels;
    h
}

fn objective_card(
    st: &Style,
    look: &Look,
    g: &GoldObjective,
    years: &[i32],
    manager: &str,
) -> Block {
    let mut b = Block {
        kind: "scheda",
        ..Block::default()
    };
    let centre = g.responsibility_centre.as_deref().unwrap_or("");
    let description = g.description.as_deref().unwrap_or("");
    let mut y = b.label_value(st, 0.0, look.centre, centre, st.regular);
    if !look.resources_last {
        y += resources_rows(st, look, &mut b, y, g, years);
    }
    y += b.label_value(st, y, look.objective, &g.title, st.bold);
    y += b.label_value(st, y, look.description, description, st.regular);
    y += b.label_value(st, y, look.manager, manager, st.regular);
    if look.resources_last {
        y += resources_rows(st, look, &mut b, y, g, years);
    }
    b.height = y;
    b
}

/// "Stanziamenti in c/competenza" and the years, then a row per budget
/// item; returns their height.
fn resources_rows(
    st: &Style,
    look: &Look,
    b: &mut Block,
    top: f32,
    g: &GoldObjective,
    years: &[i32],
) -> f32 {
    let heads: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut y = top;
    let first = b.cells.len();
    y += label_row(st, b, y, look.resources, &heads, true);
    b.shade_from(first + 1, st.shade_headers);
    for (number, item) in BUDGET_ITEMS {
        let amounts: Vec<String> = years
            .iter()
            .map(|&year| {
                let r = g
                    .resources
                    .iter()
                    .find(|r| r.year == year && r.budget_item == item);
                money(look, r.map(|r| r.amount.as_str()))
            })
            .collect();
        y += label_row(st, b, y, &format!("{number} {item}"), &amounts, false);
    }
    y - top
}

/// What an indicator card prints beyond its gold: the target texts under
/// the years.
struct Shown {
    targets: Vec<String>,
}

fn indicator_gold(
    look: &Look,
    ind: &Indicator,
    code: String,
    years: &[i32],
    rng: &mut Rng,
) -> (GoldIndicator, Shown) {
    let m = Measure::of(ind, rng);
    let unit = match m {
        Measure::Percent { .. } => *rng.pick(&["%", "Percentuale", "percentuale"]),
        Measure::Count => *rng.pick(&["Numero", "numero", "N."]),
        Measure::Ratio => *rng.pick(&["Numero", "Indice"]),
        Measure::Days { .. } => *rng.pick(&["Giorni", "giorni"]),
        Measure::Euro => *rng.pick(&["Euro", "€"]),
    };
    let (targets, printed) = plan_targets(m, years[0], years.len(), look.spaced, false, rng);
    let (target, target_value) = first_target(&targets);
    let title = if look.sentence {
        sentence_case(&ind.title)
    } else {
        ind.title.clone()
    };
    let g = GoldIndicator {
        number: ind.number,
        title: Some(title),
        kind: Some(rng.pick(KINDS).to_string()),
        unit: Some(unit.to_string()),
        algorithm: ind.algorithm.clone(),
        data_source: ind.data_source.clone(),
        target,
        target_value,
        kpi_code: Some(code),
        targets: targets.clone(),
        ..GoldIndicator::default()
    };
    (g, Shown { targets: printed })
}

fn indicator_card(
    st: &Style,
    look: &Look,
    g: &GoldIndicator,
    shown: &Shown,
    years: &[i32],
) -> Block {
    let mut b = Block {
        kind: "indicator",
        ..Block::default()
    };
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    let code = v(&g.kpi_code);
    let title = v(&g.title);
    let year_heads: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut y = 0.0;
    if look.headed {
        // Header rows over value rows.
        let code_cells = if look.code_apart {
            vec![code.clone(), title.clone()]
        } else {
            vec![format!("{code} - {title}")]
        };
        let mut heads = vec![look.code.to_string()];
        heads.extend(std::iter::repeat_n(String::new(), code_cells.len() - 1));
        heads.extend([look.kind.to_string(), look.source.to_string()]);
        let mut values = code_cells;
        values.extend([v(&g.kind), v(&g.data_source)]);
        y += even_row(st, &mut b, y, &heads, true);
        y += even_row(st, &mut b, y, &values, false);
        let mut heads = vec![look.unit.to_string()];
        heads.extend(year_heads);
        let mut values = vec![v(&g.unit)];
        values.extend(shown.targets.iter().cloned());
        y += even_row(st, &mut b, y, &heads, true);
        y += even_row(st, &mut b, y, &values, false);
    } else {
        let code_cells = if look.code_apart {
            vec![code.clone(), title.clone()]
        } else {
            vec![format!("{code} - {title}")]
        };
        y += code_row(st, &mut b, y, look.code, &code_cells);
        y += b.label_value(st, y, look.kind, &v(&g.kind), st.regular);
        y += b.label_value(st, y, look.source, &v(&g.data_source), st.regular);
        y += b.label_value(st, y, look.unit, &v(&g.unit), st.regular);
        y += label_row(st, &mut b, y, "", &year_heads, true);
        y += label_row(st, &mut b, y, "Target", &shown.targets, false);
    }
    y += b.label_value(st, y, look.method, &v(&g.algorithm), st.regular);
    b.height = y;
    b
}

/// The "Codice e descrizione" row: the label, then the code and the
/// title in cells of their own or together.
fn code_row(st: &Style, b: &mut Block, y: f32, label: &str, cells: &[String]) -> f32 {
    let mut row = vec![(0.0, st.label_w, label, st.bold, st.body, Align::Left)];
    let rest = st.content_w - st.label_w;
    if let [code, title] = cells {
        let code_w =
            (rest * 0.18).max(crate::metrics::width(code, st.bold, st.body) + 2.0 * st.pad_x + 2.0);
        row.push((
            st.label_w,
            code_w,
            code.as_str(),
            st.bold,
            st.body,
            Align::Left,
        ));
        row.push((
            st.label_w + code_w,
            rest - code_w,
            title.as_str(),
            st.bold,
            st.body,
            Align::Left,
        ));
    } else {
        row.push((
            st.label_w,
            rest,
            cells[0].as_str(),
            st.bold,
            st.body,
            Align::Left,
        ));
    }
    let first = b.cells.len();
    let h = b.row(st, y, &row);
    b.cells[first].shade = st.shade_labels;
    h
}

/// A row of equal cells over the content width; `head`: bold, shaded
/// where the style shades headers. An empty head cell joins the one
/// before it (a header over two value cells).
fn even_row(st: &Style, b: &mut Block, y: f32, texts: &[String], head: bool) -> f32 {
    let slots = spread(st, 0.0, texts.len());
    let mut cells = Vec::new();
    for (k, ((x, w), t)) in slots.iter().zip(texts).enumerate() {
        if head && t.is_empty() && k > 0 {
            if let Some(last) = cells.last_mut() {
                let (_, lw, _, _, _, _): &mut (f32, f32, &str, _, f32, Align) = last;
                *lw += w;
            }
            continue;
        }
        let font = if head { st.bold } else { st.regular };
        cells.push((*x, *w, t.as_str(), font, st.body, Align::Center));
    }
    let first = b.cells.len();
    let h = b.row(st, y, &cells);
    if head {
        b.shade_from(first, st.shade_headers);
    }
    h
}
