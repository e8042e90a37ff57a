//! The one place a host keeps the programme it shows: the current programme
//! (its rooms running late included) and how its source stands. Sources (a
//! watched file, a polled address, a hub) write into it; consumers (the
//! scheduler, the pictures, a window) follow it. Every change gets the next revision number.

use std::sync::{Arc, Mutex, MutexGuard};

use marquee_core::Programme;

use crate::error::HostError;

/// The store as it stands at one revision; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Revision {
    /// 0 until the first programme; one more with each change after it.
    pub number: u64,
    pub programme: Option<Arc<Programme>>,
    pub source: SourceStatus,
}

/// How the programme's source stands.
#[derive(Debug, Clone, Default)]
pub struct SourceStatus {
    /// Why the source could not be read the last time, if it could not.
    pub problem: Option<HostError>,
    /// The source's address cannot be reached; the last good programme stays.
    pub offline: bool,
    /// The source's ETag of the programme shown (a hub's is its revision, `"r12"`).
    pub version: Option<String>,
}

/// A consumer's callback; it returns false once it no longer listens.
type Subscriber = Box<dyn FnMut(&Revision) -> bool + Send>;

struct Inner {
    revision: Revision,
    subscribers: Vec<Subscriber>,
}

/// Shared between threads behind an `Arc`.
pub struct ProgrammeStore {
    inner: Mutex<Inner>,
}

impl Default for ProgrammeStore {
    fn default() -> Self {
        ProgrammeStore {
            inner: Mutex::new(Inner {
                revision: Revision::default(),
                subscribers: Vec::new(),
            }),
        }
    }
}

impl ProgrammeStore {
    pub fn new() -> Arc<ProgrammeStore> {
        Arc::default()
    }

    pub fn current(&self) -> Revision {
        self.lock().revision.clone()
    }

    pub fn programme(&self) -> Option<Arc<Programme>> {
        self.lock().revision.programme.clone()
    }

    /// Calls `subscriber` with the store as it stands, then after every
    /// change, in order, until it returns false.
    pub fn subscribe(&self, mut subscriber: impl FnMut(&Revision) -> bool + Send + 'static) {
        let mut inner = self.lock();
        if subscriber(&inner.revision) {
            inner.subscribers.push(Box::new(subscriber));
        }
    }

    /// Shows `programme` from now on; false when it is the one shown already.
    /// The source's problem, if it had one, is over.
    pub fn publish(&self, programme: impl Into<Arc<Programme>>) -> bool {
        let programme = programme.into();
        let mut new = false;
        self.change(|revision| {
            new = revision.programme.as_deref() != Some(&*programme);
            let had_problem = revision.source.problem.take().is_some();
            if new {
                revision.programme = Some(programme);
                revision.number += 1;
            }
            new || had_problem
        });
        new
    }

    /// The source cannot be read now; the last good programme stays.
    pub fn report_problem(&self, problem: HostError) {
        self.change(|revision| {
            revision.source.problem = Some(problem);
            true
        });
    }

    /// The source calls the programme shown `version`.
    pub fn set_version(&self, version: Option<String>) {
        let mut inner = self.lock();
        inner.revision.source.version = version;
    }

    /// The source's address can or cannot be reached.
    pub fn set_offline(&self, offline: bool) {
        self.change(|revision| {
            let changed = revision.source.offline != offline;
            revision.source.offline = offline;
            changed
        });
    }

    /// Applies `edit`; when it says something changed, tells every subscriber.
    fn change(&self, edit: impl FnOnce(&mut Revision) -> bool) {
        let mut inner = self.lock();
        if edit(&mut inner.revision) {
            let Inner {
                revision,
                subscribers,
            } = &mut *inner;
            subscribers.retain_mut(|subscriber| subscriber(revision));
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use super::*;
    use crate::testing::default_programme;

    #[test]
    fn each_change_of_the_programme_is_a_new_revision_that_subscribers_hear() {
        let store = ProgrammeStore::new();
        let (heard, received) = channel();
        store.subscribe(move |revision| heard.send(revision.clone()).is_ok());
        assert_eq!(received.try_recv().unwrap().number, 0);

        let programme = default_programme();
        assert!(store.publish(programme.clone()));
        assert_eq!(received.try_recv().unwrap().number, 1);
        // The same programme again changes nothing.
        assert!(!store.publish(programme.clone()));
        assert!(received.try_recv().is_err());

        let mut late = programme.clone();
        late.delays.push(marquee_core::model::Delay {
            session: programme.sessions[0].id.clone(),
            started_minutes: 0,
            minutes: 10,
        });
        assert!(store.publish(late));
        let late = received.try_recv().unwrap();
        assert_eq!((late.number, late.programme.unwrap().delays.len()), (2, 1));
        assert_eq!(store.current().number, 2);
    }

    #[test]
    fn a_problem_keeps_the_programme_and_ends_with_the_next_good_read() {
        let store = ProgrammeStore::new();
        store.publish(default_programme());
        store.report_problem(HostError::ClockRate(-1.0));
        let broken = store.current();
        assert!(broken.programme.is_some());
        assert_eq!(broken.number, 1, "a problem is no new revision");
        assert!(broken.source.problem.is_some());
        store.publish(default_programme());
        assert!(store.current().source.problem.is_none());
    }

    #[test]
    fn a_subscriber_that_stops_listening_is_dropped() {
        let store = ProgrammeStore::new();
        let (heard, received) = channel();
        store.subscribe(move |revision| heard.send(revision.number).is_ok());
        drop(received);
        store.publish(default_programme());
        assert!(store.lock().subscribers.is_empty());
    }
}
