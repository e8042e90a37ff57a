//! What every Marquee host shares, with no window toolkit in its tree: the
//! desktop windows, the command line and the venue server are each a thin
//! layer over it.
//!
//! - [`store`]: the one programme a host shows, its live operations, and
//!   subscriptions to its revisions; [`feed`] writes a file or an address
//!   into it, [`source`] reads and writes programmes.
//! - [`scheduler`]: sans I/O, revisions and time in, the screen to publish
//!   and the next wake-up out; [`runner`] drives it on the [`clock`]. The
//!   network loops are sans-I/O policies too: [`hub_stream`] (a hub's event
//!   stream), [`cadence`] (a report, a refresh, a file's writes settling).
//! - [`screen`] and [`contract`]: what a display receives, the names of its
//!   events and commands, and the TypeScript written from them.
//! - [`media`]: the pictures' routes (portraits, logo, QR codes).
//! - [`report`]: a screen's report to its hub, and what the hub may ask of it.
//! - [`settings`]: a screen's settings over `screen.toml`; [`error`]: the
//!   hosts' one error type.
//! - [`logging`]: the log every program writes; [`companion`]: the programs
//!   installed beside each other, which hand commands over.
//!
//! It must never depend on a window toolkit, an HTTP server or SQLite: the
//! command line and the desktop app link it.

mod background;
pub mod cadence;
pub mod clock;
pub mod companion;
pub mod contract;
pub mod error;
pub mod feed;
mod hub_events;
pub mod hub_stream;
mod last_good;
pub mod logging;
pub mod media;
pub mod report;
pub mod rooms;
pub mod runner;
pub mod scheduler;
pub mod screen;
pub mod settings;
pub mod source;
pub mod store;
#[cfg(test)]
mod testing;

pub use error::{ErrorPayload, HostError};
pub use store::{ProgrammeStore, Revision};
