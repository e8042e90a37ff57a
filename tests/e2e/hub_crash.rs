//! Nothing acknowledged is ever lost: a client writes 1,000 revisions while
//! the hub is killed with SIGKILL at random moments and started again.
//! Afterwards every acknowledged revision is there, whole, with the
//! programme it was acknowledged for, and SQLite finds the file sound.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use marquee_tests::chaos::{Killer, agent, current_etag};
use marquee_tests::hub::HubProcess;
use marquee_tests::{marquee_binary, root};

#[test]
#[ignore = "end-to-end: kills and restarts a real hub (make test-e2e)"]
fn every_acknowledged_revision_survives_random_kills() {
    let text = std::fs::read_to_string(root().join("data/programme.json")).unwrap();
    let programme = root().join("data/programme.json");
    let hub = Arc::new(Mutex::new(HubProcess::start(
        &marquee_binary(),
        Some(&programme),
        &[],
    )));
    let base = hub.lock().unwrap().url("");
    let token = hub.lock().unwrap().token();

    // Kills the hub at random moments, then starts it again on its data.
    let killer = Killer::start(hub.clone(), 0x5eed, false);

    let agent = agent();
    let mut acknowledged: Vec<(u64, String)> = Vec::new();
    let started = Instant::now();
    let mut write = 0;
    while acknowledged.len() < 1000 {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "too slow: {} acknowledged",
            acknowledged.len()
        );
        write += 1;
        let title = format!("Revision {write}");
        let Some(etag) = current_etag(&agent, &base) else {
            continue;
        };
        let body = text.replace("ContainerDays Boston 2016", &title);
        let answer = agent
            .put(format!("{base}/api/programme"))
            .header("Authorization", format!("Bearer {token}"))
            .header("If-Match", &etag)
            .send(&body);
        if let Ok(mut answer) = answer
            && answer.status() == 200
        {
            let saved: serde_json::Value = answer.body_mut().read_json().unwrap();
            acknowledged.push((saved["revision"].as_u64().unwrap(), title));
        }
    }
    let kills = killer.stop();
    assert!(kills >= 5, "only {kills} kills");

    let mut hub = hub.lock().unwrap();
    hub.kill();
    hub.restart(false);
    for (number, title) in &acknowledged {
        let mut saved = agent
            .get(hub.url(&format!("/api/revisions/{number}")))
            .call()
            .unwrap();
        assert_eq!(
            saved.status(),
            200,
            "revision {number} was acknowledged and is gone"
        );
        let json = saved.body_mut().read_to_string().unwrap();
        let read = marquee_core::format::parse(&json)
            .unwrap_or_else(|e| panic!("revision {number} is torn: {e}"));
        assert_eq!(&read.programme.conference.title, title, "revision {number}");
    }
    let history: serde_json::Value = agent
        .get(hub.url("/api/revisions"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let numbers: Vec<u64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert!(
        numbers.windows(2).all(|pair| pair[0] == pair[1] + 1),
        "revisions are numbered without gaps"
    );
    hub.kill();
    let store = marquee_store::SqliteStore::open(&hub.data.path().join("hub.sqlite")).unwrap();
    assert!(store.integrity_check().unwrap());
    eprintln!(
        "{} acknowledged writes through {kills} kills",
        acknowledged.len()
    );
}
