//! The venue hub kept on disk, and driven: [`sqlite`] is the hub's store in
//! one SQLite file, [`token`] the organiser's token file, [`write_back`]
//! the programme file kept in step, and [`stored_hub`] runs the hub's
//! decisions (`marquee_hub::Hub`) on them one command at a time and carries
//! out what they decide.
//!
//! An edge beside the server: it must never depend on HTTP or an async
//! runtime; the server and the hub's command-line tools stand on it.

pub mod sqlite;
pub mod stored_hub;
pub mod token;
pub mod write_back;

pub use sqlite::SqliteStore;
pub use stored_hub::{DATABASE_FILE, StoredHub};
pub use token::Token;
