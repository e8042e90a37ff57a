//! `GET` and `PUT /api/programme` and `/health`: the programme in Marquee's
//! format with a strong ETag (its revision), and new ones taken only from
//! the organiser, based on the revision they were made on.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marquee_hub::{Current, HubError};
use serde::Serialize;

use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;
use crate::work::blocking;

/// The ETag of revision `number`.
pub fn etag(number: u64) -> String {
    format!("\"r{number}\"")
}

/// The revision an ETag names: `"r7"` (or `W/"r7"`) is 7.
pub fn revision_of(tag: &str) -> Option<u64> {
    tag.trim()
        .trim_start_matches("W/")
        .strip_prefix("\"r")?
        .strip_suffix('"')?
        .parse()
        .ok()
}

/// True when `If-None-Match` names the ETag `tag`.
pub fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|offered| {
            let offered = offered.trim();
            offered == "*" || offered.trim_start_matches("W/") == tag
        })
}

/// An HTTP date, as `Last-Modified` takes it.
pub fn http_date(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A `304` for `tag`.
pub fn unchanged(tag: &str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

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
    let tag = etag(current.info.number);
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

/// The revision `If-Match` names, `None` when it is not sent; `*` names
/// the current one. A tag that names no revision (a weak one among them:
/// `If-Match` compares strongly) is refused with `412`.
pub fn if_match(state: &ServerState, headers: &HeaderMap) -> Result<Option<u64>, Refusal> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(Some(state.revision()));
    }
    named_base(text).map(Some)
}

/// The revision of the strong ETag `tag`, or the refusal of a change based
/// on a revision it does not name.
pub fn named_base(tag: &str) -> Result<u64, Refusal> {
    match revision_of(tag).filter(|_| !tag.trim().starts_with("W/")) {
        Some(number) => Ok(number),
        None => Err(Refusal::new(
            StatusCode::PRECONDITION_FAILED,
            format!("{tag:?} names no revision of this hub"),
            "send the ETag of the programme the change was made on, as the hub gave it, e.g. \"r12\"",
        )),
    }
}

/// The answer to a replaced programme: its revision and ETag, or the refusal.
pub fn answer_saved(state: &ServerState, saved: Result<Current, HubError>) -> Response {
    match saved {
        Ok(current) => (
            [(header::ETAG, etag(current.info.number))],
            Json(Saved {
                revision: current.info.number,
                summary: current.info.summary,
                write_back_problem: state.hub.write_back_problem(),
            }),
        )
            .into_response(),
        Err(error) => problem(&error),
    }
}

/// The token of `Authorization: Bearer TOKEN`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
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
                    number: info.number,
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
    let found = match blocking(move || hub.revision(number)).await {
        Ok(found) => found,
        Err(lost) => return lost,
    };
    match found {
        Ok(Some(revision)) => (
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (header::ETAG, etag(revision.info.number)),
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
        revision: current.as_ref().map_or(0, |c| c.info.number),
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        // Clients send these headers: any text is read without a panic, and
        // only the ETag of a revision names it.
        #[test]
        fn any_header_text_is_read_safely(text in ".{0,64}", number in any::<u64>()) {
            let named = revision_of(&text);
            prop_assert!(named.is_none() || text.contains(&named.unwrap().to_string()));
            prop_assert_eq!(revision_of(&etag(number)), Some(number));
            if let Ok(value) = HeaderValue::from_str(&text) {
                let mut headers = HeaderMap::new();
                headers.insert(header::IF_NONE_MATCH, value);
                let _ = not_modified(&headers, &etag(number));
            }
        }
    }

    #[test]
    fn etags_name_revisions_and_if_none_match_lists_are_read() {
        assert_eq!(revision_of(&etag(42)), Some(42));
        assert_eq!(revision_of("W/\"r7\""), Some(7));
        assert_eq!(revision_of("\"x7\""), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"r1\", \"r3\""),
        );
        assert!(not_modified(&headers, "\"r3\""));
        assert!(!not_modified(&headers, "\"r2\""));
    }
}
