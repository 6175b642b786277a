//! Cross-checks over the whole report: the summary matrix against the
//! schede found, and resources that several objectives share.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::warning;
use crate::model::{Objective, Warning, WarningCode};

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

/// The objective codes the preamble's summary matrix lists, in order.
pub fn matrix_codes(preamble: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for c in CODE.captures_iter(preamble) {
        let part = |i| {
            c.get(i)
                .map_or("", |m| m.as_str())
                .replace(['g', 'O', 'o'], "0")
        };
        let code = format!("{}-{}-{}", part(1), part(2), part(3));
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// Listed but missing, present but unlisted. A preamble that lists fewer
/// than two codes has no matrix to check against.
pub fn check_matrix(listed: &[String], objectives: &[Objective], w: &mut Vec<Warning>) {
    if listed.len() < 2 {
        return;
    }
    for code in listed {
        if !objectives.iter().any(|o| &o.code == code) {
            w.push(warning(
                WarningCode::MatrixMissing,
                format!("objective {code} is listed in the summary matrix but no scheda was found"),
                None,
                Some(code),
            ));
        }
    }
    for o in objectives {
        if !listed.contains(&o.code) {
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
            x.field = Some(format!("resources[{ri}].amount"));
            w.push(x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceLine;

    fn objective(code: &str, resources: Vec<ResourceLine>) -> Objective {
        Objective {
            code: code.into(),
            mission_code: None,
            mission_name: None,
            programme_code: None,
            programme_name: None,
            title: None,
            description: None,
            time_frame: None,
            responsibility_centre: None,
            declared_indicators: None,
            resources_total: None,
            resources,
            indicators: Vec::new(),
            pages: vec![1],
        }
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
        }
    }

    #[test]
    fn matrix_lists_are_checked_both_ways() {
        let listed =
            matrix_codes("011-005-001 Riorganizzazione 011-005-002 Diffusione 012-0O4-001 x");
        assert_eq!(listed, ["011-005-001", "011-005-002", "012-004-001"]);
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
        check_matrix(&["011-005-001".to_string()], &objectives, &mut none);
        assert!(none.is_empty(), "one code is no matrix");
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
