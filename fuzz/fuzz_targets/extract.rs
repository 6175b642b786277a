#![no_main]
//! The whole chain on a `.txt` input: `pira::extract` returns Ok or Err,
//! never panics.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pira_fuzz::extract(data));
