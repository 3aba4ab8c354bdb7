//! A small HTTP/1.1 server on 127.0.0.1 for tests, plain or over TLS: it records every request and
//! answers with whatever the test's handler returns. Real sockets, keep-alive, bounded reads.
//! Built on [`crate::loopback`], like the fault server; also here, the reading of a request and
//! the writing of a reply that both use.

use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::loopback::{Loopback, Next, serve_http};

/// Request heads or bodies larger than this are refused (tests never send that much).
const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// One request as it arrived on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `PATCH`.
    pub method: String,
    /// The request target exactly as sent: path and query, still percent-encoded.
    pub target: String,
    /// Header names (lowercased) and values, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Which accepted connection (0-based) carried the request.
    pub connection: usize,
}

impl RecordedRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path part of the target (before `?`).
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query part of the target (after `?`), if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "request body is not JSON ({err}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers (Content-Length is added by the server).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// A reply with a JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::raw(status, "application/json", body.to_string())
    }

    /// A reply with any body and content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A running server; stops when dropped.
pub struct TestServer {
    https: bool,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    loopback: Loopback,
}

impl TestServer {
    /// Starts a server on a free loopback port that answers every request with `handler`.
    pub fn start(
        handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start_with(None, handler)
    }

    /// Starts a server that speaks HTTPS with `tls` (see [`crate::tls::TestCa`]); its
    /// [`url`](Self::url) is `https://localhost:PORT`.
    pub fn start_tls(
        tls: Arc<rustls::ServerConfig>,
        handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start_with(Some(tls), handler)
    }

    fn start_with(
        tls: Option<Arc<rustls::ServerConfig>>,
        handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let https = tls.is_some();
        let loopback = {
            let requests = requests.clone();
            Loopback::start("127.0.0.1", move |stream, connection| {
                let answer = |request: RecordedRequest, writer: &mut dyn Write| {
                    let close = request
                        .header("connection")
                        .is_some_and(|v| v.eq_ignore_ascii_case("close"));
                    requests
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(request.clone());
                    write_reply(writer, &handler(&request))?;
                    Ok(if close { Next::Close } else { Next::KeepOpen })
                };
                serve_http(stream, tls.clone(), connection, &answer);
            })
        };
        TestServer {
            https,
            requests,
            loopback,
        }
    }

    /// A server that always gives the same reply.
    pub fn replying(reply: Reply) -> TestServer {
        TestServer::start(move |_| reply.clone())
    }

    /// `http://127.0.0.1:PORT`, or `https://localhost:PORT` for a TLS server.
    pub fn url(&self) -> String {
        if self.https {
            format!("https://localhost:{}", self.port())
        } else {
            format!("http://{}", self.loopback.addr())
        }
    }

    /// The port the server listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.loopback.addr().port()
    }

    /// A client for this server with the test key, no retries and a short timeout.
    pub fn client(&self) -> whop_core::Client {
        self.client_builder().build().expect("test client")
    }

    /// A builder preset for this server, to adjust further.
    pub fn client_builder(&self) -> whop_core::ClientBuilder {
        whop_core::Client::builder()
            .api_key(crate::TEST_API_KEY)
            .base_url(self.url())
            .timeout(Duration::from_secs(10))
            .max_retries(0)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The only request received; panics if there were more or none.
    pub fn single_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.into_iter().next().expect("one request")
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.loopback.accepted()
    }
}

/// Reads one request; `None` at end of stream or on anything malformed.
pub fn read_request(reader: &mut impl BufRead, connection: usize) -> Option<RecordedRequest> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.trim_end().splitn(3, ' ');
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    let mut head_bytes = line.len();
    loop {
        let mut header = String::new();
        head_bytes += reader.read_line(&mut header).ok()?;
        if head_bytes > MAX_REQUEST_BYTES {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let body = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        read_chunked(reader)?
    } else {
        let length: usize = find("content-length").map_or(Some(0), |v| v.parse().ok())?;
        if length > MAX_REQUEST_BYTES {
            return None;
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        body
    };
    Some(RecordedRequest {
        method,
        target,
        headers,
        body,
        connection,
    })
}

fn read_chunked(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line).ok()?;
        let size = usize::from_str_radix(size_line.trim().split(';').next()?, 16).ok()?;
        if body.len() + size > MAX_REQUEST_BYTES {
            return None;
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).ok()?;
        let mut crlf = String::new();
        reader.read_line(&mut crlf).ok()?;
        if size == 0 {
            return Some(body);
        }
    }
}

/// Writes a reply with a Content-Length header.
pub fn write_reply(writer: &mut (impl Write + ?Sized), reply: &Reply) -> std::io::Result<()> {
    let reason = whop_core::http::StatusCode::from_u16(reply.status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("");
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    writer.write_all(head.as_bytes())?;
    writer.write_all(&reply.body)?;
    writer.flush()
}
