//! Glyphs to words, in reading order.
//!
//! 1. Runs: glyphs drawn one after the other that continue each other along
//!    one baseline (kerning and all) form a run; a space glyph, a jump back,
//!    a step off the baseline or a gap wider than [`WORD_GAP`] of the font
//!    size ends it. A glyph drawn again where the previous one is, with the
//!    same text (bold by overprinting), is dropped.
//! 2. Runs are grouped by writing direction (to the degree, so a slightly
//!    skewed OCR layer keeps its lines); in each direction's own frame, runs
//!    whose baselines are within [`LINE_TOLERANCE`] em form a line.
//! 3. Along a line, glyphs repeated at the same place (a whole line drawn
//!    twice) are dropped, and neighbouring runs join into one word unless a
//!    space glyph, a gap wider than [`WORD_GAP`] em or a large overlap (two
//!    OCR lines that share a baseline band) separates them. A run is never
//!    split, so overlapping runs do not interleave their letters.

use std::collections::HashSet;

use super::content::{GText, PageText};
use crate::read::{BBox, Word};

/// A gap between glyphs wider than this share of the font size splits words.
/// Kerning stays well under it (under 0.1 em); a space in any text font is
/// wider (Times 0.25, Helvetica 0.28, condensed faces 0.2).
pub(crate) const WORD_GAP: f32 = 0.15;
/// Runs overlapping by more than this share of the font size are not one word.
const MAX_OVERLAP: f32 = 0.3;
/// Baselines closer than this share of the font size are one line.
const LINE_TOLERANCE: f32 = 0.4;
/// A run continues only within this share of the font size of its baseline.
const RUN_BASELINE: f32 = 0.2;
/// Glyphs with the same text closer than this share of the font size are
/// one glyph drawn twice.
const DUPLICATE_TOLERANCE: f32 = 0.1;
/// Directions within this angle (radians, about one degree) are one.
const ANGLE_TOLERANCE: f32 = 0.0175;
/// The part of the em above the baseline; the rest is below.
const ASCENT: f32 = 0.8;

/// An integer that orders as `f32::total_cmp` orders `x`.
fn total_key(x: f32) -> i32 {
    let bits = x.to_bits() as i32;
    bits ^ ((((bits >> 31) as u32) >> 1) as i32)
}

/// [`total_key`] as an unsigned integer, in the same order.
fn ordered_bits(x: f32) -> u32 {
    (total_key(x) as u32) ^ 0x8000_0000
}

fn angle_distance(a: f32, b: f32) -> f32 {
    let d = (a - b).abs() % std::f32::consts::TAU;
    d.min(std::f32::consts::TAU - d)
}

/// Coordinates along and across a writing direction.
#[derive(Debug, Clone, Copy)]
struct Frame {
    dx: f32,
    dy: f32,
}

impl Frame {
    fn new(angle: f32) -> Frame {
        Frame {
            dx: angle.cos(),
            dy: angle.sin(),
        }
    }

    /// (along, across): across grows "down" for the text, (−dy, dx) in y-down space.
    fn project(&self, x: f32, y: f32) -> (f32, f32) {
        (x * self.dx + y * self.dy, -x * self.dy + y * self.dx)
    }

    /// A box in the frame to a device-space box.
    fn bbox(&self, x0: f32, x1: f32, y0: f32, y1: f32) -> BBox {
        let mut b = BBox {
            x0: f32::INFINITY,
            y0: f32::INFINITY,
            x1: f32::NEG_INFINITY,
            y1: f32::NEG_INFINITY,
        };
        for (u, v) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
            let x = u * self.dx - v * self.dy;
            let y = u * self.dy + v * self.dx;
            b.x0 = b.x0.min(x);
            b.y0 = b.y0.min(y);
            b.x1 = b.x1.max(x);
            b.y1 = b.y1.max(y);
        }
        b
    }
}

/// Glyphs drawn in sequence along one baseline; or one space glyph.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The run's glyphs: `members[start..end]`.
    start: usize,
    end: usize,
    angle: f32,
    space: bool,
    /// The run's extent in the frame of its own `angle`, as [`place`]
    /// finds it before any glyph is dropped: kept as the glyphs are read,
    /// so that a direction of that very angle need not project them again.
    extent: Extent,
}

/// A run's extent along and across its frame, and its largest font size.
#[derive(Debug, Clone, Copy)]
struct Extent {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

impl Extent {
    /// The extent of a run's first glyph, at `(x0, y)` in the frame.
    fn of_glyph(x0: f32, y: f32, width: f32, size: f32) -> Extent {
        Extent {
            x0,
            x1: x0,
            y,
            size: size.max(0.01),
        }
        .and(x0, width, size)
    }

    /// The extent with one more glyph, starting at `x0`.
    fn and(mut self, x0: f32, width: f32, size: f32) -> Extent {
        self.x0 = self.x0.min(x0);
        self.x1 = self.x1.max(x0 + width);
        self.size = self.size.max(size);
        self
    }
}

/// All runs of a page, and their glyph indices end to end.
#[derive(Debug, Default)]
struct Runs {
    list: Vec<Run>,
    members: Vec<usize>,
}

impl Runs {
    fn get(&self, index: usize) -> Option<&Run> {
        self.list.get(index)
    }

    fn glyphs(&self, run: &Run) -> &[usize] {
        self.members.get(run.start..run.end).unwrap_or_default()
    }
}

/// A run placed in its direction's frame.
#[derive(Debug, Clone, Copy)]
struct Placed {
    run: usize,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

/// The words of a page in reading order: lines top to bottom, words along
/// each line.
pub(crate) fn words(page: &PageText) -> Vec<Word> {
    let runs = runs(page);
    // Directions, each with its runs.
    let mut directions: Vec<(f32, Vec<usize>)> = Vec::new();
    let mut last = 0usize;
    for (i, run) in runs.list.iter().enumerate() {
        let found = match directions.get(last) {
            // Most runs share the last one's very angle: no remainder then.
            Some(d) if d.0 == run.angle || angle_distance(d.0, run.angle) < ANGLE_TOLERANCE => {
                Some(last)
            }
            _ => directions
                .iter()
                .position(|d| angle_distance(d.0, run.angle) < ANGLE_TOLERANCE),
        };
        let index = match found {
            Some(index) => index,
            None if directions.len() < 64 => {
                // Most pages run one way: the first direction has room
                // for all the runs.
                let room = if directions.is_empty() {
                    runs.list.len()
                } else {
                    0
                };
                directions.push((run.angle, Vec::with_capacity(room)));
                directions.len() - 1
            }
            None => directions
                .iter()
                .enumerate()
                .min_by(|a, b| {
                    angle_distance(a.1 .0, run.angle).total_cmp(&angle_distance(b.1 .0, run.angle))
                })
                .map_or(0, |(i, _)| i),
        };
        if let Some(d) = directions.get_mut(index) {
            d.1.push(i);
        }
        last = index;
    }
    let mut dropped = vec![false; page.glyphs.len()];
    let mut lines: Vec<(f32, f32, Vec<Word>)> = Vec::new();
    for (angle, members) in &directions {
        lines_of(page, &runs, *angle, members, &mut dropped, &mut lines);
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // Room for all the words at once (gathered line by line, the list
    // grew and was copied a dozen times a page).
    let mut words = Vec::with_capacity(lines.iter().map(|l| l.2.len()).sum());
    for (_, _, line) in lines {
        words.extend(line);
    }
    words
}

/// Splits the glyphs, in drawing order, into runs.
fn runs(page: &PageText) -> Runs {
    struct Open {
        run: Run,
        frame: Frame,
        /// Baseline, start of the last glyph, end of the run, along the frame.
        y: f32,
        last_x0: f32,
        x1: f32,
        size: f32,
        last_text: GText,
        last_width: f32,
    }
    let mut runs = Runs::default();
    runs.members.reserve(page.glyphs.len());
    let mut open: Option<Open> = None;
    // Consecutive glyphs mostly share a direction: its angle and frame
    // are kept.
    let mut last_direction = (f32::NAN, f32::NAN, 0.0f32, Frame::new(0.0));
    for (i, g) in page.glyphs.iter().enumerate() {
        let (angle, frame) = if (g.dx, g.dy) == (last_direction.0, last_direction.1) {
            (last_direction.2, last_direction.3)
        } else {
            let angle = g.dy.atan2(g.dx);
            last_direction = (g.dx, g.dy, angle, Frame::new(angle));
            (angle, last_direction.3)
        };
        if g.space {
            if let Some(o) = open.take() {
                runs.list.push(o.run);
            }
            let (x0, y) = frame.project(g.x, g.y);
            runs.members.push(i);
            runs.list.push(Run {
                start: runs.members.len() - 1,
                end: runs.members.len(),
                angle,
                space: true,
                extent: Extent::of_glyph(x0, y, g.width, g.size),
            });
            continue;
        }
        if let Some(o) = open.as_mut() {
            let (x0, y) = o.frame.project(g.x, g.y);
            let size = o.size.max(g.size);
            let on_line = (o.run.angle == angle
                || angle_distance(o.run.angle, angle) < ANGLE_TOLERANCE)
                && (y - o.y).abs() <= RUN_BASELINE * size;
            let duplicate = on_line
                && (x0 - o.last_x0).abs() <= duplicate_distance(size, o.last_width)
                && same_text(page, o.last_text, g.text);
            if duplicate {
                continue;
            }
            if on_line
                && x0 >= o.last_x0 - DUPLICATE_TOLERANCE * size
                && x0 - o.x1 <= WORD_GAP * size
            {
                runs.members.push(i);
                o.run.end = runs.members.len();
                o.run.extent = o.run.extent.and(x0, g.width, g.size);
                o.last_x0 = x0;
                o.x1 = o.x1.max(x0 + g.width);
                o.size = size;
                o.last_text = g.text;
                o.last_width = g.width;
                continue;
            }
        }
        if let Some(o) = open.take() {
            runs.list.push(o.run);
        }
        let (x0, y) = frame.project(g.x, g.y);
        runs.members.push(i);
        open = Some(Open {
            run: Run {
                start: runs.members.len() - 1,
                end: runs.members.len(),
                angle,
                space: false,
                extent: Extent::of_glyph(x0, y, g.width, g.size),
            },
            frame,
            y,
            last_x0: x0,
            x1: x0 + g.width,
            size: g.size,
            last_text: g.text,
            last_width: g.width,
        });
    }
    if let Some(o) = open {
        runs.list.push(o.run);
    }
    runs
}

/// How far apart two glyphs with the same text may start and still be one
/// glyph drawn twice: a tenth of the em, and under half the glyph's width
/// (so letters of a word squeezed by Tz are not taken for repeats).
fn duplicate_distance(size: f32, width: f32) -> f32 {
    (DUPLICATE_TOLERANCE * size).min((0.5 * width).max(0.01 * size))
}

fn same_text(page: &PageText, a: GText, b: GText) -> bool {
    match (a, b) {
        (GText::Char(a), GText::Char(b)) => a == b,
        _ => page.text(a) == page.text(b),
    }
}

/// A run's extent in `frame`, counting only glyphs not dropped.
fn place(
    page: &PageText,
    runs: &Runs,
    index: usize,
    frame: Frame,
    dropped: &[bool],
) -> Option<Placed> {
    let run = runs.get(index)?;
    let mut placed: Option<Placed> = None;
    for &i in runs.glyphs(run) {
        if dropped.get(i).copied().unwrap_or(true) {
            continue;
        }
        let Some(g) = page.glyphs.get(i) else {
            continue;
        };
        let (x0, y) = frame.project(g.x, g.y);
        let p = placed.get_or_insert(Placed {
            run: index,
            x0,
            x1: x0,
            y,
            size: g.size.max(0.01),
        });
        p.x0 = p.x0.min(x0);
        p.x1 = p.x1.max(x0 + g.width);
        p.size = p.size.max(g.size);
    }
    placed
}

/// Appends the lines of one direction (of `angle`) as `(y_mid, x0, words)`.
fn lines_of(
    page: &PageText,
    runs: &Runs,
    angle: f32,
    members: &[usize],
    dropped: &mut [bool],
    out: &mut Vec<(f32, f32, Vec<Word>)>,
) {
    let frame = Frame::new(angle);
    // No glyph of this direction's runs is dropped yet: a run read in
    // this very frame is placed as it was read.
    let placed: Vec<Placed> = members
        .iter()
        .filter_map(|&r| match runs.get(r) {
            Some(run) if run.angle.to_bits() == angle.to_bits() && run.start < run.end => {
                let e = run.extent;
                Some(Placed {
                    run: r,
                    x0: e.x0,
                    x1: e.x1,
                    y: e.y,
                    size: e.size,
                })
            }
            _ => place(page, runs, r, frame, dropped),
        })
        .collect();
    // Top to bottom, then left to right; runs at one place in the order
    // they were drawn (`members` lists them so): a stable sort's order,
    // by one integer key each (a table's cells come column by column, far
    // from this order: sorting two floats a run took 7.4 M instructions of
    // the 52 M that made a 40-page wide table's words).
    let mut order: Vec<u128> = placed
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let at = u64::from(ordered_bits(p.y)) << 32 | u64::from(ordered_bits(p.x0));
            u128::from(at) << 64 | i as u128
        })
        .collect();
    order.sort_unstable();
    let placed: Vec<Placed> = order
        .iter()
        .filter_map(|&k| placed.get((k & u128::from(u64::MAX)) as usize).copied())
        .collect();
    let mut start = 0;
    while let Some(first) = placed.get(start).copied() {
        let mut end = start + 1;
        while let Some(p) = placed.get(end) {
            if p.y - first.y > LINE_TOLERANCE * first.size.max(p.size) {
                break;
            }
            end += 1;
        }
        if let Some(line) = placed.get(start..end) {
            let words = line_words(page, runs, frame, line, dropped);
            if let Some(w) = words.first() {
                out.push((w.bbox.y_mid(), w.bbox.x0, words));
            }
        }
        start = end;
    }
}

/// Drops the runs of the line that repeat, glyph for glyph, text drawn
/// earlier at the same place (a line drawn twice, bold by overprinting
/// split differently). A run that only partly coincides is kept.
fn drop_duplicates(
    page: &PageText,
    runs: &Runs,
    frame: Frame,
    line: &[Placed],
    dropped: &mut [bool],
) {
    // (along, across, run, glyph), sorted along the line.
    let mut glyphs: Vec<(f32, f32, usize, usize)> = line
        .iter()
        .filter_map(|p| runs.get(p.run).map(|r| (p.run, r)))
        .filter(|(_, r)| !r.space)
        .flat_map(|(index, r)| runs.glyphs(r).iter().map(move |&i| (index, i)))
        .filter_map(|(run, i)| {
            let g = page.glyphs.get(i)?;
            let (x, y) = frame.project(g.x, g.y);
            Some((x, y, run, i))
        })
        .collect();
    if glyphs.len() < 2 {
        return;
    }
    glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut order: Vec<usize> = line.iter().map(|p| p.run).collect();
    order.sort_unstable();
    let mut run_dropped: HashSet<usize> = HashSet::new();
    for &run in &order {
        let Some(r) = runs.get(run) else { continue };
        if r.space || r.start == r.end {
            continue;
        }
        let repeated = runs.glyphs(r).iter().all(|&i| {
            let Some(g) = page.glyphs.get(i) else {
                return false;
            };
            let (x, y) = frame.project(g.x, g.y);
            let tolerance = duplicate_distance(g.size, g.width);
            let from = glyphs.partition_point(|k| k.0 < x - tolerance);
            glyphs
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|k| k.0 <= x + tolerance)
                .take(64)
                .any(|k| {
                    k.2 < run
                        && !run_dropped.contains(&k.2)
                        && (k.1 - y).abs() <= DUPLICATE_TOLERANCE * g.size
                        && page
                            .glyphs
                            .get(k.3)
                            .is_some_and(|o| same_text(page, o.text, g.text))
                })
        });
        if repeated {
            run_dropped.insert(run);
            for &i in runs.glyphs(r) {
                if let Some(d) = dropped.get_mut(i) {
                    *d = true;
                }
            }
        }
    }
}

/// Joins the runs of one line into words.
fn line_words(
    page: &PageText,
    runs: &Runs,
    frame: Frame,
    line: &[Placed],
    dropped: &mut [bool],
) -> Vec<Word> {
    let mut line: Vec<Placed> = line.to_vec();
    // The line comes top to bottom, then left to right, then in drawing
    // order: a stable sort by `x0` keeps that order among equals.
    line.sort_unstable_by_key(|p| (total_key(p.x0), total_key(p.y), p.run));
    // Text drawn twice overlaps itself: only then look for repeats.
    let mut end = f32::NEG_INFINITY;
    let mut overlaps = false;
    for p in &line {
        if runs.get(p.run).is_some_and(|r| !r.space) {
            overlaps |= p.x0 < end - DUPLICATE_TOLERANCE * p.size;
            end = end.max(p.x1);
        }
    }
    if overlaps {
        drop_duplicates(page, runs, frame, &line, dropped);
        line = line
            .iter()
            .filter_map(|p| place(page, runs, p.run, frame, dropped))
            .collect();
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    // A line's words are at most its runs.
    let mut words = Vec::with_capacity(line.len());
    let mut word: Option<WordAcc> = None;
    for p in &line {
        let Some(run) = runs.get(p.run) else { continue };
        if run.space {
            if let Some(w) = word.take() {
                words.push(w.finish(frame));
            }
            continue;
        }
        let split = word.as_ref().is_some_and(|w| {
            let gap = p.x0 - w.x1;
            let size = w.last_size.max(p.size);
            gap > WORD_GAP * size || gap < -MAX_OVERLAP * size
        });
        if split {
            if let Some(w) = word.take() {
                words.push(w.finish(frame));
            }
        }
        let w = word.get_or_insert_with(WordAcc::default);
        for &i in runs.glyphs(run) {
            if dropped.get(i).copied().unwrap_or(true) {
                continue;
            }
            let Some(g) = page.glyphs.get(i) else {
                continue;
            };
            let (x0, y) = frame.project(g.x, g.y);
            page.push_text(g.text, &mut w.text);
            w.x0 = w.x0.min(x0);
            w.x1 = w.x1.max(x0 + g.width);
            w.top = w.top.min(y - ASCENT * g.size);
            w.bottom = w.bottom.max(y + (1.0 - ASCENT) * g.size);
            w.size = w.size.max(g.size);
        }
        w.last_size = p.size;
    }
    if let Some(w) = word {
        words.push(w.finish(frame));
    }
    words.retain(|w| !w.text.is_empty());
    words
}

struct WordAcc {
    text: String,
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
    size: f32,
    last_size: f32,
}

impl Default for WordAcc {
    fn default() -> Self {
        WordAcc {
            // Most words fit without growing.
            text: String::with_capacity(16),
            x0: f32::INFINITY,
            x1: f32::NEG_INFINITY,
            top: f32::INFINITY,
            bottom: f32::NEG_INFINITY,
            size: 0.0,
            last_size: 0.0,
        }
    }
}

impl WordAcc {
    fn finish(self, frame: Frame) -> Word {
        Word {
            text: self.text,
            bbox: frame.bbox(self.x0, self.x1, self.top, self.bottom),
            confidence: None,
            font_size: Some(self.size),
        }
    }
}
