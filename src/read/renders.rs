//! Pages rendered for OCR, kept for the rest of the document's run: the
//! rereads of doubtful cells crop them instead of rendering their page a
//! second time (for a scan, decoding its image is most of a rendering's
//! cost). The files live in a temporary folder that goes with the last
//! [`Render`] of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tempfile::TempDir;

/// Renders kept by one OCR pass, in bytes of image: past this (about 58
/// A4 pages at 300 dpi), pages are rendered again when a cell is reread.
pub const BUDGET: u64 = 512 << 20;

/// One page rendered in grey at [`super::page_image::RENDER_DPI`], covering
/// its CropBox (as word boxes do), as a PGM file.
#[derive(Debug, Clone)]
pub struct Render {
    path: PathBuf,
    _dir: Arc<TempDir>,
}

impl Render {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What may still be kept of a [`BUDGET`], shared by the threads of one
/// OCR pass.
#[derive(Debug)]
pub struct Keeper {
    dir: Arc<TempDir>,
    spent: AtomicU64,
}

impl Keeper {
    pub fn new(dir: Arc<TempDir>) -> Keeper {
        Keeper {
            dir,
            spent: AtomicU64::new(0),
        }
    }

    /// The folder renderings are made in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The rendering at `path` (inside the keeper's folder) kept while the
    /// budget lasts; else deleted.
    pub fn keep(&self, path: PathBuf) -> Option<Render> {
        let size = std::fs::metadata(&path).map_or(u64::MAX, |m| m.len());
        let spent = self.spent.fetch_add(size.min(BUDGET), Ordering::Relaxed);
        if spent.saturating_add(size) > BUDGET {
            let _ = std::fs::remove_file(&path);
            return None;
        }
        Some(Render {
            path,
            _dir: Arc::clone(&self.dir),
        })
    }
}

/// The renders of a document's pages, by page number.
#[derive(Debug, Clone, Default)]
pub struct PageRenders(BTreeMap<u32, Render>);

impl PageRenders {
    pub fn insert(&mut self, page: u32, render: Render) {
        self.0.insert(page, render);
    }

    /// Page `page`'s rendering, if it was kept.
    pub fn get(&self, page: u32) -> Option<&Path> {
        self.0.get(&page).map(Render::path)
    }
}

/// A cache: documents are equal whatever renders they hold.
impl PartialEq for PageRenders {
    fn eq(&self, _: &PageRenders) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_are_kept_within_the_budget_and_go_with_their_folder() {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let folder = dir.path().to_path_buf();
        let keeper = Keeper::new(dir);
        let small = folder.join("small.pgm");
        std::fs::write(&small, b"P5\n1 1\n255\n\0").expect("write");
        let big = folder.join("big.pgm");
        std::fs::File::create(&big)
            .and_then(|f| f.set_len(BUDGET))
            .expect("sparse file");
        let kept = keeper.keep(small).expect("within the budget");
        assert!(keeper.keep(big.clone()).is_none(), "over the budget");
        assert!(!big.exists(), "a render not kept is deleted");
        let mut renders = PageRenders::default();
        renders.insert(3, kept);
        assert!(renders.get(3).is_some_and(Path::is_file));
        assert_eq!(renders.get(4), None);
        drop(keeper);
        assert!(folder.is_dir(), "a kept render holds its folder");
        drop(renders);
        assert!(!folder.exists(), "the folder goes with its last render");
    }
}
