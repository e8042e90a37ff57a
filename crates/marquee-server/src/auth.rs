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

use crate::http::bearer;
use crate::refusal::problem;
use crate::state::ServerState;
use crate::work::blocking;

/// Who holds the request's token; a chair's is looked up in the store,
/// which a save may hold: off the async workers.
fn holder(
    state: &ServerState,
    request: &Request,
) -> impl Future<Output = Result<Result<Holder, HubError>, Response>> + Send + 'static {
    let hub = state.hub.clone();
    let token = bearer(request.headers()).map(ToOwned::to_owned);
    blocking(move || hub.holder(token.as_deref()))
}

/// Lets a request through only with the organiser's token.
pub async fn organiser_only(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    match holder(&state, &request).await {
        Ok(Ok(Holder::Organiser)) => next.run(request).await,
        Ok(_) => problem(&HubError::Unauthorized),
        Err(lost) => lost,
    }
}

/// Lets a request through with the organiser's or a chair's token; what a
/// chair may do is decided with the request's operations.
pub async fn token_holders_only(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    match holder(&state, &request).await {
        Ok(Ok(_)) => next.run(request).await,
        Ok(Err(error)) => problem(&error),
        Err(lost) => lost,
    }
}
