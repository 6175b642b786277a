//! Reading a small region of a PDF page again by OCR, for a field whose
//! text layer (or first OCR pass) held nothing usable: a boxed number such
//! as "Nr indicatori associati 1" often comes out as the box's borders
//! ("Lt]") or not at all, while Tesseract reads it cleanly once the region
//! is cropped, rendered at 300 dpi, cleared of the box's ruling lines and
//! read as a single line.

use std::path::{Path, PathBuf};
use std::process::Command;

use rayon::prelude::*;

use super::renders::PageRenders;
use super::BBox;

/// A region of a page, in PDF points from the page's top left (as word
/// boxes are).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// 1-based page number.
    pub page: u32,
    pub bbox: BBox,
}

/// How a region's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Digits only, on one line (a count).
    Digits,
    /// A block of lines (a table cell).
    Block,
}

/// Resolution regions are rendered at.
const DPI: f32 = 300.0;

/// The text Tesseract reads in each region of `pdf`, in order; `None`
/// where the region could not be rendered or read (no Tesseract, no
/// pdftoppm, a damaged page): the field then keeps its first reading.
/// Pages OCR already rendered are cropped from `renders`.
pub fn read_regions(
    pdf: &[u8],
    regions: &[(Region, Expect)],
    lang: &str,
    renders: &PageRenders,
) -> Vec<Option<String>> {
    let Ok(dir) = tempfile::tempdir() else {
        return vec![None; regions.len()];
    };
    // Each page is rendered once (decoding a scan's image is most of the
    // cost) and its regions cut from it; a page's image is dropped once
    // they are, so memory holds one page per thread. The PDF is written
    // out only for pages OCR did not render already.
    let mut pages: Vec<u32> = regions.iter().map(|(r, _)| r.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let file = dir.path().join("input.pdf");
    let to_render = pages.iter().any(|&p| renders.get(p).is_none());
    if to_render && std::fs::write(&file, pdf).is_err() {
        return vec![None; regions.len()];
    }
    let cut: Vec<(usize, PathBuf)> = pages
        .par_iter()
        .flat_map_iter(|&page| {
            let kept = renders
                .get(page)
                .and_then(|path| Gray::parse(&std::fs::read(path).ok()?));
            let image = kept.or_else(|| render_page(&file, page, dir.path()));
            let on_page = regions
                .iter()
                .enumerate()
                .filter(|(_, (r, _))| r.page == page);
            let cuts: Vec<(usize, PathBuf)> = on_page
                .filter_map(|(i, (region, _))| {
                    let gray = crop(image.as_ref()?, region)?;
                    let path = dir.path().join(format!("region-{i}.pgm"));
                    std::fs::write(&path, gray.to_pgm()).ok()?;
                    Some((i, path))
                })
                .collect();
            cuts
        })
        .collect();
    let mut images: Vec<Option<PathBuf>> = vec![None; regions.len()];
    for (i, path) in cut {
        images[i] = Some(path);
    }
    let mut texts = vec![None; regions.len()];
    for expect in [Expect::Digits, Expect::Block] {
        let wanted: Vec<(usize, &PathBuf)> = images
            .iter()
            .enumerate()
            .filter(|(i, _)| regions[*i].1 == expect)
            .filter_map(|(i, image)| Some((i, image.as_ref()?)))
            .collect();
        // One Tesseract run per thread, each on its share of the regions.
        let paths: Vec<&PathBuf> = wanted.iter().map(|(_, p)| *p).collect();
        let share = paths.len().div_ceil(rayon::current_num_threads()).max(1);
        let read: Vec<Option<String>> = paths
            .par_chunks(share)
            .enumerate()
            .flat_map_iter(|(k, chunk)| {
                let list = dir.path().join(format!("{expect:?}-{k}.txt"));
                recognize(chunk, expect, lang, &list)
            })
            .collect();
        for ((i, _), text) in wanted.iter().zip(read) {
            texts[*i] = text;
        }
    }
    texts
}

/// Page `page` of `pdf` rendered in grey at [`DPI`], over its CropBox
/// (as word boxes are), as OCR renders it.
fn render_page(pdf: &Path, page: u32, dir: &Path) -> Option<Gray> {
    let stem = dir.join(format!("page-{page}"));
    let page = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-cropbox", "-gray", "-singlefile"])
        .args(["-f", &page, "-l", &page])
        .arg(pdf)
        .arg(&stem)
        .output()
        .ok()?;
    if !status.status.success() {
        return None;
    }
    let image = stem.with_extension("pgm");
    let gray = Gray::parse(&std::fs::read(&image).ok()?);
    let _ = std::fs::remove_file(&image);
    gray
}

/// The region cut from its rendered page and cleared of ruling lines;
/// `None` when it holds no ink but lines.
fn crop(page: &Gray, region: &Region) -> Option<Gray> {
    let k = DPI / 72.0;
    let b = region.bbox;
    let px = |v: f32| (v * k).max(0.0).round() as usize;
    let (x0, y0) = (px(b.x0).min(page.width), px(b.y0).min(page.height));
    let (x1, y1) = (px(b.x1).min(page.width), px(b.y1).min(page.height));
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let mut gray = Gray {
        width: x1 - x0,
        height: y1 - y0,
        pixels: (y0..y1)
            .flat_map(|y| {
                page.pixels[y * page.width + x0..y * page.width + x1]
                    .iter()
                    .copied()
            })
            .collect(),
    };
    gray.erase_rules();
    let text_height = (b.y1 - b.y0) * k / 3.0;
    if (gray.ink() as f32) < 0.02 * text_height * text_height {
        return None;
    }
    Some(gray)
}

/// An 8-bit grey image.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Gray {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) pixels: Vec<u8>,
}

/// Darker than this is ink (scans blur rules to light grey).
const INK: u8 = 200;
/// A sixth of an inch at [`DPI`]: ink runs this long are ruling lines.
const RULE_PIXELS: usize = 50;

/// Darker than this stays black when the image is binarised.
const BLACK: u8 = 150;

impl Gray {
    /// A binary PGM (P5, maxval 255) as pdftoppm writes it.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Gray> {
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes.get(at)?.is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes.get(at)?.is_ascii_whitespace() {
                at += 1;
            }
            fields.push(std::str::from_utf8(&bytes[start..at]).ok()?);
        }
        let (width, height) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
        let pixels = bytes.get(at + 1..)?.get(..width * height)?.to_vec();
        (fields[0] == "P5" && fields[3] == "255").then_some(Gray {
            width,
            height,
            pixels,
        })
    }

    fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend(self.pixels.iter().map(|&v| if v < BLACK { 0 } else { 255 }));
        out
    }

    /// Whitens ruling lines: runs of ink a sixth of an inch long (no glyph
    /// of text under 16 pt has a stroke that long), or vertical ones over
    /// half the image, with two pixels either side (blur and skew widen
    /// them). What lies beyond the outermost vertical rules is another
    /// cell's, such as the end of a label read as "i" next to a boxed "1",
    /// and is whitened too: with two rules, all outside them; with one,
    /// the side away from the middle.
    fn erase_rules(&mut self) {
        let (w, h) = (self.width, self.height);
        let mut erase = vec![false; w * h];
        let mut rules: Vec<usize> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let dark = |v: u8| v < INK;
        for y in 0..h {
            for (start, end) in runs((0..w).map(|x| dark(self.pixels[y * w + x]))) {
                if end - start >= RULE_PIXELS {
                    rows.push(y);
                    for yy in y.saturating_sub(2)..(y + 3).min(h) {
                        erase[yy * w + start..yy * w + end].fill(true);
                    }
                }
            }
        }
        for x in 0..w {
            for (start, end) in runs((0..h).map(|y| dark(self.pixels[y * w + x]))) {
                if end - start >= (h / 2).min(RULE_PIXELS) {
                    rules.push(x);
                    for xx in x.saturating_sub(2)..(x + 3).min(w) {
                        (start..end).for_each(|y| erase[y * w + xx] = true);
                    }
                }
            }
        }
        for (pixel, erased) in self.pixels.iter_mut().zip(erase) {
            if erased {
                *pixel = 255;
            }
        }
        // The band between the rules nearest the middle, above and below.
        let top = rows
            .iter()
            .copied()
            .filter(|&y| y < h / 2)
            .max()
            .unwrap_or(0);
        let bottom = rows.iter().copied().find(|&y| y > h / 2).unwrap_or(h);
        self.pixels[..top * w].fill(255);
        self.pixels[bottom * w..].fill(255);
        let (first, last) = match (rules.first(), rules.last()) {
            (Some(&a), Some(&b)) if b > a + 4 => (a, b),
            (Some(&a), _) if a < w / 2 => (a, w),
            (Some(&a), _) => (0, a),
            _ => return,
        };
        for row in self.pixels.chunks_mut(w) {
            row[..first].fill(255);
            row[last.min(w)..].fill(255);
        }
    }

    /// Pixels that stay black once binarised.
    fn ink(&self) -> usize {
        self.pixels.iter().filter(|&&v| v < BLACK).count()
    }
}

/// The `[start, end)` stretches where `flags` is true.
pub(crate) fn runs(flags: impl Iterator<Item = bool>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut len = 0;
    for (i, on) in flags.enumerate() {
        match (on, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        len = i + 1;
    }
    if let Some(s) = start {
        out.push((s, len));
    }
    out
}

/// The text of each image, read by one Tesseract run over them all (its
/// start-up, loading the language model, costs as much as reading a small
/// region; the caller runs one per thread). Tesseract puts a form feed between the images' texts. `list`
/// is where the list of images is written for Tesseract.
fn recognize(images: &[&PathBuf], expect: Expect, lang: &str, list: &Path) -> Vec<Option<String>> {
    let failed = vec![None; images.len()];
    if images.is_empty() {
        return failed;
    }
    let names: String = images
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    if std::fs::write(list, names).is_err() {
        return failed;
    }
    let psm = if expect == Expect::Block { "6" } else { "7" };
    let mut cmd = Command::new("tesseract");
    cmd.arg(list)
        .arg("stdout")
        .args(["-l", lang, "--psm", psm, "--dpi", "300"])
        .env("OMP_THREAD_LIMIT", "1");
    if expect == Expect::Digits {
        cmd.args(["-c", "tessedit_char_whitelist=0123456789"]);
    }
    let output = match cmd.output() {
        Ok(output) if output.status.success() => output,
        _ => return failed,
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let pages: Vec<&str> = stdout.split('\u{c}').collect();
    if pages.len() != images.len() {
        return failed;
    }
    pages
        .iter()
        .map(|t| Some(t.trim().to_string()).filter(|t| !t.is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real Tesseract on the boxed count of the committed scan fixture,
    /// located from the page's own words.
    #[test]
    fn reads_a_boxed_count_again() {
        let tools = ["tesseract", "pdftoppm"].iter().all(|t| {
            Command::new(t)
                .arg("-v")
                .output()
                .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
        });
        if !tools && std::env::var_os("CI").is_none() {
            eprintln!("skipped: tesseract or pdftoppm missing");
            return;
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/generated/gen_s15_01_padova_2019_consuntivo_compact.scan.pdf"
        );
        let pdf = std::fs::read(path).expect("the scan fixture");
        let doc = crate::read::pdf::read(&pdf).expect("reads");
        let page = &doc.pages[0];
        let label = page
            .words
            .iter()
            .find(|w| w.text == "associati")
            .expect("the label's last word");
        let h = label.bbox.y1 - label.bbox.y0;
        let region = Region {
            page: 1,
            bbox: BBox {
                x0: label.bbox.x1 + 4.0,
                y0: label.bbox.y0 - h,
                x1: label.bbox.x1 + 150.0,
                y1: label.bbox.y1 + h,
            },
        };
        // Twice: one Tesseract run reads every region.
        let got = read_regions(
            &pdf,
            &[(region, Expect::Digits), (region, Expect::Digits)],
            "ita",
            &PageRenders::default(),
        );
        let gold = std::fs::read_to_string(path.replace(".pdf", ".gold.json")).expect("gold");
        let gold: serde_json::Value = serde_json::from_str(&gold).expect("JSON");
        let declared = gold["objectives"][0]["declared_indicators"].to_string();
        assert_eq!(got, [Some(declared.clone()), Some(declared)]);
    }

    #[test]
    fn ruling_lines_are_erased_and_text_kept() {
        // A 120x30 image: a box (rules on rows 2 and 27, columns 5 and
        // 100) around a 6x10 blot of ink.
        let (w, h) = (120, 30);
        let mut pixels = vec![255u8; w * h];
        for x in 5..=100 {
            pixels[2 * w + x] = 90;
            pixels[27 * w + x] = 90;
        }
        for y in 2..=27 {
            pixels[y * w + 5] = 90;
            pixels[y * w + 100] = 90;
        }
        for y in 10..20 {
            for x in 50..56 {
                pixels[y * w + x] = 20;
            }
        }
        let mut gray = Gray {
            width: w,
            height: h,
            pixels,
        };
        let parsed = Gray::parse(&gray.to_pgm()).expect("parses its own PGM");
        assert_eq!((parsed.width, parsed.height), (w, h));
        gray.erase_rules();
        assert_eq!(gray.ink(), 60, "only the blot is left");
        assert_eq!(
            runs([true, true, false, true].into_iter()),
            [(0, 2), (3, 4)]
        );
        assert!(Gray::parse(b"P5\n4 4\n255\n\x00").is_none(), "short data");
    }

    #[test]
    fn ink_outside_the_box_around_the_middle_is_dropped() {
        // A 400x180 crop at 300 dpi: a box (rows 60 and 120, columns 160
        // and 280) around an 8x24 digit, the end of a label to its left,
        // the code box's text above and a title below.
        let (w, h) = (400, 180);
        let mut pixels = vec![255u8; w * h];
        let mut blot = |xs: std::ops::Range<usize>, ys: std::ops::Range<usize>| {
            for y in ys {
                for x in xs.clone() {
                    pixels[y * w + x] = 20;
                }
            }
        };
        blot(160..281, 60..62);
        blot(160..281, 120..122);
        blot(160..162, 60..122);
        blot(280..282, 60..122);
        blot(216..224, 78..102); // the digit
        blot(20..28, 80..100); // the label's last letter
        blot(180..260, 10..40); // text of the box above
        blot(180..260, 140..170); // the title below
        let mut gray = Gray {
            width: w,
            height: h,
            pixels,
        };
        gray.erase_rules();
        assert_eq!(gray.ink(), 8 * 24, "only the digit is left");
    }
}
