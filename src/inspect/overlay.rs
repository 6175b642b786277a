//! What `pira inspect --png` draws over a page, taken from what the chain
//! itself found, never recomputed: the words and lines of the layout, the
//! scheda's label column, the table cells, the fields they all became, and
//! the words that were corrected or sit in a field with a warning.
//!
//! Boxes are in points, in the layout's frame: a scanned page's skew is
//! taken out, and [`PageOverlay::skew`] puts it back.

use crate::layout::{self, LineRole, ReportLayout, SchedaLayout};
use crate::model::{Column, FieldPath, IndicatorField, Objective, ObjectiveField, Report};
use crate::read::{BBox, Document, PageWords, Rule, Word};

/// Everything drawn over one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageOverlay {
    pub page: u32,
    /// The page's size in points.
    pub width: f32,
    pub height: f32,
    /// The slope the layout sheared out of the page: a point (x, y) here
    /// lies at (x, y + skew·x) on the page.
    pub skew: f32,
    pub words: Vec<BBox>,
    /// The page's ruling lines (drawn paths of a PDF, long dark runs of a
    /// scan), pieces joined.
    pub rules: Vec<Rule>,
    /// The cells of the ruled tables those rules make, as the layout cut
    /// them: the words in one of them are one cell's text.
    pub ruled_cells: Vec<BBox>,
    /// One box per laid-out line.
    pub lines: Vec<BBox>,
    /// The labels lines open with ("Titolo", "Cosa misura"): the scheda's
    /// label column.
    pub labels: Vec<BBox>,
    /// Runs of lines whose text (after the label) became one field.
    pub fields: Vec<Tag>,
    /// Table cells, by the field they became.
    pub cells: Vec<Tag>,
    /// Words a correction changed.
    pub corrected: Vec<BBox>,
    /// Words of a field that got a warning (or the field's box when it has
    /// no words).
    pub warned: Vec<BBox>,
}

/// A region of the page and the field it became.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub bbox: BBox,
    /// The objective's code, when the region belongs to a scheda.
    pub objective: Option<String>,
    /// `title`, `indicator[2].target`, `resources[1].amount`.
    pub field: FieldPath,
}

/// The overlay of `page` (1-based, in the document).
pub(super) fn build(
    doc: &Document,
    layout: &ReportLayout,
    report: Option<&Report>,
    page: u32,
) -> PageOverlay {
    let Some(words) = doc.pages.iter().find(|p| p.number == page) else {
        return PageOverlay::default();
    };
    let lines = page_lines(doc, words);
    let mut o = PageOverlay {
        page,
        width: words.width,
        height: words.height,
        skew: lines.first().map_or(0.0, |l| l.skew),
        words: lines
            .iter()
            .flat_map(|l| &l.words)
            .map(|w| w.bbox)
            .collect(),
        lines: lines
            .iter()
            .filter_map(|l| l.span(0..l.words.len()))
            .collect(),
        ..PageOverlay::default()
    };
    let rules = layout::deskewed_rules(&words.rules, o.skew);
    o.rules = layout::grid::ruling_lines(&rules);
    o.ruled_cells = layout::grid::tables(&rules)
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| r.cells())
        .collect();
    let page_words: Vec<&Word> = lines.iter().flat_map(|l| &l.words).collect();
    for s in &layout.schede {
        let code = s.code.as_ref().map(|c| c.0.clone());
        let objective = report
            .into_iter()
            .flat_map(|r| &r.objectives)
            .find(|o| Some(&o.code) == code.as_ref());
        add_scheda(&mut o, s, code.as_deref(), objective, &page_words);
    }
    if let Some(report) = report {
        mark_corrections(&mut o, report, &page_words);
        mark_warnings(&mut o, report, &page_words);
    }
    o
}

/// The page's words grouped into lines exactly as the layout grouped them.
fn page_lines(doc: &Document, page: &PageWords) -> Vec<layout::Line> {
    let one = Document::new(doc.format, vec![page.clone()], Vec::new());
    layout::group_lines(&one)
}

fn add_scheda(
    o: &mut PageOverlay,
    s: &SchedaLayout,
    code: Option<&str>,
    objective: Option<&Objective>,
    words: &[&Word],
) {
    let page = o.page;
    let roles: Vec<&LineRole> = s
        .roles
        .iter()
        .chain(s.indicators.iter().flat_map(|i| &i.roles))
        .filter(|r| r.page == page)
        .collect();
    o.labels.extend(roles.iter().filter_map(|r| r.label));
    let tag = |bbox: BBox, field: FieldPath| Tag {
        bbox,
        objective: code.map(str::to_string),
        field,
    };
    for (field, bbox) in field_runs(&roles) {
        o.fields.push(tag(bbox, field));
    }
    if let Some(objective) = objective {
        let resources = roles
            .iter()
            .filter(|r| r.field == Some(ObjectiveField::Resources.into()));
        for r in resources {
            for (i, bbox) in amounts_in(objective, page, r, words) {
                o.fields.push(tag(bbox, FieldPath::amount(i)));
            }
        }
    }
    for ind in &s.indicators {
        for cell in ind.cells.boxes.iter().filter(|c| c.page == page) {
            o.cells
                .push(tag(cell.bbox, FieldPath::cell(ind.number, cell.column)));
        }
    }
}

/// Consecutive lines that fed one field, as one box around their values.
fn field_runs(roles: &[&LineRole]) -> Vec<(FieldPath, BBox)> {
    let mut runs: Vec<(FieldPath, BBox)> = Vec::new();
    let mut last: Option<FieldPath> = None;
    for r in roles {
        let (Some(field), Some(value)) = (r.field, r.value) else {
            // A line that is only a label keeps its field's run going.
            last = r.field;
            continue;
        };
        match runs.last_mut() {
            Some((f, bbox)) if last == Some(field) && *f == field => {
                *bbox = BBox::around([*bbox, value]).unwrap_or(value);
            }
            _ => runs.push((field, value)),
        }
        last = Some(field);
    }
    runs
}

/// The resource amounts printed in one resources line: each resource of
/// the objective on this page whose amount, as read, is in the line's words.
fn amounts_in(
    objective: &Objective,
    page: u32,
    role: &LineRole,
    words: &[&Word],
) -> Vec<(usize, BBox)> {
    let Some(value) = role.value else {
        return Vec::new();
    };
    let line: Vec<&Word> = words
        .iter()
        .copied()
        .filter(|w| inside(w.bbox, value))
        .collect();
    objective
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.page == page)
        .filter_map(|(i, r)| Some((i, phrase_box(&line, &r.amount_raw)?)))
        .collect()
}

/// The box of the words that spell `phrase` token by token (a word may
/// carry punctuation around its token: "90.880,26:").
fn phrase_box(words: &[&Word], phrase: &str) -> Option<BBox> {
    let tokens: Vec<&str> = phrase.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > words.len() {
        return None;
    }
    (0..=words.len() - tokens.len()).find_map(|start| {
        let run = &words[start..start + tokens.len()];
        let same = run
            .iter()
            .zip(&tokens)
            .all(|(w, t)| bare(&w.text) == bare(t) && !bare(t).is_empty());
        same.then(|| BBox::around(run.iter().map(|w| w.bbox)))
            .flatten()
    })
}

/// A token without the punctuation around it.
fn bare(token: &str) -> &str {
    token.trim_matches(|c: char| matches!(c, ':' | ';' | ',' | '.' | '(' | ')' | '"' | '“' | '”'))
}

/// Whether a word's centre lies in `region` (with half a point to spare).
fn inside(word: BBox, region: BBox) -> bool {
    let (x, y) = ((word.x0 + word.x1) / 2.0, word.y_mid());
    x >= region.x0 - 0.5 && x <= region.x1 + 0.5 && y >= region.y0 - 0.5 && y <= region.y1 + 0.5
}

/// The tags (fields and cells) a record field of the report drew as. A
/// field of None means the whole indicator (all its cells and lines), or
/// for an objective its code line.
fn regions<'a>(
    o: &'a PageOverlay,
    objective: Option<&str>,
    indicator: Option<u32>,
    field: Option<FieldPath>,
) -> Vec<&'a Tag> {
    let wanted = |t: &Tag| -> bool {
        if t.objective.as_deref() != objective {
            return false;
        }
        match (indicator, field) {
            (_, Some(f)) => t.field == drawn_as(f),
            (Some(n), None) => t.field.indicator_number() == Some(n),
            (None, None) => t.field == ObjectiveField::Code.into(),
        }
    };
    o.fields
        .iter()
        .chain(&o.cells)
        .filter(|t| wanted(t))
        .collect()
}

/// The field whose region a record field is read from: `target_value`
/// from the `target` cell, `mission_code` from the mission line (drawn as
/// `mission_name`), `achieved` judged on the `actual` cell, an indicator's
/// `number` printed before its title.
fn drawn_as(field: FieldPath) -> FieldPath {
    use IndicatorField as I;
    use ObjectiveField as O;
    match field {
        FieldPath::Indicator { number, field } => {
            let drawn = match field {
                I::Value(value) => I::Cell(value.column()),
                I::Achieved => I::Cell(Column::Actual),
                I::Number => I::Title,
                other => other,
            };
            FieldPath::indicator(number, drawn)
        }
        FieldPath::Objective(O::MissionCode) => O::MissionName.into(),
        FieldPath::Objective(O::ProgrammeCode) => O::ProgrammeName.into(),
        other => other,
    }
}

/// Words a correction of this page changed: in the region of its field,
/// the words whose text is a token the correction replaced.
fn mark_corrections(o: &mut PageOverlay, report: &Report, words: &[&Word]) {
    let mut marked = Vec::new();
    for c in report.corrections.iter().filter(|c| c.page == Some(o.page)) {
        let corrected: Vec<&str> = c.corrected.split_whitespace().map(bare).collect();
        let mut changed: Vec<&str> = c
            .raw
            .split_whitespace()
            .map(bare)
            .filter(|t| !corrected.contains(t))
            .collect();
        if changed.is_empty() {
            changed = c.raw.split_whitespace().map(bare).collect();
        }
        let found = regions(
            o,
            c.objective_code.as_deref(),
            c.indicator_number,
            Some(c.field),
        );
        // A field with no region drawn (a table read without positions):
        // the words are looked for on the whole page.
        let in_region = |w: &Word| found.is_empty() || found.iter().any(|r| inside(w.bbox, r.bbox));
        marked.extend(
            words
                .iter()
                .filter(|w| in_region(w) && changed.contains(&bare(&w.text)))
                .map(|w| w.bbox),
        );
    }
    o.corrected = unique(marked);
}

/// Words of the fields that got a warning on this page.
fn mark_warnings(o: &mut PageOverlay, report: &Report, words: &[&Word]) {
    let mut marked = Vec::new();
    for w in report.warnings.iter().filter(|w| w.page == Some(o.page)) {
        for region in regions(o, w.objective_code.as_deref(), w.indicator_number, w.field) {
            let before = marked.len();
            marked.extend(
                words
                    .iter()
                    .filter(|x| inside(x.bbox, region.bbox))
                    .map(|x| x.bbox),
            );
            if marked.len() == before {
                marked.push(region.bbox);
            }
        }
    }
    o.warned = unique(marked);
}

fn unique(mut boxes: Vec<BBox>) -> Vec<BBox> {
    let key = |b: &BBox| (b.y0, b.x0, b.y1, b.x1);
    boxes.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.total_cmp(&b.3))
    });
    boxes.dedup();
    boxes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Input, Options};

    fn word(text: &str, x0: f32) -> Word {
        Word {
            text: text.to_string(),
            bbox: BBox {
                x0,
                y0: 10.0,
                x1: x0 + 20.0,
                y1: 20.0,
            },
            confidence: None,
            font_size: None,
        }
    }

    #[test]
    fn finds_a_phrase_among_words_with_punctuation() {
        let words = [
            word("Bilancio", 0.0),
            word("€", 30.0),
            word("90.880,26:", 60.0),
        ];
        let refs: Vec<&Word> = words.iter().collect();
        let b = phrase_box(&refs, "€ 90.880,26").expect("found");
        assert_eq!((b.x0, b.x1), (30.0, 80.0));
        assert_eq!(phrase_box(&refs, "€ 1.000,00"), None);
    }

    fn fixture(path: &str) -> Input {
        let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
        Input::from_bytes(path, bytes)
    }

    const PDF: &str = "fixtures/generated/gen_s1_01_brescia_2023_consuntivo.pdf";

    fn centre_in(word: &BBox, region: &BBox) -> bool {
        inside(*word, *region)
    }

    fn overlaps(a: &BBox, b: &BBox) -> bool {
        a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
    }

    #[test]
    fn a_pdf_page_shows_cells_fields_and_the_label_column() {
        let input = fixture(PDF);
        let options = Options::default();
        let report = crate::extract(&input, &options).expect("the fixture converts");
        let (objective, ind) = report
            .objectives
            .iter()
            .find_map(|o| Some((o, o.indicators.iter().find(|i| i.page == 2)?)))
            .expect("an indicator on page 2");
        let o = super::super::view_page(&input, &options, 2)
            .expect("page 2")
            .overlay;
        assert!(o.width > o.height, "landscape A4");
        let n = ind.number;
        let names: Vec<FieldPath> = o.cells.iter().map(|t| t.field).collect();
        let wanted: Vec<FieldPath> = Column::ALL.iter().map(|&c| FieldPath::cell(n, c)).collect();
        assert_eq!(names, wanted);
        for pair in o.cells.windows(2) {
            assert!(
                pair[0].bbox.x1 <= pair[1].bbox.x0 + 0.01,
                "cells side by side"
            );
        }
        // A cell holds words exactly when its field has a value.
        for (cell, &column) in o.cells.iter().zip(Column::ALL) {
            let value = ind.cell(column);
            let has_words = o.words.iter().any(|w| centre_in(w, &cell.bbox));
            assert_eq!(has_words, value.is_some(), "{} = {value:?}", cell.field);
        }
        let fields: Vec<FieldPath> = o.fields.iter().map(|t| t.field).collect();
        for field in [
            ObjectiveField::MissionName.into(),
            ObjectiveField::Title.into(),
            ObjectiveField::Description.into(),
            ObjectiveField::Code.into(),
            FieldPath::indicator(n, IndicatorField::Title),
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
        let amounts = fields
            .iter()
            .filter(|f| matches!(f, FieldPath::Resource { .. }))
            .count();
        let resources = objective.resources.iter().filter(|r| r.page == 2).count();
        assert_eq!(amounts, resources, "{fields:?}");
        // Labels and values are apart: the label column.
        assert!(o.labels.len() >= 8, "{:?}", o.labels);
        let objective_field = |t: &&Tag| matches!(t.field, FieldPath::Objective(_));
        for t in o.fields.iter().filter(objective_field) {
            assert!(
                !o.labels.iter().any(|l| overlaps(l, &t.bbox)),
                "{} overlaps a label",
                t.field
            );
        }
        assert!(
            o.corrected.is_empty() && o.warned.is_empty(),
            "born-digital text is not corrected"
        );
    }

    #[test]
    fn a_warning_marks_the_words_of_its_field() {
        let input = fixture(PDF);
        let options = Options::default();
        let report = crate::extract(&input, &options).expect("the fixture converts");
        let w = report
            .warnings
            .iter()
            .find(|w| {
                let achieved = IndicatorField::Achieved;
                matches!(w.field, Some(FieldPath::Indicator { field, .. }) if field == achieved)
            })
            .expect("an achieved-unknown warning");
        let page = w.page.expect("with a page");
        let o = super::super::view_page(&input, &options, page)
            .expect("its page")
            .overlay;
        let actual = FieldPath::cell(w.indicator_number.unwrap_or(0), Column::Actual);
        let cell = o
            .cells
            .iter()
            .find(|t| t.field == actual && t.objective == w.objective_code)
            .expect("the actual cell");
        assert!(!o.warned.is_empty());
        assert!(
            o.warned.iter().all(|b| centre_in(b, &cell.bbox)),
            "{:?}",
            o.warned
        );
    }

    #[test]
    fn corrected_words_are_marked() {
        let input = fixture("fixtures/000_b2d698d42f0df24e.txt");
        let options = Options::default();
        let report = crate::extract(&input, &options).expect("the sample converts");
        let page = report.corrections[0].page.expect("a page");
        let o = super::super::view_page(&input, &options, page)
            .expect("its page")
            .overlay;
        assert!(!o.corrected.is_empty());
        assert!(
            o.corrected.iter().all(|c| o.words.contains(c)),
            "corrected boxes are words"
        );
    }

    #[test]
    fn json_fields_name_the_region_they_were_read_from() {
        for (field, drawn) in [
            ("indicator[2].target_value", "indicator[2].target"),
            ("mission_code", "mission_name"),
            ("indicator[1].achieved", "indicator[1].actual"),
            ("indicator[1].number", "indicator[1].title"),
            ("title", "title"),
            ("resources[3].amount", "resources[3].amount"),
        ] {
            let field: Option<FieldPath> = field.parse().ok();
            assert_eq!(
                field.map(|f| drawn_as(f).to_string()).as_deref(),
                Some(drawn)
            );
        }
    }
}
