//! Marquee's desktop app: a thin Tauri shell over `marquee-host`. It opens
//! the display window, hands it each screen the host's scheduler publishes
//! as an event, answers its two commands, and serves the host's pictures on
//! the app's own scheme. [`build`] is generic over the runtime, so the
//! commands and capabilities are tested on Tauri's mock runtime. [`editor`]
//! opens the organiser's editor.
//!
//! It must never depend on the server, the store or the command line's
//! crate: a programme file's hub is the `marquee-hub` program it starts.

pub mod awake;
pub mod editor;
pub mod error;
#[cfg(target_os = "linux")]
pub mod idle_inhibit;
pub mod one_instance;
pub mod webkit;

use std::borrow::Cow;
use std::sync::{Arc, Mutex, Once};
use std::time::Instant;

use marquee_host::ProgrammeStore;
use marquee_host::contract::{IDENTIFY_EVENT, SCREEN_EVENT};
use marquee_host::feed::Feed;
use marquee_host::media::{Media, MediaError, SCHEME};
use marquee_host::report::{
    Nudge, Reporter, SceneKind, ScreenCommand, ScreenReport, hub_of, scene_kind,
};
use marquee_host::runner::ScreenRunner;
use marquee_host::screen::{Colours, Screen};
use marquee_host::settings::ScreenSettings;
use marquee_media::service::{FetchPolicy, PhotoService};
use tauri::http::{Response, StatusCode, header};
use tauri::{Emitter, Manager, Runtime, State, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

pub use crate::error::ShellError;

/// Label of the public display window; its capability grants by this label.
pub const DISPLAY_WINDOW: &str = "display";

/// The screen last published, when the app started, and when the page
/// last said it answers.
pub struct AppState {
    screen: Mutex<Screen>,
    launched: Instant,
    painted: Once,
    alive: Mutex<Instant>,
    /// What the exit chord needs typed, when the screen's settings give it.
    exit_pin: Option<String>,
    /// Set once the screen reports to a hub.
    report_now: Mutex<Option<Nudge>>,
}

impl AppState {
    /// When the page last said it answers, once it has painted at all.
    pub fn last_alive(&self) -> Option<Instant> {
        self.painted
            .is_completed()
            .then(|| *self.alive.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Counts from now, as if the page had just answered (after healing it).
    pub fn wait_afresh(&self) {
        *self.alive.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }
}

/// What follows the programme and keeps the screen ticking, for as long as
/// the app runs.
struct Following {
    _feed: Feed,
    _runner: ScreenRunner,
    _reporter: Option<Reporter>,
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

/// The page has painted its first scene, or says it still answers.
#[tauri::command]
fn painted(state: State<'_, AppState>) {
    state.wait_afresh();
    state.painted.call_once(|| {
        tracing::info!(
            "first scene painted {} ms after launch",
            state.launched.elapsed().as_millis()
        );
    });
}

/// The page's exit chord was pressed, with `pin` typed: the app ends when
/// the screen has no PIN or this is it; the window's own close (Alt+F4) never ends it.
#[tauri::command]
fn exit<R: Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    pin: Option<String>,
) -> Result<(), ShellError> {
    let allowed = match &state.exit_pin {
        None => true,
        Some(expected) => pin.is_some_and(|pin| same_pin(expected, &pin)),
    };
    if !allowed {
        tracing::warn!("a wrong exit PIN was typed");
        return Err(ShellError::WrongPin);
    }
    tracing::info!("exiting at the exit chord");
    app.exit(0);
    Ok(())
}

/// Compared in time that says nothing of how close a guess came.
fn same_pin(expected: &str, offered: &str) -> bool {
    let (a, b) = (expected.trim().as_bytes(), offered.trim().as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// A kiosk as it starts: its settings and the store its window shows.
pub struct Kiosk {
    pub settings: ScreenSettings,
    pub store: Arc<ProgrammeStore>,
    pub launched: Instant,
}

/// The app on any runtime: its state, commands and picture scheme, and a
/// setup that opens the display (passed to `tune` once made) and starts
/// following the programme.
pub fn run_app<R: Runtime>(
    builder: tauri::Builder<R>,
    kiosk: Kiosk,
    tune: fn(&WebviewWindow<R>),
) -> Result<tauri::App<R>, ShellError> {
    let Kiosk {
        settings,
        store,
        launched,
    } = kiosk;
    let photos = PhotoService::start(
        settings.cache.join("photos"),
        settings.data_folder(),
        FetchPolicy::default(),
    );
    let media = Arc::new(Media::new(photos.clone(), store.clone()));
    let state = AppState {
        screen: Mutex::new(Screen {
            snapshot: None,
            problem: None,
            simulated: settings.clock.is_some() || settings.clock_rate.is_some(),
            offline: None,
            colours: Colours::for_programme(settings.theme, None),
            next_change: None,
        }),
        launched,
        painted: Once::new(),
        alive: Mutex::new(Instant::now()),
        exit_pin: settings.exit_pin.clone(),
        report_now: Mutex::new(None),
    };
    let app = builder
        .manage(state)
        .register_asynchronous_uri_scheme_protocol(SCHEME, move |_context, request, responder| {
            let media = media.clone();
            let path = request.uri().path().to_owned();
            // Reading files and drawing QR codes stays off the window's thread.
            tauri::async_runtime::spawn_blocking(move || responder.respond(respond(&media, &path)));
        })
        .invoke_handler(tauri::generate_handler![screen, painted, exit])
        .setup(move |app| {
            let window = open_display(app, &settings, &store, photos)?;
            tune(&window);
            Ok(())
        })
        .build(tauri::generate_context!())?;
    Ok(app)
}

/// Opens the display window and starts following the programme.
fn open_display<R: Runtime>(
    app: &tauri::App<R>,
    settings: &ScreenSettings,
    store: &Arc<ProgrammeStore>,
    photos: PhotoService,
) -> Result<WebviewWindow<R>, ShellError> {
    let windowed = settings.windowed;
    let window =
        WebviewWindowBuilder::new(app, DISPLAY_WINDOW, WebviewUrl::App("index.html".into()))
            .title("Marquee")
            .inner_size(1280.0, 720.0)
            .fullscreen(!windowed)
            .decorations(windowed)
            .build()?;
    if !windowed {
        window.set_cursor_visible(false)?;
        // An unattended screen outlives a stray Alt+F4: only the exit chord ends it.
        window.on_window_event(|event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                tracing::info!("the window was asked to close: it stays (the exit chord ends it)");
                api.prevent_close();
            }
        });
    }
    let handle = app.handle().clone();
    let runner = ScreenRunner::start(store, settings, move |screen| {
        let state = handle.state::<AppState>();
        let shown = std::mem::replace(
            &mut *state.screen.lock().unwrap_or_else(|e| e.into_inner()),
            screen.clone(),
        );
        // The organiser sees at once which screens show the emergency message.
        let emergency = Some(SceneKind::Emergency);
        let (was, is) = (scene_kind(&shown), scene_kind(screen));
        if was != is
            && (was == emergency || is == emergency)
            && let Some(nudge) = &*state.report_now.lock().unwrap_or_else(|e| e.into_inner())
        {
            nudge.report_now();
        }
        if let Err(error) = handle.emit_to(DISPLAY_WINDOW, SCREEN_EVENT, screen) {
            tracing::error!("the screen could not be sent to the window: {error}");
        }
    })?;
    let feed = Feed::start(settings, store.clone())?;
    let reporter = match hub_of(&settings.programme) {
        Some(hub) => Some(report_to(&hub, app, settings, store, photos, &window)?),
        None => None,
    };
    if let Some(reporter) = &reporter {
        *app.state::<AppState>()
            .report_now
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(reporter.nudge());
    }
    app.manage(Following {
        _feed: feed,
        _runner: runner,
        _reporter: reporter,
    });
    Ok(window)
}

/// Reports the screen to `hub` and does what the hub asks of it.
fn report_to<R: Runtime>(
    hub: &str,
    app: &tauri::App<R>,
    settings: &ScreenSettings,
    store: &Arc<ProgrammeStore>,
    photos: PhotoService,
    window: &WebviewWindow<R>,
) -> Result<Reporter, ShellError> {
    let handle = app.handle().clone();
    let store = store.clone();
    if let Some(code) = &settings.enrol {
        match marquee_host::report::enrol(hub, code, &settings.name) {
            Ok(_) => tracing::info!("enrolled with {hub} as {}", settings.name),
            Err(error) => tracing::error!("{error}"),
        }
    }
    let token = marquee_host::report::screen_token(hub, &settings.name);
    let shot_token = token.clone();
    let (name, rooms, every) = (
        settings.name.clone(),
        settings.rooms.clone(),
        settings.report_every,
    );
    let report = move || {
        let state = handle.state::<AppState>();
        let scene = scene_kind(&state.screen.lock().unwrap_or_else(|e| e.into_inner()));
        let source = store.current().source;
        let photo_state = photos.state();
        ScreenReport {
            name: name.clone(),
            rooms: rooms.clone(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            revision: source.version,
            scene,
            uptime_seconds: state.launched.elapsed().as_secs(),
            every_seconds: every.as_secs(),
            offline: source.offline,
            photos_queued: photo_state.queued,
            photos_failed: photo_state.failed,
        }
    };
    let window = window.clone();
    let shown_name = settings.name.clone();
    let screenshots = format!(
        "{}/api/screens/{}/screenshot",
        hub.trim_end_matches('/'),
        percent_encoding::utf8_percent_encode(&settings.name, percent_encoding::NON_ALPHANUMERIC)
    );
    let obey = move |command| {
        let done = match command {
            ScreenCommand::Identify => window.emit_to(DISPLAY_WINDOW, IDENTIFY_EVENT, &shown_name),
            ScreenCommand::Reload => window.eval("location.reload()"),
            ScreenCommand::Screenshot => {
                let address = screenshots.clone();
                let token = shot_token.clone();
                webkit::screenshot(&window, move |png| {
                    let limits = marquee_io::Limits {
                        connect: std::time::Duration::from_secs(5),
                        total: std::time::Duration::from_secs(30),
                        max_bytes: 64 * 1024,
                        // A screen always reaches the hub it follows.
                        reach: marquee_io::Reach::Anywhere,
                    };
                    let sent = png.map_err(|e| e.to_string()).and_then(|png| {
                        marquee_io::post(&address, "image/png", &png, token.as_deref(), limits)
                            .map_err(|e| e.to_string())
                    });
                    if let Err(error) = sent {
                        tracing::error!("the hub asked for a screenshot, which failed: {error}");
                    }
                })
            }
        };
        if let Err(error) = done {
            tracing::error!("the hub asked for {command:?}, which failed: {error}");
        }
    };
    Ok(Reporter::start(hub, token, every, report, obey)?)
}

fn respond(media: &Media, path: &str) -> Response<Cow<'static, [u8]>> {
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

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use marquee_host::contract::{PAINTED_COMMAND, SCREEN_COMMAND};
    use marquee_host::settings::{ScreenOptions, ScreenRequest};
    use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
    use tauri::webview::InvokeRequest;

    use super::*;

    fn app() -> tauri::App<MockRuntime> {
        let programme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/programme.json");
        let settings = ScreenSettings::resolve(&ScreenRequest {
            options: ScreenOptions {
                programme: Some(programme),
                clock: Some("10:42".parse().unwrap()),
                clock_rate: Some(0.0),
                ..ScreenOptions::default()
            },
            ..ScreenRequest::default()
        })
        .unwrap();
        let kiosk = Kiosk {
            settings,
            store: ProgrammeStore::new(),
            launched: Instant::now(),
        };
        let mut app = run_app(mock_builder(), kiosk, |_| {}).unwrap();
        // One turn of the event loop runs the setup, as `run` does at start.
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        app
    }

    fn invoke(
        window: &WebviewWindow<MockRuntime>,
        command: &str,
    ) -> Result<serde_json::Value, serde_json::Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: command.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::default(),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize().unwrap())
    }

    #[test]
    fn the_display_gets_the_screen_and_nothing_its_capability_does_not_grant() {
        let app = app();
        let display = app.get_webview_window(DISPLAY_WINDOW).expect("the display");
        let deadline = Instant::now() + Duration::from_secs(10);
        let shown = loop {
            let screen =
                invoke(&display, SCREEN_COMMAND).expect("the display may ask for the screen");
            if !screen["snapshot"].is_null() {
                break screen;
            }
            assert!(
                Instant::now() < deadline,
                "the programme never reached the screen"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(shown["snapshot"]["clock"], "10:42");
        assert_eq!(shown["simulated"], true);
        assert_eq!(
            invoke(&display, PAINTED_COMMAND),
            Ok(serde_json::Value::Null)
        );

        // Tauri's own window commands are not granted to the display.
        assert!(invoke(&display, "plugin:window|close").is_err());
        assert!(invoke(&display, "plugin:webview|print").is_err());

        // A window without a capability of its own may call nothing.
        let other = WebviewWindowBuilder::new(&app, "other", WebviewUrl::App("index.html".into()))
            .build()
            .unwrap();
        let refused = invoke(&other, SCREEN_COMMAND).unwrap_err();
        assert!(refused.to_string().contains("not allowed"), "{refused}");
    }
}
