//! `GET` and `PUT /api/programme` and `/health`: the programme in Marquee's
//! format with a strong ETag (its revision), and new ones taken only from
//! the organiser, based on the revision they were made on.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marquee_hub::{Current, HubError, RevisionNumber};
use serde::Serialize;

use crate::http::{bearer, http_date, if_match, not_modified, unchanged};
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;
use crate::work::blocking;

/// The current programme in Marquee's file format.
#[utoipa::path(get, path = "/api/programme", operation_id = "get_api_programme", tag = "programme",
    params(("If-None-Match" = Option<String>, Header, description = "an ETag had already")),
    responses(
        (status = 200, description = "the programme; `ETag` is its revision", content_type = "application/json"),
        (status = 304, description = "the ETag sent is still current"),
        (status = 404, description = "no programme yet", body = ProblemBody),
    ))]
pub async fn get(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let Some(current) = state.hub.current() else {
        return problem(&HubError::Empty);
    };
    let tag = current.info.number.etag();
    if not_modified(&headers, &tag) {
        return unchanged(&tag);
    }
    (
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::ETAG, tag),
            (header::LAST_MODIFIED, http_date(current.info.saved_at)),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
        ],
        current.json.to_string(),
    )
        .into_response()
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Saved {
    pub revision: u64,
    pub summary: String,
    /// Set when the change is safe in the hub but its programme file
    /// (`--write-back`) could not be written: why, and the fix.
    pub write_back_problem: Option<String>,
}

/// Replaces the programme with the body, in any format Marquee reads.
#[utoipa::path(put, path = "/api/programme", operation_id = "put_api_programme", tag = "programme",
    params(
        ("If-Match" = String, Header, description = "the ETag of the revision the change was made on, or `*` for the current one"),
    ),
    security(("bearer" = [])),
    request_body(description = "a programme in any format Marquee reads: Marquee's JSON, c3voc JSON, frab XML, iCalendar or a programme page", content(
        (Object = "application/json"),
        (String = "application/xml"),
        (String = "text/calendar"),
        (String = "text/markdown"),
    )),
    responses(
        (status = 200, description = "saved as the next revision", body = Saved),
        (status = 401, description = "no token, or not the organiser's", body = ProblemBody),
        (status = 412, description = "the programme changed meanwhile", body = ProblemBody),
        (status = 413, description = "larger than 32 MB", body = ProblemBody),
        (status = 422, description = "the body is not a programme", body = ProblemBody),
        (status = 428, description = "no If-Match", body = ProblemBody),
    ))]
pub async fn put(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = bearer(&headers).map(ToOwned::to_owned);
    let base = match if_match(&state, &headers) {
        Ok(base) => base,
        Err(refused) => return refused.into_response(),
    };
    let now = state.clock.now();
    let hub = state.hub.clone();
    // Importing and saving with fsync block: off the async workers.
    match blocking(move || hub.replace(token.as_deref(), base, &body, now)).await {
        Ok(saved) => answer_saved(&state, saved),
        Err(lost) => lost,
    }
}

/// The answer to a replaced programme: its revision and ETag, or the refusal.
pub fn answer_saved(state: &ServerState, saved: Result<Current, HubError>) -> Response {
    match saved {
        Ok(current) => (
            [(header::ETAG, current.info.number.etag())],
            Json(Saved {
                revision: current.info.number.0,
                summary: current.info.summary,
                write_back_problem: state.hub.write_back_problem(),
            }),
        )
            .into_response(),
        Err(error) => problem(&error),
    }
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RevisionEntry {
    pub number: u64,
    pub saved_at: String,
    pub author: String,
    pub summary: String,
}

/// Every revision saved, newest first (at most 1,000).
#[utoipa::path(get, path = "/api/revisions", operation_id = "get_api_revisions", tag = "programme",
    responses((status = 200, description = "the history", body = [RevisionEntry])))]
pub async fn history(State(state): State<Arc<ServerState>>) -> Response {
    let hub = state.hub.clone();
    let history = match blocking(move || hub.history(1000)).await {
        Ok(history) => history,
        Err(lost) => return lost,
    };
    match history {
        Ok(history) => Json(
            history
                .into_iter()
                .map(|info| RevisionEntry {
                    number: info.number.0,
                    saved_at: info.saved_at.to_rfc3339(),
                    author: info.author,
                    summary: info.summary,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(error) => problem(&error),
    }
}

/// Revision N's programme, as it was saved.
#[utoipa::path(get, path = "/api/revisions/{number}", operation_id = "get_api_revisions_number", tag = "programme",
    params(("number" = u64, Path, description = "the revision")),
    responses(
        (status = 200, description = "the programme", content_type = "application/json"),
        (status = 400, description = "not a revision's number", body = ProblemBody),
        (status = 404, description = "no such revision", body = ProblemBody),
    ))]
pub async fn revision(
    State(state): State<Arc<ServerState>>,
    axum::extract::Path(number): axum::extract::Path<u64>,
) -> Response {
    let hub = state.hub.clone();
    let found = match blocking(move || hub.revision(RevisionNumber(number))).await {
        Ok(found) => found,
        Err(lost) => return lost,
    };
    match found {
        Ok(Some(revision)) => (
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (header::ETAG, revision.info.number.etag()),
                // A saved revision never changes.
                (
                    header::CACHE_CONTROL,
                    "max-age=31536000, immutable".to_owned(),
                ),
            ],
            marquee_core::format::to_json(&revision.programme),
        )
            .into_response(),
        Ok(None) => Refusal::new(
            StatusCode::NOT_FOUND,
            format!("the hub has no revision {number}"),
            "pick one of GET /api/revisions",
        )
        .into_response(),
        Err(error) => problem(&error),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    pub revision: u64,
    pub uptime_seconds: u64,
    pub sessions: usize,
    pub server_time: String,
    /// The source the hub follows, when it follows one.
    pub source: Option<SourceHealth>,
    /// Event streams open, and the most the hub holds.
    pub streams: Load,
    /// Connections open, and the most the hub holds.
    pub connections: Load,
    /// The programme file the hub writes back to, when it has one.
    pub write_back: Option<WriteBackHealth>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WriteBackHealth {
    pub file: String,
    /// `ok`, or `failing`: its last write failed (the revisions are safe in
    /// the hub, and the next write catches up).
    pub state: String,
    pub problem: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Load {
    pub open: usize,
    pub most: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SourceHealth {
    pub name: String,
    /// `ok`, `unreadable` (its last read failed; the last good programme
    /// stays) or `offline` (its address cannot be reached).
    pub state: String,
    pub problem: Option<String>,
}

/// The hub's revision, uptime, time and source.
#[utoipa::path(get, path = "/health", operation_id = "get_health", tag = "hub",
    responses((status = 200, description = "how the hub stands", body = Health)))]
pub async fn health(State(state): State<Arc<ServerState>>) -> Json<Health> {
    let current = state.hub.current();
    Json(Health {
        revision: current.as_ref().map_or(0, |c| c.info.number.0),
        uptime_seconds: state.started.elapsed().as_secs(),
        sessions: current.map_or(0, |c| c.programme.sessions.len()),
        server_time: state.clock.now().to_rfc3339(),
        source: state.source.as_ref().map(|(name, upstream)| {
            let status = upstream.current().source;
            let state = match (&status.problem, status.offline) {
                (_, true) => "offline",
                (Some(_), false) => "unreadable",
                (None, false) => "ok",
            };
            SourceHealth {
                name: name.clone(),
                state: state.to_owned(),
                problem: status.problem.map(|p| p.to_string()),
            }
        }),
        streams: Load {
            open: state.capacity.open_streams(),
            most: state.capacity.most_streams,
        },
        connections: Load {
            open: state.capacity.open_connections(),
            most: state.capacity.most_connections,
        },
        write_back: state.hub.write_back_file().map(|file| {
            let problem = state.hub.write_back_problem();
            WriteBackHealth {
                file: file.display().to_string(),
                state: if problem.is_some() { "failing" } else { "ok" }.to_owned(),
                problem,
            }
        }),
    })
}
