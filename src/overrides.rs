//! Reviewer's overrides: a person who checked a field writes the right
//! value once in a CSV (`source_file,objective_code,indicator_number,
//! field,value`); every run applies them (see [`Options::overrides`]).
//!
//! [`Options::overrides`]: crate::Options::overrides

use crate::error::{Error, ErrorKind, Result};
#[cfg(doc)]
use crate::model::FieldPath;

/// One reviewer's fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Override {
    pub source_file: String,
    pub objective_code: String,
    pub indicator_number: Option<u32>,
    /// A field's name as warnings write it ([`FieldPath::name`]): `title`,
    /// `target_value`, `resources[2].amount`. An override whose field
    /// names no field is not applied (`override-unmatched`).
    pub field: String,
    /// The right value; empty means null.
    pub value: String,
}

/// Reads an overrides CSV. A malformed row is an error naming its line.
///
/// ```
/// let csv = "source_file,objective_code,indicator_number,field,value\n\
///            sample.txt,011-005-001,2,target,almeno 3.000\n";
/// let overrides = pira::read_overrides(csv)?;
/// let options = pira::Options { overrides, ..pira::Options::default() };
/// let text = std::fs::read("fixtures/000_b2d698d42f0df24e.txt")?;
/// let report = pira::extract(&pira::Input::from_bytes("sample.txt", text), &options)?;
/// let indicator = &report.objectives[0].indicators[1];
/// assert_eq!(indicator.target.as_deref(), Some("almeno 3.000"));
/// assert_eq!(indicator.achieved, Some(false));
/// let logged = report.corrections.last().map(|c| c.rule);
/// assert_eq!(logged, Some(pira::model::CorrectionRule::Reviewer));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_overrides(text: &str) -> Result<Vec<Override>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<Override>().enumerate() {
        let row = row.map_err(|e| {
            Error::new(ErrorKind::Overrides {
                detail: e.to_string(),
            })
            .at_line(i as u32 + 2)
        })?;
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_overrides_name_their_line() {
        let err = read_overrides(
            "source_file,objective_code,indicator_number,field,value\na,b,notanumber,c,d\n",
        )
        .expect_err("bad indicator number");
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
