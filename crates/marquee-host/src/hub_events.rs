//! A hub's event stream, heard by a screen that follows the hub, on a
//! socket: what to do about each line, an end or a silence is
//! [`hub_stream`](crate::hub_stream)'s to say; this loop only carries it out
//! (the feed, woken, asks for the programme conditionally).
//!
//! Written on a plain socket because the blocking HTTP client has no
//! per-read timeout, which telling a stalled stream needs; it speaks only
//! what a hub's stream needs: one GET on `http://` or `https://` (rustls,
//! verifying the hub as [`marquee_io::trust`] says) and lines back, none
//! longer than [`LONGEST_LINE`], so that whatever answers cannot make a
//! screen hold an endless line.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::hub_stream::{SILENCE, Step, StreamFollower, StreamInput};

/// The longest line a screen reads from a hub's stream; a hub's events are
/// a few hundred bytes.
const LONGEST_LINE: u64 = 64 * 1024;

/// The root of a hub, for an address that is one: `http://HOST:PORT` or
/// `https://HOST:PORT`, with nothing after it but a `/`.
pub fn hub_root(address: &str) -> Option<&str> {
    let rest = address
        .strip_prefix("http://")
        .or_else(|| address.strip_prefix("https://"))?;
    let host = rest.strip_suffix('/').unwrap_or(rest);
    (!host.is_empty() && !host.contains('/')).then(|| address.trim_end_matches('/'))
}

/// Listens to the hub at `root` on a thread of its own, calling `heard` on
/// each revision event, each time the stream opens again (a revision may
/// have come meanwhile) and each time it is lost, until `heard` returns
/// false.
pub fn listen(root: &str, mut heard: impl FnMut() -> bool + Send + 'static) {
    let root = root.to_owned();
    let spawned = std::thread::Builder::new()
        .name("hub-events".to_owned())
        .spawn(move || {
            let mut follower = StreamFollower::default();
            loop {
                let step = match follow(&root, &mut follower, &mut heard) {
                    Ok(Some(step)) => step,
                    Ok(None) => return,
                    Err(error) => {
                        tracing::debug!("the hub's events at {root}: {error}");
                        follower.handle(StreamInput::Failed, Instant::now())
                    }
                };
                if step.wake && !heard() {
                    return;
                }
                std::thread::sleep(step.reopen_after.unwrap_or_default());
            }
        });
    if let Err(error) = spawned {
        tracing::error!("cannot listen to the hub's events: {error}");
    }
}

/// Follows the stream until it is lost (what to do then), or until the
/// listener no longer wants to hear (`None`).
fn follow(
    root: &str,
    follower: &mut StreamFollower,
    heard: &mut impl FnMut() -> bool,
) -> std::io::Result<Option<Step>> {
    let (secure, host) = match root.strip_prefix("https://") {
        Some(host) => (true, host),
        None => (false, root.trim_start_matches("http://")),
    };
    // A hub behind a proxy on the usual port names none.
    let has_port = !host.ends_with(']')
        && host
            .rsplit_once(':')
            .is_some_and(|(_, port)| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()));
    let reached = match has_port {
        true => host.to_owned(),
        false => format!("{host}:{}", if secure { 443 } else { 80 }),
    };
    let address = reached
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("the hub's name does not resolve"))?;
    let stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(SILENCE))?;
    let hearing = Hearing {
        socket: stream.try_clone()?,
        follower,
        heard,
    };
    if !secure {
        return hearing.speak(stream, host);
    }
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(name, _)| name)
        .trim_start_matches('[')
        .trim_end_matches(']');
    let name = rustls_pki_types::ServerName::try_from(name.to_owned())
        .map_err(|error| std::io::Error::other(format!("{name}: {error}")))?;
    let connection = rustls::ClientConnection::new(marquee_io::trust::client_config(root), name)
        .map_err(std::io::Error::other)?;
    hearing.speak(rustls::StreamOwned::new(connection, stream), host)
}

/// One open stream: its socket (for its read timeout), the follower's
/// policy and the listener.
struct Hearing<'a, F> {
    socket: TcpStream,
    follower: &'a mut StreamFollower,
    heard: &'a mut F,
}

impl<F: FnMut() -> bool> Hearing<'_, F> {
    /// Asks for the event stream on `stream` and hears it.
    fn speak(self, mut stream: impl Read + Write, host: &str) -> std::io::Result<Option<Step>> {
        write!(
            stream,
            "GET /api/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
        )?;
        stream.flush()?;
        let mut reader = BufReader::new(stream);
        let status = next_line(&mut reader)?.unwrap_or_default();
        if status.split_whitespace().nth(1) != Some("200") {
            return Err(std::io::Error::other(format!(
                "the hub answered {status:?}"
            )));
        }
        let Hearing {
            socket,
            follower,
            heard,
        } = self;
        let mut step = follower.handle(StreamInput::Opened, Instant::now());
        loop {
            if step.reopen_after.is_some() {
                return Ok(Some(step));
            }
            if step.wake && !heard() {
                return Ok(None);
            }
            // Read until the stream would be stalled.
            let now = Instant::now();
            let left = follower
                .deadline()
                .map_or(SILENCE, |d| d.saturating_duration_since(now));
            socket.set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
            step = match next_line(&mut reader) {
                Ok(Some(line)) => follower.handle(StreamInput::Line(&line), Instant::now()),
                Err(error)
                    if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    follower.handle_timeout(Instant::now())
                }
                // Ended, broken off, or a line without end.
                Ok(None) | Err(_) => follower.handle(StreamInput::Ended, Instant::now()),
            };
        }
    }
}

/// The next line of `reader`, without its end; `None` at the end of the
/// stream, an error for a line longer than [`LONGEST_LINE`].
fn next_line(reader: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    let read = reader
        .by_ref()
        .take(LONGEST_LINE)
        .read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") && read as u64 == LONGEST_LINE {
        return Err(std::io::Error::other("a line longer than 64 KB"));
    }
    let text = String::from_utf8_lossy(&line);
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_up_to_a_bound() {
        let mut reader = std::io::Cursor::new(b"HTTP/1.1 200 OK\r\nevent: revision\nlast".to_vec());
        assert_eq!(
            next_line(&mut reader).unwrap().as_deref(),
            Some("HTTP/1.1 200 OK")
        );
        assert_eq!(
            next_line(&mut reader).unwrap().as_deref(),
            Some("event: revision")
        );
        assert_eq!(next_line(&mut reader).unwrap().as_deref(), Some("last"));
        assert_eq!(next_line(&mut reader).unwrap(), None);
        // An endless line is cut off, not held whole.
        let mut endless = std::io::Cursor::new(vec![b'x'; 10 * LONGEST_LINE as usize]);
        assert!(next_line(&mut endless).is_err());
        assert_eq!(endless.position(), LONGEST_LINE);
    }

    #[test]
    fn a_hub_is_an_address_with_no_path() {
        assert_eq!(hub_root("http://hub:8080"), Some("http://hub:8080"));
        assert_eq!(
            hub_root("http://127.0.0.1:8080/"),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(hub_root("http://pretalx.example/event/schedule.json"), None);
        assert_eq!(hub_root("https://hub:8443"), Some("https://hub:8443"));
        assert_eq!(hub_root("https://hub:8443/schedule.json"), None);
        assert_eq!(hub_root("ftp://hub:8080"), None);
    }
}
