//! How long a chair's message takes to be on a stage monitor following the
//! hub on loopback, for `make bench` (with `MARQUEE_BIN=target/release/marquee`):
//! from the moment the operation is sent until the monitor (Chromium) has
//! drawn it, on the page's own clock. A figure, not an assertion: these
//! machines are noisy. The target is 100 ms at the 95th percentile.

use std::time::Duration;

use marquee_tests::browser::Browser;
use marquee_tests::chaos::current_etag;
use marquee_tests::figures::{arm, changed_at, epoch_ms, ms, percentile, since};
use marquee_tests::hub::HubProcess;
use marquee_tests::{marquee_binary, root};
use serde_json::json;

const MESSAGES: usize = 40;

#[test]
#[ignore = "benchmark: make bench"]
fn bench_a_chairs_message_on_the_stage_monitor() {
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &["--clock", "2016-06-06T10:40"],
    );
    let browser = Browser::start();
    let stage = browser.session(1920, 1080);
    stage.navigate(&hub.url("/stage/main-hall"));
    while stage.texts(".monitor header").is_empty() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut took = Vec::new();
    for n in 0..MESSAGES {
        let base = current_etag(&agent, &hub.url("")).expect("an ETag");
        let batch = json!({
            "base": base,
            "operations": [{"op": "stage-message", "room": "main-hall", "text": format!("Message {n}")}],
        });
        arm(&stage, ".monitor");
        let sent = epoch_ms();
        let answer = agent
            .post(&hub.url("/api/operations"))
            .header("Authorization", format!("Bearer {}", hub.token()))
            .send_json(&batch)
            .expect("the hub answers");
        assert_eq!(answer.status(), 200);
        took.push(since(sent, changed_at(&stage), "the stage"));
        // Apart, as a chair's taps are.
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "a chair's message on the stage monitor, {MESSAGES} messages: median {}, p95 {}, worst {}",
        ms(percentile(&mut took, 0.5)),
        ms(percentile(&mut took, 0.95)),
        ms(percentile(&mut took, 1.0))
    );
}
