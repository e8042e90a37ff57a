//! The desktop shell: the display window, fed by the scheduler's screens as
//! events, with pictures on the app's own scheme and two thin commands.

use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use marquee_media::service::{FetchPolicy, PhotoService};
use tauri::http::{Response, StatusCode, header};
use tauri::{Emitter, Manager, State, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::cli::KioskArgs;
use crate::error::AppError;
use crate::feed;
use crate::media::{Current, Media, MediaError, SCHEME};
use crate::scheduler::{Plan, Scheduler};
use crate::screen::{Colours, Screen};
use crate::settings::ScreenSettings;

/// Label of the public display window; capabilities grant by this label.
pub const DISPLAY_WINDOW: &str = "display";

/// The event that carries each new [`Screen`] to the display.
pub const SCREEN_EVENT: &str = "screen";

/// Everything the shell knows: the screen last published, and when it started.
pub struct AppState {
    screen: Mutex<Screen>,
    launched: Instant,
    painted: std::sync::Once,
}

/// The screen as it stands, for a page that has just loaded.
#[tauri::command]
fn screen(state: State<'_, AppState>) -> Screen {
    state
        .screen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// The page has painted its first scene.
#[tauri::command]
fn painted(state: State<'_, AppState>) {
    state.painted.call_once(|| {
        tracing::info!(
            "first scene painted {} ms after launch",
            state.launched.elapsed().as_millis()
        );
    });
}

/// Opens the display and runs until it is closed.
pub fn run(args: KioskArgs, launched: Instant) -> Result<(), AppError> {
    tune_webkit_environment();
    let settings = ScreenSettings::from_args(&args)?;
    let current: Current = Arc::default();
    let folder = settings
        .programme
        .parent()
        .map(ToOwned::to_owned)
        .unwrap_or_default();
    let photos = PhotoService::start(photo_cache_dir(), folder, FetchPolicy::default());
    let media = Media::new(photos, current.clone());
    let state = AppState {
        screen: Mutex::new(Screen {
            snapshot: None,
            problem: None,
            simulated: settings.clock.is_some() || settings.clock_rate.is_some(),
            offline: None,
            colours: Colours::for_programme(settings.theme, None),
        }),
        launched,
        painted: std::sync::Once::new(),
    };
    tauri::Builder::default()
        .manage(state)
        .register_uri_scheme_protocol(SCHEME, move |_context, request| {
            respond(&media, request.uri().path())
        })
        .invoke_handler(tauri::generate_handler![screen, painted])
        .setup(move |app| {
            let windowed = settings.windowed;
            let window = WebviewWindowBuilder::new(
                app,
                DISPLAY_WINDOW,
                WebviewUrl::App("index.html".into()),
            )
            .title("Marquee")
            .inner_size(1280.0, 720.0)
            .fullscreen(!windowed)
            .decorations(windowed)
            .build()?;
            if !windowed {
                window.set_cursor_visible(false)?;
            }
            tune_webview(&window);

            let (updates, received) = channel();
            let handle = app.handle().clone();
            let scheduler = Scheduler::new(Plan::from(&settings));
            std::thread::Builder::new()
                .name("scheduler".to_owned())
                .spawn(move || {
                    scheduler.run(received, |screen| {
                        let state = handle.state::<AppState>();
                        *state.screen.lock().unwrap_or_else(|e| e.into_inner()) = screen.clone();
                        if let Err(error) = handle.emit_to(DISPLAY_WINDOW, SCREEN_EVENT, screen) {
                            tracing::error!("the screen could not be sent to the window: {error}");
                        }
                    })
                })?;
            feed::start(&settings, updates, current.clone());
            Ok(())
        })
        .run(tauri::generate_context!())?;
    Ok(())
}

/// WebKit settings that only exist as environment variables, read by the
/// page's process when it starts. Whoever starts the app may still choose
/// otherwise: a variable already set is left alone.
fn tune_webkit_environment() {
    const DEFAULTS: [(&str, &str); 4] = [
        // Compositing costs a signage page half again the memory and three
        // times the processor, and buys it nothing.
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        // Every scene change leaves the old scene's elements to the script
        // collector; young collections promote them and only a full one
        // frees them, which on a page this small comes many minutes later,
        // so the page's process grows by megabytes a minute. Full
        // collections of a heap of a few megabytes take milliseconds.
        ("JSC_useGenerationalGC", "false"),
        // The page runs a few milliseconds of script a scene: the
        // interpreter is fast enough, and the compilers' memory is saved.
        ("JSC_useJIT", "false"),
        // glibc gives threads that allocate their own arenas, up to eight
        // per core, each keeping what its threads freed; WebKit's processes
        // run many threads that allocate little.
        ("MALLOC_ARENA_MAX", "2"),
    ];
    for (name, value) in DEFAULTS {
        if std::env::var_os(name).is_none() {
            // SAFETY: no other thread has started yet, so none reads the environment.
            unsafe { std::env::set_var(name, value) };
        }
    }
    // The variable only reaches processes started from now on; this one
    // already has its allocator, so it is told directly, the same way.
    #[cfg(target_os = "linux")]
    if let Some(arenas) = std::env::var("MALLOC_ARENA_MAX")
        .ok()
        .and_then(|value| value.parse().ok())
    {
        // SAFETY: mallopt only sets a limit that glibc reads when a thread
        // first allocates; no other thread has started yet.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) };
    }
}

fn respond(media: &Media, path: &str) -> Response<std::borrow::Cow<'static, [u8]>> {
    let (status, content_type, cache, body) = match media.get(path) {
        Ok(asset) => (
            StatusCode::OK,
            asset.content_type,
            if asset.cacheable {
                "max-age=3600"
            } else {
                "no-store"
            },
            asset.body,
        ),
        Err(error) => {
            if !matches!(error, MediaError::NotFound(_)) {
                tracing::warn!("{error}");
            }
            let status = match error {
                MediaError::NotFound(_) => StatusCode::NOT_FOUND,
                MediaError::Unreadable(_) => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (
                status,
                "text/plain",
                "no-store",
                error.to_string().into_bytes().into(),
            )
        }
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, cache)
        .body(body)
        .unwrap_or_else(|_| Response::new(Vec::new().into()))
}

/// Where thumbnails are kept between runs.
fn photo_cache_dir() -> std::path::PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("marquee/photos")
}

/// Reloads after a crash at most this many times a minute, so that a page
/// that crashes at once does not spin; after that, once a minute.
const RELOADS_PER_MINUTE: usize = 3;

/// Tunes WebKit for one page shown for days, and keeps an unattended screen
/// from staying blank if WebKit's page process dies: load the page again,
/// and it asks for the screen as it stands.
#[cfg(target_os = "linux")]
fn tune_webview(window: &WebviewWindow) {
    let result = window.with_webview(|webview| {
        use std::cell::RefCell;
        use std::collections::VecDeque;
        use std::time::Duration;
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt, glib};

        let view = webview.inner();
        // One local page: no back-forward or large memory caches to keep.
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        let recent: RefCell<VecDeque<Instant>> = RefCell::default();
        view.connect_web_process_terminated(move |view, reason| {
            let mut recent = recent.borrow_mut();
            recent.retain(|at| at.elapsed() < Duration::from_secs(60));
            let wait = if recent.len() < RELOADS_PER_MINUTE {
                Duration::ZERO
            } else {
                Duration::from_secs(60)
            };
            recent.push_back(Instant::now());
            tracing::error!(
                "the page's process ended ({reason:?}): loading it again in {} s",
                wait.as_secs()
            );
            let view = view.clone();
            glib::timeout_add_local_once(wait, move || view.reload());
        });
    });
    if let Err(error) = result {
        tracing::warn!("the page could not be set up for unattended use: {error}");
    }
}

#[cfg(not(target_os = "linux"))]
fn tune_webview(_window: &WebviewWindow) {}
