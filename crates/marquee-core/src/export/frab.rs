//! frab schedule XML, valid against the c3voc `schedule.xml.xsd`. The format
//! has no place for a person's bio, photo or handles, so those stay behind.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::hh_mm;
use super::ids::{PersonKey, guid, is_uuid, person_key};
use crate::days::days;
use crate::model::{Programme, Session};

type XmlWriter = Writer<Vec<u8>>;

pub fn write(programme: &Programme) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_schedule(&mut writer, programme).expect("writing to memory cannot fail");
    let mut text = String::from_utf8(writer.into_inner()).expect("the writer writes UTF-8");
    text.push('\n');
    text
}

fn element(writer: &mut XmlWriter, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

fn write_schedule(writer: &mut XmlWriter, programme: &Programme) -> io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("schedule")
        .write_inner_content(|writer| {
            writer
                .create_element("generator")
                .with_attributes([("name", "marquee"), ("version", env!("CARGO_PKG_VERSION"))])
                .write_empty()?;
            element(writer, "version", "1")?;
            write_conference(writer, programme)?;
            let days = days(programme);
            for day in &days {
                let index = day.index.to_string();
                let date = day.date.to_string();
                let start = day.start.to_rfc3339();
                let end = day.end.to_rfc3339();
                writer
                    .create_element("day")
                    .with_attributes([
                        ("index", index.as_str()),
                        ("date", date.as_str()),
                        ("start", start.as_str()),
                        ("end", end.as_str()),
                    ])
                    .write_inner_content(|writer| {
                        // Every room on every day, in display order, so that the
                        // rooms' order reads back the same.
                        for room in programme.rooms_in_order() {
                            let mut tag = writer
                                .create_element("room")
                                .with_attribute(("name", room.name.as_str()));
                            if is_uuid(room.id.as_str()) {
                                tag = tag.with_attribute(("guid", room.id.as_str()));
                            }
                            tag.write_inner_content(|writer| {
                                for (position, session) in
                                    day.sessions.iter().map(|&i| (i, &programme.sessions[i]))
                                {
                                    if session.room == room.id {
                                        write_event(writer, programme, position, session)?;
                                    }
                                }
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_conference(writer: &mut XmlWriter, programme: &Programme) -> io::Result<()> {
    let conference = &programme.conference;
    let days = days(programme);
    writer
        .create_element("conference")
        .write_inner_content(|writer| {
            if let Some(acronym) = conference.acronym.as_deref().map(valid_acronym) {
                element(writer, "acronym", &acronym)?;
            }
            element(writer, "title", &conference.title)?;
            if let (Some(first), Some(last)) = (days.first(), days.last()) {
                element(writer, "start", &first.date.to_string())?;
                element(writer, "end", &last.date.to_string())?;
            }
            element(writer, "days", &days.len().to_string())?;
            element(writer, "time_zone_name", conference.timezone.name())?;
            if let Some(url) = &conference.source_url {
                element(writer, "url", url)?;
            }
            if let Some(logo) = &conference.branding.logo {
                element(writer, "logo", &logo.0)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The schema wants at least four of `a-z 0-9 _ -`.
fn valid_acronym(acronym: &str) -> String {
    let mut valid: String = acronym
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    while valid.len() < 4 {
        valid.push('_');
    }
    valid
}

fn write_event(
    writer: &mut XmlWriter,
    programme: &Programme,
    position: usize,
    session: &Session,
) -> io::Result<()> {
    let zone = programme.conference.timezone;
    let id = (position + 1).to_string();
    let guid = guid("session", session.id.as_str());
    let local = session.start.with_timezone(&zone);
    let room = programme
        .room(&session.room)
        .map_or(session.room.as_str(), |room| room.name.as_str());
    writer
        .create_element("event")
        .with_attributes([("id", id.as_str()), ("guid", guid.as_str())])
        .write_inner_content(|writer| {
            element(writer, "date", &session.start.to_rfc3339())?;
            element(writer, "start", &local.format("%H:%M").to_string())?;
            element(writer, "duration", &hh_mm(session.duration_minutes))?;
            element(writer, "room", room)?;
            element(writer, "title", &session.title)?;
            if let Some(subtitle) = &session.subtitle {
                element(writer, "subtitle", subtitle)?;
            }
            element(
                writer,
                "track",
                session.track.as_deref().unwrap_or_default(),
            )?;
            element(writer, "type", session.kind.name())?;
            if let Some(language) = &session.language {
                element(writer, "language", language)?;
            }
            element(writer, "abstract", &session.summary)?;
            writer
                .create_element("persons")
                .write_inner_content(|writer| {
                    for speaker in programme.speakers_of(session) {
                        let tag = writer.create_element("person");
                        let tag = match person_key(speaker.id.as_str()) {
                            PersonKey::Number(number) => {
                                tag.with_attribute(("id", number.to_string().as_str()))
                            }
                            PersonKey::Guid(guid) => tag.with_attribute(("guid", guid.as_str())),
                            PersonKey::Code(code) => {
                                tag.with_attribute(("guid", guid_for_code(&code).as_str()))
                            }
                        };
                        tag.write_text_content(BytesText::new(&speaker.name))?;
                    }
                    Ok(())
                })?;
            writer
                .create_element("links")
                .write_inner_content(|writer| {
                    for link in &session.links {
                        writer
                            .create_element("link")
                            .with_attributes([
                                ("href", link.url.as_str()),
                                ("type", link.kind.name()),
                            ])
                            .write_text_content(BytesText::new(
                                link.title.as_deref().unwrap_or_default(),
                            ))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// frab persons have no code; a pretalx code becomes a derived guid.
fn guid_for_code(code: &str) -> String {
    guid("person", code)
}
