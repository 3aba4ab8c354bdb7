//! An HTTP `CONNECT` proxy on loopback that records what it was asked to reach and the bytes it
//! relayed, so tests can check that a client tunnels through it and what the proxy could see.
//! It is built on [`crate::loopback`]; past the request line it relays bytes, so it has its own
//! connection handler rather than the HTTP request loop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::loopback::Loopback;

/// How much of the client's side of each tunnel is kept for inspection.
const KEPT: usize = 64 * 1024;

/// A running proxy; stops when dropped. It only tunnels to loopback addresses.
pub struct ConnectProxy {
    seen: Arc<Mutex<Seen>>,
    loopback: Loopback,
}

#[derive(Default)]
struct Seen {
    /// Request lines, e.g. `CONNECT localhost:443 HTTP/1.1`.
    request_lines: Vec<String>,
    /// What clients sent through tunnels (the start of it).
    relayed: Vec<u8>,
}

impl ConnectProxy {
    /// Starts the proxy on a free loopback port.
    pub fn start() -> ConnectProxy {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let loopback = {
            let seen = seen.clone();
            Loopback::start("127.0.0.1", move |stream, _| serve(stream, &seen))
        };
        ConnectProxy { seen, loopback }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.loopback.addr())
    }

    /// Every request line the proxy received, in order.
    pub fn request_lines(&self) -> Vec<String> {
        self.lock().request_lines.clone()
    }

    /// The start of what clients sent through tunnels.
    pub fn relayed(&self) -> Vec<u8> {
        self.lock().relayed.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn serve(client: TcpStream, seen: &Arc<Mutex<Seen>>) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(mut writer) = client.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(client);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    // The rest of the head: headers up to the blank line.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    let line = line.trim_end().to_owned();
    seen.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .request_lines
        .push(line.clone());
    let mut parts = line.split(' ');
    let target = match (parts.next(), parts.next()) {
        (Some("CONNECT"), Some(target)) => target.to_owned(),
        _ => {
            let _ =
                writer.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
            return;
        }
    };
    let Some(upstream) = connect_loopback(&target) else {
        let _ = writer.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    if writer
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .is_err()
    {
        return;
    }
    let (Ok(mut upstream_writer), Ok(mut upstream_reader)) =
        (upstream.try_clone(), upstream.try_clone())
    else {
        return;
    };
    // Server to client on a second thread; client to server here, recording.
    let back = std::thread::spawn(move || {
        let _ = std::io::copy(&mut upstream_reader, &mut writer);
        let _ = writer.shutdown(Shutdown::Both);
    });
    let mut buffer = [0u8; 8192];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                {
                    let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
                    let room = KEPT.saturating_sub(seen.relayed.len());
                    seen.relayed.extend_from_slice(&buffer[..n.min(room)]);
                }
                if upstream_writer.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = upstream.shutdown(Shutdown::Both);
    let _ = back.join();
}

/// Connects to `host:port` when the host is loopback; the proxy goes nowhere else.
fn connect_loopback(target: &str) -> Option<TcpStream> {
    let (host, port) = target.rsplit_once(':')?;
    let port: u16 = port.parse().ok()?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let ip: std::net::IpAddr = if host.eq_ignore_ascii_case("localhost") {
        std::net::Ipv4Addr::LOCALHOST.into()
    } else {
        host.parse().ok()?
    };
    if !ip.is_loopback() {
        return None;
    }
    TcpStream::connect_timeout(&(ip, port).into(), Duration::from_secs(5)).ok()
}
