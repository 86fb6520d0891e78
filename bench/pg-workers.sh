#!/usr/bin/env bash
# Throughput of sitrep workers sharing one PostgreSQL store: a SQLite
# `sitrep run --jobs 1` for reference, then 1 worker and 4 concurrent
# workers (each --jobs 1) over the same corpus, each on a fresh database of a
# temporary PostgreSQL cluster. Prints docs/s, events/s and the final counts
# (which must agree), and the recovery time of a SIGKILLed worker.
#
#   bench/pg-workers.sh [WORKERS]     (from the repository root, after
#                                      `cargo build --release`; default 4)
#   REPEAT=K bench/pg-workers.sh 4    the CASE 2021 snippets and re3d
#                                      documents K times, copy k ending in a
#                                      line "(Syndicated copy k.)": a corpus
#                                      long enough (K=20: ~12,000 items) that
#                                      each worker loading its models counts
#                                      for little; copies are distinct
#                                      documents whose events cluster together,
#                                      as a wire story picked up by many sites.
#
# Corpus: as bench/run-throughput.sh (bundled samples, the real news pages
# of ../shared/eval/extraction/html, CASE 2021 snippets, re3d) when
# ../shared is there, else only the bundled samples. Needs Debian's
# postgresql (initdb, pg_ctl, psql under /usr/lib/postgresql/*/bin or PG_BIN).
set -euo pipefail
N=${1:-4}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SITREP_SHARED:-$ROOT/../shared}
BIN=${SITREP_BIN:-$ROOT/target/release/sitrep}
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/initdb" ] || { echo "needs PostgreSQL: apt-get install -y postgresql (or set PG_BIN)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sitrep-pg-bench.XXXXXX)
# The server refuses to run as root: give the cluster to `postgres`.
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; AS=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w start \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=50 ${PG_OPTS:-}" >/dev/null
trap '"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qAt "$@"; }
url() { echo "postgres://postgres@127.0.0.1:$PORT/$1"; }

mkdir -p "$WORK/corpus"
INPUTS=("$ROOT"/data/samples/seed/*.txt "$ROOT"/data/samples/news/*.txt
        "$ROOT/data/samples/re3d/centcom/documents.jsonl"
        "$ROOT/data/samples/re3d/us-state-department/documents.jsonl"
        "$ROOT/data/samples/re3d/uk-government/documents.jsonl")
if [ -d "$SHARED/eval" ]; then
python3 - "$SHARED" "$WORK/corpus" "${REPEAT:-1}" <<'PY'
import csv, json, sys
from pathlib import Path
shared, out, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
import datetime, zlib
def date(key):
    # A publication date spread over 2021, fixed by the document's id, so
    # events have dates (dedup wants overlapping ones) and copies of one
    # story share theirs. One date for all would put every event in one
    # week: a worst case for dedup (each event compared with thousands).
    day = zlib.crc32(key.encode()) % 365
    return (datetime.date(2021, 1, 1) + datetime.timedelta(days=day)).isoformat()
def copies(doc):
    yield doc
    for k in range(2, repeat + 1):
        yield dict(doc, id=f"{doc['id']}#copy{k}", text=f"{doc['text']}\n\n(Syndicated copy {k}.)")
with open(out / "case2021.jsonl", "w") as f:
    for row in csv.DictReader(open(shared / "eval/case2021-subevents/dev.tsv"), delimiter="\t"):
        key = f"case2021-{row['id']}"
        for d in copies({"id": key, "text": row["EventSnippet"], "date": date(key)}):
            f.write(json.dumps(d) + "\n")
with open(out / "re3d-other.jsonl", "w") as f:
    for part in ["wikipedia", "australian-department-of-foreign-affairs"]:
        for line in open(shared / "data/re3d" / part / "documents.json"):
            d = json.loads(line)
            key = f"re3d-{d['_id']}"
            for c in copies({"id": key, "url": d.get("sourceUrl"),
                             "text": d["title"] + "\n\n" + d["text"], "date": date(key)}):
                f.write(json.dumps(c) + "\n")
PY
  INPUTS+=("$SHARED/eval/extraction/html" "$WORK/corpus/case2021.jsonl" "$WORK/corpus/re3d-other.jsonl")
else
  echo "(../shared not found: bundled samples only)" >&2
fi

now() { date +%s.%N; }
counts() { psql -d "$1" -c "SELECT (SELECT count(*) FROM documents) || ' documents, ' || (SELECT count(*) FROM events) || ' events, ' || (SELECT count(*) FROM clusters) || ' clusters (' || (SELECT count(*) FROM clusters WHERE n_sources > 1) || ' multi-source)'"; }
report() { # name seconds items events counts
  python3 -c "import sys; n,t,i,e,c=sys.argv[1:]; t=float(t); print(f'{n:<22} {t:7.1f} s {int(i)/t:8.1f} docs/s {int(e)/t:8.1f} events/s   {c}')" "$@"
}

echo "== SQLite, 1 process --jobs 1"
t0=$(now)
"$BIN" run "${INPUTS[@]}" --db "$WORK/one.db" --jobs 1 -q ${RUN_FLAGS:-} 2>"$WORK/sqlite.log" || true
t1=$(now)
grep "now holds" "$WORK/sqlite.log" || true
ITEMS=$(grep -o '^sitrep run: [0-9]* inputs in' "$WORK/sqlite.log" | grep -o '[0-9]*' | head -1)
SQLITE_S=$(echo "$t1 - $t0" | bc)

run_workers() { # db workers
  psql -d postgres -c "CREATE DATABASE $1"
  "$BIN" enqueue "${INPUTS[@]}" --db "$(url "$1")" 2>/dev/null || true
  local t0 t1 c0 c1 pids=()
  c0=$(pg_cpu)
  t0=$(now)
  for i in $(seq "$2"); do
    /usr/bin/time -f "%U %S" -o "$WORK/$1.$i.time" \
      "$BIN" run --worker --db "$(url "$1")" --jobs 1 --batch "${BATCH:-16}" -q ${RUN_FLAGS:-} --worker-name "w$i" 2>"$WORK/$1.$i.log" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  t1=$(now)
  c1=$(pg_cpu)
  # CPU seconds: the workers' (user + system) and the PostgreSQL server's.
  cat "$WORK/$1".*.time | awk '{w += $1 + $2} END {printf "%.1f", w}' > "$WORK/$1.cpu-workers"
  echo "$c1 - $c0" | bc > "$WORK/$1.cpu-pg"
  echo "$t1 - $t0" | bc
}
# CPU seconds used so far by the server: the postmaster and its (exited)
# backends, from /proc.
PG_PID=$(head -1 "$WORK/data/postmaster.pid")
TICKS=$(getconf CLK_TCK)
pg_cpu() { awk -v t="$TICKS" '{printf "%.2f", ($14 + $15 + $16 + $17) / t}' "/proc/$PG_PID/stat"; }
echo "== PostgreSQL, 1 worker"
ONE_S=$(run_workers w1 1)
echo "== PostgreSQL, $N workers"
N_S=$(run_workers wn "$N")
"$BIN" status --db "$(url wn)"

echo
echo "items: $ITEMS (inputs after ingest)"
EV1=$(psql -d w1 -c "SELECT count(*) FROM events")
EVN=$(psql -d wn -c "SELECT count(*) FROM events")
EVS=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from events').fetchone()[0])" "$WORK/one.db")
report "sqlite 1 process" "$SQLITE_S" "$ITEMS" "$EVS" "$(grep -o 'holds.*' "$WORK/sqlite.log")"
report "postgres 1 worker" "$ONE_S" "$ITEMS" "$EV1" "$(counts w1)"
report "postgres $N workers" "$N_S" "$ITEMS" "$EVN" "$(counts wn)"
python3 -c "import sys; print(f'speed-up {sys.argv[3]} workers / 1 worker: {float(sys.argv[1])/float(sys.argv[2]):.2f}x wall, process start-up included  (machine: {sys.argv[4]} cores)')" "$ONE_S" "$N_S" "$N" "$(nproc)"
# Steady state: from the first claim to the last finished item, from the
# queue's own timestamps. This leaves out each process loading its models
# (about a second of CPU a worker, paid once by a long-lived worker but N
# times at once here, on a corpus that takes only seconds).
span() { psql -d "$1" -c "SELECT EXTRACT(EPOCH FROM max(finished_at) - min(claimed_at)) FROM work_items"; }
ONE_Q=$(span w1); N_Q=$(span wn)
report "postgres 1 worker, queue" "$ONE_Q" "$ITEMS" "$EV1" "first claim to last done"
report "postgres $N workers, queue" "$N_Q" "$ITEMS" "$EVN" "first claim to last done"
python3 -c "import sys; print(f'speed-up {sys.argv[3]} workers / 1 worker, steady state: {float(sys.argv[1])/float(sys.argv[2]):.2f}x')" "$ONE_Q" "$N_Q" "$N"
# On C cores, N CPU-bound workers cannot finish faster than their CPU
# seconds / C: the ceiling the cores put on the speed-up, whatever the store.
for db in w1 wn; do
  python3 -c "import sys; w,p=float(sys.argv[2]),float(sys.argv[3]); print(f'{sys.argv[1]:<22} CPU: workers {w:.1f} s + PostgreSQL {p:.1f} s = {w+p:.1f} s')" "$db" "$(cat "$WORK/$db.cpu-workers")" "$(cat "$WORK/$db.cpu-pg")"
done
python3 -c "import sys; one,w,p,c=float(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); print(f'best possible on {c} cores given that CPU: {sys.argv[5]} workers need >= {(w+p)/c:.1f} s, i.e. <= {one/((w+p)/c):.2f}x the 1-worker wall (only meaningful when nothing else runs)')" "$ONE_S" "$(cat "$WORK/wn.cpu-workers")" "$(cat "$WORK/wn.cpu-pg")" "$(nproc)" "$N"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Write path alone: time spent in the store's transactions, from PostgreSQL's
# own statistics, against the workers' wall time.
echo "time each worker spent writing to PostgreSQL (transactions incl. dedup):"
grep -ho "w[0-9]*: [0-9]* items in.*" "$WORK"/wn.*.log | sed -E 's/: ([0-9]+) items in ([0-9.]+ s) .*; ([0-9.]+ s \([0-9]+%\)) writing.*/: \1 items in \2, \3 writing/' | sed 's/^/  /'
