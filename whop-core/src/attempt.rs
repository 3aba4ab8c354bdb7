//! What one attempt of a call came to: an answer ([`Received`]), or a [`Failure`] with what had
//! happened on the wire by then ([`Activity`]).
//!
//! Plain facts, with no behaviour of their own: the wire adapter records them, the retry rules
//! read them, the transport turns the last one into the call's result. This module depends on
//! nothing else in the crate.

/// Wire activity of one attempt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Activity {
    /// A new connection was opened (otherwise a pooled one was used, or none at all).
    pub(crate) connected: bool,
    /// Bytes of the request were handed to a connection, so the server may have seen them.
    pub(crate) sent: bool,
    /// Bytes of an answer arrived.
    pub(crate) received: bool,
}

impl Activity {
    /// The attempt went out on a pooled keep-alive connection and nothing came back: the typical
    /// sign of a connection the server closed while it sat idle in the pool.
    pub(crate) fn reused_without_answer(self) -> bool {
        self.sent && !self.connected && !self.received
    }
}

/// A response with its body read: the status, the headers and the bytes.
pub(crate) struct Received {
    pub(crate) status: http::StatusCode,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// The status and headers of an answer, for the retry policy.
pub(crate) struct Answer<'a> {
    pub(crate) status: u16,
    pub(crate) headers: &'a http::HeaderMap,
    pub(crate) body: &'a [u8],
}

impl Received {
    pub(crate) fn answer(&self) -> Answer<'_> {
        Answer {
            status: self.status.as_u16(),
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// What kind of failure ended an attempt without a complete answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureKind {
    /// The per-attempt timeout ran out.
    Timeout,
    /// The body was over the limit; retrying would not help.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The connection could not be made or broke, or the server spoke broken HTTP: may be
    /// transient.
    Connection,
    /// The server's TLS certificate was not accepted: repeats identically on retry.
    Certificate,
    /// A failure that repeats identically on retry (bad URL, refused redirect).
    Permanent,
}

/// Why an attempt got no complete answer, and what had happened on the wire by then.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) kind: FailureKind,
    pub(crate) activity: Activity,
    /// What the HTTP client reported; the `source` of the call's error.
    pub(crate) source: ureq::Error,
}

impl Failure {
    /// The attempt failed on a pooled connection before any answer: the server most likely
    /// closed it while it was idle, and a new connection will do.
    pub(crate) fn stale_connection(&self) -> bool {
        self.kind == FailureKind::Connection && self.activity.reused_without_answer()
    }
}

/// The result of one attempt.
pub(crate) type Outcome = Result<Received, Failure>;
