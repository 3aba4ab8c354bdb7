//! A client's configuration: what [`ClientBuilder`](crate::ClientBuilder) collects, as a
//! [`Config`], and all of its validation, which turns it into the [`Settings`] a client runs with.
//!
//! Nothing past this module checks a setting: the transport receives [`Settings`] whose every
//! value is known to be usable (header values that can be sent, a base URL that is `https` or
//! loopback, a proxy URL ureq accepts, root certificates that parse).

use std::fmt;
use std::time::Duration;

use http::{HeaderName, HeaderValue};

use crate::Error;

/// The production base URL of the Whop API.
pub const DEFAULT_BASE_URL: &str = "https://api.whop.com/api/v1";

/// The API version every request asks for in `Api-Version-Date` unless told otherwise: the one the
/// pinned OpenAPI description (and so every model in `whop-endpoints`) describes.
///
/// Whop versions its API by date. A request without the header gets `2025-01-01`, but a key may
/// default to a newer version, whose answers no longer fit the models (from `2026-06-09` plans
/// carry `account` instead of `company`). Pinning keeps the answers in the shape the models
/// expect. Move up with [`ClientBuilder::api_version`](crate::ClientBuilder::api_version) (or
/// `WHOP_API_VERSION`), for one call with
/// [`RequestOptions::api_version`](crate::RequestOptions::api_version), once the models you use
/// read the newer shape.
pub const API_VERSION: &str = "2025-01-01";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 16;
const DEFAULT_DNS_CACHE_TTL: Duration = Duration::from_secs(60);

/// The settings as given to the builder, not yet checked.
#[derive(Clone)]
pub(crate) struct Config {
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
    pub(crate) api_version: String,
    pub(crate) app_id: Option<String>,
    pub(crate) proxy: ProxySetting,
    pub(crate) root_certificates: Vec<Vec<u8>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
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
            api_version: API_VERSION.to_owned(),
            app_id: None,
            proxy: ProxySetting::FromEnv,
            root_certificates: Vec::new(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        // Shown as what users hold: the builder.
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
            .field("api_version", &self.api_version)
            .field("app_id", &self.app_id)
            .field("proxy", &self.proxy)
            .field("root_certificates", &self.root_certificates.len())
            .finish()
    }
}

/// Where a client's connections go.
#[derive(Clone)]
pub(crate) enum ProxySetting {
    /// `ALL_PROXY`, `HTTPS_PROXY` or `HTTP_PROXY` (either case), with `NO_PROXY`, when set.
    FromEnv,
    /// Straight to the host.
    Direct,
    /// Through this proxy.
    Url(String),
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::FromEnv => f.write_str("FromEnv"),
            ProxySetting::Direct => f.write_str("Direct"),
            ProxySetting::Url(url) => write!(f, "Url({})", redacted_url(url)),
        }
    }
}

/// The validated, ready-to-send settings of a client.
pub(crate) struct Settings {
    /// `https://…` or loopback `http://…`, without a trailing `/`.
    pub(crate) base_url: String,
    /// The per-attempt timeout; never zero.
    pub(crate) timeout: Duration,
    /// The connect (and host look-up) timeout; never zero, never above `timeout`.
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_idle_connections: usize,
    pub(crate) idempotency_keys: bool,
    pub(crate) dns_cache_ttl: Duration,
    /// `Bearer <key>`, marked sensitive.
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) api_version: HeaderValue,
    pub(crate) app_id: Option<HeaderValue>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The proxy for `https` destinations (the API's, and presigned upload URLs); plain-`http`
    /// destinations, only ever loopback, are never proxied.
    https_proxy: Option<ureq::Proxy>,
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

impl Config {
    /// Checks every setting; the first that is not usable is an [`Error::Config`] saying which.
    pub(crate) fn validate(self) -> Result<Settings, Error> {
        let key = self.api_key.as_deref().map(str::trim).unwrap_or_default();
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

        let base_url = check_base_url(&self.base_url)?;
        let user_agent = HeaderValue::try_from(self.user_agent.as_str())
            .map_err(|_| Error::config(format!("invalid User-Agent {:?}", self.user_agent)))?;
        let api_version = api_version_header(&self.api_version).map_err(Error::config)?;
        let app_id = self
            .app_id
            .as_deref()
            .map(|app_id| header_value("X-Whop-App-Id", app_id.trim()).map_err(Error::config))
            .transpose()?;
        let headers = self
            .headers
            .iter()
            .map(|(name, value)| header_pair(name, value).map_err(Error::config))
            .collect::<Result<Vec<_>, Error>>()?;
        if self.timeout.is_zero() {
            return Err(Error::config("the timeout must be longer than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::config(
                "the connect timeout must be longer than zero",
            ));
        }
        let https_proxy = https_proxy(&self.proxy)?;
        let tls_config = if self.root_certificates.is_empty() {
            None
        } else {
            let roots = crate::tls::root_certs(&self.root_certificates).map_err(Error::config)?;
            Some(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        };

        Ok(Settings {
            base_url,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout.min(self.timeout),
            max_retries: self.max_retries,
            max_response_bytes: self.max_response_bytes,
            max_idle_connections: self.max_idle_connections,
            idempotency_keys: self.idempotency_keys,
            dns_cache_ttl: self.dns_cache_ttl,
            authorization,
            user_agent,
            api_version,
            app_id,
            headers,
            https_proxy,
            tls_config,
        })
    }
}

impl Settings {
    /// The proxy for a request to `url`. A plain-`http` URL (only allowed to loopback) is never
    /// proxied: what it carries would reach the proxy in clear. To an `https` URL the proxy only
    /// relays the encrypted connection (`CONNECT`).
    pub(crate) fn proxy_for(&self, url: &str) -> Option<ureq::Proxy> {
        let is_https = url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
        if is_https {
            self.https_proxy.clone()
        } else {
            None
        }
    }
}

/// A URL with any user name and password left out, for messages and `Debug`.
pub(crate) fn redacted_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let authority = &rest[..authority_end];
            let host = authority
                .rsplit_once('@')
                .map_or(authority, |(_, host)| host);
            format!("{scheme}://{host}")
        }
        None => "<not a URL>".to_owned(),
    }
}

/// An `Api-Version-Date` value: a calendar date, `YYYY-MM-DD`.
pub(crate) fn api_version_header(version: &str) -> Result<HeaderValue, String> {
    let version = version.trim();
    let is_date = version.len() == 10 && version.parse::<jiff::civil::Date>().is_ok();
    if !is_date {
        return Err(format!(
            "the API version {version:?} is not a date like \"{API_VERSION}\""
        ));
    }
    header_value("Api-Version-Date", version)
}

/// Parses a header; the error says what is wrong without quoting the value.
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let name = HeaderName::try_from(name).map_err(|_| format!("invalid header name {name:?}"))?;
    let value = header_value(name.as_str(), value)?;
    Ok((name, value))
}

/// Parses a header value; the error names the header, not the value.
pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
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
                redacted_url(url)
            ))
        }),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            api_key: Some("apik_test".to_owned()),
            proxy: ProxySetting::Direct,
            ..Config::default()
        }
    }

    fn refused(config: Config) -> String {
        match config.validate() {
            Err(Error::Config { message }) => message,
            Err(other) => panic!("expected a configuration error, got {other:?}"),
            Ok(settings) => panic!("expected a configuration error, got {settings:?}"),
        }
    }

    #[test]
    fn the_defaults_with_a_key_are_valid() {
        let settings = config().validate().unwrap();
        assert_eq!(settings.base_url, DEFAULT_BASE_URL);
        assert_eq!(settings.timeout, DEFAULT_TIMEOUT);
        assert_eq!(settings.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(settings.api_version, API_VERSION);
        assert_eq!(settings.authorization, "Bearer apik_test");
        assert!(settings.authorization.is_sensitive());
        assert!(settings.tls_config.is_none());
        assert!(settings.proxy_for(DEFAULT_BASE_URL).is_none());
    }

    #[test]
    fn the_connect_timeout_never_exceeds_the_timeout() {
        let settings = Config {
            timeout: Duration::from_secs(3),
            ..config()
        }
        .validate()
        .unwrap();
        assert_eq!(settings.connect_timeout, Duration::from_secs(3));
    }

    #[test]
    fn each_unusable_setting_is_named_and_no_secret_is_quoted() {
        let no_key = refused(Config {
            api_key: Some("  ".to_owned()),
            ..config()
        });
        assert!(no_key.starts_with("no API key"), "{no_key}");
        let bad_key = refused(Config {
            api_key: Some("apik_\nsecret".to_owned()),
            ..config()
        });
        assert!(!bad_key.contains("secret"), "{bad_key}");
        let bad_header = refused(Config {
            headers: vec![("X-Token".to_owned(), "hidden\r\nvalue".to_owned())],
            ..config()
        });
        assert_eq!(bad_header, "invalid value for header x-token");
        let bad_version = refused(Config {
            api_version: "2025-13-01".to_owned(),
            ..config()
        });
        assert!(bad_version.contains("is not a date"), "{bad_version}");
        let zero = refused(Config {
            timeout: Duration::ZERO,
            ..config()
        });
        assert_eq!(zero, "the timeout must be longer than zero");
        let zero = refused(Config {
            connect_timeout: Duration::ZERO,
            ..config()
        });
        assert_eq!(zero, "the connect timeout must be longer than zero");
        let proxy = refused(Config {
            proxy: ProxySetting::Url("ftp://user:hunter2@proxy.test".to_owned()),
            ..config()
        });
        assert!(!proxy.contains("hunter2"), "{proxy}");
        let pem = refused(Config {
            root_certificates: vec![b"no certificate here".to_vec()],
            ..config()
        });
        assert!(pem.contains("holds no PEM CERTIFICATE block"), "{pem}");
    }

    #[test]
    fn the_base_url_must_be_https_or_loopback_http() {
        for ok in [
            "https://api.whop.com/api/v1/",
            " https://api.whop.com/api/v1 ",
            "http://127.0.0.1:8080/api/v1",
            "http://localhost/api",
            "http://[::1]:9/",
        ] {
            let base = check_base_url(ok).unwrap();
            assert!(!base.ends_with('/') && base == base.trim(), "{ok}: {base}");
        }
        for (bad, reason) in [
            (
                "http://api.whop.com/api/v1",
                "plain http to a non-loopback host",
            ),
            ("ftp://api.whop.com", "must start with https://"),
            ("https://api.whop.com/v1?x=1", "must not have a query"),
            ("/api/v1", "has no host"),
            ("https://exa mple.com", "is not a valid URL"),
        ] {
            let Err(Error::Config { message }) = check_base_url(bad) else {
                panic!("{bad} was accepted");
            };
            assert!(message.contains(reason), "{bad}: {message}");
        }
    }

    #[test]
    fn only_https_destinations_go_through_the_proxy() {
        let settings = Config {
            proxy: ProxySetting::Url("http://proxy.test:3128".to_owned()),
            ..config()
        }
        .validate()
        .unwrap();
        assert!(settings.proxy_for("https://api.whop.com/x").is_some());
        assert!(settings.proxy_for("HTTPS://api.whop.com/x").is_some());
        assert!(settings.proxy_for("http://127.0.0.1:9/x").is_none());
    }

    #[test]
    fn redacted_urls_keep_only_scheme_and_host() {
        assert_eq!(
            redacted_url("http://user:pw@proxy.test:3128/path"),
            "http://proxy.test:3128"
        );
        assert_eq!(redacted_url("socks5://proxy.test"), "socks5://proxy.test");
        assert_eq!(redacted_url("user:pw@proxy"), "<not a URL>");
    }
}
