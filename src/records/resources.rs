//! "Risorse finanziarie" text to one [`ResourceLine`] per euro amount.
//!
//! Reports write either the amount first ("€ 24.390,75: conto 330001 -
//! linea 1 ...") or last ("conto 313011 “ricavi” € 2.754,24; Conto ...");
//! the style is told from the text before the first amount.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{FieldPath, ObjectiveField, ResourceLine, Warning, WarningCode};
use crate::normalize::number::{self, NumberKind, ReadNumber};
use crate::normalize::Text;

/// A line that opens a resource entry.
static OPENS_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-<•·\s]*(?:[€£]|bilancio\b|budget\b|conto\b|tot(?:ale\b|\.))")
        .expect("valid regex")
});
/// What is left of an entry that states the total ("Totale risorse
/// finanziarie: € 145.000,00") once its amount is taken out, between
/// marks ([`is_stated_total`]). "Totale erogazioni per bandi ..." names a
/// resource, not a total.
static STATED_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^tot(?:ale|\.)(?:\s+(?:complessivo|generale|risorse|finanziarie|dell[’']obiettivo|obiettivo|budget|bilancio|anno|[0-9]{4}))*",
    )
    .expect("valid regex")
});
/// An entry that closed with its amount ("... € 1.356.817,47").
static ENDS_WITH_AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[€£]\s?[0-9][0-9.,\s]*[0-9]\s*[;.,]?$").expect("valid regex"));
static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:bilancio|budget)\s+\S+\s*:?").expect("valid regex"));
static ACCOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bconto\s*(?:n\.?\s*)?([0-9]{6})").expect("valid regex"));
/// "Budget C002": a heading that holds for the amounts after it.
static BUDGET_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bbudget\s+([A-Z][0-9OoQ]{3})\b").expect("valid regex"));
/// "... - D099" closing one resource line: that line's budget only.
static BUDGET_TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s\-–—])([A-D][0-9]{3})\s*[;.,]?\s*$").expect("valid regex")
});
static LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\blinea\b.*?(?:\s[-–—,]?\s*(?:punto|progetto)\b|$)").expect("valid regex")
});
/// "progetto ..." to the end of the text ([`project_of`]).
static PROJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bprogetto\b").expect("valid regex"));

/// The resources of one objective as the report writes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resources {
    pub lines: Vec<ResourceLine>,
    /// The total the report states for them, if it states one.
    pub stated_total: Option<StatedTotal>,
}

/// "Totale: € 145.000,00" under the resource lines.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedTotal {
    pub amount: Decimal,
    pub raw: String,
    pub page: u32,
}

/// Splits the resources text of one objective: lines grouped into entries
/// (a wrapped line continues its entry), then one [`ResourceLine`] per
/// euro amount, its description on the side the entry's style puts it; an
/// entry that only states the total is kept apart.
pub fn split(text: Option<&Text>, code: &str, w: &mut Vec<Warning>) -> Resources {
    let Some(text) = text else {
        return Resources::default();
    };
    let mut budget: Option<String> = None;
    let mut lines = Vec::new();
    let mut stated_total = None;
    for entry in entries(&text.value) {
        if let Some((raw, amount)) = stated_total_of(&entry) {
            if amount.is_best_reading() {
                let field = FieldPath::Objective(ObjectiveField::ResourcesTotal);
                w.push(amount_warning(&raw, &amount, text.page, code, field));
            }
            stated_total = Some(StatedTotal {
                amount: amount.value,
                raw,
                page: text.page,
            });
            continue;
        }
        // An amount naming no account of its own, within one entry, is
        // under the account named before it ("conto 110100 ... € 2.537,60
        // /annuo ... pari a complessivi € 7.612,80").
        let mut entry_account: Option<String> = None;
        for (raw, amount, description) in entry_amounts(&entry) {
            let account = ACCOUNT
                .captures(&description)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
                .or_else(|| entry_account.clone());
            entry_account.clone_from(&account);
            if let Some(b) = budget_of(&BUDGET_HEADING, &description) {
                budget = Some(b);
            }
            let line_budget = budget_of(&BUDGET_TRAILING, &description).or_else(|| budget.clone());
            if amount.value.is_zero() {
                continue;
            }
            let index = lines.len();
            if amount.is_best_reading() {
                let field = FieldPath::amount(index);
                w.push(amount_warning(&raw, &amount, text.page, code, field));
            }
            lines.push(ResourceLine {
                amount: amount.value,
                amount_raw: raw,
                uncertain: amount.is_best_reading(),
                account,
                budget: line_budget,
                line: LINE
                    .find(&description)
                    .map(|m| trim_part(m.as_str(), &["punto", "progetto"])),
                project: project_of(&description).map(tidy),
                description,
                page: text.page,
                year: None,
                budget_item: None,
            });
        }
    }
    Resources {
        lines,
        stated_total,
    }
}

/// An `uncertain-amount` warning for an amount that is only a best reading.
fn amount_warning(
    raw: &str,
    amount: &ReadNumber,
    page: u32,
    code: &str,
    field: FieldPath,
) -> Warning {
    let why = if amount.uncertain {
        "lost digits or separators"
    } else {
        "is no well-formed Italian amount"
    };
    Warning {
        code: WarningCode::UncertainAmount,
        message: format!("amount {raw:?} {why}: read as {}", amount.value),
        page: Some(page),
        objective_code: Some(code.to_string()),
        indicator_number: None,
        field: Some(field),
    }
}

/// The amount of an entry that states a total, with its raw text.
fn stated_total_of(entry: &str) -> Option<(String, ReadNumber)> {
    let flat = entry.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut euros = number::find_numbers(&flat)
        .into_iter()
        .filter(|n| n.kind == NumberKind::Euro);
    let amount = euros.next()?;
    if euros.next().is_some() {
        return None;
    }
    let rest = format!("{} {}", &flat[..amount.start], &flat[amount.end..]);
    is_stated_total(rest.trim())
        .then(|| (flat[amount.start..amount.end].trim().to_string(), amount))
}

/// Whether a text, once the marks around it are taken off, is a stated
/// total's label ([`STATED_TOTAL`]). The marks, characters that are no
/// letter, digit or underscore, are matched by hand: in the pattern they
/// would take longer to compile than a page takes to read.
fn is_stated_total(text: &str) -> bool {
    let mark = |c: char| !regex_syntax::is_word_character(c);
    let label = text.trim_start_matches(mark);
    STATED_TOTAL
        .find(label)
        .is_some_and(|m| label[m.end()..].chars().all(mark))
}

/// "progetto ..." to the end of the text, from the first "progetto" with
/// no line break after it.
fn project_of(description: &str) -> Option<&str> {
    let last_line = &description[description.rfind('\n').map_or(0, |i| i + 1)..];
    PROJECT.find(last_line).map(|m| &last_line[m.start()..])
}

/// Lines grouped into entries: a line opens an entry when it starts with
/// an amount or a budget/account heading, or when the entry before it
/// closed with its amount; other lines continue the entry (wrapping). An
/// amount alone on its line closes an entry that has none yet ("Budget
/// D002: Conto 330009 ..." / "€ 68.104,45").
fn entries(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let closes = out.last().is_some_and(|e| euros(e) == 0) && is_amount_alone(line);
        let opens = !closes
            && (OPENS_ENTRY.is_match(line)
                || out.last().is_some_and(|e| ENDS_WITH_AMOUNT.is_match(e)));
        match out.last_mut() {
            Some(last) if !opens => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// How many euro amounts a text states.
fn euros(text: &str) -> usize {
    number::find_numbers(text)
        .iter()
        .filter(|n| n.kind == NumberKind::Euro)
        .count()
}

/// A line that is one euro amount and nothing else.
fn is_amount_alone(line: &str) -> bool {
    let amounts: Vec<ReadNumber> = number::find_numbers(line)
        .into_iter()
        .filter(|n| n.kind == NumberKind::Euro)
        .collect();
    let [amount] = amounts.as_slice() else {
        return false;
    };
    let rest = format!("{}{}", &line[..amount.start], &line[amount.end..]);
    !rest.chars().any(char::is_alphanumeric)
}

/// The euro amounts of one entry with their raw text and description:
/// after the amount when the entry opens with it ("€ 24.390,75: conto
/// ..."), else before it ("conto 313011 “ricavi” € 2.754,24; ...").
fn entry_amounts(entry: &str) -> Vec<(String, ReadNumber, String)> {
    let flat = entry.split_whitespace().collect::<Vec<_>>().join(" ");
    let amounts: Vec<ReadNumber> = number::find_numbers(&flat)
        .into_iter()
        .filter(|n| n.kind == NumberKind::Euro)
        .collect();
    let Some(first) = amounts.first() else {
        return Vec::new();
    };
    let before = HEADING.replace(&flat[..first.start], "");
    let amount_first = before.chars().filter(|c| c.is_alphabetic()).count() < 10;
    let mut out = Vec::new();
    for (i, amount) in amounts.iter().enumerate() {
        let description = if amount_first {
            let end = amounts.get(i + 1).map_or(flat.len(), |n| n.start);
            &flat[amount.end..end]
        } else {
            let start = if i == 0 { 0 } else { amounts[i - 1].end };
            &flat[start..amount.start]
        };
        let raw = flat[amount.start..amount.end].trim().to_string();
        out.push((raw, amount.clone(), tidy(description)));
    }
    out
}

/// The budget code a description names, with OCR's O for 0 fixed.
fn budget_of(re: &Regex, description: &str) -> Option<String> {
    let m = re.captures(description)?.get(1)?;
    let s = m.as_str();
    let (head, digits) = s.split_at(1);
    Some(format!(
        "{}{}",
        head.to_uppercase(),
        digits.replace(['O', 'o', 'Q'], "0")
    ))
}

/// Drops the separators around a description part.
fn tidy(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | '-' | '–' | '—' | ',' | '.' | '°')
    })
    .to_string()
}

fn trim_part(s: &str, stops: &[&str]) -> String {
    let lower = s.to_lowercase();
    let end = stops
        .iter()
        .filter_map(|w| lower.rfind(w))
        .filter(|&i| i > 0)
        .min()
        .unwrap_or(s.len());
    tidy(s.get(..end).unwrap_or(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A stated total's label is what the one pattern this replaced
        /// matched, marks around it and all.
        #[test]
        fn a_stated_total_is_what_the_whole_pattern_matched(
            text in "[-: _(é]{0,2}(tot|TOTALE|Tot\\.|totalex)([ \n]{1,2}(risorse|anno|2020|20201|bandi|dell'obiettivo|x)){0,3}[:. é_)-]{0,2}",
        ) {
            let pattern = Regex::new(
                r"(?i)^\W*tot(?:ale|\.)(?:\s+(?:complessivo|generale|risorse|finanziarie|dell[’']obiettivo|obiettivo|budget|bilancio|anno|[0-9]{4}))*\W*$",
            ).unwrap();
            proptest::prop_assert_eq!(is_stated_total(&text), pattern.is_match(&text));
        }

        /// The project is what the one pattern this replaced found.
        #[test]
        fn a_project_is_what_the_whole_pattern_found(
            text in "(linea 1|Progetto|progetto x|progettone|é|\n| ){0,6}",
        ) {
            let pattern = Regex::new(r"(?i)\bprogetto\b.*$").unwrap();
            proptest::prop_assert_eq!(project_of(&text), pattern.find(&text).map(|m| m.as_str()));
        }
    }

    fn text(s: &str) -> Text {
        Text {
            value: s.to_string(),
            page: 4,
        }
    }

    #[test]
    fn amount_first_lines() {
        let t = text("Bilancio 2020:\n€ 24.390,75: conto 330001 - linea 1 “azioni” punto 5 — anno 2020 — progetto 6 “seminari”\n€ 1.260.786: conto 333004, linea 4 “promozione”, punto 1, progetto 3 “contributo” - D099");
        let mut w = Vec::new();
        let lines = split(Some(&t), "011-005-001", &mut w).lines;
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].amount.to_string(), "24390.75");
        assert_eq!(lines[0].account.as_deref(), Some("330001"));
        assert_eq!(lines[0].line.as_deref(), Some("linea 1 “azioni”"));
        assert_eq!(lines[0].project.as_deref(), Some("progetto 6 “seminari”"));
        assert_eq!(lines[1].amount.to_string(), "1260786");
        assert_eq!(lines[1].budget.as_deref(), Some("D099"));
        assert!(w.is_empty());
    }

    #[test]
    fn amount_last_lines_carry_budget() {
        let t = text("Budget C002: conto 313011 “ricavi organizzazione corsi” € 2.754,24; Conto 330009 - linea 009 “e-government” - progetto 6 “RI-VENTI” £ 133.210,29");
        let lines = split(Some(&t), "012-004-002", &mut Vec::new()).lines;
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].account.as_deref(), Some("313011"));
        assert_eq!(lines[0].budget.as_deref(), Some("C002"));
        assert_eq!(lines[1].amount.to_string(), "133210.29");
        assert_eq!(lines[1].account.as_deref(), Some("330009"));
        assert_eq!(lines[1].budget.as_deref(), Some("C002"));
    }

    #[test]
    fn an_amount_alone_on_its_line_closes_the_entry_before_it() {
        let cases = [
            (
                "Budget D002: Conto 330009 - linea 009 “e-government” - progetto 3 “DNA”\n€ 68.104,45\nBudget D002: Conto 330001 - linea 1 “azioni” - progetto 10 “voucher” € 58.197,76",
                vec![("68104.45", Some("330009")), ("58197.76", Some("330001"))],
            ),
            // An entry that has its amount keeps it; the next stands alone.
            (
                "€ 12.000,00: conto 330001 - linea 1 “azioni”\n€ 3.000,00",
                vec![("12000.00", Some("330001")), ("3000.00", None)],
            ),
            (
                "Bilancio 2019:\n€ 52.654,97\nconto 330002 “internazionalizzazione” € 1.000,00",
                vec![("52654.97", None), ("1000.00", Some("330002"))],
            ),
        ];
        for (text_in, want) in cases {
            let lines = split(Some(&text(text_in)), "011-005-001", &mut Vec::new()).lines;
            let got: Vec<(String, Option<&str>)> = lines
                .iter()
                .map(|l| (l.amount.to_string(), l.account.as_deref()))
                .collect();
            let want: Vec<(String, Option<&str>)> =
                want.into_iter().map(|(a, c)| (a.to_string(), c)).collect();
            assert_eq!(got, want, "{text_in}");
        }
    }

    #[test]
    fn a_second_amount_of_an_entry_keeps_its_account() {
        let t = text("budget D002 Conto 110100 “licenze” al costo di € 2.537,60/annuo pari a complessivi € 7.612,80 (iva compresa)\nbudget D002 Conto 325050 “oneri” € 2.684,00");
        let lines = split(Some(&t), "032-003-004", &mut Vec::new()).lines;
        let accounts: Vec<Option<&str>> = lines.iter().map(|l| l.account.as_deref()).collect();
        assert_eq!(accounts, [Some("110100"), Some("110100"), Some("325050")]);
    }

    #[test]
    fn entries_mix_amount_first_and_amount_last_lines() {
        let t = text("Bilancio 2023:\n€ 90.880,26: conto 330005 - linea 5 “Credito” punto 5 - progetto 1 “Contributi per\nl’accesso al credito delle PMI”\nBudget D099: Conto 330002 - linea 2 “Azioni” - progetto 3 “Bando” € 1.356.817,47\n€ 305.340,67 Conto 324015 “spese” - C003");
        let lines = split(Some(&t), "011-005-001", &mut Vec::new()).lines;
        let got: Vec<(String, Option<&str>, Option<&str>)> = lines
            .iter()
            .map(|l| {
                (
                    l.amount.to_string(),
                    l.account.as_deref(),
                    l.budget.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("90880.26".to_string(), Some("330005"), None),
                ("1356817.47".to_string(), Some("330002"), Some("D099")),
                ("305340.67".to_string(), Some("324015"), Some("C003")),
            ]
        );
        assert!(
            lines[0].description.ends_with("delle PMI”"),
            "{}",
            lines[0].description
        );
    }

    #[test]
    fn trailing_budget_codes_hold_for_their_line_only() {
        let t = text("€ 1.555,50 Conto 111400 “mobili” - D099\n€ 33.855,00 Conto 110100 “licenze” - n. 3 server");
        let lines = split(Some(&t), "032-003-005", &mut Vec::new()).lines;
        assert_eq!(lines[0].budget.as_deref(), Some("D099"));
        assert_eq!(lines[1].budget, None);
    }

    #[test]
    fn zero_is_no_resource_and_lost_separators_warn() {
        assert!(split(Some(&text("€ 0,00")), "032-003-001", &mut Vec::new())
            .lines
            .is_empty());
        let mut w = Vec::new();
        let lines = split(
            Some(&text("€ 2766960 — spesa acquisto servizio conto 330004")),
            "011-005-006",
            &mut w,
        )
        .lines;
        assert!(lines[0].uncertain);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].field, Some(FieldPath::amount(0)));
    }

    #[test]
    fn a_stated_total_is_kept_apart_from_the_lines() {
        struct Case {
            text: &'static str,
            lines: usize,
            total: Option<&'static str>,
        }
        let cases = [
            Case {
                text: "€ 24.390,75: conto 330001 - progetto 6 “seminari”\n€ 5.000,00: conto 330005 - progetto 1\nTotale: € 29.390,75",
                lines: 2,
                total: Some("29390.75"),
            },
            Case {
                text: "conto 313011 “ricavi” € 2.754,24;\nConto 330009 - progetto 6 € 1.000,00\nTotale risorse finanziarie € 3.754,24",
                lines: 2,
                total: Some("3754.24"),
            },
            Case {
                text: "€ 5.821.200,22: Totale erogazioni per bandi camerali 2018/2019\n€ 1.000,00: conto 330001",
                lines: 2,
                total: None,
            },
            Case {
                text: "TOT. COMPLESSIVO € 10.000,00",
                lines: 0,
                total: Some("10000.00"),
            },
        ];
        for case in cases {
            let got = split(Some(&text(case.text)), "011-005-001", &mut Vec::new());
            assert_eq!(got.lines.len(), case.lines, "{}", case.text);
            assert_eq!(
                got.stated_total.map(|t| t.amount.to_string()).as_deref(),
                case.total,
                "{}",
                case.text
            );
        }
    }
}
