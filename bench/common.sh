# Shared by the bench scripts that compare databases: sourced, not run.

# One line a row of a SQLite store, sorted: what the database holds,
# independent of rowids, page layout and the order the rows were written in.
sqlite_dump() {
  sqlite3 -batch "$1" <<'SQL'
.mode list
SELECT 'doc', id, content_hash, n_events, record FROM documents ORDER BY id;
SELECT 'input', raw_hash, document_id FROM inputs ORDER BY raw_hash;
SELECT 'event', id, document_id, seq, cluster_id, json FROM events ORDER BY id;
SELECT 'evidence', event_id, n, start, end, text FROM evidence ORDER BY event_id, n;
SELECT 'actor', event_id, role, n, text, name, kb_id FROM event_actors ORDER BY event_id, role, n;
SELECT 'cluster', id, n_events, n_sources, canonical FROM clusters ORDER BY id;
SELECT 'place', key, name, country FROM places ORDER BY key;
SQL
}

# copies_corpus DIR N: data/samples/news copied N times under DIR, each copy's
# files made distinct by a line of their own, so every copy is a new document.
copies_corpus() {
  local dir=$1 n=$2 c f
  for c in $(seq "$n"); do
    mkdir -p "$dir/copy$c"
    for f in data/samples/news/*.txt; do
      { cat "$f"; printf '\n\nFiled from desk %s.\n' "$c"; } >"$dir/copy$c/$(basename "$f")"
    done
  done
}
