//! An organiser's day at the venue, end to end with a real `marquee serve`,
//! the editor in a real Chromium and a kiosk in a real WebKit window: a talk
//! moved and one cancelled are marked on the screens themselves ("moved to
//! Workshop Room", "new time 11:05", "cancelled"), the room the talk left
//! says where it went, and the marks go with an undo; on a tablet a finger slid over the timetable scrolls it while one
//! on a block's grip drags it; a speaker's photo is uploaded from a file and
//! shown; and a pretalx export is imported from its address.

use std::path::Path;
use std::time::Duration;

use marquee_tests::browser::Browser;
use marquee_tests::desktop::Desktop;
use marquee_tests::editor::{self, drag, point_in, stored_start};
use marquee_tests::http::{Answer, Server};
use marquee_tests::hub::HubProcess;
use marquee_tests::kiosk::watched_kiosk;
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root, wait_until};
use serde_json::json;

const SECRETS_TITLE: &str = "Hiding in Plain Sight";

/// The default programme copied into a folder of the test's own, so that
/// what the hub keeps beside it (uploads) stays out of the repository.
fn programme_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("programme.json");
    std::fs::copy(root().join("data/programme.json"), &file).unwrap();
    (folder, file)
}

/// Finds the speaker called `name` in the Speakers panel and opens their card.
fn open_speaker(editor: &Session, name: &str) {
    editor.execute(
        "const find = document.querySelector('input[aria-label=\"Find a speaker\"]'); \
         find.value = arguments[0]; find.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([name]),
    );
    wait_until("the speaker is listed", Duration::from_secs(3), || {
        editor
            .execute(
                "const b = [...document.querySelectorAll('.speakers button')].find(b => b.textContent === arguments[0]); \
                 if (b) b.click(); return !!b;",
                json!([name]),
            )
            .as_bool()
            .unwrap_or(false)
    });
}

/// The words on the hub's browser display opened with `query`.
fn display_text(page: &Session, hub: &HubProcess, query: &str) -> String {
    page.navigate(&hub.url(&format!("/display?{query}")));
    wait_until("the display", Duration::from_secs(10), || {
        !page.texts("main").is_empty()
    });
    std::thread::sleep(Duration::from_millis(800));
    page.page_text()
}

#[test]
#[ignore = "end-to-end: needs Xvfb, tauri-driver and Chromium (make test-e2e)"]
fn screens_mark_a_moved_and_a_cancelled_talk_until_it_is_undone() {
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &["--clock", "10:00", "--clock-rate", "0"],
    );
    let browser = Browser::start();
    let editor = browser.session(1920, 1080);
    editor::open(&editor, &hub);

    let desktop = Desktop::start(1920, 1080);
    let kiosk = watched_kiosk(
        &desktop,
        &hub.url(""),
        "workshop-room",
        "10:00",
        "Multi-machine Docker",
    );

    // The third talk of the main hall, dragged in before the second workshop.
    drag(&editor, "secrets", "unik", 0.2);
    let took = wait_until(
        "the kiosk marks the talk that moved in",
        Duration::from_secs(5),
        || {
            let text = kiosk.page_text();
            text.contains(SECRETS_TITLE)
                && text.contains("moved to Workshop Room")
                && text.contains("new time 11:05")
        },
    );
    assert!(took < Duration::from_secs(1), "the kiosk took {took:?}");
    assert_eq!(stored_start(&hub, "secrets"), "11:05");
    std::thread::sleep(Duration::from_millis(700));
    desktop.screenshot(&artifacts().join("changes-kiosk-moved.png"));
    // The main hall's own screen says where its talk went.
    let page = browser.session(1920, 1080);
    let main_hall = display_text(&page, &hub, "room=main-hall&show=later_today");
    assert!(
        main_hall.contains(SECRETS_TITLE) && main_hall.contains("moved to Workshop Room"),
        "{main_hall}"
    );
    page.screenshot(&artifacts().join("changes-old-room.png"));

    // Cancelled from the session's form: later today says so on the talk.
    editor.execute(
        "document.querySelector('[data-session=\"schedulers\"]').click()",
        json!([]),
    );
    wait_until("the form opens", Duration::from_secs(2), || {
        !editor.texts("form[aria-label^=\"Session\"]").is_empty()
    });
    editor.execute(
        "[...document.querySelectorAll('form button')].find(b => b.textContent.includes('Cancel session')).click()",
        json!([]),
    );
    wait_until("the cancel is stored", Duration::from_secs(5), || {
        hub.session("schedulers")["cancelled"] == true
    });
    let later = display_text(&page, &hub, "show=later_today");
    assert!(
        later.contains("Understanding Cluster Schedulers"),
        "{later}"
    );
    assert!(later.to_lowercase().contains("cancelled"), "{later}");
    assert!(
        later.contains("new time"),
        "the main hall closed up: {later}"
    );
    let struck = page.execute(
        "return [...document.querySelectorAll('.item.cancelled .name')].map(e => getComputedStyle(e).textDecorationLine)",
        json!([]),
    );
    assert_eq!(
        struck,
        json!(["line-through"]),
        "only the cancelled talk is struck through"
    );
    page.screenshot(&artifacts().join("changes-later-today.png"));

    // Undone, both: no mark is left anywhere.
    // Ctrl+Z is the timetable's, not a form field's: nothing keeps the focus.
    editor.execute("document.activeElement?.blur()", json!([]));
    editor.chord(&["\u{E009}", "z"]);
    wait_until("the cancel is undone", Duration::from_secs(5), || {
        hub.session("schedulers")["cancelled"] != true
    });
    // The editor has the revision the next undo is made on.
    wait_until("the editor shows it undone", Duration::from_secs(5), || {
        editor
            .execute(
                "return !document.querySelector('[data-session=\"schedulers\"]').classList.contains('cancelled')",
                json!([]),
            )
            .as_bool()
            .unwrap_or(false)
    });
    editor.execute("document.activeElement?.blur()", json!([]));
    editor.chord(&["\u{E009}", "z"]);
    let took = wait_until("the kiosk drops the marks", Duration::from_secs(5), || {
        !kiosk.page_text().contains("moved to")
    });
    assert!(took < Duration::from_secs(1), "the kiosk took {took:?}");
    assert!(hub.programme().get("changed_today").is_none());
    let later = display_text(&page, &hub, "show=later_today");
    assert!(
        !later.contains("new time") && !later.to_lowercase().contains("cancelled"),
        "{later}"
    );
}

#[test]
#[ignore = "end-to-end: needs Chromium (make test-e2e)"]
fn on_a_tablet_a_finger_scrolls_over_blocks_and_drags_by_the_grip() {
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &[],
    );
    let browser = Browser::start();
    let tablet = browser.tablet(1024, 700);
    editor::open(&tablet, &hub);
    let scrolled = || {
        tablet
            .execute(
                "let e = document.querySelector('[data-session=\"realworld\"]'); \
                 let total = 0; \
                 for (; e; e = e.parentElement) total += e.scrollTop; \
                 return total + document.scrollingElement.scrollTop;",
                json!([]),
            )
            .as_f64()
            .unwrap()
    };

    // A quick upward slide over a talk scrolls the day on; the talk stays.
    let on = tablet.centre_of("[data-session=\"secrets\"]");
    let start = scrolled();
    tablet.touch_slide(on, (on.0, on.1 - 250.0), 0, 150);
    wait_until("the timetable scrolls", Duration::from_secs(3), || {
        scrolled() > start + 50.0
    });
    // A fling goes on a while: the next gesture starts once it is over.
    let mut last = scrolled();
    wait_until("the scrolling stops", Duration::from_secs(5), || {
        std::thread::sleep(Duration::from_millis(250));
        let now = scrolled();
        std::mem::replace(&mut last, now) == now
    });
    // Once it is over, nothing was stored: the slide was no drag.
    let etag = marquee_tests::chaos::current_etag(&marquee_tests::chaos::agent(), &hub.url(""));
    assert_eq!(etag.as_deref(), Some("\"r1\""), "nothing moved");
    assert_eq!(stored_start(&hub, "secrets"), "10:00");

    // On the block's grip, along its left edge, the same finger drags it.
    let grip = tablet.execute(
        "const grip = document.querySelector('[data-session=\"realworld\"] .grip'); \
         grip.scrollIntoView({block: 'center'}); const r = grip.getBoundingClientRect(); \
         return [r.left + r.width / 2, r.top + r.height / 2];",
        json!([]),
    );
    let from = (grip[0].as_f64().unwrap(), grip[1].as_f64().unwrap());
    let to = point_in(&tablet, "dockerdev", 0.9);
    tablet.touch_slide(from, to, 100, 600);
    wait_until("the talk is moved", Duration::from_secs(5), || {
        stored_start(&hub, "realworld") == "09:30"
    });
    assert_eq!(stored_start(&hub, "dockerdev"), "09:00");
    tablet.screenshot(&artifacts().join("editor-tablet-1024x700.png"));
}

#[test]
#[ignore = "end-to-end: needs Chromium (make test-e2e)"]
fn a_photo_is_uploaded_from_a_file_and_a_pretalx_export_imported_from_its_address() {
    let (folder, programme) = programme_copy();
    // The pretalx export is served on loopback, which the operator lets the hub reach.
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&programme),
        &["--allow-private-sources"],
    );
    let browser = Browser::start();
    let editor = browser.session(1280, 800);
    editor::open(&editor, &hub);

    // A speaker's photo from a file on the organiser's laptop.
    let speaker = hub.session("realworld")["speakers"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let name = hub.programme()["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == speaker.as_str())
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let photo = folder.path().join("portrait.png");
    let mut picture = image::RgbImage::new(300, 400);
    for (x, y, pixel) in picture.enumerate_pixels_mut() {
        *pixel = image::Rgb([(x % 256) as u8, (y % 256) as u8, 160]);
    }
    picture.save(&photo).unwrap();
    open_speaker(&editor, &name);
    let form = "form[aria-label^=\"Speaker\"]";
    wait_until("the speaker's card", Duration::from_secs(3), || {
        !editor.texts(form).is_empty()
    });
    editor.choose_file(&format!("{form} input[type=file]"), &photo);
    wait_until("the photo is on the hub", Duration::from_secs(5), || {
        editor.page_text().contains("save to use it")
    });
    editor.execute(
        "document.querySelector(arguments[0]).click()",
        json!([format!("{form} button[type=submit]")]),
    );
    wait_until(
        "the speaker names the photo",
        Duration::from_secs(5),
        || {
            hub.programme()["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| {
                    s["id"] == speaker.as_str()
                        && s["photo"]
                            .as_str()
                            .is_some_and(|p| p.starts_with("data/photos/"))
                })
        },
    );
    wait_until(
        "the photo, not the placeholder, is shown",
        Duration::from_secs(10),
        || {
            ureq::get(&hub.url(&format!("/media/portrait/{speaker}")))
                .call()
                .is_ok_and(|portrait| portrait.headers()["content-type"] == "image/jpeg")
        },
    );
    let kept: Vec<_> = std::fs::read_dir(folder.path().join("photos"))
        .unwrap()
        .collect();
    assert_eq!(kept.len(), 1, "kept once, beside the programme");

    // A file that is not a picture is refused beside the field.
    let not_a_picture = folder.path().join("notes.png");
    std::fs::write(&not_a_picture, "<html>not a picture</html>").unwrap();
    open_speaker(&editor, &name);
    wait_until("the speaker's card", Duration::from_secs(3), || {
        !editor.texts(form).is_empty()
    });
    editor.choose_file(&format!("{form} input[type=file]"), &not_a_picture);
    wait_until("the refusal is shown", Duration::from_secs(5), || {
        editor
            .texts(&format!("{form} .reason"))
            .iter()
            .any(|t| t.contains("JPEG, PNG or WebP"))
    });

    // A pretalx event's export, imported from its address.
    let export = std::fs::read(
        Path::new(&root()).join("../shared/schedules/c3voc-json/pretalx-democon.schedule.json"),
    )
    .unwrap();
    let pretalx = Server::start(Answer::Respond(200, export));
    editor.execute("window.confirm = () => true", json!([]));
    editor.execute(
        "document.querySelector('details.files').open = true; \
         const input = document.querySelector('.from-address input'); \
         input.value = arguments[0]; input.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([pretalx.url("/democon/schedule/export/schedule.json")]),
    );
    std::thread::sleep(Duration::from_millis(100));
    editor.screenshot(&artifacts().join("editor-import-from-address.png"));
    editor.execute(
        "document.querySelector('.from-address').requestSubmit()",
        json!([]),
    );
    wait_until(
        "the export is the programme",
        Duration::from_secs(10),
        || hub.programme()["conference"]["title"] == "DemoCon",
    );
    wait_until("the editor shows it", Duration::from_secs(5), || {
        editor.page_text().contains("Imported http://127.0.0.1")
    });
}
