//! The words of Italian, as a real word list: a word on it is never
//! "corrected" into another (OCR's "Al lordo" is "Al lordo", not "AI").
//!
//! The list is Debian's `witalian` 1.10 (`/usr/share/dict/italian`, 116,758
//! words, by Davide G. M. Salvetti), folded, sorted and gzipped by
//! `scripts/italian-words.sh` into `vocab/italian-words.gz` (300 KB).
//!
//! Where it comes from, and why:
//! - With the default feature `bundled-words`, the list is compiled into
//!   the binary: the corrections, and so the output, do not depend on which
//!   packages a machine has, and users need nothing installed. The list is
//!   GPL-3+, so a binary built so is distributed under the GPL-3+ (pira's
//!   own code stays MIT OR Apache-2.0; see the README's licence section).
//! - Built with `--no-default-features`, pira holds no GPL data and reads
//!   the list at run time from `PIRA_WORD_LIST` or `/usr/share/dict/italian`
//!   (Debian's `witalian` package), folded as the script folds it; with no
//!   list there, only the vocabulary's words are protected from corrections.
//!
//! Which list was used is part of every report's rerun key ([`source`]).
//! The list is loaded once, on first use, and searched in place (a few
//! milliseconds, 2 MB).

use std::sync::LazyLock;

use super::fold;

/// The list's words, folded and sorted bytewise, and where they came from.
struct WordList {
    text: String,
    source: String,
}

static LIST: LazyLock<WordList> = LazyLock::new(load);

/// The words, folded and sorted bytewise as the script wrote them.
static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| LIST.text.lines().collect());

#[cfg(feature = "bundled-words")]
fn load() -> WordList {
    use std::io::Read;
    const GZ: &[u8] = include_bytes!("../../vocab/italian-words.gz");
    let mut text = String::new();
    let read = flate2::read::GzDecoder::new(GZ).read_to_string(&mut text);
    debug_assert!(read.is_ok(), "the bundled word list is valid gzip UTF-8");
    WordList {
        text,
        source: "bundled witalian 1.10".into(),
    }
}

#[cfg(not(feature = "bundled-words"))]
fn load() -> WordList {
    let path = std::env::var_os("PIRA_WORD_LIST").map_or_else(
        || "/usr/share/dict/italian".into(),
        std::path::PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(plain) => WordList {
            source: format!(
                "{} sha256:{}",
                path.display(),
                crate::input::sha256_hex(plain.as_bytes())
            ),
            text: folded_list(&plain),
        },
        Err(_) => WordList {
            text: String::new(),
            source: "none".into(),
        },
    }
}

/// A plain word list (one word a line, any case and accents) as the
/// bundled file holds it: folded, sorted bytewise, unique.
#[cfg_attr(feature = "bundled-words", allow(dead_code))]
fn folded_list(plain: &str) -> String {
    let mut words: Vec<String> = plain
        .lines()
        .map(|line| fold(line.trim()))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words.iter().map(|w| format!("{w}\n")).collect()
}

/// Whether a folded word ([`fold`]: lower case, no accents) is Italian.
#[must_use]
pub fn is_italian(folded: &str) -> bool {
    WORDS.binary_search(&folded).is_ok()
}

/// Every word of the list, folded, in no order.
pub fn italian_words() -> impl Iterator<Item = &'static str> {
    WORDS.iter().copied()
}

/// Where the word list came from ("bundled witalian 1.10", a file and its
/// sha256, or "none"): part of the rerun key, since it changes corrections.
#[must_use]
pub fn source() -> &'static str {
    &LIST.source
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
    fn the_system_list_folds_to_the_bundled_one() {
        // The run-time reading (--no-default-features) must give the words
        // the script bundles: same folding, same order.
        let Ok(plain) = std::fs::read_to_string("/usr/share/dict/italian") else {
            eprintln!("note: no /usr/share/dict/italian (Debian witalian): skipped");
            return;
        };
        let folded = folded_list(&plain);
        if cfg!(feature = "bundled-words") && source() == "bundled witalian 1.10" {
            assert_eq!(folded.lines().count(), italian_words().count());
            assert!(folded.lines().eq(italian_words()), "same words, same order");
        }
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
