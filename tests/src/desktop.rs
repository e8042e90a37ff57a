//! Processes a window test needs: Xvfb, a window manager (a fullscreen window
//! needs one) and tauri-driver (which starts WebKitWebDriver, which starts
//! the app). All of them are killed by PID when the guard is dropped,
//! descendants included, so no run leaks into the next.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Desktop {
    pub display: String,
    pub driver_port: u16,
    xvfb: Child,
    window_manager: Child,
    driver: Child,
}

/// A port on loopback that nothing listens on now.
/// A session bus that is not there: kiosks of tests that run side by side
/// never meet on the desktop's own bus as one screen (a test that wants a
/// bus starts its own).
pub const NO_SESSION_BUS: &str = "unix:path=/nonexistent/marquee-tests/bus";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port on loopback")
}

impl Desktop {
    /// A virtual screen of `width`x`height` with tauri-driver listening.
    pub fn start(width: u32, height: u32) -> Desktop {
        // Xvfb picks a free display itself and writes its number to stdout.
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts (apt-get install xvfb)");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("Xvfb reports its display");
        let display = format!(":{}", line.trim());
        let window_manager = Command::new("matchbox-window-manager")
            .args(["-use_titlebar", "no"])
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the window manager starts (apt-get install matchbox-window-manager)");
        let driver_port = free_port();
        let driver = Command::new(tauri_driver())
            .args(["--port", &driver_port.to_string()])
            .args(["--native-port", &free_port().to_string()])
            .env("DISPLAY", &display)
            // Compositing costs memory and CPU and buys nothing on a signage page.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("DBUS_SESSION_BUS_ADDRESS", NO_SESSION_BUS)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts (cargo install tauri-driver --locked)");
        let desktop = Desktop {
            display,
            driver_port,
            xvfb,
            window_manager,
            driver,
        };
        desktop.wait_for_driver();
        desktop
    }

    /// Processes started for this desktop whose command name is `name`.
    pub fn processes_named(&self, name: &str) -> Vec<u32> {
        descendants(self.driver.id())
            .into_iter()
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|comm| comm.trim() == name)
            })
            .collect()
    }

    /// The whole screen as PNG, as a visitor sees it.
    pub fn screenshot(&self, path: &std::path::Path) {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(path)
            .status()
            .expect("import runs (apt-get install imagemagick)");
        assert!(status.success(), "import could not take a screenshot");
    }

    pub fn driver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.driver_port)
    }

    fn wait_for_driver(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.driver_port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "tauri-driver did not listen on port {} within 20 s",
            self.driver_port
        );
    }
}

/// tauri-driver, as `cargo install` puts it, or on the PATH.
pub fn tauri_driver() -> std::path::PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match cargo_bin {
        Some(path) if path.exists() => path,
        _ => "tauri-driver".into(),
    }
}

/// Every process below `pid`, deepest first.
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut children: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(child) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The command name may hold spaces; the parent pid follows its ')'.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(parent) = parent {
            children.push((parent, child));
        }
    }
    let mut found = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for &(p, child) in &children {
            if p == parent {
                found.push(child);
                frontier.push(child);
            }
        }
    }
    found.reverse();
    found
}

fn kill(pid: u32) {
    let _ = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

impl Drop for Desktop {
    fn drop(&mut self) {
        for pid in descendants(self.driver.id()) {
            kill(pid);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.window_manager.kill();
        let _ = self.window_manager.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
