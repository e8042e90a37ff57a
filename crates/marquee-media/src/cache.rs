//! Thumbnails on disk, keyed by source and size, so that a second start
//! does no decoding and a photo fetched once is there offline for good.
//! Files are written through a temporary file and a rename.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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

    /// Where the picture of `source` at `size` lives (whether or not it exists).
    pub fn path(&self, source: &str, shape: Shape, size: u32) -> PathBuf {
        self.dir.join(format!(
            "{:016x}-{size}.{}",
            stable_hash(source.as_bytes()),
            shape.extension()
        ))
    }

    /// The cached picture, if there is one.
    pub fn get(&self, source: &str, shape: Shape, size: u32) -> Option<PathBuf> {
        let path = self.path(source, shape, size);
        path.is_file().then_some(path)
    }

    pub fn put(
        &self,
        source: &str,
        shape: Shape,
        size: u32,
        bytes: &[u8],
    ) -> std::io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(source, shape, size);
        write_atomically(&path, bytes)?;
        Ok(path)
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
