#![no_main]
//! The number and amount parser: `find_numbers`, `leading_amount`,
//! `cell_value` and `find_date` never panic, give spans in bounds and on char
//! boundaries, and a certain plain number reads back from its Italian
//! formatting.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pira_fuzz::numbers(data));
