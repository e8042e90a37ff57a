//! The organiser's editor in a window: the hub's own `/editor` page, on a
//! hub given by address, or on a hub this process runs for a programme file
//! (see `marquee_server::beside`). The page speaks HTTP to its hub, as in a
//! browser, so the window grants it no Tauri command at all.

use std::path::Path;

use marquee_host::error::HostError;
use marquee_server::beside::FileHub;
use tauri::{Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::ShellError;

/// Label of the editor's window; no capability names it.
pub const EDITOR_WINDOW: &str = "editor";

/// Where the editor is, and the hub kept running for it.
pub struct EditorPage {
    pub address: String,
    pub hub: Option<FileHub>,
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
        let hub = FileHub::start(source).map_err(|e| HostError::Usage(e.to_string()))?;
        tracing::info!("editing {} through {}", source.display(), hub.address());
        Ok(EditorPage {
            address: hub.editor_link(),
            hub: Some(hub),
        })
    }
}

/// The app with the editor's window on `page`.
pub fn run_editor<R: Runtime>(
    builder: tauri::Builder<R>,
    page: &EditorPage,
) -> Result<tauri::App<R>, ShellError> {
    let url = page
        .address
        .parse()
        .map_err(|e| HostError::Usage(format!("{}: not an address: {e}", page.address)))?;
    let app = builder
        .setup(move |app| {
            WebviewWindowBuilder::new(app, EDITOR_WINDOW, WebviewUrl::External(url))
                .title("Marquee editor")
                .inner_size(1440.0, 900.0)
                .build()?;
            Ok(())
        })
        .build(tauri::generate_context!())?;
    Ok(app)
}
