#!/usr/bin/env bash
# PDF speed and memory, side by side with poppler's pdftotext:
#   - a generated report of 120+ pages: pira's full extraction (words,
#     layout, records, JSON and CSV) against `pdftotext -layout`, in CPU
#     time (user + sys from /usr/bin/time) per run, the two taking turns so
#     that other load on the machine weighs on both alike;
#   - the same on a fully ruled report (../shared/samples/outside-a's
#     born-digital PDF, when present): ruling lines taken from the content
#     stream's paths and cut into cells, the cost issue 12 adds;
#   - a 300+ page report: pira's peak memory (/usr/bin/time -v);
#   - a wide-table (kpi-table) report against a scheda report of about as
#     many pages (issue 15: the wide table must read at least as fast):
#     pira's CPU per page on each.
# Run by hand (not in CI): scripts/bench-pdf.sh [RUNS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release --quiet
cargo build --quiet --example make_fixtures
bin=${CARGO_TARGET_DIR:-target}
work=$bin/bench-pdf
rm -rf "$work"; mkdir -p "$work"
gen() { "$bin"/debug/examples/make_fixtures --out "$work/$1" --seed 7 --reports 1 --pages-min "$2" "${@:3}" >/dev/null; ls "$work/$1"/*.pdf; }
big=$(gen big 120)
huge=$(gen huge 300)
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }

# One run of a command: appends "cpu wall" seconds to file $1.
measure() {
    local into=$1; shift
    /usr/bin/time -f "%U %S %e" -o "$work/time.txt" "$@" >/dev/null 2>&1
    awk '{printf "%.2f %.2f\n", $1 + $2, $3}' "$work/time.txt" >> "$into"
}
# min, median and mean of column $2 of file $1
stats() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR]=$k; s+=$k} END {printf "min %.3f, median %.3f, mean %.3f", v[1], v[int((NR+1)/2)], s/NR}'; }
mean() { awk -v k="$2" '{s+=$k} END {print s/NR}' "$1"; }
# compare PDF: pira extract against pdftotext -layout, taking turns.
compare() {
    local pdf=$1 tag
    tag=$(basename "$pdf" .pdf)
    rm -f "$work/pira-$tag.txt" "$work/poppler-$tag.txt"
    for _ in $(seq "$runs"); do
        measure "$work/pira-$tag.txt" "$bin"/release/pira extract "$pdf" --out "$work/out" --force --quiet --in-process
        measure "$work/poppler-$tag.txt" pdftotext -layout "$pdf" "$work/$tag.txt"
    done
    echo "$pdf: $(pages "$pdf") pages, $runs runs each, seconds per run:"
    echo "  CPU  pira extract       $(stats "$work/pira-$tag.txt" 1)"
    echo "  CPU  pdftotext -layout  $(stats "$work/poppler-$tag.txt" 1)"
    echo "  wall pira extract       $(stats "$work/pira-$tag.txt" 2)   (6 output files, each fsynced)"
    echo "  wall pdftotext -layout  $(stats "$work/poppler-$tag.txt" 2)"
    echo "  CPU ratio of means, pira / pdftotext: $(echo "scale=2; $(mean "$work/pira-$tag.txt" 1) / $(mean "$work/poppler-$tag.txt" 1)" | bc)"
}
compare "$big"
ruled=../shared/samples/outside-a/brescia2020.digital.pdf
if [ -f "$ruled" ]; then compare "$ruled"; fi
# Issue 15: a wide-table report against a scheda report, CPU per page.
wide=$(gen wide 40 --style kpi-table)
scheda=$(gen scheda 40)
per_page() {
    local pdf=$1 tag=$2
    rm -f "$work/$tag.txt"
    for _ in $(seq "$runs"); do
        measure "$work/$tag.txt" "$bin"/release/pira extract "$pdf" --out "$work/out" --force --quiet --in-process
    done
    echo "scale=4; $(mean "$work/$tag.txt" 1) / $(pages "$pdf")" | bc
}
w=$(per_page "$wide" wide); s=$(per_page "$scheda" scheda)
echo "wide table $(pages "$wide") pages, scheda $(pages "$scheda") pages: CPU per page $w s against $s s (ratio $(echo "scale=2; $w / $s" | bc))"
/usr/bin/time -v "$bin"/release/pira extract "$huge" --out "$work/out" --force --quiet --in-process 2> "$work/time-v.txt"
echo "$(pages "$huge") pages: peak memory $(awk -F': ' '/Maximum resident/ {print $2}' "$work/time-v.txt") KB"
