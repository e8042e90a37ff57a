//! The venue hub's store and logic, shared by every host that keeps the
//! programme for others (the server, and later the desktop editor), with no
//! HTTP and no window in it: [`store`] keeps every revision in SQLite,
//! [`token`] is the organiser's token and the chairs', [`hub`] says what a change does,
//! who may make it and what it announces, and [`screens`] which screens
//! follow it: their enrolment, reports, orders and screenshots, and
//! [`write_back`] keeps a programme file in step with the store.

pub mod hub;
pub mod screens;
pub mod store;
pub mod token;
pub mod write_back;

pub use hub::{Announcement, Current, Holder, Hub, HubError};
pub use screens::{Enrolment, Seen};
