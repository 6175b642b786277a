#!/usr/bin/env bash
# Renders the reports of make_fixtures seeds FROM..TO (the scheda, --style
# random; or STYLE kpi-table, matrix or card, issue 15's templates) a
# second, independent way: scripts/outside-render/render.py sets each
# seed's records (its gold file) as an HTML report in another office's
# look, drawn from the seed, and prints it to PDF with headless Chromium.
# Writes OUTDIR/html_[TEMPLATE_]s<seed>_*.pdf with .html and .gold.json
# beside it, and prints one line per report: its name, pages and drawn
# style.
#
# DEV seeds for this renderer: 100-199. Seeds 1000 and above are SEALED
# (scored only by the coordinator at the end): never render them to work on.
#
# --scan also scans each report as make_fixtures scans its own (the same
# degradation, drawn from the seed): OUTDIR/X.image.pdf, an image-only scan,
# and its gold X.image.gold.json beside each X.pdf; --searchable adds
# X.scan.pdf, with Tesseract's text layer, and its gold.
#
# usage: scripts/outside-render.sh [--scan|--searchable] FROM TO OUTDIR [STYLE]
# Needs python3, chromium ($CHROMIUM, default /usr/bin/chromium), pdfinfo
# (optional, for the page count) and make_fixtures (built with
# `cargo build --example make_fixtures`, release or debug; $MAKE_FIXTURES).
set -euo pipefail
cd "$(dirname "$0")/.."
scan=
case "${1:-}" in
  --scan) scan=--image-only; shift ;;
  --searchable) scan=both; shift ;;
esac
from=${1:?usage: outside-render.sh FROM TO OUTDIR}
to=${2:?usage: outside-render.sh FROM TO OUTDIR}
out=${3:?usage: outside-render.sh FROM TO OUTDIR}
template=${4:-random}
gen=${MAKE_FIXTURES:-}
for candidate in target/release/examples/make_fixtures target/debug/examples/make_fixtures; do
  [ -n "$gen" ] || { [ -x "$candidate" ] && gen=$candidate; } || true
done
[ -n "$gen" ] || { echo "outside-render: build make_fixtures first (cargo build --example make_fixtures)" >&2; exit 2; }
mkdir -p "$out"
tmp=$(mktemp -d /tmp/outside-render.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for seed in $(seq "$from" "$to"); do
  "$gen" --reports 1 --style "$template" --seed "$seed" --out "$tmp/$seed" >/dev/null
  for gold in "$tmp/$seed"/*.gold.json; do
    name=$(basename "$gold" .gold.json)
    name=html_${name#gen_}
    style=$(python3 scripts/outside-render/render.py "$gold" "$out/$name.pdf" --seed "$seed" --describe)
    pages=$(pdfinfo "$out/$name.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' || true)
    echo "$name.pdf: ${pages:-?} pages; $style"
    if [ -n "$scan" ]; then
      "$gen" --scan-pdf "$out/$name.pdf" --seed "$seed" --out "$out" \
        $([ "$scan" = both ] || echo --image-only)
    fi
  done
done
