//! The ruling lines a page draws: path construction (`m`, `l`, `re`, `h`,
//! curves) in device space, and at each painting operator the straight
//! segments that run along an axis. Stroked segments are rules; a filled
//! rectangle is one when it is thin (a rule drawn as a bar). Paint too
//! light to see on white paper draws no rule.

use crate::read::{Axis, Rule};

/// Rules kept at most per page.
const MAX_RULES: usize = 20_000;
/// Segments of one path kept at most.
const MAX_SEGMENTS: usize = 20_000;
/// A segment this far off its axis (points) still runs along it.
const AXIS_SLACK: f32 = 0.5;
/// A filled rectangle no thicker than this (points) is a rule.
const BAR_THICKNESS: f32 = 3.0;
/// Rules shorter than this (points) are glyph strokes or ticks, not borders.
const MIN_RULE: f32 = 4.0;
/// Grey level (0 black, 1 white) over which paint is not taken for a rule.
const LIGHTEST: f32 = 0.85;

/// How a path is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    Stroke,
    Fill,
    FillStroke,
}

/// The path being built, in device space.
#[derive(Debug, Default)]
pub(crate) struct PathBuilder {
    segments: Vec<((f32, f32), (f32, f32))>,
    /// Rectangles given by `re`: (x0, y0, x1, y1), normalised.
    rects: Vec<[f32; 4]>,
    start: Option<(f32, f32)>,
    current: Option<(f32, f32)>,
}

impl PathBuilder {
    pub(crate) fn move_to(&mut self, p: (f32, f32)) {
        self.start = Some(p);
        self.current = Some(p);
    }

    pub(crate) fn line_to(&mut self, p: (f32, f32)) {
        if let Some(from) = self.current {
            if self.segments.len() < MAX_SEGMENTS {
                self.segments.push((from, p));
            }
        }
        self.current = Some(p);
    }

    /// A curve ends at `p`: no rule, but the path goes on from there.
    pub(crate) fn curve_to(&mut self, p: (f32, f32)) {
        self.current = Some(p);
    }

    pub(crate) fn close(&mut self) {
        if let Some(start) = self.start {
            self.line_to(start);
        }
        self.current = self.start;
    }

    /// A rectangle given by its four corners in device space.
    pub(crate) fn rect(&mut self, corners: [(f32, f32); 4]) {
        self.move_to(corners[0]);
        for &c in &corners[1..] {
            self.line_to(c);
        }
        self.close();
        let xs = corners.map(|c| c.0);
        let ys = corners.map(|c| c.1);
        let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
        let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
        let axis_aligned = corners
            .iter()
            .zip(corners.iter().cycle().skip(1))
            .all(|(a, b)| (a.0 - b.0).abs() <= AXIS_SLACK || (a.1 - b.1).abs() <= AXIS_SLACK);
        if axis_aligned && self.rects.len() < MAX_SEGMENTS {
            self.rects.push([min(xs), min(ys), max(xs), max(ys)]);
        }
    }

    /// Ends the path without painting (`n`, or after a clip).
    pub(crate) fn discard(&mut self) {
        *self = PathBuilder::default();
    }

    /// Paints the path: its rules go into `out` unless the paint is too
    /// light (`grey` of the stroke and of the fill), and the path ends.
    pub(crate) fn paint(&mut self, paint: Paint, grey: (f32, f32), out: &mut Vec<Rule>) {
        let (stroke, fill) = (grey.0 <= LIGHTEST, grey.1 <= LIGHTEST);
        let path = std::mem::take(self);
        let mut found: Vec<Rule> = Vec::new();
        if stroke && matches!(paint, Paint::Stroke | Paint::FillStroke) {
            found.extend(
                path.segments
                    .iter()
                    .filter_map(|&(a, b)| Rule::between(a, b, AXIS_SLACK)),
            );
        }
        if fill && matches!(paint, Paint::Fill | Paint::FillStroke) {
            found.extend(path.rects.iter().filter_map(|&r| bar(r)));
        }
        let room = MAX_RULES.saturating_sub(out.len());
        out.extend(
            found
                .into_iter()
                .filter(|r| r.length() >= MIN_RULE)
                .take(room),
        );
    }
}

/// A thin filled rectangle as the rule along its middle.
fn bar([x0, y0, x1, y1]: [f32; 4]) -> Option<Rule> {
    let (w, h) = (x1 - x0, y1 - y0);
    if h <= BAR_THICKNESS && w > h {
        Some(Rule {
            axis: Axis::Horizontal,
            at: (y0 + y1) / 2.0,
            from: x0,
            to: x1,
        })
    } else if w <= BAR_THICKNESS && h > w {
        Some(Rule {
            axis: Axis::Vertical,
            at: (x0 + x1) / 2.0,
            from: y0,
            to: y1,
        })
    } else {
        None
    }
}

/// The grey level of a colour given by its components (1 grey, 3 RGB,
/// 4 CMYK); None for another count (a pattern, a named colour space).
pub(crate) fn grey_level(components: &[f64]) -> Option<f32> {
    let v: Vec<f32> = components
        .iter()
        .map(|&c| c.clamp(0.0, 1.0) as f32)
        .collect();
    match v.as_slice() {
        [g] => Some(*g),
        [r, g, b] => Some(0.299 * r + 0.587 * g + 0.114 * b),
        [c, m, y, k] => {
            let rgb = [c, m, y].map(|x| (1.0 - x) * (1.0 - k));
            Some(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(build: impl FnOnce(&mut PathBuilder), paint: Paint, grey: (f32, f32)) -> Vec<Rule> {
        let mut path = PathBuilder::default();
        build(&mut path);
        let mut out = Vec::new();
        path.paint(paint, grey, &mut out);
        out
    }

    #[test]
    fn painted_paths_give_their_axis_rules() {
        struct Case {
            what: &'static str,
            build: fn(&mut PathBuilder),
            paint: Paint,
            grey: (f32, f32),
            want: Vec<(Axis, f32, f32, f32)>,
        }
        let cases = [
            Case {
                what: "a stroked line",
                build: |p| {
                    p.move_to((10.0, 50.0));
                    p.line_to((200.0, 50.2));
                },
                paint: Paint::Stroke,
                grey: (0.0, 0.0),
                want: vec![(Axis::Horizontal, 50.1, 10.0, 200.0)],
            },
            Case {
                what: "a stroked box: four edges",
                build: |p| p.rect([(10.0, 10.0), (110.0, 10.0), (110.0, 60.0), (10.0, 60.0)]),
                paint: Paint::Stroke,
                grey: (0.0, 1.0),
                want: vec![
                    (Axis::Horizontal, 10.0, 10.0, 110.0),
                    (Axis::Vertical, 110.0, 10.0, 60.0),
                    (Axis::Horizontal, 60.0, 10.0, 110.0),
                    (Axis::Vertical, 10.0, 10.0, 60.0),
                ],
            },
            Case {
                what: "a thin filled bar",
                build: |p| p.rect([(10.0, 99.5), (300.0, 99.5), (300.0, 100.5), (10.0, 100.5)]),
                paint: Paint::Fill,
                grey: (1.0, 0.0),
                want: vec![(Axis::Horizontal, 100.0, 10.0, 300.0)],
            },
            Case {
                what: "a filled cell background is no rule",
                build: |p| p.rect([(10.0, 10.0), (110.0, 10.0), (110.0, 60.0), (10.0, 60.0)]),
                paint: Paint::Fill,
                grey: (0.0, 0.0),
                want: vec![],
            },
            Case {
                what: "white paint draws nothing",
                build: |p| {
                    p.move_to((10.0, 50.0));
                    p.line_to((200.0, 50.0));
                },
                paint: Paint::Stroke,
                grey: (1.0, 1.0),
                want: vec![],
            },
            Case {
                what: "diagonals, curves and ticks are no rules",
                build: |p| {
                    p.move_to((10.0, 10.0));
                    p.line_to((100.0, 100.0));
                    p.curve_to((200.0, 100.0));
                    p.line_to((202.0, 100.0));
                },
                paint: Paint::Stroke,
                grey: (0.0, 0.0),
                want: vec![],
            },
        ];
        for case in cases {
            let got: Vec<(Axis, f32, f32, f32)> = rules_of(case.build, case.paint, case.grey)
                .iter()
                .map(|r| (r.axis, r.at, r.from, r.to))
                .collect();
            assert_eq!(got.len(), case.want.len(), "{}: {got:?}", case.what);
            for (g, w) in got.iter().zip(&case.want) {
                assert_eq!(g.0, w.0, "{}", case.what);
                for (a, b) in [(g.1, w.1), (g.2, w.2), (g.3, w.3)] {
                    assert!((a - b).abs() < 1e-3, "{}: {got:?}", case.what);
                }
            }
        }
    }

    #[test]
    fn colours_to_grey() {
        assert_eq!(grey_level(&[0.5]), Some(0.5));
        assert_eq!(grey_level(&[1.0, 1.0, 1.0]), Some(1.0));
        assert_eq!(grey_level(&[0.0, 0.0, 0.0, 1.0]), Some(0.0));
        assert_eq!(grey_level(&[0.1, 0.2]), None);
    }
}
