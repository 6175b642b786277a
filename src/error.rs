//! The one error type of pira: what went wrong, and where.

use std::fmt;

/// An input that could not be turned into a report.
///
/// Its `Display` is the contract's one-line message: `name: reason`.
///
/// ```
/// let input = pira::Input::from_bytes("empty.pdf", b"%PDF-1.4 broken".to_vec());
/// let error = pira::extract(&input, &pira::Options::default()).unwrap_err();
/// assert!(error.to_string().starts_with("empty.pdf: "), "{error}");
/// assert!(!error.to_string().contains('\n'));
/// ```
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    position: Position,
}

/// Where in an input an error was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The input's name (see [`crate::Input`]).
    pub file: Option<String>,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

/// The reason an input was rejected.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io(std::io::Error),
    /// The bytes are not a format pira reads (binary data named `.txt`, ...).
    NotText { detail: String },
    /// A format this build does not read.
    Unsupported { what: String },
    /// The input is empty or holds no text at all.
    Empty,
    /// The text holds no recognisable PIRA report (no objective scheda found).
    NoReport,
    /// Schede were found but none holds an objective code, so no
    /// objective could be written: an empty report would mislead.
    NoObjective { schede: usize },
    /// The text is in no template pira knows: what was seen of its labels
    /// and table headers.
    UnknownTemplate { seen: Vec<String> },
    /// The input is larger than a configured limit.
    TooLarge { limit: u64, actual: u64 },
    /// The input has more pages than the configured limit.
    TooManyPages { limit: u32, actual: u64 },
    /// Every page is an image and OCR was turned off.
    ImageOnly,
    /// OCR is needed but Tesseract (or its language data, or pdftoppm) is missing.
    OcrUnavailable { detail: String },
    /// The OCR engine failed on a page.
    OcrFailed { detail: String },
    /// A reviewer's overrides file is malformed.
    Overrides { detail: String },
    /// A user-supplied vocabulary file is malformed.
    Vocabulary { detail: String, text: String },
    /// A PDF that cannot be read: damaged, truncated, or not a PDF after all.
    Pdf { detail: String },
    /// A PDF encrypted with a password (the empty user password does not open it).
    Encrypted,
    /// A PDF whose streams decompress to more than the limit (in bytes).
    DecompressedTooLarge { limit: u64 },
    /// A page asked for that the document does not have.
    NoSuchPage { page: u32, pages: u32 },
    /// A page image could not be rendered, drawn or written.
    PageImage { detail: String },
    /// A page whose rendering or an image on it is over the pixel budget.
    TooManyPixels { page: u32, detail: String },
}

impl Error {
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind,
            position: Position::default(),
        }
    }

    /// The same error, attributed to the named input.
    pub fn in_file(mut self, name: &str) -> Self {
        self.position.file = Some(name.to_string());
        self
    }

    /// The same error, attributed to a line of the input.
    pub fn at_line(mut self, line: u32) -> Self {
        self.position.line = Some(line);
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn position(&self) -> &Position {
        &self.position
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io(e) => write!(f, "cannot read: {e}"),
            ErrorKind::NotText { detail } => write!(f, "not a text report: {detail}"),
            ErrorKind::Unsupported { what } => write!(f, "{what}"),
            ErrorKind::Empty => write!(f, "empty input: no text to read"),
            ErrorKind::NoReport => write!(
                f,
                "no recognisable PIRA report: no objective scheda (Missione/Programma/Titolo, code NNN-NNN-NNN) found"
            ),
            ErrorKind::NoObjective { schede } => write!(
                f,
                "no objective read: {schede} schede found, none with an objective code NNN-NNN-NNN (the report may be in a template pira misread)"
            ),
            ErrorKind::UnknownTemplate { seen } if seen.is_empty() => write!(
                f,
                "no recognisable PIRA report: no objective scheda (Missione/Programma/Titolo, code NNN-NNN-NNN) found, nor the labels or table headers of another known template (kpi-table, matrix, card)"
            ),
            ErrorKind::UnknownTemplate { seen } => write!(
                f,
                "no recognisable PIRA report: in no known template (scheda, kpi-table, matrix, card); labels and table headers seen: {}",
                seen.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
            ),
            ErrorKind::TooLarge { limit, actual } => {
                write!(f, "input of {actual} bytes is over the limit of {limit} bytes")
            }
            ErrorKind::TooManyPages { limit, actual } => {
                write!(f, "{actual} pages is over the limit of {limit} pages (--max-pages)")
            }
            ErrorKind::ImageOnly => write!(f, "image-only PDF (no usable text layer) and --ocr never"),
            ErrorKind::OcrUnavailable { detail } => write!(f, "{detail}"),
            ErrorKind::OcrFailed { detail } => write!(f, "OCR failed: {detail}"),
            ErrorKind::Overrides { detail } => write!(f, "bad overrides file: {detail}"),
            ErrorKind::Vocabulary { detail, text } => {
                write!(f, "bad vocabulary entry: {detail}: {text:?}")
            }
            ErrorKind::Pdf { detail } => write!(f, "not a readable PDF: {detail}"),
            ErrorKind::Encrypted => write!(f, "encrypted with a password"),
            ErrorKind::DecompressedTooLarge { limit } => write!(
                f,
                "PDF streams decompress to more than the limit of {} MiB",
                limit / (1024 * 1024)
            ),
            ErrorKind::NoSuchPage { page, pages } => {
                write!(f, "no page {page}: the document has {pages} pages")
            }
            ErrorKind::PageImage { detail } => write!(f, "page image: {detail}"),
            ErrorKind::TooManyPixels { page, detail } => write!(f, "page {page}: {detail}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.position;
        let mut place = Vec::new();
        if let Some(file) = &p.file {
            place.push(file.clone());
        }
        if let Some(page) = p.page {
            place.push(format!("page {page}"));
        }
        if let Some(line) = p.line {
            place.push(format!("line {line}"));
        }
        if !place.is_empty() {
            write!(f, "{}: ", place.join(" "))?;
        }
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(e))
    }
}

/// pira's result type.
pub type Result<T> = std::result::Result<T, Error>;
