//! The hub sees every screen: three kiosks (real WebKit windows under Xvfb,
//! each with its own name) report to a real `marquee serve`; one killed is
//! listed as last seen; one asked to identify itself shows its name, one
//! asked to reload loads its page again, and one asked for a screenshot
//! sends a picture of its window. Each keeps its log in files.

use std::time::Duration;

use marquee_tests::desktop::Desktop;
use marquee_tests::hub::HubProcess;
use marquee_tests::kiosk::{self, Kiosk};
use marquee_tests::webdriver::Session;
use marquee_tests::{artifacts, marquee_binary, root, wait_until};
use serde_json::json;

fn kiosk_args(hub: &HubProcess, name: &str) -> Vec<String> {
    kiosk_args_with(hub, name, &hub.enrolment_code())
}

fn kiosk_args_with(hub: &HubProcess, name: &str, code: &str) -> Vec<String> {
    kiosk::kiosk_args(
        Some(&hub.url("")),
        name,
        &["--report-seconds", "1", "--enrol", code],
    )
}

/// The hub's list of screens, by name: (online, current).
fn screens(hub: &HubProcess) -> Vec<(String, bool, bool)> {
    let list: serde_json::Value = ureq::get(&hub.url("/api/screens"))
        .header("Authorization", format!("Bearer {}", hub.token()))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["report"]["name"].as_str().unwrap().to_owned(),
                s["online"].as_bool().unwrap(),
                s["current"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn order(hub: &HubProcess, name: &str, command: &str) {
    let status = ureq::post(&hub.url(&format!("/api/screens/{name}/commands")))
        .header("Authorization", format!("Bearer {}", hub.token()))
        .send_json(json!({ "command": command }))
        .unwrap()
        .status();
    assert_eq!(status, 202);
}

#[test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver (make test-e2e)"]
fn three_screens_report_one_killed_is_last_seen_and_identify_reload_and_screenshot_round_trip() {
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &[],
    );
    let desktop = Desktop::start(1920, 1080);
    // The foyer is added as an organiser adds a screen: in the editor's
    // Screens panel, which gives its code and the command to start it with.
    let browser = marquee_tests::browser::Browser::start();
    let editor = browser.session(1280, 800);
    marquee_tests::editor::open(&editor, &hub);
    editor.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Add a screen').click()",
        json!([]),
    );
    let command = editor.wait_for_texts(".enrolment .command", Duration::from_secs(10));
    let code = editor.texts(".enrolment .code")[0].clone();
    editor.execute(
        "document.querySelector('.enrolment').scrollIntoView({block: 'center'})",
        json!([]),
    );
    editor.screenshot(&artifacts().join("editor-add-a-screen-1280x800.png"));
    assert!(
        command[0].ends_with(&format!("--programme {} --enrol {code}", hub.url(""))),
        "{command:?}"
    );
    let args = kiosk_args_with(&hub, "foyer", &code);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // The foyer's window last, on top, so that its screenshot shows it.
    let stairs = Kiosk::start(&desktop, &kiosk_args(&hub, "stairs"));
    let mut cafe = Kiosk::start(&desktop, &kiosk_args(&hub, "cafe"));
    let foyer = Session::start(&desktop.driver_url(), &marquee_binary(), &args);

    wait_until("three screens online", Duration::from_secs(60), || {
        let listed = screens(&hub);
        listed.len() == 3
            && listed
                .iter()
                .all(|(_, online, current)| *online && *current)
    });

    // A screen keeps its log in files as well as on standard error (the journal).
    wait_until("the stairs screen logs", Duration::from_secs(10), || {
        stairs.logs().contains("first scene painted")
    });

    cafe.kill();
    wait_until(
        "the cafe screen is last seen",
        Duration::from_secs(60),
        || {
            screens(&hub)
                .iter()
                .any(|(name, online, _)| name == "cafe" && !online)
        },
    );
    let listed = screens(&hub);
    assert!(
        listed
            .iter()
            .filter(|(name, _, _)| name != "cafe")
            .all(|(_, online, _)| *online),
        "{listed:?}"
    );

    order(&hub, "foyer", "identify");
    wait_until("the foyer shows its name", Duration::from_secs(10), || {
        foyer.texts(".identify").iter().any(|t| t.contains("foyer"))
    });
    // The X screen's picture: the foyer's window is on top.
    desktop.screenshot(&artifacts().join("screens-identify-1920x1080.png"));

    foyer.execute("window.beforeReload = true", json!([]));
    order(&hub, "foyer", "reload");
    wait_until("the foyer reloads", Duration::from_secs(10), || {
        foyer.execute("return window.beforeReload === undefined", json!([])) == json!(true)
    });
    wait_until(
        "and shows the programme again",
        Duration::from_secs(20),
        || foyer.page_text().contains("ContainerDays"),
    );
    // Past the scene's entrance, so the picture shows it whole.
    std::thread::sleep(Duration::from_secs(1));

    // The kiosk takes a picture of its own window and sends it to the hub.
    order(&hub, "foyer", "screenshot");
    let mut png = Vec::new();
    wait_until("the foyer's screenshot", Duration::from_secs(15), || {
        let answer = ureq::get(&hub.url("/api/screens/foyer/screenshot"))
            .header("Authorization", format!("Bearer {}", hub.token()))
            .call();
        match answer {
            Ok(mut answer) => {
                png = answer.body_mut().read_to_vec().unwrap();
                true
            }
            Err(_) => false,
        }
    });
    std::fs::write(artifacts().join("screens-screenshot-foyer.png"), &png).unwrap();
    let picture = image::load_from_memory(&png).expect("a PNG").to_rgb8();
    assert_eq!(picture.dimensions(), (1920, 1080));
    let colours: std::collections::BTreeSet<[u8; 3]> =
        picture.pixels().step_by(97).map(|p| p.0).collect();
    assert!(
        colours.len() > 20,
        "a blank picture: {} colours",
        colours.len()
    );
    // The organiser sees it in the Screens panel, under the page's own policy.
    wait_until(
        "the screenshot in the panel",
        Duration::from_secs(30),
        || {
            editor.execute(
                "const img = document.querySelector('[data-screen=\"foyer\"] figure img'); \
             return !!img && img.complete && img.naturalWidth === 1920",
                json!([]),
            ) == json!(true)
        },
    );
}

/// A session bus of the test's own, as a desktop session has, stopped with it.
struct SessionBus(std::process::Child, String);

impl SessionBus {
    fn start() -> SessionBus {
        use std::io::BufRead;
        let mut child = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (apt-get install dbus-daemon)");
        let mut address = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        SessionBus(child, address.trim().to_owned())
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "end-to-end: needs Xvfb and dbus-daemon (make test-e2e)"]
fn a_second_kiosk_for_a_screen_hands_over_to_the_first_and_another_screen_runs_beside_it() {
    let bus = SessionBus::start();
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.1.as_str())];
    let desktop = Desktop::start(1280, 720);
    let args = |name: &str| kiosk::kiosk_args(None, name, &[]);
    let mut first = Kiosk::start_with(&desktop, &args("foyer"), &env);
    wait_until("the first kiosk paints", Duration::from_secs(60), || {
        first.logs().contains("first scene painted")
    });
    let mut second = Kiosk::start_with(&desktop, &args("foyer"), &env);
    let ended = second.ended_within(Duration::from_secs(30));
    assert!(
        ended.is_some_and(|status| status.success()),
        "the second kiosk for the foyer hands over and ends: {ended:?}"
    );
    wait_until("the first hears of it", Duration::from_secs(10), || {
        first
            .logs()
            .contains("another kiosk for this screen was started")
    });
    assert_eq!(first.ended_within(Duration::from_millis(100)), None);
    // Another screen of the same machine is a kiosk of its own.
    let mut stairs = Kiosk::start_with(&desktop, &args("stairs"), &env);
    wait_until("the stairs kiosk paints", Duration::from_secs(60), || {
        stairs.logs().contains("first scene painted")
    });
    assert_eq!(stairs.ended_within(Duration::from_millis(100)), None);
}

#[test]
#[ignore = "end-to-end: needs Xvfb and Chromium (make test-e2e)"]
fn a_kiosk_and_a_browser_follow_a_hub_over_https_signed_by_the_venues_own_authority() {
    use marquee_tests::browser::Browser;
    use marquee_tests::tls::TestCertificate;

    let folder = tempfile::tempdir().unwrap();
    let venue = TestCertificate::new("venue");
    let (certificate, key) = venue.write(folder.path());
    let authority = folder.path().join("venue-ca.pem");
    std::fs::write(&authority, &venue.authority).unwrap();
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &[
            "--tls-cert",
            certificate.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let https = format!("https://127.0.0.1:{}", hub.port);
    let client = venue.client();
    let organiser = format!("Bearer {}", hub.token());
    let code = || {
        let answer: serde_json::Value = client
            .post(format!("{https}/api/screens/enrolments"))
            .header("Authorization", &organiser)
            .send_empty()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        assert!(
            answer["command"]
                .as_str()
                .unwrap()
                .starts_with(&format!("marquee kiosk --programme {https} --enrol ")),
            "{answer}"
        );
        answer["code"].as_str().unwrap().to_owned()
    };
    let listed = || -> Vec<serde_json::Value> {
        let list: serde_json::Value = client
            .get(format!("{https}/api/screens"))
            .header("Authorization", &organiser)
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        list.as_array().unwrap().clone()
    };
    let desktop = Desktop::start(1920, 1080);
    let authority_arg = authority.display().to_string();
    let trusting_code = code();
    let _trusting = Kiosk::start(
        &desktop,
        &kiosk::kiosk_args(
            Some(&https),
            "secure-foyer",
            &[
                "--report-seconds",
                "1",
                "--enrol",
                &trusting_code,
                "--hub-ca",
                &authority_arg,
            ],
        ),
    );
    // Without the venue's authority a kiosk does not take the hub for real.
    let other_code = code();
    let _untrusting = Kiosk::start(
        &desktop,
        &kiosk::kiosk_args(
            Some(&https),
            "untrusting",
            &["--report-seconds", "1", "--enrol", &other_code],
        ),
    );
    let foyer = |revision: &str| {
        listed().iter().any(|s| {
            s["report"]["name"] == "secure-foyer"
                && s["online"] == true
                && s["report"]["revision"] == revision
        })
    };
    wait_until(
        "the kiosk reports over HTTPS",
        Duration::from_secs(60),
        || foyer("\"r1\""),
    );
    // A change reaches it through the event stream over TLS.
    let text = std::fs::read_to_string(root().join("data/programme.json"))
        .unwrap()
        .replace(
            "ContainerDays Boston 2016",
            "ContainerDays Boston 2016 (secure)",
        );
    let saved = client
        .put(format!("{https}/api/programme"))
        .header("Authorization", &organiser)
        .header("If-Match", "\"r1\"")
        .send(text)
        .unwrap();
    assert_eq!(saved.status(), 200);
    wait_until(
        "the kiosk shows the change",
        Duration::from_secs(15),
        || foyer("\"r2\""),
    );
    assert!(
        !listed().iter().any(|s| s["report"]["name"] == "untrusting"),
        "a kiosk without the venue's authority never reached the hub"
    );
    // A browser whose owner trusts the hub's certificate shows the screen.
    let browser = Browser::start();
    let page = browser.trusting(1280, 720, &venue.spki_sha256);
    page.navigate(&format!("{https}/display"));
    wait_until("the display over HTTPS", Duration::from_secs(30), || {
        page.page_text().contains("(secure)")
    });
    // The scene's entrance is over before its picture is taken.
    std::thread::sleep(Duration::from_secs(2));
    page.screenshot(&artifacts().join("display-over-https-1280x720.png"));
}
