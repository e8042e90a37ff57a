//! The last good programme read from an address, kept on disk (in the
//! cache folder, one file per address), so that a screen started while its
//! source is away shows it at once instead of nothing.

use std::path::{Path, PathBuf};

use marquee_core::Programme;
use marquee_core::format::{parse, to_json};

/// The file for `source` in `cache`: the address with everything but
/// letters and digits made `_`.
fn file(cache: &Path, source: &Path) -> PathBuf {
    let name: String = source
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(180)
        .collect();
    cache.join("programmes").join(format!("{name}.json"))
}

/// Keeps `programme` as the last good one of `source`; a failure is logged.
pub fn keep(cache: &Path, source: &Path, programme: &Programme) {
    let path = file(cache, source);
    let saved = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| marquee_io::write_atomically(&path, to_json(programme).as_bytes()));
    if let Err(error) = saved {
        tracing::warn!(
            "{}: the last good programme cannot be kept: {error}",
            path.display()
        );
    }
}

/// The last good programme kept for `source`, if there is one.
pub fn read(cache: &Path, source: &Path) -> Option<Programme> {
    let text = std::fs::read_to_string(file(cache, source)).ok()?;
    parse(&text).ok().map(|read| read.programme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::default_programme;

    #[test]
    fn a_programme_kept_for_an_address_is_read_back_for_it_alone() {
        let cache = tempfile::tempdir().unwrap();
        let hub = Path::new("http://hub.local:8080");
        keep(cache.path(), hub, &default_programme());
        assert_eq!(read(cache.path(), hub), Some(default_programme()));
        assert_eq!(read(cache.path(), Path::new("http://elsewhere:8080")), None);
    }
}
