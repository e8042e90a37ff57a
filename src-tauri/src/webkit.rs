//! WebKitGTK tuned for one page shown for days, kept from staying blank
//! when its page process dies, and healed when it stops answering.

use std::time::{Duration, Instant};

use tauri::{Manager, WebviewWindow};

/// WebKit settings that only exist as environment variables, read by the
/// page's process when it starts. Whoever starts the app may still choose
/// otherwise: a variable already set is left alone.
pub fn tune_environment() {
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

/// Reloads after a crash at most this many times a minute, so that a page
/// that crashes at once does not spin; after that, once a minute.
const RELOADS_PER_MINUTE: usize = 3;

/// Tunes WebKit for one page shown for days, and keeps an unattended screen
/// from staying blank if WebKit's page process dies: load the page again,
/// and it asks for the screen as it stands.
#[cfg(target_os = "linux")]
pub fn tune_webview<R: tauri::Runtime>(window: &WebviewWindow<R>) {
    let result = window.with_webview(|webview| {
        use std::cell::RefCell;
        use std::collections::VecDeque;
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
pub fn tune_webview<R: tauri::Runtime>(_window: &WebviewWindow<R>) {}

/// A page silent this long is stuck (its process stopped, or spinning).
pub const SILENT_PAGE: Duration = Duration::from_secs(60);
/// Ended page processes in a row, without an answer between, after which
/// the whole app starts again.
const HEALS_BEFORE_RESTART: u32 = 3;

/// Watches the page's "still here" (every 10 s): silent for a minute, its
/// page process is ended, which the handler of [`tune_webview`] answers by
/// loading the page again; silent after three of those, the app restarts.
pub fn watch_page<R: tauri::Runtime>(window: WebviewWindow<R>) {
    let spawned = std::thread::Builder::new()
        .name("page-watchdog".to_owned())
        .spawn(move || {
            let mut heals = 0;
            let mut healed_at: Option<Instant> = None;
            loop {
                std::thread::sleep(Duration::from_secs(5));
                let state = window.state::<crate::AppState>();
                let Some(alive) = state.last_alive() else {
                    continue;
                };
                if healed_at.is_some_and(|at| alive > at) {
                    heals = 0;
                }
                if alive.elapsed() < SILENT_PAGE {
                    continue;
                }
                if heals >= HEALS_BEFORE_RESTART {
                    tracing::error!(
                        "the page did not come back after {heals} tries: starting the app again"
                    );
                    window.app_handle().restart();
                }
                heals += 1;
                tracing::error!(
                    "the page has not answered for {} s: ending its process to load it again",
                    alive.elapsed().as_secs()
                );
                end_page_process(&window);
                state.wait_afresh();
                healed_at = Some(Instant::now());
            }
        });
    if let Err(error) = spawned {
        tracing::warn!("the page's watchdog could not start: {error}");
    }
}

#[cfg(target_os = "linux")]
fn end_page_process<R: tauri::Runtime>(window: &WebviewWindow<R>) {
    use webkit2gtk::WebViewExt;
    if let Err(error) = window.with_webview(|webview| webview.inner().terminate_web_process()) {
        tracing::error!("the page's process could not be ended: {error}");
    }
}

#[cfg(not(target_os = "linux"))]
fn end_page_process<R: tauri::Runtime>(window: &WebviewWindow<R>) {
    let _ = window.eval("location.reload()");
}

#[derive(Debug, thiserror::Error)]
pub enum ScreenshotError {
    #[error("WebKit could not take the picture: {0}")]
    Snapshot(String),
    #[error("the picture is not in a form Marquee reads")]
    Surface,
    #[error("the picture could not be encoded: {0}")]
    Encode(#[from] image::ImageError),
}

/// Takes a picture of what the page shows and, on a thread of its own,
/// hands it to `send` as a PNG.
#[cfg(target_os = "linux")]
pub fn screenshot<R: tauri::Runtime>(
    window: &WebviewWindow<R>,
    send: impl FnOnce(Result<Vec<u8>, ScreenshotError>) + Send + 'static,
) -> tauri::Result<()> {
    window.with_webview(move |webview| {
        use webkit2gtk::{SnapshotOptions, SnapshotRegion, WebViewExt, gio};
        webview.inner().snapshot(
            SnapshotRegion::Visible,
            SnapshotOptions::NONE,
            None::<&gio::Cancellable>,
            move |taken| {
                // Only the copy is made here, on the window's thread.
                let raw = taken
                    .map_err(|e| ScreenshotError::Snapshot(e.to_string()))
                    .and_then(raw_pixels);
                std::thread::spawn(move || send(raw.and_then(encode)));
            },
        );
    })
}

#[cfg(not(target_os = "linux"))]
pub fn screenshot<R: tauri::Runtime>(
    _window: &WebviewWindow<R>,
    send: impl FnOnce(Result<Vec<u8>, ScreenshotError>) + Send + 'static,
) -> tauri::Result<()> {
    send(Err(ScreenshotError::Snapshot(
        "screenshots are taken on Linux only".to_owned(),
    )));
    Ok(())
}

/// Cairo's pixels as they are: width, height, bytes a row, and the rows
/// (ARGB32: blue, green, red, alpha in memory).
#[cfg(target_os = "linux")]
type Raw = (u32, u32, usize, Vec<u8>);

#[cfg(target_os = "linux")]
fn raw_pixels(surface: cairo::Surface) -> Result<Raw, ScreenshotError> {
    let mut image = cairo::ImageSurface::try_from(surface).map_err(|_| ScreenshotError::Surface)?;
    let (width, height) = (image.width(), image.height());
    let stride = usize::try_from(image.stride()).map_err(|_| ScreenshotError::Surface)?;
    let data = image.data().map_err(|_| ScreenshotError::Surface)?.to_vec();
    let size = |n: i32| u32::try_from(n).map_err(|_| ScreenshotError::Surface);
    Ok((size(width)?, size(height)?, stride, data))
}

#[cfg(target_os = "linux")]
fn encode((width, height, stride, data): Raw) -> Result<Vec<u8>, ScreenshotError> {
    let mut rgb = image::RgbImage::new(width, height);
    for (y, row) in data.chunks(stride).take(height as usize).enumerate() {
        for (x, pixel) in row.chunks_exact(4).take(width as usize).enumerate() {
            rgb.put_pixel(
                x as u32,
                y as u32,
                image::Rgb([pixel[2], pixel[1], pixel[0]]),
            );
        }
    }
    let mut png = std::io::Cursor::new(Vec::new());
    rgb.write_to(&mut png, image::ImageFormat::Png)?;
    Ok(png.into_inner())
}
