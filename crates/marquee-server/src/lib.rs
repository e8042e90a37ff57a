//! The venue hub over HTTP (axum on tokio), a thin layer over `marquee-hub`:
//! [`programme`] answers for the programme with ETags and takes new ones
//! ([`import`] from an address, [`photos`] uploaded for it),
//! [`events`] tells every client of each change as server-sent events,
//! [`operations`] takes the editors' and chairs' changes, [`chair`] gives
//! what a room's chair sees, [`screens`] hears from every screen,
//! [`screen`] gives what a screen shows, [`feeds`] writes the programme for
//! other tools, and [`display`] serves the hallway screen and its pictures
//! to browsers. [`beside`] keeps a hub in step with one programme file.
//! [`listen`] takes the connections (with [`tls`]), [`http`] holds the
//! conventions every route shares (ETags, conditional requests, bearer
//! tokens), [`auth`] lets only token holders through, [`refusal`] gives
//! every refusal its one shape, and [`work`] keeps blocking and costly work
//! off the connections' workers. [`serve`] and [`token_command`] are the
//! `marquee-hub` program's `serve` and `token`.
//!
//! It must never depend on the window toolkit or the command line's crate;
//! the hub's decisions are `marquee-hub`'s and its keeping `marquee-store`'s.

pub mod auth;
pub mod beside;
pub mod chair;
pub mod display;
pub mod events;
pub mod feeds;
pub mod http;
pub mod import;
pub mod listen;
pub mod operations;
pub mod photos;
pub mod programme;
pub mod refusal;
pub mod releases;
pub mod screen;
pub mod screens;
pub mod serve;
pub mod stage;
mod state;
pub mod tls;
pub mod token_command;
pub mod work;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use marquee_store::StoredHub;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use listen::Listening;
pub use state::{Hosting, ServerState};

/// The largest programme a client may send; the largest real schedules are
/// a few megabytes.
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The most a request that names a thing or two may send: an enrolment,
/// a command to a screen.
const SMALL_BODY: usize = 4 * 1024;

/// The hub's API, as an OpenAPI document served at `/api/openapi.json`.
#[derive(utoipa::OpenApi)]
#[openapi(
    modifiers(&Bearer),
    info(
        title = "Marquee hub",
        description = "One programme for every screen, browser and phone of a venue."
    ),
    paths(
        programme::get,
        programme::put,
        import::post,
        photos::post,
        programme::history,
        programme::revision,
        programme::health,
        operations::post,
        operations::problems,
        releases::post,
        releases::list,
        events::stream,
        screen::get,
        feeds::c3voc,
        feeds::frab,
        feeds::ical,
        display::page,
        display::media,
        chair::rooms,
        chair::view,
        chair::links,
        stage::view,
        stage::seen,
        stage::listrooms,
        screens::report,
        screens::enrolment,
        screens::enrol,
        screens::remove,
        screens::list,
        screens::order,
        screens::send_screenshot,
        screens::screenshot,
    ),
    components(schemas(
        programme::Saved,
        import::ImportFrom,
        photos::Uploaded,
        refusal::ProblemBody,
        programme::RevisionEntry,
        programme::Health,
        programme::SourceHealth,
        programme::Load,
        programme::WriteBackHealth,
        operations::Batch,
        operations::Answer,
        operations::Applied,
        operations::Preview,
        operations::Placed,
        operations::ConflictBody,
        operations::Finding,
        releases::Publish,
        releases::Release,
        chair::ChairRoom,
        chair::ChairLink,
        stage::Showing,
        stage::MonitorStatus,
        stage::RoomStatus,
        screens::ScreenEntry,
        screens::Order,
        screens::EnrolmentCode,
        screens::EnrolRequest,
        screens::ScreenToken
    ))
)]
pub struct ApiDoc;

/// The token every guarded route takes, as `Authorization: Bearer TOKEN`.
struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(
                            "the organiser's token; a chair's for its room's operations; a screen's own for its reports and screenshots",
                        ))
                        .build(),
                ),
            );
    }
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// The TypeScript of every type the hub's API sends or takes, for the
/// front end (`ui/src/generated/hub.ts`).
pub fn typescript() -> String {
    let mut bundle = marquee_host::contract::Bundle::default();
    bundle
        .add::<marquee_core::Programme>()
        .add::<operations::Batch>()
        .add::<operations::Applied>()
        .add::<operations::Preview>()
        .add::<operations::ConflictBody>()
        .add::<operations::Finding>()
        .add::<refusal::ProblemBody>()
        .add::<programme::RevisionEntry>()
        .add::<programme::Saved>()
        .add::<import::ImportFrom>()
        .add::<photos::Uploaded>()
        .add::<releases::Publish>()
        .add::<releases::Release>()
        .add::<marquee_core::timeline::ChairView>()
        .add::<chair::ChairRoom>()
        .add::<chair::ChairLink>()
        .add::<chair::ChairAnswer>()
        .add::<marquee_core::timeline::StageView>()
        .add::<stage::Showing>()
        .add::<screens::ScreenEntry>()
        .add::<screens::Order>()
        .add::<screens::EnrolmentCode>();
    bundle.typescript(&[])
}

/// Every route of the hub.
pub fn router(state: Arc<ServerState>) -> Router {
    let organiser = axum::middleware::from_fn_with_state(state.clone(), auth::organiser_only);
    let holders = axum::middleware::from_fn_with_state(state.clone(), auth::token_holders_only);
    let screens_only = axum::middleware::from_fn_with_state(state.clone(), screens::screens_only);
    let api = Router::new()
        .route(
            "/api/programme",
            get(programme::get).merge(put(programme::put).route_layer(organiser.clone())),
        )
        .route(
            "/api/import",
            post(import::post).route_layer(organiser.clone()),
        )
        .route(
            "/api/photos",
            post(photos::post)
                .layer(DefaultBodyLimit::max(photos::MOST_PHOTO_BYTES))
                .route_layer(organiser.clone()),
        )
        .route(
            "/api/operations",
            post(operations::post).route_layer(holders),
        )
        .route("/api/problems", get(operations::problems))
        .route(
            "/api/releases",
            get(releases::list).merge(post(releases::post).route_layer(organiser.clone())),
        )
        .route("/api/revisions", get(programme::history))
        .route("/api/revisions/{number}", get(programme::revision))
        .route("/api/screen", get(screen::get))
        .route("/schedule.json", get(feeds::c3voc))
        .route("/schedule.xml", get(feeds::frab))
        .route("/schedule.ics", get(feeds::ical))
        .route("/health", get(programme::health))
        .route("/api/openapi.json", get(openapi))
        .route("/display", get(display::page))
        .route("/editor", get(display::page))
        .route("/chair", get(display::page))
        .route("/chair/{room}", get(display::page))
        .route("/api/chair", get(chair::rooms))
        .route("/api/chair/{room}", get(chair::view))
        .route("/api/chairs", get(chair::links))
        .route("/stage", get(display::page))
        .route("/stage/{room}", get(display::page))
        .route("/api/stage/{room}", get(stage::view))
        // Any monitor may say it is there: a few bytes, never more.
        .route(
            "/api/stage/{room}/seen",
            post(stage::seen).layer(DefaultBodyLimit::max(SMALL_BODY)),
        )
        .route("/roomstatus/v1/listrooms", get(stage::listrooms))
        .route(
            "/api/screens",
            get(screens::list).merge(post(screens::report).route_layer(screens_only.clone())),
        )
        .route(
            "/api/screens/enrolments",
            post(screens::enrolment).route_layer(organiser.clone()),
        )
        // Anyone may try a code: a few bytes, never more.
        .route(
            "/api/screens/enrol",
            post(screens::enrol).layer(DefaultBodyLimit::max(SMALL_BODY)),
        )
        .route(
            "/api/screens/{name}",
            delete(screens::remove).route_layer(organiser.clone()),
        )
        .route(
            "/api/screens/{name}/commands",
            post(screens::order)
                .layer(DefaultBodyLimit::max(SMALL_BODY))
                .route_layer(organiser),
        )
        .route(
            "/api/screens/{name}/screenshot",
            get(screens::screenshot).merge(
                post(screens::send_screenshot)
                    .layer(DefaultBodyLimit::max(5 * 1024 * 1024))
                    .route_layer(screens_only),
            ),
        )
        .route("/assets/{*file}", get(display::asset))
        .route("/media/{*path}", get(display::media))
        // The fastest level: 38C3's programme (1.9 MB) takes gzip's default
        // level about 80 ms and its fastest about a quarter of that, for a
        // body a few per cent larger; zstd, which browsers ask for first,
        // is faster still. Every editor and display fetches it on every
        // revision, so the time is what counts. Refusals are small, and
        // made into JSON outside this layer: they are not compressed.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(DefaultPredicate::new().and(
                    |status: StatusCode,
                     _: axum::http::Version,
                     _: &axum::http::HeaderMap,
                     _: &axum::http::Extensions| {
                        !(status.is_client_error() || status.is_server_error())
                    },
                )),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // A slow client gets this long for a whole request and its answer.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ));
    // The event stream is long-lived: neither compressed nor timed out.
    Router::new()
        .route("/api/events", get(events::stream))
        .merge(api)
        .fallback(unknown_route)
        .layer(axum::middleware::from_fn(refusal::json_refusals))
        .with_state(state)
}

/// What a connection beyond the hub's cap is answered: `/health`, and
/// `503` with `Retry-After` for everything else.
pub fn busy_router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route("/health", get(programme::health))
        .fallback(|| async {
            refusal::Refusal::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the hub holds as many connections as it can",
                "try again after the time in Retry-After",
            )
        })
        .with_state(state)
}

async fn unknown_route(uri: axum::http::Uri) -> refusal::Refusal {
    refusal::Refusal::new(
        axum::http::StatusCode::NOT_FOUND,
        format!("the hub has nothing at {}", uri.path()),
        "check the address against /api/openapi.json",
    )
}

/// Serves `hub` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    listening: Listening,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listen::serve(listener, state, listening, shutdown).await
}

/// A hub ready to serve: its state, fed by `hub`'s announcements.
pub fn state(hub: Arc<StoredHub>, hosting: Hosting) -> Arc<ServerState> {
    ServerState::new(hub, hosting)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_committed_hub_types_match_the_rust_types() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/hub.ts");
        let generated = super::typescript();
        if std::env::var_os("MARQUEE_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/generated/hub.ts is out of date: run `make generate` and commit it"
        );
    }
}
