//! Reads files, folders, stdin, gzip, JSONL, WARC and RSS/Atom into raw articles.
