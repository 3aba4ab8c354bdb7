//! [`RequestOptions`]: settings of one call that override the client's.

use std::fmt;
use std::time::Duration;

/// Settings for one call that override the client's: timeout, retries, extra headers.
///
/// ```
/// use std::time::Duration;
/// use whop_core::RequestOptions;
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .header("Prefer", "dynamic=true");
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) api_version: Option<String>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> RequestOptions {
        RequestOptions::default()
    }

    /// The timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> RequestOptions {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this call may be retried after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> RequestOptions {
        self.max_retries = Some(retries);
        self
    }

    /// Adds a header to this call (after the client's own, so it wins on a clash).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> RequestOptions {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The API version of this call (`Api-Version-Date`, a date such as `"2026-06-09"`), instead of
    /// the client's ([`API_VERSION`](crate::API_VERSION) by default).
    pub fn api_version(mut self, version: impl Into<String>) -> RequestOptions {
        self.api_version = Some(version.into());
        self
    }

    /// The `Idempotency-Key` of this call, instead of a generated one: every attempt sends it,
    /// whatever the method, and it makes a `POST` or `PATCH` safe to retry even when the client's
    /// generated keys are turned off. Reuse a key only to repeat the very same operation.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> RequestOptions {
        self.idempotency_key = Some(key.into());
        self
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry credentials (a user may add their own Authorization).
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &names)
            .field("idempotency_key", &self.idempotency_key)
            .field("api_version", &self.api_version)
            .finish()
    }
}
