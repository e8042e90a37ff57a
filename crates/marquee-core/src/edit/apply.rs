//! Applies one operation to a programme in place.
//!
//! Moves keep every slot's time: a session that leaves the head of its
//! room's day hands its start to the one after it, and one that lands at the
//! head takes the start of the session it displaces. Pinned sessions that
//! are not moved never change their start; the caller reflows afterwards.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use super::operation::{Operation, Refusal, RoomSessions, SessionChanges};
use super::{beyond_talks, live, stage};
use crate::days::day_of;
use crate::model::{Placement, Programme, RoomId, Session, SessionId};

pub(super) fn apply_one(
    p: &mut Programme,
    operation: &Operation,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    match operation {
        Operation::Move {
            session,
            room,
            index,
            day,
        } => move_session(p, session, room, *index, *day),
        Operation::Pin { session, start } => {
            let zone = p.conference.timezone;
            let s = session_mut(p, session)?;
            s.placement = Placement::Pinned;
            s.start = start.with_timezone(&zone).fixed_offset();
            Ok(())
        }
        Operation::Follow {
            session,
            gap_minutes,
        } => {
            if *gap_minutes < 0 {
                return Err(Refusal::NegativeGap(*gap_minutes));
            }
            let i = index_of(p, session)?;
            let room = &p.sessions[i].room;
            if !p.sessions[..i].iter().any(|s| &s.room == room) {
                return Err(Refusal::NothingToFollow(session.clone()));
            }
            Arc::make_mut(&mut p.sessions[i]).placement = Placement::Follows {
                gap_minutes: *gap_minutes,
            };
            Ok(())
        }
        Operation::Resize {
            session,
            duration_minutes,
        } => {
            if *duration_minutes <= 0 {
                return Err(Refusal::NonPositiveDuration(*duration_minutes));
            }
            session_mut(p, session)?.duration_minutes = *duration_minutes;
            Ok(())
        }
        Operation::Edit { session, changes } => edit(p, session, changes),
        Operation::PutSession {
            session,
            after,
            first,
        } => {
            let mut session = session.as_ref().clone();
            let zone = p.conference.timezone;
            session.start = session.start.with_timezone(&zone).fixed_offset();
            put(
                &mut p.sessions,
                Arc::new(session),
                |s| &s.id.0,
                after.as_ref().map(|a| a.as_str()),
                *first,
                "session",
            )
        }
        Operation::Duplicate { session, new_id } => {
            let i = index_of(p, session)?;
            let id = match new_id {
                Some(id) if p.sessions.iter().any(|s| &s.id == id) => {
                    return Err(Refusal::IdTaken {
                        what: "session",
                        id: id.0.clone(),
                    });
                }
                Some(id) => id.clone(),
                None => free_id(p, session),
            };
            let mut copy = Session::clone(&p.sessions[i]);
            copy.id = id;
            copy.placement = Placement::Follows { gap_minutes: 0 };
            p.sessions.insert(i + 1, Arc::new(copy));
            Ok(())
        }
        Operation::DeleteSession { session } => {
            let i = index_of(p, session)?;
            vacate(p, i);
            p.sessions.remove(i);
            Ok(())
        }
        Operation::Cancel { session } => {
            session_mut(p, session)?.cancelled = true;
            Ok(())
        }
        Operation::Restore { session } => {
            session_mut(p, session)?.cancelled = false;
            Ok(())
        }
        Operation::PutSpeaker {
            speaker,
            after,
            first,
        } => put(
            &mut p.speakers,
            speaker.clone(),
            |s| &s.id.0,
            after.as_ref().map(|a| a.as_str()),
            *first,
            "speaker",
        ),
        Operation::DeleteSpeaker {
            speaker,
            from_sessions,
        } => {
            let at = p
                .speakers
                .iter()
                .position(|s| &s.id == speaker)
                .ok_or_else(|| Refusal::UnknownSpeaker(speaker.clone()))?;
            let sessions = p
                .sessions
                .iter()
                .filter(|s| s.speakers.contains(speaker))
                .count();
            if sessions > 0 && !from_sessions {
                return Err(Refusal::SpeakerInUse {
                    speaker: speaker.clone(),
                    sessions,
                });
            }
            for session in p
                .sessions
                .iter_mut()
                .filter(|s| s.speakers.contains(speaker))
            {
                Arc::make_mut(session).speakers.retain(|s| s != speaker);
            }
            p.speakers.remove(at);
            Ok(())
        }
        Operation::PutRoom { room, after, first } => {
            stage::check_room(p, room)?;
            put(
                &mut p.rooms,
                room.clone(),
                |r| &r.id.0,
                after.as_ref().map(|a| a.as_str()),
                *first,
                "room",
            )
        }
        Operation::DeleteRoom { room, sessions } => delete_room(p, room, sessions.as_ref()),
        Operation::Late {
            room,
            minutes,
            session,
            started_minutes,
        } => live::late(p, room, *minutes, session.as_ref(), *started_minutes, now),
        Operation::OnTime { room } => live::on_time(p, room),
        Operation::Started { session } => live::started(p, session, now),
        Operation::Ended { session } => live::ended(p, session, now),
        Operation::ApplyDelay { room } => live::apply_delay(p, room),
        Operation::PutAnnouncement {
            announcement,
            after,
            first,
        } => {
            beyond_talks::check_announcement(announcement)?;
            put(
                &mut p.announcements,
                announcement.as_ref().clone(),
                |a| &a.id.0,
                after.as_ref().map(|a| a.as_str()),
                *first,
                "announcement",
            )
        }
        Operation::DeleteAnnouncement { announcement } => {
            beyond_talks::delete_announcement(p, announcement)
        }
        Operation::PutSponsor {
            sponsor,
            after,
            first,
        } => {
            beyond_talks::check_sponsor(sponsor)?;
            put(
                &mut p.sponsors,
                sponsor.clone(),
                |s| &s.id.0,
                after.as_ref().map(|a| a.as_str()),
                *first,
                "sponsor",
            )
        }
        Operation::DeleteSponsor { sponsor } => beyond_talks::delete_sponsor(p, sponsor),
        Operation::Emergency { title, text, since } => {
            beyond_talks::emergency(p, title, text, *since, now)
        }
        Operation::ClearEmergency {} => beyond_talks::clear_emergency(p),
        Operation::StageMessage {
            room,
            text,
            flash,
            since,
        } => stage::message(p, room, text, *flash, *since, now),
        Operation::ClearStageMessage { room } => stage::clear_message(p, room),
        Operation::StagePhase { room, phase, since } => stage::phase(p, room, *phase, *since, now),
        Operation::RoomState { room, state, since } => {
            stage::room_state(p, room, *state, *since, now)
        }
    }
}

fn index_of(p: &Programme, id: &SessionId) -> Result<usize, Refusal> {
    p.sessions
        .iter()
        .position(|s| &s.id == id)
        .ok_or_else(|| Refusal::UnknownSession(id.clone()))
}

/// Session `id`, made its own to change: the revisions it is shared with
/// keep theirs.
fn session_mut<'a>(p: &'a mut Programme, id: &SessionId) -> Result<&'a mut Session, Refusal> {
    let i = index_of(p, id)?;
    Ok(Arc::make_mut(&mut p.sessions[i]))
}

fn known_room(p: &Programme, room: &RoomId) -> Result<(), Refusal> {
    match p.room(room) {
        Some(_) => Ok(()),
        None => Err(Refusal::UnknownRoom(room.clone())),
    }
}

/// The sessions of `room` on `day`, in running order, as indices.
fn running_order(p: &Programme, room: &RoomId, day: NaiveDate) -> Vec<usize> {
    let zone = p.conference.timezone;
    p.sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.room == room && day_of(s.start, zone) == day)
        .map(|(i, _)| i)
        .collect()
}

fn gap_of(session: &Session) -> i64 {
    match session.placement {
        Placement::Follows { gap_minutes } => gap_minutes,
        Placement::Pinned => 0,
    }
}

/// Before session `i` leaves its place: when it heads its room's day, the
/// session after it takes over its start, so the rest of the day keeps its times.
/// A following head hands on its placement only when the next one will then
/// follow the same session; with another of the room's sessions between them
/// in the list, the next one follows that and keeps its own placement.
fn vacate(p: &mut Programme, i: usize) {
    let zone = p.conference.timezone;
    let day = day_of(p.sessions[i].start, zone);
    let room = p.sessions[i].room.clone();
    let order = running_order(p, &room, day);
    if order.first() == Some(&i)
        && let Some(&next) = order.get(1)
        && p.sessions[next].placement != Placement::Pinned
        && (p.sessions[i].placement == Placement::Pinned
            || !p.sessions[i + 1..next].iter().any(|s| s.room == room))
    {
        let (placement, start) = (p.sessions[i].placement, p.sessions[i].start);
        let next = Arc::make_mut(&mut p.sessions[next]);
        next.placement = placement;
        next.start = start;
    }
}

fn move_session(
    p: &mut Programme,
    id: &SessionId,
    room: &RoomId,
    index: usize,
    day: Option<NaiveDate>,
) -> Result<(), Refusal> {
    known_room(p, room)?;
    let zone = p.conference.timezone;
    let i = index_of(p, id)?;
    let from_day = day_of(p.sessions[i].start, zone);
    let day = day.unwrap_or(from_day);
    vacate(p, i);
    let mut moving = p.sessions.remove(i);
    let session = Arc::make_mut(&mut moving);
    let order = running_order(p, room, day);
    if index > order.len() {
        return Err(Refusal::PastTheEnd {
            index,
            len: order.len(),
            room: room.clone(),
            day,
        });
    }
    session.room = room.clone();
    let at = match (order.get(index), order.last()) {
        (Some(&displaced), _) => displaced,
        (None, Some(&last)) => last + 1,
        (None, None) => empty_day_position(p, room, day),
    };
    match order.first() {
        Some(&head) if index == 0 => {
            let gap = gap_of(session);
            session.placement = p.sessions[head].placement;
            session.start = p.sessions[head].start;
            Arc::make_mut(&mut p.sessions[head]).placement =
                Placement::Follows { gap_minutes: gap };
        }
        None => {
            session.placement = Placement::Pinned;
            if day != from_day {
                let local = session.start.with_timezone(&zone).naive_local()
                    + TimeDelta::days((day - from_day).num_days());
                if let Some(start) = zone.from_local_datetime(&local).earliest() {
                    session.start = start.fixed_offset();
                }
            }
        }
        Some(_) if session.placement == Placement::Pinned => {
            let neighbour = order.get(index).or(order.get(index - 1));
            session.placement = Placement::Follows {
                gap_minutes: neighbour.map_or(0, |&n| gap_of(&p.sessions[n])),
            };
        }
        Some(_) => {}
    }
    p.sessions.insert(at, moving);
    Ok(())
}

/// Where a session goes in the list when it is alone in its room that day:
/// between the room's earlier and later days.
fn empty_day_position(p: &Programme, room: &RoomId, day: NaiveDate) -> usize {
    let zone = p.conference.timezone;
    let in_room = |s: &Session| &s.room == room;
    if let Some(later) = p
        .sessions
        .iter()
        .position(|s| in_room(s) && day_of(s.start, zone) > day)
    {
        return later;
    }
    p.sessions
        .iter()
        .rposition(|s| in_room(s))
        .map_or(p.sessions.len(), |last| last + 1)
}

fn free_id(p: &Programme, base: &SessionId) -> SessionId {
    (2..)
        .map(|n| SessionId(format!("{base}-{n}")))
        .find(|id| !p.sessions.iter().any(|s| &s.id == id))
        .expect("some suffix is free")
}

fn edit(p: &mut Programme, id: &SessionId, changes: &SessionChanges) -> Result<(), Refusal> {
    if let Some(title) = &changes.title
        && title.trim().is_empty()
    {
        return Err(Refusal::EmptyTitle);
    }
    if let Some(speakers) = &changes.speakers
        && let Some(unknown) = speakers.iter().find(|s| p.speaker(s).is_none())
    {
        return Err(Refusal::UnknownSpeaker(unknown.clone()));
    }
    let optional = |text: &String| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let session = session_mut(p, id)?;
    if let Some(title) = &changes.title {
        session.title = title.trim().to_owned();
    }
    if let Some(subtitle) = &changes.subtitle {
        session.subtitle = optional(subtitle);
    }
    if let Some(kind) = changes.kind {
        session.kind = kind;
    }
    if let Some(track) = &changes.track {
        session.track = optional(track);
    }
    if let Some(language) = &changes.language {
        session.language = optional(language);
    }
    if let Some(level) = &changes.level {
        session.level = optional(level);
    }
    if let Some(summary) = &changes.summary {
        session.summary = summary.clone();
    }
    if let Some(speakers) = &changes.speakers {
        session.speakers = speakers.clone();
    }
    if let Some(links) = &changes.links {
        session.links = links.clone();
    }
    Ok(())
}

/// Adds `item` to `list` or replaces the one with its id, after `after`,
/// first when `first`, else where it was (or last).
fn put<T>(
    list: &mut Vec<T>,
    item: T,
    id_of: impl Fn(&T) -> &String,
    after: Option<&str>,
    first: bool,
    what: &'static str,
) -> Result<(), Refusal> {
    let was = list.iter().position(|x| id_of(x) == id_of(&item));
    if let Some(was) = was {
        list.remove(was);
    }
    let at = match (after, first) {
        (_, true) => 0,
        (Some(anchor), false) => {
            list.iter()
                .position(|x| id_of(x) == anchor)
                .ok_or_else(|| Refusal::UnknownAnchor {
                    what,
                    id: anchor.to_owned(),
                })?
                + 1
        }
        (None, false) => was.unwrap_or(list.len()),
    };
    list.insert(at, item);
    Ok(())
}

fn delete_room(
    p: &mut Programme,
    room: &RoomId,
    sessions: Option<&RoomSessions>,
) -> Result<(), Refusal> {
    let at = p
        .rooms
        .iter()
        .position(|r| &r.id == room)
        .ok_or_else(|| Refusal::UnknownRoom(room.clone()))?;
    let held = p.sessions.iter().filter(|s| &s.room == room).count();
    match sessions {
        _ if held == 0 => {}
        None => {
            return Err(Refusal::RoomInUse {
                room: room.clone(),
                sessions: held,
            });
        }
        Some(RoomSessions::MoveTo(target)) if target == room => {
            return Err(Refusal::MoveToItself(room.clone()));
        }
        Some(RoomSessions::MoveTo(target)) => {
            known_room(p, target)?;
            for session in p.sessions.iter_mut().filter(|s| &s.room == room) {
                Arc::make_mut(session).room = target.clone();
            }
        }
        Some(RoomSessions::Delete) => p.sessions.retain(|s| &s.room != room),
    }
    p.rooms.remove(at);
    Ok(())
}
