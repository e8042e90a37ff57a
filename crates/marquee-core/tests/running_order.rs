//! Starts follow the running order: whatever the order and gaps, a following
//! session starts exactly when the one before it in its room ends plus its gap.

use chrono::{DateTime, TimeDelta, TimeZone};
use marquee_core::model::{
    Conference, FORMAT_VERSION, Placement, Programme, Room, RoomId, Session, SessionId, SessionKind,
};
use marquee_core::timing::{FlowNote, reflow};
use proptest::prelude::*;

fn programme(specs: &[(u8, bool, i64, i64, i64)]) -> Programme {
    let zone = chrono_tz::Europe::Berlin;
    // Saturday before the change to summer time, so some days cross it.
    let base = zone.with_ymd_and_hms(2026, 3, 28, 20, 0, 0).unwrap();
    let rooms = (0..3)
        .map(|i| Room {
            id: RoomId(format!("r{i}")),
            name: format!("Room {i}"),
            order: i,
        })
        .collect();
    let sessions = specs
        .iter()
        .enumerate()
        .map(|(i, &(room, follows, offset, minutes, gap))| Session {
            id: SessionId(format!("s{i}")),
            title: format!("Session {i}"),
            subtitle: None,
            kind: SessionKind::Talk,
            room: RoomId(format!("r{}", room % 3)),
            start: (base + TimeDelta::minutes(offset)).fixed_offset(),
            duration_minutes: minutes,
            placement: if follows {
                Placement::Follows { gap_minutes: gap }
            } else {
                Placement::Pinned
            },
            track: None,
            language: None,
            level: None,
            summary: String::new(),
            speakers: vec![],
            links: vec![],
        })
        .collect();
    Programme {
        format: FORMAT_VERSION,
        conference: Conference {
            title: "T".into(),
            acronym: None,
            timezone: zone,
            days: vec![],
            branding: Default::default(),
            source_url: None,
        },
        rooms,
        speakers: vec![],
        sessions,
    }
}

proptest! {
    #[test]
    fn following_sessions_start_after_their_predecessor(
        specs in prop::collection::vec((0u8..3, any::<bool>(), 0i64..2000, 5i64..180, 0i64..60), 1..40)
    ) {
        let mut p = programme(&specs);
        let pinned_before: Vec<DateTime<_>> = p.sessions.iter().map(|s| s.start).collect();
        reflow(&mut p);
        let zone = p.conference.timezone;
        let mut last_end: std::collections::HashMap<&RoomId, DateTime<_>> = Default::default();
        for (i, s) in p.sessions.iter().enumerate() {
            match (s.placement, last_end.get(&s.room)) {
                (Placement::Follows { gap_minutes }, Some(end)) => {
                    prop_assert_eq!(s.start, *end + TimeDelta::minutes(gap_minutes));
                }
                _ => prop_assert_eq!(s.start, pinned_before[i]),
            }
            // Every start carries the venue's offset at that instant.
            let venue_offset = *s.start.with_timezone(&zone).fixed_offset().offset();
            prop_assert_eq!(*s.start.offset(), venue_offset);
            last_end.insert(&s.room, s.end());
        }
        // A second pass changes nothing.
        let moved = reflow(&mut p)
            .into_iter()
            .filter(|note| matches!(note, FlowNote::Moved { .. }))
            .count();
        prop_assert_eq!(moved, 0);
    }
}
