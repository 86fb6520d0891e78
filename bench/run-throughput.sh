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
INPUTS=("$ROOT/data/samples/seed" "$ROOT/data/samples/news" "$ROOT/data/samples/re3d/centcom/documents.jsonl"
        "$ROOT/data/samples/re3d/us-state-department/documents.jsonl"
        "$ROOT/data/samples/re3d/uk-government/documents.jsonl"
        "$SHARED/eval/extraction/html" "$WORK/corpus/case2021.jsonl" "$WORK/corpus/re3d-other.jsonl")

# Best of REPEATS wall-clock seconds of a command.
best() {
  local best=""
  for _ in $(seq "$REPEATS"); do
    rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm
    local t0 t1 s
    t0=$(date +%s.%N); "$@" >/dev/null 2>"$WORK/last.log" || true; t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc)
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s; fi
  done
  echo "$best"
}

DOCS=$("$BIN" events "${INPUTS[@]}" 2>/dev/null | wc -l)
echo "corpus: $DOCS documents"
T_EVENTS=$(best "$BIN" events "${INPUTS[@]}")
T_RUN1=$(best "$BIN" run --quiet --jobs 1 --db "$WORK/run.db" "${INPUTS[@]}")
T_RUN2=$(best "$BIN" run --quiet --jobs 2 --db "$WORK/run.db" "${INPUTS[@]}")
"$BIN" run --quiet --jobs 2 --db "$WORK/run.db" "${INPUTS[@]}" 2>"$WORK/last.log" || true
tail -3 "$WORK/last.log"
SIZE=$(stat -c %s "$WORK/run.db")
STORED=$(grep -o 'holds [0-9]* documents' "$WORK/last.log" | grep -o '[0-9]*')

rate() { echo "scale=1; $DOCS / $1" | bc; }
echo
printf '%-34s %8s s %8s docs/s\n' "sitrep events (pipeline alone, 1 thread)" "$T_EVENTS" "$(rate "$T_EVENTS")"
printf '%-34s %8s s %8s docs/s\n' "sitrep run --jobs 1" "$T_RUN1" "$(rate "$T_RUN1")"
printf '%-34s %8s s %8s docs/s\n' "sitrep run --jobs 2" "$T_RUN2" "$(rate "$T_RUN2")"
echo "run --jobs 1 / events alone: $(echo "scale=1; 100 * $T_EVENTS / $T_RUN1" | bc) %"
echo "run --jobs 2 speed-up over --jobs 1: $(echo "scale=2; $T_RUN1 / $T_RUN2" | bc)x"
echo "database: $SIZE bytes for $STORED documents = $(echo "scale=2; $SIZE / $STORED * 1000 / 1048576" | bc) MiB per 1000 articles"
