//! The steps a generated call takes that a hand-written ureq call does not, each on its own.
//!
//! Every piece repeats, with the same crates and the same calls, what the client's transport does
//! per call or per attempt, so that its cost can be set against the cost of a whole call:
//!
//! | piece | what the transport does |
//! | --- | --- |
//! | `prepare` | builds the URL from the base and the encoded path, and an `http::Request` with five headers (once per call) |
//! | `attempt_request` | copies method, URL and headers into the request an attempt sends, the body borrowed (once per attempt) |
//! | `attempt_deadline` | the same, plus `configure_request(...).timeout_global(...)`: the per-attempt bound |
//! | `idempotency_key` | a random UUID as an `Idempotency-Key` header (POST and PATCH) |
//! | `host_cache_hit` | the host look-up answered from the cache: host and port taken from the URL, lock, map look-up by the borrowed host, clock |
//! | `watch` | the thread-local record of wire activity: reset, three updates, one read |
//! | `socket_timeouts` | what ureq adds to a call when a timeout applies: the socket's send timeout set before each of the two writes, its receive timeout before the read (`setsockopt`) |
//!
//! A hand-written call formats its URL and builds its request too (inside ureq's request
//! builder), so `prepare` is mostly work both do; the rest is the client's own.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use ureq::Agent;
use ureq::http::{self, HeaderName, HeaderValue};

use crate::{API_KEY, USER_AGENT, fixtures};

/// The pieces' names, in report order.
pub const PIECES: [&str; 7] = [
    "prepare",
    "attempt_request",
    "attempt_deadline",
    "idempotency_key",
    "host_cache_hit",
    "watch",
    "socket_timeouts",
];

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

thread_local! {
    static ACTIVITY: Cell<(bool, bool, bool)> = const { Cell::new((false, false, false)) };
}

/// What the pieces work on, made once.
#[derive(Debug)]
pub struct Pieces {
    base_url: String,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    agent: Agent,
    prepared: http::Request<Vec<u8>>,
    hosts: Mutex<HashMap<String, (u16, Instant)>>,
    authority: http::uri::Authority,
    socket: TcpStream,
}

impl Pieces {
    /// The pieces for a base URL such as `http://localhost:PORT`, where a server listens.
    pub fn new(base_url: &str) -> Pieces {
        let authority = base_url
            .parse::<http::Uri>()
            .expect("a valid URL")
            .authority()
            .expect("a host")
            .clone();
        let socket = TcpStream::connect((authority.host(), authority.port_u16().unwrap_or(80)))
            .expect("the server accepts a connection");
        let mut authorization =
            HeaderValue::try_from(format!("Bearer {API_KEY}")).expect("a valid header");
        authorization.set_sensitive(true);
        let mut pieces = Pieces {
            base_url: base_url.to_owned(),
            authorization,
            user_agent: HeaderValue::from_static(USER_AGENT),
            agent: Agent::config_builder()
                .http_status_as_error(false)
                .timeout_connect(Some(Duration::from_secs(10)))
                .build()
                .into(),
            prepared: http::Request::new(Vec::new()),
            hosts: Mutex::new(HashMap::new()),
            authority,
            socket,
        };
        let mut prepared = pieces.prepare();
        *prepared.body_mut() = serde_json::to_vec(&crate::update_changes()).expect("serializable");
        pieces.prepared = prepared;
        let (host, port) = pieces.host_and_port();
        let key = (host.to_owned(), port);
        pieces
            .hosts
            .lock()
            .expect("not poisoned")
            .insert(key.0, (key.1, Instant::now()));
        pieces
    }

    /// Runs one piece (one of [`PIECES`]); panics for an unknown name.
    pub fn run(&self, piece: &str) {
        match piece {
            "prepare" => {
                black_box(self.prepare());
            }
            "attempt_request" => {
                black_box(self.attempt_request());
            }
            "attempt_deadline" => {
                let request = self
                    .agent
                    .configure_request(self.attempt_request())
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build();
                black_box(request);
            }
            "idempotency_key" => {
                let name = HeaderName::try_from("idempotency-key").expect("a valid name");
                let value =
                    HeaderValue::try_from(uuid::Uuid::new_v4().to_string()).expect("a valid value");
                black_box((name, value));
            }
            "host_cache_hit" => {
                let (host, port) = self.host_and_port();
                let hosts = self.hosts.lock().expect("not poisoned");
                let now = Instant::now();
                let fresh = hosts.get(host).is_some_and(|(cached_port, at)| {
                    *cached_port == port && now.duration_since(*at) < Duration::from_secs(60)
                });
                black_box(fresh);
            }
            "watch" => {
                ACTIVITY.set(black_box((false, false, false)));
                for update in 0..3 {
                    let mut activity = ACTIVITY.get();
                    match black_box(update) {
                        0 => activity.0 = true,
                        1 => activity.1 = true,
                        _ => activity.2 = true,
                    }
                    ACTIVITY.set(activity);
                }
                black_box(ACTIVITY.get());
            }
            "socket_timeouts" => {
                let timeout = Some(black_box(Duration::from_secs(60)));
                for _ in 0..2 {
                    self.socket
                        .set_write_timeout(timeout)
                        .expect("a send timeout");
                }
                self.socket
                    .set_read_timeout(timeout)
                    .expect("a receive timeout");
            }
            other => panic!("no piece {other}"),
        }
    }

    /// The request as the transport prepares it, without its body (which the endpoint wrote).
    fn prepare(&self) -> http::Request<Vec<u8>> {
        let mut url = String::with_capacity(self.base_url.len() + 64);
        url.push_str(&self.base_url);
        url.push_str("/products/");
        let _ = write!(
            url,
            "{}",
            utf8_percent_encode(fixtures::PRODUCT_ID, UNRESERVED)
        );
        http::Request::builder()
            .method("PATCH")
            .uri(url)
            .header(http::header::AUTHORIZATION, self.authorization.clone())
            .header(
                http::header::ACCEPT,
                HeaderValue::from_static("application/json"),
            )
            .header(http::header::USER_AGENT, self.user_agent.clone())
            .header(
                "api-version-date",
                HeaderValue::from_static(whop_core::API_VERSION),
            )
            .header(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )
            .body(Vec::new())
            .expect("a valid request")
    }

    /// The request one attempt sends: method, URL and headers copied, the body borrowed.
    fn attempt_request(&self) -> http::Request<&[u8]> {
        let request = &self.prepared;
        let mut builder = http::Request::builder()
            .method(request.method().clone())
            .uri(request.uri().clone());
        if let Some(headers) = builder.headers_mut() {
            headers.clone_from(request.headers());
        }
        builder
            .body(request.body().as_slice())
            .expect("a valid request")
    }

    fn host_and_port(&self) -> (&str, u16) {
        let authority = black_box(&self.authority);
        (authority.host(), authority.port_u16().unwrap_or(80))
    }
}
