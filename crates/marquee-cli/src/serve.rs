//! `marquee serve`: the venue hub. It opens the hub's store in its data
//! folder (carrying on where it was), takes SOURCE as a new revision when it
//! differs and follows it, then serves the hub over HTTP until stopped.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::Utc;
use marquee_host::HostError;
use marquee_host::ProgrammeStore;
use marquee_host::clock::ScreenClock;
use marquee_host::feed::Feed;
use marquee_host::settings::{ScreenRequest, ScreenSettings};
use marquee_hub::Hub;
use marquee_server::Hosting;

use crate::args::ServeArgs;

/// Where a hub keeps its store when `--data` names no folder.
fn default_data() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("marquee/hub")
}

fn failed(what: &str, error: impl std::fmt::Display) -> HostError {
    HostError::Usage(format!("{what}: {error}"))
}

pub fn serve(args: &ServeArgs) -> Result<ExitCode, HostError> {
    let data = args.data.clone().unwrap_or_else(default_data);
    let mut hub = Hub::open(&data).map_err(|e| failed("the hub cannot start", e))?;
    if args.write_back {
        hub = written_back(hub, args)?;
    }
    let hub = Arc::new(hub);
    // The source, followed: each good programme it gives is a new revision.
    // A file written back is not followed: it would hear its own writes.
    let followed = match args.source.as_ref().filter(|_| !args.write_back) {
        Some(source) => {
            let settings = ScreenSettings::resolve(&ScreenRequest {
                programme: Some(source.clone()),
                refresh_seconds: args.refresh_seconds,
                import: args.read.options(),
                fetch: args.read.fetch.limits(),
                ..ScreenRequest::default()
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
            let feed = Feed::start(&settings, upstream.clone())
                .map_err(|e| failed("cannot follow the source", e))?;
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
                    return Err(problem);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        } else {
            return Err(HostError::Usage(format!(
                "the hub in {} has no programme yet (fix: name one, e.g. `marquee serve data/programme.json`)",
                data.display()
            )));
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
    };
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| failed("cannot start the server", e))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .map_err(|e| failed(&format!("cannot listen on {}", args.bind), e))?;
        let bound = listener
            .local_addr()
            .map_err(|e| failed("cannot listen", e))?;
        announce(&hub, bound);
        let state = marquee_server::state(hub.clone(), hosting);
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        marquee_server::serve(listener, state, stop)
            .await
            .map_err(|e| failed("the server stopped", e))
    })?;
    drop(followed);
    Ok(ExitCode::SUCCESS)
}

/// `hub` writing every revision back to SOURCE, a local file.
fn written_back(hub: Hub, args: &ServeArgs) -> Result<Hub, HostError> {
    let file = args.source.clone().unwrap_or_default();
    if marquee_io::is_address(&file.to_string_lossy()) {
        return Err(HostError::Usage(format!(
            "{}: --write-back writes a file, not an address (fix: save the programme to a file and serve that)",
            file.display()
        )));
    }
    marquee_server::beside::writing_back(hub, &file).map_err(|e| HostError::Usage(e.to_string()))
}

/// Where everything is, for the one who started the hub.
fn announce(hub: &Hub, bound: std::net::SocketAddr) {
    let base = format!("http://{bound}");
    let revision = hub.current().map_or(0, |c| c.info.number);
    println!("Marquee hub on {base} (revision {revision})");
    println!("  hallway screen in a browser  {base}/display   (?room=ROOM, ?theme=light)");
    println!("  a kiosk follows it with      marquee kiosk --programme {base}");
    println!("  programme                    {base}/api/programme");
    println!("  events                       {base}/api/events");
    println!(
        "  feeds                        {base}/schedule.json  {base}/schedule.xml  {base}/schedule.ics"
    );
    println!("  health                       {base}/health");
    match &hub.token().path {
        Some(path) => println!("  organiser's token            in {}", path.display()),
        None => println!("  organiser's token            from MARQUEE_TOKEN"),
    }
    // The token rides in the fragment, which browsers never send.
    println!(
        "  organiser's editor           {base}/editor#token={}",
        hub.token().secret()
    );
    match hub.chair_tokens(Some(hub.token().secret())) {
        Ok(chairs) => {
            println!("  chairs (one link per room; the editor shows them as QR codes)");
            for (room, secret) in chairs {
                let link = marquee_server::chair::chair_link(&base, room.as_str(), &secret);
                println!("    {:<26} {link}", room.as_str());
            }
        }
        Err(error) => println!("  chairs' links                not yet: {error}"),
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
}
