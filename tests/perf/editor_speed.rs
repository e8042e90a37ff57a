//! The editor's speed on 38C3 (72 rooms, 1,007 sessions), for `make bench`
//! (with `MARQUEE_BIN=target/release/marquee`): how long until the timetable
//! is ready to edit after the page opens, and how long a drop takes to be in
//! the hub's store and on a second organiser's screen. Figures, not
//! assertions: these machines are noisy.

use std::time::{Duration, Instant};

use marquee_tests::browser::Browser;
use marquee_tests::hub::HubProcess;
use marquee_tests::webdriver::Session;
use marquee_tests::{marquee_binary, root};
use serde_json::json;

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(time: Duration) -> String {
    format!("{:.0} ms", time.as_secs_f64() * 1000.0)
}

fn ready(editor: &Session) -> bool {
    let blocks = editor.execute(
        "return document.querySelectorAll('[data-session]').length",
        json!([]),
    );
    blocks.as_u64().unwrap_or(0) > 0
}

/// The first two sessions of the first room on the first day, by id.
fn first_two(editor: &Session) -> (String, String) {
    let ids = editor.execute(
        "const column = document.querySelector('section.column'); \
         const blocks = [...column.querySelectorAll('[data-session]')] \
           .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top); \
         return blocks.slice(0, 2).map(b => b.dataset.session);",
        json!([]),
    );
    let ids = ids.as_array().unwrap();
    (
        ids[0].as_str().unwrap().to_owned(),
        ids[1].as_str().unwrap().to_owned(),
    )
}

/// The hub's revision, from `/health`: cheap enough to ask every few ms.
fn revision(hub: &HubProcess) -> u64 {
    let mut health = ureq::get(&hub.url("/health")).call().unwrap();
    let health: serde_json::Value = health.body_mut().read_json().unwrap();
    health["revision"].as_u64().unwrap()
}

/// Now, in milliseconds since the Unix epoch, as a page's clock gives it.
fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

fn start_in_editor(editor: &Session, id: &str) -> String {
    let text = editor.execute(
        "return document.querySelector(`[data-session=\"${arguments[0]}\"] .time`)?.textContent ?? ''",
        json!([id]),
    );
    text.as_str().unwrap_or_default().to_owned()
}

#[test]
#[ignore = "benchmark: make bench"]
fn bench_editor_opens_38c3_and_a_drop_reaches_the_store_and_another_organiser() {
    let binary = marquee_binary();
    let dir = tempfile::tempdir().unwrap();
    let schedule = dir.path().join("38c3.json");
    let imported = std::process::Command::new(&binary)
        .arg("import")
        .arg(root().join("../shared/schedules/frab-xml/38c3-schedule.xml"))
        .arg("-o")
        .arg(&schedule)
        .output()
        .unwrap();
    assert!(imported.status.success());
    let hub = HubProcess::start(&binary, Some(&schedule), &[]);
    let browser = Browser::start();
    let link = hub.url(&format!("/editor#token={}", hub.token()));

    let mut opens = Vec::new();
    for _ in 0..5 {
        let editor = browser.session(1920, 1080);
        let started = Instant::now();
        editor.navigate(&link);
        while !ready(&editor) {
            std::thread::sleep(Duration::from_millis(5));
        }
        opens.push(started.elapsed());
    }

    let editor = browser.session(1920, 1080);
    editor.navigate(&link);
    let other = browser.session(1600, 900);
    other.navigate(&link);
    while !ready(&editor) || !ready(&other) {
        std::thread::sleep(Duration::from_millis(20));
    }
    // A hallway screen of the room whose first talks are swapped, following
    // the hub at the minute before its day begins: each swap changes it.
    let (first, _) = first_two(&editor);
    let room = hub.session(&first)["room"].as_str().unwrap().to_owned();
    let start = hub.session(&first)["start"].as_str().unwrap().to_owned();
    let start = chrono::DateTime::parse_from_rfc3339(&start).unwrap();
    let before = (start - chrono::TimeDelta::minutes(1)).to_rfc3339();
    let screen = browser.session(1920, 1080);
    screen.navigate(&hub.url(&format!(
        "/display?room={room}&at={}",
        before.replace('+', "%2B")
    )));
    while screen.page_text().trim().is_empty() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (mut in_store, mut on_other, mut on_screen) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..20 {
        let (first, second) = first_two(&editor);
        let was = revision(&hub);
        let from = editor.centre_of(&format!("[data-session=\"{second}\"]"));
        let to = editor.execute(
            "const r = document.querySelector(`[data-session=\"${arguments[0]}\"]`).getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + 2];",
            json!([first]),
        );
        editor.pointer_drag_to(from, (to[0].as_f64().unwrap(), to[1].as_f64().unwrap()));
        let shown_before = start_in_editor(&other, &second);
        let screen_before = screen.page_text();
        // The drop is the page's own pointerup, on the clock this test reads
        // too: WebDriver's time to deliver it is not the editor's.
        editor.execute(
            "window.__dropped = null; \
             addEventListener('pointerup', e => { window.__dropped = performance.timeOrigin + e.timeStamp }, {capture: true, once: true});",
            json!([]),
        );
        editor.pointer_up();
        // Each watched in turn in one loop, each time taken when first seen.
        let (mut stored, mut shown, mut on_the_screen) = (None, None, None);
        while stored.is_none() || shown.is_none() || on_the_screen.is_none() {
            if stored.is_none() && revision(&hub) != was {
                stored = Some(epoch_ms());
            }
            if on_the_screen.is_none() && screen.page_text() != screen_before {
                on_the_screen = Some(epoch_ms());
            }
            if shown.is_none() && start_in_editor(&other, &second) != shown_before {
                shown = Some(epoch_ms());
            }
        }
        let (stored, shown, on_the_screen) =
            (stored.unwrap(), shown.unwrap(), on_the_screen.unwrap());
        let dropped = editor
            .execute("return window.__dropped", json!([]))
            .as_f64()
            .expect("the page saw the drop");
        in_store.push(Duration::from_secs_f64((stored - dropped) / 1000.0));
        on_other.push(Duration::from_secs_f64((shown - dropped) / 1000.0));
        on_screen.push(Duration::from_secs_f64((on_the_screen - dropped) / 1000.0));
    }
    println!(
        "editor on 38C3 (72 rooms, 1,007 sessions), Chromium headless at 1920x1080, {}",
        binary.display()
    );
    println!(
        "  ready to edit after opening: median {}, worst {} (5 opens)",
        ms(percentile(&mut opens, 0.5)),
        ms(percentile(&mut opens, 1.0))
    );
    println!(
        "  a drop (the page's pointerup) in the store: median {}, p95 {} (20 drops)",
        ms(percentile(&mut in_store, 0.5)),
        ms(percentile(&mut in_store, 0.95))
    );
    println!(
        "  on a hallway screen (a browser display following the hub): median {}, p95 {}",
        ms(percentile(&mut on_screen, 0.5)),
        ms(percentile(&mut on_screen, 0.95))
    );
    println!(
        "  on a second organiser's page: median {}, p95 {}",
        ms(percentile(&mut on_other, 0.5)),
        ms(percentile(&mut on_other, 0.95))
    );
}
