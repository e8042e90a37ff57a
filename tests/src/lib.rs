//! The harness for end-to-end tests: a virtual X display, tauri-driver and a
//! WebDriver session on the real `marquee` binary.

pub mod desktop;
pub mod http;
pub mod webdriver;

use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `marquee` binary the tests drive: `$MARQUEE_BIN`, or the debug build.
pub fn marquee_binary() -> PathBuf {
    std::env::var_os("MARQUEE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/marquee"))
}

/// Where tests leave screenshots for people to look at.
pub fn artifacts() -> PathBuf {
    let dir = root().join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts folder");
    dir
}
