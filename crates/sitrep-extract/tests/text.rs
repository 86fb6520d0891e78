//! Plain texts that are all headline: a one-line file is a report, never
//! "no article text found".

use sitrep_core::{RawBody, RawDoc};
use sitrep_extract::{extract, ExtractOptions};

fn text(source: &str, body: &str) -> sitrep_core::Document {
    let raw = RawDoc {
        source: source.into(),
        id: None,
        url: None,
        date: None,
        body: RawBody::Text(body.into()),
    };
    extract(&raw, &ExtractOptions::default()).expect("a readable text is never refused")
}

#[test]
fn a_headline_alone_is_the_story() {
    for line in [
        "Fertiliser depot blast in Tema injures dozens; residents told to stay indoors",
        "Gunmen kill three at a market near Maiduguri",
        "Dhaka garment workers march for back pay",
        "Militia seizes two villages north of Goma — local officials",
    ] {
        let doc = text("one.txt", line);
        assert_eq!(doc.text, line, "{line}");
    }
}

#[test]
fn headline_lines_without_prose_are_all_read() {
    let doc = text(
        "two.txt",
        "Strike shuts Santiago metro\nUnions say walkout will last two days\n",
    );
    assert!(doc.text.contains("Strike shuts Santiago metro"));
    assert!(doc.text.contains("two days"));
}

#[test]
fn a_headline_above_prose_stays_the_title() {
    let doc = text(
        "story.txt",
        "Strike shuts Santiago metro\n\nMetro workers walked out on Monday over pay, the union said.",
    );
    assert_eq!(doc.title.as_deref(), Some("Strike shuts Santiago metro"));
    assert!(!doc.text.contains("Strike shuts"));
}

#[test]
fn a_date_under_the_headline_is_the_publication_date() {
    let doc = text(
        "dated.txt",
        "Curfew imposed in Kasese after night of clashes\n\nSaturday, 14 March 2020\n\n\
         Security forces imposed a curfew on the town of Kasese on Friday night after \
         clashes between rival groups left four people dead, police said.\n",
    );
    assert_eq!(doc.published.as_deref(), Some("2020-03-14"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Curfew imposed in Kasese after night of clashes")
    );
    // A headline that names a date is no dateline.
    let doc = text(
        "undated.txt",
        "Kasese remembers the clashes of March 14, 2020 in a quiet ceremony\n\n\
         Hundreds gathered in the town square on Sunday to mark the anniversary.\n",
    );
    assert_eq!(doc.published, None);
}
