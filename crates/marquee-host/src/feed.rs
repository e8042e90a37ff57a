//! The programme's source, written into the store as it changes: a file is
//! read again as soon as it changes on disk, an address is fetched again
//! every so often (conditionally, so an unchanged export costs a `304`), and
//! a hub at once when its event stream tells of a new revision. The last
//! good programme from an address is kept on disk, so that a screen started
//! while its source is away shows it at once. A programme that cannot be read never replaces the last
//! good one: the store hears the problem, the log says it, and the screen
//! carries on. The feed stops when it is dropped. When to read is
//! [`cadence`](crate::cadence)'s to say; these loops only wait for it.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use marquee_io::atomic::folder_of;
use marquee_io::{Fetched, Validators, is_address};
use notify::{RecursiveMode, Watcher};

use crate::background::Background;
use crate::cadence::{Cadence, Settle};
use crate::error::HostError;
use crate::settings::ScreenSettings;
use crate::source::{fetch, import_from, read_programme};
use crate::store::ProgrammeStore;
use crate::{hub_events, last_good};

/// Editors write a file in several steps; wait this long for the last.
const SETTLE: Duration = Duration::from_millis(60);

enum Signal {
    /// The file may have changed.
    Touched,
    Stop,
}

/// A source followed on a thread of its own, until dropped.
pub struct Feed {
    _thread: Background,
}

struct Reader {
    settings: ScreenSettings,
    store: Arc<ProgrammeStore>,
}

impl Feed {
    /// Reads the programme into `store` now, then follows it.
    pub fn start(settings: &ScreenSettings, store: Arc<ProgrammeStore>) -> std::io::Result<Feed> {
        let (signals, received) = channel();
        let reader = Reader {
            settings: settings.clone(),
            store,
        };
        let thread = if is_address(&settings.programme.to_string_lossy()) {
            let touched = signals.clone();
            std::thread::Builder::new()
                .name("programme-fetch".to_owned())
                .spawn(move || reader.poll(&received, touched))?
        } else {
            let watcher = watch(&settings.programme, signals.clone());
            std::thread::Builder::new()
                .name("programme-watch".to_owned())
                .spawn(move || {
                    let _watcher = watcher;
                    reader.follow_file(&received);
                })?
        };
        let thread = Background::new(thread, move || {
            let _ = signals.send(Signal::Stop);
        });
        Ok(Feed { _thread: thread })
    }
}

/// A watch on the file's folder: saving by renaming a new file over the old
/// one replaces the file, and a watch on the file itself would be lost.
fn watch(path: &Path, signals: Sender<Signal>) -> Option<notify::RecommendedWatcher> {
    let target = path.file_name().map(ToOwned::to_owned);
    let watched = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let touches = event.is_ok_and(|event| {
            event
                .paths
                .iter()
                .any(|p| p.file_name().map(ToOwned::to_owned) == target)
        });
        if touches {
            let _ = signals.send(Signal::Touched);
        }
    })
    .and_then(|mut watcher| {
        watcher.watch(&folder_of(path), RecursiveMode::NonRecursive)?;
        Ok(watcher)
    });
    watched
        .map_err(|error| {
            tracing::error!(
                "{}: changes will not show until a restart: {error}",
                path.display()
            );
        })
        .ok()
}

impl Reader {
    /// Shows what was read, if it could be; true if it could.
    fn take(&self, read: Result<marquee_core::Imported, HostError>) -> bool {
        let source = &self.settings.programme;
        match read {
            Ok(imported) => {
                let sessions = imported.programme.sessions.len();
                if self.store.publish(imported.programme) {
                    for warning in &imported.warnings {
                        tracing::warn!("{}", warning.report(&source.display().to_string()));
                    }
                    tracing::info!("showing {} ({sessions} sessions)", source.display());
                    if is_address(&source.to_string_lossy())
                        && let Some(programme) = self.store.programme()
                    {
                        last_good::keep(&self.settings.cache, source, &programme);
                    }
                }
                true
            }
            Err(error) => {
                if self.store.programme().is_some() {
                    tracing::error!("{error} (the last good programme stays on screen)");
                } else {
                    tracing::error!("{error}");
                }
                self.store.report_problem(error);
                false
            }
        }
    }

    fn read_file(&self) -> bool {
        let source = &self.settings.programme;
        self.take(read_programme(
            source,
            &self.settings.import,
            self.settings.fetch,
        ))
    }

    /// Fetches the programme at `address` unless the version `known` is
    /// still current; true if a good one is on screen afterwards.
    fn fetch(&self, address: &str, known: &mut Option<Validators>) -> bool {
        let source = &self.settings.programme;
        match fetch(address, self.settings.fetch, known.as_ref()) {
            Ok(Fetched::NotModified) => true,
            Ok(Fetched::Fresh { body, validators }) => {
                let read = import_from(source, &body, &self.settings.import);
                let good = self.take(read);
                if good {
                    self.store.set_version(validators.etag.clone());
                }
                *known = good.then_some(validators);
                good
            }
            Err(error) => self.take(Err(error)),
        }
    }

    fn follow_file(&self, signals: &Receiver<Signal>) {
        self.read_file();
        let mut file = Settle::new(SETTLE);
        loop {
            let signal = match file.wait(Instant::now()) {
                Some(wait) => signals.recv_timeout(wait),
                None => signals.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match signal {
                Ok(Signal::Touched) => file.touched(Instant::now()),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if file.settled(Instant::now()) {
                self.read_file();
            }
        }
    }

    /// Follows an address: a hub by its event stream, any address by
    /// fetching it again every so often, conditionally.
    fn poll(&self, signals: &Receiver<Signal>, touched: Sender<Signal>) {
        let source = self.settings.programme.to_string_lossy().into_owned();
        let address = match hub_events::hub_root(&source) {
            Some(root) => {
                hub_events::listen(root, move || touched.send(Signal::Touched).is_ok());
                format!("{root}/api/programme")
            }
            None => source.clone(),
        };
        let mut known = None;
        let mut first = true;
        let mut cadence = Cadence::new(self.settings.refresh);
        loop {
            if !cadence.is_due(Instant::now()) {
                match signals.recv_timeout(cadence.wait(Instant::now())) {
                    Ok(Signal::Touched) => cadence.nudge(),
                    Err(RecvTimeoutError::Timeout) => {}
                    Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                }
                continue;
            }
            cadence.acted(Instant::now());
            let read = self.fetch(&address, &mut known);
            if first && !read && self.store.programme().is_none() {
                // Started while the source is away: the last good programme.
                if let Some(saved) = last_good::read(&self.settings.cache, &self.settings.programme)
                {
                    tracing::info!(
                        "showing the last good programme from {source} until it is back"
                    );
                    self.store.publish(saved);
                }
            }
            first = false;
            // Offline only matters while a good programme is on screen.
            self.store
                .set_offline(!read && self.store.programme().is_some());
        }
    }
}

#[cfg(test)]
mod tests {

    use marquee_tests::http::{Answer, Server};

    use super::*;
    use crate::settings::{ScreenOptions, ScreenRequest};
    use crate::source::write_file;
    use crate::store::Revision;
    use std::path::PathBuf;

    fn settings(programme: PathBuf) -> ScreenSettings {
        ScreenSettings::resolve(&ScreenRequest {
            options: ScreenOptions {
                programme: Some(programme),
                refresh_seconds: Some(1),
                ..ScreenOptions::default()
            },
            ..ScreenRequest::default()
        })
        .unwrap()
    }

    fn default_text() -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json");
        std::fs::read_to_string(path).unwrap()
    }

    /// Waits up to five seconds for the store to satisfy `test`.
    fn wait_for(store: &ProgrammeStore, what: &str, test: impl Fn(&Revision) -> bool) -> Revision {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let revision = store.current();
            if test(&revision) {
                return revision;
            }
            assert!(Instant::now() < deadline, "never {what}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn title(revision: &Revision) -> &str {
        revision
            .programme
            .as_ref()
            .map_or("", |p| p.conference.title.as_str())
    }

    #[test]
    fn a_changed_file_is_read_again_and_a_broken_one_is_not_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("programme.json");
        std::fs::write(&path, default_text()).unwrap();
        let store = ProgrammeStore::new();
        let _feed = Feed::start(&settings(path.clone()), store.clone()).unwrap();
        wait_for(&store, "read", |r| title(r) == "ContainerDays Boston 2016");

        // Saved the way editors save: a new file renamed over the old one.
        let renamed = default_text().replace("ContainerDays Boston 2016", "Renamed Days");
        write_file(&path, renamed.as_bytes()).unwrap();
        wait_for(&store, "renamed", |r| title(r) == "Renamed Days");

        std::fs::write(&path, "{ \"format\": 1, ").unwrap();
        let broken = wait_for(&store, "told of the broken save", |r| {
            r.source.problem.is_some()
        });
        assert_eq!(
            title(&broken),
            "Renamed Days",
            "the last good programme stays"
        );

        std::fs::write(&path, default_text()).unwrap();
        let mended = wait_for(&store, "mended", |r| {
            title(r) == "ContainerDays Boston 2016"
        });
        assert!(mended.source.problem.is_none());
    }

    #[test]
    fn an_address_that_goes_away_keeps_the_last_programme_and_says_so() {
        let server = Server::start(Answer::Respond(200, default_text().into_bytes()));
        let store = ProgrammeStore::new();
        let _feed = Feed::start(
            &settings(PathBuf::from(server.url("/programme.json"))),
            store.clone(),
        )
        .unwrap();
        wait_for(&store, "fetched", |r| r.programme.is_some());
        server.answer(Answer::Respond(500, b"down".to_vec()));
        let offline = wait_for(&store, "offline", |r| r.source.offline);
        assert_eq!(title(&offline), "ContainerDays Boston 2016");
        server.answer(Answer::Respond(200, default_text().into_bytes()));
        wait_for(&store, "back online", |r| !r.source.offline);
    }

    #[test]
    fn a_feed_stops_when_dropped() {
        let server = Server::start(Answer::Respond(200, default_text().into_bytes()));
        let store = ProgrammeStore::new();
        let mut patient = settings(PathBuf::from(server.url("/programme.json")));
        patient.refresh = Duration::from_secs(600);
        let feed = Feed::start(&patient, store.clone()).unwrap();
        wait_for(&store, "fetched", |r| r.programme.is_some());
        // Its poll waits ten minutes between fetches; dropping wakes it.
        let dropped = Instant::now();
        drop(feed);
        assert!(dropped.elapsed() < Duration::from_secs(60));
    }
}
