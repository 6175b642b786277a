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
//! The bundled list is inflated at build time (`build.rs`), so the binary
//! holds it as plain text (1.2 MB) and a run neither inflates nor indexes
//! it: a word is looked up by bisecting the sorted text in place. A list
//! read at run time is loaded once, on first use.

use super::fold;

/// The words, folded and sorted bytewise as the script wrote them, one a
/// line.
#[cfg(feature = "bundled-words")]
fn text() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/italian-words.txt"))
}

#[cfg(feature = "bundled-words")]
fn load_source() -> &'static str {
    "bundled witalian 1.10"
}

/// The list's words, folded and sorted bytewise, and where they came from.
#[cfg(not(feature = "bundled-words"))]
struct WordList {
    text: String,
    source: String,
}

#[cfg(not(feature = "bundled-words"))]
static LIST: std::sync::LazyLock<WordList> = std::sync::LazyLock::new(load);

#[cfg(not(feature = "bundled-words"))]
fn text() -> &'static str {
    &LIST.text
}

#[cfg(not(feature = "bundled-words"))]
fn load_source() -> &'static str {
    &LIST.source
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
    sorted_lines_contain(text(), folded)
}

/// Whether some word of the list opens with the folded letters `start`
/// ("st": "strada"; no word opens with "ff" or "nt"). With no list at all
/// every start may open a word: there is no evidence against it.
#[must_use]
pub fn opens_italian_word(start: &str) -> bool {
    let lines = text();
    lines.is_empty() || first_line_from(lines, start).is_some_and(|w| w.starts_with(start))
}

/// The first line of `lines` (sorted bytewise) that is not below `word`:
/// bisects the text in place. `lo` and `hi` always stand at a line's start
/// (or the end).
fn first_line_from<'a>(lines: &'a str, word: &str) -> Option<&'a str> {
    let bytes = lines.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        if bytes[start..end] < *word.as_bytes() {
            lo = end + 1;
        } else {
            hi = start;
        }
    }
    lines.get(lo..)?.lines().next()
}

/// Endings that turn one form of an Italian word into another: the
/// list holds some forms of a word and not others ("certificato" but not
/// "certificati", "conciliare" but not "conciliazione").
const FORMS: &[(&str, &[&str])] = &[
    ("zione", &["zioni", "re", "to"]),
    ("zioni", &["zione", "re", "to"]),
    ("enza", &["ente", "enze"]),
    ("enze", &["ente", "enza"]),
    ("anza", &["ante", "anze"]),
    ("anze", &["ante", "anza"]),
    ("ita", &["o", "e", "a"]),
    ("mento", &["re", "menti"]),
    ("menti", &["re", "mento"]),
    ("che", &["co", "ca"]),
    ("chi", &["co", "ca"]),
    ("ghe", &["go", "ga"]),
    ("ghi", &["go", "ga"]),
    ("a", &["o", "e", "i"]),
    ("e", &["o", "a", "i"]),
    ("i", &["o", "a", "e"]),
    ("o", &["a", "e", "i"]),
];

/// Letters a stem keeps at least, for its other forms to be looked up.
const STEM_MIN: usize = 4;

/// Whether a folded word is Italian or another form of a word on the list
/// (plural, gender, the noun of a verb: [`FORMS`]).
#[must_use]
pub fn is_italian_form(folded: &str) -> bool {
    is_italian(folded)
        || FORMS.iter().any(|(ending, others)| {
            folded.strip_suffix(ending).is_some_and(|stem| {
                stem.chars().count() >= STEM_MIN
                    && others.iter().any(|o| is_italian(&format!("{stem}{o}")))
            })
        })
}

/// Whether `word` is a line of `lines`, whose lines are sorted bytewise.
fn sorted_lines_contain(lines: &str, word: &str) -> bool {
    first_line_from(lines, word) == Some(word)
}

/// Every word of the list, folded, in no order.
pub fn italian_words() -> impl Iterator<Item = &'static str> {
    text().lines()
}

/// Where the word list came from ("bundled witalian 1.10", a file and its
/// sha256, or "none"): part of the rerun key, since it changes corrections.
#[must_use]
pub fn source() -> &'static str {
    load_source()
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
    fn word_starts_are_told_by_the_list() {
        for start in ["st", "s", "ent", "serv", "zu", "a"] {
            assert!(opens_italian_word(start), "{start}");
        }
        if source() != "none" {
            for start in ["ff", "nt", "tt", "ervi"] {
                assert!(!opens_italian_word(start), "{start}");
            }
        }
    }

    #[test]
    fn other_forms_of_listed_words_are_italian() {
        for word in [
            "certificati",
            "conciliazione",
            "trasparenza",
            "tempestivita",
            "valorizzazione",
        ] {
            assert!(is_italian_form(word), "{word}");
        }
        for word in [
            "intemet",
            "aggiomamenti",
            "vigiianza",
            "intemazionale",
            "compctitivita",
            "zione",
        ] {
            assert!(!is_italian_form(word), "{word}");
        }
    }

    #[test]
    fn bisecting_the_text_finds_every_line_and_nothing_else() {
        let lines = "a\nab\nabc\nb\nba\nzz\n";
        for word in lines.lines() {
            assert!(sorted_lines_contain(lines, word), "{word}");
        }
        for word in ["", "aa", "abcd", "c", "z", "zzz", "ab\nabc"] {
            assert!(!sorted_lines_contain(lines, word), "{word:?}");
        }
        assert!(sorted_lines_contain("only", "only"), "no final newline");
        assert!(!sorted_lines_contain("", "a"));
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
