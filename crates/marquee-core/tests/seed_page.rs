//! The seed programme page imports with every fact it holds.

mod common;

use std::collections::HashSet;

use marquee_core::model::{LinkKind, SessionKind};
use marquee_core::problem::Location;
use marquee_core::{ImportOptions, Severity, import, validate};
use regex::Regex;

fn seed() -> (String, marquee_core::Imported) {
    let text = common::read_shared(common::SEED);
    let imported = import(&text, &ImportOptions::default()).expect("the seed imports");
    (text, imported)
}

#[test]
fn talks_and_workshops_keep_the_page_order() {
    let (_, imported) = seed();
    let ids = |kind| {
        imported
            .programme
            .sessions
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(SessionKind::Talk),
        [
            "realworld",
            "dockerdev",
            "secrets",
            "compliance",
            "layerx",
            "schedulers",
            "overlay",
            "servicefabric",
            "barkly",
            "stateful",
            "yelp",
            "clair",
            "autopilot",
            "itstack"
        ]
    );
    assert_eq!(
        ids(SessionKind::Workshop),
        ["dockercomposeswarm", "unik", "mesos", "kubernetes"]
    );
    let first = &imported.programme.sessions[0];
    assert_eq!(
        first.title,
        "From Hello World to Real World: Creating a Production-Grade Container Environment"
    );
    assert_eq!(first.speakers, ["billm".into(), "shannonw".into()]);
    assert!(first.summary.starts_with("Containers are lightweight"));
    assert!(
        first
            .summary
            .contains("production-grade container environments so far.")
    );
    assert_eq!(first.summary.matches("\n\n").count(), 2, "three paragraphs");
}

#[test]
fn all_twenty_people_with_bios_and_photos() {
    let (text, imported) = seed();
    let people = &imported.programme.speakers;
    assert_eq!(people.len(), 20);
    for person in people {
        assert!(!person.bio.is_empty(), "{} has a bio", person.name);
        let photo = person.photo.as_ref().expect("everyone has a photo");
        assert!(text.contains(&photo.0), "{} is on the page", photo.0);
    }
    let kapil = people
        .iter()
        .find(|p| p.name == "Kapil Arya")
        .expect("workshop leader");
    assert_eq!(kapil.affiliation.as_deref(), Some("Mesosphere"));
    assert!(
        kapil
            .bio
            .starts_with("Kapil is a Distributed Systems Engineer")
    );
    assert!(kapil.photo.as_ref().unwrap().0.ends_with("kapil-arya.png"));
    let ray = people
        .iter()
        .find(|p| p.name == "Ray Tsang")
        .expect("workshop leader");
    assert_eq!(ray.affiliation.as_deref(), Some("Google"));
    let jonas = people.iter().find(|p| p.id.as_str() == "jonasr").unwrap();
    assert_eq!(jonas.affiliation.as_deref(), Some("EMC {code}"));

    let handles = Regex::new(r"on Twitter at \[(@\w+)\]\(([^)]+)\)").unwrap();
    let socials: HashSet<(String, String)> = people
        .iter()
        .flat_map(|p| &p.socials)
        .map(|s| (s.handle.clone(), s.url.clone().unwrap()))
        .collect();
    let on_page: HashSet<(String, String)> = handles
        .captures_iter(&text)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect();
    assert_eq!(socials, on_page);
    assert!(people.iter().all(|p| !p.bio.contains("You can find")));
}

#[test]
fn every_link_on_the_page_is_kept_with_its_kind() {
    let (text, imported) = seed();
    let link = Regex::new(r"\[(slides|video|code|more info)\]\(([^)]+)\)").unwrap();
    let kept: HashSet<(LinkKind, &str)> = imported
        .programme
        .sessions
        .iter()
        .flat_map(|s| &s.links)
        .map(|l| (l.kind, l.url.as_str()))
        .collect();
    let mut count = 0;
    for caps in link.captures_iter(&text) {
        let kind = match &caps[1] {
            "slides" => LinkKind::Slides,
            "video" => LinkKind::Video,
            "code" => LinkKind::Code,
            _ => LinkKind::Info,
        };
        assert!(
            kept.contains(&(kind, &caps[2])),
            "{kind:?} {} is kept",
            &caps[2]
        );
        count += 1;
    }
    assert_eq!(count, kept.len());
    assert_eq!(count, 18, "12 slides, 4 videos, 1 code, 1 more info");
    let workshop_links: Vec<&str> = imported
        .programme
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Workshop)
        .flat_map(|s| s.links.iter().map(|l| l.url.as_str()))
        .collect();
    assert_eq!(
        workshop_links,
        [
            "http://www.slideshare.net/ScottWeiss7/unik-deploy-unikernels-with-ease",
            "http://bit.ly/k8s-lab"
        ]
    );
}

#[test]
fn workshops_keep_level_length_leaders_and_prerequisites() {
    let (_, imported) = seed();
    let workshops: Vec<_> = imported
        .programme
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Workshop)
        .collect();
    assert!(workshops.iter().all(|w| w.duration_minutes == 120));
    let levels: Vec<_> = workshops
        .iter()
        .map(|w| w.level.as_deref().unwrap())
        .collect();
    assert_eq!(
        levels,
        ["Intermediate", "Advanced", "Intermediate", "Intermediate"]
    );
    let leaders: Vec<_> = workshops.iter().map(|w| w.speakers[0].as_str()).collect();
    assert_eq!(leaders, ["jonasr", "scottw", "kapil-arya", "ray-tsang"]);
    assert!(
        workshops[1]
            .summary
            .contains("Clone the [UniK repository](https://github.com/emc-advanced-dev/unik)")
    );
    assert!(workshops[3].summary.contains("Just a browser!"));
}

#[test]
fn conference_name_and_logo() {
    let (_, imported) = seed();
    let conference = &imported.programme.conference;
    assert_eq!(conference.title, "ContainerDays Boston 2016");
    assert_eq!(
        conference.branding.logo.as_ref().unwrap().0,
        "http://dynamicinfradays.org/events/2016-boston/img/2016-boston-logo.png"
    );
}

#[test]
fn markup_not_understood_is_a_warning_at_its_line() {
    let (text, imported) = seed();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let lines: Vec<Location> = imported
        .warnings
        .iter()
        .map(|w| w.location.clone())
        .collect();
    assert_eq!(
        lines,
        [
            Location::Line(line_of("dynamicinfradays.org/img/logo.png")),
            Location::Line(line_of("is a <a href")),
        ]
    );
    assert!(
        imported.warnings[1]
            .kind
            .to_string()
            .contains("is a DynamicInfraDays event")
    );
}

#[test]
fn the_default_layout_is_a_believable_day_without_errors() {
    let (_, imported) = seed();
    let programme = &imported.programme;
    let problems = validate(programme);
    assert!(problems.is_empty(), "{problems:#?}");
    let at = |id: &str| {
        let s = programme
            .sessions
            .iter()
            .find(|s| s.id.as_str() == id)
            .unwrap();
        (
            s.start.to_rfc3339(),
            s.end().to_rfc3339(),
            s.room.as_str().to_owned(),
        )
    };
    assert_eq!(at("realworld").0, "2016-06-06T09:00:00-04:00");
    assert_eq!(at("lunch").0, "2016-06-06T12:30:00-04:00");
    assert_eq!(at("servicefabric").0, "2016-06-06T13:30:00-04:00");
    assert_eq!(at("itstack").1, "2016-06-06T16:55:00-04:00");
    assert_eq!(at("dockercomposeswarm").2, "workshop-room");
    assert!(problems.iter().all(|p| p.severity() != Severity::Error));
}

#[test]
fn a_speaker_link_to_nobody_keeps_the_name_with_a_warning() {
    let page = "### Talks\n\n#### <a name=\"t\"></a>_A talk_ <span>- [Ann Lee](#annl) & [Bo](#bo)</span>\n\nText.\n\n### Speakers\n\n#### <a name=\"bo\"></a>Bo\n\nBio.\n";
    let imported = import(page, &ImportOptions::default()).unwrap();
    let ann = imported
        .programme
        .speakers
        .iter()
        .find(|s| s.id.as_str() == "annl")
        .expect("kept");
    assert_eq!(ann.name, "Ann Lee");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.kind.to_string().contains("#annl"))
    );
    assert!(
        validate(&imported.programme)
            .iter()
            .all(|p| p.severity() != Severity::Error)
    );
}
