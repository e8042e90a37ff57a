//! Reads iCalendar (RFC 5545) schedules: lines folded anywhere, even inside
//! a character; escaped text; `CHARSET` parameters; times with a `TZID`
//! (trusted by name against the tz database rather than any embedded
//! VTIMEZONE, which exports get wrong), UTC or floating times; LOCATION as
//! the room; and pretalx's `SUMMARY: Title - Speaker1, Speaker2`.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use chrono_tz::Tz;
use regex::Regex;

use super::Imported;
use super::builder::{Builder, ConferenceFacts, NothingRead, has_no, non_empty};
use super::decode::unreadable;
use super::duration::{parse_minutes, plausible};
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
    #[error(transparent)]
    NothingRead(#[from] NothingRead),
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

/// The content lines of a calendar, split into their parts, and the lines
/// that are not valid UTF-8.
fn properties(bytes: &[u8]) -> (Vec<Property>, Vec<usize>) {
    let (mut properties, mut unreadable) = (Vec::new(), Vec::new());
    for (line, bytes) in unfolded(bytes) {
        if let Some((property, readable)) = split_property(line, &bytes) {
            if !readable {
                unreadable.push(line);
            }
            properties.push(property);
        }
    }
    (properties, unreadable)
}

/// Joins folded lines (a line break followed by a space or tab) on bytes, as
/// exporters fold at 75 octets even inside a character; each with its line.
fn unfolded(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut logical: Vec<(usize, Vec<u8>)> = Vec::new();
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match raw.split_first() {
            Some((b' ' | b'\t', rest)) if !logical.is_empty() => logical
                .last_mut()
                .expect("not empty")
                .1
                .extend_from_slice(rest),
            None => {}
            _ => logical.push((index + 1, raw.to_vec())),
        }
    }
    logical
}

/// The parts of a content line, and whether all of it was readable text.
fn split_property(line: usize, text: &[u8]) -> Option<(Property, bool)> {
    // The value starts at the first ':' outside a quoted parameter value;
    // neither byte occurs inside a UTF-8 character.
    let mut quoted = false;
    let colon = text.iter().position(|&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == b':' && !quoted
    })?;
    let head = String::from_utf8_lossy(&text[..colon]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim().to_ascii_uppercase();
    let params: Vec<(String, String)> = parts
        .filter_map(|param| {
            let (key, value) = param.split_once('=')?;
            Some((
                key.trim().to_ascii_uppercase(),
                value.trim_matches('"').to_owned(),
            ))
        })
        .collect();
    let value = &text[colon + 1..];
    let latin1 = params.iter().any(|(key, value)| {
        key == "CHARSET"
            && ["ISO-8859-1", "LATIN1", "WINDOWS-1252"]
                .iter()
                .any(|name| value.eq_ignore_ascii_case(name))
    });
    let (value, readable) = match std::str::from_utf8(value) {
        Ok(value) => (value.to_owned(), true),
        // Every byte is a character in Latin-1; UTF-8 is the default.
        Err(_) if latin1 => (value.iter().map(|&b| char::from(b)).collect(), true),
        Err(_) => (String::from_utf8_lossy(value).into_owned(), false),
    };
    let readable = readable && std::str::from_utf8(&text[..colon]).is_ok();
    let property = Property {
        line,
        name,
        params,
        value,
    };
    Some((property, readable))
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

/// `zone` is the venue's zone for floating times in a calendar that names none.
pub fn parse(text: &str, zone: Option<Tz>) -> Result<Imported, IcalError> {
    parse_bytes(text.as_bytes(), zone)
}

/// Reads a calendar from its bytes; lines that are not valid UTF-8 are
/// read with U+FFFD for what cannot be read, and named in a warning.
pub fn parse_bytes(bytes: &[u8], zone: Option<Tz>) -> Result<Imported, IcalError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let (properties, unreadable_lines) = properties(bytes);
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
    let mut builder = Builder::new(zone);
    builder.warnings.extend(unreadable(&unreadable_lines));
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
    Ok(builder.finish(facts)?)
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
    let start = start_property.and_then(|p| instant(p, builder, calendar_zone));
    let end = get("DTEND").and_then(|p| instant(p, builder, calendar_zone));
    let length = get("DURATION").and_then(|p| parse_minutes(&p.value));
    let has_length = length.is_some() || end.is_some();
    let duration = length.or_else(|| plausible((end? - start?).num_minutes()));
    let summary = get("SUMMARY").and_then(|p| non_empty(&unescape(&p.value)));
    let (Some(summary), Some(start), Some(duration)) = (summary.as_ref(), start, duration) else {
        let why = has_no([
            ("SUMMARY", summary.is_none()),
            ("DTSTART with a time of day", start.is_none()),
            ("DTEND or DURATION", !has_length),
        ]);
        builder.skip(location, why);
        return None;
    };
    let (title, speakers) = split_summary(summary);
    let room = match get("LOCATION").and_then(|p| non_empty(&unescape(&p.value))) {
        Some(name) => builder.room(&name, None),
        None => builder.elsewhere(location.clone(), "LOCATION"),
    };
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
/// calendar's zone, else the caller's, else UTC).
fn instant(
    property: &Property,
    builder: &mut Builder,
    calendar_zone: Option<Tz>,
) -> Option<DateTime<FixedOffset>> {
    let value = property.value.trim();
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        // UTC says nothing about the venue's offset: show it in the calendar's zone.
        let zone = calendar_zone.unwrap_or(chrono_tz::UTC);
        return Some(naive.and_utc().with_timezone(&zone).fixed_offset());
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    let named = property
        .param("TZID")
        .and_then(|name| name.trim_start_matches('/').parse::<Tz>().ok())
        .or(calendar_zone);
    builder.local_zone(named, || None).instant(naive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_escaped_lines_are_read() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Nothing for Us\\, Without Us\\; Bias - Ann\r\n  Lee\\, Bo\r\nX-A;Q=\"a:b\":c\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (props, unreadable) = properties(text.as_bytes());
        assert!(unreadable.is_empty());
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
        let builder = &mut Builder::default();
        let (p, _) = split_property(1, b"DTSTART;TZID=Australia/Adelaide:20230818T090000").unwrap();
        assert_eq!(
            instant(&p, builder, None).unwrap().to_rfc3339(),
            "2023-08-18T09:00:00+09:30"
        );
        let (p, _) = split_property(1, b"DTSTART:20230818T000000Z").unwrap();
        assert_eq!(
            instant(&p, builder, None).unwrap().to_rfc3339(),
            "2023-08-18T00:00:00+00:00"
        );
    }
}
