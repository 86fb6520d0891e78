#!/usr/bin/env python3
"""False events on text that is not conflict news, and kept events on text that is.

Used by bench/false-events.sh. Two steps:

  false-events.py build WORK SHARED REPO   write one .txt per document under WORK/<set>/<genre>/
  false-events.py count WORK               read WORK/<set>/<genre>.jsonl (what `sitrep events`
                                           wrote) and print the figures by genre

Negative sets (no conflict events expected, except where marked):
  gum   GUM treebank documents (text rebuilt from `# text =` lines and `# newpar` marks);
        genre `news` (Wikinews) covers wars and is counted apart, as are `interview` and
        `speech` (political speeches may tell of wars).
  ewt   UD English EWT documents, by genre of their id (reviews, email, answers are general
        text; weblog and newsgroup hold some war commentary and are counted apart).
  pages the 91 general-news pages of the extraction benchmark (business, science, sport,
        culture), as HTML.
Positive sets (conflict text that must keep its events):
  samples data/samples/news/*.txt; re3d documents (field `text`); the seed.
"""
import glob
import gzip
import json
import os
import re
import shutil
import sys
from collections import defaultdict

# Genres whose text may report real political violence: their figures are
# shown, but kept out of the negative total.
MAY_BE_CONFLICT = {"gum/news", "gum/speech", "gum/interview", "ewt/weblog", "ewt/newsgroup"}
POSITIVE_SETS = {"samples", "re3d", "seed"}


def safe(name):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120]


def conllu_docs(path, doc_of):
    """(doc id, paragraphs) from a CoNLL-U file; doc_of(newdoc id or None, file) names the doc."""
    docs = {}
    order = []
    cur = None
    title = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                m = re.match(r"# newdoc(?: id)? = (.*)", line)
                cur = doc_of(m.group(1) if m else None, path)
                if cur not in docs:
                    docs[cur] = [[]]
                    order.append(cur)
            elif line.startswith("# meta::title = "):
                title = line[len("# meta::title = "):]
                if cur is not None and title:
                    docs[cur].insert(0, [title])
                    docs[cur].append([])
            elif re.match(r"# newpar(\s|$)", line):
                if cur is None:
                    cur = doc_of(None, path)
                    docs[cur] = [[]]
                    order.append(cur)
                if docs[cur][-1]:
                    docs[cur].append([])
            elif line.startswith("# text = "):
                if cur is None:
                    cur = doc_of(None, path)
                    docs[cur] = [[]]
                    order.append(cur)
                docs[cur][-1].append(line[len("# text = "):])
    for d in order:
        yield d, ["\n".join([" ".join(p)]) for p in docs[d] if p]


def write(path, paragraphs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(paragraphs) + "\n")


def build(work, shared, repo):
    if os.path.isdir(work):
        shutil.rmtree(work)
    # GUM: one file per document; genre from the file name.
    for path in sorted(glob.glob(f"{shared}/data/ud-english-gum/docs/GUM_*.conllu")):
        name = os.path.basename(path)[: -len(".conllu")]
        genre = name.split("_")[1]
        for _, paras in conllu_docs(path, lambda d, p: name):
            write(f"{work}/gum/{genre}/{safe(name)}.txt", paras)
    # EWT: documents by their newdoc id; genre is the id's prefix.
    for path in sorted(glob.glob(f"{shared}/data/ud-english-ewt/*.conllu")):
        for doc, paras in conllu_docs(path, lambda d, p: d or os.path.basename(p)):
            genre = doc.split("-")[0]
            write(f"{work}/ewt/{genre}/{safe(doc)}.txt", paras)
    # The extraction benchmark's general-news pages, as the pages.
    os.makedirs(f"{work}/pages/general", exist_ok=True)
    for path in sorted(glob.glob(f"{shared}/eval/extraction/html/*.html.gz")):
        shutil.copy(path, f"{work}/pages/general/")
    # Positives.
    os.makedirs(f"{work}/samples/news", exist_ok=True)
    for path in sorted(glob.glob(f"{repo}/data/samples/news/*.txt")):
        shutil.copy(path, f"{work}/samples/news/")
    for path in sorted(glob.glob(f"{shared}/data/re3d/*/documents.json")):
        source = os.path.basename(os.path.dirname(path))
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                d = json.loads(line)
                paras = [d.get("title") or "", d["text"]]
                write(f"{work}/re3d/{source}/{safe(d['_id'])}.txt", [p for p in paras if p])
    os.makedirs(f"{work}/seed/seed", exist_ok=True)
    for path in sorted(glob.glob(f"{shared}/corpus/seed/*.txt")):
        shutil.copy(path, f"{work}/seed/seed/")


def count(work, show):
    rows = []
    samples = []
    for path in sorted(glob.glob(f"{work}/*/*.jsonl")):
        s = os.path.basename(os.path.dirname(path))
        genre = os.path.basename(path)[: -len(".jsonl")]
        docs = with_any = with_main = acled = allev = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                docs += 1
                evs = r.get("events") or []
                typed = [e for e in evs if e.get("acled")]
                allev += len(evs)
                acled += len(typed)
                with_any += bool(typed)
                main = bool(evs) and bool(evs[0].get("acled")) and not r.get("outside_acled")
                with_main += main
                if main:
                    e = evs[0]
                    a = e["acled"]
                    trig = (e.get("trigger") or {}).get("text") or "(story)"
                    ev = (e.get("evidence") or [{}])[0].get("text", "")[:110].replace("\n", " ")
                    samples.append(f"{s}/{genre}\t{a['sub_event_type']}\t{trig}\t{ev}")
        rows.append((s, genre, docs, with_main, with_any, acled, allev))

    def line(label, docs, main, anyv, acled, allev):
        if not docs:
            return f"{label:<22} {0:>5}"
        return (f"{label:<22} {docs:>5} {main:>5} {main / docs:>6.1%} {anyv:>5} {anyv / docs:>6.1%}"
                f" {acled / docs:>7.3f} {allev / docs:>7.3f}")

    print(f"{'set/genre':<22} {'docs':>5} {'main':>5} {'%':>6} {'any':>5} {'%':>6} {'acled/d':>7} {'all/d':>7}")
    print("  main: documents whose main event is ACLED-typed; any: documents with >=1 ACLED-typed")
    print("  event; acled/d: ACLED-typed events per document; all/d: events of any PLOVER type per document")
    totals = {"negative": [0] * 5, "may be conflict": [0] * 5, "positive": [0] * 5}
    for s, g, *n in rows:
        key = f"{s}/{g}"
        kind = "positive" if s in POSITIVE_SETS else ("may be conflict" if key in MAY_BE_CONFLICT else "negative")
        print(line(key + ("  *" if kind == "may be conflict" else "  +" if kind == "positive" else ""), *n))
        totals[kind] = [a + b for a, b in zip(totals[kind], n)]
    print("  * may report real political violence (counted apart); + conflict text (events must stay)")
    for k, n in totals.items():
        print(line(f"TOTAL {k}", *n))
    if show:
        print()
        print("documents with an ACLED-typed main event:")
        for s in samples:
            print("  " + s)


def main():
    if sys.argv[1] == "build":
        build(*sys.argv[2:5])
    elif sys.argv[1] == "count":
        count(sys.argv[2], os.environ.get("SHOW") == "1")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
