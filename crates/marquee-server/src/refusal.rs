//! Every refusal the hub sends has one shape, `{"error": WHAT, "fix": WHAT
//! TO DO}`, with the status the OpenAPI document lists: the hub's own
//! ([`problem`], [`Refusal`]) and the framework's, whose plain-text
//! rejections ([`json_refusals`]) are turned into it, so a client reads
//! every one the same way.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use marquee_hub::HubError;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ProblemBody {
    /// What went wrong.
    pub error: String,
    /// What to do about it.
    pub fix: String,
}

/// A refusal: its status and its body.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub body: ProblemBody,
}

impl Refusal {
    pub fn new(status: StatusCode, error: impl Into<String>, fix: impl Into<String>) -> Refusal {
        Refusal {
            status,
            body: ProblemBody {
                error: error.into(),
                fix: fix.into(),
            },
        }
    }

    /// A refusal from a sentence written as `WHAT (fix: WHAT TO DO)`, as
    /// Marquee's errors are; one without a fix gets the status's own.
    pub fn from_sentence(status: StatusCode, sentence: &str) -> Refusal {
        let (error, fix) = split_fix(sentence);
        Refusal::new(
            status,
            error,
            fix.map_or_else(|| general_fix(status).to_owned(), ToOwned::to_owned),
        )
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(crate::listen::RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

/// `WHAT (fix: HOW)` as WHAT and HOW.
fn split_fix(sentence: &str) -> (&str, Option<&str>) {
    match sentence.rfind(" (fix: ") {
        Some(at) if sentence.ends_with(')') => (
            &sentence[..at],
            Some(&sentence[at + " (fix: ".len()..sentence.len() - 1]),
        ),
        _ => (sentence, None),
    }
}

/// What to do about a refusal that names no fix of its own.
fn general_fix(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "send the request as the hub's API document describes it",
        StatusCode::UNAUTHORIZED => "send the token as `Authorization: Bearer TOKEN`",
        StatusCode::NOT_FOUND => "check the address against the hub's API document",
        StatusCode::METHOD_NOT_ALLOWED => {
            "use a method the hub's API document lists for this address"
        }
        StatusCode::REQUEST_TIMEOUT => "send the whole request promptly",
        StatusCode::PAYLOAD_TOO_LARGE => "send less; the API document gives each limit",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "send the body with the content type the API document names"
        }
        StatusCode::UNPROCESSABLE_ENTITY => "send a body of the shape the API document describes",
        StatusCode::SERVICE_UNAVAILABLE => "try again after the time in Retry-After",
        _ if status.is_server_error() => "try again; if it lasts, the hub's log says more",
        _ => "see the hub's API document",
    }
}

/// A refusal of the hub's, as the status its kind calls for.
pub fn problem(error: &HubError) -> Response {
    let status = match error {
        HubError::Unauthorized | HubError::UnknownScreenToken | HubError::UnknownEnrolmentCode => {
            StatusCode::UNAUTHORIZED
        }
        HubError::Forbidden { .. } | HubError::NotThisScreen { .. } => StatusCode::FORBIDDEN,
        HubError::BaseMissing => StatusCode::PRECONDITION_REQUIRED,
        HubError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
        HubError::Unreadable(_)
        | HubError::Refused(_)
        | HubError::Unnamed
        | HubError::BadScreenName
        | HubError::TooManyCodes(_)
        | HubError::TooManyScreens(_) => StatusCode::UNPROCESSABLE_ENTITY,
        HubError::Conflicts(_) => StatusCode::CONFLICT,
        HubError::Empty | HubError::UnknownScreen(_) | HubError::UnknownRoom(_) => {
            StatusCode::NOT_FOUND
        }
        HubError::Store(_) | HubError::Token(_) | HubError::WriteBack { .. } => {
            tracing::error!("{error}");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    Refusal::from_sentence(status, &error.to_string()).into_response()
}

/// The answer when work handed to a blocking thread never came back.
pub fn lost() -> Response {
    Refusal::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the hub's worker stopped before it answered",
        general_fix(StatusCode::INTERNAL_SERVER_ERROR),
    )
    .into_response()
}

/// The most of a framework's plain-text rejection that is kept.
const MOST_REASON: usize = 4096;

/// Turns every refusal that is not JSON yet (the framework's rejections of
/// a path, a query or a body, a route or method it does not know, a body
/// too large, a request timed out) into the hub's one shape.
pub async fn json_refusals(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MOST_REASON)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let error = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("refused")
            .to_lowercase()
    } else {
        text
    };
    let mut refused = Refusal::from_sentence(status, &error).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(value) = parts.headers.get(&name) {
            refused.headers_mut().insert(name, value.clone());
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_cut_into_what_went_wrong_and_the_fix() {
        let refused = Refusal::from_sentence(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no room \"x\" (fix: pick one of the rooms)",
        );
        assert_eq!(refused.body.error, "no room \"x\"");
        assert_eq!(refused.body.fix, "pick one of the rooms");
        let plain = Refusal::from_sentence(StatusCode::BAD_REQUEST, "Invalid URL");
        assert_eq!(plain.body.error, "Invalid URL");
        assert!(!plain.body.fix.is_empty());
        // A "(fix:" inside the text, not at its end, stays in it.
        let inside = Refusal::from_sentence(StatusCode::BAD_REQUEST, "a (fix: b) c");
        assert_eq!(inside.body.error, "a (fix: b) c");
    }
}
