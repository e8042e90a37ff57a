//! What a screen tells its hub of itself, and what the hub may ask of it:
//! the words of the report both sides speak.

use serde::{Deserialize, Serialize};

use crate::timeline::SceneKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The scene on screen, or `problem` when it explains one.
    pub scene: Option<SceneKind>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportAnswer {
    pub commands: Vec<ScreenCommand>,
}
