//! The table's header: its band of lines, its cells and the labels
//! they name, the columns each page's header gives.

use super::*;

/// The header's columns with the last one named where the page's edge
/// cut its header word ("Progr", "Prog" for "Programma"): a table printed
/// wider than its page loses what runs past the page, its header cell's
/// letters included. The last column's header is one word that names no
/// label, it ends where the table's text does (within a letter's width,
/// a line height: the cut drops the letter it crosses), and it is the
/// start of one label only ([`Vocabulary::label_cut_from`]).
pub(super) fn cut_column_named(
    mut columns: Vec<TableColumn>,
    band: &[&Line],
    body: &[&Line],
    vocab: &Vocabulary,
) -> Vec<TableColumn> {
    let words = || band.iter().chain(body).flat_map(|l| &l.words);
    let edge = words().map(|w| w.bbox.x1).fold(f32::NEG_INFINITY, f32::max);
    let height = median(words().map(|w| w.bbox.height().abs())).unwrap_or(1.0);
    let named: Vec<Label> = columns.iter().filter_map(|c| c.label).collect();
    let Some(last) = columns.last_mut() else {
        return columns;
    };
    let cut = match last.header.split_whitespace().collect::<Vec<_>>()[..] {
        [word] if last.label.is_none() && last.x1 >= edge - height => vocab.label_cut_from(word),
        _ => None,
    };
    if let Some(label) = cut.filter(|l| !named.contains(l)) {
        last.label = Some(label);
    }
    columns
}

/// A page's header columns, each the label it leaves unread (OCR lost or
/// garbled its header cell) taking the label of the named column of the
/// page before (or of the other pages) at its place.
pub(super) fn inherit_labels(
    mut columns: Vec<TableColumn>,
    before: &[TableColumn],
) -> Vec<TableColumn> {
    for i in 0..columns.len() {
        if columns[i].label.is_some() {
            continue;
        }
        let inherited = before
            .iter()
            .filter(|b| b.label.is_some() && overlap(b, &columns[i]) > 0.0)
            .max_by(|a, b| overlap(a, &columns[i]).total_cmp(&overlap(b, &columns[i])))
            .and_then(|b| b.label)
            .filter(|label| columns.iter().all(|c| c.label != Some(*label)));
        columns[i].label = inherited;
    }
    columns
}

/// The table's header put together from every page's: the columns of the
/// header recognised at `lines[header]`, each it left unnamed (OCR garbled
/// its cell) named where another page's header names it, and the columns
/// it lost (OCR dropped their cells) taken from the others. With the index
/// of the first line of a header, where the table starts.
pub(super) fn shared_header(
    lines: &[&Line],
    header: usize,
    signature: &Signature,
    headers: &Headers,
) -> (usize, Vec<TableColumn>) {
    let mut found = headers.columns(&lines[header_band(lines, header, headers)]);
    let named: Vec<Label> = found.iter().filter_map(|c| c.label).collect();
    if let Some((label, x0, x1)) = lost_column(lines[header], &named, signature) {
        found.push(TableColumn {
            label: Some(label),
            x0,
            x1,
            header: String::new(),
        });
        found.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    let mut pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    pages.dedup();
    let mut start = header;
    let mut others: Vec<TableColumn> = Vec::new();
    for page in pages {
        let echo = (0..lines.len())
            .filter(|&i| lines[i].page == page && i != header)
            .find(|&i| echoes(lines, i, &found, headers));
        if let Some(i) = echo {
            start = start.min(i);
            others.extend(headers.columns(&lines[header_band(lines, i, headers)]));
        }
    }
    let named = inherit_labels(found, &others);
    (start, completed(named, &others))
}

/// The one label of `signature` a ruled header line's cells leave
/// unnamed, and where its cell lies (left, right): OCR lost the words of
/// one header cell (set on a shaded band) when the line names every other
/// label of the signature and none besides (a header of another template
/// names labels of its own), and one cell between its rules, as wide as
/// a column, holds no word.
pub(in crate::layout) fn lost_column(
    line: &Line,
    named: &[Label],
    signature: &Signature,
) -> Option<(Label, f32, f32)> {
    if !named.iter().all(|l| signature.labels.contains(l)) {
        return None;
    }
    let mut lacking = signature.labels.iter().filter(|l| !named.contains(l));
    let (Some(&label), None) = (lacking.next(), lacking.next()) else {
        return None;
    };
    let least = 2.0 * line_height(line);
    let mut empty = line.borders.windows(2).filter(|b| {
        let holds =
            |w: &Word| (w.bbox.x0 + w.bbox.x1) / 2.0 > b[0] && (w.bbox.x0 + w.bbox.x1) / 2.0 < b[1];
        b[1] - b[0] > least && !line.words.iter().any(holds)
    });
    match (empty.next(), empty.next()) {
        (Some(b), None) => Some((label, b[0], b[1])),
        _ => None,
    }
}

/// Whether the header around line `i` is the `reference` header read
/// again (on another page, or with cells OCR dropped or garbled): a line
/// of words alone, whose columns name two or more labels where the
/// reference names them, and none where it names another.
pub(super) fn echoes(
    lines: &[&Line],
    i: usize,
    reference: &[TableColumn],
    headers: &Headers,
) -> bool {
    if lines[i].borders.is_empty() && !header_like(lines[i]) {
        return false;
    }
    let own = headers.columns(&lines[header_band(lines, i, headers)]);
    let (mut agree, mut differ) = (0, 0);
    for c in own.iter().filter(|c| c.label.is_some()) {
        for r in reference
            .iter()
            .filter(|r| r.label.is_some() && overlap(r, c) > 0.0)
        {
            if r.label == c.label {
                agree += 1;
            } else {
                differ += 1;
            }
        }
    }
    agree >= 2 && differ == 0
}

/// How far two columns overlap across the page (negative: the gap
/// between them).
pub(super) fn overlap(a: &TableColumn, b: &TableColumn) -> f32 {
    a.x1.min(b.x1) - a.x0.max(b.x0)
}

/// Header columns with the labelled columns of `others` they lack (OCR
/// dropped their cells: no column of their own stands where those do)
/// put back in their places, each label once.
pub(super) fn completed(mut columns: Vec<TableColumn>, others: &[TableColumn]) -> Vec<TableColumn> {
    for other in others {
        let lost = other.label.is_some()
            && columns
                .iter()
                .all(|c| c.label != other.label && overlap(other, c) <= 0.0);
        if lost {
            columns.push(other.clone());
        }
    }
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    columns
}

/// The lines of the table's body: up to a gap of three line heights
/// (a page footer, notes under the table).
pub(super) fn table_body<'a>(lines: &[&'a Line]) -> Vec<&'a Line> {
    let mut body: Vec<&Line> = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    for &line in lines {
        // A line's height (a median) is measured only when it stands
        // apart from the lines above: a table's lines mostly overlap.
        let gap = top_of(line) - bottom;
        if !body.is_empty() && gap > 0.0 && gap > 3.0 * line_height(line) {
            break;
        }
        bottom = bottom.max(bottom_of(line));
        body.push(line);
    }
    body
}

/// The labels the header around line `i` names: its own line's cells
/// (`own`, the labels they name), or (unruled) its columns over the lines
/// its cells wrap onto.
pub(in crate::layout) fn band_labels_of(
    lines: &[&Line],
    i: usize,
    own: &[Option<Label>],
    headers: &Headers,
) -> Vec<Label> {
    let mut found: Vec<Label> = own.iter().flatten().copied().collect();
    if found.is_empty() || !lines[i].borders.is_empty() {
        return found;
    }
    let band = header_band(lines, i, headers);
    if band.len() > 1 {
        // A cell's words over lines name one label ("Indicatore (KPI)").
        found = headers
            .columns(&lines[band])
            .into_iter()
            .filter_map(|c| c.label)
            .collect();
    }
    found
}

/// The lines of the header whose labels line `h` names: its own, and the
/// lines of header cells that wrap above or below it (close to it, with
/// no values in them, and no rule between: the rule under a header
/// closes it, however close the body's first line stands; nor a line
/// that runs on past the label its header cell names, see
/// [`runs_past_label`]).
pub(super) fn header_band(lines: &[&Line], h: usize, headers: &Headers) -> std::ops::Range<usize> {
    if !lines[h].borders.is_empty() {
        return h..h + 1;
    }
    let doc = headers.doc;
    let least = band_gap(lines[h]);
    let rules = LazyCell::new(|| page_rules(doc, lines[h].page, lines[h].skew));
    let apart = |upper: &Line, lower: &Line| {
        upper.page != lower.page
            || top_of(lower) - bottom_of(upper) > least
            || ruled_between(&rules, upper, lower)
    };
    let mut start = h;
    while start > 0 {
        let above = lines[start - 1];
        if apart(above, lines[start]) || !header_like(above) {
            break;
        }
        start -= 1;
    }
    let mut end = h + 1;
    while end < lines.len() {
        let below = lines[end];
        if apart(lines[end - 1], below)
            || !header_like(below)
            || runs_past_label(&lines[start..end], below, headers.vocab)
        {
            break;
        }
        end += 1;
    }
    start..end
}

/// Words past its label a header cell's wrapped line never holds: a
/// label is a short phrase ("Algoritmo di calcolo", "% di
/// raggiungimento"), and a header cell that wraps puts a word or two of
/// it on the next line.
pub(super) const PAST_LABEL: usize = 3;

/// Whether a line under a header's lines is the body's first line: a
/// cell of it, under a header cell that names its label already, adds
/// [`PAST_LABEL`] words or more past that label ("Indicatori" over
/// "AVVIO DI PERCORSI DI", the first indicator's title set close under
/// an unruled header).
pub(super) fn runs_past_label(band: &[&Line], below: &Line, vocab: &Vocabulary) -> bool {
    cells(below).iter().any(|cell| {
        let x0 = cell.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
        let x1 = cell
            .iter()
            .map(|w| w.bbox.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        let above: Vec<&str> = band
            .iter()
            .flat_map(|l| &l.words)
            .filter(|w| w.bbox.x0 < x1 && w.bbox.x1 > x0)
            .map(|w| w.text.as_str())
            .collect();
        let Some(named) = vocab.template_label_at_start(&above) else {
            return false;
        };
        let joined: Vec<&str> = above
            .iter()
            .copied()
            .chain(cell.iter().map(|w| w.text.as_str()))
            .collect();
        vocab
            .template_label_at_start(&joined)
            .is_some_and(|m| m.label == named.label && joined.len() >= m.words + PAST_LABEL)
    })
}

/// The least blank band that parts a header's line from the next: the
/// band that parts a body's rows (see [`row_gap`]), half a line; on a
/// scan, whose boxes hug the ink and leave the lines of one cell further
/// apart, a little more.
pub(super) fn band_gap(line: &Line) -> f32 {
    let ocr = 2 * line.words.iter().filter(|w| w.confidence.is_some()).count() > line.words.len();
    line_height(line) * if ocr { 0.6 } else { 0.5 }
}

/// Whether a horizontal rule runs between two lines, across their words.
pub(super) fn ruled_between(rules: &[Rule], upper: &Line, lower: &Line) -> bool {
    let words = || upper.words.iter().chain(&lower.words);
    let x0 = words().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
    let x1 = words().map(|w| w.bbox.x1).fold(f32::NEG_INFINITY, f32::max);
    let (y0, y1) = (bottom_of(upper) - 1.0, top_of(lower) + 1.0);
    rules
        .iter()
        .any(|r| r.axis == Axis::Horizontal && r.at > y0 && r.at < y1 && r.from < x1 && r.to > x0)
}

/// A line that could be part of a header: words, and years, no values.
pub(in crate::layout) fn header_like(line: &Line) -> bool {
    line.borders.is_empty()
        && line.words.iter().all(|w| {
            let digits = w.text.chars().filter(char::is_ascii_digit).count();
            let year = digits == 4 && w.text.len() == 4;
            (digits == 0 || year) && !w.text.contains(['€', '%']) || w.text == "%"
        })
}

pub(in crate::layout) fn line_height(line: &Line) -> f32 {
    median(line.words.iter().map(|w| w.bbox.height().abs())).unwrap_or(1.0)
}

pub(in crate::layout) fn top_of(line: &Line) -> f32 {
    line.words
        .iter()
        .map(|w| w.bbox.y0)
        .fold(f32::INFINITY, f32::min)
}

pub(in crate::layout) fn bottom_of(line: &Line) -> f32 {
    line.words
        .iter()
        .map(|w| w.bbox.y1)
        .fold(f32::NEG_INFINITY, f32::max)
}

/// The header's columns, from the left: its cells' words grouped where
/// they overlap from line to line, and parted where two cells ran
/// together (see [`parted`]; on a scan only where `starts`, the body
/// under the header, shows a column starting between them).
pub(super) fn header_columns(
    band: &[&Line],
    vocab: &Vocabulary,
    starts: Option<&ColumnStarts>,
) -> Vec<TableColumn> {
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for line in band {
        for cell in cells(line) {
            let x0 = cell.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
            let x1 = cell
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max);
            let overlapping = groups.iter_mut().find(|g| {
                let gx0 = g.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min);
                let gx1 = g
                    .iter()
                    .map(|w| w.bbox.x1)
                    .fold(f32::NEG_INFINITY, f32::max);
                x0 < gx1 && x1 > gx0
            });
            match overlapping {
                Some(g) => g.extend(cell),
                None => groups.push(cell),
            }
        }
    }
    let groups: Vec<Vec<&Word>> = groups
        .into_iter()
        .flat_map(|g| parted(g, vocab, starts))
        .collect();
    let mut columns: Vec<TableColumn> = unnamed_joined(groups, band, vocab)
        .into_iter()
        .map(|g| TableColumn {
            label: cell_label(&g, vocab).or_else(|| vocab.label_opened_by(&cell_words(&g))),
            x0: g.iter().map(|w| w.bbox.x0).fold(f32::INFINITY, f32::min),
            x1: g
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f32::NEG_INFINITY, f32::max),
            header: cell_words(&g).join(" "),
        })
        .collect();
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    columns
}

/// The header's cells (`groups`), each that names no label and lies
/// across a cell that does joined to it, its words in reading order (by
/// the `band`'s lines, then across). A cell whose lines wrap
/// ("% di" over "raggiungimento") whose lower line ran into the next
/// cell's on the line ("consuntivo raggiungimento") is parted from it
/// only after the cells are grouped, and left its upper line a cell of
/// its own, over the parted one.
pub(super) fn unnamed_joined<'w>(
    mut groups: Vec<Vec<&'w Word>>,
    band: &[&'w Line],
    vocab: &Vocabulary,
) -> Vec<Vec<&'w Word>> {
    let extent = |g: &[&Word]| {
        g.iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), w| {
                (a.min(w.bbox.x0), b.max(w.bbox.x1))
            })
    };
    let line_of = |w: &Word| {
        band.iter()
            .position(|l| l.words.iter().any(|x| std::ptr::eq(x, w)))
            .unwrap_or(0)
    };
    let mut i = 0;
    while i < groups.len() {
        let (x0, x1) = extent(&groups[i]);
        let named = |g: &Vec<&Word>| cell_label(g, vocab).is_some();
        let host = (!named(&groups[i]))
            .then(|| {
                (0..groups.len()).find(|&j| {
                    let (gx0, gx1) = extent(&groups[j]);
                    j != i && named(&groups[j]) && x0 < gx1 && x1 > gx0
                })
            })
            .flatten();
        let Some(host) = host else {
            i += 1;
            continue;
        };
        let words = groups.remove(i);
        let host = if host > i { host - 1 } else { host };
        groups[host].extend(words);
        groups[host].sort_by(|a, b| {
            line_of(a)
                .cmp(&line_of(b))
                .then(a.bbox.x0.total_cmp(&b.bbox.x0))
        });
    }
    groups
}

/// A header cell's words, in reading order.
pub(super) fn cell_words<'a>(cell: &[&'a Word]) -> Vec<&'a str> {
    cell.iter().map(|w| w.text.as_str()).collect()
}

/// The label a header cell names.
pub(super) fn cell_label(cell: &[&Word], vocab: &Vocabulary) -> Option<Label> {
    let text = cell_words(cell).join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    column_label(&words, vocab)
}

/// A header cell's words, or the cells they are: two header cells set
/// closer than a line height apart ("Descrizio ne" and "Algoritm o", 5
/// points apart in narrow columns) read as one, each part naming a label
/// of its own. They part at a blank clear of every line of the header,
/// where the words on each side name two different labels. On a text
/// layer the blank is wider than a word space. OCR'd word gaps vary too
/// much for that ("Descrizione indicatore" would part into two labels,
/// "Descrizione Metodo di calcolo" 8 points apart would not): on a scan
/// the body under the header must show a column starting in the blank
/// ([`ColumnStarts::between`]); without the body, the words stay one cell.
pub(super) fn parted<'w>(
    group: Vec<&'w Word>,
    vocab: &Vocabulary,
    starts: Option<&ColumnStarts>,
) -> Vec<Vec<&'w Word>> {
    let ocr = 2 * group.iter().filter(|w| w.confidence.is_some()).count() > group.len();
    let starts = match (ocr, starts) {
        (false, _) => None,
        (true, Some(starts)) => Some(starts),
        (true, None) => return vec![group],
    };
    let height = median(group.iter().map(|w| w.bbox.height().abs())).unwrap_or(1.0);
    let spans: Vec<(f32, f32)> = group.iter().map(|w| (w.bbox.x0, w.bbox.x1)).collect();
    let (lo, hi) = (
        spans.iter().map(|s| s.0).fold(f32::INFINITY, f32::min),
        spans.iter().map(|s| s.1).fold(f32::NEG_INFINITY, f32::max),
    );
    let mut at = lo;
    for (a, b) in covered(&spans, lo, hi) {
        let apart = match starts {
            None => a - at > WORD_SPACE * height,
            Some(starts) => a > at && starts.between(at, a),
        };
        if apart {
            let (left, right): (Vec<&Word>, Vec<&Word>) =
                group.iter().partition(|w| w.bbox.x1 <= at + 0.01);
            let label = |words: &[&Word]| {
                let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
                column_label(&texts, vocab)
            };
            if let (Some(l), Some(r)) = (label(&left), label(&right)) {
                if l != r {
                    let mut out = vec![left];
                    out.extend(parted(right, vocab, starts));
                    return out;
                }
            }
        }
        at = at.max(b);
    }
    vec![group]
}
