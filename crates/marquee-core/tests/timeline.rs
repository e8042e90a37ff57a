//! The timeline engine at hand-picked instants: the seed's day, daylight
//! saving in New York and Berlin, a day that runs to 04:00, delays that a
//! break absorbs, overlaps, rotation and a replaced programme.

mod common;

use chrono::{DateTime, FixedOffset};
use marquee_core::edit::{self, Operation};
use marquee_core::format::parse;
use marquee_core::model::{Programme, RoomId};
use marquee_core::timeline::{Engine, Scene, ScreenConfig, Situation, now_report};
use marquee_core::{ImportOptions, import};
use serde_json::{Value, json};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn seed() -> Programme {
    import(
        &common::read_shared(common::SEED),
        &ImportOptions::default(),
    )
    .unwrap()
    .programme
}

fn programme(timezone: &str, sessions: Value) -> Programme {
    let value = json!({
        "format": 1,
        "conference": {"title": "T", "timezone": timezone},
        "rooms": [{"id": "a", "name": "Room A", "order": 0}, {"id": "b", "name": "Room B", "order": 1}],
        "speakers": [{"id": "ann", "name": "Ann"}],
        "sessions": sessions,
    });
    parse(&value.to_string()).unwrap().programme
}

fn session(id: &str, room: &str, start: &str, minutes: i64) -> Value {
    json!({"id": id, "title": id.to_uppercase(), "kind": if id.starts_with("break") { "break" } else { "talk" },
           "room": room, "start": start, "duration_minutes": minutes})
}

/// `(room, current id, current end, next id, next start)` from the report.
type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn report(engine: &Engine, instant: &str) -> Vec<Row> {
    now_report(engine, &at(instant))
        .rooms
        .into_iter()
        .map(|r| {
            (
                r.room,
                r.current.as_ref().map(|c| c.id.clone()),
                r.current.map(|c| c.end),
                r.next.as_ref().map(|n| n.id.clone()),
                r.next.map(|n| n.start),
            )
        })
        .collect()
}

#[test]
fn the_seed_day_from_before_the_start_to_after_the_end() {
    let p = seed();
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    let situation = |instant: &str| engine.state_at(&at(instant)).situation;
    assert!(matches!(
        situation("2016-06-05T12:00:00-04:00"),
        Situation::BeforeConference { .. }
    ));
    assert!(matches!(
        situation("2016-06-06T08:30:00-04:00"),
        Situation::BeforeDay { .. }
    ));
    assert_eq!(
        situation("2016-06-06T10:42:00-04:00"),
        Situation::InProgress
    );
    assert_eq!(
        situation("2016-06-06T20:00:00-04:00"),
        Situation::AfterConference
    );

    let moment = engine.state_at(&at("2016-06-06T10:42:00-04:00"));
    let main = &moment.rooms[0];
    assert_eq!(main.running.len(), 1);
    assert_eq!(main.running[0].remaining_minutes, 13);
    assert_eq!(main.running[0].elapsed_minutes, 12);
    assert_eq!(main.running[0].progress_permille, 480);
    assert_eq!(main.next.unwrap().starts_in_minutes, 18);
    assert_eq!(
        report(&engine, "2016-06-06T10:42:00-04:00")[0],
        (
            "Main Hall".into(),
            Some("compliance".into()),
            Some("2016-06-06T10:55:00-04:00".into()),
            Some("layerx".into()),
            Some("2016-06-06T11:00:00-04:00".into())
        )
    );
}

#[test]
fn lunch_is_a_break_with_what_comes_after_it() {
    let p = seed();
    // Only the main hall: the workshop room has a workshop running over lunch.
    let config = ScreenConfig {
        rooms: vec![RoomId::from("main-hall")],
        ..ScreenConfig::default()
    };
    let engine = Engine::new(p.clone().into(), config);
    match engine.state_at(&at("2016-06-06T12:45:00-04:00")).situation {
        Situation::Break {
            current,
            next: Some(next),
        } => {
            assert_eq!(
                p.sessions[engine.table.slot(current).session].title,
                "Lunch"
            );
            assert_eq!(
                p.sessions[engine.table.slot(next).session].id.as_str(),
                "servicefabric"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_delay_moves_later_talks_until_the_lunch_break_absorbs_it() {
    let late = Operation::Late {
        room: RoomId::from("main-hall"),
        minutes: 20,
        session: None,
        started_minutes: None,
    };
    let said = at("2016-06-06T11:40:00-04:00").with_timezone(&chrono::Utc);
    let p = edit::apply(&seed(), &[late], said).unwrap().programme;
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    let rows = report(&engine, "2016-06-06T11:40:00-04:00");
    assert_eq!(
        rows[0].2.as_deref(),
        Some("2016-06-06T12:15:00-04:00"),
        "schedulers ends 20 min late"
    );
    assert_eq!(
        rows[0].4.as_deref(),
        Some("2016-06-06T12:20:00-04:00"),
        "overlay starts 20 min late"
    );
    let lunch = report(&engine, "2016-06-06T12:50:00-04:00");
    assert_eq!(lunch[0].1.as_deref(), Some("lunch"));
    assert_eq!(
        lunch[0].2.as_deref(),
        Some("2016-06-06T13:30:00-04:00"),
        "lunch still ends on time"
    );
    assert_eq!(
        lunch[0].4.as_deref(),
        Some("2016-06-06T13:30:00-04:00"),
        "the afternoon is on time"
    );
    let moment = engine.state_at(&at("2016-06-06T12:00:00-04:00"));
    assert_eq!(moment.rooms[0].late_minutes, 20);
    assert_eq!(
        engine.state_at(&at("2016-06-06T13:40:00-04:00")).rooms[0].late_minutes,
        0
    );
}

#[test]
fn new_york_daylight_saving_weekends() {
    // 8 March 2026: 02:00 EST becomes 03:00 EDT. 1 November 2026: 02:00 EDT becomes 01:00 EST.
    let p = programme(
        "America/New_York",
        json!([
            session("spring", "a", "2026-03-08T01:00:00-05:00", 120),
            session("fall", "a", "2026-11-01T00:30:00-04:00", 120),
        ]),
    );
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    let spring = report(&engine, "2026-03-08T03:30:00-04:00");
    assert_eq!(spring[0].1.as_deref(), Some("spring"));
    assert_eq!(
        spring[0].2.as_deref(),
        Some("2026-03-08T04:00:00-04:00"),
        "two hours across the skipped hour"
    );
    let fall = report(&engine, "2026-11-01T01:45:00-04:00");
    assert_eq!(fall[0].1.as_deref(), Some("fall"));
    assert_eq!(
        fall[0].2.as_deref(),
        Some("2026-11-01T01:30:00-05:00"),
        "two hours across the repeated hour"
    );
    let moment = engine.state_at(&at("2026-11-01T01:15:00-05:00"));
    assert_eq!(moment.rooms[0].running[0].remaining_minutes, 15);
}

#[test]
fn berlin_daylight_saving_weekends() {
    let p = programme(
        "Europe/Berlin",
        json!([
            session("march", "a", "2026-03-29T01:30:00+01:00", 60),
            session("october", "a", "2026-10-25T02:30:00+02:00", 60),
        ]),
    );
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    assert_eq!(
        report(&engine, "2026-03-29T03:15:00+02:00")[0].2.as_deref(),
        Some("2026-03-29T03:30:00+02:00")
    );
    assert_eq!(
        report(&engine, "2026-10-25T02:15:00+01:00")[0].2.as_deref(),
        Some("2026-10-25T02:30:00+01:00")
    );
    let now = now_report(&engine, &at("2026-10-25T01:15:00Z"));
    assert_eq!(
        now.at, "2026-10-25T02:15:00+01:00",
        "reported in the venue's offset"
    );
}

#[test]
fn a_day_that_runs_to_four_in_the_morning() {
    let p = programme(
        "Europe/Berlin",
        json!([
            session("evening", "a", "2024-12-27T22:00:00+01:00", 120),
            session("night", "a", "2024-12-28T01:00:00+01:00", 180),
            session("morning", "a", "2024-12-28T10:30:00+01:00", 60),
        ]),
    );
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    let three = engine.state_at(&at("2024-12-28T03:00:00+01:00"));
    assert_eq!(three.situation, Situation::InProgress);
    assert_eq!(three.rooms[0].running[0].remaining_minutes, 60);
    // Between sessions after midnight it is still the evening's day.
    let gap = engine.state_at(&at("2024-12-28T00:30:00+01:00"));
    assert!(
        matches!(gap.situation, Situation::Gap { .. }),
        "{:?}",
        gap.situation
    );
    let dawn = engine.state_at(&at("2024-12-28T05:00:00+01:00"));
    match dawn.situation {
        Situation::EndOfDay { next_day } => assert_eq!(
            p.sessions[engine.table.slot(next_day).session].id.as_str(),
            "morning"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn overlapping_sessions_are_both_shown_and_empty_rooms_stay_listed() {
    let p = programme(
        "UTC",
        json!([
            session("x", "a", "2026-05-01T10:00:00+00:00", 60),
            session("y", "a", "2026-05-01T10:30:00+00:00", 60)
        ]),
    );
    let engine = Engine::new(p.clone().into(), ScreenConfig::default());
    let moment = engine.state_at(&at("2026-05-01T10:45:00Z"));
    assert_eq!(moment.rooms[0].running.len(), 2);
    assert!(moment.rooms[1].running.is_empty() && moment.rooms[1].next.is_none());
}

#[test]
fn the_rotation_is_the_same_on_every_screen_and_skips_empty_scenes() {
    let p = seed();
    let config = ScreenConfig::default().with_scene_seconds(10);
    let one = Engine::new(p.clone().into(), config.clone());
    let two = Engine::new(p.clone().into(), config);
    let mut seen = Vec::new();
    for second in (0..120).step_by(5) {
        let instant = at("2016-06-06T10:42:00-04:00") + chrono::TimeDelta::seconds(second);
        let a = one.state_at(&instant);
        assert_eq!(a, two.state_at(&instant));
        seen.push(a.scene);
    }
    assert!(seen.contains(&Scene::Now { page: 0, pages: 1 }));
    assert!(seen.iter().any(|s| matches!(s, Scene::Session { .. })));
    assert!(seen.contains(&Scene::UpNext));
    assert!(
        !seen.contains(&Scene::Situation),
        "nothing to say while talks are on"
    );
    let night = one.state_at(&at("2016-06-06T23:00:00-04:00"));
    assert_eq!(night.scene, Scene::Situation);
    assert_eq!(night.scene_count, 1);
}

#[test]
fn a_replaced_programme_is_answered_afresh() {
    let before = seed();
    let mut after = before.clone();
    std::sync::Arc::make_mut(&mut after.sessions[3]).title = "A new title".to_owned();
    let instant = at("2016-06-06T10:42:00-04:00");
    let old = now_report(
        &Engine::new(before.clone().into(), ScreenConfig::default()),
        &instant,
    );
    let new = now_report(
        &Engine::new(after.clone().into(), ScreenConfig::default()),
        &instant,
    );
    assert_eq!(
        old.rooms[0].current.as_ref().unwrap().title,
        "ComplianceOps: Containers in Regulated Environments"
    );
    assert_eq!(new.rooms[0].current.as_ref().unwrap().title, "A new title");
}
