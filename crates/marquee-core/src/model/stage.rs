//! What a room's chair and door volunteers say live, kept in the programme
//! beside the delays so that each is a revision like any change: the
//! message on the speaker's monitor, the phase of the talk (Q&A, wrap up)
//! and whether the room is full. Each carries the instant it was said,
//! because each lapses: a message and a phase with the talk they were said
//! in, a room's state after the programme's limit. Only what differs from
//! the default is kept (no message, the talk phase, a free room).

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::RoomId;

/// What the chair shows the speaker, on the room's stage monitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct StageMessage {
    pub room: RoomId,
    pub text: String,
    /// Whether the monitor flashes it (a steady frame where motion is reduced).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub flash: bool,
    /// When it was sent, by the hub's clock.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub since: DateTime<FixedOffset>,
}

/// The part of a talk a room is in, as its chair says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// The talk: the countdown runs to its end as the room runs.
    #[default]
    Talk,
    /// Questions: the countdown runs the programme's Q&A length from when
    /// the chair called them.
    Qa,
    /// The speaker is asked to finish.
    WrapUp,
}

/// A room's phase other than the talk, since the chair set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct StagePhase {
    pub room: RoomId,
    pub phase: Phase,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub since: DateTime<FixedOffset>,
}

/// How full a room is, as a chair or a door volunteer says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Occupancy {
    #[default]
    Free,
    Filling,
    Full,
}

/// A room that is filling or full, since a volunteer said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct RoomState {
    pub room: RoomId,
    pub state: Occupancy,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub since: DateTime<FixedOffset>,
}

/// The stage's settings, shared by the chair's view and the stage monitor
/// so that both colour the same countdown alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields, default)]
pub struct StageSettings {
    /// How long questions last once the chair calls them.
    pub qa_minutes: u32,
    /// The countdown turns amber this many minutes before the end.
    pub amber_minutes: u32,
    /// And red this many.
    pub red_minutes: u32,
    /// The messages a chair sends with one tap.
    pub presets: Vec<String>,
    /// How long a room's "filling" or "full" holds unless said again.
    pub room_state_minutes: u32,
}

impl Default for StageSettings {
    fn default() -> Self {
        Self {
            qa_minutes: 5,
            amber_minutes: 5,
            red_minutes: 2,
            presets: ["5 minutes", "Wrap up", "Q&A now", "Speak up", "Slow down"]
                .map(str::to_owned)
                .to_vec(),
            room_state_minutes: 30,
        }
    }
}

impl StageSettings {
    pub fn is_default(&self) -> bool {
        self == &Self::default()
    }
}
