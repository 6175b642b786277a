//! Facts about the whole document: its year (its entity is read, and
//! snapped to the vocabulary's chambers, by `normalize::entity`).

use std::sync::LazyLock;

use crate::normalize::entity::most_frequent;
use regex::Regex;

static TARGET_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b31\s?[/.\-]\s?12\s?[/.\-]\s?((?:19|20)[0-9]{2})\b").expect("valid regex")
});
static BUDGET_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:bilancio(?:\s+(?:preventivo|consuntivo|d'esercizio))?|P\.?I\.?R\.?A\.?)\s+((?:19|20)[0-9]{2})\b")
        .expect("valid regex")
});
/// The report's year: the most frequent year of the "31/12/YYYY" target
/// dates, else of "Bilancio YYYY".
pub fn year(text: &str) -> Option<i32> {
    most_frequent(&TARGET_YEAR, text)
        .or_else(|| most_frequent(&BUDGET_YEAR, text))?
        .parse()
        .ok()
}

/// The first whole number of a text ("2", "Nr 3"): one to three digits
/// with no letter or digit either side. Not a word boundary: a box border
/// read as "_" ("3_|") is no part of the number, nor one read as a letter
/// "L", "I" or "l" glued before it at a word's start ("L2"); nor a
/// date's first part ("31/12/2021").
pub fn first_integer(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        if !chars[start].is_ascii_digit() {
            start += 1;
            continue;
        }
        let end = chars[start..]
            .iter()
            .position(|c| !c.is_ascii_digit())
            .map_or(chars.len(), |n| start + n);
        let free_after = chars.get(end).is_none_or(|c| !c.is_alphanumeric());
        let dated = dated(&chars[..start], &chars[end..]);
        if end - start <= 3 && free_after && !dated && free_before(&chars[..start]) {
            return chars[start..end].iter().collect::<String>().parse().ok();
        }
        start = end;
    }
    None
}

/// Whether a number between `before` and `after` is a part of a date or
/// a ratio ("31/12/2021", "3/4"): a slash and a digit on either side.
fn dated(before: &[char], after: &[char]) -> bool {
    matches!(after, ['/', d, ..] if d.is_ascii_digit())
        || matches!(before, [.., d, '/'] if d.is_ascii_digit())
}

/// Whether a number may start after `before`: at the text's start, after
/// no letter or digit, or after a lone "L", "I" or "l" opening a word.
fn free_before(before: &[char]) -> bool {
    match before {
        [] => true,
        [.., c] if !c.is_alphanumeric() => true,
        [.., c, 'L' | 'I' | 'l'] => c.is_whitespace(),
        ['L' | 'I' | 'l'] => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first integer is what the one pattern this replaced found.
        #[test]
        fn the_first_integer_is_what_the_whole_pattern_found(
            text in "([LIlAé_| ]{0,2}[0-9]{0,4}[°٣ .]?){0,4}",
        ) {
            let pattern = Regex::new(
                r"(?:^|[^\p{L}\p{N}]|(?:^|\s)[LIl])([0-9]{1,3})(?:[^\p{L}\p{N}]|$)",
            ).unwrap();
            let want = pattern.captures(&text).and_then(|c| c[1].parse().ok());
            proptest::prop_assert_eq!(first_integer(&text), want);
        }
    }

    #[test]
    fn reads_year_and_counts() {
        let text =
            "BILANCIO 2019\nRisultato atteso al 31/12/2020\nRisultato atteso al 31/12/2020\n";
        assert_eq!(year(text), Some(2020));
        assert_eq!(year("Bilancio preventivo 2021"), Some(2021));
        assert_eq!(year("nothing"), None);
        assert_eq!(first_integer(" 2"), Some(2));
        assert_eq!(first_integer("none"), None);
        assert_eq!(first_integer("3_|"), Some(3));
        assert_eq!(first_integer("Nr 12."), Some(12));
        assert_eq!(first_integer("2020"), None);
        assert_eq!(first_integer("A3"), None);
        assert_eq!(first_integer("L2"), Some(2));
        assert_eq!(first_integer("associati I3 |"), Some(3));
        assert_eq!(first_integer("AL2"), None);
        assert_eq!(first_integer("xL2 o 1234 o 56"), Some(56));
        assert_eq!(first_integer("L12, 3"), Some(12));
        assert_eq!(first_integer("7°"), Some(7));
        // A date's day or a ratio is no count: a blank count's cell that
        // took the next field's "31/12/2021" (DEV browser-printed
        // scheda 101, scanned and as Tesseract text).
        assert_eq!(first_integer("31/12/2021"), None);
        assert_eq!(first_integer("al 31/12/2021"), None);
        assert_eq!(first_integer("3/4"), None);
        assert_eq!(first_integer("2 31/12/2021"), Some(2));
        assert_eq!(first_integer("2 /"), Some(2));
    }
}
