//! Column boundaries: the rules between the header's cells, else the
//! white river between them that no body word crosses.

use super::*;

/// The widest blank between two words of one header cell, in line
/// heights: a word space is about a quarter of a line.
pub(super) const WORD_SPACE: f32 = 0.4;

/// How far (line heights) OCR's boxes may stray past the blank between
/// two header cells: a header word's box hugs its ink, the body's words
/// may reach a point or two nearer the column's border.
pub(super) const HEADER_SLACK: f32 = 0.25;

/// How near (line heights) the starts of OCR'd words lie to start one
/// column's text: a scan's boxes do not stand as level as a text layer's.
pub(super) const OCR_ALIGNED: f32 = 0.15;

/// How many words must start level at a column's edge for each word
/// that crosses it: in tight columns a scan's boxes of the column
/// before reach a point or two past where the next column's text starts
/// ("Descrizione" and "Algoritmo" 5 points apart), a word or two in a
/// dozen lines; inside one column's text most lines cross any place.
pub(super) const CROSSING_SHARE: usize = 4;

/// What the body under a header shows of where its columns start: its
/// words' extents across the page (but specks and bits of rules, see
/// [`is_mark`]), the page's vertical rules, and its line height.
pub(super) struct ColumnStarts {
    pub(super) spans: Vec<(f32, f32)>,
    pub(super) rules: Vec<f32>,
    pub(super) height: f32,
}

impl ColumnStarts {
    pub(super) fn new(body: &[&Line], rules: &[Rule]) -> ColumnStarts {
        let words = || body.iter().flat_map(|l| &l.words);
        ColumnStarts {
            spans: words()
                .filter(|w| !is_mark(&w.text))
                .map(|w| (w.bbox.x0, w.bbox.x1))
                .collect(),
            rules: rules
                .iter()
                .filter(|r| r.axis == Axis::Vertical)
                .map(|r| r.at)
                .collect(),
            height: median(words().map(|w| w.bbox.height().abs())).unwrap_or(1.0),
        }
    }

    /// Whether a column starts in the blank `lo..hi` between two header
    /// words (give or take [`HEADER_SLACK`]): a vertical rule stands in
    /// it, or a stretch of it no body word covers is wider than a word
    /// space (values centred in their columns), or two body words or more
    /// start level in it and next to none cross where they start (text
    /// set flush left; see [`CROSSING_SHARE`]). One column's header words a word space apart have its
    /// text's lines running across the blank.
    pub(super) fn between(&self, lo: f32, hi: f32) -> bool {
        let slack = HEADER_SLACK * self.height;
        let (lo, hi) = (lo - slack, hi + slack);
        if self.rules.iter().any(|x| *x > lo && *x < hi) {
            return true;
        }
        let mut at = lo;
        let stretches = covered(&self.spans, lo, hi);
        for (a, b) in stretches.into_iter().chain(std::iter::once((hi, hi))) {
            if a - at > WORD_SPACE * self.height {
                return true;
            }
            at = at.max(b);
        }
        let near = OCR_ALIGNED * self.height;
        let starts = self
            .spans
            .iter()
            .map(|s| s.0)
            .filter(|x| *x > lo && *x < hi);
        starts.into_iter().any(|x| {
            let level = self.spans.iter().filter(|s| (s.0 - x).abs() <= near);
            let crossing = self
                .spans
                .iter()
                .filter(|s| s.0 < x - near && s.1 > x + near);
            let level = level.count();
            level >= 2 && CROSSING_SHARE * crossing.count() < level
        })
    }
}

/// The label a header cell's words name; failing that, the label its
/// letters name run together (OCR cut a word: "Progr ‘amma").
pub(super) fn column_label(words: &[&str], vocab: &Vocabulary) -> Option<Label> {
    let label = vocab.template_label_at_start(words).map(|m| m.label);
    if label.is_some() || words.len() < 2 {
        return label;
    }
    let joined: String = words
        .concat()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    vocab.template_label_at_start(&[&joined]).map(|m| m.label)
}

/// The page's ruling lines, in the frame its words were deskewed into
/// (on a scan a little askew, a row's border at the far side of the page
/// would otherwise stand points away from the same border at the near).
pub(super) fn page_rules(doc: &Document, page: u32, skew: f32) -> Vec<Rule> {
    doc.pages
        .iter()
        .find(|p| p.number == page)
        .map(|p| deskewed_rules(&p.rules, skew))
        .unwrap_or_default()
}

/// Where each column ends and the next begins: a vertical rule between
/// their header cells, else a stretch between them that no body word
/// covers (see [`aligned_river`]; the widest, where words are not placed
/// in points but `aligned` is false).
pub(super) fn boundaries(
    columns: &[TableColumn],
    body: &[&Line],
    rules: &[Rule],
    aligned: bool,
) -> Vec<f32> {
    let height = median(
        body.iter()
            .flat_map(|l| l.words.iter().map(|w| w.bbox.height().abs())),
    )
    .unwrap_or(1.0);
    let spans: Vec<(f32, f32)> = body
        .iter()
        .flat_map(|l| &l.words)
        .filter(|w| w.confidence.is_none() || !is_mark(&w.text))
        .map(|w| (w.bbox.x0, w.bbox.x1))
        .collect();
    columns
        .windows(2)
        .map(|pair| {
            let (lo, hi) = (pair[0].x1.min(pair[1].x0), pair[1].x0.max(pair[0].x1));
            let ruled = rules
                .iter()
                .filter(|r| r.axis == Axis::Vertical && r.at > lo - 1.0 && r.at < hi + 1.0)
                .map(|r| r.at)
                .next();
            ruled.unwrap_or_else(|| match aligned {
                true => aligned_river(&spans, lo, hi, height),
                false => river(&spans, lo, hi),
            })
        })
        .collect()
}

/// How near (points) the starts of words lie to start one column's text.
pub(super) const ALIGNED: f32 = 1.0;

/// Where a column begins between `lo` and `hi`: the widest stretch no
/// word covers that ends where two words or more start level (the left
/// edge of a column's text: headers centred over their columns leave
/// wider stretches inside a column than before it), if one is wider
/// than a word space (half a line); else the middle of the widest stretch;
/// where words cover all of `lo..hi` (a scan's tight columns, whose
/// boxes reach into the padding), where the fewest words cross.
pub(super) fn aligned_river(spans: &[(f32, f32)], lo: f32, hi: f32, height: f32) -> f32 {
    let covered = covered(spans, lo, hi);
    let starts_at = |x: f32| spans.iter().filter(|s| (s.0 - x).abs() <= ALIGNED).count();
    // Each stretch before level starts: (width, middle, words starting).
    let mut stretches: Vec<(f32, f32, usize)> = Vec::new();
    let mut at = lo;
    for &(a, b) in &covered {
        let width = a - at;
        // Starts are counted only before a stretch wide enough (counting
        // them for every span cost a wide report 24 M instructions).
        let starts = if width > 0.5 * height {
            starts_at(a)
        } else {
            0
        };
        if starts >= 2 {
            stretches.push((width, (a + at) / 2.0, starts));
        }
        at = at.max(b);
    }
    let widest = stretches
        .iter()
        .copied()
        .reduce(|best, s| if s.0 > best.0 { s } else { best });
    match widest {
        Some(w) => column_edge(&stretches, w).1,
        None if covers_all(&covered, lo, hi) => least_crossed(spans, lo, hi),
        None => river(spans, lo, hi),
    }
}

/// How wide (of the widest) a stretch before level starts further left
/// must be to be the column's edge instead: see [`column_edge`].
pub(super) const NEAR_WIDEST: f32 = 0.75;

/// Of the stretches before level starts, the column's left edge: the
/// widest, unless one further left is nearly as wide and as many words
/// start after it. A column's text starts at its edge on every line; a
/// text inside it set level on every line ("Anno 2021: >=150,00" under
/// "Anno 2022: ...") starts level too, after a gap a scan may widen (OCR
/// lost the colon: DEV browser-printed matrix 101 scanned image-only put
/// "Anno 2021" in the indicator's title).
pub(super) fn column_edge(
    stretches: &[(f32, f32, usize)],
    widest: (f32, f32, usize),
) -> (f32, f32, usize) {
    stretches
        .iter()
        .copied()
        .find(|s| s.1 < widest.1 && s.0 >= NEAR_WIDEST * widest.0 && s.2 >= widest.2)
        .unwrap_or(widest)
}

/// Whether the stretches `covered` (sorted, as [`covered`] gives them)
/// leave no blank in `lo..hi`.
pub(super) fn covers_all(covered: &[(f32, f32)], lo: f32, hi: f32) -> bool {
    let mut at = lo;
    for &(a, b) in covered {
        if a > at {
            return false;
        }
        at = at.max(b);
    }
    at >= hi
}

/// Where in `lo..hi` the fewest of `spans` cross (start before and end
/// after): of the places as little crossed, the middle of the widest run.
/// On a scan whose columns' words leave no blank between them, a column's
/// text starts where the previous column's ends; the middle of the
/// stretch would cut through the words of one of them.
pub(super) fn least_crossed(spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
    let mut edges: Vec<f32> = spans
        .iter()
        .flat_map(|s| [s.0, s.1])
        .filter(|x| *x > lo && *x < hi)
        .chain([lo, hi])
        .collect();
    edges.sort_by(f32::total_cmp);
    edges.dedup();
    // Every edge, and the middle of the space up to the next.
    let mut places: Vec<f32> = Vec::with_capacity(2 * edges.len());
    for (i, &x) in edges.iter().enumerate() {
        places.push(x);
        if let Some(next) = edges.get(i + 1) {
            places.push((x + next) / 2.0);
        }
    }
    let crossing = |x: f32| spans.iter().filter(|s| s.0 < x && s.1 > x).count();
    let counts: Vec<usize> = places.iter().map(|&x| crossing(x)).collect();
    let fewest = counts.iter().copied().min().unwrap_or(0);
    let mut best = ((lo + hi) / 2.0, f32::NEG_INFINITY);
    let mut i = 0;
    while i < places.len() {
        if counts[i] != fewest {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < places.len() && counts[i + 1] == fewest {
            i += 1;
        }
        let width = places[i] - places[start];
        if width > best.1 {
            best = ((places[start] + places[i]) / 2.0, width);
        }
        i += 1;
    }
    best.0
}

/// A word of marks alone ("—", "|", "-"): no letter, digit, sign of a
/// value (%, €) or operator. On a scan these are mostly specks and bits of
/// rules OCR read as text; they do not close a river between columns
/// (in a text layer they are the text's: "002 - Indirizzo").
pub(super) fn is_mark(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_alphanumeric() || matches!(c, '%' | '€' | '<' | '>' | '≥' | '≤'))
}

/// The middle of the widest stretch of `lo..hi` that none of `spans`
/// covers; the middle of `lo..hi` when they cover it all.
pub(in crate::layout) fn river(spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
    let covered = covered(spans, lo, hi);
    let (mut best, mut width, mut at) = ((lo + hi) / 2.0, 0.0f32, lo);
    for (a, b) in covered.iter().copied().chain(std::iter::once((hi, hi))) {
        if a - at > width {
            width = a - at;
            best = (a + at) / 2.0;
        }
        at = at.max(b);
    }
    best
}

/// The middle of the lowest stretch of `lo..hi` that none of `spans`
/// covers, of those nearly as wide as the widest (a row's own text
/// starts right under its border; lines of a cell are a little closer).
pub(super) fn lowest_river(spans: &[(f32, f32)], lo: f32, hi: f32) -> f32 {
    let covered = covered(spans, lo, hi);
    let mut free: Vec<(f32, f32)> = Vec::new();
    let mut at = lo;
    for (a, b) in covered.iter().copied().chain(std::iter::once((hi, hi))) {
        if a > at {
            free.push((at, a));
        }
        at = at.max(b);
    }
    let widest = free.iter().map(|(a, b)| b - a).fold(0.0f32, f32::max);
    free.iter()
        .rev()
        .find(|(a, b)| b - a >= 0.8 * widest)
        .map_or((lo + hi) / 2.0, |(a, b)| (a + b) / 2.0)
}

/// The column a word's centre lies in.
pub(super) fn column_at(bounds: &[f32], word: &Word) -> usize {
    let x = (word.bbox.x0 + word.bbox.x1) / 2.0;
    bounds.iter().filter(|b| x > **b).count()
}

/// Where column `i`'s cells lie across the page (left, right): between
/// its boundaries, the outer columns to their header's edge.
pub(super) fn lane(columns: &[TableColumn], bounds: &[f32], i: usize) -> (f32, f32) {
    let x0 = if i == 0 { columns[0].x0 } else { bounds[i - 1] };
    let x1 = bounds.get(i).copied().unwrap_or(columns[i].x1);
    (x0, x1)
}

/// The x-middle of column `i`, for rules crossing it.
pub(super) fn middle(columns: &[TableColumn], bounds: &[f32], i: usize) -> f32 {
    let (x0, x1) = lane(columns, bounds, i);
    (x0 + x1) / 2.0
}

/// The y of each horizontal rule crossing `x`, sorted.
pub(super) fn rules_across(rules: &[Rule], x: f32) -> Vec<f32> {
    let mut ys: Vec<f32> = rules
        .iter()
        .filter(|r| {
            r.axis == Axis::Horizontal && r.from - RULE_SLACK <= x && r.to + RULE_SLACK >= x
        })
        .map(|r| r.at)
        .collect();
    ys.sort_by(f32::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() <= RULE_SLACK);
    ys
}
