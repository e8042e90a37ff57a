//! `GET /api/screen?room=R&at=T&theme=light`: what a screen shows, the same
//! `Screen` the desktop's window renders, at the hub's time or at `at`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use marquee_host::scheduler::{Plan, Scheduler};
use marquee_host::screen::{Screen, Theme};
use serde::Deserialize;

use crate::state::ServerState;

#[derive(Debug, Deserialize)]
pub struct ScreenQuery {
    /// Room names or ids, comma-separated; all rooms when absent.
    room: Option<String>,
    at: Option<DateTime<chrono::FixedOffset>>,
    theme: Option<String>,
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
#[utoipa::path(get, path = "/api/screen", tag = "views",
    params(("room" = Option<String>, Query, description = "rooms, comma-separated (names or ids)"),
           ("at" = Option<String>, Query, description = "an RFC 3339 instant [default: the hub's time]"),
           ("theme" = Option<String>, Query, description = "`light` or `dark`")),
    responses((status = 200, description = "the screen, with `next_change`", content_type = "application/json")))]
pub async fn get(
    State(state): State<Arc<ServerState>>,
    Query(query): Query<ScreenQuery>,
) -> Json<Screen> {
    let now = query
        .at
        .map_or_else(|| state.clock.now(), |at| at.with_timezone(&Utc));
    Json(screen_at(&state, &query, now))
}
