//! PDF with a text layer (born-digital, or a scan that OCR made searchable):
//! every page's text as positioned words.
//!
//! lopdf loads the file (repairing a broken cross-reference table where it
//! can, decrypting with the empty user password); the content streams are
//! then walked by our own interpreter (module `content`), fonts decoded by
//! `font` and `cmap`, and glyphs joined into words by `words`.
//!
//! Word boxes are in points with the origin at the top left of the page as
//! displayed: after /Rotate, within the CropBox (else the MediaBox), y down.
//!
//! Nothing here panics on any input: data is read with `get`, and every
//! loop and recursion is bounded. The whole read still runs under
//! `catch_unwind`, so a panic in a dependency becomes an error for the file.

mod cmap;
mod content;
mod font;
mod images;
mod lexer;
mod paths;
mod words;

pub use images::PdfImages;

#[cfg(test)]
mod tests;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, LoadOptions, Object, ObjectId, Stream};

use super::{Document, PageWords};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{InputFormat, PageRoute, Route};
use content::{Fonts, Interpreter, Matrix};

/// Bounds on the work one file may cause.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Decompressed bytes, all streams of the file together.
    pub max_decompressed: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decompressed: 256 * 1024 * 1024,
        }
    }
}

/// Reads a PDF's text layer.
pub fn read(bytes: &[u8]) -> Result<Document> {
    read_with(bytes, Limits::default())
}

/// [`read`] with explicit limits.
pub fn read_with(bytes: &[u8], limits: Limits) -> Result<Document> {
    match catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes, limits))) {
        Ok(result) => result,
        Err(_) => Err(pdf_error("internal error on malformed data")),
    }
}

fn pdf_error(detail: &str) -> Error {
    Error::new(ErrorKind::Pdf {
        detail: detail.to_string(),
    })
}

/// The decompressed bytes a file may still produce.
#[derive(Debug)]
pub(crate) struct Budget {
    left: usize,
    limit: usize,
}

/// The decompression budget ran out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exceeded;

impl Budget {
    fn new(limit: usize) -> Self {
        Budget { left: limit, limit }
    }

    /// A stream's decoded content; `None` when it does not decode.
    pub(crate) fn decode(
        &mut self,
        stream: &Stream,
    ) -> std::result::Result<Option<Vec<u8>>, Exceeded> {
        match stream.get_plain_content_with_limit(self.left) {
            Ok(data) => {
                self.left = self.left.saturating_sub(data.len());
                Ok(Some(data))
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(Exceeded),
            Err(_) => Ok(None),
        }
    }
}

/// Follows references (bounded by lopdf).
pub(crate) fn deref<'a>(doc: &'a lopdf::Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// A dictionary entry, references followed.
pub(crate) fn dict_get<'a>(
    doc: &'a lopdf::Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

/// A number (integer or real), finite.
pub(crate) fn num(object: &Object) -> Option<f64> {
    let n = match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    n.is_finite().then_some(n)
}

fn read_unguarded(bytes: &[u8], limits: Limits) -> Result<Document> {
    let doc = load(bytes, limits)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(pdf_error(if looks_truncated(bytes) {
            "truncated file (no pages found)"
        } else {
            "no pages found (damaged page tree)"
        }));
    }
    let mut budget = Budget::new(limits.max_decompressed);
    let mut fonts = Fonts::default();
    let mut out_pages = Vec::with_capacity(pages.len());
    let mut routes = Vec::with_capacity(pages.len());
    for (&number, &page_id) in &pages {
        let (page, route) = read_page(&doc, number, page_id, &mut fonts, &mut budget)
            .map_err(|Exceeded| over_limit(&budget))?;
        out_pages.push(page);
        routes.push(route);
    }
    let mut document = Document::new(InputFormat::PdfText, out_pages, routes);
    document.info = info(&doc);
    Ok(document)
}

/// The document information dictionary's Title, Subject, Author and
/// Keywords, where they are text.
fn info(doc: &lopdf::Document) -> Vec<String> {
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Vec::new();
    };
    [&b"Title"[..], b"Subject", b"Author", b"Keywords"]
        .iter()
        .filter_map(|key| dict_get(doc, dict, key))
        .filter_map(|o| lopdf::decode_text_string(o).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn over_limit(budget: &Budget) -> Error {
    Error::new(ErrorKind::DecompressedTooLarge {
        limit: budget.limit as u64,
    })
}

/// Whether the file lacks its end-of-file marker.
fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = bytes
        .get(bytes.len().saturating_sub(1024)..)
        .unwrap_or(bytes);
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Loads the file with lopdf and decrypts it if the empty password opens it.
fn load(bytes: &[u8], limits: Limits) -> Result<lopdf::Document> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_decompressed),
        ..LoadOptions::default()
    };
    let mut doc = lopdf::Document::load_mem_with_options(bytes, options)
        .map_err(|e| load_error(&e, bytes, limits))?;
    // lopdf decrypts with the empty password while loading; a file it could
    // not open keeps its /Encrypt entry.
    if doc.trailer.get(b"Encrypt").is_ok() {
        if doc.is_encrypted() && doc.decrypt("").is_ok() {
            return Ok(doc);
        }
        return Err(Error::new(ErrorKind::Encrypted));
    }
    Ok(doc)
}

fn load_error(e: &lopdf::Error, bytes: &[u8], limits: Limits) -> Error {
    use lopdf::Error as E;
    use lopdf::ParseError as P;
    let detail = match e {
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            return Error::new(ErrorKind::DecompressedTooLarge {
                limit: limits.max_decompressed as u64,
            })
        }
        E::InvalidPassword | E::Decryption(_) => return Error::new(ErrorKind::Encrypted),
        E::UnsupportedSecurityHandler(_) => "encrypted with an unsupported security handler",
        E::Parse(P::InvalidFileHeader) => "no PDF header",
        _ if looks_truncated(bytes) => "truncated file",
        E::Xref(_) | E::Parse(P::InvalidXref | P::InvalidTrailer) | E::MissingXrefEntry => {
            "broken cross-reference table"
        }
        E::Parse(P::EndOfInput) | E::InvalidOffset(_) | E::IndirectObject { .. } => {
            "damaged file structure"
        }
        _ => return pdf_error(&format!("damaged file ({e})")),
    };
    pdf_error(detail)
}

/// A page attribute, looked up the page tree as the inheritable ones are.
fn inherited<'a>(doc: &'a lopdf::Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(value) = dict_get(doc, node, key) {
            return Some(value);
        }
        node = dict_get(doc, node, b"Parent")?.as_dict().ok()?;
    }
    None
}

/// A rectangle `[x0 y0 x1 y1]`, normalised, or `None` when unusable.
fn rect(doc: &lopdf::Document, object: &Object) -> Option<[f64; 4]> {
    let v: Vec<f64> = object
        .as_array()
        .ok()?
        .iter()
        .filter_map(|o| deref(doc, o).and_then(num))
        .collect();
    let [a, b, c, d] = v.as_slice() else {
        return None;
    };
    let r = [a.min(*c), b.min(*d), a.max(*c), b.max(*d)];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}

/// The displayed page: its size and the transform from user space.
fn page_geometry(doc: &lopdf::Document, page: &Dictionary) -> (Matrix, f32, f32) {
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|o| rect(doc, o))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = inherited(doc, page, b"CropBox").and_then(|o| rect(doc, o));
    // The CropBox, clipped to the MediaBox; the MediaBox if that leaves nothing.
    let [x0, y0, x1, y1] = match crop {
        Some(c) => {
            let r = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if r[2] > r[0] && r[3] > r[1] {
                r
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(num)
        .map_or(0, |r| ((r / 90.0).round() as i64).rem_euclid(4) * 90);
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate {
        90 => (Matrix([0.0, 1.0, 1.0, 0.0, -y0, -x0]), h as f32, w as f32),
        180 => (Matrix([-1.0, 0.0, 0.0, 1.0, x1, -y0]), w as f32, h as f32),
        270 => (Matrix([0.0, -1.0, -1.0, 0.0, y1, x1]), h as f32, w as f32),
        _ => (Matrix([1.0, 0.0, 0.0, -1.0, -x0, y1]), w as f32, h as f32),
    }
}

/// The decoded content streams of a page, concatenated.
fn page_content(
    doc: &lopdf::Document,
    page: &Dictionary,
    budget: &mut Budget,
) -> std::result::Result<Vec<u8>, Exceeded> {
    let mut streams: Vec<&Stream> = Vec::new();
    match dict_get(doc, page, b"Contents") {
        Some(Object::Stream(s)) => streams.push(s),
        Some(Object::Array(items)) => {
            streams.extend(
                items
                    .iter()
                    .filter_map(|o| deref(doc, o))
                    .filter_map(|o| o.as_stream().ok()),
            );
        }
        _ => {}
    }
    let mut content = Vec::new();
    for stream in streams {
        if let Some(data) = budget.decode(stream)? {
            content.extend_from_slice(&data);
            content.push(b'\n');
        }
    }
    Ok(content)
}

fn read_page(
    doc: &lopdf::Document,
    number: u32,
    page_id: ObjectId,
    fonts: &mut Fonts,
    budget: &mut Budget,
) -> std::result::Result<(PageWords, PageRoute), Exceeded> {
    let Ok(page) = doc.get_dictionary(page_id) else {
        let page = PageWords {
            number,
            width: 612.0,
            height: 792.0,
            words: Vec::new(),
            scanned: false,
            rules: Vec::new(),
        };
        return Ok((
            page,
            route(number, "no text layer (unreadable page)".into()),
        ));
    };
    let (device, width, height) = page_geometry(doc, page);
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let content = page_content(doc, page, budget)?;
    let size = (width, height);
    let text = Interpreter::page(doc, fonts, budget, device, size, &content, resources)?;
    let words = words::words(&text);
    let reason = if words.is_empty() {
        "no text layer".to_string()
    } else if text.undecodable > 0 {
        let share = text.undecodable * 100 / text.glyphs.len().max(1);
        format!(
            "text layer: {} words ({share}% of glyphs undecodable)",
            words.len()
        )
    } else {
        format!("text layer: {} words", words.len())
    };
    let marks = &text.marks;
    let page = PageWords {
        number,
        width,
        height,
        words,
        scanned: marks.image_count > 0 && marks.visible_glyphs == 0,
        rules: text.rules,
    };
    Ok((page, route(number, reason)))
}

fn route(page: u32, reason: String) -> PageRoute {
    PageRoute {
        page,
        route: Route::TextLayer,
        reason,
    }
}
