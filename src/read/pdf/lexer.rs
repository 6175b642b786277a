//! A lenient tokenizer for content streams and CMaps.
//!
//! It never fails: bytes that make no token are skipped, an unterminated
//! string or array ends at the end of the data. Names and operators borrow
//! from the data; only strings with escapes and hex strings are copied.

use std::borrow::Cow;

/// One token of a content stream or CMap.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    Number(f64),
    /// A name, without its slash, `#xx` escapes decoded.
    Name(Cow<'a, [u8]>),
    /// A literal or hex string, decoded.
    Str(Cow<'a, [u8]>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// Anything else: an operator or a keyword (`true`, `null`, `def`).
    Op(&'a [u8]),
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

pub(crate) fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips the data of an inline image, just after its `ID` operator: to
    /// the `EI` that stands between white space and white space (or the end).
    pub(crate) fn skip_inline_image(&mut self) {
        let start = (self.pos + 1).min(self.data.len());
        let rest = self.data.get(start..).unwrap_or_default();
        let found = rest.windows(3).enumerate().find(|(i, w)| {
            matches!(w, [white, b'E', b'I'] if is_white(*white))
                && rest.get(i + 3).is_none_or(|&b| !is_regular(b))
        });
        self.pos = match found {
            Some((i, _)) => start + i + 3,
            None => self.data.len(),
        };
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(b) = self.peek() {
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    fn name(&mut self) -> Cow<'a, [u8]> {
        let raw = self.regular_run();
        if !raw.contains(&b'#') {
            return Cow::Borrowed(raw);
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while let Some(&b) = raw.get(i) {
            let hi = raw.get(i + 1).copied().and_then(hex_value);
            let lo = raw.get(i + 2).copied().and_then(hex_value);
            match (b, hi, lo) {
                (b'#', Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        Cow::Owned(out)
    }

    /// A literal string; the opening parenthesis is already consumed.
    fn literal(&mut self) -> Cow<'a, [u8]> {
        let start = self.pos;
        // Fast path: no escapes, no carriage returns, balanced parentheses.
        let mut depth = 0usize;
        let mut i = self.pos;
        while let Some(&b) = self.data.get(i) {
            match b {
                b'\\' | b'\r' => break,
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    self.pos = i + 1;
                    return Cow::Borrowed(self.data.get(start..i).unwrap_or_default());
                }
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    if depth == 0 {
                        return Cow::Owned(out);
                    }
                    depth -= 1;
                    out.push(b);
                }
                b'\r' => {
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(b),
            }
        }
        Cow::Owned(out)
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(b) = self.peek() else { return };
        self.pos += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut value = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push((value & 0xFF) as u8);
            }
            other => out.push(other),
        }
    }

    /// A hex string; the `<` is already consumed.
    fn hex(&mut self) -> Cow<'a, [u8]> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_value(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        Cow::Owned(out)
    }
}

/// A PDF number, leniently: repeated signs and a trailing dot are accepted.
pub(crate) fn parse_number(raw: &[u8]) -> Option<f64> {
    let mut i = 0;
    let mut negative = false;
    while let Some(&b) = raw.get(i) {
        match b {
            b'-' => negative = !negative,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let body = raw.get(i..)?;
    if body.is_empty() {
        return if i > 0 { Some(0.0) } else { None };
    }
    let mut value = 0f64;
    let mut scale = 0f64;
    let mut digits = 0;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                let d = f64::from(b - b'0');
                if scale == 0.0 {
                    value = value * 10.0 + d;
                } else {
                    value += d * scale;
                    scale /= 10.0;
                }
            }
            b'.' if scale == 0.0 => scale = 0.1,
            _ => return None,
        }
    }
    if digits == 0 {
        return if body == b"." { Some(0.0) } else { None };
    }
    Some(if negative { -value } else { value })
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_white_and_comments();
            let b = self.peek()?;
            match b {
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.name()));
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Str(self.literal()));
                }
                b'<' => {
                    self.pos += 1;
                    if self.peek() == Some(b'<') {
                        self.pos += 1;
                        return Some(Token::DictOpen);
                    }
                    return Some(Token::Str(self.hex()));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictClose);
                    }
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayOpen);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayClose);
                }
                // Stray closing parenthesis, PostScript braces: skipped.
                b')' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let raw = self.regular_run();
                    if raw.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    return Some(match parse_number(raw) {
                        Some(n) => Token::Number(n),
                        None => Token::Op(raw),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<Token<'_>> {
        Lexer::new(data).collect()
    }

    #[test]
    fn reads_tokens() {
        use Token::*;
        let got = tokens(
            b"BT /F1 12 Tf -.5 3. +2 (a\\(b\\)c\\101\\\nd) Tj [<48 6>-20(x)] TJ %c\n<</A 1>> ET",
        );
        assert_eq!(
            got,
            vec![
                Op(b"BT"),
                Name(Cow::Borrowed(b"F1")),
                Number(12.0),
                Op(b"Tf"),
                Number(-0.5),
                Number(3.0),
                Number(2.0),
                Str(Cow::Borrowed(b"a(b)cAd")),
                Op(b"Tj"),
                ArrayOpen,
                Str(Cow::Borrowed(b"\x48\x60")),
                Number(-20.0),
                Str(Cow::Borrowed(b"x")),
                ArrayClose,
                Op(b"TJ"),
                DictOpen,
                Name(Cow::Borrowed(b"A")),
                Number(1.0),
                DictClose,
                Op(b"ET"),
            ]
        );
    }

    #[test]
    fn numbers_and_names() {
        assert_eq!(parse_number(b"--3"), Some(3.0));
        assert_eq!(parse_number(b"-"), Some(0.0));
        assert_eq!(parse_number(b"1.2.3"), None);
        assert_eq!(parse_number(b"Tf"), None);
        assert_eq!(tokens(b"/A#20B"), vec![Token::Name(Cow::Borrowed(b"A B"))]);
    }

    #[test]
    fn never_stalls_on_garbage() {
        let data: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(Lexer::new(&data).count() < 4096);
        assert_eq!(
            tokens(b"(unterminated"),
            vec![Token::Str(Cow::Borrowed(b"unterminated"))]
        );
        assert_eq!(tokens(b"<41"), vec![Token::Str(Cow::Borrowed(b"A"))]);
    }

    #[test]
    fn skips_inline_images() {
        let data = b"BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI\xff EI Q";
        let mut lexer = Lexer::new(data);
        while let Some(t) = lexer.next() {
            if t == Token::Op(b"ID") {
                lexer.skip_inline_image();
                break;
            }
        }
        assert_eq!(lexer.collect::<Vec<_>>(), vec![Token::Op(b"Q")]);
    }
}
