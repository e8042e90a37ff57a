//! The kiosk in a real WebKit window under Xvfb, driven through tauri-driver:
//! what a visitor in the hallway would see at chosen moments of the default
//! programme's day, in landscape and portrait, with its QR codes scanned
//! from screenshots.
//!
//! Each test stops the app's clock (`--clock-rate 0`) at an instant the
//! engine says shows the wanted scene, so what is on screen is deterministic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use marquee_core::Programme;
use marquee_core::timeline::{Engine, SceneView, ScreenConfig, ScreenSnapshot, snapshot};
use marquee_tests::desktop::Desktop;
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root, scan_codes};
use serde_json::{Value, json};

const SCENE_SECONDS: u32 = 10;

fn default_programme() -> Programme {
    let text = std::fs::read_to_string(root().join("data/programme.json")).unwrap();
    marquee_core::format::parse(&text).unwrap().programme
}

/// The first instant from `from` at which a screen with `rooms` shows a
/// scene `wanted` accepts, and what the engine says it shows then.
fn instant_showing(
    programme: &Programme,
    rooms: &[&str],
    from: &str,
    wanted: impl Fn(&SceneView) -> bool,
) -> (DateTime<Utc>, ScreenSnapshot) {
    let config = ScreenConfig {
        rooms: rooms
            .iter()
            .map(|r| marquee_core::model::RoomId(r.to_string()))
            .collect(),
        ..ScreenConfig::default()
    }
    .with_scene_seconds(SCENE_SECONDS);
    let engine = Engine::new(programme.clone().into(), config);
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339(from).unwrap().into();
    (0..600)
        .map(|s| start + chrono::Duration::seconds(s))
        .map(|at| (at, snapshot(&engine, &engine.state_at(&at), &at)))
        .find(|(_, shown)| wanted(&shown.scene))
        .unwrap_or_else(|| panic!("no such scene within ten minutes of {from}"))
}

/// The app on a desktop of `width`x`height`, its clock stopped at `at`.
fn open(width: u32, height: u32, at: DateTime<Utc>, extra: &[&str]) -> (Desktop, Session) {
    let desktop = Desktop::start(width, height);
    let session = launch(&desktop, at, extra);
    (desktop, session)
}

/// The app on `desktop`, its clock stopped at `at`.
fn launch(desktop: &Desktop, at: DateTime<Utc>, extra: &[&str]) -> Session {
    let clock = at.to_rfc3339();
    let seconds = SCENE_SECONDS.to_string();
    let mut args = vec![
        "kiosk",
        "--clock",
        &clock,
        "--clock-rate",
        "0",
        "--scene-seconds",
        &seconds,
    ];
    args.extend_from_slice(extra);
    Session::start(&desktop.driver_url(), &marquee_binary(), &args)
}

/// What the page shows, read from the DOM in one go.
fn shown(session: &Session) -> Value {
    session.execute(
        r#"
        const text = (s) => [...document.querySelectorAll(s)].map((e) => e.textContent.trim());
        const screen = document.querySelector('[data-scene]');
        return {
          scene: screen ? screen.dataset.scene : null,
          clock: text('.clock'),
          marks: text('.mark'),
          title: text('.scene h1'),
          speakers: text('.speaker .name'),
          times: text('.times'),
          codes: [...document.querySelectorAll('.code')].map((e) => e.dataset.url),
          codeLabels: text('.code span'),
          next: text('.next'),
          body: document.body.innerText,
        };
        "#,
        json!([]),
    )
}

/// Waits until the page shows the scene `kind` with its pictures loaded.
fn wait_for_scene(session: &Session, kind: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let page = shown(session);
        let loaded = session.execute(
            "return [...document.images].filter((i) => !i.hidden)
               .every((i) => i.complete && i.naturalWidth > 0)
             && !document.querySelector('.scene + .scene');",
            json!([]),
        );
        if page["scene"] == kind && loaded == true {
            // The scene fades in over 600 ms, longer on a busy machine.
            std::thread::sleep(Duration::from_millis(900));
            wait_for_animations(session);
            return shown(session);
        }
        assert!(
            Instant::now() < deadline,
            "the {kind} scene never showed: {page}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits (up to ten seconds) until no animation on the page is running.
fn wait_for_animations(session: &Session) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while session.execute(
        "return document.getAnimations().some((a) => a.playState === 'running');",
        json!([]),
    ) == true
    {
        assert!(Instant::now() < deadline, "the page never came to rest");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Everything under the stage lies inside it: nothing clipped or spilling over.
/// Nothing on the stage reaches past the screen. A scene entering (its rise
/// is a transform) is not an overflow: its rise is taken off what is
/// measured, and what spills must still spill measured again a few times.
fn assert_nothing_overflows(session: &Session) {
    let mut spilled = json!([]);
    for _ in 0..5 {
        wait_for_animations(session);
        spilled = spilling(session);
        if spilled == json!([]) {
            return;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    assert_eq!(spilled, json!([]), "elements outside the screen");
}

fn spilling(session: &Session) -> Value {
    session.execute(
        r#"
        const stage = document.querySelector('.stage').getBoundingClientRect();
        // Where a scene comes to rest: its entrance (a rise) is taken off.
        const scene = document.querySelector('.scene');
        const style = scene ? getComputedStyle(scene).transform : 'none';
        const rise = style === 'none' ? 0 : new DOMMatrix(style).m42;
        const out = [];
        for (const e of document.querySelectorAll('.stage *')) {
          const r = e.getBoundingClientRect();
          if (r.width === 0) continue;
          if (r.bottom - rise > stage.bottom + 1 || r.right > innerWidth + 1 || r.left < -1)
            out.push(e.className + ': ' + e.textContent.slice(0, 40));
        }
        const title = document.querySelector('.scene h1');
        if (title && title.scrollWidth > title.clientWidth + 1) out.push('title is wider than its box');
        return out;
        "#,
        json!([]),
    )
}

/// Every text on screen against the colour behind it meets WCAG AA (4.5:1),
/// and nothing a visitor must read is smaller than 24 px.
fn assert_legible(session: &Session) {
    let problems = session.execute(
        r#"
        const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => [r, g, b]
          .map((v) => v / 255)
          .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        const behind = (e) => {
          for (let n = e; n; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c;
          }
          return rgb(getComputedStyle(document.body).backgroundColor);
        };
        const out = [];
        for (const e of document.querySelectorAll('body *')) {
          const text = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
          if (!text || e.getBoundingClientRect().width === 0) continue;
          const style = getComputedStyle(e);
          const [a, b] = [lum(rgb(style.color)), lum(behind(e))];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          const size = (parseFloat(style.fontSize) * 1080) / Math.min(innerWidth, innerHeight);
          if (ratio < 4.5) out.push(`${text.slice(0, 30)}: contrast ${ratio.toFixed(2)}`);
          if (size < 23.5) out.push(`${text.slice(0, 30)}: ${size.toFixed(1)} px at 1080 p`);
        }
        return out;
        "#,
        json!([]),
    );
    assert_eq!(problems, json!([]), "text a visitor cannot read");
}

fn screenshot(desktop: &Desktop, name: &str) -> PathBuf {
    let path = artifacts().join(name);
    desktop.screenshot(&path);
    path
}

/// The first instant from 10:42 on the first day that shows the talk `title`.
fn mid_morning_talk(programme: &Programme, title: &str) -> DateTime<Utc> {
    instant_showing(programme, &[], "2016-06-06T10:42:00-04:00", |scene| {
        session_scene_of(scene, title)
    })
    .0
}

/// `programme` written to a file of its own.
fn saved(programme: &Programme) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("programme.json");
    std::fs::write(&path, marquee_core::format::to_json(programme)).unwrap();
    (dir, path)
}

fn session_scene_of(scene: &SceneView, title: &str) -> bool {
    matches!(scene, SceneView::Session { session, .. } if session.title.starts_with(title))
}

/// A talk in progress, in landscape and portrait: title, speakers, time
/// left, what comes next, and codes that scan to its slides and video.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn a_talk_in_progress_shows_its_title_speakers_time_and_codes() {
    let _turn = together();
    let programme = default_programme();
    let (at, expected) = instant_showing(&programme, &[], "2016-06-06T10:42:00-04:00", |scene| {
        session_scene_of(scene, "ComplianceOps")
    });
    let SceneView::Session {
        session: talk,
        running,
        next,
        ..
    } = &expected.scene
    else {
        unreachable!()
    };
    let urls: BTreeSet<String> = talk.links.iter().map(|l| l.url.clone()).collect();
    assert_eq!(urls.len(), 2, "the talk has slides and a video");

    for (width, height) in [(1920, 1080), (1080, 1920)] {
        let (desktop, session) = open(width, height, at, &[]);
        let page = wait_for_scene(&session, "session");
        assert_eq!(
            page["title"],
            json!(["ComplianceOps: Containers in Regulated Environments"])
        );
        assert_eq!(page["speakers"], json!(["Elliot Murphy"]));
        assert_eq!(page["clock"], json!(["10:42"]));
        assert_eq!(page["marks"], json!(["simulated time"]));
        let times = page["times"][0].as_str().unwrap();
        assert!(times.contains("10:30–10:55"), "{times}");
        assert!(times.contains(&running.left), "{times}");
        assert_eq!(running.left, "13 min left");
        let next_line = page["next"][0].as_str().unwrap();
        let next = next.as_ref().unwrap();
        assert!(next_line.contains("11:00 · in 18 min"), "{next_line}");
        assert!(next_line.contains(&next.session.title), "{next_line}");
        assert_eq!(page["codeLabels"], json!(["Slides", "Video"]));
        let codes: BTreeSet<String> = page["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(codes, urls);
        assert_nothing_overflows(&session);
        assert_legible(&session);

        let png = screenshot(&desktop, &format!("kiosk-talk-{width}x{height}.png"));
        assert_eq!(
            scan_codes(&png),
            urls,
            "the codes in {} scan to the talk's links",
            png.display()
        );
    }
}

/// Every scene of the mid-morning rotation, as it comes round on a running
/// clock: each fits the screen and each text is legible.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn every_scene_of_the_rotation_fits_and_is_legible() {
    let _turn = together();
    let desktop = Desktop::start(1920, 1080);
    let args = ["kiosk", "--clock", "10:42", "--scene-seconds", "6"];
    let session = Session::start(&desktop.driver_url(), &marquee_binary(), &args);
    for kind in ["now", "session", "up_next", "later_today"] {
        wait_for_scene(&session, kind);
        assert_nothing_overflows(&session);
        assert_legible(&session);
        screenshot(&desktop, &format!("kiosk-scene-{kind}.png"));
    }
}

/// The public display may only ask for the screen: any other command,
/// Tauri's own included, is refused.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn the_display_may_call_nothing_but_its_own_commands() {
    let _turn = together();
    let programme = default_programme();
    let (at, _) = instant_showing(&programme, &[], "2016-06-06T10:42:00-04:00", |scene| {
        matches!(scene, SceneView::Now { .. })
    });
    let (_desktop, session) = open(1280, 720, at, &[]);
    wait_for_scene(&session, "now");
    let answer = |command: &str, args: Value| {
        session.execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then((v) => done({ok: v}), (e) => done({err: String(e)}));",
            json!([command, args]),
        )
    };
    let screen = answer("screen", json!({}));
    assert_eq!(
        screen["ok"]["snapshot"]["clock"], "10:42",
        "the screen is readable: {screen}"
    );
    for (command, args) in [
        (
            "plugin:window|set_fullscreen",
            json!({"label": "display", "value": false}),
        ),
        ("plugin:window|close", json!({"label": "display"})),
        (
            "plugin:webview|create_webview_window",
            json!({"options": {"label": "x", "url": "https://example.org"}}),
        ),
    ] {
        let refused = answer(command, args);
        let error = refused["err"].as_str().unwrap_or_default();
        assert!(error.contains("not allowed"), "{command}: {refused}");
    }
}

/// Lunch in the main hall, before the day, before the conference and after
/// it: the screen is never blank and says what happens next.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn when_nothing_is_on_the_screen_says_what_comes_next() {
    let _turn = together();
    let programme = default_programme();
    let cases = [
        (
            "2016-06-06T12:45:00-04:00",
            "Lunch · back at 13:30",
            Some("Introducing Service Fabric"),
        ),
        (
            "2016-06-06T08:15:00-04:00",
            "Today from 09:00",
            Some("From Hello World to Real World"),
        ),
        (
            "2016-06-05T12:00:00-04:00",
            "Starts Monday 6 June, 09:00",
            Some("From Hello World to Real World"),
        ),
        ("2016-06-06T19:30:00-04:00", "Thank you for coming", None),
    ];
    let desktop = Desktop::start(1920, 1080);
    for (index, (from, headline, detail)) in cases.into_iter().enumerate() {
        let (at, expected) = instant_showing(&programme, &["main-hall"], from, |scene| {
            matches!(scene, SceneView::Situation { .. })
        });
        let SceneView::Situation {
            headline: engine_headline,
            ..
        } = &expected.scene
        else {
            unreachable!()
        };
        assert_eq!(engine_headline, headline);
        let session = launch(&desktop, at, &["--room", "Main Hall"]);
        let page = wait_for_scene(&session, "situation");
        assert_eq!(page["title"], json!([headline]), "at {from}");
        let body = page["body"].as_str().unwrap();
        if let Some(detail) = detail {
            assert!(body.contains(detail), "at {from}: {body}");
        }
        assert_nothing_overflows(&session);
        assert_legible(&session);
        screenshot(&desktop, &format!("kiosk-situation-{index}.png"));
    }
}

/// Titles, names and abstracts carrying markup and scripts are shown as the
/// text they are, and none of them runs.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn markup_in_the_programme_is_shown_as_text_and_never_runs() {
    let _turn = together();
    let payload_title =
        r#"<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>Hacked"#;
    let payload_name =
        r#"<b onmouseover="window.__xss=3">Mallory</b><svg onload="window.__xss=4">"#;
    let mut programme = default_programme();
    let talk = programme
        .sessions
        .iter_mut()
        .find(|s| s.title.starts_with("ComplianceOps"))
        .map(std::sync::Arc::make_mut)
        .unwrap();
    talk.title = payload_title.to_owned();
    talk.summary = "<script>window.__xss=5</script>".to_owned();
    let speaker_id = talk.speakers[0].clone();
    let speaker = programme
        .speakers
        .iter_mut()
        .find(|s| s.id == speaker_id)
        .unwrap();
    speaker.name = payload_name.to_owned();
    let (_dir, path) = saved(&programme);

    let at = mid_morning_talk(&programme, payload_title);
    let (desktop, session) = open(1920, 1080, at, &["--programme", path.to_str().unwrap()]);
    let page = wait_for_scene(&session, "session");
    screenshot(&desktop, "kiosk-markup-as-text.png");
    assert_eq!(page["title"], json!([payload_title]));
    assert_eq!(page["speakers"], json!([payload_name]));
    let ran = session.execute(
        "return {xss: window.__xss === undefined ? null : window.__xss,
                 scripts: document.scripts.length,
                 injected: document.querySelectorAll('.stage img[src=x], .stage script, .stage svg, .stage b').length};",
        json!([]),
    );
    assert_eq!(ran["xss"], Value::Null, "a payload ran: {ran}");
    assert_eq!(ran["injected"], 0, "markup became elements: {ran}");
    assert_eq!(ran["scripts"], 1, "only the app's own script: {ran}");
}

/// A 150-character title and eight speakers fit the talk's scene, in
/// landscape and in portrait, without clipping or spilling over.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn a_long_title_and_eight_speakers_fit() {
    let _turn = together();
    let title = "Running Stateful Workloads Across Many Regions: What We Learned Migrating Two Thousand \
                 Production Databases Into Containers Without Ever Taking the Business Offline";
    assert!(title.chars().count() >= 150);
    let mut programme = default_programme();
    let people: Vec<_> = programme
        .speakers
        .iter()
        .take(8)
        .map(|s| s.id.clone())
        .collect();
    let talk = programme
        .sessions
        .iter_mut()
        .find(|s| s.title.starts_with("ComplianceOps"))
        .map(std::sync::Arc::make_mut)
        .unwrap();
    talk.title = title.to_owned();
    talk.speakers = people;
    let (_dir, path) = saved(&programme);
    let at = mid_morning_talk(&programme, title);
    for (width, height) in [(1920, 1080), (1080, 1920)] {
        let (desktop, session) = open(width, height, at, &["--programme", path.to_str().unwrap()]);
        let page = wait_for_scene(&session, "session");
        assert_eq!(page["title"], json!([title]));
        assert_eq!(page["speakers"].as_array().unwrap().len(), 8);
        assert_nothing_overflows(&session);
        assert_legible(&session);
        screenshot(&desktop, &format!("kiosk-long-title-{width}x{height}.png"));
    }
}

/// Saving the programme while the app runs changes the screen within a
/// second; a broken save leaves the last good programme on screen.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn editing_the_programme_file_changes_the_screen_within_a_second() {
    let _turn = together();
    let programme = default_programme();
    let (_dir, path) = saved(&programme);
    let original = std::fs::read_to_string(&path).unwrap();
    let at = mid_morning_talk(&programme, "ComplianceOps");
    let (_desktop, session) = open(1920, 1080, at, &["--programme", path.to_str().unwrap()]);
    wait_for_scene(&session, "session");

    let title_within = |deadline: Duration| {
        let saved = Instant::now();
        loop {
            let title = shown(&session)["title"][0]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if title.starts_with("Compliance as Code") || saved.elapsed() > deadline {
                return (title, saved.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    };

    std::fs::write(&path, "{ \"format\": 1, \"conference\": ").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let (title, _) = title_within(Duration::ZERO);
    assert!(
        title.starts_with("ComplianceOps"),
        "a broken file keeps the last good programme: {title}"
    );

    let edited = original.replace(
        "ComplianceOps: Containers in Regulated Environments",
        "Compliance as Code",
    );
    std::fs::write(&path, edited).unwrap();
    let (title, took) = title_within(Duration::from_secs(5));
    assert_eq!(title, "Compliance as Code");
    assert!(
        took <= Duration::from_secs(1),
        "the edit showed after {took:?}"
    );
}

/// A programme that cannot be read is explained on screen, with the place
/// of the mistake.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn a_programme_that_cannot_be_read_is_explained_on_screen() {
    let _turn = together();
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("programme.json");
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
}

/// If WebKit's page process dies, the window loads the page again by itself
/// and shows the same screen (the clock is stopped, so it is pixel for pixel
/// the same but for the font's antialiasing).
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn the_window_comes_back_after_its_page_process_crashes() {
    let _turn = together();
    let programme = default_programme();
    let (at, _) = instant_showing(&programme, &[], "2016-06-06T10:42:00-04:00", |scene| {
        matches!(scene, SceneView::Now { .. })
    });
    let (desktop, session) = open(1280, 720, at, &[]);
    wait_for_scene(&session, "now");
    let before = screenshot(&desktop, "kiosk-before-crash.png");
    let processes = desktop.processes_named("WebKitWebProces");
    assert!(!processes.is_empty(), "a page process runs");
    for pid in &processes {
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
    }
    wait_for_new_page_process(&desktop, &processes, Duration::from_secs(20));
    assert!(
        comes_back(&desktop, &before, "kiosk-after-crash.png"),
        "the screen did not come back as it was (see artifacts/kiosk-after-crash.png)"
    );
}

/// Waits until a page process not among `old` runs.
fn wait_for_new_page_process(desktop: &Desktop, old: &[u32], limit: Duration) {
    let started = Instant::now();
    while !desktop
        .processes_named("WebKitWebProces")
        .iter()
        .any(|pid| !old.contains(pid))
    {
        assert!(
            started.elapsed() < limit,
            "no new page process within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether the screen looks as in `before` again within ten seconds.
/// WebDriver drops its session with the page's process: the screen itself is compared.
fn comes_back(desktop: &Desktop, before: &Path, name: &str) -> bool {
    (0..40).any(|_| {
        std::thread::sleep(Duration::from_millis(250));
        let after = screenshot(desktop, name);
        differing_pixels(before, &after) < 1280 * 720 / 100
    })
}

/// A screen whose settings give an exit PIN: a close request from the
/// window manager (Alt+F4's) leaves it on; the exit chord asks for the PIN, a
/// wrong one is refused and the kiosk stays; the right one ends it. While it
/// runs the screensaver is off; it is given back when the kiosk ends.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn the_exit_chord_asks_for_the_pin_and_refuses_a_wrong_one() {
    let _turn = together();
    let programme = default_programme();
    let (at, _) = instant_showing(&programme, &[], "2016-06-06T10:42:00-04:00", |scene| {
        matches!(scene, SceneView::Now { .. })
    });
    let settings = tempfile::tempdir().unwrap();
    let config = settings.path().join("screen.toml");
    std::fs::write(&config, "exit-pin = \"2468\"\n").unwrap();
    let config = config.display().to_string();
    let (desktop, session) = open(1280, 720, at, &["--config", &config]);
    wait_for_scene(&session, "now");
    let saver_timeout = || {
        let query = Command::new("xset")
            .arg("q")
            .env("DISPLAY", &desktop.display)
            .output()
            .expect("xset runs (apt-get install x11-xserver-utils)");
        let text = String::from_utf8_lossy(&query.stdout).into_owned();
        text.lines()
            .find(|line| line.trim_start().starts_with("timeout:"))
            .and_then(|line| line.split_whitespace().nth(1).map(ToOwned::to_owned))
            .unwrap_or_default()
    };
    assert_eq!(
        saver_timeout(),
        "0",
        "the screensaver is off while the kiosk runs"
    );
    let chord = || {
        session.perform(json!([{
            "type": "key", "id": "keyboard",
            "actions": [
                {"type": "keyDown", "value": "\u{E009}"}, {"type": "keyDown", "value": "\u{E00A}"},
                {"type": "keyDown", "value": "\u{E008}"}, {"type": "keyDown", "value": "Q"},
                {"type": "keyUp", "value": "Q"}, {"type": "keyUp", "value": "\u{E008}"},
                {"type": "keyUp", "value": "\u{E00A}"}, {"type": "keyUp", "value": "\u{E009}"}
            ]
        }]))
    };
    let type_pin = |pin: &str| {
        session.execute(
            // Submitted once the script has answered: the right PIN ends the app.
            "const input = document.querySelector('.exit-pin input');
             input.value = arguments[0]; input.dispatchEvent(new Event('input'));
             setTimeout(() => input.form.requestSubmit(), 50);",
            json!([pin]),
        );
    };
    // The window manager asked to close the window, as Alt+F4 asks it: it stays.
    let asked = Command::new("wmctrl")
        .args(["-c", "Marquee"])
        .env("DISPLAY", &desktop.display)
        .status()
        .expect("wmctrl runs (apt-get install wmctrl)");
    assert!(asked.success(), "the window manager knows the window");
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        !desktop.processes_named("marquee-desktop").is_empty(),
        "a close request leaves the kiosk running"
    );
    assert_eq!(shown(&session)["scene"], "now", "and its screen on");

    chord();
    let prompt = session.wait_for_texts(".exit-pin", Duration::from_secs(5));
    assert!(
        prompt.join("").contains("PIN"),
        "the chord asks for the PIN: {prompt:?}"
    );
    type_pin("0000");
    let refused = session.wait_for_texts(".exit-pin [role=alert]", Duration::from_secs(5));
    assert!(
        refused.join("").contains("not the screen's exit PIN"),
        "{refused:?}"
    );
    screenshot(&desktop, "kiosk-exit-pin-refused.png");
    assert!(
        !desktop.processes_named("marquee-desktop").is_empty(),
        "a wrong PIN leaves the kiosk running"
    );
    assert_eq!(shown(&session)["scene"], "now", "and its screen on");

    chord();
    session.wait_for_texts(".exit-pin input", Duration::from_secs(5));
    type_pin("2468");
    let ended = Instant::now();
    while !desktop.processes_named("marquee-desktop").is_empty() {
        assert!(
            ended.elapsed() < Duration::from_secs(10),
            "the right PIN ends the kiosk"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        saver_timeout(),
        "600",
        "and back as it was once the kiosk ends"
    );
}

/// A page process that stops answering (here stopped with `SIGSTOP`, as a
/// hung one would be) is ended by the app's watchdog after a minute of
/// silence, and the page comes back as it was, within 90 s.
#[test]
#[ignore = "needs Xvfb, tauri-driver and a built app: run by `make test`"]
fn the_window_comes_back_after_its_page_process_stops_answering() {
    let _turn = alone();
    let programme = default_programme();
    let (at, _) = instant_showing(&programme, &[], "2016-06-06T10:42:00-04:00", |scene| {
        matches!(scene, SceneView::Now { .. })
    });
    let (desktop, session) = open(1280, 720, at, &[]);
    wait_for_scene(&session, "now");
    let before = screenshot(&desktop, "kiosk-before-hang.png");
    let stopped = desktop.processes_named("WebKitWebProces");
    assert!(!stopped.is_empty(), "a page process runs");
    for pid in &stopped {
        Command::new("kill")
            .args(["-STOP", &pid.to_string()])
            .status()
            .unwrap();
    }
    let hung = Instant::now();
    wait_for_new_page_process(&desktop, &stopped, Duration::from_secs(90));
    assert!(
        comes_back(&desktop, &before, "kiosk-after-hang.png")
            && hung.elapsed() < Duration::from_secs(90),
        "the screen did not come back as it was within 90 s (see artifacts/kiosk-after-hang.png)"
    );
    // Nothing is left stopped behind.
    for pid in stopped {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
}

/// A page process stopped with `SIGSTOP` holds up WebKit's pages in other
/// windows on the machine too, so that test runs alone; the others share.
static TURNS: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn alone() -> std::sync::RwLockWriteGuard<'static, ()> {
    TURNS.write().unwrap_or_else(|e| e.into_inner())
}

fn together() -> std::sync::RwLockReadGuard<'static, ()> {
    TURNS.read().unwrap_or_else(|e| e.into_inner())
}

/// How many pixels differ between two screenshots, by ImageMagick's `compare`.
fn differing_pixels(a: &Path, b: &Path) -> u64 {
    let output = Command::new("compare")
        .args(["-metric", "AE", "-fuzz", "10%"])
        .arg(a)
        .arg(b)
        .arg("null:")
        .output()
        .expect("compare runs (apt-get install imagemagick)");
    let text = String::from_utf8_lossy(&output.stderr);
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse::<f64>().ok())
        .map_or(u64::MAX, |n| n as u64)
}
