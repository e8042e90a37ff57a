//! `POST /api/import`: the organiser names the address of a schedule (a
//! pretalx or frab export, an iCalendar feed, any format Marquee reads) and
//! the hub fetches it once and takes it as the next revision, the one before
//! staying in the history. The token is checked before anything is fetched,
//! so no one else can make the hub reach out, and the hub's reach
//! ([`marquee_io::Reach`]) decides which machines it may fetch from: a
//! refused one is `403` without a connection, and one that cannot be
//! fetched is the same `502` whatever the reason, so an import cannot be
//! used to tell open ports from closed ones.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use marquee_hub::{Holder, HubError};
use marquee_io::Reach;
use marquee_io::http::{FetchError, Fetched, Limits, get, is_address};
use serde::Deserialize;

use crate::BODY_LIMIT;
use crate::http::{bearer, if_match};
use crate::programme::{Saved, answer_saved};
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;
use crate::work::blocking;

/// A download ends well inside the request's own 30 s, so that an
/// organiser told it failed knows nothing changed; and it is no larger than
/// a programme sent to the hub may be.
fn download(reach: Reach) -> Limits {
    Limits {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(20),
        max_bytes: BODY_LIMIT as u64,
        reach,
    }
}

#[derive(Deserialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ImportFrom {
    /// An http(s) address, e.g. a pretalx event's
    /// `/schedule/export/schedule.json`.
    #[schema(pattern = "^[Hh][Tt][Tt][Pp][Ss]?://.+")]
    pub address: String,
}

/// Replaces the programme with the schedule at an address.
#[utoipa::path(post, path = "/api/import", operation_id = "post_api_import", tag = "programme",
    params(
        ("If-Match" = String, Header, description = "the ETag of the revision the change was made on"),
    ),
    security(("bearer" = [])),
    request_body = ImportFrom,
    responses(
        (status = 400, description = "not JSON of this shape", body = ProblemBody),
        (status = 200, description = "saved as the next revision", body = Saved),
        (status = 401, description = "no token, or not the organiser's", body = ProblemBody),
        (status = 403, description = "the address is one the hub may not reach (link-local, or loopback and private ones unless its operator allows them)", body = ProblemBody),
        (status = 412, description = "the programme changed meanwhile", body = ProblemBody),
        (status = 415, description = "not JSON", body = ProblemBody),
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
        return Refusal::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("\"{address}\" is not an address"),
            "give one that starts with https:// or http://, e.g. a pretalx event's /schedule/export/schedule.json",
        )
        .into_response();
    }
    // The revision is checked before anything is fetched, and again when
    // the download is saved.
    let base = match if_match(&state, &headers) {
        Ok(Some(base)) if base == state.revision() => Some(base),
        Ok(Some(base)) => {
            return problem(&HubError::Stale {
                base,
                current: state.revision(),
            });
        }
        Ok(None) => return problem(&HubError::BaseMissing),
        Err(refused) => return refused.into_response(),
    };
    let hub = state.hub.clone();
    let clock = state.clock;
    let limits = download(state.reach);
    // The download and the save block: off the async workers.
    let done = blocking(move || match get(&address, limits, None) {
        Ok(Fetched::Fresh { body, .. }) => Ok(hub.replace(token.as_deref(), base, &body, clock.now())),
        Ok(Fetched::NotModified) => Err(unfetched(&address, None)),
        Err(FetchError::Forbidden(reason)) => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            format!("{address}: {reason}"),
            "import from a public address, or start the hub with --allow-private-sources to let it reach the LAN",
        )),
        Err(error) => Err(unfetched(&address, Some(error))),
    })
    .await;
    match done {
        Ok(Ok(saved)) => answer_saved(&state, saved),
        Ok(Err(refused)) => refused.into_response(),
        Err(lost) => lost,
    }
}

/// The one answer to an address that could not be fetched; why is logged
/// for whoever runs the hub.
fn unfetched(address: &str, why: Option<FetchError>) -> Refusal {
    let logged = without_secrets(address);
    match why {
        Some(error) => tracing::warn!("import of {logged}: {error}"),
        None => tracing::warn!("import of {logged}: nothing new was sent"),
    }
    Refusal::new(
        StatusCode::BAD_GATEWAY,
        format!("{address} could not be fetched"),
        "check that the address opens in a browser on the hub's machine; the hub's log says why",
    )
}

/// `address` as the log may keep it: without a user and password before
/// the host, nor a query (pretalx's private exports carry a token there).
fn without_secrets(address: &str) -> String {
    let (scheme, rest) = address.split_once("://").unwrap_or(("", address));
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    format!("{scheme}://{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::without_secrets;

    #[test]
    fn a_logged_address_keeps_no_secret() {
        assert_eq!(
            without_secrets("https://me:pw@pretalx.example/ev/schedule.json?token=s3cret"),
            "https://pretalx.example/ev/schedule.json"
        );
        assert_eq!(
            without_secrets("http://127.0.0.1:8000/schedule.xml"),
            "http://127.0.0.1:8000/schedule.xml"
        );
        assert_eq!(without_secrets("https://a@b.example"), "https://b.example");
    }
}
