//! The page layout of a report: today's classic layout, or one drawn at
//! random from a seed, so that a reader is tried on layouts it was not
//! built on.
//!
//! A drawn style varies what offices vary: orientation, face and size,
//! margins and column widths (so that labels and header cells wrap or
//! don't), the ruling (full grid as `re` rectangles, `m`/`l` strokes or thin
//! filled rectangles; horizontal rules only; none), the wording of labels
//! and headers, the place of the objective code, the indicator fields as a
//! 7-column table or as label/value rows ("cards"), the "Se altro" rows,
//! the cover and its summary matrix, and blocks split across pages.

use crate::metrics::Font;
use crate::records::Rng;

/// How the tables are ruled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Every cell a stroked rectangle (`re S`).
    Grid,
    /// Every cell edge a stroked line (`m l S`).
    GridLines,
    /// Every cell edge a thin filled rectangle (`re f`).
    GridFilled,
    /// Only the top and bottom edges of the cells, as stroked lines.
    Horizontal,
    /// No rules at all.
    None,
}

/// How the indicator's fields are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// A header row of labels above a row of values.
    Table,
    /// One label/value row per field.
    Cards,
}

/// The label and header texts. `{year}` stands for the report's year.
#[derive(Debug, Clone)]
pub struct Wording {
    pub mission: &'static str,
    pub programme: &'static str,
    pub objective: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub time_frame: &'static str,
    pub centre: &'static str,
    pub resources: &'static str,
    pub count: &'static str,
    pub code: &'static str,
    pub indicator: &'static str,
    pub measures: &'static str,
    pub kind: &'static str,
    pub unit: &'static str,
    pub algorithm: &'static str,
    pub data_source: &'static str,
    pub last_observed: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub other: &'static str,
    /// Labels and headers in capitals.
    pub upper: bool,
}

impl Wording {
    /// A label as printed: `{year}` filled in, capitals if the style says so.
    pub fn say(&self, label: &str, year: i32) -> String {
        let s = label.replace("{year}", &year.to_string());
        if self.upper {
            s.to_uppercase()
        } else {
            s
        }
    }

    /// Whether the target's label states the date of "31/12/YYYY".
    pub fn target_dated(&self) -> bool {
        self.target.contains("31/12/")
    }
}

/// Everything about a report's look that is not its records.
#[derive(Debug, Clone)]
pub struct Style {
    /// True for today's layout, whose output must not change.
    pub classic: bool,
    pub page_w: f32,
    pub page_h: f32,
    pub left: f32,
    pub content_w: f32,
    pub top: f32,
    pub bottom: f32,
    pub label_w: f32,
    pub pad_x: f32,
    pub pad_y: f32,
    /// Body text size.
    pub body: f32,
    /// Indicator table and "Se altro" text size.
    pub small: f32,
    /// Line spacing as a multiple of the size.
    pub lead: f32,
    pub regular: Font,
    pub bold: Font,
    pub rules: Rules,
    /// Multi-line cells centred vertically (else top-aligned).
    pub valign_center: bool,
    /// Indicator table cells centred (else left-aligned).
    pub table_center: bool,
    pub wording: Wording,
    /// The "Obiettivo" cell spans the Titolo and Descrizione rows.
    pub nested_objective: bool,
    /// The objective code stands above the scheda (else below).
    pub code_above: bool,
    /// The code in a "Codice obiettivo" label/value row (else a lone cell).
    pub code_labelled: bool,
    pub fields: Fields,
    /// Indicator table column weights (7: the final account's columns).
    pub columns: [f32; 7],
    /// "Se altro, indicare qui" rows after each indicator.
    pub other_rows: usize,
    pub cover: bool,
    pub summary: bool,
    /// A block that does not fit is cut between rows and goes on over the
    /// next page (else it moves whole to the next page).
    pub split_blocks: bool,
    /// A table cut across pages repeats its header row.
    pub repeat_header: bool,
    /// One page stored portrait-for-landscape (or the reverse) with
    /// /Rotate 90.
    pub rotate_page: bool,
    /// Each objective opens a page (else objectives follow one another, so
    /// that a scheda may be cut across a page break).
    pub objective_new_page: bool,
    /// Table header cells on a grey background.
    pub shade_headers: bool,
    /// Label cells on a grey background.
    pub shade_labels: bool,
}

const CLASSIC_WORDING: Wording = Wording {
    mission: "Missione",
    programme: "Programma",
    objective: "Obiettivo",
    title: "Titolo",
    description: "Descrizione",
    time_frame: "Arco temporale realizzazione",
    centre: "Centro di responsabilità",
    resources: "Risorse finanziarie",
    count: "Nr indicatori associati",
    code: "Codice obiettivo",
    indicator: "Indicatore",
    measures: "Cosa misura",
    kind: "Tipologia",
    unit: "Unità di misura",
    algorithm: "Algoritmo di calcolo",
    data_source: "Fonte dei dati",
    last_observed: "Ultimo valore\nosservato",
    target: "Risultato atteso al\n31/12/{year}",
    actual: "Valore a consuntivo",
    other: "Se altro, indicare qui",
    upper: false,
};

impl Style {
    /// Today's layout: landscape A4, Helvetica 8 pt, full grid, the code
    /// below the scheda, the 7-column indicator table.
    pub fn classic() -> Style {
        Style {
            classic: true,
            page_w: 842.0,
            page_h: 595.0,
            left: 36.0,
            content_w: 770.0,
            top: 46.0,
            bottom: 557.0,
            label_w: 150.0,
            pad_x: 4.0,
            pad_y: 3.0,
            body: 8.0,
            small: 7.5,
            lead: 1.22,
            regular: Font::Regular,
            bold: Font::Bold,
            rules: Rules::Grid,
            valign_center: true,
            table_center: true,
            wording: CLASSIC_WORDING,
            nested_objective: true,
            code_above: false,
            code_labelled: false,
            fields: Fields::Table,
            columns: [110.0, 95.0, 125.0, 130.0, 95.0, 110.0, 105.0],
            other_rows: 3,
            cover: true,
            summary: true,
            split_blocks: false,
            repeat_header: false,
            rotate_page: true,
            objective_new_page: true,
            shade_headers: false,
            shade_labels: false,
        }
    }

    /// A style drawn from `rng`.
    pub fn random(rng: &mut Rng) -> Style {
        let landscape = rng.chance(50);
        let (page_w, page_h) = if landscape {
            (842.0, 595.0)
        } else {
            (595.0, 842.0)
        };
        let left = rng.range(28, 60) as f32;
        let top = rng.range(40, 60) as f32;
        let bottom = page_h - rng.range(36, 50) as f32;
        let serif = rng.chance(50);
        // Drawn apart, so that the other draws stay as they were before the
        // embedded faces came.
        let embedded = rng.fork(0xF0).chance(50);
        let objective_new_page = rng.fork(0xF1).chance(50);
        let mut shades = rng.fork(0xF2);
        let (shade_headers, shade_labels) = (shades.chance(35), shades.chance(20));
        let body = half_points(rng, 7.0, 11.0);
        // Narrow portrait tables keep to smaller type, as offices do.
        let small_max = if landscape { body } else { body.min(8.5) };
        let small = (body - half_points(rng, 0.0, 1.0)).clamp(7.0, small_max);
        let label_w = if landscape {
            rng.range(90, 200)
        } else {
            rng.range(80, 160)
        } as f32;
        let rules = match rng.below(20) {
            0..=5 => Rules::Grid,
            6..=8 => Rules::GridLines,
            9 | 10 => Rules::GridFilled,
            11..=15 => Rules::Horizontal,
            _ => Rules::None,
        };
        let mut columns = [0.0; 7];
        for c in &mut columns {
            *c = rng.range(60, 160) as f32;
        }
        Style {
            classic: false,
            page_w,
            page_h,
            left,
            content_w: page_w - 2.0 * left,
            top,
            bottom,
            label_w,
            pad_x: half_points(rng, 2.0, 6.0),
            pad_y: half_points(rng, 1.5, 4.0),
            body,
            small,
            lead: 1.15 + rng.range(0, 20) as f32 / 100.0,
            regular: match (serif, embedded) {
                (false, false) => Font::Regular,
                (true, false) => Font::Serif,
                (false, true) => Font::DejaVuSans,
                (true, true) => Font::DejaVuSerif,
            },
            bold: match (serif, embedded) {
                (false, false) => Font::Bold,
                (true, false) => Font::SerifBold,
                (false, true) => Font::DejaVuSansBold,
                (true, true) => Font::DejaVuSerifBold,
            },
            rules,
            valign_center: rng.chance(50),
            table_center: rng.chance(60),
            wording: random_wording(rng),
            nested_objective: rng.chance(50),
            code_above: rng.chance(40),
            code_labelled: rng.chance(40),
            fields: if rng.chance(60) {
                Fields::Table
            } else {
                Fields::Cards
            },
            columns,
            other_rows: *rng.pick(&[0, 0, 1, 3]),
            cover: rng.chance(60),
            summary: rng.chance(60),
            split_blocks: rng.chance(50),
            repeat_header: rng.chance(50),
            rotate_page: rng.chance(25),
            objective_new_page,
            shade_headers,
            shade_labels,
        }
    }

    /// Line height of text at `size`.
    pub fn leading(&self, size: f32) -> f32 {
        size * self.lead
    }

    /// One line naming the style's choices, for the generator's log.
    pub fn describe(&self) -> String {
        if self.classic {
            return "classic".to_string();
        }
        format!(
            "{}, {} {}/{} pt, label {} pt, {:?} rules{}, {:?}, code {}{}, {} 'Se altro' rows, {}{}{}{}{}",
            if self.page_w > self.page_h {
                "landscape"
            } else {
                "portrait"
            },
            match self.regular {
                Font::Serif => "Times",
                Font::DejaVuSans => "DejaVu Sans (embedded)",
                Font::DejaVuSerif => "DejaVu Serif (embedded)",
                _ => "Helvetica",
            },
            self.body,
            self.small,
            self.label_w,
            self.rules,
            match (self.shade_headers, self.shade_labels) {
                (true, true) => " (headers and labels shaded)",
                (true, false) => " (headers shaded)",
                (false, true) => " (labels shaded)",
                (false, false) => "",
            },
            self.fields,
            if self.code_above { "above" } else { "below" },
            if self.code_labelled { " labelled" } else { "" },
            self.other_rows,
            if self.cover { "cover" } else { "no cover" },
            if self.summary { ", summary" } else { "" },
            if self.split_blocks {
                if self.repeat_header {
                    ", split blocks (header repeated)"
                } else {
                    ", split blocks"
                }
            } else {
                ""
            },
            if self.rotate_page {
                ", a rotated page"
            } else {
                ""
            },
            if self.objective_new_page {
                ""
            } else {
                ", objectives run on"
            },
        )
    }
}

/// A size in `lo..=hi` in half points.
fn half_points(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    let steps = ((hi - lo) * 2.0) as u64;
    lo + rng.range(0, steps) as f32 / 2.0
}

fn random_wording(rng: &mut Rng) -> Wording {
    let upper = rng.chance(15);
    let mut pick = |items: &[&'static str]| *rng.pick(items);
    Wording {
        mission: "Missione",
        programme: "Programma",
        objective: "Obiettivo",
        title: "Titolo",
        description: "Descrizione",
        time_frame: pick(&[
            "Arco temporale realizzazione",
            "Arco temporale di realizzazione",
            "Periodo di realizzazione",
        ]),
        centre: pick(&["Centro di responsabilità", "Centro di Responsabilità"]),
        resources: "Risorse finanziarie",
        count: pick(&[
            "Nr indicatori associati",
            "Numero indicatori",
            "N. indicatori",
        ]),
        code: "Codice obiettivo",
        indicator: "Indicatore",
        measures: pick(&["Cosa misura", "Ciò che misura"]),
        kind: "Tipologia",
        unit: "Unità di misura",
        algorithm: pick(&["Algoritmo di calcolo", "Metodo di calcolo"]),
        data_source: pick(&["Fonte dei dati", "Fonte del dato"]),
        last_observed: "Ultimo valore osservato",
        target: pick(&[
            "Risultato atteso al 31/12/{year}",
            "Risultato atteso {year}",
            "Target",
            "Target {year}",
        ]),
        actual: pick(&[
            "Valore a consuntivo",
            "Valore a Consuntivo",
            "Valore consuntivo",
            "Valori consuntivi",
            "Valore osservato al 31/12/{year}",
        ]),
        other: "Se altro, indicare qui",
        upper,
    }
}
