//! A scripted fault server on loopback, for the reliability tests.
//!
//! Each request that arrives (in arrival order, across connections) is answered by the next
//! [`Fault`] of the script; once the script is used up, its last step answers every further request.
//! The server records every request with the connection that carried it, and counts the connections
//! it accepted and closed, so a test can assert the exact number of attempts.
//!
//! Also here: [`bounded`], the hang guard every reliability test runs its calls in, and a few
//! hand-written endpoints (`GetWidget`, `CreateWidget`, …) with a small model to decode.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Deserialize;
use whop_core::{Endpoint, Error, Method, RequestParts};

use crate::loopback::{Connection, Loopback, Next, serve_http};
use crate::server::{RecordedRequest, Reply, write_reply};

/// How often a slow step looks at the stop flag, so dropping the server ends it quickly.
const TICK: Duration = Duration::from_millis(20);

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answers normally and keeps the connection open.
    Reply(Reply),
    /// Answers, then closes the connection (a server ending keep-alive between calls).
    ReplyThenClose(Reply),
    /// Reads the request, then closes the connection cleanly (FIN) without a byte of answer.
    CloseBeforeStatus,
    /// Reads the request, then resets the connection (RST) without a byte of answer.
    ResetBeforeStatus,
    /// Sends the head (with the full `Content-Length`) and the first `sent` bytes of the body, then
    /// resets the connection.
    ResetMidBody {
        /// The answer that is cut short.
        reply: Reply,
        /// How many body bytes go out before the reset.
        sent: usize,
    },
    /// Waits `delay` before sending anything, then answers.
    SlowHead {
        /// The answer, when it comes.
        reply: Reply,
        /// The wait before the status line.
        delay: Duration,
    },
    /// Sends the head at once, then the body one byte every `pause`.
    SlowBody {
        /// The answer.
        reply: Reply,
        /// The pause between body bytes.
        pause: Duration,
    },
    /// Writes these bytes as they are (a hand-made head and body) and keeps the connection open.
    Raw(Vec<u8>),
}

impl Fault {
    /// A JSON answer.
    pub fn json(status: u16, body: &serde_json::Value) -> Fault {
        Fault::Reply(Reply::json(status, body))
    }

    /// A `Transfer-Encoding: chunked` JSON answer split into the given pieces.
    pub fn chunked(status: u16, pieces: &[&str]) -> Fault {
        let mut raw = format!(
            "HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        .into_bytes();
        for piece in pieces {
            raw.extend_from_slice(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes());
        }
        raw.extend_from_slice(b"0\r\n\r\n");
        Fault::Raw(raw)
    }
}

/// A running fault server; stops when dropped.
pub struct FaultServer {
    state: Arc<State>,
    loopback: Loopback,
}

struct State {
    script: Vec<Fault>,
    next_step: AtomicUsize,
    requests: Mutex<Vec<RecordedRequest>>,
}

impl FaultServer {
    /// Starts a server on a free port of 127.0.0.1 that follows `script`.
    pub fn start(script: Vec<Fault>) -> FaultServer {
        FaultServer::start_on("127.0.0.1", script)
    }

    /// Starts a server on a free port of the given loopback address.
    pub fn start_on(ip: &str, script: Vec<Fault>) -> FaultServer {
        assert!(!script.is_empty(), "a fault script needs at least one step");
        let state = Arc::new(State {
            script,
            next_step: AtomicUsize::new(0),
            requests: Mutex::new(Vec::new()),
        });
        let loopback = {
            let state = state.clone();
            Loopback::start(ip, move |stream, connection| {
                let answer = |request, writer: &mut dyn Write| {
                    if connection.stopping() {
                        return Ok(Next::Close);
                    }
                    state
                        .requests
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(request);
                    let step = state
                        .next_step
                        .fetch_add(1, Ordering::SeqCst)
                        .min(state.script.len() - 1);
                    act(&state.script[step], writer, connection)
                };
                serve_http(stream, None, connection, &answer);
            })
        };
        FaultServer { state, loopback }
    }

    /// `http://127.0.0.1:PORT` (or the address it was started on).
    pub fn url(&self) -> String {
        format!("http://{}", self.loopback.addr())
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.loopback.addr().port()
    }

    /// A builder for this server with the test key and the production defaults for retries,
    /// backoff and timeouts, except a 10 s timeout per attempt.
    pub fn client_builder(&self) -> whop_core::ClientBuilder {
        whop_core::Client::builder()
            .api_key(crate::TEST_API_KEY)
            .base_url(self.url())
            .timeout(Duration::from_secs(10))
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many requests arrived: the number of attempts that reached the server.
    pub fn attempts(&self) -> usize {
        self.state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.loopback.accepted()
    }

    /// Waits until the server has closed `count` connections (or panics after 10 s).
    pub fn wait_for_closed(&self, count: usize) {
        self.loopback.wait_for_closed(count);
    }
}

fn act(fault: &Fault, writer: &mut dyn Write, connection: &Connection) -> std::io::Result<Next> {
    match fault {
        Fault::Reply(reply) => write_reply(writer, reply).map(|()| Next::KeepOpen),
        Fault::ReplyThenClose(reply) => write_reply(writer, reply).map(|()| Next::Close),
        Fault::CloseBeforeStatus => Ok(Next::Close),
        Fault::ResetBeforeStatus => Ok(Next::Reset),
        Fault::ResetMidBody { reply, sent } => {
            let mut wire = Vec::new();
            write_reply(&mut wire, reply)?;
            let head_len = wire.len() - reply.body.len();
            writer.write_all(&wire[..head_len + sent.min(&reply.body.len())])?;
            writer.flush()?;
            Ok(Next::Reset)
        }
        Fault::SlowHead { reply, delay } => {
            if !pause(*delay, connection) {
                return Ok(Next::Close);
            }
            write_reply(writer, reply).map(|()| Next::KeepOpen)
        }
        Fault::SlowBody { reply, pause: gap } => {
            let mut wire = Vec::new();
            write_reply(&mut wire, reply)?;
            let head_len = wire.len() - reply.body.len();
            writer.write_all(&wire[..head_len])?;
            writer.flush()?;
            for byte in &wire[head_len..] {
                if !pause(*gap, connection) {
                    return Ok(Next::Close);
                }
                writer.write_all(std::slice::from_ref(byte))?;
                writer.flush()?;
            }
            Ok(Next::KeepOpen)
        }
        Fault::Raw(bytes) => {
            writer.write_all(bytes)?;
            writer.flush()?;
            Ok(Next::KeepOpen)
        }
    }
}

/// Sleeps for `duration` unless the server is stopped first; `false` when stopped.
fn pause(duration: Duration, connection: &Connection) -> bool {
    let end = Instant::now() + duration;
    while Instant::now() < end {
        if connection.stopping() {
            return false;
        }
        std::thread::sleep(TICK.min(end.saturating_duration_since(Instant::now())));
    }
    true
}

/// Runs `call` on its own thread and returns its result; panics if it takes longer than `limit`,
/// so a client that hangs fails the test instead of stalling the suite. A panic inside `call`
/// is passed on.
pub fn bounded<T: Send + 'static>(limit: Duration, call: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let _ = sender.send(call());
    });
    match receiver.recv_timeout(limit) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the call did not finish within {limit:?}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match thread.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => panic!("the call ended without a result"),
        },
    }
}

/// The model the scenarios decode: a small resource with an enum, an optional and a nullable
/// field, shaped like Whop's models.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Widget {
    /// The id, e.g. `wid_1`.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The lifecycle state.
    pub status: WidgetStatus,
    /// A note; `null` when there is none.
    pub note: Option<String>,
}

whop_core::string_enum! {
    /// The states of a [`Widget`], declared like the API's enums: a state added later is kept
    /// as it was sent.
    pub enum WidgetStatus {
        /// In use.
        Active = "active",
        /// Retired.
        Archived = "archived",
    }
}

/// A valid [`Widget`] body.
pub fn widget_json(id: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "name": "Sprocket", "status": "active", "note": null})
}

/// `GET /widgets/{id}`: an idempotent call.
#[derive(Debug, Clone)]
pub struct GetWidget {
    /// The widget's id.
    pub id: String,
}

impl GetWidget {
    /// The request for `id`.
    pub fn new(id: &str) -> GetWidget {
        GetWidget { id: id.to_owned() }
    }
}

impl Endpoint for GetWidget {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/widgets/{id}";
    const SCOPES: &'static [&'static str] = &["widget:read"];
    type Response = Widget;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.path("id", &self.id)
    }
}

/// `POST /widgets`: a call with a side effect.
#[derive(Debug, Clone)]
pub struct CreateWidget {
    /// The new widget's name.
    pub name: String,
}

impl CreateWidget {
    /// The request to create a widget called `name`.
    pub fn new(name: &str) -> CreateWidget {
        CreateWidget {
            name: name.to_owned(),
        }
    }
}

impl Endpoint for CreateWidget {
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/widgets";
    const SCOPES: &'static [&'static str] = &["widget:create"];
    type Response = Widget;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.body("name", &self.name)
    }
}

/// `PATCH`, `PUT` or `DELETE /widgets/{id}` with a JSON body, chosen by the type parameter's
/// method: the idempotent `PUT` and `DELETE`, and `PATCH`, which is not.
#[derive(Debug, Clone)]
pub struct ChangeWidget<const M: u8> {
    /// The widget's id.
    pub id: String,
}

/// `PATCH /widgets/{id}`.
pub type PatchWidget = ChangeWidget<0>;
/// `PUT /widgets/{id}`.
pub type PutWidget = ChangeWidget<1>;
/// `DELETE /widgets/{id}`.
pub type DeleteWidget = ChangeWidget<2>;

impl<const M: u8> ChangeWidget<M> {
    /// The request for `id`.
    pub fn new(id: &str) -> ChangeWidget<M> {
        ChangeWidget { id: id.to_owned() }
    }
}

impl<const M: u8> Endpoint for ChangeWidget<M> {
    const METHOD: Method = match M {
        0 => Method::Patch,
        1 => Method::Put,
        _ => Method::Delete,
    };
    const PATH: &'static str = "/widgets/{id}";
    const SCOPES: &'static [&'static str] = &["widget:update"];
    type Response = serde_json::Value;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.path("id", &self.id)?;
        parts.ensure_body();
        Ok(())
    }
}
