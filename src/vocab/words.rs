//! The words of Italian, as a real word list: a word on it is never
//! "corrected" into another (OCR's "Al lordo" is "Al lordo", not "AI").
//!
//! The list is Debian's `witalian` 1.10 (`/usr/share/dict/italian`, 116,758
//! words, GPL-3+, by Davide G. M. Salvetti), folded, sorted and gzipped by
//! `scripts/italian-words.sh` into `vocab/italian-words.gz` (300 KB) and
//! compiled into the binary. Why embedded rather than read from the
//! system: the corrections, and so the output, must not depend on which
//! packages a machine happens to have, and CI and users' machines need
//! nothing installed; 300 KB keeps the repository small. It is inflated
//! once, on first use, and searched in place (a few milliseconds, 2 MB).

use std::io::Read;
use std::sync::LazyLock;

#[cfg(test)]
use super::fold;

const LIST: &[u8] = include_bytes!("../../vocab/italian-words.gz");

/// The list inflated once, for the words to borrow from.
static TEXT: LazyLock<String> = LazyLock::new(|| {
    let mut text = String::new();
    let read = flate2::read::GzDecoder::new(LIST).read_to_string(&mut text);
    debug_assert!(read.is_ok(), "the bundled word list is valid gzip UTF-8");
    text
});

/// The words, folded and sorted bytewise as the script wrote them.
static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| TEXT.lines().collect());

/// Whether a folded word ([`fold`]: lower case, no accents) is Italian.
#[must_use]
pub fn is_italian(folded: &str) -> bool {
    WORDS.binary_search(&folded).is_ok()
}

/// Every word of the list, folded, in no order.
pub fn italian_words() -> impl Iterator<Item = &'static str> {
    WORDS.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_folded_sorted_and_unique() {
        let words: Vec<&str> = italian_words().collect();
        assert!(words.len() > 100_000);
        assert!(words.windows(2).all(|p| p[0] < p[1]), "sorted and unique");
        let unfolded: Vec<&&str> = words.iter().filter(|w| fold(w) != **w).collect();
        assert!(unfolded.is_empty(), "{unfolded:?}");
    }

    #[test]
    fn the_list_is_loaded_and_folded() {
        assert!(italian_words().count() > 100_000);
        for word in ["al", "lordo", "più", "colpite", "emergenza", "attività"] {
            assert!(is_italian(&fold(word)), "{word}");
        }
        for word in ["ai lordo", "dellemergenza", "pit", "senvizi", "attivitd"] {
            assert!(!is_italian(&fold(word)), "{word}");
        }
    }
}
