//! Italian numbers, euro amounts and percentages as they come out of noisy
//! OCR, read into [`Decimal`] (never floats). Dates are read by
//! [`super::date`].
//!
//! Italian style is `1.260.786,50`: `.` groups thousands, `,` is the decimal
//! comma. The reader keeps the decimals the document wrote (scale) and
//! repairs the OCR damage seen in the reports:
//!
//! * a misread euro sign (`£`, `¢`) still makes an amount a [`NumberKind::Euro`];
//! * one dot before 1-2 final digits is a decimal point (`97.40%`,
//!   `€ 103.978.20`); a dot before exactly 3 digits groups thousands (`1.600`);
//! * after a currency sign a single space may group thousands
//!   (`€ 8825 715,66`, `€ 1 260 786`) and a final space before 2 digits is a
//!   lost decimal comma (`€ 429 457 82`, uncertain);
//! * a doubled `%` is one percent sign;
//! * a euro amount with a thousands dot and 3 digits after its comma
//!   (`€ 1.260,786`) had a dot misread as a comma: read as `1260786`, uncertain.
//!
//! A minus directly before the digits is a sign (`-6,25%`, `€ -5`), but not a
//! dash glued to the previous number (`7,5%-8%` is 7.5 and 8) nor a bullet
//! before a currency sign (`- € 5`). A currency sign between two numbers
//! belongs to the second (`conto 313011 € 2.754,24`) unless it is glued to
//! the first only (`5€ 3`).
//!
//! Readings that are only a best guess (separators or digits lost, groups of
//! the wrong length, a large euro amount without any thousands separator) are
//! flagged `uncertain`. When a group after a thousands dot is not 3 digits
//! long (`7.8639`; in euros `€ 79.2455` is read as 79245,5), the dot is still read as a thousands
//! separator (`792455`, `78639`), Italian style, and the reading is uncertain.
//!
//! Not numbers: dates (`31/12/2020`, `15.3.2020`, `31 dicembre 2020`), codes
//! joined by `-` or `/` (`011-005-001`, `150/2009`, `2021-2023`), section
//! numbers with several dots (`1.2.3`), digits stuck to letters (`PIRA2020`,
//! `2020bis`, `1a`, `COVID-19`) and ordinals (`2°`).

use rust_decimal::Decimal;

use super::date::named_date_spans;
use super::scan::{is_hspace, Scan};

/// What a number measures, told by the sign written with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A bare number.
    Plain,
    /// A number followed by `%` (even with a currency sign before it).
    Percent,
    /// A number with a currency sign (or an OCR misread of one) before or after it.
    Euro,
}

/// A number read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNumber {
    /// The value, with the decimals the document wrote: "6.900.000,00" -> 6900000.00 (scale 2).
    pub value: Decimal,
    /// Plain, percent or euro.
    pub kind: NumberKind,
    /// Separators or digits were lost or ambiguous: the value is only a best reading.
    pub uncertain: bool,
    /// The reading needed a repair (misread currency sign, dot used as decimal comma,
    /// space as thousands separator, doubled %).
    pub repaired: bool,
    /// Its grouping or separators are not valid Italian ("7.8639", "1.85",
    /// "€ 8825 715,66"): the value is a reading of a malformed number, not
    /// what the text states.
    pub irregular: bool,
    /// Byte offset where the number starts (its currency sign or minus sign included).
    pub start: usize,
    /// Byte offset just past the number (a trailing `%` or currency sign included).
    pub end: usize,
}

impl ReadNumber {
    /// Whether the value is only a best reading (uncertain, or read from a
    /// malformed number): whoever states it must say so with a warning.
    #[must_use]
    pub fn is_best_reading(&self) -> bool {
        self.uncertain || self.irregular
    }
}

/// All numbers in a text, in order. Dates (31/12/2020, 15.3.2020), codes like
/// 011-005-001, years inside words, and ordinals stuck to letters are not
/// numbers here: date-like and code-like tokens are skipped.
#[must_use]
pub fn find_numbers(text: &str) -> Vec<ReadNumber> {
    scan_numbers(text, usize::MAX)
}

/// Up to `limit` numbers of `text`, in order.
fn scan_numbers(text: &str, limit: usize) -> Vec<ReadNumber> {
    let scan = Scan::new(text);
    let skip = named_date_spans(text);
    let mut out = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < scan.len() && out.len() < limit {
        if !scan.is_digit(i) {
            i += 1;
            continue;
        }
        let (found, next) = scan.read_at(i, floor);
        if let Some(n) = found {
            if !skip.iter().any(|&(a, b)| n.start < b && a < n.end) {
                out.push(n);
            }
        }
        let next = next.max(i + 1);
        floor = next;
        i = next;
    }
    out
}

/// The euro amount at or near the start of a resource line
/// ("€ 24.390,75: conto 330001 ..."); bullet prefixes like "-", "<", "- " are
/// tolerated, and a "-" glued to the digits at the start of the line is read
/// as a bullet, not a minus. An amount whose currency sign was lost is still
/// taken when it has two decimals ("24.390,75: conto ..."), as a
/// [`NumberKind::Plain`]. None when the text does not start with an amount.
#[must_use]
pub fn leading_amount(text: &str) -> Option<ReadNumber> {
    let mut n = scan_numbers(text, 1).into_iter().next()?;
    let before = text.get(..n.start)?;
    if !before.chars().all(|c| c.is_whitespace() || is_bullet(c)) {
        return None;
    }
    if n.kind == NumberKind::Percent {
        return None;
    }
    let span = text.get(n.start..n.end)?;
    if let Some(first) = span.chars().next().filter(|&c| is_minus(c)) {
        n.value.set_sign_negative(false);
        n.start += first.len_utf8();
    }
    if n.kind == NumberKind::Plain && n.value.scale() != 2 {
        return None;
    }
    Some(n)
}

/// The single value a table cell states: "97.40%" -> Percent 97.40,
/// "€ 6.900.000,00" -> Euro, "1.600" -> 1600, "almeno 12.000 posizioni" ->
/// 12000, "Realizzati 21 eventi in webinar" -> 21, "SI" / "nuova attività" /
/// "" -> None. When a cell holds several numbers, the first one that is not a
/// date or part of a code.
#[must_use]
pub fn cell_value(text: &str) -> Option<ReadNumber> {
    scan_numbers(text, 1).into_iter().next()
}

/// Counts written in words, two to ten and the tens: "uno"/"una" are
/// articles more often than counts, and are left out.
const COUNT_WORDS: [(&str, u32); 17] = [
    ("due", 2),
    ("tre", 3),
    ("quattro", 4),
    ("cinque", 5),
    ("sei", 6),
    ("sette", 7),
    ("otto", 8),
    ("nove", 9),
    ("dieci", 10),
    ("venti", 20),
    ("trenta", 30),
    ("quaranta", 40),
    ("cinquanta", 50),
    ("sessanta", 60),
    ("settanta", 70),
    ("ottanta", 80),
    ("novanta", 90),
];

/// The count a text writes in words ("almeno due accordi" -> 2): its only
/// count word, followed by a word (a count of something, not "sei" the
/// verb closing a sentence); `None` with none or several.
#[must_use]
pub fn count_in_words(text: &str) -> Option<ReadNumber> {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let mut found = words.windows(2).filter_map(|pair| {
        let (at, word) = pair[0];
        let next = pair[1].1;
        let value = COUNT_WORDS
            .iter()
            .find(|(name, _)| word.eq_ignore_ascii_case(name))?
            .1;
        next.starts_with(char::is_alphabetic).then_some(ReadNumber {
            value: Decimal::from(value),
            kind: NumberKind::Plain,
            uncertain: false,
            repaired: false,
            irregular: false,
            start: at,
            end: at + word.len(),
        })
    });
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Writes a decimal the Italian way: thousands '.', decimal ',', keeping the
/// scale ("6900000.00" -> "6.900.000,00", "-6.25" -> "-6,25").
#[must_use]
pub fn format_italian(value: Decimal) -> String {
    let scale = usize::try_from(value.scale()).unwrap_or(0);
    let mantissa = value.mantissa();
    let mut digits: Vec<char> = mantissa.unsigned_abs().to_string().chars().collect();
    while digits.len() <= scale {
        digits.insert(0, '0');
    }
    let split = digits.len() - scale;
    let (int, frac) = digits.split_at(split);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    if mantissa < 0 {
        out.push('-');
    }
    for (k, c) in int.iter().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push('.');
        }
        out.push(*c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.extend(frac.iter());
    }
    out
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ordinal_mark(c: char) -> bool {
    matches!(c, '°' | 'º' | 'ª' | '^')
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2212}'
            | '–'
            | '—'
            | '<'
            | '>'
            | '•'
            | '·'
            | '*'
            | '»'
            | '›'
            | '|'
            | '\''
            | '`'
            | '.'
            | ':'
            | ';'
            | '_'
            | '~'
    )
}

fn is_currency_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower == "eur" || lower == "euro"
}

// ---------------------------------------------------------------------------
// Number reading

/// How a digit group is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// The first group.
    Start,
    Dot,
    Comma,
    /// One space (only after a currency sign).
    Space,
    /// A dot followed by one space (only after a currency sign).
    DotSpace,
}

/// The digits and separators of one number, as char indices.
struct Body {
    groups: Vec<(Sep, usize, usize)>,
    end: usize,
    /// Digits joined by '/' or '-': a date or a code.
    code: bool,
}

/// What a space-separated digit group does to the number before it.
enum Join {
    Group,
    LostComma,
    No,
}

/// A value read from digit groups.
struct Reading {
    value: Decimal,
    uncertain: bool,
    repaired: bool,
}

impl Scan<'_> {
    /// Reads the number whose first digit is at `i`; chars before `floor`
    /// belong to an earlier number. Returns the number, if the token is one,
    /// and the index where scanning goes on.
    fn read_at(&self, i: usize, floor: usize) -> (Option<ReadNumber>, usize) {
        let run_end = self.run_end(i);
        let continues = matches!(self.at(run_end), Some('.' | ',')) && self.is_digit(run_end + 1);
        // ",5": a lost leading zero.
        let leading_comma = i > floor
            && !continues
            && self.before(i) == Some(',')
            && !self
                .before(i - 1)
                .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',' || c == '_');
        let k = if leading_comma { i - 1 } else { i };
        // "..100.000": a digit read as a separator (not "n.5", an abbreviation).
        let stray_separator = k > floor
            && matches!(self.before(k), Some('.' | ','))
            && !self.before(k - 1).is_some_and(char::is_alphabetic);

        let mut sign = None;
        let mut hyphenated = false;
        if let Some(c) = self.before(k).filter(|&c| is_minus(c) || c == '+') {
            let pre = self.before(k - 1);
            if pre.is_some_and(is_word_char) {
                hyphenated = true;
            } else if k > floor
                && (floor == 0 || k - 1 > floor)
                && !pre.is_some_and(|p| p.is_ascii_digit())
            {
                // A dash glued to the previous number ("7,5%-8%") is a range, not a sign.
                sign = Some((k - 1, is_minus(c)));
            }
        }
        let s = sign.map_or(k, |(idx, _)| idx);
        let prefix = self.prefix_currency(s, floor);
        // "PIRA2020", "tremilionicinquecentomila/00": part of a word or code.
        let stuck_before = prefix.is_none()
            && self.before(s).is_some_and(|c| {
                is_word_char(c)
                    || (c == '/' && self.before(s - 1).is_some_and(char::is_alphanumeric))
            });

        let body = self.scan_body(i, prefix.is_some());
        if hyphenated || stuck_before || body.code {
            return (None, body.end);
        }
        // Ordinals ("2°") and digits stuck to a word ("2020bis") are not numbers.
        // An ordinal mark after "2.105.286,76" is OCR noise, not an ordinal.
        let short = body.groups.len() == 1 && body.end.saturating_sub(s) <= 3;
        let stuck_after = self.at(body.end).is_some_and(|c| {
            (is_ordinal_mark(c) && short)
                || (is_word_char(c) && !is_currency_word(&self.word_at(body.end).0))
        });
        if stuck_after {
            return (None, body.end);
        }

        // "100. 022.480,1", "480,.": digits cut off after a separator.
        let cut_off = matches!(self.at(body.end), Some('.' | ','))
            && (matches!(self.at(body.end + 1), Some('.' | ',' | '%'))
                || (self.at(body.end + 1).is_some_and(is_hspace) && self.is_digit(body.end + 2)));
        let (suffix, end, suffix_repaired) = self.suffix(body.end);
        // A `%` after the number wins over a currency sign before it.
        let kind = match suffix {
            Some(kind) => kind,
            None if prefix.is_some() => NumberKind::Euro,
            None => NumberKind::Plain,
        };
        let groups: Vec<(Sep, &str)> = body
            .groups
            .iter()
            .map(|&(sep, a, b)| (sep, self.slice(a, b)))
            .collect();
        let negative = sign.is_some_and(|(_, neg)| neg);
        let Some(reading) = interpret(&groups, leading_comma, negative, kind) else {
            return (None, body.end);
        };
        let start = prefix.map_or(s, |(idx, _)| idx);
        let n = ReadNumber {
            value: reading.value,
            kind,
            uncertain: reading.uncertain,
            irregular: leading_comma || stray_separator || cut_off || !is_italian(&groups),
            repaired: reading.repaired
                || suffix_repaired
                || prefix.is_some_and(|(_, misread)| misread),
            start: self.off(start),
            end: self.off(end),
        };
        (Some(n), end)
    }

    /// A currency sign or word before index `s` (spaces between allowed):
    /// its index and whether it is an OCR misread of `€`.
    fn prefix_currency(&self, s: usize, floor: usize) -> Option<(usize, bool)> {
        let mut j = s;
        let mut spaces = 0;
        while j > floor && spaces < 3 && self.before(j).is_some_and(is_hspace) {
            j -= 1;
            spaces += 1;
        }
        if j <= floor {
            return None;
        }
        match self.before(j)? {
            '€' => Some((j - 1, false)),
            '£' | '¢' => Some((j - 1, true)),
            c if c.is_alphabetic() => {
                let mut w = j;
                while w > floor && self.before(w).is_some_and(char::is_alphabetic) {
                    w -= 1;
                }
                if self.before(w).is_some_and(is_word_char) {
                    return None;
                }
                is_currency_word(self.slice(w, j)).then_some((w, false))
            }
            _ => None,
        }
    }

    /// A `%` or currency after the body ending at `e`: the kind it gives,
    /// the index after it, and whether it needed a repair.
    fn suffix(&self, e: usize) -> (Option<NumberKind>, usize, bool) {
        let mut j = e;
        let mut spaces = 0;
        while spaces < 2 && self.at(j).is_some_and(is_hspace) {
            j += 1;
            spaces += 1;
        }
        let found = match self.at(j) {
            Some('%') => {
                let mut q = j;
                while self.at(q) == Some('%') {
                    q += 1;
                }
                (Some(NumberKind::Percent), q, q - j > 1)
            }
            Some('€') => (Some(NumberKind::Euro), j + 1, false),
            Some('£' | '¢') => (Some(NumberKind::Euro), j + 1, true),
            Some(c) if c.is_alphabetic() => {
                let (word, after) = self.word_at(j);
                if is_currency_word(&word) {
                    (Some(NumberKind::Euro), after, false)
                } else {
                    (None, e, false)
                }
            }
            _ => (None, e, false),
        };
        // "313011 € 2.754,24": a currency sign before another number is that
        // number's prefix, unless it is glued to this one only ("5€ 3").
        if found.0 == Some(NumberKind::Euro) {
            let mut q = found.1;
            while self.at(q).is_some_and(is_hspace) {
                q += 1;
            }
            let signed = self.at(q).is_some_and(|c| is_minus(c) || c == '+');
            let glued_here_only = spaces == 0 && q > found.1;
            if !glued_here_only && (self.is_digit(q) || (signed && self.is_digit(q + 1))) {
                return (None, e, false);
            }
        }
        found
    }

    /// The digit groups from the run at `i`; spaces join groups only after a
    /// currency sign.
    fn scan_body(&self, i: usize, after_currency: bool) -> Body {
        let first_end = self.run_end(i);
        let mut groups = vec![(Sep::Start, i, first_end)];
        let mut j = first_end;
        let mut code = false;
        while let Some(c) = self.at(j) {
            let next_digit = self.is_digit(j + 1);
            if (c == '.' || c == ',') && next_digit {
                let e = self.run_end(j + 1);
                groups.push((if c == '.' { Sep::Dot } else { Sep::Comma }, j + 1, e));
                j = e;
                continue;
            }
            if (c == '/' || is_minus(c)) && next_digit {
                code = true;
                j = self.run_end(j + 1);
                continue;
            }
            if !after_currency || code {
                break;
            }
            let join = if is_hspace(c) && next_digit {
                Some((Sep::Space, j + 1))
            } else if c == '.' && self.at(j + 1).is_some_and(is_hspace) && self.is_digit(j + 2) {
                Some((Sep::DotSpace, j + 2))
            } else {
                None
            };
            let Some((sep, ds)) = join else { break };
            let e = self.run_end(ds);
            match self.space_join(&groups, sep, ds, e) {
                Join::Group => {
                    groups.push((sep, ds, e));
                    j = e;
                }
                Join::LostComma => {
                    groups.push((sep, ds, e));
                    j = e;
                    break;
                }
                Join::No => break,
            }
        }
        Body {
            groups,
            end: j,
            code,
        }
    }

    /// Whether the digits `ds..e`, after a space, continue the number.
    fn space_join(&self, groups: &[(Sep, usize, usize)], sep: Sep, ds: usize, e: usize) -> Join {
        let has_dot = groups.iter().any(|g| g.0 == Sep::Dot);
        if groups.iter().any(|g| g.0 == Sep::Comma) || (has_dot && sep != Sep::Space) {
            return Join::No;
        }
        let after = self.at(e);
        if after.is_some_and(|c| is_word_char(c) || is_ordinal_mark(c))
            || (after.is_some_and(|c| c == '/' || is_minus(c)) && self.is_digit(e + 1))
        {
            return Join::No;
        }
        let len = e - ds;
        let first_len = groups.first().map_or(0, |g| g.2 - g.1);
        let last_len = groups.last().map_or(0, |g| g.2 - g.1);
        let separator_follows = matches!(after, Some('.' | ',')) && self.is_digit(e + 1);
        if has_dot {
            // "€ 7.612 80": the decimal comma after thousands groups was lost.
            let lost = len == 2 && last_len == 3 && !separator_follows;
            return if lost { Join::LostComma } else { Join::No };
        }
        if sep == Sep::Space
            && groups.len() == 1
            && first_len <= 3
            && (4..=6).contains(&len)
            && !separator_follows
        {
            // "€ 42 22704": separators lost inside one amount.
            return Join::LostComma;
        }
        if len == 3 {
            if first_len <= 3 {
                return Join::Group;
            }
            // "8825 715,66": a long first group is joined only before ",dd".
            if sep == Sep::Space && groups.len() == 1 && after == Some(',') {
                let frac_end = self.run_end(e + 1);
                let tail_continues =
                    matches!(self.at(frac_end), Some('.' | ',')) && self.is_digit(frac_end + 1);
                if frac_end - (e + 1) == 2 && !tail_continues {
                    return Join::Group;
                }
            }
            return Join::No;
        }
        if len == 2 && sep == Sep::Space && groups.len() >= 2 && last_len == 3 && !separator_follows
        {
            return Join::LostComma;
        }
        Join::No
    }
}

/// The value of digit groups; None when the token is not a number (a date,
/// a section number, a code) or does not fit a [`Decimal`].
fn interpret(
    groups: &[(Sep, &str)],
    leading_comma: bool,
    negative: bool,
    kind: NumberKind,
) -> Option<Reading> {
    let euro = kind == NumberKind::Euro;
    let &(_, g0) = groups.first()?;
    if groups.len() == 1 {
        if leading_comma {
            let value = build("0", g0, negative)?;
            return Some(Reading {
                value,
                uncertain: true,
                repaired: true,
            });
        }
        if euro && g0.len() >= 6 {
            return lost_separators(g0, negative);
        }
        let value = build(g0, "", negative)?;
        return Some(Reading {
            value,
            uncertain: euro && is_large(g0),
            repaired: false,
        });
    }
    if is_dot_date(groups) {
        return None;
    }
    let rest = groups.get(1..).unwrap_or(&[]);
    let n_comma = rest.iter().filter(|g| g.0 == Sep::Comma).count();
    let n_dot = rest.iter().filter(|g| g.0 == Sep::Dot).count();
    let &(last_sep, last) = groups.last()?;
    let last_len = last.len();
    let mut repaired = false;
    let mut uncertain = false;
    let has_decimal = match last_sep {
        // "€ 1.260,786": euros have no third decimal, the comma is a misread dot.
        Sep::Comma if n_comma == 1 && euro && n_dot > 0 && last_len == 3 => {
            repaired = true;
            uncertain = true;
            false
        }
        Sep::Comma if n_comma == 1 => true,
        Sep::Comma => {
            // Several commas: English thousands, or misread dots.
            repaired = true;
            !(n_dot == 0 && rest.iter().all(|g| g.1.len() == 3))
        }
        Sep::Dot if n_comma > 0 => {
            repaired = true;
            true
        }
        Sep::Dot if last_len == 3 => {
            let decimal = groups.len() == 2 && g0 == "0";
            repaired = decimal;
            decimal
        }
        Sep::Dot if last_len <= 2 => {
            repaired = true;
            true
        }
        // "€ 79.2455": a thousands group of four digits, its decimal comma
        // lost; read as 79245,5, uncertain.
        Sep::Dot if euro && last_len == 4 && n_dot == 1 && n_comma == 0 => {
            let (group, cents) = last.split_at(3);
            let int = format!("{g0}{group}");
            return Some(Reading {
                value: build(&int, cents, negative)?,
                uncertain: true,
                repaired: true,
            });
        }
        Sep::Dot => {
            uncertain = true;
            false
        }
        Sep::Space if last_len == 2 => {
            uncertain = true;
            true
        }
        Sep::Space | Sep::DotSpace | Sep::Start => false,
    };
    let int_groups = if has_decimal {
        groups.get(..groups.len().saturating_sub(1))?
    } else {
        groups
    };
    let thousands = int_groups.get(1..).unwrap_or(&[]);
    let bad_groups = thousands.iter().any(|g| g.1.len() != 3);
    let leading_zero = g0.len() >= 2 && g0.starts_with('0') && !thousands.is_empty();
    if kind == NumberKind::Plain && n_dot + n_comma >= 2 && (bad_groups || leading_zero) {
        return None;
    }
    let first_sep = rest.first().map(|g| g.0);
    let long_first =
        g0.len() > 3 && !thousands.is_empty() && !(first_sep == Some(Sep::Space) && has_decimal);
    if rest
        .iter()
        .any(|g| matches!(g.0, Sep::Space | Sep::DotSpace))
    {
        repaired = true;
    }
    if rest.iter().any(|g| g.0 == Sep::DotSpace) || bad_groups || long_first || leading_zero {
        uncertain = true;
    }
    if euro && thousands.is_empty() && is_large(g0) {
        uncertain = true;
    }
    if euro && has_decimal && last_len > 2 {
        uncertain = true;
    }
    let int: String = int_groups.iter().map(|g| g.1).collect();
    let glued = rest.iter().any(|g| g.0 == Sep::Space && g.1.len() != 3);
    if euro && glued && !has_decimal && n_dot == 0 && n_comma == 0 && int.len() >= 6 {
        return lost_separators(&int, negative);
    }
    let frac = if has_decimal { last } else { "" };
    let value = build(&int, frac, negative)?;
    Some(Reading {
        value,
        uncertain,
        repaired,
    })
}

/// Whether digit groups are a well-formed Italian number: thousands
/// grouped by dots (or, SI style, by spaces) into groups of three after a
/// first group of one to three digits, and at most one decimal comma, last.
/// An ungrouped run of digits is well-formed too.
fn is_italian(groups: &[(Sep, &str)]) -> bool {
    let int = match groups.split_last() {
        Some((&(Sep::Comma, _), int)) => int,
        _ => groups,
    };
    let Some((&(_, first), thousands)) = int.split_first() else {
        return false;
    };
    let Some(&(sep, _)) = thousands.first() else {
        return true;
    };
    (1..=3).contains(&first.len())
        && !(first.len() > 1 && first.starts_with('0'))
        && matches!(sep, Sep::Dot | Sep::Space)
        && thousands.iter().all(|&(s, g)| s == sep && g.len() == 3)
}

/// "€ 2766960", "€ 42 22704": every separator of an amount lost. Amounts
/// carry cents far more often than they reach millions, so the last two
/// digits are read as cents; the reading stays uncertain.
fn lost_separators(digits: &str, negative: bool) -> Option<Reading> {
    let cut = digits.len().checked_sub(2)?;
    let (int, frac) = (digits.get(..cut)?, digits.get(cut..)?);
    Some(Reading {
        value: build(int, frac, negative)?,
        uncertain: true,
        repaired: true,
    })
}

/// 10000 or more.
fn is_large(digits: &str) -> bool {
    digits.trim_start_matches('0').len() >= 5
}

/// "15.3.2020", "31.12.20": a day.month.year token.
fn is_dot_date(groups: &[(Sep, &str)]) -> bool {
    let [(_, d), (Sep::Dot, m), (Sep::Dot, y)] = groups else {
        return false;
    };
    let (Ok(day), Ok(month)) = (d.parse::<u32>(), m.parse::<u32>()) else {
        return false;
    };
    d.len() <= 2
        && m.len() <= 2
        && (y.len() == 2 || y.len() == 4)
        && (1..=31).contains(&day)
        && (1..=12).contains(&month)
}

/// The decimal `int,frac`; None when it does not fit.
fn build(int: &str, frac: &str, negative: bool) -> Option<Decimal> {
    let mut mantissa: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        let digit = i128::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        mantissa = mantissa.checked_mul(10)?.checked_add(digit)?;
    }
    let scale = u32::try_from(frac.len()).ok()?;
    let mut value = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    if negative && !value.is_zero() {
        value.set_sign_negative(true);
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::date::{find_date, is_valid_date};
    use proptest::prelude::*;
    use std::str::FromStr;

    use NumberKind::{Euro, Percent, Plain};

    /// One row of a table-driven test.
    struct Case<W: 'static> {
        input: &'static str,
        want: W,
    }

    /// An expected number; `value` is written as Rust's `Decimal` reads it,
    /// so its scale is checked too.
    #[derive(Debug, Clone, Copy)]
    struct Want {
        value: &'static str,
        kind: NumberKind,
        uncertain: bool,
        repaired: bool,
    }

    const fn w(value: &'static str, kind: NumberKind) -> Want {
        Want {
            value,
            kind,
            uncertain: false,
            repaired: false,
        }
    }
    const fn rep(value: &'static str, kind: NumberKind) -> Want {
        Want {
            value,
            kind,
            uncertain: false,
            repaired: true,
        }
    }
    const fn unc(value: &'static str, kind: NumberKind) -> Want {
        Want {
            value,
            kind,
            uncertain: true,
            repaired: false,
        }
    }
    const fn unc_rep(value: &'static str, kind: NumberKind) -> Want {
        Want {
            value,
            kind,
            uncertain: true,
            repaired: true,
        }
    }
    const fn c<W>(input: &'static str, want: W) -> Case<W> {
        Case { input, want }
    }

    fn check(input: &str, got: Option<&ReadNumber>, want: Option<&Want>) {
        match (got, want) {
            (None, None) => {}
            (Some(g), Some(w)) => {
                let v = Decimal::from_str(w.value).unwrap();
                assert_eq!(g.value, v, "value of {input:?}: {g:?}");
                assert_eq!(g.value.scale(), v.scale(), "scale of {input:?}: {g:?}");
                assert_eq!(g.kind, w.kind, "kind of {input:?}: {g:?}");
                assert_eq!(g.uncertain, w.uncertain, "uncertain of {input:?}: {g:?}");
                assert_eq!(g.repaired, w.repaired, "repaired of {input:?}: {g:?}");
                assert!(
                    g.start < g.end && input.get(g.start..g.end).is_some(),
                    "span of {input:?}: {g:?}"
                );
            }
            (g, w) => panic!("{input:?}: got {g:?}, want {w:?}"),
        }
    }

    #[rustfmt::skip]
    const CELLS: &[Case<Option<Want>>] = &[
        // Examples of the brief.
        c("97.40%", Some(rep("97.40", Percent))),
        c("€ 6.900.000,00", Some(w("6900000.00", Euro))),
        c("1.600", Some(w("1600", Plain))),
        c("almeno 12.000 posizioni", Some(w("12000", Plain))),
        c("Realizzati 21 eventi in webinar", Some(w("21", Plain))),
        c("SI", None),
        c("nuova attività", None),
        c("", None),
        c("€ 5.821.200,22", Some(w("5821200.22", Euro))),
        c("€ 1.260.786", Some(w("1260786", Euro))),
        c("€ 0,00", Some(w("0.00", Euro))),
        c("-6,25%", Some(w("-6.25", Percent))),
        c("26,53%", Some(w("26.53", Percent))),
        c("100%%", Some(rep("100", Percent))),
        c("50,00%", Some(w("50.00", Percent))),
        c("€ 8825 715,66", Some(rep("8825715.66", Euro))),
        c("€ 103.978.20", Some(rep("103978.20", Euro))),
        c("€ 14.166.00", Some(rep("14166.00", Euro))),
        c("£ 133.210,29", Some(rep("133210.29", Euro))),
        c("€ 429 457 82", Some(unc_rep("429457.82", Euro))),
        c("€ 2766960", Some(unc_rep("27669.60", Euro))),
        c("€ 42 22704 Conto", Some(unc_rep("42227.04", Euro))),
        c("€ 7.612 80 (iva", Some(unc_rep("7612.80", Euro))),
        c("€ 2.105.286,76° Totale", Some(w("2105286.76", Euro))),
        c("€ 50000", Some(unc("50000", Euro))),
        c("€ 79.2455", Some(unc_rep("79245.5", Euro))),
        c("€ 2. 754 24", Some(unc_rep("2754.24", Euro))),
        c("7.8639", Some(unc("78639", Plain))),
        c("133 70 101", Some(w("133", Plain))),
        c("1.600 2698", Some(w("1600", Plain))),
        c("anno 2020", Some(w("2020", Plain))),
        // Currency forms.
        c("¢ 5,00", Some(rep("5.00", Euro))),
        c("EUR 1.000", Some(w("1000", Euro))),
        c("Euro 1.000,50", Some(w("1000.50", Euro))),
        c("1.000 euro", Some(w("1000", Euro))),
        c("1.000,00 €", Some(w("1000.00", Euro))),
        c("1.000,00€", Some(w("1000.00", Euro))),
        c("€1.000", Some(w("1000", Euro))),
        c("EUR5.000", Some(w("5000", Euro))),
        c("5.000euro", Some(w("5000", Euro))),
        c("5 €uro", Some(w("5", Euro))),
        c("€ 9999", Some(w("9999", Euro))),
        c("€ 12345,67", Some(unc("12345.67", Euro))),
        c("€ 1 260 786", Some(rep("1260786", Euro))),
        c("€ 12 345 678,90", Some(rep("12345678.90", Euro))),
        c("€ 1.260,786", Some(unc_rep("1260786", Euro))),
        c("€ 5,125", Some(unc("5.125", Euro))),
        c("€ -1.234,50", Some(w("-1234.50", Euro))),
        c("- € 24.390,75", Some(w("24390.75", Euro))),
        c("€ 1.260.786 2020", Some(w("1260786", Euro))),
        c("€ 1.000.000 100", Some(w("1000000", Euro))),
        c("€ 2. 754", Some(unc_rep("2754", Euro))),
        c("€ ,50", Some(unc_rep("0.50", Euro))),
        c("EUR 1.234,56€", Some(w("1234.56", Euro))),
        // Percentages.
        c("26,53 %", Some(w("26.53", Percent))),
        c("+5%", Some(w("5", Percent))),
        c("–6,25%", Some(w("-6.25", Percent))),
        c("0.5%", Some(rep("0.5", Percent))),
        c("1.000%", Some(w("1000", Percent))),
        c("≥ 90%", Some(w("90", Percent))),
        c("€ 5%", Some(w("5", Percent))),
        // Separators.
        c("3,5", Some(w("3.5", Plain))),
        c("1,5 giorni", Some(w("1.5", Plain))),
        c("0,125", Some(w("0.125", Plain))),
        c("0.125", Some(rep("0.125", Plain))),
        c("1.260,786", Some(w("1260.786", Plain))),
        c("1,260,786", Some(rep("1260786", Plain))),
        c("5,821,200.22", Some(rep("5821200.22", Plain))),
        c("12345.678", Some(unc("12345678", Plain))),
        c("1.600.", Some(w("1600", Plain))),
        c("pari a 12.", Some(w("12", Plain))),
        c("n.5", Some(w("5", Plain))),
        // Edge cases.
        c("€", None),
        c("%", None),
        c("€€", None),
        c("€€ 5", Some(w("5", Euro))),
        c("1..2", Some(w("1", Plain))),
        c(",5", Some(unc_rep("0.5", Plain))),
        c("-", None),
        c("-€", None),
        c(".", None),
        c("N.D.", None),
        c("0", Some(w("0", Plain))),
        c("-0,00", Some(w("0.00", Plain))),
        c("99999999999999999999999999999999999999999999999999999999", None),
        c("€ 79228162514264337593543950336", None),
        c("79228162514264337593543950335", Some(w("79228162514264337593543950335", Plain))),
        c("0,00000000000000000000000000001", None),
        c("١٢٣ città ½ ²", None),
        c("ＥＵＲ１２", None),
        c("città: 12 🙂", Some(w("12", Plain))),
        // Not numbers: dates, codes, words, ordinals.
        c("31/12/2020", None),
        c("31.12.2020", None),
        c("15.3.2020", None),
        c("31-12-2020", None),
        c("€ 15.3.2020", None),
        c("31 dicembre 2020", None),
        c("011-005-001", None),
        c("011.005.001", None),
        c("1.2.3", None),
        c("1.234,5.6", None),
        c("D.Lgs. 150/2009", None),
        c("PIRA2020", None),
        c("(euro tremila/00)", None),
        c("2020bis", None),
        c("1a", None),
        c("2° semestre", None),
        c("COVID-19", None),
        c("triennio 2021-2023", None),
        c("al 31/12/2020 valore 5", Some(w("5", Plain))),
        c("011-005-001 97,5%", Some(w("97.5", Percent))),
    ];

    #[test]
    fn cell_values() {
        for case in CELLS {
            check(
                case.input,
                cell_value(case.input).as_ref(),
                case.want.as_ref(),
            );
        }
    }

    #[rustfmt::skip]
    const ALL: &[Case<&[Want]>] = &[
        c("133 70 101", &[w("133", Plain), w("70", Plain), w("101", Plain)]),
        c("€ 133 70 101", &[w("133", Euro), w("70", Plain), w("101", Plain)]),
        c("1.600 2698", &[w("1600", Plain), w("2698", Plain)]),
        c("1..2", &[w("1", Plain), w("2", Plain)]),
        c("€ 24.390,75: conto 330001", &[w("24390.75", Euro), w("330001", Plain)]),
        c("Target 31/12/2020: 15.3.2020 e 011-005-001, anno 2020", &[w("2020", Plain)]),
        c("2020bis H2020 1a 3° 4ª", &[]),
        c("-6,25% e - € 5,00", &[w("-6.25", Percent), w("5.00", Euro)]),
        c("7,5%-8%", &[w("7.5", Percent), w("8", Percent)]),
        c("5€ 3", &[w("5", Euro), w("3", Plain)]),
        c("€ 500 100", &[rep("500100", Euro)]),
        c("€ 2766960 € 8825 715,66", &[unc_rep("27669.60", Euro), rep("8825715.66", Euro)]),
        c("conto 313011 € 2.754,24", &[w("313011", Plain), w("2754.24", Euro)]),
        c("€ 8825 715 e 3", &[w("8825", Euro), w("715", Plain), w("3", Plain)]),
        c("€ 429 457 82,5", &[rep("429457", Euro), w("82.5", Plain)]),
        c("€ 1.234 567", &[w("1234", Euro), w("567", Plain)]),
        c("€ 3.500.000,00 (euro tremilionicinquecentomila/00)", &[w("3500000.00", Euro)]),
        c(
            "conto 313011 “ricavi” € 2.754,24; Conto 313012 € 1.000",
            &[w("313011", Plain), w("2754.24", Euro), w("313012", Plain), w("1000", Euro)],
        ),
    ];

    #[test]
    fn all_numbers() {
        for case in ALL {
            let got = find_numbers(case.input);
            assert_eq!(got.len(), case.want.len(), "{:?}: {got:?}", case.input);
            for (g, want) in got.iter().zip(case.want) {
                check(case.input, Some(g), Some(want));
            }
        }
    }

    #[rustfmt::skip]
    const SPANS: &[Case<&[&str]>] = &[
        c("- € 24.390,75: conto", &["€ 24.390,75"]),
        c("x -6,25% y", &["-6,25%"]),
        c("100%% e 26,53 %", &["100%%", "26,53 %"]),
        c("città 5.000 euro, dopo", &["5.000 euro"]),
        c("€ 429 457 82.", &["€ 429 457 82"]),
        c("€ -3 e EUR 4", &["€ -3", "EUR 4"]),
        c("5 €uro", &["5 €"]),
        c("à,5", &["5"]),
    ];

    #[test]
    fn spans() {
        for case in SPANS {
            let got: Vec<&str> = find_numbers(case.input)
                .iter()
                .filter_map(|n| case.input.get(n.start..n.end))
                .collect();
            assert_eq!(got, case.want, "{:?}", case.input);
        }
    }

    #[rustfmt::skip]
    const LEADING: &[Case<Option<Want>>] = &[
        c("€ 24.390,75: conto 330001 - linea 1", Some(w("24390.75", Euro))),
        c("- € 24.390,75: conto", Some(w("24390.75", Euro))),
        c("-€ 24.390,75: conto", Some(w("24390.75", Euro))),
        c("< € 1.000,00", Some(w("1000.00", Euro))),
        c("<€ 1.000,00", Some(w("1000.00", Euro))),
        c("  • £ 133.210,29 conto", Some(rep("133210.29", Euro))),
        c("- 24.390,75 € conto", Some(w("24390.75", Euro))),
        c("-24.390,75: conto", Some(w("24390.75", Plain))),
        c("24.390,75: conto", Some(w("24390.75", Plain))),
        c("€ 2766960 conto", Some(unc_rep("27669.60", Euro))),
        c("€ 429 457 82 conto", Some(unc_rep("429457.82", Euro))),
        c("€ 0,00", Some(w("0.00", Euro))),
        c("conto 330001 € 5,00", None),
        c("31/12/2020 € 5,00", None),
        c("1. Obiettivo", None),
        c("50% dei fondi", None),
        c("", None),
        c("-", None),
        c("€", None),
    ];

    #[test]
    fn leading_amounts() {
        for case in LEADING {
            check(
                case.input,
                leading_amount(case.input).as_ref(),
                case.want.as_ref(),
            );
        }
        let n = leading_amount("-€ 24.390,75: conto").unwrap();
        assert_eq!(n.start, 1);
        let n = leading_amount("-24.390,75").unwrap();
        assert_eq!((n.start, n.end), (1, 10));
    }

    #[rustfmt::skip]
    const FORMATS: &[Case<&str>] = &[
        c("6900000.00", "6.900.000,00"),
        c("1260786", "1.260.786"),
        c("0.00", "0,00"),
        c("0", "0"),
        c("-6.25", "-6,25"),
        c("999", "999"),
        c("1000", "1.000"),
        c("0.05", "0,05"),
        c("-1234567.8", "-1.234.567,8"),
        c("100000", "100.000"),
    ];

    #[test]
    fn formats() {
        for case in FORMATS {
            let d = Decimal::from_str(case.input).unwrap();
            assert_eq!(format_italian(d), case.want, "{:?}", case.input);
        }
    }

    #[rustfmt::skip]
    const MALFORMED: &[Case<bool>] = &[
        // Not valid Italian: flagged, whatever the reading.
        c("7.8639", true),
        c("1.85", true),
        c("97.40%", true),
        c("€ 2. 754 24", true),
        c("€ 8825 715,66", true),
        c("€ 103.978.20", true),
        c("1,260,786", true),
        c("5,821,200.22", true),
        c("12345.678", true),
        c(",5", true),
        c("01.234", true),
        // Italian: not flagged (an uncertain reading still may be).
        c("1.260.786,50", false),
        c("€ 1 260 786", false),
        c("1234", false),
        c("0,125", false),
        c("-6,25%", false),
        c("£ 133.210,29", false),
        c("100%%", false),
        c("€ 2766960", false),
        c("€ 1.260,786", false),
        // A separator stuck before the digits: a digit was read as it.
        c("..100.000", true),
        c("-.5", true),
        c("n.5", false),
        c("100. 022.480,1", true),
        c("100.022.480,.", true),
        c("1.600.", false),
        c("97,%", true),
    ];

    #[test]
    fn malformed_numbers_are_flagged() {
        for case in MALFORMED {
            let n = cell_value(case.input);
            let irregular = n.as_ref().map(|n| n.irregular);
            assert_eq!(irregular, Some(case.want), "{:?}: {n:?}", case.input);
        }
    }

    /// Whether `text` is a well-formed Italian number, by a rule written
    /// apart from the reader's: an optional `€ ` or `-`, an optional `%`.
    fn well_formed(text: &str) -> bool {
        static ITALIAN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"^(€ )?-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?%?$").unwrap()
        });
        ITALIAN.is_match(text)
    }

    /// One way OCR damages a number, at the `at`-th place it can. A last
    /// digit read as a dot or comma is left out, as "pari a 97,5." ends a
    /// sentence: no reader can tell.
    fn malform(text: &str, damage: u8, at: usize, digit: u8) -> String {
        let chars: Vec<char> = text.chars().collect();
        let places: Vec<usize> = (0..chars.len())
            .filter(|&i| match damage {
                0..=2 => matches!(chars[i], '.' | ','),
                5 => chars[i].is_ascii_digit() && chars.get(i + 1).is_some_and(|c| c != &'%'),
                _ => chars[i].is_ascii_digit(),
            })
            .collect();
        let Some(&i) = places.get(at % places.len().max(1)) else {
            return text.to_string();
        };
        let mut out = chars.clone();
        match damage {
            // A separator lost, swapped, or followed by a speck of space.
            0 => drop(out.remove(i)),
            1 => out[i] = if out[i] == '.' { ',' } else { '.' },
            2 => out.insert(i + 1, ' '),
            // A digit lost, added, or a digit read as a separator.
            3 => drop(out.remove(i)),
            4 => out.insert(i, char::from(b'0' + digit % 10)),
            _ => out[i] = if digit.is_multiple_of(2) { '.' } else { ',' },
        }
        out.into_iter().collect()
    }

    /// Runs every reader on `s`; checks that spans are sane and in order.
    fn no_panic(s: &str) {
        let all = find_numbers(s);
        for n in &all {
            assert!(n.start < n.end && n.end <= s.len());
            assert!(s.is_char_boundary(n.start) && s.is_char_boundary(n.end));
        }
        assert!(
            all.windows(2).all(|p| p[0].end <= p[1].start),
            "overlapping spans in {s:?}"
        );
        assert_eq!(cell_value(s), all.first().cloned());
        if let Some(n) = leading_amount(s) {
            assert!(n.start < n.end && n.end <= s.len() && n.kind != Percent);
        }
        if let Some((y, m, d)) = find_date(s) {
            assert!(is_valid_date(y, m, d));
        }
    }

    proptest! {
        /// A number damaged so that it is no longer well-formed Italian is
        /// never read silently as another value: its one reading is exact or
        /// flagged; several numbers are flagged by the record builder; no
        /// number leaves the value empty rather than wrong.
        #[test]
        fn malformed_numbers_parse_exactly_or_warn(
            m in -10_000_000_000i64..=10_000_000_000i64,
            scale in 0u32..=2,
            style in 0u8..3,
            damage in 0u8..6,
            at in 0usize..16,
            digit in 0u8..10,
        ) {
            let d = Decimal::new(m, scale);
            let text = match style {
                0 => format_italian(d),
                1 => format!("€ {}", format_italian(d)),
                _ => format!("{}%", format_italian(d)),
            };
            let damaged = malform(&text, damage, at, digit);
            // A separator closing the text is punctuation as much as damage.
            prop_assume!(!well_formed(&damaged) && !damaged.ends_with(['.', ',']));
            if let [n] = find_numbers(&damaged).as_slice() {
                prop_assert!(
                    n.value == d || n.is_best_reading(),
                    "{:?} (from {:?}) read as {} without a flag: {:?}", damaged, text, n.value, n
                );
            }
        }

        #[test]
        fn never_panics_printable(s in "\\PC*") {
            no_panic(&s);
        }

        #[test]
        fn never_panics_any_chars(chars in proptest::collection::vec(any::<char>(), 0..64)) {
            let s: String = chars.into_iter().collect();
            no_panic(&s);
        }

        #[test]
        fn never_panics_number_alphabet(s in "[0-9 .,€£¢%/°a-zEUR\u{a0}\u{2212}–+-]{0,40}") {
            no_panic(&s);
        }

        #[test]
        fn embedded_in_words(
            m in -10_000_000_000_000i64..=10_000_000_000_000i64,
            scale in 0u32..=2,
            pre in "[a-zà]{1,8}",
            post in "[a-zè]{1,8}",
        ) {
            let d = Decimal::new(m, scale);
            let input = format!("{pre} {} {post}", format_italian(d));
            let all = find_numbers(&input);
            prop_assert_eq!(all.len(), 1, "{:?}: {:?}", input, all);
            prop_assert_eq!(all[0].value, d);
            prop_assert_eq!(all[0].value.scale(), d.scale());
        }


        #[test]
        fn round_trip(m in -10_000_000_000_000i64..=10_000_000_000_000i64, scale in 0u32..=2) {
            let d = Decimal::new(m, scale);
            let text = format_italian(d);
            for (input, kind) in [(text.clone(), Plain), (format!("€ {text}"), Euro), (format!("{text}%"), Percent)] {
                let n = cell_value(&input);
                prop_assert!(n.is_some(), "{:?} not read", input);
                let n = n.unwrap();
                prop_assert_eq!(n.value, d, "{:?}", input);
                prop_assert_eq!(n.value.scale(), d.scale(), "{:?}", input);
                prop_assert_eq!(n.kind, kind, "{:?}", input);
                prop_assert!(!n.uncertain && !n.repaired, "{:?}: {:?}", input, n);
                prop_assert_eq!((n.start, n.end), (0, input.len()));
            }
        }
    }
}
