//! `POST /api/operations`, the editors' and chairs' way to change the programme: a batch
//! of operations (their JSON Schema is `schemas/operations.schema.json`) made
//! on one revision, stored as one revision, or tried without storing for a
//! preview; and `GET /api/problems`, what `marquee validate` finds in the
//! current programme, by session.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use marquee_core::edit::{Conflict, Operation};
use marquee_core::timeline::as_run;
use marquee_core::{Problem, Programme, validate};
use marquee_hub::HubError;
use serde::{Deserialize, Serialize};

use crate::http::{bearer, named_base};
use crate::refusal::{ProblemBody, Refusal, problem};
use crate::state::ServerState;
use crate::work::blocking;

#[derive(Deserialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// The ETag of the revision the batch was made on, e.g. `"r7"`.
    pub base: String,
    /// Operations as `schemas/operations.schema.json` describes them, e.g.
    /// `{"op": "move", "session": ID, "room": ROOM_ID, "index": N}`.
    #[schema(value_type = Vec<Object>)]
    pub operations: Vec<Operation>,
    /// Try the batch on the current revision and answer with what it
    /// would do, storing nothing.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub dry_run: bool,
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Applied {
    pub revision: u64,
    /// Set when the change is safe in the hub but its programme file
    /// (`--write-back`) could not be written: why, and the fix.
    pub write_back_problem: Option<String>,
    pub etag: String,
    pub summary: String,
    /// Posted on the new revision, these undo the batch.
    #[schema(value_type = Vec<Object>)]
    pub inverse: Vec<Operation>,
    /// Set when the batch was made on this older revision and applied on
    /// top of the changes since, which touched none of what it touches.
    pub merged_from: Option<u64>,
    /// False when the batch left the programme as it was: `revision` is
    /// the current one, not a new one.
    pub changed: bool,
}

/// What a batch is answered: stored, or (with `dry_run`) what it would do.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Answer {
    Applied(Applied),
    Preview(Preview),
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Preview {
    /// The sessions whose room, time or state the batch changes, as they
    /// would be, at the times they would run (delays included).
    pub sessions: Vec<Placed>,
    pub problems: Vec<Finding>,
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Placed {
    pub id: String,
    pub room: String,
    pub start: String,
    pub end: String,
    pub cancelled: bool,
}

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ConflictBody {
    pub error: String,
    pub fix: String,
    /// Each as `{"what": "session" | "running-order" | "speaker" | "room" | "conference", "id": ID}`.
    #[schema(value_type = Vec<Object>)]
    pub conflicts: Vec<Conflict>,
}

/// One thing `marquee validate` finds.
#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Finding {
    /// The session it is about, when it is about one.
    pub session: Option<String>,
    pub path: String,
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    pub fix: String,
}

/// Applies a batch of operations as one revision.
#[utoipa::path(post, path = "/api/operations", operation_id = "post_api_operations", tag = "programme",
    security(("bearer" = [])),
    request_body(content = Batch, description = "the operations and the revision they were made on"),
    responses(
        (status = 200, description = "stored as the next revision, or (with `dry_run`) what it would do", body = Answer),
        (status = 400, description = "the body is not a batch of operations", body = ProblemBody),
        (status = 401, description = "no token, or one the hub does not know", body = ProblemBody),
        (status = 403, description = "a chair's token, for another room or an organiser's operation", body = ProblemBody),
        (status = 409, description = "made on an older revision, and touches what changed since", body = ConflictBody),
        (status = 412, description = "`base` names no revision of this hub", body = ProblemBody),
        (status = 422, description = "an operation cannot be applied; nothing changed", body = ProblemBody),
    ))]
pub async fn post(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    batch: Result<Json<Batch>, JsonRejection>,
) -> Response {
    let token = bearer(&headers).map(ToOwned::to_owned);
    let batch = match batch {
        Ok(Json(batch)) => batch,
        Err(rejection) => {
            return Refusal::new(
                StatusCode::BAD_REQUEST,
                rejection.body_text(),
                "send {\"base\": ETAG, \"operations\": [...]} as JSON",
            )
            .into_response();
        }
    };
    let base = match named_base(&batch.base) {
        Ok(base) => Some(base),
        Err(refused) => return refused.into_response(),
    };
    let now = state.clock.now();
    if batch.dry_run {
        return preview(&state, token.as_deref(), &batch.operations, now);
    }
    let hub = state.hub.clone();
    // Applying and saving with fsync block: off the async workers.
    let done = blocking(move || hub.operate(token.as_deref(), base, &batch.operations, now)).await;
    match done {
        Ok(Ok(operated)) => {
            let tag = operated.current.info.number.etag();
            (
                [(header::ETAG, tag.clone())],
                Json(Answer::Applied(Applied {
                    revision: operated.current.info.number.0,
                    etag: tag,
                    summary: operated.current.info.summary,
                    inverse: operated.inverse,
                    merged_from: operated.merged_from.map(|base| base.0),
                    changed: operated.changed,
                    write_back_problem: state.hub.write_back_problem(),
                })),
            )
                .into_response()
        }
        Ok(Err(HubError::Conflicts(conflicts))) => {
            let said = HubError::Conflicts(conflicts.clone()).to_string();
            let refused = Refusal::from_sentence(StatusCode::CONFLICT, &said);
            (
                StatusCode::CONFLICT,
                Json(ConflictBody {
                    error: refused.body.error,
                    fix: refused.body.fix,
                    conflicts,
                }),
            )
                .into_response()
        }
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}

fn preview(
    state: &ServerState,
    token: Option<&str>,
    operations: &[Operation],
    now: chrono::DateTime<chrono::Utc>,
) -> Response {
    match state.hub.preview(token, operations, now) {
        Ok((current, edited)) => Json(Answer::Preview(Preview {
            sessions: placed_changes(&current.programme, &edited.programme),
            problems: findings(&edited.programme),
        }))
        .into_response(),
        Err(error) => problem(&error),
    }
}

/// The sessions whose room, time as they run, or state differ.
fn placed_changes(before: &Programme, after: &Programme) -> Vec<Placed> {
    let (before, after) = (as_run(before), as_run(after));
    after
        .sessions
        .iter()
        .filter(|s| {
            !before.sessions.iter().any(|b| {
                b.id == s.id
                    && b.room == s.room
                    && b.start == s.start
                    && b.duration_minutes == s.duration_minutes
                    && b.cancelled == s.cancelled
            })
        })
        .map(|s| Placed {
            id: s.id.0.clone(),
            room: s.room.0.clone(),
            start: s.start.to_rfc3339(),
            end: s.end().to_rfc3339(),
            cancelled: s.cancelled,
        })
        .collect()
}

/// What `marquee validate` finds in `programme`, each with its session.
pub fn findings(programme: &Programme) -> Vec<Finding> {
    validate(programme)
        .iter()
        .map(|found: &Problem| {
            let path = found.location.to_string();
            let session = path
                .strip_prefix("sessions[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(index, _)| index.parse::<usize>().ok())
                .and_then(|index| programme.sessions.get(index))
                .map(|s| s.id.0.clone());
            Finding {
                session,
                path,
                severity: found.severity().to_string(),
                message: found.kind.to_string(),
                fix: found.kind.fix().to_owned(),
            }
        })
        .collect()
}

/// What `marquee validate` finds in the current programme.
#[utoipa::path(get, path = "/api/problems", operation_id = "get_api_problems", tag = "programme",
    responses(
        (status = 200, description = "the findings; `ETag` is the revision", body = [Finding]),
        (status = 404, description = "no programme yet", body = ProblemBody),
    ))]
pub async fn problems(State(state): State<Arc<ServerState>>) -> Response {
    let Some(current) = state.hub.current() else {
        return problem(&HubError::Empty);
    };
    let programme = current.programme.clone();
    // Validating 38C3 takes milliseconds: once a revision, off the async workers.
    let made = state
        .work
        .per_revision(current.info.number, "problems", move || {
            serde_json::to_vec(&findings(&programme)).expect("findings serialize")
        })
        .await;
    match made {
        Ok(body) => (
            [
                (header::ETAG, current.info.number.etag()),
                (header::CONTENT_TYPE, "application/json".to_owned()),
            ],
            axum::body::Bytes::from_owner(body),
        )
            .into_response(),
        Err(busy) => busy,
    }
}
