//! How the chain runs: the options that change what it makes of an input.

use crate::error::Result;
use crate::input::sha256_hex;
use crate::overrides::Override;
use crate::read::{OcrMode, ReadOptions};
use crate::vocab::Vocabulary;

/// Options of the chain. `Default` gives pira's defaults.
///
/// ```
/// let options = pira::Options {
///     ocr: pira::OcrMode::Never,
///     trust_text_layer: true,
///     ..pira::Options::default()
/// };
/// assert_eq!(options.max_pages(), 2000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// Extra vocabulary entries (the text of a `--vocab` file), added to
    /// the built-in domain vocabulary.
    pub extra_vocabulary: Option<String>,
    /// Reviewer's overrides, applied after the records are built.
    pub overrides: Vec<Override>,
    /// When to OCR PDF pages.
    pub ocr: OcrMode,
    /// Tesseract language(s) for OCR; `None` means Italian ("ita").
    pub lang: Option<String>,
    /// Inputs with more pages are refused; `None` means the default (2000).
    pub max_pages: Option<u32>,
    /// Seconds Tesseract may take on one page; `None` means the default
    /// (120).
    #[serde(default)]
    pub ocr_page_timeout: Option<u64>,
    /// Take a searchable scan's text layer as it is. By default its pages
    /// are also OCR'd by pira, and every field the two readings give
    /// differently carries a `readings-differ` warning.
    #[serde(default)]
    pub trust_text_layer: bool,
    /// Pixels a page's rendering or any image on it may have before the
    /// page is refused unread; `None` means the default
    /// ([`crate::read::DEFAULT_MAX_PIXELS`]).
    #[serde(default)]
    pub max_pixels: Option<u64>,
}

impl Options {
    /// The page limit.
    pub fn max_pages(&self) -> u32 {
        self.max_pages.unwrap_or(crate::read::DEFAULT_MAX_PAGES)
    }

    /// How the read stage reads inputs under these options.
    #[doc(hidden)]
    pub fn read_options(&self) -> ReadOptions {
        let defaults = ReadOptions::default();
        ReadOptions {
            ocr: self.ocr,
            lang: self.lang().to_string(),
            max_pages: self.max_pages(),
            ocr_page_timeout: self
                .ocr_page_timeout
                .map_or(defaults.ocr_page_timeout, std::time::Duration::from_secs),
            max_pixels: self.max_pixels.unwrap_or(defaults.max_pixels),
        }
    }

    /// The OCR language(s).
    pub fn lang(&self) -> &str {
        self.lang.as_deref().unwrap_or("ita")
    }

    /// The vocabulary these options call for.
    #[doc(hidden)]
    pub fn vocabulary(&self) -> Result<Vocabulary> {
        let mut vocab = Vocabulary::builtin();
        if let Some(extra) = &self.extra_vocabulary {
            vocab.extend(extra)?;
        }
        Ok(vocab)
    }

    /// The options as recorded in the report of the input named `name`,
    /// its rerun key: everything [`crate::extract`] gets besides the
    /// input's bytes, defaults resolved, files by the sha256 of their
    /// content. With the input's sha256 and pira's version it decides
    /// whether a rerun may keep the report (a limit is part of it too: a
    /// second reading over a limit becomes a warning in the report).
    #[doc(hidden)]
    pub fn to_json(&self, name: &str) -> serde_json::Value {
        // Every field named, so that a new option cannot be left out.
        let Options {
            extra_vocabulary,
            overrides,
            ocr,
            lang: _,
            max_pages: _,
            ocr_page_timeout: _,
            trust_text_layer,
            max_pixels: _,
        } = self;
        let overrides: Vec<&Override> =
            overrides.iter().filter(|o| o.source_file == name).collect();
        let overrides = (!overrides.is_empty())
            .then(|| {
                serde_json::to_vec(&overrides)
                    .map(|bytes| sha256_hex(&bytes))
                    .ok()
            })
            .flatten();
        let read = self.read_options();
        serde_json::json!({
            "vocab": extra_vocabulary.as_ref().map(|v| sha256_hex(v.as_bytes())),
            "word_list": crate::vocab::word_list_source(),
            "overrides": overrides,
            "ocr": ocr,
            "lang": read.lang,
            "trust_text_layer": trust_text_layer,
            "max_pages": read.max_pages,
            "ocr_timeout_secs": read.ocr_page_timeout.as_secs(),
            "max_pixels": read.max_pixels,
        })
    }
}
