//! What can go wrong in the hub, each with its fix: the refusals of its
//! rules, and the failures of what keeps it.

use std::path::PathBuf;

use marquee_core::edit::{Conflict, RebaseError, Refused};
use marquee_core::model::RoomId;

use crate::store::RevisionNumber;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(
        "this change needs the organiser's token (fix: send it as `Authorization: Bearer TOKEN`)"
    )]
    Unauthorized,
    #[error(
        "a chair's token for room \"{room}\" can only say how that room runs: started, ended, running late, on time, cancelled (fix: use the link for the right room, or the organiser's token)"
    )]
    Forbidden { room: RoomId },
    #[error(
        "say which revision this change is based on (fix: send `If-Match` with the ETag of the programme it was made from)"
    )]
    BaseMissing,
    #[error(
        "the programme changed meanwhile: it is at revision {current}, this change was made on {base} (fix: fetch it again and redo the change)"
    )]
    Stale {
        base: RevisionNumber,
        current: RevisionNumber,
    },
    #[error("{0}")]
    Unreadable(#[from] marquee_core::ImportError),
    #[error("the hub has no programme yet (fix: start it with a programme, or PUT one)")]
    Empty,
    #[error("{}: cannot write it: {source} (fix: check that its folder is writable)", path.display())]
    WriteBack {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("a version needs a name (fix: e.g. \"Friday morning\" or \"v3\")")]
    Unnamed,
    #[error("there is no screen \"{0}\" (fix: pick one of the screens that reported)")]
    UnknownScreen(String),
    #[error(
        "this screen is not enrolled, or its token was revoked (fix: in the editor's Screens panel, add a screen, then start it with `marquee kiosk --enrol CODE`)"
    )]
    UnknownScreenToken,
    #[error(
        "this screen's token is screen \"{enrolled}\"'s, not \"{named}\"'s (fix: start it with --name {enrolled}, or enrol it again under its new name)"
    )]
    NotThisScreen { enrolled: String, named: String },
    #[error(
        "that enrolment code is unknown, used or expired (fix: add the screen again in the editor's Screens panel and use the new code within the hour)"
    )]
    UnknownEnrolmentCode,
    #[error(
        "the programme has no room \"{0}\" (fix: give a room's id, as the editor's Chairs panel lists them)"
    )]
    UnknownRoom(RoomId),
    #[error("a screen needs a name of 1 to 100 characters (fix: start it with --name NAME)")]
    BadScreenName,
    #[error(
        "{0} enrolment codes are open already (fix: use them, or wait an hour for them to expire)"
    )]
    TooManyCodes(u64),
    #[error("the hub keeps {0} screens at most (fix: remove screens no longer used)")]
    TooManyScreens(u64),
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("{}", conflict_list(.0))]
    Conflicts(Vec<Conflict>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Token(#[from] TokenError),
}

fn conflict_list(conflicts: &[Conflict]) -> String {
    RebaseError::Conflicts(conflicts.to_vec()).to_string()
}

/// Why what keeps the hub failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the hub's database: {0}")]
    Database(Box<dyn std::error::Error + Send + Sync>),
    #[error(
        "the hub's database was made by a newer Marquee (schema {found}, this one knows {known}) \
         (fix: run the newer Marquee, or start this one on another --data folder)"
    )]
    Newer { found: i64, known: i64 },
    #[error("revision {revision} in the hub's database cannot be read: {source}")]
    Unreadable {
        revision: RevisionNumber,
        source: marquee_core::format::FormatError,
    },
}

/// Why the organiser's token cannot be kept or made.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("{}: cannot keep the organiser's token there: {source} (fix: check the --data folder and its permissions)", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the system's random source failed: {0}")]
    Random(String),
    #[error(
        "the organiser's token comes from MARQUEE_TOKEN (fix: change it there, and start the hub again)"
    )]
    FromEnvironment,
}
