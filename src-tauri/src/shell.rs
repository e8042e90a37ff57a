//! The desktop shell: one window that shows the programme, fed by thin
//! commands over the app's single state.

use std::sync::Mutex;

use marquee_core::Programme;
use marquee_core::listing::Listing;
use tauri::{Manager, State, WebviewUrl, WebviewWindowBuilder};

use crate::cli::KioskArgs;
use crate::error::AppError;
use crate::source::read_programme;

/// Label of the public display window; capabilities grant by this label.
pub const DISPLAY_WINDOW: &str = "display";

/// Everything the shell knows: the programme on screen, or why there is none.
pub struct AppState {
    programme: Mutex<Result<Programme, AppError>>,
}

impl AppState {
    pub fn load(args: &KioskArgs) -> Self {
        let path = args.programme_path();
        let loaded =
            read_programme(&path, &args.read.options(), args.read.fetch.limits()).map(|imported| {
                for warning in &imported.warnings {
                    tracing::warn!("{}", warning.report(&path.display().to_string()));
                }
                imported.programme
            });
        if let Err(error) = &loaded {
            tracing::error!("{error}");
        }
        Self {
            programme: Mutex::new(loaded),
        }
    }
}

/// The programme as a list per room, with times in the venue's zone.
#[tauri::command]
fn listing(state: State<'_, AppState>) -> Result<Listing, AppError> {
    let programme = state.programme.lock().unwrap_or_else(|e| e.into_inner());
    programme.as_ref().map(Listing::of).map_err(Clone::clone)
}

/// Opens the display window and runs until it is closed.
pub fn run(args: KioskArgs) -> Result<(), AppError> {
    let state = AppState::load(&args);
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![listing])
        .setup(|app| {
            WebviewWindowBuilder::new(app, DISPLAY_WINDOW, WebviewUrl::App("index.html".into()))
                .title("Marquee")
                .inner_size(1280.0, 800.0)
                .build()?;
            debug_assert!(app.get_webview_window(DISPLAY_WINDOW).is_some());
            Ok(())
        })
        .run(tauri::generate_context!())?;
    Ok(())
}
