//! "Searchable scan" of a born-digital PDF: every page rendered to a grey
//! image, degraded like an office scanner (slight skew, noise, blur, JPEG),
//! read by Tesseract into a PDF with the page image and an invisible text
//! layer, and the pages joined again.
//!
//! Tools (Debian packages): `pdftoppm` and `pdfunite` (poppler-utils),
//! `convert` (imagemagick), `tesseract` with the Italian model
//! (tesseract-ocr, tesseract-ocr-ita).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

fn page(pdf: &Path, dir: &Path, n: usize, d: Degrade) -> Result<PathBuf, String> {
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
    run(Command::new("tesseract")
        .env("OMP_THREAD_LIMIT", "1")
        .arg(&jpg)
        .arg(&stem)
        .args(["-l", "ita", "--dpi", &DPI.to_string(), "pdf"]))?;
    let _ = std::fs::remove_file(&png);
    Ok(stem.with_extension("pdf"))
}

/// One page's PDF and the time it took, or why it failed.
type PageResult = Result<(PathBuf, Duration), String>;

/// Times of one scan.
#[derive(Debug, Clone)]
pub struct Stats {
    pub pages: usize,
    pub wall: Duration,
    /// Sum of the per-page times (render + degrade + OCR).
    pub page_time: Duration,
}

/// Writes the searchable scan of `pdf` (of `pages` pages) to `out`, working
/// in a temporary folder, `jobs` pages at a time.
pub fn scan(pdf: &Path, out: &Path, pages: usize, seed: u64, jobs: usize) -> Result<Stats, String> {
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
                let r = page(pdf, dir.path(), i + 1, plan[i]).map(|p| (p, t.elapsed()));
                let failed = r.is_err();
                results.lock().expect("no panics while locked")[i] = Some(r);
                if failed {
                    next.store(pages, Ordering::SeqCst);
                }
            });
        }
    });
    let mut parts = Vec::new();
    let mut page_time = Duration::ZERO;
    for r in results.into_inner().expect("no panics while locked") {
        match r {
            Some(Ok((p, t))) => {
                parts.push(p);
                page_time += t;
            }
            Some(Err(e)) => return Err(e),
            None => return Err("a page was not scanned".to_string()),
        }
    }
    if parts.len() == 1 {
        std::fs::copy(&parts[0], out)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    } else {
        run(Command::new("pdfunite").args(&parts).arg(out))?;
    }
    Ok(Stats {
        pages,
        wall: start.elapsed(),
        page_time,
    })
}
