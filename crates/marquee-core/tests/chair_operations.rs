//! A chair's operations on the default programme (ContainerDays Boston
//! 2016, main hall: talks every half hour from 09:00 that follow each
//! other, lunch 12:30 to 13:30): a delay runs on until a break takes it
//! up, a talk started or ended now moves those that follow, never one that
//! is pinned, and a delay made the plan leaves every time where it was.

mod common;

use chrono::{DateTime, Utc};
use marquee_core::edit::{self, Operation, carry_live};
use marquee_core::format::parse;
use marquee_core::model::{Placement, Programme, RoomId, SessionId};
use marquee_core::timeline::{DayState, Engine, ScreenConfig, as_run, chair_view, now_report};

fn default_programme() -> Programme {
    let text = std::fs::read_to_string(common::root().join("data/programme.json")).unwrap();
    parse(&text).unwrap().programme
}

fn at(time: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2016-06-06T{time}:00-04:00"))
        .unwrap()
        .to_utc()
}

fn hall() -> RoomId {
    RoomId::from("main-hall")
}

fn late(minutes: i64) -> Operation {
    Operation::Late {
        room: hall(),
        minutes,
        session: None,
        started_minutes: None,
    }
}

/// When `id` runs, as "HH:MM–HH:MM" in the venue's time.
fn runs(p: &Programme, id: &str) -> String {
    let run = as_run(p);
    let s = run.sessions.iter().find(|s| s.id.as_str() == id).unwrap();
    let zone = p.conference.timezone;
    format!(
        "{}–{}",
        s.start.with_timezone(&zone).format("%H:%M"),
        s.end().with_timezone(&zone).format("%H:%M")
    )
}

#[test]
fn running_late_during_a_talk_moves_the_talks_after_it_until_lunch_takes_it_up() {
    let p = default_programme();
    let edited = edit::apply(&p, &[late(10)], at("10:40")).unwrap();
    let q = &edited.programme;
    assert_eq!(
        runs(q, "compliance"),
        "10:30–11:05",
        "the talk on now runs over"
    );
    assert_eq!(runs(q, "layerx"), "11:10–11:35");
    assert_eq!(runs(q, "overlay"), "12:10–12:35");
    assert_eq!(
        runs(q, "lunch"),
        "12:35–13:30",
        "lunch is shorter and ends on time"
    );
    assert_eq!(runs(q, "servicefabric"), "13:30–13:55");
    assert_eq!(
        runs(q, "unik"),
        runs(&p, "unik"),
        "the other room is not touched"
    );

    // Screens say so on the room's talks.
    let engine = Engine::new(q.clone().into(), ScreenConfig::default());
    let report = now_report(&engine, &at("11:12"));
    assert_eq!(report.rooms[0].late_minutes, Some(10));

    // The inverse, and "back on schedule", give back the plan.
    let undone = edit::apply(q, &edited.inverse, at("10:41")).unwrap();
    assert_eq!(undone.programme, p);
    let on_time = edit::apply(q, &[Operation::OnTime { room: hall() }], at("10:42")).unwrap();
    assert_eq!(on_time.programme, p);
}

#[test]
fn saying_more_later_keeps_the_late_start_of_the_talk_on_now() {
    let p = default_programme();
    let first = edit::apply(&p, &[late(10)], at("10:40")).unwrap().programme;
    // At 11:20 layerx, which began at 11:10, is on; the room now runs 15 late.
    let more = edit::apply(&first, &[late(15)], at("11:20"))
        .unwrap()
        .programme;
    assert_eq!(runs(&more, "layerx"), "11:10–11:40");
    assert_eq!(runs(&more, "schedulers"), "11:45–12:10");
    assert_eq!(more.delays.len(), 1, "one delay per room");
}

#[test]
fn late_between_talks_moves_the_next_one_whole() {
    let p = default_programme();
    let q = edit::apply(&p, &[late(6)], at("10:57")).unwrap().programme;
    assert_eq!(runs(&q, "layerx"), "11:06–11:31");
    assert_eq!(
        runs(&q, "compliance"),
        "10:30–10:55",
        "the talk over is as it was"
    );
}

#[test]
fn started_now_and_ended_now_move_what_follows_but_never_a_pinned_session() {
    let p = default_programme();
    let layerx = SessionId::from("layerx");
    let started = edit::apply(
        &p,
        &[Operation::Started {
            session: layerx.clone(),
        }],
        at("11:07"),
    )
    .unwrap()
    .programme;
    assert_eq!(runs(&started, "layerx"), "11:07–11:32");
    assert_eq!(runs(&started, "schedulers"), "11:37–12:02");

    let ended = edit::apply(
        &p,
        &[Operation::Ended {
            session: layerx.clone(),
        }],
        at("11:20"),
    )
    .unwrap()
    .programme;
    assert_eq!(runs(&ended, "layerx"), "11:00–11:20");
    assert_eq!(
        runs(&ended, "schedulers"),
        "11:25–11:50",
        "it follows: it starts early"
    );

    let mut pinned = p.clone();
    let schedulers = pinned
        .sessions
        .iter_mut()
        .find(|s| s.id.as_str() == "schedulers")
        .map(std::sync::Arc::make_mut)
        .unwrap();
    schedulers.placement = Placement::Pinned;
    let ended = edit::apply(
        &pinned,
        &[Operation::Ended { session: layerx }],
        at("11:20"),
    )
    .unwrap()
    .programme;
    assert_eq!(
        runs(&ended, "schedulers"),
        "11:30–11:55",
        "pinned: it keeps its time"
    );
}

#[test]
fn a_delay_made_the_plan_keeps_every_time_and_drops_the_marker() {
    let p = default_programme();
    let late = edit::apply(&p, &[late(10)], at("10:40")).unwrap().programme;
    let planned = edit::apply(
        &late,
        &[Operation::ApplyDelay { room: hall() }],
        at("10:45"),
    )
    .unwrap();
    let q = &planned.programme;
    assert!(q.delays.is_empty());
    for session in &p.sessions {
        assert_eq!(
            runs(q, session.id.as_str()),
            runs(&late, session.id.as_str()),
            "{}",
            session.id
        );
    }
    let engine = Engine::new(q.clone().into(), ScreenConfig::default());
    assert_eq!(
        now_report(&engine, &at("11:12")).rooms[0].late_minutes,
        None
    );
    let undone = edit::apply(q, &planned.inverse, at("10:46")).unwrap();
    assert_eq!(undone.programme, late);
}

#[test]
fn a_chair_may_speak_only_for_their_own_room() {
    let p = default_programme();
    let hall_ops = [
        late(5),
        Operation::OnTime { room: hall() },
        Operation::Started {
            session: SessionId::from("layerx"),
        },
        Operation::Cancel {
            session: SessionId::from("layerx"),
        },
    ];
    for op in &hall_ops {
        assert_eq!(op.chair_room(&p), Some(hall()), "{op:?}");
    }
    let elsewhere = Operation::Ended {
        session: SessionId::from("unik"),
    };
    assert_eq!(
        elsewhere.chair_room(&p),
        Some(RoomId::from("workshop-room"))
    );
    let organisers = Operation::ApplyDelay { room: hall() };
    assert_eq!(organisers.chair_room(&p), None);
    let mismatched = Operation::Late {
        room: hall(),
        minutes: 5,
        session: Some(SessionId::from("unik")),
        started_minutes: None,
    };
    assert_eq!(mismatched.chair_room(&p), None);
}

#[test]
fn what_chairs_said_stays_when_the_programme_is_taken_again_from_its_source() {
    let source = default_programme();
    let live = edit::apply(
        &source,
        &[
            late(10),
            Operation::Cancel {
                session: SessionId::from("yelp"),
            },
        ],
        at("10:40"),
    )
    .unwrap()
    .programme;
    let mut updated = source.clone();
    std::sync::Arc::make_mut(&mut updated.sessions[0]).title = "Renamed at the source".to_owned();
    let carried = carry_live(Some(&source), &live, updated);
    assert_eq!(carried.delays, live.delays);
    assert!(
        carried
            .sessions
            .iter()
            .any(|s| s.id.as_str() == "yelp" && s.cancelled)
    );
    assert_eq!(carried.sessions[0].title, "Renamed at the source");
    // A session the source dropped takes its delay with it.
    let mut without = source.clone();
    without.sessions.retain(|s| s.id.as_str() != "compliance");
    assert!(carry_live(Some(&source), &live, without).delays.is_empty());
}

#[test]
fn nonsense_is_refused_with_the_fix() {
    let p = default_programme();
    let far = edit::apply(&p, &[late(5000)], at("10:40")).unwrap_err();
    assert!(far.to_string().contains("at most 1440"), "{far}");
    let after_the_day = edit::apply(&p, &[late(5)], at("23:00")).unwrap_err();
    assert!(
        after_the_day.to_string().contains("nothing on now"),
        "{after_the_day}"
    );
    let cancelled = edit::apply(
        &p,
        &[
            Operation::Cancel {
                session: SessionId::from("yelp"),
            },
            Operation::Started {
                session: SessionId::from("yelp"),
            },
        ],
        at("15:01"),
    )
    .unwrap_err();
    assert!(
        cancelled.to_string().contains("restore it first"),
        "{cancelled}"
    );
}

#[test]
fn the_chairs_view_has_the_talk_on_the_next_with_bios_and_the_day_with_its_break() {
    let p = default_programme();
    let view = chair_view(&p, &hall(), &at("10:45")).unwrap();
    let now = view.now.as_ref().unwrap();
    assert_eq!(now.session.id, "compliance");
    assert_eq!(now.session.ends_at, "2016-06-06T10:55:00-04:00");
    let next = view.next.as_ref().unwrap();
    assert_eq!(next.session.id, "layerx");
    assert_eq!(next.starts.as_deref(), Some("in 15 min"));
    assert!(!next.speakers[0].bio.is_empty());
    assert!(
        view.day
            .iter()
            .any(|e| e.id == "lunch" && e.time == "12:30–13:30")
    );
    assert_eq!(
        view.day
            .iter()
            .find(|e| e.id == "compliance")
            .unwrap()
            .state,
        DayState::Now
    );
    assert!(view.headline.is_none());

    // Two minutes over, nothing has followed yet: the talk is still the chair's.
    let over = chair_view(&p, &hall(), &at("10:57")).unwrap();
    assert_eq!(over.now.unwrap().session.id, "compliance");

    // At lunch, the words the screens use.
    let lunch = chair_view(&p, &hall(), &at("12:50")).unwrap();
    assert!(lunch.now.is_none());
    assert_eq!(lunch.headline.as_deref(), Some("Lunch · back at 13:30"));
    assert!(chair_view(&p, &RoomId::from("attic"), &at("12:50")).is_none());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever a chair says, whenever: the view of the room answers, its day
    /// in order, and a delay never moves a session before its planned start
    /// unless the room was said to run early.
    #[test]
    fn the_chairs_view_answers_at_any_instant_after_any_delay(
        said_at in -600i64..1200,
        asked_at in -1500i64..3000,
        minutes in -30i64..120,
    ) {
        let p = default_programme();
        let start = at("09:00");
        let said = start + chrono::TimeDelta::minutes(said_at);
        let Ok(edited) = edit::apply(&p, &[late(minutes)], said) else { return Ok(()) };
        let asked = start + chrono::TimeDelta::minutes(asked_at);
        let view = chair_view(&edited.programme, &hall(), &asked).unwrap();
        let starts: Vec<&str> = view.day.iter().map(|e| e.time.as_str()).collect();
        let mut sorted = starts.clone();
        sorted.sort();
        proptest::prop_assert_eq!(starts, sorted);
        if minutes >= 0 {
            for entry in &view.day {
                proptest::prop_assert!(entry.late_minutes >= 0, "{:?}", entry);
            }
        }
    }
}
