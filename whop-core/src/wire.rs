//! The adapter to ureq: the HTTP agent a client sends its attempts with, and the only place in
//! the crate that uses ureq's `unversioned` API.
//!
//! Two things the client needs are not in ureq's stable API: a resolver with a cache
//! ([`resolve`]) and a connector that watches each connection's activity for the retry rules
//! ([`watch`]). Both implement traits of `ureq::unversioned`, which ureq may change in any minor
//! release (its semver promise leaves that module out). This is why the workspace pins ureq to
//! `~3.5.1` (patch releases only), and why every use of that module stays in this one: moving
//! to a newer ureq means changing this module and nothing else.
//!
//! An attempt ends here as an [`Outcome`]: the answer with its whole body, or a [`Failure`] that
//! says what kind of failure it was and what had reached the wire.

mod resolve;
mod watch;

use std::io::{ErrorKind, Read as _};
use std::time::Duration;

use ureq::Agent;
use ureq::unversioned::transport::{Connector as _, DefaultConnector};

use crate::attempt::{Activity, Failure, FailureKind, Outcome, Received};
use crate::config::Settings;
use resolve::CachingResolver;
use watch::Watch;

/// A client's pooled agent, shared by all its clones.
pub(crate) struct Wire {
    agent: Agent,
    resolver: CachingResolver,
    /// The agent's own per-attempt timeout; an attempt with another one configures it.
    timeout: Duration,
    max_response_bytes: u64,
}

impl Wire {
    /// The agent for validated `settings`.
    pub(crate) fn new(settings: &Settings) -> Wire {
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            .proxy(settings.proxy_for(&settings.base_url))
            // One bound per attempt, covering connecting, redirects and the whole body. An attempt
            // with another timeout (a per-call one) sets its own in `run`.
            .timeout_global(Some(settings.timeout))
            .timeout_connect(Some(settings.connect_timeout))
            // A look-up that misses the host cache is bounded like connecting.
            .timeout_resolve(Some(settings.connect_timeout))
            .max_idle_connections(settings.max_idle_connections)
            .max_idle_connections_per_host(settings.max_idle_connections)
            // Authorization is never carried to where a redirect points, not even on the same host.
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::Never);
        if let Some(tls_config) = &settings.tls_config {
            config = config.tls_config(tls_config.clone());
        }
        // ureq's own connector chain, plus a last link that reports wire activity to the retry rules.
        let resolver = CachingResolver::new(settings.dns_cache_ttl);
        let agent = Agent::with_parts(
            config.build(),
            DefaultConnector::new().chain(Watch),
            resolver.clone(),
        );
        Wire {
            agent,
            resolver,
            timeout: settings.timeout,
            max_response_bytes: settings.max_response_bytes,
        }
    }

    /// How many host look-ups missed the cache.
    pub(crate) fn host_lookups(&self) -> u64 {
        self.resolver.lookups()
    }

    /// One attempt: send, then read the whole body within the limit. `fresh_connection` opens a
    /// new connection rather than reuse a pooled one.
    pub(crate) fn attempt(
        &self,
        request: &http::Request<Vec<u8>>,
        timeout: Duration,
        fresh_connection: bool,
    ) -> Outcome {
        watch::begin();
        let result = self.exchange(request, timeout, fresh_connection);
        let activity = watch::current();
        result.map_err(|err| failure(err, activity))
    }

    /// Runs one exchange with the per-attempt settings.
    fn run(
        &self,
        attempt: http::Request<impl ureq::AsSendBody>,
        timeout: Duration,
        fresh_connection: bool,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        if timeout == self.timeout && !fresh_connection {
            // The agent's settings are this attempt's: the client's timeout is its global one.
            return self.agent.run(attempt);
        }
        let mut config = self.agent.configure_request(attempt);
        if timeout != self.timeout {
            config = config.timeout_global(Some(timeout));
        }
        if fresh_connection {
            // Every pooled connection is "too old" for this attempt, so a new one is opened. ureq
            // drops the idle connections to this host it passes over; after one went stale, the
            // others most likely did too.
            config = config.max_idle_age(Duration::ZERO);
        }
        self.agent.run(config.build())
    }

    fn exchange(
        &self,
        request: &http::Request<Vec<u8>>,
        timeout: Duration,
        fresh_connection: bool,
    ) -> Result<Received, ureq::Error> {
        let mut builder = http::Request::builder()
            .method(request.method().clone())
            .uri(request.uri().clone());
        if let Some(headers) = builder.headers_mut() {
            headers.clone_from(request.headers());
        }
        // A GET or DELETE without a body goes out without one (no `Content-Length: 0`); a POST,
        // PUT or PATCH always states its length, `Content-Length: 0` when empty, as Whop's SDKs
        // frame it (ureq would otherwise send an empty chunked body, which some front ends refuse).
        let response = if request.body().is_empty()
            && matches!(*request.method(), http::Method::GET | http::Method::DELETE)
        {
            self.run(builder.body(())?, timeout, fresh_connection)?
        } else {
            self.run(
                builder.body(request.body().as_slice())?,
                timeout,
                fresh_connection,
            )?
        };
        let (head, mut body) = response.into_parts();
        let limit = self.max_response_bytes;
        // ureq's limit counts bytes on the wire; the second one counts them after decompression,
        // so a small gzip body cannot inflate past the limit either.
        let mut decoded = body
            .with_config()
            .limit(limit)
            .reader()
            .take(limit.saturating_add(1));
        let mut bytes = Vec::new();
        decoded.read_to_end(&mut bytes).map_err(ureq::Error::from)?;
        if bytes.len() as u64 > limit {
            return Err(ureq::Error::BodyExceedsLimit(limit));
        }
        Ok(Received {
            status: head.status,
            headers: head.headers,
            body: bytes,
        })
    }
}

/// What kind of failure ureq's error is, with the attempt's wire activity.
fn failure(source: ureq::Error, activity: Activity) -> Failure {
    let kind = match &source {
        err if crate::tls::is_certificate_error(err) => FailureKind::Certificate,
        ureq::Error::Timeout(_) => FailureKind::Timeout,
        ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
            FailureKind::Timeout
        }
        ureq::Error::BodyExceedsLimit(limit) => FailureKind::TooLarge { limit: *limit },
        ureq::Error::Io(_)
        | ureq::Error::Protocol(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::BodyStalled => FailureKind::Connection,
        _ => FailureKind::Permanent,
    };
    Failure {
        kind,
        activity,
        source,
    }
}
