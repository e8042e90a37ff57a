//! A small read-only XML tree, built in one pass over the text, for readers
//! that look around an element rather than stream through it.
//!
//! It reads the XML that schedules are written in: elements, attributes in
//! either quotes, text, CDATA, the five predefined entities and character
//! references; comments, processing instructions and the DOCTYPE are
//! skipped. Anything malformed is an error with its byte offset. Names,
//! values and texts are spans of the source where they appear in it
//! verbatim, else of one buffer of decoded text; a text that starts with
//! references (an abstract in escaped HTML) is checked while parsing and
//! decoded when read. A large schedule costs a few allocations, and little
//! memory for a fresh process to fault in.

use std::borrow::Cow;

use memchr::{memchr, memchr2, memmem};

pub type NodeId = usize;

/// No node: the root is never anyone's child or next sibling.
const NONE: u32 = 0;

/// Set in a span's start when the span is in the decoded buffer.
const DECODED: u32 = 1 << 31;
/// Set in a text's start when the span is of the source, checked but still
/// to be decoded: references resolved, line ends normalised, leading
/// indentation dropped.
const RAW: u32 = 1 << 30;
/// Spans, nodes and attributes are counted below this.
const LIMIT: usize = RAW as usize;

/// A piece of text: `len` bytes from `start` in the source, or in the
/// decoded buffer when `start` has [`DECODED`] set (or, for a node's text,
/// of the source still to decode when it has [`RAW`]).
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

/// 28 bytes: nodes are most of the tree.
#[derive(Debug)]
struct Node {
    /// Byte offset of the start tag in the source; the name follows the `<`.
    offset: u32,
    name_len: u32,
    /// The node's own text (not its children's), entities resolved, or
    /// [`RAW`].
    text: Span,
    /// Where the node's attributes start in the tree's list; the next
    /// node's start where they end.
    first_attribute: u32,
    first_child: u32,
    next_sibling: u32,
}

/// Nodes in document order, children linked rather than listed, and all
/// attributes in one list.
#[derive(Debug)]
pub struct Tree<'a> {
    source: &'a str,
    decoded: String,
    nodes: Vec<Node>,
    attributes: Vec<(Span, Span)>,
}

/// Why the text is not well-formed XML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub offset: usize,
    pub message: String,
}

fn fail<T>(offset: usize, message: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError {
        offset,
        message: message.into(),
    })
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_blank(text: &[u8]) -> bool {
    text.iter().all(u8::is_ascii_whitespace)
}

/// Decodes the text from `start` to `end` (between markup) onto `out`:
/// references resolved, line ends normalised. A blank piece before the
/// first reference is dropped when `drop_first_blank`, and one after a
/// reference when `drop_blank`: that is indentation, not text.
fn decode(
    source: &str,
    (start, end): (usize, usize),
    drop_first_blank: bool,
    drop_blank: bool,
    out: &mut impl Sink,
) -> Result<(), XmlError> {
    let bytes = source.as_bytes();
    let has_cr = memchr(b'\r', &bytes[start..end]).is_some();
    let (mut from, mut drop) = (start, drop_first_blank);
    loop {
        let next = memchr(b'&', &bytes[from..end]).map_or(end, |i| from + i);
        if !(drop && is_blank(&bytes[from..next])) {
            if has_cr {
                push_normalised(out, &source[from..next]);
            } else {
                out.push_str(&source[from..next]);
            }
        }
        if next == end {
            return Ok(());
        }
        from = next + reference(source, next, end, out)?;
        drop = drop_blank;
    }
}

/// Checks that each `&` from `start` to `end` starts a reference that
/// [`decode`] can resolve.
fn check_references(source: &str, start: usize, end: usize) -> Result<(), XmlError> {
    // References hold no `&`, so every one is the start of one.
    for at in memchr::memchr_iter(b'&', &source.as_bytes()[start..end]) {
        reference(source, start + at, end, &mut Discard)?;
    }
    Ok(())
}

/// Resolves the reference at `at` (an `&`, before `end`) onto `out`;
/// returns its length.
fn reference(source: &str, at: usize, end: usize, out: &mut impl Sink) -> Result<usize, XmlError> {
    let after = &source.as_bytes()[at + 1..end];
    // Escaped HTML is mostly these, told at a glance.
    let common = match after {
        [b'l', b't', b';', ..] => Some(("<", 4)),
        [b'g', b't', b';', ..] => Some((">", 4)),
        [b'a', b'm', b'p', b';', ..] => Some(("&", 5)),
        [b'q', b'u', b'o', b't', b';', ..] => Some(("\"", 6)),
        _ => None,
    };
    if let Some((text, len)) = common {
        out.push_str(text);
        return Ok(len);
    }
    // Names are short: a plain scan beats a vectorised search.
    let semicolon = match after.iter().position(|&b| b == b';' || b == b'&') {
        Some(i) if after[i] == b';' => i,
        _ => return fail(at, "an & that starts no entity (write &amp;)"),
    };
    let name = &source[at + 1..at + 1 + semicolon];
    match entity(name.as_bytes()) {
        Some(Entity::Str(text)) => out.push_str(text),
        Some(Entity::Char(c)) => out.push(c),
        None => return fail(at, format!("the entity &{name}; is not defined")),
    }
    Ok(semicolon + 2)
}

/// Where decoded text goes: a string, or nowhere but a check.
trait Sink {
    fn push_str(&mut self, text: &str);
    fn push(&mut self, c: char);
}

impl Sink for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }

    fn push(&mut self, c: char) {
        String::push(self, c);
    }
}

/// Only checks the text.
struct Discard;

impl Sink for Discard {
    fn push_str(&mut self, _: &str) {}

    fn push(&mut self, _: char) {}
}

/// Whether all of the text is white space (so that trimmed it is empty).
struct AllSpace(bool);

impl Sink for AllSpace {
    fn push_str(&mut self, text: &str) {
        self.0 = self.0 && text.chars().all(char::is_whitespace);
    }

    fn push(&mut self, c: char) {
        self.0 = self.0 && c.is_whitespace();
    }
}

/// Pushes `text` with each CRLF or lone CR as LF, as XML 1.0 reads line ends.
fn push_normalised(out: &mut impl Sink, text: &str) {
    let mut rest = text;
    while let Some(i) = memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
    }
    out.push_str(rest);
}

/// The text a predefined entity or character reference (`name` without
/// `&` and `;`) stands for.
fn entity(name: &[u8]) -> Option<Entity> {
    Some(match name {
        b"lt" => Entity::Str("<"),
        b"gt" => Entity::Str(">"),
        b"amp" => Entity::Str("&"),
        b"apos" => Entity::Str("'"),
        b"quot" => Entity::Str("\""),
        [b'#', b'x', hex @ ..] => Entity::Char(number(hex, 16)?),
        [b'#', decimal @ ..] => Entity::Char(number(decimal, 10)?),
        _ => return None,
    })
}

/// The character with the code `digits` spell, if there is one (not NUL).
fn number(digits: &[u8], radix: u32) -> Option<char> {
    if digits.is_empty() {
        return None;
    }
    let mut code = 0u32;
    for &digit in digits {
        let value = char::from(digit).to_digit(radix)?;
        code = code.checked_mul(radix)?.checked_add(value)?;
    }
    char::from_u32(code).filter(|&c| c != '\0')
}

enum Entity {
    Str(&'static str),
    Char(char),
}

/// The parse in progress: where it is, and the elements still open.
struct Parser<'a> {
    tree: Tree<'a>,
    bytes: &'a [u8],
    pos: usize,
    /// Open elements with their last child so far (`NONE` before the first).
    open: Vec<(u32, u32)>,
}

impl<'a> Tree<'a> {
    pub fn parse(source: &'a str) -> Result<Tree<'a>, XmlError> {
        if source.len() >= LIMIT {
            return fail(0, "the document is larger than 1 GB");
        }
        let mut parser = Parser {
            tree: Tree {
                source,
                decoded: String::new(),
                nodes: Vec::new(),
                attributes: Vec::new(),
            },
            bytes: source.as_bytes(),
            pos: 0,
            open: Vec::new(),
        };
        parser.document()?;
        Ok(parser.tree)
    }

    fn str(&self, span: Span) -> &str {
        let (text, start) = if span.start & DECODED != 0 {
            (self.decoded.as_str(), span.start & !DECODED)
        } else {
            (self.source, span.start)
        };
        &text[start as usize..(start + span.len) as usize]
    }

    pub fn root(&self) -> NodeId {
        0
    }

    /// Byte offset of the node's start tag in the source.
    pub fn offset(&self, id: NodeId) -> usize {
        self.nodes[id].offset as usize
    }

    pub fn name(&self, id: NodeId) -> &str {
        let node = &self.nodes[id];
        let start = node.offset as usize + 1;
        &self.source[start..start + node.name_len as usize]
    }

    pub fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let first = Some(self.nodes[id].first_child).filter(|&c| c != NONE);
        std::iter::successors(first, |&child| {
            Some(self.nodes[child as usize].next_sibling).filter(|&c| c != NONE)
        })
        .map(|child| child as usize)
    }

    pub fn children<'t>(&'t self, id: NodeId, name: &'t str) -> impl Iterator<Item = NodeId> + 't {
        self.elements(id)
            .filter(move |&child| self.name(child) == name)
    }

    pub fn child(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.children(id, name).next()
    }

    pub fn attribute(&self, id: NodeId, name: &str) -> Option<&str> {
        let first = self.nodes[id].first_attribute as usize;
        let end = self
            .nodes
            .get(id + 1)
            .map_or(self.attributes.len(), |next| next.first_attribute as usize);
        self.attributes[first..end]
            .iter()
            .find(|(key, _)| self.str(*key) == name)
            .map(|(_, value)| self.str(*value))
    }

    /// The node's own text, as written (untrimmed).
    pub fn text(&self, id: NodeId) -> Cow<'_, str> {
        let span = self.nodes[id].text;
        if span.start & RAW == 0 {
            return Cow::Borrowed(self.str(span));
        }
        let start = (span.start & !RAW) as usize;
        let mut text = String::with_capacity(span.len as usize);
        decode(
            self.source,
            (start, start + span.len as usize),
            true,
            false,
            &mut text,
        )
        .expect("checked while parsing");
        Cow::Owned(text)
    }

    /// Whether the node's text is more than white space, told without
    /// keeping a decoded copy.
    pub fn has_text(&self, id: NodeId) -> bool {
        let span = self.nodes[id].text;
        if span.start & RAW == 0 {
            return !self.str(span).trim().is_empty();
        }
        let start = (span.start & !RAW) as usize;
        let mut all_space = AllSpace(true);
        decode(
            self.source,
            (start, start + span.len as usize),
            true,
            false,
            &mut all_space,
        )
        .expect("checked while parsing");
        !all_space.0
    }

    /// The node's text trimmed, if not empty.
    pub fn trimmed_text(&self, id: NodeId) -> Option<Cow<'_, str>> {
        match self.text(id) {
            Cow::Borrowed(text) => Some(text.trim())
                .filter(|t| !t.is_empty())
                .map(Cow::Borrowed),
            // Trimmed in place: decoded texts are long, and not copied again.
            Cow::Owned(mut text) => {
                text.truncate(text.trim_end().len());
                text.drain(..text.len() - text.trim_start().len());
                (!text.is_empty()).then_some(Cow::Owned(text))
            }
        }
    }

    /// The trimmed text of the first child called `name`, if not empty.
    pub fn child_text(&self, id: NodeId, name: &str) -> Option<Cow<'_, str>> {
        self.trimmed_text(self.child(id, name)?)
    }
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<(), XmlError> {
        loop {
            // Mostly indentation comes next: skipped by hand, as a search
            // for the `<` would cost more.
            let mut lt = self.pos;
            while lt < self.bytes.len() && is_space(self.bytes[lt]) {
                lt += 1;
            }
            if self.bytes.get(lt) == Some(&b'<') {
                self.blank_text(self.pos, lt)?;
            } else {
                match memchr(b'<', &self.bytes[lt..]) {
                    Some(i) => lt += i,
                    None => break,
                }
                self.text(self.pos, lt)?;
            }
            self.pos = lt;
            self.markup()?;
        }
        self.text(self.pos, self.bytes.len())?;
        if let Some(&(id, _)) = self.open.last() {
            let name = self.tree.name(id as usize);
            return fail(self.bytes.len(), format!("the file ends inside <{name}>"));
        }
        if self.tree.nodes.is_empty() {
            return fail(0, "there is no element");
        }
        Ok(())
    }

    /// The markup at `pos` (a `<`), up to just after its end.
    fn markup(&mut self) -> Result<(), XmlError> {
        let at = self.pos;
        let rest = &self.bytes[at..];
        match rest.get(1) {
            Some(b'/') => self.end_tag(),
            Some(b'!') if rest.starts_with(b"<!--") => {
                self.skip_past(at + 4, b"-->", "a comment that is never closed")
            }
            Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                let start = at + 9;
                self.skip_past(start, b"]]>", "a CDATA section that is never closed")?;
                if self.open.is_empty() {
                    return Ok(());
                }
                let has_cr = memchr(b'\r', &self.bytes[start..self.pos - 3]).is_some();
                self.append(start, self.pos - 3, has_cr)
            }
            Some(b'!') if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!DOCTYPE") => {
                self.doctype()
            }
            Some(b'!') => fail(
                at,
                "markup starting with <! that is not a comment, CDATA or DOCTYPE",
            ),
            Some(b'?') => self.skip_past(
                at + 2,
                b"?>",
                "a processing instruction that is never closed",
            ),
            _ => self.start_tag(),
        }
    }

    /// Moves past the first `end` from `from`.
    fn skip_past(&mut self, from: usize, end: &[u8], unclosed: &str) -> Result<(), XmlError> {
        match memmem::find(&self.bytes[from..], end) {
            Some(found) => {
                self.pos = from + found + end.len();
                Ok(())
            }
            None => fail(self.pos, unclosed),
        }
    }

    /// Skips a DOCTYPE, its internal subset in brackets included.
    fn doctype(&mut self) -> Result<(), XmlError> {
        let mut depth = 0usize;
        let mut quote = None;
        for (i, &byte) in self.bytes[self.pos + 9..].iter().enumerate() {
            match (quote, byte) {
                (Some(q), _) if byte == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(byte),
                (None, b'[') => depth += 1,
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => {
                    self.pos += 9 + i + 1;
                    return Ok(());
                }
                _ => {}
            }
        }
        fail(self.pos, "a DOCTYPE that is never closed")
    }

    fn end_tag(&mut self) -> Result<(), XmlError> {
        let at = self.pos;
        // Mostly the end of the open element, written plainly.
        if let Some(&(id, _)) = self.open.last() {
            let name = self.tree.name(id as usize).as_bytes();
            let after = at + 2 + name.len();
            if self.bytes.get(at + 2..after) == Some(name) && self.bytes.get(after) == Some(&b'>') {
                self.open.pop();
                self.pos = after + 1;
                return Ok(());
            }
        }
        let Some(gt) = memchr(b'>', &self.bytes[at..]) else {
            return fail(at, "an end tag that is never closed");
        };
        self.pos = at + gt + 1;
        let name = self.tree.source[at + 2..at + gt].trim_end_matches(|c| is_space(c as u8));
        match self.open.pop() {
            Some((id, _)) if self.tree.name(id as usize) == name => Ok(()),
            Some((id, _)) => {
                let open = self.tree.name(id as usize);
                fail(at, format!("</{name}> closes <{open}>"))
            }
            None => fail(at, format!("</{name}> closes no element")),
        }
    }

    fn start_tag(&mut self) -> Result<(), XmlError> {
        let at = self.pos;
        let bytes = self.bytes;
        let mut pos = at + 1;
        while pos < bytes.len() && !is_space(bytes[pos]) && !matches!(bytes[pos], b'/' | b'>') {
            pos += 1;
        }
        if pos == at + 1 {
            return fail(at, "a < that starts no tag (write &lt;)");
        }
        let name_len = (pos - at - 1) as u32;
        let first = self.index(self.tree.attributes.len(), at)?;
        let empty = loop {
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(b'>') => break false,
                Some(b'/') if bytes.get(pos + 1) == Some(&b'>') => break true,
                Some(_) => pos = self.attribute(pos, first as usize)?,
                None => return fail(at, "a start tag that is never closed"),
            }
        };
        self.pos = pos + if empty { 2 } else { 1 };
        let id = self.index(self.tree.nodes.len(), at)?;
        self.tree.nodes.push(Node {
            offset: at as u32,
            name_len,
            text: Span::default(),
            first_attribute: first,
            first_child: NONE,
            next_sibling: NONE,
        });
        match self.open.last_mut() {
            Some((parent, last)) => {
                match *last {
                    NONE => self.tree.nodes[*parent as usize].first_child = id,
                    previous => self.tree.nodes[previous as usize].next_sibling = id,
                }
                *last = id;
            }
            None if id != 0 => return fail(at, "a second root element"),
            None => {}
        }
        if !empty {
            self.open.push((id, NONE));
        }
        Ok(())
    }

    /// Reads `name="value"` at `at` into the attribute list, where the
    /// tag's attributes begin at `first`; returns where it ends.
    fn attribute(&mut self, at: usize, first: usize) -> Result<usize, XmlError> {
        let bytes = self.bytes;
        let mut pos = at;
        while pos < bytes.len()
            && !is_space(bytes[pos])
            && !matches!(bytes[pos], b'=' | b'/' | b'>')
        {
            pos += 1;
        }
        if pos == at {
            return fail(at, "an attribute without a name");
        }
        let key = self.span(at, pos);
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        if bytes.get(pos) != Some(&b'=') {
            return fail(at, "an attribute without a value");
        }
        pos += 1;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return fail(pos, "an attribute value without quotes"),
        };
        let start = pos + 1;
        let Some(len) = memchr(quote, &bytes[start..]) else {
            return fail(pos, "an attribute value that is never closed");
        };
        let end = start + len;
        let value = self.attribute_value(start, end)?;
        let key_text = self.tree.str(key);
        if self.tree.attributes[first..]
            .iter()
            .any(|(other, _)| self.tree.str(*other) == key_text)
        {
            return fail(at, format!("the attribute {key_text} is given twice"));
        }
        self.tree.attributes.push((key, value));
        Ok(end + 1)
    }

    /// An attribute value with entities resolved and each tab, line end or
    /// CRLF as one space, as XML 1.0 normalises them.
    fn attribute_value(&mut self, start: usize, end: usize) -> Result<Span, XmlError> {
        let raw = &self.tree.source[start..end];
        let plain = !raw
            .bytes()
            .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
        if plain {
            return Ok(self.span(start, end));
        }
        let begin = self.tree.decoded.len();
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
            self.tree.decoded.push_str(&rest[..i]);
            let at = end - rest.len() + i;
            rest = match rest.as_bytes()[i] {
                b'&' => &rest[i + reference(self.tree.source, at, end, &mut self.tree.decoded)?..],
                b'\r' if rest[i + 1..].starts_with('\n') => {
                    self.tree.decoded.push(' ');
                    &rest[i + 2..]
                }
                _ => {
                    self.tree.decoded.push(' ');
                    &rest[i + 1..]
                }
            };
        }
        self.tree.decoded.push_str(rest);
        self.decoded_span(begin)
    }

    /// Blank text from `start` to `end` (between markup): indentation, not
    /// text, when the open element has children or no text yet.
    fn blank_text(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        match self.open.last() {
            Some(&(id, NONE)) if start < end && self.tree.nodes[id as usize].text.len != 0 => {
                let has_cr = memchr(b'\r', &self.bytes[start..end]).is_some();
                self.append(start, end, has_cr)
            }
            _ => Ok(()),
        }
    }

    /// Text from `start` to `end` (between markup) onto the open element.
    fn text(&mut self, start: usize, end: usize) -> Result<(), XmlError> {
        let run = &self.bytes[start..end];
        if is_blank(run) {
            return self.blank_text(start, end);
        }
        let Some(&(id, last)) = self.open.last() else {
            return Ok(());
        };
        let id = id as usize;
        let empty = self.tree.nodes[id].text.len == 0;
        let has_child = last != NONE;
        // Mostly plain text, found so with one search.
        match memchr2(b'&', b'\r', run) {
            None if empty => {
                self.tree.nodes[id].text = self.span(start, end);
                return Ok(());
            }
            None => return self.append(start, end, false),
            Some(i) if run[i] == b'\r' && memchr(b'&', &run[i..]).is_none() => {
                return self.append(start, end, true);
            }
            Some(_) => {}
        }
        if empty && !has_child {
            // Checked now and decoded when read: such texts (abstracts,
            // biographies) are large, read once, and need no lasting copy.
            check_references(self.tree.source, start, end)?;
            self.tree.nodes[id].text = Span {
                start: start as u32 | RAW,
                len: (end - start) as u32,
            };
            return Ok(());
        }
        let begin = self.take_text(id);
        let decoded = &mut self.tree.decoded;
        decode(
            self.tree.source,
            (start, end),
            empty || has_child,
            has_child,
            decoded,
        )?;
        self.tree.nodes[id].text = self.decoded_span(begin)?;
        Ok(())
    }

    /// Appends the source text from `start` to `end` (which `has_cr` or
    /// not), line ends normalised, to the innermost open element's text.
    fn append(&mut self, start: usize, end: usize, has_cr: bool) -> Result<(), XmlError> {
        let id = self.open.last().expect("an open element").0 as usize;
        if self.tree.nodes[id].text.len == 0 && !has_cr {
            self.tree.nodes[id].text = self.span(start, end);
            return Ok(());
        }
        let begin = self.take_text(id);
        push_normalised(&mut self.tree.decoded, &self.tree.source[start..end]);
        self.tree.nodes[id].text = self.decoded_span(begin)?;
        Ok(())
    }

    /// Makes the node's text the end of the decoded buffer, so that more
    /// can be pushed onto it; returns where it starts there.
    fn take_text(&mut self, id: NodeId) -> usize {
        let text = self.tree.nodes[id].text;
        let start = (text.start & !(DECODED | RAW)) as usize;
        let end = start + text.len as usize;
        let decoded = &mut self.tree.decoded;
        if text.start & RAW != 0 {
            let begin = decoded.len();
            decode(self.tree.source, (start, end), true, false, decoded)
                .expect("checked while parsing");
            begin
        } else if text.start & DECODED == 0 {
            let begin = decoded.len();
            decoded.push_str(&self.tree.source[start..end]);
            begin
        } else if end == decoded.len() {
            start
        } else {
            // Text around a child element's: rare, so copied.
            let begin = decoded.len();
            let copy = decoded[start..end].to_owned();
            decoded.push_str(&copy);
            begin
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        // The source is under 1 GB, so both fit.
        Span {
            start: start as u32,
            len: (end - start) as u32,
        }
    }

    /// The decoded buffer from `begin` to its end.
    fn decoded_span(&self, begin: usize) -> Result<Span, XmlError> {
        let end = self.tree.decoded.len();
        Ok(Span {
            start: self.index(begin, self.pos)? | DECODED,
            len: self.index(end - begin, self.pos)?,
        })
    }

    /// `n` as a node, attribute or decoded-text index.
    fn index(&self, n: usize, offset: usize) -> Result<u32, XmlError> {
        match u32::try_from(n) {
            Ok(n) if (n as usize) < LIMIT => Ok(n),
            _ => fail(offset, "the document is too large"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_attributes_and_entities() {
        let tree = Tree::parse(
            "<?xml version=\"1.0\"?>\n<a x=\"1&amp;2\"><b>one &lt;p&gt; &#x41;</b><c/><b><![CDATA[<two>]]></b></a>",
        )
        .unwrap();
        let root = tree.root();
        assert_eq!(tree.name(root), "a");
        assert_eq!(tree.attribute(root, "x"), Some("1&2"));
        let texts: Vec<_> = tree.children(root, "b").map(|b| tree.text(b)).collect();
        assert_eq!(texts, ["one <p> A", "<two>"]);
        assert!(tree.child(root, "c").is_some());
        assert_eq!(tree.elements(root).count(), 3);
    }

    #[test]
    fn line_ends_blanks_and_skipped_markup() {
        let source = "<?xml version=\"1.0\"?>\r\n<!DOCTYPE a [<!ENTITY e \"x>y\">]>\r\n<a t='a\tb\r\nc &#10;'>\r\n  <b>x\r\ny\rz</b>\r\n  <c>one<!-- note -->two<?pi?></c>\r\n  <d>\n  &amp; </d><e>  &lt;p&gt; <f/> </e>\r\n</a>";
        let tree = Tree::parse(source).unwrap();
        let root = tree.root();
        assert_eq!(tree.attribute(root, "t"), Some("a b c \n"));
        let text = |name| tree.text(tree.child(root, name).unwrap());
        assert_eq!(text("b"), "x\ny\nz");
        assert_eq!(text("c"), "onetwo");
        // Blank before a first reference is indentation; after it, text.
        assert_eq!(text("d"), "& ");
        // Blank pieces among children are indentation.
        assert_eq!(text("e"), "<p> ");
        assert_eq!(tree.text(root), "");
        let b = tree.child(root, "b").unwrap();
        assert_eq!(Some(tree.offset(b)), source.find("<b>"));
    }

    #[test]
    fn text_around_a_child_stays_whole() {
        let tree = Tree::parse("<a><b>x &amp; <c>y&lt;</c> z &gt;</b></a>").unwrap();
        let b = tree.child(tree.root(), "b").unwrap();
        assert_eq!(tree.text(b), "x &  z >");
        assert_eq!(tree.text(tree.child(b, "c").unwrap()), "y<");
    }

    #[test]
    fn texts_with_references_read_the_same_when_left_raw() {
        let tree = Tree::parse(
            "<a><b>\n  &lt;p&gt;x\r\ny&lt;/p&gt; </b><c>&lt;b&gt;<d/> x &amp;</c><e> &#32;&#xA0; </e></a>",
        )
        .unwrap();
        let root = tree.root();
        let child = |name| tree.child(root, name).unwrap();
        assert_eq!(tree.text(child("b")), "<p>x\ny</p> ");
        assert_eq!(tree.child_text(root, "b").unwrap(), "<p>x\ny</p>");
        assert!(tree.has_text(child("b")));
        assert_eq!(tree.text(child("c")), "<b> x &");
        assert_eq!(tree.text(child("e")), " \u{a0} ");
        assert!(!tree.has_text(child("e")));
        assert_eq!(tree.child_text(root, "e"), None);
    }

    #[test]
    fn malformed_markup_is_an_error_at_its_place() {
        let at = |xml: &str| Tree::parse(xml).unwrap_err().offset;
        assert_eq!(at("<a x='1' x='2'/>"), 9);
        assert_eq!(at("<a x=1/>"), 5);
        assert_eq!(at("<a x/>"), 3);
        assert_eq!(at("<a>AT&T</a>"), 5);
        assert_eq!(at("<a>&#0;</a>"), 3);
        assert_eq!(at("<a><!-- open</a>"), 3);
        assert_eq!(at("<a><b></c></a>"), 6);
        assert_eq!(at("<a/><b/>"), 4);
        assert_eq!(at("<a>< b/></a>"), 3);
        assert_eq!(at("<a><!x></a>"), 3);
        assert_eq!(at("</a>"), 0);
        assert_eq!(at("text"), 0);
    }

    #[test]
    fn broken_documents_are_errors_with_a_place() {
        assert!(Tree::parse("<a><b></a>").is_err());
        let cut = Tree::parse("<a><b>text").unwrap_err();
        assert!(cut.message.contains("ends inside <b>"), "{cut:?}");
        assert!(
            Tree::parse("<a>&nbsp;</a>")
                .unwrap_err()
                .message
                .contains("&nbsp;")
        );
    }
}
