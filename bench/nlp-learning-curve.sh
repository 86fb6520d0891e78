#!/usr/bin/env bash
# Learning curves of the language models: each is trained on a quarter, a
# half and all of its training file (every 4th / 2nd sentence) with the
# shipped settings and scored on the dev file. How much a model gains per
# doubling of labelled data says whether more of the same data could reach
# a target (see "Why the accuracy targets are out of reach" in docs/nlp.md).
#
#   bench/nlp-learning-curve.sh [pos|ner|parse ...] [--seeds "1 2"]
#
# Needs ../shared/data; writes nothing in the repository (models go to a
# temporary folder). pos ~20-40 s a run, ner ~30 s, parse 2-6 min.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="$here/../shared/data"
sitrep="$here/target/release/sitrep"
kinds=()
seeds="1"
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    pos|ner|parse) kinds+=("$1"); shift ;;
    *) echo "usage: $0 [pos|ner|parse ...] [--seeds \"1 2\"]" >&2; exit 2 ;;
  esac
done
[ ${#kinds[@]} -eq 0 ] && kinds=(pos ner parse)
[ -d "$shared/ud-english-ewt" ] || { echo "no $shared/ud-english-ewt" >&2; exit 2; }
(cd "$here" && cargo build --release --quiet)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ewt_train=ud-english-ewt/en_ewt-ud-train.conllu
uner_train=uner-english-ewt/preliminary/en_ewt-ud-train.PRELIMINARY-2022-12-02.iob2

# A data folder like ../shared/data whose training file FILE (any depth)
# keeps every STEP-th sentence: along FILE's path each folder is made anew
# and its other entries are linked to the shared ones.
subset() {
  local step="$1" file="$2" out="$3"
  local src="$shared" dst="$out" part
  local -a parts
  IFS=/ read -ra parts <<< "$file"
  for part in "${parts[@]}"; do
    mkdir -p "$dst"
    for entry in "$src"/*; do
      [ "$(basename "$entry")" = "$part" ] || ln -s "$entry" "$dst/"
    done
    src="$src/$part"
    dst="$dst/$part"
  done
  python3 - "$step" "$src" "$dst" <<'PY'
import sys
step, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
blocks = [b for b in open(src, encoding="utf-8").read().split("\n\n") if b.strip()]
kept = [b for i, b in enumerate(blocks) if i % step == 0]
open(dst, "w", encoding="utf-8").write("\n\n".join(kept) + "\n\n")
PY
}

printf '%-6s %-6s %-5s %s\n' model share seed "dev score"
for kind in "${kinds[@]}"; do
  for step in 4 2 1; do
    share="$((100 / step))%"
    data="$work/data-$kind-$step"
    if [ "$step" = 1 ]; then
      data="$shared"
    elif [ "$kind" = ner ]; then
      subset "$step" "$uner_train" "$data"
    else
      subset "$step" "$ewt_train" "$data"
    fi
    for seed in $seeds; do
      models="$work/models-$kind-$step-$seed"
      mkdir -p "$models"
      # The word clusters (data/models/clusters.bin, `sitrep train clusters`)
      # are read by every model trained into the folder.
      [ -f "$here/data/models/clusters.bin" ] && cp "$here/data/models/clusters.bin" "$models/"
      # The word vectors the entity tagger's dense layer learns from (a
      # training input: `sitrep train vectors` writes data/models/vectors.bin).
      [ -f "$here/data/models/vectors.bin" ] && cp "$here/data/models/vectors.bin" "$models/"
      case "$kind" in
        pos)
          "$sitrep" train pos --fold-ambiguity --data "$data" --out "$models" --seed "$seed" >/dev/null 2>&1
          score="$("$sitrep" eval pos --gold "$shared/ud-english-ewt/en_ewt-ud-dev.conllu" --models "$models" 2>/dev/null | grep -E 'UPOS|XPOS' | tr '\n' ' ')"
          ;;
        ner)
          # The entity tagger reads the shipped tagger; UNER's sentences are
          # EWT's, so EWT train stays whole for its jackknifed tags.
          cp "$here/data/models/pos.bin" "$here/data/models/parse.bin" "$models/"
          "$sitrep" train ner --data "$data" --out "$models" --seed "$seed" --epochs 10 --re3d-copies 2 >/dev/null 2>&1
          score="$("$sitrep" eval ner --gold "$shared/uner-english-ewt/en_ewt-ud-dev.iob2" --models "$models" 2>/dev/null | grep '^all')"
          ;;
        parse)
          cp "$here/data/models/pos.bin" "$models/"
          "$sitrep" train parse --data "$data" --out "$models" --seed "$seed" >/dev/null 2>&1
          score="$("$sitrep" eval parse --gold "$shared/ud-english-ewt/en_ewt-ud-dev.conllu" --models "$models" 2>/dev/null | grep -E 'UAS|LAS' | tr '\n' ' ')"
          ;;
      esac
      printf '%-6s %-6s %-5s %s\n' "$kind" "$share" "$seed" "$score"
    done
  done
done
