//! The blocks of a report page: cells of wrapped text laid out in rows
//! (scheda, objective code, indicator count, indicator table or cards,
//! cover title and summary matrix), in the sizes and wording of a
//! [`Style`], and where a block may be cut across pages.

use crate::metrics::{width, Font};
use crate::records::{Indicator, Objective, Report};
use crate::style::{Fields, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

/// One positioned cell of a block: offsets from the block's top-left.
#[derive(Debug, Clone)]
pub struct Cell {
    pub x: f32,
    pub dy: f32,
    pub w: f32,
    pub h: f32,
    pub lines: Vec<String>,
    pub font: Font,
    pub size: f32,
    pub align: Align,
    pub valign_center: bool,
    pub border: bool,
    /// Drawn on a grey background.
    pub shade: bool,
}

/// Cells laid out together; cut across pages only between rows, and only
/// where the style allows it.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub height: f32,
    pub cells: Vec<Cell>,
    /// The cells of a table header row, repeated above the rest of the
    /// table where the block is cut below them (if the style says so).
    pub header: Option<std::ops::Range<usize>>,
    /// What the block is: "scheda", "indicator", "" for the others.
    pub kind: &'static str,
}

/// One cell of a row: x, width, text, font, size, alignment.
pub type RowCell<'a> = (f32, f32, &'a str, Font, f32, Align);

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
    pub fn text_cell(
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
            shade: false,
        });
        (self.cells.len() - 1, h)
    }

    /// A row of cells sharing one height (the tallest).
    pub fn row(&mut self, st: &Style, dy: f32, cells: &[RowCell]) -> f32 {
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

    /// Label cell on the left (shaded where the style says so), value on
    /// the right, in the body size.
    pub fn label_value(
        &mut self,
        st: &Style,
        dy: f32,
        label: &str,
        value: &str,
        font: Font,
    ) -> f32 {
        let lw = st.label_w;
        let first = self.cells.len();
        let h = self.row(
            st,
            dy,
            &[
                (0.0, lw, label, st.bold, st.body, Align::Left),
                (lw, st.content_w - lw, value, font, st.body, Align::Left),
            ],
        );
        self.cells[first].shade = st.shade_labels;
        h
    }

    /// Shades the cells from `first` on (a header row).
    pub fn shade_from(&mut self, first: usize, shade: bool) {
        for c in &mut self.cells[first..] {
            c.shade = shade;
        }
    }

    /// Heights where the block may be cut: row edges no cell spans.
    pub fn breaks(&self) -> Vec<f32> {
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
    pub fn cut(self, y: f32, repeat_header: bool) -> (Block, Block) {
        let mut above = Block {
            height: y,
            kind: self.kind,
            ..Block::default()
        };
        let mut below = Block {
            kind: self.kind,
            ..Block::default()
        };
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

pub fn scheda_block(st: &Style, o: &Objective, year: i32) -> Block {
    let w = &st.wording;
    let say = |label: &str| w.say(label, year);
    let mut b = Block {
        kind: "scheda",
        ..Block::default()
    };
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
pub fn longest_word(text: &str, font: Font, size: f32) -> f32 {
    text.split_whitespace()
        .map(|word| width(word, font, size))
        .fold(0.0, f32::max)
}

pub fn code_block(st: &Style, o: &Objective, year: i32) -> Block {
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
        let (size, w) = if st.classic {
            (10.0, st.label_w)
        } else {
            let size = (st.body + 2.0).min(12.0);
            let need = width(&o.code, st.bold, size) + 2.0 * st.pad_x + 2.0;
            (size, st.label_w.max(need))
        };
        b.row(st, 0.0, &[(0.0, w, &o.code, st.bold, size, Align::Center)])
    };
    b.height = h;
    b
}

pub fn count_block(st: &Style, o: &Objective, year: i32) -> Block {
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

pub fn indicator_block(st: &Style, ind: &Indicator, r: &Report, widths: &[f32]) -> Block {
    let (year, final_account) = (r.year, r.is_final_account());
    let w = &st.wording;
    let mut b = Block {
        kind: "indicator",
        ..Block::default()
    };
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
            b.shade_from(first, st.shade_headers);
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
pub fn table_widths(st: &Style, r: &Report) -> Vec<f32> {
    let final_account = r.is_final_account();
    if st.classic {
        return if final_account {
            vec![110.0, 95.0, 125.0, 130.0, 95.0, 110.0, 105.0]
        } else {
            vec![125.0, 105.0, 145.0, 145.0, 115.0, 135.0]
        };
    }
    let n = if final_account { 7 } else { 6 };
    fit_columns(&st.columns[..n], &column_mins(st, r), st.content_w)
}

/// Each indicator table column's width for its widest word.
fn column_mins(st: &Style, r: &Report) -> Vec<f32> {
    let final_account = r.is_final_account();
    let mut mins = vec![0.0_f32; if final_account { 7 } else { 6 }];
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
    mins
}

/// A drawn style fitted to a report, as an office fits its template: the
/// label column wide enough for its longest word, the indicator table's
/// type made smaller (not below 7 pt), then the cell padding, until every
/// column holds its widest word. No word is then cut inside.
pub fn fitted(st: &Style, r: &Report) -> Style {
    let mut st = st.clone();
    if st.classic {
        return st;
    }
    let w = &st.wording;
    let labels = [
        w.mission,
        w.programme,
        w.objective,
        w.title,
        w.description,
        w.time_frame,
        w.centre,
        w.resources,
        w.count,
        w.code,
        w.indicator,
        w.measures,
        w.kind,
        w.unit,
        w.algorithm,
        w.data_source,
        w.last_observed,
        w.target,
        w.actual,
    ];
    let widest = labels
        .iter()
        .map(|l| longest_word(&w.say(l, r.year), st.bold, st.body))
        .fold(0.0, f32::max);
    st.label_w = st.label_w.max(widest + 2.0 * st.pad_x + 1.0);
    let other = longest_word(&w.say(w.other, r.year), st.regular, st.small);
    st.label_w = st.label_w.max(other + 2.0 * st.pad_x + 1.0);
    if st.fields == Fields::Table {
        let tight = |st: &Style| column_mins(st, r).iter().sum::<f32>() > st.content_w;
        while st.small > 7.0 && tight(&st) {
            st.small -= 0.5;
        }
        while st.pad_x > 1.0 && tight(&st) {
            st.pad_x -= 0.5;
        }
    }
    st
}

/// Widths in proportion to `weights` summing to `total`, none below its
/// minimum (where the minimums allow it).
pub fn fit_columns(weights: &[f32], mins: &[f32], total: f32) -> Vec<f32> {
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
pub fn sentence_case(s: &str) -> String {
    let low = s.to_lowercase();
    let mut c = low.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => low,
    }
}

/// The first page's title block (where the style has a cover) and the
/// summary matrix's heading.
pub fn title_block(st: &Style, r: &Report) -> Block {
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
pub fn summary_blocks(st: &Style, r: &Report) -> (Block, Vec<Block>) {
    let widths = if st.classic {
        vec![170.0, 250.0, 70.0, 280.0]
    } else {
        // Each column holds its widest word (the code, in the third).
        let mut mins = vec![0.0_f32; 4];
        for o in &r.objectives {
            let texts = [&o.mission_name, &o.programme_name, &o.code, &o.title];
            for (m, t) in mins.iter_mut().zip(texts) {
                *m = m.max(longest_word(t, st.regular, st.small) + 2.0 * st.pad_x + 1.0);
            }
        }
        fit_columns(&[170.0, 250.0, 70.0, 280.0], &mins, st.content_w)
    };
    let mut xs = [0.0_f32; 4];
    for i in 1..4 {
        xs[i] = xs[i - 1] + widths[i - 1];
    }
    let mut head = Block::default();
    let heads = ["Missione", "Programma", "Codice", "Obiettivo"];
    let cells: Vec<_> = (0..4)
        .map(|i| (xs[i], widths[i], heads[i], st.bold, st.small, Align::Center))
        .collect();
    head.height = head.row(st, 0.0, &cells);
    head.shade_from(0, st.shade_headers);
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
