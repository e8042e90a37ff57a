//! The operations an organiser's editor sends, as the hub's API takes them:
//! JSON objects tagged by `op`, e.g.
//! `{"op": "move", "session": "keynote", "room": "main-hall", "index": 0}`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    Announcement, AnnouncementId, Link, Occupancy, Phase, Room, RoomId, Session, SessionId,
    SessionKind, Speaker, SpeakerId, Sponsor, SponsorId,
};

/// One change to a programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Operation {
    /// Puts a session at position `index` (from 0) of `room`'s running order
    /// on `day` (its own day when not given). The sessions after it follow.
    Move {
        session: SessionId,
        room: RoomId,
        index: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(type = "string | null", optional))]
        day: Option<NaiveDate>,
    },
    /// Fixes a session's start; reflow never moves it.
    Pin {
        session: SessionId,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        start: DateTime<FixedOffset>,
    },
    /// Lets a session start when the one before it in its room ends, after a gap.
    Follow {
        session: SessionId,
        gap_minutes: i64,
    },
    /// Changes how long a session lasts.
    Resize {
        session: SessionId,
        duration_minutes: i64,
    },
    /// Changes the fields given; the others stay.
    Edit {
        session: SessionId,
        changes: SessionChanges,
    },
    /// Adds a session, or replaces the one with its id. Like every put, it
    /// goes after `after`, first when `first`, else where it was (or last).
    PutSession {
        session: Box<Session>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        after: Option<SessionId>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        first: bool,
    },
    /// Copies a session right after itself, under `new_id` (or its id with
    /// the first free `-2`, `-3`, ...), following it with no gap.
    Duplicate {
        session: SessionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        new_id: Option<SessionId>,
    },
    DeleteSession {
        session: SessionId,
    },
    /// Calls a session off; it keeps its place and time.
    Cancel {
        session: SessionId,
    },
    /// Undoes [`Operation::Cancel`].
    Restore {
        session: SessionId,
    },
    /// Adds a speaker, or replaces the one with its id.
    PutSpeaker {
        speaker: Speaker,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        after: Option<SpeakerId>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        first: bool,
    },
    /// Deletes a speaker; one still in sessions only with `from_sessions`,
    /// which takes them off those sessions.
    DeleteSpeaker {
        speaker: SpeakerId,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        from_sessions: bool,
    },
    /// Adds a room, or replaces the one with its id.
    PutRoom {
        room: Room,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        after: Option<RoomId>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        first: bool,
    },
    /// Deletes a room; one still holding sessions only when `sessions` says
    /// what becomes of them.
    DeleteRoom {
        room: RoomId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        sessions: Option<RoomSessions>,
    },
    /// Says `room` runs `minutes` late (negative: early) from the session on
    /// there now, or the next one when none is, by the hub's clock. With
    /// `session`, from that session, which started `started_minutes` late
    /// (by default as late as it is now).
    Late {
        room: RoomId,
        minutes: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        session: Option<SessionId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        started_minutes: Option<i64>,
    },
    /// Puts `room` back on its plan.
    OnTime {
        room: RoomId,
    },
    /// The session began now, late or early; it lasts as long as planned.
    Started {
        session: SessionId,
    },
    /// The session is over now: the sessions after it that follow move up,
    /// pinned ones keep their time.
    Ended {
        session: SessionId,
    },
    /// Makes `room`'s delay the plan: its sessions' times become the ones
    /// it runs at, and the room is no longer marked late.
    ApplyDelay {
        room: RoomId,
    },
    /// Adds an announcement, or replaces the one with its id.
    PutAnnouncement {
        announcement: Box<Announcement>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        after: Option<AnnouncementId>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        first: bool,
    },
    DeleteAnnouncement {
        announcement: AnnouncementId,
    },
    /// Adds a sponsor, or replaces the one with its id.
    PutSponsor {
        sponsor: Sponsor,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        after: Option<SponsorId>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        first: bool,
    },
    DeleteSponsor {
        sponsor: SponsorId,
    },
    /// Puts the emergency message on every screen, in place of everything
    /// else, since `since` (by default the hub's time now).
    Emergency {
        title: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        #[cfg_attr(feature = "ts", ts(optional, as = "Option<String>"))]
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        since: Option<DateTime<FixedOffset>>,
    },
    /// Takes the emergency message off: screens go back to their rotation.
    ClearEmergency {},
    /// Shows `text` to the speaker on `room`'s stage monitor, flashing when
    /// `flash`, from `since` (by default the hub's time now) until the chair
    /// clears it or the talk it was sent in is over. Never on a hallway screen.
    StageMessage {
        room: RoomId,
        text: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
        flash: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        since: Option<DateTime<FixedOffset>>,
    },
    /// Takes `room`'s stage message off.
    ClearStageMessage {
        room: RoomId,
    },
    /// Puts `room`'s talk in `phase` from `since` (by default now), until
    /// the talk is over.
    StagePhase {
        room: RoomId,
        phase: Phase,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        since: Option<DateTime<FixedOffset>>,
    },
    /// Says how full `room` is from `since` (by default now); "filling" and
    /// "full" lapse after the programme's limit unless said again.
    RoomState {
        room: RoomId,
        state: Occupancy,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        since: Option<DateTime<FixedOffset>>,
    },
}

/// What becomes of a deleted room's sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum RoomSessions {
    /// They move to this room.
    MoveTo(RoomId),
    /// They are deleted too.
    Delete,
}

/// The fields [`Operation::Edit`] sets; an empty text clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SessionChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub kind: Option<SessionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub track: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub level: Option<String>,
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub speakers: Option<Vec<SpeakerId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub links: Option<Vec<Link>>,
}

impl Operation {
    /// The session this operation is about, if it is about one.
    pub fn session(&self) -> Option<&SessionId> {
        match self {
            Operation::Move { session, .. }
            | Operation::Pin { session, .. }
            | Operation::Follow { session, .. }
            | Operation::Resize { session, .. }
            | Operation::Edit { session, .. }
            | Operation::Duplicate { session, .. }
            | Operation::DeleteSession { session }
            | Operation::Cancel { session }
            | Operation::Restore { session }
            | Operation::Started { session }
            | Operation::Ended { session } => Some(session),
            Operation::PutSession { session, .. } => Some(&session.id),
            _ => None,
        }
    }

    /// The room a chair's operation is about, in `programme`: `None` for
    /// an operation only the organiser may make.
    pub fn chair_room(&self, programme: &crate::model::Programme) -> Option<RoomId> {
        let room_of = |id: &SessionId| {
            programme
                .sessions
                .iter()
                .find(|s| &s.id == id)
                .map(|s| s.room.clone())
        };
        match self {
            Operation::Late { room, session, .. } => match session {
                Some(session) => room_of(session).filter(|r| r == room),
                None => Some(room.clone()),
            },
            Operation::OnTime { room }
            | Operation::StageMessage { room, .. }
            | Operation::ClearStageMessage { room }
            | Operation::StagePhase { room, .. }
            | Operation::RoomState { room, .. } => Some(room.clone()),
            Operation::Started { session }
            | Operation::Ended { session }
            | Operation::Cancel { session }
            | Operation::Restore { session } => room_of(session),
            _ => None,
        }
    }
}

/// Why an operation cannot be applied; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("there is no session \"{0}\" (fix: reload the programme; someone may have deleted it)")]
    UnknownSession(SessionId),
    #[error(
        "there is no room \"{0}\" (fix: add the room first, or pick one of the programme's rooms)"
    )]
    UnknownRoom(RoomId),
    #[error("there is no speaker \"{0}\" (fix: add the speaker first)")]
    UnknownSpeaker(SpeakerId),
    #[error(
        "position {index} is past the end of \"{room}\" on {day}, which has {len} sessions (fix: use 0 to {len})"
    )]
    PastTheEnd {
        index: usize,
        len: usize,
        room: RoomId,
        day: NaiveDate,
    },
    #[error("a session lasts at least a minute, not {0} (fix: give a positive duration)")]
    NonPositiveDuration(i64),
    #[error("a gap cannot be negative ({0} minutes) (fix: give 0 or more)")]
    NegativeGap(i64),
    #[error("a session needs a title (fix: type one)")]
    EmptyTitle,
    #[error(
        "\"{0}\" is the first session in its room: there is nothing for it to follow (fix: pin it to a time)"
    )]
    NothingToFollow(SessionId),
    #[error("the {what} id \"{id}\" is taken (fix: choose another)")]
    IdTaken { what: &'static str, id: String },
    #[error("there is no {what} \"{id}\" to place this after (fix: reload the programme)")]
    UnknownAnchor { what: &'static str, id: String },
    #[error(
        "\"{speaker}\" still speaks in {sessions} session(s) (fix: send \"from_sessions\": true to take them off, or change those sessions first)"
    )]
    SpeakerInUse { speaker: SpeakerId, sessions: usize },
    #[error(
        "room \"{room}\" still holds {sessions} session(s) (fix: say what becomes of them: \"sessions\": {{\"move-to\": ROOM}} or \"sessions\": \"delete\")"
    )]
    RoomInUse { room: RoomId, sessions: usize },
    #[error(
        "the sessions of \"{0}\" cannot move to the room being deleted (fix: choose another room)"
    )]
    MoveToItself(RoomId),
    #[error("room \"{0}\" has nothing on now and nothing after (fix: say which session runs late)")]
    NothingInRoom(RoomId),
    #[error("session \"{session}\" is not in room \"{room}\" (fix: reload the programme)")]
    NotInRoom { session: SessionId, room: RoomId },
    #[error("\"{0}\" is cancelled (fix: restore it first)")]
    IsCancelled(SessionId),
    #[error(
        "{0} minutes is more than a day (fix: give a delay of at most 1440 minutes either way)"
    )]
    DelayOutOfRange(i64),
    #[error(
        "there is no announcement \"{0}\" (fix: reload the programme; someone may have deleted it)"
    )]
    UnknownAnnouncement(AnnouncementId),
    #[error("there is no sponsor \"{0}\" (fix: reload the programme; someone may have deleted it)")]
    UnknownSponsor(SponsorId),
    #[error("a sponsor needs a name (fix: type one)")]
    EmptyName,
    #[error(
        "{0:?} is not an http(s) address, so no screen could show it (fix: give an address that starts with https://)"
    )]
    NotAWebLink(String),
    #[error(
        "{0:?} is neither a path under data/ nor an http(s) address (fix: give an https:// address or a path such as data/logo.png)"
    )]
    UnsafeMedia(String),
    #[error(
        "\"every\" is {0}, but it must be 1 to 6 rotations (fix: give 1 to show it each rotation)"
    )]
    RotationsApart(u32),
    #[error(
        "there is no emergency message to clear (fix: reload the programme; someone cleared it already)"
    )]
    NoEmergency,
    #[error("a message to the stage needs some text (fix: type one, or clear the message)")]
    EmptyStageMessage,
    #[error(
        "a message to the stage has at most {most} characters, not {len}, to be read from the stage (fix: shorten it)"
    )]
    StageMessageTooLong { len: usize, most: usize },
    #[error(
        "{0} is not a time this could have been said: later than now, or days ago (fix: leave \"since\" out; it is for putting back what was said)"
    )]
    SinceOutOfRange(String),
}
