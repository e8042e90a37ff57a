//! Paths to the shared inputs that tests read in place.

// Each test file uses its own part of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file under the `shared/` folder that sits beside the repository.
pub fn shared(path: &str) -> PathBuf {
    root().join("../shared").join(path)
}

pub fn read_shared(path: &str) -> String {
    let path = shared(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub const SEED: &str = "seeds/containerdays-boston-2016-programme.md";
