//! Stage 1: text extraction. Every reader turns an input into a [`Document`]:
//! pages of positioned words, the common currency of the later stages.
//!
//! Coordinates are in the reader's own units, growing right and down: for a
//! text file one unit is one character column horizontally and one line
//! vertically; for a PDF they are points. Later stages only compare
//! positions on the same page, so the unit does not matter to them.

mod border_glyphs;
mod grid;
pub mod image_rules;
pub mod ocr;
mod page_breaks;
pub mod page_image;
pub mod pdf;
pub mod renders;
mod ruled_rows;
pub mod tesseract;
pub mod text;
pub mod triage;
mod word_gaps;

pub use triage::OcrMode;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{InputFormat, PageRoute};

/// A box on a page: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl BBox {
    /// Vertical centre.
    pub fn y_mid(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// The smallest box around `boxes`; None when there are none.
    pub fn around(boxes: impl IntoIterator<Item = BBox>) -> Option<BBox> {
        boxes.into_iter().reduce(|a, b| BBox {
            x0: a.x0.min(b.x0),
            y0: a.y0.min(b.y0),
            x1: a.x1.max(b.x1),
            y1: a.y1.max(b.y1),
        })
    }
}

/// A region of a page, in the reader's units from the page's top left
/// (as word boxes are): where a field can be read again from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// 1-based page number.
    pub page: u32,
    pub bbox: BBox,
}

/// One word as the reader saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// OCR confidence in 0..=100, where the reader knows it.
    pub confidence: Option<f32>,
    /// Font size in the reader's units (points for a PDF), where it knows it.
    pub font_size: Option<f32>,
}

/// Which way a ruling line runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Axis {
    Horizontal,
    Vertical,
}

/// A ruling line drawn on a page (a table border): horizontal, at `at`
/// down the page from `from` to `to` across it, or vertical, at `at`
/// across from `from` to `to` down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub axis: Axis,
    pub at: f32,
    pub from: f32,
    pub to: f32,
}

impl Rule {
    /// The rule between two points, if it runs along an axis (within
    /// `slack` across its length); `from` ≤ `to`.
    pub fn between(a: (f32, f32), b: (f32, f32), slack: f32) -> Option<Rule> {
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        let rule = if dy <= slack && dx > dy {
            Rule {
                axis: Axis::Horizontal,
                at: (a.1 + b.1) / 2.0,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            }
        } else if dx <= slack && dy > dx {
            Rule {
                axis: Axis::Vertical,
                at: (a.0 + b.0) / 2.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            }
        } else {
            return None;
        };
        [rule.at, rule.from, rule.to]
            .iter()
            .all(|v| v.is_finite())
            .then_some(rule)
    }

    pub fn length(&self) -> f32 {
        self.to - self.from
    }
}

/// The words of one page, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageWords {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
    /// The page is a scan: OCR'd, or painted by images with no visible
    /// text (a searchable scan's text layer is invisible). Only a scan's
    /// image can show what its words missed.
    pub scanned: bool,
    /// The ruling lines drawn on the page, where the reader sees them (a
    /// PDF's stroked and thin filled paths, a scan's long dark runs).
    pub rules: Vec<Rule>,
}

/// The median of the finite values (the upper one of an even count).
pub fn median(values: impl IntoIterator<Item = f32>) -> Option<f32> {
    // Most medians are of a line's or a cell's few words: those are
    // sorted where they are gathered, with nothing allocated.
    let mut few = [0.0f32; FEW_VALUES];
    let mut n = 0;
    let mut values = values.into_iter().filter(|x| x.is_finite());
    while n < FEW_VALUES {
        match values.next() {
            Some(x) => {
                few[n] = x;
                n += 1;
            }
            None => return sorted_median(&mut few[..n]),
        }
    }
    let mut all: Vec<f32> = few.to_vec();
    all.extend(values);
    sorted_median(&mut all)
}

/// How many values [`median`] sorts without allocating.
const FEW_VALUES: usize = 16;

/// The upper median of `values`, sorted in place first.
fn sorted_median(values: &mut [f32]) -> Option<f32> {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

/// An input as read: its pages of words, and how each page was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: InputFormat,
    pub pages: Vec<PageWords>,
    pub routes: Vec<PageRoute>,
    /// The renderings OCR read pages from, for rereads of their regions.
    pub renders: renders::PageRenders,
    /// What the file says about itself: a PDF's title, subject, author and
    /// keywords (a report's title block, with its cover).
    pub info: Vec<String>,
}

impl Document {
    /// A document as a reader made it, no page rendered yet.
    pub fn new(format: InputFormat, pages: Vec<PageWords>, routes: Vec<PageRoute>) -> Document {
        Document {
            format,
            pages,
            routes,
            renders: renders::PageRenders::default(),
            info: Vec::new(),
        }
    }
}

/// Reads an input of any supported format into a [`Document`].
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_with(bytes, &ReadOptions::default())
}

/// An input's number of pages, counted without any OCR: a PDF's pages
/// (its text layer read), or a text's.
pub fn page_count(bytes: &[u8]) -> Result<u32> {
    let document = if is_pdf(bytes) {
        pdf::read(bytes)?
    } else {
        read(bytes)?
    };
    Ok(u32::try_from(document.pages.len()).unwrap_or(u32::MAX))
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// When to OCR PDF pages.
    pub ocr: OcrMode,
    /// Tesseract language(s), e.g. "ita".
    pub lang: String,
    /// A PDF with more pages is refused before any OCR.
    pub max_pages: u32,
    /// OCR of one page that takes longer fails the input.
    pub ocr_page_timeout: std::time::Duration,
    /// A page to render whose rendering, or an image on it, has more
    /// pixels than this fails the input before anything is decoded.
    pub max_pixels: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            ocr: OcrMode::Auto,
            lang: "ita".into(),
            max_pages: DEFAULT_MAX_PAGES,
            ocr_page_timeout: ocr::DEFAULT_PAGE_TIMEOUT,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

/// Inputs with more pages than this are refused unless told otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 2000;

/// The default pixel budget: 200 megapixels, an A0 page at 300 dpi (a 300
/// dpi A4 page has 8.7), about 200 MiB as a grey rendering.
pub const DEFAULT_MAX_PIXELS: u64 = 200_000_000;

/// Refuses the PDF if a page that may be rendered (a scan, or a page to
/// OCR: `to_ocr`) is over the pixel budget, rendered at [`RENDER_DPI`] or
/// by one of its images: sizes known from the page and image
/// dictionaries, before pdftoppm or any decoder runs.
fn check_pixels(
    bytes: &[u8],
    doc: &Document,
    to_ocr: &[(u32, String)],
    options: &ReadOptions,
) -> Result<()> {
    let rendered = |p: &PageWords| p.scanned || to_ocr.iter().any(|(n, _)| *n == p.number);
    let mut pages = doc.pages.iter().filter(|p| rendered(p)).peekable();
    if pages.peek().is_none() {
        return Ok(());
    }
    let images = pdf::PdfImages::load(bytes)?;
    for page in pages {
        check_page_pixels(&images, page.number, ocr::RENDER_DPI, options.max_pixels)?;
    }
    Ok(())
}

/// Refuses page `page` if rendering it at `dpi`, or decoding one of its
/// images, needs more than `max_pixels` pixels.
pub fn check_page_pixels(
    images: &pdf::PdfImages,
    page: u32,
    dpi: u32,
    max_pixels: u64,
) -> Result<()> {
    let Some(pixels) = images.page_pixels(page, dpi) else {
        return Ok(());
    };
    let over = |what: String, (w, h): (u64, u64)| {
        let detail = format!(
            "{what} of {w} x {h} pixels ({} megapixels) is over the limit of {} megapixels (--max-megapixels)",
            w.saturating_mul(h) / 1_000_000,
            max_pixels / 1_000_000
        );
        Err(Error::new(ErrorKind::TooManyPixels { page, detail }))
    };
    let area = |(w, h): (u64, u64)| w.saturating_mul(h);
    if let Some(image) = pixels.largest_image.filter(|&i| area(i) > max_pixels) {
        return over("an image".into(), image);
    }
    if area(pixels.rendered) > max_pixels {
        return over(format!("the page rendered at {dpi} dpi"), pixels.rendered);
    }
    Ok(())
}

/// Reads an input, OCR'ing PDF pages as `options` say; a PDF of more than
/// `options.max_pages` pages is refused before any OCR.
pub fn read_with(bytes: &[u8], options: &ReadOptions) -> Result<Document> {
    if is_pdf(bytes) {
        let doc = pdf::read(bytes)?;
        let pages = doc.pages.len() as u64;
        if pages > u64::from(options.max_pages) {
            return Err(Error::new(ErrorKind::TooManyPages {
                limit: options.max_pages,
                actual: pages,
            }));
        }
        let to_ocr = triage::pages_to_ocr(&doc, options.ocr);
        check_pixels(bytes, &doc, &to_ocr, options)?;
        let engine = || -> Result<Box<dyn ocr::OcrEngine>> {
            Ok(Box::new(ocr::Tesseract::with_options(options)?))
        };
        let mut doc = triage::route_pdf(doc, bytes, options.ocr, to_ocr, engine)?;
        add_scan_rules(&mut doc, bytes, options);
        return Ok(doc);
    }
    let decoded = text::decode(bytes)?;
    if tesseract::is_tsv(&decoded) {
        return tesseract::read_tsv(&decoded);
    }
    if tesseract::is_hocr(&decoded) {
        return tesseract::read_hocr(&decoded);
    }
    text::read_decoded(&decoded)
}

/// Gives the scanned pages read from their text layer (a searchable scan:
/// page images under invisible text) the ruling lines their images show,
/// so that their tables are read by their cells as a born-digital
/// report's are.
fn add_scan_rules(doc: &mut Document, bytes: &[u8], options: &ReadOptions) {
    let scans = searchable_scans(doc, |p| p.rules.is_empty());
    if scans.is_empty() {
        return;
    }
    for (number, rules) in ocr::rules_of_scans(bytes, &scans, options.ocr_page_timeout) {
        if let Some(page) = doc.pages.iter_mut().find(|p| p.number == number) {
            page.rules = image_rules::clear_of_words(rules, &page.words);
        }
    }
}

/// The numbers of the pages read from their text layer whose content is
/// one scanned image (a searchable scan's), among those `wanted` keeps.
fn searchable_scans(doc: &Document, wanted: impl Fn(&PageWords) -> bool) -> Vec<u32> {
    let text_layer = |page: u32| {
        doc.routes
            .iter()
            .any(|r| r.page == page && r.route == crate::model::Route::TextLayer)
    };
    doc.pages
        .iter()
        .filter(|p| p.scanned && text_layer(p.number) && wanted(p))
        .map(|p| p.number)
        .collect()
}

/// pira's own OCR of a PDF's searchable-scan pages, a second and
/// independent reading of them: pages
/// read from their text layer whose content is one scanned image are
/// OCR'd afresh, and the document comes back with those pages' words
/// replaced. A scan's text layer is someone else's OCR with no
/// confidences; where the two readings disagree, the records say so.
///
/// `Ok(None)` when there is no such page or OCR is turned off; an error
/// when OCR cannot run (Tesseract missing, a page over its time limit):
/// the text layer then stands unchecked.
pub fn own_ocr(bytes: &[u8], doc: &Document, options: &ReadOptions) -> Result<Option<Document>> {
    if options.ocr == OcrMode::Never || !is_pdf(bytes) {
        return Ok(None);
    }
    let scans = searchable_scans(doc, |_| true);
    if scans.is_empty() {
        return Ok(None);
    }
    let tesseract = ocr::Tesseract::with_options(options)?;
    let pages = ocr::ocr_pdf_pages(bytes, &scans, &tesseract)?;
    let mut second = doc.clone();
    for page in pages {
        let number = page.words.number;
        if let Some(render) = page.render {
            second.renders.insert(number, render);
        }
        if let Some(slot) = second.pages.iter_mut().find(|p| p.number == number) {
            *slot = PageWords {
                scanned: true,
                ..page.words
            };
        }
        if let Some(route) = second.routes.iter_mut().find(|r| r.page == number) {
            route.route = crate::model::Route::Ocr;
            route.reason = format!("second reading, OCR from {}", page.image.describe());
        }
    }
    Ok(Some(second))
}

/// Whether the bytes are a PDF: `%PDF` within the first kilobyte (some
/// files carry a BOM or other junk before the header).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(1024 + 6)).unwrap_or(bytes);
    head.windows(6)
        .any(|w| matches!(w, [b'%', b'P', b'D', b'F', b'-', d] if d.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::median;

    /// The few values sorted without allocating and the many sorted in a
    /// vector give the same median: the upper one of an even count, with
    /// what is not finite left out.
    #[test]
    fn the_median_is_the_same_for_few_values_and_many() {
        assert_eq!(median([]), None);
        assert_eq!(median([f32::NAN, f32::INFINITY]), None);
        assert_eq!(median([3.0, 1.0, f32::NAN, 2.0]), Some(2.0));
        assert_eq!(median([4.0, 1.0, 3.0, 2.0]), Some(3.0));
        for n in [15usize, 16, 17, 40] {
            // n values, n-1 down to 0, shuffled by a stride.
            let values: Vec<f32> = (0..n).map(|i| ((i * 7) % n) as f32).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f32::total_cmp);
            assert_eq!(median(values.iter().copied()), Some(sorted[n / 2]), "{n}");
            assert_eq!(median(values.iter().copied()), Some((n / 2) as f32), "{n}");
        }
    }
}
