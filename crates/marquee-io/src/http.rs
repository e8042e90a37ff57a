//! One bounded HTTP GET for everything Marquee downloads (programmes from an
//! address, speakers' photos): a connect and a total timeout, a size cap, and
//! conditional requests, so that an unchanged export costs a `304`; and a
//! bounded POST of JSON, for a screen's report to its hub. What each fetch
//! may reach is its [`Reach`](crate::reach::Reach).

use std::io::Read;
use std::time::Duration;

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::DefaultConnector;

use crate::reach::Reach;

/// Limits for one fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connect: Duration,
    pub total: Duration,
    pub max_bytes: u64,
    pub reach: Reach,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(30),
            // The largest real schedules are a few megabytes.
            max_bytes: 64 * 1024 * 1024,
            reach: Reach::Anywhere,
        }
    }
}

/// What identifies a version of a resource, from an earlier answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Fresh {
        body: Vec<u8>,
        validators: Validators,
    },
    /// The version named by the validators sent is still current.
    NotModified,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("no answer in time")]
    Timeout,
    #[error("the host name does not resolve (offline?)")]
    HostNotFound,
    #[error("{0}")]
    Forbidden(String),
    #[error("the connection was refused")]
    Refused,
    #[error("the server answered {}", status_text(*.0))]
    Status(u16),
    #[error("it is larger than {0} bytes")]
    TooLarge(u64),
    #[error("the download broke off: {0}")]
    BrokenOff(String),
    #[error("{0}")]
    Other(String),
}

/// True when `source` names an address rather than a file.
pub fn is_address(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The resource at `address`, asked for conditionally when `known` holds
/// validators of a version already had.
pub fn get(
    address: &str,
    limits: Limits,
    known: Option<&Validators>,
) -> Result<Fetched, FetchError> {
    let mut request = agent(limits, address).get(address);
    if let Some(known) = known {
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &known.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
    }
    let mut response = request.call().map_err(|error| describe(&error))?;
    let status = response.status();
    if status == 304 && known.is_some() {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(ToOwned::to_owned)
    };
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let body = read_bounded(&mut response, limits)?;
    Ok(Fetched::Fresh { body, validators })
}

/// The answer's body, up to `limits.max_bytes`.
fn read_bounded(
    response: &mut ureq::http::Response<ureq::Body>,
    limits: Limits,
) -> Result<Vec<u8>, FetchError> {
    let mut body = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(limits.max_bytes + 1)
        .read_to_end(&mut body)
        .map_err(|error| FetchError::BrokenOff(error.to_string()))?;
    if body.len() as u64 > limits.max_bytes {
        return Err(FetchError::TooLarge(limits.max_bytes));
    }
    Ok(body)
}

/// Posts `body`, of `content_type`, to `address` (with `Authorization:
/// Bearer TOKEN` when `bearer` is given) and reads the answer, within `limits`.
pub fn post(
    address: &str,
    content_type: &str,
    body: &[u8],
    bearer: Option<&str>,
    limits: Limits,
) -> Result<Vec<u8>, FetchError> {
    let agent = agent(limits, address);
    let mut request = agent.post(address).header("Content-Type", content_type);
    if let Some(token) = bearer {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.send(body).map_err(|error| describe(&error))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    read_bounded(&mut response, limits)
}

fn agent(limits: Limits, address: &str) -> ureq::Agent {
    let mut tls = ureq::tls::TlsConfig::builder();
    if let Some(authorities) = crate::trust::authorities_for(address) {
        let roots: Vec<ureq::tls::Certificate<'static>> = authorities
            .iter()
            .map(|der| ureq::tls::Certificate::from_der(der.as_ref()).to_owned())
            .collect();
        tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&roots));
    }
    let mut config = ureq::Agent::config_builder().tls_config(tls.build());
    // A proxy from the environment would be the only address the reach
    // sees: a fetch that must not reach everywhere goes without one.
    if limits.reach != Reach::Anywhere {
        config = config.proxy(None);
    }
    let config = config
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .http_status_as_error(false)
        .user_agent(concat!("marquee/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::with_parts(
        config,
        DefaultConnector::default(),
        Guarded {
            reach: limits.reach,
            inner: DefaultResolver::default(),
        },
    )
}

/// Resolves names as usual, then keeps only the addresses the reach allows:
/// every connection, redirects' included, goes through it.
#[derive(Debug)]
struct Guarded {
    reach: Reach,
    inner: DefaultResolver,
}

impl Resolver for Guarded {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let found = self.inner.resolve(uri, config, timeout)?;
        let mut kept = self.empty();
        for address in found.iter().filter(|a| self.reach.allows(a.ip())) {
            kept.push(*address);
        }
        if kept.is_empty() {
            let host = uri.host().unwrap_or_default();
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "{host} is a link-local, loopback or private address, which this fetch may not reach"
                ),
            )));
        }
        Ok(kept)
    }
}

/// "404 Not Found": the code and its reason phrase, where it has one.
fn status_text(code: u16) -> String {
    match ureq::http::StatusCode::from_u16(code) {
        Ok(status) => status.to_string(),
        Err(_) => code.to_string(),
    }
}

fn describe(error: &ureq::Error) -> FetchError {
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::HostNotFound => FetchError::HostNotFound,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            FetchError::Forbidden(io.to_string())
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::Refused
        }
        other => FetchError::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use marquee_tests::http::{Answer, Server};

    use super::*;

    #[test]
    fn addresses_are_told_from_files() {
        assert!(is_address("https://pretalx.example/schedule.json"));
        assert!(is_address("HTTP://hub:8080"));
        assert!(!is_address("data/programme.json"));
        assert!(!is_address("http"));
    }

    #[test]
    fn a_body_over_the_limit_is_refused() {
        let server = Server::start(Answer::Respond(200, vec![b'x'; 2048]));
        let limits = Limits {
            max_bytes: 1024,
            ..Limits::default()
        };
        assert_eq!(
            get(&server.url("/big"), limits, None),
            Err(FetchError::TooLarge(1024))
        );
        let fetched = get(&server.url("/big"), Limits::default(), None).unwrap();
        assert!(matches!(fetched, Fetched::Fresh { body, .. } if body.len() == 2048));
    }

    #[test]
    fn a_version_already_had_is_not_downloaded_again() {
        let server = Server::start(Answer::Versioned {
            etag: "\"r7\"".to_owned(),
            body: b"programme".to_vec(),
        });
        let Fetched::Fresh { body, validators } =
            get(&server.url("/p"), Limits::default(), None).unwrap()
        else {
            panic!("a first fetch has a body");
        };
        assert_eq!(body, b"programme");
        assert_eq!(validators.etag.as_deref(), Some("\"r7\""));
        let again = get(&server.url("/p"), Limits::default(), Some(&validators)).unwrap();
        assert_eq!(again, Fetched::NotModified);
    }

    #[test]
    fn a_reach_refuses_before_connecting_and_on_redirects() {
        let server = Server::start(Answer::Respond(200, b"loopback".to_vec()));
        let public = Limits {
            reach: Reach::Public,
            ..Limits::default()
        };
        assert!(matches!(
            get(&server.url("/"), public, None),
            Err(FetchError::Forbidden(_))
        ));
        let local = Limits {
            reach: Reach::Local,
            ..Limits::default()
        };
        assert!(matches!(
            get(&server.url("/"), local, None),
            Ok(Fetched::Fresh { .. })
        ));
        // A redirect from an allowed address to a refused one is refused.
        let redirecting = Server::start(Answer::Redirect(server.url("/")));
        assert!(matches!(
            get(&redirecting.url("/"), public, None),
            Err(FetchError::Forbidden(_))
        ));
    }

    #[test]
    fn the_metadata_address_is_refused_before_any_connection() {
        // Resolving an address literal makes no connection: the resolver
        // alone is asked, as every connection of a fetch asks it.
        let guarded = Guarded {
            reach: Reach::Local,
            inner: DefaultResolver::default(),
        };
        let config = ureq::config::Config::default();
        for address in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]:80/",
        ] {
            let uri: ureq::http::Uri = address.parse().unwrap();
            let refused = guarded.resolve(
                &uri,
                &config,
                ureq::unversioned::transport::NextTimeout::default(),
            );
            assert!(
                matches!(&refused, Err(ureq::Error::Io(io)) if io.kind() == std::io::ErrorKind::PermissionDenied),
                "{address}: {refused:?}"
            );
        }
    }

    #[test]
    fn an_error_status_and_a_closed_port_say_what_happened() {
        let server = Server::start(Answer::Respond(503, b"down".to_vec()));
        assert_eq!(
            get(&server.url("/"), Limits::default(), None),
            Err(FetchError::Status(503))
        );
        let closed = Server::start(Answer::Respond(200, Vec::new()));
        let address = closed.url("/");
        drop(closed);
        assert_eq!(
            get(&address, Limits::default(), None),
            Err(FetchError::Refused)
        );
    }
}
