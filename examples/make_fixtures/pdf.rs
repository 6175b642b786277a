//! Born-digital PDF of a report, laid out like the real PIRA schede.
//!
//! The classic layout ([`Style::classic`]): landscape A4 (842 x 595 pt),
//! Helvetica and Helvetica-Bold with WinAnsiEncoding, text wrapped to the
//! cells with the AFM widths, vector ruling around every cell. Page 1 is a
//! cover with an overview table; each objective starts a page with its
//! scheda (a ruled label/value table), the objective code and "Nr
//! indicatori associati", then one block per indicator (title, "Cosa
//! misura", the 7-column table, three "Se altro, indicare qui" rows). A
//! block that does not fit goes to the next page. One page is stored
//! portrait with /Rotate 90, its content turned so that it displays upright
//! in landscape like the others.
//!
//! A drawn style ([`Style::random`]) varies all of that: see `style.rs`.

use lopdf::{dictionary, Document, Object, Stream};

use crate::metrics::{encode, width, Font};
use crate::records::{generate, report_name, Indicator, Objective, Report, Rng, Spec};
use crate::style::{Fields, Rules, Style};

/// Layout choices that are not records.
#[derive(Debug, Clone)]
pub struct Options {
    /// Objective (0-based) whose indicators are forced onto the next page
    /// after its scheda and code.
    pub split_objective: Option<usize>,
    /// No cover page (title and overview table): the first scheda opens
    /// page 1.
    pub no_cover: bool,
    /// Picks the page stored turned with /Rotate 90: page
    /// `2 + n % (pages - 1)` (1-based), never the cover; `None`: no page.
    pub rotate: Option<u64>,
}

/// A written PDF and facts about it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// For each objective, the 1-based pages it occupies.
    pub objective_pages: Vec<Vec<usize>>,
    pub rotated_page: Option<usize>,
    /// Blocks cut between rows across a page break.
    pub split_blocks: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
}

/// One positioned cell of a block: offsets from the block's top-left.
#[derive(Debug, Clone)]
struct Cell {
    x: f32,
    dy: f32,
    w: f32,
    h: f32,
    lines: Vec<String>,
    font: Font,
    size: f32,
    align: Align,
    valign_center: bool,
    border: bool,
}

/// Cells laid out together; cut across pages only between rows, and only
/// where the style allows it.
#[derive(Debug, Clone, Default)]
struct Block {
    height: f32,
    cells: Vec<Cell>,
    /// The cells of a table header row, repeated above the rest of the
    /// table where the block is cut below them (if the style says so).
    header: Option<std::ops::Range<usize>>,
}

/// One cell of a row: x, width, text, font, size, alignment.
type RowCell<'a> = (f32, f32, &'a str, Font, f32, Align);

/// Greedy word wrap; `\n` starts a new paragraph; a word longer than the
/// width is cut.
pub fn wrap(text: &str, font: Font, size: f32, max_w: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, font, size) <= max_w {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            // The word alone; cut it if it is still too wide.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, font, size) > max_w && piece.chars().count() > 1 {
                    piece.pop();
                    out.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        out.push(line);
    }
    out
}

impl Block {
    /// Adds a cell whose text is wrapped to its width; returns the height
    /// the text needs (lines + padding).
    #[allow(clippy::too_many_arguments)]
    fn text_cell(
        &mut self,
        st: &Style,
        x: f32,
        dy: f32,
        w: f32,
        text: &str,
        font: Font,
        size: f32,
        align: Align,
        border: bool,
    ) -> (usize, f32) {
        let lines = wrap(text, font, size, w - 2.0 * st.pad_x);
        let lines = if lines.len() == 1 && lines[0].is_empty() {
            Vec::new()
        } else {
            lines
        };
        let h = lines.len().max(1) as f32 * st.leading(size) + 2.0 * st.pad_y;
        self.cells.push(Cell {
            x,
            dy,
            w,
            h,
            lines,
            font,
            size,
            align,
            valign_center: st.valign_center,
            border,
        });
        (self.cells.len() - 1, h)
    }

    /// A row of cells sharing one height (the tallest).
    fn row(&mut self, st: &Style, dy: f32, cells: &[RowCell]) -> f32 {
        let first = self.cells.len();
        let mut h: f32 = 0.0;
        for &(x, w, text, font, size, align) in cells {
            let (_, ch) = self.text_cell(st, x, dy, w, text, font, size, align, true);
            h = h.max(ch);
        }
        for c in &mut self.cells[first..] {
            c.h = h;
        }
        h
    }

    /// Label cell on the left, value on the right, in the body size.
    fn label_value(&mut self, st: &Style, dy: f32, label: &str, value: &str, font: Font) -> f32 {
        self.label_value_sized(st, dy, label, value, font, st.body)
    }

    #[allow(clippy::too_many_arguments)]
    fn label_value_sized(
        &mut self,
        st: &Style,
        dy: f32,
        label: &str,
        value: &str,
        font: Font,
        size: f32,
    ) -> f32 {
        let lw = st.label_w;
        self.row(
            st,
            dy,
            &[
                (0.0, lw, label, st.bold, size, Align::Left),
                (lw, st.content_w - lw, value, font, size, Align::Left),
            ],
        )
    }

    /// Heights where the block may be cut: row edges no cell spans.
    fn breaks(&self) -> Vec<f32> {
        let mut ys: Vec<f32> = self
            .cells
            .iter()
            .flat_map(|c| [c.dy, c.dy + c.h])
            .filter(|&y| y > 0.5 && y < self.height - 0.5)
            .filter(|&y| {
                !self
                    .cells
                    .iter()
                    .any(|c| c.dy < y - 0.01 && c.dy + c.h > y + 0.01)
            })
            .collect();
        ys.sort_by(f32::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        ys
    }

    /// Cuts the block at `y`: the cells above, and those below moved up
    /// to the top, under a copy of the table header where `repeat_header`
    /// and the cut falls between the header and the body.
    fn cut(self, y: f32, repeat_header: bool) -> (Block, Block) {
        let mut above = Block {
            height: y,
            ..Block::default()
        };
        let mut below = Block::default();
        let (head, rest): (Vec<Cell>, Vec<Cell>) =
            self.cells.into_iter().partition(|c| c.dy + c.h <= y + 0.01);
        let below_top = rest.iter().map(|c| c.dy).fold(f32::MAX, f32::min);
        let header: Vec<Cell> = match &self.header {
            Some(range) if repeat_header => head
                .get(range.clone())
                .map(|cells| cells.to_vec())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let header_bottom = header.iter().map(|c| c.dy + c.h).fold(0.0, f32::max);
        let repeat = !header.is_empty() && (header_bottom - below_top).abs() < 0.01;
        let mut offset = 0.0;
        if repeat {
            let header_top = header.iter().map(|c| c.dy).fold(f32::MAX, f32::min);
            for mut c in header {
                c.dy -= header_top;
                below.cells.push(c);
            }
            offset = header_bottom - header_top;
        }
        above.cells = head;
        for mut c in rest {
            c.dy += offset - below_top;
            below.cells.push(c);
        }
        below.height = self.height - below_top + offset;
        (above, below)
    }
}

fn scheda_block(st: &Style, o: &Objective, year: i32) -> Block {
    let w = &st.wording;
    let say = |label: &str| w.say(label, year);
    let mut b = Block::default();
    let mut y = 0.0;
    let mission = format!("{} - {}", o.mission_code, o.mission_name);
    let programme = format!("{} - {}", o.programme_code, o.programme_name);
    y += b.label_value(st, y, &say(w.mission), &mission, st.regular);
    y += b.label_value(st, y, &say(w.programme), &programme, st.regular);
    let sub = objective_cell_width(st, year);
    if let Some(sub) = sub {
        // "Obiettivo" spans the Titolo and Descrizione rows.
        let top = y;
        let (lw, cw) = (st.label_w, st.content_w);
        let row = |b: &mut Block, y: f32, label: &str, value: &str, font: Font| {
            b.row(
                st,
                y,
                &[
                    (sub, lw - sub, label, st.bold, st.body, Align::Left),
                    (lw, cw - lw, value, font, st.body, Align::Left),
                ],
            )
        };
        y += row(&mut b, y, &say(w.title), &o.title, st.bold);
        y += row(&mut b, y, &say(w.description), &o.description, st.regular);
        let (i, _) = b.text_cell(
            st,
            0.0,
            top,
            sub,
            &say(w.objective),
            st.bold,
            st.body,
            Align::Left,
            true,
        );
        b.cells[i].h = y - top;
    } else {
        y += b.label_value(st, y, &say(w.objective), &o.title, st.bold);
        y += b.label_value(st, y, &say(w.description), &o.description, st.regular);
    }
    y += b.label_value(st, y, &say(w.time_frame), &o.time_frame, st.regular);
    y += b.label_value(st, y, &say(w.centre), &o.responsibility_centre, st.regular);
    y += b.label_value(st, y, &say(w.resources), &o.resources_text, st.regular);
    b.height = y;
    b
}

/// The width of the "Obiettivo" cell spanning Titolo and Descrizione, or
/// `None` where the style sets them as rows of their own (or the label
/// column is too narrow for both).
fn objective_cell_width(st: &Style, year: i32) -> Option<f32> {
    if st.classic {
        return Some(64.0);
    }
    if !st.nested_objective {
        return None;
    }
    let w = &st.wording;
    let fit =
        |label: &str| longest_word(&w.say(label, year), st.bold, st.body) + 2.0 * st.pad_x + 1.0;
    let sub = fit(w.objective).max(64.0);
    let rest = fit(w.title).max(fit(w.description));
    (sub + rest <= st.label_w).then_some(sub)
}

/// The width of the widest word of `text`.
fn longest_word(text: &str, font: Font, size: f32) -> f32 {
    text.split_whitespace()
        .map(|word| width(word, font, size))
        .fold(0.0, f32::max)
}

fn code_block(st: &Style, o: &Objective, year: i32) -> Block {
    let mut b = Block::default();
    let h = if st.code_labelled {
        b.label_value(
            st,
            0.0,
            &st.wording.say(st.wording.code, year),
            &o.code,
            st.bold,
        )
    } else {
        let size = if st.classic {
            10.0
        } else {
            (st.body + 2.0).min(12.0)
        };
        b.row(
            st,
            0.0,
            &[(0.0, st.label_w, &o.code, st.bold, size, Align::Center)],
        )
    };
    b.height = h;
    b
}

fn count_block(st: &Style, o: &Objective, year: i32) -> Block {
    let mut b = Block::default();
    let n = o
        .declared_indicators
        .map(|n| n.to_string())
        .unwrap_or_default();
    let label = st.wording.say(st.wording.count, year);
    let h = b.row(
        st,
        0.0,
        &[
            (0.0, st.label_w, &label, st.bold, st.body, Align::Left),
            (st.label_w, 40.0, &n, st.regular, st.body, Align::Center),
        ],
    );
    b.height = h;
    b
}

/// The indicator fields in table order, with their header labels.
fn indicator_fields(
    st: &Style,
    ind: &Indicator,
    year: i32,
    final_account: bool,
) -> Vec<(String, String)> {
    let w = &st.wording;
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    let mut fields = vec![
        (w.say(w.kind, year), ind.kind.clone()),
        (w.say(w.unit, year), v(&ind.unit)),
        (w.say(w.algorithm, year), v(&ind.algorithm)),
        (w.say(w.data_source, year), v(&ind.data_source)),
        (w.say(w.last_observed, year), v(&ind.last_observed)),
        (w.say(w.target, year), v(&ind.target)),
    ];
    if final_account {
        fields.push((w.say(w.actual, year), v(&ind.actual)));
    }
    fields
}

fn indicator_block(st: &Style, ind: &Indicator, r: &Report, widths: &[f32]) -> Block {
    let (year, final_account) = (r.year, r.is_final_account());
    let w = &st.wording;
    let mut b = Block::default();
    let mut y = 0.0;
    let label = format!("{} {}", w.say(w.indicator, year), ind.number);
    y += b.label_value(st, y, &label, &ind.title, st.bold);
    let measures = ind.measures.as_deref().unwrap_or("");
    y += b.label_value(st, y, &w.say(w.measures, year), measures, st.regular);
    let fields = indicator_fields(st, ind, year, final_account);
    match st.fields {
        Fields::Table => {
            y += 5.0;
            let align = if st.table_center {
                Align::Center
            } else {
                Align::Left
            };
            let mut x = 0.0;
            let mut head_cells = Vec::new();
            let mut body_cells = Vec::new();
            for ((head, value), w) in fields.iter().zip(widths) {
                head_cells.push((x, *w, head.as_str(), st.bold, st.small, Align::Center));
                body_cells.push((x, *w, value.as_str(), st.regular, st.small, align));
                x += w;
            }
            let first = b.cells.len();
            y += b.row(st, y, &head_cells);
            b.header = Some(first..b.cells.len());
            y += b.row(st, y, &body_cells);
        }
        Fields::Cards => {
            for (label, value) in &fields {
                y += b.label_value(st, y, label, value, st.regular);
            }
        }
    }
    if st.other_rows > 0 {
        y += 5.0;
    }
    let other = w.say(w.other, year);
    let other_w = 300.0_f32.min(st.content_w - st.label_w);
    for _ in 0..st.other_rows {
        y += b.row(
            st,
            y,
            &[
                (0.0, st.label_w, &other, st.regular, st.small, Align::Left),
                (st.label_w, other_w, "", st.regular, st.small, Align::Left),
            ],
        );
    }
    b.height = y;
    b
}

/// The indicator table's column widths: the classic ones, or the style's
/// weights spread over the content width, each column at least as wide as
/// its widest word in this report (offices fit tables to their contents).
fn table_widths(st: &Style, r: &Report) -> Vec<f32> {
    let final_account = r.is_final_account();
    if st.classic {
        return if final_account {
            vec![110.0, 95.0, 125.0, 130.0, 95.0, 110.0, 105.0]
        } else {
            vec![125.0, 105.0, 145.0, 145.0, 115.0, 135.0]
        };
    }
    let n = if final_account { 7 } else { 6 };
    let mut mins = vec![0.0_f32; n];
    for ind in r.objectives.iter().flat_map(|o| &o.indicators) {
        for (i, (head, value)) in indicator_fields(st, ind, r.year, final_account)
            .iter()
            .enumerate()
        {
            let need = longest_word(head, st.bold, st.small)
                .max(longest_word(value, st.regular, st.small));
            mins[i] = mins[i].max(need + 2.0 * st.pad_x + 1.0);
        }
    }
    fit_columns(&st.columns[..n], &mins, st.content_w)
}

/// Widths in proportion to `weights` summing to `total`, none below its
/// minimum (where the minimums allow it).
fn fit_columns(weights: &[f32], mins: &[f32], total: f32) -> Vec<f32> {
    let mut fixed = vec![false; weights.len()];
    loop {
        let free_w: f32 = (0..weights.len())
            .filter(|&i| !fixed[i])
            .map(|i| weights[i])
            .sum();
        let left = total
            - (0..weights.len())
                .filter(|&i| fixed[i])
                .map(|i| mins[i])
                .sum::<f32>();
        let widths: Vec<f32> = (0..weights.len())
            .map(|i| {
                if fixed[i] {
                    mins[i]
                } else {
                    weights[i] / free_w * left
                }
            })
            .collect();
        let short: Vec<usize> = (0..weights.len())
            .filter(|&i| !fixed[i] && widths[i] < mins[i])
            .collect();
        if short.is_empty() {
            return widths;
        }
        for i in short {
            fixed[i] = true;
        }
        if fixed.iter().all(|&f| f) {
            let sum: f32 = mins.iter().sum();
            return mins.iter().map(|m| m / sum * total).collect();
        }
    }
}

/// The sentence-case form of an upper-case title, as the overview prints it.
fn sentence_case(s: &str) -> String {
    let low = s.to_lowercase();
    let mut c = low.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => low,
    }
}

/// The first page's title block (where the style has a cover) and the
/// summary matrix's heading.
fn title_block(st: &Style, r: &Report) -> Block {
    let mut title = Block::default();
    let mut y = 40.0;
    let cw = st.content_w;
    if st.cover {
        let kind_line = if r.is_final_account() {
            format!(
                "Rendicontazione al 31/12/{} - Allegato al Bilancio d'esercizio {}",
                r.year, r.year
            )
        } else {
            format!("Allegato al Bilancio preventivo {}", r.year)
        };
        for (text, font, size) in [
            (r.entity.clone(), st.bold, 16.0),
            (
                "PIANO DEGLI INDICATORI E DEI RISULTATI ATTESI DI BILANCIO".to_string(),
                st.bold,
                13.0,
            ),
            (format!("(P.I.R.A. {})", r.year), st.regular, 12.0),
            (kind_line, st.regular, 10.0),
        ] {
            let (_, h) = title.text_cell(st, 0.0, y, cw, &text, font, size, Align::Center, false);
            y += h + 4.0;
        }
        y += 14.0;
        let intro = if r.is_final_account() {
            format!(
                "Il presente documento rendiconta i risultati conseguiti nel {y} rispetto agli obiettivi e agli indicatori del Piano degli indicatori e dei risultati attesi di bilancio (P.I.R.A.), redatto ai sensi del D.M. 27 marzo 2013. Per ciascun obiettivo sono riportati la missione e il programma di riferimento, il centro di responsabilità, le risorse finanziarie e gli indicatori con il valore a consuntivo.",
                y = r.year
            )
        } else {
            format!(
                "Il Piano degli indicatori e dei risultati attesi di bilancio (P.I.R.A.) allegato al bilancio preventivo {y} espone, per ciascuna missione e programma, gli obiettivi che la Camera intende realizzare, gli indicatori con cui ne misura il grado di raggiungimento e il risultato atteso al 31/12/{y}.",
                y = r.year
            )
        };
        let (_, h) = title.text_cell(st, 0.0, y, cw, &intro, st.regular, 9.0, Align::Left, false);
        y += h + 10.0;
    } else {
        y = 0.0;
    }
    if st.summary {
        let (_, h) = title.text_cell(
            st,
            0.0,
            y,
            cw,
            "QUADRO RIEPILOGATIVO DEGLI OBIETTIVI",
            st.bold,
            10.0,
            Align::Left,
            false,
        );
        y += h + 2.0;
    }
    title.height = y;
    title
}

/// The summary matrix: its header row and one row per objective.
fn summary_blocks(st: &Style, r: &Report) -> (Block, Vec<Block>) {
    let scale = st.content_w / 770.0;
    let widths = [170.0 * scale, 250.0 * scale, 70.0 * scale, 280.0 * scale];
    let xs = [0.0, 170.0 * scale, 420.0 * scale, 490.0 * scale];
    let mut head = Block::default();
    let heads = ["Missione", "Programma", "Codice", "Obiettivo"];
    let cells: Vec<_> = (0..4)
        .map(|i| (xs[i], widths[i], heads[i], st.bold, st.small, Align::Center))
        .collect();
    head.height = head.row(st, 0.0, &cells);
    let rows = r
        .objectives
        .iter()
        .map(|o| {
            let mut b = Block::default();
            let m = format!("{} - {}", o.mission_code, o.mission_name);
            let p = format!("{} - {}", o.programme_code, o.programme_name);
            let t = sentence_case(&o.title);
            let texts = [m.as_str(), p.as_str(), o.code.as_str(), t.as_str()];
            let cells: Vec<_> = (0..4)
                .map(|i| {
                    let align = if i == 2 { Align::Center } else { Align::Left };
                    (xs[i], widths[i], texts[i], st.regular, st.small, align)
                })
                .collect();
            b.height = b.row(st, 0.0, &cells);
            b
        })
        .collect();
    (head, rows)
}

/// Pages as lists of placed blocks.
struct Flow {
    pages: Vec<Vec<(f32, Block)>>,
    y: f32,
    top: f32,
    bottom: f32,
    /// Cut blocks that do not fit instead of moving them whole.
    split: bool,
    repeat_header: bool,
    /// Blocks cut so far.
    cuts: usize,
}

impl Flow {
    fn new(st: &Style) -> Self {
        Flow {
            pages: vec![Vec::new()],
            y: st.top,
            top: st.top,
            bottom: st.bottom,
            split: st.split_blocks,
            repeat_header: st.repeat_header,
            cuts: 0,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    fn fits(&self, b: &Block) -> bool {
        self.y + b.height <= self.bottom
    }

    fn page_empty(&self) -> bool {
        self.pages.last().is_some_and(|p| p.is_empty())
    }

    /// Places `b`, cut across pages or on a new page if it does not fit;
    /// returns the 1-based pages it lands on.
    fn place(&mut self, b: Block, gap_after: f32) -> Vec<usize> {
        let mut b = b;
        let mut pages = Vec::new();
        if self.split && !self.fits(&b) {
            let room = self.bottom - self.y;
            if let Some(&y) = b.breaks().iter().rev().find(|&&y| y <= room) {
                let (above, below) = b.cut(y, self.repeat_header);
                self.cuts += 1;
                pages.push(self.put(above, 0.0));
                self.new_page();
                b = below;
            }
        }
        if !self.fits(&b) && !self.page_empty() {
            self.new_page();
        }
        pages.push(self.put(b, gap_after));
        pages
    }

    fn put(&mut self, b: Block, gap_after: f32) -> usize {
        let h = b.height;
        self.pages.last_mut().expect("a page").push((self.y, b));
        self.y += h + gap_after;
        self.pages.len()
    }
}

fn fmt(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A PDF literal string of WinAnsi bytes.
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for b in encode(s) {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7E => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
    out
}

/// Content stream operators, in top-down page coordinates.
struct Canvas {
    ops: Vec<u8>,
    page_h: f32,
    rules: Rules,
    leading: f32,
    pad_x: f32,
    pad_y: f32,
}

impl Canvas {
    fn new(st: &Style) -> Self {
        Canvas {
            ops: Vec::new(),
            page_h: st.page_h,
            rules: st.rules,
            leading: st.lead,
            pad_x: st.pad_x,
            pad_y: st.pad_y,
        }
    }

    fn raw(&mut self, s: &str) {
        self.ops.extend_from_slice(s.as_bytes());
        self.ops.push(b'\n');
    }

    fn text(&mut self, x: f32, baseline: f32, font: Font, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        self.raw(&format!(
            "BT /{} {} Tf {} {} Td",
            font.resource(),
            fmt(size),
            fmt(x),
            fmt(self.page_h - baseline)
        ));
        self.ops.extend_from_slice(&pdf_string(s));
        self.raw(" Tj ET");
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.raw(&format!(
            "{} {} {} {} re S",
            fmt(x),
            fmt(self.page_h - top - h),
            fmt(w),
            fmt(h)
        ));
    }

    /// A stroked line from (x0, y0) to (x1, y1), top-down coordinates.
    fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        self.raw(&format!(
            "{} {} m {} {} l S",
            fmt(x0),
            fmt(self.page_h - y0),
            fmt(x1),
            fmt(self.page_h - y1)
        ));
    }

    /// A thin filled rectangle along an edge.
    fn bar(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.raw(&format!(
            "{} {} {} {} re f",
            fmt(x),
            fmt(self.page_h - top - h),
            fmt(w),
            fmt(h)
        ));
    }

    fn borders(&mut self, x: f32, top: f32, w: f32, h: f32) {
        let (right, bottom) = (x + w, top + h);
        match self.rules {
            Rules::Grid => self.rect(x, top, w, h),
            Rules::GridLines => {
                self.line(x, top, right, top);
                self.line(x, bottom, right, bottom);
                self.line(x, top, x, bottom);
                self.line(right, top, right, bottom);
            }
            Rules::GridFilled => {
                let t = 0.5;
                self.bar(x - t / 2.0, top - t / 2.0, w + t, t);
                self.bar(x - t / 2.0, bottom - t / 2.0, w + t, t);
                self.bar(x - t / 2.0, top - t / 2.0, t, h + t);
                self.bar(right - t / 2.0, top - t / 2.0, t, h + t);
            }
            Rules::Horizontal => {
                self.line(x, top, right, top);
                self.line(x, bottom, right, bottom);
            }
            Rules::None => {}
        }
    }

    fn cell(&mut self, x0: f32, y0: f32, c: &Cell) {
        let x = x0 + c.x;
        let top = y0 + c.dy;
        if c.border {
            self.borders(x, top, c.w, c.h);
        }
        let lead = c.size * self.leading;
        let block = c.lines.len() as f32 * lead;
        let first_top = if c.valign_center {
            top + (c.h - block) / 2.0
        } else {
            top + self.pad_y
        };
        for (i, line) in c.lines.iter().enumerate() {
            // Baseline: the cap height centred in the line's box.
            let baseline = first_top + i as f32 * lead + (lead + c.size * 0.72) / 2.0;
            let tx = match c.align {
                Align::Left => x + self.pad_x,
                Align::Center => x + (c.w - width(line, c.font, c.size)) / 2.0,
            };
            self.text(tx, baseline, c.font, c.size, line);
        }
    }
}

/// Lays the report out and writes the PDF.
pub fn render(r: &Report, opts: &Options, st: &Style) -> Rendered {
    let mut flow = Flow::new(st);
    if !opts.no_cover && (st.cover || st.summary) {
        flow.place(title_block(st, r), 0.0);
        if st.summary {
            let (head, rows) = summary_blocks(st, r);
            for row in rows {
                if !flow.fits(&row) {
                    flow.new_page();
                    flow.place(head.clone(), 0.0);
                } else if flow.pages.last().is_some_and(|p| p.len() == 1) {
                    flow.place(head.clone(), 0.0);
                }
                flow.place(row, 0.0);
            }
        }
    }

    let widths = table_widths(st, r);
    let mut objective_pages = Vec::new();
    for (oi, o) in r.objectives.iter().enumerate() {
        if !flow.page_empty() {
            flow.new_page();
        }
        let mut pages = Vec::new();
        if st.code_above {
            pages.extend(flow.place(code_block(st, o, r.year), 6.0));
        }
        pages.extend(flow.place(scheda_block(st, o, r.year), 8.0));
        if !st.code_above {
            pages.extend(flow.place(code_block(st, o, r.year), 6.0));
        }
        if opts.split_objective == Some(oi) {
            flow.new_page();
        }
        pages.extend(flow.place(count_block(st, o, r.year), 10.0));
        for ind in &o.indicators {
            pages.extend(flow.place(indicator_block(st, ind, r, &widths), 12.0));
        }
        pages.dedup();
        objective_pages.push(pages);
    }

    let total = flow.pages.len();
    let rotated = match opts.rotate {
        Some(n) if total > 1 => Some(1 + (n % (total as u64 - 1)) as usize),
        Some(_) if opts.no_cover => Some(0),
        _ => None,
    };
    let header = format!(
        "{} - P.I.R.A. {} - {}",
        r.entity,
        r.year,
        if r.is_final_account() {
            "Rendicontazione"
        } else {
            "Bilancio preventivo"
        }
    );
    let first_has_cover = !opts.no_cover && st.cover;
    let mut contents = Vec::new();
    for (pi, blocks) in flow.pages.iter().enumerate() {
        let mut c = Canvas::new(st);
        c.raw("q");
        if rotated == Some(pi) {
            // MediaBox turned a quarter and shown with /Rotate 90: draw the
            // content turned a quarter counter-clockwise so the viewer's
            // clockwise turn shows it upright.
            c.raw(&format!("0 1 -1 0 {} 0 cm", fmt(st.page_h)));
        }
        c.raw("0.6 w 0 G 0 g");
        if pi > 0 || !first_has_cover {
            let w = width(&header, st.regular, 7.0);
            let x = st.left + st.content_w - w;
            c.text(x, st.top - 18.0, st.regular, 7.0, &header);
        }
        for (y, b) in blocks {
            for cell in &b.cells {
                c.cell(st.left, *y, cell);
            }
        }
        let foot = format!("Pagina {} di {}", pi + 1, total);
        let w = width(&foot, st.regular, 7.0);
        let bottom = st.page_h - 18.0;
        c.text((st.page_w - w) / 2.0, bottom, st.regular, 7.0, &foot);
        c.raw("Q");
        contents.push(c.ops);
    }
    let bytes = write_pdf(r, st, contents, rotated);
    Rendered {
        bytes,
        pages: total,
        objective_pages,
        rotated_page: rotated.map(|p| p + 1),
        split_blocks: flow.cuts,
    }
}

fn write_pdf(r: &Report, st: &Style, contents: Vec<Vec<u8>>, rotated: Option<usize>) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let mut fonts = lopdf::Dictionary::new();
    for f in [st.regular, st.bold] {
        let id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => Object::Name(f.base_font().as_bytes().to_vec()),
            "Encoding" => "WinAnsiEncoding",
        });
        fonts.set(f.resource(), id);
    }
    let resources = doc.add_object(dictionary! {
        "Font" => fonts,
        "ProcSet" => vec![Object::Name(b"PDF".to_vec()), Object::Name(b"Text".to_vec())],
    });
    let (w, h) = (st.page_w as i64, st.page_h as i64);
    let mut kids = Vec::new();
    for (i, ops) in contents.into_iter().enumerate() {
        let content = doc.add_object(Stream::new(dictionary! {}, ops));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Resources" => resources,
        };
        if rotated == Some(i) {
            page.set("MediaBox", vec![0.into(), 0.into(), h.into(), w.into()]);
            page.set("Rotate", 90);
        } else {
            page.set("MediaBox", vec![0.into(), 0.into(), w.into(), h.into()]);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal(format!("P.I.R.A. {} - {}", r.year, r.entity).into_bytes()),
        "Producer" => Object::string_literal("pira make_fixtures"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing to memory");
    out
}

/// The layout choices of a report, drawn from its seed; `compact`: no
/// cover, no forced split, no rotated page (for the smallest fixtures).
pub fn options_for(spec: &Spec, r: &Report, st: &Style, compact: bool) -> Options {
    if compact {
        return Options {
            no_cover: true,
            split_objective: None,
            rotate: None,
        };
    }
    let mut rng = Rng::new(spec.seed).fork(u64::from(spec.index) + 1).fork(7);
    let n = r.objectives.len();
    // Prefer an objective with several indicators for the forced split.
    let many: Vec<usize> = (0..n)
        .filter(|&i| r.objectives[i].indicators.len() > 1)
        .collect();
    let split = if many.is_empty() {
        (n > 0).then(|| rng.below(n))
    } else {
        Some(*rng.pick(&many))
    };
    let rotate = rng.next_u64();
    if st.classic {
        return Options {
            no_cover: false,
            split_objective: split,
            rotate: Some(rotate),
        };
    }
    Options {
        no_cover: false,
        split_objective: split.filter(|_| rng.chance(50)),
        rotate: st.rotate_page.then_some(rotate),
    }
}

/// The style of a report: classic, or drawn from its seed.
pub fn style_for(spec: &Spec) -> Style {
    if spec.random_style {
        let mut rng = Rng::new(spec.seed).fork(u64::from(spec.index) + 1).fork(11);
        Style::random(&mut rng)
    } else {
        Style::classic()
    }
}

/// A report, its file name, its PDF and its style; objectives are added
/// until the PDF has at least `pages_min` pages.
pub fn build_styled(
    spec: &Spec,
    pages_min: usize,
    compact: bool,
) -> (Report, String, Rendered, Style) {
    let style = style_for(spec);
    let mut extra = 0;
    loop {
        let mut report = generate(spec, extra);
        let mut name = report_name(&report, spec);
        if compact {
            name.push_str("_compact");
        }
        report.source = format!("{name}.pdf");
        if !style.wording.target_dated() {
            // The page states no date for the target.
            for ind in report.objectives.iter_mut().flat_map(|o| &mut o.indicators) {
                ind.target_date = None;
            }
        }
        let opts = options_for(spec, &report, &style, compact);
        let rendered = render(&report, &opts, &style);
        if rendered.pages >= pages_min || extra >= 1000 {
            return (report, name, rendered, style);
        }
        extra += 1;
    }
}
