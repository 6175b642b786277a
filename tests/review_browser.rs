//! The review page in a real browser: headless Chromium renders the page
//! written for the sample report, and the test reads what a reader would see
//! in the rendered DOM, then takes a screenshot.
//!
//! Needs the Debian package `chromium` (`/usr/bin/chromium`). Without it the
//! test fails when the environment variable `CI` is set, and is skipped with
//! a note otherwise.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use regex::Regex;

const CHROMIUM: &str = "/usr/bin/chromium";
const DEBIAN_PACKAGE: &str = "chromium";
/// Chromium is killed after this long; the whole test stays well under it.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The browser, or `None` (with a note) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os("PIRA_CHROMIUM").unwrap_or_else(|| CHROMIUM.into()));
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} not found: install the Debian package `{DEBIAN_PACKAGE}` \
             (apt-get install -y {DEBIAN_PACKAGE}) to run the review page browser test",
            path.display()
        );
    }
    eprintln!(
        "note: skipping the review page browser test: {} not found \
         (install the Debian package `{DEBIAN_PACKAGE}`)",
        path.display()
    );
    None
}

/// Where the test writes the page and the screenshot: `<target>/review-test`.
fn out_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().unwrap_or(tmp);
    target.join("review-test")
}

/// Runs headless Chromium with `args` after the fixed flags, each run with a
/// fresh profile; kills it after [`TIMEOUT`].
fn run_chromium(browser: &Path, args: &[String]) -> Output {
    let profile = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("cannot make a profile folder: {e}"),
    };
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => panic!("cannot start {}: {e}", browser.display()),
    };
    // Drain the pipes on threads so a full pipe never blocks the browser.
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let read_out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut buf);
        }
        buf
    });
    let read_err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut buf);
        }
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium {args:?} took more than {TIMEOUT:?}: killed");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("cannot wait for chromium: {e}"),
        }
    };
    let output = Output {
        status,
        stdout: read_out.join().unwrap_or_default(),
        stderr: read_err.join().unwrap_or_default(),
    };
    assert!(
        output.status.success(),
        "chromium {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The text a reader sees in a piece of serialized DOM: tags dropped,
/// entities a reader would not notice turned back into characters, spaces
/// collapsed.
fn visible_text(html: &str) -> String {
    let tags = Regex::new(r"<[^>]*>").unwrap_or_else(|e| panic!("{e}"));
    let text = tags
        .replace_all(html, " ")
        .replace("&nbsp;", " ")
        .replace('\u{a0}', " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The serialized element that starts with the first match of `start`, up
/// to the close of `tag` (the tag must not nest inside itself).
fn element<'a>(dom: &'a str, start: &str, tag: &str) -> &'a str {
    let Some(from) = dom.find(start) else {
        panic!("{start:?} is not in the rendered page");
    };
    let close = format!("</{tag}>");
    let Some(len) = dom[from..].find(&close) else {
        panic!("{start:?} is not closed in the rendered page");
    };
    &dom[from..from + len + close.len()]
}

#[test]
fn review_page_renders_in_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let text = common::sample_text();
    let input = pira::Input::from_bytes(common::SAMPLE_NAME, text.into_bytes());
    let report = match pira::extract(&input, &pira::Options::default()) {
        Ok(r) => r,
        Err(e) => panic!("the sample does not convert: {e}"),
    };
    let dir = out_dir();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    let page = match pira::write::html::write_review(&dir, std::slice::from_ref(&report)) {
        Ok(p) => p,
        Err(e) => panic!("cannot write the review page: {e}"),
    };
    let url = format!("file://{}", page.display());
    let png = dir.join("review.png");
    let _ = std::fs::remove_file(&png);

    // The DOM and the screenshot, in parallel.
    let shot = {
        let browser = browser.clone();
        let args = vec![
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".to_string(),
            "--hide-scrollbars".to_string(),
            url.clone(),
        ];
        std::thread::spawn(move || run_chromium(&browser, &args))
    };
    let dom_out = run_chromium(&browser, &["--dump-dom".to_string(), url]);
    let dom = String::from_utf8_lossy(&dom_out.stdout).into_owned();
    if shot.join().is_err() {
        panic!("the screenshot run failed");
    }

    // The browser parsed the page into the structure it was written with.
    let sections =
        Regex::new(r#"<section class="objective[^"]*" id="obj-"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sections.find_iter(&dom).count(), 17, "objective sections");
    let rows = Regex::new(r#"<tr class="indicator[^"]*"[^>]* id="ind-[^"]*" data-number="\d+" data-achieved="(true|false|unknown)""#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.find_iter(&dom).count(), 37, "indicator rows");
    // Each objective's rows stayed inside its own section.
    let obj = element(&dom, "id=\"obj-012-004-002\"", "section");
    assert_eq!(rows.find_iter(obj).count(), 4, "{obj}");

    // Run totals as read.
    let header = visible_text(element(&dom, "<header id=\"run\"", "header"));
    for expected in [
        "Reports 1",
        "Objectives 17",
        "Indicators 37",
        &format!("Warnings {}", report.warnings.len()),
        &format!("Corrections {}", report.corrections.len()),
        "Export flagged fields as overrides CSV",
    ] {
        assert!(header.contains(expected), "{expected:?} not in {header:?}");
    }

    // The first objective: its resources total, the Italian way, and its
    // uncertain amount flagged in place with the message and what was read.
    let first = element(&dom, "id=\"obj-011-005-001\"", "section");
    let total = visible_text(element(first, "<tfoot>", "tfoot"));
    assert_eq!(total, "Total (16 lines) € 15.390.178,31");
    let flagged = element(first, "id=\"res-011-005-001-13\"", "tr");
    assert!(flagged.contains("class=\"flag-msg\""), "{flagged}");
    let seen = visible_text(flagged);
    assert!(
        seen.contains("€ 429.457,82 uncertain read as \"€ 429 457 82\"")
            || seen.contains("€ 429.457,82 uncertain read as € 429 457 82"),
        "{seen}"
    );
    assert!(
        seen.contains(
            "uncertain-amount amount \"€ 429 457 82\" lost digits or separators: read as 429457.82"
        ),
        "{seen}"
    );

    // A flagged indicator cell: the achieved cell of 012-004-005 #2.
    let row = element(&dom, "id=\"ind-012-004-005-2\"", "tr");
    let cell = visible_text(element(row, "<td class=\"achieved", "td"));
    assert!(
        cell.starts_with("? Unknown achieved-unknown indicator 2: cannot compare"),
        "{cell}"
    );

    // Achieved labels, in words beside the colour.
    let achieved = |state: &str| {
        report
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .filter(|i| {
                i.achieved
                    .map_or("unknown", |a| if a { "true" } else { "false" })
                    == state
            })
            .count()
    };
    let main = visible_text(element(&dom, "<main>", "main"));
    assert_eq!(main.matches("✓ Achieved").count(), achieved("true"));
    assert_eq!(main.matches("✗ Not achieved").count(), achieved("false"));
    assert_eq!(main.matches("? Unknown").count(), achieved("unknown"));
    assert!(achieved("true") > 20 && achieved("unknown") > 0);

    // The screenshot.
    let bytes = match std::fs::read(&png) {
        Ok(b) => b,
        Err(e) => panic!("no screenshot at {}: {e}", png.display()),
    };
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        bytes.len() > 50_000,
        "screenshot only {} bytes",
        bytes.len()
    );
}
