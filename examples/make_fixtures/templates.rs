//! The other templates of the PIRA family (output contract version 2): a
//! wide indicator table (`kpi-table`, `tmpl_kpi.rs`), a matrix with yearly
//! targets (`matrix`, `tmpl_matrix.rs`) and cards with KPI codes and
//! resources by budget item (`card`, `tmpl_card.rs`).
//!
//! Each report takes its entity, year, objectives and indicator texts from
//! the scheda generator ([`records::generate`]), draws the values its
//! template prints (targets with an operator, yearly targets, stated
//! achievement, KPI codes, budget items), and is laid out in a page style
//! drawn from its seed ([`Style::random`]) plus the template's own choices
//! (objective cells spanning their rows or repeated, column weights,
//! wording). Its gold ([`Gold`]) follows `shared/eval/GOLD_SCHEMA.md`
//! "Other templates": `template`, `#N` codes, null for the fields the
//! template does not print.

use serde::Serialize;

use crate::blocks::Block;
use crate::pdf::{rotated_page, write_pages, Flow, Options, Pages, Rendered};
use crate::records::{self, dec_cents, it_cents, it_int, Report, Rng, Spec};
use crate::style::Style;
use crate::{tmpl_card, tmpl_kpi, tmpl_matrix};

/// A template other than the scheda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    KpiTable,
    Matrix,
    Card,
}

impl Template {
    /// The name in the gold's and pira's `template`.
    pub fn name(self) -> &'static str {
        match self {
            Template::KpiTable => "kpi-table",
            Template::Matrix => "matrix",
            Template::Card => "card",
        }
    }
}

// ---------------------------------------------------------------------------
// Gold, version 2 (field order = GOLD_SCHEMA order; version 2 fields last)

#[derive(Debug, Clone, Serialize)]
pub struct Gold {
    pub source: String,
    pub template: &'static str,
    pub entity: String,
    pub year: i32,
    pub kind: &'static str,
    pub objectives: Vec<GoldObjective>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldObjective {
    /// `#N`: N the objective's position in the report, from 1.
    pub code: String,
    pub mission_code: Option<String>,
    pub mission_name: Option<String>,
    pub programme_code: Option<String>,
    pub programme_name: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub time_frame: Option<String>,
    pub responsibility_centre: Option<String>,
    pub declared_indicators: Option<u32>,
    pub resources_text: Option<String>,
    pub resources: Vec<GoldResource>,
    pub indicators: Vec<GoldIndicator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoldResource {
    pub amount: String,
    pub amount_uncertain: bool,
    pub account: Option<String>,
    pub budget: Option<String>,
    pub description: Option<String>,
    pub year: i32,
    pub budget_item: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldIndicator {
    pub number: u32,
    pub title: Option<String>,
    pub measures: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub algorithm: Option<String>,
    pub data_source: Option<String>,
    pub last_observed: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub target_value: Option<String>,
    pub actual_value: Option<String>,
    pub last_observed_value: Option<String>,
    pub target_date: Option<String>,
    pub uncertain_fields: Vec<String>,
    pub kpi_code: Option<String>,
    /// Only where the report prints a "% raggiungimento" column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achievement_stated: Option<String>,
    pub targets: Vec<YearTarget>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearTarget {
    pub year: i32,
    /// As printed after the year, null where the cell holds an operator
    /// alone (">=").
    pub target: Option<String>,
    pub target_value: Option<String>,
}

impl Gold {
    pub fn is_final_account(&self) -> bool {
        self.kind == "final-account"
    }

    pub fn indicator_count(&self) -> usize {
        self.objectives.iter().map(|o| o.indicators.len()).sum()
    }

    /// The gold file: pretty JSON, UTF-8, trailing newline.
    pub fn gold_json(&self, source: &str) -> String {
        let mut g = self.clone();
        g.source = source.to_string();
        let mut s = serde_json::to_string_pretty(&g).expect("gold serialises");
        s.push('\n');
        s
    }
}

// ---------------------------------------------------------------------------
// Values with an operator: ">= 8,00%", "<= 10 gg.", ">= 2.355"

/// What an indicator's values count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// "80,00%" or "80%" (`decimals`), "82,5%" where the value has one.
    Percent { decimals: bool },
    /// A whole count: "2.355".
    Count,
    /// A number with two decimals: "60,00".
    Ratio,
    /// Days: "10 gg.", "10 giorni", or a bare "280" (`unit` empty).
    Days { unit: &'static str },
    /// "€ 500.000,00".
    Euro,
}

/// How a number of days is written after it ("" for a bare number).
const DAY_UNITS: [&str; 4] = ["gg.", "gg.", "giorni", ""];

impl Measure {
    /// The measure of a scheda indicator's values, in a template's dress.
    pub fn of(ind: &records::Indicator, rng: &mut Rng) -> Measure {
        let days = ind
            .unit
            .as_deref()
            .is_some_and(|u| u.eq_ignore_ascii_case("giorni"));
        match ind.value_kind {
            "euro" => Measure::Euro,
            "number" if days => Measure::Days {
                unit: DAY_UNITS[rng.below(DAY_UNITS.len())],
            },
            "number" if rng.chance(35) => Measure::Ratio,
            "number" => Measure::Count,
            _ => Measure::Percent {
                decimals: rng.chance(50),
            },
        }
    }

    /// Whether a target is a ceiling ("<=") rather than a floor.
    pub fn ceiling(self) -> bool {
        matches!(self, Measure::Days { .. })
    }

    /// A target level in hundredths.
    pub fn level(self, rng: &mut Rng) -> u64 {
        match self {
            Measure::Percent { .. } => {
                *rng.pick(&[8u64, 20, 50, 60, 75, 80, 85, 90, 95, 100]) * 100
                    + if rng.chance(15) { 50 } else { 0 }
            }
            Measure::Count => *rng.pick(&[12u64, 40, 120, 300, 1_600, 2_355, 12_000]) * 100,
            Measure::Ratio => *rng.pick(&[3u64, 20, 45, 60, 75, 150]) * 100,
            Measure::Days { .. } => *rng.pick(&[5u64, 10, 15, 30, 60, 280]) * 100,
            Measure::Euro => rng.range(50, 900) * 1_000_000,
        }
    }

    /// The next year's level: a step up (down for a ceiling).
    pub fn next_level(self, level: u64, rng: &mut Rng) -> u64 {
        let step = match self {
            Measure::Percent { .. } => *rng.pick(&[0u64, 200, 500]),
            Measure::Count | Measure::Ratio | Measure::Euro => level / 100 * rng.range(0, 10),
            Measure::Days { .. } => 100 * rng.range(0, 2),
        };
        let step = if matches!(self, Measure::Count) {
            step / 100 * 100
        } else {
            step
        };
        if self.ceiling() {
            level.saturating_sub(step).max(100)
        } else if matches!(self, Measure::Percent { .. }) {
            (level + step).min(10_000)
        } else {
            level + step
        }
    }

    /// An achieved value near `target` (hundredths), as this measure
    /// prints it (whole where it prints no decimals).
    pub fn actual(self, target: u64, rng: &mut Rng) -> u64 {
        let v = target * rng.range(75, 118) / 100;
        match self {
            Measure::Count | Measure::Days { .. } => (v / 100).max(1) * 100,
            Measure::Percent { .. } => v.min(10_000),
            Measure::Ratio | Measure::Euro => v,
        }
    }

    /// The value as printed and as the gold's decimal.
    pub fn show(self, v: u64) -> (String, String) {
        match self {
            Measure::Percent { decimals } => {
                if decimals {
                    (format!("{}%", it_cents(v)), dec_cents(v))
                } else if v.is_multiple_of(100) {
                    (format!("{}%", v / 100), (v / 100).to_string())
                } else if v.is_multiple_of(10) {
                    (
                        format!("{},{}%", v / 100, v % 100 / 10),
                        format!("{}.{}", v / 100, v % 100 / 10),
                    )
                } else {
                    (format!("{}%", it_cents(v)), dec_cents(v))
                }
            }
            Measure::Count => (it_int(v / 100), (v / 100).to_string()),
            Measure::Ratio => (it_cents(v), dec_cents(v)),
            Measure::Days { unit } => (
                format!("{} {unit}", v / 100).trim_end().to_string(),
                (v / 100).to_string(),
            ),
            Measure::Euro => (format!("€ {}", it_cents(v)), dec_cents(v)),
        }
    }

    /// A target as printed ("<op> value") and its decimal.
    pub fn target(self, v: u64, spaced: bool) -> (String, String) {
        let (text, value) = self.show(v);
        let op = if self.ceiling() { "<=" } else { ">=" };
        let gap = if spaced { " " } else { "" };
        (format!("{op}{gap}{text}"), value)
    }

    /// The operator alone, as an empty target prints it.
    pub fn bare_op(self) -> &'static str {
        if self.ceiling() {
            "<="
        } else {
            ">="
        }
    }
}

/// A target per plan year, from `year` on: the gold's `targets` and the
/// texts as printed after the year ("<op> value", or the operator alone
/// where `empty_last` leaves the last year without a value).
pub fn plan_targets(
    m: Measure,
    year: i32,
    years: usize,
    spaced: bool,
    empty_last: bool,
    rng: &mut Rng,
) -> (Vec<YearTarget>, Vec<String>) {
    let mut level = m.level(rng);
    let (mut gold, mut printed) = (Vec::new(), Vec::new());
    for k in 0..years {
        if k > 0 {
            level = m.next_level(level, rng);
        }
        let year = year + k as i32;
        if empty_last && k + 1 == years && k > 0 {
            gold.push(YearTarget {
                year,
                target: None,
                target_value: None,
            });
            printed.push(m.bare_op().to_string());
            continue;
        }
        let (text, value) = m.target(level, spaced);
        gold.push(YearTarget {
            year,
            target: Some(text.clone()),
            target_value: Some(value),
        });
        printed.push(text);
    }
    (gold, printed)
}

/// The indicator fields `target` and `target_value` of a plan: its first
/// year's target.
pub fn first_target(targets: &[YearTarget]) -> (Option<String>, Option<String>) {
    targets
        .first()
        .map_or((None, None), |t| (t.target.clone(), t.target_value.clone()))
}

/// The stated achievement of `actual` against `target` in hundredths of a
/// percent, capped at 100,00%: 56 against a floor of 60 gives 9333.
pub fn achievement(ceiling: bool, target: u64, actual: u64) -> u64 {
    let (num, den) = if ceiling {
        (target, actual)
    } else {
        (actual, target)
    };
    if den == 0 {
        return 10_000;
    }
    let v = (u128::from(num) * 20_000 + u128::from(den)) / (2 * u128::from(den));
    (v as u64).min(10_000)
}

/// `n` distinct KPI codes ("KPI156", "KPIM216").
pub fn kpi_codes(rng: &mut Rng, n: usize) -> Vec<String> {
    // Room for twice as many codes as asked, however many.
    let room = 2 * n as u64;
    let mut out: Vec<String> = Vec::new();
    while out.len() < n {
        let code = if rng.chance(20) {
            format!("KPIM{}", rng.range(100, room.max(399)))
        } else {
            format!("KPI{}", rng.range(1, room.max(420)))
        };
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// The mission or programme as a cell prints it: "011 - Competitività ...".
pub fn coded(code: &str, name: &str, dash: bool) -> String {
    if dash {
        format!("{code} - {name}")
    } else {
        format!("{code} {name}")
    }
}

/// A drawn page style, turned landscape with `landscape` percent chance
/// where it came portrait (wide tables want the width).
pub fn page_style(rng: &mut Rng, landscape: u64) -> Style {
    let mut st = Style::random(rng);
    if st.page_w < st.page_h && rng.fork(0x1A).chance(landscape) {
        let (margin_x, margin_bottom) = (st.left, st.page_h - st.bottom);
        (st.page_w, st.page_h) = (st.page_h, st.page_w);
        st.content_w = st.page_w - 2.0 * margin_x;
        st.bottom = st.page_h - margin_bottom;
    }
    st.small = st.small.min(9.0);
    st.cover = rng.fork(0x1B).chance(50);
    st.summary = false;
    st
}

// ---------------------------------------------------------------------------
// One report of a template

/// The report's file name (without extension).
pub fn report_name(g: &Gold, spec: &Spec) -> String {
    let city = g.entity.rsplit(' ').next().unwrap_or("x").to_lowercase();
    let kind = if g.is_final_account() {
        "consuntivo"
    } else {
        "preventivo"
    };
    format!(
        "gen_{}_s{}_{:02}_{city}_{}_{kind}",
        g.template.replace('-', ""),
        spec.seed,
        spec.index + 1,
        g.year
    )
}

/// A template's report laid out on pages.
pub struct Laid {
    pub gold: Gold,
    pub flow: Flow,
    pub style: Style,
    /// The template's own layout choices, by name, for the log and tests.
    pub choices: Vec<(&'static str, String)>,
    /// For each objective, the 1-based pages it occupies.
    pub objective_pages: Vec<Vec<usize>>,
}

/// A template's report written.
pub struct Built {
    pub gold: Gold,
    /// The file name, without extension.
    pub name: String,
    pub rendered: Rendered,
    pub style: Style,
    pub choices: Vec<(&'static str, String)>,
}

/// The report of template `t` for `spec`: its gold, file name, PDF and
/// layout; objectives are added until it has at least `pages_min` pages.
pub fn build(spec: &Spec, t: Template, pages_min: usize) -> Built {
    let mut extra = 0;
    loop {
        let built = build_with(spec, t, extra);
        if built.rendered.pages >= pages_min || extra >= 1000 {
            return built;
        }
        extra += 1;
    }
}

/// The report of template `t` with `extra` objectives beyond the spec's.
fn build_with(spec: &Spec, t: Template, extra: usize) -> Built {
    let base_spec = Spec {
        random_style: true,
        ..spec.clone()
    };
    let base = records::generate(&base_spec, extra);
    let rng = Rng::new(spec.seed)
        .fork(u64::from(spec.index) + 1)
        .fork(0x7E + t as u64);
    let Laid {
        gold,
        mut flow,
        style: st,
        choices,
        objective_pages,
    } = match t {
        Template::KpiTable => tmpl_kpi::report(&base, rng.clone()),
        Template::Matrix => tmpl_matrix::report(&base, rng.clone()),
        Template::Card => tmpl_card::report(&base, rng.clone()),
    };
    let name = report_name(&gold, spec);
    let opts = Options {
        split_objective: None,
        no_cover: !st.cover,
        rotate: st.rotate_page.then(|| rng.fork(0x2B).next_u64()),
    };
    if flow.page_empty() && flow.pages.len() > 1 {
        flow.pages.pop();
    }
    let rotated = rotated_page(&opts, flow.pages.len());
    let kind = if gold.is_final_account() {
        "Rendicontazione"
    } else {
        "Bilancio preventivo"
    };
    let pages = Pages {
        header: format!("{} - P.I.R.A. {} - {kind}", gold.entity, gold.year),
        info_title: format!("P.I.R.A. {} - {}", gold.year, gold.entity),
        first_has_cover: st.cover,
        rotated,
    };
    let bytes = write_pages(&st, &flow.pages, &pages);
    let rendered = Rendered {
        bytes,
        pages: flow.pages.len(),
        objective_pages,
        rotated_page: rotated.map(|p| p + 1),
        cut_blocks: flow.cuts,
    };
    let mut gold = gold;
    gold.source = format!("{name}.pdf");
    Built {
        gold,
        name,
        rendered,
        style: st,
        choices,
    }
}

/// The report's first page title block (where the style has a cover).
pub fn cover(st: &Style, entity: &str, year: i32, kind: &'static str) -> Block {
    let r = Report {
        source: String::new(),
        entity: entity.to_string(),
        year,
        kind,
        objectives: Vec::new(),
    };
    crate::blocks::title_block(st, &r)
}

/// One line naming a template page style's choices, for the log.
pub fn describe(st: &Style) -> String {
    format!(
        "{}, {:?} {}/{} pt, {:?} rules{}{}",
        if st.page_w > st.page_h {
            "landscape"
        } else {
            "portrait"
        },
        st.regular,
        st.body,
        st.small,
        st.rules,
        if st.shade_headers {
            ", headers shaded"
        } else {
            ""
        },
        if st.cover { ", cover" } else { "" },
    )
}
