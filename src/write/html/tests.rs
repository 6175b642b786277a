//! The review page's own tests; the browser test is `tests/review_browser.rs`.

use std::io;

use super::format::{euro, it_date, it_number, page_list, percent_encode};
use super::*;
use crate::model::{FieldPath, IndicatorField, ObjectiveField, ValueField, Warning, WarningCode};
use crate::write::fixture::{dec, empty_report, sample_report};

/// The sample report with a title that needs escaping and a warning on
/// an indicator's target and on a resource amount.
fn report() -> Report {
    let mut r = sample_report();
    r.objectives[0].title = Some("<script>alert('x')</script> R&D \"bandi\"".into());
    r.warnings.push(Warning {
        code: WarningCode::UnparsedValue,
        message: "target \"<6,9 mln>\" is not a number".into(),
        page: Some(3),
        objective_code: Some("011-005-001".into()),
        indicator_number: Some(1),
        field: Some(FieldPath::indicator(
            1,
            IndicatorField::Value(ValueField::Target),
        )),
    });
    r.warnings.push(Warning {
        code: WarningCode::UncertainAmount,
        message: "amount \"€ 24.39O,75\" lost digits or separators: read as 24390.75".into(),
        page: Some(3),
        objective_code: Some("011-005-001".into()),
        indicator_number: None,
        field: Some(FieldPath::amount(0)),
    });
    r.warnings.push(Warning {
        code: WarningCode::AmbiguousCells,
        message: "indicator 2: some table text could not be placed".into(),
        page: Some(4),
        objective_code: Some("011-005-001".into()),
        indicator_number: Some(2),
        field: None,
    });
    r
}

/// The text of the element that starts at the first match of `start`,
/// up to the matching close of its tag (no nesting of the same tag).
fn element<'a>(page: &'a str, start: &str, tag: &str) -> &'a str {
    let Some(from) = page.find(start) else {
        panic!("{start:?} not in the page");
    };
    let close = format!("</{tag}>");
    let Some(len) = page[from..].find(&close) else {
        panic!("{start:?} is not closed");
    };
    &page[from..from + len + close.len()]
}

#[test]
fn text_is_escaped() {
    let page = review_page(&[report()]);
    assert!(!page.contains("<script>alert"), "unescaped script tag");
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt; R&amp;D &quot;bandi&quot;"));
    assert!(page.contains("target &quot;&lt;6,9 mln&gt;&quot; is not a number"));
    // The only script is the page's own.
    assert_eq!(page.matches("<script>").count(), 1);
    // In an attribute too.
    assert!(page.contains("data-code=\"011-005-001\""));
    let mut quoted = report();
    quoted.source.file = "a\"b<c>.txt".into();
    let page = review_page(&[quoted]);
    assert!(page.contains("data-source-file=\"a&quot;b&lt;c&gt;.txt\""));
}

#[test]
fn achieved_has_colour_and_label() {
    let page = review_page(&[report()]);
    let yes = element(&page, "id=\"ind-011-005-001-1\"", "tr");
    assert!(yes.contains("data-achieved=\"true\""), "{yes}");
    assert!(
        yes.contains("<span class=\"badge ok\">\u{2713} Achieved</span>"),
        "{yes}"
    );
    let no = element(&page, "id=\"ind-011-005-001-2\"", "tr");
    assert!(no.contains("data-achieved=\"false\""), "{no}");
    assert!(
        no.contains("<span class=\"badge ko\">\u{2717} Not achieved</span>"),
        "{no}"
    );

    let mut unknown = report();
    unknown.objectives[1].indicators[0].achieved = None;
    let page = review_page(&[unknown]);
    let row = element(&page, "id=\"ind-032-004-002-1\"", "tr");
    assert!(row.contains("data-achieved=\"unknown\""), "{row}");
    assert!(
        row.contains("<span class=\"badge unk\">? Unknown</span>"),
        "{row}"
    );
    // The colours behind the classes.
    assert!(CSS.contains(".badge.ok{color:var(--ok)"));
    assert!(CSS.contains("--ok:#1a7f37") && CSS.contains("--ko:#cf222e"));
}

#[test]
fn warnings_are_shown_beside_their_field() {
    let page = review_page(&[report()]);
    // The target cell of indicator 1 holds the message.
    let row = element(&page, "id=\"ind-011-005-001-1\"", "tr");
    let target = element(row, "<td class=\"value target flag\"", "td");
    assert!(target.contains("data-field=\"target_value\""), "{target}");
    assert!(target.contains("is not a number"), "{target}");
    assert!(target.contains("= \u{20ac}\u{a0}6.900.000,00"), "{target}");
    // The uncertain amount, with what was read and the message.
    let res = element(&page, "id=\"res-011-005-001-0\"", "tr");
    assert!(res.contains("class=\"num amount uncertain flag\""), "{res}");
    assert!(res.contains("data-field=\"resources[0].amount\""), "{res}");
    assert!(res.contains("\u{20ac}\u{a0}24.390,75"), "{res}");
    assert!(res.contains("read as <q>\u{20ac} 24.39O,75</q>"), "{res}");
    assert!(res.contains("lost digits or separators"), "{res}");
    // A warning on an indicator without a field flags its row.
    let row2 = element(
        &page,
        "<tr class=\"indicator flag\" data-warning=\"ambiguous-cells\" id=\"ind-011-005-001-2\"",
        "tr",
    );
    assert!(
        row2.contains("some table text could not be placed"),
        "{row2}"
    );
    // The count mismatch beside "Indicators" of the second objective.
    let obj = element(&page, "id=\"obj-032-004-002\"", "section");
    assert!(
        obj.contains("<div class=\"indicators mismatch flag\" data-field=\"declared_indicators\""),
        "{obj}"
    );
    assert!(obj.contains("2 declared / 1 found"), "{obj}");
    assert!(obj.contains("declared 2 indicators, found 1"), "{obj}");
    // The list links to the message in place.
    assert!(page.contains("<a href=\"#r1-w1\">declared 2 indicators, found 1</a>"));
    assert!(page.contains("id=\"r1-w1\""));
    // Resources total, the Italian way.
    let total = element(obj_section(&page, "011-005-001"), "<tfoot>", "tfoot");
    assert!(total.contains("\u{20ac}\u{a0}24.390,75"), "{total}");
}

fn obj_section<'a>(page: &'a str, code: &str) -> &'a str {
    element(page, &format!("id=\"obj-{code}\""), "section")
}

#[test]
fn overrides_link_holds_the_flagged_fields() {
    let reports = [report()];
    let csv = overrides_csv(&reports);
    assert_eq!(
        csv,
        "source_file,objective_code,indicator_number,field,value\r\n\
         2020/brescia.txt,032-004-002,,declared_indicators,\r\n\
         2020/brescia.txt,011-005-001,1,target_value,\r\n\
         2020/brescia.txt,011-005-001,,resources[0].amount,\r\n"
    );
    let page = review_page(&reports);
    let link = element(&page, "<a id=\"export-overrides\"", "a");
    let href = format!(
        "href=\"data:text/csv;charset=utf-8,{}\"",
        percent_encode(&csv)
    );
    assert!(link.contains(&href), "{link}");
    assert!(link.contains("download=\"overrides.csv\""));
    assert!(href.contains("source_file%2Cobjective_code%2Cindicator_number%2Cfield%2Cvalue%0D%0A"));
    assert!(href.contains("2020%2Fbrescia.txt%2C011-005-001%2C1%2Ctarget_value%2C%0D%0A"));
    assert!(page.contains("3 fields to fill in"));
    // A source name with a comma is quoted; the same field twice is one row.
    let mut other = empty_report("a,b.txt", None);
    let w = Warning {
        code: WarningCode::MissingField,
        message: "no title found".into(),
        page: None,
        objective_code: Some("001-001-001".into()),
        indicator_number: None,
        field: Some(ObjectiveField::Title.into()),
    };
    other.warnings = vec![w.clone(), w];
    assert_eq!(
        overrides_csv(&[other]),
        "source_file,objective_code,indicator_number,field,value\r\n\"a,b.txt\",001-001-001,,title,\r\n"
    );
}

#[test]
fn page_is_deterministic_and_self_contained() {
    let a = review_page(&[report(), empty_report("0.txt", None)]);
    let b = review_page(&[empty_report("0.txt", None), report()]);
    assert_eq!(a, b);
    assert!(!a.contains("http://") && !a.contains("https://"));
    assert!(!a.contains(" src="));
    // Sorted by source file: the empty report comes first.
    assert!(a
        .find("id=\"report-1\" data-source-file=\"0.txt\"")
        .is_some());
    assert!(a.contains("id=\"report-2\" data-source-file=\"2020/brescia.txt\""));
    assert_eq!(
        review_page(&[]).matches("No reports in this run").count(),
        1
    );
}

#[test]
fn run_totals_and_ids() {
    let mut second = report();
    second.source.file = "2021/brescia.txt".into();
    let page = review_page(&[report(), second]);
    assert!(page.contains("<div id=\"total-reports\"><dt>Reports</dt><dd>2</dd></div>"));
    assert!(page.contains("<div id=\"total-objectives\"><dt>Objectives</dt><dd>4</dd></div>"));
    assert!(page.contains("<div id=\"total-indicators\"><dt>Indicators</dt><dd>6</dd></div>"));
    assert!(page.contains("<div id=\"total-warnings\"><dt>Warnings</dt><dd>8</dd></div>"));
    assert!(page.contains("<div id=\"total-corrections\"><dt>Corrections</dt><dd>2</dd></div>"));
    // The same code in two reports gets two ids.
    assert!(page.contains("id=\"obj-011-005-001\""));
    assert!(page.contains("id=\"obj-011-005-001_2\""));
    assert!(page.contains("id=\"r2-w1\""));
}

#[test]
fn italian_numbers() {
    assert_eq!(it_number(dec("8825715.66")), "8.825.715,66");
    assert_eq!(it_number(dec("1260786")), "1.260.786");
    assert_eq!(it_number(dec("-5.00")), "-5,00");
    assert_eq!(it_number(dec("330.00")), "330,00");
    assert_eq!(it_number(dec("0.5")), "0,5");
    assert_eq!(euro(dec("15390178.31")), "\u{20ac}\u{a0}15.390.178,31");
    assert_eq!(page_list(&[3, 4]), "3\u{2013}4");
    assert_eq!(page_list(&[22, 23, 24, 30]), "22\u{2013}24, 30");
    assert_eq!(it_date("2020-12-31"), "31/12/2020");
}

#[test]
fn written_atomically() -> io::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = write_review(dir.path(), &[report()])?;
    assert_eq!(path, dir.path().join("review.html"));
    assert_eq!(std::fs::read_to_string(&path)?, review_page(&[report()]));
    let names: Vec<_> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["review.html"]);
    Ok(())
}
