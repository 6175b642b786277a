//! The content stream interpreter: runs a page's text and graphics state
//! operators and emits every glyph shown, placed in page (device) space.
//!
//! Handled: q/Q, cm, BT/ET, Tc, Tw, Tz, TL, Tf, Tr, Ts, Td, TD, Tm, T*, Tj,
//! TJ, ', ", Do of Form XObjects (their /Matrix and /Resources), and inline
//! images (skipped). Everything else is ignored. Invisible text (render
//! mode 3, as OCR tools write it) is read like any other.
//!
//! Besides the glyphs, the interpreter notes what else the page paints
//! ([`Marks`]): the image XObjects drawn and where, inline images, painted
//! paths and visible text. OCR uses them to take a scan's own image.

use std::borrow::Cow;

use lopdf::{Dictionary, Object, ObjectId};

use super::font::{Font, GlyphText};
use super::lexer::{Lexer, Token};
use super::paths::{grey_level, Paint, PathBuilder};
use super::{dict_get, num, Budget, Exceeded};
use crate::read::Rule;
use crate::FastMap;

/// Form XObjects nested deeper than this are not drawn.
const MAX_FORM_DEPTH: usize = 12;
/// Graphics states saved at most (deeper `q` are counted, not kept).
const MAX_SAVED_STATES: usize = 256;
/// Glyphs kept at most per page.
const MAX_GLYPHS: usize = 1_000_000;
/// Operands kept at most before an operator.
const MAX_OPERANDS: usize = 65_536;
/// Image draws noted at most per page (more are only counted).
const MAX_IMAGES: usize = 64;

/// An affine transform `[a b c d e f]`: `x' = a x + c y + e`, `y' = b x + d y + f`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix(pub [f64; 6]);

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `then`.
    pub(crate) fn then(&self, then: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub(crate) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

/// A glyph's text: one character, or a span of the page's text pool.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum GText {
    Char(char),
    Pool(u32, u32),
}

/// One glyph shown on the page, in device space (points, y down).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub text: GText,
    /// Origin: the start of the glyph on its baseline.
    pub x: f32,
    pub y: f32,
    /// Unit vector of the writing direction.
    pub dx: f32,
    pub dy: f32,
    /// Advance width along the writing direction.
    pub width: f32,
    /// Font size (the em) in device units.
    pub size: f32,
    pub space: bool,
}

/// The glyphs of a page.
#[derive(Debug, Default)]
pub(crate) struct PageText {
    pub glyphs: Vec<Glyph>,
    /// Text of the glyphs with more than one character.
    pub pool: String,
    /// Glyphs whose code no map decoded (shown as U+FFFD).
    pub undecodable: usize,
    /// What else the page paints.
    pub marks: Marks,
    /// The ruling lines its paths draw, in device space.
    pub rules: Vec<Rule>,
}

/// What a page paints besides its glyphs' text.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// Image XObjects drawn, in order (at most [`MAX_IMAGES`]).
    pub images: Vec<ImageDraw>,
    /// Image XObjects drawn, all of them.
    pub image_count: usize,
    pub inline_images: usize,
    /// The largest inline image's width and height (by area), as its
    /// `/W` and `/H` say.
    pub largest_inline_image: Option<(u64, u64)>,
    /// Paths stroked or filled, and shadings painted.
    pub paths: usize,
    /// Glyphs drawn in a visible render mode.
    pub visible_glyphs: usize,
}

/// One image XObject drawn on the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ImageDraw {
    /// The image's object; `None` for a direct (unnamed) stream.
    pub object: Option<ObjectId>,
    /// Image space (the unit square, y up) to device space.
    pub matrix: Matrix,
    /// Paths painted before it.
    pub paths_before: usize,
}

impl PageText {
    pub(crate) fn text(&self, t: GText) -> Cow<'_, str> {
        match t {
            GText::Char(c) => Cow::Owned(c.to_string()),
            GText::Pool(a, b) => Cow::Borrowed(self.pool.get(a as usize..b as usize).unwrap_or("")),
        }
    }

    pub(crate) fn push_text(&self, t: GText, out: &mut String) {
        match t {
            GText::Char(c) => out.push(c),
            GText::Pool(a, b) => out.push_str(self.pool.get(a as usize..b as usize).unwrap_or("")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Ref(ObjectId),
    Direct(usize),
    Fallback,
}

/// The fonts of a document, each read once.
#[derive(Debug, Default)]
pub(crate) struct Fonts {
    list: Vec<Font>,
    by_key: FastMap<FontKey, usize>,
}

#[derive(Debug, Clone, Copy)]
struct TextState {
    font: Option<usize>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Horizontal scaling (Tz / 100).
    scale: f64,
    leading: f64,
    rise: f64,
    /// Tr: 3 is invisible, 7 only clips.
    render_mode: i64,
}

#[derive(Debug, Clone, Copy)]
struct GState {
    ctm: Matrix,
    text: TextState,
    /// Grey level (0 black, 1 white) of the stroking and filling colours.
    stroke_grey: f32,
    fill_grey: f32,
}

#[derive(Debug)]
enum Operand<'a> {
    Num(f64),
    Name(Cow<'a, [u8]>),
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    Other,
}

/// An inline image's width and height from its dictionary (the operands
/// between `BI` and `ID`).
fn inline_image_size(operands: &[Operand]) -> Option<(u64, u64)> {
    let value = |keys: [&[u8]; 2]| {
        operands.windows(2).find_map(|pair| match pair {
            [Operand::Name(k), Operand::Num(v)] if keys.contains(&k.as_ref()) => {
                Some(v.max(0.0) as u64)
            }
            _ => None,
        })
    };
    Some((value([b"W", b"Width"])?, value([b"H", b"Height"])?))
}

/// Runs one page's content.
pub(crate) struct Interpreter<'d, 'c> {
    doc: &'d lopdf::Document,
    fonts: &'c mut Fonts,
    budget: &'c mut Budget,
    device: Matrix,
    /// The displayed page's width and height: glyphs wholly outside are not shown.
    size: (f64, f64),
    out: PageText,
    gs: GState,
    saved: Vec<GState>,
    dropped_saves: usize,
    tm: Matrix,
    tlm: Matrix,
    pending_high: Option<u16>,
    forms: Vec<ObjectId>,
    path: PathBuilder,
    /// The fonts this page's content named so far: (its resources, as
    /// their address, the name, the font's index). A page sets its few
    /// fonts over and over (`Tf`), each found without the dictionaries.
    named: Vec<(usize, Vec<u8>, usize)>,
}

/// Bytes of a content stream per glyph it shows, at the least in the
/// text of reports (about 3 to 4: the glyph's code, and the operators
/// placing the strings).
const CONTENT_BYTES_PER_GLYPH: usize = 3;
/// The most glyphs room is made for before a page is read (1.3 MB).
const GLYPHS_RESERVED: usize = 1 << 15;

/// Room for the glyphs a page's content stream may show, made at once:
/// grown glyph by glyph, the list was copied a dozen times a page.
fn glyph_estimate(content: &[u8]) -> usize {
    (content.len() / CONTENT_BYTES_PER_GLYPH).min(GLYPHS_RESERVED)
}

impl<'d, 'c> Interpreter<'d, 'c> {
    /// The glyphs of a content stream drawn with `resources`, mapped to
    /// device space by `device`.
    pub(crate) fn page(
        doc: &'d lopdf::Document,
        fonts: &'c mut Fonts,
        budget: &'c mut Budget,
        device: Matrix,
        size: (f32, f32),
        content: &[u8],
        resources: Option<&'d Dictionary>,
    ) -> Result<PageText, Exceeded> {
        let mut interpreter = Interpreter {
            doc,
            fonts,
            budget,
            device,
            size: (f64::from(size.0), f64::from(size.1)),
            out: PageText {
                glyphs: Vec::with_capacity(glyph_estimate(content)),
                ..PageText::default()
            },
            gs: GState {
                ctm: Matrix::IDENTITY,
                text: TextState {
                    font: None,
                    size: 0.0,
                    char_spacing: 0.0,
                    word_spacing: 0.0,
                    scale: 1.0,
                    leading: 0.0,
                    rise: 0.0,
                    render_mode: 0,
                },
                stroke_grey: 0.0,
                fill_grey: 0.0,
            },
            saved: Vec::new(),
            dropped_saves: 0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            pending_high: None,
            forms: Vec::new(),
            path: PathBuilder::default(),
            named: Vec::new(),
        };
        interpreter.run(content, resources)?;
        Ok(interpreter.out)
    }

    fn run(&mut self, content: &[u8], resources: Option<&'d Dictionary>) -> Result<(), Exceeded> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        let mut arrays: Vec<Vec<Operand>> = Vec::new();
        let mut dict_depth = 0usize;
        while let Some(token) = lexer.next() {
            if dict_depth > 0 {
                match token {
                    Token::DictOpen => dict_depth += 1,
                    Token::DictClose => {
                        dict_depth -= 1;
                        if dict_depth == 0 {
                            push(&mut operands, &mut arrays, Operand::Other);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let operand = match token {
                Token::Number(n) => Operand::Num(n),
                Token::Name(n) => Operand::Name(n),
                Token::Str(s) => Operand::Str(s),
                Token::ArrayOpen => {
                    if arrays.len() < 32 {
                        arrays.push(Vec::new());
                    }
                    continue;
                }
                Token::ArrayClose => match arrays.pop() {
                    Some(items) => Operand::Array(items),
                    None => continue,
                },
                Token::DictOpen => {
                    dict_depth = 1;
                    continue;
                }
                Token::DictClose => continue,
                Token::Op(b"true" | b"false" | b"null") => Operand::Other,
                Token::Op(op) => {
                    // An operator inside an array: the array was never closed.
                    arrays.clear();
                    if op == b"ID" {
                        lexer.skip_inline_image();
                        let marks = &mut self.out.marks;
                        marks.inline_images += 1;
                        let size = inline_image_size(&operands);
                        let area =
                            |s: Option<(u64, u64)>| s.map_or(0, |(w, h)| w.saturating_mul(h));
                        if area(size) > area(marks.largest_inline_image) {
                            marks.largest_inline_image = size;
                        }
                    } else {
                        self.operator(op, &operands, resources)?;
                    }
                    operands.clear();
                    continue;
                }
            };
            push(&mut operands, &mut arrays, operand);
        }
        Ok(())
    }

    fn operator(
        &mut self,
        op: &[u8],
        operands: &[Operand],
        resources: Option<&'d Dictionary>,
    ) -> Result<(), Exceeded> {
        let text = &mut self.gs.text;
        match op {
            b"q" => {
                if self.saved.len() < MAX_SAVED_STATES {
                    self.saved.push(self.gs);
                } else {
                    self.dropped_saves += 1;
                }
            }
            b"Q" => {
                if self.dropped_saves > 0 {
                    self.dropped_saves -= 1;
                } else if let Some(gs) = self.saved.pop() {
                    self.gs = gs;
                }
            }
            b"cm" => {
                if let Some(m) = matrix(operands) {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"Tc" => {
                if let Some([v]) = numbers(operands) {
                    text.char_spacing = v;
                }
            }
            b"Tw" => {
                if let Some([v]) = numbers(operands) {
                    text.word_spacing = v;
                }
            }
            b"Tz" => {
                if let Some([v]) = numbers(operands) {
                    text.scale = v / 100.0;
                }
            }
            b"TL" => {
                if let Some([v]) = numbers(operands) {
                    text.leading = v;
                }
            }
            b"Ts" => {
                if let Some([v]) = numbers(operands) {
                    text.rise = v;
                }
            }
            b"Tr" => {
                if let Some([v]) = numbers(operands) {
                    text.render_mode = v as i64;
                }
            }
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"sh" => {
                self.out.marks.paths += 1;
                self.paint(op);
            }
            b"m" | b"l" | b"c" | b"v" | b"y" | b"re" | b"h" | b"n" => self.path_op(op, operands),
            b"G" | b"RG" | b"K" | b"SC" | b"SCN" | b"CS" => {
                self.gs.stroke_grey = colour_grey(op, operands);
            }
            b"g" | b"rg" | b"k" | b"sc" | b"scn" | b"cs" => {
                self.gs.fill_grey = colour_grey(op, operands);
            }
            b"Tf" => {
                let n = operands.len();
                if let (Some(Operand::Name(name)), Some(Operand::Num(size))) = (
                    n.checked_sub(2).and_then(|i| operands.get(i)),
                    operands.last(),
                ) {
                    let font = self.font(name, resources)?;
                    let text = &mut self.gs.text;
                    text.font = Some(font);
                    text.size = *size;
                }
            }
            b"Td" => {
                if let Some([x, y]) = numbers(operands) {
                    self.move_line(x, y);
                }
            }
            b"TD" => {
                if let Some([x, y]) = numbers(operands) {
                    text.leading = -y;
                    self.move_line(x, y);
                }
            }
            b"Tm" => {
                if let Some(m) = matrix(operands) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => self.next_line(),
            b"Tj" => {
                if let Some(Operand::Str(s)) = operands.last() {
                    self.show(s);
                }
            }
            b"'" => {
                self.next_line();
                if let Some(Operand::Str(s)) = operands.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                let n = operands.len();
                let spacing = n
                    .checked_sub(3)
                    .and_then(|i| operands.get(i..n - 1))
                    .and_then(|o| numbers::<2>(o));
                if let Some([aw, ac]) = spacing {
                    text.word_spacing = aw;
                    text.char_spacing = ac;
                }
                self.next_line();
                if let Some(Operand::Str(s)) = operands.last() {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = operands.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(n) => {
                                let t = &self.gs.text;
                                self.advance(-n / 1000.0 * t.size * t.scale);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = operands.last() {
                    self.xobject(name, resources)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A point of user space in device space.
    fn device_point(&self, x: f64, y: f64) -> (f32, f32) {
        let (dx, dy) = self.gs.ctm.then(&self.device).apply(x, y);
        (dx as f32, dy as f32)
    }

    /// Path construction: `m`, `l`, the curves, `re`, `h`, and `n`.
    fn path_op(&mut self, op: &[u8], operands: &[Operand]) {
        match op {
            b"m" | b"l" => {
                if let Some([x, y]) = numbers(operands) {
                    let p = self.device_point(x, y);
                    if op == b"m" {
                        self.path.move_to(p);
                    } else {
                        self.path.line_to(p);
                    }
                }
            }
            b"c" | b"v" | b"y" => {
                if let Some([x, y]) = numbers(operands) {
                    let p = self.device_point(x, y);
                    self.path.curve_to(p);
                }
            }
            b"re" => {
                if let Some([x, y, w, h]) = numbers(operands) {
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                        .map(|(cx, cy)| self.device_point(cx, cy));
                    self.path.rect(corners);
                }
            }
            b"h" => self.path.close(),
            _ => self.path.discard(),
        }
    }

    /// A painting operator: the path's rules are noted and the path ends.
    fn paint(&mut self, op: &[u8]) {
        if matches!(op, b"s" | b"b" | b"b*") {
            self.path.close();
        }
        let paint = match op {
            b"S" | b"s" => Paint::Stroke,
            b"f" | b"F" | b"f*" => Paint::Fill,
            b"sh" => {
                self.path.discard();
                return;
            }
            _ => Paint::FillStroke,
        };
        let grey = (self.gs.stroke_grey, self.gs.fill_grey);
        self.path.paint(paint, grey, &mut self.out.rules);
    }

    fn move_line(&mut self, x: f64, y: f64) {
        self.tlm = Matrix::translate(x, y).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn next_line(&mut self) {
        let leading = self.gs.text.leading;
        self.move_line(0.0, -leading);
    }

    fn advance(&mut self, x: f64) {
        if x.is_finite() {
            self.tm = Matrix::translate(x, 0.0).then(&self.tm);
        }
    }

    /// The index of the font named in the resources, read on first use; a
    /// stand-in when the name is missing.
    fn font(&mut self, name: &[u8], resources: Option<&'d Dictionary>) -> Result<usize, Exceeded> {
        let at = resources.map_or(0, |r| r as *const Dictionary as usize);
        let known = self.named.iter().find(|(r, n, _)| *r == at && n == name);
        if let Some(&(_, _, index)) = known {
            return Ok(index);
        }
        let index = self.font_of_resources(name, resources)?;
        self.named.push((at, name.to_vec(), index));
        Ok(index)
    }

    /// [`Interpreter::font`], looked up in the resources.
    fn font_of_resources(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dictionary>,
    ) -> Result<usize, Exceeded> {
        let doc = self.doc;
        let entry = resources
            .and_then(|r| dict_get(doc, r, b"Font"))
            .and_then(|f| f.as_dict().ok())
            .and_then(|f| f.get(name).ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(id, o)| o.as_dict().ok().map(|d| (id, d)));
        let key = match entry {
            Some((Some(id), _)) => FontKey::Ref(id),
            Some((None, dict)) => FontKey::Direct(dict as *const Dictionary as usize),
            None => FontKey::Fallback,
        };
        if let Some(&index) = self.fonts.by_key.get(&key) {
            return Ok(index);
        }
        let font = match entry {
            Some((_, dict)) => Font::load(doc, dict, self.budget)?,
            None => Font::fallback(),
        };
        let index = self.fonts.list.len();
        self.fonts.list.push(font);
        self.fonts.by_key.insert(key, index);
        Ok(index)
    }

    /// Shows a string: one glyph per code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let ts = self.gs.text;
        let font_index = match ts.font {
            Some(i) => i,
            None => match self.font(b"", None) {
                Ok(i) => i,
                Err(_) => return,
            },
        };
        let Some(font) = self.fonts.list.get(font_index) else {
            return;
        };
        let m = self.tm.then(&self.gs.ctm).then(&self.device);
        if !m.is_finite() {
            return;
        }
        let [a, b, c, d, _, _] = m.0;
        let along = a.hypot(b);
        let size = (ts.size * c.hypot(d) * font.size_factor).abs();
        let sign = (ts.size * ts.scale).signum();
        let (dx, dy) = if along > 0.0 {
            (a / along * sign, b / along * sign)
        } else {
            (1.0, 0.0)
        };
        let mut x = 0.0f64;
        let mut rest = bytes;
        while !rest.is_empty() {
            let (code, len) = font.next_code(rest);
            rest = rest.get(len..).unwrap_or_default();
            let glyph = font.glyph(code);
            let word_spacing = if len == 1 && code == 32 {
                ts.word_spacing
            } else {
                0.0
            };
            let width = glyph.width * ts.size * ts.scale;
            let advance = (glyph.width * ts.size + ts.char_spacing + word_spacing) * ts.scale;
            if glyph.undecodable {
                self.out.undecodable += 1;
            }
            let text = match glyph.text {
                GlyphText::Nothing => None,
                GlyphText::Char(c) => Some(GText::Char(c)),
                GlyphText::Str(ref s) => {
                    let start = self.out.pool.len() as u32;
                    self.out.pool.push_str(s);
                    Some(GText::Pool(start, self.out.pool.len() as u32))
                }
                GlyphText::High(h) => {
                    self.pending_high = Some(h);
                    None
                }
                GlyphText::Low(l) => {
                    let pair = self
                        .pending_high
                        .take()
                        .and_then(|h| char::decode_utf16([h, l]).next())
                        .and_then(Result::ok);
                    Some(GText::Char(pair.unwrap_or('\u{FFFD}')))
                }
            };
            if !matches!(glyph.text, GlyphText::High(_)) {
                self.pending_high = None;
            }
            if let Some(text) = text {
                let (ox, oy) = m.apply(x, ts.rise);
                let length = width.abs() * along;
                let on_page = self.on_page(ox, oy, dx, dy, length, size);
                if on_page && !matches!(ts.render_mode, 3 | 7) {
                    self.out.marks.visible_glyphs += 1;
                }
                if on_page && self.out.glyphs.len() < MAX_GLYPHS {
                    self.out.glyphs.push(Glyph {
                        text,
                        x: ox as f32,
                        y: oy as f32,
                        dx: dx as f32,
                        dy: dy as f32,
                        width: length as f32,
                        size: size as f32,
                        space: glyph.is_space(),
                    });
                }
            }
            x += advance;
        }
        self.advance(x);
    }

    /// Whether a glyph's box (0.8 em above the baseline, 0.2 below) meets
    /// the displayed page.
    fn on_page(&self, x: f64, y: f64, dx: f64, dy: f64, length: f64, size: f64) -> bool {
        let (ux, uy) = (dy * size, -dx * size);
        let (ex, ey) = (x + dx * length, y + dy * length);
        let corners = [
            (x + 0.8 * ux, y + 0.8 * uy),
            (x - 0.2 * ux, y - 0.2 * uy),
            (ex + 0.8 * ux, ey + 0.8 * uy),
            (ex - 0.2 * ux, ey - 0.2 * uy),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (cx, cy) in corners {
            x0 = x0.min(cx);
            y0 = y0.min(cy);
            x1 = x1.max(cx);
            y1 = y1.max(cy);
        }
        let (width, height) = self.size;
        x0 <= width && x1 >= 0.0 && y0 <= height && y1 >= 0.0
    }

    /// Draws a Form XObject, notes an image; anything else is skipped.
    fn xobject(&mut self, name: &[u8], resources: Option<&'d Dictionary>) -> Result<(), Exceeded> {
        let doc = self.doc;
        let target = resources
            .and_then(|r| dict_get(doc, r, b"XObject"))
            .and_then(|x| x.as_dict().ok())
            .and_then(|x| x.get(name).ok())
            .and_then(|o| doc.dereference(o).ok());
        let Some((id, Object::Stream(stream))) = target else {
            return Ok(());
        };
        match dict_get(doc, &stream.dict, b"Subtype").and_then(|o| o.as_name().ok()) {
            Some(b"Form") => self.form(id.unwrap_or((0, 0)), stream, resources),
            Some(b"Image") => {
                self.image(id);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn image(&mut self, object: Option<ObjectId>) {
        let marks = &mut self.out.marks;
        marks.image_count += 1;
        if marks.images.len() < MAX_IMAGES {
            marks.images.push(ImageDraw {
                object,
                matrix: self.gs.ctm.then(&self.device),
                paths_before: marks.paths,
            });
        }
    }

    fn form(
        &mut self,
        id: ObjectId,
        stream: &'d lopdf::Stream,
        resources: Option<&'d Dictionary>,
    ) -> Result<(), Exceeded> {
        let doc = self.doc;
        if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(&id) {
            return Ok(());
        }
        let Some(data) = self.budget.decode(stream)? else {
            return Ok(());
        };
        let form_matrix = dict_get(doc, &stream.dict, b"Matrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<f64> = a
                    .iter()
                    .filter_map(|o| super::deref(doc, o).and_then(num))
                    .collect();
                match v.as_slice() {
                    [a, b, c, d, e, f] => Some(Matrix([*a, *b, *c, *d, *e, *f])),
                    _ => None,
                }
            })
            .unwrap_or(Matrix::IDENTITY);
        let form_resources = dict_get(doc, &stream.dict, b"Resources")
            .and_then(|o| o.as_dict().ok())
            .or(resources);
        let saved = (
            self.gs,
            self.tm,
            self.tlm,
            self.saved.len(),
            self.dropped_saves,
        );
        self.gs.ctm = form_matrix.then(&self.gs.ctm);
        self.forms.push(id);
        let result = self.run(&data, form_resources);
        self.forms.pop();
        (self.gs, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
        self.saved.truncate(saved.3);
        self.dropped_saves = saved.4;
        result
    }
}

fn push<'a>(
    operands: &mut Vec<Operand<'a>>,
    arrays: &mut [Vec<Operand<'a>>],
    operand: Operand<'a>,
) {
    let target = match arrays.last_mut() {
        Some(array) => array,
        None => operands,
    };
    if target.len() < MAX_OPERANDS {
        target.push(operand);
    }
}

/// The grey level a colour operator sets: its numeric operands as grey,
/// RGB or CMYK; black when they are none of these (a colour space is set,
/// a pattern named).
fn colour_grey(op: &[u8], operands: &[Operand]) -> f32 {
    let values: Vec<f64> = operands
        .iter()
        .filter_map(|o| match o {
            Operand::Num(n) => Some(*n),
            _ => None,
        })
        .collect();
    let expected = match op {
        b"G" | b"g" => 1,
        b"RG" | b"rg" => 3,
        b"K" | b"k" => 4,
        _ => values.len(),
    };
    if values.len() != expected {
        return 0.0;
    }
    grey_level(&values).unwrap_or(0.0)
}

/// The last `N` operands as numbers.
fn numbers<const N: usize>(operands: &[Operand]) -> Option<[f64; N]> {
    let start = operands.len().checked_sub(N)?;
    let mut out = [0.0; N];
    for (slot, operand) in out.iter_mut().zip(operands.get(start..)?) {
        match operand {
            Operand::Num(n) if n.is_finite() => *slot = *n,
            _ => return None,
        }
    }
    Some(out)
}

fn matrix(operands: &[Operand]) -> Option<Matrix> {
    numbers::<6>(operands).map(Matrix)
}
