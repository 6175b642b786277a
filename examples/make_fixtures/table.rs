//! The tables of the wide-table and matrix templates: columns fitted to the
//! page, a header row on every page, and an objective's own cells (its
//! title, its mission, its programme) in one cell spanning its indicators'
//! rows or repeated in each; where the style says so, a mission's or
//! programme's cell spans every consecutive objective it holds.

use std::ops::Range;

use crate::blocks::{fit_columns, longest_word, Align, Block};
use crate::metrics::{width, Font};
use crate::pdf::Flow;
use crate::style::Style;
use crate::templates::{cover, Gold};

/// One column of a table: its header, its weight, how its cells align.
#[derive(Debug, Clone)]
pub struct Column {
    pub head: String,
    pub weight: f32,
    pub align: Align,
    /// Its body lines are never wrapped (a target's operator stays with
    /// its value).
    pub nowrap: bool,
}

/// One objective's rows of a table, each with every column's text; the
/// `shared` columns hold the same text in every row (the objective's own
/// cells: they span the rows or repeat).
pub struct Group {
    pub rows: Vec<Vec<String>>,
    pub shared: Vec<bool>,
}

/// Which shared cells span rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Span {
    /// Every cell repeats in its row.
    None,
    /// An objective's shared cells span its rows.
    Objective,
    /// Besides, the `wide` shared columns span consecutive objectives
    /// whose texts there (and in the wide columns before) are the same.
    Wide,
}

impl Span {
    fn lower(self) -> Span {
        match self {
            Span::Wide => Span::Objective,
            _ => Span::None,
        }
    }
}

/// A table report laid out on pages: the cover (where the style has one),
/// then the table fitted to the page width, its header row on every page,
/// its cells spanning rows as `span` says (less where a block of spanned
/// rows would not fit on a page). Returns the pages and, for each group,
/// the 1-based pages it occupies.
pub fn lay_table(
    st: &mut Style,
    cols: &[Column],
    groups: &[Group],
    span: Span,
    wide: &[bool],
    gold: &Gold,
) -> (Flow, Vec<Vec<usize>>) {
    let rows: Vec<Vec<String>> = groups.iter().flat_map(|g| g.rows.clone()).collect();
    let group_of: Vec<usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| std::iter::repeat_n(i, g.rows.len()))
        .collect();
    let widths = fit_table(st, cols, &rows);
    let header = header_block(st, cols, &widths);
    let st: &Style = st;
    let grid = Grid {
        st,
        cols,
        widths: &widths,
        groups,
        rows: &rows,
        group_of: &group_of,
        wide,
        room: st.bottom - st.top - header.height,
    };
    let blocks = grid.blocks(0..rows.len(), span);
    let mut flow = Flow::new(st);
    if st.cover {
        flow.place(cover(st, &gold.entity, gold.year, gold.kind), 12.0);
    }
    let row_pages = place_table(&mut flow, &header, blocks);
    let mut pages = vec![Vec::new(); groups.len()];
    for (r, page) in row_pages.into_iter().enumerate() {
        let on: &mut Vec<usize> = &mut pages[group_of[r]];
        if on.last() != Some(&page) {
            on.push(page);
        }
    }
    (flow, pages)
}

/// A table's rows and what is needed to lay them out in blocks.
struct Grid<'a> {
    st: &'a Style,
    cols: &'a [Column],
    widths: &'a [f32],
    groups: &'a [Group],
    rows: &'a [Vec<String>],
    group_of: &'a [usize],
    wide: &'a [bool],
    /// The height a block may take on a page under the header row.
    room: f32,
}

impl Grid<'_> {
    /// The rows' key in column `c` under `span`: rows whose keys there are
    /// equal (and not `None`) share one cell.
    fn key(&self, r: usize, c: usize, span: Span) -> Option<String> {
        let g = self.group_of[r];
        if span == Span::None || !self.groups[g].shared[c] {
            return None;
        }
        if span == Span::Wide && self.wide[c] {
            // A wide cell spans while it and every wide cell before it
            // hold the same text.
            let texts: Vec<&str> = (0..=c)
                .filter(|&k| self.wide[k])
                .map(|k| self.rows[r][k].as_str())
                .collect();
            return Some(texts.join("\u{1}"));
        }
        Some(format!("{g}\u{1}{}", self.rows[r][c]))
    }

    /// Whether row `r` shares a cell with the row above.
    fn joined(&self, r: usize, c: usize, span: Span) -> bool {
        r > 0 && self.key(r, c, span).is_some() && self.key(r, c, span) == self.key(r - 1, c, span)
    }

    /// The rows cut into blocks no spanning cell crosses, each laid out;
    /// a block taller than a page is laid out again with less spanning.
    fn blocks(&self, rows: Range<usize>, span: Span) -> Vec<(Block, Range<usize>)> {
        let mut out = Vec::new();
        let mut start = rows.start;
        for r in rows.start + 1..=rows.end {
            let cut = r == rows.end || !(0..self.cols.len()).any(|c| self.joined(r, c, span));
            if !cut {
                continue;
            }
            let b = self.block(start..r, span);
            if b.height > self.room && span != Span::None {
                out.extend(self.blocks(start..r, span.lower()));
            } else {
                out.push((b, start..r));
            }
            start = r;
        }
        out
    }

    /// One block: its cells in reading order, a spanning cell at its first
    /// row; the last row of a span grows where the spanning text needs it.
    fn block(&self, rows: Range<usize>, span: Span) -> Block {
        let st = self.st;
        let mut b = Block {
            kind: "rows",
            ..Block::default()
        };
        let xs: Vec<f32> = self
            .widths
            .iter()
            .scan(0.0, |x, w| {
                *x += w;
                Some(*x - w)
            })
            .collect();
        // (cell, first row, last row, height its text needs), rows from 0.
        let mut cells = Vec::new();
        for r in rows.clone() {
            for (c, (col, &x)) in self.cols.iter().zip(&xs).enumerate() {
                if r > rows.start && self.joined(r, c, span) {
                    continue;
                }
                let mut last = r;
                while last + 1 < rows.end && self.joined(last + 1, c, span) {
                    last += 1;
                }
                let (i, need) = b.text_cell(
                    st,
                    x,
                    0.0,
                    self.widths[c],
                    &self.rows[r][c],
                    st.regular,
                    st.small,
                    col.align,
                    true,
                );
                cells.push((i, r - rows.start, last - rows.start, need));
            }
        }
        let heights = row_heights(rows.len(), &cells);
        let tops: Vec<f32> = std::iter::once(0.0)
            .chain(heights.iter().scan(0.0, |y, h| {
                *y += h;
                Some(*y)
            }))
            .collect();
        for &(i, first, last, _) in &cells {
            b.cells[i].dy = tops[first];
            b.cells[i].h = tops[last + 1] - tops[first];
        }
        b.height = tops[rows.len()];
        b
    }
}

/// Each row's height: its tallest one-row cell, then, for every spanning
/// cell whose text needs more than its rows give, its last row made taller.
fn row_heights(n: usize, cells: &[(usize, usize, usize, f32)]) -> Vec<f32> {
    let mut heights = vec![0.0_f32; n];
    for &(_, first, last, need) in cells {
        if first == last {
            heights[first] = heights[first].max(need);
        }
    }
    loop {
        let mut grown = false;
        for &(_, first, last, need) in cells {
            let have: f32 = heights[first..=last].iter().sum();
            if need > have + 0.01 {
                heights[last] += need - have;
                grown = true;
            }
        }
        if !grown {
            return heights;
        }
    }
}

/// A table's columns laid out over the content width: each at least as
/// wide as its widest word (header or body), the type made smaller and
/// the padding thinner (as offices do) until they fit.
fn fit_table(st: &mut Style, cols: &[Column], body: &[Vec<String>]) -> Vec<f32> {
    let mins = |st: &Style| -> Vec<f32> {
        cols.iter()
            .enumerate()
            .map(|(i, c)| {
                let widest = body
                    .iter()
                    .map(|row| {
                        if c.nowrap {
                            longest_line(&row[i], st.regular, st.small)
                        } else {
                            longest_word(&row[i], st.regular, st.small)
                        }
                    })
                    .fold(longest_word(&c.head, st.bold, st.small), f32::max);
                widest + 2.0 * st.pad_x + 1.0
            })
            .collect()
    };
    while st.small > 7.0 && mins(st).iter().sum::<f32>() > st.content_w {
        st.small -= 0.5;
    }
    while st.pad_x > 1.0 && mins(st).iter().sum::<f32>() > st.content_w {
        st.pad_x -= 0.5;
    }
    let weights: Vec<f32> = cols.iter().map(|c| c.weight).collect();
    fit_columns(&weights, &mins(st), st.content_w)
}

/// The width of the widest line of `text`.
fn longest_line(text: &str, font: Font, size: f32) -> f32 {
    text.lines()
        .map(|line| width(line, font, size))
        .fold(0.0, f32::max)
}

/// The header row of a table.
fn header_block(st: &Style, cols: &[Column], widths: &[f32]) -> Block {
    let mut b = Block::default();
    let mut x = 0.0;
    let cells: Vec<_> = cols
        .iter()
        .zip(widths)
        .map(|(c, &w)| {
            let cell = (x, w, c.head.as_str(), st.bold, st.small, Align::Center);
            x += w;
            cell
        })
        .collect();
    b.height = b.row(st, 0.0, &cells);
    b.shade_from(0, st.shade_headers);
    b
}

/// Places a table's blocks on pages, the header row on top of the table
/// and again on every page it runs over to; returns each row's 1-based
/// page.
fn place_table(flow: &mut Flow, header: &Block, blocks: Vec<(Block, Range<usize>)>) -> Vec<usize> {
    let mut header_page = None;
    let mut pages = Vec::new();
    for (b, rows) in blocks {
        let need = if header_page == Some(flow.pages.len()) {
            b.height
        } else {
            header.height + b.height
        };
        if flow.y + need > flow.bottom {
            flow.new_page();
        }
        if header_page != Some(flow.pages.len()) {
            flow.place(header.clone(), 0.0);
            header_page = Some(flow.pages.len());
        }
        let page = flow.place(b, 0.0)[0];
        pages.extend(std::iter::repeat_n(page, rows.len()));
    }
    pages
}
