//! When a loop that acts every so often acts next, with no I/O: the time
//! goes in and the next deadline comes out, so the policy is tested on
//! virtual time and a loop only sleeps until it. [`Cadence`] acts at once,
//! then every so often, and at once again when nudged (a screen's report
//! to its hub, an address fetched again or told of a new revision);
//! [`Settle`] acts once a burst of touches has gone quiet (a file an editor
//! writes in several steps).

use std::time::{Duration, Instant};

/// Every `every`, and at once when nudged.
#[derive(Debug, Clone)]
pub struct Cadence {
    every: Duration,
    /// When it acts next; `None`: now.
    due: Option<Instant>,
}

impl Cadence {
    /// A cadence that acts at once, then every `every`.
    pub fn new(every: Duration) -> Cadence {
        Cadence { every, due: None }
    }

    /// Whether it acts at `now`.
    pub fn is_due(&self, now: Instant) -> bool {
        self.due.is_none_or(|due| now >= due)
    }

    /// It acted at `now`: the next time is `every` later.
    pub fn acted(&mut self, now: Instant) {
        self.due = Some(now + self.every);
    }

    /// Acts at once, whenever it last acted.
    pub fn nudge(&mut self) {
        self.due = None;
    }

    /// How long a loop may sleep from `now` before it acts.
    pub fn wait(&self, now: Instant) -> Duration {
        self.due
            .map_or(Duration::ZERO, |due| due.saturating_duration_since(now))
    }
}

/// Once touches have gone quiet for `quiet`.
#[derive(Debug, Clone)]
pub struct Settle {
    quiet: Duration,
    last_touch: Option<Instant>,
}

impl Settle {
    pub fn new(quiet: Duration) -> Settle {
        Settle {
            quiet,
            last_touch: None,
        }
    }

    pub fn touched(&mut self, now: Instant) {
        self.last_touch = Some(now);
    }

    /// Whether the touches have settled at `now`: then it acts, once.
    pub fn settled(&mut self, now: Instant) -> bool {
        let settled = self
            .last_touch
            .is_some_and(|touch| now.saturating_duration_since(touch) >= self.quiet);
        if settled {
            self.last_touch = None;
        }
        settled
    }

    /// How long a loop may sleep from `now`: until the touches settle, or
    /// for good (`None`) when nothing was touched.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        self.last_touch
            .map(|touch| (touch + self.quiet).saturating_duration_since(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_cadence_acts_at_once_then_every_so_often_and_at_once_when_nudged() {
        let start = Instant::now();
        let mut report = Cadence::new(secs(30));
        assert!(report.is_due(start));
        report.acted(start);
        assert!(!report.is_due(start + secs(29)));
        assert_eq!(report.wait(start + secs(10)), secs(20));
        assert!(report.is_due(start + secs(30)));
        report.acted(start + secs(30));
        // The emergency message came on: the hub hears at once.
        report.nudge();
        assert!(report.is_due(start + secs(31)));
        assert_eq!(report.wait(start + secs(31)), Duration::ZERO);
        report.acted(start + secs(31));
        assert_eq!(report.wait(start + secs(31)), secs(30));
    }

    #[test]
    fn a_file_is_read_once_its_touches_have_settled() {
        let start = Instant::now();
        let ms = Duration::from_millis;
        let mut file = Settle::new(ms(60));
        assert_eq!(file.wait(start), None, "nothing to wait for");
        assert!(!file.settled(start));
        // An editor saves in three writes, 20 ms apart.
        for step in 0..3 {
            file.touched(start + ms(20 * step));
            assert!(!file.settled(start + ms(20 * step + 10)));
        }
        assert_eq!(file.wait(start + ms(50)), Some(ms(50)));
        assert!(!file.settled(start + ms(99)));
        assert!(file.settled(start + ms(100)));
        assert!(!file.settled(start + ms(200)), "read once");
    }
}
