//! `GET /api/screen?room=R&at=T&theme=light`: what a screen shows, the same
//! `Screen` the desktop's window renders, at the hub's time or at `at`.
//! With `show=announcement:ID` (or `sponsors`), at the first instant from
//! then on that the rotation shows it: the editor's preview of one scene.

use marquee_core::timeline::SceneKind;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use marquee_host::scheduler::{Plan, Scheduler};
use marquee_host::screen::{Screen, Theme};
use serde::Deserialize;

use crate::state::ServerState;

#[derive(Debug, Deserialize)]
pub struct ScreenQuery {
    /// Room names or ids, comma-separated; all rooms when absent.
    room: Option<String>,
    #[serde(default, deserialize_with = "crate::http::bounded_instant")]
    at: Option<DateTime<chrono::FixedOffset>>,
    theme: Option<String>,
    show: Option<String>,
}

/// How far ahead `show` looks: more scene changes than a full turn of any
/// rotation has.
const LOOK_AHEAD: usize = 500;

/// True when `screen` shows `wanted`: a scene's kind, or `kind:ID`.
fn shows(screen: &Screen, wanted: &str) -> bool {
    let Some(snapshot) = &screen.snapshot else {
        return false;
    };
    let (kind, id) = match wanted.split_once(':') {
        Some((kind, id)) => (kind, Some(id)),
        None => (wanted, None),
    };
    let kind = serde_json::from_value::<SceneKind>(serde_json::Value::from(kind));
    kind.is_ok_and(|kind| kind == snapshot.scene.kind())
        && (id.is_none() || id == snapshot.scene.announcement())
}

/// The screen for `query` at `now`.
pub fn screen_at(state: &ServerState, query: &ScreenQuery, now: DateTime<Utc>) -> Screen {
    let rooms = query
        .room
        .iter()
        .flat_map(|rooms| rooms.split(','))
        .map(str::trim)
        .filter(|room| !room.is_empty())
        .map(ToOwned::to_owned)
        .collect();
    let theme = match query.theme.as_deref() {
        Some("light") => Theme::Light,
        _ => Theme::Dark,
    };
    let mut scheduler = Scheduler::new(Plan {
        rooms,
        scene_seconds: None,
        theme,
        clock_rate: 1.0,
        simulated: state.clock.is_simulated() || query.at.is_some(),
    });
    scheduler.update(state.hub.runtime().current(), now);
    scheduler
        .tick(now)
        .screen
        .expect("a new scheduler always has a screen to show")
}

/// What a screen shows: the `Screen` of the front-end contract.
#[utoipa::path(get, path = "/api/screen", operation_id = "get_api_screen", tag = "views",
    params(("room" = Option<String>, Query, description = "rooms, comma-separated (names or ids)"),
           ("at" = Option<String>, Query, format = DateTime, description = "an RFC 3339 instant [default: the hub's time]"),
           ("theme" = Option<String>, Query, description = "`light` or `dark`"),
           ("show" = Option<String>, Query, description = "`announcement:ID` or `sponsors`: the first screen from `at` on that shows it")),
    responses(
        (status = 200, description = "the screen, with `next_change`", content_type = "application/json"),
        (status = 400, description = "a query the hub cannot read", body = crate::refusal::ProblemBody),
        (status = 503, description = "the hub is busy; try again after `Retry-After`", body = crate::refusal::ProblemBody),
    ))]
pub async fn get(
    State(state): State<Arc<ServerState>>,
    Query(query): Query<ScreenQuery>,
) -> Response {
    // The engine may run hundreds of times to find a scene: off the async
    // workers, one job a core.
    let working = state.clone();
    match state.work.computing(move || find(&working, &query)).await {
        Ok(screen) => Json(screen).into_response(),
        Err(busy) => busy,
    }
}

/// The screen `query` asks for.
fn find(state: &ServerState, query: &ScreenQuery) -> Screen {
    let now = query
        .at
        .map_or_else(|| state.clock.now(), |at| at.with_timezone(&Utc));
    let first = screen_at(state, query, now);
    let Some(wanted) = query.show.as_deref() else {
        return first;
    };
    let mut screen = first.clone();
    for _ in 0..LOOK_AHEAD {
        if shows(&screen, wanted) {
            return screen;
        }
        let Some(next) = screen
            .next_change
            .as_deref()
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        else {
            break;
        };
        screen = screen_at(state, query, next.with_timezone(&Utc));
    }
    first
}
