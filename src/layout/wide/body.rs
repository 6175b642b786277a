//! The body's rows on a page: from the horizontal rules that cross the
//! row columns, else from the gaps between the text; a row a page break
//! cut joins its rest; each cell's lines joined into its text.

use super::*;

/// The body's rows on one page.
pub(super) fn body_rows(
    page: u32,
    body: &[&Line],
    shared: &Rc<Vec<TableColumn>>,
    bounds: &[f32],
    rules: &[Rule],
    height: f32,
    known: &Known,
) -> Vec<Row> {
    let columns = shared.as_slice();
    let words: Vec<&Word> = body.iter().flat_map(|l| &l.words).collect();
    let Some(key) = columns.iter().position(|c| !c.groups()) else {
        return Vec::new();
    };
    // Each word's column, found once.
    let placed: Vec<(&Word, usize)> = words
        .iter()
        .map(|w| (*w, column_at(bounds, w).min(columns.len() - 1)))
        .collect();
    let row_words: Vec<(&Word, usize)> = placed
        .iter()
        .copied()
        .filter(|(_, c)| !columns[*c].groups())
        .collect();
    let group_words: Vec<&Word> = placed
        .iter()
        .filter(|(_, c)| columns[*c].groups())
        .map(|(w, _)| *w)
        .collect();
    let ruled = rules_across(rules, middle(columns, bounds, key));
    // A grouping cell's text may reach above the first row's text or
    // below the last's: the rows take it in. A ruled table's outer rules
    // hold its text, but for a row without a bottom rule: text a line or
    // more beyond them (a page footer close under the table) is not the
    // table's.
    let is_ruled = ruled.len() >= 2;
    let mut cut = false;
    let (mut cuts, reach) = if is_ruled {
        (ruled, height)
    } else {
        let opens = plan_openings(&row_words, columns);
        let group_placed: Vec<(&Word, usize)> = placed
            .iter()
            .copied()
            .filter(|(_, c)| columns[*c].groups())
            .collect();
        (gap_cuts(&row_words, &group_placed, &opens), f32::INFINITY)
    };
    let spans: Vec<(f32, f32)> = words.iter().map(|w| (w.bbox.y0, w.bbox.y1)).collect();
    if !is_ruled {
        if let Some(rest) = cuts
            .first()
            .and_then(|&top| rest_above(&group_words, top, 0.5 * height + DEVICE_PIXEL))
        {
            cuts.insert(0, rest);
        }
    }
    if let Some(first) = cuts.first_mut() {
        let flipped: Vec<(f32, f32)> = spans.iter().map(|&(y0, y1)| (-y1, -y0)).collect();
        *first = -reach_past(&flipped, -*first, reach, reach) - 0.5;
    }
    if let Some(&end) = cuts.last() {
        let key_spans: Vec<(f32, f32)> = row_words
            .iter()
            .map(|(w, _)| (w.bbox.y0, w.bbox.y1))
            .collect();
        // A row a page break cut under the last rule begins as far below
        // it as the other rows' text below theirs (a cell's top padding
        // may be more than a line of a small face).
        let below = match top_padding(&key_spans, &cuts) {
            Some(padding) if is_ruled => reach.max(padding + DEVICE_PIXEL),
            _ => reach,
        };
        let bottom = reach_past(&spans, end, below, reach) + 0.5;
        cut = is_ruled && cut_row_below(&key_spans, end, bottom);
        if cut {
            cuts.push(bottom);
        } else if let Some(last) = cuts.last_mut() {
            *last = bottom;
        }
    }
    let lanes: Rc<Vec<(f32, f32)>> = Rc::new(
        (0..columns.len())
            .map(|c| lane(columns, bounds, c))
            .collect(),
    );
    let skew = body.first().map_or(0.0, |l| l.skew);
    let mut rows: Vec<Row> = cuts
        .windows(2)
        .map(|c| Row {
            page,
            columns: Rc::clone(shared),
            y0: c[0],
            y1: c[1],
            cells: vec![Vec::new(); columns.len()],
            extents: vec![None; columns.len()],
            baselines: vec![None; columns.len()],
            text_top: c[1],
            lanes: Rc::clone(&lanes),
            skew,
            opens: vec![false; columns.len()],
            cut: false,
        })
        .collect();
    let mut by_cell: Vec<Vec<Vec<&Word>>> = vec![vec![Vec::new(); columns.len()]; rows.len()];
    for &(w, c) in &placed {
        let y = w.bbox.y_mid();
        let Some(r) = rows.iter().position(|r| y >= r.y0 && y < r.y1) else {
            continue;
        };
        by_cell[r][c].push(w);
    }
    let rights = text_rights(&placed, columns.len());
    let known = |w: &str| known.is(w);
    for (row, cells) in rows.iter_mut().zip(by_cell) {
        for (c, cell) in cells.iter().enumerate() {
            let top = cell.iter().map(|w| w.bbox.y0).reduce(f32::min);
            let bottom = cell.iter().map(|w| w.bbox.y1).reduce(f32::max);
            row.extents[c] = top.zip(bottom);
            if let (Some(top), false) = (top, columns[c].groups()) {
                row.text_top = row.text_top.min(top);
            }
        }
        let lines: Vec<Vec<Vec<&Word>>> = cells.into_iter().map(cell_lines).collect();
        row.baselines = lines.iter().map(|l| first_and_last(l)).collect();
        row.cells = lines
            .into_iter()
            .zip(&rights)
            .map(|(lines, &right)| cell_text(lines, right, known))
            .collect();
    }
    if let Some(last) = rows.last_mut() {
        last.cut = cut;
    }
    rows.retain(|r| r.cells.iter().any(|c| !c.is_empty()));
    rows
}

/// The baselines of a cell's first and last lines.
pub(super) fn first_and_last(lines: &[Vec<&Word>]) -> Option<(f32, f32)> {
    Some((baseline(lines.first()?)?, baseline(lines.last()?)?))
}

/// The leading the lines of the row columns' cells of a scanned page
/// share, where they share one clearly ([`CellPitch`]).
pub(super) fn leading(body: &[&Line], columns: &[TableColumn], bounds: &[f32]) -> Option<f32> {
    let words: Vec<(&Word, usize)> = body
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| (w, column_at(bounds, w).min(columns.len().saturating_sub(1))))
        .filter(|(_, c)| columns.get(*c).is_some_and(|c| !c.groups()))
        .collect();
    CellPitch::new(&words).map(|p| p.leading())
}

/// Where the rest of a row a page break cut ends on an unruled page: the
/// grouping cells' text above the first row's own text (`top`), parted
/// from what follows by a band wider than `least`, is no row of its own
/// (a row has text in its row columns) but the end of the cells the last
/// row of the page before began. The border under it, if any.
pub(super) fn rest_above(group: &[&Word], top: f32, least: f32) -> Option<f32> {
    let mut spans: Vec<(f32, f32)> = group
        .iter()
        .map(|w| (w.bbox.y0, w.bbox.y1))
        .filter(|s| s.0 < top)
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bottom = spans.first()?.1;
    let mut border = None;
    for &(y0, y1) in spans.iter().skip(1).chain(std::iter::once(&(top, top))) {
        if y0 - bottom > least {
            border = Some((bottom + y0) / 2.0);
        }
        bottom = bottom.max(y1);
    }
    border
}

/// Whether a row holds text in its grouping cells alone: the rest of a
/// row a page break cut, as the next page begins with it.
pub(super) fn grouping_alone(row: &Row) -> bool {
    row.columns.len() == row.cells.len()
        && row
            .columns
            .iter()
            .zip(&row.cells)
            .all(|(c, cell)| c.groups() || cell.is_empty())
}

/// The rest of a row a page break cut (the first row of the next page:
/// below a ruled table's last rule, holding grouping cells' text alone,
/// or completing a grouping cell a neighbour repeats whole, see
/// [`completes_cell`], or going on with its plan, see [`continues_plan`],
/// or, in a text layer (`typeset`: OCR may lose a cell), stating no
/// target, see [`lacks_target`]) joined to its start, cell by cell.
pub(super) fn join_cut_row(rows: &mut [Row], next: &mut Vec<Row>, typeset: bool) {
    let alone = next.first().is_some_and(grouping_alone);
    let completes = match (rows.last(), next.first()) {
        (Some(cut), Some(rest)) => {
            let above = rows.len().checked_sub(2).and_then(|i| rows.get(i));
            [above, next.get(1)]
                .into_iter()
                .flatten()
                .any(|n| completes_cell(cut, rest, n))
        }
        _ => false,
    };
    let plan = match (rows.last(), next.first()) {
        (Some(cut), Some(rest)) => {
            continues_plan(cut, rest) || (typeset && lacks_target(rows, rest))
        }
        _ => false,
    };
    let Some(cut) = rows
        .last_mut()
        .filter(|r| r.cut || alone || completes || plan)
    else {
        return;
    };
    let Some(rest) = next.first().filter(|r| r.page == cut.page + 1) else {
        return;
    };
    if rest.cells.len() != cut.cells.len() {
        return;
    }
    let rest = next.remove(0);
    for (cell, more) in cut.cells.iter_mut().zip(rest.cells) {
        cell.extend(more);
    }
    cut.cut = rest.cut;
}

/// Whether the first row of a page (`rest`) goes on with the plan the
/// last row of the page before (`cut`) began stating in its target cell:
/// a cell states each year of the plan once, in order, so a first line
/// naming a year past the cut cell's last ("Anno 2023: >= 82%" under
/// "Anno 2021" and "Anno 2022") is the rest of that cell, and the row the
/// rest of the cut one, though no rule says so (an unruled page's rows
/// part at the gaps between their texts).
pub(super) fn continues_plan(cut: &Row, rest: &Row) -> bool {
    if rest.page != cut.page + 1 {
        return false;
    }
    let (Some(before), Some(after)) = (target_cell(cut), target_cell(rest)) else {
        return false;
    };
    let last = before.iter().filter_map(|l| year_of(l)).max();
    let first = after.first().and_then(|l| year_of(l));
    matches!((last, first), (Some(last), Some(first)) if first > last)
}

/// Whether the first row of a page (`rest`) states no target where each
/// row of the pages before (`rows`, two or more) states one: it is the
/// rest of the last of them, a page break cut under its values (set at
/// their cells' top), its title and description running on (DEV
/// browser-printed kpi-table 612, unruled).
pub(super) fn lacks_target(rows: &[Row], rest: &Row) -> bool {
    let Some(cut) = rows.last() else {
        return false;
    };
    let stated = |r: &Row| target_cell(r).is_some_and(|t| t.iter().any(|l| !l.trim().is_empty()));
    rest.page == cut.page + 1
        && target_cell(rest).is_some()
        && !stated(rest)
        && rows.len() >= 2
        && rows.iter().all(stated)
}

/// The lines of a row's target cell, where its page's header names one.
fn target_cell(row: &Row) -> Option<&[String]> {
    let c = row
        .columns
        .iter()
        .position(|c| c.label == Some(Label::Column(Column::Target)))?;
    row.cells.get(c).map(Vec::as_slice)
}

/// The year a target cell's line states its plan for ("Anno 2022: ...").
fn year_of(line: &str) -> Option<u16> {
    YEAR_LINE.captures(line)?.get(1)?.as_str().parse().ok()
}

/// Whether the first row of a page (`rest`) is the rest of the last row
/// of the page before (`cut`), though no rule says so: in a table that
/// repeats its grouping cells on each row, a grouping cell of the cut row
/// holds the start of the text its `neighbour` (the row above the cut
/// one, or the one below the rest) holds whole, and the rest's cell the
/// remainder. Two rows' texts that join into a third's by chance are no
/// risk worth weighing.
pub(super) fn completes_cell(cut: &Row, rest: &Row, neighbour: &Row) -> bool {
    let same = |r: &Row| r.cells.len() == cut.cells.len() && r.columns.len() == r.cells.len();
    if rest.page != cut.page + 1 || !same(rest) || !same(neighbour) {
        return false;
    }
    let letters = |lines: &[String]| -> String {
        fold(&lines.join(" "))
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    (0..cut.cells.len())
        .filter(|&c| rest.columns[c].groups())
        .any(|c| {
            // Each text's letters made only when those before them count.
            let start = letters(&cut.cells[c]);
            if start.is_empty() {
                return false;
            }
            let end = letters(&rest.cells[c]);
            if end.is_empty() {
                return false;
            }
            let whole = letters(&neighbour.cells[c]);
            whole.len() == start.len() + end.len()
                && whole.starts_with(&start)
                && whole.ends_with(&end)
        })
}

/// Whether a row a page break cut lies under a ruled table's last rule,
/// down to `bottom`: words of the row columns wholly below the rule (a
/// browser draws no bottom border on a cut cell, so the rule is the cut
/// row's top). Its words are a row of their own, not the rest of the row
/// above the rule.
pub(super) fn cut_row_below(row_spans: &[(f32, f32)], rule: f32, bottom: f32) -> bool {
    row_spans.iter().any(|&(y0, y1)| y0 > rule && y1 <= bottom)
}

/// How far down the text runs past `border`: through the `spans` (top,
/// bottom), the first less than `first` below the border, each of the
/// others less than `reach` below the one above it.
pub(super) fn reach_past(spans: &[(f32, f32)], border: f32, first: f32, reach: f32) -> f32 {
    let mut below: Vec<(f32, f32)> = spans.iter().copied().filter(|s| s.1 > border).collect();
    below.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bottom = border;
    for (y0, y1) in below {
        let most = if bottom == border { first } else { reach };
        if y0 - bottom >= most {
            break;
        }
        bottom = bottom.max(y1);
    }
    bottom
}

/// The top padding of a ruled table's cells: the median gap between a
/// row's top rule (`rules`, down the page) and the first of the row
/// columns' text (`spans`, top and bottom) under it, over the rows
/// between two rules that hold text.
pub(super) fn top_padding(spans: &[(f32, f32)], rules: &[f32]) -> Option<f32> {
    let gaps = rules.windows(2).filter_map(|r| {
        spans
            .iter()
            .filter(|s| s.0 > r[0] && s.1 <= r[1])
            .map(|s| s.0 - r[0])
            .reduce(f32::min)
    });
    median(gaps)
}

/// On a scan whose cells' leading is measured ([`CellPitch`]), the least
/// blank band (in line heights) that may part two rows: thinner ones are
/// where OCR's boxes of two lines all but touch.
pub(super) const LEAST_PITCH_BAND: f32 = 0.15;

/// Row borders from the gaps in the text of the row columns (each word
/// with its column): wherever their texts ([`row_texts`]) leave a band
/// wider than [`row_gap`] between their words (on a scan, a band no
/// cell's lines step across: see [`CellPitch`]), or, in a text layer, a
/// band between their reaches by the leading, a row ends, at the widest
/// stretch of it that the `group` words leave free.
pub(super) fn gap_cuts(
    words: &[(&Word, usize)],
    group: &[(&Word, usize)],
    opens: &[f32],
) -> Vec<f32> {
    let placed: Vec<(f32, f32, usize)> = group
        .iter()
        .map(|(w, c)| (w.bbox.y0, w.bbox.y1, *c))
        .collect();
    let group: Vec<(f32, f32)> = placed.iter().map(|&(y0, y1, _)| (y0, y1)).collect();
    let height = median(words.iter().map(|(w, _)| w.bbox.height().abs())).unwrap_or(1.0);
    let mut spans: Vec<(f32, f32)> = words.iter().map(|(w, _)| (w.bbox.y0, w.bbox.y1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some(&(first, _)) = spans.first() else {
        return Vec::new();
    };
    let ocr = 2 * words.iter().filter(|(w, _)| w.confidence.is_some()).count() > words.len();
    let least = row_gap(&gaps(&spans), height, ocr);
    let pitch = if ocr { CellPitch::new(words) } else { None };
    let parts = |top: f32, bottom: f32| match &pitch {
        Some(pitch) => bottom - top > LEAST_PITCH_BAND * height && pitch.parts(top, bottom),
        None => bottom - top > least,
    };
    let mut cuts = vec![first - 0.5];
    let (mut bottom, mut reach) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    let mut opens = opens.iter().copied().peekable();
    let mut last_open = f32::NEG_INFINITY;
    for text in row_texts(words, least, ocr) {
        let blank = parts(bottom, text.y0);
        // A row's target cell opening its plan again opens the row, where
        // nothing parted the rows since the cell above opened (a cell
        // centred in its row opens below its row's border).
        let mut opened = false;
        while let Some(y) = opens.next_if(|&y| text.y0 >= y - LEVEL * height) {
            let parted = cuts[1..].iter().any(|&c| c > last_open && c < y);
            opened |= y > bottom && !parted;
            last_open = y;
        }
        if bottom.is_finite() && (blank || opened || text.top - reach > text.slack) {
            // Between the rows' texts (their reaches, where their boxes
            // meet), where no grouping cell's line is cut either (a
            // repeated cell may reach lower than its row's other texts).
            let (lo, hi) = if text.y0 > bottom {
                (bottom, text.y0)
            } else {
                (reach, text.top)
            };
            // A grouping cell starting level with the next row's text is
            // set at its row's top: the border is right above them.
            let level = group
                .iter()
                .any(|(top, _)| (top - text.y0).abs() < LEVEL * height);
            let cut = if level {
                lowest_river(&bounding_spans(&placed, lo, hi, (least, height)), lo, hi)
            } else {
                river(&group, lo, hi)
            };
            cuts.push(cut);
        }
        bottom = bottom.max(text.y1);
        reach = reach.max(text.bottom);
    }
    cuts.push(bottom + 0.5);
    cuts
}

/// The grouping words' spans (top, bottom, column) that bound a row
/// border set in `lo..hi` at its row's top: a column whose text runs on
/// across the band, parted by no blank as wide as a row's gap (`least`)
/// and opening no text level with the next row's (lines `height` high),
/// is a cell spanning the rows on both sides (DEV browser-printed matrix
/// 723: a mission shared by two objectives, its text flowing past the
/// upper row's own), and bounds nothing; the cell of another column
/// that ends in the band (the upper objective's count) is the upper
/// row's. A column repeating its cell on each row, each cell running
/// close to the next, opens one level with the next row: it bounds.
pub(super) fn bounding_spans(
    group: &[(f32, f32, usize)],
    lo: f32,
    hi: f32,
    (least, height): (f32, f32),
) -> Vec<(f32, f32)> {
    let spans_of = |c: usize| -> Vec<(f32, f32)> {
        group
            .iter()
            .filter(|g| g.2 == c)
            .map(|&(y0, y1, _)| (y0, y1))
            .collect()
    };
    let runs_across = |c: usize| {
        let spans = spans_of(c);
        let inside = covered(&spans, lo, hi);
        let mut at = lo;
        let mut widest = 0.0f32;
        for (a, b) in inside.iter().copied().chain(std::iter::once((hi, hi))) {
            widest = widest.max(a - at);
            at = at.max(b);
        }
        // A text opening level with the next row's is a cell of its own.
        let opens = spans
            .iter()
            .any(|&(y0, _)| (y0 - hi).abs() < LEVEL * height);
        !inside.is_empty() && widest < least && !opens
    };
    let mut spanning: Vec<usize> = Vec::new();
    if hi - lo > least {
        // Only a column with text in the band can run across it.
        let mut columns: Vec<usize> = group
            .iter()
            .filter(|g| g.1 > lo && g.0 < hi)
            .map(|g| g.2)
            .collect();
        columns.sort_unstable();
        columns.dedup();
        spanning = columns.into_iter().filter(|&c| runs_across(c)).collect();
    }
    group
        .iter()
        .filter(|g| !spanning.contains(&g.2))
        .map(|&(y0, y1, _)| (y0, y1))
        .collect()
}

/// How near (line heights) two lines' tops stand to be level.
pub(super) const LEVEL: f32 = 0.3;

/// "Anno 2021: >= 300": a target cell's line stating one year's target.
pub(super) static YEAR_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:anno)\s*((?:19|20)[0-9]{2})\b").expect("valid regex"));

/// Where the target cells that state a plan's targets year by year open
/// their plan again (the tops of their lines): a cell lists each year of
/// the plan once, in the same order in every row, so a line naming the
/// year the column's first such line names opens a row's cell, however
/// little padding parts it from the cell above (its steps then no
/// longer than a cell's own).
pub(super) fn plan_openings(words: &[(&Word, usize)], columns: &[TableColumn]) -> Vec<f32> {
    let target = |c: usize| {
        columns
            .get(c)
            .is_some_and(|c| c.label == Some(Label::Column(Column::Target)))
    };
    let cell: Vec<&Word> = words
        .iter()
        .filter(|(_, c)| target(*c))
        .map(|(w, _)| *w)
        .collect();
    let mut first: Option<u16> = None;
    let mut opens = Vec::new();
    for line in cell_lines(cell) {
        let text: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
        let year = YEAR_LINE
            .captures(&text.join(" "))
            .and_then(|c| c.get(1)?.as_str().parse::<u16>().ok());
        let Some(year) = year else {
            continue;
        };
        if first.is_some_and(|f| f == year) {
            opens.push(line.iter().map(|w| w.bbox.y0).fold(f32::INFINITY, f32::min));
        }
        first = first.or(Some(year));
    }
    opens
}

/// The blank bands between `spans` (sorted by their tops), as heights.
pub(super) fn gaps(spans: &[(f32, f32)]) -> Vec<f32> {
    let mut out = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for &(y0, y1) in spans {
        if bottom.is_finite() && y0 > bottom {
            out.push(y0 - bottom);
        }
        bottom = bottom.max(y1);
    }
    out
}

/// The least blank band between two rows, for text `height` high: half a
/// line, and in a text layer a device pixel more (a loosely leaded text
/// snapped to a pixel grid leaves half a line between its own lines now
/// and then). OCR boxes hug the ink (an x-height word is half a line high), so
/// on a scan the lines of one cell stand apart too: where the bands fall
/// into small ones (up to a line high) and ones clearly wider, only the
/// wider part rows.
pub(super) fn row_gap(gaps: &[f32], height: f32, ocr: bool) -> f32 {
    let least = 0.5 * height;
    if !ocr {
        return least + DEVICE_PIXEL;
    }
    let mut sorted = gaps.to_vec();
    sorted.sort_by(f32::total_cmp);
    sorted
        .windows(2)
        .filter(|p| p[0] <= 1.2 * height && p[1] > least)
        .map(|p| (p[1] / p[0].max(0.1 * height), (p[0] + p[1]) / 2.0))
        .filter(|&(ratio, _)| ratio >= 1.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(least, |(_, between)| between.max(least))
}

/// Where each column's text ends furthest right on the page (each word
/// with its column).
pub(super) fn text_rights(words: &[(&Word, usize)], columns: usize) -> Vec<f32> {
    let mut rights = vec![f32::NEG_INFINITY; columns];
    for &(w, c) in words {
        rights[c] = rights[c].max(w.bbox.x1);
    }
    rights
}

/// Whether a word is one, the vocabulary's or an Italian form, for
/// mending the words a cell's wrapping cut: asked once per word and
/// table, as a table's cells repeat their words row after row.
pub(super) struct Known<'v> {
    pub(super) vocab: &'v Vocabulary,
    pub(super) seen: RefCell<FastMap<String, bool>>,
}

impl<'v> Known<'v> {
    pub(super) fn new(vocab: &'v Vocabulary) -> Known<'v> {
        Known {
            vocab,
            seen: RefCell::default(),
        }
    }

    pub(super) fn is(&self, word: &str) -> bool {
        if let Some(&known) = self.seen.borrow().get(word) {
            return known;
        }
        let known = self.vocab.knows_word(word) || is_italian_form(word);
        self.seen.borrow_mut().insert(word.to_string(), known);
        known
    }
}

/// A cell's text, line by line, the words its wrapping cut joined again:
/// a word filling its line to the column's `right` edge
/// ([`crate::layout::cut_words::cut_at_edge`]), or one whose pieces make a known
/// word ([`crate::layout::grid::rejoin_lines`]).
pub(super) fn cell_text(
    lines: Vec<Vec<&Word>>,
    right: f32,
    known: impl Fn(&str) -> bool,
) -> Vec<String> {
    // The words joined by spaces, into one string made at once.
    let text = |words: &[&Word]| {
        let mut out = String::with_capacity(words.iter().map(|w| w.text.len() + 1).sum());
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&w.text);
        }
        out
    };
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let cut =
            i > 0 && crate::layout::cut_words::cut_at_edge(&lines[i - 1], line, right, &known);
        match out.last_mut() {
            Some(held) if cut => {
                held.push_str(&line[0].text);
                let rest = text(&line[1..]);
                if !rest.is_empty() {
                    out.push(rest);
                }
            }
            _ => out.push(text(line)),
        }
    }
    crate::layout::grid::rejoin_lines(out, known)
}
