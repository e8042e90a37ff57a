//! Keeps the screen on while the kiosk runs: on X11 the screensaver and
//! DPMS are turned off with `xset`, and what was set before is put back when
//! the kiosk ends (a Wayland session is held awake by `idle_inhibit`).
//! `xset` is what X sessions configure these with; no Rust library sets
//! them, so its query's few lines are read here by hand.

use std::process::{Command, Stdio};

/// The session's settings before the kiosk changed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saver {
    /// Seconds before the screensaver starts, and between its cycles.
    pub timeout: u32,
    pub cycle: u32,
    pub blanking: bool,
    pub dpms: bool,
}

/// Reads `xset q`'s screensaver and DPMS lines.
pub fn parse_query(text: &str) -> Option<Saver> {
    let saver = text.split("Screen Saver:").nth(1)?;
    let numbers: Vec<u32> = saver
        .lines()
        .find(|line| line.trim_start().starts_with("timeout:"))?
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    let (&timeout, &cycle) = (numbers.first()?, numbers.get(1)?);
    let blanking = saver
        .lines()
        .find(|line| line.contains("prefer blanking:"))
        .is_some_and(|line| line.split_whitespace().nth(2) == Some("yes"));
    Some(Saver {
        timeout,
        cycle,
        blanking,
        dpms: text.contains("DPMS is Enabled"),
    })
}

fn xset(args: &[&str]) -> Option<String> {
    let output = Command::new("xset")
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The screen held on, until [`Awake::release`].
pub struct Awake {
    before: Option<Saver>,
}

impl Awake {
    /// Turns the screensaver, blanking and DPMS off for the session.
    pub fn hold() -> Awake {
        let before = xset(&["q"]).as_deref().and_then(parse_query);
        match &before {
            Some(_) => {
                // Each on its own: a server without DPMS refuses that part alone.
                xset(&["s", "off"]);
                xset(&["s", "noblank"]);
                xset(&["-dpms"]);
                tracing::info!("the screensaver and power saving are off while the kiosk runs");
            }
            None => tracing::warn!(
                "could not turn the screensaver off (no X display, or xset missing: apt-get install x11-xserver-utils)"
            ),
        }
        Awake { before }
    }

    /// Puts back what the session had.
    pub fn release(&self) {
        let Some(before) = &self.before else { return };
        xset(&["s", &before.timeout.to_string(), &before.cycle.to_string()]);
        xset(&["s", if before.blanking { "blank" } else { "noblank" }]);
        if before.dpms {
            xset(&["+dpms"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "Keyboard Control:\n  auto repeat:  on\nScreen Saver:\n  prefer blanking:  yes    allow exposures:  yes\n  timeout:  600    cycle:  600\nColors:\n  default colormap:  0x20\nDPMS (Energy Star):\n  Standby: 600    Suspend: 600    Off: 600\n  DPMS is Enabled\n  Monitor is On\n";

    #[test]
    fn xsets_query_gives_the_screensaver_and_dpms_settings() {
        assert_eq!(
            parse_query(QUERY),
            Some(Saver {
                timeout: 600,
                cycle: 600,
                blanking: true,
                dpms: true
            })
        );
        let off = QUERY
            .replace("timeout:  600    cycle:  600", "timeout:  0    cycle:  600")
            .replace("prefer blanking:  yes", "prefer blanking:  no")
            .replace("DPMS is Enabled", "DPMS is Disabled");
        assert_eq!(
            parse_query(&off),
            Some(Saver {
                timeout: 0,
                cycle: 600,
                blanking: false,
                dpms: false
            })
        );
        assert_eq!(parse_query("xset:  unable to open display"), None);
    }
}
