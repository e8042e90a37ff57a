//! The listing writes times in the venue's zone and lets only web links through.

mod common;

use marquee_core::listing::Listing;
use marquee_core::model::{Link, LinkKind};
use marquee_core::{ImportOptions, import};

#[test]
fn the_seed_lists_by_room_in_venue_time() {
    let text = common::read_shared(common::SEED);
    let mut programme = import(&text, &ImportOptions::default()).unwrap().programme;
    programme.sessions[0].links.push(Link {
        kind: LinkKind::Slides,
        url: "javascript:alert(1)".into(),
        title: None,
    });
    let listing = Listing::of(&programme);
    assert_eq!(listing.timezone, "America/New_York");
    let names: Vec<&str> = listing.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Main Hall", "Workshop Room"]);
    let first = &listing.rooms[0].sessions[0];
    assert_eq!(first.time, "09:00–09:25");
    assert_eq!(first.day, "Mon 6 Jun");
    assert_eq!(first.speakers, ["Bill Maxwell", "Shannon Williams"]);
    assert!(first.links.iter().all(|l| l.url.starts_with("http")));
    assert_eq!(first.links.len(), 2);
    let workshops: Vec<&str> = listing.rooms[1]
        .sessions
        .iter()
        .map(|s| s.time.as_str())
        .collect();
    assert_eq!(
        workshops,
        ["09:00–11:00", "11:40–13:40", "13:55–15:55", "16:10–18:10"]
    );
}
