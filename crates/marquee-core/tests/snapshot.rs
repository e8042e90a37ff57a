//! What a screen reads at moments of the seed's day, word for word.

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use marquee_core::timeline::{Engine, SceneView, ScreenConfig, snapshot};
use marquee_core::{ImportOptions, import};

fn texts_at(instant: &str) -> Vec<SceneView> {
    let programme = import(
        &common::read_shared(common::SEED),
        &ImportOptions::default(),
    )
    .unwrap()
    .programme;
    let engine = Engine::new(
        programme.into(),
        ScreenConfig::default().with_scene_seconds(10),
    );
    let start: DateTime<Utc> = instant.parse().unwrap();
    let mut scenes = Vec::new();
    // One full rotation, a scene every ten seconds.
    for step in 0..12 {
        let at = start + TimeDelta::seconds(step * 10);
        let view = snapshot(&engine, &engine.state_at(&at), &at).scene;
        if !scenes.contains(&view) {
            scenes.push(view);
        }
    }
    scenes
}

#[test]
fn mid_morning_shows_now_each_talk_next_and_later() {
    let scenes = texts_at("2016-06-06T14:42:00Z");
    let session = scenes
        .iter()
        .find_map(|s| match s {
            SceneView::Session {
                session,
                running,
                next,
                ..
            } if session.id == "compliance" => Some((session, running, next)),
            _ => None,
        })
        .expect("a scene for the talk in the main hall");
    assert_eq!(session.0.time, "10:30–10:55");
    assert_eq!(session.0.speakers[0].name, "Elliot Murphy");
    assert_eq!(
        session
            .0
            .links
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>(),
        ["Slides", "Video"]
    );
    assert_eq!(session.1.ends, "ends 10:55");
    assert_eq!(session.1.left, "13 min left");
    assert_eq!(session.2.as_ref().unwrap().starts, "11:00 · in 18 min");
    let rows = scenes
        .iter()
        .find_map(|s| match s {
            SceneView::Now { rows, .. } => Some(rows),
            _ => None,
        })
        .expect("a now scene");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].until.as_deref(), Some("until 11:00"));
    assert!(
        scenes
            .iter()
            .any(|s| matches!(s, SceneView::UpNext { items } if items[0].session.id == "layerx"))
    );
    assert!(
        scenes
            .iter()
            .any(|s| matches!(s, SceneView::LaterToday { items } if items.len() > 5))
    );
}

#[test]
fn the_situation_when_nothing_is_on() {
    let headline = |instant: &str| {
        texts_at(instant)
            .into_iter()
            .find_map(|s| match s {
                SceneView::Situation { headline, .. } => Some(headline),
                _ => None,
            })
            .unwrap_or_default()
    };
    assert_eq!(
        headline("2016-06-05T16:00:00Z"),
        "Starts Monday 6 June, 09:00"
    );
    assert_eq!(headline("2016-06-06T12:30:00Z"), "Today from 09:00");
    assert_eq!(headline("2016-06-07T02:00:00Z"), "Thank you for coming");
}
