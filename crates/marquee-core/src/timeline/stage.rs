//! What a room's stage monitor shows the speaker at an instant, and what
//! the hallway screens say of a full room. The countdown runs to the talk's
//! end as the room runs (delays and "started now" included), the instant
//! the chair's view counts to, or to the end of questions once the chair
//! calls them. A message and a phase hold for the talk they were said in:
//! the next talk starts without them. A room's "filling" or "full" lapses
//! after the programme's limit, at a whole minute, when screens redraw, so
//! no screen shows it stale.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::chair::{OnStage, on_stage, room_engine};
use super::snapshot::{SessionView, Writer};
use super::{Engine, Moment};
use crate::model::{Occupancy, Phase, Programme, Room, RoomId};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageView {
    /// The instant shown, the hub's time, RFC 3339 in the venue's offset.
    pub at: String,
    pub room_id: String,
    pub room: String,
    pub timezone: String,
    /// What the countdown runs to, RFC 3339; none between talks.
    pub ends: Option<String>,
    pub phase: Phase,
    pub message: Option<StageMessageView>,
    /// The talk on, or the one running past its end while nothing followed.
    pub now: Option<SessionView>,
    /// The next session in the room today.
    pub next: Option<SessionView>,
    /// The countdown turns amber this many minutes before `ends`, and red
    /// `red_minutes` before.
    pub amber_minutes: u32,
    pub red_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageMessageView {
    pub text: String,
    pub flash: bool,
    /// When the chair sent it, RFC 3339; the monitor acknowledges it by this.
    pub since: String,
}

/// How full a room is, for the hallway screens, with where else to go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoomStateView {
    pub state: Occupancy,
    /// When it was said, RFC 3339.
    pub since: String,
    /// The overflow room's name, when the programme names one.
    pub overflow: Option<String>,
    /// The room's live stream, when it has one.
    pub stream: Option<String>,
}

/// The stage monitor of `room` at `at`; `None` when the programme has no such room.
pub fn stage_view(programme: &Programme, room: &RoomId, at: &DateTime<Utc>) -> Option<StageView> {
    let engine = room_engine(programme, room);
    let moment = engine.state_at(at);
    stage_of(&engine, &moment, room, at.timestamp())
}

pub(super) fn stage_of(
    engine: &Engine,
    moment: &Moment,
    room: &RoomId,
    t: i64,
) -> Option<StageView> {
    let programme = &engine.programme;
    let place = programme.room(room)?;
    let settings = &programme.conference.stage;
    let writer = Writer::at(engine, t);
    let OnStage { now, next } = on_stage(engine, moment, t);
    let slots = engine.table.lines.first().map_or(&[][..], |l| &l.slots[..]);
    // What was said before this began belongs to an earlier talk.
    let began = match now {
        Some(slot) => engine.table.slot(slot).start,
        None => slots
            .iter()
            .filter(|slot| !slot.is_break && slot.end <= t)
            .map(|slot| slot.end)
            .max()
            .unwrap_or(i64::MIN),
    };
    let current = |since: i64| since >= began && since <= t;
    let phase = now
        .and(programme.stage_phases.iter().find(|s| &s.room == room))
        .filter(|s| current(s.since.timestamp()));
    let ends = now.map(|slot| match phase {
        Some(s) if s.phase == Phase::Qa => {
            s.since.timestamp() + i64::from(settings.qa_minutes) * 60
        }
        _ => engine.table.slot(slot).end,
    });
    let message = programme
        .stage_messages
        .iter()
        .find(|m| &m.room == room)
        .filter(|m| current(m.since.timestamp()))
        .map(|m| StageMessageView {
            text: m.text.clone(),
            flash: m.flash,
            // To the nanosecond, as stored: it names this message, and two
            // sent within one second are two.
            since: m.since.to_rfc3339(),
        });
    Some(StageView {
        at: writer.instant(t),
        room_id: room.0.clone(),
        room: place.name.clone(),
        timezone: engine.table.zone.name().to_owned(),
        ends: ends.map(|end| writer.instant(end)),
        phase: phase.map_or(Phase::Talk, |s| s.phase),
        message,
        now: now.map(|slot| writer.session(slot)),
        next: next.map(|slot| writer.session(slot)),
        amber_minutes: settings.amber_minutes,
        red_minutes: settings.red_minutes,
    })
}

/// How full `room` is at `t` (seconds since the epoch), while what was said
/// of it holds.
pub fn room_state_at(programme: &Programme, room: &Room, t: i64) -> Option<RoomStateView> {
    let said = programme.room_states.iter().find(|s| s.room == room.id)?;
    let since = said.since.timestamp();
    let lapses =
        (since + i64::from(programme.conference.stage.room_state_minutes) * 60).div_euclid(60) * 60;
    if said.state == Occupancy::Free || t < since || t >= lapses {
        return None;
    }
    let zone = programme.conference.timezone;
    Some(RoomStateView {
        state: said.state,
        since: zone.timestamp_opt(since, 0).single()?.to_rfc3339(),
        overflow: room
            .overflow
            .as_ref()
            .and_then(|id| programme.room(id))
            .map(|r| r.name.clone()),
        stream: room.stream.clone(),
    })
}
