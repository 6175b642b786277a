#![no_main]
//! The PDF reader: `pira::read::read` on inputs starting with `%PDF`
//! never panics. Until the PDF reader is merged this only exercises the
//! "unsupported" error path.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pira_fuzz::pdf_reader(data));
