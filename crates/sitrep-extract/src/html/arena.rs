//! The parsed page flattened into a pre-order array: every later pass is a
//! loop over indices instead of a recursive walk, so nesting depth costs
//! nothing (a page nested 100,000 deep cannot overflow the stack), and
//! subtree sums are one reverse sweep.

use ego_tree::iter::Edge;
use scraper::{Html, Node as DomNode};

/// What an element is, as far as extraction cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Text,
    P,
    Heading,
    ListItem,
    Blockquote,
    Pre,
    Figure,
    Figcaption,
    /// Other block-level containers: div, section, article, table cells, lists.
    Block,
    A,
    Br,
    /// Inline elements: span, em, strong, …
    Inline,
}

impl Tag {
    pub fn is_block(self) -> bool {
        !matches!(self, Tag::Text | Tag::A | Tag::Br | Tag::Inline)
    }
}

/// Why an element may be page furniture (judged later against how much of
/// the page's prose it holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Furniture {
    None,
    Related,
    Comments,
    Other,
}

pub(crate) struct Node {
    pub parent: u32,
    /// One past the index of the last descendant.
    pub end: u32,
    pub tag: Tag,
    pub furniture: Furniture,
    /// Class names a caption or photo credit (`image-caption`, `photo-credit`).
    pub caption_class: bool,
    /// Declared by schema.org markup as the story's body
    /// (`itemprop="articleBody"`, RDFa `property="articleBody"`).
    pub declared_body: bool,
    /// Text of a text node: byte range in `Arena::text`.
    pub text: (u32, u32),
}

pub(crate) struct Arena {
    pub nodes: Vec<Node>,
    pub text: String,
}

/// Elements whose content is never article text.
fn never_content(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "img"
            | "picture"
            | "source"
    )
}

fn tag_of(name: &str) -> Tag {
    match name {
        "p" => Tag::P,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
        "li" | "dd" | "dt" => Tag::ListItem,
        "blockquote" => Tag::Blockquote,
        "pre" => Tag::Pre,
        "figure" => Tag::Figure,
        "figcaption" | "caption" => Tag::Figcaption,
        "a" => Tag::A,
        "br" => Tag::Br,
        "div" | "section" | "article" | "main" | "ul" | "ol" | "dl" | "table" | "tr" | "td"
        | "th" | "tbody" | "thead" | "tfoot" | "center" | "address" | "form" | "header"
        | "footer" | "nav" | "aside" | "hr" | "fieldset" | "details" | "summary" | "body"
        | "html" => Tag::Block,
        _ => Tag::Inline,
    }
}

/// Class/id words that mark furniture. Matched as whole words of the
/// class and id attributes split at `-`, `_` and spaces, so `related-posts`
/// matches and `unrelated` does not.
fn furniture_word(w: &str) -> Furniture {
    match w {
        "related" | "relatedposts" | "recommended" | "recommendations" | "recirc" | "readmore"
        | "more" | "trending" | "popular" | "mostread" | "mostpopular" | "outbrain" | "taboola"
        | "teaser" | "teasers" | "also" | "seealso" | "next" | "prev" | "previous" | "ticker"
        | "headlines" => Furniture::Related,
        "comment" | "comments" | "disqus" | "respond" | "reply" | "discussion" | "replies" => {
            Furniture::Comments
        }
        "share" | "sharing" | "social" | "sharebar" | "cookie" | "cookies" | "consent" | "gdpr"
        | "newsletter" | "subscribe" | "subscription" | "signup" | "promo" | "promotion" | "ad"
        | "ads" | "adv" | "advert" | "advertisement" | "advertising" | "sponsor" | "sponsored"
        | "sidebar" | "breadcrumb" | "breadcrumbs" | "nav" | "navbar" | "navigation" | "menu"
        | "footer" | "masthead" | "banner" | "popup" | "modal" | "widget" | "widgets" | "tags"
        | "toolbar" | "pagination" | "pager" | "skip" | "hidden" | "byline" | "author" | "bio"
        | "login" | "paywall" | "dateline" | "timestamp" | "print" | "rss" | "follow" | "tools"
        | "utility" | "meta" | "caption" => Furniture::Other,
        _ => Furniture::None,
    }
}

/// The attributes extraction reads, gathered in one pass over an element's
/// attributes. Why: `Element::attr` makes an atom of the name it is given at
/// every call, and six calls per element were 1.3 % of a 91-page run's
/// instructions. Only attributes without namespace or prefix count, as for
/// `attr` (an HTML element's attributes have none).
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    style: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
    itemprop: Option<&'a str>,
    property: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a scraper::node::Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (name, value) in el.attrs.iter() {
            if name.prefix.is_some() || !name.ns.is_empty() {
                continue;
            }
            let value: &str = value;
            let slot = match &*name.local {
                "class" => &mut a.class,
                "id" => &mut a.id,
                "role" => &mut a.role,
                "style" => &mut a.style,
                "aria-hidden" => &mut a.aria_hidden,
                "itemprop" => &mut a.itemprop,
                "property" => &mut a.property,
                "hidden" => {
                    a.hidden = true;
                    continue;
                }
                _ => continue,
            };
            // The parser keeps the first of repeated attributes; keep the
            // first here too.
            slot.get_or_insert(value);
        }
        a
    }
}

fn furniture_of(el: &scraper::node::Element, attrs: &Attrs) -> Furniture {
    match el.name() {
        "nav" | "aside" | "footer" | "header" => return Furniture::Other,
        "form" => return Furniture::Other,
        _ => {}
    }
    if let Some(role) = attrs.role {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alertdialog"
        ) {
            return Furniture::Other;
        }
    }
    let mut found = Furniture::None;
    let words = attrs
        .class
        .into_iter()
        .chain(attrs.id)
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()));
    for w in words {
        if w.is_empty() || w.len() > 20 {
            continue;
        }
        // Lower-cased on the stack: a string for each class word of each
        // element was most of the arena's allocations. A word is ASCII
        // letters and digits only (split at every other character).
        let mut buf = [0u8; 20];
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        let Ok(lower) = std::str::from_utf8(lower) else {
            continue;
        };
        let f = furniture_word(lower);
        // Comments and related links outrank the generic kind for counting.
        match (found, f) {
            (_, Furniture::None) => {}
            (Furniture::None, f) | (Furniture::Other, f) => found = f,
            _ => {}
        }
    }
    found
}

/// Photo captions and credits marked by class rather than `<figcaption>`:
/// `image-caption`, `imageEmbedCaption`, `photo-credit`, `wp-caption-text`.
/// Only short class names count: feature-flag soups on `<body>` mention
/// captions too.
fn is_caption_class(attrs: &Attrs) -> bool {
    attrs.class.is_some_and(|c| {
        c.split_whitespace().any(|name| {
            if name.len() > 32 {
                return false;
            }
            // Lower-cased on the stack, not in a string per class name.
            let mut buf = [0u8; 32];
            let n = &mut buf[..name.len()];
            n.copy_from_slice(name.as_bytes());
            n.make_ascii_lowercase();
            memchr::memmem::find(n, b"caption").is_some()
                || memchr::memmem::find(n, b"credit").is_some()
        })
    })
}

/// The story's body as schema.org declares it: microdata `itemprop` or
/// RDFa `property` (optionally prefixed, `schema:articleBody`), each of
/// which may list several properties.
fn is_declared_body(attrs: &Attrs) -> bool {
    attrs
        .itemprop
        .into_iter()
        .chain(attrs.property)
        .flat_map(str::split_whitespace)
        .any(|p| p.rsplit(':').next() == Some("articleBody"))
}

fn is_hidden(attrs: &Attrs) -> bool {
    if attrs.hidden || attrs.aria_hidden == Some("true") {
        return true;
    }
    attrs.style.is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

impl Arena {
    /// Flattens the `<body>` of `doc`. Elements deeper than `max_depth` are
    /// dropped with their content.
    pub fn build(doc: &Html, max_depth: usize) -> Arena {
        let mut nodes: Vec<Node> = Vec::with_capacity(4096);
        let mut text = String::with_capacity(64 * 1024);
        // Open elements we kept, as indices into `nodes`.
        let mut stack: Vec<u32> = Vec::with_capacity(64);
        // Depth in the DOM, and the depth at which a dropped subtree began.
        let mut depth = 0usize;
        let mut dropping: Option<usize> = None;
        nodes.push(Node {
            parent: u32::MAX,
            end: 0,
            tag: Tag::Block,
            furniture: Furniture::None,
            caption_class: false,
            declared_body: false,
            text: (0, 0),
        });
        stack.push(0);
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(n) => {
                    depth += 1;
                    if dropping.is_some() {
                        continue;
                    }
                    let parent = *stack.last().unwrap_or(&0);
                    match n.value() {
                        DomNode::Element(el) => {
                            if depth > max_depth || never_content(el.name()) {
                                dropping = Some(depth);
                                continue;
                            }
                            let attrs = Attrs::of(el);
                            if is_hidden(&attrs) {
                                dropping = Some(depth);
                                continue;
                            }
                            let idx = nodes.len() as u32;
                            let tag = tag_of(el.name());
                            nodes.push(Node {
                                parent,
                                end: 0,
                                tag,
                                furniture: furniture_of(el, &attrs),
                                caption_class: is_caption_class(&attrs),
                                declared_body: is_declared_body(&attrs),
                                text: (0, 0),
                            });
                            stack.push(idx);
                        }
                        DomNode::Text(t) => {
                            let start = text.len() as u32;
                            text.push_str(t);
                            nodes.push(Node {
                                parent,
                                end: nodes.len() as u32 + 1,
                                tag: Tag::Text,
                                furniture: Furniture::None,
                                caption_class: false,
                                declared_body: false,
                                text: (start, text.len() as u32),
                            });
                        }
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    if dropping == Some(depth) {
                        dropping = None;
                    } else if dropping.is_none() && n.value().is_element() {
                        if let Some(idx) = stack.pop() {
                            nodes[idx as usize].end = nodes.len() as u32;
                        }
                    }
                    depth -= 1;
                }
            }
        }
        let len = nodes.len() as u32;
        for idx in stack {
            nodes[idx as usize].end = len;
        }
        Arena { nodes, text }
    }

    pub fn text_of(&self, i: usize) -> &str {
        let (s, e) = self.nodes[i].text;
        &self.text[s as usize..e as usize]
    }
}
