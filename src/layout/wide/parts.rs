//! Where one objective of a wide table ends and the next begins, past
//! what its objective cells' texts and spans say ([`super::text_runs`],
//! [`super::own_cells`]): evidence that parts two neighbours of one
//! title, and, where none does, why an objective may still hold two.
//!
//! An objective has one mission and one programme: a row whose codes
//! there differ from the row above opens an objective, whatever its
//! title. Where the objective's cell repeats on each row and states the
//! objective's count of indicators ("N. indicatori: 2"), a run of rows
//! that many times longer is that many objectives. Where nothing parts
//! them, an objective of a repeated cell is in doubt when two of its rows
//! hold the same indicator, or when it holds more indicators than any
//! objective whose title is its own while another objective of the report
//! has its title: the report gives one title to several objectives, and
//! two of them may stand one under the other. Any other objective of
//! several rows whose title another objective has may hold two as well,
//! with nothing to tell: the report as a whole says so.

use std::ops::Range;

use super::{objective_key, opens_objective, raw, same_group, split_count, Row};
use crate::layout::OneTitle;
use crate::vocab::{fold, fold_into, Label, Vocabulary};
use crate::FastMap;

/// The fewest words an indicator's name and description hold together
/// for two rows holding them to be the same indicator (not "SI", "n.d.").
const SAME_INDICATOR_WORDS: usize = 3;

/// The mission's and the programme's code and name a row's cells give,
/// each where its cell opens with a word of digits ([`coded`]). Found
/// once per row: [`recoded`] compares each row with the one above and
/// with every earlier one.
pub(super) struct RowCodes {
    mission: Option<(String, String)>,
    programme: Option<(String, String)>,
}

impl RowCodes {
    pub(super) fn of(row: &Row) -> Self {
        RowCodes {
            mission: coded(row, Label::Mission),
            programme: coded(row, Label::Programme),
        }
    }

    fn of_label(&self, label: Label) -> Option<&(String, String)> {
        match label {
            Label::Mission => self.mission.as_ref(),
            _ => self.programme.as_ref(),
        }
    }
}

/// Whether row `i` names another mission or programme than the row above:
/// both cells open with a code ("011 - Competitività"), the codes differ
/// and so do the names after them (a misread digit leaves the name
/// alike). A programme the row above borrowed from an earlier objective
/// of another mission ([`borrowed_programme`]) parts nothing. `codes`
/// holds each row's [`RowCodes`].
pub(super) fn recoded(codes: &[RowCodes], i: usize) -> bool {
    let (Some(above), Some(row)) = (i.checked_sub(1).and_then(|a| codes.get(a)), codes.get(i))
    else {
        return false;
    };
    [Label::Mission, Label::Programme].into_iter().any(|label| {
        let (Some((code_a, name_a)), Some((code_b, name_b))) =
            (above.of_label(label), row.of_label(label))
        else {
            return false;
        };
        let differ = code_a != code_b && !same_name(name_a, name_b);
        differ && !(label == Label::Programme && borrowed_programme(&codes[..i - 1], above))
    })
}

/// Whether `row`'s programme (code and name) is one an earlier row files
/// under another mission than `row`'s: a mission has programmes of its
/// own, and a spanning programme cell read into the row below the span
/// carries the earlier objective's programme across the mission's change.
fn borrowed_programme(earlier: &[RowCodes], row: &RowCodes) -> bool {
    let (Some((mission, _)), Some((code, name))) = (&row.mission, &row.programme) else {
        return false;
    };
    earlier.iter().any(|e| {
        let (Some((m, _)), Some((c, n))) = (&e.mission, &e.programme) else {
            return false;
        };
        m != mission && c == code && same_name(n, name)
    })
}

/// Whether two names are one name, a few letters misread aside.
fn same_name(a: &String, b: &String) -> bool {
    same_group(std::slice::from_ref(a), std::slice::from_ref(b))
}

/// The code and the name of the row's cell of `label`, where the cell
/// opens with a word of digits.
fn coded(row: &Row, label: Label) -> Option<(String, String)> {
    // The words of the cells' lines, read where they stand (as their text
    // joined would split).
    let mut words = row
        .columns
        .iter()
        .zip(&row.cells)
        .filter(|(c, _)| c.label == Some(label))
        .flat_map(|(_, lines)| lines.iter().flat_map(|l| l.split_whitespace()));
    let code = words.next()?;
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let name: Vec<&str> = words.skip_while(|w| matches!(*w, "-" | "–")).collect();
    Some((code.to_string(), name.join(" ")))
}

/// The objectives the rows make: `opens[i]` says whether row `i` opens
/// one (the first row always does).
pub(super) fn groups(opens: &[bool]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, &open) in opens.iter().enumerate() {
        match out.last_mut() {
            Some(g) if !open => g.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Whether each row of the group opens an objective cell of its own: the
/// table repeats the objective's cell on each row.
fn repeated(rows: &[&Row], g: &Range<usize>) -> bool {
    g.len() >= 2 && rows[g.clone()].iter().all(|r| opens_objective(r))
}

/// The count of indicators the row states for its objective: in the
/// objective's cell after its label, or in a column of its own.
fn declared(row: &Row, vocab: &Vocabulary) -> Option<usize> {
    let cell = raw(row, Label::Objective).joined();
    let text = match split_count(&cell, vocab) {
        Some((_, count)) => count,
        None => raw(row, Label::DeclaredIndicators).joined(),
    };
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Opens an objective every `k` rows of a group whose repeated cell
/// states `k` indicators, where the group holds a whole number of such
/// objectives, more than one.
pub(super) fn part_by_counts(rows: &[&Row], opens: &mut [bool], vocab: &Vocabulary) {
    for g in groups(opens) {
        if !repeated(rows, &g) {
            continue;
        }
        let counts: Vec<Option<usize>> =
            rows[g.clone()].iter().map(|r| declared(r, vocab)).collect();
        let Some(Some(k)) = counts.first().copied() else {
            continue;
        };
        let agree = counts.iter().all(|&c| c == Some(k));
        if agree && k >= 1 && g.len() > k && g.len() % k == 0 {
            for i in g.clone().step_by(k) {
                opens[i] = true;
            }
        }
    }
}

/// The title the group's cells give its objective, without a count
/// written after it.
fn title(row: &Row, vocab: &Vocabulary) -> String {
    let key = objective_key(row).join(" ");
    let title = split_count(&key, vocab).map_or(key, |(kept, _)| kept);
    fold(title.trim())
}

/// What names the row's indicator: its name (a code opening it left
/// out: the same indicator may carry another code in each objective) and
/// its description, folded; None where they hold too few words to tell.
/// A KPI cell without a code names nothing ("Kpi non definito").
fn indicator_name(row: &Row) -> Option<String> {
    let columns = row.columns.iter().zip(&row.cells);
    // The words folded into one text, a space between two.
    let mut name = String::new();
    let mut count = 0;
    for (column, lines) in columns {
        let named = matches!(
            column.label,
            Some(
                Label::Kpi | Label::Indicator | Label::Title | Label::Description | Label::Measures
            )
        );
        if !named {
            continue;
        }
        let mut cell: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        let coded = cell.first().is_some_and(|w| is_code(w));
        if coded {
            cell.remove(0);
            if cell.first().is_some_and(|w| matches!(*w, "-" | "–" | ":")) {
                cell.remove(0);
            }
        } else if column.label == Some(Label::Kpi) {
            continue;
        }
        for w in cell {
            if count > 0 {
                name.push(' ');
            }
            fold_into(w, &mut name);
            count += 1;
        }
    }
    (count >= SAME_INDICATOR_WORDS).then_some(name)
}

/// A code's word: letters and digits together ("KPI156", "KPI12-").
fn is_code(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(char::is_alphabetic)
}

/// The numbers (from 1) of the group's first two rows that hold the same
/// indicator.
fn same_indicator(rows: &[&Row], g: &Range<usize>) -> Option<(u32, u32)> {
    let names: Vec<Option<String>> = rows[g.clone()].iter().map(|r| indicator_name(r)).collect();
    names.iter().enumerate().find_map(|(j, b)| {
        let b = b.as_ref()?;
        let i = names[..j].iter().position(|a| a.as_ref() == Some(b))?;
        Some((i as u32 + 1, j as u32 + 1))
    })
}

/// For each group, why it may hold two objectives of one title (see the
/// module's doc), where its cell repeats on each row.
pub(super) fn doubts(
    rows: &[&Row],
    groups: &[Range<usize>],
    vocab: &Vocabulary,
) -> Vec<Option<OneTitle>> {
    let titles: Vec<String> = groups.iter().map(|g| title(rows[g.start], vocab)).collect();
    let mut given: FastMap<&str, usize> = FastMap::default();
    for t in &titles {
        *given.entry(t.as_str()).or_default() += 1;
    }
    let times = |t: &String| given.get(t.as_str()).copied().unwrap_or(0);
    let twice: Vec<Option<(u32, u32)>> = groups.iter().map(|g| same_indicator(rows, g)).collect();
    let own_most = groups
        .iter()
        .zip(&titles)
        .zip(&twice)
        .filter(|((_, t), twice)| times(t) == 1 && twice.is_none())
        .map(|((g, _), _)| g.len())
        .max();
    groups
        .iter()
        .zip(&titles)
        .zip(&twice)
        .map(|((g, t), twice)| {
            let counted = declared(rows[g.start], vocab) == Some(g.len());
            if !repeated(rows, g) || counted {
                return None;
            }
            if let Some((a, b)) = twice {
                return Some(OneTitle::SameIndicator(*a, *b));
            }
            if times(t) < 2 {
                return None;
            }
            match own_most {
                Some(most) if g.len() > most => Some(OneTitle::MoreThan(most)),
                _ => Some(OneTitle::Shared),
            }
        })
        .collect()
}
