//! Cross-checks over the whole report: the summary matrix against the
//! schede found, and resources that several objectives share.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::resources::StatedTotal;
use super::warning;
use crate::model::{FieldPath, Objective, ObjectiveField, Warning, WarningCode};
use crate::normalize::Text;
use crate::vocab::{fold, similarity};

static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{3})\s?-\s?([0-9gOo]{3})\s?-\s?([0-9]{3})\b").expect("valid regex")
});
/// "linea 1 ... punto 5 ... progetto 6": what identifies a budget project.
static PROJECT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(linea|punto|progetto)\s*:?\s*([0-9]{1,3})\b").expect("valid regex")
});

/// The project key of a resource description ("l1 p5 g6"), if it names a project.
fn project_key(description: &str) -> Option<String> {
    let mut parts: Vec<String> = PROJECT_KEY
        .captures_iter(description)
        .filter_map(|c| {
            Some(format!(
                "{} {}",
                c.get(1)?.as_str().to_lowercase(),
                c.get(2)?.as_str().trim_start_matches('0')
            ))
        })
        .collect();
    parts.dedup();
    parts
        .iter()
        .any(|p| p.starts_with("progetto"))
        .then(|| parts.join(", "))
}

/// One objective of the preamble's summary matrix: its code and the words
/// after it on the same line (the start of its title, where the matrix's
/// columns let the OCR keep them together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixEntry {
    pub code: String,
    /// None where the code only appears inside prose ("... indicato al n.
    /// 032-003-002 perché ..."), not in a matrix cell.
    pub title_start: Option<String>,
    pub page: u32,
}

/// The objectives the preamble's summary matrix lists, in order.
pub fn matrix_entries(preamble: &[Text]) -> Vec<MatrixEntry> {
    let mut entries: Vec<MatrixEntry> = Vec::new();
    for Text { value: line, page } in preamble {
        let found: Vec<_> = CODE.captures_iter(line).collect();
        for (i, c) in found.iter().enumerate() {
            let part = |i| {
                c.get(i)
                    .map_or("", |m| m.as_str())
                    .replace(['g', 'O', 'o'], "0")
            };
            let code = format!("{}-{}-{}", part(1), part(2), part(3));
            let Some(whole) = c.get(0) else { continue };
            let end = found
                .get(i + 1)
                .and_then(|n| n.get(0))
                .map_or(line.len(), |m| m.start());
            // A matrix cell: the code opens the line (after at most a row
            // label) or follows another code's cell.
            let in_cell = i > 0 || line[..whole.start()].split_whitespace().count() <= 1;
            let title_start =
                in_cell.then(|| line.get(whole.end()..end).unwrap_or("").trim().to_string());
            match entries.iter_mut().find(|e| e.code == code) {
                Some(entry) if entry.title_start.is_none() => entry.title_start = title_start,
                Some(_) => {}
                None => entries.push(MatrixEntry {
                    code,
                    title_start,
                    page: *page,
                }),
            }
        }
    }
    entries
}

/// Codes the report's text names, anywhere (a summary table that OCR
/// read among a scheda's fields, a page's code read apart from its
/// scheda), that no objective carries and the summary matrix did not
/// already report missing: a scheda the reader could not make out, whose
/// fields are all missing. Warned so that the loss is seen.
pub fn check_named_codes(
    all_text: &str,
    matrix: &[MatrixEntry],
    objectives: &[Objective],
    w: &mut Vec<Warning>,
) {
    let lines: Vec<Text> = all_text
        .lines()
        .map(|l| Text {
            value: l.to_string(),
            page: 0,
        })
        .collect();
    let warned = |code: &String| matrix.len() >= 2 && matrix.iter().any(|e| &e.code == code);
    for entry in matrix_entries(&lines) {
        let code = &entry.code;
        if objectives.iter().any(|o| &o.code == code) || warned(code) {
            continue;
        }
        w.push(warning(
            WarningCode::MatrixMissing,
            format!("objective {code} is named in the report but no scheda was read for it"),
            None,
            Some(code),
        ));
    }
}

/// Listed but missing, present but unlisted, titles that disagree. A
/// preamble that lists fewer than two codes has no matrix to check against.
pub fn check_matrix(matrix: &[MatrixEntry], objectives: &[Objective], w: &mut Vec<Warning>) {
    if matrix.len() < 2 {
        return;
    }
    let listed: Vec<&String> = matrix.iter().map(|e| &e.code).collect();
    for entry in matrix {
        let code = &entry.code;
        if !objectives.iter().any(|o| &o.code == code) {
            w.push(warning(
                WarningCode::MatrixMissing,
                format!("objective {code} is listed in the summary matrix but no scheda was found"),
                Some(entry.page),
                Some(code),
            ));
        }
    }
    for o in objectives {
        if !listed.contains(&&o.code) {
            w.push(warning(
                WarningCode::MatrixUnlisted,
                format!(
                    "objective {} has a scheda but is not listed in the summary matrix",
                    o.code
                ),
                o.pages.first().copied(),
                Some(&o.code),
            ));
        }
    }
}

/// A matrix title start whose words are mostly absent from the scheda's
/// title. Only a start of at least three content words is judged: the
/// OCR of a multi-column matrix leaves most starts a word or two long.
pub fn check_matrix_titles(matrix: &[MatrixEntry], objectives: &[Objective], w: &mut Vec<Warning>) {
    for entry in matrix {
        let Some(o) = objectives.iter().find(|o| o.code == entry.code) else {
            continue;
        };
        let (Some(title), Some(start)) = (&o.title, &entry.title_start) else {
            continue;
        };
        let listed = content_words(start);
        if listed.len() < 3 {
            continue;
        }
        let titled = content_words(title);
        let shared = listed
            .iter()
            .filter(|l| titled.iter().any(|t| similarity(l, t) >= 0.75))
            .count();
        if shared * 3 < listed.len() {
            let mut x = warning(
                WarningCode::MatrixTitleMismatch,
                format!(
                    "the summary matrix lists {} as \"{}...\" but its scheda is titled \"{title}\"",
                    o.code, start
                ),
                o.pages.first().copied(),
                Some(&o.code),
            );
            x.field = Some(ObjectiveField::Title.into());
            w.push(x);
        }
    }
}

/// The folded words of at least four letters; OCR debris (a token with
/// anything but letters inside, as "Ilute_rnza_" or "ammln!strazmnl") is
/// dropped rather than judged.
fn content_words(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "della",
        "delle",
        "dello",
        "degli",
        "nella",
        "nelle",
        "alle",
        "dalla",
        "dalle",
        "sulla",
        "sulle",
        "attraverso",
        "mediante",
    ];
    fold(text)
        .split_whitespace()
        .flat_map(|token| token.split('\''))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 4 && word.chars().all(char::is_alphabetic))
        .filter(|word| !COMMON.contains(word))
        .map(str::to_string)
        .collect()
}

/// The same resource (account and project) under several objectives with
/// different amounts: uncertain readings take the one certain amount where
/// there is exactly one, and every disagreement is flagged.
pub fn check_shared_resources(objectives: &mut [Objective], w: &mut Vec<Warning>) {
    let mut groups: BTreeMap<(String, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (oi, o) in objectives.iter().enumerate() {
        for (ri, r) in o.resources.iter().enumerate() {
            if let (Some(account), Some(key)) = (&r.account, project_key(&r.description)) {
                groups
                    .entry((account.clone(), key))
                    .or_default()
                    .push((oi, ri));
            }
        }
    }
    for ((account, project), places) in groups {
        let amounts: Vec<(Decimal, bool)> = places
            .iter()
            .map(|&(oi, ri)| {
                (
                    objectives[oi].resources[ri].amount,
                    objectives[oi].resources[ri].uncertain,
                )
            })
            .collect();
        let mut certain: Vec<Decimal> = amounts.iter().filter(|a| !a.1).map(|a| a.0).collect();
        certain.dedup();
        let all_same = amounts.iter().all(|a| a.0 == amounts[0].0);
        if places.len() < 2 || all_same {
            continue;
        }
        let clean = (certain.len() == 1).then(|| certain[0]);
        for &(oi, ri) in &places {
            let o = &mut objectives[oi];
            let code = o.code.clone();
            let r = &mut o.resources[ri];
            let mut message = format!(
                "conto {account} ({project}) appears under several objectives with different amounts"
            );
            if let Some(clean) = clean.filter(|c| r.uncertain && *c != r.amount) {
                message.push_str(&format!(
                    ": {} read as {clean}, the certain reading elsewhere",
                    r.amount_raw
                ));
                r.amount = clean;
            }
            let mut x = warning(
                WarningCode::ResourceConflict,
                message,
                Some(r.page),
                Some(&code),
            );
            x.field = Some(FieldPath::amount(ri));
            w.push(x);
        }
    }
}

/// The resource lines against the total the scheda states. With no line
/// read, the stated total is the objective's total.
pub fn check_stated_total(o: &mut Objective, stated: &StatedTotal, w: &mut Vec<Warning>) {
    let Some(sum) = o.resources_total else {
        o.resources_total = Some(stated.amount);
        return;
    };
    if sum == stated.amount {
        return;
    }
    let uncertain = if o.resources.iter().any(|r| r.uncertain) {
        " (some amounts lost digits or separators)"
    } else {
        ""
    };
    let mut warning = warning(
        WarningCode::ResourceTotalMismatch,
        format!(
            "the {} resource lines add up to {sum}{uncertain} but the report states a total of {} ({:?})",
            o.resources.len(),
            stated.amount,
            stated.raw
        ),
        Some(stated.page),
        Some(&o.code),
    );
    warning.field = Some(ObjectiveField::ResourcesTotal.into());
    w.push(warning);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::an_objective;
    use crate::model::ResourceLine;

    fn objective(code: &str, resources: Vec<ResourceLine>) -> Objective {
        Objective {
            resources,
            ..an_objective(code)
        }
    }

    /// The lines of `text`, all on page 2.
    fn lines(text: &str) -> Vec<Text> {
        text.lines()
            .map(|l| Text {
                value: l.into(),
                page: 2,
            })
            .collect()
    }

    fn resource(amount: &str, uncertain: bool) -> ResourceLine {
        ResourceLine {
            amount: amount.parse().unwrap_or_default(),
            amount_raw: amount.into(),
            uncertain,
            account: Some("330001".into()),
            budget: None,
            line: None,
            project: Some("progetto 10 “Bando”".into()),
            description: "conto 330001, linea 1 “Azioni”, punto 1, progetto 10 “Bando”".into(),
            page: 1,
            year: None,
            budget_item: None,
        }
    }

    /// Tesseract's text of DEV 124's first page: the summary table read
    /// among the first scheda's labels, so that no preamble holds it and
    /// three of its four schede are not made out.
    #[test]
    fn codes_the_text_names_without_a_scheda_are_warned() {
        let text = "Programma Codice Obiettivo\n\
005 - Promozione e attuazione di politiche di sviluppo,\n\
competitività e innovazione, di responsabilità sociale 011-005-001 Accesso al credito\n\
004 - Vigilanza sui mercati 012-004-001 Rete s.u.a.p. a sostegno\n\
: . 016-005-001 i\n\
003 - Servizi generali 032-003-001 Efficientamento dei processi\n\
011-005-001";
        let objectives = [
            objective("011-005-001", vec![]),
            objective("016-005-001", vec![]),
        ];
        let mut w = Vec::new();
        check_named_codes(text, &[], &objectives, &mut w);
        let warned: Vec<Option<&str>> = w.iter().map(|x| x.objective_code.as_deref()).collect();
        assert_eq!(warned, [Some("012-004-001"), Some("032-003-001")]);
        // Codes the summary matrix already reported missing are not
        // warned twice.
        let matrix = matrix_entries(&lines(text));
        let mut w = Vec::new();
        check_named_codes(text, &matrix, &objectives, &mut w);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn matrix_lists_are_checked_both_ways() {
        let listed = matrix_entries(&lines(
            "011-005-001 Riorganizzazione 011-005-002 Diffusione 012-0O4-001 x",
        ));
        let codes: Vec<&str> = listed.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["011-005-001", "011-005-002", "012-004-001"]);
        let objectives = vec![
            objective("011-005-001", vec![]),
            objective("032-003-001", vec![]),
        ];
        let mut w = Vec::new();
        check_matrix(&listed, &objectives, &mut w);
        let codes: Vec<_> = w
            .iter()
            .map(|w| (w.code, w.objective_code.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            codes,
            [
                (WarningCode::MatrixMissing, "011-005-002".to_string()),
                (WarningCode::MatrixMissing, "012-004-001".to_string()),
                (WarningCode::MatrixUnlisted, "032-003-001".to_string()),
            ]
        );
        let mut none = Vec::new();
        check_matrix(&listed[..1], &objectives, &mut none);
        assert!(none.is_empty(), "one code is no matrix");
    }

    #[test]
    fn matrix_title_starts_come_from_cells_not_prose() {
        let preamble = "gli obiettivi sono cambiati ad eccezione del n. 032-003-002 perché l'emergenza pandemica\n\
                        011-005-001 [fronteggiare 012-004-001 |per fronteggiare\n\
                        OBIETTIVI 032-003-002 |di Prevenzione della Corruzione";
        let got: Vec<(String, Option<String>)> = matrix_entries(&lines(preamble))
            .into_iter()
            .map(|e| (e.code, e.title_start))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "032-003-002".into(),
                    Some("|di Prevenzione della Corruzione".into())
                ),
                ("011-005-001".into(), Some("[fronteggiare".into())),
                ("012-004-001".into(), Some("|per fronteggiare".into())),
            ]
        );
    }

    #[test]
    fn matrix_titles_that_disagree_are_flagged() {
        struct Case {
            start: &'static str,
            flagged: bool,
        }
        let title =
            "MONITORAGGIO E COORDINAMENTO DEL PIANO TRIENNALE DI PREVENZIONE DELLA CORRUZIONE";
        let cases = [
            // OCR-garbled but the same title.
            Case {
                start: "Monitoragglo e coordinamento del Piano Triennale",
                flagged: false,
            },
            // Too short to judge.
            Case {
                start: "Sostegno alle imprese",
                flagged: false,
            },
            Case {
                start: "Sostegno al credito delle imprese bresciane",
                flagged: true,
            },
        ];
        for case in cases {
            let mut o = objective("032-003-002", vec![]);
            o.title = Some(title.into());
            let matrix = [MatrixEntry {
                code: "032-003-002".into(),
                title_start: Some(case.start.into()),
                page: 2,
            }];
            let mut w = Vec::new();
            check_matrix_titles(&matrix, &[o], &mut w);
            assert_eq!(!w.is_empty(), case.flagged, "{}", case.start);
            if case.flagged {
                assert_eq!(w[0].code, WarningCode::MatrixTitleMismatch);
                assert_eq!(w[0].field, Some(ObjectiveField::Title.into()));
            }
        }
    }

    #[test]
    fn stated_totals_are_checked_against_the_lines() {
        let stated = |amount: &str| StatedTotal {
            amount: amount.parse().unwrap_or_default(),
            raw: format!("€ {amount}"),
            page: 3,
        };
        let mut o = objective(
            "011-005-001",
            vec![resource("100.50", false), resource("20", false)],
        );
        o.resources_total = Some("120.50".parse().unwrap_or_default());
        let mut w = Vec::new();
        check_stated_total(&mut o, &stated("120.50"), &mut w);
        assert!(w.is_empty());
        check_stated_total(&mut o, &stated("130.50"), &mut w);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, WarningCode::ResourceTotalMismatch);
        assert_eq!(w[0].field, Some(ObjectiveField::ResourcesTotal.into()));
        assert!(
            w[0].message.contains("add up to 120.50"),
            "{}",
            w[0].message
        );
        let mut bare = objective("011-005-002", vec![]);
        check_stated_total(&mut bare, &stated("99"), &mut w);
        assert_eq!(
            bare.resources_total.map(|d| d.to_string()).as_deref(),
            Some("99")
        );
    }

    #[test]
    fn shared_resources_take_the_certain_reading() {
        let mut objectives = vec![
            objective("011-005-001", vec![resource("4294578.2", true)]),
            objective("011-005-005", vec![resource("429457.82", false)]),
        ];
        let mut w = Vec::new();
        check_shared_resources(&mut objectives, &mut w);
        assert_eq!(objectives[0].resources[0].amount.to_string(), "429457.82");
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|w| w.code == WarningCode::ResourceConflict));
        let mut same = vec![
            objective("a", vec![resource("1.00", false)]),
            objective("b", vec![resource("1.00", false)]),
        ];
        let mut none = Vec::new();
        check_shared_resources(&mut same, &mut none);
        assert!(none.is_empty());
    }
}
