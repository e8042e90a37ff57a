//! When each announcement is on a screen: its `from`/`until`, days and times
//! of day turned into intervals of seconds once, when the engine is made, so
//! that asking at an instant is a search and the next change a lookup.
//! Times of day are the venue's wall clock: on the day clocks go forward a
//! time that does not exist is taken as the first one after the gap, and on
//! the day they go back a time that happens twice as the first.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

use crate::model::{Announcement, Programme, RoomId};

/// The announcements meant for one screen, with their intervals.
#[derive(Debug, Clone, Default)]
pub struct Windows {
    /// (index into `programme.announcements`, its intervals `[start, end)`, sorted).
    shown: Vec<(usize, Vec<(i64, i64)>)>,
    /// Every start and end, sorted: the instants the set shown changes.
    boundaries: Vec<i64>,
}

impl Windows {
    /// The windows of the announcements for a screen of `rooms` (all when empty).
    pub fn new(programme: &Programme, rooms: &[RoomId]) -> Windows {
        let zone = programme.conference.timezone;
        let mut dates = programme.conference.days.clone();
        dates.extend(
            programme
                .sessions
                .iter()
                .map(|s| s.start.with_timezone(&zone).date_naive()),
        );
        dates.sort();
        dates.dedup();
        let shown: Vec<(usize, Vec<(i64, i64)>)> = programme
            .announcements
            .iter()
            .enumerate()
            .filter(|(_, a)| meant_for(a, rooms))
            .map(|(i, a)| (i, intervals(a, zone, &dates)))
            .filter(|(_, windows)| !windows.is_empty())
            .collect();
        let mut boundaries: Vec<i64> = shown
            .iter()
            .flat_map(|(_, w)| w.iter().flat_map(|&(s, e)| [s, e]))
            .filter(|b| (i64::MIN + 1..i64::MAX).contains(b))
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        Windows { shown, boundaries }
    }

    /// The announcements on at `t`, in the programme's order.
    pub fn on_at(&self, t: i64) -> impl Iterator<Item = usize> + '_ {
        self.shown.iter().filter_map(move |(i, windows)| {
            let at = windows.partition_point(|&(_, end)| end <= t);
            windows
                .get(at)
                .is_some_and(|&(start, _)| start <= t)
                .then_some(*i)
        })
    }

    /// The first instant after `t` at which an announcement comes or goes.
    pub fn next_after(&self, t: i64) -> Option<i64> {
        let at = self.boundaries.partition_point(|&b| b <= t);
        self.boundaries.get(at).copied()
    }
}

/// A screen of `rooms` shows what is meant for every screen, and a room's
/// announcement only when it covers that room: a screen of all rooms (empty)
/// shows only what is meant for every screen.
fn meant_for(a: &Announcement, rooms: &[RoomId]) -> bool {
    a.rooms.is_empty() || a.rooms.iter().any(|r| rooms.contains(r))
}

fn intervals(a: &Announcement, zone: Tz, conference_days: &[NaiveDate]) -> Vec<(i64, i64)> {
    let from = a.from.map_or(i64::MIN, |f| f.timestamp());
    let until = a.until.map_or(i64::MAX, |u| u.timestamp());
    let days = if a.days.is_empty() {
        conference_days
    } else {
        &a.days
    };
    let raw: Vec<(i64, i64)> = match (a.days.is_empty(), a.times.is_empty()) {
        (true, true) => vec![(from, until)],
        (false, true) => days
            .iter()
            .map(|d| {
                let next = *d + TimeDelta::days(1);
                (
                    wall(zone, d.and_time(chrono::NaiveTime::MIN)),
                    wall(zone, next.and_time(chrono::NaiveTime::MIN)),
                )
            })
            .collect(),
        (_, false) => days
            .iter()
            .flat_map(|d| {
                a.times.iter().map(move |times| {
                    let end_day = if times.until <= times.from {
                        *d + TimeDelta::days(1)
                    } else {
                        *d
                    };
                    (
                        wall(zone, d.and_time(times.from)),
                        wall(zone, end_day.and_time(times.until)),
                    )
                })
            })
            .collect(),
    };
    let mut clipped: Vec<(i64, i64)> = raw
        .into_iter()
        .map(|(s, e)| (s.max(from), e.min(until)))
        .filter(|(s, e)| s < e)
        .collect();
    clipped.sort_unstable();
    // Overlapping windows (two times of one day) become one.
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(clipped.len());
    for (s, e) in clipped {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The instant of a wall-clock time at the venue.
fn wall(zone: Tz, local: NaiveDateTime) -> i64 {
    // Gaps in the wall clock last an hour at most (half an hour in a few zones).
    (0..=4)
        .find_map(|step| {
            zone.from_local_datetime(&(local + TimeDelta::minutes(30 * step)))
                .earliest()
                .map(|at| {
                    if step == 0 {
                        at
                    } else {
                        first_after_gap(zone, local, at)
                    }
                })
        })
        .map_or_else(|| local.and_utc().timestamp(), |at| at.timestamp())
}

/// The first instant of the wall clock after a gap that `local` fell in:
/// the gap's end, found a minute at a time back from `after`.
fn first_after_gap(
    zone: Tz,
    local: NaiveDateTime,
    after: chrono::DateTime<Tz>,
) -> chrono::DateTime<Tz> {
    let mut best = after;
    let mut probe = after.naive_local();
    while probe > local {
        probe -= TimeDelta::minutes(1);
        match zone.from_local_datetime(&probe).earliest() {
            Some(at) => best = at,
            None => break,
        }
    }
    best
}
