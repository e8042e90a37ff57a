//! The hub's HTTP conventions, for every route: a revision's strong ETag
//! (`"r12"`) and the conditional requests that name one (`If-None-Match`
//! for reads, `If-Match` for the revision a change was made on), dates as
//! HTTP writes them, the bearer token a request carries, and the instant a
//! view may be asked for (`?at=`).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use marquee_hub::RevisionNumber;

use crate::refusal::Refusal;
use crate::state::ServerState;

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

/// The revision `If-Match` names, `None` when it is not sent; `*` names
/// the current one. A tag that names no revision (a weak one among them:
/// `If-Match` compares strongly) is refused with `412`.
pub fn if_match(
    state: &ServerState,
    headers: &HeaderMap,
) -> Result<Option<RevisionNumber>, Refusal> {
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
pub fn named_base(tag: &str) -> Result<RevisionNumber, Refusal> {
    match RevisionNumber::from_etag(tag).filter(|_| !tag.trim().starts_with("W/")) {
        Some(number) => Ok(number),
        None => Err(Refusal::new(
            StatusCode::PRECONDITION_FAILED,
            format!("{tag:?} names no revision of this hub"),
            "send the ETag of the programme the change was made on, as the hub gave it, e.g. \"r12\"",
        )),
    }
}

/// The token of `Authorization: Bearer TOKEN`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
}

/// `?at=INSTANT`, read only within years 1000 to 9999: RFC 3339 has four
/// digits for a year, and an instant near chrono's ends would overflow the
/// day arithmetic of the views. Anything else is a `400`.
pub fn bounded_instant<'de, D>(
    deserializer: D,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use chrono::Datelike;
    use serde::Deserialize;
    let at = Option::<chrono::DateTime<chrono::FixedOffset>>::deserialize(deserializer)?;
    match at {
        Some(instant) if !(1000..=9999).contains(&instant.year()) => Err(serde::de::Error::custom(
            format!("{instant} is not an instant of years 1000 to 9999"),
        )),
        _ => Ok(at),
    }
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
            let named = RevisionNumber::from_etag(&text);
            prop_assert!(named.is_none() || text.contains(&named.unwrap().to_string()));
            prop_assert_eq!(RevisionNumber::from_etag(&RevisionNumber(number).etag()), Some(RevisionNumber(number)));
            if let Ok(value) = HeaderValue::from_str(&text) {
                let mut headers = HeaderMap::new();
                headers.insert(header::IF_NONE_MATCH, value);
                let _ = not_modified(&headers, &RevisionNumber(number).etag());
            }
        }
    }

    #[test]
    fn etags_name_revisions_and_if_none_match_lists_are_read() {
        assert_eq!(
            RevisionNumber::from_etag(&RevisionNumber(42).etag()),
            Some(RevisionNumber(42))
        );
        assert_eq!(
            RevisionNumber::from_etag("W/\"r7\""),
            Some(RevisionNumber(7))
        );
        assert_eq!(RevisionNumber::from_etag("\"x7\""), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"r1\", \"r3\""),
        );
        assert!(not_modified(&headers, "\"r3\""));
        assert!(!not_modified(&headers, "\"r2\""));
    }
}
