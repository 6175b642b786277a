//! A card's resources by budget item and year, as OCR read them, mended
//! where the print leaves one reading:
//! - an amount whose separators OCR took for ":" or ";" ("€ 1.121:518;72"):
//!   its digits' grouping (threes, then two decimals) says which separator
//!   each one was;
//! - a budget item whose name the cell's wrapping cut, its last piece
//!   misread ("7) Funzionament [e]"): the item of the same number the
//!   report's other cards print whole ("7) Funzionamento"), when that name
//!   is the cut word's and one or two letters more.
//!
//! Each mend is logged on the objective's resources.

use std::sync::LazyLock;

use regex::Regex;

use super::Log;
use crate::layout::RawAllocation;
use crate::model::{CorrectionRule, FieldPath, ObjectiveField};

/// An amount cell of one number in Italian grouping whose "." or ","
/// OCR read as ":" or ";" (at least one of them), with its euro sign.
static SLIPPED_SEPARATORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(€\s*)?([0-9]{1,3}(?:[.:][0-9]{3})*[,;][0-9]{2})(\s*€)?\s*$")
        .expect("valid regex")
});
/// "7) Funzionament [e]": the item's number, and its name.
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,2})\s*[).]\s*(.*)$").expect("valid regex"));

/// The most letters a cut word's lost piece holds ("o", "i").
const LOST_PIECE: usize = 2;

/// The allocations of one objective, mended; `report` holds every
/// allocation of the report (the names its other cards print).
pub(super) fn mend(
    items: &[RawAllocation],
    report: &[&RawAllocation],
    log: &mut Log,
) -> Vec<RawAllocation> {
    let field = FieldPath::Objective(ObjectiveField::Resources);
    items
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if let Some(amount) = separators(&a.amount) {
                log.push(
                    field,
                    &a.amount,
                    &amount,
                    CorrectionRule::NumberFormat,
                    a.page,
                );
                a.amount = amount;
            }
            if let Some(item) = whole_item(&a.item, report) {
                log.push(
                    field,
                    &a.item,
                    &item,
                    CorrectionRule::LetterConfusion,
                    a.page,
                );
                a.item = item;
            }
            a
        })
        .collect()
}

/// "€ 1.121:518;72" as "€ 1.121.518,72"; None for an amount with no such
/// slip.
fn separators(amount: &str) -> Option<String> {
    let c = SLIPPED_SEPARATORS.captures(amount)?;
    let digits = c.get(2)?;
    if !digits.as_str().contains([':', ';']) {
        return None;
    }
    let fixed = digits.as_str().replace(':', ".").replace(';', ",");
    Some(format!(
        "{}{fixed}{}",
        &amount[..digits.start()],
        &amount[digits.end()..]
    ))
}

/// The report's whole name for an item whose last word the wrapping cut
/// and whose lost piece OCR misread: "7) Funzionament [e]" is "7)
/// Funzionamento" where the report prints that item whole and no other
/// item of number 7 opens with "Funzionament". None where the name reads
/// as printed or no one item fits.
fn whole_item(item: &str, report: &[&RawAllocation]) -> Option<String> {
    let (number, name) = numbered(item)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let [kept @ .., cut, piece] = words.as_slice() else {
        return None;
    };
    let letters = piece.chars().filter(|c| c.is_alphabetic()).count();
    if letters > LOST_PIECE || piece.chars().count() > LOST_PIECE + 2 {
        return None;
    }
    let stem = kept
        .iter()
        .chain(std::iter::once(cut))
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut whole: Vec<&str> = report
        .iter()
        .filter_map(|a| numbered(&a.item))
        .filter(|(n, _)| *n == number)
        .map(|(_, other)| other)
        .filter(|other| {
            other.strip_prefix(stem.as_str()).is_some_and(|rest| {
                let n = rest.chars().count();
                (1..=LOST_PIECE).contains(&n) && rest.chars().all(char::is_alphabetic)
            })
        })
        .collect();
    whole.sort_unstable();
    whole.dedup();
    let [one] = whole.as_slice() else {
        return None;
    };
    let at = item.find(name)?;
    Some(format!("{}{one}", &item[..at]))
}

/// An item's number and its name ("7) Funzionamento": 7, "Funzionamento").
fn numbered(item: &str) -> Option<(u32, &str)> {
    let c = NUMBERED.captures(item)?;
    let number = c.get(1)?.as_str().parse().ok()?;
    Some((number, c.get(2)?.as_str().trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allocation(item: &str, amount: &str) -> RawAllocation {
        RawAllocation {
            item: item.to_string(),
            year: Some(2020),
            amount: amount.to_string(),
            page: 1,
        }
    }

    #[test]
    fn separators_ocr_read_as_colon_or_semicolon_are_given_back() {
        let cases = [
            ("€ 1.121:518;72", Some("€ 1.121.518,72")),
            ("450:954,32 €", Some("450.954,32 €")),
            ("€ 518;72", Some("€ 518,72")),
            // Nothing slipped, or no grouping that says what was meant.
            ("€ 1.121.518,72", None),
            ("€ 1:12;7", None),
            ("(9", None),
            ("€ -", None),
        ];
        for (amount, want) in cases {
            assert_eq!(separators(amount).as_deref(), want, "{amount}");
        }
    }

    #[test]
    fn an_item_cut_with_its_piece_misread_takes_the_reports_whole_name() {
        let report = [
            allocation("7) Funzionamento", "€ 1,00"),
            allocation("9) Ammortamenti", "€ 1,00"),
            allocation("6) Personale", "€ 1,00"),
        ];
        let report: Vec<&RawAllocation> = report.iter().collect();
        let cases = [
            ("7) Funzionament [e]", Some("7) Funzionamento")),
            ("9) Ammortament I", Some("9) Ammortamenti")),
            ("7) Funzionament (e)", Some("7) Funzionamento")),
            // Whole already, another number, or a piece of a word.
            ("7) Funzionamento", None),
            ("8) Funzionament [e]", None),
            ("7) Funzionament servizi", None),
            ("Funzionament [e]", None),
        ];
        for (item, want) in cases {
            assert_eq!(whole_item(item, &report).as_deref(), want, "{item}");
        }
    }

    #[test]
    fn mends_are_logged_on_the_resources() {
        let report = [allocation("7) Funzionamento", "€ 1,00")];
        let refs: Vec<&RawAllocation> = report.iter().collect();
        let items = [allocation("7) Funzionament [e]", "€ 1.121:518;72")];
        let mut out = Vec::new();
        let mut log = Log {
            code: Some("#1".into()),
            out: &mut out,
        };
        let mended = mend(&items, &refs, &mut log);
        assert_eq!(mended[0].item, "7) Funzionamento");
        assert_eq!(mended[0].amount, "€ 1.121.518,72");
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|c| c.field.to_string() == "resources"));
    }
}
