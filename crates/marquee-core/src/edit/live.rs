//! The chair's operations, at the hub's clock: a room running late or
//! early, a session started or ended now, and a delay made the plan. A
//! delay is kept in the programme anchored to a session, so it stays with
//! that session through edits and imports; a room has at most one.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use super::operation::Refusal;
use super::stage::of_rooms;
use crate::model::{Delay, Placement, Programme, RoomId, SessionId};
use crate::timeline::{Slot, Timetable};
use crate::timing::reflow;

/// The most a room can run late or early.
const MOST_MINUTES: i64 = 24 * 60;

/// `room` runs `minutes` late from `session`, or else from the session on
/// there at `now` (the next one when none is).
pub(super) fn late(
    p: &mut Programme,
    room: &RoomId,
    minutes: i64,
    session: Option<&SessionId>,
    started_minutes: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    in_range(minutes)?;
    started_minutes.map(in_range).transpose()?;
    if p.room(room).is_none() {
        return Err(Refusal::UnknownRoom(room.clone()));
    }
    let (anchor, on_now) = match session {
        Some(id) => {
            let s = find_session(p, id)?;
            if &s.room != room {
                return Err(Refusal::NotInRoom {
                    session: id.clone(),
                    room: room.clone(),
                });
            }
            (id.clone(), true)
        }
        None => {
            let slots = as_run(p, room);
            let t = now.timestamp();
            let running = slots.iter().rfind(|s| s.start <= t && t < s.end);
            let upcoming = || slots.iter().find(|s| s.start > t);
            match (running, running.is_none().then(upcoming).flatten()) {
                (Some(slot), _) => (p.sessions[slot.session].id.clone(), true),
                (None, Some(slot)) => (p.sessions[slot.session].id.clone(), false),
                (None, None) => return Err(Refusal::NothingInRoom(room.clone())),
            }
        }
    };
    // A session already on keeps the start it had; one still to come
    // starts as late as the room runs.
    let started = match started_minutes {
        Some(started) => started,
        None if on_now => started_offset(p, room, &anchor),
        None => minutes,
    };
    set_delay(p, room, &anchor, started, minutes);
    Ok(())
}

/// `incoming`, the programme taken again from its source, with what chairs
/// said on `current` kept: each delay whose session it still has, and each
/// session called off since `last_taken`, the source's version before. What
/// organisers put on screens beside the talks stays too when the source has
/// none of it (a schedule from pretalx has no announcements), and the
/// emergency message always does: only clearing it takes it off. So does
/// what chairs and door volunteers said of the rooms it still has.
pub fn carry_live(
    last_taken: Option<&Programme>,
    current: &Programme,
    mut incoming: Programme,
) -> Programme {
    let has = |p: &Programme, id: &SessionId| p.sessions.iter().any(|s| &s.id == id);
    if incoming.delays.is_empty() {
        incoming.delays = current
            .delays
            .iter()
            .filter(|d| has(&incoming, &d.session))
            .cloned()
            .collect();
    }
    if incoming.announcements.is_empty() {
        incoming.announcements = current.announcements.clone();
    }
    if incoming.sponsors.is_empty() {
        incoming.sponsors = current.sponsors.clone();
    }
    if incoming.emergency.is_none() {
        incoming.emergency = current.emergency.clone();
    }
    // What the organiser set for the stage and for full rooms, which no
    // source carries.
    if incoming.conference.stage.is_default() {
        incoming.conference.stage = current.conference.stage.clone();
    }
    for room in &mut incoming.rooms {
        if let Some(was) = current.room(&room.id) {
            room.stream = room.stream.take().or_else(|| was.stream.clone());
            room.overflow = room.overflow.take().or_else(|| was.overflow.clone());
        }
    }
    // What chairs and volunteers said of the rooms the source still has.
    let rooms = incoming.rooms.iter().map(|r| r.id.clone()).collect();
    if incoming.stage_messages.is_empty() {
        incoming.stage_messages = of_rooms(&current.stage_messages, &rooms);
    }
    if incoming.stage_phases.is_empty() {
        incoming.stage_phases = of_rooms(&current.stage_phases, &rooms);
    }
    if incoming.room_states.is_empty() {
        incoming.room_states = of_rooms(&current.room_states, &rooms);
    }
    if let Some(last) = last_taken {
        let was_cancelled =
            |p: &Programme, id: &SessionId| p.sessions.iter().any(|s| &s.id == id && s.cancelled);
        for session in &mut incoming.sessions {
            if was_cancelled(current, &session.id) && !was_cancelled(last, &session.id) {
                Arc::make_mut(session).cancelled = true;
            }
        }
    }
    incoming
}

/// `room` runs to its plan again.
pub(super) fn on_time(p: &mut Programme, room: &RoomId) -> Result<(), Refusal> {
    if p.room(room).is_none() {
        return Err(Refusal::UnknownRoom(room.clone()));
    }
    let sessions = &p.sessions;
    p.delays.retain(|d| {
        !sessions
            .iter()
            .any(|s| s.id == d.session && &s.room == room)
    });
    Ok(())
}

/// `id` started at `now`.
pub(super) fn started(
    p: &mut Programme,
    id: &SessionId,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let s = live_session(p, id)?;
    let started = minutes_between(s.start.with_timezone(&Utc), now);
    in_range(started)?;
    let room = s.room.clone();
    set_delay(p, &room, id, started, started);
    Ok(())
}

/// `id` ended at `now`.
pub(super) fn ended(p: &mut Programme, id: &SessionId, now: DateTime<Utc>) -> Result<(), Refusal> {
    let s = live_session(p, id)?;
    let minutes = minutes_between(s.end().with_timezone(&Utc), now);
    in_range(minutes)?;
    let room = s.room.clone();
    let started = started_offset(p, &room, id);
    set_delay(p, &room, id, started, minutes);
    Ok(())
}

/// Rewrites `room`'s sessions to the times they run at and drops its delay:
/// a session whose start no longer follows from the one before is pinned
/// there, and a break the delay shortened keeps its shorter length.
pub(super) fn apply_delay(p: &mut Programme, room: &RoomId) -> Result<(), Refusal> {
    if p.room(room).is_none() {
        return Err(Refusal::UnknownRoom(room.clone()));
    }
    let runs: Vec<(usize, i64, i64)> = as_run(p, room)
        .iter()
        .map(|slot| (slot.session, slot.start, slot.end))
        .collect();
    on_time(p, room)?;
    let zone = p.conference.timezone;
    for (i, start, end) in runs {
        reflow(p);
        let s = Arc::make_mut(&mut p.sessions[i]);
        if s.start.timestamp() != start {
            s.placement = Placement::Pinned;
            s.start = zone
                .timestamp_opt(start, 0)
                .single()
                .expect("a slot's start is in range")
                .fixed_offset();
        }
        let minutes = (end - start) / 60;
        if minutes > 0 {
            s.duration_minutes = minutes;
        }
    }
    Ok(())
}

/// `room`'s sessions as they run now, delays included.
fn as_run(p: &Programme, room: &RoomId) -> Vec<Slot> {
    Timetable::new(p, std::slice::from_ref(room))
        .lines
        .into_iter()
        .next()
        .map(|line| line.slots)
        .unwrap_or_default()
}

/// How late (in minutes) session `id` starts as `room` runs now.
fn started_offset(p: &Programme, room: &RoomId, id: &SessionId) -> i64 {
    as_run(p, room)
        .iter()
        .find(|slot| &p.sessions[slot.session].id == id)
        .map_or(0, |slot| {
            (slot.start - p.sessions[slot.session].start.timestamp()) / 60
        })
}

/// Replaces `room`'s delay; a delay of nothing at all is none.
fn set_delay(p: &mut Programme, room: &RoomId, anchor: &SessionId, started: i64, minutes: i64) {
    let _ = on_time(p, room);
    if started != 0 || minutes != 0 {
        p.delays.push(Delay {
            session: anchor.clone(),
            started_minutes: started,
            minutes,
        });
        p.delays.sort_by(|a, b| a.session.cmp(&b.session));
    }
}

fn find_session<'a>(
    p: &'a Programme,
    id: &SessionId,
) -> Result<&'a crate::model::Session, Refusal> {
    p.sessions
        .iter()
        .find(|s| &s.id == id)
        .map(|s| &**s)
        .ok_or_else(|| Refusal::UnknownSession(id.clone()))
}

fn live_session<'a>(
    p: &'a Programme,
    id: &SessionId,
) -> Result<&'a crate::model::Session, Refusal> {
    let s = find_session(p, id)?;
    if s.cancelled {
        return Err(Refusal::IsCancelled(id.clone()));
    }
    Ok(s)
}

/// Whole minutes from `from` to `to`, to the nearest.
fn minutes_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    ((to - from).num_seconds() as f64 / 60.0).round() as i64
}

fn in_range(minutes: i64) -> Result<(), Refusal> {
    if minutes.abs() > MOST_MINUTES {
        return Err(Refusal::DelayOutOfRange(minutes));
    }
    Ok(())
}
