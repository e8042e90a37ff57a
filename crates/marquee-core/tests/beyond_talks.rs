//! Announcements, sponsors and the emergency message in the engine: time
//! windows (past midnight, across daylight-saving changes), which screens
//! show what, where they come in the rotation and the snapshot they give.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use marquee_core::format::parse;
use marquee_core::model::{Programme, RoomId};
use marquee_core::timeline::{Engine, Scene, SceneView, ScreenConfig, snapshot};
use serde_json::{Value, json};
use std::sync::Arc;

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// Two rooms in `timezone` with a talk in each from 09:00 to 18:00 on
/// `day`, and `extra` merged into the programme.
fn programme(timezone: &str, day: &str, extra: Value) -> Programme {
    let talk = |id: &str, room: &str| {
        json!({"id": id, "title": id, "kind": "talk", "room": room,
               "start": format!("{day}T09:00:00{}", offset(timezone, day)), "duration_minutes": 540})
    };
    let mut value = json!({
        "format": 3,
        "conference": {"title": "T", "timezone": timezone, "days": [day]},
        "rooms": [{"id": "a", "name": "Room A", "order": 0}, {"id": "b", "name": "Room B", "order": 1}],
        "sessions": [talk("ta", "a"), talk("tb", "b")],
    });
    for (key, item) in extra.as_object().unwrap() {
        value[key] = item.clone();
    }
    let read = parse(&value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    read.programme
}

fn offset(timezone: &str, day: &str) -> String {
    use chrono::TimeZone;
    let zone: chrono_tz::Tz = timezone.parse().unwrap();
    let date: chrono::NaiveDate = day.parse().unwrap();
    let nine = zone
        .from_local_datetime(&date.and_hms_opt(9, 0, 0).unwrap())
        .unwrap();
    nine.format("%:z").to_string()
}

fn engine(programme: Programme, rooms: &[&str]) -> Engine {
    let config = ScreenConfig {
        rooms: rooms.iter().map(|r| RoomId((*r).to_owned())).collect(),
        ..ScreenConfig::default()
    };
    Engine::new(Arc::new(programme), config)
}

/// The announcements a screen shows in a full turn of its rotation from `t`.
fn shown_from(engine: &Engine, t: DateTime<Utc>, seconds: i64) -> Vec<usize> {
    let mut shown = Vec::new();
    let mut now = t;
    let end = t + TimeDelta::seconds(seconds);
    while now < end {
        if let Scene::Announcement { index } = engine.state_at(&now).scene
            && !shown.contains(&index)
        {
            shown.push(index);
        }
        now = engine.next_change_after(&now);
    }
    shown
}

fn on_at(engine: &Engine, instant: &str) -> bool {
    // A rotation lasts under five minutes: look through one from `instant`.
    !shown_from(engine, at(instant).to_utc(), 300).is_empty()
}

#[test]
fn an_announcement_shows_between_its_times_of_day_only() {
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({"announcements": [{"id": "lunch", "title": "Lunch is in the atrium",
            "times": [{"from": "11:30:00", "until": "13:30:00"}]}]}),
    );
    let e = engine(p, &[]);
    assert!(!on_at(&e, "2026-06-08T11:20:00+02:00"));
    assert!(on_at(&e, "2026-06-08T11:30:00+02:00"));
    assert!(on_at(&e, "2026-06-08T13:20:00+02:00"));
    assert!(!on_at(&e, "2026-06-08T13:30:00+02:00"));
    // The screen wakes exactly when it comes on.
    let before = at("2026-06-08T11:29:59+02:00");
    assert_eq!(
        e.next_change_after(&before),
        at("2026-06-08T11:30:00+02:00")
    );
}

#[test]
fn times_past_midnight_run_into_the_next_morning() {
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({"announcements": [{"id": "night", "title": "Night bus from the main entrance",
            "times": [{"from": "22:00:00", "until": "02:00:00"}]}]}),
    );
    let e = engine(p, &[]);
    assert!(!on_at(&e, "2026-06-08T21:50:00+02:00"));
    assert!(on_at(&e, "2026-06-08T23:30:00+02:00"));
    assert!(on_at(&e, "2026-06-09T01:30:00+02:00"));
    assert!(!on_at(&e, "2026-06-09T02:00:00+02:00"));
}

#[test]
fn times_of_day_follow_the_venue_clock_across_daylight_saving_changes() {
    // Berlin goes from 02:00 to 03:00 on 29 March 2026: 02:30 does not
    // exist, so the window opens at 03:00.
    let spring = programme(
        "Europe/Berlin",
        "2026-03-29",
        json!({"announcements": [{"id": "early", "title": "Breakfast",
            "times": [{"from": "02:30:00", "until": "04:00:00"}]}]}),
    );
    let e = engine(spring, &[]);
    assert!(!on_at(&e, "2026-03-29T01:55:00+01:00"));
    assert!(on_at(&e, "2026-03-29T03:00:00+02:00"));
    assert!(!on_at(&e, "2026-03-29T04:00:00+02:00"));
    assert_eq!(
        e.next_change_after(&at("2026-03-29T01:59:59+01:00")),
        at("2026-03-29T03:00:00+02:00")
    );
    // On 25 October 2026 03:00 becomes 02:00 again: 02:30 to 03:30 starts
    // at the first 02:30 and lasts two hours.
    let autumn = programme(
        "Europe/Berlin",
        "2026-10-25",
        json!({"announcements": [{"id": "late", "title": "Breakfast",
            "times": [{"from": "02:30:00", "until": "03:30:00"}]}]}),
    );
    let e = engine(autumn, &[]);
    assert!(on_at(&e, "2026-10-25T02:30:00+02:00"));
    assert!(on_at(&e, "2026-10-25T02:40:00+01:00"));
    assert!(!on_at(&e, "2026-10-25T03:30:00+01:00"));
}

#[test]
fn from_until_and_days_bound_it_too() {
    let p = programme(
        "America/New_York",
        "2026-06-08",
        json!({"announcements": [
            {"id": "party", "title": "Party at 19:00", "from": "2026-06-08T12:00:00-04:00",
             "until": "2026-06-08T19:00:00-04:00"},
            {"id": "other-day", "title": "Tomorrow only", "days": ["2026-06-09"]}]}),
    );
    let e = engine(p, &[]);
    assert!(!on_at(&e, "2026-06-08T11:50:00-04:00"));
    assert_eq!(
        shown_from(&e, at("2026-06-08T12:00:00-04:00").to_utc(), 300),
        vec![0]
    );
    assert!(!on_at(&e, "2026-06-08T19:00:00-04:00"));
}

#[test]
fn a_room_announcement_shows_only_on_that_room_s_screens() {
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({"announcements": [
            {"id": "everyone", "title": "Welcome"},
            {"id": "room-b", "title": "Workshop kits at the door", "rooms": ["b"]}]}),
    );
    let t = at("2026-06-08T10:00:00+02:00").to_utc();
    let mut b = shown_from(&engine(p.clone(), &["b"]), t, 300);
    b.sort_unstable();
    assert_eq!(b, vec![0, 1]);
    assert_eq!(shown_from(&engine(p.clone(), &["a"]), t, 300), vec![0]);
    assert_eq!(shown_from(&engine(p, &[]), t, 300), vec![0]);
}

#[test]
fn announcements_come_between_the_talk_scenes_and_every_spreads_them() {
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({
            "announcements": [
                {"id": "each", "title": "Each rotation"},
                {"id": "third", "title": "One rotation in three", "every": 3}],
            "sponsors": [{"id": "acme", "name": "Acme", "tier": "Gold"}]}),
    );
    let e = engine(p, &[]);
    // Walk two full turns scene by scene.
    let mut t = at("2026-06-08T10:00:00+02:00").to_utc();
    let mut order: Vec<Scene> = Vec::new();
    while order.len() < 60 {
        let scene = e.state_at(&t).scene;
        if order.last() != Some(&scene) {
            order.push(scene);
        }
        t = e.next_change_after(&t);
    }
    let position = |wanted: fn(&Scene) -> bool| order.iter().position(wanted).unwrap();
    let first_session = position(|s| matches!(s, Scene::Session { .. }));
    let first_notice = position(|s| matches!(s, Scene::Announcement { .. }));
    assert!(first_session < first_notice || first_notice == 0);
    let each = order
        .iter()
        .filter(|s| **s == Scene::Announcement { index: 0 })
        .count();
    let third = order
        .iter()
        .filter(|s| **s == Scene::Announcement { index: 1 })
        .count();
    let sponsors = order
        .iter()
        .filter(|s| matches!(s, Scene::Sponsors { .. }))
        .count();
    assert!(each >= 2 && third >= 1, "{order:?}");
    assert!(third * 2 <= each, "{order:?}");
    // The walk may stop inside a rotation.
    assert!(
        sponsors.abs_diff(each) <= 1,
        "one sponsors' page a rotation: {order:?}"
    );
}

#[test]
fn sponsors_are_shown_by_tier_a_page_each_rotation() {
    let sponsors: Vec<Value> = (0..11)
        .map(|i| {
            let tier = if i < 2 { "Gold" } else { "Community" };
            json!({"id": format!("s{i}"), "name": format!("Sponsor {i}"), "tier": tier})
        })
        .collect();
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({"sponsors": sponsors}),
    );
    let e = engine(p, &[]);
    let mut pages = std::collections::BTreeMap::new();
    let mut t = at("2026-06-08T10:00:00+02:00").to_utc();
    for _ in 0..400 {
        let moment = e.state_at(&t);
        if let Scene::Sponsors { page, .. } = moment.scene {
            let snap = snapshot(&e, &moment, &t);
            let SceneView::Sponsors {
                tier,
                sponsors,
                pages: count,
                ..
            } = snap.scene
            else {
                unreachable!()
            };
            assert_eq!(count, 3);
            pages.insert(page, (tier, sponsors.len()));
        }
        t = e.next_change_after(&t);
    }
    let expected: Vec<(String, usize)> = vec![
        ("Gold".into(), 2),
        ("Community".into(), 8),
        ("Community".into(), 1),
    ];
    assert_eq!(pages.into_values().collect::<Vec<_>>(), expected);
}

#[test]
fn the_emergency_message_replaces_the_whole_rotation() {
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({
            "announcements": [{"id": "each", "title": "Welcome"}],
            "emergency": {"title": "Please leave the building", "text": "by the **nearest** exit",
                          "since": "2026-06-08T14:02:00+02:00"}}),
    );
    let e = engine(p, &["a"]);
    let mut t = at("2026-06-08T14:05:00+02:00").to_utc();
    for _ in 0..30 {
        let moment = e.state_at(&t);
        assert_eq!(moment.scene, Scene::Emergency);
        assert_eq!(moment.scene_count, 1);
        t = e.next_change_after(&t);
    }
    let moment = e.state_at(&t);
    let SceneView::Emergency { title, text, since } = snapshot(&e, &moment, &t).scene else {
        panic!("not the emergency scene");
    };
    assert_eq!(title, "Please leave the building");
    assert_eq!(since, "since 14:02");
    assert!(
        text[0]
            .spans
            .iter()
            .any(|s| s.strong && s.text == "nearest")
    );
}

#[test]
fn announcement_text_is_text_however_it_is_written() {
    let p = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({"announcements": [{"id": "x", "title": "<b>Lost</b> & found",
            "text": "<script>alert(1)</script>", "link": "javascript:alert(1)"}]}),
    );
    let e = engine(p, &[]);
    let mut t = at("2026-06-08T10:00:00+02:00").to_utc();
    loop {
        let moment = e.state_at(&t);
        if let Scene::Announcement { .. } = moment.scene {
            let SceneView::Announcement {
                title, text, link, ..
            } = snapshot(&e, &moment, &t).scene
            else {
                unreachable!()
            };
            assert_eq!(title, "<b>Lost</b> & found");
            assert_eq!(text[0].spans[0].text, "<script>alert(1)</script>");
            assert_eq!(link, None, "only http(s) links become QR codes");
            break;
        }
        t = e.next_change_after(&t);
    }
}

mod operations {
    use super::*;
    use marquee_core::edit::{self, Conflict, Operation, RebaseError, Refusal};
    use marquee_core::model::{Announcement, AnnouncementId};

    fn lunch(title: &str) -> Announcement {
        serde_json::from_value(json!({"id": "lunch", "title": title,
            "times": [{"from": "11:30:00", "until": "13:30:00"}], "link": "https://example.org/map"}))
        .unwrap()
    }

    fn now() -> DateTime<Utc> {
        at("2026-06-08T14:02:30+02:00").to_utc()
    }

    #[test]
    fn the_emergency_message_is_posted_at_the_hub_s_time_and_cleared() {
        let p = programme("Europe/Brussels", "2026-06-08", json!({}));
        let post = Operation::Emergency {
            title: "Please leave the building".into(),
            text: "by the nearest exit".into(),
            since: None,
        };
        let posted = edit::apply(&p, std::slice::from_ref(&post), now()).unwrap();
        let emergency = posted.programme.emergency.clone().unwrap();
        assert_eq!(emergency.since.to_rfc3339(), "2026-06-08T14:02:30+02:00");
        assert_eq!(
            edit::describe(&p, &[post]),
            "emergency message \u{201c}Please leave the building\u{201d} on every screen"
        );
        let cleared =
            edit::apply(&posted.programme, &[Operation::ClearEmergency {}], now()).unwrap();
        assert_eq!(cleared.programme, p);
        let again = edit::apply(&cleared.programme, &[Operation::ClearEmergency {}], now());
        assert_eq!(again.unwrap_err().refusal, Refusal::NoEmergency);
        let empty = Operation::Emergency {
            title: " ".into(),
            text: String::new(),
            since: None,
        };
        assert_eq!(
            edit::apply(&p, &[empty], now()).unwrap_err().refusal,
            Refusal::EmptyTitle
        );
    }

    #[test]
    fn an_announcement_no_screen_could_show_is_refused_with_the_fix() {
        let p = programme("Europe/Brussels", "2026-06-08", json!({}));
        let mut bad = lunch("Lunch");
        bad.link = Some("javascript:alert(1)".into());
        let put = |a: Announcement| Operation::PutAnnouncement {
            announcement: Box::new(a),
            after: None,
            first: false,
        };
        let refused = edit::apply(&p, &[put(bad)], now()).unwrap_err();
        assert!(refused.to_string().contains("https://"), "{refused}");
        let mut seldom = lunch("Lunch");
        seldom.every = 9;
        assert_eq!(
            edit::apply(&p, &[put(seldom)], now()).unwrap_err().refusal,
            Refusal::RotationsApart(9)
        );
        let saved = edit::apply(&p, &[put(lunch("Lunch"))], now()).unwrap();
        assert_eq!(saved.programme.announcements.len(), 1);
        assert_eq!(
            saved.inverse,
            vec![Operation::DeleteAnnouncement {
                announcement: AnnouncementId("lunch".into())
            }]
        );
    }

    #[test]
    fn two_organisers_merge_unless_they_edit_the_same_announcement() {
        let put = |title: &str| Operation::PutAnnouncement {
            announcement: Box::new(lunch(title)),
            after: None,
            first: false,
        };
        let base = edit::apply(
            &programme("Europe/Brussels", "2026-06-08", json!({})),
            &[put("Lunch")],
            now(),
        )
        .unwrap()
        .programme;
        let theirs = edit::apply(&base, &[put("Lunch is in the atrium")], now())
            .unwrap()
            .programme;
        let sponsor = Operation::PutSponsor {
            sponsor: serde_json::from_value(json!({"id": "acme", "name": "Acme", "tier": "Gold"}))
                .unwrap(),
            after: None,
            first: false,
        };
        let merged = edit::rebase(&base, &theirs, &[sponsor], now()).unwrap();
        assert_eq!(merged.programme.sponsors.len(), 1);
        assert_eq!(
            merged.programme.announcements[0].title,
            "Lunch is in the atrium"
        );
        let clash = edit::rebase(&base, &theirs, &[put("Lunch in hall B")], now()).unwrap_err();
        assert_eq!(
            clash,
            RebaseError::Conflicts(vec![Conflict::Announcement(AnnouncementId("lunch".into()))])
        );
    }
}

#[test]
fn taking_the_source_again_keeps_announcements_sponsors_and_the_emergency() {
    let source = programme("Europe/Brussels", "2026-06-08", json!({}));
    let live = programme(
        "Europe/Brussels",
        "2026-06-08",
        json!({
            "announcements": [{"id": "lunch", "title": "Lunch"}],
            "sponsors": [{"id": "acme", "name": "Acme", "tier": "Gold"}],
            "emergency": {"title": "Leave", "since": "2026-06-08T14:02:00+02:00"}}),
    );
    let carried = marquee_core::edit::carry_live(Some(&source), &live, source.clone());
    assert_eq!(carried.announcements, live.announcements);
    assert_eq!(carried.sponsors, live.sponsors);
    assert_eq!(carried.emergency, live.emergency);
}
