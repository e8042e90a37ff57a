//! What changed for visitors between two published versions of a programme,
//! in the words a printed programme's reader needs: a session moved to
//! another room, given a new time, cancelled or restored, added or removed;
//! and, folded session by session, what screens mark since the day began.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{ChangedSession, ChangedToday, Programme, RoomId, Session, SessionId};

/// One change a visitor would notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    Added {
        session: SessionId,
        title: String,
    },
    Removed {
        session: SessionId,
        title: String,
    },
    Moved {
        session: SessionId,
        title: String,
        from: RoomId,
        to: RoomId,
    },
    NewTime {
        session: SessionId,
        title: String,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        from: DateTime<FixedOffset>,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        to: DateTime<FixedOffset>,
    },
    Cancelled {
        session: SessionId,
        title: String,
    },
    Restored {
        session: SessionId,
        title: String,
    },
}

/// The changes from `before` to `after`, session by session in `after`'s
/// order, then the sessions removed.
pub fn changelog(before: &Programme, after: &Programme) -> Vec<Change> {
    let mut changes = Vec::new();
    let old_by_id: HashMap<&SessionId, &Session> =
        before.sessions.iter().map(|s| (&s.id, &**s)).collect();
    let new_ids: HashSet<&SessionId> = after.sessions.iter().map(|s| &s.id).collect();
    for session in &after.sessions {
        let Some(old) = old_by_id.get(&session.id).copied() else {
            let (id, title) = (session.id.clone(), session.title.clone());
            changes.push(Change::Added { session: id, title });
            continue;
        };
        // Shared with the version before: nothing in it changed.
        if std::ptr::eq(old, &**session) {
            continue;
        }
        let (id, title) = (session.id.clone(), session.title.clone());
        if old.room != session.room {
            changes.push(Change::Moved {
                session: id.clone(),
                title: title.clone(),
                from: old.room.clone(),
                to: session.room.clone(),
            });
        }
        if old.start != session.start {
            changes.push(Change::NewTime {
                session: id.clone(),
                title: title.clone(),
                from: old.start,
                to: session.start,
            });
        }
        match (old.cancelled, session.cancelled) {
            (false, true) => changes.push(Change::Cancelled { session: id, title }),
            (true, false) => changes.push(Change::Restored { session: id, title }),
            _ => {}
        }
    }
    for old in &before.sessions {
        if !new_ids.contains(&old.id) {
            changes.push(Change::Removed {
                session: old.id.clone(),
                title: old.title.clone(),
            });
        }
    }
    changes
}

/// What screens mark on the conference day `day` when the day began with
/// `before` and the programme is now `after`: each session that moved, has a
/// new time or was cancelled, with how it was. Added, removed and restored
/// sessions are not marked: the first two are not on anyone's printed page as
/// they are now, and a restored one is back where it was printed.
pub fn changed_today(before: &Programme, after: &Programme, day: NaiveDate) -> ChangedToday {
    let mut sessions: Vec<ChangedSession> = Vec::new();
    for change in changelog(before, after) {
        let (Change::Moved { session, .. }
        | Change::NewTime { session, .. }
        | Change::Cancelled { session, .. }) = &change
        else {
            continue;
        };
        let index = match sessions.iter().position(|m| &m.session == session) {
            Some(index) => index,
            None => {
                sessions.push(ChangedSession {
                    session: session.clone(),
                    room_was: None,
                    start_was: None,
                    cancelled: false,
                });
                sessions.len() - 1
            }
        };
        let mark = &mut sessions[index];
        match change {
            Change::Moved { from, .. } => mark.room_was = Some(from),
            Change::NewTime { from, .. } => mark.start_was = Some(from),
            _ => mark.cancelled = true,
        }
    }
    ChangedToday { day, sessions }
}
