//! Real schedules from real conferences import with every event, spot checks
//! hold, exports pass the formats' schemas, and import → export → import gives
//! back every field the format carries.

mod common;

use std::process::Command;

use marquee_core::export::{ExportFormat, export};
use marquee_core::model::{LinkKind, Programme};
use marquee_core::{ImportOptions, Imported, SourceFormat, import};

const FOSDEM: &str = "schedules/frab-xml/fosdem-2026-schedule.xml";
const CCC: &str = "schedules/frab-xml/38c3-schedule.xml";
const DEMOCON: &str = "schedules/c3voc-json/pretalx-democon.schedule.json";
const RC3: &str = "schedules/c3voc-json/pretalx-rc3.schedule.json";
const HUB: &str = "schedules/c3voc-json/hub-schedule2.schedule.json";
const PYCON: &str = "schedules/ical/pyconau-2023-pretalx.tzfixed.ics";

/// Every real file, its format, its number of events and the format it
/// round-trips through.
const REAL: [(&str, SourceFormat, usize, ExportFormat); 6] = [
    (FOSDEM, SourceFormat::FrabXml, 883, ExportFormat::FrabXml),
    (CCC, SourceFormat::FrabXml, 1007, ExportFormat::FrabXml),
    (
        DEMOCON,
        SourceFormat::C3vocJson,
        36,
        ExportFormat::C3vocJson,
    ),
    (RC3, SourceFormat::C3vocJson, 48, ExportFormat::C3vocJson),
    (HUB, SourceFormat::C3vocJson, 2, ExportFormat::C3vocJson),
    (PYCON, SourceFormat::Ical, 94, ExportFormat::Ical),
];

fn read(path: &str) -> Imported {
    import(&common::read_shared(path), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn session<'a>(programme: &'a Programme, title: &str) -> &'a marquee_core::model::Session {
    programme
        .sessions
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no session {title:?}"))
}

fn speaker_names(programme: &Programme, title: &str) -> Vec<String> {
    session(programme, title)
        .speakers
        .iter()
        .map(|id| programme.speaker(id).unwrap().name.clone())
        .collect()
}

fn room_name(programme: &Programme, title: &str) -> String {
    programme
        .room(&session(programme, title).room)
        .unwrap()
        .name
        .clone()
}

#[test]
fn every_real_file_is_detected_and_imports_every_event() {
    for (path, format, events, _) in REAL {
        let text = common::read_shared(path);
        assert_eq!(
            marquee_core::import::detect(&text).unwrap(),
            format,
            "{path}"
        );
        let imported = read(path);
        assert_eq!(imported.programme.sessions.len(), events, "{path}");
        let errors: Vec<_> = marquee_core::validate(&imported.programme)
            .into_iter()
            .filter(|p| p.severity() == marquee_core::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

#[test]
fn fosdem_persons_links_and_attachments() {
    let p = read(FOSDEM).programme;
    assert_eq!(p.conference.title, "FOSDEM 2026");
    assert_eq!(p.conference.timezone, chrono_tz::Europe::Brussels);
    assert_eq!(p.rooms.len(), 30);
    let welcome = session(&p, "Welcome to FOSDEM 2026");
    assert_eq!(welcome.start.to_rfc3339(), "2026-01-31T09:30:00+01:00");
    assert_eq!(welcome.duration_minutes, 20);
    assert_eq!(welcome.summary, "FOSDEM welcome and opening talk.");
    assert_eq!(
        speaker_names(&p, "Welcome to FOSDEM 2026"),
        ["FOSDEM Staff"]
    );
    let git = session(&p, "Evolving Git for the next decade");
    assert_eq!(room_name(&p, "Evolving Git for the next decade"), "Janson");
    assert!(
        git.links
            .iter()
            .any(|l| l.url == "https://github.com/git/git" && l.kind == LinkKind::Code)
    );
    assert!(git.links.iter().any(|l| l.kind == LinkKind::Feedback));
    let patrick = p.speaker(&git.speakers[0]).unwrap();
    assert_eq!(patrick.name, "Patrick Steinhardt");
    assert!(
        patrick
            .bio
            .starts_with("I started diving into Linux in 2002"),
        "{}",
        patrick.bio
    );
    assert!(!patrick.bio.contains('<'), "biographies are text, not HTML");
    let wordpress = session(&p, "WordPress at Scale");
    assert!(
        wordpress
            .links
            .iter()
            .any(|l| l.kind == LinkKind::Slides && l.url.ends_with("wp-bom_xn_fp9git2.yml"))
    );
    let closing = session(&p, "Closing FOSDEM 2026");
    assert_eq!(closing.start.to_rfc3339(), "2026-02-01T17:50:00+01:00");
    assert!(closing.speakers.is_empty());
}

#[test]
fn ccc_days_run_past_midnight_on_each_events_own_date() {
    let p = read(CCC).programme;
    assert_eq!(p.conference.timezone, chrono_tz::Europe::Berlin);
    assert_eq!(p.rooms.len(), 72);
    let fnord = session(&p, "Fnord-Nachrichtenrückblick 2024");
    assert_eq!(fnord.start.to_rfc3339(), "2024-12-28T01:10:00+01:00");
    assert_eq!(fnord.duration_minutes, 90);
    assert_eq!(room_name(&p, "Fnord-Nachrichtenrückblick 2024"), "Saal 1");
    assert_eq!(
        speaker_names(&p, "Fnord-Nachrichtenrückblick 2024"),
        ["Fefe", "Atoth"]
    );
    let late = session(&p, "Vareli & Klotz von Blammo");
    assert_eq!(late.start.to_rfc3339(), "2024-12-30T05:00:00+01:00");
    let after_midnight = p
        .sessions
        .iter()
        .filter(|s| s.start.format("%H").to_string().as_str() < "06")
        .count();
    assert_eq!(after_midnight, 58);
    assert_eq!(
        speaker_names(&p, "38C3: Opening Ceremony"),
        ["Gabriela Bogk", "Senficon", "Aline Blankertz"]
    );
    // Same name, two people: persons are keyed by guid.
    assert_eq!(p.speakers.len(), 571);
    let rp2350 = session(&p, "Hacking the RP2350");
    assert!(
        rp2350
            .links
            .iter()
            .any(|l| l.url == "https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/39HFD9/")
    );
    assert!(!p.sessions.iter().any(|s| s.summary.contains("&hellip;")));
    assert!(
        !p.sessions
            .iter()
            .any(|s| s.summary.contains("\n                    ")),
        "pretty-printing indentation is removed"
    );
}

#[test]
fn pretalx_json_with_a_contradicting_or_missing_zone() {
    let democon = read(DEMOCON);
    let p = &democon.programme;
    let managed = session(p, "Managed stable function");
    assert_eq!(managed.start.to_rfc3339(), "2020-12-14T09:00:00+01:00");
    assert_eq!(managed.duration_minutes, 90);
    assert_eq!(room_name(p, "Managed stable function"), "Tan Room");
    assert_eq!(speaker_names(p, "Managed stable function"), ["Jeremy Beck"]);
    assert!(
        managed
            .links
            .iter()
            .any(|l| l.url == "http://localhost/democon/talk/VBTHYJ/")
    );
    assert!(
        democon.warnings.iter().any(|w| w
            .kind
            .to_string()
            .contains("names the time zone UTC, but its events are at +01:00")),
        "{:#?}",
        democon.warnings
    );

    let rc3 = read(RC3);
    let p = &rc3.programme;
    let first = session(
        p,
        "Der faule Admin automatisiert: Gluon auf echter Hardware testen",
    );
    assert_eq!(first.start.to_rfc3339(), "2020-12-27T11:30:00+01:00");
    assert_eq!(
        speaker_names(
            p,
            "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
        ),
        ["Chris Fiege", "Kasa"]
    );
    assert!(
        !p.sessions.iter().any(|s| s.summary.contains('\r')),
        "CRLF is normalised"
    );
    assert!(
        !p.sessions
            .iter()
            .any(|s| marquee_core::safety::contains_raw_html(&s.summary))
    );
    assert!(
        rc3.warnings
            .iter()
            .any(|w| w.kind.to_string().contains("names no time zone"))
    );
}

#[test]
fn schedule2_participants_attachments_and_person_records() {
    let p = read(HUB).programme;
    assert_eq!(p.conference.timezone, chrono_tz::Europe::Berlin);
    let opening = session(&p, "38C3: Opening Ceremony");
    assert_eq!(opening.start.to_rfc3339(), "2024-12-27T10:30:00+01:00");
    assert_eq!(opening.duration_minutes, 30);
    assert!(
        opening
            .links
            .iter()
            .any(|l| l.kind == LinkKind::Slides && l.url == "https://example.net/foo/bar/1235.pdf")
    );
    assert!(
        opening
            .links
            .iter()
            .any(|l| l.url == "https://example.net/" && l.title.as_deref() == Some("foo bar"))
    );
    assert_eq!(
        speaker_names(&p, "38C3: Opening Ceremony"),
        ["Gabriela Bogk", "Aline Blankertz", "Senficon"]
    );
    let ai = session(&p, "A Competitive Time-Trial AI for Need for Speed:");
    assert_eq!(
        ai.subtitle.as_deref(),
        Some("Most Wanted Using Deep Reinforcement Learning")
    );
    assert_eq!(ai.start.to_rfc3339(), "2024-12-28T00:15:00+01:00");
    assert_eq!(ai.duration_minutes, 40);
    assert!(
        p.speakers
            .iter()
            .any(|s| !s.bio.is_empty() && s.photo.is_some())
    );
}

#[test]
fn pretalx_ical_titles_speakers_and_zone() {
    let p = read(PYCON).programme;
    assert_eq!(p.conference.timezone, chrono_tz::Australia::Adelaide);
    assert_eq!(p.rooms.len(), 4);
    let opening = session(&p, "Specialist Tracks Combined Opening Address");
    assert_eq!(opening.start.to_rfc3339(), "2023-08-18T09:00:00+09:30");
    assert_eq!(opening.duration_minutes, 20);
    assert_eq!(
        room_name(&p, "Specialist Tracks Combined Opening Address"),
        "Hall C (Plenary)"
    );
    assert_eq!(
        speaker_names(&p, "Specialist Tracks Combined Opening Address").len(),
        5
    );
    assert_eq!(
        speaker_names(
            &p,
            "Wrapping up the Cruft - Making Wrappers to Hide Complexity"
        ),
        ["Jack Reichelt"]
    );
    assert_eq!(
        speaker_names(
            &p,
            "Nothing for Us, Without Us; Breaking Unconscious Bias in Building Products"
        ),
        ["Victor Ogunjobi"]
    );
    let closing = session(&p, "Closing Address (Sunday)");
    assert!(closing.summary.ends_with('😭'));
    assert_eq!(
        closing.links[0].url,
        "https://pretalx.com/pyconau-2023/talk/A7CTJB/"
    );
}

#[test]
fn import_export_import_keeps_every_field_the_format_carries() {
    for (path, _, _, format) in REAL {
        common::round_trip::assert_round_trip(path, &read(path).programme, format);
    }
}

#[test]
fn every_frab_export_is_valid_against_the_xsd() {
    let schema = common::shared("schedules/schemas/schedule.xml.xsd");
    let dir = std::env::temp_dir().join(format!("marquee-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (path, _, _, _) in REAL {
        let name = std::path::Path::new(path).file_stem().unwrap();
        let file = dir.join(name).with_extension("xml");
        std::fs::write(&file, export(&read(path).programme, ExportFormat::FrabXml)).unwrap();
        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()
            .expect("xmllint runs (apt-get install libxml2-utils)");
        assert!(
            output.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_c3voc_export_is_valid_against_the_json_schema() {
    let schema: serde_json::Value = serde_json::from_str(&common::read_shared(
        "schedules/schemas/c3voc-schedule.schema.json",
    ))
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    for (path, _, _, _) in REAL {
        let document: serde_json::Value =
            serde_json::from_str(&export(&read(path).programme, ExportFormat::C3vocJson)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

#[test]
fn every_ical_export_follows_rfc_5545_line_rules() {
    for (path, _, events, _) in REAL {
        let text = export(&read(path).programme, ExportFormat::Ical);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{path}: a line of {} octets", line.len());
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "{path}: bare line break"
            );
        }
        assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), events, "{path}");
        assert_eq!(text.matches("\r\nUID:").count(), events);
        assert_eq!(text.matches("\r\nDTSTAMP:").count(), events);
    }
}

#[test]
fn not_a_schedule_gets_one_clear_error() {
    let cases = [
        ("", "an empty file"),
        (
            "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
            "an HTML page",
        ),
        (
            "{\"error\": \"not found\"}",
            "JSON that is not a Marquee programme",
        ),
    ];
    for (text, found) in cases {
        let err = import(text, &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(found), "{err}");
        assert!(err.contains("expected"), "{err}");
    }
    let truncated = &common::read_shared(CCC)[..50_000];
    let err = import(truncated, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not well-formed"), "{err}");
    assert!(err.starts_with("line "), "{err}");
}

#[test]
fn broken_events_are_skipped_with_their_place_and_the_rest_imports() {
    let text = common::read_shared(CCC).replacen(
        "<duration>01:30</duration>",
        "<duration>soon</duration>",
        1,
    );
    let imported = import(&text, &ImportOptions::default()).unwrap();
    assert_eq!(imported.programme.sessions.len(), 1006);
    let line = text
        .lines()
        .position(|l| l.contains("<duration>soon</duration>"))
        .unwrap()
        + 1;
    let warning = imported
        .warnings
        .iter()
        .find(|w| w.kind.to_string().contains("is skipped"))
        .expect("a warning for the broken event");
    match warning.location {
        marquee_core::Location::Line(at) => assert!(at <= line && line - at < 10, "{at} vs {line}"),
        ref other => panic!("{other:?}"),
    }
}
