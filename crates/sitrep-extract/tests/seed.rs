//! The seed acceptance test: a plain-text page with a ticker headline, "See
//! also" lines, credited captions and a comment form (see
//! `data/samples/seed/*.gold.json`).

use std::path::PathBuf;

use chrono::NaiveDate;
use sitrep_core::{BlockKind, RawBody, RawDoc};
use sitrep_extract::{extract, ExtractOptions};

const SEED: &str = "000_9cbdce729a7c3478";

fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/seed")
}

fn load() -> (sitrep_core::Document, serde_json::Value) {
    let dir = seed_dir();
    let text = std::fs::read_to_string(dir.join(format!("{SEED}.txt"))).expect("seed text");
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{SEED}.gold.json"))).expect("seed gold"),
    )
    .expect("gold json");
    let raw = RawDoc {
        source: format!("{SEED}.txt"),
        id: None,
        url: None,
        date: None,
        body: RawBody::Text(text),
    };
    let opts = ExtractOptions {
        default_date: NaiveDate::from_ymd_opt(2024, 2, 11),
        ..Default::default()
    };
    (
        extract(&raw, &opts).expect("seed extracts"),
        gold["extraction"].clone(),
    )
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn seed_title_is_the_real_headline() {
    let (doc, gold) = load();
    assert_eq!(doc.title.as_deref(), gold["title"].as_str());
    assert_eq!(doc.published.as_deref(), Some("2024-02-11"));
}

#[test]
fn seed_body_keeps_story_and_drops_furniture() {
    let (doc, gold) = load();
    for s in strings(&gold["body_must_contain"]) {
        assert!(doc.text.contains(&s), "body lacks {s:?}");
    }
    for s in strings(&gold["boilerplate_must_not_be_body"]) {
        assert!(!doc.text.contains(&s), "body has boilerplate {s:?}");
    }
    assert_eq!(doc.text, sitrep_core::Document::join_body(&doc.blocks));
}

#[test]
fn seed_captions_are_caption_blocks() {
    let (doc, gold) = load();
    let captions: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Caption)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(captions, strings(&gold["captions"]));
    for c in &captions {
        assert!(!doc.text.contains(c), "caption in body: {c:?}");
    }
}

#[test]
fn seed_section_headings_are_heading_blocks() {
    let (doc, gold) = load();
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(headings, strings(&gold["section_headings"]));
}

#[test]
fn seed_removed_counts_related_lines_and_comment_form() {
    let (doc, _) = load();
    assert_eq!(doc.removed.related_links, 3);
    assert_eq!(doc.removed.comments, 1);
}
