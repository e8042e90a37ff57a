//! Edit operations: every operation is undone exactly by its inverse, never
//! produces a programme that fails to load, and never moves a pinned session
//! it was not about; moves keep the day's slots; batches made on an older
//! revision merge when they touch different things and conflict otherwise.

mod common;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use marquee_core::days::day_of;
use marquee_core::edit::{
    self, Conflict, Operation, RebaseError, Refusal, RoomSessions, SessionChanges,
};
use marquee_core::format::{parse, to_json};
use marquee_core::model::{
    Announcement, AnnouncementId, Placement, Programme, Room, RoomId, SessionId, Speaker,
    SpeakerId, Sponsor, SponsorId,
};
use marquee_core::timing::reflow;
use proptest::prelude::*;

/// A generated programme with two speakers, reflowed as a loaded file is.
fn programme(specs: &[common::SessionSpec]) -> Programme {
    let mut p = common::generated_programme(specs);
    p.speakers = (0..2)
        .map(|i| Speaker {
            id: SpeakerId(format!("p{i}")),
            name: format!("Person {i}"),
            affiliation: None,
            bio: String::new(),
            photo: None,
            socials: vec![],
        })
        .collect();
    for (i, session) in p.sessions.iter_mut().enumerate() {
        if i % 3 == 0 {
            std::sync::Arc::make_mut(session)
                .speakers
                .push(SpeakerId(format!("p{}", i % 2)));
        }
    }
    reflow(&mut p);
    p
}

fn default_programme() -> Programme {
    let text = std::fs::read_to_string(common::root().join("data/programme.json")).unwrap();
    parse(&text).unwrap().programme
}

/// The hub's time for every test: an hour into the generated programmes.
fn day() -> chrono::NaiveDate {
    "2026-03-28".parse().unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 28, 20, 0, 0).unwrap()
}

/// One operation, chosen by numbers that pick sessions, rooms and values.
fn operation(p: &Programme, choice: (u8, usize, usize, usize, i64)) -> Operation {
    let (kind, a, b, c, minutes) = choice;
    let session = p.sessions[a % p.sessions.len()].id.clone();
    let room = RoomId(format!("r{}", b % 3));
    let zone = p.conference.timezone;
    let first_day = day_of(p.sessions[0].start, zone);
    match kind % 26 {
        0..=2 => Operation::Move {
            session,
            room,
            index: c % 6,
            day: (kind % 2 == 0).then(|| first_day + TimeDelta::days((c % 3) as i64)),
        },
        3 => Operation::Pin {
            session,
            start: (p.sessions[0].start + TimeDelta::minutes(minutes)).fixed_offset(),
        },
        4 => Operation::Follow {
            session,
            gap_minutes: minutes % 30,
        },
        5 => Operation::Resize {
            session,
            duration_minutes: minutes % 120,
        },
        6 => Operation::Edit {
            session,
            changes: SessionChanges {
                title: Some(format!("Title {minutes}")),
                subtitle: Some(String::new()),
                speakers: Some(vec![SpeakerId(format!("p{}", c % 2))]),
                ..Default::default()
            },
        },
        7 => Operation::Duplicate {
            session,
            new_id: None,
        },
        8 => Operation::DeleteSession { session },
        9 => Operation::Cancel { session },
        10 => Operation::Restore { session },
        11 => Operation::PutSpeaker {
            speaker: Speaker {
                id: SpeakerId(format!("p{}", c % 4)),
                name: format!("Someone {minutes}"),
                affiliation: Some("Somewhere".into()),
                bio: String::new(),
                photo: None,
                socials: vec![],
            },
            after: None,
            first: c % 2 == 0,
        },
        12 => Operation::DeleteSpeaker {
            speaker: SpeakerId(format!("p{}", c % 3)),
            from_sessions: minutes % 2 == 0,
        },
        13 => Operation::PutRoom {
            room: Room::new(
                RoomId(format!("r{}", c % 5)),
                format!("Hall {minutes}"),
                (c % 7) as u32,
            ),
            after: (b % 2 == 0).then(|| RoomId(format!("r{}", b % 3))),
            first: false,
        },
        15 => Operation::Late {
            room,
            minutes: minutes % 90 - 20,
            session: (c % 2 == 0).then_some(session),
            started_minutes: (c % 4 == 0).then_some(minutes % 15),
        },
        16 => Operation::OnTime { room },
        17 => Operation::Started { session },
        18 => Operation::Ended { session },
        19 => Operation::ApplyDelay { room },
        20 => Operation::PutAnnouncement {
            announcement: Box::new(Announcement {
                id: AnnouncementId(format!("n{}", c % 3)),
                title: format!("Notice {minutes}"),
                text: "Lunch is in the **atrium**".into(),
                image: None,
                link: (b % 2 == 0).then(|| "https://example.org/map".into()),
                from: (c % 2 == 0).then(|| p.sessions[0].start),
                until: None,
                days: vec![],
                times: vec![],
                rooms: if b % 3 == 0 {
                    vec![room.clone()]
                } else {
                    vec![]
                },
                every: (c % 3) as u32 + 1,
            }),
            after: None,
            first: b % 2 == 1,
        },
        21 => Operation::DeleteAnnouncement {
            announcement: AnnouncementId(format!("n{}", c % 3)),
        },
        22 => Operation::PutSponsor {
            sponsor: Sponsor {
                id: SponsorId(format!("sp{}", c % 3)),
                name: format!("Sponsor {minutes}"),
                tier: ["Gold", "Silver"][b % 2].into(),
                logo: None,
            },
            after: None,
            first: false,
        },
        23 => Operation::DeleteSponsor {
            sponsor: SponsorId(format!("sp{}", c % 3)),
        },
        24 => Operation::Emergency {
            title: format!("Please leave the building {minutes}"),
            text: String::new(),
            since: None,
        },
        25 => Operation::ClearEmergency {},
        _ => Operation::DeleteRoom {
            room,
            sessions: match c % 3 {
                0 => None,
                1 => Some(RoomSessions::Delete),
                _ => Some(RoomSessions::MoveTo(RoomId(format!("r{}", (b + 1) % 3)))),
            },
        },
    }
}

fn specs() -> impl Strategy<Value = Vec<common::SessionSpec>> {
    prop::collection::vec(
        (
            0u8..3,
            any::<bool>(),
            0i64..3000,
            5i64..180,
            0i64..60,
            any::<bool>(),
        ),
        1..30,
    )
}

fn choices() -> impl Strategy<Value = Vec<(u8, usize, usize, usize, i64)>> {
    prop::collection::vec(
        (
            any::<u8>(),
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            -30i64..600,
        ),
        1..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_operation_then_its_inverse_gives_back_the_programme(specs in specs(), picks in choices()) {
        let before = programme(&specs);
        let mut current = before.clone();
        let mut undo = Vec::new();
        for pick in picks {
            if current.sessions.is_empty() {
                break;
            }
            let op = operation(&current, pick);
            if let Ok(edited) = edit::apply(&current, std::slice::from_ref(&op), now()) {
                let back = edit::apply(&edited.programme, &edited.inverse, now())
                    .unwrap_or_else(|e| panic!("inverse of {op:?} refused: {e}"));
                prop_assert_eq!(&back.programme, &current, "{:?} then {:?}", op, edited.inverse);
                undo.push(edited.inverse);
                current = edited.programme;
            }
        }
        // Undone one by one, newest first, they lead back to the start.
        while let Some(inverse) = undo.pop() {
            current = edit::apply(&current, &inverse, now()).unwrap().programme;
        }
        prop_assert_eq!(current, before);
    }

    // What screens mark names only sessions that are there and did change,
    // with how they were; it travels in the file and loads back the same.
    #[test]
    fn marks_of_the_day_name_only_what_changed_and_load_back(specs in specs(), picks in choices()) {
        let p = programme(&specs);
        let ops: Vec<Operation> = picks.into_iter().map(|pick| operation(&p, pick)).collect();
        prop_assert!(edit::changed_today(&p, &p, day()).sessions.is_empty());
        if let Ok(edited) = edit::apply(&p, &ops, now()) {
            let mut after = edited.programme;
            let marks = edit::changed_today(&p, &after, day());
            for mark in &marks.sessions {
                let old = p.sessions.iter().find(|s| s.id == mark.session).unwrap();
                let new = after.sessions.iter().find(|s| s.id == mark.session).unwrap();
                prop_assert!(mark.room_was.is_some() || mark.start_was.is_some() || mark.cancelled);
                prop_assert_eq!(mark.room_was.as_ref().is_some_and(|r| *r == old.room && *r != new.room), mark.room_was.is_some());
                prop_assert_eq!(mark.start_was.is_some_and(|t| t == old.start && t != new.start), mark.start_was.is_some());
                prop_assert_eq!(mark.cancelled, new.cancelled && !old.cancelled);
            }
            after.changed_today = Some(marks);
            let loaded = parse(&to_json(&after));
            prop_assert!(loaded.is_ok(), "{:?}", loaded.err());
            prop_assert_eq!(loaded.unwrap().programme, after);
        }
    }

    #[test]
    fn no_operation_produces_a_programme_that_fails_to_load(specs in specs(), picks in choices()) {
        let p = programme(&specs);
        let ops: Vec<Operation> = picks.into_iter().map(|pick| operation(&p, pick)).collect();
        if let Ok(edited) = edit::apply(&p, &ops, now()) {
            let loaded = parse(&to_json(&edited.programme));
            prop_assert!(loaded.is_ok(), "{:?}", loaded.err());
            prop_assert_eq!(loaded.unwrap().programme, edited.programme);
        }
    }

    #[test]
    fn reflow_never_moves_a_pinned_session(specs in specs(), pick in (any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>(), -30i64..600)) {
        let before = programme(&specs);
        let op = operation(&before, pick);
        // Making a delay the plan moves sessions on purpose, pinned ones too.
        let planned = matches!(op, Operation::ApplyDelay { .. });
        if let (false, Ok(edited)) = (planned, edit::apply(&before, std::slice::from_ref(&op), now())) {
            for session in &edited.programme.sessions {
                let Some(old) = before.sessions.iter().find(|s| s.id == session.id) else { continue };
                let pinned = |p: Placement| p == Placement::Pinned;
                if pinned(old.placement) && pinned(session.placement) && Some(&session.id) != op.session() {
                    prop_assert_eq!(old.start, session.start, "{:?} moved {}", op, session.id);
                }
            }
        }
    }

    #[test]
    fn any_operation_text_is_read_without_a_panic(text in "\\PC{0,200}") {
        let _ = serde_json::from_str::<Vec<Operation>>(&text);
    }
}

fn starts(p: &Programme, ids: &[&str]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let s = p.sessions.iter().find(|s| s.id.as_str() == *id).unwrap();
            s.start.format("%H:%M").to_string()
        })
        .collect()
}

#[test]
fn swapping_the_first_two_talks_swaps_their_times_and_keeps_the_rest() {
    let p = default_programme();
    let op: Operation = serde_json::from_str(
        r#"{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}"#,
    )
    .unwrap();
    let edited = edit::apply(&p, &[op], now()).unwrap();
    assert_eq!(
        starts(&edited.programme, &["dockerdev", "realworld", "secrets"]),
        ["09:00", "09:30", "10:00"]
    );
    assert_eq!(
        starts(&p, &["itstack"]),
        starts(&edited.programme, &["itstack"])
    );
    let back = edit::apply(&edited.programme, &edited.inverse, now()).unwrap();
    assert_eq!(back.programme, p);
}

#[test]
fn a_session_moved_to_another_room_brings_its_gap_and_its_old_room_closes_up() {
    let p = default_programme();
    let op = Operation::Move {
        session: SessionId::from("secrets"),
        room: RoomId::from("workshop-room"),
        index: 1,
        day: None,
    };
    let edited = edit::apply(&p, &[op], now()).unwrap().programme;
    let moved = edited
        .sessions
        .iter()
        .find(|s| s.id.as_str() == "secrets")
        .unwrap();
    assert_eq!(moved.room.as_str(), "workshop-room");
    // It follows the first workshop (ends 11:00) after that slot's 40-minute gap.
    assert_eq!(
        starts(&edited, &["secrets", "unik", "compliance"]),
        ["11:05", "12:10", "10:00"]
    );
}

#[test]
fn a_move_to_another_day_keeps_the_time_of_day() {
    let mut p = default_programme();
    let day2 = NaiveDate::from_ymd_opt(2016, 6, 7).unwrap();
    p.conference.days.push(day2);
    let op = Operation::Move {
        session: SessionId::from("dockerdev"),
        room: RoomId::from("main-hall"),
        index: 0,
        day: Some(day2),
    };
    let edited = edit::apply(&p, &[op], now()).unwrap().programme;
    let moved = edited
        .sessions
        .iter()
        .find(|s| s.id.as_str() == "dockerdev")
        .unwrap();
    let zone = edited.conference.timezone;
    assert_eq!(
        moved.start,
        zone.with_ymd_and_hms(2016, 6, 7, 9, 30, 0)
            .unwrap()
            .fixed_offset()
    );
    assert_eq!(moved.placement, Placement::Pinned);
    assert_eq!(
        starts(&edited, &["secrets"]),
        ["09:30"],
        "the day closes up"
    );
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let p = default_programme();
    let past = Operation::Move {
        session: SessionId::from("secrets"),
        room: RoomId::from("workshop-room"),
        index: 9,
        day: None,
    };
    let refused = edit::apply(
        &p,
        &[
            Operation::Cancel {
                session: SessionId::from("clair"),
            },
            past,
        ],
        now(),
    )
    .unwrap_err();
    assert_eq!(refused.index, 1);
    assert!(matches!(
        refused.refusal,
        Refusal::PastTheEnd { len: 4, .. }
    ));
    assert!(refused.to_string().contains("use 0 to 4"), "{refused}");
    let in_use = edit::apply(
        &p,
        &[Operation::DeleteRoom {
            room: RoomId::from("workshop-room"),
            sessions: None,
        }],
        now(),
    );
    assert!(matches!(
        in_use.unwrap_err().refusal,
        Refusal::RoomInUse { sessions: 4, .. }
    ));
    let speaker = p.sessions[0].speakers[0].clone();
    let in_use = edit::apply(
        &p,
        &[Operation::DeleteSpeaker {
            speaker,
            from_sessions: false,
        }],
        now(),
    );
    assert!(matches!(
        in_use.unwrap_err().refusal,
        Refusal::SpeakerInUse { .. }
    ));
}

#[test]
fn a_cancelled_session_keeps_its_slot_but_is_never_on() {
    let p = default_programme();
    let edited = edit::apply(
        &p,
        &[Operation::Cancel {
            session: SessionId::from("realworld"),
        }],
        now(),
    )
    .unwrap()
    .programme;
    assert_eq!(starts(&edited, &["dockerdev"]), starts(&p, &["dockerdev"]));
    let at = chrono::Utc.with_ymd_and_hms(2016, 6, 6, 13, 10, 0).unwrap();
    let engine = marquee_core::timeline::Engine::new(edited.into(), Default::default());
    let main = &engine.state_at(&at).rooms[0];
    assert!(
        main.running.is_empty(),
        "the cancelled 09:00 talk is not on"
    );
}

fn rename(session: &str, title: &str) -> Operation {
    Operation::Edit {
        session: SessionId::from(session),
        changes: SessionChanges {
            title: Some(title.into()),
            ..Default::default()
        },
    }
}

#[test]
fn a_batch_made_on_an_older_revision_merges_unless_it_touches_the_same_thing() {
    let base = default_programme();
    let swap = Operation::Move {
        session: SessionId::from("realworld"),
        room: RoomId::from("main-hall"),
        index: 1,
        day: None,
    };
    let current = edit::apply(&base, &[swap], now()).unwrap().programme;

    // A title later in the same room: its time moved, but that is derived.
    let merged =
        edit::rebase(&base, &current, &[rename("clair", "Clair, scanned")], now()).unwrap();
    assert_eq!(
        starts(&merged.programme, &["dockerdev", "realworld"]),
        ["09:00", "09:30"]
    );
    assert!(
        merged
            .programme
            .sessions
            .iter()
            .any(|s| s.title == "Clair, scanned")
    );

    let conflicting =
        edit::rebase(&base, &current, &[rename("realworld", "Real World")], now()).unwrap_err();
    assert_eq!(
        conflicting,
        RebaseError::Conflicts(vec![Conflict::Session(SessionId::from("realworld"))])
    );
    let reorder = Operation::Move {
        session: SessionId::from("itstack"),
        room: RoomId::from("main-hall"),
        index: 0,
        day: None,
    };
    let conflicting = edit::rebase(&base, &current, &[reorder], now()).unwrap_err();
    assert!(
        conflicting
            .to_string()
            .contains("running order of room \"main-hall\""),
        "{conflicting}"
    );
}

#[test]
fn operations_read_as_the_api_documents_them() {
    let batch: Vec<Operation> = serde_json::from_str(
        r#"[{"op": "move", "session": "a", "room": "b", "index": 2, "day": "2016-06-06"},
            {"op": "edit", "session": "a", "changes": {"title": "T", "abstract": "x"}},
            {"op": "delete-room", "room": "b", "sessions": {"move-to": "c"}},
            {"op": "delete-room", "room": "b", "sessions": "delete"}]"#,
    )
    .unwrap();
    assert_eq!(batch.len(), 4);
    let unknown = serde_json::from_str::<Operation>(
        r#"{"op": "move", "session": "a", "room": "b", "idx": 2}"#,
    );
    assert!(unknown.unwrap_err().to_string().contains("idx"));
}

#[test]
fn the_committed_operations_schema_matches_the_types() {
    let path = common::root().join("schemas/operations.schema.json");
    let generated = edit::json_schema();
    if std::env::var_os("MARQUEE_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/operations.schema.json is out of date: run `make generate` and commit it"
    );
}

#[test]
fn a_changelog_says_what_moved_what_has_a_new_time_and_what_was_cancelled() {
    use marquee_core::edit::{Change, changelog};
    let before = default_programme();
    let batch = [
        Operation::Move {
            session: SessionId::from("secrets"),
            room: RoomId::from("workshop-room"),
            index: 1,
            day: None,
        },
        Operation::Cancel {
            session: SessionId::from("clair"),
        },
        Operation::DeleteSession {
            session: SessionId::from("itstack"),
        },
    ];
    let after = edit::apply(&before, &batch, now()).unwrap().programme;
    let changes = changelog(&before, &after);
    let said = |id: &str| {
        changes
            .iter()
            .filter(|c| match c {
                Change::Added { session, .. }
                | Change::Removed { session, .. }
                | Change::Moved { session, .. }
                | Change::NewTime { session, .. }
                | Change::Cancelled { session, .. }
                | Change::Restored { session, .. } => session.as_str() == id,
            })
            .count()
    };
    assert!(changes.iter().any(|c| matches!(c, Change::Moved { session, to, .. } if session.as_str() == "secrets" && to.as_str() == "workshop-room")));
    assert_eq!(said("secrets"), 2, "moved, and at a new time");
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Cancelled { session, .. } if session.as_str() == "clair"))
    );
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Removed { session, .. } if session.as_str() == "itstack"))
    );
    assert_eq!(said("realworld"), 0, "unchanged sessions are not listed");
    assert!(changelog(&after, &after).is_empty());
}

/// Found by `an_operation_then_its_inverse_gives_back_the_programme`: the
/// copy of s3 starts after the 06:00 day change, so it heads room r0's
/// 29 March, where s11 comes next in the list but follows s10. Deleting the
/// copy must not hand the copy's "follows s3 with no gap" on to s11.
#[test]
fn deleting_a_copy_that_heads_a_day_leaves_a_session_following_another_as_it_was() {
    let specs: Vec<common::SessionSpec> = vec![
        (1, false, 0, 5, 0, false),
        (0, false, 340, 120, 0, false),
        (1, false, 0, 5, 0, false),
        (0, true, 0, 102, 38, false),
        (0, false, 1980, 5, 0, false),
        (1, false, 0, 5, 0, false),
        (0, false, 54, 178, 0, false),
        (1, false, 0, 5, 0, false),
        (0, true, 0, 5, 0, false),
        (0, true, 0, 144, 3, false),
        (0, true, 0, 146, 34, false),
        (0, true, 0, 5, 36, false),
        (0, false, 0, 5, 0, false),
        (0, false, 0, 5, 0, false),
        (0, false, 0, 5, 0, false),
        (0, false, 0, 5, 0, false),
        (0, false, 0, 5, 0, false),
    ];
    let before = programme(&specs);
    let duplicate = Operation::Duplicate {
        session: SessionId::from("s3"),
        new_id: None,
    };
    let edited = edit::apply(&before, &[duplicate], now()).unwrap();
    assert_eq!(
        edited.inverse,
        [Operation::DeleteSession {
            session: SessionId::from("s3-2")
        }]
    );
    let back = edit::apply(&edited.programme, &edited.inverse, now()).unwrap();
    assert_eq!(starts(&back.programme, &["s10", "s11"]), ["03:58", "07:00"]);
    assert_eq!(back.programme, before);
}
