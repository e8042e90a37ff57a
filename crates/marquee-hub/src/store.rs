//! What the hub keeps, as the trait its driver implements at the edge
//! (SQLite in `marquee-store`, memory in this crate's tests): every
//! revision of the programme with the edit that made it, published
//! versions, chairs' tokens, and the screens' enrolments, reports and
//! screenshots. Values go in and come out typed: the programme, not its
//! text.

use chrono::{DateTime, Utc};
use marquee_core::Programme;
use marquee_core::edit::{Change, Operation};
use marquee_core::model::RoomId;
use marquee_core::screen_report::ScreenReport;

use crate::StoreError;

/// A revision of the hub's programme: the store numbers them from 1 (0 is
/// the hub with no programme yet), and HTTP names each by its ETag, `"r12"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevisionNumber(pub u64);

impl RevisionNumber {
    /// Its strong ETag: `"r12"`.
    pub fn etag(self) -> String {
        format!("\"r{}\"", self.0)
    }

    /// The revision an ETag names: `"r7"` (or `W/"r7"`) is 7.
    pub fn from_etag(tag: &str) -> Option<RevisionNumber> {
        tag.trim()
            .trim_start_matches("W/")
            .strip_prefix("\"r")?
            .strip_suffix('"')?
            .parse()
            .ok()
            .map(RevisionNumber)
    }
}

impl std::fmt::Display for RevisionNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq<u64> for RevisionNumber {
    fn eq(&self, other: &u64) -> bool {
        self.0 == *other
    }
}

/// What is known of one saved revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionInfo {
    pub number: RevisionNumber,
    pub saved_at: DateTime<Utc>,
    pub author: String,
    pub summary: String,
}

/// A saved revision and its programme.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRevision {
    pub info: RevisionInfo,
    pub programme: Programme,
}

/// A published version: a name for a revision, and what changed for
/// visitors since the version before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRelease {
    pub name: String,
    pub revision: RevisionNumber,
    pub published_at: DateTime<Utc>,
    pub changes: Vec<Change>,
}

/// An edit's operations and the operations that undo it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEdit {
    pub operations: Vec<Operation>,
    pub inverse: Vec<Operation>,
}

/// What a screen showed, as it sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screenshot {
    pub png: Vec<u8>,
    pub taken_at: DateTime<Utc>,
}

/// A revision to save: the programme, and who made it, how and when.
#[derive(Debug, Clone, Copy)]
pub struct NewRevision<'a> {
    pub programme: &'a Programme,
    /// The programme in Marquee's file format, as it is kept.
    pub json: &'a str,
    pub author: &'a str,
    pub summary: &'a str,
    pub at: DateTime<Utc>,
    pub edit: Option<&'a StoredEdit>,
}

/// Where the hub keeps what it must not lose. Each call is one
/// transaction: it is kept whole, or not at all.
pub trait Store {
    /// Saves the next revision, numbered one after the newest.
    fn save(&mut self, revision: NewRevision<'_>) -> Result<RevisionInfo, StoreError>;
    /// The newest revision.
    fn latest(&self) -> Result<Option<StoredRevision>, StoreError>;
    /// The newest revision `author` saved.
    fn latest_by(&self, author: &str) -> Result<Option<StoredRevision>, StoreError>;
    /// The programme as it stood at `instant`: the newest revision saved
    /// before it or, when there was none yet, the first saved after.
    fn as_of(&self, instant: DateTime<Utc>) -> Result<Option<StoredRevision>, StoreError>;
    /// Revision `number`.
    fn revision(&self, number: RevisionNumber) -> Result<Option<StoredRevision>, StoreError>;

    /// Records a published version.
    fn publish(&mut self, release: &StoredRelease) -> Result<(), StoreError>;
    /// Every published version, newest first.
    fn releases(&self) -> Result<Vec<StoredRelease>, StoreError>;

    /// The chair token of `room`: the one kept, or else `fresh`, kept from now on.
    fn chair_token(&mut self, room: &RoomId, fresh: String) -> Result<String, StoreError>;
    /// Gives `room` the chair token `fresh` in place of the one it had.
    fn replace_chair_token(&mut self, room: &RoomId, fresh: &str) -> Result<(), StoreError>;
    /// Every chair token made, as (room, token).
    fn chair_tokens(&self) -> Result<Vec<(RoomId, String)>, StoreError>;

    /// Keeps a one-time enrolment code, by its hash, usable until
    /// `expires_at`, unless `most` are open already (false); codes expired
    /// by `now` are dropped first.
    fn add_enrolment_code(
        &mut self,
        code_hash: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
        most: u64,
    ) -> Result<bool, StoreError>;
    /// Uses up the enrolment code with `code_hash`: true when it was open
    /// at `now`, and screen `name` now holds the token whose hash is
    /// `secret_hash` (in place of any it held).
    fn enrol(
        &mut self,
        code_hash: &str,
        name: &str,
        secret_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// The screen that holds the token whose hash is `secret_hash`.
    fn screen_of(&self, secret_hash: &str) -> Result<Option<String>, StoreError>;
    /// Whether screen `name` is enrolled.
    fn is_enrolled(&self, name: &str) -> Result<bool, StoreError>;
    /// How many screens are enrolled.
    fn enrolled_count(&self) -> Result<u64, StoreError>;
    /// Forgets screen `name`: its token, its report and its screenshot.
    /// True when it was known.
    fn remove_screen(&mut self, name: &str) -> Result<bool, StoreError>;

    /// Keeps `report` as the last heard from screen `name`.
    fn save_report(
        &mut self,
        name: &str,
        report: &ScreenReport,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Every screen's last report and when it came, by name.
    fn reports(&self) -> Result<Vec<(ScreenReport, DateTime<Utc>)>, StoreError>;
    /// Keeps `png` as what screen `name` showed at `at`, in place of the one before.
    fn save_screenshot(
        &mut self,
        name: &str,
        png: &[u8],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Screen `name`'s last screenshot.
    fn screenshot(&self, name: &str) -> Result<Option<Screenshot>, StoreError>;
    /// When each screen's last screenshot was taken, by name.
    fn screenshot_times(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError>;
}
