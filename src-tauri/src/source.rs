//! Reading and writing programme files on disk, on top of the core's
//! text-in, programme-out importers.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use marquee_core::{ImportOptions, Imported, import};

use crate::error::AppError;
use crate::fetch::{FetchLimits, fetch_text, is_address};

/// The programme a screen shows when none is named: `data/programme.json`,
/// or `$MARQUEE_DATA/programme.json` when that is set.
pub fn default_programme_path() -> PathBuf {
    let data = std::env::var_os("MARQUEE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../data"));
    data.join("programme.json")
}

/// The default programme, for tests.
#[cfg(test)]
pub fn default_programme() -> marquee_core::Programme {
    let text = fs::read_to_string(default_programme_path()).expect("data/programme.json");
    marquee_core::format::parse(&text)
        .expect("the default programme reads")
        .programme
}

/// Reads a programme in any importable format, from a file or an http(s) address.
pub fn read_programme(
    source: &Path,
    options: &ImportOptions,
    limits: FetchLimits,
) -> Result<Imported, AppError> {
    let name = source.to_string_lossy();
    let text = if is_address(&name) {
        fetch_text(&name, limits)?
    } else {
        fs::read_to_string(source).map_err(|e| AppError::read(source, e))?
    };
    import(&text, options).map_err(|error| AppError::Import {
        path: source.to_owned(),
        source: error,
    })
}

/// Replaces `path` with `contents` so that a crash at any moment leaves either
/// the old file or the new one, never a torn one: write a temporary file
/// beside it, flush it to disk, then rename it over the old one.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), AppError> {
    let fail = |e| AppError::write(path, e);
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        // The rename itself is durable only once the folder is synced.
        File::open(&folder)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("programme.json");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder/programme.json");
        let err = write_atomically(&missing, b"new").unwrap_err();
        assert!(err.to_string().contains("cannot write it"), "{err}");
    }

    #[test]
    fn read_errors_name_the_file() {
        let err = read_programme(
            Path::new("/no/such/programme.json"),
            &ImportOptions::default(),
            FetchLimits::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/no/such/programme.json: cannot read it")
        );
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "read");
    }
}
