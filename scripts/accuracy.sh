#!/usr/bin/env bash
# Accuracy of pira on the bundled sample and on generated reports, scored
# with ../shared/eval/score.py against their gold files: one line per input.
#
# usage: scripts/accuracy.sh [--no-scan] [SEED...]     (default seeds: 1 2 3 4 5)
#   --no-scan  born-digital reports only (no OCR; takes seconds, not minutes)
#   PIRA=path  the pira binary to score (default: a release build)
# Scans need: apt-get install -y poppler-utils imagemagick tesseract-ocr tesseract-ocr-ita
set -euo pipefail
cd "$(dirname "$0")/.."

scan=
seeds=()
for arg in "$@"; do
  case "$arg" in
    --no-scan) scan=--no-scan ;;
    *) seeds+=("$arg") ;;
  esac
done
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)

scorer=../shared/eval/score.py
pira=${PIRA:-}
if [ -z "$pira" ]; then
  cargo build --release --quiet
  pira=${CARGO_TARGET_DIR:-target}/release/pira
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# score GOLD OUTPUT LABEL: prints "LABEL  fields ... | numbers ... | description CER ..."
score() { printf '%-58s %s\n' "$3" "$(python3 "$scorer" "$1" "$2" | tail -1)"; }

"$pira" extract fixtures/000_b2d698d42f0df24e.txt --out "$work/sample" --quiet
score fixtures/000_b2d698d42f0df24e.gold.json "$work/sample/000_b2d698d42f0df24e.json" "sample (OCR text)"

for seed in "${seeds[@]}"; do
  SEED=$seed scripts/make-fixtures.sh $scan >/dev/null
  for pdf in target/fixtures/*.pdf; do
    name=$(basename "$pdf" .pdf)
    "$pira" extract "$pdf" --out "$work/s$seed" --quiet || true
    score "target/fixtures/$name.gold.json" "$work/s$seed/$name.json" "seed $seed $name"
  done
done
