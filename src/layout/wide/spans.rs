//! Grouping cells that span rows (Missione, Programma, Obiettivo): from
//! the rules that do not cross them, else from where their text sits.

use super::*;

/// What one page's part of the table is read by: its rows (indices into
/// the table's), its columns and their boundaries, its rules and the
/// height of its text; whether its words are a text layer's (their
/// boxes the font's, a text's lines at one pitch) rather than OCR's;
/// on a scan, the leading its cells' lines share, where measured.
pub(super) struct PageGeometry {
    pub(super) rows: std::ops::Range<usize>,
    pub(super) leading: Option<f32>,
    pub(super) columns: Rc<Vec<TableColumn>>,
    pub(super) bounds: Vec<f32>,
    pub(super) rules: Vec<Rule>,
    pub(super) height: f32,
    pub(super) typeset: bool,
}

impl PageGeometry {
    /// The rules across column `c`, where it is ruled (two or more).
    pub(super) fn ruled(&self, c: usize) -> Option<Vec<f32>> {
        let ruled = rules_across(&self.rules, middle(&self.columns, &self.bounds, c));
        (ruled.len() >= 2).then_some(ruled)
    }
}

/// Whether the unruled grouping cells of the table stand at the top of
/// their spans (else in their middle), as the table's texts in them show
/// together: a document sets its cells one way. A text that stands lower
/// than its first row's text says the middle; one level with it says the
/// top, unless it also lies in the middle of its rows (a span of one
/// row, its cell the tallest), which says nothing. A text in the middle
/// of a span stands level with a row's text now and then by chance, so
/// the top needs three votes in four; with no vote either way, the top.
pub(super) fn top_aligned(rows: &[Row], geometry: &[PageGeometry]) -> bool {
    let (mut top, mut middle) = (0, 0);
    for g in geometry {
        let rows = &rows[g.rows.clone()];
        let grouping = (0..g.columns.len()).filter(|&c| g.columns[c].groups());
        for c in grouping.filter(|&c| g.ruled(c).is_none()) {
            for b in blocks(rows, c, g) {
                let level = (b.y0 - rows[b.first].text_top).abs() <= 0.5 * g.height;
                let centre = (rows[b.first].y0 + rows[b.last].y1) / 2.0;
                let centred = ((b.y0 + b.y1) / 2.0 - centre).abs() <= 0.5 * g.height;
                match (level, centred) {
                    (false, _) => middle += 1,
                    (true, false) => top += 1,
                    (true, true) => {}
                }
            }
        }
    }
    top >= 3 * middle
}

/// Gives each row of a page the text of the grouping cells that span it.
/// A span opens at a row whose top border is ruled across the column; on
/// an unruled page, where the column's text sits: at the top of its span
/// (each text opens one) where the table's texts stand `at_top`, else in
/// its middle (the span reaches as far below the text's middle as above).
/// A word the cell's wrapping cut where a row's border crosses the text
/// ("internazionalizz" / "azione") is whole again where the two pieces
/// make a `known` word ([`crate::layout::grid::rejoin_lines`]).
pub(super) fn spans_of_page(
    rows: &mut [Row],
    g: &PageGeometry,
    at_top: bool,
    known: impl Fn(&str) -> bool,
) {
    for (c, column) in g.columns.iter().enumerate() {
        if !column.groups() || rows.is_empty() {
            continue;
        }
        let opens: Vec<bool> = match g.ruled(c) {
            Some(ruled) => rows
                .iter()
                .map(|r| ruled.iter().any(|y| (y - r.y0).abs() <= RULE_SLACK))
                .collect(),
            None => unruled_opens(rows, c, g, at_top),
        };
        for (row, &open) in rows.iter_mut().zip(&opens) {
            row.opens[c] = open;
        }
        let mut start = 0;
        for i in 1..=rows.len() {
            if i == rows.len() || opens[i] {
                let text: Vec<String> = rows[start..i]
                    .iter()
                    .flat_map(|r| r.cells[c].clone())
                    .collect();
                let text = crate::layout::grid::rejoin_lines(text, &known);
                for r in &mut rows[start..i] {
                    r.cells[c] = text.clone();
                }
                start = i;
            }
        }
    }
}

/// Where the spans of an unruled grouping column open. Its texts are
/// blocks of lines (a text may straddle two rows); each is either at its
/// span's top (every block opens a span) or in its middle (spans are cut
/// so that each block is as near its span's middle as the rows allow).
pub(super) fn unruled_opens(rows: &[Row], c: usize, g: &PageGeometry, at_top: bool) -> Vec<bool> {
    let blocks = blocks(rows, c, g);
    let mut opens = vec![false; rows.len()];
    if at_top {
        for b in &blocks {
            opens[b.first] = true;
        }
        return opens;
    }
    let mut start = 0;
    for (k, b) in blocks.iter().enumerate() {
        if start >= rows.len() {
            break;
        }
        opens[start] = true;
        let centre = (b.y0 + b.y1) / 2.0;
        let limit = blocks.get(k + 1).map_or(rows.len(), |n| n.first);
        let top = rows[start].y0;
        start = (b.last + 1..=limit.max(b.last + 1))
            .min_by(|&x, &y| {
                let dx = ((top + rows[x - 1].y1) / 2.0 - centre).abs();
                let dy = ((top + rows[y - 1].y1) / 2.0 - centre).abs();
                dx.total_cmp(&dy)
            })
            .unwrap_or(b.last + 1);
    }
    opens
}

/// One text of a grouping column: the rows it touches, and where it lies.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) y0: f32,
    pub(super) y1: f32,
}

/// The texts of column `c`: cells of successive rows whose lines follow
/// each other as closely as the lines of one text do are one text. On a
/// scan whose cells' leading is measured, the step between the two
/// cells' baselines tells: a text's lines follow at the leading, two
/// texts' stand a row's padding further apart. OCR's boxes hug the ink,
/// so the blank between them varies about as much as the padding.
pub(super) fn blocks(rows: &[Row], c: usize, g: &PageGeometry) -> Vec<Block> {
    let apart = text_break(rows, c, g);
    let mut out: Vec<Block> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some((y0, y1)) = row.extents[c] else {
            continue;
        };
        // A cell repeating the one above is its own text, however close.
        let repeats = i > 0 && row.cells[c] == rows[i - 1].cells[c];
        let follows = |b: &Block| {
            let pitched = g
                .leading
                .zip(rows[b.last].baselines[c])
                .zip(row.baselines[c]);
            match pitched {
                Some(((leading, (_, above)), (below, _))) => within_cell(below - above, leading),
                None => y0 - b.y1 <= apart,
            }
        };
        match out.last_mut() {
            Some(b) if b.last + 1 == i && follows(b) && !repeats => {
                b.last = i;
                b.y1 = y1;
            }
            _ => out.push(Block {
                first: i,
                last: i,
                y0,
                y1,
            }),
        }
    }
    out
}

/// The least blank between two texts of column `c`: more than a text
/// leaves between its lines. In a text layer a text's lines stand at one
/// pitch, so the blank its cells of two lines or more leave between their
/// lines (the median) and a little more, and a device pixel more where
/// the lines were snapped to one ([`DEVICE_PIXEL`]); two cells of adjacent rows
/// stand further apart by their padding, however tall they are. On a
/// scan, or where no cell has two lines, 0.6 of a line.
pub(super) fn text_break(rows: &[Row], c: usize, g: &PageGeometry) -> f32 {
    let loose = 0.6 * g.height;
    if !g.typeset {
        return loose;
    }
    let blanks = rows.iter().filter_map(|r| {
        let (y0, y1) = r.extents[c]?;
        let n = r.cells[c].len();
        (n >= 2).then(|| ((y1 - y0) - n as f32 * g.height) / (n - 1) as f32)
    });
    median(blanks).map_or(loose, |blank| {
        (blank.max(0.0) + 0.1 * g.height + DEVICE_PIXEL).min(loose)
    })
}

/// Joins the grouping cells a page break cut in a text layer (a scan's
/// rules stand too far from its rows' borders to tell). A page's first
/// row that opens no span of a ruled grouping column (no rule crosses the column
/// at its top: the rule there is a row column's alone, the cut row's rest
/// having joined the page before, see [`join_cut_row`]) continues the
/// span the page before ended with: the cell runs on across the break,
/// its text cut in two ("... NELL'OTTICA DELLA GESTIONE" / "DIGITALE
/// N. indicatori: 4"). Each row of the two parts takes their joined text,
/// the words the cut parted whole again where they make a `known` word.
pub(super) fn join_cut_spans(
    rows: &mut [Row],
    geometry: &[PageGeometry],
    known: impl Fn(&str) -> bool,
) {
    for g in geometry
        .iter()
        .filter(|g| g.typeset && g.rows.start > 0 && !g.rows.is_empty())
    {
        let first = g.rows.start;
        for c in (0..g.columns.len()).filter(|&c| g.columns[c].groups()) {
            if !continues_span(&rows[first - 1], &rows[first], c) || g.ruled(c).is_none() {
                continue;
            }
            let mut start = first - 1;
            while start > 0
                && !rows[start].opens.get(c).copied().unwrap_or(true)
                && rows[start - 1].cells.get(c) == rows[start].cells.get(c)
            {
                start -= 1;
            }
            let end = (first + 1..g.rows.end)
                .find(|&i| rows[i].opens[c])
                .unwrap_or(g.rows.end);
            let mut text = rows[first - 1].cells[c].clone();
            text.extend(rows[first].cells[c].iter().cloned());
            let text = crate::layout::grid::rejoin_lines(text, &known);
            for r in &mut rows[start..end] {
                r.cells[c] = text.clone();
            }
        }
    }
}

/// Whether `row`, a page's first, goes on with the span of column `c`
/// that `above`, the page before's last row, holds: it opens none there,
/// and the column is the same on both pages.
fn continues_span(above: &Row, row: &Row, c: usize) -> bool {
    let label = |r: &Row| r.columns.get(c).map(|col| col.label);
    above.page + 1 == row.page
        && !row.opens[c]
        && label(above).is_some()
        && label(above) == label(row)
        && c < above.cells.len().min(row.cells.len())
}
