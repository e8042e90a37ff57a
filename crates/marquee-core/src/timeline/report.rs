//! The `marquee now` report: what is on now and next in each room, in the
//! venue's time, in a stable JSON shape that scripts can rely on.

use chrono::{DateTime, TimeZone};
use serde::Serialize;

use super::{Engine, SlotRef};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NowReport {
    /// RFC 3339 in the venue's offset.
    pub at: String,
    pub timezone: String,
    pub rooms: Vec<ReportedRoom>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedRoom {
    pub room: String,
    pub current: Option<ReportedSession>,
    pub next: Option<ReportedSession>,
    /// How late the room runs, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedSession {
    pub id: String,
    pub title: String,
    /// RFC 3339 in the venue's offset, as it will run (delays included).
    pub start: String,
    pub end: String,
    pub speakers: Vec<String>,
}

/// The report for `at`.
pub fn now_report<Z: TimeZone>(engine: &Engine, at: &DateTime<Z>) -> NowReport {
    let moment = engine.state_at(at);
    let zone = engine.table.zone;
    let time = |seconds: i64| {
        zone.timestamp_opt(seconds, 0)
            .single()
            .expect("an instant in range")
            .fixed_offset()
            .to_rfc3339()
    };
    let session = |slot: SlotRef| {
        let slot = engine.table.slot(slot);
        let session = &engine.programme.sessions[slot.session];
        ReportedSession {
            id: session.id.0.clone(),
            title: session.title.clone(),
            start: time(slot.start),
            end: time(slot.end),
            speakers: engine
                .programme
                .speakers_of(session)
                .map(|speaker| speaker.name.clone())
                .collect(),
        }
    };
    NowReport {
        at: at.with_timezone(&zone).fixed_offset().to_rfc3339(),
        timezone: zone.name().to_owned(),
        rooms: moment
            .rooms
            .iter()
            .map(|room| ReportedRoom {
                room: engine.programme.rooms[engine.table.lines[room.line].room]
                    .name
                    .clone(),
                current: room.running.first().map(|run| session(run.slot)),
                next: room.next.map(|next| session(next.slot)),
                late_minutes: (room.late_minutes > 0).then_some(room.late_minutes),
            })
            .collect(),
    }
}
