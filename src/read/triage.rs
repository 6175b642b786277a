//! Page triage: each page of a PDF gets a route, its text layer or OCR,
//! from the quality of its text layer, and the reason is recorded
//! (`source.page_routes`) and shown by `pira inspect`.
//!
//! To OCR: no text layer, a few stray glyphs, glyphs the fonts could not
//! decode, or text that is not words (mojibake from fonts without a usable
//! ToUnicode map: few tokens look like words of an Italian report).

use super::{ocr, Document, PageWords, Word};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{InputFormat, PageRoute, Route};

/// When to OCR pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OcrMode {
    /// Pages whose text layer is missing or unusable.
    #[default]
    Auto,
    /// Every page, ignoring any text layer.
    Always,
    /// No page; image-only inputs are an error.
    Never,
}

/// Fewer words than this is no text layer to speak of.
const MIN_WORDS: usize = 10;

/// Why a page's text layer is not usable, if it is not.
pub fn needs_ocr(page: &PageWords) -> Option<String> {
    let words = &page.words;
    if words.is_empty() {
        return Some("no text layer".into());
    }
    if words.len() < MIN_WORDS {
        return Some(format!("a few stray glyphs ({} words)", words.len()));
    }
    let undecodable = words.iter().filter(|w| w.text.contains('\u{FFFD}')).count();
    if undecodable * 10 > words.len() {
        return Some(format!(
            "{undecodable} of {} words have glyphs no font decodes",
            words.len()
        ));
    }
    // Two in five tokens must be words: counting stops there.
    let enough = (words.len() * 2).div_ceil(5);
    let wordlike = |w: &&Word| looks_like_a_word(&w.text);
    if words.iter().filter(wordlike).take(enough).count() < enough {
        let wordlike = words.iter().filter(wordlike).count();
        return Some(format!(
            "text layer looks like garbage: {wordlike} of {} tokens are words",
            words.len()
        ));
    }
    None
}

/// Letters (with an Italian vowel among them), digits with their
/// punctuation, or a short symbol such as "€" or "-".
fn looks_like_a_word(token: &str) -> bool {
    if token.is_ascii() {
        return ascii_looks_like_a_word(token.as_bytes());
    }
    any_looks_like_a_word(token)
}

/// [`looks_like_a_word`] of an ASCII token, in one pass over its bytes:
/// most tokens of a text layer are ASCII, and the test of any text took
/// 5.5 M instructions of a 40-page wide table's 361 M.
fn ascii_looks_like_a_word(token: &[u8]) -> bool {
    let Some(start) = token.iter().position(u8::is_ascii_alphanumeric) else {
        return token.len() <= 2;
    };
    let end = token
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .map_or(start, |at| at + 1);
    let core = token.get(start..end).unwrap_or_default();
    let (mut letters, mut digits, mut latin, mut vowel) = (0usize, 0usize, true, false);
    for &b in core {
        if b.is_ascii_alphabetic() {
            letters += 1;
            vowel |= matches!(
                b,
                b'a' | b'e' | b'i' | b'o' | b'u' | b'A' | b'E' | b'I' | b'O' | b'U'
            );
        } else if b.is_ascii_digit() {
            digits += 1;
        } else {
            latin &= b"'.,/%-".contains(&b);
        }
    }
    latin && (digits > 0 && letters <= 2 || letters > 0 && (vowel || core.len() <= 3))
}

/// [`looks_like_a_word`] of any token.
fn any_looks_like_a_word(token: &str) -> bool {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return token.chars().count() <= 2;
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
    let latin = core
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || is_accented_vowel(c) || "'’.,/%-".contains(c));
    let vowel = core.chars().any(|c| {
        matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U')
            || is_accented_vowel(c)
    });
    latin && (digits > 0 && letters <= 2 || letters > 0 && (vowel || core.chars().count() <= 3))
}

/// The accented vowels of Italian words.
fn is_accented_vowel(c: char) -> bool {
    matches!(
        c,
        'à' | 'è' | 'é' | 'ì' | 'ò' | 'ù' | 'À' | 'È' | 'É' | 'Ì' | 'Ò' | 'Ù'
    )
}

/// The pages to OCR (all, none, or those that need it, by `mode`), each
/// with the reason.
pub fn pages_to_ocr(doc: &Document, mode: OcrMode) -> Vec<(u32, String)> {
    doc.pages
        .iter()
        .filter_map(|p| match mode {
            OcrMode::Always => Some((p.number, "OCR asked for every page".to_string())),
            OcrMode::Auto => needs_ocr(p).map(|why| (p.number, why)),
            OcrMode::Never => None,
        })
        .collect()
}

/// Routes a PDF's pages: the `wanted` pages ([`pages_to_ocr`]) are OCR'd
/// with `engine` and their words replace the text layer's.
pub fn route_pdf(
    mut doc: Document,
    pdf: &[u8],
    mode: OcrMode,
    wanted: Vec<(u32, String)>,
    engine: impl FnOnce() -> Result<Box<dyn ocr::OcrEngine>>,
) -> Result<Document> {
    if mode == OcrMode::Never {
        if doc.pages.iter().all(|p| needs_ocr(p).is_some()) {
            return Err(Error::new(ErrorKind::ImageOnly));
        }
        return Ok(doc);
    }
    if wanted.is_empty() {
        return Ok(doc);
    }
    let engine = engine()?;
    let numbers: Vec<u32> = wanted.iter().map(|(n, _)| *n).collect();
    let pages = ocr::ocr_pdf_pages(pdf, &numbers, engine.as_ref())?;
    for (page, (number, why)) in pages.into_iter().zip(&wanted) {
        if let Some(render) = page.render {
            doc.renders.insert(*number, render);
        }
        if let Some(slot) = doc.pages.iter_mut().find(|p| p.number == *number) {
            *slot = PageWords {
                scanned: true,
                ..page.words
            };
        }
        let route = PageRoute {
            page: *number,
            route: Route::Ocr,
            reason: format!("OCR from {}: {why}", page.image.describe()),
        };
        match doc.routes.iter_mut().find(|r| r.page == *number) {
            Some(r) => *r = route,
            None => doc.routes.push(route),
        }
    }
    doc.format = if wanted.len() == doc.pages.len() {
        InputFormat::PdfOcr
    } else {
        InputFormat::PdfMixed
    };
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{BBox, Word};

    fn page(tokens: &[&str]) -> PageWords {
        let words = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| Word {
                text: t.to_string(),
                bbox: BBox {
                    x0: i as f32 * 10.0,
                    y0: 0.0,
                    x1: i as f32 * 10.0 + 8.0,
                    y1: 10.0,
                },
                confidence: None,
                font_size: None,
            })
            .collect();
        PageWords {
            number: 1,
            width: 800.0,
            height: 600.0,
            words,
            scanned: false,
            rules: Vec::new(),
        }
    }

    struct Case {
        tokens: &'static [&'static str],
        ocr: bool,
    }

    #[test]
    fn triage_by_text_quality() {
        let report = "Missione 011 - Competitività e sviluppo delle imprese Programma 005 € 24.390,75 80% Titolo";
        let mojibake = "ÿþ\u{1}Ö ¤¤Ù ÞÞ× ¬¬¬ Ð×Ø þÿ ¦¦ ÛÛ ¤¤Ù ÞÞ× ¬¬ ÐÐ";
        let replaced = "Missione \u{FFFD}\u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD}";
        for (text, ocr) in [
            (report, false),
            (mojibake, true),
            (replaced, true),
            ("", true),
            ("Pagina 3 di 10", true),
        ] {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let leaked: &'static [&'static str] = Box::leak(tokens.into_boxed_slice());
            let case = Case {
                tokens: leaked,
                ocr,
            };
            assert_eq!(
                needs_ocr(&page(case.tokens)).is_some(),
                case.ocr,
                "{text:?}: {:?}",
                needs_ocr(&page(case.tokens))
            );
        }
    }

    /// The one-pass test of ASCII tokens says what the test of any text
    /// says, on every kind of token a text layer holds.
    #[test]
    fn ascii_tokens_are_judged_as_any_text() {
        let tokens = [
            "",
            "-",
            "--",
            "---",
            "€",
            "città",
            "30€",
            "perché",
            "(",
            "a)",
            "(b",
            "di",
            "Titolo",
            "XYZ",
            "xyz",
            "bcd",
            "bcdf",
            "KPI12",
            "KPI12-",
            "12",
            "24.390,75",
            "80%",
            "1/2",
            "l'anno",
            "d'",
            "a-b",
            "3a",
            "3ab",
            "3abc",
            "A1B2",
            "t.b.d.",
            "n.",
            "N.",
            "#12",
            "x#y",
            "((a))",
            "e!",
            "!",
            "!!",
            "!!!",
            "...",
            "1.",
            ".1",
            "Ok",
            "rn",
            "mm",
            "qq",
            "s.r.l.",
            "a+b",
        ];
        // Tokens not ASCII ("€") take the test of any text.
        for token in tokens {
            assert_eq!(
                looks_like_a_word(token),
                any_looks_like_a_word(token),
                "{token:?}"
            );
        }
        // Every printable ASCII token of up to three characters.
        let printable: Vec<u8> = (b' '..=b'~').collect();
        for &a in &printable {
            for &b in &printable {
                for last in [None, Some(b'a'), Some(b'1'), Some(b'.'), Some(b'x')] {
                    let mut bytes = vec![a, b];
                    bytes.extend(last);
                    let token = String::from_utf8(bytes).unwrap_or_default();
                    assert_eq!(
                        ascii_looks_like_a_word(token.as_bytes()),
                        any_looks_like_a_word(&token),
                        "{token:?}"
                    );
                }
            }
        }
    }

    struct NoEngine;
    impl ocr::OcrEngine for NoEngine {
        fn recognize(&self, _: &std::path::Path, _: u32) -> Result<PageWords> {
            Err(Error::new(ErrorKind::Empty))
        }

        fn read_crops(
            &self,
            _: &[std::path::PathBuf],
            _: ocr::CropKind,
            _: u32,
        ) -> Result<Vec<Option<String>>> {
            Err(Error::new(ErrorKind::Empty))
        }
    }

    #[test]
    fn never_refuses_image_only_and_keeps_text_pages() {
        let blank = Document::new(InputFormat::PdfText, vec![page(&[])], Vec::new());
        let wanted = pages_to_ocr(&blank, OcrMode::Never);
        let err = route_pdf(blank, b"", OcrMode::Never, wanted, || {
            Ok(Box::new(NoEngine))
        })
        .expect_err("image-only");
        assert!(matches!(err.kind(), ErrorKind::ImageOnly));
        let tokens: Vec<&str> =
            "Missione 011 Competitività e sviluppo delle imprese Programma 005 Titolo"
                .split(' ')
                .collect();
        let text = Document::new(InputFormat::PdfText, vec![page(&tokens)], Vec::new());
        let wanted = pages_to_ocr(&text, OcrMode::Auto);
        let kept = route_pdf(text.clone(), b"", OcrMode::Auto, wanted, || {
            panic!("no OCR needed")
        })
        .expect("text pages need no OCR");
        assert_eq!(kept, text);
    }
}
