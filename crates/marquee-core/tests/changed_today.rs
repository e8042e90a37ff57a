//! What screens mark on a talk since the day began: the marks folded from
//! the changelog, and the words the snapshot gives on the day they are for
//! and not on another.

mod common;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use marquee_core::edit::{Operation, apply, changed_today};
use marquee_core::model::{ChangedSession, Programme, RoomId, SessionId};
use marquee_core::timeline::{ChangeKind, Engine, SceneView, ScreenConfig, SessionView, snapshot};
use marquee_core::{ImportOptions, import};

fn seed() -> Programme {
    import(
        &common::read_shared(common::SEED),
        &ImportOptions::default(),
    )
    .unwrap()
    .programme
}

fn day() -> NaiveDate {
    "2016-06-06".parse().unwrap()
}

/// The seed after an organiser moved "yelp" (Main Hall, 15:00) behind the
/// third workshop and cancelled "autopilot".
fn edited(before: &Programme) -> Programme {
    let operations: Vec<Operation> = serde_json::from_str(
        r#"[{"op": "move", "session": "yelp", "room": "workshop-room", "index": 3},
            {"op": "cancel", "session": "autopilot"}]"#,
    )
    .unwrap();
    let at = "2016-06-06T14:00:00Z".parse().unwrap();
    apply(before, &operations, at).unwrap().programme
}

fn mark<'a>(marks: &'a [ChangedSession], id: &str) -> &'a ChangedSession {
    marks
        .iter()
        .find(|m| m.session == SessionId(id.to_owned()))
        .unwrap_or_else(|| panic!("{id} is not marked: {marks:?}"))
}

#[test]
fn a_move_and_a_cancel_are_marked_with_how_the_sessions_were() {
    let before = seed();
    let after = edited(&before);
    let changed = changed_today(&before, &after, day());
    assert_eq!(changed.day, day());
    let yelp = mark(&changed.sessions, "yelp");
    assert_eq!(yelp.room_was, Some(RoomId("main-hall".into())));
    assert_eq!(
        yelp.start_was.map(|t| t.to_rfc3339()),
        Some("2016-06-06T15:00:00-04:00".to_owned())
    );
    assert!(!yelp.cancelled);
    // The talk after it in the Main Hall moves up into its slot.
    let clair = mark(&changed.sessions, "clair");
    assert_eq!(clair.room_was, None);
    assert!(clair.start_was.is_some());
    assert!(mark(&changed.sessions, "autopilot").cancelled);
    // Sessions nobody touched and whose time stayed are not marked.
    assert!(
        !changed
            .sessions
            .iter()
            .any(|m| m.session.as_str() == "realworld")
    );
    // Undone, nothing is left to mark.
    assert!(changed_today(&before, &before, day()).sessions.is_empty());
}

/// Every session the screens show over one rotation at `instant`.
fn sessions_shown(programme: &Programme, instant: &str) -> Vec<SessionView> {
    sessions_shown_in(programme, instant, &[])
}

/// Every session a screen of `rooms` (all when empty) shows over one
/// rotation at `instant`.
fn sessions_shown_in(programme: &Programme, instant: &str, rooms: &[&str]) -> Vec<SessionView> {
    let config = ScreenConfig {
        rooms: rooms.iter().map(|r| RoomId((*r).to_owned())).collect(),
        ..ScreenConfig::default()
    };
    let engine = Engine::new(programme.clone().into(), config.with_scene_seconds(10));
    let start: DateTime<Utc> = instant.parse().unwrap();
    let mut shown = Vec::new();
    for step in 0..12 {
        let at = start + TimeDelta::seconds(step * 10);
        match snapshot(&engine, &engine.state_at(&at), &at).scene {
            SceneView::LaterToday { items } => shown.extend(items),
            SceneView::UpNext { items } => shown.extend(items.into_iter().map(|i| i.session)),
            SceneView::Now { rows, .. } => shown.extend(
                rows.into_iter()
                    .flat_map(|r| r.current.into_iter().chain(r.next.map(|n| n.session))),
            ),
            _ => {}
        }
    }
    shown
}

fn notes_of(shown: &[SessionView], id: &str) -> Vec<(ChangeKind, String)> {
    shown
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} is not shown"))
        .changes
        .iter()
        .map(|n| (n.kind, n.text.clone()))
        .collect()
}

#[test]
fn screens_mark_the_talk_itself_on_that_day_only() {
    let before = seed();
    let mut after = edited(&before);
    after.changed_today = Some(changed_today(&before, &after, day()));
    // 14:42 in Boston.
    let shown = sessions_shown(&after, "2016-06-06T18:42:00Z");
    assert_eq!(
        notes_of(&shown, "yelp"),
        vec![
            (ChangeKind::Moved, "moved to Workshop Room".to_owned()),
            (ChangeKind::NewTime, "new time 16:00".to_owned()),
        ]
    );
    assert_eq!(
        notes_of(&shown, "clair"),
        vec![(ChangeKind::NewTime, "new time 15:00".to_owned())]
    );
    // A cancelled talk is never on or next, but later today it says so.
    assert_eq!(
        notes_of(&shown, "autopilot"),
        vec![(ChangeKind::Cancelled, "cancelled".to_owned())]
    );
    assert!(notes_of(&shown, "stateful").is_empty());

    // Marks made for another day are not shown.
    after.changed_today.as_mut().unwrap().day = "2016-06-05".parse().unwrap();
    let shown = sessions_shown(&after, "2016-06-06T18:42:00Z");
    assert!(notes_of(&shown, "yelp").is_empty());
    assert!(!shown.iter().any(|s| s.id == "autopilot"));
}

#[test]
fn the_screen_of_the_room_a_talk_left_says_where_it_went() {
    let before = seed();
    let mut after = edited(&before);
    after.changed_today = Some(changed_today(&before, &after, day()));
    // 14:42 in Boston, on the Main Hall's own screen: "yelp" is now in the
    // workshop room, and listed here, once, with where it went.
    let main_hall = sessions_shown_in(&after, "2016-06-06T18:42:00Z", &["main-hall"]);
    assert_eq!(
        notes_of(&main_hall, "yelp"),
        vec![
            (ChangeKind::Moved, "moved to Workshop Room".to_owned()),
            (ChangeKind::NewTime, "new time 16:00".to_owned()),
        ]
    );
    // A screen of every room lists it once, under its new room only.
    for everywhere in [
        sessions_shown(&after, "2016-06-06T18:42:00Z"),
        sessions_shown_in(
            &after,
            "2016-06-06T18:42:00Z",
            &["main-hall", "workshop-room"],
        ),
    ] {
        let rooms: Vec<&str> = everywhere
            .iter()
            .filter(|s| s.id == "yelp")
            .map(|s| s.room.as_str())
            .collect();
        assert!(!rooms.is_empty());
        assert!(
            rooms.iter().all(|room| *room == "Workshop Room"),
            "{rooms:?}"
        );
    }
    // Once it has begun, the old room's screen lets it go.
    let later = sessions_shown_in(&after, "2016-06-06T20:05:00Z", &["main-hall"]);
    assert!(!later.iter().any(|s| s.id == "yelp"));
    // A talk that did not move is not listed on another room's screen.
    let workshop = sessions_shown_in(&after, "2016-06-06T18:42:00Z", &["workshop-room"]);
    assert!(!workshop.iter().any(|s| s.id == "clair"));
}

#[test]
fn a_talk_moved_and_then_cancelled_is_cancelled_on_the_screen_of_its_first_room() {
    let before = seed();
    let operations: Vec<Operation> = serde_json::from_str(
        r#"[{"op": "move", "session": "yelp", "room": "workshop-room", "index": 3},
            {"op": "cancel", "session": "yelp"}]"#,
    )
    .unwrap();
    let at = "2016-06-06T14:00:00Z".parse().unwrap();
    let mut after = apply(&before, &operations, at).unwrap().programme;
    after.changed_today = Some(changed_today(&before, &after, day()));
    let main_hall = sessions_shown_in(&after, "2016-06-06T18:42:00Z", &["main-hall"]);
    assert_eq!(
        notes_of(&main_hall, "yelp"),
        vec![(ChangeKind::Cancelled, "cancelled".to_owned())]
    );
    let workshop = sessions_shown_in(&after, "2016-06-06T18:42:00Z", &["workshop-room"]);
    assert!(!workshop.iter().any(|s| s.id == "yelp"));
}
