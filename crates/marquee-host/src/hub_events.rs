//! A hub's event stream, heard by a screen that follows the hub: each
//! event (a new revision, or the hub's heartbeat) wakes the feed, which then
//! asks for the programme conditionally. A stream that says nothing for 45
//! seconds is taken as stalled (proxies stall streams silently) and opened
//! again; a hub that is away is tried again further apart, up to 5 s.
//!
//! Written on a plain socket because the blocking HTTP client has no
//! per-read timeout, which telling a stalled stream needs; it speaks only
//! what a hub's stream needs: one GET on `http://` or `https://` (rustls,
//! verifying the hub as [`marquee_io::trust`] says) and lines back, none
//! longer than [`LONGEST_LINE`], so that whatever answers cannot make a
//! screen hold an endless line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The longest line a screen reads from a hub's stream; a hub's events are
/// a few hundred bytes.
const LONGEST_LINE: u64 = 64 * 1024;

/// A stream silent this long is stalled: three missed heartbeats.
const SILENCE: Duration = Duration::from_secs(45);
// Short, so that screens are back within moments of the hub; an attempt
// every few seconds costs a hub nothing.
const LONGEST_WAIT: Duration = Duration::from_secs(5);

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
            let mut wait = Duration::from_secs(1);
            loop {
                match follow(&root, &mut heard) {
                    Ok(Stop::Asked) => return,
                    Ok(Stop::Ended) => wait = Duration::from_secs(1),
                    Err(error) => {
                        tracing::debug!("the hub's events at {root}: {error}");
                        wait = (wait * 2).min(LONGEST_WAIT);
                    }
                }
                // The stream is gone: the feed asks now, and so finds out
                // at once whether the hub is away.
                if !heard() {
                    return;
                }
                std::thread::sleep(wait);
            }
        });
    if let Err(error) = spawned {
        tracing::error!("cannot listen to the hub's events: {error}");
    }
}

enum Stop {
    /// The listener no longer wants to hear.
    Asked,
    /// The stream ended or went silent; open it again.
    Ended,
}

fn follow(root: &str, heard: &mut impl FnMut() -> bool) -> std::io::Result<Stop> {
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
    if !secure {
        return speak(stream, host, heard);
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
    speak(rustls::StreamOwned::new(connection, stream), host, heard)
}

/// Asks for the event stream on `stream` and hears it.
fn speak(
    mut stream: impl Read + Write,
    host: &str,
    heard: &mut impl FnMut() -> bool,
) -> std::io::Result<Stop> {
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
    // Opened (again): whatever changed while it was closed is fetched now.
    if !heard() {
        return Ok(Stop::Asked);
    }
    loop {
        match next_line(&mut reader) {
            Ok(Some(line)) if line == "event: revision" => {
                if !heard() {
                    return Ok(Stop::Asked);
                }
            }
            Ok(Some(_)) => {}
            // Ended, silent too long, broken off, or a line without end.
            Ok(None) | Err(_) => return Ok(Stop::Ended),
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
