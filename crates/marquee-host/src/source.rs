//! Where programmes come from and go to: files and http(s) addresses read in
//! any importable format, files written atomically, and the default
//! programme that ships with Marquee, found wherever it was installed.

use std::path::{Path, PathBuf};

use marquee_core::{ImportOptions, Imported, import_bytes};
use marquee_io::{Fetched, Limits, Validators, is_address};

use crate::error::HostError;

/// The file name of the default programme in each place it may be.
const DEFAULT_PROGRAMME: &str = "programme.json";

/// The programme to show when none is named: `$MARQUEE_DATA/programme.json`
/// when that is set, else the first of [`default_programme_places`] that
/// exists.
pub fn default_programme_path() -> Result<PathBuf, HostError> {
    if let Some(data) = std::env::var_os("MARQUEE_DATA") {
        return Ok(PathBuf::from(data).join(DEFAULT_PROGRAMME));
    }
    let places = default_programme_places();
    places
        .iter()
        .find(|path| path.is_file())
        .cloned()
        .ok_or_else(|| HostError::NoDefaultProgramme(places.clone()))
}

/// Where the default programme may be, in order: beside the executable (an
/// unpacked archive), in the `share` folder of its prefix or its package's
/// library folder (an installed package), in the build tree it was built in
/// (`target/<profile>/`), then in the user's and the system's data folders.
pub fn default_programme_places() -> Vec<PathBuf> {
    let mut places = Vec::new();
    if let Some(folder) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.canonicalize().ok())
        .and_then(|exe| exe.parent().map(ToOwned::to_owned))
    {
        places.push(folder.join("data"));
        if let Some(prefix) = folder.parent() {
            places.push(prefix.join("share/marquee"));
            places.push(prefix.join("lib/marquee/data"));
            if prefix.file_name().is_some_and(|name| name == "target")
                && let Some(tree) = prefix.parent()
            {
                places.push(tree.join("data"));
            }
        }
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match std::env::var_os("XDG_DATA_HOME") {
        Some(data) if !data.is_empty() => places.push(PathBuf::from(data).join("marquee")),
        _ => places.extend(home.map(|home| home.join(".local/share/marquee"))),
    }
    let system = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|dirs| !dirs.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".to_owned());
    places.extend(system.split(':').map(|dir| Path::new(dir).join("marquee")));
    places
        .into_iter()
        .map(|dir| dir.join(DEFAULT_PROGRAMME))
        .collect()
}

/// Reads a programme in any importable format, from a file or an http(s) address.
pub fn read_programme(
    source: &Path,
    options: &ImportOptions,
    limits: Limits,
) -> Result<Imported, HostError> {
    let name = source.to_string_lossy();
    let bytes = if is_address(&name) {
        match fetch(&name, limits, None)? {
            Fetched::Fresh { body, .. } => body,
            Fetched::NotModified => unreachable!("an unconditional request is never answered 304"),
        }
    } else {
        std::fs::read(source).map_err(|e| HostError::read(source, e))?
    };
    import_from(source, &bytes, options)
}

/// The programme in `bytes`, read from `source`.
pub fn import_from(
    source: &Path,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported, HostError> {
    import_bytes(bytes, options).map_err(|error| HostError::Import {
        path: source.to_owned(),
        source: error,
    })
}

/// What is at `address`, asked for conditionally when `known` holds the
/// validators of a version already had.
pub fn fetch(
    address: &str,
    limits: Limits,
    known: Option<&Validators>,
) -> Result<Fetched, HostError> {
    marquee_io::get(address, limits, known).map_err(|source| HostError::Fetch {
        address: address.to_owned(),
        source,
    })
}

/// Where a host keeps what it can make or fetch again (thumbnails, the last
/// good programme of an address): `$XDG_CACHE_HOME/marquee`.
pub fn cache_dir() -> PathBuf {
    xdg_dir("XDG_CACHE_HOME", ".cache")
}

/// Marquee's folder for a screen's own settings, such as its token:
/// `$XDG_CONFIG_HOME/marquee`, else `~/.config/marquee`.
pub fn config_dir() -> PathBuf {
    xdg_dir("XDG_CONFIG_HOME", ".config")
}

/// Marquee's folder for what it keeps about itself, its logs:
/// `$XDG_STATE_HOME/marquee`, else `~/.local/state/marquee`.
pub fn state_dir() -> PathBuf {
    xdg_dir("XDG_STATE_HOME", ".local/state")
}

/// `$VARIABLE/marquee`, else `~/FALLBACK/marquee`, else under the temporary folder.
fn xdg_dir(variable: &str, fallback: &str) -> PathBuf {
    std::env::var_os(variable)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(fallback)))
        .unwrap_or_else(std::env::temp_dir)
        .join("marquee")
}

/// Replaces `path` with `contents` atomically (see [`marquee_io::atomic`]).
pub fn write_file(path: &Path, contents: &[u8]) -> Result<(), HostError> {
    marquee_io::write_atomically(path, contents).map_err(|e| HostError::write(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_errors_name_the_file() {
        let err = read_programme(
            Path::new("/no/such/programme.json"),
            &ImportOptions::default(),
            Limits::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/no/such/programme.json: cannot read it")
        );
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "read");
    }

    #[test]
    fn a_failed_write_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder/programme.json");
        let err = write_file(&missing, b"new").unwrap_err();
        assert!(err.to_string().contains("cannot write it"), "{err}");
        assert!(
            err.to_string().contains("fix: check that the folder"),
            "{err}"
        );
    }

    #[test]
    fn the_default_programme_is_looked_for_beside_the_program_and_in_data_folders() {
        let places = default_programme_places();
        let exe = std::env::current_exe().unwrap().canonicalize().unwrap();
        let folder = exe.parent().unwrap();
        assert_eq!(places[0], folder.join("data/programme.json"));
        assert!(
            places.contains(
                &folder
                    .parent()
                    .unwrap()
                    .join("share/marquee/programme.json")
            )
        );
        assert!(
            places.iter().any(|p| p.ends_with("marquee/programme.json")
                && p.starts_with("/usr/share")
                || std::env::var_os("XDG_DATA_DIRS").is_some()),
            "{places:?}"
        );
    }
}
