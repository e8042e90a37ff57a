//! How the hub compares and keeps secrets: compared in constant time, so a
//! wrong one says nothing of how close it came, and kept as SHA-256 where
//! they need not be read back. Fresh secrets are made by the hub's driver
//! from the system's random source and given to the hub.

use subtle::ConstantTimeEq;

/// The SHA-256 of `bytes`, in hex: how a secret is kept where it need
/// not be read back, and how a file written is known again.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// True when `offered` is `secret`, in time that says nothing of how close it came.
pub fn same_secret(secret: &str, offered: &str) -> bool {
    secret.as_bytes().ct_eq(offered.as_bytes()).into()
}

/// 32 random bytes as the 64 hex digits of a token.
pub fn token_of(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
