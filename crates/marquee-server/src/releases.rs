//! `POST /api/releases` publishes the current revision as a named version,
//! with what changed for visitors since the version before (moved, new time,
//! cancelled, restored, added, removed); `GET /api/releases` lists them.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use marquee_core::edit::Change;
use marquee_hub::StoredRelease;
use serde::{Deserialize, Serialize};

use crate::http::bearer;
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;
use crate::work::blocking;

#[derive(Deserialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// What to call the version, e.g. `Monday noon`.
    #[schema(min_length = 1)]
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Release {
    pub name: String,
    pub revision: u64,
    pub published_at: String,
    /// Each as `{"change": "moved" | "new-time" | "cancelled" | "restored" | "added" | "removed", ...}`.
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<Change>,
}

impl From<StoredRelease> for Release {
    fn from(stored: StoredRelease) -> Release {
        Release {
            name: stored.name,
            revision: stored.revision.0,
            published_at: stored.published_at.to_rfc3339(),
            changes: stored.changes,
        }
    }
}

/// Publishes the current revision as a named version.
#[utoipa::path(post, path = "/api/releases", operation_id = "post_api_releases", tag = "programme",
    security(("bearer" = [])),
    request_body(content = Publish),
    responses(
        (status = 200, description = "published, with its changelog", body = Release),
        (status = 400, description = "not JSON of this shape", body = ProblemBody),
        (status = 401, description = "no token, or not the organiser's", body = ProblemBody),
        (status = 422, description = "no name", body = ProblemBody),
    ))]
pub async fn post(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Result<Json<Publish>, JsonRejection>,
) -> Response {
    let body = match body {
        Ok(Json(body)) => body,
        Err(rejection) => {
            return Refusal::new(
                StatusCode::BAD_REQUEST,
                rejection.body_text(),
                "send {\"name\": NAME} as JSON",
            )
            .into_response();
        }
    };
    let token = bearer(&headers).map(ToOwned::to_owned);
    let now = state.clock.now();
    let hub = state.hub.clone();
    let published = blocking(move || hub.publish(token.as_deref(), &body.name, now)).await;
    match published {
        Ok(Ok(stored)) => Json(Release::from(stored)).into_response(),
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

/// Every published version, newest first, each with its changelog.
#[utoipa::path(get, path = "/api/releases", operation_id = "get_api_releases", tag = "programme",
    responses((status = 200, description = "the versions", body = [Release])))]
pub async fn list(State(state): State<Arc<ServerState>>) -> Response {
    match state.hub.releases() {
        Ok(stored) => {
            Json(stored.into_iter().map(Release::from).collect::<Vec<_>>()).into_response()
        }
        Err(error) => problem(&error),
    }
}
