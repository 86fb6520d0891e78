#!/usr/bin/env bash
# Load benchmark of `sitrep serve`: wrk (Debian package) from a second
# process on localhost against /api/v1/events?country=IRQ on the demo
# database. Prints requests/s and p99 latency against the targets
# (>= 2000 req/s, p99 < 50 ms). A benchmark, not a test: it does not fail CI.
#
# usage: bench/serve-load.sh [DB_OR_JSONL] [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DUR=${2:-10}
CONN=${3:-32}
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

TMP=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

DB=${1:-}
if [ -z "$DB" ]; then
  DB="$TMP/demo.db"
  "$BIN" demo --out "$TMP/out" --db "$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; exit 1; }
fi

"$BIN" serve --db "$DB" --addr 127.0.0.1:0 >"$TMP/serve.log" 2>&1 &
SERVER=$!
URL=""
for _ in $(seq 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.log" | head -1 || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "sitrep serve did not start:" >&2; cat "$TMP/serve.log" >&2; exit 1; }
TARGET="${URL}api/v1/events?country=IRQ"
MATCHES=$(curl -sf "$TARGET&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
BYTES=$(curl -sf "$TARGET" | wc -c)
echo "$(head -1 "$TMP/serve.log" | sed 's/^sitrep serve: //'); IRQ events: $MATCHES; response: $BYTES bytes"
echo "wrk -t1 -c$CONN -d${DUR}s --latency $TARGET"

wrk -t1 -c"$CONN" -d"${DUR}s" --latency "$TARGET" | tee "$TMP/wrk.txt"
RPS=$(awk '/^Requests\/sec/ {print $2}' "$TMP/wrk.txt")
P99=$(awk '$1 == "99%" {print $2}' "$TMP/wrk.txt")
NON2XX=$(awk '/Non-2xx/ {print $NF}' "$TMP/wrk.txt")
P99_MS=$(python3 -c '
import sys, re
v = sys.argv[1]
m = re.match(r"([0-9.]+)(us|ms|s)$", v)
print(round(float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)], 2) if m else "?")' "$P99")
echo "serve-load: ${RPS} requests/s, p99 ${P99_MS} ms, non-2xx ${NON2XX:-0} (targets: >= 2000 req/s, p99 < 50 ms)"
