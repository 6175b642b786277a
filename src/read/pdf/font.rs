//! Fonts: how a string's bytes split into codes, and each code's text and
//! advance width.
//!
//! Text comes from the font's ToUnicode CMap when it maps the code, else,
//! for simple fonts, from the encoding (a base encoding and /Differences,
//! glyph names read with the Adobe Glyph List that lopdf carries), else, for
//! composite fonts with a UCS-2 CMap, from the code itself. A code nothing
//! decodes becomes U+FFFD, so a broken font spoils its own glyphs only.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use lopdf::{Dictionary, Object};

use super::cmap::{CMap, CodeSplit, RangeTable};
use super::lexer::{Lexer, Token};
use super::{deref, dict_get, num, Budget, Exceeded};

/// The text of one glyph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GlyphText {
    /// A glyph that carries no text (a mapping to nothing).
    Nothing,
    Char(char),
    Str(Box<str>),
    /// Half of a surrogate pair, for the next glyph to complete.
    High(u16),
    Low(u16),
}

/// What a code shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GlyphInfo {
    pub text: GlyphText,
    /// Advance in text space for a font size of 1.
    pub width: f64,
    /// Nothing decoded it: the text is U+FFFD.
    pub undecodable: bool,
}

impl GlyphInfo {
    /// Whether the glyph is white space (a word break).
    pub(crate) fn is_space(&self) -> bool {
        match &self.text {
            GlyphText::Char(c) => c.is_whitespace(),
            GlyphText::Str(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }
}

/// A font as the text extraction needs it.
#[derive(Debug)]
pub(crate) struct Font {
    kind: Kind,
    /// The font's em in text space units (1, except for odd Type 3 fonts).
    pub size_factor: f64,
}

#[derive(Debug)]
enum Kind {
    /// One byte per code; every code precomputed.
    Simple(Box<[GlyphInfo]>),
    Composite(Box<Composite>),
}

#[derive(Debug)]
struct Composite {
    split: CodeSplit,
    /// Code to CID, from an embedded encoding CMap; identity when absent.
    cids: Option<CMap>,
    /// The codes are UCS-2 / UTF-16 (predefined Uni...-UCS2 / -UTF16 CMaps).
    ucs2: bool,
    to_unicode: Option<CMap>,
    /// Widths by CID from /W, in glyph units.
    widths: RangeTable<f64>,
    default_width: f64,
    cache: RefCell<HashMap<u32, GlyphInfo>>,
}

const CACHE_LIMIT: usize = 65_536;

impl Font {
    /// A stand-in for a font that is missing from the resources: WinAnsi
    /// text, Helvetica widths.
    pub(crate) fn fallback() -> Font {
        let table = base_encoding(b"WinAnsiEncoding");
        let glyphs = (0..256)
            .map(|code| {
                let c = table.get(code).copied().flatten();
                GlyphInfo {
                    text: c.map_or(GlyphText::Char('\u{FFFD}'), GlyphText::Char),
                    width: standard_width(b"Helvetica", c),
                    undecodable: c.is_none(),
                }
            })
            .collect();
        Font {
            kind: Kind::Simple(glyphs),
            size_factor: 1.0,
        }
    }

    /// Reads a font dictionary. Only the decompression budget can fail it:
    /// anything malformed falls back to defaults.
    pub(crate) fn load(
        doc: &lopdf::Document,
        dict: &Dictionary,
        budget: &mut Budget,
    ) -> Result<Font, Exceeded> {
        let to_unicode = match dict_get(doc, dict, b"ToUnicode").and_then(|o| o.as_stream().ok()) {
            Some(stream) => budget.decode(stream)?.map(|data| CMap::parse(&data)),
            None => None,
        };
        let subtype = dict_get(doc, dict, b"Subtype")
            .and_then(|o| o.as_name().ok())
            .unwrap_or_default();
        if subtype == b"Type0" {
            return Ok(Font {
                kind: Kind::Composite(Box::new(composite(doc, dict, to_unicode, budget)?)),
                size_factor: 1.0,
            });
        }
        // Without a ToUnicode map, an embedded Type 1 font's own encoding
        // names its glyphs where the PDF names none (TeX's math fonts).
        let builtin = match to_unicode {
            None if needs_builtin(doc, dict) => type1_builtin(doc, dict, budget)?,
            _ => None,
        };
        Ok(simple(doc, dict, subtype, to_unicode.as_ref(), builtin))
    }

    /// The next code of `bytes` (not empty) and its length in bytes.
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.kind {
            Kind::Simple(_) => (bytes.first().map_or(0, |&b| u32::from(b)), 1),
            Kind::Composite(c) => c.split.next(bytes),
        }
    }

    /// What `code` shows.
    pub(crate) fn glyph(&self, code: u32) -> GlyphInfo {
        match &self.kind {
            Kind::Simple(table) => table.get(code as usize).cloned().unwrap_or(GlyphInfo {
                text: GlyphText::Char('\u{FFFD}'),
                width: 0.5,
                undecodable: true,
            }),
            Kind::Composite(c) => {
                if let Some(info) = c.cache.borrow().get(&code) {
                    return info.clone();
                }
                let info = c.compute(code);
                let mut cache = c.cache.borrow_mut();
                if cache.len() < CACHE_LIMIT {
                    cache.insert(code, info.clone());
                }
                info
            }
        }
    }
}

impl Composite {
    fn compute(&self, code: u32) -> GlyphInfo {
        let cid = self.cids.as_ref().and_then(|m| m.cid(code)).unwrap_or(code);
        let width = self
            .widths
            .find(cid)
            .map_or(self.default_width, |(_, w)| *w)
            / 1000.0;
        let mapped = self.to_unicode.as_ref().and_then(|m| m.lookup(code));
        let (text, undecodable) = match mapped {
            Some(units) => (text_from_units(&units).unwrap_or(GlyphText::Nothing), false),
            None if self.ucs2 => match char::from_u32(code).and_then(clean_char) {
                Some(c) => (GlyphText::Char(c), false),
                None => (GlyphText::Char('\u{FFFD}'), true),
            },
            None => (GlyphText::Char('\u{FFFD}'), true),
        };
        GlyphInfo {
            text,
            width,
            undecodable,
        }
    }
}

fn composite(
    doc: &lopdf::Document,
    dict: &Dictionary,
    to_unicode: Option<CMap>,
    budget: &mut Budget,
) -> Result<Composite, Exceeded> {
    let mut split = CodeSplit::Fixed(2);
    let mut cids = None;
    let mut ucs2 = false;
    match dict_get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => {
            ucs2 = name.ends_with(b"UCS2-H")
                || name.ends_with(b"UCS2-V")
                || name.ends_with(b"UTF16-H")
                || name.ends_with(b"UTF16-V");
        }
        Some(Object::Stream(stream)) => {
            if let Some(data) = budget.decode(stream)? {
                let cmap = CMap::parse(&data);
                if !cmap.codespace.is_empty() {
                    split = CodeSplit::Ranges(cmap.codespace.clone());
                }
                if cmap.has_cids() {
                    cids = Some(cmap);
                }
            }
        }
        _ => {}
    }
    let descendant = dict_get(doc, dict, b"DescendantFonts")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let mut widths = RangeTable::default();
    let mut default_width = 1000.0;
    if let Some(d) = descendant {
        if let Some(dw) = dict_get(doc, d, b"DW").and_then(num) {
            default_width = dw;
        }
        if let Some(w) = dict_get(doc, d, b"W").and_then(|o| o.as_array().ok()) {
            widths = cid_widths(doc, w);
        }
    }
    Ok(Composite {
        split,
        cids,
        ucs2,
        to_unicode,
        widths,
        default_width,
        cache: RefCell::new(HashMap::new()),
    })
}

/// The /W array of a CID font: `c [w1 w2 ...]` and `c_first c_last w`.
fn cid_widths(doc: &lopdf::Document, w: &[Object]) -> RangeTable<f64> {
    let mut out = RangeTable::default();
    let mut i = 0;
    while let Some(first) = w.get(i).and_then(|o| deref(doc, o)).and_then(num) {
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate().take(65_536) {
                    if let Some(width) = deref(doc, width).and_then(num) {
                        let cid = first.saturating_add(k as u32);
                        out.push(cid, cid, width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let last = num(last).unwrap_or(-1.0);
                let width = w.get(i + 2).and_then(|o| deref(doc, o)).and_then(num);
                if let (true, Some(width)) = (last >= f64::from(first), width) {
                    out.push(first, last as u32, width);
                }
                i += 3;
            }
            None => break,
        }
        if out.len() > 200_000 {
            break;
        }
    }
    out.finish();
    out
}

/// Whether the PDF leaves the base encoding to the font program: no
/// /Encoding, or one without /BaseEncoding.
fn needs_builtin(doc: &lopdf::Document, dict: &Dictionary) -> bool {
    match dict_get(doc, dict, b"Encoding") {
        None => true,
        Some(Object::Dictionary(enc)) => dict_get(doc, enc, b"BaseEncoding").is_none(),
        Some(_) => false,
    }
}

/// The encoding written in an embedded Type 1 font program (its clear-text
/// part: `dup <code> /<name> put` entries), if it has its own.
fn type1_builtin(
    doc: &lopdf::Document,
    dict: &Dictionary,
    budget: &mut Budget,
) -> Result<Option<Vec<Option<GlyphText>>>, Exceeded> {
    let Some(stream) = dict_get(doc, dict, b"FontDescriptor")
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| dict_get(doc, d, b"FontFile"))
        .and_then(|o| o.as_stream().ok())
    else {
        return Ok(None);
    };
    let Some(data) = budget.decode(stream)? else {
        return Ok(None);
    };
    Ok(parse_type1_encoding(&data))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn parse_type1_encoding(data: &[u8]) -> Option<Vec<Option<GlyphText>>> {
    let clear = data.get(..find(data, b"eexec").unwrap_or(data.len()))?;
    let start = find(clear, b"/Encoding")? + b"/Encoding".len();
    let mut table: Vec<Option<GlyphText>> = vec![None; 256];
    let mut found = false;
    let mut code: Option<usize> = None;
    let mut name: Option<Vec<u8>> = None;
    for token in Lexer::new(clear.get(start..)?) {
        match token {
            Token::Op(b"StandardEncoding") if !found => return None,
            Token::Op(b"dup") => {
                code = None;
                name = None;
            }
            Token::Number(n) => code = Some(n.clamp(0.0, 256.0) as usize),
            Token::Name(n) => name = Some(n.into_owned()),
            Token::Op(b"put") => {
                if let (Some(code), Some(name)) = (code.take(), name.take()) {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name_text(&name).map(|t| text_of(&t));
                        found = true;
                    }
                }
            }
            Token::Op(b"def") if found => break,
            Token::Op(b"readonly" | b"array" | b"for" | b"def") => {}
            Token::Op(_) if found => break,
            _ => {}
        }
    }
    found.then_some(table)
}

fn simple(
    doc: &lopdf::Document,
    dict: &Dictionary,
    subtype: &[u8],
    to_unicode: Option<&CMap>,
    builtin: Option<Vec<Option<GlyphText>>>,
) -> Font {
    let base_font = dict_get(doc, dict, b"BaseFont")
        .and_then(|o| o.as_name().ok())
        .unwrap_or_default();
    let encoding = simple_encoding(doc, dict, subtype, builtin);
    let descriptor = dict_get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
    let missing = descriptor
        .and_then(|d| dict_get(doc, d, b"MissingWidth"))
        .and_then(num);
    let first_char = dict_get(doc, dict, b"FirstChar")
        .and_then(num)
        .unwrap_or(0.0);
    let widths = dict_get(doc, dict, b"Widths").and_then(|o| o.as_array().ok());
    // Type 3 glyph space maps to text space by the font matrix.
    let (scale, size_factor) = if subtype == b"Type3" {
        type3_scale(doc, dict)
    } else {
        (0.001, 1.0)
    };
    let glyphs = (0..256u32)
        .map(|code| {
            let from_map = to_unicode
                .and_then(|m| m.lookup(code))
                .and_then(|u| text_from_units(&u));
            let from_encoding = encoding.get(code as usize).cloned().flatten();
            let (text, undecodable) = match (from_map, from_encoding) {
                (Some(t), _) => (t, false),
                (None, Some(t)) => (t, false),
                (None, None) => (GlyphText::Char('\u{FFFD}'), true),
            };
            let width = match widths {
                Some(list) => {
                    let index = f64::from(code) - first_char;
                    let w = (index >= 0.0)
                        .then(|| list.get(index as usize))
                        .flatten()
                        .and_then(|o| deref(doc, o))
                        .and_then(num);
                    match (w, missing) {
                        (Some(w), _) => w * scale,
                        (None, Some(m)) => m * scale,
                        (None, None) => 0.0,
                    }
                }
                None => match missing {
                    Some(m) if m > 0.0 => m * scale,
                    _ => {
                        let c = match &text {
                            GlyphText::Char(c) => Some(*c),
                            _ => None,
                        };
                        standard_width(base_font, c)
                    }
                },
            };
            GlyphInfo {
                text,
                width,
                undecodable,
            }
        })
        .collect();
    Font {
        kind: Kind::Simple(glyphs),
        size_factor,
    }
}

/// Type 3: width scale from /FontMatrix, em size from /FontBBox.
fn type3_scale(doc: &lopdf::Document, dict: &Dictionary) -> (f64, f64) {
    let numbers = |key: &[u8]| -> Vec<f64> {
        dict_get(doc, dict, key)
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .filter_map(|o| deref(doc, o).and_then(num))
                    .collect()
            })
            .unwrap_or_default()
    };
    let matrix = numbers(b"FontMatrix");
    let (a, d) = match matrix.as_slice() {
        [a, _, _, d, ..] if a.is_finite() && d.is_finite() => (*a, *d),
        _ => (0.001, 0.001),
    };
    let bbox = numbers(b"FontBBox");
    let size = match bbox.as_slice() {
        [_, y0, _, y1, ..] => ((y1 - y0) * d).abs(),
        _ => 0.0,
    };
    let size = if size.is_finite() && (0.1..=10.0).contains(&size) {
        size
    } else {
        1.0
    };
    (a, size)
}

/// The 256 texts of a simple font's encoding.
fn simple_encoding(
    doc: &lopdf::Document,
    dict: &Dictionary,
    subtype: &[u8],
    builtin: Option<Vec<Option<GlyphText>>>,
) -> Vec<Option<GlyphText>> {
    // Without /Encoding the font's own applies; Standard for Type 1, and in
    // practice WinAnsi for TrueType (which has no standard built-in one).
    let default: &[u8] = if subtype == b"TrueType" {
        b"WinAnsiEncoding"
    } else {
        b"StandardEncoding"
    };
    let (base, differences) = match dict_get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => (name.as_slice(), None),
        Some(Object::Dictionary(enc)) => (
            dict_get(doc, enc, b"BaseEncoding")
                .and_then(|o| o.as_name().ok())
                .unwrap_or(default),
            dict_get(doc, enc, b"Differences").and_then(|o| o.as_array().ok()),
        ),
        _ => (default, None),
    };
    let mut table: Vec<Option<GlyphText>> = match builtin {
        Some(table) => table,
        None => base_encoding(base)
            .iter()
            .map(|c| c.map(GlyphText::Char))
            .collect(),
    };
    if let Some(differences) = differences {
        let mut code = 0usize;
        for item in differences.iter().take(4096) {
            match deref(doc, item) {
                Some(Object::Integer(n)) => code = (*n).clamp(0, 256) as usize,
                Some(Object::Real(n)) => code = n.clamp(0.0, 256.0) as usize,
                Some(Object::Name(name)) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name_text(name).map(|t| text_of(&t));
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Latin ligature characters written out, as later stages match words.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

fn text_of(s: &str) -> GlyphText {
    if s.chars().any(|c| ligature(c).is_some()) {
        let expanded: String = s
            .chars()
            .map(|c| ligature(c).map_or_else(|| c.to_string(), str::to_string))
            .collect();
        return text_of(&expanded);
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (None, _) => GlyphText::Nothing,
        (Some(c), None) => GlyphText::Char(c),
        _ => GlyphText::Str(s.into()),
    }
}

/// Control characters are not text; tabs and line ends are spaces.
fn clean_char(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => Some(' '),
        '\u{FEFF}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// UTF-16 units to glyph text: `None` when nothing printable is left.
fn text_from_units(units: &[u16]) -> Option<GlyphText> {
    if let [unit] = units {
        match unit {
            0xD800..=0xDBFF => return Some(GlyphText::High(*unit)),
            0xDC00..=0xDFFF => return Some(GlyphText::Low(*unit)),
            _ => {}
        }
    }
    let s: String = char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .filter_map(clean_char)
        .collect();
    match text_of(&s) {
        GlyphText::Nothing => None,
        t => Some(t),
    }
}

/// A base encoding's characters by code. Unknown names give StandardEncoding.
pub(crate) fn base_encoding(name: &[u8]) -> &'static [Option<char>; 256] {
    static STANDARD: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static WIN_ANSI: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static MAC_ROMAN: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static MAC_EXPERT: OnceLock<[Option<char>; 256]> = OnceLock::new();
    static PDF_DOC: OnceLock<[Option<char>; 256]> = OnceLock::new();
    let (cell, name): (&OnceLock<_>, &[u8]) = match name {
        b"WinAnsiEncoding" => (&WIN_ANSI, b"WinAnsiEncoding"),
        b"MacRomanEncoding" => (&MAC_ROMAN, b"MacRomanEncoding"),
        b"MacExpertEncoding" => (&MAC_EXPERT, b"MacExpertEncoding"),
        b"PDFDocEncoding" => (&PDF_DOC, b"PDFDocEncoding"),
        _ => (&STANDARD, b"StandardEncoding"),
    };
    cell.get_or_init(|| lopdf_table(name))
}

/// Asks lopdf, which carries the encoding tables, for each code's character.
fn lopdf_table(name: &[u8]) -> [Option<char>; 256] {
    let doc = lopdf::Document::new();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.to_vec()));
    let mut table = [None; 256];
    if let Ok(encoding) = font.get_font_encoding(&doc) {
        for (code, slot) in table.iter_mut().enumerate() {
            let text = encoding.bytes_to_string(&[code as u8]).unwrap_or_default();
            let mut chars = text.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                *slot = Some(c);
            }
        }
    }
    // In WinAnsi a non-breaking space and a soft hyphen are a space and a hyphen.
    if name == b"WinAnsiEncoding" {
        table[0xA0] = Some(' ');
        table[0xAD] = Some('-');
    }
    table
}

/// The text of a glyph name: the Adobe Glyph List (through lopdf), then the
/// `uniXXXX` / `uXXXX[XX]` forms, then the part before a `.` suffix, and
/// ligature names joined by `_`.
pub(crate) fn glyph_name_text(name: &[u8]) -> Option<String> {
    thread_local! {
        static CACHE: RefCell<HashMap<Vec<u8>, Option<String>>> = RefCell::new(HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(name).cloned()) {
        return hit;
    }
    let text = name_text(name, 0);
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() < 20_000 {
            cache.insert(name.to_vec(), text.clone());
        }
    });
    text
}

fn name_text(name: &[u8], depth: u8) -> Option<String> {
    if name.is_empty() || name.len() > 128 || depth > 2 {
        return None;
    }
    if let Some(c) = agl(name) {
        return Some(c.to_string());
    }
    if let Some(hex) = name.strip_prefix(b"uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 {
            let units: Option<Vec<u16>> = hex
                .chunks(4)
                .map(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                })
                .collect();
            if let Some(units) = units {
                let s = String::from_utf16(&units).ok()?;
                return Some(s);
            }
        }
    }
    if let Some(hex) = name.strip_prefix(b"u") {
        if (4..=6).contains(&hex.len()) {
            if let Some(c) = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
            {
                return Some(c.to_string());
            }
        }
    }
    if let Some(dot) = name.iter().position(|&b| b == b'.') {
        return name_text(name.get(..dot)?, depth + 1);
    }
    if name.contains(&b'_') {
        let parts: Option<Vec<String>> = name
            .split(|&b| b == b'_')
            .map(|part| name_text(part, depth + 1))
            .collect();
        return parts.map(|p| p.concat());
    }
    None
}

/// One glyph name through lopdf's Adobe Glyph List.
fn agl(name: &[u8]) -> Option<char> {
    thread_local! {
        static EMPTY: lopdf::Document = lopdf::Document::new();
    }
    let mut encoding = Dictionary::new();
    encoding.set(
        "Differences",
        Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]),
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(encoding));
    EMPTY.with(|doc| {
        // An unknown name makes lopdf fall back to StandardEncoding, where
        // code 0 is empty: so only a known name gives a character here.
        let text = font
            .get_font_encoding(doc)
            .ok()?
            .bytes_to_string(&[0])
            .ok()?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    })
}

/// The advance of a standard 14 font glyph when the PDF gives no widths:
/// Helvetica's (Arial's) metrics for Latin text, Courier's 600, Times a
/// little narrower than Helvetica.
fn standard_width(base_font: &[u8], c: Option<char>) -> f64 {
    let name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
    if name.contains("courier") || name.contains("mono") {
        return 0.6;
    }
    let helvetica = c.map_or(556, helvetica_width);
    let scale = if name.contains("times") || name.contains("roman") || name.contains("serif") {
        0.9
    } else {
        1.0
    };
    f64::from(helvetica) / 1000.0 * scale
}

/// Helvetica's widths (per 1000) for ASCII; accented letters as their base letter.
pub(crate) fn helvetica_width(c: char) -> u16 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '../
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
        278, 278, 584, 584, 584, 556, 1015, // :..@
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
        667, 611, 722, 667, 944, 667, 667, 611, // A-Z
        278, 278, 278, 469, 556, 333, // [..`
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
        500, 278, 556, 500, 722, 500, 500, 500, // a-z
        334, 260, 334, 584, // {..~
    ];
    let base = match c {
        'à'..='å' => 'a',
        'À'..='Å' => 'A',
        'è'..='ë' => 'e',
        'È'..='Ë' => 'E',
        'ì'..='ï' => 'i',
        'Ì'..='Ï' => 'I',
        'ò'..='ö' => 'o',
        'Ò'..='Ö' => 'O',
        'ù'..='ü' => 'u',
        'Ù'..='Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        '’' | '‘' => return 222,
        '“' | '”' => return 333,
        '€' => return 556,
        '–' => return 556,
        '—' => return 1000,
        '\u{A0}' => return 278,
        c => c,
    };
    (base as usize)
        .checked_sub(0x20)
        .and_then(|i| ASCII.get(i))
        .copied()
        .unwrap_or(556)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_encodings_decode_italian_accents() {
        let cases: [(&[u8], u8, Option<char>); 12] = [
            (b"WinAnsiEncoding", 0xE0, Some('à')),
            (b"WinAnsiEncoding", 0xE8, Some('è')),
            (b"WinAnsiEncoding", 0xE9, Some('é')),
            (b"WinAnsiEncoding", 0xEC, Some('ì')),
            (b"WinAnsiEncoding", 0xF2, Some('ò')),
            (b"WinAnsiEncoding", 0xF9, Some('ù')),
            (b"WinAnsiEncoding", 0x80, Some('€')),
            (b"WinAnsiEncoding", 0x27, Some('\'')),
            (b"MacRomanEncoding", 0x88, Some('à')),
            (b"MacRomanEncoding", 0x8F, Some('è')),
            (b"StandardEncoding", 0x27, Some('’')),
            (b"StandardEncoding", 0xE8, Some('Ł')),
        ];
        for (name, code, want) in cases {
            assert_eq!(
                base_encoding(name)[code as usize],
                want,
                "{} {code:#x}",
                String::from_utf8_lossy(name)
            );
        }
    }

    #[test]
    fn glyph_names() {
        let cases: [(&[u8], Option<&str>); 9] = [
            (b"agrave", Some("à")),
            (b"Euro", Some("€")),
            (b"space", Some(" ")),
            (b"uni00E8", Some("è")),
            (b"uni00660069", Some("fi")),
            (b"u1F600", Some("😀")),
            (b"a.sc", Some("a")),
            (b"f_f_i", Some("ffi")),
            (b"g123", None),
        ];
        for (name, want) in cases {
            let got = glyph_name_text(name).map(|t| match text_of(&t) {
                GlyphText::Char(c) => c.to_string(),
                GlyphText::Str(s) => s.to_string(),
                other => format!("{other:?}"),
            });
            assert_eq!(got.as_deref(), want, "{}", String::from_utf8_lossy(name));
        }
    }

    #[test]
    fn surrogate_halves_and_controls() {
        assert_eq!(text_from_units(&[0xD835]), Some(GlyphText::High(0xD835)));
        assert_eq!(text_from_units(&[0x0000]), None);
        assert_eq!(text_from_units(&[0x0009]), Some(GlyphText::Char(' ')));
        assert_eq!(
            text_from_units(&[0x0066, 0x0069]),
            Some(GlyphText::Str("fi".into()))
        );
    }
}
