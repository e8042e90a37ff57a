//! A moment written out for a screen: every text it shows, times already in
//! the venue's zone ("10:42", "12 min left", "in 8 min"), so that the front
//! end only lays it out and holds no schedule logic.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::stage::{RoomStateView, room_state_at};
use super::{
    Engine, Moment, ROOMS_PER_PAGE, Scene, SceneKind, Situation, SlotRef, sponsors_by_tier,
};
use crate::days::day_of;
use crate::model::{ChangedToday, LinkKind, RoomId, Session, SessionKind};
use crate::rich_text::{TextBlock, blocks};
use crate::safety::is_web_url;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScreenSnapshot {
    /// The instant shown, RFC 3339 in the venue's offset.
    pub at: String,
    pub conference: String,
    pub logo: Option<String>,
    /// The venue's clock, "HH:MM".
    pub clock: String,
    /// e.g. "Monday 6 June"
    pub date: String,
    pub timezone: String,
    pub scene: SceneView,
    pub scene_index: usize,
    pub scene_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SceneView {
    Now {
        page: usize,
        pages: usize,
        rows: Vec<RoomRow>,
    },
    Session {
        room: String,
        session: Box<SessionView>,
        running: RunningView,
        next: Option<Box<UpcomingView>>,
        /// Filling or full, while what was said of it holds.
        state: Option<RoomStateView>,
    },
    UpNext {
        items: Vec<UpcomingView>,
    },
    LaterToday {
        items: Vec<SessionView>,
    },
    Situation {
        headline: String,
        detail: Option<String>,
    },
    Announcement {
        id: String,
        title: String,
        text: Vec<TextBlock>,
        /// Whether it has an image, to ask the host for by its id.
        image: bool,
        /// An http(s) address for its QR code.
        link: Option<String>,
    },
    Sponsors {
        tier: String,
        sponsors: Vec<SponsorView>,
        page: usize,
        pages: usize,
    },
    /// Shown alone, with no clock and no motion.
    Emergency {
        title: String,
        text: Vec<TextBlock>,
        /// "since 14:02"
        since: String,
    },
}

impl SceneView {
    /// Its kind, as its `kind` field names it.
    pub fn kind(&self) -> SceneKind {
        match self {
            SceneView::Now { .. } => SceneKind::Now,
            SceneView::Session { .. } => SceneKind::Session,
            SceneView::UpNext { .. } => SceneKind::UpNext,
            SceneView::LaterToday { .. } => SceneKind::LaterToday,
            SceneView::Situation { .. } => SceneKind::Situation,
            SceneView::Announcement { .. } => SceneKind::Announcement,
            SceneView::Sponsors { .. } => SceneKind::Sponsors,
            SceneView::Emergency { .. } => SceneKind::Emergency,
        }
    }

    /// The announcement's id, for a scene that shows one.
    pub fn announcement(&self) -> Option<&str> {
        match self {
            SceneView::Announcement { id, .. } => Some(id),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SponsorView {
    pub id: String,
    pub name: String,
    /// Whether it has a logo, to ask the host for by its id.
    pub logo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionView {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: SessionKind,
    pub room: String,
    /// "10:00–10:40"
    pub time: String,
    /// The instants behind `time`, RFC 3339 in the venue's offset, so that a
    /// countdown can tick between snapshots.
    pub starts_at: String,
    pub ends_at: String,
    pub speakers: Vec<SpeakerView>,
    pub links: Vec<LinkView>,
    /// "running 10 min late", when it is.
    pub late: Option<String>,
    /// What changed since the day began: "moved to Room B", "new time
    /// 14:30", "cancelled".
    pub changes: Vec<ChangeNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeNote {
    pub kind: ChangeKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Moved,
    NewTime,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpeakerView {
    pub id: String,
    pub name: String,
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkView {
    pub kind: LinkKind,
    /// "Slides", "Video", ...
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunningView {
    /// "ends 10:40"
    pub ends: String,
    /// "12 min left"
    pub left: String,
    pub progress_permille: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpcomingView {
    pub session: SessionView,
    /// "10:50 · in 8 min"
    pub starts: String,
    /// Its room filling or full now, while what was said of it holds.
    pub state: Option<RoomStateView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoomRow {
    pub room: String,
    pub current: Option<SessionView>,
    /// "until 10:40"
    pub until: Option<String>,
    pub next: Option<UpcomingView>,
    /// Filling or full, while what was said of it holds.
    pub state: Option<RoomStateView>,
}

pub(super) fn minutes_text(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{} h {} min", m / 60, m % 60),
    }
}

fn link_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Slides => "Slides",
        LinkKind::Video => "Video",
        LinkKind::Code => "Code",
        LinkKind::Info => "Info",
        LinkKind::Feedback => "Feedback",
        LinkKind::Other => "Link",
    }
}

pub(super) struct Writer<'e> {
    pub(super) engine: &'e Engine,
    /// The day's marks, when the programme has them for the day shown.
    changed: Option<&'e ChangedToday>,
    /// The instant shown, in seconds since the epoch.
    at: i64,
}

impl<'e> Writer<'e> {
    /// Writes what is shown at `at` (seconds since the epoch).
    pub(super) fn at(engine: &'e Engine, at: i64) -> Writer<'e> {
        let zone = engine.table.zone;
        let day = zone.timestamp_opt(at, 0).single().map(|t| day_of(t, zone));
        Writer {
            engine,
            at,
            changed: engine
                .programme
                .changed_today
                .as_ref()
                .filter(|changed| Some(changed.day) == day),
        }
    }

    fn local(&self, seconds: i64) -> DateTime<chrono_tz::Tz> {
        self.engine
            .table
            .zone
            .timestamp_opt(seconds, 0)
            .single()
            .expect("an instant in range")
    }

    pub(super) fn instant(&self, seconds: i64) -> String {
        self.local(seconds).to_rfc3339()
    }

    pub(super) fn clock(&self, seconds: i64) -> String {
        self.local(seconds).format("%H:%M").to_string()
    }

    /// "10:00–10:40"
    pub(super) fn span(&self, start: i64, end: i64) -> String {
        format!("{}–{}", self.clock(start), self.clock(end))
    }

    pub(super) fn session(&self, slot: SlotRef) -> SessionView {
        let slot_data = self.engine.table.slot(slot);
        self.session_from(
            &self.engine.programme.sessions[slot_data.session],
            slot_data.start,
            slot_data.end,
            slot_data.late_minutes,
        )
    }

    /// The marks of `session` on the day shown.
    fn changes(&self, session: &Session) -> Vec<ChangeNote> {
        let Some(mark) = self
            .changed
            .and_then(|changed| changed.sessions.iter().find(|m| m.session == session.id))
        else {
            return Vec::new();
        };
        let programme = &self.engine.programme;
        let mut notes = Vec::new();
        if mark.cancelled && session.cancelled {
            notes.push(ChangeNote {
                kind: ChangeKind::Cancelled,
                text: "cancelled".to_owned(),
            });
            return notes;
        }
        if mark
            .room_was
            .as_ref()
            .is_some_and(|was| *was != session.room)
            && let Some(room) = programme.room(&session.room)
        {
            notes.push(ChangeNote {
                kind: ChangeKind::Moved,
                text: format!("moved to {}", room.name),
            });
        }
        if mark.start_was.is_some_and(|was| was != session.start) {
            notes.push(ChangeNote {
                kind: ChangeKind::NewTime,
                text: format!("new time {}", self.clock(session.start.timestamp())),
            });
        }
        notes
    }

    fn session_from(&self, session: &Session, start: i64, end: i64, late: i64) -> SessionView {
        let programme = &self.engine.programme;
        SessionView {
            id: session.id.0.clone(),
            title: session.title.clone(),
            subtitle: session.subtitle.clone(),
            kind: session.kind,
            room: programme
                .room(&session.room)
                .map_or_else(|| session.room.0.clone(), |room| room.name.clone()),
            time: self.span(start, end),
            starts_at: self.instant(start),
            ends_at: self.instant(end),
            speakers: programme
                .speakers_of(session)
                .map(|speaker| SpeakerView {
                    id: speaker.id.0.clone(),
                    name: speaker.name.clone(),
                    affiliation: speaker.affiliation.clone(),
                })
                .collect(),
            links: session
                .web_links()
                .map(|link| LinkView {
                    kind: link.kind,
                    label: link_label(link.kind).to_owned(),
                    url: link.url.clone(),
                })
                .collect(),
            late: (late > 0).then(|| format!("running {late} min late")),
            changes: self.changes(session),
        }
    }

    /// The sessions marked since the day began that the rooms shown no
    /// longer list but a visitor there still looks for, with their starts,
    /// when they would start after `t`: those cancelled that were in a room
    /// shown when the day began, and those moved from a room shown to one
    /// that is not ("moved to Room B").
    fn marked_away_later(&self, t: i64) -> Vec<(i64, SessionView)> {
        let programme = &self.engine.programme;
        let table = &self.engine.table;
        let Some(changed) = self.changed else {
            return Vec::new();
        };
        let shown = |room: &RoomId| {
            table
                .lines
                .iter()
                .any(|line| programme.rooms[line.room].id == *room)
        };
        changed
            .sessions
            .iter()
            .filter_map(|mark| {
                let session = programme.sessions.iter().find(|s| s.id == mark.session)?;
                // Cancelled where the printed programme had it.
                let room_was = mark.room_was.as_ref().unwrap_or(&session.room);
                let cancelled_here = mark.cancelled && session.cancelled && shown(room_was);
                let moved_away = !session.cancelled
                    && !shown(&session.room)
                    && mark.room_was.as_ref().is_some_and(shown);
                (cancelled_here || moved_away).then_some(session)
            })
            .filter(|session| {
                session.start.timestamp() > t && day_of(session.start, table.zone) == changed.day
            })
            .map(|session| {
                let (start, end) = (session.start.timestamp(), session.end().timestamp());
                (start, self.session_from(session, start, end, 0))
            })
            .collect()
    }

    fn upcoming(&self, slot: SlotRef, starts_in: i64) -> UpcomingView {
        let start = self.engine.table.slot(slot).start;
        let room = &self.engine.programme.rooms[self.engine.table.lines[slot.0].room];
        UpcomingView {
            session: self.session(slot),
            starts: format!("{} · in {}", self.clock(start), minutes_text(starts_in)),
            state: room_state_at(&self.engine.programme, room, self.at),
        }
    }

    pub(super) fn situation(&self, situation: Situation) -> (String, Option<String>) {
        let table = &self.engine.table;
        let title = |slot: SlotRef| {
            self.engine.programme.sessions[table.slot(slot).session]
                .title
                .clone()
        };
        let when = |slot: SlotRef| self.clock(table.slot(slot).start);
        match situation {
            Situation::BeforeConference { first } => (
                format!(
                    "Starts {}, {}",
                    self.local(table.slot(first).start).format("%A %-d %B"),
                    when(first)
                ),
                Some(title(first)),
            ),
            Situation::BeforeDay { first } => {
                (format!("Today from {}", when(first)), Some(title(first)))
            }
            Situation::Break { current, next } => {
                let name = title(current);
                match next {
                    Some(next) => (
                        format!("{name} · back at {}", when(next)),
                        Some(title(next)),
                    ),
                    None => (name, None),
                }
            }
            Situation::Gap { next } => (format!("Next at {}", when(next)), Some(title(next))),
            Situation::EndOfDay { next_day } => (
                format!(
                    "That's all for today · {} from {}",
                    self.local(table.slot(next_day).start).format("%A"),
                    when(next_day)
                ),
                Some(title(next_day)),
            ),
            Situation::AfterConference => ("Thank you for coming".to_owned(), None),
            Situation::InProgress => ("On now".to_owned(), None),
        }
    }
}

/// Everything the screen shows for `moment`, asked at `at`.
pub fn snapshot(engine: &Engine, moment: &Moment, at: &DateTime<Utc>) -> ScreenSnapshot {
    let t = at.timestamp();
    let writer = Writer::at(engine, t);
    let conference = &engine.programme.conference;
    let scene = match moment.scene {
        Scene::Now { page, pages } => {
            let rows: Vec<RoomRow> = moment
                .rooms
                .iter()
                .filter(|room| !room.running.is_empty() || room.next.is_some())
                .skip(page * ROOMS_PER_PAGE)
                .take(ROOMS_PER_PAGE)
                .map(|room| {
                    let place = &engine.programme.rooms[engine.table.lines[room.line].room];
                    RoomRow {
                        room: place.name.clone(),
                        state: room_state_at(&engine.programme, place, t),
                        current: room.running.first().map(|run| writer.session(run.slot)),
                        until: room.running.first().map(|run| {
                            format!("until {}", writer.clock(engine.table.slot(run.slot).end))
                        }),
                        next: room
                            .next
                            .filter(|_| room.next_is_today)
                            .map(|next| writer.upcoming(next.slot, next.starts_in_minutes)),
                    }
                })
                .collect();
            SceneView::Now { page, pages, rows }
        }
        Scene::Session { running } => {
            let room = &moment.rooms[running.0];
            let run = room
                .running
                .iter()
                .find(|r| r.slot == running)
                .copied()
                .expect("a running session");
            let slot = engine.table.slot(running);
            let place = &engine.programme.rooms[engine.table.lines[running.0].room];
            SceneView::Session {
                room: place.name.clone(),
                state: room_state_at(&engine.programme, place, t),
                session: Box::new(writer.session(running)),
                running: RunningView {
                    ends: format!("ends {}", writer.clock(slot.end)),
                    left: format!("{} left", minutes_text(run.remaining_minutes)),
                    progress_permille: run.progress_permille,
                },
                next: room
                    .next
                    .filter(|_| room.next_is_today)
                    .map(|next| Box::new(writer.upcoming(next.slot, next.starts_in_minutes))),
            }
        }
        Scene::UpNext => {
            let mut items: Vec<(i64, UpcomingView)> = moment
                .rooms
                .iter()
                .filter(|room| room.next_is_today)
                .filter_map(|room| room.next)
                .map(|next| {
                    (
                        engine.table.slot(next.slot).start,
                        writer.upcoming(next.slot, next.starts_in_minutes),
                    )
                })
                .collect();
            items.sort_by_key(|(start, _)| *start);
            SceneView::UpNext {
                items: items.into_iter().map(|(_, item)| item).collect(),
            }
        }
        Scene::LaterToday => {
            let mut items: Vec<(i64, SessionView)> = moment
                .rooms
                .iter()
                .flat_map(|room| room.later_today.clone().map(move |s| (room.line, s)))
                .map(|slot| (engine.table.slot(slot).start, writer.session(slot)))
                .chain(writer.marked_away_later(t))
                .collect();
            items.sort_by_key(|(start, _)| *start);
            SceneView::LaterToday {
                items: items.into_iter().map(|(_, item)| item).collect(),
            }
        }
        Scene::Situation => {
            let (headline, detail) = writer.situation(moment.situation);
            SceneView::Situation { headline, detail }
        }
        Scene::Announcement { index } => {
            let a = &engine.programme.announcements[index];
            SceneView::Announcement {
                id: a.id.0.clone(),
                title: a.title.clone(),
                text: blocks(&a.text),
                image: a.image.as_ref().is_some_and(|i| i.classify().is_some()),
                link: a.link.clone().filter(|l| is_web_url(l)),
            }
        }
        Scene::Sponsors { page, pages } => {
            let sorted = sponsors_by_tier(&engine.programme);
            let on_page = &sorted[engine.sponsor_pages[page].clone()];
            SceneView::Sponsors {
                tier: on_page[0].tier.clone(),
                sponsors: on_page
                    .iter()
                    .map(|s| SponsorView {
                        id: s.id.0.clone(),
                        name: s.name.clone(),
                        logo: s.logo.as_ref().is_some_and(|l| l.classify().is_some()),
                    })
                    .collect(),
                page,
                pages,
            }
        }
        Scene::Emergency => {
            let emergency = engine
                .programme
                .emergency
                .as_ref()
                .expect("an emergency scene has its message");
            SceneView::Emergency {
                title: emergency.title.clone(),
                text: blocks(&emergency.text),
                since: format!("since {}", writer.clock(emergency.since.timestamp())),
            }
        }
    };
    ScreenSnapshot {
        at: writer.instant(t),
        conference: conference.title.clone(),
        logo: conference.branding.logo.as_ref().map(|logo| logo.0.clone()),
        clock: writer.clock(t),
        date: writer.local(t).format("%A %-d %B").to_string(),
        timezone: conference.timezone.name().to_owned(),
        scene,
        scene_index: moment.scene_index,
        scene_count: moment.scene_count,
    }
}
