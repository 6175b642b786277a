//! OCR of page images with Tesseract (Italian): word boxes and confidences
//! enter the same layout stage as PDF text.
//!
//! Each page's image is the scan the PDF embeds, at its own resolution,
//! where the page is just that scan ([`PageImage::Embedded`], see
//! `pdf::PdfImages`) and the scan is fine enough ([`MIN_NATIVE_DPI`]);
//! otherwise the page is rendered with pdftoppm at [`RENDER_DPI`]. Either
//! way the words come back in the page's points, like a text layer's.
//!
//! The engine sits behind a small trait ([`OcrEngine`]) so the rest of the
//! chain can be tested without it; [`Tesseract`] runs the `tesseract` CLI
//! (one single-threaded process per page: OpenMP threads slow it down
//! several times on small machines) and reads its TSV output. Every OCR
//! pira runs, of whole pages and of the crops the reread stage reads
//! again, goes through the engine and its time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rayon::prelude::*;

use super::page_image::{EmbeddedImage, ImageFile};
pub use super::page_image::{PageImage, RENDER_DPI};
use super::pdf::PdfImages;
use super::renders::{Keeper, Render};
use super::ruled_rows::{self, Crop};
use super::{border_glyphs, image_rules, tesseract, word_gaps, BBox, PageWords};
use crate::error::{Error, ErrorKind, Result};

/// Reads the words of page images, and the text of crops of them.
pub trait OcrEngine: Sync {
    /// The words of the image at `image`, scanned at `dpi`, with boxes in
    /// the image's pixels.
    fn recognize(&self, image: &Path, dpi: u32) -> Result<PageWords>;

    /// The text of each crop (small images at [`RENDER_DPI`]: a table
    /// cell, a boxed count), read as `kind`, in order; `None` for a crop
    /// where nothing was read. The crops come from `pages` pages: reading
    /// them may take the time limit of one page for each.
    fn read_crops(
        &self,
        crops: &[PathBuf],
        kind: CropKind,
        pages: u32,
    ) -> Result<Vec<Option<String>>>;

    /// The words of each crop (cells of ruled rows, images at `dpi`),
    /// each read as one block of lines, in order, boxes in the crop's
    /// pixels. By default nothing is read.
    fn read_cells(&self, crops: &[PathBuf], dpi: u32) -> Result<Vec<PageWords>> {
        let _ = dpi;
        Ok(vec![PageWords::default(); crops.len()])
    }

    /// How long the work for one page may take: its rendering, its OCR.
    fn page_timeout(&self) -> Duration {
        DEFAULT_PAGE_TIMEOUT
    }
}

/// How a crop's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CropKind {
    /// Digits only, on one line (a count).
    Digits,
    /// A block of lines (a table cell).
    Block,
}

/// Tesseract's page segmentation mode for whole pages: sparse text (11),
/// every word found where it stands, in no reading order. pira puts words
/// into lines, cells and blocks by their boxes, so the order Tesseract
/// reads in is not needed; its automatic layout (3) is worse than no
/// layout on wide tables of small print: it takes several cells' lines
/// for one column or one line, reads them as garbage and mixes their
/// words (a page of an indicator table lost a hundred words of its cells
/// that sparse text reads at full confidence), and costs no less.
const PAGE_PSM: &str = "11";

/// The `tesseract` command-line engine.
#[derive(Debug, Clone)]
pub struct Tesseract {
    pub binary: PathBuf,
    /// Tesseract language code(s), e.g. "ita" or "ita+eng".
    pub lang: String,
    /// A page Tesseract has not read in this time is that input's error.
    pub page_timeout: Duration,
}

/// The default time limit for OCR of one page (a 300 dpi page takes about
/// 1.2 s on one core).
pub const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(120);

impl Tesseract {
    /// The engine for `lang`, checked: Tesseract must run and know every
    /// language asked for (asked once a process: `--list-langs` is a
    /// Tesseract start).
    pub fn new(lang: &str) -> Result<Tesseract> {
        let binary = PathBuf::from("tesseract");
        let engine = Tesseract {
            binary,
            lang: lang.to_string(),
            page_timeout: DEFAULT_PAGE_TIMEOUT,
        };
        if installed(lang) {
            return Ok(engine);
        }
        let missing = || {
            Error::new(ErrorKind::OcrUnavailable {
                detail: format!(
                    "Tesseract with the {lang:?} language data is needed to read image-only pages: \
                     install the Debian packages tesseract-ocr and tesseract-ocr-{}",
                    lang.split('+').next().unwrap_or("ita")
                ),
            })
        };
        let output = Command::new(&engine.binary)
            .arg("--list-langs")
            .output()
            .map_err(|_| missing())?;
        let listed = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        let known: Vec<&str> = listed.lines().map(str::trim).collect();
        if !lang.split('+').all(|l| known.contains(&l)) {
            return Err(missing());
        }
        remember_installed(lang);
        Ok(engine)
    }

    /// The engine for the language and time limit of `options`, checked.
    pub fn with_options(options: &super::ReadOptions) -> Result<Tesseract> {
        let mut tesseract = Tesseract::new(&options.lang)?;
        tesseract.page_timeout = options.ocr_page_timeout;
        Ok(tesseract)
    }

    /// Tesseract over the images listed in `list`, single-threaded, to
    /// stdout, in page segmentation mode `psm` at `dpi`.
    fn crops_command(&self, list: &Path, psm: &str, dpi: u32) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .arg(list)
            .arg("stdout")
            .args(["-l", &self.lang, "--psm", psm, "--dpi", &dpi.to_string()])
            .env("OMP_THREAD_LIMIT", "1");
        command
    }
}

impl OcrEngine for Tesseract {
    fn recognize(&self, image: &Path, dpi: u32) -> Result<PageWords> {
        let mut command = Command::new(&self.binary);
        command
            .arg(image)
            .arg("stdout")
            .args([
                "-l",
                &self.lang,
                "--psm",
                PAGE_PSM,
                "--dpi",
                &dpi.to_string(),
                "tsv",
            ])
            .env("OMP_THREAD_LIMIT", "1");
        let output = succeeded(output_within(&mut command, self.page_timeout, "a page")?)?;
        let text = String::from_utf8_lossy(&output.stdout);
        match tesseract::tsv_pages(&text) {
            Ok(mut pages) => Ok(pages.pop().unwrap_or_default()),
            // A blank page has no words: that is not an error.
            Err(e) if matches!(e.kind(), ErrorKind::Empty) => Ok(PageWords::default()),
            Err(e) => Err(e),
        }
    }

    /// One Tesseract run over all the crops (its start-up, loading the
    /// language model, costs as much as reading a small crop): it reads a
    /// list of images and puts a form feed after each one's text.
    fn read_crops(
        &self,
        crops: &[PathBuf],
        kind: CropKind,
        pages: u32,
    ) -> Result<Vec<Option<String>>> {
        let Some(first) = crops.first() else {
            return Ok(Vec::new());
        };
        let list = image_list(first, crops)?;
        let psm = match kind {
            CropKind::Block => "6",
            CropKind::Digits => "7",
        };
        let mut command = self.crops_command(list.path(), psm, RENDER_DPI);
        if kind == CropKind::Digits {
            command.args(["-c", "tessedit_char_whitelist=0123456789"]);
        }
        let limit = self.page_timeout.saturating_mul(pages.max(1));
        let what = format!("the crops of {} page(s)", pages.max(1));
        let output = succeeded(output_within(&mut command, limit, &what)?)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let texts: Vec<&str> = stdout.split('\u{c}').collect();
        if texts.len() != crops.len() {
            return Err(ocr_failed(format!(
                "tesseract gave {} texts for {} crops",
                texts.len(),
                crops.len()
            )));
        }
        Ok(texts
            .iter()
            .map(|t| Some(t.trim().to_string()).filter(|t| !t.is_empty()))
            .collect())
    }

    /// One Tesseract run over all the cells, as [`Self::read_crops`], in
    /// TSV: each image is a page of it.
    fn read_cells(&self, crops: &[PathBuf], dpi: u32) -> Result<Vec<PageWords>> {
        let Some(first) = crops.first() else {
            return Ok(Vec::new());
        };
        let list = image_list(first, crops)?;
        let mut command = self.crops_command(list.path(), "6", dpi);
        command.arg("tsv");
        let output = succeeded(output_within(
            &mut command,
            self.page_timeout,
            "table cells",
        )?)?;
        let text = String::from_utf8_lossy(&output.stdout);
        let pages = match tesseract::tsv_pages(&text) {
            Ok(pages) => pages,
            Err(e) if matches!(e.kind(), ErrorKind::Empty) => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut out = vec![PageWords::default(); crops.len()];
        for page in pages {
            if let Some(slot) = (page.number as usize)
                .checked_sub(1)
                .and_then(|i| out.get_mut(i))
            {
                *slot = page;
            }
        }
        Ok(out)
    }

    fn page_timeout(&self) -> Duration {
        self.page_timeout
    }
}

/// The languages this process found Tesseract to know: the reread's
/// engine, made after the pages' OCR, does not ask again (a Tesseract
/// start for each document).
static INSTALLED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Whether `lang` was found installed before.
fn installed(lang: &str) -> bool {
    INSTALLED
        .lock()
        .is_ok_and(|known| known.iter().any(|l| l == lang))
}

fn remember_installed(lang: &str) {
    if let Ok(mut known) = INSTALLED.lock() {
        known.push(lang.to_string());
    }
}

/// A temporary file beside `first` listing the images `crops`, one a line,
/// which Tesseract reads as the pages of one input.
fn image_list(first: &Path, crops: &[PathBuf]) -> Result<tempfile::NamedTempFile> {
    let names: String = crops.iter().map(|p| format!("{}\n", p.display())).collect();
    let folder = first.parent().unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .suffix(".txt")
        .tempfile_in(folder)
        .and_then(|mut list| std::io::Write::write_all(&mut list, names.as_bytes()).map(|()| list))
        .map_err(|e| ocr_failed(format!("cannot write a temporary file: {e}")))
}

/// Runs `command` to its end, or kills it after `limit`; `what` is what it
/// reads ("a page"), for the message.
fn output_within(command: &mut Command, limit: Duration, what: &str) -> Result<Output> {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ocr_failed(format!("cannot run tesseract: {e}")))?;
    match crate::process::output_within(child, limit) {
        Ok(Some(output)) => Ok(output),
        Ok(None) => Err(ocr_failed(format!(
            "tesseract took more than {limit:?} on {what} (see --ocr-timeout)"
        ))),
        Err(e) => Err(ocr_failed(format!("lost tesseract: {e}"))),
    }
}

/// The output of a run that succeeded; else the last line of its stderr
/// as an error.
fn succeeded(output: Output) -> Result<Output> {
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let detail = stderr.lines().last().unwrap_or("");
    Err(ocr_failed(format!("tesseract failed: {detail}")))
}

fn ocr_failed(detail: String) -> Error {
    Error::new(ErrorKind::OcrFailed { detail })
}

/// Embedded scans coarser than this are rendered at [`RENDER_DPI`] instead:
/// Tesseract reads them better upsampled. On the generated 200 dpi JPEG
/// scans, native OCR got 63-86% of the fields right, the 300 dpi rendering
/// 87-89% (it boxes words more tightly, without the cell borders).
pub const MIN_NATIVE_DPI: u32 = 280;

/// Which images OCR reads a PDF's pages from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageChoice {
    /// The page's own scan where it can be taken and is at least
    /// [`MIN_NATIVE_DPI`], else a rendering.
    Auto,
    /// The page's own scan wherever it can be taken, at any resolution.
    Embedded,
    /// A rendering of every page.
    Rendered,
}

/// One OCR'd page: its words in points, and the image they were read from.
#[derive(Debug, Clone)]
pub struct OcrPage {
    pub words: PageWords,
    pub image: PageImage,
    /// The rendering read, kept for rereads (none for an embedded scan, or
    /// past the [`super::renders::BUDGET`]).
    pub render: Option<Render>,
}

/// Reads PDF pages with OCR, pages in parallel, each from its embedded
/// scan where possible ([`ImageChoice::Auto`]). The words come back in PDF
/// points (like a text layer's), numbered as `pages`.
pub fn ocr_pdf_pages(pdf: &[u8], pages: &[u32], engine: &dyn OcrEngine) -> Result<Vec<OcrPage>> {
    ocr_pdf_pages_with(pdf, pages, engine, ImageChoice::Auto)
}

/// [`ocr_pdf_pages`] with the choice of images.
pub fn ocr_pdf_pages_with(
    pdf: &[u8],
    pages: &[u32],
    engine: &dyn OcrEngine,
    choice: ImageChoice,
) -> Result<Vec<OcrPage>> {
    let dir = tempfile::tempdir().map_err(|e| ocr_failed(format!("no temporary folder: {e}")))?;
    let dir = Arc::new(dir);
    let keeper = Keeper::new(Arc::clone(&dir));
    let file = dir.path().join("input.pdf");
    std::fs::write(&file, pdf)
        .map_err(|e| ocr_failed(format!("cannot write a temporary file: {e}")))?;
    let scans = match choice {
        ImageChoice::Auto | ImageChoice::Embedded => PdfImages::load(pdf).ok(),
        ImageChoice::Rendered => None,
    };
    let sources: Vec<PageImage> = pages
        .iter()
        .map(|&page| match &scans {
            Some(scans) => choose(scans.source(page), choice),
            None => PageImage::rendered("rendering asked for"),
        })
        .collect();
    let read: Vec<(OcrPage, Vec<Crop>)> = pages
        .par_iter()
        .zip(sources)
        .map(|(&page, source)| {
            let taken = match (&source, &scans) {
                (PageImage::Embedded(image), Some(scans)) => Some(scans.file(image)),
                _ => None,
            };
            let rendered = |image| rendered_page(&file, page, image, &keeper, engine);
            let (mut ocr, crops) = match (source, taken) {
                (PageImage::Embedded(image), Some(Ok(taken))) => {
                    let mut words = read_embedded(&image, &taken, page, dir.path(), engine)?;
                    let limit = engine.page_timeout();
                    let rules = match gray_of_page(&file, page, image.dpi, dir.path(), limit) {
                        Some((gray, dpi)) => {
                            word_gaps::split_lost_spaces(&mut words.words, &gray, dpi);
                            image_rules::rules(&gray, dpi)
                        }
                        None => Vec::new(),
                    };
                    words.rules = image_rules::clear_of_words(rules, &words.words);
                    words.words = border_glyphs::without_border_glyphs(
                        std::mem::take(&mut words.words),
                        &words.rules,
                    );
                    let ocr = OcrPage {
                        words,
                        image: PageImage::Embedded(image),
                        render: None,
                    };
                    (ocr, Vec::new())
                }
                (_, Some(Err(why))) => rendered(PageImage::Rendered { why })?,
                (source, _) => rendered(source)?,
            };
            ocr.words.number = page;
            Ok((ocr, crops))
        })
        .collect::<Result<_>>()?;
    let (mut read, crops): (Vec<OcrPage>, Vec<Vec<Crop>>) = read.into_iter().unzip();
    let crops: Vec<Crop> = (crops.into_iter().enumerate())
        .flat_map(|(i, crops)| {
            crops.into_iter().map(move |mut crop| {
                crop.page = i;
                crop
            })
        })
        .collect();
    ruled_rows::read_again(&mut read, &crops, RENDER_DPI, engine);
    Ok(read)
}

/// Page `page` of the PDF at `pdf` OCR'd from its rendering (`image`
/// says why): its words, the blanks and ruling lines its image shows, the
/// rendering, kept for the rereads while `keeper`'s budget lasts, and the
/// crops of the ruled cells to read again ([`ruled_rows`]), cut while the
/// image is in memory (from a page whose rendering is kept, as the
/// rereads are).
fn rendered_page(
    pdf: &Path,
    page: u32,
    image: PageImage,
    keeper: &Keeper,
    engine: &dyn OcrEngine,
) -> Result<(OcrPage, Vec<Crop>)> {
    let dir = keeper.dir();
    let (mut words, render) = read_rendered(pdf, page, dir, engine)?;
    words.number = page;
    let gray = image_rules::read_gray(&render);
    let rules = match &gray {
        Some(gray) => {
            word_gaps::split_lost_spaces(&mut words.words, gray, RENDER_DPI);
            let known = |w: &str| crate::vocab::is_italian_form(w);
            word_gaps::join_glyph_gaps(&mut words.words, gray, RENDER_DPI, known);
            image_rules::rules(gray, RENDER_DPI)
        }
        None => Vec::new(),
    };
    words.rules = image_rules::clear_of_words(rules, &words.words);
    words.words =
        border_glyphs::without_border_glyphs(std::mem::take(&mut words.words), &words.rules);
    let render = keeper.keep(render);
    let crops = match (&gray, &render) {
        (Some(gray), Some(_)) => ruled_rows::cut_page(&words, gray, RENDER_DPI, dir),
        _ => Vec::new(),
    };
    let ocr = OcrPage {
        words,
        image,
        render,
    };
    Ok((ocr, crops))
}

/// The ruling lines of a page OCR read from its embedded scan, from a
/// rendering at the scan's own resolution (`dpi`, within 150 to 600: a
/// blurred rule stays dark enough, the cost small beside OCR); none when
/// it cannot be rendered.
fn rules_of_page(pdf: &Path, page: u32, dpi: u32, dir: &Path, limit: Duration) -> Vec<super::Rule> {
    gray_of_page(pdf, page, dpi, dir, limit)
        .map(|(gray, dpi)| image_rules::rules(&gray, dpi))
        .unwrap_or_default()
}

/// A page of a scan rendered at its scan's resolution (`dpi`, within 150
/// to 600), and that resolution: where its ruling lines and the blanks
/// between its words are measured. None when it cannot be rendered.
fn gray_of_page(
    pdf: &Path,
    page: u32,
    dpi: u32,
    dir: &Path,
    limit: Duration,
) -> Option<(image_rules::Gray, u32)> {
    let dpi = dpi.clamp(150, 600);
    let image = render_page(pdf, page, dpi, Raster::Pgm, dir, limit).ok()?;
    let gray = image_rules::read_gray(&image);
    let _ = std::fs::remove_file(&image);
    gray.map(|g| (g, dpi))
}

/// The ruling lines of scanned pages whose words come from an invisible
/// text layer (a searchable scan has no vector rules; its page image
/// shows them), each page rendered at its scan's resolution, pages in
/// parallel; a page that cannot be rendered (no pdftoppm, a broken page)
/// gets none.
pub fn rules_of_scans(pdf: &[u8], pages: &[u32], limit: Duration) -> Vec<(u32, Vec<super::Rule>)> {
    let Ok(dir) = tempfile::tempdir() else {
        return Vec::new();
    };
    let file = dir.path().join("input.pdf");
    if std::fs::write(&file, pdf).is_err() {
        return Vec::new();
    }
    let images = PdfImages::load(pdf).ok();
    let dpi = |page: u32| match images.as_ref().map(|i| i.source(page)) {
        Some(PageImage::Embedded(image)) => image.dpi,
        _ => RENDER_DPI,
    };
    let dpis: Vec<(u32, u32)> = pages.iter().map(|&p| (p, dpi(p))).collect();
    dpis.into_par_iter()
        .map(|(page, dpi)| (page, rules_of_page(&file, page, dpi, dir.path(), limit)))
        .collect()
}

/// The image to read: under [`ImageChoice::Auto`], a coarse scan is rendered.
fn choose(source: PageImage, choice: ImageChoice) -> PageImage {
    match source {
        PageImage::Embedded(image) if choice == ImageChoice::Auto && image.dpi < MIN_NATIVE_DPI => {
            let why = format!(
                "{} is under {MIN_NATIVE_DPI} dpi",
                PageImage::Embedded(image).describe()
            );
            PageImage::Rendered { why }
        }
        source => source,
    }
}

/// OCR of a page's own scan; boxes mapped onto the page through the
/// image's placement.
fn read_embedded(
    image: &EmbeddedImage,
    file: &ImageFile,
    page: u32,
    dir: &Path,
    engine: &dyn OcrEngine,
) -> Result<PageWords> {
    let path = dir.join(format!("page-{page}.{}", file.extension));
    std::fs::write(&path, &file.bytes)
        .map_err(|e| ocr_failed(format!("cannot write a temporary file: {e}")))?;
    let words = engine.recognize(&path, paper_dpi(image));
    let _ = std::fs::remove_file(&path);
    let mut words = words?;
    place(&mut words, image.placement);
    (words.width, words.height) = image.page_size;
    Ok(words)
}

/// Sheets of paper a scanner takes, long side by short side, in inches:
/// A4, A3, A5, Letter, Legal.
const PAPER: [(f32, f32); 5] = [
    (11.69, 8.27),
    (16.54, 11.69),
    (8.27, 5.83),
    (11.0, 8.5),
    (14.0, 8.5),
];

/// The resolution of a page's scan on paper, which Tesseract judges text
/// sizes by: the image's pixels per inch of the PDF page, unless the page
/// is no paper size while the image has a sheet's shape (a scan placed on
/// a page of another size: a 2351 x 1670 scan on a 333 x 237 pt page is
/// an A4 sheet at 201 dpi, not 508). An A-series shape is taken as A4.
fn paper_dpi(image: &EmbeddedImage) -> u32 {
    let long_short = |a: f32, b: f32| (a.max(b), a.min(b));
    let (page_long, page_short) = long_short(image.page_size.0 / 72.0, image.page_size.1 / 72.0);
    let near = |a: f32, b: f32, share: f32| (a - b).abs() <= share * b;
    let is_paper = PAPER
        .iter()
        .any(|&(l, s)| near(page_long, l, 0.02) && near(page_short, s, 0.02));
    let (px_long, px_short) = long_short(image.width as f32, image.height as f32);
    if is_paper || px_short <= 0.0 {
        return image.dpi;
    }
    PAPER
        .iter()
        .find(|&&(l, s)| near(px_long / px_short, l / s, 0.015))
        .map_or(image.dpi, |&(l, _)| (px_long / l).round() as u32)
}

/// OCR of the page rendered at [`RENDER_DPI`]; the words and the rendering.
fn read_rendered(
    pdf: &Path,
    page: u32,
    dir: &Path,
    engine: &dyn OcrEngine,
) -> Result<(PageWords, PathBuf)> {
    let image = render_for_ocr(pdf, page, RENDER_DPI, dir, engine.page_timeout())?;
    let words = engine.recognize(&image, RENDER_DPI);
    let mut words = match words {
        Ok(words) => words,
        Err(e) => {
            let _ = std::fs::remove_file(&image);
            return Err(e);
        }
    };
    to_points(&mut words, RENDER_DPI);
    Ok((words, image))
}

/// One page of a PDF as a grey PNG image at `dpi`: what `pira inspect
/// --png` draws over.
pub fn page_image(pdf: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>> {
    let failed = |what: &str, e: std::io::Error| {
        Error::new(ErrorKind::PageImage {
            detail: format!("{what}: {e}"),
        })
    };
    let dir = tempfile::tempdir().map_err(|e| failed("no temporary folder", e))?;
    let file = dir.path().join("input.pdf");
    std::fs::write(&file, pdf).map_err(|e| failed("cannot write a temporary file", e))?;
    let image = render_page(
        &file,
        page,
        dpi,
        Raster::Png,
        dir.path(),
        DEFAULT_PAGE_TIMEOUT,
    )?;
    std::fs::read(&image).map_err(|e| failed("cannot read the rendered page", e))
}

/// The image format pdftoppm writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raster {
    /// Uncompressed, for Tesseract: PNG compression took longer than the
    /// rendering (2.5 s a page against 0.1 s).
    Pgm,
    /// Compressed, for an image a person looks at.
    Png,
}

/// Page `page` of the PDF at `pdf` as OCR reads it: a grey PGM image at
/// `dpi` (of the page's points) in `dir`, rendered within `limit`.
pub(crate) fn render_for_ocr(
    pdf: &Path,
    page: u32,
    dpi: u32,
    dir: &Path,
    limit: Duration,
) -> Result<PathBuf> {
    render_page(pdf, page, dpi, Raster::Pgm, dir, limit)
}

/// The resolution, in dots per inch of the page, at which each of `pages`
/// is rendered for crops to stand at [`RENDER_DPI`] on paper: the text
/// then has the size the crop readers expect. That is [`RENDER_DPI`] but
/// for a scan placed on a page smaller than its sheet (an A4 sheet at 201
/// dpi on a 333 x 237 pt page, 508 dpi of the page: rendered at 758 dpi,
/// not 300, which would shrink its text to 118 dpi of paper), within twice
/// the scan's own resolution.
pub(crate) fn crop_dpis(pdf: &[u8], pages: &[u32]) -> Vec<(u32, u32)> {
    let images = PdfImages::load(pdf).ok();
    let dpi = |page: u32| match images.as_ref().map(|i| i.source(page)) {
        Some(PageImage::Embedded(image)) => crop_dpi(&image),
        _ => RENDER_DPI,
    };
    pages.iter().map(|&page| (page, dpi(page))).collect()
}

/// [`crop_dpis`] for a page whose scan is `image`.
fn crop_dpi(image: &EmbeddedImage) -> u32 {
    let paper = paper_dpi(image).max(1);
    let dpi = u64::from(RENDER_DPI) * u64::from(image.dpi) / u64::from(paper);
    let most = 2 * image.dpi.max(RENDER_DPI);
    u32::try_from(dpi).map_or(most, |d| d.clamp(RENDER_DPI, most))
}

/// One page to a grey image with poppler's pdftoppm, within `limit`. The
/// image covers the CropBox, as the PDF reader's coordinates do.
fn render_page(
    pdf: &Path,
    page: u32,
    dpi: u32,
    raster: Raster,
    dir: &Path,
    limit: Duration,
) -> Result<PathBuf> {
    let prefix = dir.join(format!("page-{page}"));
    let n = page.to_string();
    let (flag, extension) = match raster {
        Raster::Pgm => (None, "pgm"),
        Raster::Png => (Some("-png"), "png"),
    };
    let child = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-cropbox", "-gray", "-singlefile", "-f", &n, "-l", &n])
        .args(flag)
        .arg(pdf)
        .arg(&prefix)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| {
            Error::new(ErrorKind::OcrUnavailable {
                detail: "pdftoppm is needed to render image-only pages: install the Debian package poppler-utils".into(),
            })
        })?;
    let output = match crate::process::output_within(child, limit) {
        Ok(Some(output)) => output,
        Ok(None) => {
            return Err(ocr_failed(format!(
                "pdftoppm took more than {limit:?} to render page {page} (see --ocr-timeout)"
            )))
        }
        Err(e) => return Err(ocr_failed(format!("lost pdftoppm: {e}"))),
    };
    let image = prefix.with_extension(extension);
    if !output.status.success() || !image.is_file() {
        let detail = String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .unwrap_or("")
            .to_string();
        return Err(ocr_failed(format!("cannot render page {page}: {detail}")));
    }
    Ok(image)
}

/// Pixel boxes of an upright image (of the page's size in pixels) to
/// points on the page, where the image lies at `on`.
fn place(page: &mut PageWords, on: BBox) {
    if page.width <= 0.0 || page.height <= 0.0 {
        return;
    }
    let (kx, ky) = ((on.x1 - on.x0) / page.width, (on.y1 - on.y0) / page.height);
    for w in &mut page.words {
        w.bbox = BBox {
            x0: on.x0 + w.bbox.x0 * kx,
            y0: on.y0 + w.bbox.y0 * ky,
            x1: on.x0 + w.bbox.x1 * kx,
            y1: on.y0 + w.bbox.y1 * ky,
        };
    }
}

/// Pixel boxes at `dpi` to points.
fn to_points(page: &mut PageWords, dpi: u32) {
    let k = 72.0 / dpi as f32;
    page.width *= k;
    page.height *= k;
    for w in &mut page.words {
        w.bbox.x0 *= k;
        w.bbox.y0 *= k;
        w.bbox.x1 *= k;
        w.bbox.y1 *= k;
    }
}

/// What the real-Tesseract tests of the OCR stages share.
#[cfg(test)]
pub(crate) mod test_engine {
    use super::Tesseract;

    /// The generated scan fixture the real-Tesseract tests read.
    pub const SCAN_FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/generated/gen_s15_01_padova_2019_consuntivo_compact.scan.pdf"
    );

    /// Real Tesseract; `None` (the test skipped) where it is missing
    /// outside CI, which must have it.
    pub fn tesseract_or_skip() -> Option<Tesseract> {
        match Tesseract::new("ita") {
            Ok(engine) => Some(engine),
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!("skipped: {e}");
                None
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_engine::{tesseract_or_skip, SCAN_FIXTURE};
    use super::*;
    use std::time::Instant;

    /// Real Tesseract on a rendered page of the generated scan fixture.
    #[test]
    fn reads_a_rendered_page_with_tesseract() {
        let Some(engine) = tesseract_or_skip() else {
            return;
        };
        let path = SCAN_FIXTURE;
        let pdf = std::fs::read(path).expect("the scan fixture");
        let pages = ocr_pdf_pages(&pdf, &[1], &engine).expect("OCR runs");
        let page = &pages[0].words;
        let words: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
        let text = words.join(" ");
        assert!(text.contains("Missione"), "{text}");
        assert!(text.contains("Indicatore"), "{text}");
        assert!(
            page.width > 800.0 && page.width < 850.0,
            "landscape A4 in points: {}",
            page.width
        );
        assert!(page.words.iter().all(|w| w.confidence.is_some()));
    }

    /// Rows of a scanned indicator table in small print (a crop of page 1
    /// of `make_fixtures --style kpi-table --seed 113 --scan --image-only`,
    /// at 300 dpi): every line of every cell is read whole and at full
    /// confidence, the objective cells repeated on two rows, the mission
    /// and programme names, the targets. Tesseract's automatic layout read
    /// a fifth of these words as garbage ("Ruarcaei ser pedioti" for
    /// "mercati e sui prodotti,").
    #[test]
    fn reads_every_line_of_a_wide_tables_cells() {
        let Some(engine) = tesseract_or_skip() else {
            return;
        };
        let image = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/ocr/kpi_table_rows.jpg"
        );
        let page = engine.recognize(Path::new(image), 300).expect("OCR runs");
        let text = page
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let cell_lines = [
            "SOSTEGNO ALLA",
            "TRANSIZIONE",
            "ECOLOGICA E",
            "SOSTENIBILITÀ",
            "KPI415 - PRATICHE DEL",
            "REGISTRO IMPRESE",
            "EVASE NEI TERMINI DI",
            "CANCELLAZIONE",
            "D'UFFICIO DELLE",
            "IMPRESE NON PIÙ",
            "OPERATIVE",
            "Kpi non definito",
            "convenzioni/accordi",
            "accordi formalizzati",
            "La tempestività",
            "pratiche evase nei",
            "011 - Competitività e",
            "012 - Regolazione dei",
            "004 - Vigilanza sui",
            "mercati e sui prodotti,",
            "promozione della",
            "concorrenza e tutela dei",
            "attuazione di politiche di",
            "sviluppo, competitività e",
            "responsabilità sociale",
            ">=50,50%",
            "39,39%",
            "78,00%",
            ">=€ 6.360.000,00",
            "€ 6.678.000,00",
        ];
        for line in cell_lines {
            assert!(text.contains(line), "{line:?} in {text}");
        }
        let doubted = page
            .words
            .iter()
            .filter(|w| w.confidence.is_some_and(|c| c < 50.0))
            .count();
        assert!(
            doubted * 50 <= page.words.len(),
            "{doubted} words doubted: {text}"
        );
    }

    /// A JPEG scan of `width` x `height` pixels on a page of `page_size`
    /// points, placed at `dpi` of the page.
    fn image(width: u32, height: u32, page_size: (f32, f32), dpi: u32) -> EmbeddedImage {
        EmbeddedImage {
            object: (1, 0),
            encoding: super::super::page_image::Encoding::Jpeg,
            width,
            height,
            turn: super::super::page_image::Turn::default(),
            placement: BBox::default(),
            page_size,
            dpi,
        }
    }

    #[test]
    fn a_scan_on_a_page_of_no_paper_size_is_read_at_its_sheets_resolution() {
        // A4 landscape at 200 dpi on an A4 page: as placed.
        assert_eq!(paper_dpi(&image(2339, 1654, (841.9, 595.3), 200)), 200);
        // The same scan on a 333 x 237 pt page: still 200 dpi on paper.
        assert_eq!(paper_dpi(&image(2351, 1670, (333.2, 236.7), 508)), 201);
        // A page of no paper size and no sheet's shape: as placed.
        assert_eq!(paper_dpi(&image(1000, 1000, (300.0, 300.0), 240)), 240);
    }

    #[test]
    fn crops_of_a_scan_on_a_small_page_are_rendered_at_its_sheets_scale() {
        // On an A4 page, 200 or 400 dpi: the usual rendering.
        assert_eq!(crop_dpi(&image(2339, 1654, (841.9, 595.3), 200)), 300);
        assert_eq!(crop_dpi(&image(4678, 3308, (841.9, 595.3), 400)), 300);
        // An A4 sheet at 201 dpi on a 333 x 237 pt page (508 dpi of the
        // page): 300 dpi of paper is 758 dpi of the page.
        assert_eq!(crop_dpi(&image(2351, 1670, (333.2, 236.7), 508)), 758);
        // A sheet's shape in very few pixels: at most twice the image's own.
        assert_eq!(crop_dpi(&image(117, 83, (333.2, 236.7), 400)), 800);
    }

    #[test]
    fn a_page_over_the_time_limit_is_stopped() {
        let started = Instant::now();
        let err = output_within(
            Command::new("sleep").arg("30"),
            Duration::from_millis(200),
            "a page",
        )
        .expect_err("stopped");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(err.to_string().contains("more than 200ms"), "{err}");
        let done = output_within(
            Command::new("echo").arg("ok"),
            Duration::from_secs(30),
            "a page",
        )
        .expect("runs");
        assert_eq!(String::from_utf8_lossy(&done.stdout).trim(), "ok");
    }

    /// Real Tesseract on cells cut from a rendered page of the scan
    /// fixture, between blank ones: each crop's words come back in its
    /// own place, in the crop's pixels.
    #[test]
    fn reads_cells_each_in_its_place() {
        let Some(engine) = tesseract_or_skip() else {
            return;
        };
        let path = SCAN_FIXTURE;
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("input.pdf");
        std::fs::copy(path, &file).expect("the scan fixture");
        let render = render_for_ocr(&file, 1, RENDER_DPI, dir.path(), DEFAULT_PAGE_TIMEOUT)
            .expect("renders");
        let words = engine.recognize(&render, RENDER_DPI).expect("OCR runs");
        let word = words
            .words
            .iter()
            .find(|w| w.text == "Missione")
            .expect("a word to cut");
        let page = std::fs::read(&render)
            .ok()
            .and_then(|b| image_rules::Gray::parse(&b))
            .expect("a PGM");
        let b = word.bbox;
        let (x0, y0) = (b.x0 as usize - 10, b.y0 as usize - 10);
        let (w, h) = (b.width() as usize + 20, b.height() as usize + 20);
        let mut crop = format!("P5\n{w} {h}\n255\n").into_bytes();
        for y in y0..y0 + h {
            crop.extend(&page.pixels[y * page.width + x0..y * page.width + x0 + w]);
        }
        let blank = format!("P5\n{w} {h}\n255\n").into_bytes();
        let blank: Vec<u8> = blank
            .into_iter()
            .chain(std::iter::repeat_n(255, w * h))
            .collect();
        let paths: Vec<PathBuf> = ["blank-1.pgm", "cell.pgm", "blank-2.pgm"]
            .iter()
            .map(|name| dir.path().join(name))
            .collect();
        for (path, bytes) in paths.iter().zip([&blank, &crop, &blank]) {
            std::fs::write(path, bytes).expect("a crop");
        }
        let read = engine.read_cells(&paths, RENDER_DPI).expect("reads");
        let texts: Vec<Vec<&str>> = read
            .iter()
            .map(|p| p.words.iter().map(|w| w.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec![], vec!["Missione"], vec![]]);
        let found = read[1].words[0].bbox;
        assert!(
            (found.x0 - 10.0).abs() <= 4.0 && (found.y0 - 10.0).abs() <= 4.0,
            "{found:?}"
        );
    }

    #[test]
    fn missing_language_names_the_packages() {
        let err = Tesseract::new("xx_not_a_language").expect_err("no such language");
        let message = err.to_string();
        assert!(message.contains("tesseract-ocr"), "{message}");
    }
}
