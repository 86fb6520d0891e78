#!/usr/bin/env bash
# Whole-pipeline throughput (extract → nlp → events → resolve) on one core,
# over the extraction benchmark pages: articles per second, wall clock and
# CPU time, best of N runs. Also times `sitrep extract` and `sitrep nlp`
# alone in the same run, to show where the time goes, and the steady rate
# of a long-running worker: the same run minus the CPU time of loading the
# models and knowledge base (timed on a one-line document).
#   bench/pipeline-throughput.sh [PAGES_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-../shared/eval/extraction/html}
RUNS=${2:-3}
cargo build --release --quiet
BIN=target/release/sitrep
N=$(find "$PAGES" -type f | wc -l)
TMP=$(mktemp)
ONE=$(mktemp --suffix .txt)
trap 'rm -f "$TMP" "$ONE"' EXIT
echo "Nothing happened." >"$ONE"
best() { # $@ = command; prints the best CPU seconds (user+sys) over RUNS
  local b=""
  for _ in $(seq "$RUNS"); do
    local t
    /usr/bin/time -o "$TMP" -f "%U %S" taskset -c 0 "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$TMP" | awk '{print $1+$2}')
    if [ -z "$b" ] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
  done
  echo "$b"
}
for stage in extract nlp events; do
  cpu=$(best "$BIN" "$stage" "$PAGES")
  awk -v s="$stage" -v n="$N" -v c="$cpu" 'BEGIN{printf "%-8s %4d pages  %6.2f CPU s  %7.1f pages/s per core (model loading included)\n", s, n, c, n/c}'
done
load=$(best "$BIN" events "$ONE")
awk -v n="$N" -v c="$cpu" -v l="$load" 'BEGIN{printf "loading  %6.2f CPU s; events steady: %7.1f pages/s per core (loading excluded)\n", l, n/(c-l)}'
