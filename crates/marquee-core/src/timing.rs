//! Derives the start of every flowing session from its room's running order.
//!
//! A pinned session keeps its own start; a session that follows starts when the
//! previous session in the same room ends, plus its gap. Editors reorder sessions
//! and call [`reflow`]; every start then agrees with the order again.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::model::{Placement, Programme, RoomId, Session};

/// Something [`reflow`] changed or could not do, by index into `sessions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowNote {
    /// The stored start disagreed with the running order and was replaced.
    Moved {
        index: usize,
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    },
    /// The session follows, but nothing comes before it in its room; its
    /// stored start is kept as if it were pinned.
    NothingToFollow { index: usize },
}

/// Rewrites the start of each following session; returns what changed.
pub fn reflow(programme: &mut Programme) -> Vec<FlowNote> {
    let zone = programme.conference.timezone;
    let mut previous_end: HashMap<&RoomId, DateTime<FixedOffset>> = HashMap::new();
    let mut notes = Vec::new();
    for (index, session) in programme.sessions.iter_mut().enumerate() {
        if let Placement::Follows { gap_minutes } = session.placement {
            match previous_end.get(&session.room) {
                Some(end) => {
                    let derived = (*end + TimeDelta::minutes(gap_minutes))
                        .with_timezone(&zone)
                        .fixed_offset();
                    if derived != session.start || derived.offset() != session.start.offset() {
                        notes.push(FlowNote::Moved {
                            index,
                            from: session.start,
                            to: derived,
                        });
                        Arc::make_mut(session).start = derived;
                    }
                }
                None => notes.push(FlowNote::NothingToFollow { index }),
            }
        }
        // Done with changing it, the session lends its room as the key.
        let session: &Arc<Session> = session;
        previous_end.insert(&session.room, session.end());
    }
    notes
}
