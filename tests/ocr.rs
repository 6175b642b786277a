//! The OCR path end to end with real Tesseract: an image-only PDF (a page
//! image and no text layer, as a plain scanner writes it) goes through page
//! triage, pdftoppm and `tesseract -l ita`, then the same chain as text.
//!
//! Needs poppler-utils, tesseract-ocr and tesseract-ocr-ita (`.ci/run`
//! installs them); without them the tests are skipped locally and fail
//! under `CI=true`.

mod common;

use std::path::Path;
use std::process::Command;

use common::score::score;
use lopdf::{dictionary, Document, Object, Stream};
use pira::model::{InputFormat, Route};
use pira::read::OcrMode;
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

/// The committed scan's page as a JPEG inside a PDF with no text at all.
fn image_only_pdf(dir: &Path) -> Vec<u8> {
    let scan = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/generated")
        .join(format!("{STEM}.pdf"));
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-jpeg", "-singlefile"])
        .arg(&scan)
        .arg(&prefix)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "pdftoppm renders the scan"
    );
    let jpeg = std::fs::read(prefix.with_extension("jpg")).expect("the rendered page");
    let (w, h, components) = jpeg_frame(&jpeg).expect("a JPEG with a frame header");
    let colour = if components == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => colour, "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpeg,
    );
    let image_id = doc.add_object(image);
    let (pw, ph) = (842.0, 595.0);
    let content = format!("q {pw} 0 0 {ph} 0 0 cm /Im1 Do Q");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(pw), Object::Real(ph)],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        "Contents" => content_id,
    });
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
    let pdf = image_only_pdf(tmp.path());
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
    assert!(
        report.source.page_routes[0]
            .reason
            .contains("no text layer"),
        "{:?}",
        report.source.page_routes
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
