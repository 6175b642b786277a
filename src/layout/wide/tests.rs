use super::*;
use crate::layout::OneTitle;

struct GapCase {
    what: &'static str,
    gaps: &'static [f32],
    ocr: bool,
    want: f32,
}

#[test]
fn rows_part_at_the_bands_wider_than_a_cells_line_spacing() {
    let cases = [
        GapCase {
            what: "a text layer: half a line and a device pixel",
            gaps: &[0.9, 9.3, 9.1, 9.5],
            ocr: false,
            want: 3.75,
        },
        GapCase {
            what: "OCR: lines of a cell 1.7 to 4 apart, rows 11 and more",
            gaps: &[1.7, 2.2, 3.6, 4.0, 2.9, 11.5, 12.0, 14.8],
            ocr: true,
            want: 7.75,
        },
        GapCase {
            what: "OCR, all bands alike: half a line",
            gaps: &[9.0, 9.5, 10.0],
            ocr: true,
            want: 3.0,
        },
        GapCase {
            what: "OCR, the small bands already under half a line",
            gaps: &[1.0, 1.2, 9.0],
            ocr: true,
            want: 5.1,
        },
    ];
    for case in cases {
        let got = row_gap(case.gaps, 6.0, case.ocr);
        assert!((got - case.want).abs() < 0.01, "{}: {got}", case.what);
    }
}

/// An OCR word 10 points high on `baseline`, its box hugging the
/// ink: from the ascenders (or the x-height) to the descenders (or
/// the baseline).
fn ink_word(text: &str, x0: f32, baseline: f32) -> Word {
    let tall = text
        .chars()
        .any(|c| c.is_uppercase() || c.is_ascii_digit() || "bdfhiklt'>=<".contains(c));
    let low = text.chars().any(|c| "gjpqy,".contains(c));
    Word {
        text: text.to_string(),
        bbox: BBox {
            x0,
            y0: baseline - if tall { 7.2 } else { 5.0 },
            x1: x0 + 5.0 * text.chars().count() as f32,
            y1: baseline + if low { 2.1 } else { 0.0 },
        },
        confidence: Some(90.0),
        font_size: None,
    }
}

/// A scan of an unruled table, lines 12 points apart, rows padded by
/// 2: blanks between a cell's lines run from 2.7 to 4.8 points (a line
/// with descenders over one with ascenders, or neither), between rows
/// from 6.7; the first rows' cells at their tops, the last rows'
/// centred. Its words, and each row's (top, bottom); with
/// `line_boxes`, every word of a line has the line's box (as OCR of a
/// cell's crop gives them: a word without descenders then reaches as
/// low as one with them).
fn unruled_scan(line_boxes: bool) -> (Vec<Word>, Vec<(f32, f32)>) {
    // (column x, first baseline, lines) per cell, row by row.
    let rows: [&[(f32, f32, &[&str])]; 4] = [
        &[
            (
                0.0,
                100.0,
                &[
                    "KPI390 -",
                    "Ispezioni di",
                    "vigilanza sulla",
                    "sicurezza dei",
                    "prodotti",
                ],
            ),
            (110.0, 100.0, &["conteggio", "ispezioni"]),
            (210.0, 100.0, &[">= 120"]),
        ],
        &[
            (
                0.0,
                164.0,
                &[
                    "KPI361 -",
                    "Contenimento del",
                    "costi di",
                    "funzionamento",
                    "dell'ente",
                ],
            ),
            (110.0, 164.0, &["L'importo degli", "oneri di"]),
            (210.0, 164.0, &[">= 4.560"]),
        ],
        &[
            (0.0, 240.0, &["KPI12 - Tempi"]),
            (
                110.0,
                228.0,
                &["media ponderata", "dei giorni di", "pagamento"],
            ),
            (210.0, 240.0, &["<= 5 gg."]),
        ],
        &[
            (0.0, 270.0, &["KPI20 - Numero", "imprese"]),
            (110.0, 276.0, &["le imprese"]),
            (210.0, 276.0, &[">= 12"]),
        ],
    ];
    let mut words = Vec::new();
    let mut spans = Vec::new();
    for row in rows {
        let (mut top, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY);
        for &(x, first, lines) in row {
            for (i, text) in lines.iter().enumerate() {
                let mut at = x;
                let mut line: Vec<Word> = Vec::new();
                for t in text.split_whitespace() {
                    let w = ink_word(t, at, first + 12.0 * i as f32);
                    at = w.bbox.x1 + 3.0;
                    line.push(w);
                }
                let y0 = line.iter().map(|w| w.bbox.y0).fold(f32::INFINITY, f32::min);
                let y1 = line
                    .iter()
                    .map(|w| w.bbox.y1)
                    .fold(f32::NEG_INFINITY, f32::max);
                if line_boxes {
                    for w in &mut line {
                        (w.bbox.y0, w.bbox.y1) = (y0, y1);
                    }
                }
                top = top.min(y0);
                bottom = bottom.max(y1);
                words.extend(line);
            }
        }
        spans.push((top, bottom));
    }
    (words, spans)
}

/// Each row of [`unruled_scan`] is a row: the wrapped title's last
/// line ("prodotti", 4.8 under "sicurezza dei") stays in its row,
/// and the short cells centred in the rows do not join them; with
/// the words in line boxes too (a line whose box reaches its
/// descenders still stands one leading under the line above).
#[test]
fn a_scans_rows_part_where_no_cells_lines_step_across() {
    for line_boxes in [false, true] {
        let (words, spans) = unruled_scan(line_boxes);
        let refs: Vec<(&Word, usize)> = words
            .iter()
            .map(|w| (w, column_at(&[105.0, 205.0], w)))
            .collect();
        let cuts = gap_cuts(&refs, &[], &[]);
        assert_eq!(
            cuts.len(),
            spans.len() + 1,
            "line boxes {line_boxes}: {cuts:?}"
        );
        for (i, (top, bottom)) in spans.iter().enumerate() {
            let held = cuts[i] < *top && cuts[i + 1] > *bottom;
            assert!(held, "line boxes {line_boxes}, row {i}: {cuts:?}");
        }
    }
}

/// OCR of a page can drop a short number standing alone in its cell
/// ("96"): a row's empty value cell is given where it lies, for the
/// reread to read it from the image; a cell holding text, or a
/// column of no value, is not.
#[test]
fn a_rows_empty_value_cells_are_placed_for_the_reread() {
    let target = Some(Label::Column(Column::Target));
    let actual = Some(Label::Column(Column::Actual));
    let columns = Rc::new(vec![
        column("Descrizione", Some(Label::Description), 0.0, 90.0),
        column("Target", target, 100.0, 140.0),
        column("Consuntivo", actual, 150.0, 190.0),
    ]);
    let row = Row {
        page: 2,
        columns,
        y0: 300.0,
        y1: 340.0,
        cells: vec![Vec::new(), vec![">= 120".to_string()], Vec::new()],
        extents: vec![None; 3],
        baselines: vec![None; 3],
        text_top: 302.0,
        lanes: Rc::new(vec![(0.0, 95.0), (95.0, 145.0), (145.0, 200.0)]),
        skew: 0.01,
        opens: vec![false; 3],
        cut: false,
    };
    let boxes = empty_value_cells(&row);
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    let b = &boxes[0];
    assert_eq!((b.page, b.column, b.skew), (2, Column::Actual, 0.01));
    assert_eq!(
        (b.bbox.x0, b.bbox.y0, b.bbox.x1, b.bbox.y1),
        (145.0, 300.0, 200.0, 340.0)
    );
}

fn column(header: &str, label: Option<Label>, x0: f32, x1: f32) -> TableColumn {
    TableColumn {
        label,
        x0,
        x1,
        header: header.into(),
    }
}

/// A table printed wider than its page (DEV browser-printed kpi-table
/// 192, 243): the page's edge cut the last header cell to "Prog", and
/// the body's text there ends at the same edge. The cut word names the
/// programme's column; a whole word short of the edge, or a cut one
/// of a label the header names already, names nothing.
#[test]
fn a_last_header_word_the_pages_edge_cut_names_its_column() {
    let vocab = Vocabulary::builtin();
    let mission = Some(Label::Mission);
    let header = line(100.0, &[(300.0, "Missioni"), (400.0, "Prog")]);
    let body = line(120.0, &[(300.0, "011 Competitivita"), (400.0, "005 Pr")]);
    let columns = |last: &str, label| {
        vec![
            column("Missioni", mission, 300.0, 340.0),
            column(last, label, 400.0, 420.0),
        ]
    };
    let named = |columns: Vec<TableColumn>, body: &Line| -> Vec<Option<Label>> {
        cut_column_named(columns, &[&header], &[body], &vocab)
            .into_iter()
            .map(|c| c.label)
            .collect()
    };
    assert_eq!(
        named(columns("Prog", None), &body),
        [mission, Some(Label::Programme)]
    );
    // The body's text runs on past the header word: no cut there.
    let wider = line(120.0, &[(300.0, "011"), (400.0, "005 Promozione")]);
    assert_eq!(named(columns("Prog", None), &wider), [mission, None]);
    assert_eq!(named(columns("Missio", None), &body), [mission, None]);
    assert_eq!(named(columns("Note", None), &body), [mission, None]);
}

#[test]
fn a_header_cell_ocr_garbled_takes_the_label_of_the_page_before() {
    let actual = Some(Label::Column(Column::Actual));
    let before = [
        column(
            "Valore target",
            Some(Label::Column(Column::Target)),
            383.0,
            438.7,
        ),
        column("Consuntivo 2019", actual, 462.2, 509.3),
    ];
    let page = vec![
        column(
            "Valore target",
            Some(Label::Column(Column::Target)),
            381.6,
            437.3,
        ),
        column("a\" \"aa", None, 460.8, 507.8),
        column("Note", None, 600.0, 650.0),
    ];
    let labels: Vec<Option<Label>> = inherit_labels(page.clone(), &before)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(labels, [Some(Label::Column(Column::Target)), actual, None]);
    // Among the other pages' headers, one garbled at the same place
    // (the page's own, read again) names nothing: the other does.
    let mut others = vec![column("a\" \"aa", None, 460.0, 508.0)];
    others.extend(before);
    let labels: Vec<Option<Label>> = inherit_labels(page, &others)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(labels, [Some(Label::Column(Column::Target)), actual, None]);
}

#[test]
fn a_header_ocr_read_in_part_takes_the_columns_it_lost_from_another_page() {
    let target = Some(Label::Column(Column::Target));
    let actual = Some(Label::Column(Column::Actual));
    // Page 2's header: "Consuntivo" garbled, "Missione" there.
    let others = [
        column("OBIETTIVO", Some(Label::Objective), 65.0, 111.0),
        column("Valore target", target, 415.0, 468.0),
        column("Cone", None, 489.0, 533.0),
        column("Missione", Some(Label::Mission), 641.0, 676.0),
    ];
    // Page 1's: "Consuntivo" read, the "Missione" cell dropped.
    let page = vec![
        column("OBIETTIVO", Some(Label::Objective), 66.0, 111.0),
        column("Valore target", target, 416.0, 468.0),
        column("Consuntivo 2019", actual, 489.0, 533.0),
    ];
    let labels: Vec<Option<Label>> = completed(page, &others)
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert_eq!(
        labels,
        [Some(Label::Objective), target, actual, Some(Label::Mission)]
    );
    // A column the page has, unnamed, is not doubled.
    let page = vec![column("Missone", None, 640.0, 677.0)];
    assert_eq!(completed(page, &others[3..]).len(), 1);
}

/// A scan 0.6° askew: a row border drawn across the page drops 8
/// points from left to right. In the frame the words were deskewed
/// into it lies level, where the row's words put it on both sides.
#[test]
fn a_scans_row_borders_are_read_in_the_words_frame() {
    let skew = 0.01;
    let border = |x0: f32, x1: f32| Rule {
        axis: Axis::Horizontal,
        at: 100.0 + skew * (x0 + x1) / 2.0,
        from: x0,
        to: x1,
    };
    let page = crate::read::PageWords {
        number: 1,
        rules: vec![border(40.0, 300.0), border(300.0, 800.0)],
        ..Default::default()
    };
    let doc = Document::new(crate::model::InputFormat::PdfOcr, vec![page], Vec::new());
    let rules = page_rules(&doc, 1, skew);
    for x in [60.0, 700.0] {
        let ys = rules_across(&rules, x);
        assert_eq!(ys.len(), 1, "{ys:?}");
        assert!((ys[0] - 100.0).abs() < 0.5, "at x {x}: {ys:?}");
    }
}

/// A row of `cells` on `page`, cut by the page's end where `cut`.
fn bare_row(page: u32, cells: &[&str], cut: bool) -> Row {
    Row {
        page,
        columns: Rc::new(Vec::new()),
        y0: 0.0,
        y1: 10.0,
        cells: cells
            .iter()
            .map(|c| c.split_whitespace().map(str::to_string).collect())
            .collect(),
        extents: vec![None; cells.len()],
        baselines: vec![None; cells.len()],
        text_top: 0.0,
        lanes: Rc::new(Vec::new()),
        skew: 0.0,
        opens: vec![false; cells.len()],
        cut,
    }
}

/// A browser prints a ruled table's row a page break cuts with its
/// top rule and no bottom one: words wholly under the last rule are
/// that row's start, and the next page's first row its rest.
#[test]
fn a_row_a_page_break_cut_is_one_row_over_two_pages() {
    // Words under the last rule (at 500) down to the page's end.
    assert!(cut_row_below(
        &[(480.0, 490.0), (505.0, 515.0)],
        500.0,
        530.0
    ));
    // Only words above it: the table ends at the rule.
    assert!(!cut_row_below(&[(480.0, 490.0)], 500.0, 530.0));
    let mut rows = vec![
        bare_row(1, &["Obiettivo uno", "Tempi medi", ">= 5"], false),
        bare_row(1, &["Obiettivo due", "Numero di", ""], true),
    ];
    let mut next = vec![
        bare_row(2, &["e tre", "imprese", ">= 10"], false),
        bare_row(2, &["Obiettivo due e tre", "Tasso", ">= 1"], false),
    ];
    join_cut_row(&mut rows, &mut next, true);
    assert_eq!(next.len(), 1);
    let texts: Vec<String> = rows[1].cells.iter().map(|c| c.join(" ")).collect();
    assert_eq!(texts, ["Obiettivo due e tre", "Numero di imprese", ">= 10"]);
    // A row not cut keeps the next page's first row apart.
    let mut next = vec![bare_row(2, &["Obiettivo tre", "Tasso", ">= 1"], false)];
    join_cut_row(&mut rows[..1], &mut next, true);
    assert_eq!(next.len(), 1);
}

use crate::layout::test_lines::line;

fn page_with(rules: Vec<Rule>) -> Document {
    let page = crate::read::PageWords {
        number: 1,
        rules,
        ..Default::default()
    };
    Document::new(crate::model::InputFormat::PdfText, vec![page], Vec::new())
}

/// A header whose "Descrizione" cell wraps onto a second line, and the
/// body's first line (words alone, in the objective's column) close
/// under it: the cell's line belongs to the header; the body's does
/// not, whether a rule parts them or a row's gap does.
#[test]
fn a_header_band_ends_at_its_rule_or_at_a_rows_gap() {
    let header = line(100.0, &[(50.0, "Obiettivo"), (200.0, "Descrizione")]);
    let wrapped = line(111.5, &[(205.0, "indicatore")]);
    let rule = |at: f32| Rule {
        axis: Axis::Horizontal,
        at,
        from: 40.0,
        to: 400.0,
    };
    // 5.5 points under the wrapped line: less than the 6 of old, more
    // than a body row's gap (half a line).
    let body = line(127.0, &[(50.0, "SOSTEGNO")]);
    let lines = [&header, &wrapped, &body];
    let vocab = Vocabulary::builtin();
    let band = |lines: &[&Line], rules: Vec<Rule>| {
        let doc = page_with(rules);
        header_band(lines, 0, &Headers::new(&vocab, &doc))
    };
    assert_eq!(band(&lines, Vec::new()), 0..2);
    // A body line closer still, but under the header's rule.
    let close = line(124.0, &[(50.0, "SOSTEGNO")]);
    let lines = [&header, &wrapped, &close];
    assert_eq!(band(&lines, Vec::new()), 0..3);
    assert_eq!(band(&lines, vec![rule(123.0)]), 0..2);
}

/// An unruled header with the first indicator's title set close under
/// it (DEV matrix scan 129): the title runs on past the label of the
/// header cell over it, a header cell's wrapped words do not.
#[test]
fn a_header_band_ends_where_a_line_runs_past_its_cells_label() {
    let vocab = Vocabulary::builtin();
    let doc = page_with(Vec::new());
    let headers = Headers::new(&vocab, &doc);
    let header = line(
        100.0,
        &[
            (50.0, "MISSIONI"),
            (200.0, "Obiettivi"),
            (320.0, "Indicatori"),
        ],
    );
    let title = line(111.5, &[(300.0, "AVVIO DI PERCORSI DI")]);
    assert_eq!(header_band(&[&header, &title], 0, &headers), 0..1);
    let header = line(100.0, &[(50.0, "Obiettivo"), (200.0, "Algoritmo")]);
    let wrapped = line(111.5, &[(200.0, "di calcolo")]);
    assert_eq!(header_band(&[&header, &wrapped], 0, &headers), 0..2);
}

/// The texts of the table's grouping columns say together how its
/// cells sit: one text lower than its first row's text is enough to
/// tell the middle, against one level with it by chance; a text that
/// fills a row of its own says nothing.
#[test]
fn grouping_cells_sit_in_the_middle_unless_nearly_all_are_at_the_top() {
    let columns = Rc::new(vec![
        column("Missione", Some(Label::Mission), 0.0, 100.0),
        column("Target", Some(Label::Column(Column::Target)), 100.0, 200.0),
    ]);
    let row = |y0: f32, y1: f32, text_top: f32, mission: Option<(f32, f32)>| Row {
        page: 1,
        columns: Rc::clone(&columns),
        y0,
        y1,
        cells: vec![
            mission.map_or(Vec::new(), |_| vec!["011 - Competitività".to_string()]),
            vec!["Anno 2023: >= 5".to_string()],
        ],
        extents: vec![mission, Some((text_top, text_top + 10.0))],
        baselines: vec![None; 2],
        text_top,
        lanes: Rc::new(vec![(0.0, 100.0), (100.0, 200.0)]),
        skew: 0.0,
        opens: vec![false; 2],
        cut: false,
    };
    let geometry = |n: usize| PageGeometry {
        rows: 0..n,
        leading: None,
        columns: Rc::clone(&columns),
        bounds: vec![100.0],
        rules: Vec::new(),
        height: 10.0,
        typeset: false,
    };
    // Level with its row's text by chance, in the middle of a span of
    // two rows; then one lower than its row's text.
    let chance = [
        row(0.0, 40.0, 2.0, None),
        row(40.0, 80.0, 42.0, Some((40.0, 50.0))),
        row(80.0, 120.0, 82.0, Some((95.0, 105.0))),
    ];
    assert!(!top_aligned(&chance, &[geometry(3)]));
    // Each at its row's top, below the middle of its row.
    let top = [
        row(0.0, 40.0, 2.0, Some((2.0, 12.0))),
        row(40.0, 80.0, 42.0, Some((42.0, 52.0))),
    ];
    assert!(top_aligned(&top, &[geometry(2)]));
    // One text filling its row says nothing: the others decide.
    let mut filled = chance.to_vec();
    filled[0] = row(0.0, 40.0, 15.0, Some((15.0, 25.0)));
    assert!(!top_aligned(&filled, &[geometry(3)]));
}

/// "Descrizio" / "ne" and "Algoritm" / "o", two narrow header cells 7
/// points apart (less than a line): two columns, each naming its
/// label; "Descrizione KPI", a word space apart, one.
#[test]
fn header_cells_set_close_part_where_each_names_a_label() {
    let vocab = Vocabulary::builtin();
    let labels = |band: &[&Line]| -> Vec<Option<Label>> {
        header_columns(band, &vocab, None)
            .into_iter()
            .map(|c| c.label)
            .collect()
    };
    let upper = line(100.0, &[(100.0, "Descrizio"), (152.0, "Algoritm")]);
    let lower = line(111.0, &[(100.0, "ne"), (152.0, "o")]);
    assert_eq!(
        labels(&[&upper, &lower]),
        [
            Some(Label::Description),
            Some(Label::Column(Column::Algorithm))
        ]
    );
    let one = line(100.0, &[(100.0, "Descrizione KPI")]);
    assert_eq!(labels(&[&one]), [Some(Label::Description)]);
}

/// An OCR'd line of `(x0, x1, text)` words at `y`, 11 points high.
fn ocr_line(y: f32, words: &[(f32, f32, &str)]) -> Line {
    let words = words
        .iter()
        .map(|&(x0, x1, text)| Word {
            text: text.to_string(),
            bbox: BBox {
                x0,
                y0: y,
                x1,
                y1: y + 11.0,
            },
            confidence: Some(90.0),
            font_size: None,
        })
        .collect();
    Line::new(1, words, 0.0)
}

/// A header and its body as OCR read them.
struct ScanHeaderCase {
    what: &'static str,
    header: &'static [&'static [(f32, f32, &'static str)]],
    body: &'static [&'static [(f32, f32, &'static str)]],
    /// The labels the columns name with the body to go by, and
    /// without it.
    with_body: &'static [Option<Label>],
    without: &'static [Option<Label>],
}

/// On a scan, header cells OCR set less than a line apart ran
/// together ("Descrizione Metodo di calcolo", "Target Consuntiv
/// raggiungiment o": DEV kpi-table scan 147, whose measures took the
/// algorithm's words and whose target the actual and the achievement):
/// they part where the body shows a column starting, its text set
/// flush left or its values centred; one cell's words a word space
/// apart ("Descrizione indicatore") do not, the body's lines running
/// across the blank.
#[test]
fn scanned_header_cells_run_together_part_where_the_body_starts_a_column() {
    use Column::{Actual, Algorithm, Target};
    let cases = [
        ScanHeaderCase {
            what: "DEV 147's header",
            header: &[
                &[
                    (48.0, 88.0, "OBIETTIVo"),
                    (101.0, 142.0, "Indicatore"),
                    (155.0, 197.0, "Descrizione"),
                    (205.0, 245.0, "Metodo"),
                    (236.0, 246.0, "di"),
                    (258.0, 285.0, "Target"),
                    (295.0, 335.0, "Consuntiv"),
                    (338.0, 398.0, "raggiungiment"),
                ],
                &[
                    (111.0, 132.0, "(KPI)"),
                    (211.0, 239.0, "calcolo"),
                    (312.0, 317.0, "o"),
                ],
            ],
            body: &[
                &[
                    (92.0, 113.0, "KPI98"),
                    (153.0, 197.0, "tempestività"),
                    (200.0, 221.0, "media"),
                ],
                &[
                    (91.0, 131.0, "pagamento"),
                    (153.0, 163.0, "dei"),
                    (199.0, 220.0, "giorni"),
                    (253.0, 264.0, "<="),
                    (267.0, 275.0, "15"),
                    (278.0, 288.0, "gg."),
                    (304.0, 311.0, "15"),
                    (314.0, 324.0, "gg."),
                    (353.0, 383.0, "100,00%"),
                ],
                &[(152.0, 173.0, "nuovo"), (198.0, 246.0, "approvazione")],
                &[
                    (255.0, 266.0, ">="),
                    (269.0, 284.0, "85%"),
                    (302.0, 324.0, "69,7%"),
                    (354.0, 380.0, "82,00%"),
                ],
            ],
            with_body: &[
                Some(Label::Objective),
                Some(Label::Kpi),
                Some(Label::Description),
                Some(Label::Column(Algorithm)),
                Some(Label::Column(Target)),
                Some(Label::Column(Actual)),
                Some(Label::Achievement),
            ],
            without: &[
                Some(Label::Objective),
                Some(Label::Kpi),
                Some(Label::Description),
                Some(Label::Column(Target)),
            ],
        },
        ScanHeaderCase {
            what: "one cell's two words over wrapped text",
            header: &[&[(155.0, 197.0, "Descrizione"), (201.0, 240.0, "indicatore")]],
            body: &[
                &[(152.0, 160.0, "La"), (163.0, 209.0, "tempestività")],
                &[(152.0, 190.0, "dell'utente"), (193.0, 230.0, "per")],
                &[(152.0, 199.0, "rilasciato"), (203.0, 225.0, "entro")],
            ],
            with_body: &[Some(Label::Description)],
            without: &[Some(Label::Description)],
        },
        ScanHeaderCase {
            // DEV kpi-table scan 215 (its words' places scaled to the
            // test's line height): the description's boxes reach a
            // point or two past where the algorithm's text starts.
            what: "tight columns whose boxes overlap",
            header: &[
                &[(378.1, 446.9, "Descrizio"), (457.0, 522.9, "Algoritm")],
                &[(403.3, 421.3, "ne"), (486.2, 494.6, "o")],
            ],
            body: &[
                &[(375.8, 441.0, "certificati"), (455.1, 506.5, "numero")],
                &[(377.2, 451.1, "rilasciati"), (455.1, 520.2, "certificati")],
                &[(379.1, 448.8, "l'attivazion"), (455.7, 522.1, "telematici")],
                &[(380.4, 448.2, "pagament"), (456.0, 506.5, "verifica")],
                &[(380.8, 452.4, "L'importo"), (456.4, 522.9, "dell'attiva")],
                &[(381.8, 454.1, "funzionam"), (456.4, 491.8, "totale")],
                &[(385.0, 456.0, "STANZIAT"), (457.4, 496.0, "importo")],
                &[(386.0, 458.0, "DISPOSIZI"), (458.0, 528.0, "finanziam")],
                &[(440.0, 460.2, "ONE")],
                &[(380.4, 446.5, "ispezioni"), (458.0, 487.2, "enti")],
            ],
            with_body: &[Some(Label::Description), Some(Label::Column(Algorithm))],
            without: &[Some(Label::Description)],
        },
    ];
    let vocab = Vocabulary::builtin();
    for case in cases {
        let lines = |rows: &[&[(f32, f32, &str)]], top: f32| -> Vec<Line> {
            (rows.iter().enumerate())
                .map(|(i, words)| ocr_line(top + 12.0 * i as f32, words))
                .collect()
        };
        let (header, body) = (lines(case.header, 48.0), lines(case.body, 80.0));
        let band: Vec<&Line> = header.iter().collect();
        let body: Vec<&Line> = body.iter().collect();
        let labels = |starts: Option<&ColumnStarts>| -> Vec<Option<Label>> {
            (header_columns(&band, &vocab, starts).iter())
                .map(|c| c.label)
                .collect()
        };
        let starts = ColumnStarts::new(&body, &[]);
        assert_eq!(labels(Some(&starts)), case.with_body, "{}", case.what);
        assert_eq!(labels(None), case.without, "{}: no body", case.what);
    }
}

/// Where a scan's words leave no blank between two columns (DEV
/// kpi-table scan 147: the algorithm's text starts a point after the
/// measures' ends, the mission's level with the header's end), the
/// border is where the fewest words cross, not the middle of the
/// stretch, which put "e" of the algorithm and the mission's code
/// "011" in the columns before.
#[test]
fn tight_scanned_columns_part_where_the_fewest_words_cross() {
    /// What lies between two columns, their words' extents, the stretch
    /// between their headers, and the border expected.
    type Case<'a> = (&'a str, &'a [(f32, f32)], (f32, f32), f32);
    let cases: [Case; 3] = [
        (
            "measures | algorithm",
            &[
                (153.0, 197.0),
                (196.0, 231.0),
                (197.0, 217.0),
                (198.0, 225.0),
                (199.0, 202.0),
                (152.0, 190.0),
            ],
            (197.0, 205.0),
            197.0,
        ),
        (
            "achievement | mission",
            &[
                (353.0, 383.0),
                (398.0, 402.0),
                (401.0, 413.0),
                (399.0, 449.0),
                (413.0, 440.0),
                (420.0, 463.0),
            ],
            (398.0, 422.0),
            398.0,
        ),
        // A blank between the words: its middle, as ever.
        (
            "a blank",
            &[(150.0, 196.0), (203.0, 230.0)],
            (197.0, 205.0),
            200.0,
        ),
    ];
    for (what, spans, (lo, hi), want) in cases {
        let got = aligned_river(spans, lo, hi, 11.0);
        assert!((got - want).abs() < 0.01, "{what}: {got}");
    }
}

/// A matrix's target cell, "Anno 2021: >=150,00" a line, its header
/// centred (DEV browser-printed matrix 101 scanned image-only; OCR
/// lost the colons, so the gap before ">=" is wider than the one
/// before "Anno"): the column starts before "Anno", not before ">=".
#[test]
fn a_texts_inner_level_starts_are_no_column_edge() {
    let rows: [[(f32, f32); 4]; 3] = [
        [
            (541.0, 571.0),
            (588.7, 612.7),
            (616.6, 639.4),
            (647.3, 695.0),
        ],
        [
            (503.5, 520.6),
            (588.7, 612.5),
            (616.6, 639.4),
            (647.3, 695.0),
        ],
        [
            (445.7, 582.0),
            (588.7, 612.5),
            (616.6, 639.4),
            (647.3, 695.0),
        ],
    ];
    let spans: Vec<(f32, f32)> = rows.iter().flatten().copied().collect();
    let got = aligned_river(&spans, 540.7, 670.1, 7.4);
    assert!((got - 585.35).abs() < 0.01, "{got}");
    // Where fewer words start at the place further left (a line
    // without "Anno"), the widest gap stays the edge.
    let fewer: Vec<(f32, f32)> = (spans.iter().enumerate())
        .filter(|&(i, _)| i != 9)
        .map(|(_, s)| *s)
        .collect();
    let got = aligned_river(&fewer, 540.7, 670.1, 7.4);
    assert!((got - 643.35).abs() < 0.01, "{got}");
}

/// Cells of adjacent rows of a text layer, each filling its row (lines
/// 2 points apart, cells 5): a text each; a text whose lines straddle
/// the rows' border (2 points apart across it): one text.
#[test]
fn tall_cells_of_adjacent_rows_are_texts_of_their_own() {
    let columns = Rc::new(vec![column(
        "Obiettivo",
        Some(Label::Objective),
        0.0,
        100.0,
    )]);
    // A cell of `n` lines 10 high from `top`, 2 apart.
    let row = |y0: f32, y1: f32, top: (f32, usize)| Row {
        page: 1,
        columns: Rc::clone(&columns),
        y0,
        y1,
        cells: vec![vec![format!("RIGA {y0}"); top.1]],
        extents: vec![Some((top.0, top.0 + 12.0 * top.1 as f32 - 2.0))],
        baselines: vec![None],
        text_top: y0,
        lanes: Rc::new(vec![(0.0, 100.0)]),
        skew: 0.0,
        opens: vec![false],
        cut: false,
    };
    let geometry = PageGeometry {
        rows: 0..2,
        leading: None,
        columns: Rc::clone(&columns),
        bounds: Vec::new(),
        rules: Vec::new(),
        height: 10.0,
        typeset: true,
    };
    let texts = |rows: &[Row]| blocks(rows, 0, &geometry).len();
    // 3 lines from 0 (to 34), 3 from 39.
    let apart = [row(0.0, 36.5, (0.0, 3)), row(36.5, 80.0, (39.0, 3))];
    assert_eq!(texts(&apart), 2);
    // One text of 4 lines from 20: 2 in each row.
    let straddling = [row(0.0, 43.0, (20.0, 2)), row(43.0, 90.0, (44.0, 2))];
    assert_eq!(texts(&straddling), 1);
    // On a scan, lines stand apart unevenly: 0.6 of a line parts texts.
    let scan = PageGeometry {
        typeset: false,
        ..geometry
    };
    assert_eq!(blocks(&apart, 0, &scan).len(), 1);
}

/// DEV kpi-table scan 196: an objective's text runs past its first
/// row's border ("... mercati esteri" / "attraverso l'e-commerce").
/// OCR's boxes leave 4.4 points between its lines there, more than
/// 0.6 of a line (7.2), but their baselines follow at the leading
/// (10.1): one text. The next objective's first line stands a row's
/// padding further down: a text of its own.
#[test]
fn a_scanned_text_past_its_rows_border_follows_at_the_leading() {
    let columns = Rc::new(vec![column(
        "Obiettivo",
        Some(Label::Objective),
        0.0,
        100.0,
    )]);
    let row = |y0: f32, y1: f32, extent: (f32, f32), lines: (f32, f32)| Row {
        page: 2,
        columns: Rc::clone(&columns),
        y0,
        y1,
        cells: vec![vec![format!("RIGA {y0}")]],
        extents: vec![Some(extent)],
        baselines: vec![Some(lines)],
        text_top: y0,
        lanes: Rc::new(vec![(0.0, 100.0)]),
        skew: 0.0,
        opens: vec![false],
        cut: false,
    };
    let geometry = PageGeometry {
        rows: 0..3,
        leading: Some(10.1),
        columns: Rc::clone(&columns),
        bounds: Vec::new(),
        rules: Vec::new(),
        height: 7.2,
        typeset: false,
    };
    let rows = [
        row(84.7, 136.5, (85.8, 133.3), (92.4, 133.3)),
        row(136.5, 160.0, (137.7, 154.0), (143.4, 152.4)),
        row(160.0, 200.0, (163.0, 190.0), (170.0, 189.0)),
    ];
    let texts: Vec<(usize, usize)> = blocks(&rows, 0, &geometry)
        .iter()
        .map(|b| (b.first, b.last))
        .collect();
    assert_eq!(texts, [(0, 1), (2, 2)]);
}

/// DEV matrix scan 123: rows padded so little that a target cell's
/// last line ("Anno 2023: <= 10 giorni") and the next row's first
/// ("Anno 2021: >= 3,00") step one leading apart, like the lines of
/// one cell. The plan's first year named again opens the row.
#[test]
fn a_target_cell_naming_the_plans_first_year_again_opens_a_row() {
    let columns = [
        column("Indicatori", Some(Label::Indicator), 0.0, 150.0),
        column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
    ];
    let mut words = Vec::new();
    for (row, title) in [(0, "TEMPI MEDI"), (1, "CANCELLAZIONI")] {
        let top = 100.0 + 30.0 * row as f32;
        words.push((ink_word(title, 10.0, top + 7.2), 0));
        for (k, year) in ["2021:", "2022:", "2023:"].into_iter().enumerate() {
            let baseline = top + 7.2 + 10.0 * k as f32;
            words.push((ink_word("Anno", 200.0, baseline), 1));
            words.push((ink_word(year, 225.0, baseline), 1));
            words.push((ink_word(">=", 255.0, baseline), 1));
        }
    }
    let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
    let opens = plan_openings(&refs, &columns);
    assert_eq!(opens, [130.0]);
    let cuts = gap_cuts(&refs, &[], &opens);
    assert_eq!(cuts.len(), 3, "{cuts:?}");
    assert!(cuts[1] > 127.2 && cuts[1] <= 130.0, "{cuts:?}");
    // The steps alone do not part the rows.
    assert_eq!(gap_cuts(&refs, &[], &[]).len(), 2);
}

/// DEV matrix scan 129: target cells centred in rows a blank parts
/// already open below their rows' borders: no second border there.
#[test]
fn a_centred_target_cell_opens_no_row_of_its_own() {
    let columns = [
        column("Indicatori", Some(Label::Indicator), 0.0, 150.0),
        column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
    ];
    let mut words = Vec::new();
    for row in 0..2 {
        let top = 100.0 + 60.0 * row as f32;
        for k in 0..5 {
            words.push((ink_word("ACCORDI", 10.0, top + 7.2 + 10.0 * k as f32), 0));
        }
        for (k, year) in ["2021:", "2022:", "2023:"].into_iter().enumerate() {
            let baseline = top + 17.2 + 10.0 * k as f32;
            words.push((ink_word("Anno", 200.0, baseline), 1));
            words.push((ink_word(year, 225.0, baseline), 1));
        }
    }
    let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
    let opens = plan_openings(&refs, &columns);
    assert_eq!(opens, [170.0]);
    let cuts = gap_cuts(&refs, &[], &opens);
    assert_eq!(cuts.len(), 3, "{cuts:?}");
    assert!(cuts[1] > 147.2 && cuts[1] < 160.0, "{cuts:?}");
}

/// DEV matrix scan 124: OCR lost the "Programmi" of a shaded ruled
/// header. Its empty cell stands for the one label the header lacks;
/// a header naming a label the signature does not, or with two empty
/// cells, is not taken for it.
#[test]
fn a_ruled_headers_empty_cell_is_the_label_it_lacks() {
    let vocab = Vocabulary::builtin();
    let matrix = vocab
        .templates()
        .iter()
        .find(|s| s.template == crate::model::Template::Matrix)
        .expect("the matrix signature");
    let words = [
        (20.0, "Missione"),
        (330.0, "Obiettivi"),
        (480.0, "INDICATORI"),
        (650.0, "Target"),
    ];
    let header = |borders: Vec<f32>| {
        let plain = line(100.0, &words);
        Line::ruled(1, plain.words, 0.0, borders)
    };
    let ruled = header(vec![10.0, 150.0, 320.0, 460.0, 640.0, 720.0]);
    let named = [
        Label::Mission,
        Label::Objective,
        Label::Indicator,
        Label::Column(Column::Target),
    ];
    assert_eq!(
        lost_column(&ruled, &named, matrix),
        Some((Label::Programme, 150.0, 320.0))
    );
    let two_empty = header(vec![10.0, 150.0, 240.0, 320.0, 460.0, 640.0, 720.0]);
    assert_eq!(lost_column(&two_empty, &named, matrix), None);
    let foreign = [
        Label::Description,
        Label::Objective,
        Label::Indicator,
        Label::Column(Column::Target),
    ];
    assert_eq!(lost_column(&ruled, &foreign, matrix), None);
}

/// A text layer's unruled rows padded 1.5 pt, cells vertically
/// centred: lines of a cell 10.35 apart in boxes 10.48 high, rows 3 pt
/// further apart. Their boxes leave 2.9 pt between the rows, less
/// than half a line, but the pitch parts them, column by column; the
/// short cells centred half a line off the tall ones do not.
#[test]
fn rows_padded_little_part_by_their_line_pitch() {
    let word = |c: usize, y: f32| Word {
        text: "testo".into(),
        bbox: BBox {
            x0: 100.0 * c as f32,
            y0: y,
            x1: 100.0 * c as f32 + 40.0,
            y1: y + 10.48,
        },
        confidence: None,
        font_size: Some(9.0),
    };
    let pitch = 10.35;
    let mut words = Vec::new();
    // Row 1: five lines in column 0, two centred in column 1.
    for k in 0..5 {
        words.push((word(0, 84.26 + pitch * k as f32), 0));
    }
    words.push((word(1, 84.26 + 1.5 * pitch), 1));
    words.push((word(1, 84.26 + 2.5 * pitch), 1));
    // Row 2, 3 pt further than a line below: three lines, one centred.
    let second = 84.26 + 5.0 * pitch + 3.0;
    for k in 0..3 {
        words.push((word(0, second + pitch * k as f32), 0));
    }
    words.push((word(1, second + pitch), 1));
    let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
    let cuts = gap_cuts(&refs, &[], &[]);
    assert_eq!(cuts.len(), 3, "{cuts:?}");
    assert!(
        cuts[1] > 84.26 + 4.0 * pitch + 5.0 && cuts[1] < second + 5.0,
        "{cuts:?}"
    );
}

/// DEV kpi-table 146 (browser-printed, DejaVu Serif 8 pt, line height
/// 1.5): a cell's lines stand 11.25 or 12 apart (the browser snaps
/// them to its pixels) in boxes 8 high, so their blank is half a line
/// now and then a hair more; rows stand 3 pt further apart. The cell
/// stays one row's, and the rows still part.
#[test]
fn a_loosely_leaded_cell_snapped_to_pixels_is_one_rows() {
    let word = |c: usize, y: f32| Word {
        text: "testo".into(),
        bbox: BBox {
            x0: 100.0 * c as f32,
            y0: y,
            x1: 100.0 * c as f32 + 40.0,
            y1: y + 7.995,
        },
        confidence: None,
        font_size: Some(8.0),
    };
    let mut words = Vec::new();
    // Row 1: four lines in column 0, one in column 1.
    for y in [87.83, 99.08, 110.33, 122.33] {
        words.push((word(0, y), 0));
    }
    words.push((word(1, 87.83), 1));
    // Row 2, a line and 3 pt under the cell's last.
    let second = 122.33 + 11.25 + 3.0;
    words.push((word(0, second), 0));
    words.push((word(1, second), 1));
    let refs: Vec<(&Word, usize)> = words.iter().map(|(w, c)| (w, *c)).collect();
    let cuts = gap_cuts(&refs, &[], &[]);
    assert_eq!(cuts.len(), 3, "{cuts:?}");
    assert!(cuts[1] > 130.0 && cuts[1] < second, "{cuts:?}");
}

/// DEV kpi-table 107 (browser-printed, unruled): an objective's title
/// runs past its first row, its lines 9.75 or 10.5 apart (the
/// browser's pixels), the blank a pixel wider where the row's border
/// falls: still one text, spanning both rows.
#[test]
fn a_text_a_pixel_looser_across_a_rows_border_is_one() {
    let columns = Rc::new(vec![column(
        "Obiettivo",
        Some(Label::Objective),
        0.0,
        100.0,
    )]);
    // A cell of `n` lines 7.5 high from `top`, 2.25 apart.
    let row = |y0: f32, y1: f32, top: f32, n: usize| Row {
        page: 1,
        columns: Rc::clone(&columns),
        y0,
        y1,
        cells: vec![vec![format!("RIGA {y0}"); n]],
        extents: vec![Some((top, top + 9.75 * n as f32 - 2.25))],
        baselines: vec![None],
        text_top: y0,
        lanes: Rc::new(vec![(0.0, 100.0)]),
        skew: 0.0,
        opens: vec![false],
        cut: false,
    };
    let geometry = PageGeometry {
        rows: 0..2,
        leading: None,
        columns: Rc::clone(&columns),
        bounds: Vec::new(),
        rules: Vec::new(),
        height: 7.5,
        typeset: true,
    };
    // 4 lines from 84 (to 120.75), 2 from 124: 3.25 apart.
    let straddling = [row(83.0, 122.2, 84.0, 4), row(122.2, 156.8, 124.0, 2)];
    assert_eq!(blocks(&straddling, 0, &geometry).len(), 1);
    // Two rows' cells, padded 1.5 pt: texts of their own.
    let apart = [row(83.0, 122.2, 84.0, 4), row(122.2, 156.8, 126.0, 2)];
    assert_eq!(blocks(&apart, 0, &geometry).len(), 2);
}

/// DEV kpi-table 145 (browser-printed, unruled, rows cut by page
/// breaks): the next page opens with the end of the cut row's
/// objective and programme cells alone, a row's padding over the
/// first row's own text. It is no row (nor objective) of its own but
/// the rest of the row the page before ends with.
#[test]
fn grouping_text_alone_over_a_pages_first_row_ends_the_cut_row() {
    let w = |y0: f32| Word {
        text: "testo".into(),
        bbox: BBox {
            x0: 0.0,
            y0,
            x1: 40.0,
            y1: y0 + 9.0,
        },
        confidence: None,
        font_size: Some(9.0),
    };
    // "COMPETENZE" / "TRASVERSALI", then the first row's objective
    // level with its own text at 100.
    let group = [w(70.0), w(80.0), w(100.0), w(110.0)];
    let refs: Vec<&Word> = group.iter().collect();
    let border = rest_above(&refs, 100.0, 5.25).expect("a rest");
    assert!(border > 89.0 && border < 100.0, "{border}");
    // The first row's grouping text level with it: no rest.
    assert_eq!(rest_above(&refs[2..], 100.0, 5.25), None);
    // A grouping cell centred a line over its row's text: no rest.
    let centred = [w(92.0), w(102.0)];
    let refs: Vec<&Word> = centred.iter().collect();
    assert_eq!(rest_above(&refs, 100.0, 5.25), None);
    let columns = Rc::new(vec![
        column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
        column("KPI", None, 100.0, 200.0),
        column("Programma", Some(Label::Programme), 200.0, 300.0),
    ]);
    let with = |mut r: Row| {
        r.columns = Rc::clone(&columns);
        r
    };
    let mut rows = vec![with(bare_row(
        1,
        &[
            "ORIENTAMENTO AL LAVORO",
            "KPI23 - ATTIVAZIONE",
            "005 Promozione",
        ],
        false,
    ))];
    let mut next = vec![
        with(bare_row(
            2,
            &["COMPETENZE TRASVERSALI", "", "cooperativo"],
            false,
        )),
        with(bare_row(
            2,
            &["REVISIONE", "KPI385", "004 Vigilanza"],
            false,
        )),
    ];
    join_cut_row(&mut rows, &mut next, true);
    assert_eq!(next.len(), 1);
    let texts: Vec<String> = rows[0].cells.iter().map(|c| c.join(" ")).collect();
    assert_eq!(
        texts,
        [
            "ORIENTAMENTO AL LAVORO COMPETENZE TRASVERSALI",
            "KPI23 - ATTIVAZIONE",
            "005 Promozione cooperativo"
        ]
    );
    // A first row with text of its own is a row.
    join_cut_row(&mut rows, &mut next, true);
    assert_eq!(next.len(), 1);
}

/// DEV kpi-table 162 (browser-printed, borders drawn round each cell,
/// 8 pt type): the row a page break cut starts 6.2 pt under the last
/// rule, its cells' top padding, more than a 6 pt word's height. The
/// other rows' text stands as far under their rules, so the cut row
/// is the table's, not dropped.
#[test]
fn a_cut_rows_text_a_cells_padding_under_the_last_rule_is_the_tables() {
    let spans = [
        (106.0, 112.0),
        (156.0, 162.0),
        (206.2, 212.2),
        (213.0, 219.0),
    ];
    let padding = top_padding(&spans, &[100.0, 150.0, 200.0]).expect("a padding");
    assert!((padding - 6.0).abs() < 0.01, "{padding}");
    // A word's height alone leaves the cut row out.
    assert_eq!(reach_past(&spans, 200.0, 6.0, 6.0), 200.0);
    let bottom = reach_past(&spans, 200.0, padding + DEVICE_PIXEL, 6.0);
    assert_eq!(bottom, 219.0);
    assert!(cut_row_below(&spans, 200.0, bottom + 0.5));
    // Text a line further down (a footer) stays out.
    let footer = [(106.0, 112.0), (156.0, 162.0), (215.0, 221.0)];
    assert_eq!(
        reach_past(&footer, 200.0, padding + DEVICE_PIXEL, 6.0),
        200.0
    );
}

/// DEV matrix 227 and kpi-table 248 (browser-printed, objective cells
/// repeated on each row, no rule under a cut row): the last row of a
/// page holds the start of its objective's title, the next page's
/// first row the rest, and a neighbour the whole title. The rest is
/// the cut row's; a first row whose cell joins into no neighbour's is
/// a row of its own.
#[test]
fn a_repeated_cell_a_page_break_cut_is_completed_by_the_next_pages_first_row() {
    let columns = Rc::new(vec![
        column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
        column("KPI", None, 100.0, 200.0),
        column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
    ]);
    let with = |page: u32, cells: &[&str]| {
        let mut r = bare_row(page, cells, false);
        r.columns = Rc::clone(&columns);
        r
    };
    let title = "PROGETTO SEI - SOSTEGNO ALL'EXPORT DELL'ITALIA";
    let mut rows = vec![
        with(1, &[title, "TEMPI MEDI", ">= 5"]),
        with(1, &["PROGETTO SEI - SOSTEGNO", "TEMPO MEDIO DI", ">= 10"]),
    ];
    let mut next = vec![
        with(2, &["ALL'EXPORT DELL'ITALIA", "EVASIONE", ""]),
        with(2, &["RILASCIO TELEMATICO", "N. PARTECIPANTI", ">= 1"]),
    ];
    join_cut_row(&mut rows, &mut next, true);
    assert_eq!(next.len(), 1);
    let texts: Vec<String> = rows[1].cells.iter().map(|c| c.join(" ")).collect();
    assert_eq!(texts, [title, "TEMPO MEDIO DI EVASIONE", ">= 10"]);
    // The whole title below the rest (the cut row opens its objective).
    let mut rows = vec![with(1, &["REVISIONE DEI PROCESSI", "KPI219", ">= 8"])];
    let mut next = vec![
        with(2, &["ORGANIZZATIVI", "", ""]),
        with(
            2,
            &["REVISIONE DEI PROCESSI ORGANIZZATIVI", "KPI213", ">= 75"],
        ),
    ];
    join_cut_row(&mut rows, &mut next, true);
    assert_eq!(next.len(), 1);
    // A first row whose cell joins into no neighbour's stays a row.
    let mut rows = vec![
        with(1, &["COMUNICAZIONE", "KPI1", ">= 1"]),
        with(1, &["FORMAZIONE", "KPI2", ">= 2"]),
    ];
    let mut next = vec![
        with(2, &["DEL PERSONALE", "KPI3", ">= 3"]),
        with(2, &["FORMAZIONE DEL", "KPI4", ">= 4"]),
    ];
    join_cut_row(&mut rows, &mut next, true);
    assert_eq!(next.len(), 2);
}

/// DEV kpi-table 248 (browser-printed, header cells wrapped, no
/// rules): "% di" over "raggiungimento", whose lower line ran into
/// "consuntivo" on its line ("Valore a" over it). Parted from
/// "consuntivo", "raggiungimento" takes "% di" over it: one column
/// naming the achievement, not a nameless column the values fell in.
#[test]
fn a_wrapped_header_cells_upper_line_joins_the_cell_parted_under_it() {
    let vocab = Vocabulary::builtin();
    let upper = line(100.0, &[(100.0, "Valore a"), (180.0, "% di")]);
    let lower = line(111.0, &[(95.0, "consuntivo"), (152.0, "raggiungimento")]);
    let columns = header_columns(&[&upper, &lower], &vocab, None);
    let got: Vec<(Option<Label>, &str)> = columns
        .iter()
        .map(|c| (c.label, c.header.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(Label::Column(Column::Actual)), "Valore a consuntivo"),
            (Some(Label::Achievement), "% di raggiungimento"),
        ]
    );
}

#[test]
fn a_header_word_ocr_cut_in_two_still_names_its_column() {
    let vocab = Vocabulary::builtin();
    assert_eq!(
        column_label(&["Progr", "‘amma"], &vocab),
        Some(Label::Programme)
    );
    assert_eq!(column_label(&["a\"", "\"aa"], &vocab), None);
}

#[test]
fn a_count_alone_in_a_cut_objective_cell_continues_its_objective() {
    let vocab = Vocabulary::builtin();
    let columns = Rc::new(vec![
        column("Obiettivi", Some(Label::Objective), 0.0, 100.0),
        column("Indicatori", Some(Label::Indicator), 100.0, 200.0),
    ]);
    let row = |page: u32, objective: &str, indicator: &str| Row {
        columns: Rc::clone(&columns),
        opens: vec![true, true],
        ..bare_row(page, &[objective, indicator], false)
    };
    let rows = [
        row(2, "Gestione della performance", "Tempo medio"),
        row(2, "", "Grado di copertura"),
        row(3, "Nr indicatori: 3", "Rispetto dei termini"),
        row(3, "Sicurezza sul lavoro", "Ore di formazione"),
    ];
    let found = objectives(&rows, &vocab);
    let summary: Vec<(String, String, usize)> = found
        .iter()
        .map(|o| {
            (
                o.title.joined(),
                o.declared_indicators.joined(),
                o.indicators.len(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Gestione della performance".into(), "3".into(), 3),
            ("Sicurezza sul lavoro".into(), String::new(), 1),
        ]
    );
}

#[test]
fn a_repeated_cell_read_a_little_differently_is_the_same_group() {
    let text = |t: &str| vec![t.to_string()];
    let cases = [
        (
            "Rilascio telematico dei certificati di origine e dei documenti per l'estero",
            "Rilascio telematico dei certificati di origine e dei documenti per lestero",
            true,
        ),
        (
            "Accesso al credito Numero indicatori: 4",
            "Accesso al credito Numero indicatori: 3",
            false,
        ),
        ("Promozione del territorio", "Promozione del turismo", false),
    ];
    for (a, b, same) in cases {
        assert_eq!(same_group(&text(a), &text(b)), same, "{a:?} / {b:?}");
    }
}

/// A table of objective, KPI, description and programme cells whose
/// objective cell repeats on every row (each row opens its own).
fn repeated_rows(rows: &[[&str; 4]]) -> Vec<Row> {
    let columns = Rc::new(vec![
        column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
        column("KPI", Some(Label::Kpi), 100.0, 200.0),
        column("Descrizione", Some(Label::Description), 200.0, 300.0),
        column("Programma", Some(Label::Programme), 300.0, 400.0),
    ]);
    rows.iter()
        .map(|cells| Row {
            columns: Rc::clone(&columns),
            opens: vec![true; 4],
            ..bare_row(2, cells, false)
        })
        .collect()
}

/// Each objective's title, count of indicators and doubt.
fn read(rows: &[Row]) -> Vec<(String, usize, Option<OneTitle>)> {
    objectives(rows, &Vocabulary::builtin())
        .iter()
        .map(|o| (o.title.joined(), o.indicators.len(), o.one_title))
        .collect()
}

/// An objective whose programme cell spans its two rows, the first row
/// read with the programme of the objective above, which files it
/// under another mission (DEV scan kpi-table 253): the programme's
/// change below parts nothing, the rows stay one objective.
#[test]
fn a_programme_borrowed_across_a_mission_parts_no_objective() {
    let columns = Rc::new(vec![
        column("Obiettivo", Some(Label::Objective), 0.0, 100.0),
        column("KPI", Some(Label::Kpi), 100.0, 200.0),
        column("Missione", Some(Label::Mission), 200.0, 300.0),
        column("Programma", Some(Label::Programme), 300.0, 400.0),
    ]);
    const ABROAD: &str = "005 - Sostegno all'internazionalizzazione delle imprese";
    let cells = [
        [
            "Servizi alle imprese",
            "KPI1 Voucher",
            "016 - Commercio internazionale",
            ABROAD,
        ],
        [
            "Ciclo della performance",
            "KPI2 Riscossione",
            "032 - Servizi istituzionali",
            ABROAD,
        ],
        [
            "Ciclo della performance",
            "KPI3 Verifiche",
            "032 - Servizi istituzionali",
            "002 - Indirizzo politico",
        ],
    ];
    let rows: Vec<Row> = cells
        .iter()
        .map(|c| Row {
            columns: Rc::clone(&columns),
            opens: vec![true; 4],
            ..bare_row(2, c, false)
        })
        .collect();
    let found: Vec<(String, usize)> = read(&rows)
        .into_iter()
        .map(|(title, n, _)| (title, n))
        .collect();
    assert_eq!(
        found,
        [
            ("Servizi alle imprese".to_string(), 1),
            ("Ciclo della performance".to_string(), 2)
        ]
    );
}

struct PartCase {
    what: &'static str,
    rows: &'static [[&'static str; 4]],
    want: &'static [(&'static str, usize, Option<OneTitle>)],
}

#[test]
fn neighbours_of_one_title_part_where_the_page_says_so_else_are_in_doubt() {
    const PROGRAMME: &str = "005 - Promozione";
    const LEGALITY: &str = "Tutela della legalita";
    let cases = [
        PartCase {
            what: "another programme's code and name",
            rows: &[
                [
                    "Tutela della legalita",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI2 Esami",
                    "esami svolti",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI3 Tempi",
                    "giorni medi",
                    "004 - Regolazione",
                ],
            ],
            want: &[(LEGALITY, 2, Some(OneTitle::Shared)), (LEGALITY, 1, None)],
        },
        PartCase {
            what: "a programme's code misread, its name the same",
            rows: &[
                [
                    "Tutela della legalita",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI2 Esami",
                    "esami svolti",
                    "006 - Promozione",
                ],
            ],
            want: &[(LEGALITY, 2, None)],
        },
        PartCase {
            what: "a repeated count: two objectives of two indicators",
            rows: &[
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI2 Esami",
                    "esami svolti",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI3 Tempi",
                    "giorni medi",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI4 Pratiche",
                    "pratiche evase",
                    PROGRAMME,
                ],
            ],
            want: &[(LEGALITY, 2, None), (LEGALITY, 2, None)],
        },
        PartCase {
            what: "a repeated count the rows do not fill: one objective, counted apart",
            rows: &[
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI2 Esami",
                    "esami svolti",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita N. indicatori: 2",
                    "KPI3 Tempi",
                    "giorni medi",
                    PROGRAMME,
                ],
            ],
            want: &[(LEGALITY, 3, None)],
        },
        PartCase {
            what: "the same indicator twice, under another code",
            rows: &[
                [
                    "Tutela della legalita",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI2 Esami",
                    "esami svolti",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI9 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
            ],
            want: &[(LEGALITY, 3, Some(OneTitle::SameIndicator(1, 3)))],
        },
        PartCase {
            what: "two KPIs without a code or a description name no indicator",
            rows: &[
                ["Tutela della legalita", "Kpi non definito", "", PROGRAMME],
                ["Tutela della legalita", "Kpi non definito", "", PROGRAMME],
            ],
            want: &[(LEGALITY, 2, None)],
        },
        PartCase {
            what: "more indicators than any objective of its own title, its title given twice",
            rows: &[
                [
                    "Tutela della legalita",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI2 Esami",
                    "esami svolti",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI3 Tempi",
                    "giorni medi",
                    PROGRAMME,
                ],
                [
                    "Sportello unico",
                    "KPI4 Pratiche",
                    "pratiche evase",
                    PROGRAMME,
                ],
                ["Sportello unico", "KPI5 Esiti", "esiti resi", PROGRAMME],
                [
                    "Tutela della legalita",
                    "KPI6 Sanzioni",
                    "sanzioni emesse",
                    PROGRAMME,
                ],
            ],
            want: &[
                (LEGALITY, 3, Some(OneTitle::MoreThan(2))),
                ("Sportello unico", 2, None),
                (LEGALITY, 1, None),
            ],
        },
        PartCase {
            what: "the most indicators, its title its own: no doubt",
            rows: &[
                [
                    "Tutela della legalita",
                    "KPI1 Visite",
                    "ispezioni svolte",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI2 Esami",
                    "esami svolti",
                    PROGRAMME,
                ],
                [
                    "Tutela della legalita",
                    "KPI3 Tempi",
                    "giorni medi",
                    PROGRAMME,
                ],
                [
                    "Sportello unico",
                    "KPI4 Pratiche",
                    "pratiche evase",
                    PROGRAMME,
                ],
            ],
            want: &[(LEGALITY, 3, None), ("Sportello unico", 1, None)],
        },
    ];
    for case in cases {
        let got = read(&repeated_rows(case.rows));
        let want: Vec<(String, usize, Option<OneTitle>)> = case
            .want
            .iter()
            .map(|&(t, n, d)| (t.to_string(), n, d))
            .collect();
        assert_eq!(got, want, "{}", case.what);
    }
}

#[test]
fn a_spanning_cell_of_one_title_is_never_in_doubt() {
    let mut rows = repeated_rows(&[
        [
            "Tutela della legalita",
            "KPI1 Visite",
            "ispezioni svolte",
            "005 - Promozione",
        ],
        [
            "Tutela della legalita",
            "KPI2 Esami",
            "esami svolti",
            "005 - Promozione",
        ],
        [
            "Tutela della legalita",
            "KPI9 Visite",
            "ispezioni svolte",
            "005 - Promozione",
        ],
    ]);
    for r in &mut rows[1..] {
        r.opens[0] = false;
    }
    assert_eq!(
        read(&rows),
        [("Tutela della legalita".to_string(), 3, None)]
    );
}

/// A row of a matrix table (objective, indicator, target), each cell's
/// lines given whole.
fn plan_row(columns: &Rc<Vec<TableColumn>>, page: u32, cells: [&[&str]; 3]) -> Row {
    let mut row = bare_row(page, &["", "", ""], false);
    row.columns = Rc::clone(columns);
    row.cells = cells
        .iter()
        .map(|lines| lines.iter().map(|l| l.to_string()).collect())
        .collect();
    row
}

fn plan_columns() -> Rc<Vec<TableColumn>> {
    Rc::new(vec![
        column("Obiettivi", Some(Label::Objective), 0.0, 100.0),
        column("Indicatori", None, 100.0, 200.0),
        column("Target", Some(Label::Column(Column::Target)), 200.0, 300.0),
    ])
}

/// DEV browser-printed matrix 704 (cells boxed by 0.5 pt borders pira
/// reads no rule of, so rows part at their texts' gaps): a page break
/// cut a row after "Anno 2022"; the next page's first row states
/// "Anno 2023" first, the rest of the cut target cell, and the row is
/// the rest of the cut one. A first row stating the plan's first year
/// again is a row of its own, and so is one a page further on. DEV
/// browser-printed kpi-table 612 (unruled, no plan years): a page's
/// first row stating no target, under rows that each state one, is the
/// rest of the cut row too, in a text layer.
#[test]
fn a_target_cell_going_on_with_the_plan_over_a_page_break_is_the_cut_rows_rest() {
    struct Case {
        what: &'static str,
        cut: &'static [&'static str],
        rest: &'static [&'static str],
        rest_page: u32,
        typeset: bool,
        joins: bool,
    }
    let cases = [
        Case {
            what: "the rest of the plan opens the page",
            cut: &["Anno 2021:", ">=75%", "Anno 2022:", ">=77%"],
            rest: &["Anno 2023:", ">=82%"],
            rest_page: 2,
            typeset: true,
            joins: true,
        },
        Case {
            what: "the plan stated again from its first year",
            cut: &["Anno 2021: >=75%", "Anno 2022: >=77%"],
            rest: &["Anno 2021: >=5", "Anno 2022: >=6"],
            rest_page: 2,
            typeset: true,
            joins: false,
        },
        Case {
            what: "a whole plan, then the next row's",
            cut: &["Anno 2021: >=75%", "Anno 2022: >=77%", "Anno 2023: >=80%"],
            rest: &["Anno 2021: >=5"],
            rest_page: 2,
            typeset: true,
            joins: false,
        },
        Case {
            what: "not the next page",
            cut: &["Anno 2021: >=75%", "Anno 2022: >=77%"],
            rest: &["Anno 2023: >=82%"],
            rest_page: 3,
            typeset: true,
            joins: false,
        },
        Case {
            what: "a target without years",
            cut: &[">=75%"],
            rest: &[">=82%"],
            rest_page: 2,
            typeset: true,
            joins: false,
        },
        Case {
            what: "no target under rows that all state one (kpi-table 612)",
            cut: &[">=75%"],
            rest: &[],
            rest_page: 2,
            typeset: true,
            joins: true,
        },
        Case {
            what: "no target on a scan (OCR may lose a cell)",
            cut: &[">=75%"],
            rest: &[],
            rest_page: 2,
            typeset: false,
            joins: false,
        },
    ];
    let columns = plan_columns();
    for case in cases {
        let mut rows = vec![
            plan_row(&columns, 1, [&["SOSTEGNO"], &["VOUCHER"], &[">=5"]]),
            plan_row(
                &columns,
                1,
                [
                    &["PROMOZIONE DEL MADE IN ITALY"],
                    &["PUBBLICAZIONE DEI"],
                    case.cut,
                ],
            ),
        ];
        let mut next = vec![
            plan_row(
                &columns,
                case.rest_page,
                [&["COMMERCE"], &["TRASPARENZA"], case.rest],
            ),
            plan_row(
                &columns,
                case.rest_page,
                [&[], &["IMPRESE ASSISTITE"], &["Anno 2021: >=60,00"]],
            ),
        ];
        join_cut_row(&mut rows, &mut next, case.typeset);
        assert_eq!(next.len(), if case.joins { 1 } else { 2 }, "{}", case.what);
    }
}

/// DEV browser-printed matrix 702 (borders collapsed, objective cells
/// spanning their indicators' rows): a page break cut the objective's
/// cell and its first indicator's row; the row's rest joined the page
/// before, and the cell's text runs on past it, beside the next
/// indicator, whose top rule crosses the indicator and target columns
/// alone. The page's first span is the rest of the page before's last:
/// one objective, its title whole, not "DIGITALE" a second one. Where a
/// rule crosses the objective's column at the page's first row, or the
/// column is unruled, the page's first span is its own.
#[test]
fn a_spanning_cell_a_page_break_cut_runs_on_where_no_rule_crosses_it() {
    struct Case {
        what: &'static str,
        rule_from: f32,
        rules: usize,
        joined: bool,
    }
    let cases = [
        Case {
            what: "the rule crosses the row columns alone",
            rule_from: 100.0,
            rules: 3,
            joined: true,
        },
        Case {
            what: "the rule crosses the objective's column",
            rule_from: 0.0,
            rules: 3,
            joined: false,
        },
        Case {
            what: "an unruled objective column",
            rule_from: 100.0,
            rules: 0,
            joined: false,
        },
    ];
    let columns = plan_columns();
    let start = "REVISIONE DEI PROCESSI NELL'OTTICA DELLA GESTIONE";
    for case in cases {
        let mut rows = vec![
            plan_row(
                &columns,
                1,
                [&[start], &["TASSO DI"], &["Anno 2020: >=20%"]],
            ),
            plan_row(
                &columns,
                2,
                [&["DIGITALE"], &["GRADO DI"], &["Anno 2020: >=1"]],
            ),
            plan_row(&columns, 2, [&[], &["VERIFICHE"], &["Anno 2020: >=2"]]),
        ];
        let rule = |at: f32, from: f32| Rule {
            axis: Axis::Horizontal,
            at,
            from,
            to: 300.0,
        };
        // The page's rules: the header's and the table's bottom (over
        // every column) where the page is ruled, and one at the first
        // row's top.
        let mut rules = vec![
            rule(20.0, 0.0),
            rule(300.0, 0.0),
            rule(100.0, case.rule_from),
        ];
        rules.truncate(case.rules);
        for (i, r) in rows.iter_mut().enumerate().skip(1) {
            r.y0 = 100.0 * i as f32;
            r.y1 = r.y0 + 100.0;
        }
        let geometry = |rows: std::ops::Range<usize>, rules: Vec<Rule>| PageGeometry {
            rows,
            leading: None,
            columns: Rc::clone(&columns),
            bounds: vec![100.0, 200.0],
            rules,
            height: 10.0,
            typeset: true,
        };
        let pages = [geometry(0..1, Vec::new()), geometry(1..3, rules)];
        for g in &pages {
            spans_of_page(&mut rows[g.rows.clone()], g, true, |_| false);
        }
        join_cut_spans(&mut rows, &pages, |_| false);
        let whole = format!("{start} DIGITALE");
        let titles: Vec<String> = rows.iter().map(|r| r.cells[0].join(" ")).collect();
        let want: Vec<&str> = if case.joined {
            vec![&whole; 3]
        } else {
            vec![start, "DIGITALE", "DIGITALE"]
        };
        assert_eq!(titles, want, "{}", case.what);
    }
}

/// DEV browser-printed matrix 723 (unruled, cells at their spans' top):
/// two objectives of one mission, whose cell spans both and whose text
/// flows past the upper row's own, line after line across the border;
/// the upper objective's count ("Numero indicatori 1") stands under its
/// row's own text, the lower objective level with its row's. The
/// border lies under the count, right above the lower row, not in the
/// little blank over the mission's fourth line. DEV born-digital
/// kpi-table 417: a mission cell repeated on each row, running as close
/// to the next row's as its own lines stand, bounds the border: it opens
/// its next text level with the next row.
#[test]
fn a_grouping_text_flowing_across_a_rows_border_bounds_it_not() {
    struct Case {
        what: &'static str,
        mission: &'static [f32],
        count: Option<f32>,
        border: (f32, f32),
    }
    let cases = [
        Case {
            what: "the mission's text flows on past the upper row",
            mission: &[56.55, 66.3, 76.8, 86.55, 97.05],
            count: Some(89.55),
            border: (98.55, 106.05),
        },
        Case {
            what: "the mission's text ends with the upper row's",
            mission: &[56.55, 66.3, 76.8],
            count: Some(89.55),
            border: (98.55, 106.05),
        },
        Case {
            what: "a repeated mission cell running close to the next row's",
            mission: &[56.55, 66.3, 76.8, 86.55, 96.3, 106.05],
            count: None,
            border: (105.3, 106.05),
        },
        Case {
            what: "no count under the upper row's text",
            mission: &[56.55, 66.3, 76.8, 86.55, 97.05],
            count: None,
            border: (85.8, 106.05),
        },
    ];
    let word = |c: usize, y: f32| Word {
        text: "testo".into(),
        bbox: BBox {
            x0: 100.0 * c as f32,
            y0: y,
            x1: 100.0 * c as f32 + 40.0,
            y1: y + 9.0,
        },
        confidence: None,
        font_size: Some(9.0),
    };
    for case in cases {
        let mut rows = Vec::new();
        for y in [56.55, 66.3, 76.8, 106.05, 115.8, 126.3] {
            rows.push((word(2, y), 2));
            rows.push((word(3, y), 3));
        }
        let mut group: Vec<(Word, usize)> = case.mission.iter().map(|&y| (word(0, y), 0)).collect();
        for y in [56.55, 66.3, 76.8, 106.05, 115.8] {
            group.push((word(1, y), 1));
        }
        group.extend(case.count.map(|y| (word(1, y), 1)));
        let refs: Vec<(&Word, usize)> = rows.iter().map(|(w, c)| (w, *c)).collect();
        let group: Vec<(&Word, usize)> = group.iter().map(|(w, c)| (w, *c)).collect();
        let cuts = gap_cuts(&refs, &group, &[]);
        assert_eq!(cuts.len(), 3, "{}: {cuts:?}", case.what);
        let (lo, hi) = case.border;
        assert!(cuts[1] > lo && cuts[1] < hi, "{}: {cuts:?}", case.what);
    }
}

/// A header cell whose wrapped lower line OCR lost ("% di" over a
/// "raggiungimento" read as debris on its shaded band, DEV image-only
/// kpi-table scan 307) names the one label whose phrases open with it,
/// once no other cell took it in.
#[test]
fn a_header_cell_that_lost_its_lower_line_still_names_its_column() {
    let vocab = Vocabulary::builtin();
    let band = line(
        60.0,
        &[(500.0, "Consuntivo"), (580.0, "% di"), (660.0, "Peso %")],
    );
    let refs = [&band];
    let labels: Vec<(Option<Label>, String)> = header_columns(&refs, &vocab, None)
        .into_iter()
        .map(|c| (c.label, c.header))
        .collect();
    assert_eq!(
        labels,
        [
            (
                Some(Label::Column(Column::Actual)),
                "Consuntivo".to_string()
            ),
            (Some(Label::Achievement), "% di".to_string()),
            (None, "Peso %".to_string()),
        ]
    );
}
