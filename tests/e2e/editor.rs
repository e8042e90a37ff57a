//! The organiser's editor as organisers meet it: a real `marquee serve`, the
//! editor at `/editor` in a real Chromium, and a kiosk in a real WebKit
//! window following the hub; and `marquee editor FILE` in its own WebKit
//! window, with a kiosk following the file it writes. Sessions are dragged with W3C pointer actions
//! and moved with the keyboard; the hub's store, the editor and the kiosk
//! all show each change, and undo brings everything back. Two organisers
//! in two browsers: a change made while the other edits elsewhere merges,
//! one on the same session is refused with the reason.

use std::time::Duration;

use marquee_tests::browser::Browser;
use marquee_tests::desktop::Desktop;
use marquee_tests::editor::{self, drag, press_and_drag, stored_start};
use marquee_tests::hub::HubProcess;
use marquee_tests::kiosk::watched_kiosk;
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root, wait_until};
use serde_json::json;

const SECRETS_TITLE: &str = "Hiding in Plain Sight";

/// The time the editor shows on a session's block.
fn shown_start(editor: &Session, id: &str) -> String {
    let text = editor.execute(
        "return document.querySelector(`[data-session=\"${arguments[0]}\"] .time`)?.textContent ?? ''",
        json!([id]),
    );
    text.as_str().unwrap_or_default().to_owned()
}

fn open_editor(browser: &Browser, hub: &HubProcess, width: u32, height: u32) -> Session {
    let editor = browser.session(width, height);
    editor::open(&editor, hub);
    editor
}

/// A kiosk for the workshop room at 10:00, following `programme`.
fn workshop_kiosk(desktop: &Desktop, programme: &str) -> Session {
    watched_kiosk(
        desktop,
        programme,
        "workshop-room",
        "10:00",
        "Multi-machine Docker",
    )
}

/// Presses the session form's Save once the form has taken what was typed.
fn save(editor: &Session) {
    press_when_enabled(editor, "form[aria-label^=\"Session\"] button[type=submit]");
}

/// Presses the button `selector` once it can be pressed.
fn press_when_enabled(editor: &Session, selector: &str) {
    wait_until("the button can be pressed", Duration::from_secs(2), || {
        editor
            .execute(
                "return !document.querySelector(arguments[0]).disabled",
                json!([selector]),
            )
            .as_bool()
            .unwrap_or(false)
    });
    editor.execute(
        "document.querySelector(arguments[0]).click()",
        json!([selector]),
    );
}

#[test]
#[ignore = "end-to-end: needs Xvfb, tauri-driver and Chromium (make test-e2e)"]
fn an_organiser_drags_sessions_and_screens_follow_then_undoes_it() {
    let binary = marquee_binary();
    let hub = HubProcess::start(&binary, Some(&root().join("data/programme.json")), &[]);
    let browser = Browser::start();
    let editor = open_editor(&browser, &hub, 1920, 1080);
    let text = editor.page_text();
    assert!(
        text.contains("Times in America/New_York"),
        "the zone is said"
    );
    std::thread::sleep(Duration::from_millis(300));
    editor.screenshot(&artifacts().join("editor-1920x1080.png"));

    let desktop = Desktop::start(1920, 1080);
    let kiosk = workshop_kiosk(&desktop, &hub.url(""));
    assert!(!kiosk.page_text().contains(SECRETS_TITLE));

    // Swap the first two talks of the main hall by dragging.
    drag(&editor, "realworld", "dockerdev", 0.9);
    wait_until("the swap is stored", Duration::from_secs(5), || {
        stored_start(&hub, "realworld") == "09:30"
    });
    assert_eq!(stored_start(&hub, "dockerdev"), "09:00");
    assert_eq!(
        stored_start(&hub, "secrets"),
        "10:00",
        "the rest keep their times"
    );
    wait_until("the editor shows it", Duration::from_secs(2), || {
        shown_start(&editor, "realworld") == "09:30"
    });
    editor.chord(&["\u{E009}", "z"]);
    wait_until("undone in the store", Duration::from_secs(5), || {
        stored_start(&hub, "realworld") == "09:00"
    });
    wait_until("undone in the editor", Duration::from_secs(2), || {
        shown_start(&editor, "realworld") == "09:00"
    });

    // Into the other room: the kiosk of that room shows it within a second.
    drag(&editor, "secrets", "unik", 0.2);
    let took = wait_until(
        "the kiosk shows the moved talk",
        Duration::from_secs(5),
        || kiosk.page_text().contains(SECRETS_TITLE),
    );
    assert!(took < Duration::from_secs(1), "the kiosk took {took:?}");
    let moved = hub.session("secrets");
    assert_eq!(moved["room"], "workshop-room");
    assert_eq!(
        stored_start(&hub, "secrets"),
        "11:05",
        "it follows the first workshop"
    );
    assert_eq!(
        stored_start(&hub, "unik"),
        "12:10",
        "the workshop after it follows it"
    );
    assert_eq!(
        stored_start(&hub, "compliance"),
        "10:00",
        "the main hall closes up"
    );
    std::thread::sleep(Duration::from_millis(300));
    editor.screenshot(&artifacts().join("editor-moved-to-another-room.png"));
    editor.chord(&["\u{E009}", "z"]);
    let took = wait_until("the kiosk drops it again", Duration::from_secs(5), || {
        !kiosk.page_text().contains(SECRETS_TITLE)
    });
    assert!(took < Duration::from_secs(1), "the kiosk took {took:?}");
    assert_eq!(hub.session("secrets")["room"], "main-hall");

    // By keyboard: select, then move up.
    editor.execute(
        "document.querySelector('[data-session=\"layerx\"]').focus()",
        json!([]),
    );
    editor.chord(&["\u{E007}"]);
    wait_until("selected", Duration::from_secs(2), || {
        !editor.texts("form[aria-label^=\"Session\"]").is_empty()
    });
    editor.chord(&["\u{E013}"]);
    wait_until("moved up by keyboard", Duration::from_secs(5), || {
        stored_start(&hub, "layerx") == "10:30"
    });
    assert_eq!(stored_start(&hub, "compliance"), "11:00");

    // A conflict made on purpose: pin a talk into the one before it.
    editor.execute(
        "document.querySelector('[data-session=\"dockerdev\"]').click()",
        json!([]),
    );
    wait_until("the form opens", Duration::from_secs(2), || {
        !editor.texts("form[aria-label^=\"Session\"]").is_empty()
    });
    editor.execute(
        "const radio = document.querySelector('input[type=radio]'); radio.click(); \
         const time = document.querySelector('input[aria-label=\"Pinned time\"]'); \
         time.value = '09:10'; time.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    save(&editor);
    wait_until(
        "the clash is shown on the block",
        Duration::from_secs(5),
        || {
            editor
            .execute(
                "return document.querySelector('[data-session=\"dockerdev\"]').classList.contains('problem')",
                json!([]),
            )
            .as_bool()
            .unwrap_or(false)
        },
    );
    assert!(
        editor.page_text().contains("overlaps"),
        "the problem is listed"
    );
    std::thread::sleep(Duration::from_millis(300));
    editor.screenshot(&artifacts().join("editor-conflict.png"));

    // The preview is the hallway screen itself, at the instant chosen.
    editor.execute(
        "const time = document.querySelector('input[aria-label=\"Time\"]'); \
         time.value = '09:15'; time.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    wait_until(
        "the preview shows the screen at 09:15",
        Duration::from_secs(10),
        || {
            let text = editor.execute(
                "return document.querySelector('iframe')?.contentDocument?.body?.textContent ?? ''",
                json!([]),
            );
            let text = text.as_str().unwrap_or_default().to_owned();
            text.contains("09:15") && text.contains("From Hello World to Real World")
        },
    );

    // The history: restore the programme as it was first taken.
    editor.execute("window.confirm = () => true", json!([]));
    editor.execute(
        "[...document.querySelectorAll('.revisions li')].find(li => li.textContent.startsWith('#1')) \
           .querySelector('button:last-child').click()",
        json!([]),
    );
    wait_until("revision 1 restored", Duration::from_secs(5), || {
        hub.session("dockerdev")["placement"]["mode"] == "follows"
            && stored_start(&hub, "layerx") == "11:00"
    });
    assert!(editor.page_text().contains("Restored revision 1"));

    // Speakers, rooms and new sessions are added from the editor too.
    editor.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent === 'Add a speaker').click()",
        json!([]),
    );
    wait_until("the speaker's card opens", Duration::from_secs(2), || {
        !editor.texts("form[aria-label=\"Speaker new\"]").is_empty()
    });
    editor.execute(
        "const name = document.querySelector('form[aria-label=\"Speaker new\"] input'); \
         name.value = 'Ada Lovelace'; name.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    press_when_enabled(
        &editor,
        "form[aria-label=\"Speaker new\"] button[type=submit]",
    );
    editor.execute(
        "const name = document.querySelector('input[aria-label=\"New room\"]'); \
         name.value = 'Balcony'; name.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    std::thread::sleep(Duration::from_millis(100));
    editor.execute(
        "document.querySelector('input[aria-label=\"New room\"]').form.requestSubmit()",
        json!([]),
    );
    wait_until(
        "the speaker and the room are stored",
        Duration::from_secs(5),
        || {
            let programme = hub.programme();
            let has = |list: &str, name: &str| {
                programme[list]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["name"] == name)
            };
            has("speakers", "Ada Lovelace") && has("rooms", "Balcony")
        },
    );
    editor.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent === 'New session').click()",
        json!([]),
    );
    wait_until("the new session is stored", Duration::from_secs(5), || {
        hub.programme()["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "new-session-1")
    });
    assert_eq!(
        stored_start(&hub, "new-session-1"),
        "16:55",
        "after the main hall's last talk"
    );

    let laptop = open_editor(&browser, &hub, 1280, 800);
    std::thread::sleep(Duration::from_millis(300));
    laptop.screenshot(&artifacts().join("editor-1280x800.png"));
}

#[test]
#[ignore = "end-to-end: needs Chromium (make test-e2e)"]
fn two_organisers_see_each_other_and_only_a_clash_is_refused() {
    let binary = marquee_binary();
    let hub = HubProcess::start(&binary, Some(&root().join("data/programme.json")), &[]);
    let browser = Browser::start();
    let first = open_editor(&browser, &hub, 1600, 900);
    let second = open_editor(&browser, &hub, 1280, 800);

    drag(&first, "realworld", "dockerdev", 0.9);
    let took = wait_until(
        "the other organiser sees it",
        Duration::from_secs(5),
        || shown_start(&second, "realworld") == "09:30",
    );
    assert!(took < Duration::from_secs(1), "it took {took:?}");

    // The first is dragging while the second renames a workshop: they merge.
    press_and_drag(&first, "itstack", "clair", 0.3);
    second.execute(
        "document.querySelector('[data-session=\"kubernetes\"]').click()",
        json!([]),
    );
    wait_until("the form opens", Duration::from_secs(2), || {
        !second.texts("form[aria-label^=\"Session\"]").is_empty()
    });
    second.execute(
        "const title = document.querySelector('form[aria-label^=\"Session\"] input'); \
         title.value = 'Kubernetes, renamed'; title.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    save(&second);
    wait_until("the rename is stored", Duration::from_secs(5), || {
        hub.session("kubernetes")["title"] == "Kubernetes, renamed"
    });
    first.pointer_up();
    wait_until("the move merged", Duration::from_secs(5), || {
        first
            .page_text()
            .contains("merged with changes made meanwhile")
    });
    assert_eq!(stored_start(&hub, "itstack"), "15:30");
    assert_eq!(hub.session("kubernetes")["title"], "Kubernetes, renamed");

    // Now the same session: the second cancels it while the first drags it.
    press_and_drag(&first, "yelp", "barkly", 0.3);
    second.execute(
        "document.querySelector('[data-session=\"yelp\"]').click()",
        json!([]),
    );
    wait_until("the form opens", Duration::from_secs(2), || {
        second
            .texts("form[aria-label^=\"Session\"] h2")
            .first()
            .is_some_and(|t| t.contains("Yelp"))
    });
    second.execute(
        "[...document.querySelectorAll('form button')].find(b => b.textContent.includes('Cancel session')).click()",
        json!([]),
    );
    wait_until("the cancel is stored", Duration::from_secs(5), || {
        hub.session("yelp")["cancelled"] == true
    });
    let before = stored_start(&hub, "yelp");
    first.pointer_up();
    wait_until("the clash is refused", Duration::from_secs(5), || {
        first.page_text().contains("changed by someone else")
    });
    assert_eq!(stored_start(&hub, "yelp"), before, "nothing moved");
    std::thread::sleep(Duration::from_millis(300));
    first.screenshot(&artifacts().join("editor-refused-clash.png"));

    // Publishing names the programme and lists what changed for visitors.
    first.execute("window.prompt = () => 'Monday noon'", json!([]));
    first.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent.startsWith('Publish')).click()",
        json!([]),
    );
    wait_until(
        "published, with its changelog",
        Duration::from_secs(5),
        || {
            let text = first.page_text();
            text.contains("Published “Monday noon”") && text.contains("Monday noon (revision")
        },
    );
    let text = first.page_text();
    assert!(
        text.contains("Yelp's Journey Into Containers” cancelled"),
        "the changelog: {text}"
    );
    assert!(
        text.contains("new time 15:30"),
        "itstack's new time is listed"
    );
}

/// `HH:MM` and room of a session in a programme file.
fn in_file(file: &std::path::Path, id: &str) -> (String, String) {
    let text = std::fs::read_to_string(file).unwrap();
    let programme: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sessions = programme["sessions"].as_array().unwrap();
    let session = sessions.iter().find(|s| s["id"] == id).unwrap();
    (
        session["start"].as_str().unwrap()[11..16].to_owned(),
        session["room"].as_str().unwrap().to_owned(),
    )
}

#[test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver (make test-e2e)"]
fn the_desktop_editor_writes_the_file_that_a_kiosk_follows() {
    let binary = marquee_binary();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("programme.json");
    std::fs::copy(root().join("data/programme.json"), &file).unwrap();
    let file_name = file.to_str().unwrap();

    let screens = Desktop::start(1920, 1080);
    let kiosk = workshop_kiosk(&screens, file_name);

    let laptop = Desktop::start(1440, 900);
    let editor = Session::start(&laptop.driver_url(), &binary, &["editor", file_name]);
    wait_until("the timetable", Duration::from_secs(30), || {
        !editor.texts("[data-session=\"realworld\"]").is_empty()
    });
    let address = editor.execute("return location.href", json!([]));
    let address = address.as_str().unwrap();
    assert!(
        address.starts_with("http://127.0.0.1:") && address.ends_with("/editor"),
        "{address}"
    );

    drag(&editor, "secrets", "unik", 0.2);
    let took = wait_until(
        "the kiosk shows the moved talk",
        Duration::from_secs(5),
        || kiosk.page_text().contains(SECRETS_TITLE),
    );
    assert!(took < Duration::from_secs(1), "the kiosk took {took:?}");
    assert_eq!(
        in_file(&file, "secrets"),
        ("11:05".into(), "workshop-room".into())
    );
    assert_eq!(in_file(&file, "compliance").0, "10:00");
    std::thread::sleep(Duration::from_millis(300));
    laptop.screenshot(&artifacts().join("editor-desktop-window.png"));

    editor.chord(&["\u{E009}", "z"]);
    let took = wait_until("the kiosk drops it again", Duration::from_secs(5), || {
        !kiosk.page_text().contains(SECRETS_TITLE)
    });
    assert!(took < Duration::from_secs(1), "the kiosk took {took:?}");
    assert_eq!(
        in_file(&file, "secrets"),
        ("10:00".into(), "main-hall".into())
    );
    assert!(
        dir.path().join("programme.marquee/hub.sqlite").is_file(),
        "the store is beside the file"
    );
}
