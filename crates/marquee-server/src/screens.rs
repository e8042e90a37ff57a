//! The screens that follow the hub: `POST /api/screens` is each one's
//! report (every 30 s), answered with what the organiser asked of it;
//! `GET /api/screens` lists them for the organiser, online or when last
//! seen, and whether each shows the current revision; `POST
//! /api/screens/{name}/commands` asks one to identify itself, reload, or
//! send a screenshot, which it does to `POST /api/screens/{name}/screenshot`
//! and the organiser sees at `GET` of the same.
//!
//! A report changes no programme, so a screen sends it without a token (a
//! kiosk holds none); it is bounded in size and in number of screens.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};
use marquee_host::report::{ReportAnswer, ScreenCommand, ScreenReport};
use serde::{Deserialize, Serialize};

use crate::programme::{ProblemBody, bearer, etag, problem};
use crate::state::ServerState;

/// The largest report a screen sends; real ones are a few hundred bytes.
const REPORT_LIMIT: usize = 16 * 1024;

/// The largest screenshot a screen sends: a 1920x1080 PNG of a scene is a few hundred KB.
const SCREENSHOT_LIMIT: usize = 4 * 1024 * 1024;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ScreenEntry {
    #[schema(value_type = Object)]
    pub report: ScreenReport,
    /// When it last reported, RFC 3339.
    pub seen_at: String,
    /// It reported within three of its intervals.
    pub online: bool,
    /// It shows the hub's current revision.
    pub current: bool,
    /// When its last screenshot was taken, RFC 3339.
    pub screenshot_at: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// `identify`, `reload` or `screenshot`.
    #[schema(value_type = String)]
    pub command: ScreenCommand,
}

fn refused(status: StatusCode, error: String) -> Response {
    (status, Json(ProblemBody { error })).into_response()
}

/// A screen's report; the answer holds what it is asked to do.
#[utoipa::path(post, path = "/api/screens", tag = "screens",
    request_body(content = Object, description = "the screen's report"),
    responses(
        (status = 200, description = "kept; the commands for the screen", content_type = "application/json"),
        (status = 400, description = "not a report", body = ProblemBody),
        (status = 413, description = "a report over 16 KB", body = ProblemBody),
        (status = 422, description = "no name, or too many screens", body = ProblemBody),
    ))]
pub async fn report(State(state): State<Arc<ServerState>>, body: Bytes) -> Response {
    if body.len() > REPORT_LIMIT {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a screen's report is {} bytes at most", REPORT_LIMIT),
        );
    }
    let report: ScreenReport = match serde_json::from_slice(&body) {
        Ok(report) => report,
        Err(error) => {
            return refused(
                StatusCode::BAD_REQUEST,
                format!("not a screen's report: {error} (fix: send what `marquee kiosk` sends)"),
            );
        }
    };
    let now = state.clock.now();
    let hub = state.hub.clone();
    match tokio::task::spawn_blocking(move || hub.report(&report, now)).await {
        Ok(Ok(commands)) => Json(ReportAnswer { commands }).into_response(),
        Ok(Err(error)) => problem(&error),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Whether a screen last heard at `seen` is still with us at `now`.
fn online(report: &ScreenReport, seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let every = TimeDelta::seconds(report.every_seconds.clamp(1, 3600) as i64);
    now - seen <= every * 3
}

/// Every screen that reported, by name.
#[utoipa::path(get, path = "/api/screens", tag = "screens",
    params(("Authorization" = String, Header, description = "`Bearer TOKEN`, the organiser's token")),
    responses(
        (status = 200, description = "the screens", body = [ScreenEntry]),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
    ))]
pub async fn list(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let now = state.clock.now();
    let current = etag(state.revision());
    match state.hub.screens(bearer(&headers)) {
        Ok(screens) => Json(
            screens
                .into_iter()
                .map(|seen| ScreenEntry {
                    online: online(&seen.report, seen.at, now),
                    current: seen.report.revision.as_deref() == Some(current.as_str()),
                    seen_at: seen.at.to_rfc3339(),
                    screenshot_at: seen.screenshot_at.map(|at| at.to_rfc3339()),
                    report: seen.report,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(error) => problem(&error),
    }
}

/// Asks screen `name` to identify itself or reload, at its next report.
#[utoipa::path(post, path = "/api/screens/{name}/commands", tag = "screens",
    params(("name" = String, Path, description = "the screen's name"),
           ("Authorization" = String, Header, description = "`Bearer TOKEN`, the organiser's token")),
    request_body(content = Order, description = "the command"),
    responses(
        (status = 202, description = "the screen does it at its next report"),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
        (status = 404, description = "no such screen", body = ProblemBody),
    ))]
pub async fn order(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Json(order): Json<Order>,
) -> Response {
    match state.hub.order(bearer(&headers), &name, order.command) {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(error) => problem(&error),
    }
}

/// What screen `name` shows now, as it sent it when asked. Like a report it
/// needs no token, and it is kept only for a screen that has reported.
#[utoipa::path(post, path = "/api/screens/{name}/screenshot", tag = "screens",
    params(("name" = String, Path, description = "the screen's name")),
    request_body(content = Vec<u8>, content_type = "image/png", description = "a PNG of the screen"),
    responses(
        (status = 204, description = "kept"),
        (status = 404, description = "no such screen", body = ProblemBody),
        (status = 413, description = "over 4 MB", body = ProblemBody),
        (status = 415, description = "not a PNG", body = ProblemBody),
    ))]
pub async fn send_screenshot(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    if body.len() > SCREENSHOT_LIMIT {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a screenshot is {SCREENSHOT_LIMIT} bytes at most"),
        );
    }
    if !body.starts_with(PNG_SIGNATURE) {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a screenshot is a PNG (fix: send what `marquee kiosk` sends)".to_owned(),
        );
    }
    let now = state.clock.now();
    let hub = state.hub.clone();
    match tokio::task::spawn_blocking(move || hub.keep_screenshot(&name, &body, now)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(error)) => problem(&error),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Screen `name`'s last screenshot, for the organiser.
#[utoipa::path(get, path = "/api/screens/{name}/screenshot", tag = "screens",
    params(("name" = String, Path, description = "the screen's name"),
           ("Authorization" = String, Header, description = "`Bearer TOKEN`, the organiser's token")),
    responses(
        (status = 200, description = "the PNG", content_type = "image/png"),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
        (status = 404, description = "none yet", body = ProblemBody),
    ))]
pub async fn screenshot(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    match state.hub.screenshot(bearer(&headers), &name) {
        Ok(Some(marquee_hub::store::Screenshot { png, taken_at: at })) => (
            [
                (axum::http::header::CONTENT_TYPE, "image/png".to_owned()),
                (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
                (
                    axum::http::header::LAST_MODIFIED,
                    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
                ),
            ],
            png,
        )
            .into_response(),
        Ok(None) => refused(
            StatusCode::NOT_FOUND,
            format!(
                "{name} has sent no screenshot yet (fix: ask it for one, then wait for its next report)"
            ),
        ),
        Err(error) => problem(&error),
    }
}
