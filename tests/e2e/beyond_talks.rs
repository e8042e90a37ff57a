//! Beyond talks, end to end: an announcement and the sponsors on real
//! browser displays at 1920x1080 and 1080x1920, their QR codes decoded and
//! their text shown as text; and the emergency drill: five displays (two
//! WebKit kiosks, three Chromium pages) show the message within a second,
//! keep it with the hub killed and across a kiosk's restart, and go back
//! to the rotation once it is cleared after the hub's return.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use marquee_tests::browser::Browser;
use marquee_tests::desktop::Desktop;
use marquee_tests::hub::HubProcess;
use marquee_tests::kiosk::{self, Kiosk};
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root, scan_codes, wait_until};
use serde_json::{Value, json};

const MAP: &str = "https://example.org/venue-map";

/// The default programme with a lunch announcement and five sponsors, four
/// with logos drawn by ImageMagick, in `folder/data/` with its pictures.
fn programme_with_extras(folder: &Path) -> std::path::PathBuf {
    let data = folder.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for (id, colour, name) in [
        ("acme", "#1f6feb", "ACME"),
        ("globex", "#d73a49", "Globex"),
        ("initech", "#2da44e", "Initech"),
        ("hooli", "#8250df", "Hooli"),
    ] {
        let made = Command::new("convert")
            .args(["-size", "900x300", "xc:white", "-fill", colour])
            .args(["-font", "DejaVu-Sans-Bold", "-pointsize", "150"])
            .args(["-gravity", "center", "-annotate", "0", name])
            .arg(data.join(format!("{id}.png")))
            .status()
            .expect("ImageMagick runs (apt-get install imagemagick)");
        assert!(made.success());
    }
    let made = Command::new("convert")
        .args(["-size", "1200x800", "gradient:#f5b041-#c0392b"])
        .arg(data.join("atrium.png"))
        .status()
        .unwrap();
    assert!(made.success());
    let text = std::fs::read_to_string(root().join("data/programme.json")).unwrap();
    let mut programme: Value = serde_json::from_str(&text).unwrap();
    programme["announcements"] = json!([{
        "id": "lunch", "title": "Lunch is in the atrium",
        "text": "Soup, sandwiches and **vegan** bowls.\n\n- Water on every floor\n- <script>alert(1)</script> is text here",
        "image": "data/atrium.png", "link": MAP,
        "times": [{"from": "11:30:00", "until": "13:30:00"}]
    }]);
    programme["sponsors"] = json!([
        {"id": "acme", "name": "Acme", "tier": "Gold", "logo": "data/acme.png"},
        {"id": "globex", "name": "Globex", "tier": "Gold", "logo": "data/globex.png"},
        {"id": "initech", "name": "Initech", "tier": "Silver", "logo": "data/initech.png"},
        {"id": "hooli", "name": "Hooli", "tier": "Silver", "logo": "data/hooli.png"},
        {"id": "meetup", "name": "Boston Docker Meetup", "tier": "Silver"}
    ]);
    // Pictures are found under the programme's own folder, `data/`.
    let path = data.join("programme.json");
    std::fs::write(&path, serde_json::to_string_pretty(&programme).unwrap()).unwrap();
    path
}

/// Opens `/display?...` until `count` pictures on the page have loaded: the
/// hub makes them in the background, and a scene asks again when it comes back.
fn open_until_pictures_load(page: &Session, address: &str, count: usize) {
    wait_until("the pictures are made", Duration::from_secs(30), || {
        page.navigate(address);
        std::thread::sleep(Duration::from_millis(700));
        let loaded = page.execute(
            "const images = [...document.querySelectorAll('main img')];
             return images.filter((i) => i.complete && i.naturalWidth > 0).length;",
            json!([]),
        );
        loaded == json!(count)
    });
    // Past the scene's entrance.
    std::thread::sleep(Duration::from_millis(800));
}

#[test]
#[ignore = "end-to-end: needs Chromium (make test-e2e)"]
fn an_announcement_and_the_sponsors_on_screens_of_both_orientations() {
    let folder = tempfile::tempdir().unwrap();
    let source = programme_with_extras(folder.path());
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&source),
        &["--clock", "2016-06-06T12:10:00-04:00", "--clock-rate", "0"],
    );
    let browser = Browser::start();
    for (width, height) in [(1920, 1080), (1080, 1920)] {
        let page = browser.session(width, height);
        // Its image and the QR code of its link.
        open_until_pictures_load(&page, &hub.url("/display?show=announcement:lunch"), 2);
        assert_eq!(
            page.texts("[data-scene=announcement] h1"),
            ["Lunch is in the atrium"]
        );
        let text = page.page_text();
        assert!(
            text.contains("<script>alert(1)</script> is text here"),
            "{text}"
        );
        let shot = artifacts().join(format!("announcement-{width}x{height}.png"));
        page.screenshot(&shot);
        assert_eq!(
            scan_codes(&shot),
            [MAP.to_owned()].into(),
            "{}",
            shot.display()
        );

        // Gold first, then Silver: one tier a page.
        open_until_pictures_load(&page, &hub.url("/display?show=sponsors"), 2);
        assert_eq!(page.texts("[data-scene=sponsors] h1"), ["Gold"]);
        let shot = artifacts().join(format!("sponsors-{width}x{height}.png"));
        page.screenshot(&shot);
        let mut second = 0;
        wait_until("the second tier", Duration::from_secs(30), || {
            second += 37;
            let at = format!(
                "2016-06-06T12:{:02}:{:02}-04:00",
                10 + second / 60,
                second % 60
            );
            page.navigate(&hub.url(&format!(
                "/display?at={}&show=sponsors",
                at.replace(':', "%3A")
            )));
            std::thread::sleep(Duration::from_millis(500));
            page.texts("[data-scene=sponsors] h1") == ["Silver"]
        });
        // Once their logos are made, only the sponsor without one is named.
        let silver = page.execute("return location.href", json!([]));
        wait_until("the second tier's logos", Duration::from_secs(30), || {
            page.navigate(silver.as_str().unwrap());
            std::thread::sleep(Duration::from_millis(700));
            page.texts("[data-sponsor] .name") == ["Boston Docker Meetup"]
        });
    }
}

/// True when the page shows the emergency message.
fn shows_emergency(page: &Session) -> bool {
    // One script, so that a scene changing meanwhile leaves no stale element.
    page.execute(
        "return !!document.querySelector('[data-scene=emergency] h1')",
        json!([]),
    ) == json!(true)
}

/// The last report of screen `name` in the hub's list of screens.
fn report_of(hub: &HubProcess, name: &str) -> Option<Value> {
    let list: Value = ureq::get(&hub.url("/api/screens"))
        .header("Authorization", format!("Bearer {}", hub.token()))
        .call()
        .ok()?
        .body_mut()
        .read_json()
        .ok()?;
    list.as_array()?
        .iter()
        .find(|s| s["report"]["name"] == name)
        .map(|s| s["report"].clone())
}

/// The scene the hub's list of screens says `name` shows.
fn reported_scene(hub: &HubProcess, name: &str) -> Option<String> {
    report_of(hub, name).and_then(|r| r["scene"].as_str().map(ToOwned::to_owned))
}

fn post(hub: &HubProcess, operations: Value) {
    let base = ureq::get(&hub.url("/api/programme"))
        .call()
        .unwrap()
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let status = ureq::post(&hub.url("/api/operations"))
        .header("Authorization", format!("Bearer {}", hub.token()))
        .send_json(json!({"base": base, "operations": operations}))
        .unwrap()
        .status();
    assert_eq!(status, 200);
}

fn kiosk_args(hub: &HubProcess, name: &str) -> Vec<String> {
    let code = hub.enrolment_code();
    kiosk::kiosk_args(Some(&hub.url("")), name, &["--enrol", &code])
}

#[test]
#[ignore = "end-to-end: needs Xvfb, tauri-driver and Chromium (make test-e2e)"]
fn the_emergency_drill_five_displays_within_a_second_through_a_hub_outage() {
    let mut hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &["--clock", "2016-06-06T10:42:00-04:00", "--clock-rate", "0"],
    );
    let desktop = Desktop::start(1920, 1080);
    // A kiosk that reports only every 30 s: it must say at once that it shows the message.
    let _stairs = Kiosk::start(&desktop, &kiosk_args(&hub, "stairs"));
    let foyer_args = kiosk_args(&hub, "foyer");
    let foyer_args: Vec<&str> = foyer_args.iter().map(String::as_str).collect();
    let foyer = Session::start(&desktop.driver_url(), &marquee_binary(), &foyer_args);
    let browser = Browser::start();
    let pages: Vec<Session> = [(1920, 1080), (1080, 1920), (1280, 720)]
        .into_iter()
        .map(|(w, h)| {
            let page = browser.session(w, h);
            page.navigate(&hub.url("/display"));
            page
        })
        .collect();
    wait_until(
        "every display shows the programme",
        Duration::from_secs(60),
        || {
            foyer.page_text().contains("ContainerDays")
                && pages
                    .iter()
                    .all(|p| p.page_text().contains("ContainerDays"))
                && report_of(&hub, "stairs").is_some()
        },
    );

    let posted = Instant::now();
    post(
        &hub,
        json!([{"op": "emergency", "title": "Please leave the building", "text": "by the **nearest** exit"}]),
    );
    let mut seen: [Option<Duration>; 5] = [None; 5];
    while seen.iter().any(Option::is_none) && posted.elapsed() < Duration::from_secs(10) {
        let now = [
            shows_emergency(&foyer),
            reported_scene(&hub, "stairs").as_deref() == Some("emergency"),
            shows_emergency(&pages[0]),
            shows_emergency(&pages[1]),
            shows_emergency(&pages[2]),
        ];
        for (at, shown) in seen.iter_mut().zip(now) {
            if shown && at.is_none() {
                *at = Some(posted.elapsed());
            }
        }
    }
    let names = [
        "foyer kiosk",
        "stairs kiosk",
        "page 1920x1080",
        "page 1080x1920",
        "page 1280x720",
    ];
    for (name, at) in names.iter().zip(seen) {
        let at = at.unwrap_or_else(|| panic!("{name} never showed the message"));
        assert!(at < Duration::from_secs(1), "{name} took {at:?}");
    }
    desktop.screenshot(&artifacts().join("emergency-kiosk-1920x1080.png"));
    pages[1].screenshot(&artifacts().join("emergency-1080x1920.png"));
    assert!(foyer.page_text().contains("by the nearest exit"));

    // The hub gone: every display keeps the message.
    hub.kill();
    std::thread::sleep(Duration::from_secs(6));
    assert!(shows_emergency(&foyer), "the kiosk kept the message");
    for page in &pages {
        assert!(shows_emergency(page), "a page kept the message");
    }
    // A kiosk restarted while the hub is away shows it from its last good programme.
    drop(foyer);
    let foyer = Session::start(&desktop.driver_url(), &marquee_binary(), &foyer_args);
    wait_until(
        "the restarted kiosk shows it",
        Duration::from_secs(30),
        || shows_emergency(&foyer),
    );

    // The hub back, the message cleared: every display back to the rotation.
    hub.restart(true);
    post(&hub, json!([{"op": "clear-emergency"}]));
    wait_until(
        "every display is back to the programme",
        Duration::from_secs(20),
        || {
            !shows_emergency(&foyer)
                && pages.iter().all(|p| !shows_emergency(p))
                && reported_scene(&hub, "stairs").is_some_and(|s| s != "emergency")
        },
    );
    assert!(foyer.page_text().contains("ContainerDays"));
}

/// Types `value` into the field labelled `label`, as a person's typing does.
fn fill(editor: &Session, label: &str, value: &str) {
    let found = editor.execute(
        "const field = document.querySelector(`[aria-label=\"${arguments[0]}\"]`);
         if (!field) return false;
         field.value = arguments[1];
         field.dispatchEvent(new Event('input', {bubbles: true}));
         field.dispatchEvent(new Event('change', {bubbles: true}));
         return true;",
        json!([label, value]),
    );
    assert_eq!(found, json!(true), "no field {label}");
}

/// Presses the button that reads `text`.
fn press(editor: &Session, text: &str) {
    let pressed = editor.execute(
        "const button = [...document.querySelectorAll('button')]
           .find((b) => b.textContent.trim() === arguments[0] && !b.disabled);
         if (!button) return false;
         button.click();
         return true;",
        json!([text]),
    );
    assert_eq!(pressed, json!(true), "no button {text}");
}

#[test]
#[ignore = "end-to-end: needs Chromium (make test-e2e)"]
fn an_organiser_adds_lunch_and_sponsors_and_uses_the_emergency_button_in_the_editor() {
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &["--clock", "2016-06-06T12:10:00-04:00", "--clock-rate", "0"],
    );
    let browser = Browser::start();
    let editor = browser.session(1280, 800);
    editor.navigate(&hub.url(&format!("/editor#token={}", hub.token())));
    wait_until("the editor", Duration::from_secs(20), || {
        editor.page_text().contains("Add an announcement")
    });

    press(&editor, "Add an announcement");
    fill(&editor, "Announcement's title", "Lunch is in the atrium");
    fill(&editor, "Announcement's link", "javascript:alert(1)");
    wait_until(
        "the reason beside the field",
        Duration::from_secs(5),
        || {
            editor
                .page_text()
                .contains("An address that starts with https://.")
        },
    );
    fill(&editor, "Announcement's link", MAP);
    fill(&editor, "Each day from", "12:00");
    fill(&editor, "Each day until", "13:30");
    press(&editor, "Save announcement");
    wait_until(
        "the announcement is in the store",
        Duration::from_secs(5),
        || {
            hub.programme()["announcements"][0]["times"]
                == json!([{"from": "12:00:00", "until": "13:30:00"}])
        },
    );
    let id = hub.programme()["announcements"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The preview is the display itself, at the first instant it shows it.
    wait_until("the preview shows it", Duration::from_secs(20), || {
        editor.execute(
            "const frame = document.querySelector('iframe[title^=\"A screen showing\"]');
             return frame?.contentDocument?.querySelector('[data-scene=announcement] h1')?.textContent ?? null;",
            json!([]),
        ) == json!("Lunch is in the atrium")
    });
    // On screens at its times only.
    let scene_at = |at: &str| {
        scene_shown(
            &hub,
            &format!("at={}&show=announcement:{id}", at.replace(':', "%3A")),
        )
    };
    assert_eq!(scene_at("2016-06-06T12:10:00-04:00"), "announcement");
    assert_ne!(scene_at("2016-06-06T14:30:00-04:00"), "announcement");

    for (name, tier) in [("Acme", "Gold"), ("Globex", "Gold"), ("Initech", "Silver")] {
        press(&editor, "Add a sponsor");
        fill(&editor, "Sponsor's name", name);
        fill(&editor, "Sponsor's tier", tier);
        press(&editor, "Save sponsor");
        wait_until(
            "the sponsor is in the store",
            Duration::from_secs(5),
            || {
                hub.programme()["sponsors"]
                    .as_array()
                    .is_some_and(|all| all.iter().any(|s| s["name"] == name))
            },
        );
    }
    assert_eq!(scene_shown(&hub, "show=sponsors"), "sponsors");
    press(&editor, "Preview the sponsors");
    wait_until("the sponsors' preview", Duration::from_secs(20), || {
        editor.execute(
            "const frame = document.querySelector('iframe[title=\"A screen showing the sponsors\"]');
             return frame?.contentDocument?.querySelector('[data-scene=sponsors] h1')?.textContent ?? null;",
            json!([]),
        ) == json!("Gold")
    });

    fill(
        &editor,
        "The emergency message",
        "Please leave the building",
    );
    press(&editor, "Show on every screen…");
    assert!(editor.page_text().contains("Every screen will show only"));
    press(&editor, "Yes, show it on every screen");
    wait_until("the message is posted", Duration::from_secs(5), || {
        hub.programme()["emergency"]["title"] == "Please leave the building"
    });
    wait_until("the editor says so", Duration::from_secs(5), || {
        editor
            .page_text()
            .contains("On every screen: Please leave the building")
    });
    editor.screenshot(&artifacts().join("editor-emergency-1280x800.png"));
    press(&editor, "Clear the message…");
    press(&editor, "Yes, back to the programme");
    wait_until("the message is cleared", Duration::from_secs(5), || {
        hub.programme()["emergency"].is_null()
    });
}

/// The kind of scene `/api/screen?QUERY` answers with.
fn scene_shown(hub: &HubProcess, query: &str) -> String {
    let screen: Value = ureq::get(&hub.url(&format!("/api/screen?{query}")))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    screen["snapshot"]["scene"]["kind"]
        .as_str()
        .unwrap()
        .to_owned()
}
