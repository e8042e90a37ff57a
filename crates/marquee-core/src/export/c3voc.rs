//! c3voc schedule JSON (version 1), valid against the c3voc schema; it
//! carries people's bios and photos, unlike frab XML.

use serde_json::{Map, Value, json};

use super::hh_mm;
use super::ids::{PersonKey, guid, is_uuid, person_key, slug};
use crate::days::days;
use crate::model::{Link, LinkKind, Programme, Session};
use crate::safety::is_web_url;

pub fn write(programme: &Programme) -> String {
    let conference = &programme.conference;
    let days = days(programme);
    let mut conference_json = Map::new();
    conference_json.insert("acronym".into(), json!(acronym(programme)));
    conference_json.insert("title".into(), json!(conference.title));
    conference_json.insert(
        "start".into(),
        json!(days.first().map(|d| d.date.to_string()).unwrap_or_default()),
    );
    conference_json.insert(
        "end".into(),
        json!(days.last().map(|d| d.date.to_string()).unwrap_or_default()),
    );
    conference_json.insert("daysCount".into(), json!(days.len()));
    conference_json.insert("timeslot_duration".into(), json!("00:05"));
    if zone_name_fits(conference.timezone.name()) {
        conference_json.insert("time_zone_name".into(), json!(conference.timezone.name()));
    }
    if let Some(url) = conference.source_url.as_deref().filter(|u| is_web_url(u)) {
        conference_json.insert("url".into(), json!(url));
    }
    if let Some(logo) = conference
        .branding
        .logo
        .as_ref()
        .filter(|l| is_web_url(&l.0))
    {
        conference_json.insert("logo".into(), json!(logo.0));
    }
    let rooms = programme.rooms_in_order();
    // Only rooms with a real guid are listed; the others read back by name.
    let listed: Vec<Value> = rooms
        .iter()
        .filter(|room| is_uuid(room.id.as_str()))
        .map(|room| json!({"name": room.name, "guid": room.id.as_str()}))
        .collect();
    conference_json.insert("rooms".into(), Value::Array(listed));
    let days_json: Vec<Value> = days
        .iter()
        .map(|day| {
            let mut by_room = Map::new();
            for room in &rooms {
                let events: Vec<Value> = day
                    .sessions
                    .iter()
                    .filter(|&&i| programme.sessions[i].room == room.id)
                    .map(|&i| event(programme, i, &programme.sessions[i]))
                    .collect();
                by_room.insert(room.name.clone(), Value::Array(events));
            }
            json!({
                "index": day.index,
                "date": day.date.to_string(),
                "day_start": day.start.to_rfc3339(),
                "day_end": day.end.to_rfc3339(),
                "rooms": by_room,
            })
        })
        .collect();
    conference_json.insert("days".into(), Value::Array(days_json));
    let document = json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "marquee", "version": env!("CARGO_PKG_VERSION")},
        "schedule": {"version": "1", "conference": conference_json},
    });
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values always serialize");
    text.push('\n');
    text
}

/// The schema's acronym: a-z, 0-9 and `_`, four or more, with a `-` only first.
fn acronym(programme: &Programme) -> String {
    let source = programme
        .conference
        .acronym
        .clone()
        .unwrap_or_else(|| slug(&programme.conference.title));
    let mut acronym: String = source
        .to_lowercase()
        .chars()
        .enumerate()
        .map(|(i, c)| match c {
            'a'..='z' | '0'..='9' | '_' => c,
            '-' if i == 0 => c,
            _ => '_',
        })
        .collect();
    while acronym.chars().count() < 4 {
        acronym.push('_');
    }
    acronym
}

/// The schema's pattern for zone names: `Area/Place` in capitalised words, or UTC.
fn zone_name_fits(name: &str) -> bool {
    let word = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.clone().count() > 0
            && chars.all(|c| c.is_ascii_lowercase())
    };
    name == "UTC"
        || name.split_once('/').is_some_and(|(area, place)| {
            word(area) && word(place.split(['/', '_']).next().unwrap_or_default())
        })
}

fn event(programme: &Programme, position: usize, session: &Session) -> Value {
    let zone = programme.conference.timezone;
    let page = session
        .links
        .iter()
        .find(|link| link.kind == LinkKind::Info && link.title.as_deref() == Some("Event page"));
    let url = page.map_or_else(
        || {
            format!(
                "urn:marquee:session:{}",
                guid("session", session.id.as_str())
            )
        },
        |l| l.url.clone(),
    );
    // An untitled feedback link is what the format's own field holds.
    let feedback = session
        .links
        .iter()
        .find(|link| link.kind == LinkKind::Feedback && link.title.is_none());
    let links: Vec<Value> = session
        .links
        .iter()
        .filter(|link| Some(*link) != page && Some(*link) != feedback)
        .map(reference)
        .collect();
    let persons: Vec<Value> = programme
        .speakers_of(session)
        .map(|speaker| {
            let mut person = Map::new();
            match person_key(speaker.id.as_str()) {
                PersonKey::Number(number) => person.insert("id".into(), json!(number)),
                PersonKey::Guid(guid) => person.insert("guid".into(), json!(guid)),
                PersonKey::Code(code) => person.insert("code".into(), json!(code)),
            };
            person.insert("name".into(), json!(speaker.name));
            person.insert(
                "biography".into(),
                if speaker.bio.is_empty() {
                    Value::Null
                } else {
                    json!(speaker.bio)
                },
            );
            if let Some(photo) = speaker.photo.as_ref().filter(|p| is_web_url(&p.0)) {
                person.insert("avatar".into(), json!(photo.0));
            }
            Value::Object(person)
        })
        .collect();
    let mut event = json!({
        "id": position + 1,
        "guid": guid("session", session.id.as_str()),
        "date": session.start.to_rfc3339(),
        "start": session.start.with_timezone(&zone).format("%H:%M").to_string(),
        "duration": hh_mm(session.duration_minutes),
        "room": programme.room(&session.room).map_or(session.room.as_str(), |room| room.name.as_str()),
        "slug": format!("{}-{}", slug(&session.title), position + 1),
        "url": url,
        "title": session.title,
        "subtitle": session.subtitle,
        "track": session.track,
        "type": session.kind.name(),
        "language": session.language,
        "abstract": session.summary,
        "persons": persons,
        "links": links,
    });
    if let Some(feedback) = feedback {
        event["feedback_url"] = json!(feedback.url);
    }
    event
}

/// A link as a c3voc reference. The schema's types are fewer than our kinds,
/// so kinds it lacks travel as `related` with a title that names them.
fn reference(link: &Link) -> Value {
    let (link_type, default_title) = match link.kind {
        LinkKind::Slides => ("slides", None),
        LinkKind::Video => ("media", None),
        LinkKind::Info => ("web", None),
        LinkKind::Code => ("related", Some("Code")),
        LinkKind::Feedback => ("related", Some("Feedback")),
        LinkKind::Other => ("related", None),
    };
    let mut reference = Map::new();
    reference.insert("type".into(), json!(link_type));
    reference.insert("url".into(), json!(link.url));
    if let Some(title) = link.title.as_deref().or(default_title) {
        reference.insert("title".into(), json!(title));
    }
    Value::Object(reference)
}
