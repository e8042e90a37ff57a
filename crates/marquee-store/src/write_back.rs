//! A programme file kept in step with the hub (`marquee serve --write-back`,
//! the desktop editor's file): every revision is written to it, whole and
//! atomically, after it is safe in the store. A write that fails leaves the
//! revision in the store, says so in the hub's health and in the answer to
//! the change, and is made good by the next one. The SHA-256 of what was
//! last written is kept, so that a hub started again knows the file as its
//! own (and writes it anew from the store) unless someone else changed it
//! since, and a file left behind by failed writes never takes the screens
//! back to an old programme.

use marquee_hub::secret::sha256_hex;
use marquee_hub::{Current, HubError, StoreError};

use crate::sqlite::SqliteStore;
use crate::stored_hub::{StoredHub, lock};

impl StoredHub {
    /// Writes `current` to the file, if there is one, and notes it in `store`.
    pub(crate) fn write_file(&self, store: &mut SqliteStore, current: &Current) {
        let Some(file) = &self.write_back else {
            return;
        };
        let json = current.json.as_bytes();
        let written = marquee_io::write_atomically(file, json)
            .map_err(|source| HubError::WriteBack {
                path: file.clone(),
                source,
            })
            .and_then(|()| {
                let name = file.display().to_string();
                store
                    .note_write_back(&name, &sha256_hex(json), current.info.number.0)
                    .map_err(|e| HubError::Store(StoreError::from(e)))
            });
        let mut problem = lock(&self.write_back_problem);
        match written {
            Ok(()) => *problem = None,
            Err(error) => {
                tracing::error!("{error}");
                *problem = Some(error.to_string());
            }
        }
    }

    /// Writes the current revision to the file given to [`StoredHub::writing_to`].
    pub fn write_back(&self) -> Result<(), HubError> {
        if let Some(current) = self.current() {
            let mut kept = lock(&self.kept);
            self.write_file(&mut kept.store, &current);
        }
        match self.write_back_problem() {
            Some(_) => Err(HubError::WriteBack {
                path: self.write_back.clone().unwrap_or_default(),
                source: std::io::Error::other("the last write failed"),
            }),
            None => Ok(()),
        }
    }

    /// Why the file could not be written, while it cannot.
    pub fn write_back_problem(&self) -> Option<String> {
        lock(&self.write_back_problem).clone()
    }

    /// The file written back to, if any.
    pub fn write_back_file(&self) -> Option<&std::path::Path> {
        self.write_back.as_deref()
    }

    /// True when `bytes`, read from `file`, are what the hub last wrote
    /// there: the file is the hub's own, whatever revision it holds.
    pub fn wrote(&self, file: &std::path::Path, bytes: &[u8]) -> Result<bool, HubError> {
        let name = file.display().to_string();
        let last = lock(&self.kept).store.last_write_back(&name);
        let last = last.map_err(StoreError::from)?;
        Ok(last.as_deref() == Some(sha256_hex(bytes).as_str()))
    }
}
