//! A kiosk in a Wayland session keeps the screen awake: a real compositor
//! (sway, headless, on the same wlroots code as labwc and wayfire, Raspberry
//! Pi OS's desktops) lists the fullscreen kiosk's window as inhibiting idle,
//! and a windowed kiosk's as not.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marquee_tests::kiosk::Kiosk;
use marquee_tests::wait_until;

/// The user sway runs as: it refuses to run as root.
const NOBODY: u32 = 65534;

/// A headless sway with its runtime folder, stopped with the test.
struct Sway {
    child: Child,
    runtime: tempfile::TempDir,
}

impl Sway {
    fn start() -> Sway {
        let runtime = tempfile::tempdir().expect("a runtime folder");
        std::fs::set_permissions(runtime.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::chown(runtime.path(), Some(NOBODY), Some(NOBODY)).unwrap();
        let config = runtime.path().join("sway.conf");
        std::fs::write(&config, "output HEADLESS-1 resolution 1920x1080\n").unwrap();
        let child = Command::new("setpriv")
            .args([
                &format!("--reuid={NOBODY}"),
                &format!("--regid={NOBODY}"),
                "--clear-groups",
                "sway",
                "--config",
            ])
            .arg(&config)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", runtime.path())
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sway runs (apt-get install sway)");
        let sway = Sway { child, runtime };
        wait_until("sway listens", Duration::from_secs(20), || {
            sway.socket().is_some() && sway.ipc().is_some()
        });
        sway
    }

    /// Its Wayland socket.
    fn socket(&self) -> Option<PathBuf> {
        self.find(|name| name.starts_with("wayland-") && !name.ends_with(".lock"))
    }

    /// Its IPC socket, for swaymsg.
    fn ipc(&self) -> Option<PathBuf> {
        self.find(|name| name.starts_with("sway-ipc."))
    }

    fn find(&self, wanted: impl Fn(&str) -> bool) -> Option<PathBuf> {
        std::fs::read_dir(self.runtime.path())
            .ok()?
            .filter_map(Result::ok)
            .find(|entry| wanted(&entry.file_name().to_string_lossy()))
            .map(|entry| entry.path())
    }

    /// The window of process `pid`, as sway describes it.
    fn window_of(&self, pid: u32) -> Option<serde_json::Value> {
        let ipc = self.ipc()?;
        let output = Command::new("swaymsg")
            .arg("-s")
            .arg(ipc)
            .args(["-t", "get_tree", "-r"])
            .output()
            .ok()?;
        let tree: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
        find_view(&tree, pid)
    }

    /// `marquee kiosk ARGS` on this compositor.
    fn kiosk(&self, args: &[&str]) -> Kiosk {
        let socket = self.socket().unwrap();
        let args: Vec<String> = std::iter::once("kiosk")
            .chain(args.iter().copied())
            .map(ToOwned::to_owned)
            .collect();
        Kiosk::start_on(
            &args,
            &[
                ("WAYLAND_DISPLAY", &socket.to_string_lossy()),
                ("XDG_RUNTIME_DIR", &self.runtime.path().to_string_lossy()),
                ("GDK_BACKEND", "wayland"),
            ],
        )
    }
}

impl Drop for Sway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The view (a window) of `pid` anywhere in sway's tree.
fn find_view(node: &serde_json::Value, pid: u32) -> Option<serde_json::Value> {
    if node["pid"].as_u64() == Some(u64::from(pid)) {
        return Some(node.clone());
    }
    ["nodes", "floating_nodes"]
        .iter()
        .filter_map(|key| node[key].as_array())
        .flatten()
        .find_map(|child| find_view(child, pid))
}

/// Whether sway says the window of `kiosk` inhibits idle, once it shows it.
fn inhibits_idle(sway: &Sway, kiosk: &Kiosk) -> bool {
    let started = Instant::now();
    loop {
        if let Some(view) = sway.window_of(kiosk.pid()) {
            // The inhibitor follows the window's mapping: give it a moment.
            if view["inhibit_idle"] == true || started.elapsed() > Duration::from_secs(45) {
                return view["inhibit_idle"] == true;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the kiosk's window never appeared on the compositor"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "end-to-end: needs sway (make test-e2e)"]
fn on_wayland_the_fullscreen_kiosk_holds_the_screen_awake_and_a_windowed_one_does_not() {
    let sway = Sway::start();

    let mut kiosk = sway.kiosk(&["--clock", "10:42", "--clock-rate", "0"]);
    let held = inhibits_idle(&sway, &kiosk);
    kiosk.kill();
    assert!(held, "the fullscreen kiosk's window does not inhibit idle");

    let windowed = sway.kiosk(&["--windowed", "--clock", "10:42", "--clock-rate", "0"]);
    // Shown, but not holding the screen: a kiosk on a desk is a window like any.
    wait_until(
        "the windowed kiosk is shown",
        Duration::from_secs(60),
        || sway.window_of(windowed.pid()).is_some(),
    );
    std::thread::sleep(Duration::from_secs(3));
    let view = sway.window_of(windowed.pid()).expect("its window");
    drop(windowed);
    assert_eq!(view["inhibit_idle"], false, "{view}");
}
