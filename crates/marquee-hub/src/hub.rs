//! What a change to the hub's programme does, who may make it and what it
//! announces. The HTTP server is a thin layer over this: it turns requests
//! into these calls and their errors into status codes.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use marquee_core::format::to_json;
use marquee_core::{ImportOptions, Programme, import};
use marquee_host::ProgrammeStore;

use crate::store::{RevisionInfo, Store, StoreError};
use crate::token::{Token, TokenError};

/// The database's file in the data folder.
pub const DATABASE_FILE: &str = "hub.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(
        "this change needs the organiser's token (fix: send it as `Authorization: Bearer TOKEN`)"
    )]
    Unauthorized,
    #[error(
        "say which revision this change is based on (fix: send `If-Match` with the ETag of the programme it was made from)"
    )]
    BaseMissing,
    #[error(
        "the programme changed meanwhile: it is at revision {current}, this change was made on {base} (fix: fetch it again and redo the change)"
    )]
    Stale { base: u64, current: u64 },
    #[error("{0}")]
    Unreadable(String),
    #[error("the hub has no programme yet (fix: start it with a programme, or PUT one)")]
    Empty,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Token(#[from] TokenError),
}

/// The programme as it stands, at one revision; cheap to clone.
#[derive(Debug, Clone)]
pub struct Current {
    pub info: RevisionInfo,
    pub programme: Arc<Programme>,
    /// In Marquee's file format, as stored.
    pub json: Arc<str>,
}

/// What a new revision announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub revision: u64,
    pub summary: String,
}

type Listener = Box<dyn FnMut(&Announcement) -> bool + Send>;

pub struct Hub {
    store: Mutex<Store>,
    current: Mutex<Option<Current>>,
    /// The runtime's store, which screens and pictures follow.
    runtime: Arc<ProgrammeStore>,
    token: Token,
    listeners: Mutex<Vec<Listener>>,
}

impl Hub {
    /// The hub kept in `data` (made if need be), where it was when it stopped.
    pub fn open(data: &Path) -> Result<Hub, HubError> {
        std::fs::create_dir_all(data).map_err(|source| TokenError::File {
            path: data.to_owned(),
            source,
        })?;
        let store = Store::open(&data.join(DATABASE_FILE))?;
        let token = Token::load_or_create(data)?;
        let runtime = ProgrammeStore::new();
        let current = match store.latest()? {
            Some((info, json)) => {
                let programme = marquee_core::format::parse(&json)
                    .map_err(|e| HubError::Unreadable(format!("revision {}: {e}", info.number)))?
                    .programme;
                let programme = Arc::new(programme);
                runtime.publish(programme.clone());
                Some(Current {
                    info,
                    programme,
                    json: json.into(),
                })
            }
            None => None,
        };
        Ok(Hub {
            store: Mutex::new(store),
            current: Mutex::new(current),
            runtime,
            token,
            listeners: Mutex::default(),
        })
    }

    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The runtime's store of the programme, for screens and pictures.
    pub fn runtime(&self) -> &Arc<ProgrammeStore> {
        &self.runtime
    }

    pub fn current(&self) -> Option<Current> {
        lock(&self.current).clone()
    }

    /// Calls `listener` after every new revision until it returns false.
    pub fn subscribe(&self, listener: impl FnMut(&Announcement) -> bool + Send + 'static) {
        lock(&self.listeners).push(Box::new(listener));
    }

    /// Takes `programme` from the hub's own source (at start, or from the
    /// address it follows) as a new revision, unless it is the one current.
    pub fn take_from_source(
        &self,
        programme: Programme,
        source: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<RevisionInfo>, HubError> {
        self.save(programme, &format!("source {source}"), at)
    }

    /// Replaces the programme with `body`, in any format Marquee reads, for
    /// the holder of `token`, if the programme is still at revision `base`.
    pub fn replace(
        &self,
        token: Option<&str>,
        base: Option<u64>,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<Current, HubError> {
        self.authorize(token)?;
        let base = base.ok_or(HubError::BaseMissing)?;
        let current = lock(&self.current).as_ref().map_or(0, |c| c.info.number);
        if base != current {
            return Err(HubError::Stale { base, current });
        }
        let programme = import(body, &ImportOptions::default())
            .map_err(|error| HubError::Unreadable(error.to_string()))?
            .programme;
        self.save(programme, "organiser", at)?;
        self.current().ok_or(HubError::Empty)
    }

    fn authorize(&self, token: Option<&str>) -> Result<(), HubError> {
        match token {
            Some(token) if self.token.accepts(token) => Ok(()),
            _ => Err(HubError::Unauthorized),
        }
    }

    /// Stores `programme` as the next revision, then tells the runtime and
    /// every listener; `None` when it is the programme already current.
    fn save(
        &self,
        programme: Programme,
        author: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<RevisionInfo>, HubError> {
        let mut current = lock(&self.current);
        if current.as_ref().is_some_and(|c| *c.programme == programme) {
            return Ok(None);
        }
        let json = to_json(&programme);
        let summary = format!(
            "{} sessions, {} speakers, {} rooms",
            programme.sessions.len(),
            programme.speakers.len(),
            programme.rooms.len()
        );
        let info = lock(&self.store).save(&json, author, &summary, at)?;
        let programme = Arc::new(programme);
        self.runtime.publish(programme.clone());
        *current = Some(Current {
            info: info.clone(),
            programme,
            json: json.into(),
        });
        drop(current);
        let announcement = Announcement {
            revision: info.number,
            summary,
        };
        lock(&self.listeners).retain_mut(|listener| listener(&announcement));
        Ok(Some(info))
    }

    /// Revision `number` and its programme as stored.
    pub fn revision(&self, number: u64) -> Result<Option<(RevisionInfo, String)>, HubError> {
        Ok(lock(&self.store).revision(number)?)
    }

    /// The newest `limit` revisions, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RevisionInfo>, HubError> {
        Ok(lock(&self.store).history(limit)?)
    }

    /// Whether the database is sound.
    pub fn integrity_check(&self) -> Result<bool, HubError> {
        Ok(lock(&self.store).integrity_check()?)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use super::*;

    fn default_text() -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json");
        std::fs::read_to_string(path).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2016-06-06T14:42:00Z".parse().unwrap()
    }

    #[test]
    fn a_change_needs_the_token_and_the_current_revision_and_is_announced() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path()).unwrap();
        let (heard, announcements) = channel();
        hub.subscribe(move |a| heard.send(a.clone()).is_ok());
        let secret = hub.token().secret().to_owned();
        let text = default_text();

        assert!(matches!(
            hub.replace(None, Some(0), &text, now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.replace(Some("guess"), Some(0), &text, now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.replace(Some(&secret), None, &text, now()),
            Err(HubError::BaseMissing)
        ));
        let first = hub.replace(Some(&secret), Some(0), &text, now()).unwrap();
        assert_eq!(first.info.number, 1);
        assert_eq!(announcements.try_recv().unwrap().revision, 1);

        let renamed = text.replace("ContainerDays Boston 2016", "Renamed Days");
        assert!(matches!(
            hub.replace(Some(&secret), Some(0), &renamed, now()),
            Err(HubError::Stale {
                base: 0,
                current: 1
            })
        ));
        let unreadable = hub.replace(
            Some(&secret),
            Some(1),
            "{\"format\": 1, \"rooms\": [,]}",
            now(),
        );
        assert!(matches!(unreadable, Err(HubError::Unreadable(_))));
        assert_eq!(hub.current().unwrap().info.number, 1, "nothing changed");
        assert!(announcements.try_recv().is_err());

        let second = hub
            .replace(Some(&secret), Some(1), &renamed, now())
            .unwrap();
        assert_eq!(second.programme.conference.title, "Renamed Days");
        assert_eq!(
            hub.runtime().programme().unwrap().conference.title,
            "Renamed Days"
        );
        assert_eq!(announcements.try_recv().unwrap().revision, 2);
    }

    #[test]
    fn started_again_it_carries_on_where_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path()).unwrap();
        let programme = marquee_core::format::parse(&default_text())
            .unwrap()
            .programme;
        assert!(
            hub.take_from_source(programme.clone(), "data/programme.json", now())
                .unwrap()
                .is_some()
        );
        assert!(
            hub.take_from_source(programme, "data/programme.json", now())
                .unwrap()
                .is_none()
        );
        let token = hub.token().secret().to_owned();
        drop(hub);
        let again = Hub::open(dir.path()).unwrap();
        assert_eq!(again.current().unwrap().info.number, 1);
        assert_eq!(again.token().secret(), token);
        assert!(again.runtime().programme().is_some());
        assert!(again.integrity_check().unwrap());
    }
}
