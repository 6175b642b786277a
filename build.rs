//! Inflates the bundled word list (`vocab/italian-words.gz`, feature
//! `bundled-words`) into the build's output folder, for
//! `src/vocab/words.rs` to include as plain text: the binary then holds
//! the words ready to search, and no run pays for inflating them.

use std::io::Read;
use std::path::PathBuf;

const LIST: &str = "vocab/italian-words.gz";

fn main() {
    println!("cargo::rerun-if-changed={LIST}");
    if std::env::var_os("CARGO_FEATURE_BUNDLED_WORDS").is_none() {
        return;
    }
    let gz = std::fs::read(LIST).unwrap_or_else(|e| panic!("{LIST}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{LIST}: not gzipped UTF-8: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("italian-words.txt"), text)
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
