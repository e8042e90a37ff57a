//! The venue hub as a venue runs it: a real `marquee serve`, a browser
//! display in a real Chromium and a kiosk in a real WebKit window both
//! following it. A change put to the hub is on both within a second; with
//! the hub gone both keep the programme and say they are offline; with the
//! hub back both show the next change within a second.

use std::time::{Duration, Instant};

use marquee_tests::browser::Browser;
use marquee_tests::desktop::Desktop;
use marquee_tests::hub::HubProcess;
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root};

fn default_text() -> String {
    std::fs::read_to_string(root().join("data/programme.json")).unwrap()
}

fn renamed(title: &str) -> String {
    default_text().replace("ContainerDays Boston 2016", title)
}

/// Long enough for a scene's fade-in, before a screenshot.
fn settle() {
    std::thread::sleep(Duration::from_millis(800));
}

/// How long until every page shows `text`, at most `limit`.
fn until_all_show(sessions: &[&Session], text: &str, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if sessions.iter().all(|s| s.page_text().contains(text)) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "not every screen shows {text:?} after {limit:?}:\n{}",
            sessions
                .iter()
                .map(|s| s.page_text())
                .collect::<Vec<_>>()
                .join("\n---\n")
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
#[ignore = "end-to-end: needs Xvfb, tauri-driver and Chromium (make test-e2e)"]
fn a_browser_display_and_a_kiosk_follow_the_hub_through_changes_and_an_outage() {
    let binary = marquee_binary();
    let programme = root().join("data/programme.json");
    let mut hub = HubProcess::start(
        &binary,
        Some(&programme),
        &["--clock", "10:42", "--clock-rate", "0"],
    );

    let browser = Browser::start();
    let display = browser.session(1920, 1080);
    display.navigate(&hub.url("/display?room=Main%20Hall"));
    let desktop = Desktop::start(1920, 1080);
    let hub_address = hub.url("");
    let kiosk = Session::start(
        &desktop.driver_url(),
        &binary,
        &[
            "kiosk",
            "--programme",
            &hub_address,
            "--clock",
            "10:42",
            "--clock-rate",
            "0",
        ],
    );
    until_all_show(
        &[&display, &kiosk],
        "ContainerDays Boston 2016",
        Duration::from_secs(30),
    );
    settle();
    display.screenshot(&artifacts().join("display-browser-1920x1080.png"));
    desktop.screenshot(&artifacts().join("display-kiosk-following-hub.png"));

    let (status, said) = hub.put(&renamed("Renamed Days"));
    assert_eq!(status, 200, "{said}");
    let took = until_all_show(&[&display, &kiosk], "Renamed Days", Duration::from_secs(5));
    assert!(took < Duration::from_secs(1), "the change took {took:?}");

    hub.kill();
    until_all_show(
        &[&display, &kiosk],
        "offline since",
        Duration::from_secs(15),
    );
    for session in [&display, &kiosk] {
        assert!(
            session.page_text().contains("Renamed Days"),
            "the last good programme stays"
        );
    }
    settle();
    display.screenshot(&artifacts().join("display-browser-offline.png"));

    // Back on its own data, without its source: it carries on where it was.
    hub.restart(false);
    let back = Instant::now();
    loop {
        if [&display, &kiosk]
            .iter()
            .all(|s| !s.page_text().contains("offline since"))
        {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "the screens never saw the hub back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, said) = hub.put(&renamed("Back Again Days"));
    assert_eq!(status, 200, "{said}");
    let took = until_all_show(
        &[&display, &kiosk],
        "Back Again Days",
        Duration::from_secs(5),
    );
    assert!(
        took < Duration::from_secs(1),
        "the change after the outage took {took:?}"
    );
}

#[test]
#[ignore = "end-to-end: needs Chromium (make test-e2e)"]
fn the_browser_display_fits_a_portrait_screen_and_a_light_theme() {
    let binary = marquee_binary();
    let programme = root().join("data/programme.json");
    let hub = HubProcess::start(
        &binary,
        Some(&programme),
        &["--clock", "10:42", "--clock-rate", "0"],
    );
    let browser = Browser::start();
    let display = browser.session(1080, 1920);
    display.navigate(&hub.url("/display?theme=light"));
    until_all_show(
        &[&display],
        "ContainerDays Boston 2016",
        Duration::from_secs(30),
    );
    let light = display.execute(
        "return document.documentElement.classList.contains('light')",
        serde_json::json!([]),
    );
    assert_eq!(light, serde_json::json!(true));
    settle();
    display.screenshot(&artifacts().join("display-browser-1080x1920-light.png"));
}
