//! Italian numbers, euro amounts, percentages and dates as they come out of
//! noisy OCR, read into [`Decimal`] (never floats).
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
//! * a doubled `%` is one percent sign.
//!
//! Readings that are only a best guess (separators or digits lost, groups of
//! the wrong length, a large euro amount without any thousands separator) are
//! flagged `uncertain`. When a group after a thousands dot is not 3 digits
//! long (`€ 79.2455`, `7.8639`), the dot is still read as a thousands
//! separator (`792455`, `78639`), Italian style, and the reading is uncertain.
//!
//! Not numbers: dates (`31/12/2020`, `15.3.2020`, `31 dicembre 2020`), codes
//! joined by `-` or `/` (`011-005-001`, `150/2009`, `2021-2023`), section
//! numbers with several dots (`1.2.3`), digits stuck to letters (`PIRA2020`,
//! `2020bis`, `1a`, `COVID-19`) and ordinals (`2°`).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

/// What a number measures, told by the sign written with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A bare number.
    Plain,
    /// A number followed by `%`.
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
    /// Byte offset where the number starts (its currency sign or minus sign included).
    pub start: usize,
    /// Byte offset just past the number (a trailing `%` or currency sign included).
    pub end: usize,
}

/// All numbers in a text, in order. Dates (31/12/2020, 15.3.2020), codes like
/// 011-005-001, years inside words, and ordinals stuck to letters are not
/// numbers here: date-like and code-like tokens are skipped.
pub fn find_numbers(text: &str) -> Vec<ReadNumber> {
    let scan = Scan::new(text);
    let skip = named_date_spans(text);
    let mut out = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < scan.len() {
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
pub fn leading_amount(text: &str) -> Option<ReadNumber> {
    let mut n = find_numbers(text).into_iter().next()?;
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
pub fn cell_value(text: &str) -> Option<ReadNumber> {
    find_numbers(text).into_iter().next()
}

/// A date as (year, month, day): "31/12/2020", "31.12.2020", "31-12-2020",
/// "31/12/20", "2020-12-31", "31 dicembre 2020", and OCR damage seen in table
/// headers: "31M12/2020", "311272020", "31122020", "311122020", "31/12/2020."
/// -> (2020, 12, 31). The first plausible date in the text (a real calendar
/// day, year 1900-2099); None when there is none.
pub fn find_date(text: &str) -> Option<(i32, u32, u32)> {
    let scan = Scan::new(text);
    let mut numeric = None;
    for i in 0..scan.len() {
        if scan.is_digit(i) && !scan.before(i).is_some_and(|c| c.is_ascii_digit()) {
            if let Some(date) = scan.iso_date_at(i).or_else(|| scan.date_at(i)) {
                numeric = Some((scan.off(i), date));
                break;
            }
        }
    }
    let named = named_dates(text).into_iter().next();
    match (numeric, named) {
        (Some((a, d)), Some((b, _, e))) => Some(if b < a { e } else { d }),
        (Some((_, d)), None) => Some(d),
        (None, Some((_, _, e))) => Some(e),
        (None, None) => None,
    }
}

/// Writes a decimal the Italian way: thousands '.', decimal ',', keeping the
/// scale ("6900000.00" -> "6.900.000,00", "-6.25" -> "-6,25").
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

// ---------------------------------------------------------------------------
// Characters

fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}'
    )
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

/// Text as chars with their byte offsets; every access is bounds-checked.
struct Scan<'a> {
    text: &'a str,
    cs: Vec<(usize, char)>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Scan {
            text,
            cs: text.char_indices().collect(),
        }
    }

    fn len(&self) -> usize {
        self.cs.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.cs.get(i).map(|&(_, c)| c)
    }

    fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.at(j))
    }

    fn off(&self, i: usize) -> usize {
        self.cs.get(i).map_or(self.text.len(), |&(o, _)| o)
    }

    fn is_digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    fn run_end(&self, mut i: usize) -> usize {
        while self.is_digit(i) {
            i += 1;
        }
        i
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(self.off(a)..self.off(b)).unwrap_or("")
    }

    /// The letters starting at `i` and the index after them.
    fn word_at(&self, i: usize) -> (String, usize) {
        let mut j = i;
        while self.at(j).is_some_and(char::is_alphabetic) {
            j += 1;
        }
        (self.slice(i, j).to_string(), j)
    }

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

        let mut sign = None;
        let mut hyphenated = false;
        if let Some(c) = self.before(k).filter(|&c| is_minus(c) || c == '+') {
            let pre = self.before(k - 1);
            if pre.is_some_and(is_word_char) {
                hyphenated = true;
            } else if k > floor && !pre.is_some_and(|p| p.is_ascii_digit()) {
                sign = Some((k - 1, is_minus(c)));
            }
        }
        let s = sign.map_or(k, |(idx, _)| idx);
        let prefix = self.prefix_currency(s, floor);
        let stuck_before = self.before(s).is_some_and(is_word_char) && prefix.is_none();

        let body = self.scan_body(i, prefix.is_some());
        if hyphenated || stuck_before || body.code {
            return (None, body.end);
        }
        match self.at(body.end) {
            Some(c) if is_ordinal_mark(c) => return (None, body.end),
            Some(c) if is_word_char(c) => {
                if !is_currency_word(&self.word_at(body.end).0) {
                    return (None, body.end);
                }
            }
            _ => {}
        }

        let (suffix, end, suffix_repaired) = self.suffix(body.end);
        let kind = match suffix {
            Some(NumberKind::Percent) => NumberKind::Percent,
            Some(other) => other,
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
        let start = prefix.map(|(idx, _)| idx).unwrap_or(s);
        let n = ReadNumber {
            value: reading.value,
            kind,
            uncertain: reading.uncertain,
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
        match self.at(j) {
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
        }
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
        if groups.iter().any(|g| matches!(g.0, Sep::Dot | Sep::Comma)) {
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
        groups.get(..groups.len() - 1)?
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
    let int: String = int_groups.iter().map(|g| g.1).collect();
    let frac = if has_decimal { last } else { "" };
    let value = build(&int, frac, negative)?;
    Some(Reading {
        value,
        uncertain,
        repaired,
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

// ---------------------------------------------------------------------------
// Dates

const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

static NAMED_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\s*[°º]?\s*(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+(\d{4})\b",
    )
    .ok()
});

/// "31 dicembre 2020": byte span and date of each valid one.
fn named_dates(text: &str) -> Vec<(usize, usize, (i32, u32, u32))> {
    let Some(re) = NAMED_DATE.as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let day: u32 = c.get(1)?.as_str().parse().ok()?;
            let name = c.get(2)?.as_str().to_lowercase();
            let month = u32::try_from(MONTHS.iter().position(|m| *m == name)? + 1).ok()?;
            let year: i32 = c.get(3)?.as_str().parse().ok()?;
            is_valid_date(year, month, day).then_some((
                whole.start(),
                whole.end(),
                (year, month, day),
            ))
        })
        .collect()
}

fn named_date_spans(text: &str) -> Vec<(usize, usize)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    named_dates(text)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect()
}

fn is_valid_date(year: i32, month: u32, day: u32) -> bool {
    if !(1900..=2099).contains(&year) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_clean_date_sep(c: char) -> bool {
    matches!(c, '/' | '.' | '-')
}

impl Scan<'_> {
    /// The value of exactly `len` ASCII digits at `i`.
    fn digits_value(&self, i: usize, len: usize) -> Option<u32> {
        (i..i + len).try_fold(0u32, |acc, j| {
            let d = self.at(j)?.to_digit(10).filter(|_| self.is_digit(j))?;
            acc.checked_mul(10)?.checked_add(d)
        })
    }

    /// The ways a date separator can be read at `p`: (index after it, cost,
    /// clean). Clean separators are `/ . -` (spaces around allowed); any other
    /// single char is an OCR-damaged separator; a separator may also be lost
    /// or misread as the digit 1 or 7.
    fn date_seps(&self, p: usize) -> Vec<(usize, u32, bool)> {
        let mut out = Vec::new();
        let Some(c) = self.at(p) else { return out };
        let skip_space = |q: usize| {
            if self.at(q).is_some_and(is_hspace) {
                q + 1
            } else {
                q
            }
        };
        if c.is_ascii_digit() {
            out.push((p, 2, false));
            if c == '1' || c == '7' {
                out.push((p + 1, 3, false));
            }
        } else if is_clean_date_sep(c) {
            out.push((skip_space(p + 1), 0, true));
        } else if is_hspace(c) {
            if self.at(p + 1).is_some_and(is_clean_date_sep) {
                out.push((skip_space(p + 2), 0, true));
            }
        } else if !c.is_whitespace() {
            out.push((p + 1, 1, false));
        }
        out
    }

    /// A day-month-year date starting at `i`, the least damaged reading.
    fn date_at(&self, i: usize) -> Option<(i32, u32, u32)> {
        let mut best: Option<((i32, u32, u32), u32)> = None;
        for dlen in [2, 1] {
            let Some(day) = self.digits_value(i, dlen) else {
                continue;
            };
            for (m_at, c1, clean1) in self.date_seps(i + dlen) {
                for mlen in [2, 1] {
                    let Some(month) = self.digits_value(m_at, mlen) else {
                        continue;
                    };
                    for (y_at, c2, clean2) in self.date_seps(m_at + mlen) {
                        for ylen in [4, 2] {
                            if ylen == 2 && !(clean1 && clean2) {
                                continue;
                            }
                            let Some(y) = self.digits_value(y_at, ylen) else {
                                continue;
                            };
                            if self.is_digit(y_at + ylen) {
                                continue;
                            }
                            let Ok(mut year) = i32::try_from(y) else {
                                continue;
                            };
                            if ylen == 2 {
                                year += 2000;
                            }
                            if !is_valid_date(year, month, day) {
                                continue;
                            }
                            let cost = c1 + c2 + u32::from(ylen == 2);
                            match best {
                                Some((_, b)) if b <= cost => {}
                                _ => best = Some(((year, month, day), cost)),
                            }
                        }
                    }
                }
            }
        }
        best.map(|(d, _)| d)
    }

    /// "2020-12-31" at `i`.
    fn iso_date_at(&self, i: usize) -> Option<(i32, u32, u32)> {
        let year = i32::try_from(self.digits_value(i, 4)?).ok()?;
        let sep = self.at(i + 4).filter(|&c| is_clean_date_sep(c))?;
        let m_end = self.run_end(i + 5);
        let month = self.digits_value(
            i + 5,
            m_end.checked_sub(i + 5).filter(|l| (1..=2).contains(l))?,
        )?;
        if self.at(m_end) != Some(sep) {
            return None;
        }
        let d_end = self.run_end(m_end + 1);
        let day = self.digits_value(
            m_end + 1,
            d_end
                .checked_sub(m_end + 1)
                .filter(|l| (1..=2).contains(l))?,
        )?;
        is_valid_date(year, month, day).then_some((year, month, day))
    }
}
