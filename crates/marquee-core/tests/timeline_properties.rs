//! Properties of the engine over random programmes and instants, and a
//! second-by-second replay of 38C3 (four days, 1,007 events, past midnight).

mod common;

use std::collections::HashSet;

use chrono::{DateTime, TimeZone, Utc};
use marquee_core::timeline::{Engine, Moment, ScreenConfig};
use marquee_core::{ImportOptions, import};
use proptest::prelude::*;

fn instant(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).unwrap()
}

fn check_moment(engine: &Engine, t: i64, moment: &Moment) -> Result<(), TestCaseError> {
    for room in &moment.rooms {
        for run in &room.running {
            let slot = engine.table.slot(run.slot);
            prop_assert!(
                slot.start <= t && t < slot.end,
                "a running session contains the instant"
            );
        }
        if let Some(next) = room.next {
            let slot = engine.table.slot(next.slot);
            prop_assert!(slot.start > t, "the next session starts after the instant");
            for run in &room.running {
                prop_assert!(
                    slot.start >= engine.table.slot(run.slot).start,
                    "and after the current one"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn instants_and_changes_agree(
        specs in prop::collection::vec((0u8..3, any::<bool>(), 0i64..3000, 1i64..240, 0i64..30, any::<bool>()), 1..30),
        offsets in prop::collection::vec(-120i64..3200, 1..8),
        scene_seconds in 1u32..40,
    ) {
        let p = common::generated_programme(&specs);
        let config = ScreenConfig::default().with_scene_seconds(scene_seconds);
        let engine = Engine::new(p.clone().into(), config.clone());
        let twin = Engine::new(p.clone().into(), config);
        let base = p.sessions.iter().map(|s| s.start.timestamp()).min().unwrap();
        for offset in offsets {
            let t = base + offset * 60 + offset.rem_euclid(59);
            let moment = engine.state_at(&instant(t));
            check_moment(&engine, t, &moment)?;
            prop_assert_eq!(&moment, &twin.state_at(&instant(t)), "scene choice is deterministic");
            let next = engine.next_change_after(&instant(t)).timestamp();
            prop_assert!(next > t, "the next change is after the instant");
            for probe in [t + 1, (t + next) / 2, next - 1] {
                if probe > t && probe < next {
                    prop_assert_eq!(&engine.state_at(&instant(probe)), &moment, "nothing changes before the next change");
                }
            }
            prop_assert_ne!(&engine.state_at(&instant(next)), &moment, "something changes at the next change");
        }
    }

    #[test]
    fn walking_through_changes_shows_every_session_once(
        specs in prop::collection::vec((0u8..3, Just(false), 0i64..1500, 1i64..120, Just(0i64), any::<bool>()), 1..20),
    ) {
        let p = common::generated_programme(&specs);
        let engine = Engine::new(p.clone().into(), ScreenConfig::default());
        let first = p.sessions.iter().map(|s| s.start.timestamp()).min().unwrap() - 60;
        let last = p.sessions.iter().map(|s| s.end().timestamp()).max().unwrap() + 60;
        let mut t = first;
        let mut seen: HashSet<usize> = HashSet::new();
        let mut previous: HashSet<usize> = HashSet::new();
        while t < last {
            let moment = engine.state_at(&instant(t));
            let running: HashSet<usize> = moment
                .rooms
                .iter()
                .flat_map(|r| r.running.iter().map(|run| engine.table.slot(run.slot).session))
                .collect();
            for session in &running {
                prop_assert!(previous.contains(session) || !seen.contains(session), "a session is never shown twice");
            }
            seen.extend(&running);
            previous = running;
            t = engine.next_change_after(&instant(t)).timestamp();
        }
        let all: HashSet<usize> = (0..p.sessions.len()).collect();
        prop_assert_eq!(seen, all, "no session is skipped");
    }
}

#[test]
fn replay_38c3_second_by_second() {
    let p = import(
        &common::read_shared("schedules/frab-xml/38c3-schedule.xml"),
        &ImportOptions::default(),
    )
    .unwrap()
    .programme;
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    let first = p
        .sessions
        .iter()
        .map(|s| s.start.timestamp())
        .min()
        .unwrap()
        - 3600;
    let last = p
        .sessions
        .iter()
        .map(|s| s.end().timestamp())
        .max()
        .unwrap()
        + 3600;
    let mut moment = engine.state_at(&instant(first));
    let mut next_change = engine.next_change_after(&instant(first)).timestamp();
    let mut seen = HashSet::new();
    let mut changes = 0;
    for t in first + 1..=last {
        let now = engine.state_at(&instant(t));
        if t == next_change {
            changes += 1;
            next_change = engine.next_change_after(&instant(t)).timestamp();
            assert!(next_change > t);
        } else {
            assert_eq!(
                now,
                moment,
                "a change at {} that was not announced",
                instant(t)
            );
        }
        for room in &now.rooms {
            for run in &room.running {
                let slot = engine.table.slot(run.slot);
                assert!(slot.start <= t && t < slot.end);
                seen.insert(slot.session);
            }
        }
        moment = now;
    }
    assert_eq!(seen.len(), p.sessions.len(), "every event was on screen");
    assert!(changes > 5_000, "{changes} changes");
}
