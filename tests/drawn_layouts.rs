//! Reports in layouts drawn at random (`make_fixtures --style random`),
//! built in-process from DEV seeds (100-199; the sealed seeds 1000+ are
//! never used here), read by pira and scored against the records that
//! made them, as `shared/eval/score.py` scores. Each row names the layout
//! choice its seed exercises.

include!("common/generator_modules.rs");

mod common;

use common::score::{score, Score};
use pira::{extract, Input, Options};

/// The born-digital report of `seed`'s drawn layout, scored.
fn read_drawn(seed: u64) -> (Score, style::Style) {
    let spec = records::Spec {
        seed,
        index: 0,
        objectives: None,
        random_style: true,
    };
    let (report, name, rendered, st) = pdf::build_styled(&spec, 0, false);
    let file = format!("{name}.pdf");
    let input = Input::from_bytes(&file, rendered.bytes);
    let out = match extract(&input, &Options::default()) {
        Ok(r) => serde_json::to_value(&r).expect("a report serializes"),
        Err(e) => panic!("{e}"),
    };
    let gold: serde_json::Value =
        serde_json::from_str(&report.gold_json(&file)).expect("gold JSON");
    (score(&gold, &out), st)
}

/// A DEV seed, the layout choice it exercises, and whether its drawn
/// style makes that choice.
type Row = (u64, &'static str, fn(&style::Style) -> bool);

/// Every field right in each seed's report, and the seed does draw the
/// choice its row names.
fn every_field_right(rows: &[Row]) {
    for &(seed, choice, drawn) in rows {
        let (s, st) = read_drawn(seed);
        assert!(drawn(&st), "seed {seed} no longer draws {choice}");
        s.assert_whole(&format!("seed {seed} ({choice})"));
    }
}

#[test]
fn objective_code_above_the_scheda() {
    every_field_right(&[
        (100, "code above, full grid", |st| {
            st.code_above && !st.code_labelled && st.rules == style::Rules::Grid
        }),
        (101, "code above, objectives run on", |st| {
            st.code_above && !st.objective_new_page
        }),
        (114, "code above in a \"Codice obiettivo\" row", |st| {
            st.code_above && st.code_labelled
        }),
        // Each objective opens a page: the code row tops every page, yet
        // it is no running header.
        (111, "code above, a scheda per page", |st| {
            st.code_above && st.objective_new_page
        }),
    ]);
}

#[test]
fn header_cells_wrapped_over_lines_without_rules() {
    every_field_right(&[(108, "no rules, header cells over three lines", |st| {
        st.rules == style::Rules::None && st.fields == style::Fields::Table
    })]);
}

#[test]
fn labels_wrapped_over_lines_of_the_label_column() {
    every_field_right(&[
        (103, "no rules, labels wrapped, a rotated page", |st| {
            st.rules == style::Rules::None && st.rotate_page
        }),
        (
            113,
            "no rules, labels wrapped, schede cut across pages",
            |st| st.rules == style::Rules::None && st.split_blocks,
        ),
    ]);
}

/// A final account whose "Valore osservato al 31/12/YYYY" header cell
/// wraps over three lines beside "Ultimo" / "valore osservato": the
/// Actual column is still found, so the report is a final account and
/// every actual value is read.
#[test]
fn an_actual_column_whose_header_wraps_beside_others() {
    let (s, st) = read_drawn(104);
    assert!(st.wording.actual.starts_with("Valore osservato"));
    assert!(
        s.fields_pct() >= 99.0,
        "{:.1}% fields: {:#?}",
        s.fields_pct(),
        s.misses
    );
    assert_eq!(s.numbers_right, s.numbers_total, "{:#?}", s.misses);
}

/// Labels wrapped in a narrow label column beside a short value: a label
/// centred round a one-line value whose long word ("Responsabilità")
/// reaches within half a line of the value column, and a two-letter
/// value ("si") beside "Valore" / "consuntivo", no word of the label.
#[test]
fn labels_wrapped_round_short_values() {
    every_field_right(&[
        (
            508,
            "no rules, labels centred round one-line values",
            |st| st.rules == style::Rules::None && st.valign_center,
        ),
        (
            695,
            "label/value cards, a label wrapped beside \"si\"",
            |st| st.fields == style::Fields::Cards,
        ),
    ]);
}

/// Indicator tables ruled across only, their header cells centred and
/// their body cells set at the columns' left: a short unit ("numerico")
/// stands under no header cell, nearer the type's, and is still the
/// unit's.
#[test]
fn left_set_cells_under_centred_header_cells() {
    every_field_right(&[(893, "rules across, cells left, header centred", |st| {
        st.rules == style::Rules::Horizontal && !st.table_center
    })]);
}

/// A three-page report whose running header stands on every page but
/// the first: a table cut after its header on one page, repeated with its
/// body on the next under the running header, reads whole.
#[test]
fn a_running_header_on_all_pages_but_the_first() {
    every_field_right(&[(726, "table header repeated after a page break", |st| {
        st.split_blocks && st.repeat_header
    })]);
}
