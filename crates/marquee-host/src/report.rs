//! A screen's report to the hub it follows: every so often (30 s by
//! default) it says who it is, what it shows and how it stands, so that the
//! organiser sees every screen and which have gone quiet. The hub's answer
//! may ask it to show its name (to find it on a wall of screens) or to
//! reload its page. A screen also reports at once when it starts or stops
//! showing the emergency message, so the organiser sees who has it. The
//! report's types are the hub's too.

use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::background::Background;
use crate::screen::Screen;

/// How often a screen reports when not told otherwise.
pub const REPORT_EVERY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ScreenReport {
    /// `--name`, by default the machine's host name.
    pub name: String,
    /// The rooms it shows; all when empty.
    pub rooms: Vec<String>,
    /// Marquee's version.
    pub version: String,
    /// The hub's ETag of the programme on screen, e.g. `"r12"`.
    pub revision: Option<String>,
    /// The scene on screen (`now`, `session`, `up_next`, `later_today`,
    /// `situation`, `announcement`, `sponsors`, `emergency`), or `problem`
    /// when it explains one.
    pub scene: Option<String>,
    pub uptime_seconds: u64,
    /// How often it reports, so the hub knows when one is overdue.
    pub every_seconds: u64,
    /// It cannot reach its source; the last good programme stays.
    pub offline: bool,
    /// Photos waiting to be fetched, and failed for now.
    pub photos_queued: usize,
    pub photos_failed: usize,
}

/// What the hub may ask of a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ScreenCommand {
    /// Show the screen's name in large type for a few seconds.
    Identify,
    /// Load the page again.
    Reload,
    /// Send the hub a picture of what the window shows.
    Screenshot,
}

/// The hub's answer to a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportAnswer {
    pub commands: Vec<ScreenCommand>,
}

/// The hub a screen following `programme` reports to: the address when it
/// is a hub's (no path), else none.
pub fn hub_of(programme: &std::path::Path) -> Option<String> {
    crate::hub_events::hub_root(&programme.to_string_lossy()).map(ToOwned::to_owned)
}

/// The machine's host name, a screen's name when it is given none.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "screen".to_owned())
}

/// The scene `screen` shows, as a report names it.
pub fn scene_name(screen: &Screen) -> Option<String> {
    if screen.problem.is_some() && screen.snapshot.is_none() {
        return Some("problem".to_owned());
    }
    let scene = serde_json::to_value(&screen.snapshot.as_ref()?.scene).ok()?;
    scene["kind"].as_str().map(ToOwned::to_owned)
}

/// Reports to a hub on a thread of its own, until dropped.
pub struct Reporter {
    _thread: Background,
    signals: Sender<Signal>,
}

enum Signal {
    Stop,
    ReportNow,
}

/// Makes a [`Reporter`] report now rather than at its next turn.
#[derive(Clone)]
pub struct Nudge(Sender<Signal>);

impl Nudge {
    pub fn report_now(&self) {
        let _ = self.0.send(Signal::ReportNow);
    }
}

impl Reporter {
    /// Sends `report()` to `hub` (its root address) now and then every
    /// `every`, handing each command of the answers to `obey`.
    pub fn start(
        hub: &str,
        every: Duration,
        report: impl Fn() -> ScreenReport + Send + 'static,
        mut obey: impl FnMut(ScreenCommand) + Send + 'static,
    ) -> std::io::Result<Reporter> {
        let address = format!("{}/api/screens", hub.trim_end_matches('/'));
        let (signals, received) = channel::<Signal>();
        let limits = marquee_io::Limits {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(10),
            max_bytes: 64 * 1024,
            // A screen always reaches the hub it follows.
            reach: marquee_io::Reach::Anywhere,
        };
        let thread = std::thread::Builder::new()
            .name("report".to_owned())
            .spawn(move || {
                loop {
                    let body = serde_json::to_vec(&report()).expect("a report serializes");
                    match marquee_io::post(&address, "application/json", &body, limits) {
                        Ok(answer) => match serde_json::from_slice::<ReportAnswer>(&answer) {
                            Ok(answer) => answer.commands.into_iter().for_each(&mut obey),
                            Err(error) => tracing::warn!(
                                "{address}: an answer Marquee does not understand: {error}"
                            ),
                        },
                        // A hub away is shown as offline already; say it once in a while only.
                        Err(error) => tracing::debug!("{address}: {error}"),
                    }
                    match received.recv_timeout(every) {
                        Ok(Signal::ReportNow) | Err(RecvTimeoutError::Timeout) => {}
                        Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })?;
        let stop = signals.clone();
        Ok(Reporter {
            _thread: Background::new(thread, move || {
                let _ = stop.send(Signal::Stop);
            }),
            signals,
        })
    }

    pub fn nudge(&self) -> Nudge {
        Nudge(self.signals.clone())
    }
}
