//! Links from other formats: their kind told by the format's type or, where
//! that is vague, by the link's title; each address kept once.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::kind_words::KindWords;
use crate::model::{Link, LinkKind};
use crate::safety::is_web_url;

/// Words that tell a link's kind, strongest first.
const KIND_WORDS: [(&str, LinkKind); 18] = [
    ("slide", LinkKind::Slides),
    ("deck", LinkKind::Slides),
    ("presentation", LinkKind::Slides),
    ("video", LinkKind::Video),
    ("recording", LinkKind::Video),
    ("media", LinkKind::Video),
    ("stream", LinkKind::Video),
    ("feedback", LinkKind::Feedback),
    ("code", LinkKind::Code),
    ("repositor", LinkKind::Code),
    ("github", LinkKind::Code),
    ("gitlab", LinkKind::Code),
    ("source", LinkKind::Code),
    ("info", LinkKind::Info),
    ("web", LinkKind::Info),
    ("event page", LinkKind::Info),
    ("website", LinkKind::Info),
    ("origin", LinkKind::Info),
];

/// The kind a link type or title points to, if it is telling.
fn kind_from_words(text: &str) -> Option<LinkKind> {
    static WORDS: LazyLock<KindWords<LinkKind>> = LazyLock::new(|| KindWords::new(&KIND_WORDS));
    WORDS.strongest(text)
}

/// The kind of a link with an optional format type (e.g. `slides`, `media`,
/// `related`) and an optional title.
pub fn classify(link_type: Option<&str>, title: Option<&str>) -> LinkKind {
    const TYPES: [(&str, LinkKind); 10] = [
        ("slides", LinkKind::Slides),
        ("paper", LinkKind::Slides),
        ("media", LinkKind::Video),
        ("video", LinkKind::Video),
        ("recording", LinkKind::Video),
        ("code", LinkKind::Code),
        ("feedback", LinkKind::Feedback),
        ("info", LinkKind::Info),
        ("origin", LinkKind::Info),
        ("other", LinkKind::Other),
    ];
    // Vague types ("web", "related", "article", ...) defer to the title.
    let from_type = link_type.and_then(|t| {
        TYPES
            .iter()
            .find(|(name, _)| t.eq_ignore_ascii_case(name))
            .map(|(_, kind)| *kind)
    });
    from_type
        .or_else(|| title.and_then(kind_from_words))
        .or_else(|| link_type.and_then(kind_from_words))
        .unwrap_or(LinkKind::Other)
}

/// The links of one session, in order, each address once.
#[derive(Debug, Default)]
pub struct LinkList(Vec<Link>);

impl LinkList {
    pub fn push(&mut self, kind: LinkKind, url: &str, title: Option<&str>) {
        let url = strict_uri(url.trim());
        if url.is_empty() || self.0.iter().any(|link| link.url == url) {
            return;
        }
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        self.0.push(Link { kind, url, title });
    }

    /// Like [`LinkList::push`], for fields that only ever hold a web page:
    /// anything else there (e.g. a placeholder `urn:`) is not a link.
    pub fn push_web(&mut self, kind: LinkKind, url: &str, title: Option<&str>) {
        if is_web_url(url) {
            self.push(kind, url, title);
        }
    }

    pub fn into_vec(self) -> Vec<Link> {
        self.0
    }
}

const FINE: u8 = 0;
const HASH: u8 = 1;
/// Forbidden, or allowed only in some places (brackets around a host).
const SUSPICIOUS: u8 = 2;

/// What each byte may be in a URI, for [`strict_uri`]'s check.
static URI_CLASS: [u8; 256] = {
    let mut class = [SUSPICIOUS; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'[' | b']' | b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            class[byte] = FINE;
        }
        byte += 1;
    }
    class[b'#' as usize] = HASH;
    class
};

/// The address with the characters RFC 3986 forbids percent-encoded (spaces,
/// brackets outside the host, a second `#`, non-ASCII), so that it is a URI
/// every exchange format and QR reader accepts. Valid URIs pass unchanged.
pub fn strict_uri(url: &str) -> String {
    // A first '#' is fine; only a second one needs encoding. Most addresses
    // need nothing, told by one look at each byte.
    let bytes = url.as_bytes();
    let plain = bytes
        .iter()
        .all(|&byte| URI_CLASS[usize::from(byte)] != SUSPICIOUS);
    if plain && memchr::memchr_iter(b'#', bytes).nth(1).is_none() {
        return url.to_owned();
    }
    let authority_end = url
        .find("://")
        .map(|scheme| {
            scheme
                + 3
                + url[scheme + 3..]
                    .find(['/', '?', '#'])
                    .unwrap_or(url.len() - scheme - 3)
        })
        .unwrap_or(0);
    let mut out = Vec::with_capacity(url.len() + 16);
    let mut seen_hash = false;
    let mut kept_from = 0;
    // Byte by byte: every byte of a non-ASCII character is encoded, the same
    // as encoding the character, and the bytes kept are ASCII.
    for (at, &byte) in bytes.iter().enumerate() {
        let forbidden = match URI_CLASS[usize::from(byte)] {
            FINE => false,
            HASH => std::mem::replace(&mut seen_hash, true),
            _ => !matches!(byte, b'[' | b']') || at >= authority_end,
        };
        if forbidden {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(&bytes[kept_from..at]);
            out.extend_from_slice(&[
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
            kept_from = at + 1;
        }
    }
    out.extend_from_slice(&bytes[kept_from..]);
    String::from_utf8(out).expect("only ASCII is kept")
}

/// `href` made absolute against `base` when it is relative.
pub fn resolve<'h>(base: Option<&url::Url>, href: &'h str) -> Cow<'h, str> {
    let href = href.trim();
    if is_web_url(href) {
        return Cow::Borrowed(href);
    }
    match base {
        Some(base) if url::Url::parse(href).is_err() => base
            .join(href)
            .map_or(Cow::Borrowed(href), |u| Cow::Owned(u.to_string())),
        _ => Cow::Borrowed(href),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_win_and_vague_types_defer_to_titles() {
        assert_eq!(classify(Some("slides"), Some("anything")), LinkKind::Slides);
        assert_eq!(
            classify(Some("related"), Some("Submit Feedback")),
            LinkKind::Feedback
        );
        assert_eq!(classify(None, Some("Git repository")), LinkKind::Code);
        assert_eq!(classify(Some("web"), None), LinkKind::Info);
        assert_eq!(classify(None, Some("Chat room(web)")), LinkKind::Info);
        assert_eq!(classify(None, Some("Lunch menu")), LinkKind::Other);
    }

    #[test]
    fn relative_links_resolve_and_duplicates_drop() {
        let base = url::Url::parse("https://example.org/2026/schedule/").unwrap();
        assert_eq!(
            resolve(Some(&base), "event/1/"),
            "https://example.org/2026/schedule/event/1/"
        );
        assert_eq!(
            resolve(Some(&base), "/media/a.png"),
            "https://example.org/media/a.png"
        );
        assert_eq!(resolve(Some(&base), "https://x.org/"), "https://x.org/");
        let mut list = LinkList::default();
        list.push(
            LinkKind::Feedback,
            "https://x.org/f",
            Some("Submit Feedback"),
        );
        list.push(LinkKind::Feedback, "https://x.org/f", None);
        assert_eq!(list.into_vec().len(), 1);
    }

    #[test]
    fn addresses_become_strict_uris() {
        assert_eq!(
            strict_uri("https://matrix.to/#/#2026-main:fosdem.org?web-instance[element.io]=chat"),
            "https://matrix.to/#/%232026-main:fosdem.org?web-instance%5Belement.io%5D=chat"
        );
        assert_eq!(
            strict_uri("https://[::1]:8080/a b/ü"),
            "https://[::1]:8080/a%20b/%C3%BC"
        );
        let valid = "https://example.org/a?b=1&c=%20#frag";
        assert_eq!(strict_uri(valid), valid);
    }
}
