//! What the page says about itself: headline, date, author, language, and
//! the JSON-LD article body when there is one.

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use crate::dates;
use crate::normalize_space;

#[derive(Default, Debug)]
pub(crate) struct Meta {
    pub og_title: Option<String>,
    pub ld_headline: Option<String>,
    pub h1: Option<String>,
    pub title_tag: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<NaiveDate>,
    pub time_tag: Option<NaiveDate>,
    pub byline: Option<String>,
    pub language: Option<String>,
    pub canonical: Option<String>,
    pub ld_body: Option<String>,
    /// The page's summary of itself (`description`, `og:description`,
    /// `twitter:description`): several, since sites word them differently.
    pub descriptions: Vec<String>,
}

pub(crate) fn read(doc: &Html) -> Meta {
    let mut m = Meta::default();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "html" => {
                if let Some(l) = el.attr("lang").or(el.attr("xml:lang")) {
                    m.language.get_or_insert_with(|| language_code(l));
                }
            }
            "title" if m.title_tag.is_none() => {
                if let Some(e) = ElementRef::wrap(node) {
                    m.title_tag = Some(normalize_space(&e.text().collect::<String>()));
                }
            }
            "h1" if m.h1.is_none() => {
                if let Some(e) = ElementRef::wrap(node) {
                    let t = normalize_space(&e.text().collect::<String>());
                    if !t.is_empty() {
                        m.h1 = Some(t);
                    }
                }
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = el.attr("content").map(normalize_space) else {
                    continue;
                };
                if content.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "og:title" | "twitter:title" => {
                        m.og_title.get_or_insert(content);
                    }
                    "og:site_name" | "application-name" => {
                        m.site_name.get_or_insert(content);
                    }
                    "article:published_time"
                    | "datepublished"
                    | "date"
                    | "pubdate"
                    | "publishdate"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.created"
                    | "sailthru.date"
                    | "parsely-pub-date"
                    | "og:published_time"
                    | "article.published"
                    | "publish-date"
                    | "cxenseparse:recs:publishtime"
                        if m.published.is_none() =>
                    {
                        m.published = dates::parse_iso(&content);
                    }
                    "author" | "article:author" | "byl" | "dc.creator" | "parsely-author"
                    | "sailthru.author"
                        if !content.starts_with("http") =>
                    {
                        m.byline.get_or_insert(content);
                    }
                    "og:url" => {
                        m.canonical.get_or_insert(content);
                    }
                    "description" | "og:description" | "twitter:description"
                        if !m.descriptions.contains(&content) =>
                    {
                        m.descriptions.push(content);
                    }
                    _ => {}
                }
            }
            "time" if m.time_tag.is_none() => {
                m.time_tag = el.attr("datetime").and_then(dates::parse_iso);
            }
            "script" if el.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                if let Some(e) = ElementRef::wrap(node) {
                    let raw: String = e.text().collect();
                    if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
                        read_json_ld(&v, &mut m);
                    }
                }
            }
            _ => {}
        }
    }
    m
}

/// Finds Article-like objects anywhere in a JSON-LD value (top level, arrays,
/// `@graph`), with an explicit stack: JSON-LD nests arbitrarily.
fn read_json_ld(v: &Value, m: &mut Meta) {
    let mut stack = vec![v];
    let mut steps = 0;
    while let Some(v) = stack.pop() {
        steps += 1;
        if steps > 10_000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                let is_article = o.get("@type").is_some_and(|t| {
                    let names: Vec<&str> = match t {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        _ => vec![],
                    };
                    names.iter().any(|n| {
                        n.ends_with("Article")
                            || *n == "BlogPosting"
                            || *n == "Report"
                            || n.ends_with("NewsArticle")
                    })
                });
                if is_article {
                    if let Some(h) = o.get("headline").and_then(Value::as_str) {
                        m.ld_headline.get_or_insert_with(|| normalize_space(h));
                    }
                    if let Some(d) = o.get("datePublished").and_then(Value::as_str) {
                        if let Some(d) = dates::parse_iso(d) {
                            m.published.get_or_insert(d);
                        }
                    }
                    if let Some(b) = o.get("articleBody").and_then(Value::as_str) {
                        m.ld_body.get_or_insert_with(|| b.to_string());
                    }
                    if m.byline.is_none() {
                        m.byline = author_name(o.get("author"));
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(me) = o.get("mainEntity") {
                    stack.push(me);
                }
            }
            _ => {}
        }
    }
}

fn author_name(v: Option<&Value>) -> Option<String> {
    let names: Vec<String> = match v? {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .collect(),
        _ => vec![],
    };
    let names: Vec<String> = names
        .into_iter()
        .map(|n| normalize_space(&n))
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// `en-US` → `en`.
fn language_code(l: &str) -> String {
    l.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Meta {
    /// The article's headline: og:title, JSON-LD headline, the first `<h1>`,
    /// then `<title>`, with a site name suffix or prefix stripped.
    pub fn title(&self) -> Option<String> {
        let pick = self
            .og_title
            .as_ref()
            .or(self.ld_headline.as_ref())
            .or(self.h1.as_ref())
            .or(self.title_tag.as_ref())?;
        let t = strip_site(pick, self.site_name.as_deref());
        (!t.is_empty()).then_some(t)
    }
}

/// "Headline | Site" → "Headline": splits at the separators sites use and
/// keeps the longest part, unless the h1-free title has no separator.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let mut t = title.trim().to_string();
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " • "] {
            if let Some(rest) = t.strip_suffix(&format!("{sep}{site}")) {
                t = rest.trim().to_string();
            }
            if let Some(rest) = t.strip_prefix(&format!("{site}{sep}")) {
                t = rest.trim().to_string();
            }
        }
    }
    for sep in [" | ", " :: ", " — ", " – ", " - "] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() > 1 {
            let longest = parts.iter().max_by_key(|p| p.len()).copied().unwrap_or("");
            // Only a short tail or head looks like a site name.
            let others_short = parts
                .iter()
                .filter(|p| **p != longest)
                .all(|p| p.split_whitespace().count() <= 4);
            if others_short && longest.split_whitespace().count() >= 3 {
                return longest.trim().to_string();
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_names() {
        assert_eq!(
            strip_site("Iraq talks resume | Asharq Al-Awsat", None),
            "Iraq talks resume"
        );
        assert_eq!(
            strip_site("BBC News - Iraq talks resume in Baghdad", Some("BBC News")),
            "Iraq talks resume in Baghdad"
        );
        assert_eq!(
            strip_site("Ceasefire holds - for now", None),
            "Ceasefire holds - for now"
        );
    }
}
