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
use marquee_server::Hosting;
use marquee_store::StoredHub;

struct Running {
    base: String,
    token: String,
    hub: Arc<StoredHub>,
    data: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn default_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json"))
        .unwrap()
}

fn start() -> Running {
    let data = tempfile::tempdir().unwrap();
    let hub = Arc::new(StoredHub::open(data.path()).unwrap());
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
        // The tests' schedules are served on loopback.
        reach: marquee_io::Reach::Local,
        secure: false,
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
        marquee_server::Listening::default(),
        std::future::pending(),
    ));
    Running {
        base,
        token: hub.token().secret().to_owned(),
        hub,
        data,
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

fn post_operations(running: &Running, token: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let mut request = agent()
        .post(format!("{}/api/operations", running.base))
        .header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// The ids of the sessions a dry run says would change.
fn previewed(preview: &serde_json::Value) -> Vec<&str> {
    preview["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

/// A session's start as the hub's API gives it, `HH:MM` in the venue's offset.
fn start_of(running: &Running, id: &str) -> String {
    let mut response = agent()
        .get(format!("{}/api/programme", running.base))
        .call()
        .unwrap();
    let programme: serde_json::Value = response.body_mut().read_json().unwrap();
    let sessions = programme["sessions"].as_array().unwrap();
    let session = sessions.iter().find(|s| s["id"] == id).unwrap();
    session["start"].as_str().unwrap()[11..16].to_owned()
}

#[test]
fn operations_need_the_token_merge_when_apart_and_conflict_with_what_changed() {
    let running = start();
    let token = Some(running.token.as_str());
    let swap = r#"{"base": "\"r1\"", "operations": [{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]}"#;
    assert_eq!(post_operations(&running, None, swap).0, 401);
    let (status, body) = post_operations(&running, token, "{\"base\": 1}");
    assert_eq!(status, 400);
    assert!(body["fix"].as_str().unwrap().starts_with("send"), "{body}");

    let (status, preview) = post_operations(
        &running,
        token,
        &swap.replace("]}", "], \"dry_run\": true}"),
    );
    assert_eq!(status, 200);
    let moved = previewed(&preview);
    assert_eq!(
        moved,
        ["dockerdev", "realworld"],
        "only the two swapped change time"
    );
    assert_eq!(
        running.hub.current().unwrap().info.number,
        1,
        "a preview stores nothing"
    );

    let (status, applied) = post_operations(&running, token, swap);
    assert_eq!(status, 200, "{applied}");
    assert_eq!(applied["etag"], "\"r2\"");
    assert_eq!(start_of(&running, "realworld"), "09:30");

    // Someone who still has revision 1: apart merges, the same session conflicts.
    let apart = r#"{"base": "\"r1\"", "operations": [{"op": "edit", "session": "clair", "changes": {"title": "Clair"}}]}"#;
    let (status, merged) = post_operations(&running, token, apart);
    assert_eq!(
        (status, merged["merged_from"].as_u64()),
        (200, Some(1)),
        "{merged}"
    );
    let clash = r#"{"base": "\"r1\"", "operations": [{"op": "cancel", "session": "realworld"}]}"#;
    let (status, conflict) = post_operations(&running, token, clash);
    assert_eq!(status, 409);
    assert_eq!(conflict["conflicts"][0]["id"], "realworld");
    assert!(
        conflict["error"].as_str().unwrap().contains("someone else"),
        "{conflict}"
    );
    let refused = r#"{"base": "\"r3\"", "operations": [{"op": "resize", "session": "clair", "duration_minutes": 0}]}"#;
    let (status, body) = post_operations(&running, token, refused);
    assert_eq!(status, 422);
    assert!(
        body["fix"].as_str().unwrap().contains("positive duration"),
        "{body}"
    );
    assert_eq!(
        running.hub.current().unwrap().info.number,
        3,
        "refusals change nothing"
    );

    // Its inverse undoes the swap.
    let undo = serde_json::json!({"base": "\"r3\"", "operations": applied["inverse"]});
    assert_eq!(post_operations(&running, token, &undo.to_string()).0, 200);
    assert_eq!(start_of(&running, "realworld"), "09:00");
}

#[test]
fn a_published_version_carries_its_changelog() {
    let running = start();
    let token = Some(running.token.as_str());
    let cancel = r#"{"base": "\"r1\"", "operations": [{"op": "cancel", "session": "clair"}]}"#;
    assert_eq!(post_operations(&running, token, cancel).0, 200);
    let publish = |token: Option<&str>, body: &str| {
        let mut request = agent()
            .post(format!("{}/api/releases", running.base))
            .header("Content-Type", "application/json");
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut answer = request.send(body).unwrap();
        let status = answer.status().as_u16();
        (
            status,
            answer
                .body_mut()
                .read_json::<serde_json::Value>()
                .unwrap_or_default(),
        )
    };
    assert_eq!(publish(None, r#"{"name": "v1"}"#).0, 401);
    assert_eq!(publish(token, r#"{"name": ""}"#).0, 422);
    let (status, release) = publish(token, r#"{"name": "Monday noon"}"#);
    assert_eq!(status, 200, "{release}");
    assert_eq!(release["changes"][0]["change"], "cancelled");
    assert_eq!(release["changes"][0]["session"], "clair");
    let mut listed = agent()
        .get(format!("{}/api/releases", running.base))
        .call()
        .unwrap();
    let listed: serde_json::Value = listed.body_mut().read_json().unwrap();
    assert_eq!(listed[0]["name"], "Monday noon");
    assert_eq!(listed[0]["changes"][0]["change"], "cancelled");
}

#[test]
fn problems_name_their_sessions() {
    let running = start();
    let token = Some(running.token.as_str());
    let pin = r#"{"base": "\"r1\"", "operations": [{"op": "pin", "session": "dockerdev", "start": "2016-06-06T09:10:00-04:00"}]}"#;
    assert_eq!(post_operations(&running, token, pin).0, 200);
    let mut response = agent()
        .get(format!("{}/api/problems", running.base))
        .call()
        .unwrap();
    let problems: serde_json::Value = response.body_mut().read_json().unwrap();
    let overlap = problems
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("overlaps"));
    assert_eq!(overlap.unwrap()["session"], "dockerdev", "{problems}");
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
    // One that heard of more revisions than this hub has (it started over
    // on a new store) hears of the current one at once.
    assert_eq!(first_line("99"), "event: revision\n");
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
        "/api/operations",
        "/api/problems",
        "/api/releases",
        "/display",
        "/media/{picture}",
        "/api/chair",
        "/api/chair/{room}",
        "/api/chairs",
        "/api/screens",
        "/api/screens/{name}/commands",
        "/api/stage/{room}",
        "/api/stage/{room}/seen",
        "/roomstatus/v1/listrooms",
    ] {
        assert!(paths.contains(&path), "{path} is not documented: {paths:?}");
    }
    for path in paths
        .iter()
        .filter(|p| !p.contains('{') && **p != "/api/events")
        .filter(|p| document["paths"][**p]["get"].is_object())
    {
        let answer = agent()
            .get(format!("{}{path}", running.base))
            .header("Authorization", format!("Bearer {}", running.token))
            .call()
            .unwrap();
        assert_eq!(answer.status(), 200, "{path}");
    }
    assert!(document["paths"]["/api/programme"]["put"]["responses"]["412"].is_object());
}

fn get_json(running: &Running, path: &str, token: Option<&str>) -> (u16, serde_json::Value) {
    let mut request = agent().get(format!("{}{path}", running.base));
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.call().unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

fn current_etag(running: &Running) -> String {
    format!("\"r{}\"", running.hub.current().unwrap().info.number)
}

/// The batch `operations` on the current revision.
fn batch(running: &Running, operations: &str) -> String {
    format!(
        "{{\"base\": {:?}, \"operations\": {operations}}}",
        current_etag(running)
    )
}

#[test]
fn a_chair_token_says_how_its_own_room_runs_and_nothing_else() {
    // The hub's clock stands at 10:42 venue time: "compliance" (10:30–10:55) is on.
    let running = start();
    let (status, _) = get_json(&running, "/api/chairs", None);
    assert_eq!(status, 401, "chair links are the organiser's to hand out");
    let (status, links) = get_json(&running, "/api/chairs", Some(&running.token));
    assert_eq!(status, 200);
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 2);
    let link = |room: &str| {
        let entry = links.iter().find(|l| l["room"] == room).unwrap();
        assert!(entry["qr_svg"].as_str().unwrap().starts_with("<svg"));
        let link = entry["link"].as_str().unwrap().to_owned();
        assert!(link.contains(&format!("/chair/{room}#token=")), "{link}");
        link.rsplit_once("#token=").unwrap().1.to_owned()
    };
    let (hall, workshop) = (link("main-hall"), link("workshop-room"));
    let (_, again) = get_json(&running, "/api/chairs", Some(&running.token));
    assert_eq!(
        again,
        serde_json::Value::Array(links.clone()),
        "the links stay the same"
    );

    let late = r#"[{"op": "late", "room": "main-hall", "minutes": 10}]"#;
    let before = running.hub.current().unwrap().info.number;
    for (token, operations, expected) in [
        (None, late, 401),
        (Some("not-a-token"), late, 401),
        (Some(workshop.as_str()), late, 403),
        (
            Some(hall.as_str()),
            r#"[{"op": "resize", "session": "compliance", "duration_minutes": 40}]"#,
            403,
        ),
        (
            Some(hall.as_str()),
            r#"[{"op": "apply-delay", "room": "main-hall"}]"#,
            403,
        ),
        (
            Some(hall.as_str()),
            r#"[{"op": "cancel", "session": "unik"}]"#,
            403,
        ),
    ] {
        let (status, body) = post_operations(&running, token, &batch(&running, operations));
        assert_eq!(status, expected, "{token:?} {operations}: {body}");
        assert!(!body["fix"].as_str().unwrap().is_empty(), "{body}");
    }
    assert_eq!(
        running.hub.current().unwrap().info.number,
        before,
        "nothing changed"
    );

    // A preview first, as the chair's view shows it before confirming.
    let dry = format!(
        "{{\"base\": {:?}, \"operations\": {late}, \"dry_run\": true}}",
        current_etag(&running)
    );
    let (status, preview) = post_operations(&running, Some(&hall), &dry);
    assert_eq!(status, 200, "{preview}");
    let moved = previewed(&preview);
    assert!(
        moved.contains(&"layerx") && !moved.contains(&"servicefabric"),
        "{moved:?}"
    );
    assert_eq!(running.hub.current().unwrap().info.number, before);

    let (status, applied) = post_operations(&running, Some(&hall), &batch(&running, late));
    assert_eq!(status, 200, "{applied}");
    let history = running.hub.history(1).unwrap();
    assert_eq!(history[0].author, "chair of main-hall");
    assert_eq!(history[0].summary, "Main Hall running 10 min late");

    let (status, _) = get_json(&running, "/api/chair/attic", None);
    assert_eq!(status, 404, "no such room");
    let (_, view) = get_json(&running, "/api/chair/main-hall", None);
    assert_eq!(view["late_minutes"], 10);
    assert_eq!(view["now"]["session"]["id"], "compliance");
    assert_eq!(view["now"]["session"]["time"], "10:30–11:05");
    assert_eq!(view["now"]["planned_time"], "10:30–10:55");
    assert_eq!(view["next"]["starts"], "running 10 min late: about 11:10");
    assert!(
        !view["next"]["speakers"][0]["bio"]
            .as_str()
            .unwrap()
            .is_empty(),
        "the next speaker's bio, to read out"
    );
    let (_, screen) = get_json(&running, "/api/screen?room=main-hall", None);
    assert!(
        screen.to_string().contains("running 10 min late"),
        "{screen}"
    );

    // Attendees' apps get the times as the room runs.
    let mut feed = agent()
        .get(format!("{}/schedule.json", running.base))
        .call()
        .unwrap();
    let feed = feed.body_mut().read_to_string().unwrap();
    assert!(
        feed.contains("\"start\":\"11:10\"") || feed.contains("T11:10:00"),
        "layerx at 11:10"
    );

    // An accidental tap is undone at once with the inverse.
    let undo = serde_json::to_string(&applied["inverse"]).unwrap();
    let (status, _) = post_operations(&running, Some(&hall), &batch(&running, &undo));
    assert_eq!(status, 200);
    assert!(running.hub.current().unwrap().programme.delays.is_empty());
    // The organiser's token does it everywhere.
    let (status, _) = post_operations(
        &running,
        Some(&running.token),
        &batch(
            &running,
            r#"[{"op": "late", "room": "workshop-room", "minutes": 5}]"#,
        ),
    );
    assert_eq!(status, 200);
}

#[test]
fn a_delay_outlives_a_restart_and_a_new_import_from_the_source() {
    let data = tempfile::tempdir().unwrap();
    let programme = marquee_core::format::parse(&default_text())
        .unwrap()
        .programme;
    let at = "2016-06-06T14:42:00Z".parse().unwrap();
    {
        let hub = StoredHub::open(data.path()).unwrap();
        hub.take_from_source(programme.clone(), "source", at)
            .unwrap();
        let late = marquee_core::edit::Operation::Late {
            room: "main-hall".into(),
            minutes: 10,
            session: None,
            started_minutes: None,
        };
        let token = hub.token().secret().to_owned();
        hub.operate(
            Some(&token),
            Some(marquee_hub::RevisionNumber(1)),
            &[late],
            at,
        )
        .unwrap();
    }
    let hub = StoredHub::open(data.path()).unwrap();
    let delays = hub.current().unwrap().programme.delays.clone();
    assert_eq!(delays.len(), 1, "the delay is in the store");
    let mut changed = programme;
    std::sync::Arc::make_mut(&mut changed.sessions[0]).title = "Changed at the source".to_owned();
    hub.take_from_source(changed, "source", at).unwrap();
    let current = hub.current().unwrap();
    assert_eq!(current.programme.sessions[0].title, "Changed at the source");
    assert_eq!(
        current.programme.delays, delays,
        "the delay stays with its session"
    );
}

/// Screen `name` enrolled as a kiosk does it: a code from the organiser,
/// traded for the screen's own token.
fn enrolled(running: &Running, name: &str) -> String {
    let mut code = agent()
        .post(format!("{}/api/screens/enrolments", running.base))
        .header("Authorization", format!("Bearer {}", running.token))
        .send_empty()
        .unwrap();
    assert_eq!(code.status(), 201);
    let code: serde_json::Value = code.body_mut().read_json().unwrap();
    assert!(
        code["command"]
            .as_str()
            .unwrap()
            .ends_with(&format!("--enrol {}", code["code"].as_str().unwrap())),
        "{code}"
    );
    let mut enrolled = agent()
        .post(format!("{}/api/screens/enrol", running.base))
        .send_json(serde_json::json!({"code": code["code"], "name": name}))
        .unwrap();
    assert_eq!(enrolled.status(), 201);
    let token: serde_json::Value = enrolled.body_mut().read_json().unwrap();
    token["token"].as_str().unwrap().to_owned()
}

fn post_report(running: &Running, screen: &str, body: &str) -> (u16, serde_json::Value) {
    let mut response = agent()
        .post(format!("{}/api/screens", running.base))
        .header("Content-Type", "application/json")
        .header("Authorization", format!("Bearer {screen}"))
        .send(body)
        .unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

fn report_of(name: &str, revision: &str) -> String {
    serde_json::json!({
        "name": name, "rooms": ["main-hall"], "version": "0.1.0", "revision": revision,
        "scene": "now", "uptime_seconds": 42, "every_seconds": 30, "offline": false,
        "photos_queued": 0, "photos_failed": 1
    })
    .to_string()
}

#[test]
fn screens_report_and_the_organiser_sees_them_and_asks_one_to_identify_itself() {
    let running = start();
    let (foyer, stairs) = (enrolled(&running, "foyer"), enrolled(&running, "stairs"));
    let (status, answer) = post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    assert_eq!((status, answer), (200, serde_json::json!({"commands": []})));
    post_report(&running, &stairs, &report_of("stairs", "\"r0\""));

    let (status, _) = get_json(&running, "/api/screens", None);
    assert_eq!(status, 401, "the screens are the organiser's to see");
    let (_, screens) = get_json(&running, "/api/screens", Some(&running.token));
    let screens = screens.as_array().unwrap();
    assert_eq!(screens.len(), 2);
    assert_eq!(screens[0]["report"]["name"], "foyer");
    assert_eq!(screens[0]["online"], true, "the hub's clock stands still");
    assert_eq!(screens[0]["current"], true);
    assert_eq!(screens[1]["current"], false, "stairs shows an old revision");

    let order = |name: &str, token: Option<&str>| {
        let mut request = agent()
            .post(format!("{}/api/screens/{name}/commands", running.base))
            .header("Content-Type", "application/json");
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        request
            .send(r#"{"command": "identify"}"#)
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(order("foyer", None), 401);
    assert_eq!(order("nowhere", Some(&running.token)), 404);
    assert_eq!(order("foyer", Some(&running.token)), 202);
    let (_, answer) = post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    assert_eq!(answer, serde_json::json!({"commands": ["identify"]}));
    let (_, answer) = post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    assert_eq!(
        answer,
        serde_json::json!({"commands": []}),
        "asked once, done once"
    );

    let (status, body) = post_report(&running, &foyer, "{\"name\": \"x\"}");
    assert_eq!(status, 400, "{body}");
    let (status, _) = post_report(&running, &foyer, &report_of("", "\"r1\""));
    assert_eq!(status, 422);
    let (status, _) = post_report(&running, &foyer, &"x".repeat(20_000));
    assert_eq!(status, 413);
}

#[test]
fn a_forged_report_or_screenshot_is_refused_and_changes_nothing() {
    let running = start();
    let foyer = enrolled(&running, "foyer");
    post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    let order = agent()
        .post(format!("{}/api/screens/foyer/commands", running.base))
        .header("Authorization", format!("Bearer {}", running.token))
        .send_json(serde_json::json!({"command": "screenshot"}))
        .unwrap();
    assert_eq!(order.status(), 202);
    let emergency = serde_json::json!({
        "name": "foyer", "rooms": [], "version": "0.1.0", "revision": "\"r1\"",
        "scene": "emergency", "uptime_seconds": 1, "every_seconds": 30, "offline": false,
        "photos_queued": 0, "photos_failed": 0
    })
    .to_string();
    // No token, a made-up one, the organiser's and a chair's are no screen's;
    // whatever the body, the answer is 401 and nothing changes.
    let chair = running.hub.chair_tokens(Some(&running.token)).unwrap()[0]
        .1
        .clone();
    for forged in ["", "0000", running.token.as_str(), chair.as_str()] {
        for body in [emergency.as_str(), "not json", &"x".repeat(20_000)] {
            let (status, answer) = post_report(&running, forged, body);
            assert_eq!(status, 401, "{forged:?}: {answer}");
            assert!(
                answer["error"].is_string() && answer["fix"].is_string(),
                "{answer}"
            );
        }
        let shot = agent()
            .post(format!("{}/api/screens/foyer/screenshot", running.base))
            .header("Authorization", format!("Bearer {forged}"))
            .header("Content-Type", "image/png")
            .send(&b"\x89PNG\r\n\x1a\nforged"[..])
            .unwrap();
        assert_eq!(shot.status(), 401);
    }
    // Another enrolled screen cannot speak as the foyer's.
    let stairs = enrolled(&running, "stairs");
    let (status, _) = post_report(&running, &stairs, &emergency);
    assert_eq!(status, 403);
    let (_, screens) = get_json(&running, "/api/screens", Some(&running.token));
    let foyer_seen = screens
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["report"]["name"] == "foyer")
        .unwrap();
    assert_eq!(foyer_seen["report"]["scene"], "now", "{screens}");
    assert!(foyer_seen["screenshot_at"].is_null());
    // The order waits for the foyer itself.
    let (_, answer) = post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    assert_eq!(answer["commands"], serde_json::json!(["screenshot"]));
    // A report that is not JSON is refused.
    let plain = agent()
        .post(format!("{}/api/screens", running.base))
        .header("Authorization", format!("Bearer {foyer}"))
        .header("Content-Type", "text/plain")
        .send(report_of("foyer", "\"r1\""))
        .unwrap();
    assert_eq!(plain.status(), 415);
    // Removed, the foyer's token stops working at once.
    let removed = agent()
        .delete(format!("{}/api/screens/foyer", running.base))
        .header("Authorization", format!("Bearer {}", running.token))
        .call()
        .unwrap();
    assert_eq!(removed.status(), 204);
    let (status, _) = post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    assert_eq!(status, 401);
    // A code is used once.
    let used = agent()
        .post(format!("{}/api/screens/enrol", running.base))
        .send_json(serde_json::json!({"code": "ABCD-EFGH", "name": "intruder"}))
        .unwrap();
    assert_eq!(used.status(), 401);
}

#[test]
fn announcements_and_the_emergency_message_reach_the_screen_and_only_the_organiser_posts_them() {
    let running = start();
    let lunch = r#"[{"op": "put-announcement", "announcement": {"id": "lunch",
        "title": "Lunch is in the atrium", "link": "https://example.org/map"}}]"#;
    let (status, _) = post_operations(&running, None, &batch(&running, lunch));
    assert_eq!(status, 401);
    let (status, answer) = post_operations(&running, Some(&running.token), &batch(&running, lunch));
    assert_eq!(status, 200, "{answer}");
    // The preview of one scene: the first instant from `at` that shows it.
    let (_, screen) = get_json(
        &running,
        "/api/screen?at=2016-06-06T10:00:00-04:00&show=announcement:lunch",
        None,
    );
    let scene = &screen["snapshot"]["scene"];
    assert_eq!(scene["kind"], "announcement", "{screen}");
    assert_eq!(scene["title"], "Lunch is in the atrium");
    let at = screen["snapshot"]["at"].as_str().unwrap();
    assert!(at >= "2016-06-06T10:00:00-04:00", "{at}");
    let qr = agent()
        .get(format!(
            "{}/media/qr/https%3A%2F%2Fexample.org%2Fmap",
            running.base
        ))
        .call()
        .unwrap();
    assert_eq!(qr.status(), 200);

    let post = r#"[{"op": "emergency", "title": "Please leave the building", "text": "by the nearest exit"}]"#;
    let chair = running.hub.chair_tokens(Some(&running.token)).unwrap()[0]
        .1
        .clone();
    let (status, _) = post_operations(&running, Some(&chair), &batch(&running, post));
    assert_eq!(status, 403, "a chair cannot post the emergency message");
    let (status, _) = post_operations(&running, Some(&running.token), &batch(&running, post));
    assert_eq!(status, 200);
    for room in ["", "?room=main-hall"] {
        let (_, screen) = get_json(&running, &format!("/api/screen{room}"), None);
        assert_eq!(screen["snapshot"]["scene"]["kind"], "emergency", "{screen}");
        assert_eq!(screen["snapshot"]["scene"]["since"], "since 10:42");
    }
    let clear = r#"[{"op": "clear-emergency"}]"#;
    let (status, _) = post_operations(&running, Some(&running.token), &batch(&running, clear));
    assert_eq!(status, 200);
    let (_, screen) = get_json(&running, "/api/screen", None);
    assert_ne!(screen["snapshot"]["scene"]["kind"], "emergency");
}

#[test]
fn a_screen_asked_for_a_screenshot_sends_a_png_that_only_the_organiser_sees() {
    let running = start();
    let foyer = enrolled(&running, "foyer");
    let send = |name: &str, body: &[u8]| {
        agent()
            .post(format!("{}/api/screens/{name}/screenshot", running.base))
            .header("Content-Type", "image/png")
            .header("Authorization", format!("Bearer {foyer}"))
            .send(body)
            .unwrap()
            .status()
            .as_u16()
    };
    let png = b"\x89PNG\r\n\x1a\nthe rest of a picture".to_vec();
    assert_eq!(send("stairs", &png), 403, "only as itself");
    post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    let order = format!("{}/api/screens/foyer/commands", running.base);
    let asked = agent()
        .post(&order)
        .header("Authorization", format!("Bearer {}", running.token))
        .send_json(serde_json::json!({"command": "screenshot"}))
        .unwrap();
    assert_eq!(asked.status(), 202);
    let (_, answer) = post_report(&running, &foyer, &report_of("foyer", "\"r1\""));
    assert_eq!(answer["commands"], serde_json::json!(["screenshot"]));
    assert_eq!(send("foyer", b"GIF89a, not a PNG"), 415);
    assert_eq!(send("foyer", &vec![0x89; 5 * 1024 * 1024]), 413);
    assert_eq!(send("foyer", &png), 204);

    let path = "/api/screens/foyer/screenshot";
    assert_eq!(get_json(&running, path, None).0, 401);
    let mut shot = agent()
        .get(format!("{}{path}", running.base))
        .header("Authorization", format!("Bearer {}", running.token))
        .call()
        .unwrap();
    assert_eq!(shot.status(), 200);
    assert_eq!(shot.headers()["content-type"], "image/png");
    assert_eq!(shot.body_mut().read_to_vec().unwrap(), png);
    let (_, screens) = get_json(&running, "/api/screens", Some(&running.token));
    assert!(screens[0]["screenshot_at"].is_string(), "{screens}");
}

fn import_from(running: &Running, token: Option<&str>, address: &str) -> (u16, String) {
    let mut request = agent()
        .post(format!("{}/api/import", running.base))
        .header("If-Match", "\"r1\"");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request
        .send_json(serde_json::json!({ "address": address }))
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

#[test]
fn the_organiser_imports_a_pretalx_export_from_its_address() {
    use marquee_tests::http::{Answer, Server};
    let running = start();
    let export = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/schedules/c3voc-json/pretalx-democon.schedule.json"),
    )
    .unwrap();
    let pretalx = Server::start(Answer::Respond(200, export));
    let address = pretalx.url("/democon/schedule/export/schedule.json");

    // Only the organiser makes the hub fetch anything.
    assert_eq!(import_from(&running, None, &address).0, 401);
    assert_eq!(import_from(&running, Some("guess"), &address).0, 401);
    let (status, body) = import_from(&running, Some(&running.token), "file:///etc/passwd");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("https://"), "{body}");
    let unreachable = format!(
        "http://127.0.0.1:{}/schedule.json",
        marquee_tests::desktop::free_port()
    );
    let (status, body) = import_from(&running, Some(&running.token), &unreachable);
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("\"fix\""), "{body}");
    assert_eq!(
        running.hub.current().unwrap().info.number,
        1,
        "nothing changed"
    );

    let (status, body) = import_from(&running, Some(&running.token), &address);
    assert_eq!(status, 200, "{body}");
    let current = running.hub.current().unwrap();
    assert_eq!(current.info.number, 2);
    assert_eq!(current.programme.conference.title, "DemoCon");
    assert!(current.programme.sessions.len() > 10);

    // Not a schedule: refused with the importer's reason, nothing changed.
    pretalx.answer(Answer::Respond(200, b"<html>Not found</html>".to_vec()));
    let status = agent()
        .post(format!("{}/api/import", running.base))
        .header("If-Match", "\"r2\"")
        .header("Authorization", format!("Bearer {}", running.token))
        .send_json(serde_json::json!({ "address": address }))
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(status, 422);
    assert_eq!(running.hub.current().unwrap().info.number, 2);
}

fn upload(running: &Running, token: Option<&str>, bytes: Vec<u8>) -> (u16, serde_json::Value) {
    let mut request = agent()
        .post(format!("{}/api/photos", running.base))
        .header("Content-Type", "image/png");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.send(&bytes[..]).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_json().unwrap_or_default())
}

#[test]
fn a_photo_uploaded_is_kept_by_its_bytes_and_shown_once_a_speaker_names_it() {
    let running = start();
    let mut png = Vec::new();
    image::RgbImage::from_pixel(120, 160, image::Rgb([200, 40, 90]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();

    assert_eq!(upload(&running, None, png.clone()).0, 401);
    let (status, refused) = upload(&running, Some(&running.token), b"<html>".to_vec());
    assert_eq!(status, 422);
    assert!(!refused["fix"].as_str().unwrap().is_empty(), "{refused}");
    let too_large = vec![0; marquee_server::photos::MOST_PHOTO_BYTES + 1];
    assert_eq!(upload(&running, Some(&running.token), too_large).0, 413);

    let (status, kept) = upload(&running, Some(&running.token), png.clone());
    assert_eq!(status, 201, "{kept}");
    let path = kept["path"].as_str().unwrap().to_owned();
    assert!(
        path.starts_with("data/photos/") && path.ends_with(".png"),
        "{path}"
    );
    let file = running.data.path().join(path.trim_start_matches("data/"));
    assert_eq!(std::fs::read(&file).unwrap(), png, "kept as sent");
    assert_eq!(
        upload(&running, Some(&running.token), png).1["path"],
        path.as_str()
    );

    let speaker = running.hub.current().unwrap().programme.speakers[0].clone();
    let mut named = serde_json::to_value(&speaker).unwrap();
    named["photo"] = path.into();
    let batch = serde_json::json!({"base": "\"r1\"", "operations": [{"op": "put-speaker", "speaker": named}]});
    let (status, answer) = post_operations(&running, Some(&running.token), &batch.to_string());
    assert_eq!(status, 200, "{answer}");
    // The placeholder stands in while the photo is made, off the screen's path.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let portrait = agent()
            .get(format!("{}/media/portrait/{}", running.base, speaker.id))
            .call()
            .unwrap();
        assert_eq!(portrait.status(), 200);
        if portrait.headers()["content-type"] == "image/jpeg" {
            break;
        }
        assert!(Instant::now() < deadline, "the photo is never shown");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_screen_of_any_scene_kind_is_found_without_a_token() {
    let running = start();
    for (kind, at) in [
        ("now", "2016-06-06T10:42:00-04:00"),
        ("session", "2016-06-06T10:42:00-04:00"),
        ("up_next", "2016-06-06T10:42:00-04:00"),
        ("later_today", "2016-06-06T10:42:00-04:00"),
        ("situation", "2016-06-06T08:00:00-04:00"),
    ] {
        let (status, screen) = get_json(
            &running,
            &format!("/api/screen?at={}&show={kind}", at.replace('+', "%2B")),
            None,
        );
        assert_eq!(status, 200, "{kind}: {screen}");
        assert_eq!(screen["snapshot"]["scene"]["kind"], kind, "{screen}");
    }
}

/// The chair token of `room`, as the organiser hands it out.
fn chair_token(running: &Running, room: &str) -> String {
    running
        .hub
        .chair_tokens(Some(&running.token))
        .unwrap()
        .into_iter()
        .find(|(id, _)| id.as_str() == room)
        .unwrap()
        .1
}

fn post_seen(running: &Running, room: &str, content_type: &str, body: &str) -> (u16, String) {
    let mut response = agent()
        .post(format!("{}/api/stage/{room}/seen", running.base))
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

#[test]
fn a_chair_talks_to_its_stage_and_sees_the_monitor_acknowledge_it() {
    // 10:42 venue time: "compliance" (10:30–10:55) is on in the main hall.
    let running = start();
    let (hall, workshop) = (
        chair_token(&running, "main-hall"),
        chair_token(&running, "workshop-room"),
    );
    let message =
        r#"[{"op": "stage-message", "room": "main-hall", "text": "5 minutes", "flash": true}]"#;
    for (token, expected) in [(None, 401), (Some(workshop.as_str()), 403)] {
        let (status, body) = post_operations(&running, token, &batch(&running, message));
        assert_eq!(status, expected, "{body}");
    }
    let (status, body) = post_operations(&running, Some(&hall), &batch(&running, message));
    assert_eq!(status, 200, "{body}");
    let (status, stage) = get_json(&running, "/api/stage/main-hall", None);
    assert_eq!(status, 200);
    assert_eq!(stage["ends"], "2016-06-06T10:55:00-04:00");
    assert_eq!(stage["phase"], "talk");
    assert_eq!(stage["now"]["id"], "compliance");
    assert_eq!(stage["next"]["id"], "layerx");
    assert_eq!(stage["message"]["text"], "5 minutes");
    assert_eq!(stage["message"]["flash"], true);
    let since = stage["message"]["since"].as_str().unwrap().to_owned();

    let (_, chair) = get_json(&running, "/api/chair/main-hall", Some(&hall));
    assert_eq!(chair["stage"]["message"]["text"], "5 minutes");
    assert_eq!(chair["monitor"]["online"], false, "no monitor yet");
    assert!(chair["monitor"]["seen_at"].is_null());

    // The chair's page hears at once that the monitor shows it.
    let (heard, events) = channel();
    let address = format!("{}/api/events", running.base);
    std::thread::spawn(move || {
        let response = ureq::get(&address).call().unwrap();
        for line in BufReader::new(response.into_body().into_reader()).lines() {
            let Ok(line) = line else { return };
            if heard.send(line).is_err() {
                return;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(5);
    while events.recv_timeout(deadline - Instant::now()).unwrap() != "event: time" {}
    let (status, body) = post_seen(
        &running,
        "main-hall",
        "application/json",
        &format!("{{\"message\": {since:?}}}"),
    );
    assert_eq!(status, 204, "{body}");
    loop {
        let line = events
            .recv_timeout(Duration::from_secs(1))
            .expect("told within a second");
        if line.starts_with("data: ") && line.contains("\"room\":\"main-hall\"") {
            break;
        }
    }
    let (_, chair) = get_json(&running, "/api/chair/main-hall", Some(&hall));
    assert_eq!(chair["monitor"]["online"], true);
    assert_eq!(chair["monitor"]["seen_at"], "2016-06-06T14:42:00+00:00");

    // An acknowledgement of a message the stage no longer shows is refused.
    let clear = r#"[{"op": "clear-stage-message", "room": "main-hall"}]"#;
    assert_eq!(
        post_operations(&running, Some(&hall), &batch(&running, clear)).0,
        200
    );
    let (status, body) = post_seen(
        &running,
        "main-hall",
        "application/json",
        &format!("{{\"message\": {since:?}}}"),
    );
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("\"fix\""), "{body}");

    // Nothing of it reaches the hallway screens or the feeds.
    assert_eq!(
        post_operations(&running, Some(&hall), &batch(&running, message)).0,
        200
    );
    let (_, screen) = get_json(&running, "/api/screen?room=main-hall", None);
    assert!(!screen.to_string().contains("5 minutes"), "{screen}");
    for feed in ["/schedule.json", "/schedule.xml", "/schedule.ics"] {
        let text = agent()
            .get(format!("{}{feed}", running.base))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        assert!(!text.contains("5 minutes"), "{feed}");
    }
}

#[test]
fn a_stage_monitor_may_say_only_what_a_monitor_says() {
    let running = start();
    for (room, content_type, body, expected) in [
        ("main-hall", "text/plain", "{}", 415),
        ("main-hall", "application/json", "{", 400),
        (
            "main-hall",
            "application/json",
            r#"{"message": "noon"}"#,
            422,
        ),
        (
            "main-hall",
            "application/json",
            r#"{"room": "workshop-room"}"#,
            422,
        ),
        (
            "main-hall",
            "application/json",
            &format!("{{\"message\": null, \"pad\": {:?}}}", "x".repeat(8 * 1024)),
            413,
        ),
        ("attic", "application/json", "{}", 404),
        (
            "main-hall",
            "application/json",
            r#"{"message": "2016-06-06T10:40:00-04:00"}"#,
            409,
        ),
    ] {
        let (status, answer) = post_seen(&running, room, content_type, body);
        assert_eq!(
            status, expected,
            "{room} {content_type} {body:.60}: {answer}"
        );
        let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert!(
            answer["error"].is_string() && answer["fix"].is_string(),
            "{answer}"
        );
    }
    let (_, chair) = get_json(&running, "/api/chair/main-hall", None);
    assert_eq!(
        chair["monitor"]["online"], false,
        "nothing refused was heard"
    );
}

#[test]
fn a_full_room_is_on_the_screens_and_in_fosdems_room_status() {
    let running = start();
    let hall = chair_token(&running, "main-hall");
    let (status, rooms) = get_json(&running, "/roomstatus/v1/listrooms", None);
    assert_eq!(status, 200);
    assert_eq!(
        rooms,
        serde_json::json!([
            {"roomname": "Main Hall", "state": "0"},
            {"roomname": "Workshop Room", "state": "0"},
        ])
    );
    let full = r#"[{"op": "room-state", "room": "main-hall", "state": "full"}]"#;
    assert_eq!(
        post_operations(&running, Some(&hall), &batch(&running, full)).0,
        200
    );
    let (_, rooms) = get_json(&running, "/roomstatus/v1/listrooms", None);
    // As FOSDEM's apps read it: a list of objects with string states.
    let states: Vec<(String, String)> = rooms
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["roomname"].as_str().unwrap().to_owned(),
                r["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("Main Hall".to_owned(), "1".to_owned()),
            ("Workshop Room".to_owned(), "0".to_owned())
        ]
    );
    let (_, screen) = get_json(&running, "/api/screen?room=main-hall&show=now", None);
    assert_eq!(
        screen["snapshot"]["scene"]["rows"][0]["state"]["state"], "full",
        "{screen}"
    );
    let emergency = r#"[{"op": "emergency", "title": "Please leave the building"}]"#;
    assert_eq!(
        post_operations(&running, Some(&running.token), &batch(&running, emergency)).0,
        200
    );
    let (_, rooms) = get_json(&running, "/roomstatus/v1/listrooms", None);
    assert!(
        rooms.as_array().unwrap().iter().all(|r| r["state"] == "2"),
        "{rooms}"
    );
}

#[test]
fn an_instant_at_the_ends_of_time_is_refused_not_a_crash() {
    let running = start();
    for path in [
        "/api/stage/main-hall",
        "/api/chair/main-hall",
        "/api/screen",
    ] {
        for at in [
            "-262143-01-01T00:00:00Z",
            "%2B262142-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
        ] {
            let (status, body) = get_json(&running, &format!("{path}?at={at}"), None);
            assert_eq!(status, 400, "{path}?at={at}: {body}");
            assert!(body["fix"].is_string(), "{body}");
        }
        let (status, _) = get_json(
            &running,
            &format!("{path}?at=2016-06-06T10:42:00-04:00"),
            None,
        );
        assert_eq!(status, 200, "{path}");
    }
}
