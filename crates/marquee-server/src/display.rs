//! The hallway screen for browsers: `/display` is the same front end as the
//! desktop's window, built into this binary, fed over HTTP and server-sent
//! events instead of Tauri's IPC, under the same strict Content-Security-
//! Policy, sent as a header. `/media/...` serves the pictures the desktop
//! serves on its own scheme.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use marquee_host::media::MediaError;
use rust_embed::RustEmbed;

use crate::refusal::Refusal;
use crate::state::ServerState;

/// The front end's build (`ui/dist`, made by `npm run build`).
#[derive(RustEmbed)]
#[folder = "../../ui/dist"]
struct FrontEnd;

/// No script but the page's own, nothing from elsewhere, framed only by
/// the hub's own pages (the editor's preview of a screen); images the page
/// made itself (`blob:`: the screens' screenshots, fetched with the token).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'self'";

/// The few kinds of file a Vite build holds.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn file(path: &str) -> Response {
    match FrontEnd::get(path) {
        Some(file) => (
            [
                (header::CONTENT_TYPE, content_type(path).to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    CONTENT_SECURITY_POLICY.to_owned(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                // Built names change with their content; the page does not.
                (
                    header::CACHE_CONTROL,
                    if path.starts_with("assets/") {
                        "max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    }
                    .to_owned(),
                ),
            ],
            file.data.into_owned(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The hallway screen for a browser.
#[utoipa::path(get, path = "/display", operation_id = "get_display", tag = "views",
    params(("room" = Option<String>, Query, description = "rooms, comma-separated"),
           ("theme" = Option<String>, Query, description = "`light` for bright foyers")),
    responses((status = 200, description = "the page", content_type = "text/html")))]
pub async fn page() -> Response {
    file("index.html")
}

pub async fn asset(Path(name): Path<String>) -> Response {
    file(&format!("assets/{name}"))
}

/// A picture: `portrait/ID`, `logo`, `announcement/ID`, `sponsor/ID` or `qr/ADDRESS` (one of the programme's links).
#[utoipa::path(get, path = "/media/{picture}", operation_id = "get_media_picture", tag = "views",
    params(("picture" = String, Path, description = "portrait/ID, logo, announcement/ID, sponsor/ID or qr/ADDRESS")),
    responses((status = 200, description = "the picture"), (status = 404, description = "no such picture")))]
pub async fn media(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    // The raw path: the routes decode it themselves, once.
    let path = uri.path().trim_start_matches("/media").to_owned();
    // A QR code costs processor time; a photo is read from the disk cache.
    let media = state.clone();
    let asset = state.work.computing(move || media.media.get(&path)).await;
    match asset {
        Ok(Ok(asset)) => (
            [
                (header::CONTENT_TYPE, asset.content_type.to_owned()),
                (
                    header::CACHE_CONTROL,
                    if asset.cacheable {
                        "max-age=3600"
                    } else {
                        "no-store"
                    }
                    .to_owned(),
                ),
            ],
            asset.body.into_owned(),
        )
            .into_response(),
        Ok(Err(MediaError::NotFound(what))) => Refusal::new(
            StatusCode::NOT_FOUND,
            format!("no picture {what}"),
            "ask for one the programme names",
        )
        .into_response(),
        Ok(Err(error)) => {
            tracing::warn!("{error}");
            Refusal::from_sentence(StatusCode::INTERNAL_SERVER_ERROR, &error.to_string())
                .into_response()
        }
        Err(busy) => busy,
    }
}
