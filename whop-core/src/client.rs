//! [`Client`] and its [`ClientBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::decode::decode_json;
use crate::transport::Transport;
use crate::{Endpoint, Error, RequestOptions, RequestParts};

/// The production base URL of the Whop API.
pub const DEFAULT_BASE_URL: &str = "https://api.whop.com/api/v1";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 16;
const DEFAULT_DNS_CACHE_TTL: Duration = Duration::from_secs(60);

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

    /// A client configured from the environment: `WHOP_API_KEY` (required) and `WHOP_BASE_URL`
    /// (optional, default [`DEFAULT_BASE_URL`]).
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
        Ok(builder)
    }

    /// Sends a request and decodes its response.
    pub fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        self.send_with(request, &RequestOptions::default())
    }

    /// Sends a request with per-call options (timeout, retries, headers, idempotency key).
    pub fn send_with<E: Endpoint>(
        &self,
        request: &E,
        options: &RequestOptions,
    ) -> Result<E::Response, Error> {
        let mut parts = RequestParts::new();
        request.write_request(&mut parts)?;
        let body = self.transport.execute(E::METHOD, E::PATH, parts, options)?;
        decode_json(&body)
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
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) api_key: Option<String>,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) max_retries: u32,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_idle_connections: usize,
    pub(crate) idempotency_keys: bool,
    pub(crate) dns_cache_ttl: Duration,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!("whop-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            headers: Vec::new(),
            max_retries: DEFAULT_MAX_RETRIES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_idle_connections: DEFAULT_MAX_IDLE_CONNECTIONS,
            idempotency_keys: true,
            dns_cache_ttl: DEFAULT_DNS_CACHE_TTL,
        }
    }
}

impl ClientBuilder {
    /// The API key (a company or app key from the Whop dashboard). Required.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL, e.g. a mock server's. Must be `https://`, or `http://` to a loopback host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The timeout of each attempt, from connecting to the last byte of the body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The timeout for opening a connection (default 10 s, and never more than
    /// [`timeout`](Self::timeout)).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `whop-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request, e.g. `Api-Version-Date`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How many times a failed attempt may be retried (default 2). See the crate docs for which
    /// failures are retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The largest response body accepted, in bytes (default 32 MiB); a larger one is
    /// [`Error::BodyTooLarge`].
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How many idle keep-alive connections the pool keeps (default 16). A call holds one
    /// connection at a time, so up to this many threads can share the client without opening
    /// connections beyond it.
    pub fn max_idle_connections(mut self, connections: usize) -> Self {
        self.max_idle_connections = connections;
        self
    }

    /// Whether each `POST` carries a generated `Idempotency-Key` (default `true`). Without one, a
    /// `POST` is never retried once its bytes may have reached the server.
    pub fn idempotency_keys(mut self, enabled: bool) -> Self {
        self.idempotency_keys = enabled;
        self
    }

    /// How long the addresses of a host name are kept after a DNS look-up (default 60 s). Within
    /// that time calls reuse them, so a call on a kept-alive connection costs no look-up; after
    /// it, the next call looks the name up again and picks up a changed answer. A failed look-up
    /// is not kept. Zero looks the host up for every new call.
    pub fn dns_cache_ttl(mut self, ttl: Duration) -> Self {
        self.dns_cache_ttl = ttl;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            transport: Arc::new(Transport::new(self)?),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("headers", &header_names)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_idle_connections", &self.max_idle_connections)
            .field("idempotency_keys", &self.idempotency_keys)
            .field("dns_cache_ttl", &self.dns_cache_ttl)
            .finish()
    }
}
