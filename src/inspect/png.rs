//! Draws a [`PageOverlay`] over the page's image, rendered by pdftoppm:
//! word boxes, a baseline per line, the label column, the regions of
//! fields and table cells with their names, corrected and warned words,
//! and a legend in a strip below the page.
//!
//! The names are set in DejaVu Sans Condensed (a Latin subset, bundled:
//! see `assets/`).

use std::path::Path;

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageFormat, Rgb, RgbImage};

use super::overlay::{PageOverlay, Tag};
use crate::error::{Error, ErrorKind, Result};
use crate::read::{ocr, Axis, BBox, Rule};
use crate::write::atomic::write_atomic;

/// Resolution the page is rendered at.
pub const DPI: u32 = 120;

/// Word boxes.
pub const WORD: Rgb<u8> = Rgb([150, 150, 150]);
/// The baseline under each line.
pub const LINE: Rgb<u8> = Rgb([0, 170, 200]);
/// The label column (filled).
pub const LABEL: Rgb<u8> = Rgb([150, 60, 210]);
/// Lines that became one field.
pub const FIELD: Rgb<u8> = Rgb([20, 140, 50]);
/// Table cells.
pub const CELL: Rgb<u8> = Rgb([30, 80, 230]);
/// Ruling lines found on the page.
pub const RULE: Rgb<u8> = Rgb([220, 0, 150]);
/// The cells those rules make (filled, alternately).
pub const RULED_CELL: Rgb<u8> = Rgb([255, 200, 0]);
/// Words a correction changed (filled).
pub const CORRECTED: Rgb<u8> = Rgb([255, 140, 0]);
/// Words of a field with a warning (filled).
pub const WARNED: Rgb<u8> = Rgb([230, 20, 20]);

const WHITE: Rgb<u8> = Rgb([255, 255, 255]);
const BLACK: Rgb<u8> = Rgb([0, 0, 0]);
const FONT: &[u8] = include_bytes!("../../assets/DejaVuSansCondensed-subset.ttf");
/// Size of the names, in pixels.
const TAG_PX: f32 = 11.0;
const LEGEND_PX: f32 = 13.0;
/// Fields, cells and baselines are drawn this many pixels outside their
/// words, so that the words' own boxes stay visible.
pub const PAD: f32 = 2.0;
const LEGEND_ROW: u32 = 20;
/// Height of the legend strip below the page: three rows, enough for any
/// page wider than about 500 pixels (a legend that does not fit is cut).
pub const LEGEND_HEIGHT: u32 = 3 * LEGEND_ROW + 6;

/// Renders the overlay's page from `pdf`, draws the overlay on it and
/// writes the PNG to `out` atomically.
pub fn write(overlay: &PageOverlay, pdf: &[u8], out: &Path) -> Result<()> {
    let images = crate::read::pdf::PdfImages::load(pdf)?;
    let budget = crate::read::DEFAULT_MAX_PIXELS;
    crate::read::check_page_pixels(&images, overlay.page, DPI, budget)?;
    let rendered = ocr::page_image(pdf, overlay.page, DPI)?;
    let page = image::load_from_memory_with_format(&rendered, ImageFormat::Png)
        .map_err(|e| failed(format!("cannot decode the rendered page: {e}")))?
        .to_rgb8();
    let drawn = draw(overlay, &page)?;
    let mut bytes = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, FilterType::Adaptive);
    drawn
        .write_with_encoder(encoder)
        .map_err(|e| failed(format!("cannot encode the PNG: {e}")))?;
    write_atomic(out, &bytes).map_err(|e| failed(e.to_string()))
}

fn failed(detail: String) -> Error {
    Error::new(ErrorKind::PageImage { detail })
}

/// How the overlay's points map to the pixels of a page image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    sx: f32,
    sy: f32,
    skew: f32,
}

impl Scale {
    /// For the overlay's page shown `width` × `height` pixels large.
    pub fn new(overlay: &PageOverlay, width: u32, height: u32) -> Scale {
        Scale {
            sx: width as f32 / overlay.width.max(1.0),
            sy: height as f32 / overlay.height.max(1.0),
            skew: overlay.skew,
        }
    }

    /// The pixel where the overlay's point (x, y) is drawn.
    pub fn pixel(&self, x: f32, y: f32) -> (f32, f32) {
        (x * self.sx, (y + self.skew * x) * self.sy)
    }
}

/// The page image with the overlay drawn on it, and the legend below.
pub fn draw(overlay: &PageOverlay, page: &RgbImage) -> Result<RgbImage> {
    let font = FontRef::try_from_slice(FONT)
        .map_err(|e| failed(format!("the bundled font does not load: {e}")))?;
    let legend = legend_layout(&font, page.width());
    let mut image = RgbImage::from_pixel(page.width(), page.height() + LEGEND_HEIGHT, WHITE);
    image::imageops::replace(&mut image, page, 0, 0);
    let mut canvas = Canvas {
        image,
        scale: Scale::new(overlay, page.width(), page.height()),
        font,
    };
    for (i, b) in overlay.ruled_cells.iter().enumerate() {
        canvas.fill(*b, RULED_CELL, if i % 2 == 0 { 0.22 } else { 0.12 });
    }
    for r in &overlay.rules {
        canvas.rule(r, RULE);
    }
    for b in &overlay.words {
        canvas.outline(*b, WORD, 0.0);
    }
    for b in &overlay.lines {
        canvas.baseline(*b, LINE);
    }
    for b in &overlay.labels {
        canvas.fill(*b, LABEL, 0.3);
    }
    for b in &overlay.corrected {
        canvas.fill(*b, CORRECTED, 0.45);
    }
    for b in &overlay.warned {
        canvas.fill(*b, WARNED, 0.4);
    }
    for t in &overlay.fields {
        canvas.outline(t.bbox, FIELD, PAD);
    }
    for t in &overlay.cells {
        canvas.outline(t.bbox, CELL, PAD);
    }
    for t in &overlay.fields {
        canvas.tag(t, FIELD);
    }
    for t in &overlay.cells {
        canvas.tag(t, CELL);
    }
    canvas.legend(&legend, page.height(), overlay.page);
    Ok(canvas.image)
}

/// What the legend shows: a swatch drawn as the overlay draws it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Swatch {
    Outline,
    Baseline,
    Fill,
}

const LEGEND: [(Rgb<u8>, Swatch, &str); 9] = [
    (RULE, Swatch::Baseline, "ruling line"),
    (RULED_CELL, Swatch::Fill, "ruled cell"),
    (WORD, Swatch::Outline, "word"),
    (LINE, Swatch::Baseline, "line"),
    (LABEL, Swatch::Fill, "label column"),
    (FIELD, Swatch::Outline, "field (its lines)"),
    (CELL, Swatch::Outline, "table cell"),
    (CORRECTED, Swatch::Fill, "corrected word"),
    (WARNED, Swatch::Fill, "field with a warning"),
];

/// One legend entry placed: its row and left edge.
#[derive(Debug, Clone, Copy)]
struct Placed {
    entry: usize,
    row: u32,
    x: f32,
}

/// The legend entries flowed into rows that fit `width` pixels, after the
/// page number.
fn legend_layout(font: &FontRef, width: u32) -> Vec<Placed> {
    let start = 8.0 + text_width(font, LEGEND_PX, "page 0000") + 16.0;
    let (mut row, mut x) = (0, start);
    let mut placed = Vec::new();
    for (entry, (_, _, name)) in LEGEND.iter().enumerate() {
        let w = 18.0 + text_width(font, LEGEND_PX, name) + 16.0;
        if x + w > width as f32 && x > start {
            row += 1;
            x = start;
        }
        placed.push(Placed { entry, row, x });
        x += w;
    }
    placed
}

fn text_width(font: &FontRef, px: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    text.chars()
        .map(|c| scaled.h_advance(scaled.glyph_id(c)))
        .sum()
}

/// The image being drawn on, and how points map to its pixels.
struct Canvas<'f> {
    image: RgbImage,
    scale: Scale,
    font: FontRef<'f>,
}

impl Canvas<'_> {
    /// Mixes `colour` into the pixel at (x, y) by `alpha` (0..=1).
    fn blend(&mut self, x: i64, y: i64, colour: Rgb<u8>, alpha: f32) {
        let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) else {
            return;
        };
        let Some(p) = self.image.get_pixel_mut_checked(x, y) else {
            return;
        };
        let a = alpha.clamp(0.0, 1.0);
        for (c, new) in p.0.iter_mut().zip(colour.0) {
            *c = (f32::from(*c) * (1.0 - a) + f32::from(new) * a).round() as u8;
        }
    }

    /// A one-pixel line between two pixel positions.
    fn segment(&mut self, from: (f32, f32), to: (f32, f32), colour: Rgb<u8>) {
        let steps = (to.0 - from.0)
            .abs()
            .max((to.1 - from.1).abs())
            .ceil()
            .max(1.0);
        for i in 0..=steps as i64 {
            let t = i as f32 / steps;
            let x = from.0 + (to.0 - from.0) * t;
            let y = from.1 + (to.1 - from.1) * t;
            self.blend(x.round() as i64, y.round() as i64, colour, 1.0);
        }
    }

    /// A box's outline (a parallelogram on a skewed page), `pad` pixels
    /// outside it.
    fn outline(&mut self, b: BBox, colour: Rgb<u8>, pad: f32) {
        let s = self.scale;
        let at = |x, y, dx, dy| {
            let (px, py) = s.pixel(x, y);
            (px + dx * pad, py + dy * pad)
        };
        let corners = [
            at(b.x0, b.y0, -1.0, -1.0),
            at(b.x1, b.y0, 1.0, -1.0),
            at(b.x1, b.y1, 1.0, 1.0),
            at(b.x0, b.y1, -1.0, 1.0),
        ];
        for i in 0..4 {
            self.segment(corners[i], corners[(i + 1) % 4], colour);
        }
    }

    /// A ruling line, two pixels thick.
    fn rule(&mut self, r: &Rule, colour: Rgb<u8>) {
        let s = self.scale;
        let (from, to) = match r.axis {
            Axis::Horizontal => (s.pixel(r.from, r.at), s.pixel(r.to, r.at)),
            Axis::Vertical => (s.pixel(r.at, r.from), s.pixel(r.at, r.to)),
        };
        let (dx, dy) = match r.axis {
            Axis::Horizontal => (0.0, 1.0),
            Axis::Vertical => (1.0, 0.0),
        };
        self.segment(from, to, colour);
        self.segment((from.0 + dx, from.1 + dy), (to.0 + dx, to.1 + dy), colour);
    }

    /// A line just under the box.
    fn baseline(&mut self, b: BBox, colour: Rgb<u8>) {
        let s = self.scale;
        let under = |(x, y): (f32, f32)| (x, y + PAD);
        let (from, to) = (s.pixel(b.x0, b.y1), s.pixel(b.x1, b.y1));
        self.segment(under(from), under(to), colour);
    }

    /// A box filled with `colour` mixed in by `alpha`.
    fn fill(&mut self, b: BBox, colour: Rgb<u8>, alpha: f32) {
        let s = self.scale;
        let (left, _) = s.pixel(b.x0, b.y0);
        let (right, _) = s.pixel(b.x1, b.y0);
        for px in left.floor() as i64..right.ceil() as i64 {
            let x = (px as f32 + 0.5) / s.sx;
            let (_, top) = s.pixel(x, b.y0);
            let (_, bottom) = s.pixel(x, b.y1);
            for py in top.round() as i64..bottom.round().max(top.round() + 1.0) as i64 {
                self.blend(px, py, colour, alpha);
            }
        }
    }

    /// Text whose top-left corner is at the pixel (x, y).
    fn text(&mut self, x: f32, y: f32, px: f32, text: &str, colour: Rgb<u8>) {
        let font = self.font.clone();
        let scaled = font.as_scaled(PxScale::from(px));
        let baseline = y + scaled.ascent();
        let mut caret = x;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            let glyph = id.with_scale_and_position(px, point(caret, baseline));
            caret += scaled.h_advance(id);
            let Some(outlined) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let x = bounds.min.x as i64 + i64::from(gx);
                let y = bounds.min.y as i64 + i64::from(gy);
                self.blend(x, y, colour, coverage);
            });
        }
    }

    /// A region's name on a label of its colour, sitting on the region's
    /// top-left corner.
    fn tag(&mut self, t: &Tag, colour: Rgb<u8>) {
        let (x, y) = self.scale.pixel(t.bbox.x0, t.bbox.y0);
        let (x, y) = (x - PAD, y - PAD);
        let name = t.field.to_string();
        let w = text_width(&self.font, TAG_PX, &name) + 4.0;
        let h = TAG_PX + 2.0;
        let x = x.min(self.image.width() as f32 - w).max(0.0);
        let y = (y - h).max(0.0);
        for py in y as i64..(y + h) as i64 {
            for px in x as i64..(x + w) as i64 {
                self.blend(px, py, colour, 0.8);
            }
        }
        self.text(x + 2.0, y + 1.0, TAG_PX, &name, WHITE);
    }

    /// The legend in the strip below the page.
    fn legend(&mut self, placed: &[Placed], top: u32, page: u32) {
        let top = top as f32 + 5.0;
        self.text(8.0, top, LEGEND_PX, &format!("page {page}"), BLACK);
        for p in placed {
            let (colour, swatch, name) = LEGEND[p.entry];
            let y = top + (p.row * LEGEND_ROW) as f32;
            let (x0, y0, x1, y1) = (p.x, y + 2.0, p.x + 14.0, y + 12.0);
            match swatch {
                Swatch::Outline => {
                    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
                    for i in 0..4 {
                        self.segment(corners[i], corners[(i + 1) % 4], colour);
                    }
                }
                Swatch::Baseline => self.segment((x0, y1), (x1, y1), colour),
                Swatch::Fill => {
                    for py in y0 as i64..y1 as i64 {
                        for px in x0 as i64..x1 as i64 {
                            self.blend(px, py, colour, 0.6);
                        }
                    }
                }
            }
            self.text(x1 + 4.0, y, LEGEND_PX, name, BLACK);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlay() -> PageOverlay {
        PageOverlay {
            page: 1,
            width: 200.0,
            height: 100.0,
            cells: vec![Tag {
                bbox: BBox {
                    x0: 50.0,
                    y0: 40.0,
                    x1: 150.0,
                    y1: 80.0,
                },
                objective: None,
                field: crate::model::FieldPath::cell(1, crate::model::Column::Target),
            }],
            ..PageOverlay::default()
        }
    }

    #[test]
    fn draws_cells_at_scale_with_a_legend_below() {
        let page = RgbImage::from_pixel(400, 200, WHITE);
        let drawn = draw(&overlay(), &page).expect("draws");
        assert_eq!(drawn.width(), 400);
        assert_eq!(
            drawn.height(),
            200 + LEGEND_HEIGHT,
            "a legend strip below the page"
        );
        // The cell's bottom edge, at twice the points (y = 160 px), drawn
        // PAD pixels outside.
        let y = 160 + PAD as u32;
        let on_edge = (100..300)
            .filter(|&x| drawn.get_pixel(x, y) == &CELL)
            .count();
        assert!(on_edge > 190, "{on_edge} pixels of the bottom edge");
        // Its name sits above the top edge, in white on the cell colour.
        let tag = (100..200).any(|x| (64..78).any(|y| drawn.get_pixel(x, y) == &WHITE));
        let ground = (100..200).any(|x| (64..78).any(|y| drawn.get_pixel(x, y) != &WHITE));
        assert!(tag && ground, "a name tag above the cell");
        // The legend strip is not blank.
        let strip = (0..400).any(|x| drawn.get_pixel(x, 210) != &WHITE);
        assert!(strip);
    }

    #[test]
    fn draws_ruling_lines_and_the_cells_they_make() {
        let mut o = overlay();
        o.cells.clear();
        o.rules = vec![Rule {
            axis: Axis::Vertical,
            at: 100.0,
            from: 10.0,
            to: 90.0,
        }];
        o.ruled_cells = vec![BBox {
            x0: 20.0,
            y0: 20.0,
            x1: 60.0,
            y1: 60.0,
        }];
        let drawn = draw(&o, &RgbImage::from_pixel(400, 200, WHITE)).expect("draws");
        let on_rule = (20..180)
            .filter(|&y| drawn.get_pixel(200, y) == &RULE)
            .count();
        assert!(on_rule > 150, "{on_rule} pixels of the rule");
        let tinted = drawn.get_pixel(80, 80);
        assert!(
            tinted != &WHITE && tinted.0[2] < 255,
            "the ruled cell is filled"
        );
        assert_eq!(drawn.get_pixel(160, 80), &WHITE, "outside it is not");
    }

    #[test]
    fn skew_moves_the_right_end_down() {
        let mut o = overlay();
        o.skew = 0.01;
        let s = Scale::new(&o, 400, 200);
        assert_eq!(s.pixel(0.0, 10.0), (0.0, 20.0));
        let (x, y) = s.pixel(100.0, 10.0);
        assert!(
            (x - 200.0).abs() < 1e-3 && (y - 22.0).abs() < 1e-3,
            "{x} {y}"
        );
    }
}
