//! Who may ask, checked before a request's body is read: [`organiser_only`]
//! for the organiser's routes, [`token_holders_only`] for those a chair may
//! use too ([`crate::screens::screens_only`] is the screens'). A request
//! without the right token is `401` whatever its body, and the body of a
//! refused request is never read.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use marquee_hub::{Holder, HubError};

use crate::programme::bearer;
use crate::refusal::problem;
use crate::state::ServerState;

/// Lets a request through only with the organiser's token.
pub async fn organiser_only(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    match state.hub.holder(bearer(request.headers())) {
        Ok(Holder::Organiser) => next.run(request).await,
        _ => problem(&HubError::Unauthorized),
    }
}

/// Lets a request through with the organiser's or a chair's token; what a
/// chair may do is decided with the request's operations.
pub async fn token_holders_only(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    match state.hub.holder(bearer(request.headers())) {
        Ok(_) => next.run(request).await,
        Err(error) => problem(&error),
    }
}
