#![no_main]
//! The text reader: `pira::read::text::read` and `pira::read::read` (UTF-8,
//! UTF-16, Latin-1, Tesseract TSV and hOCR detection) never panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pira_fuzz::text_reader(data));
