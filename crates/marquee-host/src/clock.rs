//! The screen's clock: the real time, or a simulated one that starts at a
//! chosen instant and runs at a chosen rate (for previews, rehearsals and
//! soak tests). The engine is asked about this clock's time, never the
//! system's directly.

use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDateTime, NaiveTime, TimeZone, Utc};
use marquee_core::Programme;

/// Where a simulated clock starts, as given on the command line or in the
/// screen's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockStart {
    /// `2016-06-06T10:42:00-04:00`
    Instant(DateTime<FixedOffset>),
    /// `2016-06-06T10:42` in the venue's zone.
    Local(NaiveDateTime),
    /// `10:42` on the programme's first day, in the venue's zone.
    FirstDay(NaiveTime),
}

/// As `screen.toml` writes it: the same text as the command line.
impl<'de> serde::Deserialize<'de> for ClockStart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for ClockStart {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
            return Ok(ClockStart::Instant(instant));
        }
        for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(ClockStart::Local(local));
            }
        }
        NaiveTime::parse_from_str(text, "%H:%M")
            .map(ClockStart::FirstDay)
            .map_err(|_| {
                format!(
                    "{text:?} is not an instant: use 2016-06-06T10:42:00-04:00, \
                     2016-06-06T10:42 (venue time) or 10:42 (the first day, venue time)"
                )
            })
    }
}

impl ClockStart {
    /// The instant this start names for `programme`.
    pub fn resolve(&self, programme: &Programme) -> DateTime<Utc> {
        let zone = programme.conference.timezone;
        let local = |at: NaiveDateTime| {
            zone.from_local_datetime(&at)
                .earliest()
                // A time skipped by daylight saving: an hour on is the same wall time.
                .or_else(|| {
                    zone.from_local_datetime(&(at + chrono::Duration::hours(1)))
                        .earliest()
                })
                .map(|at| at.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&at))
        };
        match self {
            ClockStart::Instant(at) => at.with_timezone(&Utc),
            ClockStart::Local(at) => local(*at),
            ClockStart::FirstDay(time) => {
                let first_day = programme
                    .sessions
                    .iter()
                    .map(|s| s.start.with_timezone(&zone).date_naive())
                    .min()
                    .or_else(|| programme.conference.days.first().copied())
                    .unwrap_or_else(|| Utc::now().with_timezone(&zone).date_naive());
                local(first_day.and_time(*time))
            }
        }
    }
}

/// The time a screen shows.
#[derive(Debug, Clone, Copy)]
pub enum ScreenClock {
    Real,
    Simulated {
        /// When the simulation started, on the monotonic clock.
        origin: Instant,
        start: DateTime<Utc>,
        /// Simulated seconds per real second; 0 stands still.
        rate: f64,
    },
}

impl ScreenClock {
    pub fn simulated(start: DateTime<Utc>, rate: f64) -> Self {
        ScreenClock::Simulated {
            origin: Instant::now(),
            start,
            rate,
        }
    }

    pub fn is_simulated(&self) -> bool {
        matches!(self, ScreenClock::Simulated { .. })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.at(Instant::now())
    }

    /// The screen's time at the monotonic instant `wall`.
    pub fn at(&self, wall: Instant) -> DateTime<Utc> {
        match *self {
            ScreenClock::Real => Utc::now(),
            ScreenClock::Simulated {
                origin,
                start,
                rate,
            } => {
                let elapsed = wall.saturating_duration_since(origin).as_secs_f64() * rate;
                start + chrono::Duration::microseconds((elapsed * 1e6) as i64)
            }
        }
    }

    /// How long to sleep from `now` until the screen's time reaches `until`;
    /// `None` when it never will (a clock standing still).
    pub fn wait(&self, now: DateTime<Utc>, until: DateTime<Utc>) -> Option<Duration> {
        let ahead = (until - now).to_std().unwrap_or(Duration::ZERO);
        match *self {
            ScreenClock::Real => Some(ahead),
            ScreenClock::Simulated { rate, .. } if rate > 0.0 => {
                Some(Duration::from_secs_f64(ahead.as_secs_f64() / rate))
            }
            ScreenClock::Simulated { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::default_programme as programme;

    #[test]
    fn a_time_alone_means_that_time_on_the_first_day_in_the_venue() {
        let start: ClockStart = "10:42".parse().unwrap();
        assert_eq!(
            start.resolve(&programme()).to_rfc3339(),
            "2016-06-06T14:42:00+00:00"
        );
        let local: ClockStart = "2016-06-07T09:00".parse().unwrap();
        assert_eq!(
            local.resolve(&programme()).to_rfc3339(),
            "2016-06-07T13:00:00+00:00"
        );
        let instant: ClockStart = "2016-06-06T10:42:00+02:00".parse().unwrap();
        assert_eq!(
            instant.resolve(&programme()).to_rfc3339(),
            "2016-06-06T08:42:00+00:00"
        );
    }

    #[test]
    fn a_wrong_instant_says_what_would_be_right() {
        let err = "half past ten".parse::<ClockStart>().unwrap_err();
        assert!(err.contains("10:42 (the first day"), "{err}");
    }

    #[test]
    fn a_simulated_clock_runs_at_its_rate() {
        let start = Utc.with_ymd_and_hms(2016, 6, 6, 14, 42, 0).unwrap();
        let clock = ScreenClock::simulated(start, 60.0);
        let ScreenClock::Simulated { origin, .. } = clock else {
            unreachable!()
        };
        let later = clock.at(origin + Duration::from_secs(2));
        assert_eq!(later - start, chrono::Duration::minutes(2));
        let wait = clock.wait(start, start + chrono::Duration::minutes(1));
        assert_eq!(wait, Some(Duration::from_secs(1)));
        let frozen = ScreenClock::simulated(start, 0.0);
        assert_eq!(frozen.at(origin + Duration::from_secs(100)), start);
        assert_eq!(
            frozen.wait(start, start + chrono::Duration::minutes(1)),
            None
        );
    }
}
