//! The real app in a real WebKit window under Xvfb, driven through
//! tauri-driver: what a person at the screen would see.

use std::time::Duration;

use marquee_core::model::SessionKind;
use marquee_core::{ImportOptions, import};
use marquee_tests::desktop::Desktop;
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root};

#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn the_window_lists_every_talk_of_the_default_programme() {
    let seed = std::fs::read_to_string(
        root().join("../shared/seeds/containerdays-boston-2016-programme.md"),
    )
    .expect("the seed page");
    let programme = import(&seed, &ImportOptions::default()).unwrap().programme;
    let talks: Vec<&str> = programme
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Talk)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(talks.len(), 14);

    let desktop = Desktop::start(1920, 1080);
    let session = Session::start(&desktop.driver_url(), &marquee_binary(), &[]);
    let shown = session.wait_for_texts(".session.talk .title", Duration::from_secs(20));
    assert_eq!(shown, talks, "the window shows the seed's talks in order");

    let heading = session.texts("h1");
    assert_eq!(heading, ["ContainerDays Boston 2016"]);
    let first = session.texts(".session.talk")[0].clone();
    assert!(first.contains("09:00–09:25"), "{first}");
    assert!(first.contains("Bill Maxwell, Shannon Williams"), "{first}");
    session.screenshot(&artifacts().join("first-window.png"));
}

#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn a_programme_that_cannot_be_read_is_explained_on_screen() {
    let dir = std::env::temp_dir().join(format!("marquee-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("programme.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": 1,\n  \"conference\": {\"title\": 5}\n}\n",
    )
    .unwrap();

    let desktop = Desktop::start(1280, 800);
    let args = ["kiosk", "--programme", broken.to_str().unwrap()];
    let session = Session::start(&desktop.driver_url(), &marquee_binary(), &args);
    let alert = session.wait_for_texts("[role=alert]", Duration::from_secs(20));
    assert_eq!(alert.len(), 1);
    assert!(alert[0].contains("line 3, column"), "{}", alert[0]);
    assert!(alert[0].contains("conference.title"), "{}", alert[0]);
    std::fs::remove_dir_all(&dir).unwrap();
}
