#!/usr/bin/env bash
# OCR speed, run by hand (not in CI): pira on an image-only PDF against
#   1. plain Tesseract on the same page images (pdftoppm 300 dpi grey, one
#      single-threaded tesseract per page, as pira runs it), 1 and 2 at a
#      time: pira's overhead over OCR;
#   2. pira --jobs 1 against --jobs 2: the speed-up on 2 cores;
#   3. img2table (a Python peer: table cells, not records, from scans with
#      the same Tesseract) on the same PDF.
# Each timing is the best of RUNS (default 2) wall-clock runs.
#
# usage: scripts/bench-ocr.sh [IMAGE_ONLY.pdf]
#   Without an argument, the seed-1 Bergamo report's image-only scan is
#   generated (needs poppler-utils, imagemagick, tesseract-ocr(-ita)).
#   img2table is installed into target/bench-venv (PyPI) when missing;
#   SKIP_IMG2TABLE=1 skips it; CPU_ONLY=1 times only the CPU seconds
#   (children included) of plain Tesseract and of pira --jobs 1.
#   BREAKDOWN=1 also breaks pira --jobs 1's CPU down: each tesseract and
#   pdftoppm it starts is timed through a wrapper on PATH (user + system),
#   by kind (pages, crops read again, --list-langs); the rest is pira's own
#   (and the wrappers', a shell start each, about 2 ms).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-2}
work=target/bench-ocr
mkdir -p "$work"
pdf=${1:-}
if [ -z "$pdf" ]; then
  pdf=$work/gen_s1_03_bergamo_2020_consuntivo.image.pdf
  if [ ! -f "$pdf" ]; then
    cargo run --quiet --release --example make_fixtures -- --out "$work/gen" --seed 1 --reports 3 --scan >/dev/null
    cp "$work"/gen/gen_s1_03_*.image.pdf "$pdf"
  fi
fi
cargo build --quiet --release
pira=target/release/pira
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')

# Best wall-clock seconds of $runs runs of "$@".
best() {
  local best_s=""
  for _ in $(seq "$runs"); do
    local start end s
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    s=$(echo "$end - $start" | bc)
    if [ -z "$best_s" ] || [ "$(echo "$s < $best_s" | bc)" = 1 ]; then best_s=$s; fi
  done
  printf '%.2f' "$best_s"
}

# Render and OCR one page the way pira does (300 dpi grey, TSV, one thread).
ocr_page() {
  local pdf=$1 page=$2 dir=$3
  pdftoppm -r 300 -gray -singlefile -f "$page" -l "$page" "$pdf" "$dir/p$page"
  OMP_THREAD_LIMIT=1 tesseract "$dir/p$page.pgm" "$dir/p$page" -l ita --psm 11 tsv
}
export -f ocr_page
plain() {
  local parallel=$1 dir
  dir=$(mktemp -d)
  seq "$pages" | xargs -P "$parallel" -I{} bash -c "ocr_page '$pdf' {} '$dir'"
  rm -rf "$dir"
}
pira_run() {
  local out
  out=$(mktemp -d)
  "$pira" extract "$pdf" --out "$out" --jobs "$1" --quiet
  rm -rf "$out"
}

echo "$pdf: $pages pages, best of $runs runs, $(nproc) cores"
if [ -z "${CPU_ONLY:-}" ]; then
t_plain1=$(best plain 1)
t_pira1=$(best pira_run 1)
t_plain2=$(best plain 2)
t_pira2=$(best pira_run 2)
echo "plain tesseract, 1 page at a time: ${t_plain1} s"
echo "pira --jobs 1:                     ${t_pira1} s (overhead $(echo "scale=1; 100 * ($t_pira1 - $t_plain1) / $t_plain1" | bc)%)"
echo "plain tesseract, 2 pages at a time: ${t_plain2} s"
echo "pira --jobs 2:                     ${t_pira2} s (overhead $(echo "scale=1; 100 * ($t_pira2 - $t_plain2) / $t_plain2" | bc)%)"
echo "pira speed-up --jobs 2 over 1:     $(echo "scale=2; $t_pira1 / $t_pira2" | bc)x"
fi

# CPU seconds (user + system, the children Tesseract and pdftoppm
# included) of one run of "$@": steadier than wall time on a shared machine.
cpu() {
  local TIMEFORMAT='%U %S'
  { time "$@" >/dev/null 2>&1; } 2> "$work/cpu.txt"
  awk '{printf "%.2f", $1 + $2}' "$work/cpu.txt"
}
c_plain=$(cpu plain 1)
c_pira=$(cpu pira_run 1)
echo "CPU plain tesseract:               ${c_plain} s"
echo "CPU pira --jobs 1:                 ${c_pira} s (overhead $(echo "scale=1; 100 * ($c_pira - $c_plain) / $c_plain" | bc)%)"

# pira --jobs 1 with each tesseract and pdftoppm it starts timed.
breakdown() {
  local shim log
  shim=$(mktemp -d)
  log=$shim/children.log
  # Each child's user and system seconds to the millisecond: GNU time's
  # %U and %S cut each down to the hundredth, some 10 ms a child that
  # the breakdown then put on pira itself (0.2 s on a 9-page scan).
  for tool in tesseract pdftoppm; do
    cat > "$shim/$tool" <<EOF
#!/bin/bash
TIMEFORMAT="$tool %3U %3S | \$*"
{ time "$(command -v "$tool")" "\$@" 2>&3; } 3>&2 2>>"$log"
EOF
    chmod +x "$shim/$tool"
  done
  local TIMEFORMAT='%U %S'
  { time PATH="$shim:$PATH" pira_run 1 >/dev/null 2>&1; } 2> "$work/cpu.txt"
  awk -v total="$(awk '{print $1 + $2}' "$work/cpu.txt")" '
    { kind = $1 }
    $1 == "tesseract" && / --psm 11 / { kind = "tesseract, pages" }
    $1 == "tesseract" && /\.txt stdout/ { kind = "tesseract, crops read again" }
    $1 == "tesseract" && /--list-langs/ { kind = "tesseract --list-langs" }
    { n[kind]++; cpu[kind] += $2 + $3; children += $2 + $3 }
    END {
      for (k in n) printf "  %-30s %2d runs %6.2f s\n", k, n[k], cpu[k]
      printf "  %-30s         %6.2f s (of %.2f s)\n", "pira itself", total - children, total
    }' "$log"
  rm -rf "$shim"
}
if [ -n "${BREAKDOWN:-}" ]; then
  echo "CPU of pira --jobs 1, broken down:"
  breakdown
fi

if [ "${SKIP_IMG2TABLE:-}" = 1 ]; then
  exit 0
fi
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import img2table' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet img2table
fi
img2table() {
  "$venv/bin/python" - "$pdf" "$1" <<'PY'
import sys
from img2table.document import PDF
from img2table.ocr import TesseractOCR
pdf, threads = sys.argv[1], int(sys.argv[2])
ocr = TesseractOCR(n_threads=threads, lang="ita")
tables = PDF(pdf).extract_tables(ocr=ocr, borderless_tables=False)
print(sum(len(t) for t in tables.values()), "tables")
PY
}
echo "img2table tables: $(img2table 2 2>/dev/null | tail -1)"
t_img1=$(best img2table 1)
t_img2=$(best img2table 2)
echo "img2table, 1 thread:               ${t_img1} s (pira --jobs 1: ${t_pira1} s)"
echo "img2table, 2 threads:              ${t_img2} s (pira --jobs 2: ${t_pira2} s)"
