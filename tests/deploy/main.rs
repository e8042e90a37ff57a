//! What a venue installs to make a machine a screen: the systemd user unit
//! that starts the kiosk on login and again whenever it stops, and the XDG
//! autostart entry for sessions without a systemd user manager. Both are
//! checked by the tools their systems check them with.

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
    // The installed binary's place, here the one just built.
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("marquee-kiosk.service");
    let built = marquee_binary();
    std::fs::write(
        &copy,
        unit.replace("/usr/bin/marquee", &built.display().to_string()),
    )
    .unwrap();
    let verified = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .expect("systemd-analyze runs (apt-get install systemd)");
    let said = String::from_utf8_lossy(&verified.stderr);
    assert!(
        verified.status.success() && said.trim().is_empty(),
        "{said}"
    );
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
