//! CMaps: the ToUnicode maps that give a font's codes their text, and the
//! embedded encoding CMaps of composite fonts (code lengths and CIDs).
//!
//! Parsing is lenient, as for content streams: unknown operators are
//! skipped, malformed entries dropped, and the number of entries bounded.

use std::collections::HashMap;

use super::lexer::{Lexer, Token};

/// Entries kept at most per CMap (bfchar entries plus ranges).
const MAX_ENTRIES: usize = 200_000;

/// Code ranges with values, looked up in logarithmic time. Where ranges
/// overlap, the one added last wins (as a later definition would).
#[derive(Debug, Clone)]
pub(crate) struct RangeTable<T> {
    /// Ranges spanning at most [`NARROW`] codes, sorted by their start.
    narrow: Vec<(u32, u32, usize, T)>,
    /// Wider ranges (few in practice), in the order added.
    wide: Vec<(u32, u32, usize, T)>,
    added: usize,
    sorted: bool,
}

/// Ranges up to this many codes are indexed by start.
const NARROW: u32 = 256;
/// Narrow ranges looked at, at most, going back from a code.
const SCAN: usize = 512;

impl<T> Default for RangeTable<T> {
    fn default() -> Self {
        RangeTable {
            narrow: Vec::new(),
            wide: Vec::new(),
            added: 0,
            sorted: true,
        }
    }
}

impl<T> RangeTable<T> {
    pub(crate) fn push(&mut self, lo: u32, hi: u32, value: T) {
        if hi < lo {
            return;
        }
        let entry = (lo, hi, self.added, value);
        self.added += 1;
        if hi - lo >= NARROW {
            self.wide.push(entry);
        } else {
            self.sorted &= self.narrow.last().is_none_or(|last| last.0 <= lo);
            self.narrow.push(entry);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.narrow.len() + self.wide.len()
    }

    /// Sorts the index; call once all ranges are in.
    pub(crate) fn finish(&mut self) {
        if !self.sorted {
            self.narrow.sort_by_key(|e| (e.0, e.2));
            self.sorted = true;
        }
    }

    /// The range holding `code`: its start and value.
    pub(crate) fn find(&self, code: u32) -> Option<(u32, &T)> {
        let end = self.narrow.partition_point(|e| e.0 <= code);
        let narrow = self
            .narrow
            .get(..end)
            .unwrap_or_default()
            .iter()
            .rev()
            .take(SCAN)
            .take_while(|e| code - e.0 < NARROW)
            .filter(|e| code <= e.1)
            .max_by_key(|e| e.2);
        let wide = self.wide.iter().rev().find(|e| e.0 <= code && code <= e.1);
        let best = match (narrow, wide) {
            (Some(n), Some(w)) => Some(if n.2 > w.2 { n } else { w }),
            (n, w) => n.or(w),
        };
        best.map(|e| (e.0, &e.3))
    }
}

/// A byte range of codes of one length (`begincodespacerange`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Codespace {
    pub lo: Vec<u8>,
    pub hi: Vec<u8>,
}

impl Codespace {
    fn contains(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.lo.len()
            && bytes
                .iter()
                .zip(self.lo.iter().zip(&self.hi))
                .all(|(b, (lo, hi))| lo <= b && b <= hi)
    }
}

#[derive(Debug, Clone)]
enum RangeDest {
    /// The first code's text; later codes increment its last character.
    Base(Vec<u16>),
    /// One text per code.
    List(Vec<Vec<u16>>),
}

/// A parsed CMap: what a ToUnicode map and an encoding CMap hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct CMap {
    pub codespace: Vec<Codespace>,
    chars: HashMap<u32, Vec<u16>>,
    ranges: RangeTable<RangeDest>,
    /// First CID of each cidrange and cidchar.
    cids: RangeTable<u32>,
    /// The name given to `usecmap`, if any.
    pub use_cmap: Option<Vec<u8>>,
}

/// A code's bytes as one big-endian number (at most four bytes count).
pub(crate) fn code_value(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

/// UTF-16BE bytes as code units; a lone byte is taken as a unit of its own.
fn units(bytes: &[u8]) -> Vec<u16> {
    if let [only] = bytes {
        return vec![u16::from(*only)];
    }
    bytes
        .chunks_exact(2)
        .filter_map(|c| match c {
            [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
            _ => None,
        })
        .collect()
}

/// The text of code `lo + offset` in a range starting at `base`.
fn increment(base: &[u16], offset: u32) -> Vec<u16> {
    let Some((&last, head)) = base.split_last() else {
        return Vec::new();
    };
    // A valid character (maybe a surrogate pair) is incremented as a character.
    if let Ok(s) = String::from_utf16(base) {
        if let Some(c) = s.chars().last() {
            if let Some(next) = char::from_u32(u32::from(c).wrapping_add(offset)) {
                let mut out: Vec<u16> = s
                    .chars()
                    .take(s.chars().count() - 1)
                    .flat_map(|c| {
                        let mut buf = [0u16; 2];
                        c.encode_utf16(&mut buf).to_vec()
                    })
                    .collect();
                let mut buf = [0u16; 2];
                out.extend_from_slice(next.encode_utf16(&mut buf));
                return out;
            }
        }
    }
    // Otherwise the last unit is (as Tesseract's identity map of all 2-byte
    // codes needs for surrogate halves).
    let mut out = head.to_vec();
    out.push(last.wrapping_add(offset as u16));
    out
}

#[derive(Debug)]
enum Val {
    Str(Vec<u8>),
    Num(f64),
    Name(Vec<u8>),
    Array(Vec<Val>),
}

impl CMap {
    /// Parses a CMap stream's decoded bytes.
    pub(crate) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut stack: Vec<Val> = Vec::new();
        let mut array: Option<Vec<Val>> = None;
        for token in Lexer::new(data) {
            let val = match token {
                Token::Str(s) => Val::Str(s.into_owned()),
                Token::Number(n) => Val::Num(n),
                Token::Name(n) => Val::Name(n.into_owned()),
                Token::ArrayOpen => {
                    array = Some(Vec::new());
                    continue;
                }
                Token::ArrayClose => match array.take() {
                    Some(items) => Val::Array(items),
                    None => continue,
                },
                Token::DictOpen | Token::DictClose => continue,
                Token::Op(op) => {
                    array = None;
                    cmap.operator(op, &stack);
                    stack.clear();
                    continue;
                }
            };
            match array.as_mut() {
                Some(items) if items.len() < 65_536 => items.push(val),
                Some(_) => {}
                None if stack.len() < 3 * 65_536 => stack.push(val),
                None => {}
            }
        }
        cmap.ranges.finish();
        cmap.cids.finish();
        cmap
    }

    fn entries(&self) -> usize {
        self.chars.len() + self.ranges.len() + self.cids.len()
    }

    fn operator(&mut self, op: &[u8], stack: &[Val]) {
        match op {
            b"endcodespacerange" => {
                for pair in stack.chunks_exact(2) {
                    if let [Val::Str(lo), Val::Str(hi)] = pair {
                        if !lo.is_empty() && lo.len() == hi.len() && lo.len() <= 4 {
                            self.codespace.push(Codespace {
                                lo: lo.clone(),
                                hi: hi.clone(),
                            });
                        }
                    }
                }
            }
            b"endbfchar" => {
                for pair in stack.chunks_exact(2) {
                    if self.entries() >= MAX_ENTRIES {
                        break;
                    }
                    let [src, dest] = pair else { continue };
                    let dest = match dest {
                        Val::Str(s) => units(s),
                        Val::Name(n) => match super::font::glyph_name_text(n) {
                            Some(text) => text.encode_utf16().collect(),
                            None => continue,
                        },
                        _ => continue,
                    };
                    if let Val::Str(src) = src {
                        self.chars.insert(code_value(src), dest);
                    }
                }
            }
            b"endbfrange" => {
                for triple in stack.chunks_exact(3) {
                    if self.entries() >= MAX_ENTRIES {
                        break;
                    }
                    let [Val::Str(lo), Val::Str(hi), dest] = triple else {
                        continue;
                    };
                    let (lo, hi) = (code_value(lo), code_value(hi));
                    if hi < lo {
                        continue;
                    }
                    let dest = match dest {
                        Val::Str(s) => RangeDest::Base(units(s)),
                        Val::Array(items) => RangeDest::List(
                            items
                                .iter()
                                .map(|v| match v {
                                    Val::Str(s) => units(s),
                                    _ => Vec::new(),
                                })
                                .collect(),
                        ),
                        _ => continue,
                    };
                    self.ranges.push(lo, hi, dest);
                }
            }
            b"endcidchar" => {
                for pair in stack.chunks_exact(2) {
                    if let [Val::Str(src), Val::Num(cid)] = pair {
                        if self.entries() < MAX_ENTRIES && *cid >= 0.0 {
                            let code = code_value(src);
                            self.cids.push(code, code, *cid as u32);
                        }
                    }
                }
            }
            b"endcidrange" => {
                for triple in stack.chunks_exact(3) {
                    if let [Val::Str(lo), Val::Str(hi), Val::Num(cid)] = triple {
                        let (lo, hi) = (code_value(lo), code_value(hi));
                        if self.entries() < MAX_ENTRIES && lo <= hi && *cid >= 0.0 {
                            self.cids.push(lo, hi, *cid as u32);
                        }
                    }
                }
            }
            b"usecmap" => {
                if let Some(Val::Name(name)) = stack.last() {
                    self.use_cmap = Some(name.clone());
                }
            }
            _ => {}
        }
    }

    /// The text of a code, as UTF-16 units, if the map has it.
    pub(crate) fn lookup(&self, code: u32) -> Option<Vec<u16>> {
        if let Some(units) = self.chars.get(&code) {
            return Some(units.clone());
        }
        self.ranges.find(code).and_then(|(lo, dest)| match dest {
            RangeDest::Base(base) => Some(increment(base, code - lo)),
            RangeDest::List(list) => list.get((code - lo) as usize).cloned(),
        })
    }

    /// The CID of a code, from cidchar and cidrange entries.
    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        self.cids
            .find(code)
            .map(|(lo, cid)| cid.wrapping_add(code - lo))
    }

    pub(crate) fn has_cids(&self) -> bool {
        self.cids.len() > 0
    }
}

/// How a composite font's strings split into codes.
#[derive(Debug, Clone)]
pub(crate) enum CodeSplit {
    /// Every code is `n` bytes.
    Fixed(usize),
    /// Codes as the codespace ranges say.
    Ranges(Vec<Codespace>),
}

impl CodeSplit {
    /// The next code of `bytes` (not empty) and its length.
    pub(crate) fn next(&self, bytes: &[u8]) -> (u32, usize) {
        match self {
            CodeSplit::Fixed(n) => {
                let n = (*n).clamp(1, 4).min(bytes.len()).max(1);
                (code_value(bytes.get(..n).unwrap_or(bytes)), n)
            }
            CodeSplit::Ranges(ranges) => {
                for n in 1..=4 {
                    let Some(prefix) = bytes.get(..n) else { break };
                    if ranges.iter().any(|r| r.contains(prefix)) {
                        return (code_value(prefix), n);
                    }
                }
                // No range matches: take as many bytes as the shortest range.
                let n = ranges
                    .iter()
                    .map(|r| r.lo.len())
                    .min()
                    .unwrap_or(1)
                    .min(bytes.len())
                    .max(1);
                (code_value(bytes.get(..n).unwrap_or(bytes)), n)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(units: Option<Vec<u16>>) -> Option<String> {
        units.map(|u| String::from_utf16_lossy(&u))
    }

    #[test]
    fn reads_bfchar_and_bfrange() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              3 beginbfchar <0001> <0041> <0002> <00E0> <0003> <D835DC00> endbfchar\n\
              2 beginbfrange <0010> <0012> <0061>\n\
              <0020> <0022> [<0066006C> <00E8> <0020>] endbfrange\n\
              1 beginbfrange <0030> <0031> <D835DC00> endbfrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        let cases: [(u32, Option<&str>); 10] = [
            (1, Some("A")),
            (2, Some("à")),
            (3, Some("\u{1D400}")),
            (0x10, Some("a")),
            (0x12, Some("c")),
            (0x20, Some("fl")),
            (0x21, Some("è")),
            (0x22, Some(" ")),
            (0x31, Some("\u{1D401}")),
            (0x13, None),
        ];
        for (code, want) in cases {
            assert_eq!(text(cmap.lookup(code)).as_deref(), want, "code {code:#x}");
        }
        assert_eq!(cmap.codespace.len(), 1);
    }

    #[test]
    fn identity_range_keeps_surrogate_halves() {
        let cmap = CMap::parse(b"1 beginbfrange <0000> <FFFF> <0000> endbfrange");
        assert_eq!(cmap.lookup(0x00E8), Some(vec![0x00E8]));
        assert_eq!(cmap.lookup(0xD835), Some(vec![0xD835]));
        assert_eq!(cmap.lookup(0xDC00), Some(vec![0xDC00]));
    }

    #[test]
    fn range_table_later_ranges_win() {
        let mut table = RangeTable::default();
        table.push(0, 0xFFFF, "wide");
        table.push(0x50, 0x5F, "narrow");
        table.push(0x40, 0x4F, "before");
        table.push(0x58, 0x58, "one");
        table.push(9, 3, "empty");
        table.finish();
        let cases = [
            (0x00, Some((0, "wide"))),
            (0x41, Some((0x40, "before"))),
            (0x55, Some((0x50, "narrow"))),
            (0x58, Some((0x58, "one"))),
            (0x9000, Some((0, "wide"))),
            (0x10000, None),
        ];
        for (code, want) in cases {
            assert_eq!(table.find(code).map(|(lo, v)| (lo, *v)), want, "{code:#x}");
        }
        // Many disjoint ranges: found by start.
        let mut table = RangeTable::default();
        for i in (0..10_000u32).rev() {
            table.push(i * 10, i * 10 + 4, i);
        }
        table.finish();
        assert_eq!(
            table.find(52_342).map(|(lo, v)| (lo, *v)),
            Some((52_340, 5234))
        );
        assert_eq!(table.find(52_347), None);
    }

    #[test]
    fn splits_codes_by_codespace() {
        let cmap = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange\n\
              1 begincidrange <8140> <8142> 633 endcidrange",
        );
        let split = CodeSplit::Ranges(cmap.codespace.clone());
        assert_eq!(split.next(b"\x41\x81\x40"), (0x41, 1));
        assert_eq!(split.next(b"\x81\x41"), (0x8141, 2));
        assert_eq!(split.next(b"\xFF"), (0xFF, 1));
        assert_eq!(cmap.cid(0x8141), Some(634));
        assert_eq!(CodeSplit::Fixed(2).next(b"\x01"), (1, 1));
    }
}
