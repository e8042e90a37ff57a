//! Where a screen's programme comes from, kept fresh: a file is read again
//! as soon as it changes on disk, an address is fetched again every so
//! often. A programme that cannot be read never replaces the last good one:
//! the error is logged and the screen carries on.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use chrono::Utc;
use marquee_core::Programme;
use notify::{RecursiveMode, Watcher};

use crate::error::AppError;
use crate::fetch::is_address;
use crate::media::Current;
use crate::scheduler::Update;
use crate::settings::ScreenSettings;
use crate::source::read_programme;

/// Editors write a file in several steps; wait this long for the last.
const SETTLE: Duration = Duration::from_millis(60);

/// Reads the programme now, then follows it on a thread of its own.
/// Each good programme is also left in `current`, for the pictures.
pub fn start(settings: &ScreenSettings, updates: Sender<Update>, current: Current) {
    let mut feed = Feed {
        settings: settings.clone(),
        updates,
        current,
        last: None,
    };
    let address = is_address(&settings.programme.to_string_lossy());
    let name = if address {
        "programme-fetch"
    } else {
        "programme-watch"
    };
    let spawned = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            if address {
                feed.poll_address();
            } else {
                feed.watch_file();
            }
        });
    if let Err(error) = spawned {
        tracing::error!("cannot follow the programme: {error}");
    }
}

struct Feed {
    settings: ScreenSettings,
    updates: Sender<Update>,
    current: Current,
    last: Option<Arc<Programme>>,
}

impl Feed {
    /// Reads the programme; true if a good one is on screen afterwards.
    fn read(&mut self) -> Result<(), AppError> {
        let source = &self.settings.programme;
        match read_programme(source, &self.settings.import, self.settings.fetch) {
            Ok(imported) => {
                if self.last.as_deref() == Some(&imported.programme) {
                    return Ok(());
                }
                for warning in &imported.warnings {
                    tracing::warn!("{}", warning.report(&source.display().to_string()));
                }
                tracing::info!(
                    "showing {} ({} sessions)",
                    source.display(),
                    imported.programme.sessions.len()
                );
                let programme = Arc::new(imported.programme);
                self.last = Some(programme.clone());
                if let Ok(mut current) = self.current.lock() {
                    *current = Some(programme.clone());
                }
                let _ = self.updates.send(Update::Programme(programme));
                Ok(())
            }
            Err(error) => {
                if self.last.is_some() {
                    tracing::error!("{error} (the last good programme stays on screen)");
                } else {
                    tracing::error!("{error}");
                    let _ = self.updates.send(Update::Unreadable(error.clone()));
                }
                Err(error)
            }
        }
    }

    fn watch_file(&mut self) {
        let path = self.settings.programme.clone();
        let (events, changes) = channel();
        let target = path.file_name().map(ToOwned::to_owned);
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let touches = event.is_ok_and(|event| {
                event
                    .paths
                    .iter()
                    .any(|p| p.file_name().map(ToOwned::to_owned) == target)
            });
            if touches {
                let _ = events.send(());
            }
        });
        // Watch the folder: saving by renaming a new file over the old one
        // replaces the file, and a watch on the file itself would be lost.
        let watched = watcher.and_then(|mut watcher| {
            watcher.watch(&folder_of(&path), RecursiveMode::NonRecursive)?;
            Ok(watcher)
        });
        let _ = self.read();
        let _watcher = match watched {
            Ok(watcher) => watcher,
            Err(error) => {
                tracing::error!(
                    "{}: changes will not show until a restart: {error}",
                    path.display()
                );
                return;
            }
        };
        while changes.recv().is_ok() {
            while changes.recv_timeout(SETTLE).is_ok() {}
            let _ = self.read();
        }
    }

    fn poll_address(&mut self) {
        let mut offline = false;
        loop {
            match self.read() {
                Ok(()) if offline => {
                    offline = false;
                    let _ = self.updates.send(Update::Offline(None));
                }
                Err(_) if !offline && self.last.is_some() => {
                    offline = true;
                    let _ = self.updates.send(Update::Offline(Some(Utc::now())));
                }
                _ => {}
            }
            std::thread::sleep(self.settings.refresh);
        }
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::Receiver;

    use marquee_tests::http::{Answer, Server};

    use super::*;
    use crate::source::write_atomically;

    fn settings(programme: PathBuf) -> ScreenSettings {
        let args = crate::cli::KioskArgs {
            programme: Some(programme),
            refresh_seconds: Some(1),
            ..Default::default()
        };
        ScreenSettings::from_args(&args).unwrap()
    }

    fn default_text() -> String {
        std::fs::read_to_string(crate::source::default_programme_path()).unwrap()
    }

    fn next_title(updates: &Receiver<Update>) -> String {
        match updates
            .recv_timeout(Duration::from_secs(5))
            .expect("an update")
        {
            Update::Programme(p) => p.conference.title.clone(),
            other => panic!("expected a programme, got {other:?}"),
        }
    }

    #[test]
    fn a_changed_file_is_read_again_and_a_broken_one_is_not_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("programme.json");
        std::fs::write(&path, default_text()).unwrap();
        let (sender, updates) = channel();
        start(&settings(path.clone()), sender, Current::default());
        assert_eq!(next_title(&updates), "ContainerDays Boston 2016");

        // Saved the way editors save: a new file renamed over the old one.
        let renamed = default_text().replace("ContainerDays Boston 2016", "Renamed Days");
        write_atomically(&path, renamed.as_bytes()).unwrap();
        assert_eq!(next_title(&updates), "Renamed Days");

        std::fs::write(&path, "{ \"format\": 1, ").unwrap();
        assert!(updates.recv_timeout(Duration::from_millis(500)).is_err());

        std::fs::write(&path, default_text()).unwrap();
        assert_eq!(next_title(&updates), "ContainerDays Boston 2016");
    }

    #[test]
    fn an_address_that_goes_away_keeps_the_last_programme_and_says_since_when() {
        let server = Server::start(Answer::Respond(200, default_text().into_bytes()));
        let (sender, updates) = channel();
        start(
            &settings(PathBuf::from(server.url("/programme.json"))),
            sender,
            Current::default(),
        );
        assert_eq!(next_title(&updates), "ContainerDays Boston 2016");
        server.answer(Answer::Respond(500, b"down".to_vec()));
        match updates.recv_timeout(Duration::from_secs(5)).unwrap() {
            Update::Offline(Some(_)) => {}
            other => panic!("expected offline, got {other:?}"),
        }
        server.answer(Answer::Respond(200, default_text().into_bytes()));
        match updates.recv_timeout(Duration::from_secs(5)).unwrap() {
            Update::Offline(None) => {}
            other => panic!("expected back online, got {other:?}"),
        }
    }
}
