//! The overrides file the review page's export link holds: one row per
//! flagged field, its value left for the reviewer to fill in, written by
//! the `csv` crate (RFC 4180, CRLF line ends, as `--overrides` reads it).

use crate::model::Report;

/// The header of the overrides file the export link holds.
pub const OVERRIDES_HEADER: &str = "source_file,objective_code,indicator_number,field,value";

/// The overrides file for the run's flagged fields: the header, then one row
/// per distinct (source, objective, indicator, field) that a warning names,
/// value left empty for the reviewer. Rows follow the page's order.
pub fn overrides_csv(reports: &[Report]) -> String {
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.source.file.cmp(&b.source.file));
    overrides_csv_sorted(&sorted)
}

/// [`overrides_csv`] for reports already in page order.
pub(super) fn overrides_csv_sorted(sorted: &[&Report]) -> String {
    let mut rows: Vec<[String; 5]> = Vec::new();
    for report in sorted {
        for w in &report.warnings {
            let Some(field) = &w.field else { continue };
            let row = [
                report.source.file.clone(),
                w.objective_code.clone().unwrap_or_default(),
                w.indicator_number
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                field.name().into_owned(),
                String::new(),
            ];
            if !rows.contains(&row) {
                rows.push(row);
            }
        }
    }
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = csv.write_record(OVERRIDES_HEADER.split(','));
    for row in &rows {
        let _ = csv.write_record(row);
    }
    let bytes = csv.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}
