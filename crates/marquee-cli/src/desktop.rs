//! The windows live in the desktop app, `marquee-desktop`, installed beside
//! this program: the command line links no desktop libraries, so it starts
//! in milliseconds and runs where no display or GTK is installed. Opening a
//! window hands the whole command line over to the desktop app.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use marquee_host::HostError;

/// The desktop app's name, beside this program.
pub const DESKTOP_PROGRAM: &str = "marquee-desktop";

/// Where the desktop app is: beside this program.
pub fn desktop_program() -> Result<PathBuf, HostError> {
    let exe = std::env::current_exe()
        .map_err(|e| HostError::Usage(format!("cannot tell where marquee is installed: {e}")))?;
    let beside = exe
        .canonicalize()
        .unwrap_or(exe)
        .with_file_name(DESKTOP_PROGRAM);
    if beside.is_file() {
        Ok(beside)
    } else {
        Err(HostError::Usage(format!(
            "the desktop app is not installed: there is no {} (fix: install the marquee package, \
             or build it with `cargo build -p marquee-desktop`)",
            beside.display()
        )))
    }
}

/// Runs the desktop app with `args` in this process's place, so that it
/// keeps this process's id, its signals and its exit code.
pub fn open_desktop(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, HostError> {
    let program = desktop_program()?;
    let mut command = Command::new(&program);
    command.args(args);
    let failed = |e: std::io::Error| {
        HostError::Usage(format!("{}: cannot start it: {e}", program.display()))
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
