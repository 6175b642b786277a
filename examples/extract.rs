//! Reads one PIRA report with the library and prints what pira found: the
//! objectives, how many indicators each has, and each indicator's target and
//! actual value.
//!
//! ```text
//! cargo run --example extract -- fixtures/000_b2d698d42f0df24e.txt
//! ```
//!
//! Without an argument it reads the sample report of the repository.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pira::model::ReportKind;

/// The sample report shipped with pira.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/000_b2d698d42f0df24e.txt"
);

/// Extracts the report at `path` and describes it, one line per objective
/// and one per indicator.
pub fn run(path: &Path) -> Result<String, Box<dyn Error>> {
    let input = pira::Input::from_path(path)?;
    let report = pira::extract(&input, &pira::Options::default())?;

    let mut out = String::new();
    let kind = match report.kind {
        Some(ReportKind::FinalAccount) => "final account",
        Some(ReportKind::BudgetPlan) => "budget plan",
        None => "kind unknown",
    };
    let year = report
        .year
        .map_or("year unknown".to_string(), |y| y.to_string());
    writeln!(
        out,
        "{}: {}, {year}, {kind}",
        report.source.file,
        report.entity.as_deref().unwrap_or("entity unknown"),
    )?;
    let indicators: usize = report.objectives.iter().map(|o| o.indicators.len()).sum();
    writeln!(
        out,
        "{} objectives, {indicators} indicators",
        report.objectives.len()
    )?;
    for objective in &report.objectives {
        writeln!(
            out,
            "{} {}: {} indicators",
            objective.code,
            objective.title.as_deref().unwrap_or("(no title)"),
            objective.indicators.len()
        )?;
        for indicator in &objective.indicators {
            writeln!(
                out,
                "  {}. target {}, actual {}",
                indicator.number,
                indicator.target.as_deref().unwrap_or("-"),
                indicator.actual.as_deref().unwrap_or("-"),
            )?;
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from(SAMPLE), PathBuf::from);
    match run(&path) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
