//! Extraction never invents text (proptest): whatever the page's layout —
//! navigation, asides, footers, inline and block elements, nesting — every
//! extracted block, and the title, is a run of the page's own text.

use proptest::prelude::*;
use sitrep_core::{RawBody, RawDoc};
use sitrep_extract::{extract, ExtractOptions};

fn words(n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[A-Za-z][a-z]{0,9}|[0-9]{1,4}|é[a-z]{1,4}|Ø[a-z]{1,3}", n)
}

/// One element of the page: (wrapper tag, words).
fn part() -> impl Strategy<Value = (&'static str, Vec<String>)> {
    (
        prop::sample::select(vec![
            "p",
            "nav",
            "aside",
            "footer",
            "li",
            "div",
            "h2",
            "figcaption",
            "blockquote",
            "span",
            "b",
        ]),
        words(1..=40),
    )
}

/// Text without its whitespace: inline elements join words as a browser
/// does ("<b>A.</b><b>B</b>" reads "A.B"), so runs are compared unspaced.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A page, its body's text and its title's text (both compacted).
fn page() -> impl Strategy<Value = (String, String, String)> {
    (
        words(1..=8),
        prop::collection::vec(part(), 1..12),
        0usize..6,
    )
        .prop_map(|(title, parts, depth)| {
            let mut body = String::new();
            let mut html = format!(
                "<!doctype html><html><head><title>{}</title></head><body>",
                title.join(" ")
            );
            html.push_str(&"<div>".repeat(depth));
            html.push_str("<article>");
            for (tag, ws) in &parts {
                let text = format!("{}.", ws.join(" "));
                body.push_str(&text);
                html.push_str(&format!("<{tag}>{text}</{tag}>"));
            }
            html.push_str("</article>");
            html.push_str(&"</div>".repeat(depth));
            html.push_str("</body></html>");
            (html, compact(&body), compact(&title.join(" ")))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn extraction_returns_only_text_the_page_holds((html, body, title) in page()) {
        let raw = RawDoc {
            source: "prop.html".into(),
            id: None,
            url: None,
            date: None,
            body: RawBody::Html(html.clone()),
        };
        let Ok(doc) = extract(&raw, &ExtractOptions::default()) else {
            return Ok(());
        };
        for b in &doc.blocks {
            let run = compact(&b.text);
            prop_assert!(body.contains(&run), "block {:?} is not in the page:\n{html}", b.text);
            if b.kind.is_body() {
                prop_assert!(doc.text.contains(&b.text), "block not in the text: {:?}", b.text);
            }
        }
        prop_assert_eq!(compact(&doc::text_of_blocks(&doc)), compact(&doc.text));
        if let Some(t) = &doc.title {
            let t = compact(t);
            prop_assert!(title.contains(&t) || body.contains(&t), "title {t:?} is not in the page:\n{html}");
        }
    }
}

mod doc {
    /// The body blocks' text, in order: what `Document::text` must consist of.
    pub fn text_of_blocks(d: &sitrep_core::Document) -> String {
        d.blocks
            .iter()
            .filter(|b| b.kind.is_body())
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}
