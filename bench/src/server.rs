//! A minimal keep-alive HTTP/1.1 server on 127.0.0.1, running inside the benchmark process, over
//! plain TCP or over TLS.
//!
//! It is not the test toolkit's `TestServer` (whop-tests), on purpose: that one parses each
//! request into owned strings, records it, and writes head and body separately, work that would
//! be counted into every call measured here and would blur the comparison. This one only does
//! what the measurement needs. Its TLS set-up is the toolkit's, `whop_tests::tls::TestCa`.
//!
//! It is deliberately cheap: one thread per connection, buffers reused across requests, and each
//! answer prepared up front and written with one `write_all`, so that what is measured is the
//! client, not the server. Every client variant talks to the same server, so its cost is common to
//! all of them; the server also counts the CPU time its connection threads spend, so that it can
//! be told apart from the client's share of the process's CPU time, and the connections it
//! accepts, so that a benchmark can show its clients kept theirs alive.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as it arrived.
#[derive(Debug)]
pub struct Request<'a> {
    /// The request line and the header lines, each ending in CRLF.
    pub head: &'a str,
    /// The body bytes.
    pub body: &'a [u8],
}

impl Request<'_> {
    /// The request target: path and query, still percent-encoded.
    pub fn target(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or_default()
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Writes the whole answer (status line, headers and body) to a request into `out`.
pub type Handler = dyn Fn(&Request<'_>, &mut Vec<u8>) + Send + Sync;

/// A running server; stops accepting when dropped.
pub struct Server {
    addr: SocketAddr,
    scheme: &'static str,
    stop: Arc<AtomicBool>,
    cpu_nanos: Arc<AtomicU64>,
    connections: Arc<AtomicU64>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a plain-HTTP server on a free loopback port that answers every request with
    /// `handler`.
    pub fn start(handler: impl Fn(&Request<'_>, &mut Vec<u8>) + Send + Sync + 'static) -> Server {
        Server::listen(None, Arc::new(handler))
    }

    /// Starts an HTTPS server on a free loopback port that answers every request with `handler`,
    /// with the certificate of `tls` (see [`whop_tests::tls::TestCa::server_config`]).
    pub fn start_tls(
        tls: Arc<rustls::ServerConfig>,
        handler: impl Fn(&Request<'_>, &mut Vec<u8>) + Send + Sync + 'static,
    ) -> Server {
        Server::listen(Some(tls), Arc::new(handler))
    }

    fn listen(tls: Option<Arc<rustls::ServerConfig>>, handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let stop = Arc::new(AtomicBool::new(false));
        let cpu_nanos = Arc::new(AtomicU64::new(0));
        let connections = Arc::new(AtomicU64::new(0));
        let accept = {
            let (stop, cpu_nanos, connections) =
                (stop.clone(), cpu_nanos.clone(), connections.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    connections.fetch_add(1, Ordering::SeqCst);
                    let (handler, cpu_nanos, tls) =
                        (handler.clone(), cpu_nanos.clone(), tls.clone());
                    std::thread::spawn(move || serve(stream, tls, &*handler, &cpu_nanos));
                }
            })
        };
        Server {
            addr,
            scheme,
            stop,
            cpu_nanos,
            connections,
            accept: Some(accept),
        }
    }

    /// A plain-HTTP server that gives every request the same `200` answer with a JSON body.
    pub fn json(body: &[u8]) -> Server {
        Server::start(answer_with(body))
    }

    /// An HTTPS server that gives every request the same `200` answer with a JSON body.
    pub fn json_tls(tls: Arc<rustls::ServerConfig>, body: &[u8]) -> Server {
        Server::start_tls(tls, answer_with(body))
    }

    /// `http://localhost:PORT` (`https://` for a TLS server): a URL with a host name, so a client
    /// that looks the host up on every call shows it.
    pub fn url(&self) -> String {
        format!("{}://localhost:{}", self.scheme, self.addr.port())
    }

    /// `http://127.0.0.1:PORT` (`https://` for a TLS server): the same server by IP address, which
    /// needs no look-up.
    pub fn ip_url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// How many connections the server has accepted so far.
    pub fn connections(&self) -> u64 {
        self.connections.load(Ordering::SeqCst)
    }

    /// The CPU time the connection threads have spent so far, reading requests and writing
    /// answers (Linux; zero elsewhere). It is counted up to the start of each answer's write, so
    /// a batch of calls is charged one write late: the same for every client variant.
    pub fn cpu_time(&self) -> Duration {
        Duration::from_nanos(self.cpu_nanos.load(Ordering::SeqCst))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// A handler that writes the same answer, prepared once, to every request.
fn answer_with(body: &[u8]) -> impl Fn(&Request<'_>, &mut Vec<u8>) + Send + Sync + 'static {
    let mut answer = Vec::new();
    json_answer(&mut answer, body);
    move |_, out| out.extend_from_slice(&answer)
}

/// Appends a `200 OK` answer with a JSON body to `out`.
pub fn json_answer(out: &mut Vec<u8>, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(body);
}

/// Serves one connection, over TLS when `tls` is given, until the client closes it, stays silent
/// for 30 s, or sends something this server does not understand.
fn serve(
    stream: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
    handler: &Handler,
    cpu_nanos: &AtomicU64,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    // The answer is one write, but the client's request may arrive in two; no Nagle delay either way.
    let _ = stream.set_nodelay(true);
    match tls {
        None => {
            exchange(&stream, handler, cpu_nanos);
            let _ = stream.shutdown(Shutdown::Both);
        }
        Some(config) => {
            let Ok(connection) = rustls::ServerConnection::new(config) else {
                return;
            };
            // The handshake runs on the first read.
            let mut tls = rustls::StreamOwned::new(connection, stream);
            exchange(&mut tls, handler, cpu_nanos);
            tls.conn.send_close_notify();
            let _ = tls.flush();
            let _ = tls.sock.shutdown(Shutdown::Both);
        }
    }
}

/// Reads requests from `stream` and writes their answers to it until it ends or fails.
fn exchange(stream: impl Read + Write, handler: &Handler, cpu_nanos: &AtomicU64) {
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let (mut head, mut body, mut out) = (String::new(), Vec::new(), Vec::new());
    let mut counted = crate::paired::thread_cpu_time().unwrap_or_default();
    while let Some(length) = read_head(&mut reader, &mut head) {
        body.resize(length, 0);
        if reader.read_exact(&mut body).is_err() {
            break;
        }
        out.clear();
        handler(
            &Request {
                head: &head,
                body: &body,
            },
            &mut out,
        );
        // Added before the write: once the client has the answer, the count includes this request.
        let now = crate::paired::thread_cpu_time().unwrap_or_default();
        let spent = u64::try_from(now.saturating_sub(counted).as_nanos()).unwrap_or(u64::MAX);
        cpu_nanos.fetch_add(spent, Ordering::SeqCst);
        counted = now;
        // The answer goes out as it is written: one TLS record when encrypted, which `flush`
        // sends.
        let writer = reader.get_mut();
        if writer.write_all(&out).is_err() || writer.flush().is_err() {
            break;
        }
    }
}

/// Reads the request line and the header lines up to the blank one into `head`; returns the
/// `Content-Length` (0 when absent), or `None` at the end of the stream or on a malformed head.
fn read_head(reader: &mut impl BufRead, head: &mut String) -> Option<usize> {
    head.clear();
    let mut length = 0;
    loop {
        let start = head.len();
        if reader.read_line(head).ok()? == 0 || head.len() > 64 * 1024 {
            return None;
        }
        let line = head[start..].trim_end();
        if line.is_empty() {
            return Some(length);
        }
        if start == 0 {
            continue;
        }
        let (name, value) = line.split_once(':')?;
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        }
    }
}
