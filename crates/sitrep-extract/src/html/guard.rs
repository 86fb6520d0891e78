//! A pre-parse guard against pathological nesting.
//!
//! html5ever builds its tree iteratively, but several tree-construction steps
//! scan the whole stack of open elements, so a page nested 100,000 deep takes
//! minutes to parse. This scan estimates nesting from the raw bytes — counting
//! only elements that need an explicit end tag — and reports where it passes
//! the bound, so the page can be cut there before parsing. Hand-written: no
//! crate offers a depth estimate without building the tree.

/// Elements that never nest: void elements and those the parser closes
/// implicitly (an unclosed `<p>` or `<li>` must not look like nesting).
fn ignored(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"rb"
            | b"rt"
            | b"rtc"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text: skipped to their end tag.
fn raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"plaintext"
    )
}

/// Byte offset of the tag at which estimated nesting exceeds `limit`.
pub(crate) fn too_deep_at(html: &str, limit: usize) -> Option<usize> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    let mut name = Vec::with_capacity(16);
    while let Some(off) = memchr(b'<', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        name.clear();
        name.extend(
            b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .take(16)
                .map(u8::to_ascii_lowercase),
        );
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            continue;
        }
        let end = memchr(b'>', &b[start..]).map_or(b.len(), |e| start + e);
        if closing {
            if !ignored(&name) {
                depth = depth.saturating_sub(1);
            }
        } else if raw_text(&name) {
            let mut close = b"</".to_vec();
            close.extend_from_slice(&name);
            i = find_ci(b, end, &close).unwrap_or(b.len());
            continue;
        } else {
            let self_closing = end > start && b[end - 1] == b'/';
            if ignored(&name) || self_closing {
                i = end.min(b.len());
                continue;
            }
            depth += 1;
            if depth > limit {
                return Some(at);
            }
        }
        i = end.min(b.len());
    }
    None
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    ::memchr::memchr(needle, hay)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    ::memchr::memmem::find(hay.get(from..)?, needle).map(|p| from + p)
}

/// Case-insensitive search for an ASCII end tag such as `</script`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(p) = ::memchr::memchr(b'<', hay.get(at..)?) {
        let s = at + p;
        if hay.len() >= s + needle.len() && hay[s..s + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(s);
        }
        at = s + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_deep_nesting_only() {
        let deep = format!("<body>{}x", "<div>".repeat(10_000));
        assert!(too_deep_at(&deep, 4096).is_some());
        let flat = format!("<body>{}", "<div><p>text</div>".repeat(10_000));
        assert_eq!(too_deep_at(&flat, 4096), None);
        let unclosed_p = format!("<body>{}", "<p>text<li>item<br>".repeat(10_000));
        assert_eq!(too_deep_at(&unclosed_p, 4096), None);
        let script = format!("<script>{}</script><div>ok</div>", "<div>".repeat(10_000));
        assert_eq!(too_deep_at(&script, 4096), None);
    }
}
