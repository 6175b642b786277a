//! Times each stage of the chain on one input, to see where the time goes
//! (the least of RUNS runs per stage; the first run, which also compiles
//! the regular expressions and grows the heap, is shown apart).
//!
//! ```text
//! cargo run --release --example stage_times -- FILE [RUNS]
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use pira::write::{
    csv::{table_csv, Dialect},
    json::report_json,
    Table,
};
use pira::{Input, Options};

const STAGES: [&str; 5] = ["read", "layout", "normalize", "records", "json+csv"];

/// One pass of the chain, each stage timed.
fn pass(input: &Input, options: &Options) -> Result<[Duration; 5], Box<dyn std::error::Error>> {
    let vocab = options.vocabulary()?;
    let t0 = Instant::now();
    let doc = pira::read::read_with(&input.bytes, &options.read_options())?;
    let t1 = Instant::now();
    let layout = pira::layout::layout(&doc, &vocab);
    let t2 = Instant::now();
    let clean = pira::normalize::normalize(&layout, &vocab);
    let t3 = Instant::now();
    let report = pira::records::build(pira::source(input, options, &doc), clean, &vocab)?;
    let t4 = Instant::now();
    let json = report_json(&report);
    let reports = [report];
    let mut csv_bytes = 0;
    for table in Table::ALL {
        csv_bytes += table_csv(table, &reports, Dialect::Standard)?.len();
    }
    let t5 = Instant::now();
    std::hint::black_box((json.len(), csv_bytes));
    Ok([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: stage_times FILE [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(20), |r| r.parse())?;
    let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    let input = Input::from_bytes(&path, bytes);
    let options = Options::default();
    let first = pass(&input, &options)?;
    let mut best = [Duration::MAX; 5];
    for _ in 0..runs.max(1) {
        for (b, t) in best.iter_mut().zip(pass(&input, &options)?) {
            *b = (*b).min(t);
        }
    }
    println!("{:>10}  {:>8}  {:>8}", "stage", "first", "best");
    for ((name, f), b) in STAGES.iter().zip(first).zip(best) {
        println!("{name:>10}  {:>6.2} ms  {:>6.2} ms", ms(f), ms(b));
    }
    let total = |d: [Duration; 5]| ms(d.iter().sum());
    println!(
        "{:>10}  {:>6.2} ms  {:>6.2} ms",
        "total",
        total(first),
        total(best)
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stage_times: {e}");
            ExitCode::FAILURE
        }
    }
}
