//! [`RequestParts`], what an [`Endpoint`](crate::Endpoint) writes, and per-call [`RequestOptions`].

use std::fmt::{self, Display, Write as _};
use std::time::Duration;

use serde::Serialize;

use crate::{Error, path};

/// The variable parts of one request: path values, query string and JSON body.
///
/// [`Endpoint::write_request`](crate::Endpoint::write_request) fills it; the client then adds the
/// base URL, headers and method. Generated code calls one method per field.
#[derive(Debug, Default)]
pub struct RequestParts {
    path_values: Vec<String>,
    query: String,
    body: Option<Vec<u8>>,
}

impl RequestParts {
    /// Empty parts: no path values, no query, no body.
    pub fn new() -> RequestParts {
        RequestParts::default()
    }

    /// Adds the value of the next path placeholder (in template order), percent-encoded.
    ///
    /// An empty value is an [`Error::InvalidRequest`].
    pub fn path(&mut self, name: &str, value: &(impl Display + ?Sized)) -> Result<(), Error> {
        let mut text = String::new();
        let _ = write!(text, "{value}");
        let mut encoded = String::with_capacity(text.len());
        path::push_segment(&mut encoded, name, &text)?;
        self.path_values.push(encoded);
        Ok(())
    }

    /// Adds a query parameter. Arrays add `[]` to the key for each item (`a[]=1&a[]=2`, as Whop's
    /// SDKs send them), objects use bracketed keys (`filters[kind]=x`); `null`, an empty string and
    /// an empty array add nothing.
    pub fn query(&mut self, name: &str, value: &(impl Serialize + ?Sized)) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|err| {
            Error::invalid_request(format!(
                "query parameter `{name}` cannot be serialized: {err}"
            ))
        })?;
        crate::query::append(&mut self.query, name, &value);
        Ok(())
    }

    /// Adds a query parameter when it is present (`Some`, or a `Nullable` that is not `Unset`).
    pub fn query_if_present<T: Presence + Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        if value.is_present() {
            self.query(name, value)
        } else {
            Ok(())
        }
    }

    /// Adds a member to the JSON body object (creating the body on first use).
    pub fn body(&mut self, name: &str, value: &(impl Serialize + ?Sized)) -> Result<(), Error> {
        let body = self.body.get_or_insert_with(new_body);
        body.push(if body.is_empty() { b'{' } else { b',' });
        let written = serde_json::to_writer(&mut *body, name).and_then(|()| {
            body.push(b':');
            serde_json::to_writer(&mut *body, value)
        });
        written.map_err(|err| {
            Error::invalid_request(format!("body field `{name}` cannot be serialized: {err}"))
        })
    }

    /// Adds a member to the JSON body when it is present (`Some`, or a `Nullable` that is not
    /// `Unset`: `Null` is sent as `null`).
    pub fn body_if_present<T: Presence + Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        if value.is_present() {
            self.body(name, value)
        } else {
            Ok(())
        }
    }

    /// Adds every member of `value`, which must serialize as a JSON object, to the body: what a
    /// `#[serde(flatten)]` field sends, e.g. a body that is one of several shapes.
    pub fn body_flatten(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|err| {
            Error::invalid_request(format!("body field `{name}` cannot be serialized: {err}"))
        })?;
        let serde_json::Value::Object(members) = value else {
            return Err(Error::invalid_request(format!(
                "the flattened body field `{name}` is not a JSON object"
            )));
        };
        self.ensure_body();
        for (member, value) in &members {
            self.body(member, value)?;
        }
        Ok(())
    }

    /// Declares that the request has a JSON body even if no member is present, so an update
    /// with nothing set sends `{}` rather than no body at all.
    pub fn ensure_body(&mut self) {
        self.body.get_or_insert_with(new_body);
    }

    /// The encoded path values, in the order they were added.
    pub fn path_values(&self) -> &[String] {
        &self.path_values
    }

    /// The encoded query string without the leading `?` (empty when there is none).
    pub fn query_string(&self) -> &str {
        &self.query
    }

    /// Finishes the body: the JSON text, or `None` when the request has no body.
    pub(crate) fn take_body(&mut self) -> Option<Vec<u8>> {
        self.body.take().map(|mut body| {
            if body.is_empty() {
                body.push(b'{');
            }
            body.push(b'}');
            body
        })
    }
}

/// An empty body buffer, sized so that a typical body is written without growing it. Generated
/// code calls `ensure_body` before the first member, so both must start from this.
fn new_body() -> Vec<u8> {
    Vec::with_capacity(256)
}

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

/// Whether an optional field is to be sent: `Some` and a [`Nullable`](crate::Nullable) that is
/// not `Unset` are present; `None` and `Unset` are left out of the request.
///
/// [`RequestParts::query_if_present`] and [`RequestParts::body_if_present`] take any `Presence`.
pub trait Presence {
    /// `false` for `None` and `Nullable::Unset`.
    fn is_present(&self) -> bool;
}

impl<T> Presence for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

impl<T> Presence for crate::Nullable<T> {
    fn is_present(&self) -> bool {
        !self.is_unset()
    }
}
