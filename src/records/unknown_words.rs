//! OCR's letter slips inside real words ("intemet", "Compctitività"): on
//! a page read by OCR, a field holding a word that no reader knows, but
//! that one OCR confusion turns into a word one does (Italian, spelt by
//! the vocabulary, or used in the report), is flagged on that field.
//! Spaces are the reader's guess on any page: a word cut in two whose
//! halves join into a known word ("INTERNAZIONALIZZA ZIONE", "TE MPI"),
//! or an unknown word that splits into a known word and a linking one
//! ("trail", "INFORMATIVIA"), is flagged on every page of a report that
//! OCR read in part; a report with no OCR'd page is not judged at all,
//! which keeps the word pass off the born-digital path.
//! A word no reader knows alone is no sign: the word list lacks many real
//! words ("prevenzione", "istruttoria"). Born-digital letters are what
//! its author wrote: they are never judged.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::indicator::warn;
use super::plausible::{
    indicator_text, objective_text, on_objective, INDICATOR_TEXT, OBJECTIVE_TEXT,
};
use super::texts::OPEN_ENDS;
use crate::model::{Column, IndicatorField, InputFormat, Report, Route, Warning, WarningCode};
use crate::normalize::text::variants;
use crate::vocab::{fold, is_italian_form, word_list_source, Vocabulary};

/// Letters a word has at least to be judged ("gg", "n." are abbreviations).
const WORD_MIN: usize = 3;
/// How often a word must appear in the report to count as the report's own.
const OWN_USES: usize = 2;
/// Letters of the part before an apostrophe that is an elided article or
/// preposition ("dall'", "nell'", "quest'").
const ELIDED_MAX: usize = 5;
/// Words that link others: one of the two words a lost space joined.
const LINKING: &[&str] = &[
    "a", "ad", "e", "ed", "di", "da", "in", "il", "la", "le", "lo", "gli", "un", "tra", "fra",
    "per", "con", "su", "al", "del", "dei", "nel",
];
/// Articles: a word after one is a noun or an adjective, never one of
/// [`OPEN_ENDS`] nor a target's direction word.
const ARTICLES: &[&str] = &["i", "il", "lo", "la", "gli", "un", "uno", "una"];
/// Direction words of targets, which no article stands before.
const DIRECTIONS: &[&str] = &["almeno", "entro"];
/// Confusions of OCR's beyond those the text fixes ([`variants`]): worth
/// a warning, not a fix.
const SLIPS: [(&str, &str); 9] = [
    ("c", "e"),
    ("e", "c"),
    // An E whose lower bar the scan lost reads F ("Ffficientamento").
    ("f", "e"),
    ("i", "l"),
    ("l", "i"),
    ("ii", "il"),
    ("ii", "li"),
    ("h", "li"),
    ("li", "h"),
];

/// Fields whose words come from a short list (the vocabulary's types,
/// "efficacia interna/qualità"): there a word no reader knows is no rare
/// term the word list lacks but a misreading ("mmalità", DEV scan 177).
const CLOSED: [IndicatorField; 1] = [IndicatorField::Cell(Column::Type)];

/// Letters a lone stroke reads as, glued before a word (folded): "l",
/// "i" (a capital I too).
const LEADING_STROKES: [char; 3] = ['l', 'i', 'j'];
/// Letters a lone stroke reads as, glued after a word ("i" is left out:
/// it makes plurals).
const TRAILING_STROKES: [char; 1] = ['l'];

/// The words a report's OCR'd fields are judged against.
struct Judge<'a> {
    vocab: &'a Vocabulary,
    /// Folded words and how often the report's fields use them.
    uses: HashMap<String, usize>,
    /// Folded words the report's fields print side by side, as "a b".
    pairs: HashSet<String>,
    /// Whether each folded word looked up is Italian ([`is_italian_form`]):
    /// a report's words and their readings are judged over and over.
    italian: RefCell<HashMap<String, bool>>,
}

impl Judge<'_> {
    /// Whether a folded word is one a reader would know.
    fn knows(&self, folded: &str, own_uses: usize) -> bool {
        self.is_italian(folded)
            || self.vocab.spells(folded)
            || self.vocab.is_known(folded)
            || self.uses.get(folded).is_some_and(|&n| n >= own_uses)
    }

    /// [`is_italian_form`], remembered.
    fn is_italian(&self, folded: &str) -> bool {
        if let Some(&known) = self.italian.borrow().get(folded) {
            return known;
        }
        let known = is_italian_form(folded);
        self.italian.borrow_mut().insert(folded.to_string(), known);
        known
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

    /// The known word an unknown word is with a stroke glued to one end
    /// ("lcamerale": a speck or a cell's border read as a letter), if any.
    fn stroke_of(&self, word: &str) -> Option<String> {
        if !self.unknown(word) {
            return None;
        }
        let letters: Vec<char> = fold(word).chars().collect();
        if letters.len() < WORD_MIN + 2 {
            return None;
        }
        let (first, last) = (letters[0], letters[letters.len() - 1]);
        let rest = |range: std::ops::Range<usize>| letters[range].iter().collect::<String>();
        [
            (LEADING_STROKES.contains(&first), rest(1..letters.len())),
            (TRAILING_STROKES.contains(&last), rest(0..letters.len() - 1)),
        ]
        .into_iter()
        .find_map(|(stroke, rest)| (stroke && self.knows(&rest, 1)).then_some(rest))
    }

    /// The first word of a text with a stroke glued to it, and the word:
    /// a long word ([`Self::stroke_of`]), a short one that is a linking
    /// word behind the stroke ("led": a cell's left border read as "l"
    /// before "ed", DEV kpi-table scan 247), an elided article or
    /// preposition behind one ("inell'evasione"), or a word cut after
    /// the stroke and its first letter ("IA ccesso").
    fn stroke(&self, text: &str) -> Option<(String, String)> {
        let long = words(text).find_map(|w| self.stroke_of(w).map(|known| (w.to_string(), known)));
        long.or_else(|| {
            let short = tokens(text).find_map(|w| {
                let rest = behind_stroke(w)?;
                let small = !w.chars().any(char::is_uppercase);
                let short = (WORD_MIN..=WORD_MIN + 1).contains(&w.chars().count());
                (small && short && self.unknown(w) && LINKING.contains(&rest.as_str()))
                    .then(|| (w.to_string(), rest))
            });
            short.or_else(|| text.split_whitespace().find_map(elided_stroke))
        })
        .or_else(|| {
            spaced_pairs(text).find_map(|[a, b]| {
                let head = behind_stroke(a).filter(|h| h.chars().count() == 1)?;
                let joined = format!("{head}{}", fold(b));
                (self.unknown(b) && self.knows(&joined, 1)).then(|| (format!("{a} {b}"), joined))
            })
        })
    }

    /// The first word of a text OCR misread, and what it may read.
    fn slip<'t>(&self, text: &'t str) -> Option<(&'t str, String)> {
        words(text).find_map(|w| self.slip_of(w).map(|reading| (w, reading)))
    }

    /// The first word of a text no reader knows, long enough to judge.
    fn stranger<'t>(&self, text: &'t str) -> Option<&'t str> {
        words(text).find(|w| self.unknown(w))
    }

    /// Whether a word is one no reader knows, long enough to judge.
    fn unknown(&self, word: &str) -> bool {
        word.chars().count() >= WORD_MIN && !is_name(word) && !self.knows(&fold(word), OWN_USES)
    }

    /// The first word a space cut in two ("TE MPI", "funzionam ento") or
    /// two words whose space was lost ("trail", "INFORMATIVIA"), and what
    /// they may read. Spaces are the reader's guess on any page, so this
    /// judges a born-digital page's text too.
    fn spacing(&self, text: &str) -> Option<(String, String)> {
        let cut = spaced_pairs(text).find_map(|pair| {
            let joined = pair.concat();
            let folded = fold(&joined);
            let unknown_half = self.unknown(pair[0]) || self.unknown(pair[1]);
            // A letter alone before a word is a word ("E", "a") unless
            // the two make a word the report itself uses ("E strazione").
            let letter = pair.iter().any(|w| w.chars().count() == 1);
            let used = self.uses.get(&folded).is_some_and(|&n| n >= 1);
            let cut = (unknown_half && self.knows(&folded, 1))
                || (letter && used && self.knows(&folded, usize::MAX));
            cut.then(|| (format!("{} {}", pair[0], pair[1]), joined))
        });
        cut.or_else(|| tokens(text).find_map(|w| self.joined(w).map(|r| (w.to_string(), r))))
            .or_else(|| tokens(text).find_map(|w| self.unspaced(w).map(|r| (w.to_string(), r))))
    }

    /// The two words a word the report uses once is, where the report
    /// prints them side by side elsewhere and one links others ("perla"
    /// where it prints "per la"), or where both link others (see
    /// [`linking_pair`]): a space OCR lost into a word it knows.
    fn unspaced(&self, word: &str) -> Option<String> {
        let folded = fold(word);
        let once = self.uses.get(&folded).is_none_or(|&n| n < OWN_USES);
        if folded.chars().count() <= WORD_MIN || !once {
            return None;
        }
        folded.char_indices().skip(1).find_map(|(at, _)| {
            let (a, b) = folded.split_at(at);
            let pair = format!("{a} {b}");
            let linking = LINKING.contains(&a) || LINKING.contains(&b);
            let printed = linking && self.pairs.contains(&pair);
            (printed || linking_pair(a, b)).then_some(pair)
        })
    }

    /// The two known words an unknown word splits into, one of them a
    /// word that links others ("tra", "il", "a"), as "tra il".
    fn joined(&self, word: &str) -> Option<String> {
        if !self.unknown(word) {
            return None;
        }
        let folded = fold(word);
        folded.char_indices().skip(1).find_map(|(at, _)| {
            let (a, b) = folded.split_at(at);
            let linking = LINKING.contains(&a) || LINKING.contains(&b);
            let long = a.chars().count().max(b.chars().count()) >= WORD_MIN;
            (linking && long && self.knows(a, 1) && self.knows(b, 1)).then(|| format!("{a} {b}"))
        })
    }
}

/// Whether two folded words that both link others, run together, are
/// a lost space: a preposition and an article ("per la", "con il": the
/// word they make, "perla", is rare in a report's prose). Both of two
/// letters or more (a lone "a" or "e" before an article makes real
/// words: "ala", "ele"), and not an articulated preposition's two
/// halves ("del" + "la", "al" + "le", "su" + "gli": "della", "alle",
/// "sugli" are one word).
fn linking_pair(a: &str, b: &str) -> bool {
    let articulated = a.ends_with('l') && b.starts_with('l') || b == "gli";
    let short = a.chars().count() < 2 || b.chars().count() < 2;
    LINKING.contains(&a) && LINKING.contains(&b) && !articulated && !short
}

/// An article before a word no article stands before ("Realizzazione i
/// almeno 8.000", "i" for "di"): OCR lost a letter of the word before, or
/// read a mark as one. Letters only, in small letters (a capital "I" may
/// be a numeral or a lone stroke, judged elsewhere).
fn stray_article(text: &str) -> Option<String> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    raw.windows(2).find_map(|pair| {
        let follows = fold(pair[1]);
        let stray = ARTICLES.contains(&pair[0])
            && (OPEN_ENDS.contains(&follows.as_str()) || DIRECTIONS.contains(&follows.as_str()));
        stray.then(|| format!("{} {}", pair[0], pair[1]))
    })
}

/// The letters that stand alone in Italian: its one-letter words, "n"
/// (numero, written "n attività" too) and "x" (per, times: "VDR x
/// mansione"). Any other letter standing alone is a mark OCR misread
/// ("l" for "1", "ì" for "-").
const ONE_LETTER_WORDS: &[&str] = &["a", "e", "è", "i", "o", "ò", "à", "ù", "é", "n", "x"];
/// What OCR reads a lone "o" as, on a line of its own in a narrow cell.
const BRACKETED_O: &[&str] = &["(0)", "(O)", "(o)"];
/// Letters OCR reads for digits ("l" and "I" for 1, "O" and "o" for 0).
const DIGIT_LIKE: &[char] = &['l', 'I', 'O', 'o', '|'];

/// A mark OCR misread, standing where no letter stands: a letter that is
/// no one-letter word standing alone among words in small letters ("2022
/// -l", "2020 ì 1", "raggiunti I mediazioni": a "/" read as "I"), a
/// digit-like letter inside a number ("-1l", "2O23"), "II" opening a
/// phrase in small letters ("II numero": "Il" read with two strokes), or
/// a bracketed zero after a word or opening a cell ([`BRACKETED_O`]).
fn stray_mark(text: &str) -> Option<String> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    // A word in small letters: a lower-case letter and no capital.
    let small = |w: Option<&&str>| {
        w.is_some_and(|w| w.chars().any(char::is_lowercase) && !w.chars().any(char::is_uppercase))
    };
    raw.iter().enumerate().find_map(|(i, &token)| {
        let bare = token.trim_start_matches(['-', '–', '(']);
        let digits = bare.chars().filter(char::is_ascii_digit).count();
        let letter = bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic);
        let (before, after) = (i.checked_sub(1).and_then(|j| raw.get(j)), raw.get(i + 1));
        // A capital alone between words in small letters opens no sentence.
        let capital_inside = bare.chars().all(char::is_uppercase) && small(before) && small(after);
        let lone =
            letter && (!ONE_LETTER_WORDS.contains(&bare.to_lowercase().as_str()) || capital_inside);
        let in_number = digits > 0
            && bare.chars().any(|c| DIGIT_LIKE.contains(&c))
            && bare
                .chars()
                .all(|c| c.is_ascii_digit() || DIGIT_LIKE.contains(&c) || ".,%".contains(c));
        let doubled = token == "II" && i == 0 && small(after);
        // A word's last letter, cut where its cell wraps and left alone
        // on the next line, read as a bracketed zero ("pagament (0)").
        let letters = |w: Option<&&str>| w.is_some_and(|w| w.chars().all(char::is_alphabetic));
        // Opening a cell before its value, it is a mark of the cell's
        // edge ("(0) NO": DEV scheda scan 308).
        let bracketed =
            BRACKETED_O.contains(&token) && (letters(before) || (i == 0 && after.is_some()));
        (lone || in_number || doubled || bracketed).then(|| token.to_string())
    })
}

/// Elided articles and prepositions, folded, without their apostrophe.
const ELISIONS: &[&str] = &[
    "l", "d", "un", "dell", "nell", "all", "dall", "sull", "coll", "quest", "quell",
];

/// A word's letters after a stroke read as its first letter ("l", "i",
/// "j"), folded; none when the word opens with no such letter or has
/// nothing after it.
fn behind_stroke(word: &str) -> Option<String> {
    let folded = fold(word);
    let mut letters = folded.chars();
    let first = letters.next()?;
    let rest: String = letters.collect();
    (LEADING_STROKES.contains(&first) && !rest.is_empty()).then_some(rest)
}

/// A word whose elided article or preposition has a stroke glued before
/// it ("inell'evasione", "lall'impresa"), and the elision behind it.
fn elided_stroke(token: &str) -> Option<(String, String)> {
    let (head, tail) = token.split_once(['\'', '’'])?;
    let head = head.trim_start_matches(|c: char| !c.is_alphabetic());
    let letters = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
    if !letters(head)
        || !tail.starts_with(char::is_alphabetic)
        || ELISIONS.contains(&fold(head).as_str())
    {
        return None;
    }
    let rest =
        behind_stroke(head).filter(|r| ELISIONS.contains(&r.as_str()) && r.chars().count() >= 2)?;
    Some((token.to_string(), format!("{rest}'{tail}")))
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
    tokens(text).filter(|w| w.chars().count() >= WORD_MIN)
}

/// The words of a text in their order, letters alone, of any length, an
/// elided article's part ("dall'") left out.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
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
        .filter(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
}

/// The words on either side of each space that stands between letters
/// ("TE MPI", "L'INTERNAZIONALIZZA ZIONE": "INTERNAZIONALIZZA", "ZIONE"),
/// a word broken by a hyphen at a line's end ("tachi- grafiche") aside.
fn spaced_pairs(text: &str) -> impl Iterator<Item = [&str; 2]> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let letters = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
    (1..raw.len()).filter_map(move |i| {
        let (a, b) = (raw[i - 1], raw[i]);
        let a = a.rsplit(['\'', '’', '/']).next()?;
        let b = b.split(['\'', '’', '/']).next()?;
        (letters(a) && letters(b)).then_some([a, b])
    })
}

/// The folded words of a text that stand side by side, as "a b".
fn side_by_side(text: &str) -> Vec<String> {
    let raw: Vec<String> = text.split_whitespace().map(fold).collect();
    let letters = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
    raw.windows(2)
        .filter(|pair| letters(&pair[0]) && letters(&pair[1]))
        .map(|pair| format!("{} {}", pair[0], pair[1]))
        .collect()
}

/// Which pages of the report OCR read.
pub(super) fn ocr_pages(report: &Report) -> impl Fn(u32) -> bool + '_ {
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
    let mut pairs = HashSet::new();
    for text in field_texts(report) {
        let distinct: HashSet<String> = words(text).map(fold).collect();
        for w in distinct {
            *uses.entry(w).or_default() += 1;
        }
        pairs.extend(side_by_side(text));
    }
    let judge = Judge {
        vocab,
        uses,
        pairs,
        italian: RefCell::default(),
    };
    let why = |text: &str, field: &str, ocr: bool| {
        let slip = ocr.then(|| judge.slip(text)).flatten().map(|(w, reading)| {
            format!("its {field} {text:?} holds {w:?}, no word, one OCR slip from {reading:?}: misread?")
        });
        let article = ocr.then(|| stray_article(text)).flatten().map(|words| {
            format!("its {field} {text:?} holds {words:?}, an article before a word that takes none: a letter lost?")
        });
        let stroke = ocr.then(|| judge.stroke(text)).flatten().map(|(w, known)| {
            format!("its {field} {text:?} holds {w:?}, no word: {known:?} with a stroke read as a letter?")
        });
        let mark = ocr
            .then(|| stray_mark(text))
            .flatten()
            .map(|mark| format!("its {field} {text:?} holds {mark:?}, a mark OCR misread?"));
        slip.or(article).or(stroke).or(mark).or_else(|| {
            judge.spacing(text).map(|(w, reading)| {
                format!("its {field} {text:?} holds {w:?}, which reads as {reading:?}: a space misplaced?")
            })
        })
    };
    for o in &report.objectives {
        let ocr = o.pages.iter().any(|&p| by_ocr(p));
        for f in OBJECTIVE_TEXT {
            if let Some(message) = objective_text(o, f).and_then(|t| why(t, f.as_str(), ocr)) {
                found.push(on_objective(o, f, WarningCode::ImplausibleValue, message));
            }
        }
        for ind in &o.indicators {
            let ocr = by_ocr(ind.page);
            for f in INDICATOR_TEXT {
                let text = indicator_text(ind, f);
                let closed = (ocr && CLOSED.contains(&f))
                    .then(|| text.and_then(|t| judge.stranger(t).map(|w| (t, w))))
                    .flatten()
                    .map(|(t, w)| {
                        format!("its {f} {t:?} holds {w:?}, no word the vocabulary's {f}s or a reader know: misread?")
                    });
                if let Some(message) = text.and_then(|t| why(t, f.as_str(), ocr)).or(closed) {
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
            pairs: HashSet::new(),
            italian: RefCell::default(),
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
            // DEV card scan 157: an E read F.
            ("Ffficientamento energetico", Some("Ffficientamento")),
            ("Piano di fabbisogno del personale", None),
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

    /// A type's words come from the vocabulary: one no reader knows is a
    /// misreading there ("mmalità" for "qualità", DEV scan 177), though
    /// more than one letter away from the word.
    #[test]
    fn a_word_no_reader_knows_in_a_type_is_a_stranger() {
        let vocab = Vocabulary::builtin();
        let judge = Judge {
            vocab: &vocab,
            uses: HashMap::new(),
            pairs: HashSet::new(),
            italian: RefCell::default(),
        };
        for (text, stranger) in [
            ("efficacia interna/mmalità", Some("mmalità")),
            ("efficacia interna/qualità", None),
            ("EFFICACIA ESTERNA E QUALITÀ", None),
            ("efficienza", None),
        ] {
            assert_eq!(judge.stranger(text), stranger, "{text}");
        }
        assert!(CLOSED.contains(&IndicatorField::Cell(Column::Type)));
    }

    #[test]
    fn a_stroke_glued_to_a_known_word_is_flagged() {
        let vocab = Vocabulary::builtin();
        let judge = Judge {
            vocab: &vocab,
            uses: HashMap::new(),
            pairs: HashSet::new(),
            italian: RefCell::default(),
        };
        let cases = [
            // DEV kpi-table scan 207.
            (
                "Percentuale di pubblicazione sul sito internet lcamerale",
                Some("lcamerale"),
            ),
            ("IPROGETTO di sviluppo", Some("IPROGETTO")),
            ("contributi alle impresel", Some("impresel")),
            // DEV kpi-table scan 247: a cell's left border read as a
            // letter before a line's first word.
            ("Istruttoria led erogazione dei contributi", Some("led")),
            (
                "La tempestività inell'evasione delle pratiche",
                Some("inell'evasione"),
            ),
            (
                "IA ccesso al credito e sostegno alla liquidità",
                Some("IA ccesso"),
            ),
            ("Istruttoria ed erogazione dei contributi", None),
            ("La tempestività nell'evasione delle pratiche", None),
            ("l'evasione delle pratiche dell'ufficio", None),
            ("Accesso al credito e sostegno", None),
            ("lei e il progetto LED", None),
            (
                "Percentuale di pubblicazione sul sito internet camerale",
                None,
            ),
            // A plural's "i", and words the list lacks whose rest is none.
            ("webinari svolti", None),
            ("Istruttoria delle mediazioni", None),
            ("servizi InfoCamere e PagoPA", None),
        ];
        for (text, flagged) in cases {
            assert_eq!(
                judge.stroke(text).map(|(w, _)| w).as_deref(),
                flagged,
                "{text}"
            );
        }
    }

    #[test]
    fn an_article_before_a_word_that_takes_none_is_flagged() {
        // DEV scan 132: "di" read as "i".
        assert_eq!(
            stray_article("Realizzazione i almeno 8.000 posizioni").as_deref(),
            Some("i almeno")
        );
        assert!(stray_article("la di imprese").is_some());
        assert!(stray_article("Realizzazione di almeno 8.000 posizioni").is_none());
        assert!(stray_article("i servizi e la qualità per gli utenti").is_none());
        assert!(
            stray_article("Fase I di due").is_none(),
            "a numeral, not an article"
        );
    }

    #[test]
    fn marks_misread_as_letters_are_flagged() {
        // (text, the mark flagged): DEV scans 166, 197, 200, 186, 209.
        let cases = [
            (
                "pratiche critiche 2023 / pratiche critiche 2022 -l",
                Some("-l"),
            ),
            (
                "pratiche critiche 2019 / pratiche critiche 2018 -1l",
                Some("-1l"),
            ),
            ("accordi raggiunti I mediazioni con adesione", Some("I")),
            ("II numero di verifiche metriche effettuate", Some("II")),
            (
                "risme acquistate 2021 / risme acquistate 2020 ì 1",
                Some("ì"),
            ),
            ("numero pratiche 2O23", Some("2O23")),
            // DEV kpi-table scan 215: a cut word's last letter.
            ("nuovo canale di pagament (0)", Some("(0)")),
            ("PROTOCOLL (0) INFORMATIC (0)", Some("(0)")),
            ("pratiche evase (n.) 2023 (0)", None),
            ("(0) NO", Some("(0)")),
            ("(0)", None),
            ("pratiche critiche 2019 / pratiche critiche 2018 - 1", None),
            ("accordi raggiunti / mediazioni con adesione", None),
            ("Il numero di verifiche effettuate", None),
            ("Fase I di due", None),
            ("FASE I DEL PROGETTO", None),
            ("SERVIZI E ATTIVITÀ", None),
            ("NELLA FASE 2 E 3 DELL'EMERGENZA", None),
            ("I GIORNI DI RILASCIO", None),
            (
                "I giorni che intercorrono tra il protocollo e l'evasione",
                None,
            ),
            ("numero imprese e associazioni o enti", None),
            ("Realizzazione di almeno 1.000 posizioni", None),
            ("RELAZIONE IN 30 GG", None),
            ("n. pratiche / n. totale", None),
            ("n. controlli / n attività ad alto rischio", None),
        ];
        for (text, mark) in cases {
            assert_eq!(stray_mark(text).as_deref(), mark, "{text}");
        }
    }

    #[test]
    fn a_preposition_and_an_article_run_together_are_flagged() {
        let vocab = Vocabulary::builtin();
        // The report prints "per la" nowhere else (DEV kpi-table scan 214).
        let judge = Judge {
            vocab: &vocab,
            uses: HashMap::from([("perla".to_string(), 1), ("nella".to_string(), 1)]),
            pairs: HashSet::new(),
            italian: RefCell::default(),
        };
        let cases = [
            (
                "Voucher erogati alle pmi perla digitalizzazione",
                Some("perla"),
            ),
            // Articulated prepositions; a lone letter and an article.
            ("sportello nella sede", None),
            ("contributi dalle imprese", None),
            ("controlli sugli strumenti", None),
            ("percepita dagli utenti", None),
            ("ala nord della sede", None),
        ];
        for (text, flagged) in cases {
            let got = judge.spacing(text).map(|(w, _)| w);
            assert_eq!(got.as_deref(), flagged, "{text}");
        }
    }

    #[test]
    fn words_cut_or_joined_by_a_space_are_flagged() {
        let vocab = Vocabulary::builtin();
        let judge = Judge {
            vocab: &vocab,
            uses: HashMap::from([
                ("estrazione".to_string(), 1),
                ("eventie".to_string(), 1),
                ("assessment".to_string(), 1),
                ("della".to_string(), 3),
            ]),
            pairs: side_by_side("accordi per la tutela; la della; monitoraggio della legalita")
                .into_iter()
                .collect(),
            italian: RefCell::default(),
        };
        let cases = [
            (
                "IMPRESE PER L'INTERNAZIONALIZZA ZIONE",
                Some("INTERNAZIONALIZZA ZIONE"),
            ),
            ("TE MPI DI RILASCIO DEI CERTIFICATI", Some("TE MPI")),
            ("E strazione dei dati registro imprese", Some("E strazione")),
            ("totale oneri di funzionam ento", Some("funzionam ento")),
            ("I giorni che intercorrono trail protocollo", Some("trail")),
            (
                "EVENTI FORMATIVI/INFORMATIVIA DISTANZA",
                Some("INFORMATIVIA"),
            ),
            ("CONSIDERATE ADALTO RISCHIO", Some("ADALTO")),
            // A word the list knows, two words the report prints apart
            // (DEV kpi-table scan 210, card scan 144).
            ("amministrazioni perla tutela", Some("perla")),
            // Used often, or apart nowhere in the report.
            ("monitoraggio della legalita", None),
            ("una perlina rara", None),
            ("Istruttoria delle mediazioni", None),
            ("PIANO DI PREVENZIONE DELLA CORRUZIONE", None),
            ("Estrazione dati da Priamo", None),
            ("servizi InfoCamere e PagoPA", None),
            ("Certificati rilasciati nei termini", None),
            ("numero imprese assistite", None),
            ("eventi e comunicazioni mirate", None),
            ("imprese coinvolte in attivita di assessmento", None),
            ("Il nuovo portale TACI, Carte tachi- grafiche", None),
        ];
        for (text, flagged) in cases {
            let got = judge.spacing(text).map(|(w, _)| w);
            assert_eq!(got.as_deref(), flagged, "{text}");
        }
    }
}
