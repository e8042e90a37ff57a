//! `POST /api/import`: the organiser names the address of a schedule (a
//! pretalx or frab export, an iCalendar feed, any format Marquee reads) and
//! the hub fetches it once and takes it as the next revision, the one before
//! staying in the history. The token is checked before anything is fetched,
//! so no one else can make the hub reach out.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use marquee_hub::{Holder, HubError};
use marquee_io::http::{Fetched, Limits, get, is_address};
use serde::Deserialize;

use crate::BODY_LIMIT;
use crate::programme::{ProblemBody, Saved, answer_saved, bearer, if_match, problem};
use crate::state::ServerState;

/// A download ends well inside the request's own 30 s, so that an
/// organiser told it failed knows nothing changed; and it is no larger than
/// a programme sent to the hub may be.
const DOWNLOAD: Limits = Limits {
    connect: Duration::from_secs(5),
    total: Duration::from_secs(20),
    max_bytes: BODY_LIMIT as u64,
};

#[derive(Deserialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ImportFrom {
    /// An http(s) address, e.g. a pretalx event's
    /// `/schedule/export/schedule.json`.
    pub address: String,
}

/// Replaces the programme with the schedule at an address.
#[utoipa::path(post, path = "/api/import", tag = "programme",
    params(
        ("Authorization" = String, Header, description = "`Bearer TOKEN`, the organiser's token"),
        ("If-Match" = String, Header, description = "the ETag of the revision the change was made on"),
    ),
    request_body = ImportFrom,
    responses(
        (status = 200, description = "saved as the next revision", body = Saved),
        (status = 401, description = "no token, or not the organiser's", body = ProblemBody),
        (status = 412, description = "the programme changed meanwhile", body = ProblemBody),
        (status = 422, description = "not an address, or what it holds is not a programme", body = ProblemBody),
        (status = 428, description = "no If-Match", body = ProblemBody),
        (status = 502, description = "the address could not be fetched", body = ProblemBody),
    ))]
pub async fn post(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    Json(from): Json<ImportFrom>,
) -> Response {
    let token = bearer(&headers).map(ToOwned::to_owned);
    if !matches!(state.hub.holder(token.as_deref()), Ok(Holder::Organiser)) {
        return problem(&HubError::Unauthorized);
    }
    let address = from.address.trim().to_owned();
    if !is_address(&address) {
        return refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "\"{address}\" is not an address (fix: give one that starts with https:// or http://, e.g. a pretalx event's /schedule/export/schedule.json)"
            ),
        );
    }
    let base = if_match(&headers);
    let hub = state.hub.clone();
    let clock = state.clock;
    // The download and the save block: off the async workers.
    let done = tokio::task::spawn_blocking(move || match get(&address, DOWNLOAD, None) {
        Ok(Fetched::Fresh { body, .. }) => Ok(hub.replace(token.as_deref(), base, &body, clock.now())),
        Ok(Fetched::NotModified) => Err(format!("{address}: the server sent nothing new")),
        Err(error) => Err(format!(
            "{address}: {error} (fix: check that the address opens in a browser on the hub's machine)"
        )),
    })
    .await;
    match done {
        Ok(Ok(saved)) => answer_saved(saved),
        Ok(Err(unfetched)) => refusal(StatusCode::BAD_GATEWAY, unfetched),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn refusal(status: StatusCode, error: String) -> Response {
    (status, Json(ProblemBody { error })).into_response()
}
