//! The safe Markdown subset as screens show it: paragraphs and list items,
//! each a run of plain, strong or emphasised text. Everything else a
//! Markdown text may hold (raw HTML, images, links, headings) is kept as the
//! plain text it reads as, so a screen never renders markup it was sent.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextBlock {
    /// A bullet point rather than a paragraph.
    pub item: bool,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
}

/// The blocks of `markdown`, in order; empty for empty text.
pub fn blocks(markdown: &str) -> Vec<TextBlock> {
    let mut out: Vec<TextBlock> = Vec::new();
    let (mut strong, mut emphasis, mut items) = (0u32, 0u32, 0u32);
    let mut open = false;
    for event in Parser::new(markdown) {
        let text = match event {
            Event::Start(Tag::Item) => {
                items += 1;
                out.push(TextBlock {
                    item: true,
                    spans: Vec::new(),
                });
                open = true;
                continue;
            }
            Event::End(TagEnd::Item) => {
                items = items.saturating_sub(1);
                open = false;
                continue;
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) => {
                // A list item's own paragraphs stay in its block.
                if !(items > 0 && open) {
                    out.push(TextBlock {
                        item: false,
                        spans: Vec::new(),
                    });
                    open = true;
                }
                continue;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                open = items > 0 && open;
                continue;
            }
            Event::Start(Tag::Strong) => {
                strong += 1;
                continue;
            }
            Event::End(TagEnd::Strong) => {
                strong = strong.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Emphasis) => {
                emphasis += 1;
                continue;
            }
            Event::End(TagEnd::Emphasis) => {
                emphasis = emphasis.saturating_sub(1);
                continue;
            }
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                text.into_string()
            }
            Event::SoftBreak | Event::HardBreak => " ".to_owned(),
            _ => continue,
        };
        if !open {
            out.push(TextBlock {
                item: false,
                spans: Vec::new(),
            });
            open = true;
        }
        let block = out.last_mut().expect("a block was opened");
        let (strong, emphasis) = (strong > 0, emphasis > 0);
        match block.spans.last_mut() {
            Some(last) if last.strong == strong && last.emphasis == emphasis => {
                last.text.push_str(&text);
            }
            _ => block.spans.push(Span {
                text,
                strong,
                emphasis,
            }),
        }
    }
    for block in &mut out {
        if let Some(last) = block.spans.last_mut() {
            last.text.truncate(last.text.trim_end().len());
        }
    }
    out.retain(|block| block.spans.iter().any(|s| !s.text.trim().is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(block: &TextBlock) -> String {
        block.spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn paragraphs_items_and_emphasis_are_kept() {
        let blocks = blocks("Lunch is in the **atrium**.\n\n- soup\n- *vegan* bowls\n");
        assert_eq!(blocks.len(), 3);
        assert!(!blocks[0].item);
        assert_eq!(plain(&blocks[0]), "Lunch is in the atrium.");
        assert!(blocks[0].spans[1].strong);
        assert!(blocks[2].item && blocks[2].spans[0].emphasis);
        assert_eq!(plain(&blocks[2]), "vegan bowls");
    }

    #[test]
    fn markup_is_kept_as_the_text_it_reads_as() {
        let blocks =
            blocks("<script>alert(1)</script>\n\nSee [the map](https://example.org) ![x](y.png)");
        let text: Vec<String> = blocks.iter().map(plain).collect();
        assert_eq!(text[0], "<script>alert(1)</script>");
        assert_eq!(text[1], "See the map x");
    }

    #[test]
    fn empty_text_has_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks("  \n\n ").is_empty());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        // Without `&`: an entity such as `&copy;` reads as another character.
        #[test]
        fn any_text_gives_blocks_of_its_own_characters(text in "([^&\\p{C}]|[*_<>`#\\[\\]()!\\-\\n ]){0,200}") {
            for block in super::blocks(&text) {
                for span in &block.spans {
                    prop_assert!(span.text.chars().all(|c| c == ' ' || text.contains(c)), "{span:?} from {text:?}");
                }
            }
        }
    }
}
