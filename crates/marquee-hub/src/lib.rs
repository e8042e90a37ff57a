//! The venue hub's decisions, with no I/O in them: [`Hub`] takes a command,
//! the time and the [`Store`] it keeps its revisions in, and gives back
//! what the command decided (a new revision to announce, an answer, a
//! refusal). [`hub`] says who may change the programme, what a change does
//! to it and its marks of the day, and what it announces; [`screens`] which
//! screens follow the hub: their enrolment, reports and orders; [`stage`]
//! which stage monitors speak and what they show; [`store`]
//! what the hub keeps, as a trait with typed values; [`secret`] how secrets
//! are compared and kept.
//!
//! It must never depend on a database, a socket, an async runtime or the
//! clock: `marquee-store` keeps the hub in SQLite and files and drives it,
//! and the tests here drive it on virtual time with a store in memory.

mod error;
pub mod hub;
#[cfg(test)]
mod memory;
pub mod screens;
pub mod secret;
pub mod stage;
pub mod store;

pub use error::{HubError, StoreError, TokenError};
pub use hub::{Announcement, Current, Holder, Hub, Operated, Saved};
pub use screens::{Enrolment, Seen};
pub use stage::{Acknowledged, Monitor, StageMonitors};
pub use store::{
    RevisionInfo, RevisionNumber, Screenshot, Store, StoredEdit, StoredRelease, StoredRevision,
};
