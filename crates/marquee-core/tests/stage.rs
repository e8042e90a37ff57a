//! The stage and the door on the default programme (ContainerDays Boston
//! 2016, main hall: 25-minute talks every half hour from 09:00): the stage
//! monitor counts down to the end the chair sees, under a delay, after
//! "started now" and in questions; a chair's message and phase hold for
//! their talk; a full room is on the hallway screens until its limit.

mod common;

use chrono::{DateTime, Utc};
use marquee_core::edit::{self, Operation, Refusal, carry_live};
use marquee_core::format::parse;
use marquee_core::model::{Occupancy, Phase, Programme, Room, RoomId, SessionId};
use marquee_core::timeline::{
    Engine, SceneKind, SceneSpec, SceneView, ScreenConfig, chair_view, room_state_at, snapshot,
    stage_view,
};

fn default_programme() -> Programme {
    let text = std::fs::read_to_string(common::root().join("data/programme.json")).unwrap();
    parse(&text).unwrap().programme
}

fn at(time: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2016-06-06T{time}-04:00"))
        .unwrap()
        .to_utc()
}

fn hall() -> RoomId {
    RoomId::from("main-hall")
}

fn apply(p: &Programme, operation: Operation, time: &str) -> Programme {
    edit::apply(p, &[operation], at(time)).unwrap().programme
}

fn message(text: &str) -> Operation {
    Operation::StageMessage {
        room: hall(),
        text: text.into(),
        flash: false,
        since: None,
    }
}

/// The instant the stage counts down to, as "HH:MM:SS" in the venue's time.
fn ends(p: &Programme, time: &str) -> Option<String> {
    stage_view(p, &hall(), &at(time))
        .unwrap()
        .ends
        .map(|end| end[11..19].to_owned())
}

#[test]
fn the_stage_counts_down_to_the_end_the_chair_sees_under_a_delay() {
    let p = default_programme();
    assert_eq!(ends(&p, "10:40:00").as_deref(), Some("10:55:00"));
    let late = apply(
        &p,
        Operation::Late {
            room: hall(),
            minutes: 10,
            session: None,
            started_minutes: None,
        },
        "10:40:00",
    );
    let stage = stage_view(&late, &hall(), &at("10:50:00")).unwrap();
    assert_eq!(stage.ends.as_deref().map(|e| &e[11..19]), Some("11:05:00"));
    let chair = chair_view(&late, &hall(), &at("10:50:00")).unwrap();
    assert_eq!(
        stage.ends.as_deref(),
        Some(chair.now.unwrap().session.ends_at.as_str()),
        "the stage and the chair count to one instant"
    );
    assert_eq!(stage.now.as_ref().unwrap().id, "compliance");
    assert_eq!(stage.next.as_ref().unwrap().id, "layerx");
    assert_eq!(stage, chair.stage, "the chair sees what the stage shows");
}

#[test]
fn a_talk_started_now_counts_its_full_length_from_now() {
    let p = default_programme();
    let started = apply(
        &p,
        Operation::Started {
            session: SessionId::from("compliance"),
        },
        "10:34:00",
    );
    assert_eq!(ends(&started, "10:35:00").as_deref(), Some("10:59:00"));
}

#[test]
fn overtime_keeps_the_talk_until_the_next_one_starts() {
    let p = default_programme();
    let stage = stage_view(&p, &hall(), &at("10:57:00")).unwrap();
    assert_eq!(
        stage.now.unwrap().id,
        "compliance",
        "still the chair's talk"
    );
    assert_eq!(stage.ends.as_deref().map(|e| &e[11..19]), Some("10:55:00"));
    let next = stage_view(&p, &hall(), &at("11:00:00")).unwrap();
    assert_eq!(next.now.unwrap().id, "layerx");
}

#[test]
fn questions_count_down_their_own_length_and_end_with_the_talk() {
    let p = default_programme();
    let qa = apply(
        &p,
        Operation::StagePhase {
            room: hall(),
            phase: Phase::Qa,
            since: None,
        },
        "10:53:30",
    );
    let stage = stage_view(&qa, &hall(), &at("10:54:00")).unwrap();
    assert_eq!(stage.phase, Phase::Qa);
    assert_eq!(
        stage.ends.as_deref().map(|e| &e[11..19]),
        Some("10:58:30"),
        "five minutes of questions, the programme's default"
    );
    let after = stage_view(&qa, &hall(), &at("11:01:00")).unwrap();
    assert_eq!(after.phase, Phase::Talk, "the next talk starts as a talk");
    assert_eq!(after.ends.as_deref().map(|e| &e[11..19]), Some("11:25:00"));
}

#[test]
fn a_message_holds_for_its_talk_and_clears_on_request() {
    let p = default_programme();
    let sent = apply(&p, message("  5 minutes "), "10:50:00");
    let shown = stage_view(&sent, &hall(), &at("10:50:05"))
        .unwrap()
        .message
        .unwrap();
    assert_eq!(shown.text, "5 minutes");
    assert!(!shown.flash);
    assert_eq!(&shown.since[11..19], "10:50:00");
    assert!(
        stage_view(&sent, &hall(), &at("10:58:00"))
            .unwrap()
            .message
            .is_some(),
        "still the talk's during its overtime"
    );
    assert!(
        stage_view(&sent, &hall(), &at("11:00:00"))
            .unwrap()
            .message
            .is_none(),
        "gone when the next talk starts"
    );
    let cleared = apply(
        &sent,
        Operation::ClearStageMessage { room: hall() },
        "10:51:00",
    );
    assert!(
        stage_view(&cleared, &hall(), &at("10:51:05"))
            .unwrap()
            .message
            .is_none()
    );
    // Another room's stage hears nothing of it.
    let other = stage_view(&sent, &RoomId::from("workshop-room"), &at("10:50:05")).unwrap();
    assert!(other.message.is_none());
}

#[test]
fn stage_operations_are_undone_exactly() {
    let p = default_programme();
    let first = apply(&p, message("Speak up"), "10:40:00");
    for operation in [
        message("Wrap up"),
        Operation::ClearStageMessage { room: hall() },
        Operation::StagePhase {
            room: hall(),
            phase: Phase::WrapUp,
            since: None,
        },
        Operation::RoomState {
            room: hall(),
            state: Occupancy::Full,
            since: None,
        },
    ] {
        let done = edit::apply(&first, &[operation], at("10:45:00")).unwrap();
        assert_ne!(done.programme, first);
        let undone = edit::apply(&done.programme, &done.inverse, at("10:46:00")).unwrap();
        assert_eq!(undone.programme, first);
    }
}

#[test]
fn messages_the_stage_cannot_show_are_refused() {
    let p = default_programme();
    let refused = |operation| {
        edit::apply(&p, &[operation], at("10:40:00"))
            .unwrap_err()
            .refusal
    };
    assert_eq!(refused(message("   ")), Refusal::EmptyStageMessage);
    assert!(matches!(
        refused(message(&"x".repeat(141))),
        Refusal::StageMessageTooLong {
            len: 141,
            most: 140
        }
    ));
    assert_eq!(
        refused(Operation::ClearStageMessage {
            room: RoomId::from("attic")
        }),
        Refusal::UnknownRoom(RoomId::from("attic"))
    );
    // `since` puts back what was said: never later than now, nor days ago.
    for since in ["2016-06-06T10:41:00-04:00", "2016-06-01T10:40:00-04:00"] {
        let operation = Operation::RoomState {
            room: hall(),
            state: Occupancy::Full,
            since: Some(DateTime::parse_from_rfc3339(since).unwrap()),
        };
        assert!(matches!(refused(operation), Refusal::SinceOutOfRange(_)));
    }
}

#[test]
fn a_chair_may_speak_only_for_their_room() {
    let p = default_programme();
    for operation in [
        message("5 minutes"),
        Operation::ClearStageMessage { room: hall() },
        Operation::StagePhase {
            room: hall(),
            phase: Phase::Qa,
            since: None,
        },
        Operation::RoomState {
            room: hall(),
            state: Occupancy::Full,
            since: None,
        },
    ] {
        assert_eq!(operation.chair_room(&p), Some(hall()));
    }
}

fn with_overflow(mut p: Programme) -> Programme {
    let hall = p
        .rooms
        .iter_mut()
        .find(|r| r.id.as_str() == "main-hall")
        .unwrap();
    hall.overflow = Some(RoomId::from("workshop-room"));
    hall.stream = Some("https://streaming.example.org/main-hall".into());
    p
}

#[test]
fn a_full_room_is_on_the_hallway_screens_until_its_limit() {
    let p = with_overflow(default_programme());
    let full = apply(
        &p,
        Operation::RoomState {
            room: hall(),
            state: Occupancy::Full,
            since: None,
        },
        "10:40:30",
    );
    let config = ScreenConfig {
        scenes: vec![SceneSpec {
            kind: SceneKind::Now,
            seconds: 20,
        }],
        ..ScreenConfig::default()
    };
    let engine = Engine::new(full.clone().into(), config);
    let rows = |time: &str| {
        let moment = engine.state_at(&at(time));
        let SceneView::Now { rows, .. } = snapshot(&engine, &moment, &at(time)).scene else {
            panic!("a now scene first");
        };
        rows
    };
    let state = rows("10:41:00")[0].state.clone().unwrap();
    assert_eq!(state.state, Occupancy::Full);
    assert_eq!(state.overflow.as_deref(), Some("Workshop Room"));
    assert_eq!(
        state.stream.as_deref(),
        Some("https://streaming.example.org/main-hall")
    );
    assert!(
        rows("10:41:00")[1].state.is_none(),
        "the other room says nothing"
    );
    assert_eq!(
        rows("10:41:00")[0].next.as_ref().unwrap().state,
        Some(state.clone()),
        "the next talk there names it too"
    );
    let room: &Room = full.room(&hall()).unwrap();
    let seconds = |time: &str| at(time).timestamp();
    assert!(room_state_at(&full, room, seconds("11:09:59")).is_some());
    assert!(
        room_state_at(&full, room, seconds("11:10:00")).is_none(),
        "thirty minutes by default, lapsing at a whole minute, never after"
    );
    let free = apply(
        &full,
        Operation::RoomState {
            room: hall(),
            state: Occupancy::Free,
            since: None,
        },
        "10:45:00",
    );
    assert!(free.room_states.is_empty());
}

#[test]
fn what_was_said_live_stays_when_the_source_is_taken_again() {
    let p = default_programme();
    let live = apply(
        &apply(&p, message("Slow down"), "10:40:00"),
        Operation::RoomState {
            room: hall(),
            state: Occupancy::Filling,
            since: None,
        },
        "10:41:00",
    );
    let live = with_overflow(live);
    let again = carry_live(Some(&p), &live, p.clone());
    assert_eq!(again.stage_messages, live.stage_messages);
    assert_eq!(again.room_states, live.room_states);
    assert_eq!(
        again.rooms, live.rooms,
        "the stream and overflow set in the editor stay"
    );

    // A room deleted is no longer anyone's overflow.
    let gone = edit::apply(
        &live,
        &[Operation::DeleteRoom {
            room: RoomId::from("workshop-room"),
            sessions: Some(edit::RoomSessions::Delete),
        }],
        at("10:42:00"),
    )
    .unwrap()
    .programme;
    assert_eq!(gone.room(&hall()).unwrap().overflow, None);
}

#[test]
fn a_room_whose_stream_is_not_a_web_address_is_refused() {
    let p = default_programme();
    let mut room = p.room(&hall()).unwrap().clone();
    room.stream = Some("javascript:alert(1)".into());
    let refused = edit::apply(
        &p,
        &[Operation::PutRoom {
            room: room.clone(),
            after: None,
            first: false,
        }],
        at("10:40:00"),
    )
    .unwrap_err();
    assert!(matches!(refused.refusal, Refusal::NotAWebLink(_)));
    room.stream = None;
    room.overflow = Some(hall());
    let refused = edit::apply(
        &p,
        &[Operation::PutRoom {
            room,
            after: None,
            first: false,
        }],
        at("10:40:00"),
    )
    .unwrap_err();
    assert_eq!(refused.refusal, Refusal::UnknownRoom(hall()));
}
