#!/usr/bin/env bash
# Throughput of `sitrep bench extraction` against Python trafilatura on the
# same pages, in the same run, each pinned to one core. Makes a throwaway
# virtualenv (deleted on exit) and pip-installs trafilatura into it.
#
#   bench/extraction-vs-trafilatura.sh [GOLD_DIR]    (default ../shared/eval/extraction)
set -euo pipefail
cd "$(dirname "$0")/.."
GOLD=${1:-../shared/eval/extraction}
[ -d "$GOLD/html" ] || { echo "no $GOLD/html: pass the gold folder" >&2; exit 2; }
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"

VENV=$(mktemp -d)
trap 'rm -rf "$VENV"' EXIT
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet trafilatura lxml_html_clean >&2
if ! cargo build --release --quiet; then
    [ -x target/release/sitrep ] || exit 1
    echo "warning: cargo build failed; measuring the existing target/release/sitrep" >&2
fi

TRAF=$($PIN "$VENV/bin/python" - "$GOLD" <<'PY'
import glob, gzip, sys, time
import trafilatura
pages = [gzip.open(p, "rt", encoding="utf8").read() for p in sorted(glob.glob(sys.argv[1] + "/html/*.html.gz"))]
for p in pages[:5]:
    trafilatura.extract(p)          # warm-up
rounds = []
for _ in range(3):
    t = time.perf_counter()
    for p in pages:
        trafilatura.extract(p)
    rounds.append(time.perf_counter() - t)
rounds.sort()
print(f"{len(pages) / rounds[len(rounds) // 2]:.1f}")
PY
)
OURS=$($PIN target/release/sitrep bench extraction --gold "$GOLD" | sed -n 's/^pages\/s: \([0-9.]*\).*/\1/p')
echo "trafilatura $("$VENV/bin/python" -c 'import trafilatura; print(trafilatura.__version__)'): $TRAF pages/s (one core)"
echo "sitrep:              $OURS pages/s (one core)"
python3 -c "print(f'ratio: {float(\"$OURS\") / float(\"$TRAF\"):.1f}x')"
