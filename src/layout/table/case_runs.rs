//! Plain text's wrapped table cells told apart by their letter case.
//!
//! A row whose cells wrap comes out of plain OCR text as several lines,
//! each holding the pieces of every cell printed at that height, with no
//! position to say where one cell's piece ends: "conteggio ELENCO DELLE
//! nuova 2.500 2.449", then "imprese IMPRESE attività", then "assistite
//! ASSISTITE". When the row's main line (the one with the values) shows
//! the algorithm, the source and what follows them in alternating case (a
//! lower-case algorithm, an upper-case source), the cells keep their case
//! on every line: each other line's words are cut at their changes of
//! case, and each run goes to the cell of its case, in the columns' order.
//! Where the case cannot say (two cells of one case, a run that fits two
//! cells), nothing is split here and the line-by-line reader decides.

use crate::vocab::{fold, is_italian_form, Vocabulary};

/// A word's case, for words of two letters or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
}

/// "ELENCO" is upper, "Registro" and "imprese" lower; "E", "/", "2019"
/// have none.
fn case_of(word: &str) -> Option<Case> {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 {
        None
    } else if letters.iter().all(|c| c.is_uppercase()) {
        Some(Case::Upper)
    } else {
        Some(Case::Lower)
    }
}

/// A run of words of one case.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    case: Case,
    words: Vec<String>,
}

impl Run {
    fn text(&self) -> String {
        self.words.join(" ")
    }

    /// Whether a known word of three letters or more gives the run its
    /// case ("applicativo" of "DALL'APPLICATIVO"): "OZ" alone, or
    /// "ﬁigiiﬁéii", is OCR debris as often as a cell.
    fn has_word(&self, vocab: &Vocabulary) -> bool {
        let known = |part: &str| {
            let folded = fold(part);
            part.chars().count() >= 3 && (vocab.knows_word(&folded) || is_italian_form(&folded))
        };
        self.words
            .iter()
            .flat_map(|w| w.split(|c: char| !c.is_alphabetic()))
            .any(known)
    }
}

/// A line's words in runs of one case; a word without a case joins the
/// run before it (the first run when it opens the line). Cell borders
/// read as "|" are left out. None when no word has a case.
fn runs(text: &str) -> Option<Vec<Run>> {
    let mut out: Vec<Run> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(['|', '[']);
        if word.is_empty() {
            continue;
        }
        match (case_of(word), out.last_mut()) {
            (Some(case), Some(last)) if last.case == case => last.words.push(word.to_string()),
            (Some(case), _) => {
                let mut words = std::mem::take(&mut pending);
                words.push(word.to_string());
                out.push(Run { case, words });
            }
            (None, Some(last)) => last.words.push(word.to_string()),
            (None, None) => pending.push(word.to_string()),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The cells a row's text lines hold, cut by case: the algorithm, the
/// data source, and what follows the source on its lines (the last
/// observed value's "nuova attività"), each joined over its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCells {
    pub algorithm: String,
    pub source: String,
    pub tail: Option<String>,
}

/// The three cells the main line shows, in order, each with its case.
struct Slots {
    cases: Vec<Case>,
}

/// The slots of the main line's runs: algorithm, source, and at most one
/// run after them. None when the case does not set the algorithm apart
/// from the source: fewer than two runs, a run of no known word ("OZ",
/// OCR debris), a source word inside the first run, the second run opening
/// "nuova attività" (the first then held both cells), or more than three
/// runs.
fn slots(main: &[Run], vocab: &Vocabulary) -> Option<Slots> {
    if !(2..=3).contains(&main.len()) || main.iter().any(|r| !r.has_word(vocab)) {
        return None;
    }
    if main[0]
        .words
        .iter()
        .skip(1)
        .any(|w| vocab.is_source_start(w))
    {
        return None;
    }
    if main[1]
        .words
        .first()
        .is_some_and(|w| vocab.opens_no_history(w))
    {
        return None;
    }
    Some(Slots {
        cases: main.iter().map(|r| r.case).collect(),
    })
}

/// Every way to give a line's runs to slots, in order, each to a slot of
/// its case.
fn placements(runs: &[Run], cases: &[Case]) -> Vec<Vec<usize>> {
    fn go(
        runs: &[Run],
        cases: &[Case],
        from: usize,
        acc: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        let Some(run) = runs.get(acc.len()) else {
            out.push(acc.clone());
            return;
        };
        for slot in from..cases.len() {
            if cases[slot] == run.case {
                acc.push(slot);
                go(runs, cases, slot + 1, acc, out);
                acc.pop();
            }
        }
    }
    let mut out = Vec::new();
    go(runs, cases, 0, &mut Vec::new(), &mut out);
    out
}

/// Whether a run carries on the tail's phrase: the main line's tail
/// opens "nuova attività" and the run gives its rest.
fn completes_tail(tail: &str, run: &Run, vocab: &Vocabulary) -> bool {
    let joined = format!("{tail} {}", run.text());
    !vocab.is_no_history(tail) && vocab.no_history_span(&joined).is_some_and(|s| s.start == 0)
}

/// The row's cells cut by case. `middles`: each line's text between its
/// type/unit cells and its values (None: nothing there); `main`: the line
/// that holds the values. None when the case does not tell the cells
/// apart on every line.
pub fn split(middles: &[Option<&str>], main: usize, vocab: &Vocabulary) -> Option<CaseCells> {
    let main_runs = runs(middles.get(main).copied().flatten()?)?;
    let slots = slots(&main_runs, vocab)?;
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); slots.cases.len()];
    for (i, middle) in middles.iter().enumerate() {
        if i == main {
            for (cell, run) in cells.iter_mut().zip(&main_runs) {
                cell.push(run.text());
            }
            continue;
        }
        let Some(line) = middle.and_then(runs) else {
            continue;
        };
        let at = place(&line, &slots, &main_runs, vocab)?;
        for (run, slot) in line.iter().zip(at) {
            cells[slot].push(run.text());
        }
    }
    let tail = cells.get(2).map(|c| c.join(" "));
    if tail.as_deref().is_some_and(|t| !vocab.is_no_history(t)) {
        return None;
    }
    Some(CaseCells {
        algorithm: cells[0].join(" "),
        source: cells[1].join(" "),
        tail,
    })
}

/// The one placement of a line's runs; where two fit, the one that
/// carries the tail's phrase on ("nuova" / "attività"), else none.
fn place(line: &[Run], slots: &Slots, main: &[Run], vocab: &Vocabulary) -> Option<Vec<usize>> {
    let all = placements(line, &slots.cases);
    match all.as_slice() {
        [one] => Some(one.clone()),
        [] => None,
        _ => {
            let tail = main.get(2)?.text();
            let carried: Vec<&Vec<usize>> = all
                .iter()
                .filter(|p| {
                    p.iter()
                        .zip(line)
                        .any(|(&slot, run)| slot == 2 && completes_tail(&tail, run, vocab))
                })
                .collect();
            match carried.as_slice() {
                [one] => Some((*one).clone()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(lines: &[&str], main: usize) -> Option<CaseCells> {
        let v = Vocabulary::builtin();
        let middles: Vec<Option<&str>> = lines.iter().map(|l| Some(*l)).collect();
        split(&middles, main, &v)
    }

    #[test]
    fn each_line_is_cut_where_its_case_changes() {
        let got = cut(
            &[
                "conteggio ELENCO DELLE nuova",
                "imprese IMPRESE attività",
                "assistite ASSISTITE",
            ],
            0,
        );
        assert_eq!(
            got,
            Some(CaseCells {
                algorithm: "conteggio imprese assistite".into(),
                source: "ELENCO DELLE IMPRESE ASSISTITE".into(),
                tail: Some("nuova attività".into()),
            })
        );
        // A line above the main one (cells set in the middle of the row).
        let got = cut(
            &[
                "con adesione",
                "accordi raggiunti | REGISTRO DEGLI",
                "MEDIAZIONE",
            ],
            1,
        );
        assert_eq!(
            got.map(|c| (c.algorithm, c.source)),
            Some((
                "con adesione accordi raggiunti".into(),
                "REGISTRO DEGLI MEDIAZIONE".into()
            ))
        );
    }

    #[test]
    fn the_case_does_not_split_cells_of_one_case() {
        // Algorithm and source both upper case.
        assert_eq!(
            cut(
                &["NUMERO QUESTIONARI REPORT", "COMPILATI DALLE QUESTIONARI"],
                0
            ),
            None
        );
        // A run that fits the algorithm and a text after the source.
        assert_eq!(
            cut(
                &[
                    "approvazione della SITO CAMERALE Approvazione della",
                    "nuova carta"
                ],
                0
            ),
            None
        );
        // "nuova" opens the second run: the first holds algorithm and source.
        assert_eq!(cut(&["IMPORTO BANDI nuova", "STANZIATI attività"], 0), None);
    }
}
