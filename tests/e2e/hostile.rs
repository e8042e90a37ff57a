//! The hub as a curious attendee on the venue's network meets it: a real
//! `marquee serve`, attacked from loopback. Idle and trickling connections
//! are closed while `/health` answers; 1,100 event streams under the
//! open-file limit systemd gives a service leave the hub answering and
//! saving; a 5 MB programme is taken and every refusal is JSON; imports
//! never reach link-local addresses, loopback only when allowed, nor through
//! a redirect; HTTPS is served with a certificate the test makes, and a
//! renewed one is served without a restart.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use marquee_tests::hub::HubProcess;
use marquee_tests::tls::TestCertificate;
use marquee_tests::{marquee_binary, root};

fn hub(options: &[&str]) -> HubProcess {
    HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        options,
    )
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// `/health` answered 200, and how long it took.
fn health(hub: &HubProcess) -> (serde_json::Value, Duration) {
    let asked = Instant::now();
    let mut answer = agent()
        .get(&hub.url("/health"))
        .call()
        .expect("/health answers");
    assert_eq!(answer.status(), 200);
    (answer.body_mut().read_json().unwrap(), asked.elapsed())
}

fn connect(hub: &HubProcess) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", hub.port)).expect("a connection");
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    stream
}

/// True once the hub has closed `stream`.
fn closed(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 512];
    loop {
        match stream.read(&mut byte) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(error) => {
                return !matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

#[test]
#[ignore = "end-to-end: a real hub under attack (make test-e2e)"]
fn idle_and_trickling_connections_are_closed_while_health_answers() {
    let hub = hub(&[]);
    let started = Instant::now();
    let mut idle: Vec<TcpStream> = (0..300).map(|_| connect(&hub)).collect();
    // Tricklers send a request's head a byte every second, never ending it.
    let mut trickling: Vec<TcpStream> = (0..50).map(|_| connect(&hub)).collect();
    let head = b"GET /health HTTP/1.1\r\nHost: hub\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for (sent, byte) in head.iter().enumerate().take(20) {
        for stream in &mut trickling {
            let _ = stream.write_all(&[*byte]);
        }
        if sent % 4 == 0 {
            let (_, took) = health(&hub);
            assert!(took < Duration::from_secs(1), "/health took {took:?}");
        }
        std::thread::sleep(Duration::from_millis(1000).saturating_sub(Duration::from_millis(5)));
        if started.elapsed() > Duration::from_secs(13) {
            break;
        }
    }
    while started.elapsed() < Duration::from_secs(13) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let open_idle = idle.iter_mut().map(closed).filter(|c| !c).count();
    let open_trickling = trickling.iter_mut().map(closed).filter(|c| !c).count();
    assert_eq!(
        (open_idle, open_trickling),
        (0, 0),
        "connections with no whole request after 10 s are closed"
    );
    let (health, _) = health(&hub);
    assert_eq!(health["connections"]["open"], 1, "{health}");
}

/// The status line and headers of the answer on `stream`.
fn head_of(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0u8; 2048];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
#[ignore = "end-to-end: a real hub under attack (make test-e2e)"]
fn eleven_hundred_event_streams_under_a_1024_file_limit_leave_the_hub_answering_and_saving() {
    // This test holds more sockets than a shell's usual limit allows.
    rlimit::increase_nofile_limit(8192).expect("a higher open-file limit for the test");
    let hub = HubProcess::start_limited(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &[],
        Some(1024),
    );
    let (before, _) = health(&hub);
    let most = before["streams"]["most"].as_u64().unwrap() as usize;
    assert!(most > 500 && most < 1024, "{before}");
    let mut streams = Vec::new();
    let (mut held, mut turned_away, mut unanswered) = (0, 0, 0);
    for _ in 0..1100 {
        let mut stream = connect(&hub);
        stream
            .write_all(
                b"GET /api/events HTTP/1.1\r\nHost: hub\r\nAccept: text/event-stream\r\n\r\n",
            )
            .unwrap();
        let head = head_of(&mut stream);
        if head.starts_with("HTTP/1.1 200") {
            held += 1;
        } else if head.starts_with("HTTP/1.1 503") {
            assert!(
                head.to_ascii_lowercase().contains("retry-after: "),
                "{head}"
            );
            turned_away += 1;
        } else {
            unanswered += 1;
        }
        streams.push(stream);
    }
    assert_eq!(held, most, "as many streams as the hub says it holds");
    assert_eq!(held + turned_away + unanswered, 1100);
    assert_eq!(unanswered, 0, "the others are told to come back");
    // While full: /health answers, and the hub keeps below its limit.
    let (full, took) = health(&hub);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(full["streams"]["open"].as_u64().unwrap() as usize, most);
    let files = std::fs::read_dir(format!("/proc/{}/fd", hub.pid()))
        .unwrap()
        .count();
    assert!(files < 1024, "the hub holds {files} files");
    // The store still works: streams gone, a change is saved and heard.
    streams.truncate(100);
    let (status, body) = hub.put(
        &std::fs::read_to_string(root().join("data/programme.json"))
            .unwrap()
            .replace(
                "ContainerDays Boston 2016",
                "ContainerDays Boston 2016 (busy)",
            ),
    );
    assert_eq!(status, 200, "{body}");
    let mut still = streams.pop().unwrap();
    still
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut heard = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(5);
    while !String::from_utf8_lossy(&heard).contains("event: revision\nid: 2")
        && Instant::now() < deadline
    {
        if let Ok(n) = still.read(&mut chunk) {
            heard.extend_from_slice(&chunk[..n]);
        }
    }
    assert!(
        String::from_utf8_lossy(&heard).contains("event: revision\nid: 2"),
        "{}",
        String::from_utf8_lossy(&heard)
    );
}

#[test]
#[ignore = "end-to-end: a real hub under attack (make test-e2e)"]
fn a_five_megabyte_programme_is_taken_and_every_refusal_is_json() {
    let hub = hub(&[]);
    let mut programme: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("data/programme.json")).unwrap())
            .unwrap();
    let long = "A talk about containers in production. ".repeat(130_000);
    programme["sessions"][0]["abstract"] = serde_json::Value::String(long);
    let text = programme.to_string();
    assert!(text.len() > 5_000_000);
    let (status, body) = hub.put(&text);
    assert_eq!(status, 200, "{body}");

    let token = format!("Bearer {}", hub.token());
    let refusals: Vec<(&str, &str, Option<Vec<u8>>, u16)> = vec![
        ("GET", "/nowhere", None, 404),
        ("GET", "/api/revisions/9223372036854775808", None, 404),
        ("GET", "/api/revisions/not-a-number", None, 400),
        ("GET", "/api/screen?at=yesterday", None, 400),
        ("DELETE", "/api/programme", None, 405),
        ("POST", "/api/operations", Some(b"{".to_vec()), 400),
        ("POST", "/api/screens", Some(b"{}".to_vec()), 401),
    ];
    for (method, path, body, expected) in refusals {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(hub.url(path))
            .header("Authorization", &token)
            .header("Content-Type", "application/json")
            .header("If-Match", "\"r2\"")
            .body(body.unwrap_or_default())
            .unwrap();
        let mut answer = agent().run(request).expect("an answer");
        assert_eq!(answer.status(), expected, "{method} {path}");
        let refusal: serde_json::Value = answer
            .body_mut()
            .read_json()
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON: {e}"));
        assert!(
            refusal["error"].is_string() && refusal["fix"].is_string(),
            "{method} {path}: {refusal}"
        );
    }
    // A body over 32 MB is refused from its length, before it is sent.
    let mut stream = connect(&hub);
    write!(
        stream,
        "PUT /api/programme HTTP/1.1\r\nHost: hub\r\nAuthorization: {token}\r\nIf-Match: \"r2\"\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        33 * 1024 * 1024
    )
    .unwrap();
    let head = head_of(&mut stream);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(head.contains("application/json"), "{head}");
}

fn import(hub: &HubProcess, address: &str) -> (u16, String, Duration) {
    let asked = Instant::now();
    let mut answer = agent()
        .post(&hub.url("/api/import"))
        .header("Authorization", format!("Bearer {}", hub.token()))
        .header("If-Match", "\"r1\"")
        .send_json(serde_json::json!({ "address": address }))
        .unwrap();
    let status = answer.status().as_u16();
    (
        status,
        answer.body_mut().read_to_string().unwrap_or_default(),
        asked.elapsed(),
    )
}

#[test]
#[ignore = "end-to-end: a real hub under attack (make test-e2e)"]
fn imports_never_reach_link_local_addresses_and_loopback_only_when_allowed() {
    use marquee_tests::http::{Answer, Server};

    let pretalx =
        std::fs::read(root().join("../shared/schedules/c3voc-json/pretalx-democon.schedule.json"))
            .expect("a pretalx export");
    let schedule = Server::start(Answer::Respond(200, pretalx));
    // A hub that follows a file reaches only public addresses.
    let public = hub(&[]);
    let (status, body, took) = import(&public, &schedule.url("/schedule.json"));
    assert_eq!(status, 403, "{body}");
    assert!(took < Duration::from_secs(2));
    let (status, body, took) = import(&public, "http://169.254.169.254/latest/meta-data/");
    assert_eq!(status, 403, "{body}");
    assert!(
        took < Duration::from_secs(2),
        "refused without a connection"
    );
    assert_eq!(
        public.programme()["conference"]["title"],
        "ContainerDays Boston 2016"
    );

    // Allowed the LAN, it imports from loopback; still never link-local,
    // not even through a redirect.
    let lan = hub(&["--allow-private-sources"]);
    let redirect = Server::start(Answer::Redirect(
        "http://169.254.169.254/latest/meta-data/".to_owned(),
    ));
    let (status, body, _) = import(&lan, &redirect.url("/schedule.json"));
    assert_eq!(status, 403, "{body}");
    let back_to_loopback = Server::start(Answer::Redirect(schedule.url("/schedule.json")));
    let closed_port = format!(
        "http://127.0.0.1:{}/schedule.json",
        marquee_tests::desktop::free_port()
    );
    let (closed_status, closed_body, _) = import(&lan, &closed_port);
    let silent = Server::start(Answer::Silence);
    let (silent_status, silent_body, _) = import(&lan, &silent.url("/schedule.json"));
    assert_eq!((closed_status, silent_status), (502, 502));
    let without_address = |body: &str, address: &str| body.replace(address, "ADDRESS");
    assert_eq!(
        without_address(&closed_body, &closed_port),
        without_address(&silent_body, &silent.url("/schedule.json")),
        "a closed port and a silent one are told apart by nothing"
    );
    let (status, body, _) = import(&lan, &back_to_loopback.url("/schedule.json"));
    assert_eq!(status, 200, "{body}");
}

#[test]
#[ignore = "end-to-end: a real hub under attack (make test-e2e)"]
fn the_hub_serves_https_and_a_renewed_certificate_without_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    let first = TestCertificate::new("first");
    let (cert, key) = first.write(folder.path());
    let hub = hub(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    let https = format!("https://127.0.0.1:{}/health", hub.port);
    let answer = first.client().get(&https).call().unwrap();
    assert_eq!(answer.status(), 200);
    assert!(
        agent().get(&https).call().is_err(),
        "a client that does not trust the authority refuses the hub"
    );
    // Renewed in place, as certbot does: new connections get the new one.
    let second = TestCertificate::new("second");
    std::thread::sleep(Duration::from_millis(1100));
    second.write(folder.path());
    let renewed = second.client().get(&https).call().unwrap();
    assert_eq!(renewed.status(), 200);
    assert!(first.client().get(&https).call().is_err());
    // Plain HTTP on the HTTPS port is no way in.
    let mut plain = connect(&hub);
    plain
        .write_all(b"GET /health HTTP/1.1\r\nHost: hub\r\n\r\n")
        .unwrap();
    assert!(!head_of(&mut plain).starts_with("HTTP/1.1 200"));
}

#[test]
#[ignore = "end-to-end: a real hub under attack (make test-e2e)"]
fn tokens_are_rotated_and_revoked_and_the_running_hub_follows_at_once() {
    let hub = hub(&[]);
    let token = |args: &[&str]| {
        let out = std::process::Command::new(marquee_binary())
            .arg("token")
            .args(args)
            .arg("--data")
            .arg(hub.data.path())
            .args(["--hub", &hub.url("")])
            .output()
            .expect("marquee token runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let screens = |secret: &str| {
        agent()
            .get(&hub.url("/api/screens"))
            .header("Authorization", format!("Bearer {secret}"))
            .call()
            .unwrap()
            .status()
            .as_u16()
    };
    let first = token(&["show"]);
    assert_eq!(first, hub.token());
    assert_eq!(screens(&first), 200);
    let rotated = token(&["rotate"]);
    assert_ne!(rotated, first);
    assert_eq!((screens(&first), screens(&rotated)), (401, 200));
    let said = token(&["revoke"]);
    assert!(
        !said.contains(&hub.token()),
        "a revoked token's successor is not printed"
    );
    assert_eq!(screens(&rotated), 401);
    assert_eq!(screens(&hub.token()), 200);

    // A chair's link: shown, replaced, and its page told so.
    let chair_state = |secret: &str| {
        agent()
            .get(&hub.url("/api/chair/main-hall"))
            .header("Authorization", format!("Bearer {secret}"))
            .call()
            .unwrap()
            .headers()
            .get("marquee-token")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let link = token(&["show", "--room", "Main Hall"]);
    let (_, old) = link.split_once("#token=").expect("a chair link");
    assert!(link.starts_with(&hub.url("/chair/main-hall")), "{link}");
    assert_eq!(chair_state(old).as_deref(), Some("accepted"));
    let new_link = token(&["rotate", "--room", "main-hall"]);
    let (_, new) = new_link.split_once("#token=").unwrap();
    assert_eq!(chair_state(old).as_deref(), Some("refused"));
    assert_eq!(chair_state(new).as_deref(), Some("accepted"));
    let said = token(&["revoke", "--room", "main-hall"]);
    assert!(!said.contains("#token="), "{said}");
    assert_eq!(chair_state(new).as_deref(), Some("refused"));

    // What holds the tokens is its owner's alone.
    use std::os::unix::fs::PermissionsExt;
    for file in ["hub.sqlite", "organiser-token"] {
        let mode = std::fs::metadata(hub.data.path().join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{file} is readable by others: {mode:o}");
    }
}
