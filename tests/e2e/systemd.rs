//! The screen's systemd unit, run by a real systemd user manager: started,
//! the kiosk's window is on the screen; killed with `SIGKILL`, systemd
//! starts it again and its window is back, with no person involved.
//!
//! A machine without systemd as its first process (a container, CI) has no
//! user manager, so the test starts its own: `systemd --user` in a mount
//! namespace of its own (where `/run/systemd/system`, the mark of a machine
//! booted with systemd, is there) and a cgroup of its own (so that it
//! manages only what it starts), with its home, configuration and runtime
//! folders in a temporary folder: nothing of the machine's own is touched.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use marquee_tests::desktop::{Desktop, NO_SESSION_BUS};
use marquee_tests::{marquee_binary, root, wait_until};

/// A systemd user manager of the test's own, stopped with it.
struct UserManager {
    manager: Child,
    home: tempfile::TempDir,
    /// The cgroups it was put in, one a hierarchy, removed at the end.
    cgroups: Vec<PathBuf>,
}

/// The cgroup hierarchies systemd keeps its tree in, as this machine
/// mounts them: the unified one, and on hybrid machines systemd's own.
fn hierarchies() -> Vec<PathBuf> {
    [
        "/sys/fs/cgroup",
        "/sys/fs/cgroup/unified",
        "/sys/fs/cgroup/systemd",
    ]
    .iter()
    .map(PathBuf::from)
    .filter(|h| h.join("cgroup.procs").exists())
    .collect()
}

impl UserManager {
    fn start() -> UserManager {
        let home = tempfile::tempdir().expect("a home folder");
        for folder in ["run", "config/systemd/user", "fake-run/systemd/system"] {
            std::fs::create_dir_all(home.path().join(folder)).unwrap();
        }
        std::fs::set_permissions(
            home.path().join("run"),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        let name = format!("marquee-test-{}", std::process::id());
        let cgroups: Vec<PathBuf> = hierarchies().iter().map(|h| h.join(&name)).collect();
        let join_cgroups: String = cgroups
            .iter()
            .map(|c| {
                format!(
                    "mkdir -p {0} && echo $$ > {0}/cgroup.procs && ",
                    c.display()
                )
            })
            .collect();
        let script = format!(
            "mkdir -p /run/systemd && mount --bind {} /run/systemd && {join_cgroups}exec /lib/systemd/systemd --user",
            home.path().join("fake-run/systemd").display()
        );
        let manager = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c", &script])
            .envs(Self::environment(home.path()))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("systemd --user starts (apt-get install systemd util-linux)");
        let manager = UserManager {
            manager,
            home,
            cgroups,
        };
        wait_until("the user manager is up", Duration::from_secs(20), || {
            manager.systemctl(&["is-active", "-q", "default.target"])
        });
        manager
    }

    /// Where this manager and its `systemctl` keep their folders.
    fn environment(home: &Path) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", home.to_owned()),
            ("XDG_CONFIG_HOME", home.join("config")),
            ("XDG_RUNTIME_DIR", home.join("run")),
            ("XDG_DATA_HOME", home.join("data")),
            ("XDG_STATE_HOME", home.join("state")),
        ]
    }

    fn systemctl(&self, args: &[&str]) -> bool {
        Command::new("systemctl")
            .arg("--user")
            .args(args)
            .envs(Self::environment(self.home.path()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    /// A property of `unit`, as `systemctl show` gives it.
    fn property(&self, unit: &str, name: &str) -> String {
        let output = Command::new("systemctl")
            .args(["--user", "show", "--value", "-p", name, unit])
            .envs(Self::environment(self.home.path()))
            .output()
            .expect("systemctl runs");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Installs the project's unit, with `drop_in` as the screen's own
    /// settings (`systemctl --user edit` writes the same file).
    fn install(&self, unit: &Path, drop_in: &str) {
        let units = self.home.path().join("config/systemd/user");
        let name = unit.file_name().unwrap();
        std::fs::copy(unit, units.join(name)).unwrap();
        let folder = units.join(format!("{}.d", name.to_string_lossy()));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("override.conf"), drop_in).unwrap();
        assert!(self.systemctl(&["daemon-reload"]));
    }
}

impl Drop for UserManager {
    fn drop(&mut self) {
        // Asked to stop, it stops what it started first.
        let _ = Command::new("kill")
            .args(["-TERM", &self.manager.id().to_string()])
            .status();
        let stopped = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(50));
            matches!(self.manager.try_wait(), Ok(Some(_)))
        });
        if !stopped {
            let _ = self.manager.kill();
            let _ = self.manager.wait();
        }
        for cgroup in &self.cgroups {
            remove_cgroup(cgroup);
        }
    }
}

/// Removes an empty cgroup and the ones under it, deepest first.
fn remove_cgroup(cgroup: &Path) {
    if let Ok(entries) = std::fs::read_dir(cgroup) {
        for entry in entries.filter_map(Result::ok) {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_cgroup(&entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir(cgroup);
}

/// The X windows of process `pid` on `desktop`.
fn windows_of(desktop: &Desktop, pid: &str) -> usize {
    let output = Command::new("wmctrl")
        .arg("-lp")
        .env("DISPLAY", &desktop.display)
        .output()
        .expect("wmctrl runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.split_whitespace().nth(2) == Some(pid))
        .count()
}

#[test]
#[ignore = "end-to-end: needs Xvfb and systemd (make test-e2e)"]
fn systemd_starts_the_kiosk_and_starts_it_again_when_it_is_killed() {
    let desktop = Desktop::start(1920, 1080);
    let manager = UserManager::start();
    let kiosk = format!(
        "{} kiosk --name hall-screen --clock 10:42 --clock-rate 0",
        marquee_binary().display()
    );
    manager.install(
        &root().join("deploy/marquee-kiosk.service"),
        &format!(
            "[Service]\nExecStart=\nExecStart={kiosk}\nEnvironment=DISPLAY={} WEBKIT_DISABLE_COMPOSITING_MODE=1 DBUS_SESSION_BUS_ADDRESS={NO_SESSION_BUS} HOME={home} XDG_STATE_HOME={home}/state XDG_CACHE_HOME={home}/cache XDG_CONFIG_HOME={home}/config\n",
            desktop.display,
            home = manager.home.path().display()
        ),
    );
    assert!(manager.systemctl(&["start", "marquee-kiosk.service"]));
    let unit = "marquee-kiosk.service";
    let first = manager.property(unit, "MainPID");
    assert_ne!(first, "0", "the kiosk runs");
    wait_until(
        "the kiosk's window is shown",
        Duration::from_secs(60),
        || windows_of(&desktop, &first) > 0,
    );

    let _ = Command::new("kill").args(["-KILL", &first]).status();
    let took = wait_until("systemd starts it again", Duration::from_secs(30), || {
        let now = manager.property(unit, "MainPID");
        now != "0" && now != first
    });
    let second = manager.property(unit, "MainPID");
    assert_eq!(manager.property(unit, "NRestarts"), "1");
    assert_eq!(manager.property(unit, "ActiveState"), "active");
    wait_until("its window is back", Duration::from_secs(60), || {
        windows_of(&desktop, &second) > 0
    });
    // RestartSec=2: back a moment after it died, not a minute.
    assert!(took < Duration::from_secs(10), "it took {took:?}");
    assert!(manager.systemctl(&["stop", unit]));
}
