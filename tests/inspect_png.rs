//! `pira inspect --png`, run as a user runs it: the page image pdftoppm
//! renders, with the geometry the library itself reports drawn over it.
//!
//! Needs poppler-utils (pdftoppm; `.ci/run` installs it): without it the
//! drawing test is skipped locally and fails under `CI=true`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use image::{Rgb, RgbImage};
use pira::inspect::{png, view_page, PageOverlay};
use pira::read::BBox;
use pira::{Input, Options};

const PDF: &str = "fixtures/generated/gen_s1_01_brescia_2023_consuntivo.pdf";

struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn pira(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("pira runs");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn pdftoppm_present() -> bool {
    let present = Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !present && std::env::var_os("CI").is_some() {
        panic!("the --png test needs the Debian package poppler-utils");
    }
    if !present {
        eprintln!("skipped: pdftoppm not installed");
    }
    present
}

fn fixture() -> Input {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PDF);
    let bytes = std::fs::read(&path).expect("the committed fixture");
    Input::from_bytes("fixture.pdf", bytes)
}

/// A page with an indicator table whose fields got a warning.
fn page_with_a_warning() -> u32 {
    let report = pira::extract(&fixture(), &Options::default()).expect("the fixture converts");
    report
        .warnings
        .iter()
        .find(|w| w.field.is_some_and(|f| f.name() == "achieved"))
        .and_then(|w| w.page)
        .expect("a warning on an indicator's actual value")
}

fn out_png(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("page.png")
}

/// Along a box's top and bottom edges (a parallelogram on a skewed page),
/// drawn `pad` pixels outside: how many columns show the colour within a
/// pixel, of how many.
fn edge_hits(
    image: &RgbImage,
    scale: &png::Scale,
    b: BBox,
    colour: Rgb<u8>,
    pad: f32,
) -> (usize, usize) {
    let (mut hits, mut total) = (0, 0);
    let (left, _) = scale.pixel(b.x0, b.y0);
    let (right, _) = scale.pixel(b.x1, b.y0);
    for x in (left.ceil() as u32 + 1)..(right.floor() as u32).saturating_sub(1) {
        let pt = x as f32 / scale.pixel(1.0, 0.0).0;
        for (y_pt, out) in [(b.y0, -pad), (b.y1, pad)] {
            let (_, y) = scale.pixel(pt, y_pt);
            let y = y + out;
            total += 1;
            let near = (y.round() as i64 - 1..=y.round() as i64 + 1).any(|y| {
                u32::try_from(y)
                    .ok()
                    .and_then(|y| image.get_pixel_checked(x, y))
                    == Some(&colour)
            });
            hits += usize::from(near);
        }
    }
    (hits, total)
}

#[test]
fn draws_the_page_with_words_cells_and_warned_words() {
    if !pdftoppm_present() {
        return;
    }
    let page = page_with_a_warning();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = out_png(&dir);
    let n = page.to_string();
    let run = pira(&[
        "inspect",
        PDF,
        "--page",
        &n,
        "--png",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("== page {page} of ")),
        "{}",
        run.stdout
    );
    let image = image::open(&out).expect("a PNG").to_rgb8();
    let overlay: PageOverlay = view_page(&fixture(), &Options::default(), page)
        .expect("the page")
        .overlay;

    // The page at the chosen resolution, the legend strip below it.
    let dpi = png::DPI as f32 / 72.0;
    let (w, h) = (overlay.width * dpi, overlay.height * dpi);
    assert!(
        (image.width() as f32 - w).abs() <= 1.0,
        "{} vs {w}",
        image.width()
    );
    let page_height = image.height() - png::LEGEND_HEIGHT;
    assert!(
        (page_height as f32 - h).abs() <= 1.0,
        "{page_height} vs {h}"
    );
    let scale = png::Scale::new(&overlay, image.width(), page_height);

    // Every table cell is outlined in the cell colour where the library
    // says it is (the name tags cover a little of the top edges).
    assert!(!overlay.cells.is_empty());
    for cell in &overlay.cells {
        let (hits, total) = edge_hits(&image, &scale, cell.bbox, png::CELL, png::PAD);
        assert!(hits * 10 >= total * 7, "{}: {hits} of {total}", cell.field);
    }
    // Most word boxes show their grey outline (cells and fields are drawn
    // over some of them).
    let shown = overlay
        .words
        .iter()
        .filter(|b| {
            let (hits, total) = edge_hits(&image, &scale, **b, png::WORD, 0.0);
            total > 0 && hits * 2 >= total
        })
        .count();
    assert!(
        shown * 10 >= overlay.words.len() * 9,
        "{shown} of {}",
        overlay.words.len()
    );
    // The words of the field with a warning are tinted red.
    assert!(!overlay.warned.is_empty());
    for b in &overlay.warned {
        let (x, y) = scale.pixel((b.x0 + b.x1) / 2.0, b.y_mid());
        let reddish = (-2..=2).any(|dx: i64| {
            let p = image.get_pixel((x as i64 + dx) as u32, y as u32);
            p[0] > 200 && i32::from(p[0]) - i32::from(p[1]) > 50
        });
        assert!(reddish, "no red at {x},{y}");
    }
}

#[test]
fn a_text_input_gets_the_annotated_text_and_a_note() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = out_png(&dir);
    let sample = common::sample_path();
    let run = pira(&[
        "inspect",
        &sample.to_string_lossy(),
        "--page",
        "4",
        "--png",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("== page 4 of 32"), "{}", run.stdout);
    assert!(
        run.stdout.contains("indicator 1 table header"),
        "{}",
        run.stdout
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].contains("no page image"), "{}", lines[0]);
    assert!(!out.exists(), "no image for a text input");
}

#[test]
fn a_page_the_document_lacks_is_a_one_line_usage_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = out_png(&dir);
    for args in [
        vec![
            "inspect",
            PDF,
            "--page",
            "99",
            "--png",
            &out.to_string_lossy(),
        ],
        vec!["inspect", PDF, "--page", "0"],
    ] {
        let run = pira(&args);
        assert_eq!(run.status, Some(2), "{args:?}: {}", run.stderr);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{}", run.stderr);
        assert!(
            lines[0].starts_with("gen_s1_01_brescia_2023_consuntivo.pdf: no page "),
            "{}",
            lines[0]
        );
        assert!(
            lines[0].ends_with("the document has 10 pages"),
            "{}",
            lines[0]
        );
        assert!(run.stdout.is_empty());
        assert!(!out.exists());
    }
}
