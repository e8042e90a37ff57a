//! A hub for one programme file, as the desktop's editor starts it
//! (`marquee-hub serve FILE --write-back --editor`): the store beside the
//! file, every change written back to the file whole, edits kept when it
//! starts again on the same file, and files in other formats refused with
//! the fix.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use marquee_server::beside::{BesideError, store_folder, writing_back};

/// The hub process for one file, as the desktop starts it, until dropped.
struct FileHub {
    child: Child,
    link: String,
}

impl FileHub {
    fn start(file: &Path) -> Result<FileHub, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marquee-hub"))
            .arg("serve")
            .arg(file)
            .args(["--write-back", "--editor", "--bind", "127.0.0.1:0"])
            .env_remove("MARQUEE_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut link = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut link)
            .unwrap();
        if link.is_empty() {
            let output = child.wait_with_output().unwrap();
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        Ok(FileHub {
            child,
            link: link.trim().to_owned(),
        })
    }

    fn editor_link(&self) -> String {
        self.link.clone()
    }

    fn address(&self) -> &str {
        self.link.split_once("/editor").unwrap().0
    }
}

impl Drop for FileHub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_of_default(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("programme.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json"),
        &file,
    )
    .unwrap();
    file
}

fn token_of(link: &str) -> String {
    link.split_once("#token=").unwrap().1.to_owned()
}

fn start_of(file: &Path, id: &str) -> String {
    let programme = marquee_core::format::parse(&std::fs::read_to_string(file).unwrap())
        .unwrap()
        .programme;
    let session = programme
        .sessions
        .iter()
        .find(|s| s.id.as_str() == id)
        .unwrap();
    session.start.format("%H:%M").to_string()
}

#[test]
fn every_change_is_written_back_to_the_file_and_kept_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_of_default(dir.path());
    let hub = FileHub::start(&file).unwrap();
    assert!(store_folder(&file).join("hub.sqlite").is_file());
    assert!(
        hub.editor_link()
            .starts_with(&format!("{}/editor#token=", hub.address()))
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let swap = r#"{"base": "\"r1\"", "operations": [{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]}"#;
    let answer = agent
        .post(format!("{}/api/operations", hub.address()))
        .header(
            "Authorization",
            format!("Bearer {}", token_of(&hub.editor_link())),
        )
        .header("Content-Type", "application/json")
        .send(swap)
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(
        start_of(&file, "realworld"),
        "09:30",
        "the file follows at once"
    );
    drop(hub);

    let again = FileHub::start(&file).unwrap();
    let mut programme = agent
        .get(format!("{}/api/programme", again.address()))
        .call()
        .unwrap();
    let etag = programme
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let text = programme.body_mut().read_to_string().unwrap();
    assert!(text.contains("\"start\": \"2016-06-06T09:30:00-04:00\""));
    assert_eq!(etag, "\"r2\"", "the file it wrote is not a new revision");
}

#[test]
fn a_file_in_another_format_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.ics");
    std::fs::write(&file, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    let hub = marquee_store::StoredHub::open(&store_folder(&file)).unwrap();
    let error = writing_back(hub, &file).err().unwrap();
    assert!(matches!(error, BesideError::NotMarquee { .. }));
    assert!(error.to_string().contains("marquee import"), "{error}");
    let told = FileHub::start(&file).err().unwrap();
    assert!(told.contains("marquee import"), "{told}");
}

#[test]
fn a_failed_write_is_told_and_a_restart_does_not_go_back_to_the_stale_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_of_default(dir.path());
    let hub = FileHub::start(&file).unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let token = token_of(&hub.editor_link());
    let move_to = |base: &str, index: usize| {
        let mut answer = agent
            .post(format!("{}/api/operations", hub.address()))
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(format!(
                r#"{{"base": "\"{base}\"", "operations": [{{"op": "move", "session": "realworld", "room": "main-hall", "index": {index}}}]}}"#
            ))
            .unwrap();
        assert_eq!(answer.status(), 200);
        answer.body_mut().read_json::<serde_json::Value>().unwrap()
    };
    let health = || {
        agent
            .get(format!("{}/health", hub.address()))
            .call()
            .unwrap()
            .body_mut()
            .read_json::<serde_json::Value>()
            .unwrap()
    };
    assert_eq!(health()["write_back"]["state"], "ok");
    // The file's place taken by a folder: no write can replace it.
    let written = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let applied = move_to("r1", 1);
    assert!(
        applied["write_back_problem"]
            .as_str()
            .is_some_and(|p| p.contains("fix:")),
        "{applied}"
    );
    let told = health();
    assert_eq!(told["write_back"]["state"], "failing", "{told}");
    move_to("r2", 2);
    drop(hub);
    // The file as the failed writes left it: the hub's own, two revisions old.
    std::fs::remove_dir(&file).unwrap();
    std::fs::write(&file, &written).unwrap();
    let again = FileHub::start(&file).unwrap();
    let programme = agent
        .get(format!("{}/api/programme", again.address()))
        .call()
        .unwrap();
    assert_eq!(
        programme.headers()["etag"].to_str().unwrap(),
        "\"r3\"",
        "no revision was taken from the stale file"
    );
    assert_eq!(
        start_of(&file, "realworld"),
        "10:00",
        "the file is written anew from the store"
    );
}

#[test]
fn the_editor_s_hub_answers_only_a_loopback_host() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let file = copy_of_default(dir.path());
    let hub = FileHub::start(&file).unwrap();
    let answer = |host: &str| {
        let mut stream =
            std::net::TcpStream::connect(hub.address().trim_start_matches("http://")).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET /api/programme HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    };
    // A web page that rebinds its own name to loopback is refused.
    let rebound = answer("attacker.example:80");
    assert!(rebound.starts_with("HTTP/1.1 403"), "{rebound}");
    assert!(rebound.contains("\"fix\""), "{rebound}");
    let port = hub.address().rsplit(':').next().unwrap().to_owned();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert!(answer(&host).starts_with("HTTP/1.1 200"), "{host}");
    }
}
