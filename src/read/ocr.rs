//! OCR of page images with Tesseract (Italian): word boxes and confidences
//! enter the same layout stage as PDF text.
//!
//! The engine sits behind a small trait ([`OcrEngine`]) so the rest of the
//! chain can be tested without it; [`Tesseract`] runs the `tesseract` CLI
//! (one single-threaded process per page: OpenMP threads slow it down
//! several times on small machines) and reads its TSV output.

use std::path::{Path, PathBuf};
use std::process::Command;

use rayon::prelude::*;

use super::{tesseract, PageWords};
use crate::error::{Error, ErrorKind, Result};

/// Resolution pages are rendered at for OCR.
pub const RENDER_DPI: u32 = 300;

/// Reads the words of one page image.
pub trait OcrEngine: Sync {
    /// The words of the image at `image`, with boxes in the image's pixels.
    fn recognize(&self, image: &Path) -> Result<PageWords>;
}

/// The `tesseract` command-line engine.
#[derive(Debug, Clone)]
pub struct Tesseract {
    pub binary: PathBuf,
    /// Tesseract language code(s), e.g. "ita" or "ita+eng".
    pub lang: String,
}

impl Tesseract {
    /// The engine for `lang`, checked: Tesseract must run and know every
    /// language asked for.
    pub fn new(lang: &str) -> Result<Tesseract> {
        let binary = PathBuf::from("tesseract");
        let missing = || {
            Error::new(ErrorKind::OcrUnavailable {
                detail: format!(
                    "Tesseract with the {lang:?} language data is needed to read image-only pages: \
                     install the Debian packages tesseract-ocr and tesseract-ocr-{}",
                    lang.split('+').next().unwrap_or("ita")
                ),
            })
        };
        let output = Command::new(&binary)
            .arg("--list-langs")
            .output()
            .map_err(|_| missing())?;
        let listed = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        let known: Vec<&str> = listed.lines().map(str::trim).collect();
        if !lang.split('+').all(|l| known.contains(&l)) {
            return Err(missing());
        }
        Ok(Tesseract {
            binary,
            lang: lang.to_string(),
        })
    }
}

impl OcrEngine for Tesseract {
    fn recognize(&self, image: &Path) -> Result<PageWords> {
        let output = Command::new(&self.binary)
            .arg(image)
            .arg("stdout")
            .args(["-l", &self.lang, "--psm", "3", "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .map_err(|e| ocr_failed(format!("cannot run tesseract: {e}")))?;
        if !output.status.success() {
            let detail = String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
                .to_string();
            return Err(ocr_failed(format!("tesseract failed: {detail}")));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        match tesseract::tsv_pages(&text) {
            Ok(mut pages) => Ok(pages.pop().unwrap_or_default()),
            // A blank page has no words: that is not an error.
            Err(e) if matches!(e.kind(), ErrorKind::Empty) => Ok(PageWords::default()),
            Err(e) => Err(e),
        }
    }
}

fn ocr_failed(detail: String) -> Error {
    Error::new(ErrorKind::OcrFailed { detail })
}

/// Renders PDF pages to images and reads them, pages in parallel. The
/// words come back in PDF points (like a text layer's), numbered as `pages`.
pub fn ocr_pdf_pages(pdf: &[u8], pages: &[u32], engine: &dyn OcrEngine) -> Result<Vec<PageWords>> {
    let dir = tempfile::tempdir().map_err(|e| ocr_failed(format!("no temporary folder: {e}")))?;
    let file = dir.path().join("input.pdf");
    std::fs::write(&file, pdf)
        .map_err(|e| ocr_failed(format!("cannot write a temporary file: {e}")))?;
    pages
        .par_iter()
        .map(|&page| {
            let image = render_page(&file, page, RENDER_DPI, dir.path())?;
            let mut words = engine.recognize(&image)?;
            let _ = std::fs::remove_file(&image);
            to_points(&mut words, RENDER_DPI);
            words.number = page;
            Ok(words)
        })
        .collect()
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
    let image = render_page(&file, page, dpi, dir.path())?;
    std::fs::read(&image).map_err(|e| failed("cannot read the rendered page", e))
}

/// One page to a grey PNG with poppler's pdftoppm. The image covers the
/// CropBox, as the PDF reader's coordinates do.
fn render_page(pdf: &Path, page: u32, dpi: u32, dir: &Path) -> Result<PathBuf> {
    let prefix = dir.join(format!("page-{page}"));
    let n = page.to_string();
    let output = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-cropbox", "-gray", "-png", "-singlefile"])
        .args(["-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .map_err(|_| {
            Error::new(ErrorKind::OcrUnavailable {
                detail: "pdftoppm is needed to render PDF pages: install the Debian package poppler-utils".into(),
            })
        })?;
    let image = prefix.with_extension("png");
    if !output.status.success() || !image.is_file() {
        let detail = String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .unwrap_or("")
            .to_string();
        return Err(Error::new(ErrorKind::PageImage {
            detail: format!("pdftoppm cannot render page {page}: {detail}"),
        }));
    }
    Ok(image)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Real Tesseract on a rendered page of the generated scan fixture.
    #[test]
    fn reads_a_rendered_page_with_tesseract() {
        let engine = match Tesseract::new("ita") {
            Ok(engine) => engine,
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!("skipped: {e}");
                return;
            }
            Err(e) => panic!("{e}"),
        };
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/generated/gen_s15_01_padova_2019_consuntivo_compact.scan.pdf"
        );
        let pdf = std::fs::read(path).expect("the scan fixture");
        let pages = ocr_pdf_pages(&pdf, &[1], &engine).expect("OCR runs");
        let words: Vec<&str> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
        let text = words.join(" ");
        assert!(text.contains("Missione"), "{text}");
        assert!(text.contains("Indicatore"), "{text}");
        assert!(
            pages[0].width > 800.0 && pages[0].width < 850.0,
            "landscape A4 in points: {}",
            pages[0].width
        );
        assert!(pages[0].words.iter().all(|w| w.confidence.is_some()));
    }

    #[test]
    fn missing_language_names_the_packages() {
        let err = Tesseract::new("xx_not_a_language").expect_err("no such language");
        let message = err.to_string();
        assert!(message.contains("tesseract-ocr"), "{message}");
    }
}
