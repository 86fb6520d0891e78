#!/usr/bin/env bash
# The API under strangers: schemathesis (PyPI, installed into
# bench/.venv-schemathesis on first use) generates requests from the served
# OpenAPI document — the write route included, with a token — for SECONDS
# (default 300) against `sitrep serve` on the demo database, and prints
# every failure of the checks that matter: no 5xx, no response outside the
# schema, no undocumented status or content type, no response slower than
# 10 s. Exit status is schemathesis's (non-zero when anything failed).
#
# usage: bench/schemathesis.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECS=${1:-300}
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
VENV="$ROOT/bench/.venv-schemathesis"
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis>=4,<5"
fi

TMP=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

"$BIN" demo --out "$TMP/out" --db "$TMP/demo.db" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; exit 1; }
TOKEN="st-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
# Rate limits off: they would answer most generated requests with 429 and
# hide the routes behind them; the write concurrency limit stays on.
"$BIN" serve --db "$TMP/demo.db" --addr 127.0.0.1:0 --write-token "$TOKEN" \
  --read-rate 0 --write-rate 0 --reload-secs 0 >"$TMP/serve.log" 2>&1 &
SERVER=$!
URL=""
for _ in $(seq 300); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.log" | head -1 || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "sitrep serve did not start:" >&2; cat "$TMP/serve.log" >&2; exit 1; }
echo "sitrep serve at $URL; schemathesis $("$VENV/bin/st" --version | awk '{print $NF}') for ${SECS}s"

set +e
"$VENV/bin/st" run "${URL}api/v1/openapi.json" --url "${URL%/}" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-response-time 10 --request-timeout 30 --max-time "$SECS" \
  -H "Authorization: Bearer $TOKEN" --continue-on-failure \
  --report ndjson --report-dir "$TMP/report" >"$TMP/st.log" 2>&1
rc=$?
set -e
# The summary: per-operation results, every failure, the totals.
sed -n '/^Test Phase\|^API Operations\|^=* *FAILURES\|^=* *SUMMARY/,$p' "$TMP/st.log" | grep -v '^\s*$' | tail -n 80
kill -0 "$SERVER" 2>/dev/null || { echo "sitrep serve died:" >&2; tail -20 "$TMP/serve.log" >&2; rc=1; }
exit $rc
