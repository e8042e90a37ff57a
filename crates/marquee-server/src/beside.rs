//! A hub kept in step with one programme file (`marquee serve --write-back`,
//! and the hub `marquee editor FILE` starts with `--editor`, whose store is
//! in a folder beside the file: `programme.json` keeps `programme.marquee/`):
//! the file taken as the hub's source once, and written again, whole and
//! atomically, after every change, so that screens following the file
//! follow the hub too.

use std::path::{Path, PathBuf};

use marquee_hub::HubError;
use marquee_store::StoredHub;

#[derive(Debug, thiserror::Error)]
pub enum BesideError {
    #[error("{}: cannot read it: {source} (fix: check the path and its permissions)", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: {source} (fix: the editor writes Marquee's format; turn other formats into it first with `marquee import {} -o programme.json`)",
        path.display(),
        path.display()
    )]
    NotMarquee {
        path: PathBuf,
        source: marquee_core::format::FormatError,
    },
    #[error("{}: the hub beside it cannot start: {source}", path.display())]
    Hub { path: PathBuf, source: HubError },
    #[error(
        "{}: --write-back writes a file, not an address (fix: save the programme to a file and serve that)",
        .0.display()
    )]
    NotAFile(PathBuf),
}

/// The folder that keeps the store of `file`: its name without extension,
/// plus `.marquee`, beside it.
pub fn store_folder(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    file.with_file_name(format!("{stem}.marquee"))
}

/// `hub` with the programme of `file` (Marquee's format) taken once, and
/// every revision written back to the file. The file is not followed: the
/// hub would hear its own writes. A file one of the hub's two newest
/// revisions wrote (a kill can come between the store's commit and the
/// file's rename) is the hub's own: it is written again from the store, and
/// only a file changed by someone else is taken as a new revision.
pub fn writing_back(hub: StoredHub, file: &Path) -> Result<StoredHub, BesideError> {
    let text = std::fs::read_to_string(file).map_err(|source| BesideError::Read {
        path: file.to_owned(),
        source,
    })?;
    let programme = marquee_core::format::parse(&text)
        .map_err(|source| BesideError::NotMarquee {
            path: file.to_owned(),
            source,
        })?
        .programme;
    let failed = |source| BesideError::Hub {
        path: file.to_owned(),
        source,
    };
    // The hub's own file: the one it last wrote (even if writes failed
    // since), or one of its two newest revisions (a kill can come between
    // the store's commit and the note of the write).
    let own = hub.wrote(file, text.as_bytes()).map_err(failed)?
        || hub.is_recent(&programme, 2).map_err(failed)?;
    if !own {
        hub.take_from_source(programme, &file.display().to_string(), chrono::Utc::now())
            .map_err(failed)?;
    }
    let hub = hub.writing_to(file.to_owned());
    hub.write_back().map_err(failed)?;
    Ok(hub)
}
