//! Plain OCR text: pages split at form feeds or, where a file has none, at
//! a line that starts with a single space (that line is the first of its
//! page), or else at the running lines each page repeats (see
//! [`page_breaks`](super::page_breaks)). Each word gets its character
//! column and line as its box.

use super::{page_breaks, BBox, Document, PageWords, Word};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{InputFormat, PageRoute, Route};

/// Reads an OCR text file.
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_decoded(&decode(bytes)?)
}

/// Reads OCR text already decoded.
pub fn read_decoded(text: &str) -> Result<Document> {
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    let pages: Vec<PageWords> = split_pages(text)
        .into_iter()
        .enumerate()
        .map(|(i, lines)| page_words(i as u32 + 1, &lines))
        .collect();
    let routes = pages
        .iter()
        .map(|p| PageRoute {
            page: p.number,
            route: Route::Text,
            reason: "plain text input".into(),
        })
        .collect();
    Ok(Document::new(InputFormat::OcrText, pages, routes))
}

/// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else
/// Latin-1 when the bytes look like text. Binary data is an error.
pub fn decode(bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(String::from_utf8_lossy(rest).into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    check_not_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| {
        Error::new(ErrorKind::NotText {
            detail: "invalid UTF-16".into(),
        })
    })
}

/// Rejects NUL bytes and a high share of control characters.
fn check_not_binary(bytes: &[u8]) -> Result<()> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if sample.contains(&0) || control * 20 > sample.len() {
        return Err(Error::new(ErrorKind::NotText {
            detail: "binary data (control bytes)".into(),
        }));
    }
    Ok(())
}

/// Splits text into pages of lines.
fn split_pages(text: &str) -> Vec<Vec<&str>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.contains('\x0C') {
        return text
            .split('\x0C')
            .map(|page| page.lines().collect())
            .collect();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut starts: Vec<usize> = (1..lines.len())
        .filter(|&i| starts_page(lines[i]))
        .collect();
    starts.insert(0, 0);
    if starts.len() == 1 {
        starts = page_breaks::page_starts(&lines);
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain([&lines.len()]))
        .map(|(&start, &end)| lines[start..end].to_vec())
        .collect()
}

/// A line starting with exactly one space, then text, opens a page.
fn starts_page(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace())
}

fn page_words(number: u32, lines: &[&str]) -> PageWords {
    let mut words = Vec::new();
    let mut width = 0usize;
    for (y, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r');
        width = width.max(line.chars().count());
        words.extend(line_words(line, y as f32));
    }
    PageWords {
        number,
        width: width as f32,
        height: lines.len() as f32,
        words,
        scanned: false,
        rules: Vec::new(),
    }
}

/// The words of one line with their character columns.
fn line_words(line: &str, y: f32) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char column, byte offset)
    let mut column = 0usize;
    for (offset, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some((col, at)) = start.take() {
                words.push(word(&line[at..offset], col, column, y));
            }
        } else if start.is_none() {
            start = Some((column, offset));
        }
        column += 1;
    }
    if let Some((col, at)) = start {
        words.push(word(&line[at..], col, column, y));
    }
    words
}

fn word(text: &str, x0: usize, x1: usize, y: f32) -> Word {
    Word {
        text: text.to_string(),
        bbox: BBox {
            x0: x0 as f32,
            y0: y,
            x1: x1 as f32,
            y1: y + 1.0,
        },
        confidence: None,
        font_size: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        input: &'static str,
        pages: Vec<Vec<&'static str>>,
    }

    fn page_texts(doc: &Document) -> Vec<Vec<String>> {
        doc.pages
            .iter()
            .map(|p| p.words.iter().map(|w| w.text.clone()).collect())
            .collect()
    }

    #[test]
    fn splits_pages() {
        let cases = [
            Case {
                input: "a b\n Missione x\nc",
                pages: vec![vec!["a", "b"], vec!["Missione", "x", "c"]],
            },
            Case {
                input: "a\x0C  b\nc\x0Cd",
                pages: vec![vec!["a"], vec!["b", "c"], vec!["d"]],
            },
            Case {
                input: " first line opens page one\nx",
                pages: vec![vec!["first", "line", "opens", "page", "one", "x"]],
            },
            Case {
                input: "a\n  two spaces do not split\n",
                pages: vec![vec!["a", "two", "spaces", "do", "not", "split"]],
            },
        ];
        for case in cases {
            let doc = read(case.input.as_bytes()).unwrap();
            let want: Vec<Vec<String>> = case
                .pages
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect();
            assert_eq!(page_texts(&doc), want, "input {:?}", case.input);
        }
    }

    #[test]
    fn pages_without_form_feeds_split_after_their_page_numbers() {
        let mut text = String::new();
        for page in 1..=3 {
            for line in 0..20 {
                text.push_str(&format!("testo {line} pagina {page}\n"));
            }
            text.push_str(&format!("Pagina {page} di 3\n\n"));
        }
        let doc = read(text.as_bytes()).unwrap();
        let last_words: Vec<String> = doc
            .pages
            .iter()
            .map(|p| p.words.last().map(|w| w.text.clone()).unwrap_or_default())
            .collect();
        assert_eq!(doc.pages.len(), 3);
        assert_eq!(last_words, ["3", "3", "3"]); // "... di 3" ends each page
    }

    #[test]
    fn words_carry_columns_and_lines() {
        let doc = read("ab  cdé f\nx".as_bytes()).unwrap();
        let boxes: Vec<(f32, f32, f32)> = doc.pages[0]
            .words
            .iter()
            .map(|w| (w.bbox.x0, w.bbox.x1, w.bbox.y0))
            .collect();
        assert_eq!(
            boxes,
            vec![
                (0.0, 2.0, 0.0),
                (4.0, 7.0, 0.0),
                (8.0, 9.0, 0.0),
                (0.0, 1.0, 1.0)
            ]
        );
    }

    #[test]
    fn decodes_other_encodings() {
        let latin1 = b"attivit\xe0 ok";
        assert_eq!(decode(latin1).unwrap(), "attività ok");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Unità".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), "Unità");
        assert_eq!(decode(b"\xEF\xBB\xBFciao").unwrap(), "ciao");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert!(matches!(
            read(b"\x00\x01\x02binary").unwrap_err().kind(),
            ErrorKind::NotText { .. }
        ));
        assert!(matches!(
            read(b" \n\n  ").unwrap_err().kind(),
            ErrorKind::Empty
        ));
    }
}
