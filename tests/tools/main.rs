//! Every program outside Rust that a test calls is installed by the
//! Makefile: each is run once here, so that a missing one fails by name
//! rather than deep inside the test that needs it.

use std::process::{Command, Stdio};

use marquee_tests::desktop::tauri_driver;
use marquee_tests::root;

/// Each program, the arguments that make it say its version and stop, and
/// the Debian package the Makefile installs it from.
const PROGRAMS: &[(&str, &[&str], &str)] = &[
    ("convert", &["-version"], "imagemagick"),
    ("compare", &["-version"], "imagemagick"),
    ("import", &["-version"], "imagemagick"),
    ("zbarimg", &["--version"], "zbar-tools"),
    ("rsvg-convert", &["--version"], "librsvg2-bin"),
    ("xmllint", &["--version"], "libxml2-utils"),
    ("Xvfb", &["-version"], "xvfb"),
    (
        "matchbox-window-manager",
        &["-h"],
        "matchbox-window-manager",
    ),
    ("WebKitWebDriver", &["--version"], "webkit2gtk-driver"),
    ("chromium", &["--version"], "chromium"),
    ("chromedriver", &["--version"], "chromium-driver"),
    ("nginx", &["-v"], "nginx"),
    ("systemd-analyze", &["--version"], "systemd"),
    ("desktop-file-validate", &["--help"], "desktop-file-utils"),
    ("xset", &["-version"], "x11-xserver-utils"),
    ("dbus-daemon", &["--version"], "dbus-daemon"),
    ("wmctrl", &["-m"], "wmctrl"),
    ("sway", &["--version"], "sway"),
    ("swaymsg", &["--version"], "sway"),
    ("setpriv", &["--version"], "util-linux"),
    ("prlimit", &["--version"], "util-linux"),
    ("lintian", &["--version"], "lintian"),
];

fn makefile() -> String {
    std::fs::read_to_string(root().join("Makefile")).expect("the Makefile")
}

#[test]
fn every_program_the_tests_call_is_in_the_makefiles_install_list_and_runs() {
    let makefile = makefile();
    let packages = makefile
        .split_once("APT_PACKAGES :=")
        .and_then(|(_, rest)| rest.split_once("\n\n").or(Some((rest, ""))))
        .map(|(list, _)| list.replace("\\\n", " "))
        .expect("the Makefile lists APT_PACKAGES");
    let listed: Vec<&str> = packages
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let mut missing = Vec::new();
    for (program, args, package) in PROGRAMS {
        assert!(
            listed.contains(package),
            "{package} (for {program}) is not in APT_PACKAGES"
        );
        let started = Command::new(program)
            .args(*args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if started.is_err() {
            missing.push(format!("{program} (from {package})"));
        }
    }
    assert!(
        missing.is_empty(),
        "not installed: {} (fix: make test installs them)",
        missing.join(", ")
    );
}

#[test]
fn tauri_driver_is_installed_by_the_makefile_and_runs() {
    assert!(makefile().contains("cargo install tauri-driver"));
    let help = Command::new(tauri_driver()).arg("--help").output();
    assert!(
        help.is_ok(),
        "tauri-driver is not installed (fix: make test installs it)"
    );
}
