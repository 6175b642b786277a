//! A page's content stream: text in WinAnsi strings and the rules of the
//! cells, drawn as the style says (rectangles, strokes, thin filled bars).

use crate::blocks::{Align, Cell};
use crate::metrics::{encode, width, Font};
use crate::style::{Rules, Style};

pub fn fmt(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A PDF literal string of WinAnsi bytes.
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for b in encode(s) {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7E => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
    out
}

/// Content stream operators, in top-down page coordinates.
pub struct Canvas {
    pub ops: Vec<u8>,
    page_h: f32,
    rules: Rules,
    leading: f32,
    pad_x: f32,
    pad_y: f32,
}

impl Canvas {
    pub fn new(st: &Style) -> Self {
        Canvas {
            ops: Vec::new(),
            page_h: st.page_h,
            rules: st.rules,
            leading: st.lead,
            pad_x: st.pad_x,
            pad_y: st.pad_y,
        }
    }

    pub fn raw(&mut self, s: &str) {
        self.ops.extend_from_slice(s.as_bytes());
        self.ops.push(b'\n');
    }

    pub fn text(&mut self, x: f32, baseline: f32, font: Font, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        self.raw(&format!(
            "BT /{} {} Tf {} {} Td",
            font.resource(),
            fmt(size),
            fmt(x),
            fmt(self.page_h - baseline)
        ));
        self.ops.extend_from_slice(&pdf_string(s));
        self.raw(" Tj ET");
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.raw(&format!(
            "{} {} {} {} re S",
            fmt(x),
            fmt(self.page_h - top - h),
            fmt(w),
            fmt(h)
        ));
    }

    /// A stroked line from (x0, y0) to (x1, y1), top-down coordinates.
    fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        self.raw(&format!(
            "{} {} m {} {} l S",
            fmt(x0),
            fmt(self.page_h - y0),
            fmt(x1),
            fmt(self.page_h - y1)
        ));
    }

    /// A thin filled rectangle along an edge.
    fn bar(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.raw(&format!(
            "{} {} {} {} re f",
            fmt(x),
            fmt(self.page_h - top - h),
            fmt(w),
            fmt(h)
        ));
    }

    fn borders(&mut self, x: f32, top: f32, w: f32, h: f32) {
        let (right, bottom) = (x + w, top + h);
        match self.rules {
            Rules::Grid => self.rect(x, top, w, h),
            Rules::GridLines => {
                self.line(x, top, right, top);
                self.line(x, bottom, right, bottom);
                self.line(x, top, x, bottom);
                self.line(right, top, right, bottom);
            }
            Rules::GridFilled => {
                let t = 0.5;
                self.bar(x - t / 2.0, top - t / 2.0, w + t, t);
                self.bar(x - t / 2.0, bottom - t / 2.0, w + t, t);
                self.bar(x - t / 2.0, top - t / 2.0, t, h + t);
                self.bar(right - t / 2.0, top - t / 2.0, t, h + t);
            }
            Rules::Horizontal => {
                self.line(x, top, right, top);
                self.line(x, bottom, right, bottom);
            }
            Rules::None => {}
        }
    }

    pub fn cell(&mut self, x0: f32, y0: f32, c: &Cell) {
        let x = x0 + c.x;
        let top = y0 + c.dy;
        if c.shade {
            self.raw(&format!(
                "0.85 g {} {} {} {} re f 0 g",
                fmt(x),
                fmt(self.page_h - top - c.h),
                fmt(c.w),
                fmt(c.h)
            ));
        }
        if c.border {
            self.borders(x, top, c.w, c.h);
        }
        let lead = c.size * self.leading;
        let block = c.lines.len() as f32 * lead;
        let first_top = if c.valign_center {
            top + (c.h - block) / 2.0
        } else {
            top + self.pad_y
        };
        for (i, line) in c.lines.iter().enumerate() {
            // Baseline: the cap height centred in the line's box.
            let baseline = first_top + i as f32 * lead + (lead + c.size * 0.72) / 2.0;
            let tx = match c.align {
                Align::Left => x + self.pad_x,
                Align::Center => x + (c.w - width(line, c.font, c.size)) / 2.0,
            };
            self.text(tx, baseline, c.font, c.size, line);
        }
    }
}
