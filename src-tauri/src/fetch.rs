//! Fetching a programme from an address, as pretalx and frab publish their
//! exports: bounded in time and size, with errors that say what to do.

use std::io::Read;
use std::time::Duration;

use crate::error::AppError;

/// Limits for one fetch.
#[derive(Debug, Clone, Copy)]
pub struct FetchLimits {
    pub connect: Duration,
    pub total: Duration,
    pub max_bytes: u64,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(30),
            // The largest real schedules are a few megabytes.
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// True when `source` names an address rather than a file.
pub fn is_address(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The text at `address`.
pub fn fetch_text(address: &str, limits: FetchLimits) -> Result<String, AppError> {
    let fail = |reason: String| AppError::Fetch {
        address: address.to_owned(),
        reason,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .http_status_as_error(false)
        .user_agent(concat!("marquee/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(address)
        .call()
        .map_err(|error| fail(describe(&error)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("the server answered {status}")));
    }
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| fail(format!("the download broke off: {error}")))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(fail(format!(
            "it is larger than {} bytes",
            limits.max_bytes
        )));
    }
    String::from_utf8(bytes).map_err(|_| fail("it is not UTF-8 text".to_owned()))
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        ureq::Error::HostNotFound => "the host name does not resolve (offline?)".to_owned(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the connection was refused".to_owned()
        }
        other => other.to_string(),
    }
}
