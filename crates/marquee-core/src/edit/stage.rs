//! What a room's chair says to its stage and a door volunteer of its
//! state, at the hub's clock: the message on the speaker's monitor, the
//! talk's phase and how full the room is. Only what differs from the
//! default is kept, so clearing a message, going back to the talk and a
//! free room each take the room's entry away.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, Utc};

use super::operation::Refusal;
use crate::model::{
    Occupancy, Phase, Programme, Room, RoomId, RoomState, StageMessage, StagePhase,
};
use crate::safety::is_web_url;

/// The longest message a speaker is asked to read mid-talk.
const MOST_CHARACTERS: usize = 140;

/// How far back an undo may put what was said: a conference day and more.
const MOST_BACK: chrono::TimeDelta = chrono::TimeDelta::days(2);

/// The instant an operation takes effect: `since` when given (an undo
/// putting back what was said, so never later than now nor days before),
/// else `now`, in the venue's offset.
fn at(
    p: &Programme,
    since: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Result<DateTime<FixedOffset>, Refusal> {
    let when = since.map_or(now, |s| s.to_utc());
    if when > now || now - when > MOST_BACK {
        return Err(Refusal::SinceOutOfRange(when.to_rfc3339()));
    }
    Ok(when.with_timezone(&p.conference.timezone).fixed_offset())
}

fn known(p: &Programme, room: &RoomId) -> Result<(), Refusal> {
    match p.room(room) {
        Some(_) => Ok(()),
        None => Err(Refusal::UnknownRoom(room.clone())),
    }
}

/// A room's stream is a web address and its overflow another room.
pub(super) fn check_room(p: &Programme, room: &Room) -> Result<(), Refusal> {
    if let Some(stream) = &room.stream
        && !is_web_url(stream)
    {
        return Err(Refusal::NotAWebLink(stream.clone()));
    }
    match &room.overflow {
        Some(overflow) if overflow == &room.id || p.room(overflow).is_none() => {
            Err(Refusal::UnknownRoom(overflow.clone()))
        }
        _ => Ok(()),
    }
}

pub(super) fn message(
    p: &mut Programme,
    room: &RoomId,
    text: &str,
    flash: bool,
    since: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    known(p, room)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Refusal::EmptyStageMessage);
    }
    let len = text.chars().count();
    if len > MOST_CHARACTERS {
        return Err(Refusal::StageMessageTooLong {
            len,
            most: MOST_CHARACTERS,
        });
    }
    let said = StageMessage {
        room: room.clone(),
        text: text.to_owned(),
        flash,
        since: at(p, since, now)?,
    };
    say(&mut p.stage_messages, room, Some(said));
    Ok(())
}

pub(super) fn clear_message(p: &mut Programme, room: &RoomId) -> Result<(), Refusal> {
    known(p, room)?;
    say(&mut p.stage_messages, room, None);
    Ok(())
}

pub(super) fn phase(
    p: &mut Programme,
    room: &RoomId,
    phase: Phase,
    since: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    known(p, room)?;
    let since = at(p, since, now)?;
    let said = (phase != Phase::Talk).then(|| StagePhase {
        room: room.clone(),
        phase,
        since,
    });
    say(&mut p.stage_phases, room, said);
    Ok(())
}

pub(super) fn room_state(
    p: &mut Programme,
    room: &RoomId,
    state: Occupancy,
    since: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    known(p, room)?;
    let since = at(p, since, now)?;
    let said = (state != Occupancy::Free).then(|| RoomState {
        room: room.clone(),
        state,
        since,
    });
    say(&mut p.room_states, room, said);
    Ok(())
}

/// Something said of one room, kept one a room, in the rooms' order.
pub(crate) trait OfRoom {
    fn room(&self) -> &RoomId;
}

impl OfRoom for StageMessage {
    fn room(&self) -> &RoomId {
        &self.room
    }
}

impl OfRoom for StagePhase {
    fn room(&self) -> &RoomId {
        &self.room
    }
}

impl OfRoom for RoomState {
    fn room(&self) -> &RoomId {
        &self.room
    }
}

/// Puts `said` in place of what `list` held for `room`, or nothing.
fn say<T: OfRoom>(list: &mut Vec<T>, room: &RoomId, said: Option<T>) {
    list.retain(|x| x.room() != room);
    list.extend(said);
    list.sort_by(|a, b| a.room().cmp(b.room()));
}

/// What `list` holds of the rooms in `rooms`.
pub(crate) fn of_rooms<T: OfRoom + Clone>(list: &[T], rooms: &BTreeSet<RoomId>) -> Vec<T> {
    list.iter()
        .filter(|x| rooms.contains(x.room()))
        .cloned()
        .collect()
}

/// Drops what is said of rooms the programme no longer has, and overflow
/// rooms it no longer has.
pub(super) fn forget_gone_rooms(p: &mut Programme) {
    let rooms: BTreeSet<RoomId> = p.rooms.iter().map(|r| r.id.clone()).collect();
    for room in &mut p.rooms {
        if room.overflow.as_ref().is_some_and(|o| !rooms.contains(o)) {
            room.overflow = None;
        }
    }
    p.stage_messages = of_rooms(&p.stage_messages, &rooms);
    p.stage_phases = of_rooms(&p.stage_phases, &rooms);
    p.room_states = of_rooms(&p.room_states, &rooms);
}
