#!/usr/bin/env bash
# Killed anywhere, nothing lost or doubled: `sitrep run` into SQLite is
# killed with SIGKILL at KILLS random moments (default 50) and rerun each
# time; every ROUND kills (default 5) the run is let finish and its database
# is compared with a clean run's by a canonical dump (documents, inputs,
# events, evidence, actors, clusters — rows sorted, not file bytes).
#
# usage: bench/kill-test.sh [KILLS] [PER_ROUND] [CORPUS_DIR]
# The default corpus is data/samples/news copied COPIES times (default 8),
# each copy's files made distinct by a line of their own, so a run takes a
# few seconds and commits many batches (--batch 4).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ROOT=$PWD
KILLS=${1:-50}
PER_ROUND=${2:-5}
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
TMP=$(mktemp -d)
RUN_PID=""
cleanup() { [ -n "$RUN_PID" ] && kill -9 "$RUN_PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

CORPUS=${3:-}
if [ -z "$CORPUS" ]; then
  CORPUS="$TMP/corpus"
  copies_corpus "$CORPUS" "${COPIES:-8}"
fi
ARGS=(run "$CORPUS" --date 2024-02-11 --batch 4 --jobs 2 --quiet)

dump() { sqlite_dump "$1"; }

start=$(date +%s.%N)
"$BIN" "${ARGS[@]}" --db "$TMP/clean.db" >"$TMP/clean.log" 2>&1
clean_secs=$(echo "$(date +%s.%N) - $start" | bc)
dump "$TMP/clean.db" >"$TMP/clean.dump"
echo "clean run: ${clean_secs}s, $(grep -c '^doc|' "$TMP/clean.dump") documents, $(grep -c '^event|' "$TMP/clean.dump") events, $(grep -c '^cluster|' "$TMP/clean.dump") clusters"

killed=0; rounds=0; same=0; early=0
while [ "$killed" -lt "$KILLS" ]; do
  rounds=$((rounds + 1))
  db="$TMP/round$rounds.db"
  for _ in $(seq "$PER_ROUND"); do
    [ "$killed" -lt "$KILLS" ] || break
    # A random moment within the first 80% of the clean run's duration
    # (model loading included: a kill during start-up or migration counts
    # too); later moments mostly miss a run that has finished.
    delay=$(python3 -c "import random; print(round(random.uniform(0.05, 0.8 * $clean_secs), 2))")
    "$BIN" "${ARGS[@]}" --db "$db" >>"$TMP/round$rounds.log" 2>&1 &
    RUN_PID=$!
    sleep "$delay"
    if kill -9 "$RUN_PID" 2>/dev/null; then
      killed=$((killed + 1))
    else
      early=$((early + 1))  # it had already finished: not a kill
    fi
    wait "$RUN_PID" 2>/dev/null || true
    RUN_PID=""
  done
  if ! "$BIN" "${ARGS[@]}" --db "$db" >>"$TMP/round$rounds.log" 2>&1; then
    echo "round $rounds: the rerun after a kill failed:"; tail -5 "$TMP/round$rounds.log"; continue
  fi
  dump "$db" >"$TMP/round$rounds.dump"
  if cmp -s "$TMP/clean.dump" "$TMP/round$rounds.dump"; then
    same=$((same + 1))
    echo "round $rounds: $killed kills so far; database equals the clean run's"
  else
    echo "round $rounds: DIFFERS from the clean run:"
    diff <(cut -c1-160 "$TMP/clean.dump") <(cut -c1-160 "$TMP/round$rounds.dump") | head -20
    mkdir -p "$ROOT/out"; cp "$db" "$ROOT/out/kill-round$rounds.db"
  fi
done
echo "kills: $killed (runs that finished before their kill moment: $early); rounds equal to the clean run: $same/$rounds"
[ "$same" -eq "$rounds" ]
