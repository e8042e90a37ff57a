//! The stage and the door. `GET /api/stage/{room}` is what the room's stage
//! monitor shows (public, like the screens); `POST /api/stage/{room}/seen`
//! is the monitor saying it is there and which message it shows, which its
//! chair sees as "seen on stage" (an `event: stage` on `/api/events` tells
//! the chair's page at once); `GET /roomstatus/v1/listrooms` answers each
//! room's state in FOSDEM's room-status format, which FOSDEM's attendee
//! apps read. A chair's messages, phases and room states are operations
//! (`POST /api/operations`), posted with the room's token.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use marquee_core::model::{Occupancy, Programme, RoomId};
use marquee_core::timeline::{StageView, room_state_at, stage_view};
use marquee_host::rooms::find_room;
use marquee_hub::{HubError, Monitor};
use serde::{Deserialize, Serialize};

use crate::chair::AtQuery;
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;

/// What a stage monitor says each time it speaks.
#[derive(Debug, Deserialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Showing {
    /// The `since` of the message it shows; none when it shows none.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    #[ts(type = "string | null", optional)]
    pub message: Option<DateTime<FixedOffset>>,
}

/// What a chair sees of the room's stage monitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct MonitorStatus {
    /// Heard from in the last 30 seconds.
    pub online: bool,
    /// When it last spoke, RFC 3339.
    pub heard_at: Option<String>,
    /// When it first showed the stage's message now, RFC 3339; none while
    /// it has not (or there is no message).
    pub seen_at: Option<String>,
}

impl MonitorStatus {
    pub fn of(monitor: Option<Monitor>, stage: &StageView, now: DateTime<Utc>) -> MonitorStatus {
        let message = stage
            .message
            .as_ref()
            .and_then(|m| DateTime::parse_from_rfc3339(&m.since).ok());
        MonitorStatus {
            online: monitor.is_some_and(|m| m.online(now)),
            heard_at: monitor.map(|m| m.heard_at.to_rfc3339()),
            seen_at: monitor
                .zip(message)
                .and_then(|(m, message)| m.seen(message))
                .map(|at| at.to_rfc3339()),
        }
    }
}

/// The stage of `room` (an id or a name) at `at`, with the revision's ETag.
fn stage_at(
    state: &ServerState,
    room: &str,
    at: DateTime<Utc>,
) -> Result<(StageView, String), Refusal> {
    let current = state.hub.current().ok_or_else(|| {
        Refusal::from_sentence(StatusCode::NOT_FOUND, &HubError::Empty.to_string())
    })?;
    find_room(&current.programme, room)
        .ok()
        .and_then(|id| stage_view(&current.programme, &id, &at))
        .map(|view| (view, current.info.number.etag()))
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::NOT_FOUND,
                format!("the programme has no room {room:?}"),
                "use a room's id or name, as /api/chair lists them",
            )
        })
}

/// The room's stage monitor now, by the hub's clock (or at `at`).
#[utoipa::path(get, path = "/api/stage/{room}", operation_id = "get_api_stage_room", tag = "views",
    params(("room" = String, Path, description = "the room's id or name"),
           ("at" = Option<String>, Query, format = DateTime, description = "an RFC 3339 instant [default: the hub's time]")),
    responses(
        (status = 200, description = "the countdown's end, the phase, the chair's message, the talk on and the next", content_type = "application/json"),
        (status = 400, description = "a query the hub cannot read", body = ProblemBody),
        (status = 404, description = "no such room, or no programme yet", body = ProblemBody),
    ))]
pub async fn view(
    State(state): State<Arc<ServerState>>,
    Path(room): Path<String>,
    Query(query): Query<AtQuery>,
) -> Response {
    match stage_at(&state, &room, query.at_or(state.clock.now())) {
        Ok((view, etag)) => ([(header::ETAG, etag)], Json(view)).into_response(),
        Err(refused) => refused.into_response(),
    }
}

/// The stage monitor of `room` is there, showing the message sent at
/// `message` (or none); every 10 seconds and on every new message.
#[utoipa::path(post, path = "/api/stage/{room}/seen", operation_id = "post_api_stage_room_seen", tag = "views",
    params(("room" = String, Path, description = "the room's id or name")),
    request_body = Showing,
    responses(
        (status = 204, description = "heard"),
        (status = 400, description = "not what a stage monitor says", body = ProblemBody),
        (status = 404, description = "no such room, or no programme yet", body = ProblemBody),
        (status = 409, description = "a message the stage no longer shows; fetch the stage again", body = ProblemBody),
        (status = 413, description = "a body over 4 KB", body = ProblemBody),
        (status = 415, description = "not JSON", body = ProblemBody),
        (status = 422, description = "JSON of another shape", body = ProblemBody),
    ))]
pub async fn seen(
    State(state): State<Arc<ServerState>>,
    Path(room): Path<String>,
    showing: Result<Json<Showing>, JsonRejection>,
) -> Response {
    let showing = match showing {
        Ok(Json(showing)) => showing,
        Err(rejection) => {
            return Refusal::new(
                rejection.status(),
                rejection.body_text(),
                "send {\"message\": SINCE} (the shown message's `since`, or null) as JSON",
            )
            .into_response();
        }
    };
    let now = state.clock.now();
    let stage = match stage_at(&state, &room, now) {
        Ok((stage, _)) => stage,
        Err(refused) => return refused.into_response(),
    };
    let shown = stage
        .message
        .as_ref()
        .and_then(|m| DateTime::parse_from_rfc3339(&m.since).ok());
    if showing.message.is_some() && showing.message != shown {
        return Refusal::new(
            StatusCode::CONFLICT,
            "the stage no longer shows that message",
            "fetch /api/stage/ROOM again and show what it says",
        )
        .into_response();
    }
    let room = RoomId(stage.room_id.clone());
    let news = state.monitors().heard(room.clone(), showing.message, now);
    if news {
        let _ = state.stage.send(room);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// One room in FOSDEM's room-status format.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoomStatus {
    pub roomname: String,
    /// "0": seats free (or filling), "1": full, "2": an emergency message is on.
    pub state: String,
}

/// Every room's state as FOSDEM's room-status API gives it.
#[utoipa::path(get, path = "/roomstatus/v1/listrooms", operation_id = "get_roomstatus_listrooms", tag = "feeds",
    responses(
        (status = 200, description = "each room, in the programme's order", body = [RoomStatus]),
        (status = 404, description = "no programme yet", body = ProblemBody),
    ))]
pub async fn listrooms(State(state): State<Arc<ServerState>>) -> Response {
    let Some(current) = state.hub.current() else {
        return problem(&HubError::Empty);
    };
    Json(room_statuses(&current.programme, state.clock.now())).into_response()
}

fn room_statuses(programme: &Programme, now: DateTime<Utc>) -> Vec<RoomStatus> {
    let t = now.timestamp();
    programme
        .rooms_in_order()
        .into_iter()
        .map(|room| {
            let full =
                room_state_at(programme, room, t).is_some_and(|s| s.state == Occupancy::Full);
            let state = match (programme.emergency.is_some(), full) {
                (true, _) => "2",
                (false, true) => "1",
                (false, false) => "0",
            };
            RoomStatus {
                roomname: room.name.clone(),
                state: state.to_owned(),
            }
        })
        .collect()
}
