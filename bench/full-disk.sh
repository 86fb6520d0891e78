#!/usr/bin/env bash
# A full disk under `sitrep run` (SQLite): the database lives on a small
# tmpfs of its own (mounted here, so this needs root; the normal suite has
# the same check without a mount: sitrep-store's
# a_full_disk_is_a_clear_error_and_the_database_stays_as_it_was).
#   1. a first run stores one copy of the news samples (fits);
#   2. a filler file takes every byte left; a second run over the whole
#      corpus must fail with one clear line, and the database must be as it
#      was: the main file the same bytes, and (the filler removed: reading a
#      WAL database needs room for its -shm index) the same rows and
#      PRAGMA integrity_check ok;
#   3. a filler leaves about 2 MB: a third run fills the disk in the middle
#      of the corpus and must fail the same way, leaving whole batches only
#      (every stored document exactly as in a clean run's database, with
#      all its events);
#   4. the tmpfs grows (remount): a last run goes on from there and must end
#      with the database of a clean run on a roomy disk.
#
# usage: bench/full-disk.sh        COPIES=N copies of data/samples/news (default 8)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ROOT=$PWD
BIN="${SITREP_BIN:-$ROOT/target/release/sitrep}"
[ -n "${SITREP_BIN:-}" ] || cargo build --release --quiet
[ "$(id -u)" = 0 ] || { echo "needs root to mount a tmpfs" >&2; exit 2; }
TMP=$(mktemp -d)
DISK="$TMP/disk"
mkdir -p "$DISK"
mount -t tmpfs -o size=3m tmpfs "$DISK"
cleanup() { umount "$DISK" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

copies_corpus "$TMP/corpus" "${COPIES:-8}"
ARGS=(--date 2024-02-11 --batch 4 --jobs 2 --quiet)

dump() { sqlite_dump "$1"; }
check() { sqlite3 -batch "$1" 'PRAGMA integrity_check'; }
fail=0
expect() { # what ok?
  if [ "$2" = ok ]; then echo "  ok: $1"; else echo "  FAILED: $1"; fail=1; fi
}
full_error() { # log: the run's stderr is one line saying the disk is full
  [ "$(grep -c . "$1")" = 1 ] && grep -q 'full.db: the disk is full' "$1"
}

"$BIN" run "$TMP/corpus" --db "$TMP/clean.db" "${ARGS[@]}" 2>/dev/null
dump "$TMP/clean.db" >"$TMP/clean.dump"
echo "clean run: $(grep -c '^doc|' "$TMP/clean.dump") documents, $(grep -c '^event|' "$TMP/clean.dump") events; $(du -k "$TMP/clean.db" | cut -f1) KB"

DB="$DISK/full.db"
echo "1. first run, one copy, on a 3 MB tmpfs"
"$BIN" run "$TMP/corpus/copy1" --db "$DB" "${ARGS[@]}" 2>"$TMP/run1.log" && r=ok || r=no
expect "it succeeds" "$r"
dump "$DB" >"$TMP/before.dump"
sha_before=$(sha256sum "$DB" | cut -d' ' -f1)
echo "   stored $(grep -c '^doc|' "$TMP/before.dump") documents; $(df -k --output=avail "$DISK" | tail -1) KB free"

echo "2. no byte left: a run over the whole corpus"
dd if=/dev/zero of="$DISK/filler" bs=64k 2>/dev/null || true
echo "   $(df -k --output=avail "$DISK" | tail -1) KB free"
"$BIN" run "$TMP/corpus" --db "$DB" "${ARGS[@]}" 2>"$TMP/run2.log" && r=no || r=ok
expect "it fails (exit status non-zero)" "$r"
echo "   stderr: $(cat "$TMP/run2.log")"
full_error "$TMP/run2.log" && r=ok || r=no
expect "one line naming the file: the disk is full" "$r"
[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sha_before" ] && r=ok || r=no
expect "the main file the same bytes" "$r"
# Reading a WAL database needs a few KB for its index (-shm) too, so the
# rows are looked at once the filler is gone.
rm -f "$DISK/filler"
[ "$(check "$DB")" = ok ] && r=ok || r=no
expect "integrity_check ok" "$r"
dump "$DB" >"$TMP/after2.dump"
cmp -s "$TMP/before.dump" "$TMP/after2.dump" && r=ok || r=no
expect "the same rows as before the run" "$r"

echo "3. about 2 MB free: the disk fills in the middle of the run"
dd if=/dev/zero of="$DISK/filler" bs=64k count=4 2>/dev/null || true
echo "   $(df -k --output=avail "$DISK" | tail -1) KB free"
"$BIN" run "$TMP/corpus" --db "$DB" "${ARGS[@]}" 2>"$TMP/run3.log" && r=no || r=ok
expect "it fails" "$r"
echo "   stderr: $(cat "$TMP/run3.log")"
full_error "$TMP/run3.log" && r=ok || r=no
expect "one line naming the file: the disk is full" "$r"
rm -f "$DISK/filler"
[ "$(check "$DB")" = ok ] && r=ok || r=no
expect "integrity_check ok" "$r"
dump "$DB" >"$TMP/after3.dump"
stored=$(grep -c '^doc|' "$TMP/after3.dump")
echo "   stored $stored of $(grep -c '^doc|' "$TMP/clean.dump") documents"
[ "$stored" -gt "$(grep -c '^doc|' "$TMP/before.dump")" ] && r=ok || r=no
expect "some batches went in before the disk filled" "$r"
# Documents, their events, evidence and actors: each stored row is the clean
# run's (clusters are left out: they grow as later documents join them).
missing=$(comm -23 <(grep -E '^(doc|event|evidence|actor)\|' "$TMP/after3.dump" | LC_ALL=C sort) \
  <(LC_ALL=C sort "$TMP/clean.dump") | wc -l)
[ "$missing" = 0 ] && r=ok || r=no
expect "every stored document, event, evidence span and actor row is the clean run's ($missing not)" "$r"
incomplete=$(sqlite3 -batch "$DB" "SELECT count(*) FROM documents d WHERE n_events <> (SELECT count(*) FROM events e WHERE e.document_id = d.id)")
[ "$incomplete" = 0 ] && r=ok || r=no
expect "no document stored without all its events" "$r"

echo "4. room again (tmpfs grown to 64 MB): the run goes on"
mount -o remount,size=64m "$DISK"
"$BIN" run "$TMP/corpus" --db "$DB" "${ARGS[@]}" 2>"$TMP/run4.log" && r=ok || r=no
expect "it succeeds" "$r"
dump "$DB" >"$TMP/after4.dump"
cmp -s "$TMP/clean.dump" "$TMP/after4.dump" && r=ok || r=no
expect "the database equals the clean run's" "$r"
[ "$fail" = 0 ] && echo "full disk: all checks passed" || { echo "full disk: some checks FAILED"; exit 1; }
