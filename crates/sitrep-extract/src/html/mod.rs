//! HTML pages: interim reader that keeps the page's text lines.

use scraper::Html;

use crate::{ExtractOptions, Found};

pub(crate) fn extract_html(html: &str, _url: Option<&str>, _opts: &ExtractOptions) -> Found {
    let doc = Html::parse_document(html);
    let text: String = doc.root_element().text().collect::<Vec<_>>().join("\n");
    crate::text::extract_text(&text)
}
