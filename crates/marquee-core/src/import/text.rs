//! Turns the text of other formats into the programme's safe text: plain text
//! or Markdown, with line endings normalised and no raw HTML left.

use std::borrow::Cow;

use crate::safety::{contains_raw_html, is_web_url};

/// Markdown or plain text from a source: CRLF becomes LF, raw HTML is
/// converted to text, surrounding blank space is trimmed.
pub fn safe_text(text: &str) -> String {
    let has = |byte: u8| memchr::memchr(byte, text.as_bytes()).is_some();
    let text = if has(b'\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let text = dedent(&text);
    // Without a '<' there can be no HTML, and without '&' no entity.
    let has = |byte: u8| memchr::memchr(byte, text.as_bytes()).is_some();
    if has(b'<') && contains_raw_html(&text) {
        return html_to_text(&text);
    }
    if !has(b'&') {
        return text.trim().to_owned();
    }
    // Screens show text as text: entities such as `&hellip;` become characters.
    let decoded = html_escape::decode_html_entities(&text);
    if decoded.contains('<') && contains_raw_html(&decoded) {
        html_to_text(&decoded)
    } else {
        decoded.trim().to_owned()
    }
}

/// An abstract and a description (either may be missing or repeat the
/// other) as one safe text, paragraphs apart.
pub fn joined_text<T: AsRef<str>, const N: usize>(parts: [Option<T>; N]) -> String {
    let mut kept: Vec<String> = Vec::new();
    for part in parts
        .into_iter()
        .flatten()
        .map(|text| safe_text(text.as_ref()))
    {
        if !part.is_empty() && !kept.contains(&part) {
            kept.push(part);
        }
    }
    // Mostly one part, kept as it is rather than copied by a join.
    if kept.len() == 1 {
        return kept.pop().unwrap_or_default();
    }
    kept.join("\n\n")
}

/// Removes the indentation that pretty-printed XML adds to every line after
/// the first, which Markdown would otherwise read as code blocks.
fn dedent(text: &str) -> Cow<'_, str> {
    let mut indent = usize::MAX;
    for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        indent = indent.min(line.len() - line.trim_start_matches([' ', '\t']).len());
        // A line that starts at the margin: nothing to remove, no need to
        // read on.
        if indent == 0 {
            return Cow::Borrowed(text);
        }
    }
    if indent == usize::MAX {
        return Cow::Borrowed(text);
    }
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().to_owned();
    Cow::Owned(
        std::iter::once(first)
            .chain(lines.map(|line| line.get(indent..).unwrap_or(line.trim_start()).to_owned()))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// What a tag does to the text around it.
enum Tag<'a> {
    LineBreak,
    BlockEnd,
    ListItem,
    LinkStart(&'a str),
    LinkEnd,
    /// `<script>` or `<style>`: everything up to the closing tag goes.
    Hidden(&'static str),
    Other,
}

fn classify_tag(tag: &str) -> Tag<'_> {
    let closing = tag.starts_with('/');
    let body = tag.trim_start_matches('/');
    let name_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    // Lowercased on the stack: no tag that matters has a longer name.
    let mut lower = [0u8; 10];
    let Some(name) = lower.get_mut(..name_end) else {
        return Tag::Other;
    };
    name.copy_from_slice(&body.as_bytes()[..name_end]);
    name.make_ascii_lowercase();
    match (&*name, closing) {
        (b"br", _) => Tag::LineBreak,
        (
            b"p" | b"div" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol"
            | b"blockquote" | b"pre" | b"table" | b"tr",
            true,
        ) => Tag::BlockEnd,
        (b"li", false) => Tag::ListItem,
        (b"a", false) => Tag::LinkStart(body),
        (b"a", true) => Tag::LinkEnd,
        (b"script", false) => Tag::Hidden("</script"),
        (b"style", false) => Tag::Hidden("</style"),
        _ => Tag::Other,
    }
}

fn href(tag: &str) -> Option<String> {
    let at = tag.to_ascii_lowercase().find("href")?;
    let rest = tag[at + 4..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let value = if quote == '"' || quote == '\'' {
        let rest = &rest[1..];
        &rest[..rest.find(quote)?]
    } else {
        &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())]
    };
    Some(html_escape::decode_html_entities(value).into_owned())
}

/// HTML as Markdown-flavoured text: paragraphs and line breaks kept, list
/// items as `- `, web links as `[text](url)`, every other tag dropped and
/// entities decoded. One pass over the text.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut link: Option<(Option<String>, usize)> = None;
    let mut rest = html;
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(end) = memchr::memchr(b'>', after.as_bytes()).filter(|_| is_tag) else {
            out.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..end];
        rest = &after[end + 1..];
        match classify_tag(tag) {
            Tag::LineBreak => out.push('\n'),
            Tag::BlockEnd => out.push_str("\n\n"),
            Tag::ListItem => out.push_str("\n- "),
            Tag::LinkStart(tag) => link = Some((href(tag), out.len())),
            Tag::LinkEnd => {
                if let Some((Some(url), start)) = link.take() {
                    let label = out[start..].trim().to_owned();
                    out.truncate(start);
                    if label.is_empty() {
                        out.push_str(&url);
                    } else if is_web_url(&url) && label != url {
                        out.push_str(&format!("[{label}]({url})"));
                    } else {
                        out.push_str(&label);
                    }
                }
            }
            Tag::Hidden(closing) => {
                let lower = rest.to_ascii_lowercase();
                rest = match lower.find(closing) {
                    Some(at) => rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]),
                    None => "",
                };
            }
            Tag::Other => {}
        }
    }
    out.push_str(rest);
    let mut decoded = html_escape::decode_html_entities(&out);
    if decoded.contains('\u{a0}') {
        decoded = Cow::Owned(decoded.replace('\u{a0}', " "));
    }
    let mut text = String::with_capacity(decoded.len());
    let mut blank = false;
    // Split at each LF with a vectorised search; a CR before it goes with
    // the trimming, and an empty last piece counts for nothing.
    let ends = memchr::memchr_iter(b'\n', decoded.as_bytes()).chain([decoded.len()]);
    let mut start = 0;
    for end in ends {
        let line = decoded[start..end].trim_end();
        start = end + 1;
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        text.push_str(line);
    }
    text
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
