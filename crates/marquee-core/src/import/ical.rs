//! Reads iCalendar (RFC 5545) schedules: folded lines, escaped text, times
//! with a `TZID` (trusted by name against the tz database rather than any
//! embedded VTIMEZONE, which exports get wrong), UTC or floating times,
//! LOCATION as the room, and pretalx's `SUMMARY: Title - Speaker1, Speaker2`.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use regex::Regex;

use super::Imported;
use super::builder::{Builder, ConferenceFacts, non_empty};
use super::duration::parse_minutes;
use super::links::LinkList;
use super::text::safe_text;
use crate::model::LinkKind;
use crate::problem::Location;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcalError {
    #[error(
        "the calendar has no BEGIN:VCALENDAR ... END:VCALENDAR (fix: export the schedule as iCalendar again; the file may be cut short)"
    )]
    NotACalendar,
}

pub fn looks_like_ical(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .get(..15)
        .is_some_and(|start| start.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
}

/// One content line: name, parameters and raw value, with its line number.
#[derive(Debug)]
struct Property {
    line: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Joins folded lines (a line break followed by a space or tab) and splits
/// each content line into its parts.
fn properties(text: &str) -> Vec<Property> {
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match raw.strip_prefix([' ', '\t']) {
            Some(rest) if !logical.is_empty() => {
                logical.last_mut().expect("not empty").1.push_str(rest)
            }
            _ if raw.is_empty() => {}
            _ => logical.push((index + 1, raw.to_owned())),
        }
    }
    logical
        .into_iter()
        .filter_map(|(line, text)| split_property(line, &text))
        .collect()
}

fn split_property(line: usize, text: &str) -> Option<Property> {
    // The value starts at the first ':' outside a quoted parameter value.
    let mut quoted = false;
    let colon = text.char_indices().find_map(|(at, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(at),
        _ => None,
    })?;
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim().to_ascii_uppercase();
    let params = parts
        .filter_map(|param| {
            let (key, value) = param.split_once('=')?;
            Some((
                key.trim().to_ascii_uppercase(),
                value.trim_matches('"').to_owned(),
            ))
        })
        .collect();
    Some(Property {
        line,
        name,
        params,
        value: value.to_owned(),
    })
}

/// TEXT values with RFC 5545's escapes undone.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

pub fn parse(text: &str) -> Result<Imported, IcalError> {
    let properties = properties(text.trim_start_matches('\u{feff}'));
    let opened = properties
        .iter()
        .any(|p| p.name == "BEGIN" && p.value.eq_ignore_ascii_case("VCALENDAR"));
    let closed = properties
        .iter()
        .any(|p| p.name == "END" && p.value.eq_ignore_ascii_case("VCALENDAR"));
    if !opened || !closed {
        return Err(IcalError::NotACalendar);
    }
    let calendar_zone = properties
        .iter()
        .find(|p| p.name == "X-WR-TIMEZONE")
        .and_then(|p| p.value.trim().parse::<Tz>().ok());
    let mut builder = Builder::default();
    let mut zone_named: Option<String> = calendar_zone.map(|z| z.name().to_owned());
    let mut event: Vec<&Property> = Vec::new();
    let mut in_event = false;
    let mut depth_in_event = 0usize;
    for property in &properties {
        match (
            property.name.as_str(),
            property.value.to_ascii_uppercase().as_str(),
        ) {
            ("BEGIN", "VEVENT") if !in_event => {
                in_event = true;
                event.clear();
            }
            ("BEGIN", _) if in_event => depth_in_event += 1,
            ("END", _) if in_event && depth_in_event > 0 => depth_in_event -= 1,
            ("END", "VEVENT") if in_event => {
                in_event = false;
                if let Some(zone) = read_event(&mut builder, &event, calendar_zone) {
                    zone_named.get_or_insert(zone);
                }
            }
            _ if in_event && depth_in_event == 0 => event.push(property),
            _ => {}
        }
    }
    let calendar_name = properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .map(|p| unescape(&p.value));
    let acronym = acronym_from_uids(&properties);
    let facts = ConferenceFacts {
        title: calendar_name
            .or_else(|| acronym.clone())
            .or_else(|| Some("Calendar".to_owned())),
        acronym,
        timezone: zone_named,
        ..ConferenceFacts::default()
    };
    Ok(builder.finish(facts))
}

/// pretalx names events `pretalx-<event>-<CODE>@host`; the middle is the
/// conference's slug.
fn acronym_from_uids(properties: &[Property]) -> Option<String> {
    static PRETALX_UID: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^pretalx-(.+)-[A-Z0-9]{5,}@").expect("valid regex"));
    properties
        .iter()
        .filter(|p| p.name == "UID")
        .find_map(|p| PRETALX_UID.captures(&p.value).map(|c| c[1].to_owned()))
}

/// Adds one VEVENT; returns the zone its start named, if any.
fn read_event(
    builder: &mut Builder,
    event: &[&Property],
    calendar_zone: Option<Tz>,
) -> Option<String> {
    let get = |name: &str| event.iter().find(|p| p.name == name).copied();
    // The BEGIN:VEVENT line comes just before the event's first property.
    let line = event.first().map_or(1, |p| p.line.saturating_sub(1).max(1));
    let location = Location::Line(line);
    let start_property = get("DTSTART");
    let start = start_property.and_then(|p| instant(p, calendar_zone));
    let end = get("DTEND").and_then(|p| instant(p, calendar_zone));
    let duration = get("DURATION")
        .and_then(|p| parse_minutes(&p.value))
        .or_else(|| Some((end? - start?).num_minutes()));
    let summary = get("SUMMARY").map(|p| unescape(&p.value));
    let room = get("LOCATION").and_then(|p| non_empty(&unescape(&p.value)));
    let (Some(summary), Some(room_name), Some(start), Some(duration)) =
        (summary, room, start, duration)
    else {
        builder.warn(
            location,
            "the event is skipped: it needs a SUMMARY, a LOCATION, a DTSTART with a time, and a DTEND or DURATION".to_owned(),
        );
        return None;
    };
    let (title, speakers) = split_summary(&summary);
    let room = builder.room(&room_name, None);
    let speaker_ids: Vec<_> = speakers
        .iter()
        .map(|name| builder.speaker(None, name).id.clone())
        .collect();
    let mut links = LinkList::default();
    if let Some(url) = get("URL") {
        links.push(LinkKind::Info, url.value.trim(), Some("Event page"));
    }
    let id = get("UID")
        .map(|p| p.value.trim().to_owned())
        .unwrap_or_default();
    let session = builder.session(&id, location, &title, room, start, duration);
    session.summary = get("DESCRIPTION")
        .map(|p| safe_text(&unescape(&p.value)))
        .unwrap_or_default();
    session.track = get("CATEGORIES").and_then(|p| non_empty(&unescape(&p.value)));
    session.speakers = speaker_ids;
    session.links = links.into_vec();
    start_property
        .and_then(|p| p.param("TZID"))
        .map(str::to_owned)
}

/// `Title - Speaker1, Speaker2` split at the last ` - `.
fn split_summary(summary: &str) -> (String, Vec<String>) {
    match summary.rsplit_once(" - ") {
        Some((title, people)) if !title.trim().is_empty() => {
            let names = people.split(',').filter_map(non_empty).collect();
            (title.trim().to_owned(), names)
        }
        _ => (summary.trim().to_owned(), Vec::new()),
    }
}

/// A DATE-TIME in UTC (`Z`), in the zone its TZID names, or floating (in the
/// calendar's zone, else UTC).
fn instant(property: &Property, calendar_zone: Option<Tz>) -> Option<DateTime<FixedOffset>> {
    let value = property.value.trim();
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        // UTC says nothing about the venue's offset: show it in the calendar's zone.
        let zone = calendar_zone.unwrap_or(chrono_tz::UTC);
        return Some(naive.and_utc().with_timezone(&zone).fixed_offset());
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    let zone = property
        .param("TZID")
        .and_then(|name| name.trim_start_matches('/').parse::<Tz>().ok())
        .or(calendar_zone)
        .unwrap_or(chrono_tz::UTC);
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_escaped_lines_are_read() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Nothing for Us\\, Without Us\\; Bias - Ann\r\n  Lee\\, Bo\r\nX-A;Q=\"a:b\":c\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let props = properties(text);
        assert_eq!(
            unescape(&props[2].value),
            "Nothing for Us, Without Us; Bias - Ann Lee, Bo"
        );
        assert_eq!(props[3].param("Q"), Some("a:b"));
        assert_eq!(props[3].value, "c");
        let (title, speakers) = split_summary(&unescape(&props[2].value));
        assert_eq!(title, "Nothing for Us, Without Us; Bias");
        assert_eq!(speakers, ["Ann Lee", "Bo"]);
    }

    #[test]
    fn times_follow_their_zone_name() {
        let p = split_property(1, "DTSTART;TZID=Australia/Adelaide:20230818T090000").unwrap();
        assert_eq!(
            instant(&p, None).unwrap().to_rfc3339(),
            "2023-08-18T09:00:00+09:30"
        );
        let p = split_property(1, "DTSTART:20230818T000000Z").unwrap();
        assert_eq!(
            instant(&p, None).unwrap().to_rfc3339(),
            "2023-08-18T00:00:00+00:00"
        );
    }
}
