//! Markup that leaked into the text: a CMS shortcode the theme did not
//! render ("[button link=… ]Send us your review[/button]") or an escaped
//! tag printed as text ("<img height="1" src="…">"). Either is page
//! machinery, whatever the language around it.

/// Whether `line` is leaked markup: it opens with a tag or shortcode and
/// closes one, with the tag's name matching for shortcodes.
pub(crate) fn is_leaked_markup(line: &str) -> bool {
    let t = line.trim();
    shortcode(t) || escaped_tag(t)
}

/// `[name …] … [/name]`, the name a run of ASCII letters, digits, `_`, `-`.
fn shortcode(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    !name.is_empty()
        && rest[name.len()..].starts_with([' ', ']'])
        && t.trim_end().ends_with(&format!("[/{name}]"))
}

/// `<name … >` or `<name …/>` spanning the whole line, the name a known
/// element so that "<3" or "<unk> tokens" in prose does not count.
fn escaped_tag(t: &str) -> bool {
    const NAMES: &[&str] = &[
        "img", "a", "div", "span", "iframe", "script", "p", "br", "meta", "link", "embed",
    ];
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    NAMES.contains(&name.as_str())
        && rest[name.len()..].starts_with([' ', '>', '/'])
        && t.ends_with('>')
}

#[cfg(test)]
mod tests {
    use super::is_leaked_markup;

    #[test]
    fn shortcodes_and_escaped_tags() {
        assert!(is_leaked_markup(
            "[button link=\"/submit/\" type=\"big\"] Send us your review[/button]"
        ));
        assert!(is_leaked_markup("[caption id=\"a1\"]Фото: ТАСС[/caption]"));
        assert!(is_leaked_markup(
            "<img height=\"1\" width=\"1\" style=\"display:none\" src=\"/p?c1=2\">"
        ));
    }

    #[test]
    fn prose_with_brackets_is_not_markup() {
        assert!(!is_leaked_markup(
            "[Updated] The council met again on Friday."
        ));
        assert!(!is_leaked_markup("<3 from all of us at the station"));
        assert!(!is_leaked_markup("[sic] he wrote, \"the [army] left\""));
    }
}
