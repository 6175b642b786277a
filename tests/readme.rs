//! The README's usage synopsis against the command line: for each
//! subcommand, every flag `pira SUBCOMMAND --help` shows is in the
//! synopsis, and the synopsis names no flag pira does not have.

use std::collections::BTreeSet;
use std::process::Command;

use regex::Regex;

const README: &str = include_str!("../README.md");
const SUBCOMMANDS: [&str; 3] = ["extract", "merge", "inspect"];

/// The flags listed under "Options:" in `pira SUBCOMMAND --help`, without
/// `--help`.
fn help_flags(subcommand: &str) -> BTreeSet<String> {
    let output = match Command::new(env!("CARGO_BIN_EXE_pira"))
        .args([subcommand, "--help"])
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run pira {subcommand} --help: {e}"),
    };
    assert!(output.status.success(), "pira {subcommand} --help failed");
    let help = String::from_utf8_lossy(&output.stdout).into_owned();
    let option = Regex::new(r"^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)").expect("a valid regex");
    let flags: BTreeSet<String> = help
        .lines()
        .filter_map(|line| option.captures(line).map(|c| c[1].to_string()))
        .filter(|flag| flag != "--help")
        .collect();
    assert!(!flags.is_empty(), "no flags found in:\n{help}");
    flags
}

/// The README's synopsis of `pira SUBCOMMAND`: its line in the first fenced
/// block under "## Usage" and the indented lines that continue it.
fn synopsis(subcommand: &str) -> String {
    let usage = README
        .split_once("## Usage")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("README.md has no \"## Usage\" section"));
    let block = usage
        .split("```")
        .nth(1)
        .unwrap_or_else(|| panic!("README.md's Usage section has no fenced block"));
    let start = format!("pira {subcommand} ");
    let mut lines = block.lines().skip_while(|l| !l.starts_with(&start));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("the README's synopsis has no `{start}` line"));
    let rest = lines.take_while(|l| l.starts_with(' '));
    std::iter::once(first)
        .chain(rest)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn synopsis_shows_every_flag_and_no_other() {
    let flag = Regex::new(r"--[a-z][a-z0-9-]*").expect("a valid regex");
    for subcommand in SUBCOMMANDS {
        let help = help_flags(subcommand);
        let text = synopsis(subcommand);
        let shown: BTreeSet<String> = flag
            .find_iter(&text)
            .map(|m| m.as_str().to_string())
            .collect();
        let missing: Vec<_> = help.difference(&shown).collect();
        let unknown: Vec<_> = shown.difference(&help).collect();
        assert!(
            missing.is_empty(),
            "README's synopsis of `pira {subcommand}` lacks {missing:?}:\n{text}"
        );
        assert!(
            unknown.is_empty(),
            "README's synopsis of `pira {subcommand}` names flags pira lacks, {unknown:?}:\n{text}"
        );
    }
}

/// docs/reference.md explains every warning code and correction rule the
/// JSON Schema allows.
#[test]
fn reference_lists_every_warning_code_and_correction_rule() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let reference = read("docs/reference.md");
    let schema: serde_json::Value = match serde_json::from_str(&read("schema/report.schema.json")) {
        Ok(v) => v,
        Err(e) => panic!("schema/report.schema.json: {e}"),
    };
    for list in ["warning_code", "correction_rule"] {
        let Some(names) = schema["$defs"][list]["enum"].as_array() else {
            panic!("the schema has no $defs.{list}.enum");
        };
        for name in names.iter().filter_map(|n| n.as_str()) {
            assert!(
                reference.contains(&format!("| `{name}` |")),
                "docs/reference.md has no row for the {list} `{name}`"
            );
        }
    }
}
