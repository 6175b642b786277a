//! How the review page writes numbers, dates, pages and labels.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::model::{InputFormat, Report, ReportKind};

/// A decimal the Italian way, with the decimals it has: "8825715.66" ->
/// "8.825.715,66", "-5.00" -> "-5,00", "1600" -> "1.600".
pub(super) fn it_number(value: Decimal) -> String {
    crate::normalize::number::format_italian(value)
}

/// An amount in euro the Italian way: "€ 15.390.178,31" (no-break space).
pub(super) fn euro(value: Decimal) -> String {
    format!("\u{20ac}\u{a0}{}", it_number(value))
}

/// "2020-12-31" -> "31/12/2020"; anything else as it is.
pub(super) fn it_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// "3", "3–4", "22–24", or "3, 5" for pages that do not follow each other.
pub(super) fn page_list(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let start = pages[i];
        let mut end = start;
        while i + 1 < pages.len() && pages[i + 1] == end + 1 {
            i += 1;
            end = pages[i];
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}\u{2013}{end}")
        });
        i += 1;
    }
    parts.join(", ")
}

/// "011 — Competitività", or whichever of the two is known.
pub(super) fn code_name(code: &Option<String>, name: &Option<String>) -> Option<String> {
    match (code, name) {
        (Some(c), Some(n)) => Some(format!("{c} \u{2014} {n}")),
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (None, None) => None,
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), so the
/// text can sit in a `data:` URL and in an attribute as it is.
pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub(super) fn kind_label(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::FinalAccount => "Final account (consuntivo)",
        ReportKind::BudgetPlan => "Budget plan (preventivo)",
    }
}

/// "Camera di commercio di Brescia · 2020".
pub(super) fn report_heading(r: &Report) -> String {
    let entity = r.entity.as_deref().unwrap_or("Unknown entity");
    with_year(entity, r.year)
}

/// `text`, then " · year" where the year is known.
pub(super) fn with_year(text: &str, year: Option<i32>) -> String {
    match year {
        Some(year) => format!("{text} \u{b7} {year}"),
        None => text.to_string(),
    }
}

/// The input format as the JSON spells it.
pub(super) fn format_label(report: &Report) -> &'static str {
    match report.source.format {
        InputFormat::OcrText => "ocr-text",
        InputFormat::OcrTsv => "ocr-tsv",
        InputFormat::Hocr => "hocr",
        InputFormat::PdfText => "pdf-text",
        InputFormat::PdfOcr => "pdf-ocr",
        InputFormat::PdfMixed => "pdf-mixed",
    }
}
