//! Replacing a file so that a crash at any moment leaves either the old file
//! or the new one: write a temporary file beside it, flush it to disk, rename
//! it over the old one, then flush the folder so the rename itself lasts.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Saves in flight in this process, so that two never share a temporary name.
static SAVES: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `contents`. An error means the old file is still in
/// place; once the rename is done the write counts as made, and a folder
/// that cannot be flushed afterwards is only logged.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let folder = folder_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        SAVES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    if let Err(error) = File::open(&folder).and_then(|f| f.sync_all()) {
        tracing::warn!(
            "{}: saved, but its folder could not be flushed to disk: {error}",
            path.display()
        );
    }
    Ok(())
}

/// The folder a file is in; `.` for a bare name.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("programme.json");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_reports_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder/programme.json");
        assert!(write_atomically(&missing, b"new").is_err());
    }

    #[test]
    fn saves_from_many_threads_at_once_never_tear_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("programme.json");
        let contents: Vec<String> = (0..8).map(|i| format!("{i}").repeat(100_000)).collect();
        std::thread::scope(|scope| {
            for text in &contents {
                let path = &path;
                scope.spawn(move || {
                    for _ in 0..10 {
                        write_atomically(path, text.as_bytes()).unwrap();
                    }
                });
            }
        });
        let saved = fs::read_to_string(&path).unwrap();
        assert!(contents.contains(&saved), "a torn file");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
