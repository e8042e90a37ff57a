//! Starts follow the running order: whatever the order and gaps, a following
//! session starts exactly when the one before it in its room ends plus its gap.

mod common;

use chrono::{DateTime, TimeDelta};
use marquee_core::model::{Placement, RoomId};
use marquee_core::timing::{FlowNote, reflow};
use proptest::prelude::*;

proptest! {
    #[test]
    fn following_sessions_start_after_their_predecessor(
        specs in prop::collection::vec((0u8..3, any::<bool>(), 0i64..2000, 5i64..180, 0i64..60, Just(false)), 1..40)
    ) {
        let mut p = common::generated_programme(&specs);
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
