//! The timeline engine: what every screen shows at every instant, and the
//! next instant at which that changes.
//!
//! Time is always an argument. [`Engine::state_at`] answers for one instant
//! from the programme (with its delays) and the screen's configuration;
//! [`Engine::next_change_after`] says when to ask again, so a screen sleeps
//! between changes and a whole conference replays in a test in moments.

mod chair;
mod config;
mod report;
mod snapshot;
mod stage;
mod timetable;
mod windows;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

pub use chair::{ChairSession, ChairSpeaker, ChairView, DayEntry, DayState, chair_view};
pub use config::{ROOMS_PER_PAGE, SceneKind, SceneSpec, ScreenConfig};
pub use report::{NowReport, ReportedRoom, ReportedSession, now_report};
pub use snapshot::{
    ChangeKind, ChangeNote, LinkView, RoomRow, RunningView, SceneView, ScreenSnapshot, SessionView,
    SpeakerView, SponsorView, UpcomingView, snapshot,
};
pub use stage::{RoomStateView, StageMessageView, StageView, room_state_at, stage_view};
pub use timetable::{Line, Slot, Timetable, as_run};
pub use windows::Windows;

use crate::days::day_of;
use crate::model::Programme;

/// A slot of the timetable: (line, slot) indices.
pub type SlotRef = (usize, usize);

/// A session running now in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Running {
    pub slot: SlotRef,
    pub elapsed_minutes: i64,
    /// Rounded up: "1 min left" until the end.
    pub remaining_minutes: i64,
    /// Progress in thousandths, moving on each elapsed minute.
    pub progress_permille: i64,
}

/// The next session in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upcoming {
    pub slot: SlotRef,
    /// Rounded up: "in 1 min" until it starts.
    pub starts_in_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomMoment {
    /// Index into the timetable's lines.
    pub line: usize,
    /// Usually one; two or more when sessions overlap (a conflict, shown as it is).
    pub running: Vec<Running>,
    /// The next session, whatever day it is on.
    pub next: Option<Upcoming>,
    /// Whether `next` is on the same conference day.
    pub next_is_today: bool,
    /// Slots after `next` on the same conference day, as a range of indices.
    pub later_today: std::ops::Range<usize>,
    /// How late the room runs now (its running or next session), in minutes.
    pub late_minutes: i64,
}

/// The day's situation, so that a screen is never blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Situation {
    /// Before the first day: "Starts Monday 6 June, 09:00".
    BeforeConference { first: SlotRef },
    /// On a conference day, before its first session.
    BeforeDay { first: SlotRef },
    /// Something is on.
    InProgress,
    /// Only breaks are on: "Lunch · back at 13:30 with ...".
    Break {
        current: SlotRef,
        next: Option<SlotRef>,
    },
    /// Nothing on, more today: "Next at 14:00".
    Gap { next: SlotRef },
    /// Nothing more today: "That's all for today · tomorrow from 09:00".
    EndOfDay { next_day: SlotRef },
    /// After the last session: "Thank you for coming".
    AfterConference,
}

/// One scene of the rotation as it stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    Now {
        page: usize,
        pages: usize,
    },
    Session {
        running: SlotRef,
    },
    UpNext,
    LaterToday,
    Situation,
    /// One of the programme's announcements, by its index.
    Announcement {
        index: usize,
    },
    /// One page of the sponsors: a tier, or part of one.
    Sponsors {
        page: usize,
        pages: usize,
    },
    /// The emergency message, in place of everything else.
    Emergency,
}

/// Everything a screen shows at one instant, as indices and numbers; render
/// it with the programme for text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    /// Whole minutes since the epoch: the clock on screen.
    pub minute: i64,
    pub rooms: Vec<RoomMoment>,
    pub situation: Situation,
    pub scene: Scene,
    /// Position of `scene` in the rotation and the rotation's length.
    pub scene_index: usize,
    pub scene_count: usize,
}

/// The engine for one screen: a programme and its configuration.
#[derive(Debug, Clone)]
pub struct Engine {
    /// Shared, so that an engine can live as long as the screen it serves.
    pub programme: Arc<Programme>,
    pub config: ScreenConfig,
    pub table: Timetable,
    pub windows: Windows,
    /// Pages of the sponsors scene: ranges of `programme.sponsors`.
    pub sponsor_pages: Vec<std::ops::Range<usize>>,
}

/// Sponsors on one page of their scene.
pub const SPONSORS_PER_PAGE: usize = 8;

fn ceil_minutes(seconds: i64) -> i64 {
    (seconds + 59).div_euclid(60)
}

impl Engine {
    pub fn new(programme: Arc<Programme>, config: ScreenConfig) -> Self {
        let table = Timetable::new(&programme, &config.rooms);
        let windows = Windows::new(&programme, &config.rooms);
        let sponsor_pages = sponsor_pages(&programme);
        Engine {
            programme,
            config,
            table,
            windows,
            sponsor_pages,
        }
    }

    pub fn state_at<Z: TimeZone>(&self, at: &DateTime<Z>) -> Moment {
        self.moment(at.timestamp())
    }

    /// The first instant after `at` at which [`Engine::state_at`] answers differently.
    pub fn next_change_after<Z: TimeZone>(&self, at: &DateTime<Z>) -> DateTime<Utc> {
        let t = at.timestamp();
        let moment = self.moment(t);
        let next = self.next_change(t, &moment);
        Utc.timestamp_opt(next, 0)
            .single()
            .expect("an instant in range")
    }

    fn moment(&self, t: i64) -> Moment {
        let zone = self.table.zone;
        let today = day_of(
            Utc.timestamp_opt(t, 0)
                .single()
                .expect("an instant in range"),
            zone,
        );
        let rooms: Vec<RoomMoment> = self
            .table
            .lines
            .iter()
            .enumerate()
            .map(|(l, line)| room_moment(l, line, t, today))
            .collect();
        let situation = self.situation(t, today, &rooms);
        let (scene, scene_index, scene_count) = if self.programme.emergency.is_some() {
            (Scene::Emergency, 0, 1)
        } else {
            let rotation = self.rotation(t, &rooms, situation);
            let (cycle, index, _) = rotation.position(t);
            (cycle[index].0, index, cycle.len())
        };
        Moment {
            minute: t.div_euclid(60),
            scene,
            scene_index,
            scene_count,
            rooms,
            situation,
        }
    }

    fn situation(&self, t: i64, today: chrono::NaiveDate, rooms: &[RoomMoment]) -> Situation {
        let table = &self.table;
        let (Some(&first), Some(last_end)) = (
            table.by_start.first(),
            table
                .lines
                .iter()
                .flat_map(|l| l.slots.iter().map(|s| s.end))
                .max(),
        ) else {
            return Situation::AfterConference;
        };
        if t < table.slot(first).start {
            return if table.slot(first).day == today {
                Situation::BeforeDay { first }
            } else {
                Situation::BeforeConference { first }
            };
        }
        if t >= last_end {
            return Situation::AfterConference;
        }
        let running: Vec<SlotRef> = rooms
            .iter()
            .flat_map(|r| r.running.iter().map(|run| run.slot))
            .collect();
        let next_after = |t: i64, skip_breaks: bool| {
            let from = table
                .by_start
                .partition_point(|&s| table.slot(s).start <= t);
            table.by_start[from..]
                .iter()
                .copied()
                .find(|&s| !(skip_breaks && table.slot(s).is_break))
        };
        if let Some(&current) = running.first() {
            if running.iter().all(|&s| table.slot(s).is_break) {
                return Situation::Break {
                    current,
                    next: next_after(t, true),
                };
            }
            return Situation::InProgress;
        }
        match next_after(t, false) {
            Some(next) if table.slot(next).day == today => Situation::Gap { next },
            Some(next) => Situation::EndOfDay { next_day: next },
            None => Situation::AfterConference,
        }
    }

    /// The rotation at `t`: its cycles differ only in the announcements and
    /// the sponsors' page they show.
    fn rotation(&self, t: i64, rooms: &[RoomMoment], situation: Situation) -> Rotation<'_> {
        let announcements: Vec<(usize, u32)> = self
            .windows
            .on_at(t)
            .map(|i| {
                let every = self.programme.announcements[i].every;
                (i, every.clamp(1, crate::model::MOST_ROTATIONS_APART))
            })
            .collect();
        Rotation {
            engine: self,
            base: self.scenes(rooms, situation),
            announcements,
        }
    }

    /// The scenes with something to show at this moment, each with its
    /// seconds; announcements and sponsors as a placeholder each.
    fn scenes(&self, rooms: &[RoomMoment], situation: Situation) -> Vec<(Scene, u32)> {
        let mut scenes = Vec::new();
        let table = &self.table;
        for spec in &self.config.scenes {
            match spec.kind {
                SceneKind::Now => {
                    let rows = rooms
                        .iter()
                        .filter(|r| !r.running.is_empty() || r.next.is_some())
                        .count();
                    let any_running = rooms.iter().any(|r| !r.running.is_empty());
                    if any_running {
                        let pages = rows.div_ceil(ROOMS_PER_PAGE);
                        scenes.extend(
                            (0..pages).map(|page| (Scene::Now { page, pages }, spec.seconds)),
                        );
                    }
                }
                SceneKind::Session => scenes.extend(
                    rooms
                        .iter()
                        .flat_map(|r| &r.running)
                        .filter(|run| !table.slot(run.slot).is_break)
                        .map(|run| (Scene::Session { running: run.slot }, spec.seconds)),
                ),
                SceneKind::UpNext => {
                    if rooms.iter().any(|r| r.next_is_today) {
                        scenes.push((Scene::UpNext, spec.seconds));
                    }
                }
                SceneKind::LaterToday => {
                    if rooms.iter().any(|r| !r.later_today.is_empty()) {
                        scenes.push((Scene::LaterToday, spec.seconds));
                    }
                }
                SceneKind::Situation => {
                    if situation != Situation::InProgress {
                        scenes.push((Scene::Situation, spec.seconds));
                    }
                }
                SceneKind::Announcement => {
                    scenes.push((Scene::Announcement { index: usize::MAX }, spec.seconds));
                }
                SceneKind::Sponsors => {
                    if !self.sponsor_pages.is_empty() {
                        let pages = self.sponsor_pages.len();
                        scenes.push((Scene::Sponsors { page: 0, pages }, spec.seconds));
                    }
                }
                // Never a turn of a rotation: the emergency message replaces
                // the rotation, and a problem has no programme to rotate.
                SceneKind::Emergency | SceneKind::Problem => {}
            }
        }
        scenes
    }

    fn next_change(&self, t: i64, moment: &Moment) -> i64 {
        let table = &self.table;
        let mut next = (t.div_euclid(60) + 1) * 60;
        let boundary = table.boundaries.partition_point(|&b| b <= t);
        if let Some(&b) = table.boundaries.get(boundary) {
            next = next.min(b);
        }
        if let Some(b) = self.windows.next_after(t) {
            next = next.min(b);
        }
        if self.programme.emergency.is_none() {
            let rotation = self.rotation(t, &moment.rooms, moment.situation);
            let (cycle, _, scene_end) = rotation.position(t);
            if cycle.len() > 1 || rotation.cycles() > 1 {
                next = next.min(scene_end);
            }
        }
        // Minute counters relative to a session's start or end.
        let mut counter = |anchor: i64| {
            let step = (anchor - t).rem_euclid(60);
            next = next.min(t + if step == 0 { 60 } else { step });
        };
        for room in &moment.rooms {
            for run in &room.running {
                let slot = table.slot(run.slot);
                counter(slot.start);
                counter(slot.end);
            }
            if let Some(upcoming) = room.next {
                counter(table.slot(upcoming.slot).start);
            }
        }
        next
    }
}

fn room_moment(l: usize, line: &Line, t: i64, today: chrono::NaiveDate) -> RoomMoment {
    let running: Vec<Running> = line
        .running(t)
        .map(|s| {
            let slot = &line.slots[s];
            let elapsed_minutes = (t - slot.start).div_euclid(60);
            let duration = (slot.end - slot.start).max(1);
            Running {
                slot: (l, s),
                elapsed_minutes,
                remaining_minutes: ceil_minutes(slot.end - t),
                progress_permille: (elapsed_minutes * 60 * 1000 / duration).min(1000),
            }
        })
        .collect();
    let first_after = line.first_after(t);
    let next = line.slots.get(first_after).map(|slot| Upcoming {
        slot: (l, first_after),
        starts_in_minutes: ceil_minutes(slot.start - t),
    });
    let later_end = first_after
        + line.slots[first_after..]
            .iter()
            .take_while(|slot| slot.day == today)
            .count();
    let later_today = (first_after + 1).min(later_end)..later_end;
    let next_is_today = later_end > first_after;
    let late_minutes = running
        .iter()
        .map(|run| line.slots[run.slot.1].late_minutes)
        .chain(next.map(|n| line.slots[n.slot.1].late_minutes))
        .max()
        .unwrap_or(0);
    RoomMoment {
        line: l,
        running,
        next,
        next_is_today,
        later_today,
        late_minutes,
    }
}

/// The sponsors' pages, as ranges of [`sponsors_by_tier`]: each tier on
/// pages of its own.
fn sponsor_pages(programme: &Programme) -> Vec<std::ops::Range<usize>> {
    let sorted = sponsors_by_tier(programme);
    let mut pages = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let tier = &sorted[start].tier;
        let tier_end = start
            + sorted[start..]
                .iter()
                .take_while(|s| &s.tier == tier)
                .count();
        let end = tier_end.min(start + SPONSORS_PER_PAGE);
        pages.push(start..end);
        start = end;
    }
    pages
}

/// The sponsors in the order of their pages: by tier, in each tier as listed.
pub fn sponsors_by_tier(programme: &Programme) -> Vec<&crate::model::Sponsor> {
    let mut tiers: Vec<&str> = Vec::new();
    for sponsor in &programme.sponsors {
        if !tiers.contains(&sponsor.tier.as_str()) {
            tiers.push(&sponsor.tier);
        }
    }
    tiers
        .into_iter()
        .flat_map(|tier| programme.sponsors.iter().filter(move |s| s.tier == tier))
        .collect()
}

/// The rotation of a screen at an instant. It runs on the clock itself, so
/// every screen with the same configuration agrees: a full turn is as many
/// cycles as it takes for every announcement to come round (one in `every`
/// cycles, each starting at its own cycle so they spread out) and for the
/// sponsors to show each of their pages, one page a cycle.
struct Rotation<'e> {
    engine: &'e Engine,
    base: Vec<(Scene, u32)>,
    /// Announcements on now, with how many cycles apart they show.
    announcements: Vec<(usize, u32)>,
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl Rotation<'_> {
    fn sponsor_page_count(&self) -> usize {
        self.engine.sponsor_pages.len().max(1)
    }

    /// Cycles in a full turn.
    fn cycles(&self) -> usize {
        let lcm = |a: usize, b: usize| a / gcd(a, b) * b;
        self.announcements
            .iter()
            .map(|&(_, every)| every as usize)
            .fold(self.sponsor_page_count(), lcm)
    }

    /// The scenes of cycle `k`.
    fn cycle(&self, k: usize) -> Vec<(Scene, u32)> {
        let mut scenes = Vec::with_capacity(self.base.len() + self.announcements.len());
        for &(scene, seconds) in &self.base {
            match scene {
                Scene::Announcement { .. } => scenes.extend(
                    self.announcements
                        .iter()
                        .enumerate()
                        .filter(|&(n, &(_, every))| (k + n) % every as usize == 0)
                        .map(|(_, &(index, _))| (Scene::Announcement { index }, seconds)),
                ),
                Scene::Sponsors { pages, .. } => scenes.push((
                    Scene::Sponsors {
                        page: k % pages,
                        pages,
                    },
                    seconds,
                )),
                other => scenes.push((other, seconds)),
            }
        }
        if scenes.is_empty() {
            // Never a blank screen.
            scenes.push((Scene::Situation, 15));
        }
        scenes
    }

    fn length(cycle: &[(Scene, u32)]) -> i64 {
        cycle
            .iter()
            .map(|(_, seconds)| i64::from(*seconds).max(1))
            .sum()
    }

    /// The cycle showing at `t`, the index of its scene then, and when that scene ends.
    fn position(&self, t: i64) -> (Vec<(Scene, u32)>, usize, i64) {
        let cycles = self.cycles();
        let lengths: Vec<i64> = (0..cycles).map(|k| Self::length(&self.cycle(k))).collect();
        let turn: i64 = lengths.iter().sum();
        let mut position = t.rem_euclid(turn);
        let turn_start = t - position;
        let mut cycle_start = turn_start;
        let mut k = 0;
        while position >= lengths[k] {
            position -= lengths[k];
            cycle_start += lengths[k];
            k += 1;
        }
        let cycle = self.cycle(k);
        let mut end = cycle_start;
        for (index, (_, seconds)) in cycle.iter().enumerate() {
            end += i64::from(*seconds).max(1);
            if t < end {
                return (cycle, index, end);
            }
        }
        unreachable!("a cycle covers its own length")
    }
}
