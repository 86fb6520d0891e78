#!/usr/bin/env bash
# Throughput of `sitrep run` (pipeline + SQLite store + dedup) against the
# events pipeline alone (`sitrep events`, one thread), and with --jobs 1 vs 2;
# then the database size per 1000 articles.
#
#   bench/run-throughput.sh [REPEATS]       (from the repository root, after
#                                            `cargo build --release`)
#
# Corpus: the bundled samples (91 articles), the 91 real news pages of
# ../shared/eval/extraction/html, the 510 news snippets of
# ../shared/eval/case2021-subevents/dev.tsv and the re3d Wikipedia and DFAT
# parts — about 700 real documents, written to a scratch folder as JSONL
# and HTML. Needs ../shared (this is a measurement, not a test).
set -euo pipefail
REPEATS=${1:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SITREP_SHARED:-$ROOT/../shared}
BIN=$ROOT/target/release/sitrep
WORK=${TMPDIR:-/tmp}/sitrep-run-bench
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -d "$SHARED/eval" ] || { echo "needs ../shared (set SITREP_SHARED)" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK/corpus"

python3 - "$SHARED" "$WORK/corpus" <<'PY'
import csv, json, sys
from pathlib import Path
shared, out = Path(sys.argv[1]), Path(sys.argv[2])
with open(out / "case2021.jsonl", "w") as f:
    for row in csv.DictReader(open(shared / "eval/case2021-subevents/dev.tsv"), delimiter="\t"):
        f.write(json.dumps({"id": f"case2021-{row['id']}", "text": row["EventSnippet"]}) + "\n")
with open(out / "re3d-other.jsonl", "w") as f:
    for part in ["wikipedia", "australian-department-of-foreign-affairs"]:
        for line in open(shared / "data/re3d" / part / "documents.json"):
            d = json.loads(line)
            f.write(json.dumps({"id": f"re3d-{d['_id']}", "url": d.get("sourceUrl"),
                                "text": d["title"] + "\n\n" + d["text"]}) + "\n")
PY
INPUTS=("$ROOT"/data/samples/seed/*.txt "$ROOT"/data/samples/news/*.txt "$ROOT/data/samples/re3d/centcom/documents.jsonl"
        "$ROOT/data/samples/re3d/us-state-department/documents.jsonl"
        "$ROOT/data/samples/re3d/uk-government/documents.jsonl"
        "$SHARED/eval/extraction/html" "$WORK/corpus/case2021.jsonl" "$WORK/corpus/re3d-other.jsonl")

# Best of REPEATS runs of a command: "wall_seconds cpu_seconds" (CPU =
# user + system). CPU time is the fairer comparison on a shared machine,
# where wall time also measures everyone else's load.
best() {
  local best="" cpu=""
  for _ in $(seq "$REPEATS"); do
    rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/last.log" || true
    read -r w u s < <(tail -n 1 "$WORK/time")
    local c; c=$(echo "$u + $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$w < $best" | bc)" = 1 ]; then best=$w; fi
    if [ -z "$cpu" ] || [ "$(echo "$c < $cpu" | bc)" = 1 ]; then cpu=$c; fi
  done
  echo "$best $cpu"
}

DOCS=$( ("$BIN" events "${INPUTS[@]}" 2>"$WORK/events.log" || true) | wc -l)
echo "corpus: $DOCS documents; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r W_EVENTS C_EVENTS < <(best "$BIN" events "${INPUTS[@]}")
read -r W_RUN1 C_RUN1 < <(best "$BIN" run --quiet --jobs 1 --db "$WORK/run.db" "${INPUTS[@]}")
read -r W_RUN2 C_RUN2 < <(best "$BIN" run --quiet --jobs 2 --db "$WORK/run.db" "${INPUTS[@]}")
# What parallelism the machine has to give right now: two independent
# `sitrep events` processes at once against one. On an idle 2-core machine
# this is ~2x; on a shared one it bounds what --jobs 2 can show.
read -r W_TWO _ < <(best bash -c '"$0" events "$@" >/dev/null 2>&1 & "$0" events "$@" >/dev/null 2>&1; wait' "$BIN" "${INPUTS[@]}")
"$BIN" run --quiet --jobs 2 --db "$WORK/run.db" "${INPUTS[@]}" 2>"$WORK/last.log" || true
SIZE=$(stat -c %s "$WORK/run.db")
STORED=$(grep -o 'holds [0-9]* documents' "$WORK/last.log" | grep -o '[0-9]*')

rate() { echo "scale=1; $DOCS / $1" | bc; }
echo
printf '%-42s %7s s wall %7s docs/s %7s s CPU\n' "sitrep events (pipeline alone, 1 thread)" "$W_EVENTS" "$(rate "$W_EVENTS")" "$C_EVENTS"
printf '%-42s %7s s wall %7s docs/s %7s s CPU\n' "sitrep run --jobs 1" "$W_RUN1" "$(rate "$W_RUN1")" "$C_RUN1"
printf '%-42s %7s s wall %7s docs/s %7s s CPU\n' "sitrep run --jobs 2" "$W_RUN2" "$(rate "$W_RUN2")" "$C_RUN2"
echo "run --jobs 1 vs events alone: $(echo "scale=1; 100 * $W_EVENTS / $W_RUN1" | bc) % by wall time, $(echo "scale=1; 100 * $C_EVENTS / $C_RUN1" | bc) % by CPU time"
echo "run --jobs 2 speed-up over --jobs 1 (wall): $(echo "scale=2; $W_RUN1 / $W_RUN2" | bc)x"
echo "machine's parallelism now (2 x events alone vs 2 concurrent events processes): $(echo "scale=2; 2 * $W_EVENTS / $W_TWO" | bc)x"
echo "database: $SIZE bytes for $STORED documents = $(echo "scale=2; $SIZE / $STORED * 1000 / 1048576" | bc) MiB per 1000 articles"
