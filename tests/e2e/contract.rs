//! The hub's API is a contract: an independent checker, schemathesis (from
//! PyPI, installed by the Makefile), is run from the repository root with
//! every check against a live hub and its own `/api/openapi.json`, with the
//! organiser's token and then with an enrolled screen's, and finds nothing:
//! no server error, no status or body the document does not list, no valid
//! request refused. The refusals that depend on the hub's state are
//! declared per operation in `schemathesis.toml`; imports are pointed at
//! loopback, which this hub may not reach (`tests/contract/hooks.py`). The
//! event stream never ends, and schemathesis waits for the end of a body:
//! it is tried on its own, with a few examples and a short wait each.

use std::process::Command;

use marquee_tests::hub::HubProcess;
use marquee_tests::{marquee_binary, root};

fn schemathesis(hub: &HubProcess, token: &str, examples: &str, wait: &str, only: &[&str]) {
    let st = root().join("target/schemathesis/bin/st");
    assert!(st.exists(), "{} is missing: run `make test`", st.display());
    let report = tempfile::tempdir().unwrap();
    let ran = Command::new(&st)
        .arg("run")
        .arg(hub.url("/api/openapi.json"))
        .args(["--checks", "all", "--max-examples", examples, "--seed", "7"])
        .args(["--request-timeout", wait, "--continue-on-failure"])
        .arg("--header")
        .arg(format!("Authorization: Bearer {token}"))
        .args(only)
        .arg("--report-dir")
        .arg(report.path())
        .current_dir(root())
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("PYTHONPATH", root().join("tests/contract"))
        .env("NO_COLOR", "1")
        .output()
        .expect("schemathesis runs");
    let said = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "schemathesis found failures:\n{said}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
}

#[test]
#[ignore = "end-to-end: schemathesis against a real hub (make test-e2e)"]
fn an_independent_checker_finds_nothing_against_the_live_hub() {
    let hub = HubProcess::start(
        &marquee_binary(),
        Some(&root().join("data/programme.json")),
        &[],
    );
    let organiser = hub.token();
    schemathesis(
        &hub,
        &organiser,
        "25",
        "20",
        &["--exclude-path", "/api/events"],
    );
    schemathesis(
        &hub,
        &organiser,
        "2",
        "2",
        &["--include-path", "/api/events"],
    );
    // The screens' own routes, with a screen's own token.
    let code = hub.enrolment_code();
    let mut enrolled = ureq::post(&hub.url("/api/screens/enrol"))
        .send_json(serde_json::json!({"code": code, "name": "contract"}))
        .unwrap();
    let screen: serde_json::Value = enrolled.body_mut().read_json().unwrap();
    schemathesis(
        &hub,
        screen["token"].as_str().unwrap(),
        "25",
        "20",
        &[
            "--include-path-regex",
            "^/api/screens(/\\{name\\}/screenshot)?$",
            "--include-method",
            "POST",
        ],
    );
}
