//! Text as characters with their byte offsets, for the number and date
//! readers: every access is bounds-checked, so no input can make them panic.

/// A horizontal space: inside a number only after a currency sign, inside
/// a date around its separators.
pub(super) fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}'
    )
}

/// Text as chars with their byte offsets; every access is bounds-checked.
pub(super) struct Scan<'a> {
    text: &'a str,
    cs: Vec<(usize, char)>,
}

impl<'a> Scan<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Scan {
            text,
            cs: text.char_indices().collect(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.cs.len()
    }

    pub(super) fn at(&self, i: usize) -> Option<char> {
        self.cs.get(i).map(|&(_, c)| c)
    }

    pub(super) fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.at(j))
    }

    pub(super) fn off(&self, i: usize) -> usize {
        self.cs.get(i).map_or(self.text.len(), |&(o, _)| o)
    }

    pub(super) fn is_digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    pub(super) fn run_end(&self, mut i: usize) -> usize {
        while self.is_digit(i) {
            i += 1;
        }
        i
    }

    pub(super) fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(self.off(a)..self.off(b)).unwrap_or("")
    }

    /// The letters starting at `i` and the index after them.
    pub(super) fn word_at(&self, i: usize) -> (String, usize) {
        let mut j = i;
        while self.at(j).is_some_and(char::is_alphabetic) {
            j += 1;
        }
        (self.slice(i, j).to_string(), j)
    }
}
