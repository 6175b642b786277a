//! The rows read into records: objectives (where a grouping cell opens
//! one), their fields and their indicators.

use super::*;

/// The rows as objectives: a row whose objective (or, without an
/// objective column, its mission and programme) differs from the row
/// above opens one, and so does a row that opens an objective cell of its
/// own where the text is the same ([`own_cells`]): two objectives of one
/// title, one under the other; and a row the objective's repeated count
/// says opens one ([`parts::part_by_counts`]). Where nothing parts two
/// neighbours of one title, the objective says why it may hold two
/// ([`parts::doubts`]).
pub(super) fn objectives(rows: &[Row], vocab: &Vocabulary) -> Vec<SchedaLayout> {
    let rows: Vec<&Row> = rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    let alone: Vec<Option<String>> = rows.iter().map(|r| count_alone(r, vocab)).collect();
    let runs = text_runs(&rows, &alone);
    let mut opens = own_cells(&rows, &runs, &alone);
    for run in &runs {
        opens[run.start] = true;
    }
    parts::part_by_counts(&rows, &mut opens, vocab);
    let mut out: Vec<SchedaLayout> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if opens[i] || out.is_empty() {
            out.push(objective(row, vocab));
        } else if let (Some(o), Some(count)) = (out.last_mut(), &alone[i]) {
            if o.declared_indicators.is_blank() {
                o.declared_indicators.push(count.clone(), row.page);
            }
        }
        if let Some(o) = out.last_mut() {
            let number = o.indicators.len() as u32 + 1;
            o.indicators.push(indicator(row, number));
            if !o.pages.contains(&row.page) {
                o.pages.push(row.page);
            }
        }
    }
    let groups = parts::groups(&opens);
    for (o, doubt) in out.iter_mut().zip(parts::doubts(&rows, &groups, vocab)) {
        o.one_title = doubt;
    }
    out
}

/// What says which objective a row is of: the objective's own cell;
/// without one, the grouping cells together.
pub(super) fn objective_key(r: &Row) -> Vec<String> {
    let has_objective = r.columns.iter().any(|c| c.label == Some(Label::Objective));
    let keyed = |c: &TableColumn| {
        if has_objective {
            c.label == Some(Label::Objective)
        } else {
            c.groups()
        }
    };
    r.columns
        .iter()
        .zip(&r.cells)
        .filter(|(c, _)| keyed(c))
        .map(|(_, t)| t.join(" "))
        .collect()
}

/// The runs of rows one objective text holds: a row whose key
/// ([`objective_key`]) is the run's first row's, or empty (a grouping
/// cell left empty repeats the one above), or whose objective cell holds
/// a count alone (`alone`: the rest of a cell whose title stands above),
/// continues it, unless it names another mission or programme than the
/// row above ([`parts::recoded`]).
pub(super) fn text_runs(rows: &[&Row], alone: &[Option<String>]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut first: Vec<String> = Vec::new();
    let codes: Vec<parts::RowCodes> = rows.iter().map(|r| parts::RowCodes::of(r)).collect();
    for (i, row) in rows.iter().enumerate() {
        let k = objective_key(row);
        let continues = k.iter().all(String::is_empty) || alone[i].is_some();
        let recoded = parts::recoded(&codes, i);
        match runs.last_mut() {
            Some(run) if !recoded && (continues || same_group(&first, &k)) => {
                run.end = i + 1;
            }
            _ => {
                runs.push(i..i + 1);
                first = k;
            }
        }
    }
    runs
}

/// The rows that open an objective of their own inside a run of one
/// text. Where the table's objective cells span their indicators' rows
/// (most runs of two rows or more leave rows that open no cell of their
/// own), each cell is an objective: a row below the run's first that
/// opens a cell holding text opens one. A span cut by a page opens again
/// on the next: where the table repeats its text there (a table leaves it
/// empty, as a cut span), it is read as a second objective. Where the
/// cells repeat in each row, nothing on the page tells two objectives of
/// one title apart: they stay one.
pub(super) fn own_cells(
    rows: &[&Row],
    runs: &[std::ops::Range<usize>],
    alone: &[Option<String>],
) -> Vec<bool> {
    let mut own = vec![false; rows.len()];
    let every_row = |run: &&std::ops::Range<usize>| {
        rows[run.start + 1..run.end]
            .iter()
            .all(|r| opens_objective(r))
    };
    let long = runs.iter().filter(|r| r.len() >= 2);
    let spans = long.clone().filter(|r| !every_row(r)).count();
    if 2 * spans <= long.count() {
        return own;
    }
    for run in runs {
        for i in run.start + 1..run.end {
            let text = objective_key(rows[i]).iter().any(|t| !t.is_empty());
            own[i] = text && alone[i].is_none() && opens_objective(rows[i]);
        }
    }
    own
}

/// Whether the row opens a span of the objective's cell.
pub(super) fn opens_objective(row: &Row) -> bool {
    row.columns
        .iter()
        .position(|c| c.label == Some(Label::Objective))
        .is_some_and(|c| row.opens[c])
}

/// Whether two rows' grouping cells say the same: equal, or (a scan's
/// repeated cell read a little differently each time) nearly equal in
/// their letters with the same digits.
pub(super) fn same_group(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a == b || nearly_equal(a, b))
}

/// The least similarity of two readings of one text: a few letters in a
/// hundred misread.
pub(super) const SAME_TEXT: f64 = 0.9;

pub(super) fn nearly_equal(a: &str, b: &str) -> bool {
    // The digits first: two texts of other digits need no letters compared.
    let digits_a = a.chars().filter(char::is_ascii_digit);
    if !digits_a.eq(b.chars().filter(char::is_ascii_digit)) {
        return false;
    }
    let letters = |t: &str| -> String { fold(t).chars().filter(|c| c.is_alphabetic()).collect() };
    let (la, lb) = (letters(a), letters(b));
    !la.is_empty() && alike(&la, &lb, SAME_TEXT)
}

/// A field of the row's cells, by the label its column names.
pub(super) fn raw(row: &Row, label: Label) -> RawField {
    let mut field = RawField::default();
    for (column, lines) in row.columns.iter().zip(&row.cells) {
        if column.label == Some(label) {
            for l in lines {
                field.push(l.clone(), row.page);
            }
        }
    }
    field
}

/// The objective a row opens.
pub(super) fn objective(row: &Row, vocab: &Vocabulary) -> SchedaLayout {
    let mut title = raw(row, Label::Objective);
    let mut declared = raw(row, Label::DeclaredIndicators);
    // "N. indicatori: 3" written in the objective's cell, after its title.
    if let Some((kept, count)) = split_count(&title.joined(), vocab) {
        let page = title.page;
        title = RawField::default();
        if !kept.is_empty() {
            title.push(kept, page);
        }
        declared.push(count, page);
    }
    let roles = cell_roles(row, "objective", |label| {
        let field = match label {
            Label::Mission => ObjectiveField::MissionName,
            Label::Programme => ObjectiveField::ProgrammeName,
            Label::Objective => ObjectiveField::Title,
            Label::ResponsibilityCentre => ObjectiveField::ResponsibilityCentre,
            Label::DeclaredIndicators => ObjectiveField::DeclaredIndicators,
            _ => return None,
        };
        Some(field.into())
    });
    SchedaLayout {
        pages: vec![row.page],
        mission: raw(row, Label::Mission),
        programme: raw(row, Label::Programme),
        title,
        responsibility_centre: raw(row, Label::ResponsibilityCentre),
        declared_indicators: declared,
        roles,
        ..SchedaLayout::default()
    }
}

/// The count of indicators a row's objective cell holds with no title
/// before it ("Nr indicatori: 4" set under its title, which a page break
/// or the row's band left above).
pub(super) fn count_alone(row: &Row, vocab: &Vocabulary) -> Option<String> {
    let cell = raw(row, Label::Objective).joined();
    let (title, count) = split_count(&cell, vocab)?;
    title.trim().is_empty().then_some(count)
}

/// A text holding the count of indicators after its label ("N.
/// indicatori: 3"): the text before the label, and what follows it.
pub(super) fn split_count(text: &str, vocab: &Vocabulary) -> Option<(String, String)> {
    // No digit, no count: the labels need not be looked for.
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len()).find_map(|start| {
        let m = vocab.label_at_start(&words[start..])?;
        let counted = m.label == Label::DeclaredIndicators && m.score >= 0.8;
        let rest = words.get(start + m.words..)?.join(" ");
        (counted && rest.chars().any(|c| c.is_ascii_digit()))
            .then(|| (words[..start].join(" "), rest))
    })
}

/// The roles of a row's cells that hold text and fill a field (`field`
/// of their column's label): each cell's text and its field, named
/// "`what` <field>", for `inspect`. The box is the column's header span
/// over the cell's lines, for ordering: no value box is drawn, since a
/// cell spanning rows lies beside the row, not in it.
pub(super) fn cell_roles(
    row: &Row,
    what: &str,
    field: impl Fn(Label) -> Option<FieldPath>,
) -> Vec<LineRole> {
    let cells = row.columns.iter().zip(&row.cells).zip(&row.extents);
    cells
        .filter_map(|((column, lines), extent)| {
            let field = field(column.label?)?;
            let text = lines.join(" ");
            if text.trim().is_empty() {
                return None;
            }
            let (y0, y1) = extent.unwrap_or((row.y0, row.y1));
            let bbox = BBox {
                x0: column.x0,
                y0,
                x1: column.x1,
                y1,
            };
            // Written out, not formatted: a role for every cell of a row.
            let name = field.name();
            let mut role = String::with_capacity(what.len() + 1 + name.len());
            role.push_str(what);
            role.push(' ');
            role.push_str(&name);
            Some(LineRole {
                page: row.page,
                text,
                role,
                bbox,
                label: None,
                value: None,
                field: Some(field),
                skew: 0.0,
            })
        })
        .collect()
}

/// One row's indicator.
pub(super) fn indicator(row: &Row, number: u32) -> IndicatorLayout {
    let mut ind = IndicatorLayout {
        number,
        page: row.page,
        title: raw(row, Label::Indicator),
        measures: raw(row, Label::Description),
        header: row.columns.iter().map(|c| c.header.clone()).collect(),
        kpi: raw(row, Label::Kpi),
        achievement: raw(row, Label::Achievement),
        ..IndicatorLayout::default()
    };
    if ind.title.is_blank() {
        ind.title = raw(row, Label::Title);
    }
    if ind.measures.is_blank() {
        ind.measures = raw(row, Label::Measures);
    }
    for &column in Column::ALL {
        let field = raw(row, Label::Column(column));
        if !field.is_blank() {
            ind.cells[column] = Some(field.joined());
        }
    }
    ind.cells.boxes = empty_value_cells(row);
    ind.roles = cell_roles(row, &format!("indicator {number}"), |label| {
        let field = match label {
            Label::Indicator | Label::Title => IndicatorField::Title,
            Label::Description | Label::Measures => IndicatorField::Measures,
            Label::Kpi => IndicatorField::KpiCode,
            Label::Achievement => IndicatorField::AchievementStated,
            Label::Column(column) => IndicatorField::Cell(column),
            _ => return None,
        };
        Some(FieldPath::indicator(number, field))
    });
    ind
}

/// Where the row's value cells (target, actual, last observed) lie that
/// hold nothing: on a scan, OCR of the page may have dropped a short
/// number standing alone there ("96"), which the reread looks for in the
/// cell's own image.
pub(super) fn empty_value_cells(row: &Row) -> Vec<CellBox> {
    let values: Vec<Column> = ValueField::ALL.iter().map(|v| v.column()).collect();
    row.columns
        .iter()
        .zip(&row.cells)
        .zip(row.lanes.iter())
        .filter_map(|((c, lines), &(x0, x1))| match c.label {
            Some(Label::Column(column)) if values.contains(&column) && lines.is_empty() => {
                Some(CellBox {
                    page: row.page,
                    column,
                    bbox: BBox {
                        x0,
                        y0: row.y0,
                        x1,
                        y1: row.y1,
                    },
                    skew: row.skew,
                })
            }
            _ => None,
        })
        .collect()
}
