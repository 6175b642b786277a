//! What the chain takes: one input, and its identity (the sha256 of its
//! bytes, by which a rerun knows an input it has already converted).

use std::path::Path;

use crate::error::{Error, Result};

/// One input report: its name (as the contract defines it) and its bytes.
///
/// ```
/// let input = pira::Input::from_bytes("2020/brescia.txt", b"...".to_vec());
/// assert_eq!(input.name, "2020/brescia.txt");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The input's name: its path relative to the folder it was found
    /// under, `/`-separated, or its file name when given directly.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    /// An input from bytes already in memory.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Input {
        Input {
            name: name.into(),
            bytes,
        }
    }

    /// Reads a file; its name is its file name.
    pub fn from_path(path: &Path) -> Result<Input> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let bytes = std::fs::read(path).map_err(|e| Error::from(e).in_file(&name))?;
        Ok(Input { name, bytes })
    }

    /// The input's identity: the sha256 of its bytes, lower-case hex.
    ///
    /// ```
    /// let input = pira::Input::from_bytes("a.txt", b"abc".to_vec());
    /// assert!(input.sha256().starts_with("ba7816bf"));
    /// ```
    pub fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }
}

/// Lower-case hex sha256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
