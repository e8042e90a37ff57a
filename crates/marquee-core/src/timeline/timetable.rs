//! The timetable the engine reads: each room's sessions as seconds since the
//! epoch, sorted, with any "running late" applied. Built once per programme
//! and delays, so that every question about an instant is a binary search.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use crate::days::day_of;
use crate::model::{Placement, Programme, RoomId, SessionKind};

/// A room running late: from `from`, its sessions run `minutes` behind until
/// a break or a pinned session takes the delay up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delay {
    pub room: RoomId,
    pub from: DateTime<FixedOffset>,
    pub minutes: i64,
}

/// One session as it will actually run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Index into `programme.sessions`.
    pub session: usize,
    pub start: i64,
    pub end: i64,
    pub late_minutes: i64,
    pub is_break: bool,
    /// The conference day it belongs to.
    pub day: NaiveDate,
}

/// One room's slots, sorted by start.
#[derive(Debug, Clone)]
pub struct Line {
    /// Index into `programme.rooms`.
    pub room: usize,
    pub slots: Vec<Slot>,
    /// `max_end[i]` is the latest end among `slots[..=i]`, to find every
    /// session still running at an instant, overlaps included.
    max_end: Vec<i64>,
}

impl Line {
    /// Index of the first slot that starts after `t`.
    pub fn first_after(&self, t: i64) -> usize {
        self.slots.partition_point(|slot| slot.start <= t)
    }

    /// Slots running at `t` (start ≤ t < end), earliest start first.
    pub fn running(&self, t: i64) -> impl Iterator<Item = usize> + '_ {
        let upto = self.first_after(t);
        let mut from = upto;
        while from > 0 && self.max_end[from - 1] > t {
            from -= 1;
        }
        (from..upto).filter(move |&i| self.slots[i].end > t)
    }
}

#[derive(Debug, Clone)]
pub struct Timetable {
    pub zone: Tz,
    /// Rooms on this screen, in display order.
    pub lines: Vec<Line>,
    /// Every start and end, sorted and unique: the instants something changes.
    pub boundaries: Vec<i64>,
    /// Every slot as (line, slot), by start.
    pub by_start: Vec<(usize, usize)>,
}

impl Timetable {
    /// The timetable of the rooms `rooms` selects (all when empty), with delays.
    pub fn new(programme: &Programme, rooms: &[RoomId], delays: &[Delay]) -> Timetable {
        let zone = programme.conference.timezone;
        let mut lines: Vec<Line> = programme
            .rooms_in_order()
            .into_iter()
            .filter(|room| rooms.is_empty() || rooms.contains(&room.id))
            .map(|room| {
                let index = programme
                    .rooms
                    .iter()
                    .position(|r| r.id == room.id)
                    .expect("a listed room");
                let mut slots: Vec<Slot> = programme
                    .sessions
                    .iter()
                    .enumerate()
                    .filter(|(_, session)| {
                        session.room == room.id
                            && session.duration_minutes > 0
                            && !session.cancelled
                    })
                    .map(|(i, session)| Slot {
                        session: i,
                        start: session.start.timestamp(),
                        end: session.end().timestamp(),
                        late_minutes: 0,
                        is_break: session.kind == SessionKind::Break,
                        day: day_of(session.start, zone),
                    })
                    .collect();
                slots.sort_by_key(|slot| (slot.start, slot.session));
                for delay in delays.iter().filter(|delay| delay.room == room.id) {
                    apply_delay(programme, &mut slots, delay);
                }
                Line {
                    room: index,
                    max_end: Vec::new(),
                    slots,
                }
            })
            .collect();
        for line in &mut lines {
            line.max_end = line
                .slots
                .iter()
                .scan(i64::MIN, |max, slot| {
                    *max = (*max).max(slot.end);
                    Some(*max)
                })
                .collect();
        }
        let mut boundaries: Vec<i64> = lines
            .iter()
            .flat_map(|line| line.slots.iter().flat_map(|slot| [slot.start, slot.end]))
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        let mut by_start: Vec<(usize, usize)> = lines
            .iter()
            .enumerate()
            .flat_map(|(l, line)| (0..line.slots.len()).map(move |s| (l, s)))
            .collect();
        by_start.sort_by_key(|&(l, s)| (lines[l].slots[s].start, l, s));
        Timetable {
            zone,
            lines,
            boundaries,
            by_start,
        }
    }

    pub fn slot(&self, (line, slot): (usize, usize)) -> &Slot {
        &self.lines[line].slots[slot]
    }
}

/// Shifts a room's slots from `delay.from` on: the session running then ends
/// late, later ones follow at their usual gaps, a break ends on time if it
/// can (shortened), and a pinned session keeps its start if there is room.
fn apply_delay(programme: &Programme, slots: &mut [Slot], delay: &Delay) {
    let from = delay.from.timestamp();
    let Some(first) = slots.iter().position(|slot| slot.end > from) else {
        return;
    };
    let shift = delay.minutes * 60;
    let mut previous_original_end = slots[first].end;
    if slots[first].start <= from {
        slots[first].end += shift;
        slots[first].late_minutes += delay.minutes;
    } else {
        slots[first].start += shift;
        slots[first].end += shift;
        slots[first].late_minutes += delay.minutes;
    }
    let mut previous_end = slots[first].end;
    for slot in slots.iter_mut().skip(first + 1) {
        let gap = (slot.start - previous_original_end).max(0);
        previous_original_end = slot.end;
        let duration = slot.end - slot.start;
        let pinned = programme.sessions[slot.session].placement == Placement::Pinned;
        let start = if slot.is_break || pinned {
            slot.start.max(previous_end)
        } else {
            slot.start.max(previous_end + gap)
        };
        let end = if slot.is_break {
            slot.end.max(start)
        } else {
            start + duration
        };
        slot.late_minutes += (start - slot.start) / 60;
        slot.start = start;
        slot.end = end;
        previous_end = end;
    }
}
