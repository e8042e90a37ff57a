//! The hub kept in its data folder, driven: [`StoredHub`] holds the
//! hub's decisions ([`Hub`]) with its SQLite store, its organiser's token
//! file and the programme file it writes back, runs one command at a time
//! on them, and carries out what each decided: a new revision is written to
//! the file, published to the screens' runtime store and announced to every
//! listener. Readers of the current revision are never held up by a save.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, TimeDelta, Utc};
use marquee_core::Programme;
use marquee_core::edit::{Edited, Operation};
use marquee_core::model::RoomId;
use marquee_core::screen_report::{ScreenCommand, ScreenReport};
use marquee_host::ProgrammeStore;
use marquee_hub::store::Store as _;
use marquee_hub::{
    Announcement, Current, Enrolment, Holder, Hub, HubError, Operated, RevisionInfo,
    RevisionNumber, Saved, Screenshot, Seen, StoreError, StoredRelease, StoredRevision, TokenError,
};

use crate::sqlite::SqliteStore;
use crate::token::{Token, random_bytes, random_secret};

/// The database's file in the data folder.
pub const DATABASE_FILE: &str = "hub.sqlite";

type Listener = Box<dyn FnMut(&Announcement) -> bool + Send>;

/// The hub's decisions and what they are kept in, changed together.
pub(crate) struct Kept {
    pub(crate) hub: Hub,
    pub(crate) store: SqliteStore,
}

pub struct StoredHub {
    pub(crate) kept: Mutex<Kept>,
    /// The current revision, for readers, as the last command left it.
    current: Mutex<Option<Current>>,
    /// The runtime's store, which screens and pictures follow.
    runtime: Arc<ProgrammeStore>,
    token: Token,
    listeners: Mutex<Vec<Listener>>,
    /// A programme file rewritten, whole, after every revision.
    pub(crate) write_back: Option<PathBuf>,
    /// Why the last write to it failed, until one succeeds.
    pub(crate) write_back_problem: Mutex<Option<String>>,
}

impl StoredHub {
    /// The hub kept in `data` (made if need be), where it was when it stopped.
    pub fn open(data: &Path) -> Result<StoredHub, HubError> {
        make_private_folder(data).map_err(|source| TokenError::File {
            path: data.to_owned(),
            source,
        })?;
        let store = SqliteStore::open(&data.join(DATABASE_FILE))?;
        let token = Token::load_or_create(data)?;
        let hub = Hub::new(&store)?;
        let runtime = ProgrammeStore::new();
        let current = hub.current().cloned();
        if let Some(current) = &current {
            runtime.publish(current.programme.clone());
        }
        Ok(StoredHub {
            kept: Mutex::new(Kept { hub, store }),
            current: Mutex::new(current),
            runtime,
            token,
            listeners: Mutex::default(),
            write_back: None,
            write_back_problem: Mutex::default(),
        })
    }

    /// Rewrites `file` (Marquee's format, atomically) after every revision,
    /// so that screens following the file follow the hub too.
    pub fn writing_to(mut self, file: PathBuf) -> StoredHub {
        self.write_back = Some(file);
        self
    }

    /// Drops screens silent for `after` from the list (30 s at the least).
    pub fn forgetting_screens_after(self, after: TimeDelta) -> StoredHub {
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        StoredHub {
            kept: Mutex::new(Kept {
                hub: kept.hub.forgetting_screens_after(after),
                store: kept.store,
            }),
            ..self
        }
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

    /// Who holds `token`: the organiser, a room's chair, or no one.
    pub fn holder(&self, token: Option<&str>) -> Result<Holder, HubError> {
        let kept = lock(&self.kept);
        kept.hub.holder(&kept.store, &self.token.secret(), token)
    }

    /// Runs `command` on the hub and its store, as `token`'s holder.
    fn as_holder<T>(
        &self,
        token: Option<&str>,
        command: impl FnOnce(&mut Kept, &Holder) -> Result<T, HubError>,
    ) -> Result<T, HubError> {
        let mut kept = lock(&self.kept);
        let holder = kept.hub.holder(&kept.store, &self.token.secret(), token)?;
        command(&mut kept, &holder)
    }

    /// Carries out a new revision: the file, the screens, the listeners.
    /// Called with the hub held, so that revisions go out in their order.
    fn carry_out(&self, kept: &mut Kept, saved: Option<Saved>) {
        let Some(saved) = saved else {
            return;
        };
        if let Some(error) = &saved.marks_left_off {
            tracing::error!("the screens' marks of what changed today are left off: {error}");
        }
        // The revision is safe in the store; the file catches up on the next.
        self.write_file(&mut kept.store, &saved.current);
        self.runtime.publish(saved.current.programme.clone());
        *lock(&self.current) = Some(saved.current);
        lock(&self.listeners).retain_mut(|listener| listener(&saved.announcement));
    }

    /// Takes `programme` from the hub's own source (at start, or from the
    /// address it follows) as a new revision, unless it is the one current
    /// or the one last taken from that source.
    pub fn take_from_source(
        &self,
        programme: Programme,
        source: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<RevisionInfo>, HubError> {
        let mut kept = lock(&self.kept);
        let Kept { hub, store } = &mut *kept;
        let saved = hub.take_from_source(store, programme, source, at)?;
        let info = saved.as_ref().map(|s| s.current.info.clone());
        self.carry_out(&mut kept, saved);
        Ok(info)
    }

    /// Replaces the programme with `body`, in any format Marquee reads, for
    /// the holder of `token`, if the programme is still at revision `base`.
    pub fn replace(
        &self,
        token: Option<&str>,
        base: Option<RevisionNumber>,
        body: impl AsRef<[u8]>,
        at: DateTime<Utc>,
    ) -> Result<Current, HubError> {
        self.as_holder(token, |kept, holder| {
            let (current, saved) = kept.hub.replace(&mut kept.store, holder, base, body, at)?;
            self.carry_out(kept, saved);
            Ok(current)
        })
    }

    /// Applies `operations`, made on revision `base`, as one revision, for
    /// the holder of `token`.
    pub fn operate(
        &self,
        token: Option<&str>,
        base: Option<RevisionNumber>,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<Operated, HubError> {
        self.as_holder(token, |kept, holder| {
            let (operated, saved) =
                kept.hub
                    .operate(&mut kept.store, holder, base, operations, at)?;
            self.carry_out(kept, saved);
            Ok(operated)
        })
    }

    /// What `operations` would make of the current programme, storing nothing.
    pub fn preview(
        &self,
        token: Option<&str>,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<(Current, Edited), HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub.preview(holder, operations, at)
        })
    }

    /// Gives `room` a new chair token: its old link stops working at once.
    /// For whoever holds the data folder.
    pub fn rotate_chair(&self, room: &RoomId) -> Result<String, HubError> {
        let fresh = random_secret()?;
        let mut kept = lock(&self.kept);
        let Kept { hub, store } = &mut *kept;
        hub.rotate_chair(store, room, fresh)
    }

    /// Each room's chair token, made the first time, for the organiser to
    /// hand out; in the programme's order of rooms.
    pub fn chair_tokens(&self, token: Option<&str>) -> Result<Vec<(RoomId, String)>, HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub
                .chair_tokens(&mut kept.store, holder, random_secret)
        })
    }

    /// Publishes the current revision as version `name`.
    pub fn publish(
        &self,
        token: Option<&str>,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<StoredRelease, HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub.publish(&mut kept.store, holder, name, at)
        })
    }

    /// Every published version, newest first.
    pub fn releases(&self) -> Result<Vec<StoredRelease>, HubError> {
        Ok(lock(&self.kept).store.releases()?)
    }

    /// Whether `programme` is that of one of the newest `count` revisions.
    pub fn is_recent(&self, programme: &Programme, count: u64) -> Result<bool, HubError> {
        let kept = lock(&self.kept);
        kept.hub.is_recent(&kept.store, programme, count)
    }

    /// Revision `number`.
    pub fn revision(&self, number: RevisionNumber) -> Result<Option<StoredRevision>, HubError> {
        Ok(lock(&self.kept).store.revision(number)?)
    }

    /// The newest `limit` revisions, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RevisionInfo>, HubError> {
        Ok(lock(&self.kept)
            .store
            .history(limit)
            .map_err(StoreError::from)?)
    }

    /// True when any revision ever saved holds `text` (a picture's path).
    pub fn ever_named(&self, text: &str) -> Result<bool, HubError> {
        Ok(lock(&self.kept)
            .store
            .ever_holds(text)
            .map_err(StoreError::from)?)
    }

    /// Whether the database is sound.
    pub fn integrity_check(&self) -> Result<bool, HubError> {
        Ok(lock(&self.kept)
            .store
            .integrity_check()
            .map_err(StoreError::from)?)
    }

    /// A new one-time code for a screen to enrol with, for the organiser.
    pub fn enrolment(
        &self,
        token: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Enrolment, HubError> {
        let random = random_bytes()?;
        self.as_holder(token, |kept, holder| {
            kept.hub.enrolment(&mut kept.store, holder, now, random)
        })
    }

    /// Enrols screen `name` with `code`, and gives its token.
    pub fn enrol(&self, code: &str, name: &str, now: DateTime<Utc>) -> Result<String, HubError> {
        let fresh = random_secret()?;
        let mut kept = lock(&self.kept);
        let Kept { hub, store } = &mut *kept;
        hub.enrol(store, code, name, now, fresh)
    }

    /// The name of the screen that holds `token`.
    pub fn screen_holder(&self, token: Option<&str>) -> Result<String, HubError> {
        let kept = lock(&self.kept);
        kept.hub.screen_holder(&kept.store, token)
    }

    /// Keeps the report of screen `enrolled`, and answers with what the
    /// organiser asked of it since.
    pub fn report(
        &self,
        enrolled: &str,
        report: &ScreenReport,
        at: DateTime<Utc>,
    ) -> Result<Vec<ScreenCommand>, HubError> {
        let mut kept = lock(&self.kept);
        let Kept { hub, store } = &mut *kept;
        hub.report(store, enrolled, report, at)
    }

    /// Every screen heard from lately, for the organiser.
    pub fn screens(&self, token: Option<&str>, now: DateTime<Utc>) -> Result<Vec<Seen>, HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub.screens(&kept.store, holder, now)
        })
    }

    /// Keeps what screen `enrolled` showed at `at`, as a PNG.
    pub fn keep_screenshot(
        &self,
        enrolled: &str,
        named: &str,
        png: &[u8],
        at: DateTime<Utc>,
    ) -> Result<(), HubError> {
        let mut kept = lock(&self.kept);
        let Kept { hub, store } = &mut *kept;
        hub.keep_screenshot(store, enrolled, named, png, at)
    }

    /// Screen `name`'s last screenshot, for the organiser.
    pub fn screenshot(
        &self,
        token: Option<&str>,
        name: &str,
    ) -> Result<Option<Screenshot>, HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub.screenshot(&kept.store, holder, name)
        })
    }

    /// Asks screen `name` to do `command` when it next reports.
    pub fn order(
        &self,
        token: Option<&str>,
        name: &str,
        command: ScreenCommand,
    ) -> Result<(), HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub.order(&kept.store, holder, name, command)
        })
    }

    /// Forgets screen `name`: its token stops working at once.
    pub fn remove_screen(&self, token: Option<&str>, name: &str) -> Result<(), HubError> {
        self.as_holder(token, |kept, holder| {
            kept.hub.remove_screen(&mut kept.store, holder, name)
        })
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

    use marquee_core::edit::{self, Change};

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
        let hub = StoredHub::open(dir.path()).unwrap();
        let (heard, announcements) = channel();
        hub.subscribe(move |a| heard.send(a.clone()).is_ok());
        let secret = hub.token().secret().to_owned();
        let text = default_text();

        assert!(matches!(
            hub.replace(None, Some(RevisionNumber(0)), &text, now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.replace(Some("guess"), Some(RevisionNumber(0)), &text, now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.replace(Some(&secret), None, &text, now()),
            Err(HubError::BaseMissing)
        ));
        let first = hub
            .replace(Some(&secret), Some(RevisionNumber(0)), &text, now())
            .unwrap();
        assert_eq!(first.info.number, 1);
        assert_eq!(announcements.try_recv().unwrap().revision, 1);

        let renamed = text.replace("ContainerDays Boston 2016", "Renamed Days");
        assert!(matches!(
            hub.replace(Some(&secret), Some(RevisionNumber(0)), &renamed, now()),
            Err(HubError::Stale {
                base: RevisionNumber(0),
                current: RevisionNumber(1)
            })
        ));
        let unreadable = hub.replace(
            Some(&secret),
            Some(RevisionNumber(1)),
            "{\"format\": 1, \"rooms\": [,]}",
            now(),
        );
        assert!(matches!(unreadable, Err(HubError::Unreadable(_))));
        assert_eq!(hub.current().unwrap().info.number, 1, "nothing changed");
        assert!(announcements.try_recv().is_err());

        let second = hub
            .replace(Some(&secret), Some(RevisionNumber(1)), &renamed, now())
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

    fn any_cancelled(hub: &StoredHub) -> bool {
        let current = hub.current().unwrap();
        current.programme.sessions.iter().any(|s| s.cancelled)
    }

    fn start_of(hub: &StoredHub, id: &str) -> String {
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
        let hub = StoredHub::open(&dir.path().join("hub"))
            .unwrap()
            .writing_to(file.clone());
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        hub.replace(token, Some(RevisionNumber(0)), default_text(), now())
            .unwrap();
        let swap =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]"#);

        assert!(matches!(
            hub.operate(None, Some(RevisionNumber(1)), &swap, now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.operate(token, None, &swap, now()),
            Err(HubError::BaseMissing)
        ));
        let done = hub
            .operate(token, Some(RevisionNumber(1)), &swap, now())
            .unwrap();
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
        let merged = hub
            .operate(token, Some(RevisionNumber(1)), &apart, now())
            .unwrap();
        assert_eq!(
            (merged.current.info.number, merged.merged_from),
            (RevisionNumber(3), Some(RevisionNumber(1)))
        );
        assert_eq!(start_of(&hub, "realworld"), "09:30", "the swap stays");
        let clash = ops(r#"[{"op": "resize", "session": "realworld", "duration_minutes": 40}]"#);
        match hub.operate(token, Some(RevisionNumber(1)), &clash, now()) {
            Err(HubError::Conflicts(conflicts)) => assert_eq!(conflicts.len(), 1),
            other => panic!("{other:?}"),
        }
        let refused = hub.operate(
            token,
            Some(RevisionNumber(3)),
            &ops(r#"[{"op": "cancel", "session": "nope"}]"#),
            now(),
        );
        assert!(matches!(refused, Err(HubError::Refused(_))));
        assert_eq!(hub.current().unwrap().info.number, 3, "nothing changed");

        // The swap's inverse, stored with it, undoes it on top of the rest.
        let stored = lock(&hub.kept).store.edit(2).unwrap().unwrap();
        let inverse: Vec<Operation> = serde_json::from_str(&stored.inverse).unwrap();
        assert_eq!(inverse, done.inverse);
        hub.operate(token, Some(RevisionNumber(3)), &inverse, now())
            .unwrap();
        assert_eq!(
            (start_of(&hub, "realworld"), start_of(&hub, "dockerdev")),
            ("09:00".into(), "09:30".into())
        );
        assert!(any_cancelled(&hub));
    }

    fn marked(hub: &StoredHub) -> Vec<String> {
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
        let hub = StoredHub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        // The evening before (Boston): the printed programme, then a swap.
        hub.replace(
            token,
            Some(RevisionNumber(0)),
            default_text(),
            at("2016-06-05T22:00:00Z"),
        )
        .unwrap();
        let swap =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]"#);
        hub.operate(
            token,
            Some(RevisionNumber(1)),
            &swap,
            at("2016-06-05T23:00:00Z"),
        )
        .unwrap();
        // Marked for that evening's day, which screens on the next do not show.
        let changed = hub.current().unwrap().programme.changed_today.clone();
        assert_eq!(changed.unwrap().day.to_string(), "2016-06-05");

        // The morning of the day: the day began with the swap in.
        let cancel = ops(r#"[{"op": "cancel", "session": "secrets"}]"#);
        let operated = hub
            .operate(
                token,
                Some(RevisionNumber(2)),
                &cancel,
                at("2016-06-06T14:00:00Z"),
            )
            .unwrap();
        assert_eq!(marked(&hub), ["secrets"]);
        let changed = hub.current().unwrap().programme.changed_today.clone();
        assert_eq!(changed.unwrap().day.to_string(), "2016-06-06");

        // Undone, the talk is no longer marked.
        hub.operate(
            token,
            Some(RevisionNumber(3)),
            &operated.inverse,
            at("2016-06-06T14:01:00Z"),
        )
        .unwrap();
        assert!(marked(&hub).is_empty());
        let back =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 0}]"#);
        hub.operate(
            token,
            Some(RevisionNumber(4)),
            &back,
            at("2016-06-06T14:02:00Z"),
        )
        .unwrap();
        assert_eq!(marked(&hub), ["realworld", "dockerdev"]);

        // A hub opened again finds where the day began in its store.
        drop(hub);
        let hub = StoredHub::open(dir.path()).unwrap();
        hub.operate(
            token,
            Some(RevisionNumber(5)),
            &cancel,
            at("2016-06-06T14:03:00Z"),
        )
        .unwrap();
        assert_eq!(marked(&hub), ["realworld", "dockerdev", "secrets"]);
    }

    #[test]
    fn a_published_version_lists_what_changed_since_the_one_before() {
        let dir = tempfile::tempdir().unwrap();
        let hub = StoredHub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        hub.replace(token, Some(RevisionNumber(0)), default_text(), now())
            .unwrap();
        assert!(matches!(
            hub.publish(None, "v1", now()),
            Err(HubError::Unauthorized)
        ));
        assert!(matches!(
            hub.publish(token, " ", now()),
            Err(HubError::Unnamed)
        ));
        let first = hub.publish(token, "v1", now()).unwrap();
        assert_eq!((first.revision.0, first.changes.len()), (1, 0));
        hub.operate(
            token,
            Some(RevisionNumber(1)),
            &ops(r#"[{"op": "cancel", "session": "clair"}]"#),
            now(),
        )
        .unwrap();
        let second = hub.publish(token, "Monday noon", now()).unwrap();
        assert_eq!(second.revision, 2);
        assert!(
            matches!(&second.changes[..], [Change::Cancelled { session, .. }] if session.as_str() == "clair")
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
        let hub = StoredHub::open(dir.path()).unwrap();
        hub.take_from_source(programme.clone(), "p.json", now())
            .unwrap();
        let secret = hub.token().secret().to_owned();
        let cancel = ops(r#"[{"op": "cancel", "session": "clair"}]"#);
        hub.operate(Some(&secret), Some(RevisionNumber(1)), &cancel, now())
            .unwrap();
        drop(hub);
        let hub = StoredHub::open(dir.path()).unwrap();
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
        let hub = StoredHub::open(dir.path()).unwrap();
        let secret = hub.token().secret().to_owned();
        let token = Some(secret.as_str());
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        // Boston in June is UTC-4: 06:00 there is 10:00 UTC.
        hub.replace(
            token,
            Some(RevisionNumber(0)),
            default_text(),
            at("2016-06-06T09:58:00Z"),
        )
        .unwrap();
        let cancel = |id: &str| ops(&format!(r#"[{{"op": "cancel", "session": "{id}"}}]"#));
        hub.operate(
            token,
            Some(RevisionNumber(1)),
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
        hub.operate(
            token,
            Some(RevisionNumber(2)),
            &cancel("clair"),
            at("2016-06-06T10:01:00Z"),
        )
        .unwrap();
        assert_eq!(marked(&hub), ["clair"]);
    }

    #[test]
    fn a_source_taken_with_the_day_s_marks_is_known_again_and_edits_stay() {
        let dir = tempfile::tempdir().unwrap();
        let hub = StoredHub::open(dir.path()).unwrap();
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
        hub.operate(Some(&secret), Some(RevisionNumber(2)), &rename, now())
            .unwrap();
        drop(hub);

        // Read again at a restart, the same source is no new revision.
        let hub = StoredHub::open(dir.path()).unwrap();
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
        StoredHub::open(&data).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(DATABASE_FILE)), 0o600);
    }

    #[test]
    fn started_again_it_carries_on_where_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let hub = StoredHub::open(dir.path()).unwrap();
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
        let again = StoredHub::open(dir.path()).unwrap();
        assert_eq!(again.current().unwrap().info.number, 1);
        assert_eq!(again.token().secret(), token);
        assert!(again.runtime().programme().is_some());
        assert!(again.integrity_check().unwrap());
    }
}

#[cfg(test)]
mod screen_tests {
    use std::path::Path;

    use chrono::TimeDelta;
    use marquee_hub::screens::CODE_LIFETIME;

    use super::*;

    fn now() -> DateTime<Utc> {
        "2016-06-06T14:42:00Z".parse().unwrap()
    }

    fn report(name: &str) -> ScreenReport {
        ScreenReport {
            name: name.to_owned(),
            rooms: Vec::new(),
            version: "0.1.0".to_owned(),
            revision: None,
            scene: Some(marquee_core::timeline::SceneKind::Now),
            uptime_seconds: 1,
            every_seconds: 30,
            offline: false,
            photos_queued: 0,
            photos_failed: 0,
        }
    }

    fn hub(data: &Path) -> (StoredHub, String) {
        let hub = StoredHub::open(data).unwrap();
        let organiser = hub.token().secret().to_owned();
        (hub, organiser)
    }

    #[test]
    fn a_screen_is_heard_only_with_its_own_token_from_a_code_used_once() {
        let dir = tempfile::tempdir().unwrap();
        let (hub, organiser) = hub(dir.path());
        assert!(matches!(
            hub.enrolment(None, now()),
            Err(HubError::Unauthorized)
        ));
        let enrolment = hub.enrolment(Some(&organiser), now()).unwrap();
        assert_eq!(enrolment.code.len(), 9);
        assert_eq!(enrolment.expires_at, now() + CODE_LIFETIME);
        // Typed in lower case without the dash, it is the same code.
        let typed = enrolment.code.replace('-', "").to_lowercase();
        let token = hub.enrol(&typed, "foyer-left", now()).unwrap();
        assert!(matches!(
            hub.enrol(&enrolment.code, "intruder", now()),
            Err(HubError::UnknownEnrolmentCode)
        ));
        assert_eq!(hub.screen_holder(Some(&token)).unwrap(), "foyer-left");
        for forged in [None, Some(""), Some("0000"), Some(organiser.as_str())] {
            assert!(matches!(
                hub.screen_holder(forged),
                Err(HubError::UnknownScreenToken)
            ));
        }
        hub.report("foyer-left", &report("foyer-left"), now())
            .unwrap();
        assert!(matches!(
            hub.report("foyer-left", &report("main-hall"), now()),
            Err(HubError::NotThisScreen { .. })
        ));
        let png = b"\x89PNG\r\n\x1a\nfake";
        assert!(matches!(
            hub.keep_screenshot("foyer-left", "main-hall", png, now()),
            Err(HubError::NotThisScreen { .. })
        ));
        hub.keep_screenshot("foyer-left", "foyer-left", png, now())
            .unwrap();
        let listed = hub.screens(Some(&organiser), now()).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].screenshot_at, Some(now()));
        // Removed, its token is refused and it is gone from the list.
        hub.remove_screen(Some(&organiser), "foyer-left").unwrap();
        assert!(matches!(
            hub.screen_holder(Some(&token)),
            Err(HubError::UnknownScreenToken)
        ));
        assert!(hub.screens(Some(&organiser), now()).unwrap().is_empty());
        assert!(
            hub.screenshot(Some(&organiser), "foyer-left")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_code_expires_and_a_silent_screen_drops_out_of_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let (hub, organiser) = hub(dir.path());
        let hub = hub.forgetting_screens_after(TimeDelta::hours(2));
        let late = hub.enrolment(Some(&organiser), now()).unwrap();
        assert!(matches!(
            hub.enrol(&late.code, "late", now() + CODE_LIFETIME),
            Err(HubError::UnknownEnrolmentCode)
        ));
        let code = hub.enrolment(Some(&organiser), now()).unwrap().code;
        let token = hub.enrol(&code, "quiet", now()).unwrap();
        hub.report("quiet", &report("quiet"), now()).unwrap();
        let listed = |at| hub.screens(Some(&organiser), at).unwrap().len();
        assert_eq!(listed(now() + TimeDelta::hours(2)), 1);
        assert_eq!(listed(now() + TimeDelta::hours(3)), 0);
        // Still enrolled: heard again, it is back.
        assert_eq!(hub.screen_holder(Some(&token)).unwrap(), "quiet");
        hub.report("quiet", &report("quiet"), now() + TimeDelta::hours(3))
            .unwrap();
        assert_eq!(listed(now() + TimeDelta::hours(3)), 1);
    }

    #[test]
    fn enrolling_a_name_again_replaces_its_token() {
        let dir = tempfile::tempdir().unwrap();
        let (hub, organiser) = hub(dir.path());
        let first = hub
            .enrol(
                &hub.enrolment(Some(&organiser), now()).unwrap().code,
                "door",
                now(),
            )
            .unwrap();
        let second = hub
            .enrol(
                &hub.enrolment(Some(&organiser), now()).unwrap().code,
                "door",
                now(),
            )
            .unwrap();
        assert!(hub.screen_holder(Some(&first)).is_err());
        assert_eq!(hub.screen_holder(Some(&second)).unwrap(), "door");
    }
}
