//! A real `marquee serve` on a loopback port, with its own data folder, for
//! tests of what follows the hub; stopped with the test, or killed at will.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::desktop::free_port;

pub struct HubProcess {
    child: Option<Child>,
    binary: PathBuf,
    pub port: u16,
    pub data: tempfile::TempDir,
    source: Option<String>,
    options: Vec<String>,
    /// The hub's open-file limit, set with `prlimit` as systemd's
    /// `LimitNOFILE` would; its own when none.
    open_files: Option<u64>,
}

impl HubProcess {
    /// `marquee serve SOURCE OPTIONS` at `binary`, on a free port and a new
    /// data folder.
    pub fn start(binary: &Path, source: Option<&Path>, options: &[&str]) -> HubProcess {
        HubProcess::start_limited(binary, source, options, None)
    }

    /// As [`HubProcess::start`], allowed `open_files` files (soft and hard).
    pub fn start_limited(
        binary: &Path,
        source: Option<&Path>,
        options: &[&str],
        open_files: Option<u64>,
    ) -> HubProcess {
        let mut hub = HubProcess {
            child: None,
            binary: binary.to_owned(),
            port: free_port(),
            data: tempfile::tempdir().expect("a data folder"),
            source: source.map(|s| s.display().to_string()),
            options: options.iter().map(|a| a.to_string()).collect(),
            open_files,
        };
        hub.restart(true);
        hub
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The hub's process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("the hub runs").id()
    }

    /// The organiser's token the hub made.
    pub fn token(&self) -> String {
        std::fs::read_to_string(self.data.path().join("organiser-token"))
            .expect("the hub keeps its token")
            .trim()
            .to_owned()
    }

    /// A one-time code for a screen to enrol with, as the editor's Screens
    /// panel gives it.
    pub fn enrolment_code(&self) -> String {
        let answer: serde_json::Value = ureq::post(&self.url("/api/screens/enrolments"))
            .header("Authorization", format!("Bearer {}", self.token()))
            .send_empty()
            .expect("the hub gives an enrolment code")
            .body_mut()
            .read_json()
            .expect("the code as JSON");
        answer["code"].as_str().expect("a code").to_owned()
    }

    /// Kills the hub at once, as a power cut would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the hub again on its data folder, with its source when
    /// `with_source`, else without (it carries on where it was).
    pub fn restart(&mut self, with_source: bool) {
        self.kill();
        let port = self.port.to_string();
        let bind = format!("127.0.0.1:{port}");
        let mut command = match self.open_files {
            Some(limit) => {
                let mut limited = Command::new("prlimit");
                limited
                    .arg(format!("--nofile={limit}:{limit}"))
                    .arg(&self.binary);
                limited
            }
            None => Command::new(&self.binary),
        };
        command
            .arg("serve")
            .args(["--bind", &bind])
            .arg("--data")
            .arg(self.data.path());
        if let Some(source) = self.source.as_ref().filter(|_| with_source) {
            command.arg(source);
        }
        command.args(&self.options);
        let child = command
            .env_remove("MARQUEE_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("marquee serve runs");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        // A hub serving HTTPS is up once it takes connections.
        let tls = self.options.iter().any(|option| option == "--tls-cert");
        let up = || match tls {
            true => std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok(),
            false => ureq::get(&self.url("/health")).call().is_ok(),
        };
        while !up() {
            assert!(Instant::now() < deadline, "the hub never answered");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The chair link of `room` the hub hands the organiser.
    pub fn chair_link(&self, room: &str) -> String {
        let links: serde_json::Value = ureq::get(&self.url("/api/chairs"))
            .header("Authorization", format!("Bearer {}", self.token()))
            .call()
            .expect("the hub answers")
            .body_mut()
            .read_json()
            .expect("chair links");
        links
            .as_array()
            .and_then(|links| links.iter().find(|l| l["room"] == room))
            .and_then(|link| link["link"].as_str())
            .unwrap_or_else(|| panic!("no chair link for {room}"))
            .to_owned()
    }

    /// The programme as the hub serves it.
    pub fn programme(&self) -> serde_json::Value {
        ureq::get(&self.url("/api/programme"))
            .call()
            .expect("the hub answers")
            .body_mut()
            .read_json()
            .expect("a programme")
    }

    /// Session `id` as the hub serves it.
    pub fn session(&self, id: &str) -> serde_json::Value {
        let programme = self.programme();
        let sessions = programme["sessions"].as_array().expect("sessions");
        sessions
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no session {id}"))
            .clone()
    }

    /// Replaces the programme with `body`, based on the current revision;
    /// the status and the answer.
    pub fn put(&self, body: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let current = crate::chaos::current_etag(&agent, &self.url(""))
            .unwrap_or_else(|| "\"r0\"".to_owned());
        let mut response = agent
            .put(&self.url("/api/programme"))
            .header("Authorization", format!("Bearer {}", self.token()))
            .header("If-Match", &current)
            .send(body)
            .expect("the hub answers");
        let status = response.status().as_u16();
        (
            status,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
