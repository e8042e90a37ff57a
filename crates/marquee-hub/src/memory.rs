//! A store in memory and a venue around it, for driving the hub's rules on
//! virtual time: no file, no thread, no clock.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use marquee_core::Programme;
use marquee_core::edit::Operation;
use marquee_core::model::RoomId;
use marquee_core::screen_report::ScreenReport;

use crate::hub::{Current, Holder, Hub, Operated, Saved};
use crate::store::{
    NewRevision, RevisionInfo, RevisionNumber, Screenshot, Store, StoredEdit, StoredRelease,
    StoredRevision,
};
use crate::{HubError, StoreError};

#[derive(Default)]
pub struct MemoryStore {
    pub revisions: Vec<(StoredRevision, Option<StoredEdit>)>,
    releases: Vec<StoredRelease>,
    chairs: BTreeMap<RoomId, String>,
    codes: HashMap<String, DateTime<Utc>>,
    /// Screen name to its token's hash.
    tokens: BTreeMap<String, String>,
    reports: BTreeMap<String, (ScreenReport, DateTime<Utc>)>,
    shots: BTreeMap<String, Screenshot>,
}

impl Store for MemoryStore {
    fn save(&mut self, revision: NewRevision<'_>) -> Result<RevisionInfo, StoreError> {
        let info = RevisionInfo {
            number: RevisionNumber(self.revisions.len() as u64 + 1),
            saved_at: revision.at,
            author: revision.author.to_owned(),
            summary: revision.summary.to_owned(),
        };
        let kept = StoredRevision {
            info: info.clone(),
            programme: revision.programme.clone(),
        };
        self.revisions.push((kept, revision.edit.cloned()));
        Ok(info)
    }

    fn latest(&self) -> Result<Option<StoredRevision>, StoreError> {
        Ok(self.revisions.last().map(|(r, _)| r.clone()))
    }

    fn latest_by(&self, author: &str) -> Result<Option<StoredRevision>, StoreError> {
        let by = self.revisions.iter().rev().map(|(r, _)| r);
        Ok(by.into_iter().find(|r| r.info.author == author).cloned())
    }

    fn as_of(&self, instant: DateTime<Utc>) -> Result<Option<StoredRevision>, StoreError> {
        let before = self.revisions.iter().rev().map(|(r, _)| r);
        let found = before.into_iter().find(|r| r.info.saved_at < instant);
        Ok(found.or(self.revisions.first().map(|(r, _)| r)).cloned())
    }

    fn revision(&self, number: RevisionNumber) -> Result<Option<StoredRevision>, StoreError> {
        let index = usize::try_from(number.0)
            .ok()
            .and_then(|n| n.checked_sub(1));
        Ok(index
            .and_then(|i| self.revisions.get(i))
            .map(|(r, _)| r.clone()))
    }

    fn publish(&mut self, release: &StoredRelease) -> Result<(), StoreError> {
        self.releases.insert(0, release.clone());
        Ok(())
    }

    fn releases(&self) -> Result<Vec<StoredRelease>, StoreError> {
        Ok(self.releases.clone())
    }

    fn chair_token(&mut self, room: &RoomId, fresh: String) -> Result<String, StoreError> {
        Ok(self.chairs.entry(room.clone()).or_insert(fresh).clone())
    }

    fn replace_chair_token(&mut self, room: &RoomId, fresh: &str) -> Result<(), StoreError> {
        self.chairs.insert(room.clone(), fresh.to_owned());
        Ok(())
    }

    fn chair_tokens(&self) -> Result<Vec<(RoomId, String)>, StoreError> {
        Ok(self.chairs.clone().into_iter().collect())
    }

    fn add_enrolment_code(
        &mut self,
        code_hash: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
        most: u64,
    ) -> Result<bool, StoreError> {
        self.codes.retain(|_, expires| *expires > now);
        if self.codes.len() as u64 >= most {
            return Ok(false);
        }
        self.codes.insert(code_hash.to_owned(), expires_at);
        Ok(true)
    }

    fn enrol(
        &mut self,
        code_hash: &str,
        name: &str,
        secret_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.codes.retain(|_, expires| *expires > now);
        let taken = self.codes.remove(code_hash).is_some();
        if taken {
            self.tokens.insert(name.to_owned(), secret_hash.to_owned());
        }
        Ok(taken)
    }

    fn screen_of(&self, secret_hash: &str) -> Result<Option<String>, StoreError> {
        let mut held = self.tokens.iter();
        Ok(held
            .find(|(_, hash)| *hash == secret_hash)
            .map(|(name, _)| name.clone()))
    }

    fn is_enrolled(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.tokens.contains_key(name))
    }

    fn enrolled_count(&self) -> Result<u64, StoreError> {
        Ok(self.tokens.len() as u64)
    }

    fn remove_screen(&mut self, name: &str) -> Result<bool, StoreError> {
        let token = self.tokens.remove(name).is_some();
        let report = self.reports.remove(name).is_some();
        let shot = self.shots.remove(name).is_some();
        Ok(token || report || shot)
    }

    fn save_report(
        &mut self,
        name: &str,
        report: &ScreenReport,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.reports.insert(name.to_owned(), (report.clone(), at));
        Ok(())
    }

    fn reports(&self) -> Result<Vec<(ScreenReport, DateTime<Utc>)>, StoreError> {
        Ok(self.reports.values().cloned().collect())
    }

    fn save_screenshot(
        &mut self,
        name: &str,
        png: &[u8],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let shot = Screenshot {
            png: png.to_vec(),
            taken_at: at,
        };
        self.shots.insert(name.to_owned(), shot);
        Ok(())
    }

    fn screenshot(&self, name: &str) -> Result<Option<Screenshot>, StoreError> {
        Ok(self.shots.get(name).cloned())
    }

    fn screenshot_times(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let shots = self.shots.iter();
        Ok(shots.map(|(name, s)| (name.clone(), s.taken_at)).collect())
    }
}

/// The organiser's token in the tests.
pub const ORGANISER: &str = "organiser-token";

/// A hub and its store, called as the driver calls them; every revision
/// saved is kept in `saved` as the driver would announce it.
pub struct Venue {
    pub hub: Hub,
    pub store: MemoryStore,
    pub saved: Vec<Saved>,
    /// Secrets handed out, each a new one.
    minted: u8,
}

impl Venue {
    pub fn new() -> Venue {
        let store = MemoryStore::default();
        Venue {
            hub: Hub::new(&store).unwrap(),
            store,
            saved: Vec::new(),
            minted: 0,
        }
    }

    pub fn holder(&self, token: Option<&str>) -> Result<Holder, HubError> {
        self.hub.holder(&self.store, ORGANISER, token)
    }

    pub fn fresh(&mut self) -> [u8; 32] {
        self.minted += 1;
        [self.minted; 32]
    }

    pub fn current(&self) -> Current {
        self.hub.current().unwrap().clone()
    }

    fn keep(&mut self, saved: Option<Saved>) {
        self.saved.extend(saved);
    }

    pub fn replace(
        &mut self,
        token: Option<&str>,
        base: Option<u64>,
        body: impl AsRef<[u8]>,
        at: DateTime<Utc>,
    ) -> Result<Current, HubError> {
        let holder = self.holder(token)?;
        let base = base.map(RevisionNumber);
        let (current, saved) = self.hub.replace(&mut self.store, &holder, base, body, at)?;
        self.keep(saved);
        Ok(current)
    }

    pub fn operate(
        &mut self,
        token: Option<&str>,
        base: Option<u64>,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<Operated, HubError> {
        let holder = self.holder(token)?;
        let base = base.map(RevisionNumber);
        let (operated, saved) = self
            .hub
            .operate(&mut self.store, &holder, base, operations, at)?;
        self.keep(saved);
        Ok(operated)
    }

    pub fn take_from_source(
        &mut self,
        programme: Programme,
        source: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, HubError> {
        let saved = self
            .hub
            .take_from_source(&mut self.store, programme, source, at)?;
        let taken = saved.is_some();
        self.keep(saved);
        Ok(taken)
    }
}

/// The default programme's text.
pub fn default_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json");
    std::fs::read_to_string(path).unwrap()
}

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

pub fn ops(json: &str) -> Vec<Operation> {
    serde_json::from_str(json).unwrap()
}
