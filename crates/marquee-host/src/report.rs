//! A screen's report to the hub it follows: every so often (30 s by
//! default) it says who it is, what it shows and how it stands, so that the
//! organiser sees every screen and which have gone quiet. The hub's answer
//! may ask it to show its name (to find it on a wall of screens) or to
//! reload its page. A screen also reports at once when it starts or stops
//! showing the emergency message, so the organiser sees who has it. The
//! report's types are the hub's too. A screen speaks to its hub with a
//! token of its own, which it gets once by enrolling with a code from the
//! organiser ([`enrol`]) and keeps in its settings folder, readable by its
//! user alone ([`token_file`]).

use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

pub use marquee_core::screen_report::{ReportAnswer, ScreenCommand, ScreenReport};
pub use marquee_core::timeline::SceneKind;
use serde::{Deserialize, Serialize};

use crate::background::Background;
use crate::cadence::Cadence;
use crate::screen::Screen;

/// How often a screen reports when not told otherwise.
pub const REPORT_EVERY: Duration = Duration::from_secs(30);

/// Where screen `name` keeps its token for `hub`:
/// `$XDG_CONFIG_HOME/marquee/screens/HOST_PORT-NAME.token`.
pub fn token_file(hub: &str, name: &str) -> std::path::PathBuf {
    let plain = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let host = hub
        .trim_end_matches('/')
        .split_once("://")
        .map_or(hub, |(_, host)| host);
    crate::source::config_dir().join("screens").join(format!(
        "{}-{}.token",
        plain(host),
        plain(name)
    ))
}

/// The token screen `name` holds for `hub`, if it enrolled.
pub fn screen_token(hub: &str, name: &str) -> Option<String> {
    std::fs::read_to_string(token_file(hub, name))
        .ok()
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

#[derive(Serialize)]
struct Enrolling<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Deserialize)]
struct Enrolled {
    token: String,
}

/// Enrols screen `name` with `hub` using the organiser's one-time `code`,
/// and keeps the token it is given.
pub fn enrol(hub: &str, code: &str, name: &str) -> Result<String, crate::HostError> {
    let address = format!("{}/api/screens/enrol", hub.trim_end_matches('/'));
    let body = serde_json::to_vec(&Enrolling { code, name }).expect("a request serializes");
    let limits = marquee_io::Limits {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(15),
        max_bytes: 64 * 1024,
        reach: marquee_io::Reach::Anywhere,
    };
    let answer =
        marquee_io::post(&address, "application/json", &body, None, limits).map_err(|source| {
            match source {
                marquee_io::FetchError::Status(401) => crate::HostError::EnrolmentRefused {
                    hub: hub.to_owned(),
                    code: code.to_owned(),
                },
                source => crate::HostError::Fetch {
                    address: address.clone(),
                    source,
                },
            }
        })?;
    let token = serde_json::from_slice::<Enrolled>(&answer)
        .map_err(|e| crate::HostError::Answer {
            address: address.clone(),
            reason: e.to_string(),
        })?
        .token;
    let path = token_file(hub, name);
    keep_private(&path, &token).map_err(|source| crate::HostError::Write {
        path: path.clone(),
        source: std::sync::Arc::new(source),
    })?;
    Ok(token)
}

/// Writes `text` to `path` (atomically), its folder and it readable by
/// their owner alone.
fn keep_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(folder)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    }
    marquee_io::write_atomically(path, text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
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
pub fn scene_kind(screen: &Screen) -> Option<SceneKind> {
    if screen.problem.is_some() && screen.snapshot.is_none() {
        return Some(SceneKind::Problem);
    }
    Some(screen.snapshot.as_ref()?.scene.kind())
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
    /// `every`, with the screen's `token`, handing each command of the
    /// answers to `obey`.
    pub fn start(
        hub: &str,
        token: Option<String>,
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
                let mut cadence = Cadence::new(every);
                loop {
                    if !cadence.is_due(Instant::now()) {
                        match received.recv_timeout(cadence.wait(Instant::now())) {
                            Ok(Signal::ReportNow) => cadence.nudge(),
                            Err(RecvTimeoutError::Timeout) => {}
                            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        }
                        continue;
                    }
                    cadence.acted(Instant::now());
                    let body = serde_json::to_vec(&report()).expect("a report serializes");
                    match marquee_io::post(&address, "application/json", &body, token.as_deref(), limits) {
                        Ok(answer) => match serde_json::from_slice::<ReportAnswer>(&answer) {
                            Ok(answer) => answer.commands.into_iter().for_each(&mut obey),
                            Err(error) => tracing::warn!(
                                "{address}: an answer Marquee does not understand: {error}"
                            ),
                        },
                        Err(marquee_io::FetchError::Status(401)) => tracing::warn!(
                            "{address}: this screen is not enrolled, or was removed (fix: start it with --enrol CODE, a code from the editor's Screens panel)"
                        ),
                        // A hub away is shown as offline already; say it once in a while only.
                        Err(error) => tracing::debug!("{address}: {error}"),
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
