//! Assembles a programme from the pieces a schedule format yields, the same
//! way for every format: rooms and people once each, unique session ids, and
//! every start in the venue's zone.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use super::kind_words::KindWords;

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use super::Imported;
use super::slug::{UniqueIds, slug};
use super::zone::{LocalZone, ZoneNote, venue_zone};
use crate::model::{
    Branding, Conference, FORMAT_VERSION, MediaSource, Placement, Programme, Room, RoomId, Session,
    SessionId, SessionKind, Speaker, SpeakerId, StageSettings,
};
use crate::problem::{Location, Problem, ProblemKind};

/// Conference facts a schedule states.
#[derive(Debug, Default)]
pub struct ConferenceFacts {
    pub title: Option<String>,
    pub acronym: Option<String>,
    pub timezone: Option<String>,
    pub days: Vec<NaiveDate>,
    pub logo: Option<String>,
    pub source_url: Option<String>,
}

/// The room of events whose source gives them none.
pub const ELSEWHERE: &str = "Elsewhere";

/// A schedule with events of which none could be read: an error, so that a
/// broken export is not taken for an empty programme.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{location}: {} (fix: correct the events in the source, or export the schedule again)",
    nothing_read(*events, why)
)]
pub struct NothingRead {
    pub events: usize,
    pub location: Location,
    pub why: String,
}

fn nothing_read(events: usize, why: &str) -> String {
    match events {
        1 => format!("the schedule's only event could not be read: it {why}"),
        _ => format!("none of the schedule's {events} events could be read; this first one {why}"),
    }
}

#[derive(Debug, Default)]
pub struct Builder {
    /// The venue's zone as the caller gives it, for a source that names none.
    given_zone: Option<Tz>,
    /// Set when times without an offset had to be taken as UTC.
    times_as_written: bool,
    /// The first event without a room, what it lacked, and how many there are.
    unplaced: Option<(Location, &'static str, usize)>,
    /// The first event left out, why, and how many were.
    skipped: Option<(Location, String, usize)>,
    rooms: Vec<Room>,
    room_by_name: HashMap<String, RoomId>,
    room_ids: UniqueIds,
    speakers: Vec<Speaker>,
    speaker_by_key: HashMap<String, usize>,
    speaker_ids: UniqueIds,
    sessions: Vec<Session>,
    session_ids: UniqueIds,
    pub warnings: Vec<Problem>,
}

impl Builder {
    pub fn new(given_zone: Option<Tz>) -> Self {
        Builder {
            given_zone,
            ..Builder::default()
        }
    }

    /// The zone for times the source writes without an offset: the zone it
    /// names, else an offset it writes elsewhere, else the caller's, else UTC,
    /// which the programme's warnings will then say once.
    pub fn local_zone(
        &mut self,
        named: Option<Tz>,
        offset: impl FnOnce() -> Option<FixedOffset>,
    ) -> LocalZone {
        if let Some(zone) = named {
            return LocalZone::Named(zone);
        }
        if let Some(offset) = offset() {
            return LocalZone::Offset(offset);
        }
        LocalZone::Named(self.given_zone.unwrap_or_else(|| {
            self.times_as_written = true;
            chrono_tz::UTC
        }))
    }

    /// Skips an event that cannot be read; `why` follows "it", as in
    /// "it has no title".
    pub fn skip(&mut self, location: Location, why: String) {
        self.warn(
            location.clone(),
            format!("the event is skipped because it {why}"),
        );
        self.skipped.get_or_insert((location, why, 0)).2 += 1;
    }

    /// The room for an event that lacks `field`: one room for them all,
    /// reported once.
    pub fn elsewhere(&mut self, location: Location, field: &'static str) -> RoomId {
        self.unplaced.get_or_insert((location, field, 0)).2 += 1;
        self.room(ELSEWHERE, None)
    }

    pub fn warn(&mut self, location: Location, message: String) {
        self.warnings
            .push(Problem::new(location, ProblemKind::SourceNote(message)));
    }

    /// The room called `name`, made on first sight; `id` is used when the
    /// source gives one (a guid), else the id is made from the name.
    pub fn room(&mut self, name: &str, id: Option<&str>) -> RoomId {
        let name = name.trim();
        if let Some(room) = self.room_by_name.get(name) {
            return room.clone();
        }
        let by_name = slug(name);
        let room = match id.map(str::trim).filter(|id| !id.is_empty()) {
            Some(guid) if !self.rooms.iter().any(|room| room.id.as_str() == guid) => {
                RoomId(self.room_ids.claim(guid))
            }
            Some(guid) => {
                let other = self
                    .rooms
                    .iter()
                    .find(|room| room.id.as_str() == guid)
                    .map_or_else(String::new, |room| room.name.clone());
                self.warn(
                    Location::Path("rooms".to_owned()),
                    format!("the rooms {other:?} and {name:?} have the same guid {guid:?}; {name:?} gets an id made from its name"),
                );
                RoomId(self.room_ids.claim(&by_name))
            }
            None => RoomId(self.room_ids.claim(&by_name)),
        };
        self.rooms.push(Room::new(
            room.clone(),
            name.to_owned(),
            self.rooms.len() as u32,
        ));
        self.room_by_name.insert(name.to_owned(), room.clone());
        room
    }

    /// The person known by `key` (an id or guid from the source, or their
    /// name), made on first sight.
    pub fn speaker(&mut self, key: Option<&str>, name: &str) -> &mut Speaker {
        let name = name.trim();
        let key = key
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map_or_else(|| slug(name), str::to_owned);
        let index = match self.speaker_by_key.get(&key) {
            Some(&index) => index,
            None => {
                let id = SpeakerId(self.speaker_ids.claim(&key));
                self.speakers.push(Speaker {
                    id,
                    name: name.to_owned(),
                    affiliation: None,
                    bio: String::new(),
                    photo: None,
                    socials: Vec::new(),
                });
                self.speaker_by_key.insert(key, self.speakers.len() - 1);
                self.speakers.len() - 1
            }
        };
        let speaker = &mut self.speakers[index];
        if speaker.name.is_empty() {
            speaker.name = name.to_owned();
        }
        speaker
    }

    /// A session with the given id (made unique, with a warning when the
    /// source repeats it) and the rest left for the caller to fill in.
    pub fn session(
        &mut self,
        id: &str,
        location: Location,
        title: &str,
        room: RoomId,
        start: DateTime<FixedOffset>,
        duration_minutes: i64,
    ) -> &mut Session {
        let wanted = if id.trim().is_empty() {
            slug(title)
        } else {
            id.trim().to_owned()
        };
        let unique = self.session_ids.claim(&wanted);
        if unique != wanted {
            self.warn(
                location,
                format!(
                    "the id {wanted:?} is already taken by an earlier event; this one gets the id {unique:?}"
                ),
            );
        }
        self.sessions.push(Session {
            id: SessionId(unique),
            title: single_spaced(title),
            subtitle: None,
            kind: SessionKind::Talk,
            room,
            start,
            duration_minutes,
            placement: Placement::Pinned,
            track: None,
            language: None,
            level: None,
            summary: String::new(),
            speakers: Vec::new(),
            links: Vec::new(),
            cancelled: false,
        });
        self.sessions.last_mut().expect("just pushed")
    }

    /// The programme, with the venue's zone chosen and every start in it;
    /// an error when the schedule had events but none could be read.
    pub fn finish(mut self, facts: ConferenceFacts) -> Result<Imported, NothingRead> {
        if let (true, Some((location, why, events))) = (self.sessions.is_empty(), self.skipped) {
            return Err(NothingRead {
                events,
                location,
                why,
            });
        }
        if let Some((location, field, events)) = self.unplaced.take() {
            let room = ELSEWHERE;
            let kind = ProblemKind::NoRoom {
                events,
                field,
                room,
            };
            self.warnings.push(Problem::new(location, kind));
        }
        let starts: Vec<_> = self.sessions.iter().map(|s| s.start).collect();
        let name = facts
            .timezone
            .clone()
            .or_else(|| self.given_zone.map(|zone| zone.name().to_owned()));
        let (zone, note) = venue_zone(name.as_deref(), &starts);
        let note = match note {
            // Said, with how to give the zone, by the warning below.
            Some(ZoneNote::Missing { .. }) if self.times_as_written => None,
            note => note.map(|note| ProblemKind::TimeZone(note.to_string())),
        };
        let as_written = self.times_as_written.then_some(ProblemKind::TimesAsWritten);
        for kind in note.into_iter().chain(as_written) {
            self.warnings
                .push(Problem::at_path("conference.timezone", kind));
        }
        for session in &mut self.sessions {
            session.start = session.start.with_timezone(&zone).fixed_offset();
        }
        let mut days = facts.days;
        if days.is_empty() {
            days = self.sessions.iter().map(|s| s.start.date_naive()).collect();
        }
        days.sort();
        days.dedup();
        let title = facts
            .title
            .filter(|t| !t.trim().is_empty())
            .or_else(|| facts.acronym.clone())
            .unwrap_or_else(|| "Programme".to_owned());
        Ok(Imported {
            programme: Programme {
                format: FORMAT_VERSION,
                conference: Conference {
                    title: title.trim().to_owned(),
                    acronym: facts.acronym.filter(|a| !a.trim().is_empty()),
                    timezone: zone,
                    days,
                    branding: Branding {
                        logo: facts.logo.filter(|l| !l.trim().is_empty()).map(MediaSource),
                        ..Branding::default()
                    },
                    source_url: facts.source_url.filter(|u| !u.trim().is_empty()),
                    stage: StageSettings::default(),
                },
                rooms: self.rooms,
                speakers: self.speakers,
                sessions: self.sessions.into_iter().map(Arc::new).collect(),
                delays: vec![],
                announcements: vec![],
                sponsors: vec![],
                emergency: None,
                changed_today: None,
                stage_messages: vec![],
                stage_phases: vec![],
                room_states: vec![],
            },
            warnings: self.warnings,
        })
    }
}

/// Words that tell a session's kind, by kind, strongest kind first.
const KIND_WORDS: [(&str, SessionKind); 16] = [
    ("keynote", SessionKind::Keynote),
    ("workshop", SessionKind::Workshop),
    ("hands-on", SessionKind::Workshop),
    ("hands_on", SessionKind::Workshop),
    ("tutorial", SessionKind::Workshop),
    ("break", SessionKind::Break),
    ("pause", SessionKind::Break),
    ("lunch", SessionKind::Break),
    ("coffee", SessionKind::Break),
    ("talk", SessionKind::Talk),
    ("lecture", SessionKind::Talk),
    ("maintrack", SessionKind::Talk),
    ("devroom", SessionKind::Talk),
    ("lightning", SessionKind::Talk),
    ("presentation", SessionKind::Talk),
    ("session", SessionKind::Talk),
];

/// The kind of session a free-text type such as "Talk 40 (30min +10 Q&A)",
/// "devroom" or "Workshop" describes.
pub fn kind_from_type(text: &str) -> SessionKind {
    static WORDS: LazyLock<KindWords<SessionKind>> = LazyLock::new(|| KindWords::new(&KIND_WORDS));
    WORDS.strongest(text).unwrap_or(SessionKind::Other)
}

/// The words of `text` one space apart.
fn single_spaced(text: &str) -> String {
    // Mostly so already: then copied as it is.
    let spaced = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    if spaced {
        return text.to_owned();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why an event is left out, after "it": "has no A, no B and no C" for the
/// parts that are missing.
pub fn has_no<'a>(parts: impl IntoIterator<Item = (&'a str, bool)>) -> String {
    let missing: Vec<&str> = parts
        .into_iter()
        .filter_map(|(what, missing)| missing.then_some(what))
        .collect();
    match missing.split_last() {
        Some((last, [])) => format!("has no {last}"),
        Some((last, rest)) => format!("has no {} and no {last}", rest.join(", no ")),
        None => "cannot be read".to_owned(),
    }
}

/// Text as a field value: `None` when empty after trimming.
pub fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_types_strongest_word_first() {
        for (text, kind) in [
            ("Talk 40 (30min +10 Q&A)", SessionKind::Talk),
            ("Keynote talk", SessionKind::Keynote),
            ("Hands-On Workshop session", SessionKind::Workshop),
            ("Coffee BREAK", SessionKind::Break),
            ("devroom", SessionKind::Talk),
            ("BoF", SessionKind::Other),
        ] {
            assert_eq!(kind_from_type(text), kind, "{text}");
        }
    }

    #[test]
    fn titles_are_single_spaced() {
        for (title, spaced) in [
            ("Rust in the kernel", "Rust in the kernel"),
            (" Two  spaces\tand\na line ", "Two spaces and a line"),
            ("Café\u{a0}talk", "Café talk"),
            ("", ""),
        ] {
            assert_eq!(single_spaced(title), spaced);
        }
    }
}
