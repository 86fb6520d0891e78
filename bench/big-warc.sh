#!/usr/bin/env bash
# Memory stays bounded on a big crawl: a WARC of SIZE_MB megabytes (default
# 1024) is made from the bundled news samples, each record an HTML page of
# ~64 KB (one article in a page of navigation, a script and a footer, as
# crawled pages are: mostly not the story), and put through
# `sitrep events` (to /dev/null) and `sitrep run` (into a SQLite database).
# Prints, for each, wall time, records per second and peak RSS
# (/usr/bin/time -v); the issue's bar is a peak under 400 MB.
#
# Each record is a distinct document: its own URL, publication date (spread
# over 2000-2029) and desk line, and its article's years moved by the same
# offset, so copies of one sample are not one event reported 16,000 times
# (which would test dedup's worst case, not streaming).
#
# usage: bench/big-warc.sh [SIZE_MB]      (WARC and database under $TMPDIR)
#        STEPS="events run" picks the commands (default both)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZE_MB=${1:-1024}
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
WARC="$TMP/big.warc"

python3 - "$ROOT/data/samples/news" "$WARC" "$SIZE_MB" <<'PY'
import datetime, html, pathlib, re, sys
src, out, size_mb = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
articles = []
for p in sorted(src.glob("*.txt")):
    lines = p.read_text(encoding="utf-8").split("\n")
    title = lines[0].strip()
    paras = [q.strip() for q in "\n".join(lines[1:]).split("\n\n") if q.strip()]
    articles.append((p.stem, title, paras))
nav = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(300))
script = "var cfg = {" + ",".join(f'"k{k}": "{"x" * 40}"' for k in range(500)) + "};"
footer = "".join(f'<p class="legal">Footer link {k} | Privacy | Terms | Contact</p>' for k in range(80))
target = size_mb * 1024 * 1024
written = 0
i = 0
start = datetime.date(2000, 1, 1)
with open(out, "wb") as f:
    while written < target:
        stem, title, paras = articles[i % len(articles)]
        shift = i % 30  # years added to the article's own
        day = start + datetime.timedelta(days=(i * 7919) % (30 * 365))
        move = lambda t: re.sub(r"\b(19[5-9]\d|20[0-2]\d)\b", lambda m: str(int(m.group(1)) + shift), t)
        body = "".join(f"<p>{html.escape(move(p))}</p>" for p in paras)
        page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(move(title))}</title>"
                f"<meta property=\"article:published_time\" content=\"{day.isoformat()}T08:00:00Z\">"
                f"<script>{script}</script></head><body><nav><ul>{nav}</ul></nav>"
                f"<article><h1>{html.escape(move(title))}</h1>{body}<p>Filed from desk {i}.</p></article>"
                f"<footer>{footer}</footer></body></html>").encode()
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(page)}\r\n\r\n".encode() + page)
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
                f"WARC-Date: {day.isoformat()}T09:00:00Z\r\nWARC-Target-URI: https://news.example.org/{stem}/{i}\r\n"
                f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
        f.write(head + http + b"\r\n\r\n")
        written += len(head) + len(http) + 4
        i += 1
print(f"{out}: {written / 1048576:.0f} MB, {i} records, {written / i / 1024:.0f} KB a record", file=sys.stderr)
PY

# Peak RSS splits into anonymous memory (the program's own: buffers,
# records, models, SQLite's page cache) and file-backed pages (the models
# and, for `run`, the database SQLite memory-maps, up to its mmap_size of
# 256 MB: page cache the kernel can drop, growing with the database, not with
# the input's size). A sampler reads both from /proc every 0.2 s.
sample() { # pid: the largest RssAnon and RssFile seen, in MB
  local anon=0 file=0 a f
  while [ -r "/proc/$1/status" ]; do
    a=$(awk '/^RssAnon/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    f=$(awk '/^RssFile/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    [ "${a:-0}" -gt "$anon" ] && anon=$a
    [ "${f:-0}" -gt "$file" ] && file=$f
    sleep 0.2
  done
  echo "$((anon / 1024)) $((file / 1024))"
}

measure() { # label cmd...
  local label=$1; shift
  /usr/bin/time -v -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" &
  local timer=$! pid=""
  while [ -z "$pid" ] && kill -0 "$timer" 2>/dev/null; do
    pid=$(pgrep -P "$timer" || true); sleep 0.05
  done
  if [ -n "$pid" ]; then sample "$pid" >"$TMP/sample"; else echo "0 0" >"$TMP/sample"; fi
  wait "$timer" || { echo "$label: failed"; tail -3 "$TMP/err"; }
  python3 - "$label" "$TMP/time" "$(grep -c '^WARC/1.0' "$WARC")" "$(cat "$TMP/sample")" <<'PY'
import re, sys
label, path, records = sys.argv[1], sys.argv[2], int(sys.argv[3])
anon, filebacked = sys.argv[4].split()
t = open(path).read()
wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0].split(":")
secs = sum(float(x) * 60 ** k for k, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1)) + float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
print(f"{label:<8} {secs:8.1f} s wall {cpu:8.1f} s CPU {records / secs:8.1f} records/s   peak RSS {rss / 1024:6.0f} MB"
      f" (sampled: anonymous {anon} MB, file-backed {filebacked} MB)")
PY
}

for step in ${STEPS:-events run}; do
  case $step in
    events) measure events "$BIN" events "$WARC" ;;
    run)
      measure run "$BIN" run "$WARC" --db "$TMP/big.db" --quiet
      grep "now holds" "$TMP/err" || true
      echo "database: $(du -m "$TMP/big.db" | cut -f1) MB" ;;
  esac
done
