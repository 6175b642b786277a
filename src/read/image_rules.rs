//! The ruling lines of a scanned page, from the image OCR read it from:
//! long horizontal and vertical runs of dark pixels. A scan stands a
//! little askew, so a pixel counts as dark when it or a neighbour across
//! the run is: a rule drifting one pixel in a hundred still gives runs of
//! several hundred pixels, which the layout joins into whole rules after
//! taking the page's skew out.

use std::path::Path;

use super::{Axis, Rule, Word};

/// An 8-bit grey image.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Gray {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) pixels: Vec<u8>,
}

impl Gray {
    /// A binary PGM (P5, maxval 255) as pdftoppm writes it, copied.
    #[cfg(test)]
    pub(crate) fn parse(bytes: &[u8]) -> Option<Gray> {
        let (width, height, at) = pgm_header(bytes)?;
        let pixels = bytes.get(at..)?.get(..width.checked_mul(height)?)?.to_vec();
        Some(Gray {
            width,
            height,
            pixels,
        })
    }
}

/// A binary PGM's width, height and where its pixels start; `None` for
/// any other file.
fn pgm_header(bytes: &[u8]) -> Option<(usize, usize, usize)> {
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
        fields.push(std::str::from_utf8(bytes.get(start..at)?).ok()?);
    }
    let (width, height): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    (fields[0] == "P5" && fields[3] == "255").then_some((width, height, at + 1))
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

/// Darker than this is ink of a rule (a scan blurs thin rules to grey).
const DARK: u8 = 200;
/// Runs shorter than this share of the image's smaller side are strokes
/// of glyphs, not rules (5 mm of an A4 page).
const MIN_SHARE: f32 = 0.025;
/// Pixels either side across a run that still count for it.
const DRIFT: usize = 1;
/// Rules kept at most per page.
const MAX_RULES: usize = 20_000;

/// The rules of the PGM rendering at `path`, made at `dpi`, in points;
/// none when it cannot be read.
pub fn from_render(path: &Path, dpi: u32) -> Vec<Rule> {
    read_gray(path)
        .map(|gray| rules(&gray, dpi))
        .unwrap_or_default()
}

/// Bytes read ahead for a PGM's header (pdftoppm's is under 20).
const PGM_HEAD: u64 = 256;

/// The PGM rendering at `path` (P5, maxval 255, as pdftoppm writes it);
/// None when it cannot be read. The pixels are read straight into the
/// image, not into a copy of the file then moved past its header: a page
/// at 300 dpi is 8.7 MB, read by each stage that looks at it.
pub(crate) fn read_gray(path: &Path) -> Option<Gray> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = Vec::new();
    (&mut file).take(PGM_HEAD).read_to_end(&mut head).ok()?;
    let (width, height, at) = pgm_header(&head)?;
    let size = width.checked_mul(height)?;
    let mut pixels = Vec::with_capacity(size);
    let early = head.get(at..).unwrap_or_default();
    pixels.extend_from_slice(&early[..early.len().min(size)]);
    let rest = (size - pixels.len()) as u64;
    file.take(rest).read_to_end(&mut pixels).ok()?;
    (pixels.len() == size).then_some(Gray {
        width,
        height,
        pixels,
    })
}

/// The long dark runs of an image, in points.
pub(crate) fn rules(gray: &Gray, dpi: u32) -> Vec<Rule> {
    let (w, h) = (gray.width, gray.height);
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let k = 72.0 / dpi.max(1) as f32;
    let min_run = ((MIN_SHARE * w.min(h) as f32) as usize).max(8);
    let dark = DarkBits::of(gray);
    let rule = |axis, at: usize, (start, end): (usize, usize)| Rule {
        axis,
        at: (at as f32 + 0.5) * k,
        from: start as f32 * k,
        to: end as f32 * k,
    };
    let long = |run: &(usize, usize)| run.1 - run.0 >= min_run;
    let mut out = Vec::new();
    let mut across = vec![0u64; dark.words];
    for y in 0..h {
        // A pixel is dark for the run when it or one within DRIFT rows is.
        across.fill(0);
        for near in y.saturating_sub(DRIFT)..(y + DRIFT + 1).min(h) {
            for (a, b) in across.iter_mut().zip(dark.row(near)) {
                *a |= b;
            }
        }
        let runs = bit_runs(&across).into_iter().filter(long);
        out.extend(runs.map(|run| rule(Axis::Horizontal, y, run)));
    }
    let runs = vertical_runs(&dark)
        .into_iter()
        .filter(|(_, run)| long(run));
    out.extend(runs.map(|(x, run)| rule(Axis::Vertical, x, run)));
    thin_out(out)
}

/// An image's dark pixels, a bit each: row after row, each row in whole
/// 64-bit words, the bits past the image's width clear.
struct DarkBits {
    width: usize,
    height: usize,
    /// Words a row takes.
    words: usize,
    bits: Vec<u64>,
}

impl DarkBits {
    fn of(gray: &Gray) -> DarkBits {
        let words = gray.width.div_ceil(64);
        let mut bits = vec![0u64; words * gray.height];
        let rows = gray.pixels.chunks_exact(gray.width.max(1));
        for (pixels, row) in rows.zip(bits.chunks_exact_mut(words.max(1))) {
            for (chunk, word) in pixels.chunks(64).zip(row.iter_mut()) {
                *word = dark_bits(chunk);
            }
        }
        DarkBits {
            width: gray.width,
            height: gray.height,
            words,
            bits,
        }
    }

    fn row(&self, y: usize) -> &[u64] {
        &self.bits[y * self.words..(y + 1) * self.words]
    }

    /// Row `y` with each dark pixel widened by DRIFT pixels either side.
    fn widened_row(&self, y: usize, out: &mut [u64]) {
        out.copy_from_slice(self.row(y));
        for _ in 0..DRIFT {
            let mut before = 0u64;
            for i in 0..out.len() {
                let (word, after) = (out[i], out.get(i + 1).copied().unwrap_or(0));
                out[i] |= (word << 1) | (before >> 63) | (word >> 1) | (after << 63);
                before = word;
            }
        }
        if !self.width.is_multiple_of(64) {
            if let Some(last) = out.last_mut() {
                *last &= (1u64 << (self.width % 64)) - 1;
            }
        }
    }
}

/// Up to 64 pixels' darkness, a bit each (pixel i at bit i).
fn dark_bits(pixels: &[u8]) -> u64 {
    let mut eights = pixels.chunks_exact(8);
    let mut word = 0;
    for (k, eight) in eights.by_ref().enumerate() {
        let lanes = u64::from_le_bytes(eight.try_into().unwrap_or([u8::MAX; 8]));
        word |= u64::from(dark_lanes(lanes)) << (8 * k);
    }
    let rest = eights.remainder();
    if !rest.is_empty() {
        // The pixels past the row's end count as white.
        let mut lanes = [u8::MAX; 8];
        lanes[..rest.len()].copy_from_slice(rest);
        word |= u64::from(dark_lanes(u64::from_le_bytes(lanes))) << (pixels.len() - rest.len());
    }
    word
}

/// Bit i set where byte i of `lanes` is darker than DARK, eight bytes at
/// once: a byte is DARK or lighter when its top bit is set and adding
/// 256 - DARK to its other seven bits carries into the top bit.
fn dark_lanes(lanes: u64) -> u8 {
    const _: () = assert!(DARK >= 128, "the carry trick needs DARK >= 128");
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ADD: u64 = (256 - DARK as u64) * 0x0101_0101_0101_0101;
    let light = lanes & ((lanes & LOW) + ADD) & TOP;
    let dark = (!light & TOP) >> 7;
    // Lane k's bit, at 8k, moves to 56 + k; no two products meet.
    (dark.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The `[start, end)` stretches of set bits in a row of bits.
fn bit_runs(bits: &[u64]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut carry = 0u64;
    for (i, &word) in bits.iter().enumerate() {
        // A set bit here: the pixel differs from the one before it.
        let mut edges = word ^ ((word << 1) | carry);
        carry = word >> 63;
        while edges != 0 {
            let bit = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            if word >> bit & 1 == 1 {
                start = i * 64 + bit;
            } else {
                out.push((start, i * 64 + bit));
            }
        }
    }
    if carry == 1 {
        out.push((start, bits.len() * 64));
    }
    out
}

/// The columns' `[start, end)` stretches of dark pixels (each pixel dark
/// when it or one within DRIFT columns is), by column: found row after
/// row, where a column turns dark or light.
fn vertical_runs(dark: &DarkBits) -> Vec<(usize, (usize, usize))> {
    let mut out = Vec::new();
    let mut starts = vec![0usize; dark.words * 64];
    let mut above = vec![0u64; dark.words];
    let mut row = vec![0u64; dark.words];
    for y in 0..=dark.height {
        if y < dark.height {
            dark.widened_row(y, &mut row);
        } else {
            row.fill(0);
        }
        for (i, (&now, &before)) in row.iter().zip(&above).enumerate() {
            let mut changed = now ^ before;
            while changed != 0 {
                let bit = changed.trailing_zeros() as usize;
                changed &= changed - 1;
                let x = i * 64 + bit;
                if now >> bit & 1 == 1 {
                    starts[x] = y;
                } else {
                    out.push((x, (starts[x], y)));
                }
            }
        }
        std::mem::swap(&mut row, &mut above);
    }
    out
}

/// The rules that are no glyph strokes: a run lying along a line of
/// text within one word's box is that word's (a serif font's baselines
/// and bars, blurred together by a scan, make runs as long as a word).
/// A rule runs on past the word, in the runs that continue it (a rule
/// scanned askew comes in pieces); a glyphs' run stops at the blank
/// after the word. A word of bars alone ("|") is no text whose strokes
/// these are but OCR's reading of the rule itself: a table with separate
/// cell borders breaks its vertical rules at each row, and a short row's
/// piece of rule (a header's) lies wholly inside the bar OCR made of it.
pub fn clear_of_words(rules: Vec<Rule>, words: &[Word]) -> Vec<Rule> {
    let text: Vec<&Word> = words.iter().filter(|w| !is_read_rule(&w.text)).collect();
    let strokes: Vec<bool> = rules
        .iter()
        .map(|r| {
            let (from, to) = reach(r, &rules);
            text.iter().any(|w| holds(w, r, from, to))
        })
        .collect();
    rules
        .into_iter()
        .zip(strokes)
        .filter(|(_, stroke)| !stroke)
        .map(|(r, _)| r)
        .collect()
}

/// Whether a word is bars alone ("|", "[", "]"): what OCR makes of a
/// rule, never a glyph long enough to make a run of its own (a run is 5
/// mm or longer, see [`MIN_SHARE`]).
fn is_read_rule(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, '|' | '[' | ']'))
}

/// The widest gap along a rule between two runs that continue each
/// other (points): a table with separate cell borders breaks each rule
/// at every row by the border spacing (2 CSS px, 1.5 pt; a scan's blur
/// moves the ends by a pixel). Glyph strokes make no runs (runs are 5 mm
/// or longer), and a heading's tall stem has no run of a rule a blank
/// this narrow above or below it.
const CONTINUED_GAP: f32 = 2.5;

/// How far along its axis the run `r` goes with the runs that continue
/// it: those within a rule's thickness across that touch it or stop
/// [`CONTINUED_GAP`] short of it, and theirs.
fn reach(r: &Rule, rules: &[Rule]) -> (f32, f32) {
    let (mut from, mut to) = (r.from, r.to);
    loop {
        let (before, after) = (from, to);
        for o in rules
            .iter()
            .filter(|o| o.axis == r.axis && (o.at - r.at).abs() <= 1.5)
        {
            if o.from <= to + CONTINUED_GAP && o.to >= from - CONTINUED_GAP {
                from = from.min(o.from);
                to = to.max(o.to);
            }
        }
        if (from, to) == (before, after) {
            return (from, to);
        }
    }
}

/// Whether a word's box holds the run `r` (across) and all of its reach
/// `from..to` (along), give or take a point. Along a line, the reach may
/// pass the box by a fifth of its height: OCR boxes a word's ink tight,
/// while the halo a scan blurs around a bold face's serifs is dark
/// enough for a run (a header band's bold "Indicatore" ran 1.2 points
/// past its 10-point box).
fn holds(w: &Word, r: &Rule, from: f32, to: f32) -> bool {
    let b = w.bbox;
    match r.axis {
        Axis::Horizontal => {
            let halo = (HALO_SHARE * (b.y1 - b.y0).abs()).max(1.0);
            b.y0 <= r.at && r.at <= b.y1 && b.x0 - halo <= from && to <= b.x1 + halo
        }
        Axis::Vertical => b.x0 <= r.at && r.at <= b.x1 && b.y0 - 1.0 <= from && to <= b.y1 + 1.0,
    }
}

/// How far along a line, as a share of its word's height, a glyph run
/// may pass the word's box (see [`holds`]).
const HALO_SHARE: f32 = 0.2;

/// A thick rule gives a run on each of its pixel rows: runs along one
/// axis whose position across is within a pixel or two and which overlap
/// are one, kept once: at the middle one's position, over all their
/// length. (A skewed rule's runs all start where it starts but end where
/// it drifts out of each pixel row: the middle one alone may be the
/// shortest, and the rule would lose most of its length.)
fn thin_out(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| {
        (a.axis as u8)
            .cmp(&(b.axis as u8))
            .then(a.from.total_cmp(&b.from))
            .then(a.at.total_cmp(&b.at))
    });
    let mut out: Vec<Rule> = Vec::new();
    let mut band: Vec<Rule> = Vec::new();
    for r in rules {
        let joins = band.last().is_some_and(|l| {
            l.axis == r.axis && (r.at - l.at).abs() <= 1.5 && (r.from - l.from).abs() <= 3.0
        });
        if !joins && !band.is_empty() {
            out.push(one_rule(&band));
            band.clear();
        }
        band.push(r);
    }
    if !band.is_empty() {
        out.push(one_rule(&band));
    }
    out.truncate(MAX_RULES);
    out
}

/// The rule a band of runs makes: the middle run's position, from the
/// band's first start to its last end.
fn one_rule(band: &[Rule]) -> Rule {
    let from = band.iter().map(|r| r.from).fold(f32::INFINITY, f32::min);
    let to = band.iter().map(|r| r.to).fold(f32::NEG_INFINITY, f32::max);
    Rule {
        from,
        to,
        ..band[band.len() / 2]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PGM read from its file gives the image a copy of its bytes
    /// does, whatever follows its pixels; a file short of its pixels, or
    /// no PGM, gives none.
    #[test]
    fn a_pgm_read_from_its_file_reads_as_one_copied() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("page.pgm");
        let read = |bytes: &[u8]| {
            std::fs::write(&path, bytes).expect("written");
            read_gray(&path)
        };
        let mut file = b"P5\n3 2\n255\n".to_vec();
        file.extend([0, 10, 20, 30, 40, 50, 99]);
        let taken = read(&file).expect("a PGM");
        assert_eq!(Some(&taken), Gray::parse(&file).as_ref());
        assert_eq!(taken.pixels, [0, 10, 20, 30, 40, 50]);
        assert_eq!((taken.width, taken.height), (3, 2));
        assert!(read(&file[..file.len() - 2]).is_none());
        assert!(read(b"P6\n1 1\n255\n\0\0\0").is_none());
        // Pixels past the bytes read ahead for the header.
        let mut big = b"P5\n300 2\n255\n".to_vec();
        big.extend((0..600).map(|i| (i % 251) as u8));
        let taken = read(&big).expect("a PGM");
        assert_eq!(Some(&taken), Gray::parse(&big).as_ref());
        assert!(read(&big[..big.len() - 1]).is_none());
    }

    /// A white page at 100 dpi with a box drawn 2 pixels thick, its top
    /// edge drifting down one pixel every 100 (a scan's skew), and a word
    /// of short strokes inside.
    fn boxed_page() -> Gray {
        let (w, h) = (400, 300);
        let mut pixels = vec![255u8; w * h];
        let mut ink = |x: usize, y: usize| pixels[y * w + x] = 40;
        for x in 50..350 {
            let drift = (x - 50) / 100;
            for t in 0..2 {
                ink(x, 50 + drift + t);
                ink(x, 250 + t);
            }
        }
        for y in 50..252 {
            for t in 0..2 {
                ink(50 + t, y);
                ink(348 + t, y);
            }
        }
        for x in (100..140).step_by(5) {
            for y in 100..106 {
                ink(x, y);
            }
        }
        Gray {
            width: w,
            height: h,
            pixels,
        }
    }

    /// The runs of a table's left edge on a skewed scan (seen on a page
    /// at 300 dpi): the columns it starts in all start at the table's top
    /// rule, and each ends where the edge leans out of it. They are one
    /// rule, as long as the longest of them: the middle one alone ends
    /// 30 points early, and the table's second and third rows lose their
    /// label cells.
    #[test]
    fn a_leaning_rule_keeps_its_whole_length() {
        let run = |at: f32, from: f32, to: f32| Rule {
            axis: Axis::Vertical,
            at,
            from,
            to,
        };
        let band = vec![
            run(43.32, 81.6, 403.4),
            run(43.56, 81.4, 342.7),
            run(43.8, 81.4, 315.6),
            run(44.04, 81.1, 256.3),
            run(44.28, 81.1, 193.2),
            run(44.52, 81.1, 166.6),
            run(44.76, 81.1, 109.4),
        ];
        let kept = thin_out(band);
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!((kept[0].from, kept[0].to), (81.1, 403.4));
        assert!(kept[0].at > 43.3 && kept[0].at < 44.8);
    }

    /// The rules as first written: every pixel of every row and column
    /// looked at with its neighbours.
    fn reference_rules(gray: &Gray, dpi: u32) -> Vec<Rule> {
        let (w, h) = (gray.width, gray.height);
        let k = 72.0 / dpi.max(1) as f32;
        let min_run = ((MIN_SHARE * w.min(h) as f32) as usize).max(8);
        let at = |x: usize, y: usize| gray.pixels[y * w + x] < DARK;
        let rule = |axis, at: usize, (start, end): (usize, usize)| Rule {
            axis,
            at: (at as f32 + 0.5) * k,
            from: start as f32 * k,
            to: end as f32 * k,
        };
        let mut out = Vec::new();
        for y in 0..h {
            let rows = y.saturating_sub(DRIFT)..(y + DRIFT + 1).min(h);
            let flags = (0..w).map(|x| rows.clone().any(|yy| at(x, yy)));
            for run in runs(flags).into_iter().filter(|r| r.1 - r.0 >= min_run) {
                out.push(rule(Axis::Horizontal, y, run));
            }
        }
        for x in 0..w {
            let columns = x.saturating_sub(DRIFT)..(x + DRIFT + 1).min(w);
            let flags = (0..h).map(|y| columns.clone().any(|xx| at(xx, y)));
            for run in runs(flags).into_iter().filter(|r| r.1 - r.0 >= min_run) {
                out.push(rule(Axis::Vertical, x, run));
            }
        }
        thin_out(out)
    }

    proptest::proptest! {
        /// Rules found a word of pixels at a time are those found a pixel
        /// at a time, on pages of random strokes of any width (rows across
        /// word boundaries, ink up to the last column and row, shades
        /// either side of DARK).
        #[test]
        fn rules_by_words_of_bits_are_rules_by_pixels(
            width in 1usize..200,
            height in 1usize..120,
            strokes in proptest::collection::vec((0usize..200, 0usize..120, 1usize..180, proptest::bool::ANY, 150u8..=255), 0..30),
        ) {
            let mut pixels = vec![255u8; width * height];
            for (x, y, len, across, shade) in strokes {
                let (x, y) = (x % width, y % height);
                for t in 0..len {
                    let (px, py) = if across { (x + t, y) } else { (x, y + t) };
                    if px < width && py < height {
                        pixels[py * width + px] = shade;
                    }
                }
            }
            let gray = Gray { width, height, pixels };
            proptest::prop_assert_eq!(rules(&gray, 100), reference_rules(&gray, 100));
        }
    }

    #[test]
    fn eight_pixels_at_once_are_dark_as_each_alone() {
        for v in 0..=255u8 {
            for k in 0..8 {
                let mut lanes = [255u8; 8];
                lanes[k] = v;
                let want = if v < DARK { 1 << k } else { 0 };
                assert_eq!(
                    dark_lanes(u64::from_le_bytes(lanes)),
                    want,
                    "{v} in lane {k}"
                );
            }
        }
        assert_eq!(dark_lanes(0), 0xff);
    }

    #[test]
    fn long_dark_runs_are_rules_and_glyph_strokes_are_not() {
        let found = rules(&boxed_page(), 100);
        let count = |axis| found.iter().filter(|r| r.axis == axis).count();
        // The drifting top edge in a piece, the bottom edge whole.
        assert!(count(Axis::Horizontal) >= 2, "{found:?}");
        assert_eq!(count(Axis::Vertical), 2, "{found:?}");
        let bottom = found
            .iter()
            .find(|r| r.axis == Axis::Horizontal && r.at > 150.0)
            .expect("the bottom edge");
        assert!((bottom.from - 36.0).abs() < 1.0 && (bottom.to - 252.0).abs() < 1.0);
        assert!(
            found
                .iter()
                .all(|r| r.at < 70.0 || r.at > 90.0 || r.axis == Axis::Vertical),
            "no rule from the word's strokes: {found:?}"
        );
        let tables = crate::layout::grid::tables(&found);
        assert_eq!(tables.len(), 1, "the box is a table");
    }
    fn run(at: f32, from: f32, to: f32) -> Rule {
        Rule {
            axis: Axis::Horizontal,
            at,
            from,
            to,
        }
    }

    fn word(text: &str, x0: f32, y0: f32, x1: f32, y1: f32) -> Word {
        Word {
            text: text.into(),
            bbox: super::super::BBox { x0, y0, x1, y1 },
            confidence: Some(90.0),
            font_size: None,
        }
    }

    struct Case {
        what: &'static str,
        runs: Vec<Rule>,
        kept: usize,
    }

    #[test]
    fn runs_along_one_words_strokes_are_not_rules() {
        // "amministrazioni" in a serif font, its baseline at 60.5.
        let words = [
            word("amministrazioni", 100.0, 54.0, 150.0, 61.0),
            word("pubbliche", 153.0, 54.0, 185.0, 62.5),
        ];
        let cases = [
            Case {
                what: "a baseline run inside the word",
                runs: vec![run(60.5, 104.0, 148.0)],
                kept: 0,
            },
            Case {
                what: "two runs of one word's strokes, overlapping",
                runs: vec![run(60.5, 104.0, 130.0), run(60.2, 110.0, 149.0)],
                kept: 0,
            },
            Case {
                what: "a bold face's serif run, blurred a little past the box",
                runs: vec![run(55.0, 101.0, 151.3)],
                kept: 0,
            },
            Case {
                what: "a rule under the words, touching their boxes",
                runs: vec![run(61.0, 60.0, 400.0)],
                kept: 1,
            },
            Case {
                what: "a piece of a rule scanned askew, within the word, continued",
                runs: vec![run(60.8, 104.0, 148.0), run(61.4, 147.5, 300.0)],
                kept: 2,
            },
            Case {
                what: "a run clear of the words",
                runs: vec![run(70.0, 104.0, 148.0)],
                kept: 1,
            },
        ];
        for case in cases {
            let kept = clear_of_words(case.runs, &words);
            assert_eq!(kept.len(), case.kept, "{}: {kept:?}", case.what);
        }
    }

    fn upright(at: f32, from: f32, to: f32) -> Rule {
        Rule {
            axis: Axis::Vertical,
            ..run(at, from, to)
        }
    }

    #[test]
    fn a_rule_ocr_read_as_a_bar_is_still_a_rule() {
        // A header row 18 pt tall, its cells' borders separate: the rule
        // between two cells stops at the row's foot, and OCR read it as
        // a word "|" 18 pt tall (a glyph of the 7 pt text is 2 pt wide).
        let cases = [
            Case {
                what: "a rule inside the box of a bar OCR read from it",
                runs: vec![upright(447.7, 163.5, 181.0)],
                kept: 1,
            },
            Case {
                what: "the rule's double, a border of the next cell",
                runs: vec![upright(446.4, 163.5, 181.0), upright(449.0, 163.5, 181.0)],
                kept: 2,
            },
        ];
        for text in ["|", "[", "||"] {
            let words = [
                word("INDICATORI", 377.3, 168.0, 420.0, 174.5),
                word(text, 445.9, 163.2, 450.0, 181.2),
            ];
            for case in &cases {
                let kept = clear_of_words(case.runs.clone(), &words);
                assert_eq!(kept.len(), case.kept, "{text}: {}: {kept:?}", case.what);
            }
        }
        // A separate-border header row's piece of rule, read as "LL"
        // (no bars): the body row's piece goes on 1.44 pt below it.
        let words = [word("LL", 143.0, 48.5, 150.0, 68.5)];
        let cases = [
            Case {
                what: "the header's piece, the body's beyond the border spacing",
                runs: vec![upright(144.4, 48.96, 67.92), upright(144.8, 69.36, 132.96)],
                kept: 2,
            },
            Case {
                what: "the header's piece alone",
                runs: vec![upright(144.4, 48.96, 67.92)],
                kept: 0,
            },
        ];
        for case in cases {
            let kept = clear_of_words(case.runs, &words);
            assert_eq!(kept.len(), case.kept, "{}: {kept:?}", case.what);
        }
        // A letter's stem inside its word stays the word's.
        let words = [word("Il", 100.0, 100.0, 104.0, 118.0)];
        assert!(clear_of_words(vec![upright(101.0, 100.5, 117.5)], &words).is_empty());
    }
}
