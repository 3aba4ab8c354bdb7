//! The non-generic part of every call: URL, headers, attempts, retries, status and body.
//!
//! Everything here is compiled once, whatever the number of endpoints.

use std::fmt;
use std::io::{ErrorKind, Read as _};
use std::time::Duration;

use http::{HeaderName, HeaderValue};
use ureq::Agent;
use ureq::unversioned::transport::{Connector as _, DefaultConnector};

use crate::client::ProxySetting;
use crate::resolve::CachingResolver;
use crate::retry::{RetryDecision, RetryPolicy};
use crate::watch::{self, Activity, Watch};
use crate::{ApiError, Call, ClientBuilder, Error, Method, RequestOptions, RequestParts, path};

const IDEMPOTENCY_KEY: &str = "idempotency-key";
const API_VERSION_DATE: &str = "api-version-date";
const APP_ID: &str = "x-whop-app-id";

/// The validated, ready-to-send settings of a client.
pub(crate) struct Settings {
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) max_response_bytes: u64,
    pub(crate) idempotency_keys: bool,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    api_version: HeaderValue,
    app_id: Option<HeaderValue>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The proxy for `https` destinations (the API's, and presigned upload URLs); plain-`http`
    /// destinations, only ever loopback, are never proxied.
    pub(crate) https_proxy: Option<ureq::Proxy>,
    /// The roots beyond the defaults, when any were added; uploads trust them too.
    pub(crate) tls_config: Option<ureq::tls::TlsConfig>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Client")
            .field("api_key", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("api_version", &self.api_version)
            .field("app_id", &self.app_id)
            .field("headers", &header_names)
            .finish()
    }
}

/// The pooled agent and the settings, shared by all clones of a [`Client`](crate::Client).
pub(crate) struct Transport {
    pub(crate) settings: Settings,
    agent: Agent,
    resolver: CachingResolver,
}

/// A response with its body read: the status, the headers and the bytes.
pub(crate) struct Received {
    pub(crate) status: http::StatusCode,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Transport {
    pub(crate) fn new(builder: ClientBuilder) -> Result<Transport, Error> {
        let key = builder
            .api_key
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        if key.is_empty() {
            return Err(Error::config(
                "no API key: call ClientBuilder::api_key or set the WHOP_API_KEY environment variable",
            ));
        }
        // The message must not quote the key: it is a secret even when malformed.
        let mut authorization = HeaderValue::try_from(format!("Bearer {key}")).map_err(|_| {
            Error::config("the API key contains characters that cannot be sent in an HTTP header")
        })?;
        authorization.set_sensitive(true);

        let base_url = check_base_url(&builder.base_url)?;
        let user_agent = HeaderValue::try_from(builder.user_agent.as_str())
            .map_err(|_| Error::config(format!("invalid User-Agent {:?}", builder.user_agent)))?;
        let api_version = api_version_header(&builder.api_version).map_err(Error::config)?;
        let app_id = builder
            .app_id
            .as_deref()
            .map(|app_id| header_value("X-Whop-App-Id", app_id.trim()).map_err(Error::config))
            .transpose()?;
        let headers = builder
            .headers
            .iter()
            .map(|(name, value)| header_pair(name, value).map_err(Error::config))
            .collect::<Result<Vec<_>, Error>>()?;
        if builder.timeout.is_zero() {
            return Err(Error::config("the timeout must be longer than zero"));
        }
        if builder.connect_timeout.is_zero() {
            return Err(Error::config(
                "the connect timeout must be longer than zero",
            ));
        }

        let https_proxy = https_proxy(&builder.proxy)?;
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            .proxy(proxy_for(&base_url, &https_proxy))
            // One bound per attempt, covering connecting, redirects and the whole body. An attempt
            // with another timeout (a per-call one) sets its own in `run`.
            .timeout_global(Some(builder.timeout))
            .timeout_connect(Some(builder.connect_timeout.min(builder.timeout)))
            // A look-up that misses the host cache is bounded like connecting.
            .timeout_resolve(Some(builder.connect_timeout.min(builder.timeout)))
            .max_idle_connections(builder.max_idle_connections)
            .max_idle_connections_per_host(builder.max_idle_connections)
            // Authorization is never carried to where a redirect points, not even on the same host.
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::Never);
        let tls_config = if builder.root_certificates.is_empty() {
            None
        } else {
            let roots = crate::tls::root_certs(&builder.root_certificates)?;
            Some(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        };
        if let Some(tls_config) = &tls_config {
            config = config.tls_config(tls_config.clone());
        }
        let config = config.build();
        // ureq's own connector chain, plus a last link that reports wire activity to the retry rules.
        let resolver = CachingResolver::new(builder.dns_cache_ttl);
        let agent = Agent::with_parts(
            config,
            DefaultConnector::new().chain(Watch),
            resolver.clone(),
        );

        Ok(Transport {
            settings: Settings {
                base_url,
                timeout: builder.timeout,
                max_retries: builder.max_retries,
                max_response_bytes: builder.max_response_bytes,
                idempotency_keys: builder.idempotency_keys,
                authorization,
                user_agent,
                api_version,
                app_id,
                headers,
                https_proxy,
                tls_config,
            },
            agent,
            resolver,
        })
    }

    /// How many host look-ups missed the cache.
    pub(crate) fn host_lookups(&self) -> u64 {
        self.resolver.lookups()
    }

    /// Sends the request of `call` from its written parts (or the error writing them gave),
    /// retrying as the policy allows, and returns a 2xx answer. Every error names `call`.
    pub(crate) fn execute(
        &self,
        call: &'static Call,
        written: Result<RequestParts, Error>,
        options: &RequestOptions,
    ) -> Result<Received, Error> {
        written
            .and_then(|parts| self.execute_call(call, parts, options))
            .map_err(|err| err.with_call(call))
    }

    fn execute_call(
        &self,
        call: &'static Call,
        mut parts: RequestParts,
        options: &RequestOptions,
    ) -> Result<Received, Error> {
        let method = call.method();
        let request = self.prepare(method, call.path(), &mut parts, options)?;
        let policy = RetryPolicy {
            max_retries: options.max_retries.unwrap_or(self.settings.max_retries),
            // A POST or PATCH may repeat only when the server can recognise the repeat by its key.
            repeat_is_safe: method.is_idempotent()
                || request.headers().contains_key(IDEMPOTENCY_KEY),
        };
        let timeout = options.timeout.unwrap_or(self.settings.timeout);
        if timeout.is_zero() {
            return Err(Error::invalid_request(
                "the timeout must be longer than zero",
            ));
        }

        let mut attempt = 1;
        let mut reconnected = false;
        let mut fresh_connection = false;
        loop {
            let outcome = self.attempt(&request, timeout, fresh_connection);
            fresh_connection = false;
            match policy.decide(attempt, reconnected, &outcome) {
                RetryDecision::Reconnect => {
                    reconnected = true;
                    fresh_connection = true;
                }
                RetryDecision::RetryAfter(delay) => {
                    std::thread::sleep(delay);
                    attempt += 1;
                }
                RetryDecision::Done => return finish(outcome, attempt, &request),
            }
        }
    }

    /// Builds the `http::Request` once; each attempt sends a clone of it.
    fn prepare(
        &self,
        method: Method,
        template: &str,
        parts: &mut RequestParts,
        options: &RequestOptions,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        let settings = &self.settings;
        let mut url = String::with_capacity(settings.base_url.len() + template.len() + 32);
        url.push_str(&settings.base_url);
        path::fill_template(template, parts.path_values(), &mut url)?;
        if !parts.query_string().is_empty() {
            url.push('?');
            url.push_str(parts.query_string());
        }
        let body = parts.take_body();

        let mut builder = http::Request::builder()
            .method(method.as_str())
            .uri(url)
            .header(http::header::AUTHORIZATION, settings.authorization.clone())
            .header(
                http::header::ACCEPT,
                HeaderValue::from_static("application/json"),
            )
            .header(http::header::USER_AGENT, settings.user_agent.clone())
            .header(API_VERSION_DATE, settings.api_version.clone());
        if let Some(app_id) = &settings.app_id {
            builder = builder.header(APP_ID, app_id.clone());
        }
        if body.is_some() {
            builder = builder.header(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        // One key per logical call, generated here and not per attempt, so every retry carries it.
        // POST and PATCH get one: neither is idempotent (RFC 9110 §9.2.2, RFC 5789 §2).
        if let Some(key) = &options.idempotency_key {
            builder = builder.header(
                IDEMPOTENCY_KEY,
                header_value("Idempotency-Key", key).map_err(Error::invalid_request)?,
            );
        } else if !method.is_idempotent() && settings.idempotency_keys {
            builder = builder.header(IDEMPOTENCY_KEY, uuid::Uuid::new_v4().to_string());
        }
        let mut request = builder
            .body(body.unwrap_or_default())
            .map_err(|err| Error::invalid_request(format!("cannot build the request: {err}")))?;
        let headers = request.headers_mut();
        for (name, value) in &settings.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(version) = &options.api_version {
            headers.insert(
                API_VERSION_DATE,
                api_version_header(version).map_err(Error::invalid_request)?,
            );
        }
        for (name, value) in &options.headers {
            // A bad per-call header is a problem of this request, not of the client's settings.
            let (name, value) = header_pair(name, value).map_err(Error::invalid_request)?;
            headers.insert(name, value);
        }
        Ok(request)
    }

    /// One attempt: send, then read the whole body within the limit.
    fn attempt(
        &self,
        request: &http::Request<Vec<u8>>,
        timeout: Duration,
        fresh_connection: bool,
    ) -> Outcome {
        watch::begin();
        let result = self.exchange(request, timeout, fresh_connection);
        let activity = watch::current();
        result.map_err(|err| Failure::from_ureq(err, activity))
    }

    /// Runs one exchange with the per-attempt settings.
    fn run(
        &self,
        attempt: http::Request<impl ureq::AsSendBody>,
        timeout: Duration,
        fresh_connection: bool,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        if timeout == self.settings.timeout && !fresh_connection {
            // The agent's settings are this attempt's: the client's timeout is its global one.
            return self.agent.run(attempt);
        }
        let mut config = self.agent.configure_request(attempt);
        if timeout != self.settings.timeout {
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
        let limit = self.settings.max_response_bytes;
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

/// Turns the last outcome into the call's result.
fn finish(
    outcome: Outcome,
    attempts: u32,
    request: &http::Request<Vec<u8>>,
) -> Result<Received, Error> {
    match outcome {
        Ok(received) if received.status.is_success() => Ok(received),
        Ok(received) => {
            let request_id = received
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut error = ApiError::from_response(received.status, request_id, &received.body);
            error.headers = received.headers;
            if let Some(version) = request.headers().get(API_VERSION_DATE) {
                explain_unsupported_version(&mut error, version);
            }
            Err(error.into())
        }
        Err(failure) => Err(failure.into_error(attempts)),
    }
}

/// Whop answers an `Api-Version-Date` it does not know with a `400` that lists the versions it
/// supports. The message then starts by naming the version sent, so the cause is plain even where
/// only the first words of an error are shown.
fn explain_unsupported_version(error: &mut ApiError, version: &HeaderValue) {
    let Ok(version) = version.to_str() else {
        return;
    };
    let body = error.body.to_ascii_lowercase();
    if error.status == 400 && (body.contains("version") || body.contains(version)) {
        error.message = format!(
            "the API version {version} (Api-Version-Date) is not supported: {}",
            error.message
        );
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
    source: ureq::Error,
}

impl Failure {
    fn from_ureq(source: ureq::Error, activity: Activity) -> Failure {
        let kind = match &source {
            err if crate::tls::is_certificate_error(err) => FailureKind::Certificate,
            ureq::Error::Timeout(_) => FailureKind::Timeout,
            ureq::Error::Io(io)
                if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) =>
            {
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

    /// The attempt failed on a pooled connection before any answer: the server most likely
    /// closed it while it was idle, and a new connection will do.
    pub(crate) fn stale_connection(&self) -> bool {
        self.kind == FailureKind::Connection && self.activity.reused_without_answer()
    }

    /// The error of the call; [`Transport::execute`] names the call. A certificate failure is a
    /// `Transport` error whose message says so (see [`crate::tls::CERTIFICATE_REJECTED`]).
    fn into_error(self, attempts: u32) -> Error {
        match self.kind {
            FailureKind::Timeout => Error::Timeout {
                call: None,
                attempts,
                source: Box::new(self.source),
            },
            FailureKind::TooLarge { limit } => Error::BodyTooLarge { call: None, limit },
            FailureKind::Certificate | FailureKind::Connection | FailureKind::Permanent => {
                Error::Transport {
                    call: None,
                    attempts,
                    source: Box::new(self.source),
                }
            }
        }
    }
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

/// The result of one attempt.
pub(crate) type Outcome = Result<Received, Failure>;

/// An `Api-Version-Date` value: a calendar date, `YYYY-MM-DD`.
fn api_version_header(version: &str) -> Result<HeaderValue, String> {
    let version = version.trim();
    let is_date = version.len() == 10 && version.parse::<jiff::civil::Date>().is_ok();
    if !is_date {
        return Err(format!(
            "the API version {version:?} is not a date like \"{}\"",
            crate::API_VERSION
        ));
    }
    header_value("Api-Version-Date", version)
}

/// Parses a header; the error says what is wrong without quoting the value.
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let name = HeaderName::try_from(name).map_err(|_| format!("invalid header name {name:?}"))?;
    let value = header_value(name.as_str(), value)?;
    Ok((name, value))
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    // The value is not quoted: a user may pass credentials in a custom header.
    HeaderValue::try_from(value).map_err(|_| format!("invalid value for header {name}"))
}

/// The proxy a client's `https` connections go through, from its setting; the environment is read
/// once, when the client is built.
fn https_proxy(setting: &ProxySetting) -> Result<Option<ureq::Proxy>, Error> {
    match setting {
        ProxySetting::FromEnv => Ok(ureq::Proxy::try_from_env()),
        ProxySetting::Direct => Ok(None),
        // The URL is not quoted: it may carry the proxy's password.
        ProxySetting::Url(url) => ureq::Proxy::new(url).map(Some).map_err(|_| {
            Error::config(format!(
                "the proxy URL ({}) is not valid: use http://, https://, socks4:// or socks5:// with a host",
                crate::client::redacted_url(url)
            ))
        }),
    }
}

/// The proxy for a request to `url`. A plain-`http` URL (only allowed to loopback) is never
/// proxied: what it carries would reach the proxy in clear. To an `https` URL the proxy only
/// relays the encrypted connection (`CONNECT`).
pub(crate) fn proxy_for(url: &str, https_proxy: &Option<ureq::Proxy>) -> Option<ureq::Proxy> {
    let is_https = url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    if is_https { https_proxy.clone() } else { None }
}

/// Accepts `https://…`, or `http://…` to a loopback host; returns it without a trailing `/`.
fn check_base_url(url: &str) -> Result<String, Error> {
    let trimmed = url.trim().trim_end_matches('/');
    let uri: http::Uri = trimmed
        .parse()
        .map_err(|_| Error::config(format!("the base URL {url:?} is not a valid URL")))?;
    let host = uri
        .host()
        .ok_or_else(|| Error::config(format!("the base URL {url:?} has no host")))?;
    if uri.query().is_some() {
        return Err(Error::config(format!(
            "the base URL {url:?} must not have a query"
        )));
    }
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if crate::loopback::is_loopback(host) => {}
        Some("http") => {
            return Err(Error::config(format!(
                "the base URL {url:?} uses plain http to a non-loopback host; the API key would travel unencrypted"
            )));
        }
        _ => {
            return Err(Error::config(format!(
                "the base URL {url:?} must start with https://"
            )));
        }
    }
    Ok(trimmed.to_owned())
}
