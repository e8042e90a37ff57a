//! The photo service's worker stops with the service: a server and its
//! tests start and stop many. Alone in its file, so that no other test's
//! worker runs in this process.

use std::time::{Duration, Instant};

use marquee_media::service::{FetchPolicy, PhotoService};

/// Threads of this process named `photos`.
fn photo_workers() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm")).is_ok_and(|c| c.trim() == "photos")
        })
        .count()
}

/// Waits up to five seconds for `count` workers.
fn wait_for_workers(count: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while photo_workers() != count {
        assert!(Instant::now() < deadline, "never {count} workers");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_worker_ends_when_the_last_handle_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let service = PhotoService::start(dir.path().join("cache"), dir.path(), FetchPolicy::default());
    let shared = service.clone();
    // A thread takes its name once it runs.
    wait_for_workers(1);
    drop(service);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(photo_workers(), 1, "another handle still uses it");
    drop(shared);
    wait_for_workers(0);
}
