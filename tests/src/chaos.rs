//! Power cuts on demand: a hub killed with SIGKILL at random moments (the
//! same moments on every run for a seed) and started again, until stopped.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::hub::HubProcess;

/// A small generator, the same on every run for a seed.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

pub struct Killer {
    done: Arc<AtomicBool>,
    thread: JoinHandle<u32>,
}

impl Killer {
    /// Kills `hub` every 50 to 450 ms and starts it again, with its source
    /// when `with_source`.
    pub fn start(hub: Arc<Mutex<HubProcess>>, seed: u64, with_source: bool) -> Killer {
        let done = Arc::new(AtomicBool::new(false));
        let stop = done.clone();
        let thread = std::thread::spawn(move || {
            let mut random = Lcg(seed);
            let mut kills = 0;
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50 + random.below(400)));
                let mut hub = hub.lock().unwrap();
                hub.kill();
                kills += 1;
                hub.restart(with_source);
            }
            kills
        });
        Killer { done, thread }
    }

    /// Stops killing; how many kills there were.
    pub fn stop(self) -> u32 {
        self.done.store(true, Ordering::Relaxed);
        self.thread.join().expect("the killer ran")
    }
}

/// An HTTP client that gives up on a dead hub after ten seconds.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// The ETag of the programme at `base` (a hub's address), when it answers.
pub fn current_etag(agent: &ureq::Agent, base: &str) -> Option<String> {
    let current = agent.get(format!("{base}/api/programme")).call().ok()?;
    current
        .headers()
        .get("etag")
        .and_then(|e| e.to_str().ok())
        .map(ToOwned::to_owned)
}
