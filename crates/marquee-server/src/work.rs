//! Work that blocks or costs processor time, kept off the async workers
//! that every connection shares: [`blocking`] for waiting on the disk or the
//! network, [`Work::computing`] for the engine, feeds, problems and QR codes,
//! at most one job per core at a time (a flood of requests waits its turn,
//! or is told to come back, rather than starving the event streams), and
//! [`Work::per_revision`] for what depends only on the revision, made once
//! and shared until the next.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::refusal::{Refusal, lost};

/// How long a request waits for a core before it is told to come back.
const MOST_WAIT: Duration = Duration::from_secs(10);

/// `job` on a blocking thread; a job that panicked is a `500`.
pub async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(job).await.map_err(|_| lost())
}

pub struct Work {
    cores: Arc<Semaphore>,
    made: Mutex<Made>,
}

/// What was made for one revision, by name.
#[derive(Default)]
struct Made {
    revision: marquee_hub::RevisionNumber,
    by_name: HashMap<String, Arc<[u8]>>,
}

impl Default for Work {
    /// One job a core.
    fn default() -> Work {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Work {
            cores: Arc::new(Semaphore::new(cores)),
            made: Mutex::default(),
        }
    }
}

impl Work {
    /// `job` on a blocking thread once a core is free; `503` when none is
    /// free for [`MOST_WAIT`].
    pub async fn computing<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Response> {
        let core = self.core().await?;
        blocking(move || {
            let done = job();
            drop(core);
            done
        })
        .await
    }

    async fn core(&self) -> Result<tokio::sync::OwnedSemaphorePermit, Response> {
        tokio::time::timeout(MOST_WAIT, self.cores.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| {
                Refusal::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the hub is busy",
                    "try again after the time in Retry-After",
                )
                .into_response()
            })
    }

    /// What `make` gives for `revision`, made once under `name` and
    /// shared until another revision is asked for. Requests that wait for
    /// a core while it is made find it made when their turn comes.
    pub async fn per_revision(
        &self,
        revision: marquee_hub::RevisionNumber,
        name: &str,
        make: impl FnOnce() -> Vec<u8> + Send + 'static,
    ) -> Result<Arc<[u8]>, Response> {
        if let Some(made) = self.had(revision, name) {
            return Ok(made);
        }
        let core = self.core().await?;
        if let Some(made) = self.had(revision, name) {
            return Ok(made);
        }
        let made: Arc<[u8]> = blocking(move || {
            let made = make();
            drop(core);
            made
        })
        .await?
        .into();
        let mut kept = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if kept.revision != revision {
            if kept.revision > revision {
                return Ok(made);
            }
            *kept = Made {
                revision,
                by_name: HashMap::new(),
            };
        }
        kept.by_name.insert(name.to_owned(), made.clone());
        Ok(made)
    }

    fn had(&self, revision: marquee_hub::RevisionNumber, name: &str) -> Option<Arc<[u8]>> {
        let kept = self.made.lock().unwrap_or_else(|e| e.into_inner());
        (kept.revision == revision)
            .then(|| kept.by_name.get(name).cloned())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn what_depends_on_the_revision_is_made_once_per_revision() {
        let work = Work::default();
        let made = Arc::new(AtomicUsize::new(0));
        let make = |made: &Arc<AtomicUsize>, text: &'static str| {
            let made = made.clone();
            move || {
                made.fetch_add(1, Ordering::SeqCst);
                text.as_bytes().to_vec()
            }
        };
        let first = work
            .per_revision(marquee_hub::RevisionNumber(3), "feed", make(&made, "a"))
            .await
            .unwrap();
        let again = work
            .per_revision(marquee_hub::RevisionNumber(3), "feed", make(&made, "b"))
            .await
            .unwrap();
        assert_eq!((&*first, &*again), (&b"a"[..], &b"a"[..]));
        assert_eq!(made.load(Ordering::SeqCst), 1);
        let other = work
            .per_revision(marquee_hub::RevisionNumber(3), "ics", make(&made, "c"))
            .await
            .unwrap();
        assert_eq!(&*other, b"c");
        let next = work
            .per_revision(marquee_hub::RevisionNumber(4), "feed", make(&made, "d"))
            .await
            .unwrap();
        assert_eq!(&*next, b"d");
        // An older revision asked late is made, not kept over the newer.
        let late = work
            .per_revision(marquee_hub::RevisionNumber(3), "feed", make(&made, "e"))
            .await
            .unwrap();
        assert_eq!(&*late, b"e");
        let still = work
            .per_revision(marquee_hub::RevisionNumber(4), "feed", make(&made, "f"))
            .await
            .unwrap();
        assert_eq!(&*still, b"d");
    }
}
