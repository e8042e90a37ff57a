//! The programs installed beside the command line, each of which it hands
//! a command over to: `marquee-desktop` for the windows, `marquee-hub` for
//! the venue hub. The command line links neither's libraries (WebKit and
//! GTK; an HTTP server, an async runtime and SQLite), so it starts in about
//! a millisecond and runs where no display or GTK is installed.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use crate::HostError;

/// A program beside the command line, and what to build for it.
#[derive(Debug, Clone, Copy)]
pub struct Companion {
    pub program: &'static str,
    /// What it is, for a message.
    what: &'static str,
    /// The package that builds it.
    package: &'static str,
}

pub const DESKTOP: Companion = Companion {
    program: "marquee-desktop",
    what: "the desktop app",
    package: "marquee-desktop",
};

pub const HUB: Companion = Companion {
    program: "marquee-hub",
    what: "the venue hub",
    package: "marquee-server",
};

impl Companion {
    /// Where the program is: beside this one.
    pub fn path(self) -> Result<PathBuf, HostError> {
        let exe = std::env::current_exe()
            .map_err(|e| HostError::WhereInstalled(std::sync::Arc::new(e)))?;
        let beside = exe
            .canonicalize()
            .unwrap_or(exe)
            .with_file_name(self.program);
        if beside.is_file() {
            Ok(beside)
        } else {
            Err(HostError::NotInstalled {
                what: self.what,
                path: beside,
                package: self.package,
            })
        }
    }

    /// Runs the program with `args` in this process's place, so that it
    /// keeps this process's id, its signals and its exit code.
    pub fn run(self, args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, HostError> {
        let program = self.path()?;
        let mut command = Command::new(&program);
        command.args(args);
        let failed = |e: std::io::Error| HostError::Start {
            program: program.clone(),
            source: std::sync::Arc::new(e),
        };
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            Err(failed(command.exec()))
        }
        #[cfg(not(unix))]
        {
            let status = command.status().map_err(failed)?;
            Ok(ExitCode::from(
                status.code().unwrap_or(1).clamp(0, 255) as u8
            ))
        }
    }
}
