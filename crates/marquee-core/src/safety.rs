//! What may reach a screen: web links, image sources and text free of raw HTML.

use pulldown_cmark::{Event, Parser};

/// True for an absolute `http://` or `https://` URL with a host. Everything else
/// (`javascript:`, `file:`, relative paths, ...) is refused.
pub fn is_web_url(url: &str) -> bool {
    let strip = |prefix: &str| {
        url.get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| &url[prefix.len()..])
    };
    let rest = strip("https://").or_else(|| strip("http://"));
    match rest {
        // The host runs up to the first '/', '?' or '#': it is empty exactly
        // when one of those comes first.
        Some(rest) => !rest.is_empty() && !rest.starts_with(['/', '?', '#']) && !has_control(url),
        None => false,
    }
}

/// True when `text` holds a control character (C0, DEL or C1).
fn has_control(text: &str) -> bool {
    // Folded without an early exit, so that the compiler can vectorise it.
    text.bytes()
        .fold(false, |found, b| found | (b < 0x20) | (b == 0x7f))
        || (!text.is_ascii() && text.chars().any(char::is_control))
}

/// Where an image comes from, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaRef<'a> {
    /// A path relative to the programme's `data/` folder.
    Local(&'a str),
    Remote(&'a str),
}

/// The checked image source, or `None` when it is neither a web URL nor a
/// path that stays inside `data/`.
pub fn classify_media(source: &str) -> Option<MediaRef<'_>> {
    if is_web_url(source) {
        return Some(MediaRef::Remote(source));
    }
    let inside_data = source.starts_with("data/")
        && !source.contains('\\')
        && !source.chars().any(char::is_control)
        && source
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".");
    inside_data.then_some(MediaRef::Local(source))
}

/// True when Markdown text carries raw HTML (block or inline).
pub fn contains_raw_html(markdown: &str) -> bool {
    starts_with_html_block(markdown)
        || Parser::new(markdown).any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
}

/// True when the text opens with a tag that CommonMark reads as the start
/// of an HTML block, such as `<p>`: HTML text told apart without parsing.
fn starts_with_html_block(text: &str) -> bool {
    // Some of CommonMark's block tag names: the ones HTML text starts with.
    const BLOCK_TAGS: [&str; 15] = [
        "p",
        "div",
        "ul",
        "ol",
        "li",
        "dl",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "blockquote",
        "table",
    ];
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let (name, after) = rest.split_at(rest.bytes().take_while(u8::is_ascii_alphanumeric).count());
    BLOCK_TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(name))
        && (after.is_empty()
            || after.starts_with([' ', '\t', '\n', '\r', '>'])
            || after.starts_with("/>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_pass() {
        assert!(is_web_url("https://example.org/slides.pdf"));
        assert!(is_web_url("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "/relative",
            "data:text/html,x",
            " javascript:alert(1)",
            "https://exa\nmple.org",
        ] {
            assert!(!is_web_url(bad), "{bad} must be refused");
        }
    }

    #[test]
    fn media_sources_stay_inside_data() {
        assert_eq!(
            classify_media("data/photos/jeffm.jpg"),
            Some(MediaRef::Local("data/photos/jeffm.jpg"))
        );
        assert_eq!(
            classify_media("https://example.org/a.png"),
            Some(MediaRef::Remote("https://example.org/a.png"))
        );
        for bad in [
            "data/../secret",
            "/etc/passwd",
            "photos/a.jpg",
            "data//a",
            "data/a\\..\\b",
        ] {
            assert_eq!(classify_media(bad), None, "{bad} must be refused");
        }
    }

    #[test]
    fn raw_html_is_detected() {
        assert!(contains_raw_html("a <script>alert(1)</script> b"));
        assert!(contains_raw_html("<div>\nx\n</div>"));
        // The shortcut agrees with the parser wherever it answers.
        let parsed = |text| {
            Parser::new(text).any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        };
        for html in [
            "<p>x</p>",
            "<P class=\"a\">x",
            "</div>",
            "<hr/>",
            "<ul>\n<li>x",
            "<p",
        ] {
            assert!(starts_with_html_block(html), "{html}");
            assert!(parsed(html), "{html}");
        }
        for text in [
            "<pre>x</pre>",
            "<para>",
            "<p-x>",
            "x <p>",
            "<https://x.org>",
        ] {
            assert!(!starts_with_html_block(text), "{text}");
        }
        assert!(!contains_raw_html(
            "plain *markdown* with [a link](https://x.org) and 3 < 4"
        ));
    }
}
