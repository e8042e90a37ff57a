//! A real Chromium for the hub's browser views: Debian's `chromium`,
//! headless, driven through its `chromedriver` on a loopback port, both
//! stopped with the test.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::webdriver::Session;

pub struct Browser {
    driver: Child,
    port: u16,
    profile: tempfile::TempDir,
    opened: std::sync::atomic::AtomicUsize,
}

/// Headless Chromium's windows are at least this wide; a page narrower is a phone's.
const PHONE_WIDEST: u32 = 500;

impl Browser {
    pub fn start() -> Browser {
        let port = crate::desktop::free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium-driver)");
        let browser = Browser {
            driver,
            port,
            profile: tempfile::tempdir().expect("a profile folder"),
            opened: std::sync::atomic::AtomicUsize::new(0),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        browser
    }

    /// A page of `width` by `height` CSS pixels; narrower than a desktop
    /// window can be, a phone's (touch, twice the pixels).
    pub fn session(&self, width: u32, height: u32) -> Session {
        self.open(width, height, width < PHONE_WIDEST, &[])
    }

    /// A page as [`Browser::session`] gives, that takes the certificate
    /// whose public key's SHA-256 is `spki_sha256` (base64), as a browser
    /// that trusts a venue's own authority would.
    pub fn trusting(&self, width: u32, height: u32, spki_sha256: &str) -> Session {
        let trust = format!("--ignore-certificate-errors-spki-list={spki_sha256}");
        self.open(width, height, false, &[trust])
    }

    /// A tablet's page of `width` by `height` CSS pixels: touch, twice the pixels.
    pub fn tablet(&self, width: u32, height: u32) -> Session {
        self.open(width, height, true, &[])
    }

    fn open(&self, width: u32, height: u32, touch: bool, extra: &[String]) -> Session {
        // A profile of its own: two pages of one size may be open at once.
        let opened = self
            .opened
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let profile = self
            .profile
            .path()
            .join(format!("{width}x{height}-{opened}"));
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--window-size={},{}", width.max(PHONE_WIDEST), height),
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if let Some(args) = options["args"].as_array_mut() {
            args.extend(extra.iter().map(|arg| json!(arg)));
        }
        if touch {
            options["mobileEmulation"] = json!({
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": true}
            });
        }
        Session::with(
            &format!("http://127.0.0.1:{}", self.port),
            json!({"browserName": "chrome", "goog:chromeOptions": options}),
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
