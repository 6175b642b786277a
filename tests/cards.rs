//! Indicators set as label/value cards ("Tipologia | ...", "Unità di
//! misura | ...", "Target 2021 | ..." down the page): born-digital reports
//! of the generator's drawn styles that set them so, read end to end and
//! scored as `shared/eval/score.py` scores. The seeds are development
//! seeds (`scripts/score-sealed.sh` keeps 1000 and up sealed), each a way
//! of ruling and aligning the rows.

include!("common/generator_modules.rs");
mod common;

use common::score::score;
use pira::{extract, Input, Options};

struct Case {
    seed: u64,
    /// What the seed's style tries.
    what: &'static str,
    /// Every field of the report right, or only the indicators' (the
    /// scheda heads of unruled layouts are not the cards' part).
    whole: bool,
}

/// The report drawn from `seed`, read by pira and scored against the
/// records that made it: (fields %, numbers %, misses).
fn read_drawn(seed: u64) -> (f64, f64, Vec<String>, style::Style) {
    let spec = records::Spec {
        seed,
        index: 0,
        objectives: None,
        random_style: true,
    };
    let (report, name, rendered, st) = pdf::build_styled(&spec, 0, false);
    let source = format!("{name}.pdf");
    let input = Input::from_bytes(&source, rendered.bytes);
    let out = extract(&input, &Options::default()).unwrap_or_else(|e| panic!("{source}: {e}"));
    let out = serde_json::to_value(&out).expect("a report serializes");
    let gold: serde_json::Value =
        serde_json::from_str(&report.gold_json(&source)).expect("gold JSON");
    let s = score(&gold, &out);
    (s.fields_pct(), s.numbers_pct(), s.misses, st)
}

#[test]
fn cards_give_every_field() {
    let cases = [
        Case {
            seed: 161,
            what: "full grid of rectangles, wrapped labels",
            whole: true,
        },
        Case {
            seed: 144,
            what: "grid of thin filled rectangles, portrait, 'Se altro' rows",
            whole: true,
        },
        Case {
            seed: 167,
            what: "grid of strokes, portrait",
            whole: true,
        },
        Case {
            seed: 125,
            what: "horizontal rules only",
            whole: true,
        },
        Case {
            seed: 178,
            what: "horizontal rules, schede and an indicator cut across pages",
            whole: true,
        },
        Case {
            seed: 150,
            what: "no rules",
            whole: false,
        },
        Case {
            seed: 154,
            what: "no rules, indicators cut across pages",
            whole: false,
        },
        Case {
            seed: 189,
            what: "capital labels wrapped over two lines, cut at the foot of pages",
            whole: false,
        },
        Case {
            seed: 191,
            what: "values centred beside wrapped labels, a title starting above its label",
            whole: false,
        },
    ];
    for case in cases {
        let (fields, numbers, misses, st) = read_drawn(case.seed);
        assert_eq!(st.fields, style::Fields::Cards, "seed {}", case.seed);
        let wrong: Vec<&String> = misses
            .iter()
            .filter(|m| case.whole || m.contains('#') || m.contains("indicator"))
            .collect();
        assert!(
            wrong.is_empty(),
            "seed {} ({}): {fields:.1}% fields, {numbers:.1}% numbers: {wrong:#?}",
            case.seed,
            case.what
        );
    }
}
