//! "Searchable scan" of a born-digital PDF: every page rendered to a grey
//! image, degraded like an office scanner (slight skew, noise, blur, JPEG),
//! read by Tesseract into a PDF with the page image and an invisible text
//! layer, and the pages joined again. The same degraded JPEGs also make an
//! image-only scan, as a plain scanner writes it: one JPEG per page and no
//! text at all.
//!
//! Tools (Debian packages): `pdftoppm` and `pdfunite` (poppler-utils),
//! `convert` (imagemagick), `tesseract` with the Italian model
//! (tesseract-ocr, tesseract-ocr-ita).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lopdf::{dictionary, Document, Object, Stream};

use crate::records::Rng;

/// Resolution of the page images.
pub const DPI: u32 = 200;

const TOOLS: &[(&str, &str)] = &[
    ("pdftoppm", "poppler-utils"),
    ("pdfunite", "poppler-utils"),
    ("convert", "imagemagick"),
    ("tesseract", "tesseract-ocr"),
];

const INSTALL: &str =
    "apt-get install -y poppler-utils imagemagick tesseract-ocr tesseract-ocr-ita";

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(tool);
            p.is_file()
                && std::fs::metadata(&p)
                    .map(|m| {
                        use std::os::unix::fs::PermissionsExt;
                        m.permissions().mode() & 0o111 != 0
                    })
                    .unwrap_or(false)
        })
    })
}

/// Checks that every tool and the Italian Tesseract model are installed.
pub fn check_tools() -> Result<(), String> {
    let missing: Vec<String> = TOOLS
        .iter()
        .filter(|(tool, _)| !on_path(tool))
        .map(|(tool, package)| format!("`{tool}` (Debian package {package})"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "--scan needs {}; install with: {INSTALL}",
            missing.join(", ")
        ));
    }
    let out = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map_err(|e| format!("cannot run tesseract: {e}"))?;
    let langs =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if !langs.lines().any(|l| l.trim() == "ita") {
        return Err(format!(
            "--scan needs Tesseract's Italian model (Debian package tesseract-ocr-ita); install with: {INSTALL}"
        ));
    }
    Ok(())
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The degradation of one page: skew in degrees and ImageMagick's seed.
#[derive(Debug, Clone, Copy)]
pub struct Degrade {
    pub angle: f64,
    pub seed: u64,
}

/// Skew within ±0.6° and a noise seed for each page, from `seed`.
pub fn degradations(seed: u64, pages: usize) -> Vec<Degrade> {
    let mut rng = Rng::new(seed).fork(0x5CA7);
    (0..pages)
        .map(|_| Degrade {
            angle: (rng.below(1201) as f64 - 600.0) / 1000.0,
            seed: rng.range(1, 999_999),
        })
        .collect()
}

/// One page scanned: its searchable PDF (if OCR'd) and its degraded JPEG.
#[derive(Debug, Clone)]
struct Scanned {
    pdf: Option<PathBuf>,
    jpeg: PathBuf,
}

fn page(pdf: &Path, dir: &Path, n: usize, d: Degrade, ocr: bool) -> Result<Scanned, String> {
    let stem = dir.join(format!("p{n:04}"));
    let png = stem.with_extension("png");
    let jpg = stem.with_extension("jpg");
    run(Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-gray", "-png", "-singlefile"])
        .args(["-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg(&stem))?;
    run(Command::new("convert")
        // Pages run in parallel already: one thread each.
        .env("MAGICK_THREAD_LIMIT", "1")
        .arg(&png)
        .args(["-seed", &d.seed.to_string()])
        .args([
            "-background",
            "white",
            "-rotate",
            &format!("{:.3}", d.angle),
            "+repage",
        ])
        .args(["-attenuate", "0.2", "+noise", "Gaussian"])
        .args(["-blur", "0x0.5", "-colorspace", "Gray"])
        .args(["-units", "PixelsPerInch", "-density", &DPI.to_string()])
        .args(["-quality", "70"])
        .arg(&jpg))?;
    let _ = std::fs::remove_file(&png);
    if !ocr {
        return Ok(Scanned {
            pdf: None,
            jpeg: jpg,
        });
    }
    run(Command::new("tesseract")
        .env("OMP_THREAD_LIMIT", "1")
        .arg(&jpg)
        .arg(&stem)
        .args(["-l", "ita", "--dpi", &DPI.to_string(), "pdf"]))?;
    Ok(Scanned {
        pdf: Some(stem.with_extension("pdf")),
        jpeg: jpg,
    })
}

/// One page's files and the time it took, or why it failed.
type PageResult = Result<(Scanned, Duration), String>;

/// Times of one scan.
#[derive(Debug, Clone)]
pub struct Stats {
    pub pages: usize,
    pub wall: Duration,
    /// Sum of the per-page times (render + degrade + OCR).
    pub page_time: Duration,
}

/// The scans to write of one born-digital PDF.
pub struct Job<'a> {
    pub pdf: &'a Path,
    pub pages: usize,
    /// The 1-based page stored portrait with /Rotate 90, if any.
    pub rotated_page: Option<usize>,
    /// The searchable scan; `None`: the image-only scan alone, and no
    /// Tesseract run.
    pub searchable: Option<PathBuf>,
    /// The image-only scan.
    pub image_only: &'a Path,
}

/// Writes the searchable (if asked) and the image-only scan of a PDF, working in a
/// temporary folder, `jobs` pages at a time.
pub fn scan(job: &Job, seed: u64, jobs: usize) -> Result<Stats, String> {
    let (pdf, pages) = (job.pdf, job.pages);
    let start = Instant::now();
    let dir = tempfile::Builder::new()
        .prefix("pira-scan-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let plan = degradations(seed, pages);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<PageResult>>> = Mutex::new(vec![None; pages]);
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, pages.max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= pages {
                    break;
                }
                let t = Instant::now();
                let ocr = job.searchable.is_some();
                let r = page(pdf, dir.path(), i + 1, plan[i], ocr).map(|p| (p, t.elapsed()));
                let failed = r.is_err();
                results.lock().expect("no panics while locked")[i] = Some(r);
                if failed {
                    next.store(pages, Ordering::SeqCst);
                }
            });
        }
    });
    let mut parts = Vec::new();
    let mut jpegs = Vec::new();
    let mut page_time = Duration::ZERO;
    for r in results.into_inner().expect("no panics while locked") {
        match r {
            Some(Ok((p, t))) => {
                parts.extend(p.pdf);
                jpegs.push(p.jpeg);
                page_time += t;
            }
            Some(Err(e)) => return Err(e),
            None => return Err("a page was not scanned".to_string()),
        }
    }
    if let Some(out) = &job.searchable {
        if parts.len() == 1 {
            std::fs::copy(&parts[0], out)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        } else {
            run(Command::new("pdfunite").args(&parts).arg(out))?;
        }
    }
    let image_only = image_only_pdf(&jpegs, job.rotated_page)?;
    std::fs::write(job.image_only, image_only)
        .map_err(|e| format!("cannot write {}: {e}", job.image_only.display()))?;
    Ok(Stats {
        pages,
        wall: start.elapsed(),
        page_time,
    })
}

/// Width, height and colour components from a JPEG's frame header.
fn jpeg_frame(jpeg: &[u8]) -> Option<(u32, u32, u8)> {
    let mut i = 2;
    while i + 9 < jpeg.len() {
        if jpeg[i] != 0xFF {
            return None;
        }
        let marker = jpeg[i + 1];
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let h = u16::from_be_bytes([jpeg[i + 5], jpeg[i + 6]]);
            let w = u16::from_be_bytes([jpeg[i + 7], jpeg[i + 8]]);
            return Some((u32::from(w), u32::from(h), jpeg[i + 9]));
        }
        i += 2 + len;
    }
    None
}

/// A PDF of the page JPEGs and nothing else, each page the image's size at
/// [`DPI`]. The page `rotated_page` is stored portrait with /Rotate 90 and
/// the image drawn turned back, so it still displays upright.
fn image_only_pdf(jpegs: &[PathBuf], rotated_page: Option<usize>) -> Result<Vec<u8>, String> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (i, path) in jpegs.iter().enumerate() {
        let jpeg =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let (w, h, components) =
            jpeg_frame(&jpeg).ok_or_else(|| format!("{}: no JPEG frame header", path.display()))?;
        let colour = if components == 1 {
            "DeviceGray"
        } else {
            "DeviceRGB"
        };
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => i64::from(w), "Height" => i64::from(h),
                "ColorSpace" => colour, "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg,
        ));
        let points = |px: u32| f64::from(px) * 72.0 / f64::from(DPI);
        let (pw, ph) = (points(w), points(h));
        let (media, content) = if rotated_page == Some(i + 1) {
            // /Rotate 90 shows user y across and user x down.
            (
                [ph, pw],
                format!("q 0 {pw:.3} {:.3} 0 {ph:.3} 0 cm /Im1 Do Q", -ph),
            )
        } else {
            ([pw, ph], format!("q {pw:.3} 0 0 {ph:.3} 0 0 cm /Im1 Do Q"))
        };
        let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(media[0] as f32), Object::Real(media[1] as f32)],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
            "Contents" => content,
        };
        if rotated_page == Some(i + 1) {
            page.set("Rotate", 90);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the image-only PDF: {e}"))?;
    Ok(out)
}
