//! A small HTTP/1.1 server: a thread per connection, keep-alive, `Content-Length` and chunked
//! request bodies.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The longest request head (request line and headers) read.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body read.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long an idle keep-alive connection is kept open.
const IDLE: Duration = Duration::from_secs(60);

/// A request as received.
pub(crate) struct Request {
    pub(crate) method: String,
    /// The path and query, as sent.
    pub(crate) target: String,
    /// Header names in lower case, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// An answer to write.
#[derive(Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// What the handler decided.
pub(crate) enum Outcome {
    Answer(Response),
    /// Reset the connection without answering.
    Reset,
}

type Handler = dyn Fn(Request) -> Outcome + Send + Sync;

/// A running server; stops when dropped.
pub(crate) struct Server {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    open: Arc<Mutex<HashMap<u64, TcpStream>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    pub(crate) fn start(listener: TcpListener, handler: Arc<Handler>) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<HashMap<u64, TcpStream>>> = Arc::default();
        let acceptor = {
            let stopping = stopping.clone();
            let open = open.clone();
            std::thread::Builder::new()
                .name("whop-sandbox-accept".into())
                .spawn(move || accept(listener, handler, stopping, open))?
        };
        Ok(Server {
            addr,
            stopping,
            open,
            acceptor: Some(acceptor),
        })
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the acceptor from `accept`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        for stream in lock(&self.open).values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn accept(
    listener: TcpListener,
    handler: Arc<Handler>,
    stopping: Arc<AtomicBool>,
    open: Arc<Mutex<HashMap<u64, TcpStream>>>,
) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        if let Ok(copy) = stream.try_clone() {
            lock(&open).insert(id, copy);
        }
        let handler = handler.clone();
        let open = open.clone();
        let spawned = std::thread::Builder::new()
            .name("whop-sandbox-conn".into())
            .spawn(move || {
                serve(stream, &*handler);
                lock(&open).remove(&id);
            });
        if spawned.is_err() {
            // Out of threads: the connection was moved into the failed closure and is closed.
            continue;
        }
    }
}

/// Answers requests on one connection until it closes.
fn serve(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut writer = write_half;
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(problem) => {
                let response = plain_error(problem.status, &problem.message);
                let _ = write_response(&mut writer, &response, false);
                return;
            }
        };
        let keep_alive = !request
            .header("connection")
            .is_some_and(|value| value.eq_ignore_ascii_case("close"));
        match handler(request) {
            Outcome::Answer(response) => {
                if write_response(&mut writer, &response, keep_alive).is_err() || !keep_alive {
                    return;
                }
            }
            Outcome::Reset => {
                // SO_LINGER 0: closing sends RST instead of FIN.
                let _ = socket2::SockRef::from(&writer).set_linger(Some(Duration::ZERO));
                return;
            }
        }
    }
}

/// Why a request could not be read.
struct Problem {
    status: u16,
    message: String,
}

fn problem(status: u16, message: &str) -> Problem {
    Problem {
        status,
        message: message.to_owned(),
    }
}

/// The next request; `None` when the client closed the connection between requests.
fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, Problem> {
    let mut head_bytes = 0;
    let mut line = String::new();
    // Blank lines before a request are allowed.
    loop {
        line.clear();
        match read_line(reader, &mut line, &mut head_bytes) {
            Ok(0) => return Ok(None),
            Ok(_) if line.trim().is_empty() => continue,
            Ok(_) => break,
            Err(_) => return Ok(None),
        }
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(problem(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(problem(505, "only HTTP/1.x is served"));
    }
    let (method, target) = (method.to_owned(), target.to_owned());
    let mut headers = Vec::new();
    loop {
        line.clear();
        match read_line(reader, &mut line, &mut head_bytes) {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                return Err(problem(431, "the request head is too large"));
            }
            Err(_) => return Ok(None),
        }
        let text = line.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(problem(400, "malformed header line"));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value): &(String, String)| value.clone())
    };
    let body = if find("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        read_chunked(reader)?
    } else if let Some(length) = find("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| problem(400, "malformed Content-Length"))?;
        if length > MAX_BODY {
            return Err(problem(413, "the request body is too large"));
        }
        let mut body = vec![0; length];
        reader
            .read_exact(&mut body)
            .map_err(|_| problem(400, "the body ended early"))?;
        body
    } else {
        Vec::new()
    };
    Ok(Some(Request {
        method,
        target,
        headers,
        body,
    }))
}

/// One line, counting toward [`MAX_HEAD`].
fn read_line(
    reader: &mut BufReader<TcpStream>,
    line: &mut String,
    head_bytes: &mut usize,
) -> io::Result<usize> {
    let limit = (MAX_HEAD - *head_bytes) as u64 + 1;
    let read = reader.by_ref().take(limit).read_line(line)?;
    *head_bytes += read;
    if *head_bytes > MAX_HEAD {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "head too large"));
    }
    Ok(read)
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, Problem> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        let mut counted = 0;
        read_line(reader, &mut line, &mut counted).map_err(|_| problem(400, "bad chunk"))?;
        let size = line.trim().split(';').next().unwrap_or_default();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| problem(400, "malformed chunk size"))?;
        if body.len() + size > MAX_BODY {
            return Err(problem(413, "the request body is too large"));
        }
        if size == 0 {
            // Trailers, up to the blank line.
            loop {
                line.clear();
                let read = read_line(reader, &mut line, &mut counted)
                    .map_err(|_| problem(400, "bad trailer"))?;
                if read == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader
            .read_exact(&mut body[start..])
            .map_err(|_| problem(400, "the body ended early"))?;
        let mut crlf = [0; 2];
        reader
            .read_exact(&mut crlf)
            .map_err(|_| problem(400, "the body ended early"))?;
    }
}

fn plain_error(status: u16, message: &str) -> Response {
    Response {
        status,
        headers: vec![("content-type".into(), "text/plain".into())],
        body: message.as_bytes().to_vec(),
    }
}

fn write_response(writer: &mut TcpStream, response: &Response, keep_alive: bool) -> io::Result<()> {
    let mut out = Vec::with_capacity(256 + response.body.len());
    out.extend_from_slice(
        format!(
            "HTTP/1.1 {} {}\r\n",
            response.status,
            reason(response.status)
        )
        .as_bytes(),
    );
    for (name, value) in &response.headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: {}\r\n\r\n",
            response.body.len(),
            if keep_alive { "keep-alive" } else { "close" }
        )
        .as_bytes(),
    );
    out.extend_from_slice(&response.body);
    writer.write_all(&out)?;
    writer.flush()
}

/// The reason phrase of a status, as the `http` crate knows it.
fn reason(status: u16) -> &'static str {
    whop_core::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("")
}
