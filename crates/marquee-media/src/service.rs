//! Speaker photos for screens, without ever making a screen wait: a photo is
//! served from the cache when it is there, otherwise the person's placeholder
//! is served while a background worker reads the file or fetches the address
//! (with a timeout and a size limit), makes the thumbnail and caches it. A
//! failed fetch is tried again later, further apart each time.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use marquee_core::model::{MediaSource, Speaker};
use marquee_core::safety::MediaRef;

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
}

impl Default for FetchPolicy {
    fn default() -> Self {
        Self {
            remote: true,
            timeout: Duration::from_secs(10),
            limits: PhotoLimits::default(),
            first_retry: Duration::from_secs(30),
            longest_retry: Duration::from_secs(30 * 60),
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

struct Job {
    source: String,
    shape: Shape,
    size: u32,
}

/// A picture in the making: its source, shape and size.
type Key = (String, Shape, u32);

/// The photo service of one app; cheap to share between threads.
#[derive(Clone)]
pub struct PhotoService {
    cache: PhotoCache,
    policy: FetchPolicy,
    status: Arc<Mutex<HashMap<Key, Status>>>,
    jobs: Sender<Job>,
}

impl PhotoService {
    /// A service caching under `cache_dir`, reading local photos under `data_dir`.
    pub fn start(
        cache_dir: impl Into<PathBuf>,
        data_dir: impl Into<PathBuf>,
        policy: FetchPolicy,
    ) -> PhotoService {
        let (jobs, queue) = channel();
        let service = PhotoService {
            cache: PhotoCache::new(cache_dir),
            policy,
            status: Arc::default(),
            jobs,
        };
        let worker = Worker {
            service: service.clone(),
            data_dir: data_dir.into(),
        };
        std::thread::Builder::new()
            .name("photos".to_owned())
            .spawn(move || worker.run(queue))
            .expect("a thread for photos");
        service
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
        let cached = self.cache.get(&source.0, shape, size);
        if cached.is_none() {
            self.request(source, shape, size);
        }
        cached
    }

    /// Why the last attempt for this photo failed, if it did.
    pub fn failure(&self, source: &MediaSource, size: u32) -> Option<String> {
        match self
            .status
            .lock()
            .ok()?
            .get(&(source.0.clone(), Shape::Square, size))
        {
            Some(Status::Failed { reason, .. }) => Some(reason.clone()),
            _ => None,
        }
    }

    fn request(&self, source: &MediaSource, shape: Shape, size: u32) {
        let Ok(mut status) = self.status.lock() else {
            return;
        };
        let key = (source.0.clone(), shape, size);
        let failures = match status.get(&key) {
            None => 0,
            Some(Status::Queued { .. }) => return,
            Some(Status::Failed { retry_at, .. }) if Instant::now() < *retry_at => return,
            Some(Status::Failed { failures, .. }) => *failures,
        };
        status.insert(key, Status::Queued { failures });
        let _ = self.jobs.send(Job {
            source: source.0.clone(),
            shape,
            size,
        });
    }

    fn finish(&self, job: &Job, result: Result<(), String>) {
        let Ok(mut status) = self.status.lock() else {
            return;
        };
        let key = (job.source.clone(), job.shape, job.size);
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

struct Worker {
    service: PhotoService,
    data_dir: PathBuf,
}

impl Worker {
    fn run(self, queue: Receiver<Job>) {
        for job in queue {
            let result = self.make(&job);
            self.service.finish(&job, result);
        }
    }

    fn make(&self, job: &Job) -> Result<(), String> {
        let source = MediaSource(job.source.clone());
        let bytes = match source.classify() {
            Some(MediaRef::Local(path)) => read_local(&self.data_dir, path, &self.service.policy)?,
            Some(MediaRef::Remote(url)) if self.service.policy.remote => {
                fetch(url, &self.service.policy)?
            }
            Some(MediaRef::Remote(_)) => return Err("fetching photos is turned off".to_owned()),
            None => {
                return Err("the source is neither under data/ nor an http(s) address".to_owned());
            }
        };
        let picture = job
            .shape
            .make(&bytes, job.size, self.service.policy.limits)
            .map_err(|e| e.to_string())?;
        self.service
            .cache
            .put(&job.source, job.shape, job.size, &picture)
            .map_err(|e| format!("the cache cannot be written: {e}"))?;
        Ok(())
    }
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

fn fetch(url: &str, policy: &FetchPolicy) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(policy.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("the server answered {}", response.status()));
    }
    let limit = policy.limits.max_bytes as u64;
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("larger than {limit} bytes"));
    }
    Ok(bytes)
}
