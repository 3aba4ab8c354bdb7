//! [`Client`] and its [`ClientBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, ProxySetting};
use crate::decode::decode_json;
use crate::transport::Transport;
use crate::{Call, Endpoint, Error, RequestOptions, RequestParts, Response};

/// A blocking client for the Whop API.
///
/// Cheap to clone (an `Arc` inside) and safe to share between threads: clones share one pool of
/// keep-alive connections. Its `Debug` output never shows the API key.
///
/// ```no_run
/// # fn main() -> Result<(), whop_core::Error> {
/// use std::time::Duration;
/// let client = whop_core::Client::builder()
///     .api_key("apik_...")
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Arc<Transport>,
}

impl Client {
    /// A client for the production API with the given key and default settings.
    pub fn new(api_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: `WHOP_API_KEY` (required), and optionally
    /// `WHOP_BASE_URL` (default [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)),
    /// `WHOP_API_VERSION` (default [`API_VERSION`](crate::API_VERSION)) and `WHOP_APP_ID` (sent
    /// as `X-Whop-App-Id`).
    pub fn from_env() -> Result<Client, Error> {
        Client::builder_from_env()?.build()
    }

    /// A builder with defaults: production URL, 60 s timeout per attempt, 2 retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A builder preset from the environment like [`Client::from_env`], to adjust further.
    pub fn builder_from_env() -> Result<ClientBuilder, Error> {
        let key = std::env::var("WHOP_API_KEY")
            .map_err(|_| Error::config("the WHOP_API_KEY environment variable is not set"))?;
        let mut builder = ClientBuilder::default().api_key(key);
        if let Ok(url) = std::env::var("WHOP_BASE_URL")
            && !url.trim().is_empty()
        {
            builder = builder.base_url(url);
        }
        if let Ok(version) = std::env::var("WHOP_API_VERSION")
            && !version.trim().is_empty()
        {
            builder = builder.api_version(version.trim());
        }
        if let Ok(app_id) = std::env::var("WHOP_APP_ID")
            && !app_id.trim().is_empty()
        {
            builder = builder.app_id(app_id.trim());
        }
        Ok(builder)
    }

    /// Sends a request and decodes its response.
    pub fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        self.send_with(request, &RequestOptions::default())
    }

    /// Sends a request with per-call options (timeout, retries, headers, idempotency key, API
    /// version).
    ///
    /// Every error names the call, as [`Call::of::<E>()`](Call::of): the request type, its method
    /// and its path template.
    pub fn send_with<E: Endpoint>(
        &self,
        request: &E,
        options: &RequestOptions,
    ) -> Result<E::Response, Error> {
        let call = Call::of::<E>();
        let mut parts = RequestParts::new();
        let written = request.write_request(&mut parts).map(|()| parts);
        let received = self.transport.execute(call, written, options)?;
        decode_json(&received.body).map_err(|err| err.with_call(call))
    }

    /// Sends a request like [`send_with`](Self::send_with) and returns the decoded value together
    /// with the answer's status and headers (request id, rate-limit headers).
    ///
    /// ```no_run
    /// # use whop_core::{endpoint, Client, RequestOptions};
    /// # #[endpoint(GET "/products/<id>", scopes = [], response = serde_json::Value)]
    /// # struct RetrieveProduct { id: String }
    /// # fn main() -> Result<(), whop_core::Error> {
    /// let client = Client::from_env()?;
    /// let response = client.send_with_response(&RetrieveProduct::new("prod_1"), &RequestOptions::new())?;
    /// println!("{} (request {:?})", response.status, response.request_id);
    /// if let Some(left) = response.headers.get("x-ratelimit-remaining") {
    ///     println!("{left:?} calls left");
    /// }
    /// let product = response.value;
    /// # let _ = product;
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_with_response<E: Endpoint>(
        &self,
        request: &E,
        options: &RequestOptions,
    ) -> Result<Response<E::Response>, Error> {
        let call = Call::of::<E>();
        let mut parts = RequestParts::new();
        let written = request.write_request(&mut parts).map(|()| parts);
        let received = self.transport.execute(call, written, options)?;
        let value = decode_json(&received.body).map_err(|err| err.with_call(call))?;
        Ok(Response::new(value, received.status, received.headers))
    }

    /// How many times this client (with its clones) looked up a host name in DNS.
    ///
    /// Addresses are kept for [`ClientBuilder::dns_cache_ttl`], so calls to one host within that
    /// time cost one look-up in all, and a base URL with an IP address costs none. Useful to check
    /// that a long-running script is not resolving on every call.
    ///
    /// ```
    /// # fn main() -> Result<(), whop_core::Error> {
    /// let client = whop_core::Client::builder()
    ///     .api_key("apik_...")
    ///     .base_url("http://127.0.0.1:12111/api/v1")
    ///     .build()?;
    /// assert_eq!(client.host_lookups(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn host_lookups(&self) -> u64 {
        self.transport.host_lookups()
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.transport.settings.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.transport.settings.fmt(f)
    }
}

/// Builds a [`Client`]; obtained from [`Client::builder`].
///
/// Each method records one setting; [`build`](Self::build) checks them all. Its `Debug` output
/// never shows the API key.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    config: Config,
}

impl ClientBuilder {
    /// The API key (a company or app key from the Whop dashboard). Required.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.config.api_key = Some(key.into());
        self
    }

    /// The base URL, e.g. a mock server's. Must be `https://`, or `http://` to a loopback host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// The timeout of each attempt, from connecting to the last byte of the body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The timeout for opening a connection (default 10 s, and never more than
    /// [`timeout`](Self::timeout)).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `whop-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self
    }

    /// The API version sent as `Api-Version-Date` with every request, a date such as
    /// `"2026-06-09"` (default [`API_VERSION`](crate::API_VERSION), the version the models
    /// describe). A date Whop does not know is answered with a `400` whose [`Error::Api`] says so.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.config.api_version = version.into();
        self
    }

    /// The app id sent as `X-Whop-App-Id` with every request, as Whop's SDKs send `WHOP_APP_ID`.
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.config.app_id = Some(app_id.into());
        self
    }

    /// Sends every request through this proxy, e.g. `http://proxy.internal:3128` or
    /// `socks5://127.0.0.1:1080` (user and password may be given in the URL; they never appear in
    /// `Debug` output or errors).
    ///
    /// By default the client uses the proxy named by `ALL_PROXY`, `HTTPS_PROXY` or `HTTP_PROXY`
    /// (upper or lower case, read when the client is built), except for hosts in `NO_PROXY`.
    /// Through an `https://` base URL a proxy only relays the encrypted connection (`CONNECT`), so
    /// it never sees the API key. A plain-`http` base URL (allowed only to loopback) is never
    /// proxied.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.config.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Connects straight to the API host, whatever the proxy environment variables say.
    pub fn no_proxy(mut self) -> Self {
        self.config.proxy = ProxySetting::Direct;
        self
    }

    /// Trusts the certificate authorities in `pem` (one or more `CERTIFICATE` blocks) besides the
    /// public ones, e.g. a company's own CA when TLS is inspected by a corporate proxy, or a test
    /// server's. May be called more than once. A PEM without a certificate is an
    /// [`Error::Config`] from [`build`](Self::build).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let ca = std::fs::read("corporate-ca.pem")?;
    /// let client = whop_core::Client::builder()
    ///     .api_key("apik_...")
    ///     .add_root_certificate(&ca)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_root_certificate(mut self, pem: &[u8]) -> Self {
        self.config.root_certificates.push(pem.to_vec());
        self
    }

    /// A header sent with every request (after the client's own, so it replaces one of the same
    /// name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.config.headers.push((name.into(), value.into()));
        self
    }

    /// How many times a failed attempt may be retried (default 2). See the crate docs for which
    /// failures are retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.config.max_retries = retries;
        self
    }

    /// The largest response body accepted, in bytes (default 32 MiB); a larger one is
    /// [`Error::BodyTooLarge`].
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// How many idle keep-alive connections the pool keeps (default 16). A call holds one
    /// connection at a time, so up to this many threads can share the client without opening
    /// connections beyond it.
    pub fn max_idle_connections(mut self, connections: usize) -> Self {
        self.config.max_idle_connections = connections;
        self
    }

    /// Whether each `POST` and `PATCH` carries a generated `Idempotency-Key` (default `true`),
    /// the same on every retry of the call. Without one (and without
    /// [`RequestOptions::idempotency_key`]), a `POST` or `PATCH` is retried only when none of its
    /// bytes can have reached the server (connection refused, DNS failure, connect timeout).
    pub fn idempotency_keys(mut self, enabled: bool) -> Self {
        self.config.idempotency_keys = enabled;
        self
    }

    /// How long the addresses of a host name are kept after a DNS look-up (default 60 s). Within
    /// that time calls reuse them, so a call on a kept-alive connection costs no look-up; after
    /// it, the next call looks the name up again and picks up a changed answer. A failed look-up
    /// is not kept. Zero looks the host up for every new call.
    pub fn dns_cache_ttl(mut self, ttl: Duration) -> Self {
        self.config.dns_cache_ttl = ttl;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            transport: Arc::new(Transport::new(self.config.validate()?)),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.config.fmt(f)
    }
}
