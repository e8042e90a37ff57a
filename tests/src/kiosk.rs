//! A kiosk started as a venue starts one (`marquee kiosk ARGS` in a window
//! under the test's X display), with a state folder for its logs, killed
//! with all its processes when dropped.

use std::process::{Child, Command, Stdio};

use crate::desktop::{Desktop, descendants};
use crate::marquee_binary;

/// A kiosk started as a venue starts one, killed with all its processes at
/// the end; it keeps its logs in a state folder of its own.
pub struct Kiosk(Child, tempfile::TempDir);

impl Kiosk {
    pub fn start(desktop: &Desktop, args: &[String]) -> Kiosk {
        Kiosk::start_with(desktop, args, &[])
    }

    /// As [`Kiosk::start`], with `env` set for it too.
    pub fn start_with(desktop: &Desktop, args: &[String], env: &[(&str, &str)]) -> Kiosk {
        let mut env = env.to_vec();
        env.push(("DISPLAY", &desktop.display));
        Kiosk::start_on(args, &env)
    }

    /// A kiosk on the display `env` names (`DISPLAY`, or `WAYLAND_DISPLAY`).
    pub fn start_on(args: &[String], env: &[(&str, &str)]) -> Kiosk {
        let state = tempfile::tempdir().expect("a state folder");
        let child = Command::new(marquee_binary())
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", crate::desktop::NO_SESSION_BUS)
            .envs(env.iter().copied())
            .env("XDG_STATE_HOME", state.path())
            // Where it keeps its screen token.
            .env("XDG_CONFIG_HOME", state.path())
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("marquee kiosk runs");
        Kiosk(child, state)
    }

    /// Everything its log files hold.
    pub fn logs(&self) -> String {
        let folder = self.1.path().join("marquee/logs");
        std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
            .collect()
    }

    /// How it ended, if it did within `limit`.
    pub fn ended_within(&mut self, limit: std::time::Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        None
    }

    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    pub fn kill(&mut self) {
        for pid in descendants(self.0.id()) {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `kiosk` for screen `name`, at 10:42 on a clock that stands still, on
/// `programme` (the default one when none), with `extra` options after.
pub fn kiosk_args(programme: Option<&str>, name: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["kiosk"];
    if let Some(programme) = programme {
        args.extend(["--programme", programme]);
    }
    args.extend(["--name", name, "--clock", "10:42", "--clock-rate", "0"]);
    args.extend(extra);
    args.into_iter().map(ToOwned::to_owned).collect()
}

/// A kiosk for `room` under WebDriver (tauri-driver on `desktop`), following
/// `programme` with its clock stopped at `clock`, once it shows `showing`.
pub fn watched_kiosk(
    desktop: &Desktop,
    programme: &str,
    room: &str,
    clock: &str,
    showing: &str,
) -> crate::webdriver::Session {
    let kiosk = crate::webdriver::Session::start(
        &desktop.driver_url(),
        &marquee_binary(),
        &[
            "kiosk",
            "--programme",
            programme,
            "--room",
            room,
            "--clock",
            clock,
            "--clock-rate",
            "0",
        ],
    );
    crate::wait_until(
        &format!("the kiosk shows {showing}"),
        std::time::Duration::from_secs(30),
        || kiosk.page_text().contains(showing),
    );
    kiosk
}
