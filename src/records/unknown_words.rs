//! OCR's letter slips inside real words ("intemet", "Compctitività"): on
//! a page read by OCR, a field holding a word that no reader knows, but
//! that one OCR confusion turns into a word one does (Italian, spelt by
//! the vocabulary, or used in the report), or that is the cut-off end of
//! its neighbour ("INTERNAZIONALIZZA ZIONE"), is flagged on that field.
//! A word no reader knows alone is no sign: the word list lacks many real
//! words ("prevenzione", "istruttoria"). Born-digital text is what its
//! author wrote: it is never judged.

use std::collections::{HashMap, HashSet};

use super::indicator::warn;
use super::plausible::{
    indicator_text, objective_text, on_objective, INDICATOR_TEXT, OBJECTIVE_TEXT,
};
use crate::model::{InputFormat, Report, Route, Warning, WarningCode};
use crate::normalize::text::variants;
use crate::vocab::{fold, is_italian_form, word_list_source, Vocabulary};

/// Letters a word has at least to be judged ("gg", "n." are abbreviations).
const WORD_MIN: usize = 3;
/// How often a word must appear in the report to count as the report's own.
const OWN_USES: usize = 2;
/// Letters of the part before an apostrophe that is an elided article or
/// preposition ("dall'", "nell'", "quest'").
const ELIDED_MAX: usize = 5;
/// Confusions of OCR's beyond those the text fixes ([`variants`]): worth
/// a warning, not a fix.
const SLIPS: [(&str, &str); 8] = [
    ("c", "e"),
    ("e", "c"),
    ("i", "l"),
    ("l", "i"),
    ("ii", "il"),
    ("ii", "li"),
    ("h", "li"),
    ("li", "h"),
];

/// The words a report's OCR'd fields are judged against.
struct Judge<'a> {
    vocab: &'a Vocabulary,
    /// Folded words and how often the report's fields use them.
    uses: HashMap<String, usize>,
}

impl Judge<'_> {
    /// Whether a folded word is one a reader would know.
    fn knows(&self, folded: &str, own_uses: usize) -> bool {
        is_italian_form(folded)
            || self.vocab.spells(folded)
            || self.vocab.is_known(folded)
            || self.uses.get(folded).is_some_and(|&n| n >= own_uses)
    }

    /// The known word one confusion from a word no reader knows, if any.
    fn slip_of(&self, word: &str) -> Option<String> {
        let folded = fold(word);
        if is_name(word) || self.knows(&folded, OWN_USES) {
            return None;
        }
        let mut readings = variants(&folded);
        for (from, to) in SLIPS {
            for (at, _) in folded.match_indices(from) {
                readings.push(format!(
                    "{}{to}{}",
                    &folded[..at],
                    &folded[at + from.len()..]
                ));
            }
        }
        readings.into_iter().find(|r| self.knows(r, 1))
    }

    /// The first word of a text OCR misread, and what it may read.
    fn slip<'t>(&self, text: &'t str) -> Option<(&'t str, String)> {
        let ws: Vec<&str> = words(text).collect();
        ws.iter().enumerate().find_map(|(i, &w)| {
            if let Some(reading) = self.slip_of(w) {
                return Some((w, reading));
            }
            // The end of a word cut by a space: joined to the word before,
            // a word.
            let before = i.checked_sub(1).map(|j| ws[j])?;
            let joined = fold(&format!("{before}{w}"));
            (!self.knows(&fold(w), OWN_USES) && self.knows(&joined, 1))
                .then(|| (w, format!("{before}{w}")))
        })
    }
}

/// A word written in mixed case inside ("InfoCamere", "PagoPA"): a name.
fn is_name(word: &str) -> bool {
    let letters: Vec<char> = word.chars().collect();
    letters
        .windows(2)
        .any(|p| p[0].is_lowercase() && p[1].is_uppercase())
}

/// The words of a text that are judged: letters alone, at least
/// [`WORD_MIN`] of them, an elided article's part ("dall'") left out.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '(' | ')'))
        .flat_map(|token| {
            let parts: Vec<&str> = token.split(['\'', '’']).collect();
            let last = parts.len() - 1;
            parts.into_iter().enumerate().filter_map(move |(i, part)| {
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                let elided = i < last && part.chars().count() <= ELIDED_MAX;
                (!elided).then_some(part)
            })
        })
        .filter(|w| w.chars().count() >= WORD_MIN && w.chars().all(char::is_alphabetic))
}

/// Which pages of the report OCR read.
fn ocr_pages(report: &Report) -> impl Fn(u32) -> bool + '_ {
    let all = matches!(
        report.source.format,
        InputFormat::OcrText | InputFormat::OcrTsv | InputFormat::Hocr | InputFormat::PdfOcr
    );
    move |page| {
        all || report
            .source
            .page_routes
            .iter()
            .any(|r| r.page == page && r.route == Route::Ocr)
    }
}

/// The report's field texts, to count its own words in.
fn field_texts(report: &Report) -> impl Iterator<Item = &str> {
    report.objectives.iter().flat_map(|o| {
        let own = OBJECTIVE_TEXT
            .into_iter()
            .filter_map(|f| objective_text(o, f))
            .chain(o.description.as_deref());
        let indicators = o.indicators.iter().flat_map(|ind| {
            INDICATOR_TEXT
                .into_iter()
                .filter_map(|f| indicator_text(ind, f))
        });
        own.chain(indicators)
    })
}

/// Adds to `found` a warning on each OCR'd field holding a word no reader
/// would know. Nothing without a word list to judge by.
pub fn check(report: &Report, vocab: &Vocabulary, found: &mut Vec<Warning>) {
    if word_list_source() == "none" {
        return;
    }
    let by_ocr = ocr_pages(report);
    // Nothing to judge: the report's own words need not be counted.
    let judged = report.objectives.iter().any(|o| {
        o.pages.iter().any(|&p| by_ocr(p)) || o.indicators.iter().any(|ind| by_ocr(ind.page))
    });
    if !judged {
        return;
    }
    let mut uses: HashMap<String, usize> = HashMap::new();
    for text in field_texts(report) {
        let distinct: HashSet<String> = words(text).map(fold).collect();
        for w in distinct {
            *uses.entry(w).or_default() += 1;
        }
    }
    let judge = Judge { vocab, uses };
    let why = |text: &str, field: &str| {
        judge.slip(text).map(|(w, reading)| {
            format!("its {field} {text:?} holds {w:?}, no word, one OCR slip from {reading:?}: misread?")
        })
    };
    for o in &report.objectives {
        if o.pages.iter().any(|&p| by_ocr(p)) {
            for f in OBJECTIVE_TEXT {
                if let Some(message) = objective_text(o, f).and_then(|t| why(t, f.as_str())) {
                    found.push(on_objective(o, f, WarningCode::ImplausibleValue, message));
                }
            }
        }
        for ind in o.indicators.iter().filter(|ind| by_ocr(ind.page)) {
            for f in INDICATOR_TEXT {
                if let Some(message) = indicator_text(ind, f).and_then(|t| why(t, f.as_str())) {
                    let kind = WarningCode::ImplausibleValue;
                    found.push(warn(ind, &o.code, kind, message, Some(f)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_judged_words_are_letters_past_elisions() {
        let got: Vec<&str> = words("dall'evasione n. 12 gg/anno (PMI) - e-commerce").collect();
        assert_eq!(got, ["evasione", "anno", "PMI", "commerce"]);
    }

    #[test]
    fn slips_are_flagged_and_unlisted_words_names_and_the_reports_own_are_not() {
        let vocab = Vocabulary::builtin();
        let uses = HashMap::from([("priamo".to_string(), 2), ("selfie".to_string(), 1)]);
        let judge = Judge {
            vocab: &vocab,
            uses,
        };
        let cases = [
            (
                "Percentuale di pubblicazione sul sito intemet camerale",
                Some("intemet"),
            ),
            (
                "aggiornamenti fatti / aggiomamenti prescritti",
                Some("aggiomamenti"),
            ),
            (
                "Compctitività e sviluppo delle imprese",
                Some("Compctitività"),
            ),
            ("Ispezioni di vigiianza", Some("vigiianza")),
            ("IMPRESE PER L'INTERNAZIONALIZZA ZIONE", Some("ZIONE")),
            ("Selfie assessment", None),
            ("PIANO DI PREVENZIONE DELLA CORRUZIONE", None),
            ("Istruttoria delle mediazioni", None),
            ("Estrazione dati da Priamo", None),
            ("servizi InfoCamere e PagoPA", None),
            ("Certificati rilasciati nei termini", None),
        ];
        for (text, slipped) in cases {
            assert_eq!(judge.slip(text).map(|(w, _)| w), slipped, "{text}");
        }
    }
}
