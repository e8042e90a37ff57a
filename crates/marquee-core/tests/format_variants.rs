//! Variants of the exchange formats that the real files in shared/ do not
//! show: each is written here as a small schedule of its own.

use marquee_core::model::LinkKind;
use marquee_core::{ImportOptions, import};

fn read(text: &str) -> marquee_core::Imported {
    import(text, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn frab_events_under_days_with_start_times_nested_links_and_relative_hrefs() {
    let xml = r#"<?xml version="1.0"?>
<schedule>
  <conference><title>Night Conf</title><time_zone_name>Europe/Berlin</time_zone_name>
    <base_url>https://example.org/night/</base_url></conference>
  <day index="1" date="2024-12-27" start="2024-12-27T10:00:00+01:00" end="2024-12-28T04:00:00+01:00">
    <event id="7" guid="11111111-1111-4111-8111-111111111111">
      <room>Hall</room><title>Late talk</title><type>lecture</type>
      <start>01:30</start><duration>0:45:00</duration>
      <persons><person id="3">Ann</person></persons>
      <links>
        <link><url>slides/late.pdf</url><type>slides</type><title>Deck</title></link>
        <link href="https://example.org/v">Recording</link>
      </links>
    </event>
    <event id="7" guid="11111111-1111-4111-8111-111111111111">
      <room>Hall</room><title>Same id again</title><type>talk</type>
      <start>11:00</start><duration>00:30</duration>
    </event>
  </day>
</schedule>"#;
    let imported = read(xml);
    let p = &imported.programme;
    let late = &p.sessions[0];
    assert_eq!(
        late.title, "Late talk",
        "a link's <title> never becomes the event's"
    );
    assert_eq!(late.kind, marquee_core::model::SessionKind::Talk);
    assert_eq!(
        late.start.to_rfc3339(),
        "2024-12-28T01:30:00+01:00",
        "after midnight: the next date"
    );
    assert_eq!(late.duration_minutes, 45);
    assert_eq!(
        late.links[0].url,
        "https://example.org/night/slides/late.pdf"
    );
    assert_eq!(late.links[0].kind, LinkKind::Slides);
    assert_eq!(late.links[0].title.as_deref(), Some("Deck"));
    assert_eq!(late.links[1].kind, LinkKind::Video);
    assert_ne!(
        p.sessions[1].id, late.id,
        "a repeated guid gets an id of its own"
    );
    assert!(imported.warnings.iter().any(|w| {
        w.kind
            .to_string()
            .contains("already taken by an earlier event")
    }));
}

#[test]
fn c3voc_numbers_and_strings_bare_links_and_nulls() {
    let json = r#"{"schedule": {"version": "1", "base_url": "https://example.org/",
      "conference": {"title": "Mixed", "acronym": "mixed", "time_zone_name": "Europe/Berlin",
        "days": [{"index": 1, "date": "2020-12-27", "day_start": "2020-12-27T06:00:00+01:00",
                  "day_end": "2020-12-28T05:59:00+01:00",
          "rooms": {"Stage": [
            {"id": 12, "guid": null, "date": "2020-12-27T11:00:00+01:00", "start": "11:00",
             "duration": "00:40", "room": "Stage", "title": "Numbers", "subtitle": "", "track": null,
             "type": "Workshop", "language": "en", "abstract": "A\r\nB", "description": null,
             "persons": [{"id": 5, "public_name": "Ann"}, {"code": "XYZ123", "name": "Bo", "avatar": "/media/bo.png"}],
             "links": ["https://example.org/slides.pdf", {"title": "Code", "url": "https://git.example.org/x"}]},
            {"id": "13", "date": "2020-12-27T12:00:00+01:00", "duration": "1:00", "room": "Stage",
             "title": "Strings", "persons": [], "links": []}
          ]}}]}}}"#;
    let p = read(json).programme;
    assert_eq!(p.sessions[0].id.as_str(), "12");
    assert_eq!(p.sessions[1].id.as_str(), "13");
    assert_eq!(
        p.sessions[0].kind,
        marquee_core::model::SessionKind::Workshop
    );
    assert_eq!(p.sessions[0].summary, "A\nB");
    assert_eq!(p.sessions[0].subtitle, None);
    assert_eq!(p.sessions[0].links[0].url, "https://example.org/slides.pdf");
    assert_eq!(p.sessions[0].links[1].kind, LinkKind::Code);
    let bo = p.speakers.iter().find(|s| s.name == "Bo").unwrap();
    assert_eq!(bo.id.as_str(), "XYZ123");
    assert_eq!(
        bo.photo.as_ref().unwrap().0,
        "https://example.org/media/bo.png"
    );
}

#[test]
fn ical_with_utc_times_and_floating_times_in_the_calendar_zone() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Cal\r\nX-WR-TIMEZONE:America/New_York\r\n\
BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260308T150000Z\r\nDURATION:PT45M\r\nSUMMARY:Utc\r\nLOCATION:Hall\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260308T120000\r\nDTEND:20260308T123000\r\nSUMMARY:Floating - Ann\r\nLOCATION:Hall\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c\r\nDTSTART;VALUE=DATE:20260309\r\nSUMMARY:All day\r\nLOCATION:Hall\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
    let imported = read(ics);
    let p = &imported.programme;
    assert_eq!(p.conference.title, "Cal");
    assert_eq!(
        p.sessions[0].start.to_rfc3339(),
        "2026-03-08T11:00:00-04:00"
    );
    assert_eq!(p.sessions[0].duration_minutes, 45);
    assert_eq!(
        p.sessions[1].start.to_rfc3339(),
        "2026-03-08T12:00:00-04:00"
    );
    assert_eq!(p.sessions.len(), 2, "an all-day entry is no session");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.kind.to_string().contains("skipped"))
    );
}
