//! The programme for other tools, as they subscribe to it: `/schedule.json`
//! (c3voc JSON, which Giggity and EventFahrplan read), `/schedule.xml` (frab
//! XML) and `/schedule.ics` (iCalendar), each with an ETag and
//! `Last-Modified` from its revision and `no-cache`, so that a cache in
//! front of the hub revalidates and an unchanged feed costs a `304`. The
//! times are those the rooms run at, their chairs' delays included.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use marquee_core::export::{ExportFormat, export};
use marquee_core::timeline::as_run;
use marquee_hub::HubError;

use crate::http::{http_date, not_modified, unchanged};
use crate::refusal::problem;
use crate::state::ServerState;

async fn feed(
    state: &ServerState,
    headers: &HeaderMap,
    format: ExportFormat,
    content_type: &'static str,
) -> Response {
    let Some(current) = state.hub.current() else {
        return problem(&HubError::Empty);
    };
    let tag = format!("\"r{}-{}\"", current.info.number, format.name());
    if not_modified(headers, &tag) {
        return unchanged(&tag);
    }
    let programme = current.programme.clone();
    // Attendees' apps know nothing of delays: they get the times as the rooms run.
    let made = state
        .work
        .per_revision(current.info.number, format.name(), move || {
            export(&as_run(&programme), format).into_bytes()
        })
        .await;
    match made {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (header::ETAG, tag),
                (header::LAST_MODIFIED, http_date(current.info.saved_at)),
                (header::CACHE_CONTROL, "no-cache".to_owned()),
            ],
            axum::body::Bytes::from_owner(body),
        )
            .into_response(),
        Err(busy) => busy,
    }
}

/// The live programme as json for other tools, with ETag and Last-Modified.
#[utoipa::path(get, path = "/schedule.json", operation_id = "get_schedule_json", tag = "feeds",
    responses((status = 200, description = "the feed", content_type = "application/json"), (status = 304, description = "unchanged")))]
pub async fn c3voc(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    feed(
        &state,
        &headers,
        ExportFormat::C3vocJson,
        "application/json",
    )
    .await
}

/// The live programme as xml for other tools, with ETag and Last-Modified.
#[utoipa::path(get, path = "/schedule.xml", operation_id = "get_schedule_xml", tag = "feeds",
    responses((status = 200, description = "the feed", content_type = "application/xml"), (status = 304, description = "unchanged")))]
pub async fn frab(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    feed(&state, &headers, ExportFormat::FrabXml, "application/xml").await
}

/// The live programme as ics for other tools, with ETag and Last-Modified.
#[utoipa::path(get, path = "/schedule.ics", operation_id = "get_schedule_ics", tag = "feeds",
    responses((status = 200, description = "the feed", content_type = "text/calendar"), (status = 304, description = "unchanged")))]
pub async fn ical(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    feed(
        &state,
        &headers,
        ExportFormat::Ical,
        "text/calendar; charset=utf-8",
    )
    .await
}
