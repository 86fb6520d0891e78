//! Bytes to text, honouring how the page declares its encoding.
//!
//! Order, as browsers do it: byte-order mark, then a `charset` declared in the
//! first 1024 bytes (`<meta charset>` or the http-equiv form), then a header
//! charset from the container, then valid UTF-8, then `chardetng`'s guess.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// Decodes `bytes` to text. `declared` is a charset from the container (HTTP
/// `Content-Type` in a WARC record); `html` enables the `<meta>` prescan.
/// Undecodable bytes become U+FFFD rather than failing: a page with one bad
/// byte is still a page.
pub fn decode_bytes(bytes: &[u8], declared: Option<&str>, html: bool) -> String {
    decode(Cow::Borrowed(bytes), declared, html)
}

/// [`decode_bytes`] of bytes the caller gives up: UTF-8 text (nearly every
/// page) becomes the string without a copy.
pub fn decode_owned(bytes: Vec<u8>, declared: Option<&str>, html: bool) -> String {
    decode(Cow::Owned(bytes), declared, html)
}

fn decode(bytes: Cow<'_, [u8]>, declared: Option<&str>, html: bool) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let from_meta = if html { meta_charset(&bytes) } else { None };
    let label = from_meta.or_else(|| declared.and_then(|d| Encoding::for_label(d.as_bytes())));
    if let Some(enc) = label {
        // A page labelled UTF-16 in ASCII cannot really be UTF-16 (HTML spec).
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        };
        if enc != UTF_8 {
            return enc.decode_without_bom_handling(&bytes).0.into_owned();
        }
        // Valid UTF-8 is the text as it is; else what the decoder makes of it.
        return utf8(bytes)
            .unwrap_or_else(|b| UTF_8.decode_without_bom_handling(&b).0.into_owned());
    }
    utf8(bytes).unwrap_or_else(|b| {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(&b, true);
        let enc = det.guess(None, true);
        enc.decode_without_bom_handling(&b).0.into_owned()
    })
}

/// The bytes as a string when they are UTF-8 (owned bytes are not copied),
/// else the bytes back.
fn utf8(bytes: Cow<'_, [u8]>) -> Result<String, Cow<'_, [u8]>> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|_| Cow::Borrowed(b)),
        Cow::Owned(b) => String::from_utf8(b).map_err(|e| Cow::Owned(e.into_bytes())),
    }
}

/// The `charset=` value declared in the first 1024 bytes, as the HTML
/// encoding prescan finds it. Hand-written because no crate exposes the
/// prescan alone; it looks only at `charset` inside a `<meta` tag.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 5);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_meta_charset() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        assert!(decode_bytes(page, None, true).contains("Привет"));
    }

    #[test]
    fn honours_http_equiv() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode_bytes(page, None, true).contains("café"));
    }

    #[test]
    fn honours_bom() {
        let page = b"\xef\xbb\xbf<p>caf\xc3\xa9</p>";
        assert_eq!(decode_bytes(page, None, true), "<p>café</p>");
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones() {
        let pages: [&[u8]; 6] = [
            b"<p>caf\xc3\xa9</p>",
            b"<meta charset=\"utf-8\"><p>caf\xe9 \xff</p>",
            b"<meta charset=\"utf-16le\"><p>caf\xc3\xa9</p>",
            b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8</p>",
            b"\xef\xbb\xbf<p>caf\xc3\xa9</p>",
            b"Le minist\xe8re a annonc\xe9 une tr\xeave \xe0 Gen\xe8ve.",
        ];
        for page in pages {
            for html in [true, false] {
                assert_eq!(
                    decode_owned(page.to_vec(), None, html),
                    decode_bytes(page, None, html)
                );
                assert_eq!(
                    decode_owned(page.to_vec(), Some("utf-8"), html),
                    decode_bytes(page, Some("utf-8"), html)
                );
            }
        }
    }

    #[test]
    fn detects_undeclared_legacy_encoding() {
        let text = "Le gouvernement a annoncé une trêve à Genève, déclaré le ministère des Affaires étrangères.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode_bytes(&bytes, None, false), text);
    }
}
