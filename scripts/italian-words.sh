#!/usr/bin/env bash
# Rebuilds vocab/italian-words.gz from Debian's witalian word list
# (`apt-get install witalian`): every word folded as pira folds words
# (lower case, accents dropped, typographic apostrophes plain, trailing
# apostrophes trimmed), sorted bytewise and unique, so pira loads it with
# no work but inflating. src/vocab/words.rs tests that the file is so.
set -euo pipefail
list=${1:-/usr/share/dict/italian}
cd "$(dirname "$0")/.."
python3 - "$list" <<'PY' | gzip -9n > vocab/italian-words.gz
import sys
plain = str.maketrans("àáâäèéêëìíîïòóôöùúûü’‘", "aaaaeeeeiiiioooouuuu''")
words = set()
for line in open(sys.argv[1], encoding="utf-8"):
    word = line.strip().lower().translate(plain).rstrip("'")
    if word:
        words.add(word)
sys.stdout.write("".join(w + "\n" for w in sorted(words)))
PY
