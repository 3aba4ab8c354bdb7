//! The core every server of this toolkit is built on: a listener on a free loopback port that
//! hands each accepted connection to a handler on a thread of its own, counts the connections it
//! accepted and closed, and stops when dropped; and the HTTP/1.1 request loop, over plain TCP or
//! TLS, that [`TestServer`](crate::TestServer) and [`FaultServer`](crate::faults::FaultServer)
//! answer requests with.

use std::io::{BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::server::{RecordedRequest, read_request};

/// How long a connection waits for the client's next bytes before it is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A listener on a free loopback port; stops accepting when dropped.
pub struct Loopback {
    addr: SocketAddr,
    state: Arc<State>,
    accept_thread: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct State {
    accepted: AtomicUsize,
    closed: AtomicUsize,
    stop: AtomicBool,
}

/// One accepted connection, as its handler sees it besides the stream.
pub struct Connection {
    id: usize,
    state: Arc<State>,
}

impl Connection {
    /// Which accepted connection this is, 0-based.
    pub fn id(&self) -> usize {
        self.id
    }

    /// Whether the server is being dropped: a handler that waits checks this to end early.
    pub fn stopping(&self) -> bool {
        self.state.stop.load(Ordering::SeqCst)
    }
}

impl Loopback {
    /// Listens on a free port of the loopback address `ip` and runs `serve` on its own thread for
    /// each connection; the connection counts as closed when `serve` returns.
    pub fn start(
        ip: &str,
        serve: impl Fn(TcpStream, &Connection) + Send + Sync + 'static,
    ) -> Loopback {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State::default());
        let serve = Arc::new(serve);
        let accept_thread = {
            let state = state.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if state.stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let connection = Connection {
                        id: state.accepted.fetch_add(1, Ordering::SeqCst),
                        state: state.clone(),
                    };
                    let serve = serve.clone();
                    std::thread::spawn(move || {
                        serve(stream, &connection);
                        connection.state.closed.fetch_add(1, Ordering::SeqCst);
                    });
                }
            })
        };
        Loopback {
            addr,
            state,
            accept_thread: Some(accept_thread),
        }
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many connections were accepted.
    pub fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    /// Waits until `count` connections have been closed (or panics after 10 s).
    pub fn wait_for_closed(&self, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.state.closed.load(Ordering::SeqCst) < count {
            assert!(
                Instant::now() < deadline,
                "the server did not close {count} connection(s)"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

/// A loopback port nothing listens on: bound, noted and freed again, so a connection to it is
/// refused.
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// What becomes of a connection after a request was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// It stays open for the next request.
    KeepOpen,
    /// It is closed cleanly.
    Close,
    /// It is reset (RST) instead of closed.
    Reset,
}

/// Reads HTTP/1.1 requests from `stream`, over TLS when `tls` is given, and lets `answer` write
/// the answer of each, until the client closes or goes silent for 10 s, a request is malformed,
/// or `answer` fails or asks to close.
pub fn serve_http(
    stream: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
    connection: &Connection,
    answer: &dyn Fn(RecordedRequest, &mut dyn Write) -> std::io::Result<Next>,
) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    // Head and body may go out in separate writes: without this, Nagle's algorithm delays every
    // answer by the client's delayed ACK (about 40 ms).
    let _ = stream.set_nodelay(true);
    let Ok(tcp) = stream.try_clone() else {
        return;
    };
    let next = match tls {
        Some(config) => {
            let Ok(session) = rustls::ServerConnection::new(config) else {
                return;
            };
            // The handshake runs on the first read.
            let mut tls = rustls::StreamOwned::new(session, stream);
            let next = exchange(&mut tls, connection, answer);
            if next != Next::Reset {
                tls.conn.send_close_notify();
                let _ = tls.flush();
            }
            next
        }
        None => exchange(&mut { stream }, connection, answer),
    };
    match next {
        // A zero linger time makes the kernel send RST when the last handle closes.
        Next::Reset => {
            let _ = socket2::SockRef::from(&tcp).set_linger(Some(Duration::ZERO));
        }
        Next::KeepOpen | Next::Close => {
            let _ = tcp.shutdown(Shutdown::Both);
        }
    }
}

/// Answers requests on one connection; returns how it ends.
fn exchange(
    stream: &mut (impl std::io::Read + Write),
    connection: &Connection,
    answer: &dyn Fn(RecordedRequest, &mut dyn Write) -> std::io::Result<Next>,
) -> Next {
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader, connection.id()) {
        match answer(request, reader.get_mut()) {
            Ok(Next::KeepOpen) => {}
            Ok(Next::Reset) => return Next::Reset,
            Ok(Next::Close) | Err(_) => return Next::Close,
        }
    }
    Next::Close
}
