//! A hub for one programme file, for the desktop's editor: its store in a
//! folder beside the file (`programme.json` keeps `programme.marquee/`), the
//! file taken as the hub's source, and the file written again, whole and
//! atomically, after every change, so that screens following the file follow
//! the editor too. It serves on a loopback port of its own until dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use marquee_host::clock::ScreenClock;
use marquee_hub::{Hub, HubError};

use crate::Hosting;

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
    #[error("cannot serve the editor on loopback: {0}")]
    Serve(std::io::Error),
}

/// The hub of one file, serving until dropped.
pub struct FileHub {
    address: String,
    token: String,
    stop: tokio::sync::watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
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
pub fn writing_back(hub: Hub, file: &Path) -> Result<Hub, BesideError> {
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

impl FileHub {
    pub fn start(file: &Path) -> Result<FileHub, BesideError> {
        let hub = Hub::open(&store_folder(file)).map_err(|source| BesideError::Hub {
            path: file.to_owned(),
            source,
        })?;
        let hub = Arc::new(writing_back(hub, file)?);
        let token = hub.token().secret().to_owned();
        let hosting = Hosting {
            clock: ScreenClock::Real,
            source: None,
            data_folder: file.parent().map(ToOwned::to_owned).unwrap_or_default(),
            photo_cache: marquee_host::source::cache_dir().join("photos"),
            // The editor's own machine: the organiser's files and LAN.
            reach: marquee_io::Reach::Local,
            secure: false,
        };
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(BesideError::Serve)?;
        listener.set_nonblocking(true).map_err(BesideError::Serve)?;
        let address = format!(
            "http://{}",
            listener.local_addr().map_err(BesideError::Serve)?
        );
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(BesideError::Serve)?;
        let thread = std::thread::Builder::new()
            .name("file-hub".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let state = crate::state(hub, hosting);
                    let mut asked = stopped.clone();
                    let shutdown = async move {
                        let _ = asked.wait_for(|stop| *stop).await;
                    };
                    // Event streams stay open: give them a second, then go.
                    let mut asked = stopped;
                    let deadline = async move {
                        let _ = asked.wait_for(|stop| *stop).await;
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    };
                    tokio::select! {
                        served = crate::serve(listener, state, crate::Listening { loopback_hosts_only: true, ..crate::Listening::default() }, shutdown) => {
                            if let Err(error) = served {
                                tracing::error!("the editor's hub stopped: {error}");
                            }
                        }
                        () = deadline => {}
                    }
                });
            })
            .map_err(BesideError::Serve)?;
        Ok(FileHub {
            address,
            token,
            stop,
            thread: Some(thread),
        })
    }

    /// The hub's address, `http://127.0.0.1:PORT`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The editor with the organiser's token in the fragment, which no
    /// request carries.
    pub fn editor_link(&self) -> String {
        format!("{}/editor#token={}", self.address, self.token)
    }
}

impl Drop for FileHub {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
