//! How fast a new revision reaches many screens: opens STREAMS event streams
//! (default 10,000) to the hub at MARQUEE_HUB, puts a new programme with
//! MARQUEE_TOKEN, and prints how long each stream took to hear of it (p50,
//! p99, max) and the hub's memory (VmRSS of MARQUEE_HUB_PID) with the
//! streams open. Run by `tests/perf/hub.sh` against a release `marquee serve`.

use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run tests/perf/hub.sh"))
}

fn rss_mb(pid: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let hub = env("MARQUEE_HUB");
    let host = hub.trim_start_matches("http://").to_owned();
    let streams: usize = std::env::var("STREAMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    // Each stream says it has the current revision, so that the first one
    // it hears of is the new one.
    let mut health = ureq::get(format!("{hub}/health")).call().unwrap();
    let health: serde_json::Value = health.body_mut().read_json().unwrap();
    let current = health["revision"].as_u64().unwrap();
    let (ready, mut readies) = tokio::sync::mpsc::channel(streams);
    let (heard, mut hearings) = tokio::sync::mpsc::channel(streams);
    for _ in 0..streams {
        let (host, ready, heard) = (host.clone(), ready.clone(), heard.clone());
        tokio::spawn(async move {
            let mut stream = TcpStream::connect(&host).await.expect("a connection");
            let request = format!(
                "GET /api/events HTTP/1.1\r\nHost: {host}\r\nLast-Event-ID: {current}\r\n\r\n"
            );
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut lines = BufReader::new(stream).lines();
            let _ = lines.next_line().await;
            let _ = ready.send(()).await;
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "event: revision" {
                    let _ = heard.send(Instant::now()).await;
                    return;
                }
            }
        });
    }
    for _ in 0..streams {
        readies.recv().await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let memory = rss_mb(&env("MARQUEE_HUB_PID"));

    let body = std::fs::read_to_string(env("MARQUEE_BODY")).unwrap();
    let client = tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let current = agent.get(format!("{hub}/api/programme")).call().unwrap();
        let etag = current.headers()["etag"].to_str().unwrap().to_owned();
        let sent = Instant::now();
        let answer = agent
            .put(format!("{hub}/api/programme"))
            .header("Authorization", format!("Bearer {}", env("MARQUEE_TOKEN")))
            .header("If-Match", &etag)
            .send(&body)
            .unwrap();
        assert_eq!(answer.status(), 200);
        (sent, sent.elapsed())
    });
    let (sent, acknowledged) = client.await.unwrap();
    let mut delays = Vec::with_capacity(streams);
    for _ in 0..streams {
        let at = tokio::time::timeout(Duration::from_secs(30), hearings.recv())
            .await
            .unwrap()
            .unwrap();
        delays.push(at.saturating_duration_since(sent));
    }
    delays.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("PUT acknowledged in {:.1} ms", ms(acknowledged));
    println!(
        "{streams} streams told of the new revision: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms after the PUT was sent",
        ms(delays[streams / 2]),
        ms(delays[streams * 99 / 100]),
        ms(delays[streams - 1])
    );
    println!("hub memory with {streams} streams open: {memory:.1} MB");
}
