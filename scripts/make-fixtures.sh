#!/usr/bin/env bash
# Writes generated PIRA fixtures with examples/make_fixtures:
#   target/fixtures/<name>.pdf            born-digital report
#   target/fixtures/<name>.gold.json      its records (shared/eval/GOLD_SCHEMA.md)
#   target/fixtures/<name>.scan.pdf       searchable scan of the same report
#   target/fixtures/<name>.scan.gold.json the same records, source = the scan
#   target/fixtures/<name>.image.pdf      image-only scan: the same page JPEGs, no text layer
#   target/fixtures/<name>.image.gold.json the same records, source = the image-only scan
# and prints the counts.
#
# usage: scripts/make-fixtures.sh [--no-scan] [--committed] [-- EXTRA ARGS]
#   SEED (default 1), REPORTS (default 3), PAGES_MIN (default 0) and STYLE
#   (classic, the default; random: a layout drawn from each seed; kpi-table,
#   matrix, card: another template, gold in contract version 2; DEV seeds
#   are 100-199, 1000-1019 are sealed, see scripts/score-sealed.sh)
#   set the run; EXTRA ARGS go to the generator (e.g. --jobs 4).
#   --no-scan     born-digital PDFs only (no external tools needed)
#   --committed   rewrite fixtures/generated/ instead: one born-digital report
#                 (seed 1, report 1) and one one-page compact scan (seed 15)
#
# Scans need: apt-get install -y poppler-utils imagemagick tesseract-ocr tesseract-ocr-ita
set -euo pipefail
cd "$(dirname "$0")/.."

scan=--scan
committed=
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-scan) scan= ;;
    --committed) committed=1 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

run() { cargo run --quiet --example make_fixtures -- "$@" ${extra[@]+"${extra[@]}"}; }

if [ -n "$committed" ]; then
  out=fixtures/generated
  rm -rf "$out"
  mkdir -p "$out"
  run --out "$out" --seed 1 --reports 1
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  run --out "$tmp" --seed 15 --reports 1 --objectives 1 --compact --scan
  cp "$tmp"/*.scan.pdf "$tmp"/*.scan.gold.json "$out"/
else
  out=target/fixtures
  rm -rf "$out"
  mkdir -p "$out"
  run --out "$out" --seed "${SEED:-1}" --reports "${REPORTS:-3}" --pages-min "${PAGES_MIN:-0}" --style "${STYLE:-classic}" $scan
fi

count() { find "$out" -maxdepth 1 -name "$1" | wc -l; }
born=$(( $(count '*.pdf') - $(count '*.scan.pdf') - $(count '*.image.pdf') ))
echo "$out: $born born-digital PDFs, $(count '*.scan.pdf') searchable and $(count '*.image.pdf') image-only scan PDFs, $(count '*.gold.json') gold files"
