//! `marquee serve`: the venue hub. It opens the hub's store in its data
//! folder (carrying on where it was), takes SOURCE as a new revision when it
//! differs and follows it, then serves the hub over HTTP until stopped.
//! With `--editor` it is the hub of `marquee editor FILE`: the store beside
//! the file, only loopback hosts answered, and the editor's link printed for
//! the window that started it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::Utc;
use marquee_host::HostError;
use marquee_host::ProgrammeStore;
use marquee_host::clock::ScreenClock;
use marquee_host::feed::Feed;
use marquee_host::settings::{ScreenOptions, ScreenRequest, ScreenSettings};
use marquee_store::StoredHub;

use crate::Hosting;
use crate::beside::BesideError;

use marquee_args::ServeArgs;

/// Where a hub keeps its store when `--data` names no folder.
pub fn default_data() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("marquee/hub")
}

/// Why the hub did not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the hub cannot start: {0}")]
    Hub(#[from] marquee_hub::HubError),
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    #[error(transparent)]
    Beside(#[from] BesideError),
    #[error(transparent)]
    Source(#[from] HostError),
    #[error("cannot follow the source: {0}")]
    Follow(std::io::Error),
    #[error(
        "the hub in {} has no programme yet (fix: name one, e.g. `marquee serve data/programme.json`)",
        .0.display()
    )]
    NoProgramme(PathBuf),
    #[error("cannot listen on {address}: {source} (fix: pick a free port with --bind)")]
    Listen {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Stopped(std::io::Error),
}

pub fn serve(args: &ServeArgs) -> Result<ExitCode, ServeError> {
    let data = match (&args.data, &args.source) {
        (Some(data), _) => data.clone(),
        (None, Some(file)) if args.editor => crate::beside::store_folder(file),
        (None, _) => default_data(),
    };
    let mut hub = StoredHub::open(&data)?;
    if let Some(hours) = args.forget_screens_after {
        hub = hub.forgetting_screens_after(chrono::TimeDelta::hours(hours.into()));
    }
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(certificate), Some(key)) => Some(crate::tls::Certificates::load(certificate, key)?),
        _ => None,
    };
    let source_address = args
        .source
        .as_ref()
        .map(|source| source.to_string_lossy().into_owned())
        .filter(|source| marquee_io::http::is_address(source));
    // The editor's hub runs on the organiser's own machine: their files and LAN.
    let reach = marquee_io::Reach::of_hub(
        args.allow_private_sources || args.editor,
        source_address.as_deref(),
    );
    if args.write_back {
        hub = written_back(hub, args)?;
    }
    let hub = Arc::new(hub);
    // The source, followed: each good programme it gives is a new revision.
    // A file written back is not followed: it would hear its own writes.
    let followed = match args.source.as_ref().filter(|_| !args.write_back) {
        Some(source) => {
            let settings = ScreenSettings::resolve(&ScreenRequest {
                options: ScreenOptions {
                    programme: Some(source.clone()),
                    refresh_seconds: args.refresh_seconds,
                    ..ScreenOptions::default()
                },
                import: args.read.options(),
                fetch: marquee_io::Limits {
                    reach,
                    ..args.read.fetch.limits()
                },
            })?;
            let upstream = ProgrammeStore::new();
            let taker = hub.clone();
            let name = source.display().to_string();
            upstream.subscribe(move |revision| {
                if let Some(programme) = &revision.programme
                    && let Err(error) =
                        taker.take_from_source((**programme).clone(), &name, Utc::now())
                {
                    tracing::error!("{name}: {error}");
                }
                true
            });
            let feed = Feed::start(&settings, upstream.clone()).map_err(ServeError::Follow)?;
            Some((feed, upstream))
        }
        None => None,
    };
    if hub.current().is_none() {
        if let Some((_, upstream)) = &followed {
            // The first read is on its way; wait for it or its problem.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while hub.current().is_none() && std::time::Instant::now() < deadline {
                if let Some(problem) = upstream.current().source.problem {
                    return Err(problem.into());
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        } else {
            return Err(ServeError::NoProgramme(data));
        }
    }
    let clock = match (&args.clock, hub.current()) {
        (Some(start), Some(current)) => ScreenClock::simulated(
            start.resolve(&current.programme),
            args.clock_rate.unwrap_or(1.0),
        ),
        (None, _) if args.clock_rate.is_some() => {
            ScreenClock::simulated(Utc::now(), args.clock_rate.unwrap_or(1.0))
        }
        _ => ScreenClock::Real,
    };
    let hosting = Hosting {
        clock,
        // Pictures are read beside the programme file, and kept in the hub's
        // own folder when it has none.
        data_folder: args
            .source
            .as_ref()
            .filter(|source| !marquee_io::http::is_address(&source.to_string_lossy()))
            .and_then(|source| source.parent().map(ToOwned::to_owned))
            .map(|folder| match folder.as_os_str().is_empty() {
                true => PathBuf::from("."),
                false => folder,
            })
            .unwrap_or_else(|| data.clone()),
        photo_cache: marquee_host::source::cache_dir().join("photos"),
        source: followed
            .as_ref()
            .zip(args.source.as_ref())
            .map(|((_, upstream), source)| (source.display().to_string(), upstream.clone())),
        reach,
        secure: tls.is_some(),
    };
    let runtime = tokio::runtime::Runtime::new().map_err(ServeError::Stopped)?;
    runtime.block_on(async {
        let listen_failed = |source| ServeError::Listen {
            address: args.bind,
            source,
        };
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .map_err(listen_failed)?;
        let bound = listener.local_addr().map_err(listen_failed)?;
        if args.editor {
            announce_editor(&hub, bound);
        } else {
            announce(&hub, bound, tls.is_some(), &data);
        }
        let state = crate::state(hub.clone(), hosting);
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let listening = crate::Listening {
            tls,
            // A page elsewhere cannot reach the editor's hub by a name that
            // resolves to loopback.
            loopback_hosts_only: args.editor,
            ..crate::Listening::default()
        };
        crate::serve(listener, state, listening, stop)
            .await
            .map_err(ServeError::Stopped)
    })?;
    drop(followed);
    Ok(ExitCode::SUCCESS)
}

/// `hub` writing every revision back to SOURCE, a local file.
fn written_back(hub: StoredHub, args: &ServeArgs) -> Result<StoredHub, BesideError> {
    let file = args.source.clone().unwrap_or_default();
    if marquee_io::is_address(&file.to_string_lossy()) {
        return Err(BesideError::NotAFile(file));
    }
    crate::beside::writing_back(hub, &file)
}

/// The editor's link, with the organiser's token in the fragment (which no
/// request carries), on the one line the window that started the hub reads.
fn announce_editor(hub: &StoredHub, bound: std::net::SocketAddr) {
    use std::io::Write;
    println!("{}", editor_link(bound, &hub.token().secret()));
    let _ = std::io::stdout().flush();
}

/// The page of the editor on the hub at `bound`, for `token`'s holder.
fn editor_link(bound: std::net::SocketAddr, token: &str) -> String {
    format!("http://{bound}/editor#token={token}")
}

/// Where everything is, for the one who started the hub. No token is
/// printed: what a service prints ends up in the journal.
fn announce(hub: &StoredHub, bound: std::net::SocketAddr, tls: bool, data: &std::path::Path) {
    let scheme = if tls { "https" } else { "http" };
    let base = format!("{scheme}://{bound}");
    let revision = hub.current().map_or(0, |c| c.info.number.0);
    println!("Marquee hub on {base} (revision {revision})");
    println!("  hallway screen in a browser  {base}/display   (?room=ROOM, ?theme=light)");
    println!("  a kiosk follows it with      marquee kiosk --programme {base} --enrol CODE");
    println!("                               (the code from the editor's Screens panel)");
    println!("  programme                    {base}/api/programme");
    println!("  events                       {base}/api/events");
    println!(
        "  feeds                        {base}/schedule.json  {base}/schedule.xml  {base}/schedule.ics"
    );
    println!("  health                       {base}/health");
    println!("  organiser's editor           {base}/editor");
    match &hub.token().path {
        Some(path) => println!("  organiser's token            in {}", path.display()),
        None => println!("  organiser's token            from MARQUEE_TOKEN"),
    }
    println!(
        "  chairs' links                in the editor, or `marquee token show --room ROOM --data {}`",
        data.display()
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
}
