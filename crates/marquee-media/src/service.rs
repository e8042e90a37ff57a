//! Speaker photos for screens, without ever making a screen wait: a photo is
//! served from the cache when it is there, otherwise the person's placeholder
//! is served while a background worker reads the file or fetches the address
//! (with a timeout and a size limit), makes the thumbnail and caches it. A
//! failed fetch is tried again later, further apart each time. A photo
//! replaced at the same place shows too: a file's version is its size and
//! modification time, and a downloaded photo is checked for a newer version
//! (conditionally, so an unchanged one costs a `304`) once a run and then
//! every so often, while the one cached stays on screen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use marquee_core::model::{MediaSource, Speaker};
use marquee_core::safety::MediaRef;
use marquee_io::Fetched;

use crate::cache::PhotoCache;
use crate::photo::{PhotoLimits, Shape};
use crate::placeholder::Placeholder;

/// How photos are fetched.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Off where screens must not touch the network at all.
    pub remote: bool,
    pub timeout: Duration,
    pub limits: PhotoLimits,
    /// The wait before the first retry; it doubles with each failure.
    pub first_retry: Duration,
    pub longest_retry: Duration,
    /// How long a downloaded photo is shown before it is checked again.
    pub recheck_after: Duration,
    /// The machines a photo's address may be on.
    pub reach: marquee_io::Reach,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        Self {
            remote: true,
            timeout: Duration::from_secs(10),
            limits: PhotoLimits::default(),
            first_retry: Duration::from_secs(30),
            longest_retry: Duration::from_secs(30 * 60),
            recheck_after: Duration::from_secs(60 * 60),
            reach: marquee_io::Reach::Local,
        }
    }
}

impl FetchPolicy {
    /// The wait after `failures` failed attempts.
    pub fn retry_after(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1));
        self.first_retry
            .saturating_mul(factor)
            .min(self.longest_retry)
    }
}

/// What a screen shows for a person now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Portrait {
    Photo(PathBuf),
    Placeholder(Placeholder),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Queued {
        failures: u32,
    },
    Failed {
        failures: u32,
        retry_at: Instant,
        reason: String,
    },
}

/// A picture: the version of its source, its shape and size.
type Key = (String, Shape, u32);

struct Job {
    source: String,
    key: Key,
    /// A picture is cached: ask for a newer one than it was made from.
    recheck: bool,
}

/// What the service and its worker share; the worker holds no sender of
/// jobs, so it stops once the last handle of the service is dropped.
struct Shared {
    cache: PhotoCache,
    policy: FetchPolicy,
    data_dir: PathBuf,
    status: Mutex<HashMap<Key, Status>>,
    /// When each downloaded picture was last checked for a newer version.
    checked: Mutex<HashMap<Key, Instant>>,
}

/// The photo service of one app; cheap to share between threads.
#[derive(Clone)]
pub struct PhotoService {
    shared: Arc<Shared>,
    jobs: Sender<Job>,
}

/// How the photos stand: waiting to be fetched, and failed for now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhotoState {
    pub queued: usize,
    pub failed: usize,
}

impl PhotoService {
    /// How many photos wait and how many failed, for a screen's report.
    pub fn state(&self) -> PhotoState {
        let status = self.shared.status.lock().unwrap_or_else(|e| e.into_inner());
        let failed = status
            .values()
            .filter(|s| matches!(s, Status::Failed { .. }))
            .count();
        PhotoState {
            queued: status.len() - failed,
            failed,
        }
    }

    /// A service caching under `cache_dir`, reading local photos under `data_dir`.
    pub fn start(
        cache_dir: impl Into<PathBuf>,
        data_dir: impl Into<PathBuf>,
        policy: FetchPolicy,
    ) -> PhotoService {
        let (jobs, queue) = channel();
        let shared = Arc::new(Shared {
            cache: PhotoCache::new(cache_dir),
            policy,
            data_dir: data_dir.into(),
            status: Mutex::default(),
            checked: Mutex::default(),
        });
        let worker = shared.clone();
        std::thread::Builder::new()
            .name("photos".to_owned())
            .spawn(move || run(&worker, queue))
            .expect("a thread for photos");
        PhotoService { shared, jobs }
    }

    /// The person's photo at `size` if it is ready, else their placeholder
    /// (and the photo is queued). Never waits for a file or the network.
    pub fn portrait(&self, speaker: &Speaker, size: u32) -> Portrait {
        let placeholder = || Portrait::Placeholder(Placeholder::for_name(&speaker.name));
        let Some(source) = speaker.photo.as_ref() else {
            return placeholder();
        };
        match self.picture(source, Shape::Square, size) {
            Some(path) => Portrait::Photo(path),
            None => placeholder(),
        }
    }

    /// The conference's logo at most `height` pixels high, if it is ready
    /// (otherwise it is queued). Never waits for a file or the network.
    pub fn logo(&self, source: &MediaSource, height: u32) -> Option<PathBuf> {
        self.picture(source, Shape::Logo, height)
    }

    fn picture(&self, source: &MediaSource, shape: Shape, size: u32) -> Option<PathBuf> {
        let version = self.shared.version(source);
        let cached = self.shared.cache.get(&version, shape, size);
        match &cached {
            Some(_) if matches!(source.classify(), Some(MediaRef::Remote(_))) => {
                self.recheck(source, version, shape, size);
            }
            Some(_) => {}
            None => self.request(source, version, shape, size),
        }
        cached
    }

    /// Why the last attempt for this photo failed, if it did.
    pub fn failure(&self, source: &MediaSource, size: u32) -> Option<String> {
        let key = (self.shared.version(source), Shape::Square, size);
        match self.shared.status.lock().ok()?.get(&key) {
            Some(Status::Failed { reason, .. }) => Some(reason.clone()),
            _ => None,
        }
    }

    /// Queues a check for a newer version of a downloaded picture, when due.
    fn recheck(&self, source: &MediaSource, version: String, shape: Shape, size: u32) {
        let Ok(mut checked) = self.shared.checked.lock() else {
            return;
        };
        let key = (version, shape, size);
        let due = checked
            .get(&key)
            .is_none_or(|at| at.elapsed() >= self.shared.policy.recheck_after);
        if due && self.shared.policy.remote {
            checked.insert(key.clone(), Instant::now());
            self.queue(source, key, true);
        }
    }

    fn queue(&self, source: &MediaSource, key: Key, recheck: bool) {
        let _ = self.jobs.send(Job {
            source: source.0.clone(),
            key,
            recheck,
        });
    }

    fn request(&self, source: &MediaSource, version: String, shape: Shape, size: u32) {
        let Ok(mut status) = self.shared.status.lock() else {
            return;
        };
        let key = (version, shape, size);
        let failures = match status.get(&key) {
            None => 0,
            Some(Status::Queued { .. }) => return,
            Some(Status::Failed { retry_at, .. }) if Instant::now() < *retry_at => return,
            Some(Status::Failed { failures, .. }) => *failures,
        };
        status.insert(key.clone(), Status::Queued { failures });
        self.queue(source, key, false);
    }
}

impl Shared {
    /// The version of `source` that the cache keys by: an address as it is,
    /// a file with its size and modification time.
    fn version(&self, source: &MediaSource) -> String {
        let Some(MediaRef::Local(relative)) = source.classify() else {
            return source.0.clone();
        };
        let inside = relative.strip_prefix("data/").unwrap_or(relative);
        match std::fs::metadata(self.data_dir.join(inside)) {
            Ok(meta) => {
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |since| since.as_nanos());
                format!("{}\u{0}{}\u{0}{modified}", source.0, meta.len())
            }
            Err(_) => source.0.clone(),
        }
    }

    fn finish(&self, job: &Job, result: Result<(), String>) {
        if job.recheck {
            // The picture on screen stays; the next check comes in its time.
            return;
        }
        let Ok(mut status) = self.status.lock() else {
            return;
        };
        let key = job.key.clone();
        let before = match status.remove(&key) {
            Some(Status::Queued { failures } | Status::Failed { failures, .. }) => failures,
            None => 0,
        };
        if let Err(reason) = result {
            let failures = before + 1;
            status.insert(
                key,
                Status::Failed {
                    failures,
                    retry_at: Instant::now() + self.policy.retry_after(failures),
                    reason,
                },
            );
        }
    }
}

fn run(shared: &Shared, queue: Receiver<Job>) {
    for job in queue {
        let result = make(shared, &job);
        shared.finish(&job, result);
    }
}

fn make(shared: &Shared, job: &Job) -> Result<(), String> {
    let policy = &shared.policy;
    let (version, shape, size) = &job.key;
    let (shape, size) = (*shape, *size);
    let source = MediaSource(job.source.clone());
    let (bytes, validators) = match source.classify() {
        Some(MediaRef::Local(path)) => (read_local(&shared.data_dir, path, policy)?, None),
        Some(MediaRef::Remote(url)) if policy.remote => {
            let known = job
                .recheck
                .then(|| shared.cache.validators(version, shape, size));
            let limits = marquee_io::Limits {
                connect: policy.timeout,
                total: policy.timeout,
                max_bytes: policy.limits.max_bytes as u64,
                reach: policy.reach,
            };
            match marquee_io::get(url, limits, known.as_ref()).map_err(|e| e.to_string())? {
                Fetched::NotModified => return Ok(()),
                Fetched::Fresh { body, validators } => (body, Some(validators)),
            }
        }
        Some(MediaRef::Remote(_)) => return Err("fetching photos is turned off".to_owned()),
        None => {
            return Err("the source is neither under data/ nor an http(s) address".to_owned());
        }
    };
    let picture = shape
        .make(&bytes, size, policy.limits)
        .map_err(|e| e.to_string())?;
    let cannot_write = |e: std::io::Error| format!("the cache cannot be written: {e}");
    // The picture first: validators never name a version not on disk.
    shared
        .cache
        .put(version, shape, size, &picture)
        .map_err(cannot_write)?;
    if let Some(validators) = validators {
        shared
            .cache
            .put_validators(version, shape, size, &validators)
            .map_err(cannot_write)?;
    }
    Ok(())
}

/// A file under `data/`; symbolic links that lead outside it are refused.
fn read_local(data_dir: &Path, relative: &str, policy: &FetchPolicy) -> Result<Vec<u8>, String> {
    let inside = relative.strip_prefix("data/").unwrap_or(relative);
    let root = data_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", data_dir.display()))?;
    let path = root
        .join(inside)
        .canonicalize()
        .map_err(|e| format!("{relative}: {e}"))?;
    if !path.starts_with(&root) {
        return Err(format!("{relative} leads outside data/"));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{relative}: {e}"))?;
    if bytes.len() > policy.limits.max_bytes {
        return Err(format!(
            "{relative} is larger than {} bytes",
            policy.limits.max_bytes
        ));
    }
    Ok(bytes)
}
