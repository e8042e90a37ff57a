//! The hosts' one error type. It serializes as `{kind, message}` so that a
//! front end can choose what to show by kind and print the message as is.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use marquee_core::ImportError;
use serde::Serialize;

#[derive(Debug, Clone, thiserror::Error)]
pub enum HostError {
    #[error("{}: cannot read it: {source} (fix: check the path and its permissions)", path.display())]
    Read {
        path: PathBuf,
        source: Arc<io::Error>,
    },
    #[error("{}: {source}", path.display())]
    Import { path: PathBuf, source: ImportError },
    #[error(
        "{address}: cannot fetch it: {source} (fix: check the address and the network, or use a saved copy of the file)"
    )]
    Fetch {
        address: String,
        source: marquee_io::FetchError,
    },
    #[error(
        "{}: cannot write it: {source} (fix: check that the folder exists and is writable)",
        path.display()
    )]
    Write {
        path: PathBuf,
        source: Arc<io::Error>,
    },
    #[error("{}: {message} (fix: see `marquee kiosk --help` for the settings a screen takes)", path.display())]
    Settings { path: PathBuf, message: String },
    #[error(
        "no programme was named and the default one is not installed; looked in {} \
         (fix: name a programme file or address, or set MARQUEE_DATA to its folder)",
        list(.0)
    )]
    NoDefaultProgramme(Vec<PathBuf>),
    #[error("there is no room {name:?}; the rooms are: {}", .known.join(", "))]
    UnknownRoom { name: String, known: Vec<String> },
    #[error("clock rate {0} is not a number of times faster than real time (fix: use 0 or more)")]
    ClockRate(f64),
    #[error(
        "--hub-ca is for a screen that follows a hub, and {0} is not one (fix: give the hub's address, e.g. https://hub.example:8443)"
    )]
    NotAHub(String),
    #[error(transparent)]
    Trust(Arc<marquee_io::trust::TrustError>),
    #[error(
        "{hub}: the code {code} is unknown, used or expired (fix: add the screen again in the editor's Screens panel and use the new code within the hour)"
    )]
    EnrolmentRefused { hub: String, code: String },
    #[error("{address}: an answer Marquee does not understand: {reason}")]
    Answer { address: String, reason: String },
    #[error("cannot tell where marquee is installed: {0}")]
    WhereInstalled(Arc<io::Error>),
    #[error(
        "{what} is not installed: there is no {} (fix: install the marquee package, or build it with `cargo build -p {package}`)",
        path.display()
    )]
    NotInstalled {
        what: &'static str,
        path: PathBuf,
        package: &'static str,
    },
    #[error("{}: cannot start it: {source}", program.display())]
    Start {
        program: PathBuf,
        source: Arc<io::Error>,
    },
}

fn list(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// What kind of failure, for the front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Read,
    Import,
    Fetch,
    Write,
    Settings,
    Usage,
}

/// An error as the front end receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
}

impl HostError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            HostError::Read { .. } => ErrorKind::Read,
            HostError::Import { .. } => ErrorKind::Import,
            HostError::Fetch { .. } => ErrorKind::Fetch,
            HostError::Write { .. } => ErrorKind::Write,
            HostError::Settings { .. } => ErrorKind::Settings,
            HostError::NoDefaultProgramme(_)
            | HostError::UnknownRoom { .. }
            | HostError::ClockRate(_)
            | HostError::NotAHub(_)
            | HostError::Trust(_)
            | HostError::EnrolmentRefused { .. }
            | HostError::Answer { .. }
            | HostError::WhereInstalled(_)
            | HostError::NotInstalled { .. }
            | HostError::Start { .. } => ErrorKind::Usage,
        }
    }

    pub fn read(path: impl Into<PathBuf>, source: io::Error) -> Self {
        HostError::Read {
            path: path.into(),
            source: Arc::new(source),
        }
    }

    pub fn write(path: impl Into<PathBuf>, source: io::Error) -> Self {
        HostError::Write {
            path: path.into(),
            source: Arc::new(source),
        }
    }
}

impl From<&HostError> for ErrorPayload {
    fn from(error: &HostError) -> Self {
        ErrorPayload {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl Serialize for HostError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ErrorPayload::from(self).serialize(serializer)
    }
}
