//! The hub's pages in a window: the organiser's editor (the hub's own
//! `/editor` page, on a hub given by address, or on the hub this process
//! starts for a programme file: `marquee-hub serve FILE --write-back
//! --editor`, as `marquee serve` starts it) and a room's chair view. A page
//! speaks HTTP to its hub, as in a browser, so its window grants it no
//! Tauri command at all, and the desktop app links no server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use marquee_host::companion::HUB;
use tauri::{Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::ShellError;

/// Label of the editor's window; no capability names it.
pub const EDITOR_WINDOW: &str = "editor";
/// Label of the chair's window; no capability names it either.
pub const CHAIR_WINDOW: &str = "chair";
/// Label of a room's stage monitor window; no capability names it.
pub const STAGE_WINDOW: &str = "stage";

/// A window on one of the hub's pages.
pub struct HubWindow<'a> {
    pub label: &'static str,
    pub title: &'static str,
    pub address: &'a str,
    pub fullscreen: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("{}: the editor's hub cannot start: {source}", program.display())]
    Start {
        program: PathBuf,
        source: std::io::Error,
    },
    /// It said why on standard error, which it shares with this process.
    #[error("{}: the editor's hub stopped before it served (its message is above)", file.display())]
    Stopped { file: PathBuf },
    #[error(transparent)]
    ChairLink(#[from] marquee_args::ChairLinkError),
    #[error("{address:?}: not an address: {source}")]
    NotAnAddress {
        address: String,
        source: url::ParseError,
    },
}

/// Where the editor is, and the hub kept running for it.
pub struct EditorPage {
    pub address: String,
    pub hub: Option<FileHub>,
}

/// The hub of one programme file, a process of its own until dropped.
pub struct FileHub {
    child: Child,
}

impl FileHub {
    /// Starts the hub for `file` and reads the editor's link it prints.
    fn start(file: &Path) -> Result<(FileHub, String), ShellError> {
        let program = HUB.path()?;
        let mut command = Command::new(&program);
        command
            .arg("serve")
            .arg(file)
            .args(["--write-back", "--editor", "--bind", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        // The hub goes with this process, however it ends.
        #[cfg(target_os = "linux")]
        unsafe {
            use std::os::unix::process::CommandExt;
            // SAFETY: prctl is async-signal-safe; nothing else runs between
            // fork and exec.
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                Ok(())
            });
        }
        let mut child = command.spawn().map_err(|source| EditorError::Start {
            program: program.clone(),
            source,
        })?;
        let mut link = String::new();
        let stdout = child.stdout.take().expect("stdout is piped");
        let read = BufReader::new(stdout).read_line(&mut link);
        let hub = FileHub { child };
        match read {
            Ok(n) if n > 0 && link.starts_with("http://") => Ok((hub, link.trim().to_owned())),
            _ => Err(EditorError::Stopped {
                file: file.to_owned(),
            }
            .into()),
        }
    }
}

impl Drop for FileHub {
    fn drop(&mut self) {
        // TERM, so that it ends as a service does; its store is safe either way.
        #[cfg(target_os = "linux")]
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: a signal to the child this value owns and has not reaped.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        #[cfg(not(target_os = "linux"))]
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl EditorPage {
    /// The editor of the hub at `source`, or of a hub for the file `source`.
    pub fn open(source: &Path) -> Result<EditorPage, ShellError> {
        let text = source.to_string_lossy();
        if marquee_io::is_address(&text) {
            return Ok(EditorPage {
                address: format!("{}/editor", text.trim_end_matches('/')),
                hub: None,
            });
        }
        let (hub, address) = FileHub::start(source)?;
        tracing::info!(
            "editing {} through the hub of pid {}",
            source.display(),
            hub.child.id()
        );
        Ok(EditorPage {
            address,
            hub: Some(hub),
        })
    }
}

/// The app with the editor's window on `page`.
pub fn run_editor<R: Runtime>(
    builder: tauri::Builder<R>,
    page: &EditorPage,
) -> Result<tauri::App<R>, ShellError> {
    run_hub_window(
        builder,
        &HubWindow {
            label: EDITOR_WINDOW,
            title: "Marquee editor",
            address: &page.address,
            fullscreen: false,
        },
    )
}

/// The app with one window on a hub's page.
pub fn run_hub_window<R: Runtime>(
    builder: tauri::Builder<R>,
    window: &HubWindow<'_>,
) -> Result<tauri::App<R>, ShellError> {
    let url = window
        .address
        .parse()
        .map_err(|source| EditorError::NotAnAddress {
            address: window.address.to_owned(),
            source,
        })?;
    let (label, title, fullscreen) = (window.label, window.title, window.fullscreen);
    let app = builder
        .setup(move |app| {
            WebviewWindowBuilder::new(app, label, WebviewUrl::External(url))
                .title(title)
                .inner_size(1440.0, 900.0)
                .fullscreen(fullscreen)
                .build()?;
            Ok(())
        })
        .build(tauri::generate_context!())?;
    Ok(app)
}
