//! Thumbnails on disk, keyed by a version of their source and their size, so
//! that a second start does no decoding and a photo fetched once is there
//! offline for good. Beside a downloaded picture lie the validators of the
//! answer it came from, so that it can be checked for a newer version.

use std::fs;
use std::path::PathBuf;

use marquee_io::{Validators, write_atomically};

use crate::photo::Shape;
use crate::stable_hash;

#[derive(Debug, Clone)]
pub struct PhotoCache {
    dir: PathBuf,
}

impl PhotoCache {
    pub fn new(dir: impl Into<PathBuf>) -> PhotoCache {
        PhotoCache { dir: dir.into() }
    }

    /// Where the picture for `key` at `size` lives (whether or not it exists).
    /// The key names a version of the source: its address, or a file's path
    /// with its size and modification time.
    pub fn path(&self, key: &str, shape: Shape, size: u32) -> PathBuf {
        self.dir.join(format!(
            "{:016x}-{size}.{}",
            stable_hash(key.as_bytes()),
            shape.extension()
        ))
    }

    /// The cached picture, if there is one.
    pub fn get(&self, key: &str, shape: Shape, size: u32) -> Option<PathBuf> {
        let path = self.path(key, shape, size);
        path.is_file().then_some(path)
    }

    pub fn put(
        &self,
        key: &str,
        shape: Shape,
        size: u32,
        bytes: &[u8],
    ) -> std::io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(key, shape, size);
        write_atomically(&path, bytes)?;
        Ok(path)
    }

    /// The validators of the answer the picture for `key` was made from.
    pub fn validators(&self, key: &str, shape: Shape, size: u32) -> Validators {
        let text = fs::read_to_string(self.validators_path(key, shape, size)).unwrap_or_default();
        let mut lines = text
            .lines()
            .map(|line| (!line.is_empty()).then(|| line.to_owned()));
        Validators {
            etag: lines.next().flatten(),
            last_modified: lines.next().flatten(),
        }
    }

    pub fn put_validators(
        &self,
        key: &str,
        shape: Shape,
        size: u32,
        validators: &Validators,
    ) -> std::io::Result<()> {
        let text = format!(
            "{}\n{}\n",
            validators.etag.as_deref().unwrap_or_default(),
            validators.last_modified.as_deref().unwrap_or_default()
        );
        write_atomically(&self.validators_path(key, shape, size), text.as_bytes())
    }

    fn validators_path(&self, key: &str, shape: Shape, size: u32) -> PathBuf {
        self.path(key, shape, size).with_extension("validators")
    }
}
