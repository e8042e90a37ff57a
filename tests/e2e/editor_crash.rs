//! Nothing an organiser's edit acknowledged is lost, and none is half
//! applied: 1,000 batches of operations are sent to a hub that writes its
//! programme file back (`marquee serve FILE --write-back`, as the desktop
//! editor does), while the hub is killed with SIGKILL at random moments and
//! started again. Afterwards every acknowledged revision is the revision
//! before it with exactly its batch applied, the file was a whole programme
//! whenever it was read, and it ends as the newest revision.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use marquee_core::edit::{self, Operation};
use marquee_core::format::parse;
use marquee_tests::chaos::{Killer, Lcg, agent, current_etag};
use marquee_tests::hub::HubProcess;
use marquee_tests::{marquee_binary, root};
use serde_json::json;

const MAIN_HALL: [&str; 15] = [
    "realworld",
    "dockerdev",
    "secrets",
    "compliance",
    "layerx",
    "schedulers",
    "overlay",
    "lunch",
    "servicefabric",
    "barkly",
    "stateful",
    "yelp",
    "clair",
    "autopilot",
    "itstack",
];

/// Batch `n`: mostly a new title, every fifth a move in the main hall.
fn batch(n: u64, random: &mut Lcg) -> serde_json::Value {
    let session = MAIN_HALL[random.below(MAIN_HALL.len() as u64) as usize];
    if n.is_multiple_of(5) {
        json!([{"op": "move", "session": session, "room": "main-hall", "index": random.below(15)}])
    } else {
        json!([{"op": "edit", "session": session, "changes": {"title": format!("Edit {n}")}}])
    }
}

#[test]
#[ignore = "end-to-end: kills and restarts a real hub (make test-e2e)"]
fn every_acknowledged_edit_survives_random_kills_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("programme.json");
    std::fs::copy(root().join("data/programme.json"), &file).unwrap();
    let hub = Arc::new(Mutex::new(HubProcess::start(
        &marquee_binary(),
        Some(&file),
        &["--write-back"],
    )));
    let base = hub.lock().unwrap().url("");
    let token = hub.lock().unwrap().token();
    let done = Arc::new(AtomicBool::new(false));

    let killer = Killer::start(hub.clone(), 0xdead, true);
    // The file, read at any moment, is a whole programme.
    let torn = Arc::new(AtomicUsize::new(0));
    let reader = {
        let (file, done, torn) = (file.clone(), done.clone(), torn.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !done.load(Ordering::Relaxed) {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                if parse(&text).is_err() {
                    torn.fetch_add(1, Ordering::Relaxed);
                }
                reads += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
            reads
        })
    };

    let agent = agent();
    let mut random = Lcg(0x5eed);
    // Each acknowledged batch: its revision, whether it made one, and the batch.
    let mut acknowledged: Vec<(u64, bool, Vec<Operation>)> = Vec::new();
    let started = Instant::now();
    let mut sent = 0;
    while acknowledged.len() < 1000 {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "too slow: {} acknowledged",
            acknowledged.len()
        );
        sent += 1;
        let Some(etag) = current_etag(&agent, &base) else {
            continue;
        };
        let operations = batch(sent, &mut random);
        let answer = agent
            .post(format!("{base}/api/operations"))
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(json!({"base": etag, "operations": operations}).to_string());
        if let Ok(mut answer) = answer
            && answer.status() == 200
        {
            let applied: serde_json::Value = answer.body_mut().read_json().unwrap();
            let operations: Vec<Operation> = serde_json::from_value(operations).unwrap();
            let changed = applied["changed"].as_bool().unwrap();
            acknowledged.push((applied["revision"].as_u64().unwrap(), changed, operations));
        }
    }
    done.store(true, Ordering::Relaxed);
    let kills = killer.stop();
    let reads = reader.join().unwrap();
    assert!(kills >= 5, "only {kills} kills");
    assert_eq!(
        torn.load(Ordering::Relaxed),
        0,
        "torn files in {reads} reads"
    );

    let mut hub = hub.lock().unwrap();
    hub.kill();
    hub.restart(true);
    let revision = |number: u64| {
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
        parse(&json)
            .unwrap_or_else(|e| panic!("revision {number} is torn: {e}"))
            .programme
    };
    for (number, changed, operations) in &acknowledged {
        // A batch that changed nothing was answered with the current revision.
        let before = revision(if *changed { number - 1 } else { *number });
        let mut expected = edit::apply(&before, operations, chrono::Utc::now())
            .unwrap()
            .programme;
        // What screens mark as changed today is the hub's to add, by its clock.
        let saved = revision(*number);
        expected.changed_today = saved.changed_today.clone();
        assert!(
            saved == expected,
            "revision {number} is not the one before with its batch"
        );
    }
    // The newest revision may be one saved as its answer was cut off.
    let newest = hub.programme();
    let newest = parse(&newest.to_string()).unwrap().programme;
    let on_file = parse(&std::fs::read_to_string(&file).unwrap())
        .unwrap()
        .programme;
    assert!(on_file == newest, "the file is the newest revision");
    assert!(newest.sessions.iter().any(|s| s.title.starts_with("Edit ")));
    println!(
        "{} acknowledged of {sent} sent, through {kills} kills; the file read whole {reads} times",
        acknowledged.len()
    );
}
