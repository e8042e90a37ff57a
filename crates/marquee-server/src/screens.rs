//! The screens that follow the hub. An organiser enrols each: `POST
//! /api/screens/enrolments` gives a one-time code, which `marquee kiosk
//! --enrol CODE` trades at `POST /api/screens/enrol` for a token of the
//! screen's own. With it, `POST /api/screens` is each screen's report (every
//! 30 s), answered with what the organiser asked of it, and `POST
//! /api/screens/{name}/screenshot` the picture it was asked for; the token
//! is checked before the body is read, and a screen can speak only as
//! itself. `GET /api/screens` lists them for the organiser (online or when
//! last seen, and whether each shows the current revision), `POST
//! /api/screens/{name}/commands` asks one to identify itself, reload or send
//! a screenshot, `GET /api/screens/{name}/screenshot` shows it and `DELETE
//! /api/screens/{name}` removes a screen, whose token stops working.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};
use marquee_host::report::{ReportAnswer, ScreenCommand, ScreenReport};
use serde::{Deserialize, Serialize};

use crate::http::bearer;
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;
use crate::work::blocking;

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
    #[schema(value_type = String, pattern = "^(identify|reload|screenshot)$")]
    pub command: ScreenCommand,
}

fn refused(status: StatusCode, error: String) -> Response {
    Refusal::from_sentence(status, &error).into_response()
}

/// The enrolled screen a request comes from, named by its token.
#[derive(Clone)]
pub struct Enrolled(String);

/// Lets a request through only with an enrolled screen's token, before its
/// body is read.
pub async fn screens_only(
    State(state): State<Arc<ServerState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let hub = state.hub.clone();
    let token = bearer(request.headers()).map(ToOwned::to_owned);
    match blocking(move || hub.screen_holder(token.as_deref())).await {
        Ok(Ok(name)) => {
            request.extensions_mut().insert(Enrolled(name));
            next.run(request).await
        }
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct EnrolmentCode {
    /// One use, within the hour, as `ABCD-EFGH`.
    pub code: String,
    /// RFC 3339.
    pub expires_at: String,
    /// What to run on the screen.
    pub command: String,
}

#[derive(Deserialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    pub code: String,
    /// The screen's name, as its reports will give it.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ScreenToken {
    /// The screen's own token, for its reports and screenshots.
    pub token: String,
}

/// A new one-time code to enrol a screen with.
#[utoipa::path(post, path = "/api/screens/enrolments", operation_id = "post_api_screens_enrolments", tag = "screens",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "the code, for one screen within the hour", body = EnrolmentCode),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
        (status = 422, description = "too many codes open", body = ProblemBody),
    ))]
pub async fn enrolment(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let token = bearer(&headers).map(ToOwned::to_owned);
    let origin = crate::chair::origin(&state, &headers);
    let hub = state.hub.clone();
    let now = state.clock.now();
    match blocking(move || hub.enrolment(token.as_deref(), now)).await {
        Ok(Ok(enrolment)) => (
            StatusCode::CREATED,
            Json(EnrolmentCode {
                command: format!(
                    "marquee kiosk --programme {origin} --enrol {}",
                    enrolment.code
                ),
                code: enrolment.code,
                expires_at: enrolment.expires_at.to_rfc3339(),
            }),
        )
            .into_response(),
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

/// A screen trades its one-time code for a token of its own.
#[utoipa::path(post, path = "/api/screens/enrol", operation_id = "post_api_screens_enrol", tag = "screens",
    request_body = EnrolRequest,
    responses(
        (status = 201, description = "enrolled; the screen's token", body = ScreenToken),
        (status = 400, description = "not JSON of this shape", body = ProblemBody),
        (status = 401, description = "the code is unknown, used or expired", body = ProblemBody),
        (status = 415, description = "not JSON", body = ProblemBody),
        (status = 422, description = "no name, or too many screens", body = ProblemBody),
    ))]
pub async fn enrol(
    State(state): State<Arc<ServerState>>,
    Json(request): Json<EnrolRequest>,
) -> Response {
    let hub = state.hub.clone();
    let now = state.clock.now();
    match blocking(move || hub.enrol(&request.code, &request.name, now)).await {
        Ok(Ok(token)) => (StatusCode::CREATED, Json(ScreenToken { token })).into_response(),
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

/// Removes screen `name`: its token stops working, and it leaves the list.
#[utoipa::path(delete, path = "/api/screens/{name}", operation_id = "delete_api_screens_name", tag = "screens",
    params(("name" = String, Path, description = "the screen's name")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "removed"),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
        (status = 404, description = "no such screen", body = ProblemBody),
    ))]
pub async fn remove(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let token = bearer(&headers).map(ToOwned::to_owned);
    let hub = state.hub.clone();
    match blocking(move || hub.remove_screen(token.as_deref(), &name)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

/// A screen's report; the answer holds what it is asked to do.
#[utoipa::path(post, path = "/api/screens", operation_id = "post_api_screens", tag = "screens",
    security(("bearer" = [])),
    request_body(content = Object, description = "the screen's report", content_type = "application/json"),
    responses(
        (status = 200, description = "kept; the commands for the screen", content_type = "application/json"),
        (status = 400, description = "not a report", body = ProblemBody),
        (status = 401, description = "not an enrolled screen's token", body = ProblemBody),
        (status = 403, description = "a report under another screen's name", body = ProblemBody),
        (status = 413, description = "a report over 16 KB", body = ProblemBody),
        (status = 415, description = "not JSON", body = ProblemBody),
        (status = 422, description = "no name", body = ProblemBody),
    ))]
pub async fn report(
    State(state): State<Arc<ServerState>>,
    axum::Extension(Enrolled(enrolled)): axum::Extension<Enrolled>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !json {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a screen's report is JSON (fix: send it as application/json, as `marquee kiosk` does)"
                .to_owned(),
        );
    }
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
    match blocking(move || hub.report(&enrolled, &report, now)).await {
        Ok(Ok(commands)) => Json(ReportAnswer { commands }).into_response(),
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

/// Whether a screen last heard at `seen` is still with us at `now`.
fn online(report: &ScreenReport, seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let every = TimeDelta::seconds(report.every_seconds.clamp(1, 3600) as i64);
    now - seen <= every * 3
}

/// Every screen that reported, by name.
#[utoipa::path(get, path = "/api/screens", operation_id = "get_api_screens", tag = "screens",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the screens", body = [ScreenEntry]),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
    ))]
pub async fn list(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let now = state.clock.now();
    let current = state.revision().etag();
    match state.hub.screens(bearer(&headers), now) {
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
#[utoipa::path(post, path = "/api/screens/{name}/commands", operation_id = "post_api_screens_name_commands", tag = "screens",
    params(("name" = String, Path, description = "the screen's name")),
    security(("bearer" = [])),
    request_body(content = Order, description = "the command"),
    responses(
        (status = 400, description = "not JSON of this shape", body = ProblemBody),
        (status = 415, description = "not JSON", body = ProblemBody),
        (status = 422, description = "not a command a screen knows", body = ProblemBody),
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

/// What screen `name` shows now, as it sent it when asked, with its own token.
#[utoipa::path(post, path = "/api/screens/{name}/screenshot", operation_id = "post_api_screens_name_screenshot", tag = "screens",
    params(("name" = String, Path, description = "the screen's name")),
    security(("bearer" = [])),
    request_body(content = crate::photos::Picture, content_type = "image/png", description = "a PNG of the screen"),
    responses(
        (status = 204, description = "kept"),
        (status = 401, description = "not an enrolled screen's token", body = ProblemBody),
        (status = 403, description = "another screen's name", body = ProblemBody),
        (status = 413, description = "over 4 MB", body = ProblemBody),
        (status = 415, description = "not a PNG", body = ProblemBody),
    ))]
pub async fn send_screenshot(
    State(state): State<Arc<ServerState>>,
    axum::Extension(Enrolled(enrolled)): axum::Extension<Enrolled>,
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
    match blocking(move || hub.keep_screenshot(&enrolled, &name, &body, now)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

/// Screen `name`'s last screenshot, for the organiser.
#[utoipa::path(get, path = "/api/screens/{name}/screenshot", operation_id = "get_api_screens_name_screenshot", tag = "screens",
    params(("name" = String, Path, description = "the screen's name")),
    security(("bearer" = [])),
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
        Ok(Some(marquee_hub::Screenshot { png, taken_at: at })) => (
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
