//! Which conference day each session belongs to. Days run past midnight: a
//! session that starts before the day change (06:00) belongs to the day
//! before, as the schedules of night-long events have it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

use crate::model::{Programme, Session};

const DAY_CHANGE_HOURS: i64 = 6;

/// The conference day an instant belongs to, in the venue's zone.
pub fn day_of<Z: TimeZone>(instant: DateTime<Z>, zone: Tz) -> NaiveDate {
    (instant.with_timezone(&zone) - TimeDelta::hours(DAY_CHANGE_HOURS)).date_naive()
}

/// When conference day `date` begins: its day change (06:00) in the venue's
/// zone, or the first instant after it when a clock change skips it.
pub fn day_began(date: NaiveDate, zone: Tz) -> DateTime<FixedOffset> {
    let local = date.and_time(NaiveTime::MIN) + TimeDelta::hours(DAY_CHANGE_HOURS);
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + TimeDelta::hours(1)))
                .earliest()
        })
        .unwrap_or_else(|| local.and_utc().with_timezone(&zone))
        .fixed_offset()
}

pub struct Day {
    pub index: usize,
    pub date: NaiveDate,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// Indexes into `programme.sessions`, in programme order.
    pub sessions: Vec<usize>,
}

fn local_midnight(zone: Tz, date: NaiveDate) -> DateTime<FixedOffset> {
    zone.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
        .unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc().with_timezone(&zone))
        .fixed_offset()
}

/// The conference days with their sessions; sessions on no listed day get a
/// day of their own.
pub fn days(programme: &Programme) -> Vec<Day> {
    let zone = programme.conference.timezone;
    let day_of = |session: &std::sync::Arc<Session>| day_of(session.start, zone);
    let mut dates = programme.conference.days.clone();
    dates.extend(programme.sessions.iter().map(day_of));
    dates.sort();
    dates.dedup();
    dates
        .into_iter()
        .enumerate()
        .map(|(index, date)| {
            let sessions: Vec<usize> = programme
                .sessions
                .iter()
                .enumerate()
                .filter(|(_, session)| day_of(session) == date)
                .map(|(i, _)| i)
                .collect();
            let starts = sessions.iter().map(|&i| programme.sessions[i].start);
            let ends = sessions.iter().map(|&i| programme.sessions[i].end());
            let midnight = local_midnight(zone, date);
            Day {
                index: index + 1,
                date,
                start: starts.min().unwrap_or(midnight),
                end: ends.max().unwrap_or(midnight + TimeDelta::days(1)),
                sessions,
            }
        })
        .collect()
}
