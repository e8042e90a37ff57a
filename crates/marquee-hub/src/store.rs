//! The hub's database: every revision of the programme ever saved (its
//! number, when, by whom, a one-line summary and the whole programme in
//! Marquee's file format) and, for an edit, its operations and their
//! inverse, each room's chair token, and each screen's last report, in one
//! SQLite file. WAL with `synchronous=FULL`:
//! a save returns only once its transaction is on disk, and a crash at any
//! moment leaves every acknowledged revision whole. The schema moves on by
//! numbered migrations, recorded in SQLite's `user_version`.

use std::path::Path;

use chrono::{DateTime, Utc};
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

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the hub's database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the hub's database was made by a newer Marquee (schema {found}, this one knows {known}) \
         (fix: run the newer Marquee, or start this one on another --data folder)"
    )]
    Newer { found: i64, known: i64 },
}

/// What a screen showed, as it sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screenshot {
    pub png: Vec<u8>,
    pub taken_at: DateTime<Utc>,
}

/// What is known of one saved revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionInfo {
    pub number: u64,
    pub saved_at: DateTime<Utc>,
    pub author: String,
    pub summary: String,
}

/// A published version: a name for a revision, and what changed for
/// visitors since the version before (a JSON array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRelease {
    pub name: String,
    pub revision: u64,
    pub published_at: DateTime<Utc>,
    pub changes: String,
}

/// An edit's operations and the operations that undo it, as JSON arrays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEdit {
    pub operations: String,
    pub inverse: String,
}

pub struct Store {
    connection: Connection,
}

impl Store {
    /// Opens the database at `path`, making it if it is not there yet.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
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
        Ok(Store { connection })
    }

    /// Saves `programme` (Marquee's file format) as the next revision.
    pub fn save(
        &mut self,
        programme: &str,
        author: &str,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<RevisionInfo, StoreError> {
        self.save_edit(programme, author, summary, at, None)
    }

    /// Saves `programme` as the next revision, with the edit that made it.
    pub fn save_edit(
        &mut self,
        programme: &str,
        author: &str,
        summary: &str,
        at: DateTime<Utc>,
        edit: Option<&StoredEdit>,
    ) -> Result<RevisionInfo, StoreError> {
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
            number,
            saved_at: at,
            author: author.to_owned(),
            summary: summary.to_owned(),
        })
    }

    /// The newest revision and its programme.
    pub fn latest(&self) -> Result<Option<(RevisionInfo, String)>, StoreError> {
        self.one("ORDER BY number DESC LIMIT 1", None)
    }

    /// The newest revision `author` saved, and its programme.
    pub fn latest_by(&self, author: &str) -> Result<Option<(RevisionInfo, String)>, StoreError> {
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
    pub fn as_of(
        &self,
        instant: DateTime<Utc>,
    ) -> Result<Option<(RevisionInfo, String)>, StoreError> {
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

    /// Revision `number` and its programme.
    pub fn revision(&self, number: u64) -> Result<Option<(RevisionInfo, String)>, StoreError> {
        // SQLite's integers are signed: a number beyond them names no revision.
        if i64::try_from(number).is_err() {
            return Ok(None);
        }
        self.one("WHERE number = ?1", Some(number))
    }

    /// The edit that made revision `number`, when an edit made it.
    pub fn edit(&self, number: u64) -> Result<Option<StoredEdit>, StoreError> {
        let found = self
            .connection
            .query_row(
                "SELECT operations, inverse FROM revisions WHERE number = ?1 AND operations IS NOT NULL",
                [number],
                |row| {
                    Ok(StoredEdit {
                        operations: row.get(0)?,
                        inverse: row.get(1)?,
                    })
                },
            )
            .optional()?;
        Ok(found)
    }

    /// Records a published version.
    pub fn publish(&mut self, release: &StoredRelease) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO releases (name, revision, published_at, changes) VALUES (?1, ?2, ?3, ?4)",
            params![
                release.name,
                release.revision,
                release.published_at.to_rfc3339(),
                release.changes
            ],
        )?;
        Ok(())
    }

    /// Every published version, newest first.
    pub fn releases(&self) -> Result<Vec<StoredRelease>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT name, revision, published_at, changes FROM releases ORDER BY number DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoredRelease {
                name: row.get(0)?,
                revision: row.get(1)?,
                published_at: instant(row, 2)?,
                changes: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The chair token of `room`: the one kept, or else `fresh`, kept from now on.
    pub fn chair_token(&mut self, room: &str, fresh: String) -> Result<String, StoreError> {
        let found: Option<String> = self
            .connection
            .query_row(
                "SELECT secret FROM chair_tokens WHERE room = ?1",
                [room],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(secret) = found {
            return Ok(secret);
        }
        self.connection.execute(
            "INSERT INTO chair_tokens (room, secret) VALUES (?1, ?2)",
            params![room, fresh],
        )?;
        Ok(fresh)
    }

    /// Gives `room` the chair token `fresh` in place of the one it had.
    pub fn replace_chair_token(&mut self, room: &str, fresh: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO chair_tokens (room, secret) VALUES (?1, ?2)
             ON CONFLICT (room) DO UPDATE SET secret = ?2",
            params![room, fresh],
        )?;
        Ok(())
    }

    /// Every chair token made, as (room, token).
    pub fn chair_tokens(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT room, secret FROM chair_tokens ORDER BY room")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keeps `report` as the last heard from screen `name`.
    pub fn save_screen(
        &mut self,
        name: &str,
        report: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO screens (name, seen_at, report) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET seen_at = ?2, report = ?3",
            params![name, at.to_rfc3339(), report],
        )?;
        Ok(())
    }

    /// Keeps `png` as what screen `name` showed at `at`, in place of the
    /// one before; the oldest others go while all of them together are
    /// over [`SCREENSHOTS_BYTES`].
    pub fn save_screenshot(
        &mut self,
        name: &str,
        png: &[u8],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
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
    }

    /// Keeps a one-time enrolment code, by its hash, usable until
    /// `expires_at`, unless `most` are open already (false); codes expired
    /// by `now` are dropped first.
    pub fn add_enrolment_code(
        &mut self,
        code_hash: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
        most: u64,
    ) -> Result<bool, StoreError> {
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
    }

    fn drop_expired_codes(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        // RFC 3339 in UTC compares as text.
        self.connection.execute(
            "DELETE FROM enrolment_codes WHERE expires_at <= ?1",
            [now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Uses up the enrolment code with `code_hash`: true when it was open
    /// at `now`, and screen `name` now holds the token whose hash is
    /// `secret_hash` (in place of any it held).
    pub fn enrol(
        &mut self,
        code_hash: &str,
        name: &str,
        secret_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
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
    }

    /// The screen that holds the token whose hash is `secret_hash`.
    pub fn screen_of(&self, secret_hash: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT name FROM screen_tokens WHERE secret_hash = ?1",
                [secret_hash],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// The time screen `name` was enrolled, when it is.
    pub fn screen_of_name(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT enrolled_at FROM screen_tokens WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Notes that `file` was written with revision `revision`, whose text's
    /// SHA-256 is `sha256`.
    pub fn note_write_back(
        &mut self,
        file: &str,
        sha256: &str,
        revision: u64,
    ) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO write_backs (file, sha256, revision) VALUES (?1, ?2, ?3)
             ON CONFLICT (file) DO UPDATE SET sha256 = ?2, revision = ?3",
            params![file, sha256, revision],
        )?;
        Ok(())
    }

    /// The SHA-256 of what was last written to `file`.
    pub fn last_write_back(&self, file: &str) -> Result<Option<String>, StoreError> {
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
    pub fn ever_holds(&self, text: &str) -> Result<bool, StoreError> {
        Ok(self.connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM revisions WHERE instr(programme, ?1) > 0)",
            [text],
            |row| row.get(0),
        )?)
    }

    /// How many screens are enrolled.
    pub fn enrolled_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT COUNT(*) FROM screen_tokens", [], |row| row.get(0))?)
    }

    /// Forgets screen `name`: its token, its report and its screenshot.
    /// True when it was known.
    pub fn remove_screen(&mut self, name: &str) -> Result<bool, StoreError> {
        let transaction = self.connection.transaction()?;
        let mut removed = 0;
        for table in ["screen_tokens", "screens", "screenshots"] {
            removed +=
                transaction.execute(&format!("DELETE FROM {table} WHERE name = ?1"), [name])?;
        }
        transaction.commit()?;
        Ok(removed > 0)
    }

    /// Screen `name`'s last screenshot.
    pub fn screenshot(&self, name: &str) -> Result<Option<Screenshot>, StoreError> {
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
    }

    /// When each screen's last screenshot was taken, by name.
    pub fn screenshot_times(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT name, taken_at FROM screenshots ORDER BY name")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, instant(row, 1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every screen's last report and when it came, by name.
    pub fn screens(&self) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT report, seen_at FROM screens ORDER BY name")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, instant(row, 1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest `limit` revisions, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RevisionInfo>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT number, saved_at, author, summary FROM revisions ORDER BY number DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], info)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether SQLite finds the file sound.
    pub fn integrity_check(&self) -> Result<bool, StoreError> {
        let verdict: String = self
            .connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(verdict == "ok")
    }

    fn one(
        &self,
        clause: &str,
        number: Option<u64>,
    ) -> Result<Option<(RevisionInfo, String)>, StoreError> {
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
        number: row.get(0)?,
        saved_at: instant(row, 1)?,
        author: row.get(2)?,
        summary: row.get(3)?,
    })
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StoreError::Newer { found, known });
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
        let mut store = Store::open(&path).unwrap();
        assert!(store.latest().unwrap().is_none());
        let first = store
            .save(
                "{\"one\": 1}",
                "import",
                "imported",
                at("2026-06-06T08:00:00Z"),
            )
            .unwrap();
        let second = store
            .save(
                "{\"two\": 2}",
                "organiser",
                "moved a talk",
                at("2026-06-06T09:00:00Z"),
            )
            .unwrap();
        assert_eq!((first.number, second.number), (1, 2));
        drop(store);

        let store = Store::open(&path).unwrap();
        let (latest, text) = store.latest().unwrap().unwrap();
        assert_eq!(latest, second);
        assert_eq!(text, "{\"two\": 2}");
        assert_eq!(store.revision(1).unwrap().unwrap().1, "{\"one\": 1}");
        assert_eq!(store.edit(2).unwrap(), None, "a plain save has no edit");
        assert_eq!(store.latest_by("import").unwrap().unwrap().0, first);
        assert!(store.latest_by("nobody").unwrap().is_none());
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
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.latest().unwrap().unwrap().0.number, 1);
        let edit = StoredEdit {
            operations: "[{\"op\": \"cancel\", \"session\": \"a\"}]".into(),
            inverse: "[]".into(),
        };
        let saved = store
            .save_edit(
                "{}",
                "organiser",
                "cancelled a",
                at("2026-06-06T09:00:00Z"),
                Some(&edit),
            )
            .unwrap();
        assert_eq!(store.edit(saved.number).unwrap(), Some(edit));
        assert_eq!(store.edit(1).unwrap(), None);
    }

    #[test]
    fn a_database_from_a_newer_marquee_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        Store::open(&path).unwrap();
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let error = Store::open(&path).err().unwrap().to_string();
        assert!(error.contains("schema 99"), "{error}");
        assert!(error.contains("fix: run the newer Marquee"), "{error}");
    }
}
