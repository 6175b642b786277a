#!/usr/bin/env bash
# Runs pira's fuzz targets with cargo-fuzz on the stable toolchain, each for
# SECONDS seconds (default 600), one after the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: numbers, text_reader, extract, pdf_reader (default: all).
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Stable rustc is enough:
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags, and `-s none` builds
# without a sanitizer (sanitizers need nightly runtime parts); debug
# assertions and overflow checks stay on (`-a`).
#
# Each target's corpus grows in fuzz/corpus/TARGET (not committed), seeded
# from the committed fuzz/seeds/TARGET and from fixtures/ (the sample cut
# into pages, the generated PDFs). Crashes land in fuzz/artifacts/TARGET;
# logs in fuzz/logs/TARGET.log. To replay a crash:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -a TARGET fuzz/artifacts/TARGET/crash-...
# and minimise it with `cargo fuzz tmin -s none -a TARGET FILE`; then add it
# under tests/fuzz_regressions/TARGET/ (tests/fuzz_regressions.rs replays
# every file there).
#
# Environment: FUZZ_MAX_LEN (default 65536), FUZZ_RSS_MB (default 2048),
# FUZZ_TIMEOUT (seconds per input, default 20), FUZZ_ARGS (more libFuzzer
# flags, e.g. "-jobs=2 -workers=2").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(numbers text_reader extract pdf_reader)
fi
case $seconds in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi
export RUSTC_BOOTSTRAP=1
fuzz=(cargo fuzz run -s none -a)

sample=fixtures/000_b2d698d42f0df24e.txt

# The sample cut into pages, as pira's text reader cuts it: a line that
# starts with exactly one space and then text opens a page.
split_pages() {
  awk -v dir="$1" '
    /^ [^ \t]/ && n > 0 { close(f); page++; n = 0 }
    { f = sprintf("%s/fixture-page-%02d.txt", dir, page); print > f; n++ }
  ' "$sample"
}

seed() {
  local target=$1 dir=$root/fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    numbers)
      # Every non-blank line of the sample, one input each.
      awk -v dir="$dir" 'NF { f = sprintf("%s/fixture-line-%04d", dir, NR); print > f; close(f) }' "$sample"
      ;;
    text_reader | extract)
      cp "$sample" "$dir/fixture-whole.txt"
      split_pages "$dir"
      ;;
    pdf_reader)
      cp fixtures/generated/*.pdf "$dir/"
      ;;
    *)
      echo "unknown target $target" >&2
      exit 2
      ;;
  esac
}

mkdir -p fuzz/logs
failed=()
summary=()
for target in "${targets[@]}"; do
  seed "$target"
  log=fuzz/logs/$target.log
  echo "== $target: ${seconds}s (log: $log)"
  # Built first, so the timed run only fuzzes.
  cargo fuzz build -s none -a "$target"
  status=0
  "${fuzz[@]}" "$target" "$root/fuzz/corpus/$target" "$root/fuzz/seeds/$target" -- \
    -max_total_time="$seconds" \
    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -max_len="${FUZZ_MAX_LEN:-65536}" \
    -timeout="${FUZZ_TIMEOUT:-20}" \
    -dict="$root/fuzz/pira.dict" \
    -print_final_stats=1 \
    ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  files=$(find "fuzz/corpus/$target" -type f | wc -l)
  bytes=$(du -sb "fuzz/corpus/$target" | cut -f1)
  line="$target: status $status, ${runs:-?} executions in ${seconds}s, corpus $files files ($bytes bytes)"
  summary+=("$line")
  echo "$line"
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    tail -n 30 "$log" >&2
  fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed or failed: ${failed[*]} (see fuzz/artifacts/ and fuzz/logs/)" >&2
  exit 1
fi
