//! The programme model: one shape that every importer produces, every exporter
//! reads and every screen is derived from.
//!
//! Times are instants with the venue's offset; the venue's IANA zone travels with
//! the conference so that a screen never falls back to the machine's zone.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod stage;
pub use stage::{Occupancy, Phase, RoomState, StageMessage, StagePhase, StageSettings};

/// The version of the on-disk format this build reads and writes.
pub const FORMAT_VERSION: u32 = 3;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

id_type!(
    /// A room's stable id, unchanged when the room is renamed.
    RoomId
);
id_type!(
    /// A session's stable id, unchanged when the session moves.
    SessionId
);
id_type!(
    /// A person's stable id, shared by all the sessions they appear in.
    SpeakerId
);
id_type!(
    /// An announcement's stable id.
    AnnouncementId
);
id_type!(
    /// A sponsor's stable id.
    SponsorId
);

/// A whole conference programme, as stored in a `.json` programme file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Version of this file format: 3. Versions 1 (without announcements,
    /// sponsors and the emergency message) and 2 (without the day's marks,
    /// `changed_today`) are read as well.
    pub format: u32,
    pub conference: Conference,
    /// Rooms, in any order; `order` decides the order on screen.
    #[serde(default)]
    pub rooms: Vec<Room>,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    /// Sessions; within one room, the order here is the running order.
    // Shared between the revisions of a programme: an edit copies only the
    // sessions it changes, and an unchanged one compares equal at once.
    #[serde(default)]
    pub sessions: Vec<Arc<Session>>,
    /// Rooms running late or early today, as their chairs said: live state
    /// that screens show and feeds carry, not the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delays: Vec<Delay>,
    /// Notes for visitors shown between the talk scenes, each in its times.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub announcements: Vec<Announcement>,
    /// In the order they are shown; tiers in the order they first appear.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sponsors: Vec<Sponsor>,
    /// A message that replaces every screen's rotation until it is cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency: Option<Emergency>,
    /// What changed for visitors since the conference day began, as the hub
    /// that keeps the programme's history saw it: live state that screens
    /// mark on the talk itself, so a reader of the printed programme is not
    /// lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_today: Option<ChangedToday>,
    /// Each room's message on its stage monitor, as its chair sent it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<StageMessage>>"))]
    pub stage_messages: Vec<StageMessage>,
    /// Rooms in questions or asked to wrap up, as their chairs said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<StagePhase>>"))]
    pub stage_phases: Vec<StagePhase>,
    /// Rooms filling or full, as a chair or a door volunteer said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<RoomState>>"))]
    pub room_states: Vec<RoomState>,
}

/// The sessions changed since the conference day `day` began (its 06:00 in
/// the venue's zone); screens show them only on that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ChangedToday {
    #[schemars(with = "String")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub day: NaiveDate,
    pub sessions: Vec<ChangedSession>,
}

/// One session as it was when the day began, where that differs from now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ChangedSession {
    pub session: SessionId,
    /// The room it was in, when it moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub room_was: Option<RoomId>,
    /// Its start then, when it has a new time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub start_was: Option<DateTime<FixedOffset>>,
    /// Called off since.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub cancelled: bool,
}

/// A note for visitors ("Lunch is in the atrium"): shown between the talk
/// scenes on the screens it is meant for, while its times allow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    pub id: AnnouncementId,
    pub title: String,
    /// Plain text or the safe Markdown subset (paragraphs, lists, emphasis);
    /// never raw HTML.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub image: Option<MediaSource>,
    /// An http(s) address, shown as a QR code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub link: Option<String>,
    /// Shown from this instant on; from the start when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub from: Option<DateTime<FixedOffset>>,
    /// Shown until this instant; to the end when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub until: Option<DateTime<FixedOffset>>,
    /// Only on these days of the venue's calendar; on every day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub days: Vec<NaiveDate>,
    /// Only at these times of day, in the venue's zone; all day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<DailyTimes>>"))]
    pub times: Vec<DailyTimes>,
    /// Only on the screens of these rooms; on every screen when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<RoomId>>"))]
    pub rooms: Vec<RoomId>,
    /// Shown in one rotation of every `every` (1 to 6); in each when absent.
    #[serde(default = "every_rotation", skip_serializing_if = "is_every_rotation")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<u32>"))]
    pub every: u32,
}

/// The most rotations an announcement may skip between showings: keeps the
/// rotation's full cycle short enough for every screen to agree on it.
pub const MOST_ROTATIONS_APART: u32 = 6;

fn every_rotation() -> u32 {
    1
}

fn is_every_rotation(every: &u32) -> bool {
    *every == 1
}

/// A time of day from `from` to `until` in the venue's zone, e.g. 11:30 to
/// 13:30; an `until` before `from` runs past midnight into the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct DailyTimes {
    #[schemars(with = "String")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: NaiveTime,
    #[schemars(with = "String")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub until: NaiveTime,
}

/// A sponsor of the conference, shown in the sponsors scene by tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Sponsor {
    pub id: SponsorId,
    pub name: String,
    /// e.g. "Gold"; sponsors of one tier are shown together.
    pub tier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub logo: Option<MediaSource>,
}

/// The message that must reach everyone at once ("Please leave the building
/// by the nearest exit"): while it is set, it is all that screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Emergency {
    pub title: String,
    /// Plain text or the safe Markdown subset.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
    pub text: String,
    /// When it was posted, by the hub's clock.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub since: DateTime<FixedOffset>,
}

/// A room off its plan from `session` on: it started `started_minutes` late
/// (negative: early) and ends `minutes` late. The sessions after it in its
/// room follow until a break or a pinned session takes the difference up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Delay {
    pub session: SessionId,
    #[serde(default, skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<i64>"))]
    pub started_minutes: i64,
    pub minutes: i64,
}

fn is_zero(minutes: &i64) -> bool {
    *minutes == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Conference {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    /// The venue's IANA time zone, e.g. `America/New_York`.
    #[schemars(with = "String")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub timezone: Tz,
    /// The conference days, in the venue's calendar.
    #[serde(default)]
    pub days: Vec<NaiveDate>,
    #[serde(default)]
    pub branding: Branding,
    /// Where the programme was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "StageSettings::is_default")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<StageSettings>"))]
    pub stage: StageSettings,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Branding {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<MediaSource>,
    /// Accent colour as `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_colour: Option<String>,
    /// Background colour as `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_colour: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    /// Position on screens, smallest first.
    pub order: u32,
    /// The address of the room's live stream, for visitors who cannot get in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stream: Option<String>,
    /// The room visitors go to when this one is full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub overflow: Option<RoomId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub id: SpeakerId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// Plain text or the safe Markdown subset; never raw HTML.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bio: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<MediaSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub socials: Vec<Social>,
}

/// A handle on a social network, e.g. `twitter` / `@jefferai`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Social {
    pub network: String,
    pub handle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Where an image comes from: a path under `data/` or an http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct MediaSource(pub String);

impl MediaSource {
    /// The checked source, or `None` when it is neither a web URL nor a path
    /// that stays inside `data/`.
    pub fn classify(&self) -> Option<crate::safety::MediaRef<'_>> {
        crate::safety::classify_media(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub id: SessionId,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub kind: SessionKind,
    pub room: RoomId,
    /// Start with the venue's offset. For a session that follows the previous
    /// one this is derived from the running order and rewritten on load.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start: DateTime<FixedOffset>,
    pub duration_minutes: i64,
    #[serde(default)]
    pub placement: Placement,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Plain text or the safe Markdown subset; never raw HTML.
    #[serde(rename = "abstract", default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<SpeakerId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Called off: it keeps its place in the printed programme, but screens
    /// never show it as on or next.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
}

impl Session {
    pub fn duration(&self) -> TimeDelta {
        TimeDelta::minutes(self.duration_minutes)
    }

    pub fn end(&self) -> DateTime<FixedOffset> {
        self.start + self.duration()
    }

    /// The links a screen may show: http(s) only.
    pub fn web_links(&self) -> impl Iterator<Item = &Link> {
        self.links
            .iter()
            .filter(|link| crate::safety::is_web_url(&link.url))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Talk,
    Keynote,
    Workshop,
    Break,
    Other,
}

impl SessionKind {
    /// The lower-case name used in files, e.g. `talk`.
    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Talk => "talk",
            SessionKind::Keynote => "keynote",
            SessionKind::Workshop => "workshop",
            SessionKind::Break => "break",
            SessionKind::Other => "other",
        }
    }
}

/// How a session's start is decided: pinned to its own `start`, or following
/// the previous session in the same room after a gap. Reordering a room then
/// only moves sessions; their times follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Placement {
    #[default]
    Pinned,
    Follows {
        gap_minutes: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub kind: LinkKind,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Slides,
    Video,
    Code,
    Info,
    Feedback,
    Other,
}

impl Room {
    /// A room with no stream and no overflow room.
    pub fn new(id: RoomId, name: impl Into<String>, order: u32) -> Self {
        Self {
            id,
            name: name.into(),
            order,
            stream: None,
            overflow: None,
        }
    }
}

impl LinkKind {
    /// The lower-case name used in files, e.g. `slides`.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Slides => "slides",
            LinkKind::Video => "video",
            LinkKind::Code => "code",
            LinkKind::Info => "info",
            LinkKind::Feedback => "feedback",
            LinkKind::Other => "other",
        }
    }
}

impl Programme {
    /// Each room's delay, by the room its session is in.
    pub fn delays_by_room(&self) -> std::collections::BTreeMap<RoomId, &Delay> {
        self.delays
            .iter()
            .filter_map(|d| {
                let s = self.sessions.iter().find(|s| s.id == d.session)?;
                Some((s.room.clone(), d))
            })
            .collect()
    }

    pub fn room(&self, id: &RoomId) -> Option<&Room> {
        self.rooms.iter().find(|room| &room.id == id)
    }

    pub fn speaker(&self, id: &SpeakerId) -> Option<&Speaker> {
        self.speakers.iter().find(|speaker| &speaker.id == id)
    }

    /// The people of a session, in its order, skipping unknown ids.
    pub fn speakers_of<'a>(&'a self, session: &'a Session) -> impl Iterator<Item = &'a Speaker> {
        session.speakers.iter().filter_map(|id| self.speaker(id))
    }

    /// Rooms in display order.
    pub fn rooms_in_order(&self) -> Vec<&Room> {
        let mut rooms: Vec<&Room> = self.rooms.iter().collect();
        rooms.sort_by_key(|room| room.order);
        rooms
    }
}
