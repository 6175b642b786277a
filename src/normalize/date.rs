//! Dates as OCR leaves them in table headers: "31/12/2020", "31.12.2020",
//! "2020-12-31", "31 dicembre 2020", and damaged forms ("31M12/2020",
//! "311272020"). The number reader skips the named dates found here.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::{is_hspace, Scan};

/// A date as (year, month, day): "31/12/2020", "31.12.2020", "31-12-2020",
/// "31/12/20", "2020-12-31", "31 dicembre 2020", and OCR damage seen in table
/// headers: "31M12/2020", "311272020", "31122020", "311122020", "31/12/2020."
/// -> (2020, 12, 31). The first plausible date in the text (a real calendar
/// day, year 1900-2099); None when there is none.
#[must_use]
pub fn find_date(text: &str) -> Option<(i32, u32, u32)> {
    let scan = Scan::new(text);
    let mut numeric = None;
    for i in 0..scan.len() {
        if scan.is_digit(i) && scan.date_may_start(i) {
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
    let Some(re) = NAMED_DATE.as_ref().filter(|_| may_name_a_month(text)) else {
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

/// Whether a text may name a month, as [`NAMED_DATE`] matches one: the
/// check that spares most texts the pattern's search. Of the characters
/// whose case folds onto a month name's letters only "ſ", a long s, is
/// not ASCII.
fn may_name_a_month(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains('ſ') || MONTHS.iter().any(|month| lower.contains(month))
}

pub(super) fn named_date_spans(text: &str) -> Vec<(usize, usize)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    named_dates(text)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect()
}

pub(super) fn is_valid_date(year: i32, month: u32, day: u32) -> bool {
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

/// One way to read a date separator.
struct DateSep {
    /// Index after the separator.
    next: usize,
    /// How much damage the reading assumes.
    cost: u32,
    /// `/`, `.` or `-`.
    clean: bool,
    /// Lost, or misread as a digit.
    lost: bool,
}

fn is_clean_date_sep(c: char) -> bool {
    matches!(c, '/' | '.' | '-')
}

impl Scan<'_> {
    /// Whether a date may start at the digit `i`: not inside a number or a
    /// longer date ("32/12/2020" holds no date starting at "12").
    fn date_may_start(&self, i: usize) -> bool {
        match self.before(i) {
            None => true,
            Some(c) if c.is_ascii_digit() => false,
            Some(c) if c.is_whitespace() => true,
            Some(_) => !i
                .checked_sub(1)
                .is_some_and(|j| self.before(j).is_some_and(|c| c.is_ascii_digit())),
        }
    }

    /// The value of exactly `len` ASCII digits at `i`.
    fn digits_value(&self, i: usize, len: usize) -> Option<u32> {
        (i..i + len).try_fold(0u32, |acc, j| {
            let d = self.at(j)?.to_digit(10).filter(|_| self.is_digit(j))?;
            acc.checked_mul(10)?.checked_add(d)
        })
    }

    /// The ways a date separator can be read at `p`. Clean separators are
    /// `/ . -` (spaces around allowed); any other single char is an
    /// OCR-damaged separator; a separator may also be lost or misread as the
    /// digit 1 or 7.
    fn date_seps(&self, p: usize) -> Vec<DateSep> {
        let mut out = Vec::new();
        let Some(c) = self.at(p) else { return out };
        let skip_space = |q: usize| {
            if self.at(q).is_some_and(is_hspace) {
                q + 1
            } else {
                q
            }
        };
        let sep = |next, cost, clean, lost| DateSep {
            next,
            cost,
            clean,
            lost,
        };
        if c.is_ascii_digit() {
            out.push(sep(p, 2, false, true));
            if c == '1' || c == '7' {
                out.push(sep(p + 1, 3, false, true));
            }
        } else if is_clean_date_sep(c) {
            out.push(sep(skip_space(p + 1), 0, true, false));
        } else if is_hspace(c) {
            if self.at(p + 1).is_some_and(is_clean_date_sep) {
                out.push(sep(skip_space(p + 2), 0, true, false));
            }
        } else if !c.is_whitespace() {
            out.push(sep(p + 1, 1, false, false));
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
            for s1 in self.date_seps(i + dlen) {
                for mlen in [2, 1] {
                    // Without a visible separator, only "ddmm" splits reliably.
                    if s1.lost && (dlen < 2 || mlen < 2) {
                        continue;
                    }
                    let m_at = s1.next;
                    let Some(month) = self.digits_value(m_at, mlen) else {
                        continue;
                    };
                    for s2 in self.date_seps(m_at + mlen) {
                        if s2.lost && mlen < 2 {
                            continue;
                        }
                        let y_at = s2.next;
                        for ylen in [4, 2] {
                            if ylen == 2 && !(s1.clean && s2.clean) {
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
                            let cost = s1.cost + s2.cost + u32::from(ylen == 2);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::number::find_numbers;
    use proptest::prelude::*;

    /// One row of a table-driven test.
    struct Case {
        input: &'static str,
        want: Option<Ymd>,
    }

    const fn c(input: &'static str, want: Option<Ymd>) -> Case {
        Case { input, want }
    }

    type Ymd = (i32, u32, u32);
    const DEC31: Option<Ymd> = Some((2020, 12, 31));

    #[rustfmt::skip]
    const DATES: &[Case] = &[
        c("31/12/2020", DEC31),
        c("31.12.2020", DEC31),
        c("31-12-2020", DEC31),
        c("31M12/2020", DEC31),
        c("311272020", DEC31),
        c("31122020", DEC31),
        c("311122020", DEC31),
        c("31/12/2020.", DEC31),
        c("3112/2020", DEC31),
        c("31/122020", DEC31),
        c("Risultato atteso al 31/12/2020", DEC31),
        c("al 31 / 12 / 2020", DEC31),
        c("31/12/20", DEC31),
        c("2020-12-31", DEC31),
        c("31 dicembre 2020", DEC31),
        c("1° Gennaio 2021 e 31/12/2021", Some((2021, 1, 1))),
        c("al 30/06/2021 (1/1/2022)", Some((2021, 6, 30))),
        c("Valore a consuntivo 30.06.21", Some((2021, 6, 30))),
        c("dal 1.1.2020 al 31.12.2020", Some((2020, 1, 1))),
        c("1/1/20", Some((2020, 1, 1))),
        c("29/02/2020", Some((2020, 2, 29))),
        c("29/02/2021", None),
        c("31/02/2020", None),
        c("32/12/2020", None),
        c("31/13/2020", None),
        c("12/2020", None),
        c("1/2020", None),
        c("Target 2020 - 2022", None),
        c("anno 2020", None),
        c("€ 5.821.200,22", None),
        c("conto 330001", None),
        c("3112202012", None),
        c("L. 190/2012", None),
        c("", None),
        c("31/12/", None),
        c("città 🙂 31/12", None),
    ];

    #[test]
    fn dates() {
        for case in DATES {
            assert_eq!(find_date(case.input), case.want, "{:?}", case.input);
        }
    }

    proptest! {
        /// The month check never spares a text the pattern would match.
        #[test]
        fn a_text_the_pattern_matches_may_name_a_month(
            day in 1u32..=31,
            month in 0usize..12,
            year in 1900u32..=2099,
            upper in proptest::collection::vec(any::<bool>(), 9),
            long_s in any::<bool>(),
        ) {
            let name: String = MONTHS[month]
                .chars()
                .zip(upper.iter().cycle())
                .map(|(c, &up)| match c {
                    's' if long_s => 'ſ',
                    c if up => c.to_ascii_uppercase(),
                    c => c,
                })
                .collect();
            let text = format!("al {day} {name} {year}");
            let pattern = NAMED_DATE.as_ref().unwrap();
            prop_assert!(pattern.is_match(&text), "{}", text);
            prop_assert!(may_name_a_month(&text), "{}", text);
        }

        #[test]
        fn dates_round_trip(y in 1900i32..=2099, m in 1u32..=12, d in 1u32..=31) {
            let d = (1..=d).rev().find(|&d| is_valid_date(y, m, d)).unwrap_or(1);
            for input in [
                format!("{d:02}/{m:02}/{y}"),
                format!("al {d}.{m}.{y}"),
                format!("{d:02}-{m:02}-{y}."),
                format!("{d:02}{m:02}{y}"),
                format!("{y}-{m:02}-{d:02}"),
            ] {
                prop_assert_eq!(find_date(&input), Some((y, m, d)), "{:?}", input);
            }
            for input in [format!("{d}/{m}/{y}"), format!("{d}.{m}.{y}"), format!("{d:02}-{m:02}-{y}")] {
                prop_assert!(find_numbers(&input).is_empty(), "{:?}", input);
            }
        }
    }
}
