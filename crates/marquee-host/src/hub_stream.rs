//! How a screen follows its hub's event stream, with no I/O in it: what
//! the stream did goes in with the time ([`StreamFollower::handle`], and
//! [`StreamFollower::handle_timeout`] when nothing came by
//! [`StreamFollower::deadline`]), and out comes what to do ([`Step`]): wake
//! the feed, which asks the hub for the programme, and open the stream
//! again after a wait. A stream that says nothing for [`SILENCE`] is taken
//! as stalled (proxies stall streams silently); a hub that is away is tried
//! again further apart, up to [`LONGEST_WAIT`]. `hub_events` drives it on a
//! socket.

use std::time::{Duration, Instant};

/// A stream silent this long is stalled: three missed heartbeats.
pub const SILENCE: Duration = Duration::from_secs(45);
/// The first wait before opening the stream again.
const FIRST_WAIT: Duration = Duration::from_secs(1);
// Short, so that screens are back within moments of the hub; an attempt
// every few seconds costs a hub nothing.
pub const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// What the stream did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamInput<'a> {
    /// The hub answered and the stream is open.
    Opened,
    /// A line of the stream.
    Line(&'a str),
    /// The stream ended, or broke off after it opened.
    Ended,
    /// The hub could not be reached, or did not open the stream.
    Failed,
}

/// What to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Step {
    /// Wake the feed: the programme may have changed.
    pub wake: bool,
    /// Close the stream, and open it again after this long.
    pub reopen_after: Option<Duration>,
}

#[derive(Debug)]
pub struct StreamFollower {
    wait: Duration,
    /// When the open stream last said anything.
    heard: Option<Instant>,
}

impl Default for StreamFollower {
    fn default() -> Self {
        StreamFollower {
            wait: FIRST_WAIT,
            heard: None,
        }
    }
}

impl StreamFollower {
    pub fn handle(&mut self, input: StreamInput<'_>, now: Instant) -> Step {
        match input {
            // Opened (again): whatever changed while it was closed is fetched now.
            StreamInput::Opened => {
                self.heard = Some(now);
                Step {
                    wake: true,
                    reopen_after: None,
                }
            }
            StreamInput::Line(line) => {
                self.heard = Some(now);
                Step {
                    wake: line == "event: revision",
                    reopen_after: None,
                }
            }
            StreamInput::Ended => {
                self.wait = FIRST_WAIT;
                self.lost()
            }
            StreamInput::Failed => {
                self.wait = (self.wait * 2).min(LONGEST_WAIT);
                self.lost()
            }
        }
    }

    /// Nothing came by [`StreamFollower::deadline`]: a stream silent for
    /// [`SILENCE`] is ended.
    pub fn handle_timeout(&mut self, now: Instant) -> Step {
        match self.heard {
            Some(heard) if now.saturating_duration_since(heard) >= SILENCE => {
                self.handle(StreamInput::Ended, now)
            }
            _ => Step::default(),
        }
    }

    /// When the open stream is stalled unless it says something first.
    pub fn deadline(&self) -> Option<Instant> {
        self.heard.map(|heard| heard + SILENCE)
    }

    /// The stream is gone: the feed asks now, and so finds out at once
    /// whether the hub is away.
    fn lost(&mut self) -> Step {
        self.heard = None;
        Step {
            wake: true,
            reopen_after: Some(self.wait),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_revision_wakes_the_feed_and_a_heartbeat_keeps_the_stream() {
        let start = Instant::now();
        let mut follower = StreamFollower::default();
        assert!(follower.handle(StreamInput::Opened, start).wake);
        assert_eq!(follower.deadline(), Some(start + SILENCE));
        let heartbeat = follower.handle(StreamInput::Line("event: time"), start + secs(15));
        assert_eq!(heartbeat, Step::default());
        assert_eq!(follower.deadline(), Some(start + secs(15) + SILENCE));
        let revision = follower.handle(StreamInput::Line("event: revision"), start + secs(20));
        assert!(revision.wake && revision.reopen_after.is_none());
        // 44 s after the last line the stream stands; at 45 s it is stalled.
        assert_eq!(follower.handle_timeout(start + secs(64)), Step::default());
        let stalled = follower.handle_timeout(start + secs(65));
        assert_eq!(
            stalled,
            Step {
                wake: true,
                reopen_after: Some(secs(1))
            }
        );
        assert_eq!(follower.deadline(), None);
    }

    #[test]
    fn a_hub_away_is_tried_again_further_apart_up_to_five_seconds() {
        let start = Instant::now();
        let mut follower = StreamFollower::default();
        let waits: Vec<_> = (0..5)
            .map(|i| {
                let step = follower.handle(StreamInput::Failed, start + secs(i));
                assert!(step.wake, "each attempt asks the hub for the programme");
                step.reopen_after.unwrap()
            })
            .collect();
        assert_eq!(waits, [secs(2), secs(4), secs(5), secs(5), secs(5)]);
        // Back, then ended by the hub: the next attempt comes at once again.
        follower.handle(StreamInput::Opened, start + secs(30));
        let ended = follower.handle(StreamInput::Ended, start + secs(31));
        assert_eq!(ended.reopen_after, Some(secs(1)));
    }
}
