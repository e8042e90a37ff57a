//! Reads a conference programme page: Markdown with inline HTML, the way
//! organisers publish talks, speakers and workshops on their sites.
//!
//! The page is read by structure, not by position: a `### Talks`, `### Speakers`
//! or `### Workshops` heading opens a section; each `####` heading in it opens a
//! talk, a person or a workshop, optionally with an `<a name>` anchor; an
//! `<img>` before a person or workshop is that person's photo. Anything else is
//! kept as Markdown where it belongs, or reported as a warning with its line.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::slug::{UniqueIds, slug};
use crate::model::{Link, LinkKind, MediaSource, Social, Speaker, SpeakerId};
use crate::problem::{Location, Problem, ProblemKind};
use crate::safety::contains_raw_html;

/// What a page says, before it is given times and rooms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContent {
    pub title: Option<String>,
    pub logo: Option<MediaSource>,
    pub talks: Vec<PageSession>,
    pub workshops: Vec<PageSession>,
    /// Everyone on the page: the Speakers section in order, then people who
    /// appear only as workshop leaders.
    pub people: Vec<Speaker>,
}

/// A talk or workshop as written on the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSession {
    pub id: String,
    pub title: String,
    pub speakers: Vec<SpeakerId>,
    pub summary: String,
    pub links: Vec<Link>,
    pub duration_minutes: Option<i64>,
    pub level: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error(
        "the page has no talks or workshops (fix: put each session under a \"### Talks\" or \"### Workshops\" heading, as a \"####\" heading of its own)"
    )]
    NoSessions,
}

const SECTION_NAMES: [&str; 3] = ["talks", "speakers", "workshops"];

/// True when `text` has a section heading this reader knows.
pub fn looks_like_page(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("###")
            .map(|rest| rest.trim().to_ascii_lowercase())
            .is_some_and(|name| SECTION_NAMES.contains(&name.as_str()))
    })
}

/// Reads the page; warnings name the line of whatever was not understood.
pub fn parse(text: &str) -> Result<(PageContent, Vec<Problem>), PageError> {
    let mut reader = Reader::default();
    for block in blocks(text) {
        reader.block(block);
    }
    reader.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Heading(HeadingLevel),
    Paragraph,
    Html,
    /// Lists, quotes, code: kept as Markdown inside a session's abstract.
    Prose,
    /// Front matter and rules, which carry nothing for the programme.
    Ignored,
}

/// One top-level block of the page, with its inline events.
struct Block<'a> {
    kind: BlockKind,
    line: usize,
    source: &'a str,
    events: Vec<Event<'a>>,
}

fn block_kind(tag: &Tag<'_>) -> BlockKind {
    match tag {
        Tag::Heading { level, .. } => BlockKind::Heading(*level),
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::HtmlBlock => BlockKind::Html,
        Tag::MetadataBlock(_) => BlockKind::Ignored,
        _ => BlockKind::Prose,
    }
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset);
    let parser = Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    out.push(Block {
                        kind: block_kind(&tag),
                        line: line_of(range.start),
                        source: &text[range],
                        events: Vec::new(),
                    });
                } else if let Some(block) = out.last_mut() {
                    block.events.push(Event::Start(tag));
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth > 0
                    && let Some(block) = out.last_mut()
                {
                    block.events.push(Event::End(end));
                }
            }
            other if depth > 0 => {
                if let Some(block) = out.last_mut() {
                    block.events.push(other);
                }
            }
            _ => out.push(Block {
                kind: BlockKind::Ignored,
                line: line_of(range.start),
                source: &text[range],
                events: Vec::new(),
            }),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Preamble,
    Talks,
    Speakers,
    Workshops,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Current {
    Nothing,
    Talk(usize),
    Person(usize),
    Workshop(usize),
}

#[derive(Default)]
struct Reader {
    content: PageContent,
    warnings: Vec<Problem>,
    section: Option<Section>,
    current: Option<Current>,
    /// An image waiting for the person or workshop heading after it.
    pending_photo: Option<(String, usize)>,
    session_ids: UniqueIds,
    /// Workshop leaders named in "Led by" lines, resolved at the end.
    leaders: Vec<Leader>,
    /// The name shown in each speaker link, by anchor, for people the page
    /// links to but never describes.
    linked_names: std::collections::HashMap<String, String>,
}

struct Leader {
    workshop: usize,
    name: String,
    affiliation: Option<String>,
    bio: String,
    photo: Option<String>,
}

impl Reader {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Problem::at_line(
            line,
            ProblemKind::UnrecognisedMarkup(message),
        ));
    }

    fn section(&self) -> Section {
        self.section.unwrap_or(Section::Preamble)
    }

    fn current(&self) -> Current {
        self.current.unwrap_or(Current::Nothing)
    }

    fn block(&mut self, block: Block<'_>) {
        match block.kind {
            BlockKind::Ignored => {}
            BlockKind::Heading(HeadingLevel::H3) => self.section_heading(&block),
            BlockKind::Heading(_) => self.item_heading(&block),
            BlockKind::Html => self.html(&block),
            BlockKind::Paragraph => self.paragraph(&block),
            BlockKind::Prose => self.prose(&block),
        }
    }

    fn drop_pending_photo(&mut self) {
        if let Some((src, line)) = self.pending_photo.take() {
            self.warn(
                line,
                format!("the image {src:?} is not followed by a person or workshop heading; it is not imported"),
            );
        }
    }

    fn section_heading(&mut self, block: &Block<'_>) {
        self.drop_pending_photo();
        let name = plain_text(&block.events).trim().to_ascii_lowercase();
        let section = match name.as_str() {
            "talks" => Section::Talks,
            "speakers" => Section::Speakers,
            "workshops" => Section::Workshops,
            _ => {
                self.warn(
                    block.line,
                    format!(
                        "the section {name:?} is not one Marquee imports (Talks, Speakers, Workshops); its content is skipped"
                    ),
                );
                Section::Unknown
            }
        };
        self.section = Some(section);
        self.current = None;
    }

    fn item_heading(&mut self, block: &Block<'_>) {
        let parts = HeadingParts::from_events(&block.events);
        match self.section() {
            Section::Preamble if self.content.title.is_none() => {
                self.content.title = Some(parts.title());
            }
            Section::Preamble => self.warn(
                block.line,
                format!(
                    "the heading {:?} before the first section is not imported",
                    parts.title()
                ),
            ),
            Section::Talks => {
                let session = self.new_session(&parts, block.line);
                self.content.talks.push(session);
                self.current = Some(Current::Talk(self.content.talks.len() - 1));
            }
            Section::Workshops => {
                let session = self.new_session(&parts, block.line);
                self.content.workshops.push(session);
                self.current = Some(Current::Workshop(self.content.workshops.len() - 1));
            }
            Section::Speakers => {
                let name = parts.title();
                let id = parts.anchor.clone().unwrap_or_else(|| slug(&name));
                let photo = self.pending_photo.take().map(|(src, _)| MediaSource(src));
                self.content.people.push(Speaker {
                    id: SpeakerId(id),
                    name,
                    affiliation: None,
                    bio: String::new(),
                    photo,
                    socials: Vec::new(),
                });
                self.current = Some(Current::Person(self.content.people.len() - 1));
            }
            Section::Unknown => {}
        }
    }

    fn new_session(&mut self, parts: &HeadingParts, line: usize) -> PageSession {
        let title = parts.title();
        let id = self
            .session_ids
            .claim(&parts.anchor.clone().unwrap_or_else(|| slug(&title)));
        let details = SessionDetails::parse(&parts.span_text);
        if !details.unparsed.is_empty() {
            self.warn(
                line,
                format!(
                    "the session details {:?} are not understood; a length and a level are expected, e.g. \"- 2h, Intermediate\"",
                    details.unparsed
                ),
            );
        }
        for (anchor, name) in &parts.speaker_refs {
            self.linked_names
                .entry(anchor.clone())
                .or_insert_with(|| name.clone());
        }
        PageSession {
            id,
            title,
            speakers: parts
                .speaker_refs
                .iter()
                .map(|(anchor, _)| SpeakerId(anchor.clone()))
                .collect(),
            summary: String::new(),
            links: Vec::new(),
            duration_minutes: details.duration_minutes,
            level: details.level,
        }
    }

    fn html(&mut self, block: &Block<'_>) {
        let html = block.source.trim();
        let lower = html.to_ascii_lowercase();
        if lower.starts_with("<style") || lower.starts_with("<!--") || lower.starts_with("<script")
        {
            return;
        }
        if lower.starts_with("<img") {
            let Some(src) = attribute(html, "src") else {
                self.warn(
                    block.line,
                    "an image without a src is not imported".to_owned(),
                );
                return;
            };
            match self.section() {
                Section::Preamble if self.content.logo.is_none() => {
                    self.content.logo = Some(MediaSource(src));
                }
                Section::Speakers | Section::Workshops => {
                    self.drop_pending_photo();
                    self.pending_photo = Some((src, block.line));
                }
                _ => self.warn(block.line, format!("the image {src:?} is not imported")),
            }
            return;
        }
        let text = strip_tags(html);
        self.warn(
            block.line,
            format!(
                "an HTML block is not imported; its text reads {:?}",
                text.trim()
            ),
        );
    }

    fn paragraph(&mut self, block: &Block<'_>) {
        match self.current() {
            Current::Talk(_) | Current::Workshop(_) => {
                if let Some(links) = links_line(&block.events) {
                    self.session_mut().links.extend(links);
                    return;
                }
                if let Current::Workshop(index) = self.current()
                    && let Some(leaders) = led_by(&plain_text(&block.events))
                {
                    let photo = self.pending_photo.take().map(|(src, _)| src);
                    for (name, affiliation, bio) in leaders {
                        self.leaders.push(Leader {
                            workshop: index,
                            name,
                            affiliation,
                            bio,
                            photo: photo.clone(),
                        });
                    }
                }
                self.prose(block);
            }
            Current::Person(index) => {
                if let Some(social) = social_line(&block.events) {
                    self.content.people[index].socials.push(social);
                } else {
                    let markdown = self.safe_markdown(block);
                    append_paragraph(&mut self.content.people[index].bio, &markdown);
                }
            }
            Current::Nothing => self.unplaced(block),
        }
    }

    /// Markdown kept as written inside the current session's abstract.
    fn prose(&mut self, block: &Block<'_>) {
        match self.current() {
            Current::Talk(_) | Current::Workshop(_) => {
                let markdown = self.safe_markdown(block);
                append_paragraph(&mut self.session_mut().summary, &markdown);
            }
            Current::Person(index) => {
                let markdown = self.safe_markdown(block);
                append_paragraph(&mut self.content.people[index].bio, &markdown);
            }
            Current::Nothing => self.unplaced(block),
        }
    }

    fn unplaced(&mut self, block: &Block<'_>) {
        if self.section() != Section::Unknown {
            let text = plain_text(&block.events);
            self.warn(
                block.line,
                format!(
                    "text outside any talk, person or workshop is not imported: {:?}",
                    text.trim()
                ),
            );
        }
    }

    /// The block's Markdown without raw HTML, which never reaches a screen.
    fn safe_markdown(&mut self, block: &Block<'_>) -> String {
        let source = block.source.trim();
        if contains_raw_html(source) {
            self.warn(
                block.line,
                "inline HTML in text is removed; the words are kept".to_owned(),
            );
            strip_tags(source)
        } else {
            source.to_owned()
        }
    }

    fn session_mut(&mut self) -> &mut PageSession {
        match self.current() {
            Current::Talk(index) => &mut self.content.talks[index],
            Current::Workshop(index) => &mut self.content.workshops[index],
            Current::Person(_) | Current::Nothing => {
                unreachable!("only called while a session is open")
            }
        }
    }

    fn finish(mut self) -> Result<(PageContent, Vec<Problem>), PageError> {
        self.drop_pending_photo();
        for leader in std::mem::take(&mut self.leaders) {
            let id = self.person_for_leader(&leader);
            let speakers = &mut self.content.workshops[leader.workshop].speakers;
            if !speakers.contains(&id) {
                speakers.push(id);
            }
        }
        self.warnings.sort_by_key(|problem| match problem.location {
            Location::Line(line) => line,
            Location::Path(_) => usize::MAX,
        });
        if self.content.talks.is_empty() && self.content.workshops.is_empty() {
            return Err(PageError::NoSessions);
        }
        let known: Vec<SpeakerId> = self.content.people.iter().map(|p| p.id.clone()).collect();
        let dangling: Vec<String> = self
            .content
            .talks
            .iter()
            .chain(&self.content.workshops)
            .flat_map(|session| &session.speakers)
            .filter(|id| !known.contains(id))
            .map(|id| id.0.clone())
            .collect();
        for anchor in dangling {
            // Keep the person the link names, so that no speaker is lost.
            if !self.content.people.iter().any(|p| p.id.0 == anchor) {
                let name = self
                    .linked_names
                    .get(&anchor)
                    .cloned()
                    .unwrap_or_else(|| anchor.clone());
                self.content.people.push(Speaker {
                    id: SpeakerId(anchor.clone()),
                    name,
                    affiliation: None,
                    bio: String::new(),
                    photo: None,
                    socials: Vec::new(),
                });
            }
            self.warnings.push(Problem::at_path(
                format!("#{anchor}"),
                ProblemKind::DanglingSpeakerAnchor(anchor),
            ));
        }
        Ok((self.content, self.warnings))
    }

    /// The person a "Led by" line names: someone from the Speakers section
    /// when the name matches, otherwise a new person.
    fn person_for_leader(&mut self, leader: &Leader) -> SpeakerId {
        let people = &mut self.content.people;
        if let Some(person) = people
            .iter_mut()
            .find(|person| person.name.eq_ignore_ascii_case(&leader.name))
        {
            if person.affiliation.is_none() {
                person.affiliation = leader.affiliation.clone();
            }
            if person.photo.is_none() {
                person.photo = leader.photo.clone().map(MediaSource);
            }
            return person.id.clone();
        }
        let mut ids = UniqueIds::default();
        for person in people.iter() {
            ids.claim(person.id.as_str());
        }
        let id = SpeakerId(ids.claim(&slug(&leader.name)));
        people.push(Speaker {
            id: id.clone(),
            name: leader.name.clone(),
            affiliation: leader.affiliation.clone(),
            bio: leader.bio.clone(),
            photo: leader.photo.clone().map(MediaSource),
            socials: Vec::new(),
        });
        id
    }
}

fn append_paragraph(text: &mut String, paragraph: &str) {
    if paragraph.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(paragraph);
}

/// The pieces of a `####` heading.
#[derive(Debug, Default)]
struct HeadingParts {
    anchor: Option<String>,
    emphasised: String,
    plain: String,
    /// Text inside `<span>` that is not a speaker link, e.g. "- 2h, Intermediate".
    span_text: String,
    /// `(anchor, name)` of each `[Name](#anchor)` link.
    speaker_refs: Vec<(String, String)>,
}

impl HeadingParts {
    fn from_events(events: &[Event<'_>]) -> Self {
        let mut parts = HeadingParts::default();
        let mut in_span = false;
        let mut emphasis = 0usize;
        let mut link: Option<(String, String)> = None;
        for event in events {
            match event {
                Event::InlineHtml(html) => {
                    let lower = html.to_ascii_lowercase();
                    if lower.starts_with("<a ") {
                        parts.anchor = attribute(html, "name").or(attribute(html, "id"));
                    } else if lower.starts_with("<span") {
                        in_span = true;
                    } else if lower.starts_with("</span") {
                        in_span = false;
                    }
                }
                Event::Start(Tag::Emphasis | Tag::Strong) => emphasis += 1,
                Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                    emphasis = emphasis.saturating_sub(1)
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    link = Some((dest_url.to_string(), String::new()));
                }
                Event::End(TagEnd::Link) => {
                    if let Some((dest, name)) = link.take() {
                        match dest.strip_prefix('#') {
                            Some(anchor) => parts
                                .speaker_refs
                                .push((anchor.to_owned(), name.trim().to_owned())),
                            None => parts.plain.push_str(&name),
                        }
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, name)) = link.as_mut() {
                        name.push_str(text);
                    } else if emphasis > 0 {
                        parts.emphasised.push_str(text);
                    } else if in_span {
                        parts.span_text.push_str(text);
                    } else {
                        parts.plain.push_str(text);
                    }
                }
                _ => {}
            }
        }
        parts
    }

    fn title(&self) -> String {
        let title = if self.emphasised.trim().is_empty() {
            &self.plain
        } else {
            &self.emphasised
        };
        title.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Duration and level from a heading's details, e.g. "- 2h, Intermediate".
#[derive(Debug, Default, PartialEq)]
struct SessionDetails {
    duration_minutes: Option<i64>,
    level: Option<String>,
    unparsed: String,
}

const LEVELS: [&str; 5] = [
    "beginner",
    "introductory",
    "intermediate",
    "advanced",
    "expert",
];

impl SessionDetails {
    fn parse(text: &str) -> Self {
        static DURATION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"(?i)^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?$",
            )
            .expect("valid regex")
        });
        let mut details = SessionDetails::default();
        let mut unparsed = Vec::new();
        let text = text.trim().trim_start_matches(['-', '–', '—', '·']).trim();
        let separators = ["&", "and", "+", "/", "-"];
        for part in text
            .split([',', '·'])
            .map(str::trim)
            .filter(|part| !part.is_empty() && !separators.contains(part))
        {
            let duration = DURATION.captures(part).and_then(|caps| {
                let hours: f64 = caps.get(1).map_or(Some(0.0), |h| h.as_str().parse().ok())?;
                let minutes: i64 = caps.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
                let total = (hours * 60.0).round() as i64 + minutes;
                (total > 0).then_some(total)
            });
            if let Some(total) = duration {
                details.duration_minutes = Some(total);
            } else if LEVELS.contains(&part.to_ascii_lowercase().as_str()) {
                details.level = Some(part.to_owned());
            } else {
                unparsed.push(part);
            }
        }
        details.unparsed = unparsed.join(", ");
        details
    }
}

/// The links of a paragraph made only of links such as `[slides](..) [video](..)`.
fn links_line(events: &[Event<'_>]) -> Option<Vec<Link>> {
    let mut links = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => {
                let (url, text) = current.take()?;
                let kind = link_kind(&text)?;
                let title = (kind == LinkKind::Other).then(|| text.trim().to_owned());
                links.push(Link { kind, url, title });
            }
            Event::Text(text) => match current.as_mut() {
                Some((_, label)) => label.push_str(text),
                None if text.trim().is_empty() || text.trim() == "|" || text.trim() == "·" => {}
                None => return None,
            },
            Event::SoftBreak | Event::HardBreak => {}
            _ => return None,
        }
    }
    (!links.is_empty()).then_some(links)
}

fn link_kind(label: &str) -> Option<LinkKind> {
    match label.trim().to_ascii_lowercase().as_str() {
        "slides" | "slide deck" | "deck" => Some(LinkKind::Slides),
        "video" | "recording" => Some(LinkKind::Video),
        "code" | "source" | "repository" | "repo" => Some(LinkKind::Code),
        "more info" | "info" | "details" | "website" => Some(LinkKind::Info),
        "feedback" | "rate this talk" => Some(LinkKind::Feedback),
        _ => None,
    }
}

/// "You can find NAME on NETWORK at [HANDLE](URL)."
fn social_line(events: &[Event<'_>]) -> Option<Social> {
    static SOCIAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^You can find .+? on (\w[\w.]*) at (\S+?)\.?$").expect("valid regex")
    });
    let text = plain_text(events);
    let caps = SOCIAL.captures(text.trim())?;
    let url = events.iter().find_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
        _ => None,
    });
    Some(Social {
        network: caps[1].to_ascii_lowercase(),
        handle: caps[2].to_owned(),
        url,
    })
}

/// `(name, affiliation, bio)` for each person in "Led by NAME, ORG. BIO".
fn led_by(text: &str) -> Option<Vec<(String, Option<String>, String)>> {
    static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^Led by (.+?)(?:,\s*([^.]+?))?\.(?:\s+(.*))?$").expect("valid regex")
    });
    let caps = LED_BY.captures(text.trim())?;
    let affiliation = caps.get(2).map(|m| m.as_str().trim().to_owned());
    let bio = caps.get(3).map_or("", |m| m.as_str()).trim().to_owned();
    let names = caps[1]
        .split(" and ")
        .flat_map(|part| part.split(" & "))
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .map(|name| (name, affiliation.clone(), bio.clone()))
        .collect();
    Some(names)
}

/// The words of inline events, without markup.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The value of an HTML attribute in a tag, with entities decoded.
fn attribute(html: &str, name: &str) -> Option<String> {
    static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)([a-z][a-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
            .expect("valid regex")
    });
    ATTRIBUTE.captures_iter(html).find_map(|caps| {
        caps[1].eq_ignore_ascii_case(name).then(|| {
            let value = caps
                .get(2)
                .or(caps.get(3))
                .or(caps.get(4))
                .map_or("", |m| m.as_str());
            decode_entities(value)
        })
    })
}

fn strip_tags(html: &str) -> String {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>|<!--.*?-->").expect("valid regex"));
    decode_entities(&TAG.replace_all(html, ""))
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_give_duration_and_level() {
        let details = SessionDetails::parse("- 2h, Intermediate");
        assert_eq!(details.duration_minutes, Some(120));
        assert_eq!(details.level.as_deref(), Some("Intermediate"));
        assert_eq!(SessionDetails::parse("90 min").duration_minutes, Some(90));
        assert_eq!(SessionDetails::parse("1h 30m").duration_minutes, Some(90));
        assert_eq!(
            SessionDetails::parse("- bring a laptop").unparsed,
            "bring a laptop"
        );
    }

    #[test]
    fn led_by_names_leaders() {
        let leaders =
            led_by("Led by Kapil Arya, Mesosphere. Kapil is a Distributed Systems Engineer.")
                .expect("a Led by line");
        assert_eq!(
            leaders,
            vec![(
                "Kapil Arya".to_owned(),
                Some("Mesosphere".to_owned()),
                "Kapil is a Distributed Systems Engineer.".to_owned()
            )]
        );
        let two = led_by("Led by Ann Lee and Bo Kim.").expect("a Led by line");
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].0, "Bo Kim");
        assert_eq!(two[1].1, None);
    }

    #[test]
    fn attributes_are_read_and_decoded() {
        let tag = r#"<img src="http://x.org/a.png?a=1&amp;b=2" width=113 alt='A'>"#;
        assert_eq!(
            attribute(tag, "src").as_deref(),
            Some("http://x.org/a.png?a=1&b=2")
        );
        assert_eq!(attribute(tag, "width").as_deref(), Some("113"));
        assert_eq!(attribute(tag, "alt").as_deref(), Some("A"));
        assert_eq!(attribute(tag, "height"), None);
    }
}
