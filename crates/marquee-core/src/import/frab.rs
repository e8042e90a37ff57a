//! Reads frab and Pentabarf schedule XML, in the variants found in the wild:
//! events in `<room>` wrappers or straight under `<day>`; each event's own
//! `<date>` (days run past midnight) or the day's date plus `<start>`;
//! persons keyed by `id` or `guid`, with biographies from a top-level
//! `<persons>` list; links with a text title or with `<type>`/`<title>`
//! children; slides among the attachments; hrefs relative to `base_url`.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta};
use roxmltree::{Document, Node};

use super::Imported;
use super::builder::{Builder, ConferenceFacts, kind_from_type, non_empty};
use super::duration::parse_minutes;
use super::links::{LinkList, classify, resolve};
use super::text::{html_to_text, safe_text};
use crate::model::LinkKind;
use crate::problem::Location;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrabError {
    #[error(
        "line {line}, column {column}: the XML is not well-formed: {message} (fix: repair the file or export it again)"
    )]
    Xml {
        line: u32,
        column: u32,
        message: String,
    },
    #[error(
        "the XML document is a <{0}>, not a frab <schedule> (fix: export the schedule as frab XML)"
    )]
    NotASchedule(String),
}

/// True when `text` starts like an XML document whose root is `<schedule>`.
pub fn looks_like_frab(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('<') && start.get(..2048).unwrap_or(start).contains("<schedule")
}

pub fn parse(text: &str) -> Result<Imported, FrabError> {
    let document = Document::parse(text.trim_start_matches('\u{feff}')).map_err(|error| {
        let position = error.pos();
        FrabError::Xml {
            line: position.row,
            column: position.col,
            message: error.to_string(),
        }
    })?;
    let root = document.root_element();
    if root.tag_name().name() != "schedule" {
        return Err(FrabError::NotASchedule(root.tag_name().name().to_owned()));
    }
    let mut reader = Reader::new(&document, root);
    for day in children(root, "day") {
        reader.day(day);
    }
    Ok(reader.finish())
}

fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |child| child.has_tag_name(name))
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &'static str) -> Option<Node<'a, 'input>> {
    children(node, name).next()
}

/// All the text inside a node, entities and CDATA decoded.
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn child_text(node: Node<'_, '_>, name: &'static str) -> Option<String> {
    child(node, name).and_then(|c| non_empty(&text_of(c)))
}

struct Reader {
    /// Byte offsets where lines start, to name the line of an event.
    line_starts: Vec<usize>,
    builder: Builder,
    facts: ConferenceFacts,
    base: Option<url::Url>,
    /// Biographies by person id from a top-level `<persons>` list.
    biographies: HashMap<String, String>,
}

impl Reader {
    fn new(document: &Document<'_>, root: Node<'_, '_>) -> Self {
        let conference = child(root, "conference");
        let get = |name| conference.and_then(|c| child_text(c, name));
        let base_url = get("base_url");
        let facts = ConferenceFacts {
            title: get("title"),
            acronym: get("acronym"),
            timezone: get("time_zone_name"),
            days: Vec::new(),
            logo: get("logo"),
            source_url: get("url").or_else(|| base_url.clone()),
        };
        let biographies = child(root, "persons")
            .into_iter()
            .flat_map(|persons| children(persons, "person"))
            .filter_map(|person| {
                let id = person.attribute("id")?;
                let bio = child_text(person, "biography")?;
                Some((id.to_owned(), html_to_text(&bio)))
            })
            .collect();
        let text = document.input_text();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Reader {
            line_starts,
            builder: Builder::default(),
            facts,
            base: base_url.and_then(|u| url::Url::parse(&u).ok()),
            biographies,
        }
    }

    fn line(&self, node: Node<'_, '_>) -> Location {
        let offset = node.range().start;
        Location::Line(self.line_starts.partition_point(|&start| start <= offset))
    }

    fn day(&mut self, day: Node<'_, '_>) {
        let day_start = day
            .attribute("start")
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
        let date = day
            .attribute("date")
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .or_else(|| day_start.map(|s| s.date_naive()));
        match date {
            Some(date) => self.facts.days.push(date),
            None => self
                .builder
                .warn(self.line(day), "a <day> without a date or start".to_owned()),
        }
        for item in day.children().filter(Node::is_element) {
            match item.tag_name().name() {
                "room" => {
                    let room_name = item.attribute("name").unwrap_or_default();
                    // Every room is kept, even one with nothing on that day.
                    if !room_name.trim().is_empty() {
                        self.builder.room(room_name, item.attribute("guid"));
                    }
                    for event in children(item, "event") {
                        self.event(event, Some(room_name), date, day_start);
                    }
                }
                "event" => self.event(item, None, date, day_start),
                _ => {}
            }
        }
    }

    fn event(
        &mut self,
        event: Node<'_, '_>,
        parent_room: Option<&str>,
        day: Option<NaiveDate>,
        day_start: Option<DateTime<FixedOffset>>,
    ) {
        let location = self.line(event);
        let title = child_text(event, "title");
        let own_room = child_text(event, "room");
        let room_name = match (own_room.as_deref(), parent_room) {
            (Some(own), Some(parent)) if own != parent.trim() => {
                self.builder.warn(
                    location.clone(),
                    format!("the event says room {own:?} inside room {parent:?}; {own:?} is used"),
                );
                Some(own.to_owned())
            }
            (Some(own), _) => Some(own.to_owned()),
            (None, parent) => parent.and_then(non_empty),
        };
        let start = self.start(event, day, day_start);
        let duration = child_text(event, "duration").and_then(|d| parse_minutes(&d));
        let (Some(title), Some(room_name), Some(start), Some(duration)) =
            (title, room_name, start, duration)
        else {
            let missing: Vec<&str> = [
                ("a title", child_text(event, "title").is_none()),
                ("a room", own_room.is_none() && parent_room.is_none()),
                ("a readable date or start", start.is_none()),
                ("a readable duration", duration.is_none()),
            ]
            .into_iter()
            .filter_map(|(what, missing)| missing.then_some(what))
            .collect();
            self.builder.warn(
                location,
                format!("the event is skipped: it has no {}", missing.join(", no ")),
            );
            return;
        };
        let room = self.builder.room(&room_name, None);
        let id = event
            .attribute("guid")
            .or(event.attribute("id"))
            .unwrap_or_default()
            .to_owned();
        let speakers = self.persons(event);
        let links = self.links(event);
        let kind = kind_from_type(&child_text(event, "type").unwrap_or_default());
        let summary = [
            child_text(event, "abstract"),
            child_text(event, "description"),
        ]
        .into_iter()
        .flatten()
        .map(|text| safe_text(&text))
        .fold(Vec::<String>::new(), |mut parts, part| {
            if !part.is_empty() && !parts.contains(&part) {
                parts.push(part);
            }
            parts
        })
        .join("\n\n");
        let session = self
            .builder
            .session(&id, location, &title, room, start, duration);
        session.kind = kind;
        session.subtitle = child_text(event, "subtitle");
        session.track = child_text(event, "track");
        session.language = child_text(event, "language");
        session.summary = summary;
        session.speakers = speakers;
        session.links = links;
    }

    /// The event's own `<date>` when it has one; else the day's date plus
    /// `<start>`, on the next calendar day when that is before the day began.
    fn start(
        &self,
        event: Node<'_, '_>,
        day: Option<NaiveDate>,
        day_start: Option<DateTime<FixedOffset>>,
    ) -> Option<DateTime<FixedOffset>> {
        if let Some(date) =
            child_text(event, "date").and_then(|d| DateTime::parse_from_rfc3339(&d).ok())
        {
            return Some(date);
        }
        let time = child_text(event, "start").and_then(|s| {
            NaiveTime::parse_from_str(&s, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M:%S"))
                .ok()
        })?;
        let offset = day_start.map(|s| *s.offset())?;
        let mut start = day?.and_time(time).and_local_timezone(offset).single()?;
        if day_start.is_some_and(|day_start| start < day_start) {
            start += TimeDelta::days(1);
        }
        Some(start)
    }

    fn persons(&mut self, event: Node<'_, '_>) -> Vec<crate::model::SpeakerId> {
        let mut ids = Vec::new();
        for person in child(event, "persons")
            .into_iter()
            .flat_map(|p| children(p, "person"))
        {
            let name = child_text(person, "name").unwrap_or_else(|| text_of(person));
            if name.trim().is_empty() {
                continue;
            }
            let key = person.attribute("id").or(person.attribute("guid"));
            let bio = person
                .attribute("id")
                .and_then(|id| self.biographies.get(id))
                .cloned();
            let speaker = self.builder.speaker(key, &name);
            if let Some(bio) = bio
                && speaker.bio.is_empty()
            {
                speaker.bio = bio;
            }
            if !ids.contains(&speaker.id) {
                ids.push(speaker.id.clone());
            }
        }
        ids
    }

    fn links(&self, event: Node<'_, '_>) -> Vec<crate::model::Link> {
        let mut list = LinkList::default();
        let base = self.base.as_ref();
        if let Some(href) = child_text(event, "url") {
            list.push_web(LinkKind::Info, &resolve(base, &href), Some("Event page"));
        }
        let wrapped = ["links", "attachments"]
            .into_iter()
            .filter_map(|wrapper| child(event, wrapper))
            .flat_map(|wrapper| wrapper.children().filter(Node::is_element));
        for link in wrapped {
            // Nested <type>, <title> and <url> belong to the link alone.
            let href = link
                .attribute("href")
                .map(str::to_owned)
                .or_else(|| child_text(link, "url"));
            let Some(href) = href else { continue };
            let title = child_text(link, "title").or_else(|| {
                let own: String = link
                    .children()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                non_empty(&own)
            });
            let link_type = link
                .attribute("type")
                .map(str::to_owned)
                .or_else(|| child_text(link, "type"));
            let kind = match (link.tag_name().name(), link_type.as_deref()) {
                ("attachment", None) => classify(Some("slides"), title.as_deref()),
                (_, link_type) => classify(link_type, title.as_deref()),
            };
            list.push(kind, &resolve(base, &href), title.as_deref());
        }
        let singles = [
            ("video_download_url", LinkKind::Video, Some("Video")),
            ("feedback_url", LinkKind::Feedback, None),
            ("origin_url", LinkKind::Info, Some("Origin")),
        ];
        for (name, kind, title) in singles {
            if let Some(href) = child_text(event, name) {
                list.push_web(kind, &resolve(base, &href), title);
            }
        }
        list.into_vec()
    }

    fn finish(self) -> Imported {
        self.builder.finish(self.facts)
    }
}
