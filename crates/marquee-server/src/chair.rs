//! The session chairs' side of the hub: `GET /api/chair` lists the rooms,
//! `GET /api/chair/{room}` is what a room's chair sees now (by the hub's
//! clock, or at `at`), and `GET /api/chairs` gives the organiser each room's
//! chair link, with its token in the fragment and as a QR code to hand out.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use marquee_core::model::RoomId;
use marquee_core::timeline::{ChairView, chair_view};
use marquee_host::rooms::find_room;
use marquee_hub::{Holder, HubError};
use serde::{Deserialize, Serialize};

use crate::http::bearer;
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::stage::MonitorStatus;
use crate::state::ServerState;

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ChairRoom {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ChairLink {
    pub room: String,
    pub name: String,
    /// The room's chair view, its token in the fragment (never sent to a server).
    pub link: String,
    /// `link` as an SVG QR code.
    pub qr_svg: String,
}

/// `?at=INSTANT`: a view at another instant than the hub's now.
#[derive(Debug, Deserialize)]
pub struct AtQuery {
    #[serde(default, deserialize_with = "crate::http::bounded_instant")]
    at: Option<DateTime<FixedOffset>>,
}

impl AtQuery {
    pub fn at_or(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.at.map_or(now, |at| at.with_timezone(&Utc))
    }
}

/// What a chair sees: the room now, and whether its stage monitor shows
/// the stage's message.
#[derive(Serialize, ts_rs::TS)]
pub struct ChairAnswer {
    #[serde(flatten)]
    #[ts(flatten)]
    pub view: ChairView,
    pub monitor: MonitorStatus,
}

/// The rooms a chair can pick, in the programme's order.
#[utoipa::path(get, path = "/api/chair", operation_id = "get_api_chair", tag = "views",
    responses((status = 200, description = "the rooms", body = [ChairRoom])))]
pub async fn rooms(State(state): State<Arc<ServerState>>) -> Response {
    let Some(current) = state.hub.current() else {
        return problem(&HubError::Empty);
    };
    let rooms: Vec<ChairRoom> = current
        .programme
        .rooms_in_order()
        .into_iter()
        .map(|room| ChairRoom {
            id: room.id.0.clone(),
            name: room.name.clone(),
        })
        .collect();
    ([(header::ETAG, current.info.number.etag())], Json(rooms)).into_response()
}

/// What the chair of `room` (an id or a name) sees at the hub's time.
#[utoipa::path(get, path = "/api/chair/{room}", operation_id = "get_api_chair_room", tag = "views",
    params(("room" = String, Path, description = "the room's id or name"),
           ("at" = Option<String>, Query, format = DateTime, description = "an RFC 3339 instant [default: the hub's time]"),
           ("Authorization" = Option<String>, Header, description = "`Bearer TOKEN`: the answer's `Marquee-Token` header says whether it may act for the room")),
    responses(
        (status = 200, description = "the room now: the talk on, the next, the day; with a token, `Marquee-Token: accepted` or `refused` (a link replaced since)", content_type = "application/json"),
        (status = 400, description = "a query the hub cannot read", body = ProblemBody),
        (status = 404, description = "no such room", body = ProblemBody),
    ))]
pub async fn view(
    State(state): State<Arc<ServerState>>,
    Path(room): Path<String>,
    Query(query): Query<AtQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(current) = state.hub.current() else {
        return problem(&HubError::Empty);
    };
    let at = query.at_or(state.clock.now());
    let found = find_room(&current.programme, &room)
        .ok()
        .and_then(|id| chair_view(&current.programme, &id, &at));
    match found {
        Some(view) => {
            let room = RoomId(view.room_id.clone());
            let monitor = MonitorStatus::of(
                state.monitors().monitor(&room),
                &view.stage,
                state.clock.now(),
            );
            let mut answer = (
                [(header::ETAG, current.info.number.etag())],
                Json(ChairAnswer { view, monitor }),
            )
                .into_response();
            if let Some(token) = bearer(&headers) {
                // A chair's page learns here that its link was replaced.
                let accepted = match state.hub.holder(Some(token)) {
                    Ok(Holder::Organiser) => true,
                    Ok(Holder::Chair(chaired)) => chaired == room,
                    Err(_) => false,
                };
                answer.headers_mut().insert(
                    "marquee-token",
                    header::HeaderValue::from_static(if accepted { "accepted" } else { "refused" }),
                );
            }
            answer
        }
        None => Refusal::new(
            StatusCode::NOT_FOUND,
            format!("the programme has no room {room:?}"),
            "pick one at /chair",
        )
        .into_response(),
    }
}

/// Each room's chair link, for the organiser to hand out.
#[utoipa::path(get, path = "/api/chairs", operation_id = "get_api_chairs", tag = "hub",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "one link per room", body = [ChairLink]),
        (status = 401, description = "not the organiser's token", body = ProblemBody),
    ))]
pub async fn links(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let token = bearer(&headers).map(ToOwned::to_owned);
    let origin = origin(&state, &headers);
    let hub = state.hub.clone();
    // A QR code a room: off the async workers, one job a core.
    let made = state
        .work
        .computing(move || {
            let current = hub.current().ok_or(HubError::Empty)?;
            let tokens = hub.chair_tokens(token.as_deref())?;
            Ok::<_, HubError>(
                tokens
                    .into_iter()
                    .map(|(room, secret)| {
                        let name = current
                            .programme
                            .room(&room)
                            .map_or_else(|| room.0.clone(), |r| r.name.clone());
                        let link = chair_link(&origin, room.as_str(), &secret);
                        ChairLink {
                            qr_svg: marquee_media::qr::qr_svg(&link).unwrap_or_default(),
                            room: room.0,
                            name,
                            link,
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .await;
    match made {
        Ok(Ok(links)) => Json(links).into_response(),
        Ok(Err(error)) => problem(&error),
        Err(busy) => busy,
    }
}

/// What a path segment keeps as it is (RFC 3986's unreserved characters).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `origin/chair/ROOM#token=SECRET`, the room's id written safely for a path.
pub fn chair_link(origin: &str, room: &str, secret: &str) -> String {
    let room = percent_encoding::utf8_percent_encode(room, PATH_SEGMENT);
    format!("{origin}/chair/{room}#token={secret}")
}

/// The address the organiser reached the hub by, which the chairs' phones
/// reach it by too.
pub fn origin(state: &ServerState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}
