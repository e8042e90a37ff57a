//! Media for Marquee's screens: speaker photos turned into square thumbnails
//! with a disk cache, placeholders for people without a photo, and QR codes
//! for the links a visitor can open on a phone; and the pictures organisers
//! upload, checked and named by their bytes.
//!
//! Everything here works offline: nothing decodes or fetches on the path
//! that draws a screen, and bad input gives a typed error, never a panic.
//!
//! It must never depend on the hub, a server or a window toolkit.

pub mod cache;
pub mod photo;
pub mod placeholder;
pub mod qr;
pub mod service;
pub mod upload;

/// FNV-1a: a small stable hash for cache keys and colours, the same on every
/// machine and Rust version.
pub(crate) fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
