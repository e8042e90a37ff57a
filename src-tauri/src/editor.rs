//! The hub's pages in a window: the organiser's editor (the hub's own
//! `/editor` page, on a hub given by address, or on a hub this process runs
//! for a programme file, see `marquee_server::beside`) and a room's chair
//! view. A page speaks HTTP to its hub, as in a browser, so its window
//! grants it no Tauri command at all.

use std::path::Path;

use marquee_host::error::HostError;
use marquee_server::beside::FileHub;
use tauri::{Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::ShellError;

/// Label of the editor's window; no capability names it.
pub const EDITOR_WINDOW: &str = "editor";
/// Label of the chair's window; no capability names it either.
pub const CHAIR_WINDOW: &str = "chair";

/// A window on one of the hub's pages.
pub struct HubWindow<'a> {
    pub label: &'static str,
    pub title: &'static str,
    pub address: &'a str,
    pub fullscreen: bool,
}

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
        .map_err(|e| HostError::Usage(format!("{}: not an address: {e}", window.address)))?;
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
