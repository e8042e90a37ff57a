//! Reads c3voc schedule JSON (what pretalx and frab export) and its newer
//! flat "schedule2" form, leniently: ids as numbers or strings, persons in
//! frab, pretalx or hub shapes, links as objects or bare strings, `null` and
//! `""` alike meaning "not given".

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde_json::Value;

use super::Imported;
use super::builder::{Builder, ConferenceFacts, NothingRead, has_no, kind_from_type, non_empty};
use super::duration::{parse_minutes, plausible};
use super::links::{LinkList, classify, resolve, strict_uri};
use super::text::{joined_text, safe_text};
use crate::model::{Link, LinkKind, MediaSource, SpeakerId};
use crate::problem::Location;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum C3vocError {
    #[error(
        "line {line}, column {column}: the JSON is not well-formed: {message} (fix: repair the file or export it again)"
    )]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "the JSON has no \"schedule\" object with a \"conference\" (fix: export the schedule as c3voc JSON)"
    )]
    NotASchedule,
    #[error(transparent)]
    NothingRead(#[from] NothingRead),
}

/// True for a JSON object with a top-level `schedule` key.
pub fn looks_like_c3voc(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with('{') && start.get(..4096).unwrap_or(start).contains("\"schedule\"")
}

/// `zone` is the venue's zone for a schedule that names none.
pub fn parse(text: &str, zone: Option<Tz>) -> Result<Imported, C3vocError> {
    let root: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|error| {
            let message = error.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.clone(), |(m, _)| m.to_owned());
            C3vocError::Json {
                line: error.line(),
                column: error.column(),
                message,
            }
        })?;
    let schedule = root.get("schedule").ok_or(C3vocError::NotASchedule)?;
    let conference = schedule.get("conference").ok_or(C3vocError::NotASchedule)?;
    let base = string(schedule.get("base_url"))
        .or_else(|| string(conference.get("base_url")))
        .and_then(|u| url::Url::parse(&u).ok());
    let mut reader = Reader {
        builder: Builder::new(zone),
        base,
        people: HashMap::new(),
    };
    let facts = ConferenceFacts {
        title: string(conference.get("title")),
        acronym: string(conference.get("acronym")),
        timezone: string(conference.get("time_zone_name")),
        days: array(conference.get("days"))
            .filter_map(|day| string(day.get("date"))?.parse::<NaiveDate>().ok())
            .collect(),
        logo: string(conference.get("logo")),
        source_url: string(conference.get("url"))
            .or_else(|| reader.base.as_ref().map(|u| u.to_string())),
    };
    for room in array(conference.get("rooms")) {
        if let Some(name) = string(room.get("name")) {
            reader
                .builder
                .room(&name, string(room.get("guid")).as_deref());
        }
    }
    for person in array(schedule.get("persons")) {
        reader.remember_person(person);
    }
    match schedule.get("events") {
        Some(Value::Array(events)) => {
            for (index, event) in events.iter().enumerate() {
                reader.event(event, &format!("schedule.events[{index}]"), None);
            }
        }
        _ => {
            for (day_index, day) in array(conference.get("days")).enumerate() {
                let day_start = string(day.get("day_start"))
                    .or_else(|| string(day.get("start")))
                    .and_then(|s| DateTime::parse_from_rfc3339(&s).ok());
                let Some(Value::Object(rooms)) = day.get("rooms") else {
                    continue;
                };
                for (room, events) in rooms {
                    reader.builder.room(room, None);
                    for (index, event) in array(Some(events)).enumerate() {
                        let path = format!(
                            "schedule.conference.days[{day_index}].rooms[{room:?}][{index}]"
                        );
                        reader.event(event, &path, day_start.map(|s| (s, day)));
                    }
                }
            }
        }
    }
    Ok(reader.builder.finish(facts)?)
}

/// A value as text: strings trimmed, numbers written out, `null` and `""` as none.
fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn array(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_array).into_iter().flatten()
}

/// A field that may be a string or an object with a `name` (tracks, rooms).
fn name_of(value: Option<&Value>) -> Option<String> {
    string(value).or_else(|| {
        let object = value?;
        string(object.get("name")).or_else(|| string(object.get("slug")))
    })
}

/// A URL that may be a string or an object with a `url` (avatars, logos).
fn url_of(value: Option<&Value>) -> Option<String> {
    string(value).or_else(|| string(value?.get("url")))
}

struct Person {
    name: String,
    bio: Option<String>,
    avatar: Option<String>,
}

struct Reader {
    builder: Builder,
    base: Option<url::Url>,
    /// People from schedule2's top-level `persons`, by guid.
    people: HashMap<String, Person>,
}

impl Reader {
    fn remember_person(&mut self, person: &Value) {
        let key = person_key(person);
        let name = person_name(person);
        if let (Some(key), Some(name)) = (key, name) {
            let person = Person {
                name,
                bio: string(person.get("biography")),
                avatar: url_of(person.get("avatar")),
            };
            self.people.insert(key, person);
        }
    }

    fn event(&mut self, event: &Value, path: &str, day: Option<(DateTime<FixedOffset>, &Value)>) {
        let location = Location::Path(path.to_owned());
        let title = string(event.get("title"));
        let room_name = name_of(event.get("room"));
        let start = string(event.get("date"))
            .or_else(|| string(event.get("start")))
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .or_else(|| start_from_day(event, day));
        let end = string(event.get("end")).and_then(|s| DateTime::parse_from_rfc3339(&s).ok());
        let duration = string(event.get("duration"))
            .and_then(|d| parse_minutes(&d))
            .or_else(|| plausible((end? - start?).num_minutes()));
        let (Some(title), Some(start), Some(duration)) = (title.as_ref(), start, duration) else {
            let why = has_no([
                ("\"title\"", title.is_none()),
                ("readable \"date\" or \"start\"", start.is_none()),
                ("readable \"duration\" or \"end\"", duration.is_none()),
            ]);
            self.builder.skip(location, why);
            return;
        };
        let room = match room_name {
            Some(name) => {
                let guid = event.get("room").and_then(|room| string(room.get("guid")));
                self.builder.room(&name, guid.as_deref())
            }
            None => self.builder.elsewhere(location.clone(), "\"room\""),
        };
        let id = string(event.get("guid"))
            .or_else(|| string(event.get("id")))
            .unwrap_or_default();
        let speakers = self.persons(event);
        let links = self.links(event);
        let summary = joined_text([
            string(event.get("abstract")),
            string(event.get("description")),
        ]);
        let session = self
            .builder
            .session(&id, location, title, room, start, duration);
        session.kind = kind_from_type(&string(event.get("type")).unwrap_or_default());
        session.subtitle = string(event.get("subtitle"));
        session.track = name_of(event.get("track"));
        session.language = string(event.get("language"));
        session.summary = summary;
        session.speakers = speakers;
        session.links = links;
    }

    fn persons(&mut self, event: &Value) -> Vec<SpeakerId> {
        let mut ids = Vec::new();
        let listed = array(event.get("persons")).chain(array(event.get("participants")));
        for person in listed {
            let key = person_key(person);
            let known = key.as_ref().and_then(|key| self.people.get(key));
            let Some(name) = person_name(person).or_else(|| known.map(|p| p.name.clone())) else {
                continue;
            };
            let bio = string(person.get("biography")).or_else(|| known.and_then(|p| p.bio.clone()));
            let avatar =
                url_of(person.get("avatar")).or_else(|| known.and_then(|p| p.avatar.clone()));
            let avatar = avatar.map(|a| strict_uri(&resolve(self.base.as_ref(), &a)));
            let speaker = self.builder.speaker(key.as_deref(), &name);
            if speaker.bio.is_empty()
                && let Some(bio) = bio
            {
                speaker.bio = safe_text(&bio);
            }
            if speaker.photo.is_none() {
                speaker.photo = avatar.map(MediaSource);
            }
            if !ids.contains(&speaker.id) {
                ids.push(speaker.id.clone());
            }
        }
        ids
    }

    fn links(&self, event: &Value) -> Vec<Link> {
        let mut list = LinkList::default();
        let base = self.base.as_ref();
        if let Some(url) = string(event.get("url")) {
            list.push_web(LinkKind::Info, &resolve(base, &url), Some("Event page"));
        }
        for (wrapper, default_type) in [("links", None), ("attachments", Some("slides"))] {
            for link in array(event.get(wrapper)) {
                let (url, title, link_type) = match link {
                    Value::String(url) => (Some(url.clone()), None, None),
                    _ => (
                        string(link.get("url")),
                        string(link.get("title")),
                        string(link.get("type")),
                    ),
                };
                let Some(url) = url else { continue };
                let kind = classify(link_type.as_deref().or(default_type), title.as_deref());
                list.push(kind, &resolve(base, &url), title.as_deref());
            }
        }
        let singles = [
            ("feedback_url", LinkKind::Feedback, None),
            ("origin_url", LinkKind::Info, Some("Origin")),
        ];
        for (name, kind, title) in singles {
            if let Some(url) = string(event.get(name)) {
                list.push_web(kind, &resolve(base, &url), title);
            }
        }
        list.into_vec()
    }
}

fn person_key(person: &Value) -> Option<String> {
    ["guid", "code", "id"]
        .into_iter()
        .find_map(|key| string(person.get(key)))
}

fn person_name(person: &Value) -> Option<String> {
    ["public_name", "name", "full_public_name"]
        .into_iter()
        .find_map(|key| string(person.get(key)))
        .or_else(|| match person {
            Value::String(name) => non_empty(name),
            _ => None,
        })
}

/// The day's date plus the event's `start` time, at the day's offset.
fn start_from_day(
    event: &Value,
    day: Option<(DateTime<FixedOffset>, &Value)>,
) -> Option<DateTime<FixedOffset>> {
    let (day_start, day) = day?;
    let time = NaiveTime::parse_from_str(&string(event.get("start"))?, "%H:%M").ok()?;
    let date = string(day.get("date"))?.parse::<NaiveDate>().ok()?;
    let mut start = date
        .and_time(time)
        .and_local_timezone(*day_start.offset())
        .single()?;
    if start < day_start {
        start += chrono::TimeDelta::days(1);
    }
    Some(start)
}
