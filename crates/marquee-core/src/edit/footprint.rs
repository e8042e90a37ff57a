//! What a change touched, found by comparing the programme before and after
//! it, so two changes made on the same revision can be told apart: they
//! conflict when they touched the same session, speaker, room or running order.
//! A session moved within its room's order is touched too. The start of a
//! session that follows another is derived, not touched: a move in a room
//! does not conflict with a new title later in that room.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::restore::longest_increasing;
use crate::model::{
    AnnouncementId, Placement, Programme, RoomId, Session, SessionId, SpeakerId, SponsorId,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footprint {
    sessions: BTreeSet<SessionId>,
    orders: BTreeSet<RoomId>,
    speakers: BTreeSet<SpeakerId>,
    rooms: BTreeSet<RoomId>,
    /// Rooms whose delay changed.
    delays: BTreeSet<RoomId>,
    announcements: BTreeSet<AnnouncementId>,
    sponsors: BTreeSet<SponsorId>,
    emergency: bool,
    conference: bool,
}

/// Something two changes both touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "what", content = "id", rename_all = "kebab-case")]
pub enum Conflict {
    #[error("session \"{0}\" was changed by someone else meanwhile")]
    Session(SessionId),
    #[error("the running order of room \"{0}\" was changed by someone else meanwhile")]
    RunningOrder(RoomId),
    #[error("speaker \"{0}\" was changed by someone else meanwhile")]
    Speaker(SpeakerId),
    #[error("room \"{0}\" was changed by someone else meanwhile")]
    Room(RoomId),
    #[error("the delay of room \"{0}\" was changed by someone else meanwhile")]
    Delay(RoomId),
    #[error("announcement \"{0}\" was changed by someone else meanwhile")]
    Announcement(AnnouncementId),
    #[error("sponsor \"{0}\" was changed by someone else meanwhile")]
    Sponsor(SponsorId),
    #[error("the emergency message was changed by someone else meanwhile")]
    Emergency,
    #[error("the conference's details were changed by someone else meanwhile")]
    Conference,
}

/// Everything that differs between `before` and `after`.
pub fn footprint(before: &Programme, after: &Programme) -> Footprint {
    let (orders, moved) = changed_orders(before, after);
    let mut sessions = changed(&before.sessions, &after.sessions, |s| &s.id, same_session);
    sessions.extend(moved);
    Footprint {
        sessions,
        orders,
        speakers: changed(&before.speakers, &after.speakers, |s| &s.id, PartialEq::eq),
        rooms: changed(&before.rooms, &after.rooms, |r| &r.id, PartialEq::eq),
        delays: {
            let (old, new) = (before.delays_by_room(), after.delays_by_room());
            old.keys()
                .chain(new.keys())
                .filter(|room| old.get(*room) != new.get(*room))
                .cloned()
                .collect()
        },
        announcements: changed(
            &before.announcements,
            &after.announcements,
            |a| &a.id,
            PartialEq::eq,
        ),
        sponsors: changed(&before.sponsors, &after.sponsors, |s| &s.id, PartialEq::eq),
        emergency: before.emergency != after.emergency,
        conference: before.conference != after.conference || before.format != after.format,
    }
}

impl Footprint {
    /// What both footprints touched.
    pub fn conflicts(&self, other: &Footprint) -> Vec<Conflict> {
        let mut conflicts: Vec<Conflict> = Vec::new();
        conflicts.extend(
            self.sessions
                .intersection(&other.sessions)
                .cloned()
                .map(Conflict::Session),
        );
        conflicts.extend(
            self.orders
                .intersection(&other.orders)
                .cloned()
                .map(Conflict::RunningOrder),
        );
        conflicts.extend(
            self.speakers
                .intersection(&other.speakers)
                .cloned()
                .map(Conflict::Speaker),
        );
        conflicts.extend(
            self.rooms
                .intersection(&other.rooms)
                .cloned()
                .map(Conflict::Room),
        );
        conflicts.extend(
            self.delays
                .intersection(&other.delays)
                .cloned()
                .map(Conflict::Delay),
        );
        conflicts.extend(
            self.announcements
                .intersection(&other.announcements)
                .cloned()
                .map(Conflict::Announcement),
        );
        conflicts.extend(
            self.sponsors
                .intersection(&other.sponsors)
                .cloned()
                .map(Conflict::Sponsor),
        );
        if self.emergency && other.emergency {
            conflicts.push(Conflict::Emergency);
        }
        if self.conference && other.conference {
            conflicts.push(Conflict::Conference);
        }
        conflicts
    }
}

fn same_session(a: &std::sync::Arc<Session>, b: &std::sync::Arc<Session>) -> bool {
    let derived = |s: &Session| matches!(s.placement, Placement::Follows { .. });
    if std::sync::Arc::ptr_eq(a, b) {
        true
    } else if derived(a) && derived(b) {
        Session {
            start: b.start,
            ..Session::clone(a)
        } == **b
    } else {
        a == b
    }
}

fn changed<T, Id: Ord + Clone>(
    before: &[T],
    after: &[T],
    id: impl Fn(&T) -> &Id,
    same: impl Fn(&T, &T) -> bool,
) -> BTreeSet<Id> {
    let old: BTreeMap<&Id, &T> = before.iter().map(|x| (id(x), x)).collect();
    let new: BTreeMap<&Id, &T> = after.iter().map(|x| (id(x), x)).collect();
    let mut ids: BTreeSet<Id> = BTreeSet::new();
    for (key, x) in &old {
        if new.get(key).is_none_or(|y| !same(x, y)) {
            ids.insert((*key).clone());
        }
    }
    ids.extend(
        new.keys()
            .filter(|k| !old.contains_key(*k))
            .map(|k| (*k).clone()),
    );
    ids
}

/// The rooms whose running order changed, and the sessions that moved in
/// them: all but the longest run that kept its order.
fn changed_orders(
    before: &Programme,
    after: &Programme,
) -> (BTreeSet<RoomId>, BTreeSet<SessionId>) {
    let orders = |p: &Programme| {
        let mut orders: BTreeMap<RoomId, Vec<SessionId>> = BTreeMap::new();
        for s in &p.sessions {
            orders.entry(s.room.clone()).or_default().push(s.id.clone());
        }
        orders
    };
    let (old, new) = (orders(before), orders(after));
    let rooms: BTreeSet<RoomId> = old
        .keys()
        .chain(new.keys())
        .filter(|room| old.get(*room) != new.get(*room))
        .cloned()
        .collect();
    let mut moved = BTreeSet::new();
    for room in &rooms {
        let (Some(was), Some(is)) = (old.get(room), new.get(room)) else {
            continue;
        };
        let at: BTreeMap<&SessionId, usize> =
            is.iter().enumerate().map(|(i, id)| (id, i)).collect();
        let pairs: Vec<(usize, usize)> = was
            .iter()
            .enumerate()
            .filter_map(|(b, id)| Some((b, *at.get(id)?)))
            .collect();
        let kept: BTreeSet<usize> = longest_increasing(&pairs)
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        moved.extend(
            pairs
                .iter()
                .filter(|(b, _)| !kept.contains(b))
                .map(|(b, _)| was[*b].clone()),
        );
    }
    (rooms, moved)
}
