//! A small read-only XML tree, built in one pass with quick-xml, for readers
//! that look around an element rather than stream through it. Names, values
//! and texts borrow from the source wherever they appear in it verbatim.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

pub type NodeId = usize;

/// Links and ranges are `u32`: nodes are most of a large schedule's memory,
/// and in a fresh process every page of it costs a fault.
#[derive(Debug)]
pub struct Node<'a> {
    pub name: Cow<'a, str>,
    /// This node's range in the tree's attribute list.
    attributes: std::ops::Range<u32>,
    /// The node's own text (not its children's), entities resolved.
    text: Cow<'a, str>,
    first_child: Option<u32>,
    last_child: Option<u32>,
    next_sibling: Option<u32>,
    /// Byte offset of the start tag in the source.
    pub offset: usize,
}

/// Nodes in document order, children linked rather than listed, and all
/// attributes in one list: a few allocations for the whole document.
#[derive(Debug)]
pub struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

/// `part` as a slice of `source` when it is one, so it can outlive the
/// parser's event; otherwise a copy.
fn keep<'a>(source: &'a str, part: &str) -> Cow<'a, str> {
    let start = (part.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    match source.get(start..start.wrapping_add(part.len())) {
        Some(slice) if slice.as_ptr() == part.as_ptr() => Cow::Borrowed(slice),
        _ => Cow::Owned(part.to_owned()),
    }
}

fn append<'a>(text: &mut Cow<'a, str>, more: Cow<'a, str>) {
    if text.is_empty() {
        *text = more;
    } else {
        text.to_mut().push_str(&more);
    }
}

/// `n` as a node or attribute index.
fn index(n: usize, offset: usize) -> Result<u32, XmlError> {
    u32::try_from(n).map_err(|_| XmlError {
        offset,
        message: "too many elements or attributes".to_owned(),
    })
}

/// Why the text is not well-formed XML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub offset: usize,
    pub message: String,
}

fn element<'a>(
    source: &'a str,
    start: &BytesStart<'_>,
    offset: usize,
    attributes: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>,
) -> Result<Node<'a>, XmlError> {
    let fail = |message: String| XmlError { offset, message };
    let name = keep(source, start.name().into_inner());
    let first = index(attributes.len(), offset)?;
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| fail(e.to_string()))?;
        let key = keep(source, attribute.key.as_ref());
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| fail(e.to_string()))?;
        attributes.push((key, keep(source, &value)));
    }
    Ok(Node {
        name,
        attributes: first..index(attributes.len(), offset)?,
        text: Cow::Borrowed(""),
        first_child: None,
        last_child: None,
        next_sibling: None,
        offset,
    })
}

impl<'a> Tree<'a> {
    pub fn parse(source: &'a str) -> Result<Tree<'a>, XmlError> {
        let mut reader = Reader::from_str(source);
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut attributes = Vec::new();
        let mut open: Vec<NodeId> = Vec::new();
        loop {
            let offset = reader.buffer_position() as usize;
            let event = reader.read_event().map_err(|e| XmlError {
                offset: reader.error_position() as usize,
                message: e.to_string(),
            })?;
            let (start, empty) = match &event {
                Event::Start(start) => (Some(start), false),
                Event::Empty(start) => (Some(start), true),
                _ => (None, false),
            };
            if let Some(start) = start {
                let id = index(nodes.len(), offset)?;
                nodes.push(element(source, start, offset, &mut attributes)?);
                match open.last() {
                    Some(&parent) => {
                        match nodes[parent].last_child {
                            Some(previous) => nodes[previous as usize].next_sibling = Some(id),
                            None => nodes[parent].first_child = Some(id),
                        }
                        nodes[parent].last_child = Some(id);
                    }
                    None if id != 0 => {
                        return Err(XmlError {
                            offset,
                            message: "a second root element".to_owned(),
                        });
                    }
                    None => {}
                }
                if !empty {
                    open.push(id as usize);
                }
                continue;
            }
            match event {
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(text) => {
                    if let Some(&id) = open.last() {
                        // Indentation between child elements is not text;
                        // telling it apart needs no line-end normalisation.
                        let node = &mut nodes[id];
                        let blank = text.bytes().all(|b| b.is_ascii_whitespace());
                        if blank && (node.text.is_empty() || node.first_child.is_some()) {
                            continue;
                        }
                        append(&mut node.text, keep(source, &text.xml10_content()));
                    }
                }
                Event::CData(data) => {
                    if let Some(&id) = open.last() {
                        append(&mut nodes[id].text, keep(source, &data.xml10_content()));
                    }
                }
                Event::GeneralRef(reference) => {
                    if let Some(&id) = open.last() {
                        match reference.resolve_char_ref() {
                            Ok(Some(c)) => nodes[id].text.to_mut().push(c),
                            _ => {
                                let name = reference.xml10_content();
                                match resolve_predefined_entity(&name) {
                                    Some(value) => nodes[id].text.to_mut().push_str(value),
                                    None => {
                                        return Err(XmlError {
                                            offset,
                                            message: format!("the entity &{name}; is not defined"),
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(&id) = open.last() {
            return Err(XmlError {
                offset: source.len(),
                message: format!("the file ends inside <{}>", nodes[id].name),
            });
        }
        if nodes.is_empty() {
            return Err(XmlError {
                offset: 0,
                message: "there is no element".to_owned(),
            });
        }
        Ok(Tree { nodes, attributes })
    }

    pub fn root(&self) -> NodeId {
        0
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id]
    }

    pub fn name(&self, id: NodeId) -> &str {
        &self.nodes[id].name
    }

    pub fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].first_child, |&child| {
            self.nodes[child as usize].next_sibling
        })
        .map(|child| child as usize)
    }

    pub fn children<'t>(&'t self, id: NodeId, name: &'t str) -> impl Iterator<Item = NodeId> + 't {
        self.elements(id)
            .filter(move |&child| self.nodes[child].name == name)
    }

    pub fn child(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.children(id, name).next()
    }

    pub fn attribute(&self, id: NodeId, name: &str) -> Option<&str> {
        let range = &self.nodes[id].attributes;
        self.attributes[range.start as usize..range.end as usize]
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_ref())
    }

    /// The node's own text, as written (untrimmed).
    pub fn text(&self, id: NodeId) -> &str {
        &self.nodes[id].text
    }

    /// The trimmed text of the first child called `name`, if not empty.
    pub fn child_text(&self, id: NodeId, name: &str) -> Option<String> {
        let text = self.text(self.child(id, name)?).trim();
        (!text.is_empty()).then(|| text.to_owned())
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
        let texts: Vec<&str> = tree.children(root, "b").map(|b| tree.text(b)).collect();
        assert_eq!(texts, ["one <p> A", "<two>"]);
        assert!(tree.child(root, "c").is_some());
        assert_eq!(tree.elements(root).count(), 3);
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
