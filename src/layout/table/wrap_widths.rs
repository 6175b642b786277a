//! Plain text's wrapped algorithm and source cells parted by the width
//! of their columns.
//!
//! A row whose algorithm and source both wrap comes out of plain OCR text
//! as lines that each hold a piece of both, with no position to say where
//! one ends: "n. controlli Registro 55,69% 70% 72,01%", then "/ n.
//! attività attività ad", "ad alto alto", "rischio rischio". What parts
//! them is how a cell wraps: its lines are filled greedily, so none is
//! wider than the column, and each line but the last is too full to take
//! the next line's first word. A column's width so lies between the
//! widest of its lines and the narrowest "line + next first word"; the
//! main line (where the algorithm and the source are parted by a border
//! or a source word) opens both. Each later line is cut in two (either
//! piece may be empty; a cell that has ended stays ended) so that both
//! columns get a width that fits, and the cut is taken only where one
//! way of cutting fits and no other does. Widths are measured in a
//! proportional face's advance widths, close enough to any sans or serif
//! face the reports are printed in for a margin of a few per cent.

/// How far a cell's widest line may pass the narrowest line that could
/// not take the next word (the measured widths are a face's, not the
/// report's).
const SLACK: f32 = 1.03;

/// How much more room the best way of cutting must leave than the next
/// best to be taken.
const CLEAR: f32 = 1.03;

/// The room of a column no line of which constrains its width.
const ROOMY: f32 = 4.0;

/// The most cuts tried (lines' word counts multiplied).
const MAX_CUTS: usize = 4096;

/// The cells of the main line's columns (the algorithm, the source and
/// what follows them) with the later lines shared out, when one way of
/// parting those lines fits the widths clearly better than any other.
pub(super) fn split(main: &[&str], lines: &[&str]) -> Option<Parted> {
    if main.len() < 2 || main.iter().any(|m| m.trim().is_empty()) || lines.is_empty() {
        return None;
    }
    let lines: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    if lines.iter().any(Vec::is_empty) {
        return None;
    }
    let options: Vec<Vec<Vec<usize>>> = lines
        .iter()
        .map(|l| line_cuts(l.len(), main.len()))
        .collect();
    let total = options
        .iter()
        .try_fold(1usize, |n, o| n.checked_mul(o.len()))?;
    if total > MAX_CUTS {
        return None;
    }
    // The rooms of each way, sorted from the tightest column: the best
    // way and the best of the others.
    let mut best: Option<(Vec<f32>, Vec<usize>)> = None;
    let mut runner_up: Vec<f32> = Vec::new();
    let mut pick = vec![0; lines.len()];
    loop {
        let mut rooms: Vec<f32> = columns(main, &lines, &options, &pick)
            .iter()
            .map(|c| room(c))
            .collect();
        rooms.sort_by(f32::total_cmp);
        match &best {
            Some((b, _)) if rooms <= *b => {
                if rooms > runner_up {
                    runner_up = rooms;
                }
            }
            _ => {
                if let Some((b, _)) = best.take() {
                    if b > runner_up {
                        runner_up = b;
                    }
                }
                best = Some((rooms, pick.clone()));
            }
        }
        if !next_pick(&mut pick, &options) {
            break;
        }
    }
    let (rooms, fitting) = best?;
    if rooms.first().is_none_or(|r| r * SLACK < 1.0) || !clearly_roomier(&rooms, &runner_up) {
        return None;
    }
    let columns = columns(main, &lines, &options, &fitting);
    let cells = columns
        .iter()
        .map(|c| {
            c.iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let only = runner_up.first().is_none_or(|r| r * SLACK < 1.0);
    // A line or two set little width against another: the room they
    // leave says mostly which first line was the shorter, and a table
    // read one cell after the other (not line by line) fits as well.
    if !only && lines.len() < 3 {
        return None;
    }
    Some(Parted { cells, only })
}

/// The cells of the main line's columns, in order.
#[derive(Debug, PartialEq)]
pub(super) struct Parted {
    pub cells: Vec<String>,
    /// No other way of cutting fits the widths at all (else the best was
    /// taken by the room it leaves, a guess).
    pub only: bool,
}

/// Whether the best way's rooms, tightest first, pass the next best's by
/// a clear margin where they first differ.
fn clearly_roomier(best: &[f32], other: &[f32]) -> bool {
    match best.iter().zip(other).find(|(b, o)| (*b - *o).abs() > 1e-4) {
        Some((b, o)) => *b >= *o * CLEAR,
        None => other.is_empty(),
    }
}

/// Every way of cutting a line of `words` words into `pieces` pieces in
/// order (each piece may be empty): the cut points, non-decreasing.
fn line_cuts(words: usize, pieces: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for _ in 1..pieces {
        out = out
            .into_iter()
            .flat_map(|cuts: Vec<usize>| {
                let from = cuts.last().copied().unwrap_or(0);
                (from..=words).map(move |c| {
                    let mut next = cuts.clone();
                    next.push(c);
                    next
                })
            })
            .collect();
    }
    out
}

/// The next choice of cuts, one a line (odometer order); false after the
/// last.
fn next_pick(pick: &mut [usize], options: &[Vec<Vec<usize>>]) -> bool {
    for (p, o) in pick.iter_mut().zip(options) {
        if *p + 1 < o.len() {
            *p += 1;
            return true;
        }
        *p = 0;
    }
    false
}

/// Each column's lines under the chosen cuts: the main line's piece,
/// then each later line's piece (empty where the column gets none).
fn columns(
    main: &[&str],
    lines: &[Vec<&str>],
    options: &[Vec<Vec<usize>>],
    pick: &[usize],
) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = main.iter().map(|m| vec![m.trim().to_string()]).collect();
    for ((line, o), &p) in lines.iter().zip(options).zip(pick) {
        let cuts = &o[p];
        let mut from = 0;
        for (k, column) in out.iter_mut().enumerate() {
            let to = cuts.get(k).copied().unwrap_or(line.len());
            column.push(line[from..to].join(" "));
            from = to;
        }
    }
    out
}

/// How much room a column's lines (one piece a line, empty where the
/// cell has ended) leave for one width they could all have wrapped in:
/// the narrowest line that could not take the next line's first word
/// over the widest line. Below 1 no width fits; a column of one line
/// leaves any room. 0 where a line follows an empty one or the cell ends
/// mid-phrase.
fn room(pieces: &[String]) -> f32 {
    let end = pieces
        .iter()
        .position(String::is_empty)
        .unwrap_or(pieces.len());
    if pieces[end..].iter().any(|p| !p.is_empty()) {
        return 0.0;
    }
    let lines = &pieces[..end];
    // A cell does not end on an article or a preposition ("REPORT DEI").
    if lines
        .last()
        .is_some_and(|l| super::text::ends_mid_phrase(l))
    {
        return 0.0;
    }
    let widest = lines.iter().map(|p| width(p)).fold(0.0, f32::max);
    let full = lines
        .windows(2)
        .map(|pair| {
            let next = pair[1].split_whitespace().next().unwrap_or("");
            width(&pair[0]) + width(" ") + width(next)
        })
        .fold(f32::INFINITY, f32::min);
    if widest > 0.0 {
        (full / widest).min(ROOMY)
    } else {
        0.0
    }
}

/// A text's advance width in thousandths of an em, by the widths of a
/// common sans face (narrow "i", "l", punctuation; wide "m", "w";
/// capitals wider than small letters).
fn width(text: &str) -> f32 {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> f32 {
    let upper = c.is_uppercase();
    let base = crate::vocab::fold(&c.to_string())
        .chars()
        .next()
        .unwrap_or(c);
    let base = if upper {
        base.to_ascii_uppercase()
    } else {
        base
    };
    match base {
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 250.0,
        'f' | 't' | 'I' | '/' | '(' | ')' | '-' | 'r' => 320.0,
        'm' | 'M' | 'W' => 850.0,
        'w' => 720.0,
        c if c.is_uppercase() => 680.0,
        _ => 556.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_cells_wrapped_line_by_line_are_parted_by_their_widths() {
        // Each line holds a piece of the algorithm, then of the source.
        let got = split(
            &["n. controlli", "Registro"],
            &[
                "/ n. attività attività ad",
                "ad alto alto",
                "rischio rischio",
            ],
        );
        assert_eq!(
            got.map(|p| p.cells),
            Some(vec![
                "n. controlli / n. attività ad alto rischio".to_string(),
                "Registro attività ad alto rischio".to_string()
            ])
        );
    }

    #[test]
    fn a_line_that_fits_either_column_is_left_alone() {
        // "annuale" could end either cell: no one way of cutting.
        assert_eq!(
            split(&["diritto riscosso / diritto", "Estrazione"], &["annuale"]),
            None
        );
    }
}
