//! A port of `shared/eval/score.py` for the tests: fields and numbers of a
//! report against its expected records (the gold format of
//! `shared/eval/GOLD_SCHEMA.md`), so accuracy targets run in `cargo test`.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

/// Right and total counts, for all fields and for numbers alone.
#[derive(Debug, Default, Clone)]
pub struct Score {
    pub right: usize,
    pub total: usize,
    pub numbers_right: usize,
    pub numbers_total: usize,
    pub misses: Vec<String>,
}

impl Score {
    pub fn fields_pct(&self) -> f64 {
        100.0 * self.right as f64 / self.total.max(1) as f64
    }
    pub fn numbers_pct(&self) -> f64 {
        100.0 * self.numbers_right as f64 / self.numbers_total.max(1) as f64
    }
    /// Panics unless this is a real report (over 100 fields) read whole;
    /// `what` names it in the message.
    pub fn assert_whole(&self, what: &str) {
        assert!(
            self.total > 100,
            "{what}: a real report, {} fields",
            self.total
        );
        assert_eq!(
            self.right,
            self.total,
            "{what}: {:.1}% fields, misses {:#?}",
            self.fields_pct(),
            self.misses
        );
    }
    fn add(&mut self, number: bool, ok: bool, miss: impl FnOnce() -> String) {
        self.total += 1;
        self.right += usize::from(ok);
        if number {
            self.numbers_total += 1;
            self.numbers_right += usize::from(ok);
        }
        if !ok {
            self.misses.push(miss());
        }
    }
}

const SHORT_OBJ: [&str; 8] = [
    "mission_code",
    "mission_name",
    "programme_code",
    "programme_name",
    "title",
    "time_frame",
    "responsibility_centre",
    "declared_indicators",
];
const IND_TEXT: [&str; 9] = [
    "title",
    "measures",
    "type",
    "unit",
    "algorithm",
    "data_source",
    "last_observed",
    "target",
    "actual",
];
const IND_VALUES: [&str; 3] = ["last_observed_value", "target_value", "actual_value"];

/// Case, accents, punctuation and spacing folded, as score.py does.
pub fn norm(v: &Value) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let folded: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn dec(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) if !s.is_empty() => Decimal::from_str(&s.replace(',', ".")).ok(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

/// Scores a pira report (JSON) against a gold file (JSON).
pub fn score(gold: &Value, out: &Value) -> Score {
    let mut t = Score::default();
    for f in ["entity", "year", "kind"] {
        if !gold[f].is_null() {
            let ok = norm(&gold[f]) == norm(&out[f]);
            t.add(false, ok, || {
                format!("report.{f}: {} vs {}", gold[f], out[f])
            });
        }
    }
    let got: Vec<&Value> = out["objectives"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for go in gold["objectives"].as_array().into_iter().flatten() {
        let code = go["code"].as_str().unwrap_or("");
        let oo = got.iter().find(|o| o["code"] == go["code"]).copied();
        t.add(false, oo.is_some(), || {
            format!("objective {code} not found")
        });
        let empty = Value::Null;
        let oo = oo.unwrap_or(&empty);
        for f in SHORT_OBJ {
            t.add(false, norm(&go[f]) == norm(&oo[f]), || {
                format!("{code} {f}: {} vs {}", go[f], oo[f])
            });
        }
        score_resources(&mut t, code, go, oo);
        score_indicators(&mut t, code, go, oo);
    }
    t
}

fn score_resources(t: &mut Score, code: &str, go: &Value, oo: &Value) {
    let mut got: Vec<&Value> = oo["resources"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for gr in go["resources"].as_array().into_iter().flatten() {
        let amount = dec(&gr["amount"]);
        let hit = got.iter().position(|r| dec(&r["amount"]) == amount);
        if gr["amount_uncertain"].as_bool() == Some(true) {
            let flagged = hit.is_some() || got.iter().any(|r| r["uncertain"] == true);
            let ok = flagged && hit.is_none_or(|i| got[i]["uncertain"] == true);
            t.add(false, ok, || {
                format!("{code} uncertain amount {} not flagged", gr["amount"])
            });
            if let Some(i) = hit {
                got.remove(i);
            }
            continue;
        }
        t.add(true, hit.is_some(), || {
            format!("{code} amount {} missing", gr["amount"])
        });
        if let Some(i) = hit {
            let r = got.remove(i);
            t.add(false, norm(&gr["account"]) == norm(&r["account"]), || {
                format!("{code} account {} vs {}", gr["account"], r["account"])
            });
        }
    }
    for extra in got {
        t.add(false, false, || {
            format!("{code} extra resource {}", extra["amount"])
        });
    }
}

fn score_indicators(t: &mut Score, code: &str, go: &Value, oo: &Value) {
    let mut got: Vec<&Value> = oo["indicators"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for gi in go["indicators"].as_array().into_iter().flatten() {
        let n = &gi["number"];
        let hit = got.iter().position(|i| &i["number"] == n);
        t.add(false, hit.is_some(), || format!("{code}#{n} not found"));
        let empty = Value::Null;
        let oi = match hit {
            Some(i) => got.remove(i),
            None => &empty,
        };
        let unsure: Vec<&str> = gi["uncertain_fields"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for f in IND_TEXT.iter().filter(|f| !unsure.contains(f)) {
            t.add(false, norm(&gi[*f]) == norm(&oi[*f]), || {
                format!("{code}#{n} {f}: {} vs {}", gi[*f], oi[*f])
            });
        }
        for f in IND_VALUES.iter().filter(|f| !unsure.contains(f)) {
            t.add(true, dec(&gi[*f]) == dec(&oi[*f]), || {
                format!("{code}#{n} {f}: {} vs {}", gi[*f], oi[*f])
            });
        }
    }
    for extra in got {
        t.add(false, false, || {
            format!("{code} extra indicator {}", extra["number"])
        });
    }
}

/// A number the output states and the gold file contradicts, or leaves out.
#[derive(Debug)]
pub struct WrongValue {
    pub code: String,
    /// The indicator's number; none for a resource amount.
    pub indicator: Option<u64>,
    /// The JSON field: `actual_value`, `resources[2].amount`.
    pub field: String,
    pub got: String,
    pub gold: String,
}

/// Every value the output states that differs from the gold, and every value
/// it leaves null where the gold has a number: indicator values, fields the
/// gold marks uncertain included, and resource amounts the gold does not list.
pub fn wrong_values(gold: &Value, out: &Value) -> Vec<WrongValue> {
    let mut wrong = Vec::new();
    let objectives = out["objectives"].as_array().into_iter().flatten();
    for oo in objectives {
        let code = oo["code"].as_str().unwrap_or("").to_string();
        let Some(go) = gold["objectives"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|g| g["code"] == oo["code"])
        else {
            continue;
        };
        for oi in oo["indicators"].as_array().into_iter().flatten() {
            let gi = go["indicators"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|g| g["number"] == oi["number"]);
            let Some(gi) = gi else { continue };
            for f in IND_VALUES {
                if dec(&oi[f]) != dec(&gi[f]) {
                    wrong.push(WrongValue {
                        code: code.clone(),
                        indicator: oi["number"].as_u64(),
                        field: f.to_string(),
                        got: oi[f].to_string(),
                        gold: gi[f].to_string(),
                    });
                }
            }
        }
        let mut gold_amounts: Vec<Option<Decimal>> = go["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| dec(&r["amount"]))
            .collect();
        for (i, r) in oo["resources"].as_array().into_iter().flatten().enumerate() {
            match gold_amounts.iter().position(|a| *a == dec(&r["amount"])) {
                Some(hit) => drop(gold_amounts.remove(hit)),
                None => wrong.push(WrongValue {
                    code: code.clone(),
                    indicator: None,
                    field: format!("resources[{i}].amount"),
                    got: r["amount"].to_string(),
                    gold: "no such amount".into(),
                }),
            }
        }
    }
    wrong
}
