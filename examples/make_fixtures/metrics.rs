//! Font metrics and WinAnsi encoding: Helvetica and Times (standard 14
//! fonts, not embedded) and DejaVu Sans and Serif (TrueType subsets in
//! `assets/`, embedded).
//!
//! The widths are the standard Adobe AFM advance widths of Helvetica and
//! Helvetica-Bold (taken from the metric-compatible URW Nimbus Sans AFM
//! files) and of Times-Roman and Times-Bold (from groff's `devps` font
//! files, converted from the same Adobe AFM files), indexed by WinAnsi code
//! minus 32. Codes WinAnsi leaves undefined have width 0 and are never
//! produced by [`winansi`]. The DejaVu widths are read from the embedded
//! fonts themselves.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef};

/// The fonts the reports use: a sans and a serif face, regular and bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
    /// Times-Roman.
    Serif,
    /// Times-Bold.
    SerifBold,
    /// DejaVu Sans, embedded.
    DejaVuSans,
    /// DejaVu Sans Bold, embedded.
    DejaVuSansBold,
    /// DejaVu Serif, embedded.
    DejaVuSerif,
    /// DejaVu Serif Bold, embedded.
    DejaVuSerifBold,
}

impl Font {
    /// The resource name in the page's /Font dictionary.
    pub fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Serif => "F3",
            Font::SerifBold => "F4",
            Font::DejaVuSans => "F5",
            Font::DejaVuSansBold => "F6",
            Font::DejaVuSerif => "F7",
            Font::DejaVuSerifBold => "F8",
        }
    }

    /// The font's PostScript name (with a subset tag where embedded).
    pub fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
            Font::Serif => "Times-Roman",
            Font::SerifBold => "Times-Bold",
            Font::DejaVuSans => "PIRAAA+DejaVuSans",
            Font::DejaVuSansBold => "PIRAAB+DejaVuSans-Bold",
            Font::DejaVuSerif => "PIRAAC+DejaVuSerif",
            Font::DejaVuSerifBold => "PIRAAD+DejaVuSerif-Bold",
        }
    }

    /// The TrueType program of an embedded font; `None` for the standard 14.
    pub fn program(self) -> Option<&'static [u8]> {
        match self {
            Font::Regular | Font::Bold | Font::Serif | Font::SerifBold => None,
            Font::DejaVuSans => Some(include_bytes!("../../assets/DejaVuSans-subset.ttf")),
            Font::DejaVuSansBold => Some(include_bytes!("../../assets/DejaVuSans-Bold-subset.ttf")),
            Font::DejaVuSerif => Some(include_bytes!("../../assets/DejaVuSerif-subset.ttf")),
            Font::DejaVuSerifBold => {
                Some(include_bytes!("../../assets/DejaVuSerif-Bold-subset.ttf"))
            }
        }
    }

    /// Advance widths (1/1000 em) of WinAnsi codes 32..=255.
    pub fn widths(self) -> &'static [u16; 224] {
        static EMBEDDED: [OnceLock<[u16; 224]>; 4] = [const { OnceLock::new() }; 4];
        let slot = match self {
            Font::Regular => return &HELVETICA,
            Font::Bold => return &HELVETICA_BOLD,
            Font::Serif => return &TIMES,
            Font::SerifBold => return &TIMES_BOLD,
            Font::DejaVuSans => 0,
            Font::DejaVuSansBold => 1,
            Font::DejaVuSerif => 2,
            Font::DejaVuSerifBold => 3,
        };
        EMBEDDED[slot].get_or_init(|| truetype_widths(self.program().expect("embedded")))
    }

    /// Ascent and descent (1/1000 em) of an embedded font.
    pub fn vertical_metrics(self) -> Option<(f32, f32)> {
        let font = FontRef::try_from_slice(self.program()?).ok()?;
        let em = font.units_per_em()?;
        let k = |v: f32| (v * 1000.0 / em).round();
        Some((k(font.ascent_unscaled()), k(font.descent_unscaled())))
    }
}

/// The widths of WinAnsi codes 32..=255 in a TrueType font; 0 for codes
/// WinAnsi leaves undefined.
fn truetype_widths(program: &[u8]) -> [u16; 224] {
    let font = FontRef::try_from_slice(program).expect("the bundled font parses");
    let em = font.units_per_em().expect("units per em");
    let mut out = [0u16; 224];
    for (i, w) in out.iter_mut().enumerate() {
        if let Some(c) = winansi_char(32 + i as u8) {
            let advance = font.h_advance_unscaled(font.glyph_id(c));
            *w = (advance * 1000.0 / em).round() as u16;
        }
    }
    out
}

/// Characters of the WinAnsi codes 0x80..=0x9F (the ones that differ from
/// Latin-1).
const WINANSI_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// The character of a WinAnsi code, if it has one.
pub fn winansi_char(b: u8) -> Option<char> {
    match b {
        0x20..=0x7E | 0xA0..=0xFF => Some(char::from(b)),
        _ => WINANSI_HIGH
            .iter()
            .find(|(_, code)| *code == b)
            .map(|(c, _)| *c),
    }
}

/// The WinAnsi (cp1252) byte of a character; `?` for those it lacks.
pub fn winansi(c: char) -> u8 {
    let u = c as u32;
    match u {
        0x20..=0x7E | 0xA0..=0xFF => u as u8,
        _ => WINANSI_HIGH
            .iter()
            .find(|(ch, _)| *ch == c)
            .map_or(b'?', |(_, code)| *code),
    }
}

/// A text as WinAnsi bytes.
pub fn encode(s: &str) -> Vec<u8> {
    s.chars().map(winansi).collect()
}

/// Width of `s` in points at `size`.
pub fn width(s: &str, font: Font, size: f32) -> f32 {
    let table = font.widths();
    let units: u32 = s
        .chars()
        .map(|c| {
            let b = winansi(c);
            if b < 32 {
                0
            } else {
                u32::from(table[usize::from(b - 32)])
            }
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Advance widths (1/1000 em) of Helvetica, WinAnsi codes 32..=255.
pub const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    0, 556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 222, 222,
    333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 556, 537, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];
/// Advance widths (1/1000 em) of Helvetica-Bold, WinAnsi codes 32..=255.
pub const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    0, 556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 278, 278,
    500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611,
    611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];
/// Advance widths (1/1000 em) of Times-Roman, WinAnsi codes 32..=255.
pub const TIMES: [u16; 224] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
    0, 500, 0, 333, 500, 444, 1000, 500, 500, 333, 1000, 556, 333, 889, 0, 611, 0, 0, 333, 333,
    444, 444, 350, 500, 1000, 333, 980, 389, 333, 722, 0, 444, 722, 250, 333, 500, 500, 500, 500,
    200, 500, 333, 760, 276, 500, 564, 333, 760, 333, 400, 564, 300, 300, 333, 510, 453, 250, 333,
    300, 310, 500, 750, 750, 750, 444, 722, 722, 722, 722, 722, 722, 889, 667, 611, 611, 611, 611,
    333, 333, 333, 333, 722, 722, 722, 722, 722, 722, 722, 564, 722, 722, 722, 722, 722, 722, 556,
    500, 444, 444, 444, 444, 444, 444, 667, 444, 444, 444, 444, 444, 278, 278, 278, 278, 500, 500,
    500, 500, 500, 500, 500, 564, 500, 500, 500, 500, 500, 500, 500, 500,
];
/// Advance widths (1/1000 em) of Times-Bold, WinAnsi codes 32..=255.
pub const TIMES_BOLD: [u16; 224] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667,
    611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
    722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
    278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
    0, 500, 0, 333, 500, 500, 1000, 500, 500, 333, 1000, 556, 333, 1000, 0, 667, 0, 0, 333, 333,
    500, 500, 350, 500, 1000, 333, 1000, 389, 333, 722, 0, 444, 722, 250, 333, 500, 500, 500, 500,
    220, 500, 333, 747, 300, 500, 570, 333, 747, 333, 400, 570, 300, 300, 333, 601, 540, 250, 333,
    300, 330, 500, 750, 750, 750, 500, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667,
    389, 389, 389, 389, 722, 722, 778, 778, 778, 778, 778, 570, 778, 722, 722, 722, 722, 722, 611,
    556, 500, 500, 500, 500, 500, 500, 722, 444, 444, 444, 444, 444, 278, 278, 278, 278, 500, 556,
    500, 500, 500, 500, 500, 570, 500, 556, 556, 556, 556, 500, 556, 500,
];
