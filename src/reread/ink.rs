//! Words OCR lost inside a cell it read: ink in the cell's crop of the
//! page image that no word box covers. Tesseract drops a short word that
//! stands alone on a wrapped line of its cell (DEV scan 197: the "DI" of
//! "REGISTRO DEGLI ORDINI / DI / ECONOMATO" came back as no word at all,
//! the cell read "REGISTRO DEGLI ORDINI ECONOMATO"), which no check of the
//! text can tell. The image still shows the word: a blot of ink as tall
//! as letters, apart from every word's box.
//!
//! The crop is cleared of its ruling lines as for a reread
//! ([`super::crop::crop`]); its ink is parted into blots (8-connected
//! pixels that stay black once binarised). A blot any pixel of which lies
//! in a word's box (grown by [`BOX_SLACK`], and along its line by
//! [`LETTER_GAP_SHARE`] of the words' height) belongs to that word: a box
//! that ends short of a glyph's foot, or of its word's last letter (DEV
//! scan 231: "ESTRAZIONE" boxed to its "N"), still holds the glyph, while
//! a word of its own stands a space apart. A blot apart
//! from every box, as tall as [`MIN_HEIGHT_SHARE`] of the cell's words and
//! holding the ink of a letter, is a glyph OCR read nothing of, and the
//! cell's field is flagged `low-confidence` (OCR's reading of it is in
//! doubt; `missing-field` is kept for a field left empty). Specks of
//! noise, dots and dashes are too low.
//!
//! The fields a scheda prints beside its labels (the objective's title,
//! its office, its resources, an indicator's title) are looked at in the
//! same way, each in the box around the values of the lines that fed it:
//! OCR loses a word there as in a cell, and no other check would tell.
//!
//! Only cells with text are looked at (an empty cell whose crop holds ink
//! is read again, [`super::plan`]), and not those read again and set from
//! their crop, whose reading may have what the page's lost. Pages are
//! cropped from the renderings OCR kept; a page whose rendering was not
//! kept (a long report past the renders' budget) is not looked at.

use super::{crop, Cell, Reason, Request};
use crate::layout::ReportLayout;
use crate::model::{FieldPath, Route, Template, Warning, WarningCode};
use crate::read::image_rules::Gray;
use crate::read::ocr::RENDER_DPI;
use crate::read::{median, BBox, Document, Region};

/// Pixels a word's box is grown by before it claims a blot (blur, and
/// boxes drawn a pixel short of the glyphs).
const BOX_SLACK: usize = 2;
/// A word's box is grown along its line by this share of the median
/// height of the cell's word boxes: the gap between two letters of a word
/// (4 pixels of 27 on DEV scan 231) is under it, a space between two words
/// (16 pixels there) is not.
const LETTER_GAP_SHARE: f32 = 0.3;
/// A blot at least this share of the median height of the cell's word
/// boxes is a glyph: capitals and small letters reach it, a dash, a dot or
/// a speck of noise does not.
const MIN_HEIGHT_SHARE: f32 = 0.45;
/// The ink a glyph holds at least, as a share of the words' height
/// squared (an "I" of 30 pixels, 4 wide, holds 0.13 of it).
const MIN_INK_SHARE: f32 = 0.05;
/// Points a field's box around its values is grown by (as a table
/// cell's), so that a glyph at its edge is in.
const FIELD_MARGIN: f32 = 2.0;
/// Darker than this stays black when the image is binarised (as for the
/// crops OCR reads).
const BLACK: u8 = 150;

/// Where a warning goes: the scheda's index and the field.
type Place = (Option<usize>, Option<FieldPath>);

/// The warnings on cells of `layout` whose crop of the page image holds
/// ink no word of `document` covers, but for the cells `requests` read
/// again from their crop (doubted or empty).
pub(super) fn lost_words(
    document: &Document,
    layout: &ReportLayout,
    requests: &[Request],
) -> Vec<Warning> {
    let reread = |cell: &Cell| {
        requests.iter().any(|r| {
            r.cell == *cell && matches!(r.reason, Reason::WordsDoubted | Reason::CellEmpty)
        })
    };
    let mut out = Vec::new();
    for page in &document.pages {
        let ocr = document
            .routes
            .iter()
            .any(|r| r.page == page.number && r.route == Route::Ocr);
        if !ocr {
            continue;
        }
        let cells: Vec<(Place, Region)> = text_cells(layout, page.number)
            .into_iter()
            .filter(|(cell, _)| !reread(cell))
            .map(|(cell, region)| (super::apply::place(layout, cell), region))
            .chain(field_regions(layout, page.number))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let Some(image) = kept_image(document, page.number) else {
            continue;
        };
        let boxes: Vec<BBox> = page.words.iter().map(|w| w.bbox).collect();
        for ((scheda, field), region) in cells {
            if holds_lost_glyph(&image, &region, &boxes) {
                out.push(lost_word_warning(layout, scheda, field, page.number));
            }
        }
    }
    out
}

/// The fields of `layout`'s schede printed beside their labels on page
/// `page`, by scheda and field, each with the region around the values
/// of a run of lines that fed it (as `inspect` draws them). Table cells
/// are left to [`text_cells`], the objective's code and its declared
/// count to their own checks; the other templates' fields are not
/// looked at.
fn field_regions(layout: &ReportLayout, page: u32) -> Vec<(Place, Region)> {
    if !matches!(layout.template, None | Some(Template::Scheda)) {
        return Vec::new();
    }
    let mut out: Vec<(Place, Region)> = Vec::new();
    for (scheda, s) in layout.schede.iter().enumerate() {
        let roles = s
            .roles
            .iter()
            .chain(s.indicators.iter().flat_map(|i| &i.roles));
        let mut last: Option<FieldPath> = None;
        for r in roles.filter(|r| r.page == page) {
            let (Some(field), Some(value)) = (r.field.filter(|f| looked_at(*f)), r.value) else {
                // A line that is only a label keeps its field's run going.
                last = r.field;
                continue;
            };
            let region = crate::layout::page_region(page, value, r.skew);
            let place = (Some(scheda), Some(field));
            match out.last_mut() {
                Some((p, run)) if *p == place && last == Some(field) => {
                    run.bbox = BBox::around([run.bbox, region.bbox]).unwrap_or(region.bbox);
                }
                _ => out.push((place, region)),
            }
            last = Some(field);
        }
    }
    for (_, region) in &mut out {
        let b = &mut region.bbox;
        (b.x0, b.y0) = (b.x0 - FIELD_MARGIN, b.y0 - FIELD_MARGIN);
        (b.x1, b.y1) = (b.x1 + FIELD_MARGIN, b.y1 + FIELD_MARGIN);
    }
    out
}

/// Whether a field printed beside its label is looked at for lost words:
/// not a table cell, the objective's code or its declared count.
fn looked_at(field: FieldPath) -> bool {
    use crate::model::{IndicatorField, ObjectiveField};
    match field {
        FieldPath::Indicator { field, .. } => !matches!(field, IndicatorField::Cell(_)),
        FieldPath::Objective(f) => {
            !matches!(f, ObjectiveField::Code | ObjectiveField::DeclaredIndicators)
        }
        _ => true,
    }
}

/// The indicator cells of `layout` on page `page` that hold a letter or
/// a digit, with the region of the page each is cropped from.
fn text_cells(layout: &ReportLayout, page: u32) -> Vec<(Cell, Region)> {
    let mut out = Vec::new();
    for (scheda, s) in layout.schede.iter().enumerate() {
        for (indicator, ind) in s.indicators.iter().enumerate() {
            let cells = &ind.cells;
            for b in cells.boxes.iter().filter(|b| b.page == page) {
                let text = cells[b.column].as_deref().unwrap_or("");
                if text.chars().any(char::is_alphanumeric) {
                    let cell = Cell::Indicator {
                        scheda,
                        indicator,
                        column: b.column,
                    };
                    out.push((cell, b.page_region()));
                }
            }
        }
    }
    out
}

/// Page `page` as OCR rendered it, when the rendering was kept.
fn kept_image(document: &Document, page: u32) -> Option<Gray> {
    let path = document.renders.get(page)?;
    crate::read::image_rules::read_gray(path)
}

/// Whether the crop of `region` from `page` (rendered at [`RENDER_DPI`])
/// holds a glyph that none of the word `boxes` (page points) covers.
pub(super) fn holds_lost_glyph(page: &Gray, region: &Region, boxes: &[BBox]) -> bool {
    let Some(gray) = crop::crop(page, region, RENDER_DPI) else {
        return false;
    };
    let k = RENDER_DPI as f32 / 72.0;
    let origin = |v: f32| (v * k).max(0.0).round();
    let (ox, oy) = (origin(region.bbox.x0), origin(region.bbox.y0));
    // The word boxes that reach into the crop, in its pixels.
    let inside: Vec<[usize; 4]> = boxes
        .iter()
        .filter_map(|b| {
            let x0 = (b.x0 * k - ox).floor() as i64 - BOX_SLACK as i64;
            let y0 = (b.y0 * k - oy).floor() as i64 - BOX_SLACK as i64;
            let x1 = (b.x1 * k - ox).ceil() as i64 + BOX_SLACK as i64;
            let y1 = (b.y1 * k - oy).ceil() as i64 + BOX_SLACK as i64;
            let clamp = |v: i64, most: usize| v.clamp(0, most as i64) as usize;
            let r = [
                clamp(x0, gray.width),
                clamp(y0, gray.height),
                clamp(x1, gray.width),
                clamp(y1, gray.height),
            ];
            (r[0] < r[2] && r[1] < r[3]).then_some(r)
        })
        .collect();
    let heights = inside
        .iter()
        .map(|r| (r[3] - r[1]).saturating_sub(2 * BOX_SLACK) as f32);
    let Some(height) = median(heights).filter(|h| *h > 0.0) else {
        return false;
    };
    let gap = ((LETTER_GAP_SHARE * height) as usize).saturating_sub(BOX_SLACK);
    let mut claimed = vec![false; gray.width * gray.height];
    for r in &inside {
        let (x0, x1) = (r[0].saturating_sub(gap), (r[2] + gap).min(gray.width));
        for y in r[1]..r[3] {
            claimed[y * gray.width + x0..y * gray.width + x1].fill(true);
        }
    }
    let glyph = |blot: &Blot| {
        blot.height() as f32 >= MIN_HEIGHT_SHARE * height
            && blot.pixels as f32 >= MIN_INK_SHARE * height * height
    };
    let mut blots = unclaimed_blots(&gray, &claimed);
    blots.any(|blot| glyph(&blot))
}

/// 8-connected pixels of ink: how many, and the rows they span.
struct Blot {
    pixels: usize,
    top: usize,
    bottom: usize,
}

impl Blot {
    fn height(&self) -> usize {
        self.bottom - self.top + 1
    }
}

/// The blots of ink of `gray` no pixel of which is `claimed`, found as
/// they are asked for. Blots are grown from unclaimed ink only: most of
/// a crop's ink is its words', claimed, and never grown.
fn unclaimed_blots<'a>(gray: &'a Gray, claimed: &'a [bool]) -> impl Iterator<Item = Blot> + 'a {
    let (w, h) = (gray.width, gray.height);
    let ink = |p: usize| gray.pixels[p] < BLACK;
    let mut seen = vec![false; w * h];
    let mut stack = Vec::new();
    (0..w * h).filter_map(move |start| {
        if claimed[start] || seen[start] || !ink(start) {
            return None;
        }
        seen[start] = true;
        stack.push(start);
        let mut blot = Blot {
            pixels: 0,
            top: start / w,
            bottom: start / w,
        };
        let mut touches_a_word = false;
        while let Some(p) = stack.pop() {
            blot.pixels += 1;
            touches_a_word |= claimed[p];
            let (x, y) = (p % w, p / w);
            blot.top = blot.top.min(y);
            blot.bottom = blot.bottom.max(y);
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let q = ny * w + nx;
                    if ink(q) && !seen[q] {
                        seen[q] = true;
                        stack.push(q);
                    }
                }
            }
        }
        (!touches_a_word).then_some(blot)
    })
}

/// The warning on the field of scheda `scheda` whose crop holds a glyph
/// no word covers.
fn lost_word_warning(
    layout: &ReportLayout,
    scheda: Option<usize>,
    field: Option<FieldPath>,
    page: u32,
) -> Warning {
    Warning {
        code: WarningCode::LowConfidence,
        message: "the page image shows letters in its box that OCR read no word from: a word lost?"
            .to_string(),
        page: Some(page),
        objective_code: scheda.and_then(|s| super::apply::objective_code(layout, s)),
        indicator_number: field.and_then(|f| f.indicator_number()),
        field,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, ObjectiveField};
    use crate::read::ocr::test_engine::{tesseract_or_skip, SCAN_FIXTURE};
    use crate::read::{OcrMode, ReadOptions};

    /// Pixels per point at [`RENDER_DPI`].
    const K: f32 = RENDER_DPI as f32 / 72.0;

    /// A white page of 600 x 300 pixels with blots of ink (x, y, width,
    /// height in pixels).
    fn page(blots: &[(usize, usize, usize, usize)]) -> Gray {
        let (width, height) = (600, 300);
        let mut pixels = vec![255u8; width * height];
        for &(x, y, w, h) in blots {
            for row in y..y + h {
                pixels[row * width + x..row * width + x + w].fill(30);
            }
        }
        Gray {
            width,
            height,
            pixels,
        }
    }

    /// A word's box in points around pixels `x0..x1`, `y0..y1`.
    fn boxed(x0: usize, y0: usize, x1: usize, y1: usize) -> BBox {
        let pt = |v: usize| v as f32 / K;
        BBox {
            x0: pt(x0),
            y0: pt(y0),
            x1: pt(x1),
            y1: pt(y1),
        }
    }

    struct Case {
        what: &'static str,
        blots: &'static [(usize, usize, usize, usize)],
        words: &'static [(usize, usize, usize, usize)],
        lost: bool,
    }

    /// The cell from (10, 10) to (100, 50) points: pixels 42 to 417 across,
    /// 42 to 208 down. Two letters 30 pixels high make a word.
    #[test]
    fn a_glyph_apart_from_every_word_box_is_a_word_lost() {
        const WORD: (usize, usize, usize, usize) = (100, 80, 145, 110);
        let cases = [
            Case {
                what: "a letter on a line of its own, boxed by no word",
                blots: &[(100, 80, 15, 30), (130, 80, 15, 30), (200, 140, 6, 30)],
                words: &[WORD],
                lost: true,
            },
            Case {
                what: "every letter in a word's box",
                blots: &[(100, 80, 15, 30), (130, 80, 15, 30), (200, 140, 6, 30)],
                words: &[WORD, (198, 138, 208, 172)],
                lost: false,
            },
            Case {
                what: "a speck and a dash apart from the boxes are no letters",
                blots: &[
                    (100, 80, 15, 30),
                    (130, 80, 15, 30),
                    (300, 100, 2, 2),
                    (200, 150, 20, 3),
                ],
                words: &[WORD],
                lost: false,
            },
            Case {
                what: "a letter whose foot reaches past its word's box is the word's",
                blots: &[(100, 80, 15, 30), (130, 80, 15, 36)],
                words: &[WORD],
                lost: false,
            },
            Case {
                what: "a last letter just past its word's box, drawn short of it, is the word's",
                blots: &[(100, 80, 15, 30), (130, 80, 15, 30), (151, 80, 15, 30)],
                words: &[WORD],
                lost: false,
            },
            Case {
                what: "a word a space past a word's box is a word lost",
                blots: &[(100, 80, 15, 30), (130, 80, 15, 30), (162, 80, 15, 30)],
                words: &[WORD],
                lost: true,
            },
            Case {
                what: "a cell OCR read no word in is not looked at",
                blots: &[(200, 140, 6, 30)],
                words: &[],
                lost: false,
            },
        ];
        let region = Region {
            page: 1,
            bbox: BBox {
                x0: 10.0,
                y0: 10.0,
                x1: 100.0,
                y1: 50.0,
            },
        };
        for case in cases {
            let words: Vec<BBox> = case
                .words
                .iter()
                .map(|&(x0, y0, x1, y1)| boxed(x0, y0, x1, y1))
                .collect();
            let lost = holds_lost_glyph(&page(case.blots), &region, &words);
            assert_eq!(lost, case.lost, "{}", case.what);
        }
    }

    /// The committed scan fixture as Tesseract reads it, or `None` (the
    /// test skipped) where Tesseract is missing.
    fn fixture_read_by_ocr() -> Option<crate::read::Document> {
        tesseract_or_skip()?;
        let pdf = std::fs::read(SCAN_FIXTURE).expect("the scan fixture");
        let options = ReadOptions {
            ocr: OcrMode::Always,
            ..ReadOptions::default()
        };
        Some(crate::read::read_with(&pdf, &options).expect("OCR runs"))
    }

    /// Real Tesseract on the committed scan fixture: no cell of the page
    /// as OCR read it holds ink apart from its words; with the words of
    /// one cell taken out, as OCR losing them, that cell's field is
    /// flagged, and it alone.
    #[test]
    fn a_cell_whose_words_ocr_lost_is_flagged_on_its_field() {
        let Some(mut doc) = fixture_read_by_ocr() else {
            return;
        };
        let layout = crate::layout::layout(&doc, &crate::vocab::Vocabulary::builtin());
        assert_eq!(lost_words(&doc, &layout, &[]), [], "every word read");
        let ind = &layout.schede[0].indicators[0];
        let cell = (ind.cells.boxes.iter())
            .find(|b| b.column == Column::Algorithm)
            .expect("the algorithm's cell");
        let inside = |w: &crate::read::Word| {
            let (x, y) = ((w.bbox.x0 + w.bbox.x1) / 2.0, w.bbox.y_mid());
            let b = cell.page_region().bbox;
            b.x0 < x && x < b.x1 && b.y0 < y && y < b.y1
        };
        let page = &mut doc.pages[usize::try_from(cell.page - 1).expect("a page")];
        let before = page.words.len();
        let mut dropped = page
            .words
            .iter()
            .filter(|w| inside(w))
            .map(|w| w.text.clone());
        let first = dropped.next().expect("a word in the cell");
        page.words.retain(|w| !(inside(w) && w.text == first));
        assert!(page.words.len() < before);
        let warnings = lost_words(&doc, &layout, &[]);
        let fields: Vec<Option<FieldPath>> = warnings.iter().map(|w| w.field).collect();
        assert_eq!(
            fields,
            [Some(FieldPath::cell(ind.number, Column::Algorithm))],
            "{first:?} taken out"
        );
    }

    /// Real Tesseract on the committed scan fixture: with a word of the
    /// objective's title taken out, as OCR losing it, the title is flagged
    /// on its field, and it alone.
    #[test]
    fn a_field_beside_its_label_whose_word_ocr_lost_is_flagged() {
        let Some(mut doc) = fixture_read_by_ocr() else {
            return;
        };
        let layout = crate::layout::layout(&doc, &crate::vocab::Vocabulary::builtin());
        let title = FieldPath::Objective(ObjectiveField::Title);
        let role = (layout.schede[0].roles.iter())
            .find(|r| r.field == Some(title))
            .expect("the title's line");
        let value = role.value.expect("the title's words");
        let page = &mut doc.pages[usize::try_from(role.page - 1).expect("a page")];
        // The title's second word: in the middle of its line.
        let inside = |w: &crate::read::Word| {
            let x = (w.bbox.x0 + w.bbox.x1) / 2.0;
            value.x0 < x && x < value.x1 && (w.bbox.y_mid() - value.y_mid()).abs() < 3.0
        };
        let second = (page.words.iter().filter(|w| inside(w)).nth(1))
            .map(|w| w.text.clone())
            .expect("a title of two words");
        page.words.retain(|w| !(inside(w) && w.text == second));
        let warnings = lost_words(&doc, &layout, &[]);
        let fields: Vec<Option<FieldPath>> = warnings.iter().map(|w| w.field).collect();
        assert_eq!(fields, [Some(title)], "{second:?} taken out");
    }
}
