//! Problems found in a programme while importing or validating it: what, where,
//! how bad, and what to do about it.

use std::fmt;

use chrono::{DateTime, FixedOffset};

use crate::model::{FORMAT_VERSION, MOST_ROTATIONS_APART, RoomId, SessionId, SpeakerId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Where a problem is: a line of a source page, or a JSON path in a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Line(usize),
    Path(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "line {line}"),
            Location::Path(path) => f.write_str(path),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    #[error("the {what} id {id:?} is used more than once")]
    DuplicateId { what: &'static str, id: String },
    #[error("room \"{0}\" is not in the programme's rooms")]
    UnknownRoom(RoomId),
    #[error("the overflow room \"{0}\" is not another of the programme's rooms")]
    UnknownOverflow(RoomId),
    #[error("speaker \"{0}\" is not in the programme's speakers")]
    UnknownSpeaker(SpeakerId),
    #[error("the duration is {0} minutes; it must be positive")]
    NonPositiveDuration(i64),
    #[error("the link {0:?} is not an http(s) URL and will not be shown")]
    UnsafeLink(String),
    #[error("the image source {0:?} is neither a path under data/ nor an http(s) URL")]
    UnsafeMedia(String),
    #[error("overlaps \"{other}\" in room \"{room}\"")]
    Overlap { other: SessionId, room: RoomId },
    #[error("speaker \"{speaker}\" is also in \"{other}\" at the same time")]
    SpeakerDoubleBooked {
        speaker: SpeakerId,
        other: SessionId,
    },
    #[error("starts at {start}, but the venue's offset at that instant is {expected}")]
    OffsetMismatch {
        start: DateTime<FixedOffset>,
        expected: FixedOffset,
    },
    #[error("the {field} holds raw HTML, which screens show as plain text")]
    RawHtml { field: &'static str },
    #[error("the title is empty")]
    EmptyTitle,
    #[error("the colour {0:?} is not of the form #rrggbb")]
    BadColour(String),
    #[error("starts on {0}, which is not one of the conference days")]
    OutsideDays(chrono::NaiveDate),
    #[error("follows the previous session, but is the first in its room")]
    NothingToFollow,
    #[error("its start {from} did not match the running order; it now starts at {to}")]
    Reflowed {
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    },
    #[error("{0}")]
    UnrecognisedMarkup(String),
    #[error("the speaker link #{0} points at no person on the page")]
    DanglingSpeakerAnchor(String),
    #[error("{0}")]
    SourceNote(String),
    #[error("{0}")]
    TimeZone(String),
    #[error(
        "the schedule writes its times without a UTC offset and names no time zone that Marquee knows; the times are taken as written, in UTC"
    )]
    TimesAsWritten,
    #[error("{}", no_room(*events, field, room))]
    NoRoom {
        events: usize,
        /// What the source leaves out, e.g. `LOCATION`.
        field: &'static str,
        room: &'static str,
    },
    #[error("{}", not_utf8(*other_lines))]
    NotUtf8 { other_lines: usize },
    #[error("the delay starts from session \"{0}\", which is not in the programme; it is ignored")]
    UnknownDelaySession(SessionId),
    #[error("room \"{0}\" has more than one delay; only the last counts")]
    SecondDelay(RoomId),
    #[error(
        "the file is format version {from}; it was read as version {FORMAT_VERSION}, which adds announcements, sponsors, the emergency message and the day's marks of what changed, and nothing in it changed"
    )]
    Migrated { from: u32 },
    #[error("it is meant for the screens of room \"{0}\", which is not in the programme's rooms")]
    AnnouncementRoom(RoomId),
    #[error("it ends at {until}, before it begins at {from}, so it is never shown")]
    EndsBeforeItBegins {
        from: DateTime<FixedOffset>,
        until: DateTime<FixedOffset>,
    },
    #[error(
        "it is shown every {0} rotations, but screens show it at least every {MOST_ROTATIONS_APART}"
    )]
    RotationsApart(u32),
    #[error("the name is empty")]
    EmptyName,
}

fn no_room(events: usize, field: &str, room: &str) -> String {
    match events {
        1 => format!("an event has no {field}; it is kept in a room called {room:?}"),
        _ => format!("{events} events have no {field}; they are kept in a room called {room:?}"),
    }
}

fn not_utf8(other_lines: usize) -> String {
    let also = match other_lines {
        0 => String::new(),
        1 => " (so is 1 more line)".to_owned(),
        more => format!(" (so are {more} more lines)"),
    };
    format!("the line is not valid UTF-8{also}; what cannot be read is shown as \u{FFFD}")
}

impl ProblemKind {
    pub fn severity(&self) -> Severity {
        use ProblemKind::*;
        match self {
            DuplicateId { .. }
            | UnknownRoom(_)
            | UnknownOverflow(_)
            | UnknownSpeaker(_)
            | NonPositiveDuration(_)
            | UnsafeLink(_)
            | UnsafeMedia(_) => Severity::Error,
            Overlap { .. }
            | SpeakerDoubleBooked { .. }
            | OffsetMismatch { .. }
            | RawHtml { .. }
            | EmptyTitle
            | BadColour(_)
            | OutsideDays(_)
            | NothingToFollow
            | Reflowed { .. }
            | UnrecognisedMarkup(_)
            | DanglingSpeakerAnchor(_)
            | SourceNote(_)
            | TimeZone(_)
            | TimesAsWritten
            | NoRoom { .. }
            | NotUtf8 { .. }
            | UnknownDelaySession(_)
            | SecondDelay(_)
            | Migrated { .. }
            | AnnouncementRoom(_)
            | EndsBeforeItBegins { .. }
            | RotationsApart(_)
            | EmptyName => Severity::Warning,
        }
    }

    /// What the organiser can do about it.
    pub fn fix(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            DuplicateId { .. } => "give each one its own id",
            UnknownRoom(_) => "add the room to \"rooms\" or correct the session's \"room\"",
            UnknownOverflow(_) => "give the id of another room in \"overflow\", or remove it",
            UnknownSpeaker(_) => {
                "add the person to \"speakers\" or correct the session's \"speakers\""
            }
            NonPositiveDuration(_) => "set \"duration_minutes\" to the session's length",
            UnsafeLink(_) => "use an address that starts with https:// or http://",
            UnsafeMedia(_) => "use a path such as data/photos/NAME.jpg or an https:// URL",
            Overlap { .. } => "move one of the sessions or shorten the earlier one",
            SpeakerDoubleBooked { .. } => "move one of the sessions or correct its speakers",
            OffsetMismatch { .. } => {
                "write the start with the venue's offset, or correct the conference's timezone"
            }
            RawHtml { .. } => "write the text as plain text or Markdown",
            EmptyTitle => "give it a title",
            BadColour(_) => "write the colour as #rrggbb, e.g. #ff6600",
            OutsideDays(_) => "add the date to the conference's \"days\" or move the session",
            NothingToFollow => {
                "pin the session (placement mode \"pinned\") or move it after another"
            }
            Reflowed { .. } => "save the programme again to store the derived time",
            UnrecognisedMarkup(_) => "check that nothing on the page was meant to be imported here",
            DanglingSpeakerAnchor(_) => "add the person under Speakers or correct the link",
            SourceNote(_) => {
                "correct this place in the source and import it again; the rest was imported"
            }
            TimeZone(_) => "name the venue's IANA time zone in the source, e.g. Europe/Berlin",
            TimesAsWritten => {
                "import again with the venue's time zone, e.g. --timezone Europe/Brussels, or name it in the source (<time_zone_name> in frab XML, X-WR-TIMEZONE in iCalendar)"
            }
            NoRoom { .. } => {
                "give the events their room in the source and import again, or rename the room in the programme"
            }
            NotUtf8 { .. } => "save the source as UTF-8, or export it again",
            UnknownDelaySession(_) => {
                "remove the delay, or say again from the chair's view how the room runs"
            }
            SecondDelay(_) => "keep one delay per room in \"delays\"",
            Migrated { .. } => "save the programme to write it as the current version",
            AnnouncementRoom(_) => {
                "correct the room's id or remove it from the announcement's \"rooms\""
            }
            EndsBeforeItBegins { .. } => "correct \"from\" or \"until\"",
            RotationsApart(_) => "give \"every\" a value from 1 to 6",
            EmptyName => "give the sponsor a name",
        }
    }
}

/// One problem with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(location: Location, kind: ProblemKind) -> Self {
        Self { location, kind }
    }

    pub fn at_line(line: usize, kind: ProblemKind) -> Self {
        Self::new(Location::Line(line), kind)
    }

    pub fn at_path(path: impl Into<String>, kind: ProblemKind) -> Self {
        Self::new(Location::Path(path.into()), kind)
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// `FILE: LOCATION: SEVERITY: MESSAGE (fix: ...)`, the form the CLI prints.
    pub fn report(&self, file: &str) -> String {
        format!(
            "{file}: {}: {}: {} (fix: {})",
            self.location,
            self.severity(),
            self.kind,
            self.kind.fix()
        )
    }
}
