//! The `marquee` command line as a user runs it: real files, real exit codes,
//! and a real HTTP server on loopback for programmes read from an address.

use std::path::PathBuf;
use std::process::{Command, Output};

use marquee_tests::http::{Answer, Server};
use marquee_tests::root;

/// The binary cargo built for this test run, never an older one.
const MARQUEE: &str = env!("CARGO_BIN_EXE_marquee");

fn marquee(args: &[&str]) -> Output {
    Command::new(MARQUEE)
        .args(args)
        .output()
        .expect("the marquee binary runs")
}

fn shared(path: &str) -> PathBuf {
    root().join("../shared").join(path)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marquee-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_seed_page_imports_and_validates_cleanly() {
    let out = scratch("seed.json");
    let seed = shared("seeds/containerdays-boston-2016-programme.md");
    let import = marquee(&[
        "import",
        seed.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    assert!(text(&import.stderr).contains("19 sessions, 20 speakers, 2 rooms"));
    let validate = marquee(&["validate", out.to_str().unwrap()]);
    assert_eq!(
        validate.status.code(),
        Some(0),
        "{}",
        text(&validate.stdout)
    );
    assert!(text(&validate.stdout).contains("0 errors, 0 warnings"));
}

#[test]
fn the_committed_default_programme_is_what_the_documented_command_makes() {
    let seed = shared("seeds/containerdays-boston-2016-programme.md");
    let made = marquee(&["import", seed.to_str().unwrap()]);
    let committed = std::fs::read_to_string(root().join("data/programme.json")).unwrap();
    assert_eq!(
        text(&made.stdout),
        committed,
        "run `make data` and commit data/programme.json"
    );
}

#[test]
fn validate_exits_1_on_errors_and_2_on_unreadable_files() {
    let bad = scratch("bad.json");
    let json = std::fs::read_to_string(root().join("data/programme.json"))
        .unwrap()
        .replacen("\"room\": \"main-hall\"", "\"room\": \"attic\"", 1);
    std::fs::write(&bad, json).unwrap();
    let errors = marquee(&["validate", bad.to_str().unwrap()]);
    assert_eq!(errors.status.code(), Some(1));
    let report = text(&errors.stdout);
    assert!(
        report.contains("sessions[0] (\"realworld\"): error: room \"attic\""),
        "{report}"
    );
    assert!(report.contains("fix: add the room"), "{report}");

    let broken = scratch("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": 1,\n  \"conference\": {\"title\": \"X\",\n",
    )
    .unwrap();
    let unreadable = marquee(&["validate", broken.to_str().unwrap()]);
    assert_eq!(unreadable.status.code(), Some(2));
    let message = text(&unreadable.stderr);
    assert!(
        message.contains("broken.json: line 4, column 0"),
        "{message}"
    );
    assert!(
        message.contains("fix: the file ends too early"),
        "{message}"
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["import", "export", "validate", "kiosk"] {
        let help = marquee(&[command, "--help"]);
        assert!(help.status.success());
        assert!(
            text(&help.stdout).contains("Example"),
            "{command} --help has an example"
        );
    }
}

#[test]
fn a_programme_is_read_from_an_address() {
    let ics = std::fs::read(shared("schedules/ical/pyconau-2023-pretalx.tzfixed.ics")).unwrap();
    let server = Server::start(Answer::Respond(200, ics));
    let out = scratch("pycon.json");
    let import = marquee(&[
        "import",
        &server.url("/schedule.ics"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    assert!(text(&import.stderr).contains("94 sessions"));

    let export = marquee(&[
        "export",
        &server.url("/schedule.ics"),
        "--format",
        "frab-xml",
    ]);
    assert!(export.status.success());
    assert!(text(&export.stdout).contains("<title>Closing Address (Sunday)</title>"));
}

#[test]
fn unreachable_addresses_fail_clearly() {
    let missing = Server::start(Answer::Respond(404, b"not here".to_vec()));
    let answer = marquee(&["validate", &missing.url("/schedule.json")]);
    assert_eq!(answer.status.code(), Some(2));
    assert!(
        text(&answer.stderr).contains("cannot fetch it: the server answered 404"),
        "{}",
        text(&answer.stderr)
    );

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = marquee(&[
        "validate",
        &format!("http://127.0.0.1:{closed}/schedule.json"),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("cannot fetch it"),
        "{}",
        text(&refused.stderr)
    );
    assert!(text(&refused.stderr).contains("fix: check the address and the network"));

    let silent = Server::start(Answer::Silence);
    let started = std::time::Instant::now();
    let timed_out = marquee(&["validate", "--timeout", "1", &silent.url("/schedule.json")]);
    assert_eq!(timed_out.status.code(), Some(2));
    assert!(
        text(&timed_out.stderr).contains("no answer in time"),
        "{}",
        text(&timed_out.stderr)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));

    let page = Server::start(Answer::Respond(
        200,
        b"<!DOCTYPE html><html><body>Maintenance</body></html>".to_vec(),
    ));
    let html = marquee(&["validate", &page.url("/schedule.json")]);
    assert_eq!(html.status.code(), Some(2));
    assert!(
        text(&html.stderr).contains("found an HTML page"),
        "{}",
        text(&html.stderr)
    );
}

#[test]
fn now_reports_each_room_in_venue_time_as_json() {
    let now = marquee(&["now", "--at", "2016-06-06T14:42:00Z", "--json"]);
    assert!(now.status.success(), "{}", text(&now.stderr));
    let report: serde_json::Value = serde_json::from_slice(&now.stdout).unwrap();
    assert_eq!(report["at"], "2016-06-06T10:42:00-04:00");
    assert_eq!(report["timezone"], "America/New_York");
    let rooms = report["rooms"].as_array().unwrap();
    assert_eq!(rooms.len(), 2);
    assert_eq!(rooms[0]["room"], "Main Hall");
    assert_eq!(
        rooms[0]["current"],
        serde_json::json!({
            "id": "compliance",
            "title": "ComplianceOps: Containers in Regulated Environments",
            "start": "2016-06-06T10:30:00-04:00",
            "end": "2016-06-06T10:55:00-04:00",
            "speakers": ["Elliot Murphy"]
        })
    );
    assert_eq!(rooms[0]["next"]["id"], "layerx");
    assert_eq!(rooms[1]["room"], "Workshop Room");
    assert_eq!(rooms[1]["next"]["start"], "2016-06-06T11:40:00-04:00");

    let one = marquee(&[
        "now",
        "--at",
        "2016-06-06T10:42:00-04:00",
        "--room",
        "workshop room",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(report["rooms"].as_array().unwrap().len(), 1);

    let night = marquee(&["now", "--at", "2016-06-06T23:00:00-04:00", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&night.stdout).unwrap();
    assert!(
        report["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["current"].is_null() && r["next"].is_null())
    );

    let unknown = marquee(&["now", "--room", "Attic"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("the rooms are: Main Hall, Workshop Room"));
}

#[test]
fn now_reads_real_schedules_past_midnight() {
    let ccc = shared("schedules/frab-xml/38c3-schedule.xml");
    let now = marquee(&[
        "now",
        ccc.to_str().unwrap(),
        "--at",
        "2024-12-28T01:30:00+01:00",
        "--room",
        "Saal 1",
        "--json",
    ]);
    assert!(now.status.success(), "{}", text(&now.stderr));
    let report: serde_json::Value = serde_json::from_slice(&now.stdout).unwrap();
    assert_eq!(report["timezone"], "Europe/Berlin");
    assert_eq!(
        report["rooms"][0]["current"]["title"],
        "Fnord-Nachrichtenrückblick 2024"
    );
    assert_eq!(
        report["rooms"][0]["current"]["end"],
        "2024-12-28T02:40:00+01:00"
    );
    assert_eq!(
        report["rooms"][0]["current"]["speakers"],
        serde_json::json!(["Fefe", "Atoth"])
    );
}

#[test]
fn the_command_line_links_no_desktop_library() {
    let ldd = Command::new("ldd").arg(MARQUEE).output().expect("ldd runs");
    let libraries = text(&ldd.stdout);
    assert!(ldd.status.success(), "{}", text(&ldd.stderr));
    for desktop in ["gtk", "webkit", "gdk", "javascriptcore", "soup"] {
        assert!(
            !libraries.to_lowercase().contains(desktop),
            "marquee links {desktop}:\n{libraries}"
        );
    }
}

/// A copy of the binary in `bin/` of a fresh prefix, as a package installs it.
fn installed(with_programme: bool) -> (tempfile::TempDir, PathBuf) {
    let prefix = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(prefix.path().join("bin")).unwrap();
    let binary = prefix.path().join("bin/marquee");
    std::fs::copy(MARQUEE, &binary).unwrap();
    if with_programme {
        let share = prefix.path().join("share/marquee");
        std::fs::create_dir_all(&share).unwrap();
        std::fs::copy(
            root().join("data/programme.json"),
            share.join("programme.json"),
        )
        .unwrap();
    }
    (prefix, binary)
}

fn run_installed(binary: &std::path::Path, args: &[&str]) -> Output {
    let nowhere = tempfile::tempdir().unwrap();
    let mut command = Command::new(binary);
    command
        .args(args)
        .current_dir(nowhere.path())
        .env_remove("MARQUEE_DATA")
        .env("XDG_DATA_HOME", nowhere.path())
        .env("XDG_DATA_DIRS", nowhere.path());
    // A copy just written is "busy" while another test's child, forked
    // meanwhile, still holds it open for writing (ETXTBSY); that passes.
    for _ in 0..100 {
        match command.output() {
            Err(error) if error.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result.unwrap(),
        }
    }
    panic!("{} stayed busy", binary.display())
}

#[test]
fn an_installed_binary_finds_its_default_programme_from_any_folder() {
    let (_prefix, binary) = installed(true);
    let now = run_installed(&binary, &["now", "--at", "2016-06-06T10:42:00-04:00"]);
    assert!(now.status.success(), "{}", text(&now.stderr));
    assert!(
        text(&now.stdout).contains("ComplianceOps"),
        "{}",
        text(&now.stdout)
    );

    let (_bare, lonely) = installed(false);
    let missing = run_installed(&lonely, &["now"]);
    assert_eq!(missing.status.code(), Some(2));
    let said = text(&missing.stderr);
    assert!(said.contains("the default one is not installed"), "{said}");
    assert!(said.contains("fix: name a programme"), "{said}");
}

#[test]
fn the_kiosk_without_the_desktop_app_beside_it_says_how_to_get_it() {
    let (_prefix, binary) = installed(true);
    let kiosk = run_installed(&binary, &["kiosk", "--windowed"]);
    assert_eq!(kiosk.status.code(), Some(2));
    let said = text(&kiosk.stderr);
    assert!(said.contains("marquee-desktop"), "{said}");
    assert!(said.contains("fix: install the marquee package"), "{said}");
}
