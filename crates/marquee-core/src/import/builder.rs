//! Assembles a programme from the pieces a schedule format yields, the same
//! way for every format: rooms and people once each, unique session ids, and
//! every start in the venue's zone.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::kind_words::KindWords;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::Imported;
use super::slug::{UniqueIds, slug};
use super::zone::venue_zone;
use crate::model::{
    Branding, Conference, FORMAT_VERSION, MediaSource, Placement, Programme, Room, RoomId, Session,
    SessionId, SessionKind, Speaker, SpeakerId,
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

#[derive(Debug, Default)]
pub struct Builder {
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
                self.warn(
                    Location::Path("rooms".to_owned()),
                    format!("rooms {name:?} and another share the guid {guid:?}; {name:?} is known by its name"),
                );
                RoomId(self.room_ids.claim(&by_name))
            }
            None => RoomId(self.room_ids.claim(&by_name)),
        };
        self.rooms.push(Room {
            id: room.clone(),
            name: name.to_owned(),
            order: self.rooms.len() as u32,
        });
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
                format!("the id {wanted:?} is used again; this session gets {unique:?}"),
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
        });
        self.sessions.last_mut().expect("just pushed")
    }

    /// The programme, with the venue's zone chosen and every start in it.
    pub fn finish(mut self, facts: ConferenceFacts) -> Imported {
        let starts: Vec<_> = self.sessions.iter().map(|s| s.start).collect();
        let (zone, note) = venue_zone(facts.timezone.as_deref(), &starts);
        if let Some(note) = note {
            self.warnings.push(Problem::at_path(
                "conference.timezone",
                ProblemKind::TimeZone(note.to_string()),
            ));
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
        Imported {
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
                },
                rooms: self.rooms,
                speakers: self.speakers,
                sessions: self.sessions,
            },
            warnings: self.warnings,
        }
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
