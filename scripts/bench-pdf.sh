#!/usr/bin/env bash
# PDF speed and memory, side by side with poppler's pdftotext:
#   - a generated report of 120+ pages: pira's full extraction (words,
#     layout, records, JSON and CSV) against `pdftotext -layout`;
#   - a 300+ page report: pira's peak memory (/usr/bin/time -v).
# Run by hand (not in CI): scripts/bench-pdf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --quiet --example make_fixtures
work=target/bench-pdf
rm -rf "$work"; mkdir -p "$work"
gen() { target/debug/examples/make_fixtures --out "$work/$1" --seed 7 --reports 1 --pages-min "$2" >/dev/null; ls "$work/$1"/*.pdf; }
big=$(gen big 120)
huge=$(gen huge 300)
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
runs=20
time_it() { local start end; start=$(date +%s.%N); for _ in $(seq $runs); do "$@" >/dev/null 2>&1; done; end=$(date +%s.%N); echo "scale=2; 1000*($end-$start)/$runs" | bc; }
pira_ms=$(time_it target/release/pira extract "$big" --out "$work/out" --force --quiet --in-process)
poppler_ms=$(time_it pdftotext -layout "$big" "$work/big.txt")
echo "$(pages "$big") pages: pira extract ${pira_ms} ms, pdftotext -layout ${poppler_ms} ms (mean of $runs runs)"
/usr/bin/time -v target/release/pira extract "$huge" --out "$work/out" --force --quiet --in-process 2> "$work/time.txt" || true
echo "$(pages "$huge") pages: peak memory $(awk -F': ' '/Maximum resident/ {print $2}' "$work/time.txt") KB"
