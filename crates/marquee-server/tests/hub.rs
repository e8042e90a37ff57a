//! The hub over real HTTP on loopback: the programme with ETags, writes
//! that need the organiser's token and the current revision, refusals that
//! change nothing, events within a second of a change, feeds, screens and
//! the browser display's page and pictures.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use marquee_host::clock::ScreenClock;
use marquee_hub::Hub;
use marquee_server::Hosting;

struct Running {
    base: String,
    token: String,
    hub: Arc<Hub>,
    _data: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn default_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json"))
        .unwrap()
}

fn start() -> Running {
    let data = tempfile::tempdir().unwrap();
    let hub = Arc::new(Hub::open(data.path()).unwrap());
    let programme = marquee_core::format::parse(&default_text())
        .unwrap()
        .programme;
    hub.take_from_source(programme, "data/programme.json", chrono::Utc::now())
        .unwrap();
    let at = "2016-06-06T14:42:00Z".parse().unwrap();
    let hosting = Hosting {
        clock: ScreenClock::simulated(at, 0.0),
        source: None,
        data_folder: data.path().to_owned(),
        photo_cache: data.path().join("photos"),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = marquee_server::state(hub.clone(), hosting);
    runtime.spawn(marquee_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    Running {
        base,
        token: hub.token().secret().to_owned(),
        hub,
        _data: data,
        _runtime: runtime,
    }
}

/// The head of the answer to `request`, sent as it is.
fn raw(running: &Running, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(running.base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn put(running: &Running, token: Option<&str>, base: Option<&str>, body: &str) -> (u16, String) {
    let mut request = agent().put(format!("{}/api/programme", running.base));
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    if let Some(base) = base {
        request = request.header("If-Match", base);
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

#[test]
fn the_programme_has_a_strong_etag_and_an_unchanged_one_costs_a_304() {
    let running = start();
    let mut response = agent()
        .get(format!("{}/api/programme", running.base))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, "\"r1\"");
    assert!(response.headers().contains_key("last-modified"));
    let text = response.body_mut().read_to_string().unwrap();
    assert_eq!(text, default_text());

    let again = agent()
        .get(format!("{}/api/programme", running.base))
        .header("If-None-Match", &etag)
        .call()
        .unwrap();
    assert_eq!(again.status(), 304);

    let zipped = raw(
        &running,
        "GET /api/programme HTTP/1.1\r\nHost: hub\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
    );
    assert!(
        zipped.to_lowercase().contains("content-encoding: gzip"),
        "{zipped}"
    );
}

#[test]
fn writes_need_the_token_and_the_current_revision_and_bad_ones_change_nothing() {
    let running = start();
    let renamed = default_text().replace("ContainerDays Boston 2016", "Renamed Days");
    assert_eq!(put(&running, None, Some("\"r1\""), &renamed).0, 401);
    assert_eq!(
        put(&running, Some("not-the-token"), Some("\"r1\""), &renamed).0,
        401
    );
    assert_eq!(put(&running, Some(&running.token), None, &renamed).0, 428);
    let (stale, said) = put(&running, Some(&running.token), Some("\"r0\""), &renamed);
    assert_eq!(stale, 412, "{said}");
    assert!(said.contains("fetch it again"), "{said}");
    let broken = "{\"format\": 1,\n  \"rooms\": [,]}";
    let (unreadable, said) = put(&running, Some(&running.token), Some("\"r1\""), broken);
    assert_eq!(unreadable, 422, "{said}");
    assert!(said.contains("line 2"), "{said}");
    // Refused from its length alone, before the body is read.
    let huge = raw(
        &running,
        &format!(
            "PUT /api/programme HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {}\r\nIf-Match: \"r1\"\r\nContent-Length: {}\r\n\r\n",
            running.token,
            marquee_server::BODY_LIMIT + 1
        ),
    );
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert_eq!(
        running.hub.current().unwrap().info.number,
        1,
        "nothing changed"
    );

    let (saved, said) = put(&running, Some(&running.token), Some("\"r1\""), &renamed);
    assert_eq!(saved, 200, "{said}");
    assert!(said.contains("\"revision\":2"), "{said}");
    assert_eq!(
        running.hub.current().unwrap().programme.conference.title,
        "Renamed Days"
    );
}

#[test]
fn every_client_of_the_event_stream_hears_a_new_revision_within_a_second() {
    let running = start();
    let (heard, events) = channel();
    for _ in 0..3 {
        let address = format!("{}/api/events", running.base);
        let heard = heard.clone();
        std::thread::spawn(move || {
            let response = ureq::get(&address).call().unwrap();
            let reader = BufReader::new(response.into_body().into_reader());
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if heard.send(line).is_err() {
                    return;
                }
            }
        });
    }
    // Each hears the current revision and the hub's time on connecting.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut greeted = 0;
    while greeted < 3 {
        let line = events.recv_timeout(deadline - Instant::now()).unwrap();
        greeted += usize::from(line == "id: 1");
    }
    let renamed = default_text().replace("ContainerDays Boston 2016", "Renamed Days");
    let sent = Instant::now();
    assert_eq!(
        put(&running, Some(&running.token), Some("\"r1\""), &renamed).0,
        200
    );
    let mut told = 0;
    while told < 3 {
        let line = events
            .recv_timeout(Duration::from_secs(1))
            .expect("told within a second");
        if line.starts_with("data: ") && line.contains("\"revision\":2") {
            assert!(
                line.contains("\"server_time\":\"2016-06-06T14:42:00+00:00\""),
                "{line}"
            );
            told += 1;
        }
    }
    assert!(sent.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_client_that_comes_back_hears_only_what_it_missed() {
    let running = start();
    let first_line = |last_seen: &str| {
        let response = agent()
            .get(format!("{}/api/events", running.base))
            .header("Last-Event-ID", last_seen)
            .call()
            .unwrap();
        let mut reader = BufReader::new(response.into_body().into_reader());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        line
    };
    assert_eq!(first_line("0"), "event: revision\n");
    let (done, waited) = channel();
    let address = format!("{}/api/events", running.base);
    std::thread::spawn(move || {
        let response = ureq::get(&address)
            .header("Last-Event-ID", "1")
            .call()
            .unwrap();
        let mut reader = BufReader::new(response.into_body().into_reader());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let _ = done.send(line);
    });
    // Up to date: nothing until the heartbeat, fifteen seconds on.
    assert!(waited.recv_timeout(Duration::from_secs(2)).is_err());
}

#[test]
fn feeds_for_other_tools_have_etags_and_read_back() {
    let running = start();
    for (path, kind) in [
        ("/schedule.json", "application/json"),
        ("/schedule.xml", "application/xml"),
        ("/schedule.ics", "text/calendar; charset=utf-8"),
    ] {
        let mut response = agent()
            .get(format!("{}{path}", running.base))
            .call()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], kind);
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        let text = response.body_mut().read_to_string().unwrap();
        let read = marquee_core::import(&text, &Default::default()).unwrap();
        assert_eq!(read.programme.sessions.len(), 19, "{path}");
        let again = agent()
            .get(format!("{}{path}", running.base))
            .header("If-None-Match", &etag)
            .call()
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
}

#[test]
fn the_screen_the_display_and_its_pictures_are_served() {
    let running = start();
    let mut response = agent()
        .get(format!("{}/api/screen?room=Main%20Hall", running.base))
        .call()
        .unwrap();
    let screen: serde_json::Value = response.body_mut().read_json().unwrap();
    assert_eq!(screen["snapshot"]["clock"], "10:42");
    assert_eq!(screen["simulated"], true);
    assert!(screen["next_change"].is_string());

    let page = agent()
        .get(format!("{}/display", running.base))
        .call()
        .unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self'") && !policy.contains("unsafe"),
        "{policy}"
    );

    let link = running
        .hub
        .current()
        .unwrap()
        .programme
        .sessions
        .iter()
        .flat_map(|s| s.web_links())
        .next()
        .unwrap()
        .url
        .clone();
    let encoded: String = link.bytes().map(|b| format!("%{b:02X}")).collect();
    let code = agent()
        .get(format!("{}/media/qr/{encoded}", running.base))
        .call()
        .unwrap();
    assert_eq!(code.status(), 200);
    assert_eq!(code.headers()["content-type"], "image/svg+xml");
    let elsewhere = agent()
        .get(format!(
            "{}/media/qr/https%3A%2F%2Fevil.example%2F",
            running.base
        ))
        .call()
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
}

#[test]
fn the_openapi_document_lists_every_route_and_each_answers() {
    let running = start();
    let mut response = agent()
        .get(format!("{}/api/openapi.json", running.base))
        .call()
        .unwrap();
    let document: serde_json::Value = response.body_mut().read_json().unwrap();
    let paths: Vec<&str> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for path in [
        "/api/programme",
        "/api/events",
        "/api/screen",
        "/api/revisions",
        "/api/revisions/{number}",
        "/schedule.json",
        "/schedule.xml",
        "/schedule.ics",
        "/health",
        "/display",
        "/media/{picture}",
    ] {
        assert!(paths.contains(&path), "{path} is not documented: {paths:?}");
    }
    for path in paths
        .iter()
        .filter(|p| !p.contains('{') && **p != "/api/events")
    {
        let answer = agent()
            .get(format!("{}{path}", running.base))
            .call()
            .unwrap();
        assert_eq!(answer.status(), 200, "{path}");
    }
    assert!(document["paths"]["/api/programme"]["put"]["responses"]["412"].is_object());
}
