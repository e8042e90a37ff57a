//! The harness for end-to-end tests: a virtual X display, tauri-driver and a
//! WebDriver session on the real `marquee` binary.

pub mod axe;
pub mod browser;
pub mod chaos;
pub mod desktop;
pub mod editor;
pub mod figures;
pub mod http;
pub mod hub;
pub mod kiosk;
pub mod tls;
pub mod webdriver;

use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `marquee` binary the tests drive: `$MARQUEE_BIN`, or the debug
/// build, which must be newer than every source it is built from (with the
/// desktop app and the hub beside it), so that no test passes on an old build.
pub fn marquee_binary() -> PathBuf {
    if let Some(binary) = std::env::var_os("MARQUEE_BIN") {
        return PathBuf::from(binary);
    }
    let binary = root().join("target/debug/marquee");
    let sources = [
        "crates",
        "src-tauri/src",
        "src-tauri/capabilities",
        "ui/dist",
    ];
    let newest = sources
        .iter()
        .filter_map(|folder| newest_file(&root().join(folder)))
        .max_by_key(|(modified, _)| *modified);
    let companions = ["marquee-desktop", "marquee-hub"].map(|name| binary.with_file_name(name));
    for built in std::iter::once(binary.clone()).chain(companions) {
        let modified = std::fs::metadata(&built)
            .and_then(|meta| meta.modified())
            .unwrap_or_else(|_| panic!("{} is not built: run `make test`", built.display()));
        if let Some((source_modified, source)) = &newest {
            assert!(
                modified >= *source_modified,
                "{} is older than {}: run `make test`, which builds it first",
                built.display(),
                source.display()
            );
        }
    }
    binary
}

/// The most recently modified file under `folder`, skipping build output.
fn newest_file(folder: &std::path::Path) -> Option<(std::time::SystemTime, PathBuf)> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name() != "target")
        .filter_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                newest_file(&path)
            } else {
                let modified = entry.metadata().ok()?.modified().ok()?;
                Some((modified, path))
            }
        })
        .max_by_key(|(modified, _)| *modified)
}

/// Where tests leave screenshots for people to look at.
pub fn artifacts() -> PathBuf {
    let dir = root().join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts folder");
    dir
}

/// Waits for `done`, polling, for at most `limit`; how long it took.
pub fn wait_until(
    what: &str,
    limit: std::time::Duration,
    mut done: impl FnMut() -> bool,
) -> std::time::Duration {
    let started = std::time::Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}: not after {limit:?}");
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    started.elapsed()
}

/// The addresses in the QR codes `zbarimg` finds in a screenshot.
pub fn scan_codes(png: &std::path::Path) -> std::collections::BTreeSet<String> {
    let output = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(png)
        .output()
        .expect("zbarimg runs (apt-get install zbar-tools)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}
