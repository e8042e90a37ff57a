//! The stage monitors the hub hears from: when each room's monitor last
//! spoke and which message it last said it shows, so that the room's chair
//! sees "seen on stage" or "not seen yet", and a monitor gone silent as
//! offline. Kept in memory only: a hub started again hears every monitor
//! again within seconds.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use marquee_core::model::RoomId;

/// A monitor silent this long is offline; monitors speak every 10 s.
pub const SILENCE: TimeDelta = TimeDelta::seconds(30);

/// What the hub last heard from one room's stage monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Monitor {
    pub heard_at: DateTime<Utc>,
    /// The message it said it shows (by when it was sent), and since when.
    pub seen: Option<Acknowledged>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acknowledged {
    /// The message's `since`, which names it.
    pub message: DateTime<FixedOffset>,
    /// When the monitor first said it shows it.
    pub at: DateTime<Utc>,
}

impl Monitor {
    pub fn online(&self, now: DateTime<Utc>) -> bool {
        now - self.heard_at < SILENCE
    }

    /// When the monitor first showed the message sent at `message`, if it did.
    pub fn seen(&self, message: DateTime<FixedOffset>) -> Option<DateTime<Utc>> {
        self.seen
            .filter(|ack| ack.message == message)
            .map(|ack| ack.at)
    }
}

#[derive(Debug, Default)]
pub struct StageMonitors {
    rooms: BTreeMap<RoomId, Monitor>,
}

impl StageMonitors {
    /// `room`'s monitor spoke at `now`, showing the message sent at
    /// `showing`, if any. True when its chair should hear of it: a message
    /// seen for the first time, or a monitor back from silence.
    pub fn heard(
        &mut self,
        room: RoomId,
        showing: Option<DateTime<FixedOffset>>,
        now: DateTime<Utc>,
    ) -> bool {
        let before = self.rooms.get(&room).copied();
        let back = before.is_none_or(|m| !m.online(now));
        let seen = match (showing, before.and_then(|m| m.seen)) {
            (Some(message), Some(ack)) if ack.message == message => Some(ack),
            (Some(message), _) => Some(Acknowledged { message, at: now }),
            // It shows none: a message brought back later is not seen yet.
            (None, _) => None,
        };
        let news = seen.map(|ack| ack.message) != before.and_then(|m| m.seen).map(|a| a.message);
        self.rooms.insert(
            room,
            Monitor {
                heard_at: now,
                seen,
            },
        );
        back || news
    }

    pub fn monitor(&self, room: &RoomId) -> Option<Monitor> {
        self.rooms.get(room).copied()
    }

    /// Forgets the monitors of rooms the programme no longer has.
    pub fn keep_only(&mut self, rooms: impl Fn(&RoomId) -> bool) {
        self.rooms.retain(|room, _| rooms(room));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_465_221_600 + seconds, 0).unwrap()
    }

    fn sent(seconds: i64) -> DateTime<FixedOffset> {
        at(seconds).fixed_offset()
    }

    #[test]
    fn a_message_is_seen_from_the_first_time_the_monitor_shows_it() {
        let mut monitors = StageMonitors::default();
        let hall = RoomId::from("hall");
        assert!(
            monitors.heard(hall.clone(), None, at(0)),
            "a monitor appears"
        );
        assert!(
            !monitors.heard(hall.clone(), None, at(10)),
            "a heartbeat is no news"
        );
        assert!(
            monitors.heard(hall.clone(), Some(sent(12)), at(13)),
            "a message seen"
        );
        assert!(!monitors.heard(hall.clone(), Some(sent(12)), at(23)));
        let monitor = monitors.monitor(&hall).unwrap();
        assert_eq!(monitor.seen(sent(12)), Some(at(13)), "first seen, not last");
        assert_eq!(
            monitor.seen(sent(40)),
            None,
            "a newer message is not seen yet"
        );
        assert!(monitors.heard(hall.clone(), Some(sent(40)), at(41)));
        assert_eq!(
            monitors.monitor(&hall).unwrap().seen(sent(40)),
            Some(at(41))
        );
    }

    #[test]
    fn a_monitor_silent_for_thirty_seconds_is_offline_until_it_speaks() {
        let mut monitors = StageMonitors::default();
        let hall = RoomId::from("hall");
        monitors.heard(hall.clone(), None, at(0));
        let monitor = monitors.monitor(&hall).unwrap();
        assert!(monitor.online(at(29)));
        assert!(!monitor.online(at(30)));
        assert!(
            monitors.heard(hall.clone(), None, at(45)),
            "back from silence is news"
        );
        assert!(monitors.monitor(&hall).unwrap().online(at(46)));
        assert!(monitors.monitor(&RoomId::from("attic")).is_none());
        monitors.keep_only(|room| room.as_str() != "hall");
        assert!(monitors.monitor(&hall).is_none());
    }
}
