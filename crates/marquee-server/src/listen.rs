//! The hub's connections, from accepting a socket to closing it: a venue's
//! network is shared with every attendee's laptop, so no client may hold
//! the hub. A connection that has not sent a whole request's headers within
//! [`ConnectionLimits::header_read`] is closed without an answer, one
//! silent for [`ConnectionLimits::idle`] is closed, and connections are
//! capped below the process's open-file limit ([`Capacity`]). Beyond the
//! cap a few more connections are taken at a time and answered `503` with
//! `Retry-After`, except `/health`, which is answered to everyone; beyond
//! those, a socket is closed at once, so the hub never runs out of files.
//!
//! This is hyper's HTTP/1.1 connection driven by hand rather than
//! `axum::serve`, which has neither a header timeout, an idle timeout, a
//! cap nor TLS. TLS (rustls) is taken here too, with [`crate::tls`].

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::refusal::Refusal;
use crate::state::ServerState;

/// How long the hub waits on a client.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// From the connection's start (or a request's first byte) to the end
    /// of its headers; a TLS handshake gets as long.
    pub header_read: Duration,
    /// Nothing read or written for this long closes the connection; an
    /// event stream speaks every 15 s, so only dead ones are closed.
    pub idle: Duration,
    /// The same header time for a connection taken beyond the cap.
    pub overflow_header_read: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            overflow_header_read: Duration::from_secs(2),
        }
    }
}

/// Files the hub keeps for itself, beside its connections: SQLite and its
/// journal, photos, logs, outbound fetches.
const FILES_KEPT: u64 = 128;
/// Connections kept for requests that are not event streams.
const CONNECTIONS_BESIDE_STREAMS: u64 = 64;
/// Connections beyond the cap answered with `503` at a time.
const OVERFLOW: usize = 32;
/// What a client turned away is told to wait, in seconds.
pub const RETRY_AFTER_SECONDS: u64 = 5;

/// How many connections and event streams the hub holds at once, derived
/// from its open-file limit.
#[derive(Debug)]
pub struct Capacity {
    pub most_connections: usize,
    pub most_streams: usize,
    connections: Arc<Semaphore>,
    streams: Arc<Semaphore>,
    overflow: Arc<Semaphore>,
}

impl Capacity {
    /// The capacity of a process allowed `open_files` files.
    pub fn for_open_files(open_files: u64) -> Capacity {
        // An unlimited limit is a large one: semaphores count below 2^61.
        let open_files = open_files.min(1 << 20);
        let connections = open_files.saturating_sub(FILES_KEPT).max(16);
        let streams = connections
            .saturating_sub(CONNECTIONS_BESIDE_STREAMS)
            .max(8);
        Capacity::new(connections as usize, streams as usize)
    }

    /// Raises this process's soft open-file limit to its hard limit, and
    /// gives the capacity that allows.
    pub fn for_this_process() -> Capacity {
        let open_files = match rlimit::increase_nofile_limit(u64::MAX) {
            Ok(limit) => limit,
            Err(error) => {
                tracing::warn!("cannot read or raise the open-file limit: {error}");
                1024
            }
        };
        Capacity::for_open_files(open_files)
    }

    fn new(most_connections: usize, most_streams: usize) -> Capacity {
        Capacity {
            most_connections,
            most_streams,
            connections: Arc::new(Semaphore::new(most_connections)),
            streams: Arc::new(Semaphore::new(most_streams)),
            overflow: Arc::new(Semaphore::new(OVERFLOW)),
        }
    }

    /// A place for one more event stream, held as long as it is open.
    pub fn stream(&self) -> Option<OwnedSemaphorePermit> {
        self.streams.clone().try_acquire_owned().ok()
    }

    pub fn open_streams(&self) -> usize {
        self.most_streams - self.streams.available_permits()
    }

    pub fn open_connections(&self) -> usize {
        self.most_connections - self.connections.available_permits()
    }
}

/// Connections one address may hold at once, and connections beyond the
/// hub's cap it may hold while they are answered `503`: one laptop cannot
/// take every place, nor every place for `/health`. Loopback (the machine
/// itself, or a proxy in front of the hub) is not counted.
const PER_ADDRESS: usize = 256;
const OVERFLOW_PER_ADDRESS: usize = 4;

/// Which of an address's places a connection takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Connection,
    Overflow,
}

/// How many places each address holds.
#[derive(Default)]
struct Addresses(std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, [usize; 2]>>);

/// A place an address holds, given back when dropped.
struct Place {
    addresses: Option<Arc<Addresses>>,
    ip: std::net::IpAddr,
    slot: Slot,
}

impl Addresses {
    fn place(self: &Arc<Self>, ip: std::net::IpAddr, slot: Slot) -> Option<Place> {
        let ip = ip.to_canonical();
        if ip.is_loopback() {
            return Some(Place {
                addresses: None,
                ip,
                slot,
            });
        }
        let most = match slot {
            Slot::Connection => PER_ADDRESS,
            Slot::Overflow => OVERFLOW_PER_ADDRESS,
        };
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let count = &mut held.entry(ip).or_default()[slot as usize];
        if *count >= most {
            return None;
        }
        *count += 1;
        Some(Place {
            addresses: Some(self.clone()),
            ip,
            slot,
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let Some(addresses) = &self.addresses else {
            return;
        };
        let mut held = addresses.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(counts) = held.get_mut(&self.ip) {
            counts[self.slot as usize] = counts[self.slot as usize].saturating_sub(1);
            if *counts == [0, 0] {
                held.remove(&self.ip);
            }
        }
    }
}

/// How the hub listens, beside its routes.
#[derive(Clone, Default)]
pub struct Listening {
    pub limits: ConnectionLimits,
    /// HTTPS with these certificates.
    pub tls: Option<Arc<crate::tls::Certificates>>,
    /// Answer only requests whose `Host` is a loopback name: a hub that
    /// only this machine should reach, where a web page's DNS rebinding
    /// could otherwise reach it.
    pub loopback_hosts_only: bool,
}

/// Serves the hub on `listener` until `shutdown` completes, then gives
/// open connections two seconds to finish.
pub async fn serve(
    listener: TcpListener,
    state: Arc<ServerState>,
    listening: Listening,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut app = crate::router(state.clone());
    if listening.loopback_hosts_only {
        app = app.layer(axum::middleware::from_fn(loopback_host));
    }
    let busy = crate::busy_router(state.clone());
    let addresses = Arc::new(Addresses::default());
    let sweeping = tokio::spawn(crate::photos::sweep_every_hour(state.clone()));
    let (stop, stopping) = watch::channel(false);
    // One clone per open connection.
    let live = Arc::new(());
    tokio::pin!(shutdown);
    loop {
        let (socket, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files or the like: wait rather than spin.
                    tracing::warn!("cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let place = addresses.place(peer.ip(), Slot::Connection);
        let taken = place
            .and_then(|place| {
                let permit = state
                    .capacity
                    .connections
                    .clone()
                    .try_acquire_owned()
                    .ok()?;
                Some((
                    app.clone(),
                    listening.limits.header_read,
                    true,
                    permit,
                    place,
                ))
            })
            .or_else(|| {
                let place = addresses.place(peer.ip(), Slot::Overflow)?;
                let permit = state.capacity.overflow.clone().try_acquire_owned().ok()?;
                Some((
                    busy.clone(),
                    listening.limits.overflow_header_read,
                    false,
                    permit,
                    place,
                ))
            });
        let Some((service, header_read, keep_alive, permit, place)) = taken else {
            drop(socket);
            continue;
        };
        let _ = socket.set_nodelay(true);
        let connection = Connection {
            service,
            peer,
            header_read,
            idle: listening.limits.idle,
            keep_alive,
            stopping: stopping.clone(),
        };
        let tls = listening.tls.clone();
        let live = live.clone();
        tokio::spawn(async move {
            match tls {
                None => connection.run(socket).await,
                Some(tls) => {
                    match tokio::time::timeout(header_read, tls.acceptor().accept(socket)).await {
                        Ok(Ok(stream)) => connection.run(stream).await,
                        Ok(Err(error)) => tracing::debug!("{peer}: TLS handshake: {error}"),
                        Err(_) => tracing::debug!("{peer}: no TLS handshake in time"),
                    }
                }
            }
            drop(permit);
            drop(place);
            drop(live);
        });
    }
    drop(listener);
    sweeping.abort();
    let _ = stop.send(true);
    // Event streams never end by themselves: give the rest a moment.
    let deadline = Instant::now() + Duration::from_secs(2);
    while Arc::strong_count(&live) > 1 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// One accepted connection, before its bytes are read.
struct Connection {
    service: Router,
    peer: SocketAddr,
    header_read: Duration,
    idle: Duration,
    keep_alive: bool,
    stopping: watch::Receiver<bool>,
}

impl Connection {
    async fn run<I>(mut self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let started = Instant::now();
        let last_active = Arc::new(AtomicU64::new(0));
        let io = Watched {
            inner: io,
            started,
            last_active: last_active.clone(),
        };
        let peer = self.peer;
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            // A request's head is a few KB; hyper's default lets one hold 400 KB.
            .max_buf_size(64 * 1024)
            .header_read_timeout(self.header_read)
            .keep_alive(self.keep_alive);
        let connection = builder.serve_connection(
            TokioIo::new(io),
            TowerToHyperService::new(self.service.clone()),
        );
        tokio::pin!(connection);
        let mut idle_check = tokio::time::interval(self.idle / 4);
        let mut stop_heard = false;
        loop {
            tokio::select! {
                served = connection.as_mut() => {
                    if let Err(error) = served {
                        tracing::debug!("{peer}: {error}");
                    }
                    return;
                }
                changed = self.stopping.changed(), if !stop_heard => {
                    if changed.is_err() || *self.stopping.borrow() {
                        connection.as_mut().graceful_shutdown();
                        stop_heard = true;
                    }
                }
                _ = idle_check.tick() => {
                    let active = Duration::from_millis(last_active.load(Ordering::Relaxed));
                    if started.elapsed().saturating_sub(active) > self.idle {
                        tracing::debug!("{peer}: idle, closed");
                        return;
                    }
                }
            }
        }
    }
}

/// A connection's bytes, noting when any last moved.
struct Watched<I> {
    inner: I,
    started: Instant,
    last_active: Arc<AtomicU64>,
}

impl<I> Watched<I> {
    fn touch(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.last_active.store(now, Ordering::Relaxed);
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// True for `127.0.0.1`, `localhost` and `[::1]`, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

async fn loopback_host(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if is_loopback_host(host) {
        next.run(request).await
    } else {
        Refusal::new(
            axum::http::StatusCode::FORBIDDEN,
            format!("this hub answers only at a loopback address, not \"{host}\""),
            "open it at http://127.0.0.1 with its port",
        )
        .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_told_from_others() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:3000",
            "[::1]",
            "[::1]:80",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "attacker.example",
            "attacker.example:8080",
            "127.0.0.1.attacker.example",
            "localhost.attacker.example:80",
            "[::2]:80",
            "10.0.0.1:8080",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn one_address_holds_a_bounded_share_and_gives_it_back() {
        let addresses = Arc::new(Addresses::default());
        let laptop: std::net::IpAddr = "10.0.0.7".parse().unwrap();
        let held: Vec<Place> = (0..PER_ADDRESS)
            .map(|_| addresses.place(laptop, Slot::Connection).expect("a place"))
            .collect();
        assert!(addresses.place(laptop, Slot::Connection).is_none());
        let overflow: Vec<Place> = (0..OVERFLOW_PER_ADDRESS)
            .map(|_| addresses.place(laptop, Slot::Overflow).expect("a place"))
            .collect();
        assert!(addresses.place(laptop, Slot::Overflow).is_none());
        // Others, and loopback, are not held back by it.
        assert!(
            addresses
                .place("10.0.0.8".parse().unwrap(), Slot::Connection)
                .is_some()
        );
        let local: Vec<Place> = (0..PER_ADDRESS + 10)
            .map(|_| {
                addresses
                    .place("127.0.0.1".parse().unwrap(), Slot::Connection)
                    .unwrap()
            })
            .collect();
        drop((held, overflow, local));
        assert!(addresses.place(laptop, Slot::Connection).is_some());
        assert!(
            addresses.0.lock().unwrap().is_empty(),
            "every place was given back"
        );
    }

    #[test]
    fn the_capacity_leaves_files_for_the_hub_and_room_beside_the_streams() {
        let capacity = Capacity::for_open_files(1024);
        assert_eq!(capacity.most_connections, 896);
        assert_eq!(capacity.most_streams, 832);
        let held: Vec<_> = (0..capacity.most_streams)
            .map(|_| capacity.stream().expect("a place"))
            .collect();
        assert!(capacity.stream().is_none());
        assert_eq!(capacity.open_streams(), 832);
        drop(held);
        assert_eq!(capacity.open_streams(), 0);
        assert!(Capacity::for_open_files(10).most_streams >= 8);
    }
}
