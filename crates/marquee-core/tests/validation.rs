//! Validation finds each kind of problem, with its severity and place.

use marquee_core::format::parse;
use marquee_core::{Location, ProblemKind, Programme, Severity, validate};
use serde_json::{Value, json};

fn programme(sessions: Value) -> Programme {
    let value = json!({
        "format": 1,
        "conference": {"title": "Test Conf", "timezone": "Europe/Berlin", "days": ["2026-03-28", "2026-03-29"]},
        "rooms": [{"id": "a", "name": "Room A", "order": 0}, {"id": "b", "name": "Room B", "order": 1}],
        "speakers": [{"id": "ann", "name": "Ann"}, {"id": "bo", "name": "Bo"}],
        "sessions": sessions,
    });
    parse(&value.to_string()).expect("parses").programme
}

fn session(id: &str, room: &str, start: &str, minutes: i64, speakers: &[&str]) -> Value {
    json!({"id": id, "title": id.to_uppercase(), "kind": "talk", "room": room, "start": start,
           "duration_minutes": minutes, "speakers": speakers})
}

fn kinds(programme: &Programme) -> Vec<(Severity, String, ProblemKind)> {
    validate(programme)
        .into_iter()
        .map(|p| {
            let place = match &p.location {
                Location::Path(path) => path.clone(),
                Location::Line(line) => line.to_string(),
            };
            (p.severity(), place, p.kind)
        })
        .collect()
}

#[test]
fn a_clean_programme_has_no_problems() {
    let p = programme(json!([
        session("x", "a", "2026-03-28T10:00:00+01:00", 30, &["ann"]),
        session("y", "a", "2026-03-28T10:30:00+01:00", 30, &["ann"]),
        session("z", "b", "2026-03-28T10:00:00+01:00", 30, &["bo"]),
    ]));
    assert_eq!(kinds(&p), []);
}

#[test]
fn overlaps_in_a_room_and_double_booked_speakers_are_warnings() {
    let p = programme(json!([
        session("x", "a", "2026-03-28T10:00:00+01:00", 45, &["ann"]),
        session("y", "a", "2026-03-28T10:30:00+01:00", 30, &[]),
        session("z", "b", "2026-03-28T10:15:00+01:00", 30, &["ann"]),
    ]));
    assert_eq!(
        kinds(&p),
        [
            (
                Severity::Warning,
                "sessions[1] (\"y\")".to_owned(),
                ProblemKind::Overlap {
                    other: "x".into(),
                    room: "a".into()
                }
            ),
            (
                Severity::Warning,
                "sessions[2] (\"z\")".to_owned(),
                ProblemKind::SpeakerDoubleBooked {
                    speaker: "ann".into(),
                    other: "x".into()
                }
            ),
        ]
    );
}

#[test]
fn dangling_references_bad_durations_and_unsafe_links_are_errors() {
    let mut bad = session("x", "nowhere", "2026-03-28T10:00:00+01:00", 0, &["ghost"]);
    bad["links"] = json!([
        {"kind": "slides", "url": "javascript:alert(1)"},
        {"kind": "video", "url": "file:///etc/passwd"},
        {"kind": "info", "url": "https://example.org/ok"}
    ]);
    let p = programme(json!([bad]));
    let found: Vec<ProblemKind> = kinds(&p)
        .into_iter()
        .inspect(|(severity, _, _)| assert_eq!(*severity, Severity::Error))
        .map(|(_, _, kind)| kind)
        .collect();
    assert_eq!(
        found,
        [
            ProblemKind::UnknownRoom("nowhere".into()),
            ProblemKind::UnknownSpeaker("ghost".into()),
            ProblemKind::NonPositiveDuration(0),
            ProblemKind::UnsafeLink("javascript:alert(1)".into()),
            ProblemKind::UnsafeLink("file:///etc/passwd".into()),
        ]
    );
}

#[test]
fn duplicate_ids_are_errors() {
    let p = programme(json!([
        session("x", "a", "2026-03-28T10:00:00+01:00", 30, &[]),
        session("x", "b", "2026-03-28T10:00:00+01:00", 30, &[]),
    ]));
    assert_eq!(
        kinds(&p),
        [(
            Severity::Error,
            "sessions[1] (\"x\")".to_owned(),
            ProblemKind::DuplicateId {
                what: "session",
                id: "x".into()
            }
        )]
    );
}

#[test]
fn a_wrong_offset_across_daylight_saving_is_reported() {
    // Berlin moves to +02:00 at 02:00 on 29 March 2026.
    let p = programme(json!([
        session("x", "a", "2026-03-29T10:00:00+01:00", 30, &[]),
        session("y", "b", "2026-03-29T10:00:00+02:00", 30, &[]),
    ]));
    let found = kinds(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(matches!(found[0].2, ProblemKind::OffsetMismatch { .. }));
    assert_eq!(found[0].1, "sessions[0] (\"x\")");
}

#[test]
fn raw_html_unsafe_photos_and_days_outside_the_conference_are_reported() {
    let mut s = session("x", "a", "2026-04-01T10:00:00+02:00", 30, &[]);
    s["abstract"] = json!("Hello <script>alert(1)</script>");
    let mut p = programme(json!([s]));
    p.speakers[0].photo = Some(marquee_core::model::MediaSource(
        "data/../../etc/passwd".into(),
    ));
    let found: Vec<ProblemKind> = kinds(&p).into_iter().map(|(_, _, kind)| kind).collect();
    assert_eq!(
        found,
        [
            ProblemKind::UnsafeMedia("data/../../etc/passwd".into()),
            ProblemKind::RawHtml { field: "abstract" },
            ProblemKind::OutsideDays(chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()),
        ]
    );
}

#[test]
fn a_first_session_that_follows_nothing_is_reported() {
    let mut s = session("x", "a", "2026-03-28T10:00:00+01:00", 30, &[]);
    s["placement"] = json!({"mode": "follows", "gap_minutes": 5});
    let found = kinds(&programme(json!([s])));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, ProblemKind::NothingToFollow);
}
