#!/usr/bin/env bash
# Scores pira's plain-text path on generated reports turned into Tesseract
# text as a user would make it: each born-digital report of
# `make_fixtures --style random --seed N` rasterised with `pdftoppm -r 300`,
# each page read by `tesseract page.png - -l ita` (OMP_THREAD_LIMIT=1), the
# pages' texts joined with a form feed after each, and that
# `.txt` given to `pira extract`. One report per seed; DEV seeds only
# (100-199): the sealed seeds (1000+) are never turned into text here.
# Prints one line per report (scripts/score-table.py) and the aggregate.
#
# usage: scripts/score-text.sh [--keep DIR] [--pdfs SRC | SEED...]
#                                                   (default seeds: 100-105)
#   --keep DIR  write the PDFs, texts, gold files and pira's output to DIR
#               (emptied first) instead of a temporary folder
#   --pdfs SRC  turn SRC's already-made X.pdf (each with X.gold.json beside
#               it, e.g. scripts/outside-render.sh's DEV output) into text
#               instead of generating seeds
#   LANG_OCR=eng  Tesseract's language (default: ita)
# Needs python3, ../shared/eval/score.py (SCORER=... to point elsewhere),
# poppler-utils and tesseract-ocr(-ita).
set -euo pipefail
cd "$(dirname "$0")/.."

keep=
pdfs=
seeds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) shift; keep=${1:?--keep needs a folder} ;;
    --pdfs) shift; pdfs=${1:?--pdfs needs a folder} ;;
    *) seeds+=("$1") ;;
  esac
  shift
done
[ ${#seeds[@]} -gt 0 ] || [ -n "$pdfs" ] || seeds=(100 101 102 103 104 105)
for seed in "${seeds[@]}"; do
  if ! [[ "$seed" =~ ^[0-9]+$ ]] || [ "$seed" -lt 100 ] || [ "$seed" -gt 199 ]; then
    echo "score-text: seed $seed is not a DEV seed (100-199)" >&2
    exit 2
  fi
done
scorer=${SCORER:-../shared/eval/score.py}
[ -f "$scorer" ] || { echo "score-text: no scorer at $scorer (set SCORER)" >&2; exit 2; }
lang=${LANG_OCR:-ita}

if [ -n "$keep" ]; then
  work=$keep
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/pdf" "$work/in" "$work/gold" "$work/out" "$work/pages"

[ -n "$pdfs" ] || cargo build --quiet --example make_fixtures
cargo build --quiet --release --bin pira
target=${CARGO_TARGET_DIR:-target}

[ -z "$pdfs" ] || cp "$pdfs"/*.pdf "$pdfs"/*.gold.json "$work/pdf/"
for seed in "${seeds[@]}"; do
  "$target"/debug/examples/make_fixtures --style random --reports 1 --seed "$seed" --out "$work/pdf" >/dev/null
done
mv "$work"/pdf/*.gold.json "$work/gold/"
for pdf in "$work"/pdf/*.pdf; do
  name=$(basename "$pdf" .pdf)
  rm -f "$work"/pages/*
  pdftoppm -r 300 -gray -png "$pdf" "$work/pages/p"
  # Tesseract reads one image a page; a form feed ends each page's text,
  # as Tesseract's own output of a multi-page input does.
  for page in $(ls "$work"/pages/p-*.png | sort -V); do
    OMP_THREAD_LIMIT=1 tesseract "$page" - -l "$lang" 2>/dev/null
    printf '\f'
  done >"$work/in/$name.txt"
done

"$target"/release/pira extract "$work/in" --out "$work/out" --format json --quiet || true
echo "== DEV Tesseract text ($lang, 300 dpi): ${pdfs:-seeds ${seeds[*]}}"
python3 scripts/score-table.py "$scorer" "$work/gold" "$work/out"
