//! The OCR path end to end with real Tesseract: an image-only PDF (a page
//! image and no text layer, as a plain scanner writes it) goes through page
//! triage, its embedded scan or pdftoppm, and `tesseract -l ita`, then the
//! same chain as text.
//!
//! Needs poppler-utils, tesseract-ocr and tesseract-ocr-ita, and ImageMagick
//! for the CCITT page (`.ci/run` installs them); without them the tests are
//! skipped locally and fail under `CI=true`.

mod common;

use std::path::Path;
use std::process::Command;

use common::score::score;
use lopdf::{dictionary, Document, Object, Stream};
use pira::model::{InputFormat, Route};
use pira::read::ocr::{ocr_pdf_pages_with, ImageChoice, PageImage, Tesseract};
use pira::read::{OcrMode, PageWords};
use pira::{extract, Input, Options};

const STEM: &str = "gen_s15_01_padova_2019_consuntivo_compact.scan";

fn tools_present() -> bool {
    let ok = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let present = ok("pdftoppm", "-v") && ok("tesseract", "--version");
    if !present && std::env::var_os("CI").is_some() {
        panic!("the OCR tests need the Debian packages poppler-utils, tesseract-ocr and tesseract-ocr-ita");
    }
    if !present {
        eprintln!("skipped: pdftoppm or tesseract not installed");
    }
    present
}

fn scan_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/generated")
        .join(format!("{STEM}.pdf"))
}

/// The committed scan's page rendered by pdftoppm at `dpi`, grey, in the
/// format `args` ask for ("-jpeg" or none for PGM); the file's bytes.
fn render(dir: &Path, dpi: u32, args: &[&str], extension: &str) -> Vec<u8> {
    let prefix = dir.join(format!("page-{dpi}"));
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-singlefile"])
        .args(args)
        .arg(scan_path())
        .arg(&prefix)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "pdftoppm renders the scan"
    );
    std::fs::read(prefix.with_extension(extension)).expect("the rendered page")
}

/// A one-page PDF showing `image` (as /Im1) with `content`, nothing else:
/// as a plain scanner writes it. `media` is the MediaBox's width and height.
fn one_image_pdf(image: Stream, media: (f64, f64), rotate: Option<i64>, content: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(media.0 as f32), Object::Real(media.1 as f32)],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        "Contents" => content_id,
    };
    if let Some(rotate) = rotate {
        page.set("Rotate", rotate);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("the PDF is written");
    bytes
}

/// The committed scan's page as a grey JPEG of `dpi` filling a PDF page.
fn jpeg_pdf(dir: &Path, dpi: u32) -> Vec<u8> {
    let jpeg = render(dir, dpi, &["-jpeg"], "jpg");
    let (w, h, components) = jpeg_frame(&jpeg).expect("a JPEG with a frame header");
    let colour = if components == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => colour, "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpeg,
    );
    let (pw, ph) = (points(w.into(), dpi), points(h.into(), dpi));
    one_image_pdf(
        image,
        (pw, ph),
        None,
        &format!("q {pw} 0 0 {ph} 0 0 cm /Im1 Do Q"),
    )
}

fn points(pixels: u32, dpi: u32) -> f64 {
    f64::from(pixels) * 72.0 / f64::from(dpi)
}

/// Width, height and colour components from a JPEG's SOF marker.
fn jpeg_frame(jpeg: &[u8]) -> Option<(u16, u16, u8)> {
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
            return Some((w, h, jpeg[i + 9]));
        }
        i += 2 + len;
    }
    None
}

#[test]
fn image_only_pdf_is_read_by_ocr() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let pdf = jpeg_pdf(tmp.path(), 150);
    if let Ok(dump) = std::env::var("PIRA_DUMP_IMAGE_PDF") {
        let _ = std::fs::write(dump, &pdf);
    }
    let report = match extract(
        &Input::from_bytes("scan.pdf", pdf.clone()),
        &Options::default(),
    ) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(report.source.format, InputFormat::PdfOcr);
    assert_eq!(report.source.page_routes[0].route, Route::Ocr);
    // A 150 dpi scan is read from a 300 dpi rendering, and the route says so.
    assert_eq!(
        report.source.page_routes[0].reason,
        "OCR from page rendered at 300 dpi (embedded JPEG 150 dpi is under 280 dpi): no text layer",
    );
    let gold_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/generated")
        .join(format!("{STEM}.gold.json"));
    let gold: serde_json::Value =
        serde_json::from_slice(&std::fs::read(gold_path).expect("gold")).expect("gold JSON");
    let s = score(&gold, &serde_json::to_value(&report).expect("JSON"));
    assert!(
        s.fields_pct() >= 85.0,
        "{:.1}% fields: {:#?}",
        s.fields_pct(),
        s.misses
    );
    assert!(
        s.numbers_pct() >= 85.0,
        "{:.1}% numbers: {:#?}",
        s.numbers_pct(),
        s.misses
    );

    // --ocr never: an image-only PDF is a clear error, not an empty report.
    let never = Options {
        ocr: OcrMode::Never,
        ..Options::default()
    };
    let err =
        extract(&Input::from_bytes("scan.pdf", pdf), &never).expect_err("image-only without OCR");
    assert!(err.to_string().contains("image-only"), "{err}");
}

/// Width, height and grey pixels of a binary PGM.
fn pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        let start = pos
            + bytes[pos..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace())
                .count();
        fields.push(
            std::str::from_utf8(&bytes[start..end])
                .expect("ASCII header")
                .to_string(),
        );
        pos = end;
    }
    assert_eq!(fields[0], "P5", "a binary PGM");
    let (w, h) = (
        fields[1].parse().expect("width"),
        fields[2].parse().expect("height"),
    );
    (w, h, &bytes[pos + 1..pos + 1 + w * h])
}

/// Median and 90th percentile of the largest edge difference, in points,
/// between the boxes of the words both pages read exactly once; and how
/// many such words there were.
fn box_differences(a: &PageWords, b: &PageWords) -> (f32, f32, usize) {
    let once = |p: &PageWords| -> std::collections::HashMap<String, Option<usize>> {
        let mut seen = std::collections::HashMap::new();
        for (i, w) in p.words.iter().enumerate() {
            if w.text.chars().count() >= 3 {
                seen.entry(w.text.clone())
                    .and_modify(|v: &mut Option<usize>| *v = None)
                    .or_insert(Some(i));
            }
        }
        seen
    };
    let (ia, ib) = (once(a), once(b));
    let mut diffs: Vec<f32> = ia
        .iter()
        .filter_map(|(text, i)| Some(((*i)?, (*ib.get(text)?)?)))
        .map(|(i, j)| {
            let (x, y) = (a.words[i].bbox, b.words[j].bbox);
            [x.x0 - y.x0, x.y0 - y.y0, x.x1 - y.x1, x.y1 - y.y1]
                .into_iter()
                .fold(0.0f32, |m, d| m.max(d.abs()))
        })
        .collect();
    diffs.sort_by(f32::total_cmp);
    let at = |q: f32| diffs[((diffs.len() as f32 - 1.0) * q).round() as usize];
    assert!(!diffs.is_empty(), "no word read once on both pages");
    (at(0.5), at(0.9), diffs.len())
}

fn assert_same_places(what: &str, got: &PageWords, want: &PageWords) {
    let (median, p90, matched) = box_differences(got, want);
    eprintln!("{what}: {matched} words, {median:.2} pt median, {p90:.2} pt 90%");
    assert!(
        matched >= 40 && median <= 0.5 && p90 <= 1.5,
        "{what}: {matched} words matched, boxes apart by {median:.2} pt (median), {p90:.2} pt (90%)"
    );
    assert!(
        (got.width - want.width).abs() < 1.0 && (got.height - want.height).abs() < 1.0,
        "{what}: page {}x{} against {}x{}",
        got.width,
        got.height,
        want.width,
        want.height
    );
}

/// One page OCR'd from the image `choice` picks; the source it used.
fn ocr_one(pdf: &[u8], engine: &Tesseract, choice: ImageChoice) -> (PageWords, PageImage) {
    let mut pages = match ocr_pdf_pages_with(pdf, &[1], engine, choice) {
        Ok(pages) => pages,
        Err(e) => panic!("{e}"),
    };
    let page = pages.pop().expect("one page");
    (page.words, page.image)
}

/// The embedded scan (JPEG, CCITT G4, Flate pixels stored sideways) and a
/// 300 dpi rendering of the same page give words in the same places.
#[test]
fn embedded_scans_land_where_the_rendering_puts_them() {
    if !tools_present() {
        return;
    }
    let engine = Tesseract::new("ita").expect("Tesseract with Italian");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dpi = 300;

    // A 300 dpi JPEG scan: read as it is, through the whole reader.
    let jpeg = jpeg_pdf(tmp.path(), dpi);
    let doc = pira::read::read(&jpeg).expect("the scan reads");
    assert_eq!(
        doc.routes[0].reason,
        "OCR from embedded JPEG 300 dpi: no text layer"
    );
    let native = &doc.pages[0];
    let (rendered, source) = ocr_one(&jpeg, &engine, ImageChoice::Rendered);
    assert!(matches!(source, PageImage::Rendered { .. }));
    assert_same_places("JPEG against rendering", native, &rendered);

    let page = render(tmp.path(), dpi, &[], "pgm");
    let (w, h, pixels) = pgm(&page);
    let (pw, ph) = (points(w as u32, dpi), points(h as u32, dpi));

    // The same page in black and white, CCITT Group 4, on a portrait page
    // with /Rotate 90 and the image drawn turned back: it shows upright.
    let g4 = tmp.path().join("page.g4");
    let status = Command::new("convert")
        .arg(tmp.path().join("page-300.pgm"))
        .args(["-threshold", "60%"])
        .arg(format!("GROUP4:{}", g4.display()))
        .status();
    assert!(status.is_ok_and(|s| s.success()), "ImageMagick writes G4");
    let fax = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => w as i64, "Rows" => h as i64 },
        },
        std::fs::read(&g4).expect("the G4 data"),
    );
    let turned_back = format!("q 0 {pw} {} 0 {ph} 0 cm /Im1 Do Q", -ph);
    let ccitt = one_image_pdf(fax, (ph, pw), Some(90), &turned_back);
    let (words, source) = ocr_one(&ccitt, &engine, ImageChoice::Auto);
    assert_eq!(source.describe(), "embedded CCITT G4 image 300 dpi");
    assert_same_places("CCITT G4 against JPEG", &words, native);

    // Grey pixels (Flate) stored sideways, drawn plainly on a /Rotate 90
    // page: pira turns them upright before OCR.
    let mut sideways = Vec::with_capacity(w * h);
    for y in 0..w {
        for x in 0..h {
            sideways.push(pixels[x * w + (w - 1 - y)]);
        }
    }
    let mut grey = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => h as i64, "Height" => w as i64,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        sideways,
    );
    grey.compress().expect("compresses");
    let flate = one_image_pdf(
        grey,
        (ph, pw),
        Some(90),
        &format!("q {ph} 0 0 {pw} 0 0 cm /Im1 Do Q"),
    );
    let (words, source) = ocr_one(&flate, &engine, ImageChoice::Auto);
    assert_eq!(source.describe(), "embedded grey image 300 dpi");
    assert_same_places("turned grey pixels against JPEG", &words, native);
}

/// A searchable scan's text layer is checked against pira's own OCR of
/// the page image: every field the two read differently carries
/// `readings-differ`, and only such fields may differ from the text
/// layer's records (they take pira's reading unless its OCR doubted it).
#[test]
fn searchable_scans_are_checked_against_a_second_reading() {
    if !tools_present() {
        return;
    }
    let bytes = std::fs::read(scan_path()).expect("the committed scan");
    let input = Input::from_bytes("scan.pdf", bytes);
    let checked = extract(&input, &Options::default()).expect("checked");
    let trusted = extract(
        &input,
        &Options {
            trust_text_layer: true,
            ..Options::default()
        },
    )
    .expect("trusted");
    let differ = |r: &pira::Report| -> Vec<pira::model::Warning> {
        r.warnings
            .iter()
            .filter(|w| w.code == pira::model::WarningCode::ReadingsDiffer)
            .cloned()
            .collect()
    };
    assert_eq!(checked.source.page_routes[0].route, Route::TextLayer);
    assert!(differ(&trusted).is_empty());
    let found = differ(&checked);
    assert!(!found.is_empty(), "the scan's text layer has OCR slips");
    for w in &found {
        assert!(w.objective_code.is_some() && w.field.is_some() && w.page.is_some());
        assert!(w.message.contains("the text layer gives"), "{}", w.message);
        assert!(
            w.message.contains("pira's OCR of the page image"),
            "{}",
            w.message
        );
    }
    // Field by field, the checked records differ from the trusted ones only
    // where a warning says so.
    let flagged = |code: &str, number: Option<u32>, field: &str| {
        found.iter().any(|w| {
            w.objective_code.as_deref() == Some(code)
                && w.indicator_number == number
                && w.field.is_some_and(|f| f.name() == field)
        })
    };
    let as_json = |r: &pira::Report| serde_json::to_value(&r.objectives).expect("JSON");
    let (a, b) = (as_json(&trusted), as_json(&checked));
    for (oa, ob) in a.as_array().unwrap().iter().zip(b.as_array().unwrap()) {
        let code = oa["code"].as_str().unwrap();
        for (field, value) in oa.as_object().unwrap() {
            if field != "indicators" && ob[field] != *value {
                // The total follows the resource lines' reading.
                let field = if field == "resources_total" {
                    "resources"
                } else {
                    field
                };
                assert!(
                    flagged(code, None, field),
                    "{code} {field} changed unflagged"
                );
            }
        }
        let pairs = oa["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .zip(ob["indicators"].as_array().unwrap());
        for (ia, ib) in pairs {
            let number = ia["number"].as_u64().map(|n| n as u32);
            for (field, value) in ia.as_object().unwrap() {
                let base = field.trim_end_matches("_value");
                let judged = matches!(field.as_str(), "achieved" | "value_kind");
                if ib[field] != *value && !judged {
                    let base = if base == "kind" { "type" } else { base };
                    assert!(
                        flagged(code, number, base),
                        "{code} #{number:?} {field} changed unflagged"
                    );
                }
            }
        }
    }
    // And the check reads the scan better than its text layer alone.
    let gold_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/generated")
        .join(format!("{STEM}.gold.json"));
    let gold: serde_json::Value =
        serde_json::from_slice(&std::fs::read(gold_path).expect("gold")).expect("gold JSON");
    let with = score(&gold, &serde_json::to_value(&checked).expect("JSON"));
    let without = score(&gold, &serde_json::to_value(&trusted).expect("JSON"));
    assert!(
        with.right >= without.right,
        "{:?} vs {:?}",
        with.misses,
        without.misses
    );
}

/// When pira cannot OCR a searchable scan (here: language data that does
/// not exist), the report says its text layer stands unchecked.
#[test]
fn a_text_layer_that_cannot_be_checked_says_so() {
    let bytes = std::fs::read(scan_path()).expect("the committed scan");
    let input = Input::from_bytes("scan.pdf", bytes);
    let unchecked = |options: &Options| -> Vec<pira::model::Warning> {
        let report = extract(&input, options).expect("the text layer is read");
        report
            .warnings
            .into_iter()
            .filter(|w| w.code == pira::model::WarningCode::TextLayerUnchecked)
            .collect()
    };
    let no_language = Options {
        lang: Some("qqq".into()),
        ..Options::default()
    };
    let found = unchecked(&no_language);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].page, Some(1));
    assert!(
        found[0].message.contains("tesseract-ocr"),
        "{}",
        found[0].message
    );
    let trusted = Options {
        trust_text_layer: true,
        ..no_language
    };
    assert!(unchecked(&trusted).is_empty(), "no check asked for");
}

/// A searchable scan's pages are scans (images under invisible text); a
/// born-digital report's are not, so nothing is read again from them.
#[test]
fn scan_pages_are_told_from_born_digital_ones() {
    let read =
        |path: &Path| pira::read::pdf::read(&std::fs::read(path).expect("fixture")).expect("PDF");
    let scan = read(&scan_path());
    assert!(scan.pages.iter().all(|p| p.scanned));
    let born = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/generated/gen_s1_01_brescia_2023_consuntivo.pdf");
    let born = read(&born);
    assert!(!born.pages.is_empty() && born.pages.iter().all(|p| !p.scanned));
}
