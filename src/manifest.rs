//! The run manifest, `DIR/manifest.csv`: what the last run (or merge) that
//! wrote an output folder did with each of its inputs. It is how the folder
//! says which per-input JSON files are current: `merge` reads manifests,
//! not whatever `*.json` lies in a folder, and JSON files no row claims are
//! left-overs of earlier runs (reported, and removed with `--prune`).
//!
//! CSV rather than JSON: it is one flat row per input, like the other
//! tables, so the same tools (a spreadsheet, pandas, `csv` readers, grep)
//! read it; failure reasons are one line each already. UTF-8 without BOM,
//! comma-separated, RFC 4180 quoting, `\r\n` line ends, a header row:
//!
//! `source_file,sha256,status,reason,json_file`
//!
//! - `source_file`: the input's name (as in every table);
//! - `sha256`: of the input's bytes, empty when they could not be read;
//! - `status`: `converted`, `skipped` (its JSON was up to date) or `failed`;
//! - `reason`: why it failed, empty otherwise;
//! - `json_file`: its JSON file in the folder, empty when it failed.
//!
//! Rows are ordered by `source_file`.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::write::atomic::write_atomic;

/// The manifest's file name in an output folder.
pub const FILE_NAME: &str = "manifest.csv";

const HEADER: [&str; 5] = ["source_file", "sha256", "status", "reason", "json_file"];

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Converted,
    Skipped,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Converted => "converted",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Option<Status> {
        [Status::Converted, Status::Skipped, Status::Failed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One row: one input of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub source_file: String,
    pub sha256: Option<String>,
    pub status: Status,
    /// Why it failed (empty unless failed).
    pub reason: String,
    /// Its JSON file in the folder (`None` when it failed).
    pub json_file: Option<String>,
}

/// The manifest's bytes for `entries` (sorted by name here).
pub fn to_csv(entries: &[Entry]) -> Vec<u8> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = out.write_record(HEADER);
    for e in sorted {
        let _ = out.write_record([
            e.source_file.as_str(),
            e.sha256.as_deref().unwrap_or(""),
            e.status.as_str(),
            e.reason.as_str(),
            e.json_file.as_deref().unwrap_or(""),
        ]);
    }
    out.into_inner().unwrap_or_default()
}

/// Writes `DIR/manifest.csv` atomically.
pub fn write(dir: &Path, entries: &[Entry]) -> io::Result<()> {
    write_atomic(&dir.join(FILE_NAME), &to_csv(entries))
}

/// Why a folder's manifest cannot be used.
#[derive(Debug)]
pub enum ReadError {
    /// The folder has no manifest: not written by pira's `extract` or
    /// `merge` (or by a pira before manifests).
    Missing(PathBuf),
    /// The manifest is there but is not one.
    Bad { path: PathBuf, detail: String },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing(dir) => write!(
                f,
                "{}: no {FILE_NAME}: not an output folder of `pira extract` (or of a pira before manifests: run extract again)",
                dir.display()
            ),
            ReadError::Bad { path, detail } => {
                write!(f, "{}: not a pira manifest: {detail}", path.display())
            }
        }
    }
}

/// Reads `DIR/manifest.csv`.
pub fn read(dir: &Path) -> Result<Vec<Entry>, ReadError> {
    let path = dir.join(FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(ReadError::Missing(dir.to_path_buf()))
        }
        Err(e) => {
            return Err(ReadError::Bad {
                path,
                detail: e.to_string(),
            })
        }
    };
    parse(&bytes).map_err(|detail| ReadError::Bad { path, detail })
}

fn parse(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().map_err(|e| e.to_string())?;
    if header.iter().collect::<Vec<_>>() != HEADER {
        return Err(format!("its header is not {}", HEADER.join(",")));
    }
    let mut entries = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| e.to_string())?;
        let line = i + 2;
        let cell = |k: usize| row.get(k).unwrap_or("").to_string();
        let status = Status::parse(&cell(2))
            .ok_or_else(|| format!("line {line}: unknown status {:?}", cell(2)))?;
        let json_file = Some(cell(4)).filter(|f| !f.is_empty());
        if status != Status::Failed && !json_file.as_deref().is_some_and(is_plain_json_name) {
            return Err(format!("line {line}: no usable json_file"));
        }
        entries.push(Entry {
            source_file: cell(0),
            sha256: Some(cell(1)).filter(|s| !s.is_empty()),
            status,
            reason: cell(3),
            json_file,
        });
    }
    Ok(entries)
}

/// A JSON file name inside the folder: no path, not hidden.
fn is_plain_json_name(name: &str) -> bool {
    name.ends_with(".json") && !name.starts_with('.') && !name.contains(['/', '\\'])
}

/// The `*.json` files of `dir` that no entry claims (hidden files aside),
/// in name order.
pub fn unclaimed(dir: &Path, entries: &[Entry]) -> Vec<PathBuf> {
    let claimed: BTreeSet<&str> = entries
        .iter()
        .filter_map(|e| e.json_file.as_deref())
        .collect();
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = read
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| is_plain_json_name(name) && !claimed.contains(name.as_str()))
        .map(|name| dir.join(name))
        .collect();
    stale.sort();
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, status: Status) -> Entry {
        let failed = status == Status::Failed;
        Entry {
            source_file: name.into(),
            sha256: Some("ab".repeat(32)),
            status,
            reason: if failed {
                "x.pdf: not a readable PDF: truncated file, \"quoted\"".into()
            } else {
                String::new()
            },
            json_file: (!failed).then(|| format!("{}.json", name.replace(".txt", ""))),
        }
    }

    #[test]
    fn written_manifests_read_back() {
        let entries = vec![
            entry("b.txt", Status::Skipped),
            entry("a.txt", Status::Converted),
            entry("x.pdf", Status::Failed),
        ];
        let bytes = to_csv(&entries);
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.starts_with("source_file,sha256,status,reason,json_file\r\na.txt,"),
            "{text}"
        );
        let mut sorted = entries.clone();
        sorted.sort_by(|a, b| a.source_file.cmp(&b.source_file));
        assert_eq!(parse(&bytes), Ok(sorted));
    }

    #[test]
    fn bad_manifests_are_refused() {
        assert!(parse(b"a,b\r\n").is_err());
        let bad_status = b"source_file,sha256,status,reason,json_file\r\na.txt,,done,,a.json\r\n";
        assert!(parse(bad_status).is_err_and(|e| e.contains("line 2")));
        let escaping =
            b"source_file,sha256,status,reason,json_file\r\na.txt,,converted,,../a.json\r\n";
        assert!(parse(escaping).is_err());
    }

    #[test]
    fn unclaimed_json_files_are_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["a.json", "old.json", ".hidden.json", "objectives.csv"] {
            std::fs::write(dir.path().join(name), b"{}").expect("write");
        }
        let entries = vec![entry("a.txt", Status::Converted)];
        assert_eq!(
            unclaimed(dir.path(), &entries),
            vec![dir.path().join("old.json")]
        );
    }
}
