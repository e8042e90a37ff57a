//! `GET /api/events`: server-sent events. A `revision` event (its id the
//! revision's number) for every new revision, and a `time` event every 15
//! seconds, so that the stream is never silent for long behind a proxy and
//! clients can set their clocks by the hub's. Every event carries the hub's
//! time; a client reconnecting with `Last-Event-ID` older than the current
//! revision is told of it at once. A `stage` event names a room whose
//! stage monitor has news for its chair: a message seen, or the monitor
//! back from silence. The hub holds as many streams as its
//! open files allow; beyond that a client is answered `503` with
//! `Retry-After`, and an `EventSource` tries again by itself.

use marquee_hub::RevisionNumber;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio_stream::wrappers::{BroadcastStream, IntervalStream};
use tokio_stream::{Stream, StreamExt};

use crate::refusal::{ProblemBody, Refusal};
use crate::state::ServerState;

/// How often the stream speaks when nothing changes.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

#[derive(Serialize)]
struct Said {
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<String>,
    server_time: String,
}

fn revision_event(state: &ServerState, revision: RevisionNumber) -> Event {
    let said = Said {
        revision: Some(revision.0),
        room: None,
        server_time: state.clock.now().to_rfc3339(),
    };
    Event::default()
        .event("revision")
        .id(revision.to_string())
        .json_data(said)
        .unwrap_or_default()
}

fn time_event(state: &ServerState) -> Event {
    let said = Said {
        revision: None,
        room: None,
        server_time: state.clock.now().to_rfc3339(),
    };
    Event::default()
        .event("time")
        .json_data(said)
        .unwrap_or_default()
}

fn stage_event(state: &ServerState, room: marquee_core::model::RoomId) -> Event {
    let said = Said {
        revision: None,
        room: Some(room.0),
        server_time: state.clock.now().to_rfc3339(),
    };
    Event::default()
        .event("stage")
        .json_data(said)
        .unwrap_or_default()
}

/// Server-sent events: `revision` (id: its number) on each new revision,
/// `time` every 15 s, `stage` (with its room) when a stage monitor has news
/// for its chair; each carries the hub's time.
#[utoipa::path(get, path = "/api/events", operation_id = "get_api_events", tag = "hub",
    params(("Last-Event-ID" = Option<String>, Header, description = "the last revision heard")),
    responses(
        (status = 200, description = "the stream", content_type = "text/event-stream"),
        (status = 503, description = "the hub holds as many streams as it can; try again after `Retry-After`", body = ProblemBody),
    ))]
pub async fn stream(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let Some(place) = state.capacity.stream() else {
        return Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the hub holds {} event streams, as many as it can",
                state.capacity.most_streams
            ),
            "try again after the time in Retry-After; a venue with more raises the hub's open-file limit (LimitNOFILE)",
        )
        .into_response();
    };
    Sse::new(events(state, &headers).map(move |event| {
        // The stream's place is given back when the stream ends.
        let _held = &place;
        event
    }))
    .into_response()
}

fn events(
    state: Arc<ServerState>,
    headers: &HeaderMap,
) -> impl Stream<Item = Result<Event, Infallible>> + use<> {
    let changes = BroadcastStream::new(state.revisions.subscribe());
    let current = state.revision();
    let last_seen = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(RevisionNumber);
    // A new client hears the current revision and the hub's time at once;
    // a returning one only what it missed, or, when it saw a higher number
    // than the hub has (a hub started over on a new store), the current one.
    let missed = match last_seen {
        Some(seen) if seen == current => None,
        _ if current == RevisionNumber::default() => None,
        _ => Some(current),
    };
    let first: Vec<Event> = missed
        .map(|revision| revision_event(&state, revision))
        .into_iter()
        .chain(last_seen.is_none().then(|| time_event(&state)))
        .collect();
    let on_change = state.clone();
    let changes = changes.filter_map(move |revision| match revision {
        Ok(revision) => Some(revision_event(&on_change, revision)),
        // A client too slow to hear every change hears the latest.
        Err(_) => Some(revision_event(&on_change, on_change.revision())),
    });
    let on_stage = state.clone();
    // A stage's news missed by a slow client is only a chair's tick late:
    // the chair's page also reloads on every revision.
    let stages = BroadcastStream::new(state.stage.subscribe())
        .filter_map(move |room| room.ok().map(|room| stage_event(&on_stage, room)));
    let ticking = state.clone();
    let mut beats = tokio::time::interval(HEARTBEAT);
    beats.reset();
    let heartbeat = IntervalStream::new(beats).map(move |_| time_event(&ticking));
    tokio_stream::iter(first)
        .chain(changes.merge(stages).merge(heartbeat))
        .map(Ok)
}
