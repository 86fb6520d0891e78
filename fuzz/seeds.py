#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, from the project's own samples.

Small on purpose (a few dozen inputs a target, none over 16 KB): libFuzzer
grows the corpus itself; the seeds only show it each format's shape. Output:
fuzz/corpus/<target>/, which is not committed (libFuzzer adds to it).
"""
import glob
import gzip
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "corpus")


def read(p):
    with open(p, "rb") as f:
        return f.read()


texts = [read(p)[:4000] for p in sorted(glob.glob(os.path.join(ROOT, "data/samples/news/*.txt")))][:12]
html = read(os.path.join(ROOT, "crates/sitrep-extract/tests/fixtures/article.html"))
pages = [html] + [
    b"<!doctype html><html><head><meta charset=\"windows-1252\"><title>T</title></head><body><article><h1>T</h1><p>"
    + t.replace(b"\n\n", b"</p><p>")
    + b"</p></article></body></html>"
    for t in texts[:4]
]


def warc_record(kind, uri, block, extra=b""):
    head = (
        b"WARC/1.0\r\nWARC-Type: " + kind + b"\r\nWARC-Target-URI: " + uri
        + b"\r\nWARC-Date: 2024-02-03T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        + extra + b"Content-Length: " + str(len(block)).encode() + b"\r\n\r\n"
    )
    return head + block + b"\r\n\r\n"


def http_response(body, ctype=b"text/html; charset=utf-8"):
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


def warc_file(gz):
    recs = [warc_record(b"warcinfo", b"", b"software: seeds\r\n", b"Content-Type: application/warc-fields\r\n")]
    for i, p in enumerate(pages[:3]):
        uri = b"https://example.org/%d.html" % i
        recs.append(warc_record(b"request", uri, b"GET / HTTP/1.1\r\n\r\n", b"Content-Type: application/http; msgtype=request\r\n"))
        recs.append(warc_record(b"response", uri, http_response(p), b"Content-Type: application/http; msgtype=response\r\n"))
    recs.append(warc_record(b"resource", b"file:///a.txt", texts[0], b"Content-Type: text/plain\r\n"))
    if gz:
        return b"".join(gzip.compress(r) for r in recs)
    return b"".join(recs)


def rss(items):
    out = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
    for i, t in enumerate(items):
        out += (b"<item><title>Item %d</title><link>https://example.org/%d</link><pubDate>Sat, 03 Feb 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>" % (i, i)) + t + b"</p>]]></description></item>"
    return out + b"</channel></rss>"


def atom(items):
    out = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
    for i, t in enumerate(items):
        out += (b'<entry><title>E%d</title><link href="https://example.org/e%d"/><updated>2024-02-03T10:00:00Z</updated><content type="html">' % (i, i)) + t.replace(b"&", b"&amp;").replace(b"<", b"&lt;") + b"</content></entry>"
    return out + b"</feed>"


def rdf(items):
    out = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>W</title></channel>'
    for i, t in enumerate(items):
        out += (b"<item><title>R%d</title><link>https://example.org/r%d</link><description>" % (i, i)) + t.replace(b"&", b"&amp;").replace(b"<", b"&lt;") + b"</description></item>"
    return out + b"</rdf:RDF>"


def jsonl(items):
    lines = []
    for i, t in enumerate(items):
        s = t.decode("utf-8", "replace")
        lines.append(json.dumps({"text": s, "url": "https://example.org/%d" % i, "date": "2024-02-03"}))
        lines.append(json.dumps({"html": "<p>" + s + "</p>", "id": "d%d" % i}))
    return ("\n".join(lines) + "\n").encode()


short = [t[:600] for t in texts]
feeds = [rss(short[:3]), atom(short[3:6]), rdf(short[6:9])]
jsonls = [jsonl(short[:2]), jsonl(short[2:3]), json.dumps([{"text": short[0].decode("utf-8", "replace")}]).encode()]
jsonls.append(read(os.path.join(ROOT, "crates/sitrep-dedup/tests/fixtures/reports.jsonl")).split(b"\n")[0] + b"\n")
warcs = [warc_file(False), warc_file(True)]
sentences = []
for t in texts:
    for s in t.decode("utf-8", "replace").replace("\n", " ").split(". "):
        if 20 < len(s) < 400:
            sentences.append(s.encode() + b".")
sentences = sentences[:60] + [
    b"At least 12 people were killed and 30 wounded on Tuesday, three days after the raid.",
    b"Between 5 and 7 March 2024, dozens of civilians died in two airstrikes.",
    b"Last week, four soldiers were injured; on 2 February two more were killed.",
    b"The siege began about 3 weeks ago, and the shelling 12 days ago; since 2019 and since mid-October.",
    b"Two months ago, more than 40 attacks were recorded in the province since last year.",
]
places = []
for line in read(os.path.join(ROOT, "data/kb/places-supplement.tsv")).decode().splitlines():
    if line and not line.startswith("#"):
        cols = line.split("\t")
        if len(cols) > 2:
            places.append(cols[1].encode())
            places.extend(a.encode() for a in cols[2].split("|") if a)
places = places[:150] + [b"Deir ez-Zor", b"near al-Qaim", b"the outskirts of Kabul", b"northern Idlib province", b"Nawa-e Barakzayi"]
queries = [
    b"since=2024-01-01&until=2024-12-31", b"bbox=30,20,50,40&type=attack", b"country=IRQ,SYR&acled_type=Battles",
    b"actor=houthi&modality=asserted&q=drone+strike", b"limit=5&cursor=abc", b"format=csv", b"format=geojson&limit=1",
    b"by=country&limit=3", b"interval=month&since=2023-01-01", b"q=%E2%82%AC%ZZ", b"limit=99999999999999999999",
]
ids = [b"wire-2024-02-03-qaim", b"..%2F..%2Fetc", b"%00"]


def put(target, items):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    for i, b in enumerate(items):
        with open(os.path.join(d, "seed-%03d" % i), "wb") as f:
            f.write(b[:16384])


put("sniff_decode", texts[:4] + pages[:2] + [gzip.compress(texts[0]), texts[1].decode().encode("utf-16")] + feeds[:1] + jsonls[:1] + warcs)
put("warc", warcs)
put("warc_range", [struct.pack("<HH", 0, 200) + w for w in warcs])
put("jsonl", jsonls)
put("feed", feeds)
put("extract_html", [bytes([m]) + p for m in (1, 0, 3, 5) for p in pages[:2]])
put("tokenize", texts + [b"Mr. Smith arrived at 3 p.m. in the U.S. It was cold.\n\nNew paragraph..."])
put("temporal_counts", [struct.pack("<H", 12400 + i) + s for i, s in enumerate(sentences)])
put("place_names", places)
put("api_query", [bytes([r]) + q for r in range(5) for q in queries] + [bytes([r]) + i for r in (5, 6, 7) for i in ids])
print("seeds in", OUT, file=sys.stderr)
