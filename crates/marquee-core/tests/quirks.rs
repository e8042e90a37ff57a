//! Classes of real export that the shared schedules do not show, each in a
//! fixture of its own under tests/fixtures (also the fuzzers' seeds): every
//! event is imported, the source's lack is said in one warning, and the
//! programme survives our exports.

mod common;

use chrono_tz::Tz;
use marquee_core::export::ExportFormat;
use marquee_core::model::{Programme, Session};
use marquee_core::{ImportOptions, Imported, Location, ProblemKind, import, import_bytes};

const PENTABARF: &str = "pentabarf-no-zone.xml";
const FOLDED: &str = "ical-folded-in-a-character.ics";
const NO_LOCATION: &str = "ical-no-location.ics";
const PHP: &str = "ical-php-charset.ics";

fn read_with(name: &str, timezone: Option<Tz>) -> Imported {
    let options = ImportOptions {
        timezone,
        ..ImportOptions::default()
    };
    import_bytes(&common::fixture(name), &options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> Imported {
    read_with(name, None)
}

fn session<'a>(programme: &'a Programme, title: &str) -> &'a Session {
    programme
        .sessions
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no session {title:?}"))
}

fn start(programme: &Programme, title: &str) -> String {
    session(programme, title).start.to_rfc3339()
}

fn room(programme: &Programme, title: &str) -> String {
    let id = &session(programme, title).room;
    programme.room(id).unwrap().name.clone()
}

/// The warnings' texts, as the importer words them.
fn warnings(imported: &Imported) -> Vec<String> {
    imported
        .warnings
        .iter()
        .map(|w| w.kind.to_string())
        .collect()
}

/// The one warning of `kind`'s sort; fails when there are none or more.
fn only(imported: &Imported, sort: fn(&ProblemKind) -> bool) -> &marquee_core::Problem {
    let found: Vec<_> = imported.warnings.iter().filter(|w| sort(&w.kind)).collect();
    assert_eq!(found.len(), 1, "{:#?}", imported.warnings);
    found[0]
}

fn error(text: &str) -> String {
    match import(text, &ImportOptions::default()) {
        Ok(imported) => panic!("imported {:#?}", imported.warnings),
        Err(e) => e.to_string(),
    }
}

#[test]
fn pentabarf_without_a_zone_takes_its_times_as_written_and_says_so_once() {
    let imported = read(PENTABARF);
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 6);
    assert_eq!(p.conference.title, "FOSDEM 2021");
    assert_eq!(p.conference.timezone, chrono_tz::UTC);
    assert_eq!(
        start(p, "Welcome to FOSDEM 2021"),
        "2021-02-06T09:50:00+00:00"
    );
    assert_eq!(session(p, "Welcome to FOSDEM 2021").duration_minutes, 10);
    assert_eq!(start(p, "Late night hacking"), "2021-02-06T23:30:00+00:00");
    // Before the day_change of 09:00: the next calendar day.
    assert_eq!(start(p, "After midnight"), "2021-02-07T01:30:00+00:00");
    assert_eq!(start(p, "Closing FOSDEM 2021"), "2021-02-07T17:50:00+00:00");
    assert_eq!(room(p, "Open Source Hardware"), "K.fosdem");
    assert_eq!(room(p, "Social hour"), "Elsewhere");
    let zone = only(&imported, |k| matches!(k, ProblemKind::TimesAsWritten));
    assert_eq!(
        zone.kind.to_string(),
        "the schedule writes its times without a UTC offset and names no time zone that Marquee knows; the times are taken as written, in UTC"
    );
    assert!(zone.kind.fix().contains("--timezone"));
    let no_room = only(&imported, |k| matches!(k, ProblemKind::NoRoom { .. }));
    assert_eq!(
        no_room.kind.to_string(),
        "an event has no <room>; it is kept in a room called \"Elsewhere\""
    );
    assert_eq!(imported.warnings.len(), 2, "{:#?}", warnings(&imported));
    common::round_trip::assert_round_trip(PENTABARF, p, ExportFormat::FrabXml);
    common::round_trip::assert_round_trip(PENTABARF, p, ExportFormat::C3vocJson);
}

#[test]
fn pentabarf_times_are_in_the_zone_the_caller_or_the_source_gives() {
    let brussels = chrono_tz::Europe::Brussels;
    let imported = read_with(PENTABARF, Some(brussels));
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 6);
    assert_eq!(p.conference.timezone, brussels);
    assert_eq!(
        start(p, "Welcome to FOSDEM 2021"),
        "2021-02-06T09:50:00+01:00"
    );
    assert_eq!(start(p, "After midnight"), "2021-02-07T01:30:00+01:00");
    assert!(
        !imported.warnings.iter().any(|w| matches!(
            w.kind,
            ProblemKind::TimesAsWritten | ProblemKind::TimeZone(_)
        )),
        "{:#?}",
        imported.warnings
    );
    common::round_trip::assert_round_trip(PENTABARF, p, ExportFormat::FrabXml);

    // A zone the source names wins over the caller's.
    let text = String::from_utf8(common::fixture(PENTABARF)).unwrap();
    let named = text.replace(
        "<day_change>",
        "<time_zone_name>Europe/Brussels</time_zone_name><day_change>",
    );
    let options = ImportOptions {
        timezone: Some(chrono_tz::America::New_York),
        ..ImportOptions::default()
    };
    let p = import(&named, &options).unwrap().programme;
    assert_eq!(p.conference.timezone, brussels);
    assert_eq!(start(&p, "After midnight"), "2021-02-07T01:30:00+01:00");

    // So does an offset it writes on any date: here one event's <date>.
    let dated = text.replace(
        "<start>23:30</start>",
        "<date>2021-02-06T23:30:00+01:00</date><start>23:30</start>",
    );
    let imported = import(&dated, &ImportOptions::default()).unwrap();
    let p = &imported.programme;
    assert_eq!(
        start(p, "Welcome to FOSDEM 2021"),
        "2021-02-06T09:50:00+01:00"
    );
    assert!(
        !imported
            .warnings
            .iter()
            .any(|w| matches!(w.kind, ProblemKind::TimesAsWritten))
    );
}

/// FOSDEM 2026 cut back to the form of FOSDEM's older exports: no
/// `time_zone_name`, no `<date>` on events, no day bounds.
fn fosdem_without_zone() -> String {
    let text = common::read_shared("schedules/frab-xml/fosdem-2026-schedule.xml");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("<date>") && !l.contains("<time_zone_name>"))
        .collect();
    let text = lines.join("\n");
    let text = text.replace(
        " start=\"2026-01-31T09:00:00+01:00\" end=\"2026-02-01T08:59:00+01:00\"",
        "",
    );
    text.replace(
        " start=\"2026-02-01T09:00:00+01:00\" end=\"2026-02-02T08:59:00+01:00\"",
        "",
    )
}

#[test]
fn fosdem_in_its_older_form_loses_no_event() {
    let text = fosdem_without_zone();
    assert!(!text.contains("<date>") && !text.contains("+01:00"));
    let original = import(
        &common::read_shared("schedules/frab-xml/fosdem-2026-schedule.xml"),
        &ImportOptions::default(),
    )
    .unwrap()
    .programme;
    let options = ImportOptions {
        timezone: Some(chrono_tz::Europe::Brussels),
        ..ImportOptions::default()
    };
    let p = import(&text, &options).unwrap().programme;
    assert_eq!(p.sessions.len(), 883);
    let starts = |p: &Programme| p.sessions.iter().map(|s| s.start).collect::<Vec<_>>();
    assert_eq!(starts(&p), starts(&original));

    let imported = import(&text, &ImportOptions::default()).unwrap();
    assert_eq!(imported.programme.sessions.len(), 883);
    assert_eq!(
        start(&imported.programme, "Welcome to FOSDEM 2026"),
        "2026-01-31T09:30:00+00:00"
    );
    only(&imported, |k| matches!(k, ProblemKind::TimesAsWritten));
}

#[test]
fn a_schedule_whose_events_all_fail_is_an_error() {
    let text = String::from_utf8(common::fixture(PENTABARF)).unwrap();
    let broken = text
        .replace("<duration>", "<length>")
        .replace("</duration>", "</length>");
    let err = error(&broken);
    assert!(
        err.starts_with("line 18: none of the schedule's 6 events could be read; this first one has no readable <duration>"),
        "{err}"
    );
    let empty = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260309\r\nSUMMARY:All day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let err = error(empty);
    assert!(
        err.starts_with("line 2: the schedule's only event could not be read: it has no DTSTART with a time of day and no DTEND or DURATION (fix: "),
        "{err}"
    );
    // A schedule with no events at all is empty, not broken.
    let none = "<schedule><conference><title>T</title></conference></schedule>";
    assert!(
        import(none, &ImportOptions::default())
            .unwrap()
            .programme
            .sessions
            .is_empty()
    );
}

#[test]
fn ical_folded_inside_a_character_is_unfolded_before_it_is_decoded() {
    let bytes = common::fixture(FOLDED);
    assert!(std::str::from_utf8(&bytes).is_err());
    let imported = read(FOLDED);
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 3);
    assert_eq!(p.conference.title, "Kernel Recipes 2024");
    assert_eq!(p.conference.timezone, chrono_tz::Europe::Paris);
    let cfi = "Control-flow integrity in the Linux kernel: preventing an attacker’s exploitation";
    assert_eq!(start(p, cfi), "2024-09-25T09:30:00+02:00");
    assert_eq!(room(p, cfi), "Espace Saint-Martin");
    assert_eq!(
        session(p, cfi).summary,
        "How the kernel’s control-flow integrity works, from the compiler to the CPU, and what it costs at run time."
    );
    // A stray Latin-1 byte is replaced, and its line named once.
    assert_eq!(
        start(p, "Coffee at the caf\u{fffd}"),
        "2024-09-25T10:30:00+02:00"
    );
    assert_eq!(
        start(p, "Night owls' debugging session"),
        "2024-09-26T00:30:00+02:00"
    );
    let unreadable = only(&imported, |k| matches!(k, ProblemKind::NotUtf8 { .. }));
    assert_eq!(unreadable.location, Location::Line(22));
    assert_eq!(
        unreadable.kind.to_string(),
        "the line is not valid UTF-8; what cannot be read is shown as \u{fffd}"
    );
    assert_eq!(imported.warnings.len(), 1, "{:#?}", warnings(&imported));
    common::round_trip::assert_round_trip(FOLDED, p, ExportFormat::Ical);
}

#[test]
fn stray_bytes_in_other_formats_are_replaced_with_their_line_named() {
    let mut bytes = common::fixture(PENTABARF);
    let at = bytes.windows(4).position(|w| w == b"Open").unwrap();
    bytes[at] = 0xd6;
    let imported = import_bytes(&bytes, &ImportOptions::default()).unwrap();
    assert_eq!(imported.programme.sessions.len(), 6);
    assert!(session(&imported.programme, "\u{fffd}pen Source Hardware").duration_minutes > 0);
    let unreadable = only(&imported, |k| matches!(k, ProblemKind::NotUtf8 { .. }));
    assert_eq!(unreadable.location, Location::Line(32));
}

#[test]
fn ical_events_without_a_location_are_kept_in_one_room() {
    let imported = read(NO_LOCATION);
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 7);
    assert_eq!(p.conference.title, "RustConf 2024");
    assert_eq!(room(p, "Registration"), "Elsewhere");
    assert_eq!(room(p, "Breakfast"), "Elsewhere");
    assert_eq!(room(p, "Opening Keynote"), "Elsewhere");
    assert_eq!(room(p, "Async Rust in Practice"), "Room 517");
    assert_eq!(start(p, "Opening Keynote"), "2024-09-10T09:00:00-04:00");
    assert_eq!(start(p, "Closing party"), "2024-09-10T23:00:00-04:00");
    assert_eq!(session(p, "Closing party").duration_minutes, 120);
    assert_eq!(
        start(p, "Midnight lightning talks"),
        "2024-09-11T01:00:00-04:00"
    );
    let no_room = only(&imported, |k| matches!(k, ProblemKind::NoRoom { .. }));
    assert_eq!(
        no_room.kind.to_string(),
        "4 events have no LOCATION; they are kept in a room called \"Elsewhere\""
    );
    assert_eq!(no_room.location, Location::Line(6));
    assert_eq!(imported.warnings.len(), 1, "{:#?}", warnings(&imported));
    common::round_trip::assert_round_trip(NO_LOCATION, p, ExportFormat::Ical);
}

#[test]
fn pyconau_without_its_plenary_hall_keeps_every_event() {
    let text = common::read_shared("schedules/ical/pyconau-2023-pretalx.tzfixed.ics")
        .replace("LOCATION:Hall C (Plenary)\n", "");
    let imported = import(&text, &ImportOptions::default()).unwrap();
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 94);
    assert_eq!(
        room(p, "Specialist Tracks Combined Opening Address"),
        "Elsewhere"
    );
    let no_room = only(&imported, |k| matches!(k, ProblemKind::NoRoom { .. }));
    assert!(
        no_room
            .kind
            .to_string()
            .starts_with("33 events have no LOCATION")
    );
}

#[test]
fn ical_charset_and_encoding_parameters_are_read() {
    let imported = read(PHP);
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 3);
    assert_eq!(p.conference.title, "WordCamp Europe 2024");
    assert_eq!(p.conference.timezone, chrono_tz::Europe::Rome);
    let a11y = session(p, "Accessibility: beyond the checklist");
    assert_eq!(a11y.start.to_rfc3339(), "2024-06-13T10:00:00+02:00");
    assert_eq!(
        a11y.summary,
        "Ce que l’on oublie, et comment s’en souvenir."
    );
    assert_eq!(p.speaker(&a11y.speakers[0]).unwrap().name, "Amélie Durand");
    assert_eq!(room(p, "Blocks all the way down"), "Track 2");
    // CHARSET=ISO-8859-1 is honoured, after midnight too.
    assert_eq!(start(p, "Café nocturne"), "2024-06-14T00:30:00+02:00");
    assert_eq!(room(p, "Café nocturne"), "Salle Dolomiti");
    assert!(imported.warnings.is_empty(), "{:#?}", warnings(&imported));
    common::round_trip::assert_round_trip(PHP, p, ExportFormat::Ical);
}

#[test]
fn a_short_programme_broken_near_its_top_gets_its_place_from_bytes_too() {
    let bytes = common::fixture("programme-broken-near-top.json");
    let err = import_bytes(&bytes, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("line 3, column 13"), "{err}");
}

#[test]
fn ical_floating_times_without_a_calendar_zone_take_the_callers() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260308T120000\r\nDURATION:PT30M\r\nSUMMARY:Floating\r\nLOCATION:Hall\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let imported = import(ics, &ImportOptions::default()).unwrap();
    assert_eq!(
        start(&imported.programme, "Floating"),
        "2026-03-08T12:00:00+00:00"
    );
    only(&imported, |k| matches!(k, ProblemKind::TimesAsWritten));
    assert_eq!(imported.warnings.len(), 1, "{:#?}", warnings(&imported));
    let options = ImportOptions {
        timezone: Some(chrono_tz::America::New_York),
        ..ImportOptions::default()
    };
    let imported = import(ics, &options).unwrap();
    assert_eq!(
        start(&imported.programme, "Floating"),
        "2026-03-08T12:00:00-04:00"
    );
    assert!(imported.warnings.is_empty(), "{:#?}", warnings(&imported));
}

#[test]
fn c3voc_events_without_a_room_are_kept_in_one_room_too() {
    let json = r#"{"schedule": {"version": "1", "conference": {"title": "Flat",
      "time_zone_name": "Europe/Berlin", "days": [], "rooms": []},
      "events": [
        {"guid": "0d9c8b2e-6f1a-4c3e-9b7d-2a5f8e1c4b60", "title": "Plenary",
         "date": "2024-12-27T10:30:00+01:00", "duration": "00:30", "room": null},
        {"guid": "5b3e1f7a-2c4d-4e6f-8a9b-0c1d2e3f4a5b", "title": "Talk",
         "date": "2024-12-28T00:15:00+01:00", "duration": "00:40", "room": "Saal 1"}]}}"#;
    let imported = import(json, &ImportOptions::default()).unwrap();
    let p = &imported.programme;
    assert_eq!(p.sessions.len(), 2);
    assert_eq!(room(p, "Plenary"), "Elsewhere");
    assert_eq!(start(p, "Talk"), "2024-12-28T00:15:00+01:00");
    let no_room = only(&imported, |k| matches!(k, ProblemKind::NoRoom { .. }));
    assert_eq!(
        no_room.location,
        Location::Path("schedule.events[0]".to_owned())
    );
    assert_eq!(
        no_room.kind.to_string(),
        "an event has no \"room\"; it is kept in a room called \"Elsewhere\""
    );
    common::round_trip::assert_round_trip("c3voc", p, ExportFormat::C3vocJson);
}
