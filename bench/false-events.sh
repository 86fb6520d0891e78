#!/usr/bin/env bash
# False events on text that is not conflict news, by the path a user's file
# takes (`sitrep events FILE_OR_DIR`), and events kept on conflict text.
#
# usage: bench/false-events.sh [SITREP_BIN] [WORK_DIR]
#   SHOW=1 also lists every document whose main event is ACLED-typed.
# Reads ../shared/data (GUM, EWT, re3d), ../shared/eval/extraction/html and
# ../shared/corpus/seed; see bench/false-events.py for the sets and genres.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/sitrep}
WORK=${2:-/tmp/false-events}
SHARED=${SHARED:-../shared}
python3 bench/false-events.py build "$WORK" "$SHARED" "$PWD"
for dir in "$WORK"/*/*/; do
  dir=${dir%/}
  "$BIN" events "$dir" >"$dir.jsonl" 2>"$dir.err"
done
python3 bench/false-events.py count "$WORK"
