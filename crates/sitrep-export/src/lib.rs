//! CSV, JSONL, GeoJSON and Parquet exports from the store.
