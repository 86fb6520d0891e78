#!/usr/bin/env python3
"""Rebuilds data/samples/re3d/ from ../shared/data/re3d/ (run from the repository root):

    python3 data/samples/re3d/build.py ../shared/data/re3d

Keeps only the parts of re3d whose licences allow redistribution without a
share-alike or non-commercial condition: CENTCOM and US State Department
(public domain) and UK Government (Open Government Licence v3.0). Each part
becomes `<part>/documents.jsonl` in the format `sitrep run` reads (one
article per line: id, url, text; the headline is the text's first line, as
in data/samples/news), with the part's LICENSE and ATTRIBUTION copied beside.
The entity and relation annotations are not copied: the demo needs the text.
re3d gives no publication dates, so none are invented; State Department
URLs carry a year and month, kept as `month` for the reader.
"""
import json
import re
import shutil
import sys
from pathlib import Path

PARTS = ["centcom", "us-state-department", "uk-government"]


def main(src: Path, dst: Path) -> None:
    for part in PARTS:
        out_dir = dst / part
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in ["LICENSE", "ATTRIBUTION"]:
            shutil.copyfile(src / part / name, out_dir / name)
        docs = [json.loads(line) for line in open(src / part / "documents.json", encoding="utf-8")]
        docs.sort(key=lambda d: d["_id"])
        with open(out_dir / "documents.jsonl", "w", encoding="utf-8") as out:
            for d in docs:
                title = d["title"].strip()
                text = d["text"].strip()
                if not text.startswith(title):
                    text = f"{title}\n\n{text}"
                row = {"id": f"re3d-{part}-{d['_id'][:12].lower()}", "url": d.get("sourceUrl"), "text": text}
                month = re.search(r"/(20\d\d)/(\d\d)/", d.get("sourceUrl") or "")
                if month:
                    row["month"] = f"{month.group(1)}-{month.group(2)}"
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{part}: {len(docs)} documents")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/re3d"), Path(__file__).parent)
