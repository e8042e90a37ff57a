//! The hub's [`Store`] in SQLite: every revision of the programme ever saved (its
//! number, when, by whom, a one-line summary and the whole programme in
//! Marquee's file format) and, for an edit, its operations and their
//! inverse, each room's chair token, and each screen's last report, in one
//! SQLite file. WAL with `synchronous=FULL`:
//! a save returns only once its transaction is on disk, and a crash at any
//! moment leaves every acknowledged revision whole. The schema moves on by
//! numbered migrations, recorded in SQLite's `user_version`.

use std::path::Path;

use chrono::{DateTime, Utc};
use marquee_core::model::RoomId;
use marquee_core::screen_report::ScreenReport;
use marquee_hub::store::NewRevision;
use marquee_hub::{
    RevisionInfo, RevisionNumber, Screenshot, Store, StoreError, StoredRelease, StoredRevision,
};
use rusqlite::{Connection, OptionalExtension, params};

/// Each migration, in order; the schema's version is how many have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE revisions (
        number INTEGER PRIMARY KEY,
        saved_at TEXT NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL,
        programme TEXT NOT NULL
    );",
    "ALTER TABLE revisions ADD COLUMN operations TEXT;
     ALTER TABLE revisions ADD COLUMN inverse TEXT;",
    "CREATE TABLE releases (
        number INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        revision INTEGER NOT NULL REFERENCES revisions (number),
        published_at TEXT NOT NULL,
        changes TEXT NOT NULL
    );",
    "CREATE TABLE chair_tokens (
        room TEXT PRIMARY KEY,
        secret TEXT NOT NULL
    );",
    "CREATE TABLE screens (
        name TEXT PRIMARY KEY,
        seen_at TEXT NOT NULL,
        report TEXT NOT NULL
    );",
    "CREATE TABLE screenshots (
        name TEXT PRIMARY KEY,
        taken_at TEXT NOT NULL,
        png BLOB NOT NULL
    );",
    // Screens report with tokens of their own from here on: what screens
    // without one said before is not kept.
    "CREATE TABLE screen_tokens (
        name TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL UNIQUE,
        enrolled_at TEXT NOT NULL
    );
    CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
    );
    DELETE FROM screens;
    DELETE FROM screenshots;",
    "CREATE TABLE write_backs (
        file TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        revision INTEGER NOT NULL
    );",
];

/// The most all screenshots together take in the database; the oldest go first.
pub const SCREENSHOTS_BYTES: i64 = 64 * 1024 * 1024;

/// SQLite's failures, as the hub's store gives them.
#[derive(Debug, thiserror::Error)]
pub enum SqliteError {
    #[error("the hub's database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the hub's database holds what it cannot read: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SqliteError> for StoreError {
    fn from(error: SqliteError) -> StoreError {
        match error {
            SqliteError::Store(error) => error,
            other => StoreError::Database(Box::new(other)),
        }
    }
}

/// An edit's operations and the operations that undo it, as kept: JSON arrays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditText {
    pub operations: String,
    pub inverse: String,
}

pub struct SqliteStore {
    connection: Connection,
}

type Result<T, E = SqliteError> = std::result::Result<T, E>;

impl SqliteStore {
    /// Opens the database at `path`, making it if it is not there yet.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::opened(path).map_err(StoreError::from)
    }

    fn opened(path: &Path) -> Result<SqliteStore> {
        // Made readable by its owner alone: it holds the chairs' tokens.
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path);
        }
        let mut connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut connection)?;
        Ok(SqliteStore { connection })
    }

    /// Saves `programme` (Marquee's file format) as the next revision, with
    /// the edit that made it.
    pub fn save_text(
        &mut self,
        programme: &str,
        author: &str,
        summary: &str,
        at: DateTime<Utc>,
        edit: Option<&EditText>,
    ) -> Result<RevisionInfo> {
        let transaction = self.connection.transaction()?;
        let number: u64 = transaction.query_row(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions",
            [],
            |row| row.get(0),
        )?;
        transaction.execute(
            "INSERT INTO revisions (number, saved_at, author, summary, programme, operations, inverse) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                number,
                at.to_rfc3339(),
                author,
                summary,
                programme,
                edit.map(|e| &e.operations),
                edit.map(|e| &e.inverse)
            ],
        )?;
        transaction.commit()?;
        Ok(RevisionInfo {
            number: RevisionNumber(number),
            saved_at: at,
            author: author.to_owned(),
            summary: summary.to_owned(),
        })
    }

    /// The newest revision and its programme's text.
    pub fn latest_text(&self) -> Result<Option<(RevisionInfo, String)>> {
        self.one("ORDER BY number DESC LIMIT 1", None)
    }

    /// The newest revision `author` saved, and its programme's text.
    pub fn latest_by_text(&self, author: &str) -> Result<Option<(RevisionInfo, String)>> {
        let found = self
            .connection
            .query_row(
                "SELECT number, saved_at, author, summary, programme FROM revisions \
                 WHERE author = ?1 ORDER BY number DESC LIMIT 1",
                [author],
                |row| Ok((info(row)?, row.get::<_, String>(4)?)),
            )
            .optional()?;
        Ok(found)
    }

    /// The programme as it stood at `instant`: the newest revision saved
    /// before it or, when there was none yet, the first saved after.
    pub fn as_of_text(&self, instant: DateTime<Utc>) -> Result<Option<(RevisionInfo, String)>> {
        let sql = "SELECT number, saved_at, author, summary, programme FROM revisions";
        let read = |row: &rusqlite::Row<'_>| Ok((info(row)?, row.get::<_, String>(4)?));
        // RFC 3339 in UTC sorts as the instants do.
        let at = instant.to_rfc3339();
        let before = self
            .connection
            .query_row(
                &format!("{sql} WHERE saved_at < ?1 ORDER BY number DESC LIMIT 1"),
                [&at],
                read,
            )
            .optional()?;
        if before.is_some() {
            return Ok(before);
        }
        let after = self
            .connection
            .query_row(&format!("{sql} ORDER BY number LIMIT 1"), [], read)
            .optional()?;
        Ok(after)
    }

    /// Revision `number` and its programme's text.
    pub fn revision_text(&self, number: u64) -> Result<Option<(RevisionInfo, String)>> {
        // SQLite's integers are signed: a number beyond them names no revision.
        if i64::try_from(number).is_err() {
            return Ok(None);
        }
        self.one("WHERE number = ?1", Some(number))
    }

    /// The edit that made revision `number`, when an edit made it.
    pub fn edit(&self, number: u64) -> Result<Option<EditText>> {
        let found = self
            .connection
            .query_row(
                "SELECT operations, inverse FROM revisions WHERE number = ?1 AND operations IS NOT NULL",
                [number],
                |row| {
                    Ok(EditText {
                        operations: row.get(0)?,
                        inverse: row.get(1)?,
                    })
                },
            )
            .optional()?;
        Ok(found)
    }

    fn drop_expired_codes(&mut self, now: DateTime<Utc>) -> Result<()> {
        // RFC 3339 in UTC compares as text.
        self.connection.execute(
            "DELETE FROM enrolment_codes WHERE expires_at <= ?1",
            [now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Notes that `file` was written with revision `revision`, whose text's
    /// SHA-256 is `sha256`.
    pub fn note_write_back(&mut self, file: &str, sha256: &str, revision: u64) -> Result<()> {
        self.connection.execute(
            "INSERT INTO write_backs (file, sha256, revision) VALUES (?1, ?2, ?3)
             ON CONFLICT (file) DO UPDATE SET sha256 = ?2, revision = ?3",
            params![file, sha256, revision],
        )?;
        Ok(())
    }

    /// The SHA-256 of what was last written to `file`.
    pub fn last_write_back(&self, file: &str) -> Result<Option<String>> {
        Ok(self
            .connection
            .query_row(
                "SELECT sha256 FROM write_backs WHERE file = ?1",
                [file],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// True when any revision's programme holds `text`.
    pub fn ever_holds(&self, text: &str) -> Result<bool> {
        Ok(self.connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM revisions WHERE instr(programme, ?1) > 0)",
            [text],
            |row| row.get(0),
        )?)
    }

    /// The newest `limit` revisions, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RevisionInfo>> {
        let mut statement = self.connection.prepare(
            "SELECT number, saved_at, author, summary FROM revisions ORDER BY number DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], info)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether SQLite finds the file sound.
    pub fn integrity_check(&self) -> Result<bool> {
        let verdict: String = self
            .connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(verdict == "ok")
    }

    fn one(&self, clause: &str, number: Option<u64>) -> Result<Option<(RevisionInfo, String)>> {
        let sql =
            format!("SELECT number, saved_at, author, summary, programme FROM revisions {clause}");
        let read = |row: &rusqlite::Row<'_>| Ok((info(row)?, row.get::<_, String>(4)?));
        let found = match number {
            Some(number) => self.connection.query_row(&sql, [number], read),
            None => self.connection.query_row(&sql, [], read),
        };
        Ok(found.optional()?)
    }
}

/// Runs `query`, giving its failure as the hub's store's.
fn kept<T>(query: impl FnOnce() -> Result<T>) -> Result<T, StoreError> {
    query().map_err(StoreError::from)
}

/// The programme of a revision as kept.
fn parsed((info, json): (RevisionInfo, String)) -> Result<StoredRevision> {
    let programme = marquee_core::format::parse(&json)
        .map_err(|source| StoreError::Unreadable {
            revision: info.number,
            source,
        })?
        .programme;
    Ok(StoredRevision { info, programme })
}

impl Store for SqliteStore {
    fn save(&mut self, revision: NewRevision<'_>) -> Result<RevisionInfo, StoreError> {
        kept(|| {
            let edit = match revision.edit {
                Some(edit) => Some(EditText {
                    operations: serde_json::to_string(&edit.operations)?,
                    inverse: serde_json::to_string(&edit.inverse)?,
                }),
                None => None,
            };
            self.save_text(
                revision.json,
                revision.author,
                revision.summary,
                revision.at,
                edit.as_ref(),
            )
        })
    }

    fn latest(&self) -> Result<Option<StoredRevision>, StoreError> {
        kept(|| self.latest_text()?.map(parsed).transpose())
    }

    fn latest_by(&self, author: &str) -> Result<Option<StoredRevision>, StoreError> {
        kept(|| self.latest_by_text(author)?.map(parsed).transpose())
    }

    fn as_of(&self, instant: DateTime<Utc>) -> Result<Option<StoredRevision>, StoreError> {
        kept(|| self.as_of_text(instant)?.map(parsed).transpose())
    }

    fn revision(&self, number: RevisionNumber) -> Result<Option<StoredRevision>, StoreError> {
        kept(|| self.revision_text(number.0)?.map(parsed).transpose())
    }

    /// Records a published version.
    fn publish(&mut self, release: &StoredRelease) -> Result<(), StoreError> {
        kept(|| {
            self.connection.execute(
                "INSERT INTO releases (name, revision, published_at, changes) VALUES (?1, ?2, ?3, ?4)",
                params![
                    release.name,
                    release.revision.0,
                    release.published_at.to_rfc3339(),
                    serde_json::to_string(&release.changes)?
                ],
            )?;
            Ok(())
        })
    }

    /// Every published version, newest first.
    fn releases(&self) -> Result<Vec<StoredRelease>, StoreError> {
        kept(|| {
            let mut statement = self.connection.prepare(
                "SELECT name, revision, published_at, changes FROM releases ORDER BY number DESC",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u64>(1)?,
                    instant(row, 2)?,
                    row.get::<_, String>(3)?,
                ))
            })?;
            let rows = rows.collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(name, revision, published_at, changes)| {
                    Ok(StoredRelease {
                        name,
                        revision: RevisionNumber(revision),
                        published_at,
                        changes: serde_json::from_str(&changes)?,
                    })
                })
                .collect()
        })
    }

    /// The chair token of `room`: the one kept, or else `fresh`, kept from now on.
    fn chair_token(&mut self, room: &RoomId, fresh: String) -> Result<String, StoreError> {
        kept(|| {
            let found: Option<String> = self
                .connection
                .query_row(
                    "SELECT secret FROM chair_tokens WHERE room = ?1",
                    [room.as_str()],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(secret) = found {
                return Ok(secret);
            }
            self.connection.execute(
                "INSERT INTO chair_tokens (room, secret) VALUES (?1, ?2)",
                params![room.as_str(), fresh],
            )?;
            Ok(fresh)
        })
    }

    /// Gives `room` the chair token `fresh` in place of the one it had.
    fn replace_chair_token(&mut self, room: &RoomId, fresh: &str) -> Result<(), StoreError> {
        kept(|| {
            self.connection.execute(
                "INSERT INTO chair_tokens (room, secret) VALUES (?1, ?2)
                 ON CONFLICT (room) DO UPDATE SET secret = ?2",
                params![room.as_str(), fresh],
            )?;
            Ok(())
        })
    }

    /// Every chair token made, as (room, token).
    fn chair_tokens(&self) -> Result<Vec<(RoomId, String)>, StoreError> {
        kept(|| {
            let mut statement = self
                .connection
                .prepare("SELECT room, secret FROM chair_tokens ORDER BY room")?;
            let rows = statement.query_map([], |row| Ok((RoomId(row.get(0)?), row.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Keeps `report` as the last heard from screen `name`.
    fn save_report(
        &mut self,
        name: &str,
        report: &ScreenReport,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        kept(|| {
            let report = serde_json::to_string(report)?;
            self.connection.execute(
                "INSERT INTO screens (name, seen_at, report) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET seen_at = ?2, report = ?3",
                params![name, at.to_rfc3339(), report],
            )?;
            Ok(())
        })
    }

    /// Keeps `png` as what screen `name` showed at `at`, in place of the
    /// one before; the oldest others go while all of them together are
    /// over [`SCREENSHOTS_BYTES`].
    fn save_screenshot(
        &mut self,
        name: &str,
        png: &[u8],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        kept(|| {
            let transaction = self.connection.transaction()?;
            transaction.execute(
                "INSERT INTO screenshots (name, taken_at, png) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET taken_at = ?2, png = ?3",
                params![name, at.to_rfc3339(), png],
            )?;
            transaction.execute(
                "DELETE FROM screenshots WHERE name IN (
                    SELECT name FROM (
                        SELECT name, SUM(LENGTH(png)) OVER (ORDER BY taken_at DESC, name) AS held
                        FROM screenshots
                    ) WHERE held > ?1
                ) AND name <> ?2",
                params![SCREENSHOTS_BYTES, name],
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Keeps a one-time enrolment code, by its hash, usable until
    /// `expires_at`, unless `most` are open already (false); codes expired
    /// by `now` are dropped first.
    fn add_enrolment_code(
        &mut self,
        code_hash: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
        most: u64,
    ) -> Result<bool, StoreError> {
        kept(|| {
            self.drop_expired_codes(now)?;
            let open: u64 =
                self.connection
                    .query_row("SELECT COUNT(*) FROM enrolment_codes", [], |row| row.get(0))?;
            if open >= most {
                return Ok(false);
            }
            self.connection.execute(
                "INSERT INTO enrolment_codes (code_hash, expires_at) VALUES (?1, ?2)",
                params![code_hash, expires_at.to_rfc3339()],
            )?;
            Ok(true)
        })
    }

    /// Uses up the enrolment code with `code_hash`: true when it was open
    /// at `now`, and screen `name` now holds the token whose hash is
    /// `secret_hash` (in place of any it held).
    fn enrol(
        &mut self,
        code_hash: &str,
        name: &str,
        secret_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        kept(|| {
            self.drop_expired_codes(now)?;
            let transaction = self.connection.transaction()?;
            let taken = transaction.execute(
                "DELETE FROM enrolment_codes WHERE code_hash = ?1",
                [code_hash],
            )?;
            if taken == 1 {
                transaction.execute(
                    "INSERT INTO screen_tokens (name, secret_hash, enrolled_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET secret_hash = ?2, enrolled_at = ?3",
                    params![name, secret_hash, now.to_rfc3339()],
                )?;
            }
            transaction.commit()?;
            Ok(taken == 1)
        })
    }

    /// The screen that holds the token whose hash is `secret_hash`.
    fn screen_of(&self, secret_hash: &str) -> Result<Option<String>, StoreError> {
        kept(|| {
            Ok(self
                .connection
                .query_row(
                    "SELECT name FROM screen_tokens WHERE secret_hash = ?1",
                    [secret_hash],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }

    fn is_enrolled(&self, name: &str) -> Result<bool, StoreError> {
        kept(|| {
            Ok(self.connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM screen_tokens WHERE name = ?1)",
                [name],
                |row| row.get(0),
            )?)
        })
    }

    /// How many screens are enrolled.
    fn enrolled_count(&self) -> Result<u64, StoreError> {
        kept(|| {
            Ok(self
                .connection
                .query_row("SELECT COUNT(*) FROM screen_tokens", [], |row| row.get(0))?)
        })
    }

    /// Forgets screen `name`: its token, its report and its screenshot.
    /// True when it was known.
    fn remove_screen(&mut self, name: &str) -> Result<bool, StoreError> {
        kept(|| {
            let transaction = self.connection.transaction()?;
            let mut removed = 0;
            for table in ["screen_tokens", "screens", "screenshots"] {
                removed +=
                    transaction.execute(&format!("DELETE FROM {table} WHERE name = ?1"), [name])?;
            }
            transaction.commit()?;
            Ok(removed > 0)
        })
    }

    /// Screen `name`'s last screenshot.
    fn screenshot(&self, name: &str) -> Result<Option<Screenshot>, StoreError> {
        kept(|| {
            Ok(self
                .connection
                .query_row(
                    "SELECT png, taken_at FROM screenshots WHERE name = ?1",
                    [name],
                    |row| {
                        Ok(Screenshot {
                            png: row.get(0)?,
                            taken_at: instant(row, 1)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    /// When each screen's last screenshot was taken, by name.
    fn screenshot_times(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        kept(|| {
            let mut statement = self
                .connection
                .prepare("SELECT name, taken_at FROM screenshots ORDER BY name")?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, instant(row, 1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn reports(&self) -> Result<Vec<(ScreenReport, DateTime<Utc>)>, StoreError> {
        kept(|| {
            let mut statement = self
                .connection
                .prepare("SELECT report, seen_at FROM screens ORDER BY name")?;
            let rows =
                statement.query_map([], |row| Ok((row.get::<_, String>(0)?, instant(row, 1)?)))?;
            let rows = rows.collect::<Result<Vec<_>, _>>()?;
            // A report of an older Marquee's shape is not listed.
            Ok(rows
                .into_iter()
                .filter_map(|(json, at)| Some((serde_json::from_str(&json).ok()?, at)))
                .collect())
        })
    }
}

/// Column `column` of `row`, an instant written as RFC 3339.
fn instant(row: &rusqlite::Row<'_>, column: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(column)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
}

fn info(row: &rusqlite::Row<'_>) -> rusqlite::Result<RevisionInfo> {
    Ok(RevisionInfo {
        number: RevisionNumber(row.get(0)?),
        saved_at: instant(row, 1)?,
        author: row.get(2)?,
        summary: row.get(3)?,
    })
}

fn migrate(connection: &mut Connection) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StoreError::Newer { found, known }.into());
    }
    let transaction = connection.transaction()?;
    for (version, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", version as i64 + 1)?;
    }
    transaction.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn revisions_are_numbered_kept_and_found_again_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let mut store = SqliteStore::open(&path).unwrap();
        assert!(store.latest_text().unwrap().is_none());
        let first = store
            .save_text(
                "{\"one\": 1}",
                "import",
                "imported",
                at("2026-06-06T08:00:00Z"),
                None,
            )
            .unwrap();
        let second = store
            .save_text(
                "{\"two\": 2}",
                "organiser",
                "moved a talk",
                at("2026-06-06T09:00:00Z"),
                None,
            )
            .unwrap();
        assert_eq!((first.number.0, second.number.0), (1, 2));
        drop(store);

        let store = SqliteStore::open(&path).unwrap();
        let (latest, text) = store.latest_text().unwrap().unwrap();
        assert_eq!(latest, second);
        assert_eq!(text, "{\"two\": 2}");
        assert_eq!(store.revision_text(1).unwrap().unwrap().1, "{\"one\": 1}");
        assert_eq!(store.edit(2).unwrap(), None, "a plain save has no edit");
        assert_eq!(store.latest_by_text("import").unwrap().unwrap().0, first);
        assert!(store.latest_by_text("nobody").unwrap().is_none());
        let history = store.history(10).unwrap();
        assert_eq!(history.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 1]);
        assert!(store.integrity_check().unwrap());
    }

    #[test]
    fn a_database_of_the_first_schema_moves_on_and_keeps_its_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(MIGRATIONS[0]).unwrap();
        old.execute(
            "INSERT INTO revisions VALUES (1, '2026-06-06T08:00:00+00:00', 'import', 'imported', '{}')",
            [],
        )
        .unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        drop(old);
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.latest_text().unwrap().unwrap().0.number, 1);
        let edit = EditText {
            operations: "[{\"op\": \"cancel\", \"session\": \"a\"}]".into(),
            inverse: "[]".into(),
        };
        let saved = store
            .save_text(
                "{}",
                "organiser",
                "cancelled a",
                at("2026-06-06T09:00:00Z"),
                Some(&edit),
            )
            .unwrap();
        assert_eq!(store.edit(saved.number.0).unwrap(), Some(edit));
        assert_eq!(store.edit(1).unwrap(), None);
    }

    #[test]
    fn a_database_from_a_newer_marquee_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        SqliteStore::open(&path).unwrap();
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let error = SqliteStore::open(&path).err().unwrap().to_string();
        assert!(error.contains("schema 99"), "{error}");
        assert!(error.contains("fix: run the newer Marquee"), "{error}");
    }
}
