//! A uniform grid over a page's word boxes: the words whose box may touch
//! a region, found without comparing every pair of a page's words (40,000
//! words took 10 s pairwise, see `benches/tsv_cleanup.rs`).
//!
//! Cells are about a text line high. A word is filed under every cell its
//! box touches; a box that is not a box (not finite, negative size) or
//! that spans too many cells is filed as "anywhere" and returned for every
//! region, so a query never misses a word it should return: it returns a
//! superset of the words that touch the region, in index order.

use super::{median, BBox};

/// A box over more cells than this is filed as "anywhere".
const MAX_CELLS_PER_BOX: usize = 256;

/// A region over more cells than this returns every word.
const MAX_CELLS_PER_QUERY: usize = 4096;

#[derive(Debug)]
pub(crate) struct Grid {
    /// The side of a cell, and where cell (0, 0) starts.
    cell: f32,
    origin: (f32, f32),
    columns: usize,
    rows: usize,
    /// The words filed under each cell, row by row.
    cells: Vec<Vec<usize>>,
    anywhere: Vec<usize>,
    len: usize,
}

impl Grid {
    /// A grid over `boxes`, word `i` being the `i`-th box: cells about a
    /// line high over the boxes' extent, larger where that would make more
    /// cells than a few per word.
    pub fn new(boxes: &[BBox]) -> Grid {
        let usable = || boxes.iter().filter(|b| is_box(b));
        let heights = usable().map(BBox::height).filter(|h| *h > 0.0);
        let mut cell = median(heights).unwrap_or(16.0).max(1.0);
        let lo = |f: fn(&BBox) -> f32| usable().map(f).fold(f32::INFINITY, f32::min);
        let hi = |f: fn(&BBox) -> f32| usable().map(f).fold(f32::NEG_INFINITY, f32::max);
        let (x0, y0, x1, y1) = (lo(|b| b.x0), lo(|b| b.y0), hi(|b| b.x1), hi(|b| b.y1));
        let extent = |a: f32, b: f32| {
            if b > a {
                f64::from(b) - f64::from(a)
            } else {
                0.0
            }
        };
        let (width, height) = (extent(x0, x1), extent(y0, y1));
        let most = 4 * boxes.len() + 1024;
        let count = |cell: f32| {
            let side = |d: f64| (d / f64::from(cell)).floor() + 1.0;
            (side(width), side(height))
        };
        while count(cell).0 * count(cell).1 > most as f64 && cell < f32::MAX / 4.0 {
            cell *= 2.0;
        }
        let (columns, rows) = count(cell);
        let (columns, rows) = (
            columns.min(most as f64) as usize,
            rows.min(most as f64) as usize,
        );
        let origin = if x0.is_finite() { (x0, y0) } else { (0.0, 0.0) };
        let mut grid = Grid {
            cell,
            origin,
            columns: columns.max(1),
            rows: rows.max(1),
            cells: vec![Vec::new(); columns.max(1) * rows.max(1)],
            anywhere: Vec::new(),
            len: boxes.len(),
        };
        for (i, b) in boxes.iter().enumerate() {
            grid.insert(i, *b);
        }
        grid
    }

    /// Files word `i` (again) under box `b`, as when its box has grown;
    /// the cells of its old box keep it too, which only widens queries.
    pub fn insert(&mut self, i: usize, b: BBox) {
        self.len = self.len.max(i + 1);
        match self.span(b).filter(|s| s.count() <= MAX_CELLS_PER_BOX) {
            Some(span) => {
                for cell in span.cells(self.columns) {
                    self.cells[cell].push(i);
                }
            }
            None => self.anywhere.push(i),
        }
    }

    /// The words whose box may touch `region` (edges included), in
    /// ascending order, each once, into `found`.
    pub fn near(&self, region: BBox, found: &mut Vec<usize>) {
        found.clear();
        let Some(span) = self
            .span(region)
            .filter(|s| s.count() <= MAX_CELLS_PER_QUERY)
        else {
            found.extend(0..self.len);
            return;
        };
        found.extend_from_slice(&self.anywhere);
        for cell in span.cells(self.columns) {
            found.extend_from_slice(&self.cells[cell]);
        }
        found.sort_unstable();
        found.dedup();
    }

    /// The cells a box touches; `None` when it is not a box. Positions
    /// past the grid's edge count in its edge cells.
    fn span(&self, b: BBox) -> Option<Span> {
        if !is_box(&b) {
            return None;
        }
        // Monotonic, so boxes that touch have spans that touch.
        let at = |v: f32, origin: f32, count: usize| {
            let k = ((f64::from(v) - f64::from(origin)) / f64::from(self.cell)).floor();
            k.clamp(0.0, (count - 1) as f64) as usize
        };
        let (ox, oy) = self.origin;
        Some(Span {
            x: (at(b.x0, ox, self.columns), at(b.x1, ox, self.columns)),
            y: (at(b.y0, oy, self.rows), at(b.y1, oy, self.rows)),
        })
    }
}

/// A finite box of no negative size.
fn is_box(b: &BBox) -> bool {
    [b.x0, b.y0, b.x1, b.y1].iter().all(|v| v.is_finite()) && b.x1 >= b.x0 && b.y1 >= b.y0
}

/// Cells from `x.0` to `x.1` and `y.0` to `y.1`, both ends included.
struct Span {
    x: (usize, usize),
    y: (usize, usize),
}

impl Span {
    fn count(&self) -> usize {
        (self.x.1 - self.x.0 + 1).saturating_mul(self.y.1 - self.y.0 + 1)
    }

    /// The cells' indices in a grid `columns` wide.
    fn cells(&self, columns: usize) -> impl Iterator<Item = usize> + '_ {
        (self.y.0..=self.y.1).flat_map(move |y| (self.x.0..=self.x.1).map(move |x| y * columns + x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(x0: f32, y0: f32, x1: f32, y1: f32) -> BBox {
        BBox { x0, y0, x1, y1 }
    }

    fn near(grid: &Grid, region: BBox) -> Vec<usize> {
        let mut found = Vec::new();
        grid.near(region, &mut found);
        found
    }

    #[test]
    fn finds_every_box_that_touches_a_region() {
        let boxes = [
            b(0.0, 0.0, 10.0, 10.0),
            b(100.0, 0.0, 110.0, 10.0),
            b(9.0, 9.0, 30.0, 20.0),
            b(f32::NAN, 0.0, 1.0, 1.0),
            b(5.0, 5.0, 4.0, 6.0),
        ];
        let grid = Grid::new(&boxes);
        // Touching and overlapping boxes, and the boxes that are not boxes.
        assert_eq!(near(&grid, b(10.0, 10.0, 12.0, 12.0)), [0, 2, 3, 4]);
        assert_eq!(near(&grid, b(105.0, 5.0, 106.0, 6.0)), [1, 3, 4]);
        assert_eq!(
            near(&grid, b(f32::INFINITY, 0.0, 1.0, 1.0)),
            [0, 1, 2, 3, 4]
        );
        // A box as large as can be coarsens the cells: more is found,
        // never less.
        let mut vast = boxes.to_vec();
        vast.push(b(-1e30, -1e30, 1e30, 1e30));
        let grid = Grid::new(&vast);
        let found = near(&grid, b(10.0, 10.0, 12.0, 12.0));
        assert!(
            [0, 2, 3, 4, 5].iter().all(|i| found.contains(i)),
            "{found:?}"
        );
    }

    #[test]
    fn a_box_that_grew_is_found_where_it_reaches() {
        let mut grid = Grid::new(&[b(0.0, 0.0, 10.0, 10.0), b(50.0, 0.0, 60.0, 10.0)]);
        assert_eq!(near(&grid, b(30.0, 0.0, 31.0, 1.0)), Vec::<usize>::new());
        grid.insert(0, b(0.0, 0.0, 210.0, 10.0));
        assert_eq!(near(&grid, b(30.0, 0.0, 31.0, 1.0)), [0]);
        // Past the grid's edge: the edge cells.
        assert_eq!(near(&grid, b(200.0, 0.0, 201.0, 1.0)), [0, 1]);
    }
}
