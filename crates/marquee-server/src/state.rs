//! What every request handler shares.

use std::sync::Arc;
use std::time::Instant;

use marquee_host::ProgrammeStore;
use marquee_host::clock::ScreenClock;
use marquee_host::media::Media;
use marquee_media::service::{FetchPolicy, PhotoService};
use marquee_store::StoredHub;
use tokio::sync::broadcast;

use crate::listen::Capacity;
use crate::work::Work;

/// How the hub runs: its clock, its source and where local pictures are read from.
#[derive(Clone)]
pub struct Hosting {
    pub clock: ScreenClock,
    /// The source the hub follows, by name, and how it stands.
    pub source: Option<(String, Arc<ProgrammeStore>)>,
    pub data_folder: std::path::PathBuf,
    pub photo_cache: std::path::PathBuf,
    /// The machines the hub may fetch from: imports and photos.
    pub reach: marquee_io::Reach,
    /// It serves HTTPS: the links it hands out (chairs', enrolment
    /// commands) are `https://`.
    pub secure: bool,
}

pub struct ServerState {
    pub hub: Arc<StoredHub>,
    pub clock: ScreenClock,
    pub started: Instant,
    /// Each new revision's number, for the event streams.
    pub revisions: broadcast::Sender<marquee_hub::RevisionNumber>,
    /// Rooms whose stage monitor has news for its chair, for the event streams.
    pub stage: broadcast::Sender<marquee_core::model::RoomId>,
    monitors: std::sync::Mutex<marquee_hub::StageMonitors>,
    pub media: Media,
    pub source: Option<(String, Arc<ProgrammeStore>)>,
    /// Where `data/...` pictures are read from, and uploads kept.
    pub data_folder: std::path::PathBuf,
    /// How many connections and event streams it holds.
    pub capacity: Capacity,
    pub reach: marquee_io::Reach,
    pub secure: bool,
    pub work: Work,
}

impl ServerState {
    pub fn new(hub: Arc<StoredHub>, hosting: Hosting) -> Arc<ServerState> {
        let (revisions, _) = broadcast::channel(64);
        let announce = revisions.clone();
        hub.subscribe(move |announcement| {
            let _ = announce.send(announcement.revision);
            true
        });
        let photos = PhotoService::start(
            hosting.photo_cache,
            hosting.data_folder.clone(),
            FetchPolicy {
                reach: hosting.reach,
                ..FetchPolicy::default()
            },
        );
        let media = Media::new(photos, hub.runtime().clone());
        Arc::new(ServerState {
            hub,
            clock: hosting.clock,
            started: Instant::now(),
            revisions,
            stage: broadcast::channel(64).0,
            monitors: Default::default(),
            media,
            source: hosting.source,
            data_folder: hosting.data_folder,
            capacity: Capacity::for_this_process(),
            reach: hosting.reach,
            secure: hosting.secure,
            work: Work::default(),
        })
    }

    /// The stage monitors heard from.
    pub fn monitors(&self) -> std::sync::MutexGuard<'_, marquee_hub::StageMonitors> {
        // What a monitor said is never half-written: a panic elsewhere
        // leaves it whole.
        self.monitors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The revision clients see, 0 before the first programme.
    pub fn revision(&self) -> marquee_hub::RevisionNumber {
        self.hub
            .current()
            .map_or(marquee_hub::RevisionNumber::default(), |current| {
                current.info.number
            })
    }
}
