//! A real HTTP server on loopback for tests of features that fetch: it
//! serves canned answers, or accepts and never answers, and stops with the test.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the server does with each request.
#[derive(Clone)]
pub enum Answer {
    /// Status code and body.
    Respond(u16, Vec<u8>),
    /// A resource with an `ETag`: `304` to a request that names it in
    /// `If-None-Match`, else `200` with the body.
    Versioned { etag: String, body: Vec<u8> },
    /// Reads the request and says nothing.
    Silence,
    /// `302` to this address.
    Redirect(String),
}

pub struct Server {
    pub port: u16,
    answer: Arc<Mutex<Answer>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(answer: Answer) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("bound").port();
        listener.set_nonblocking(true).expect("non-blocking accept");
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let answer = Arc::new(Mutex::new(answer));
        let answering = answer.clone();
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            while !stopping.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let answer = answering.lock().expect("the answer").clone();
                        if let Some(stream) = answer_one(stream, &answer) {
                            held.push(stream);
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Server {
            port,
            answer,
            stop,
            thread: Some(thread),
        }
    }

    /// Answers every later request with `answer`.
    pub fn answer(&self, answer: Answer) {
        *self.answer.lock().expect("the answer") = answer;
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Answers one request; returns the stream when it must stay open unanswered.
fn answer_one(stream: TcpStream, answer: &Answer) -> Option<TcpStream> {
    stream.set_nonblocking(false).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    let mut if_none_match = None;
    while reader.read_line(&mut line).ok()? > 2 {
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(value.trim().to_owned());
        }
        line.clear();
    }
    let mut stream = stream;
    let (status, headers, body): (u16, String, &[u8]) = match answer {
        Answer::Respond(status, body) => (*status, String::new(), body),
        Answer::Versioned { etag, .. } if if_none_match.as_ref() == Some(etag) => {
            (304, format!("ETag: {etag}\r\n"), &[])
        }
        Answer::Versioned { etag, body } => (200, format!("ETag: {etag}\r\n"), body),
        Answer::Silence => return Some(stream),
        Answer::Redirect(to) => (302, format!("Location: {to}\r\n"), &[]),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    None
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
