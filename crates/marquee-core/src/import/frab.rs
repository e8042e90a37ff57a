//! Reads frab and Pentabarf schedule XML, in the variants found in the wild:
//! events in `<room>` wrappers or straight under `<day>`; each event's own
//! `<date>` (days run past midnight) or the day's date plus `<start>`, in
//! the zone the schedule names or writes elsewhere, on the next calendar day
//! before `day_change`;
//! persons keyed by `id` or `guid`, with biographies from a top-level
//! `<persons>` list; links with a text title or with `<type>`/`<title>`
//! children; slides among the attachments; hrefs relative to `base_url`.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use chrono_tz::Tz;

use super::Imported;
use super::builder::{Builder, ConferenceFacts, NothingRead, has_no, kind_from_type};
use super::duration::parse_minutes;
use super::links::{LinkList, classify, resolve};
use super::text::{html_to_text, joined_text};
use super::xml_tree::{NodeId, Tree};
use super::zone::LocalZone;
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
    #[error(transparent)]
    NothingRead(#[from] NothingRead),
}

/// True when `text` starts like an XML document whose root is `<schedule>`.
pub fn looks_like_frab(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('<') && start.get(..2048).unwrap_or(start).contains("<schedule")
}

/// `zone` is the venue's zone for a schedule that names none.
pub fn parse(text: &str, zone: Option<Tz>) -> Result<Imported, FrabError> {
    let text = text.trim_start_matches('\u{feff}');
    let tree = Tree::parse(text).map_err(|error| {
        let before = &text.as_bytes()[..error.offset];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |at| at + 1);
        FrabError::Xml {
            line: Lines::new(text).line(error.offset) as u32,
            column: (error.offset - line_start + 1) as u32,
            message: error.message,
        }
    })?;
    let root = tree.root();
    if tree.name(root) != "schedule" {
        return Err(FrabError::NotASchedule(tree.name(root).to_owned()));
    }
    let mut reader = Reader::new(&tree, Lines::new(text), zone);
    for day in tree.children(root, "day") {
        reader.day(day);
    }
    Ok(reader.finish()?)
}

/// Line numbers of byte offsets, counted on from the offset asked last:
/// events are read in document order, so the text is scanned about once.
struct Lines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    fn line(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            *self = Lines::new(self.text);
        }
        let between = &self.text.as_bytes()[self.offset..offset];
        self.line += memchr::memchr_iter(b'\n', between).count();
        self.offset = offset;
        self.line
    }
}

/// The first child of each name that an event is read from, found in one
/// pass over its children rather than a search for each name.
#[derive(Default)]
struct EventFields {
    title: Option<NodeId>,
    room: Option<NodeId>,
    date: Option<NodeId>,
    start: Option<NodeId>,
    duration: Option<NodeId>,
    kind: Option<NodeId>,
    abstract_: Option<NodeId>,
    description: Option<NodeId>,
    subtitle: Option<NodeId>,
    track: Option<NodeId>,
    language: Option<NodeId>,
    persons: Option<NodeId>,
    url: Option<NodeId>,
    links: Option<NodeId>,
    attachments: Option<NodeId>,
    video_download_url: Option<NodeId>,
    feedback_url: Option<NodeId>,
    origin_url: Option<NodeId>,
}

impl EventFields {
    fn of(tree: &Tree<'_>, event: NodeId) -> Self {
        let mut fields = EventFields::default();
        for child in tree.elements(event) {
            let field = match tree.name(child) {
                "title" => &mut fields.title,
                "room" => &mut fields.room,
                "date" => &mut fields.date,
                "start" => &mut fields.start,
                "duration" => &mut fields.duration,
                "type" => &mut fields.kind,
                "abstract" => &mut fields.abstract_,
                "description" => &mut fields.description,
                "subtitle" => &mut fields.subtitle,
                "track" => &mut fields.track,
                "language" => &mut fields.language,
                "persons" => &mut fields.persons,
                "url" => &mut fields.url,
                "links" => &mut fields.links,
                "attachments" => &mut fields.attachments,
                "video_download_url" => &mut fields.video_download_url,
                "feedback_url" => &mut fields.feedback_url,
                "origin_url" => &mut fields.origin_url,
                _ => continue,
            };
            field.get_or_insert(child);
        }
        fields
    }
}

struct Reader<'t> {
    tree: &'t Tree<'t>,
    /// To name the line of an event.
    lines: Lines<'t>,
    builder: Builder,
    facts: ConferenceFacts,
    base: Option<url::Url>,
    /// Biographies (their nodes) by person id from a top-level `<persons>`
    /// list: converted for the people the events name, when they do.
    biographies: HashMap<&'t str, NodeId>,
    /// When a day without `start` bounds turns into the next calendar day.
    day_change: Option<NaiveTime>,
    /// The zone of times without an offset, chosen when first needed.
    local_zone: Option<LocalZone>,
}

impl<'t> Reader<'t> {
    fn new(tree: &'t Tree<'t>, lines: Lines<'t>, zone: Option<Tz>) -> Self {
        let root = tree.root();
        let conference = tree.child(root, "conference");
        let get = |name| conference.and_then(|c| tree.child_text(c, name).map(Cow::into_owned));
        let base_url = get("base_url");
        let named_zone = get("time_zone_name")
            .or_else(|| get("timezone"))
            .or_else(|| {
                [Some(root), conference]
                    .into_iter()
                    .flatten()
                    .find_map(|node| tree.attribute(node, "timezone"))
                    .map(str::to_owned)
            });
        let facts = ConferenceFacts {
            title: get("title"),
            acronym: get("acronym"),
            timezone: named_zone,
            days: Vec::new(),
            logo: get("logo"),
            source_url: get("url").or_else(|| base_url.clone()),
        };
        let biographies = tree
            .child(tree.root(), "persons")
            .into_iter()
            .flat_map(|persons| tree.children(persons, "person"))
            .filter_map(|person| {
                let id = tree.attribute(person, "id")?;
                let bio = tree.child(person, "biography")?;
                tree.has_text(bio).then_some((id, bio))
            })
            .collect();
        let day_change = get("day_change").and_then(|t| clock_time(&t));
        Reader {
            tree,
            lines,
            builder: Builder::new(zone),
            facts,
            base: base_url.and_then(|u| url::Url::parse(&u).ok()),
            biographies,
            day_change,
            local_zone: None,
        }
    }

    fn line(&mut self, node: NodeId) -> Location {
        Location::Line(self.lines.line(self.tree.offset(node)))
    }

    fn day(&mut self, day: NodeId) {
        let tree = self.tree;
        let day_start = tree
            .attribute(day, "start")
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
        let date = tree
            .attribute(day, "date")
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .or_else(|| day_start.map(|s| s.date_naive()));
        match date {
            Some(date) => self.facts.days.push(date),
            None => {
                let location = self.line(day);
                let warning = "the <day> has no date or start attribute, so only its events with a <date> of their own can be placed in time".to_owned();
                self.builder.warn(location, warning);
            }
        }
        for item in tree.elements(day) {
            match tree.name(item) {
                "room" => {
                    let room_name = tree.attribute(item, "name").unwrap_or_default();
                    // Every room is kept, even one with nothing on that day.
                    if !room_name.trim().is_empty() {
                        self.builder.room(room_name, tree.attribute(item, "guid"));
                    }
                    for event in tree.children(item, "event") {
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
        event: NodeId,
        parent_room: Option<&str>,
        day: Option<NaiveDate>,
        day_start: Option<DateTime<FixedOffset>>,
    ) {
        let tree = self.tree;
        let location = self.line(event);
        let fields = EventFields::of(tree, event);
        let text = |field: Option<NodeId>| field.and_then(|node| tree.trimmed_text(node));
        let title = text(fields.title);
        let has_title = title.is_some();
        let own_room = text(fields.room);
        let room_name = match (own_room, parent_room) {
            (Some(own), Some(parent)) if own != parent.trim() => {
                self.builder.warn(
                    location.clone(),
                    format!(
                        "the event names the room {own:?} but stands inside <room name={parent:?}>; it is put in {own:?}"
                    ),
                );
                Some(own)
            }
            (Some(own), _) => Some(own),
            (None, parent) => parent
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(Cow::Borrowed),
        };
        let start = self.start(&fields, day, day_start);
        let duration = text(fields.duration).and_then(|d| parse_minutes(&d));
        let (Some(title), Some(start), Some(duration)) = (title, start, duration) else {
            let why = has_no([
                ("<title>", !has_title),
                (
                    "readable time (a <date>, or a <start> on a <day date>)",
                    start.is_none(),
                ),
                ("readable <duration>", duration.is_none()),
            ]);
            self.builder.skip(location, why);
            return;
        };
        let room = match room_name {
            Some(name) => self.builder.room(&name, None),
            None => self.builder.elsewhere(location.clone(), "<room>"),
        };
        let id = tree
            .attribute(event, "guid")
            .or(tree.attribute(event, "id"))
            .unwrap_or_default()
            .to_owned();
        let speakers = self.persons(fields.persons);
        let links = self.links(&fields);
        let kind = kind_from_type(&text(fields.kind).unwrap_or_default());
        let summary = joined_text([text(fields.abstract_), text(fields.description)]);
        let session = self
            .builder
            .session(&id, location, &title, room, start, duration);
        session.kind = kind;
        session.subtitle = text(fields.subtitle).map(Cow::into_owned);
        session.track = text(fields.track).map(Cow::into_owned);
        session.language = text(fields.language).map(Cow::into_owned);
        session.summary = summary;
        session.speakers = speakers;
        session.links = links;
    }

    /// The event's own `<date>` when it has one; else the day's date plus
    /// `<start>`, on the next calendar day when that is before the day began
    /// (the day's `start`, else the schedule's `day_change`).
    fn start(
        &mut self,
        fields: &EventFields,
        day: Option<NaiveDate>,
        day_start: Option<DateTime<FixedOffset>>,
    ) -> Option<DateTime<FixedOffset>> {
        let tree = self.tree;
        let text = |field: Option<NodeId>| field.and_then(|node| tree.trimmed_text(node));
        if let Some(date) = text(fields.date) {
            match DateTime::parse_from_rfc3339(&date) {
                Ok(date) => return Some(date),
                Err(_) => {
                    if let Ok(local) = NaiveDateTime::parse_from_str(&date, "%Y-%m-%dT%H:%M:%S") {
                        return self.local_zone().instant(local);
                    }
                }
            }
        }
        let time = text(fields.start).and_then(|s| clock_time(&s))?;
        let day = day?;
        if let Some(day_start) = day_start {
            let mut start = day
                .and_time(time)
                .and_local_timezone(*day_start.offset())
                .single()?;
            if start < day_start {
                start += TimeDelta::days(1);
            }
            return Some(start);
        }
        let date = match self.day_change {
            Some(change) if time < change => day.succ_opt()?,
            _ => day,
        };
        self.local_zone().instant(date.and_time(time))
    }

    /// The zone of times written without an offset: the one the schedule
    /// names, else an offset it writes on a date, else the caller's.
    fn local_zone(&mut self) -> LocalZone {
        if let Some(zone) = self.local_zone {
            return zone;
        }
        let named = self
            .facts
            .timezone
            .as_deref()
            .and_then(|n| n.trim().parse().ok());
        let tree = self.tree;
        let zone = self.builder.local_zone(named, || first_offset(tree));
        *self.local_zone.insert(zone)
    }

    fn persons(&mut self, persons: Option<NodeId>) -> Vec<crate::model::SpeakerId> {
        let tree = self.tree;
        let mut ids = Vec::new();
        for person in persons.into_iter().flat_map(|p| tree.children(p, "person")) {
            let name = tree
                .child_text(person, "name")
                .unwrap_or_else(|| tree.text(person));
            if name.trim().is_empty() {
                continue;
            }
            let key = tree
                .attribute(person, "id")
                .or(tree.attribute(person, "guid"));
            let bio = tree
                .attribute(person, "id")
                .and_then(|id| self.biographies.get(id));
            let speaker = self.builder.speaker(key, &name);
            if let Some(&bio) = bio
                && speaker.bio.is_empty()
                && let Some(bio) = tree.trimmed_text(bio)
            {
                speaker.bio = html_to_text(&bio);
            }
            if !ids.contains(&speaker.id) {
                ids.push(speaker.id.clone());
            }
        }
        ids
    }

    fn links(&self, fields: &EventFields) -> Vec<crate::model::Link> {
        let tree = self.tree;
        let text = |field: Option<NodeId>| field.and_then(|node| tree.trimmed_text(node));
        let mut list = LinkList::default();
        let base = self.base.as_ref();
        if let Some(href) = text(fields.url) {
            list.push_web(LinkKind::Info, &resolve(base, &href), Some("Event page"));
        }
        let wrapped = [fields.links, fields.attachments]
            .into_iter()
            .flatten()
            .flat_map(|wrapper| tree.elements(wrapper));
        for link in wrapped {
            // Nested <type>, <title> and <url> belong to the link alone.
            let href = tree
                .attribute(link, "href")
                .map(Cow::Borrowed)
                .or_else(|| tree.child_text(link, "url"));
            let Some(href) = href else { continue };
            let title = tree
                .child_text(link, "title")
                .or_else(|| tree.trimmed_text(link));
            let link_type = tree
                .attribute(link, "type")
                .map(Cow::Borrowed)
                .or_else(|| tree.child_text(link, "type"));
            let (link_type, title) = (link_type.as_deref(), title.as_deref());
            let kind = match (tree.name(link), link_type) {
                ("attachment", None) => classify(Some("slides"), title),
                (_, link_type) => classify(link_type, title),
            };
            list.push(kind, &resolve(base, &href), title);
        }
        let singles = [
            (fields.video_download_url, LinkKind::Video, Some("Video")),
            (fields.feedback_url, LinkKind::Feedback, None),
            (fields.origin_url, LinkKind::Info, Some("Origin")),
        ];
        for (field, kind, title) in singles {
            if let Some(href) = text(field) {
                list.push_web(kind, &resolve(base, &href), title);
            }
        }
        list.into_vec()
    }

    fn finish(self) -> Result<Imported, NothingRead> {
        self.builder.finish(self.facts)
    }
}

/// `HH:MM` or `HH:MM:SS`.
fn clock_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// The first UTC offset the schedule writes: on a day's bounds or an
/// event's `<date>`.
fn first_offset(tree: &Tree<'_>) -> Option<FixedOffset> {
    let offset = |text: &str| {
        DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|d| *d.offset())
    };
    let event_offset = |event: NodeId| tree.child_text(event, "date").and_then(|d| offset(&d));
    tree.children(tree.root(), "day").find_map(|day| {
        let bounds = ["start", "end"]
            .into_iter()
            .filter_map(|name| tree.attribute(day, name));
        bounds.filter_map(offset).next().or_else(|| {
            tree.elements(day).find_map(|item| match tree.name(item) {
                "room" => tree.children(item, "event").find_map(event_offset),
                "event" => event_offset(item),
                _ => None,
            })
        })
    })
}
