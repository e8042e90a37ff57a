//! A real nginx in front of a real hub, with the repository's own
//! configuration (`deploy/nginx-marquee-hub.conf`): the feeds and the
//! programme are served from its cache and revalidated, a change put
//! through it is on the cached programme within a second or two, the event
//! stream passes through unbuffered, and with the hub gone the cache serves
//! the last good copy; all of it over HTTPS with a certificate the test
//! makes, and plain HTTP sent to HTTPS.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use marquee_tests::desktop::free_port;
use marquee_tests::hub::HubProcess;
use marquee_tests::tls::TestCertificate;
use marquee_tests::{marquee_binary, root};

struct Nginx {
    child: Child,
    port: u16,
    plain_port: u16,
    certificate: TestCertificate,
    _prefix: tempfile::TempDir,
}

impl Nginx {
    /// nginx with the repository's configuration, in front of `hub_port`.
    fn start(hub_port: u16) -> Nginx {
        let prefix = tempfile::tempdir().unwrap();
        let (port, plain_port) = (free_port(), free_port());
        let certificate = TestCertificate::new("cache");
        let (cert, key) = certificate.write(prefix.path());
        let ours = std::fs::read_to_string(root().join("deploy/nginx-marquee-hub.conf")).unwrap();
        let site = ours
            .replace(
                "server 127.0.0.1:8080;",
                &format!("server 127.0.0.1:{hub_port};"),
            )
            .replace("listen 80;", &format!("listen 127.0.0.1:{plain_port};"))
            .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port} ssl;"))
            .replace(
                "/etc/ssl/marquee/fullchain.pem",
                &cert.display().to_string(),
            )
            .replace("/etc/ssl/marquee/privkey.pem", &key.display().to_string())
            .replace(
                "/var/cache/nginx/marquee",
                &prefix.path().join("cache").display().to_string(),
            );
        std::fs::write(prefix.path().join("site.conf"), site).unwrap();
        let temp = prefix.path().join("temp");
        std::fs::create_dir_all(prefix.path().join("logs")).unwrap();
        std::fs::create_dir_all(&temp).unwrap();
        let main = format!(
            "daemon off;\nuser root;\nworker_processes 1;\npid {0}/nginx.pid;\nerror_log {0}/logs/error.log;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n access_log off;\n client_body_temp_path {1}/body;\n proxy_temp_path {1}/proxy;\n\
             fastcgi_temp_path {1}/fastcgi;\n uwsgi_temp_path {1}/uwsgi;\n scgi_temp_path {1}/scgi;\n\
             include {0}/site.conf;\n}}\n",
            prefix.path().display(),
            temp.display()
        );
        std::fs::write(prefix.path().join("nginx.conf"), main).unwrap();
        let child = Command::new("nginx")
            .arg("-p")
            .arg(prefix.path())
            .arg("-c")
            .arg(prefix.path().join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx runs (apt-get install nginx)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "nginx never listened");
            std::thread::sleep(Duration::from_millis(20));
        }
        Nginx {
            child,
            port,
            plain_port,
            certificate,
            _prefix: prefix,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    /// A client that trusts the cache's certificate.
    fn agent(&self) -> ureq::Agent {
        self.certificate.client()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // TERM: the master stops its workers and its cache manager before
        // it goes; a KILL would leave them behind.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The cache's verdict and the body for `path`.
fn fetch(nginx: &Nginx, path: &str) -> (String, String) {
    let mut response = nginx.agent().get(nginx.url(path)).call().unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let verdict = response
        .headers()
        .get("x-cache-status")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (verdict, response.body_mut().read_to_string().unwrap())
}

#[test]
#[ignore = "end-to-end: a real nginx in front of a real hub (make test-e2e)"]
fn a_cache_in_front_of_the_hub_serves_revalidates_streams_and_stands_in() {
    let programme = root().join("data/programme.json");
    let mut hub = HubProcess::start(&marquee_binary(), Some(&programme), &[]);
    let nginx = Nginx::start(hub.port);

    // Plain HTTP is sent to HTTPS, where a token may travel.
    let plain: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let sent_on = plain
        .get(format!("http://127.0.0.1:{}/editor", nginx.plain_port))
        .call()
        .unwrap();
    assert_eq!(sent_on.status(), 308);
    assert!(
        sent_on.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("https://"),
        "{:?}",
        sent_on.headers()
    );
    let untrusting = ureq::get(nginx.url("/health")).call();
    assert!(
        untrusting.is_err(),
        "a client that does not trust it refuses it"
    );

    for feed in [
        "/schedule.json",
        "/schedule.xml",
        "/schedule.ics",
        "/api/programme",
    ] {
        fetch(&nginx, feed);
        let (verdict, _) = fetch(&nginx, feed);
        assert_eq!(verdict, "HIT", "{feed} is served from the cache");
    }

    // The event stream through the cache, unbuffered.
    let (heard, events) = channel();
    let stream_url = nginx.url("/api/events");
    let client = nginx.agent();
    std::thread::spawn(move || {
        let response = client
            .get(&stream_url)
            .header("Last-Event-ID", "1")
            .call()
            .unwrap();
        for line in BufReader::new(response.into_body().into_reader()).lines() {
            let Ok(line) = line else { return };
            if heard.send(line).is_err() {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));

    let renamed = std::fs::read_to_string(&programme)
        .unwrap()
        .replace("ContainerDays Boston 2016", "Cached Days");
    let current = nginx
        .agent()
        .get(nginx.url("/api/programme"))
        .call()
        .unwrap();
    let etag = current.headers()["etag"].to_str().unwrap().to_owned();
    let put = nginx
        .agent()
        .put(nginx.url("/api/programme"))
        .header("Authorization", format!("Bearer {}", hub.token()))
        .header("If-Match", &etag)
        .send(&renamed)
        .unwrap();
    assert_eq!(put.status(), 200, "a write passes through the cache");
    let sent = Instant::now();
    loop {
        let line = events
            .recv_timeout(Duration::from_secs(1))
            .expect("the event passes through at once");
        if line.contains("\"revision\":2") {
            break;
        }
    }
    assert!(sent.elapsed() < Duration::from_secs(1));
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let (_, programme) = fetch(&nginx, "/api/programme");
        let (_, feed) = fetch(&nginx, "/schedule.json");
        if programme.contains("Cached Days") && feed.contains("Cached Days") {
            break;
        }
        assert!(Instant::now() < deadline, "the cache never revalidated");
        std::thread::sleep(Duration::from_millis(100));
    }

    // The hub gone: the cache stands in with the last good copy.
    hub.kill();
    let mut verdicts = Vec::new();
    for _ in 0..15 {
        std::thread::sleep(Duration::from_millis(200));
        let (verdict, body) = fetch(&nginx, "/schedule.json");
        assert!(
            body.contains("Cached Days"),
            "the last good copy, every time"
        );
        verdicts.push(verdict);
    }
    assert!(verdicts.iter().any(|v| v == "STALE"), "{verdicts:?}");
}
