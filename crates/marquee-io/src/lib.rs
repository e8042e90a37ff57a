//! Marquee's two ways of touching the outside world, shared by every part
//! that saves or downloads: [`atomic`] replaces a file so that a crash never
//! leaves half of it, and [`http`] fetches an address within limits of time
//! and size, conditionally when it has validators from an earlier answer,
//! reaching only the machines its [`reach`] allows and trusting the hub's
//! own certificate authority where a screen was given one ([`trust`]).
//!
//! It must never depend on the domain's rules, the hub, a server or a window.

pub mod atomic;
pub mod http;
pub mod reach;
pub mod trust;

pub use atomic::write_atomically;
pub use http::{FetchError, Fetched, Limits, Validators, get, is_address, post};
pub use reach::Reach;
