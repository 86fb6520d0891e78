#!/usr/bin/env bash
# The PostgreSQL tests (crates/sitrep/tests/pg_workers.rs) with a real
# server: installs Debian's postgresql if its binaries are missing, then runs
# the tests, which start their own clusters in temporary directories (as the
# `postgres` user when run as root). Without the binaries the tests would
# print SKIP and pass; this script makes sure they really run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
echo "== PostgreSQL tests"
out=$(cargo test --release -p sitrep --test pg_workers -- --nocapture 2>&1) || { echo "$out"; exit 1; }
echo "$out" | grep -E "^test |recovery|SKIP|test result"
if echo "$out" | grep -q SKIP; then
  echo "pg-tests: PostgreSQL tests skipped although postgresql was installed" >&2
  exit 1
fi
