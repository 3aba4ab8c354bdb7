//! [`RequestParts`]: what an [`Endpoint`](crate::Endpoint) writes, encoded for the wire (path
//! segments, query string, JSON body).

use std::fmt::{Display, Write as _};

use serde::Serialize;

use super::Presence;
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
