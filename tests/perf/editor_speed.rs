//! The editor's speed on 38C3 (72 rooms, 1,007 sessions), for `make bench`
//! (with `MARQUEE_BIN=target/release/marquee`): how long until the timetable
//! is ready to edit after the page opens, and how long a drop takes to be in
//! the hub's store and on a second organiser's screen. Figures, not
//! assertions: these machines are noisy.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use marquee_tests::browser::Browser;
use marquee_tests::figures::{arm, changed_at, epoch_ms, ms, percentile, since};
use marquee_tests::hub::HubProcess;
use marquee_tests::webdriver::Session;
use marquee_tests::{marquee_binary, root};
use serde_json::json;

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

/// Watches the hub's `/health` on a thread of its own, every millisecond,
/// and keeps when each revision was first seen, in ms since the Unix epoch:
/// the store's time, not the test's polling of pages in between.
struct StoreWatch {
    seen: Arc<Mutex<HashMap<u64, f64>>>,
    stop: Arc<AtomicBool>,
}

impl StoreWatch {
    fn start(hub: &HubProcess) -> StoreWatch {
        let seen = Arc::new(Mutex::new(HashMap::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (url, into, until) = (hub.url("/health"), seen.clone(), stop.clone());
        std::thread::spawn(move || {
            let agent = ureq::Agent::new_with_defaults();
            while !until.load(Ordering::Relaxed) {
                // The hub goes away at the end, before this thread is told.
                let Ok(mut health) = agent.get(&url).call() else {
                    break;
                };
                let Ok(health) = health.body_mut().read_json::<serde_json::Value>() else {
                    break;
                };
                if let Some(revision) = health["revision"].as_u64() {
                    into.lock()
                        .unwrap()
                        .entry(revision)
                        .or_insert_with(epoch_ms);
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        StoreWatch { seen, stop }
    }

    /// The newest revision seen, once the thread has seen one.
    fn newest(&self) -> u64 {
        loop {
            if let Some(newest) = self.seen.lock().unwrap().keys().max() {
                return *newest;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// When the first revision after `revision` was seen.
    fn wait_past(&self, revision: u64) -> f64 {
        loop {
            let seen = self.seen.lock().unwrap();
            if let Some(next) = seen.keys().filter(|r| **r > revision).min() {
                return seen[next];
            }
            drop(seen);
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for StoreWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
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
    let store = StoreWatch::start(&hub);
    let (mut in_store, mut on_other, mut on_screen) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..20 {
        let (first, second) = first_two(&editor);
        let from = editor.centre_of(&format!("[data-session=\"{second}\"]"));
        let to = editor.execute(
            "const r = document.querySelector(`[data-session=\"${arguments[0]}\"]`).getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + 2];",
            json!([first]),
        );
        editor.pointer_drag_to(from, (to[0].as_f64().unwrap(), to[1].as_f64().unwrap()));
        let was = store.newest();
        arm(&other, &format!("[data-session=\"{second}\"] .time"));
        arm(&screen, "");
        // The drop is the page's own pointerup, on the clock the others use
        // too: WebDriver's time to deliver it is not the editor's.
        editor.execute(
            "window.__dropped = null; \
             addEventListener('pointerup', e => { window.__dropped = performance.timeOrigin + e.timeStamp }, {capture: true, once: true});",
            json!([]),
        );
        editor.pointer_up();
        let stored = store.wait_past(was);
        let shown = changed_at(&other);
        let on_the_screen = changed_at(&screen);
        let dropped = editor
            .execute("return window.__dropped", json!([]))
            .as_f64()
            .expect("the page saw the drop");
        in_store.push(since(dropped, stored, "the store"));
        on_other.push(since(dropped, shown, "the second organiser's page"));
        on_screen.push(since(dropped, on_the_screen, "the hallway screen"));
        // Every page settled before the next drag.
        std::thread::sleep(Duration::from_millis(300));
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
