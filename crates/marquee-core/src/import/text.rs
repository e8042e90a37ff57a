//! Turns the text of other formats into the programme's safe text: plain text
//! or Markdown, with line endings normalised and no raw HTML left.

use std::sync::LazyLock;

use regex::Regex;

use crate::safety::{contains_raw_html, is_web_url};

/// Markdown or plain text from a source: CRLF becomes LF, raw HTML is
/// converted to text, surrounding blank space is trimmed.
pub fn safe_text(text: &str) -> String {
    let text = dedent(&text.replace("\r\n", "\n").replace('\r', "\n"));
    if contains_raw_html(&text) {
        return html_to_text(&text);
    }
    // Screens show text as text: entities such as `&hellip;` become characters.
    let decoded = html_escape::decode_html_entities(&text);
    if contains_raw_html(&decoded) {
        html_to_text(&decoded)
    } else {
        decoded.trim().to_owned()
    }
}

/// Removes the indentation that pretty-printed XML adds to every line after
/// the first, which Markdown would otherwise read as code blocks.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_owned();
    }
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    std::iter::once(first)
        .chain(lines.map(|line| line.get(indent..).unwrap_or(line.trim_start()).to_owned()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// HTML as Markdown-flavoured text: paragraphs and line breaks kept, list
/// items as `- `, web links as `[text](url)`, every other tag dropped and
/// entities decoded.
pub fn html_to_text(html: &str) -> String {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?is)<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a\s*>"#)
            .expect("valid regex")
    });
    static BREAK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("valid regex"));
    static BLOCK_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</(p|div|h[1-6]|ul|ol|blockquote|pre|table|tr)\s*>").expect("valid regex")
    });
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<li(\s[^>]*)?>").expect("valid regex"));
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)<!--.*?-->|<(script|style)[^>]*>.*?</(script|style)\s*>|</?[A-Za-z][^>]*>")
            .expect("valid regex")
    });
    static BLANK_LINES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\n[ \t]*(\n[ \t]*)+").expect("valid regex"));
    let text = html.replace("\r\n", "\n");
    let text = LINK.replace_all(&text, |caps: &regex::Captures<'_>| {
        let label = TAG.replace_all(&caps[2], "").trim().to_owned();
        let url = html_escape::decode_html_entities(&caps[1]).into_owned();
        if is_web_url(&url) && !label.is_empty() && label != url {
            format!("[{label}]({url})")
        } else if label.is_empty() {
            url
        } else {
            label
        }
    });
    let text = BREAK.replace_all(&text, "\n");
    let text = BLOCK_END.replace_all(&text, "\n\n");
    let text = ITEM.replace_all(&text, "\n- ");
    let text = TAG.replace_all(&text, "");
    let text = html_escape::decode_html_entities(&text).replace('\u{a0}', " ");
    let text = BLANK_LINES.replace_all(&text, "\n\n");
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs_items_and_links() {
        let html = "<p>Hello &amp; welcome,&nbsp;all.</p>\r\n<ul><li>one</li><li><a href=\"https://x.org/a?b=1&amp;c=2\">two</a></li></ul><p>Bye<br>now</p>";
        assert_eq!(
            html_to_text(html),
            "Hello & welcome, all.\n\n- one\n- [two](https://x.org/a?b=1&c=2)\n\nBye\nnow"
        );
    }

    #[test]
    fn scripts_and_unsafe_links_disappear() {
        let html = "<p>Hi <script>alert(1)</script><a href=\"javascript:alert(1)\">click</a></p>";
        assert_eq!(html_to_text(html), "Hi click");
    }

    #[test]
    fn markdown_with_crlf_is_kept_as_markdown() {
        assert_eq!(
            safe_text("# Title\r\n\r\n*Some* text\r\n"),
            "# Title\n\n*Some* text"
        );
        assert_eq!(safe_text("a <b>bold</b> move"), "a bold move");
        assert_eq!(safe_text("Wait&hellip; 3 &lt; 4"), "Wait… 3 < 4");
        assert_eq!(
            safe_text("First\n                    - item\n                      more"),
            "First\n- item\n  more"
        );
    }
}
