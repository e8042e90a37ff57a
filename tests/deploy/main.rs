//! What a venue installs to make a machine a screen: the systemd user unit
//! that starts the kiosk on login and again whenever it stops, and the XDG
//! autostart entry for sessions without a systemd user manager; and to make
//! one the hub: its sandboxed system unit. Each is checked by the tools its
//! system checks it with, and the package by lintian.

use std::process::Command;

use marquee_tests::{marquee_binary, root};

#[test]
fn the_kiosk_unit_passes_systemd_analyze_verify_and_restarts_always() {
    let unit = std::fs::read_to_string(root().join("deploy/marquee-kiosk.service")).unwrap();
    assert!(unit.contains("\nRestart=always\n"), "{unit}");
    assert!(
        unit.contains("\nExecStart=/usr/bin/marquee kiosk\n"),
        "{unit}"
    );
    let folder = tempfile::tempdir().unwrap();
    verified_copy(&unit, "marquee-kiosk.service", "marquee", folder.path());
}

/// `unit` written to `folder` as `name`, with the installed binary's place
/// (`/usr/bin/BINARY`) the one just built, once `systemd-analyze verify`
/// finds nothing in it. The man pages it names are installed with the
/// package, not here.
fn verified_copy(
    unit: &str,
    name: &str,
    binary: &str,
    folder: &std::path::Path,
) -> std::path::PathBuf {
    let copy = folder.join(name);
    let built = marquee_binary().with_file_name(binary);
    std::fs::write(
        &copy,
        unit.replace(&format!("/usr/bin/{binary}"), &built.display().to_string()),
    )
    .unwrap();
    let verified = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&copy)
        .output()
        .expect("systemd-analyze runs (apt-get install systemd)");
    let said = String::from_utf8_lossy(&verified.stderr);
    assert!(
        verified.status.success() && said.trim().is_empty(),
        "{said}"
    );
    copy
}

#[test]
fn the_hub_unit_passes_verify_and_the_sandbox_leaves_little_exposed() {
    let unit = std::fs::read_to_string(root().join("deploy/marquee-hub.service")).unwrap();
    for setting in [
        "\nDynamicUser=yes\n",
        "\nStateDirectory=marquee-hub\n",
        "\nLimitNOFILE=65536\n",
        "\nProtectSystem=strict\n",
        "\nNoNewPrivileges=yes\n",
        "\nPrivateTmp=yes\n",
        "\nExecStart=/usr/bin/marquee-hub serve --data /var/lib/marquee-hub $MARQUEE_HUB_ARGS\n",
    ] {
        assert!(unit.contains(setting), "{setting:?} is missing:\n{unit}");
    }
    let folder = tempfile::tempdir().unwrap();
    let copy = verified_copy(&unit, "marquee-hub.service", "marquee-hub", folder.path());
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--threshold=20"])
        .arg(&copy)
        .output()
        .expect("systemd-analyze runs");
    let report = String::from_utf8_lossy(&security.stdout);
    let exposure: f64 = report
        .lines()
        .find_map(|line| {
            line.split("Overall exposure level for marquee-hub.service: ")
                .nth(1)
        })
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|level| level.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{report}"));
    assert!(security.status.success() && exposure <= 2.0, "{report}");
}

#[test]
fn the_autostart_entry_is_a_valid_desktop_entry_that_starts_the_kiosk() {
    let entry = root().join("deploy/marquee-kiosk.desktop");
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("\nExec=marquee kiosk\n"), "{text}");
    let validated = Command::new("desktop-file-validate")
        .arg(&entry)
        .output()
        .expect("desktop-file-validate runs (apt-get install desktop-file-utils)");
    let said = String::from_utf8_lossy(&validated.stdout);
    assert!(
        validated.status.success() && said.trim().is_empty(),
        "{said}"
    );
}

/// The newest Debian package `make package-debug` made.
fn debug_package() -> std::path::PathBuf {
    let folder = root().join("target/debug/bundle/deb");
    let newest = std::fs::read_dir(&folder)
        .unwrap_or_else(|_| panic!("{} is missing: run `make package-debug`", folder.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "deb"))
        .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
        .expect("a .deb: run `make package-debug`");
    let built =
        |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified()).unwrap();
    assert!(
        built(&newest) >= built(&marquee_binary()),
        "{} is older than the binaries: run `make package-debug`",
        newest.display()
    );
    newest
}

#[test]
#[ignore = "needs the package that `make package-debug` builds (make test-e2e does)"]
fn the_package_holds_all_a_screen_needs_and_runs_from_an_empty_folder() {
    let package = debug_package();
    let listed = Command::new("dpkg-deb")
        .arg("-c")
        .arg(&package)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    for file in [
        "usr/bin/marquee",
        "usr/bin/marquee-desktop",
        "usr/bin/marquee-hub",
        "usr/share/marquee/programme.json",
        "usr/lib/systemd/user/marquee-kiosk.service",
        "usr/lib/systemd/system/marquee-hub.service",
        "usr/share/marquee/marquee-kiosk.desktop",
        "usr/share/doc/marquee/copyright",
        "usr/share/doc/marquee/changelog.gz",
        "usr/share/man/man1/marquee.1.gz",
        "usr/share/man/man1/marquee-hub.1.gz",
        "usr/share/man/man1/marquee-desktop.1.gz",
        "usr/share/man/man1/marquee-token.1.gz",
    ] {
        assert!(
            listed
                .lines()
                .any(|line| line.ends_with(&format!(" {file}"))),
            "{file} is not in the package:\n{listed}"
        );
    }
    let info = Command::new("dpkg-deb")
        .arg("-I")
        .arg(&package)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("libwebkit2gtk-4.1-0") && info.contains("x11-xserver-utils"),
        "{info}"
    );

    let unpacked = tempfile::tempdir().unwrap();
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&package)
        .arg(unpacked.path())
        .status()
        .unwrap();
    assert!(status.success());
    // Nothing of the source tree or this machine's data folders to fall back on.
    let empty = tempfile::tempdir().unwrap();
    let now = Command::new(unpacked.path().join("usr/bin/marquee"))
        .args(["now", "--at", "2016-06-06T10:42:00-04:00"])
        .current_dir(empty.path())
        .env_clear()
        .env("HOME", empty.path())
        .env("XDG_DATA_DIRS", empty.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&now.stdout);
    assert!(
        now.status.success() && said.contains("ComplianceOps"),
        "{said}{}",
        String::from_utf8_lossy(&now.stderr)
    );
}

#[test]
#[ignore = "needs the package that `make package-debug` builds (make test-e2e does)"]
fn lintian_finds_no_error_in_the_package() {
    let package = debug_package();
    let linted = Command::new("lintian")
        .args(["--fail-on", "error", "--tag-display-limit", "0"])
        .arg(&package)
        .output()
        .expect("lintian runs (apt-get install lintian)");
    let said = String::from_utf8_lossy(&linted.stdout);
    assert!(
        linted.status.success() && !said.lines().any(|line| line.starts_with("E: ")),
        "{said}{}",
        String::from_utf8_lossy(&linted.stderr)
    );
}
