//! The house stands as its README says: each program links only what its
//! job needs, the hub's decisions link no I/O at all, and no crate but the
//! tests stands on the command line's. Read from cargo's own tree of the
//! workspace, so that a dependency added in the wrong place fails here by
//! name.

use std::process::Command;

/// The packages in the normal (not build, not dev) dependencies of
/// `package`, `depth` levels down.
fn tree(package: &str, depth: u32) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(marquee_tests::root())
        .args(["tree", "--offline", "--locked", "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(["--depth", &depth.to_string(), "-p", package])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(ToOwned::to_owned)
        .collect()
}

/// Which of `names` `package` links, at any depth.
fn links(package: &str, names: &[&str]) -> Vec<String> {
    let linked = tree(package, u32::MAX);
    names
        .iter()
        .filter(|name| linked.iter().any(|p| p == *name))
        .map(|name| (*name).to_owned())
        .collect()
}

#[test]
fn each_program_links_only_what_its_job_needs() {
    let none: Vec<String> = Vec::new();
    let server = ["axum", "hyper", "tokio", "rusqlite"];
    assert_eq!(links("marquee", &server), none, "the command line");
    assert_eq!(
        links("marquee-desktop", &["axum", "hyper", "rusqlite"]),
        none,
        "the desktop app"
    );
    // Tokio under the desktop only as Tauri brings it.
    assert!(!tree("marquee-desktop", 1).iter().any(|p| p == "tokio"));
    let io = [
        "axum", "hyper", "tokio", "rusqlite", "notify", "image", "ureq",
    ];
    assert_eq!(links("marquee-hub", &io), none, "the hub's decisions");
    assert_eq!(
        links("marquee-store", &["axum", "hyper", "tokio"]),
        none,
        "the hub's store"
    );
    // What the tree is read from: these do link them.
    assert_eq!(
        links("marquee-server", &["axum", "tokio"]),
        ["axum", "tokio"]
    );
    assert_eq!(links("marquee-store", &["rusqlite"]), ["rusqlite"]);
}

#[test]
fn no_crate_but_the_tests_stands_on_the_command_line() {
    for package in [
        "marquee-core",
        "marquee-io",
        "marquee-media",
        "marquee-host",
        "marquee-args",
        "marquee-hub",
        "marquee-store",
        "marquee-server",
        "marquee-desktop",
    ] {
        assert!(
            !tree(package, u32::MAX).iter().any(|p| p == "marquee"),
            "{package} depends on the command line's crate"
        );
    }
}
