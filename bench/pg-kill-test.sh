#!/usr/bin/env bash
# Killed while holding a lease, nothing lost or doubled: the PostgreSQL
# variant of bench/kill-test.sh. A throwaway cluster is started in /tmp; a
# clean run (one worker over the queue) gives the reference database. Then,
# round after round, the corpus is queued into a fresh database and worked by
# two workers at once; at a random moment the first of them ("the victim") is
# SIGKILLed — at the first instant from then on that it holds a lease on
# claimed items, so every kill lands between a claim and its commit — and a
# new victim is started, PER_ROUND times (default 5). The survivor takes
# over the dead workers' items when their lease (--lease-secs 2) lapses.
# When the round's workers have drained the queue, its database is compared
# with the clean one by a canonical dump (documents, events, evidence,
# actors, clusters, places; rows sorted, without insertion order, serial ids
# or timestamps).
#
# usage: bench/pg-kill-test.sh [KILLS] [PER_ROUND]    (default 50 and 5)
#   COPIES=N   corpus = data/samples/news copied N times (default 8), each
#              copy's files made distinct by a line of their own
#   BATCH=N    items a worker claims (and commits) at once (default 4)
# Needs PostgreSQL server binaries (initdb, pg_ctl, psql): PG_BIN, else the
# newest /usr/lib/postgresql/*/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ROOT=$PWD
KILLS=${1:-50}
PER_ROUND=${2:-5}
BATCH=${BATCH:-4}
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/initdb" ] || { echo "needs PostgreSQL: apt-get install -y postgresql (or set PG_BIN)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sitrep-pg-kill.XXXXXX)
# The server refuses to run as root: give the cluster to `postgres`.
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; AS=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w start \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=50" >/dev/null
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qAt "$@"; }
url() { echo "postgres://postgres@127.0.0.1:$PORT/$1"; }

CORPUS="$WORK/corpus"
copies_corpus "$CORPUS" "${COPIES:-8}"

new_db() { # name: a fresh database with the corpus queued
  psql -d postgres -c "CREATE DATABASE $1"
  "$BIN" enqueue "$CORPUS" --date 2024-02-11 --db "$(url "$1")" >/dev/null 2>&1
}
worker() { # db name log: start a worker in the background; its pid in WPID
  "$BIN" run --worker --db "$(url "$1")" --date 2024-02-11 --jobs 1 --batch "$BATCH" \
    --lease-secs 2 --worker-name "$2" -q >>"$3" 2>&1 &
  WPID=$!
  PIDS+=("$WPID")
}
holds_lease() { # db name: items it has claimed and not finished
  psql -d "$1" -c "SELECT count(*) FROM work_items WHERE state = 'claimed' AND worker = '$2'"
}

# One line a row, sorted: what the database holds, independent of serial ids,
# insertion order and timestamps.
dump() {
  psql -d "$1" -F '|' <<'SQL'
SELECT 'doc', id, content_hash, source, n_events, record FROM documents ORDER BY id;
SELECT 'input', raw_hash, document_id FROM inputs ORDER BY raw_hash;
SELECT 'event', e.id, e.document_id, e.seq, e.cluster_id, p.key, e.json
  FROM events e LEFT JOIN places p ON p.id = e.place_id ORDER BY e.id;
SELECT 'evidence', event_id, n, start, "end", text FROM evidence ORDER BY event_id, n;
SELECT 'actor', event_id, role, n, text, name, kb_id FROM event_actors ORDER BY event_id, role, n;
SELECT 'cluster', id, plover_event, acled_sub_event_type, date_start, date_end, country,
  location, fatalities_min, fatalities_max, n_events, n_sources, canonical FROM clusters ORDER BY id;
SELECT 'place', key, name, geonameid, country FROM places ORDER BY key;
SELECT 'queue', count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state <> 'done') FROM work_items;
SQL
}

# The same dump with each cluster named by its smallest member event id
# instead of the id it was given: should rounds differ, this tells a
# difference in names alone (clusters are named after their first member in
# input order, whatever order workers commit in, so they should not) from
# one in contents.
normalise() {
  python3 - "$1" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
label = {}
for l in lines:
    if l.startswith("event|"):
        f = l.split("|", 6)
        label[f[4]] = min(label.get(f[4], f[1]), f[1])
def fix(doc, cid, keys):
    # An event's own id stays; a cluster's canonical record has its id too.
    d = json.loads(doc)
    for k in keys:
        if d.get(k) == cid:
            d[k] = "C:" + label.get(cid, cid)
    return json.dumps(d, sort_keys=True, ensure_ascii=False)
out = []
for l in lines:
    if l.startswith("event|"):
        f = l.split("|", 6)
        f[6] = fix(f[6], f[4], ("cluster",))
        f[4] = "C:" + label[f[4]]
        l = "|".join(f)
    elif l.startswith("cluster|"):
        f = l.split("|")
        cid = f[1]
        f[-1] = fix(f[-1], cid, ("id", "cluster"))
        f[1] = "C:" + label.get(cid, cid)
        l = "|".join(f)
    out.append(l)
print("\n".join(sorted(out)))
PY
}

compare() { # db: "equal", "equal up to cluster names" or the differences
  dump "$1" >"$WORK/$1.dump"
  if cmp -s "$WORK/clean.dump" "$WORK/$1.dump"; then
    echo equal
  else
    normalise "$WORK/$1.dump" >"$WORK/$1.norm"
    if cmp -s "$WORK/clean.norm" "$WORK/$1.norm"; then
      echo "equal up to cluster names ($(diff "$WORK/clean.dump" "$WORK/$1.dump" | grep -c '^>') rows name clusters differently)"
    else
      echo "DIFFERENT:"
      diff <(cut -c1-200 "$WORK/clean.norm") <(cut -c1-200 "$WORK/$1.norm") | head -20
      mkdir -p /tmp/sitrep-pg-kill-diffs && cp "$WORK/clean.dump" "$WORK/$1.dump" /tmp/sitrep-pg-kill-diffs/
    fi
  fi
}

new_db clean
start=$(date +%s.%N)
worker clean clean "$WORK/clean.log"
wait "$WPID"
clean_secs=$(echo "$(date +%s.%N) - $start" | bc)
dump clean >"$WORK/clean.dump"
normalise "$WORK/clean.dump" >"$WORK/clean.norm"
echo "clean run (1 worker): ${clean_secs}s, $(grep -c '^doc|' "$WORK/clean.dump") documents, $(grep -c '^event|' "$WORK/clean.dump") events, $(grep -c '^cluster|' "$WORK/clean.dump") clusters"

# Control: two workers, no kill. Tells what concurrency alone changes.
new_db control
worker control control-a "$WORK/control.log"; a=$WPID
worker control control-b "$WORK/control.log"; b=$WPID
wait "$a"; wait "$b"
echo "control (2 workers, no kill): $(compare control)"

killed=0; rounds=0; same=0; exact=0; early=0; held=0
while [ "$killed" -lt "$KILLS" ]; do
  rounds=$((rounds + 1))
  db="round$rounds"
  log="$WORK/$db.log"
  new_db "$db"
  worker "$db" "survivor$rounds" "$log"
  survivor=$WPID
  for k in $(seq "$PER_ROUND"); do
    [ "$killed" -lt "$KILLS" ] || break
    name="victim$rounds-$k"
    worker "$db" "$name" "$log"
    victim=$WPID
    # A random moment, then the first instant the victim holds a lease.
    sleep "$(python3 -c "import random; print(round(random.uniform(0.05, 0.8 * $clean_secs / $PER_ROUND), 2))")"
    caught=0
    while kill -0 "$victim" 2>/dev/null; do
      if [ "$(holds_lease "$db" "$name")" != 0 ]; then
        kill -9 "$victim" 2>/dev/null && caught=1
        break
      fi
      sleep 0.01
    done
    wait "$victim" 2>/dev/null || true
    if [ "$caught" = 1 ]; then
      killed=$((killed + 1))
      # Still claimed after its death: the kill fell inside the lease.
      [ "$(holds_lease "$db" "$name")" != 0 ] && held=$((held + 1))
    else
      early=$((early + 1)) # the queue drained first: not a kill
    fi
    # Keep two workers on the queue: a survivor that finished is replaced.
    if ! kill -0 "$survivor" 2>/dev/null; then
      worker "$db" "survivor$rounds-$k" "$log"; survivor=$WPID
    fi
  done
  if ! wait "$survivor"; then
    echo "round $rounds: the surviving worker failed:"; tail -5 "$log"; continue
  fi
  # Whatever a victim left claimed the survivor has taken over; a last worker
  # checks the queue is drained (it exits at once when it is).
  worker "$db" "final$rounds" "$log"
  wait "$WPID" || { echo "round $rounds: the final worker failed:"; tail -5 "$log"; continue; }
  verdict=$(compare "$db")
  echo "round $rounds: $killed kills so far; database $verdict"
  case $verdict in
    equal) same=$((same + 1)); exact=$((exact + 1)) ;;
    equal*) same=$((same + 1)) ;;
  esac
done
echo "kills: $killed ($held left items claimed by the dead worker; victims that never held a lease before the queue drained: $early)"
echo "rounds equal to the clean run: $same/$rounds ($exact/$rounds also in every cluster's stored name)"
[ "$same" -eq "$rounds" ]
