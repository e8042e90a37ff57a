//! What a change to the hub's programme does, who may make it and what it
//! announces. The HTTP server is a thin layer over this: it turns requests
//! into these calls and their errors into status codes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use marquee_core::days::{day_began, day_of};
use marquee_core::edit::{
    self, Change, Conflict, Edited, Operation, RebaseError, Refused, carry_live, changed_today,
    changelog,
};
use marquee_core::format::to_json;
use marquee_core::model::RoomId;
use marquee_core::{ImportOptions, Programme, import_bytes};
use marquee_host::ProgrammeStore;
use marquee_host::report::ScreenCommand;

use crate::store::{RevisionInfo, Store, StoreError, StoredEdit, StoredRelease};
use crate::token::{Token, TokenError, random_secret, same_secret};

/// The database's file in the data folder.
pub const DATABASE_FILE: &str = "hub.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(
        "this change needs the organiser's token (fix: send it as `Authorization: Bearer TOKEN`)"
    )]
    Unauthorized,
    #[error(
        "a chair's token for room \"{room}\" can only say how that room runs: started, ended, running late, on time, cancelled (fix: use the link for the right room, or the organiser's token)"
    )]
    Forbidden { room: RoomId },
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
    #[error("{}: cannot write it: {source} (fix: check that its folder is writable)", path.display())]
    WriteBack {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("a version needs a name (fix: e.g. \"Friday morning\" or \"v3\")")]
    Unnamed,
    #[error("there is no screen \"{0}\" (fix: pick one of the screens that reported)")]
    UnknownScreen(String),
    #[error(
        "this screen is not enrolled, or its token was revoked (fix: in the editor's Screens panel, add a screen, then start it with `marquee kiosk --enrol CODE`)"
    )]
    UnknownScreenToken,
    #[error(
        "this screen's token is screen \"{enrolled}\"'s, not \"{named}\"'s (fix: start it with --name {enrolled}, or enrol it again under its new name)"
    )]
    NotThisScreen { enrolled: String, named: String },
    #[error(
        "that enrolment code is unknown, used or expired (fix: add the screen again in the editor's Screens panel and use the new code within the hour)"
    )]
    UnknownEnrolmentCode,
    #[error(
        "the programme has no room \"{0}\" (fix: give a room's id, as the editor's Chairs panel lists them)"
    )]
    UnknownRoom(RoomId),
    #[error("{0}")]
    BadReport(String),
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("{}", conflict_list(.0))]
    Conflicts(Vec<Conflict>),
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

fn conflict_list(conflicts: &[Conflict]) -> String {
    RebaseError::Conflicts(conflicts.to_vec()).to_string()
}

/// A batch of operations stored.
#[derive(Debug, Clone)]
pub struct Operated {
    pub current: Current,
    /// Applied on the new revision, these undo the batch.
    pub inverse: Vec<Operation>,
    /// False when the batch left the programme as it was: no new revision.
    pub changed: bool,
    /// The batch was made on this older revision and applied on top of the
    /// changes since, which touched none of what it touches.
    pub merged_from: Option<u64>,
}

/// What a new revision announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub revision: u64,
    pub summary: String,
}

/// Who holds a token the hub accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    Organiser,
    /// The chair of this room.
    Chair(RoomId),
}

impl Holder {
    /// As the revisions' history names them.
    fn author(&self) -> String {
        match self {
            Holder::Organiser => "organiser".to_owned(),
            Holder::Chair(room) => format!("chair of {room}"),
        }
    }
}

type Listener = Box<dyn FnMut(&Announcement) -> bool + Send>;

pub struct Hub {
    pub(crate) store: Mutex<Store>,
    current: Mutex<Option<Current>>,
    /// Held from reading the current revision to saving the next.
    writing: Mutex<()>,
    /// The runtime's store, which screens and pictures follow.
    runtime: Arc<ProgrammeStore>,
    token: Token,
    listeners: Mutex<Vec<Listener>>,
    /// A programme file rewritten, whole, after every revision.
    pub(crate) write_back: Option<PathBuf>,
    /// Why the last write to it failed, until one succeeds.
    pub(crate) write_back_problem: Mutex<Option<String>>,
    /// What the organiser asked of each screen, until its next report.
    pub(crate) orders: Mutex<HashMap<String, Vec<ScreenCommand>>>,
    /// A screen not heard from for this long drops out of the list.
    pub(crate) forget_screens_after: chrono::TimeDelta,
    /// The programme as the conference day began, kept for the day.
    day_began: Mutex<Option<(NaiveDate, Arc<Programme>)>>,
}

impl Hub {
    /// The hub kept in `data` (made if need be), where it was when it stopped.
    pub fn open(data: &Path) -> Result<Hub, HubError> {
        make_private_folder(data).map_err(|source| TokenError::File {
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
            writing: Mutex::default(),
            runtime,
            token,
            listeners: Mutex::default(),
            write_back: None,
            write_back_problem: Mutex::default(),
            orders: Mutex::default(),
            forget_screens_after: crate::screens::FORGET_AFTER,
            day_began: Mutex::default(),
        })
    }

    /// Rewrites `file` (Marquee's format, atomically) after every revision,
    /// so that screens following the file follow the hub too.
    pub fn writing_to(mut self, file: PathBuf) -> Hub {
        self.write_back = Some(file);
        self
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
    /// address it follows) as a new revision, unless it is the one current
    /// or the one last taken from that source: edits made on the hub since
    /// stay until the source itself changes.
    pub fn take_from_source(
        &self,
        programme: Programme,
        source: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<RevisionInfo>, HubError> {
        let author = format!("source {source}");
        let _writing = lock(&self.writing);
        // As it was read: the marks of the day the hub added are not the source's.
        let last = lock(&self.store)
            .latest_by(&author)?
            .and_then(|(_, json)| marquee_core::format::parse(&json).ok())
            .map(|taken| Programme {
                changed_today: programme.changed_today.clone(),
                ..taken.programme
            });
        if last.as_ref() == Some(&programme) {
            return Ok(None);
        }
        // What chairs said today stays with its sessions.
        let programme = match self.current() {
            Some(current) => carry_live(last.as_ref(), &current.programme, programme),
            None => programme,
        };
        self.save(programme, &author, at, None)
    }

    /// Replaces the programme with `body`, in any format and text encoding
    /// Marquee reads, for the holder of `token`, if the programme is still at
    /// revision `base`.
    pub fn replace(
        &self,
        token: Option<&str>,
        base: Option<u64>,
        body: impl AsRef<[u8]>,
        at: DateTime<Utc>,
    ) -> Result<Current, HubError> {
        self.authorize(token)?;
        let base = base.ok_or(HubError::BaseMissing)?;
        let _writing = lock(&self.writing);
        let current = lock(&self.current).as_ref().map_or(0, |c| c.info.number);
        if base != current {
            return Err(HubError::Stale { base, current });
        }
        let programme = import_bytes(body.as_ref(), &ImportOptions::default())
            .map_err(|error| HubError::Unreadable(error.to_string()))?
            .programme;
        let programme = match (self.current(), programme.delays.is_empty()) {
            (Some(current), true) => carry_live(None, &current.programme, programme),
            _ => programme,
        };
        self.save(programme, "organiser", at, None)?;
        self.current().ok_or(HubError::Empty)
    }

    /// Applies `operations`, made on revision `base`, as one revision, for
    /// the holder of `token`: the organiser, or a room's chair for what a
    /// chair may do there. Made on an older revision, the batch is applied
    /// on top when nothing changed since touches what it touches.
    pub fn operate(
        &self,
        token: Option<&str>,
        base: Option<u64>,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<Operated, HubError> {
        let holder = self.holder(token)?;
        let base = base.ok_or(HubError::BaseMissing)?;
        // One batch at a time: the next is made on what this one leaves.
        let _writing = lock(&self.writing);
        let current = self.current().ok_or(HubError::Empty)?;
        permitted(&holder, &current.programme, operations)?;
        let now = current.info.number;
        let (edited, merged_from) = if base == now {
            (edit::apply(&current.programme, operations, at)?, None)
        } else if base < now {
            let (_, json) = self
                .revision(base)?
                .ok_or(HubError::Stale { base, current: now })?;
            let old = marquee_core::format::parse(&json)
                .map_err(|e| HubError::Unreadable(format!("revision {base}: {e}")))?
                .programme;
            let edited =
                edit::rebase(&old, &current.programme, operations, at).map_err(|e| match e {
                    RebaseError::Refused(refused) => HubError::Refused(refused),
                    RebaseError::Conflicts(conflicts) => HubError::Conflicts(conflicts),
                })?;
            (edited, Some(base))
        } else {
            return Err(HubError::Stale { base, current: now });
        };
        let summary = edit::describe(&current.programme, operations);
        let stored = StoredEdit {
            operations: serde_json::to_string(operations).expect("operations serialize"),
            inverse: serde_json::to_string(&edited.inverse).expect("operations serialize"),
        };
        let saved = self.save(
            edited.programme,
            &holder.author(),
            at,
            Some((&summary, &stored)),
        )?;
        Ok(Operated {
            current: self.current().ok_or(HubError::Empty)?,
            inverse: edited.inverse,
            changed: saved.is_some(),
            merged_from,
        })
    }

    /// What `operations` would make of the current programme, for the
    /// holder of `token`, storing nothing.
    pub fn preview(
        &self,
        token: Option<&str>,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<(Current, Edited), HubError> {
        let holder = self.holder(token)?;
        let current = self.current().ok_or(HubError::Empty)?;
        permitted(&holder, &current.programme, operations)?;
        let edited = edit::apply(&current.programme, operations, at)?;
        Ok((current, edited))
    }

    /// Who holds `token`: the organiser, a room's chair, or no one.
    pub fn holder(&self, token: Option<&str>) -> Result<Holder, HubError> {
        let Some(token) = token else {
            return Err(HubError::Unauthorized);
        };
        if self.token.accepts(token) {
            return Ok(Holder::Organiser);
        }
        let chairs = lock(&self.store).chair_tokens()?;
        // Every token is compared, so the time taken says nothing of which matched.
        let matched = chairs.into_iter().fold(None, |found, (room, secret)| {
            if same_secret(&secret, token) {
                Some(room)
            } else {
                found
            }
        });
        match matched {
            Some(room) => Ok(Holder::Chair(RoomId(room))),
            None => Err(HubError::Unauthorized),
        }
    }

    /// Gives `room` a new chair token, in place of the one it had: its old
    /// link stops working at once. For whoever holds the data folder.
    pub fn rotate_chair(&self, room: &RoomId) -> Result<String, HubError> {
        let current = self.current().ok_or(HubError::Empty)?;
        if current.programme.room(room).is_none() {
            return Err(HubError::UnknownRoom(room.clone()));
        }
        let secret = random_secret()?;
        lock(&self.store).replace_chair_token(room.as_str(), &secret)?;
        Ok(secret)
    }

    /// Each room's chair token, made the first time, for the organiser to
    /// hand out; in the programme's order of rooms.
    pub fn chair_tokens(&self, token: Option<&str>) -> Result<Vec<(RoomId, String)>, HubError> {
        self.authorize(token)?;
        let current = self.current().ok_or(HubError::Empty)?;
        let mut store = lock(&self.store);
        current
            .programme
            .rooms_in_order()
            .into_iter()
            .map(|room| {
                let secret = store.chair_token(room.id.as_str(), random_secret()?)?;
                Ok((room.id.clone(), secret))
            })
            .collect()
    }

    pub(crate) fn authorize(&self, token: Option<&str>) -> Result<(), HubError> {
        match token {
            Some(token) if self.token.accepts(token) => Ok(()),
            _ => Err(HubError::Unauthorized),
        }
    }

    /// Stores `programme` as the next revision (with the edit that made it,
    /// and its summary), then tells the runtime and every listener; `None`
    /// when it is the programme already current.
    fn save(
        &self,
        programme: Programme,
        author: &str,
        at: DateTime<Utc>,
        edit: Option<(&str, &StoredEdit)>,
    ) -> Result<Option<RevisionInfo>, HubError> {
        let programme = self.marking_changes(programme, at);
        // Callers hold `writing`: the current revision cannot change under
        // this save, so readers of it are not held up while it is stored.
        if self
            .current()
            .is_some_and(|current| *current.programme == programme)
        {
            return Ok(None);
        }
        let json = to_json(&programme);
        let summary = match edit {
            Some((summary, _)) => summary.to_owned(),
            None => format!(
                "{} sessions, {} speakers, {} rooms",
                programme.sessions.len(),
                programme.speakers.len(),
                programme.rooms.len()
            ),
        };
        let info =
            lock(&self.store).save_edit(&json, author, &summary, at, edit.map(|(_, e)| e))?;
        // The revision is safe in the store; the file catches up on the next.
        self.write_file(&json, info.number);
        let programme = Arc::new(programme);
        self.runtime.publish(programme.clone());
        *lock(&self.current) = Some(Current {
            info: info.clone(),
            programme,
            json: json.into(),
        });
        let announcement = Announcement {
            revision: info.number,
            summary,
        };
        lock(&self.listeners).retain_mut(|listener| listener(&announcement));
        Ok(Some(info))
    }

    /// `programme` with what changed for visitors since the conference day
    /// of `at` began, for screens to mark on the talks.
    /// Marks it cannot work out are left off: a save never waits on them.
    fn marking_changes(&self, mut programme: Programme, at: DateTime<Utc>) -> Programme {
        match self.day_began_with(&programme, at) {
            Ok(began) => {
                let day = day_of(at, programme.conference.timezone);
                programme.changed_today = began
                    .map(|began| changed_today(&began, &programme, day))
                    .filter(|changed| !changed.sessions.is_empty());
            }
            Err(error) => {
                tracing::error!("the screens' marks of what changed today are left off: {error}");
                programme.changed_today = None;
            }
        }
        programme
    }

    /// The programme as the conference day of `at` began, kept for the day.
    fn day_began_with(
        &self,
        programme: &Programme,
        at: DateTime<Utc>,
    ) -> Result<Option<Arc<Programme>>, HubError> {
        let zone = programme.conference.timezone;
        let day = day_of(at, zone);
        let mut kept = lock(&self.day_began);
        if let Some((kept_day, began)) = kept.as_ref()
            && *kept_day == day
        {
            return Ok(Some(began.clone()));
        }
        let since = day_began(day, zone).with_timezone(&Utc);
        let Some((info, json)) = lock(&self.store).as_of(since)? else {
            // Before the hub's first revision, the day begins with it.
            return Ok(None);
        };
        let began = marquee_core::format::parse(&json)
            .map_err(|e| HubError::Unreadable(format!("revision {}: {e}", info.number)))?
            .programme;
        let began = Arc::new(began);
        *kept = Some((day, began.clone()));
        Ok(Some(began))
    }

    /// Publishes the current revision as version `name`, with what changed
    /// for visitors since the version before (or since the first revision).
    pub fn publish(
        &self,
        token: Option<&str>,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<(StoredRelease, Vec<Change>), HubError> {
        self.authorize(token)?;
        if name.trim().is_empty() {
            return Err(HubError::Unnamed);
        }
        let _writing = lock(&self.writing);
        let current = self.current().ok_or(HubError::Empty)?;
        let since = lock(&self.store)
            .releases()?
            .first()
            .map_or(1, |r| r.revision);
        let (_, json) = self.revision(since)?.ok_or(HubError::Empty)?;
        let before = marquee_core::format::parse(&json)
            .map_err(|e| HubError::Unreadable(format!("revision {since}: {e}")))?
            .programme;
        let changes = changelog(&before, &current.programme);
        let release = StoredRelease {
            name: name.trim().to_owned(),
            revision: current.info.number,
            published_at: at,
            changes: serde_json::to_string(&changes).expect("changes serialize"),
        };
        lock(&self.store).publish(&release)?;
        Ok((release, changes))
    }

    /// Every published version, newest first.
    pub fn releases(&self) -> Result<Vec<StoredRelease>, HubError> {
        Ok(lock(&self.store).releases()?)
    }

    /// Whether `programme` is that of one of the newest `count` revisions.
    pub fn is_recent(&self, programme: &Programme, count: u64) -> Result<bool, HubError> {
        let Some(current) = self.current() else {
            return Ok(false);
        };
        if *current.programme == *programme {
            return Ok(true);
        }
        let older = current.info.number.saturating_sub(count - 1)..current.info.number;
        for number in older.rev() {
            if let Some((_, json)) = self.revision(number)?
                && marquee_core::format::parse(&json).is_ok_and(|r| r.programme == *programme)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Revision `number` and its programme as stored.
    pub fn revision(&self, number: u64) -> Result<Option<(RevisionInfo, String)>, HubError> {
        Ok(lock(&self.store).revision(number)?)
    }

    /// The newest `limit` revisions, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RevisionInfo>, HubError> {
        Ok(lock(&self.store).history(limit)?)
    }

    /// True when any revision ever saved holds `text` (a picture's path).
    pub fn ever_named(&self, text: &str) -> Result<bool, HubError> {
        Ok(lock(&self.store).ever_holds(text)?)
    }

    /// Whether the database is sound.
    pub fn integrity_check(&self) -> Result<bool, HubError> {
        Ok(lock(&self.store).integrity_check()?)
    }
}

/// Whether `holder` may make `operations` on `programme`: a chair may only
/// say how their own room runs.
fn permitted(
    holder: &Holder,
    programme: &Programme,
    operations: &[Operation],
) -> Result<(), HubError> {
    let Holder::Chair(room) = holder else {
        return Ok(());
    };
    if operations
        .iter()
        .all(|operation| operation.chair_room(programme).as_ref() == Some(room))
    {
        Ok(())
    } else {
        Err(HubError::Forbidden { room: room.clone() })
    }
}

/// Makes `folder` (and those above it) when missing, readable by its owner
/// alone: it holds the hub's tokens.
fn make_private_folder(folder: &Path) -> std::io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
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

    fn ops(json: &str) -> Vec<Operation> {
        serde_json::from_str(json).unwrap()
    }

    fn any_cancelled(hub: &Hub) -> bool {
        let current = hub.current().unwrap();
        current.programme.sessions.iter().any(|s| s.cancelled)
    }

    fn start_of(hub: &Hub, id: &str) -> String {
        let current = hub.current().unwrap();
        let session = current
            .programme
            .sessions
            .iter()
            .find(|s| s.id.as_str() == id)
            .unwrap();
        session.start.format("%H:%M").to_string()
    }

    #[test]
    fn operations_are_one_revision_each_merge_when_apart_and_conflict_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("programme.json");
        let hub = Hub::open(&dir.path().join("hub"))
            .unwrap()
            .writing_to(file.clone());
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        hub.replace(token, Some(0), default_text(), now()).unwrap();
        let swap =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]"#);

        assert!(matches!(
            hub.operate(None, Some(1), &swap, now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.operate(token, None, &swap, now()),
            Err(HubError::BaseMissing)
        ));
        let done = hub.operate(token, Some(1), &swap, now()).unwrap();
        assert_eq!(done.current.info.number, 2);
        assert_eq!(done.merged_from, None);
        assert!(
            done.current.info.summary.contains("moved"),
            "{}",
            done.current.info.summary
        );
        assert_eq!(
            (start_of(&hub, "dockerdev"), start_of(&hub, "realworld")),
            ("09:00".into(), "09:30".into())
        );
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            written, *done.current.json,
            "the file is the revision, whole"
        );

        // Made on revision 1 by someone who had not seen the swap.
        let apart = ops(r#"[{"op": "cancel", "session": "kubernetes"}]"#);
        let merged = hub.operate(token, Some(1), &apart, now()).unwrap();
        assert_eq!(
            (merged.current.info.number, merged.merged_from),
            (3, Some(1))
        );
        assert_eq!(start_of(&hub, "realworld"), "09:30", "the swap stays");
        let clash = ops(r#"[{"op": "resize", "session": "realworld", "duration_minutes": 40}]"#);
        match hub.operate(token, Some(1), &clash, now()) {
            Err(HubError::Conflicts(conflicts)) => assert_eq!(conflicts.len(), 1),
            other => panic!("{other:?}"),
        }
        let refused = hub.operate(
            token,
            Some(3),
            &ops(r#"[{"op": "cancel", "session": "nope"}]"#),
            now(),
        );
        assert!(matches!(refused, Err(HubError::Refused(_))));
        assert_eq!(hub.current().unwrap().info.number, 3, "nothing changed");

        // The swap's inverse, stored with it, undoes it on top of the rest.
        let stored = lock(&hub.store).edit(2).unwrap().unwrap();
        let inverse: Vec<Operation> = serde_json::from_str(&stored.inverse).unwrap();
        assert_eq!(inverse, done.inverse);
        hub.operate(token, Some(3), &inverse, now()).unwrap();
        assert_eq!(
            (start_of(&hub, "realworld"), start_of(&hub, "dockerdev")),
            ("09:00".into(), "09:30".into())
        );
        assert!(any_cancelled(&hub));
    }

    fn marked(hub: &Hub) -> Vec<String> {
        let current = hub.current().unwrap();
        let changed = current.programme.changed_today.as_ref();
        changed.map_or_else(Vec::new, |changed| {
            changed
                .sessions
                .iter()
                .map(|m| m.session.0.clone())
                .collect()
        })
    }

    #[test]
    fn screens_are_told_what_changed_since_the_day_began() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        // The evening before (Boston): the printed programme, then a swap.
        hub.replace(token, Some(0), default_text(), at("2016-06-05T22:00:00Z"))
            .unwrap();
        let swap =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]"#);
        hub.operate(token, Some(1), &swap, at("2016-06-05T23:00:00Z"))
            .unwrap();
        // Marked for that evening's day, which screens on the next do not show.
        let changed = hub.current().unwrap().programme.changed_today.clone();
        assert_eq!(changed.unwrap().day.to_string(), "2016-06-05");

        // The morning of the day: the day began with the swap in.
        let cancel = ops(r#"[{"op": "cancel", "session": "secrets"}]"#);
        let operated = hub
            .operate(token, Some(2), &cancel, at("2016-06-06T14:00:00Z"))
            .unwrap();
        assert_eq!(marked(&hub), ["secrets"]);
        let changed = hub.current().unwrap().programme.changed_today.clone();
        assert_eq!(changed.unwrap().day.to_string(), "2016-06-06");

        // Undone, the talk is no longer marked.
        hub.operate(
            token,
            Some(3),
            &operated.inverse,
            at("2016-06-06T14:01:00Z"),
        )
        .unwrap();
        assert!(marked(&hub).is_empty());
        let back =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 0}]"#);
        hub.operate(token, Some(4), &back, at("2016-06-06T14:02:00Z"))
            .unwrap();
        assert_eq!(marked(&hub), ["realworld", "dockerdev"]);

        // A hub opened again finds where the day began in its store.
        drop(hub);
        let hub = Hub::open(dir.path()).unwrap();
        hub.operate(token, Some(5), &cancel, at("2016-06-06T14:03:00Z"))
            .unwrap();
        assert_eq!(marked(&hub), ["realworld", "dockerdev", "secrets"]);
    }

    #[test]
    fn a_published_version_lists_what_changed_since_the_one_before() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        hub.replace(token, Some(0), default_text(), now()).unwrap();
        assert!(matches!(
            hub.publish(None, "v1", now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.publish(token, " ", now()),
            Err(HubError::Unnamed)
        ));
        let (first, changes) = hub.publish(token, "v1", now()).unwrap();
        assert_eq!((first.revision, changes.len()), (1, 0));
        hub.operate(
            token,
            Some(1),
            &ops(r#"[{"op": "cancel", "session": "clair"}]"#),
            now(),
        )
        .unwrap();
        let (second, changes) = hub.publish(token, "Monday noon", now()).unwrap();
        assert_eq!(second.revision, 2);
        assert!(
            matches!(&changes[..], [Change::Cancelled { session, .. }] if session.as_str() == "clair")
        );
        let names: Vec<String> = hub
            .releases()
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["Monday noon", "v1"]);
    }

    #[test]
    fn edits_outlive_a_restart_on_the_same_source_but_not_a_new_source() {
        let dir = tempfile::tempdir().unwrap();
        let programme = marquee_core::format::parse(&default_text())
            .unwrap()
            .programme;
        let hub = Hub::open(dir.path()).unwrap();
        hub.take_from_source(programme.clone(), "p.json", now())
            .unwrap();
        let secret = hub.token().secret().to_owned();
        let cancel = ops(r#"[{"op": "cancel", "session": "clair"}]"#);
        hub.operate(Some(&secret), Some(1), &cancel, now()).unwrap();
        drop(hub);
        let hub = Hub::open(dir.path()).unwrap();
        assert!(
            hub.take_from_source(programme.clone(), "p.json", now())
                .unwrap()
                .is_none()
        );
        assert!(any_cancelled(&hub));
        let mut changed = programme;
        changed.conference.title = "Changed at the source".into();
        assert!(
            hub.take_from_source(changed, "p.json", now())
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn the_day_begins_at_six_in_the_venue_s_zone() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        // Boston in June is UTC-4: 06:00 there is 10:00 UTC.
        hub.replace(token, Some(0), default_text(), at("2016-06-06T09:58:00Z"))
            .unwrap();
        let cancel = |id: &str| ops(&format!(r#"[{{"op": "cancel", "session": "{id}"}}]"#));
        hub.operate(
            token,
            Some(1),
            &cancel("secrets"),
            at("2016-06-06T09:59:00Z"),
        )
        .unwrap();
        let changed = hub.current().unwrap().programme.changed_today.clone();
        assert_eq!(
            changed.unwrap().day.to_string(),
            "2016-06-05",
            "05:59 is the night before"
        );
        // At 06:01 the day began with the first cancel in: only the second is marked.
        hub.operate(token, Some(2), &cancel("clair"), at("2016-06-06T10:01:00Z"))
            .unwrap();
        assert_eq!(marked(&hub), ["clair"]);
    }

    #[test]
    fn a_source_taken_with_the_day_s_marks_is_known_again_and_edits_stay() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let first = marquee_core::format::parse(&default_text())
            .unwrap()
            .programme;
        hub.take_from_source(first.clone(), "p.json", now())
            .unwrap();
        // The source swaps two talks: taken, the hub marks them.
        let swap =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]"#);
        let second = edit::apply(&first, &swap, now()).unwrap().programme;
        hub.take_from_source(second.clone(), "p.json", now())
            .unwrap();
        assert!(hub.current().unwrap().programme.changed_today.is_some());
        let rename = ops(
            r#"[{"op": "edit", "session": "clair", "changes": {"title": "Renamed on the hub"}}]"#,
        );
        hub.operate(Some(&secret), Some(2), &rename, now()).unwrap();
        drop(hub);

        // Read again at a restart, the same source is no new revision.
        let hub = Hub::open(dir.path()).unwrap();
        assert!(
            hub.take_from_source(second, "p.json", now())
                .unwrap()
                .is_none()
        );
        let current = hub.current().unwrap();
        let clair = current
            .programme
            .sessions
            .iter()
            .find(|s| s.id.as_str() == "clair");
        assert_eq!(clair.unwrap().title, "Renamed on the hub");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_data_folder_and_its_database_are_their_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("var/lib/marquee");
        Hub::open(&data).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(DATABASE_FILE)), 0o600);
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
