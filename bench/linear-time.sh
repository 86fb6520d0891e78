#!/usr/bin/env bash
# Time stays linear in the input: for each case, inputs of growing size are
# generated and timed (wall seconds and peak RSS, /usr/bin/time); the last
# column is the time per unit relative to the smallest size — within 2× of
# 1.0 from the smallest to the largest is linear enough.
#   page:  one sentence of N tokens, no full stop (`sitrep events`: the
#          whole pipeline — tokenizer, tagger, parser, event rules)
#   feed:  an RSS feed of N items (`sitrep extract`)
#   jsonl: N JSONL rows (`sitrep extract`)
#
# usage: bench/linear-time.sh [MAX_EXPONENT]   (default 6: page 10^4..10^6,
#        feed and JSONL 10^3..10^5)
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
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || { echo "$label $n: failed"; tail -3 "$TMP/err"; return; }
  read -r secs kb <"$TMP/time"
  echo "$label $n $secs $kb"
}

printf '%-6s %9s %9s %9s %12s\n' case n seconds peak_MB 'per-unit×'
for kind in page feed jsonl; do
  if [ "$kind" = page ]; then lo=4; hi=$MAXE; else lo=$((MAXE - 3)); hi=$((MAXE - 1)); fi
  base=""
  for e in $(seq "$lo" "$hi"); do
    n=$((10 ** e))
    f="$TMP/$kind-$n"
    gen "$kind" "$n" "$f"
    if [ "$kind" = page ]; then
      line=$(measure page "$n" "$BIN" events "$f" --date 2024-02-11)
    else
      line=$(measure "$kind" "$n" "$BIN" extract "$f")
    fi
    read -r _ _ secs kb <<<"$line" || true
    per=$(echo "$secs / $n" | bc -l)
    [ -n "$base" ] || base=$per
    printf '%-6s %9s %9s %9s %12.2f\n' "$kind" "$n" "$secs" "$((kb / 1024))" "$(echo "$per / $base" | bc -l)"
    rm -f "$f"
  done
done
