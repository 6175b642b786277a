//! The words of Italian, as a real word list: a word on it is never
//! "corrected" into another (OCR's "Al lordo" is "Al lordo", not "AI").
//!
//! The list is Debian's `witalian` 1.10 (`/usr/share/dict/italian`, 116,758
//! words, GPL-3+, by Davide G. M. Salvetti), shipped gzipped in
//! `vocab/italian-words.gz` (300 KB; `zcat` gives the package's file byte
//! for byte) and compiled into the binary. Why embedded rather than read
//! from the system: the corrections, and so the output, must not depend on
//! which packages a machine happens to have, and CI and users' machines
//! need nothing installed; 300 KB keeps the repository small. It is
//! decompressed and folded once, on first use (about 30 ms, 8 MB).

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

use super::fold;

const LIST: &[u8] = include_bytes!("../../vocab/italian-words.gz");

static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    let read = flate2::read::GzDecoder::new(LIST).read_to_string(&mut text);
    debug_assert!(read.is_ok(), "the bundled word list is valid gzip UTF-8");
    text.lines()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
});

/// Whether a folded word ([`fold`]: lower case, no accents) is Italian.
#[must_use]
pub fn is_italian(folded: &str) -> bool {
    WORDS.contains(folded)
}

/// Every word of the list, folded, in no order.
pub fn italian_words() -> impl Iterator<Item = &'static str> {
    WORDS.iter().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

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
