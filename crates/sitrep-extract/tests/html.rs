//! HTML extraction on a fixture page with every kind of furniture a news
//! page carries, and on pathological pages.

use sitrep_core::{BlockKind, Document, RawBody, RawDoc};
use sitrep_extract::{extract, extract_with_warnings, ExtractError, ExtractOptions};

fn raw(source: &str, html: String) -> RawDoc {
    RawDoc {
        source: source.into(),
        id: None,
        url: None,
        date: None,
        body: RawBody::Html(html),
    }
}

fn article() -> Document {
    let html = include_str!("fixtures/article.html").to_string();
    extract(&raw("article.html", html), &ExtractOptions::default()).expect("extracts")
}

#[test]
fn metadata() {
    let doc = article();
    assert_eq!(
        doc.title.as_deref(),
        Some("Shelling hits market in Kharkiv, officials say")
    );
    assert_eq!(doc.published.as_deref(), Some("2024-03-02"));
    assert_eq!(doc.byline.as_deref(), Some("Olena Marchenko"));
    assert_eq!(doc.language.as_deref(), Some("en"));
}

#[test]
fn story_blocks_in_order() {
    let doc = article();
    let kinds: Vec<(BlockKind, &str)> = doc
        .blocks
        .iter()
        .map(|b| {
            (
                b.kind,
                b.text
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .map(|(k, t)| (k, Box::leak(t.into_boxed_str()) as &str))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (BlockKind::Caption, "Firefighters at the"),
            (BlockKind::Paragraph, "At least seven"),
            (BlockKind::Paragraph, "Governor Oleh Syniehubov"),
            (BlockKind::Heading, "Second strike in"),
            (BlockKind::Paragraph, "It was the"),
            (BlockKind::Quote, "“People were just"),
            (BlockKind::Paragraph, "The emergency services"),
            (BlockKind::ListItem, "about 40 market"),
            (BlockKind::ListItem, "two residential buildings"),
            (BlockKind::Paragraph, "Russia's defence ministry"),
        ]
    );
    assert_eq!(doc.text, Document::join_body(&doc.blocks));
}

#[test]
fn furniture_is_out_of_the_body() {
    let doc = article();
    for s in [
        "We use cookies",
        "Politics",
        "Parliament passes budget",
        "Share on Facebook",
        "By Olena Marchenko",
        "Read more",
        "Related stories",
        "Drone attack cuts power",
        "Terrible news",
        "Leave a Reply",
        "Your email address",
        "Sign up for",
        "All rights reserved",
        "Firefighters at the market",
        "Shelling hits market in Kharkiv",
    ] {
        assert!(!doc.text.contains(s), "body has furniture {s:?}");
    }
    assert!(doc.removed.related_links >= 2, "{:?}", doc.removed);
    assert!(doc.removed.comments >= 1, "{:?}", doc.removed);
}

#[test]
fn deep_nesting_is_cut_not_fatal() {
    let mut html = String::from("<html><body><article><p>Officials said the talks would resume on Sunday in Baghdad after a week of strikes.</p>");
    html.push_str(&"<div>".repeat(100_000));
    html.push_str("deep");
    html.push_str(&"</div>".repeat(100_000));
    html.push_str("</article></body></html>");
    let (doc, warnings) =
        extract_with_warnings(&raw("deep.html", html), &ExtractOptions::default())
            .expect("best effort");
    assert!(doc.text.contains("talks would resume on Sunday"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("deep.html: elements nested more than"),
        "{warnings:?}"
    );
}

#[test]
fn page_without_text_is_an_error_naming_it() {
    let err = extract(
        &raw(
            "blank.html",
            "<html><body><nav><a href=/>Home</a></nav></body></html>".into(),
        ),
        &ExtractOptions::default(),
    )
    .expect_err("no text");
    assert!(matches!(err, ExtractError::Empty { .. }));
    assert!(err.to_string().starts_with("blank.html: "));
}

#[test]
fn page_over_the_limit_is_an_error_naming_it() {
    let opts = ExtractOptions {
        max_bytes: 1000,
        ..Default::default()
    };
    let html = format!(
        "<html><body>{}</body></html>",
        "<p>Officials met on Sunday.</p>".repeat(100)
    );
    let err = extract(&raw("big.html", html), &opts).expect_err("too large");
    assert!(err.to_string().starts_with("big.html: "), "{err}");
}

/// Found by the extraction property (tests/properties.rs): text on either
/// side of a removed navigation block was fused into one word.
#[test]
fn removed_block_separates_the_text_around_it() {
    let html = "<!doctype html><html><head><title>T</title></head><body><article>\
        <span>Troops withdrew from the town on Sunday after three weeks of fighting \
        around the bridge, local officials said.</span><nav>Home</nav>\
        <span>Residents returned the next day to find the market burned and the \
        water station damaged by shelling.</span>\
        <p>Shops reopened on Tuesday, the council said in a statement.</p>\
        </article></body></html>";
    let doc = extract(
        &raw("fused.html", html.to_string()),
        &ExtractOptions::default(),
    )
    .expect("extracts");
    assert!(!doc.text.contains("said.Residents"), "{:?}", doc.text);
    assert!(doc.text.contains("Residents returned the next day"));
    assert!(!doc.text.contains("Home"));
}
