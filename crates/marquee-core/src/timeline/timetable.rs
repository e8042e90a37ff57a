//! The timetable the engine reads: each room's sessions as seconds since the
//! epoch, sorted, with the programme's delays applied. Built once per
//! programme, so that every question about an instant is a binary search.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::days::day_of;
use crate::model::{Delay, Placement, Programme, RoomId, SessionKind};

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
    /// The timetable of the rooms `rooms` selects (all when empty), as they
    /// will run: with the programme's delays.
    pub fn new(programme: &Programme, rooms: &[RoomId]) -> Timetable {
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
                // One delay per room: the last said counts.
                if let Some((first, delay)) = programme.delays.iter().rev().find_map(|delay| {
                    slots
                        .iter()
                        .position(|slot| programme.sessions[slot.session].id == delay.session)
                        .map(|first| (first, delay))
                }) {
                    apply_delay(programme, &mut slots, first, delay);
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

/// The programme as it will run: every session at the time its room's
/// delay puts it, with no delay left to apply; for feeds and tools that know
/// nothing of delays.
pub fn as_run(programme: &Programme) -> Programme {
    let mut run = programme.clone();
    if programme.delays.is_empty() {
        return run;
    }
    let zone = programme.conference.timezone;
    let table = Timetable::new(programme, &[]);
    for slot in table.lines.iter().flat_map(|line| &line.slots) {
        let session = std::sync::Arc::make_mut(&mut run.sessions[slot.session]);
        session.start = zone
            .timestamp_opt(slot.start, 0)
            .single()
            .expect("a slot's start is in range")
            .fixed_offset();
        session.duration_minutes = (slot.end - slot.start) / 60;
    }
    run.delays.clear();
    run
}

/// Shifts a room's slots from `slots[first]`, the delay's session, on: it
/// starts and ends as the delay says, later sessions that follow keep their
/// gaps (earlier too, when it ended early), a break ends on time if it can
/// (shortened), and a pinned session never starts before its time.
fn apply_delay(programme: &Programme, slots: &mut [Slot], first: usize, delay: &Delay) {
    let mut previous_original_end = slots[first].end;
    let anchor = &mut slots[first];
    anchor.start += delay.started_minutes * 60;
    anchor.end = (anchor.end + delay.minutes * 60).max(anchor.start);
    anchor.late_minutes = delay.minutes;
    let mut previous_end = anchor.end;
    for slot in slots.iter_mut().skip(first + 1) {
        let gap = (slot.start - previous_original_end).max(0);
        previous_original_end = slot.end;
        let duration = slot.end - slot.start;
        let follows = matches!(
            programme.sessions[slot.session].placement,
            Placement::Follows { .. }
        );
        let start = if slot.is_break || !follows {
            slot.start.max(previous_end)
        } else {
            previous_end + gap
        };
        let end = if slot.is_break {
            slot.end.max(start)
        } else {
            start + duration
        };
        slot.late_minutes = (start - slot.start) / 60;
        slot.start = start;
        slot.end = end;
        previous_end = end;
    }
}
