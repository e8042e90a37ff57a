//! Edits to a programme as operations: each batch applied to a programme
//! gives the new programme and the operations that undo it, or a refusal
//! that says why nothing changed. Following sessions' times are derived
//! again after every operation. [`rebase`] applies a batch made on an older
//! revision on top of the current one when the two touched different things.
//!
//! [`operation`] defines what an editor or a chair may send, `apply` does
//! one operation, `live` those a chair makes at the hub's clock,
//! `stage` what a chair says to the stage and a volunteer of a room's state,
//! `restore` finds the inverse of any change, [`footprint`] what it touched
//! and [`changelog`] what changed for visitors between two versions.

mod apply;
mod beyond_talks;
pub mod changelog;
pub mod footprint;
mod live;
pub mod operation;
mod restore;
mod stage;

pub use changelog::{Change, changed_today, changelog};
pub use footprint::{Conflict, Footprint, footprint};
pub use live::carry_live;
pub use operation::{Operation, Refusal, RoomSessions, SessionChanges};

use chrono::{DateTime, Utc};

use crate::model::Programme;
use crate::timing::reflow;

/// A batch applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    pub programme: Programme,
    /// Applied to `programme`, these give back the programme edited.
    pub inverse: Vec<Operation>,
}

/// Operation `index` (from 0) of a batch could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("operation {} of {count}: {refusal}", index + 1)]
pub struct Refused {
    pub index: usize,
    pub count: usize,
    pub refusal: Refusal,
}

/// Applies `operations` in order to `programme`, all or none; `now` is
/// the hub's time, for a chair's "started now" and the like.
pub fn apply(
    programme: &Programme,
    operations: &[Operation],
    now: DateTime<Utc>,
) -> Result<Edited, Refused> {
    let mut edited = programme.clone();
    for (index, operation) in operations.iter().enumerate() {
        apply::apply_one(&mut edited, operation, now).map_err(|refusal| Refused {
            index,
            count: operations.len(),
            refusal,
        })?;
        reflow(&mut edited);
        // A delay goes with the session it started from.
        let sessions = &edited.sessions;
        edited
            .delays
            .retain(|d| sessions.iter().any(|s| s.id == d.session));
        stage::forget_gone_rooms(&mut edited);
    }
    Ok(Edited {
        inverse: restore::inverse(programme, &edited),
        programme: edited,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RebaseError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("{}", conflict_list(.0))]
    Conflicts(Vec<Conflict>),
}

fn conflict_list(conflicts: &[Conflict]) -> String {
    let list: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
    format!(
        "this change conflicts with another made meanwhile: {} (fix: reload the programme and make the change again)",
        list.join("; ")
    )
}

/// Applies `operations`, made on `base`, to `current`: refused with the
/// conflicts when `base` → `current` touched anything the batch touches.
pub fn rebase(
    base: &Programme,
    current: &Programme,
    operations: &[Operation],
    now: DateTime<Utc>,
) -> Result<Edited, RebaseError> {
    let ours = apply(base, operations, now)?;
    let conflicts = footprint(base, &ours.programme).conflicts(&footprint(base, current));
    if !conflicts.is_empty() {
        return Err(RebaseError::Conflicts(conflicts));
    }
    Ok(apply(current, operations, now)?)
}

/// The JSON Schema of a batch of operations, as the hub's API takes it.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Vec<Operation>);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}

/// A line for the history: what a batch did, in the words of `before`.
pub fn describe(before: &Programme, operations: &[Operation]) -> String {
    let title = |operation: &Operation| {
        operation
            .session()
            .and_then(|id| before.sessions.iter().find(|s| &s.id == id))
            .map_or_else(
                || {
                    operation
                        .session()
                        .map(|id| id.0.clone())
                        .unwrap_or_default()
                },
                |s| format!("\u{201c}{}\u{201d}", s.title),
            )
    };
    let room = |id: &crate::model::RoomId| before.room(id).map_or(id.0.clone(), |r| r.name.clone());
    let phrases: Vec<String> = operations
        .iter()
        .map(|operation| match operation {
            Operation::Move {
                room: to, index, ..
            } => format!(
                "moved {} to {}, position {}",
                title(operation),
                room(to),
                index + 1
            ),
            Operation::Pin { start, .. } => {
                format!("pinned {} to {}", title(operation), start.format("%H:%M"))
            }
            Operation::Follow { gap_minutes, .. } => {
                format!("{} follows after {gap_minutes} min", title(operation))
            }
            Operation::Resize {
                duration_minutes, ..
            } => format!("{} lasts {duration_minutes} min", title(operation)),
            Operation::Edit { .. } => format!("edited {}", title(operation)),
            Operation::PutSession { session, .. } => {
                format!("saved \u{201c}{}\u{201d}", session.title)
            }
            Operation::Duplicate { .. } => format!("duplicated {}", title(operation)),
            Operation::DeleteSession { .. } => format!("deleted {}", title(operation)),
            Operation::Cancel { .. } => format!("cancelled {}", title(operation)),
            Operation::Restore { .. } => format!("restored {}", title(operation)),
            Operation::PutSpeaker { speaker, .. } => format!("saved speaker {}", speaker.name),
            Operation::DeleteSpeaker { speaker, .. } => format!("deleted speaker {speaker}"),
            Operation::PutRoom { room, .. } => format!("saved room {}", room.name),
            Operation::DeleteRoom { room: id, .. } => format!("deleted room {}", room(id)),
            Operation::Late {
                room: id, minutes, ..
            } => match minutes {
                0 => format!("{} on time", room(id)),
                m if *m < 0 => format!("{} running {} min early", room(id), -m),
                m => format!("{} running {m} min late", room(id)),
            },
            Operation::OnTime { room: id } => format!("{} back on schedule", room(id)),
            Operation::Started { .. } => format!("{} started", title(operation)),
            Operation::Ended { .. } => format!("{} ended", title(operation)),
            Operation::ApplyDelay { room: id } => {
                format!("{}'s delay made the plan", room(id))
            }
            Operation::PutAnnouncement { announcement, .. } => {
                format!("saved announcement \u{201c}{}\u{201d}", announcement.title)
            }
            Operation::DeleteAnnouncement { announcement } => {
                let title = before
                    .announcements
                    .iter()
                    .find(|a| &a.id == announcement)
                    .map_or(announcement.0.clone(), |a| a.title.clone());
                format!("deleted announcement \u{201c}{title}\u{201d}")
            }
            Operation::PutSponsor { sponsor, .. } => format!("saved sponsor {}", sponsor.name),
            Operation::DeleteSponsor { sponsor } => format!("deleted sponsor {sponsor}"),
            Operation::Emergency { title, .. } => {
                format!("emergency message \u{201c}{title}\u{201d} on every screen")
            }
            Operation::ClearEmergency {} => "emergency message cleared".to_owned(),
            Operation::StageMessage { room: id, text, .. } => {
                format!("to the stage in {}: \u{201c}{text}\u{201d}", room(id))
            }
            Operation::ClearStageMessage { room: id } => {
                format!("stage message cleared in {}", room(id))
            }
            Operation::StagePhase {
                room: id, phase, ..
            } => match phase {
                crate::model::Phase::Talk => format!("{} back to the talk", room(id)),
                crate::model::Phase::Qa => format!("{} in questions", room(id)),
                crate::model::Phase::WrapUp => format!("{} asked to wrap up", room(id)),
            },
            Operation::RoomState {
                room: id, state, ..
            } => match state {
                crate::model::Occupancy::Free => format!("{} has seats", room(id)),
                crate::model::Occupancy::Filling => format!("{} filling up", room(id)),
                crate::model::Occupancy::Full => format!("{} full", room(id)),
            },
        })
        .collect();
    match phrases.as_slice() {
        [] => "no change".to_owned(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}
