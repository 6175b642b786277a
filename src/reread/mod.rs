//! Stage 3: the reread. On scanned pages, what the first reading left
//! unusable or may have got wrong is read again from crops of the page
//! image, and the new readings go back into the layout:
//!
//! - declared indicator counts without a digit: a boxed "1" often comes
//!   out as the box's borders ("Lt]"), while Tesseract reads it cleanly
//!   once the box is cropped, cleared of its ruling lines and read as one
//!   line of digits;
//! - table cells holding words OCR doubted, or empty: a row Tesseract read
//!   as "COGGSRE 1.999 PORZIO" at 0% comes out "Cancellate 1.843
//!   posizioni" once its cell is read on its own;
//! - value cells holding numbers, as a check: where the cell read alone
//!   gives other numbers than the page, the field is flagged with both.
//!   The page's reading is kept: read in its place, a value came out
//!   right where its crop, read alone, lost a minus sign or misread a
//!   digit.
//!
//! The stage plans a list of [`Request`]s (which cell, the crop of the page
//! it is read from, why), reads the crops through the
//! [`OcrEngine`] under its time limit
//! (`--ocr-timeout`), and gets [`Readings`] keyed by [`Cell`]. A crop that
//! cannot be read (OCR failed or ran past its limit) leaves its cell as
//! first read, with a `reread-failed` warning.

mod apply;
mod crop;
mod ink;
mod plan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::layout::ReportLayout;
use crate::model::{Column, Correction, Warning};
use crate::read::image_rules::{read_gray, Gray};
use crate::read::ocr::{CropKind, OcrEngine, Tesseract, RENDER_DPI};
use crate::read::renders::PageRenders;
use crate::read::{Document, OcrMode, ReadOptions, Region};

/// A cell of the layout to read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cell {
    /// The text after "Nr indicatori associati" of a scheda, by its index
    /// in [`ReportLayout::schede`].
    DeclaredCount { scheda: usize },
    /// A table cell of an indicator: the scheda's index, the indicator's
    /// index in its scheda's list, the cell's column.
    Indicator {
        scheda: usize,
        indicator: usize,
        column: Column,
    },
}

/// Why a cell is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A declared count without a digit.
    CountUnreadable,
    /// A cell holding words OCR doubted.
    WordsDoubted,
    /// A cell OCR found nothing in.
    CellEmpty,
    /// A value cell whose numbers the page's OCR may have got wrong.
    NumbersChecked,
}

impl Reason {
    /// How the crop's text is read.
    fn kind(self) -> CropKind {
        match self {
            Reason::CountUnreadable => CropKind::Digits,
            _ => CropKind::Block,
        }
    }
}

/// One cell to read again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    pub cell: Cell,
    /// The region of the page the cell is read from.
    pub crop: Region,
    pub reason: Reason,
}

/// What reading the crops gave.
#[derive(Debug, Default)]
pub struct Readings {
    /// The text read in each cell's crop, where any was.
    pub texts: HashMap<Cell, String>,
    /// The cells whose crop holds ink (more than ruling lines) that OCR
    /// read nothing from: a value the page shows and no reading has.
    pub blank: Vec<Cell>,
    /// The crops that could not be read, and why.
    pub failures: Vec<Failure>,
}

/// Crops that could not be read: their cells keep their first reading.
#[derive(Debug)]
pub struct Failure {
    pub cells: Vec<Cell>,
    /// The pages the crops lie on, in order.
    pub pages: Vec<u32>,
    pub why: String,
}

/// What the reread changed, for the report: the readings that replaced
/// the first ones, and the warnings (value cells read differently, crops
/// that could not be read).
#[derive(Debug, Default)]
pub struct Rereads {
    pub corrections: Vec<Correction>,
    pub warnings: Vec<Warning>,
}

/// Reads again, from the images of `pdf`'s pages, what the layout of its
/// `document` calls for, with Tesseract under `options`' language and time
/// limit; the readings go into `layout`. Nothing is read when OCR is off
/// or the input is no PDF.
pub fn reread(
    pdf: &[u8],
    document: &Document,
    layout: &mut ReportLayout,
    options: &ReadOptions,
) -> Rereads {
    if options.ocr == OcrMode::Never || !crate::read::is_pdf(pdf) {
        return Rereads::default();
    }
    reread_with(pdf, document, layout, || Tesseract::with_options(options))
}

/// [`reread`] with the OCR engine `engine` makes, made only when there
/// is something to read.
pub(crate) fn reread_with<E: OcrEngine>(
    pdf: &[u8],
    document: &Document,
    layout: &mut ReportLayout,
    engine: impl FnOnce() -> Result<E>,
) -> Rereads {
    let requests = plan::requests(document, layout);
    let mut rereads = if requests.is_empty() {
        Rereads::default()
    } else {
        let readings = match engine() {
            Ok(engine) => read(pdf, &document.renders, &requests, &engine),
            Err(e) => Readings::failed(&requests, &e),
        };
        apply::apply(layout, &requests, &readings)
    };
    let lost = ink::lost_words(document, layout, &requests);
    rereads.warnings.extend(lost);
    rereads
}

impl Readings {
    /// Nothing read: every request failed for `why`.
    fn failed(requests: &[Request], why: &dyn std::fmt::Display) -> Readings {
        let cells: Vec<(Cell, u32)> = requests.iter().map(|r| (r.cell, r.crop.page)).collect();
        Readings {
            texts: HashMap::new(),
            blank: Vec::new(),
            failures: vec![Failure::of(&cells, why)],
        }
    }
}

impl Failure {
    fn of(cells: &[(Cell, u32)], why: &dyn std::fmt::Display) -> Failure {
        let mut pages: Vec<u32> = cells.iter().map(|(_, page)| *page).collect();
        pages.sort_unstable();
        pages.dedup();
        Failure {
            cells: cells.iter().map(|(cell, _)| *cell).collect(),
            pages,
            why: why.to_string(),
        }
    }
}

/// The crops of `requests` read by `engine`. Each page is rendered once
/// (decoding a scan's image is most of the cost), or taken from `renders`
/// where OCR kept it, and its crops cut from it; a page's image is
/// dropped once they are, so memory holds one page per thread. Then one
/// engine run per thread reads its share of the crops of each kind.
pub fn read(
    pdf: &[u8],
    renders: &PageRenders,
    requests: &[Request],
    engine: &dyn OcrEngine,
) -> Readings {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => return Readings::failed(requests, &format!("no temporary folder: {e}")),
    };
    let mut pages: Vec<u32> = requests.iter().map(|r| r.crop.page).collect();
    pages.sort_unstable();
    pages.dedup();
    // The PDF is written out only for pages OCR did not render already.
    let file = dir.path().join("input.pdf");
    let to_render = pages.iter().any(|&p| renders.get(p).is_none());
    if to_render {
        if let Err(e) = std::fs::write(&file, pdf) {
            return Readings::failed(requests, &format!("cannot write a temporary file: {e}"));
        }
    }
    let source = PageSource {
        pdf: &file,
        renders,
        dpis: crate::read::ocr::crop_dpis(pdf, &pages),
        dir: dir.path(),
        engine,
    };
    let mut readings = Readings::default();
    let crops = cut_pages(&source, &pages, requests, &mut readings.failures);
    for kind in [CropKind::Digits, CropKind::Block] {
        read_kind(&crops, kind, requests, engine, &mut readings);
    }
    readings
}

/// The crops of `requests` on `pages`, cut and written out, by request
/// (`None` for a crop with nothing to read or on a page that could not be
/// had: that page's failure goes into `failures`).
fn cut_pages(
    source: &PageSource,
    pages: &[u32],
    requests: &[Request],
    failures: &mut Vec<Failure>,
) -> Vec<Option<PathBuf>> {
    let mut crops: Vec<Option<PathBuf>> = vec![None; requests.len()];
    let cut: Vec<_> = pages
        .par_iter()
        .map(|&page| cut_page(source, page, requests))
        .collect();
    for result in cut {
        match result {
            Ok(paths) => paths
                .into_iter()
                .for_each(|(i, path)| crops[i] = Some(path)),
            Err(failure) => failures.push(failure),
        }
    }
    crops
}

/// Reads the crops of the requests of `kind`: one engine run per thread,
/// each on its share of them.
fn read_kind(
    crops: &[Option<PathBuf>],
    kind: CropKind,
    requests: &[Request],
    engine: &dyn OcrEngine,
    readings: &mut Readings,
) {
    let wanted: Vec<(usize, &PathBuf)> = crops
        .iter()
        .enumerate()
        .filter(|(i, _)| requests[*i].reason.kind() == kind)
        .filter_map(|(i, crop)| Some((i, crop.as_ref()?)))
        .collect();
    let share = wanted.len().div_ceil(rayon::current_num_threads()).max(1);
    let runs: Vec<_> = wanted
        .par_chunks(share)
        .map(|chunk| read_share(chunk, kind, requests, engine))
        .collect();
    for run in runs {
        match run {
            Ok(texts) => {
                for (cell, text) in texts {
                    match text {
                        Some(text) => _ = readings.texts.insert(cell, text),
                        None => readings.blank.push(cell),
                    }
                }
            }
            Err(failure) => readings.failures.push(failure),
        }
    }
}

/// Where the reread takes page images from.
struct PageSource<'a> {
    /// The PDF, written out (when any page must be rendered).
    pdf: &'a Path,
    renders: &'a PageRenders,
    /// The resolution each page is rendered at for its crops, by page.
    dpis: Vec<(u32, u32)>,
    /// The folder crops and renderings go into.
    dir: &'a Path,
    engine: &'a dyn OcrEngine,
}

impl PageSource<'_> {
    /// The resolution page `page` is cropped at.
    fn dpi(&self, page: u32) -> u32 {
        let found = self.dpis.iter().find(|(p, _)| *p == page);
        found.map_or(RENDER_DPI, |&(_, dpi)| dpi)
    }

    /// Page `page` in grey at its [`Self::dpi`]: the rendering OCR kept
    /// (at [`RENDER_DPI`]), or a new one.
    fn image(&self, page: u32) -> Result<Gray> {
        let dpi = self.dpi(page);
        let kept = self.renders.get(page).filter(|_| dpi == RENDER_DPI);
        if let Some(gray) = kept.and_then(read_gray) {
            return Ok(gray);
        }
        let limit = self.engine.page_timeout();
        let path = crate::read::ocr::render_for_ocr(self.pdf, page, dpi, self.dir, limit)?;
        let gray = read_gray(&path);
        let _ = std::fs::remove_file(&path);
        gray.ok_or_else(|| {
            Error::new(ErrorKind::OcrFailed {
                detail: format!("cannot read the rendering of page {page}"),
            })
        })
    }
}

/// The crops of `requests` on `page`, cut and written as PGM files, by
/// request index; crops holding no ink but ruling lines are left out.
fn cut_page(
    source: &PageSource,
    page: u32,
    requests: &[Request],
) -> std::result::Result<Vec<(usize, PathBuf)>, Failure> {
    let on_page = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.crop.page == page);
    let image = source.image(page).map_err(|e| {
        let cells: Vec<(Cell, u32)> = on_page.clone().map(|(_, r)| (r.cell, page)).collect();
        Failure::of(&cells, &e)
    })?;
    Ok(on_page
        .filter_map(|(i, request)| {
            let gray = crop::crop(&image, &request.crop, source.dpi(page))?;
            let path = source.dir.join(format!("crop-{i}.pgm"));
            let pgm = match request.reason.kind() {
                CropKind::Digits => gray.to_pgm(),
                CropKind::Block => gray.to_padded_pgm(),
            };
            std::fs::write(&path, pgm).ok()?;
            Some((i, path))
        })
        .collect())
}

/// One engine run over `chunk`, crops of requests by index: their texts
/// by cell (`None` where the crop, which holds ink, was read as nothing).
fn read_share(
    chunk: &[(usize, &PathBuf)],
    kind: CropKind,
    requests: &[Request],
    engine: &dyn OcrEngine,
) -> std::result::Result<Vec<(Cell, Option<String>)>, Failure> {
    let cells: Vec<(Cell, u32)> = chunk
        .iter()
        .map(|(i, _)| (requests[*i].cell, requests[*i].crop.page))
        .collect();
    let paths: Vec<PathBuf> = chunk.iter().map(|(_, p)| (*p).clone()).collect();
    let failure = Failure::of(&cells, &"");
    let pages = u32::try_from(failure.pages.len()).unwrap_or(u32::MAX);
    match engine.read_crops(&paths, kind, pages) {
        Ok(texts) => Ok(cells
            .iter()
            .zip(texts)
            .map(|((cell, _), text)| (*cell, text))
            .collect()),
        Err(e) => Err(Failure {
            why: e.to_string(),
            ..failure
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::model::WarningCode;
    use crate::read::ocr::test_engine::{tesseract_or_skip, SCAN_FIXTURE};
    use crate::read::BBox;

    /// Real Tesseract on the boxed count of the committed scan fixture,
    /// located from the page's own words, asked for two cells: one run
    /// reads both, each reading keyed by its cell.
    #[test]
    fn reads_a_boxed_count_again() {
        let Some(engine) = tesseract_or_skip() else {
            return;
        };
        let pdf = std::fs::read(SCAN_FIXTURE).expect("the scan fixture");
        let doc = crate::read::pdf::read(&pdf).expect("reads");
        let label = doc.pages[0]
            .words
            .iter()
            .find(|w| w.text == "associati")
            .expect("the label's last word");
        let h = label.bbox.height();
        let crop = Region {
            page: 1,
            bbox: BBox {
                x0: label.bbox.x1 + 4.0,
                y0: label.bbox.y0 - h,
                x1: label.bbox.x1 + 150.0,
                y1: label.bbox.y1 + h,
            },
        };
        let request = |scheda| Request {
            cell: Cell::DeclaredCount { scheda },
            crop,
            reason: Reason::CountUnreadable,
        };
        let readings = read(&pdf, &doc.renders, &[request(0), request(5)], &engine);
        let gold =
            std::fs::read_to_string(SCAN_FIXTURE.replace(".pdf", ".gold.json")).expect("gold");
        let gold: serde_json::Value = serde_json::from_str(&gold).expect("JSON");
        let declared = gold["objectives"][0]["declared_indicators"].to_string();
        assert!(readings.failures.is_empty(), "{:?}", readings.failures);
        for scheda in [0, 5] {
            let cell = Cell::DeclaredCount { scheda };
            assert_eq!(readings.texts.get(&cell), Some(&declared));
        }
    }

    /// DEV scan 163: a value cell cropped with its text touching the top
    /// edge. Read as cut, Tesseract gives "10,05%"; read inside a white
    /// margin, as crops of text are written, the value printed.
    #[test]
    fn a_crop_of_text_is_read_inside_a_white_margin() {
        let Some(engine) = tesseract_or_skip() else {
            return;
        };
        let crop = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/ocr/value_cell_cut_at_its_top.pgm"
        );
        let gray = Gray::parse(&std::fs::read(crop).expect("the crop")).expect("a PGM");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cell.pgm");
        std::fs::write(&path, gray.to_padded_pgm()).expect("written");
        let texts = engine
            .read_crops(&[path], CropKind::Block, 1)
            .expect("Tesseract reads");
        assert_eq!(texts, [Some("70,63%".to_string())]);
    }

    /// An engine that reads each crop as a number made from the request it
    /// was cut for ("9", its index, "9").
    struct Echo;

    impl OcrEngine for Echo {
        fn recognize(&self, _: &Path, _: u32) -> Result<crate::read::PageWords> {
            Err(Error::new(ErrorKind::Empty))
        }

        fn read_crops(
            &self,
            crops: &[PathBuf],
            _: CropKind,
            _: u32,
        ) -> Result<Vec<Option<String>>> {
            let index = |p: &PathBuf| {
                let name = p.file_stem()?.to_str()?;
                name.strip_prefix("crop-").map(|i| format!("9{i}9"))
            };
            Ok(crops.iter().map(index).collect())
        }
    }

    /// Each reading goes into the cell its crop was cut from, whatever
    /// the order the engine runs read them in; a value cell read as a
    /// check keeps the page's reading and is flagged with the cell's.
    #[test]
    fn readings_go_into_the_cells_they_were_read_from() {
        let pdf = std::fs::read(SCAN_FIXTURE).expect("the scan fixture");
        let never = ReadOptions {
            ocr: OcrMode::Never,
            ..ReadOptions::default()
        };
        let mut doc = crate::read::read_with(&pdf, &never).expect("reads the text layer");
        // Taken for OCR'd pages: their value cells are checked.
        doc.routes
            .iter_mut()
            .for_each(|r| r.route = crate::model::Route::Ocr);
        let mut layout = crate::layout::layout(&doc, &crate::vocab::Vocabulary::builtin());
        let first = layout.clone();
        let asked = plan::requests(&doc, &layout);
        let rereads = reread_with(&pdf, &doc, &mut layout, || Ok(Echo));
        if rereads
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::RereadFailed)
        {
            assert!(std::env::var_os("CI").is_none(), "{:?}", rereads.warnings);
            eprintln!("skipped: no pdftoppm to render the page");
            return;
        }
        let (mut set, mut flagged) = (0, 0);
        for (i, request) in asked.iter().enumerate() {
            let Cell::Indicator {
                scheda,
                indicator,
                column,
            } = request.cell
            else {
                continue;
            };
            let text =
                |l: &ReportLayout| l.schede[scheda].indicators[indicator].cells[column].clone();
            let echo = format!("9{i}9");
            let read = rereads.corrections.iter().any(|c| c.corrected == echo);
            if request.reason == Reason::NumbersChecked {
                assert_eq!(
                    text(&layout),
                    text(&first),
                    "request {i}: the page's reading"
                );
                let warned = rereads
                    .warnings
                    .iter()
                    .any(|w| w.code == WarningCode::ReadingsDiffer && w.message.contains(&echo));
                assert!(warned && !read, "request {i}: flagged, not set");
                flagged += 1;
            } else {
                assert_eq!(read, text(&layout) == Some(echo), "request {i}");
                set += usize::from(read);
            }
        }
        // A text layer doubts no word: its cells are only checked.
        assert!(flagged >= 3, "{set} cells set, {flagged} flagged");
    }

    /// An engine whose OCR never ends: a `tesseract` that sleeps, stopped
    /// by the engine's time limit. The cells keep their first reading and
    /// the report says they could not be read again.
    #[cfg(unix)]
    #[test]
    fn a_reread_past_the_time_limit_warns_and_keeps_the_first_reading() {
        let Some(real) = tesseract_or_skip() else {
            return;
        };
        let pdf = std::fs::read(SCAN_FIXTURE).expect("the scan fixture");
        let options = ReadOptions {
            ocr: OcrMode::Always,
            ..ReadOptions::default()
        };
        // pira's OCR of the page, its rendering kept for the reread.
        let doc = crate::read::read_with(&pdf, &options).expect("OCR runs");
        let vocab = crate::vocab::Vocabulary::builtin();
        let first = crate::layout::layout(&doc, &vocab);
        let asked = plan::requests(&doc, &first);
        assert!(asked.len() > 3, "value cells to check: {asked:?}");

        let dir = tempfile::tempdir().expect("temp dir");
        let sleeper = dir.path().join("tesseract");
        std::fs::write(&sleeper, "#!/bin/sh\nexec sleep 60\n").expect("script");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&sleeper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let stuck = Tesseract {
            binary: sleeper,
            page_timeout: Duration::from_millis(300),
            ..real
        };
        let mut layout = first.clone();
        let started = Instant::now();
        let rereads = reread_with(&pdf, &doc, &mut layout, || Ok(stuck));
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "stopped at the limit: {:?}",
            started.elapsed()
        );
        assert_eq!(layout, first, "every cell keeps its first reading");
        assert!(rereads.corrections.is_empty());
        assert!(!rereads.warnings.is_empty());
        let mut cells = 0;
        for warning in &rereads.warnings {
            assert_eq!(warning.code, WarningCode::RereadFailed);
            assert!(
                warning.message.contains("more than 300ms"),
                "{}",
                warning.message
            );
            assert_eq!(warning.page, Some(1));
            cells += warning
                .message
                .split(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .expect("a count");
        }
        // Crops with no ink but ruling lines are not read at all.
        assert!(
            cells > 0 && cells <= asked.len(),
            "{cells} of {}",
            asked.len()
        );
    }
}
