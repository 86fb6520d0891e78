#!/usr/bin/env bash
# Browser tests of the dashboard: Debian's chromium, driven headless by
# playwright-core (never a downloaded browser), against `sitrep serve` on
# the demo database. Screenshots go to artifacts/. Exits non-zero on failure;
# the last line says "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ART="$ROOT/artifacts"
mkdir -p "$ART"
printf '*\n' > "$ART/.gitignore"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null; then
  as_root apt-get update
  as_root apt-get install -y chromium
fi
(cd web/browser-test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

# SITREP_BIN: test an already-built binary instead of building one.
if [ -z "${SITREP_BIN:-}" ]; then cargo build --release --quiet; fi
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
TMP=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

start_server() { # $1 = database or JSONL
  "$BIN" serve --db "$1" --addr 127.0.0.1:0 >"$TMP/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/serve.log" | head -1 || true)
    [ -n "$URL" ] && return 0
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  echo "sitrep serve did not start:" >&2; cat "$TMP/serve.log" >&2; return 1
}

# The checks need events in at least two countries and two time buckets.
enough() {
  curl -sf "${URL}api/v1/stats/top?limit=100" | python3 -c '
import json, sys
top = json.load(sys.stdin)
sys.exit(0 if len(top["countries"]) >= 2 and sum(top["types"].values()) >= 4 else 1)'
}

DATA="demo database"
if "$BIN" demo --out "$TMP/out" --db "$TMP/demo.db" >"$TMP/demo.log" 2>&1 && start_server "$TMP/demo.db" && enough; then
  :
else
  # Until the pipeline finds enough events in the samples, test the
  # dashboard on the hand-annotated sample records the API tests use.
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  SERVER=""
  DATA="fixture crates/sitrep-serve/tests/fixtures/events.jsonl (the demo database had too few events: $(tail -1 "$TMP/demo.log" 2>/dev/null))"
  start_server "$ROOT/crates/sitrep-serve/tests/fixtures/events.jsonl"
fi
echo "browser tests on ${URL} — $(head -1 "$TMP/serve.log" | sed 's/^sitrep serve: //') — data: $DATA"
node web/browser-test/dashboard.test.mjs "$URL" "$ART"
