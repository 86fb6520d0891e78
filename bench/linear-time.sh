#!/usr/bin/env bash
# Time stays linear in the input: for each case, inputs of growing size are
# generated and timed (wall seconds and peak RSS, /usr/bin/time); the
# per-unit columns are the time per unit relative to the smallest size timed —
# within 2× of 1.0 from the smallest to the largest is linear enough.
# The per-unit figures are of CPU seconds (user + system), which another
# process on the machine disturbs less than wall time; `net` subtracts the
# start-up (loading models and the knowledge base, ~0.5 s: the least of three
# runs on a one-unit input of the same command), which otherwise dominates
# the small sizes.
#   page:  one sentence of N tokens, no full stop (`sitrep events`: the
#          whole pipeline — tokenizer, tagger, parser, event rules); the
#          splitter cuts it into sentences of --max-sentence-tokens (200)
#   feed:  an RSS feed of N items (`sitrep extract`)
#   jsonl: N JSONL rows (`sitrep extract`)
#
# usage: bench/linear-time.sh [MAX_EXPONENT]   (default 6: page 10^4..10^6,
#        feed and JSONL 10^3..10^5; 5: page 10^3..10^5); CASES="page" runs only some cases
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MAXE=${1:-6}
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

gen() { # kind n file
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = "militants attacked a checkpoint near the town and police said three soldiers were wounded in the clash".split()
with open(out, "w") as f:
    if kind == "page":
        f.write(" ".join(words[i % len(words)] for i in range(n)) + "\n")
    elif kind == "feed":
        f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>\n')
        for i in range(n):
            f.write("<item><title>Item %d</title><link>https://example.org/%d</link><pubDate>Sat, 03 Feb 2024 10:00:00 GMT</pubDate>"
                    "<description>Militants attacked checkpoint %d near the town on Friday, killing %d soldiers, officials said.</description></item>\n" % (i, i, i, i % 9 + 1))
        f.write("</channel></rss>\n")
    else:
        for i in range(n):
            f.write(json.dumps({"text": "Militants attacked checkpoint %d near the town on Friday, killing %d soldiers, officials said." % (i, i % 9 + 1),
                                "url": "https://example.org/%d" % i, "date": "2024-02-03"}) + "\n")
PY
}

measure() { # label n cmd...
  local label=$1 n=$2; shift 2
  /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || { echo "$label $n: failed"; tail -3 "$TMP/err"; return; }
  read -r secs kb user sys <"$TMP/time"
  echo "$label $n $secs $kb $(echo "$user + $sys" | bc)"
}

run_case() { # kind file
  if [ "$1" = page ]; then
    measure page 0 "$BIN" events "$2" --date 2024-02-11
  else
    measure "$1" 0 "$BIN" extract "$2"
  fi
}

printf '%-6s %9s %9s %9s %9s %10s %10s %10s\n' case n wall_s cpu_s peak_MB 'us/unit' 'per-unit×' 'net×'
for kind in ${CASES:-page feed jsonl}; do
  if [ "$kind" = page ]; then lo=$((MAXE - 2)); hi=$MAXE; else lo=$((MAXE - 3)); hi=$((MAXE - 1)); fi
  gen "$kind" 1 "$TMP/$kind-1"
  startup=""
  for _ in 1 2 3; do
    read -r _ _ _ _ cpu <<<"$(run_case "$kind" "$TMP/$kind-1")" || true
    startup=$(python3 -c "import sys; print(min(float(x) for x in sys.argv[1:] if x))" "$cpu" $startup)
  done
  echo "$kind start-up (1 unit, CPU): ${startup} s"
  base=""; netbase=""
  for e in $(seq "$lo" "$hi"); do
    n=$((10 ** e))
    f="$TMP/$kind-$n"
    gen "$kind" "$n" "$f"
    read -r _ _ secs kb cpu <<<"$(run_case "$kind" "$f")" || true
    per=$(python3 -c "import sys; print(float(sys.argv[1]) / int(sys.argv[2]))" "$cpu" "$n")
    net=$(python3 -c "import sys; print((float(sys.argv[1]) - float(sys.argv[2])) / int(sys.argv[3]))" "$cpu" "$startup" "$n")
    # The reference is the smallest size the clock could time (> 0.00 s);
    # rows before it have no ratio ("-").
    if [ -z "$base" ] && python3 -c "import sys; sys.exit(float(sys.argv[1]) <= 0 or float(sys.argv[2]) <= 0)" "$per" "$net"; then
      base=$per; netbase=$net
    fi
    python3 - "$kind" "$n" "$secs" "$cpu" "$((kb / 1024))" "$net" "$per" "$base" "$netbase" <<'PY2'
import sys
kind, n, secs, cpu, mb, net, per, base, netbase = sys.argv[1:]
ratio = lambda a, b: f"{float(a) / float(b):10.2f}" if b and float(b) > 0 else f"{'-':>10}"
print(f"{kind:<6} {n:>9} {secs:>9} {float(cpu):9.2f} {mb:>9} {float(net) * 1e6:10.1f} {ratio(per, base)} {ratio(net, netbase)}")
PY2
    rm -f "$f"
  done
done
