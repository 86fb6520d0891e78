//! RSS 2.0, RSS 1.0 and Atom feeds: each item is an article.

use sitrep_core::{RawBody, RawDoc};

use crate::error::Problem;
use crate::inputs::{Ctx, DocIter};

/// One article per feed item: its full content when the feed carries it,
/// else its description. The item title becomes an `<h1>` so extraction
/// finds the headline the feed gave.
pub(crate) fn items(ctx: &Ctx, bytes: &[u8]) -> DocIter {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err(ctx.err(Problem::Feed(e.to_string()))))),
    };
    let name = ctx.name.clone();
    let docs: Vec<_> = feed
        .entries
        .into_iter()
        .enumerate()
        .filter_map(move |(i, e)| {
            let content = e
                .content
                .and_then(|c| c.body)
                .or_else(|| e.summary.map(|s| s.content))?;
            let mut html = String::new();
            if let Some(t) = e.title {
                html.push_str("<h1>");
                html.push_str(&escape(&t.content));
                html.push_str("</h1>\n");
            }
            html.push_str(&content);
            Some(Ok(RawDoc {
                source: format!("{name}#item{}", i + 1),
                id: None,
                url: e.links.first().map(|l| l.href.clone()),
                date: e.published.or(e.updated).map(|d| d.date_naive()),
                body: RawBody::Html(html),
            }))
        })
        .collect();
    Box::new(docs.into_iter())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
