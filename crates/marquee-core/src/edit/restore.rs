//! The inverse of any change, found by comparing the programme before and
//! after it: the operations that bring back every session, speaker and room
//! (and announcement and sponsor) as it was and where it was. Items are placed after their neighbour by id,
//! not by position, so an undo still lands right when others have edited
//! other parts of the programme since.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use super::operation::Operation;
use crate::model::{Occupancy, Phase, Programme, RoomId, Session};

/// The operations that turn `after` back into `before`.
pub(super) fn inverse(before: &Programme, after: &Programme) -> Vec<Operation> {
    let sessions = plan(&before.sessions, &after.sessions, |s| &s.id);
    let speakers = plan(&before.speakers, &after.speakers, |s| &s.id);
    let rooms = plan(&before.rooms, &after.rooms, |r| &r.id);
    // New sessions go first; new speakers and rooms last, once no session
    // put back refers to them.
    let mut operations: Vec<Operation> = sessions
        .deletes
        .into_iter()
        .map(|session| Operation::DeleteSession { session })
        .collect();
    operations.extend(
        rooms
            .puts
            .into_iter()
            .map(|(room, after)| Operation::PutRoom {
                room: room.clone(),
                first: after.is_none(),
                after,
            }),
    );
    operations.extend(
        speakers
            .puts
            .into_iter()
            .map(|(speaker, after)| Operation::PutSpeaker {
                speaker: speaker.clone(),
                first: after.is_none(),
                after,
            }),
    );
    operations.extend(
        sessions
            .puts
            .into_iter()
            .map(|(session, after)| Operation::PutSession {
                session: Box::new(Session::clone(session)),
                first: after.is_none(),
                after,
            }),
    );
    operations.extend(
        speakers
            .deletes
            .into_iter()
            .map(|speaker| Operation::DeleteSpeaker {
                speaker,
                from_sessions: true,
            }),
    );
    operations.extend(rooms.deletes.into_iter().map(|room| Operation::DeleteRoom {
        room,
        sessions: None,
    }));
    operations.extend(delays(before, after));
    operations.extend(beyond_talks(before, after));
    operations.extend(live_rooms(before, after));
    operations
}

/// Puts back what was said of each room's stage and door as `before` had it.
fn live_rooms(before: &Programme, after: &Programme) -> Vec<Operation> {
    let rooms: BTreeSet<&RoomId> = [before, after]
        .iter()
        .flat_map(|p| {
            p.stage_messages
                .iter()
                .map(|m| &m.room)
                .chain(p.stage_phases.iter().map(|s| &s.room))
                .chain(p.room_states.iter().map(|s| &s.room))
        })
        .collect();
    let mut operations = Vec::new();
    for room in rooms.into_iter().filter(|room| before.room(room).is_some()) {
        let message = |p: &Programme| p.stage_messages.iter().find(|m| &m.room == room).cloned();
        if message(before) != message(after) {
            operations.push(match message(before) {
                Some(m) => Operation::StageMessage {
                    room: m.room,
                    text: m.text,
                    flash: m.flash,
                    since: Some(m.since),
                },
                None => Operation::ClearStageMessage { room: room.clone() },
            });
        }
        let phase = |p: &Programme| p.stage_phases.iter().find(|s| &s.room == room).cloned();
        if phase(before) != phase(after) {
            let was = phase(before);
            operations.push(Operation::StagePhase {
                room: room.clone(),
                phase: was.as_ref().map_or(Phase::Talk, |s| s.phase),
                since: was.map(|s| s.since),
            });
        }
        let state = |p: &Programme| p.room_states.iter().find(|s| &s.room == room).cloned();
        if state(before) != state(after) {
            let was = state(before);
            operations.push(Operation::RoomState {
                room: room.clone(),
                state: was.as_ref().map_or(Occupancy::Free, |s| s.state),
                since: was.map(|s| s.since),
            });
        }
    }
    operations
}

/// Puts back the announcements, sponsors and emergency message as `before` had them.
fn beyond_talks(before: &Programme, after: &Programme) -> Vec<Operation> {
    let announcements = plan(&before.announcements, &after.announcements, |a| &a.id);
    let sponsors = plan(&before.sponsors, &after.sponsors, |s| &s.id);
    let mut operations: Vec<Operation> = announcements
        .deletes
        .into_iter()
        .map(|announcement| Operation::DeleteAnnouncement { announcement })
        .collect();
    operations.extend(announcements.puts.into_iter().map(|(announcement, after)| {
        Operation::PutAnnouncement {
            announcement: Box::new(announcement.clone()),
            first: after.is_none(),
            after,
        }
    }));
    operations.extend(
        sponsors
            .deletes
            .into_iter()
            .map(|sponsor| Operation::DeleteSponsor { sponsor }),
    );
    operations.extend(
        sponsors
            .puts
            .into_iter()
            .map(|(sponsor, after)| Operation::PutSponsor {
                sponsor: sponsor.clone(),
                first: after.is_none(),
                after,
            }),
    );
    if before.emergency != after.emergency {
        operations.push(match &before.emergency {
            Some(e) => Operation::Emergency {
                title: e.title.clone(),
                text: e.text.clone(),
                since: Some(e.since),
            },
            None => Operation::ClearEmergency {},
        });
    }
    operations
}

/// Puts back each room's delay as `before` had it, once its sessions are back.
fn delays(before: &Programme, after: &Programme) -> Vec<Operation> {
    let (old, new) = (before.delays_by_room(), after.delays_by_room());
    let rooms: BTreeSet<&RoomId> = old.keys().chain(new.keys()).collect();
    rooms
        .into_iter()
        .filter(|room| old.get(*room) != new.get(*room))
        .map(|room| match old.get(room) {
            Some(delay) => Operation::Late {
                room: room.clone(),
                minutes: delay.minutes,
                session: Some(delay.session.clone()),
                started_minutes: Some(delay.started_minutes),
            },
            None => Operation::OnTime { room: room.clone() },
        })
        .collect()
}

struct Plan<'a, T, Id> {
    /// Ids of `after` that `before` did not have.
    deletes: Vec<Id>,
    /// Items of `before` to put back, in order, each after its neighbour:
    /// placing them in that order rebuilds `before`'s order around the kept ones.
    puts: Vec<(&'a T, Option<Id>)>,
}

/// Keeps the longest run of items unchanged and in the same order, puts
/// back every other item of `before`, and deletes what `before` lacked.
fn plan<'a, T: PartialEq, Id: Clone + Eq + Hash>(
    before: &'a [T],
    after: &[T],
    id: impl Fn(&T) -> &Id,
) -> Plan<'a, T, Id> {
    let positions: HashMap<&Id, usize> =
        after.iter().enumerate().map(|(i, x)| (id(x), i)).collect();
    let unchanged: Vec<(usize, usize)> = before
        .iter()
        .enumerate()
        .filter_map(|(b, x)| {
            let a = *positions.get(id(x))?;
            (after[a] == *x).then_some((b, a))
        })
        .collect();
    let kept: HashSet<usize> = longest_increasing(&unchanged)
        .into_iter()
        .map(|(b, _)| b)
        .collect();
    let old: HashSet<&Id> = before.iter().map(&id).collect();
    let deletes = after
        .iter()
        .map(&id)
        .filter(|x| !old.contains(x))
        .cloned()
        .collect();
    let puts = before
        .iter()
        .enumerate()
        .filter(|(b, _)| !kept.contains(b))
        .map(|(b, x)| (x, b.checked_sub(1).map(|p| id(&before[p]).clone())))
        .collect();
    Plan { deletes, puts }
}

/// The longest subsequence of `pairs` (sorted by `.0`) increasing in `.1`.
pub(super) fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Patience sorting: `tails[k]` ends the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, value)) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < value);
        previous[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        run.push(pairs[i]);
        at = previous[i];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_run_in_order_is_kept() {
        let pairs = [(0, 3), (1, 0), (2, 1), (3, 4), (4, 2)];
        assert_eq!(longest_increasing(&pairs), vec![(1, 0), (2, 1), (4, 2)]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
