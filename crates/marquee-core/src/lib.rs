//! Marquee's domain: the programme model, its file format, validation and the
//! importers.
//!
//! Nothing here touches files, the network or the clock: callers pass text in
//! and get values out, and any instant is an argument. That keeps every rule
//! testable in milliseconds and lets the desktop app, the CLI and future
//! servers share one behaviour.
//!
//! It must never depend on another Marquee crate, nor on anything that does
//! I/O or reads the clock.

pub mod days;
pub mod edit;
pub mod export;
pub mod format;
pub mod import;
mod imported;
pub mod model;
pub mod problem;
pub mod rich_text;
pub mod safety;
pub mod screen_report;
pub mod timeline;
pub mod timing;
pub mod validate;

pub use import::{ImportError, ImportOptions, Imported, SourceFormat, import, import_bytes};
pub use model::Programme;
pub use problem::{Location, Problem, ProblemKind, Severity};
pub use validate::validate;
