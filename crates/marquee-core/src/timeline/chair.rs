//! What a session chair sees of one room at an instant: the talk on (its
//! planned and expected end, for the countdown), who comes next with their
//! bios to read out, and the rest of the room's day with its breaks; when
//! nothing is on, the words the hallway screens use. Times are as the room
//! runs (delays included) and already written in the venue's zone.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::snapshot::{SessionView, Writer};
use super::stage::{RoomStateView, StageView, room_state_at, stage_of};
use super::{Engine, Moment, ScreenConfig, SlotRef, ceil_minutes};
use crate::days::day_of;
use crate::model::{Programme, RoomId, SessionKind};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChairView {
    /// The instant shown, the hub's time, RFC 3339 in the venue's offset.
    pub at: String,
    pub room_id: String,
    pub room: String,
    pub timezone: String,
    /// "HH:MM"
    pub clock: String,
    /// e.g. "Monday 6 June"
    pub date: String,
    /// How late the room runs now (negative: early).
    pub late_minutes: i64,
    /// The talk on, or the one that ran past its end while nothing followed.
    pub now: Option<ChairSession>,
    /// The next session in the room today.
    pub next: Option<ChairSession>,
    /// The room's day in order, breaks and cancelled sessions included.
    pub day: Vec<DayEntry>,
    /// When nothing is on: what the hallway screens say, e.g. "Lunch · back at 13:30".
    pub headline: Option<String>,
    pub detail: Option<String>,
    /// What the room's stage monitor shows now.
    pub stage: StageView,
    /// How full the room is, while what was said of it holds.
    pub state: Option<RoomStateView>,
    /// The messages the chair sends the stage with one tap.
    pub presets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChairSession {
    /// As it runs: `time`, `starts_at` and `ends_at` include the delay.
    pub session: SessionView,
    /// As planned, "10:30–10:55".
    pub planned_time: String,
    pub late_minutes: i64,
    /// For the next session: "in 8 min", or "running 6 min late: about 10:56".
    pub starts: Option<String>,
    pub summary: String,
    pub speakers: Vec<ChairSpeaker>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChairSpeaker {
    pub id: String,
    pub name: String,
    pub affiliation: Option<String>,
    /// Plain text or the safe Markdown subset.
    pub bio: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayEntry {
    pub id: String,
    pub title: String,
    pub kind: SessionKind,
    /// As it runs, "10:30–10:55".
    pub time: String,
    pub planned_time: String,
    pub late_minutes: i64,
    pub cancelled: bool,
    /// `done`, `now`, `next` or `later`.
    pub state: DayState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DayState {
    Done,
    Now,
    Next,
    Later,
}

/// How long after its end a talk that ran over still counts up.
const OVERRUN_SHOWN: i64 = 20 * 60;

/// The session a room's chair and stage follow at an instant, and the one after it.
pub(super) struct OnStage {
    /// The talk on, or the one that ran past its end while nothing followed.
    pub(super) now: Option<SlotRef>,
    /// The next session in the room today.
    pub(super) next: Option<SlotRef>,
}

/// What is on the stage of the engine's one room at `t`.
pub(super) fn on_stage(engine: &Engine, moment: &Moment, t: i64) -> OnStage {
    let line = moment.rooms.first();
    let slots = engine.table.lines.first().map_or(&[][..], |l| &l.slots[..]);
    // A talk past its end stays the chair's until anything else starts: its
    // overrun counts up, for a while.
    let overrunning = || {
        slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| !slot.is_break && slot.end <= t && t - slot.end < OVERRUN_SHOWN)
            .filter(|(_, slot)| !slots.iter().any(|o| o.start >= slot.end && o.start <= t))
            .max_by_key(|(_, slot)| slot.end)
            .map(|(i, _)| (0, i))
    };
    // A break is nothing on: the chair sees the screens' words for it.
    let now = line
        .and_then(|room| {
            room.running
                .iter()
                .rev()
                .find(|run| !engine.table.slot(run.slot).is_break)
        })
        .map(|run| run.slot)
        .or_else(overrunning);
    let next = line
        .filter(|room| room.next_is_today)
        .and_then(|room| room.next)
        .map(|next| next.slot);
    OnStage { now, next }
}

/// An engine of `room` alone.
pub(super) fn room_engine(programme: &Programme, room: &RoomId) -> Engine {
    let config = ScreenConfig {
        rooms: vec![room.clone()],
        ..ScreenConfig::default()
    };
    Engine::new(std::sync::Arc::new(programme.clone()), config)
}

/// The chair's view of `room` at `at`; `None` when the programme has no such room.
pub fn chair_view(programme: &Programme, room: &RoomId, at: &DateTime<Utc>) -> Option<ChairView> {
    let place = programme.room(room)?;
    let engine = room_engine(programme, room);
    let writer = Writer::at(&engine, at.timestamp());
    let moment = engine.state_at(at);
    let t = at.timestamp();
    let zone = programme.conference.timezone;
    let today = day_of(*at, zone);
    let slots = engine.table.lines.first().map_or(&[][..], |l| &l.slots[..]);
    let OnStage { now: on_now, next } = on_stage(&engine, &moment, t);
    let chair_session = |slot: SlotRef, starts: Option<String>| {
        let data = engine.table.slot(slot);
        let session = &programme.sessions[data.session];
        ChairSession {
            session: writer.session(slot),
            planned_time: writer.span(session.start.timestamp(), session.end().timestamp()),
            late_minutes: data.late_minutes,
            starts,
            summary: session.summary.clone(),
            speakers: programme
                .speakers_of(session)
                .map(|speaker| ChairSpeaker {
                    id: speaker.id.0.clone(),
                    name: speaker.name.clone(),
                    affiliation: speaker.affiliation.clone(),
                    bio: speaker.bio.clone(),
                })
                .collect(),
        }
    };
    let next_view = next.map(|slot| {
        let data = engine.table.slot(slot);
        let starts = match data.late_minutes {
            late if late > 0 => format!(
                "running {late} min late: about {}",
                writer.clock(data.start)
            ),
            _ => format!(
                "in {}",
                super::snapshot::minutes_text(ceil_minutes(data.start - t))
            ),
        };
        chair_session(slot, Some(starts))
    });
    let mut day: Vec<(i64, DayEntry)> = programme
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.room == room && day_of(s.start, zone) == today)
        .map(|(index, session)| {
            let found = slots.iter().position(|slot| slot.session == index);
            let (start, end, late) = found.map_or(
                (session.start.timestamp(), session.end().timestamp(), 0),
                |i| (slots[i].start, slots[i].end, slots[i].late_minutes),
            );
            let slot = found.map(|i| (0, i));
            let state = match slot {
                Some(s) if Some(s) == on_now => DayState::Now,
                Some(s) if Some(s) == next => DayState::Next,
                _ if end <= t => DayState::Done,
                _ => DayState::Later,
            };
            let entry = DayEntry {
                id: session.id.0.clone(),
                title: session.title.clone(),
                kind: session.kind,
                time: writer.span(start, end),
                planned_time: writer.span(session.start.timestamp(), session.end().timestamp()),
                late_minutes: late,
                cancelled: session.cancelled,
                state,
            };
            (start, entry)
        })
        .collect();
    day.sort_by_key(|(start, _)| *start);
    let late_minutes = on_now
        .or(next)
        .map_or(0, |slot| engine.table.slot(slot).late_minutes);
    let (headline, detail) = match on_now {
        Some(_) => (None, None),
        None => {
            let (headline, detail) = writer.situation(moment.situation);
            (Some(headline), detail)
        }
    };
    let local = zone.timestamp_opt(t, 0).single()?;
    Some(ChairView {
        at: local.to_rfc3339(),
        room_id: room.0.clone(),
        room: place.name.clone(),
        timezone: zone.name().to_owned(),
        clock: local.format("%H:%M").to_string(),
        date: local.format("%A %-d %B").to_string(),
        late_minutes,
        now: on_now.map(|slot| chair_session(slot, None)),
        next: next_view,
        day: day.into_iter().map(|(_, entry)| entry).collect(),
        headline,
        detail,
        stage: stage_of(&engine, &moment, room, t)?,
        state: room_state_at(programme, place, t),
        presets: programme.conference.stage.presets.clone(),
    })
}
